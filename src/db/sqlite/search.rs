//! Catalog search: the FTS5 index `catalog_search` (ids, titles and descriptions, case and
//! accents folded by `unicode61 remove_diacritics 2`; contentless since migration 13, so the
//! words themselves are read from `catalog_items`), ranked by bm25, and the filters on the
//! terms an item offers.

use rusqlite::{Connection, params};

use super::SqlResult;
use crate::db::{Filters, SearchHit};
use crate::error::Result;

/// The FTS5 query of a search's words: each word as a quoted prefix, all required; `None`
/// when there is no word. Quoting keeps FTS5's operators (`AND`, `NEAR`, `-`, `:`) plain words.
pub(crate) fn match_expression(words: &[String]) -> Option<String> {
    let words: Vec<String> = words.iter().map(|w| format!("\"{w}\"*")).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The filters of a search, on an item `i`: with ?7 set, the item has a price (from a price
/// list) or a term (from a JSON catalog) a customer of segment ?2 may buy (of that segment, or
/// commercial), term ?3, billing cycle ?4 and currency
/// ?5 (each when given) still in effect at ?6.
macro_rules! term_filter {
    () => {
        "
               AND (?7 = 0 OR EXISTS (SELECT 1 FROM catalog_prices p WHERE p.catalog_item_id = i.catalog_item_id
                        AND (?2 IS NULL OR p.segment IN (?2, 'commercial')) AND (?3 IS NULL OR p.term_duration = ?3)
                        AND (?4 IS NULL OR p.billing_cycle = ?4) AND (?5 IS NULL OR p.currency = ?5)
                        AND (p.effective_end_us IS NULL OR p.effective_end_us > ?6))
                    OR EXISTS (SELECT 1 FROM catalog_terms t WHERE t.catalog_item_id = i.catalog_item_id
                        AND (?2 IS NULL OR coalesce(t.segment, i.segment, 'commercial') IN (?2, 'commercial'))
                        AND (?3 IS NULL OR t.term_duration = ?3) AND (?4 IS NULL OR t.billing_cycle = ?4)
                        AND (?5 IS NULL OR coalesce(t.currency_code, i.currency_code) = ?5)
                        AND (t.effective_end_us IS NULL OR t.effective_end_us > ?6)))"
    };
}

/// The items matching `expression` (every item when `None`) that offer a term passing
/// `filters` (any item when no filter is set), each with whether its title holds every word
/// (an FTS5 column filter), its title's length and −bm25 over id, title (weighted most) and
/// description; the store ranks them (`store::prices::ranked`).
pub(crate) fn hits(conn: &Connection, expression: Option<&str>, filters: &Filters<'_>) -> Result<Vec<SearchHit>> {
    let filtered = filters.segment.is_some()
        || filters.term_duration.is_some()
        || filters.billing_cycle.is_some()
        || filters.currency_code.is_some();
    let mut stmt = match expression {
        Some(_) => conn.prepare_cached(concat!(
            "SELECT i.catalog_item_id,
                 s.rowid IN (SELECT rowid FROM catalog_search WHERE catalog_search MATCH 'title : (' || ?1 || ')'),
                 length(i.title), -bm25(catalog_search, 4.0, 10.0, 1.0)
             FROM catalog_search s
             JOIN catalog_items i ON i.rowid = s.rowid
             WHERE catalog_search MATCH ?1",
            term_filter!()
        )),
        None => conn.prepare_cached(concat!(
            "SELECT i.catalog_item_id, 0, 0, 0.0 FROM catalog_items i WHERE ?1 IS NULL",
            term_filter!()
        )),
    }
    .db()?;
    let rows = stmt
        .query_map(
            params![
                expression,
                filters.segment,
                filters.term_duration,
                filters.billing_cycle,
                filters.currency_code,
                filters.now_us,
                filtered
            ],
            |row| {
                Ok(SearchHit {
                    id: row.get(0)?,
                    title_has_every_word: row.get(1)?,
                    title_chars: row.get::<_, Option<i64>>(2)?.unwrap_or_default(),
                    relevance: row.get(3)?,
                })
            },
        )
        .db()?;
    rows.collect::<Result<_, _>>().db()
}
