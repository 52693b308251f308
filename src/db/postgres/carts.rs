//! The cart tables: a cart row and one row per line (add-ons point at their parent), the line's
//! participants and provisioning context in its `pairs` column (as the SQLite backend keeps
//! them, through the same [`LineRecord`] mapping).

use std::collections::HashMap;

use postgres::Row;

use super::{PgResult, Tx, get, money, parsed, parsed_opt};
use crate::db::CartRow;
use crate::db::cart_record::{LineRecord, assemble, pairs_from_text, pairs_text, records};
use crate::error::Result;
use crate::model::{BillingCycleType, Cart, CartLineItem, CartStatus, Money};

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
    tx.execute_cached(
        "INSERT INTO carts (cart_id, customer_id, status, creation_us, last_modified_us, expiration_us,
             last_modified_user)
         VALUES ($1, $2, $3, cartstore_at($4), cartstore_at($5), cartstore_at($6), $7)",
        &[
            &row.cart_id,
            &row.customer_id,
            &row.status.as_str(),
            &row.creation_us,
            &row.last_modified_us,
            &row.expiration_us,
            &row.last_modified_user,
        ],
    )
    .db()?;
    insert_lines(tx, row, lines)
}

/// Replaces a cart's lines and moves its modification stamp.
pub(crate) fn replace(tx: &mut Tx<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
    tx.execute_cached(
        "UPDATE carts SET last_modified_us = cartstore_at($2), last_modified_user = $3
         WHERE cart_id = $1 AND customer_id = $4",
        &[&row.cart_id, &row.last_modified_us, &row.last_modified_user, &row.customer_id],
    )
    .db()?;
    delete_lines(tx, &row.cart_id)?;
    insert_lines(tx, row, lines)
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

/// Deletes a cart and its lines.
pub(crate) fn delete(tx: &mut Tx<'_>, cart_id: &str) -> Result<()> {
    delete_lines(tx, cart_id)?;
    tx.execute_cached("DELETE FROM carts WHERE cart_id = $1", &[&cart_id]).db()?;
    Ok(())
}

fn delete_lines(tx: &mut Tx<'_>, cart_id: &str) -> Result<()> {
    tx.execute_cached("DELETE FROM cart_lines WHERE cart_id = $1", &[&cart_id]).db()?;
    Ok(())
}

/// Inserts a cart's lines (their participants and provisioning context in their `pairs`
/// column) in one statement, one round trip: the rows travel as arrays (`unnest`).
fn insert_lines(tx: &mut Tx<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
    let records = records(lines);
    if records.is_empty() {
        return Ok(assemble(row, records));
    }
    let ints = |f: fn(&LineRecord) -> Option<i64>| records.iter().map(f).collect::<Vec<_>>();
    let texts = |f: fn(&LineRecord) -> Option<&str>| records.iter().map(f).collect::<Vec<_>>();
    let bools = |f: fn(&LineRecord) -> Option<bool>| records.iter().map(f).collect::<Vec<_>>();
    let prices =
        |i: usize| records.iter().map(|r| r.prices.get(i).copied().flatten().map(Money::amount)).collect::<Vec<_>>();
    let seqs: Vec<i64> = (0..records.len() as i64).collect();
    let pairs: Vec<Option<String>> = records.iter().map(|r| pairs_text(&r.pairs)).collect();
    tx.execute_cached(
        "INSERT INTO cart_lines (cart_id, seq, customer_id, parent_seq, line_id, catalog_item_id, friendly_name,
                 quantity, currency_code, billing_cycle, term_duration, order_group, renews_to, attestation_accepted,
                 promotion_id, custom_term_end_us, error_code, available_quantity, purchased_quantity, list_price,
                 discounted_price, prorated_price, price, extended_price, has_participants, has_context, has_addons,
                 minimum_quantity, eligible_for_purchase, segment, offered_terms, offered_currencies, pairs)
             SELECT $1, u.seq, $2, u.parent_seq, u.line_id, u.catalog_item_id, u.friendly_name, u.quantity,
                 u.currency_code, u.billing_cycle, u.term_duration, u.order_group, u.renews_to, u.attestation_accepted,
                 u.promotion_id, cartstore_at(u.custom_term_end_us), u.error_code, u.available_quantity,
                 u.purchased_quantity, u.list_price, u.discounted_price, u.prorated_price, u.price, u.extended_price,
                 u.has_participants, u.has_context, u.has_addons, u.minimum_quantity, u.eligible_for_purchase,
                 u.segment, u.offered_terms, u.offered_currencies, u.pairs
             FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[],
                 $8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::boolean[],
                 $15::text[], $16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[], $20::numeric[], $21::numeric[],
                 $22::numeric[], $23::numeric[], $24::numeric[], $25::boolean[], $26::boolean[], $27::boolean[],
                 $28::bigint[], $29::boolean[], $30::text[], $31::text[], $32::text[], $33::text[])
                 AS u (seq, parent_seq, line_id, catalog_item_id, friendly_name, quantity, currency_code,
                     billing_cycle, term_duration, order_group, renews_to, attestation_accepted, promotion_id,
                     custom_term_end_us, error_code, available_quantity, purchased_quantity, list_price,
                     discounted_price, prorated_price, price, extended_price, has_participants, has_context,
                     has_addons, minimum_quantity, eligible_for_purchase, segment, offered_terms, offered_currencies,
                     pairs)",
        &[
            &row.cart_id,
            &row.customer_id,
            &seqs,
            &ints(|r| r.parent_seq),
            &ints(|r| r.line_id),
            &texts(|r| r.catalog_item_id.as_deref()),
            &texts(|r| r.friendly_name.as_deref()),
            &ints(|r| r.quantity),
            &texts(|r| r.currency_code.as_deref()),
            &texts(|r| r.billing_cycle.map(BillingCycleType::as_str)),
            &texts(|r| r.term_duration.as_deref()),
            &texts(|r| r.order_group.as_deref()),
            &texts(|r| r.renews_to.as_deref()),
            &bools(|r| r.attestation_accepted),
            &texts(|r| r.promotion_id.as_deref()),
            &ints(|r| r.custom_term_end_us),
            &ints(|r| r.error_code.map(i64::from)),
            &ints(|r| r.available_quantity),
            &ints(|r| r.purchased_quantity),
            &prices(0),
            &prices(1),
            &prices(2),
            &prices(3),
            &prices(4),
            &bools(|r| Some(r.has_participants)),
            &bools(|r| Some(r.has_context)),
            &bools(|r| Some(r.has_addons)),
            &ints(|r| r.minimum_quantity),
            &bools(|r| r.eligible_for_purchase),
            &texts(|r| r.segment.as_deref()),
            &texts(|r| r.offered_terms.as_deref()),
            &texts(|r| r.offered_currencies.as_deref()),
            &pairs,
        ],
    )
    .db()?;
    Ok(assemble(row, records))
}

/// The columns [`record_from_row`] reads of `cart_lines` as `l`, then the line's cart.
const LINE_COLUMNS: &str = "l.parent_seq, l.line_id, l.catalog_item_id, l.friendly_name, l.quantity, l.currency_code,
    l.billing_cycle, l.term_duration, l.order_group, l.renews_to, l.attestation_accepted, l.promotion_id,
    cartstore_us(l.custom_term_end_us), l.error_code, l.available_quantity, l.purchased_quantity, l.list_price, l.discounted_price,
    l.prorated_price, l.price, l.extended_price, l.has_participants, l.has_context, l.has_addons, l.minimum_quantity,
    l.eligible_for_purchase, l.segment, l.offered_terms, l.offered_currencies, l.pairs, l.cart_id";

/// The position of `cart_id` in [`LINE_COLUMNS`].
const LINE_CART_ID: usize = 30;

/// Every cart of `customer`, oldest first: two queries, however many carts there are.
pub(crate) fn load_all(tx: &mut Tx<'_>, customer: &str) -> Result<Vec<Cart>> {
    let rows = tx
        .query_cached(
            &format!("SELECT {CART_COLUMNS} FROM carts c WHERE c.customer_id = $1 ORDER BY c.creation_us, c.cart_id"),
            &[&customer],
        )
        .db()?;
    let rows: Vec<CartRow> = rows.iter().map(cart_row).collect::<Result<_>>()?;
    let mut records = read_records(
        tx,
        &format!(
            "SELECT {LINE_COLUMNS} FROM carts c JOIN cart_lines l ON l.cart_id = c.cart_id
             WHERE c.customer_id = $1 AND l.customer_id = $1 ORDER BY l.cart_id, l.seq"
        ),
        customer,
    )?;
    Ok(rows.iter().map(|row| assemble(row, records.remove(&row.cart_id).unwrap_or_default())).collect())
}

/// A cart with its lines.
pub(crate) fn load(tx: &mut Tx<'_>, row: &CartRow) -> Result<Cart> {
    let mut records = read_records(
        tx,
        &format!("SELECT {LINE_COLUMNS} FROM cart_lines l WHERE l.cart_id = $1 ORDER BY l.seq"),
        &row.cart_id,
    )?;
    Ok(assemble(row, records.remove(&row.cart_id).unwrap_or_default()))
}

/// The line records of the carts `lines_sql` selects with `$1 = key`, by cart id.
fn read_records(tx: &mut Tx<'_>, lines_sql: &str, key: &str) -> Result<HashMap<String, Vec<LineRecord>>> {
    let mut carts: HashMap<String, Vec<LineRecord>> = HashMap::new();
    for r in tx.query_cached(lines_sql, &[&key]).db()? {
        let record = record_from_row(&r)?;
        let cart_id: String = get(&r, LINE_CART_ID)?;
        carts.entry(cart_id).or_default().push(record);
    }
    Ok(carts)
}

fn record_from_row(r: &Row) -> Result<LineRecord> {
    let error_code: Option<i64> = get(r, 13)?;
    Ok(LineRecord {
        parent_seq: get(r, 0)?,
        line_id: get(r, 1)?,
        catalog_item_id: get(r, 2)?,
        friendly_name: get(r, 3)?,
        quantity: get(r, 4)?,
        currency_code: get(r, 5)?,
        billing_cycle: parsed_opt(r, 6, BillingCycleType::parse)?,
        term_duration: get(r, 7)?,
        order_group: get(r, 8)?,
        renews_to: get(r, 9)?,
        attestation_accepted: get(r, 10)?,
        promotion_id: get(r, 11)?,
        custom_term_end_us: get(r, 12)?,
        error_code: error_code
            .map(|c| i32::try_from(c).map_err(|_| super::corrupt("error code", &c.to_string())))
            .transpose()?,
        available_quantity: get(r, 14)?,
        purchased_quantity: get(r, 15)?,
        prices: [money(r, 16)?, money(r, 17)?, money(r, 18)?, money(r, 19)?, money(r, 20)?],
        has_participants: get(r, 21)?,
        has_context: get(r, 22)?,
        has_addons: get(r, 23)?,
        minimum_quantity: get(r, 24)?,
        eligible_for_purchase: get(r, 25)?,
        segment: get(r, 26)?,
        offered_terms: get(r, 27)?,
        offered_currencies: get(r, 28)?,
        pairs: get::<Option<&str>>(r, 29)?
            .map(|text| pairs_from_text(text).ok_or_else(|| super::corrupt("cart line pairs", text)))
            .transpose()?
            .unwrap_or_default(),
    })
}
