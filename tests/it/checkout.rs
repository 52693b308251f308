//! Checkout in one transaction, idempotent retries, races, and the order lifecycle.

use std::sync::{Arc, Barrier};

use cartstore::model::{BillingCycleType, CartStatus, ProvisioningStatus};
use cartstore::{Catalog, Error, OrderErrorCode, OrderQuery, OrderStatus, Store, StoreOptions};
use serde_json::json;

use crate::store::{catalog, clock, store_with, three_group_cart};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn inventory(store: &Store, id: &str) -> Result<Option<i64>, Error> {
    Ok(store.catalog_item(id)?.inventory)
}

#[test]
fn a_cart_with_three_groups_becomes_three_orders() -> TestResult {
    crate::backends::each("checkout::a_cart_with_three_groups_becomes_three_orders", || {
        let clock = clock()?;
        let store = store_with(&clock)?;
        let cart = store.create_cart("cust-a", &three_group_cart()?)?;
        let result = store.checkout("cust-a", &cart.id)?;
        assert_eq!(result.orders.len(), 3);
        assert!(result.order_errors.is_none());
        let v = serde_json::to_value(&result)?;
        assert_eq!(v["attributes"]["objectType"], "CartCheckoutResult");
        let first = &v["orders"][0];
        assert_eq!(first["status"], "pending");
        assert_eq!(first["billingCycle"], "monthly");
        assert_eq!(first["currencyCode"], "USD");
        assert_eq!(first["transactionType"], "UserPurchase");
        assert_eq!(first["referenceCustomerId"], "cust-a");
        assert_eq!(first["lineItems"][0]["lineItemNumber"], 0);
        assert_eq!(first["lineItems"][1]["lineItemNumber"], 1);
        assert_eq!(first["lineItems"][0]["partnerIdOnRecord"], "1234567");
        assert_eq!(first["lineItems"][1]["parentSubscriptionId"], first["lineItems"][0]["subscriptionId"]);
        assert_eq!(first["lineItems"][0]["pricing"]["extendedPrice"], json!(1824.0));
        let alternate = first["alternateId"].as_str().ok_or("no alternateId")?;
        assert!(alternate.len() == 12 && alternate.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(store.get_cart("cust-a", &cart.id)?.status, Some(CartStatus::Ordered));
        assert_eq!(inventory(&store, "SOFT:0001:A")?, Some(7));
        for order in &result.orders {
            let stored = store.get_order("cust-a", &order.id)?;
            assert_eq!(serde_json::to_value(&stored)?, serde_json::to_value(order)?);
            let status = store.provisioning_status("cust-a", &order.id)?;
            assert!(status.items.iter().all(|l| l.status == Some(ProvisioningStatus::PrefulfillmentPending)));
        }
        Ok(())
    })
}

#[test]
fn a_group_whose_item_lost_its_inventory_is_an_order_error_and_the_others_succeed() -> TestResult {
    crate::backends::each(
        "checkout::a_group_whose_item_lost_its_inventory_is_an_order_error_and_the_others_succeed",
        || {
            let clock = clock()?;
            let store = store_with(&clock)?;
            let cart = store.create_cart("cust-a", &three_group_cart()?)?;
            let mut catalog: Catalog = catalog()?;
            for item in &mut catalog.items {
                if item.catalog_item_id == "SOFT:0001:A" {
                    item.inventory = Some(1);
                }
            }
            store.import_catalog(&catalog)?;
            let preview = store.preview_checkout("cust-a", &cart.id)?;
            assert_eq!(preview.orders.len(), 2);
            assert_eq!(store.get_cart("cust-a", &cart.id)?.status, Some(CartStatus::Active), "preview wrote");
            assert_eq!(store.list_orders("cust-a", &OrderQuery::default())?.total_count, 0, "preview wrote");

            let result = store.checkout("cust-a", &cart.id)?;
            assert_eq!(result.orders.len(), 2);
            let errors = result.order_errors.as_ref().ok_or("no order errors")?;
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].order_group_id.as_deref(), Some("2"));
            assert_eq!(errors[0].code, Some(OrderErrorCode::InventoryNotAvailable));
            assert_eq!(errors[0].description.as_deref(), Some("Inventory is not available for this catalog item."));
            assert_eq!(serde_json::to_value(&result)?["orderErrors"][0]["code"], 800010);
            assert_eq!(inventory(&store, "SOFT:0001:A")?, Some(1));
            Ok(())
        },
    )
}

#[test]
fn order_errors_are_described_in_the_store_locale() -> TestResult {
    crate::backends::each("checkout::order_errors_are_described_in_the_store_locale", || {
        let clock = clock()?;
        let options = StoreOptions {
            clock: clock.clone(),
            locale: cartstore::Localizer::negotiate(&["fr-FR"]),
            ..StoreOptions::default()
        };
        let store = crate::backends::open_with(options)?;
        store.import_catalog(&catalog()?)?;
        let cart = store.create_cart("cust-a", &three_group_cart()?)?;
        let mut catalog = catalog()?;
        catalog.items.retain(|i| i.catalog_item_id == "SOFT:0001:A");
        catalog.items[0].eligible_for_purchase = false;
        store.import_catalog(&catalog)?;
        let result = store.checkout("cust-a", &cart.id)?;
        let error = result.order_errors.as_ref().and_then(|e| e.first()).ok_or("no order error")?;
        assert_eq!(error.code, Some(OrderErrorCode::CatalogItemNotEligibleForPurchase));
        assert_eq!(error.description.as_deref(), Some("L’élément du catalogue ne peut pas être acheté."));
        Ok(())
    })
}

#[test]
fn a_second_checkout_gets_800065_and_a_retry_with_the_same_request_id_the_same_result() -> TestResult {
    crate::backends::each(
        "checkout::a_second_checkout_gets_800065_and_a_retry_with_the_same_request_id_the_same_result",
        || {
            let path = crate::backends::target("retry.db")?;
            let (cart_id, first_json) = {
                let store = Store::open(&path)?;
                store.import_catalog(&catalog()?)?;
                let cart = store.create_cart("cust-a", &three_group_cart()?)?;
                let (_, json) = store.checkout_json("cust-a", &cart.id, "request-1")?;
                let (_, again) = store.checkout_json("cust-a", &cart.id, "request-1")?;
                assert_eq!(again, json);
                let err = store.checkout("cust-a", &cart.id).err().ok_or("second checkout accepted")?;
                assert_eq!(err.order_code(), Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered));
                assert!(cartstore::Localizer::default().describe(&err).contains(&cart.id));
                let err =
                    store.checkout_with_request_id("cust-a", &cart.id, "request-2").err().ok_or("other request")?;
                assert_eq!(err.order_code(), Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered));
                (cart.id, json)
            };
            let store = Store::open(&path)?;
            let (result, json) = store.checkout_json("cust-a", &cart_id, "request-1")?;
            assert_eq!(json, first_json, "the stored result changed after reopening");
            assert_eq!(serde_json::to_string(&result)?, first_json);
            assert_eq!(store.list_orders("cust-a", &OrderQuery::default())?.total_count, 3);
            Ok(())
        },
    )
}

#[test]
fn a_failure_in_the_middle_of_writing_orders_leaves_nothing() -> TestResult {
    crate::backends::each("checkout::a_failure_in_the_middle_of_writing_orders_leaves_nothing", || {
        // The failure is injected with the database itself: a trigger another connection adds
        // aborts the third order's insert.
        let path = crate::backends::target("inject.db")?;
        let store = Store::open_with(&path, StoreOptions { clock: clock()?, ..StoreOptions::default() })?;
        store.import_catalog(&catalog()?)?;
        let cart = store.create_cart("cust-a", &three_group_cart()?)?;
        path.raw_batch(
            "CREATE TRIGGER fail_third_order BEFORE INSERT ON orders
         WHEN (SELECT COUNT(*) FROM orders WHERE cart_id = NEW.cart_id) >= 2
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
            "CREATE FUNCTION fail_third_order() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF (SELECT COUNT(*) FROM orders WHERE cart_id = NEW.cart_id) >= 2 THEN
             RAISE EXCEPTION 'injected failure';
           END IF;
           RETURN NEW;
         END $$;
         CREATE TRIGGER fail_third_order BEFORE INSERT ON orders
         FOR EACH ROW EXECUTE FUNCTION fail_third_order();",
        )?;
        let err = store.checkout("cust-a", &cart.id).err().ok_or("injected failure ignored")?;
        assert!(matches!(err, Error::Storage { .. }), "{err:?}");
        assert_eq!(store.get_cart("cust-a", &cart.id)?.status, Some(CartStatus::Active));
        assert_eq!(store.list_orders("cust-a", &OrderQuery::default())?.total_count, 0);
        assert!(store.list_orders("cust-a", &OrderQuery::default())?.items.is_empty());
        assert_eq!(inventory(&store, "SOFT:0001:A")?, Some(10));
        path.raw_batch("DROP TRIGGER fail_third_order;", "DROP TRIGGER fail_third_order ON orders;")?;
        assert_eq!(store.checkout("cust-a", &cart.id)?.orders.len(), 3);
        Ok(())
    })
}

#[test]
fn cancel_restores_inventory_and_provisioning_completes_an_order() -> TestResult {
    crate::backends::each("checkout::cancel_restores_inventory_and_provisioning_completes_an_order", || {
        let clock = clock()?;
        let store = store_with(&clock)?;
        let cart = store.create_cart("cust-a", &three_group_cart()?)?;
        let result = store.checkout("cust-a", &cart.id)?;
        let software = result.orders.iter().find(|o| o.billing_cycle == Some(BillingCycleType::OneTime));
        let software = software.ok_or("no one-time order")?;
        assert_eq!(inventory(&store, "SOFT:0001:A")?, Some(7));
        let cancelled = store.cancel_order("cust-a", &software.id)?;
        assert_eq!(cancelled.status, Some(OrderStatus::Cancelled));
        assert_eq!(inventory(&store, "SOFT:0001:A")?, Some(10));
        let status = store.provisioning_status("cust-a", &software.id)?;
        assert!(status.items.iter().all(|l| l.status == Some(ProvisioningStatus::Unfulfilled)));
        let err = store.cancel_order("cust-a", &software.id).err().ok_or("cancelled twice")?;
        assert_eq!(err.order_code(), Some(OrderErrorCode::OrderCannotBeCancelled));

        let seats = result.orders.first().ok_or("no order")?;
        let order = store.record_provisioning("cust-a", &seats.id, 0, ProvisioningStatus::Fulfilled)?;
        assert_eq!(order.status, Some(OrderStatus::Pending));
        let order = store.record_provisioning("cust-a", &seats.id, 1, ProvisioningStatus::Fulfilled)?;
        assert_eq!(order.status, Some(OrderStatus::Completed));
        let err = store.cancel_order("cust-a", &seats.id).err().ok_or("completed order cancelled")?;
        assert_eq!(err.order_code(), Some(OrderErrorCode::OrderCannotBeCancelled));
        Ok(())
    })
}

#[test]
fn two_stores_racing_on_one_file_check_each_cart_out_once() -> TestResult {
    crate::backends::each("checkout::two_stores_racing_on_one_file_check_each_cart_out_once", || {
        let path = crate::backends::target("race.db")?;
        let setup = Store::open(&path)?;
        setup.import_catalog(&catalog()?)?;
        let rounds = 200;
        let mut carts = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let cart: cartstore::Cart = serde_json::from_value(json!({"lineItems": [
            {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"}]}))?;
            carts.push(setup.create_cart("cust-a", &cart)?.id);
        }
        let carts = Arc::new(carts);
        let barrier = Arc::new(Barrier::new(2));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (carts, barrier, path) = (carts.clone(), barrier.clone(), path.as_str().to_owned());
                std::thread::spawn(move || -> Result<Vec<Result<usize, Option<OrderErrorCode>>>, String> {
                    let store = Store::open(&path).map_err(|e| e.to_string())?;
                    let mut outcomes = Vec::new();
                    for cart in carts.iter() {
                        barrier.wait();
                        outcomes
                            .push(store.checkout("cust-a", cart).map(|r| r.orders.len()).map_err(|e| e.order_code()));
                    }
                    Ok(outcomes)
                })
            })
            .collect();
        let mut results = Vec::new();
        for worker in workers {
            results.push(worker.join().map_err(|_| "worker panicked")??);
        }
        for (i, (a, b)) in results[0].iter().zip(&results[1]).enumerate() {
            let pair = [a, b];
            let winners = pair.iter().filter(|r| matches!(r, Ok(1))).count();
            assert_eq!(winners, 1, "round {i}: {pair:?}");
            for r in pair {
                if let Err(code) = r {
                    assert!(
                        matches!(
                            code,
                            Some(
                                OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered
                                    | OrderErrorCode::CartProcessedByAnotherRequest
                            )
                        ),
                        "round {i}: {code:?}"
                    );
                }
            }
        }
        assert_eq!(setup.list_orders("cust-a", &OrderQuery::default())?.total_count, rounds as u64);
        Ok(())
    })
}

/// Orders of several lines and billing cycles, interleaved: every order a page lists is the
/// order `get_order` reads, lines and links included, whatever the page size and the cycle
/// filter (a page of one cycle spans the other cycles' orders and their lines).
#[test]
fn a_listed_order_is_the_order_read_alone() -> TestResult {
    crate::backends::each("checkout::a_listed_order_is_the_order_read_alone", || {
        let clock = clock()?;
        let store = store_with(&clock)?;
        for _ in 0..3 {
            let cart = store.create_cart("cust-a", &three_group_cart()?)?;
            store.checkout("cust-a", &cart.id)?;
            clock.advance(chrono::Duration::seconds(1));
        }
        for cycle in [None, Some(BillingCycleType::Monthly), Some(BillingCycleType::OneTime)] {
            for size in [1, 2, 5, 50] {
                let mut query = OrderQuery { billing_cycle: cycle, page_size: Some(size), ..OrderQuery::default() };
                let mut lines = 0;
                loop {
                    let page = store.list_orders("cust-a", &query)?;
                    for order in &page.items {
                        let alone = store.get_order("cust-a", &order.id)?;
                        assert_eq!(serde_json::to_value(order)?, serde_json::to_value(&alone)?, "{cycle:?} {size}");
                        assert!(cycle.is_none() || order.billing_cycle == cycle);
                        lines += order.line_items.len();
                    }
                    match page.continuation_token {
                        Some(token) => query.continuation = Some(token),
                        None => break,
                    }
                }
                // Three carts of three orders each: a monthly order of two lines (a line and
                // its add-on), a monthly order of one, a one-time order of one.
                let expected = match cycle {
                    None => 12,
                    Some(BillingCycleType::Monthly) => 9,
                    _ => 3,
                };
                assert_eq!(lines, expected, "{cycle:?} {size}");
            }
        }
        Ok(())
    })
}

#[test]
fn paging_ten_thousand_orders_sees_each_once_newest_first() -> TestResult {
    crate::backends::each("checkout::paging_ten_thousand_orders_sees_each_once_newest_first", || {
        let clock = clock()?;
        let store = store_with(&clock)?;
        let total = 10_000;
        let line = serde_json::from_value::<cartstore::Cart>(json!({"lineItems": [
        {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"},
        {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"}]}))?;
        let mut created = Vec::with_capacity(total);
        for _ in 0..total / 2 {
            let cart = store.create_cart("cust-a", &line)?;
            let result = store.checkout("cust-a", &cart.id)?;
            created.extend(result.orders.into_iter().map(|o| o.id));
            clock.advance(chrono::Duration::seconds(1));
        }
        // Another customer's orders never show.
        let other = store.create_cart("cust-b", &line)?;
        store.checkout("cust-b", &other.id)?;

        let mut seen = Vec::with_capacity(total);
        let mut query = OrderQuery { page_size: Some(50), ..OrderQuery::default() };
        let mut pages = 0;
        loop {
            let page = store.list_orders("cust-a", &query)?;
            assert_eq!(page.total_count, total as u64);
            assert!(page.items.len() <= 50);
            seen.extend(page.items.iter().map(|o| o.id.clone()));
            pages += 1;
            let v = serde_json::to_value(&page)?;
            match page.continuation_token {
                Some(token) => {
                    assert_eq!(v["links"]["next"]["headers"][0]["key"], "MS-ContinuationToken");
                    assert_eq!(v["links"]["next"]["headers"][0]["value"], token.as_str());
                    query.continuation = Some(token);
                }
                None => {
                    assert!(v.get("continuationToken").is_none() && v["links"].get("next").is_none());
                    break;
                }
            }
        }
        assert_eq!(pages, total / 50);
        created.reverse();
        assert_eq!(seen, created, "not every order exactly once, newest first");

        let annual = OrderQuery {
            billing_cycle: Some(BillingCycleType::Annual),
            page_size: Some(1000),
            ..OrderQuery::default()
        };
        let page = store.list_orders("cust-a", &annual)?;
        assert_eq!(page.total_count, (total / 2) as u64);
        assert!(page.items.iter().all(|o| o.billing_cycle == Some(BillingCycleType::Annual)));
        let bad = OrderQuery { continuation: Some("garbage".into()), ..OrderQuery::default() };
        let err = store.list_orders("cust-a", &bad).err().ok_or("bad token accepted")?;
        assert_eq!(err.order_code(), Some(OrderErrorCode::InvalidInput));
        Ok(())
    })
}

#[test]
fn a_request_id_is_the_customers_for_one_checkout() -> TestResult {
    crate::backends::each("checkout::a_request_id_is_the_customers_for_one_checkout", || {
        let store = crate::backends::open_with(cartstore::StoreOptions::default())?;
        store.import_catalog(&catalog()?)?;
        let first = store.create_cart("cust-a", &three_group_cart()?)?;
        let second = store.create_cart("cust-a", &three_group_cart()?)?;
        let (_, json) = store.checkout_json("cust-a", &first.id, "request-1")?;
        // The same request id for another cart of the customer: refused, nothing ordered.
        let err = store.checkout_json("cust-a", &second.id, "request-1").err().ok_or("request id used twice")?;
        assert!(
            matches!(&err, cartstore::Error::InvalidInput { field, problem: cartstore::InputProblem::Duplicate }
                if field == "requestId"),
            "{err:?}"
        );
        assert_eq!(store.get_cart("cust-a", &second.id)?.status, Some(CartStatus::Active));
        assert_eq!(store.list_orders("cust-a", &OrderQuery::default())?.total_count, 3);
        // Its own cart still replays it; another customer may use the same id.
        assert_eq!(store.checkout_json("cust-a", &first.id, "request-1")?.1, json);
        let theirs = store.create_cart("cust-b", &three_group_cart()?)?;
        assert_eq!(store.checkout_json("cust-b", &theirs.id, "request-1")?.0.orders.len(), 3);
        // A new id checks the second cart out.
        assert_eq!(store.checkout_json("cust-a", &second.id, "request-2")?.0.orders.len(), 3);
        Ok(())
    })
}
