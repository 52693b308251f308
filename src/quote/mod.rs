//! Quotes: the document a partner hands the customer, what a cart will cost, in the customer's
//! language.
//!
//! A [`Quote`] is built from a cart's priced lines with a [`QuoteBuilder`] (the store prices
//! each line from its catalog, applies the [`PriceBasis`] with [`apply_price_basis`], and hands
//! the lines over), then kept as it is: rendering it later, in any locale, shows the same
//! figures.
//!
//! Money is exact: each unit price is rounded to its currency's minor units
//! ([`round_money`](crate::model::round_money())); `amountPerPeriod` = unit price × quantity,
//! `termTotal` = the sum of the first term's charges (amount per period × billing periods in the
//! term; a first term shortened by a custom end date as [`FirstTerm`] bills it), and every total
//! is the exact sum of those rounded figures. Lines are grouped by (currency, billing cycle,
//! term), in order of first appearance, and an add-on takes its parent's currency and billing
//! cycle: there is never one total across currencies, billing cycles or commitments of
//! different lengths. A summary per currency gives what is due on the first invoice, the
//! recurring monthly charge and the total contract value.
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
//!     first_term: None, start_date: Some(issued), commitment_end_date: None, trial: false,
//!     usage_charges: false,
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
pub(crate) mod issue;
mod partner;
mod render;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, InputProblem, Result};
use crate::l10n::Localizer;
use crate::model::{BillingCycleType, CartErrorCode, CustomerProfile, Money, Timestamp, round_money};
use crate::pricing::FirstTerm;

pub use format::{cldr_currency_digits, format_date, format_money};
pub use partner::{Logo, PartnerProfile};
pub use render::{MAX_DOCUMENT_BYTES, QuoteTemplate, TEMPLATE_FUEL};

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
    /// The partner's e-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The partner's telephone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The partner's tax registration number (VAT number, EIN, 登録番号, 統一編號).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// The partner's logo (PNG or SVG, at most [`MAX_LOGO_BYTES`](crate::limits::MAX_LOGO_BYTES)),
    /// base64 in JSON; printed as an `<img>` data URI, so an SVG's scripts never run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<Logo>,
}

impl Seller {
    /// Whether nothing is set: a quote issued with such a seller takes the stored partner
    /// profile's ([`Store::set_partner_profile`](crate::Store::set_partner_profile)).
    pub fn is_empty(&self) -> bool {
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
        self.name.trim().is_empty()
            && self.address_lines.iter().all(|l| l.trim().is_empty())
            && blank(&self.contact)
            && blank(&self.email)
            && blank(&self.phone)
            && blank(&self.tax_id)
            && self.logo.is_none()
    }

    /// Checks the bounds of every field: each text at most
    /// [`MAX_STRING`](crate::limits::MAX_STRING) bytes and without NUL, at most
    /// [`MAX_ADDRESS_LINES`](crate::limits::MAX_ADDRESS_LINES) address lines, the logo a PNG
    /// or SVG of at most [`MAX_LOGO_BYTES`](crate::limits::MAX_LOGO_BYTES). Else
    /// [`Error::InvalidInput`] naming the field under `prefix` (`seller.addressLines[3]`).
    pub fn check(&self, prefix: &str) -> Result<()> {
        use crate::validate::check_string;
        check_string(Some(&self.name), &format!("{prefix}name"))?;
        if self.address_lines.len() > crate::limits::MAX_ADDRESS_LINES {
            let max = crate::limits::MAX_ADDRESS_LINES;
            return Err(Error::invalid(format!("{prefix}addressLines"), InputProblem::TooMany { max }));
        }
        for (i, line) in self.address_lines.iter().enumerate() {
            check_string(Some(line), &format!("{prefix}addressLines[{i}]"))?;
        }
        check_string(self.contact.as_deref(), &format!("{prefix}contact"))?;
        check_string(self.email.as_deref(), &format!("{prefix}email"))?;
        check_string(self.phone.as_deref(), &format!("{prefix}phone"))?;
        check_string(self.tax_id.as_deref(), &format!("{prefix}taxId"))?;
        if let Some(logo) = &self.logo {
            logo.check(&format!("{prefix}logo"))?;
        }
        Ok(())
    }
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

impl QuoteOptions {
    /// Checks the options of a quote issued at `issued`: the price basis
    /// ([`PriceBasis::check`]), the seller's fields ([`Seller::check`], under `seller.`), the
    /// terms at most [`MAX_TERMS_BYTES`](crate::limits::MAX_TERMS_BYTES) (`terms`), and a
    /// `validUntil` after `issued` (`validUntil`, [`InputProblem::OutOfRange`]). Else
    /// [`Error::InvalidInput`] naming the field; [`Store::issue_quote`](crate::Store::issue_quote)
    /// calls it first, so nothing is stored then.
    ///
    /// ```
    /// use cartstore::quote::QuoteOptions;
    /// use cartstore::{Error, InputProblem};
    /// let issued = "2026-12-01T09:00:00Z".parse().unwrap();
    /// let old = QuoteOptions { valid_until: Some("2001-01-01T00:00:00Z".parse().unwrap()), ..QuoteOptions::default() };
    /// assert_eq!(old.check(issued), Err(Error::invalid("validUntil", InputProblem::OutOfRange)));
    /// let long = QuoteOptions { terms: Some("x".repeat(50 << 20)), ..QuoteOptions::default() };
    /// assert!(matches!(long.check(issued), Err(Error::InvalidInput { .. })));
    /// ```
    pub fn check(&self, issued: Timestamp) -> Result<()> {
        self.price_basis.check()?;
        self.seller.check("seller.")?;
        check_terms(self.terms.as_deref(), "terms")?;
        if self.valid_until.is_some_and(|v| v <= issued) {
            return Err(Error::invalid("validUntil", InputProblem::OutOfRange));
        }
        Ok(())
    }
}

/// A partner's terms text: at most [`MAX_TERMS_BYTES`](crate::limits::MAX_TERMS_BYTES), no NUL.
pub(crate) fn check_terms(terms: Option<&str>, field: &str) -> Result<()> {
    match terms {
        Some(t) if t.len() > crate::limits::MAX_TERMS_BYTES => {
            Err(Error::invalid(field, InputProblem::TooLong { max: crate::limits::MAX_TERMS_BYTES }))
        }
        Some(t) if t.contains('\0') => Err(Error::invalid(field, InputProblem::Invalid)),
        _ => Ok(()),
    }
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
    /// What the line costs over its first term: the sum of its charges
    /// ([`FirstTerm::total`](crate::pricing::FirstTerm::total)): `amountPerPeriod` × billing
    /// periods in the term, or, for a first term shortened by a custom end date, `periods`
    /// charges of `amountPerPeriod` and a last partial one of `partialPeriodUnitPrice` ×
    /// `quantity`.
    pub term_total: Money,
    /// When the subscription would start: the quote's issue instant (absent in quotes issued
    /// before wave 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Timestamp>,
    /// When the commitment ends: the custom term end date, else the start plus the term
    /// (absent for an item without a term).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment_end_date: Option<Timestamp>,
    /// Charges of `unitPrice` in the first term (12 for monthly on P1Y; fewer for a shortened
    /// term; absent in quotes issued before wave 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<u32>,
    /// The unit price of the last, partial charge of a first term that a custom end date cuts
    /// short inside a billing period (prorated by its days), rounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_period_unit_price: Option<Money>,
    /// A trial (the price list tags it `Trial`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub trial: bool,
    /// Usage may be charged on top of the price (the price list tags it `IncludeOverage`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub usage_charges: bool,
}

/// The lines of one (currency, billing cycle, term), with their totals (`groups[]`): a group
/// never adds commitments of different lengths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteGroup {
    /// The currency (ISO 4217, upper case).
    pub currency_code: String,
    /// The billing cycle.
    pub billing_cycle: BillingCycleType,
    /// The term of every line of the group (absent for items without a term, and in quotes
    /// issued before wave 3, whose groups were per currency and billing cycle only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_duration: Option<String>,
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

/// A line's price that ends inside the quote's validity window (`availabilityEnds[]`): the
/// item is not available at this price, for this customer, after `availableUntil`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityEnd {
    /// The cart line's id.
    pub line_id: i64,
    /// The end of the price's effective period (the first instant it no longer applies).
    pub available_until: Timestamp,
}

/// What a customer pays in one currency (`summary[]`): due on the first invoice, then every
/// month, and over the whole commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrencySummary {
    /// The currency (ISO 4217, upper case).
    pub currency_code: String,
    /// The first charge of every line: the first monthly charge of monthly lines, the first
    /// annual charge, a triennial or one-time price upfront.
    pub due_on_first_invoice: Money,
    /// The monthly charge of the monthly-billed lines.
    pub recurring_monthly: Money,
    /// The sum of every line's `termTotal`: the whole commitment.
    pub total_contract_value: Money,
}

/// A quote: what a cart will cost, as issued. JSON camelCase.
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
    /// One group per (currency, billing cycle, term), in order of first appearance.
    pub groups: Vec<QuoteGroup>,
    /// One summary per currency, in order of first appearance (absent in quotes issued before
    /// wave 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<CurrencySummary>,
    /// The cart lines left out, with their line error.
    #[serde(default)]
    pub excluded_lines: Vec<ExcludedLine>,
    /// Catalog price changes scheduled before `validUntil`.
    #[serde(default)]
    pub price_changes: Vec<PriceChange>,
    /// Lines whose price ends before `validUntil` ("not available after …").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub availability_ends: Vec<AvailabilityEnd>,
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
    /// The unit price of one charge after the price basis ([`apply_price_basis`]), not yet
    /// rounded: the per-period price, or, when a shortened first term has one charge, that
    /// prorated charge ([`FirstTerm::unit_price`](crate::pricing::FirstTerm::unit_price)).
    pub unit_price: Decimal,
    /// How the first term is charged ([`first_term`](crate::pricing::first_term)); `None`: every
    /// billing period of the term.
    pub first_term: Option<FirstTerm>,
    /// When the subscription would start (the issue instant, for a store's quote).
    pub start_date: Option<Timestamp>,
    /// When the commitment ends (the custom term end date, else the start plus the term).
    pub commitment_end_date: Option<Timestamp>,
    /// A trial.
    pub trial: bool,
    /// Usage may be charged on top of the price.
    pub usage_charges: bool,
}

/// Builds a [`Quote`] from a cart's priced lines: what the store calls when it issues one.
///
/// See the [module](self) docs for an example.
#[derive(Debug, Clone)]
pub struct QuoteBuilder {
    quote: Quote,
    lines: Vec<PricedLine>,
    changes: Vec<(i64, Timestamp, Decimal)>,
    ends: Vec<(i64, Timestamp)>,
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
                summary: Vec::new(),
                excluded_lines: Vec::new(),
                price_changes: Vec::new(),
                availability_ends: Vec::new(),
            },
            lines: Vec::new(),
            changes: Vec::new(),
            ends: Vec::new(),
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

    /// Records that line `line_id`'s price ends at `available_until`. Ends outside
    /// (`issued`, `validUntil`] are dropped; an end for a line not quoted is dropped too.
    pub fn availability_end(&mut self, line_id: i64, available_until: Timestamp) -> &mut QuoteBuilder {
        self.ends.push((line_id, available_until));
        self
    }

    /// The quote: lines grouped by (currency, billing cycle, term) in order of first
    /// appearance, an add-on with its parent's currency and cycle, every figure rounded and
    /// summed exactly, and one summary per currency.
    ///
    /// Fails with [`Error::InvalidInput`] when the price basis is out of range
    /// (`priceBasis.percent`), a line has a quantity of 0 (`lines[i].quantity`), a negative
    /// unit price (`lines[i].unitPrice`), or a figure beyond what a decimal holds.
    pub fn build(self) -> Result<Quote> {
        let QuoteBuilder { mut quote, lines, changes, ends } = self;
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
            let term = line.term_duration.as_ref().map(|t| t.trim().to_ascii_uppercase());
            let unit = round_money(line.unit_price, &currency);
            let quantity = Decimal::from(line.quantity);
            let amount = unit.checked_mul(quantity).ok_or_else(|| out_of_range(i, "unitPrice"))?;
            let shape = line
                .first_term
                .unwrap_or(FirstTerm::Full { periods: crate::pricing::periods(term.as_deref(), line.billing_cycle) });
            let term_total =
                shape.total(unit, i64::from(line.quantity), &currency).ok_or_else(|| out_of_range(i, "unitPrice"))?;
            let partial = shape.partial_unit_price(unit, &currency);
            // The first charge: a whole period's, else the partial one.
            let first_charge = match (shape.full_charges(), partial) {
                (0, Some(p)) => p.checked_mul(quantity).ok_or_else(|| out_of_range(i, "unitPrice"))?,
                (0, None) => Decimal::ZERO,
                _ => amount,
            };
            let quoted = QuoteLine {
                line_id: line.line_id,
                parent_line_id: line.parent_line_id,
                catalog_item_id: line.catalog_item_id.clone(),
                title: line.title.clone(),
                term_duration: term.clone(),
                billing_cycle: line.billing_cycle,
                quantity: line.quantity,
                unit_price: Money(unit),
                amount_per_period: Money(amount),
                term_total: Money(term_total),
                start_date: line.start_date,
                commitment_end_date: line.commitment_end_date,
                periods: Some(shape.full_charges()),
                partial_period_unit_price: partial.map(Money),
                trial: line.trial,
                usage_charges: line.usage_charges,
            };
            currency_of.insert(line.line_id, currency.clone());
            let add = |sum: &mut Money, figure: Decimal| -> Result<()> {
                sum.0 = sum.0.checked_add(figure).ok_or_else(|| out_of_range(i, "unitPrice"))?;
                Ok(())
            };
            let summary = match quote.summary.iter().position(|s| s.currency_code == currency) {
                Some(at) => quote.summary.get_mut(at),
                None => {
                    quote.summary.push(CurrencySummary {
                        currency_code: currency.clone(),
                        due_on_first_invoice: Money(Decimal::ZERO),
                        recurring_monthly: Money(Decimal::ZERO),
                        total_contract_value: Money(Decimal::ZERO),
                    });
                    quote.summary.last_mut()
                }
            };
            if let Some(summary) = summary {
                add(&mut summary.due_on_first_invoice, first_charge)?;
                if cycle == BillingCycleType::Monthly {
                    add(&mut summary.recurring_monthly, amount)?;
                }
                add(&mut summary.total_contract_value, term_total)?;
            }
            let group = match quote
                .groups
                .iter_mut()
                .position(|g| g.currency_code == currency && g.billing_cycle == cycle && g.term_duration == term)
            {
                Some(at) => quote.groups.get_mut(at),
                None => {
                    quote.groups.push(QuoteGroup {
                        currency_code: currency,
                        billing_cycle: cycle,
                        term_duration: term,
                        lines: Vec::new(),
                        total_per_period: Money(Decimal::ZERO),
                        term_total: Money(Decimal::ZERO),
                    });
                    quote.groups.last_mut()
                }
            };
            if let Some(group) = group {
                add(&mut group.total_per_period, amount)?;
                add(&mut group.term_total, term_total)?;
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
        for summary in &mut quote.summary {
            let currency = summary.currency_code.clone();
            for figure in
                [&mut summary.due_on_first_invoice, &mut summary.recurring_monthly, &mut summary.total_contract_value]
            {
                figure.0 = round_money(figure.0, &currency);
            }
        }
        for (line_id, available_until) in ends {
            if !currency_of.contains_key(&line_id)
                || available_until <= quote.issued
                || available_until > quote.valid_until
            {
                continue;
            }
            quote.availability_ends.push(AvailabilityEnd { line_id, available_until });
        }
        quote.availability_ends.sort_by_key(|e| (e.available_until, e.line_id));
        quote.availability_ends.dedup();
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
