//! Line validation (the CartErrorCode each line rule gives), malformed requests
//! refused whole, order groups and billing-cycle defaults, and the shipped sample catalog.
//!
//! Every line case goes through one helper, [`check`]: a one-line cart is created in a store
//! whose clock stands at [`NOW`], and the line's `error` is compared both as the typed value and
//! in its wire form (`"errorCode": "CurrencyIsNotSupported"`).

use std::sync::Arc;

use cartstore::model::AdditionalInformation;
use cartstore::{Cart, CartErrorCode, CartLineItem, Catalog, Error, InputProblem, ManualClock, OrderErrorCode};
use cartstore::{Store, StoreOptions};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;
type AnyError = Box<dyn std::error::Error>;

/// The store's clock: every case is judged at this instant.
const NOW: &str = "2026-06-01T00:00:00Z";
const CUSTOMER: &str = "9e2a7f2c-0000-4000-8000-00000000c0de";

/// A small catalog covering every rule; ids are short so the cases read easily.
fn catalog() -> Result<Catalog, serde_json::Error> {
    serde_json::from_value(json!({"items": [
        {"catalogItemId": "BASIC:0001:A", "title": "Microsoft 365 Business Basic", "currencyCode": "USD",
         "minimumQuantity": 1, "maximumQuantity": 300,
         "terms": [{"termDuration": "P1M", "billingCycle": "monthly", "listPrice": 36.48, "renewsTo": ["P1M", "P1Y"]},
                   {"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4, "renewsTo": ["P1Y"]},
                   {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 364.8}],
         "promotions": [
             {"promotionId": "PROMO:CURRENT", "termDuration": "P1Y", "billingCycle": "annual", "discountPercent": 10,
              "startDate": "2026-01-01T00:00:00Z", "endDate": "2027-01-01T00:00:00Z"},
             {"promotionId": "PROMO:EXPIRED", "termDuration": "P1Y", "billingCycle": "annual", "discountPercent": 20,
              "startDate": "2025-01-01T00:00:00Z", "endDate": "2026-06-01T00:00:00Z"},
             {"promotionId": "PROMO:FUTURE", "termDuration": "P1Y", "billingCycle": "annual", "discountPercent": 5,
              "startDate": "2026-07-01T00:00:00Z", "endDate": "2027-07-01T00:00:00Z"}]},
        {"catalogItemId": "STORAGE:0001:A", "title": "Office 365 Extra File Storage", "currencyCode": "USD",
         "addonOf": ["BASIC:0001:A"],
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 0.2},
                   {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 2.4}]},
        {"catalogItemId": "STANDARD:0001:EUR", "title": "Microsoft 365 Business Standard", "currencyCode": "EUR",
         "minimumQuantity": 5, "maximumQuantity": 50,
         "terms": [{"termDuration": "P1M", "billingCycle": "monthly", "listPrice": 14.76}]},
        {"catalogItemId": "SQL:0003:A", "title": "SQL Server 2022 Standard", "currencyCode": "USD", "inventory": 10,
         "terms": [{"billingCycle": "one_time", "listPrice": 3945}]},
        {"catalogItemId": "RESERVATION:0081:A", "title": "Reserved VM Instance, Standard_D2s_v5", "currencyCode": "USD",
         "provisioningVariables": ["Scope", "SubscriptionId", "Duration"],
         "terms": [{"termDuration": "P1Y", "billingCycle": "one_time", "listPrice": 626.24},
                   {"termDuration": "P3Y", "billingCycle": "one_time", "listPrice": 1216.58}]},
        {"catalogItemId": "WINDOWS:0002:A", "title": "Windows 11 Enterprise E3", "currencyCode": "USD",
         "requiresAttestation": true,
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 7.2}]},
        {"catalogItemId": "TRIAL:0001:A", "title": "Microsoft 365 Business Basic trial", "currencyCode": "USD",
         "maximumQuantity": 25,
         "terms": [{"termDuration": "P1M", "billingCycle": "none", "listPrice": 0, "renewsTo": ["P1Y"]}]}
    ]}))
}

fn store() -> Result<Store, AnyError> {
    let clock = Arc::new(ManualClock::new(NOW.parse()?));
    let store = Store::open_in_memory_with(StoreOptions { clock, ..StoreOptions::default() })?;
    store.import_catalog(&catalog()?)?;
    Ok(store)
}

/// What a case expects of the line under test.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// No error, and pricing present.
    Valid,
    /// This error code, without additional information.
    Code(CartErrorCode),
    /// This error code, with `availableQuantity` and `purchasedQuantity`.
    Quantities(CartErrorCode, i64, i64),
    /// This error code, with `minimumQuantity`.
    Minimum(CartErrorCode, i64),
}

/// One table row: a name, the one line of the cart, and what its error must be. When the line
/// has add-ons, the line under test is the first add-on (its parent must be valid).
struct Case {
    name: &'static str,
    line: Value,
    expect: Expect,
}

fn case(name: &'static str, expect: Expect, line: Value) -> Case {
    Case { name, line, expect }
}

/// Creates a cart with the case's one line and checks the error of the line under test, typed
/// and on the wire.
fn check(store: &Store, case: &Case) -> Result<(), AnyError> {
    let new_cart: Cart = serde_json::from_value(json!({ "lineItems": [case.line.clone()] }))?;
    let cart = store.create_cart(CUSTOMER, &new_cart)?;
    let wire = serde_json::to_value(&cart)?;

    // Walk down to the line under test: the first line, then first add-ons; every ancestor
    // must itself be valid.
    let mut line: &CartLineItem = cart.line_items.first().ok_or("the cart has no line")?;
    let mut pointer = String::from("/lineItems/0");
    while let Some(addon) = line.addon_items.as_ref().and_then(|a| a.first()) {
        if line.error.is_some() {
            return Err(format!("parent line {pointer} has an error: {:?}", line.error).into());
        }
        line = addon;
        pointer.push_str("/addonItems/0");
    }
    let wire_line = wire.pointer(&pointer).ok_or_else(|| format!("{pointer} missing on the wire"))?;
    let wire_error = wire_line.get("error");

    let (code, info) = match case.expect {
        Expect::Valid => {
            if line.error.is_some() || wire_error.is_some() {
                return Err(format!("expected no error, got {:?}", line.error).into());
            }
            if line.pricing.is_none() || wire_line.get("pricing").is_none() {
                return Err("a valid line has no pricing".into());
            }
            return Ok(());
        }
        Expect::Code(code) => (code, None),
        Expect::Quantities(code, available, purchased) => (
            code,
            Some(AdditionalInformation {
                available_quantity: Some(available),
                purchased_quantity: Some(purchased),
                ..AdditionalInformation::default()
            }),
        ),
        Expect::Minimum(code, minimum) => {
            (code, Some(AdditionalInformation { minimum_quantity: Some(minimum), ..AdditionalInformation::default() }))
        }
    };
    let error = line.error.as_ref().ok_or_else(|| format!("expected {code}, got no error"))?;
    if error.error_code != Some(code) {
        return Err(format!("expected {code}, got {:?}", error.error_code).into());
    }
    let expected_info = info.clone();
    if error.additional_information != expected_info {
        return Err(format!(
            "additionalInformation: expected {expected_info:?}, got {:?}",
            error.additional_information
        )
        .into());
    }
    // The wire form: the code's name, the quantities as integers, a description in the locale.
    let wire_error = wire_error.ok_or("no error on the wire")?;
    if wire_error.get("errorCode") != Some(&json!(code.name())) {
        return Err(format!("wire errorCode: expected {:?}, got {:?}", code.name(), wire_error.get("errorCode")).into());
    }
    let wire_info = info.map(serde_json::to_value).transpose()?;
    if wire_error.get("additionalInformation") != wire_info.as_ref() {
        return Err(format!("wire additionalInformation: {:?}", wire_error.get("additionalInformation")).into());
    }
    let description = wire_error.get("errorDescription").and_then(Value::as_str).unwrap_or_default();
    if description.trim().is_empty() {
        return Err(format!("no errorDescription on the wire: {wire_error}").into());
    }
    Ok(())
}

/// Runs every case and reports all the failing ones at once.
fn run(cases: &[Case]) -> TestResult {
    let store = store()?;
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(&store, c).err().map(|e| format!("{} ({:?}): {e}", c.name, c.expect)))
        .collect();
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}

fn basic(term: &str, cycle: &str) -> Value {
    json!({"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": term, "billingCycle": cycle})
}

/// `base` with `extra`'s members added or replaced.
fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

fn reservation(context: Value) -> Value {
    json!({"catalogItemId": "RESERVATION:0081:A", "quantity": 2, "termDuration": "P1Y", "billingCycle": "one_time",
           "provisioningContext": context})
}

#[test]
fn valid_lines_get_no_error() -> TestResult {
    use Expect::Valid;
    run(&[
        case("P1Y monthly", Valid, basic("P1Y", "monthly")),
        case("P1M monthly", Valid, basic("P1M", "monthly")),
        case("currency in another case", Valid, with(basic("P1Y", "annual"), json!({"currencyCode": "usd"}))),
        case("quantity at the maximum", Valid, with(basic("P1Y", "monthly"), json!({"quantity": 300}))),
        case("quantity at the minimum", Valid, json!({"catalogItemId": "STANDARD:0001:EUR", "quantity": 5})),
        case("inventory exactly enough", Valid, json!({"catalogItemId": "SQL:0003:A", "quantity": 10})),
        case("renewsTo offered", Valid, with(basic("P1M", "monthly"), json!({"renewsTo": {"termDuration": "P1Y"}}))),
        case(
            "renewsTo as an array",
            Valid,
            with(basic("P1Y", "monthly"), json!({"renewsTo": [{"termDuration": "P1Y"}]})),
        ),
        case(
            "attestation accepted",
            Valid,
            json!({"catalogItemId": "WINDOWS:0002:A", "quantity": 3, "termDuration": "P1Y", "billingCycle": "monthly",
                   "attestationAccepted": true}),
        ),
        case("valid promotion", Valid, with(basic("P1Y", "annual"), json!({"promotionId": "PROMO:CURRENT"}))),
        case(
            "promotion id in another case",
            Valid,
            with(basic("P1Y", "annual"), json!({"promotionId": "promo:current"})),
        ),
        case(
            "context keys as the variables",
            Valid,
            reservation(json!({"Scope": "Shared", "SubscriptionId": "3b4f3f0b-0000-4000-8000-000000000001",
                               "Duration": "OneYear"})),
        ),
        case(
            "context keys in other case",
            Valid,
            reservation(json!({"scope": "shared", "subscriptionId": "3b4f3f0b-0000-4000-8000-000000000001",
                               "DURATION": "OneYear"})),
        ),
        case(
            "valid add-on",
            Valid,
            with(
                basic("P1Y", "monthly"),
                json!({"addonItems": [{"catalogItemId": "STORAGE:0001:A", "quantity": 10,
                 "termDuration": "P1Y", "billingCycle": "monthly"}]}),
            ),
        ),
        case(
            "trial renewing to P1Y",
            Valid,
            json!({"catalogItemId": "TRIAL:0001:A", "quantity": 25, "termDuration": "P1M", "billingCycle": "none",
                   "renewsTo": {"termDuration": "P1Y"}}),
        ),
        case(
            "perpetual, no term",
            Valid,
            json!({"catalogItemId": "SQL:0003:A", "quantity": 1, "billingCycle": "one_time"}),
        ),
        case(
            "customTermEndDate at a month end",
            Valid,
            with(basic("P1Y", "monthly"), json!({"customTermEndDate": "2026-06-30T00:00:00Z"})),
        ),
        case(
            "customTermEndDate exactly now + term",
            Valid,
            with(basic("P1Y", "annual"), json!({"customTermEndDate": "2027-06-01T00:00:00Z"})),
        ),
    ])
}

#[test]
fn currency_unknown_item_and_inventory() -> TestResult {
    use Expect::{Code, Quantities};
    run(&[
        case(
            "10000 currency not the item's",
            Code(CartErrorCode::CurrencyIsNotSupported),
            with(basic("P1Y", "monthly"), json!({"currencyCode": "EUR"})),
        ),
        case(
            "10001 unknown catalog item",
            Code(CartErrorCode::CatalogItemIdIsNotValid),
            json!({"catalogItemId": "CFQ7TTC0ZZZZ:0001:CFQ7TTC0ZZZZ", "quantity": 1}),
        ),
        case(
            "10003 inventory short",
            Quantities(CartErrorCode::InventoryNotAvailable, 10, 11),
            json!({"catalogItemId": "SQL:0003:A", "quantity": 11, "billingCycle": "one_time"}),
        ),
    ])
}

#[test]
fn provisioning_context_and_add_on_parents() -> TestResult {
    use Expect::Code;
    let code = Code(CartErrorCode::UnableToProcessCartLineItem);
    run(&[
        case(
            "10006 no provisioningContext at all",
            code,
            with(reservation(json!({})), json!({"provisioningContext": null})),
        ),
        case("10006 missing Duration", code, reservation(json!({"scope": "shared", "subscriptionId": "s-1"}))),
        case(
            "10006 blank Duration",
            code,
            reservation(json!({"scope": "shared", "subscriptionId": "s-1", "duration": " "})),
        ),
        case(
            "10006 add-on under a line that is not its base",
            code,
            json!({"catalogItemId": "SQL:0003:A", "quantity": 1, "billingCycle": "one_time",
                   "addonItems": [{"catalogItemId": "STORAGE:0001:A", "quantity": 1, "termDuration": "P1Y",
                                   "billingCycle": "monthly"}]}),
        ),
    ])
}

#[test]
fn terms_cycles_renewals_and_quantity_below_one() -> TestResult {
    use Expect::Code;
    let code = Code(CartErrorCode::InvalidInput);
    run(&[
        case("10010 term not offered", code, basic("P3Y", "monthly")),
        // The term is offered, with another billing plan: 10013 (issue 23, item 12).
        case("10013 billing cycle not offered", Code(CartErrorCode::BillingPlanNotSupported), basic("P1M", "annual")),
        case(
            "10013 billing cycle not offered, only one term",
            Code(CartErrorCode::BillingPlanNotSupported),
            json!({"catalogItemId": "STANDARD:0001:EUR", "quantity": 5, "termDuration": "P1M", "billingCycle": "annual"}),
        ),
        // P1Y is offered with two cycles: no default is taken, so no term matches.
        case(
            "10010 ambiguous billing cycle",
            code,
            json!({"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y"}),
        ),
        case(
            "10010 term on an item without terms",
            code,
            json!({"catalogItemId": "SQL:0003:A", "quantity": 1,
             "termDuration": "P1Y", "billingCycle": "one_time"}),
        ),
        case(
            "10010 renewsTo not offered",
            code,
            with(basic("P1Y", "monthly"), json!({"renewsTo": {"termDuration": "P1M"}})),
        ),
        case(
            "10010 renewsTo on a term that renews to nothing",
            code,
            with(basic("P1Y", "annual"), json!({"renewsTo": {"termDuration": "P1Y"}})),
        ),
        case(
            "10010 trial renewing to P1M",
            code,
            json!({"catalogItemId": "TRIAL:0001:A", "quantity": 1, "termDuration": "P1M", "billingCycle": "none",
                   "renewsTo": {"termDuration": "P1M"}}),
        ),
        case("10010 quantity 0", code, with(basic("P1Y", "monthly"), json!({"quantity": 0}))),
        case("10010 quantity -3", code, with(basic("P1Y", "monthly"), json!({"quantity": -3}))),
    ])
}

#[test]
fn attestation_and_promotions() -> TestResult {
    use Expect::Code;
    let windows =
        json!({"catalogItemId": "WINDOWS:0002:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"});
    run(&[
        case("10012 attestation absent", Code(CartErrorCode::AttestationNotAccepted), windows.clone()),
        case(
            "10012 attestation refused",
            Code(CartErrorCode::AttestationNotAccepted),
            with(windows.clone(), json!({"attestationAccepted": false})),
        ),
        case(
            "10012 attestation null",
            Code(CartErrorCode::AttestationNotAccepted),
            with(windows, json!({"attestationAccepted": null})),
        ),
        case(
            "10014 unknown promotion",
            Code(CartErrorCode::InvalidPromotionId),
            with(basic("P1Y", "annual"), json!({"promotionId": "39NFJQT1Q5KV:9999"})),
        ),
        // PROMO:EXPIRED ends at NOW, exclusive.
        case(
            "10014 expired promotion",
            Code(CartErrorCode::InvalidPromotionId),
            with(basic("P1Y", "annual"), json!({"promotionId": "PROMO:EXPIRED"})),
        ),
        case(
            "10014 promotion not started",
            Code(CartErrorCode::InvalidPromotionId),
            with(basic("P1Y", "annual"), json!({"promotionId": "PROMO:FUTURE"})),
        ),
        case(
            "10014 promotion of another billing cycle",
            Code(CartErrorCode::InvalidPromotionId),
            with(basic("P1Y", "monthly"), json!({"promotionId": "PROMO:CURRENT"})),
        ),
    ])
}

#[test]
fn quantity_bounds_report_quantities() -> TestResult {
    use Expect::Quantities;
    let code = CartErrorCode::MaxAllowedSeatsPerSubscriptionExceeded;
    run(&[
        case(
            "10015 over the maximum",
            Quantities(code, 300, 301),
            with(basic("P1Y", "monthly"), json!({"quantity": 301})),
        ),
        case(
            "10015 far over the maximum",
            Quantities(code, 300, 1_000_000_000),
            with(basic("P1Y", "monthly"), json!({"quantity": 1_000_000_000})),
        ),
        // Below the minimum is not "exceeds the limit": 10010 with the minimum (see
        // `business_rules`), as wave 1 wrongly reported it with 10015.
        case(
            "10010 under the minimum",
            Expect::Minimum(CartErrorCode::InvalidInput, 5),
            json!({"catalogItemId": "STANDARD:0001:EUR", "quantity": 4, "termDuration": "P1M", "billingCycle": "monthly"}),
        ),
    ])
}

#[test]
fn custom_term_end_dates() -> TestResult {
    use Expect::Code;
    let outside = Code(CartErrorCode::InvalidCustomTermEndDate);
    run(&[
        case(
            "10016 on an item without a term",
            Code(CartErrorCode::InvalidCustomTermEndDateProduct),
            json!({"catalogItemId": "SQL:0003:A", "quantity": 1, "billingCycle": "one_time",
                   "customTermEndDate": "2026-06-30T00:00:00Z"}),
        ),
        case("10017 equal to now", outside, with(basic("P1Y", "monthly"), json!({"customTermEndDate": NOW}))),
        case(
            "10017 in the past",
            outside,
            with(basic("P1Y", "monthly"), json!({"customTermEndDate": "2026-05-31T00:00:00Z"})),
        ),
        case(
            // The full term's last day, at any hour, is the full term; the day after is outside.
            "10017 the day after now + P1Y",
            outside,
            with(basic("P1Y", "monthly"), json!({"customTermEndDate": "2027-06-02T00:00:00Z"})),
        ),
        case(
            "10017 past now + P1M",
            outside,
            with(basic("P1M", "monthly"), json!({"customTermEndDate": "2026-07-02T00:00:00Z"})),
        ),
    ])
}

#[test]
fn an_invalid_line_does_not_stop_the_rest_of_the_cart() -> TestResult {
    let store = store()?;
    let new_cart: Cart = serde_json::from_value(json!({"lineItems": [
        basic("P1Y", "monthly"),
        {"catalogItemId": "NOT:IN:CATALOG", "quantity": 2},
        with(basic("P1Y", "annual"), json!({"quantity": 500})),
    ]}))?;
    let created = store.create_cart(CUSTOMER, &new_cart)?;
    let fetched = store.get_cart(CUSTOMER, &created.id)?;
    assert_eq!(serde_json::to_value(&fetched)?, serde_json::to_value(&created)?);
    let v = serde_json::to_value(&fetched)?;
    let lines = v.get("lineItems").and_then(Value::as_array).ok_or("no lineItems")?;
    assert_eq!(lines.len(), 3);
    let ids: Vec<_> = lines.iter().map(|l| l.get("id").cloned()).collect();
    assert_eq!(ids, [Some(json!(0)), Some(json!(1)), Some(json!(2))]);
    assert_eq!(v.pointer("/lineItems/0/error"), None);
    assert_eq!(v.pointer("/lineItems/0/pricing/extendedPrice"), Some(&json!(364.8)));
    assert_eq!(v.pointer("/lineItems/1/error/errorCode"), Some(&json!("CatalogItemIdIsNotValid")));
    assert_eq!(v.pointer("/lineItems/1/quantity"), Some(&json!(2)));
    assert_eq!(v.pointer("/lineItems/2/error/errorCode"), Some(&json!("MaxAllowedSeatsPerSubscriptionExceeded")));
    assert_eq!(
        v.pointer("/lineItems/2/error/additionalInformation"),
        Some(&json!({"availableQuantity": 300, "purchasedQuantity": 500}))
    );
    assert_eq!(store.list_carts(CUSTOMER)?.len(), 1);
    Ok(())
}

/// Creates a cart from `body` and expects it refused as InvalidInput naming `field`, with
/// nothing written.
fn refuse(body: Value, field: &str, problem: impl Fn(&InputProblem) -> bool) -> Result<(), AnyError> {
    let store = store()?;
    let new_cart: Cart = serde_json::from_value(body)?;
    let err = match store.create_cart(CUSTOMER, &new_cart) {
        Ok(cart) => return Err(format!("accepted a malformed cart ({field}): {}", cart.id).into()),
        Err(err) => err,
    };
    assert_eq!(err.order_code(), Some(OrderErrorCode::InvalidInput), "{err}");
    assert_eq!(err.code(), 800_002);
    match &err {
        Error::InvalidInput { field: got, problem: p } => {
            assert_eq!(got, field, "{err}");
            assert!(problem(p), "{field}: unexpected problem {p:?}");
        }
        other => return Err(format!("expected InvalidInput, got {other:?}").into()),
    }
    assert!(store.list_carts(CUSTOMER)?.is_empty(), "{field}: a refused cart was written");
    Ok(())
}

fn line_with_quantity(quantity: Value) -> Value {
    with(basic("P1Y", "monthly"), json!({ "quantity": quantity }))
}

#[test]
fn malformed_requests_are_refused_and_nothing_is_written() -> TestResult {
    let missing = |p: &InputProblem| *p == InputProblem::Missing;
    refuse(json!({}), "lineItems", missing)?;
    refuse(json!({"lineItems": []}), "lineItems", missing)?;
    refuse(json!({"lineItems": null}), "lineItems", missing)?;

    let many: Vec<Value> = (0..501).map(|_| basic("P1Y", "monthly")).collect();
    refuse(json!({ "lineItems": many }), "lineItems", |p| *p == InputProblem::TooMany { max: 500 })?;

    let too_long = |p: &InputProblem| *p == InputProblem::TooLong { max: 4096 };
    let name = "x".repeat(4097);
    refuse(
        json!({"lineItems": [with(basic("P1Y", "monthly"), json!({"friendlyName": name}))]}),
        "lineItems[0].friendlyName",
        too_long,
    )?;
    // 2049 two-byte characters: 4098 bytes, so over the limit although under 4096 characters.
    let accented = "é".repeat(2049);
    refuse(
        json!({"lineItems": [basic("P1Y", "monthly"), with(basic("P1Y", "monthly"), json!({"friendlyName": accented}))]}),
        "lineItems[1].friendlyName",
        too_long,
    )?;
    let key = "k".repeat(4097);
    refuse(
        json!({"lineItems": [reservation(json!({ "Scope": "Shared", key: "v" }))]}),
        "lineItems[0].provisioningContext",
        too_long,
    )?;

    refuse(
        json!({"lineItems": [with(basic("P1Y", "monthly"), json!({"id": 0})), with(basic("P1Y", "annual"), json!({"id": 0}))]}),
        "lineItems[1].id",
        |p| *p == InputProblem::Duplicate,
    )?;

    let field = "lineItems[0].quantity";
    refuse(json!({"lineItems": [line_with_quantity(json!(1.5))]}), field, |p| *p == InputProblem::NotWholeNumber)?;
    refuse(json!({"lineItems": [line_with_quantity(json!("1"))]}), field, |p| *p == InputProblem::WrongType)?;
    // Whole numbers past i64 are out of range, not fractional.
    let huge = |p: &InputProblem| *p == InputProblem::OutOfRange;
    refuse(json!({"lineItems": [line_with_quantity(json!(1e30))]}), field, huge)?;
    refuse(json!({"lineItems": [line_with_quantity(json!(9_223_372_036_854_775_808_u64))]}), field, huge)?;
    refuse(json!({"lineItems": [line_with_quantity(json!(-1e19))]}), field, huge)?;
    refuse(json!({"lineItems": [line_with_quantity(json!(1e300))]}), field, huge)?;
    refuse(json!({"lineItems": [line_with_quantity(json!(1_000_000_001))]}), field, |p| {
        *p == InputProblem::OutOfRange
    })?;
    refuse(json!({"lineItems": [with(basic("P1Y", "monthly"), json!({"quantity": null}))]}), field, missing)?;
    refuse(
        json!({"lineItems": [basic("P1Y", "monthly"), line_with_quantity(json!(2.5))]}),
        "lineItems[1].quantity",
        |p| *p == InputProblem::NotWholeNumber,
    )?;
    refuse(
        json!({"lineItems": [with(basic("P1Y", "monthly"), json!({"addonItems": [{"catalogItemId": "STORAGE:0001:A",
               "quantity": 0.5, "termDuration": "P1Y", "billingCycle": "monthly"}]}))]}),
        "lineItems[0].addonItems[0].quantity",
        |p| *p == InputProblem::NotWholeNumber,
    )?;
    Ok(())
}

#[test]
fn limits_themselves_are_accepted() -> TestResult {
    let store = store()?;
    let lines: Vec<Value> = (0..500).map(|_| basic("P1Y", "monthly")).collect();
    let cart = store.create_cart(CUSTOMER, &serde_json::from_value(json!({ "lineItems": lines }))?)?;
    assert_eq!(cart.line_items.len(), 500);
    let name = "x".repeat(4096);
    let line = with(basic("P1Y", "monthly"), json!({"friendlyName": name}));
    let cart = store.create_cart(CUSTOMER, &serde_json::from_value(json!({ "lineItems": [line] }))?)?;
    assert_eq!(cart.line_items.first().and_then(|l| l.friendly_name.as_ref()).map(String::len), Some(4096));
    assert_eq!(store.list_carts(CUSTOMER)?.len(), 2);
    Ok(())
}

#[test]
fn order_groups_follow_billing_cycle_and_currency() -> TestResult {
    let store = store()?;
    let new_cart: Cart = serde_json::from_value(json!({"lineItems": [
        // (monthly, USD) -> "0"; its add-on, sent without a billing cycle, takes its parent's
        // (monthly) and its group "0". (Wave 1 accepted an annual add-on here; an add-on now has
        // its parent's cycle, so an order never mixes cycles.)
        with(basic("P1Y", "monthly"), json!({"addonItems": [{"catalogItemId": "STORAGE:0001:A", "quantity": 5,
              "termDuration": "P1Y"}]})),
        // No billingCycle: STANDARD offers P1M with monthly only -> monthly; (monthly, EUR) -> "1".
        {"catalogItemId": "STANDARD:0001:EUR", "quantity": 5, "termDuration": "P1M"},
        // (one_time, USD) -> "2"; the only term of the item, so no billingCycle is needed.
        {"catalogItemId": "SQL:0003:A", "quantity": 1},
        // (annual, USD) -> "3".
        basic("P1Y", "annual"),
        // (monthly, USD) again -> "0"; a client's own orderGroup is overwritten.
        with(basic("P1M", "monthly"), json!({"orderGroup": "7"})),
        // (monthly, EUR) again -> "1", even with the currency sent in lower case.
        {"catalogItemId": "STANDARD:0001:EUR", "quantity": 6, "currencyCode": "eur", "termDuration": "P1M",
         "billingCycle": "monthly"},
    ]}))?;
    let cart = store.create_cart(CUSTOMER, &new_cart)?;
    let groups: Vec<Option<&str>> = cart.line_items.iter().map(|l| l.order_group.as_deref()).collect();
    assert_eq!(groups, [Some("0"), Some("1"), Some("2"), Some("3"), Some("0"), Some("1")]);
    let errors: Vec<_> = cart.line_items.iter().filter_map(|l| l.error.as_ref()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    let v = serde_json::to_value(&cart)?;
    assert_eq!(v.pointer("/lineItems/0/addonItems/0/orderGroup"), Some(&json!("0")));
    assert_eq!(v.pointer("/lineItems/0/addonItems/0/billingCycle"), Some(&json!("monthly")));
    assert_eq!(v.pointer("/lineItems/0/addonItems/0/error"), None);
    assert_eq!(v.pointer("/lineItems/1/billingCycle"), Some(&json!("monthly")));
    assert_eq!(v.pointer("/lineItems/1/currencyCode"), Some(&json!("EUR")));
    assert_eq!(v.pointer("/lineItems/2/billingCycle"), Some(&json!("one_time")));
    assert_eq!(v.pointer("/lineItems/2/currencyCode"), Some(&json!("USD")));
    assert_eq!(v.pointer("/lineItems/4/orderGroup"), Some(&json!("0")));
    // The stored cart reads back the same.
    assert_eq!(serde_json::to_value(store.get_cart(CUSTOMER, &cart.id)?)?, v);
    Ok(())
}

#[test]
fn the_only_billing_cycle_of_a_term_is_the_default() -> TestResult {
    let store = store()?;
    let new_cart: Cart = serde_json::from_value(json!({"lineItems": [
        {"catalogItemId": "TRIAL:0001:A", "quantity": 1, "termDuration": "P1M"},
        {"catalogItemId": "RESERVATION:0081:A", "quantity": 1, "termDuration": "P3Y",
         "provisioningContext": {"scope": "shared", "subscriptionId": "s-1", "duration": "ThreeYears"}},
        {"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "p1m"},
    ]}))?;
    let cart = store.create_cart(CUSTOMER, &new_cart)?;
    let v = serde_json::to_value(&cart)?;
    assert_eq!(v.pointer("/lineItems/0/billingCycle"), Some(&json!("none")));
    assert_eq!(v.pointer("/lineItems/1/billingCycle"), Some(&json!("one_time")));
    assert_eq!(v.pointer("/lineItems/2/billingCycle"), Some(&json!("monthly")));
    for i in 0..3 {
        assert_eq!(v.pointer(&format!("/lineItems/{i}/error")), None, "line {i}");
    }
    // none and one_time are distinct groups, and both differ from monthly.
    let groups: Vec<Option<&str>> = cart.line_items.iter().map(|l| l.order_group.as_deref()).collect();
    assert_eq!(groups, [Some("0"), Some("1"), Some("2")]);
    Ok(())
}

/// The shipped sample catalog (examples/catalog.json) parses, imports, has every kind of item
/// the demo shows, and every term of every item can be bought on NOW.
#[test]
fn the_sample_catalog_is_complete_and_every_term_is_buyable() -> TestResult {
    let catalog: Catalog = serde_json::from_str(include_str!("../../examples/catalog.json"))?;
    assert!(catalog.items.len() <= 15);
    let currencies: Vec<&str> = catalog.items.iter().map(|i| i.currency_code.as_str()).collect();
    for currency in ["USD", "EUR", "JPY"] {
        assert!(currencies.contains(&currency), "no {currency} item");
    }
    let terms = || catalog.items.iter().flat_map(|i| i.terms.iter());
    assert!(terms().any(|t| t.term_duration.as_deref() == Some("P3Y")));
    assert!(terms().any(|t| t.term_duration.is_none()));
    assert!(terms().any(|t| t.billing_cycle == Some(cartstore::BillingCycleType::None) && !t.renews_to.is_empty()));
    assert!(catalog.items.iter().any(|i| i.inventory.is_some()));
    assert!(catalog.items.iter().any(|i| i.requires_attestation));
    assert!(catalog.items.iter().any(|i| !i.addon_of.is_empty()));
    assert!(catalog.items.iter().any(|i| !i.provisioning_variables.is_empty()));
    assert!(catalog.items.iter().any(|i| !i.promotions.is_empty()));

    let store = store()?;
    store.import_catalog(&catalog)?;
    let mut lines = Vec::new();
    for item in &catalog.items {
        // Add-ons are bought under their first base.
        if !item.addon_of.is_empty() {
            continue;
        }
        for term in &item.terms {
            let context: serde_json::Map<String, Value> =
                item.provisioning_variables.iter().map(|v| (v.to_lowercase(), json!("value"))).collect();
            let addons: Vec<Value> = catalog
                .items
                .iter()
                .filter(|a| a.addon_of.contains(&item.catalog_item_id))
                .flat_map(|a| {
                    a.terms
                        .iter()
                        .filter(|t| t.term_duration == term.term_duration && t.billing_cycle == term.billing_cycle)
                        .map(move |t| (a, t))
                })
                .map(|(a, t)| {
                    json!({"catalogItemId": a.catalog_item_id, "quantity": 1, "termDuration": t.term_duration,
                           "billingCycle": t.billing_cycle})
                })
                .collect();
            lines.push(json!({
                "catalogItemId": item.catalog_item_id, "quantity": item.minimum_quantity.unwrap_or(1),
                "termDuration": term.term_duration, "billingCycle": term.billing_cycle,
                "renewsTo": term.renews_to.first().map(|r| json!({"termDuration": r})),
                "attestationAccepted": item.requires_attestation, "provisioningContext": context,
                "addonItems": addons,
            }));
        }
        for promo in &item.promotions {
            lines.push(json!({
                "catalogItemId": item.catalog_item_id, "quantity": 1, "termDuration": promo.term_duration,
                "billingCycle": promo.billing_cycle, "promotionId": promo.promotion_id,
            }));
        }
    }
    let cart = store.create_cart(CUSTOMER, &serde_json::from_value(json!({ "lineItems": lines }))?)?;
    let v = serde_json::to_value(&cart)?;
    let mut count = 0;
    let mut stack: Vec<&CartLineItem> = cart.line_items.iter().collect();
    while let Some(line) = stack.pop() {
        count += 1;
        assert_eq!(line.error, None, "{:?} {:?}: {v}", line.catalog_item_id, line.term_duration);
        assert!(line.pricing.is_some());
        stack.extend(line.addon_items.iter().flatten());
    }
    assert!(count >= catalog.items.iter().map(|i| i.terms.len()).sum::<usize>());
    Ok(())
}

#[test]
fn whole_quantities_written_as_floats_are_the_whole_number() -> TestResult {
    let store = store()?;
    for (sent, want) in [(json!(3.0), 3), (json!(1e2), 100), (json!(-0.0), 0)] {
        let cart = store.create_cart(
            CUSTOMER,
            &serde_json::from_value(json!({"lineItems": [line_with_quantity(sent.clone())]}))?,
        )?;
        let line = &serde_json::to_value(&cart)?["lineItems"][0];
        assert_eq!(line["quantity"], json!(want), "{sent}");
    }
    Ok(())
}
