//! The Partner Center samples and the project's own fixtures round-trip through the model with
//! every seed property kept (the seed properties of each resource, and how their values
//! compare, are listed here), and the output of each round trip follows the output rules.
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

use std::fmt::Debug;
use std::fs;
use std::path::{Path, PathBuf};

use cartstore::model::OrderLineItemProvisioningStatus;
use cartstore::{Cart, CartCheckoutResult, Collection, Order};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::fixtures::{own_fixtures_dir, samples_dir};

use super::codes::{CART_CODES, ORDER_CODES};
use super::{TestResult, check_output, decimal, instant};

/// A resource of the seed documents (plus the collection page of the list calls:
/// `totalCount`, `items`, `continuationToken`, `links`, `attributes`).
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
pub(super) fn mend_doubled_t(text: &str) -> (String, usize) {
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
