//! The SQLite store: round trips, optimistic concurrency, expiry, tenancy, reopening and
//! migrations. Files it must refuse are in `reliability`.

use std::sync::Arc;

use cartstore::{
    Cart, Catalog, Error, ManualClock, OrderErrorCode, OrderQuery, Store, StoreOptions, model::CartStatus,
};
use serde_json::json;

type TestResult = Result<(), Box<dyn std::error::Error>>;

pub fn catalog() -> Result<Catalog, serde_json::Error> {
    serde_json::from_value(json!({"items": [
        {"catalogItemId": "BASIC:0001:A", "title": "Business Basic", "currencyCode": "USD", "minimumQuantity": 1,
         "maximumQuantity": 300,
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4},
                   {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 364.8}]},
        {"catalogItemId": "ADDON:0001:A", "title": "Add-on", "currencyCode": "USD", "addonOf": ["BASIC:0001:A"],
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 2}]},
        {"catalogItemId": "EURO:0001:A", "title": "Euro item", "currencyCode": "EUR",
         "terms": [{"termDuration": "P1M", "billingCycle": "monthly", "listPrice": 12.5}]},
        {"catalogItemId": "SOFT:0001:A", "title": "Perpetual", "currencyCode": "USD", "inventory": 10,
         "terms": [{"billingCycle": "one_time", "listPrice": 199.99}]}
    ]}))
}

pub fn three_group_cart() -> Result<Cart, serde_json::Error> {
    serde_json::from_value(json!({"lineItems": [
        {"catalogItemId": "BASIC:0001:A", "quantity": 5, "termDuration": "P1Y", "billingCycle": "monthly",
         "friendlyName": "seats", "participants": [{"key": "transaction_reseller", "value": "1234567"}],
         "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": 5, "termDuration": "P1Y", "billingCycle": "monthly"}]},
        {"catalogItemId": "EURO:0001:A", "quantity": 2, "termDuration": "P1M", "billingCycle": "monthly"},
        {"catalogItemId": "SOFT:0001:A", "quantity": 3, "billingCycle": "one_time",
         "provisioningContext": {"note": "keep"}}
    ]}))
}

pub fn clock() -> Result<Arc<ManualClock>, Box<dyn std::error::Error>> {
    Ok(Arc::new(ManualClock::new("2026-06-01T00:00:00Z".parse()?)))
}

pub fn store_with(clock: &Arc<ManualClock>) -> Result<Store, Box<dyn std::error::Error>> {
    let store = Store::open_in_memory_with(StoreOptions { clock: clock.clone(), ..StoreOptions::default() })?;
    store.import_catalog(&catalog()?)?;
    Ok(store)
}

#[test]
fn create_get_list_round_trip_keeps_every_field() -> TestResult {
    let clock = clock()?;
    let store = store_with(&clock)?;
    let created = store.create_cart("cust-a", &three_group_cart()?)?;
    assert!(!created.id.is_empty());
    assert_eq!(created.status, Some(CartStatus::Active));
    let fetched = store.get_cart("cust-a", &created.id)?;
    assert_eq!(serde_json::to_value(&fetched)?, serde_json::to_value(&created)?);
    let v = serde_json::to_value(&fetched)?;
    assert_eq!(v["creationTimestamp"], "2026-06-01T00:00:00Z");
    assert_eq!(v["expirationTimestamp"], "2026-06-08T00:00:00Z");
    assert_eq!(v["attributes"]["objectType"], "Cart");
    assert_eq!(v["lineItems"][0]["participants"][0]["value"], "1234567");
    assert_eq!(v["lineItems"][0]["addonItems"][0]["catalogItemId"], "ADDON:0001:A");
    assert_eq!(v["lineItems"][0]["addonItems"][0]["orderGroup"], "0");
    assert_eq!(v["lineItems"][1]["orderGroup"], "1");
    assert_eq!(v["lineItems"][2]["orderGroup"], "2");
    assert_eq!(v["lineItems"][2]["provisioningContext"]["note"], "keep");
    assert_eq!(v["lineItems"][0]["pricing"]["extendedPrice"], json!(1824.0));
    assert_eq!(v["lineItems"][1]["currencyCode"], "EUR");
    let listed = store.list_carts("cust-a")?;
    assert_eq!(listed.len(), 1);
    assert_eq!(serde_json::to_value(&listed[0])?, v);
    store.delete_cart("cust-a", &created.id)?;
    assert!(store.list_carts("cust-a")?.is_empty());
    Ok(())
}

#[test]
fn update_replaces_lines_and_a_stale_update_is_a_conflict() -> TestResult {
    let clock = clock()?;
    let store = store_with(&clock)?;
    let created = store.create_cart("cust-a", &three_group_cart()?)?;
    let mut edited = created.clone();
    edited.line_items.truncate(1);
    let updated = store.update_cart("cust-a", &edited)?;
    assert_eq!(updated.line_items.len(), 1);
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.creation_timestamp, created.creation_timestamp);
    assert_eq!(updated.expiration_timestamp, created.expiration_timestamp);
    // Same clock tick: the stamp still moves strictly forward.
    assert!(updated.last_modified_timestamp > created.last_modified_timestamp);

    // `edited` still carries the old stamp: stale.
    let before = serde_json::to_value(store.get_cart("cust-a", &created.id)?)?;
    let err = store.update_cart("cust-a", &created).err().ok_or("stale update accepted")?;
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert_eq!(serde_json::to_value(store.get_cart("cust-a", &created.id)?)?, before);
    Ok(())
}

#[test]
fn an_expired_cart_cannot_be_updated_or_checked_out() -> TestResult {
    let clock = clock()?;
    let store = store_with(&clock)?;
    let created = store.create_cart("cust-a", &three_group_cart()?)?;
    clock.advance(chrono::Duration::days(7) + chrono::Duration::seconds(1));
    let err = store.update_cart("cust-a", &created).err().ok_or("expired update accepted")?;
    assert!(matches!(err, Error::CartExpired { .. }), "{err:?}");
    let err = store.checkout("cust-a", &created.id).err().ok_or("expired checkout accepted")?;
    assert_eq!(err.order_code(), Some(OrderErrorCode::CartIdNotFound));
    Ok(())
}

#[test]
fn a_cart_of_customer_a_is_invisible_to_customer_b() -> TestResult {
    let clock = clock()?;
    let store = store_with(&clock)?;
    let created = store.create_cart("cust-a", &three_group_cart()?)?;
    let before = serde_json::to_value(store.get_cart("cust-a", &created.id)?)?;
    let not_found = |r: Result<(), Error>| -> TestResult {
        let err = r.err().ok_or("foreign cart was visible")?;
        assert_eq!(err.order_code(), Some(OrderErrorCode::CartIdNotFound), "{err:?}");
        Ok(())
    };
    not_found(store.get_cart("cust-b", &created.id).map(drop))?;
    not_found(store.update_cart("cust-b", &created).map(drop))?;
    not_found(store.delete_cart("cust-b", &created.id))?;
    not_found(store.checkout("cust-b", &created.id).map(drop))?;
    not_found(store.checkout_with_request_id("cust-b", &created.id, "r1").map(drop))?;
    not_found(store.preview_checkout("cust-b", &created.id).map(drop))?;
    assert!(store.list_carts("cust-b")?.is_empty());
    // A missing cart looks exactly the same.
    let missing = store.get_cart("cust-b", "no-such-cart").err().ok_or("missing cart found")?;
    let foreign = store.get_cart("cust-b", &created.id).err().ok_or("foreign cart found")?;
    assert_eq!(missing.order_code(), foreign.order_code());
    assert_eq!(serde_json::to_value(store.get_cart("cust-a", &created.id)?)?, before);

    let result = store.checkout("cust-a", &created.id)?;
    let order_id = result.orders.first().ok_or("no order")?.id.clone();
    for err in [
        store.get_order("cust-b", &order_id).err(),
        store.cancel_order("cust-b", &order_id).err(),
        store.provisioning_status("cust-b", &order_id).err(),
        store.record_provisioning("cust-b", &order_id, 0, cartstore::ProvisioningStatus::Fulfilled).err(),
    ] {
        assert!(matches!(err, Some(Error::OrderNotFound { .. })), "{err:?}");
    }
    assert_eq!(store.list_orders("cust-b", &OrderQuery::default())?.total_count, 0);
    assert_eq!(store.get_order("cust-a", &order_id)?.status, Some(cartstore::OrderStatus::Pending));
    Ok(())
}

#[test]
fn a_file_store_reopened_in_a_new_process_sees_everything() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("quotes.db");
    if let Ok(child_path) = std::env::var("CARTSTORE_REOPEN_CHILD") {
        // The child process: read what the parent wrote.
        let store = Store::open(&child_path)?;
        let carts = store.list_carts("cust-a")?;
        println!("{}", serde_json::to_string(&carts)?);
        return Ok(());
    }
    let written = {
        let store = Store::open(&path)?;
        store.import_catalog(&catalog()?)?;
        let cart = store.create_cart("cust-a", &three_group_cart()?)?;
        serde_json::to_value(vec![cart])?
    };
    let exe = std::env::current_exe()?;
    let out = std::process::Command::new(exe)
        .args(["--exact", "store::a_file_store_reopened_in_a_new_process_sees_everything", "--nocapture"])
        .env("CARTSTORE_REOPEN_CHILD", &path)
        .output()?;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout)?;
    let line = stdout.lines().find(|l| l.starts_with('[')).ok_or("child printed no carts")?;
    assert_eq!(serde_json::from_str::<serde_json::Value>(line)?, written);
    Ok(())
}

#[test]
fn a_database_upgraded_from_every_earlier_migration_matches_a_fresh_one() -> TestResult {
    // With one migration, "every earlier version" is the empty database upgraded to V1; from V2
    // on, add a fixture per released version here and compare it upgraded with a fresh one.
    let dir = tempfile::tempdir()?;
    let fresh = Store::open(dir.path().join("fresh.db"))?.schema_sql()?;
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"")?;
    let upgraded = Store::open(&empty)?.schema_sql()?;
    assert_eq!(upgraded, fresh);
    let memory = Store::open_in_memory()?.schema_sql()?;
    assert_eq!(memory, fresh);
    assert!(fresh.iter().any(|s| s.starts_with("CREATE TABLE carts")));
    assert_eq!(Store::schema_version(), 1);
    Ok(())
}

#[test]
fn store_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Store>();
}

#[test]
fn extreme_cart_lifetimes_neither_panic_nor_write_unreadable_timestamps() -> TestResult {
    for (lifetime, expires) in [
        (chrono::Duration::MAX, "9999-12-31T23:59:59.999999Z"),
        (chrono::Duration::days(3_000_000), "9999-12-31T23:59:59.999999Z"),
        (chrono::Duration::MIN, "0001-01-01T00:00:00Z"),
    ] {
        let clock = clock()?;
        let store =
            Store::open_in_memory_with(StoreOptions { clock, cart_lifetime: lifetime, ..StoreOptions::default() })?;
        store.import_catalog(&catalog()?)?;
        let created = store.create_cart("cust-a", &three_group_cart()?)?;
        let json = serde_json::to_value(&created)?;
        assert_eq!(json["expirationTimestamp"], expires);
        let back: Cart = serde_json::from_value(json)?;
        assert_eq!(back.expiration_timestamp, created.expiration_timestamp);
        let outcome = store.checkout("cust-a", &created.id);
        if lifetime > chrono::Duration::zero() {
            assert_eq!(outcome?.orders.len(), 3);
        } else {
            assert!(matches!(outcome, Err(Error::CartExpired { .. })), "{outcome:?}");
        }
    }
    Ok(())
}

#[test]
fn a_clock_at_the_ends_of_time_does_not_panic() -> TestResult {
    for at in [chrono::DateTime::<chrono::Utc>::MAX_UTC, chrono::DateTime::<chrono::Utc>::MIN_UTC] {
        let clock = Arc::new(ManualClock::new(at));
        let store = Store::open_in_memory_with(StoreOptions { clock: clock.clone(), ..StoreOptions::default() })?;
        store.import_catalog(&catalog()?)?;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> TestResult {
            let cart = store.create_cart("cust-a", &three_group_cart()?)?;
            let _ = serde_json::to_string(&store.get_cart("cust-a", &cart.id)?)?;
            let _ = store.checkout("cust-a", &cart.id);
            let _ = store.list_orders("cust-a", &OrderQuery::default())?;
            clock.advance(chrono::Duration::MAX);
            clock.advance(chrono::Duration::MIN);
            Ok(())
        }));
        assert!(matches!(outcome, Ok(Ok(()))), "{at}: {outcome:?}");
    }
    Ok(())
}
