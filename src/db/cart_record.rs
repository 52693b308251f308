//! One cart line as its rows hold it ([`LineRecord`]), and the conversions between the wire
//! cart and its records: no SQL here, so that writes (line -> record -> rows), reads (rows ->
//! record -> line) and the cart a write returns (line -> record -> line) share one mapping.
//! Shared by every backend (no driver here).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::db::CartRow;
use crate::model::wire::write_json_str;
use crate::model::{
    AdditionalInformation, Attributes, BillingCycleType, Cart, CartError, CartErrorCode, CartLineItem, KeyValue, Money,
    Pricing, Quantity, RenewsTo, Timestamp, WireJson, walk_lines_indexed,
};

/// One cart line as its cart's `lines` document holds it (migration 12; before, a row of
/// `cart_lines`). Writes go line -> record -> document, reads go document -> record -> line,
/// and a write's returned cart goes line -> record -> line, so what a write returns is what a
/// later read returns, without reading it back.
///
/// The document ([`lines_text`]) is a JSON array of one object per line, depth first (a line's
/// add-ons right after it, so index = `seq`), with short keys; an absent key is `None`,
/// `false` or empty. Amounts are decimal text (never a JSON number: no digit is ever lost).
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct LineRecord {
    /// The index of the line's parent (an add-on's), `up`.
    #[serde(rename = "up", skip_serializing_if = "Option::is_none")]
    pub(crate) parent_seq: Option<i64>,
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    pub(crate) line_id: Option<i64>,
    #[serde(rename = "item", skip_serializing_if = "Option::is_none")]
    pub(crate) catalog_item_id: Option<String>,
    #[serde(rename = "name", skip_serializing_if = "Option::is_none")]
    pub(crate) friendly_name: Option<String>,
    #[serde(rename = "qty", skip_serializing_if = "Option::is_none")]
    pub(crate) quantity: Option<i64>,
    #[serde(rename = "cur", skip_serializing_if = "Option::is_none")]
    pub(crate) currency_code: Option<String>,
    #[serde(rename = "cycle", skip_serializing_if = "Option::is_none", with = "cycle_text")]
    pub(crate) billing_cycle: Option<BillingCycleType>,
    #[serde(rename = "term", skip_serializing_if = "Option::is_none")]
    pub(crate) term_duration: Option<String>,
    #[serde(rename = "group", skip_serializing_if = "Option::is_none")]
    pub(crate) order_group: Option<String>,
    #[serde(rename = "renews", skip_serializing_if = "Option::is_none")]
    pub(crate) renews_to: Option<String>,
    #[serde(rename = "attest", skip_serializing_if = "Option::is_none")]
    pub(crate) attestation_accepted: Option<bool>,
    #[serde(rename = "promo", skip_serializing_if = "Option::is_none")]
    pub(crate) promotion_id: Option<String>,
    #[serde(rename = "end_us", skip_serializing_if = "Option::is_none")]
    pub(crate) custom_term_end_us: Option<i64>,
    #[serde(rename = "err", skip_serializing_if = "Option::is_none")]
    pub(crate) error_code: Option<i32>,
    #[serde(rename = "avail", skip_serializing_if = "Option::is_none")]
    pub(crate) available_quantity: Option<i64>,
    #[serde(rename = "bought", skip_serializing_if = "Option::is_none")]
    pub(crate) purchased_quantity: Option<i64>,
    #[serde(rename = "min", skip_serializing_if = "Option::is_none")]
    pub(crate) minimum_quantity: Option<i64>,
    #[serde(rename = "eligible", skip_serializing_if = "Option::is_none")]
    pub(crate) eligible_for_purchase: Option<bool>,
    #[serde(rename = "segment", skip_serializing_if = "Option::is_none")]
    pub(crate) segment: Option<String>,
    /// `additionalInformation.termDurations`, space-separated.
    #[serde(rename = "terms", skip_serializing_if = "Option::is_none")]
    pub(crate) offered_terms: Option<String>,
    /// `additionalInformation.currencyCodes`, space-separated.
    #[serde(rename = "curs", skip_serializing_if = "Option::is_none")]
    pub(crate) offered_currencies: Option<String>,
    /// List, discounted, prorated, price, extended (decimal text, `null` for none).
    #[serde(rename = "prices", skip_serializing_if = "no_prices", with = "prices_text")]
    pub(crate) prices: [Option<Money>; 5],
    #[serde(rename = "has_p", skip_serializing_if = "is_false")]
    pub(crate) has_participants: bool,
    #[serde(rename = "has_c", skip_serializing_if = "is_false")]
    pub(crate) has_context: bool,
    #[serde(rename = "has_a", skip_serializing_if = "is_false")]
    pub(crate) has_addons: bool,
    /// Participants (`p`) and provisioning context entries (`c`), in position order, as
    /// `[kind, key, value]` triples.
    #[serde(rename = "pairs", skip_serializing_if = "Vec::is_empty", with = "pair_triples")]
    pub(crate) pairs: Vec<(PairKind, String, String)>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn no_prices(prices: &[Option<Money>; 5]) -> bool {
    prices.iter().all(Option::is_none)
}

/// A billing cycle as its wire text, read back strictly.
mod cycle_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::model::BillingCycleType;

    pub(super) fn serialize<S: Serializer>(cycle: &Option<BillingCycleType>, s: S) -> Result<S::Ok, S::Error> {
        match cycle {
            Some(c) => s.serialize_str(c.as_str()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BillingCycleType>, D::Error> {
        let text: Option<std::borrow::Cow<'de, str>> = Option::deserialize(d)?;
        text.map(|t| BillingCycleType::parse(&t).ok_or_else(|| D::Error::custom(format!("billing cycle {t:?}"))))
            .transpose()
    }
}

/// Five amounts as decimal text (`null` for none), read back exactly.
mod prices_text {
    use serde::de::{Error, Visitor};
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeTuple};

    use crate::model::Money;

    pub(super) fn serialize<S: Serializer>(prices: &[Option<Money>; 5], s: S) -> Result<S::Ok, S::Error> {
        let mut text = String::new();
        let mut tuple = s.serialize_tuple(5)?;
        for price in prices {
            match price {
                Some(m) => {
                    text.clear();
                    m.push_text(&mut text);
                    tuple.serialize_element(text.as_str())?;
                }
                None => tuple.serialize_element(&None::<&str>)?,
            }
        }
        tuple.end()
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[Option<Money>; 5], D::Error> {
        let amounts: [Amount; 5] = Deserialize::deserialize(d)?;
        Ok(amounts.map(|a| a.0))
    }

    /// One amount's decimal text, or `null`: parsed from the text where it lies in the document
    /// (serde's `Cow<str>` would have copied each into a `String` first: ten a line of five
    /// amounts, read on every cart read and checkout).
    struct Amount(Option<Money>);

    impl<'de> Deserialize<'de> for Amount {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_option(AmountVisitor)
        }
    }

    struct AmountVisitor;

    impl<'de> Visitor<'de> for AmountVisitor {
        type Value = Amount;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an amount's decimal text, or null")
        }

        fn visit_none<E: Error>(self) -> Result<Amount, E> {
            Ok(Amount(None))
        }

        fn visit_unit<E: Error>(self) -> Result<Amount, E> {
            Ok(Amount(None))
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Amount, D::Error> {
            d.deserialize_str(self)
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Amount, E> {
            text.parse().map(|m| Amount(Some(m))).map_err(|_| E::custom(format!("amount {text:?}")))
        }
    }
}

/// Pairs as `[kind, key, value]` triples.
mod pair_triples {
    use serde::{Deserialize, Deserializer, Serializer, de::Error, ser::SerializeSeq};

    use super::PairKind;

    pub(super) fn serialize<S: Serializer>(pairs: &[(PairKind, String, String)], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(pairs.len()))?;
        for (kind, key, value) in pairs {
            seq.serialize_element(&[kind.as_str(), key, value])?;
        }
        seq.end()
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(PairKind, String, String)>, D::Error> {
        let triples: Vec<[String; 3]> = Deserialize::deserialize(d)?;
        triples
            .into_iter()
            .map(|[kind, key, value]| {
                PairKind::parse(&kind)
                    .map(|k| (k, key, value))
                    .ok_or_else(|| D::Error::custom(format!("pair kind {kind:?}")))
            })
            .collect()
    }
}

/// The `lines` document of a cart's records ([`LineRecord`]): what `serde_json::to_string`
/// writes for them, through [`WireJson`] (names as prepared text, texts copied whole: about
/// half of the work; `tests::a_lines_document_is_serde_json_s` holds the two to the same bytes).
/// Nothing in a record fails to serialize (strings, integers, booleans); were it ever to, the
/// write fails, rather than store a cart without its lines.
pub(crate) fn lines_text(records: &[LineRecord]) -> crate::error::Result<String> {
    let mut out = String::with_capacity(256 * records.len() + 2);
    out.push('[');
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        record.write_json(&mut out).map_err(|e| crate::Error::storage_from(crate::StorageKind::Other, e))?;
    }
    out.push(']');
    Ok(out)
}

/// Writes a record's member name (`"name":`), after a comma unless it is the first.
fn member(out: &mut String, first: &mut bool, name: &str) {
    if !std::mem::take(first) {
        out.push(',');
    }
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
}

/// Writes an optional member (`"name":value`), nothing when it is absent (as serde skips it).
fn field<T: WireJson>(out: &mut String, first: &mut bool, name: &str, value: &Option<T>) -> serde_json::Result<()> {
    if let Some(value) = value {
        member(out, first, name);
        value.write_json(out)?;
    }
    Ok(())
}

impl WireJson for LineRecord {
    /// The members in declaration order, each under its serde name and skipped where serde
    /// skips it.
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        out.push('{');
        let first = &mut true;
        field(out, first, "up", &self.parent_seq)?;
        field(out, first, "id", &self.line_id)?;
        field(out, first, "item", &self.catalog_item_id)?;
        field(out, first, "name", &self.friendly_name)?;
        field(out, first, "qty", &self.quantity)?;
        field(out, first, "cur", &self.currency_code)?;
        field(out, first, "cycle", &self.billing_cycle)?;
        field(out, first, "term", &self.term_duration)?;
        field(out, first, "group", &self.order_group)?;
        field(out, first, "renews", &self.renews_to)?;
        field(out, first, "attest", &self.attestation_accepted)?;
        field(out, first, "promo", &self.promotion_id)?;
        field(out, first, "end_us", &self.custom_term_end_us)?;
        field(out, first, "err", &self.error_code)?;
        field(out, first, "avail", &self.available_quantity)?;
        field(out, first, "bought", &self.purchased_quantity)?;
        field(out, first, "min", &self.minimum_quantity)?;
        field(out, first, "eligible", &self.eligible_for_purchase)?;
        field(out, first, "segment", &self.segment)?;
        field(out, first, "terms", &self.offered_terms)?;
        field(out, first, "curs", &self.offered_currencies)?;
        if !no_prices(&self.prices) {
            member(out, first, "prices");
            out.push('[');
            let mut text = String::new();
            for (i, price) in self.prices.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match price {
                    Some(m) => {
                        text.clear();
                        m.push_text(&mut text);
                        write_json_str(out, &text)?;
                    }
                    None => out.push_str("null"),
                }
            }
            out.push(']');
        }
        for (name, value) in [("has_p", self.has_participants), ("has_c", self.has_context), ("has_a", self.has_addons)]
        {
            if value {
                member(out, first, name);
                out.push_str("true");
            }
        }
        if !self.pairs.is_empty() {
            member(out, first, "pairs");
            out.push('[');
            for (i, (kind, key, value)) in self.pairs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                write_json_str(out, kind.as_str())?;
                out.push(',');
                write_json_str(out, key)?;
                out.push(',');
                write_json_str(out, value)?;
                out.push(']');
            }
            out.push(']');
        }
        out.push('}');
        Ok(())
    }
}

/// The records of a `lines` document; `Err` with serde's message when it is not one.
pub(crate) fn records_from_text(text: &str) -> std::result::Result<Vec<LineRecord>, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairKind {
    Participant,
    Context,
}

impl PairKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PairKind::Participant => "p",
            PairKind::Context => "c",
        }
    }

    /// The kind stored as `text`, if it is one.
    pub(crate) fn parse(text: &str) -> Option<PairKind> {
        [PairKind::Participant, PairKind::Context].into_iter().find(|k| k.as_str() == text)
    }
}

/// The records of `lines`, depth first (a line's add-ons right after it): index = `seq`.
pub(crate) fn records(lines: &[CartLineItem]) -> Vec<LineRecord> {
    let mut out = Vec::with_capacity(lines.len());
    walk_lines_indexed(lines, &mut |_, parent, line| {
        let error = line.error.as_ref();
        let info = error.and_then(|e| e.additional_information.as_ref());
        let pricing = line.pricing.as_ref();
        let money = |f: fn(&Pricing) -> Option<Money>| pricing.and_then(f);
        let participants =
            line.participants.iter().flatten().map(|kv| (PairKind::Participant, kv.key.clone(), kv.value.clone()));
        let context =
            line.provisioning_context.iter().flatten().map(|(k, v)| (PairKind::Context, k.clone(), v.clone()));
        out.push(LineRecord {
            parent_seq: parent.and_then(|p| i64::try_from(p).ok()),
            line_id: line.id,
            catalog_item_id: line.catalog_item_id.clone(),
            friendly_name: line.friendly_name.clone(),
            quantity: line.quantity.as_ref().and_then(Quantity::get),
            currency_code: line.currency_code.clone(),
            billing_cycle: line.billing_cycle,
            term_duration: line.term_duration.clone(),
            order_group: line.order_group.clone(),
            renews_to: line.renews_to.as_ref().and_then(|r| r.term_duration.clone()),
            attestation_accepted: line.attestation_accepted,
            promotion_id: line.promotion_id.clone(),
            custom_term_end_us: line.custom_term_end_date.map(Timestamp::to_micros),
            error_code: error.and_then(|e| e.error_code).map(|c| c.code()),
            available_quantity: info.and_then(|i| i.available_quantity),
            purchased_quantity: info.and_then(|i| i.purchased_quantity),
            minimum_quantity: info.and_then(|i| i.minimum_quantity),
            eligible_for_purchase: info.and_then(|i| i.eligible_for_purchase),
            segment: info.and_then(|i| i.segment.clone()),
            offered_terms: info.and_then(|i| i.term_durations.as_ref()).map(|v| v.join(" ")),
            offered_currencies: info.and_then(|i| i.currency_codes.as_ref()).map(|v| v.join(" ")),
            prices: [
                money(|p| p.list_price),
                money(|p| p.discounted_price),
                money(|p| p.prorated_price),
                money(|p| p.price),
                money(|p| p.extended_price),
            ],
            has_participants: line.participants.is_some(),
            has_context: line.provisioning_context.is_some(),
            has_addons: line.addon_items.is_some(),
            pairs: participants.chain(context).collect(),
        });
    });
    out
}

/// The wire line of a record (add-ons not attached yet).
pub(crate) fn line_from_record(r: LineRecord) -> CartLineItem {
    let [list, discounted, prorated, price, extended] = r.prices;
    let pricing = Pricing {
        list_price: list,
        discounted_price: discounted,
        prorated_price: prorated,
        price,
        extended_price: extended,
    };
    let has_pricing = pricing != Pricing::default();
    let error = r.error_code.and_then(CartErrorCode::from_code).map(|code| CartError {
        error_code: Some(code),
        error_description: None,
        additional_information: {
            let info = AdditionalInformation {
                available_quantity: r.available_quantity,
                purchased_quantity: r.purchased_quantity,
                minimum_quantity: r.minimum_quantity,
                eligible_for_purchase: r.eligible_for_purchase,
                segment: r.segment,
                term_durations: r.offered_terms.as_deref().map(words),
                currency_codes: r.offered_currencies.as_deref().map(words),
            };
            (info != AdditionalInformation::default()).then_some(info)
        },
    });
    let mut participants = r.has_participants.then(Vec::new);
    let mut context = r.has_context.then(BTreeMap::new);
    for (kind, key, value) in r.pairs {
        match kind {
            PairKind::Participant => participants.get_or_insert_with(Vec::new).push(KeyValue { key, value }),
            PairKind::Context => {
                context.get_or_insert_with(BTreeMap::new).insert(key, value);
            }
        }
    }
    CartLineItem {
        id: r.line_id,
        catalog_item_id: r.catalog_item_id,
        friendly_name: r.friendly_name,
        quantity: r.quantity.map(Quantity::new),
        currency_code: r.currency_code,
        billing_cycle: r.billing_cycle,
        term_duration: r.term_duration,
        participants,
        provisioning_context: context,
        order_group: r.order_group,
        addon_items: r.has_addons.then(Vec::new),
        error,
        renews_to: r.renews_to.map(|t| RenewsTo { term_duration: Some(t) }),
        attestation_accepted: r.attestation_accepted,
        promotion_id: r.promotion_id,
        custom_term_end_date: r.custom_term_end_us.and_then(Timestamp::from_micros),
        pricing: has_pricing.then_some(pricing),
    }
}

/// A space-separated list read back.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// The cart of `row` with the lines of `records` (index = `seq`), add-ons under their parents.
pub(crate) fn assemble(row: &CartRow, records: Vec<LineRecord>) -> Cart {
    // Rebuild the tree: children come after their parent, so attach from the end.
    let mut slots: Vec<Option<CartLineItem>> = Vec::with_capacity(records.len());
    let mut parents: Vec<Option<i64>> = Vec::with_capacity(records.len());
    for record in records {
        parents.push(record.parent_seq);
        slots.push(Some(line_from_record(record)));
    }
    for i in (0..slots.len()).rev() {
        let Some(Some(parent)) = parents.get(i).copied() else { continue };
        let Some(child) = slots.get_mut(i).and_then(Option::take) else { continue };
        if let Some(Some(p)) = usize::try_from(parent).ok().and_then(|p| slots.get_mut(p)) {
            p.addon_items.get_or_insert_with(Vec::new).insert(0, child);
        }
    }
    let line_items: Vec<CartLineItem> =
        slots.into_iter().zip(parents).filter(|(_, p)| p.is_none()).filter_map(|(l, _)| l).collect();
    Cart {
        id: row.cart_id.clone(),
        creation_timestamp: Timestamp::from_micros(row.creation_us),
        last_modified_timestamp: Timestamp::from_micros(row.last_modified_us),
        expiration_timestamp: Timestamp::from_micros(row.expiration_us),
        last_modified_user: row.last_modified_user.clone(),
        line_items,
        status: Some(row.status),
        links: None,
        attributes: Attributes::of("Cart"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Option<Money> {
        text.parse().ok()
    }

    /// Every fact of a line survives its `lines` document, amounts with their digits and scale;
    /// a line without facts is `{}`.
    #[test]
    fn a_lines_document_reads_back_every_fact_exactly() -> Result<(), String> {
        let full = LineRecord {
            parent_seq: Some(0),
            line_id: Some(7),
            catalog_item_id: Some("CFQ7TTC0LH18:0001".into()),
            friendly_name: Some("\"quoted\", ünïcode, 中文".into()),
            quantity: Some(3),
            currency_code: Some("USD".into()),
            billing_cycle: Some(BillingCycleType::Triennial),
            term_duration: Some("P3Y".into()),
            order_group: Some("1".into()),
            renews_to: Some("P1Y".into()),
            attestation_accepted: Some(false),
            promotion_id: Some("39NFJQT1Q5KR:0002:39NFJQT1Q5LG".into()),
            custom_term_end_us: Some(-1),
            error_code: Some(10_004),
            available_quantity: Some(0),
            purchased_quantity: Some(2),
            minimum_quantity: Some(1),
            eligible_for_purchase: Some(false),
            segment: Some("commercial".into()),
            offered_terms: Some("P1M P1Y".into()),
            offered_currencies: Some("USD EUR".into()),
            prices: [
                money("0.10"),
                None,
                money("79228162514264337593543950335"),
                money("-0.0000000000000000000000000001"),
                money("1824.000"),
            ],
            has_participants: true,
            has_context: true,
            has_addons: true,
            pairs: vec![
                (PairKind::Participant, "transaction_reseller".into(), "1234567".into()),
                (PairKind::Context, "a".into(), "".into()),
            ],
        };
        let text = lines_text(&[full, LineRecord::default()]).map_err(|e| e.to_string())?;
        assert!(text.ends_with(",{}]"), "{text}");
        assert!(text.contains(r#""prices":["0.10",null,"79228162514264337593543950335""#), "{text}");
        let back = records_from_text(&text)?;
        let [full, empty] = <[LineRecord; 2]>::try_from(back).map_err(|b| format!("{} lines", b.len()))?;
        assert_eq!(empty, LineRecord::default());
        assert_eq!(full.prices[0].map(Money::to_text).as_deref(), Some("0.10"));
        assert_eq!(full.prices[4].map(Money::to_text).as_deref(), Some("1824.000"));
        assert_eq!(lines_text(&[full]).map_err(|e| e.to_string())?, text.replace(",{}]", "]"));
        Ok(())
    }

    use crate::model::wire::tests::text;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Any records' document as [`lines_text`] writes it is what serde_json writes for them
        /// (every member present or absent, texts needing escapes, any integers and amounts),
        /// and reads back as those records.
        #[test]
        fn a_lines_document_is_serde_json_s(
            texts in proptest::collection::vec(proptest::option::of(text()), 10),
            ints in proptest::collection::vec(proptest::option::of(proptest::prelude::any::<i64>()), 8),
            flags in proptest::collection::vec(proptest::prelude::any::<u8>(), 2),
            amounts in proptest::collection::vec(
                proptest::option::of((proptest::prelude::any::<i64>(), 0u32..=28)), 5),
            pairs in proptest::collection::vec((proptest::prelude::any::<bool>(), text(), text()), 0..3),
        ) {
            let t = |i: usize| texts.get(i).cloned().flatten();
            let n = |i: usize| ints.get(i).copied().flatten();
            let bits = flags.first().copied().unwrap_or(0);
            let flag = |b: u8| bits & (1 << b) != 0;
            let cycle = flags.get(1).copied().unwrap_or(0);
            let mut prices = [None; 5];
            for (slot, amount) in prices.iter_mut().zip(&amounts) {
                *slot = amount.map(|(m, scale)| Money(rust_decimal::Decimal::new(m, scale)));
            }
            let record = LineRecord {
                parent_seq: n(0),
                line_id: n(1),
                catalog_item_id: t(0),
                friendly_name: t(1),
                quantity: n(2),
                currency_code: t(2),
                billing_cycle: crate::model::BillingCycleType::ALL.get(usize::from(cycle % 8)).copied(),
                term_duration: t(3),
                order_group: t(4),
                renews_to: t(5),
                attestation_accepted: flag(0).then_some(flag(1)),
                promotion_id: t(6),
                custom_term_end_us: n(3),
                error_code: n(4).map(|v| v as i32),
                available_quantity: n(5),
                purchased_quantity: n(6),
                minimum_quantity: n(7),
                eligible_for_purchase: flag(2).then_some(flag(3)),
                segment: t(7),
                offered_terms: t(8),
                offered_currencies: t(9),
                prices,
                has_participants: flag(4),
                has_context: flag(5),
                has_addons: flag(6),
                pairs: pairs
                    .iter()
                    .map(|(p, k, v)| (if *p { PairKind::Participant } else { PairKind::Context }, k.clone(), v.clone()))
                    .collect(),
            };
            let records = [record, LineRecord::default()];
            let ours = lines_text(&records).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let theirs = serde_json::to_string(&records[..])
                .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert_eq!(&ours, &theirs);
            // And it reads back as the records written.
            let back = records_from_text(&ours).map_err(proptest::test_runner::TestCaseError::fail)?;
            proptest::prop_assert_eq!(&back[..], &records[..]);
        }
    }

    /// A document that is not one (a field of the wrong type, an amount, cycle or pair kind
    /// that does not parse, not an array) is an error, never a line with a fact missing.
    #[test]
    fn a_lines_document_that_does_not_read_back_is_an_error() {
        for text in [
            "",
            "{}",
            "[1]",
            r#"[{"qty":"many"}]"#,
            r#"[{"prices":["twelve",null,null,null,null]}]"#,
            r#"[{"prices":["1.0"]}]"#,
            r#"[{"prices":[1.5,null,null,null,null]}]"#,
            r#"[{"cycle":"weekly"}]"#,
            r#"[{"pairs":[["x","k","v"]]}]"#,
            r#"[{"pairs":[["p","k"]]}]"#,
            r#"[{"has_a":1}]"#,
        ] {
            assert!(records_from_text(text).is_err(), "{text}");
        }
    }
}
