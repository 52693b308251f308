//! Catalog search with PostgreSQL's full text, made to find and order exactly what SQLite's
//! FTS5 does: the `simple` configuration over the unaccent()ed id, title and description with
//! every run of characters other than letters and digits made a space first (FTS5's `unicode61`
//! token boundaries: a URL, an address or a hyphenated word is several words, as in SQLite,
//! where PostgreSQL's parser would keep `docs.microsoft.com` one), written by [`index_item`] on
//! every import with the item's token count; each word a prefix query, all required; each hit
//! with what the store ranks by (whether the title holds every word, the title's length, and
//! FTS5's own `bm25` with SQLite's column weights, id 4, title 10, description 1, computed here
//! from the same counts: [`bm25`]).

use super::{PgResult, Tx, get};
use crate::db::{Filters, SearchHit};
use crate::error::Result;

/// The `simple` tsvector of the SQL text `column` as FTS5's `unicode61 remove_diacritics 2`
/// splits it: accents removed, each run of letters and digits a word.
fn words_of(column: &str) -> String {
    format!("to_tsvector('simple', regexp_replace(unaccent(coalesce({column}, '')), '[^[:alnum:]]+', ' ', 'g'))")
}

/// The statement writing an item's search vectors and token count from its id, title and
/// description (its `WHERE` clause follows): `search_all` weighs the id B, the title A and the
/// description D, which [`hits`] reads back as FTS5's column weights.
fn index_sql() -> String {
    let all = format!(
        "setweight({}, 'B') || setweight({}, 'A') || setweight({}, 'D')",
        words_of("catalog_item_id"),
        words_of("title"),
        words_of("description")
    );
    format!(
        "UPDATE catalog_items SET search_title = {title}, search_all = {all},
             search_tokens = (SELECT count(*) FROM unnest({all}) AS u, unnest(u.positions) AS p)",
        title = words_of("title")
    )
}

/// Writes the search vectors of the stored item `id` from its id, title and description.
pub(crate) fn index_item(tx: &mut Tx<'_>, id: &str) -> Result<()> {
    tx.execute(&format!("{} WHERE catalog_item_id = $1", index_sql()), &[&id]).db()?;
    Ok(())
}

/// Writes the search vectors of the stored items whose ids the query `ids` selects.
pub(crate) fn index_items_in(tx: &mut Tx<'_>, ids: &str) -> Result<()> {
    tx.execute(&format!("{} WHERE catalog_item_id IN ({ids})", index_sql()), &[]).db()?;
    Ok(())
}

/// Writes the search vectors of every stored item.
pub(crate) fn index_all(tx: &mut Tx<'_>) -> Result<()> {
    tx.batch_execute(&index_sql()).db()
}

/// One word as a tsquery prefix: quoted (quotes and backslashes doubled).
fn prefix(word: &str) -> String {
    format!("'{}':*", word.replace('\\', "\\\\").replace('\'', "''"))
}

/// The tsquery text of a search's words: each word a prefix, all required; `None` when there
/// is none.
fn query_text(words: &[&String]) -> Option<String> {
    let parts: Vec<String> = words.iter().map(|w| prefix(w)).collect();
    (!parts.is_empty()).then(|| parts.join(" & "))
}

/// The filters of a search on an item `i` (as the SQLite backend's): with $7 set, the item has
/// a price or a term a customer of segment $2 may buy, of term $3, cycle $4 and currency $5
/// (each when given), still in effect at $6.
const TERM_FILTER: &str = "
    AND (NOT $7 OR EXISTS (SELECT 1 FROM catalog_prices p WHERE p.catalog_item_id = i.catalog_item_id
             AND ($2::text IS NULL OR p.segment IN ($2, 'commercial')) AND ($3::text IS NULL OR p.term_duration = $3)
             AND ($4::text IS NULL OR p.billing_cycle = $4) AND ($5::text IS NULL OR p.currency = $5)
             AND (p.effective_end_us IS NULL OR p.effective_end_us > cartstore_at($6)))
         OR EXISTS (SELECT 1 FROM catalog_terms t WHERE t.catalog_item_id = i.catalog_item_id
             AND ($2::text IS NULL OR coalesce(t.segment, i.segment, 'commercial') IN ($2, 'commercial'))
             AND ($3::text IS NULL OR t.term_duration = $3) AND ($4::text IS NULL OR t.billing_cycle = $4)
             AND ($5::text IS NULL OR coalesce(t.currency_code, i.currency_code) = $5)
             AND (t.effective_end_us IS NULL OR t.effective_end_us > cartstore_at($6))))";

/// FTS5's `bm25` (sqlite's `fts5_aux.c`, k1 = 1.2, b = 0.75), in its order of operations so
/// that equal counts give the very same score: `freqs` are the weighted hits of each word in
/// the row, `tokens` its tokens, `hits` the rows holding each word, `rows` and `total` the
/// index's rows and tokens. The score, higher is better (SQLite's `-bm25()`).
fn bm25(freqs: &[f64], tokens: f64, hits: &[i64], rows: i64, total: f64) -> f64 {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;
    let avgdl = total / rows as f64;
    let mut score = 0.0;
    for (freq, hit) in freqs.iter().zip(hits) {
        let mut idf = (((rows - hit) as f64 + 0.5) / (*hit as f64 + 0.5)).ln();
        if idf <= 0.0 {
            idf = 1e-6;
        }
        score += idf * ((freq * (K1 + 1.0)) / (freq + K1 * (1.0 - B + B * tokens / avgdl)));
    }
    score
}

/// The items holding every one of `words` as a prefix that pass `filters`, with what the store
/// ranks them by.
pub(crate) fn hits(tx: &mut Tx<'_>, words: &[String], filters: &Filters<'_>) -> Result<Vec<SearchHit>> {
    let filtered = filters.segment.is_some()
        || filters.term_duration.is_some()
        || filters.billing_cycle.is_some()
        || filters.currency_code.is_some();
    let words: Vec<&String> = words.iter().filter(|w| !w.trim().is_empty()).collect();
    let Some(query) = query_text(&words) else {
        let sql = format!("SELECT i.catalog_item_id FROM catalog_items i WHERE $1::text IS NULL {TERM_FILTER}");
        let none: Option<String> = None;
        return tx
            .query(
                &sql,
                &[
                    &none,
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
            .map(|row| Ok(SearchHit { id: get(row, 0)?, title_has_every_word: false, title_chars: 0, relevance: 0.0 }))
            .collect();
    };
    let each: Vec<String> = words.iter().map(|w| prefix(w)).collect();
    let plain: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
    // The index's rows and tokens, and the rows holding each word (FTS5's nRow, its total
    // size and each phrase's nHit, over the whole index).
    let stats = tx
        .query_one(
            "SELECT count(*), coalesce(sum(search_tokens), 0)::float8,
                 ARRAY(SELECT (SELECT count(*) FROM catalog_items c
                                WHERE c.search_all @@ to_tsquery('simple', unaccent(w.q)))
                       FROM unnest($1::text[]) WITH ORDINALITY AS w (q, n) ORDER BY w.n)
             FROM catalog_items",
            &[&each],
        )
        .db()?;
    let rows: i64 = get(&stats, 0)?;
    let total: f64 = get(&stats, 1)?;
    let word_hits: Vec<i64> = get(&stats, 2)?;
    // `w` is materialized: inlined (PostgreSQL's default for a CTE read once), each word's
    // `unaccent` ran again for every lexeme of every hit (twice the time of the whole query on
    // the real catalog).
    let sql = format!(
        "WITH q AS (SELECT to_tsquery('simple', unaccent($1::text)) AS q),
              w AS MATERIALIZED (SELECT w.n, unaccent(w.word) AS word
                                 FROM unnest($8::text[]) WITH ORDINALITY AS w (word, n))
         SELECT i.catalog_item_id, i.search_title @@ q.q, length(coalesce(i.title, ''))::bigint,
             i.search_tokens::float8,
             ARRAY(SELECT coalesce((SELECT sum(CASE x.weight WHEN 'A' THEN 10 WHEN 'B' THEN 4 ELSE 1 END)
                                    FROM unnest(i.search_all) AS u, unnest(u.weights) AS x (weight)
                                    WHERE starts_with(u.lexeme, w.word)), 0)::float8
                   FROM w ORDER BY w.n)
         FROM catalog_items i, q
         WHERE i.search_all @@ q.q {TERM_FILTER}"
    );
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
            &plain,
        ],
    )
    .db()?
    .iter()
    .map(|row| {
        let freqs: Vec<f64> = get(row, 4)?;
        Ok(SearchHit {
            id: get(row, 0)?,
            title_has_every_word: get(row, 1)?,
            title_chars: get(row, 2)?,
            relevance: bm25(&freqs, get(row, 3)?, &word_hits, rows, total),
        })
    })
    .collect()
}
