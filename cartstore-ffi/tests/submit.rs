//! Submitting through the C ABI with a C token callback, against the root package's fake
//! Partner Center (tests/it/pc/fake.rs, compiled in here): the callback's reasons and
//! `user_data`, a token copied (the host's string stays the host's), a 401 answered by a new
//! token, a NULL callback refused with status 3, a callback with no token pausing the
//! submission until `cartstore_resume_submissions` gets one, and reading submissions back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::ffi::{CStr, CString, c_char, c_void};
use std::ptr;

use cartstore_ffi::*;
use serde_json::Value;

#[allow(dead_code, unreachable_pub)]
#[path = "../../tests/it/pc/fake.rs"]
mod fake;

use fake::{FakePc, Fault, Route};

const CUSTOMER: &str = "9f2c3e55-8f2e-4c1b-9d2a-3b3c5d6e7f80";
const TOKEN: &str = "abi-token-0c4e";

const CATALOG: &str = r#"{"items": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "title": "Business Basic", "currencyCode": "USD",
   "minimumQuantity": 1, "maximumQuantity": 300,
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]}
]}"#;

const CART: &str = r#"{"lineItems": [
  {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"}
]}"#;

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

fn outcome(status: i32, json: *mut c_char, error: *mut c_char) -> (i32, Value) {
    let (json, error) = (take(json), take(error));
    let text = if status == CARTSTORE_OK { json } else { error };
    (status, serde_json::from_str(&text.unwrap()).unwrap())
}

/// What the host's callback keeps: the token it hands out (its own memory) and what it was asked.
struct Host {
    token: Option<CString>,
    calls: Vec<(i32, Option<String>)>,
}

/// The host's token callback: records the call, returns its token (or NULL).
unsafe extern "C" fn host_token(user_data: *mut c_void, reason: i32, claims: *const c_char) -> *const c_char {
    // SAFETY: `user_data` is the `&mut Host` the test passed, alive during the call.
    let host = unsafe { &mut *user_data.cast::<Host>() };
    // SAFETY: NULL or a NUL-terminated string valid during the callback (the ABI's contract).
    let claims = (!claims.is_null()).then(|| unsafe { CStr::from_ptr(claims) }.to_string_lossy().into_owned());
    host.calls.push((reason, claims));
    host.token.as_ref().map_or(ptr::null(), |t| t.as_ptr())
}

struct Store(*mut cartstore_store);

impl Drop for Store {
    fn drop(&mut self) {
        cartstore_close(self.0);
    }
}

/// A store with the catalog and a cart of the customer; the cart's id.
fn store_with_cart(dir: &tempfile::TempDir) -> (Store, String) {
    let path = c(dir.path().join("cartstore.db").to_str().unwrap());
    let (mut handle, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe { cartstore_open(path.as_ptr(), ptr::null(), &mut handle, &mut error) };
    assert_eq!(status, CARTSTORE_OK, "{:?}", take(error));
    let store = Store(handle);
    let catalog = c(CATALOG);
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: as above.
    let status = unsafe { cartstore_import_catalog(store.0, catalog.as_ptr(), &mut json, &mut error) };
    assert_eq!(outcome(status, json, error).0, CARTSTORE_OK);
    let (customer, cart) = (c(CUSTOMER), c(CART));
    // SAFETY: as above.
    let status = unsafe { cartstore_create_cart(store.0, customer.as_ptr(), cart.as_ptr(), &mut json, &mut error) };
    let (status, cart) = outcome(status, json, error);
    assert_eq!(status, CARTSTORE_OK, "{cart}");
    (store, cart["id"].as_str().unwrap().to_owned())
}

fn submit(
    store: &Store,
    cart_id: &str,
    endpoint: &str,
    token: cartstore_token_callback,
    host: &mut Host,
) -> (i32, Value) {
    let (customer, cart, endpoint) = (c(CUSTOMER), c(cart_id), c(endpoint));
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    let user_data: *mut Host = host;
    // SAFETY: valid strings, a callback honouring the contract, `user_data` alive during the call.
    let status = unsafe {
        cartstore_submit(
            store.0,
            customer.as_ptr(),
            cart.as_ptr(),
            endpoint.as_ptr(),
            token,
            user_data.cast(),
            &mut json,
            &mut error,
        )
    };
    outcome(status, json, error)
}

fn resume(store: &Store, endpoint: &str, host: &mut Host) -> (i32, Value) {
    let endpoint = c(endpoint);
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    let user_data: *mut Host = host;
    // SAFETY: as in `submit`.
    let status = unsafe {
        cartstore_resume_submissions(
            store.0,
            endpoint.as_ptr(),
            Some(host_token),
            user_data.cast(),
            &mut json,
            &mut error,
        )
    };
    outcome(status, json, error)
}

#[test]
fn submit_with_a_c_callback_orders_and_asks_again_after_a_401() {
    let dir = tempfile::tempdir().unwrap();
    let (store, cart_id) = store_with_cart(&dir);
    let pc = FakePc::start().unwrap();
    pc.add_availability("CFQ7TTC0LF8S", "0001", "Commercial", "US", &[("P1Y", "Monthly")]);
    pc.accept_tokens(&[TOKEN]);
    pc.inject(Route::CreateCart, 1, Fault::Unauthorized);
    let mut host = Host { token: Some(c(TOKEN)), calls: Vec::new() };
    let (status, submission) = submit(&store, &cart_id, &pc.endpoint(), Some(host_token), &mut host);
    assert_eq!(status, CARTSTORE_OK, "{submission}");
    assert_eq!(submission["state"], "ordered", "{submission}");
    assert_eq!(submission["pcCustomerId"], CUSTOMER);
    assert_eq!(pc.orders(CUSTOMER).len(), 1);
    let reasons: Vec<i32> = host.calls.iter().map(|(reason, _)| *reason).collect();
    assert_eq!(reasons, [CARTSTORE_TOKEN_INITIAL, CARTSTORE_TOKEN_REJECTED]);
    assert!(pc.requests().iter().all(|r| r.authorization.as_deref() == Some(&format!("Bearer {TOKEN}"))));
    // The token was the host's: still there, unchanged.
    assert_eq!(host.token.as_ref().unwrap().to_str().unwrap(), TOKEN);

    // Read back, one and all; a cart that is not the customer's lists nothing.
    let (customer, id) = (c(CUSTOMER), c(submission["submissionId"].as_str().unwrap()));
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    let status = unsafe { cartstore_get_submission(store.0, customer.as_ptr(), id.as_ptr(), &mut json, &mut error) };
    assert_eq!(outcome(status, json, error), (CARTSTORE_OK, submission.clone()));
    for (cart, count) in [("", 1), (cart_id.as_str(), 1), ("5b0f3c1e-0000-4000-8000-000000000000", 0)] {
        let cart = c(cart);
        // SAFETY: as above.
        let status =
            unsafe { cartstore_list_submissions(store.0, customer.as_ptr(), cart.as_ptr(), &mut json, &mut error) };
        let (status, list) = outcome(status, json, error);
        assert_eq!((status, list.as_array().map(Vec::len)), (CARTSTORE_OK, Some(count)), "{list}");
    }
}

#[test]
fn a_null_callback_is_refused_and_no_token_pauses_until_resume() {
    let dir = tempfile::tempdir().unwrap();
    let (store, cart_id) = store_with_cart(&dir);
    let pc = FakePc::start().unwrap();
    pc.add_availability("CFQ7TTC0LF8S", "0001", "Commercial", "US", &[("P1Y", "Monthly")]);
    pc.accept_tokens(&[TOKEN]);

    // A NULL callback: status 3 naming it, nothing done.
    let mut host = Host { token: None, calls: Vec::new() };
    let (status, error) = submit(&store, &cart_id, &pc.endpoint(), None, &mut host);
    assert_eq!(status, CARTSTORE_INVALID_ARGUMENT, "{error}");
    assert_eq!(error["code"], 800002);
    assert!(error.to_string().contains("token"), "{error}");
    assert!(pc.requests().is_empty());

    // A callback without a token: paused, nothing sent.
    let (status, submission) = submit(&store, &cart_id, &pc.endpoint(), Some(host_token), &mut host);
    assert_eq!(status, CARTSTORE_OK, "{submission}");
    assert_eq!(submission["state"], "pausedAuth", "{submission}");
    assert_eq!(submission["lastError"]["errorName"], "AuthenticationRequired");
    assert_eq!(host.calls.len(), 1);
    assert!(pc.requests().is_empty());

    // Resumed with a token: ordered.
    let mut host = Host { token: Some(c(TOKEN)), calls: Vec::new() };
    let (status, resumed) = resume(&store, &pc.endpoint(), &mut host);
    assert_eq!(status, CARTSTORE_OK, "{resumed}");
    assert_eq!(resumed.as_array().map(Vec::len), Some(1), "{resumed}");
    assert_eq!(resumed[0]["submissionId"], submission["submissionId"]);
    assert_eq!(resumed[0]["state"], "ordered", "{resumed}");
    assert_eq!(pc.checkouts_committed(), 1);
}
