//! A price list into the catalog, with the policy of the SQLite backend's import (see
//! `db::sqlite::prices::import`): newer information per key wins, a full list closes what it
//! omits in the (market, currency) pairs it covers, an explicitly ended price holds until its
//! end. Row by row for now, in the import's one transaction (a `COPY` into a staging table
//! and one merge is the planned faster path).

use std::collections::HashMap;

use postgres::types::ToSql;
use rust_decimal::Decimal;

use super::catalog::{bump_version, canonical_id};
use super::{PgResult, Tx, corrupt, get};
use crate::db::{Counts, Plan};
use crate::error::{Error, InputProblem, Result};
use crate::pricelist::PriceRow;

/// Stores every row of `rows` as the plan says; moves the catalog version on.
pub(crate) fn import(tx: &mut Tx<'_>, rows: &mut dyn Iterator<Item = Result<PriceRow>>, plan: &Plan) -> Result<Counts> {
    let version = bump_version(tx)?;
    let mut counts = Counts::default();
    let mut items: HashMap<String, String> = HashMap::new();
    let insert = tx
        .prepare(
            "INSERT INTO catalog_prices (catalog_item_id, segment, market, currency, term_duration, billing_cycle,
                 tier_min, effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price,
                 import_version, source_line, tier_max, tags, list_date_us)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
             ON CONFLICT DO NOTHING",
        )
        .db()?;
    for row in rows {
        let mut row = row?;
        counts.rows += 1;
        let folded = row.catalog_item_id.to_ascii_uppercase();
        match items.get(&folded) {
            Some(id) => row.catalog_item_id.clone_from(id),
            None => {
                if let Some(stored) = canonical_id(tx, &row.catalog_item_id)? {
                    row.catalog_item_id = stored;
                }
                upsert_item(tx, &row)?;
                items.insert(folded, row.catalog_item_id.clone());
            }
        }
        let values = Values::of(&row, version, plan.list_date_us);
        let inserted = tx.execute(&insert, &values.params()).db()?;
        if inserted == 1 {
            counts.added += 1;
            continue;
        }
        match compare(tx, &row, &values, version, plan.list_date_us)? {
            Compared::Changed { extended } => {
                counts.changed += 1;
                counts.extended += u64::from(extended);
            }
            Compared::Unchanged => counts.unchanged += 1,
            Compared::Outdated => counts.outdated += 1,
        }
    }
    counts.items = items.len() as u64;
    if !plan.partial {
        for (market, currency) in &plan.covered {
            counts.closed += tx
                .execute(
                    "UPDATE catalog_prices SET effective_end_us = $3, closed_by_list = TRUE, list_date_us = $3
                     WHERE market = $1 AND currency = $2 AND import_version <> $4 AND list_date_us <= $3
                       AND effective_start_us < $3 AND (effective_end_us IS NULL OR effective_end_us > $3)",
                    &[market, currency, &plan.list_date_us, &version],
                )
                .db()?;
        }
    }
    tx.execute(
        "UPDATE catalog_prices AS b SET in_effect_from_us = (
             SELECT CASE WHEN max(a.effective_end_us) > b.effective_start_us
                 THEN least(max(a.effective_end_us), coalesce(b.effective_end_us, max(a.effective_end_us))) END
             FROM catalog_prices a
             WHERE a.catalog_item_id = b.catalog_item_id AND a.segment = b.segment AND a.market = b.market
               AND a.currency = b.currency AND a.term_duration = b.term_duration
               AND a.billing_cycle = b.billing_cycle AND a.tier_min = b.tier_min
               AND a.effective_start_us < b.effective_start_us AND a.effective_end_us IS NOT NULL
               AND NOT a.closed_by_list)
         WHERE b.catalog_item_id IN (SELECT catalog_item_id FROM catalog_prices WHERE import_version = $1)",
        &[&version],
    )
    .db()?;
    Ok(counts)
}

/// The values a price is written with, in the order of `$1` to `$18` of the insert and the
/// update (as the SQLite backend's `values`).
struct Values {
    id: String,
    segment: &'static str,
    market: String,
    currency: String,
    term: String,
    cycle: &'static str,
    tier_min: i64,
    start: i64,
    end: Option<i64>,
    list: String,
    erp_list: Option<String>,
    unit: String,
    erp_unit: Option<String>,
    version: i64,
    line: i64,
    tier_max: Option<i64>,
    tags: String,
    list_date_us: i64,
}

impl Values {
    fn of(row: &PriceRow, version: i64, list_date_us: i64) -> Values {
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        Values {
            id: row.catalog_item_id.clone(),
            segment: row.segment.as_str(),
            market: row.market.clone(),
            currency: row.currency.clone(),
            term: row.term_duration.clone(),
            cycle: row.billing_cycle.as_str(),
            tier_min: row.pricing_tier_min.map_or(0, count),
            start: row.effective_start.timestamp_micros(),
            end: row.effective_end.map(|e| e.timestamp_micros()),
            list: row.list_price.to_string(),
            erp_list: row.erp_list_price.map(|m| m.to_string()),
            unit: row.unit_price.to_string(),
            erp_unit: row.erp_price.map(|m| m.to_string()),
            version,
            line: count(row.line),
            tier_max: row.pricing_tier_max.map(count),
            tags: row.tags.join(";"),
            list_date_us,
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 18] {
        [
            &self.id,
            &self.segment,
            &self.market,
            &self.currency,
            &self.term,
            &self.cycle,
            &self.tier_min,
            &self.start,
            &self.end,
            &self.list,
            &self.erp_list,
            &self.unit,
            &self.erp_unit,
            &self.version,
            &self.line,
            &self.tier_max,
            &self.tags,
            &self.list_date_us,
        ]
    }
}

/// What [`compare`] found.
enum Compared {
    Changed { extended: bool },
    Unchanged,
    Outdated,
}

fn decimal(text: Option<&str>) -> Result<Option<Decimal>> {
    text.map(|t| t.parse().map_err(|_| corrupt("amount", t))).transpose()
}

/// The stored price with `row`'s key, against `row` (as the SQLite backend's `compare`).
fn compare(tx: &mut Tx<'_>, row: &PriceRow, v: &Values, version: i64, list_date_us: i64) -> Result<Compared> {
    let Some(stored) = tx
        .query_opt(
            "SELECT p.unit_price, p.erp_unit_price, p.effective_end_us, p.import_version, p.source_line, p.tier_max,
                 p.tags, p.list_date_us
             FROM catalog_prices p WHERE p.catalog_item_id = $1 AND p.segment = $2 AND p.market = $3
             AND p.currency = $4 AND p.term_duration = $5 AND p.billing_cycle = $6 AND p.tier_min = $7
             AND p.effective_start_us = $8",
            &[&v.id, &v.segment, &v.market, &v.currency, &v.term, &v.cycle, &v.tier_min, &v.start],
        )
        .db()?
    else {
        return Ok(Compared::Unchanged);
    };
    let unit = decimal(get(&stored, 0)?)?;
    let erp = decimal(get(&stored, 1)?)?;
    let end: Option<i64> = get(&stored, 2)?;
    let imported_in: i64 = get(&stored, 3)?;
    let line: i64 = get(&stored, 4)?;
    let tier_max: Option<i64> = get(&stored, 5)?;
    let tags: &str = get(&stored, 6)?;
    let stored_list_date: i64 = get(&stored, 7)?;
    let differs = if unit != Some(row.unit_price) {
        Some("UnitPrice")
    } else if erp != row.erp_price {
        Some("ERP Price")
    } else if end != v.end {
        Some("EffectiveEndDate")
    } else if tier_max != v.tier_max {
        Some("PricingTierRangeMax")
    } else if tags != v.tags {
        Some("Tags")
    } else {
        None
    };
    if imported_in == version {
        return match differs {
            Some(column) => {
                Err(Error::invalid(format!("lines {line} and {}, column {column}", row.line), InputProblem::Duplicate))
            }
            None => Ok(Compared::Unchanged),
        };
    }
    if stored_list_date > list_date_us {
        return Ok(Compared::Outdated);
    }
    let extended = match (end, v.end) {
        (Some(_), None) => true,
        (Some(before), Some(after)) => after > before,
        (None, _) => false,
    };
    tx.execute(
        "UPDATE catalog_prices SET effective_end_us = $9, list_price = $10, erp_price = $11, unit_price = $12,
             erp_unit_price = $13, import_version = $14, source_line = $15, tier_max = $16, tags = $17,
             list_date_us = $18, closed_by_list = FALSE
         WHERE catalog_item_id = $1 AND segment = $2 AND market = $3 AND currency = $4 AND term_duration = $5
           AND billing_cycle = $6 AND tier_min = $7 AND effective_start_us = $8",
        &v.params(),
    )
    .db()?;
    Ok(if differs.is_some() { Compared::Changed { extended } } else { Compared::Unchanged })
}

/// Inserts the item a row names, or updates its title, description and segment; its search
/// vectors follow when its words changed.
fn upsert_item(tx: &mut Tx<'_>, row: &PriceRow) -> Result<()> {
    let changed = tx
        .execute(
            "INSERT INTO catalog_items (catalog_item_id, title, currency_code, market, eligible_for_purchase,
                 requires_attestation, description, segment)
             VALUES ($1, $2, $3, $4, TRUE, FALSE, $5, $6)
             ON CONFLICT (catalog_item_id) DO UPDATE SET title = excluded.title,
                 description = excluded.description, segment = excluded.segment
             WHERE catalog_items.title IS DISTINCT FROM excluded.title
                 OR catalog_items.description IS DISTINCT FROM excluded.description
                 OR catalog_items.segment IS DISTINCT FROM excluded.segment",
            &[&row.catalog_item_id, &row.title, &row.currency, &row.market, &row.description, &row.segment.as_str()],
        )
        .db()?;
    if changed > 0 {
        super::search::index_item(tx, &row.catalog_item_id)?;
    }
    Ok(())
}
