//! The order tables: orders, their lines and provisioning status, the per-customer counts,
//! and the stored checkout results.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{SqlResult, Transaction, money_column};
use crate::db::{OrderRow, context_of, context_text};
use crate::error::Result;
use crate::model::{
    Attributes, BillingCycleType, Money, Order, OrderLineItem, OrderLineItemProvisioningStatus, OrderStatus,
    OrderTransactionType, Pricing, ProvisioningStatus, QuantityProvisioningStatus, RenewsTo, Timestamp,
    TransactionType,
};

columns! {
    /// The columns [`order_from_row`] reads of `orders` as `o`.
    order_columns, O, "o": seq, order_id, customer_id, alternate_id, billing_cycle, currency_code, currency_symbol,
    creation_us, status
}

columns! {
    /// The columns [`line_from_row`] reads of `order_lines` as `l`.
    line_columns, L, "l": line_number, offer_id, subscription_id, parent_subscription_id, friendly_name,
    quantity, term_duration, partner_id_on_record, renews_to, list_price, discounted_price, prorated_price, price,
    extended_price, has_context, context
}

/// Inserts an order with its lines, each with what it took from inventory (`taken`, in line
/// order); counts it for its customer.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    customer: &str,
    cart_id: &str,
    group: &str,
    order: &Order,
    taken: &[i64],
) -> Result<()> {
    let cycle = order.billing_cycle.unwrap_or(BillingCycleType::Unknown).as_str();
    tx.prepare_cached(
        "INSERT INTO orders (order_id, customer_id, cart_id, order_group, alternate_id, billing_cycle, currency_code,
             currency_symbol, creation_us, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .db()?
    .execute(params![
        order.id,
        customer,
        cart_id,
        group,
        order.alternate_id.as_deref().unwrap_or_default(),
        cycle,
        order.currency_code.as_deref().unwrap_or_default(),
        order.currency_symbol.as_deref().unwrap_or_default(),
        order.creation_date.map(Timestamp::to_micros).unwrap_or_default(),
        order.status.unwrap_or(OrderStatus::Pending).as_str(),
    ])
    .db()?;
    let mut line_stmt = tx
        .prepare_cached(
            "INSERT INTO order_lines (order_id, line_number, customer_id, offer_id, subscription_id,
                 parent_subscription_id, friendly_name, quantity, term_duration, partner_id_on_record, renews_to,
                 list_price, discounted_price, prorated_price, price, extended_price, provisioning_status, has_context,
                 inventory_taken, context)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
        )
        .db()?;
    // The texts of a line's five figures, written into buffers reused from line to line rather
    // than a String allocated and freed per figure.
    let mut texts: [String; 5] = Default::default();
    let figures: [fn(&Pricing) -> Option<Money>; 5] =
        [|p| p.list_price, |p| p.discounted_price, |p| p.prorated_price, |p| p.price, |p| p.extended_price];
    for (i, line) in order.line_items.iter().enumerate() {
        let pricing = line.pricing.as_ref();
        let mut bound: [Option<&str>; 5] = [None; 5];
        for ((text, figure), slot) in texts.iter_mut().zip(figures).zip(bound.iter_mut()) {
            text.clear();
            if let Some(money) = pricing.and_then(figure) {
                money.push_text(text);
                *slot = Some(text.as_str());
            }
        }
        let [list_price, discounted_price, prorated_price, price, extended_price] = bound;
        line_stmt
            .execute(params![
                order.id,
                line.line_item_number,
                customer,
                line.offer_id.as_deref().unwrap_or_default(),
                line.subscription_id.as_deref().unwrap_or_default(),
                line.parent_subscription_id,
                line.friendly_name,
                line.quantity.unwrap_or_default(),
                line.term_duration,
                line.partner_id_on_record,
                line.renews_to.as_ref().and_then(|r| r.term_duration.as_deref()),
                list_price,
                discounted_price,
                prorated_price,
                price,
                extended_price,
                ProvisioningStatus::PrefulfillmentPending.as_str(),
                line.provisioning_context.is_some(),
                taken.get(i).copied().unwrap_or_default(),
                context_text(line.provisioning_context.as_ref())?,
            ])
            .db()?;
    }
    tx.prepare_cached(
        "INSERT INTO order_counts (customer_id, billing_cycle, n) VALUES (?1, ?2, 1)
         ON CONFLICT (customer_id, billing_cycle) DO UPDATE SET n = n + 1",
    )
    .db()?
    .execute(params![customer, cycle])
    .db()?;
    Ok(())
}

/// The order row of `customer`'s order `order_id`, if there is one.
pub(crate) fn find(conn: &Connection, customer: &str, order_id: &str) -> Result<Option<OrderRow>> {
    conn.prepare_cached(concat!(
        "SELECT ",
        order_columns!(),
        " FROM orders o WHERE o.order_id = ?1 AND o.customer_id = ?2"
    ))
    .db()?
    .query_row([order_id, customer], |row| {
        let (_, order) = order_from_row(row)?;
        Ok(OrderRow { order_id: order.id, status: order.status.unwrap_or(OrderStatus::Unknown) })
    })
    .optional()
    .db()
}

fn order_from_row(row: &Row<'_>) -> rusqlite::Result<(i64, Order)> {
    let cycle = row.get_ref(O::billing_cycle.at())?.as_str()?;
    let status = row.get_ref(O::status.at())?.as_str()?;
    let status = OrderStatus::parse(status).ok_or_else(|| super::corrupt_value(O::status.at(), status))?;
    Ok((
        row.get(O::seq.at())?,
        Order {
            id: row.get(O::order_id.at())?,
            alternate_id: row.get(O::alternate_id.at())?,
            reference_customer_id: Some(row.get(O::customer_id.at())?),
            billing_cycle: Some(super::parsed(O::billing_cycle.at(), cycle, BillingCycleType::parse)?),
            transaction_type: Some(OrderTransactionType::UserPurchase),
            line_items: Vec::new(),
            currency_code: row.get(O::currency_code.at())?,
            currency_symbol: row.get(O::currency_symbol.at())?,
            creation_date: Timestamp::from_micros(row.get(O::creation_us.at())?),
            status: Some(status),
            links: None,
            attributes: Attributes::of("Order"),
        },
    ))
}

fn line_from_row(r: &Row<'_>) -> rusqlite::Result<OrderLineItem> {
    let money = |column: L| money_column(r, column.at());
    let pricing = Pricing {
        list_price: money(L::list_price)?,
        discounted_price: money(L::discounted_price)?,
        prorated_price: money(L::prorated_price)?,
        price: money(L::price)?,
        extended_price: money(L::extended_price)?,
    };
    let has_context: bool = r.get(L::has_context.at())?;
    let context = context_of(has_context, r.get_ref(L::context.at())?.as_str_or_null()?)
        .map_err(|text| super::corrupt_value(L::context.at(), &text))?;
    let renews: Option<String> = r.get(L::renews_to.at())?;
    Ok(OrderLineItem {
        line_item_number: Some(r.get(L::line_number.at())?),
        offer_id: Some(r.get(L::offer_id.at())?),
        subscription_id: Some(r.get(L::subscription_id.at())?),
        parent_subscription_id: r.get(L::parent_subscription_id.at())?,
        friendly_name: r.get(L::friendly_name.at())?,
        quantity: r.get(L::quantity.at())?,
        term_duration: r.get(L::term_duration.at())?,
        transaction_type: Some(TransactionType::New),
        partner_id_on_record: r.get(L::partner_id_on_record.at())?,
        provisioning_context: context,
        links: None,
        renews_to: renews.map(|t| RenewsTo { term_duration: Some(t) }),
        pricing: (pricing != Pricing::default()).then_some(pricing),
    })
}

/// One order of a customer, whole.
pub(crate) fn load(conn: &Connection, customer: &str, order_id: &str) -> Result<Option<Order>> {
    let order = conn
        .prepare_cached(concat!(
            "SELECT ",
            order_columns!(),
            " FROM orders o WHERE o.order_id = ?1 AND o.customer_id = ?2"
        ))
        .db()?
        .query_row([order_id, customer], order_from_row)
        .optional()
        .db()?;
    let Some((_, mut order)) = order else { return Ok(None) };
    let mut stmt = conn
        .prepare_cached(concat!(
            "SELECT ",
            line_columns!(),
            " FROM order_lines l WHERE l.order_id = ?1 ORDER BY l.line_number"
        ))
        .db()?;
    let rows = stmt.query_map([order_id], line_from_row).db()?;
    for row in rows {
        order.line_items.push(row.db()?);
    }
    Ok(Some(order))
}

/// A page of a customer's orders, newest first: those with `seq < before`, at most `limit`,
/// optionally of one billing cycle. Returns each order with its seq.
pub(crate) fn page(
    conn: &Connection,
    customer: &str,
    cycle: Option<BillingCycleType>,
    before: i64,
    limit: u32,
) -> Result<Vec<(i64, Order)>> {
    let page_sql = if cycle.is_some() {
        concat!(
            "SELECT ",
            order_columns!(),
            " FROM orders o WHERE o.customer_id = ?1 AND o.seq < ?2 AND o.billing_cycle = ?4
             ORDER BY o.seq DESC LIMIT ?3"
        )
    } else {
        concat!(
            "SELECT ",
            order_columns!(),
            " FROM orders o WHERE o.customer_id = ?1 AND o.seq < ?2 AND ?4 IS NULL ORDER BY o.seq DESC LIMIT ?3"
        )
    };
    let cycle_text = cycle.map(|c| c.as_str());
    // At most `limit` orders: room for all of them at once (an order is a few hundred bytes,
    // and growing the vector moved them all each time it doubled).
    let mut orders: Vec<(i64, Order)> = Vec::with_capacity(usize::try_from(limit).unwrap_or_default().min(1024));
    {
        let mut stmt = conn.prepare_cached(page_sql).db()?;
        for row in stmt.query_map(params![customer, before, limit, cycle_text], order_from_row).db()? {
            orders.push(row.db()?);
        }
    }
    let (Some((first, _)), Some((last, _))) = (orders.first(), orders.last()) else { return Ok(orders) };
    let (high, low) = (*first, *last);
    // The lines of the orders from `high` down to `low`, in the page's order (seq descending),
    // each with its order's seq: matched to the page's orders by walking both in step (lines of
    // another billing cycle's orders in the range belong to none of them and are skipped).
    let lines_sql = concat!(
        "SELECT ",
        line_columns!(),
        ", o.seq FROM orders o JOIN order_lines l ON l.order_id = o.order_id
         WHERE o.customer_id = ?1 AND o.seq BETWEEN ?2 AND ?3 ORDER BY o.seq DESC, l.line_number"
    );
    let seq_at = L::COUNT;
    let mut stmt = conn.prepare_cached(lines_sql).db()?;
    let mut rows = stmt.query(params![customer, low, high]).db()?;
    let mut at = orders.iter_mut().peekable();
    while let Some(row) = rows.next().db()? {
        let seq: i64 = row.get(seq_at).db()?;
        while at.next_if(|(order_seq, _)| *order_seq > seq).is_some() {}
        if let Some((order_seq, order)) = at.peek_mut()
            && *order_seq == seq
        {
            order.line_items.push(line_from_row(row).db()?);
        }
    }
    Ok(orders)
}

/// How many orders a customer has (of one billing cycle, or in all).
pub(crate) fn count(conn: &Connection, customer: &str, cycle: Option<BillingCycleType>) -> Result<u64> {
    let n: i64 = match cycle {
        Some(c) => conn
            .prepare_cached(
                "SELECT COALESCE(SUM(n), 0) FROM order_counts WHERE customer_id = ?1 AND billing_cycle = ?2",
            )
            .db()?
            .query_row(params![customer, c.as_str()], |r| r.get(0))
            .db()?,
        None => conn
            .prepare_cached("SELECT COALESCE(SUM(n), 0) FROM order_counts WHERE customer_id = ?1")
            .db()?
            .query_row([customer], |r| r.get(0))
            .db()?,
    };
    Ok(u64::try_from(n).unwrap_or_default())
}

/// Sets an order's status.
pub(crate) fn set_status(tx: &Transaction<'_>, order_id: &str, status: OrderStatus) -> Result<()> {
    tx.prepare_cached("UPDATE orders SET status = ?2 WHERE order_id = ?1")
        .db()?
        .execute(params![order_id, status.as_str()])
        .db()?;
    Ok(())
}

/// Sets the provisioning status of one line (`None`: every line). Returns how many changed.
pub(crate) fn set_line_status(
    tx: &Transaction<'_>,
    order_id: &str,
    line: Option<i64>,
    status: ProvisioningStatus,
) -> Result<usize> {
    tx.prepare_cached(
        "UPDATE order_lines SET provisioning_status = ?3 WHERE order_id = ?1 AND (?2 IS NULL OR line_number = ?2)",
    )
    .db()?
    .execute(params![order_id, line, status.as_str()])
    .db()
}

/// What each line of an order took from inventory, by offer: what was recorded at checkout,
/// or, for an order placed before that was recorded, its quantity.
pub(crate) fn inventory_taken(conn: &Connection, order_id: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT offer_id, COALESCE(inventory_taken, quantity) FROM order_lines WHERE order_id = ?1
             ORDER BY line_number",
        )
        .db()?;
    let rows = stmt.query_map([order_id], |r| Ok((r.get(0)?, r.get(1)?))).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// Whether any line of an order is `fulfilled`.
pub(crate) fn any_fulfilled(conn: &Connection, order_id: &str) -> Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM order_lines WHERE order_id = ?1 AND provisioning_status = ?2)")
        .db()?
        .query_row(params![order_id, ProvisioningStatus::Fulfilled.as_str()], |r| r.get(0))
        .db()
}

/// The provisioning status of every line of an order.
pub(crate) fn provisioning(conn: &Connection, order_id: &str) -> Result<Vec<OrderLineItemProvisioningStatus>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT line_number, quantity, provisioning_status FROM order_lines WHERE order_id = ?1 ORDER BY line_number",
        )
        .db()?;
    let rows = stmt
        .query_map([order_id], |r| {
            let status: String = r.get(2)?;
            let status = Some(super::parsed(2, &status, ProvisioningStatus::parse)?);
            Ok(OrderLineItemProvisioningStatus {
                line_item_number: r.get(0)?,
                status,
                quantity_provisioning_information: Some(vec![QuantityProvisioningStatus {
                    quantity: r.get(1)?,
                    status,
                }]),
            })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}

/// The stored checkout of a cart: its request id and response JSON.
pub(crate) fn find_checkout(conn: &Connection, cart_id: &str) -> Result<Option<(Option<String>, String)>> {
    conn.prepare_cached("SELECT request_id, result_json FROM checkouts WHERE cart_id = ?1")
        .db()?
        .query_row([cart_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .db()
}

/// The cart of `customer`'s stored checkout made with `request_id`, if any.
pub(crate) fn find_checkout_of_request(conn: &Connection, customer: &str, request_id: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT cart_id FROM checkouts WHERE customer_id = ?1 AND request_id = ?2 LIMIT 1")
        .db()?
        .query_row([customer, request_id], |r| r.get(0))
        .optional()
        .db()
}

/// Stores a cart's checkout result.
pub(crate) fn insert_checkout(
    tx: &Transaction<'_>,
    cart_id: &str,
    customer: &str,
    request_id: Option<&str>,
    created_us: i64,
    result_json: &str,
    errors: &[(String, i32)],
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO checkouts (cart_id, customer_id, request_id, created_us, result_json) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .db()?
    .execute(params![cart_id, customer, request_id, created_us, result_json])
    .db()?;
    for (group, code) in errors {
        tx.prepare_cached("INSERT INTO checkout_order_errors (cart_id, order_group_id, code) VALUES (?1, ?2, ?3)")
            .db()?
            .execute(params![cart_id, group, code])
            .db()?;
    }
    Ok(())
}
