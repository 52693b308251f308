//! Reliability, one module per area:
//! - `crash`: SIGKILL during checkouts;
//! - `race`: four processes checking out the same carts;
//! - `storage`: a full disk, and files the store must refuse without touching them;
//! - `hostile`: hostile input;
//! - `state_machine`: the store against a simple model after every step;
//! - `tenancy`: every call with another customer's ids.
//!
//! The heavy tests have a long mode: `CARTSTORE_LONG=1 cargo test --release --test it reliability`.
//! This module holds the helpers they share (and `recovery` uses): the limited-inventory item,
//! the long-mode switch, a seeded generator, the catalog with a given inventory, and the checks
//! of orders, inventory and file integrity.

mod crash;
mod hostile;
mod race;
mod state_machine;
mod storage;
mod tenancy;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use cartstore::{Catalog, OrderQuery, OrderStatus, Store};

use crate::store::catalog;

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
