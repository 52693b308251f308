//! Messages an application supplies at run time (`cartstore::l10n::Messages`, `--messages`):
//!
//! - the project's German sample (`examples/messages/de/errors.ftl`) negotiated from `de-AT`,
//!   everything it lacks in English, message by message;
//! - an override of fr 800065 (and of a line error) used by `describe`, by the line errors and
//!   order errors a store writes, and by the command-line tool;
//! - every kind of malformed resource refused with its resource, line and id, nothing half
//!   loaded, and the refusal described in the four built-in locales;
//! - nothing supplied: the built-in localizers, texts and negotiation exactly;
//! - `errors --messages` marks each description built-in, overridden, added or fallback.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cartstore::l10n::{Messages, Origin, ResourceKind, cart_message_id, order_message_id};
use cartstore::{Cart, CartErrorCode, Catalog, Error, Localizer, MessagesProblem, OrderErrorCode, Store, StoreOptions};
use serde_json::Value;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const BIN: &str = env!("CARGO_BIN_EXE_cartstore");

/// The directory of the German sample.
fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("messages")
}

/// The German sample's text.
fn german() -> TestResult<String> {
    Ok(std::fs::read_to_string(sample_dir().join("de").join("errors.ftl"))?)
}

/// The ids the German sample defines, in order.
fn german_ids() -> TestResult<Vec<String>> {
    Ok(german()?
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(" = "))
        .filter_map(|l| l.split(" = ").next().map(str::to_owned))
        .collect())
}

/// The override of fr 800065 (the seed turns the cart id into a noun) and of the line error
/// 10001, as an application would write it.
const FR_OVERRIDE: &str = "\
# Our wording for the French texts we found awkward.
order-800065 = Le panier { $cartId } a déjà été soumis : il ne peut pas être commandé une seconde fois.
cart-10001 = Cet article ne figure pas dans notre catalogue.
";

const FR_800065: &str = "Le panier 3655b1a0 a déjà été soumis : il ne peut pas être commandé une seconde fois.";
const FR_10001: &str = "Cet article ne figure pas dans notre catalogue.";

fn fr_override() -> Result<Messages, Error> {
    let mut messages = Messages::new();
    messages.add(ResourceKind::Errors, "fr", "fr/errors.ftl", FR_OVERRIDE)?;
    Ok(messages)
}

/// The arguments every order code may need.
const ARGS: [(&str, &str); 5] =
    [("cartId", "3655b1a0"), ("orderId", "O-4711"), ("customerId", "C-0815"), ("to", "active"), ("from", "suspended")];

/// Every text of a localizer: cart codes, order codes, the locale's name.
fn texts(loc: Localizer) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> =
        CartErrorCode::ALL.iter().map(|c| (cart_message_id(*c), loc.cart_error(*c))).collect();
    all.extend(OrderErrorCode::ALL.iter().map(|c| (order_message_id(*c), loc.order_error(*c, &ARGS))));
    all.push(("label-locale-name".to_owned(), loc.message("label-locale-name", &[])));
    all
}

// ---------------------------------------------------------------------------------------------
// An added locale: German
// ---------------------------------------------------------------------------------------------

#[test]
fn german_sample_is_negotiated_from_de_at_and_falls_back_to_english_per_message() -> TestResult {
    let mut messages = Messages::new();
    messages.load(&sample_dir())?;
    assert_eq!(messages.locales(), ["de"]);
    let ids = german_ids()?;
    assert!(ids.len() >= 5, "the sample is a few messages: {ids:?}");

    for requested in [&["de-AT"][..], &["de"], &["de_DE.UTF-8"], &["it", "de-CH", "fr"]] {
        assert_eq!(messages.negotiate(requested).locale(), "de", "{requested:?}");
    }
    let de = messages.negotiate(&["de-AT"]);
    let en = Localizer::default();
    let mut german = 0;
    for ((id, text), (_, english)) in texts(de).into_iter().zip(texts(en)) {
        assert!(!text.trim().is_empty() && !text.contains('{'), "{id}: {text:?}");
        if ids.contains(&id) {
            assert_ne!(text, english, "{id} is in the German file");
            assert_eq!(de.origin(&id), Some(Origin::Added), "{id}");
            german += 1;
        } else {
            assert_eq!(text, english, "{id} is not in the German file: English");
            assert_eq!(de.origin(&id), Some(Origin::Fallback { locale: "en", supplied: false }), "{id}");
        }
    }
    assert_eq!(german, ids.len());

    assert_eq!(de.message("label-locale-name", &[]), "Deutsch");
    let err = Error::CartAlreadyOrdered { cart_id: "3655b1a0".into() };
    assert_eq!(
        de.describe(&err),
        "Der Warenkorb 3655b1a0 wurde bereits übermittelt und kann nicht erneut bestellt werden."
    );
    // An error the file lacks is described in English, in full.
    let conflict = Error::Conflict { cart_id: "3655b1a0".into() };
    assert_eq!(de.describe(&conflict), en.describe(&conflict));
    Ok(())
}

#[test]
fn an_added_locale_leaves_the_built_in_ones_as_they_are() -> TestResult {
    let mut messages = Messages::new();
    messages.add(ResourceKind::Errors, "de", "de/errors.ftl", &german()?)?;
    let cases: &[(&[&str], &str)] = &[
        (&["fr-CA"], "fr"),
        (&["ja-JP"], "ja"),
        (&["zh-Hant"], "zh-TW"),
        (&["zh-CN"], "en"),
        (&["not a tag"], "en"),
        (&[], "en"),
        (&["de", "ja"], "de"),
        (&["ja", "de"], "ja"),
        (&["en-US"], "en"),
    ];
    for (requested, expected) in cases {
        assert_eq!(messages.negotiate(requested).locale(), *expected, "{requested:?}");
    }
    for builtin in Localizer::all() {
        let layered = messages.for_tag(builtin.locale()).ok_or("built-in locale missing")?;
        assert_eq!(texts(layered), texts(builtin), "{}", builtin.locale());
    }
    let tags: Vec<&str> = messages.all().iter().map(|l| l.locale()).collect();
    assert_eq!(tags, ["en", "fr", "ja", "zh-TW", "de"]);
    Ok(())
}

#[test]
fn a_regional_locale_falls_back_to_its_language_then_english() -> TestResult {
    let mut messages = Messages::new();
    messages.add(ResourceKind::Errors, "pt", "pt/errors.ftl", "order-800002 = Entrada de solicitação inválida.")?.add(
        ResourceKind::Errors,
        "pt-BR",
        "pt-BR/errors.ftl",
        "label-locale-name = Português (Brasil)",
    )?;
    let br = messages.negotiate(&["pt-BR"]);
    assert_eq!(br.locale(), "pt-BR");
    assert_eq!(br.message("label-locale-name", &[]), "Português (Brasil)");
    assert_eq!(br.order_error(OrderErrorCode::InvalidInput, &[]), "Entrada de solicitação inválida.");
    assert_eq!(br.origin("order-800002"), Some(Origin::Fallback { locale: "pt", supplied: true }));
    assert_eq!(
        br.cart_error(CartErrorCode::InvalidInput),
        Localizer::default().cart_error(CartErrorCode::InvalidInput)
    );
    assert_eq!(messages.negotiate(&["pt-PT"]).locale(), "pt");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// An override: fr 800065
// ---------------------------------------------------------------------------------------------

#[test]
fn an_override_of_fr_800065_is_used_by_describe_and_only_there() -> TestResult {
    let messages = fr_override()?;
    let fr = messages.negotiate(&["fr-CA"]);
    assert_eq!(fr.locale(), "fr");
    assert_eq!(fr.describe(&Error::CartAlreadyOrdered { cart_id: "3655b1a0".into() }), FR_800065);
    assert_eq!(fr.origin("order-800065"), Some(Origin::Overridden));
    assert_eq!(fr.origin("order-800064"), Some(Origin::BuiltIn));

    let builtin = Localizer::negotiate(&["fr-CA"]);
    for ((id, text), (_, seed)) in texts(fr).into_iter().zip(texts(builtin)) {
        if id != "order-800065" && id != "cart-10001" {
            assert_eq!(text, seed, "{id}");
        }
    }
    // Other locales keep their own 800065.
    let en = messages.negotiate(&["en"]);
    let code = OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered;
    assert_eq!(en.order_error(code, &ARGS), Localizer::default().order_error(code, &ARGS));
    Ok(())
}

const CATALOG: &str = r#"{"items": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "title": "Business Basic", "currencyCode": "USD",
   "minimumQuantity": 1, "maximumQuantity": 300,
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]}
]}"#;

const ONE_LINE_CART: &str = r#"{"lineItems": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"}
]}"#;

const CART_WITH_AN_UNKNOWN_ITEM: &str = r#"{"lineItems": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"},
  {"catalogItemId": "NOPE:0001:NOPE", "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"}
]}"#;

#[test]
fn a_store_writes_line_errors_with_the_override_and_describes_the_refusal_with_it() -> TestResult {
    let fr = fr_override()?.negotiate(&["fr"]);
    let store = Store::open_in_memory_with(StoreOptions { locale: fr, ..StoreOptions::default() })?;
    let catalog: Catalog = serde_json::from_str(CATALOG)?;
    store.import_catalog(&catalog)?;
    let new_cart: Cart = serde_json::from_str(CART_WITH_AN_UNKNOWN_ITEM)?;
    let cart = store.create_cart("cust-a", &new_cart)?;
    let error = cart.line_items.iter().find_map(|l| l.error.as_ref()).ok_or("no line error")?;
    assert_eq!(error.error_description.as_deref(), Some(FR_10001));
    let read = store.get_cart("cust-a", &cart.id)?;
    let error = read.line_items.iter().find_map(|l| l.error.as_ref()).ok_or("no line error")?;
    assert_eq!(error.error_description.as_deref(), Some(FR_10001));

    store.checkout("cust-a", &cart.id)?;
    let err = store.checkout("cust-a", &cart.id).err().ok_or("second checkout accepted")?;
    assert_eq!(fr.describe(&err), FR_800065.replace("3655b1a0", &cart.id));
    Ok(())
}

#[test]
fn a_store_writes_order_errors_with_an_override() -> TestResult {
    let mut messages = Messages::new();
    messages.add(ResourceKind::Errors, "ja", "ja.ftl", "order-800020 = この商品は現在ご購入いただけません。")?;
    let store =
        Store::open_in_memory_with(StoreOptions { locale: messages.negotiate(&["ja"]), ..StoreOptions::default() })?;
    let mut catalog: Catalog = serde_json::from_str(CATALOG)?;
    store.import_catalog(&catalog)?;
    let new_cart: Cart = serde_json::from_str(ONE_LINE_CART)?;
    let cart = store.create_cart("cust-a", &new_cart)?;
    catalog.items[0].eligible_for_purchase = false;
    store.import_catalog(&catalog)?;
    let result = store.checkout("cust-a", &cart.id)?;
    let error = result.order_errors.as_ref().and_then(|e| e.first()).ok_or("no order error")?;
    assert_eq!(error.code, Some(OrderErrorCode::CatalogItemNotEligibleForPurchase));
    assert_eq!(error.description.as_deref(), Some("この商品は現在ご購入いただけません。"));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Malformed resources
// ---------------------------------------------------------------------------------------------

/// One refused resource: its text, and the line, id and problem of the refusal.
struct Bad {
    what: &'static str,
    source: &'static str,
    line: usize,
    id: Option<&'static str>,
    problem: MessagesProblem,
}

fn bad_resources() -> Vec<Bad> {
    let bad = |what, source, line, id, problem| Bad { what, source, line, id, problem };
    vec![
        bad(
            "syntax error in a message",
            "label-locale-name = Deutsch\n\norder-800065 = Der Warenkorb { $cartId wurde bereits übermittelt.\n",
            3,
            Some("order-800065"),
            MessagesProblem::Syntax { detail: "Expected a token starting with \"}\"".into() },
        ),
        bad(
            "syntax error outside a message",
            "# comment\n= no id\n",
            2,
            None,
            MessagesProblem::Syntax { detail: "Expected one of \"a-zA-Z\"".into() },
        ),
        bad(
            "an id that is no cartstore message",
            "label-locale-name = Deutsch\norder-999999 = Unbekannt.\n",
            2,
            Some("order-999999"),
            MessagesProblem::UnknownId,
        ),
        bad(
            "a variable the message does not have",
            "# 800061 has no arguments\norder-800061 = Die Bestellung für { $cartId } kann nicht storniert werden.\n",
            2,
            Some("order-800061"),
            MessagesProblem::UnknownVariable { name: "cartId".into() },
        ),
        bad(
            "a variable of another message, in a selector variant",
            "error-storage =\n    { $kind ->\n        [full] Voll: { $path }\n       *[other] Fehler.\n    }\n",
            1,
            Some("error-storage"),
            MessagesProblem::UnknownVariable { name: "path".into() },
        ),
        bad(
            "the same id twice",
            "cart-10000 = Eins.\ncart-10001 = Zwei.\ncart-10000 = Drei.\n",
            3,
            Some("cart-10000"),
            MessagesProblem::Duplicate,
        ),
        bad("a term", "-brand = Contoso\n", 1, Some("-brand"), MessagesProblem::UnknownId),
        bad(
            "a reference to a term",
            "order-800061 = { -brand } kann nicht storniert werden.\n",
            1,
            Some("order-800061"),
            MessagesProblem::UnknownReference { name: "-brand".into() },
        ),
        bad(
            "a reference to a message that is no cartstore message",
            "order-800061 = { helper } kann nicht storniert werden.\n",
            1,
            Some("order-800061"),
            MessagesProblem::UnknownReference { name: "helper".into() },
        ),
        bad(
            "a message without a value",
            "\norder-800061 =\n    .title = Titel\n",
            2,
            Some("order-800061"),
            MessagesProblem::NoValue,
        ),
    ]
}

#[test]
fn each_malformed_resource_is_refused_with_its_line_and_id() -> TestResult {
    let mut failures = Vec::new();
    for bad in bad_resources() {
        let mut messages = Messages::new();
        match messages.add(ResourceKind::Errors, "de", "de/errors.ftl", bad.source) {
            Ok(_) => failures.push(format!("{}: accepted", bad.what)),
            Err(Error::InvalidMessages { resource, line, id, problem }) => {
                let expected = ("de/errors.ftl", Some(bad.line), bad.id, &bad.problem);
                let actual = (resource.as_str(), line, id.as_deref(), &problem);
                if actual != expected {
                    failures.push(format!("{}: expected {expected:?}, actual {actual:?}", bad.what));
                }
            }
            Err(other) => failures.push(format!("{}: {other:?}", bad.what)),
        }
        // Nothing half loaded.
        if !messages.is_empty() || messages.negotiate(&["de"]).locale() != "en" {
            failures.push(format!("{}: something was loaded", bad.what));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

#[test]
fn a_refusal_is_described_in_every_built_in_locale_with_resource_line_and_id() -> TestResult {
    for bad in bad_resources() {
        let err =
            Messages::new().add(ResourceKind::Errors, "de", "de/errors.ftl", bad.source).err().ok_or("accepted")?;
        assert_eq!((err.code(), err.name()), (900_006, "InvalidMessages"));
        let english = Localizer::default().describe(&err);
        for loc in Localizer::all() {
            let text = loc.describe(&err);
            assert!(text.contains("de/errors.ftl"), "{} in {}: {text}", bad.what, loc.locale());
            assert!(text.contains(&bad.line.to_string()), "{} in {}: {text}", bad.what, loc.locale());
            if let Some(id) = bad.id {
                assert!(text.contains(id), "{} in {}: {text}", bad.what, loc.locale());
            }
            // No Fluent syntax left over (the parser's own detail may quote a brace).
            let detail = match &bad.problem {
                MessagesProblem::Syntax { detail } => detail.as_str(),
                _ => "",
            };
            let rest = if detail.is_empty() { text.clone() } else { text.replace(detail, "") };
            assert!(!rest.contains('{') && !rest.contains('}'), "{} in {}: {text}", bad.what, loc.locale());
            if loc.locale() != "en" {
                assert_ne!(text, english, "{} in {}", bad.what, loc.locale());
            }
        }
    }
    let err =
        Messages::new().add(ResourceKind::Errors, "fr", "x.ftl", "order-800061 = { $cartId }").err().ok_or("ok")?;
    assert!(Localizer::default().describe(&err).contains("$cartId"));
    Ok(())
}

#[test]
fn a_duplicate_across_resources_and_a_bad_locale_are_refused() -> TestResult {
    let mut messages = Messages::new();
    messages.add(ResourceKind::Errors, "de", "one.ftl", "cart-10000 = Eins.")?;
    let err = messages.add(ResourceKind::Errors, "de", "two.ftl", "\ncart-10000 = Zwei.").err().ok_or("accepted")?;
    assert!(
        matches!(&err, Error::InvalidMessages { resource, line: Some(2), id: Some(id), problem: MessagesProblem::Duplicate }
            if resource == "two.ftl" && id == "cart-10000"),
        "{err:?}"
    );
    // The same id in another locale is fine.
    messages.add(ResourceKind::Errors, "de-CH", "three.ftl", "cart-10000 = Drei.")?;
    assert_eq!(messages.locales(), ["de", "de-CH"]);
    assert_eq!(messages.negotiate(&["de"]).cart_error(CartErrorCode::CurrencyIsNotSupported), "Eins.");

    for tag in ["errors", "", "x", "und", "not a tag"] {
        let err = Messages::new().add(ResourceKind::Errors, tag, "bad.ftl", "cart-10000 = X.").err().ok_or(tag)?;
        assert!(
            matches!(&err, Error::InvalidMessages { line: None, problem: MessagesProblem::BadLocale { tag: t }, .. } if t == tag),
            "{tag:?}: {err:?}"
        );
    }
    Ok(())
}

#[test]
fn loading_a_directory_is_all_or_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let write = |path: &str, text: &str| -> TestResult {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().ok_or("parent")?)?;
        std::fs::write(path, text)?;
        Ok(())
    };
    write("de/errors.ftl", &german()?)?;
    write("fr/errors.ftl", "order-800065 = Le panier { $cartID } a déjà été soumis.\n")?;
    write("README.txt", "not a resource")?;
    let mut messages = Messages::new();
    let err = messages.load(dir.path()).err().ok_or("accepted")?;
    let fr_file = dir.path().join("fr").join("errors.ftl").display().to_string();
    assert!(
        matches!(&err, Error::InvalidMessages { resource, line: Some(1), id: Some(id), problem: MessagesProblem::UnknownVariable { name } }
            if *resource == fr_file && id == "order-800065" && name == "cartID"),
        "{err:?}"
    );
    assert!(messages.is_empty(), "the good German file was loaded with the bad French one");

    write("fr/errors.ftl", FR_OVERRIDE)?;
    messages.load(dir.path())?;
    assert_eq!(messages.locales(), ["de", "fr"]);
    // One file, its locale from its directory.
    let mut one = Messages::new();
    one.load(&dir.path().join("fr").join("errors.ftl"))?;
    assert_eq!(one.locales(), ["fr"]);

    write("fr/notes.ftl", "cart-10000 = X.\n")?;
    let err = Messages::new().load(dir.path()).err().ok_or("accepted")?;
    assert!(matches!(&err, Error::InvalidMessages { problem: MessagesProblem::UnknownFile, .. }), "{err:?}");
    let err = Messages::new().load(&dir.path().join("missing")).err().ok_or("accepted")?;
    assert!(matches!(&err, Error::InvalidMessages { problem: MessagesProblem::Unreadable { .. }, .. }), "{err:?}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Nothing supplied; the same set twice; threads
// ---------------------------------------------------------------------------------------------

#[test]
fn with_nothing_supplied_the_localizers_are_the_built_in_ones() {
    let messages = Messages::new();
    for requested in [&["fr-CA"][..], &["zh-Hant-TW"], &["ja_JP.UTF-8"], &["de-DE"], &["not a tag"], &[]] {
        assert_eq!(messages.negotiate(requested), Localizer::negotiate(requested), "{requested:?}");
    }
    assert_eq!(messages.all(), Localizer::all().to_vec());
    for loc in Localizer::all() {
        for (id, _) in texts(loc) {
            assert_eq!(loc.origin(&id), Some(Origin::BuiltIn), "{id} in {}", loc.locale());
        }
    }
}

#[test]
fn the_same_resources_give_the_same_localizer() -> TestResult {
    let a = fr_override()?.negotiate(&["fr"]);
    let b = fr_override()?.negotiate(&["fr-FR"]);
    assert_eq!(a, b);
    assert_ne!(a, Localizer::negotiate(&["fr"]));
    Ok(())
}

fn send_sync_copy<T: Send + Sync + Copy + 'static>(value: T) -> T {
    value
}

#[test]
fn a_localizer_with_supplied_messages_renders_the_same_from_threads() -> TestResult {
    let mut messages = Messages::new();
    messages.load(&sample_dir())?;
    let de = send_sync_copy(messages.negotiate(&["de-AT"]));
    let single = texts(de);
    let results: Vec<Vec<(String, String)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4).map(|_| scope.spawn(move || texts(de))).collect();
        handles.into_iter().map(|h| h.join()).collect::<Result<_, _>>()
    })
    .map_err(|_| "a thread panicked")?;
    for texts in results {
        assert_eq!(texts, single);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The command-line tool
// ---------------------------------------------------------------------------------------------

/// The binary with `args` and a clean environment.
fn cartstore(args: &[&str], env: &[(&str, &Path)], input: Option<&str>) -> TestResult<(Option<i32>, String, String)> {
    let mut command = Command::new(BIN);
    command.args(args);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "CARTSTORE_DB", "CARTSTORE_MESSAGES"] {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn()?;
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        std::io::Write::write_all(&mut stdin, text.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    Ok((output.status.code(), String::from_utf8(output.stdout)?, String::from_utf8(output.stderr)?))
}

fn json_of(run: (Option<i32>, String, String)) -> TestResult<Value> {
    let (code, stdout, stderr) = run;
    assert_eq!(code, Some(0), "stderr: {stderr}");
    Ok(serde_json::from_str(&stdout)?)
}

#[test]
fn cli_errors_lists_what_a_german_user_sees() -> TestResult {
    let sample = sample_dir();
    let sample = sample.to_str().ok_or("path")?;
    let ids = german_ids()?;
    let listing = json_of(cartstore(&["--locale", "de-AT", "--messages", sample, "errors", "--json"], &[], None)?)?;
    assert_eq!(listing["locale"], "de");
    let de = {
        let mut messages = Messages::new();
        messages.load(&sample_dir())?;
        messages.negotiate(&["de"])
    };
    let mut seen = 0;
    for (list, prefix) in [("cartErrorCodes", "cart"), ("orderErrorCodes", "order")] {
        for entry in listing[list].as_array().ok_or("list")? {
            let id = format!("{prefix}-{}", entry["code"]);
            if ids.contains(&id) {
                assert_eq!(entry["origin"], "added", "{id}");
                assert!(entry.get("fallbackLocale").is_none(), "{id}");
            } else {
                assert_eq!(entry["origin"], "fallback", "{id}");
                assert_eq!(entry["fallbackLocale"], "en", "{id}");
            }
            if prefix == "cart" {
                let code =
                    CartErrorCode::from_code(i32::try_from(entry["code"].as_i64().ok_or("code")?)?).ok_or("code")?;
                assert_eq!(entry["description"], de.cart_error(code), "{id}");
            }
            seen += 1;
        }
    }
    assert_eq!(seen, CartErrorCode::ALL.len() + OrderErrorCode::ALL.len());

    // The table, from $CARTSTORE_MESSAGES this time.
    let (code, table, stderr) =
        cartstore(&["--locale", "de", "errors"], &[("CARTSTORE_MESSAGES", &sample_dir())], None)?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(table.starts_with("Cart error codes (line items), Deutsch (de)\n"), "{table}");
    assert!(table.contains("Origin"), "{table}");
    let line = table.lines().find(|l| l.contains("10000")).ok_or("10000")?;
    assert!(line.contains("added") && line.contains("Die Währung"), "{line}");
    let line = table.lines().find(|l| l.contains("800061")).ok_or("800061")?;
    assert!(line.contains("fallback (en)") && line.contains("Order cannot be cancelled."), "{line}");
    let added = ids.iter().filter(|id| id.starts_with("cart-") || id.starts_with("order-")).count();
    let summary = format!("de: 0 built-in, 0 overridden, {added} added, ");
    assert!(table.contains(&summary), "{table}");

    // Without --messages, the listing is as it always was.
    let plain = json_of(cartstore(&["--locale", "de-AT", "errors", "--json"], &[], None)?)?;
    assert_eq!(plain["locale"], "en");
    assert!(plain["cartErrorCodes"][0].get("origin").is_none());
    // Nor with an empty $CARTSTORE_MESSAGES.
    let empty = json_of(cartstore(&["errors", "--json"], &[("CARTSTORE_MESSAGES", Path::new(""))], None)?)?;
    assert_eq!(empty, json_of(cartstore(&["errors", "--json"], &[], None)?)?);
    Ok(())
}

#[test]
fn cli_uses_an_override_for_line_errors_errors_and_the_listing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let fr_dir = dir.path().join("messages").join("fr");
    std::fs::create_dir_all(&fr_dir)?;
    std::fs::write(fr_dir.join("errors.ftl"), FR_OVERRIDE)?;
    let messages = dir.path().join("messages");
    let messages = messages.to_str().ok_or("path")?;
    let db = dir.path().join("cartstore.db");
    let db = db.to_str().ok_or("path")?;
    let base = ["--db", db, "--locale", "fr-CA", "--messages", messages];
    let with = |args: &[&'static str]| -> Vec<&str> { base.iter().copied().chain(args.iter().copied()).collect() };

    json_of(cartstore(&with(&["catalog", "import"]), &[], Some(CATALOG))?)?;
    let cart =
        json_of(cartstore(&with(&["cart", "create", "--customer", "c"]), &[], Some(CART_WITH_AN_UNKNOWN_ITEM))?)?;
    assert_eq!(cart["lineItems"][1]["error"]["errorDescription"], FR_10001);
    let cart_id = cart["id"].as_str().ok_or("id")?;
    let mut checkout = with(&["cart", "checkout", "--customer", "c", "--cart"]);
    checkout.push(cart_id);
    json_of(cartstore(&checkout, &[], None)?)?;
    let (code, stdout, stderr) = cartstore(&checkout, &[], None)?;
    assert_eq!(code, Some(1), "{stdout}");
    let error: Value = serde_json::from_str(stderr.trim())?;
    assert_eq!(error["code"], 800065);
    assert_eq!(error["description"], FR_800065.replace("3655b1a0", cart_id));

    let listing = json_of(cartstore(&with(&["errors", "--json"]), &[], None)?)?;
    let order = |code: i64| listing["orderErrorCodes"].as_array().and_then(|l| l.iter().find(|e| e["code"] == code));
    assert_eq!(order(800065).ok_or("800065")?["origin"], "overridden");
    assert_eq!(order(800064).ok_or("800064")?["origin"], "built-in");
    Ok(())
}

#[test]
fn cli_refuses_a_bad_messages_file_with_its_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("de").join("errors.ftl");
    std::fs::create_dir_all(file.parent().ok_or("parent")?)?;
    std::fs::write(&file, "label-locale-name = Deutsch\norder-800061 = Bestellung { $cartId }.\n")?;
    let path = file.to_str().ok_or("path")?;
    for locale in ["en", "fr"] {
        let (code, stdout, stderr) = cartstore(&["--locale", locale, "--messages", path, "errors"], &[], None)?;
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.is_empty());
        let error: Value = serde_json::from_str(stderr.trim())?;
        assert_eq!(error["code"], 900_006);
        assert_eq!(error["errorName"], "InvalidMessages");
        let description = error["description"].as_str().ok_or("description")?;
        let expected = Messages::new()
            .add(
                ResourceKind::Errors,
                "de",
                path,
                "label-locale-name = Deutsch\norder-800061 = Bestellung { $cartId }.\n",
            )
            .err()
            .ok_or("accepted")?;
        assert_eq!(description, Localizer::for_tag(locale).ok_or("locale")?.describe(&expected));
        assert!(description.contains(path) && description.contains('2') && description.contains("order-800061"));
    }
    Ok(())
}
