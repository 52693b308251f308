//! Criterion benchmarks of the hot calls: `create_cart` and `checkout` of a ten-line cart in
//! three order groups on a file database (WAL, synchronous=NORMAL), and the localized error
//! messages. `examples/perf.rs` measures the same calls against raw-rusqlite baselines.

use std::hint::black_box;
use std::time::Duration;

use cartstore::l10n::{Messages, ResourceKind};
use cartstore::{Cart, CartErrorCode, Localizer, OrderErrorCode, Store};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

mod common;
use common::{catalog, ten_line_cart};

const CUSTOMER: &str = "bench-customer";

fn setup() -> Result<(tempfile::TempDir, Store, Cart), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path().join("bench.db"))?;
    store.import_catalog(&catalog()?)?;
    Ok((dir, store, ten_line_cart()?))
}

fn store_benches(c: &mut Criterion) {
    let (_dir, store, cart) = match setup() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("benchmark setup failed: {e}");
            return;
        }
    };
    c.bench_function("create_cart/10_lines", |b| b.iter(|| black_box(store.create_cart(CUSTOMER, &cart))));
    c.bench_function("checkout/3_orders", |b| {
        b.iter_batched(
            || store.create_cart(CUSTOMER, &cart).map(|c| c.id),
            |id| id.map(|id| black_box(store.checkout(CUSTOMER, &id))),
            BatchSize::SmallInput,
        );
    });
}

fn l10n_benches(c: &mut Criterion) {
    let args = [("cartId", "3655b1a0-3c8e-4b7c-9d59-0c6a2e4f1b11")];
    for loc in Localizer::all() {
        c.bench_function(&format!("l10n/cart_error/{}", loc.locale()), |b| {
            b.iter(|| black_box(loc.cart_error(black_box(CartErrorCode::InventoryNotAvailable))));
        });
        c.bench_function(&format!("l10n/order_error/{}", loc.locale()), |b| {
            b.iter(|| {
                black_box(loc.order_error(black_box(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered), &args))
            });
        });
    }
    // The same calls on a localizer with supplied messages (fr 800065 replaced): the lookup
    // walks the supplied layer first.
    let mut messages = Messages::new();
    let source = "order-800065 = Le panier { $cartId } a déjà été soumis.";
    if messages.add(ResourceKind::Errors, "fr", "fr/errors.ftl", source).is_ok() {
        let fr = messages.negotiate(&["fr"]);
        c.bench_function("l10n/cart_error/fr+messages", |b| {
            b.iter(|| black_box(fr.cart_error(black_box(CartErrorCode::InventoryNotAvailable))));
        });
        c.bench_function("l10n/order_error/fr+messages", |b| {
            b.iter(|| {
                black_box(fr.order_error(black_box(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered), &args))
            });
        });
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = store_benches, l10n_benches
}
criterion_main!(benches);
