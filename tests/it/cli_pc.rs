//! `cartstore pc ...` and `customer set --tenant-id`, driven as a user would, against the fake
//! Partner Center (`pc::fake`): the submission printed and the exit code (0 when `ordered`, 1
//! with its `lastError` on stderr otherwise), `--token-command` run through the shell (again
//! after a 401), `$CARTSTORE_PC_TOKEN` and `$CARTSTORE_PC_ENDPOINT`, `pc status`, `pc resume`
//! of a submission paused for want of a token, the usage errors, and a token never printed.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use tempfile::TempDir;

use crate::pc::fake::{FakePc, Fault, Route};

type TestResult<T = ()> = Result<T, Box<dyn Error>>;

const BIN: &str = env!("CARGO_BIN_EXE_cartstore");

/// One item, bought monthly, whose availability the fake seeds for the customer.
const CATALOG: &str = r#"{"items": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "title": "Business Basic", "currencyCode": "USD",
   "minimumQuantity": 1, "maximumQuantity": 300,
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]},
  {"catalogItemId": "CFQ7TTC0NOPE:0001:CFQ7TTC0ZZZZ", "title": "Not sold", "currencyCode": "USD",
   "minimumQuantity": 1, "maximumQuantity": 300,
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 1}]}
]}"#;

const CART: &str = r#"{"lineItems": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"}
]}"#;

/// A line whose product Partner Center does not know: the submission fails.
const UNSOLD_CART: &str = r#"{"lineItems": [
  {"catalogItemId": "CFQ7TTC0NOPE:0001:CFQ7TTC0ZZZZ", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"}
]}"#;

/// The local customer (not a GUID) and its Partner Center tenant.
const CUSTOMER: &str = "contoso";
const TENANT: &str = "4f1a2b3c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

/// The only token the fake accepts; never in cartstore's output.
const TOKEN: &str = "TOKEN-5ecret-7f3a9c";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> TestResult<Value> {
        if self.code != Some(0) {
            return Err(format!("exit {:?}, stderr: {}", self.code, self.stderr).into());
        }
        Ok(serde_json::from_str(&self.stdout)?)
    }

    /// Checks that no token is in stdout or stderr.
    fn without_token(self) -> Run {
        assert!(!self.stdout.contains(TOKEN), "the token is on stdout: {}", self.stdout);
        assert!(!self.stderr.contains(TOKEN), "the token is on stderr: {}", self.stderr);
        self
    }
}

/// A database with the catalog and the customer's tenant, and a fake that sells the first item.
struct Env {
    dir: TempDir,
    db: PathBuf,
    fake: FakePc,
}

impl Env {
    fn new() -> TestResult<Env> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("cartstore.db");
        let fake = FakePc::start()?;
        fake.add_availability("CFQ7TTC0LF8S", "0001", "Commercial", "US", &[("P1Y", "Monthly")]);
        fake.accept_tokens(&[TOKEN]);
        let env = Env { dir, db, fake };
        let catalog = env.write("catalog.json", CATALOG)?;
        env.run(&["catalog", "import", path(&catalog)?], &[])?.json()?;
        let profile = env.run(&["customer", "set", "--customer", CUSTOMER, "--tenant-id", TENANT], &[])?.json()?;
        assert_eq!(profile["tenantId"], TENANT);
        Ok(env)
    }

    fn write(&self, name: &str, contents: &str) -> TestResult<PathBuf> {
        let file = self.dir.path().join(name);
        std::fs::write(&file, contents)?;
        Ok(file)
    }

    /// The binary on this database with `vars` set, the Partner Center and locale variables
    /// cleared otherwise.
    fn run(&self, args: &[&str], vars: &[(&str, &str)]) -> TestResult<Run> {
        let mut command = Command::new(BIN);
        command.args(args).arg("--db").arg(&self.db).current_dir(self.dir.path());
        for name in [
            "LC_ALL",
            "LC_MESSAGES",
            "LANG",
            "LANGUAGE",
            "CARTSTORE_DB",
            "CARTSTORE_MESSAGES",
            "CARTSTORE_PC_TOKEN",
            "CARTSTORE_PC_ENDPOINT",
        ] {
            command.env_remove(name);
        }
        command.envs(vars.iter().copied());
        command.stdin(Stdio::null());
        let output = command.output()?;
        Ok(Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout)?,
            stderr: String::from_utf8(output.stderr)?,
        })
    }

    fn cart(&self, body: &str) -> TestResult<String> {
        let file = self.write("cart.json", body)?;
        let cart = self.run(&["cart", "create", "--customer", CUSTOMER, path(&file)?], &[])?.json()?;
        Ok(cart["id"].as_str().ok_or("no cart id")?.to_owned())
    }

    /// `pc submit` of `cart` against the fake with `token_command`.
    fn submit(&self, cart: &str, token_command: &str) -> TestResult<Run> {
        let endpoint = self.fake.endpoint();
        let args = ["pc", "submit", "--customer", CUSTOMER, "--cart", cart, "--endpoint", &endpoint, "--token-command"];
        let mut args: Vec<&str> = args.to_vec();
        args.push(token_command);
        Ok(self.run(&args, &[])?.without_token())
    }

    fn cart_status(&self, cart: &str) -> TestResult<Value> {
        Ok(self.run(&["cart", "get", "--customer", CUSTOMER, "--cart", cart], &[])?.json()?["status"].clone())
    }
}

fn path(file: &Path) -> TestResult<&str> {
    file.to_str().ok_or_else(|| "not UTF-8".into())
}

/// The error object on stderr of a run that exited 1.
fn last_error(run: &Run) -> TestResult<Value> {
    assert_eq!(run.code, Some(1), "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    let value: Value = serde_json::from_str(run.stderr.trim())?;
    let keys: Vec<&String> = value.as_object().ok_or("not an object")?.keys().collect();
    assert_eq!(keys, ["code", "description", "errorName"], "{value}");
    Ok(value)
}

#[test]
fn pc_submit_orders_the_cart_with_the_token_command_and_exits_0() -> TestResult {
    let env = Env::new()?;
    let cart = env.cart(CART)?;
    let run = env.submit(&cart, &format!("echo {TOKEN}"))?;
    let submission = run.json()?;
    assert_eq!(submission["state"], "ordered", "{submission}");
    assert_eq!(submission["customerId"], CUSTOMER);
    assert_eq!(submission["cartId"], cart.as_str());
    assert_eq!(submission["pcCustomerId"], TENANT);
    assert_eq!(submission["orders"].as_array().map(Vec::len), Some(1), "{submission}");
    assert!(submission.get("lastError").is_none(), "{submission}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // Partner Center got the tenant and the command's token, trimmed.
    assert_eq!(env.fake.orders(TENANT).len(), 1);
    let requests = env.fake.requests();
    assert!(!requests.is_empty());
    for request in &requests {
        assert_eq!(request.authorization.as_deref(), Some(format!("Bearer {TOKEN}").as_str()), "{}", request.path);
        assert!(request.path.contains(TENANT), "{}", request.path);
    }
    assert_eq!(env.cart_status(&cart)?, "Ordered");
    Ok(())
}

#[test]
fn a_failed_submission_exits_1_with_its_last_error_and_the_submission_printed() -> TestResult {
    let env = Env::new()?;
    let cart = env.cart(UNSOLD_CART)?;
    let run = env.submit(&cart, &format!("echo {TOKEN}"))?;
    let submission: Value = serde_json::from_str(&run.stdout)?;
    assert_eq!(submission["state"], "failed", "{submission}");
    let error = last_error(&run)?;
    assert_eq!(error, submission["lastError"], "stderr is the submission's lastError");
    assert_eq!(env.fake.checkouts_committed(), 0);
    // Nothing was checked out: the cart can be changed and submitted again.
    assert_eq!(env.cart_status(&cart)?, "Active");
    Ok(())
}

#[test]
fn the_last_error_is_described_in_the_chosen_locale() -> TestResult {
    let env = Env::new()?;
    let cart = env.cart(UNSOLD_CART)?;
    let endpoint = env.fake.endpoint();
    let command = format!("echo {TOKEN}");
    let args = ["--locale", "fr", "pc", "submit", "--customer", CUSTOMER, "--cart", &cart, "--endpoint", &endpoint];
    let mut args: Vec<&str> = args.to_vec();
    args.extend(["--token-command", &command]);
    let french = env.run(&args, &[])?.without_token();
    let error = last_error(&french)?;
    let submissions = env.run(&["pc", "status", "--customer", CUSTOMER], &[])?.json()?;
    let english = &submissions["items"][0]["lastError"];
    assert_eq!(error["code"], english["code"]);
    assert_ne!(error["description"], english["description"], "the description is French: {error}");
    Ok(())
}

#[test]
fn the_token_command_runs_again_after_a_401() -> TestResult {
    let env = Env::new()?;
    let cart = env.cart(CART)?;
    env.fake.inject(Route::CreateCart, 1, Fault::Unauthorized);
    // Each run appends a line to runs.txt (in the test's directory, the child's working one).
    let run = env.submit(&cart, &format!("echo \"$CARTSTORE_PC_TOKEN_REASON\" >> runs.txt; echo {TOKEN}"))?;
    assert_eq!(run.json()?["state"], "ordered");
    let runs = std::fs::read_to_string(env.dir.path().join("runs.txt"))?;
    assert_eq!(runs.lines().collect::<Vec<_>>(), ["initial", "rejected"]);
    Ok(())
}

#[test]
fn a_failing_token_command_pauses_the_submission_and_pc_resume_continues_it() -> TestResult {
    let env = Env::new()?;
    let cart = env.cart(CART)?;
    // The command prints something that must never be shown, then fails.
    let run = env.submit(&cart, &format!("echo {TOKEN}; exit 3"))?;
    let submission: Value = serde_json::from_str(&run.stdout)?;
    assert_eq!(submission["state"], "pausedAuth", "{submission}");
    let error = last_error(&run)?;
    assert_eq!(error, submission["lastError"]);
    assert_eq!(error["errorName"], "AuthenticationRequired", "{error}");
    assert_eq!(env.fake.requests().len(), 0, "nothing was sent without a token");
    assert_eq!(env.cart_status(&cart)?, "Submitting");

    // pc status shows it; pc resume with a token continues it to the end.
    let status = env.run(&["pc", "status", "--customer", CUSTOMER, "--cart", &cart], &[])?.json()?;
    assert_eq!(status["totalCount"], 1);
    assert_eq!(status["items"][0]["state"], "pausedAuth");
    let endpoint = env.fake.endpoint();
    let resumed = env
        .run(&["pc", "resume", "--endpoint", &endpoint], &[("CARTSTORE_PC_TOKEN", TOKEN)])?
        .without_token()
        .json()?;
    assert_eq!(resumed["totalCount"], 1, "{resumed}");
    assert_eq!(resumed["items"][0]["submissionId"], submission["submissionId"]);
    assert_eq!(resumed["items"][0]["state"], "ordered", "{resumed}");
    assert_eq!(env.fake.checkouts_committed(), 1);
    assert_eq!(env.cart_status(&cart)?, "Ordered");
    // Nothing left to resume.
    let again = env.run(&["pc", "resume", "--endpoint", &endpoint], &[("CARTSTORE_PC_TOKEN", TOKEN)])?.json()?;
    assert_eq!(again["totalCount"], 0);
    Ok(())
}

#[test]
fn the_endpoint_and_a_fixed_token_come_from_the_environment() -> TestResult {
    let env = Env::new()?;
    let cart = env.cart(CART)?;
    let endpoint = env.fake.endpoint();
    let run = env
        .run(
            &["pc", "submit", "--customer", CUSTOMER, "--cart", &cart],
            &[("CARTSTORE_PC_ENDPOINT", &endpoint), ("CARTSTORE_PC_TOKEN", TOKEN)],
        )?
        .without_token();
    assert_eq!(run.json()?["state"], "ordered");
    Ok(())
}

#[test]
fn pc_submit_and_resume_without_a_token_source_are_usage_errors_and_change_nothing() -> TestResult {
    let env = Env::new()?;
    let cart = env.cart(CART)?;
    let endpoint = env.fake.endpoint();
    for args in [
        vec!["pc", "submit", "--customer", CUSTOMER, "--cart", &cart, "--endpoint", &endpoint],
        vec!["pc", "resume", "--endpoint", &endpoint],
    ] {
        let run = env.run(&args, &[("CARTSTORE_PC_TOKEN", "  ")])?;
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains("--token-command") && run.stderr.contains("CARTSTORE_PC_TOKEN"), "{}", run.stderr);
    }
    for args in [vec!["pc", "submit", "--customer", CUSTOMER], vec!["pc", "status"], vec!["pc"]] {
        assert_eq!(env.run(&args, &[])?.code, Some(2), "{args:?}");
    }
    assert_eq!(env.fake.requests().len(), 0);
    assert_eq!(env.cart_status(&cart)?, "Active");
    let status = env.run(&["pc", "status", "--customer", CUSTOMER], &[])?.json()?;
    assert_eq!(status["totalCount"], 0);
    assert_eq!(status["items"], Value::Array(Vec::new()));
    Ok(())
}

#[test]
fn customer_set_tenant_id_is_checked_kept_and_cleared() -> TestResult {
    let env = Env::new()?;
    // Kept when other options change.
    let profile = env.run(&["customer", "set", "--customer", CUSTOMER, "--market", "US"], &[])?.json()?;
    assert_eq!(profile["tenantId"], TENANT);
    // Not a GUID: refused, naming tenantId, and nothing changes.
    let run = env.run(&["customer", "set", "--customer", CUSTOMER, "--tenant-id", "contoso.onmicrosoft.com"], &[])?;
    let error = last_error(&run)?;
    assert_eq!(error["code"], 800002);
    assert!(error["description"].as_str().is_some_and(|d| d.contains("tenantId")), "{error}");
    assert_eq!(env.run(&["customer", "get", "--customer", CUSTOMER], &[])?.json()?["tenantId"], TENANT);
    // Upper case is stored in the canonical form; an empty text clears it.
    let upper = TENANT.to_ascii_uppercase();
    let profile = env.run(&["customer", "set", "--customer", CUSTOMER, "--tenant-id", &upper], &[])?.json()?;
    assert_eq!(profile["tenantId"], TENANT);
    let profile = env.run(&["customer", "set", "--customer", CUSTOMER, "--tenant-id", ""], &[])?.json()?;
    assert!(profile.get("tenantId").is_none(), "{profile}");
    Ok(())
}

#[test]
fn a_customer_without_a_tenant_id_whose_id_is_no_guid_cannot_be_submitted() -> TestResult {
    let env = Env::new()?;
    env.run(&["customer", "set", "--customer", CUSTOMER, "--tenant-id", ""], &[])?.json()?;
    let cart = env.cart(CART)?;
    let run = env.submit(&cart, &format!("echo {TOKEN}"))?;
    let error = last_error(&run)?;
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(error["code"], 800002);
    assert!(error["description"].as_str().is_some_and(|d| d.contains("tenantId")), "{error}");
    assert_eq!(env.fake.requests().len(), 0);
    assert_eq!(env.cart_status(&cart)?, "Active");
    Ok(())
}

#[test]
fn a_partial_order_exits_1_with_its_order_error_on_stderr() -> TestResult {
    let env = Env::new()?;
    // A second item, bought annually: a second order group, which Partner Center fails.
    let annual = env.write(
        "annual.json",
        r#"{"items": [{"catalogItemId": "CFQ7TTC0LF8Q:0001:CFQ7TTC0VZW6", "title": "E3", "currencyCode": "USD",
            "minimumQuantity": 1, "maximumQuantity": 300,
            "terms": [{"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 432}]}]}"#,
    )?;
    env.run(&["catalog", "import", path(&annual)?], &[])?.json()?;
    env.fake.add_availability("CFQ7TTC0LF8Q", "0001", "Commercial", "US", &[("P1Y", "Annual")]);
    env.fake.fail_order_group("1", 800010, "Inventory not available");
    let cart = env.cart(
        r#"{"lineItems": [
          {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"},
          {"catalogItemId": "CFQ7TTC0LF8Q:0001:CFQ7TTC0VZW6", "quantity": 1, "termDuration": "P1Y", "billingCycle": "annual"}
        ]}"#,
    )?;
    let run = env.submit(&cart, &format!("echo {TOKEN}"))?;
    let submission: Value = serde_json::from_str(&run.stdout)?;
    assert_eq!(submission["state"], "partiallyOrdered", "{submission}");
    assert!(submission.get("lastError").is_none(), "{submission}");
    // stderr has the failure's shape: the order group's error, described as in the submission.
    let error = last_error(&run)?;
    assert_eq!(error["code"], 800010, "{error}");
    assert_eq!(error["errorName"], "InventoryNotAvailable", "{error}");
    assert_eq!(error["description"], submission["orderErrors"][0]["description"], "{error}");
    assert_eq!(env.cart_status(&cart)?, "Ordered");
    Ok(())
}
