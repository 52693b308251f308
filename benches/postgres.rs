//! Issue 26's figures (BENCHMARKS.md, "Issue 26: PostgreSQL"): `cargo bench --bench postgres`.
//!
//! 1. `create_cart` and `checkout` of the ten-line cart (`benches/common`) on PostgreSQL against
//!    the raw `postgres` crate writing the same rows (1 cart, 10 lines, two with pairs; 3 orders,
//!    10 order lines, one with a context, 3 count upserts, the stored result of the library's length,
//!    the cart's status) into the store's own tables in a second database, one transaction each,
//!    statements prepared once per connection (as the SQLite baseline's are cached); library and
//!    baseline alternate round by round (as `examples/perf.rs` does on SQLite); medians and
//!    their ratio.
//! 2. Checkouts a second with 1, 4 and 16 clients, each a thread with its own `Store` (its own
//!    connection) and its own customer, on PostgreSQL and on one SQLite file (WAL): every client
//!    creates its carts first, then all check theirs out at once; checkouts / wall time.
//! 3. Price-list import, rows a second: a list of `CARTSTORE_BENCH_IMPORT_ROWS` rows (default
//!    1,000,000) of the real US file's shape (its rows repeated over synthetic markets, as in
//!    `examples/pricelist_perf.rs`; synthetic rows when the file is absent) into a fresh store,
//!    and the real file (4,370 rows) into a fresh store (median of 3), on both backends; the
//!    process's peak RSS during the big PostgreSQL import.
//! 4. Search: the median of 300 searches (8 texts in turn) on the real catalog, both backends.
//!
//! PostgreSQL is the server of `CARTSTORE_TEST_POSTGRES` (`.ci/postgres.sh start` prints one;
//! each part makes its own database there and drops it); without it the PostgreSQL figures are
//! skipped with a note. `CARTSTORE_BENCH_QUICK=1` runs fewer rounds and 100,000 import rows;
//! `CARTSTORE_BENCH_ONLY=writes|clients|import` runs that part alone (the search runs with
//! the import). Run by `cargo test` (without the `--bench` that `cargo bench` passes), it is a
//! smoke test of every part: the quick rounds and 10,000 import rows, in the test profile, with
//! figures that mean nothing.

use std::error::Error;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use cartstore::{Cart, CatalogQuery, Store};
use postgres::{Client, NoTls, Statement};
use rust_decimal::Decimal;

mod common;
use common::{catalog, ten_line_cart};

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

const CUSTOMER: &str = "bench-customer";

fn main() -> Res<()> {
    let smoke = !std::env::args().any(|a| a == "--bench");
    let quick = smoke || std::env::var("CARTSTORE_BENCH_QUICK").as_deref() == Ok("1");
    let server = std::env::var("CARTSTORE_TEST_POSTGRES").ok().filter(|u| !u.trim().is_empty());
    let import_rows: u64 = match std::env::var("CARTSTORE_BENCH_IMPORT_ROWS") {
        Ok(n) => n.parse()?,
        Err(_) if smoke => 10_000,
        Err(_) if quick => 100_000,
        Err(_) => 1_000_000,
    };
    println!(
        "cartstore issue 26 bench, {}{}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        if smoke {
            " (smoke test under cargo test: quick rounds, 10,000 import rows, no figure to read)"
        } else if quick {
            " (quick)"
        } else {
            ""
        }
    );
    if server.is_none() {
        println!("note: CARTSTORE_TEST_POSTGRES is not set: the PostgreSQL figures are skipped");
    }
    let dir = tempfile::tempdir()?;
    let mut databases = Databases { server: server.clone(), made: Vec::new() };
    let result = run(&mut databases, dir.path(), quick, import_rows);
    databases.drop_all();
    result
}

fn run(databases: &mut Databases, dir: &Path, quick: bool, import_rows: u64) -> Res<()> {
    let cart = ten_line_cart()?;
    let only = std::env::var("CARTSTORE_BENCH_ONLY").ok();
    let part = |name: &str| only.as_deref().is_none_or(|o| o == name);
    // 1. create_cart and checkout against the raw client.
    if databases.server.is_some() && part("writes") {
        let reps = if quick { 100 } else { 400 };
        let store = Store::open(databases.fresh()?)?;
        let raw_url = databases.fresh()?;
        drop(Store::open(&raw_url)?); // the same schema
        let mut raw = Raw::connect(&raw_url)?;
        let w = measure_writes(&store, &mut raw, &cart, reps)?;
        println!(
            "create_cart 10 lines (µs, median): library {:.1}, raw postgres {:.1}, ratio {:.3}",
            us(w.create.0),
            us(w.create.1),
            ratio(w.create)
        );
        println!(
            "checkout 3 orders (µs, median): library {:.1}, raw postgres {:.1}, ratio {:.3} (result {} bytes)",
            us(w.checkout.0),
            us(w.checkout.1),
            ratio(w.checkout),
            w.result_len
        );
    }

    // 2. Checkouts a second with 1, 4 and 16 clients.
    let per_client = if quick { 15 } else { 40 };
    for clients in [1usize, 4, 16].into_iter().filter(|_| part("clients")) {
        let carts = (per_client * 4 / clients.min(4)).max(per_client);
        if databases.server.is_some() {
            let url = databases.fresh()?;
            let rate = throughput(&url, clients, carts, &cart)?;
            println!("checkouts/s, PostgreSQL, {clients:>2} clients: {rate:.0} ({} checkouts)", clients * carts);
        }
        let file = dir.join(format!("clients-{clients}.db"));
        let rate = throughput(file.to_str().ok_or("temporary path is not UTF-8")?, clients, carts, &cart)?;
        println!("checkouts/s, SQLite file, {clients:>2} clients: {rate:.0} ({} checkouts)", clients * carts);
    }

    // 3. Import.
    if !part("import") {
        return Ok(());
    }
    let mut list = tempfile::tempfile()?;
    let bytes = write_real_shape(&mut list, import_rows)?;
    list.seek(SeekFrom::Start(0))?;
    std::io::copy(&mut list, &mut std::io::sink())?; // warm the page cache
    println!("price list: {import_rows} rows of the real file's shape, {:.1} MB", bytes as f64 / 1e6);
    if databases.server.is_some() {
        let store = Store::open(databases.fresh()?)?;
        list.seek(SeekFrom::Start(0))?;
        reset_peak_rss();
        let before = kb("VmRSS:")?;
        let started = Instant::now();
        let report = store.import_price_list(&list)?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "import, PostgreSQL: {} rows in {secs:.2} s = {:.0} rows/s ({} prices added); RSS {:.1} MB before, peak {:.1} MB",
            report.rows,
            report.rows as f64 / secs,
            report.prices_added,
            before / 1024.0,
            kb("VmHWM:")? / 1024.0
        );
        list.seek(SeekFrom::Start(0))?;
        let started = Instant::now();
        let again = store.import_price_list(&list)?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "import again, PostgreSQL: {} rows in {secs:.2} s = {:.0} rows/s ({} unchanged)",
            again.rows,
            again.rows as f64 / secs,
            again.prices_unchanged
        );
    }
    {
        let store = Store::open(dir.join("import.db"))?;
        list.seek(SeekFrom::Start(0))?;
        let started = Instant::now();
        let report = store.import_price_list(&list)?;
        let secs = started.elapsed().as_secs_f64();
        println!("import, SQLite file: {} rows in {secs:.2} s = {:.0} rows/s", report.rows, report.rows as f64 / secs);
    }
    drop(list);
    let Some(real) = real_file() else {
        println!("note: the real US file is absent: no real-file import or search figures");
        return Ok(());
    };
    let real = std::fs::read(real)?;
    let mut searchable = Vec::new();
    if databases.server.is_some() {
        let (ms, store) = import_real(&real, || Ok(Store::open(databases.fresh()?)?))?;
        println!(
            "import of the real file (4,370 rows), PostgreSQL: median {ms:.1} ms = {:.0} rows/s",
            4370.0 / ms * 1e3
        );
        searchable.push(("PostgreSQL", store));
    }
    let mut n = 0;
    let (ms, store) = import_real(&real, || {
        n += 1;
        Ok(Store::open(dir.join(format!("real-{n}.db")))?)
    })?;
    println!("import of the real file (4,370 rows), SQLite file: median {ms:.1} ms = {:.0} rows/s", 4370.0 / ms * 1e3);
    searchable.push(("SQLite file", store));

    // 4. Search.
    let texts =
        ["business basic", "busi bas", "office e3", "teams phone", "defender", "copilot", "exchange online", "visio"];
    for (name, store) in &searchable {
        let mut times = Vec::new();
        for i in 0..300 {
            let text = texts.get(i % texts.len()).copied().unwrap_or("basic");
            let started = Instant::now();
            let page =
                store.search_catalog(&CatalogQuery { text: Some(text.to_owned()), ..CatalogQuery::default() })?;
            times.push(started.elapsed());
            std::hint::black_box(page);
        }
        println!("search on the real catalog, {name}: median {:.3} ms", median(&mut times).as_secs_f64() * 1e3);
    }
    Ok(())
}

/// The databases made on the PostgreSQL server, dropped at the end.
struct Databases {
    server: Option<String>,
    made: Vec<String>,
}

impl Databases {
    /// A new empty database: its URL.
    fn fresh(&mut self) -> Res<String> {
        let server = self.server.as_deref().ok_or("no PostgreSQL server")?;
        let name = format!("bench_{}_{}", std::process::id(), self.made.len());
        let mut client = Client::connect(server, NoTls)?;
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        client.batch_execute(&format!("CREATE DATABASE {name}"))?;
        self.made.push(name.clone());
        Ok(with_dbname(server, &name))
    }

    fn drop_all(&mut self) {
        let Some(server) = self.server.as_deref() else { return };
        let Ok(mut client) = Client::connect(server, NoTls) else { return };
        for name in self.made.drain(..) {
            if let Err(e) = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")) {
                eprintln!("could not drop {name}: {e}");
            }
        }
    }
}

/// `url` with its database name replaced by `dbname`.
fn with_dbname(url: &str, dbname: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base.get(scheme_end..).and_then(|rest| rest.find('/')) {
        Some(slash) => base.get(..scheme_end + slash).unwrap_or(base),
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{dbname}?{query}"),
        None => format!("{base}/{dbname}"),
    }
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn ratio((lib, base): (Duration, Duration)) -> f64 {
    lib.as_secs_f64() / base.as_secs_f64()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Medians (library, baseline) of `create_cart` and `checkout`, and the result's length.
struct Writes {
    create: (Duration, Duration),
    checkout: (Duration, Duration),
    result_len: usize,
}

fn measure_writes(store: &Store, raw: &mut Raw, cart: &Cart, reps: usize) -> Res<Writes> {
    store.import_catalog(&catalog()?)?;
    let sample = store.create_cart(CUSTOMER, cart)?;
    let result_len = serde_json::to_string(&store.checkout(CUSTOMER, &sample.id)?)?.len();
    let mut create_times = (Vec::new(), Vec::new());
    let mut checkout_times = (Vec::new(), Vec::new());
    let warmup = reps / 10;
    for round in 0..warmup + reps {
        // create_cart
        let (l, b) = alternate(
            round,
            || {
                store.create_cart(CUSTOMER, cart)?;
                Ok(())
            },
            || {
                raw_create(raw)?;
                Ok(())
            },
        )?;
        // checkout, on carts made untimed
        let lib_cart = store.create_cart(CUSTOMER, cart)?.id;
        let raw_cart = raw_create(raw)?;
        let (lc, bc) = alternate(
            round,
            || {
                let result = store.checkout(CUSTOMER, &lib_cart)?;
                if result.orders.len() != 3 {
                    return Err(format!("checkout made {} orders, not 3", result.orders.len()).into());
                }
                Ok(())
            },
            || raw_checkout(raw, &raw_cart, result_len),
        )?;
        if round >= warmup {
            create_times.0.push(l);
            create_times.1.push(b);
            checkout_times.0.push(lc);
            checkout_times.1.push(bc);
        }
    }
    Ok(Writes {
        create: (median(&mut create_times.0), median(&mut create_times.1)),
        checkout: (median(&mut checkout_times.0), median(&mut checkout_times.1)),
        result_len,
    })
}

/// Times `lib` and `baseline`, the library first in even rounds and the baseline first in odd
/// ones.
fn alternate(
    round: usize,
    mut lib: impl FnMut() -> Res<()>,
    mut baseline: impl FnMut() -> Res<()>,
) -> Res<(Duration, Duration)> {
    let timed = |f: &mut dyn FnMut() -> Res<()>| -> Res<Duration> {
        let t = Instant::now();
        f()?;
        Ok(t.elapsed())
    };
    if round.is_multiple_of(2) {
        let l = timed(&mut lib)?;
        Ok((l, timed(&mut baseline)?))
    } else {
        let b = timed(&mut baseline)?;
        Ok((timed(&mut lib)?, b))
    }
}

/// The raw client of the baseline and its statements, prepared once (as the SQLite baseline's
/// are cached).
struct Raw {
    client: Client,
    cart: Statement,
    order: Statement,
    order_line: Statement,
    count: Statement,
    status: Statement,
    checkout: Statement,
}

impl Raw {
    fn connect(url: &str) -> Res<Raw> {
        let mut client = Client::connect(url, NoTls)?;
        Ok(Raw {
            cart: client.prepare(
                "INSERT INTO carts (cart_id, customer_id, status, creation_us, last_modified_us, expiration_us,
                     last_modified_user, lines)
                 VALUES ($1, $2, $3, cartstore_at($4), cartstore_at($5), cartstore_at($6), $7, $8)",
            )?,
            order: client.prepare(
                "INSERT INTO orders (order_id, customer_id, cart_id, order_group, alternate_id, billing_cycle,
                     currency_code, currency_symbol, creation_us, status)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, cartstore_at($9), $10)",
            )?,
            order_line: client.prepare(
                "INSERT INTO order_lines (order_id, line_number, customer_id, offer_id, subscription_id,
                     parent_subscription_id, friendly_name, quantity, term_duration, partner_id_on_record, renews_to,
                     list_price, discounted_price, prorated_price, price, extended_price, provisioning_status, has_context,
                     context)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
            )?,
            count: client.prepare(
                "INSERT INTO order_counts (customer_id, billing_cycle, n) VALUES ($1, $2, 1)
                 ON CONFLICT (customer_id, billing_cycle) DO UPDATE SET n = order_counts.n + 1",
            )?,
            status: client.prepare("UPDATE carts SET status = $2, last_modified_us = cartstore_at($3) WHERE cart_id = $1")?,
            checkout: client.prepare(
                "INSERT INTO checkouts (cart_id, customer_id, request_id, created_us, result_json)
                 VALUES ($1, $2, $3, cartstore_at($4), $5)",
            )?,
            client,
        })
    }
}

/// What `create_cart` writes for the ten-line cart: 1 cart row with its ten lines' document
/// (two with pairs; the schema's `lines`, migration 0011), in one transaction.
fn raw_create(raw: &mut Raw) -> Res<String> {
    let now = chrono::Utc::now().timestamp_micros();
    let cart_id = uuid::Uuid::new_v4().to_string();
    let Raw { client, cart, .. } = raw;
    let lines: Vec<serde_json::Value> = (0..10i64)
        .map(|seq| {
            let base = serde_json::json!({
                "id": seq, "item": format!("BASIC:000{}:A", seq % 4 + 1), "qty": 5, "cur": "USD",
                "cycle": "monthly", "term": "P1Y", "group": (seq / 4).to_string(), "min": 1, "eligible": true,
                "prices": ["30.40", "30.40", "30.40", "30.40", "152.00"],
            });
            let mut line = base.as_object().cloned().unwrap_or_default();
            let extra = match seq {
                0 => serde_json::json!({"name": "seats", "has_p": true, "has_a": true,
                    "pairs": [["p", "transaction_reseller", "1234567"]]}),
                1 => serde_json::json!({"up": 0}),
                8 => serde_json::json!({"has_c": true, "pairs": [["c", "note", "keep"]]}),
                _ => serde_json::json!({}),
            };
            line.extend(extra.as_object().cloned().unwrap_or_default());
            serde_json::Value::Object(line)
        })
        .collect();
    let lines = serde_json::to_string(&lines)?;
    let mut tx = client.transaction()?;
    tx.execute(
        &*cart,
        &[&cart_id, &CUSTOMER, &"Active", &now, &now, &(now + 604_800_000_000i64), &"cartstore", &lines],
    )?;
    tx.commit()?;
    Ok(cart_id)
}

/// What `checkout` writes for that cart: 3 orders, 10 order lines (one with a context), 3 count
/// upserts, the cart's status and the stored result (`result_len` bytes), in one transaction.
fn raw_checkout(raw: &mut Raw, cart_id: &str, result_len: usize) -> Res<()> {
    let now = chrono::Utc::now().timestamp_micros();
    let result_json = "x".repeat(result_len);
    let (price, extended) = (Decimal::new(3040, 2), Decimal::new(15200, 2));
    let Raw { client, order, order_line, count, status, checkout, .. } = raw;
    let mut tx = client.transaction()?;
    for (group, lines, cycle) in [(0usize, 5usize, "monthly"), (1, 3, "monthly"), (2, 2, "one_time")] {
        let order_id = uuid::Uuid::new_v4().to_string();
        let alternate = uuid::Uuid::new_v4().simple().to_string();
        tx.execute(
            &*order,
            &[
                &order_id,
                &CUSTOMER,
                &cart_id,
                &group.to_string(),
                &alternate.get(..12),
                &cycle,
                &"USD",
                &"$",
                &now,
                &"pending",
            ],
        )?;
        for n in 0..lines as i64 {
            let none_text: Option<&str> = None;
            tx.execute(
                &*order_line,
                &[
                    &order_id,
                    &n,
                    &CUSTOMER,
                    &"BASIC:0001:A",
                    &uuid::Uuid::new_v4().to_string(),
                    &none_text,
                    &none_text,
                    &5i64,
                    &"P1Y",
                    &(n == 0).then_some("1234567"),
                    &none_text,
                    &price,
                    &price,
                    &price,
                    &price,
                    &extended,
                    &"prefulfillment_pending",
                    &(group == 2 && n == 0),
                    &(group == 2 && n == 0).then_some(r#"{"note":"keep"}"#),
                ],
            )?;
        }
        tx.execute(&*count, &[&CUSTOMER, &cycle])?;
    }
    tx.execute(&*status, &[&cart_id, &"Ordered", &now])?;
    tx.execute(&*checkout, &[&cart_id, &CUSTOMER, &Option::<&str>::None, &now, &result_json])?;
    tx.commit()?;
    Ok(())
}

/// Checkouts a second of `clients` threads, each with its own store on `target` and its own
/// customer, each checking out `carts` carts it made before the clock started.
fn throughput(target: &str, clients: usize, carts: usize, cart: &Cart) -> Res<f64> {
    Store::open(target)?.import_catalog(&catalog()?)?;
    let barrier = Arc::new(Barrier::new(clients + 1));
    let mut threads = Vec::new();
    for client in 0..clients {
        let (target, cart, barrier) = (target.to_owned(), cart.clone(), barrier.clone());
        threads.push(std::thread::spawn(move || -> Res<usize> {
            let customer = format!("client-{client}");
            let made = (|| -> Res<(Store, Vec<String>)> {
                let store = Store::open(&target)?;
                let ids = (0..carts).map(|_| Ok(store.create_cart(&customer, &cart)?.id)).collect::<Res<Vec<_>>>()?;
                Ok((store, ids))
            })();
            barrier.wait();
            let (store, ids) = made?;
            let mut done = 0;
            for id in &ids {
                if store.checkout(&customer, id)?.orders.len() == 3 {
                    done += 1;
                }
            }
            Ok(done)
        }));
    }
    barrier.wait();
    let started = Instant::now();
    let mut done = 0;
    for thread in threads {
        done += thread.join().map_err(|_| "a client panicked")??;
    }
    let secs = started.elapsed().as_secs_f64();
    if done != clients * carts {
        return Err(format!("{done} of {} checkouts made 3 orders", clients * carts).into());
    }
    Ok(done as f64 / secs)
}

/// The median milliseconds of importing the real file into 3 fresh stores, and the last store.
fn import_real(real: &[u8], mut open: impl FnMut() -> Res<Store>) -> Res<(f64, Store)> {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let store = open()?;
        let started = Instant::now();
        store.import_price_list(real)?;
        times.push(started.elapsed());
        last = Some(store);
    }
    let store = last.ok_or("no store")?;
    Ok((median(&mut times).as_secs_f64() * 1e3, store))
}

/// The real US file beside the repository, if present.
fn real_file() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/price-lists/Nov_NCE_LicenseBasedPL_GA_US.csv");
    path.is_file().then_some(path)
}

/// Writes `rows` rows: the real file's rows over synthetic markets (AA, AB, ...), else
/// synthetic rows of the same columns' kinds. Returns the bytes written.
fn write_real_shape(file: &mut std::fs::File, rows: u64) -> Res<u64> {
    let mut out = BufWriter::with_capacity(1 << 20, &mut *file);
    let Some(path) = real_file() else {
        writeln!(
            out,
            "ProductId,SkuId,SkuTitle,SkuDescription,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,Segment"
        )?;
        for i in 0..rows {
            writeln!(
                out,
                "CFQ7TTC{:05},{},Product {} Plan {},\"A plan of product {}, for benchmarks\",P1Y,Monthly,US,USD,{}.{:02},2025-04-01,Commercial",
                i / 3,
                i % 3 + 1,
                i / 3,
                i % 3 + 1,
                i / 3,
                1 + i % 300,
                i % 100
            )?;
        }
        out.flush()?;
        drop(out);
        return Ok(file.stream_position()?);
    };
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    let header = lines.next().ok_or("empty file")?;
    let body: Vec<&str> = lines.collect();
    let market_at = header.trim_start_matches('\u{feff}').split(',').position(|c| c == "Market").ok_or("no Market")?;
    writeln!(out, "{header}")?;
    let mut written = 0;
    'markets: for m in 0u32.. {
        let market = format!("{}{}", char::from(b'A' + (m / 26 % 26) as u8), char::from(b'A' + (m % 26) as u8));
        for line in &body {
            if written == rows {
                break 'markets;
            }
            let mut record = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
            let Some(Ok(fields)) = record.records().next() else { continue };
            let mut writer = csv::Writer::from_writer(Vec::new());
            let fields: Vec<&str> =
                fields.iter().enumerate().map(|(i, f)| if i == market_at { market.as_str() } else { f }).collect();
            writer.write_record(&fields)?;
            out.write_all(&writer.into_inner().map_err(|e| e.to_string())?)?;
            written += 1;
        }
    }
    out.flush()?;
    drop(out);
    Ok(file.stream_position()?)
}

/// Resets VmHWM to the current RSS (Linux >= 4.0); ignored where unsupported.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn kb(field: &str) -> Res<f64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status.lines().find(|l| l.starts_with(field)).ok_or("no such field in /proc/self/status")?;
    Ok(line.trim_start_matches(field).trim().trim_end_matches("kB").trim().parse()?)
}
