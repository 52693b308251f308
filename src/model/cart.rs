//! The cart resources: `Cart`, `CartLineItem`, `Pricing`, `RenewsTo`, `CartError`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::wire::{WireJson, wire_enum, wire_struct};
use super::{Attributes, BillingCycleType, CartErrorCode, KeyValue, Link, Money, SelfLinks, Timestamp};

wire_enum! {
    /// The status of a cart.
    pub enum CartStatus {
        /// Can be updated and checked out.
        Active = "Active",
        /// Has already been checked out.
        Ordered = "Ordered",
        /// Is being submitted to Partner Center (cartstore's own status: the cart is frozen,
        /// neither changed nor checked out here, until its submission ends; see
        /// [`Store::submit`](crate::Store::submit)).
        Submitting = "Submitting",
    }
}

wire_struct! {
    /// A cart: the line items a customer is about to buy.
    ///
    /// ```
    /// use cartstore::Cart;
    /// let cart: Cart = serde_json::from_str(
    ///     r#"{"LineItems": [{"CatalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "Quantity": 2}]}"#,
    /// ).unwrap();
    /// assert_eq!(cart.line_items[0].quantity.as_ref().and_then(|q| q.get()), Some(2));
    /// assert_eq!(
    ///     serde_json::to_string(&cart).unwrap(),
    ///     r#"{"lineItems":[{"catalogItemId":"CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5","quantity":2}]}"#,
    /// );
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Cart {
        /// The cart id (a GUID), assigned by the store on create.
        pub id: String = "id",
        /// When the cart was created.
        pub creation_timestamp: Option<Timestamp> = "creationTimestamp",
        /// When the cart was last changed; an update must send the value it read.
        pub last_modified_timestamp: Option<Timestamp> = "lastModifiedTimestamp",
        /// When the cart expires.
        pub expiration_timestamp: Option<Timestamp> = "expirationTimestamp",
        /// Who last changed the cart.
        pub last_modified_user: Option<String> = "lastModifiedUser",
        /// The line items.
        pub line_items: Vec<CartLineItem> = "lineItems",
        /// `Active` or `Ordered`.
        pub status: Option<CartStatus> = "status",
        /// The `self` link.
        pub links: Option<SelfLinks> = "links",
        /// `objectType` = `Cart`.
        pub attributes: Option<Attributes> = "attributes",
    }
}

wire_struct! {
    /// One item of a cart.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CartLineItem {
        /// The line id, 0..n-1 within the cart (assigned on create when absent).
        pub id: Option<i64> = "id",
        /// The catalog item being bought.
        pub catalog_item_id: Option<String> = "catalogItemId",
        /// The partner's name for the item.
        pub friendly_name: Option<String> = "friendlyName",
        /// The number of licenses or instances.
        pub quantity: Option<Quantity> = "quantity",
        /// The currency code.
        pub currency_code: Option<String> = "currencyCode",
        /// The billing cycle.
        pub billing_cycle: Option<BillingCycleType> = "billingCycle",
        /// The term, ISO 8601 (`P1M`, `P1Y`, `P3Y`).
        pub term_duration: Option<String> = "termDuration",
        /// Partner ids on record (`transaction_reseller`).
        pub participants: Option<Vec<KeyValue>> = "participants",
        /// Values the item's provisioning variables need.
        pub provisioning_context: Option<BTreeMap<String, String>> = "provisioningContext",
        /// The group of lines that become one order (assigned by the store).
        pub order_group: Option<String> = "orderGroup",
        /// Add-ons bought towards this line's subscription.
        pub addon_items: Option<Vec<CartLineItem>> = "addonItems",
        /// Why this line is not valid, where it is not.
        pub error: Option<CartError> = "error",
        /// The renewal term.
        pub renews_to: Option<RenewsTo> = "renewsTo",
        /// Whether the offer's attestation was accepted.
        pub attestation_accepted: Option<bool> = "attestationAccepted",
        /// The promotion to apply.
        pub promotion_id: Option<String> = "promotionId",
        /// The end date of the first term, to shorten it.
        pub custom_term_end_date: Option<Timestamp> = "customTermEndDate",
        /// The prices (computed by the store).
        pub pricing: Option<Pricing> = "pricing",
    }
}

wire_struct! {
    /// Price details, before tax, in the line's currency.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Pricing {
        /// The catalog price per unit per billing period.
        pub list_price: Option<Money> = "listPrice",
        /// The price after discounts (promotions).
        pub discounted_price: Option<Money> = "discountedPrice",
        /// The discounted price after proration.
        pub prorated_price: Option<Money> = "proratedPrice",
        /// The price after all discounts and proration.
        pub price: Option<Money> = "price",
        /// The price times quantity times billing periods in the term.
        pub extended_price: Option<Money> = "extendedPrice",
    }
}

/// The renewal term of a line.
///
/// The cart resource documents an array of these and the services send one object: both
/// are read (an array gives its first element); one object is written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RenewsTo {
    /// The renewal term, ISO 8601 (`P1M`, `P1Y`).
    #[serde(rename = "termDuration", skip_serializing_if = "Option::is_none")]
    pub term_duration: Option<String>,
}

// Written as its `Serialize` writes it (the member skipped when absent): the wire macro's writer.
wire_struct!(@json RenewsTo { term_duration = "termDuration", });

wire_struct! {
    /// Why a cart line is not valid.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct CartError {
        /// The error's type.
        pub error_code: Option<CartErrorCode> = "errorCode",
        /// The description, in the store's locale.
        pub error_description: Option<String> = "errorDescription",
        /// Quantities, for quantity errors.
        pub additional_information: Option<AdditionalInformation> = "additionalInformation",
    }
}

wire_struct! {
    /// What a line error adds: the quantities of a quantity error, the minimum of a quantity
    /// below it, that the item cannot be bought, the segment the item is reserved for, or the
    /// terms or currencies to choose from.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct AdditionalInformation {
        /// How many licenses can still be bought.
        pub available_quantity: Option<i64> = "availableQuantity",
        /// How many were asked for.
        pub purchased_quantity: Option<i64> = "purchasedQuantity",
        /// The smallest quantity the item may be bought in (a quantity below it, 10010).
        pub minimum_quantity: Option<i64> = "minimumQuantity",
        /// `false` when the catalog says the item cannot be bought (10006).
        pub eligible_for_purchase: Option<bool> = "eligibleForPurchase",
        /// The segment an Education, Charity or Government SKU is reserved for, when the
        /// customer is of another segment (10006; 800020 at checkout).
        pub segment: Option<String> = "segment",
        /// The terms the item is offered in for the line's billing cycle, when the line names
        /// none and there are several (10010: the line must name one).
        pub term_durations: Option<Vec<String>> = "termDurations",
        /// The currencies the item is offered in to the customer, when the line names none,
        /// the customer's profile names none, and there are several (10000).
        pub currency_codes: Option<Vec<String>> = "currencyCodes",
    }
}

/// A line item quantity as sent.
///
/// Usually a whole number (`3`, or `3.0` / `3e0`, which read as `3`); anything else (`1.5`,
/// `"1"`, a whole number past `i64` such as `1e30`) is kept as sent, so that the store refuses
/// it with [`Error::InvalidInput`](crate::Error) naming the field instead of failing the whole
/// parse. Whether a number is whole is decided on its text, exactly: `2.9999999999999999`
/// (which is 3.0 as an `f64`) is not a whole number.
///
/// ```
/// use cartstore::model::Quantity;
/// let q: Quantity = serde_json::from_str("3").unwrap();
/// assert_eq!(q.get(), Some(3));
/// let q: Quantity = serde_json::from_str("3.0").unwrap();
/// assert_eq!(q.get(), Some(3));
/// let q: Quantity = serde_json::from_str("1.5").unwrap();
/// assert_eq!((q.get(), q.is_whole()), (None, false));
/// let q: Quantity = serde_json::from_str("1e30").unwrap();
/// assert_eq!((q.get(), q.is_whole()), (None, true));
/// let q: Quantity = serde_json::from_str("2.9999999999999999").unwrap();
/// assert_eq!((q.get(), q.is_whole()), (None, false));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity(QuantityRepr);

#[derive(Debug, Clone, PartialEq)]
enum QuantityRepr {
    Whole(i64),
    Other(serde_json::Value),
}

impl Quantity {
    /// A whole quantity.
    pub const fn new(n: i64) -> Quantity {
        Quantity(QuantityRepr::Whole(n))
    }

    /// The quantity when it is a whole number that fits `i64`.
    pub fn get(&self) -> Option<i64> {
        match &self.0 {
            QuantityRepr::Whole(n) => Some(*n),
            QuantityRepr::Other(_) => None,
        }
    }

    /// True when the value sent is a whole number, whether or not it fits `i64` (a whole
    /// number that does not fit is out of range rather than fractional).
    pub fn is_whole(&self) -> bool {
        match &self.0 {
            QuantityRepr::Whole(_) => true,
            QuantityRepr::Other(v) => v.is_u64() || whole_number(v).is_some(),
        }
    }

    /// True when the value sent was a JSON number (whole or not).
    pub fn is_number(&self) -> bool {
        match &self.0 {
            QuantityRepr::Whole(_) => true,
            QuantityRepr::Other(v) => v.is_number(),
        }
    }
}

impl From<i64> for Quantity {
    fn from(n: i64) -> Self {
        Quantity::new(n)
    }
}

impl From<i32> for Quantity {
    fn from(n: i32) -> Self {
        Quantity::new(i64::from(n))
    }
}

impl WireJson for Quantity {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        match &self.0 {
            QuantityRepr::Whole(n) => n.write_json(out),
            QuantityRepr::Other(v) => super::wire::write_serde(out, v),
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            QuantityRepr::Whole(n) => serializer.serialize_i64(*n),
            QuantityRepr::Other(v) => v.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if let Some(n) = value.as_i64() {
            return Ok(Quantity::new(n));
        }
        if let Some(Some(n)) = whole_number(&value) {
            // A whole number written otherwise (`3.0`, `3e0`, `30e-1`): the number 3.
            return Ok(Quantity::new(n));
        }
        Ok(Quantity(QuantityRepr::Other(value)))
    }
}

/// Whether a JSON number is whole, read exactly from its text (serde_json's
/// `arbitrary_precision` keeps it: `2.9999999999999999` is not 3, `30e-1` is): `None` when it
/// is not a whole number (or not a number), `Some(None)` when it is whole but past `i64`.
fn whole_number(value: &serde_json::Value) -> Option<Option<i64>> {
    let serde_json::Value::Number(number) = value else { return None };
    let (negative, mut digits, mut exp) = super::money::split_number(&number.to_string())?;
    while exp < 0 && digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    if digits.is_empty() {
        return Some(Some(0));
    }
    if exp < 0 {
        return None;
    }
    let length = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    if length.saturating_add(exp) > 19 {
        return Some(None);
    }
    let mut n: i128 = 0;
    for d in digits.into_iter().chain(std::iter::repeat_n(0, usize::try_from(exp).unwrap_or(0))) {
        n = n * 10 + i128::from(d);
    }
    Some(i64::try_from(if negative { -n } else { n }).ok())
}

impl<'de> Deserialize<'de> for RenewsTo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RenewsTo;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a RenewsTo object or an array of them")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = RenewsTo::default();
                let mut seen = false;
                while let Some(key) = map.next_key_seed(super::wire::KeyIndex(&["termDuration"]))? {
                    if key == Some(0) {
                        if std::mem::replace(&mut seen, true) {
                            return Err(de::Error::duplicate_field("termDuration"));
                        }
                        out.term_duration = map.next_value()?;
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                Ok(out)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let first: Option<RenewsTo> = seq.next_element()?;
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(first.unwrap_or_default())
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl Cart {
    /// Sets the cart's `self` link (`/customers/{customer}/carts/{id}`).
    pub(crate) fn fill_links(&mut self, customer: &str) {
        self.links = Some(SelfLinks { self_link: Some(Link::to(&["customers", customer, "carts", &self.id])) });
    }
}

/// Calls `f` on every line of `lines` and on every add-on under them, depth first (a line, then
/// its add-ons): the one walk over a cart's line tree.
pub fn walk_lines<'a>(lines: &'a [CartLineItem], f: &mut impl FnMut(&'a CartLineItem)) {
    walk_lines_indexed(lines, &mut |_, _, line| f(line));
}

/// [`walk_lines`], also giving each line's position in the walk and its parent's position
/// (`None` for a top-level line): what storing a tree as rows, or numbering order lines with
/// their parent subscriptions, needs.
pub fn walk_lines_indexed<'a>(lines: &'a [CartLineItem], f: &mut impl FnMut(usize, Option<usize>, &'a CartLineItem)) {
    fn go<'a>(
        lines: &'a [CartLineItem],
        parent: Option<usize>,
        next: &mut usize,
        f: &mut impl FnMut(usize, Option<usize>, &'a CartLineItem),
    ) {
        for line in lines {
            let me = *next;
            *next += 1;
            f(me, parent, line);
            go(line.addon_items.as_deref().unwrap_or_default(), Some(me), next, f);
        }
    }
    go(lines, None, &mut 0, f);
}

/// [`walk_lines`], with each line mutable.
pub fn walk_lines_mut(lines: &mut [CartLineItem], f: &mut impl FnMut(&mut CartLineItem)) {
    for line in lines {
        f(line);
        walk_lines_mut(line.addon_items.as_deref_mut().unwrap_or_default(), f);
    }
}
