//! Racing processes: four processes check out the same carts; each cart is ordered exactly once.

use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cartstore::Store;
use cartstore::model::CartStatus;

use crate::store::three_group_cart;

use super::{TestResult, all_orders, catalog_with_inventory, integrity_ok, inventory, long_mode};

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
                    "reliability::race::four_processes_racing_on_the_same_carts_order_each_exactly_once",
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
