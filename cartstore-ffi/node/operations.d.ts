// Generated from the C ABI's table (cartstore_operations) by cartstore-ffi/tests/drift.rs: do not edit.
// Regenerate with CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test drift
import type { Cart, CartCheckoutResult, Catalog, CatalogItem, CatalogQuery, Collection, CustomerProfile, ImportReport, Order, OrderLineItemProvisioningStatus, OrderQuery, PartnerProfile, ProvisioningStatus, Quote, QuoteOptions, Submission, TokenCallback } from './types';

/** Every operation of the library as a method of `Store`. */
export interface StoreOperations {
  /**
   * Imports catalog items (`catalog`: a `Catalog`, `{"items": [CatalogItem, ...]}`), adding
   * new items and replacing those of the same id. Returns `null`.
   *
   * Errors: 800002 InvalidInput for an item without id or currency, a negative price or
   * quantity bound, or an id given twice (nothing is written then).
   *
   * Calls `cartstore_import_catalog`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  importCatalog(catalog: Catalog | string): null;

  /**
   * One catalog item by its id (`PRODUCT:SKU` or `PRODUCT:SKU:AVAILABILITY`). Returns the
   * `CatalogItem`.
   *
   * Errors: 800002 InvalidInput (`catalogItemId`) when the catalog has no such item.
   *
   * Calls `cartstore_catalog_item`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  catalogItem(catalogItemId: string): CatalogItem;

  /**
   * The whole catalog. Returns a `Catalog`.
   *
   * Errors: 900005 Storage when the database cannot be read.
   *
   * Calls `cartstore_list_catalog`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  listCatalog(): Catalog;

  /**
   * Creates a cart for `customer` (`new_cart`: a `Cart` holding its `lineItems`). Returns
   * the `Cart` created, priced, with its `id` and `lastModifiedTimestamp`.
   *
   * Errors: 800002 InvalidInput for a malformed request (no lines, more than 500, a
   * quantity that is not a whole number, a bad customer id); nothing is written then.
   *
   * Calls `cartstore_create_cart`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  createCart(customer: string, newCart: Cart | string): Cart;

  /**
   * Reads one cart of `customer`. Returns the `Cart`.
   *
   * Errors: 800008 when the customer has no such cart.
   *
   * Calls `cartstore_get_cart`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  getCart(customer: string, cartId: string): Cart;

  /**
   * Replaces a cart's lines (`edited`: a `Cart` with its `id` and the
   * `lastModifiedTimestamp` it was read with). Returns the `Cart` as stored.
   *
   * Errors: 900002 Conflict when the cart changed since it was read (a stale timestamp);
   * 800008 for a missing cart or past its expiration; 800065 for an ordered cart.
   *
   * Calls `cartstore_update_cart`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  updateCart(customer: string, edited: Cart | string): Cart;

  /**
   * Every cart of `customer`. Returns an array of `Cart`.
   *
   * Errors: 800002 InvalidInput for a bad customer id.
   *
   * Calls `cartstore_list_carts`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  listCarts(customer: string): Cart[];

  /**
   * Deletes an active cart. Returns `null`.
   *
   * Errors: 800008 for a missing cart; 800065 for an ordered cart (its orders keep it).
   *
   * Calls `cartstore_delete_cart`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  deleteCart(customer: string, cartId: string): null;

  /**
   * Checks a cart out: its lines become orders, one per billing cycle, in one transaction.
   * Returns the `CartCheckoutResult` (`orders`, and `orderErrors` for lines refused).
   *
   * Errors: 800008 for a missing or expired cart; 800065 for a cart already ordered;
   * 800064 when another writer holds the database past the busy timeout. On any error
   * nothing is written.
   *
   * Calls `cartstore_checkout`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  checkout(customer: string, cartId: string): CartCheckoutResult;

  /**
   * Checks a cart out with an idempotency key: a retry with the same `request_id` returns
   * the same orders instead of ordering again. Returns the `CartCheckoutResult`.
   *
   * Errors: as `checkout`.
   *
   * Calls `cartstore_checkout_with_request_id`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  checkoutWithRequestId(customer: string, cartId: string, requestId: string): CartCheckoutResult;

  /**
   * As `checkout_with_request_id`. Returns the `CartCheckoutResult` as the JSON text
   * stored, byte for byte the same on every retry.
   *
   * Errors: as `checkout`.
   *
   * Calls `cartstore_checkout_json`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  checkoutJson(customer: string, cartId: string, requestId: string): string;

  /**
   * What a checkout would do now, without doing it. Returns a `CartCheckoutResult`.
   *
   * Errors: as `checkout`.
   *
   * Calls `cartstore_preview_checkout`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  previewCheckout(customer: string, cartId: string): CartCheckoutResult;

  /**
   * One order of `customer`. Returns the `Order`.
   *
   * Errors: 900001 OrderNotFound when the customer has no such order.
   *
   * Calls `cartstore_get_order`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  getOrder(customer: string, orderId: string): Order;

  /**
   * A page of the orders of `customer`, newest first (`query`: `{"billingCycle",
   * "pageSize", "continuation"}`, each optional, `{}` for the first page). Returns a
   * collection of `Order` (`totalCount`, `items`, `continuationToken` for the next page).
   *
   * Errors: 800002 InvalidInput for a page size of 0 or a token this store did not issue.
   *
   * Calls `cartstore_list_orders`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  listOrders(customer: string, query: OrderQuery | string): Collection<Order>;

  /**
   * Cancels a pending order. Returns the `Order`.
   *
   * Errors: 900001 OrderNotFound; 800061 when the order is not pending.
   *
   * Calls `cartstore_cancel_order`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  cancelOrder(customer: string, orderId: string): Order;

  /**
   * The provisioning status of every line of an order. Returns a collection of
   * `OrderLineItemProvisioningStatus`.
   *
   * Errors: 900001 OrderNotFound.
   *
   * Calls `cartstore_provisioning_status`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  provisioningStatus(customer: string, orderId: string): Collection<OrderLineItemProvisioningStatus>;

  /**
   * Records the provisioning result of one line of a pending order (`line_item_number`: a
   * 64-bit integer; `status`: `"fulfilled"`, `"unfulfilled"` or `"prefulfillment_pending"`);
   * the order becomes completed once every line is fulfilled. Returns the `Order`.
   *
   * Errors: 900001 OrderNotFound; 800002 InvalidInput for a line the order lacks or an
   * order that is not pending.
   *
   * Calls `cartstore_record_provisioning`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  recordProvisioning(customer: string, orderId: string, lineItemNumber: number | bigint, status: ProvisioningStatus): Order;

  /**
   * Imports a Partner Center price list (`path`: a CSV file, or a ZIP holding one CSV,
   * read as a stream), closing the prices a full list no longer has. Returns the
   * `ImportReport` (rows, items, prices added, changed, unchanged, closed).
   *
   * Errors: 800002 InvalidInput naming the line and column of the first bad row (nothing
   * is written then); 900009 File when `path` cannot be read.
   *
   * Calls `cartstore_import_price_list`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  importPriceList(path: string): ImportReport;

  /**
   * Imports a Partner Center price list as `import_price_list` does, with `partial`
   * non-zero for a subset of a list, which closes none of the prices it omits. Returns the
   * `ImportReport`.
   *
   * Errors: as `import_price_list`; 900005 Storage (busy) when the database stays locked
   * past the busy timeout.
   *
   * Calls `cartstore_import_price_list_with`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  importPriceListWith(path: string, partial: number | bigint): ImportReport;

  /**
   * Sets the profile of `customer` (`profile`: a `CustomerProfile`, `{"name", "segment",
   * "market", "currencyCode", "locale"}`): its prices, currency and the language of its
   * quotes. Returns the profile as stored.
   *
   * Errors: 800002 InvalidInput for a bad customer id, a market that is not two letters, a
   * currency that is not three, a locale that is not a BCP 47 tag (nothing is written).
   *
   * Calls `cartstore_set_customer`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  setCustomer(customer: string, profile: CustomerProfile | string): CustomerProfile;

  /**
   * The profile of `customer` (`{"segment": "commercial"}` when none was set). Returns a
   * `CustomerProfile`.
   *
   * Errors: 800002 InvalidInput for a bad customer id.
   *
   * Calls `cartstore_get_customer`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  getCustomer(customer: string): CustomerProfile;

  /**
   * Searches the catalog by words and filters (`query`: `{"text", "segment",
   * "termDuration", "billingCycle", "currencyCode", "pageSize", "continuation"}`, each
   * optional), best match first. Returns a collection of `CatalogItem`.
   *
   * Errors: 800002 InvalidInput for a page size of 0, a continuation token not issued for
   * this same query, or a text over 4 KiB or 32 words.
   *
   * Calls `cartstore_search_catalog`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  searchCatalog(query: CatalogQuery | string): Collection<CatalogItem>;

  /**
   * Issues a quote for a cart (`options`: a `QuoteOptions`, `{}` for the defaults: cost
   * prices, valid until the cart expires), numbered and stored. Returns the `Quote`.
   *
   * Errors: 800008 for a missing or expired cart; 800065 for an ordered cart; 800002
   * InvalidInput for options out of bounds (a markup outside 0 to 1000 %, a past date).
   *
   * Calls `cartstore_issue_quote`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  issueQuote(customer: string, cartId: string, options: QuoteOptions | string): Quote;

  /**
   * One quote of `customer`, as issued. Returns the `Quote`.
   *
   * Errors: 900008 QuoteNotFound when the customer has no quote of that number.
   *
   * Calls `cartstore_get_quote`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  getQuote(customer: string, quoteNumber: string): Quote;

  /**
   * Every quote of `customer`, oldest first. Returns an array of `Quote`.
   *
   * Errors: 800002 InvalidInput for a bad customer id.
   *
   * Calls `cartstore_list_quotes`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  listQuotes(customer: string): Quote[];

  /**
   * Sets the partner profile, the seller and terms of every quote issued without its own
   * (`profile`: a `PartnerProfile`, `{"name", "addressLines", "email", "phone", "taxId",
   * "logo", "terms"}`, the logo in base64). Returns the profile as stored.
   *
   * Errors: 800002 InvalidInput naming the field (a text over 4 KiB, more than 16 address
   * lines, a logo over 256 KiB or neither PNG nor SVG); nothing is written then.
   *
   * Calls `cartstore_set_partner_profile`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  setPartnerProfile(profile: PartnerProfile | string): PartnerProfile;

  /**
   * The partner profile (`{}` when none was set). Returns a `PartnerProfile`.
   *
   * Errors: 900005 Storage when the stored profile does not read back.
   *
   * Calls `cartstore_get_partner_profile`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  getPartnerProfile(): PartnerProfile;

  /**
   * Copies everything this store holds (catalog, prices, customers, partner profile, carts,
   * orders, checkout results, quotes and their numbering) into the empty store
   * `destination` (a file path, created if missing, or a `postgres://` URL), in one
   * transaction there. Returns null.
   *
   * Errors: 800002 InvalidInput on field `destination` when it is not empty (nothing is
   * written then); 900005 Storage when either database fails (or `destination` cannot be
   * opened).
   *
   * Calls `cartstore_copy_into`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  copyInto(destination: string): null;

  /**
   * Submits a cart of `customer` to Partner Center as a real order, exactly once, at
   * `endpoint` (`""` for `https://api.partnercenter.microsoft.com`), with access tokens from
   * `token` (called with `user_data`, see `cartstore_token_callback`); runs until the
   * submission is final (`ordered`, `partiallyOrdered`, `failed`, `needsAttention`) or parked
   * (Partner Center unreachable, or `pausedAuth` when no token is accepted). Returns the
   * `Submission` (its `state`; its `lastError` when it did not end `ordered`).
   *
   * Errors: 800008 for a missing or expired cart; 800065 for a cart already ordered; 800064
   * when another process is submitting it; 800002 InvalidInput for a cart with line errors or
   * a customer without a GUID `tenantId`, and (status 3) for a NULL `token`.
   *
   * Calls `cartstore_submit`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  submit(customer: string, cartId: string, endpoint: string, token: TokenCallback | null): Submission;

  /**
   * Continues every unfinished submission of the store (every customer's; those another
   * process runs are left to it), each from its stored state, at `endpoint` with tokens from
   * `token` as `submit` does. Returns an array of `Submission`, as they end up, oldest first.
   *
   * Errors: 900005 Storage when the database fails; 800002 InvalidInput (status 3) for a
   * NULL `token`.
   *
   * Calls `cartstore_resume_submissions`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  resumeSubmissions(endpoint: string, token: TokenCallback | null): Submission[];

  /**
   * One submission of `customer` by its `submissionId`. Returns the `Submission`.
   *
   * Errors: 900010 SubmissionNotFound when the customer has no such submission.
   *
   * Calls `cartstore_get_submission`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  getSubmission(customer: string, submissionId: string): Submission;

  /**
   * The submissions of `customer`, oldest first: of the cart `cart_id`, or every cart's for
   * `""`. Returns an array of `Submission`.
   *
   * Errors: 800002 InvalidInput for a bad customer or cart id.
   *
   * Calls `cartstore_list_submissions`.
   * @throws {CartstoreError} when the library refuses the call.
   */
  listSubmissions(customer: string, cartId: string): Submission[];
}

/** The operations' table: name -> export, method, argument types. */
export declare const OPERATIONS: Readonly<Record<string, { export: string; method: string; kinds: string[]; raw: boolean }>>;
