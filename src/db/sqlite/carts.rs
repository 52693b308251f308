//! The cart table: a cart row, its lines in its `lines` document (add-ons after their
//! parents; see [`LineRecord`]).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{SqlResult, Transaction};
use crate::db::CartRow;
use crate::error::Result;
use crate::model::{Cart, CartLineItem, CartStatus};

use crate::db::cart_record::{LineRecord, assemble, lines_text, records, records_from_text};

columns! {
    /// The cart row's columns, of `carts` as `c`.
    cart_columns, C, "c": cart_id, customer_id, status, creation_us, last_modified_us, expiration_us,
    last_modified_user, submitting, lines
}

fn cart_row(row: &Row<'_>) -> rusqlite::Result<CartRow> {
    let status = row.get_ref(C::status.at())?.as_str()?;
    let status = CartStatus::parse(status).ok_or_else(|| super::corrupt_value(C::status.at(), status))?;
    // `Submitting` is kept as a flag beside the status (V8), which V1's CHECK holds to two values.
    let status = if row.get::<_, bool>(C::submitting.at())? { CartStatus::Submitting } else { status };
    Ok(CartRow {
        cart_id: row.get(C::cart_id.at())?,
        customer_id: row.get(C::customer_id.at())?,
        status,
        creation_us: row.get(C::creation_us.at())?,
        last_modified_us: row.get(C::last_modified_us.at())?,
        expiration_us: row.get(C::expiration_us.at())?,
        last_modified_user: row.get(C::last_modified_user.at())?,
    })
}

/// The cart row of `customer`'s cart `cart_id`, if there is one.
pub(crate) fn find(conn: &Connection, customer: &str, cart_id: &str) -> Result<Option<CartRow>> {
    conn.prepare_cached(concat!(
        "SELECT ",
        cart_columns!(),
        " FROM carts c WHERE c.cart_id = ?1 AND c.customer_id = ?2"
    ))
    .db()?
    .query_row([cart_id, customer], cart_row)
    .optional()
    .db()
}

/// Inserts a cart and its lines; returns the cart exactly as [`load`] would read it back.
pub(crate) fn insert(tx: &Transaction<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
    let records = records(lines);
    tx.prepare_cached(
        "INSERT INTO carts (cart_id, customer_id, status, creation_us, last_modified_us, expiration_us,
             last_modified_user, lines) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .db()?
    .execute(params![
        row.cart_id,
        row.customer_id,
        row.status.as_str(),
        row.creation_us,
        row.last_modified_us,
        row.expiration_us,
        row.last_modified_user,
        lines_text(&records)?,
    ])
    .db()?;
    Ok(assemble(row, records))
}

/// Replaces a cart's lines and moves its modification stamp; returns the cart as [`load`]
/// would read it back.
pub(crate) fn replace(tx: &Transaction<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
    let records = records(lines);
    tx.prepare_cached("UPDATE carts SET last_modified_us = ?2, last_modified_user = ?3, lines = ?4 WHERE cart_id = ?1")
        .db()?
        .execute(params![row.cart_id, row.last_modified_us, row.last_modified_user, lines_text(&records)?])
        .db()?;
    Ok(assemble(row, records))
}

/// Sets a cart's status (and modification stamp): `Submitting` is the `submitting` flag on an
/// `Active` cart.
pub(crate) fn set_status(tx: &Transaction<'_>, cart_id: &str, status: CartStatus, modified_us: i64) -> Result<()> {
    let (stored, submitting) = match status {
        CartStatus::Submitting => (CartStatus::Active, true),
        other => (other, false),
    };
    tx.prepare_cached("UPDATE carts SET status = ?2, last_modified_us = ?3, submitting = ?4 WHERE cart_id = ?1")
        .db()?
        .execute(params![cart_id, stored.as_str(), modified_us, submitting])
        .db()?;
    Ok(())
}

/// Deletes a cart (its lines are in its row).
pub(crate) fn delete(tx: &Transaction<'_>, cart_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM carts WHERE cart_id = ?1").db()?.execute([cart_id]).db()?;
    Ok(())
}

/// Every cart of `customer`, oldest first, as [`load`] reads each: one query.
pub(crate) fn load_all(conn: &Connection, customer: &str) -> Result<Vec<Cart>> {
    let mut stmt = conn
        .prepare_cached(concat!(
            "SELECT ",
            cart_columns!(),
            " FROM carts c WHERE c.customer_id = ?1 ORDER BY c.creation_us, c.cart_id"
        ))
        .db()?;
    let mut rows = stmt.query([customer]).db()?;
    let mut carts = Vec::new();
    while let Some(r) = rows.next().db()? {
        let row = cart_row(r).db()?;
        let records = lines_of(r, C::lines.at()).db()?;
        carts.push(assemble(&row, records));
    }
    Ok(carts)
}

/// A cart as the wire model shows it (line errors not described yet).
pub(crate) fn load(conn: &Connection, row: &CartRow) -> Result<Cart> {
    let records = conn
        .prepare_cached("SELECT lines FROM carts WHERE cart_id = ?1")
        .db()?
        .query_row([&row.cart_id], |r| lines_of(r, 0))
        .optional()
        .db()?
        .unwrap_or_default();
    Ok(assemble(row, records))
}

/// The line records of the `lines` document in column `index`; a document that does not read
/// back is the column's corrupt value.
fn lines_of(r: &Row<'_>, index: usize) -> rusqlite::Result<Vec<LineRecord>> {
    let text = r.get_ref(index)?.as_str()?;
    records_from_text(text).map_err(|_| super::corrupt_value(index, text))
}
