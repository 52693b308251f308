//! The PostgreSQL store as a server store: a server that cannot be reached is a typed,
//! localized error without the password; migrations run once for simultaneous first
//! connections; a checkout is exactly-once across clients.

use std::sync::{Arc, Barrier};

use cartstore::{Error, Localizer, StorageKind, Store, StoreOptions};

use super::fresh_database;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> Result<u16, std::io::Error> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

#[test]
fn a_server_that_is_down_is_unavailable_naming_host_and_port_never_the_password() -> TestResult {
    let port = closed_port()?;
    let url = format!("postgres://alice:s3cr3t-pw@127.0.0.1:{port}/db?sslmode=disable&connect_timeout=5");
    let err = Store::open(&url).map(|_| ()).expect_err("nothing listens there");
    let Error::Storage { kind, detail, .. } = &err else { panic!("not a storage error: {err:?}") };
    assert_eq!(*kind, StorageKind::Unavailable);
    assert_eq!(detail, &format!("127.0.0.1:{port}"));
    let mut shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(e) = source {
        shown.push_str(&format!(" {e} {e:?}"));
        source = e.source();
    }
    assert!(!shown.contains("s3cr3t-pw"), "{shown}");
    for locale in Localizer::all() {
        let text = locale.describe(&err);
        assert!(text.contains(&format!("127.0.0.1:{port}")), "{}: {text}", locale.locale());
        assert!(!text.contains("s3cr3t-pw"));
    }
    Ok(())
}

#[test]
fn a_store_s_debug_output_never_holds_the_password() -> TestResult {
    let Some(url) = fresh_database("a_store_s_debug_output_never_holds_the_password")? else { return Ok(()) };
    // The throwaway server trusts every connection, so any password is accepted.
    let with_password = url.replacen("://postgres@", "://postgres:hunter2-secret@", 1);
    let store = Store::open(&with_password)?;
    let shown = format!("{store:?}");
    assert!(!shown.contains("hunter2-secret"), "{shown}");
    assert!(shown.contains("PgStorage"), "{shown}");
    Ok(())
}

#[test]
fn simultaneous_first_connections_migrate_once() -> TestResult {
    let Some(url) = fresh_database("simultaneous_first_connections_migrate_once")? else { return Ok(()) };
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (url, barrier) = (url.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                Store::open(&url).map(|_| ())
            })
        })
        .collect();
    for handle in handles {
        handle.join().map_err(|_| "thread panicked")??;
    }
    let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
    let rows = client.query("SELECT version FROM cartstore_schema_history ORDER BY version", &[])?;
    let versions: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(versions, (1..=versions.len() as i64).collect::<Vec<_>>());
    assert!(!versions.is_empty());
    Ok(())
}

#[test]
fn a_checkout_raced_by_many_clients_orders_once() -> TestResult {
    let Some(url) = fresh_database("a_checkout_raced_by_many_clients_orders_once")? else { return Ok(()) };
    let clock = crate::store::clock()?;
    let options = StoreOptions { clock: clock.clone(), ..StoreOptions::default() };
    let first = Store::open_with(&url, options.clone())?;
    first.import_catalog(&crate::store::catalog()?)?;
    let cart = first.create_cart("cust-a", &crate::store::three_group_cart()?)?;
    let barrier = Arc::new(Barrier::new(6));
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let (url, barrier, options, cart_id) =
                (url.clone(), Arc::clone(&barrier), options.clone(), cart.id.clone());
            std::thread::spawn(move || -> Result<String, Error> {
                let store = Store::open_with(&url, options)?;
                barrier.wait();
                let result = store.checkout("cust-a", &cart_id);
                result.map(|r| serde_json::to_string(&r).unwrap_or_default())
            })
        })
        .collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.join().map_err(|_| "thread panicked")?);
    }
    // Every client got the one checkout's result (a replay) or was told the cart is ordered.
    let ok: Vec<&String> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert!(!ok.is_empty(), "{results:?}");
    let orders = first.list_orders("cust-a", &cartstore::OrderQuery::default())?;
    assert_eq!(orders.total_count, 3, "three order groups, ordered once: {results:?}");
    // SOFT:0001:A (inventory 10) was taken from once.
    let soft = first.catalog_item("SOFT:0001:A")?;
    assert_eq!(soft.inventory, Some(7));
    Ok(())
}
