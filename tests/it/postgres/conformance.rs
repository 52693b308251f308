//! Conformance: one scenario of the store's operations (catalog, carts, checkout and its
//! replay, orders, cancelling, customers, quotes, catalog search) run on SQLite and on
//! PostgreSQL gives the same JSON, ids aside (timestamps come from one manual clock).

use std::sync::Arc;

use cartstore::{CatalogQuery, ManualClock, OrderQuery, QuoteOptions, Store, StoreOptions};
use serde_json::{Value, json};

use super::fresh_database;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// `text` with every UUID (8-4-4-4-12 hex digits) replaced by `<id>`.
fn without_uuids(text: &str) -> String {
    let shape = [8, 4, 4, 4, 12];
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'scan: while i < bytes.len() {
        let mut j = i;
        for (k, len) in shape.iter().enumerate() {
            let end = j + len;
            if end > bytes.len() || !bytes[j..end].iter().all(u8::is_ascii_hexdigit) {
                break;
            }
            j = end;
            if k < shape.len() - 1 {
                if bytes.get(j) != Some(&b'-') {
                    break;
                }
                j += 1;
            } else {
                out.push_str("<id>");
                i = j;
                continue 'scan;
            }
        }
        let c = text[i..].chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// `value` with every `alternateId` (a random short id) replaced by `<id>`.
fn without_alternate_ids(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "alternateId" {
                    *v = json!("<id>");
                } else {
                    without_alternate_ids(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_alternate_ids),
        _ => {}
    }
}

/// The JSON of every step of the scenario on `store`, ids replaced.
fn scenario(store: &Store, clock: &Arc<ManualClock>) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut steps: Vec<Value> = Vec::new();
    store.import_catalog(&crate::store::catalog()?)?;
    steps.push(serde_json::to_value(store.list_catalog()?)?);
    steps.push(serde_json::to_value(store.catalog_item("basic:0001:a")?)?);
    let cart = store.create_cart("cust-a", &crate::store::three_group_cart()?)?;
    steps.push(serde_json::to_value(&cart)?);
    clock.advance(chrono::Duration::seconds(5));
    let mut changed = store.get_cart("cust-a", &cart.id)?;
    changed.line_items.truncate(2);
    let updated = store.update_cart("cust-a", &changed)?;
    steps.push(serde_json::to_value(&updated)?);
    steps.push(serde_json::to_value(store.list_carts("cust-a")?)?);
    steps.push(json!(store.list_carts("cust-b")?.len()));
    let quote = store.issue_quote("cust-a", &cart.id, &QuoteOptions::default())?;
    steps.push(serde_json::to_value(&quote)?);
    steps.push(serde_json::to_value(store.issue_quote("cust-a", &cart.id, &QuoteOptions::default())?)?);
    steps.push(serde_json::to_value(store.list_quotes("cust-a")?)?);
    let result = store.checkout_with_request_id("cust-a", &cart.id, "req-1")?;
    steps.push(serde_json::to_value(&result)?);
    steps.push(serde_json::to_value(store.checkout_with_request_id("cust-a", &cart.id, "req-1")?)?);
    steps.push(json!(format!("{:?}", store.checkout("cust-b", &cart.id).map(|_| ()))));
    let page = store.list_orders("cust-a", &OrderQuery { page_size: Some(1), ..OrderQuery::default() })?;
    steps.push(serde_json::to_value(&page)?);
    steps.push(serde_json::to_value(store.list_orders("cust-a", &OrderQuery::default())?)?);
    let order_id = page.items.first().map(|o| o.id.clone()).unwrap_or_default();
    steps.push(serde_json::to_value(store.cancel_order("cust-a", &order_id).map_err(|e| e.to_string()))?);
    steps.push(serde_json::to_value(store.list_orders("cust-a", &OrderQuery::default())?)?);
    steps.push(serde_json::to_value(store.catalog_item("SOFT:0001:A")?)?);
    let profile = serde_json::from_value(json!({"name": "Contoso", "segment": "education", "market": "US"}))?;
    steps.push(serde_json::to_value(store.set_customer("cust-a", &profile)?)?);
    for text in ["busi", "BASIC", "add", "euro item", "nothing-like-it", ""] {
        let query = CatalogQuery { text: Some(text.to_owned()), ..CatalogQuery::default() };
        steps.push(serde_json::to_value(store.search_catalog(&query).map_err(|e| e.to_string()))?);
    }
    steps.iter_mut().for_each(without_alternate_ids);
    Ok(steps.iter().map(|s| without_uuids(&s.to_string())).collect())
}

#[test]
fn the_scenario_gives_the_same_json_on_sqlite_and_postgresql() -> TestResult {
    let Some(url) = fresh_database("the_scenario_gives_the_same_json_on_sqlite_and_postgresql")? else {
        return Ok(());
    };
    let sqlite_clock = crate::store::clock()?;
    let sqlite = Store::open_in_memory_with(StoreOptions { clock: sqlite_clock.clone(), ..StoreOptions::default() })?;
    let expected = scenario(&sqlite, &sqlite_clock)?;
    let pg_clock = crate::store::clock()?;
    let pg = Store::open_with(&url, StoreOptions { clock: pg_clock.clone(), ..StoreOptions::default() })?;
    let got = scenario(&pg, &pg_clock)?;
    assert_eq!(got.len(), expected.len());
    for (step, (got, expected)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(got, expected, "step {step}");
    }
    Ok(())
}

#[test]
fn uuids_are_replaced_and_nothing_else() {
    assert_eq!(
        without_uuids(r#"{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","n":"abc-1"}"#),
        r#"{"id":"<id>","n":"abc-1"}"#
    );
}
