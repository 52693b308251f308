//! The Partner Center wire model: serde types only, no I/O.
//!
//! Every type here reads and writes the JSON of Partner Center's REST API (the cart and order
//! resources of the seed documents): property names are read in any case and written in
//! camelCase, absent members are omitted, `null` reads as absent, unknown members are skipped,
//! and every property is optional when parsing (what a call requires, the call checks).

pub(crate) mod wire;

mod cart;
mod catalog;
pub mod codes;
mod customer;
mod money;
mod order;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

pub use cart::{
    AdditionalInformation, Cart, CartError, CartLineItem, CartStatus, Pricing, Quantity, RenewsTo, walk_lines,
    walk_lines_indexed, walk_lines_mut,
};
pub use catalog::{Catalog, CatalogItem, CatalogTerm, Promotion, price_list_item_id};
pub use codes::{CartErrorCode, OrderErrorCode};
pub use customer::{CustomerProfile, CustomerSegment};
pub use money::{Money, currency_symbol, minor_units, round_money};
pub use order::{
    CartCheckoutResult, Order, OrderError, OrderLineItem, OrderLineItemLinks, OrderLineItemProvisioningStatus,
    OrderLinks, OrderStatus, OrderTransactionType, ProvisioningStatus, QuantityProvisioningStatus, TransactionType,
};
pub use wire::WireJson;

use wire::{wire_enum, wire_struct};

/// An instant, written in RFC 3339 UTC with `Z`; read with any offset (none means UTC) and up
/// to 7 (or 9) fractional digits, as Partner Center and the .NET SDK write them. Only instants
/// in the years 1 to 9999 (UTC) are read: RFC 3339 cannot write any other, so one read would
/// be written in a form no reader takes back (`9999-12-31T23:00:00-02:00` is refused too).
///
/// ```
/// use cartstore::model::Timestamp;
/// let t: Timestamp = serde_json::from_str("\"2018-03-06T17:37:05.253-08:00\"").unwrap();
/// assert_eq!(serde_json::to_string(&t).unwrap(), "\"2018-03-07T01:37:05.253Z\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// The instant as microseconds since the Unix epoch (how the store keeps it).
    pub fn to_micros(self) -> i64 {
        self.0.timestamp_micros()
    }

    /// The instant from microseconds since the Unix epoch.
    pub fn from_micros(micros: i64) -> Option<Timestamp> {
        DateTime::<Utc>::from_timestamp_micros(micros).map(Timestamp)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Timestamp(value)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// Why a timestamp text was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an RFC 3339 date-time in the years 1 to 9999", self.0)
    }
}

impl std::error::Error for TimestampError {}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        // Only years 1 to 9999 in UTC: what RFC 3339 (four-digit years) writes and reads back.
        let in_range = |t: DateTime<Utc>| (1..=9999).contains(&t.year());
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            let t = t.with_timezone(&Utc);
            return if in_range(t) { Ok(Timestamp(t)) } else { Err(TimestampError(s.to_owned())) };
        }
        // No offset at all (the .NET SDK's default DateTime): read as UTC.
        for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
                let t = naive.and_utc();
                return if in_range(t) { Ok(Timestamp(t)) } else { Err(TimestampError(s.to_owned())) };
            }
        }
        Err(TimestampError(s.to_owned()))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl wire::WireJson for Timestamp {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        // Digits, `-`, `:`, `T`, `.` and `Z`: nothing JSON escapes.
        use fmt::Write as _;
        write!(out, "\"{self}\"").map_err(|e| serde_json::Error::io(std::io::Error::other(e)))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time in the years 1 to 9999")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::from_str(v).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(V)
    }
}

wire_enum! {
    /// How often the partner is billed (`billingCycle`).
    pub enum BillingCycleType {
        /// Enum initializer.
        Unknown = "unknown",
        /// Billed every month.
        Monthly = "monthly",
        /// Billed every year.
        Annual = "annual",
        /// No billing (trials).
        None = "none",
        /// Billed once.
        OneTime = "one_time",
        /// Billed every three years.
        Triennial = "triennial",
        /// Billed every two years.
        Biennial = "biennial",
    }
}

impl BillingCycleType {
    /// The length of one billing period in months (`None` for `one_time`, `none`, `unknown`).
    pub const fn months(self) -> Option<u32> {
        match self {
            BillingCycleType::Monthly => Some(1),
            BillingCycleType::Annual => Some(12),
            BillingCycleType::Biennial => Some(24),
            BillingCycleType::Triennial => Some(36),
            BillingCycleType::OneTime | BillingCycleType::None | BillingCycleType::Unknown => None,
        }
    }
}

/// Months in an ISO 8601 term duration of the forms `PnM` and `PnY` (`P1M`, `P1Y`, `P3Y`).
///
/// ```
/// assert_eq!(cartstore::model::term_months("P3Y"), Some(36));
/// assert_eq!(cartstore::model::term_months("p1m"), Some(1));
/// assert_eq!(cartstore::model::term_months("P1W"), None);
/// // Any text at all is answered, never a panic (a term is client or file input).
/// assert_eq!(cartstore::model::term_months("P1年"), None);
/// ```
pub fn term_months(term: &str) -> Option<u32> {
    let upper = term.trim().to_ascii_uppercase();
    let body = upper.strip_prefix('P')?;
    // The unit is the last character, which need not be one byte: the suffix is matched, not
    // cut at a byte index.
    let (digits, months) = match (body.strip_suffix('M'), body.strip_suffix('Y')) {
        (Some(digits), _) => (digits, 1),
        (None, Some(digits)) => (digits, 12),
        (None, None) => return None,
    };
    let n: u32 = digits.parse().ok().filter(|n| *n > 0 && *n <= 100)?;
    n.checked_mul(months)
}

/// A key/value pair (`participants`, link `headers`); both members are always written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct KeyValue {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

wire_struct!(@de KeyValue { key: String = "key", value: String = "value", });

impl wire::WireJson for KeyValue {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        out.push_str("{\"key\":");
        wire::write_json_str(out, &self.key)?;
        out.push_str(",\"value\":");
        wire::write_json_str(out, &self.value)?;
        out.push('}');
        Ok(())
    }
}

/// A resource link; every member is always written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Link {
    /// The URI, relative to the service root.
    pub uri: String,
    /// The HTTP method.
    pub method: String,
    /// Headers to send.
    pub headers: Vec<KeyValue>,
}

wire_struct!(@de Link { uri: String = "uri", method: String = "method", headers: Vec<KeyValue> = "headers", });

impl wire::WireJson for Link {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        out.push_str("{\"uri\":");
        wire::write_json_str(out, &self.uri)?;
        out.push_str(",\"method\":");
        wire::write_json_str(out, &self.method)?;
        out.push_str(",\"headers\":");
        self.headers.write_json(out)?;
        out.push('}');
        Ok(())
    }
}

impl Link {
    /// A `GET` link to `uri` with no headers.
    pub fn get(uri: impl Into<String>) -> Link {
        Link { uri: uri.into(), method: "GET".to_owned(), headers: Vec::new() }
    }

    /// A `GET` link to the resource path made of `segments` (see [`resource_uri`]).
    pub(crate) fn to(segments: &[&str]) -> Link {
        Link::get(resource_uri(segments, &[]))
    }
}

/// The URI of a resource, relative to the service root: `/` and each of `segments`
/// percent-encoded, then `?name=value&...` for `query` with each value percent-encoded. Every
/// link the store serves is built here, so an id sent by a client (`../../admin/x?y=1#`) stays
/// one path segment (`..%2F..%2Fadmin%2Fx%3Fy%3D1%23`). Only RFC 3986's unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) are left as they are, except that a segment of dots alone (`.`,
/// `..`) has its dots encoded (`%2E`), so that it is not read as a dot-segment by a client
/// that resolves URIs without decoding (WHATWG URL parsers still treat `%2E%2E` as `..`).
pub(crate) fn resource_uri(segments: &[&str], query: &[(&str, &str)]) -> String {
    let len = segments.iter().map(|s| s.len() + 1).sum::<usize>()
        + query.iter().map(|(n, v)| n.len() + v.len() + 2).sum::<usize>();
    let mut out = String::with_capacity(len + 8);
    for segment in segments {
        push_segment(&mut out, segment);
    }
    for (i, (name, value)) in query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        push_encoded(&mut out, name, false);
        out.push('=');
        push_encoded(&mut out, value, false);
    }
    out
}

/// Appends `/` and `segment` percent-encoded, as [`resource_uri`] writes each segment: for a
/// caller that builds many links on one prefix (an order's), encoding the prefix once.
pub(crate) fn push_segment(out: &mut String, segment: &str) {
    out.push('/');
    let dots_only = !segment.is_empty() && segment.bytes().all(|b| b == b'.');
    push_encoded(out, segment, dots_only);
}

/// Appends `text`, percent-encoding every byte but the unreserved ones (and dots, unless
/// the segment is dots only); runs that need nothing are copied whole.
fn push_encoded(out: &mut String, text: &str, dots_only: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let encode = |b: u8| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') || (b == b'.' && !dots_only));
    let mut rest = text;
    while let Some(at) = rest.bytes().position(encode) {
        let Some((plain, tail)) = rest.split_at_checked(at) else { break };
        out.push_str(plain);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        let mut buf = [0u8; 4];
        for byte in c.encode_utf8(&mut buf).bytes() {
            out.push('%');
            for nibble in [byte >> 4, byte & 0x0F] {
                out.push(HEX.get(usize::from(nibble)).map_or('0', |h| char::from(*h)));
            }
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
}

wire_struct! {
    /// Resource metadata attributes.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Attributes {
        /// The resource type (`Cart`, `Order`, `CartCheckoutResult`, `Collection`).
        pub object_type: Option<String> = "objectType",
        /// The entity tag, where the service sends one.
        pub etag: Option<String> = "etag",
    }
}

impl Attributes {
    /// Attributes naming `object_type`.
    pub fn of(object_type: &str) -> Option<Attributes> {
        Some(Attributes { object_type: Some(object_type.to_owned()), etag: None })
    }
}

wire_struct! {
    /// Links of a resource that has only a `self` link (a cart).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct SelfLinks {
        /// The link to this resource.
        pub self_link: Option<Link> = "self",
    }
}

wire_struct! {
    /// Links of a collection page.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct CollectionLinks {
        /// The link to this page.
        pub self_link: Option<Link> = "self",
        /// The link to the next page, with the `MS-ContinuationToken` header.
        pub next: Option<Link> = "next",
    }
}

/// A page of a list call: `{"totalCount", "items", "continuationToken", "links", "attributes"}`.
///
/// `total_count` counts every match, not the page; `continuation_token` and `links.next` are
/// absent on the last page. Read like every wire type: property names in any case, `null` as
/// absent, unknown members skipped, a member given twice refused; `items` is required, and an
/// absent `totalCount` is the number of items.
///
/// ```
/// use cartstore::{Collection, model::KeyValue};
/// let page: Collection<KeyValue> = serde_json::from_str(
///     r#"{"TotalCount": 3, "Items": [{"key": "a", "value": "1"}], "ContinuationToken": null}"#).unwrap();
/// assert_eq!((page.total_count, page.items.len(), page.continuation_token), (3, 1, None));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection<T> {
    /// How many items match, across all pages.
    pub total_count: u64,
    /// The items of this page.
    pub items: Vec<T>,
    /// The token that fetches the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    /// The `self` and `next` links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<CollectionLinks>,
    /// `objectType` = `Collection`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

impl<T: WireJson> WireJson for Collection<T> {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        out.push_str("{\"totalCount\":");
        self.total_count.write_json(out)?;
        out.push_str(",\"items\":");
        self.items.write_json(out)?;
        if let Some(token) = &self.continuation_token {
            out.push_str(",\"continuationToken\":");
            wire::write_json_str(out, token)?;
        }
        if let Some(links) = &self.links {
            out.push_str(",\"links\":");
            links.write_json(out)?;
        }
        if let Some(attributes) = &self.attributes {
            out.push_str(",\"attributes\":");
            attributes.write_json(out)?;
        }
        out.push('}');
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Collection<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const NAMES: &[&str] = &["totalCount", "items", "continuationToken", "links", "attributes"];
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Collection<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a Collection object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Collection<T>, A::Error> {
                use serde::de::Error as _;
                let mut total_count: Option<u64> = None;
                let mut items: Option<Vec<T>> = None;
                let mut continuation_token: Option<String> = None;
                let mut links: Option<CollectionLinks> = None;
                let mut attributes: Option<Attributes> = None;
                let named = |name: &'static str| move |e: A::Error| A::Error::custom(format_args!("{name}: {e}"));
                let mut seen = wire::Seen::default();
                while let Some(key) = map.next_key_seed(wire::KeyIndex(NAMES))? {
                    if let Some(index) = key
                        && !seen.insert(index)
                    {
                        return Err(A::Error::duplicate_field(NAMES.get(index).copied().unwrap_or("?")));
                    }
                    match key {
                        Some(0) => total_count = map.next_value().map_err(named("totalCount"))?,
                        Some(1) => items = map.next_value().map_err(named("items"))?,
                        Some(2) => continuation_token = map.next_value().map_err(named("continuationToken"))?,
                        Some(3) => links = map.next_value().map_err(named("links"))?,
                        Some(4) => attributes = map.next_value().map_err(named("attributes"))?,
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let items = items.ok_or_else(|| A::Error::missing_field("items"))?;
                Ok(Collection {
                    total_count: total_count.unwrap_or(items.len() as u64),
                    items,
                    continuation_token,
                    links,
                    attributes,
                })
            }
        }
        deserializer.deserialize_map(V(std::marker::PhantomData))
    }
}

impl<T> Collection<T> {
    /// A page of `items` out of `total_count`, with no links.
    pub fn new(items: Vec<T>, total_count: u64, continuation_token: Option<String>) -> Self {
        Collection { total_count, items, continuation_token, links: None, attributes: Attributes::of("Collection") }
    }

    /// Sets the links of a page of `customer`'s orders (of one billing cycle, when filtered):
    /// `self`, and `next` with the continuation token as its `MS-ContinuationToken` header.
    pub(crate) fn fill_order_links(&mut self, customer: &str, cycle: Option<BillingCycleType>) {
        let query = cycle.map(|c| ("billingType", c.as_str()));
        let uri = resource_uri(&["customers", customer, "orders"], query.as_slice());
        let next = self.continuation_token.as_ref().map(|token| Link {
            uri: uri.clone(),
            method: "GET".to_owned(),
            headers: vec![KeyValue { key: "MS-ContinuationToken".to_owned(), value: token.clone() }],
        });
        self.links = Some(CollectionLinks { self_link: Some(Link::get(uri)), next });
    }
}

#[cfg(test)]
mod tests {
    use super::{resource_uri, term_months};

    /// Found by the price-list fuzz target: a term whose last character is more than one byte
    /// (`Pϸ`, in a price list's `TermDuration`) panicked where the unit was cut off by byte
    /// index. Every text is an answer now: the month count, or none.
    #[test]
    fn a_term_of_any_text_is_read_without_a_panic() {
        for (term, months) in [
            ("P1M", Some(1)),
            ("P12M", Some(12)),
            (" p3y ", Some(36)),
            ("P100Y", Some(1200)),
            ("P101M", None),
            ("P0Y", None),
            ("P1W", None),
            ("P", None),
            ("PM", None),
            ("", None),
            ("Pϸ", None),
            ("ϸ", None),
            ("P1年", None),
            ("P1Yϸ", None),
            ("Pϸ1Y", None),
            ("P1ＹY", None),
        ] {
            assert_eq!(term_months(term), months, "{term:?}");
        }
    }

    #[test]
    fn resource_uris_encode_each_segment_and_query_value() {
        type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
        let cases: &[Case<'_>] = &[
            (&["customers", "c-1", "carts", "x"], &[], "/customers/c-1/carts/x"),
            (&["customers", "../../admin/x?y=1#"], &[], "/customers/..%2F..%2Fadmin%2Fx%3Fy%3D1%23"),
            (&["customers", ".", ".."], &[], "/customers/%2E/%2E%2E"),
            (&["a.b", "..."], &[], "/a.b/%2E%2E%2E"),
            (&["é", "a b", "%"], &[], "/%C3%A9/a%20b/%25"),
            (&["orders"], &[("billingType", "one_time"), ("x", "a&b=c")], "/orders?billingType=one_time&x=a%26b%3Dc"),
        ];
        for (segments, query, uri) in cases {
            assert_eq!(resource_uri(segments, query), *uri);
        }
    }

    /// Every character alone in a segment, between two letters, and after a dot: left as it
    /// is exactly when RFC 3986 calls it unreserved, else each of its UTF-8 bytes as `%XX`.
    #[test]
    fn every_character_is_encoded_unless_unreserved() {
        let expected = |c: char| -> String {
            if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                c.to_string()
            } else {
                c.to_string().bytes().map(|b| format!("%{b:02X}")).collect()
            }
        };
        for c in (0..=0x2FFu32).chain([0xFFFD, 0x1F600]).filter_map(char::from_u32) {
            let alone = if c == '.' { "%2E".to_owned() } else { expected(c) };
            assert_eq!(resource_uri(&[&c.to_string()], &[]), format!("/{alone}"), "{c:?}");
            assert_eq!(resource_uri(&[&format!("a{c}b")], &[]), format!("/a{}b", expected(c)), "{c:?}");
            assert_eq!(resource_uri(&[&format!(".{c}")], &[]), format!("/.{}", expected(c)).replace("/..", "/%2E%2E"));
        }
    }

    /// An order's links, built on prefixes encoded once, are the `resource_uri` of each link's
    /// whole path, whatever the customer, order and offer ids hold.
    #[test]
    fn order_links_are_the_resource_uris_of_their_paths() {
        use super::order::{Order, OrderLineItem};
        for (customer, id, offer, subscription) in [
            ("c-1", "0192a3b4-0000-7000-8000-000000000001", "CFQ7TTC0LH18:0001", "sub-1"),
            ("../../admin/x?y=1#", "..", "é/x:a b", "%"),
            ("", ".", ":", ""),
        ] {
            let line = OrderLineItem {
                line_item_number: Some(7),
                offer_id: Some(offer.to_owned()),
                subscription_id: Some(subscription.to_owned()),
                ..OrderLineItem::default()
            };
            let mut order = Order { id: id.to_owned(), line_items: vec![line], ..Order::default() };
            order.fill_links(customer);
            let uri = |link: Option<&super::Link>| link.map(|l| (l.uri.clone(), l.method.clone()));
            let get = |segments: &[&str]| Some((resource_uri(segments, &[]), "GET".to_owned()));
            let links = order.links.as_ref();
            assert_eq!(uri(links.and_then(|l| l.self_link.as_ref())), get(&["customers", customer, "orders", id]));
            assert_eq!(
                uri(links.and_then(|l| l.provisioning_status.as_ref())),
                get(&["customers", customer, "orders", id, "provisioningstatus"])
            );
            let (product, sku) = offer.split_once(':').unwrap_or((offer, ""));
            let line = order.line_items.first().and_then(|l| l.links.as_ref());
            assert_eq!(
                uri(line.and_then(|l| l.provisioning_status.as_ref())),
                get(&["customers", customer, "orders", id, "lineitems", "7", "provisioningstatus"])
            );
            assert_eq!(uri(line.and_then(|l| l.sku.as_ref())), get(&["products", product, "skus", sku]));
            assert_eq!(
                uri(line.and_then(|l| l.subscription.as_ref())),
                get(&["customers", customer, "subscriptions", subscription])
            );
        }
    }
}
