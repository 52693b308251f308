//! The catalog tables: import (upsert) and reads, as the SQLite backend keeps them.

use std::collections::BTreeSet;

use postgres::Row;
use postgres::types::ToSql;

use super::{PgResult, Tx, corrupt, get, money, parsed, parsed_opt, required_money};
use crate::db::cache::CatalogRows;
use crate::error::Result;
use crate::model::{BillingCycleType, CatalogItem, CatalogTerm, CustomerSegment, Money, Promotion, Timestamp};

/// The item `$1` names, matched ignoring ASCII case (SQLite's NOCASE), an exact match first:
/// the end of a query selecting one column of it.
const MATCHED_ITEM: &str =
    " FROM catalog_items WHERE lower(catalog_item_id COLLATE \"C\") = lower($1::text COLLATE \"C\")
     ORDER BY catalog_item_id = $1::text DESC LIMIT 1";

/// A segment column (NULL: none); a name that does not read back is corrupt.
fn segment(row: &Row, index: usize) -> Result<Option<CustomerSegment>> {
    parsed_opt(row, index, CustomerSegment::parse)
}

/// Replaces (or inserts) every item of `items`, with its terms, promotions and names.
pub(crate) fn upsert(tx: &mut Tx<'_>, items: &[CatalogItem]) -> Result<()> {
    for item in items {
        let id = &canonical_id(tx, &item.catalog_item_id)?.unwrap_or_else(|| item.catalog_item_id.clone());
        tx.execute_cached(
            "INSERT INTO catalog_items (catalog_item_id, title, currency_code, market, minimum_quantity,
                 maximum_quantity, inventory, eligible_for_purchase, requires_attestation, description, segment)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (catalog_item_id) DO UPDATE SET title = excluded.title,
                 currency_code = excluded.currency_code, market = excluded.market,
                 minimum_quantity = excluded.minimum_quantity, maximum_quantity = excluded.maximum_quantity,
                 inventory = excluded.inventory, eligible_for_purchase = excluded.eligible_for_purchase,
                 requires_attestation = excluded.requires_attestation, description = excluded.description,
                 segment = excluded.segment",
            &[
                id,
                &item.title,
                &item.currency_code.trim().to_ascii_uppercase(),
                &item.market,
                &item.minimum_quantity,
                &item.maximum_quantity,
                &item.inventory,
                &item.eligible_for_purchase,
                &item.requires_attestation,
                &item.description,
                &item.segment.map(CustomerSegment::as_str),
            ],
        )
        .db()?;
        super::search::index_item(tx, id)?;
        // The item as a whole is replaced: prices a price list gave it go too.
        for table in ["catalog_terms", "catalog_promotions", "catalog_item_names", "catalog_prices"] {
            tx.execute_cached(&format!("DELETE FROM {table} WHERE catalog_item_id = $1"), &[id]).db()?;
        }
        for (position, term) in item.terms.iter().enumerate() {
            tx.execute_cached(
                "INSERT INTO catalog_terms (catalog_item_id, position, term_duration, billing_cycle, list_price,
                     renews_to, erp_price, segment, market, currency_code, effective_start_us, effective_end_us)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, cartstore_at($11), cartstore_at($12))",
                &[
                    id,
                    &(position as i64),
                    &term.term_duration.as_deref().map(|t| t.trim().to_ascii_uppercase()),
                    &term
                        .billing_cycle
                        .or(term.term_duration.is_none().then_some(BillingCycleType::OneTime))
                        .map(|c| c.as_str()),
                    &term.list_price.unwrap_or_default().amount(),
                    &term.renews_to.join(" "),
                    &term.erp_price.map(Money::amount),
                    &term.segment.map(CustomerSegment::as_str),
                    &term.market.as_deref().map(|m| m.trim().to_ascii_uppercase()),
                    &term.currency_code.as_deref().map(|c| c.trim().to_ascii_uppercase()),
                    &term.effective_start.map(Timestamp::to_micros),
                    &term.effective_end.map(Timestamp::to_micros),
                ],
            )
            .db()?;
        }
        for (position, promo) in item.promotions.iter().enumerate() {
            tx.execute_cached(
                "INSERT INTO catalog_promotions (catalog_item_id, position, promotion_id, term_duration, billing_cycle,
                     discount_percent, start_us, end_us)
                 VALUES ($1, $2, $3, $4, $5, $6, cartstore_at($7), cartstore_at($8))",
                &[
                    id,
                    &(position as i64),
                    &promo.promotion_id,
                    &promo.term_duration.as_deref().map(|t| t.trim().to_ascii_uppercase()),
                    &promo.billing_cycle.map(|c| c.as_str()),
                    &promo.discount_percent.unwrap_or_default().to_string(),
                    &promo.start_date.map(Timestamp::to_micros),
                    &promo.end_date.map(Timestamp::to_micros),
                ],
            )
            .db()?;
        }
        let names = item.provisioning_variables.iter().map(|n| ("v", n)).chain(item.addon_of.iter().map(|n| ("a", n)));
        for (position, (kind, name)) in names.enumerate() {
            tx.execute_cached(
                "INSERT INTO catalog_item_names (catalog_item_id, kind, position, name) VALUES ($1, $2, $3, $4)",
                &[id, &kind, &(position as i64), name],
            )
            .db()?;
        }
    }
    bump_version(tx)?;
    Ok(())
}

/// Moves the catalog version on (every cached item is read again); returns the new version.
pub(crate) fn bump_version(tx: &mut Tx<'_>) -> Result<i64> {
    let row = tx
        .query_one_cached("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version' RETURNING value", &[])
        .db()?;
    get(&row, 0)
}

/// The one column `select` (`SELECT x`) reads of the item `id` names, if there is one.
fn matched<T: for<'a> postgres::types::FromSql<'a>>(tx: &mut Tx<'_>, select: &str, id: &str) -> Result<Option<T>> {
    let sql = format!("{select}{MATCHED_ITEM}");
    match tx.query_opt_cached(&sql, &[&id]).db()? {
        Some(row) => Ok(Some(get(&row, 0)?)),
        None => Ok(None),
    }
}

/// The stored id of the item `id` names, matched ignoring ASCII case (an exact match first).
pub(crate) fn canonical_id(tx: &mut Tx<'_>, id: &str) -> Result<Option<String>> {
    matched(tx, "SELECT catalog_item_id", id)
}

/// The stored id of the item a line's `id` names: the exact id (any case) first, else the
/// price-list item `ProductId:SkuId` of a three-part id.
pub(crate) fn resolve_id(tx: &mut Tx<'_>, id: &str) -> Result<Option<String>> {
    if let Some(found) = canonical_id(tx, id)? {
        return Ok(Some(found));
    }
    match crate::model::price_list_item_id(id) {
        Some(short) => canonical_id(tx, short),
        None => Ok(None),
    }
}

/// One item (its id matched as [`resolve_id`] does), with everything it offers; `None` when
/// the catalog lacks it.
pub(crate) fn item(tx: &mut Tx<'_>, id: &str) -> Result<Option<CatalogItem>> {
    let Some(id) = resolve_id(tx, id)? else { return Ok(None) };
    let id: &(dyn ToSql + Sync) = &id;
    let Some(row) = tx
        .query_opt_cached(
            "SELECT i.catalog_item_id, i.title, i.currency_code, i.market, i.minimum_quantity, i.maximum_quantity,
                 i.inventory, i.eligible_for_purchase, i.requires_attestation, i.description, i.segment
             FROM catalog_items i WHERE i.catalog_item_id = $1",
            &[id],
        )
        .db()?
    else {
        return Ok(None);
    };
    let mut item = CatalogItem {
        catalog_item_id: super::get(&row, 0)?,
        title: super::get(&row, 1)?,
        currency_code: super::get(&row, 2)?,
        market: super::get(&row, 3)?,
        minimum_quantity: super::get(&row, 4)?,
        maximum_quantity: super::get(&row, 5)?,
        inventory: super::get(&row, 6)?,
        eligible_for_purchase: super::get(&row, 7)?,
        requires_attestation: super::get(&row, 8)?,
        description: super::get(&row, 9)?,
        segment: segment(&row, 10)?,
        ..CatalogItem::default()
    };
    for row in tx
        .query_cached(
            "SELECT t.term_duration, t.billing_cycle, t.list_price, t.renews_to, t.erp_price, t.segment, t.market,
                 t.currency_code, cartstore_us(t.effective_start_us), cartstore_us(t.effective_end_us)
             FROM catalog_terms t WHERE t.catalog_item_id = $1 ORDER BY t.position",
            &[id],
        )
        .db()?
    {
        let renews: &str = super::get(&row, 3)?;
        item.terms.push(CatalogTerm {
            term_duration: super::get(&row, 0)?,
            billing_cycle: parsed_opt(&row, 1, BillingCycleType::parse)?,
            list_price: Some(required_money(&row, 2)?),
            renews_to: renews.split_whitespace().map(str::to_owned).collect(),
            erp_price: money(&row, 4)?,
            segment: segment(&row, 5)?,
            market: super::get(&row, 6)?,
            currency_code: super::get(&row, 7)?,
            effective_start: super::get::<Option<i64>>(&row, 8)?.and_then(Timestamp::from_micros),
            effective_end: super::get::<Option<i64>>(&row, 9)?.and_then(Timestamp::from_micros),
            tier_min: None,
            tier_max: None,
        });
    }
    let mut markets = BTreeSet::new();
    for row in tx
        .query_cached(
            "SELECT p.term_duration, p.billing_cycle, p.list_price, p.erp_price, p.segment, p.market, p.currency,
                 cartstore_us(p.effective_start_us), cartstore_us(p.effective_end_us), cartstore_us(p.in_effect_from_us),
                 p.tier_min, p.tier_max, p.tags
             FROM catalog_prices p WHERE p.catalog_item_id = $1
             ORDER BY p.segment, p.market, p.currency, p.term_duration, p.billing_cycle, p.effective_start_us",
            &[id],
        )
        .db()?
    {
        let tags: &str = super::get(&row, 12)?;
        let tagged = |name: &str| tags.split(';').any(|t| t.trim().eq_ignore_ascii_case(name));
        let start: i64 = super::get(&row, 7)?;
        let from: Option<i64> = super::get(&row, 9)?;
        let tier_min: i64 = super::get(&row, 10)?;
        let term = CatalogTerm {
            term_duration: super::get(&row, 0)?,
            billing_cycle: Some(parsed(&row, 1, BillingCycleType::parse)?),
            list_price: Some(required_money(&row, 2)?),
            renews_to: Vec::new(),
            erp_price: money(&row, 3)?,
            segment: segment(&row, 4)?,
            market: super::get(&row, 5)?,
            currency_code: super::get(&row, 6)?,
            effective_start: Timestamp::from_micros(from.unwrap_or(start).max(start)),
            effective_end: super::get::<Option<i64>>(&row, 8)?.and_then(Timestamp::from_micros),
            tier_min: (tier_min > 0).then_some(tier_min),
            tier_max: super::get(&row, 11)?,
        };
        if tagged("trial") {
            item.trial = Some(true);
        }
        if tagged("includeoverage") {
            item.usage_charges = Some(true);
        }
        markets.insert(term.market.clone());
        item.terms.push(term);
    }
    if markets.len() > 1 {
        item.market = None;
    }
    for row in tx
        .query_cached(
            "SELECT p.promotion_id, p.term_duration, p.billing_cycle, p.discount_percent, cartstore_us(p.start_us),
                 cartstore_us(p.end_us)
             FROM catalog_promotions p WHERE p.catalog_item_id = $1 ORDER BY p.position",
            &[id],
        )
        .db()?
    {
        item.promotions.push(Promotion {
            promotion_id: super::get(&row, 0)?,
            term_duration: super::get(&row, 1)?,
            billing_cycle: parsed_opt(&row, 2, BillingCycleType::parse)?,
            discount_percent: Some(required_money(&row, 3)?),
            start_date: super::get::<Option<i64>>(&row, 4)?.and_then(Timestamp::from_micros),
            end_date: super::get::<Option<i64>>(&row, 5)?.and_then(Timestamp::from_micros),
        });
    }
    for row in tx
        .query_cached(
            "SELECT n.kind, n.name FROM catalog_item_names n WHERE n.catalog_item_id = $1 ORDER BY n.position",
            &[id],
        )
        .db()?
    {
        let kind: &str = super::get(&row, 0)?;
        let name: String = super::get(&row, 1)?;
        match kind {
            "v" => item.provisioning_variables.push(name),
            "a" => item.addon_of.push(name),
            other => return Err(corrupt("name kind", other)),
        }
    }
    Ok(Some(item))
}

/// A PostgreSQL transaction as the catalog cache's source ([`crate::db::cache`]).
pub(crate) struct Rows<'a, 't>(pub(crate) &'a mut Tx<'t>);

impl CatalogRows for Rows<'_, '_> {
    fn catalog_version(&mut self) -> Result<i64> {
        let row = self.0.query_one_cached("SELECT value FROM meta WHERE key = 'catalog_version'", &[]).db()?;
        super::get(&row, 0)
    }
    fn inventory(&mut self, id: &str) -> Result<Option<Option<i64>>> {
        inventory(self.0, id)
    }
    fn item(&mut self, id: &str) -> Result<Option<CatalogItem>> {
        item(self.0, id)
    }
}

/// An item's inventory now: `None` when the item is gone, `Some(None)` when unlimited.
pub(crate) fn inventory(tx: &mut Tx<'_>, id: &str) -> Result<Option<Option<i64>>> {
    matched(tx, "SELECT inventory", id)
}

/// Every item, ordered by id.
pub(crate) fn list(tx: &mut Tx<'_>) -> Result<Vec<CatalogItem>> {
    let ids: Vec<String> = tx
        .query_cached("SELECT catalog_item_id FROM catalog_items ORDER BY catalog_item_id", &[])
        .db()?
        .iter()
        .map(|row| super::get(row, 0))
        .collect::<Result<_>>()?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(item) = item(tx, &id)? {
            items.push(item);
        }
    }
    Ok(items)
}

/// Sets a limited item's inventory (`id` resolved as for [`resolve_id`]; nothing for an
/// unlimited or missing item).
pub(crate) fn set_inventory(tx: &mut Tx<'_>, id: &str, inventory: i64) -> Result<()> {
    let Some(id) = resolve_id(tx, id)? else { return Ok(()) };
    tx.execute_cached(
        "UPDATE catalog_items SET inventory = $2 WHERE catalog_item_id = $1 AND inventory IS NOT NULL",
        &[&id, &inventory],
    )
    .db()?;
    Ok(())
}
