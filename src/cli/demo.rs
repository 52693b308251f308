//! `cartstore demo`: an end-to-end run on the sample catalog, for a new user to see what the
//! library does. It runs on its own database (`cartstore-demo.db`, created afresh on every
//! run by `paths::demo_database`, never the user's `--db`, `$CARTSTORE_DB` or default file,
//! whose prices and inventory an import would overwrite), imports `examples/catalog.json`,
//! creates a new cart for a sample customer with several order groups, an add-on and one
//! invalid line, checks it out, and renders the refusal of a second checkout in all four
//! languages. The database's path is printed, to look at it afterwards.
//!
//! The cart is planned from whatever the sample catalog holds (items, terms, add-ons, quantity
//! limits), so the demo keeps working when the catalog changes. Labels are English; the
//! descriptions the store writes are in the chosen locale.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use cartstore::model::{CatalogTerm, Money, Quantity, minor_units};
use cartstore::{
    BillingCycleType, Cart, CartCheckoutResult, CartErrorCode, CartLineItem, Catalog, CatalogItem, Error, Localizer,
    Order, Store,
};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use super::io::{self, Outcome};

/// The sample catalog that ships with the crate.
const SAMPLE_CATALOG: &str = include_str!("../../examples/catalog.json");
/// The sample customer (tenant) every run buys for.
const CUSTOMER: &str = "demo-customer";
/// A catalog item id no catalog has, for the invalid line when no quantity limit can be broken.
const UNKNOWN_ITEM: &str = "DZH318Z0DEMO:0001:NOTINCATALOG";
/// The quantity the demo asks for, within each item's limits.
const PREFERRED_QUANTITY: i64 = 10;
/// At most this many order groups of valid lines.
const VALID_GROUPS: usize = 3;

/// Runs the demo on `store` (opened at `db`), printing text or, with `json`, one JSON object.
pub fn run(store: &Store, db: &Path, l10n: Localizer, json: bool) -> Outcome {
    let catalog: Catalog = io::parse_body(SAMPLE_CATALOG.as_bytes())?;
    store.import_catalog(&catalog)?;
    let new_cart = plan_cart(&catalog, Utc::now());
    let cart = store.create_cart(CUSTOMER, &new_cart)?;
    let result = store.checkout(CUSTOMER, &cart.id)?;
    let shown = refusal(store, &cart, &result);
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
    let text =
        render(&Report { db, l10n, catalog: &catalog, cart: &cart, result: &result, shown: &shown, descriptions });
    io::print_text(&text)
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

fn refusal(store: &Store, cart: &Cart, result: &CartCheckoutResult) -> Shown {
    if !result.orders.is_empty()
        && let Err(err) = store.checkout(CUSTOMER, &cart.id)
    {
        return Shown::Error(err);
    }
    let code = all_lines(&cart.line_items)
        .into_iter()
        .find_map(|(_, line)| line.error.as_ref().and_then(|e| e.error_code))
        .unwrap_or(CartErrorCode::CatalogItemIdIsNotValid);
    Shown::Line(code)
}

// ---------------------------------------------------------------------------------------------
// Planning the cart from the catalog.
// ---------------------------------------------------------------------------------------------

/// An item bought with one of its terms.
#[derive(Clone, Copy)]
struct Pick<'a> {
    item: &'a CatalogItem,
    term: &'a CatalogTerm,
}

/// An order group's key: (billing cycle, currency).
type Group = (Option<BillingCycleType>, String);

impl Pick<'_> {
    /// The order group this pick falls in.
    fn group(&self) -> Group {
        (self.term.billing_cycle, self.item.currency_code.to_ascii_uppercase())
    }
}

fn min_quantity(item: &CatalogItem) -> i64 {
    item.minimum_quantity.unwrap_or(1).max(1)
}

/// An item a cart can buy on its own, in a quantity within its limits and inventory.
fn is_base(item: &CatalogItem) -> bool {
    let min = min_quantity(item);
    item.eligible_for_purchase
        && item.addon_of.is_empty()
        && item.maximum_quantity.is_none_or(|max| max >= min)
        && item.inventory.is_none_or(|inventory| inventory >= min)
}

/// The new cart: lines in up to three order groups (two lines in the first where the catalog
/// allows), an add-on under the first base that has one, and one invalid line in a group of
/// its own (a quantity over the item's maximum, or an unknown catalog item).
fn plan_cart(catalog: &Catalog, now: DateTime<Utc>) -> Cart {
    // Every (item, term) a line can buy, the usual one-year terms first.
    let mut picks: Vec<Pick<'_>> = catalog
        .items
        .iter()
        .filter(|item| is_base(item))
        .flat_map(|item| item.terms.iter().map(move |term| Pick { item, term }))
        .collect();
    picks.sort_by_key(|p| p.term.term_duration.as_deref() != Some("P1Y"));
    let mut groups: Vec<Group> = Vec::new();
    for pick in &picks {
        if !groups.contains(&pick.group()) {
            groups.push(pick.group());
        }
    }
    let (valid, spare) = choose_groups(groups);

    let mut chosen: Vec<Pick<'_>> = Vec::new();
    for group in &valid {
        let fresh = |p: &&Pick<'_>| {
            p.group() == *group && !chosen.iter().any(|c| c.item.catalog_item_id == p.item.catalog_item_id)
        };
        if let Some(pick) = picks.iter().find(fresh) {
            chosen.push(*pick);
        }
    }
    // A second line in the first group shows that lines sharing (billing cycle, currency)
    // become one order.
    if let Some(first) = chosen.first().copied()
        && let Some(second) = picks.iter().find(|p| {
            p.group() == first.group() && !chosen.iter().any(|c| c.item.catalog_item_id == p.item.catalog_item_id)
        })
    {
        chosen.insert(1, *second);
    }

    let mut lines: Vec<CartLineItem> = chosen.iter().map(|pick| line(*pick, valid_quantity(pick.item), now)).collect();
    attach_addon(catalog, &chosen, &mut lines, now);
    lines.push(invalid_line(&picks, &spare, &chosen, now));
    Cart { line_items: lines, ..Cart::default() }
}

/// Splits the catalog's order groups into those of the valid lines (up to three, each new one
/// differing from those chosen in currency and billing cycle where possible) and the rest,
/// kept for the invalid line (when there is more than one group).
fn choose_groups(mut groups: Vec<Group>) -> (Vec<Group>, Vec<Group>) {
    let wanted = groups.len().saturating_sub(1).clamp(1, VALID_GROUPS);
    let mut valid: Vec<Group> = Vec::new();
    while valid.len() < wanted && !groups.is_empty() {
        let novelty = |g: &Group| {
            let new_cycle = !valid.iter().any(|v| v.0 == g.0);
            let new_currency = !valid.iter().any(|v| v.1 == g.1);
            u8::from(new_currency) * 2 + u8::from(new_cycle)
        };
        let mut best = 0;
        let mut best_score = None;
        for (i, group) in groups.iter().enumerate() {
            let score = novelty(group);
            if best_score.is_none_or(|s| score > s) {
                best = i;
                best_score = Some(score);
            }
        }
        valid.push(groups.remove(best));
    }
    (valid, groups)
}

fn valid_quantity(item: &CatalogItem) -> i64 {
    let min = min_quantity(item);
    let mut quantity = PREFERRED_QUANTITY.max(min);
    if let Some(max) = item.maximum_quantity {
        quantity = quantity.min(max);
    }
    if let Some(inventory) = item.inventory {
        quantity = quantity.min(inventory);
    }
    quantity.max(min)
}

fn line(pick: Pick<'_>, quantity: i64, now: DateTime<Utc>) -> CartLineItem {
    let item = pick.item;
    CartLineItem {
        catalog_item_id: Some(item.catalog_item_id.clone()),
        friendly_name: item.title.clone(),
        quantity: Some(Quantity::new(quantity)),
        term_duration: pick.term.term_duration.clone(),
        billing_cycle: pick.term.billing_cycle,
        attestation_accepted: item.requires_attestation.then_some(true),
        provisioning_context: provisioning_context(pick),
        promotion_id: promotion(pick, now),
        ..CartLineItem::default()
    }
}

/// Sample values for the item's provisioning variables.
fn provisioning_context(pick: Pick<'_>) -> Option<BTreeMap<String, String>> {
    if pick.item.provisioning_variables.is_empty() {
        return None;
    }
    let context = pick.item.provisioning_variables.iter().map(|variable| {
        let lower = variable.to_ascii_lowercase();
        let value = if lower.contains("subscription") {
            "5f7e1d2c-8a4b-4c3d-9e6f-0a1b2c3d4e5f".to_owned()
        } else if lower.contains("scope") {
            "shared".to_owned()
        } else if lower.contains("duration") {
            pick.term.term_duration.clone().unwrap_or_else(|| "P1Y".to_owned())
        } else {
            "demo".to_owned()
        };
        (variable.clone(), value)
    });
    Some(context.collect())
}

/// A promotion of the item that applies to the term now, if any.
fn promotion(pick: Pick<'_>, now: DateTime<Utc>) -> Option<String> {
    pick.item
        .promotions
        .iter()
        .find(|p| {
            p.term_duration.as_deref().is_none_or(|t| Some(t) == pick.term.term_duration.as_deref())
                && p.billing_cycle.is_none_or(|c| Some(c) == pick.term.billing_cycle)
                && p.start_date.is_none_or(|start| start.0 <= now)
                && p.end_date.is_none_or(|end| now < end.0)
        })
        .map(|p| p.promotion_id.clone())
}

/// Puts an add-on of one of the chosen bases under that base's line.
fn attach_addon(catalog: &Catalog, chosen: &[Pick<'_>], lines: &mut [CartLineItem], now: DateTime<Utc>) {
    for (base, line_item) in chosen.iter().zip(lines.iter_mut()) {
        let base_id = &base.item.catalog_item_id;
        let addon = catalog.items.iter().find(|item| {
            item.eligible_for_purchase
                && !item.terms.is_empty()
                && item.addon_of.iter().any(|b| b.eq_ignore_ascii_case(base_id))
        });
        let Some(addon) = addon else { continue };
        let term = addon
            .terms
            .iter()
            .find(|t| t.billing_cycle == base.term.billing_cycle && t.term_duration == base.term.term_duration)
            .or_else(|| addon.terms.iter().find(|t| t.billing_cycle == base.term.billing_cycle))
            .or_else(|| addon.terms.first());
        let Some(term) = term else { continue };
        let pick = Pick { item: addon, term };
        line_item.addon_items = Some(vec![line(pick, valid_quantity(addon), now)]);
        return;
    }
}

/// One line the store will flag: a quantity over the maximum of an item in a group no valid
/// line uses, else an unknown catalog item in a group of its own.
fn invalid_line(picks: &[Pick<'_>], spare: &[Group], chosen: &[Pick<'_>], now: DateTime<Utc>) -> CartLineItem {
    let over = picks.iter().find(|p| spare.contains(&p.group()) && p.item.maximum_quantity.is_some());
    if let Some(pick) = over
        && let Some(max) = pick.item.maximum_quantity
    {
        return line(*pick, max.saturating_add(1), now);
    }
    let currency = chosen.first().map_or_else(|| "USD".to_owned(), |p| p.item.currency_code.clone());
    let used: Vec<_> = chosen.iter().map(Pick::group).collect();
    let cycle =
        [BillingCycleType::Annual, BillingCycleType::Monthly, BillingCycleType::Triennial, BillingCycleType::OneTime]
            .into_iter()
            .find(|c| !used.contains(&(Some(*c), currency.to_ascii_uppercase())))
            .unwrap_or(BillingCycleType::Biennial);
    CartLineItem {
        catalog_item_id: Some(UNKNOWN_ITEM.to_owned()),
        friendly_name: Some("An item missing from the catalog".to_owned()),
        quantity: Some(Quantity::new(1)),
        currency_code: Some(currency),
        term_duration: Some("P1Y".to_owned()),
        billing_cycle: Some(cycle),
        ..CartLineItem::default()
    }
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
fn money(amount: Option<Decimal>, currency: Option<&str>) -> String {
    let Some(amount) = amount else { return String::new() };
    let currency = currency.unwrap_or_default();
    let digits = usize::try_from(minor_units(currency)).unwrap_or(2);
    format!("{amount:.digits$} {currency}").trim_end().to_owned()
}

fn amount(value: Option<&Money>) -> Option<Decimal> {
    value.map(|m| m.amount())
}

fn or_dash(value: Option<String>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or_else(|| "-".to_owned())
}

fn render(report: &Report<'_>) -> String {
    let Report { db, l10n, catalog, cart, result, shown, .. } = report;
    let mut out = String::new();
    let language = l10n.message("label-locale-name", &[]);
    let _ = writeln!(out, "cartstore demo");
    let summary = [
        ("Database", format!("{} (the demo's own, created afresh on every run)", db.display())),
        ("Locale", format!("{} ({language}): the descriptions below are in it", l10n.locale())),
        ("Catalog", format!("{} items imported from the sample catalog", catalog.items.len())),
        ("Customer", CUSTOMER.to_owned()),
    ];
    for (label, value) in summary {
        let _ = writeln!(out, "  {label:<10}{value}");
    }

    // The cart.
    let stamp = |t: Option<cartstore::model::Timestamp>| t.map_or_else(|| "-".to_owned(), |t| t.to_string());
    let status = cart.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
    let _ = writeln!(out, "\nCart {}  ({status}, expires {})", cart.id, stamp(cart.expiration_timestamp));
    let lines = all_lines(&cart.line_items);
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|(label, line)| {
            let pricing = line.pricing.as_ref();
            let currency = line.currency_code.as_deref();
            let name = line.friendly_name.clone().or_else(|| line.catalog_item_id.clone()).unwrap_or_default();
            let addon = label.contains('.');
            vec![
                label.clone(),
                if addon { format!("+ {name}") } else { name },
                line.quantity.as_ref().and_then(Quantity::get).map(|q| q.to_string()).unwrap_or_default(),
                or_dash(line.term_duration.clone()),
                or_dash(line.billing_cycle.map(|c| c.to_string())),
                or_dash(line.order_group.clone()),
                money(amount(pricing.and_then(|p| p.list_price.as_ref())), currency),
                money(amount(pricing.and_then(|p| p.price.as_ref())), currency),
                money(amount(pricing.and_then(|p| p.extended_price.as_ref())), currency),
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

    // The checkout.
    let order_errors = result.order_errors.as_deref().unwrap_or_default();
    let _ = writeln!(
        out,
        "\nCheckout: {} order(s), {} order error(s); the cart is now {}",
        result.orders.len(),
        order_errors.len(),
        if result.orders.is_empty() { "still Active" } else { "Ordered" },
    );
    if !result.orders.is_empty() {
        let rows: Vec<Vec<String>> = result.orders.iter().map(order_row).collect();
        out.push_str(&io::table(
            &["Order", "Billing", "Lines", "Total", "Status"],
            &rows,
            &[false, false, true, true, false],
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

    // One error in four languages.
    let what = match shown {
        Shown::Error(_) => "Checking the same cart out again is refused",
        Shown::Line(_) => "The invalid line's error",
    };
    let _ = writeln!(out, "\n{what}: {} {}, in every language", shown.code(), shown.name());
    let rows: Vec<Vec<String>> = report
        .descriptions
        .iter()
        .map(|d| vec![d.language.clone(), d.locale.to_owned(), d.description.clone()])
        .collect();
    out.push_str(&io::table(&["Language", "Tag", "Description"], &rows, &[false, false, false], "  "));

    let db_arg = shell_word(&db.display().to_string());
    let _ = writeln!(out, "\nNext: cartstore --db {db_arg} order list --customer {CUSTOMER}");
    let _ = writeln!(out, "      cartstore --db {db_arg} cart get --customer {CUSTOMER} --cart {}", cart.id);
    out
}

fn order_row(order: &Order) -> Vec<String> {
    let currency = order.currency_code.as_deref();
    let total: Option<Decimal> = order
        .line_items
        .iter()
        .map(|l| amount(l.pricing.as_ref().and_then(|p| p.extended_price.as_ref())))
        .try_fold(Decimal::ZERO, |sum, price| price.and_then(|p| sum.checked_add(p)));
    vec![
        order.id.clone(),
        or_dash(order.billing_cycle.map(|c| c.to_string())),
        order.line_items.len().to_string(),
        money(total, currency),
        or_dash(order.status.map(|s| s.to_string())),
    ]
}

/// `text` quoted for a POSIX shell when it needs it.
fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:=@%,".contains(c)) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
