//! The checkout routine, run on a transaction the store began (`BEGIN IMMEDIATE`).
//!
//! Any `Err` returned here drops the transaction, which rolls back every write: the orders,
//! the inventory, the cart's status and the stored result commit together or not at all.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::db::{Transaction, carts, catalog, orders};
use crate::error::{Error, Result};
use crate::l10n::Localizer;
use crate::model::{
    Attributes, CartCheckoutResult, CartErrorCode, CartLineItem, CartStatus, Order, OrderError, OrderErrorCode,
    OrderLineItem, OrderStatus, OrderTransactionType, Quantity, Timestamp, TransactionType, currency_symbol,
};
use crate::validate::{check_against, item_ids};

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
pub(crate) fn run(
    tx: &Transaction<'_>,
    cache: &mut catalog::Cache,
    req: &Request<'_>,
) -> Result<(CartCheckoutResult, String)> {
    let row = carts::find(tx, req.customer, req.cart_id)?
        .ok_or_else(|| Error::CartNotFound { cart_id: req.cart_id.to_owned() })?;
    if row.status == CartStatus::Ordered {
        if let (Some(wanted), Some((Some(stored), json))) = (req.request_id, orders::find_checkout(tx, &row.cart_id)?)
            && stored == wanted
        {
            let result: CartCheckoutResult = serde_json::from_str(&json)
                .map_err(|e| Error::Storage { kind: crate::StorageKind::Corrupt, detail: e.to_string() })?;
            return Ok((result, json));
        }
        return Err(Error::CartAlreadyOrdered { cart_id: row.cart_id });
    }
    if req.now.timestamp_micros() > row.expiration_us {
        return Err(Error::CartExpired { cart_id: row.cart_id });
    }
    let cart = carts::load(tx, &row, &req.l10n)?;
    let mut items = catalog::get_many(tx, cache, item_ids(&cart.line_items))?;

    // Order groups, in order of first appearance.
    let mut groups: Vec<(String, Vec<&CartLineItem>)> = Vec::new();
    for line in &cart.line_items {
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
        if let Err(code) = revalidate(lines, &items, req.now) {
            order_errors.push(OrderError {
                order_group_id: Some(group.clone()),
                code: Some(code),
                description: Some(req.l10n.order_error(code, &[("cartId", &row.cart_id)])),
            });
            error_rows.push((group.clone(), code.code()));
            continue;
        }
        let order = build_order(req, lines, &items, &mut ids);
        orders::insert(tx, req.customer, &row.cart_id, group, &order)?;
        for (offer, quantity) in order.line_items.iter().filter_map(|l| Some((l.offer_id.as_deref()?, l.quantity?))) {
            // Unlimited items (no inventory) have nothing to decrement.
            if let Some(inventory) =
                items.get_mut(offer).filter(|i| i.inventory.is_some()).and_then(|i| Arc::make_mut(i).inventory.as_mut())
            {
                catalog::adjust_inventory(tx, offer, -quantity)?;
                *inventory -= quantity;
            }
        }
        result_orders.push(order);
    }

    let result = CartCheckoutResult {
        orders: result_orders,
        order_errors: (!order_errors.is_empty()).then_some(order_errors),
        attributes: Attributes::of("CartCheckoutResult"),
    };
    let mut json = Vec::with_capacity(4096 * result.orders.len().max(1));
    serde_json::to_writer(&mut json, &result)
        .map_err(|e| Error::Storage { kind: crate::StorageKind::Other, detail: e.to_string() })?;
    let json = String::from_utf8(json)
        .map_err(|e| Error::Storage { kind: crate::StorageKind::Other, detail: e.to_string() })?;
    if !result.orders.is_empty() {
        let modified = req.now.timestamp_micros().max(row.last_modified_us.saturating_add(1));
        carts::set_status(tx, &row.cart_id, CartStatus::Ordered, modified)?;
        orders::insert_checkout(
            tx,
            &row.cart_id,
            req.customer,
            req.request_id,
            req.now.timestamp_micros(),
            &json,
            &error_rows,
        )?;
    }
    Ok((result, json))
}

/// Re-validates a group against the current catalog (inventory as already decremented by the
/// groups before it); the order code of the first failure.
fn revalidate(
    lines: &[&CartLineItem],
    items: &catalog::Items,
    now: DateTime<Utc>,
) -> std::result::Result<(), OrderErrorCode> {
    let mut wanted: HashMap<&str, i64> = HashMap::new();
    let mut stack: Vec<(&CartLineItem, Option<&str>)> = lines.iter().map(|l| (*l, None)).collect();
    while let Some((line, parent)) = stack.pop() {
        let id = line.catalog_item_id.as_deref().unwrap_or_default();
        let item = items.get(id).ok_or(OrderErrorCode::CartItemErrorInCreateOrder)?;
        if !item.eligible_for_purchase {
            return Err(OrderErrorCode::CatalogItemNotEligibleForPurchase);
        }
        if let Err(err) = check_against(line, item, parent, now) {
            return Err(match err.error_code {
                Some(CartErrorCode::InventoryNotAvailable) => OrderErrorCode::InventoryNotAvailable,
                Some(CartErrorCode::MaxAllowedSeatsPerSubscriptionExceeded) => OrderErrorCode::InvalidQuantity,
                _ => OrderErrorCode::CartItemErrorInCreateOrder,
            });
        }
        let quantity = line.quantity.as_ref().and_then(Quantity::get).unwrap_or_default();
        *wanted.entry(id).or_default() += quantity;
        stack.extend(line.addon_items.iter().flatten().map(|a| (a, Some(id))));
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

fn build_order(req: &Request<'_>, lines: &[&CartLineItem], items: &catalog::Items, ids: &mut RandomIds) -> Order {
    let order_id = ids.next().to_string();
    let alternate = ids.next().simple().to_string();
    let mut line_items = Vec::new();
    let mut stack: Vec<(&CartLineItem, Option<String>)> = lines.iter().rev().map(|l| (*l, None)).collect();
    while let Some((line, parent)) = stack.pop() {
        let subscription = ids.next().to_string();
        let number = i64::try_from(line_items.len()).unwrap_or_default();
        line_items.push(OrderLineItem {
            line_item_number: Some(number),
            offer_id: line.catalog_item_id.clone(),
            subscription_id: Some(subscription.clone()),
            parent_subscription_id: parent,
            friendly_name: line.friendly_name.clone(),
            quantity: line.quantity.as_ref().and_then(Quantity::get),
            term_duration: line.term_duration.clone().or_else(|| {
                let item = items.get(line.catalog_item_id.as_deref().unwrap_or_default())?;
                item.terms.iter().find(|t| t.billing_cycle == line.billing_cycle)?.term_duration.clone()
            }),
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
        for addon in line.addon_items.iter().flatten().rev() {
            stack.push((addon, Some(subscription.clone())));
        }
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
        creation_date: Some(Timestamp(req.now)),
        status: Some(OrderStatus::Pending),
        links: None,
        attributes: Attributes::of("Order"),
    };
    order.fill_links(req.customer);
    order
}
