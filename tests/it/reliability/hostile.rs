//! Hostile input: every hostile request gets a typed error, never a panic, and writes nothing.

use cartstore::{Cart, Error, InputProblem, Store};
use serde_json::json;

use crate::store::{clock, store_with, three_group_cart};

use super::TestResult;

const HOSTILE: &str = "hostile-customer";

/// What a hostile request must give.
enum Want {
    /// `create_cart` refuses with `InvalidInput` on exactly this field, with a matching problem.
    Invalid(&'static str, fn(&InputProblem) -> bool),
    /// The cart is stored with a line error of this code on line 0.
    LineError(i64),
    /// A line error on line 0 (any code), or `InvalidInput` on this field.
    LineErrorOrInvalid(&'static str),
    /// `serde_json` refuses the body; the message contains this text.
    ParseFails(&'static str),
    /// Either the parse fails or the store refuses with `InvalidInput`.
    ParseFailsOrInvalid,
}

fn line(quantity: &str) -> String {
    format!(
        r#"{{"catalogItemId": "BASIC:0001:A", "quantity": {quantity}, "termDuration": "P1Y", "billingCycle": "monthly"}}"#
    )
}

fn body(lines: &str) -> Vec<u8> {
    format!(r#"{{"lineItems": [{lines}]}}"#).into_bytes()
}

/// Runs one hostile case; the description of what went wrong, if anything.
fn check(store: &Store, customer: &str, body: &[u8], want: &Want) -> Result<(), String> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let parsed = serde_json::from_slice::<Cart>(body);
        let created = parsed.as_ref().ok().map(|cart| store.create_cart(customer, cart));
        (parsed.map(drop), created)
    }));
    let (parsed, created) = outcome.map_err(|_| "panicked".to_owned())?;
    let verdict = match (want, parsed, created) {
        (Want::ParseFails(text), Err(e), _) => {
            if e.to_string().contains(text) {
                Ok(())
            } else {
                Err(format!("parse error {e:?} does not name {text}"))
            }
        }
        (Want::ParseFailsOrInvalid, Err(_), _) => Ok(()),
        (Want::ParseFailsOrInvalid, Ok(()), Some(Err(Error::InvalidInput { .. }))) => Ok(()),
        (Want::Invalid(field, problem), Ok(()), Some(Err(Error::InvalidInput { field: f, problem: p })))
            if f == *field && problem(&p) =>
        {
            Ok(())
        }
        (Want::LineErrorOrInvalid(field), Ok(()), Some(Err(Error::InvalidInput { field: f, .. }))) if f == *field => {
            Ok(())
        }
        (Want::LineError(_) | Want::LineErrorOrInvalid(_), Ok(()), Some(Ok(cart))) => {
            let code = cart
                .line_items
                .first()
                .and_then(|l| l.error.as_ref())
                .and_then(|e| e.error_code)
                .map(|c| i64::from(c.code()));
            let _ = store.delete_cart(customer, &cart.id);
            match (want, code) {
                (Want::LineError(wanted), Some(code)) if code == *wanted => Ok(()),
                (Want::LineErrorOrInvalid(_), Some(_)) => Ok(()),
                _ => Err(format!("stored with line error {code:?}")),
            }
        }
        (_, parsed, created) => Err(format!("parse {parsed:?}, create {:?}", created.map(|r| r.map(|c| c.id)))),
    };
    let left = store.list_carts(HOSTILE).map_err(|e| format!("list_carts: {e:?}"))?;
    if !left.is_empty() {
        return Err(format!("{} cart(s) written", left.len()));
    }
    verdict
}

fn nested(depth: usize) -> String {
    let mut json = line("1");
    for _ in 1..depth {
        json = format!(
            r#"{{"catalogItemId": "ADDON:0001:A", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly", "addonItems": [{json}]}}"#
        );
    }
    json
}

#[test]
fn hostile_input_gets_typed_errors_no_panic_and_writes_nothing() -> TestResult {
    let clock = clock()?;
    let store = store_with(&clock)?;
    let mib = "a".repeat(1 << 20);
    let ten_kib = "c".repeat(10 << 10);
    let too_long = |p: &InputProblem| matches!(p, InputProblem::TooLong { .. });
    let big_number = |p: &InputProblem| *p == InputProblem::OutOfRange;
    let hundred_thousand = vec![line("1"); 100_000].join(",");
    let mut invalid_utf8 = body(&line("1"));
    if let Some(at) = invalid_utf8.iter().position(|b| *b == b'B') {
        invalid_utf8.splice(at..=at, [0xff, 0xfe]);
    }
    let with_item =
        |id: &str| body(&format!(r#"{{"catalogItemId": {}, "quantity": 1, "billingCycle": "monthly"}}"#, json!(id)));
    let cases: Vec<(&str, &str, Vec<u8>, Want)> = vec![
        ("quantity 0", HOSTILE, body(&line("0")), Want::LineError(10010)),
        ("quantity -1", HOSTILE, body(&line("-1")), Want::LineErrorOrInvalid("lineItems[0].quantity")),
        ("quantity 2^31", HOSTILE, body(&line("2147483648")), Want::Invalid("lineItems[0].quantity", big_number)),
        (
            "quantity 2^63",
            HOSTILE,
            body(&line("9223372036854775808")),
            Want::Invalid("lineItems[0].quantity", big_number),
        ),
        ("quantity 1e30", HOSTILE, body(&line("1e30")), Want::Invalid("lineItems[0].quantity", big_number)),
        (
            "quantity \"1\"",
            HOSTILE,
            body(&line("\"1\"")),
            Want::Invalid("lineItems[0].quantity", |p| *p == InputProblem::WrongType),
        ),
        (
            "friendlyName 1 MiB",
            HOSTILE,
            body(&format!(
                r#"{{"catalogItemId": "BASIC:0001:A", "quantity": 1, "friendlyName": "{mib}", "billingCycle": "monthly"}}"#
            )),
            Want::Invalid("lineItems[0].friendlyName", too_long),
        ),
        ("catalogItemId 1 MiB", HOSTILE, with_item(&mib), Want::Invalid("lineItems[0].catalogItemId", too_long)),
        ("addonItems 10,000 deep", HOSTILE, body(&nested(10_000)), Want::ParseFailsOrInvalid),
        (
            "addonItems 10 deep",
            HOSTILE,
            body(&nested(10)),
            Want::Invalid("lineItems[0].addonItems[0].addonItems[0].addonItems[0].addonItems", |p| {
                matches!(p, InputProblem::TooDeep { max: 4 })
            }),
        ),
        (
            "100,000 lines",
            HOSTILE,
            body(&hundred_thousand),
            Want::Invalid("lineItems", |p| matches!(p, InputProblem::TooMany { max: 500 })),
        ),
        ("catalogItemId with quotes", HOSTILE, with_item("\"'\"'"), Want::LineError(10001)),
        ("catalogItemId SQL", HOSTILE, with_item("'; DROP TABLE carts; --"), Want::LineError(10001)),
        (
            "catalogItemId NUL",
            HOSTILE,
            with_item("BASIC\0:0001:A"),
            Want::Invalid("lineItems[0].catalogItemId", |p| *p == InputProblem::Invalid),
        ),
        ("catalogItemId RTL mark", HOSTILE, with_item("\u{202E}A:1000:CISAB"), Want::LineError(10001)),
        ("invalid UTF-8", HOSTILE, invalid_utf8, Want::ParseFails("")),
        (
            "number as catalogItemId",
            HOSTILE,
            body(r#"{"catalogItemId": 5, "quantity": 1}"#),
            Want::ParseFails("catalogItemId"),
        ),
        (
            "number as friendlyName",
            HOSTILE,
            body(r#"{"catalogItemId": "BASIC:0001:A", "quantity": 1, "friendlyName": 7}"#),
            Want::ParseFails("friendlyName"),
        ),
        (
            "number as billingCycle",
            HOSTILE,
            body(r#"{"catalogItemId": "BASIC:0001:A", "quantity": 1, "billingCycle": 1}"#),
            Want::ParseFails("billingCycle"),
        ),
        (
            "string as line id",
            HOSTILE,
            body(r#"{"id": "1", "catalogItemId": "BASIC:0001:A", "quantity": 1}"#),
            Want::ParseFails("id"),
        ),
        ("string as lineItems", HOSTILE, br#"{"lineItems": "many"}"#.to_vec(), Want::ParseFails("lineItems")),
        (
            "string as addonItems",
            HOSTILE,
            body(r#"{"catalogItemId": "BASIC:0001:A", "quantity": 1, "addonItems": "x"}"#),
            Want::ParseFails("addonItems"),
        ),
        ("empty customer id", "", body(&line("1")), Want::Invalid("customerId", |p| *p == InputProblem::Missing)),
        ("10 KiB customer id", &ten_kib, body(&line("1")), Want::Invalid("customerId", too_long)),
        ("NUL customer id", "cust\0a", body(&line("1")), Want::Invalid("customerId", |p| *p == InputProblem::Invalid)),
    ];
    let mut failures = Vec::new();
    for (label, customer, body, want) in &cases {
        if let Err(why) = check(&store, customer, body, want) {
            failures.push(format!("{label}: {why}"));
        }
    }

    // Hostile cart ids: not found (NUL and over-long ids are refused as input).
    let hostile_ids = ["\"'\"", "'; DROP TABLE carts; --", "\u{202E}dlrow", "a\0b", &mib, "", "%", "_"];
    for id in hostile_ids {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.get_cart(HOSTILE, id)));
        match outcome {
            Err(_) => failures.push(format!("get_cart({:.20?}): panicked", id)),
            Ok(Err(Error::CartNotFound { .. } | Error::InvalidInput { field: _, problem: _ })) => {}
            Ok(other) => failures.push(format!("get_cart({:.20?}): {:?}", id, other.map(|c| c.id))),
        }
    }
    // Hostile customer ids that are valid strings: stored under exactly that id, isolated.
    let a_cart = store.create_cart("cust-a", &three_group_cart()?)?;
    for customer in ["\"'\"", "'; DROP TABLE carts; --", "\u{202E}a-tsuc", "%", "cust-a "] {
        let cart = store.create_cart(customer, &three_group_cart()?)?;
        let listed: Vec<String> = store.list_carts(customer)?.into_iter().map(|c| c.id).collect();
        if listed != vec![cart.id.clone()] {
            failures.push(format!("customer {customer:?}: lists {listed:?}"));
        }
        if store.get_cart(customer, &a_cart.id).is_ok() {
            failures.push(format!("customer {customer:?} sees cust-a's cart"));
        }
        store.delete_cart(customer, &cart.id)?;
    }
    assert_eq!(store.list_carts("cust-a")?.len(), 1, "cust-a's carts changed");
    assert!(failures.is_empty(), "hostile input failures:\n{}", failures.join("\n"));
    Ok(())
}
