//! The catalog tables: import (upsert) and reads.

use rusqlite::{Connection, OptionalExtension, params};

use super::{SqlResult, Transaction, corrupt_value, money_column, required_money_column};
use crate::db::cache::CatalogRows;
use crate::error::{Error, Result, StorageKind};
use crate::model::{BillingCycleType, CatalogItem, CatalogTerm, CustomerSegment, Promotion, Timestamp};

columns! {
    /// The item columns [`get`] reads of `catalog_items` as `i`.
    item_columns, I, "i": catalog_item_id, title, currency_code, market, minimum_quantity, maximum_quantity,
    inventory, eligible_for_purchase, requires_attestation, description, segment
}

columns! {
    /// The term columns [`get`] reads of `catalog_terms` as `t`.
    term_columns, T, "t": term_duration, billing_cycle, list_price, renews_to, erp_price, segment, market,
    currency_code, effective_start_us, effective_end_us
}

columns! {
    /// The price columns [`get`] reads of `catalog_prices` as `p`.
    price_columns, R, "p": term_duration, billing_cycle, list_price, erp_price, segment, market, currency,
    effective_start_us, effective_end_us, in_effect_from_us, tier_min, tier_max, tags
}

columns! {
    /// The promotion columns [`get`] reads of `catalog_promotions` as `p`.
    promotion_columns, P, "p": promotion_id, term_duration, billing_cycle, discount_percent, start_us, end_us
}

columns! {
    /// The name columns [`get`] reads of `catalog_item_names` as `n`.
    name_columns, N, "n": kind, name
}

/// Replaces (or inserts) every item of `items`, with its terms, promotions and names.
pub(crate) fn upsert(tx: &Transaction<'_>, items: &[CatalogItem]) -> Result<()> {
    for item in items {
        // Ids match case-insensitively: an item re-imported in another case replaces the one
        // stored, under its stored id.
        let id = &canonical_id(tx, &item.catalog_item_id)?.unwrap_or_else(|| item.catalog_item_id.clone());
        tx.prepare_cached(
            "INSERT INTO catalog_items (catalog_item_id, title, currency_code, market, minimum_quantity,
                 maximum_quantity, inventory, eligible_for_purchase, requires_attestation, description, segment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (catalog_item_id) DO UPDATE SET title = excluded.title,
                 currency_code = excluded.currency_code, market = excluded.market,
                 minimum_quantity = excluded.minimum_quantity, maximum_quantity = excluded.maximum_quantity,
                 inventory = excluded.inventory, eligible_for_purchase = excluded.eligible_for_purchase,
                 requires_attestation = excluded.requires_attestation, description = excluded.description,
                 segment = excluded.segment",
        )
        .db()?
        .execute(params![
            id,
            item.title,
            item.currency_code.trim().to_ascii_uppercase(),
            item.market,
            item.minimum_quantity,
            item.maximum_quantity,
            item.inventory,
            item.eligible_for_purchase,
            item.requires_attestation,
            item.description,
            item.segment.map(CustomerSegment::as_str)
        ])
        .db()?;
        index_item(tx, id)?;
        // The item as a whole is replaced: prices a price list gave it go too.
        for table in ["catalog_terms", "catalog_promotions", "catalog_item_names", "catalog_prices"] {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE catalog_item_id = ?1")).db()?.execute([id]).db()?;
        }
        for (position, term) in item.terms.iter().enumerate() {
            tx.prepare_cached(
                "INSERT INTO catalog_terms (catalog_item_id, position, term_duration, billing_cycle, list_price, renews_to,
                     erp_price, segment, market, currency_code, effective_start_us, effective_end_us)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .db()?
            .execute(params![
                id,
                position as i64,
                term.term_duration.as_deref().map(|t| t.trim().to_ascii_uppercase()),
                term.billing_cycle.or(term.term_duration.is_none().then_some(BillingCycleType::OneTime)).map(|c| c.as_str()),
                term.list_price.unwrap_or_default().to_string(),
                term.renews_to.join(" "),
                term.erp_price.map(|p| p.to_string()),
                term.segment.map(CustomerSegment::as_str),
                term.market.as_deref().map(|m| m.trim().to_ascii_uppercase()),
                term.currency_code.as_deref().map(|c| c.trim().to_ascii_uppercase()),
                term.effective_start.map(Timestamp::to_micros),
                term.effective_end.map(Timestamp::to_micros)
            ])
            .db()?;
        }
        for (position, promo) in item.promotions.iter().enumerate() {
            tx.prepare_cached(
                "INSERT INTO catalog_promotions (catalog_item_id, position, promotion_id, term_duration, billing_cycle,
                     discount_percent, start_us, end_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .db()?
            .execute(params![
                id,
                position as i64,
                promo.promotion_id,
                promo.term_duration.as_deref().map(|t| t.trim().to_ascii_uppercase()),
                promo.billing_cycle.map(|c| c.as_str()),
                promo.discount_percent.unwrap_or_default().to_string(),
                promo.start_date.map(Timestamp::to_micros),
                promo.end_date.map(Timestamp::to_micros)
            ])
            .db()?;
        }
        let names = item.provisioning_variables.iter().map(|n| ("v", n)).chain(item.addon_of.iter().map(|n| ("a", n)));
        for (position, (kind, name)) in names.enumerate() {
            tx.prepare_cached(
                "INSERT INTO catalog_item_names (catalog_item_id, kind, position, name) VALUES (?1, ?2, ?3, ?4)",
            )
            .db()?
            .execute(params![id, kind, position as i64, name])
            .db()?;
        }
    }
    tx.prepare_cached("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'").db()?.execute([]).db()?;
    Ok(())
}

/// A segment column (NULL: none); a name that does not read back is corrupt.
pub(crate) fn segment_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<CustomerSegment>> {
    match row.get_ref(index)?.as_str_or_null()? {
        None => Ok(None),
        Some(text) => CustomerSegment::parse(text).map(Some).ok_or_else(|| corrupt_value(index, text)),
    }
}

/// Writes the search row of the stored item `id` (its id, title and description), replacing
/// the one it had: the index stays in step with `catalog_items`.
pub(crate) fn index_item(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let rowid: i64 = tx
        .prepare_cached("SELECT rowid FROM catalog_items WHERE catalog_item_id = ?1")
        .db()?
        .query_row([id], |row| row.get(0))
        .db()?;
    tx.prepare_cached("DELETE FROM catalog_search WHERE rowid = ?1").db()?.execute([rowid]).db()?;
    tx.prepare_cached(
        "INSERT INTO catalog_search (rowid, catalog_item_id, title, description)
         SELECT rowid, catalog_item_id, coalesce(title, ''), coalesce(description, '') FROM catalog_items
         WHERE rowid = ?1",
    )
    .db()?
    .execute([rowid])
    .db()?;
    Ok(())
}

/// Writes the search rows of the items a price-list import wrote, replacing the ones they had:
/// the items of rowid above `after` (those it inserted: SQLite gives a table's new rows rowids
/// above its largest one) and the items `rewritten` (stored before, their words changed; each
/// id exactly as stored).
///
/// Set-based, not [`index_item`] per item: FTS5 writes its pending index data to disk at every
/// statement savepoint of the transaction (and when a rowid is written again), so one statement
/// per item left one small index segment per item to merge (a third of importing the real US
/// file); in one statement, in rowid order, the rows accumulate in FTS5's memory and are
/// written once. A rowid range, not a list of ids: the import keeps no id list of its new items
/// (a third of a million on a list of a million rows) and SQLite reads the rows in order.
pub(crate) fn index_imported(tx: &Transaction<'_>, after: i64, rewritten: &[String]) -> Result<()> {
    if !rewritten.is_empty() {
        let ids = serde_json::to_string(rewritten)
            .map_err(|e| Error::storage_caused_by(StorageKind::Other, "search ids", e))?;
        tx.prepare_cached(
            "DELETE FROM catalog_search WHERE rowid IN
                 (SELECT rowid FROM catalog_items WHERE catalog_item_id IN (SELECT value FROM json_each(?1)))",
        )
        .db()?
        .execute([&ids])
        .db()?;
        tx.prepare_cached(
            "INSERT INTO catalog_search (rowid, catalog_item_id, title, description)
             SELECT rowid, catalog_item_id, coalesce(title, ''), coalesce(description, '') FROM catalog_items
             WHERE catalog_item_id IN (SELECT value FROM json_each(?1)) ORDER BY rowid",
        )
        .db()?
        .execute([&ids])
        .db()?;
    }
    // A new item has no search row unless the index and the table parted: none is left over.
    tx.prepare_cached("DELETE FROM catalog_search WHERE rowid > ?1").db()?.execute([after]).db()?;
    tx.prepare_cached(
        "INSERT INTO catalog_search (rowid, catalog_item_id, title, description)
         SELECT rowid, catalog_item_id, coalesce(title, ''), coalesce(description, '') FROM catalog_items
         WHERE rowid > ?1 ORDER BY rowid",
    )
    .db()?
    .execute([after])
    .db()?;
    Ok(())
}

/// The item `?1` names, matched case-insensitively, as Partner Center ids are (an exact match
/// first): the end of a query selecting one column of it.
macro_rules! matched_item {
    () => {
        " FROM catalog_items WHERE catalog_item_id = ?1 COLLATE NOCASE ORDER BY catalog_item_id = ?1 DESC LIMIT 1"
    };
}

/// The one column `sql` selects of the item `id` names ([`matched_item!`]), if there is one.
fn matched<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str, id: &str) -> Result<Option<T>> {
    conn.prepare_cached(sql).db()?.query_row([id], |row| row.get(0)).optional().db()
}

/// The stored id of the item `id` names, matched case-insensitively (an exact match first).
pub(crate) fn canonical_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    matched(conn, concat!("SELECT catalog_item_id", matched_item!()), id)
}

/// The stored id of the item a line's `id` names: the exact id (any case) first, else, for
/// Partner Center's three-part `ProductId:SkuId:AvailabilityId`, the price-list item
/// `ProductId:SkuId`.
pub(crate) fn resolve_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    if let Some(found) = canonical_id(conn, id)? {
        return Ok(Some(found));
    }
    match crate::model::price_list_item_id(id) {
        Some(short) => canonical_id(conn, short),
        None => Ok(None),
    }
}

/// One item (its id matched as [`resolve_id`] does), with everything it offers; `None` when
/// the catalog lacks it.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<CatalogItem>> {
    let Some(id) = resolve_id(conn, id)? else { return Ok(None) };
    let id = id.as_str();
    let item = conn
        .prepare_cached(concat!("SELECT ", item_columns!(), " FROM catalog_items i WHERE i.catalog_item_id = ?1"))
        .db()?
        .query_row([id], |row| {
            Ok(CatalogItem {
                catalog_item_id: row.get(I::catalog_item_id.at())?,
                title: row.get(I::title.at())?,
                currency_code: row.get(I::currency_code.at())?,
                market: row.get(I::market.at())?,
                minimum_quantity: row.get(I::minimum_quantity.at())?,
                maximum_quantity: row.get(I::maximum_quantity.at())?,
                inventory: row.get(I::inventory.at())?,
                eligible_for_purchase: row.get(I::eligible_for_purchase.at())?,
                requires_attestation: row.get(I::requires_attestation.at())?,
                description: row.get(I::description.at())?,
                segment: segment_column(row, I::segment.at())?,
                ..CatalogItem::default()
            })
        })
        .optional()
        .db()?;
    let Some(mut item) = item else { return Ok(None) };
    let mut stmt = conn
        .prepare_cached(concat!(
            "SELECT ",
            term_columns!(),
            " FROM catalog_terms t WHERE t.catalog_item_id = ?1 ORDER BY t.position"
        ))
        .db()?;
    let rows = stmt
        .query_map([id], |row| {
            let cycle: Option<String> = row.get(T::billing_cycle.at())?;
            let renews: String = row.get(T::renews_to.at())?;
            Ok(CatalogTerm {
                term_duration: row.get(T::term_duration.at())?,
                billing_cycle: super::parsed_opt(T::billing_cycle.at(), cycle.as_deref(), BillingCycleType::parse)?,
                list_price: Some(required_money_column(row, T::list_price.at())?),
                renews_to: renews.split_whitespace().map(str::to_owned).collect(),
                erp_price: money_column(row, T::erp_price.at())?,
                segment: segment_column(row, T::segment.at())?,
                market: row.get(T::market.at())?,
                currency_code: row.get(T::currency_code.at())?,
                effective_start: row
                    .get::<_, Option<i64>>(T::effective_start_us.at())?
                    .and_then(Timestamp::from_micros),
                effective_end: row.get::<_, Option<i64>>(T::effective_end_us.at())?.and_then(Timestamp::from_micros),
                tier_min: None,
                tier_max: None,
            })
        })
        .db()?;
    item.terms = rows.collect::<Result<_, _>>().db()?;
    let mut stmt = conn
        .prepare_cached(concat!(
            "SELECT ",
            price_columns!(),
            " FROM catalog_prices p WHERE p.catalog_item_id = ?1
             ORDER BY p.segment, p.market, p.currency, p.term_duration, p.billing_cycle, p.effective_start_us"
        ))
        .db()?;
    let rows = stmt
        .query_map([id], |row| {
            let cycle = row.get_ref(R::billing_cycle.at())?.as_str()?;
            let tags: String = row.get(R::tags.at())?;
            let tagged = |name: &str| tags.split(';').any(|t| t.trim().eq_ignore_ascii_case(name));
            let start: i64 = row.get(R::effective_start_us.at())?;
            let from: Option<i64> = row.get(R::in_effect_from_us.at())?;
            let tier_min: i64 = row.get(R::tier_min.at())?;
            let term = CatalogTerm {
                term_duration: row.get(R::term_duration.at())?,
                billing_cycle: Some(super::parsed(R::billing_cycle.at(), cycle, BillingCycleType::parse)?),
                list_price: Some(required_money_column(row, R::list_price.at())?),
                renews_to: Vec::new(),
                erp_price: money_column(row, R::erp_price.at())?,
                segment: segment_column(row, R::segment.at())?,
                market: row.get(R::market.at())?,
                currency_code: row.get(R::currency.at())?,
                // In effect from: later than the file's start when an explicitly ended earlier
                // price of its key still holds then.
                effective_start: Timestamp::from_micros(from.unwrap_or(start).max(start)),
                effective_end: row.get::<_, Option<i64>>(R::effective_end_us.at())?.and_then(Timestamp::from_micros),
                tier_min: (tier_min > 0).then_some(tier_min),
                tier_max: row.get(R::tier_max.at())?,
            };
            Ok((term, tagged("trial"), tagged("includeoverage")))
        })
        .db()?;
    let mut markets = std::collections::BTreeSet::new();
    for term in rows {
        let (term, trial, usage) = term.db()?;
        if trial {
            item.trial = Some(true);
        }
        if usage {
            item.usage_charges = Some(true);
        }
        markets.insert(term.market.clone());
        item.terms.push(term);
    }
    // The item's market: its prices' one market, none when they are in several.
    if markets.len() > 1 {
        item.market = None;
    }
    let mut stmt = conn
        .prepare_cached(concat!(
            "SELECT ",
            promotion_columns!(),
            " FROM catalog_promotions p WHERE p.catalog_item_id = ?1 ORDER BY p.position"
        ))
        .db()?;
    let rows = stmt
        .query_map([id], |row| {
            let cycle: Option<String> = row.get(P::billing_cycle.at())?;
            Ok(Promotion {
                promotion_id: row.get(P::promotion_id.at())?,
                term_duration: row.get(P::term_duration.at())?,
                billing_cycle: super::parsed_opt(P::billing_cycle.at(), cycle.as_deref(), BillingCycleType::parse)?,
                discount_percent: Some(required_money_column(row, P::discount_percent.at())?),
                start_date: row.get::<_, Option<i64>>(P::start_us.at())?.and_then(Timestamp::from_micros),
                end_date: row.get::<_, Option<i64>>(P::end_us.at())?.and_then(Timestamp::from_micros),
            })
        })
        .db()?;
    item.promotions = rows.collect::<Result<_, _>>().db()?;
    let mut stmt = conn
        .prepare_cached(concat!(
            "SELECT ",
            name_columns!(),
            " FROM catalog_item_names n WHERE n.catalog_item_id = ?1 ORDER BY n.position"
        ))
        .db()?;
    let mut rows = stmt.query([id]).db()?;
    while let Some(row) = rows.next().db()? {
        let kind: String = row.get(N::kind.at()).db()?;
        let name: String = row.get(N::name.at()).db()?;
        if kind == "v" {
            item.provisioning_variables.push(name);
        } else {
            item.addon_of.push(name);
        }
    }
    Ok(Some(item))
}

/// The SQLite connection as the catalog cache's source ([`crate::db::cache`]).
pub(crate) struct Rows<'c>(pub(crate) &'c Connection);

impl CatalogRows for Rows<'_> {
    fn catalog_version(&mut self) -> Result<i64> {
        self.0
            .prepare_cached("SELECT value FROM meta WHERE key = 'catalog_version'")
            .db()?
            .query_row([], |row| row.get(0))
            .db()
    }
    fn inventory(&mut self, id: &str) -> Result<Option<Option<i64>>> {
        inventory(self.0, id)
    }
    fn item(&mut self, id: &str) -> Result<Option<CatalogItem>> {
        get(self.0, id)
    }
}

/// An item's inventory now: `None` when the item is gone, `Some(None)` when unlimited.
pub(crate) fn inventory(conn: &Connection, id: &str) -> Result<Option<Option<i64>>> {
    matched(conn, concat!("SELECT inventory", matched_item!()), id)
}

/// Every item, ordered by id.
pub(crate) fn list(conn: &Connection) -> Result<Vec<CatalogItem>> {
    let ids: Vec<String> = {
        let mut stmt =
            conn.prepare_cached("SELECT catalog_item_id FROM catalog_items ORDER BY catalog_item_id").db()?;
        let rows = stmt.query_map([], |row| row.get(0)).db()?;
        rows.collect::<Result<_, _>>().db()?
    };
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(item) = get(conn, &id)? {
            items.push(item);
        }
    }
    Ok(items)
}

/// Sets a limited item's inventory (no-op for unlimited or missing items).
pub(crate) fn set_inventory(tx: &Transaction<'_>, id: &str, inventory: i64) -> Result<()> {
    tx.prepare_cached(concat!(
        "UPDATE catalog_items SET inventory = ?2 WHERE catalog_item_id = (SELECT catalog_item_id",
        matched_item!(),
        ") AND inventory IS NOT NULL"
    ))
    .db()?
    .execute(params![id, inventory])
    .db()?;
    Ok(())
}
