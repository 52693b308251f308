//! The checkout routine, run on a write transaction the store began (through the storage
//! seam, [`crate::db::Writes`]).
//!
//! Any `Err` returned here drops the transaction, which rolls back every write: the orders,
//! the inventory, the cart's status and the stored result commit together or not at all.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::cart_rules::{CartState, adjust_inventory, open_cart, reprice};
use crate::db::{CheckoutRow, Items, Writes};
use crate::error::{Error, InputProblem, Result};
use crate::l10n::Localizer;
use crate::model::{
    Attributes, CartCheckoutResult, CartErrorCode, CartLineItem, CartStatus, Order, OrderError, OrderErrorCode,
    OrderLineItem, OrderStatus, OrderTransactionType, Quantity, Timestamp, TransactionType, currency_symbol,
};
use crate::model::{walk_lines, walk_lines_indexed};
use crate::validate::{PARENT_SUBSCRIPTION_KEY, context_value};

/// What one checkout needs besides the transaction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
    pub customer: &'a str,
    pub cart_id: &'a str,
    pub request_id: Option<&'a str>,
    pub now: DateTime<Utc>,
    pub l10n: Localizer,
}

/// Checks a cart out. Returns the result and its JSON as stored (byte-identical on retries).
pub(crate) fn run(tx: &dyn Writes, req: &Request<'_>) -> Result<(CartCheckoutResult, String)> {
    let row = match open_cart(tx.reads(), req.customer, req.cart_id, Some(req.now.timestamp_micros()))? {
        CartState::Open(row) => row,
        CartState::Ordered(row) => {
            // The same request again: its stored result, byte for byte.
            if let (Some(wanted), Some((Some(stored), json))) = (req.request_id, tx.checkout_result(&row.cart_id)?)
                && stored == wanted
            {
                let result: CartCheckoutResult =
                    serde_json::from_str(&json).map_err(|e| Error::storage_from(crate::StorageKind::Corrupt, e))?;
                return Ok((result, json));
            }
            return Err(Error::CartAlreadyOrdered { cart_id: row.cart_id });
        }
    };
    // A request id is the customer's for one checkout: used already for another cart, it is
    // refused rather than ordering a second time under it.
    if let Some(request_id) = req.request_id
        && tx.checkout_of_request(req.customer, request_id)?.is_some_and(|cart| cart != row.cart_id)
    {
        return Err(Error::invalid("requestId", InputProblem::Duplicate));
    }
    // Every line is checked and priced again, now, from the catalog in effect: a line that
    // was invalid when stored may have become valid (its item imported), and a price may have
    // changed since the cart was written.
    let mut lines = tx.cart(&row)?.line_items;
    let mut items = reprice(tx.reads(), req.customer, &mut lines, req.now)?.items;
    // The limited items whose inventory this checkout may take, locked in id order (one order
    // for every checkout: no two wait for each other in a circle). If one moved between the
    // read above and the lock, the lines are checked again on what the lock holds.
    let mut limited: Vec<(&str, i64)> =
        items.values().filter_map(|i| Some((i.catalog_item_id.as_str(), i.inventory?))).collect();
    limited.sort_unstable();
    limited.dedup();
    if !limited.is_empty() && tx.lock_items(&limited)? {
        lines = tx.cart(&row)?.line_items;
        items = reprice(tx.reads(), req.customer, &mut lines, req.now)?.items;
    }

    // Order groups, in order of first appearance.
    let mut groups: Vec<(String, Vec<&CartLineItem>)> = Vec::new();
    for line in &lines {
        let group = line.order_group.clone().unwrap_or_default();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, lines)) => lines.push(line),
            None => groups.push((group, vec![line])),
        }
    }

    let mut ids = RandomIds::new();
    let mut result_orders = Vec::new();
    let mut order_errors = Vec::new();
    let mut error_rows = Vec::new();
    for (group, lines) in &groups {
        if let Err(code) = group_error(lines, &items) {
            order_errors.push(OrderError {
                order_group_id: Some(group.clone()),
                code: Some(code),
                description: Some(req.l10n.order_error(code, &[("cartId", &row.cart_id)])),
            });
            error_rows.push((group.clone(), code.code()));
            continue;
        }
        let (order, taken) = build_order(req, lines, &items, &mut ids);
        tx.insert_order(req.customer, &row.cart_id, group, &order, &taken)?;
        for (offer, quantity) in
            order.line_items.iter().zip(&taken).filter_map(|(l, t)| Some((l.offer_id.as_deref()?, *t)))
        {
            // Unlimited items (no inventory) took nothing and have nothing to decrement.
            if quantity > 0
                && let Some(inventory) = items
                    .get_mut(offer)
                    .filter(|i| i.inventory.is_some())
                    .and_then(|i| Arc::make_mut(i).inventory.as_mut())
            {
                *inventory = adjust_inventory(tx, offer, -quantity)?.unwrap_or(*inventory);
            }
        }
        result_orders.push(order);
    }

    let result = CartCheckoutResult {
        orders: result_orders,
        order_errors: (!order_errors.is_empty()).then_some(order_errors),
        attributes: Attributes::of("CartCheckoutResult"),
    };
    // Its JSON as serde_json writes it, written faster (`WireJson`).
    let json = crate::model::wire::to_json_string(&result, 4096 * result.orders.len().max(1))
        .map_err(|e| Error::storage_from(crate::StorageKind::Other, e))?;
    if !result.orders.is_empty() {
        let modified = req.now.timestamp_micros().max(row.last_modified_us.saturating_add(1));
        tx.set_cart_status(&row.cart_id, CartStatus::Ordered, modified)?;
        tx.insert_checkout(&CheckoutRow {
            cart_id: &row.cart_id,
            customer_id: req.customer,
            request_id: req.request_id,
            created_us: req.now.timestamp_micros(),
            result_json: &json,
            errors: &error_rows,
        })?;
    }
    Ok((result, json))
}

/// Why a group, its lines just checked again, cannot become an order: the order code of its
/// first line error (inventory 800010, quantity 800017, not eligible 800020, else 800009), or
/// 800010 when its lines together want more of an item than is left (inventory as already
/// decremented by the groups before it).
fn group_error(lines: &[&CartLineItem], items: &Items) -> std::result::Result<(), OrderErrorCode> {
    let mut wanted: HashMap<&str, i64> = HashMap::new();
    let mut first_error = None;
    for top in lines {
        walk_lines(std::slice::from_ref(*top), &mut |line| {
            if let Some(error) = &line.error {
                first_error = first_error.or(Some(error));
            }
            let id = line.catalog_item_id.as_deref().unwrap_or_default();
            let quantity = line.quantity.as_ref().and_then(Quantity::get).unwrap_or_default();
            let total = wanted.entry(id).or_default();
            *total = total.saturating_add(quantity);
        });
    }
    if let Some(error) = first_error {
        let info = error.additional_information.as_ref();
        return Err(match error.error_code {
            Some(CartErrorCode::InventoryNotAvailable) => OrderErrorCode::InventoryNotAvailable,
            Some(CartErrorCode::MaxAllowedSeatsPerSubscriptionExceeded) => OrderErrorCode::InvalidQuantity,
            Some(CartErrorCode::InvalidInput) if info.is_some_and(|i| i.minimum_quantity.is_some()) => {
                OrderErrorCode::InvalidQuantity
            }
            _ if info.is_some_and(|i| i.eligible_for_purchase == Some(false) || i.segment.is_some()) => {
                OrderErrorCode::CatalogItemNotEligibleForPurchase
            }
            _ => OrderErrorCode::CartItemErrorInCreateOrder,
        });
    }
    for (id, quantity) in wanted {
        if let Some(inventory) = items.get(id).and_then(|i| i.inventory)
            && quantity > inventory
        {
            return Err(OrderErrorCode::InventoryNotAvailable);
        }
    }
    Ok(())
}

/// Random (version 4) ids, drawn from the system's generator in blocks: a checkout needs one per
/// order line and two per order, and one system call serves them all.
struct RandomIds {
    bytes: [u8; 512],
    used: usize,
}

impl RandomIds {
    fn new() -> RandomIds {
        RandomIds { bytes: [0; 512], used: 512 }
    }

    /// A time-ordered id for `now` ([`time_ordered_id`]), its random part from the block.
    fn next_ordered(&mut self, now: DateTime<Utc>) -> uuid::Uuid {
        let random = self.next().into_bytes();
        let mut tail = [0u8; 10];
        if let Some(bytes) = random.get(..10) {
            tail.copy_from_slice(bytes);
        }
        time_ordered_id(now, tail)
    }

    fn next(&mut self) -> uuid::Uuid {
        if self.used >= self.bytes.len() {
            if getrandom::fill(&mut self.bytes).is_err() {
                return uuid::Uuid::new_v4();
            }
            self.used = 0;
        }
        let mut block = [0u8; 16];
        if let Some(chunk) = self.bytes.get(self.used..self.used + 16) {
            block.copy_from_slice(chunk);
        }
        self.used += 16;
        uuid::Builder::from_random_bytes(block).into_uuid()
    }
}

/// A version 7 id (RFC 9562): `now`'s Unix milliseconds, then 74 bits of `random`. The ids of
/// carts and orders made later sort after earlier ones, so each new cart or order is written at
/// the end of the indexes keyed by its id rather than on a random page of each (a checkout
/// writes three of them), which is fewer pages touched, journaled and written per transaction.
/// The instant is no secret: the cart's `creationTimestamp` and the order's `creationDate` show
/// it anyway.
pub(crate) fn time_ordered_id(now: DateTime<Utc>, random: [u8; 10]) -> uuid::Uuid {
    let millis = u64::try_from(now.timestamp_millis()).unwrap_or_default();
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

/// A [`time_ordered_id`] for a new cart, its random part from the system's generator.
pub(crate) fn new_cart_id(now: DateTime<Utc>) -> uuid::Uuid {
    let mut random = [0u8; 10];
    if getrandom::fill(&mut random).is_err()
        && let Some(bytes) = uuid::Uuid::new_v4().as_bytes().get(..10)
    {
        random.copy_from_slice(bytes);
    }
    time_ordered_id(now, random)
}

/// The order of a group, and what each of its lines takes from its item's inventory (its
/// quantity for a limited item, 0 for an unlimited one), in line order.
fn build_order(req: &Request<'_>, lines: &[&CartLineItem], items: &Items, ids: &mut RandomIds) -> (Order, Vec<i64>) {
    let order_id = ids.next_ordered(req.now).to_string();
    let alternate = ids.next().simple().to_string();
    let mut line_items = Vec::new();
    let mut taken = Vec::new();
    for top in lines {
        // The order line of the walk's first line: a line's parent is `base` + its position.
        let base = line_items.len();
        walk_lines_indexed(std::slice::from_ref(*top), &mut |_, parent, line| {
            let subscription = ids.next().to_string();
            let number = i64::try_from(line_items.len()).unwrap_or_default();
            let item = items.get(line.catalog_item_id.as_deref().unwrap_or_default());
            let quantity = line.quantity.as_ref().and_then(Quantity::get);
            taken.push(if item.is_some_and(|i| i.inventory.is_some()) { quantity.unwrap_or_default() } else { 0 });
            // A top-level add-on joins the existing base subscription its context names.
            let parent = parent
                .and_then(|p| line_items.get(base + p).and_then(|l: &OrderLineItem| l.subscription_id.clone()))
                .or_else(|| context_value(line, PARENT_SUBSCRIPTION_KEY).map(str::to_owned));
            line_items.push(OrderLineItem {
                line_item_number: Some(number),
                offer_id: line.catalog_item_id.clone(),
                subscription_id: Some(subscription),
                parent_subscription_id: parent,
                friendly_name: line.friendly_name.clone(),
                quantity,
                // The line's own term: `prepare_lines` wrote the one term offered when the line
                // named none, and a line with several to choose from is a line error.
                term_duration: line.term_duration.clone(),
                transaction_type: Some(TransactionType::New),
                partner_id_on_record: line
                    .participants
                    .iter()
                    .flatten()
                    .find(|p| p.key.eq_ignore_ascii_case("transaction_reseller"))
                    .map(|p| p.value.clone()),
                provisioning_context: line.provisioning_context.clone().filter(|c| !c.is_empty()),
                links: None,
                renews_to: line.renews_to.clone(),
                pricing: line.pricing.clone(),
            });
        });
    }
    let first = lines.first();
    let currency = first.and_then(|l| l.currency_code.clone()).unwrap_or_default();
    let mut order = Order {
        id: order_id,
        alternate_id: alternate.get(..12).map(str::to_owned),
        reference_customer_id: Some(req.customer.to_owned()),
        billing_cycle: first.and_then(|l| l.billing_cycle),
        transaction_type: Some(OrderTransactionType::UserPurchase),
        line_items,
        currency_symbol: Some(currency_symbol(&currency).to_owned()),
        currency_code: Some(currency),
        // At the precision stored, so the result shows what `get_order` reads back.
        creation_date: Timestamp::from_micros(req.now.timestamp_micros()),
        status: Some(OrderStatus::Pending),
        links: None,
        attributes: Attributes::of("Order"),
    };
    order.fill_links(req.customer);
    (order, taken)
}
