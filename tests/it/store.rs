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
    let store = crate::backends::open_with(StoreOptions { clock: clock.clone(), ..StoreOptions::default() })?;
    store.import_catalog(&catalog()?)?;
    Ok(store)
}

#[test]
fn create_get_list_round_trip_keeps_every_field() -> TestResult {
    crate::backends::each("store::create_get_list_round_trip_keeps_every_field", || {
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
    })
}

#[test]
fn update_replaces_lines_and_a_stale_update_is_a_conflict() -> TestResult {
    crate::backends::each("store::update_replaces_lines_and_a_stale_update_is_a_conflict", || {
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
    })
}

#[test]
fn an_expired_cart_cannot_be_updated_or_checked_out() -> TestResult {
    crate::backends::each("store::an_expired_cart_cannot_be_updated_or_checked_out", || {
        let clock = clock()?;
        let store = store_with(&clock)?;
        let created = store.create_cart("cust-a", &three_group_cart()?)?;
        clock.advance(chrono::Duration::days(7) + chrono::Duration::seconds(1));
        let err = store.update_cart("cust-a", &created).err().ok_or("expired update accepted")?;
        assert!(matches!(err, Error::CartExpired { .. }), "{err:?}");
        let err = store.checkout("cust-a", &created.id).err().ok_or("expired checkout accepted")?;
        assert_eq!(err.order_code(), Some(OrderErrorCode::CartIdNotFound));
        Ok(())
    })
}

#[test]
fn a_cart_of_customer_a_is_invisible_to_customer_b() -> TestResult {
    crate::backends::each("store::a_cart_of_customer_a_is_invisible_to_customer_b", || {
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
    })
}

#[test]
fn a_file_store_reopened_in_a_new_process_sees_everything() -> TestResult {
    crate::backends::each("store::a_file_store_reopened_in_a_new_process_sees_everything", || {
        let path = crate::backends::target("quotes.db")?;
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
            .env("CARTSTORE_REOPEN_CHILD", path.as_str())
            .output()?;
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout)?;
        let line = stdout.lines().find(|l| l.starts_with('[')).ok_or("child printed no carts")?;
        assert_eq!(serde_json::from_str::<serde_json::Value>(line)?, written);
        Ok(())
    })
}

/// The schema of a database file, normalized, read with SQLite itself.
pub fn schema_of(path: &std::path::Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open(path)?;
    let mut stmt =
        conn.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
    let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
    let mut out: Vec<String> =
        rows.map(|r| r.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))).collect::<Result<_, _>>()?;
    let mark: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    out.push(format!("application_id {mark}"));
    Ok(out)
}

#[test]
fn a_database_upgraded_from_every_earlier_version_matches_a_fresh_one() -> TestResult {
    // Every released schema has a file written by its build: V1 is `tests/fixtures/v1`. An
    // empty file is "version 0".
    let dir = tempfile::tempdir()?;
    let fresh = dir.path().join("fresh.db");
    drop(Store::open(&fresh)?);
    let fresh = schema_of(&fresh)?;
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"")?;
    drop(Store::open(&empty)?);
    assert_eq!(schema_of(&empty)?, fresh);
    let v1 = dir.path().join("v1.db");
    std::fs::copy(crate::fixtures::own_fixtures_dir().join("v1/cartstore-v1.db"), &v1)?;
    drop(Store::open(&v1)?);
    assert_eq!(schema_of(&v1)?, fresh);
    assert!(fresh.iter().any(|s| s.starts_with("CREATE TABLE carts")));
    assert!(Store::schema_version() >= 2);
    Ok(())
}

/// `Store::schema_version` is counted by build.rs from the file names in `migrations/` (not
/// asked of refinery's runner at every open): it must be the newest migration a fresh file gets,
/// and a file at that version must open without migrating again.
#[test]
fn the_schema_version_is_the_newest_migration_applied() -> TestResult {
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('V'))
        .count();
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("fresh.db");
    drop(Store::open(&path)?);
    drop(Store::open(&path)?);
    let raw = rusqlite::Connection::open(&path)?;
    let (max, count): (i64, i64) =
        raw.query_row("SELECT MAX(version), COUNT(*) FROM refinery_schema_history", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    assert_eq!(max, Store::schema_version());
    assert_eq!(count, i64::try_from(files)?);
    assert_eq!(max, count, "one migration per version, none skipped");
    Ok(())
}

#[test]
fn a_wave_1_file_upgraded_reads_back_unchanged_and_replays_its_stored_checkout() -> TestResult {
    let fixtures = crate::fixtures::own_fixtures_dir().join("v1");
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("v1.db");
    std::fs::copy(fixtures.join("cartstore-v1.db"), &path)?;
    let store = Store::open(&path)?;
    let read = |name: &str| -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        Ok(serde_json::from_str(&std::fs::read_to_string(fixtures.join(name))?)?)
    };
    let carts = serde_json::to_value(store.list_carts("cust-v1")?)?;
    assert_eq!(carts, read("carts.json")?["items"]);
    let orders = serde_json::to_value(store.list_orders("cust-v1", &OrderQuery::default())?)?;
    assert_eq!(orders, read("orders.json")?);
    let stored = std::fs::read_to_string(fixtures.join("checkout-req-v1.json"))?;
    let cart_id = carts[0]["id"].as_str().ok_or("no cart id")?;
    let (_, json) = store.checkout_json("cust-v1", cart_id, "req-v1")?;
    assert_eq!(json, stored.trim_end());
    // The upgraded file takes new carts and checkouts.
    store.import_catalog(&catalog()?)?;
    let cart = store.create_cart("cust-v1", &three_group_cart()?)?;
    assert_eq!(store.checkout("cust-v1", &cart.id)?.orders.len(), 3);
    Ok(())
}

#[test]
fn store_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Store>();
}

#[test]
fn extreme_cart_lifetimes_neither_panic_nor_write_unreadable_timestamps() -> TestResult {
    crate::backends::each("store::extreme_cart_lifetimes_neither_panic_nor_write_unreadable_timestamps", || {
        for (lifetime, expires) in [
            (chrono::Duration::MAX, "9999-12-31T23:59:59.999999Z"),
            (chrono::Duration::days(3_000_000), "9999-12-31T23:59:59.999999Z"),
            (chrono::Duration::MIN, "0001-01-01T00:00:00Z"),
        ] {
            let clock = clock()?;
            let store =
                crate::backends::open_with(StoreOptions { clock, cart_lifetime: lifetime, ..StoreOptions::default() })?;
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
    })
}

#[test]
fn a_clock_at_the_ends_of_time_does_not_panic() -> TestResult {
    crate::backends::each("store::a_clock_at_the_ends_of_time_does_not_panic", || {
        for at in [chrono::DateTime::<chrono::Utc>::MAX_UTC, chrono::DateTime::<chrono::Utc>::MIN_UTC] {
            let clock = Arc::new(ManualClock::new(at));
            let store = crate::backends::open_with(StoreOptions { clock: clock.clone(), ..StoreOptions::default() })?;
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
    })
}
