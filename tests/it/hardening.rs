//! Issue 19, "Hardening": each item ends as a typed error or correct behaviour, with nothing
//! written where the request fails. Library items first (exact money and quantities, required
//! prices, duplicate members, dates, links, the cart size cap), then the CLI's (body encoding
//! and size, lost output, the demo's own database).

use std::error::Error as StdError;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cartstore::limits::MAX_CART_BYTES;
use cartstore::model::{Money, Quantity, Timestamp};
use cartstore::{Cart, CartErrorCode, Catalog, Collection, Error, InputProblem, OrderQuery, Store};
use rust_decimal::Decimal;
use serde_json::{Value, json};

type TestResult<T = ()> = Result<T, Box<dyn StdError>>;

const ITEM: &str = "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5";

/// A one-item catalog whose first term has `price` as its `listPrice` (raw JSON text).
fn catalog_text(price: &str) -> String {
    format!(
        r#"{{"items": [{{"catalogItemId": "{ITEM}", "currencyCode": "USD",
            "terms": [{{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": {price}}}]}}]}}"#
    )
}

fn store() -> TestResult<Store> {
    let store = Store::open_in_memory()?;
    store.import_catalog(&serde_json::from_str(&catalog_text("30.4"))?)?;
    Ok(store)
}

fn invalid(err: &Error) -> Option<(&str, &InputProblem)> {
    match err {
        Error::InvalidInput { field, problem } => Some((field.as_str(), problem)),
        _ => None,
    }
}

fn one_line(quantity: &str) -> String {
    format!(
        r#"{{"lineItems": [{{"catalogItemId": "{ITEM}", "quantity": {quantity},
            "termDuration": "P1Y", "billingCycle": "monthly"}}]}}"#
    )
}

// ---------------------------------------------------------------------------------------------
// 1. Exact money and quantities
// ---------------------------------------------------------------------------------------------

#[test]
fn money_is_read_exactly_from_the_numbers_text_or_refused() -> TestResult {
    // (JSON text, the exact decimal or None for refused)
    let cases: &[(&str, Option<&str>)] = &[
        ("99999999999999999999", Some("99999999999999999999")),
        ("30.40", Some("30.40")),
        ("364.8", Some("364.8")),
        ("0.1", Some("0.1")),
        ("12345678.123456789", Some("12345678.123456789")),
        ("1e2", Some("100")),
        ("1.5E+3", Some("1500")),
        ("25e-1", Some("2.5")),
        ("-0.5", Some("-0.5")),
        ("18446744073709551616", Some("18446744073709551616")),
        ("79228162514264337593543950335", Some("79228162514264337593543950335")),
        ("0.1234567890123456789012345678", Some("0.1234567890123456789012345678")),
        ("1.50000000000000000000000000000000", Some("1.5000000000000000000000000000")),
        ("\"99999999999999999999.01\"", Some("99999999999999999999.01")),
        // No Decimal holds these exactly: refused, never rounded.
        ("0.12345678901234567890123456789", None),
        ("1e-29", None),
        ("79228162514264337593543950336", None),
        ("1e400", None),
        ("\"0.12345678901234567890123456789\"", None),
    ];
    let check = |text: &str, expected: Option<&str>| -> TestResult {
        let direct = serde_json::from_str::<Money>(text).ok();
        // The same through a `Value` (how tests and callers build wire types).
        let via_value = serde_json::from_str::<Value>(text).ok().and_then(|v| serde_json::from_value::<Money>(v).ok());
        let want = expected.map(Decimal::from_str_exact).transpose()?;
        assert_eq!(direct.map(|m| m.0), want, "{text}");
        assert_eq!(via_value.map(|m| m.0), want, "{text} via Value");
        if let (Some(m), Some(e)) = (direct, expected) {
            assert_eq!(m.0.to_string(), e, "{text}: scale as written");
        }
        Ok(())
    };
    for (text, expected) in cases {
        check(text, *expected)?;
    }
    Ok(())
}

#[test]
fn money_is_written_as_a_number_only_when_it_round_trips() -> TestResult {
    let cases: &[(&str, Value)] = &[
        ("30.4", json!(30.4)),
        ("438", json!(438.0)),
        ("99999999999999999999", json!("99999999999999999999")),
        ("0.1234567890123456789", json!("0.1234567890123456789")),
    ];
    for (amount, written) in cases {
        let money = Money(Decimal::from_str_exact(amount)?);
        let text = serde_json::to_string(&money)?;
        assert_eq!(serde_json::from_str::<Value>(&text)?, *written, "{amount}");
        assert_eq!(serde_json::from_str::<Money>(&text)?, money, "{amount} reads back");
    }
    Ok(())
}

#[test]
fn a_catalog_price_past_f64_is_stored_and_listed_exactly() -> TestResult {
    // 28 significant digits, within the list-price bound (10^15): kept to the last digit,
    // where an f64 keeps 17.
    let store = Store::open_in_memory()?;
    store.import_catalog(&serde_json::from_str(&catalog_text("999999999999999.9999999999999"))?)?;
    let listed = serde_json::to_value(store.list_catalog()?)?;
    assert_eq!(listed["items"][0]["terms"][0]["listPrice"], json!("999999999999999.9999999999999"));
    // Past the bound (20 digits, as the issue's reproduction), the import is refused exactly.
    let err = store.import_catalog(&serde_json::from_str(&catalog_text("99999999999999999999"))?).err();
    assert!(
        matches!(&err, Some(cartstore::Error::InvalidInput { field, problem: InputProblem::OutOfRange })
            if field == "items[0].terms[0].listPrice"),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn quantities_are_whole_by_their_text() -> TestResult {
    // (JSON text, Ok(quantity stored) or Err(problem))
    let cases: &[(&str, Result<i64, InputProblem>)] = &[
        ("3", Ok(3)),
        ("3.0", Ok(3)),
        ("30e-1", Ok(3)),
        ("0.3e1", Ok(3)),
        ("2.9999999999999999", Err(InputProblem::NotWholeNumber)),
        ("3.0000000000000001", Err(InputProblem::NotWholeNumber)),
        ("1.5", Err(InputProblem::NotWholeNumber)),
        ("1e-400", Err(InputProblem::NotWholeNumber)),
        ("1e30", Err(InputProblem::OutOfRange)),
        ("1e999999999999999999999", Err(InputProblem::OutOfRange)),
        ("9223372036854775808", Err(InputProblem::OutOfRange)),
    ];
    for (text, expected) in cases {
        let store = store()?;
        let cart: Cart = serde_json::from_str(&one_line(text))?;
        match (store.create_cart("c", &cart), expected) {
            (Ok(created), Ok(n)) => {
                assert_eq!(created.line_items[0].quantity.as_ref().and_then(Quantity::get), Some(*n), "{text}");
            }
            (Err(err), Err(problem)) => {
                assert_eq!(invalid(&err), Some(("lineItems[0].quantity", problem)), "{text}");
                assert!(store.list_carts("c")?.is_empty(), "{text}: nothing written");
            }
            (got, _) => panic!("{text}: {got:?}, expected {expected:?}"),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. Required money members of a catalog
// ---------------------------------------------------------------------------------------------

#[test]
fn a_catalog_without_a_price_or_discount_is_refused_and_nothing_is_written() -> TestResult {
    let term = |price: &str| format!(r#"{{"termDuration": "P1Y", "billingCycle": "annual"{price}}}"#);
    let promo = |pct: &str| format!(r#"{{"promotionId": "P1", "termDuration": "P1Y", "billingCycle": "annual"{pct}}}"#);
    // (terms, promotions, the field named)
    let cases = [
        (term(""), promo(r#", "discountPercent": 10"#), "items[0].terms[1].listPrice"),
        (term(r#", "listPrise": 364.8"#), promo(r#", "discountPercent": 10"#), "items[0].terms[1].listPrice"),
        (term(r#", "listPrice": null"#), promo(r#", "discountPercent": 10"#), "items[0].terms[1].listPrice"),
        (term(r#", "ListPrice": 364.8"#), promo(""), "items[0].promotions[0].discountPercent"),
        (term(r#", "listPrice": 364.8"#), promo(r#", "discount": 10"#), "items[0].promotions[0].discountPercent"),
    ];
    for (second_term, promotion, field) in cases {
        let text = format!(
            r#"{{"items": [{{"catalogItemId": "{ITEM}", "currencyCode": "USD",
                "terms": [{{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}}, {second_term}],
                "promotions": [{promotion}]}}]}}"#
        );
        let store = Store::open_in_memory()?;
        let catalog: Catalog = serde_json::from_str(&text)?;
        let err = store.import_catalog(&catalog).err().ok_or(field)?;
        assert_eq!(invalid(&err), Some((field, &InputProblem::Missing)), "{text}");
        assert!(store.list_catalog()?.items.is_empty(), "{field}: nothing written");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. Duplicate members
// ---------------------------------------------------------------------------------------------

#[test]
fn a_member_given_twice_in_any_spelling_fails_the_parse() -> TestResult {
    let carts = [
        (r#"{"lineItems": [{"catalogItemId": "X", "quantity": 1, "Quantity": 7}]}"#, "quantity"),
        (r#"{"lineItems": [{"catalogItemId": "X", "quantity": 1, "quantity": 7}]}"#, "quantity"),
        (r#"{"lineItems": [{"catalogItemId": "X", "quantity": 1, "QUANTITY": null}]}"#, "quantity"),
        (r#"{"lineItems": [], "LineItems": [{"catalogItemId": "X", "quantity": 1}]}"#, "lineItems"),
        (
            r#"{"lineItems": [{"catalogItemId": "X", "quantity": 1,
                "addonItems": [{"catalogItemId": "Y", "CatalogItemId": "Z", "quantity": 1}]}]}"#,
            "catalogItemId",
        ),
        (
            r#"{"lineItems": [{"catalogItemId": "X", "quantity": 1,
                "renewsTo": {"termDuration": "P1M", "TermDuration": "P1Y"}}]}"#,
            "termDuration",
        ),
    ];
    for (text, member) in carts {
        let err = serde_json::from_str::<Cart>(text).err().ok_or(text)?;
        assert!(err.to_string().contains(&format!("duplicate field `{member}`")), "{text}: {err}");
    }
    let catalog = catalog_text(r#"30.4, "ListPrice": 0"#);
    let err = serde_json::from_str::<Catalog>(&catalog).err().ok_or("catalog")?;
    assert!(err.to_string().contains("duplicate field `listPrice`"), "{err}");
    let page = r#"{"items": [], "Items": [{"key": "a", "value": "b"}]}"#;
    let err = serde_json::from_str::<Collection<cartstore::model::KeyValue>>(page).err().ok_or("collection")?;
    assert!(err.to_string().contains("duplicate field `items`"), "{err}");
    // Unknown members may repeat: they are skipped.
    serde_json::from_str::<Cart>(r#"{"lineItems": [], "x": 1, "X": 2}"#)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. Dates within years 1 to 9999
// ---------------------------------------------------------------------------------------------

#[test]
fn dates_outside_years_1_to_9999_are_refused_and_the_rest_round_trip() -> TestResult {
    let refused = [
        "0000-12-31T23:59:59Z",
        "10000-01-01T00:00:00Z",
        "+10000-01-01T00:00:00",
        "-0001-01-01T00:00:00",
        "9999-12-31T23:00:00-02:00",
        "0001-01-01T00:30:00+01:00",
    ];
    for text in refused {
        assert!(serde_json::from_value::<Timestamp>(json!(text)).is_err(), "{text}");
        let cart = json!({"lineItems": [{"catalogItemId": ITEM, "quantity": 1, "customTermEndDate": text}]});
        assert!(serde_json::from_value::<Cart>(cart).is_err(), "{text} in a cart");
    }
    for (text, written) in [
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.999999900Z"),
        ("9999-12-31T21:00:00-02:00", "9999-12-31T23:00:00Z"),
    ] {
        let t: Timestamp = serde_json::from_value(json!(text))?;
        let out = serde_json::to_value(t)?;
        assert_eq!(out, json!(written), "{text}");
        assert_eq!(serde_json::from_value::<Timestamp>(out)?, t, "{text} reads back");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. Percent-encoded links
// ---------------------------------------------------------------------------------------------

#[test]
fn every_link_percent_encodes_the_ids_it_carries() -> TestResult {
    // (customer id, how it appears as a path segment)
    let cases = [
        ("../../admin/x?y=1#", "..%2F..%2Fadmin%2Fx%3Fy%3D1%23"),
        ("..", "%2E%2E"),
        ("a b/ü%", "a%20b%2F%C3%BC%25"),
        ("plain-id_1.2~", "plain-id_1.2~"),
    ];
    for (customer, segment) in cases {
        let store = store()?;
        let cart = store.create_cart(customer, &serde_json::from_str(&one_line("2"))?)?;
        let cart_json = serde_json::to_value(&cart)?;
        assert_eq!(
            cart_json["links"]["self"]["uri"],
            json!(format!("/customers/{segment}/carts/{}", cart.id)),
            "{customer}"
        );
        assert_eq!(serde_json::to_value(store.get_cart(customer, &cart.id)?)?, cart_json, "{customer}: read back");
        let result = store.checkout(customer, &cart.id)?;
        let order = serde_json::to_value(&result.orders[0])?;
        let id = order["id"].as_str().ok_or("order id")?;
        let base = format!("/customers/{segment}/orders/{id}");
        assert_eq!(order["links"]["self"]["uri"], json!(base), "{customer}");
        assert_eq!(order["links"]["provisioningStatus"]["uri"], json!(format!("{base}/provisioningstatus")));
        let line_links = &order["lineItems"][0]["links"];
        assert_eq!(line_links["provisioningStatus"]["uri"], json!(format!("{base}/lineitems/0/provisioningstatus")));
        let subscription = line_links["subscription"]["uri"].as_str().ok_or("subscription")?;
        assert!(subscription.starts_with(&format!("/customers/{segment}/subscriptions/")), "{subscription}");
        let read_back = serde_json::to_value(store.get_order(customer, id)?)?;
        assert_eq!(read_back["links"], order["links"], "{customer}: order read back");
        assert_eq!(read_back["lineItems"][0]["links"], order["lineItems"][0]["links"], "{customer}");

        store.checkout(customer, &store.create_cart(customer, &serde_json::from_str(&one_line("1"))?)?.id)?;
        let query = OrderQuery {
            billing_cycle: Some(cartstore::BillingCycleType::Monthly),
            page_size: Some(1),
            ..OrderQuery::default()
        };
        let page = serde_json::to_value(store.list_orders(customer, &query)?)?;
        let listed = format!("/customers/{segment}/orders?billingType=monthly");
        assert_eq!(page["links"]["self"]["uri"], json!(listed), "{customer}");
        assert_eq!(page["links"]["next"]["uri"], json!(listed), "{customer}");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. The size of a cart as a whole
// ---------------------------------------------------------------------------------------------

#[test]
fn a_cart_whose_strings_add_up_past_the_cap_is_refused() -> TestResult {
    // Every field within its own limits (4 KiB strings, 64 context entries): 512 KiB a line.
    let line = |i: usize| {
        let context: serde_json::Map<String, Value> =
            (0..64).map(|k| (format!("{k:04}{}", "k".repeat(4092)), json!("v".repeat(4096)))).collect();
        json!({"id": i, "catalogItemId": ITEM, "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly",
               "provisioningContext": context})
    };
    let per_line = 64 * 2 * 4096;
    // (lines, refused)
    for (lines, refused) in [(MAX_CART_BYTES / per_line + 1, true), (1, false)] {
        let store = store()?;
        let cart: Cart = serde_json::from_value(json!({"lineItems": (0..lines).map(line).collect::<Vec<_>>()}))?;
        match store.create_cart("c", &cart) {
            Err(err) if refused => {
                assert_eq!(invalid(&err), Some(("lineItems", &InputProblem::TooLong { max: MAX_CART_BYTES })));
                assert!(store.list_carts("c")?.is_empty(), "nothing written");
            }
            Ok(_) if !refused => {}
            other => panic!("{lines} lines: {:?}", other.map(|c| c.id)),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// CLI: body encoding and size, lost output, the demo's database
// ---------------------------------------------------------------------------------------------

const BIN: &str = env!("CARGO_BIN_EXE_cartstore");
const CUSTOMER: &str = "hardening-customer";

struct Out {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Out {
    /// The error object on stderr: exit 1, nothing on stdout.
    fn error(&self) -> TestResult<Value> {
        assert_eq!(self.code, Some(1), "stderr: {}", self.stderr);
        assert!(self.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&self.stdout));
        Ok(serde_json::from_str(self.stderr.trim())?)
    }
}

fn command(db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.arg("--db").arg(db).args(args);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "CARTSTORE_DB"] {
        command.env_remove(name);
    }
    command
}

fn run(mut command: Command, input: &[u8]) -> TestResult<Out> {
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        // The child may stop reading early (the body cap): a broken pipe here is expected.
        let _ = stdin.write_all(input);
    }
    let output = child.wait_with_output()?;
    Ok(Out { code: output.status.code(), stdout: output.stdout, stderr: String::from_utf8(output.stderr)? })
}

fn db_with_catalog() -> TestResult<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cartstore.db");
    let out = run(command(&db, &["catalog", "import"]), catalog_text("30.4").as_bytes())?;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    Ok((dir, db))
}

fn cart_count(db: &Path) -> TestResult<usize> {
    let out = run(command(db, &["cart", "list", "--customer", CUSTOMER]), b"")?;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let list: Value = serde_json::from_slice(&out.stdout)?;
    Ok(list["items"].as_array().map_or(0, Vec::len))
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if bom {
        bytes.extend(if big_endian { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
    }
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

#[test]
fn cli_bodies_with_a_bom_are_read_utf16_is_named_and_duplicates_are_800002() -> TestResult {
    let (_dir, db) = db_with_catalog()?;
    let body = one_line("2");
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(body.as_bytes());
    let out = run(command(&db, &["cart", "create", "--customer", CUSTOMER]), &with_bom)?;
    assert_eq!(out.code, Some(0), "a UTF-8 BOM is accepted: {}", out.stderr);
    assert_eq!(cart_count(&db)?, 1);

    // (body, what the description must contain)
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (utf16(&body, false, true), "UTF-16"),
        (utf16(&body, true, true), "UTF-16"),
        (utf16(&body, false, false), "UTF-16"),
        (
            br#"{"lineItems": [{"catalogItemId": "X", "quantity": 1, "Quantity": 7}]}"#.to_vec(),
            "duplicate field `quantity`",
        ),
    ];
    for (bytes, says) in cases {
        let err = run(command(&db, &["cart", "create", "--customer", CUSTOMER]), &bytes)?.error()?;
        assert_eq!(err["code"], 800002, "{err}");
        assert!(err["description"].as_str().is_some_and(|d| d.contains(says)), "{err}");
        assert_eq!(cart_count(&db)?, 1, "nothing written");
    }
    Ok(())
}

#[test]
fn cli_bodies_past_16_mib_are_refused_after_reading_one_byte_more() -> TestResult {
    let (dir, db) = db_with_catalog()?;
    let big = dir.path().join("big.json");
    std::fs::write(&big, vec![b' '; 16 * 1024 * 1024 + 1])?;
    let mut sources: Vec<PathBuf> = vec![big];
    if Path::new("/dev/zero").exists() {
        // Endless: reading must stop at the cap.
        sources.push(PathBuf::from("/dev/zero"));
    }
    for source in sources {
        let source = source.to_str().ok_or("path")?;
        let err = run(command(&db, &["catalog", "import", source]), b"")?.error()?;
        assert_eq!(err["code"], 800002, "{source}: {err}");
        assert!(err["description"].as_str().is_some_and(|d| d.contains("16777216")), "{err}");
    }
    // Exactly 16 MiB is read (and then parsed: whitespace alone is a syntax error).
    let at_cap = dir.path().join("at-cap.json");
    let mut text = catalog_text("30.4").into_bytes();
    text.resize(16 * 1024 * 1024, b' ');
    std::fs::write(&at_cap, text)?;
    let out = run(command(&db, &["catalog", "import", at_cap.to_str().ok_or("path")?]), b"")?;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    Ok(())
}

#[test]
fn cli_a_read_that_fails_once_open_is_exit_1_not_a_usage_error() -> TestResult {
    if !Path::new("/proc/self/mem").exists() {
        return Ok(());
    }
    let (_dir, db) = db_with_catalog()?;
    // Opening succeeds; reading at offset 0 fails with EIO: the input's failure (900009, the
    // file named), not the database's.
    let err = run(command(&db, &["catalog", "import", "/proc/self/mem"]), b"")?.error()?;
    assert_eq!(err["code"], 900009, "{err}");
    assert!(!err["description"].as_str().unwrap_or_default().contains("Database file"), "{err}");
    Ok(())
}

#[test]
fn cli_a_lost_result_of_a_change_exits_1_a_lost_listing_does_not() -> TestResult {
    let (_dir, db) = db_with_catalog()?;
    let body = one_line("2");
    let sh = Path::new("/bin/sh");
    if cfg!(target_os = "linux") && sh.exists() {
        // stdout closed (`>&-`): refused before anything is done.
        for args in [&["cart", "create", "--customer", CUSTOMER][..], &["cart", "list", "--customer", CUSTOMER]] {
            let mut closed = Command::new(sh);
            closed.arg("-c").arg(r#"exec "$0" "$@" >&-"#).arg(BIN).arg("--db").arg(&db).args(args);
            closed.env_remove("CARTSTORE_DB");
            let out = run(closed, body.as_bytes())?;
            assert_eq!(out.code, Some(1), "{args:?}: {}", out.stderr);
            assert!(out.stderr.contains("standard output is closed"), "{}", out.stderr);
        }
        assert_eq!(cart_count(&db)?, 0, "nothing was done");
    }

    // A broken pipe: the reader went away before the result was written.
    let mut child = command(&db, &["cart", "create", "--customer", CUSTOMER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    drop(child.stdout.take());
    child.stdin.take().ok_or("stdin")?.write_all(body.as_bytes())?;
    let output = child.wait_with_output()?;
    let stderr = String::from_utf8(output.stderr)?;
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");

    // A listing to /dev/null (or a reader that stopped) is fine.
    let mut to_null = command(&db, &["cart", "list", "--customer", CUSTOMER]);
    to_null.stdout(Stdio::null()).stderr(Stdio::piped());
    let output = to_null.output()?;
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    Ok(())
}

/// A term duration whose last character is more than one byte (found by the price-list fuzz
/// target: `term_months` cut the unit off by byte index and panicked) is an error like any
/// other unknown term, wherever it comes from: a price list's `TermDuration`, a catalog's term,
/// a cart line's `termDuration`.
#[test]
fn a_term_ending_in_a_multibyte_character_is_refused_never_a_panic() -> TestResult {
    let store = store()?;
    for term in ["P1年", "Pϸ", "ϸ"] {
        let csv = format!(
            "ProductId,SkuId,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate\n\
             CFQ7TTC0LH18,1,P1Y,Monthly,US,USD,60.48,2025-04-01\n\
             CFQ7TTC0LH18,2,{term},Monthly,US,USD,60.48,2025-04-01\n"
        );
        let err = store.import_price_list(csv.as_bytes()).err().ok_or("a price list with that term imported")?;
        assert_eq!(invalid(&err), Some(("line 3, column TermDuration", &InputProblem::Invalid)), "{term}: {err:?}");

        let line = format!(
            r#"{{"lineItems": [{{"catalogItemId": "{ITEM}", "quantity": 1, "termDuration": "{term}", "billingCycle": "monthly"}}]}}"#
        );
        let cart = store.create_cart("c1", &serde_json::from_str::<Cart>(&line)?)?;
        let error = cart.line_items.first().and_then(|l| l.error.as_ref()).and_then(|e| e.error_code);
        assert_eq!(error, Some(CartErrorCode::InvalidInput), "{term}: {cart:?}");

        // A catalog offering such a term: imported or refused, and a cart naming it priced or
        // refused, without a panic on the way.
        let other = Store::open_in_memory()?;
        let catalog = format!(
            r#"{{"items": [{{"catalogItemId": "{ITEM}", "currencyCode": "USD",
                "terms": [{{"termDuration": "{term}", "billingCycle": "monthly", "listPrice": 30.4}}]}}]}}"#
        );
        if other.import_catalog(&serde_json::from_str::<Catalog>(&catalog)?).is_ok() {
            let cart = other.create_cart("c1", &serde_json::from_str::<Cart>(&line)?)?;
            assert_eq!(cart.line_items.len(), 1);
        }
    }
    Ok(())
}
