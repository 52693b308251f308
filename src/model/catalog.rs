//! The catalog: the offline stand-in for Partner Center's products, SKUs and availabilities.
//! The application ships or syncs it as JSON (or imports Microsoft's price list) into the store;
//! validation and pricing read it.

use super::wire::wire_struct;
use super::{BillingCycleType, CustomerSegment, Money, Timestamp};

wire_struct! {
    /// A catalog: `{"items": [...]}`.
    ///
    /// ```
    /// use cartstore::Catalog;
    /// let catalog: Catalog = serde_json::from_str(r#"{"items": [{
    ///     "catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "currencyCode": "USD",
    ///     "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]}]}"#).unwrap();
    /// let item = &catalog.items[0];
    /// assert!(item.eligible_for_purchase);
    /// assert_eq!(item.inventory, None);
    /// assert_eq!(item.terms[0].list_price.map(|p| p.to_string()).as_deref(), Some("30.4"));
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Catalog {
        /// The items.
        pub items: Vec<CatalogItem> = "items",
    }
}

wire_struct! {
    /// One buyable catalog item (a product SKU availability).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CatalogItem {
        /// The id carts name (`product:sku:availability`).
        pub catalog_item_id: String = "catalogItemId",
        /// The display title.
        pub title: Option<String> = "title",
        /// What it is (a price list's `SkuDescription`); searched with the title and the id.
        pub description: Option<String> = "description",
        /// The one customer segment it is sold to (a price list's `Segment`). Absent or
        /// `commercial`: any customer may buy it; `education`, `charity` or `government`: only a
        /// customer of that segment (any other gets line error 10006 with `{"segment": ...}`).
        pub segment: Option<CustomerSegment> = "segment",
        /// The one currency it is sold in.
        pub currency_code: String = "currencyCode",
        /// The market (country).
        pub market: Option<String> = "market",
        /// The smallest quantity of one line.
        pub minimum_quantity: Option<i64> = "minimumQuantity",
        /// The largest quantity of one line.
        pub maximum_quantity: Option<i64> = "maximumQuantity",
        /// Units left; absent or `null` means unlimited.
        pub inventory: Option<i64> = "inventory",
        /// Whether it can be bought (default true).
        pub eligible_for_purchase: bool = "eligibleForPurchase",
        /// Whether the buyer must accept an attestation.
        pub requires_attestation: bool = "requiresAttestation",
        /// The `provisioningContext` keys a line must send.
        pub provisioning_variables: Vec<String> = "provisioningVariables",
        /// The catalog items this is an add-on of (empty: not an add-on).
        pub addon_of: Vec<String> = "addonOf",
        /// The terms offered.
        pub terms: Vec<CatalogTerm> = "terms",
        /// The promotions offered.
        pub promotions: Vec<Promotion> = "promotions",
        /// `true` when it is a trial (a price-list row of it is tagged `Trial`); absent
        /// otherwise. Trials carry the paid SKU's title, so this is how a search result or a
        /// cart line tells them apart. Read from price lists only (a JSON catalog's is ignored).
        pub trial: Option<bool> = "trial",
        /// `true` when it is charged for usage on top of its price (a price-list row of it is
        /// tagged `IncludeOverage`); absent otherwise. Read from price lists only.
        pub usage_charges: Option<bool> = "usageCharges",
    }
}

impl Default for CatalogItem {
    fn default() -> Self {
        CatalogItem {
            catalog_item_id: String::new(),
            title: None,
            description: None,
            segment: None,
            currency_code: String::new(),
            market: None,
            minimum_quantity: None,
            maximum_quantity: None,
            inventory: None,
            eligible_for_purchase: true,
            requires_attestation: false,
            provisioning_variables: Vec::new(),
            addon_of: Vec::new(),
            terms: Vec::new(),
            promotions: Vec::new(),
            trial: None,
            usage_charges: None,
        }
    }
}

wire_struct! {
    /// A term an item is offered with, and its price.
    ///
    /// The optional `segment`, `market`, `currencyCode`, `effectiveStart` and `effectiveEnd`
    /// narrow who and when the price is for (a price list's rows carry them all); a term
    /// without them applies to every customer, in the item's currency, at every instant. Of
    /// several terms for one (term, billing cycle, currency) in effect at an instant, the one
    /// that started last applies. `tierMin`/`tierMax` narrow the quantity a price is for (a
    /// price list's tiered rows).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CatalogTerm {
        /// The term (`P1M`, `P1Y`, `P3Y`); absent for items without a term.
        pub term_duration: Option<String> = "termDuration",
        /// The billing cycle.
        pub billing_cycle: Option<BillingCycleType> = "billingCycle",
        /// The price per unit per billing period. Required: `None` (the member absent, `null`
        /// or misspelt) is refused on import with [`InputProblem::Missing`](crate::InputProblem)
        /// rather than read as a free item; every term the store returns has it.
        pub list_price: Option<Money> = "listPrice",
        /// The renewal terms a line may ask for (empty: renewal cannot be set).
        pub renews_to: Vec<String> = "renewsTo",
        /// The estimated retail price per unit per billing period (a price list's `ERP Price`
        /// divided by the billing periods in the term).
        pub erp_price: Option<Money> = "erpPrice",
        /// The customer segment the price is for (absent: every segment).
        pub segment: Option<CustomerSegment> = "segment",
        /// The market (ISO 3166 alpha-2) the price is for (absent: every market).
        pub market: Option<String> = "market",
        /// The price's currency (absent: the item's `currencyCode`).
        pub currency_code: Option<String> = "currencyCode",
        /// When the price takes effect (absent: always in effect so far).
        pub effective_start: Option<Timestamp> = "effectiveStart",
        /// When it stops being in effect, exclusive (absent: open-ended).
        pub effective_end: Option<Timestamp> = "effectiveEnd",
        /// The smallest quantity of a line this price is for (a price list's
        /// `PricingTierRangeMin`; absent: no lower bound). Read from price lists only.
        pub tier_min: Option<i64> = "tierMin",
        /// The largest quantity of a line this price is for, inclusive (a price list's
        /// `PricingTierRangeMax`; absent: no upper bound). Read from price lists only.
        pub tier_max: Option<i64> = "tierMax",
    }
}

wire_struct! {
    /// A promotion: a percentage off a term, within dates.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Promotion {
        /// The id lines send as `promotionId`.
        pub promotion_id: String = "promotionId",
        /// The term it applies to (absent: any).
        pub term_duration: Option<String> = "termDuration",
        /// The billing cycle it applies to (absent: any).
        pub billing_cycle: Option<BillingCycleType> = "billingCycle",
        /// The percentage off the list price. Required: `None` is refused on import with
        /// [`InputProblem::Missing`](crate::InputProblem); every promotion the store returns has it.
        pub discount_percent: Option<Money> = "discountPercent",
        /// When it starts (absent: always started).
        pub start_date: Option<Timestamp> = "startDate",
        /// When it ends, exclusive (absent: never).
        pub end_date: Option<Timestamp> = "endDate",
    }
}

/// The price-list item a Partner Center catalog item id names when the catalog lacks the id
/// itself: `ProductId:SkuId` of a three-part `ProductId:SkuId:AvailabilityId` (or longer);
/// `None` for an id of fewer parts. The rule of id resolution, which every storage backend
/// follows: the exact id (in any case) first, else this one.
///
/// ```
/// use cartstore::model::price_list_item_id;
/// assert_eq!(price_list_item_id("CFQ7TTC0LH18:0001:CFQ7TTC0VZW5"), Some("CFQ7TTC0LH18:0001"));
/// assert_eq!(price_list_item_id("A:B:C:D"), Some("A:B"));
/// assert_eq!(price_list_item_id("CFQ7TTC0LH18:0001"), None);
/// assert_eq!(price_list_item_id("X"), None);
/// ```
pub fn price_list_item_id(id: &str) -> Option<&str> {
    let first = id.find(':')?;
    let second = first + 1 + id.get(first + 1..)?.find(':')?;
    id.get(..second)
}
