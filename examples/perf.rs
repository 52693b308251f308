//! Performance figures of cartstore, measured in one process on file databases in a temporary
//! directory, each library figure beside a raw-rusqlite baseline writing the same rows.
//!
//! ```text
//! cargo run --release --example perf -- [--quick] [--json]
//! cargo run --release --example perf -- --profile-checkout N
//! cargo run --release --example perf -- --writes N
//! cargo run --release --example perf -- --profile-pages N
//! ```
//!
//! `--quick` lists 100k orders instead of 1M and repeats less; `--json` prints one JSON object.

use std::error::Error;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use cartstore::model::WireJson;
use cartstore::{Cart, CartErrorCode, Localizer, OrderErrorCode, OrderQuery, Store};
use rusqlite::{Connection, TransactionBehavior, params};
use serde_json::{Value, json};

#[path = "../benches/common/mod.rs"]
mod common;
use common::{catalog, ten_line_cart};

type Res<T> = Result<T, Box<dyn Error>>;

const CUSTOMER: &str = "perf-customer";
const PAGE: u32 = 50;
const SCHEMA: &str = include_str!("../migrations/V1__initial.sql");

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let as_json = args.iter().any(|a| a == "--json");
    if let Some(at) = args.iter().position(|a| a == "--profile-checkout") {
        let rounds: usize = args.get(at + 1).ok_or("--profile-checkout needs a number")?.parse()?;
        return profile_checkout(rounds);
    }
    if let Some(at) = args.iter().position(|a| a == "--profile-pages") {
        let rounds: usize = args.get(at + 1).ok_or("--profile-pages needs a number")?.parse()?;
        return profile_pages(rounds);
    }
    if let Some(at) = args.iter().position(|a| a == "--writes") {
        let reps: usize = args.get(at + 1).ok_or("--writes needs a number")?.parse()?;
        return writes_only(reps);
    }
    let started = Instant::now();
    let dir = tempfile::tempdir()?;
    let reps = if quick { 150 } else { 1000 };

    // 1 and 2: create_cart and checkout against raw rusqlite, on files (the figures the
    // targets are about); on in-memory databases (no I/O: the library's CPU cost alone) at
    // the end.
    let cart = ten_line_cart()?;
    let file = {
        let store = Store::open(dir.path().join("carts.db"))?;
        let base = baseline_open(Some(&dir.path().join("baseline.db")))?;
        let lean = lean_open(Some(&dir.path().join("lean.db")))?;
        measure_writes(&store, &base, &lean, &cart, reps)?
    };
    let (lib_create, base_create, lib_checkout, base_checkout, result_len) =
        (file.create.0, file.create.1, file.checkout.0, file.checkout.1, file.result_len);

    // 3: localized messages, the locales interleaved round by round so that noise from the
    // rest of the machine falls on all of them alike.
    let l10n = l10n_mean_ns(if quick { 300 } else { 3000 });
    let l10n_ns = l10n.iter().map(|(_, ns)| *ns).fold(0.0, f64::max);

    // 4, 5, 6: paging through one customer's orders: one file per size, built first and
    // flushed to disk, then every size paged in turn, round by round, so that the growth
    // figure compares sizes measured in the same moments.
    let sizes: &[u64] = if quick { &[10_000, 100_000] } else { &[10_000, 100_000, 1_000_000] };
    let mut build_s = 0.0;
    let mut paths = Vec::new();
    for &n in sizes {
        let path = dir.path().join(format!("orders-{n}.db"));
        let t = Instant::now();
        bulk_orders(&path, n)?;
        std::fs::File::open(&path)?.sync_all()?;
        build_s += t.elapsed().as_secs_f64();
        paths.push((n, path));
    }
    let top_path = paths.last().map(|(_, p)| p.clone()).ok_or("no sizes")?;
    let peak_before_mb = peak_rss_kb()? / 1024.0;
    reset_peak_rss();
    let open_ms = ms(median_of(if quick { 10 } else { 30 }, 3, || {
        drop(Store::open(&top_path)?);
        Ok(())
    })?);
    let stores = paths.iter().map(|(n, p)| Ok((*n, Store::open(p)?))).collect::<Res<Vec<_>>>()?;
    let listing = list_pages(&stores, if quick { 50 } else { 200 })?;
    drop(stores);
    let peak_rss_mb = peak_rss_kb()? / 1024.0;

    // 1 and 2 again on in-memory databases, last: the thousands of carts and orders they hold
    // would otherwise stay in the heap and count in the listing's peak memory.
    let memory = measure_writes(&Store::open_in_memory()?, &baseline_open(None)?, &lean_open(None)?, &cart, reps)?;
    let page_at = |n: u64| listing.iter().find(|(m, _, _)| *m == n).map(|(_, f, l)| ms(*f).max(ms(*l)));
    let top = sizes.last().copied().unwrap_or_default();
    let list_page_ms_top = page_at(top).unwrap_or_default();
    let list_page_ms_10k = page_at(10_000).unwrap_or_default();
    let growth = if list_page_ms_10k > 0.0 { list_page_ms_top / list_page_ms_10k } else { 0.0 };

    let create_ratio = us(lib_create) / us(base_create);
    let checkout_ratio = us(lib_checkout) / us(base_checkout);
    let mut out = json!({
        "quick": quick,
        "orders": top,
        "repetitions": reps,
        "create_cart_us": us(lib_create),
        "create_cart_baseline_us": us(base_create),
        "create_cart_ratio": round3(create_ratio),
        "checkout_us": us(lib_checkout),
        "checkout_baseline_us": us(base_checkout),
        "checkout_ratio": round3(checkout_ratio),
        "checkout_result_json_bytes": result_len,
        "lean_create_cart_baseline_us": us(file.lean.0),
        "lean_create_cart_ratio": round3(us(lib_create) / us(file.lean.0)),
        "lean_checkout_baseline_us": us(file.lean.1),
        "lean_checkout_ratio": round3(us(lib_checkout) / us(file.lean.1)),
        "memory_lean_create_cart_baseline_us": us(memory.lean.0),
        "memory_lean_create_cart_ratio": round3(us(memory.create.0) / us(memory.lean.0)),
        "memory_lean_checkout_baseline_us": us(memory.lean.1),
        "memory_lean_checkout_ratio": round3(us(memory.checkout.0) / us(memory.lean.1)),
        "memory_create_cart_us": us(memory.create.0),
        "memory_create_cart_baseline_us": us(memory.create.1),
        "memory_create_cart_ratio": round3(us(memory.create.0) / us(memory.create.1)),
        "memory_checkout_us": us(memory.checkout.0),
        "memory_checkout_baseline_us": us(memory.checkout.1),
        "memory_checkout_ratio": round3(us(memory.checkout.0) / us(memory.checkout.1)),
        "l10n_ns": round3(l10n_ns),
        "l10n_ns_by_locale": l10n.iter().map(|(l, ns)| ((*l).to_owned(), json!(round3(*ns)))).collect::<serde_json::Map<String, Value>>(),
        "list_page_ms_1m": round3(list_page_ms_top),
        "list_growth_10k_1m": round3(growth),
        "list_pages": listing.iter().map(|(n, f, l)| json!({"orders": n, "first_ms": round3(ms(*f)), "last_ms": round3(ms(*l))})).collect::<Vec<_>>(),
        "open_ms": round3(open_ms),
        "peak_rss_mb": round3(peak_rss_mb),
        "peak_rss_mb_whole_process_before_listing": round3(peak_before_mb),
        "bulk_build_s": round3(build_s),
        "total_s": round3(started.elapsed().as_secs_f64()),
    });
    if let Some(obj) = out.as_object_mut() {
        obj.insert("list_sizes".to_owned(), json!(sizes));
    }
    if as_json {
        println!("{out}");
    } else {
        print_table(&out, quick);
    }
    Ok(())
}

fn print_table(v: &Value, quick: bool) {
    let f = |k: &str| v.get(k).map_or_else(String::new, Value::to_string);
    let top = if quick { "100k (quick)" } else { "1M" };
    println!("cartstore perf{}", if quick { " (--quick)" } else { "" });
    println!("{:<46} {:>12} {:>12} {:>8}", "figure", "library", "baseline", "ratio");
    println!(
        "{:<46} {:>12} {:>12} {:>8}",
        "create_cart 10 lines (µs, median)",
        f("create_cart_us"),
        f("create_cart_baseline_us"),
        f("create_cart_ratio")
    );
    println!(
        "{:<46} {:>12} {:>12} {:>8}",
        "checkout 3 orders (µs, median)",
        f("checkout_us"),
        f("checkout_baseline_us"),
        f("checkout_ratio")
    );
    println!(
        "{:<46} {:>12} {:>12} {:>8}",
        "create_cart, in memory (µs, median)",
        f("memory_create_cart_us"),
        f("memory_create_cart_baseline_us"),
        f("memory_create_cart_ratio")
    );
    println!(
        "{:<46} {:>12} {:>12} {:>8}",
        "checkout, in memory (µs, median)",
        f("memory_checkout_us"),
        f("memory_checkout_baseline_us"),
        f("memory_checkout_ratio")
    );
    for (label, lib, base, ratio) in [
        ("create_cart, lean baseline", "create_cart_us", "lean_create_cart_baseline_us", "lean_create_cart_ratio"),
        ("checkout, lean baseline", "checkout_us", "lean_checkout_baseline_us", "lean_checkout_ratio"),
        (
            "create_cart, in memory, lean baseline",
            "memory_create_cart_us",
            "memory_lean_create_cart_baseline_us",
            "memory_lean_create_cart_ratio",
        ),
        (
            "checkout, in memory, lean baseline",
            "memory_checkout_us",
            "memory_lean_checkout_baseline_us",
            "memory_lean_checkout_ratio",
        ),
    ] {
        println!("{:<46} {:>12} {:>12} {:>8}", label, f(lib), f(base), f(ratio));
    }
    if let Some(Value::Object(by)) = v.get("l10n_ns_by_locale") {
        for (loc, ns) in by {
            println!("{:<46} {:>12}", format!("l10n ns/message [{loc}]"), ns.to_string());
        }
    }
    if let Some(Value::Array(pages)) = v.get("list_pages") {
        for p in pages {
            let g = |k: &str| p.get(k).map_or_else(String::new, Value::to_string);
            println!(
                "{:<46} {:>12} {:>12}",
                format!("list_orders page 50 @ {} (ms first/last)", g("orders")),
                g("first_ms"),
                g("last_ms")
            );
        }
    }
    println!("{:<46} {:>12}", format!("list_page_ms @ {top}"), f("list_page_ms_1m"));
    println!("{:<46} {:>12}", format!("list growth 10k -> {top}"), f("list_growth_10k_1m"));
    println!("{:<46} {:>12}", format!("Store::open @ {top} (ms, median)"), f("open_ms"));
    println!("{:<46} {:>12}", "peak RSS during listing (MB)", f("peak_rss_mb"));
    println!("{:<46} {:>12}", "bulk build (s) / total (s)", format!("{} / {}", f("bulk_build_s"), f("total_s")));
}

fn us(d: Duration) -> f64 {
    round3(d.as_secs_f64() * 1e6)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Medians of one kind of database: (library, baseline) for `create_cart` and for `checkout`,
/// and the length of the library's checkout result (the baseline stores as many bytes).
struct Writes {
    create: (Duration, Duration),
    checkout: (Duration, Duration),
    /// The lean baseline's medians (`create_cart`, `checkout`), timed in the same rounds.
    lean: (Duration, Duration),
    result_len: usize,
}

/// Sections 1 and 2 on `store`, `base` (the full schema) and `lean` (a hand-coder's minimal
/// schema): the three calls rotate round by round, so that whatever else the machine does at a
/// moment falls on all alike.
fn measure_writes(store: &Store, base: &Connection, lean: &Connection, cart: &Cart, reps: usize) -> Res<Writes> {
    store.import_catalog(&catalog()?)?;
    let sample = store.create_cart(CUSTOMER, cart)?;
    let result_len = serde_json::to_string(&store.checkout(CUSTOMER, &sample.id)?)?.len();
    let create = rotated(
        reps,
        reps / 10,
        || Ok(()),
        &mut [
            &mut |(): &()| store.create_cart(CUSTOMER, cart).map(drop).map_err(Into::into),
            &mut |(): &()| baseline_create(base).map(drop),
            &mut |(): &()| lean_create(lean).map(drop),
        ],
    )?;
    let checkout = rotated(
        reps,
        reps / 10,
        || Ok((store.create_cart(CUSTOMER, cart)?.id, baseline_create(base)?, lean_create(lean)?)),
        &mut [
            &mut |(lib_cart, _, _): &(String, String, String)| {
                let result = store.checkout(CUSTOMER, lib_cart)?;
                if result.orders.len() != 3 {
                    return Err(format!("checkout made {} orders, not 3", result.orders.len()).into());
                }
                Ok(())
            },
            &mut |(_, base_cart, _): &(String, String, String)| baseline_checkout(base, base_cart, result_len),
            &mut |(_, _, lean_cart): &(String, String, String)| lean_checkout(lean, lean_cart, result_len),
        ],
    )?;
    let at = |v: &[Duration], i: usize| v.get(i).copied().unwrap_or_default();
    Ok(Writes {
        create: (at(&create, 0), at(&create, 1)),
        checkout: (at(&checkout, 0), at(&checkout, 1)),
        lean: (at(&create, 2), at(&checkout, 2)),
        result_len,
    })
}

/// `--profile-checkout N`: the library alone, N in-memory `create_cart` + `checkout` rounds (for
/// `perf record`: nothing else in the process), then the two medians.
fn profile_checkout(rounds: usize) -> Res<()> {
    let store = Store::open_in_memory()?;
    store.import_catalog(&catalog()?)?;
    let cart = ten_line_cart()?;
    let (mut create, mut checkout) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = Instant::now();
        let made = store.create_cart(CUSTOMER, &cart)?;
        create.push(t.elapsed());
        let t = Instant::now();
        black_box(store.checkout(CUSTOMER, &made.id)?);
        checkout.push(t.elapsed());
    }
    println!(
        "in memory, {rounds} rounds: create_cart {} µs, checkout {} µs",
        us(median(&mut create)),
        us(median(&mut checkout))
    );
    Ok(())
}

/// `--profile-pages N`: the first and the last page of 50 of 10,000 orders on a file, N times
/// each, and their medians: a loop to run under a profiler.
fn profile_pages(rounds: usize) -> Res<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.db");
    bulk_orders(&path, 10_000)?;
    let stores = [(10_000, Store::open(&path)?)];
    for (n, first, last) in list_pages(&stores, rounds)? {
        println!("{rounds} rounds, {n} orders: first page {} µs, last page {} µs", us(first), us(last));
    }
    // The first page's compact JSON, as serde_json writes it and as the wire types' own writer
    // does (the C ABI's way): the same bytes, timed in turn.
    let page = stores[0].1.list_orders(CUSTOMER, &OrderQuery { page_size: Some(PAGE), ..OrderQuery::default() })?;
    if page.to_json()?.into_bytes() != serde_json::to_vec(&page)? {
        return Err("the page's JSON differs between serde_json and WireJson".into());
    }
    let (mut serde, mut wire) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(serde_json::to_vec(black_box(&page))?);
        serde.push(t.elapsed());
        let t = Instant::now();
        black_box(black_box(&page).to_json()?);
        wire.push(t.elapsed());
    }
    println!(
        "the first page as JSON ({} bytes): serde_json {} µs, WireJson {} µs",
        serde_json::to_vec(&page)?.len(),
        us(median(&mut serde)),
        us(median(&mut wire))
    );
    Ok(())
}

/// `--writes N`: sections 1 and 2 alone (create_cart and checkout against both baselines, on
/// files, then in memory), N timed rounds each, one line a medium: for comparing two builds
/// run in alternation.
fn writes_only(reps: usize) -> Res<()> {
    let dir = tempfile::tempdir()?;
    let cart = ten_line_cart()?;
    let file = measure_writes(
        &Store::open(dir.path().join("carts.db"))?,
        &baseline_open(Some(&dir.path().join("baseline.db")))?,
        &lean_open(Some(&dir.path().join("lean.db")))?,
        &cart,
        reps,
    )?;
    let memory = measure_writes(&Store::open_in_memory()?, &baseline_open(None)?, &lean_open(None)?, &cart, reps)?;
    for (name, w) in [("file", &file), ("memory", &memory)] {
        println!(
            "{name}: create_cart {:.1} µs (lean {:.1}, {:.2}x; full {:.1}), checkout {:.1} µs (lean {:.1}, {:.2}x; full {:.1})",
            us(w.create.0),
            us(w.lean.0),
            us(w.create.0) / us(w.lean.0),
            us(w.create.1),
            us(w.checkout.0),
            us(w.lean.1),
            us(w.checkout.0) / us(w.lean.1),
            us(w.checkout.1),
        );
    }
    Ok(())
}

/// One timed call of a round.
type Call<'a, S> = &'a mut dyn FnMut(&S) -> Res<()>;

/// `warmup` untimed rounds, then `n` timed ones; each round runs `setup` untimed, then every
/// call once on what it made, round `r` starting with call `r % calls.len()` (so that none
/// always runs on caches another warmed or cooled). The median of each call, in order.
fn rotated<S>(
    n: usize,
    warmup: usize,
    mut setup: impl FnMut() -> Res<S>,
    calls: &mut [Call<'_, S>],
) -> Res<Vec<Duration>> {
    let k = calls.len();
    let mut times: Vec<Vec<Duration>> = (0..k).map(|_| Vec::with_capacity(n)).collect();
    for round in 0..warmup + n {
        let s = setup()?;
        for j in 0..k {
            let i = (round + j) % k;
            let (Some(call), Some(slot)) = (calls.get_mut(i), times.get_mut(i)) else { continue };
            let t = Instant::now();
            call(&s)?;
            let d = t.elapsed();
            if round >= warmup {
                slot.push(d);
            }
        }
    }
    Ok(times.iter_mut().map(|t| median(t)).collect())
}

/// Runs `f` `warmup` times untimed, then `n` times timed; the median.
fn median_of(n: usize, warmup: usize, mut f: impl FnMut() -> Res<()>) -> Res<Duration> {
    for _ in 0..warmup {
        f()?;
    }
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f()?;
        times.push(t.elapsed());
    }
    Ok(median(&mut times))
}

/// The baseline file: the store's own tables (the V1 schema), same pragmas, no library code.
fn baseline_open(path: Option<&Path>) -> Res<Connection> {
    let conn = match path {
        Some(path) => {
            let conn = Connection::open(path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn
        }
        None => Connection::open_in_memory()?,
    };
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// What `create_cart` writes for the ten-line cart (1 cart row, 10 line rows, 2 pair rows),
/// in one IMMEDIATE transaction with cached statements.
fn baseline_create(conn: &Connection) -> Res<String> {
    let now = chrono::Utc::now().timestamp_micros();
    let cart_id = uuid::Uuid::new_v4().to_string();
    conn.execute_batch("BEGIN IMMEDIATE")?;
    conn.prepare_cached(
        "INSERT INTO carts (cart_id, customer_id, status, creation_us, last_modified_us, expiration_us,
             last_modified_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![cart_id, CUSTOMER, "Active", now, now, now + 604_800_000_000i64, "cartstore"])?;
    let mut line = conn.prepare_cached(
        "INSERT INTO cart_lines (cart_id, seq, customer_id, parent_seq, line_id, catalog_item_id, friendly_name,
             quantity, currency_code, billing_cycle, term_duration, order_group, renews_to, attestation_accepted,
             promotion_id, custom_term_end_us, error_code, available_quantity, purchased_quantity, list_price,
             discounted_price, prorated_price, price, extended_price, has_participants, has_context, has_addons)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
             ?22, ?23, ?24, ?25, ?26, ?27)",
    )?;
    let mut pair = conn.prepare_cached(
        "INSERT INTO cart_line_pairs (cart_id, seq, kind, position, key, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for seq in 0..10i64 {
        let parent: Option<i64> = (seq == 1).then_some(0);
        line.execute(params![
            cart_id,
            seq,
            CUSTOMER,
            parent,
            seq,
            format!("BASIC:000{}:A", seq % 4 + 1),
            (seq == 0).then_some("seats"),
            5,
            "USD",
            "monthly",
            "P1Y",
            (seq / 4).to_string(),
            Option::<String>::None,
            Option::<bool>::None,
            Option::<String>::None,
            Option::<i64>::None,
            Option::<i32>::None,
            Option::<i64>::None,
            Option::<i64>::None,
            "30.40",
            "30.40",
            "30.40",
            "30.40",
            "152.00",
            seq == 0,
            seq == 8,
            seq == 0,
        ])?;
    }
    pair.execute(params![cart_id, 0, "p", 0, "transaction_reseller", "1234567"])?;
    pair.execute(params![cart_id, 8, "c", 0, "note", "keep"])?;
    conn.execute_batch("COMMIT")?;
    Ok(cart_id)
}

/// What `checkout` writes for that cart: 3 orders, 10 order lines, 1 context row, 3 count
/// upserts, the stored result (`result_len` bytes) and the cart's status.
fn baseline_checkout(conn: &Connection, cart_id: &str, result_len: usize) -> Res<()> {
    let now = chrono::Utc::now().timestamp_micros();
    let result_json = "x".repeat(result_len);
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let mut order = conn.prepare_cached(
        "INSERT INTO orders (order_id, customer_id, cart_id, order_group, alternate_id, billing_cycle, currency_code,
             currency_symbol, creation_us, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut line = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, line_number, customer_id, offer_id, subscription_id,
             parent_subscription_id, friendly_name, quantity, term_duration, partner_id_on_record, renews_to,
             list_price, discounted_price, prorated_price, price, extended_price, provisioning_status, has_context)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    let mut count = conn.prepare_cached(
        "INSERT INTO order_counts (customer_id, billing_cycle, n) VALUES (?1, ?2, 1)
         ON CONFLICT (customer_id, billing_cycle) DO UPDATE SET n = n + 1",
    )?;
    for (group, lines, cycle) in [(0usize, 5usize, "monthly"), (1, 3, "monthly"), (2, 2, "one_time")] {
        let order_id = uuid::Uuid::new_v4().to_string();
        let alternate = uuid::Uuid::new_v4().simple().to_string();
        order.execute(params![
            order_id,
            CUSTOMER,
            cart_id,
            group.to_string(),
            alternate.get(..12),
            cycle,
            "USD",
            "$",
            now,
            "pending"
        ])?;
        for n in 0..lines as i64 {
            line.execute(params![
                order_id,
                n,
                CUSTOMER,
                "BASIC:0001:A",
                uuid::Uuid::new_v4().to_string(),
                Option::<String>::None,
                Option::<String>::None,
                5,
                "P1Y",
                (n == 0).then_some("1234567"),
                Option::<String>::None,
                "30.40",
                "30.40",
                "30.40",
                "30.40",
                "152.00",
                "prefulfillment_pending",
                group == 2 && n == 0,
            ])?;
            if group == 2 && n == 0 {
                conn.prepare_cached(
                    "INSERT INTO order_line_context (order_id, line_number, key, value) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![order_id, n, "note", "keep"])?;
            }
        }
        count.execute(params![CUSTOMER, cycle])?;
    }
    conn.prepare_cached("UPDATE carts SET status = ?2, last_modified_us = ?3 WHERE cart_id = ?1")?
        .execute(params![cart_id, "Ordered", now])?;
    conn.prepare_cached(
        "INSERT INTO checkouts (cart_id, customer_id, request_id, created_us, result_json) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![cart_id, CUSTOMER, Option::<String>::None, now, result_json])?;
    conn.execute_batch("COMMIT")?;
    Ok(())
}

/// The lean baseline's schema: what a hand-coder would write for the same carts, orders and
/// stored checkout results. No catalog copy, no counters, no line facts the JSON does not need;
/// participants and provisioning context as one JSON text column; one index for paging orders.
const LEAN_SCHEMA: &str = "
CREATE TABLE carts (cart_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, status TEXT NOT NULL,
    created_us INTEGER NOT NULL, expires_us INTEGER NOT NULL);
CREATE TABLE cart_lines (cart_id TEXT NOT NULL, seq INTEGER NOT NULL, parent_seq INTEGER,
    item_id TEXT NOT NULL, friendly_name TEXT, quantity INTEGER NOT NULL, currency TEXT NOT NULL,
    billing_cycle TEXT NOT NULL, term TEXT, order_group TEXT NOT NULL, price TEXT NOT NULL,
    extended_price TEXT NOT NULL, extras TEXT, PRIMARY KEY (cart_id, seq));
CREATE TABLE orders (seq INTEGER PRIMARY KEY, order_id TEXT NOT NULL UNIQUE, customer_id TEXT NOT NULL,
    cart_id TEXT NOT NULL, billing_cycle TEXT NOT NULL, currency TEXT NOT NULL, created_us INTEGER NOT NULL,
    status TEXT NOT NULL);
CREATE INDEX orders_by_customer ON orders (customer_id, seq);
CREATE TABLE order_lines (order_id TEXT NOT NULL, line_number INTEGER NOT NULL, offer_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL, friendly_name TEXT, quantity INTEGER NOT NULL, term TEXT,
    price TEXT NOT NULL, extended_price TEXT NOT NULL, extras TEXT, PRIMARY KEY (order_id, line_number));
CREATE TABLE checkouts (cart_id TEXT PRIMARY KEY, result_json TEXT NOT NULL);
";

/// The lean baseline's database: [`LEAN_SCHEMA`], the same pragmas as the store's.
fn lean_open(path: Option<&Path>) -> Res<Connection> {
    let conn = match path {
        Some(path) => {
            let conn = Connection::open(path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn
        }
        None => Connection::open_in_memory()?,
    };
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch(LEAN_SCHEMA)?;
    Ok(conn)
}

/// The ten-line cart in the lean schema: 1 cart row, 10 line rows (two with extras).
fn lean_create(conn: &Connection) -> Res<String> {
    let now = chrono::Utc::now().timestamp_micros();
    let cart_id = uuid::Uuid::new_v4().to_string();
    conn.execute_batch("BEGIN IMMEDIATE")?;
    conn.prepare_cached(
        "INSERT INTO carts (cart_id, customer_id, status, created_us, expires_us) VALUES (?1, ?2, 'Active', ?3, ?4)",
    )?
    .execute(params![cart_id, CUSTOMER, now, now + 604_800_000_000i64])?;
    let mut line = conn.prepare_cached(
        "INSERT INTO cart_lines (cart_id, seq, parent_seq, item_id, friendly_name, quantity, currency, billing_cycle,
             term, order_group, price, extended_price, extras) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for seq in 0..10i64 {
        let extras = match seq {
            0 => Some(r#"{"participants":[{"key":"transaction_reseller","value":"1234567"}]}"#),
            8 => Some(r#"{"provisioningContext":{"note":"keep"}}"#),
            _ => None,
        };
        line.execute(params![
            cart_id,
            seq,
            (seq == 1).then_some(0i64),
            format!("BASIC:000{}:A", seq % 4 + 1),
            (seq == 0).then_some("seats"),
            5,
            "USD",
            "monthly",
            "P1Y",
            (seq / 4).to_string(),
            "30.40",
            "152.00",
            extras,
        ])?;
    }
    conn.execute_batch("COMMIT")?;
    Ok(cart_id)
}

/// Checkout in the lean schema: the cart taken from Active to Ordered (refused otherwise), its
/// lines read back (a hand-coder must, to write the orders), 3 orders and 10 order lines
/// written, and the result stored (`result_len` bytes, like the library's JSON).
fn lean_checkout(conn: &Connection, cart_id: &str, result_len: usize) -> Res<()> {
    let now = chrono::Utc::now().timestamp_micros();
    let result_json = "x".repeat(result_len);
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let taken = conn
        .prepare_cached(
            "UPDATE carts SET status = 'Ordered' WHERE cart_id = ?1 AND customer_id = ?2 AND status = 'Active'",
        )?
        .execute(params![cart_id, CUSTOMER])?;
    if taken != 1 {
        conn.execute_batch("ROLLBACK")?;
        return Err("lean cart not active".into());
    }
    type Line = (i64, String, Option<String>, i64, Option<String>, String, String, String, Option<String>);
    let lines: Vec<Line> = conn
        .prepare_cached(
            "SELECT seq, item_id, friendly_name, quantity, term, order_group, price, extended_price, extras
             FROM cart_lines WHERE cart_id = ?1 ORDER BY seq",
        )?
        .query_map(params![cart_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut order = conn.prepare_cached(
        "INSERT INTO orders (order_id, customer_id, cart_id, billing_cycle, currency, created_us, status)
         VALUES (?1, ?2, ?3, ?4, 'USD', ?5, 'pending')",
    )?;
    let mut line = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, line_number, offer_id, subscription_id, friendly_name, quantity, term,
             price, extended_price, extras) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    // Three orders of 5, 3 and 2 lines, as the library's checkout of this cart makes.
    let mut rest = lines.iter();
    for (lines_in_order, cycle) in [(5usize, "monthly"), (3, "monthly"), (2, "one_time")] {
        let order_id = uuid::Uuid::new_v4().to_string();
        order.execute(params![order_id, CUSTOMER, cart_id, cycle, now])?;
        for (n, l) in rest.by_ref().take(lines_in_order).enumerate() {
            let subscription = uuid::Uuid::new_v4().to_string();
            line.execute(params![order_id, n as i64, l.1, subscription, l.2, l.3, l.4, l.6, l.7, l.8])?;
        }
    }
    conn.prepare_cached("INSERT INTO checkouts (cart_id, result_json) VALUES (?1, ?2)")?
        .execute(params![cart_id, result_json])?;
    conn.execute_batch("COMMIT")?;
    Ok(())
}

/// Mean ns per message over every cart and order code (with arguments), per locale.
fn l10n_mean_ns(rounds: usize) -> Vec<(&'static str, f64)> {
    let args: [(&str, &str); 5] = [
        ("cartId", "3655b1a0-3c8e-4b7c-9d59-0c6a2e4f1b11"),
        ("orderId", "9f1c2d3e-aaaa-bbbb-cccc-0123456789ab"),
        ("customerId", "perf-customer"),
        ("to", "suspended"),
        ("from", "active"),
    ];
    let one_round = |loc: Localizer| {
        let mut bytes = 0usize;
        for code in CartErrorCode::ALL {
            bytes += black_box(loc.cart_error(*code)).len();
        }
        for code in OrderErrorCode::ALL {
            bytes += black_box(loc.order_error(*code, &args)).len();
        }
        bytes
    };
    let locales = Localizer::all();
    for _ in 0..rounds / 10 + 1 {
        for loc in locales {
            black_box(one_round(loc));
        }
    }
    let mut total = [Duration::ZERO; 4];
    for _ in 0..rounds {
        for (loc, sum) in locales.iter().zip(total.iter_mut()) {
            let t = Instant::now();
            black_box(one_round(*loc));
            *sum += t.elapsed();
        }
    }
    let messages = (rounds * (CartErrorCode::ALL.len() + OrderErrorCode::ALL.len())).max(1) as f64;
    locales.iter().zip(total).map(|(loc, sum)| (loc.locale(), round3(sum.as_secs_f64() * 1e9 / messages))).collect()
}

/// Fills the listing file with `count` orders of one customer (one line each). The first is
/// a real order, placed through the store (a one-line cart checked out); the rest are copies of
/// its rows with new ids, written in one transaction through the column lists SQLite reports
/// for the store's own tables, so that whatever columns the schema has are written as the store
/// writes them. `order_counts` is kept equal to the row count.
fn bulk_orders(path: &Path, count: u64) -> Res<()> {
    let store = Store::open(path)?;
    store.import_catalog(&catalog()?)?;
    let cart: Cart = serde_json::from_value(json!({"lineItems": [{"catalogItemId": "BASIC:0001:A",
        "quantity": 5, "termDuration": "P1Y", "billingCycle": "monthly", "friendlyName": "seats"}]}))?;
    let cart = store.create_cart(CUSTOMER, &cart)?;
    let template = store.checkout(CUSTOMER, &cart.id)?.orders.first().map(|o| o.id.clone()).ok_or("no order")?;
    drop(store);

    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // The copy's columns: new values for the ids and the instant, the template's for the rest.
    let copy = |table: &str, fresh: &[(&str, &str)]| -> Res<String> {
        let columns: Vec<String> = tx
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let values: Vec<String> = columns
            .iter()
            .map(|c| fresh.iter().find(|(name, _)| name == c).map_or_else(|| c.clone(), |(_, v)| (*v).to_owned()))
            .collect();
        Ok(format!(
            "INSERT INTO {table} ({}) SELECT {} FROM {table} WHERE order_id = ?1",
            columns.join(", "),
            values.join(", ")
        ))
    };
    let order_sql = copy(
        "orders",
        &[("seq", "?2"), ("order_id", "?3"), ("alternate_id", "?4"), ("creation_us", "creation_us + ?2")],
    )?;
    let line_sql = copy("order_lines", &[("order_id", "?2"), ("subscription_id", "?3 || line_number")])?;
    {
        let mut order = tx.prepare(&order_sql)?;
        let mut line = tx.prepare(&line_sql)?;
        for i in 1..count {
            let seq = i as i64 + 1;
            let order_id = format!("{:08x}-0000-4000-8000-{:012x}", i, i.wrapping_mul(2_654_435_761));
            let subscription = format!("{:08x}-1111-4000-8000-{:011x}", i, i.wrapping_mul(40_503));
            order.execute(params![template, seq, order_id, format!("{:012x}", i)])?;
            line.execute(params![template, order_id, subscription])?;
        }
    }
    tx.execute(
        "UPDATE order_counts SET n = ?2 WHERE customer_id = ?1 AND billing_cycle = 'monthly'",
        params![CUSTOMER, count as i64],
    )?;
    tx.commit()?;
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    Ok(())
}

/// Medians of the first page (newest 50) and the last page (oldest 50) of `n` orders.
/// The median time of the first page (newest 50) and of the last page (oldest 50, reached
/// with the token of the page before it) of every store, the stores taken in turn each round.
fn list_pages(stores: &[(u64, Store)], reps: usize) -> Res<Vec<(u64, Duration, Duration)>> {
    let first_q = OrderQuery { page_size: Some(PAGE), ..OrderQuery::default() };
    // The continuation token of the page before the last: orders with seq below 51.
    let last_q = OrderQuery {
        page_size: Some(PAGE),
        continuation: Some(format!("o1.{:x}", u64::from(PAGE) + 1)),
        ..OrderQuery::default()
    };
    for (n, store) in stores {
        for q in [&first_q, &last_q] {
            let page = store.list_orders(CUSTOMER, q)?;
            if page.total_count != *n || page.items.len() != PAGE as usize {
                return Err(format!(
                    "page of {} orders of {}, expected {PAGE} of {n}",
                    page.items.len(),
                    page.total_count
                )
                .into());
            }
        }
    }
    let mut times: Vec<(Vec<Duration>, Vec<Duration>)> = stores.iter().map(|_| (Vec::new(), Vec::new())).collect();
    for round in 0..reps + reps / 10 {
        for ((_, store), (first, last)) in stores.iter().zip(times.iter_mut()) {
            let t = Instant::now();
            black_box(store.list_orders(CUSTOMER, &first_q)?);
            let f = t.elapsed();
            let t = Instant::now();
            black_box(store.list_orders(CUSTOMER, &last_q)?);
            let l = t.elapsed();
            if round >= reps / 10 {
                first.push(f);
                last.push(l);
            }
        }
    }
    Ok(stores.iter().zip(times.iter_mut()).map(|((n, _), (f, l))| (*n, median(f), median(l))).collect())
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); ignored where unsupported.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_kb() -> Res<f64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).ok_or("no VmHWM in /proc/self/status")?;
    let kb: f64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse()?;
    Ok(kb)
}
