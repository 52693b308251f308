//! Crash safety: a child process checking out carts is killed with SIGKILL again and again;
//! after every kill the file is whole and every invariant holds.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cartstore::model::CartStatus;
use cartstore::{Cart, OrderQuery, OrderStatus, ProvisioningStatus, Store};
use serde_json::json;

use super::{
    SOFT, TestResult, XorShift, all_orders, catalog_with_inventory, integrity_ok, inventory, long_mode, soft_sold,
};

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
                "reliability::crash::sigkill_during_checkouts_never_leaves_a_partial_or_inconsistent_database",
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
