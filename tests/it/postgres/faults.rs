//! Faults on the team store (issue 26 item 3): processes racing on the same carts, a client
//! SIGKILLed mid-checkout, and the server crashed (`pg_ctl stop -m immediate`) mid-run and
//! started again. Child processes are this test binary run again with one test and an
//! environment variable naming their part (as `reliability::race` does for SQLite files).
//! Each test prints its counts.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cartstore::model::{CartStatus, Order};
use cartstore::{Error, OrderQuery, StorageKind, Store, StoreOptions};
use postgres::{Client, NoTls};

use super::{Cluster, fresh_database};
use crate::reliability::{SOFT, catalog_with_inventory};
use crate::store::three_group_cart;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const CUSTOMER: &str = "fault-customer";
/// A child's part: the database URL.
const CHILD_URL: &str = "CARTSTORE_PG_FAULT_URL";
/// A child's number.
const CHILD_SEED: &str = "CARTSTORE_PG_FAULT_SEED";
/// When a racing child starts (milliseconds since the epoch), so that all start together.
const CHILD_START: &str = "CARTSTORE_PG_FAULT_START";

/// A store on `url` that waits long for the write lock (eight writers queue behind it).
fn open(url: &str) -> Result<Store, Error> {
    Store::open_with(url, StoreOptions { busy_timeout: Duration::from_secs(60), ..StoreOptions::default() })
}

/// Every order of the customer, following continuation tokens.
fn all_orders(store: &Store) -> Result<Vec<Order>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    let mut query = OrderQuery { page_size: Some(1000), ..OrderQuery::default() };
    loop {
        let page = store.list_orders(CUSTOMER, &query)?;
        out.extend(page.items);
        match page.continuation_token {
            Some(token) => query.continuation = Some(token),
            None => return Ok(out),
        }
    }
}

/// Units of SOFT:0001:A the orders hold.
fn soft_sold(orders: &[Order]) -> i64 {
    orders
        .iter()
        .flat_map(|o| o.line_items.iter())
        .filter(|l| l.offer_id.as_deref() == Some(SOFT))
        .filter_map(|l| l.quantity)
        .sum()
}

/// The test binary run again as a child for `test`, with `env`.
fn child(test: &str, env: &[(&str, String)]) -> Result<std::process::Child, std::io::Error> {
    let mut command = Command::new(std::env::current_exe()?);
    command.args(["--exact", test, "--nocapture", "--test-threads", "1"]);
    for (key, value) in env {
        command.env(key, value);
    }
    command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()
}

/// The database's own view: for every cart, its status, whether a checkout result is stored,
/// how many orders it has, and how many orders that result names. No partial checkout: an
/// Active cart has neither orders nor a result; an Ordered one has a result and exactly the
/// orders the result names.
fn no_partial_checkout(url: &str) -> Result<(usize, usize), Box<dyn std::error::Error>> {
    let mut raw = Client::connect(url, NoTls)?;
    let rows = raw.query(
        "SELECT c.cart_id, c.status,
                (SELECT count(*) FROM orders o WHERE o.cart_id = c.cart_id),
                (SELECT result_json FROM checkouts k WHERE k.cart_id = c.cart_id)
           FROM carts c WHERE c.customer_id = $1",
        &[&CUSTOMER],
    )?;
    let (mut active, mut ordered) = (0, 0);
    for row in &rows {
        let (cart, status, orders, result): (String, String, i64, Option<String>) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        match (status.as_str(), result) {
            ("Active", None) if orders == 0 => active += 1,
            ("Ordered", Some(json)) => {
                let result: serde_json::Value = serde_json::from_str(&json)?;
                let named = result["orders"].as_array().map_or(0, Vec::len);
                assert_eq!(orders, named as i64, "cart {cart}: {orders} orders stored, its result names {named}");
                ordered += 1;
            }
            (status, result) => {
                return Err(
                    format!("cart {cart}: partial checkout: {status}, {orders} orders, result {result:?}").into()
                );
            }
        }
    }
    Ok((active, ordered))
}

/// A racing child: every cart of the customer, in an order of its own; an update based on the
/// view read at the start (stale once anyone changed the cart), then a checkout (with the
/// request id `r-<cart>` for even children, so that their retries replay). Prints a line per call.
fn race_child(url: &str) -> TestResult {
    let seed: usize = std::env::var(CHILD_SEED)?.parse()?;
    let start: u128 = std::env::var(CHILD_START)?.parse()?;
    // The harness's "test … " starts the first line: the child's own lines start on the next.
    println!();
    let store = open(url)?;
    let mut carts = store.list_carts(CUSTOMER)?;
    if !carts.is_empty() {
        let by = (seed * 7) % carts.len();
        carts.rotate_left(by);
    }
    if seed % 2 == 1 {
        carts.reverse();
    }
    while SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() < start {
        std::thread::sleep(Duration::from_millis(1));
    }
    for cart in carts {
        let mut edited = cart.clone();
        if let Some(line) = edited.line_items.first_mut() {
            line.friendly_name = Some(format!("edited by {seed}"));
        }
        match store.update_cart(CUSTOMER, &edited) {
            Ok(_) => println!("UPDATED {}", cart.id),
            Err(err) => println!("REFUSED {} {}", cart.id, err.code()),
        }
        let result = match seed % 2 {
            0 => store.checkout_with_request_id(CUSTOMER, &cart.id, &format!("r-{}", cart.id)),
            _ => store.checkout(CUSTOMER, &cart.id),
        };
        match result {
            Ok(result) => {
                let orders: Vec<&str> = result.orders.iter().map(|o| o.id.as_str()).collect();
                println!("WON {} {}", cart.id, orders.join(","));
            }
            Err(err) => println!("LOST {} {}", cart.id, err.code()),
        }
    }
    Ok(())
}

#[test]
fn eight_processes_racing_fifty_checkouts_each_order_every_cart_once() -> TestResult {
    let test = "postgres::faults::eight_processes_racing_fifty_checkouts_each_order_every_cart_once";
    if let Ok(url) = std::env::var(CHILD_URL) {
        return race_child(&url);
    }
    let Some(url) = fresh_database(test)? else { return Ok(()) };
    let (processes, carts, initial) = (8, 50, 100);
    let store = open(&url)?;
    // 50 carts want 150 of SOFT:0001:A; 100 are there: 33 carts get theirs, 17 an order error.
    store.import_catalog(&catalog_with_inventory(initial)?)?;
    let mut cart_ids = BTreeSet::new();
    for _ in 0..carts {
        cart_ids.insert(store.create_cart(CUSTOMER, &three_group_cart()?)?.id);
    }
    let start = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() + 1500;
    let children = (0..processes)
        .map(|seed| {
            child(test, &[(CHILD_URL, url.clone()), (CHILD_SEED, seed.to_string()), (CHILD_START, start.to_string())])
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut won: BTreeMap<String, BTreeSet<Vec<String>>> = BTreeMap::new();
    let (mut wins, mut losses, mut updated, mut refused) = (0, 0, BTreeMap::<String, usize>::new(), 0);
    for child in children {
        let out = child.wait_with_output()?;
        if !out.status.success() {
            return Err(format!("racing child failed: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        for line in String::from_utf8(out.stdout)?.lines() {
            let words: Vec<&str> = line.split(' ').collect();
            match words.as_slice() {
                ["WON", id, orders] => {
                    wins += 1;
                    won.entry((*id).to_owned()).or_default().insert(orders.split(',').map(str::to_owned).collect());
                }
                ["LOST", id, code] => {
                    losses += 1;
                    // Ordered already (800065) or the write lock not had in time (800064).
                    assert!(["800065", "800064"].contains(code), "cart {id}: lost with {code}");
                }
                ["UPDATED", id] => *updated.entry((*id).to_owned()).or_default() += 1,
                ["REFUSED", id, code] => {
                    refused += 1;
                    // Stale (Conflict, 900002) or already ordered (800065).
                    assert!(["900002", "800065"].contains(code), "cart {id}: update refused with {code}");
                }
                _ => {}
            }
        }
    }
    let orders = all_orders(&store)?;
    let listed: BTreeSet<String> = orders.iter().map(|o| o.id.clone()).collect();
    assert_eq!(listed.len(), orders.len(), "an order listed twice");
    let mut from_winners = BTreeSet::new();
    for id in &cart_ids {
        let results = won.get(id).ok_or_else(|| format!("cart {id} was never checked out"))?;
        // Every win of a cart (the first, and replays of its request id) names the same orders.
        assert_eq!(results.len(), 1, "cart {id} ordered more than once: {results:?}");
        from_winners.extend(results.iter().flatten().cloned());
        assert_eq!(store.get_cart(CUSTOMER, id)?.status, Some(CartStatus::Ordered));
        // All eight read the cart before anyone changed it: one stale update at most got through.
        assert!(updated.get(id).copied().unwrap_or_default() <= 1, "cart {id}: stale updates accepted");
    }
    assert_eq!(from_winners, listed, "the orders listed are not exactly the winners' orders");
    let left = store.catalog_item(SOFT)?.inventory.ok_or("SOFT became unlimited")?;
    assert!(left >= 0, "inventory below zero: {left}");
    assert_eq!(left, initial - soft_sold(&orders), "inventory and orders disagree");
    assert_eq!(no_partial_checkout(&url)?, (0, carts));
    eprintln!(
        "{test}: {processes} processes x {carts} checkouts = {} calls; {wins} won (first or replayed), {losses} \
         refused; {} orders for {carts} carts; SOFT {initial} -> {left}; updates: {} accepted, {refused} refused",
        processes * carts,
        orders.len(),
        updated.values().sum::<usize>(),
    );
    Ok(())
}

/// A child checking every Active cart out with the request id `r-<cart>`, printing `BEGIN` and
/// `DONE` around each call, until killed.
fn checkout_child(url: &str) -> TestResult {
    println!();
    let store = open(url)?;
    for cart in store.list_carts(CUSTOMER)? {
        if cart.status != Some(CartStatus::Active) {
            continue;
        }
        println!("BEGIN {}", cart.id);
        let result = store.checkout_with_request_id(CUSTOMER, &cart.id, &format!("r-{}", cart.id))?;
        println!("DONE {} {}", cart.id, result.orders.len());
    }
    Ok(())
}

/// A cart of 41 lines in two orders (40 monthly EUR lines; the limited item, one-time USD),
/// so that a checkout is a long transaction for a kill to land in.
fn wide_cart() -> Result<cartstore::Cart, serde_json::Error> {
    let mut lines: Vec<serde_json::Value> = (0..40)
        .map(|i| {
            serde_json::json!({"catalogItemId": "EURO:0001:A", "quantity": 1, "termDuration": "P1M",
                "billingCycle": "monthly", "friendlyName": format!("line {i}")})
        })
        .collect();
    lines.push(serde_json::json!({"catalogItemId": SOFT, "quantity": 2, "billingCycle": "one_time"}));
    serde_json::from_value(serde_json::json!({ "lineItems": lines }))
}

#[test]
fn a_client_killed_mid_checkout_leaves_no_partial_order() -> TestResult {
    let test = "postgres::faults::a_client_killed_mid_checkout_leaves_no_partial_order";
    if let Ok(url) = std::env::var(CHILD_URL) {
        return checkout_child(&url);
    }
    let Some(url) = fresh_database(test)? else { return Ok(()) };
    let (carts, rounds): (usize, usize) = (40, 8);
    let store = open(&url)?;
    store.import_catalog(&catalog_with_inventory(10 * carts as i64)?)?;
    for _ in 0..carts {
        store.create_cart(CUSTOMER, &wide_cart()?)?;
    }
    let (mut rolled_back, mut committed) = (0, 0);
    for round in 0..rounds {
        let mut child = child(test, &[(CHILD_URL, url.clone())])?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        // Killed 0 to 2.1 ms after the BEGIN of its second checkout.
        let mut begun = 0;
        let mut killed_in = None;
        for line in lines.by_ref() {
            let line = line?;
            if let Some(id) = line.strip_prefix("BEGIN ") {
                begun += 1;
                if begun == 2 {
                    std::thread::sleep(Duration::from_micros(300 * round as u64));
                    child.kill()?;
                    killed_in = Some(id.to_owned());
                    break;
                }
            }
        }
        child.wait()?;
        let killed_in = killed_in.ok_or("the child ended before its second checkout")?;
        // The checkout it was killed in committed whole before the kill, or not at all.
        match store.get_cart(CUSTOMER, &killed_in)?.status {
            Some(CartStatus::Active) => rolled_back += 1,
            _ => committed += 1,
        }
        no_partial_checkout(&url)?;
    }
    // Every cart now: a retry with its request id replays the stored result, or orders it once.
    let mut replayed = 0;
    for cart in store.list_carts(CUSTOMER)? {
        let was_ordered = cart.status == Some(CartStatus::Ordered);
        let result = store.checkout_with_request_id(CUSTOMER, &cart.id, &format!("r-{}", cart.id))?;
        assert_eq!(result.orders.len(), 2, "cart {}", cart.id);
        replayed += usize::from(was_ordered);
    }
    let orders = all_orders(&store)?;
    assert_eq!(orders.len(), 2 * carts, "nothing lost or doubled");
    assert_eq!(no_partial_checkout(&url)?, (0, carts));
    assert_eq!(store.catalog_item(SOFT)?.inventory, Some(10 * carts as i64 - soft_sold(&orders)));
    eprintln!(
        "{test}: {rounds} clients SIGKILLed inside a checkout call ({rolled_back} rolled back, {committed} had \
         committed); {carts} carts of 41 lines in 2 orders: {replayed} replayed by request id, {} ordered after; {} orders",
        carts - replayed,
        orders.len()
    );
    Ok(())
}

/// What a client of the crash test got: each cart's order ids, how many Unavailable errors it
/// saw, and how many times it called again with the same request id.
type ClientRun = (BTreeMap<String, Vec<String>>, usize, usize);

#[test]
fn a_server_crash_mid_run_loses_and_doubles_nothing() -> TestResult {
    let test = "a_server_crash_mid_run_loses_and_doubles_nothing";
    let Some(cluster) = Cluster::start(test, &[std::ffi::OsStr::new("--durable")])? else { return Ok(()) };
    let url = format!("{}&connect_timeout=5", cluster.url);
    let (clients, carts_each) = (4, 30);
    let store = open(&url)?;
    store.import_catalog(&catalog_with_inventory(1000)?)?;
    let mut shares = Vec::new();
    for _ in 0..clients {
        let mut ids = Vec::new();
        for _ in 0..carts_each {
            ids.push(store.create_cart(CUSTOMER, &three_group_cart()?)?.id);
        }
        shares.push(ids);
    }
    drop(store);
    let done = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = shares
        .into_iter()
        .map(|ids| {
            let (url, done) = (url.clone(), Arc::clone(&done));
            std::thread::spawn(move || -> Result<ClientRun, String> {
                let (mut results, mut unavailable, mut retries) = (BTreeMap::new(), 0, 0);
                // A client that opens its store only once the server is down (a thread started
                // late on a loaded machine) is refused as unavailable too, and retries.
                let mut attempts = 0;
                let store = loop {
                    attempts += 1;
                    match open(&url) {
                        Ok(store) => break store,
                        Err(Error::Storage { kind: StorageKind::Unavailable, .. }) if attempts < 600 => {
                            unavailable += 1;
                            std::thread::sleep(Duration::from_millis(50));
                        }
                        Err(err) => return Err(format!("open, attempt {attempts}: {err:?}")),
                    }
                };
                for id in ids {
                    let mut attempts = 0;
                    let result = loop {
                        attempts += 1;
                        match store.checkout_with_request_id(CUSTOMER, &id, &format!("r-{id}")) {
                            Ok(result) => break result,
                            Err(Error::Storage { kind: StorageKind::Unavailable, .. }) if attempts < 600 => {
                                unavailable += 1;
                                retries += 1;
                                std::thread::sleep(Duration::from_millis(50));
                            }
                            Err(err) => return Err(format!("cart {id}, attempt {attempts}: {err:?}")),
                        }
                    };
                    done.fetch_add(1, Ordering::SeqCst);
                    results.insert(id, result.orders.iter().map(|o| o.id.clone()).collect());
                }
                Ok((results, unavailable, retries))
            })
        })
        .collect();
    // The server crashes once the run is under way, and comes back a moment later.
    while done.load(Ordering::SeqCst) < 10 {
        std::thread::sleep(Duration::from_millis(5));
    }
    cluster.run("crash")?;
    let done_at_crash = done.load(Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(500));
    cluster.run("restart")?;
    let (mut results, mut unavailable, mut retries) = (BTreeMap::new(), 0, 0);
    for handle in handles {
        let (r, u, t) = handle.join().map_err(|_| "client thread panicked")??;
        results.extend(r);
        unavailable += u;
        retries += t;
    }
    assert!(unavailable > 0, "no client saw the crash ({done_at_crash} checkouts done before it)");
    let store = open(&url)?;
    let orders = all_orders(&store)?;
    let listed: BTreeSet<String> = orders.iter().map(|o| o.id.clone()).collect();
    let returned: BTreeSet<String> = results.values().flatten().cloned().collect();
    assert_eq!(results.len(), clients * carts_each);
    assert_eq!(orders.len(), 3 * clients * carts_each, "an order lost or doubled");
    assert_eq!(listed, returned, "the orders stored are not exactly those the clients were given");
    assert_eq!(no_partial_checkout(&url)?, (0, clients * carts_each));
    assert_eq!(store.catalog_item(SOFT)?.inventory, Some(1000 - soft_sold(&orders)));
    eprintln!(
        "{test}: {clients} clients x {carts_each} checkouts, the server crashed after {done_at_crash}; \
         {unavailable} Unavailable errors, {retries} retries with the same request id; {} orders, none lost or doubled",
        orders.len()
    );
    Ok(())
}
