//! The serde machinery shared by every wire type.
//!
//! Partner Center clients send property names in any case (`LineItems`, `lineItems`), `null`
//! for absent members, and members this model does not know. [`wire_struct!`] declares a
//! struct whose `Deserialize` matches names ASCII case-insensitively, reads `null` as absent
//! and skips unknown members, and whose `Serialize` writes camelCase and omits absent members.
//! [`wire_enum!`] does the same for string enums. A member given twice (in any case spelling)
//! fails the parse with serde's `duplicate_field` error.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Whether a member is left out of the JSON output (absent options, empty ids).
pub(crate) trait WireSkip {
    /// True when the member is written as absent.
    fn wire_skip(&self) -> bool;
}

impl<T> WireSkip for Option<T> {
    fn wire_skip(&self) -> bool {
        self.is_none()
    }
}

impl WireSkip for String {
    fn wire_skip(&self) -> bool {
        self.is_empty()
    }
}

impl<T> WireSkip for Vec<T> {
    fn wire_skip(&self) -> bool {
        false
    }
}

/// Members that are always written.
macro_rules! never_skip {
    ($($t:ty),*) => { $( impl WireSkip for $t { fn wire_skip(&self) -> bool { false } } )* };
}

never_skip!(bool, i64, super::Money);

/// A wire value's compact JSON, written faster than serde_json writes it and byte for byte the
/// same as `serde_json::to_string` (the tests `written_json_is_serde_json_s_for_*` hold every
/// wire type to that).
///
/// serde_json escapes every member name as it writes it and scans each text one byte at a time
/// for characters to escape; here a struct's member names are prepared text (`"lineItems":`)
/// and a text is checked in one pass, then copied whole (escaped by serde_json in the rare case
/// it holds a quote, a backslash or a control character). The store writes a checkout's result
/// this way (it keeps it for the request id's retries), and the C ABI every wire result it
/// returns. Implemented for the wire types: [`Cart`](crate::Cart), [`Order`](crate::Order),
/// [`CartCheckoutResult`](crate::CartCheckoutResult), [`Collection`](crate::Collection)s of
/// them, [`Catalog`](crate::Catalog), [`CustomerProfile`](crate::CustomerProfile), their
/// members, and vectors and options of them.
///
/// ```
/// use cartstore::model::{Cart, WireJson};
/// let cart: Cart = serde_json::from_str(
///     r#"{"lineItems": [{"catalogItemId": "A:1", "friendlyName": "say \"hi\"", "quantity": 2}]}"#,
/// )?;
/// assert_eq!(cart.to_json()?, serde_json::to_string(&cart)?);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait WireJson {
    /// Appends the value's compact JSON to `out`.
    ///
    /// # Errors
    /// Only where serde_json's own serialization of a member fails (none of the wire types'
    /// members does).
    fn write_json(&self, out: &mut String) -> serde_json::Result<()>;

    /// The value's compact JSON, as `serde_json::to_string` gives it.
    ///
    /// # Errors
    /// As [`WireJson::write_json`].
    fn to_json(&self) -> serde_json::Result<String> {
        let mut out = String::with_capacity(512);
        self.write_json(&mut out)?;
        Ok(out)
    }
}

/// The compact JSON of `value` ([`WireJson`]) in a string with room for `capacity` bytes.
pub(crate) fn to_json_string<T: WireJson + ?Sized>(value: &T, capacity: usize) -> serde_json::Result<String> {
    let mut out = String::with_capacity(capacity);
    value.write_json(&mut out)?;
    Ok(out)
}

/// Writes `text` as a JSON string, as serde_json does (quote, backslash and U+0000 to U+001F
/// escaped; everything else, U+007F and non-ASCII included, as it is).
pub(crate) fn write_json_str(out: &mut String, text: &str) -> serde_json::Result<()> {
    // A fold, not `any`: no early exit per byte, so the compiler may check several at a time.
    let escaped = text.bytes().fold(false, |found, b| found | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if escaped {
        return write_serde(out, text);
    }
    out.reserve(text.len() + 2);
    out.push('"');
    out.push_str(text);
    out.push('"');
    Ok(())
}

/// Writes what serde_json writes for `value`: through a buffer on the stack when it fits (an
/// amount's few bytes), else through a string of its own.
pub(crate) fn write_serde<T: serde::Serialize + ?Sized>(out: &mut String, value: &T) -> serde_json::Result<()> {
    let mut buf = [0u8; 64];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    if serde_json::to_writer(&mut cursor, value).is_ok() {
        let written = usize::try_from(cursor.position()).unwrap_or(usize::MAX);
        if let Some(Ok(text)) = buf.get(..written).map(std::str::from_utf8) {
            out.push_str(text);
            return Ok(());
        }
    }
    out.push_str(&serde_json::to_string(value)?);
    Ok(())
}

/// Writes an integer's decimal digits (what serde_json writes for it).
fn write_json_int(out: &mut String, negative: bool, mut magnitude: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        if let Some(d) = digits.get_mut(len) {
            // A digit: the remainder is below 10.
            *d = b'0' + (magnitude % 10) as u8;
        }
        len += 1;
        magnitude /= 10;
        if magnitude == 0 {
            break;
        }
    }
    if negative {
        out.push('-');
    }
    out.extend(digits.iter().take(len).rev().map(|d| char::from(*d)));
}

impl WireJson for str {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        write_json_str(out, self)
    }
}

impl WireJson for String {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        write_json_str(out, self)
    }
}

impl WireJson for bool {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        out.push_str(if *self { "true" } else { "false" });
        Ok(())
    }
}

impl WireJson for i64 {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        write_json_int(out, *self < 0, self.unsigned_abs());
        Ok(())
    }
}

impl WireJson for i32 {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        i64::from(*self).write_json(out)
    }
}

impl WireJson for u64 {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        write_json_int(out, false, *self);
        Ok(())
    }
}

impl WireJson for u32 {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        u64::from(*self).write_json(out)
    }
}

impl<T: WireJson> WireJson for Option<T> {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        match self {
            Some(value) => value.write_json(out),
            None => {
                out.push_str("null");
                Ok(())
            }
        }
    }
}

impl<T: WireJson> WireJson for Vec<T> {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        out.push('[');
        for (i, value) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            value.write_json(out)?;
        }
        out.push(']');
        Ok(())
    }
}

impl WireJson for std::collections::BTreeMap<String, String> {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        out.push('{');
        for (i, (key, value)) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_str(out, key)?;
            out.push(':');
            write_json_str(out, value)?;
        }
        out.push('}');
        Ok(())
    }
}

/// `skip_serializing_if` target for every wire member.
pub(crate) fn skip<T: WireSkip>(value: &T) -> bool {
    value.wire_skip()
}

/// Reads a map key and finds it, ASCII case-insensitively, among a struct's wire names.
pub(crate) struct KeyIndex(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.eq_ignore_ascii_case(v)))
    }
}

/// Which of a struct's members a map has given so far, by index among its wire names.
#[derive(Default)]
pub(crate) struct Seen(u128);

impl Seen {
    /// Records member `index`; false when it was already given (a duplicate member). Indexes
    /// past 127 are not tracked (no wire struct has that many members).
    pub(crate) fn insert(&mut self, index: usize) -> bool {
        let Some(bit) = u32::try_from(index).ok().and_then(|i| 1u128.checked_shl(i)) else { return true };
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh
    }
}

/// Declares a wire struct: public fields with their wire names, `Serialize` in camelCase with
/// absent members omitted, and a case-insensitive, null-tolerant, unknown-tolerant
/// `Deserialize`. The struct must implement `Default` (derive it or write it).
///
/// A member given twice, in any spelling of its name (`{"quantity": 1, "Quantity": 7}`), fails
/// the parse with serde's "duplicate field `quantity`" (the CLI reports it as 800002
/// [`InputProblem::Syntax`](crate::InputProblem) on `body`): which of the two values was meant
/// cannot be known, and taking the last one silently is how a client buys 7 instead of 1.
/// Unknown members are not checked for repeats.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $wire, skip_serializing_if = "crate::model::wire::skip")]
                pub $field: $ty,
            )+
        }

        crate::model::wire::wire_struct!(@de $name { $( $field : $ty = $wire, )+ });
        crate::model::wire::wire_struct!(@json $name { $( $field = $wire, )+ });
    };
    (@json $name:ident { $( $field:ident = $wire:literal, )+ }) => {
        impl crate::model::wire::WireJson for $name {
            fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
                out.push('{');
                let mut first = true;
                $(
                    if !crate::model::wire::skip(&self.$field) {
                        if !first {
                            out.push(',');
                        }
                        first = false;
                        out.push_str(concat!("\"", $wire, "\":"));
                        crate::model::wire::WireJson::write_json(&self.$field, out)?;
                    }
                )+
                let _ = first;
                out.push('}');
                Ok(())
            }
        }
    };
    (@de $name:ident { $( $field:ident : $ty:ty = $wire:literal, )+ }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[ $( $wire, )+ ];
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    #[allow(unused_assignments)]
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = <$name as Default>::default();
                        let mut seen = crate::model::wire::Seen::default();
                        while let Some(key) = map.next_key_seed(crate::model::wire::KeyIndex(NAMES))? {
                            let mut index = 0usize;
                            let mut matched = false;
                            $(
                                if !matched && key == Some(index) {
                                    matched = true;
                                    if !seen.insert(index) {
                                        return Err(<A::Error as serde::de::Error>::duplicate_field($wire));
                                    }
                                    let value: Option<$ty> = map.next_value().map_err(|e| {
                                        <A::Error as serde::de::Error>::custom(format_args!("{}: {}", $wire, e))
                                    })?;
                                    if let Some(value) = value {
                                        out.$field = value;
                                    }
                                }
                                index += 1;
                            )+
                            if !matched {
                                map.next_value::<serde::de::IgnoredAny>()?;
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(V)
            }
        }
    };
}

/// Declares a string enum: its wire values, extra accepted spellings, and a reader that
/// ignores case, `_` and `-` (`one_time`, `OneTime` and `onetime` are one value).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)*, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The value as written on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $wire, )+ }
            }

            /// Reads a wire value, ignoring case, `_` and `-`.
            pub fn parse(text: &str) -> Option<Self> {
                // The exact wire spelling first (what the store itself wrote): no folding.
                $(
                    if text == $wire {
                        return Some($name::$variant);
                    }
                )+
                $(
                    if crate::model::wire::loose_eq(text, $wire) $( || crate::model::wire::loose_eq(text, $alias) )* {
                        return Some($name::$variant);
                    }
                )+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl crate::model::wire::WireJson for $name {
            fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
                crate::model::wire::write_json_str(out, self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("one of the ", stringify!($name), " values ", $( "`", $wire, "` ", )+))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::parse(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

pub(crate) use {wire_enum, wire_struct};

/// Compares two enum spellings ignoring ASCII case, `_` and `-`.
pub(crate) fn loose_eq(a: &str, b: &str) -> bool {
    let norm =
        |s: &str| s.bytes().filter(|c| *c != b'_' && *c != b'-').map(|c| c.to_ascii_lowercase()).collect::<Vec<u8>>();
    norm(a) == norm(b)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use proptest::prelude::*;
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::json;

    use super::{WireJson, to_json_string};
    use crate::model::{
        Attributes, Cart, CartCheckoutResult, CartError, CartLineItem, Catalog, CatalogItem, Collection,
        CustomerProfile, KeyValue, Link, Money, Order, OrderError, OrderLineItemProvisioningStatus, Pricing, Quantity,
        RenewsTo, Timestamp,
    };

    /// `value`'s JSON as [`WireJson`] writes it and as serde_json does: the same bytes.
    fn same<T: WireJson + Serialize>(value: &T) -> Result<(), String> {
        let ours = to_json_string(value, 0).map_err(|e| e.to_string())?;
        let theirs = serde_json::to_string(value).map_err(|e| e.to_string())?;
        if ours == theirs {
            return Ok(());
        }
        Err(format!("written:\n{ours}\nserde_json:\n{theirs}"))
    }

    /// `body` read as a `T` (where it reads as one) and written both ways; whether it read.
    fn same_as<T: WireJson + Serialize + DeserializeOwned>(body: &[u8]) -> Result<bool, String> {
        match serde_json::from_slice::<T>(body) {
            Ok(value) => same(&value).map(|()| true),
            Err(_) => Ok(false),
        }
    }

    /// Every JSON file under `dir`, recursively.
    fn json_files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                json_files(&path, into);
            } else if path.extension().is_some_and(|e| e == "json") {
                into.push(path);
            }
        }
    }

    /// The project's fixtures and sample files, and Microsoft's published bodies where
    /// `../shared` is here: each read as every wire type it reads as, and written both ways.
    #[test]
    fn written_json_is_serde_json_s_for_every_fixture_and_sample() -> Result<(), String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        json_files(&root.join("tests/fixtures"), &mut files);
        json_files(&root.join("examples"), &mut files);
        let shared = root.join("../shared/reference");
        if shared.is_dir() {
            json_files(&shared, &mut files);
        } else {
            eprintln!("{}: not here (a clone without ../shared); the project's own files only", shared.display());
        }
        let mut read = 0;
        for file in &files {
            let body = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let at = |e: String| format!("{}: {e}", file.display());
            for was_read in [
                same_as::<Cart>(&body).map_err(at)?,
                same_as::<Order>(&body).map_err(at)?,
                same_as::<CartCheckoutResult>(&body).map_err(at)?,
                same_as::<Collection<Order>>(&body).map_err(at)?,
                same_as::<Collection<Cart>>(&body).map_err(at)?,
                same_as::<Collection<OrderLineItemProvisioningStatus>>(&body).map_err(at)?,
                same_as::<Catalog>(&body).map_err(at)?,
                same_as::<CatalogItem>(&body).map_err(at)?,
                same_as::<CustomerProfile>(&body).map_err(at)?,
            ] {
                read += usize::from(was_read);
            }
        }
        // The project's own fixtures alone hold carts, orders, a page of orders and a
        // checkout result: a reader that read nothing would compare nothing.
        assert!(read >= 10, "only {read} bodies read from {} files", files.len());
        Ok(())
    }

    #[test]
    fn written_json_is_serde_json_s_for_empty_and_default_values() -> Result<(), String> {
        same(&Cart::default())?;
        same(&CartLineItem::default())?;
        same(&Order::default())?;
        same(&CartCheckoutResult::default())?;
        same(&OrderError::default())?;
        same(&CartError::default())?;
        same(&Pricing::default())?;
        same(&Attributes::default())?;
        same(&RenewsTo::default())?;
        same(&Link::default())?;
        same(&KeyValue::default())?;
        same(&Catalog::default())?;
        same(&CustomerProfile::default())?;
        same(&Collection::<Order> {
            total_count: 0,
            items: Vec::new(),
            continuation_token: None,
            links: None,
            attributes: None,
        })?;
        same(&Quantity::new(-3))?;
        for n in [0, 1, -1, 9, 10, -10, 1234567890123, i64::MIN, i64::MAX] {
            same(&n)?;
            same(&Quantity::new(n))?;
        }
        for n in [0, u64::MAX, 1 << 53] {
            same(&n)?;
        }
        same(&vec![i32::MIN, i32::MAX, 0])?;
        same(&vec![u32::MAX, 7])?;
        same(&"a\u{0}b\u{1f}c\u{7f}\"\\/é😀".to_owned())?;
        same(&"x".repeat(100))?;
        same(&Some(Money::default()))?;
        same::<Option<Timestamp>>(&None)
    }

    /// Text with what JSON escapes (quotes, backslashes, control characters), what it does not
    /// (U+007F, `/`, non-ASCII) and plain letters.
    pub(crate) fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => any::<char>(),
            1 => Just('"'),
            1 => Just('\\'),
            1 => Just('/'),
            1 => Just('\u{7f}'),
            2 => (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('a')),
            4 => prop::char::range('a', 'z'),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|chars| chars.into_iter().collect())
    }

    /// A decimal's text: any mantissa, any scale SQLite's and Partner Center's amounts take.
    fn amount() -> impl Strategy<Value = String> {
        (any::<i64>(), 0u32..=28).prop_map(|(m, scale)| rust_decimal::Decimal::new(m, scale).to_string())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn written_json_is_serde_json_s_for_any_texts_and_amounts(
            t in prop::collection::vec(text(), 16),
            money in prop::collection::vec(amount(), 5),
            micros in 0i64..253_402_300_799_000_000,
            n in any::<i64>(),
            quantity in any::<i64>(),
        ) {
            let s = |i: usize| t.get(i).cloned().unwrap_or_default();
            let m = |i: usize| money.get(i).cloned().unwrap_or_default();
            let when = Timestamp::from_micros(micros).map(|t| t.to_string());
            let link = json!({"uri": s(0), "method": s(1), "headers": [{"key": s(2), "value": s(3)}]});
            let pricing = json!({"listPrice": m(0), "discountedPrice": m(1), "proratedPrice": m(2), "price": m(3),
                "extendedPrice": m(4)});
            let order = json!({
                "id": s(4), "alternateId": s(5), "referenceCustomerId": s(6), "billingCycle": "monthly",
                "transactionType": "UserPurchase", "currencyCode": s(7), "currencySymbol": s(8),
                "creationDate": when, "status": "completed", "attributes": {"objectType": s(9), "etag": s(10)},
                "links": {"self": link, "provisioningStatus": link},
                "lineItems": [{
                    "lineItemNumber": n, "offerId": s(11), "subscriptionId": s(12), "friendlyName": s(13),
                    "quantity": quantity, "termDuration": s(14), "transactionType": "New", "partnerIdOnRecord": s(15),
                    "provisioningContext": {s(0): s(1), s(2): s(3)}, "renewsTo": {"termDuration": s(4)},
                    "links": {"sku": link, "subscription": link, "provisioningStatus": link}, "pricing": pricing,
                }, {"lineItemNumber": 1, "friendlyName": "", "renewsTo": {}}],
            });
            let order: Order = serde_json::from_value(order).map_err(|e| TestCaseError::fail(e.to_string()))?;
            same(&order).map_err(TestCaseError::fail)?;
            let result = CartCheckoutResult {
                orders: vec![order.clone(), order.clone()],
                order_errors: Some(vec![OrderError {
                    order_group_id: Some(s(5)),
                    code: Some(crate::model::OrderErrorCode::CartProcessedByAnotherRequest),
                    description: Some(s(6)),
                }]),
                attributes: Attributes::of("CartCheckoutResult"),
            };
            same(&result).map_err(TestCaseError::fail)?;
            let page = Collection { total_count: 7, items: vec![order], continuation_token: Some(s(7)), links: None,
                attributes: Attributes::of("Collection") };
            same(&page).map_err(TestCaseError::fail)?;
            let cart = json!({
                "id": s(0), "creationTimestamp": when, "lastModifiedUser": s(1), "status": "Active",
                "lineItems": [{
                    "id": n, "catalogItemId": s(2), "friendlyName": s(3), "quantity": quantity, "currencyCode": s(4),
                    "billingCycle": "annual", "termDuration": s(5), "participants": [{"key": s(6), "value": s(7)}],
                    "provisioningContext": {s(8): s(9)}, "orderGroup": s(10), "renewsTo": [{"termDuration": s(11)}],
                    "attestationAccepted": true, "promotionId": s(12), "pricing": pricing,
                    "error": {"errorCode": "CurrencyIsNotSupported", "errorDescription": s(13)},
                    "addonItems": [{"id": 1, "catalogItemId": s(14), "quantity": 2.5}],
                }],
                "links": {"self": link}, "attributes": {"objectType": "Cart"},
            });
            let cart: Cart = serde_json::from_value(cart).map_err(|e| TestCaseError::fail(e.to_string()))?;
            same(&cart).map_err(TestCaseError::fail)?;
            let key = KeyValue { key: s(14), value: s(15) };
            same(&key).map_err(TestCaseError::fail)?;
            same(&s(15)).map_err(TestCaseError::fail)?;
            same(&money.iter().map(|a| a.parse::<Money>().ok()).collect::<Vec<_>>()).map_err(TestCaseError::fail)?;
        }
    }
}
