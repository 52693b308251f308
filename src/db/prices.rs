//! A price list into the catalog: its items (`catalog_items`, kept in step with the search
//! index) and its prices (`catalog_prices`, one row per item, segment, market, currency, term,
//! billing cycle and effective start), on the import's one transaction.

use std::collections::HashSet;
use std::io::Read;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};
use rust_decimal::Decimal;

use super::catalog::index_item;
use super::{SqlResult, Transaction};
use crate::error::{Error, InputProblem, Result};
use crate::pricelist::{PriceListReader, PriceRow};

/// What an import did, row by row.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    /// Data rows read.
    pub rows: u64,
    /// Distinct items the file names.
    pub items: u64,
    /// Prices not stored before.
    pub added: u64,
    /// Prices stored before with other figures (or another end), now replaced.
    pub changed: u64,
    /// Prices stored before exactly so.
    pub unchanged: u64,
}

columns! {
    /// The columns [`import`] reads of a stored price as `p`, to compare it with a row.
    stored_columns, S, "p": unit_price, erp_unit_price, effective_end_us, import_version, source_line
}

/// Stores every row of `rows`: the items they name (inserted, or their title, description,
/// segment and currency updated) and their prices. A price already stored for the same key
/// and start is left as it is when equal, replaced when not; two rows of the file with one key
/// and start and different figures fail the import naming both lines. Bumps
/// `meta.catalog_version`.
pub(crate) fn import<R: Read>(tx: &Transaction<'_>, rows: PriceListReader<R>) -> Result<Counts> {
    let version: i64 = tx
        .prepare_cached("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version' RETURNING value")
        .db()?
        .query_row([], |row| row.get(0))
        .db()?;
    let mut counts = Counts::default();
    let mut items: HashSet<String> = HashSet::new();
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO catalog_prices (catalog_item_id, segment, market, currency, term_duration, billing_cycle,
                 effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price,
                 import_version, source_line)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT DO NOTHING",
        )
        .db()?;
    for row in rows {
        let row = row?;
        counts.rows += 1;
        if !items.contains(&row.catalog_item_id) {
            upsert_item(tx, &row)?;
            items.insert(row.catalog_item_id.clone());
        }
        let key = Key::of(&row);
        let inserted = insert.execute(params_from_iter(values(&row, &key, version))).db()?;
        if inserted == 1 {
            counts.added += 1;
        } else if compare(tx, &row, &key, version)? {
            counts.changed += 1;
        } else {
            counts.unchanged += 1;
        }
    }
    counts.items = items.len() as u64;
    Ok(counts)
}

/// The key columns of a row as stored.
struct Key {
    segment: &'static str,
    cycle: &'static str,
    start: i64,
    end: Option<i64>,
}

/// The values a price is written with, in the order of the columns ?1 to ?14 of the insert and
/// the update: the key (item, segment, market, currency, term, cycle, start), its end, the
/// per-period and term prices, the import that wrote it and its line.
fn values(row: &PriceRow, key: &Key, version: i64) -> [Value; 14] {
    let text = |t: &str| Value::Text(t.to_owned());
    let money = |m: Option<Decimal>| m.map_or(Value::Null, |m| Value::Text(m.to_string()));
    [
        text(&row.catalog_item_id),
        text(key.segment),
        text(&row.market),
        text(&row.currency),
        text(&row.term_duration),
        text(key.cycle),
        Value::Integer(key.start),
        key.end.map_or(Value::Null, Value::Integer),
        money(Some(row.list_price)),
        money(row.erp_list_price),
        money(Some(row.unit_price)),
        money(row.erp_price),
        Value::Integer(version),
        Value::Integer(i64::try_from(row.line).unwrap_or(i64::MAX)),
    ]
}

impl Key {
    fn of(row: &PriceRow) -> Key {
        Key {
            segment: row.segment.as_str(),
            cycle: row.billing_cycle.as_str(),
            start: row.effective_start.timestamp_micros(),
            end: row.effective_end.map(|e| e.timestamp_micros()),
        }
    }
}

/// The stored price with `row`'s key, against `row`: true when it was replaced (changed),
/// false when equal (only marked as read by this import). Fails when this import itself stored
/// it from another line with other figures.
fn compare(tx: &Transaction<'_>, row: &PriceRow, key: &Key, version: i64) -> Result<bool> {
    let stored = tx
        .prepare_cached(concat!(
            "SELECT ",
            stored_columns!(),
            " FROM catalog_prices p WHERE p.catalog_item_id = ?1 AND p.segment = ?2 AND p.market = ?3
             AND p.currency = ?4 AND p.term_duration = ?5 AND p.billing_cycle = ?6 AND p.effective_start_us = ?7"
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
                key.start
            ],
            |r| {
                let decimal = |i: usize| -> rusqlite::Result<Option<Decimal>> {
                    match r.get_ref(i)?.as_str_or_null()? {
                        None => Ok(None),
                        Some(text) => text.parse().map(Some).map_err(|_| super::corrupt_value(i, text)),
                    }
                };
                Ok((
                    decimal(S::unit_price.at())?,
                    decimal(S::erp_unit_price.at())?,
                    r.get::<_, Option<i64>>(S::effective_end_us.at())?,
                    r.get::<_, i64>(S::import_version.at())?,
                    r.get::<_, i64>(S::source_line.at())?,
                ))
            },
        )
        .optional()
        .db()?;
    let Some((unit, erp, end, imported_in, line)) = stored else {
        // Not reached: the insert found this key.
        return Ok(false);
    };
    let differs = if unit != Some(row.unit_price) {
        Some("UnitPrice")
    } else if erp != row.erp_price {
        Some("ERP Price")
    } else if end != key.end {
        Some("EffectiveEndDate")
    } else {
        None
    };
    if imported_in == version {
        // Read from this very file already.
        return match differs {
            Some(column) => {
                Err(Error::invalid(format!("lines {line} and {}, column {column}", row.line), InputProblem::Duplicate))
            }
            None => Ok(false),
        };
    }
    let replaced = differs.is_some();
    tx.prepare_cached(
        "UPDATE catalog_prices SET effective_end_us = ?8, list_price = ?9, erp_price = ?10, unit_price = ?11,
             erp_unit_price = ?12, import_version = ?13, source_line = ?14
         WHERE catalog_item_id = ?1 AND segment = ?2 AND market = ?3 AND currency = ?4 AND term_duration = ?5
           AND billing_cycle = ?6 AND effective_start_us = ?7",
    )
    .db()?
    .execute(params_from_iter(values(row, key, version)))
    .db()?;
    Ok(replaced)
}

/// Inserts the item a row names, or updates its title, description, segment, market and
/// currency; its search row follows when its words changed.
fn upsert_item(tx: &Transaction<'_>, row: &PriceRow) -> Result<()> {
    let changed = tx
        .prepare_cached(
            "INSERT INTO catalog_items (catalog_item_id, title, currency_code, market, eligible_for_purchase,
                 requires_attestation, description, segment)
             VALUES (?1, ?2, ?3, ?4, 1, 0, ?5, ?6)
             ON CONFLICT (catalog_item_id) DO UPDATE SET title = excluded.title,
                 currency_code = excluded.currency_code, market = excluded.market,
                 description = excluded.description, segment = excluded.segment
             WHERE title IS NOT excluded.title OR currency_code IS NOT excluded.currency_code
                 OR market IS NOT excluded.market OR description IS NOT excluded.description
                 OR segment IS NOT excluded.segment",
        )
        .db()?
        .execute(params![
            row.catalog_item_id,
            row.title,
            row.currency,
            row.market,
            row.description,
            row.segment.as_str()
        ])
        .db()?;
    if changed > 0 {
        index_item(tx, &row.catalog_item_id)?;
    }
    Ok(())
}
