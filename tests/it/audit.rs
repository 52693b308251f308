//! The rules an audit against the seeds and a hostile user found wrong in wave 1, each with
//! figures computed by hand: overflow, checkout re-pricing, inventory give-back, id case,
//! add-on currency and cycle, proration by started days, add-ons bought on their own,
//! eligibility, line ids, normalized spellings, catalog terms, cancel after fulfilment.

use std::sync::Arc;

use cartstore::model::{BillingCycleType, CartLineItem};
use cartstore::pricing::{PriceInput, price_line};
use cartstore::{
    Cart, CartErrorCode, Catalog, Error, InputProblem, ManualClock, OrderErrorCode, OrderStatus, ProvisioningStatus,
    Store, StoreOptions,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

const C: &str = "customer-audit";

fn catalog(items: Value) -> Res<Catalog> {
    Ok(serde_json::from_value(json!({ "items": items }))?)
}

fn base_items() -> Value {
    json!([
        {"catalogItemId": "BASIC:0001:A", "currencyCode": "USD",
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4},
                   {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 364.8}]},
        {"catalogItemId": "ADDON:0001:A", "currencyCode": "USD", "addonOf": ["BASIC:0001:A"],
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 2},
                   {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 24}]},
        {"catalogItemId": "ADDON:0001:JPY", "currencyCode": "JPY", "addonOf": ["BASIC:0001:A"],
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 300}]},
        {"catalogItemId": "SOFT:0001:A", "currencyCode": "USD", "inventory": 10,
         "terms": [{"billingCycle": "one_time", "listPrice": 199.99}]},
        {"catalogItemId": "RETIRED:0001:A", "currencyCode": "USD", "eligibleForPurchase": false,
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 5}]}
    ])
}

fn store() -> Res<(Store, Arc<ManualClock>)> {
    let clock = Arc::new(ManualClock::new("2026-06-01T00:00:00Z".parse()?));
    let store = Store::open_in_memory_with(StoreOptions { clock: clock.clone(), ..StoreOptions::default() })?;
    store.import_catalog(&catalog(base_items())?)?;
    Ok((store, clock))
}

fn cart(lines: Value) -> Res<Cart> {
    Ok(serde_json::from_value(json!({ "lineItems": lines }))?)
}

fn basic(quantity: i64) -> Value {
    json!({"catalogItemId": "BASIC:0001:A", "quantity": quantity, "termDuration": "P1Y", "billingCycle": "monthly"})
}

fn code(line: &CartLineItem) -> Option<CartErrorCode> {
    line.error.as_ref().and_then(|e| e.error_code)
}

/// A money member of the wire JSON as a decimal (a JSON number or a decimal string).
fn money(value: &Value) -> Decimal {
    let text = value.to_string();
    let text = text.trim_matches('"');
    Decimal::from_str_exact(text).or_else(|_| Decimal::from_scientific(text)).unwrap_or(Decimal::MIN).normalize()
}

/// An expected figure, computed by hand.
fn d(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap_or(Decimal::MAX).normalize()
}

// ---------------------------------------------------------------------------------------------
// Hardening: overflow, re-pricing at checkout, inventory, id case.
// ---------------------------------------------------------------------------------------------

#[test]
fn prices_that_would_overflow_are_refused_or_typed_never_a_panic() -> TestResult {
    let store = Store::open_in_memory()?;
    for price in ["79228162514264337593543950335", "1e17", "1000000000000000.01"] {
        let text = format!(
            r#"{{"items": [{{"catalogItemId": "BIG:0001:A", "currencyCode": "USD",
                "terms": [{{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": {price}}}]}}]}}"#
        );
        let err = store.import_catalog(&serde_json::from_str(&text)?).err();
        assert!(
            matches!(&err, Some(Error::InvalidInput { field, problem: InputProblem::OutOfRange })
                if field == "items[0].terms[0].listPrice"),
            "{price}: {err:?}"
        );
    }
    // At the bound, on a 100-year monthly term with 10^9 seats: 10^15 x 10^9 x 1,200 periods.
    store.import_catalog(&catalog(json!([{"catalogItemId": "BIG:0001:A", "currencyCode": "USD",
        "terms": [{"termDuration": "P100Y", "billingCycle": "monthly", "listPrice": 1_000_000_000_000_000u64}]}]))?)?;
    let created = store.create_cart(
        C,
        &cart(json!([{"catalogItemId": "BIG:0001:A", "quantity": 1_000_000_000, "termDuration": "P100Y",
                      "billingCycle": "monthly"}]))?,
    )?;
    let v = serde_json::to_value(&created)?;
    assert_eq!(money(&v["lineItems"][0]["pricing"]["extendedPrice"]), d("1200000000000000000000000000"));
    // The pricing function itself reports what does not fit instead of panicking.
    let input = PriceInput {
        currency: "USD",
        list_price: Decimal::MAX,
        discount_percent: None,
        term_duration: Some("P1Y"),
        billing_cycle: BillingCycleType::Monthly,
        quantity: 2,
        custom_term_end: None,
        now: chrono::Utc::now(),
    };
    assert_eq!(price_line(&input), None);
    Ok(())
}

#[test]
fn checkout_prices_and_checks_every_line_from_the_catalog_then_in_effect() -> TestResult {
    let (store, _) = store()?;
    let created = store.create_cart(
        C,
        &cart(json!([basic(2), {"catalogItemId": "LATE:0001:A", "quantity": 3, "billingCycle": "one_time"}]))?,
    )?;
    assert_eq!(code(&created.line_items[1]), Some(CartErrorCode::CatalogItemIdIsNotValid));
    // Between create and checkout: the late item is imported, and BASIC's monthly price goes
    // from 30.40 to 1000.
    let mut items = base_items();
    items[0]["terms"][0]["listPrice"] = json!(1000);
    let mut items = items.as_array().cloned().ok_or("items")?;
    items.push(json!({"catalogItemId": "LATE:0001:A", "currencyCode": "USD",
                      "terms": [{"billingCycle": "one_time", "listPrice": 12.5}]}));
    store.import_catalog(&catalog(Value::Array(items))?)?;
    let result = store.checkout(C, &created.id)?;
    assert!(result.order_errors.is_none(), "{:?}", result.order_errors);
    let v = serde_json::to_value(&result)?;
    let monthly = v["orders"].as_array().ok_or("orders")?.iter().find(|o| o["billingCycle"] == "monthly");
    let monthly = monthly.ok_or("no monthly order")?;
    // 1000 x 2 seats x 12 months.
    assert_eq!(money(&monthly["lineItems"][0]["pricing"]["price"]), d("1000.00"));
    assert_eq!(money(&monthly["lineItems"][0]["pricing"]["extendedPrice"]), d("24000.00"));
    let late = v["orders"].as_array().ok_or("orders")?.iter().find(|o| o["billingCycle"] == "one_time");
    let late = late.ok_or("no one-time order")?;
    assert_eq!(late["currencyCode"], "USD");
    assert_eq!(late["currencySymbol"], "$");
    // 12.50 x 3.
    assert_eq!(money(&late["lineItems"][0]["pricing"]["extendedPrice"]), d("37.50"));
    Ok(())
}

#[test]
fn a_line_that_fails_at_checkout_fails_its_group() -> TestResult {
    let (store, _) = store()?;
    let created = store.create_cart(
        C,
        &cart(json!([basic(1), {"catalogItemId": "SOFT:0001:A", "quantity": 3,
        "billingCycle": "one_time"}]))?,
    )?;
    let mut items = base_items();
    items[3]["inventory"] = json!(2);
    store.import_catalog(&catalog(items)?)?;
    let result = store.checkout(C, &created.id)?;
    assert_eq!(result.orders.len(), 1);
    let errors = result.order_errors.ok_or("no order error")?;
    assert_eq!(errors[0].code, Some(OrderErrorCode::InventoryNotAvailable));
    Ok(())
}

#[test]
fn cancelling_gives_back_exactly_what_the_order_took_saturating() -> TestResult {
    let (store, _) = store()?;
    let soft = |q: i64| json!({"catalogItemId": "SOFT:0001:A", "quantity": q, "billingCycle": "one_time"});
    // Ordered while unlimited, cancelled once limited at 5: nothing comes back (not 105).
    let mut items = base_items();
    items[3]["inventory"] = Value::Null;
    store.import_catalog(&catalog(items.clone())?)?;
    let first = store.checkout(C, &store.create_cart(C, &cart(json!([soft(100)]))?)?.id)?;
    items[3]["inventory"] = json!(5);
    store.import_catalog(&catalog(items.clone())?)?;
    store.cancel_order(C, &first.orders[0].id)?;
    assert_eq!(store.catalog_item("SOFT:0001:A")?.inventory, Some(5));
    // Ordered 3 of 5, then the inventory set to i64::MAX: cancel saturates instead of failing.
    let second = store.checkout(C, &store.create_cart(C, &cart(json!([soft(3)]))?)?.id)?;
    assert_eq!(store.catalog_item("SOFT:0001:A")?.inventory, Some(2));
    items[3]["inventory"] = json!(i64::MAX);
    store.import_catalog(&catalog(items)?)?;
    let cancelled = store.cancel_order(C, &second.orders[0].id)?;
    assert_eq!(cancelled.status, Some(OrderStatus::Cancelled));
    assert_eq!(store.catalog_item("SOFT:0001:A")?.inventory, Some(i64::MAX));
    Ok(())
}

#[test]
fn cart_and_order_ids_and_catalog_ids_match_in_any_case() -> TestResult {
    let (store, _) = store()?;
    // A line naming the item in lower case finds it.
    let created = store.create_cart(
        C,
        &cart(
            json!([{"catalogItemId": "basic:0001:a", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"}]),
        )?,
    )?;
    assert_eq!(created.line_items[0].error, None);
    let upper = created.id.to_uppercase();
    assert_eq!(store.get_cart(C, &upper)?.id, created.id);
    let result = store.checkout(C, &upper)?;
    let order = &result.orders[0];
    assert_eq!(store.get_order(C, &order.id.to_uppercase())?.id, order.id);
    assert_eq!(store.provisioning_status(C, &order.id.to_uppercase())?.total_count, 1);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Business rules.
// ---------------------------------------------------------------------------------------------

#[test]
fn an_add_on_has_its_parents_currency_and_billing_cycle() -> TestResult {
    let (store, _) = store()?;
    let created = store.create_cart(
        C,
        &cart(json!([
            // JPY add-on under a USD base: 10000, and no order mixes currencies.
            {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly",
             "addonItems": [{"catalogItemId": "ADDON:0001:JPY", "quantity": 1, "termDuration": "P1Y"}]},
            // Annual add-on under a monthly base: 10010.
            {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly",
             "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"}]},
            // No cycle sent: the parent's (monthly), priced 2 x 5 x 12 = 120.00.
            {"catalogItemId": "BASIC:0001:A", "quantity": 5, "termDuration": "P1Y", "billingCycle": "monthly",
             "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": 5, "termDuration": "P1Y"}]}
        ]))?,
    )?;
    let addon = |i: usize| -> Res<&CartLineItem> {
        created.line_items[i].addon_items.as_ref().and_then(|a| a.first()).ok_or_else(|| "no add-on".into())
    };
    assert_eq!(code(addon(0)?), Some(CartErrorCode::CurrencyIsNotSupported));
    assert_eq!(code(addon(1)?), Some(CartErrorCode::InvalidInput));
    assert_eq!(addon(2)?.billing_cycle, Some(BillingCycleType::Monthly));
    let v = serde_json::to_value(addon(2)?)?;
    assert_eq!(money(&v["pricing"]["extendedPrice"]), d("120.00"));
    let result = store.preview_checkout(C, &created.id)?;
    for order in &result.orders {
        let currencies: Vec<_> = order.line_items.iter().map(|l| l.offer_id.clone()).collect();
        assert!(!currencies.iter().any(|o| o.as_deref() == Some("ADDON:0001:JPY")), "{currencies:?}");
    }
    Ok(())
}

#[test]
fn proration_counts_a_started_day_and_the_last_day_is_the_full_term() -> TestResult {
    let (store, _) = store()?;
    let line = |end: &str| {
        json!({"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y",
                                   "billingCycle": "monthly", "customTermEndDate": end})
    };
    let created = store.create_cart(
        C,
        &cart(json!([line("2026-06-01T12:00:00Z"), line("2027-06-01T23:00:00Z"), line("2026-07-01T00:00:01Z")]))?,
    )?;
    let v = serde_json::to_value(&created)?;
    // Monthly on P1Y: every charge keeps the full monthly price (30.40); the last, partial month
    // is prorated by its started days (ARCHITECTURE.md, "Money of a line"; issue 23 item 4).
    // Later the same day: no whole month, 1 started day of June's 30: 30.40 / 30 = 1.0133 -> 1.01.
    assert_eq!(money(&v["lineItems"][0]["pricing"]["proratedPrice"]), d("30.40"));
    assert_eq!(money(&v["lineItems"][0]["pricing"]["extendedPrice"]), d("1.01"));
    // On the full term's last day, at any hour: the full term, 12 x 30.40 = 364.80.
    assert_eq!(v["lineItems"][1]["error"], Value::Null);
    assert_eq!(money(&v["lineItems"][1]["pricing"]["proratedPrice"]), d("30.40"));
    assert_eq!(money(&v["lineItems"][1]["pricing"]["extendedPrice"]), d("364.80"));
    // 30 days and one second: June whole (30.40), then 1 started day of July's 31:
    // 30.40 / 31 = 0.9806 -> 0.98; 30.40 + 0.98 = 31.38.
    assert_eq!(money(&v["lineItems"][2]["pricing"]["extendedPrice"]), d("31.38"));
    // Annual on P1Y: the one charge is prorated by started days of the term's 365.
    let annual = |end: &str| {
        json!({"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y",
                                   "billingCycle": "annual", "customTermEndDate": end})
    };
    let created = store.create_cart(
        C,
        &cart(json!([annual("2026-06-01T12:00:00Z"), annual("2027-06-01T23:00:00Z"), annual("2026-07-01T00:00:01Z")]))?,
    )?;
    let v = serde_json::to_value(&created)?;
    // Later the same day: 1 day of 365: 364.80 / 365 = 0.99945 -> 1.00, once.
    assert_eq!(money(&v["lineItems"][0]["pricing"]["proratedPrice"]), d("1.00"));
    assert_eq!(money(&v["lineItems"][0]["pricing"]["extendedPrice"]), d("1.00"));
    // On the full term's last day, at any hour: the full 364.80.
    assert_eq!(money(&v["lineItems"][1]["pricing"]["proratedPrice"]), d("364.80"));
    // 30 days and one second: 31 started days of 365: 364.80 x 31 / 365 = 30.9830 -> 30.98.
    assert_eq!(money(&v["lineItems"][2]["pricing"]["proratedPrice"]), d("30.98"));
    assert_eq!(money(&v["lineItems"][2]["pricing"]["extendedPrice"]), d("30.98"));
    Ok(())
}

#[test]
fn an_add_on_bought_on_its_own_names_its_base_subscription() -> TestResult {
    let (store, _) = store()?;
    let alone =
        json!({"catalogItemId": "ADDON:0001:A", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"});
    let mut joined = alone.clone();
    joined["provisioningContext"] = json!({"ParentSubscriptionId": "5a1e0c3b-0000-4000-8000-00000000beef"});
    let created = store.create_cart(C, &cart(json!([alone, joined.clone()]))?)?;
    assert_eq!(code(&created.line_items[0]), Some(CartErrorCode::UnableToProcessCartLineItem));
    assert_eq!(code(&created.line_items[1]), None);
    // (Both lines are one order group, which the first fails: order the second alone.)
    let created = store.create_cart(C, &cart(json!([joined]))?)?;
    let preview = store.preview_checkout(C, &created.id)?;
    let line = preview.orders.iter().flat_map(|o| o.line_items.iter()).find(|l| l.quantity == Some(2));
    assert_eq!(
        line.ok_or("no add-on line")?.parent_subscription_id.as_deref(),
        Some("5a1e0c3b-0000-4000-8000-00000000beef")
    );
    Ok(())
}

#[test]
fn an_item_not_eligible_for_purchase_is_a_line_error_on_the_cart_and_800020_at_checkout() -> TestResult {
    let (store, _) = store()?;
    let created = store.create_cart(
        C,
        &cart(json!([{"catalogItemId": "RETIRED:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"}]))?,
    )?;
    let v = serde_json::to_value(&created.line_items[0])?;
    assert_eq!(v["error"]["errorCode"], "UnableToProcessCartLineItem");
    assert_eq!(v["error"]["additionalInformation"], json!({"eligibleForPurchase": false}));
    let result = store.checkout(C, &created.id)?;
    assert!(result.orders.is_empty());
    assert_eq!(
        result.order_errors.ok_or("no order error")?[0].code,
        Some(OrderErrorCode::CatalogItemNotEligibleForPurchase)
    );
    Ok(())
}

#[test]
fn line_ids_are_one_sequence_over_the_cart_and_spellings_are_normalized() -> TestResult {
    let (store, _) = store()?;
    let with_addons = json!({"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "p1y",
        "billingCycle": "monthly", "currencyCode": "usd",
        "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": 1, "termDuration": "P1Y"},
                       {"catalogItemId": "ADDON:0001:A", "quantity": 2, "termDuration": "P1Y"}]});
    let created = store.create_cart(C, &cart(json!([with_addons.clone(), with_addons]))?)?;
    let mut ids = Vec::new();
    for line in &created.line_items {
        ids.push(line.id);
        ids.extend(line.addon_items.iter().flatten().map(|a| a.id));
    }
    assert_eq!(ids, [0, 1, 2, 3, 4, 5].map(Some));
    assert_eq!(created.line_items[0].term_duration.as_deref(), Some("P1Y"));
    assert_eq!(created.line_items[0].currency_code.as_deref(), Some("USD"));
    let result = store.checkout(C, &created.id)?;
    assert_eq!(result.orders[0].currency_code.as_deref(), Some("USD"));
    assert_eq!(result.orders[0].line_items[0].term_duration.as_deref(), Some("P1Y"));
    // Line ids sent twice anywhere in the cart are refused.
    let dup = json!([{"id": 1, "catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y",
        "billingCycle": "monthly", "addonItems": [{"id": 1, "catalogItemId": "ADDON:0001:A", "quantity": 1}]}]);
    assert!(matches!(
        store.create_cart(C, &cart(dup)?),
        Err(Error::InvalidInput { problem: InputProblem::Duplicate, .. })
    ));
    Ok(())
}

#[test]
fn a_catalog_term_with_a_duration_names_its_cycle_and_one_without_is_one_time() -> TestResult {
    let store = Store::open_in_memory()?;
    let err = store
        .import_catalog(&catalog(json!([{"catalogItemId": "X:1:A", "currencyCode": "USD",
            "terms": [{"termDuration": "P1Y", "listPrice": 10}]}]))?)
        .err();
    assert!(
        matches!(&err, Some(Error::InvalidInput { field, problem: InputProblem::Missing })
            if field == "items[0].terms[0].billingCycle"),
        "{err:?}"
    );
    store.import_catalog(&catalog(json!([{"catalogItemId": "X:1:A", "currencyCode": "USD",
        "terms": [{"listPrice": 10}]}]))?)?;
    assert_eq!(store.catalog_item("X:1:A")?.terms[0].billing_cycle, Some(BillingCycleType::OneTime));
    let created = store.create_cart(C, &cart(json!([{"catalogItemId": "X:1:A", "quantity": 3}]))?)?;
    let v = serde_json::to_value(&created)?;
    assert_eq!(money(&v["lineItems"][0]["pricing"]["extendedPrice"]), d("30.00"));
    Ok(())
}

#[test]
fn an_order_with_a_fulfilled_line_cannot_be_cancelled() -> TestResult {
    let (store, _) = store()?;
    let created = store.create_cart(
        C,
        &cart(
            json!([{"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly",
            "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": 1, "termDuration": "P1Y"}]}]),
        )?,
    )?;
    let order = store.checkout(C, &created.id)?.orders.remove(0);
    store.record_provisioning(C, &order.id, 0, ProvisioningStatus::Fulfilled)?;
    let err = store.cancel_order(C, &order.id).err();
    assert!(matches!(err, Some(Error::OrderCannotBeCancelled { .. })), "{err:?}");
    assert_eq!(err.and_then(|e| e.order_code()), Some(OrderErrorCode::OrderCannotBeCancelled));
    let read = store.get_order(C, &order.id)?;
    assert_eq!(read.status, Some(OrderStatus::Pending));
    Ok(())
}

#[test]
fn a_checkout_result_shows_its_creation_date_at_the_stored_precision() -> TestResult {
    let store = Store::open_in_memory()?;
    store.import_catalog(&catalog(base_items())?)?;
    let created = store.create_cart(C, &cart(json!([basic(1)]))?)?;
    let result = store.checkout(C, &created.id)?;
    let read = store.get_order(C, &result.orders[0].id)?;
    assert_eq!(serde_json::to_value(result.orders[0].creation_date)?, serde_json::to_value(read.creation_date)?);
    Ok(())
}
