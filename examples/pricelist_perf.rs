//! Reading speed and memory of the price-list reader (`cartstore::pricelist`).
//!
//! ```text
//! cargo run --release --example pricelist_perf -- [--rows N] [--zip]
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

use std::error::Error;
use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::time::Instant;

use cartstore::pricelist;
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
