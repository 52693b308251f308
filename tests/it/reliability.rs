//! Reliability: SIGKILL during checkouts, racing processes, a full disk, files the store must
//! not touch, hostile input, a model-based state machine, and tenancy of every call.
//!
//! The heavy tests have a long mode: `CARTSTORE_LONG=1 cargo test --release --test it reliability`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cartstore::CartChange;
use cartstore::model::CartStatus;
use cartstore::{
    Cart, Catalog, Error, InputProblem, ManualClock, OrderQuery, OrderStatus, ProvisioningStatus, StorageKind, Store,
    StoreOptions,
};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::store::{catalog, clock, store_with, three_group_cart};

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

pub const SOFT: &str = "SOFT:0001:A";

pub fn long_mode() -> bool {
    std::env::var("CARTSTORE_LONG").is_ok_and(|v| v == "1")
}

/// A xorshift64 generator seeded from the clock and the process id (no new dependency).
pub struct XorShift(u64);

impl XorShift {
    pub fn seeded() -> XorShift {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64);
        XorShift((nanos ^ (u64::from(std::process::id()) << 32)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The fixture catalog with `SOFT:0001:A` at `inventory`.
pub fn catalog_with_inventory(inventory: i64) -> Res<Catalog> {
    let mut catalog = catalog()?;
    for item in &mut catalog.items {
        if item.catalog_item_id == SOFT {
            item.inventory = Some(inventory);
        }
    }
    Ok(catalog)
}

fn inventory(store: &Store) -> Res<Option<i64>> {
    Ok(store.catalog_item(SOFT)?.inventory)
}

/// Every order of `customer`, following continuation tokens.
fn all_orders(store: &Store, customer: &str) -> Res<Vec<cartstore::model::Order>> {
    let mut out = Vec::new();
    let mut query = OrderQuery { page_size: Some(1000), ..OrderQuery::default() };
    loop {
        let page = store.list_orders(customer, &query)?;
        out.extend(page.items);
        match page.continuation_token {
            Some(token) => query.continuation = Some(token),
            None => return Ok(out),
        }
    }
}

/// Units of `SOFT:0001:A` held by orders that are not cancelled.
fn soft_sold(orders: &[cartstore::model::Order]) -> i64 {
    orders
        .iter()
        .filter(|o| o.status != Some(OrderStatus::Cancelled))
        .flat_map(|o| o.line_items.iter())
        .filter(|l| l.offer_id.as_deref() == Some(SOFT))
        .filter_map(|l| l.quantity)
        .sum()
}

pub fn integrity_ok(path: &Path) -> Res<()> {
    let raw = rusqlite::Connection::open(path)?;
    let verdict: String = raw.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(format!("integrity_check: {verdict}").into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 1. Crash safety: SIGKILL a child process that is checking out carts.
// ---------------------------------------------------------------------------------------------

const CRASH_CHILD: &str = "CARTSTORE_RELIABILITY_CRASH_CHILD";
const CRASH_CUSTOMER: &str = "crash-customer";
const CRASH_INVENTORY: i64 = 300;

fn crash_worker(path: &str) -> TestResult {
    let store = Store::open(path)?;
    let mut rng = XorShift::seeded();
    loop {
        let cart: Cart = serde_json::from_value(json!({"lineItems": [
            {"catalogItemId": "BASIC:0001:A", "quantity": 1 + rng.below(5), "termDuration": "P1Y", "billingCycle": "monthly"},
            {"catalogItemId": SOFT, "quantity": 1 + rng.below(3), "billingCycle": "one_time"}
        ]}))?;
        let cart = store.create_cart(CRASH_CUSTOMER, &cart)?;
        // Request id = cart id, so the parent can ask for the stored result.
        let result = store.checkout_with_request_id(CRASH_CUSTOMER, &cart.id, &cart.id)?;
        let picked = usize::try_from(rng.below(result.orders.len().max(1) as u64)).unwrap_or_default();
        if let Some(order) = result.orders.get(picked) {
            match rng.below(4) {
                0 | 1 => drop(store.cancel_order(CRASH_CUSTOMER, &order.id)?),
                2 => drop(store.record_provisioning(CRASH_CUSTOMER, &order.id, 0, ProvisioningStatus::Fulfilled)?),
                _ => {}
            }
        }
    }
}

/// The same invariants in SQL on a raw connection: cheap enough for every kill. Coupled to the
/// schema on purpose (V1); the public-API check below runs every tenth kill and at the end.
fn quick_crash_check(path: &Path) -> TestResult {
    integrity_ok(path)?;
    let raw = rusqlite::Connection::open(path)?;
    let zero = [
        (
            "orders of a cart that is not Ordered",
            "SELECT count(*) FROM orders o LEFT JOIN carts c ON c.cart_id = o.cart_id WHERE c.status IS NOT 'Ordered'",
        ),
        (
            "Ordered carts without their stored result",
            "SELECT count(*) FROM carts c WHERE c.status = 'Ordered' AND NOT EXISTS
            (SELECT 1 FROM checkouts k WHERE k.cart_id = c.cart_id AND k.request_id = c.cart_id)",
        ),
        (
            "Ordered carts without orders",
            "SELECT count(*) FROM carts c WHERE c.status = 'Ordered'
            AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.cart_id = c.cart_id)",
        ),
        (
            "stored results of carts that are not Ordered",
            "SELECT count(*) FROM checkouts k LEFT JOIN carts c ON c.cart_id = k.cart_id WHERE c.status IS NOT 'Ordered'",
        ),
        (
            "orders without lines",
            "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id)",
        ),
        (
            "order lines without an order",
            "SELECT count(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = l.order_id)",
        ),
        (
            "orders of an unknown status",
            "SELECT count(*) FROM orders WHERE status NOT IN ('pending', 'cancelled', 'completed')",
        ),
        (
            "order_counts that disagree with the orders",
            "SELECT (SELECT count(*) FROM orders) - (SELECT COALESCE(SUM(n), 0) FROM order_counts)",
        ),
    ];
    for (what, sql) in zero {
        let n: i64 = raw.query_row(sql, [], |r| r.get(0))?;
        if n != 0 {
            return Err(format!("{what}: {n}").into());
        }
    }
    let stock: i64 =
        raw.query_row("SELECT inventory FROM catalog_items WHERE catalog_item_id = ?1", [SOFT], |r| r.get(0))?;
    let sold: i64 = raw.query_row(
        "SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.order_id = l.order_id
         WHERE l.offer_id = ?1 AND o.status <> 'cancelled'",
        [SOFT],
        |r| r.get(0),
    )?;
    if stock != CRASH_INVENTORY - sold {
        return Err(format!("inventory {stock}, expected {CRASH_INVENTORY} - {sold}").into());
    }
    Ok(())
}

#[derive(Default)]
struct CrashState {
    /// Ordered carts already checked: cart id → its order ids.
    verified: HashMap<String, BTreeSet<String>>,
    carts: usize,
    orders: usize,
    cancelled: usize,
}

/// Reopens the file and checks every invariant; `full` re-asks every stored result.
fn check_crash_invariants(path: &Path, state: &mut CrashState, full: bool) -> TestResult {
    integrity_ok(path)?;
    let store = Store::open(path)?;
    let carts = store.list_carts(CRASH_CUSTOMER)?;
    let orders = all_orders(&store, CRASH_CUSTOMER)?;
    let total = store.list_orders(CRASH_CUSTOMER, &OrderQuery { page_size: Some(1), ..OrderQuery::default() })?;
    if total.total_count as usize != orders.len() {
        return Err(format!("totalCount {} but {} orders", total.total_count, orders.len()).into());
    }
    let mut listed: BTreeMap<&str, &cartstore::model::Order> = BTreeMap::new();
    for order in &orders {
        if listed.insert(order.id.as_str(), order).is_some() {
            return Err(format!("order {} listed twice", order.id).into());
        }
    }
    let mut owner: HashMap<String, String> = HashMap::new();
    for cart in &carts {
        if cart.status != Some(CartStatus::Ordered) {
            continue;
        }
        let ids = match state.verified.get(&cart.id) {
            Some(ids) if !full => ids.clone(),
            known => {
                let result = store.checkout_with_request_id(CRASH_CUSTOMER, &cart.id, &cart.id)?;
                let ids: BTreeSet<String> = result.orders.iter().map(|o| o.id.clone()).collect();
                if ids.is_empty() || ids.len() != result.orders.len() {
                    return Err(format!("cart {}: stored result has orders {ids:?}", cart.id).into());
                }
                if known.is_some_and(|k| *k != ids) {
                    return Err(format!("cart {}: stored result changed", cart.id).into());
                }
                for order in &result.orders {
                    let stored = listed.get(order.id.as_str()).ok_or_else(|| format!("order {} lost", order.id))?;
                    if stored.line_items != order.line_items {
                        return Err(format!("order {} differs from the stored result", order.id).into());
                    }
                }
                state.verified.insert(cart.id.clone(), ids.clone());
                ids
            }
        };
        for id in ids {
            if !listed.contains_key(id.as_str()) {
                return Err(format!("cart {}: order {id} of its stored result is missing", cart.id).into());
            }
            if let Some(other) = owner.insert(id.clone(), cart.id.clone()) {
                return Err(format!("order {id} belongs to carts {other} and {}", cart.id).into());
            }
        }
    }
    if owner.len() != listed.len() {
        let orphans: Vec<&&str> = listed.keys().filter(|id| !owner.contains_key(**id)).collect();
        return Err(format!("orders without an Ordered cart: {orphans:?}").into());
    }
    let expected = CRASH_INVENTORY - soft_sold(&orders);
    if inventory(&store)? != Some(expected) {
        return Err(format!("inventory {:?}, expected {expected}", inventory(&store)?).into());
    }
    state.carts = carts.len();
    state.orders = orders.len();
    state.cancelled = orders.iter().filter(|o| o.status == Some(OrderStatus::Cancelled)).count();
    Ok(())
}

#[test]
fn sigkill_during_checkouts_never_leaves_a_partial_or_inconsistent_database() -> TestResult {
    if let Ok(path) = std::env::var(CRASH_CHILD) {
        return crash_worker(&path);
    }
    let dir = tempfile::tempdir()?;
    // Long mode kills 2,000 times as 20 files of 100 kills each: the checks read the whole
    // file, and one file written through 2,000 kills grows past 200 MB, so that the checks,
    // not the kills, would take the hours.
    let kills = if long_mode() { 2000 } else { 100 };
    const KILLS_PER_FILE: usize = 100;
    let exe = std::env::current_exe()?;
    let err_path = dir.path().join("child.stderr");
    let mut rng = XorShift::seeded();
    let mut state = CrashState::default();
    let mut totals = CrashState::default();
    let mut path = dir.path().join("crash.db");
    let started = Instant::now();
    let mut check_time = Duration::ZERO;
    for round in 0..kills {
        if round % KILLS_PER_FILE == 0 {
            path = dir.path().join(format!("crash-{}.db", round / KILLS_PER_FILE));
            Store::open(&path)?.import_catalog(&catalog_with_inventory(CRASH_INVENTORY)?)?;
            state = CrashState::default();
        }
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "reliability::sigkill_during_checkouts_never_leaves_a_partial_or_inconsistent_database",
                "--nocapture",
            ])
            .env(CRASH_CHILD, &path)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&err_path)?)
            .spawn()?;
        // The test binary starts in ~50 ms; kill anywhere from startup to a few hundred checkouts.
        std::thread::sleep(Duration::from_millis(20 + rng.below(180)));
        if let Some(status) = child.try_wait()? {
            let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
            return Err(format!("round {round}: the worker stopped by itself ({status}): {stderr}").into());
        }
        child.kill()?;
        child.wait()?;
        let checking = Instant::now();
        // The last kill on each file gets the full check.
        let last = round + 1 == kills || round % KILLS_PER_FILE == KILLS_PER_FILE - 1;
        quick_crash_check(&path).map_err(|e| format!("after kill {}: {e}", round + 1))?;
        if round % 10 == 9 || last {
            check_crash_invariants(&path, &mut state, last).map_err(|e| format!("after kill {}: {e}", round + 1))?;
        }
        check_time += checking.elapsed();
        if last {
            assert!(state.verified.len() >= 10, "the worker hardly ran: {} ordered carts", state.verified.len());
            totals.carts += state.carts;
            totals.orders += state.orders;
            totals.cancelled += state.cancelled;
            totals.verified.extend(state.verified.drain());
        }
    }
    println!(
        "crash: {kills} kills on {} file(s) in {:.1?} ({:.1?} checking): {} carts, {} ordered, {} orders ({} cancelled)",
        kills.div_ceil(KILLS_PER_FILE),
        started.elapsed(),
        check_time,
        totals.carts,
        totals.verified.len(),
        totals.orders,
        totals.cancelled
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. Racing processes: four processes check out the same carts.
// ---------------------------------------------------------------------------------------------

const RACE_CHILD: &str = "CARTSTORE_RELIABILITY_RACE_CHILD";
const RACE_START: &str = "CARTSTORE_RELIABILITY_RACE_START";
const RACE_SEED: &str = "CARTSTORE_RELIABILITY_RACE_SEED";
const RACE_CUSTOMER: &str = "race-customer";

fn race_worker(path: &str) -> TestResult {
    let start: u128 = std::env::var(RACE_START)?.parse()?;
    let seed: usize = std::env::var(RACE_SEED)?.parse()?;
    let store = Store::open(path)?;
    let mut ids: Vec<String> = store.list_carts(RACE_CUSTOMER)?.into_iter().map(|c| c.id).collect();
    if !ids.is_empty() {
        let by = (seed * 37) % ids.len();
        ids.rotate_left(by);
    }
    if seed % 2 == 1 {
        ids.reverse();
    }
    while SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() < start {
        std::thread::sleep(Duration::from_millis(1));
    }
    for id in ids {
        match store.checkout(RACE_CUSTOMER, &id) {
            Ok(result) => {
                let orders: Vec<&str> = result.orders.iter().map(|o| o.id.as_str()).collect();
                println!("WON {id} {}", orders.join(","));
            }
            Err(err) => println!("LOST {id} {}", err.code()),
        }
    }
    Ok(())
}

#[test]
fn four_processes_racing_on_the_same_carts_order_each_exactly_once() -> TestResult {
    if let Ok(path) = std::env::var(RACE_CHILD) {
        return race_worker(&path);
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("race.db");
    let carts = if long_mode() { 500 } else { 100 };
    let initial = 10 * carts;
    let mut cart_ids = BTreeSet::new();
    {
        let store = Store::open(&path)?;
        store.import_catalog(&catalog_with_inventory(initial)?)?;
        for _ in 0..carts {
            cart_ids.insert(store.create_cart(RACE_CUSTOMER, &three_group_cart()?)?.id);
        }
    }
    let exe = std::env::current_exe()?;
    let start = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() + 700;
    let children = (0..4)
        .map(|seed| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "reliability::four_processes_racing_on_the_same_carts_order_each_exactly_once",
                    "--nocapture",
                ])
                .env(RACE_CHILD, &path)
                .env(RACE_START, start.to_string())
                .env(RACE_SEED, seed.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut won: HashMap<String, Vec<String>> = HashMap::new();
    let mut lost: HashMap<String, Vec<i32>> = HashMap::new();
    for child in children {
        let out = child.wait_with_output()?;
        if !out.status.success() {
            return Err(format!("race worker failed: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        for line in String::from_utf8(out.stdout)?.lines() {
            let mut words = line.split(' ');
            match (words.next(), words.next(), words.next()) {
                (Some("WON"), Some(id), orders) => {
                    let orders: Vec<String> = orders.unwrap_or_default().split(',').map(str::to_owned).collect();
                    if won.insert(id.to_owned(), orders).is_some() {
                        return Err(format!("cart {id} was checked out twice").into());
                    }
                }
                (Some("LOST"), Some(id), Some(code)) => lost.entry(id.to_owned()).or_default().push(code.parse()?),
                _ => {}
            }
        }
    }
    let store = Store::open(&path)?;
    let orders = all_orders(&store, RACE_CUSTOMER)?;
    let listed: BTreeSet<String> = orders.iter().map(|o| o.id.clone()).collect();
    assert_eq!(listed.len(), orders.len(), "duplicate orders");
    let mut from_winners = BTreeSet::new();
    for id in &cart_ids {
        let orders = won.get(id).ok_or_else(|| format!("cart {id} was never checked out"))?;
        // three_group_cart has three order groups, and there is inventory for all.
        assert_eq!(orders.len(), 3, "cart {id}: {orders:?}");
        from_winners.extend(orders.iter().cloned());
        let codes = lost.get(id).cloned().unwrap_or_default();
        assert_eq!(codes.len(), 3, "cart {id}: losers {codes:?}");
        assert!(codes.iter().all(|c| *c == 800_065 || *c == 800_064), "cart {id}: losers {codes:?}");
        assert_eq!(store.get_cart(RACE_CUSTOMER, id)?.status, Some(CartStatus::Ordered));
    }
    assert_eq!(from_winners, listed, "the orders listed are not exactly the winners' orders");
    assert_eq!(inventory(&store)?, Some(initial - 3 * carts));
    integrity_ok(&path)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. A full disk.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_checkout_that_does_not_fit_fails_as_full_writes_nothing_and_succeeds_with_room() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("full.db");
    let options = || -> Res<StoreOptions> { Ok(StoreOptions { clock: clock()?, ..StoreOptions::default() }) };
    let cart = {
        let store = Store::open_with(&path, options()?)?;
        store.import_catalog(&catalog()?)?;
        // A cart whose orders and stored result are large, so the checkout needs new pages.
        let mut cart = three_group_cart()?;
        for line in &mut cart.line_items {
            line.friendly_name = Some("x".repeat(4000));
        }
        store.create_cart("cust-a", &cart)?
    };
    // A limit below the current size keeps the file at its size: no page can be added.
    let store = Store::open_with(&path, StoreOptions { max_size_bytes: Some(1), ..options()? })?;
    let before = serde_json::to_value(store.get_cart("cust-a", &cart.id)?)?;
    let stock = inventory(&store)?;
    let err = store.checkout_with_request_id("cust-a", &cart.id, "req-1").err().ok_or("checkout fit")?;
    assert!(matches!(err, Error::Storage { kind: StorageKind::Full, .. }), "{err:?}");
    assert_eq!(serde_json::to_value(store.get_cart("cust-a", &cart.id)?)?, before);
    assert_eq!(store.get_cart("cust-a", &cart.id)?.status, Some(CartStatus::Active));
    assert_eq!(store.list_orders("cust-a", &OrderQuery::default())?.total_count, 0);
    assert_eq!(inventory(&store)?, stock);
    // A new cart does not fit either, and is not half stored.
    let mut big = three_group_cart()?;
    for line in &mut big.line_items {
        line.friendly_name = Some("y".repeat(4000));
    }
    let err = store.create_cart("cust-a", &big).err().ok_or("create_cart fit")?;
    assert!(matches!(err, Error::Storage { kind: StorageKind::Full, .. }), "{err:?}");
    assert_eq!(store.list_carts("cust-a")?.len(), 1);
    drop(store);

    // With room, the same checkout (same request id) succeeds.
    let store = Store::open_with(&path, options()?)?;
    let result = store.checkout_with_request_id("cust-a", &cart.id, "req-1")?;
    assert_eq!(result.orders.len(), 3);
    assert_eq!(store.get_cart("cust-a", &cart.id)?.status, Some(CartStatus::Ordered));
    assert_eq!(store.list_orders("cust-a", &OrderQuery::default())?.total_count, 3);
    assert_eq!(inventory(&store)?, stock.map(|s| s - 3));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. Files the store must refuse without modifying them.
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_files_give_typed_errors_and_are_left_byte_identical() -> TestResult {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir()?;
    let good = dir.path().join("good.db");
    {
        let store = Store::open(&good)?;
        store.import_catalog(&catalog()?)?;
        store.create_cart("cust-a", &three_group_cart()?)?;
    }
    // Closing the last connection checkpoints; this makes sure the file holds everything.
    rusqlite::Connection::open(&good)?.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let good_bytes = std::fs::read(&good)?;

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database ".repeat(100))?;
    // Shorter than SQLite's 100-byte header.
    let short = dir.path().join("short.txt");
    std::fs::write(&short, b"this is not a database, just some text that is long enough to have a header....")?;
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, good_bytes.get(..good_bytes.len() / 2).ok_or("short")?)?;
    let newer = dir.path().join("newer.db");
    drop(Store::open(&newer)?);
    {
        let raw = rusqlite::Connection::open(&newer)?;
        raw.execute_batch(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
             VALUES (9999, 'from_the_future', '2030-01-01T00:00:00Z', '0');",
        )?;
        raw.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    type Want = fn(&Error) -> bool;
    let cases: [(&Path, Want); 4] = [
        (&text, |e| matches!(e, Error::NotADatabase { .. })),
        (&short, |e| matches!(e, Error::NotADatabase { .. })),
        (&truncated, |e| matches!(e, Error::NotADatabase { .. })),
        (&newer, |e| matches!(e, Error::SchemaTooNew { found: 9999, .. })),
    ];
    for (path, want) in cases {
        let before = std::fs::read(path)?;
        let err = Store::open(path).err().ok_or_else(|| format!("{} opened", path.display()))?;
        assert!(want(&err), "{}: {err:?}", path.display());
        assert_eq!(std::fs::read(path)?, before, "{} was modified", path.display());
    }

    let missing = dir.path().join("no/such/dir/x.db");
    let err = Store::open(&missing).err().ok_or("opened in a missing directory")?;
    assert!(matches!(err, Error::Storage { .. }), "{err:?}");
    // The message for logs names the file.
    assert!(err.to_string().contains(&missing.display().to_string()), "{err}");
    assert!(!dir.path().join("no").exists(), "the missing directory was created");

    // Read-only: root ignores permission bits, so detect that and say so.
    let readonly = dir.path().join("readonly.db");
    std::fs::write(&readonly, &good_bytes)?;
    std::fs::set_permissions(&readonly, std::fs::Permissions::from_mode(0o444))?;
    if std::fs::OpenOptions::new().append(true).open(&readonly).is_ok() {
        println!("note: running as root, which ignores file and directory permissions; read-only sub-case skipped");
    } else {
        let err = Store::open(&readonly).err().ok_or("read-only file opened for writing")?;
        assert!(matches!(err, Error::Storage { kind: StorageKind::ReadOnly | StorageKind::Io, .. }), "{err:?}");
        assert_eq!(std::fs::read(&readonly)?, good_bytes, "the read-only file was modified");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. Hostile input.
// ---------------------------------------------------------------------------------------------

const HOSTILE: &str = "hostile-customer";

/// What a hostile request must give.
enum Want {
    /// `create_cart` refuses with `InvalidInput` on exactly this field, with a matching problem.
    Invalid(&'static str, fn(&InputProblem) -> bool),
    /// The cart is stored with a line error of this code on line 0.
    LineError(i64),
    /// A line error on line 0 (any code), or `InvalidInput` on this field.
    LineErrorOrInvalid(&'static str),
    /// `serde_json` refuses the body; the message contains this text.
    ParseFails(&'static str),
    /// Either the parse fails or the store refuses with `InvalidInput`.
    ParseFailsOrInvalid,
}

fn line(quantity: &str) -> String {
    format!(
        r#"{{"catalogItemId": "BASIC:0001:A", "quantity": {quantity}, "termDuration": "P1Y", "billingCycle": "monthly"}}"#
    )
}

fn body(lines: &str) -> Vec<u8> {
    format!(r#"{{"lineItems": [{lines}]}}"#).into_bytes()
}

/// Runs one hostile case; the description of what went wrong, if anything.
fn check(store: &Store, customer: &str, body: &[u8], want: &Want) -> Result<(), String> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let parsed = serde_json::from_slice::<Cart>(body);
        let created = parsed.as_ref().ok().map(|cart| store.create_cart(customer, cart));
        (parsed.map(drop), created)
    }));
    let (parsed, created) = outcome.map_err(|_| "panicked".to_owned())?;
    let verdict = match (want, parsed, created) {
        (Want::ParseFails(text), Err(e), _) => {
            if e.to_string().contains(text) {
                Ok(())
            } else {
                Err(format!("parse error {e:?} does not name {text}"))
            }
        }
        (Want::ParseFailsOrInvalid, Err(_), _) => Ok(()),
        (Want::ParseFailsOrInvalid, Ok(()), Some(Err(Error::InvalidInput { .. }))) => Ok(()),
        (Want::Invalid(field, problem), Ok(()), Some(Err(Error::InvalidInput { field: f, problem: p })))
            if f == *field && problem(&p) =>
        {
            Ok(())
        }
        (Want::LineErrorOrInvalid(field), Ok(()), Some(Err(Error::InvalidInput { field: f, .. }))) if f == *field => {
            Ok(())
        }
        (Want::LineError(_) | Want::LineErrorOrInvalid(_), Ok(()), Some(Ok(cart))) => {
            let code = cart
                .line_items
                .first()
                .and_then(|l| l.error.as_ref())
                .and_then(|e| e.error_code)
                .map(|c| i64::from(c.code()));
            let _ = store.delete_cart(customer, &cart.id);
            match (want, code) {
                (Want::LineError(wanted), Some(code)) if code == *wanted => Ok(()),
                (Want::LineErrorOrInvalid(_), Some(_)) => Ok(()),
                _ => Err(format!("stored with line error {code:?}")),
            }
        }
        (_, parsed, created) => Err(format!("parse {parsed:?}, create {:?}", created.map(|r| r.map(|c| c.id)))),
    };
    let left = store.list_carts(HOSTILE).map_err(|e| format!("list_carts: {e:?}"))?;
    if !left.is_empty() {
        return Err(format!("{} cart(s) written", left.len()));
    }
    verdict
}

fn nested(depth: usize) -> String {
    let mut json = line("1");
    for _ in 1..depth {
        json = format!(
            r#"{{"catalogItemId": "ADDON:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly", "addonItems": [{json}]}}"#
        );
    }
    json
}

#[test]
fn hostile_input_gets_typed_errors_no_panic_and_writes_nothing() -> TestResult {
    let clock = clock()?;
    let store = store_with(&clock)?;
    let mib = "a".repeat(1 << 20);
    let ten_kib = "c".repeat(10 << 10);
    let too_long = |p: &InputProblem| matches!(p, InputProblem::TooLong { .. });
    let big_number = |p: &InputProblem| *p == InputProblem::OutOfRange;
    let hundred_thousand = vec![line("1"); 100_000].join(",");
    let mut invalid_utf8 = body(&line("1"));
    if let Some(at) = invalid_utf8.iter().position(|b| *b == b'B') {
        invalid_utf8.splice(at..=at, [0xff, 0xfe]);
    }
    let with_item =
        |id: &str| body(&format!(r#"{{"catalogItemId": {}, "quantity": 1, "billingCycle": "monthly"}}"#, json!(id)));
    let cases: Vec<(&str, &str, Vec<u8>, Want)> = vec![
        ("quantity 0", HOSTILE, body(&line("0")), Want::LineError(10010)),
        ("quantity -1", HOSTILE, body(&line("-1")), Want::LineErrorOrInvalid("lineItems[0].quantity")),
        ("quantity 2^31", HOSTILE, body(&line("2147483648")), Want::Invalid("lineItems[0].quantity", big_number)),
        (
            "quantity 2^63",
            HOSTILE,
            body(&line("9223372036854775808")),
            Want::Invalid("lineItems[0].quantity", big_number),
        ),
        ("quantity 1e30", HOSTILE, body(&line("1e30")), Want::Invalid("lineItems[0].quantity", big_number)),
        (
            "quantity \"1\"",
            HOSTILE,
            body(&line("\"1\"")),
            Want::Invalid("lineItems[0].quantity", |p| *p == InputProblem::WrongType),
        ),
        (
            "friendlyName 1 MiB",
            HOSTILE,
            body(&format!(
                r#"{{"catalogItemId": "BASIC:0001:A", "quantity": 1, "friendlyName": "{mib}", "billingCycle": "monthly"}}"#
            )),
            Want::Invalid("lineItems[0].friendlyName", too_long),
        ),
        ("catalogItemId 1 MiB", HOSTILE, with_item(&mib), Want::Invalid("lineItems[0].catalogItemId", too_long)),
        ("addonItems 10,000 deep", HOSTILE, body(&nested(10_000)), Want::ParseFailsOrInvalid),
        (
            "addonItems 10 deep",
            HOSTILE,
            body(&nested(10)),
            Want::Invalid("lineItems[0].addonItems[0].addonItems[0].addonItems[0].addonItems", |p| {
                matches!(p, InputProblem::TooDeep { max: 4 })
            }),
        ),
        (
            "100,000 lines",
            HOSTILE,
            body(&hundred_thousand),
            Want::Invalid("lineItems", |p| matches!(p, InputProblem::TooMany { max: 500 })),
        ),
        ("catalogItemId with quotes", HOSTILE, with_item("\"'\"'"), Want::LineError(10001)),
        ("catalogItemId SQL", HOSTILE, with_item("'; DROP TABLE carts; --"), Want::LineError(10001)),
        (
            "catalogItemId NUL",
            HOSTILE,
            with_item("BASIC\0:0001:A"),
            Want::Invalid("lineItems[0].catalogItemId", |p| *p == InputProblem::Invalid),
        ),
        ("catalogItemId RTL mark", HOSTILE, with_item("\u{202E}A:1000:CISAB"), Want::LineError(10001)),
        ("invalid UTF-8", HOSTILE, invalid_utf8, Want::ParseFails("")),
        (
            "number as catalogItemId",
            HOSTILE,
            body(r#"{"catalogItemId": 5, "quantity": 1}"#),
            Want::ParseFails("catalogItemId"),
        ),
        (
            "number as friendlyName",
            HOSTILE,
            body(r#"{"catalogItemId": "BASIC:0001:A", "quantity": 1, "friendlyName": 7}"#),
            Want::ParseFails("friendlyName"),
        ),
        (
            "number as billingCycle",
            HOSTILE,
            body(r#"{"catalogItemId": "BASIC:0001:A", "quantity": 1, "billingCycle": 1}"#),
            Want::ParseFails("billingCycle"),
        ),
        (
            "string as line id",
            HOSTILE,
            body(r#"{"id": "1", "catalogItemId": "BASIC:0001:A", "quantity": 1}"#),
            Want::ParseFails("id"),
        ),
        ("string as lineItems", HOSTILE, br#"{"lineItems": "many"}"#.to_vec(), Want::ParseFails("lineItems")),
        (
            "string as addonItems",
            HOSTILE,
            body(r#"{"catalogItemId": "BASIC:0001:A", "quantity": 1, "addonItems": "x"}"#),
            Want::ParseFails("addonItems"),
        ),
        ("empty customer id", "", body(&line("1")), Want::Invalid("customerId", |p| *p == InputProblem::Missing)),
        ("10 KiB customer id", &ten_kib, body(&line("1")), Want::Invalid("customerId", too_long)),
        ("NUL customer id", "cust\0a", body(&line("1")), Want::Invalid("customerId", |p| *p == InputProblem::Invalid)),
    ];
    let mut failures = Vec::new();
    for (label, customer, body, want) in &cases {
        if let Err(why) = check(&store, customer, body, want) {
            failures.push(format!("{label}: {why}"));
        }
    }

    // Hostile cart ids: not found (NUL and over-long ids are refused as input).
    let hostile_ids = ["\"'\"", "'; DROP TABLE carts; --", "\u{202E}dlrow", "a\0b", &mib, "", "%", "_"];
    for id in hostile_ids {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.get_cart(HOSTILE, id)));
        match outcome {
            Err(_) => failures.push(format!("get_cart({:.20?}): panicked", id)),
            Ok(Err(Error::CartNotFound { .. } | Error::InvalidInput { field: _, problem: _ })) => {}
            Ok(other) => failures.push(format!("get_cart({:.20?}): {:?}", id, other.map(|c| c.id))),
        }
    }
    // Hostile customer ids that are valid strings: stored under exactly that id, isolated.
    let a_cart = store.create_cart("cust-a", &three_group_cart()?)?;
    for customer in ["\"'\"", "'; DROP TABLE carts; --", "\u{202E}a-tsuc", "%", "cust-a "] {
        let cart = store.create_cart(customer, &three_group_cart()?)?;
        let listed: Vec<String> = store.list_carts(customer)?.into_iter().map(|c| c.id).collect();
        if listed != vec![cart.id.clone()] {
            failures.push(format!("customer {customer:?}: lists {listed:?}"));
        }
        if store.get_cart(customer, &a_cart.id).is_ok() {
            failures.push(format!("customer {customer:?} sees cust-a's cart"));
        }
        store.delete_cart(customer, &cart.id)?;
    }
    assert_eq!(store.list_carts("cust-a")?.len(), 1, "cust-a's carts changed");
    assert!(failures.is_empty(), "hostile input failures:\n{}", failures.join("\n"));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. A model-based state machine.
// ---------------------------------------------------------------------------------------------

const MODEL_CUSTOMER: &str = "model-customer";
const MODEL_INVENTORY: i64 = 6;

#[derive(Debug, Clone)]
enum Op {
    Create {
        basic: Option<i64>,
        soft: i64,
    },
    Update {
        cart: usize,
        basic: Option<i64>,
        soft: i64,
    },
    Checkout {
        cart: usize,
    },
    Cancel {
        order: usize,
    },
    Provision {
        order: usize,
        line: i64,
        fulfilled: bool,
    },
    Delete {
        cart: usize,
    },
    /// A catalog import that sets SOFT's inventory (None: unlimited), between any two steps:
    /// between a create and its checkout, or an order and its cancel.
    Restock {
        inventory: Option<i64>,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let lines = (proptest::option::of(1i64..4), 1i64..5);
    prop_oneof![
        3 => lines.clone().prop_map(|(basic, soft)| Op::Create { basic, soft }),
        1 => (any::<usize>(), lines).prop_map(|(cart, (basic, soft))| Op::Update { cart, basic, soft }),
        3 => any::<usize>().prop_map(|cart| Op::Checkout { cart }),
        2 => any::<usize>().prop_map(|order| Op::Cancel { order }),
        2 => (any::<usize>(), 0i64..3, any::<bool>())
            .prop_map(|(order, line, fulfilled)| Op::Provision { order, line, fulfilled }),
        1 => any::<usize>().prop_map(|cart| Op::Delete { cart }),
        1 => prop_oneof![Just(None), Just(Some(i64::MAX)), (0i64..8).prop_map(Some)]
            .prop_map(|inventory| Op::Restock { inventory }),
    ]
}

#[derive(Debug, Clone, PartialEq)]
struct ModelCart {
    id: String,
    basic: Option<i64>,
    soft: i64,
    ordered: bool,
    deleted: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct ModelOrder {
    id: String,
    cart: String,
    soft: i64,
    /// What the order took from SOFT's inventory (0 when it was unlimited at checkout).
    taken: i64,
    status: OrderStatus,
    lines: Vec<ProvisioningStatus>,
}

#[derive(Debug, Default)]
struct Model {
    carts: Vec<ModelCart>,
    orders: Vec<ModelOrder>,
    inventory: Option<i64>,
}

fn model_cart(basic: Option<i64>, soft: i64) -> Res<Cart> {
    let mut lines = Vec::new();
    if let Some(q) = basic {
        lines.push(json!({"catalogItemId": "BASIC:0001:A", "quantity": q, "termDuration": "P1Y", "billingCycle": "monthly",
            "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": q, "termDuration": "P1Y", "billingCycle": "monthly"}]}));
    }
    lines.push(json!({"catalogItemId": SOFT, "quantity": soft, "billingCycle": "one_time"}));
    Ok(serde_json::from_value(json!({ "lineItems": lines }))?)
}

fn pick<T>(items: &[T], i: usize) -> Option<&T> {
    items.get(i.checked_rem(items.len())?)
}

/// Applies `op` to the store and the model; the store's answer must be the model's.
fn step(store: &Store, model: &mut Model, op: &Op) -> Res<()> {
    let c = MODEL_CUSTOMER;
    match op {
        Op::Create { basic, soft } => {
            let cart = store.create_cart(c, &model_cart(*basic, *soft)?)?;
            model.carts.push(ModelCart { id: cart.id, basic: *basic, soft: *soft, ordered: false, deleted: false });
        }
        Op::Update { cart, basic, soft } => {
            let Some(m) = pick(&model.carts, *cart).cloned() else { return Ok(()) };
            let mut edited = model_cart(*basic, *soft)?;
            edited.id = m.id.clone();
            edited.last_modified_timestamp = match store.get_cart(c, &m.id) {
                Ok(current) => current.last_modified_timestamp,
                Err(Error::CartNotFound { .. }) if m.deleted => return Ok(()),
                Err(e) => return Err(e.into()),
            };
            match (store.update_cart(c, &edited), m.ordered) {
                (Ok(_), false) => {
                    let entry = model.carts.iter_mut().find(|x| x.id == m.id).ok_or("lost")?;
                    entry.basic = *basic;
                    entry.soft = *soft;
                }
                (Err(Error::CartAlreadyOrderedCannotChange { operation: CartChange::Update, .. }), true) => {}
                (other, ordered) => return Err(format!("update (ordered {ordered}): {other:?}").into()),
            }
        }
        Op::Checkout { cart } => {
            let Some(m) = pick(&model.carts, *cart).cloned() else { return Ok(()) };
            let got = store.checkout(c, &m.id);
            if m.deleted {
                return match got {
                    Err(Error::CartNotFound { .. }) => Ok(()),
                    other => Err(format!("checkout of a deleted cart: {other:?}").into()),
                };
            }
            if m.ordered {
                return match got {
                    Err(Error::CartAlreadyOrdered { .. }) => Ok(()),
                    other => Err(format!("second checkout: {other:?}").into()),
                };
            }
            let result = got?;
            let soft_ok = model.inventory.is_none_or(|i| m.soft <= i);
            let expected = usize::from(m.basic.is_some()) + usize::from(soft_ok);
            if result.orders.len() != expected {
                return Err(format!("checkout made {} orders, model {expected}", result.orders.len()).into());
            }
            let errors = result.order_errors.as_ref().map_or(0, Vec::len);
            if errors != usize::from(!soft_ok) {
                return Err(format!("checkout gave {errors} order errors, model {}", usize::from(!soft_ok)).into());
            }
            for order in &result.orders {
                let soft: i64 = order
                    .line_items
                    .iter()
                    .filter(|l| l.offer_id.as_deref() == Some(SOFT))
                    .filter_map(|l| l.quantity)
                    .sum();
                let lines = vec![ProvisioningStatus::PrefulfillmentPending; order.line_items.len()];
                let want_lines = if soft > 0 { 1 } else { 2 };
                if lines.len() != want_lines {
                    return Err(format!("order has {} lines, model {want_lines}", lines.len()).into());
                }
                model.orders.push(ModelOrder {
                    id: order.id.clone(),
                    cart: m.id.clone(),
                    soft,
                    taken: if model.inventory.is_some() { soft } else { 0 },
                    status: OrderStatus::Pending,
                    lines,
                });
            }
            if soft_ok && let Some(i) = model.inventory.as_mut() {
                *i -= m.soft;
            }
            if expected > 0 {
                model.carts.iter_mut().find(|x| x.id == m.id).ok_or("lost")?.ordered = true;
            }
        }
        Op::Cancel { order } => {
            let Some(index) = order.checked_rem(model.orders.len()) else { return Ok(()) };
            let m = model.orders.get_mut(index).ok_or("lost")?;
            // A pending order with a fulfilled line is under way: not cancellable (800061).
            let started = m.lines.contains(&ProvisioningStatus::Fulfilled);
            match (store.cancel_order(c, &m.id), m.status) {
                (Ok(o), OrderStatus::Pending) if !started && o.status == Some(OrderStatus::Cancelled) => {
                    m.status = OrderStatus::Cancelled;
                    m.lines.iter_mut().for_each(|l| *l = ProvisioningStatus::Unfulfilled);
                    let taken = m.taken;
                    model.inventory = model.inventory.map(|i| i.saturating_add(taken));
                }
                (Err(Error::OrderCannotBeCancelled { .. }), status) if status != OrderStatus::Pending || started => {}
                (other, status) => return Err(format!("cancel ({status:?}): {other:?}").into()),
            }
        }
        Op::Provision { order, line, fulfilled } => {
            let Some(index) = order.checked_rem(model.orders.len()) else { return Ok(()) };
            let m = model.orders.get_mut(index).ok_or("lost")?;
            let status = if *fulfilled { ProvisioningStatus::Fulfilled } else { ProvisioningStatus::Unfulfilled };
            let got = store.record_provisioning(c, &m.id, *line, status);
            let slot = usize::try_from(*line).ok().and_then(|l| m.lines.get_mut(l));
            match (got, m.status, slot) {
                (Ok(_), OrderStatus::Pending, Some(slot)) => {
                    *slot = status;
                    if m.lines.iter().all(|l| *l == ProvisioningStatus::Fulfilled) {
                        m.status = OrderStatus::Completed;
                    }
                }
                (Err(Error::InvalidInput { field, .. }), OrderStatus::Pending, None) if field == "lineItemNumber" => {}
                (Err(Error::InvalidInput { field, .. }), s, _) if s != OrderStatus::Pending && field == "status" => {}
                (other, s, slot) => {
                    return Err(
                        format!("record_provisioning ({s:?}, line exists {}): {other:?}", slot.is_some()).into()
                    );
                }
            }
        }
        Op::Restock { inventory } => {
            let mut catalog = catalog_with_inventory(0)?;
            for item in &mut catalog.items {
                if item.catalog_item_id == SOFT {
                    item.inventory = *inventory;
                }
            }
            store.import_catalog(&catalog)?;
            model.inventory = *inventory;
        }
        Op::Delete { cart } => {
            let Some(m) = pick(&model.carts, *cart).cloned() else { return Ok(()) };
            match (store.delete_cart(c, &m.id), m.deleted, m.ordered) {
                (Ok(()), false, false) => model.carts.iter_mut().find(|x| x.id == m.id).ok_or("lost")?.deleted = true,
                (Err(Error::CartNotFound { .. }), true, _) => {}
                (Err(Error::CartAlreadyOrderedCannotChange { operation: CartChange::Delete, .. }), false, true) => {}
                (other, deleted, ordered) => {
                    return Err(format!("delete (deleted {deleted}, ordered {ordered}): {other:?}").into());
                }
            }
        }
    }
    Ok(())
}

/// The whole store, compared with the model.
fn agree(store: &Store, model: &Model) -> Res<()> {
    let c = MODEL_CUSTOMER;
    let live: Vec<&ModelCart> = model.carts.iter().filter(|m| !m.deleted).collect();
    let listed = store.list_carts(c)?;
    if listed.len() != live.len() {
        return Err(format!("{} carts listed, model {}", listed.len(), live.len()).into());
    }
    for m in &model.carts {
        match (store.get_cart(c, &m.id), m.deleted) {
            (Err(Error::CartNotFound { .. }), true) => {}
            (Ok(cart), false) => {
                let want = if m.ordered { CartStatus::Ordered } else { CartStatus::Active };
                if cart.status != Some(want) {
                    return Err(format!("cart {} is {:?}, model {want:?}", m.id, cart.status).into());
                }
                let soft: i64 = cart
                    .line_items
                    .iter()
                    .filter(|l| l.catalog_item_id.as_deref() == Some(SOFT))
                    .filter_map(|l| l.quantity.as_ref().and_then(cartstore::model::Quantity::get))
                    .sum();
                if soft != m.soft {
                    return Err(format!("cart {} holds {soft} SOFT, model {}", m.id, m.soft).into());
                }
            }
            (other, deleted) => return Err(format!("get_cart (deleted {deleted}): {:?}", other.map(|c| c.id)).into()),
        }
    }
    let orders = all_orders(store, c)?;
    if orders.len() != model.orders.len() {
        return Err(format!("{} orders, model {}", orders.len(), model.orders.len()).into());
    }
    for m in &model.orders {
        let order = store.get_order(c, &m.id)?;
        if order.status != Some(m.status) {
            return Err(format!("order {} is {:?}, model {:?}", m.id, order.status, m.status).into());
        }
        let lines: Vec<Option<ProvisioningStatus>> =
            store.provisioning_status(c, &m.id)?.items.iter().map(|l| l.status).collect();
        let want: Vec<Option<ProvisioningStatus>> = m.lines.iter().copied().map(Some).collect();
        if lines != want {
            return Err(format!("order {} lines {lines:?}, model {want:?}", m.id).into());
        }
        if !model.carts.iter().any(|x| x.id == m.cart && x.ordered) {
            return Err(format!("order {} has no ordered cart in the model", m.id).into());
        }
    }
    if inventory(store)? != model.inventory {
        return Err(format!("inventory {:?}, model {:?}", inventory(store)?, model.inventory).into());
    }
    Ok(())
}

fn run_model(ops: &[Op]) -> Res<()> {
    let clock = Arc::new(ManualClock::new("2026-06-01T00:00:00Z".parse()?));
    let store = Store::open_in_memory_with(StoreOptions { clock, ..StoreOptions::default() })?;
    store.import_catalog(&catalog_with_inventory(MODEL_INVENTORY)?)?;
    let mut model = Model { inventory: Some(MODEL_INVENTORY), ..Model::default() };
    agree(&store, &model)?;
    for (i, op) in ops.iter().enumerate() {
        step(&store, &mut model, op).map_err(|e| format!("step {i} {op:?}: {e}"))?;
        agree(&store, &model).map_err(|e| format!("after step {i} {op:?}: {e}"))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if long_mode() { 512 } else { 32 },
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_store_agrees_with_a_simple_model_after_every_step(ops in proptest::collection::vec(op(), 1..30)) {
        let outcome = run_model(&ops).map_err(|e| e.to_string());
        prop_assert!(outcome.is_ok(), "{:?}", outcome);
    }
}

// ---------------------------------------------------------------------------------------------
// 7. Tenancy: every call with another customer's ids.
// ---------------------------------------------------------------------------------------------

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
