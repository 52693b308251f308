//! Crash recovery and consistent reads: the CLI killed at random instants, another SQLite
//! process killed during a checkpoint, reads racing writes, many first opens at once.
//!
//! Long mode (`CARTSTORE_LONG=1 cargo test --release --test it recovery`) kills more often.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cartstore::{Cart, CartCheckoutResult, OrderQuery, Store};
use serde_json::json;

use crate::reliability::{SOFT, XorShift, catalog_with_inventory, integrity_ok, long_mode};

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;
type SendRes<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const BIN: &str = env!("CARGO_BIN_EXE_cartstore");
const CUSTOMER: &str = "recovery-customer";

/// The CLI on `db`, with the locale and database variables cleared.
fn cli(db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.arg("--db").arg(db).args(args);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "CARTSTORE_DB", "CARTSTORE_MESSAGES"] {
        command.env_remove(name);
    }
    command.stdin(Stdio::null());
    command
}

/// Runs the CLI; its stdout when it exits 0, else an error with its stderr.
fn cli_ok(db: &Path, args: &[&str]) -> Res<Vec<u8>> {
    let out = cli(db, args).output()?;
    if !out.status.success() {
        return Err(
            format!("cartstore {args:?} exited {}: {}", out.status, String::from_utf8_lossy(&out.stderr)).into()
        );
    }
    Ok(out.stdout)
}

/// `(header page count × page size, main file length, -wal length)` of a database file.
fn file_state(path: &Path) -> Res<(u64, u64, u64)> {
    let mut header = [0u8; 100];
    std::fs::File::open(path)?.read_exact(&mut header)?;
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([header[28], header[29], header[30], header[31]]));
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_len = std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len());
    Ok((pages * page_size, std::fs::metadata(path)?.len(), wal_len))
}

// ---------------------------------------------------------------------------------------------
// 1. The CLI killed at random instants.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_cli_killed_at_random_instants_never_leaves_a_file_the_next_call_refuses() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli-kills.db");
    const INVENTORY: i64 = 1_000_000;
    Store::open(&db)?.import_catalog(&catalog_with_inventory(INVENTORY)?)?;
    let body = dir.path().join("cart.json");
    std::fs::write(
        &body,
        json!({"lineItems": [
            {"catalogItemId": "BASIC:0001:A", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"},
            {"catalogItemId": SOFT, "quantity": 2, "billingCycle": "one_time"}
        ]})
        .to_string(),
    )?;
    let body = body.to_str().ok_or("path")?;
    let kills = if long_mode() { 2000 } else { 300 };
    let mut rng = XorShift::seeded();
    let mut results: BTreeMap<String, CartCheckoutResult> = BTreeMap::new();
    let mut short_files = 0;
    let started = Instant::now();
    for round in 0..kills {
        // Every third round kills a `cart create`; the others kill a checkout (the close-time
        // checkpoint included: a call takes 10-30 ms in a debug build).
        if round % 3 == 0 {
            let mut child = cli(&db, &["cart", "create", "--customer", CUSTOMER, body])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            std::thread::sleep(Duration::from_micros(rng.below(30_000)));
            child.kill()?;
            child.wait()?;
            if file_state(&db).is_ok_and(|(want, len, wal)| len < want && wal > 0) {
                short_files += 1;
            }
            cli_ok(&db, &["cart", "list", "--customer", CUSTOMER]).map_err(|e| format!("after kill {round}: {e}"))?;
            continue;
        }
        let created: Cart = serde_json::from_slice(&cli_ok(&db, &["cart", "create", "--customer", CUSTOMER, body])?)?;
        let args = ["cart", "checkout", "--customer", CUSTOMER, "--cart", &created.id, "--request-id", &created.id];
        let mut child = cli(&db, &args).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
        std::thread::sleep(Duration::from_micros(rng.below(30_000)));
        child.kill()?;
        child.wait()?;
        if file_state(&db).is_ok_and(|(want, len, wal)| len < want && wal > 0) {
            short_files += 1;
        }
        // The next call on the file must succeed: the stored result, or the checkout itself.
        let result: CartCheckoutResult =
            serde_json::from_slice(&cli_ok(&db, &args).map_err(|e| format!("after kill {round}: {e}"))?)?;
        assert_eq!(result.orders.len(), 2, "round {round}");
        results.insert(created.id, result);
    }
    integrity_ok(&db)?;
    // Every invariant of the crash test: retries return the stored result, no order lost or
    // doubled, inventory exact.
    let store = Store::open(&db)?;
    for (cart_id, result) in &results {
        let again = store.checkout_with_request_id(CUSTOMER, cart_id, cart_id)?;
        assert_eq!(serde_json::to_value(&again)?, serde_json::to_value(result)?, "cart {cart_id}");
    }
    let expected: BTreeSet<String> = results.values().flat_map(|r| r.orders.iter().map(|o| o.id.clone())).collect();
    let mut listed = Vec::new();
    let mut query = OrderQuery { page_size: Some(1000), ..OrderQuery::default() };
    let total = loop {
        let page = store.list_orders(CUSTOMER, &query)?;
        listed.extend(page.items.into_iter().map(|o| o.id));
        match page.continuation_token {
            Some(token) => query.continuation = Some(token),
            None => break page.total_count,
        }
    };
    let listed_set: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(listed.len(), listed_set.len(), "an order is listed twice");
    assert_eq!(listed_set, expected, "orders lost or doubled");
    assert_eq!(total, expected.len() as u64);
    let sold = 2 * results.len() as i64;
    assert_eq!(store.catalog_item(SOFT)?.inventory, Some(INVENTORY - sold));
    println!(
        "cli kills: {kills} in {:.1?}, {} carts ordered, {} orders; {short_files} kill(s) left the main file shorter than its header with a -wal",
        started.elapsed(),
        results.len(),
        expected.len()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. Another SQLite process killed during `wal_checkpoint(TRUNCATE)`.
// ---------------------------------------------------------------------------------------------

const FOREIGN_CHILD: &str = "CARTSTORE_RECOVERY_FOREIGN_CHILD";
const FOREIGN_PREFIX: &str = "CARTSTORE_RECOVERY_FOREIGN_PREFIX";
/// Rows of 1.2 KB per transaction: four transactions make about 4 MB of WAL to checkpoint.
const ROWS: i64 = 800;

/// A plain SQLite client: commits about 1 MB to the cartstore file in four transactions,
/// saying so after each commit, then checkpoints with TRUNCATE.
fn foreign_writer(path: &str) -> TestResult {
    let prefix = std::env::var(FOREIGN_PREFIX)?;
    let mut conn = rusqlite::Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    let padding = "x".repeat(1200);
    let mut committed = 0i64;
    for batch in 0..4 {
        let tx = conn.transaction()?;
        for i in 0..ROWS {
            tx.execute(
                "INSERT INTO catalog_items (catalog_item_id, title, currency_code, eligible_for_purchase,
                     requires_attestation) VALUES (?1, ?2, 'USD', 1, 0)",
                rusqlite::params![format!("{prefix}-{batch}-{i}"), padding],
            )?;
        }
        tx.commit()?;
        committed += ROWS;
        println!("committed {committed}");
    }
    println!("checkpointing");
    let started = Instant::now();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    println!("done in {} us", started.elapsed().as_micros());
    std::thread::sleep(Duration::from_secs(60));
    Ok(())
}

#[test]
fn another_sqlite_process_killed_during_a_checkpoint_never_makes_the_file_refused() -> TestResult {
    if let Ok(path) = std::env::var(FOREIGN_CHILD) {
        return foreign_writer(&path);
    }
    let dir = tempfile::tempdir()?;
    let exe = std::env::current_exe()?;
    let kills = if long_mode() { 400 } else { 60 };
    let mut rng = XorShift::seeded();
    let (mut short_files, mut during, mut window_us) = (0, 0, 5_000);
    for round in 0..kills {
        // A fresh file each round, so that the checkpoint grows the file (in a reused one it
        // would fill freed pages).
        let db = dir.path().join(format!("foreign-writer-{round}.db"));
        Store::open(&db)?.import_catalog(&catalog_with_inventory(10)?)?;
        let prefix = format!("FW{round}");
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "recovery::another_sqlite_process_killed_during_a_checkpoint_never_makes_the_file_refused",
                "--nocapture",
            ])
            .env(FOREIGN_CHILD, &db)
            .env(FOREIGN_PREFIX, &prefix)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let mut committed = 0i64;
        for line in lines.by_ref() {
            let line = line?;
            if let Some(n) = line.strip_prefix("committed ") {
                committed = n.parse()?;
            }
            if line == "checkpointing" {
                break;
            }
        }
        assert_eq!(committed, 4 * ROWS, "round {round}: the writer did not get to its checkpoint");
        // Every tenth round lets the checkpoint finish, to measure how long one takes; the
        // others kill the writer at a random instant within that time.
        if round % 10 == 0 {
            for line in lines.by_ref() {
                if let Some(us) = line?.strip_prefix("done in ").and_then(|l| l.strip_suffix(" us")) {
                    window_us = us.parse::<u64>()?.max(200);
                    break;
                }
            }
        } else {
            std::thread::sleep(Duration::from_micros(rng.below(window_us)));
        }
        child.kill()?;
        child.wait()?;
        if !lines.any(|l| l.is_ok_and(|l| l.starts_with("done"))) {
            during += 1;
        }
        if file_state(&db).is_ok_and(|(want, len, wal)| len < want && wal > 0) {
            short_files += 1;
        }
        let store = Store::open(&db).map_err(|e| format!("round {round}: {e:?}"))?;
        drop(store);
        let raw = rusqlite::Connection::open(&db)?;
        let found: i64 = raw.query_row(
            "SELECT COUNT(*) FROM catalog_items WHERE catalog_item_id LIKE ?1",
            [format!("{prefix}-%")],
            |r| r.get(0),
        )?;
        assert_eq!(found, committed, "round {round}: committed rows missing");
        drop(raw);
        integrity_ok(&db)?;
        std::fs::remove_file(&db)?;
    }
    println!(
        "foreign writer: {kills} rounds, {during} killed during the checkpoint ({window_us} us), {short_files} left the main file shorter than its header with a -wal"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. Reads see one committed state.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_cart_read_while_another_store_rewrites_it_is_always_one_version() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("torn.db");
    let writer = Store::open(&db)?;
    writer.import_catalog(&catalog_with_inventory(10)?)?;
    let lines = |k: u64| -> SendRes<Cart> {
        // The context (read by a second statement) names the version as well as the quantity.
        let line = json!({"catalogItemId": "BASIC:0001:A", "quantity": k, "termDuration": "P1Y",
            "billingCycle": "monthly", "provisioningContext": {"version": k.to_string()}});
        Ok(serde_json::from_value(json!({"lineItems": vec![line; 6]}))?)
    };
    let created = writer.create_cart(CUSTOMER, &lines(1).map_err(|e| e.to_string())?)?;
    let cart_id = created.id.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let writing = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || -> SendRes<u64> {
            let mut cart = created;
            let mut k = 1;
            while !stop.load(Ordering::Relaxed) {
                k = k % 250 + 1;
                let mut edited = lines(k)?;
                edited.id = cart.id.clone();
                edited.last_modified_timestamp = cart.last_modified_timestamp;
                cart = writer.update_cart(CUSTOMER, &edited)?;
            }
            Ok(k)
        })
    };
    let reader = Store::open(&db)?;
    let reads = if long_mode() { 50_000 } else { 3_000 };
    let mut versions = BTreeSet::new();
    for i in 0..reads {
        let cart = reader.get_cart(CUSTOMER, &cart_id)?;
        let quantities: BTreeSet<i64> = cart
            .line_items
            .iter()
            .flat_map(|l| {
                let context =
                    l.provisioning_context.as_ref().and_then(|c| c.get("version")).and_then(|v| v.parse().ok());
                [l.quantity.as_ref().and_then(|q| q.get()), Some(context.unwrap_or(-1))]
            })
            .flatten()
            .collect();
        assert_eq!(cart.line_items.len(), 6, "read {i}: {} lines", cart.line_items.len());
        assert_eq!(quantities.len(), 1, "read {i} mixes versions: {quantities:?}");
        versions.extend(quantities);
        if i % 500 == 0 {
            let all = reader.list_carts(CUSTOMER)?;
            let listed: BTreeSet<i64> = all
                .iter()
                .flat_map(|c| c.line_items.iter())
                .filter_map(|l| l.quantity.as_ref().and_then(|q| q.get()))
                .collect();
            assert_eq!(listed.len(), 1, "list_carts mixes versions: {listed:?}");
        }
    }
    stop.store(true, Ordering::Relaxed);
    writing.join().map_err(|_| "writer panicked")?.map_err(|e| e.to_string())?;
    assert!(versions.len() > 1, "the writer never got in between reads");
    println!("torn reads: {reads} reads saw {} versions, each whole", versions.len());
    Ok(())
}

#[test]
fn an_order_page_always_has_its_own_total_count_while_checkouts_run() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("pages.db");
    let writer = Store::open(&db)?;
    writer.import_catalog(&catalog_with_inventory(1_000_000)?)?;
    let stop = Arc::new(AtomicBool::new(false));
    let writing = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || -> SendRes<u64> {
            let body: Cart = serde_json::from_value(json!({"lineItems": [
                {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"},
                {"catalogItemId": SOFT, "quantity": 1, "billingCycle": "one_time"}]}))?;
            let mut carts = 0;
            while !stop.load(Ordering::Relaxed) && carts < 400 {
                let cart = writer.create_cart(CUSTOMER, &body)?;
                writer.checkout(CUSTOMER, &cart.id)?;
                carts += 1;
            }
            Ok(carts)
        })
    };
    let reader = Store::open(&db)?;
    let query = OrderQuery { page_size: Some(1000), ..OrderQuery::default() };
    let mut reads = 0;
    let mut last = 0;
    while !writing.is_finished() || reads < 200 {
        let page = reader.list_orders(CUSTOMER, &query)?;
        assert_eq!(page.items.len() as u64, page.total_count, "read {reads}");
        last = page.total_count;
        reads += 1;
        if reads >= 20_000 {
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let carts = writing.join().map_err(|_| "writer panicked")?.map_err(|e| e.to_string())?;
    assert!(last > 0);
    println!("order pages: {reads} reads during {carts} checkouts, each page its own total");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. First opens: many connections and processes open one new (or older) file at once.
// ---------------------------------------------------------------------------------------------

const OPEN_CHILD: &str = "CARTSTORE_RECOVERY_OPEN_CHILD";
const OPEN_AT: &str = "CARTSTORE_RECOVERY_OPEN_AT";

fn epoch_ms() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis())
}

fn open_at(path: &Path, at_ms: u128) -> Res<()> {
    while epoch_ms() < at_ms {
        std::thread::sleep(Duration::from_micros(200));
    }
    let store = Store::open(path).map_err(|e| format!("{e:?}"))?;
    store.list_orders("nobody", &OrderQuery::default())?;
    Ok(())
}

#[test]
fn eight_threads_and_four_processes_opening_one_file_at_once_all_succeed() -> TestResult {
    if let Ok(path) = std::env::var(OPEN_CHILD) {
        let at: u128 = std::env::var(OPEN_AT)?.parse()?;
        return open_at(Path::new(&path), at);
    }
    let dir = tempfile::tempdir()?;
    let exe = std::env::current_exe()?;
    let v1 = crate::fixtures::own_fixtures_dir().join("v1/cartstore-v1.db");
    let rounds = if long_mode() { 100 } else { 12 };
    for round in 0..rounds {
        // Even rounds: a new file; odd rounds: a copy of a wave-1 (schema V1) file to upgrade.
        let path = dir.path().join(format!("first-open-{round}.db"));
        if round % 2 == 1 {
            std::fs::copy(&v1, &path)?;
        }
        let at = epoch_ms() + 400;
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(&exe)
                    .args([
                        "--exact",
                        "recovery::eight_threads_and_four_processes_opening_one_file_at_once_all_succeed",
                        "--nocapture",
                    ])
                    .env(OPEN_CHILD, &path)
                    .env(OPEN_AT, at.to_string())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
            })
            .collect::<Result<_, _>>()?;
        let barrier = Arc::new(Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let path = path.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || -> Result<(), String> {
                    barrier.wait();
                    open_at(&path, at).map_err(|e| e.to_string())
                })
            })
            .collect();
        for thread in threads {
            thread.join().map_err(|_| "thread panicked")?.map_err(|e| format!("round {round}: {e}"))?;
        }
        for child in children {
            let out = child.wait_with_output()?;
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let raw = rusqlite::Connection::open(&path)?;
        let history: Vec<(i64, i64)> = raw
            .prepare("SELECT version, COUNT(*) FROM refinery_schema_history GROUP BY version ORDER BY version")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let want: Vec<(i64, i64)> = (1..=Store::schema_version()).map(|v| (v, 1)).collect();
        assert_eq!(history, want, "round {round}");
    }
    Ok(())
}
