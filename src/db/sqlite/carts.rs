//! The cart tables: a cart row and one row per line (add-ons point at their parent), the
//! line's participants and provisioning context in its `pairs` column.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{SqlResult, Transaction, money_column};
use crate::db::CartRow;
use crate::error::Result;
use crate::model::{BillingCycleType, Cart, CartLineItem, CartStatus};

use crate::db::cart_record::{LineRecord, assemble, pairs_from_text, pairs_text, records};

columns! {
    /// The cart row's columns, of `carts` as `c`.
    cart_columns, C, "c": cart_id, customer_id, status, creation_us, last_modified_us, expiration_us,
    last_modified_user, submitting
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
    tx.prepare_cached(
        "INSERT INTO carts (cart_id, customer_id, status, creation_us, last_modified_us, expiration_us,
             last_modified_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .db()?
    .execute(params![
        row.cart_id,
        row.customer_id,
        row.status.as_str(),
        row.creation_us,
        row.last_modified_us,
        row.expiration_us,
        row.last_modified_user
    ])
    .db()?;
    insert_lines(tx, row, lines)
}

/// Replaces a cart's lines and moves its modification stamp; returns the cart as [`load`]
/// would read it back.
pub(crate) fn replace(tx: &Transaction<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
    tx.prepare_cached("UPDATE carts SET last_modified_us = ?2, last_modified_user = ?3 WHERE cart_id = ?1")
        .db()?
        .execute(params![row.cart_id, row.last_modified_us, row.last_modified_user])
        .db()?;
    tx.prepare_cached("DELETE FROM cart_lines WHERE cart_id = ?1").db()?.execute([&row.cart_id]).db()?;
    insert_lines(tx, row, lines)
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

/// Deletes a cart and its lines.
pub(crate) fn delete(tx: &Transaction<'_>, cart_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM cart_lines WHERE cart_id = ?1").db()?.execute([cart_id]).db()?;
    tx.prepare_cached("DELETE FROM carts WHERE cart_id = ?1").db()?.execute([cart_id]).db()?;
    Ok(())
}

fn insert_lines(tx: &Transaction<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
    let records = records(lines);
    let mut line_stmt = tx
        .prepare_cached(
            "INSERT INTO cart_lines (cart_id, seq, customer_id, parent_seq, line_id, catalog_item_id, friendly_name,
                 quantity, currency_code, billing_cycle, term_duration, order_group, renews_to, attestation_accepted,
                 promotion_id, custom_term_end_us, error_code, available_quantity, purchased_quantity, list_price,
                 discounted_price, prorated_price, price, extended_price, has_participants, has_context, has_addons,
                 minimum_quantity, eligible_for_purchase, segment, offered_terms, offered_currencies, pairs)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                 ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)",
        )
        .db()?;
    for (seq, r) in records.iter().enumerate() {
        let seq = seq as i64;
        let [list, discounted, prorated, price, extended] = r.prices.map(|p| p.map(|m| m.to_text()));
        line_stmt
            .execute(params![
                row.cart_id,
                seq,
                row.customer_id,
                r.parent_seq,
                r.line_id,
                r.catalog_item_id,
                r.friendly_name,
                r.quantity,
                r.currency_code,
                r.billing_cycle.map(BillingCycleType::as_str),
                r.term_duration,
                r.order_group,
                r.renews_to,
                r.attestation_accepted,
                r.promotion_id,
                r.custom_term_end_us,
                r.error_code,
                r.available_quantity,
                r.purchased_quantity,
                list,
                discounted,
                prorated,
                price,
                extended,
                r.has_participants,
                r.has_context,
                r.has_addons,
                r.minimum_quantity,
                r.eligible_for_purchase,
                r.segment,
                r.offered_terms,
                r.offered_currencies,
                pairs_text(&r.pairs),
            ])
            .db()?;
    }
    Ok(assemble(row, records))
}

columns! {
    /// The columns [`record_from_row`] reads of `cart_lines` as `l`, then the line's cart.
    line_columns, L, "l": parent_seq, line_id, catalog_item_id, friendly_name, quantity, currency_code,
    billing_cycle, term_duration, order_group, renews_to, attestation_accepted, promotion_id, custom_term_end_us,
    error_code, available_quantity, purchased_quantity, list_price, discounted_price, prorated_price, price,
    extended_price, has_participants, has_context, has_addons, minimum_quantity, eligible_for_purchase, segment,
    offered_terms, offered_currencies, pairs, cart_id
}

/// Every cart of `customer`, oldest first, as [`load`] reads each: two queries in all,
/// however many carts there are.
pub(crate) fn load_all(conn: &Connection, customer: &str) -> Result<Vec<Cart>> {
    let rows = list(conn, customer)?;
    let mut records = read_records(
        conn,
        concat!(
            "SELECT ",
            line_columns!(),
            " FROM carts c JOIN cart_lines l ON l.cart_id = c.cart_id
             WHERE c.customer_id = ?1 ORDER BY l.cart_id, l.seq"
        ),
        customer,
    )?;
    Ok(rows.iter().map(|row| assemble(row, records.remove(&row.cart_id).unwrap_or_default())).collect())
}

/// A cart as the wire model shows it, line errors described in `l10n`'s locale.
pub(crate) fn load(conn: &Connection, row: &CartRow) -> Result<Cart> {
    let mut records = read_records(
        conn,
        concat!("SELECT ", line_columns!(), " FROM cart_lines l WHERE l.cart_id = ?1 ORDER BY l.seq"),
        &row.cart_id,
    )?;
    Ok(assemble(row, records.remove(&row.cart_id).unwrap_or_default()))
}

/// The line records of the carts `lines_sql` selects with `?1 = key` (`line_columns!()`
/// ordered by cart id and `seq`), by cart id, each cart's in `seq` order.
fn read_records(conn: &Connection, lines_sql: &str, key: &str) -> Result<HashMap<String, Vec<LineRecord>>> {
    let mut carts: HashMap<String, Vec<LineRecord>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(lines_sql).db()?;
        let mut rows = stmt.query([key]).db()?;
        while let Some(r) = rows.next().db()? {
            push_line(&mut carts, r).db()?;
        }
    }
    Ok(carts)
}

/// Adds the line of a `lines_sql` row to its cart.
fn push_line(carts: &mut HashMap<String, Vec<LineRecord>>, r: &Row<'_>) -> rusqlite::Result<()> {
    let record = record_from_row(r)?;
    let cart_id = r.get_ref(L::cart_id.at())?.as_str()?;
    match carts.get_mut(cart_id) {
        Some(lines) => lines.push(record),
        None => {
            carts.insert(cart_id.to_owned(), vec![record]);
        }
    }
    Ok(())
}

fn record_from_row(r: &Row<'_>) -> rusqlite::Result<LineRecord> {
    Ok(LineRecord {
        parent_seq: r.get(L::parent_seq.at())?,
        line_id: r.get(L::line_id.at())?,
        catalog_item_id: r.get(L::catalog_item_id.at())?,
        friendly_name: r.get(L::friendly_name.at())?,
        quantity: r.get(L::quantity.at())?,
        currency_code: r.get(L::currency_code.at())?,
        billing_cycle: super::parsed_opt(
            L::billing_cycle.at(),
            r.get_ref(L::billing_cycle.at())?.as_str_or_null()?,
            BillingCycleType::parse,
        )?,
        term_duration: r.get(L::term_duration.at())?,
        order_group: r.get(L::order_group.at())?,
        renews_to: r.get(L::renews_to.at())?,
        attestation_accepted: r.get(L::attestation_accepted.at())?,
        promotion_id: r.get(L::promotion_id.at())?,
        custom_term_end_us: r.get(L::custom_term_end_us.at())?,
        error_code: r.get(L::error_code.at())?,
        available_quantity: r.get(L::available_quantity.at())?,
        purchased_quantity: r.get(L::purchased_quantity.at())?,
        prices: [
            money_column(r, L::list_price.at())?,
            money_column(r, L::discounted_price.at())?,
            money_column(r, L::prorated_price.at())?,
            money_column(r, L::price.at())?,
            money_column(r, L::extended_price.at())?,
        ],
        has_participants: r.get(L::has_participants.at())?,
        has_context: r.get(L::has_context.at())?,
        has_addons: r.get(L::has_addons.at())?,
        minimum_quantity: r.get(L::minimum_quantity.at())?,
        eligible_for_purchase: r.get(L::eligible_for_purchase.at())?,
        segment: r.get(L::segment.at())?,
        offered_terms: r.get(L::offered_terms.at())?,
        offered_currencies: r.get(L::offered_currencies.at())?,
        pairs: super::parsed_opt(L::pairs.at(), r.get_ref(L::pairs.at())?.as_str_or_null()?, pairs_from_text)?
            .unwrap_or_default(),
    })
}

/// The cart rows of a customer, oldest first.
pub(crate) fn list(conn: &Connection, customer: &str) -> Result<Vec<CartRow>> {
    let mut stmt = conn
        .prepare_cached(concat!(
            "SELECT ",
            cart_columns!(),
            " FROM carts c WHERE c.customer_id = ?1 ORDER BY c.creation_us, c.cart_id"
        ))
        .db()?;
    let rows = stmt.query_map([customer], cart_row).db()?;
    rows.collect::<Result<_, _>>().db()
}
