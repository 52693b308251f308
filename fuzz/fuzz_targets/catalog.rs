//! Bytes → `Catalog` → `Store::import_catalog` on a fresh store, then every priced path over
//! what was imported: must never panic, whatever the items, terms, prices, promotions and
//! inventories say. When the catalog imports, for each of its first items a one-line cart of
//! the item (its first term's duration and billing cycle, its minimum quantity) is created and
//! must read back as `create_cart` returned it; a quote is issued and rendered in every locale;
//! the cart is checked out and every order it made reads back.
//!
//! Each run gets a fresh store copied from a migrated template ([`common::fresh_store`]).
#![no_main]

use cartstore::{Cart, CartLineItem, Catalog, Localizer, QuoteOptions};
use libfuzzer_sys::fuzz_target;

mod common;

const CUSTOMER: &str = "fuzz-customer";

fuzz_target!(|data: &[u8]| {
    let Ok(catalog) = serde_json::from_slice::<Catalog>(data) else { return };
    let Some(store) = common::fresh_store() else { return };
    if store.import_catalog(&catalog).is_err() {
        return;
    }
    let Ok(listed) = store.list_catalog() else { return };
    let _ = serde_json::to_string(&listed);
    for item in listed.items.iter().take(4) {
        let term = item.terms.first();
        let line = CartLineItem {
            catalog_item_id: Some(item.catalog_item_id.clone()),
            quantity: serde_json::from_value(serde_json::json!(item.minimum_quantity.unwrap_or(1))).ok(),
            term_duration: term.and_then(|t| t.term_duration.clone()),
            billing_cycle: term.and_then(|t| t.billing_cycle),
            ..CartLineItem::default()
        };
        let cart = Cart { line_items: vec![line], ..Cart::default() };
        let Ok(created) = store.create_cart(CUSTOMER, &cart) else { continue };
        if let Ok(read) = store.get_cart(CUSTOMER, &created.id) {
            assert_eq!(
                serde_json::to_value(&read).ok(),
                serde_json::to_value(&created).ok(),
                "create_cart returned something get_cart does not read back"
            );
        }
        if let Ok(quote) = store.issue_quote(CUSTOMER, &created.id, &QuoteOptions::default()) {
            for l10n in Localizer::all() {
                let _ = quote.to_html(&l10n);
            }
        }
        if let Ok(result) = store.checkout(CUSTOMER, &created.id) {
            let _ = serde_json::to_string(&result);
            for order in &result.orders {
                let read = store.get_order(CUSTOMER, &order.id);
                assert!(read.is_ok(), "an order the checkout returned does not read back: {read:?}");
            }
        }
    }
});
