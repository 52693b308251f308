//! `cartstore demo`: an end-to-end run on the sample catalog, for a new user to see what the
//! library does. It runs on its own database (`cartstore-demo.db`, created afresh on every
//! run by `paths::demo_database`, never the user's `--db`, `$CARTSTORE_DB` or default file,
//! whose prices and inventory an import would overwrite), imports `examples/catalog.json` and
//! the sample price list `examples/pricelist-sample.csv`, searches the catalog once, creates
//! the cart requested by `examples/demo-cart.json` for a sample customer, checks it
//! out, and renders the refusal of a second checkout in all four languages. The database's
//! path is printed, to look at it afterwards.
//!
//! Both files are compiled in, so the binary runs from any directory. The demo only shows
//! what the library returns: the prices, line errors and order groups of the cart
//! [`Store::create_cart`] makes, the orders and order errors of [`Store::checkout`], the
//! cart's status read back, and descriptions from [`Localizer`]. What the cart demonstrates
//! (several order groups, an add-on, a promotion, an invalid line) is in the JSON file, not
//! here. Labels are English; the descriptions the store writes are in the chosen locale.
//! This file runs the demo and prints its `--json` document; [`report`] lays out the text.

use std::path::Path;

use cartstore::quote::{PriceBasis, QuoteOptions, Seller};
use cartstore::{
    Cart, CartCheckoutResult, CartErrorCode, CartLineItem, Catalog, CatalogItem, CatalogQuery, Collection, Error,
    ImportReport, Localizer, Store,
};
use serde::Serialize;

use super::io::{self, Outcome};

mod report;

/// The sample catalog that ships with the crate.
const SAMPLE_CATALOG: &str = include_str!("../../../examples/catalog.json");
/// The sample price list (Microsoft's price-list format, the project's own rows).
const SAMPLE_PRICE_LIST: &str = include_str!("../../../examples/pricelist-sample.csv");
/// The words the demo searches the catalog for.
const SEARCH: &str = "contoso busi bas";
/// The cart the demo asks for: a Partner Center cart request body over the sample catalog.
const SAMPLE_CART: &str = include_str!("../../../examples/demo-cart.json");
/// The sample customer (tenant) every run buys for.
const CUSTOMER: &str = "demo-customer";

/// Runs the demo on `store` (opened at `db`), printing text or, with `json`, one JSON object.
pub fn run(store: &Store, db: &Path, l10n: Localizer, json: bool) -> Outcome {
    let catalog: Catalog = io::parse_body(SAMPLE_CATALOG.as_bytes())?;
    store.import_catalog(&catalog)?;
    let price_list = store.import_price_list(SAMPLE_PRICE_LIST.as_bytes())?;
    let search = store.search_catalog(&CatalogQuery {
        text: Some(SEARCH.to_owned()),
        page_size: Some(3),
        ..CatalogQuery::default()
    })?;
    let new_cart: Cart = io::parse_body(SAMPLE_CART.as_bytes())?;
    let cart = store.create_cart(CUSTOMER, &new_cart)?;
    // The quote the partner hands the customer, before the checkout: 15 % over cost, written
    // beside the database in the demo's language.
    let options = QuoteOptions {
        price_basis: PriceBasis::Markup(rust_decimal::Decimal::from(15)),
        seller: Seller {
            name: "Contoso Cloud Partners".to_owned(),
            address_lines: vec!["1 Microsoft Way".to_owned(), "Redmond, WA 98052".to_owned()],
            contact: Some("quotes@contoso.example".to_owned()),
            ..Seller::default()
        },
        terms: Some("Prices exclude tax. Subscriptions renew automatically at the end of their term.".to_owned()),
        ..QuoteOptions::default()
    };
    let quote = store.issue_quote(CUSTOMER, &cart.id, &options)?;
    let quote_path = db.with_file_name("cartstore-demo-quote.html");
    std::fs::write(&quote_path, quote.to_html(&l10n))
        .map_err(|e| cartstore::Error::file(&quote_path, cartstore::FileOperation::Write, &e))?;
    let result = store.checkout(CUSTOMER, &cart.id)?;
    let shown = match store.checkout(CUSTOMER, &cart.id) {
        Err(err) => Shown::Error(err),
        // Not refused (the first checkout made no order): show the first line error instead.
        Ok(_) => Shown::Line(first_line_error(&cart)),
    };
    let status = store.get_cart(CUSTOMER, &cart.id)?.status;
    let descriptions: Vec<Description> = Localizer::all()
        .into_iter()
        .map(|loc| Description {
            locale: loc.locale(),
            language: loc.message("label-locale-name", &[]),
            description: shown.describe(loc),
        })
        .collect();
    if json {
        return io::print_json(&DemoJson {
            database: db.display().to_string(),
            quote_number: quote.quote_number.clone(),
            quote_html: quote_path.display().to_string(),
            locale: l10n.locale(),
            customer_id: CUSTOMER,
            catalog_items: catalog.items.len(),
            price_list,
            search: SearchJson { text: SEARCH, result: &search },
            cart: &cart,
            checkout_result: &result,
            error: ErrorJson { code: shown.code(), error_name: shown.name() },
            descriptions,
        });
    }
    let report = report::Report {
        db,
        l10n,
        quote: (&quote.quote_number, &quote_path),
        catalog: &catalog,
        price_list: &price_list,
        search: &search,
        cart: &cart,
        result: &result,
        status,
        shown: &shown,
        descriptions,
    };
    io::print_text(&report::render(&report))
}

/// The demo's `--json` document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DemoJson<'a> {
    database: String,
    quote_number: String,
    quote_html: String,
    locale: &'static str,
    customer_id: &'static str,
    catalog_items: usize,
    price_list: ImportReport,
    search: SearchJson<'a>,
    cart: &'a Cart,
    checkout_result: &'a CartCheckoutResult,
    error: ErrorJson,
    descriptions: Vec<Description>,
}

/// The search the demo shows: its words and the page found.
#[derive(Serialize)]
struct SearchJson<'a> {
    text: &'static str,
    result: &'a Collection<CatalogItem>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorJson {
    code: i32,
    error_name: &'static str,
}

/// One error's description in one locale.
#[derive(Serialize)]
struct Description {
    locale: &'static str,
    language: String,
    description: String,
}

/// The error shown in four languages: the refusal of a second checkout, or, should the first
/// checkout have made no order (a catalog with nothing valid to buy), the invalid line's error.
enum Shown {
    Error(Error),
    Line(CartErrorCode),
}

impl Shown {
    fn code(&self) -> i32 {
        match self {
            Shown::Error(err) => err.code(),
            Shown::Line(code) => code.code(),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Shown::Error(err) => err.name(),
            Shown::Line(code) => code.name(),
        }
    }

    fn describe(&self, l10n: Localizer) -> String {
        match self {
            Shown::Error(err) => l10n.describe(err),
            Shown::Line(code) => l10n.cart_error(*code),
        }
    }
}

/// The code of the first line error in `cart` (the sample cart has one invalid line).
fn first_line_error(cart: &Cart) -> CartErrorCode {
    all_lines(&cart.line_items)
        .into_iter()
        .find_map(|(_, line)| line.error.as_ref().and_then(|e| e.error_code))
        .unwrap_or(CartErrorCode::Unknown)
}

/// Every line of a cart with its label, the line's id (`2`; `0.1` for the add-on whose id is 1
/// under line 0), each line followed by its add-ons.
fn all_lines(lines: &[CartLineItem]) -> Vec<(String, &CartLineItem)> {
    fn walk<'c>(lines: &'c [CartLineItem], prefix: Option<&str>, out: &mut Vec<(String, &'c CartLineItem)>) {
        for (i, line) in lines.iter().enumerate() {
            let id = line.id.unwrap_or(i64::try_from(i).unwrap_or_default());
            let label = prefix.map_or_else(|| id.to_string(), |p| format!("{p}.{id}"));
            out.push((label.clone(), line));
            walk(line.addon_items.as_deref().unwrap_or_default(), Some(&label), out);
        }
    }
    let mut out = Vec::new();
    walk(lines, None, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cartstore::{ManualClock, StoreOptions};
    use chrono::{TimeZone, Utc};

    use super::*;

    /// The shipped cart still shows what the demo is for (several order groups, an add-on, a
    /// promotion applied, one invalid line whose group fails), at an instant inside the sample
    /// promotion's dates.
    #[test]
    fn the_sample_cart_shows_groups_an_addon_a_promotion_and_an_invalid_line() -> Result<(), Box<dyn std::error::Error>>
    {
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).single().ok_or("date")?;
        let store = Store::open_in_memory_with(StoreOptions {
            clock: Arc::new(ManualClock::new(now)),
            ..StoreOptions::default()
        })?;
        store.import_catalog(&serde_json::from_str(SAMPLE_CATALOG)?)?;
        let cart = store.create_cart(CUSTOMER, &serde_json::from_str(SAMPLE_CART)?)?;
        let lines = all_lines(&cart.line_items);
        assert_eq!(lines.iter().filter(|(_, line)| line.error.is_some()).count(), 1, "one invalid line");
        assert!(lines.iter().any(|(label, _)| label.contains('.')), "an add-on");
        let discounted = |line: &CartLineItem| {
            line.pricing.as_ref().is_some_and(|p| p.discounted_price.is_some() && p.discounted_price != p.list_price)
        };
        assert!(lines.iter().any(|(_, line)| line.promotion_id.is_some() && discounted(line)), "a promotion");
        let result = store.checkout(CUSTOMER, &cart.id)?;
        assert!(result.orders.len() >= 3, "several orders");
        assert_eq!(result.order_errors.map(|errors| errors.len()), Some(1), "one failed group");
        Ok(())
    }
}
