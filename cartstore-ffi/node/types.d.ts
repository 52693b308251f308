// The wire types of cartstore (the Partner Center JSON shapes). Members the library may leave
// out are optional; amounts are numbers, instants ISO 8601 strings. tests/drift.rs checks that
// every type the C ABI's table names is declared here.

export type BillingCycle = 'unknown' | 'monthly' | 'annual' | 'none' | 'one_time' | 'triennial' | 'biennial';
export type Segment = 'commercial' | 'education' | 'charity' | 'nonprofit' | 'government';
/** A provisioning result, as recordProvisioning takes it. */
export type ProvisioningStatus = 'fulfilled' | 'unfulfilled' | 'prefulfillment_pending';
/** An amount: a JSON number (a string is accepted on input). */
export type Amount = number | string;

export interface Link { uri: string; method: string; headers?: { key: string; value: string }[] }
export interface Attributes { objectType?: string; etag?: string }

export interface CatalogTerm {
  termDuration?: string; billingCycle?: BillingCycle; listPrice?: Amount; renewsTo?: string[]; erpPrice?: Amount;
  segment?: Segment; market?: string; currencyCode?: string; effectiveStart?: string; effectiveEnd?: string;
  tierMin?: number; tierMax?: number;
}
export interface Promotion {
  promotionId: string; termDuration?: string; billingCycle?: BillingCycle; discountPercent?: Amount;
  startDate?: string; endDate?: string;
}
export interface CatalogItem {
  catalogItemId: string; title?: string; description?: string; segment?: Segment; currencyCode: string;
  market?: string; minimumQuantity?: number; maximumQuantity?: number; inventory?: number;
  eligibleForPurchase?: boolean; requiresAttestation?: boolean; provisioningVariables?: string[];
  addonOf?: string[]; terms?: CatalogTerm[]; promotions?: Promotion[]; trial?: boolean; usageCharges?: boolean;
}
export interface Catalog { items: CatalogItem[] }

export interface Pricing { listPrice?: Amount; discountedPrice?: Amount; proratedPrice?: Amount; price?: Amount; extendedPrice?: Amount }
export interface CartError { errorCode?: number; errorDescription?: string; additionalInformation?: Record<string, unknown> }
export interface CartLineItem {
  id?: number; catalogItemId?: string; friendlyName?: string; quantity?: number; currencyCode?: string;
  billingCycle?: BillingCycle; termDuration?: string; participants?: { key: string; value: string }[];
  provisioningContext?: Record<string, string>; orderGroup?: string; addonItems?: CartLineItem[]; error?: CartError;
  renewsTo?: { termDuration?: string }; attestationAccepted?: boolean; promotionId?: string;
  customTermEndDate?: string; pricing?: Pricing;
}
/** A cart: to create one, give its lineItems; to update one, also its id and the lastModifiedTimestamp it was read with. */
export interface Cart {
  id?: string; creationTimestamp?: string; lastModifiedTimestamp?: string; expirationTimestamp?: string;
  lastModifiedUser?: string; lineItems: CartLineItem[]; status?: 'Active' | 'Ordered';
  links?: { self?: Link }; attributes?: Attributes;
}

export interface OrderLineItem {
  lineItemNumber?: number; offerId?: string; subscriptionId?: string; parentSubscriptionId?: string;
  friendlyName?: string; quantity?: number; termDuration?: string; transactionType?: string;
  partnerIdOnRecord?: string; provisioningContext?: Record<string, string>; links?: Record<string, Link>;
  renewsTo?: { termDuration?: string }; pricing?: Pricing;
}
export interface Order {
  id: string; alternateId?: string; referenceCustomerId?: string; billingCycle?: BillingCycle;
  transactionType?: string; lineItems: OrderLineItem[]; currencyCode?: string; currencySymbol?: string;
  creationDate?: string; status?: 'unknown' | 'completed' | 'pending' | 'cancelled' | 'suspended' | 'pending_review' | 'error';
  links?: Record<string, Link>; attributes?: Attributes;
}
export interface OrderError { orderGroupId?: string; code?: number; description?: string }
export interface CartCheckoutResult { orders: Order[]; orderErrors?: OrderError[]; attributes?: Attributes }
export interface QuantityProvisioningStatus { quantity?: number; status?: ProvisioningStatus }
export interface OrderLineItemProvisioningStatus {
  lineItemNumber?: number; status?: ProvisioningStatus; quantityProvisioningInformation?: QuantityProvisioningStatus[];
}
/** A page: totalCount across all pages, this page's items, the continuationToken of the next page (absent on the last). */
export interface Collection<T> {
  totalCount: number; items: T[]; continuationToken?: string; links?: Record<string, Link>; attributes?: Attributes;
}
export interface OrderQuery { billingCycle?: BillingCycle; pageSize?: number; continuation?: string }
export interface CatalogQuery {
  text?: string; segment?: Segment; termDuration?: string; billingCycle?: BillingCycle; currencyCode?: string;
  pageSize?: number; continuation?: string;
}
export interface ImportReport {
  format: string; rows: number; items: number; pricesAdded: number; pricesChanged: number; pricesUnchanged: number;
  pricesClosed?: number; pricesExtended?: number; pricesOutdated?: number;
}
export interface CustomerProfile { name?: string; segment?: Segment; market?: string; currencyCode?: string; locale?: string; tenantId?: string }
export interface Logo { mediaType?: string; data?: string }
export interface PartnerProfile {
  name?: string; addressLines?: string[]; email?: string; phone?: string; taxId?: string; logo?: Logo; terms?: string;
}
export interface Seller {
  name?: string; addressLines?: string[]; contact?: string; email?: string; phone?: string; taxId?: string; logo?: Logo;
}
export interface PriceBasis { kind: 'cost' | 'erp' | 'markup'; percent?: Amount }
export interface QuoteOptions { priceBasis?: PriceBasis; validUntil?: string; seller?: Seller; terms?: string }
export interface QuoteLine {
  lineId: number; parentLineId?: number; catalogItemId: string; title: string; termDuration?: string;
  billingCycle: BillingCycle; quantity: number; unitPrice: Amount; amountPerPeriod: Amount; termTotal: Amount;
  startDate?: string; commitmentEndDate?: string; periods?: number; partialPeriodUnitPrice?: Amount;
  trial?: boolean; usageCharges?: boolean;
}
export interface QuoteGroup {
  currencyCode: string; billingCycle: BillingCycle; termDuration?: string; lines: QuoteLine[];
  totalPerPeriod: Amount; termTotal: Amount;
}
export interface Quote {
  quoteNumber: string; cartId: string; customerId: string; customer: CustomerProfile; issued: string;
  validUntil: string; locale: string; priceBasis: PriceBasis; seller: Seller; terms?: string; groups: QuoteGroup[];
  summary?: Record<string, unknown>[]; excludedLines: Record<string, unknown>[]; priceChanges: Record<string, unknown>[];
  availabilityEnds?: Record<string, unknown>[];
}
/** An error as the library returns it (CartstoreError.body). */
export interface ErrorBody { code: number; errorName: string; description: string; detail?: Record<string, unknown> }

/** Where a submission to Partner Center is. */
export type SubmissionState =
  | 'queued' | 'resolving' | 'cartCreated' | 'checkoutPending' | 'reconciling'
  | 'ordered' | 'partiallyOrdered' | 'failed' | 'needsAttention' | 'pausedAuth';
export interface SubmissionLine {
  lineId: number; catalogItemId: string; resolvedCatalogItemId?: string | null;
  error?: { errorCode: number; errorDescription: string } | null;
}
/** A submission of a cart to Partner Center (submit, getSubmission). */
export interface Submission {
  submissionId: string; customerId: string; cartId: string; pcCustomerId: string; state: SubmissionState;
  remoteCartId?: string | null; lines: SubmissionLine[]; orders: Record<string, unknown>[];
  orderErrors: { orderGroupId: string; code: number; description: string }[];
  lastError?: { code: number; errorName: string; description: string }; createdAt: string; updatedAt: string;
}
/**
 * The host's source of Partner Center access tokens (submit, resumeSubmissions): called
 * synchronously during the call with the reason (TokenReason) and the claims challenge of a 401
 * (or null); returns the bearer token, or null for none (the submission pauses in pausedAuth).
 */
export type TokenCallback = (reason: number, claimsChallenge: string | null) => string | null;
