//! The `cartstore` binary, driven as a user would: every command's JSON on stdout, the exit
//! codes (0 success, 1 refused, 2 usage), the localized error object on stderr (by `--locale`
//! and by `LC_ALL` / `LC_MESSAGES` / `LANG`), stdin input, bad JSON leaving the database as it
//! was, idempotent checkout, the `errors` listing, the demo, and a closed stdout.
//!
//! Each test has its own temporary directory and database; the child's locale, database and
//! messages variables are cleared so the host's environment cannot leak in. `rules` drives the
//! binary with the same helpers.

use std::error::Error;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use cartstore::{CartErrorCode, Localizer, OrderErrorCode};
use serde_json::{Value, json};
use tempfile::TempDir;

type TestResult<T = ()> = Result<T, Box<dyn Error>>;

const BIN: &str = env!("CARGO_BIN_EXE_cartstore");

/// A catalog of two items in two currencies, written by the tests themselves.
const CATALOG: &str = r#"{"items": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "title": "Business Basic", "currencyCode": "USD",
   "minimumQuantity": 1, "maximumQuantity": 300,
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4},
             {"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 364.8}]},
  {"catalogItemId": "CFQ7TTC0LDPB:0001:CFQ7TTC0N8RM", "title": "Business Standard", "currencyCode": "EUR",
   "minimumQuantity": 1, "maximumQuantity": 50, "inventory": 100,
   "terms": [{"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 147.6}]}
]}"#;

/// A cart with one line in each currency: two order groups.
const NEW_CART: &str = r#"{"lineItems": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"},
  {"catalogItemId": "CFQ7TTC0LDPB:0001:CFQ7TTC0N8RM", "quantity": 3, "termDuration": "P1Y", "billingCycle": "annual"}
]}"#;

pub(crate) const CUSTOMER: &str = "2ed7e1b9-3c4d-4c7e-9a4f-1f0e6b2d3c4a";

/// What a run of the binary left behind.
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: String,
}

impl Run {
    /// stdout as JSON, after checking the run succeeded.
    pub(crate) fn json(&self) -> TestResult<Value> {
        if self.code != Some(0) {
            return Err(format!("exit {:?}, stderr: {}", self.code, self.stderr).into());
        }
        Ok(serde_json::from_slice(&self.stdout)?)
    }

    /// The error object on stderr, after checking the run exited 1 with nothing on stdout.
    pub(crate) fn error(&self) -> TestResult<Value> {
        assert_eq!(self.code, Some(1), "stderr: {}", self.stderr);
        assert!(self.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&self.stdout));
        let value: Value = serde_json::from_str(self.stderr.trim())?;
        let keys: Vec<&String> = value.as_object().ok_or("not an object")?.keys().collect();
        assert_eq!(keys, ["code", "description", "errorName"], "{value}");
        Ok(value)
    }
}

/// One test's directory and database: `cartstore.db` in the directory, or (in a PostgreSQL run
/// of `backends::each`) a fresh PostgreSQL database, whose URL is `--db`.
pub(crate) struct Env {
    dir: TempDir,
    db: PathBuf,
    _database: Option<crate::backends::Target>,
}

impl Env {
    fn new() -> TestResult<Env> {
        let dir = tempfile::tempdir()?;
        if crate::backends::current() == crate::backends::Backend::Postgres {
            let database = crate::backends::target("cartstore.db")?;
            return Ok(Env { dir, db: PathBuf::from(database.as_str()), _database: Some(database) });
        }
        let db = dir.path().join("cartstore.db");
        Ok(Env { dir, db, _database: None })
    }

    /// An environment whose database holds [`CATALOG`].
    pub(crate) fn with_catalog() -> TestResult<Env> {
        let env = Env::new()?;
        env.run_stdin(&["catalog", "import"], CATALOG)?.json()?;
        Ok(env)
    }

    /// The binary on this database, with the locale and database variables cleared.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = bare_command(args);
        command.arg("--db").arg(&self.db);
        command
    }

    pub(crate) fn run(&self, args: &[&str]) -> TestResult<Run> {
        run(self.command(args), None)
    }

    pub(crate) fn run_stdin(&self, args: &[&str], input: &str) -> TestResult<Run> {
        run(self.command(args), Some(input))
    }

    fn write(&self, name: &str, contents: &str) -> TestResult<PathBuf> {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents)?;
        Ok(path)
    }

    pub(crate) fn create_cart(&self, body: &str) -> TestResult<Value> {
        self.run_stdin(&["cart", "create", "--customer", CUSTOMER], body)?.json()
    }

    fn cart_list(&self) -> TestResult<Run> {
        self.run(&["cart", "list", "--customer", CUSTOMER])
    }
}

/// The binary with `args` and a clean environment (no database flag).
fn bare_command(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "CARTSTORE_DB", "CARTSTORE_MESSAGES"] {
        command.env_remove(name);
    }
    command
}

fn run(mut command: Command, input: Option<&str>) -> TestResult<Run> {
    command.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn()?;
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(text.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    Ok(Run { code: output.status.code(), stdout: output.stdout, stderr: String::from_utf8(output.stderr)? })
}

pub(crate) fn str_of<'v>(value: &'v Value, what: &str) -> TestResult<&'v str> {
    value.as_str().ok_or_else(|| format!("{what} is not a string").into())
}

pub(crate) fn checked_out(env: &Env) -> TestResult<(String, Value)> {
    let cart = env.create_cart(NEW_CART)?;
    let cart_id = str_of(&cart["id"], "cart id")?.to_owned();
    let result = env.run(&["cart", "checkout", "--customer", CUSTOMER, "--cart", &cart_id])?.json()?;
    Ok((cart_id, result))
}

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

/// Where build.rs found the toolchain able to, the executable is linked with packed relative
/// relocations (issue 29: a whole CLI call about a millisecond shorter); elsewhere it is linked
/// as before and there is nothing to check.
#[test]
fn the_executable_has_packed_relative_relocations_where_the_toolchain_supports_them() -> TestResult {
    if option_env!("CARTSTORE_PACKED_RELOCATIONS").is_none() {
        eprintln!("skipped: build.rs did not link the executable with packed relative relocations here");
        return Ok(());
    }
    let image = std::fs::read(BIN)?;
    assert!(memchr::memmem::find(&image, b"\0.relr.dyn\0").is_some(), "no .relr.dyn section in {BIN}");
    Ok(())
}

#[test]
fn catalog_import_from_a_file_prints_the_items_and_list_shows_them() -> TestResult {
    crate::backends::each("cli::catalog_import_from_a_file_prints_the_items_and_list_shows_them", || {
        let env = Env::new()?;
        let file = env.write("catalog.json", CATALOG)?;
        let file = file.to_str().ok_or("path")?;
        let imported = env.run(&["catalog", "import", file])?.json()?;
        let items = imported["items"].as_array().ok_or("items")?;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["catalogItemId"], "CFQ7TTC0LDPB:0001:CFQ7TTC0N8RM");
        assert_eq!(items[1]["terms"][1]["listPrice"], json!(364.8));

        // Importing again replaces the items: still two.
        env.run(&["catalog", "import", file])?.json()?;
        let listed = env.run(&["catalog", "list"])?.json()?;
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));
        assert_eq!(listed["items"][0]["inventory"], 100);
        Ok(())
    })
}

#[test]
fn catalog_import_reads_stdin_with_dash_or_no_file() -> TestResult {
    crate::backends::each("cli::catalog_import_reads_stdin_with_dash_or_no_file", || {
        for args in [&["catalog", "import"][..], &["catalog", "import", "-"]] {
            let env = Env::new()?;
            let imported = env.run_stdin(args, CATALOG)?.json()?;
            assert_eq!(imported["items"].as_array().map(Vec::len), Some(2), "{args:?}");
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Carts
// ---------------------------------------------------------------------------------------------

#[test]
fn cart_create_get_list_and_delete() -> TestResult {
    crate::backends::each("cli::cart_create_get_list_and_delete", || {
        let env = Env::with_catalog()?;
        let cart = env.create_cart(NEW_CART)?;
        let id = str_of(&cart["id"], "id")?;
        assert_eq!(cart["status"], "Active");
        assert_eq!(cart["attributes"]["objectType"], "Cart");
        assert_eq!(cart["lineItems"][0]["orderGroup"], "0");
        assert_eq!(cart["lineItems"][1]["orderGroup"], "1");
        assert_eq!(cart["lineItems"][0]["pricing"]["extendedPrice"], json!(729.6));
        assert_eq!(cart["lineItems"][1]["currencyCode"], "EUR");

        let got = env.run(&["cart", "get", "--customer", CUSTOMER, "--cart", id])?.json()?;
        assert_eq!(got, cart);

        let list = env.cart_list()?.json()?;
        assert_eq!(list["totalCount"], 1);
        assert_eq!(list["items"][0]["id"], id);

        // Another customer does not see it.
        let err = env.run(&["cart", "get", "--customer", "someone-else", "--cart", id])?.error()?;
        assert_eq!(err["code"], 800008);

        let deleted = env.run(&["cart", "delete", "--customer", CUSTOMER, "--cart", id])?;
        assert_eq!(deleted.code, Some(0), "{}", deleted.stderr);
        assert!(deleted.stdout.is_empty());
        let err = env.run(&["cart", "get", "--customer", CUSTOMER, "--cart", id])?.error()?;
        assert_eq!(err["code"], 800008);
        assert_eq!(err["errorName"], "CartIdNotFound");
        assert_eq!(env.cart_list()?.json()?["totalCount"], 0);
        Ok(())
    })
}

#[test]
fn cart_create_from_a_file_keeps_invalid_lines_with_their_error() -> TestResult {
    crate::backends::each("cli::cart_create_from_a_file_keeps_invalid_lines_with_their_error", || {
        let env = Env::with_catalog()?;
        let body = r#"{"LineItems": [{"CatalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "Quantity": 301,
        "TermDuration": "P1Y", "BillingCycle": "annual"}]}"#;
        let file = env.write("cart.json", body)?;
        let cart = env.run(&["cart", "create", "--customer", CUSTOMER, file.to_str().ok_or("path")?])?.json()?;
        let error = &cart["lineItems"][0]["error"];
        assert_eq!(error["errorCode"], "MaxAllowedSeatsPerSubscriptionExceeded");
        assert_eq!(error["additionalInformation"]["availableQuantity"], 300);
        assert_eq!(error["additionalInformation"]["purchasedQuantity"], 301);
        assert_eq!(
            error["errorDescription"],
            Localizer::default().cart_error(CartErrorCode::from_code(10015).ok_or("10015")?)
        );
        Ok(())
    })
}

#[test]
fn cart_update_replaces_the_lines_and_refuses_a_stale_timestamp() -> TestResult {
    crate::backends::each("cli::cart_update_replaces_the_lines_and_refuses_a_stale_timestamp", || {
        let env = Env::with_catalog()?;
        let cart = env.create_cart(NEW_CART)?;
        let mut edited = cart.clone();
        edited["lineItems"][0]["quantity"] = json!(5);
        let file = env.write("edited.json", &edited.to_string())?;
        let file = file.to_str().ok_or("path")?;
        let updated = env.run(&["cart", "update", "--customer", CUSTOMER, file])?.json()?;
        assert_eq!(updated["id"], cart["id"]);
        assert_eq!(updated["lineItems"][0]["quantity"], 5);
        assert_eq!(updated["lineItems"][0]["pricing"]["extendedPrice"], json!(1824.0));
        assert_ne!(updated["lastModifiedTimestamp"], cart["lastModifiedTimestamp"]);

        // The same edit again carries the old timestamp: a conflict, nothing written.
        let err = env.run(&["cart", "update", "--customer", CUSTOMER, file])?.error()?;
        assert_eq!(err["errorName"], "Conflict");
        assert_eq!(err["code"], 900002);
        let id = str_of(&cart["id"], "id")?;
        assert_eq!(env.run(&["cart", "get", "--customer", CUSTOMER, "--cart", id])?.json()?, updated);
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Checkout
// ---------------------------------------------------------------------------------------------

#[test]
fn checkout_makes_one_order_per_group_and_a_second_checkout_fails_with_800065() -> TestResult {
    crate::backends::each("cli::checkout_makes_one_order_per_group_and_a_second_checkout_fails_with_800065", || {
        let env = Env::with_catalog()?;
        let (cart_id, result) = checked_out(&env)?;
        assert_eq!(result["attributes"]["objectType"], "CartCheckoutResult");
        let orders = result["orders"].as_array().ok_or("orders")?;
        assert_eq!(orders.len(), 2);
        assert_eq!(orders[0]["status"], "pending");
        assert_eq!(orders[0]["referenceCustomerId"], CUSTOMER);

        let again = env.run(&["cart", "checkout", "--customer", CUSTOMER, "--cart", &cart_id])?;
        let err = again.error()?;
        assert_eq!(err["code"], 800065);
        assert_eq!(err["errorName"], "CartCheckOutNotAllowedWhenStatusIsOrdered");
        assert!(str_of(&err["description"], "description")?.contains(&cart_id));
        Ok(())
    })
}

#[test]
fn checkout_with_the_same_request_id_prints_identical_bytes() -> TestResult {
    crate::backends::each("cli::checkout_with_the_same_request_id_prints_identical_bytes", || {
        let env = Env::with_catalog()?;
        let cart = env.create_cart(NEW_CART)?;
        let id = str_of(&cart["id"], "id")?;
        let args = ["cart", "checkout", "--customer", CUSTOMER, "--cart", id, "--request-id", "retry-1"];
        let first = env.run(&args)?;
        let second = env.run(&args)?;
        assert_eq!(first.json()?["orders"].as_array().map(Vec::len), Some(2));
        assert_eq!(second.code, Some(0), "{}", second.stderr);
        assert_eq!(first.stdout, second.stdout);

        // Another request on the ordered cart is refused.
        let other = env.run(&["cart", "checkout", "--customer", CUSTOMER, "--cart", id, "--request-id", "retry-2"])?;
        assert_eq!(other.error()?["code"], 800065);
        Ok(())
    })
}

#[test]
fn checkout_preview_shows_the_orders_and_changes_nothing() -> TestResult {
    crate::backends::each("cli::checkout_preview_shows_the_orders_and_changes_nothing", || {
        let env = Env::with_catalog()?;
        let cart = env.create_cart(NEW_CART)?;
        let id = str_of(&cart["id"], "id")?;
        let preview = env.run(&["cart", "checkout", "--customer", CUSTOMER, "--cart", id, "--preview"])?.json()?;
        assert_eq!(preview["orders"].as_array().map(Vec::len), Some(2));
        assert_eq!(env.run(&["cart", "get", "--customer", CUSTOMER, "--cart", id])?.json()?["status"], "Active");
        assert_eq!(env.run(&["order", "list", "--customer", CUSTOMER])?.json()?["totalCount"], 0);

        let both =
            env.run(&["cart", "checkout", "--customer", CUSTOMER, "--cart", id, "--preview", "--request-id", "r"])?;
        assert_eq!(both.code, Some(2));
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

#[test]
fn orders_get_list_status_and_cancel() -> TestResult {
    crate::backends::each("cli::orders_get_list_status_and_cancel", || {
        let env = Env::with_catalog()?;
        checked_out(&env)?;
        let list = env.run(&["order", "list", "--customer", CUSTOMER])?.json()?;
        assert_eq!(list["totalCount"], 2);
        assert_eq!(list["attributes"]["objectType"], "Collection");

        let annual = env.run(&["order", "list", "--customer", CUSTOMER, "--billing-cycle", "annual"])?.json()?;
        assert_eq!(annual["totalCount"], 1);
        assert_eq!(annual["items"][0]["billingCycle"], "annual");
        assert_eq!(annual["items"][0]["currencyCode"], "EUR");

        let first = env.run(&["order", "list", "--customer", CUSTOMER, "--page-size", "1"])?.json()?;
        assert_eq!(first["items"].as_array().map(Vec::len), Some(1));
        let token = str_of(&first["continuationToken"], "continuationToken")?;
        let next =
            env.run(&["order", "list", "--customer", CUSTOMER, "--page-size", "1", "--continuation", token])?.json()?;
        assert_eq!(next["items"].as_array().map(Vec::len), Some(1));
        assert!(next.get("continuationToken").is_none());
        assert_ne!(next["items"][0]["id"], first["items"][0]["id"]);
        let zero = env.run(&["order", "list", "--customer", CUSTOMER, "--page-size", "0"])?.error()?;
        assert_eq!(zero["code"], 800002);

        let order_id = str_of(&first["items"][0]["id"], "order id")?;
        let order = env.run(&["order", "get", "--customer", CUSTOMER, "--order", order_id])?.json()?;
        assert_eq!(order["id"], order_id);
        assert_eq!(order["attributes"]["objectType"], "Order");

        let status = env.run(&["order", "status", "--customer", CUSTOMER, "--order", order_id])?.json()?;
        assert_eq!(status["items"][0]["status"], "prefulfillment_pending");

        let cancelled = env.run(&["order", "cancel", "--customer", CUSTOMER, "--order", order_id])?.json()?;
        assert_eq!(cancelled["status"], "cancelled");
        let again = env.run(&["order", "cancel", "--customer", CUSTOMER, "--order", order_id])?.error()?;
        assert_eq!(again["code"], OrderErrorCode::OrderCannotBeCancelled.code());

        let missing = env.run(&["order", "get", "--customer", CUSTOMER, "--order", "no-such-order"])?.error()?;
        assert_eq!(missing["errorName"], "OrderNotFound");
        assert!(str_of(&missing["description"], "description")?.contains("no-such-order"));
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Bad input and usage errors
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_json_is_refused_naming_the_problem_and_changes_nothing() -> TestResult {
    crate::backends::each("cli::bad_json_is_refused_naming_the_problem_and_changes_nothing", || {
        let env = Env::with_catalog()?;
        env.create_cart(NEW_CART)?;
        let before = env.cart_list()?.json()?;
        let catalog_before = env.run(&["catalog", "list"])?.json()?;

        // (command, body, what the description must mention)
        let cases: [(&[&str], &str, &str); 4] = [
            (&["cart", "create", "--customer", CUSTOMER], "{\"lineItems\": [", "line 1 column"),
            (&["cart", "create", "--customer", CUSTOMER], "not json", "expected"),
            (&["cart", "update", "--customer", CUSTOMER], "{\"id\": 7}", "id"),
            (&["catalog", "import"], "{\"items\": [{\"catalogItemId\": \"X\", \"terms\": 3}]}", "terms"),
        ];
        for (args, body, mention) in cases {
            let err = env.run_stdin(args, body)?.error()?;
            assert_eq!(err["code"], 800002, "{args:?} {body}");
            assert_eq!(err["errorName"], "InvalidInput");
            let description = str_of(&err["description"], "description")?;
            assert!(description.contains("JSON") && description.contains(mention), "{args:?}: {description}");
        }
        assert_eq!(env.cart_list()?.json()?, before);
        assert_eq!(env.run(&["catalog", "list"])?.json()?, catalog_before);
        Ok(())
    })
}

#[test]
fn usage_errors_exit_2() -> TestResult {
    let env = Env::new()?;
    let cases: [&[&str]; 7] = [
        &[],
        &["bogus"],
        &["cart", "get", "--customer", CUSTOMER],
        &["cart", "create"],
        &["order", "list", "--customer", CUSTOMER, "--billing-cycle", "weekly"],
        &["order", "list", "--customer", CUSTOMER, "--page-size", "many"],
        &["cart", "create", "--customer", CUSTOMER, "/no/such/file.json"],
    ];
    for args in cases {
        let run = env.run(args)?;
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(run.stderr.contains("error"), "{args:?}: {}", run.stderr);
    }
    Ok(())
}

#[test]
fn help_and_version_exit_0() -> TestResult {
    let env = Env::new()?;
    for args in [&["--help"][..], &["cart", "checkout", "--help"], &["--version"]] {
        let run = env.run(args)?;
        assert_eq!(run.code, Some(0), "{args:?}");
        assert!(!run.stdout.is_empty());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Localization
// ---------------------------------------------------------------------------------------------

/// Runs `cart get` of a missing cart with `flag` and `vars`, and checks the description is in
/// `expected`'s locale.
fn check_locale(env: &Env, flag: Option<&str>, vars: &[(&str, &str)], expected: &str) -> TestResult {
    let mut args = vec!["cart", "get", "--customer", CUSTOMER, "--cart", "missing-cart"];
    if let Some(tag) = flag {
        args.extend(["--locale", tag]);
    }
    let mut command = env.command(&args);
    command.envs(vars.iter().copied());
    let err = run(command, None)?.error()?;
    let l10n = Localizer::for_tag(expected).ok_or("locale")?;
    let want = l10n.describe(&cartstore::Error::CartNotFound { cart_id: "missing-cart".into() });
    assert_eq!(err["description"], want.as_str(), "flag {flag:?}, env {vars:?}");
    assert_eq!(err["code"], 800008);
    Ok(())
}

#[test]
fn errors_are_described_in_the_locale_of_the_flag_or_the_environment() -> TestResult {
    let env = Env::new()?;
    let english = Localizer::default().describe(&cartstore::Error::CartNotFound { cart_id: "x".into() });
    let french =
        Localizer::for_tag("fr").ok_or("fr")?.describe(&cartstore::Error::CartNotFound { cart_id: "x".into() });
    assert_ne!(english, french);

    check_locale(&env, None, &[], "en")?;
    check_locale(&env, Some("fr"), &[], "fr")?;
    check_locale(&env, Some("fr-CA"), &[("LANG", "ja_JP.UTF-8")], "fr")?;
    check_locale(&env, None, &[("LANG", "ja_JP.UTF-8")], "ja")?;
    check_locale(&env, None, &[("LC_MESSAGES", "zh_TW.UTF-8"), ("LANG", "ja_JP.UTF-8")], "zh-TW")?;
    check_locale(&env, None, &[("LC_ALL", "fr_FR.UTF-8"), ("LC_MESSAGES", "ja_JP"), ("LANG", "ja_JP")], "fr")?;
    check_locale(&env, None, &[("LC_ALL", ""), ("LANG", "ja_JP.UTF-8")], "ja")?;
    check_locale(&env, None, &[("LANG", "C")], "en")?;
    check_locale(&env, Some("zh-Hant"), &[], "zh-TW")?;
    check_locale(&env, Some("not a tag!"), &[], "en")?;
    Ok(())
}

#[test]
fn line_errors_are_described_in_the_chosen_locale() -> TestResult {
    let env = Env::with_catalog()?;
    let body = r#"{"lineItems": [{"catalogItemId": "NOT:IN:CATALOG", "quantity": 1}]}"#;
    let run = env.run_stdin(&["--locale", "ja", "cart", "create", "--customer", CUSTOMER], body)?;
    let cart = run.json()?;
    let ja = Localizer::for_tag("ja").ok_or("ja")?;
    assert_eq!(
        cart["lineItems"][0]["error"]["errorDescription"],
        ja.cart_error(CartErrorCode::CatalogItemIdIsNotValid)
    );
    Ok(())
}

#[test]
fn errors_lists_every_code_in_the_locale() -> TestResult {
    let env = Env::new()?;
    let listing = env.run(&["--locale", "ja-JP", "errors", "--json"])?.json()?;
    assert_eq!(listing["locale"], "ja");
    let ja = Localizer::for_tag("ja").ok_or("ja")?;
    let cart_codes = listing["cartErrorCodes"].as_array().ok_or("cartErrorCodes")?;
    let order_codes = listing["orderErrorCodes"].as_array().ok_or("orderErrorCodes")?;
    assert_eq!((cart_codes.len(), order_codes.len()), (21, 41));
    for (entry, code) in cart_codes.iter().zip(CartErrorCode::ALL) {
        assert_eq!(entry["code"], code.code());
        assert_eq!(entry["name"], code.name());
        assert_eq!(entry["description"], ja.cart_error(*code));
    }
    for (entry, code) in order_codes.iter().zip(OrderErrorCode::ALL) {
        assert_eq!(entry["code"], code.code());
        assert_eq!(entry["name"], code.name());
        assert!(!str_of(&entry["description"], "description")?.is_empty());
    }
    let busy = order_codes.iter().find(|e| e["code"] == 800064).ok_or("800064")?;
    assert!(str_of(&busy["description"], "description")?.contains("{cartId}"));

    let table = env.run(&["errors"])?;
    assert_eq!(table.code, Some(0));
    let text = String::from_utf8(table.stdout)?;
    assert!(text.contains("800065") && text.contains("MaxAllowedSeatsPerSubscriptionExceeded"));
    assert_eq!(text.lines().filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit())).count(), 62);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Demo, database path, closed stdout
// ---------------------------------------------------------------------------------------------

#[test]
fn demo_runs_again_and_again_on_its_own_fresh_database() -> TestResult {
    let env = Env::new()?;
    // The user's database (`--db`, $CARTSTORE_DB) holds a catalog the demo must not touch.
    env.run_stdin(&["catalog", "import"], CATALOG)?.json()?;
    let before = std::fs::read(&env.db)?;
    let data = env.dir.path().join("data");
    let demo_db = data.join("cartstore").join("cartstore-demo.db");
    let demo_command = |args: &[&str]| {
        let mut command = bare_command(args);
        command.env("XDG_DATA_HOME", &data).env("HOME", env.dir.path()).env("CARTSTORE_DB", &env.db);
        command
    };
    let mut carts = Vec::new();
    for _ in 0..2 {
        let demo = run(demo_command(&["demo", "--json"]), None)?.json()?;
        if cfg!(all(unix, not(target_os = "macos"))) {
            assert_eq!(demo["database"], json!(demo_db.display().to_string()));
        }
        // Created afresh: one cart, whatever ran before.
        let listed = run(
            demo_command(&[
                "--db",
                str_of(&demo["database"], "database")?,
                "cart",
                "list",
                "--customer",
                "demo-customer",
            ]),
            None,
        )?
        .json()?;
        assert_eq!(listed["totalCount"], 1, "{listed}");
        carts.push(demo["cart"]["id"].clone());
        assert!(demo["checkoutResult"]["orders"].as_array().is_some_and(|o| o.len() >= 2), "{demo}");
        assert!(demo["checkoutResult"]["orderErrors"].as_array().is_some_and(|e| !e.is_empty()));
        let lines = demo["cart"]["lineItems"].as_array().ok_or("lineItems")?;
        assert!(lines.iter().any(|l| l.get("error").is_some()), "an invalid line");
        assert!(lines.iter().any(|l| l.get("addonItems").is_some()), "an add-on");
        assert_eq!(demo["error"]["code"], 800065);
        let locales: Vec<&Value> =
            demo["descriptions"].as_array().ok_or("descriptions")?.iter().map(|d| &d["locale"]).collect();
        assert_eq!(locales, [&json!("en"), &json!("fr"), &json!("ja"), &json!("zh-TW")]);
    }
    assert_ne!(carts[0], carts[1]);

    let text = run(demo_command(&["--db", env.db.to_str().ok_or("path")?, "--locale", "fr", "demo"]), None)?;
    assert_eq!(text.code, Some(0), "{}", text.stderr);
    let text = String::from_utf8(text.stdout)?;
    assert!(text.contains("Checkout") && text.contains("Français") && text.contains("日本語"), "{text}");
    assert!(text.contains("cartstore-demo.db"), "the demo says where its database is: {text}");
    // The user's database is byte-identical: the sample catalog was not imported into it.
    assert_eq!(std::fs::read(&env.db)?, before);
    assert_eq!(env.run(&["catalog", "list"])?.json()?["items"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[test]
fn the_database_comes_from_cartstore_db_or_the_data_directory() -> TestResult {
    crate::backends::each("cli::the_database_comes_from_cartstore_db_or_the_data_directory", || {
        let env = Env::new()?;
        let mut command = bare_command(&["catalog", "import", "-"]);
        command.env("CARTSTORE_DB", &env.db);
        run(command, Some(CATALOG))?.json()?;
        assert_eq!(env.run(&["catalog", "list"])?.json()?["items"].as_array().map(Vec::len), Some(2));

        // --db wins over CARTSTORE_DB.
        let other = env.dir.path().join("other.db");
        let mut command = bare_command(&["catalog", "list", "--db", other.to_str().ok_or("path")?]);
        command.env("CARTSTORE_DB", &env.db);
        assert_eq!(run(command, None)?.json()?["items"].as_array().map(Vec::len), Some(0));

        if cfg!(all(unix, not(target_os = "macos"))) {
            let data = env.dir.path().join("data");
            let mut command = bare_command(&["catalog", "import"]);
            command.env("XDG_DATA_HOME", &data).env("HOME", env.dir.path());
            run(command, Some(CATALOG))?.json()?;
            assert!(data.join("cartstore").join("cartstore.db").is_file());

            let mut command = bare_command(&["catalog", "list"]);
            command.env_remove("XDG_DATA_HOME").env("HOME", env.dir.path());
            run(command, None)?.json()?;
            assert!(env.dir.path().join(".local/share/cartstore/cartstore.db").is_file());
        }
        Ok(())
    })
}

#[test]
fn a_closed_stdout_is_not_an_error() -> TestResult {
    let env = Env::new()?;
    // A catalog far larger than a pipe's buffer, so that the writer meets the closed pipe.
    let items: Vec<Value> = (0..2000)
        .map(|i| {
            json!({"catalogItemId": format!("PRODUCT{i:05}:0001:SKU"), "title": "An item with a long enough title",
                   "currencyCode": "USD", "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 1}]})
        })
        .collect();
    env.run_stdin(&["catalog", "import"], &json!({ "items": items }).to_string())?.json()?;

    let mut child = env.command(&["catalog", "list"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let mut stdout = child.stdout.take().ok_or("stdout")?;
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first)?;
    drop(stdout);
    let mut stderr = String::new();
    child.stderr.take().ok_or("stderr")?.read_to_string(&mut stderr)?;
    let status = child.wait()?;
    assert_eq!(first, *b"{");
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    Ok(())
}

#[test]
fn a_storage_failure_names_the_database_file_in_the_locale() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("no/such/dir/quotes.db");
    let db_text = db.display().to_string();
    for (tag, label) in
        [("en", "Database file: "), ("fr", "Fichier de base de données\u{a0}: "), ("ja", "データベース ファイル: ")]
    {
        let command = bare_command(&["--db", &db_text, "--locale", tag, "cart", "list", "--customer", CUSTOMER]);
        let err = run(command, None)?.error()?;
        assert_eq!(err["code"], 900005, "{tag}");
        assert_eq!(err["errorName"], "Storage", "{tag}");
        let description = str_of(&err["description"], "description")?;
        assert!(description.ends_with(&format!("{label}{db_text}")), "{tag}: {description}");
    }
    // Other failures name no file.
    let env = Env::new()?;
    let err = env.run(&["cart", "get", "--customer", CUSTOMER, "--cart", "missing-cart"])?.error()?;
    assert!(!str_of(&err["description"], "description")?.contains("Database file"), "{err}");
    Ok(())
}

#[test]
fn a_price_list_imports_from_a_file_or_a_pipe_and_customers_and_search_work() -> TestResult {
    crate::backends::each("cli::a_price_list_imports_from_a_file_or_a_pipe_and_customers_and_search_work", || {
        let env = Env::new()?;
        let sample = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/pricelist-sample.csv"))?;
        let file = env.write("prices.csv", &sample)?;
        let report = env.run(&["catalog", "import", file.to_str().ok_or("path")?])?.json()?;
        assert_eq!(report["format"], "priceList");
        assert_eq!((report["rows"].as_u64(), report["pricesAdded"].as_u64()), (Some(30), Some(30)));
        // From a pipe (no progress bar): the same prices, unchanged.
        let again = env.run_stdin(&["catalog", "import"], &sample)?.json()?;
        assert_eq!(again["pricesUnchanged"], 30);
        // A bad row names its line and column.
        let bad = sample.replacen(",57.6,", ",5,76,", 1);
        let err = env.run_stdin(&["catalog", "import", "-"], &bad)?.error()?;
        assert_eq!(err["code"], 800002);
        let profile = env
            .run(&["customer", "set", "--customer", "school", "--segment", "education", "--market", "us"])?
            .json()?;
        assert_eq!(profile, json!({"segment": "education", "market": "US"}));
        let profile = env.run(&["customer", "set", "--customer", "school", "--name", "Fabrikam School"])?.json()?;
        assert_eq!(profile["segment"], "education", "members not given keep their values");
        assert_eq!(env.run(&["customer", "get", "--customer", "nobody"])?.json()?, json!({"segment": "commercial"}));
        let found = env.run(&["catalog", "search", "CONTOSO busi bas", "--page-size", "1", "--term", "P1Y"])?.json()?;
        assert_eq!(found["items"][0]["catalogItemId"], "SAMPLE000001:0001");
        assert!(found["continuationToken"].is_string());
        let item = env.run(&["catalog", "get", "--item", "SAMPLE000001:0001:AVAILABILITY"])?.json()?;
        assert_eq!(item["title"], "Contoso Business Basic");
        let usage = env.run(&["customer", "set", "--customer", "x", "--segment", "nonprofit-ish"])?;
        assert_eq!(usage.code, Some(2));
        Ok(())
    })
}

#[test]
fn a_postgres_url_that_cannot_be_used_is_a_typed_error_without_its_password() -> TestResult {
    // Nothing listens on port 1. Without the `postgres` feature the URL is refused as such.
    let url = "postgres://alice:s3cret@127.0.0.1:1/shop?password=s3cret2&connect_timeout=5";
    for (via_env, tag) in [(false, "en"), (true, "fr")] {
        let mut command = bare_command(&["--locale", tag, "cart", "list", "--customer", CUSTOMER]);
        if via_env {
            command.env("CARTSTORE_DB", url);
        } else {
            command.args(["--db", url]);
        }
        let err = run(command, None)?.error()?;
        assert_eq!((&err["code"], &err["errorName"]), (&json!(900005), &json!("Storage")), "{err}");
        let description = str_of(&err["description"], "description")?;
        assert!(!description.contains("s3cret"), "{tag}: the password is shown: {description}");
        assert!(description.ends_with("postgres://alice@127.0.0.1:1/shop"), "{tag}: {description}");
        // A server is a database, not a database file.
        let (label, not) = if tag == "fr" {
            ("Base de données\u{a0}: postgres://", "Fichier de base de données")
        } else {
            ("Database: postgres://", "Database file")
        };
        assert!(description.contains(label) && !description.contains(not), "{tag}: {description}");
        let kind = if cfg!(feature = "postgres") {
            cartstore::StorageKind::Unavailable
        } else {
            cartstore::StorageKind::Other
        };
        let expected = Localizer::negotiate(&[tag]).describe(&cartstore::Error::storage(kind, "127.0.0.1:1"));
        assert!(description.starts_with(&expected), "{tag}: not {kind:?}: {description}");
    }
    Ok(())
}
