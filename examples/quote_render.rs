//! Times `Quote::to_html` for a 10-line quote (two groups, one add-on), per locale: the median
//! of 2000 renders after 200 untimed warm-ups (so the ICU4X formatters, the Fluent bundles and
//! the template are built and cached). Then the whole path through the store: `issue_quote` of
//! a 10-line cart on a file database (each time with another markup, so that each is a new
//! quote, priced, numbered and stored) followed by `to_html`, median of 500.
//! `cargo run --release --example quote_render`.

use std::time::Instant;

#[path = "../benches/common/mod.rs"]
mod common;

use cartstore::Localizer;
use cartstore::model::{BillingCycleType, CustomerProfile, Timestamp};
use cartstore::quote::{PriceBasis, PricedLine, QuoteBuilder, QuoteOptions, Seller};
use rust_decimal::Decimal;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let issued: Timestamp = "2026-12-01T09:30:00Z".parse()?;
    let expires: Timestamp = "2026-12-08T09:30:00Z".parse()?;
    let options = QuoteOptions {
        price_basis: PriceBasis::Markup(Decimal::from(15)),
        seller: Seller {
            name: "Northwind Cloud Partners".into(),
            address_lines: vec!["1 Harbour Street".into()],
            contact: None,
            ..Seller::default()
        },
        terms: Some("Payment within 30 days of invoice.".into()),
        ..QuoteOptions::default()
    };
    let profile = CustomerProfile { name: Some("Contoso".into()), ..CustomerProfile::default() };
    let mut b = QuoteBuilder::new("Q-2026-000001", "cart", "customer", profile, issued, expires, &options);
    for i in 0..10i64 {
        let cycle = if i < 6 { BillingCycleType::Monthly } else { BillingCycleType::Annual };
        b.line(PricedLine {
            line_id: i,
            parent_line_id: (i == 1).then_some(0),
            catalog_item_id: format!("CFQ7TTC0{i:04}:0001"),
            title: format!("Microsoft 365 item {i}"),
            term_duration: Some("P1Y".into()),
            billing_cycle: cycle,
            quantity: 5 + u32::try_from(i)?,
            currency_code: "USD".into(),
            unit_price: Decimal::new(61_234 + i * 1000, 4),
            first_term: None,
            start_date: Some(issued),
            commitment_end_date: None,
            trial: false,
            usage_charges: false,
        });
    }
    let quote = b.build()?;
    let mut medians = Vec::new();
    for l10n in Localizer::all() {
        for _ in 0..200 {
            std::hint::black_box(quote.to_html(&l10n));
        }
        let mut times: Vec<f64> = (0..2000)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(quote.to_html(&l10n));
                start.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        println!("{:<6} median {median:.1} µs ({} bytes)", l10n.locale(), quote.to_html(&l10n).len());
        medians.push(median);
    }
    let worst = medians.iter().copied().fold(0.0, f64::max);
    println!("quote_render_10_lines_us (worst locale median): {worst:.1}");

    // Issue + render through the store.
    let dir = tempfile::tempdir()?;
    let store = cartstore::Store::open(dir.path().join("quotes.db"))?;
    store.import_catalog(&common::catalog()?)?;
    let cart = store.create_cart("customer", &common::ten_line_cart()?)?;
    let ja = Localizer::negotiate(&["ja"]);
    let issue = |i: i64| -> Result<String, cartstore::Error> {
        let options = QuoteOptions { price_basis: PriceBasis::Markup(Decimal::new(i, 2)), ..QuoteOptions::default() };
        Ok(store.issue_quote("customer", &cart.id, &options)?.to_html(&ja))
    };
    for i in 0..50 {
        std::hint::black_box(issue(i)?);
    }
    let mut times = Vec::new();
    for i in 50..550 {
        let start = Instant::now();
        std::hint::black_box(issue(i)?);
        times.push(start.elapsed().as_secs_f64() * 1e6);
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!("quote_issue_and_render_10_lines_us (median, ja, file database): {median:.1}");
    Ok(())
}
