//! Bytes → template text → `QuoteTemplate::parse` → `Quote::to_html_with` on one fixed quote,
//! in each built-in locale: must never panic, whatever the template (syntax errors, loops,
//! filters, deep nesting, huge output); a refusal is `Error::InvalidTemplate`. The quote is
//! issued once per thread from a small catalog (two currencies, an add-on, a one-time item),
//! so that a template can reach groups, lines, totals and money formatting.
#![no_main]

use cartstore::quote::{Quote, QuoteOptions, QuoteTemplate};
use cartstore::{Cart, Catalog, Error, Localizer, Store};
use libfuzzer_sys::fuzz_target;

const CATALOG: &str = r#"{"items": [
  {"catalogItemId": "BASIC:0001:A", "title": "Business <Basic> & \"Co\"", "currencyCode": "USD",
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]},
  {"catalogItemId": "ADDON:0001:A", "currencyCode": "USD", "addonOf": ["BASIC:0001:A"],
   "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 2}]},
  {"catalogItemId": "SOFT:0001:A", "currencyCode": "EUR",
   "terms": [{"billingCycle": "one_time", "listPrice": 199.99}]}
]}"#;

const CART: &str = r#"{"lineItems": [
  {"catalogItemId": "BASIC:0001:A", "quantity": 3, "termDuration": "P1Y", "billingCycle": "monthly",
   "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": 3, "termDuration": "P1Y", "billingCycle": "monthly"}]},
  {"catalogItemId": "SOFT:0001:A", "quantity": 1, "billingCycle": "one_time"}
]}"#;

/// The fixed quote, issued once.
fn issue() -> Option<Quote> {
    let store = Store::open_in_memory().ok()?;
    store.import_catalog(&serde_json::from_str::<Catalog>(CATALOG).ok()?).ok()?;
    let cart = store.create_cart("fuzz-customer", &serde_json::from_str::<Cart>(CART).ok()?).ok()?;
    store.issue_quote("fuzz-customer", &cart.id, &QuoteOptions::default()).ok()
}

thread_local! {
    static QUOTE: Option<Quote> = issue();
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let template = match QuoteTemplate::parse(text) {
        Ok(template) => template,
        Err(err) => {
            assert!(matches!(err, Error::InvalidTemplate { .. }), "parse refused with {err:?}");
            return;
        }
    };
    QUOTE.with(|quote| {
        let Some(quote) = quote else { return };
        for l10n in Localizer::all() {
            if let Err(err) = quote.to_html_with(&l10n, &template) {
                assert!(matches!(err, Error::InvalidTemplate { .. }), "render refused with {err:?}");
            }
        }
    });
});
