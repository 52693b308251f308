//! The cart tables: a cart row, one row per line (add-ons point at their parent), and the
//! lines' participants and provisioning context.

use std::collections::BTreeMap;
use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::SqlResult;
use crate::error::Result;
use crate::l10n::Localizer;
use crate::model::{
    AdditionalInformation, Attributes, BillingCycleType, Cart, CartError, CartErrorCode, CartLineItem, CartStatus,
    KeyValue, Link, Money, Pricing, Quantity, RenewsTo, SelfLinks, Timestamp,
};

/// The cart row.
#[derive(Debug, Clone)]
pub(crate) struct CartRow {
    pub cart_id: String,
    pub customer_id: String,
    pub status: CartStatus,
    pub creation_us: i64,
    pub last_modified_us: i64,
    pub expiration_us: i64,
    pub last_modified_user: Option<String>,
}

fn cart_row(row: &Row<'_>) -> rusqlite::Result<CartRow> {
    let status: String = row.get(2)?;
    Ok(CartRow {
        cart_id: row.get(0)?,
        customer_id: row.get(1)?,
        status: CartStatus::parse(&status).unwrap_or(CartStatus::Active),
        creation_us: row.get(3)?,
        last_modified_us: row.get(4)?,
        expiration_us: row.get(5)?,
        last_modified_user: row.get(6)?,
    })
}

const CART_COLUMNS: &str =
    "cart_id, customer_id, status, creation_us, last_modified_us, expiration_us, last_modified_user";

/// The cart row of `customer`'s cart `cart_id`, if there is one.
pub(crate) fn find(conn: &Connection, customer: &str, cart_id: &str) -> Result<Option<CartRow>> {
    conn.prepare_cached(&format!("SELECT {CART_COLUMNS} FROM carts WHERE cart_id = ?1 AND customer_id = ?2"))
        .db()?
        .query_row([cart_id, customer], cart_row)
        .optional()
        .db()
}

/// Inserts a cart and its lines.
pub(crate) fn insert(tx: &Transaction<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<()> {
    tx.prepare_cached(&format!("INSERT INTO carts ({CART_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))
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
    insert_lines(tx, &row.cart_id, &row.customer_id, lines)
}

/// Replaces a cart's lines and moves its modification stamp.
pub(crate) fn replace(tx: &Transaction<'_>, row: &CartRow, lines: &[CartLineItem]) -> Result<()> {
    tx.prepare_cached("UPDATE carts SET last_modified_us = ?2, last_modified_user = ?3 WHERE cart_id = ?1")
        .db()?
        .execute(params![row.cart_id, row.last_modified_us, row.last_modified_user])
        .db()?;
    tx.prepare_cached("DELETE FROM cart_line_pairs WHERE cart_id = ?1").db()?.execute([&row.cart_id]).db()?;
    tx.prepare_cached("DELETE FROM cart_lines WHERE cart_id = ?1").db()?.execute([&row.cart_id]).db()?;
    insert_lines(tx, &row.cart_id, &row.customer_id, lines)
}

/// Sets a cart's status (and modification stamp).
pub(crate) fn set_status(tx: &Transaction<'_>, cart_id: &str, status: CartStatus, modified_us: i64) -> Result<()> {
    tx.prepare_cached("UPDATE carts SET status = ?2, last_modified_us = ?3 WHERE cart_id = ?1")
        .db()?
        .execute(params![cart_id, status.as_str(), modified_us])
        .db()?;
    Ok(())
}

/// Deletes a cart and its lines.
pub(crate) fn delete(tx: &Transaction<'_>, cart_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM cart_line_pairs WHERE cart_id = ?1").db()?.execute([cart_id]).db()?;
    tx.prepare_cached("DELETE FROM cart_lines WHERE cart_id = ?1").db()?.execute([cart_id]).db()?;
    tx.prepare_cached("DELETE FROM carts WHERE cart_id = ?1").db()?.execute([cart_id]).db()?;
    Ok(())
}

fn insert_lines(tx: &Transaction<'_>, cart_id: &str, customer: &str, lines: &[CartLineItem]) -> Result<()> {
    let mut seq = 0i64;
    let mut stack: Vec<(&CartLineItem, Option<i64>)> = lines.iter().rev().map(|l| (l, None)).collect();
    let mut line_stmt = tx
        .prepare_cached(
            "INSERT INTO cart_lines (cart_id, seq, customer_id, parent_seq, line_id, catalog_item_id, friendly_name,
                 quantity, currency_code, billing_cycle, term_duration, order_group, renews_to, attestation_accepted,
                 promotion_id, custom_term_end_us, error_code, available_quantity, purchased_quantity, list_price,
                 discounted_price, prorated_price, price, extended_price, has_participants, has_context, has_addons)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                 ?22, ?23, ?24, ?25, ?26, ?27)",
        )
        .db()?;
    let mut pair_stmt = tx
        .prepare_cached(
            "INSERT INTO cart_line_pairs (cart_id, seq, kind, position, key, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .db()?;
    while let Some((line, parent)) = stack.pop() {
        let error = line.error.as_ref();
        let info = error.and_then(|e| e.additional_information.as_ref());
        let pricing = line.pricing.as_ref();
        let money = |f: fn(&Pricing) -> Option<Money>| pricing.and_then(f).map(|m| m.to_string());
        line_stmt
            .execute(params![
                cart_id,
                seq,
                customer,
                parent,
                line.id,
                line.catalog_item_id,
                line.friendly_name,
                line.quantity.as_ref().and_then(Quantity::get),
                line.currency_code,
                line.billing_cycle.map(|c| c.as_str()),
                line.term_duration,
                line.order_group,
                line.renews_to.as_ref().and_then(|r| r.term_duration.as_deref()),
                line.attestation_accepted,
                line.promotion_id,
                line.custom_term_end_date.map(Timestamp::to_micros),
                error.and_then(|e| e.error_code).map(|c| c.code()),
                info.and_then(|i| i.available_quantity),
                info.and_then(|i| i.purchased_quantity),
                money(|p| p.list_price),
                money(|p| p.discounted_price),
                money(|p| p.prorated_price),
                money(|p| p.price),
                money(|p| p.extended_price),
                line.participants.is_some(),
                line.provisioning_context.is_some(),
                line.addon_items.is_some(),
            ])
            .db()?;
        let participants = line.participants.iter().flatten().map(|kv| ("p", kv.key.as_str(), kv.value.as_str()));
        let context = line.provisioning_context.iter().flatten().map(|(k, v)| ("c", k.as_str(), v.as_str()));
        for (position, (kind, key, value)) in participants.chain(context).enumerate() {
            pair_stmt.execute(params![cart_id, seq, kind, position as i64, key, value]).db()?;
        }
        let this = seq;
        seq += 1;
        for addon in line.addon_items.iter().flatten().rev() {
            stack.push((addon, Some(this)));
        }
    }
    Ok(())
}

/// A cart as the wire model shows it, line errors described in `l10n`'s locale.
pub(crate) fn load(conn: &Connection, row: &CartRow, l10n: &Localizer) -> Result<Cart> {
    let mut flat: Vec<(Option<i64>, CartLineItem)> = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT seq, parent_seq, line_id, catalog_item_id, friendly_name, quantity, currency_code,
                        billing_cycle, term_duration, order_group, renews_to, attestation_accepted, promotion_id,
                        custom_term_end_us, error_code, available_quantity, purchased_quantity, list_price,
                        discounted_price, prorated_price, price, extended_price, has_participants, has_context,
                        has_addons
                 FROM cart_lines WHERE cart_id = ?1 ORDER BY seq",
            )
            .db()?;
        let mut rows = stmt.query([&row.cart_id]).db()?;
        while let Some(r) = rows.next().db()? {
            flat.push((r.get(1).db()?, line_from_row(r, l10n).db()?));
        }
    }
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT seq, kind, key, value FROM cart_line_pairs WHERE cart_id = ?1 ORDER BY seq, position",
            )
            .db()?;
        let mut rows = stmt.query([&row.cart_id]).db()?;
        while let Some(r) = rows.next().db()? {
            let seq: i64 = r.get(0).db()?;
            let kind: String = r.get(1).db()?;
            let key: String = r.get(2).db()?;
            let value: String = r.get(3).db()?;
            let Some((_, line)) = usize::try_from(seq).ok().and_then(|i| flat.get_mut(i)) else { continue };
            if kind == "p" {
                line.participants.get_or_insert_with(Vec::new).push(KeyValue { key, value });
            } else {
                line.provisioning_context.get_or_insert_with(BTreeMap::new).insert(key, value);
            }
        }
    }
    // Rebuild the tree: children come after their parent, so attach from the end.
    let mut slots: Vec<Option<CartLineItem>> = Vec::with_capacity(flat.len());
    let mut parents: Vec<Option<i64>> = Vec::with_capacity(flat.len());
    for (parent, line) in flat {
        parents.push(parent);
        slots.push(Some(line));
    }
    for i in (0..slots.len()).rev() {
        let Some(Some(parent)) = parents.get(i).copied() else { continue };
        let Some(child) = slots.get_mut(i).and_then(Option::take) else { continue };
        if let Some(Some(p)) = usize::try_from(parent).ok().and_then(|p| slots.get_mut(p)) {
            p.addon_items.get_or_insert_with(Vec::new).insert(0, child);
        }
    }
    let line_items: Vec<CartLineItem> =
        slots.into_iter().zip(parents).filter(|(_, p)| p.is_none()).filter_map(|(l, _)| l).collect();
    Ok(Cart {
        id: row.cart_id.clone(),
        creation_timestamp: Timestamp::from_micros(row.creation_us),
        last_modified_timestamp: Timestamp::from_micros(row.last_modified_us),
        expiration_timestamp: Timestamp::from_micros(row.expiration_us),
        last_modified_user: row.last_modified_user.clone(),
        line_items,
        status: Some(row.status),
        links: Some(SelfLinks {
            self_link: Some(Link::get(format!("/customers/{}/carts/{}", row.customer_id, row.cart_id))),
        }),
        attributes: Attributes::of("Cart"),
    })
}

fn line_from_row(r: &Row<'_>, l10n: &Localizer) -> rusqlite::Result<CartLineItem> {
    let money = |i: usize| -> rusqlite::Result<Option<Money>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|s| Money::from_str(&s).ok()))
    };
    let pricing = Pricing {
        list_price: money(17)?,
        discounted_price: money(18)?,
        prorated_price: money(19)?,
        price: money(20)?,
        extended_price: money(21)?,
    };
    let has_pricing = pricing != Pricing::default();
    let error_code: Option<i32> = r.get(14)?;
    let error = error_code.and_then(CartErrorCode::from_code).map(|code| {
        let available: Option<i64> = r.get(15).ok().flatten();
        let purchased: Option<i64> = r.get(16).ok().flatten();
        CartError {
            error_code: Some(code),
            error_description: Some(l10n.cart_error(code)),
            additional_information: (available.is_some() || purchased.is_some())
                .then_some(AdditionalInformation { available_quantity: available, purchased_quantity: purchased }),
        }
    });
    let cycle: Option<String> = r.get(7)?;
    let renews: Option<String> = r.get(10)?;
    let has_participants: bool = r.get(22)?;
    let has_context: bool = r.get(23)?;
    let has_addons: bool = r.get(24)?;
    Ok(CartLineItem {
        id: r.get(2)?,
        catalog_item_id: r.get(3)?,
        friendly_name: r.get(4)?,
        quantity: r.get::<_, Option<i64>>(5)?.map(Quantity::new),
        currency_code: r.get(6)?,
        billing_cycle: cycle.as_deref().and_then(BillingCycleType::parse),
        term_duration: r.get(8)?,
        participants: has_participants.then(Vec::new),
        provisioning_context: has_context.then(BTreeMap::new),
        order_group: r.get(9)?,
        addon_items: has_addons.then(Vec::new),
        error,
        renews_to: renews.map(|t| RenewsTo { term_duration: Some(t) }),
        attestation_accepted: r.get(11)?,
        promotion_id: r.get(12)?,
        custom_term_end_date: r.get::<_, Option<i64>>(13)?.and_then(Timestamp::from_micros),
        pricing: has_pricing.then_some(pricing),
    })
}

/// The cart rows of a customer, oldest first.
pub(crate) fn list(conn: &Connection, customer: &str) -> Result<Vec<CartRow>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {CART_COLUMNS} FROM carts WHERE customer_id = ?1 ORDER BY creation_us, cart_id"
        ))
        .db()?;
    let rows = stmt.query_map([customer], cart_row).db()?;
    rows.collect::<Result<_, _>>().db()
}
