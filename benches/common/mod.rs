//! The workload both `benches/store.rs` and `examples/perf.rs` measure: one catalog and one
//! ten-line cart, so that the criterion figures and the report's figures are of the same calls.
//! (A folder, so that cargo does not take it for a bench target of its own.)

use cartstore::{Cart, Catalog};
use serde_json::json;

/// Ten catalog items in three (billing cycle, currency) groups, plus an add-on; no inventory
/// limits, so thousands of checkouts succeed.
pub fn catalog() -> Result<Catalog, serde_json::Error> {
    let mut items = Vec::new();
    for i in 1..=4 {
        items.push(json!({"catalogItemId": format!("BASIC:000{i}:A"), "title": format!("Business {i}"),
            "currencyCode": "USD", "minimumQuantity": 1, "maximumQuantity": 300,
            "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4},
                      {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 364.8}]}));
    }
    items.push(json!({"catalogItemId": "ADDON:0001:A", "title": "Add-on", "currencyCode": "USD",
        "addonOf": ["BASIC:0001:A"], "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 2}]}));
    for i in 1..=3 {
        items.push(json!({"catalogItemId": format!("EURO:000{i}:A"), "title": format!("Euro {i}"),
            "currencyCode": "EUR", "terms": [{"termDuration": "P1M", "billingCycle": "monthly", "listPrice": 12.5}]}));
    }
    for i in 1..=2 {
        items.push(json!({"catalogItemId": format!("SOFT:000{i}:A"), "title": format!("Perpetual {i}"),
            "currencyCode": "USD", "terms": [{"billingCycle": "one_time", "listPrice": 199.99}]}));
    }
    serde_json::from_value(json!({ "items": items }))
}

/// Ten lines (nine top-level, one add-on) in three order groups.
pub fn ten_line_cart() -> Result<Cart, serde_json::Error> {
    serde_json::from_value(json!({"lineItems": [
        {"catalogItemId": "BASIC:0001:A", "quantity": 5, "termDuration": "P1Y", "billingCycle": "monthly",
         "friendlyName": "seats", "participants": [{"key": "transaction_reseller", "value": "1234567"}],
         "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": 5, "termDuration": "P1Y", "billingCycle": "monthly"}]},
        {"catalogItemId": "BASIC:0002:A", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"},
        {"catalogItemId": "BASIC:0003:A", "quantity": 3, "termDuration": "P1Y", "billingCycle": "monthly"},
        {"catalogItemId": "BASIC:0004:A", "quantity": 4, "termDuration": "P1Y", "billingCycle": "monthly"},
        {"catalogItemId": "EURO:0001:A", "quantity": 2, "termDuration": "P1M", "billingCycle": "monthly"},
        {"catalogItemId": "EURO:0002:A", "quantity": 1, "termDuration": "P1M", "billingCycle": "monthly"},
        {"catalogItemId": "EURO:0003:A", "quantity": 7, "termDuration": "P1M", "billingCycle": "monthly"},
        {"catalogItemId": "SOFT:0001:A", "quantity": 3, "billingCycle": "one_time",
         "provisioningContext": {"note": "keep"}},
        {"catalogItemId": "SOFT:0002:A", "quantity": 1, "billingCycle": "one_time"}
    ]}))
}
