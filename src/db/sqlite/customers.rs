//! Customer profiles: one row per customer that has one.

use rusqlite::{Connection, OptionalExtension, params};

use super::{SqlResult, Transaction, corrupt_value};
use crate::error::Result;
use crate::model::{CustomerProfile, CustomerSegment};

columns! {
    /// The columns [`get`] reads of `customers` as `c`.
    customer_columns, C, "c": name, segment, market, currency_code, locale, tenant_id
}

/// `customer`'s profile, if one was set.
pub(crate) fn get(conn: &Connection, customer: &str) -> Result<Option<CustomerProfile>> {
    conn.prepare_cached(concat!("SELECT ", customer_columns!(), " FROM customers c WHERE c.customer_id = ?1"))
        .db()?
        .query_row([customer], |row| {
            let segment = row.get_ref(C::segment.at())?.as_str()?;
            Ok(CustomerProfile {
                name: row.get(C::name.at())?,
                segment: CustomerSegment::parse(segment).ok_or_else(|| corrupt_value(C::segment.at(), segment))?,
                market: row.get(C::market.at())?,
                currency_code: row.get(C::currency_code.at())?,
                locale: row.get(C::locale.at())?,
                tenant_id: row.get(C::tenant_id.at())?,
            })
        })
        .optional()
        .db()
}

/// Sets (replaces) `customer`'s profile.
pub(crate) fn put(tx: &Transaction<'_>, customer: &str, profile: &CustomerProfile) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO customers (customer_id, name, segment, market, currency_code, locale, tenant_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, segment = excluded.segment,
             market = excluded.market, currency_code = excluded.currency_code, locale = excluded.locale,
             tenant_id = excluded.tenant_id",
    )
    .db()?
    .execute(params![
        customer,
        profile.name,
        profile.segment.as_str(),
        profile.market,
        profile.currency_code,
        profile.locale,
        profile.tenant_id
    ])
    .db()?;
    Ok(())
}
