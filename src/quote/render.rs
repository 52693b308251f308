//! The quote document: a [`Quote`] in a locale through a minijinja template, the built-in
//! one (`quote.html.j2`, compiled in) or a partner's.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment, Value};
use serde::Serialize;

use super::Quote;
use super::format::{format_date, format_integer, format_money};
use crate::error::{Error, Result};
use crate::l10n::{Localizer, QUOTE_MESSAGE_IDS};

/// The name templates are registered under (autoescaping does not depend on it).
const NAME: &str = "quote.html";

/// The template instructions one render may run: many times what the built-in template runs
/// for a cart of [`MAX_LINES`](crate::limits::MAX_LINES) lines; a partner's template that runs
/// out (a loop that does not end) fails with [`Error::InvalidTemplate`] (900007).
pub const TEMPLATE_FUEL: u64 = 5_000_000;

/// The most bytes one rendered document may have (8 MiB): a partner's template that writes
/// more fails with [`Error::InvalidTemplate`] (900007). The built-in one writes about 1.5 KB a
/// line, plus the logo and terms (at most 256 KiB and 64 KiB).
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// Markets whose paper is US Letter; the others print on A4.
const LETTER_MARKETS: [&str; 6] = ["US", "CA", "MX", "PH", "CL", "CO"];

/// A quote template: the built-in one ([`QuoteTemplate::builtin`]), or one a partner supplies
/// at run time ([`QuoteTemplate::parse`]), in [minijinja](https://docs.rs/minijinja)'s Jinja
/// syntax.
///
/// # What a template sees
///
/// Everything is ready to print: money and dates are already formatted for the locale, labels
/// already in its language.
///
/// - `lang` (the locale's BCP 47 tag), `paper` (`A4`, or `letter` for customers in the US,
///   Canada, Mexico, the Philippines, Chile and Colombia), `title` (the document's title),
///   `number`, `issued`, `valid_until` (formatted dates), `validity` (the validity sentence),
///   `footer` (the quote number as printed on continued pages);
/// - `t`: every label of `quote.ftl`, by its id without `quote-` and with `_` for `-`
///   (`t.col_unit_price`, `t.tax_note`, `t.terms_heading`);
/// - `seller`: `name`, `address_lines` (a list), `contact`, `email`, `phone`, `tax_id`,
///   `logo` (a `data:image/png;base64,...` or `data:image/svg+xml;base64,...` URI, for an
///   `<img src>`: an SVG shown so runs no script); `customer`: `name` (the profile's name,
///   else the customer id), `display` (the name as the locale addresses it: `{name} 御中` in
///   Japanese, from `quote-customer-name`), `id`, `market`;
/// - `groups`: each with `heading` (`Billed monthly, in USD`), `term_heading` (`Term: 1 year`,
///   absent for a group without a term), `currency`, `cycle` (wire value), `total_per_period`,
///   `term_total`, and `lines`, each with `line_id`, `item_id`, `title`, `term`, `cycle`
///   (labels), `quantity`, `unit_price`, `per_period`, `term_total`, `addon` (true for an
///   add-on), `trial` and `usage_charges` (flags), and `facts` (sentences: `Starts …`,
///   `Commitment ends …`, `Not available after …`, each only when the quote has the date);
/// - `summary`: one per currency, with `currency`, `due_on_first_invoice`,
///   `recurring_monthly`, `total_contract_value` (formatted); empty when the quote has one
///   group whose totals say the same;
/// - `excluded`: `line_id`, `item_id`, `title`, `code` (the error's name), `reason` (its
///   description in this locale); `price_changes`: `line_id`, `title`, `effective`,
///   `unit_price`;
/// - `nce_terms`: the new-commerce terms, one sentence each (`quote-nce-*`), present when a
///   line has a term; a sentence whose message an application supplies empty (`{ "" }`) is
///   left out, and with all of them empty the list is empty;
/// - `terms`: the partner's terms text (absent when none);
/// - `raw`: the [`Quote`] itself, as its JSON (unformatted figures).
///
/// # Bounds
///
/// A render runs at most [`TEMPLATE_FUEL`] template instructions and writes at most
/// [`MAX_DOCUMENT_BYTES`]; past either it fails with [`Error::InvalidTemplate`] (900007), so a
/// template that loops for ever or grows its output without limit fails fast.
///
/// # Escaping and trusted HTML
///
/// Autoescaping is always on: every `{{ ... }}` is HTML-escaped, whatever the template's name,
/// so a customer name or a title holding `<script>` prints as text. To insert a field as
/// trusted HTML, the partner marks it in its template with the `safe` filter:
/// `{{ terms|safe }}` (its own terms written in HTML). Mark only fields the partner writes
/// itself (`terms`, `seller`): never customer names or catalog titles.
///
/// ```
/// use cartstore::quote::QuoteTemplate;
/// use cartstore::Error;
/// let template = QuoteTemplate::parse("<h1>{{ title }}</h1>\n{{ terms|safe }}").unwrap();
/// # let _ = template;
/// let refused = QuoteTemplate::parse("<h1>{{ title }}</h1>\n{% for g in groups %}\n{{ g.heading }}");
/// assert!(matches!(refused, Err(Error::InvalidTemplate { line: Some(_), .. })));
/// ```
#[derive(Debug, Clone)]
pub struct QuoteTemplate {
    env: Environment<'static>,
}

impl QuoteTemplate {
    /// The built-in template's source, a starting point for a partner's own.
    pub const BUILTIN_SOURCE: &'static str = include_str!("quote.html.j2");

    /// Parses a partner's template. A template that does not parse is refused with
    /// [`Error::InvalidTemplate`], naming its line.
    pub fn parse(source: &str) -> Result<QuoteTemplate> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.set_keep_trailing_newline(true);
        env.add_template_owned(NAME, source.to_owned()).map_err(template_error)?;
        Ok(QuoteTemplate { env })
    }

    /// The built-in template (parsed once); `None` only if it did not parse, which the tests
    /// rule out.
    pub fn builtin() -> Option<&'static QuoteTemplate> {
        static BUILTIN: OnceLock<Option<QuoteTemplate>> = OnceLock::new();
        BUILTIN.get_or_init(|| QuoteTemplate::parse(QuoteTemplate::BUILTIN_SOURCE).ok()).as_ref()
    }

    /// Renders `quote` in `l10n`'s language.
    pub(crate) fn render(&self, quote: &Quote, l10n: &Localizer) -> Result<String> {
        let template = self.env.get_template(NAME).map_err(template_error)?;
        let view = View::of(quote, l10n);
        let mut out = Capped { bytes: Vec::new(), over: false };
        match template.render_captured_to(Value::from_serialize(&view), &mut out) {
            Ok(_) => Ok(String::from_utf8_lossy(&out.bytes).into_owned()),
            Err(e) if out.over => Err(Error::InvalidTemplate {
                line: e.line(),
                detail: format!("the document is longer than {MAX_DOCUMENT_BYTES} bytes"),
            }),
            Err(e) if e.kind() == minijinja::ErrorKind::OutOfFuel => Err(Error::InvalidTemplate {
                line: e.line(),
                detail: format!("the template runs more than {TEMPLATE_FUEL} instructions"),
            }),
            Err(e) => Err(template_error(e)),
        }
    }
}

/// The rendered document, refused past [`MAX_DOCUMENT_BYTES`].
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > MAX_DOCUMENT_BYTES {
            self.over = true;
            return Err(std::io::Error::other("document too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A minijinja error as [`Error::InvalidTemplate`].
fn template_error(e: minijinja::Error) -> Error {
    let detail = match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    };
    Error::InvalidTemplate { line: e.line(), detail }
}

/// The built-in rendering; a minimal document saying what failed if the built-in template
/// ever failed (the tests make sure it does not).
pub(crate) fn render_builtin(quote: &Quote, l10n: &Localizer) -> String {
    let rendered = match QuoteTemplate::builtin() {
        Some(template) => template.render(quote, l10n),
        None => Err(Error::InvalidTemplate { line: None, detail: "built-in template".to_owned() }),
    };
    rendered.unwrap_or_else(|e| {
        let text = minijinja::HtmlEscape(&l10n.describe(&e)).to_string();
        format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{text}</title></head><body><p>{text}</p></body></html>\n")
    })
}

/// The new-commerce terms' messages, in the order printed.
const NCE_TERMS: [&str; 4] = ["quote-nce-cancellation", "quote-nce-seats", "quote-nce-price", "quote-nce-renewal"];

#[derive(Serialize)]
struct View<'a> {
    lang: &'static str,
    paper: &'static str,
    title: String,
    number: &'a str,
    issued: String,
    valid_until: String,
    validity: String,
    footer: String,
    t: BTreeMap<String, String>,
    seller: SellerView<'a>,
    customer: CustomerView<'a>,
    groups: Vec<GroupView>,
    summary: Vec<SummaryView>,
    excluded: Vec<ExcludedView<'a>>,
    price_changes: Vec<PriceChangeView>,
    nce_terms: Vec<String>,
    terms: Option<&'a str>,
    raw: &'a Quote,
}

#[derive(Serialize)]
struct SellerView<'a> {
    name: &'a str,
    address_lines: &'a [String],
    contact: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    tax_id: Option<&'a str>,
    logo: Option<String>,
}

#[derive(Serialize)]
struct CustomerView<'a> {
    name: &'a str,
    display: String,
    id: &'a str,
    market: Option<&'a str>,
}

#[derive(Serialize)]
struct GroupView {
    heading: String,
    term_heading: Option<String>,
    currency: String,
    cycle: &'static str,
    lines: Vec<LineView>,
    total_per_period: String,
    term_total: String,
}

#[derive(Serialize)]
struct LineView {
    line_id: i64,
    item_id: String,
    title: String,
    term: String,
    cycle: String,
    quantity: String,
    unit_price: String,
    per_period: String,
    term_total: String,
    addon: bool,
    trial: bool,
    usage_charges: bool,
    facts: Vec<String>,
}

#[derive(Serialize)]
struct SummaryView {
    currency: String,
    due_on_first_invoice: String,
    recurring_monthly: String,
    total_contract_value: String,
}

#[derive(Serialize)]
struct ExcludedView<'a> {
    line_id: i64,
    item_id: Option<&'a str>,
    title: Option<&'a str>,
    code: &'static str,
    reason: String,
}

#[derive(Serialize)]
struct PriceChangeView {
    line_id: i64,
    title: String,
    effective: String,
    unit_price: String,
}

impl<'a> View<'a> {
    fn of(quote: &'a Quote, l10n: &Localizer) -> View<'a> {
        let t: BTreeMap<String, String> = QUOTE_MESSAGE_IDS
            .iter()
            .map(|id| {
                let key = id.strip_prefix("quote-").unwrap_or(id).replace('-', "_");
                (key, l10n.message(id, &[]))
            })
            .collect();
        let issued = format_date(quote.issued, l10n);
        let valid_until = format_date(quote.valid_until, l10n);
        let number = quote.quote_number.as_str();
        let term_label = |term: Option<&str>| {
            term.map_or_else(
                || l10n.message("quote-term", &[("term", "none")]),
                |term| l10n.message("quote-term", &[("term", &term.trim().to_ascii_uppercase())]),
            )
        };
        let date_message =
            |id: &str, at: crate::model::Timestamp| l10n.message(id, &[("date", &format_date(at, l10n))]);
        let facts = |l: &super::QuoteLine| -> Vec<String> {
            let mut facts: Vec<String> = Vec::new();
            if let Some(start) = l.start_date {
                facts.push(date_message("quote-line-start", start));
            }
            if let Some(end) = l.commitment_end_date {
                facts.push(date_message("quote-line-commitment-end", end));
            }
            // `availableUntil` is the first instant the price no longer applies: the last day
            // it is available is the one before it.
            for end in quote.availability_ends.iter().filter(|e| e.line_id == l.line_id) {
                let last = end.available_until.0.checked_sub_signed(chrono::Duration::microseconds(1));
                let last = last.map_or(end.available_until, crate::model::Timestamp);
                facts.push(date_message("quote-line-available-until", last));
            }
            facts
        };
        let groups = quote
            .groups
            .iter()
            .map(|g| {
                let money = |m: crate::model::Money| format_money(m.0, &g.currency_code, l10n);
                GroupView {
                    heading: l10n.message(
                        "quote-group-heading",
                        &[("cycle", g.billing_cycle.as_str()), ("currency", &g.currency_code)],
                    ),
                    term_heading: g
                        .term_duration
                        .as_deref()
                        .map(|term| l10n.message("quote-group-term", &[("term", &term_label(Some(term)))])),
                    currency: g.currency_code.clone(),
                    cycle: g.billing_cycle.as_str(),
                    lines: g
                        .lines
                        .iter()
                        .map(|l| LineView {
                            line_id: l.line_id,
                            item_id: l.catalog_item_id.clone(),
                            title: l.title.clone(),
                            term: term_label(l.term_duration.as_deref()),
                            cycle: l10n.message("quote-cycle", &[("cycle", l.billing_cycle.as_str())]),
                            quantity: format_integer(l.quantity, l10n),
                            unit_price: money(l.unit_price),
                            per_period: money(l.amount_per_period),
                            term_total: money(l.term_total),
                            addon: l.parent_line_id.is_some(),
                            trial: l.trial,
                            usage_charges: l.usage_charges,
                            facts: facts(l),
                        })
                        .collect(),
                    total_per_period: money(g.total_per_period),
                    term_total: money(g.term_total),
                }
            })
            .collect();
        // The summary is left out when it only repeats the one group's totals.
        let repeats = |s: &super::CurrencySummary| match quote.groups.as_slice() {
            [g] => {
                let monthly = if g.billing_cycle == crate::model::BillingCycleType::Monthly {
                    g.total_per_period
                } else {
                    crate::model::Money(rust_decimal::Decimal::ZERO)
                };
                s.currency_code == g.currency_code
                    && s.due_on_first_invoice == g.total_per_period
                    && s.recurring_monthly == monthly
                    && s.total_contract_value == g.term_total
            }
            _ => false,
        };
        let summary = quote
            .summary
            .iter()
            .filter(|s| !(quote.summary.len() == 1 && repeats(s)))
            .map(|s| {
                let money = |m: crate::model::Money| format_money(m.0, &s.currency_code, l10n);
                SummaryView {
                    currency: s.currency_code.clone(),
                    due_on_first_invoice: money(s.due_on_first_invoice),
                    recurring_monthly: money(s.recurring_monthly),
                    total_contract_value: money(s.total_contract_value),
                }
            })
            .collect();
        let line = |id: i64| quote.groups.iter().flat_map(|g| &g.lines).find(|l| l.line_id == id);
        let price_changes = quote
            .price_changes
            .iter()
            .map(|c| {
                let quoted = line(c.line_id);
                let currency = quote
                    .groups
                    .iter()
                    .find(|g| g.lines.iter().any(|l| l.line_id == c.line_id))
                    .map(|g| g.currency_code.as_str());
                PriceChangeView {
                    line_id: c.line_id,
                    title: quoted.map(|l| l.title.clone()).unwrap_or_default(),
                    effective: format_date(c.effective_start, l10n),
                    unit_price: format_money(c.unit_price.0, currency.unwrap_or_default(), l10n),
                }
            })
            .collect();
        let excluded = quote
            .excluded_lines
            .iter()
            .map(|e| ExcludedView {
                line_id: e.line_id,
                item_id: e.catalog_item_id.as_deref(),
                title: e.title.as_deref(),
                code: e.code.name(),
                reason: l10n.cart_error(e.code),
            })
            .collect();
        let market = quote.customer.market.as_deref();
        let text = |v: &'a Option<String>| v.as_deref().filter(|v| !v.trim().is_empty());
        let customer_name =
            quote.customer.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&quote.customer_id);
        // The new-commerce terms, for subscriptions (a line with a term); an empty message drops
        // its sentence.
        let subscribed = quote.groups.iter().flat_map(|g| &g.lines).any(|l| l.term_duration.is_some());
        let nce_terms = if subscribed {
            NCE_TERMS.iter().map(|id| l10n.message(id, &[])).filter(|t| !t.trim().is_empty()).collect()
        } else {
            Vec::new()
        };
        let paper = match market {
            Some(m) if LETTER_MARKETS.iter().any(|l| l.eq_ignore_ascii_case(m.trim())) => "letter",
            _ => "A4",
        };
        View {
            lang: l10n.locale(),
            paper,
            title: l10n.message("quote-document-title", &[("number", number)]),
            number,
            validity: l10n.message("quote-validity", &[("date", &valid_until)]),
            footer: l10n.message("quote-page-footer", &[("number", number)]),
            issued,
            valid_until,
            t,
            seller: SellerView {
                name: &quote.seller.name,
                address_lines: &quote.seller.address_lines,
                contact: text(&quote.seller.contact),
                email: text(&quote.seller.email),
                phone: text(&quote.seller.phone),
                tax_id: text(&quote.seller.tax_id),
                logo: quote.seller.logo.as_ref().and_then(super::Logo::data_uri),
            },
            customer: CustomerView {
                name: customer_name,
                display: l10n.message("quote-customer-name", &[("name", customer_name)]),
                id: &quote.customer_id,
                market,
            },
            groups,
            summary,
            excluded,
            price_changes,
            nce_terms,
            terms: quote.terms.as_deref().filter(|t| !t.trim().is_empty()),
            raw: quote,
        }
    }
}
