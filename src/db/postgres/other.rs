//! Customer profiles, the partner profile and quotes (the last two kept as their JSON, as the
//! SQLite backend keeps them).

use super::{PgResult, Tx, get, parsed};
use crate::db::QuoteRow;
use crate::error::Result;
use crate::model::{CustomerProfile, CustomerSegment};

/// `customer`'s profile, if one was set.
pub(crate) fn customer(tx: &mut Tx<'_>, customer: &str) -> Result<Option<CustomerProfile>> {
    let Some(row) = tx
        .query_opt_cached(
            "SELECT name, segment, market, currency_code, locale, tenant_id FROM customers WHERE customer_id = $1",
            &[&customer],
        )
        .db()?
    else {
        return Ok(None);
    };
    Ok(Some(CustomerProfile {
        name: get(&row, 0)?,
        segment: parsed(&row, 1, CustomerSegment::parse)?,
        market: get(&row, 2)?,
        currency_code: get(&row, 3)?,
        locale: get(&row, 4)?,
        tenant_id: get(&row, 5)?,
    }))
}

/// Sets (replaces) `customer`'s profile.
pub(crate) fn put_customer(tx: &mut Tx<'_>, customer: &str, profile: &CustomerProfile) -> Result<()> {
    tx.execute_cached(
        "INSERT INTO customers (customer_id, name, segment, market, currency_code, locale, tenant_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, segment = excluded.segment,
             market = excluded.market, currency_code = excluded.currency_code, locale = excluded.locale,
             tenant_id = excluded.tenant_id",
        &[
            &customer,
            &profile.name,
            &profile.segment.as_str(),
            &profile.market,
            &profile.currency_code,
            &profile.locale,
            &profile.tenant_id,
        ],
    )
    .db()?;
    Ok(())
}

/// The stored partner profile's JSON, if one was set.
pub(crate) fn partner_profile(tx: &mut Tx<'_>) -> Result<Option<String>> {
    match tx.query_opt_cached("SELECT profile_json FROM partner_profile WHERE id = 1", &[]).db()? {
        Some(row) => Ok(Some(get(&row, 0)?)),
        None => Ok(None),
    }
}

/// Sets (replaces) the partner profile, as its JSON, at `updated_us`.
pub(crate) fn put_partner_profile(tx: &mut Tx<'_>, profile_json: &str, updated_us: i64) -> Result<()> {
    tx.execute_cached(
        "INSERT INTO partner_profile (id, profile_json, updated_us) VALUES (1, $1, cartstore_at($2))
         ON CONFLICT (id) DO UPDATE SET profile_json = excluded.profile_json, updated_us = excluded.updated_us",
        &[&profile_json, &updated_us],
    )
    .db()?;
    Ok(())
}

/// The JSON of the newest quote issued for `cart_id` at `cart_modified_us` with `options_json`.
pub(crate) fn issued_quote(
    tx: &mut Tx<'_>,
    cart_id: &str,
    cart_modified_us: i64,
    options_json: &str,
) -> Result<Option<String>> {
    match tx
        .query_opt_cached(
            "SELECT quote_json FROM quotes WHERE cart_id = $1 AND cart_modified_us = cartstore_at($2) AND options_json = $3
             ORDER BY seq DESC LIMIT 1",
            &[&cart_id, &cart_modified_us, &options_json],
        )
        .db()?
    {
        Some(row) => Ok(Some(get(&row, 0)?)),
        None => Ok(None),
    }
}

/// The next quote sequence number of the store (1 for the first quote).
pub(crate) fn next_quote_seq(tx: &mut Tx<'_>) -> Result<i64> {
    let row = tx.query_one_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM quotes", &[]).db()?;
    get(&row, 0)
}

/// Stores an issued quote.
pub(crate) fn insert_quote(tx: &mut Tx<'_>, row: &QuoteRow<'_>) -> Result<()> {
    tx.execute_cached(
        "INSERT INTO quotes (quote_number, seq, customer_id, cart_id, cart_modified_us, options_json, issued_us,
             quote_json) VALUES ($1, $2, $3, $4, cartstore_at($5), $6, cartstore_at($7), $8)",
        &[
            &row.quote_number,
            &row.seq,
            &row.customer_id,
            &row.cart_id,
            &row.cart_modified_us,
            &row.options_json,
            &row.issued_us,
            &row.quote_json,
        ],
    )
    .db()?;
    Ok(())
}

/// The JSON of `customer`'s quote numbered `quote_number`, if there is one.
pub(crate) fn quote(tx: &mut Tx<'_>, customer: &str, quote_number: &str) -> Result<Option<String>> {
    match tx
        .query_opt_cached(
            "SELECT quote_json FROM quotes WHERE quote_number = $1 AND customer_id = $2",
            &[&quote_number, &customer],
        )
        .db()?
    {
        Some(row) => Ok(Some(get(&row, 0)?)),
        None => Ok(None),
    }
}

/// The JSON of every quote of `customer`, oldest first.
pub(crate) fn quotes(tx: &mut Tx<'_>, customer: &str) -> Result<Vec<String>> {
    tx.query_cached("SELECT quote_json FROM quotes WHERE customer_id = $1 ORDER BY seq", &[&customer])
        .db()?
        .iter()
        .map(|row| get(row, 0))
        .collect()
}
