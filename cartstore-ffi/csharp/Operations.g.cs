// Generated from the C ABI's table (cartstore_operations) by cartstore-ffi/tests/drift.rs: do not edit.
// Regenerate with CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test drift
using System;
using System.Runtime.InteropServices;

namespace Cartstore
{
    internal static partial class Native
    {
        [DllImport(Lib)] internal static extern int cartstore_import_catalog(StoreHandle store, byte[] catalog, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_catalog_item(StoreHandle store, byte[] catalogItemId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_list_catalog(StoreHandle store, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_create_cart(StoreHandle store, byte[] customer, byte[] newCart, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_get_cart(StoreHandle store, byte[] customer, byte[] cartId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_update_cart(StoreHandle store, byte[] customer, byte[] edited, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_list_carts(StoreHandle store, byte[] customer, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_delete_cart(StoreHandle store, byte[] customer, byte[] cartId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_checkout(StoreHandle store, byte[] customer, byte[] cartId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_checkout_with_request_id(StoreHandle store, byte[] customer, byte[] cartId, byte[] requestId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_checkout_json(StoreHandle store, byte[] customer, byte[] cartId, byte[] requestId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_preview_checkout(StoreHandle store, byte[] customer, byte[] cartId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_get_order(StoreHandle store, byte[] customer, byte[] orderId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_list_orders(StoreHandle store, byte[] customer, byte[] query, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_cancel_order(StoreHandle store, byte[] customer, byte[] orderId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_provisioning_status(StoreHandle store, byte[] customer, byte[] orderId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_record_provisioning(StoreHandle store, byte[] customer, byte[] orderId, long lineItemNumber, byte[] status, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_import_price_list(StoreHandle store, byte[] path, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_import_price_list_with(StoreHandle store, byte[] path, long partial, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_set_customer(StoreHandle store, byte[] customer, byte[] profile, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_get_customer(StoreHandle store, byte[] customer, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_search_catalog(StoreHandle store, byte[] query, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_issue_quote(StoreHandle store, byte[] customer, byte[] cartId, byte[] options, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_get_quote(StoreHandle store, byte[] customer, byte[] quoteNumber, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_list_quotes(StoreHandle store, byte[] customer, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_set_partner_profile(StoreHandle store, byte[] profile, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_get_partner_profile(StoreHandle store, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_copy_into(StoreHandle store, byte[] destination, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_submit(StoreHandle store, byte[] customer, byte[] cartId, byte[] endpoint, TokenCallback token, IntPtr userData, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_resume_submissions(StoreHandle store, byte[] endpoint, TokenCallback token, IntPtr userData, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_get_submission(StoreHandle store, byte[] customer, byte[] submissionId, out IntPtr json, out IntPtr error);
        [DllImport(Lib)] internal static extern int cartstore_list_submissions(StoreHandle store, byte[] customer, byte[] cartId, out IntPtr json, out IntPtr error);
    }

    public sealed partial class Store
    {
        /// <summary>Imports catalog items (`catalog`: a `Catalog`, `{"items": [CatalogItem, ...]}`), adding
        /// new items and replacing those of the same id. Returns `null`.</summary>
        /// <param name="catalog">JSON text of a Catalog.</param>
        /// <returns>The JSON text <c>null</c>.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for an item without id or currency, a negative price or
        /// quantity bound, or an id given twice (nothing is written then).</exception>
        /// <remarks>Calls <c>cartstore_import_catalog</c>.</remarks>
        public string ImportCatalog(string catalog) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_import_catalog(s, Utf8(catalog), out j, out e)); }

        /// <summary>One catalog item by its id (`PRODUCT:SKU` or `PRODUCT:SKU:AVAILABILITY`). Returns the
        /// `CatalogItem`.</summary>
        /// <param name="catalogItemId">a string.</param>
        /// <returns>The JSON text of the CatalogItem.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput (`catalogItemId`) when the catalog has no such item.</exception>
        /// <remarks>Calls <c>cartstore_catalog_item</c>.</remarks>
        public string CatalogItem(string catalogItemId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_catalog_item(s, Utf8(catalogItemId), out j, out e)); }

        /// <summary>The whole catalog. Returns a `Catalog`.</summary>
        /// <returns>The JSON text of the Catalog.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900005 Storage when the database cannot be read.</exception>
        /// <remarks>Calls <c>cartstore_list_catalog</c>.</remarks>
        public string ListCatalog() { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_list_catalog(s, out j, out e)); }

        /// <summary>Creates a cart for `customer` (`new_cart`: a `Cart` holding its `lineItems`). Returns
        /// the `Cart` created, priced, with its `id` and `lastModifiedTimestamp`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="newCart">JSON text of a Cart.</param>
        /// <returns>The JSON text of the Cart.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for a malformed request (no lines, more than 500, a
        /// quantity that is not a whole number, a bad customer id); nothing is written then.</exception>
        /// <remarks>Calls <c>cartstore_create_cart</c>.</remarks>
        public string CreateCart(string customer, string newCart) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_create_cart(s, Utf8(customer), Utf8(newCart), out j, out e)); }

        /// <summary>Reads one cart of `customer`. Returns the `Cart`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <returns>The JSON text of the Cart.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800008 when the customer has no such cart.</exception>
        /// <remarks>Calls <c>cartstore_get_cart</c>.</remarks>
        public string GetCart(string customer, string cartId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_get_cart(s, Utf8(customer), Utf8(cartId), out j, out e)); }

        /// <summary>Replaces a cart's lines (`edited`: a `Cart` with its `id` and the
        /// `lastModifiedTimestamp` it was read with). Returns the `Cart` as stored.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="edited">JSON text of a Cart.</param>
        /// <returns>The JSON text of the Cart.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900002 Conflict when the cart changed since it was read (a stale timestamp);
        /// 800008 for a missing cart or past its expiration; 800065 for an ordered cart.</exception>
        /// <remarks>Calls <c>cartstore_update_cart</c>.</remarks>
        public string UpdateCart(string customer, string edited) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_update_cart(s, Utf8(customer), Utf8(edited), out j, out e)); }

        /// <summary>Every cart of `customer`. Returns an array of `Cart`.</summary>
        /// <param name="customer">a string.</param>
        /// <returns>The JSON text of the Cart[].</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for a bad customer id.</exception>
        /// <remarks>Calls <c>cartstore_list_carts</c>.</remarks>
        public string ListCarts(string customer) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_list_carts(s, Utf8(customer), out j, out e)); }

        /// <summary>Deletes an active cart. Returns `null`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <returns>The JSON text <c>null</c>.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800008 for a missing cart; 800065 for an ordered cart (its orders keep it).</exception>
        /// <remarks>Calls <c>cartstore_delete_cart</c>.</remarks>
        public string DeleteCart(string customer, string cartId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_delete_cart(s, Utf8(customer), Utf8(cartId), out j, out e)); }

        /// <summary>Checks a cart out: its lines become orders, one per billing cycle, in one transaction.
        /// Returns the `CartCheckoutResult` (`orders`, and `orderErrors` for lines refused).</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <returns>The JSON text of the CartCheckoutResult.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800008 for a missing or expired cart; 800065 for a cart already ordered;
        /// 800064 when another writer holds the database past the busy timeout. On any error
        /// nothing is written.</exception>
        /// <remarks>Calls <c>cartstore_checkout</c>.</remarks>
        public string Checkout(string customer, string cartId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_checkout(s, Utf8(customer), Utf8(cartId), out j, out e)); }

        /// <summary>Checks a cart out with an idempotency key: a retry with the same `request_id` returns
        /// the same orders instead of ordering again. Returns the `CartCheckoutResult`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <param name="requestId">a string.</param>
        /// <returns>The JSON text of the CartCheckoutResult.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// as `checkout`.</exception>
        /// <remarks>Calls <c>cartstore_checkout_with_request_id</c>.</remarks>
        public string CheckoutWithRequestId(string customer, string cartId, string requestId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_checkout_with_request_id(s, Utf8(customer), Utf8(cartId), Utf8(requestId), out j, out e)); }

        /// <summary>As `checkout_with_request_id`. Returns the `CartCheckoutResult` as the JSON text
        /// stored, byte for byte the same on every retry.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <param name="requestId">a string.</param>
        /// <returns>The JSON text of the CartCheckoutResult, as stored.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// as `checkout`.</exception>
        /// <remarks>Calls <c>cartstore_checkout_json</c>.</remarks>
        public string CheckoutJson(string customer, string cartId, string requestId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_checkout_json(s, Utf8(customer), Utf8(cartId), Utf8(requestId), out j, out e)); }

        /// <summary>What a checkout would do now, without doing it. Returns a `CartCheckoutResult`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <returns>The JSON text of the CartCheckoutResult.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// as `checkout`.</exception>
        /// <remarks>Calls <c>cartstore_preview_checkout</c>.</remarks>
        public string PreviewCheckout(string customer, string cartId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_preview_checkout(s, Utf8(customer), Utf8(cartId), out j, out e)); }

        /// <summary>One order of `customer`. Returns the `Order`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="orderId">a string.</param>
        /// <returns>The JSON text of the Order.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900001 OrderNotFound when the customer has no such order.</exception>
        /// <remarks>Calls <c>cartstore_get_order</c>.</remarks>
        public string GetOrder(string customer, string orderId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_get_order(s, Utf8(customer), Utf8(orderId), out j, out e)); }

        /// <summary>A page of the orders of `customer`, newest first (`query`: `{"billingCycle",
        /// "pageSize", "continuation"}`, each optional, `{}` for the first page). Returns a
        /// collection of `Order` (`totalCount`, `items`, `continuationToken` for the next page).</summary>
        /// <param name="customer">a string.</param>
        /// <param name="query">JSON text of a OrderQuery.</param>
        /// <returns>The JSON text of the Collection&lt;Order&gt;.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for a page size of 0 or a token this store did not issue.</exception>
        /// <remarks>Calls <c>cartstore_list_orders</c>.</remarks>
        public string ListOrders(string customer, string query) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_list_orders(s, Utf8(customer), Utf8(query), out j, out e)); }

        /// <summary>Cancels a pending order. Returns the `Order`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="orderId">a string.</param>
        /// <returns>The JSON text of the Order.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900001 OrderNotFound; 800061 when the order is not pending.</exception>
        /// <remarks>Calls <c>cartstore_cancel_order</c>.</remarks>
        public string CancelOrder(string customer, string orderId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_cancel_order(s, Utf8(customer), Utf8(orderId), out j, out e)); }

        /// <summary>The provisioning status of every line of an order. Returns a collection of
        /// `OrderLineItemProvisioningStatus`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="orderId">a string.</param>
        /// <returns>The JSON text of the Collection&lt;OrderLineItemProvisioningStatus&gt;.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900001 OrderNotFound.</exception>
        /// <remarks>Calls <c>cartstore_provisioning_status</c>.</remarks>
        public string ProvisioningStatus(string customer, string orderId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_provisioning_status(s, Utf8(customer), Utf8(orderId), out j, out e)); }

        /// <summary>Records the provisioning result of one line of a pending order (`line_item_number`: a
        /// 64-bit integer; `status`: `"fulfilled"`, `"unfulfilled"` or `"prefulfillment_pending"`);
        /// the order becomes completed once every line is fulfilled. Returns the `Order`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="orderId">a string.</param>
        /// <param name="lineItemNumber">a 64-bit integer.</param>
        /// <param name="status">a ProvisioningStatus as its wire string.</param>
        /// <returns>The JSON text of the Order.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900001 OrderNotFound; 800002 InvalidInput for a line the order lacks or an
        /// order that is not pending.</exception>
        /// <remarks>Calls <c>cartstore_record_provisioning</c>.</remarks>
        public string RecordProvisioning(string customer, string orderId, long lineItemNumber, string status) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_record_provisioning(s, Utf8(customer), Utf8(orderId), lineItemNumber, Utf8(status), out j, out e)); }

        /// <summary>Imports a Partner Center price list (`path`: a CSV file, or a ZIP holding one CSV,
        /// read as a stream), closing the prices a full list no longer has. Returns the
        /// `ImportReport` (rows, items, prices added, changed, unchanged, closed).</summary>
        /// <param name="path">a string.</param>
        /// <returns>The JSON text of the ImportReport.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput naming the line and column of the first bad row (nothing
        /// is written then); 900009 File when `path` cannot be read.</exception>
        /// <remarks>Calls <c>cartstore_import_price_list</c>.</remarks>
        public string ImportPriceList(string path) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_import_price_list(s, Utf8(path), out j, out e)); }

        /// <summary>Imports a Partner Center price list as `import_price_list` does, with `partial`
        /// non-zero for a subset of a list, which closes none of the prices it omits. Returns the
        /// `ImportReport`.</summary>
        /// <param name="path">a string.</param>
        /// <param name="partial">a 64-bit integer.</param>
        /// <returns>The JSON text of the ImportReport.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// as `import_price_list`; 900005 Storage (busy) when the database stays locked
        /// past the busy timeout.</exception>
        /// <remarks>Calls <c>cartstore_import_price_list_with</c>.</remarks>
        public string ImportPriceListWith(string path, long partial) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_import_price_list_with(s, Utf8(path), partial, out j, out e)); }

        /// <summary>Sets the profile of `customer` (`profile`: a `CustomerProfile`, `{"name", "segment",
        /// "market", "currencyCode", "locale"}`): its prices, currency and the language of its
        /// quotes. Returns the profile as stored.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="profile">JSON text of a CustomerProfile.</param>
        /// <returns>The JSON text of the CustomerProfile.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for a bad customer id, a market that is not two letters, a
        /// currency that is not three, a locale that is not a BCP 47 tag (nothing is written).</exception>
        /// <remarks>Calls <c>cartstore_set_customer</c>.</remarks>
        public string SetCustomer(string customer, string profile) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_set_customer(s, Utf8(customer), Utf8(profile), out j, out e)); }

        /// <summary>The profile of `customer` (`{"segment": "commercial"}` when none was set). Returns a
        /// `CustomerProfile`.</summary>
        /// <param name="customer">a string.</param>
        /// <returns>The JSON text of the CustomerProfile.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for a bad customer id.</exception>
        /// <remarks>Calls <c>cartstore_get_customer</c>.</remarks>
        public string GetCustomer(string customer) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_get_customer(s, Utf8(customer), out j, out e)); }

        /// <summary>Searches the catalog by words and filters (`query`: `{"text", "segment",
        /// "termDuration", "billingCycle", "currencyCode", "pageSize", "continuation"}`, each
        /// optional), best match first. Returns a collection of `CatalogItem`.</summary>
        /// <param name="query">JSON text of a CatalogQuery.</param>
        /// <returns>The JSON text of the Collection&lt;CatalogItem&gt;.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for a page size of 0, a continuation token not issued for
        /// this same query, or a text over 4 KiB or 32 words.</exception>
        /// <remarks>Calls <c>cartstore_search_catalog</c>.</remarks>
        public string SearchCatalog(string query) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_search_catalog(s, Utf8(query), out j, out e)); }

        /// <summary>Issues a quote for a cart (`options`: a `QuoteOptions`, `{}` for the defaults: cost
        /// prices, valid until the cart expires), numbered and stored. Returns the `Quote`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <param name="options">JSON text of a QuoteOptions.</param>
        /// <returns>The JSON text of the Quote.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800008 for a missing or expired cart; 800065 for an ordered cart; 800002
        /// InvalidInput for options out of bounds (a markup outside 0 to 1000 %, a past date).</exception>
        /// <remarks>Calls <c>cartstore_issue_quote</c>.</remarks>
        public string IssueQuote(string customer, string cartId, string options) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_issue_quote(s, Utf8(customer), Utf8(cartId), Utf8(options), out j, out e)); }

        /// <summary>One quote of `customer`, as issued. Returns the `Quote`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="quoteNumber">a string.</param>
        /// <returns>The JSON text of the Quote.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900008 QuoteNotFound when the customer has no quote of that number.</exception>
        /// <remarks>Calls <c>cartstore_get_quote</c>.</remarks>
        public string GetQuote(string customer, string quoteNumber) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_get_quote(s, Utf8(customer), Utf8(quoteNumber), out j, out e)); }

        /// <summary>Every quote of `customer`, oldest first. Returns an array of `Quote`.</summary>
        /// <param name="customer">a string.</param>
        /// <returns>The JSON text of the Quote[].</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for a bad customer id.</exception>
        /// <remarks>Calls <c>cartstore_list_quotes</c>.</remarks>
        public string ListQuotes(string customer) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_list_quotes(s, Utf8(customer), out j, out e)); }

        /// <summary>Sets the partner profile, the seller and terms of every quote issued without its own
        /// (`profile`: a `PartnerProfile`, `{"name", "addressLines", "email", "phone", "taxId",
        /// "logo", "terms"}`, the logo in base64). Returns the profile as stored.</summary>
        /// <param name="profile">JSON text of a PartnerProfile.</param>
        /// <returns>The JSON text of the PartnerProfile.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput naming the field (a text over 4 KiB, more than 16 address
        /// lines, a logo over 256 KiB or neither PNG nor SVG); nothing is written then.</exception>
        /// <remarks>Calls <c>cartstore_set_partner_profile</c>.</remarks>
        public string SetPartnerProfile(string profile) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_set_partner_profile(s, Utf8(profile), out j, out e)); }

        /// <summary>The partner profile (`{}` when none was set). Returns a `PartnerProfile`.</summary>
        /// <returns>The JSON text of the PartnerProfile.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900005 Storage when the stored profile does not read back.</exception>
        /// <remarks>Calls <c>cartstore_get_partner_profile</c>.</remarks>
        public string GetPartnerProfile() { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_get_partner_profile(s, out j, out e)); }

        /// <summary>Copies everything this store holds (catalog, prices, customers, partner profile, carts,
        /// orders, checkout results, quotes and their numbering) into the empty store
        /// `destination` (a file path, created if missing, or a `postgres://` URL), in one
        /// transaction there. Returns null.</summary>
        /// <param name="destination">a string.</param>
        /// <returns>The JSON text <c>null</c>.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput on field `destination` when it is not empty (nothing is
        /// written then); 900005 Storage when either database fails (or `destination` cannot be
        /// opened).</exception>
        /// <remarks>Calls <c>cartstore_copy_into</c>.</remarks>
        public string CopyInto(string destination) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_copy_into(s, Utf8(destination), out j, out e)); }

        /// <summary>Submits a cart of `customer` to Partner Center as a real order, exactly once, at
        /// `endpoint` (`""` for `https://api.partnercenter.microsoft.com`), with access tokens from
        /// `token` (called with `user_data`, see `cartstore_token_callback`); runs until the
        /// submission is final (`ordered`, `partiallyOrdered`, `failed`, `needsAttention`) or parked
        /// (Partner Center unreachable, or `pausedAuth` when no token is accepted). Returns the
        /// `Submission` (its `state`; its `lastError` when it did not end `ordered`).</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <param name="endpoint">a string.</param>
        /// <param name="token">the source of access tokens (null is refused with status 3).</param>
        /// <returns>The JSON text of the Submission.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800008 for a missing or expired cart; 800065 for a cart already ordered; 800064
        /// when another process is submitting it; 800002 InvalidInput for a cart with line errors or
        /// a customer without a GUID `tenantId`, and (status 3) for a NULL `token`.</exception>
        /// <remarks>Calls <c>cartstore_submit</c>.</remarks>
        public string Submit(string customer, string cartId, string endpoint, TokenSource token) { using (var tokenThunk = new TokenThunk(token)) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_submit(s, Utf8(customer), Utf8(cartId), Utf8(endpoint), tokenThunk.Callback, IntPtr.Zero, out j, out e)); } }

        /// <summary>Continues every unfinished submission of the store (every customer's; those another
        /// process runs are left to it), each from its stored state, at `endpoint` with tokens from
        /// `token` as `submit` does. Returns an array of `Submission`, as they end up, oldest first.</summary>
        /// <param name="endpoint">a string.</param>
        /// <param name="token">the source of access tokens (null is refused with status 3).</param>
        /// <returns>The JSON text of the Submission[].</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900005 Storage when the database fails; 800002 InvalidInput (status 3) for a
        /// NULL `token`.</exception>
        /// <remarks>Calls <c>cartstore_resume_submissions</c>.</remarks>
        public string ResumeSubmissions(string endpoint, TokenSource token) { using (var tokenThunk = new TokenThunk(token)) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_resume_submissions(s, Utf8(endpoint), tokenThunk.Callback, IntPtr.Zero, out j, out e)); } }

        /// <summary>One submission of `customer` by its `submissionId`. Returns the `Submission`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="submissionId">a string.</param>
        /// <returns>The JSON text of the Submission.</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 900010 SubmissionNotFound when the customer has no such submission.</exception>
        /// <remarks>Calls <c>cartstore_get_submission</c>.</remarks>
        public string GetSubmission(string customer, string submissionId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_get_submission(s, Utf8(customer), Utf8(submissionId), out j, out e)); }

        /// <summary>The submissions of `customer`, oldest first: of the cart `cart_id`, or every cart's for
        /// `""`. Returns an array of `Submission`.</summary>
        /// <param name="customer">a string.</param>
        /// <param name="cartId">a string.</param>
        /// <returns>The JSON text of the Submission[].</returns>
        /// <exception cref="CartstoreException">The library refused the call.
        /// 800002 InvalidInput for a bad customer or cart id.</exception>
        /// <remarks>Calls <c>cartstore_list_submissions</c>.</remarks>
        public string ListSubmissions(string customer, string cartId) { return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.cartstore_list_submissions(s, Utf8(customer), Utf8(cartId), out j, out e)); }
    }
}
