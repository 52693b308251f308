//! Pricing: figures checked by hand, through the public `cartstore::pricing` functions and
//! through `create_cart` (typed and as JSON numbers), and properties over random inputs.

use std::str::FromStr;
use std::sync::Arc;

use cartstore::model::{BillingCycleType, Pricing, minor_units};
use cartstore::pricing::{PriceInput, periods, price_line, proration_factor};
use cartstore::{Cart, Catalog, ManualClock, Store, StoreOptions};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;
type AnyError = Box<dyn std::error::Error>;

const NOW: &str = "2026-06-01T00:00:00Z";
const CUSTOMER: &str = "customer-pricing";

fn now() -> Result<DateTime<Utc>, chrono::ParseError> {
    NOW.parse()
}

fn dec(s: &str) -> Result<Decimal, rust_decimal::Error> {
    Decimal::from_str(s)
}

fn input<'a>(currency: &'a str, list: Decimal, term: Option<&'a str>, cycle: BillingCycleType) -> PriceInput<'a> {
    PriceInput {
        currency,
        list_price: list,
        discount_percent: None,
        term_duration: term,
        billing_cycle: cycle,
        quantity: 1,
        custom_term_end: None,
        now: DateTime::<Utc>::UNIX_EPOCH,
    }
}

/// The five figures as strings (Decimal's Display keeps the scale: "364.80").
fn figures(p: &Pricing) -> [Option<String>; 5] {
    [p.list_price, p.discounted_price, p.prorated_price, p.price, p.extended_price].map(|m| m.map(|m| m.to_string()))
}

fn some5(a: &str, b: &str, c: &str, d: &str, e: &str) -> [Option<String>; 5] {
    [a, b, c, d, e].map(|s| Some(s.to_owned()))
}

/// [`price_line`] for figures that fit (every case here but the overflow ones).
fn fits(input: &PriceInput<'_>) -> cartstore::model::Pricing {
    price_line(input).expect("the figures fit")
}

#[test]
fn periods_per_term_and_cycle() {
    use BillingCycleType::{Annual, Monthly, None as NoCycle, OneTime, Triennial};
    let table: [(Option<&str>, BillingCycleType, u32); 11] = [
        (Some("P1M"), Monthly, 1),
        (Some("P1Y"), Monthly, 12),
        (Some("P1Y"), Annual, 1),
        (Some("P3Y"), Annual, 3),
        (Some("P3Y"), Monthly, 36),
        (Some("P3Y"), Triennial, 1),
        (Some("P1Y"), OneTime, 1),
        (Some("P3Y"), OneTime, 1),
        (None, OneTime, 1),
        (Some("P1M"), NoCycle, 1),
        (Some("p1y"), Monthly, 12),
    ];
    for (term, cycle, expected) in table {
        assert_eq!(periods(term, cycle), expected, "{term:?} {cycle:?}");
    }
}

#[test]
fn monthly_on_p1y_is_twelve_periods() -> TestResult {
    // 30.40 × 1 × 12 = 364.80
    let p = fits(&input("USD", dec("30.40")?, Some("P1Y"), BillingCycleType::Monthly));
    assert_eq!(figures(&p), some5("30.40", "30.40", "30.40", "30.40", "364.80"));
    // 30.40 × 25 × 12 = 9120.00
    let p = fits(&PriceInput { quantity: 25, ..input("USD", dec("30.4")?, Some("P1Y"), BillingCycleType::Monthly) });
    assert_eq!(p.extended_price.map(|m| m.0), Some(dec("9120.00")?));
    Ok(())
}

#[test]
fn a_ten_percent_promotion() -> TestResult {
    // 364.80 × (100 − 10) / 100 = 328.32; one annual period on P1Y.
    let p = fits(&PriceInput {
        discount_percent: Some(Decimal::TEN),
        ..input("USD", dec("364.80")?, Some("P1Y"), BillingCycleType::Annual)
    });
    assert_eq!(figures(&p), some5("364.80", "328.32", "328.32", "328.32", "328.32"));
    // 12.5 % off 19.99 = 17.49125 -> 17.49 (rounded to cents before multiplying): × 3 × 12 = 629.64
    let p = fits(&PriceInput {
        discount_percent: Some(dec("12.5")?),
        quantity: 3,
        ..input("EUR", dec("19.99")?, Some("P1Y"), BillingCycleType::Monthly)
    });
    assert_eq!(figures(&p), some5("19.99", "17.49", "17.49", "17.49", "629.64"));
    Ok(())
}

#[test]
fn proration_to_a_month_end() -> TestResult {
    let now = now()?;
    let end: DateTime<Utc> = "2026-06-30T00:00:00Z".parse()?;
    // Days to the end: 2026-06-01 -> 2026-06-30 = 29.
    // Days of the full term: 2026-06-01 -> 2027-06-01 = 365 (no 29 February in between).
    // factor = 29 / 365.
    let factor = proration_factor(now, Some("P1Y"), end);
    assert_eq!(factor, Decimal::from(29) / Decimal::from(365));

    // Annual: 364.80 × 29 / 365 = 10579.20 / 365 = 28.98410... -> 28.98; 1 period.
    let p = fits(&PriceInput {
        custom_term_end: Some(end),
        now,
        ..input("USD", dec("364.80")?, Some("P1Y"), BillingCycleType::Annual)
    });
    assert_eq!(figures(&p), some5("364.80", "364.80", "28.98", "28.98", "28.98"));

    // Monthly: every charge keeps the monthly price; the term ends inside the first month, after
    // 29 of June's 30 days: one partial charge, 30.40 × 29 / 30 = 29.3866... -> 29.39.
    let p = fits(&PriceInput {
        custom_term_end: Some(end),
        now,
        ..input("USD", dec("30.40")?, Some("P1Y"), BillingCycleType::Monthly)
    });
    assert_eq!(figures(&p), some5("30.40", "30.40", "30.40", "30.40", "29.39"));

    // Promotion then proration: 328.32 × 29 / 365 = 9521.28 / 365 = 26.0857... -> 26.09.
    let p = fits(&PriceInput {
        custom_term_end: Some(end),
        now,
        discount_percent: Some(Decimal::TEN),
        ..input("USD", dec("364.80")?, Some("P1Y"), BillingCycleType::Annual)
    });
    assert_eq!(figures(&p), some5("364.80", "328.32", "26.09", "26.09", "26.09"));

    // A leap year in the term: 2027-06-01 -> 2028-06-01 = 366 days, so 29 / 366.
    let later: DateTime<Utc> = "2027-06-01T00:00:00Z".parse()?;
    let later_end: DateTime<Utc> = "2027-06-30T00:00:00Z".parse()?;
    assert_eq!(proration_factor(later, Some("P1Y"), later_end), Decimal::from(29) / Decimal::from(366));

    // No term, or the end at the full term: no proration.
    assert_eq!(proration_factor(now, None, end), Decimal::ONE);
    assert_eq!(proration_factor(now, Some("P1Y"), "2027-06-01T00:00:00Z".parse()?), Decimal::ONE);
    Ok(())
}

#[test]
fn jpy_rounds_to_whole_yen() -> TestResult {
    // 1234.5 -> 1235 (half away from zero); × 12 = 14820.
    let p = fits(&input("JPY", dec("1234.5")?, Some("P1Y"), BillingCycleType::Monthly));
    assert_eq!(figures(&p), some5("1235", "1235", "1235", "1235", "14820"));
    // 10 % off 14814 = 13332.6 -> 13333.
    let p = fits(&PriceInput {
        discount_percent: Some(Decimal::TEN),
        ..input("jpy", dec("14814")?, Some("P1Y"), BillingCycleType::Annual)
    });
    assert_eq!(figures(&p), some5("14814", "13333", "13333", "13333", "13333"));
    Ok(())
}

#[test]
fn annual_on_p3y_is_three_periods_and_one_time_is_one() -> TestResult {
    // 400.25 × 2 × 3 = 2401.50
    let p = fits(&PriceInput { quantity: 2, ..input("USD", dec("400.25")?, Some("P3Y"), BillingCycleType::Annual) });
    assert_eq!(p.extended_price.map(|m| m.0), Some(dec("2401.50")?));
    // 1216.58 one_time on P3Y: × 2 × 1 = 2433.16
    let p = fits(&PriceInput { quantity: 2, ..input("USD", dec("1216.58")?, Some("P3Y"), BillingCycleType::OneTime) });
    assert_eq!(p.extended_price.map(|m| m.0), Some(dec("2433.16")?));
    // 199.99 one_time without a term: × 3 × 1 = 599.97
    let p = fits(&PriceInput { quantity: 3, ..input("USD", dec("199.99")?, None, BillingCycleType::OneTime) });
    assert_eq!(figures(&p), some5("199.99", "199.99", "199.99", "199.99", "599.97"));
    Ok(())
}

fn catalog() -> Result<Catalog, serde_json::Error> {
    serde_json::from_value(json!({"items": [
        {"catalogItemId": "BASIC:0001:A", "title": "Microsoft 365 Business Basic", "currencyCode": "USD",
         "maximumQuantity": 300,
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4},
                   {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 364.8}],
         "promotions": [{"promotionId": "39NFJQT1Q5KV:0001", "termDuration": "P1Y", "billingCycle": "annual",
                         "discountPercent": 10, "startDate": "2026-01-01T00:00:00Z",
                         "endDate": "2028-01-01T00:00:00Z"}]},
        {"catalogItemId": "STANDARD:0001:JP", "title": "Microsoft 365 Business Standard", "currencyCode": "JPY",
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 1234.5}]},
        {"catalogItemId": "RESERVATION:0081:A", "title": "Reserved VM Instance, Standard_D2s_v5", "currencyCode": "USD",
         "terms": [{"termDuration": "P3Y", "billingCycle": "annual", "listPrice": 400.25},
                   {"termDuration": "P3Y", "billingCycle": "one_time", "listPrice": 1216.58}]},
        {"catalogItemId": "SQL:0003:A", "title": "SQL Server 2022 Standard", "currencyCode": "USD", "inventory": 25,
         "terms": [{"billingCycle": "one_time", "listPrice": 199.99}]},
        {"catalogItemId": "DEDICATEDHOST:0001:A", "title": "Azure Dedicated Host, Dsv5 Type 1", "currencyCode": "USD",
         "terms": [{"termDuration": "P3Y", "billingCycle": "monthly", "listPrice": 9999.99}]}
    ]}))
}

fn store() -> Result<Store, AnyError> {
    let clock = Arc::new(ManualClock::new(now()?));
    let store = Store::open_in_memory_with(StoreOptions { clock, ..StoreOptions::default() })?;
    store.import_catalog(&catalog()?)?;
    Ok(store)
}

/// Creates a cart of `lines` at NOW and returns it as JSON.
fn priced(lines: Value) -> Result<Value, AnyError> {
    let store = store()?;
    let new_cart: Cart = serde_json::from_value(json!({ "lineItems": lines }))?;
    let cart = store.create_cart(CUSTOMER, &new_cart)?;
    if let Some(line) = cart.line_items.iter().find(|l| l.error.is_some()) {
        return Err(format!("unexpected line error: {:?}", line.error).into());
    }
    // Stored and read back, the figures are the same.
    let v = serde_json::to_value(&cart)?;
    if serde_json::to_value(store.get_cart(CUSTOMER, &cart.id)?)? != v {
        return Err("the stored cart reads back different".into());
    }
    Ok(v)
}

fn pricing_of(v: &Value, line: usize) -> Result<&Value, String> {
    v.pointer(&format!("/lineItems/{line}/pricing")).ok_or_else(|| format!("line {line} has no pricing"))
}

#[test]
fn create_cart_prices_lines_as_json_numbers() -> TestResult {
    let v = priced(json!([
        {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"},
        {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual",
         "promotionId": "39NFJQT1Q5KV:0001"},
        {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual",
         "customTermEndDate": "2026-06-30T00:00:00Z"},
        {"catalogItemId": "RESERVATION:0081:A", "quantity": 2, "termDuration": "P3Y", "billingCycle": "annual"},
        {"catalogItemId": "SQL:0003:A", "quantity": 3},
        {"catalogItemId": "BASIC:0001:A", "quantity": 3, "termDuration": "P1Y", "billingCycle": "monthly",
         "customTermEndDate": "2026-06-30T00:00:00Z"},
    ]))?;
    // 30.40 × 1 × 12 = 364.80, written as the number 364.8.
    assert_eq!(
        pricing_of(&v, 0)?,
        &json!({"listPrice": 30.4, "discountedPrice": 30.4, "proratedPrice": 30.4, "price": 30.4, "extendedPrice": 364.8})
    );
    // 364.80 − 10 % = 328.32.
    assert_eq!(
        pricing_of(&v, 1)?,
        &json!({"listPrice": 364.8, "discountedPrice": 328.32, "proratedPrice": 328.32, "price": 328.32,
                "extendedPrice": 328.32})
    );
    // 364.80 × 29 / 365 = 28.98 (see proration_to_a_month_end).
    assert_eq!(
        pricing_of(&v, 2)?,
        &json!({"listPrice": 364.8, "discountedPrice": 364.8, "proratedPrice": 28.98, "price": 28.98,
                "extendedPrice": 28.98})
    );
    // 400.25 × 2 × 3 = 2401.50.
    assert_eq!(pricing_of(&v, 3)?.get("extendedPrice"), Some(&json!(2401.5)));
    // 199.99 × 3 × 1 = 599.97.
    assert_eq!(pricing_of(&v, 4)?.get("extendedPrice"), Some(&json!(599.97)));
    // Monthly, ending after 29 of June's 30 days: 30.40 × 29 / 30 = 29.39 a seat; × 3 = 88.17.
    assert_eq!(pricing_of(&v, 5)?.get("price"), Some(&json!(30.4)));
    assert_eq!(pricing_of(&v, 5)?.get("extendedPrice"), Some(&json!(88.17)));
    Ok(())
}

#[test]
fn create_cart_writes_whole_yen() -> TestResult {
    let v = priced(json!([
        {"catalogItemId": "STANDARD:0001:JP", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"},
    ]))?;
    let pricing = pricing_of(&v, 0)?;
    // 1234.5 -> 1235; × 1 × 12 = 14820.
    for (name, expected) in [
        ("listPrice", 1235.0),
        ("discountedPrice", 1235.0),
        ("proratedPrice", 1235.0),
        ("price", 1235.0),
        ("extendedPrice", 14820.0),
    ] {
        let number = pricing.get(name).ok_or_else(|| format!("no {name}"))?;
        assert_eq!(number.as_f64(), Some(expected), "{name}");
        // An integer-valued JSON number: no fraction digits other than a trailing ".0".
        let text = number.to_string();
        let whole = text.strip_suffix(".0").unwrap_or(&text);
        assert!(whole.bytes().all(|b| b.is_ascii_digit()), "{name} written as {text}");
    }
    let text = serde_json::to_string(&v)?;
    assert!(text.contains(r#""extendedPrice":14820"#), "{text}");
    Ok(())
}

/// Library bug (src/model/money.rs, `impl Serialize for Money`): an amount with more than
/// 15-16 significant digits is written through f64 and loses its cents on the wire.
/// 9999.99 × 36 = 359999.64; × 999,999,999 = 359,999,640,000,000 − 359,999.64
/// = 359,999,639,640,000.36, which is written as `359999639640000.4`.
/// Either the figure survives the JSON round trip exactly, or the store refuses the line.
#[test]
fn large_totals_keep_every_cent_on_the_wire() -> TestResult {
    let store = store()?;
    let new_cart: Cart = serde_json::from_value(json!({"lineItems": [
        {"catalogItemId": "DEDICATEDHOST:0001:A", "quantity": 999_999_999, "termDuration": "P3Y",
         "billingCycle": "monthly"}]}))?;
    let cart = store.create_cart(CUSTOMER, &new_cart)?;
    let line = cart.line_items.first().ok_or("no line")?;
    if line.error.is_some() {
        return Ok(());
    }
    let extended = line.pricing.as_ref().and_then(|p| p.extended_price).map(|m| m.0);
    assert_eq!(extended, Some(dec("359999639640000.36")?));
    let text = serde_json::to_string(&cart)?;
    let back: Cart = serde_json::from_str(&text)?;
    let back_line = back.line_items.first().ok_or("no line read back")?;
    assert_eq!(back_line.pricing, line.pricing, "{text}");
    Ok(())
}

fn cycles() -> impl Strategy<Value = BillingCycleType> {
    prop::sample::select(vec![
        BillingCycleType::Monthly,
        BillingCycleType::Annual,
        BillingCycleType::OneTime,
        BillingCycleType::None,
        BillingCycleType::Biennial,
        BillingCycleType::Triennial,
    ])
}

fn terms() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![None, Some("P1M"), Some("P1Y"), Some("P3Y")])
}

fn currencies() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["USD", "EUR", "JPY", "KWD", "TWD"])
}

proptest! {
    /// extendedPrice = price × quantity × periods exactly, and every figure has at most the
    /// currency's minor-unit digits.
    #[test]
    fn extended_price_is_exact_and_figures_are_rounded(
        cents in 0i64..=100_000_000,
        quantity in 1i64..10_000,
        term in terms(),
        cycle in cycles(),
        currency in currencies(),
        discount_hundredths in prop::option::of(0i64..=10_000),
        end_days in prop::option::of(1i64..=1_200),
    ) {
        let now = DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_605); // 2026-06-01
        let p = fits(&PriceInput {
            currency,
            list_price: Decimal::new(cents, 2),
            discount_percent: discount_hundredths.map(|d| Decimal::new(d, 2)),
            term_duration: term,
            billing_cycle: cycle,
            quantity,
            custom_term_end: end_days.map(|d| now + Duration::days(d)),
            now,
        });
        let (Some(list), Some(discounted), Some(prorated), Some(price), Some(extended)) =
            (p.list_price, p.discounted_price, p.prorated_price, p.price, p.extended_price)
        else {
            return Err(TestCaseError::fail(format!("a figure is missing: {p:?}")));
        };
        let whole_term = price.0 * Decimal::from(quantity) * Decimal::from(periods(term, cycle));
        match end_days {
            // The whole term: price × quantity × periods, exactly.
            None => prop_assert_eq!(extended.0, whole_term),
            // A shortened term never costs more than the whole one at the undiscounted charge.
            Some(_) => prop_assert!(extended.0 <= discounted.0 * Decimal::from(quantity) * Decimal::from(periods(term, cycle))),
        }
        let digits = minor_units(currency);
        for (name, figure) in [("list", list), ("discounted", discounted), ("prorated", prorated), ("price", price),
                               ("extended", extended)] {
            prop_assert!(figure.0.scale() <= digits, "{} {} has more than {} decimals", name, figure.0, digits);
            prop_assert!(!figure.0.is_sign_negative(), "{} {} is negative", name, figure.0);
        }
        prop_assert!(discounted.0 <= list.0);
        prop_assert!(prorated.0 <= discounted.0);
        // The JSON numbers read back to the same decimals.
        let back: Pricing = serde_json::from_str(&serde_json::to_string(&p).map_err(|e| TestCaseError::fail(e.to_string()))?)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, p);
    }
}
