//! Issue 23 ("quotes a partner can sign"): the money of cart, quote and order for the
//! new-commerce shapes, on rows of Microsoft's real US price list (November 2025).
//!
//! The rows below are copied from the real file (Microsoft 365 Business Basic
//! `CFQ7TTC0LH18:0001` and Microsoft 365 E3 `CFQ7TTC0LFLX:0001`), so every test runs on a
//! clone without `../shared`; `the_rows_used_here_are_the_real_files` checks them against the
//! real file when it is present. Every figure is computed by hand in the comments.

use cartstore::quote::{PriceBasis, Quote, QuoteOptions};
use cartstore::{Cart, CartErrorCode, Store};
use serde_json::{Value, json};

use super::{TestResult, line_errors, profile, real_file, store_at};

const HEADER: &str = "ChangeIndicator,ProductTitle,ProductId,SkuId,SkuTitle,Publisher,SkuDescription,UnitOfMeasure,\
TermDuration,BillingPlan,Market,Currency,UnitPrice,PricingTierRangeMin,PricingTierRangeMax,EffectiveStartDate,\
EffectiveEndDate,Tags,ERP Price,Segment,PreviousValues";

const BASIC: &str = "CFQ7TTC0LH18:0001";
const E3: &str = "CFQ7TTC0LFLX:0001";
const OPEN: &str = "9999-11-30T23:59:59.0000000Z";

/// A price-list row: (product, sku, title, term, plan, market, currency, price, start, end, ERP).
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

/// The real file's rows used here.
const REAL_ROWS: &[Row<'static>] = &[
    (
        "CFQ7TTC0LH18",
        "1",
        "Microsoft 365 Business Basic",
        "P1M",
        "Monthly",
        "US",
        "USD",
        "5.76",
        "2024-05-01T00:00:00.0000000Z",
        OPEN,
        "7.2",
    ),
    (
        "CFQ7TTC0LH18",
        "1",
        "Microsoft 365 Business Basic",
        "P1Y",
        "Monthly",
        "US",
        "USD",
        "60.48",
        "2025-04-01T00:00:00.0000000Z",
        OPEN,
        "75.6",
    ),
    (
        "CFQ7TTC0LH18",
        "1",
        "Microsoft 365 Business Basic",
        "P1Y",
        "Annual",
        "US",
        "USD",
        "57.6",
        "2024-05-01T00:00:00.0000000Z",
        OPEN,
        "72",
    ),
    (
        "CFQ7TTC0LFLX",
        "1",
        "Microsoft 365 E3",
        "P1M",
        "Monthly",
        "US",
        "USD",
        "34.56",
        "2025-11-01T00:00:00.0000000Z",
        OPEN,
        "43.2",
    ),
    (
        "CFQ7TTC0LFLX",
        "1",
        "Microsoft 365 E3",
        "P1Y",
        "Monthly",
        "US",
        "USD",
        "362.88",
        "2025-11-01T00:00:00.0000000Z",
        OPEN,
        "453.6",
    ),
    (
        "CFQ7TTC0LFLX",
        "1",
        "Microsoft 365 E3",
        "P1Y",
        "Annual",
        "US",
        "USD",
        "345.6",
        "2025-11-01T00:00:00.0000000Z",
        OPEN,
        "432",
    ),
    (
        "CFQ7TTC0LFLX",
        "1",
        "Microsoft 365 E3",
        "P3Y",
        "Annual",
        "US",
        "USD",
        "1036.8",
        "2025-11-01T00:00:00.0000000Z",
        OPEN,
        "1296",
    ),
    (
        "CFQ7TTC0LFLX",
        "1",
        "Microsoft 365 E3",
        "P3Y",
        "Triennial",
        "US",
        "USD",
        "1036.8",
        "2025-11-01T00:00:00.0000000Z",
        OPEN,
        "1296",
    ),
];

/// A price list of `rows` in the real file's columns.
fn csv(rows: &[Row<'_>]) -> String {
    csv_tagged(rows, "License")
}

/// A price list of `rows`, each tagged `tags`.
fn csv_tagged(rows: &[Row<'_>], tags: &str) -> String {
    let mut out = format!("{HEADER}\n");
    for (product, sku, title, term, plan, market, currency, price, start, end, erp) in rows {
        out.push_str(&format!(
            "Unchanged,{title},{product},{sku},{title},Microsoft Corporation,,,{term},{plan},{market},{currency},\
             {price},,,{start},{end},{tags},{erp},Commercial,\n"
        ));
    }
    out
}

/// A store at 2025-12-01 00:00 UTC holding the real rows (and `extra`).
fn store_with(extra: &[Row<'_>]) -> TestResult<Store> {
    let (store, _) = store_at("2025-12-01T00:00:00Z")?;
    let mut rows = REAL_ROWS.to_vec();
    rows.extend_from_slice(extra);
    store.import_price_list(csv(&rows).as_bytes())?;
    Ok(store)
}

fn cart_of(lines: Value) -> TestResult<Cart> {
    Ok(serde_json::from_value(json!({ "lineItems": lines }))?)
}

fn money(v: &Value) -> TestResult<rust_decimal::Decimal> {
    Ok(v.to_string().trim_matches('"').parse()?)
}

fn d(text: &str) -> rust_decimal::Decimal {
    text.parse().unwrap_or_default()
}

fn quote_json(quote: &Quote) -> TestResult<Value> {
    Ok(serde_json::to_value(quote)?)
}

#[test]
fn the_rows_used_here_are_the_real_files() -> TestResult {
    let Some(path) = real_file() else { return Ok(()) };
    let text = std::fs::read_to_string(path)?;
    let mut reader = csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let real: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    for (product, sku, title, term, plan, market, currency, price, start, end, erp) in REAL_ROWS {
        let found = real.iter().any(|r| {
            let get = |i: usize| r.get(i).unwrap_or_default();
            get(2) == *product
                && get(3) == *sku
                && get(4) == *title
                && get(8) == *term
                && get(9) == *plan
                && get(10) == *market
                && get(11) == *currency
                && get(12) == *price
                && get(15) == *start
                && get(16) == *end
                && get(18) == *erp
        });
        assert!(found, "the real file has no row {product} {sku} {term} {plan} {price}");
    }
    Ok(())
}

/// Item 1: Business Basic billed monthly is offered on P1M (5.76) and P1Y (60.48 = 5.04 a
/// month): a line naming no term must choose (10010 naming both), and the cart, the quote and
/// the order never pick one. Billed annually only P1Y is offered: the line gets P1Y.
#[test]
fn a_line_without_a_term_takes_the_only_one_offered_or_must_choose() -> TestResult {
    crate::backends::each("prices::money::a_line_without_a_term_takes_the_only_one_offered_or_must_choose", || {
        let store = store_with(&[])?;
        let created = store.create_cart(
            "c",
            &cart_of(json!([
                {"catalogItemId": BASIC, "quantity": 5, "billingCycle": "monthly"},
                {"catalogItemId": BASIC, "quantity": 5, "billingCycle": "annual"},
            ]))?,
        )?;
        let v = serde_json::to_value(&created)?;
        assert_eq!(v["lineItems"][0]["error"]["errorCode"], json!("InvalidInput"));
        assert_eq!(v["lineItems"][0]["error"]["additionalInformation"], json!({"termDurations": ["P1M", "P1Y"]}));
        assert_eq!(v["lineItems"][0].get("termDuration"), None);
        assert_eq!(v["lineItems"][0].get("pricing"), None);
        // The annual line: P1Y written onto it, 57.60 × 5 = 288.00.
        assert_eq!(v["lineItems"][1]["termDuration"], json!("P1Y"));
        assert_eq!(money(&v["lineItems"][1]["pricing"]["extendedPrice"])?, d("288.00"));
        // Read back alike.
        assert_eq!(serde_json::to_value(store.get_cart("c", &created.id)?)?, v);
        // The quote leaves the monthly line out and quotes the annual one on P1Y.
        let quote = store.issue_quote("c", &created.id, &QuoteOptions::default())?;
        assert_eq!(quote.excluded_lines.len(), 1);
        assert_eq!(quote.excluded_lines[0].code, CartErrorCode::InvalidInput);
        assert_eq!(quote.groups.len(), 1);
        assert_eq!(quote.groups[0].term_duration.as_deref(), Some("P1Y"));
        assert_eq!(quote.groups[0].term_total.0, d("288.00"));
        // The order: the annual line on P1Y at 288.00; the monthly line's group fails, no term picked.
        let result = store.checkout("c", &created.id)?;
        let orders = serde_json::to_value(&result.orders)?;
        let lines: Vec<&Value> = orders
            .as_array()
            .ok_or("no orders")?
            .iter()
            .flat_map(|o| o["lineItems"].as_array().into_iter().flatten())
            .collect();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["termDuration"], json!("P1Y"));
        assert_eq!(money(&lines[0]["pricing"]["extendedPrice"])?, d("288.00"));
        assert_eq!(result.order_errors.map(|e| e.len()), Some(1));

        // Naming the term: P1M at 5.76 × 5 = 28.80 for its one month; P1Y at 5.04 × 5 × 12 = 302.40.
        let named = store.create_cart(
            "c",
            &cart_of(json!([
                {"catalogItemId": BASIC, "quantity": 5, "billingCycle": "monthly", "termDuration": "P1M"},
                {"catalogItemId": BASIC, "quantity": 5, "billingCycle": "monthly", "termDuration": "P1Y"},
            ]))?,
        )?;
        let v = serde_json::to_value(&named)?;
        assert_eq!(money(&v["lineItems"][0]["pricing"]["extendedPrice"])?, d("28.80"));
        assert_eq!(money(&v["lineItems"][1]["pricing"]["price"])?, d("5.04"));
        assert_eq!(money(&v["lineItems"][1]["pricing"]["extendedPrice"])?, d("302.40"));
        let quote = quote_json(&store.issue_quote("c", &named.id, &QuoteOptions::default())?)?;
        // Two groups (one per term), each with its own term total: never 28.80 + 302.40 as one.
        assert_eq!(quote["groups"].as_array().map(Vec::len), Some(2));
        assert_eq!(money(&quote["groups"][0]["termTotal"])?, d("28.80"));
        assert_eq!(money(&quote["groups"][1]["lines"][0]["amountPerPeriod"])?, d("25.20"));
        assert_eq!(money(&quote["groups"][1]["termTotal"])?, d("302.40"));
        Ok(())
    })
}

/// Item 3: a customer who names no currency is priced in the line's currency, else the
/// customer's, else the only one offered to the customer's market; several and none chosen:
/// 10000 naming them, never the file's first.
#[test]
fn the_currency_is_never_the_files_first() -> TestResult {
    crate::backends::each("prices::money::the_currency_is_never_the_files_first", || {
        let swiss = (
            "CFQ7TTC0LH18",
            "1",
            "Microsoft 365 Business Basic",
            "P1Y",
            "Annual",
            "CH",
            "CHF",
            "55.2",
            "2025-11-01T00:00:00.0000000Z",
            OPEN,
            "69",
        );
        let german = (
            "CFQ7TTC0LH18",
            "1",
            "Microsoft 365 Business Basic",
            "P1Y",
            "Annual",
            "DE",
            "EUR",
            "53.76",
            "2025-11-01T00:00:00.0000000Z",
            OPEN,
            "67.2",
        );
        let (store, _) = store_at("2025-12-01T00:00:00Z")?;
        // The Swiss row first in the file.
        let mut rows = vec![swiss, german];
        rows.extend_from_slice(REAL_ROWS);
        store.import_price_list(csv(&rows).as_bytes())?;
        let annual = || {
            cart_of(json!([{"catalogItemId": BASIC, "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"}]))
        };
        // A German customer: the one currency of Germany, EUR at 53.76.
        profile(&store, "berlin", json!({"market": "DE"}))?;
        let berlin = serde_json::to_value(store.create_cart("berlin", &annual()?)?)?;
        assert_eq!(berlin["lineItems"][0]["currencyCode"], json!("EUR"));
        assert_eq!(money(&berlin["lineItems"][0]["pricing"]["listPrice"])?, d("53.76"));
        // No profile: CHF, EUR and USD are offered: the line must choose.
        let anyone = store.create_cart("anyone", &annual()?)?;
        assert_eq!(line_errors(&anyone)?, ["\"CurrencyIsNotSupported\""]);
        let info =
            serde_json::to_value(&anyone.line_items[0].error.as_ref().ok_or("no error")?.additional_information)?;
        assert_eq!(info, json!({"currencyCodes": ["CHF", "EUR", "USD"]}));
        // The line's own currency first: USD at 57.60.
        let mut usd = annual()?;
        usd.line_items[0].currency_code = Some("usd".into());
        let usd = serde_json::to_value(store.create_cart("anyone", &usd)?)?;
        assert_eq!(money(&usd["lineItems"][0]["pricing"]["listPrice"])?, d("57.60"));
        // A Japanese customer: no price in Japan at all (10000).
        profile(&store, "tokyo", json!({"market": "JP"}))?;
        assert_eq!(line_errors(&store.create_cart("tokyo", &annual()?)?)?, ["\"CurrencyIsNotSupported\""]);
        Ok(())
    })
}

/// Items 2, 4 and 5, and issue 24 item 3: a shortened first term. E3 annual ending after 182
/// days is one prorated charge: cost 345.60 × 182 / 365 = 172.3266 → 172.33, ERP 432.00 ×
/// 182 / 365 = 215.4082 → 215.41. E3 annual billed monthly (362.88 = 30.24 a month) ending on
/// 15 June: the full 30.24 for December to May (6 months), then 14 of June's 30 days: 30.24 ×
/// 14 / 30 = 14.112 → 14.11; for 5 seats 6 × 151.20 + 5 × 14.11 = 907.20 + 70.55 = 977.75.
#[test]
fn a_shortened_first_term_is_billed_as_microsoft_bills_it() -> TestResult {
    crate::backends::each("prices::money::a_shortened_first_term_is_billed_as_microsoft_bills_it", || {
        // A price change on 1 January 2026 (a raise of 10 %): 380.16 annual, ERP 475.20.
        let raise = (
            "CFQ7TTC0LFLX",
            "1",
            "Microsoft 365 E3",
            "P1Y",
            "Annual",
            "US",
            "USD",
            "380.16",
            "2026-01-01T00:00:00.0000000Z",
            OPEN,
            "475.2",
        );
        let store = store_with(&[raise])?;
        let created = store.create_cart(
            "c",
            &cart_of(json!([
                {"catalogItemId": E3, "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual",
                 "customTermEndDate": "2026-06-01T00:00:00Z"},
                {"catalogItemId": E3, "quantity": 5, "termDuration": "P1Y", "billingCycle": "monthly",
                 "customTermEndDate": "2026-06-15T00:00:00Z"},
            ]))?,
        )?;
        let v = serde_json::to_value(&created)?;
        // 2025-12-01 → 2026-06-01 = 182 days of 365.
        assert_eq!(money(&v["lineItems"][0]["pricing"]["proratedPrice"])?, d("172.33"));
        assert_eq!(money(&v["lineItems"][0]["pricing"]["extendedPrice"])?, d("172.33"));
        assert_eq!(money(&v["lineItems"][1]["pricing"]["price"])?, d("30.24"));
        assert_eq!(money(&v["lineItems"][1]["pricing"]["extendedPrice"])?, d("977.75"));

        let cost = quote_json(&store.issue_quote("c", &created.id, &QuoteOptions::default())?)?;
        let annual = &cost["groups"][0]["lines"][0];
        assert_eq!(money(&annual["unitPrice"])?, d("172.33"));
        assert_eq!(annual["periods"], json!(1));
        assert_eq!(annual["commitmentEndDate"], json!("2026-06-01T00:00:00Z"));
        let monthly = &cost["groups"][1]["lines"][0];
        assert_eq!(money(&monthly["unitPrice"])?, d("30.24"));
        assert_eq!(money(&monthly["amountPerPeriod"])?, d("151.20"));
        assert_eq!(monthly["periods"], json!(6));
        assert_eq!(money(&monthly["partialPeriodUnitPrice"])?, d("14.11"));
        assert_eq!(money(&monthly["termTotal"])?, d("977.75"));
        // The price change, at the line's proration: 380.16 × 182 / 365 = 189.5596 → 189.56.
        assert_eq!(
            cost["priceChanges"],
            json!([{"lineId": 0, "effectiveStart": "2026-01-01T00:00:00Z", "unitPrice": 189.56}])
        );

        let erp = quote_json(&store.issue_quote(
            "c",
            &created.id,
            &QuoteOptions { price_basis: PriceBasis::Erp, ..QuoteOptions::default() },
        )?)?;
        assert_eq!(money(&erp["groups"][0]["lines"][0]["unitPrice"])?, d("215.41"));
        // ERP monthly 453.60 / 12 = 37.80 a month: 6 × 37.80 × 5 = 1134.00, 37.80 × 14 / 30 = 17.64
        // × 5 = 88.20; 1222.20.
        assert_eq!(money(&erp["groups"][1]["lines"][0]["termTotal"])?, d("1222.20"));
        // The announced ERP: 475.20 × 182 / 365 = 236.9512 → 236.95.
        assert_eq!(money(&erp["priceChanges"][0]["unitPrice"])?, d("236.95"));

        // The order carries the cart's figures.
        let result = store.checkout("c", &created.id)?;
        let orders = serde_json::to_value(&result.orders)?;
        assert_eq!(money(&orders[0]["lineItems"][0]["pricing"]["extendedPrice"])?, d("172.33"));
        assert_eq!(money(&orders[1]["lineItems"][0]["pricing"]["extendedPrice"])?, d("977.75"));
        Ok(())
    })
}

/// Issue 24 item 3: a promotion carries into the ERP basis and into announced price changes.
#[test]
fn a_promotion_carries_into_every_basis_and_price_change() -> TestResult {
    crate::backends::each("prices::money::a_promotion_carries_into_every_basis_and_price_change", || {
        let (store, _) = store_at("2025-12-01T00:00:00Z")?;
        let catalog: cartstore::Catalog = serde_json::from_value(json!({"items": [{
            "catalogItemId": "PROMO:0001", "title": "Promoted", "currencyCode": "USD",
            "terms": [
                {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 100, "erpPrice": 120,
                 "effectiveStart": "2025-01-01T00:00:00Z", "effectiveEnd": "2026-01-01T00:00:00Z"},
                {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 110, "erpPrice": 130,
                 "effectiveStart": "2026-01-01T00:00:00Z"}],
            "promotions": [{"promotionId": "HALF", "termDuration": "P1Y", "billingCycle": "annual",
                            "discountPercent": 50, "startDate": "2025-01-01T00:00:00Z", "endDate": "2027-01-01T00:00:00Z"}]
        }]}))?;
        store.import_catalog(&catalog)?;
        let created = store.create_cart(
            "c",
            &cart_of(json!([{"catalogItemId": "PROMO:0001", "quantity": 2, "termDuration": "P1Y",
                          "billingCycle": "annual", "promotionId": "HALF"}]))?,
        )?;
        let erp = quote_json(&store.issue_quote(
            "c",
            &created.id,
            &QuoteOptions { price_basis: PriceBasis::Erp, ..QuoteOptions::default() },
        )?)?;
        // ERP 120 less 50 % = 60; the announced ERP 130 less 50 % = 65.
        assert_eq!(money(&erp["groups"][0]["lines"][0]["unitPrice"])?, d("60.00"));
        assert_eq!(money(&erp["priceChanges"][0]["unitPrice"])?, d("65.00"));
        let cost = quote_json(&store.issue_quote("c", &created.id, &QuoteOptions::default())?)?;
        // Cost 100 less 50 % = 50; the new cost 110 less 50 % = 55.
        assert_eq!(money(&cost["groups"][0]["lines"][0]["unitPrice"])?, d("50.00"));
        assert_eq!(money(&cost["priceChanges"][0]["unitPrice"])?, d("55.00"));
        Ok(())
    })
}

/// Items 13 and 14: groups per term, per line the term, billing plan, start and commitment
/// end, and a summary per currency.
#[test]
fn a_quote_groups_by_term_and_sums_up_per_currency() -> TestResult {
    crate::backends::each("prices::money::a_quote_groups_by_term_and_sums_up_per_currency", || {
        let store = store_with(&[])?;
        let created = store.create_cart(
            "c",
            &cart_of(json!([
                {"catalogItemId": BASIC, "quantity": 2, "termDuration": "P1M", "billingCycle": "monthly"},
                {"catalogItemId": BASIC, "quantity": 3, "termDuration": "P1Y", "billingCycle": "monthly"},
                {"catalogItemId": BASIC, "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"},
                {"catalogItemId": E3, "quantity": 1, "termDuration": "P3Y", "billingCycle": "triennial"},
            ]))?,
        )?;
        let quote = quote_json(&store.issue_quote("c", &created.id, &QuoteOptions::default())?)?;
        let groups = quote["groups"].as_array().ok_or("no groups")?;
        let keys: Vec<(Value, Value)> =
            groups.iter().map(|g| (g["billingCycle"].clone(), g["termDuration"].clone())).collect();
        assert_eq!(
            keys,
            [
                (json!("monthly"), json!("P1M")),
                (json!("monthly"), json!("P1Y")),
                (json!("annual"), json!("P1Y")),
                (json!("triennial"), json!("P3Y"))
            ]
        );
        let p1y = &groups[1]["lines"][0];
        assert_eq!(p1y["startDate"], json!("2025-12-01T00:00:00Z"));
        assert_eq!(p1y["commitmentEndDate"], json!("2026-12-01T00:00:00Z"));
        assert_eq!(groups[3]["lines"][0]["commitmentEndDate"], json!("2028-12-01T00:00:00Z"));
        // Due on the first invoice: 5.76 × 2 = 11.52, 5.04 × 3 = 15.12, 57.60, 1036.80 → 1121.04.
        // Every month: 11.52 + 15.12 = 26.64. The contract: 11.52 + 15.12 × 12 = 181.44, + 57.60 +
        // 1036.80 = 1287.36.
        assert_eq!(
            quote["summary"],
            json!([{"currencyCode": "USD", "dueOnFirstInvoice": 1121.04, "recurringMonthly": 26.64,
                "totalContractValue": 1287.36}])
        );
        Ok(())
    })
}

/// Item 9: a price that ends inside the validity window, with none after it, is reported.
#[test]
fn a_price_that_ends_inside_the_window_is_reported() -> TestResult {
    crate::backends::each("prices::money::a_price_that_ends_inside_the_window_is_reported", || {
        let ending = (
            "CFQ7TTC0ENDS",
            "1",
            "Retiring SKU",
            "P1Y",
            "Annual",
            "US",
            "USD",
            "100",
            "2025-01-01T00:00:00.0000000Z",
            "2025-12-20T00:00:00.0000000Z",
            "120",
        );
        let store = store_with(&[ending])?;
        let created = store.create_cart(
        "c",
        &cart_of(json!([{"catalogItemId": "CFQ7TTC0ENDS:0001", "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"},
                        {"catalogItemId": BASIC, "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"}]))?,
    )?;
        let quote = quote_json(&store.issue_quote("c", &created.id, &QuoteOptions::default())?)?;
        assert_eq!(quote["availabilityEnds"], json!([{"lineId": 0, "availableUntil": "2025-12-20T00:00:00Z"}]));
        Ok(())
    })
}

/// Item 10: a price-list line may renew to the item's own terms; a term the item does not
/// offer stays 10010.
#[test]
fn a_price_list_line_renews_to_the_items_own_terms() -> TestResult {
    crate::backends::each("prices::money::a_price_list_line_renews_to_the_items_own_terms", || {
        let store = store_with(&[])?;
        let created = store.create_cart(
            "c",
            &cart_of(json!([
                {"catalogItemId": BASIC, "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly",
                 "renewsTo": {"termDuration": "P1M"}},
                {"catalogItemId": BASIC, "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly",
                 "renewsTo": {"termDuration": "P3Y"}},
            ]))?,
        )?;
        assert_eq!(line_errors(&created)?, ["null", "\"InvalidInput\""]);
        Ok(())
    })
}

/// Issue 24 item 2: issuing again returns the same quote only while nothing its prices depend
/// on changed: a price-list import that changes the price, or a profile change, issues a new
/// one.
#[test]
fn a_quote_is_issued_again_when_its_prices_change() -> TestResult {
    crate::backends::each("prices::money::a_quote_is_issued_again_when_its_prices_change", || {
        let store = store_with(&[])?;
        let created = store.create_cart(
            "c",
            &cart_of(json!([{"catalogItemId": BASIC, "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual",
                          "currencyCode": "USD"}]))?,
        )?;
        let first = store.issue_quote("c", &created.id, &QuoteOptions::default())?;
        assert_eq!(store.issue_quote("c", &created.id, &QuoteOptions::default())?, first);
        // A list that raises Business Basic annual to 60.00 from today.
        let raise = (
            "CFQ7TTC0LH18",
            "1",
            "Microsoft 365 Business Basic",
            "P1Y",
            "Annual",
            "US",
            "USD",
            "60",
            "2025-12-01T00:00:00.0000000Z",
            OPEN,
            "75",
        );
        store.import_price_list(csv(&[raise]).as_bytes())?;
        let second = store.issue_quote("c", &created.id, &QuoteOptions::default())?;
        assert_ne!(second.quote_number, first.quote_number);
        assert_eq!(second.groups[0].term_total.0, d("60.00"));
        assert_eq!(store.issue_quote("c", &created.id, &QuoteOptions::default())?, second);
        // A new profile name: a new quote too.
        profile(&store, "c", json!({"name": "Contoso"}))?;
        let third = store.issue_quote("c", &created.id, &QuoteOptions::default())?;
        assert_ne!(third.quote_number, second.quote_number);
        assert_eq!(store.get_quote("c", &first.quote_number)?, first);
        Ok(())
    })
}

/// Item 11: a trial and a usage-charged SKU are marked on the quote.
#[test]
fn trials_and_usage_charges_are_marked_on_the_quote() -> TestResult {
    crate::backends::each("prices::money::trials_and_usage_charges_are_marked_on_the_quote", || {
        let store = store_with(&[])?;
        let trial = (
            "CFQ7TTC0TRIA",
            "1",
            "Microsoft 365 Business Basic",
            "P1M",
            "None",
            "US",
            "USD",
            "0",
            "2025-01-01T00:00:00.0000000Z",
            OPEN,
            "0",
        );
        let overage = (
            "CFQ7TTC0OVER",
            "1",
            "Teams Phone",
            "P1Y",
            "Annual",
            "US",
            "USD",
            "96",
            "2025-01-01T00:00:00.0000000Z",
            OPEN,
            "120",
        );
        store.import_price_list_with(
            csv_tagged(&[trial], "License;Trial").as_bytes(),
            &cartstore::ImportOptions { partial: true },
        )?;
        store.import_price_list_with(
            csv_tagged(&[overage], "License;IncludeOverage").as_bytes(),
            &cartstore::ImportOptions { partial: true },
        )?;
        let created = store.create_cart(
            "c",
            &cart_of(json!([
                {"catalogItemId": "CFQ7TTC0TRIA:0001", "quantity": 1, "termDuration": "P1M", "billingCycle": "none"},
                {"catalogItemId": "CFQ7TTC0OVER:0001", "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"},
                {"catalogItemId": BASIC, "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"},
            ]))?,
        )?;
        assert_eq!(line_errors(&created)?, ["null", "null", "null"]);
        let quote = quote_json(&store.issue_quote("c", &created.id, &QuoteOptions::default())?)?;
        let lines: Vec<&Value> = quote["groups"]
            .as_array()
            .ok_or("no groups")?
            .iter()
            .flat_map(|g| g["lines"].as_array().into_iter().flatten())
            .collect();
        let flags: Vec<(Value, Value, Value)> = lines
            .iter()
            .map(|l| {
                (
                    l["catalogItemId"].clone(),
                    l.get("trial").cloned().unwrap_or(Value::Null),
                    l.get("usageCharges").cloned().unwrap_or(Value::Null),
                )
            })
            .collect();
        assert_eq!(
            flags,
            [
                (json!("CFQ7TTC0TRIA:0001"), json!(true), Value::Null),
                (json!("CFQ7TTC0OVER:0001"), Value::Null, json!(true)),
                (json!(BASIC), Value::Null, Value::Null),
            ]
        );
        Ok(())
    })
}
