//! `cartstore demo`: an end-to-end run on the sample catalog, for a new user to see what the
//! library does. It runs on its own database (`cartstore-demo.db`, created afresh on every
//! run by `paths::demo_database`, never the user's `--db`, `$CARTSTORE_DB` or default file,
//! whose prices and inventory an import would overwrite), imports `examples/catalog.json`,
//! creates the cart requested by `examples/demo-cart.json` for a sample customer, checks it
//! out, and renders the refusal of a second checkout in all four languages. The database's
//! path is printed, to look at it afterwards.
//!
//! Both files are compiled in, so the binary runs from any directory. The demo only shows
//! what the library returns: the prices, line errors and order groups of the cart
//! [`Store::create_cart`] makes, the orders and order errors of [`Store::checkout`], the
//! cart's status read back, and descriptions from [`Localizer`]. What the cart demonstrates
//! (several order groups, an add-on, a promotion, an invalid line) is in the JSON file, not
//! here. Labels are English; the descriptions the store writes are in the chosen locale.

use std::fmt::Write as _;
use std::path::Path;

use cartstore::model::{CartStatus, Money, Quantity, minor_units};
use cartstore::{Cart, CartCheckoutResult, CartErrorCode, CartLineItem, Catalog, Error, Localizer, Order, Store};
use serde::Serialize;

use super::io::{self, Outcome};

/// The sample catalog that ships with the crate.
const SAMPLE_CATALOG: &str = include_str!("../../examples/catalog.json");
/// The cart the demo asks for: a Partner Center cart request body over the sample catalog.
const SAMPLE_CART: &str = include_str!("../../examples/demo-cart.json");
/// The sample customer (tenant) every run buys for.
const CUSTOMER: &str = "demo-customer";

/// Runs the demo on `store` (opened at `db`), printing text or, with `json`, one JSON object.
pub fn run(store: &Store, db: &Path, l10n: Localizer, json: bool) -> Outcome {
    let catalog: Catalog = io::parse_body(SAMPLE_CATALOG.as_bytes())?;
    store.import_catalog(&catalog)?;
    let new_cart: Cart = io::parse_body(SAMPLE_CART.as_bytes())?;
    let cart = store.create_cart(CUSTOMER, &new_cart)?;
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
            locale: l10n.locale(),
            customer_id: CUSTOMER,
            catalog_items: catalog.items.len(),
            cart: &cart,
            checkout_result: &result,
            error: ErrorJson { code: shown.code(), error_name: shown.name() },
            descriptions,
        });
    }
    let report =
        Report { db, l10n, catalog: &catalog, cart: &cart, result: &result, status, shown: &shown, descriptions };
    io::print_text(&render(&report))
}

/// The demo's `--json` document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DemoJson<'a> {
    database: String,
    locale: &'static str,
    customer_id: &'static str,
    catalog_items: usize,
    cart: &'a Cart,
    checkout_result: &'a CartCheckoutResult,
    error: ErrorJson,
    descriptions: Vec<Description>,
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

// ---------------------------------------------------------------------------------------------
// The text report.
// ---------------------------------------------------------------------------------------------

struct Report<'a> {
    db: &'a Path,
    l10n: Localizer,
    catalog: &'a Catalog,
    cart: &'a Cart,
    result: &'a CartCheckoutResult,
    /// The cart's status read back after the checkout.
    status: Option<CartStatus>,
    shown: &'a Shown,
    descriptions: Vec<Description>,
}

/// Every line of a cart with its label (`2`, or `0.1` for the second add-on of line 0), each
/// line followed by its add-ons.
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

/// An amount with its currency, in the currency's minor units (`1824.00 USD`, `3000 JPY`).
fn money(amount: Option<Money>, currency: Option<&str>) -> String {
    let Some(amount) = amount.map(Money::amount) else { return String::new() };
    let currency = currency.unwrap_or_default();
    let digits = usize::try_from(minor_units(currency)).unwrap_or(2);
    format!("{amount:.digits$} {currency}").trim_end().to_owned()
}

fn or_dash(value: Option<String>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or_else(|| "-".to_owned())
}

fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    summary(&mut out, report);
    cart_lines(&mut out, report);
    checkout(&mut out, report);
    refusal(&mut out, report);
    let db_arg = shell_word(&report.db.display().to_string());
    let _ = writeln!(out, "\nNext: cartstore --db {db_arg} order list --customer {CUSTOMER}");
    let _ = writeln!(out, "      cartstore --db {db_arg} cart get --customer {CUSTOMER} --cart {}", report.cart.id);
    out
}

fn summary(out: &mut String, report: &Report<'_>) {
    let language = report.l10n.message("label-locale-name", &[]);
    let _ = writeln!(out, "cartstore demo");
    let summary = [
        ("Database", format!("{} (the demo's own, created afresh on every run)", report.db.display())),
        ("Locale", format!("{} ({language}): the descriptions below are in it", report.l10n.locale())),
        ("Catalog", format!("{} items imported from examples/catalog.json", report.catalog.items.len())),
        ("Cart", "the request in examples/demo-cart.json".to_owned()),
        ("Customer", CUSTOMER.to_owned()),
    ];
    for (label, value) in summary {
        let _ = writeln!(out, "  {label:<10}{value}");
    }
}

/// The cart as created: its lines with their prices and groups, its line errors, and the
/// promotions applied.
fn cart_lines(out: &mut String, report: &Report<'_>) {
    let Report { l10n, cart, .. } = report;
    let stamp = cart.expiration_timestamp.map_or_else(|| "-".to_owned(), |t| t.to_string());
    let status = cart.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
    let _ = writeln!(out, "\nCart {}  ({status}, expires {stamp})", cart.id);
    let lines = all_lines(&cart.line_items);
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|(label, line)| {
            let pricing = line.pricing.as_ref();
            let currency = line.currency_code.as_deref();
            let addon = label.contains('.');
            vec![
                label.clone(),
                if addon { format!("+ {}", item_name(line)) } else { item_name(line) },
                line.quantity.as_ref().and_then(Quantity::get).map(|q| q.to_string()).unwrap_or_default(),
                or_dash(line.term_duration.clone()),
                or_dash(line.billing_cycle.map(|c| c.to_string())),
                or_dash(line.order_group.clone()),
                money(pricing.and_then(|p| p.list_price), currency),
                money(pricing.and_then(|p| p.price), currency),
                money(pricing.and_then(|p| p.extended_price), currency),
                line.error
                    .as_ref()
                    .and_then(|e| e.error_code)
                    .map(|c| format!("error {}", c.code()))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    out.push_str(&io::table(
        &["Line", "Item", "Qty", "Term", "Billing", "Group", "List price", "Price", "Extended", ""],
        &rows,
        &[false, false, true, false, false, false, true, true, true, false],
        "  ",
    ));

    let promotions: Vec<Vec<String>> = lines
        .iter()
        .filter_map(|(label, line)| {
            let promotion = line.promotion_id.clone()?;
            let pricing = line.pricing.as_ref();
            let currency = line.currency_code.as_deref();
            Some(vec![
                label.clone(),
                promotion,
                money(pricing.and_then(|p| p.list_price), currency),
                money(pricing.and_then(|p| p.discounted_price), currency),
            ])
        })
        .collect();
    if !promotions.is_empty() {
        let _ = writeln!(out, "\nPromotions");
        out.push_str(&io::table(
            &["Line", "Promotion", "List price", "Discounted"],
            &promotions,
            &[false, false, true, true],
            "  ",
        ));
    }

    let errors: Vec<Vec<String>> = lines
        .iter()
        .filter_map(|(label, line)| {
            let error = line.error.as_ref()?;
            let code = error.error_code.unwrap_or(CartErrorCode::Unknown);
            let mut description = error.error_description.clone().unwrap_or_else(|| l10n.cart_error(code));
            if let Some(info) = &error.additional_information {
                let available = info.available_quantity.map_or_else(|| "-".to_owned(), |q| q.to_string());
                let purchased = info.purchased_quantity.map_or_else(|| "-".to_owned(), |q| q.to_string());
                description.push_str(&format!(" (available {available}, requested {purchased})"));
            }
            Some(vec![label.clone(), code.code().to_string(), code.name().to_owned(), description])
        })
        .collect();
    if !errors.is_empty() {
        let _ = writeln!(out, "\nLine errors (an invalid line is kept in the cart; its order group will fail)");
        out.push_str(&io::table(&["Line", "Code", "Name", "Description"], &errors, &[false, true, false, false], "  "));
    }
}

/// The checkout's orders, line by line, and its order errors.
fn checkout(out: &mut String, report: &Report<'_>) {
    let Report { result, status, .. } = report;
    let order_errors = result.order_errors.as_deref().unwrap_or_default();
    let _ = writeln!(
        out,
        "\nCheckout: {} order(s), {} order error(s); the cart is now {}",
        result.orders.len(),
        order_errors.len(),
        status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
    );
    if !result.orders.is_empty() {
        let rows: Vec<Vec<String>> = result.orders.iter().flat_map(order_rows).collect();
        out.push_str(&io::table(
            &["Order", "Billing", "Status", "Line", "Item", "Qty", "Extended"],
            &rows,
            &[false, false, false, true, false, true, true],
            "  ",
        ));
    }
    if !order_errors.is_empty() {
        let _ = writeln!(out, "\nOrder errors (one per order group that did not become an order)");
        let rows: Vec<Vec<String>> = order_errors
            .iter()
            .map(|e| {
                vec![
                    format!("group {}", e.order_group_id.as_deref().unwrap_or("-")),
                    e.code.map(|c| c.code().to_string()).unwrap_or_default(),
                    e.code.map(|c| c.name().to_owned()).unwrap_or_default(),
                    e.description.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&io::table(&["Group", "Code", "Name", "Description"], &rows, &[false, true, false, false], "  "));
    }
}

/// One row per line of `order`; the order's id, billing cycle and status on its first.
fn order_rows(order: &Order) -> Vec<Vec<String>> {
    let currency = order.currency_code.as_deref();
    order
        .line_items
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let order_cells = if i == 0 {
                vec![
                    order.id.clone(),
                    or_dash(order.billing_cycle.map(|c| c.to_string())),
                    or_dash(order.status.map(|s| s.to_string())),
                ]
            } else {
                vec![String::new(); 3]
            };
            let line_cells = [
                line.line_item_number.map(|n| n.to_string()).unwrap_or_default(),
                line.friendly_name.clone().or_else(|| line.offer_id.clone()).unwrap_or_default(),
                line.quantity.map(|q| q.to_string()).unwrap_or_default(),
                money(line.pricing.as_ref().and_then(|p| p.extended_price), currency),
            ];
            order_cells.into_iter().chain(line_cells).collect()
        })
        .collect()
}

/// The error shown in every language.
fn refusal(out: &mut String, report: &Report<'_>) {
    let what = match report.shown {
        Shown::Error(_) => "Checking the same cart out again is refused",
        Shown::Line(_) => "The invalid line's error",
    };
    let _ = writeln!(out, "\n{what}: {} {}, in every language", report.shown.code(), report.shown.name());
    let rows: Vec<Vec<String>> = report
        .descriptions
        .iter()
        .map(|d| vec![d.language.clone(), d.locale.to_owned(), d.description.clone()])
        .collect();
    out.push_str(&io::table(&["Language", "Tag", "Description"], &rows, &[false, false, false], "  "));
}

/// A line's name: its friendlyName, else its catalog item id.
fn item_name(line: &CartLineItem) -> String {
    line.friendly_name.clone().or_else(|| line.catalog_item_id.clone()).unwrap_or_default()
}

/// `text` quoted for a POSIX shell when it needs it.
fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:=@%,".contains(c)) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
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
