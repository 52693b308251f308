//! Reading speed and memory of the price-list reader (`cartstore::pricelist`).
//!
//! ```text
//! cargo run --release --example pricelist_perf -- [--rows N] [--zip] [--import [--synthetic | --real-only] [--pairs K]]
//! ```
//!
//! Writes a price list of N rows (default 1,000,000) shaped like Microsoft's US file (its 21
//! columns, a UTF-8 BOM, a quoted 300-byte description on every row, ISO dates with 7
//! fractional digits, about three rows per catalog item) to a temporary file, then reads it
//! with `pricelist::read` and reports rows a second and the process's peak resident memory
//! (`VmHWM`, reset before each phase through `/proc/self/clear_refs` where the kernel allows)
//! after reading a tenth of the file and after reading all of it: equal figures mean memory does
//! not grow with the file. `--zip` also reads the file zipped (deflate), which spools it to
//! temporary files first.
//!
//! `--import` measures the store instead (`Store::import_price_list`, on a file database in a
//! temporary directory, WAL): a list of N rows of the real US file's shape (its 4,370 rows
//! repeated over N / 4,370 synthetic markets, as Microsoft's all-markets file repeats its SKUs
//! per market; the synthetic rows above when the real file is absent), imported once, with its
//! rows a second and the peak RSS of the import; the same rows read with `pricelist::read`
//! and inserted by raw rusqlite into an identical `catalog_prices` table in one transaction
//! (the baseline, and the ratio); the real file imported into a fresh store (median of 5); and
//! the median of 300 catalog searches on the real catalog. The real file's import is measured
//! beside two baselines: its rows inserted by raw rusqlite the same way (alternating with the
//! store's imports, `real_ratio`), and, where a Python with pandas is found
//! (`CARTSTORE_PANDAS_PYTHON`, else `python3`), pandas' `read_csv` + `to_sql` into SQLite, timed
//! in that process as the store's is in this one (the import partners' tools do).
//! `--import --synthetic` imports the synthetic list above instead (N / 3 distinct items: the
//! per-item path), against the same baseline; `--pairs K` runs the import and its baseline K
//! times in turn, each into fresh files, and prints the median of the K ratios too (one pair's
//! ratio swings with the machine); `--import --real-only` only imports the real file, into 15
//! fresh stores (and its baselines).
//!
//! `--import --postgres URL` imports into a fresh PostgreSQL database made on the server of
//! `URL` instead (a `postgres://` URL whose user may create databases; `.ci/postgres.sh start`
//! prints one), with the same figures but for the raw-rusqlite baseline.

use std::error::Error;
use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::time::Instant;

use cartstore::{CatalogQuery, Store, pricelist};
use rust_decimal::Decimal;

type Res<T> = Result<T, Box<dyn Error>>;

const HEADER: &str = "ChangeIndicator,ProductTitle,ProductId,SkuId,SkuTitle,Publisher,SkuDescription,UnitOfMeasure,\
TermDuration,BillingPlan,Market,Currency,UnitPrice,PricingTierRangeMin,PricingTierRangeMax,EffectiveStartDate,\
EffectiveEndDate,Tags,ERP Price,Segment,PreviousValues";

/// The (term, billing plan, periods) of the file, in its proportions (about 30 % P1Y annual,
/// 30 % P1Y monthly, 28 % P1M monthly, the rest P3Y and trials).
const PLANS: [(&str, &str); 10] = [
    ("P1Y", "Annual"),
    ("P1Y", "Monthly"),
    ("P1M", "Monthly"),
    ("P1Y", "Annual"),
    ("P1Y", "Monthly"),
    ("P1M", "Monthly"),
    ("P1Y", "Annual"),
    ("P1Y", "Monthly"),
    ("P3Y", "Triennial"),
    ("P1M", "None"),
];
const SEGMENTS: [&str; 4] = ["Commercial", "Education", "Charity", "Government"];

fn write_price_list(file: &mut File, rows: u64) -> Res<u64> {
    let mut out = BufWriter::with_capacity(1 << 20, &mut *file);
    out.write_all(b"\xEF\xBB\xBF")?;
    out.write_all(HEADER.as_bytes())?;
    out.write_all(b"\n")?;
    let description = "To help meet more rigorous regulatory and internal compliance obligations or support longer \
running investigations, organizations can add this service, with \"\"audit\"\" logs, retention and reports. Once enabled, \
you can access the logs in the admin center or through the management API, for every user.";
    for i in 0..rows {
        let item = i / 3;
        let (term, plan) = PLANS.get((i % PLANS.len() as u64) as usize).copied().unwrap_or(("P1Y", "Annual"));
        let segment = SEGMENTS.get((item % 4) as usize).copied().unwrap_or("Commercial");
        let cents = 100 + (i * 7919) % 300_000;
        let price = if plan == "None" { "0".to_owned() } else { format!("{}.{:02}", cents / 100, cents % 100) };
        let erp_cents = cents * 5 / 4;
        let erp = if plan == "None" { "0".to_owned() } else { format!("{}.{:02}", erp_cents / 100, erp_cents % 100) };
        let tags = if plan == "None" { "License;Trial" } else { "License" };
        let (indicator, previous) = if i % 25 == 0 {
            ("Change", format!("\"{{'ERP Price': '{erp}', 'UnitPrice': '{price}'}}\""))
        } else {
            ("Unchanged", String::new())
        };
        writeln!(
            out,
            "{indicator},Product {product},CFQ7TTC{product:05},{sku},Product {product} Plan {sku} ({segment} Pricing),\
Microsoft Corporation,\"{description}\",,{term},{plan},US,USD,{price},,,2025-04-01T00:00:00.0000000Z,\
9999-11-30T23:59:59.0000000Z,{tags},{erp},{segment},{previous}",
            product = item / 4,
            sku = item % 4 + 1,
        )?;
    }
    out.flush()?;
    drop(out);
    Ok(file.stream_position()?)
}

/// Reads up to `limit` rows of `file`: rows read, seconds, and a sum that keeps the work.
fn read_rows(file: &File, limit: u64) -> Res<(u64, f64, Decimal)> {
    let started = Instant::now();
    let mut rows = 0;
    let mut sum = Decimal::ZERO;
    for row in pricelist::read(file)?.take(usize::try_from(limit)?) {
        let row = row?;
        sum += row.list_price;
        rows += 1;
        black_box(&row);
    }
    Ok((rows, started.elapsed().as_secs_f64(), sum))
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

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows: u64 = match args.iter().position(|a| a == "--rows") {
        Some(at) => args.get(at + 1).ok_or("--rows needs a number")?.parse()?,
        None => 1_000_000,
    };
    let zip = args.iter().any(|a| a == "--zip");
    if args.iter().any(|a| a == "--import") {
        if let Some(at) = args.iter().position(|a| a == "--postgres") {
            #[cfg(feature = "postgres")]
            return import_postgres(rows, args.get(at + 1).ok_or("--postgres needs a URL")?);
            #[cfg(not(feature = "postgres"))]
            return Err(format!("--postgres at {at}: this build has no `postgres` feature").into());
        }
        let shape = if args.iter().any(|a| a == "--synthetic") { Shape::Synthetic } else { Shape::RealFile };
        let real_only = args.iter().any(|a| a == "--real-only");
        let pairs: usize = match args.iter().position(|a| a == "--pairs") {
            Some(at) => args.get(at + 1).ok_or("--pairs needs a number")?.parse()?,
            None => 1,
        };
        return import(rows, shape, real_only, pairs.max(1));
    }

    let mut file = tempfile::tempfile()?;
    let started = Instant::now();
    let bytes = write_price_list(&mut file, rows)?;
    println!("wrote {rows} rows, {:.1} MB, in {:.1} s", bytes as f64 / 1e6, started.elapsed().as_secs_f64());

    // Warm the page cache and the allocator with one untimed pass of a tenth.
    file.seek(SeekFrom::Start(0))?;
    read_rows(&file, rows / 10)?;

    for (label, limit) in [("a tenth", rows / 10), ("all", rows)] {
        file.seek(SeekFrom::Start(0))?;
        reset_peak_rss();
        let before = kb("VmRSS:")?;
        let (read, secs, sum) = read_rows(&file, limit)?;
        println!(
            "read {label}: {read} rows in {secs:.2} s = {:.0} rows/s, {:.0} MB/s; RSS before {:.1} MB, peak {:.1} MB (sum {sum:.2})",
            read as f64 / secs,
            bytes as f64 * (read as f64 / rows as f64) / secs / 1e6,
            before / 1024.0,
            kb("VmHWM:")? / 1024.0,
        );
    }

    let started = Instant::now();
    file.seek(SeekFrom::Start(0))?;
    let summary = pricelist::summarize(&file)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "summarize: {} rows, {} items in {secs:.2} s = {:.0} rows/s",
        summary.rows(),
        summary.items(),
        summary.rows() as f64 / secs
    );

    if zip {
        file.seek(SeekFrom::Start(0))?;
        let mut zipped = tempfile::tempfile()?;
        let started = Instant::now();
        {
            let mut writer = zip::ZipWriter::new(&mut zipped);
            writer.start_file(
                "prices.csv",
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .large_file(bytes > u32::MAX as u64),
            )?;
            std::io::copy(&mut file, &mut writer)?;
            writer.finish()?;
        }
        let zip_bytes = zipped.stream_position()?;
        println!("zipped to {:.1} MB in {:.1} s", zip_bytes as f64 / 1e6, started.elapsed().as_secs_f64());
        zipped.seek(SeekFrom::Start(0))?;
        reset_peak_rss();
        let before = kb("VmRSS:")?;
        let (read, secs, _) = read_rows(&zipped, rows)?;
        println!(
            "read zipped: {read} rows in {secs:.2} s = {:.0} rows/s (spooling and inflating included); RSS before {:.1} MB, peak {:.1} MB",
            read as f64 / secs,
            before / 1024.0,
            kb("VmHWM:")? / 1024.0,
        );
    }
    Ok(())
}

/// The real US file beside the repository, if present.
fn real_file() -> Option<std::path::PathBuf> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/price-lists/Nov_NCE_LicenseBasedPL_GA_US.csv");
    path.is_file().then_some(path)
}

/// Writes `rows` rows: the real file's rows over synthetic markets (AA, AB, ...), else the
/// synthetic list of [`write_price_list`].
fn write_real_shape(file: &mut File, rows: u64) -> Res<u64> {
    let Some(path) = real_file() else { return write_price_list(file, rows) };
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    let header = lines.next().ok_or("empty file")?;
    let body: Vec<&str> = lines.collect();
    let market_at = header.trim_start_matches('\u{feff}').split(',').position(|c| c == "Market").ok_or("no Market")?;
    let mut out = BufWriter::with_capacity(1 << 20, &mut *file);
    writeln!(out, "{header}")?;
    let mut written = 0;
    'markets: for m in 0.. {
        let market = format!("{}{}", (b'A' + (m / 26 % 26) as u8) as char, (b'A' + (m % 26) as u8) as char);
        for line in &body {
            if written == rows {
                break 'markets;
            }
            // Quoted descriptions hold commas: the fields are split and written by the csv crate.
            let mut record = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
            let Some(Ok(fields)) = record.records().next() else { continue };
            let mut writer = csv::Writer::from_writer(Vec::new());
            let fields: Vec<&str> =
                fields.iter().enumerate().map(|(i, f)| if i == market_at { market.as_str() } else { f }).collect();
            writer.write_record(&fields)?;
            out.write_all(&writer.into_inner()?)?;
            written += 1;
        }
    }
    out.flush()?;
    drop(out);
    Ok(file.stream_position()?)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Which list `--import` measures at N rows.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// The real file's rows over synthetic markets (1,393 items).
    RealFile,
    /// The synthetic list of [`write_price_list`] (about three rows per item: N / 3 items).
    Synthetic,
}

/// `--import`: `pairs` times the list's import into a fresh store then its raw baseline into
/// a fresh file (the ratio of each pair, and their median), then [`import_real`].
fn import(rows: u64, shape: Shape, real_only: bool, pairs: usize) -> Res<()> {
    let dir = tempfile::tempdir()?;
    if real_only {
        return import_real(dir.path(), 15);
    }
    let mut file = tempfile::tempfile()?;
    let bytes = match shape {
        Shape::RealFile => write_real_shape(&mut file, rows)?,
        Shape::Synthetic => write_price_list(&mut file, rows)?,
    };
    let label = if shape == Shape::Synthetic { "the synthetic list" } else { "the real file's shape" };
    println!("wrote {rows} rows of {label}, {:.1} MB", bytes as f64 / 1e6);
    // Warm the page cache.
    file.seek(SeekFrom::Start(0))?;
    std::io::copy(&mut file, &mut std::io::sink())?;

    let mut ratios = Vec::new();
    for pair in 1..=pairs {
        if pairs > 1 {
            println!("pair {pair} of {pairs}:");
        }
        // The library.
        let path = dir.path().join("import.db");
        let lib_s = timed_import(&Store::open(&path)?, &mut file, "import_price_list")?;

        // The baseline: the same rows read, inserted by raw rusqlite in one transaction.
        file.seek(SeekFrom::Start(0))?;
        let base_path = dir.path().join("baseline.db");
        let base_s = raw_import(&base_path, &file)?;
        println!(
            "baseline (read + raw INSERT, one transaction): {:.2} s = {:.0} rows/s; import_ratio {:.2}",
            base_s,
            rows as f64 / base_s,
            lib_s / base_s
        );
        ratios.push(lib_s / base_s);
        // A million rows make files of hundreds of megabytes: each pair starts from none.
        for db in [path, base_path] {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = db.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
    if pairs > 1 {
        let each: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
        println!("import_ratio, median of {pairs} pairs: {:.2} (each {})", median(ratios), each.join(", "));
    }

    import_real(dir.path(), 5)
}

/// `file` from its start into `store`, timed, with the peak RSS of the import (reset before):
/// prints a line starting with `label` and returns the seconds.
fn timed_import(store: &Store, file: &mut File, label: &str) -> Res<f64> {
    file.seek(SeekFrom::Start(0))?;
    reset_peak_rss();
    let before = kb("VmRSS:")?;
    let started = Instant::now();
    let report = store.import_price_list(&*file)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{label}: {} rows, {} items in {secs:.2} s = {:.0} rows/s; RSS before {:.1} MB, peak {:.1} MB",
        report.rows,
        report.items,
        report.rows as f64 / secs,
        before / 1024.0,
        kb("VmHWM:")? / 1024.0
    );
    Ok(secs)
}

/// The rows of `input` read with `pricelist::read` and inserted by raw rusqlite into the
/// `catalog_prices` table of a new store at `path` (the same schema and pragmas), in one
/// transaction: what a hand-written import of the same prices does. Its seconds, from the
/// transaction's start to its commit.
fn raw_import(path: &std::path::Path, input: impl std::io::Read) -> Res<f64> {
    drop(Store::open(path)?); // the same schema and pragmas
    let mut conn = rusqlite::Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let started = Instant::now();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO catalog_prices (catalog_item_id, segment, market, currency, term_duration, billing_cycle,
                 effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price,
                 import_version, source_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13)",
        )?;
        for row in pricelist::read(input)? {
            let row = row?;
            stmt.execute(rusqlite::params![
                row.catalog_item_id,
                row.segment.as_str(),
                row.market,
                row.currency,
                row.term_duration,
                row.billing_cycle.as_str(),
                row.effective_start.timestamp_micros(),
                row.effective_end.map(|e| e.timestamp_micros()),
                row.list_price.to_string(),
                row.erp_list_price.map(|p| p.to_string()),
                row.unit_price.to_string(),
                row.erp_price.map(|p| p.to_string()),
                row.line as i64,
            ])?;
        }
    }
    tx.commit()?;
    Ok(started.elapsed().as_secs_f64())
}

/// What partners' tools do with a price list (pandas' `read_csv` then `to_sql` into SQLite, WAL,
/// `synchronous=NORMAL`), timed in a Python process from the read to the commit, `n` times
/// into fresh files: `argv[1]` the list, `argv[2]` n, `argv[3]` a directory; prints the
/// median in milliseconds.
const PANDAS_IMPORT: &str = r#"
import os, sqlite3, statistics, sys, time
import pandas
path, n, into = sys.argv[1], int(sys.argv[2]), sys.argv[3]
times = []
for i in range(n):
    conn = sqlite3.connect(os.path.join(into, f"pandas-{i}.db"))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    pandas.read_csv(path).to_sql("prices", conn, index=False)
    conn.commit()
    times.append((time.perf_counter() - started) * 1000)
    conn.close()
print(statistics.median(times))
"#;

/// The median of `n` pandas imports of the list at `path` ([`PANDAS_IMPORT`]) in milliseconds,
/// by the Python of `CARTSTORE_PANDAS_PYTHON` (else `python3`); `None` when it has no pandas.
fn pandas_import(path: &std::path::Path, n: usize, dir: &std::path::Path) -> Option<f64> {
    let python = std::env::var_os("CARTSTORE_PANDAS_PYTHON").unwrap_or_else(|| "python3".into());
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(PANDAS_IMPORT)
        .arg(path)
        .arg(n.to_string())
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// The real file into `n` fresh stores, each followed by its raw baseline ([`raw_import`]) into
/// a fresh file (the medians, and their ratio); then pandas' import of it (where a Python with
/// pandas is found); then searches on the first store.
fn import_real(dir: &std::path::Path, n: usize) -> Res<()> {
    let Some(real) = real_file() else {
        println!("the real file is absent: no real-file import or search figures");
        return Ok(());
    };
    let bytes = std::fs::read(&real)?;
    let mut times = Vec::new();
    let mut raw = Vec::new();
    for i in 0..n {
        let store = Store::open(dir.join(format!("real-{i}.db")))?;
        let started = Instant::now();
        store.import_price_list(bytes.as_slice())?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        raw.push(raw_import(&dir.join(format!("raw-{i}.db")), bytes.as_slice())? * 1000.0);
    }
    let min = times.iter().copied().fold(f64::INFINITY, f64::min);
    let (lib, raw) = (median(times), median(raw));
    println!("real file (4,370 rows) into a fresh store: median {lib:.1} ms (min {min:.1}, {n} imports)");
    println!(
        "real file, raw baseline (read + raw INSERT of its prices, one transaction): median {raw:.1} ms; real_ratio {:.2}",
        lib / raw
    );
    match pandas_import(&real, n, dir) {
        Some(pandas) => println!(
            "real file, pandas read_csv + to_sql (in-process): median {pandas:.1} ms; cartstore {:.2}x faster",
            pandas / lib
        ),
        None => println!("no Python with pandas (CARTSTORE_PANDAS_PYTHON, else python3): no pandas figure"),
    }

    let store = Store::open(dir.join("real-0.db"))?;
    let texts =
        ["business basic", "busi bas", "office e3", "teams phone", "defender", "copilot", "exchange online", "visio"];
    let mut times = Vec::new();
    for i in 0..300 {
        let text = texts.get(i % texts.len()).copied().unwrap_or("basic");
        let started = Instant::now();
        let page = store.search_catalog(&CatalogQuery { text: Some(text.to_owned()), ..CatalogQuery::default() })?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        black_box(page);
    }
    let filtered = {
        let mut times = Vec::new();
        for _ in 0..100 {
            let started = Instant::now();
            black_box(store.search_catalog(&CatalogQuery {
                text: Some("microsoft 365".to_owned()),
                term_duration: Some("P1Y".to_owned()),
                billing_cycle: Some(cartstore::BillingCycleType::Annual),
                ..CatalogQuery::default()
            })?);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        median(times)
    };
    println!(
        "search on the real catalog: median {:.3} ms a query (filtered \"microsoft 365\" P1Y annual: {filtered:.3} ms)",
        median(times)
    );
    Ok(())
}

/// A new empty database on the PostgreSQL server of `url`: its URL.
#[cfg(feature = "postgres")]
fn fresh_postgres(url: &str) -> Res<String> {
    let name = format!("perf_{}", std::process::id());
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
    client.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    Ok(match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    })
}

/// `--import --postgres URL`: the import figures on PostgreSQL.
#[cfg(feature = "postgres")]
fn import_postgres(rows: u64, url: &str) -> Res<()> {
    let mut file = tempfile::tempfile()?;
    let bytes = write_real_shape(&mut file, rows)?;
    println!("wrote {rows} rows of the real file's shape, {:.1} MB", bytes as f64 / 1e6);
    file.seek(SeekFrom::Start(0))?;
    std::io::copy(&mut file, &mut std::io::sink())?;
    let db = fresh_postgres(url)?;
    let store = Store::open(&db)?;
    timed_import(&store, &mut file, "PostgreSQL import_price_list")?;
    file.seek(SeekFrom::Start(0))?;
    let started = Instant::now();
    let again = store.import_price_list(&file)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "PostgreSQL the same list again: {} unchanged in {secs:.2} s = {:.0} rows/s",
        again.prices_unchanged,
        again.rows as f64 / secs
    );
    drop(store);
    let Some(real) = real_file() else {
        println!("the real file is absent: no real-file import figures");
        return Ok(());
    };
    let bytes = std::fs::read(real)?;
    let mut times = Vec::new();
    for _ in 0..5 {
        let store = Store::open(fresh_postgres(url)?)?;
        let started = Instant::now();
        store.import_price_list(bytes.as_slice())?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!("PostgreSQL real file (4,370 rows) into a fresh database: median {:.1} ms", median(times));
    Ok(())
}
