//! The quotes table: each quote stored once, as the JSON it was issued as (data access deals
//! in that text; the store turns it into a `Quote`).

use rusqlite::{Connection, OptionalExtension, params};

use super::{SqlResult, Transaction};
use crate::db::QuoteRow;
use crate::error::Result;

columns! {
    /// The column a stored quote is read from, of `quotes` as `q`.
    quote_columns, Q, "q": quote_json
}

/// The JSON of the newest quote issued for `cart_id` at the cart version `cart_modified_us`
/// with the options `options_json`, if any.
pub(crate) fn find_issued(
    conn: &Connection,
    cart_id: &str,
    cart_modified_us: i64,
    options_json: &str,
) -> Result<Option<String>> {
    conn.prepare_cached(concat!(
        "SELECT ",
        quote_columns!(),
        " FROM quotes q WHERE q.cart_id = ?1 AND q.cart_modified_us = ?2 AND q.options_json = ?3
          ORDER BY q.seq DESC LIMIT 1"
    ))
    .db()?
    .query_row(params![cart_id, cart_modified_us, options_json], |row| row.get(Q::quote_json.at()))
    .optional()
    .db()
}

/// The next quote sequence number of the store (1 for the first quote).
pub(crate) fn next_seq(tx: &Transaction<'_>) -> Result<i64> {
    tx.prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM quotes").db()?.query_row([], |row| row.get(0)).db()
}

/// Stores an issued quote.
pub(crate) fn insert(tx: &Transaction<'_>, row: &QuoteRow<'_>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO quotes (quote_number, seq, customer_id, cart_id, cart_modified_us, options_json, issued_us,
             quote_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .db()?
    .execute(params![
        row.quote_number,
        row.seq,
        row.customer_id,
        row.cart_id,
        row.cart_modified_us,
        row.options_json,
        row.issued_us,
        row.quote_json
    ])
    .db()?;
    Ok(())
}

/// The JSON of `customer`'s quote numbered `quote_number`, if there is one.
pub(crate) fn get(conn: &Connection, customer: &str, quote_number: &str) -> Result<Option<String>> {
    conn.prepare_cached(concat!(
        "SELECT ",
        quote_columns!(),
        " FROM quotes q WHERE q.quote_number = ?1 AND q.customer_id = ?2"
    ))
    .db()?
    .query_row([quote_number, customer], |row| row.get(Q::quote_json.at()))
    .optional()
    .db()
}

/// The JSON of every quote of `customer`, oldest first.
pub(crate) fn list(conn: &Connection, customer: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached(concat!("SELECT ", quote_columns!(), " FROM quotes q WHERE q.customer_id = ?1 ORDER BY q.seq"))
        .db()?;
    let rows = stmt.query_map([customer], |row| row.get(Q::quote_json.at())).db()?;
    rows.collect::<Result<_, _>>().db()
}
