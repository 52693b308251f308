//! The rules of a stored cart that checkout, quote issuance and the store's cart and order
//! operations share, above the storage seam: whether a cart can still change, repricing its
//! lines, and moving a limited item's inventory.

use chrono::{DateTime, Utc};

use crate::db::{CartRow, Items, Reads, Writes};
use crate::error::{Error, Result};
use crate::model::{CartLineItem, CartStatus, CustomerProfile};
use crate::validate::{item_ids, prepare_lines};

/// Whether a cart can still change, as far as checkout, update, quotes and delete are concerned.
#[derive(Debug)]
pub(crate) enum CartState {
    /// `Active` and, when an instant was given, unexpired.
    Open(CartRow),
    /// `Ordered`: only a replay of its checkout is possible.
    Ordered(CartRow),
}

/// `customer`'s cart `cart_id` and whether it can still change: the one place of the rule
/// "not found (800008) / ordered / being submitted (800064) / expired (800008)". Expiry is checked when `now` is given
/// (update, checkout and quotes; a delete may remove an expired cart), and only for an
/// `Active` cart.
pub(crate) fn open_cart(tx: &dyn Reads, customer: &str, cart_id: &str, now: Option<i64>) -> Result<CartState> {
    let row = tx.cart_row(customer, cart_id)?.ok_or_else(|| Error::CartNotFound { cart_id: cart_id.to_owned() })?;
    if row.status == CartStatus::Ordered {
        return Ok(CartState::Ordered(row));
    }
    if row.status == CartStatus::Submitting {
        return Err(Error::CartSubmitting { cart_id: row.cart_id });
    }
    if now.is_some_and(|now| now > row.expiration_us) {
        return Err(Error::CartExpired { cart_id: row.cart_id });
    }
    Ok(CartState::Open(row))
}

/// What repricing a cart's lines read: the catalog items they name and the customer's profile.
#[derive(Debug)]
pub(crate) struct Priced {
    /// The items the lines name, keyed by the id each line names.
    pub items: Items,
    /// The customer's profile (the default one when none was set).
    pub profile: CustomerProfile,
}

/// Validates, completes and prices `lines` of `customer`'s cart at `now`, from the catalog and
/// the customer's profile as they are in `tx` (the one path of create, update, checkout and
/// quotes: an order and a quote are always priced as a cart would be then).
pub(crate) fn reprice(
    tx: &dyn Reads,
    customer: &str,
    lines: &mut [CartLineItem],
    now: DateTime<Utc>,
) -> Result<Priced> {
    let items = tx.catalog_items(&item_ids(lines))?;
    let profile = tx.customer(customer)?.unwrap_or_default();
    prepare_lines(lines, &items, &profile, now)?;
    Ok(Priced { items, profile })
}

/// Adds `delta` to item `id`'s inventory when the item is limited (an unlimited or missing
/// item is left as it is), saturating at the ends of `i64` (so a cancel after a restock to
/// `i64::MAX` stays there). Returns the inventory written, if any.
pub(crate) fn adjust_inventory(tx: &dyn Writes, id: &str, delta: i64) -> Result<Option<i64>> {
    let Some(Some(inventory)) = tx.inventory(id)? else { return Ok(None) };
    let updated = inventory.saturating_add(delta);
    tx.set_inventory(id, updated)?;
    Ok(Some(updated))
}
