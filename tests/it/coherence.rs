//! What a write returns is what a later read returns (the store builds the returned cart in
//! memory, not by reading it back; `list_carts` reads all carts in three queries), and the
//! store's catalog cache follows every other writer: imports and checkouts made through
//! another `Store` on the same file.

use std::collections::BTreeMap;

use cartstore::model::{KeyValue, Quantity, Timestamp};
use cartstore::{Cart, CartErrorCode, CartLineItem, Catalog, Store};
use proptest::prelude::*;
use serde_json::json;

use crate::store::{catalog, three_group_cart};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Catalog items, one the catalog lacks, and one of another currency.
const IDS: [&str; 5] = ["BASIC:0001:A", "ADDON:0001:A", "EURO:0001:A", "SOFT:0001:A", "NOPE:0001:A"];

fn line() -> impl Strategy<Value = CartLineItem> {
    (
        (0..IDS.len(), -2i64..400, prop::option::of(prop::sample::select(vec!["USD", "EUR", "JPY"]))),
        (
            prop::option::of(prop::sample::select(vec!["monthly", "annual", "one_time", "triennial"])),
            prop::option::of(prop::sample::select(vec!["P1M", "P1Y", "P3Y"])),
            prop::option::of("[a-z ]{0,8}"),
        ),
        (
            prop::option::of(prop::collection::vec(("[a-z_]{1,6}", "[0-9]{0,4}"), 0..3)),
            prop::option::of(prop::collection::btree_map("[a-z]{1,4}", "[a-z]{0,4}", 0..3)),
            prop::option::of(any::<bool>()),
            prop::option::of(0i64..800),
        ),
    )
        .prop_map(
            |((id, quantity, currency), (cycle, term, name), (participants, context, attested, end_days))| {
                let mut line = CartLineItem {
                    catalog_item_id: IDS.get(id).map(|s| (*s).to_owned()),
                    quantity: Some(Quantity::new(quantity)),
                    currency_code: currency.map(str::to_owned),
                    billing_cycle: cycle.and_then(cartstore::BillingCycleType::parse),
                    term_duration: term.map(str::to_owned),
                    friendly_name: name,
                    participants: participants
                        .map(|ps| ps.into_iter().map(|(key, value)| KeyValue { key, value }).collect()),
                    provisioning_context: context.map(|c: BTreeMap<String, String>| c),
                    attestation_accepted: attested,
                    ..CartLineItem::default()
                };
                line.custom_term_end_date = end_days.and_then(|d| {
                    Timestamp::from_micros(
                        ("2026-06-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().ok()?
                            + chrono::Duration::days(d))
                        .timestamp_micros(),
                    )
                });
                line
            },
        )
}

fn cart() -> impl Strategy<Value = Cart> {
    prop::collection::vec((line(), prop::collection::vec(line(), 0..3), any::<bool>()), 1..6).prop_map(|lines| {
        let line_items = lines
            .into_iter()
            .map(|(mut base, addons, with)| {
                if with || !addons.is_empty() {
                    base.addon_items = Some(addons);
                }
                base
            })
            .collect();
        Cart { line_items, ..Cart::default() }
    })
}

fn check_round_trips(new_cart: &Cart, edit: &Cart) -> TestResult {
    let clock = crate::store::clock()?;
    let store = crate::store::store_with(&clock)?;
    let created = store.create_cart("cust-a", new_cart)?;
    let read = store.get_cart("cust-a", &created.id)?;
    assert_eq!(serde_json::to_value(&created)?, serde_json::to_value(&read)?, "create_cart vs get_cart");
    let mut edited = edit.clone();
    edited.id = created.id.clone();
    edited.last_modified_timestamp = created.last_modified_timestamp;
    let updated = store.update_cart("cust-a", &edited)?;
    let read = store.get_cart("cust-a", &created.id)?;
    assert_eq!(serde_json::to_value(&updated)?, serde_json::to_value(&read)?, "update_cart vs get_cart");

    // list_carts reads all of a customer's carts at once: the same carts get_cart reads, and
    // none of another customer's.
    let second = store.create_cart("cust-a", new_cart)?;
    store.create_cart("cust-b", edit)?;
    let mut ids = [created.id.clone(), second.id.clone()];
    ids.sort(); // same creation instant (the clock stands still): ordered by id
    let each: Vec<Cart> = ids.iter().map(|id| store.get_cart("cust-a", id)).collect::<Result<_, _>>()?;
    assert_eq!(serde_json::to_value(store.list_carts("cust-a")?)?, serde_json::to_value(&each)?, "list_carts");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn create_and_update_return_exactly_what_get_cart_reads(new_cart in cart(), edit in cart()) {
        let outcome = check_round_trips(&new_cart, &edit).map_err(|e| e.to_string());
        prop_assert!(outcome.is_ok(), "{:?}", outcome);
    }
}

#[test]
fn a_localized_store_returns_the_same_line_errors_it_reads_back() -> TestResult {
    let options = cartstore::StoreOptions {
        locale: cartstore::Localizer::negotiate(&["ja"]),
        ..cartstore::StoreOptions::default()
    };
    let store = Store::open_in_memory_with(options)?;
    store.import_catalog(&catalog()?)?;
    let bad: Cart = serde_json::from_value(json!({"lineItems": [
        {"catalogItemId": "BASIC:0001:A", "quantity": 301, "termDuration": "P1Y", "billingCycle": "monthly"},
        {"catalogItemId": "SOFT:0001:A", "quantity": 11, "billingCycle": "one_time"}]}))?;
    let created = store.create_cart("cust-a", &bad)?;
    let codes: Vec<_> = created.line_items.iter().map(|l| l.error.as_ref().and_then(|e| e.error_code)).collect();
    assert_eq!(
        codes,
        [Some(CartErrorCode::MaxAllowedSeatsPerSubscriptionExceeded), Some(CartErrorCode::InventoryNotAvailable)]
    );
    let description = created.line_items[0].error.as_ref().and_then(|e| e.error_description.clone());
    assert_eq!(
        description,
        Some(
            cartstore::Localizer::negotiate(&["ja"]).cart_error(CartErrorCode::MaxAllowedSeatsPerSubscriptionExceeded)
        )
    );
    assert_eq!(serde_json::to_value(&created)?, serde_json::to_value(store.get_cart("cust-a", &created.id)?)?);
    Ok(())
}

fn with_price(price: f64, inventory: Option<i64>) -> Result<Catalog, serde_json::Error> {
    let mut item = json!({"catalogItemId": "BASIC:0001:A", "title": "Business Basic", "currencyCode": "USD",
        "minimumQuantity": 1, "maximumQuantity": 300,
        "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": price}]});
    if let Some(n) = inventory {
        item["inventory"] = json!(n);
    }
    serde_json::from_value(json!({ "items": [item] }))
}

fn one_line(quantity: i64) -> Result<Cart, serde_json::Error> {
    serde_json::from_value(json!({"lineItems": [
        {"catalogItemId": "BASIC:0001:A", "quantity": quantity, "termDuration": "P1Y", "billingCycle": "monthly"}]}))
}

fn list_price(cart: &Cart) -> Option<String> {
    cart.line_items.first()?.pricing.as_ref()?.list_price.map(|p| p.to_string())
}

fn error_code(cart: &Cart) -> Option<CartErrorCode> {
    cart.line_items.first()?.error.as_ref()?.error_code
}

#[test]
fn a_store_sees_catalog_imports_and_checkouts_made_by_another_store_on_the_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("quotes.db");
    let a = Store::open(&path)?;
    let b = Store::open(&path)?;
    a.import_catalog(&with_price(10.0, None)?)?;
    assert_eq!(list_price(&a.create_cart("cust", &one_line(5)?)?).as_deref(), Some("10.00"));

    // Another store changes the price: the next cart of the first store has it.
    b.import_catalog(&with_price(12.5, None)?)?;
    assert_eq!(list_price(&a.create_cart("cust", &one_line(5)?)?).as_deref(), Some("12.50"));

    // Another store limits the item: the first store enforces the limit at once.
    b.import_catalog(&with_price(12.5, Some(8))?)?;
    let over = a.create_cart("cust", &one_line(9)?)?;
    assert_eq!(error_code(&over), Some(CartErrorCode::InventoryNotAvailable));
    let fits = a.create_cart("cust", &one_line(8)?)?;
    assert_eq!(error_code(&fits), None);

    // Another store's checkout takes 5: the first store sees 3 left, at create and at checkout.
    let taken = b.create_cart("cust", &one_line(5)?)?;
    assert_eq!(b.checkout("cust", &taken.id)?.orders.len(), 1);
    assert_eq!(error_code(&a.create_cart("cust", &one_line(4)?)?), Some(CartErrorCode::InventoryNotAvailable));
    let result = a.checkout("cust", &fits.id)?;
    assert!(result.orders.is_empty(), "8 ordered with 3 left");
    let three = a.create_cart("cust", &one_line(3)?)?;
    assert_eq!(a.checkout("cust", &three.id)?.orders.len(), 1);
    assert_eq!(b.catalog_item("BASIC:0001:A")?.inventory, Some(0));

    // Unlimited again, through the other store.
    b.import_catalog(&with_price(12.5, None)?)?;
    assert_eq!(error_code(&a.create_cart("cust", &one_line(300)?)?), None);
    Ok(())
}

#[test]
fn a_rolled_back_checkout_leaves_the_cached_inventory_alone() -> TestResult {
    let clock = crate::store::clock()?;
    let store = crate::store::store_with(&clock)?;
    let cart = store.create_cart("cust-a", &three_group_cart()?)?;
    // Preview decrements inside a transaction it rolls back; twice, then a real checkout.
    for _ in 0..2 {
        assert_eq!(store.preview_checkout("cust-a", &cart.id)?.orders.len(), 3);
    }
    assert_eq!(store.catalog_item("SOFT:0001:A")?.inventory, Some(10));
    assert_eq!(store.checkout("cust-a", &cart.id)?.orders.len(), 3);
    assert_eq!(store.catalog_item("SOFT:0001:A")?.inventory, Some(7));
    let next: Cart = serde_json::from_value(json!({"lineItems": [
        {"catalogItemId": "SOFT:0001:A", "quantity": 8, "billingCycle": "one_time"}]}))?;
    let created = store.create_cart("cust-a", &next)?;
    assert_eq!(error_code(&created), Some(CartErrorCode::InventoryNotAvailable));
    Ok(())
}
