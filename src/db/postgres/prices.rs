//! A price list into the catalog, with the policy of the SQLite backend's import (see
//! `db::sqlite::prices::import`): newer information per key wins, a full list closes what it
//! omits in the (market, currency) pairs it covers, an explicitly ended price holds until its
//! end, and the same counts.
//!
//! Executed as sets, not row by row: the rows are streamed with `COPY … FROM STDIN` (binary)
//! into a temporary staging table of the import's transaction (`import_rows`, dropped at its
//! end), then a few statements merge them: the items (`import_items`: each item's first row,
//! its id matched to a stored one in any case), each key's first row in the file
//! (`import_keys`; two rows of one key with other figures fail naming both lines, as SQLite's
//! row-by-row import finds them), the stored prices they meet (`import_old`: outdated, changed,
//! extended), one `UPDATE … FROM` and one `INSERT … SELECT`, the closing of what a full list
//! omits, and the instants prices are in effect from. Memory stays bounded: the rows are never
//! held, only the set of item ids seen (as on SQLite).

use std::collections::HashSet;

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};

use super::catalog::bump_version;
use super::{PgResult, Tx, get};
use crate::db::{Counts, Plan};
use crate::error::{Error, InputProblem, Result};
use crate::pricelist::PriceRow;

/// The key of a price in `import_rows` / `import_keys` (`r.` / `k.` prefixed by the caller
/// through [`key_of`]): the folded item id stands for the item within one import.
const KEY: [&str; 8] =
    ["folded", "segment", "market", "currency", "term_duration", "billing_cycle", "tier_min", "effective_start_us"];

/// The key columns of [`KEY`] prefixed with `alias.`, comma-separated.
fn key_of(alias: &str) -> String {
    KEY.iter().map(|c| format!("{alias}.{c}")).collect::<Vec<_>>().join(", ")
}

/// `a.c = b.c AND …` over the stored price key (the canonical item id, not the folded one).
fn stored_key_equal(a: &str, b: &str) -> String {
    [
        "catalog_item_id",
        "segment",
        "market",
        "currency",
        "term_duration",
        "billing_cycle",
        "tier_min",
        "effective_start_us",
    ]
    .iter()
    .map(|c| format!("{a}.{c} = {b}.{c}"))
    .collect::<Vec<_>>()
    .join(" AND ")
}

/// The staging table the rows are copied into, dropped when the import's transaction ends.
/// `title` and `description` are sent only on an item's first row (`first_of_item`).
const STAGING: &str = "CREATE TEMPORARY TABLE import_rows (
     line bigint NOT NULL, folded text COLLATE \"C\" NOT NULL, item text COLLATE \"C\" NOT NULL,
     segment text COLLATE \"C\" NOT NULL, market text COLLATE \"C\" NOT NULL, currency text COLLATE \"C\" NOT NULL,
     term_duration text COLLATE \"C\" NOT NULL, billing_cycle text COLLATE \"C\" NOT NULL, tier_min bigint NOT NULL,
     effective_start_us bigint NOT NULL, effective_end_us bigint, list_price text NOT NULL, erp_price text,
     unit_price text NOT NULL, erp_unit_price text, tier_max bigint, tags text NOT NULL,
     first_of_item boolean NOT NULL, title text, description text
 ) ON COMMIT DROP";

/// The columns of [`STAGING`], in the order [`Staged::params`] gives their values.
const STAGING_COLUMNS: &str = "line, folded, item, segment, market, currency, term_duration, billing_cycle, tier_min,
     effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price, tier_max, tags,
     first_of_item, title, description";

/// The types of [`STAGING_COLUMNS`], for the binary `COPY`.
const STAGING_TYPES: [Type; 20] = [
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::INT8,
    Type::INT8,
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::INT8,
    Type::TEXT,
    Type::BOOL,
    Type::TEXT,
    Type::TEXT,
];

/// Whether stored figures `a` differ from `b`'s (the columns SQLite's `compare` compares, money
/// as decimals: `60.48` is `60.480`), and the first that does, by its file column's name; NULL
/// when none.
fn differing_column(a: &str, b: &str) -> String {
    format!(
        "CASE WHEN {a}.unit_price::numeric <> {b}.unit_price::numeric THEN 'UnitPrice'
              WHEN {a}.erp_unit_price::numeric IS DISTINCT FROM {b}.erp_unit_price::numeric THEN 'ERP Price'
              WHEN {a}.effective_end_us IS DISTINCT FROM {b}.effective_end_us THEN 'EffectiveEndDate'
              WHEN {a}.tier_max IS DISTINCT FROM {b}.tier_max THEN 'PricingTierRangeMax'
              WHEN {a}.tags <> {b}.tags THEN 'Tags' END"
    )
}

/// Stores every row of `rows` as the plan says; moves the catalog version on. See the module's
/// doc for how, and `db::sqlite::prices::import` for the policy.
pub(crate) fn import(tx: &mut Tx<'_>, rows: &mut dyn Iterator<Item = Result<PriceRow>>, plan: &Plan) -> Result<Counts> {
    let version = bump_version(tx)?;
    let list_date = plan.list_date_us;
    let mut counts = Counts { rows: stage(tx, rows)?, ..Counts::default() };
    // Sorts and hashes over a million rows stay in memory.
    tx.batch_execute("SET LOCAL work_mem = '256MB'; ANALYZE import_rows").db()?;

    // The items: each one's first row, its id the stored one matched in any case (an exact
    // match first), else the file's spelling; inserted, or their title, description and
    // segment updated, and then their search vectors written.
    counts.items = tx
        .execute(
            "CREATE TEMPORARY TABLE import_items ON COMMIT DROP AS
             SELECT r.folded, coalesce((SELECT c.catalog_item_id FROM catalog_items c
                     WHERE lower(c.catalog_item_id COLLATE \"C\") = lower(r.item COLLATE \"C\")
                     ORDER BY c.catalog_item_id = r.item DESC LIMIT 1), r.item) AS id,
                 r.title, r.description, r.segment, r.currency, r.market
             FROM import_rows r WHERE r.first_of_item",
            &[],
        )
        .db()?;
    tx.batch_execute(
        "CREATE TEMPORARY TABLE import_reindex (id text COLLATE \"C\") ON COMMIT DROP;
         WITH written AS (
             INSERT INTO catalog_items (catalog_item_id, title, currency_code, market, eligible_for_purchase,
                 requires_attestation, description, segment)
             SELECT id, title, currency, market, TRUE, FALSE, description, segment FROM import_items
             ON CONFLICT (catalog_item_id) DO UPDATE SET title = excluded.title,
                 description = excluded.description, segment = excluded.segment
             WHERE catalog_items.title IS DISTINCT FROM excluded.title
                 OR catalog_items.description IS DISTINCT FROM excluded.description
                 OR catalog_items.segment IS DISTINCT FROM excluded.segment
             RETURNING catalog_item_id)
         INSERT INTO import_reindex SELECT catalog_item_id FROM written",
    )
    .db()?;
    super::search::index_items_in(tx, "SELECT id FROM import_reindex")?;

    // Each key's first row in the file, under the item's stored id.
    let keys = tx
        .execute(
            &format!(
                "CREATE TEMPORARY TABLE import_keys ON COMMIT DROP AS
                 SELECT DISTINCT ON ({rk}) i.id AS catalog_item_id, r.*
                 FROM import_rows r JOIN import_items i ON i.folded = r.folded
                 ORDER BY {rk}, r.line",
                rk = key_of("r")
            ),
            &[],
        )
        .db()?;
    tx.batch_execute("ANALYZE import_keys").db()?;

    // The stored prices the keys meet: left as they are when a newer list wrote them, else
    // replaced, changed or not.
    tx.execute(
        &format!(
            "CREATE TEMPORARY TABLE import_old ON COMMIT DROP AS
             SELECT {kk}, p.list_date_us > $1 AS outdated, ({differs}) IS NOT NULL AS changed,
                 p.effective_end_us IS NOT NULL
                     AND (k.effective_end_us IS NULL OR k.effective_end_us > p.effective_end_us) AS extended
             FROM import_keys k JOIN catalog_prices p ON {on}",
            kk = key_of("k"),
            differs = differing_column("p", "k"),
            on = stored_key_equal("p", "k"),
        ),
        &[&list_date],
    )
    .db()?;
    let old = tx
        .query_one(
            "SELECT count(*) FILTER (WHERE outdated), count(*) FILTER (WHERE NOT outdated AND changed),
                 count(*) FILTER (WHERE NOT outdated AND changed AND extended),
                 count(*) FILTER (WHERE NOT outdated AND NOT changed)
             FROM import_old",
            &[],
        )
        .db()?;
    let outdated_keys = count(get(&old, 0)?);
    counts.changed = count(get(&old, 1)?);
    counts.extended = count(get(&old, 2)?);
    counts.unchanged = count(get(&old, 3)?);

    // Rows after the first of their key: equal ones are unchanged (outdated when their key is),
    // other figures fail the import naming the first row's line and the earliest such row's.
    let repeated = counts.rows.saturating_sub(keys);
    let mut outdated_rows = outdated_keys;
    if repeated > 0 {
        let conflict = tx
            .query_opt(
                &format!(
                    "SELECT k.line, r.line, {differs} AS col
                     FROM import_rows r JOIN import_keys k ON ({rk}) = ({kk}) AND r.line <> k.line
                     WHERE {differs} IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM import_old o WHERE ({ok}) = ({kk}) AND o.outdated)
                     ORDER BY r.line LIMIT 1",
                    differs = differing_column("r", "k"),
                    rk = key_of("r"),
                    kk = key_of("k"),
                    ok = key_of("o"),
                ),
                &[],
            )
            .db()?;
        if let Some(conflict) = conflict {
            let first: i64 = get(&conflict, 0)?;
            let line: i64 = get(&conflict, 1)?;
            let column: &str = get(&conflict, 2)?;
            return Err(Error::invalid(format!("lines {first} and {line}, column {column}"), InputProblem::Duplicate));
        }
        let row = tx
            .query_one(
                &format!(
                    "SELECT count(*) FROM import_rows r JOIN import_old o ON ({rk}) = ({ok}) WHERE o.outdated",
                    rk = key_of("r"),
                    ok = key_of("o"),
                ),
                &[],
            )
            .db()?;
        outdated_rows = count(get(&row, 0)?);
    }
    counts.outdated = outdated_rows;
    counts.unchanged += repeated.saturating_sub(outdated_rows.saturating_sub(outdated_keys));

    // One update of the stored prices met, one insert of the new ones.
    tx.execute(
        &format!(
            "UPDATE catalog_prices p SET effective_end_us = k.effective_end_us, list_price = k.list_price,
                 erp_price = k.erp_price, unit_price = k.unit_price, erp_unit_price = k.erp_unit_price,
                 import_version = $1, source_line = k.line, tier_max = k.tier_max, tags = k.tags,
                 list_date_us = $2, closed_by_list = FALSE
             FROM import_keys k JOIN import_old o ON ({ok}) = ({kk})
             WHERE NOT o.outdated AND {on}",
            ok = key_of("o"),
            kk = key_of("k"),
            on = stored_key_equal("p", "k"),
        ),
        &[&version, &list_date],
    )
    .db()?;
    counts.added = tx
        .execute(
            &format!(
                "INSERT INTO catalog_prices (catalog_item_id, segment, market, currency, term_duration, billing_cycle,
                     tier_min, effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price,
                     import_version, source_line, tier_max, tags, list_date_us)
                 SELECT k.catalog_item_id, k.segment, k.market, k.currency, k.term_duration, k.billing_cycle,
                     k.tier_min, k.effective_start_us, k.effective_end_us, k.list_price, k.erp_price, k.unit_price,
                     k.erp_unit_price, $1, k.line, k.tier_max, k.tags, $2
                 FROM import_keys k
                 WHERE NOT EXISTS (SELECT 1 FROM import_old o WHERE ({ok}) = ({kk}))",
                ok = key_of("o"),
                kk = key_of("k"),
            ),
            &[&version, &list_date],
        )
        .db()?;

    if !plan.partial {
        let (markets, currencies): (Vec<&str>, Vec<&str>) =
            plan.covered.iter().map(|(m, c)| (m.as_str(), c.as_str())).unzip();
        counts.closed = tx
            .execute(
                "UPDATE catalog_prices SET effective_end_us = $3, closed_by_list = TRUE, list_date_us = $3
                 WHERE (market, currency) IN (SELECT m, c FROM unnest($1::text[], $2::text[]) AS pairs (m, c))
                   AND import_version <> $4 AND list_date_us <= $3
                   AND effective_start_us < $3 AND (effective_end_us IS NULL OR effective_end_us > $3)",
                &[&markets, &currencies, &list_date, &version],
            )
            .db()?;
    }

    // An explicitly ended price holds until its end over a later-starting one of its key: the
    // instant each price of the items this import wrote is in effect from (NULL: its start),
    // the latest explicit end (not a list's closing) of the earlier prices of its key, where
    // that is past its start; only the rows whose instant changes are written.
    tx.execute(
        "UPDATE catalog_prices b SET in_effect_from_us = w.v
         FROM (SELECT x.catalog_item_id, x.segment, x.market, x.currency, x.term_duration, x.billing_cycle,
                   x.tier_min, x.effective_start_us, x.in_effect_from_us AS old,
                   CASE WHEN x.m > x.effective_start_us THEN least(x.m, coalesce(x.effective_end_us, x.m)) END AS v
               FROM (SELECT p.*, max(p.effective_end_us) FILTER (WHERE NOT p.closed_by_list) OVER (
                         PARTITION BY p.catalog_item_id, p.segment, p.market, p.currency, p.term_duration,
                             p.billing_cycle, p.tier_min
                         ORDER BY p.effective_start_us ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS m
                     FROM catalog_prices p
                     WHERE p.catalog_item_id IN (SELECT catalog_item_id FROM catalog_prices WHERE import_version = $1)
                    ) x) w
         WHERE w.old IS DISTINCT FROM w.v AND b.catalog_item_id = w.catalog_item_id AND b.segment = w.segment
           AND b.market = w.market AND b.currency = w.currency AND b.term_duration = w.term_duration
           AND b.billing_cycle = w.billing_cycle AND b.tier_min = w.tier_min
           AND b.effective_start_us = w.effective_start_us",
        &[&version],
    )
    .db()?;
    Ok(counts)
}

/// A count read from the server (never negative).
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// Copies every row of `rows` into a new `import_rows` (binary `COPY`), streaming; returns how
/// many. A failing row aborts the copy (the transaction is then rolled back by the caller).
fn stage(tx: &mut Tx<'_>, rows: &mut dyn Iterator<Item = Result<PriceRow>>) -> Result<u64> {
    tx.batch_execute(STAGING).db()?;
    let sink = tx.copy_in(&format!("COPY import_rows ({STAGING_COLUMNS}) FROM STDIN (FORMAT binary)")).db()?;
    let mut writer = BinaryCopyInWriter::new(sink, &STAGING_TYPES);
    // Each item id of the file, upper-cased: its first row carries the item's own columns.
    let mut seen: HashSet<String> = HashSet::new();
    let mut n = 0_u64;
    for row in rows {
        let row = row?;
        n += 1;
        let folded = row.catalog_item_id.to_ascii_uppercase();
        let first = !seen.contains(&folded);
        if first {
            seen.insert(folded.clone());
        }
        let staged = Staged::of(&row, folded, first);
        writer.write(&staged.params()).db()?;
    }
    writer.finish().db()?;
    Ok(n)
}

/// One row as staged, in the order of [`STAGING_COLUMNS`].
struct Staged<'r> {
    line: i64,
    folded: String,
    row: &'r PriceRow,
    segment: &'static str,
    cycle: &'static str,
    tier_min: i64,
    start: i64,
    end: Option<i64>,
    list: String,
    erp_list: Option<String>,
    unit: String,
    erp_unit: Option<String>,
    tier_max: Option<i64>,
    tags: String,
    first: bool,
    title: Option<&'r str>,
    description: Option<&'r str>,
}

impl<'r> Staged<'r> {
    fn of(row: &'r PriceRow, folded: String, first: bool) -> Staged<'r> {
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        Staged {
            line: count(row.line),
            folded,
            row,
            segment: row.segment.as_str(),
            cycle: row.billing_cycle.as_str(),
            tier_min: row.pricing_tier_min.map_or(0, count),
            start: row.effective_start.timestamp_micros(),
            end: row.effective_end.map(|e| e.timestamp_micros()),
            list: row.list_price.to_string(),
            erp_list: row.erp_list_price.map(|m| m.to_string()),
            unit: row.unit_price.to_string(),
            erp_unit: row.erp_price.map(|m| m.to_string()),
            tier_max: row.pricing_tier_max.map(count),
            tags: row.tags.join(";"),
            first,
            title: if first { row.title.as_deref() } else { None },
            description: if first { row.description.as_deref() } else { None },
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 20] {
        [
            &self.line,
            &self.folded,
            &self.row.catalog_item_id,
            &self.segment,
            &self.row.market,
            &self.row.currency,
            &self.row.term_duration,
            &self.cycle,
            &self.tier_min,
            &self.start,
            &self.end,
            &self.list,
            &self.erp_list,
            &self.unit,
            &self.erp_unit,
            &self.tier_max,
            &self.tags,
            &self.first,
            &self.title,
            &self.description,
        ]
    }
}
