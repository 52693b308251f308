//! The C ABI called from Rust as a C host would: the scenario, bad input of every kind, one
//! handle from 8 threads, closing while calls run, and error descriptions in other locales.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::ffi::{CString, c_char};
use std::ptr;

use cartstore::{CartChange, Error, InputProblem, Localizer, MessagesProblem, OrderStatus, StorageKind};
use cartstore_ffi::*;
use serde_json::{Value, json};

const CUSTOMER: &str = "customer-1";

fn c(text: &str) -> CString {
    CString::new(text).unwrap()
}

/// Takes a returned string: its text, freed.
fn take(ptr: *mut c_char) -> Option<String> {
    // SAFETY: NULL or a string this library returned, freed right after.
    let text = unsafe { read_c_string(ptr) };
    // SAFETY: as above, freed once.
    unsafe { cartstore_string_free(ptr) };
    text
}

struct Handle(*mut cartstore_store);

// SAFETY: a handle is a key into the library's table; the library is thread-safe.
unsafe impl Send for Handle {}
// SAFETY: as above.
unsafe impl Sync for Handle {}

fn open(path: &str, options: Option<&str>) -> Result<Handle, (i32, Value)> {
    let path = c(path);
    let options = options.map(c);
    let mut store = ptr::null_mut();
    let mut error = ptr::null_mut();
    // SAFETY: valid strings and out-pointers.
    let status = unsafe {
        cartstore_open(path.as_ptr(), options.as_ref().map_or(ptr::null(), |o| o.as_ptr()), &mut store, &mut error)
    };
    let error = take(error);
    if status == CARTSTORE_OK {
        assert!(error.is_none());
        Ok(Handle(store))
    } else {
        assert!(store.is_null());
        Err((status, serde_json::from_str(&error.unwrap()).unwrap()))
    }
}

/// The status and the JSON of `*out_json` (status 0) or `*out_error`.
fn outcome(status: i32, json: *mut c_char, error: *mut c_char) -> (i32, Value) {
    let (json, error) = (take(json), take(error));
    if status == CARTSTORE_OK {
        assert!(error.is_none(), "an error with status 0");
        (status, serde_json::from_str(&json.unwrap()).unwrap())
    } else {
        assert!(json.is_none(), "a result with status {status}");
        (status, serde_json::from_str(&error.expect("an error JSON")).unwrap())
    }
}

type Op2 = unsafe extern "C" fn(
    *const cartstore_store,
    *const c_char,
    *const c_char,
    *mut *mut c_char,
    *mut *mut c_char,
) -> i32;
type Op1 = unsafe extern "C" fn(*const cartstore_store, *const c_char, *mut *mut c_char, *mut *mut c_char) -> i32;

fn call1(f: Op1, store: &Handle, a: &str) -> (i32, Value) {
    let a = c(a);
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe { f(store.0, a.as_ptr(), &mut json, &mut error) };
    outcome(status, json, error)
}

fn call2(f: Op2, store: &Handle, a: &str, b: &str) -> (i32, Value) {
    let (a, b) = (c(a), c(b));
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe { f(store.0, a.as_ptr(), b.as_ptr(), &mut json, &mut error) };
    outcome(status, json, error)
}

fn checkout_with_request_id(store: &Handle, cart_id: &str, request_id: &str) -> (i32, Value) {
    let (a, b, r) = (c(CUSTOMER), c(cart_id), c(request_id));
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe {
        cartstore_checkout_with_request_id(store.0, a.as_ptr(), b.as_ptr(), r.as_ptr(), &mut json, &mut error)
    };
    outcome(status, json, error)
}

fn describe(error: &Value, locale: &str) -> (i32, String) {
    let (e, l) = (c(&error.to_string()), c(locale));
    let mut text = ptr::null_mut();
    // SAFETY: valid strings and out-pointer.
    let status = unsafe { cartstore_describe_error(e.as_ptr(), l.as_ptr(), &mut text) };
    (status, take(text).unwrap())
}

fn catalog() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/catalog.json")).unwrap()
}

const NEW_CART: &str = r#"{"lineItems": [{"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 5,
    "termDuration": "P1Y", "billingCycle": "monthly"}]}"#;

fn stocked(path: &str) -> Handle {
    let store = open(path, Some(r#"{"locale": "en", "user": "tester"}"#)).unwrap();
    assert_eq!(call1(cartstore_import_catalog, &store, &catalog()), (0, Value::Null));
    store
}

#[test]
fn abi_version() {
    assert_eq!(cartstore_abi_version(), CARTSTORE_ABI_VERSION);
}

#[test]
fn scenario() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let store = stocked(path.to_str().unwrap());
    let (status, cart) = call2(cartstore_create_cart, &store, CUSTOMER, NEW_CART);
    assert_eq!(status, 0, "{cart}");
    let cart_id = cart["id"].as_str().unwrap().to_owned();
    assert_eq!(cart["lastModifiedUser"], "tester");

    // An update with a stale lastModifiedTimestamp: a conflict, nothing written.
    let mut stale = cart.clone();
    stale["lastModifiedTimestamp"] = json!("2020-01-01T00:00:00Z");
    let (status, error) = call2(cartstore_update_cart, &store, CUSTOMER, &stale.to_string());
    assert_eq!(status, CARTSTORE_ERROR);
    assert_eq!(error["code"], 900_002);
    assert_eq!(error["errorName"], "Conflict");
    assert!(error["description"].as_str().unwrap().contains(&cart_id));

    // Checkout twice with one request id: the same orders.
    let (status, first) = checkout_with_request_id(&store, &cart_id, "request-1");
    assert_eq!(status, 0, "{first}");
    let (status, again) = checkout_with_request_id(&store, &cart_id, "request-1");
    assert_eq!(status, 0);
    assert_eq!(first, again);
    assert_eq!(first["orders"].as_array().unwrap().len(), 1);

    let (status, page) = call2(cartstore_list_orders, &store, CUSTOMER, "{}");
    assert_eq!(status, 0);
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["items"][0]["id"], first["orders"][0]["id"]);

    // An error, described again in Japanese.
    let (status, ja) = describe(&error, "ja-JP");
    assert_eq!(status, 0);
    assert_eq!(ja, Localizer::for_tag("ja").unwrap().describe(&Error::Conflict { cart_id: cart_id.clone() }));
    assert!(ja.contains("カート"), "{ja}");

    // Quotes (wave 2) go here: issue a quote for a cart, read it back, list them.

    cartstore_close(store.0);
    let (status, error) = call2(cartstore_get_cart, &store, CUSTOMER, &cart_id);
    assert_eq!((status, error["code"].clone(), error["detail"]["field"].clone()), (3, json!(800_002), json!("store")));
}

#[test]
fn every_operation_runs() {
    let store = stocked(":memory:");
    let (_, cart) = call2(cartstore_create_cart, &store, CUSTOMER, NEW_CART);
    let cart_id = cart["id"].as_str().unwrap().to_owned();
    assert_eq!(call2(cartstore_get_cart, &store, CUSTOMER, &cart_id).1["id"], cart["id"]);
    assert_eq!(call1(cartstore_list_carts, &store, CUSTOMER).1.as_array().unwrap().len(), 1);
    let (status, edited) = call2(cartstore_update_cart, &store, CUSTOMER, &cart.to_string());
    assert_eq!(status, 0, "{edited}");
    assert_eq!(call2(cartstore_preview_checkout, &store, CUSTOMER, &cart_id).1["orders"].as_array().unwrap().len(), 1);
    let (status, result) = call2(cartstore_checkout, &store, CUSTOMER, &cart_id);
    assert_eq!(status, 0);
    let order_id = result["orders"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(call2(cartstore_get_order, &store, CUSTOMER, &order_id).1["id"], json!(order_id));
    assert_eq!(call2(cartstore_provisioning_status, &store, CUSTOMER, &order_id).1["totalCount"], 1);
    let item = "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5";
    assert_eq!(call1(cartstore_catalog_item, &store, item).1["catalogItemId"], item);
    assert!(call1_noarg(cartstore_list_catalog, &store)["items"].as_array().unwrap().len() > 5);

    // record_provisioning: the int64 line number and the wire status.
    let (o, s) = (c(CUSTOMER), c(&order_id));
    let fulfilled = c("fulfilled");
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe {
        cartstore_record_provisioning(store.0, o.as_ptr(), s.as_ptr(), 0, fulfilled.as_ptr(), &mut json, &mut error)
    };
    let (status, order) = outcome(status, json, error);
    assert_eq!(status, 0, "{order}");
    assert_eq!(order["status"], "completed");
    let bad = c("shipped");
    // SAFETY: as above.
    let status = unsafe {
        cartstore_record_provisioning(store.0, o.as_ptr(), s.as_ptr(), 0, bad.as_ptr(), &mut json, &mut error)
    };
    let (status, error_json) = outcome(status, json, error);
    assert_eq!((status, error_json["detail"]["field"].as_str()), (3, Some("status")));
    let (status, error_json) = call2(cartstore_cancel_order, &store, CUSTOMER, &order_id);
    assert_eq!((status, error_json["code"].as_i64()), (1, Some(800_061)));

    // delete_cart: null on success.
    let (_, other) = call2(cartstore_create_cart, &store, CUSTOMER, NEW_CART);
    assert_eq!(call2(cartstore_delete_cart, &store, CUSTOMER, other["id"].as_str().unwrap()), (0, Value::Null));

    // checkout_json: the stored bytes, the same on a retry.
    let (_, third) = call2(cartstore_create_cart, &store, CUSTOMER, NEW_CART);
    let raw = |request: &str| {
        let (a, b, r) = (c(CUSTOMER), c(third["id"].as_str().unwrap()), c(request));
        let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
        // SAFETY: valid strings and out-pointers.
        let status =
            unsafe { cartstore_checkout_json(store.0, a.as_ptr(), b.as_ptr(), r.as_ptr(), &mut json, &mut error) };
        assert_eq!(status, 0);
        assert!(take(error).is_none());
        take(json).unwrap()
    };
    assert_eq!(raw("r-9"), raw("r-9"));

    // copy_into: everything, into an empty store only.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let copy = copy.to_str().unwrap();
    assert_eq!(call1(cartstore_copy_into, &store, copy), (0, Value::Null));
    let copied = open(copy, None).unwrap();
    for customer_call in [cartstore_list_carts, cartstore_list_quotes] {
        assert_eq!(call1(customer_call, &copied, CUSTOMER), call1(customer_call, &store, CUSTOMER));
    }
    assert_eq!(
        call2(cartstore_list_orders, &copied, CUSTOMER, "{}"),
        call2(cartstore_list_orders, &store, CUSTOMER, "{}")
    );
    let (status, error_json) = call1(cartstore_copy_into, &store, copy);
    assert_eq!(
        (status, error_json["code"].as_i64(), error_json["detail"]["field"].as_str()),
        (1, Some(800_002), Some("destination"))
    );
    cartstore_close(copied.0);
    cartstore_close(store.0);
}

fn call1_noarg(
    f: unsafe extern "C" fn(*const cartstore_store, *mut *mut c_char, *mut *mut c_char) -> i32,
    store: &Handle,
) -> Value {
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid out-pointers.
    let status = unsafe { f(store.0, &mut json, &mut error) };
    outcome(status, json, error).1
}

#[test]
fn bad_input_is_refused_with_status_3_naming_the_argument() {
    let store = stocked(":memory:");
    let customer = c(CUSTOMER);
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    let field = |status: i32, json: *mut c_char, error: *mut c_char| {
        let (status, error) = outcome(status, json, error);
        assert_eq!(status, CARTSTORE_INVALID_ARGUMENT, "{error}");
        assert_eq!(error["code"], 800_002);
        error["detail"]["field"].as_str().unwrap().to_owned()
    };

    // NULL arguments.
    // SAFETY: NULL is allowed by the contract; valid out-pointers.
    let status = unsafe { cartstore_get_cart(store.0, ptr::null(), customer.as_ptr(), &mut json, &mut error) };
    assert_eq!(field(status, json, error), "customer");
    // SAFETY: as above.
    let status = unsafe { cartstore_create_cart(store.0, customer.as_ptr(), ptr::null(), &mut json, &mut error) };
    assert_eq!(field(status, json, error), "new_cart");

    // Invalid UTF-8.
    let latin1 = CString::new(vec![b'c', 0xE9, b'!']).unwrap();
    // SAFETY: NUL-terminated; valid out-pointers.
    let status = unsafe { cartstore_get_cart(store.0, latin1.as_ptr(), customer.as_ptr(), &mut json, &mut error) };
    assert_eq!(field(status, json, error), "customer");

    // Malformed JSON, and JSON of the wrong shape.
    for body in ["{\"lineItems\": [", "[1, 2]", "not json"] {
        let body = c(body);
        // SAFETY: valid strings and out-pointers.
        let status = unsafe { cartstore_create_cart(store.0, customer.as_ptr(), body.as_ptr(), &mut json, &mut error) };
        let (status, error_json) = outcome(status, json, error);
        assert_eq!(status, 3);
        assert_eq!(error_json["detail"]["field"], "new_cart");
        assert!(error_json["description"].as_str().unwrap().contains("argument new_cart"), "{error_json}");
    }
    let bad_query = c(r#"{"pageSize": "ten"}"#);
    // SAFETY: valid strings and out-pointers.
    let status =
        unsafe { cartstore_list_orders(store.0, customer.as_ptr(), bad_query.as_ptr(), &mut json, &mut error) };
    assert_eq!(field(status, json, error), "query");

    // A NULL store, a made-up one, a pointer to something else.
    let cart_id = c("00000000-0000-0000-0000-000000000000");
    let mut local = 42_u64;
    let handles: [*const cartstore_store; 3] =
        [ptr::null(), ptr::without_provenance(0xdead_beef), (&raw mut local).cast::<cartstore_store>()];
    for handle in handles {
        // SAFETY: the handle is never dereferenced; valid strings and out-pointers.
        let status = unsafe { cartstore_get_cart(handle, customer.as_ptr(), cart_id.as_ptr(), &mut json, &mut error) };
        assert_eq!(field(status, json, error), "store");
    }
    assert_eq!(local, 42);

    // NULL out-parameters.
    let mut error_only = ptr::null_mut();
    // SAFETY: NULL out_json is allowed by the contract.
    let status = unsafe { cartstore_list_carts(store.0, customer.as_ptr(), ptr::null_mut(), &mut error_only) };
    assert_eq!(field(status, ptr::null_mut(), error_only), "out_json");
    let mut json_only = ptr::null_mut();
    // SAFETY: NULL out_error is allowed by the contract.
    let status = unsafe { cartstore_list_carts(store.0, customer.as_ptr(), &mut json_only, ptr::null_mut()) };
    assert_eq!((status, json_only), (3, ptr::null_mut()));

    // Out-parameters holding garbage are set to NULL on entry.
    let mut json = ptr::without_provenance_mut::<c_char>(1);
    let mut error = ptr::without_provenance_mut::<c_char>(1);
    // SAFETY: valid strings and out-pointers (their old values are never read).
    let status = unsafe { cartstore_get_cart(store.0, customer.as_ptr(), cart_id.as_ptr(), &mut json, &mut error) };
    assert_eq!(status, CARTSTORE_ERROR);
    assert!(json.is_null());
    let (_, not_found) = outcome(status, json, error);
    assert_eq!(not_found["code"], 800_008);

    // The store still works; closing twice and closing NULL are harmless.
    assert_eq!(call1(cartstore_list_carts, &store, CUSTOMER).0, 0);
    cartstore_close(store.0);
    cartstore_close(store.0);
    cartstore_close(ptr::null_mut());
    // SAFETY: NULL is ignored.
    unsafe { cartstore_string_free(ptr::null_mut()) };
}

#[test]
fn open_refuses_bad_arguments_and_options() {
    let mut store = ptr::null_mut();
    let mut error = ptr::null_mut();
    // SAFETY: NULL path is allowed by the contract.
    let status = unsafe { cartstore_open(ptr::null(), ptr::null(), &mut store, &mut error) };
    assert_eq!((status, store), (3, ptr::null_mut()));
    assert!(take(error).unwrap().contains("\"path\""));
    // SAFETY: NULL out_store is allowed.
    let status = unsafe { cartstore_open(c(":memory:").as_ptr(), ptr::null(), ptr::null_mut(), &mut error) };
    assert_eq!(status, 3);
    assert!(take(error).unwrap().contains("out_store"));
    for options in ["{", r#"{"locale": 3}"#, r#"{"colour": "blue"}"#] {
        let (status, error) = open(":memory:", Some(options)).err().unwrap();
        assert_eq!((status, error["detail"]["field"].as_str()), (3, Some("options_json")), "{options}");
    }
    // Not a database: status 1, described in the requested locale.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "these are not the carts you are looking for, not at all, no").unwrap();
    let (status, error) = open(file.to_str().unwrap(), Some(r#"{"locale": "fr-CA"}"#)).err().unwrap();
    assert_eq!((status, error["code"].as_i64()), (1, Some(900_004)));
    let fr = Localizer::for_tag("fr").unwrap();
    assert_eq!(
        error["description"].as_str().unwrap(),
        fr.describe(&Error::NotADatabase { path: file.display().to_string() })
    );
}

#[test]
fn supplied_messages_and_locale_describe_errors() {
    let messages = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/messages");
    let store = open(":memory:", Some(&json!({"locale": "de-AT", "messages": messages}).to_string())).unwrap();
    let (status, error) = call2(cartstore_get_cart, &store, CUSTOMER, "c-1");
    assert_eq!(status, 1);
    let german = cartstore::l10n::Messages::new()
        .load(std::path::Path::new(messages))
        .unwrap()
        .negotiate(&["de"])
        .describe(&Error::CartNotFound { cart_id: "c-1".into() });
    assert_eq!(error["description"].as_str().unwrap(), german);
    cartstore_close(store.0);

    let bad = open(":memory:", Some(r#"{"messages": "/nonexistent/messages"}"#)).err().unwrap();
    assert_eq!((bad.0, bad.1["code"].as_i64()), (1, Some(900_006)));

    let ja = open(":memory:", Some(r#"{"locale": "ja-JP", "busyTimeoutMs": 100}"#)).unwrap();
    let (_, error) = call2(cartstore_get_cart, &ja, CUSTOMER, "c-1");
    assert_eq!(
        error["description"].as_str().unwrap(),
        Localizer::for_tag("ja").unwrap().describe(&Error::CartNotFound { cart_id: "c-1".into() })
    );
    cartstore_close(ja.0);
}

/// Every kind of error survives the trip through its JSON: described again in each locale,
/// it reads as the library's own description.
#[test]
fn describe_error_renders_every_error_in_every_locale() {
    let errors = vec![
        Error::CartNotFound { cart_id: "c-1".into() },
        Error::CartExpired { cart_id: "c-1".into() },
        Error::CartAlreadyOrdered { cart_id: "c-1".into() },
        Error::CartAlreadyOrderedCannotChange { cart_id: "c-1".into(), operation: CartChange::Delete },
        Error::CartBusy { cart_id: "c-1".into() },
        Error::Conflict { cart_id: "c-1".into() },
        Error::OrderNotFound { order_id: "o-1".into() },
        Error::OrderCannotBeCancelled { order_id: "o-1".into(), status: OrderStatus::Completed },
        Error::invalid("lineItems[0].quantity", InputProblem::OutOfRange),
        Error::invalid("lineItems", InputProblem::TooMany { max: 500 }),
        Error::invalid("body", InputProblem::Syntax { detail: "expected value".into() }),
        Error::SchemaTooNew { found: 9, supported: 3 },
        Error::NotADatabase { path: "/tmp/x".into() },
        Error::InvalidMessages {
            resource: "de/errors.ftl".into(),
            line: Some(3),
            id: Some("order-800065".into()),
            problem: MessagesProblem::UnknownVariable { name: "orderId".into() },
        },
        Error::storage(StorageKind::Full, "disk full"),
    ];
    for err in &errors {
        let wire: Value = serde_json::from_str(&cartstore_ffi::errors::error_json(err, Localizer::default())).unwrap();
        assert_eq!(wire["code"], err.code());
        assert_eq!(wire["errorName"], err.name());
        assert_eq!(cartstore_ffi::errors::from_detail(&wire["detail"]).as_ref(), Some(err));
        for l10n in Localizer::all() {
            assert_eq!(describe(&wire, l10n.locale()), (0, l10n.describe(err)), "{err:?}");
        }
    }
    // An order error of a checkout result: its code and its arguments.
    let (status, text) = describe(&json!({"code": 800064, "detail": {"cartId": "c-9"}}), "fr");
    assert_eq!(status, 0);
    assert!(text.contains("c-9"), "{text}");
    // Not an error, or nothing to describe: 3 with an error JSON naming the argument.
    for bad in [json!({"code": 12}), json!([1]), json!({"detail": {"error": "Conflict"}})] {
        let (status, text) = describe(&bad, "en");
        assert_eq!(status, 3);
        assert!(text.contains("error_json"), "{text}");
    }
    let mut text = ptr::null_mut();
    // SAFETY: NULL arguments are allowed by the contract.
    let status = unsafe { cartstore_describe_error(ptr::null(), ptr::null(), &mut text) };
    assert_eq!(status, 3);
    assert!(take(text).unwrap().contains("\"locale\""));
    // SAFETY: NULL out_text is allowed.
    assert_eq!(unsafe { cartstore_describe_error(ptr::null(), ptr::null(), ptr::null_mut()) }, 3);
}

/// One handle, 8 threads at once: every call succeeds, and every cart is there.
#[test]
fn one_handle_from_eight_threads() {
    let dir = tempfile::tempdir().unwrap();
    let store = stocked(dir.path().join("threads.db").to_str().unwrap());
    std::thread::scope(|scope| {
        for t in 0..8 {
            let store = &store;
            scope.spawn(move || {
                let customer = format!("customer-{t}");
                for i in 0..20 {
                    let (status, cart) = call2(cartstore_create_cart, store, &customer, NEW_CART);
                    assert_eq!(status, 0, "{cart}");
                    let id = cart["id"].as_str().unwrap();
                    assert_eq!(call2(cartstore_get_cart, store, &customer, id).0, 0);
                    if i % 2 == 0 {
                        assert_eq!(checkout_with_request_id_for(store, &customer, id).0, 0);
                    }
                }
            });
        }
    });
    for t in 0..8 {
        assert_eq!(call1(cartstore_list_carts, &store, &format!("customer-{t}")).1.as_array().unwrap().len(), 20);
    }
    cartstore_close(store.0);
}

fn checkout_with_request_id_for(store: &Handle, customer: &str, cart_id: &str) -> (i32, Value) {
    call2(cartstore_checkout, store, customer, cart_id)
}

/// Closing while other threads call: each call either completes (0) or finds the handle
/// closed (3); nothing crashes, and the handle stays closed.
#[test]
fn close_while_calls_are_in_flight() {
    let store = stocked(":memory:");
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let store = &store;
            scope.spawn(move || {
                for _ in 0..200 {
                    let (status, _) = call1(cartstore_list_carts, store, CUSTOMER);
                    assert!(status == 0 || status == 3, "{status}");
                }
            });
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        cartstore_close(store.0);
    });
    assert_eq!(call1(cartstore_list_carts, &store, CUSTOMER).0, 3);
}

/// A panic inside an export is caught: status 2, an error JSON in English, and the handle
/// still works.
#[test]
fn a_panic_is_caught_at_the_boundary() {
    let store = stocked(":memory:");
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid out-pointers; the body panics on purpose.
    let status = unsafe { run(store.0, &mut json, &mut error, |_| panic!("boom")) };
    let (status, error) = outcome(status, json, error);
    assert_eq!(status, CARTSTORE_PANIC);
    assert_eq!((error["code"].as_i64(), error["errorName"].as_str()), (Some(900_000), Some("Panic")));
    assert!(error["description"].as_str().unwrap().contains("boom"));
    assert_eq!(call1(cartstore_list_carts, &store, CUSTOMER).0, 0);
    cartstore_close(store.0);
}

#[test]
fn a_postgres_url_opens_a_team_store_or_is_a_typed_error() {
    // Nothing listens on port 1: unavailable, naming the server and never the password; or,
    // in a library built without PostgreSQL, refused as such.
    let (status, error) = open("postgres://alice:s3cret@127.0.0.1:1/shop?connect_timeout=5", None).err().unwrap();
    assert_eq!((status, error["code"].as_i64(), &error["errorName"]), (1, Some(900_005), &json!("Storage")));
    assert!(!error.to_string().contains("s3cret"), "{error}");
    if error["detail"]["kind"] != "unavailable" {
        assert_eq!(error["detail"]["kind"], "other", "{error}");
        assert!(error["detail"]["detail"].as_str().unwrap().contains("PostgreSQL"), "{error}");
        eprintln!("note: this build has no PostgreSQL support (feature `postgres`); the live part is skipped");
        return;
    }
    assert_eq!(error["detail"]["detail"], "127.0.0.1:1", "{error}");
    let Some(server) = std::env::var("CARTSTORE_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) else {
        assert!(
            std::env::var("CARTSTORE_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "CARTSTORE_TEST_POSTGRES is not set"
        );
        eprintln!("note: CARTSTORE_TEST_POSTGRES is not set; the live part is skipped");
        return;
    };
    // A fresh database on the server: its name in place of the URL's.
    let random = std::hash::BuildHasher::hash_one(&std::collections::hash_map::RandomState::new(), std::process::id());
    let name = format!("ffi_{random:016x}");
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let (base, query) = server.split_once('?').map_or((server.as_str(), None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    let url = match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    };
    let store = stocked(&url);
    let (status, cart) = call2(cartstore_create_cart, &store, CUSTOMER, NEW_CART);
    assert_eq!(status, 0, "{cart}");
    let cart_id = cart["id"].as_str().unwrap().to_owned();
    let (status, result) = checkout_with_request_id(&store, &cart_id, "request-1");
    assert_eq!(status, 0, "{result}");
    let (status, page) = call2(cartstore_list_orders, &store, CUSTOMER, "{}");
    assert_eq!(status, 0);
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["items"][0]["id"], result["orders"][0]["id"]);
    cartstore_close(store.0);
}
