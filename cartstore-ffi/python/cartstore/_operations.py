"""The operations of the C ABI, one typed method each.

Generated from the C ABI's table (cartstore_operations) by cartstore-ffi/tests/drift.rs: do not edit.
Regenerate with CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test drift
"""

from __future__ import annotations

from typing import Any, Optional, Union, cast

from .types import (
    Cart,
    CartCheckoutResult,
    Catalog,
    CatalogItem,
    CatalogQuery,
    Collection,
    CustomerProfile,
    ImportReport,
    Order,
    OrderLineItemProvisioningStatus,
    OrderQuery,
    PartnerProfile,
    ProvisioningStatus,
    Quote,
    QuoteOptions,
    Submission,
    TokenCallback,
)

#: Export name (without ``cartstore_``) -> argument types ("string", "json", "enum", "int64").
OPERATIONS: dict[str, tuple[str, ...]] = {
    "import_catalog": ("json",),  # cartstore_import_catalog
    "catalog_item": ("string",),  # cartstore_catalog_item
    "list_catalog": (),  # cartstore_list_catalog
    "create_cart": ("string", "json"),  # cartstore_create_cart
    "get_cart": ("string", "string"),  # cartstore_get_cart
    "update_cart": ("string", "json"),  # cartstore_update_cart
    "list_carts": ("string",),  # cartstore_list_carts
    "delete_cart": ("string", "string"),  # cartstore_delete_cart
    "checkout": ("string", "string"),  # cartstore_checkout
    "checkout_with_request_id": ("string", "string", "string"),  # cartstore_checkout_with_request_id
    "checkout_json": ("string", "string", "string"),  # cartstore_checkout_json
    "preview_checkout": ("string", "string"),  # cartstore_preview_checkout
    "get_order": ("string", "string"),  # cartstore_get_order
    "list_orders": ("string", "json"),  # cartstore_list_orders
    "cancel_order": ("string", "string"),  # cartstore_cancel_order
    "provisioning_status": ("string", "string"),  # cartstore_provisioning_status
    "record_provisioning": ("string", "string", "int64", "enum"),  # cartstore_record_provisioning
    "import_price_list": ("string",),  # cartstore_import_price_list
    "import_price_list_with": ("string", "int64"),  # cartstore_import_price_list_with
    "set_customer": ("string", "json"),  # cartstore_set_customer
    "get_customer": ("string",),  # cartstore_get_customer
    "search_catalog": ("json",),  # cartstore_search_catalog
    "issue_quote": ("string", "string", "json"),  # cartstore_issue_quote
    "get_quote": ("string", "string"),  # cartstore_get_quote
    "list_quotes": ("string",),  # cartstore_list_quotes
    "set_partner_profile": ("json",),  # cartstore_set_partner_profile
    "get_partner_profile": (),  # cartstore_get_partner_profile
    "copy_into": ("string",),  # cartstore_copy_into
    "submit": ("string", "string", "string", "callback", "pointer"),  # cartstore_submit
    "resume_submissions": ("string", "callback", "pointer"),  # cartstore_resume_submissions
    "get_submission": ("string", "string"),  # cartstore_get_submission
    "list_submissions": ("string", "string"),  # cartstore_list_submissions
}

#: Operations whose result is the JSON text itself, as stored.
RAW: frozenset[str] = frozenset({"checkout_json"})


class Operations:
    """Every operation of the library as a method (the base of :class:`cartstore.Store`)."""

    def _call(self, name: str, args: tuple[Any, ...]) -> Any:
        raise NotImplementedError

    def import_catalog(self, catalog: Union[Catalog, str]) -> None:
        """Imports catalog items (`catalog`: a `Catalog`, `{"items": [CatalogItem, ...]}`), adding
        new items and replacing those of the same id. Returns `null`.

        Errors: 800002 InvalidInput for an item without id or currency, a negative price or
        quantity bound, or an id given twice (nothing is written then).

        Calls ``cartstore_import_catalog``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        self._call("import_catalog", (catalog,))

    def catalog_item(self, catalog_item_id: str) -> CatalogItem:
        """One catalog item by its id (`PRODUCT:SKU` or `PRODUCT:SKU:AVAILABILITY`). Returns the
        `CatalogItem`.

        Errors: 800002 InvalidInput (`catalogItemId`) when the catalog has no such item.

        Calls ``cartstore_catalog_item``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("CatalogItem", self._call("catalog_item", (catalog_item_id,)))

    def list_catalog(self) -> Catalog:
        """The whole catalog. Returns a `Catalog`.

        Errors: 900005 Storage when the database cannot be read.

        Calls ``cartstore_list_catalog``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Catalog", self._call("list_catalog", ()))

    def create_cart(self, customer: str, new_cart: Union[Cart, str]) -> Cart:
        """Creates a cart for `customer` (`new_cart`: a `Cart` holding its `lineItems`). Returns
        the `Cart` created, priced, with its `id` and `lastModifiedTimestamp`.

        Errors: 800002 InvalidInput for a malformed request (no lines, more than 500, a
        quantity that is not a whole number, a bad customer id); nothing is written then.

        Calls ``cartstore_create_cart``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Cart", self._call("create_cart", (customer, new_cart)))

    def get_cart(self, customer: str, cart_id: str) -> Cart:
        """Reads one cart of `customer`. Returns the `Cart`.

        Errors: 800008 when the customer has no such cart.

        Calls ``cartstore_get_cart``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Cart", self._call("get_cart", (customer, cart_id)))

    def update_cart(self, customer: str, edited: Union[Cart, str]) -> Cart:
        """Replaces a cart's lines (`edited`: a `Cart` with its `id` and the
        `lastModifiedTimestamp` it was read with). Returns the `Cart` as stored.

        Errors: 900002 Conflict when the cart changed since it was read (a stale timestamp);
        800008 for a missing cart or past its expiration; 800065 for an ordered cart.

        Calls ``cartstore_update_cart``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Cart", self._call("update_cart", (customer, edited)))

    def list_carts(self, customer: str) -> list[Cart]:
        """Every cart of `customer`. Returns an array of `Cart`.

        Errors: 800002 InvalidInput for a bad customer id.

        Calls ``cartstore_list_carts``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("list[Cart]", self._call("list_carts", (customer,)))

    def delete_cart(self, customer: str, cart_id: str) -> None:
        """Deletes an active cart. Returns `null`.

        Errors: 800008 for a missing cart; 800065 for an ordered cart (its orders keep it).

        Calls ``cartstore_delete_cart``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        self._call("delete_cart", (customer, cart_id))

    def checkout(self, customer: str, cart_id: str) -> CartCheckoutResult:
        """Checks a cart out: its lines become orders, one per billing cycle, in one transaction.
        Returns the `CartCheckoutResult` (`orders`, and `orderErrors` for lines refused).

        Errors: 800008 for a missing or expired cart; 800065 for a cart already ordered;
        800064 when another writer holds the database past the busy timeout. On any error
        nothing is written.

        Calls ``cartstore_checkout``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("CartCheckoutResult", self._call("checkout", (customer, cart_id)))

    def checkout_with_request_id(self, customer: str, cart_id: str, request_id: str) -> CartCheckoutResult:
        """Checks a cart out with an idempotency key: a retry with the same `request_id` returns
        the same orders instead of ordering again. Returns the `CartCheckoutResult`.

        Errors: as `checkout`.

        Calls ``cartstore_checkout_with_request_id``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("CartCheckoutResult", self._call("checkout_with_request_id", (customer, cart_id, request_id)))

    def checkout_json(self, customer: str, cart_id: str, request_id: str) -> str:
        """As `checkout_with_request_id`. Returns the `CartCheckoutResult` as the JSON text
        stored, byte for byte the same on every retry.

        Errors: as `checkout`.

        Calls ``cartstore_checkout_json``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("str", self._call("checkout_json", (customer, cart_id, request_id)))

    def preview_checkout(self, customer: str, cart_id: str) -> CartCheckoutResult:
        """What a checkout would do now, without doing it. Returns a `CartCheckoutResult`.

        Errors: as `checkout`.

        Calls ``cartstore_preview_checkout``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("CartCheckoutResult", self._call("preview_checkout", (customer, cart_id)))

    def get_order(self, customer: str, order_id: str) -> Order:
        """One order of `customer`. Returns the `Order`.

        Errors: 900001 OrderNotFound when the customer has no such order.

        Calls ``cartstore_get_order``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Order", self._call("get_order", (customer, order_id)))

    def list_orders(self, customer: str, query: Union[OrderQuery, str]) -> Collection[Order]:
        """A page of the orders of `customer`, newest first (`query`: `{"billingCycle",
        "pageSize", "continuation"}`, each optional, `{}` for the first page). Returns a
        collection of `Order` (`totalCount`, `items`, `continuationToken` for the next page).

        Errors: 800002 InvalidInput for a page size of 0 or a token this store did not issue.

        Calls ``cartstore_list_orders``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Collection[Order]", self._call("list_orders", (customer, query)))

    def cancel_order(self, customer: str, order_id: str) -> Order:
        """Cancels a pending order. Returns the `Order`.

        Errors: 900001 OrderNotFound; 800061 when the order is not pending.

        Calls ``cartstore_cancel_order``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Order", self._call("cancel_order", (customer, order_id)))

    def provisioning_status(self, customer: str, order_id: str) -> Collection[OrderLineItemProvisioningStatus]:
        """The provisioning status of every line of an order. Returns a collection of
        `OrderLineItemProvisioningStatus`.

        Errors: 900001 OrderNotFound.

        Calls ``cartstore_provisioning_status``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Collection[OrderLineItemProvisioningStatus]", self._call("provisioning_status", (customer, order_id)))

    def record_provisioning(self, customer: str, order_id: str, line_item_number: int, status: ProvisioningStatus) -> Order:
        """Records the provisioning result of one line of a pending order (`line_item_number`: a
        64-bit integer; `status`: `"fulfilled"`, `"unfulfilled"` or `"prefulfillment_pending"`);
        the order becomes completed once every line is fulfilled. Returns the `Order`.

        Errors: 900001 OrderNotFound; 800002 InvalidInput for a line the order lacks or an
        order that is not pending.

        Calls ``cartstore_record_provisioning``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Order", self._call("record_provisioning", (customer, order_id, line_item_number, status)))

    def import_price_list(self, path: str) -> ImportReport:
        """Imports a Partner Center price list (`path`: a CSV file, or a ZIP holding one CSV,
        read as a stream), closing the prices a full list no longer has. Returns the
        `ImportReport` (rows, items, prices added, changed, unchanged, closed).

        Errors: 800002 InvalidInput naming the line and column of the first bad row (nothing
        is written then); 900009 File when `path` cannot be read.

        Calls ``cartstore_import_price_list``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("ImportReport", self._call("import_price_list", (path,)))

    def import_price_list_with(self, path: str, partial: int) -> ImportReport:
        """Imports a Partner Center price list as `import_price_list` does, with `partial`
        non-zero for a subset of a list, which closes none of the prices it omits. Returns the
        `ImportReport`.

        Errors: as `import_price_list`; 900005 Storage (busy) when the database stays locked
        past the busy timeout.

        Calls ``cartstore_import_price_list_with``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("ImportReport", self._call("import_price_list_with", (path, partial)))

    def set_customer(self, customer: str, profile: Union[CustomerProfile, str]) -> CustomerProfile:
        """Sets the profile of `customer` (`profile`: a `CustomerProfile`, `{"name", "segment",
        "market", "currencyCode", "locale"}`): its prices, currency and the language of its
        quotes. Returns the profile as stored.

        Errors: 800002 InvalidInput for a bad customer id, a market that is not two letters, a
        currency that is not three, a locale that is not a BCP 47 tag (nothing is written).

        Calls ``cartstore_set_customer``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("CustomerProfile", self._call("set_customer", (customer, profile)))

    def get_customer(self, customer: str) -> CustomerProfile:
        """The profile of `customer` (`{"segment": "commercial"}` when none was set). Returns a
        `CustomerProfile`.

        Errors: 800002 InvalidInput for a bad customer id.

        Calls ``cartstore_get_customer``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("CustomerProfile", self._call("get_customer", (customer,)))

    def search_catalog(self, query: Union[CatalogQuery, str]) -> Collection[CatalogItem]:
        """Searches the catalog by words and filters (`query`: `{"text", "segment",
        "termDuration", "billingCycle", "currencyCode", "pageSize", "continuation"}`, each
        optional), best match first. Returns a collection of `CatalogItem`.

        Errors: 800002 InvalidInput for a page size of 0, a continuation token not issued for
        this same query, or a text over 4 KiB or 32 words.

        Calls ``cartstore_search_catalog``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Collection[CatalogItem]", self._call("search_catalog", (query,)))

    def issue_quote(self, customer: str, cart_id: str, options: Union[QuoteOptions, str]) -> Quote:
        """Issues a quote for a cart (`options`: a `QuoteOptions`, `{}` for the defaults: cost
        prices, valid until the cart expires), numbered and stored. Returns the `Quote`.

        Errors: 800008 for a missing or expired cart; 800065 for an ordered cart; 800002
        InvalidInput for options out of bounds (a markup outside 0 to 1000 %, a past date).

        Calls ``cartstore_issue_quote``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Quote", self._call("issue_quote", (customer, cart_id, options)))

    def get_quote(self, customer: str, quote_number: str) -> Quote:
        """One quote of `customer`, as issued. Returns the `Quote`.

        Errors: 900008 QuoteNotFound when the customer has no quote of that number.

        Calls ``cartstore_get_quote``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Quote", self._call("get_quote", (customer, quote_number)))

    def list_quotes(self, customer: str) -> list[Quote]:
        """Every quote of `customer`, oldest first. Returns an array of `Quote`.

        Errors: 800002 InvalidInput for a bad customer id.

        Calls ``cartstore_list_quotes``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("list[Quote]", self._call("list_quotes", (customer,)))

    def set_partner_profile(self, profile: Union[PartnerProfile, str]) -> PartnerProfile:
        """Sets the partner profile, the seller and terms of every quote issued without its own
        (`profile`: a `PartnerProfile`, `{"name", "addressLines", "email", "phone", "taxId",
        "logo", "terms"}`, the logo in base64). Returns the profile as stored.

        Errors: 800002 InvalidInput naming the field (a text over 4 KiB, more than 16 address
        lines, a logo over 256 KiB or neither PNG nor SVG); nothing is written then.

        Calls ``cartstore_set_partner_profile``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("PartnerProfile", self._call("set_partner_profile", (profile,)))

    def get_partner_profile(self) -> PartnerProfile:
        """The partner profile (`{}` when none was set). Returns a `PartnerProfile`.

        Errors: 900005 Storage when the stored profile does not read back.

        Calls ``cartstore_get_partner_profile``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("PartnerProfile", self._call("get_partner_profile", ()))

    def copy_into(self, destination: str) -> None:
        """Copies everything this store holds (catalog, prices, customers, partner profile, carts,
        orders, checkout results, quotes and their numbering) into the empty store
        `destination` (a file path, created if missing, or a `postgres://` URL), in one
        transaction there. Returns null.

        Errors: 800002 InvalidInput on field `destination` when it is not empty (nothing is
        written then); 900005 Storage when either database fails (or `destination` cannot be
        opened).

        Calls ``cartstore_copy_into``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        self._call("copy_into", (destination,))

    def submit(self, customer: str, cart_id: str, endpoint: str, token: Optional[TokenCallback]) -> Submission:
        """Submits a cart of `customer` to Partner Center as a real order, exactly once, at
        `endpoint` (`""` for `https://api.partnercenter.microsoft.com`), with access tokens from
        `token` (called with `user_data`, see `cartstore_token_callback`); runs until the
        submission is final (`ordered`, `partiallyOrdered`, `failed`, `needsAttention`) or parked
        (Partner Center unreachable, or `pausedAuth` when no token is accepted). Returns the
        `Submission` (its `state`; its `lastError` when it did not end `ordered`).

        Errors: 800008 for a missing or expired cart; 800065 for a cart already ordered; 800064
        when another process is submitting it; 800002 InvalidInput for a cart with line errors or
        a customer without a GUID `tenantId`, and (status 3) for a NULL `token`.

        Calls ``cartstore_submit``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Submission", self._call("submit", (customer, cart_id, endpoint, token, None)))

    def resume_submissions(self, endpoint: str, token: Optional[TokenCallback]) -> list[Submission]:
        """Continues every unfinished submission of the store (every customer's; those another
        process runs are left to it), each from its stored state, at `endpoint` with tokens from
        `token` as `submit` does. Returns an array of `Submission`, as they end up, oldest first.

        Errors: 900005 Storage when the database fails; 800002 InvalidInput (status 3) for a
        NULL `token`.

        Calls ``cartstore_resume_submissions``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("list[Submission]", self._call("resume_submissions", (endpoint, token, None)))

    def get_submission(self, customer: str, submission_id: str) -> Submission:
        """One submission of `customer` by its `submissionId`. Returns the `Submission`.

        Errors: 900010 SubmissionNotFound when the customer has no such submission.

        Calls ``cartstore_get_submission``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("Submission", self._call("get_submission", (customer, submission_id)))

    def list_submissions(self, customer: str, cart_id: str) -> list[Submission]:
        """The submissions of `customer`, oldest first: of the cart `cart_id`, or every cart's for
        `""`. Returns an array of `Submission`.

        Errors: 800002 InvalidInput for a bad customer or cart id.

        Calls ``cartstore_list_submissions``; a refusal raises :class:`cartstore.CartstoreError`.
        """
        return cast("list[Submission]", self._call("list_submissions", (customer, cart_id)))
