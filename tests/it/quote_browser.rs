//! The quote document in a real browser: each locale's quote printed to PDF by headless
//! Chromium, read back with poppler's `pdftotext` and `pdfinfo`.
//!
//! Checks: the customer name, each group's term total and the validity date as formatted for
//! the locale (CJK text included) are in the PDF's text; a 10-line quote is one page; a
//! 150-line quote breaks across pages with the table header repeated on the next page. PNG
//! screenshots of each locale's first page go to `target/quote-screenshots/`.
//!
//! Without `chromium`, `pdftotext` and `pdfinfo` on PATH the test prints a note and passes,
//! unless `CARTSTORE_REQUIRE_BROWSER=1` (CI sets it, after installing them), when it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cartstore::Localizer;
use cartstore::model::{BillingCycleType, CustomerProfile};
use cartstore::quote::{Quote, QuoteBuilder, QuoteOptions, Seller, format_date, format_money};

use crate::quote::{customer_name, line, sample, ts};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOOLS: [&str; 3] = ["chromium", "pdftotext", "pdfinfo"];

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// Runs a command to completion within `limit`; its stdout.
fn run(program: &str, args: &[String], limit: Duration) -> Result<String, Box<dyn std::error::Error>> {
    let mut child =
        Command::new(program).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn()?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            let mut out = String::new();
            if let Some(mut stdout) = child.stdout.take() {
                std::io::Read::read_to_string(&mut stdout, &mut out)?;
            }
            if !status.success() {
                return Err(format!("{program} failed: {status}").into());
            }
            return Ok(out);
        }
        if start.elapsed() > limit {
            child.kill()?;
            child.wait()?;
            return Err(format!("{program} took more than {limit:?}").into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

fn print_pdf(html: &Path, pdf: &Path, profile: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut args = chromium_args(profile);
    args.push(format!("--print-to-pdf={}", pdf.display()));
    args.push(format!("file://{}", html.display()));
    run("chromium", &args, Duration::from_secs(120))?;
    if !pdf.is_file() {
        return Err(format!("no PDF written for {}", html.display()).into());
    }
    Ok(())
}

fn pdf_text(pdf: &Path, page: Option<u32>) -> Result<String, Box<dyn std::error::Error>> {
    let mut args: Vec<String> = vec!["-enc".into(), "UTF-8".into()];
    if let Some(page) = page {
        args.extend(["-f".into(), page.to_string(), "-l".into(), page.to_string()]);
    }
    args.extend([pdf.display().to_string(), "-".into()]);
    run("pdftotext", &args, Duration::from_secs(60))
}

fn pdf_pages(pdf: &Path) -> Result<u32, Box<dyn std::error::Error>> {
    let info = run("pdfinfo", &[pdf.display().to_string()], Duration::from_secs(60))?;
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).ok_or("no Pages: line")?;
    Ok(pages.trim().parse()?)
}

/// The text without any whitespace (pdftotext spaces CJK runs and no-break spaces its own way).
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn long_quote(lines: u32) -> Result<Quote, cartstore::Error> {
    let options = QuoteOptions {
        seller: Seller { name: "Northwind Cloud Partners".into(), ..Seller::default() },
        ..QuoteOptions::default()
    };
    let profile = CustomerProfile { name: Some("Contoso Pharmaceuticals".into()), ..CustomerProfile::default() };
    let mut b = QuoteBuilder::new(
        format!("Q-2026-{lines:06}"),
        "cart",
        "customer-1",
        profile,
        ts("2026-12-01T09:30:00Z"),
        ts("2026-12-08T09:30:00Z"),
        &options,
    );
    for i in 0..lines {
        let title = format!("Microsoft 365 Business Premium, seat pack {i}");
        b.line(line(i64::from(i), None, &title, "P1Y", BillingCycleType::Monthly, 10 + i, "USD", "22.00"));
    }
    b.build()
}

#[test]
fn quotes_print_in_chromium() -> TestResult {
    let missing: Vec<&str> = TOOLS.iter().copied().filter(|t| !on_path(t)).collect();
    if !missing.is_empty() {
        let required = std::env::var_os("CARTSTORE_REQUIRE_BROWSER").is_some_and(|v| v == "1");
        assert!(!required, "CARTSTORE_REQUIRE_BROWSER=1 but {missing:?} not on PATH");
        eprintln!(
            "note: quote browser test skipped: {missing:?} not on PATH (apt-get install chromium poppler-utils fonts-noto-cjk)"
        );
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let profile = dir.path().join("profile");
    let shots = PathBuf::from(
        std::env::var_os("CARGO_TARGET_DIR")
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").into_os_string()),
    )
    .join("quote-screenshots");
    std::fs::create_dir_all(&shots)?;
    for l10n in Localizer::all() {
        let tag = l10n.locale();
        let quote = sample(tag)?;
        let html = dir.path().join(format!("{tag}.html"));
        std::fs::write(&html, quote.to_html(&l10n))?;
        let pdf = dir.path().join(format!("{tag}.pdf"));
        print_pdf(&html, &pdf, &profile)?;
        let text = squash(&pdf_text(&pdf, None)?);
        assert!(text.contains(&squash(customer_name(tag))), "{tag}: customer name in {text}");
        for group in &quote.groups {
            let total = format_money(group.term_total.0, &group.currency_code, &l10n);
            assert!(text.contains(&squash(&total)), "{tag}: group total {total:?} in {text}");
        }
        let date = format_date(quote.valid_until, &l10n);
        assert!(text.contains(&squash(&date)), "{tag}: validity date {date:?} in {text}");
        let mut args = chromium_args(&profile);
        args.extend([
            format!("--screenshot={}", shots.join(format!("{tag}.png")).display()),
            "--window-size=1000,1300".to_owned(),
            format!("file://{}", html.display()),
        ]);
        run("chromium", &args, Duration::from_secs(120))?;
    }
    // Ten lines fit on one page; 150 lines break across pages, the table header repeated.
    let en = Localizer::default();
    for (lines, one_page) in [(10, true), (150, false)] {
        let quote = long_quote(lines)?;
        let html = dir.path().join(format!("long-{lines}.html"));
        std::fs::write(&html, quote.to_html(&en))?;
        let pdf = dir.path().join(format!("long-{lines}.pdf"));
        print_pdf(&html, &pdf, &profile)?;
        std::fs::copy(&pdf, shots.join(format!("long-{lines}.pdf")))?;
        let pages = pdf_pages(&pdf)?;
        if one_page {
            assert_eq!(pages, 1, "a {lines}-line quote is one page");
        } else {
            assert!(pages > 2, "a {lines}-line quote takes several pages ({pages})");
            for page in [2, pages] {
                let text = squash(&pdf_text(&pdf, Some(page))?);
                for header in ["Unit price", "Per billing period", "Billed monthly, in USD", "Q-2026-000150"] {
                    assert!(text.contains(&squash(header)), "page {page} repeats {header:?}: {text}");
                }
            }
            let last = squash(&pdf_text(&pdf, Some(pages))?);
            // Page numbers from the @page margin box (Chromium prints them).
            assert!(last.contains(&format!("{pages}/{pages}")), "page number on the last page: {last}");
            let total = format_money(quote.groups[0].term_total.0, "USD", &en);
            assert!(last.contains(&squash(&total)), "the total on the last page");
        }
    }
    Ok(())
}
