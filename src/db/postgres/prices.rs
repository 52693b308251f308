//! A price list into the catalog, with the policy of the SQLite backend's import (see
//! `db::sqlite::prices::import`): newer information per key wins, a full list closes what it
//! omits in the (market, currency) pairs it covers, an explicitly ended price holds until its
//! end, and the same counts.
//!
//! Executed as sets, not row by row: the rows are streamed with `COPY … FROM STDIN` into a
//! temporary staging table of the import's transaction (`import_rows`, dropped at its end),
//! then a few statements merge them: the items (`import_items`: each item's first row, its id
//! matched to a stored one in any case); the stored prices the file's keys meet, each with the
//! key's first row in the file (`import_old`: outdated, changed, extended); one `UPDATE … FROM`
//! of those; one `INSERT … SELECT DISTINCT ON` of the other keys' first rows, in key order;
//! when the file repeats a key, one query for a repeated row with other figures than the first
//! (the import fails naming both lines, as SQLite's row-by-row import does); the closing of
//! what a full list omits; and the instants prices are in effect from. Memory stays bounded:
//! the rows are never held, only the set of item ids seen (as on SQLite).

use std::collections::HashSet;

use std::fmt::Write as _;
use std::io::{BufWriter, Write as _};

use rust_decimal::Decimal;

use super::catalog::bump_version;
use super::{PgResult, Tx, get};
use crate::db::{Counts, Plan};
use crate::error::{Error, InputProblem, Result, StorageKind};
use crate::pricelist::PriceRow;

/// The stored price key's columns (the canonical item id) prefixed with `alias.`.
fn stored_key_of(alias: &str) -> String {
    STORED_KEY.iter().map(|c| format!("{alias}.{c}")).collect::<Vec<_>>().join(", ")
}

/// The columns of a stored price's key (`catalog_prices`' primary key).
const STORED_KEY: [&str; 8] = [
    "catalog_item_id",
    "segment",
    "market",
    "currency",
    "term_duration",
    "billing_cycle",
    "tier_min",
    "effective_start_us",
];

/// `a.c = b.c AND …` over the stored price key (the canonical item id, not the folded one).
fn stored_key_equal(a: &str, b: &str) -> String {
    STORED_KEY.iter().map(|c| format!("{a}.{c} = {b}.{c}")).collect::<Vec<_>>().join(" AND ")
}

/// The staging table the rows are copied into, dropped when the import's transaction ends.
/// `title` and `description` are sent only on an item's first row (`first_of_item`).
const STAGING: &str = "CREATE TEMPORARY TABLE import_rows (
     line bigint NOT NULL, folded text COLLATE \"C\" NOT NULL, item text COLLATE \"C\" NOT NULL,
     segment text COLLATE \"C\" NOT NULL, market text COLLATE \"C\" NOT NULL, currency text COLLATE \"C\" NOT NULL,
     term_duration text COLLATE \"C\" NOT NULL, billing_cycle text COLLATE \"C\" NOT NULL, tier_min bigint NOT NULL,
     effective_start_us bigint NOT NULL, effective_end_us bigint, list_price numeric NOT NULL, erp_price numeric,
     unit_price numeric NOT NULL, erp_unit_price numeric, tier_max bigint, tags text NOT NULL,
     first_of_item boolean NOT NULL, title text, description text
 ) ON COMMIT DROP";

/// The columns of [`STAGING`], in the order [`stage`] writes their values.
const STAGING_COLUMNS: &str = "line, folded, item, segment, market, currency, term_duration, billing_cycle, tier_min,
     effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price, tier_max, tags,
     first_of_item, title, description";

/// Whether stored figures `a` differ from `b`'s (the columns SQLite's `compare` compares, money
/// as decimals: `60.48` is `60.480`), and the first that does, by its file column's name; NULL
/// when none.
fn differing_column(a: &str, b: &str) -> String {
    format!(
        "CASE WHEN {a}.unit_price <> {b}.unit_price THEN 'UnitPrice'
              WHEN {a}.erp_unit_price IS DISTINCT FROM {b}.erp_unit_price THEN 'ERP Price'
              WHEN {a}.effective_end_us IS DISTINCT FROM {b}.effective_end_us THEN 'EffectiveEndDate'
              WHEN {a}.tier_max IS DISTINCT FROM {b}.tier_max THEN 'PricingTierRangeMax'
              WHEN {a}.tags <> {b}.tags THEN 'Tags' END"
    )
}

/// Stores every row of `rows` as the plan says; moves the catalog version on. See the module's
/// doc for how, and `db::sqlite::prices::import` for the policy.
pub(crate) fn import(tx: &mut Tx<'_>, rows: &mut dyn Iterator<Item = Result<PriceRow>>, plan: &Plan) -> Result<Counts> {
    let staged = stage(tx, rows)?;
    merge(tx, &staged, plan)
}

/// [`import`] in one pass, in the open transaction `tx`: the rows are staged as they are read,
/// the plan made of them on the way, then `lock` takes the write lock, then they are merged.
pub(crate) fn import_streaming(
    tx: &mut Tx<'_>,
    rows: &mut dyn Iterator<Item = Result<PriceRow>>,
    partial: bool,
    lock: impl FnOnce(&mut Tx<'_>) -> Result<()>,
) -> Result<Counts> {
    let mut plan = Plan::new(partial);
    let staged = stage(
        tx,
        &mut rows.inspect(|row| {
            if let Ok(row) = row {
                plan.note(row);
            }
        }),
    )?;
    lock(tx)?;
    merge(tx, &staged, &plan)
}

/// Merges the `staged` rows of `import_rows` into the catalog as the plan says.
fn merge(tx: &mut Tx<'_>, staged: &Staged, plan: &Plan) -> Result<Counts> {
    let version = bump_version(tx)?;
    let list_date = plan.list_date_us;
    let mut counts = Counts { rows: staged.rows, ..Counts::default() };
    // Sorts and hashes over a million rows stay in memory. The staging table is not analyzed
    // (0.3 s a million rows): the plans below do not turn on its statistics (its size, which
    // the planner reads from its pages, decides them; the items are analyzed).
    tx.batch_execute("SET LOCAL work_mem = '256MB'").db()?;

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
    // Whether each had prices before this import (those that had none get the instants their
    // prices are in effect from as they are inserted).
    tx.batch_execute(
        "ALTER TABLE import_items ADD COLUMN had_prices boolean;
         UPDATE import_items i SET had_prices = EXISTS (SELECT 1 FROM catalog_prices p WHERE p.catalog_item_id = i.id);
         ANALYZE import_items",
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

    // The rows under their items' stored ids.
    // The staged instants (microseconds, as the client wrote them) as the stored `timestamptz`.
    let keyed = "(SELECT i.id AS catalog_item_id, r.line, r.folded, r.item, r.segment, r.market, r.currency,
             r.term_duration, r.billing_cycle, r.tier_min, cartstore_at(r.effective_start_us) AS effective_start_us,
             cartstore_at(r.effective_end_us) AS effective_end_us, r.list_price, r.erp_price, r.unit_price,
             r.erp_unit_price, r.tier_max, r.tags
         FROM import_rows r JOIN import_items i ON i.folded = r.folded)";
    // The stored prices the file's keys meet, each with the key's first row in the file and how
    // many rows the file has of it: left as they are when a newer list wrote them, else
    // replaced, changed or not.
    tx.execute(
        &format!(
            "CREATE TEMPORARY TABLE import_old ON COMMIT DROP AS
             SELECT DISTINCT ON ({kk}) k.*, count(*) OVER (PARTITION BY {kk}) AS rows_of_key,
                 p.list_date_us > cartstore_at($1) AS outdated, ({differs}) IS NOT NULL AS changed,
                 p.effective_end_us IS NOT NULL
                     AND (k.effective_end_us IS NULL OR k.effective_end_us > p.effective_end_us) AS extended
             FROM {keyed} k JOIN catalog_prices p ON {on}
             ORDER BY {kk}, k.line",
            kk = stored_key_of("k"),
            differs = differing_column("p", "k"),
            on = stored_key_equal("p", "k"),
        ),
        &[&list_date],
    )
    .db()?;
    tx.batch_execute("ANALYZE import_old").db()?;
    let old = tx
        .query_one(
            "SELECT count(*), count(*) FILTER (WHERE outdated), coalesce(sum(rows_of_key) FILTER (WHERE outdated), 0)::bigint,
                 count(*) FILTER (WHERE NOT outdated AND changed),
                 count(*) FILTER (WHERE NOT outdated AND changed AND extended),
                 count(*) FILTER (WHERE NOT outdated AND NOT changed)
             FROM import_old",
            &[],
        )
        .db()?;
    let old_keys = count(get(&old, 0)?);
    let outdated_keys = count(get(&old, 1)?);
    let outdated_rows = count(get(&old, 2)?);
    counts.outdated = outdated_rows;
    counts.changed = count(get(&old, 3)?);
    counts.extended = count(get(&old, 4)?);
    counts.unchanged = count(get(&old, 5)?);

    // One update of the stored prices met (but those a newer list wrote), one insert of the
    // new keys' first rows, in key order (the index is written in order). A kept row's window
    // (the rows before it in start then line order) holds exactly the rows of earlier starts,
    // as it is its key's first line; ordered so, the window's sort is also the one `DISTINCT
    // ON` needs, and the rows are sorted once. A list with no explicit end (Microsoft's: their
    // year 9999 is no end) has no earlier end anywhere: no window, the instant is NULL.
    tx.execute(
        &format!(
            "UPDATE catalog_prices p SET effective_end_us = o.effective_end_us, list_price = o.list_price,
                 erp_price = o.erp_price, unit_price = o.unit_price, erp_unit_price = o.erp_unit_price,
                 import_version = $1, source_line = o.line, tier_max = o.tier_max, tags = o.tags,
                 list_date_us = cartstore_at($2), closed_by_list = FALSE
             FROM import_old o
             WHERE {on} AND NOT o.outdated",
            on = stored_key_equal("p", "o"),
        ),
        &[&version, &list_date],
    )
    .db()?;
    counts.added = tx
        .execute(
            &format!(
                "INSERT INTO catalog_prices (catalog_item_id, segment, market, currency, term_duration, billing_cycle,
                     tier_min, effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price,
                     import_version, source_line, tier_max, tags, list_date_us, in_effect_from_us)
                 SELECT DISTINCT ON ({kk}) k.catalog_item_id, k.segment, k.market, k.currency, k.term_duration,
                     k.billing_cycle, k.tier_min, k.effective_start_us, k.effective_end_us, k.list_price, k.erp_price,
                     k.unit_price, k.erp_unit_price, $1, k.line, k.tier_max, k.tags, cartstore_at($2), {in_effect}
                 FROM (SELECT k.*{window}
                       FROM {keyed} k
                       WHERE NOT EXISTS (SELECT 1 FROM import_old o WHERE {on})) k
                 ORDER BY {kk}, k.line",
                kk = stored_key_of("k"),
                on = stored_key_equal("o", "k"),
                in_effect = if staged.any_end { IN_EFFECT } else { "NULL::timestamptz" },
                window = if staged.any_end { EARLIER_END } else { "" },
            ),
            &[&version, &list_date],
        )
        .db()?;

    // Rows after the first of their key: equal ones are unchanged (outdated when their key is),
    // other figures fail the import naming the first row's line and the earliest such row's
    // (the first row is the one stored now, by this import; an outdated key's is not).
    let repeated = counts.rows.saturating_sub(old_keys + counts.added);
    if repeated > 0 {
        let conflict = tx
            .query_opt(
                &format!(
                    "SELECT p.source_line, k.line, {differs} AS col
                     FROM {keyed} k JOIN catalog_prices p ON {on}
                     WHERE p.import_version = $1 AND p.source_line <> k.line AND {differs} IS NOT NULL
                     ORDER BY k.line LIMIT 1",
                    differs = differing_column("k", "p"),
                    on = stored_key_equal("p", "k"),
                ),
                &[&version],
            )
            .db()?;
        if let Some(conflict) = conflict {
            let first: i64 = get(&conflict, 0)?;
            let line: i64 = get(&conflict, 1)?;
            let column: &str = get(&conflict, 2)?;
            return Err(Error::invalid(format!("lines {first} and {line}, column {column}"), InputProblem::Duplicate));
        }
    }
    counts.unchanged += repeated.saturating_sub(outdated_rows.saturating_sub(outdated_keys));

    if !plan.partial {
        let (markets, currencies): (Vec<&str>, Vec<&str>) =
            plan.covered.iter().map(|(m, c)| (m.as_str(), c.as_str())).unzip();
        counts.closed = tx
            .execute(
                "UPDATE catalog_prices SET effective_end_us = cartstore_at($3), closed_by_list = TRUE,
                     list_date_us = cartstore_at($3)
                 WHERE (market, currency) IN (SELECT m, c FROM unnest($1::text[], $2::text[]) AS pairs (m, c))
                   AND import_version <> $4 AND list_date_us <= cartstore_at($3)
                   AND effective_start_us < cartstore_at($3)
                   AND (effective_end_us IS NULL OR effective_end_us > cartstore_at($3))",
                &[&markets, &currencies, &list_date, &version],
            )
            .db()?;
    }

    // An explicitly ended price holds until its end over a later-starting one of its key: the
    // instant each price of the items this import wrote is in effect from (NULL: its start),
    // the latest explicit end (not a list's closing) of the earlier prices of its key, where
    // that is past its start. The insert above wrote it for the items that had no prices (all
    // their prices are its own, and no list closes them); here the items that had some: only
    // their keys with an earlier price or an instant set are looked at, and only the rows whose
    // instant changes are written.
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
                     JOIN (SELECT g.catalog_item_id, g.segment, g.market, g.currency, g.term_duration,
                               g.billing_cycle, g.tier_min
                           FROM catalog_prices g
                           WHERE g.catalog_item_id IN (SELECT i.id FROM import_items i WHERE i.had_prices
                               AND EXISTS (SELECT 1 FROM catalog_prices w
                                           WHERE w.catalog_item_id = i.id AND w.import_version = $1))
                           GROUP BY 1, 2, 3, 4, 5, 6, 7
                           HAVING count(*) > 1 OR bool_or(g.in_effect_from_us IS NOT NULL)) g
                       ON p.catalog_item_id = g.catalog_item_id AND p.segment = g.segment AND p.market = g.market
                          AND p.currency = g.currency AND p.term_duration = g.term_duration
                          AND p.billing_cycle = g.billing_cycle AND p.tier_min = g.tier_min
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

/// The latest explicit end of the file's earlier rows of a row's key but its start
/// (`EARLIER_END`'s `m`), over the rows ordered by start then line.
const EARLIER_END: &str = ", max(k.effective_end_us) OVER (
         PARTITION BY k.catalog_item_id, k.segment, k.market, k.currency, k.term_duration, k.billing_cycle, k.tier_min
         ORDER BY k.effective_start_us, k.line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS m";

/// The instant a new price is in effect from (NULL: its start), from [`EARLIER_END`]'s `m`.
const IN_EFFECT: &str = "CASE WHEN k.m > k.effective_start_us THEN least(k.m, coalesce(k.effective_end_us, k.m)) END";

/// What [`stage`] staged: how many rows, and whether any has an explicit end.
struct Staged {
    rows: u64,
    any_end: bool,
}

/// A count read from the server (never negative).
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// Copies every row of `rows` into a new `import_rows` (`COPY` in its text format, through a
/// buffer), streaming; returns how many, and whether any has an explicit end. A failing row
/// aborts the copy (the transaction is then rolled back by the caller).
fn stage(tx: &mut Tx<'_>, rows: &mut dyn Iterator<Item = Result<PriceRow>>) -> Result<Staged> {
    tx.batch_execute(STAGING).db()?;
    let sink = tx.copy_in(&format!("COPY import_rows ({STAGING_COLUMNS}) FROM STDIN")).db()?;
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    // Each item id of the file, upper-cased: its first row carries the item's own columns.
    let mut seen: HashSet<String> = HashSet::new();
    let mut folded = String::new();
    let mut line = String::new();
    let mut n = 0_u64;
    let mut any_end = false;
    for row in rows {
        let row = row?;
        n += 1;
        any_end |= row.effective_end.is_some();
        folded.clear();
        folded.extend(row.catalog_item_id.chars().map(|c| c.to_ascii_uppercase()));
        let first = !seen.contains(folded.as_str());
        if first {
            seen.insert(folded.clone());
        }
        line.clear();
        staged_line(&mut line, &row, &folded, first);
        out.write_all(line.as_bytes()).map_err(copy_error)?;
    }
    let sink = out.into_inner().map_err(|e| copy_error(e.into_error()))?;
    sink.finish().db()?;
    Ok(Staged { rows: n, any_end })
}

/// A failed write of the `COPY`: the server's error it carries, else an I/O error.
fn copy_error(err: std::io::Error) -> Error {
    match err.into_inner().map(|inner| inner.downcast::<postgres::Error>()) {
        Some(Ok(pg)) => super::pg_error(*pg, "PostgreSQL"),
        Some(Err(other)) => Error::storage(StorageKind::Io, format!("price list COPY: {other}")),
        None => Error::storage(StorageKind::Io, "price list COPY failed"),
    }
}

/// Appends `row` as one line of `COPY`'s text format, in the order of [`STAGING_COLUMNS`]:
/// tab-separated, `\N` for NULL, backslash, tab, newline and carriage return escaped.
fn staged_line(out: &mut String, row: &PriceRow, folded: &str, first: bool) {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let int = |out: &mut String, n: Option<i64>| match n {
        Some(n) => {
            let _ = write!(out, "{n}\t");
        }
        None => out.push_str("\\N\t"),
    };
    int(out, Some(count(row.line)));
    text(out, Some(folded));
    text(out, Some(&row.catalog_item_id));
    text(out, Some(row.segment.as_str()));
    text(out, Some(&row.market));
    text(out, Some(&row.currency));
    text(out, Some(&row.term_duration));
    text(out, Some(row.billing_cycle.as_str()));
    int(out, Some(row.pricing_tier_min.map_or(0, count)));
    int(out, Some(row.effective_start.timestamp_micros()));
    int(out, row.effective_end.map(|e| e.timestamp_micros()));
    money(out, Some(row.list_price));
    money(out, row.erp_list_price);
    money(out, Some(row.unit_price));
    money(out, row.erp_price);
    int(out, row.pricing_tier_max.map(count));
    for (i, tag) in row.tags.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        escaped(out, tag);
    }
    out.push_str(if first { "\tt\t" } else { "\tf\t" });
    text(out, if first { row.title.as_deref() } else { None });
    text(out, if first { row.description.as_deref() } else { None });
    // The last column's tab becomes the line's end.
    out.pop();
    out.push('\n');
}

/// A text column and its tab.
fn text(out: &mut String, value: Option<&str>) {
    match value {
        Some(value) => escaped(out, value),
        None => out.push_str("\\N"),
    }
    out.push('\t');
}

/// A money column (the decimal as written) and its tab.
fn money(out: &mut String, value: Option<Decimal>) {
    match value {
        Some(value) => {
            let _ = write!(out, "{value}\t");
        }
        None => out.push_str("\\N\t"),
    }
}

/// `value` with `COPY`'s text-format escapes.
fn escaped(out: &mut String, value: &str) {
    if !value.contains(['\\', '\t', '\n', '\r']) {
        out.push_str(value);
        return;
    }
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}
