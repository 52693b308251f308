//! Quotes: the document a partner hands the customer, what a cart will cost, in the customer's
//! language (DESIGN section 11).
//!
//! A [`Quote`] is built from a cart's priced lines with a [`QuoteBuilder`] (the store prices
//! each line from its catalog, applies the [`PriceBasis`] with [`apply_price_basis`], and hands
//! the lines over), then kept as it is: rendering it later, in any locale, shows the same
//! figures.
//!
//! Money is exact: each unit price is rounded to its currency's minor units
//! ([`round_money`](crate::model::round_money())); `amountPerPeriod` = unit price × quantity,
//! `termTotal` = amount per period × billing periods in the term, and every total is the exact
//! sum of those rounded figures. Lines are grouped by (currency, billing cycle), in order of
//! first appearance, and an add-on is a line of its parent's group: there is never one total
//! across currencies or billing cycles.
//!
//! ```
//! use cartstore::model::{BillingCycleType, CustomerProfile, Timestamp};
//! use cartstore::quote::{PricedLine, QuoteBuilder, QuoteOptions};
//! use cartstore::Localizer;
//! use rust_decimal::Decimal;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let issued: Timestamp = "2026-12-01T09:00:00Z".parse()?;
//! let expires: Timestamp = "2026-12-08T09:00:00Z".parse()?;
//! let mut builder = QuoteBuilder::new("Q-2026-000001", "cart-1", "customer-1", CustomerProfile::default(),
//!     issued, expires, &QuoteOptions::default());
//! builder.line(PricedLine {
//!     line_id: 0, parent_line_id: None, catalog_item_id: "CFQ7TTC0LF8S:0001".into(),
//!     title: "Business Basic".into(), term_duration: Some("P1Y".into()),
//!     billing_cycle: BillingCycleType::Monthly, quantity: 3, currency_code: "USD".into(),
//!     unit_price: Decimal::new(61_234, 4), // 6.1234 → 6.12
//! });
//! let quote = builder.build()?;
//! let group = &quote.groups[0];
//! assert_eq!(group.total_per_period.to_string(), "18.36");
//! assert_eq!(group.term_total.to_string(), "220.32");
//! let html = quote.to_html(&Localizer::negotiate(&["fr"]));
//! assert!(html.contains("220,32\u{a0}$US"));
//! # Ok(()) }
//! ```

mod format;
mod render;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, InputProblem, Result};
use crate::l10n::Localizer;
use crate::model::{BillingCycleType, CartErrorCode, CustomerProfile, Money, Timestamp, round_money};

pub use format::{cldr_currency_digits, format_date, format_money};
pub use render::QuoteTemplate;

/// The price a quote shows the customer, from the partner's cost (the catalog price).
///
/// JSON: `{"kind": "cost"}`, `{"kind": "erp"}`, `{"kind": "markup", "percent": 15}` (the
/// percent a JSON number; a decimal string is read too).
///
/// ```
/// use cartstore::quote::PriceBasis;
/// use rust_decimal::Decimal;
/// let basis: PriceBasis = serde_json::from_str(r#"{"kind": "markup", "percent": 12.5}"#).unwrap();
/// assert_eq!(basis, PriceBasis::Markup(Decimal::new(125, 1)));
/// assert_eq!(serde_json::to_string(&PriceBasis::Erp).unwrap(), r#"{"kind":"erp"}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PriceBasis {
    /// The partner's price (the catalog's list price), unchanged.
    #[default]
    Cost,
    /// The estimated retail price where the catalog has one, else the cost.
    Erp,
    /// The cost × (1 + percent / 100); the percent is in [0, 1000].
    Markup(Decimal),
}

/// The largest markup percent [`PriceBasis::Markup`] takes.
pub const MAX_MARKUP_PERCENT: u32 = 1000;

impl PriceBasis {
    /// Checks the basis: a markup percent must be in [0, 1000], else
    /// [`Error::InvalidInput`] on `priceBasis.percent` ([`InputProblem::OutOfRange`]).
    pub fn check(&self) -> Result<()> {
        match self {
            PriceBasis::Markup(percent) if *percent < Decimal::ZERO || *percent > Decimal::from(MAX_MARKUP_PERCENT) => {
                Err(Error::invalid("priceBasis.percent", InputProblem::OutOfRange))
            }
            _ => Ok(()),
        }
    }
}

/// The wire shape of [`PriceBasis`].
#[derive(Serialize, Deserialize)]
struct PriceBasisWire {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    percent: Option<Money>,
}

impl Serialize for PriceBasis {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let (kind, percent) = match self {
            PriceBasis::Cost => ("cost", None),
            PriceBasis::Erp => ("erp", None),
            PriceBasis::Markup(p) => ("markup", Some(Money(*p))),
        };
        PriceBasisWire { kind: kind.to_owned(), percent }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PriceBasis {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let wire = PriceBasisWire::deserialize(deserializer)?;
        match (wire.kind.to_ascii_lowercase().as_str(), wire.percent) {
            ("cost", _) => Ok(PriceBasis::Cost),
            ("erp", _) => Ok(PriceBasis::Erp),
            ("markup", Some(p)) => Ok(PriceBasis::Markup(p.0)),
            ("markup", None) => Err(D::Error::missing_field("percent")),
            (other, _) => Err(D::Error::unknown_variant(other, &["cost", "erp", "markup"])),
        }
    }
}

/// The unit price a quote shows for a line whose catalog price (the partner's cost) is `cost`
/// and whose estimated retail price is `erp` (when the catalog has one), under `basis`. Not
/// rounded: [`QuoteBuilder`] rounds it to the currency's minor units.
///
/// ```
/// use cartstore::quote::{PriceBasis, apply_price_basis};
/// use rust_decimal::Decimal;
/// let cost = Decimal::new(1000, 2);
/// assert_eq!(apply_price_basis(&PriceBasis::Markup(Decimal::from(15)), cost, None).unwrap(), Decimal::new(1150, 2));
/// assert_eq!(apply_price_basis(&PriceBasis::Erp, cost, Some(Decimal::from(12))).unwrap(), Decimal::from(12));
/// assert_eq!(apply_price_basis(&PriceBasis::Erp, cost, None).unwrap(), cost);
/// assert!(apply_price_basis(&PriceBasis::Markup(Decimal::from(1001)), cost, None).is_err());
/// ```
pub fn apply_price_basis(basis: &PriceBasis, cost: Decimal, erp: Option<Decimal>) -> Result<Decimal> {
    basis.check()?;
    match basis {
        PriceBasis::Cost => Ok(cost),
        PriceBasis::Erp => Ok(erp.unwrap_or(cost)),
        PriceBasis::Markup(percent) => {
            let factor = Decimal::ONE
                .checked_add(percent.checked_div(Decimal::ONE_HUNDRED).unwrap_or_default())
                .ok_or_else(|| Error::invalid("priceBasis.percent", InputProblem::OutOfRange))?;
            cost.checked_mul(factor).ok_or_else(|| Error::invalid("unitPrice", InputProblem::OutOfRange))
        }
    }
}

/// Who issues the quote: printed in its header.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Seller {
    /// The partner's name.
    pub name: String,
    /// The postal address, one line each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub address_lines: Vec<String>,
    /// How to reach the partner (a person, an e-mail address, a telephone number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// How a quote is issued: `{"priceBasis", "validUntil", "seller", "terms"}` in JSON.
///
/// ```
/// use cartstore::quote::{PriceBasis, QuoteOptions};
/// use rust_decimal::Decimal;
/// let options = QuoteOptions { price_basis: PriceBasis::Markup(Decimal::from(15)), ..QuoteOptions::default() };
/// assert_eq!(options.valid_until, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QuoteOptions {
    /// The price shown: cost, estimated retail price, or cost with a markup.
    pub price_basis: PriceBasis,
    /// The last instant the quote holds; the cart's expiration when absent, and never later.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// The partner issuing the quote.
    pub seller: Seller,
    /// The partner's own terms and conditions, plain text (line breaks kept when rendered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
}

/// One quoted line (`groups[].lines[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteLine {
    /// The cart line's id.
    pub line_id: i64,
    /// The parent line's id, for an add-on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_line_id: Option<i64>,
    /// The catalog item.
    pub catalog_item_id: String,
    /// The item's title.
    pub title: String,
    /// The term (`P1M`, `P1Y`, `P3Y`); absent for items without a term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_duration: Option<String>,
    /// The billing cycle.
    pub billing_cycle: BillingCycleType,
    /// How many units.
    pub quantity: u32,
    /// The price of one unit for one billing period, for the customer, rounded to the
    /// currency's minor units.
    pub unit_price: Money,
    /// `unitPrice` × `quantity`.
    pub amount_per_period: Money,
    /// `amountPerPeriod` × billing periods in the term.
    pub term_total: Money,
}

/// The lines of one (currency, billing cycle), with their totals (`groups[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteGroup {
    /// The currency (ISO 4217, upper case).
    pub currency_code: String,
    /// The billing cycle.
    pub billing_cycle: BillingCycleType,
    /// The lines, add-ons included.
    pub lines: Vec<QuoteLine>,
    /// The sum of the lines' `amountPerPeriod`.
    pub total_per_period: Money,
    /// The sum of the lines' `termTotal`.
    pub term_total: Money,
}

/// A cart line left out of the quote because it has a line error (`excludedLines[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExcludedLine {
    /// The cart line's id.
    pub line_id: i64,
    /// The catalog item, as the line names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_item_id: Option<String>,
    /// The item's title, where the catalog has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The line error.
    pub code: CartErrorCode,
    /// The error's description in the quote's locale (rendering in another locale describes
    /// `code` in that locale).
    pub description: String,
}

/// A scheduled change of a line's catalog price between `issued` and `validUntil`
/// (`priceChanges[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceChange {
    /// The cart line's id.
    pub line_id: i64,
    /// When the new price takes effect.
    pub effective_start: Timestamp,
    /// The new unit price per billing period, for the customer (after the price basis),
    /// rounded to the line's currency.
    pub unit_price: Money,
}

/// A quote: what a cart will cost, as issued (DESIGN section 11). JSON camelCase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    /// The quote's number (`Q-2026-000001`).
    pub quote_number: String,
    /// The cart quoted.
    pub cart_id: String,
    /// The customer (tenant) id.
    pub customer_id: String,
    /// The customer's profile when the quote was issued.
    pub customer: CustomerProfile,
    /// When the quote was issued.
    pub issued: Timestamp,
    /// The last instant the quote holds.
    pub valid_until: Timestamp,
    /// The quote's locale (a BCP 47 tag): the language of `excludedLines[].description`, and
    /// the default language of the document.
    pub locale: String,
    /// The price basis the unit prices were computed with.
    pub price_basis: PriceBasis,
    /// The partner issuing the quote.
    pub seller: Seller,
    /// The partner's terms and conditions, plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
    /// One group per (currency, billing cycle), in order of first appearance.
    pub groups: Vec<QuoteGroup>,
    /// The cart lines left out, with their line error.
    #[serde(default)]
    pub excluded_lines: Vec<ExcludedLine>,
    /// Catalog price changes scheduled before `validUntil`.
    #[serde(default)]
    pub price_changes: Vec<PriceChange>,
}

/// A cart line priced for a quote: what [`QuoteBuilder::line`] takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    /// The cart line's id.
    pub line_id: i64,
    /// The parent line's id, for an add-on: the add-on joins its parent's group.
    pub parent_line_id: Option<i64>,
    /// The catalog item.
    pub catalog_item_id: String,
    /// The item's title.
    pub title: String,
    /// The term (`P1Y`), if the item has one.
    pub term_duration: Option<String>,
    /// The billing cycle.
    pub billing_cycle: BillingCycleType,
    /// How many units (at least 1).
    pub quantity: u32,
    /// The line's currency (ISO 4217).
    pub currency_code: String,
    /// The unit price per billing period after the price basis ([`apply_price_basis`]), not
    /// yet rounded.
    pub unit_price: Decimal,
}

/// Builds a [`Quote`] from a cart's priced lines: what the store calls when it issues one.
///
/// See the [module](self) docs for an example.
#[derive(Debug, Clone)]
pub struct QuoteBuilder {
    quote: Quote,
    lines: Vec<PricedLine>,
    changes: Vec<(i64, Timestamp, Decimal)>,
}

impl QuoteBuilder {
    /// A quote numbered `quote_number` for `customer_id`'s cart `cart_id`, issued at `issued`,
    /// from a cart that expires at `expires`: valid until `options.valid_until`, or `expires`
    /// when that is absent or later. Its locale is English until [`QuoteBuilder::locale`].
    pub fn new(
        quote_number: impl Into<String>,
        cart_id: impl Into<String>,
        customer_id: impl Into<String>,
        customer: CustomerProfile,
        issued: Timestamp,
        expires: Timestamp,
        options: &QuoteOptions,
    ) -> QuoteBuilder {
        let valid_until = options.valid_until.map_or(expires, |v| v.min(expires));
        QuoteBuilder {
            quote: Quote {
                quote_number: quote_number.into(),
                cart_id: cart_id.into(),
                customer_id: customer_id.into(),
                customer,
                issued,
                valid_until,
                locale: Localizer::default().locale().to_owned(),
                price_basis: options.price_basis,
                seller: options.seller.clone(),
                terms: options.terms.clone(),
                groups: Vec::new(),
                excluded_lines: Vec::new(),
                price_changes: Vec::new(),
            },
            lines: Vec::new(),
            changes: Vec::new(),
        }
    }

    /// Sets the quote's locale: its tag, and the language of excluded lines' descriptions
    /// (give it before [`QuoteBuilder::excluded_line`]).
    pub fn locale(&mut self, l10n: &Localizer) -> &mut QuoteBuilder {
        self.quote.locale = l10n.locale().to_owned();
        self
    }

    /// Adds a priced line. Add-ons may come before or after their parent.
    pub fn line(&mut self, line: PricedLine) -> &mut QuoteBuilder {
        self.lines.push(line);
        self
    }

    /// Adds a cart line left out because of its line error `code`, described in `l10n`'s
    /// language.
    pub fn excluded_line(
        &mut self,
        line_id: i64,
        catalog_item_id: Option<String>,
        title: Option<String>,
        code: CartErrorCode,
        l10n: &Localizer,
    ) -> &mut QuoteBuilder {
        let description = l10n.cart_error(code);
        self.quote.excluded_lines.push(ExcludedLine { line_id, catalog_item_id, title, code, description });
        self
    }

    /// Records that line `line_id`'s unit price becomes `unit_price` (after the price basis,
    /// not yet rounded) at `effective_start`. Changes outside (`issued`, `validUntil`] are
    /// dropped; a change for a line not quoted is dropped too.
    pub fn price_change(&mut self, line_id: i64, effective_start: Timestamp, unit_price: Decimal) -> &mut QuoteBuilder {
        self.changes.push((line_id, effective_start, unit_price));
        self
    }

    /// The quote: lines grouped by (currency, billing cycle) in order of first appearance,
    /// add-ons in their parent's group, every figure rounded and summed exactly.
    ///
    /// Fails with [`Error::InvalidInput`] when the price basis is out of range
    /// (`priceBasis.percent`), a line has a quantity of 0 (`lines[i].quantity`), a negative
    /// unit price (`lines[i].unitPrice`), or a figure beyond what a decimal holds.
    pub fn build(self) -> Result<Quote> {
        let QuoteBuilder { mut quote, lines, changes } = self;
        quote.price_basis.check()?;
        let out_of_range =
            |i: usize, field: &str| Error::invalid(format!("lines[{i}].{field}"), InputProblem::OutOfRange);
        // Each line's own (currency, cycle); an add-on takes its parent's (its root's).
        let own: HashMap<i64, (String, BillingCycleType, Option<i64>)> = lines
            .iter()
            .map(|l| (l.line_id, (l.currency_code.trim().to_ascii_uppercase(), l.billing_cycle, l.parent_line_id)))
            .collect();
        let key_of = |line: &PricedLine| -> (String, BillingCycleType) {
            let mut key = (line.currency_code.trim().to_ascii_uppercase(), line.billing_cycle);
            let mut parent = line.parent_line_id;
            // Bounded walk up the parents (a malformed cycle stops it).
            for _ in 0..lines.len() {
                let Some(p) = parent.and_then(|id| own.get(&id)) else { break };
                key = (p.0.clone(), p.1);
                parent = p.2;
            }
            key
        };
        let mut currency_of: HashMap<i64, String> = HashMap::new();
        for (i, line) in lines.iter().enumerate() {
            if line.quantity == 0 {
                return Err(Error::invalid(format!("lines[{i}].quantity"), InputProblem::OutOfRange));
            }
            if line.unit_price < Decimal::ZERO {
                return Err(out_of_range(i, "unitPrice"));
            }
            let (currency, cycle) = key_of(line);
            let unit = round_money(line.unit_price, &currency);
            let amount = unit.checked_mul(Decimal::from(line.quantity)).ok_or_else(|| out_of_range(i, "unitPrice"))?;
            let periods = crate::pricing::periods(line.term_duration.as_deref(), line.billing_cycle);
            let term_total = amount.checked_mul(Decimal::from(periods)).ok_or_else(|| out_of_range(i, "unitPrice"))?;
            let quoted = QuoteLine {
                line_id: line.line_id,
                parent_line_id: line.parent_line_id,
                catalog_item_id: line.catalog_item_id.clone(),
                title: line.title.clone(),
                term_duration: line.term_duration.clone(),
                billing_cycle: line.billing_cycle,
                quantity: line.quantity,
                unit_price: Money(unit),
                amount_per_period: Money(amount),
                term_total: Money(term_total),
            };
            currency_of.insert(line.line_id, currency.clone());
            let group =
                match quote.groups.iter_mut().position(|g| g.currency_code == currency && g.billing_cycle == cycle) {
                    Some(at) => quote.groups.get_mut(at),
                    None => {
                        quote.groups.push(QuoteGroup {
                            currency_code: currency,
                            billing_cycle: cycle,
                            lines: Vec::new(),
                            total_per_period: Money(Decimal::ZERO),
                            term_total: Money(Decimal::ZERO),
                        });
                        quote.groups.last_mut()
                    }
                };
            if let Some(group) = group {
                group.total_per_period =
                    Money(group.total_per_period.0.checked_add(amount).ok_or_else(|| out_of_range(i, "unitPrice"))?);
                group.term_total =
                    Money(group.term_total.0.checked_add(term_total).ok_or_else(|| out_of_range(i, "unitPrice"))?);
                group.lines.push(quoted);
            }
        }
        // Totals carry their currency's scale even for an empty sum.
        for group in &mut quote.groups {
            group.total_per_period = Money(round_money(group.total_per_period.0, &group.currency_code));
            group.term_total = Money(round_money(group.term_total.0, &group.currency_code));
        }
        for (line_id, effective_start, unit_price) in changes {
            let Some(currency) = currency_of.get(&line_id) else { continue };
            if effective_start <= quote.issued || effective_start > quote.valid_until || unit_price < Decimal::ZERO {
                continue;
            }
            quote.price_changes.push(PriceChange {
                line_id,
                effective_start,
                unit_price: Money(round_money(unit_price, currency)),
            });
        }
        quote.price_changes.sort_by_key(|c| (c.effective_start, c.line_id));
        Ok(quote)
    }
}

impl Quote {
    /// The quote as one self-contained HTML5 document in `l10n`'s language, with the built-in
    /// template (see [`QuoteTemplate`]): inline CSS, no script, no external resource, print
    /// CSS for A4 and Letter. Money and dates are formatted for the locale with ICU4X; every
    /// text from data is HTML-escaped.
    pub fn to_html(&self, l10n: &Localizer) -> String {
        render::render_builtin(self, l10n)
    }

    /// The quote rendered with a partner's `template` ([`QuoteTemplate::parse`]). Fails with
    /// [`Error::InvalidTemplate`] (naming the line) when the template fails while rendering.
    pub fn to_html_with(&self, l10n: &Localizer, template: &QuoteTemplate) -> Result<String> {
        template.render(self, l10n)
    }
}
