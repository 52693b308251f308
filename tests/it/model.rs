//! Wire model tests: the Partner Center samples and the project's own fixtures round-trip
//! through the model with every seed property kept; every seed enum value and code reads and
//! writes its wire form; the output rules of DESIGN.md section 3 hold; and arbitrary carts,
//! orders and checkout results survive a round trip, in camelCase and in PascalCase.
//!
//! Sample files are classified by name (see [`classify`]). Files that are not cart or order
//! resources of the seeds are skipped, each for a stated reason:
//! - `throttling-429-response.json`: a throttling body (`{statusCode, message}`), no resource;
//! - `error-invalid-order-status-response.json`: an error body (`{code, description, ...}`);
//! - `get-subscription*.json` (`get-subscription-provisioning-status-response.json`,
//!   `get-subscriptions-by-order-response.json`): subscription resources, not in the seeds;
//! - `get-order-line-item-activation-links-response.json`: activation links, not in the seeds.
//!
//! Any other JSON file that no rule classifies fails the sample test, so a new sample cannot be
//! left out silently.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Debug;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use cartstore::model::{
    AdditionalInformation, Attributes, BillingCycleType, CartError, CartLineItem, CartStatus, KeyValue, Link, Money,
    OrderError, OrderLineItem, OrderLineItemLinks, OrderLineItemProvisioningStatus, OrderLinks, OrderStatus,
    OrderTransactionType, Pricing, ProvisioningStatus, Quantity, RenewsTo, SelfLinks, Timestamp, TransactionType,
    round_money,
};
use cartstore::{Cart, CartCheckoutResult, CartErrorCode, Collection, Order, OrderErrorCode};
use chrono::{DateTime, NaiveDateTime, Utc};
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::fixtures::{own_fixtures_dir, samples_dir, seeds_dir};

type TestResult<T = ()> = Result<T, Box<dyn Error>>;

// ---------------------------------------------------------------------------------------------
// The seed properties of each resource, and how their values compare.
// ---------------------------------------------------------------------------------------------

/// A resource of the seed documents (plus the collection page of DESIGN.md section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Res {
    Cart,
    CartLineItem,
    Pricing,
    RenewsTo,
    CartError,
    AdditionalInformation,
    CheckoutResult,
    OrderError,
    Order,
    OrderLineItem,
    OrderLinks,
    OrderLineItemLinks,
    CartLinks,
    Link,
    KeyValue,
    Attributes,
    LineProvisioning,
    QuantityProvisioning,
    OrderPage,
    ProvisioningPage,
    PageLinks,
}

/// How a seed property's value is compared between the input and the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Val {
    /// A string, equal as text.
    Str,
    /// A number (integer or money), equal as a decimal; the output must be a JSON number.
    Num,
    /// A boolean.
    Bool,
    /// A date-time, equal as an instant.
    Time,
    /// An enum string, equal ignoring ASCII case and `_`.
    Enum,
    /// A `CartErrorCode`: a name or a number in, the name out.
    CartCode,
    /// An `OrderErrorCode`: a number (or name) in, the number out.
    OrderCode,
    /// A string map whose entries are kept with their keys exactly as sent.
    Map,
    /// One object.
    Obj(Res),
    /// An array of objects, element by element.
    List(Res),
    /// One object, or an array of which the first element is the object (`renewsTo`).
    ObjOrList(Res),
}

/// The seed properties of `res`, by their camelCase wire names.
fn props(res: Res) -> &'static [(&'static str, Val)] {
    use Val::*;
    match res {
        Res::Cart => &[
            ("id", Str),
            ("creationTimestamp", Time),
            ("lastModifiedTimestamp", Time),
            ("expirationTimestamp", Time),
            ("lastModifiedUser", Str),
            ("lineItems", List(Res::CartLineItem)),
            ("status", Enum),
            ("links", Obj(Res::CartLinks)),
            ("attributes", Obj(Res::Attributes)),
        ],
        Res::CartLineItem => &[
            ("id", Num),
            ("catalogItemId", Str),
            ("friendlyName", Str),
            ("quantity", Num),
            ("currencyCode", Str),
            ("billingCycle", Enum),
            ("termDuration", Str),
            ("participants", List(Res::KeyValue)),
            ("provisioningContext", Map),
            ("orderGroup", Str),
            ("addonItems", List(Res::CartLineItem)),
            ("error", Obj(Res::CartError)),
            ("renewsTo", ObjOrList(Res::RenewsTo)),
            ("attestationAccepted", Bool),
            ("promotionId", Str),
            ("customTermEndDate", Time),
            ("pricing", Obj(Res::Pricing)),
        ],
        Res::Pricing => &[
            ("listPrice", Num),
            ("discountedPrice", Num),
            ("proratedPrice", Num),
            ("price", Num),
            ("extendedPrice", Num),
        ],
        Res::RenewsTo => &[("termDuration", Str)],
        Res::CartError => &[
            ("errorCode", CartCode),
            ("errorDescription", Str),
            ("additionalInformation", Obj(Res::AdditionalInformation)),
        ],
        Res::AdditionalInformation => &[("availableQuantity", Num), ("purchasedQuantity", Num)],
        Res::CheckoutResult => &[
            ("orders", List(Res::Order)),
            ("orderErrors", List(Res::OrderError)),
            ("attributes", Obj(Res::Attributes)),
        ],
        Res::OrderError => &[("orderGroupId", Str), ("code", OrderCode), ("description", Str)],
        Res::Order => &[
            ("id", Str),
            ("alternateId", Str),
            ("referenceCustomerId", Str),
            ("billingCycle", Enum),
            ("transactionType", Enum),
            ("lineItems", List(Res::OrderLineItem)),
            ("currencyCode", Str),
            ("currencySymbol", Str),
            ("creationDate", Time),
            ("status", Enum),
            ("links", Obj(Res::OrderLinks)),
            ("attributes", Obj(Res::Attributes)),
        ],
        Res::OrderLineItem => &[
            ("lineItemNumber", Num),
            ("offerId", Str),
            ("subscriptionId", Str),
            ("parentSubscriptionId", Str),
            ("friendlyName", Str),
            ("quantity", Num),
            ("termDuration", Str),
            ("transactionType", Enum),
            ("partnerIdOnRecord", Str),
            ("provisioningContext", Map),
            ("links", Obj(Res::OrderLineItemLinks)),
            ("renewsTo", ObjOrList(Res::RenewsTo)),
            ("pricing", Obj(Res::Pricing)),
        ],
        Res::OrderLinks => &[("provisioningStatus", Obj(Res::Link)), ("self", Obj(Res::Link))],
        Res::OrderLineItemLinks => &[
            ("provisioningStatus", Obj(Res::Link)),
            ("sku", Obj(Res::Link)),
            ("subscription", Obj(Res::Link)),
            ("activationLinks", Obj(Res::Link)),
        ],
        Res::CartLinks => &[("self", Obj(Res::Link))],
        Res::Link => &[("uri", Str), ("method", Str), ("headers", List(Res::KeyValue))],
        Res::KeyValue => &[("key", Str), ("value", Str)],
        Res::Attributes => &[("objectType", Str)],
        Res::LineProvisioning => &[
            ("lineItemNumber", Num),
            ("status", Enum),
            ("quantityProvisioningInformation", List(Res::QuantityProvisioning)),
        ],
        Res::QuantityProvisioning => &[("quantity", Num), ("status", Enum)],
        Res::OrderPage => &[
            ("totalCount", Num),
            ("items", List(Res::Order)),
            ("continuationToken", Str),
            ("links", Obj(Res::PageLinks)),
            ("attributes", Obj(Res::Attributes)),
        ],
        Res::ProvisioningPage => &[
            ("totalCount", Num),
            ("items", List(Res::LineProvisioning)),
            ("continuationToken", Str),
            ("links", Obj(Res::PageLinks)),
            ("attributes", Obj(Res::Attributes)),
        ],
        Res::PageLinks => &[("self", Obj(Res::Link)), ("next", Obj(Res::Link))],
    }
}

/// Walks `input`; every non-null member that is a seed property of `res` (name compared
/// ASCII case-insensitively) must be in `output` under its camelCase name, with an equal value.
fn compare(res: Res, path: &str, input: &Value, output: &Value, problems: &mut Vec<String>) {
    let (Some(input), Some(output)) = (input.as_object(), output.as_object()) else {
        problems.push(format!("{path}: expected objects, got {input} -> {output}"));
        return;
    };
    for (name, value) in input {
        let Some((wire, val)) = props(res).iter().find(|(wire, _)| wire.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let path = format!("{path}.{wire}");
        match output.get(*wire) {
            Some(out) => compare_value(*val, &path, value, out, problems),
            None => problems.push(format!("{path}: `{name}` = {value} is missing from the output")),
        }
    }
}

fn compare_value(val: Val, path: &str, input: &Value, output: &Value, problems: &mut Vec<String>) {
    let equal = match val {
        Val::Str | Val::Bool => input == output,
        Val::Num => output.is_number() && decimal(input).is_some() && decimal(input) == decimal(output),
        Val::Time => match (input.as_str().and_then(instant), output.as_str().and_then(instant)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        Val::Enum => match (input.as_str(), output.as_str()) {
            (Some(a), Some(b)) => loose(a) == loose(b),
            _ => false,
        },
        Val::CartCode => {
            output.is_string()
                && cart_code_number(input).is_some()
                && cart_code_number(input) == cart_code_number(output)
        }
        Val::OrderCode => {
            output.is_number()
                && order_code_number(input).is_some()
                && order_code_number(input) == order_code_number(output)
        }
        Val::Map => match (input.as_object(), output.as_object()) {
            (Some(a), Some(b)) => {
                for (key, value) in a.iter().filter(|(_, v)| !v.is_null()) {
                    if b.get(key) != Some(value) {
                        problems.push(format!("{path}: entry `{key}` = {value} not kept as sent (output {output})"));
                    }
                }
                true
            }
            _ => false,
        },
        Val::Obj(res) => {
            compare(res, path, input, output, problems);
            true
        }
        Val::List(res) => match (input.as_array(), output.as_array()) {
            (Some(a), Some(b)) if a.len() == b.len() => {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    compare(res, &format!("{path}[{i}]"), x, y, problems);
                }
                true
            }
            _ => false,
        },
        Val::ObjOrList(res) => {
            match input.as_array() {
                // The documented array form: its first element is the one object kept.
                Some(items) => {
                    if let Some(first) = items.first() {
                        compare(res, path, first, output, problems);
                    }
                }
                None => compare(res, path, input, output, problems),
            }
            true
        }
    };
    if !equal {
        problems.push(format!("{path}: {input} was written as {output}"));
    }
}

/// A JSON number (or a numeric string) as an exact decimal.
fn decimal(value: &Value) -> Option<Decimal> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)).ok()
}

/// An RFC 3339 date-time (or one without offset, read as UTC), parsed by chrono.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|t| t.and_utc()))
}

/// An enum spelling in ASCII lower case with `_` removed.
fn loose(text: &str) -> String {
    text.chars().filter(|c| *c != '_').map(|c| c.to_ascii_lowercase()).collect()
}

fn cart_code_number(value: &Value) -> Option<i64> {
    code_number(CART_CODES, value)
}

fn order_code_number(value: &Value) -> Option<i64> {
    code_number(ORDER_CODES, value)
}

fn code_number(table: &[(&str, i64)], value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().filter(|n| table.iter().any(|(_, c)| c == n)),
        Value::String(s) => table.iter().find(|(name, _)| name.eq_ignore_ascii_case(s)).map(|(_, c)| *c),
        _ => None,
    }
}

/// Output rules: no `null` anywhere, every member name in camelCase (the keys of a
/// `provisioningContext` map are data and are left as sent).
fn check_output(value: &Value, path: &str, problems: &mut Vec<String>) {
    check_output_inner(value, path, false, problems);
}

fn check_output_inner(value: &Value, path: &str, map_keys: bool, problems: &mut Vec<String>) {
    match value {
        Value::Null => problems.push(format!("{path}: null in the output")),
        Value::Object(members) => {
            for (name, member) in members {
                if !map_keys && !name.starts_with(|c: char| c.is_ascii_lowercase()) {
                    problems.push(format!("{path}: member `{name}` is not camelCase"));
                }
                let inner = !map_keys && name == "provisioningContext";
                check_output_inner(member, &format!("{path}.{name}"), inner, problems);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_output_inner(item, &format!("{path}[{i}]"), false, problems);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Classifying and checking sample files.
// ---------------------------------------------------------------------------------------------

/// What a sample file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cart,
    CheckoutResult,
    Order,
    /// A collection page whose items are orders.
    Orders,
    /// A collection page whose items are line provisioning statuses.
    ProvisioningStatuses,
}

/// Files that are not cart or order resources of the seeds, with the reason.
const SKIPPED: &[(&str, &str)] = &[
    ("throttling-429-response.json", "a throttling body, not a resource"),
    ("error-invalid-order-status-response.json", "an error body, not a resource"),
    ("get-order-line-item-activation-links-response.json", "activation links are not in the seeds"),
];

/// The kind of a sample file by its name; `Ok(None)` for a skipped file, an error for a file
/// no rule covers.
fn classify(name: &str) -> TestResult<Option<Kind>> {
    if SKIPPED.iter().any(|(skipped, _)| *skipped == name) || name.starts_with("get-subscription") {
        return Ok(None);
    }
    let kind = if name == "checkout-cart-nce-order-response.json" {
        // Despite its name a single Order (see the samples' README).
        Kind::Order
    } else if name.contains("checkout-cart") && name.ends_with("-response.json") {
        Kind::CheckoutResult
    } else if name.contains("get-orders-") {
        Kind::Orders
    } else if name.starts_with("get-order-provisioning-status") {
        Kind::ProvisioningStatuses
    } else if name.contains("cart") {
        Kind::Cart
    } else if name.contains("order") {
        Kind::Order
    } else {
        return Err(format!("{name}: no rule classifies this JSON file; classify it or skip it with a reason").into());
    };
    Ok(Some(kind))
}

/// Replaces the doubled `T` of `2023-05-18TT21:22:26Z` (a mistake of the docs) by one `T`;
/// returns the mended text and the number of mends.
fn mend_doubled_t(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut mends = 0;
    for (at, _) in text.match_indices("TT") {
        let date = at.checked_sub(10).and_then(|start| text.get(start..at));
        if at >= last && date.is_some_and(is_date) {
            out.push_str(text.get(last..at).unwrap_or_default());
            out.push('T');
            last = at + 2;
            mends += 1;
        }
    }
    out.push_str(text.get(last..).unwrap_or_default());
    (out, mends)
}

fn is_date(text: &str) -> bool {
    text.len() == 10 && text.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
}

/// What checking one file covered.
#[derive(Debug, Default)]
struct Covered {
    files: usize,
    resources: usize,
    mended: Vec<String>,
}

/// Round-trips one file of the given name and text: see the module documentation.
fn check(name: &str, text: &str, covered: &mut Covered) -> TestResult {
    let Some(kind) = classify(name)? else {
        return Ok(());
    };
    let (mended, mends) = mend_doubled_t(text);
    if mends > 0 {
        if parse_only(kind, text).is_ok() {
            return Err(format!("{name}: the doubled-T timestamp was accepted; it must fail to parse").into());
        }
        covered.mended.push(name.to_owned());
    }
    let input: Value = serde_json::from_str(&mended)?;
    let mut problems = Vec::new();
    let resources = match kind {
        Kind::Cart => round_trip::<Cart>(Res::Cart, &mended, &mut problems)?,
        Kind::CheckoutResult => round_trip::<CartCheckoutResult>(Res::CheckoutResult, &mended, &mut problems)?,
        Kind::Order => round_trip::<Order>(Res::Order, &mended, &mut problems)?,
        Kind::Orders => round_trip_page::<Order>(Res::Order, Res::OrderPage, &mended, &input, &mut problems)?,
        Kind::ProvisioningStatuses => round_trip_page::<OrderLineItemProvisioningStatus>(
            Res::LineProvisioning,
            Res::ProvisioningPage,
            &mended,
            &input,
            &mut problems,
        )?,
    };
    if !problems.is_empty() {
        return Err(format!("{name} ({kind:?}):\n  {}", problems.join("\n  ")).into());
    }
    covered.files += 1;
    covered.resources += resources;
    Ok(())
}

/// Parses a document of `kind` without checking it (for the unmended doubled-T text).
fn parse_only(kind: Kind, text: &str) -> TestResult {
    match kind {
        Kind::Cart => {
            let _: Cart = serde_json::from_str(text)?;
        }
        Kind::CheckoutResult => {
            let _: CartCheckoutResult = serde_json::from_str(text)?;
        }
        Kind::Order => {
            let _: Order = serde_json::from_str(text)?;
        }
        Kind::Orders => {
            let page: Value = serde_json::from_str(text)?;
            for item in page.get("items").and_then(Value::as_array).into_iter().flatten() {
                serde_json::from_value::<Order>(item.clone())?;
            }
        }
        Kind::ProvisioningStatuses => {
            let _: Collection<OrderLineItemProvisioningStatus> = serde_json::from_str(text)?;
        }
    }
    Ok(())
}

/// Parses `text` as `T`, writes it, and checks the output against the input; returns 1.
fn round_trip<T>(res: Res, text: &str, problems: &mut Vec<String>) -> TestResult<usize>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let model: T = serde_json::from_str(text)?;
    let input: Value = serde_json::from_str(text)?;
    let via_value: T = serde_json::from_value(input.clone())?;
    if via_value != model {
        problems.push(format!("$: parsing from text and from a Value differ: {model:?} / {via_value:?}"));
    }
    let output = serde_json::to_value(&model)?;
    compare(res, "$", &input, &output, problems);
    check_output(&output, "$", problems);
    let again: T = serde_json::from_value(output.clone())?;
    if again != model {
        problems.push(format!("$: the output reads back as another value: {model:?} / {again:?}"));
    }
    if serde_json::to_value(&again)? != output {
        problems.push("$: writing the re-read value gives other JSON".to_owned());
    }
    Ok(1)
}

/// Round-trips every element of a collection page's `items` as `T`, then the page itself as a
/// `Collection<T>`; returns the number of items.
fn round_trip_page<T>(item: Res, page: Res, text: &str, input: &Value, problems: &mut Vec<String>) -> TestResult<usize>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let items = input.get("items").and_then(Value::as_array).ok_or("a collection page without `items`")?;
    let mut models = Vec::new();
    for (i, element) in items.iter().enumerate() {
        let mut found = Vec::new();
        round_trip::<T>(item, &element.to_string(), &mut found)?;
        problems.extend(found.into_iter().map(|p| format!("items[{i}]{}", p.trim_start_matches('$'))));
        models.push(serde_json::from_value::<T>(element.clone())?);
    }
    let collection: Collection<T> = serde_json::from_str(text)?;
    if collection.items != models {
        problems.push("$.items: the page's items differ from the items parsed one by one".to_owned());
    }
    let output = serde_json::to_value(&collection)?;
    compare(page, "$", input, &output, problems);
    check_output(&output, "$", problems);
    Ok(items.len())
}

/// The `*.json` files of `dir`, sorted by name.
fn json_files(dir: &Path) -> TestResult<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().and_then(|n| n.to_str()).ok_or("a file name that is not UTF-8")?.to_owned();
            files.push((name, path));
        }
    }
    files.sort();
    Ok(files)
}

/// Checks every JSON file of `dir`; all failures are reported together.
fn check_dir(dir: &Path) -> TestResult<Covered> {
    let mut covered = Covered::default();
    let mut failures = Vec::new();
    for (name, path) in json_files(dir)? {
        let text = fs::read_to_string(&path)?;
        if let Err(e) = check(&name, &text, &mut covered) {
            failures.push(format!("{name}: {e}"));
        }
    }
    if failures.is_empty() { Ok(covered) } else { Err(failures.join("\n").into()) }
}

#[test]
fn own_fixtures_round_trip() -> TestResult {
    let covered = check_dir(&own_fixtures_dir())?;
    assert_eq!(covered.files, 6, "every fixture is a cart, order, checkout result or page");
    assert_eq!(covered.resources, 8);
    Ok(())
}

#[test]
fn samples_round_trip_with_every_seed_property() -> TestResult {
    let Some(dir) = samples_dir() else {
        eprintln!("note: the Partner Center samples are absent; checking the project's own fixtures instead");
        check_dir(&own_fixtures_dir())?;
        return Ok(());
    };
    let covered = check_dir(&dir)?;
    let files = json_files(&dir)?;
    let skipped: Vec<&str> =
        files.iter().map(|(name, _)| name.as_str()).filter(|name| matches!(classify(name), Ok(None))).collect();
    eprintln!(
        "{} sample files, {} resources round-tripped; skipped: {}",
        covered.files,
        covered.resources,
        skipped.join(", ")
    );
    assert_eq!(covered.files + skipped.len(), files.len(), "every file is checked or skipped");
    assert!(covered.files >= 40, "the samples hold at least 40 carts, orders and checkout results");
    for mended in [
        "savings-plan-create-order-response.json",
        "savings-plan-get-order-response.json",
        "savings-plan-get-orders-response.json",
    ] {
        assert!(covered.mended.iter().any(|m| m == mended), "{mended} carries the doubled-T timestamp");
    }
    Ok(())
}

#[test]
fn classification_rules() -> TestResult {
    let cases: &[(&str, Option<Kind>)] = &[
        ("create-cart-request.json", Some(Kind::Cart)),
        ("update-cart-response.json", Some(Kind::Cart)),
        ("savings-plan-get-cart-response.json", Some(Kind::Cart)),
        ("checkout-cart-response.json", Some(Kind::CheckoutResult)),
        ("savings-plan-checkout-cart-response.json", Some(Kind::CheckoutResult)),
        ("checkout-cart-nce-order-response.json", Some(Kind::Order)),
        ("create-order-request.json", Some(Kind::Order)),
        ("cancel-order-sandbox-request.json", Some(Kind::Order)),
        ("get-orders-by-billing-cycle-response.json", Some(Kind::Orders)),
        ("savings-plan-get-orders-response.json", Some(Kind::Orders)),
        ("get-order-provisioning-status-response.json", Some(Kind::ProvisioningStatuses)),
        ("throttling-429-response.json", None),
        ("get-subscriptions-by-order-response.json", None),
    ];
    for (name, expected) in cases {
        assert_eq!(classify(name)?, *expected, "{name}");
    }
    assert!(classify("get-customer-response.json").is_err(), "an unclassified file must fail");
    assert!(check("list-invoices-response.json", "{}", &mut Covered::default()).is_err());
    Ok(())
}

#[test]
fn the_comparison_catches_lost_or_changed_members() -> TestResult {
    let input = json!({
        "Id": "c", "CreationTimestamp": "2018-03-06T17:37:05.253-08:00", "Status": "Active",
        "LineItems": [{"Quantity": 2, "BillingCycle": "OneTime", "ProvisioningContext": {"Scope": "shared"},
                       "Pricing": {"ListPrice": 30.40}, "Error": {"ErrorCode": 10015},
                       "RenewsTo": [{"TermDuration": "P1Y"}]}]
    });
    let good = json!({
        "id": "c", "creationTimestamp": "2018-03-07T01:37:05.253Z", "status": "active",
        "lineItems": [{"quantity": 2.0, "billingCycle": "one_time", "provisioningContext": {"Scope": "shared"},
                       "pricing": {"listPrice": 30.4}, "error": {"errorCode": "MaxAllowedSeatsPerSubscriptionExceeded"},
                       "renewsTo": {"termDuration": "P1Y"}}]
    });
    let mut problems = Vec::new();
    compare(Res::Cart, "$", &input, &good, &mut problems);
    check_output(&good, "$", &mut problems);
    assert_eq!(problems, Vec::<String>::new());

    let bad_outputs = [
        ("a member dropped", "/lineItems/0/quantity", Value::Null),
        ("a changed instant", "/creationTimestamp", json!("2018-03-06T17:37:05.253Z")),
        ("another enum value", "/lineItems/0/billingCycle", json!("monthly")),
        ("a map key re-cased", "/lineItems/0/provisioningContext", json!({"scope": "shared"})),
        ("a price as a string", "/lineItems/0/pricing/listPrice", json!("30.4")),
        ("a price changed", "/lineItems/0/pricing/listPrice", json!(30.41)),
        ("an error code as a number", "/lineItems/0/error/errorCode", json!(10015)),
        ("a renewal term changed", "/lineItems/0/renewsTo", json!({"termDuration": "P1M"})),
    ];
    for (what, pointer, replacement) in bad_outputs {
        let mut bad = good.clone();
        let slot = bad.pointer_mut(pointer).ok_or(pointer)?;
        *slot = replacement;
        let mut problems = Vec::new();
        compare(Res::Cart, "$", &input, &bad, &mut problems);
        check_output(&bad, "$", &mut problems);
        assert!(!problems.is_empty(), "{what} was not caught");
    }
    let mut problems = Vec::new();
    check_output(&json!({"LineItems": [], "provisioningContext": {"Scope": "x"}}), "$", &mut problems);
    assert_eq!(problems.len(), 1, "PascalCase output is caught, map keys are not: {problems:?}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// PascalCase request bodies keep their values.
// ---------------------------------------------------------------------------------------------

fn read_sample(name: &str) -> TestResult<Option<String>> {
    match samples_dir() {
        Some(dir) => Ok(Some(fs::read_to_string(dir.join(name))?)),
        None => Ok(None),
    }
}

fn context(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

fn ts(text: &str) -> TestResult<Option<Timestamp>> {
    Ok(Some(Timestamp::from_str(text)?))
}

#[test]
fn pascal_case_sample_requests_keep_their_values() -> TestResult {
    let Some(text) = read_sample("update-cart-request.json")? else {
        eprintln!("note: the Partner Center samples are absent; see pascal_case_fixture_keeps_its_values");
        return Ok(());
    };
    let cart: Cart = serde_json::from_str(&text)?;
    assert_eq!(cart.id, "b4c8fdea-cbe4-4d17-9576-13fcacbf9605");
    assert_eq!(cart.creation_timestamp, ts("2018-03-15T17:15:02.3840528Z")?);
    assert_eq!(cart.expiration_timestamp, ts("0001-01-01T00:00:00Z")?, "the .NET default DateTime, read as UTC");
    assert_eq!(cart.last_modified_user.as_deref(), Some("2713ccd7-ea3b-470a-9cfb-451d5d0482cc"));
    let line = cart.line_items.first().ok_or("no line item")?;
    assert_eq!(line.id, Some(0));
    assert_eq!(line.catalog_item_id.as_deref(), Some("DG7GMGF0DWTL:0001:DG7GMGF0DSJB"));
    assert_eq!(line.friendly_name.as_deref(), Some("A_sample_Azure_RI"));
    assert_eq!(line.quantity.as_ref().and_then(Quantity::get), Some(2));
    assert_eq!(line.billing_cycle, Some(BillingCycleType::OneTime));
    assert_eq!(
        line.provisioning_context,
        context(&[
            ("SubscriptionId", "3D5ECED6-1151-44C7-AEE6-70A4BB725666"),
            ("Scope", "shared"),
            ("Duration", "1Year")
        ])
    );

    let text = read_sample("create-cart-addons-request.json")?.ok_or("sample missing")?;
    let cart: Cart = serde_json::from_str(&text)?;
    let base = cart.line_items.first().ok_or("no line item")?;
    assert_eq!(base.friendly_name.as_deref(), Some("Myofferpurchase"));
    assert_eq!(base.quantity, Some(Quantity::new(3)));
    let addons = base.addon_items.as_deref().ok_or("no add-ons")?;
    let ids: Vec<_> = addons.iter().map(|a| (a.id, a.quantity.as_ref().and_then(Quantity::get))).collect();
    assert_eq!(ids, [(Some(1), Some(2)), (Some(2), Some(3))]);
    assert!(addons.iter().all(|a| a.billing_cycle == Some(BillingCycleType::Monthly)));

    let text = read_sample("create-cart-addons-existing-subscription-request.json")?.ok_or("sample missing")?;
    let cart: Cart = serde_json::from_str(&text)?;
    let line = cart.line_items.first().ok_or("no line item")?;
    assert_eq!(line.billing_cycle, Some(BillingCycleType::Annual));
    assert_eq!(line.provisioning_context, context(&[("ParentSubscriptionId", "97555B61-7461-477A-A98C-9C76148783E4")]));

    let text = read_sample("create-cart-addons-nce-request.json")?.ok_or("sample missing")?;
    let cart: Cart = serde_json::from_str(&text)?;
    let terms: Vec<_> = cart.line_items.iter().map(|l| (l.billing_cycle, l.term_duration.as_deref())).collect();
    assert_eq!(terms, [(Some(BillingCycleType::Monthly), Some("P1M")); 2]);

    let text = read_sample("create-order-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    assert_eq!(order.billing_cycle, Some(BillingCycleType::OneTime));
    assert_eq!(order.currency_code.as_deref(), Some("USD"));
    let line = order.line_items.first().ok_or("no line item")?;
    assert_eq!(line.offer_id.as_deref(), Some("DZH318Z0BQ4B:0047:DZH318Z0DSM8"));
    assert_eq!(line.line_item_number, Some(0));
    assert_eq!(line.quantity, Some(1));
    assert_eq!(
        line.provisioning_context,
        context(&[
            ("subscriptionId", "3D5ECED6-1151-44C7-AEE6-70A4BB725666"),
            ("scope", "shared"),
            ("duration", "1Year")
        ])
    );

    let text = read_sample("create-order-indirect-reseller-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    assert_eq!(order.id, "", "\"Id\": null reads as absent");
    assert_eq!(order.billing_cycle, Some(BillingCycleType::Unknown));
    assert_eq!(order.creation_date, None);
    assert_eq!(order.attributes.as_ref().and_then(|a| a.object_type.as_deref()), Some("Order"));
    let line = order.line_items.first().ok_or("no line item")?;
    assert_eq!(line.partner_id_on_record.as_deref(), Some("4847383"));
    assert_eq!((line.subscription_id.as_deref(), line.quantity), (None, Some(5)));

    let text = read_sample("patch-order-billing-cycle-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    assert_eq!(order.billing_cycle, Some(BillingCycleType::Annual));
    assert_eq!(serde_json::to_value(&order)?.get("billingCycle"), Some(&json!("annual")));

    let text = read_sample("patch-order-add-addon-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    let line = order.line_items.first().ok_or("no line item")?;
    assert_eq!(line.parent_subscription_id.as_deref(), Some("1C2B75C1-74A5-472A-A729-7F8CEFC477F9"));

    let text = read_sample("savings-plan-create-order-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    let line = order.line_items.first().ok_or("no line item")?;
    assert_eq!(
        line.provisioning_context,
        context(&[("scope", "single"), ("entitlementId", "cdd17cc7-14fe-4445-8650-1f52de705851")])
    );

    let text = read_sample("cancel-order-sandbox-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    assert_eq!((order.id.as_str(), order.status), ("UKXASSO1dezh3HdxClHxSp5UEFXGbAnt1", Some(OrderStatus::Cancelled)));
    Ok(())
}

#[test]
fn pascal_case_fixture_keeps_its_values() -> TestResult {
    let text = fs::read_to_string(own_fixtures_dir().join("create-cart-pascal-case-request.json"))?;
    let cart: Cart = serde_json::from_str(&text)?;
    assert_eq!(cart.id, "");
    assert_eq!(cart.creation_timestamp, None);
    assert_eq!(cart.last_modified_timestamp, ts("2024-02-29T22:59:59.9999999Z")?);
    assert_eq!(cart.expiration_timestamp, ts("0001-01-01T00:00:00Z")?);
    assert_eq!(cart.status, Some(CartStatus::Active));
    let line = cart.line_items.first().ok_or("no line item")?;
    assert_eq!(line.quantity, Some(Quantity::new(2)));
    assert_eq!(line.billing_cycle, Some(BillingCycleType::OneTime));
    assert_eq!(
        line.provisioning_context,
        context(&[
            ("Scope", "shared"),
            ("SubscriptionId", "0b6d3a4e-6b52-4d5e-9a8c-000000000001"),
            ("scope", "lower-case twin, kept apart"),
        ])
    );
    assert_eq!(line.participants, Some(vec![KeyValue { key: "transaction_reseller".into(), value: "1234567".into() }]));
    assert_eq!(line.renews_to, Some(RenewsTo { term_duration: Some("P1Y".into()) }));
    assert_eq!(line.attestation_accepted, Some(true));
    assert_eq!(line.custom_term_end_date, ts("2025-06-29T22:00:00Z")?);
    let pricing = line.pricing.as_ref().ok_or("no pricing")?;
    assert_eq!(pricing.list_price, Some(Money(Decimal::new(304, 1))));
    assert_eq!(pricing.prorated_price, None);
    assert_eq!(pricing.extended_price, Some(Money(Decimal::new(65664, 2))));
    let addon = line.addon_items.as_deref().and_then(<[_]>::first).ok_or("no add-on")?;
    let nested = addon.addon_items.as_deref().and_then(<[_]>::first).ok_or("no nested add-on")?;
    assert_eq!((addon.id, nested.id, nested.quantity.as_ref().and_then(Quantity::get)), (Some(1), Some(2), Some(3)));
    assert_eq!(nested.billing_cycle, Some(BillingCycleType::OneTime));

    let output = serde_json::to_value(&cart)?;
    let line = output.pointer("/lineItems/0").ok_or("no line item written")?;
    assert_eq!(line.get("catalogItemId"), Some(&json!("FIXTURE0001:0001:FIXTURE0BASE")));
    assert_eq!(line.get("billingCycle"), Some(&json!("one_time")));
    assert_eq!(line.pointer("/renewsTo/termDuration"), Some(&json!("P1Y")));
    assert_eq!(line.pointer("/provisioningContext/Scope"), Some(&json!("shared")));
    assert_eq!(line.pointer("/addonItems/0/addonItems/0/quantity"), Some(&json!(3)));
    assert_eq!(output.get("status"), Some(&json!("Active")));
    assert_eq!(output.get("expirationTimestamp"), Some(&json!("0001-01-01T00:00:00Z")));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The doubled-T timestamp of the savings-plan samples.
// ---------------------------------------------------------------------------------------------

#[test]
fn doubled_t_timestamp_is_rejected_and_mended() -> TestResult {
    let bad = r#"{"id": "2b912b3392fd", "creationDate": "2023-05-18TT21:22:26.7034834Z", "status": "pending"}"#;
    assert!(serde_json::from_str::<Order>(bad).is_err(), "the doubled T must not parse");
    assert!(Timestamp::from_str("2023-05-18TT21:22:26.7034834Z").is_err());
    let (mended, mends) = mend_doubled_t(bad);
    assert_eq!(mends, 1);
    let order: Order = serde_json::from_str(&mended)?;
    assert_eq!(order.creation_date, ts("2023-05-18T21:22:26.7034834Z")?);
    let (untouched, mends) = mend_doubled_t(r#"{"offerId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5"}"#);
    assert_eq!((untouched.as_str(), mends), (r#"{"offerId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5"}"#, 0));

    let Some(dir) = samples_dir() else {
        return Ok(());
    };
    for name in ["savings-plan-create-order-response.json", "savings-plan-get-order-response.json"] {
        let text = fs::read_to_string(dir.join(name))?;
        assert!(serde_json::from_str::<Order>(&text).is_err(), "{name}: the unmended text must not parse");
        let (mended, mends) = mend_doubled_t(&text);
        assert_eq!(mends, 1, "{name}");
        let order: Order = serde_json::from_str(&mended)?;
        assert_eq!(order.creation_date, ts("2023-05-18T21:22:26.7034834Z")?, "{name}");
    }
    let text = fs::read_to_string(dir.join("savings-plan-get-orders-response.json"))?;
    assert!(serde_json::from_str::<Collection<Order>>(&text).is_err(), "the unmended page must not parse");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Enum values and codes.
// ---------------------------------------------------------------------------------------------

/// Each case: the wire text read, the value expected, the text written. `rejects` must fail to
/// parse; the cases must cover every value in `all`.
fn check_enum<T>(cases: &[(&str, T, &str)], rejects: &[&str], all: &[T]) -> TestResult
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Copy,
{
    for (wire, expected, written) in cases {
        let parsed: T = serde_json::from_value(json!(wire)).map_err(|e| format!("`{wire}` did not parse: {e}"))?;
        assert_eq!(parsed, *expected, "`{wire}`");
        assert_eq!(serde_json::to_value(parsed)?, json!(written), "`{wire}` is written as `{written}`");
        let back: T = serde_json::from_value(json!(written))?;
        assert_eq!(back, parsed, "`{written}` reads back");
    }
    for value in all {
        assert!(cases.iter().any(|(_, v, _)| v == value), "{value:?} has no case");
    }
    for reject in rejects {
        assert!(serde_json::from_value::<T>(json!(reject)).is_err(), "`{reject}` must not parse");
    }
    assert!(serde_json::from_value::<T>(json!(1)).is_err(), "a number must not parse");
    Ok(())
}

#[test]
fn billing_cycle_values() -> TestResult {
    use BillingCycleType::*;
    check_enum(
        &[
            ("unknown", Unknown, "unknown"),
            ("monthly", Monthly, "monthly"),
            ("annual", Annual, "annual"),
            ("none", None, "none"),
            ("one_time", OneTime, "one_time"),
            ("triennial", Triennial, "triennial"),
            ("biennial", Biennial, "biennial"),
            ("OneTime", OneTime, "one_time"),
            ("onetime", OneTime, "one_time"),
            ("ONE_TIME", OneTime, "one_time"),
            ("Annual", Annual, "annual"),
            ("Monthly", Monthly, "monthly"),
        ],
        &["", "month", "one time", "yearly", "P1Y"],
        BillingCycleType::ALL,
    )
}

#[test]
fn order_status_values() -> TestResult {
    use OrderStatus::*;
    check_enum(
        &[
            ("unknown", Unknown, "unknown"),
            ("completed", Completed, "completed"),
            ("pending", Pending, "pending"),
            ("cancelled", Cancelled, "cancelled"),
            ("suspended", Suspended, "suspended"),
            ("pending_review", PendingReview, "pending_review"),
            ("error", Error, "error"),
            ("Completed", Completed, "completed"),
            ("PendingReview", PendingReview, "pending_review"),
        ],
        &["", "none", "complete", "pending review"],
        OrderStatus::ALL,
    )
}

#[test]
fn cart_status_values() -> TestResult {
    use CartStatus::*;
    check_enum(
        &[("Active", Active, "Active"), ("Ordered", Ordered, "Ordered"), ("active", Active, "Active")],
        &["", "Expired", "Order"],
        CartStatus::ALL,
    )
}

#[test]
fn provisioning_status_values() -> TestResult {
    use ProvisioningStatus::*;
    check_enum(
        &[
            ("fulfilled", Fulfilled, "fulfilled"),
            ("unfulfilled", Unfulfilled, "unfulfilled"),
            ("prefulfillment_pending", PrefulfillmentPending, "prefulfillment_pending"),
            ("PrefulfillmentPending", PrefulfillmentPending, "prefulfillment_pending"),
            ("Fulfilled", Fulfilled, "fulfilled"),
        ],
        &["", "pending", "success"],
        ProvisioningStatus::ALL,
    )
}

#[test]
fn line_transaction_type_values() -> TestResult {
    use TransactionType::*;
    check_enum(
        &[
            ("New", New, "New"),
            ("Renew", Renew, "Renew"),
            ("addQuantity", AddQuantity, "addQuantity"),
            ("removeQuantity", RemoveQuantity, "removeQuantity"),
            ("Cancel", Cancel, "Cancel"),
            ("Convert", Convert, "Convert"),
            ("customerCredit", CustomerCredit, "customerCredit"),
            ("new", New, "New"),
            ("AddQuantity", AddQuantity, "addQuantity"),
        ],
        &["", "Purchase", "add quantity"],
        TransactionType::ALL,
    )
}

#[test]
fn order_transaction_type_values() -> TestResult {
    use OrderTransactionType::*;
    check_enum(
        &[
            ("UserPurchase", UserPurchase, "UserPurchase"),
            ("SystemPurchase", SystemPurchase, "SystemPurchase"),
            ("SystemBilling", SystemBilling, "SystemBilling"),
            ("userPurchase", UserPurchase, "UserPurchase"),
        ],
        &["", "Purchase", "New"],
        OrderTransactionType::ALL,
    )
}

/// `CartErrorCode`: the seeds' table plus the newest SDK additions (DESIGN.md section 4).
const CART_CODES: &[(&str, i64)] = &[
    ("Unknown", 0),
    ("CurrencyIsNotSupported", 10000),
    ("CatalogItemIdIsNotValid", 10001),
    ("QuotaNotAvailable", 10002),
    ("InventoryNotAvailable", 10003),
    ("ParticipantsIsNotSupportedForPartner", 10004),
    ("UnableToProcessCartLineItem", 10006),
    ("SubscriptionIsNotValid", 10007),
    ("SubscriptionIsNotEnabledForRI", 10008),
    ("SandboxLimitExceeded", 10009),
    ("InvalidInput", 10010),
    ("SubscriptionNotRegistered", 10011),
    ("AttestationNotAccepted", 10012),
    ("BillingPlanNotSupported", 10013),
    ("InvalidPromotionId", 10014),
    ("MaxAllowedSeatsPerSubscriptionExceeded", 10015),
    ("InvalidCustomTermEndDateProduct", 10016),
    ("InvalidCustomTermEndDate", 10017),
    ("BaseOfferSeatQuantityNotMet", 10018),
    ("MinimumAddOnSeatsNotMet", 10019),
    ("LegacyOfferNotEligibleForPurchase", 500600),
];

/// `OrderErrorCode`: the 41 codes of the seeds.
const ORDER_CODES: &[(&str, i64)] = &[
    ("PartnerTokenMissing", 800001),
    ("InvalidInput", 800002),
    ("ServiceException", 800003),
    ("InvalidOfferId", 800004),
    ("CreateOrderError", 800005),
    ("ProvisioningStatusNotFound", 800007),
    ("CartIdNotFound", 800008),
    ("CartItemErrorInCreateOrder", 800009),
    ("InventoryNotAvailable", 800010),
    ("AzureSubscriptionNotValid", 800011),
    ("SubscriptionIsNotActive", 800012),
    ("SubscriptionIsNotEnabledForRI", 800013),
    ("PendingAdjustment", 800014),
    ("MpnIdNotFound", 800015),
    ("NotValidIndirectResellerMpnId", 800016),
    ("InvalidQuantity", 800017),
    ("SandboxLimitExceeded", 800018),
    ("SandboxTenantOnly", 800019),
    ("CatalogItemNotEligibleForPurchase", 800020),
    ("SubscriptionIsNotValid", 800021),
    ("ManualReviewRequired", 800022),
    ("InsufficientFunds", 800023),
    ("ReviewCancelled", 800024),
    ("LineOfCreditNotDefined", 800025),
    ("RiskError", 800026),
    ("SubscriptionNotRegistered", 800030),
    ("PurchaseSystemNotSupported", 800031),
    ("ConditionFailed", 800036),
    ("AssetIdNotFound", 800037),
    ("AssetFutureBillingInfoNotFound", 800038),
    ("ResellerProgramStatusNotActive", 800039),
    ("AssetStatusChangeNotValid", 800040),
    ("ItemAlreadyActivated", 800041),
    ("NotSupported", 800042),
    ("PricingAccessForbidden", 800043),
    ("OrderInProgress", 800060),
    ("OrderCannotBeCancelled", 800061),
    ("ReviewRejected", 800062),
    ("CancelLegacyOrder", 800063),
    ("CartProcessedByAnotherRequest", 800064),
    ("CartCheckOutNotAllowedWhenStatusIsOrdered", 800065),
];

#[test]
fn cart_error_codes_read_by_name_or_number_and_written_as_name() -> TestResult {
    assert_eq!(CartErrorCode::ALL.len(), CART_CODES.len());
    for (name, number) in CART_CODES {
        let by_name: CartErrorCode = serde_json::from_value(json!(name))?;
        let by_number: CartErrorCode = serde_json::from_value(json!(number))?;
        let by_lower: CartErrorCode = serde_json::from_value(json!(name.to_ascii_lowercase()))?;
        assert_eq!((by_name, by_lower), (by_number, by_number), "{name}");
        assert_eq!(i64::from(by_number.code()), *number, "{name}");
        assert_eq!(by_number.name(), *name);
        assert_eq!(serde_json::to_value(by_number)?, json!(name), "{name} is written as its name");
    }
    for reject in [json!(10005), json!(800001), json!(-1), json!("NotACode"), json!(10000.5), json!(null)] {
        assert!(serde_json::from_value::<CartErrorCode>(reject.clone()).is_err(), "{reject} must not parse");
    }
    let error: CartError = serde_json::from_value(json!({"ErrorCode": 10003, "ErrorDescription": "x"}))?;
    assert_eq!(error.error_code, Some(CartErrorCode::InventoryNotAvailable));
    assert_eq!(serde_json::to_value(&error)?, json!({"errorCode": "InventoryNotAvailable", "errorDescription": "x"}));
    Ok(())
}

#[test]
fn order_error_codes_written_as_numbers() -> TestResult {
    assert_eq!(OrderErrorCode::ALL.len(), ORDER_CODES.len());
    for (name, number) in ORDER_CODES {
        let code: OrderErrorCode = serde_json::from_value(json!(number))?;
        assert_eq!(code.name(), *name, "{number}");
        assert_eq!(i64::from(code.code()), *number);
        assert_eq!(serde_json::to_value(code)?, json!(number), "{name} is written as its number");
    }
    for reject in [json!(800006), json!(10000), json!(0), json!("800006"), json!(null)] {
        assert!(serde_json::from_value::<OrderErrorCode>(reject.clone()).is_err(), "{reject} must not parse");
    }
    let error: OrderError = serde_json::from_value(json!({"OrderGroupId": "0", "Code": 800065, "Description": null}))?;
    assert_eq!(serde_json::to_value(&error)?, json!({"orderGroupId": "0", "code": 800065}));
    Ok(())
}

/// `(name, number)` rows of the code tables of a seed: markdown rows `| Name | 800001 | ... |`
/// and plain rows `Name 10000 Description`.
fn seed_code_rows(text: &str) -> Vec<(String, i64)> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = if line.trim_start().starts_with('|') {
            line.split('|').map(str::trim).filter(|c| !c.is_empty()).collect()
        } else {
            line.split_whitespace().collect()
        };
        if let (Some(name), Some(number)) = (cells.first(), cells.get(1)) {
            let identifier =
                name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric());
            if let (true, Ok(number)) = (identifier, number.parse::<i64>()) {
                rows.push(((*name).to_owned(), number));
            }
        }
    }
    rows
}

#[test]
fn code_tables_match_the_seeds() -> TestResult {
    let Some(dir) = seeds_dir() else {
        eprintln!("note: the seeds are absent; the code tables are checked against the model only");
        return Ok(());
    };
    let mut seen = 0;
    for seed in ["003_9cc7a1f3dc18e680.txt", "001_aba867c240138d59.txt"] {
        for (name, number) in seed_code_rows(&fs::read_to_string(dir.join(seed))?) {
            let table = if number >= 800_000 { ORDER_CODES } else { CART_CODES };
            assert!(table.contains(&(name.as_str(), number)), "{seed}: {name} = {number} is not in the tables");
            seen += 1;
        }
    }
    assert!(seen >= 41 + 14, "the seed tables were read ({seen} rows)");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Output rules.
// ---------------------------------------------------------------------------------------------

/// Parses `input` as `T`; it must equal `T::default()` and be written as one of `written`.
fn check_nulls<T>(input: Value, written: &[Value]) -> TestResult
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Default,
{
    let parsed: T = serde_json::from_value(input.clone())?;
    assert_eq!(parsed, T::default(), "{input}");
    let output = serde_json::to_value(&parsed)?;
    assert!(written.contains(&output), "{input} was written as {output}");
    Ok(())
}

#[test]
fn null_reads_as_absent_and_absent_members_are_omitted() -> TestResult {
    check_nulls::<Cart>(
        json!({"Id": null, "creationTimestamp": null, "LastModifiedTimestamp": null, "expirationTimestamp": null,
               "lastModifiedUser": null, "lineItems": null, "status": null, "links": null, "attributes": null}),
        &[json!({}), json!({"lineItems": []})],
    )?;
    check_nulls::<CartLineItem>(
        json!({"id": null, "catalogItemId": null, "friendlyName": null, "quantity": null, "currencyCode": null,
               "billingCycle": null, "termDuration": null, "participants": null, "provisioningContext": null,
               "orderGroup": null, "addonItems": null, "error": null, "renewsTo": null, "attestationAccepted": null,
               "promotionId": null, "customTermEndDate": null, "pricing": null}),
        &[json!({})],
    )?;
    check_nulls::<Pricing>(
        json!({"listPrice": null, "discountedPrice": null, "proratedPrice": null, "price": null, "extendedPrice": null}),
        &[json!({})],
    )?;
    check_nulls::<CartError>(
        json!({"errorCode": null, "errorDescription": null, "additionalInformation": null}),
        &[json!({})],
    )?;
    check_nulls::<AdditionalInformation>(json!({"availableQuantity": null, "purchasedQuantity": null}), &[json!({})])?;
    check_nulls::<Order>(
        json!({"id": null, "alternateId": null, "referenceCustomerId": null, "billingCycle": null,
               "transactionType": null, "lineItems": null, "currencyCode": null, "currencySymbol": null,
               "creationDate": null, "status": null, "links": null, "attributes": null}),
        &[json!({}), json!({"lineItems": []})],
    )?;
    check_nulls::<OrderLineItem>(
        json!({"lineItemNumber": null, "offerId": null, "subscriptionId": null, "parentSubscriptionId": null,
               "friendlyName": null, "quantity": null, "termDuration": null, "transactionType": null,
               "partnerIdOnRecord": null, "provisioningContext": null, "links": null, "renewsTo": null,
               "pricing": null}),
        &[json!({})],
    )?;
    check_nulls::<OrderLinks>(json!({"self": null, "provisioningStatus": null}), &[json!({})])?;
    check_nulls::<OrderLineItemLinks>(
        json!({"provisioningStatus": null, "sku": null, "subscription": null, "activationLinks": null}),
        &[json!({})],
    )?;
    check_nulls::<CartCheckoutResult>(
        json!({"orders": null, "orderErrors": null, "attributes": null}),
        &[json!({}), json!({"orders": []})],
    )?;
    check_nulls::<OrderError>(json!({"orderGroupId": null, "code": null, "description": null}), &[json!({})])?;
    check_nulls::<RenewsTo>(json!({"termDuration": null}), &[json!({})])?;
    check_nulls::<Attributes>(json!({"objectType": null, "etag": null}), &[json!({})])?;
    check_nulls::<OrderLineItemProvisioningStatus>(
        json!({"lineItemNumber": null, "status": null, "quantityProvisioningInformation": null}),
        &[json!({})],
    )?;
    Ok(())
}

#[test]
fn names_are_read_in_any_case_and_written_in_camel_case() -> TestResult {
    let cart: Cart = serde_json::from_value(json!({
        "ID": "c", "LASTMODIFIEDUSER": "u", "lineitems": [{"CATALOGITEMID": "x", "quantity": 1, "ADDONITEMS": [
            {"catalogitemid": "y", "RenewsTo": {"TERMDURATION": "P1M"}, "ATTESTATIONACCEPTED": false}]}],
        "Links": {"SELF": {"URI": "/carts/c", "Method": "GET", "Headers": [{"KEY": "k", "VALUE": "v"}]}},
        "ATTRIBUTES": {"OBJECTTYPE": "Cart"}
    }))?;
    assert_eq!(
        serde_json::to_value(&cart)?,
        json!({
            "id": "c", "lastModifiedUser": "u", "lineItems": [{"catalogItemId": "x", "quantity": 1, "addonItems": [
                {"catalogItemId": "y", "renewsTo": {"termDuration": "P1M"}, "attestationAccepted": false}]}],
            "links": {"self": {"uri": "/carts/c", "method": "GET", "headers": [{"key": "k", "value": "v"}]}},
            "attributes": {"objectType": "Cart"}
        })
    );
    let expected_link = Link {
        uri: "/carts/c".into(),
        method: "GET".into(),
        headers: vec![KeyValue { key: "k".into(), value: "v".into() }],
    };
    assert_eq!(cart.links, Some(SelfLinks { self_link: Some(expected_link) }));
    Ok(())
}

#[test]
fn unknown_members_do_not_fail_parsing() -> TestResult {
    let cart: Cart = serde_json::from_value(json!({
        "PartnerOnRecordAttestationAccepted": true, "etag": 3, "nested": {"deep": [1, {"x": null}]},
        "lineItems": [{"quantity": 1, "purchaseCommitment": {"amount": 0.05}, "coterminousSubscriptionId": null,
                       "pricing": {"listPrice": 1, "currency": "USD"}, "renewsTo": {"termDuration": "P1Y", "x": []},
                       "error": {"errorCode": 0, "more": true, "additionalInformation": {"availableQuantity": 1, "why": "x"}}}],
        "links": {"self": {"uri": "/c", "extra": 1}, "next": {"uri": "/n"}},
        "attributes": {"objectType": "Cart", "version": 2}
    }))?;
    let output = serde_json::to_value(&cart)?;
    let text = output.to_string();
    for unknown in [
        "PartnerOnRecord",
        "nested",
        "purchaseCommitment",
        "coterminous",
        "currency",
        "\"x\"",
        "more",
        "why",
        "extra",
        "next",
        "version",
    ] {
        assert!(!text.contains(unknown), "`{unknown}` is not part of the model but was written: {text}");
    }
    let order: Order = serde_json::from_value(json!({
        "totalPrice": 36.48, "client": {}, "lineItems": [{"additionalPartnerIdsOnRecord": ["1"], "quantity": 1,
        "links": {"product": {"uri": "/p"}, "availability": {"uri": "/a"}}}],
        "links": {"patchOperation": {"uri": "/o", "method": "PATCH"}}
    }))?;
    assert_eq!(serde_json::to_value(&order)?, json!({"lineItems": [{"quantity": 1, "links": {}}], "links": {}}));
    Ok(())
}

/// Each case: a timestamp text read, and the exact text written where the case fixes it.
fn check_timestamps(cases: &[(&str, Option<&str>)], rejects: &[Value]) -> TestResult {
    for (input, written) in cases {
        let parsed: Timestamp = serde_json::from_value(json!(input)).map_err(|e| format!("`{input}`: {e}"))?;
        let expected = instant(input).ok_or_else(|| format!("chrono cannot read `{input}`"))?;
        assert_eq!(parsed.0, expected, "`{input}` is that instant");
        let output = serde_json::to_value(parsed)?;
        let text = output.as_str().ok_or("a timestamp not written as a string")?;
        assert!(text.ends_with('Z') && !text.contains('+'), "`{input}` was written as `{text}`, not in UTC with Z");
        assert_eq!(
            DateTime::parse_from_rfc3339(text)?.with_timezone(&Utc),
            expected,
            "`{text}` is RFC 3339, same instant"
        );
        if let Some(written) = written {
            assert_eq!(text, *written, "`{input}`");
        }
        let cart: Cart = serde_json::from_value(json!({"CreationTimestamp": input}))?;
        assert_eq!(cart.creation_timestamp, Some(parsed));
        assert_eq!(serde_json::to_value(&cart)?.get("creationTimestamp"), Some(&output));
    }
    for reject in rejects {
        assert!(serde_json::from_value::<Timestamp>(reject.clone()).is_err(), "{reject} must not parse");
        assert!(serde_json::from_value::<Order>(json!({"creationDate": reject})).is_err(), "{reject} must not parse");
    }
    Ok(())
}

#[test]
fn timestamps_are_read_with_any_offset_and_written_in_utc() -> TestResult {
    check_timestamps(
        &[
            ("2018-03-06T17:37:05.253-08:00", Some("2018-03-07T01:37:05.253Z")),
            ("2017-04-10T16:02:25.983-07:00", Some("2017-04-10T23:02:25.983Z")),
            ("2019-01-16T00:48:44.76+00:00", None),
            ("2021-08-18T17:29:52.3517492+05:30", None),
            ("2023-05-18T21:22:26.7034834Z", None),
            ("2023-07-11T21:16:11.55149Z", None),
            ("2022-02-19T00:00:00Z", Some("2022-02-19T00:00:00Z")),
            ("0001-01-01T00:00:00", Some("0001-01-01T00:00:00Z")),
            ("2018-03-15T17:15:02.3840528", None),
        ],
        &[
            json!("2023-05-18TT21:22:26.7034834Z"),
            json!("2023-02-30T00:00:00Z"),
            json!("2023-05-18"),
            json!("2023-05-18T25:00:00Z"),
            json!("yesterday"),
            json!(""),
            json!(1_684_444_946),
        ],
    )?;
    // Seven fractional digits are kept to the 100 ns tick.
    let t = Timestamp::from_str("2023-05-18T21:22:26.7034834Z")?;
    assert_eq!(t.0.timestamp_subsec_nanos(), 703_483_400);
    Ok(())
}

/// Each case: a money amount as sent, the decimal it is, and the JSON number text written
/// (`None`: any text of that number).
fn check_money(cases: &[(Value, &str, Option<&str>)]) -> TestResult {
    for (input, amount, written) in cases {
        let pricing: Pricing = serde_json::from_value(json!({"ListPrice": input}))?;
        let expected = Money(Decimal::from_str(amount)?);
        assert_eq!(pricing.list_price, Some(expected), "{input}");
        let text = serde_json::to_string(&pricing)?;
        let output: Value = serde_json::from_str(&text)?;
        let number = output.get("listPrice").ok_or("listPrice not written")?;
        assert!(number.is_number(), "{input} was written as {number}, not a JSON number");
        assert_eq!(decimal(number), Some(expected.0), "{input} was written as {number}");
        if let Some(written) = written {
            assert_eq!(text, format!("{{\"listPrice\":{written}}}"), "{input}");
        }
        let again: Pricing = serde_json::from_str(&text)?;
        assert_eq!(again, pricing, "{text} reads back");
    }
    Ok(())
}

#[test]
fn money_amounts_are_exact_json_numbers() -> TestResult {
    let from_text = |text: &str| -> TestResult<Value> { Ok(serde_json::from_str(text)?) };
    check_money(&[
        (from_text("30.4")?, "30.4", Some("30.4")),
        (from_text("30.40")?, "30.4", Some("30.4")),
        (from_text("364.80")?, "364.8", Some("364.8")),
        (from_text("36.48")?, "36.48", Some("36.48")),
        (from_text("0.05")?, "0.05", Some("0.05")),
        (from_text("0.1")?, "0.1", Some("0.1")),
        (from_text("-12.5")?, "-12.5", Some("-12.5")),
        (from_text("1234567890.12")?, "1234567890.12", Some("1234567890.12")),
        (from_text("9999999999999.99")?, "9999999999999.99", Some("9999999999999.99")),
        (from_text("438.0")?, "438", None),
        (from_text("4380")?, "4380", None),
        (from_text("0")?, "0", None),
        (json!("30.40"), "30.4", Some("30.4")),
        (json!("-12.50"), "-12.5", Some("-12.5")),
    ])?;
    // Sums stay exact: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
    let sum = Money(Decimal::from_str("0.1")? + Decimal::from_str("0.2")?);
    assert_eq!(serde_json::to_string(&sum)?, "0.3");
    for reject in [json!("thirty"), json!(true), json!([1])] {
        assert!(serde_json::from_value::<Pricing>(json!({"price": reject})).is_err(), "{reject} must not parse");
    }
    Ok(())
}

/// Each case: an amount, a currency, and the amount rounded half away from zero to the
/// currency's minor units, as displayed: money is formatted in Rust (DESIGN.md section 2), so
/// a USD amount shows its two decimals (the crate documentation prints `364.80`).
fn check_rounding(cases: &[(&str, &str, &str)]) -> TestResult {
    let mut wrong = Vec::new();
    for (amount, currency, expected) in cases {
        let rounded = round_money(Decimal::from_str(amount)?, currency);
        assert_eq!(rounded, Decimal::from_str(expected)?, "{amount} {currency} rounds to the value {expected}");
        let money = Money(Decimal::from_str(amount)?).round_to(currency);
        if rounded.to_string() != *expected || money.to_string() != *expected {
            wrong.push(format!("{amount} {currency} -> {rounded} / {money}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "not padded to the currency's minor units: {wrong:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any amount reads back exactly; up to 15 significant digits it is a JSON number (the
    /// writer trusts f64 there without printing it again), past that whatever reads back.
    #[test]
    fn any_amount_reads_back_exactly(mantissa in prop_oneof![
        -999_999_999_999_999i64..=999_999_999_999_999,
        any::<i64>(),
    ], scale in 0u32..=20) {
        let amount = Decimal::new(mantissa, scale);
        let text = serde_json::to_string(&Money(amount)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Money = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back.0, amount, "{} written as {}", amount, text);
        if mantissa.unsigned_abs() < 1_000_000_000_000_000 {
            prop_assert!(!text.starts_with('"'), "{} written as a string: {}", amount, text);
            // Byte for byte what writing the f64 parsed from the decimal's text gives.
            let parsed: f64 = amount.normalize().to_string().parse().map_err(|e: std::num::ParseFloatError| TestCaseError::fail(e.to_string()))?;
            let reference = serde_json::to_string(&parsed).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&text, &reference, "{}", amount);
        }
    }
}

#[test]
fn money_rounds_to_the_minor_units_of_its_currency() -> TestResult {
    check_rounding(&[
        ("1.005", "USD", "1.01"),
        ("-1.005", "USD", "-1.01"),
        ("1234.5", "JPY", "1235"),
        ("30.40", "USD", "30.40"),
        ("364.8", "USD", "364.80"),
        ("30.4", "EUR", "30.40"),
        ("7", "TWD", "7.00"),
        ("2.5", "KWD", "2.500"),
        ("0.12345", "CLF", "0.1235"),
    ])
}

#[test]
fn empty_strings_of_key_values_and_links_are_kept() -> TestResult {
    // `key`, `value`, `uri` and `method` are seed properties that always have a value: an
    // empty string sent must be written back, not dropped (only empty ids mean "absent").
    let cases = [
        json!({"participants": [{"key": "transaction_reseller", "value": ""}]}),
        json!({"participants": [{"key": "", "value": "517285"}]}),
    ];
    for input in cases {
        let line: CartLineItem = serde_json::from_value(input.clone())?;
        assert_eq!(serde_json::to_value(&line)?, input);
    }
    let link = json!({"uri": "", "method": "GET", "headers": [{"key": "MS-ContinuationToken", "value": ""}]});
    let parsed: Link = serde_json::from_value(link.clone())?;
    assert_eq!(serde_json::to_value(&parsed)?, link);
    Ok(())
}

#[test]
fn quantities_that_are_not_whole_are_kept_as_sent() -> TestResult {
    let cases = [(json!(2), Some(2)), (json!(1.5), None), (json!("3"), None), (json!(u64::MAX), None)];
    for (input, whole) in cases {
        let line: CartLineItem = serde_json::from_value(json!({"Quantity": input}))?;
        let quantity = line.quantity.as_ref().ok_or("quantity lost")?;
        assert_eq!(quantity.get(), whole, "{input}");
        assert_eq!(serde_json::to_value(&line)?, json!({"quantity": input}));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Property tests: arbitrary carts, orders and checkout results round-trip.
// ---------------------------------------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[A-Za-z0-9:_-]{0,16}", 1 => "\\PC{0,8}"]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    // 1971-01-01T00:00:00Z ..= 2199-12-31T23:59:59.999999Z, in microseconds.
    (31_536_000_000_000i64..7_258_118_400_000_000).prop_filter_map("representable", Timestamp::from_micros)
}

fn money() -> impl Strategy<Value = Money> {
    (-10_000_000_000_000i64..10_000_000_000_000).prop_map(|cents| Money(Decimal::new(cents, 2)))
}

fn pricing() -> impl Strategy<Value = Pricing> {
    (of(money()), of(money()), of(money()), of(money()), of(money())).prop_map(
        |(list_price, discounted_price, prorated_price, price, extended_price)| Pricing {
            list_price,
            discounted_price,
            prorated_price,
            price,
            extended_price,
        },
    )
}

fn quantity() -> impl Strategy<Value = Quantity> {
    let other = prop_oneof![
        (-1000i32..1000).prop_map(|n| json!(f64::from(n) + 0.5)),
        "[0-9]{1,4}".prop_map(Value::String),
        Just(json!(u64::MAX)),
    ]
    .prop_filter_map("a quantity", |v| serde_json::from_value::<Quantity>(v).ok());
    prop_oneof![4 => any::<i64>().prop_map(Quantity::new), 1 => other]
}

fn key_value() -> impl Strategy<Value = KeyValue> {
    (text(), text()).prop_map(|(key, value)| KeyValue { key, value })
}

fn link() -> impl Strategy<Value = Link> {
    (text(), prop_oneof![Just("GET".to_owned()), Just("PATCH".to_owned()), text()], vec(key_value(), 0..3))
        .prop_map(|(uri, method, headers)| Link { uri, method, headers })
}

fn attributes() -> impl Strategy<Value = Attributes> {
    (of(text()), of(text())).prop_map(|(object_type, etag)| Attributes { object_type, etag })
}

fn renews_to() -> impl Strategy<Value = RenewsTo> {
    of(prop_oneof![Just("P1M".to_owned()), Just("P1Y".to_owned()), text()])
        .prop_map(|term_duration| RenewsTo { term_duration })
}

fn context_map() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map("[A-Za-z][A-Za-z0-9_]{0,10}", text(), 0..4)
}

fn cart_error() -> impl Strategy<Value = CartError> {
    // One small strategy (a deeper one overflows the test thread's stack in debug builds).
    let info = (of(any::<i64>()), of(any::<i64>()), any::<u8>()).prop_map(|(available, purchased, bits)| {
        AdditionalInformation {
            available_quantity: available,
            purchased_quantity: purchased,
            minimum_quantity: (bits & 1 == 1).then_some(i64::from(bits)),
            eligible_for_purchase: (bits & 2 == 2).then_some(bits & 4 == 4),
        }
    });
    (of(prop::sample::select(CartErrorCode::ALL)), of(text()), of(info)).prop_map(
        |(error_code, error_description, additional_information)| CartError {
            error_code,
            error_description,
            additional_information,
        },
    )
}

/// A cart line with add-ons nested up to `depth` levels below it.
fn cart_line_item(depth: u32) -> BoxedStrategy<CartLineItem> {
    let addons = if depth == 0 { Just(None).boxed() } else { of(vec(cart_line_item(depth - 1), 0..3)).boxed() };
    let head = (
        of(any::<i64>()),
        of(text()),
        of(text()),
        of(quantity()),
        of(text()),
        of(prop::sample::select(BillingCycleType::ALL)),
        of(text()),
        of(vec(key_value(), 0..3)),
    );
    let tail = (
        of(context_map()),
        of(text()),
        addons,
        of(cart_error()),
        of(renews_to()),
        of(any::<bool>()),
        of(text()),
        of(timestamp()),
        of(pricing()),
    );
    (head, tail)
        .prop_map(
            |(
                (
                    id,
                    catalog_item_id,
                    friendly_name,
                    quantity,
                    currency_code,
                    billing_cycle,
                    term_duration,
                    participants,
                ),
                (
                    provisioning_context,
                    order_group,
                    addon_items,
                    error,
                    renews_to,
                    attestation_accepted,
                    promotion_id,
                    custom_term_end_date,
                    pricing,
                ),
            )| CartLineItem {
                id,
                catalog_item_id,
                friendly_name,
                quantity,
                currency_code,
                billing_cycle,
                term_duration,
                participants,
                provisioning_context,
                order_group,
                addon_items,
                error,
                renews_to,
                attestation_accepted,
                promotion_id,
                custom_term_end_date,
                pricing,
            },
        )
        .boxed()
}

fn cart() -> impl Strategy<Value = Cart> {
    (
        text(),
        of(timestamp()),
        of(timestamp()),
        of(timestamp()),
        of(text()),
        vec(cart_line_item(2), 0..4),
        of(prop::sample::select(CartStatus::ALL)),
        of(of(link()).prop_map(|self_link| SelfLinks { self_link })),
        of(attributes()),
    )
        .prop_map(
            |(
                id,
                creation_timestamp,
                last_modified_timestamp,
                expiration_timestamp,
                last_modified_user,
                line_items,
                status,
                links,
                attributes,
            )| Cart {
                id,
                creation_timestamp,
                last_modified_timestamp,
                expiration_timestamp,
                last_modified_user,
                line_items,
                status,
                links,
                attributes,
            },
        )
}

fn order_line_item() -> impl Strategy<Value = OrderLineItem> {
    let links = (of(link()), of(link()), of(link()), of(link())).prop_map(
        |(provisioning_status, sku, subscription, activation_links)| OrderLineItemLinks {
            provisioning_status,
            sku,
            subscription,
            activation_links,
        },
    );
    (
        (of(any::<i64>()), of(text()), of(text()), of(text()), of(text()), of(any::<i64>()), of(text())),
        (
            of(prop::sample::select(TransactionType::ALL)),
            of(text()),
            of(context_map()),
            of(links),
            of(renews_to()),
            of(pricing()),
        ),
    )
        .prop_map(
            |(
                (
                    line_item_number,
                    offer_id,
                    subscription_id,
                    parent_subscription_id,
                    friendly_name,
                    quantity,
                    term_duration,
                ),
                (transaction_type, partner_id_on_record, provisioning_context, links, renews_to, pricing),
            )| OrderLineItem {
                line_item_number,
                offer_id,
                subscription_id,
                parent_subscription_id,
                friendly_name,
                quantity,
                term_duration,
                transaction_type,
                partner_id_on_record,
                provisioning_context,
                links,
                renews_to,
                pricing,
            },
        )
}

fn order() -> impl Strategy<Value = Order> {
    let links = (of(link()), of(link()))
        .prop_map(|(provisioning_status, self_link)| OrderLinks { provisioning_status, self_link });
    (
        (
            text(),
            of(text()),
            of(text()),
            of(prop::sample::select(BillingCycleType::ALL)),
            of(prop::sample::select(OrderTransactionType::ALL)),
            vec(order_line_item(), 0..4),
        ),
        (
            of(text()),
            of(text()),
            of(timestamp()),
            of(prop::sample::select(OrderStatus::ALL)),
            of(links),
            of(attributes()),
        ),
    )
        .prop_map(
            |(
                (id, alternate_id, reference_customer_id, billing_cycle, transaction_type, line_items),
                (currency_code, currency_symbol, creation_date, status, links, attributes),
            )| Order {
                id,
                alternate_id,
                reference_customer_id,
                billing_cycle,
                transaction_type,
                line_items,
                currency_code,
                currency_symbol,
                creation_date,
                status,
                links,
                attributes,
            },
        )
}

fn checkout_result() -> impl Strategy<Value = CartCheckoutResult> {
    let error = (of(text()), of(prop::sample::select(OrderErrorCode::ALL)), of(text()))
        .prop_map(|(order_group_id, code, description)| OrderError { order_group_id, code, description });
    (vec(order(), 0..3), of(vec(error, 0..3)), of(attributes()))
        .prop_map(|(orders, order_errors, attributes)| CartCheckoutResult { orders, order_errors, attributes })
}

/// The JSON with the first letter of every member name upper-cased, except the keys of
/// `provisioningContext` maps, which are data.
fn pascal_case(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, member)| {
                    let member = if name == "provisioningContext" { member.clone() } else { pascal_case(member) };
                    let mut chars = name.chars();
                    let upper =
                        chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default();
                    (upper, member)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(pascal_case).collect()),
        other => other.clone(),
    }
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// Writes `value`, checks the output rules, and reads it back from the text and from its
/// PascalCase twin.
fn prop_round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let text = serde_json::to_string(value).map_err(fail)?;
    let json: Value = serde_json::from_str(&text).map_err(fail)?;
    let mut problems = Vec::new();
    check_output(&json, "$", &mut problems);
    prop_assert!(problems.is_empty(), "{problems:?} in {text}");
    let back: T = serde_json::from_str(&text).map_err(fail)?;
    prop_assert_eq!(&back, value, "camelCase: {}", text);
    let pascal = pascal_case(&json);
    let back: T = serde_json::from_value(pascal.clone()).map_err(fail)?;
    prop_assert_eq!(&back, value, "PascalCase: {}", pascal);
    Ok(())
}

fn runner() -> TestRunner {
    TestRunner::new(Config { cases: 128, failure_persistence: None, ..Config::default() })
}

#[test]
fn arbitrary_carts_round_trip() -> TestResult {
    runner().run(&cart(), |cart| prop_round_trip(&cart))?;
    Ok(())
}

#[test]
fn arbitrary_orders_round_trip() -> TestResult {
    runner().run(&order(), |order| prop_round_trip(&order))?;
    Ok(())
}

#[test]
fn arbitrary_checkout_results_round_trip() -> TestResult {
    runner().run(&checkout_result(), |result| prop_round_trip(&result))?;
    Ok(())
}

#[test]
fn pascal_case_keeps_provisioning_context_keys() -> TestResult {
    let json = json!({"lineItems": [{"provisioningContext": {"scope": "x"}, "renewsTo": {"termDuration": "P1Y"}}]});
    assert_eq!(
        pascal_case(&json),
        json!({"LineItems": [{"ProvisioningContext": {"scope": "x"}, "RenewsTo": {"TermDuration": "P1Y"}}]})
    );
    Ok(())
}

#[test]
fn collections_are_read_like_every_wire_type() -> TestResult {
    let page: Collection<Order> = serde_json::from_value(json!({
        "TotalCount": 7, "ITEMS": [{"Id": "o-1", "LineItems": [{"LineItemNumber": 0, "OfferId": "X:1", "Quantity": 2}]}],
        "continuationtoken": "o1.2", "Links": {"Self": {"Uri": "/customers/c/orders", "Method": "GET", "Headers": []}},
        "Attributes": {"ObjectType": "Collection"}, "Unknown": {"deep": [1, 2]}}))?;
    assert_eq!(page.total_count, 7);
    assert_eq!(page.items[0].id, "o-1");
    assert_eq!(page.items[0].line_items[0].quantity, Some(2));
    assert_eq!(page.continuation_token.as_deref(), Some("o1.2"));
    assert_eq!(
        page.links.as_ref().and_then(|l| l.self_link.as_ref()).map(|l| l.uri.as_str()),
        Some("/customers/c/orders")
    );
    let written = serde_json::to_value(&page)?;
    assert_eq!(written["totalCount"], 7);
    assert_eq!(serde_json::from_value::<Collection<Order>>(written)?, page);

    // null is absent; an absent totalCount is the number of items; items are required.
    let page: Collection<Order> =
        serde_json::from_value(json!({"items": [], "continuationToken": null, "links": null}))?;
    assert_eq!((page.total_count, page.continuation_token, page.links), (0, None, None));
    let err = serde_json::from_value::<Collection<Order>>(json!({"totalCount": 1})).err().ok_or("accepted")?;
    assert!(err.to_string().contains("items"), "{err}");
    let err = serde_json::from_value::<Collection<Order>>(json!({"items": [], "totalCount": "many"}))
        .err()
        .ok_or("accepted")?;
    assert!(err.to_string().contains("totalCount"), "{err}");
    Ok(())
}
