//! Quotes issued by the store: priced from the cart now, numbered, stored, immutable, the same
//! quote again for the same cart version and options, and every bad request refused with
//! nothing stored.

use std::sync::Arc;

use cartstore::quote::{PriceBasis, QuoteOptions};
use cartstore::{
    Cart, CartErrorCode, Error, InputProblem, Localizer, ManualClock, OrderErrorCode, Store, StoreOptions,
};
use rust_decimal::Decimal;
use serde_json::json;

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

const C: &str = "customer-quotes";

fn store(locale: &str) -> Res<(Store, Arc<ManualClock>)> {
    let clock = Arc::new(ManualClock::new("2026-12-08T09:00:00Z".parse()?));
    let options =
        StoreOptions { clock: clock.clone(), locale: Localizer::negotiate(&[locale]), ..StoreOptions::default() };
    let store = crate::backends::open_with(options)?;
    store.import_catalog(&serde_json::from_value(json!({"items": [
        {"catalogItemId": "BASIC:0001:A", "title": "Business Basic", "currencyCode": "USD",
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 6.05},
                   {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 72}]},
        {"catalogItemId": "ADDON:0001:A", "title": "Extra storage", "currencyCode": "USD",
         "addonOf": ["BASIC:0001:A"], "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 0.2}]},
        {"catalogItemId": "JP:0001:A", "title": "Japan edition", "currencyCode": "JPY",
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 1874}]}
    ]}))?)?;
    Ok((store, clock))
}

fn cart() -> Res<Cart> {
    Ok(serde_json::from_value(json!({"lineItems": [
        {"catalogItemId": "BASIC:0001:A", "quantity": 10, "termDuration": "P1Y", "billingCycle": "monthly",
         "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": 10, "termDuration": "P1Y"}]},
        {"catalogItemId": "JP:0001:A", "quantity": 3, "termDuration": "P1Y", "billingCycle": "monthly"},
        {"catalogItemId": "BASIC:0001:A", "quantity": 2, "termDuration": "P1Y", "billingCycle": "annual"},
        {"catalogItemId": "GONE:0001:A", "quantity": 1}
    ]}))?)
}

fn markup(percent: i64) -> QuoteOptions {
    QuoteOptions { price_basis: PriceBasis::Markup(Decimal::from(percent)), ..QuoteOptions::default() }
}

#[test]
fn a_quote_groups_the_cart_per_currency_and_cycle_with_exact_totals() -> TestResult {
    crate::backends::each("quote_store::a_quote_groups_the_cart_per_currency_and_cycle_with_exact_totals", || {
        let (store, _) = store("fr")?;
        let created = store.create_cart(C, &cart()?)?;
        let quote = store.issue_quote(C, &created.id, &markup(15))?;
        assert_eq!(quote.quote_number, "Q-2026-000001");
        assert_eq!(quote.locale, "fr");
        let v = serde_json::to_value(&quote)?;
        let groups = v["groups"].as_array().ok_or("groups")?;
        assert_eq!(groups.len(), 3, "{v}");
        // USD monthly: 6.05 x 1.15 = 6.9575 -> 6.96 x 10 = 69.60; add-on 0.20 x 1.15 = 0.23 x 10 =
        // 2.30; per period 71.90, over P1Y monthly (12 periods) 862.80.
        assert_eq!((&groups[0]["currencyCode"], &groups[0]["billingCycle"]), (&json!("USD"), &json!("monthly")));
        assert_eq!(groups[0]["lines"].as_array().map(Vec::len), Some(2));
        assert_eq!(quote.groups[0].total_per_period.to_string(), "71.90");
        assert_eq!(quote.groups[0].term_total.to_string(), "862.80");
        // JPY: 1874 x 1.15 = 2155.1 -> 2155 x 3 = 6465 a month, 77580 a year.
        assert_eq!(groups[1]["currencyCode"], "JPY");
        assert_eq!(quote.groups[1].total_per_period.to_string(), "6465");
        assert_eq!(quote.groups[1].term_total.to_string(), "77580");
        // USD annual: 72 x 1.15 = 82.80 x 2 = 165.60, one period.
        assert_eq!(groups[2]["billingCycle"], "annual");
        assert_eq!(quote.groups[2].term_total.to_string(), "165.60");
        // The unknown item is excluded, described in the quote's locale.
        let excluded = &quote.excluded_lines;
        assert_eq!(excluded.len(), 1);
        assert_eq!(excluded[0].code, CartErrorCode::CatalogItemIdIsNotValid);
        assert_eq!(
            excluded[0].description,
            Localizer::negotiate(&["fr"]).cart_error(CartErrorCode::CatalogItemIdIsNotValid)
        );
        Ok(())
    })
}

#[test]
fn the_same_cart_and_options_give_the_same_quote_and_numbers_follow_each_other() -> TestResult {
    crate::backends::each(
        "quote_store::the_same_cart_and_options_give_the_same_quote_and_numbers_follow_each_other",
        || {
            let (store, clock) = store("en")?;
            let created = store.create_cart(C, &cart()?)?;
            let first = store.issue_quote(C, &created.id, &QuoteOptions::default())?;
            clock.advance(chrono::Duration::minutes(5));
            assert_eq!(store.issue_quote(C, &created.id, &QuoteOptions::default())?, first);
            let other = store.issue_quote(C, &created.id, &markup(10))?;
            assert_eq!(other.quote_number, "Q-2026-000002");
            // A new version of the cart is a new quote.
            let mut edited = cart()?;
            edited.id = created.id.clone();
            edited.last_modified_timestamp = created.last_modified_timestamp;
            store.update_cart(C, &edited)?;
            let third = store.issue_quote(C, &created.id, &QuoteOptions::default())?;
            assert_eq!(third.quote_number, "Q-2026-000003");
            // Stored and immutable: read back as issued, listed oldest first, not another's.
            assert_eq!(store.get_quote(C, &first.quote_number)?, first);
            let numbers: Vec<String> = store.list_quotes(C)?.into_iter().map(|q| q.quote_number).collect();
            assert_eq!(numbers, ["Q-2026-000001", "Q-2026-000002", "Q-2026-000003"]);
            let err = store.get_quote("someone-else", &first.quote_number).err().ok_or("found")?;
            assert!(matches!(err, Error::QuoteNotFound { .. }), "{err:?}");
            assert!(store.list_quotes("someone-else")?.is_empty());
            // Rendered later in any locale, the figures are the same.
            let en = first.to_html(&Localizer::negotiate(&["en"]));
            let ja = store.get_quote(C, &first.quote_number)?.to_html(&Localizer::negotiate(&["ja"]));
            assert!(en.contains("$60.50") && ja.contains("$60.50"), "10 x 6.05 in both");
            Ok(())
        },
    )
}

#[test]
fn bad_quote_requests_are_typed_errors_and_store_nothing() -> TestResult {
    crate::backends::each("quote_store::bad_quote_requests_are_typed_errors_and_store_nothing", || {
        let (store, clock) = store("en")?;
        let created = store.create_cart(C, &cart()?)?;
        let expires = created.expiration_timestamp.ok_or("no expiration")?;
        let cases: Vec<(QuoteOptions, &str)> = vec![
            (markup(-1), "priceBasis.percent"),
            (markup(1001), "priceBasis.percent"),
            (
                QuoteOptions {
                    valid_until: Some(cartstore::model::Timestamp(expires.0 + chrono::Duration::seconds(1))),
                    ..QuoteOptions::default()
                },
                "validUntil",
            ),
        ];
        for (options, field) in cases {
            let err = store.issue_quote(C, &created.id, &options).err().ok_or("issued")?;
            assert!(
                matches!(&err, Error::InvalidInput { field: f, problem: InputProblem::OutOfRange } if f == field),
                "{err:?}"
            );
        }
        // An unknown price basis does not parse.
        assert!(serde_json::from_value::<QuoteOptions>(json!({"priceBasis": {"kind": "discount"}})).is_err());
        // Another customer's cart is not found; an ordered cart is 800065; an expired one 800008.
        let err = store.issue_quote("someone-else", &created.id, &QuoteOptions::default()).err().ok_or("issued")?;
        assert_eq!(err.order_code(), Some(OrderErrorCode::CartIdNotFound));
        let ordered = store.create_cart(C, &cart()?)?;
        store.checkout(C, &ordered.id)?;
        let err = store.issue_quote(C, &ordered.id, &QuoteOptions::default()).err().ok_or("issued")?;
        assert_eq!(err.order_code(), Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered));
        clock.advance(chrono::Duration::days(8));
        let err = store.issue_quote(C, &created.id, &QuoteOptions::default()).err().ok_or("issued")?;
        assert!(matches!(err, Error::CartExpired { .. }), "{err:?}");
        assert_eq!(err.order_code(), Some(OrderErrorCode::CartIdNotFound));
        assert!(store.list_quotes(C)?.is_empty());
        Ok(())
    })
}

#[test]
fn the_cli_issues_reads_lists_and_renders_quotes() -> TestResult {
    crate::backends::each("quote_store::the_cli_issues_reads_lists_and_renders_quotes", || {
        let dir = tempfile::tempdir()?;
        let db = crate::backends::target("quotes.db")?;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let run = |args: &[&str]| -> Res<std::process::Output> {
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cartstore"));
            command.arg("--db").arg(db.as_str()).args(args);
            for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "CARTSTORE_DB", "CARTSTORE_MESSAGES"] {
                command.env_remove(name);
            }
            Ok(command.output()?)
        };
        let ok = |out: std::process::Output| -> Res<String> {
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            Ok(String::from_utf8(out.stdout)?)
        };
        ok(run(&["catalog", "import", root.join("examples/catalog.json").to_str().ok_or("path")?])?)?;
        let cart: serde_json::Value = serde_json::from_str(&ok(run(&[
            "cart",
            "create",
            "--customer",
            C,
            root.join("examples/demo-cart.json").to_str().ok_or("path")?,
        ])?)?)?;
        let cart_id = cart["id"].as_str().ok_or("no cart id")?;
        let quote: serde_json::Value = serde_json::from_str(&ok(run(&[
            "quote",
            "issue",
            "--customer",
            C,
            "--cart",
            cart_id,
            "--markup",
            "12.5",
        ])?)?)?;
        let number = quote["quoteNumber"].as_str().ok_or("no number")?;
        assert_eq!(quote["priceBasis"], json!({"kind": "markup", "percent": 12.5}));
        let got: serde_json::Value =
            serde_json::from_str(&ok(run(&["quote", "get", "--customer", C, "--quote", number])?)?)?;
        assert_eq!(got, quote);
        let listed: serde_json::Value = serde_json::from_str(&ok(run(&["quote", "list", "--customer", C])?)?)?;
        assert_eq!(listed["totalCount"], 1);
        // Rendered in the language asked for: Japanese yen and dates.
        let html = ok(run(&["--locale", "ja", "quote", "render", "--customer", C, "--quote", number])?)?;
        assert!(
            html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
            "{}",
            &html[..80.min(html.len())]
        );
        assert!(html.contains("￥") && html.contains("年"), "no Japanese money or date");
        let file = dir.path().join("quote-fr.html");
        ok(run(&[
            "--locale",
            "fr",
            "quote",
            "render",
            "--customer",
            C,
            "--quote",
            number,
            "--output",
            file.to_str().ok_or("path")?,
        ])?)?;
        assert!(std::fs::read_to_string(&file)?.contains("\u{a0}$US"));
        // Without --locale: the customer's language, from the profile.
        ok(run(&["customer", "set", "--customer", C, "--locale", "fr-CA"])?)?;
        let french = ok(run(&["quote", "render", "--customer", C, "--quote", number])?)?;
        assert!(french.contains("lang=\"fr\"") && french.contains("\u{a0}$US"), "not French");
        // A partner's own template, read at run time; one that does not parse names its line.
        let template = dir.path().join("mine.html.j2");
        std::fs::write(&template, "<p>{{ number }}: {% for g in groups %}{{ g.term_total }} {% endfor %}</p>")?;
        let mine = ok(run(&[
            "--locale",
            "en",
            "quote",
            "render",
            "--customer",
            C,
            "--quote",
            number,
            "--template",
            template.to_str().ok_or("path")?,
        ])?)?;
        assert!(mine.starts_with(&format!("<p>{number}: $")), "{mine}");
        std::fs::write(&template, "<p>\n{% for g in groups %}\n{{ g.term_total }\n</p>")?;
        let out = run(&[
            "quote",
            "render",
            "--customer",
            C,
            "--quote",
            number,
            "--template",
            template.to_str().ok_or("path")?,
        ])?;
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8(out.stderr)?.contains("900007"));
        // Errors: an unknown quote is 900008; a markup past 1000 % is 800002.
        let out = run(&["quote", "get", "--customer", C, "--quote", "Q-0000-000009"])?;
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8(out.stderr)?.contains("900008"));
        let out = run(&["quote", "issue", "--customer", C, "--cart", cart_id, "--markup", "1001"])?;
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8(out.stderr)?.contains("800002"));
        Ok(())
    })
}

#[test]
fn a_quote_takes_the_customers_profile_erp_prices_and_coming_price_changes() -> TestResult {
    crate::backends::each(
        "quote_store::a_quote_takes_the_customers_profile_erp_prices_and_coming_price_changes",
        || {
            let (store, _) = store("en")?;
            store.import_catalog(&serde_json::from_value(json!({"items": [
                {"catalogItemId": "ERP:0001:A", "title": "Teams Essentials", "currencyCode": "USD",
                 "terms": [
                    {"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 10, "erpPrice": 12},
                    {"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 11, "erpPrice": 13,
                     "effectiveStart": "2026-12-10T00:00:00Z"}
                 ]}
            ]}))?)?;
            let profile = cartstore::model::CustomerProfile {
                name: Some("Contoso Ltd".into()),
                locale: Some("ja-JP".into()),
                ..cartstore::model::CustomerProfile::default()
            };
            store.set_customer(C, &profile)?;
            let created = store.create_cart(
                C,
                &serde_json::from_value(json!({"lineItems": [
            {"catalogItemId": "ERP:0001:A", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"}]}))?,
            )?;
            let options = QuoteOptions { price_basis: PriceBasis::Erp, ..QuoteOptions::default() };
            let quote = store.issue_quote(C, &created.id, &options)?;
            // The customer's language and name; the estimated retail price, 12 a month x 2 = 24.
            assert_eq!(quote.locale, "ja");
            assert_eq!(quote.customer.name.as_deref(), Some("Contoso Ltd"));
            assert_eq!(quote.groups[0].lines[0].unit_price.to_string(), "12.00");
            assert_eq!(quote.groups[0].total_per_period.to_string(), "24.00");
            // The price that starts on December 10, inside the validity window (to December 15).
            let v = serde_json::to_value(&quote.price_changes)?;
            assert_eq!(v[0]["lineId"], 0);
            assert_eq!(v[0]["effectiveStart"], "2026-12-10T00:00:00Z");
            assert_eq!(quote.price_changes[0].unit_price.to_string(), "13.00");
            // At cost, the same change is at the new list price.
            let cost = store.issue_quote(C, &created.id, &QuoteOptions::default())?;
            assert_eq!(cost.groups[0].lines[0].unit_price.to_string(), "10.00");
            assert_eq!(cost.price_changes[0].unit_price.to_string(), "11.00");
            // The document is in Japanese.
            assert!(quote.to_html(&Localizer::negotiate(&[&quote.locale])).contains("御見積書"));
            Ok(())
        },
    )
}
