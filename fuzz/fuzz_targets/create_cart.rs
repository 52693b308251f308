//! Bytes → `Cart` → `create_cart` on an in-memory store with a small catalog: must never panic,
//! and the cart it returns must be the cart `get_cart` reads back. The catalog holds an item at
//! the list-price bound on a 100-year monthly term with unlimited-scale inventory, so that the
//! largest figures pricing can meet are reached (`create_cart.dict` suggests them).
#![no_main]

use cartstore::{Cart, Catalog, Store};
use libfuzzer_sys::fuzz_target;

const CATALOG: &str = r#"{"items": [
  {"catalogItemId": "BASIC:0001:A", "currencyCode": "USD", "minimumQuantity": 1, "maximumQuantity": 300,
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]},
  {"catalogItemId": "ADDON:0001:A", "currencyCode": "USD", "addonOf": ["BASIC:0001:A"],
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 2}]},
  {"catalogItemId": "SOFT:0001:A", "currencyCode": "USD", "inventory": 10,
   "terms": [{"billingCycle": "one_time", "listPrice": 199.99}]},
  {"catalogItemId": "HUGE:0001:A", "currencyCode": "USD", "inventory": 9223372036854775807,
   "terms": [{"termDuration": "P100Y", "billingCycle": "monthly", "listPrice": 1000000000000000},
             {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 999999999999999.9999999999999}],
   "promotions": [{"promotionId": "P", "discountPercent": 0.0000000000000000000000000001}]}
]}"#;

thread_local! {
    static STORE: Option<Store> = {
        let catalog: Option<Catalog> = serde_json::from_str(CATALOG).ok();
        Store::open_in_memory().ok().and_then(|s| {
            s.import_catalog(&catalog?).ok()?;
            Some(s)
        })
    };
}

fuzz_target!(|data: &[u8]| {
    let Ok(cart) = serde_json::from_slice::<Cart>(data) else { return };
    STORE.with(|store| {
        if let Some(store) = store {
            if let Ok(created) = store.create_cart("fuzz-customer", &cart) {
                // Whatever was stored reads back exactly as create_cart returned it (the
                // returned cart is built in memory, not read back), serializes, and previews
                // without panicking.
                if let Ok(read) = store.get_cart("fuzz-customer", &created.id) {
                    assert_eq!(
                        serde_json::to_value(&read).ok(),
                        serde_json::to_value(&created).ok(),
                        "create_cart returned something get_cart does not read back"
                    );
                }
                let _ = serde_json::to_string(&created);
                let _ = store.preview_checkout("fuzz-customer", &created.id);
                let _ = store.delete_cart("fuzz-customer", &created.id);
            }
        }
    });
});
