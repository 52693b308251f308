//! Issue 24 (Hardening 3) and issue 23 item 17 through the C ABI: arguments that are not
//! strings in `cartstore_describe_error`, a store's supplied messages in the description of an
//! error and the rendering of a quote, a busy timeout past what SQLite takes, an import path
//! that is a directory, the new file error and the new messages problem.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::ffi::{CString, c_char};
use std::ptr;

use cartstore::{Error, FileOperation, Localizer, MessagesProblem};
use cartstore_ffi::*;
use serde_json::{Value, json};

const CUSTOMER: &str = "customer-1";

fn c(text: &str) -> CString {
    CString::new(text).unwrap()
}

fn take(ptr: *mut c_char) -> Option<String> {
    // SAFETY: NULL or a string this library returned, freed right after.
    let text = unsafe { read_c_string(ptr) };
    // SAFETY: as above, freed once.
    unsafe { cartstore_string_free(ptr) };
    text
}

fn open(path: &str, options: &Value) -> Result<*mut cartstore_store, Value> {
    let (path, options) = (c(path), c(&options.to_string()));
    let (mut store, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe { cartstore_open(path.as_ptr(), options.as_ptr(), &mut store, &mut error) };
    match take(error) {
        None if status == CARTSTORE_OK => Ok(store),
        error => Err(serde_json::from_str(&error.unwrap_or_default()).unwrap_or(json!({"status": status}))),
    }
}

/// Calls an export taking the store and two strings; the status and the JSON of the result or
/// the error.
fn call2(
    f: unsafe extern "C" fn(
        *const cartstore_store,
        *const c_char,
        *const c_char,
        *mut *mut c_char,
        *mut *mut c_char,
    ) -> i32,
    store: *const cartstore_store,
    a: &str,
    b: &str,
) -> (i32, Value) {
    let (a, b) = (c(a), c(b));
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe { f(store, a.as_ptr(), b.as_ptr(), &mut json, &mut error) };
    let text = if status == CARTSTORE_OK { take(json) } else { take(error) };
    (status, serde_json::from_str(&text.unwrap()).unwrap())
}

fn describe(error: &Value, locale: &str) -> (i32, String) {
    let (e, l) = (c(&error.to_string()), c(locale));
    let mut text = ptr::null_mut();
    // SAFETY: valid strings and out-pointer.
    let status = unsafe { cartstore_describe_error(e.as_ptr(), l.as_ptr(), &mut text) };
    (status, take(text).unwrap())
}

fn store_describe(store: *const cartstore_store, error: &Value, locale: &str) -> (i32, String) {
    let (e, l) = (c(&error.to_string()), c(locale));
    let mut text = ptr::null_mut();
    // SAFETY: valid strings and out-pointer; the store is a handle or NULL.
    let status = unsafe { cartstore_store_describe_error(store, e.as_ptr(), l.as_ptr(), &mut text) };
    (status, take(text).unwrap())
}

fn store_render(store: *const cartstore_store, quote: &str, locale: Option<&str>) -> (i32, String) {
    let q = c(quote);
    let l = locale.map(c);
    let mut html = ptr::null_mut();
    // SAFETY: valid strings (or NULL locale) and out-pointer.
    let status = unsafe {
        cartstore_store_render_quote(store, q.as_ptr(), l.as_ref().map_or(ptr::null(), |l| l.as_ptr()), &mut html)
    };
    (status, take(html).unwrap())
}

// 24.26
#[test]
fn describe_error_renders_number_and_boolean_arguments() {
    for (detail, shows) in
        [(json!({"cartId": 4711}), "4711"), (json!({"cartId": 1.5}), "1.5"), (json!({"cartId": true}), "true")]
    {
        for l10n in Localizer::all() {
            let (status, text) = describe(&json!({"code": 800064, "detail": detail}), l10n.locale());
            assert_eq!(status, 0, "{text}");
            assert!(text.contains(shows) && !text.contains('{'), "{}: {text}", l10n.locale());
        }
    }
    // null, an array or an object is no argument: refused, not a placeholder.
    for detail in [json!({"cartId": null}), json!({"cartId": [1]}), json!({"cartId": {"a": 1}})] {
        let (status, text) = describe(&json!({"code": 800064, "detail": detail}), "en");
        assert_eq!(status, 3, "{text}");
        assert!(text.contains("error_json"), "{text}");
    }
}

// 23.17: the store's messages reach describe_error and render_quote.
#[test]
fn a_stores_supplied_messages_describe_errors_and_render_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let messages = dir.path().join("messages");
    std::fs::create_dir_all(messages.join("de")).unwrap();
    std::fs::write(messages.join("de/quote.ftl"), "quote-heading = Angebot\n").unwrap();
    std::fs::write(
        messages.join("de/errors.ftl"),
        "order-800064 = Der Warenkorb { $cartId } wird gerade bearbeitet.\n",
    )
    .unwrap();
    let store = open(":memory:", &json!({"locale": "en", "messages": messages.to_str().unwrap()})).unwrap();

    let busy = json!({"code": 800064, "detail": {"cartId": "c-9"}});
    assert_eq!(store_describe(store, &busy, "de-AT"), (0, "Der Warenkorb c-9 wird gerade bearbeitet.".to_owned()));
    // The store-less export knows the built-in locales only (English for de).
    assert_eq!(
        describe(&busy, "de").1,
        Localizer::default()
            .order_error(cartstore::OrderErrorCode::CartProcessedByAnotherRequest, &[("cartId", "c-9")])
    );

    let catalog = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/catalog.json")).unwrap();
    let cart_json =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/demo-cart.json")).unwrap();
    let catalog_text = c(&catalog);
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe { cartstore_import_catalog(store, catalog_text.as_ptr(), &mut json, &mut error) };
    assert_eq!(status, 0, "{:?}", take(error));
    take(json);
    let (status, profile) = call2(cartstore_set_customer, store, CUSTOMER, r#"{"locale": "de"}"#);
    assert_eq!(status, 0, "{profile}");
    let (status, cart) = call2(cartstore_create_cart, store, CUSTOMER, &cart_json);
    assert_eq!(status, 0, "{cart}");
    let (customer, cart_id, options) = (c(CUSTOMER), c(cart["id"].as_str().unwrap()), c("{}"));
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe {
        cartstore_issue_quote(store, customer.as_ptr(), cart_id.as_ptr(), options.as_ptr(), &mut json, &mut error)
    };
    assert_eq!(status, 0, "{:?}", take(error));
    let quote: Value = serde_json::from_str(&take(json).unwrap()).unwrap();
    assert_eq!(quote["locale"], "de");
    let quote = quote.to_string();
    // The quote's own locale (NULL), or de asked for: the supplied labels.
    for locale in [None, Some("de"), Some("")] {
        let (status, html) = store_render(store, &quote, locale);
        assert_eq!(status, 0, "{html}");
        assert!(html.contains("Angebot"), "{locale:?}");
    }
    let (status, html) = store_render(store, &quote, Some("fr"));
    assert_eq!(status, 0);
    assert!(!html.contains("Angebot") && html.contains("Devis"));

    // A closed or NULL store is refused (3), naming the argument.
    cartstore_close(store);
    let (status, text) = store_describe(store, &busy, "de");
    assert_eq!(status, 3);
    assert!(text.contains("store"), "{text}");
    let (status, text) = store_render(ptr::null(), &quote, None);
    assert_eq!(status, 3);
    assert!(text.contains("store"), "{text}");
}

// 24.15
#[test]
fn a_busy_timeout_past_what_sqlite_takes_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    for ms in [u64::MAX, 1 << 31, 1 << 40] {
        let store = open(path.to_str().unwrap(), &json!({"busyTimeoutMs": ms})).unwrap();
        let customer = c(CUSTOMER);
        let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
        // SAFETY: valid strings and out-pointers.
        let status = unsafe { cartstore_get_customer(store, customer.as_ptr(), &mut json, &mut error) };
        assert_eq!(status, 0, "{:?}", take(error));
        take(json);
        cartstore_close(store);
    }
}

// 24.12
#[test]
fn an_import_path_that_is_a_directory_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(":memory:", &json!({"locale": "fr"})).unwrap();
    let path = c(dir.path().to_str().unwrap());
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe { cartstore_import_price_list(store, path.as_ptr(), &mut json, &mut error) };
    assert_eq!(status, 1);
    let error: Value = serde_json::from_str(&take(error).unwrap()).unwrap();
    assert_eq!(error["code"], 900_009, "{error}");
    let text = error["description"].as_str().unwrap();
    assert!(text.starts_with("Impossible de lire le fichier") && text.contains(dir.path().to_str().unwrap()), "{text}");
    cartstore_close(store);
}

/// The new error and messages problem survive the trip through their JSON.
#[test]
fn the_file_error_and_the_reference_problem_describe_again_in_every_locale() {
    let errors = [
        Error::File { path: "/tmp/q.html".into(), operation: FileOperation::Write, reason: "Is a directory".into() },
        Error::File { path: "/tmp/p.csv".into(), operation: FileOperation::Read, reason: "Input/output error".into() },
        Error::InvalidMessages {
            resource: "de/errors.ftl".into(),
            line: Some(2),
            id: Some("order-800061".into()),
            problem: MessagesProblem::Reference { name: "order-800065".into() },
        },
    ];
    for err in &errors {
        let wire: Value = serde_json::from_str(&errors::error_json(err, Localizer::default())).unwrap();
        assert_eq!(errors::from_detail(&wire["detail"]).as_ref(), Some(err));
        for l10n in Localizer::all() {
            assert_eq!(describe(&wire, l10n.locale()), (0, l10n.describe(err)), "{err:?}");
        }
    }
}
