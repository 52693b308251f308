//! Catalog search with PostgreSQL's full text: the `simple` configuration over unaccent()ed
//! id, title and description (written by [`index_item`] on every import), each word a prefix
//! query, all required; each hit with what the store ranks by (whether the title holds every
//! word, the title's length, `ts_rank` with the title weighted most).

use super::{PgResult, Tx, get};
use crate::db::{Filters, SearchHit};
use crate::error::Result;

/// The statement writing an item's search vectors from its id, title and description (its
/// `WHERE` clause follows).
const INDEX: &str = "UPDATE catalog_items SET
     search_title = to_tsvector('simple', unaccent(coalesce(title, ''))),
     search_all = setweight(to_tsvector('simple', unaccent(catalog_item_id)), 'B')
         || setweight(to_tsvector('simple', unaccent(coalesce(title, ''))), 'A')
         || setweight(to_tsvector('simple', unaccent(coalesce(description, ''))), 'D')";

/// Writes the search vectors of the stored item `id` from its id, title and description.
pub(crate) fn index_item(tx: &mut Tx<'_>, id: &str) -> Result<()> {
    tx.execute(&format!("{INDEX} WHERE catalog_item_id = $1"), &[&id]).db()?;
    Ok(())
}

/// Writes the search vectors of every stored item.
pub(crate) fn index_all(tx: &mut Tx<'_>) -> Result<()> {
    tx.batch_execute(INDEX).db()
}

/// The tsquery text of a search's words: each word a quoted prefix (quotes doubled), all
/// required; `None` when there is none.
fn query_text(words: &[String]) -> Option<String> {
    let parts: Vec<String> = words
        .iter()
        .filter(|w| !w.trim().is_empty())
        .map(|w| format!("'{}':*", w.replace('\\', "\\\\").replace('\'', "''")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" & "))
}

/// The filters of a search on an item `i` (as the SQLite backend's): with $7 set, the item has
/// a price or a term a customer of segment $2 may buy, of term $3, cycle $4 and currency $5
/// (each when given), still in effect at $6.
const TERM_FILTER: &str = "
    AND (NOT $7 OR EXISTS (SELECT 1 FROM catalog_prices p WHERE p.catalog_item_id = i.catalog_item_id
             AND ($2::text IS NULL OR p.segment IN ($2, 'commercial')) AND ($3::text IS NULL OR p.term_duration = $3)
             AND ($4::text IS NULL OR p.billing_cycle = $4) AND ($5::text IS NULL OR p.currency = $5)
             AND (p.effective_end_us IS NULL OR p.effective_end_us > $6))
         OR EXISTS (SELECT 1 FROM catalog_terms t WHERE t.catalog_item_id = i.catalog_item_id
             AND ($2::text IS NULL OR coalesce(t.segment, i.segment, 'commercial') IN ($2, 'commercial'))
             AND ($3::text IS NULL OR t.term_duration = $3) AND ($4::text IS NULL OR t.billing_cycle = $4)
             AND ($5::text IS NULL OR coalesce(t.currency_code, i.currency_code) = $5)
             AND (t.effective_end_us IS NULL OR t.effective_end_us > $6)))";

/// The items holding every one of `words` as a prefix that pass `filters`, with what the store
/// ranks them by.
pub(crate) fn hits(tx: &mut Tx<'_>, words: &[String], filters: &Filters<'_>) -> Result<Vec<SearchHit>> {
    let filtered = filters.segment.is_some()
        || filters.term_duration.is_some()
        || filters.billing_cycle.is_some()
        || filters.currency_code.is_some();
    let query = query_text(words);
    let sql = match query {
        Some(_) => format!(
            "WITH q AS (SELECT to_tsquery('simple', unaccent($1::text)) AS q)
             SELECT i.catalog_item_id, i.search_title @@ q.q, length(coalesce(i.title, ''))::bigint,
                 ts_rank('{{0.1, 0.2, 0.4, 1.0}}', i.search_all, q.q)::float8
             FROM catalog_items i, q
             WHERE i.search_all @@ q.q {TERM_FILTER}"
        ),
        None => format!(
            "SELECT i.catalog_item_id, false, 0::bigint, 0::float8 FROM catalog_items i
             WHERE $1::text IS NULL {TERM_FILTER}"
        ),
    };
    tx.query(
        &sql,
        &[
            &query,
            &filters.segment,
            &filters.term_duration,
            &filters.billing_cycle,
            &filters.currency_code,
            &filters.now_us,
            &filtered,
        ],
    )
    .db()?
    .iter()
    .map(|row| {
        Ok(SearchHit {
            id: get(row, 0)?,
            title_has_every_word: get(row, 1)?,
            title_chars: get(row, 2)?,
            relevance: get(row, 3)?,
        })
    })
    .collect()
}
