//! Price lists in the store (`Store::import_price_list`), customer profiles, pricing from
//! price lists, and catalog search. The real US file beside the repository is used when
//! present; otherwise the project's sample stands in (each such test says so on stderr).

mod import;
mod money;
#[cfg(feature = "postgres")]
mod parity;
mod pricing;
mod search;
mod wave3;

use std::path::PathBuf;
use std::sync::Arc;

use cartstore::{Cart, CustomerProfile, ManualClock, Store, StoreOptions};
use serde_json::{Value, json};

pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// The real November 2025 US price list beside the repository, if this checkout has it.
pub fn real_file() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/price-lists/Nov_NCE_LicenseBasedPL_GA_US.csv");
    // CARTSTORE_NO_SHARED=1 runs the tests as a clone without `../shared` would.
    if path.is_file() && std::env::var_os("CARTSTORE_NO_SHARED").is_none() {
        Some(path)
    } else {
        eprintln!("note: {} is absent; checking the project's sample instead", path.display());
        None
    }
}

/// The project's sample price list.
pub fn sample() -> TestResult<Vec<u8>> {
    Ok(std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/pricelist-sample.csv"))?)
}

/// A store on a manual clock at `now`, whose carts live a year.
pub fn store_at(now: &str) -> TestResult<(Store, Arc<ManualClock>)> {
    let clock = Arc::new(ManualClock::new(now.parse()?));
    let store = crate::backends::open_with(StoreOptions {
        clock: clock.clone(),
        cart_lifetime: chrono::Duration::days(365),
        ..StoreOptions::default()
    })?;
    Ok((store, clock))
}

/// A cart of `lines` (each `(item, quantity, term, cycle)`).
pub fn cart(lines: &[(&str, i64, &str, &str)]) -> TestResult<Cart> {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(item, quantity, term, cycle)| {
            json!({"catalogItemId": item, "quantity": quantity, "termDuration": term, "billingCycle": cycle})
        })
        .collect();
    Ok(serde_json::from_value(json!({ "lineItems": lines }))?)
}

/// Sets a profile built from JSON.
pub fn profile(store: &Store, customer: &str, value: Value) -> TestResult<CustomerProfile> {
    let profile: CustomerProfile = serde_json::from_value(value)?;
    Ok(store.set_customer(customer, &profile)?)
}

/// Each line's pricing figure `name` (`listPrice`, `extendedPrice`) as a normalized decimal
/// (`57.6`, `604.8`; `null` when the line has no pricing).
pub fn figures(cart: &Cart, name: &str) -> TestResult<Vec<String>> {
    let value = serde_json::to_value(cart)?;
    let lines = value["lineItems"].as_array().ok_or("no lines")?;
    let figure = |v: &Value| -> TestResult<String> {
        if v.is_null() {
            return Ok("null".to_owned());
        }
        Ok(v.to_string().parse::<rust_decimal::Decimal>()?.normalize().to_string())
    };
    lines.iter().map(|l| figure(&l["pricing"][name])).collect()
}

/// Each line's error code (`null` for a line without error) as JSON text.
pub fn line_errors(cart: &Cart) -> TestResult<Vec<String>> {
    let value = serde_json::to_value(cart)?;
    let lines = value["lineItems"].as_array().ok_or("no lines")?;
    Ok(lines.iter().map(|l| l["error"]["errorCode"].to_string()).collect())
}
