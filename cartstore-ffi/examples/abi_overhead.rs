//! The cost of a call through the C ABI over the same Rust call: `get_cart` of a 10-line cart,
//! `checkout` of a 10-line cart, and `list_orders` (a page of 50 orders of 10 lines), on a file
//! store (WAL). Run in release:
//!
//! ```sh
//! cargo run --release -p cartstore-ffi --example abi_overhead
//! ```
//!
//! It prints microseconds per call for the Rust call, the Rust call plus serializing its
//! result with serde_json (the work the ABI adds on the way out, which the ABI does with the
//! wire types' own writer, `cartstore::model::WireJson`: the same bytes; for `list_orders`
//! the Rust call plus `WireJson` too), and the ABI call (arguments read from C strings, the
//! handle looked up, the result serialized and returned as a C string, then freed), and the
//! ratio of the ABI call to the Rust call: medians of interleaved blocks. Figures are in
//! BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::ffi::{CString, c_char};
use std::ptr;
use std::time::Instant;

use cartstore::model::WireJson;
use cartstore::{Cart, Catalog, OrderQuery, Store, StoreOptions};
use cartstore_ffi::{
    cartstore_checkout, cartstore_close, cartstore_get_cart, cartstore_list_orders, cartstore_open, cartstore_store,
    cartstore_string_free,
};

const CUSTOMER: &str = "customer-1";

fn ten_lines() -> Cart {
    let line = serde_json::json!({"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 2,
        "termDuration": "P1Y", "billingCycle": "monthly"});
    serde_json::from_value(serde_json::json!({"lineItems": vec![line; 10]})).unwrap()
}

fn open_abi(path: &str) -> *mut cartstore_store {
    let path = CString::new(path).unwrap();
    let (mut store, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers.
    assert_eq!(unsafe { cartstore_open(path.as_ptr(), ptr::null(), &mut store, &mut error) }, 0);
    store
}

type Op = unsafe extern "C" fn(
    *const cartstore_store,
    *const c_char,
    *const c_char,
    *mut *mut c_char,
    *mut *mut c_char,
) -> i32;

fn call(f: Op, store: *mut cartstore_store, customer: &CString, id: &CString) {
    let (mut json, mut error) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid strings and out-pointers; the strings returned are freed once.
    unsafe {
        assert_eq!(f(store, customer.as_ptr(), id.as_ptr(), &mut json, &mut error), 0);
        cartstore_string_free(json);
        cartstore_string_free(error);
    }
}

fn micros(start: Instant, n: usize) -> f64 {
    start.elapsed().as_secs_f64() * 1e6 / n as f64
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let catalog: Catalog = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/catalog.json")).unwrap(),
    )
    .unwrap();
    let store = Store::open_with(&path, StoreOptions::default()).unwrap();
    store.import_catalog(&catalog).unwrap();
    let abi = open_abi(path.to_str().unwrap());
    let customer = CString::new(CUSTOMER).unwrap();
    let cart = store.create_cart(CUSTOMER, &ten_lines()).unwrap();
    let id = CString::new(cart.id.clone()).unwrap();

    // The three ways are interleaved in small blocks, so that other load on the machine and
    // the database's growth weigh on each alike; each figure is the median block.
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };

    // get_cart: 200 blocks of 50 calls each way.
    let (mut rust, mut rust_json, mut ffi) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..200 {
        let start = Instant::now();
        for _ in 0..50 {
            std::hint::black_box(store.get_cart(CUSTOMER, &cart.id).unwrap());
        }
        rust.push(micros(start, 50));
        let start = Instant::now();
        for _ in 0..50 {
            std::hint::black_box(serde_json::to_string(&store.get_cart(CUSTOMER, &cart.id).unwrap()).unwrap());
        }
        rust_json.push(micros(start, 50));
        let start = Instant::now();
        for _ in 0..50 {
            call(cartstore_get_cart, abi, &customer, &id);
        }
        ffi.push(micros(start, 50));
    }
    let (rust, rust_json, ffi) = (median(rust), median(rust_json), median(ffi));
    println!(
        "get_cart (10 lines): Rust {rust:.2} µs, Rust + JSON {rust_json:.2} µs, ABI {ffi:.2} µs, ratio {:.2}",
        ffi / rust
    );

    // checkout: 100 blocks of 10 carts each way, each cart checked out once.
    let (mut rust, mut rust_json, mut ffi) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..100 {
        let ids: Vec<String> = (0..30).map(|_| store.create_cart(CUSTOMER, &ten_lines()).unwrap().id).collect();
        let c_ids: Vec<CString> = ids[20..].iter().map(|i| CString::new(i.as_str()).unwrap()).collect();
        let start = Instant::now();
        for id in &ids[..10] {
            std::hint::black_box(store.checkout(CUSTOMER, id).unwrap());
        }
        rust.push(micros(start, 10));
        let start = Instant::now();
        for id in &ids[10..20] {
            std::hint::black_box(serde_json::to_string(&store.checkout(CUSTOMER, id).unwrap()).unwrap());
        }
        rust_json.push(micros(start, 10));
        let start = Instant::now();
        for id in &c_ids {
            call(cartstore_checkout, abi, &customer, id);
        }
        ffi.push(micros(start, 10));
    }
    let (rust, rust_json, ffi) = (median(rust), median(rust_json), median(ffi));
    println!(
        "checkout (10 lines): Rust {rust:.2} µs, Rust + JSON {rust_json:.2} µs, ABI {ffi:.2} µs, ratio {:.2}",
        ffi / rust
    );

    // list_orders: a page of 50 of the orders above, 100 blocks of 10 pages each way.
    let query = OrderQuery { page_size: Some(50), ..OrderQuery::default() };
    let c_query = CString::new(r#"{"pageSize": 50}"#).unwrap();
    let (mut rust, mut rust_json, mut ffi, mut rust_wire) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..100 {
        let start = Instant::now();
        for _ in 0..10 {
            std::hint::black_box(store.list_orders(CUSTOMER, &query).unwrap());
        }
        rust.push(micros(start, 10));
        let start = Instant::now();
        for _ in 0..10 {
            std::hint::black_box(store.list_orders(CUSTOMER, &query).unwrap().to_json().unwrap());
        }
        rust_wire.push(micros(start, 10));
        let start = Instant::now();
        for _ in 0..10 {
            std::hint::black_box(serde_json::to_string(&store.list_orders(CUSTOMER, &query).unwrap()).unwrap());
        }
        rust_json.push(micros(start, 10));
        let start = Instant::now();
        for _ in 0..10 {
            call(cartstore_list_orders, abi, &customer, &c_query);
        }
        ffi.push(micros(start, 10));
    }
    let (rust, rust_json, ffi, rust_wire) = (median(rust), median(rust_json), median(ffi), median(rust_wire));
    println!(
        "list_orders (50 of 10 lines): Rust {rust:.2} µs, Rust + JSON {rust_json:.2} µs (+ WireJson {rust_wire:.2}), \
         ABI {ffi:.2} µs, ratio {:.2}",
        ffi / rust
    );
    cartstore_close(abi);
}
