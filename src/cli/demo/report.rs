//! The demo's text report: the run's summary, the cart as created (lines, prices, groups,
//! promotions, line errors), the checkout's orders and order errors, and one error in every
//! language, laid out as tables. It formats what the library returned and computes nothing.

use std::fmt::Write as _;
use std::path::Path;

use cartstore::model::{CartStatus, Money, Quantity, minor_units};
use cartstore::{
    Cart, CartCheckoutResult, CartErrorCode, CartLineItem, Catalog, CatalogItem, Collection, ImportReport, Localizer,
    Order,
};

use super::super::io;
use super::{CUSTOMER, Description, Shown, all_lines};

/// What the report shows.
pub(super) struct Report<'a> {
    pub(super) db: &'a Path,
    pub(super) l10n: Localizer,
    /// The quote issued for the cart before its checkout, and where its document was written.
    pub(super) quote: (&'a str, &'a Path),
    pub(super) catalog: &'a Catalog,
    /// The sample price list's import report.
    pub(super) price_list: &'a ImportReport,
    /// The search shown.
    pub(super) search: &'a Collection<CatalogItem>,
    pub(super) cart: &'a Cart,
    pub(super) result: &'a CartCheckoutResult,
    /// The cart's status read back after the checkout.
    pub(super) status: Option<CartStatus>,
    pub(super) shown: &'a Shown,
    pub(super) descriptions: Vec<Description>,
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

/// The whole report.
pub(super) fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    summary(&mut out, report);
    search(&mut out, report);
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
        (
            "Prices",
            format!(
                "{} rows ({} items) imported from examples/pricelist-sample.csv",
                report.price_list.rows, report.price_list.items
            ),
        ),
        ("Cart", "the request in examples/demo-cart.json".to_owned()),
        ("Customer", CUSTOMER.to_owned()),
        ("Quote", format!("{} for the cart, 15 % over cost: {}", report.quote.0, report.quote.1.display())),
    ];
    for (label, value) in summary {
        let _ = writeln!(out, "  {label:<10}{value}");
    }
}

/// The search: the best matches with their titles and how many terms each offers.
fn search(out: &mut String, report: &Report<'_>) {
    let found = report.search;
    let _ = writeln!(
        out,
        "\nSearch \"{}\": {} items match; the best {}",
        super::SEARCH,
        found.total_count,
        found.items.len()
    );
    let rows: Vec<Vec<String>> = found
        .items
        .iter()
        .map(|item| vec![item.catalog_item_id.clone(), or_dash(item.title.clone()), item.terms.len().to_string()])
        .collect();
    out.push_str(&io::table(&["Item", "Title", "Terms"], &rows, &[false, false, true], "  "));
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
