//! The cart table: a cart row, its lines in its `lines` document (as the SQLite backend keeps
//! them, through the same [`LineRecord`] mapping).

use postgres::Row;

use super::{PgResult, Tx, get, parsed};
use crate::db::CartRow;
use crate::db::cart_record::{LineRecord, assemble, lines_text, records, records_from_text};
use crate::error::Result;
use crate::model::{Cart, CartLineItem, CartStatus};

/// The cart row's columns, of `carts` as `c` (read by [`cart_row`]).
const CART_COLUMNS: &str =
    "c.cart_id, c.customer_id, c.status, cartstore_us(c.creation_us), cartstore_us(c.last_modified_us),
    cartstore_us(c.expiration_us), c.last_modified_user,
     c.submitting";

fn cart_row(row: &Row) -> Result<CartRow> {
    Ok(CartRow {
        cart_id: get(row, 0)?,
        customer_id: get(row, 1)?,
        // `Submitting` is kept as a flag beside the status, as in the SQLite schema.
        status: if get::<bool>(row, 7)? { CartStatus::Submitting } else { parsed(row, 2, CartStatus::parse)? },
        creation_us: get(row, 3)?,
        last_modified_us: get(row, 4)?,
        expiration_us: get(row, 5)?,
        last_modified_user: get(row, 6)?,
    })
}

/// The cart row of `customer`'s cart `cart_id`, if there is one.
///
/// In a write transaction (`for_update`) the row is locked until the transaction ends, so that
/// a checkout (or an update) holds its cart from the first read to the commit: another
/// transaction that wants to change the cart waits, and then sees it as this one left it.
pub(crate) fn find(tx: &mut Tx<'_>, customer: &str, cart_id: &str, for_update: bool) -> Result<Option<CartRow>> {
    let lock = if for_update { " FOR UPDATE" } else { "" };
    let sql = format!("SELECT {CART_COLUMNS} FROM carts c WHERE c.cart_id = $1 AND c.customer_id = $2{lock}");
    tx.query_opt_cached(&sql, &[&cart_id, &customer]).db()?.as_ref().map(cart_row).transpose()
}

/// Inserts a cart and its lines; returns the cart exactly as [`load`] would read it back.
pub(crate) fn insert(tx: &mut Tx<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
    let records = records(lines);
    tx.execute_cached(
        "INSERT INTO carts (cart_id, customer_id, status, creation_us, last_modified_us, expiration_us,
             last_modified_user, lines)
         VALUES ($1, $2, $3, cartstore_at($4), cartstore_at($5), cartstore_at($6), $7, $8)",
        &[
            &row.cart_id,
            &row.customer_id,
            &row.status.as_str(),
            &row.creation_us,
            &row.last_modified_us,
            &row.expiration_us,
            &row.last_modified_user,
            &lines_text(&records)?,
        ],
    )
    .db()?;
    Ok(assemble(row, records))
}

/// Replaces a cart's lines and moves its modification stamp.
pub(crate) fn replace(tx: &mut Tx<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
    let records = records(lines);
    tx.execute_cached(
        "UPDATE carts SET last_modified_us = cartstore_at($2), last_modified_user = $3, lines = $5
         WHERE cart_id = $1 AND customer_id = $4",
        &[&row.cart_id, &row.last_modified_us, &row.last_modified_user, &row.customer_id, &lines_text(&records)?],
    )
    .db()?;
    Ok(assemble(row, records))
}

/// Sets a cart's status (and modification stamp).
pub(crate) fn set_status(tx: &mut Tx<'_>, cart_id: &str, status: CartStatus, modified_us: i64) -> Result<()> {
    let (stored, submitting) = match status {
        CartStatus::Submitting => (CartStatus::Active, true),
        other => (other, false),
    };
    tx.execute_cached(
        "UPDATE carts SET status = $2, last_modified_us = cartstore_at($3), submitting = $4 WHERE cart_id = $1",
        &[&cart_id, &stored.as_str(), &modified_us, &submitting],
    )
    .db()?;
    Ok(())
}

/// Deletes a cart (its lines are in its row).
pub(crate) fn delete(tx: &mut Tx<'_>, cart_id: &str) -> Result<()> {
    tx.execute_cached("DELETE FROM carts WHERE cart_id = $1", &[&cart_id]).db()?;
    Ok(())
}

/// Every cart of `customer`, oldest first: one query.
pub(crate) fn load_all(tx: &mut Tx<'_>, customer: &str) -> Result<Vec<Cart>> {
    let rows = tx
        .query_cached(
            &format!(
                "SELECT {CART_COLUMNS}, c.lines FROM carts c WHERE c.customer_id = $1
                 ORDER BY c.creation_us, c.cart_id"
            ),
            &[&customer],
        )
        .db()?;
    rows.iter().map(|r| Ok(assemble(&cart_row(r)?, lines_of(r, CART_LINES)?))).collect()
}

/// A cart with its lines.
pub(crate) fn load(tx: &mut Tx<'_>, row: &CartRow) -> Result<Cart> {
    let found = tx.query_opt_cached("SELECT lines FROM carts WHERE cart_id = $1", &[&row.cart_id]).db()?;
    let records = found.as_ref().map(|r| lines_of(r, 0)).transpose()?.unwrap_or_default();
    Ok(assemble(row, records))
}

/// The position of `c.lines` after [`CART_COLUMNS`].
const CART_LINES: usize = 8;

/// The line records of the `lines` document in column `index`.
fn lines_of(r: &Row, index: usize) -> Result<Vec<LineRecord>> {
    let text: &str = get(r, index)?;
    records_from_text(text).map_err(|_| super::corrupt("cart lines", text))
}
