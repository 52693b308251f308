"""The wire types of cartstore (the Partner Center JSON shapes), for type checkers.

Each is a :class:`typing.TypedDict` of what the library sends and takes; members the library
may leave out are optional (``total=False``). Amounts are numbers, instants ISO 8601 strings
(``"2026-12-06T18:00:00Z"``). ``tests/drift.rs`` checks that every type the C ABI's table
names is declared here.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Callable, Generic, Literal, Optional, TypedDict, TypeVar, Union

T = TypeVar("T")

BillingCycle = Literal["unknown", "monthly", "annual", "none", "one_time", "triennial", "biennial"]
Segment = Literal["commercial", "education", "charity", "nonprofit", "government"]
#: A provisioning result, as ``record_provisioning`` takes it.
ProvisioningStatus = Literal["fulfilled", "unfulfilled", "prefulfillment_pending"]
#: An amount: a JSON number (a string is accepted on input).
Amount = Union[float, int, str]


class Link(TypedDict, total=False):
    uri: str
    method: str
    headers: list[dict[str, str]]


class Attributes(TypedDict, total=False):
    objectType: str
    etag: str


class CatalogTerm(TypedDict, total=False):
    termDuration: str
    billingCycle: BillingCycle
    listPrice: Amount
    renewsTo: list[str]
    erpPrice: Amount
    segment: Segment
    market: str
    currencyCode: str
    effectiveStart: str
    effectiveEnd: str
    tierMin: int
    tierMax: int


class Promotion(TypedDict, total=False):
    promotionId: str
    termDuration: str
    billingCycle: BillingCycle
    discountPercent: Amount
    startDate: str
    endDate: str


class CatalogItem(TypedDict, total=False):
    catalogItemId: str
    title: str
    description: str
    segment: Segment
    currencyCode: str
    market: str
    minimumQuantity: int
    maximumQuantity: int
    inventory: int
    eligibleForPurchase: bool
    requiresAttestation: bool
    provisioningVariables: list[str]
    addonOf: list[str]
    terms: list[CatalogTerm]
    promotions: list[Promotion]
    trial: bool
    usageCharges: bool


class Catalog(TypedDict):
    items: list[CatalogItem]


class Pricing(TypedDict, total=False):
    listPrice: Amount
    discountedPrice: Amount
    proratedPrice: Amount
    price: Amount
    extendedPrice: Amount


class CartError(TypedDict, total=False):
    errorCode: int
    errorDescription: str
    additionalInformation: dict[str, Any]


class CartLineItem(TypedDict, total=False):
    id: int
    catalogItemId: str
    friendlyName: str
    quantity: int
    currencyCode: str
    billingCycle: BillingCycle
    termDuration: str
    participants: list[dict[str, str]]
    provisioningContext: dict[str, str]
    orderGroup: str
    addonItems: list[CartLineItem]
    error: CartError
    renewsTo: dict[str, str]
    attestationAccepted: bool
    promotionId: str
    customTermEndDate: str
    pricing: Pricing


class Cart(TypedDict, total=False):
    """A cart: to create one, give its ``lineItems``; to update one, also its ``id`` and the
    ``lastModifiedTimestamp`` it was read with."""

    id: str
    creationTimestamp: str
    lastModifiedTimestamp: str
    expirationTimestamp: str
    lastModifiedUser: str
    lineItems: list[CartLineItem]
    status: Literal["Active", "Ordered"]
    links: dict[str, Link]
    attributes: Attributes


class OrderLineItem(TypedDict, total=False):
    lineItemNumber: int
    offerId: str
    subscriptionId: str
    parentSubscriptionId: str
    friendlyName: str
    quantity: int
    termDuration: str
    transactionType: str
    partnerIdOnRecord: str
    provisioningContext: dict[str, str]
    links: dict[str, Link]
    renewsTo: dict[str, str]
    pricing: Pricing


class Order(TypedDict, total=False):
    id: str
    alternateId: str
    referenceCustomerId: str
    billingCycle: BillingCycle
    transactionType: str
    lineItems: list[OrderLineItem]
    currencyCode: str
    currencySymbol: str
    creationDate: str
    status: Literal["unknown", "completed", "pending", "cancelled", "suspended", "pending_review", "error"]
    links: dict[str, Link]
    attributes: Attributes


class OrderError(TypedDict, total=False):
    orderGroupId: str
    code: int
    description: str


class CartCheckoutResult(TypedDict, total=False):
    orders: list[Order]
    orderErrors: list[OrderError]
    attributes: Attributes


class QuantityProvisioningStatus(TypedDict, total=False):
    quantity: int
    status: ProvisioningStatus


class OrderLineItemProvisioningStatus(TypedDict, total=False):
    lineItemNumber: int
    status: ProvisioningStatus
    quantityProvisioningInformation: list[QuantityProvisioningStatus]


if TYPE_CHECKING or sys.version_info >= (3, 11):

    class Collection(TypedDict, Generic[T], total=False):
        """A page: ``totalCount`` across all pages, this page's ``items``, and the
        ``continuationToken`` of the next page (absent on the last)."""

        totalCount: int
        items: list[T]
        continuationToken: str
        links: dict[str, Link]
        attributes: Attributes

else:  # a generic TypedDict needs Python 3.11; before, a page is a plain dict at run time
    Collection = dict


class OrderQuery(TypedDict, total=False):
    billingCycle: BillingCycle
    pageSize: int
    continuation: str


class CatalogQuery(TypedDict, total=False):
    text: str
    segment: Segment
    termDuration: str
    billingCycle: BillingCycle
    currencyCode: str
    pageSize: int
    continuation: str


class ImportReport(TypedDict, total=False):
    format: str
    rows: int
    items: int
    pricesAdded: int
    pricesChanged: int
    pricesUnchanged: int
    pricesClosed: int
    pricesExtended: int
    pricesOutdated: int


class CustomerProfile(TypedDict, total=False):
    name: str
    segment: Segment
    market: str
    currencyCode: str
    locale: str
    tenantId: str


class Logo(TypedDict, total=False):
    mediaType: str
    data: str


class PartnerProfile(TypedDict, total=False):
    name: str
    addressLines: list[str]
    email: str
    phone: str
    taxId: str
    logo: Logo
    terms: str


class Seller(TypedDict, total=False):
    name: str
    addressLines: list[str]
    contact: str
    email: str
    phone: str
    taxId: str
    logo: Logo


class PriceBasis(TypedDict, total=False):
    kind: Literal["cost", "erp", "markup"]
    percent: Amount


class QuoteOptions(TypedDict, total=False):
    priceBasis: PriceBasis
    validUntil: str
    seller: Seller
    terms: str


class QuoteLine(TypedDict, total=False):
    lineId: int
    parentLineId: int
    catalogItemId: str
    title: str
    termDuration: str
    billingCycle: BillingCycle
    quantity: int
    unitPrice: Amount
    amountPerPeriod: Amount
    termTotal: Amount
    startDate: str
    commitmentEndDate: str
    periods: int
    partialPeriodUnitPrice: Amount
    trial: bool
    usageCharges: bool


class QuoteGroup(TypedDict, total=False):
    currencyCode: str
    billingCycle: BillingCycle
    termDuration: str
    lines: list[QuoteLine]
    totalPerPeriod: Amount
    termTotal: Amount


class Quote(TypedDict, total=False):
    quoteNumber: str
    cartId: str
    customerId: str
    customer: CustomerProfile
    issued: str
    validUntil: str
    locale: str
    priceBasis: PriceBasis
    seller: Seller
    terms: str
    groups: list[QuoteGroup]
    summary: list[dict[str, Any]]
    excludedLines: list[dict[str, Any]]
    priceChanges: list[dict[str, Any]]
    availabilityEnds: list[dict[str, Any]]


class ErrorBody(TypedDict, total=False):
    """An error as the library returns it (``CartstoreError.body``)."""

    code: int
    errorName: str
    description: str
    detail: dict[str, Any]


SubmissionState = Literal["queued", "resolving", "cartCreated", "checkoutPending", "reconciling", "ordered",
                          "partiallyOrdered", "failed", "needsAttention", "pausedAuth"]


class SubmissionLineError(TypedDict):
    errorCode: int
    errorDescription: str


class SubmissionLine(TypedDict, total=False):
    lineId: int
    catalogItemId: str
    resolvedCatalogItemId: Optional[str]
    error: Optional[SubmissionLineError]


class SubmissionOrderError(TypedDict):
    orderGroupId: str
    code: int
    description: str


class SubmissionError(TypedDict):
    code: int
    errorName: str
    description: str


class Submission(TypedDict, total=False):
    """A submission of a cart to Partner Center (``submit``, ``get_submission``)."""

    submissionId: str
    customerId: str
    cartId: str
    pcCustomerId: str
    state: SubmissionState
    remoteCartId: Optional[str]
    lines: list[SubmissionLine]
    orders: list[dict[str, Any]]
    orderErrors: list[SubmissionOrderError]
    lastError: SubmissionError
    createdAt: str
    updatedAt: str


#: The host's source of Partner Center access tokens (``submit``, ``resume_submissions``): called
#: with the reason (``TOKEN_INITIAL``, ``TOKEN_EXPIRED``, ``TOKEN_REJECTED``) and the claims
#: challenge of a 401 (or ``None``), on the calling thread, during the call; returns the bearer
#: token, or ``None`` for none (the submission pauses in ``pausedAuth``).
TokenCallback = Callable[[int, Optional[str]], Optional[str]]
