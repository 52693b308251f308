//! The connection's statement cache (`db/postgres/statements.rs`): the hot paths' statements
//! are prepared once per connection and reused, and none outlives its connection.

use cartstore::{Store, StoreOptions};
use postgres::{Client, NoTls};

use super::fresh_database;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// How many statements the store's connection has cached, as its `Debug` output says.
fn cached(store: &Store) -> Result<usize, Box<dyn std::error::Error>> {
    let shown = format!("{store:?}");
    let (_, rest) = shown.split_once("statements: ").ok_or_else(|| format!("no statement count in {shown}"))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Ok(digits.parse()?)
}

/// One create_cart and one checkout.
fn round(store: &Store) -> TestResult {
    let cart = store.create_cart("cust-a", &crate::store::three_group_cart()?)?;
    store.checkout("cust-a", &cart.id)?;
    Ok(())
}

#[test]
fn statements_are_prepared_once_per_connection_and_forgotten_with_it() -> TestResult {
    let test = "statements_are_prepared_once_per_connection_and_forgotten_with_it";
    let Some(url) = fresh_database(test)? else { return Ok(()) };
    let options = StoreOptions { clock: crate::store::clock()?, ..StoreOptions::default() };
    let store = Store::open_with(&url, options)?;
    store.import_catalog(&crate::store::catalog()?)?;
    round(&store)?;
    let after_one = cached(&store)?;
    assert!(after_one > 0, "nothing cached after a create_cart and a checkout");
    round(&store)?;
    round(&store)?;
    // The same calls again prepare nothing new: their statements are reused.
    assert_eq!(cached(&store)?, after_one);

    // The server ends the store's session: the connection opened again must not use the
    // statements of the one lost (they do not exist on the new session).
    let mut admin = Client::connect(&url, NoTls)?;
    let ended = admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'cartstore' AND pid <> pg_backend_pid()",
        &[],
    )?;
    assert_eq!(ended.len(), 1, "the store's session was not found");
    // pg_terminate_backend only signals: wait until the session is gone (at most 20 s).
    let started = std::time::Instant::now();
    while admin
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'cartstore'",
            &[],
        )?
        .get::<_, i64>(0)
        > 0
    {
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "the store's session did not end");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The call that meets the lost connection may fail (it is reported, not retried).
    drop(round(&store));
    for _ in 0..3 {
        round(&store)?;
    }
    // The new connection's cache holds only what was prepared on it: not the catalog import's.
    let again = cached(&store)?;
    assert!(again > 0 && again < after_one, "{again} statements cached after reopening, {after_one} before");
    round(&store)?;
    assert_eq!(cached(&store)?, again);
    Ok(())
}
