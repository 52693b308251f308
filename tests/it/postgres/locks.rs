//! Exactly once on PostgreSQL (DESIGN 14): the cart row locked for the whole checkout, the
//! limited items locked in id order, a deadlock run again, and a lock or a statement that does
//! not end in time the typed busy error, never a hang. Each test plays the other transaction
//! itself, on its own connection, and waits until the checkout is blocked on it.

use std::time::{Duration, Instant};

use cartstore::{Error, Store, StoreOptions};
use postgres::{Client, NoTls};

use super::fresh_database;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A database's URL, a store on it, and a cart id.
type Setup = (String, Store, String);

/// A store on a fresh database with the test catalog and a cart whose lines take 3 of
/// SOFT:0001:A (inventory 10); `None` when skipped.
fn setup(test: &str, busy: Duration, query: &str) -> Result<Option<Setup>, Box<dyn std::error::Error>> {
    let Some(url) = fresh_database(test)? else { return Ok(None) };
    let url = if query.is_empty() { url } else { format!("{url}&{query}") };
    let options = StoreOptions { clock: crate::store::clock()?, busy_timeout: busy, ..StoreOptions::default() };
    let store = Store::open_with(&url, options)?;
    store.import_catalog(&crate::store::catalog()?)?;
    let cart = store.create_cart("cust-a", &crate::store::three_group_cart()?)?;
    Ok(Some((url, store, cart.id)))
}

/// Waits until a cartstore session of the database waits for a lock (at most 20 s).
fn wait_until_blocked(other: &mut Client) -> TestResult {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let row = other.query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
               AND application_name = 'cartstore' AND wait_event_type = 'Lock'",
            &[],
        )?;
        if row.get::<_, i64>(0) > 0 {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err("the checkout never waited for the lock".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs a checkout of `cart` on `store` in a thread.
fn checkout_in_thread(
    store: Store,
    cart: &str,
) -> std::thread::JoinHandle<(Store, Result<cartstore::CartCheckoutResult, Error>)> {
    let cart = cart.to_owned();
    std::thread::spawn(move || {
        let result = store.checkout("cust-a", &cart);
        (store, result)
    })
}

/// The checkout ordered all three groups once and took 3 of SOFT:0001:A once.
fn ordered_once(store: &Store) -> TestResult {
    let orders = store.list_orders("cust-a", &cartstore::OrderQuery::default())?;
    assert_eq!(orders.total_count, 3);
    assert_eq!(store.catalog_item("SOFT:0001:A")?.inventory, Some(7));
    Ok(())
}

#[test]
fn a_checkout_holds_its_cart_row_from_its_first_read_to_its_commit() -> TestResult {
    let test = "a_checkout_holds_its_cart_row_from_its_first_read_to_its_commit";
    let Some((url, store, cart)) = setup(test, Duration::from_secs(30), "")? else { return Ok(()) };
    let mut other = Client::connect(&url, NoTls)?;
    let mut tx = other.transaction()?;
    // The item the checkout takes from, held here: the checkout stops on it, having read its cart.
    tx.execute("SELECT 1 FROM catalog_items WHERE catalog_item_id = 'SOFT:0001:A' FOR UPDATE", &[])?;
    let handle = checkout_in_thread(store, &cart);
    let mut watcher = Client::connect(&url, NoTls)?;
    wait_until_blocked(&mut watcher)?;
    // The cart is locked by the checkout already: another writer of it cannot have it.
    tx.batch_execute("SET LOCAL lock_timeout = '300ms'")?;
    let err = tx
        .query_one("SELECT status FROM carts WHERE cart_id = $1 FOR UPDATE", &[&cart])
        .err()
        .ok_or("the cart row was free while its checkout ran")?;
    assert_eq!(err.code(), Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE), "{err}");
    tx.rollback()?;
    let (store, result) = handle.join().map_err(|_| "checkout thread panicked")?;
    assert_eq!(result?.orders.len(), 3);
    ordered_once(&store)
}

#[test]
fn a_deadlock_is_run_again_and_the_checkout_orders_once() -> TestResult {
    let test = "a_deadlock_is_run_again_and_the_checkout_orders_once";
    let Some((url, store, cart)) = setup(test, Duration::from_secs(30), "")? else { return Ok(()) };
    let mut other = Client::connect(&url, NoTls)?;
    let mut tx = other.transaction()?;
    // This side checks for deadlocks late (the server's default is 1 s), so the checkout's
    // session is the one that finds the circle and is cancelled.
    tx.batch_execute("SET LOCAL deadlock_timeout = '20s'")?;
    tx.execute("SELECT 1 FROM catalog_items WHERE catalog_item_id = 'SOFT:0001:A' FOR UPDATE", &[])?;
    let handle = checkout_in_thread(store, &cart);
    let mut watcher = Client::connect(&url, NoTls)?;
    wait_until_blocked(&mut watcher)?;
    // The checkout holds the cart and waits for the item; this waits for the cart: a circle.
    // The checkout's transaction is the one ended (40P01); this one then has the cart.
    let status: String = tx.query_one("SELECT status FROM carts WHERE cart_id = $1 FOR UPDATE", &[&cart])?.get(0);
    assert_eq!(status, "Active");
    tx.commit()?;
    // The checkout ran again, and ordered.
    let (store, result) = handle.join().map_err(|_| "checkout thread panicked")?;
    assert_eq!(result?.orders.len(), 3);
    ordered_once(&store)?;
    let deadlocks: i64 =
        watcher.query_one("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", &[])?.get(0);
    eprintln!("{test}: deadlocks counted by the server: {deadlocks}");
    Ok(())
}

#[test]
fn a_cart_row_held_elsewhere_past_the_busy_timeout_is_cart_busy() -> TestResult {
    let test = "a_cart_row_held_elsewhere_past_the_busy_timeout_is_cart_busy";
    let Some((url, store, cart)) = setup(test, Duration::from_millis(300), "")? else { return Ok(()) };
    let mut other = Client::connect(&url, NoTls)?;
    let mut tx = other.transaction()?;
    tx.execute("SELECT 1 FROM carts WHERE cart_id = $1 FOR UPDATE", &[&cart])?;
    let started = Instant::now();
    let err = store.checkout("cust-a", &cart).err().ok_or("checked out a cart locked elsewhere")?;
    assert!(matches!(err, Error::CartBusy { .. }), "{err:?}");
    eprintln!("{test}: busy after {:?}", started.elapsed());
    tx.rollback()?;
    // Nothing was written; the cart checks out once the lock is gone.
    assert_eq!(store.checkout("cust-a", &cart)?.orders.len(), 3);
    ordered_once(&store)
}

#[test]
fn a_statement_stuck_past_the_statement_timeout_is_cart_busy_not_a_hang() -> TestResult {
    let test = "a_statement_stuck_past_the_statement_timeout_is_cart_busy_not_a_hang";
    // A busy timeout of an hour: only the statement timeout the URL sets can end the wait.
    let query = "options=-c%20statement_timeout%3D400";
    let Some((url, store, cart)) = setup(test, Duration::from_secs(3600), query)? else { return Ok(()) };
    let mut other = Client::connect(&url, NoTls)?;
    let mut tx = other.transaction()?;
    tx.execute("SELECT 1 FROM catalog_items WHERE catalog_item_id = 'SOFT:0001:A' FOR UPDATE", &[])?;
    let err = store.checkout("cust-a", &cart).err().ok_or("checked out past an item locked elsewhere")?;
    assert!(matches!(err, Error::CartBusy { .. }), "{err:?}");
    tx.rollback()?;
    assert_eq!(store.checkout("cust-a", &cart)?.orders.len(), 3);
    ordered_once(&store)
}
