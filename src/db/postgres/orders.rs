//! The order tables: orders, their lines and provisioning status, the per-customer counts,
//! and the stored checkout results (as the SQLite backend keeps them).

use std::collections::HashMap;

use postgres::Row;

use super::{PgResult, Tx, get, money, parsed};
use crate::db::{CheckoutRow, OrderRow, context_of, context_text};
use crate::error::Result;
use crate::model::{
    Attributes, BillingCycleType, Money, Order, OrderLineItem, OrderLineItemProvisioningStatus, OrderStatus,
    OrderTransactionType, Pricing, ProvisioningStatus, QuantityProvisioningStatus, RenewsTo, Timestamp,
    TransactionType,
};

/// The columns [`order_from_row`] reads of `orders` as `o`.
const ORDER_COLUMNS: &str = "o.seq, o.order_id, o.customer_id, o.alternate_id, o.billing_cycle, o.currency_code,
    o.currency_symbol, cartstore_us(o.creation_us), o.status";

/// The columns [`line_from_row`] reads of `order_lines` as `l`.
const LINE_COLUMNS: &str = "l.order_id, l.line_number, l.offer_id, l.subscription_id, l.parent_subscription_id,
    l.friendly_name, l.quantity, l.term_duration, l.partner_id_on_record, l.renews_to, l.list_price, l.discounted_price,
    l.prorated_price, l.price, l.extended_price, l.has_context, l.context";

/// Inserts an order with its lines, each with what it took from inventory and its provisioning
/// context; counts it. One statement, one round trip: the lines travel as arrays (`unnest`),
/// and the foreign key between the two tables is checked at the statement's end, when all its
/// rows are in.
pub(crate) fn insert(
    tx: &mut Tx<'_>,
    customer: &str,
    cart_id: &str,
    group: &str,
    order: &Order,
    taken: &[i64],
) -> Result<()> {
    let cycle = order.billing_cycle.unwrap_or(BillingCycleType::Unknown).as_str();
    let lines = &order.line_items;
    let texts = |f: fn(&OrderLineItem) -> Option<&str>| lines.iter().map(f).collect::<Vec<_>>();
    let money = |f: fn(&Pricing) -> Option<Money>| {
        lines.iter().map(|l| l.pricing.as_ref().and_then(f).map(Money::amount)).collect::<Vec<_>>()
    };
    let numbers: Vec<Option<i64>> = lines.iter().map(|l| l.line_item_number).collect();
    let offers: Vec<&str> = lines.iter().map(|l| l.offer_id.as_deref().unwrap_or_default()).collect();
    let subscriptions: Vec<&str> = lines.iter().map(|l| l.subscription_id.as_deref().unwrap_or_default()).collect();
    let quantities: Vec<i64> = lines.iter().map(|l| l.quantity.unwrap_or_default()).collect();
    let has_context: Vec<bool> = lines.iter().map(|l| l.provisioning_context.is_some()).collect();
    let taken: Vec<i64> = (0..lines.len()).map(|i| taken.get(i).copied().unwrap_or_default()).collect();
    let contexts: Vec<Option<String>> =
        lines.iter().map(|l| context_text(l.provisioning_context.as_ref())).collect::<Result<_>>()?;
    tx.execute_cached(
        "WITH o AS (
             INSERT INTO orders (order_id, customer_id, cart_id, order_group, alternate_id, billing_cycle,
                 currency_code, currency_symbol, creation_us, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, cartstore_at($9), $10)
         ), l AS (
             INSERT INTO order_lines (order_id, line_number, customer_id, offer_id, subscription_id,
                 parent_subscription_id, friendly_name, quantity, term_duration, partner_id_on_record, renews_to,
                 list_price, discounted_price, prorated_price, price, extended_price, provisioning_status,
                 has_context, inventory_taken, context)
             SELECT $1, u.n, $2, u.offer, u.subscription, u.parent, u.friendly, u.quantity, u.term, u.por, u.renews,
                 u.list, u.discounted, u.prorated, u.price, u.extended, $11, u.has_context, u.taken, u.context
             FROM unnest($12::bigint[], $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[],
                 $18::text[], $19::text[], $20::text[], $21::numeric[], $22::numeric[], $23::numeric[],
                 $24::numeric[], $25::numeric[], $26::boolean[], $27::bigint[], $28::text[])
                 AS u(n, offer, subscription, parent, friendly, quantity, term, por, renews, list, discounted,
                     prorated, price, extended, has_context, taken, context)
         )
         INSERT INTO order_counts (customer_id, billing_cycle, n) VALUES ($2, $6, 1)
         ON CONFLICT (customer_id, billing_cycle) DO UPDATE SET n = order_counts.n + 1",
        &[
            &order.id,
            &customer,
            &cart_id,
            &group,
            &order.alternate_id.as_deref().unwrap_or_default(),
            &cycle,
            &order.currency_code.as_deref().unwrap_or_default(),
            &order.currency_symbol.as_deref().unwrap_or_default(),
            &order.creation_date.map(Timestamp::to_micros).unwrap_or_default(),
            &order.status.unwrap_or(OrderStatus::Pending).as_str(),
            &ProvisioningStatus::PrefulfillmentPending.as_str(),
            &numbers,
            &offers,
            &subscriptions,
            &texts(|l| l.parent_subscription_id.as_deref()),
            &texts(|l| l.friendly_name.as_deref()),
            &quantities,
            &texts(|l| l.term_duration.as_deref()),
            &texts(|l| l.partner_id_on_record.as_deref()),
            &texts(|l| l.renews_to.as_ref().and_then(|r| r.term_duration.as_deref())),
            &money(|p| p.list_price),
            &money(|p| p.discounted_price),
            &money(|p| p.prorated_price),
            &money(|p| p.price),
            &money(|p| p.extended_price),
            &has_context,
            &taken,
            &contexts,
        ],
    )
    .db()?;
    Ok(())
}

/// The order row of `customer`'s order `order_id`, if there is one.
pub(crate) fn find(tx: &mut Tx<'_>, customer: &str, order_id: &str) -> Result<Option<OrderRow>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders o WHERE o.order_id = $1 AND o.customer_id = $2");
    match tx.query_opt_cached(&sql, &[&order_id, &customer]).db()? {
        Some(row) => {
            let (_, order) = order_from_row(&row)?;
            Ok(Some(OrderRow { order_id: order.id, status: order.status.unwrap_or(OrderStatus::Unknown) }))
        }
        None => Ok(None),
    }
}

fn order_from_row(row: &Row) -> Result<(i64, Order)> {
    Ok((
        get(row, 0)?,
        Order {
            id: get(row, 1)?,
            alternate_id: get(row, 3)?,
            reference_customer_id: Some(get(row, 2)?),
            billing_cycle: Some(parsed(row, 4, BillingCycleType::parse)?),
            transaction_type: Some(OrderTransactionType::UserPurchase),
            line_items: Vec::new(),
            currency_code: get(row, 5)?,
            currency_symbol: get(row, 6)?,
            creation_date: Timestamp::from_micros(get(row, 7)?),
            status: Some(parsed(row, 8, OrderStatus::parse)?),
            links: None,
            attributes: Attributes::of("Order"),
        },
    ))
}

fn line_from_row(r: &Row) -> Result<(String, OrderLineItem)> {
    let pricing = Pricing {
        list_price: money(r, 10)?,
        discounted_price: money(r, 11)?,
        prorated_price: money(r, 12)?,
        price: money(r, 13)?,
        extended_price: money(r, 14)?,
    };
    let has_context: bool = get(r, 15)?;
    let context = context_of(has_context, get(r, 16)?).map_err(|text| super::corrupt("order line context", &text))?;
    let renews: Option<String> = get(r, 9)?;
    Ok((
        get(r, 0)?,
        OrderLineItem {
            line_item_number: Some(get(r, 1)?),
            offer_id: Some(get(r, 2)?),
            subscription_id: Some(get(r, 3)?),
            parent_subscription_id: get(r, 4)?,
            friendly_name: get(r, 5)?,
            quantity: get(r, 6)?,
            term_duration: get(r, 7)?,
            transaction_type: Some(TransactionType::New),
            partner_id_on_record: get(r, 8)?,
            provisioning_context: context,
            links: None,
            renews_to: renews.map(|t| RenewsTo { term_duration: Some(t) }),
            pricing: (pricing != Pricing::default()).then_some(pricing),
        },
    ))
}

/// One order of a customer, whole.
pub(crate) fn load(tx: &mut Tx<'_>, customer: &str, order_id: &str) -> Result<Option<Order>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders o WHERE o.order_id = $1 AND o.customer_id = $2");
    let Some(row) = tx.query_opt_cached(&sql, &[&order_id, &customer]).db()? else { return Ok(None) };
    let (_, mut order) = order_from_row(&row)?;
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM order_lines l WHERE l.order_id = $1 AND l.customer_id = $2 ORDER BY l.line_number"
    );
    for row in tx.query_cached(&sql, &[&order_id, &customer]).db()? {
        order.line_items.push(line_from_row(&row)?.1);
    }
    Ok(Some(order))
}

/// A page of a customer's orders, newest first: those with `seq < before`, at most `limit`,
/// optionally of one billing cycle; each with its seq.
pub(crate) fn page(
    tx: &mut Tx<'_>,
    customer: &str,
    cycle: Option<BillingCycleType>,
    before: i64,
    limit: u32,
) -> Result<Vec<(i64, Order)>> {
    let cycle_text = cycle.map(|c| c.as_str());
    let limit = i64::from(limit);
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders o WHERE o.customer_id = $1 AND o.seq < $2
             AND ($4::text IS NULL OR o.billing_cycle = $4) ORDER BY o.seq DESC LIMIT $3"
    );
    let mut orders: Vec<(i64, Order)> = tx
        .query_cached(&sql, &[&customer, &before, &limit, &cycle_text])
        .db()?
        .iter()
        .map(order_from_row)
        .collect::<Result<_>>()?;
    let (Some((first, _)), Some((last, _))) = (orders.first(), orders.last()) else { return Ok(orders) };
    let (high, low) = (*first, *last);
    let mut index: HashMap<String, usize> = HashMap::with_capacity(orders.len());
    for (i, (_, o)) in orders.iter().enumerate() {
        index.insert(o.id.clone(), i);
    }
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM orders o JOIN order_lines l ON l.order_id = o.order_id
         WHERE o.customer_id = $1 AND o.seq BETWEEN $2 AND $3 ORDER BY o.seq DESC, l.line_number"
    );
    for row in tx.query_cached(&sql, &[&customer, &low, &high]).db()? {
        let (order_id, line) = line_from_row(&row)?;
        if let Some((_, order)) = index.get(&order_id).and_then(|i| orders.get_mut(*i)) {
            order.line_items.push(line);
        }
    }
    Ok(orders)
}

/// How many orders a customer has (of one billing cycle, or in all).
pub(crate) fn count(tx: &mut Tx<'_>, customer: &str, cycle: Option<BillingCycleType>) -> Result<u64> {
    let cycle_text = cycle.map(|c| c.as_str());
    let row = tx
        .query_one_cached(
            "SELECT COALESCE(SUM(n), 0)::bigint FROM order_counts
             WHERE customer_id = $1 AND ($2::text IS NULL OR billing_cycle = $2)",
            &[&customer, &cycle_text],
        )
        .db()?;
    let n: i64 = get(&row, 0)?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// Sets an order's status.
pub(crate) fn set_status(tx: &mut Tx<'_>, order_id: &str, status: OrderStatus) -> Result<()> {
    tx.execute_cached("UPDATE orders SET status = $2 WHERE order_id = $1", &[&order_id, &status.as_str()]).db()?;
    Ok(())
}

/// Sets the provisioning status of one line (`None`: every line); how many changed.
pub(crate) fn set_line_status(
    tx: &mut Tx<'_>,
    order_id: &str,
    line: Option<i64>,
    status: ProvisioningStatus,
) -> Result<usize> {
    let n = tx
        .execute_cached(
            "UPDATE order_lines SET provisioning_status = $3
             WHERE order_id = $1 AND ($2::bigint IS NULL OR line_number = $2)",
            &[&order_id, &line, &status.as_str()],
        )
        .db()?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// What each line of an order took from inventory, by offer.
pub(crate) fn inventory_taken(tx: &mut Tx<'_>, order_id: &str) -> Result<Vec<(String, i64)>> {
    tx.query_cached(
        "SELECT offer_id, COALESCE(inventory_taken, quantity) FROM order_lines WHERE order_id = $1
         ORDER BY line_number",
        &[&order_id],
    )
    .db()?
    .iter()
    .map(|r| Ok((get(r, 0)?, get(r, 1)?)))
    .collect()
}

/// Whether any line of an order is `fulfilled`.
pub(crate) fn any_fulfilled(tx: &mut Tx<'_>, order_id: &str) -> Result<bool> {
    let row = tx
        .query_one_cached(
            "SELECT EXISTS (SELECT 1 FROM order_lines WHERE order_id = $1 AND provisioning_status = $2)",
            &[&order_id, &ProvisioningStatus::Fulfilled.as_str()],
        )
        .db()?;
    get(&row, 0)
}

/// The provisioning status of every line of an order.
pub(crate) fn provisioning(tx: &mut Tx<'_>, order_id: &str) -> Result<Vec<OrderLineItemProvisioningStatus>> {
    tx.query_cached(
        "SELECT line_number, quantity, provisioning_status FROM order_lines WHERE order_id = $1 ORDER BY line_number",
        &[&order_id],
    )
    .db()?
    .iter()
    .map(|r| {
        let status = Some(parsed(r, 2, ProvisioningStatus::parse)?);
        Ok(OrderLineItemProvisioningStatus {
            line_item_number: get(r, 0)?,
            status,
            quantity_provisioning_information: Some(vec![QuantityProvisioningStatus { quantity: get(r, 1)?, status }]),
        })
    })
    .collect()
}

/// The stored checkout of a cart: its request id and response JSON.
pub(crate) fn find_checkout(tx: &mut Tx<'_>, cart_id: &str) -> Result<Option<(Option<String>, String)>> {
    match tx.query_opt_cached("SELECT request_id, result_json FROM checkouts WHERE cart_id = $1", &[&cart_id]).db()? {
        Some(r) => Ok(Some((get(&r, 0)?, get(&r, 1)?))),
        None => Ok(None),
    }
}

/// The cart of `customer`'s stored checkout made with `request_id`, if any (unique: the
/// index `checkouts_by_request`).
pub(crate) fn find_checkout_of_request(tx: &mut Tx<'_>, customer: &str, request_id: &str) -> Result<Option<String>> {
    match tx
        .query_opt_cached(
            "SELECT cart_id FROM checkouts WHERE customer_id = $1 AND request_id = $2",
            &[&customer, &request_id],
        )
        .db()?
    {
        Some(r) => Ok(Some(get(&r, 0)?)),
        None => Ok(None),
    }
}

/// Locks the catalog items of `items` (`FOR UPDATE`) in id order, until the transaction ends;
/// whether any one's inventory is no longer the one given.
pub(crate) fn lock_items(tx: &mut Tx<'_>, items: &[(&str, i64)]) -> Result<bool> {
    let ids: Vec<&str> = items.iter().map(|(id, _)| *id).collect();
    let rows = tx
        .query_cached(
            "SELECT catalog_item_id, inventory FROM catalog_items WHERE catalog_item_id = ANY($1)
             ORDER BY catalog_item_id FOR UPDATE",
            &[&ids],
        )
        .db()?;
    let mut moved = rows.len() != ids.len();
    for row in &rows {
        let id: &str = get(row, 0)?;
        let inventory: Option<i64> = get(row, 1)?;
        moved |= !items.iter().any(|(i, had)| *i == id && inventory == Some(*had));
    }
    Ok(moved)
}

/// Stores a cart's checkout result.
pub(crate) fn insert_checkout(tx: &mut Tx<'_>, row: &CheckoutRow<'_>) -> Result<()> {
    tx.execute_cached(
        "INSERT INTO checkouts (cart_id, customer_id, request_id, created_us, result_json)
         VALUES ($1, $2, $3, cartstore_at($4), $5)",
        &[&row.cart_id, &row.customer_id, &row.request_id, &row.created_us, &row.result_json],
    )
    .db()?;
    for (group, code) in row.errors {
        tx.execute_cached(
            "INSERT INTO checkout_order_errors (cart_id, order_group_id, code) VALUES ($1, $2, $3)",
            &[&row.cart_id, group, &i64::from(*code)],
        )
        .db()?;
    }
    Ok(())
}
