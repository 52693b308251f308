### English descriptions of cart, order and cartstore errors.
### Cart codes 0, 10000-10012 and 10015: verbatim from seed 003_9cc7a1f3dc18e680.txt (CartErrorCode table).
### Order codes: verbatim from the English OrderErrorCode table of seed 001_aba867c240138d59.txt.
### Order code 800042: seed 001 translated that row (サポートされません。), so the English is the project's own
### translation (marked "# own translation"), matching the fr and zh-TW seeds.
### Cart codes the seeds lack (10013, 10014, 10016-10019, 500600): the .NET SDK's summaries, verbatim.
### The error-* messages are the project's own wording.

## CartErrorCode

cart-0 = Default value
cart-10000 = Currency isn't supported for given market
cart-10001 = Catalog item ID isn't valid
cart-10002 = Not enough quota available
cart-10003 = Inventory isn't available for selected offer
cart-10004 = Setting participants isn't supported for Partner
cart-10006 = Unable to process cart line item.
cart-10007 = Subscription isn't valid.
cart-10008 = Subscription isn't enabled for reservation purchases.
cart-10009 = The sandbox limit has been exceeded.
cart-10010 = Generic input isn't valid.
cart-10011 = Subscription isn't valid.
cart-10012 = Attestation hasn't been accepted.
# .NET SDK summary (absent from the seeds)
cart-10013 = Billing plan is not supported.
# .NET SDK summary (absent from the seeds)
cart-10014 = The caller passed an invalid promotionId.
cart-10015 = Requested number of seats exceeds the limit.
# .NET SDK summary (absent from the seeds)
cart-10016 = Custom term end date can only be set for non-trial modern office products with a term duration.
# .NET SDK summary (absent from the seeds)
cart-10017 = The custom term end date is invalid.
# .NET SDK summary (absent from the seeds)
cart-10018 = The base offer seat quantity has not been met to purchase the addon.
# .NET SDK summary (absent from the seeds)
cart-10019 = The minimum seats have not been met to purchase the addon.
# .NET SDK summary (absent from the seeds)
cart-500600 = The legacy offer is no longer eligible for purchase.

## OrderErrorCode

order-800001 = Partner Token missing in request context.
order-800002 = Invalid request input.
order-800003 = Unexpected service error.
order-800004 = Invalid offer ID.
order-800005 = Create order is not successful.
order-800007 = Unable to retrieve provisioning information.
order-800008 = Unable to retrieve cart ID.
order-800009 = Error in Cart item(s).
order-800010 = Inventory is not available for this catalog item.
order-800011 = This subscription is not a valid Azure subscription.
order-800012 = This subscription is not an active subscription.
order-800013 = This subscription is not enabled for RI purchase.
order-800014 = There is a pending adjustment requested for this order.
order-800015 = MPN Id is not found.
order-800016 = MPN Id is not a valid Indirect Reseller.
order-800017 = The quantity is not available for this catalog item.
order-800018 = The sandbox limit has been met.
order-800019 = This operation is only enabled for sandbox tenants.
order-800020 = The catalog item is not eligible for purchase.
order-800021 = This subscription is not a valid subscription.
order-800022 = You may be eligible for this transaction. Please contact Support for help.
order-800023 = You are not eligible for this transaction because your Credit Line is not reaching minimum threshold for this purchase.Please update your order(or) contact Support for help.
order-800024 = You are not eligible for this transaction.
order-800025 = You are not eligible for this transaction because your Credit Line is not reaching minimum threshold for this purchase. Please update your order (or) contact Support for help.
order-800026 = You are not eligible for this transaction.
order-800030 = This subscription is not registered.
order-800031 = Purchase system not supported.
order-800036 = Pre-condition failed.
order-800037 = Asset ID not found.
order-800038 = Asset FutureBillingInfo not found.
order-800039 = Reseller program status is not active.
order-800040 = Asset status cannot be changed to { $to } from { $from }.
order-800041 = This item has already been activated.
# own translation
order-800042 = Not supported.
order-800043 = Access to pricing information is not granted.
order-800060 = Your order is in progress. Please check your order history for recent orders in few minutes.
order-800061 = Order cannot be cancelled.
order-800062 = You are not eligible for this transaction.
order-800063 = This order { $orderId } cannot be cancelled. Use PATCH /customers/{ $customerId }/subscriptions/<subscriptionId> to suspend subscriptions.
order-800064 = Cart { $cartId } is being processed by another request.
order-800065 = Cannot checkout an already submitted cart { $cartId }.

## The library's own errors (the project's own wording)

error-order-not-found = Order { $orderId } was not found.
error-quote-not-found = Quote { $quoteNumber } was not found.
error-cart-expired = Cart { $cartId } has expired and can no longer be changed or checked out.
error-cart-ordered =
    { $operation ->
        [update] Cannot update the cart { $cartId }: it has already been submitted as an order.
        [delete] Cannot delete the cart { $cartId }: it has already been submitted as an order.
       *[other] Cannot change the cart { $cartId }: it has already been submitted as an order.
    }
error-conflict = Cart { $cartId } has been changed since it was read. Read it again and retry.
error-schema-too-new = The database was written by a newer version of cartstore (schema version { $found }; this version supports up to { $supported }) and was not opened.
error-not-a-database = The file { $path } is not a cartstore database (it is not SQLite, or it is damaged).
error-storage =
    { $kind ->
        [full] The disk or database is full; nothing was saved.
        [read-only] The database cannot be written to.
        [busy] The database is locked by another process; try again.
        [io] A read or write to the database file failed.
        [corrupt] The database file is damaged.
        [unavailable] The database server { $server } cannot be reached; nothing was saved.
       *[other] A storage error occurred; nothing was saved.
    }
error-file =
    { $operation ->
        [read] Cannot read the file { $path }: { $reason }
       *[write] Cannot write the file { $path }: { $reason }
    }
error-invalid-input =
    { $problem ->
        [missing] Invalid request input: the field { $field } is required.
        [too-long] Invalid request input: the field { $field } is longer than { $limit } bytes.
        [too-many] Invalid request input: the field { $field } has more than { $limit } entries.
        [too-deep] Invalid request input: the field { $field } is nested more than { $limit } levels deep.
        [duplicate] Invalid request input: the value of the field { $field } appears more than once.
        [not-whole-number] Invalid request input: the field { $field } must be a whole number.
        [out-of-range] Invalid request input: the value of the field { $field } is out of range.
        [wrong-type] Invalid request input: the value of the field { $field } has the wrong type.
        [syntax] Invalid request input: the request body is not valid JSON: { $detail }.
        [not-allowed] Invalid request input: the field { $field } cannot be changed or is not allowed here.
       *[invalid] Invalid request input: the value of the field { $field } is not valid.
    }
error-invalid-messages =
    { $problem ->
        [syntax] The messages file { $resource } was not loaded: line { $line } is not valid Fluent ({ $detail }).
        [syntax-in] The messages file { $resource } was not loaded: line { $line }, in the message { $id }, is not valid Fluent ({ $detail }).
        [unknown-id] The messages file { $resource } was not loaded: line { $line } defines { $id }, which is not a cartstore message.
        [unknown-variable] The messages file { $resource } was not loaded: on line { $line }, the message { $id } uses the variable { $variable }, which cartstore does not give it.
        [reference] The messages file { $resource } was not loaded: on line { $line }, the message { $id } refers to the message { $name }; supplied messages cannot refer to other messages (write the text out).
        [unknown-reference] The messages file { $resource } was not loaded: on line { $line }, the message { $id } refers to { $name }, which is not a cartstore message.
        [duplicate] The messages file { $resource } was not loaded: line { $line } defines { $id } a second time.
        [no-value] The messages file { $resource } was not loaded: on line { $line }, the message { $id } has no text.
        [bad-locale] The messages file { $resource } was not loaded: { $tag } is not a language tag (the folder of a messages file is named after its locale, such as de or pt-BR).
        [unknown-file] The messages file { $resource } was not loaded: a messages file must be named { $names }.
        [unreadable] The messages file { $resource } could not be read: { $detail }.
       *[other] The messages file { $resource } was not loaded.
    }
# A quote template (Quote::to_html_with) that does not parse or render; $line is "none"
# when the error has no line; $detail is the template engine's own message (English).
error-invalid-template =
    { $line ->
        [none] The quote template was refused: { $detail }.
       *[other] The quote template was refused: line { $line }: { $detail }.
    }

## Labels used by the demo and the command-line tool

label-locale-name = English
# The command-line tool's description of a storage error: the error's description, then the
# database file.
error-with-database-file = { $description } Database file: { $path }
error-with-database-server = { $description } Database: { $path }
error-cart-submitting = Cart { $cartId } is being submitted to Partner Center; it cannot be changed or checked out until the submission ends.
error-submission-not-found = Submission { $submissionId } was not found.
error-partner-center = Partner Center refused the request (HTTP { $status }, code { $code }): { $description }
error-partner-center-unavailable = Partner Center ({ $endpoint }) cannot be reached; the submission is kept and resumes where it stopped.
error-authentication-required = Partner Center needs a new sign-in; the submission is paused until the application supplies a valid access token.
error-availability =
    { $found ->
        [none] Line { $lineId } ({ $catalogItemId }) cannot be bought by this customer: no Partner Center availability matches its product, segment, country, term and billing cycle.
       *[several] Line { $lineId } ({ $catalogItemId }) matches { $count } Partner Center availabilities; cartstore does not choose one. Name the availability in the line.
    }
