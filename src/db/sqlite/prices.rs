//! A price list into the catalog: its items (`catalog_items`, kept in step with the search
//! index) and its prices (`catalog_prices`, one row per item, segment, market, currency, term,
//! billing cycle and effective start), on the import's one transaction.

use std::borrow::Cow;
use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};
use rust_decimal::Decimal;

use super::catalog::{canonical_id, index_imported};
use super::{SqlResult, Transaction};
use crate::db::{Counts, Plan, RowSource};
use crate::error::{Error, InputProblem, Result};
use crate::model::Money;
use crate::pricelist::PriceRow;

columns! {
    /// The columns [`import`] reads of a stored price as `p`, to compare it with a row.
    stored_columns, S, "p": unit_price, erp_unit_price, effective_end_us, import_version, source_line, tier_max, tags,
    list_date_us
}

/// The instant the price `b` is in effect from when an explicitly ended earlier price of its
/// key holds past its start (NULL otherwise): a scalar subquery over `catalog_prices a`.
macro_rules! in_effect_from {
    () => {
        "SELECT CASE WHEN max(a.effective_end_us) > b.effective_start_us
             THEN min(max(a.effective_end_us), coalesce(b.effective_end_us, max(a.effective_end_us))) END
         FROM catalog_prices a
         WHERE a.catalog_item_id = b.catalog_item_id AND a.segment = b.segment AND a.market = b.market
           AND a.currency = b.currency AND a.term_duration = b.term_duration
           AND a.billing_cycle = b.billing_cycle AND a.tier_min = b.tier_min
           AND a.effective_start_us < b.effective_start_us AND a.effective_end_us IS NOT NULL
           AND a.closed_by_list = 0"
    };
}

/// Stores every row of `rows`: the items they name (inserted, or their title, description and
/// segment updated; ids match the stored ones in any case, and case variants in one file are
/// one item) and their prices. A price already stored for the same key and start is left as it
/// is when equal, replaced when not, and left as stored when a list with a later date wrote it
/// (newer information per key wins: see [`Counts::outdated`]); two rows of the file with one
/// key and start and different figures fail the import naming both lines. Then, unless the
/// plan is partial, the prices of the (market, currency) pairs the list covers that it no
/// longer contains, started before its date and still open then, are closed at its date (kept
/// as history). Last, each price of an item the list names is given the instant it is in
/// effect from (an earlier price of its key with an explicit end past its start holds until
/// that end). Bumps `meta.catalog_version`.
pub(crate) fn import(tx: &Transaction<'_>, rows: &mut dyn RowSource, plan: &Plan) -> Result<Counts> {
    let version: i64 = tx
        .prepare_cached("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version' RETURNING value")
        .db()?
        .query_row([], |row| row.get(0))
        .db()?;
    let mut counts = Counts::default();
    // The largest item rowid before the rows (none: the catalog is empty): the items they
    // insert get larger ones.
    let stored_before: Option<i64> =
        tx.prepare_cached("SELECT max(rowid) FROM catalog_items").db()?.query_row([], |row| row.get(0)).db()?;
    let last_rowid = stored_before.unwrap_or(0);
    // Into a catalog without prices, every price is this list's: none to close, and whether any
    // has an end of its own is known from the rows (the two scans below are skipped).
    let prices_before: bool =
        tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM catalog_prices)").db()?.query_row([], |row| row.get(0)).db()?;
    let mut explicit_end = false;
    // Each item id of the file (upper-cased) and the id it is stored under when that is another
    // spelling (Partner Center's ids are upper case: most items need no second string).
    let mut items: HashMap<Box<str>, Option<Box<str>>> = HashMap::new();
    // The items stored before whose search words changed (their ids), indexed after the rows with
    // the new ones.
    let mut rewritten: Vec<String> = Vec::new();
    let mut insert = Bindings::<18>::new(
        tx.prepare_cached(
            "INSERT INTO catalog_prices (catalog_item_id, segment, market, currency, term_duration, billing_cycle,
                 tier_min, effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price,
                 import_version, source_line, tier_max, tags, list_date_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
             ON CONFLICT DO NOTHING",
        )
        .db()?,
    );
    // Held for the whole list, as `insert` is: taken from the statement cache and given back
    // per item, it was a tenth of each item's upsert.
    let mut upsert = Bindings::<6>::new(tx.prepare_cached(UPSERT_ITEM).db()?);
    // The texts of a row's list, ERP list, unit and ERP unit prices and its tags, as bound.
    let mut texts: [String; 5] = Default::default();
    while let Some(row) = rows.next_row() {
        let row = row?;
        counts.rows += 1;
        let folded = if row.catalog_item_id.bytes().any(|b| b.is_ascii_lowercase()) {
            Cow::Owned(row.catalog_item_id.to_ascii_uppercase())
        } else {
            Cow::Borrowed(row.catalog_item_id.as_str())
        };
        match items.get(folded.as_ref()) {
            Some(stored) => {
                let stored = stored.as_deref().unwrap_or(folded.as_ref());
                if row.catalog_item_id != stored {
                    row.catalog_item_id = stored.to_owned();
                }
            }
            None => {
                let folded: Box<str> = folded.into();
                // Into an empty catalog, no stored spelling to look up (the file's own case
                // variants are in `items`): a lookup per item was a tenth of such an import.
                let stored = match stored_before {
                    Some(_) => canonical_id(tx, &row.catalog_item_id)?,
                    None => None,
                };
                match stored {
                    // Stored before this import: its search row is rewritten when its words change.
                    Some(stored) => {
                        row.catalog_item_id = stored;
                        if upsert_item(&mut upsert, row)? {
                            rewritten.push(row.catalog_item_id.clone());
                        }
                    }
                    // New: inserted, with a rowid above `last_rowid` (unless that was the largest
                    // rowid there is: SQLite then picks a free one at random).
                    None => {
                        upsert_item(&mut upsert, row)?;
                        if last_rowid == i64::MAX {
                            rewritten.push(row.catalog_item_id.clone());
                        }
                    }
                }
                let spelled = (row.catalog_item_id != *folded).then(|| row.catalog_item_id.as_str().into());
                items.insert(folded, spelled);
            }
        }
        let key = Key::of(row);
        explicit_end |= key.end.is_some();
        // Bound by reference (the texts of the row itself, its figures written into buffers
        // reused from row to row), not through `values`: a list of a million rows allocated
        // and freed eighteen values a row for this statement alone. And only what changed
        // from the row before ([`Bindings`]).
        let inserted = {
            let [list, erp, unit, erp_unit, tags] = &mut texts;
            money_text(list, Some(row.list_price));
            money_text(erp, row.erp_list_price);
            money_text(unit, Some(row.unit_price));
            money_text(erp_unit, row.erp_price);
            tags.clear();
            for (i, tag) in row.tags.iter().enumerate() {
                if i > 0 {
                    tags.push(';');
                }
                tags.push_str(tag);
            }
            insert.text(1, Some(&row.catalog_item_id))?;
            insert.text(2, Some(key.segment))?;
            insert.text(3, Some(&row.market))?;
            insert.text(4, Some(&row.currency))?;
            insert.text(5, Some(&row.term_duration))?;
            insert.text(6, Some(key.cycle))?;
            insert.int(7, Some(key.tier_min))?;
            insert.int(8, Some(key.start))?;
            insert.int(9, key.end)?;
            insert.text(10, Some(list))?;
            insert.text(11, row.erp_list_price.map(|_| erp.as_str()))?;
            insert.text(12, Some(unit))?;
            insert.text(13, row.erp_price.map(|_| erp_unit.as_str()))?;
            insert.int(14, Some(version))?;
            insert.int(15, Some(i64::try_from(row.line).unwrap_or(i64::MAX)))?;
            insert.int(16, row.pricing_tier_max.map(|n| i64::try_from(n).unwrap_or(i64::MAX)))?;
            insert.text(17, Some(tags))?;
            insert.int(18, Some(plan.list_date_us))?;
            insert.execute()?
        };
        if inserted == 1 {
            counts.added += 1;
            continue;
        }
        match compare(tx, row, &key, version, plan.list_date_us)? {
            Compared::Changed { extended } => {
                counts.changed += 1;
                counts.extended += u64::from(extended);
            }
            Compared::Unchanged => counts.unchanged += 1,
            Compared::Outdated => counts.outdated += 1,
        }
    }
    drop(insert);
    drop(upsert);
    index_imported(tx, last_rowid, &rewritten)?;
    counts.items = items.len() as u64;
    if prices_before && !plan.partial && !plan.covered.is_empty() {
        // One pass over the prices for every (market, currency) pair the list covers (a pass
        // per pair made an all-markets list of 229 markets scan the table 229 times).
        let covered = serde_json::Value::Array(
            plan.covered.iter().map(|(market, currency)| serde_json::json!([market, currency])).collect(),
        )
        .to_string();
        counts.closed += tx
            .prepare_cached(
                "UPDATE catalog_prices SET effective_end_us = ?2, closed_by_list = 1, list_date_us = ?2
                 WHERE import_version <> ?3 AND list_date_us <= ?2
                   AND effective_start_us < ?2 AND (effective_end_us IS NULL OR effective_end_us > ?2)
                   AND (market, currency) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?1))",
            )
            .db()?
            .execute(params![covered, plan.list_date_us, version])
            .db()? as u64;
    }
    // An explicitly ended price holds until its end over a later-starting one of its key. Only
    // the rows whose instant changes are written (rewriting every price of the items the list
    // names with its unchanged value was a sixth of importing the real US file). When no price
    // has an explicit end of its own and none an instant, every instant is and stays none: one
    // scan says so, cheaper than a lookup per price of the list (Microsoft's lists end nothing:
    // their ends are in the year 9999).
    let ends: bool = if prices_before {
        tx.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM catalog_prices
                 WHERE (effective_end_us IS NOT NULL AND closed_by_list = 0) OR in_effect_from_us IS NOT NULL)",
        )
        .db()?
        .query_row([], |row| row.get(0))
        .db()?
    } else {
        explicit_end
    };
    if ends {
        tx.prepare_cached(concat!(
            "UPDATE catalog_prices AS b SET in_effect_from_us = (",
            in_effect_from!(),
            ") WHERE b.catalog_item_id IN (SELECT catalog_item_id FROM catalog_prices WHERE import_version = ?1)
               AND b.in_effect_from_us IS NOT (",
            in_effect_from!(),
            ")"
        ))
        .db()?
        .execute([version])
        .db()?;
    }
    Ok(counts)
}

/// `money`'s decimal text into `out` (emptied first; left empty for none).
fn money_text(out: &mut String, money: Option<Decimal>) {
    out.clear();
    if let Some(money) = money {
        Money(money).push_text(out);
    }
}

/// The key columns of a row as stored.
struct Key {
    segment: &'static str,
    cycle: &'static str,
    tier_min: i64,
    start: i64,
    end: Option<i64>,
}

/// The values a price is written with, in the order of the columns ?1 to ?18 of the insert
/// and the update: the key (item, segment, market, currency, term, cycle, tier, start), its
/// end, the per-period and term prices, the import that wrote it and its line, the tier's
/// upper bound, the tags and the list's date.
fn values(row: &PriceRow, key: &Key, version: i64, list_date_us: i64) -> [Value; 18] {
    let text = |t: &str| Value::Text(t.to_owned());
    let money = |m: Option<Decimal>| m.map_or(Value::Null, |m| Value::Text(m.to_string()));
    let count = |n: u64| Value::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    [
        text(&row.catalog_item_id),
        text(key.segment),
        text(&row.market),
        text(&row.currency),
        text(&row.term_duration),
        text(key.cycle),
        Value::Integer(key.tier_min),
        Value::Integer(key.start),
        key.end.map_or(Value::Null, Value::Integer),
        money(Some(row.list_price)),
        money(row.erp_list_price),
        money(Some(row.unit_price)),
        money(row.erp_price),
        Value::Integer(version),
        count(row.line),
        row.pricing_tier_max.map_or(Value::Null, count),
        Value::Text(row.tags.join(";")),
        Value::Integer(list_date_us),
    ]
}

impl Key {
    fn of(row: &PriceRow) -> Key {
        Key {
            segment: row.segment.as_str(),
            cycle: row.billing_cycle.as_str(),
            tier_min: row.pricing_tier_min.map_or(0, |n| i64::try_from(n).unwrap_or(i64::MAX)),
            start: row.effective_start.timestamp_micros(),
            end: row.effective_end.map(|e| e.timestamp_micros()),
        }
    }
}

/// What [`compare`] found.
enum Compared {
    /// Replaced; `extended` when its end moved later or went.
    Changed { extended: bool },
    /// Equal (only marked as read by this import).
    Unchanged,
    /// Left as stored: a list with a later date wrote it.
    Outdated,
}

/// The stored price with `row`'s key, against `row`. Fails when this import itself stored it
/// from another line with other figures.
fn compare(tx: &Transaction<'_>, row: &PriceRow, key: &Key, version: i64, list_date_us: i64) -> Result<Compared> {
    let stored = tx
        .prepare_cached(concat!(
            "SELECT ",
            stored_columns!(),
            " FROM catalog_prices p WHERE p.catalog_item_id = ?1 AND p.segment = ?2 AND p.market = ?3
             AND p.currency = ?4 AND p.term_duration = ?5 AND p.billing_cycle = ?6 AND p.tier_min = ?7
             AND p.effective_start_us = ?8"
        ))
        .db()?
        .query_row(
            params![
                row.catalog_item_id,
                key.segment,
                row.market,
                row.currency,
                row.term_duration,
                key.cycle,
                key.tier_min,
                key.start
            ],
            |r| {
                let decimal = |i: usize| -> rusqlite::Result<Option<Decimal>> {
                    match r.get_ref(i)?.as_str_or_null()? {
                        None => Ok(None),
                        Some(text) => text.parse().map(Some).map_err(|_| super::corrupt_value(i, text)),
                    }
                };
                Ok(Stored {
                    unit: decimal(S::unit_price.at())?,
                    erp: decimal(S::erp_unit_price.at())?,
                    end: r.get(S::effective_end_us.at())?,
                    imported_in: r.get(S::import_version.at())?,
                    line: r.get(S::source_line.at())?,
                    tier_max: r.get(S::tier_max.at())?,
                    tags: r.get(S::tags.at())?,
                    list_date_us: r.get(S::list_date_us.at())?,
                })
            },
        )
        .optional()
        .db()?;
    let Some(stored) = stored else {
        // Not reached: the insert found this key.
        return Ok(Compared::Unchanged);
    };
    let tier_max = row.pricing_tier_max.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
    let differs = if stored.unit != Some(row.unit_price) {
        Some("UnitPrice")
    } else if stored.erp != row.erp_price {
        Some("ERP Price")
    } else if stored.end != key.end {
        Some("EffectiveEndDate")
    } else if stored.tier_max != tier_max {
        Some("PricingTierRangeMax")
    } else if stored.tags != row.tags.join(";") {
        Some("Tags")
    } else {
        None
    };
    if stored.imported_in == version {
        // Read from this very file already.
        return match differs {
            Some(column) => Err(Error::invalid(
                format!("lines {} and {}, column {column}", stored.line, row.line),
                InputProblem::Duplicate,
            )),
            None => Ok(Compared::Unchanged),
        };
    }
    if stored.list_date_us > list_date_us {
        // A newer list wrote it (or closed it): an older one never undoes that.
        return Ok(Compared::Outdated);
    }
    let extended = match (stored.end, key.end) {
        (Some(_), None) => true,
        (Some(before), Some(after)) => after > before,
        (None, _) => false,
    };
    let changed = differs.is_some();
    tx.prepare_cached(
        "UPDATE catalog_prices SET effective_end_us = ?9, list_price = ?10, erp_price = ?11, unit_price = ?12,
             erp_unit_price = ?13, import_version = ?14, source_line = ?15, tier_max = ?16, tags = ?17,
             list_date_us = ?18, closed_by_list = 0
         WHERE catalog_item_id = ?1 AND segment = ?2 AND market = ?3 AND currency = ?4 AND term_duration = ?5
           AND billing_cycle = ?6 AND tier_min = ?7 AND effective_start_us = ?8",
    )
    .db()?
    .execute(params_from_iter(values(row, key, version, list_date_us)))
    .db()?;
    Ok(if changed { Compared::Changed { extended } } else { Compared::Unchanged })
}

/// A stored price, as [`compare`] reads it.
struct Stored {
    unit: Option<Decimal>,
    erp: Option<Decimal>,
    end: Option<i64>,
    imported_in: i64,
    line: i64,
    tier_max: Option<i64>,
    tags: String,
    list_date_us: i64,
}

/// Inserts the item a row names, or updates its title, description and segment (its market
/// and currency stay those it was first imported with: a catalog read shows every market and
/// currency of its prices). True when it was written: its search row must follow (the caller
/// indexes all such items at once, [`index_imported`]). `upsert` is [`UPSERT_ITEM`] prepared.
fn upsert_item(upsert: &mut Bindings<'_, 6>, row: &PriceRow) -> Result<bool> {
    upsert.text(1, Some(&row.catalog_item_id))?;
    upsert.text(2, row.title.as_deref())?;
    upsert.text(3, Some(&row.currency))?;
    upsert.text(4, Some(&row.market))?;
    upsert.text(5, row.description.as_deref())?;
    upsert.text(6, Some(row.segment.as_str()))?;
    Ok(upsert.execute()? > 0)
}

/// A statement executed once a row, each of its `N` parameters bound only when it differs from
/// what the row before bound. SQLite keeps a statement's bindings from one execution to the
/// next, and copies each text bound (rusqlite binds text as transient); a price list's rows
/// repeat most of their values (every row's market, currency and segment, an item's id over
/// its rows, the import's version and date), so a row binds a few of its eleven texts, not all.
struct Bindings<'conn, const N: usize> {
    stmt: rusqlite::CachedStatement<'conn>,
    /// What parameter `i + 1` is bound to (`None`: not bound yet).
    bound: [Option<Bound>; N],
}

/// A value bound.
#[derive(PartialEq)]
enum Bound {
    Null,
    Int(i64),
    Text(String),
}

impl<'conn, const N: usize> Bindings<'conn, N> {
    /// `stmt`, nothing bound yet (a statement from the cache has its bindings cleared).
    fn new(stmt: rusqlite::CachedStatement<'conn>) -> Self {
        Bindings { stmt, bound: std::array::from_fn(|_| None) }
    }

    /// The slot of parameter `index` (1-based).
    fn slot(&mut self, index: usize) -> Result<&mut Option<Bound>> {
        index
            .checked_sub(1)
            .and_then(|i| self.bound.get_mut(i))
            .ok_or_else(|| Error::storage(crate::error::StorageKind::Other, format!("no parameter ?{index}")))
    }

    /// Binds `text` (NULL for `None`) to parameter `index` (1-based) unless it is bound already.
    fn text(&mut self, index: usize, text: Option<&str>) -> Result<()> {
        let slot = self.slot(index)?;
        match (slot.as_mut(), text) {
            (Some(Bound::Text(bound)), Some(text)) if bound == text => return Ok(()),
            (Some(Bound::Null), None) => return Ok(()),
            _ => {}
        }
        // Forgotten before binding: after a failed bind nothing is taken as bound.
        let before = slot.take();
        self.stmt.raw_bind_parameter(index, text).db()?;
        let bound = match (before, text) {
            (Some(Bound::Text(mut buffer)), Some(text)) => {
                buffer.clear();
                buffer.push_str(text);
                Bound::Text(buffer)
            }
            (_, Some(text)) => Bound::Text(text.to_owned()),
            (_, None) => Bound::Null,
        };
        *self.slot(index)? = Some(bound);
        Ok(())
    }

    /// Binds `value` (NULL for `None`) to parameter `index` (1-based) unless it is bound
    /// already.
    fn int(&mut self, index: usize, value: Option<i64>) -> Result<()> {
        let wanted = value.map_or(Bound::Null, Bound::Int);
        let slot = self.slot(index)?;
        if slot.as_ref() == Some(&wanted) {
            return Ok(());
        }
        *slot = None;
        self.stmt.raw_bind_parameter(index, value).db()?;
        *self.slot(index)? = Some(wanted);
        Ok(())
    }

    /// Executes the statement with what is bound: the rows it changed.
    fn execute(&mut self) -> Result<usize> {
        self.stmt.raw_execute().db()
    }
}

/// [`upsert_item`]'s statement: an item inserted, or its title, description and segment
/// updated when they differ.
const UPSERT_ITEM: &str = "INSERT INTO catalog_items (catalog_item_id, title, currency_code, market,
        eligible_for_purchase, requires_attestation, description, segment)
    VALUES (?1, ?2, ?3, ?4, 1, 0, ?5, ?6)
    ON CONFLICT (catalog_item_id) DO UPDATE SET title = excluded.title,
        description = excluded.description, segment = excluded.segment
    WHERE title IS NOT excluded.title OR description IS NOT excluded.description
        OR segment IS NOT excluded.segment";

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;
    /// A row of the test's table, as given and as read back.
    type Given<'a> = (i64, Option<&'a str>, Option<i64>, Option<&'a str>);
    type Stored = (i64, Option<String>, Option<i64>, Option<String>);

    #[test]
    fn rows_bound_only_where_they_change_are_stored_as_given() -> TestResult {
        let conn = rusqlite::Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE t (n INTEGER, a TEXT, b INTEGER, c TEXT)")?;
        // Texts and integers that stay, change, turn NULL and back, and a text that becomes a
        // longer and then a shorter one (the buffer kept for it is reused).
        let rows: [Given<'_>; 7] = [
            (1, Some("US"), Some(5), None),
            (2, Some("US"), Some(5), Some("x")),
            (3, None, Some(5), Some("x")),
            (4, None, None, Some("a longer text")),
            (5, Some("US"), None, Some("a")),
            (6, Some("FR"), Some(-1), Some("a")),
            (7, Some("FR"), Some(-1), None),
        ];
        let mut bound = Bindings::<4>::new(conn.prepare_cached("INSERT INTO t VALUES (?1, ?2, ?3, ?4)")?);
        for (n, a, b, c) in rows {
            bound.int(1, Some(n))?;
            bound.text(2, a)?;
            bound.int(3, b)?;
            bound.text(4, c)?;
            assert_eq!(bound.execute()?, 1);
        }
        assert!(bound.text(5, None).is_err(), "no fifth parameter");
        assert!(bound.int(0, None).is_err(), "parameters count from 1");
        let mut read = conn.prepare("SELECT n, a, b, c FROM t ORDER BY n")?;
        let stored: Vec<Stored> =
            read.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
        let given: Vec<_> =
            rows.iter().map(|(n, a, b, c)| (*n, a.map(str::to_owned), *b, c.map(str::to_owned))).collect();
        assert_eq!(stored, given);
        Ok(())
    }
}
