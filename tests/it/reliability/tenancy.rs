//! Tenancy: every call with another customer's ids is not found and changes nothing.

use cartstore::{Error, OrderQuery, OrderStatus, ProvisioningStatus, Store};
use serde_json::{Value, json};

use crate::store::{clock, store_with, three_group_cart};

use super::{Res, TestResult, all_orders, inventory};

/// Everything customer `cust-a` has, as JSON, plus the inventory.
fn snapshot(store: &Store) -> Res<Value> {
    let carts = store.list_carts("cust-a")?;
    let orders = all_orders(store, "cust-a")?;
    let mut provisioning = Vec::new();
    for order in &orders {
        provisioning.push(serde_json::to_value(store.provisioning_status("cust-a", &order.id)?)?);
    }
    Ok(json!({
        "carts": serde_json::to_value(&carts)?,
        "orders": serde_json::to_value(&orders)?,
        "provisioning": provisioning,
        "inventory": inventory(store)?,
    }))
}

#[test]
fn every_call_with_another_customers_ids_is_not_found_and_changes_nothing() -> TestResult {
    let clock = clock()?;
    let store = store_with(&clock)?;
    let active = store.create_cart("cust-a", &three_group_cart()?)?;
    let ordered = store.create_cart("cust-a", &three_group_cart()?)?;
    let result = store.checkout_with_request_id("cust-a", &ordered.id, "req-a")?;
    let order = result.orders.first().ok_or("no order")?.id.clone();
    store.create_cart("cust-b", &three_group_cart()?)?;
    let before = snapshot(&store)?;
    let b_before = serde_json::to_value(store.list_carts("cust-b")?)?;

    let mut failures = Vec::new();
    for cart in [&active, &ordered] {
        let mut edited = cart.clone();
        edited.line_items.truncate(1);
        let calls: Vec<(&str, Result<(), Error>)> = vec![
            ("get_cart", store.get_cart("cust-b", &cart.id).map(drop)),
            ("update_cart", store.update_cart("cust-b", &edited).map(drop)),
            ("delete_cart", store.delete_cart("cust-b", &cart.id)),
            ("preview_checkout", store.preview_checkout("cust-b", &cart.id).map(drop)),
            ("checkout", store.checkout("cust-b", &cart.id).map(drop)),
            (
                "checkout_with_request_id (same id)",
                store.checkout_with_request_id("cust-b", &cart.id, "req-a").map(drop),
            ),
            ("checkout_with_request_id", store.checkout_with_request_id("cust-b", &cart.id, "req-b").map(drop)),
            ("checkout_json", store.checkout_json("cust-b", &cart.id, "req-a").map(drop)),
        ];
        for (name, outcome) in calls {
            if !matches!(outcome, Err(Error::CartNotFound { .. })) {
                failures.push(format!("{name} on {:?} cart: {outcome:?}", cart.status));
            }
        }
    }
    let order_calls: Vec<(&str, Result<(), Error>)> = vec![
        ("get_order", store.get_order("cust-b", &order).map(drop)),
        ("cancel_order", store.cancel_order("cust-b", &order).map(drop)),
        ("provisioning_status", store.provisioning_status("cust-b", &order).map(drop)),
        (
            "record_provisioning",
            store.record_provisioning("cust-b", &order, 0, ProvisioningStatus::Fulfilled).map(drop),
        ),
        (
            "record_provisioning (bad line)",
            store.record_provisioning("cust-b", &order, 99, ProvisioningStatus::Fulfilled).map(drop),
        ),
    ];
    for (name, outcome) in order_calls {
        if !matches!(outcome, Err(Error::OrderNotFound { .. })) {
            failures.push(format!("{name}: {outcome:?}"));
        }
    }
    let b_orders = store.list_orders("cust-b", &OrderQuery::default())?;
    if b_orders.total_count != 0 || !b_orders.items.is_empty() {
        failures.push(format!("list_orders for cust-b: {} orders", b_orders.total_count));
    }
    // A continuation token is only a position: cust-a's token must not show cust-b cust-a's orders.
    let page = store.list_orders("cust-a", &OrderQuery { page_size: Some(1), ..OrderQuery::default() })?;
    if let Some(token) = page.continuation_token {
        let b_page = store.list_orders("cust-b", &OrderQuery { continuation: Some(token), ..OrderQuery::default() })?;
        if !b_page.items.is_empty() {
            failures.push("cust-a's continuation token shows cust-b orders".to_owned());
        }
    }
    if store.list_carts("cust-b")?.iter().any(|c| c.id == active.id || c.id == ordered.id) {
        failures.push("list_carts for cust-b shows cust-a's carts".to_owned());
    }
    assert!(failures.is_empty(), "tenancy failures:\n{}", failures.join("\n"));
    assert_eq!(snapshot(&store)?, before, "cust-a's data changed");
    assert_eq!(serde_json::to_value(store.list_carts("cust-b")?)?, b_before, "cust-b's data changed");
    // And cust-a's own calls still work on the same ids.
    assert_eq!(store.checkout_with_request_id("cust-a", &ordered.id, "req-a")?, result);
    assert_eq!(store.get_order("cust-a", &order)?.status, Some(OrderStatus::Pending));
    Ok(())
}
