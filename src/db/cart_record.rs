//! One cart line as its rows hold it ([`LineRecord`]), and the conversions between the wire
//! cart and its records: no SQL here, so that writes (line -> record -> rows), reads (rows ->
//! record -> line) and the cart a write returns (line -> record -> line) share one mapping.
//! Shared by every backend (no driver here).

use std::collections::BTreeMap;

use crate::db::CartRow;
use crate::model::{
    AdditionalInformation, Attributes, BillingCycleType, Cart, CartError, CartErrorCode, CartLineItem, KeyValue, Money,
    Pricing, Quantity, RenewsTo, Timestamp, walk_lines_indexed,
};

/// One cart line as its rows hold it. Writes go line -> record -> rows, reads go rows ->
/// record -> line, and a write's returned cart goes line -> record -> line, so what a write
/// returns is what a later read returns, without reading it back.
#[derive(Debug, Default)]
pub(crate) struct LineRecord {
    pub(crate) parent_seq: Option<i64>,
    pub(crate) line_id: Option<i64>,
    pub(crate) catalog_item_id: Option<String>,
    pub(crate) friendly_name: Option<String>,
    pub(crate) quantity: Option<i64>,
    pub(crate) currency_code: Option<String>,
    pub(crate) billing_cycle: Option<BillingCycleType>,
    pub(crate) term_duration: Option<String>,
    pub(crate) order_group: Option<String>,
    pub(crate) renews_to: Option<String>,
    pub(crate) attestation_accepted: Option<bool>,
    pub(crate) promotion_id: Option<String>,
    pub(crate) custom_term_end_us: Option<i64>,
    pub(crate) error_code: Option<i32>,
    pub(crate) available_quantity: Option<i64>,
    pub(crate) purchased_quantity: Option<i64>,
    pub(crate) minimum_quantity: Option<i64>,
    pub(crate) eligible_for_purchase: Option<bool>,
    pub(crate) segment: Option<String>,
    /// `additionalInformation.termDurations`, space-separated.
    pub(crate) offered_terms: Option<String>,
    /// `additionalInformation.currencyCodes`, space-separated.
    pub(crate) offered_currencies: Option<String>,
    /// List, discounted, prorated, price, extended (stored as decimal text).
    pub(crate) prices: [Option<Money>; 5],
    pub(crate) has_participants: bool,
    pub(crate) has_context: bool,
    pub(crate) has_addons: bool,
    /// Participants (`p`) and provisioning context entries (`c`), in position order (the
    /// `pairs` column, [`pairs_text`]).
    pub(crate) pairs: Vec<(PairKind, String, String)>,
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

/// A line's pairs as its `pairs` column holds them (migration 10; before, one row each in a
/// table of their own): a JSON array of `[kind, key, value]` triples in position order, `None`
/// for a line without any.
pub(crate) fn pairs_text(pairs: &[(PairKind, String, String)]) -> Option<String> {
    if pairs.is_empty() {
        return None;
    }
    let triples: Vec<[&str; 3]> = pairs.iter().map(|(kind, key, value)| [kind.as_str(), key, value]).collect();
    serde_json::to_string(&triples).ok()
}

/// The pairs of a `pairs` column's text ([`pairs_text`]); `None` when it is no such array.
pub(crate) fn pairs_from_text(text: &str) -> Option<Vec<(PairKind, String, String)>> {
    let triples: Vec<[String; 3]> = serde_json::from_str(text).ok()?;
    triples.into_iter().map(|[kind, key, value]| Some((PairKind::parse(&kind)?, key, value))).collect()
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
