//! `Store::copy_into` and `cartstore copy`: everything a store holds, into an empty store of
//! either kind. The round trip SQLite -> the backend of the run (PostgreSQL in a PostgreSQL run
//! of `backends::each`) -> SQLite reads back identical through every get and list.

use std::sync::Arc;

use cartstore::model::CartStatus;
use cartstore::quote::{PartnerProfile, QuoteOptions};
use cartstore::{CatalogQuery, Error, InputProblem, ManualClock, OrderQuery, ProvisioningStatus, Store, StoreOptions};
use serde_json::{Value, json};

use crate::store::{catalog, three_group_cart};

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const CUSTOMERS: [&str; 3] = ["cust-a", "cust-b", "nobody"];

fn options(clock: &Arc<ManualClock>) -> StoreOptions {
    StoreOptions { clock: clock.clone(), cart_lifetime: chrono::Duration::days(365), ..StoreOptions::default() }
}

/// A store holding one of everything: a JSON catalog and a price list, customer and partner
/// profiles, active and ordered carts, orders cancelled and provisioned, a checkout result with
/// an order error kept for its request id, quotes.
fn filled(store: &Store, clock: &Arc<ManualClock>) -> TestResult {
    store.import_catalog(&catalog()?)?;
    store.import_price_list(
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/pricelist-sample.csv"))?.as_slice(),
    )?;
    store.set_customer(
        "cust-a",
        &serde_json::from_value(json!({"name": "Contoso", "segment": "education", "market": "US"}))?,
    )?;
    store.set_partner_profile(&PartnerProfile { name: "Fabrikam Partners".into(), ..PartnerProfile::default() })?;
    let first = store.create_cart("cust-a", &three_group_cart()?)?;
    store.issue_quote("cust-a", &first.id, &QuoteOptions::default())?;
    clock.advance(chrono::Duration::seconds(3));
    let result = store.checkout_with_request_id("cust-a", &first.id, "request-1")?;
    let first_order = result.orders.first().ok_or("no order")?;
    store.record_provisioning("cust-a", &first_order.id, 0, ProvisioningStatus::Fulfilled)?;
    let last = result.orders.last().ok_or("no order")?;
    store.cancel_order("cust-a", &last.id)?;
    // An order error kept with the result: the perpetual item sells out before the checkout.
    let second = store.create_cart("cust-b", &three_group_cart()?)?;
    let mut sold_out = catalog()?;
    sold_out.items.retain(|i| i.catalog_item_id == "SOFT:0001:A");
    sold_out.items[0].inventory = Some(1);
    store.import_catalog(&sold_out)?;
    store.checkout_with_request_id("cust-b", &second.id, "request-2")?;
    let priced = store.create_cart("cust-b", &crate::prices::cart(&[("SAMPLE000001:0001", 4, "P1Y", "annual")])?)?;
    store.issue_quote("cust-b", &priced.id, &QuoteOptions::default())?;
    clock.advance(chrono::Duration::seconds(3));
    store.create_cart("cust-a", &three_group_cart()?)?;
    Ok(())
}

/// What every get and list of `store` returns, as JSON.
fn reads(store: &Store) -> TestResult<Value> {
    let mut out = serde_json::Map::new();
    let catalog = store.list_catalog()?;
    out.insert("catalog".into(), serde_json::to_value(&catalog)?);
    for item in &catalog.items {
        out.insert(
            format!("item {}", item.catalog_item_id),
            serde_json::to_value(store.catalog_item(&item.catalog_item_id)?)?,
        );
    }
    for text in ["", "basic", "contoso busi", "euro"] {
        let query = CatalogQuery { text: Some(text.into()), page_size: Some(1000), ..CatalogQuery::default() };
        out.insert(format!("search {text}"), serde_json::to_value(store.search_catalog(&query)?)?);
    }
    out.insert("partner".into(), serde_json::to_value(store.get_partner_profile()?)?);
    for customer in CUSTOMERS {
        out.insert(format!("customer {customer}"), serde_json::to_value(store.get_customer(customer)?)?);
        let carts = store.list_carts(customer)?;
        out.insert(format!("carts {customer}"), serde_json::to_value(&carts)?);
        for cart in &carts {
            out.insert(format!("cart {}", cart.id), serde_json::to_value(store.get_cart(customer, &cart.id)?)?);
        }
        let orders = store.list_orders(customer, &OrderQuery::default())?;
        out.insert(format!("orders {customer}"), serde_json::to_value(&orders)?);
        let page = store.list_orders(customer, &OrderQuery { page_size: Some(1), ..OrderQuery::default() })?;
        out.insert(format!("first page {customer}"), serde_json::to_value(&page)?);
        for order in &orders.items {
            out.insert(format!("order {}", order.id), serde_json::to_value(store.get_order(customer, &order.id)?)?);
            let status = store.provisioning_status(customer, &order.id)?;
            out.insert(format!("status {}", order.id), serde_json::to_value(status)?);
        }
        let quotes = store.list_quotes(customer)?;
        out.insert(format!("quotes {customer}"), serde_json::to_value(&quotes)?);
        for quote in &quotes {
            let again = store.get_quote(customer, &quote.quote_number)?;
            out.insert(format!("quote {}", quote.quote_number), serde_json::to_value(again)?);
        }
    }
    Ok(Value::Object(out))
}

/// What the stored checkouts replay and what comes next (the next quote's number, an order
/// of a new checkout): the same on a copy as on its source.
fn replays_and_next(store: &Store) -> TestResult<Value> {
    let mut out = Vec::new();
    for (customer, request) in [("cust-a", "request-1"), ("cust-b", "request-2")] {
        // The ordered cart (cust-b's two carts were made at the same instant: not by position).
        let carts = store.list_carts(customer)?;
        let cart = carts.iter().find(|c| c.status == Some(CartStatus::Ordered)).ok_or("no ordered cart")?;
        out.push(json!(store.checkout_json(customer, &cart.id, request)?.1));
    }
    let active = store.list_carts("cust-a")?.last().ok_or("no cart")?.id.clone();
    out.push(json!(store.issue_quote("cust-a", &active, &markup())?.quote_number));
    let result = store.checkout("cust-a", &active)?;
    out.push(json!(result.orders.len()));
    out.push(serde_json::to_value(store.catalog_item("SOFT:0001:A")?.inventory)?);
    out.push(serde_json::to_value(store.list_orders("cust-a", &OrderQuery::default())?.total_count)?);
    Ok(Value::Array(out))
}

fn markup() -> QuoteOptions {
    QuoteOptions {
        price_basis: cartstore::PriceBasis::Markup(rust_decimal::Decimal::from(10)),
        ..QuoteOptions::default()
    }
}

/// `expected` and `got` key by key, so that a difference names its read.
fn same(expected: &Value, got: &Value, what: &str) -> TestResult {
    let (Some(expected), Some(got)) = (expected.as_object(), got.as_object()) else {
        assert_eq!(got, expected, "{what}");
        return Ok(());
    };
    assert_eq!(got.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "{what}: not the same reads");
    for (key, value) in expected {
        assert_eq!(got.get(key), Some(value), "{what}: {key}");
    }
    Ok(())
}

#[test]
fn a_round_trip_through_the_other_backend_reads_back_identical() -> TestResult {
    crate::backends::each("copy::a_round_trip_through_the_other_backend_reads_back_identical", || {
        let clock = Arc::new(ManualClock::new("2025-12-01T00:00:00Z".parse()?));
        let source = Store::open_in_memory_with(options(&clock))?;
        filled(&source, &clock)?;
        let expected = reads(&source)?;
        let middle = crate::backends::open_with(options(&clock))?;
        source.copy_into(&middle)?;
        same(&expected, &reads(&middle)?, "the copy")?;
        let back = Store::open_in_memory_with(options(&clock))?;
        middle.copy_into(&back)?;
        same(&expected, &reads(&back)?, "the copy of the copy")?;
        // The stored checkouts replay byte for byte, quote numbers and order sequence go on.
        let next = replays_and_next(&source)?;
        assert_eq!(replays_and_next(&middle)?, next);
        assert_eq!(replays_and_next(&back)?, next);
        Ok(())
    })
}

#[test]
fn a_store_that_is_not_empty_is_refused_and_left_as_it_was() -> TestResult {
    crate::backends::each("copy::a_store_that_is_not_empty_is_refused_and_left_as_it_was", || {
        let clock = Arc::new(ManualClock::new("2025-12-01T00:00:00Z".parse()?));
        let source = Store::open_in_memory_with(options(&clock))?;
        filled(&source, &clock)?;
        let destination = crate::backends::open_with(options(&clock))?;
        destination.set_customer("someone", &serde_json::from_value(json!({"name": "Northwind"}))?)?;
        let before = reads(&destination)?;
        let err = source.copy_into(&destination).err().ok_or("copied into a store that is not empty")?;
        assert_eq!(err, Error::InvalidInput { field: "destination".into(), problem: InputProblem::NotAllowed });
        same(&before, &reads(&destination)?, "the refused destination")?;
        assert!(destination.list_catalog()?.items.is_empty());
        // An empty store copied into an empty one: nothing, and both still empty.
        let empty = Store::open_in_memory_with(options(&clock))?;
        let other = crate::backends::open_with(options(&clock))?;
        empty.copy_into(&other)?;
        assert!(other.list_catalog()?.items.is_empty() && other.list_carts("cust-a")?.is_empty());
        Ok(())
    })
}

/// `cartstore` with `args` (no database variable, English), its exit code, stdout and stderr.
fn cli(args: &[&str]) -> TestResult<(Option<i32>, String, String)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cartstore"))
        .args(args)
        .args(["--locale", "en"])
        .env_remove("CARTSTORE_DB")
        .stdin(std::process::Stdio::null())
        .output()?;
    Ok((out.status.code(), String::from_utf8(out.stdout)?, String::from_utf8(out.stderr)?))
}

#[test]
fn the_cli_copies_a_desktop_file_into_an_empty_store_and_only_an_empty_one() -> TestResult {
    crate::backends::each("copy::the_cli_copies_a_desktop_file_into_an_empty_store_and_only_an_empty_one", || {
        let dir = tempfile::tempdir()?;
        let desktop = dir.path().join("desktop.db");
        let desktop = desktop.to_str().ok_or("path")?;
        let root = env!("CARGO_MANIFEST_DIR");
        let ok = |args: &[&str]| -> TestResult<Value> {
            let (code, out, err) = cli(args)?;
            assert_eq!(code, Some(0), "{args:?}: {err}");
            Ok(serde_json::from_str(&out)?)
        };
        ok(&["--db", desktop, "catalog", "import", &format!("{root}/examples/catalog.json")])?;
        let cart =
            ok(&["--db", desktop, "cart", "create", "--customer", "c1", &format!("{root}/examples/demo-cart.json")])?;
        let cart_id = cart["id"].as_str().ok_or("no cart id")?;
        ok(&["--db", desktop, "cart", "checkout", "--customer", "c1", "--cart", cart_id, "--request-id", "r1"])?;
        let team = crate::backends::target("team.db")?;
        let printed = ok(&["copy", "--from", desktop, "--to", team.as_str()])?;
        assert_eq!(printed["from"], desktop);
        for args in
            [&["order", "list", "--customer", "c1"][..], &["cart", "list", "--customer", "c1"], &["catalog", "list"]]
        {
            let on = |db: &str| ok(&[&["--db", db][..], args].concat());
            assert_eq!(on(team.as_str())?, on(desktop)?, "{args:?}");
        }
        // Again: the team store is not empty any more.
        let (code, out, err) = cli(&["copy", "--from", desktop, "--to", team.as_str()])?;
        assert_eq!((code, out.as_str()), (Some(1), ""));
        let error: Value = serde_json::from_str(err.trim())?;
        assert_eq!(error["code"], 800002, "{error}");
        assert!(error["description"].as_str().is_some_and(|d| d.contains("destination")), "{error}");
        // A source file that does not exist is not created.
        let missing = dir.path().join("missing.db");
        let (code, _, err) = cli(&["copy", "--from", missing.to_str().ok_or("path")?, "--to", team.as_str()])?;
        assert_eq!(code, Some(1));
        assert!(err.contains("900009") && !missing.exists(), "{err}");
        Ok(())
    })
}
