//! Quote issuance, the routine beside `checkout::run`: run on a write transaction the store
//! began (through the storage seam, [`crate::db::Writes`]), it prices a stored cart as checkout
//! would, builds the [`Quote`] and stores it, or returns the one already issued when it still
//! says the same.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, Months, Utc};
use rust_decimal::Decimal;

use super::{PartnerProfile, PriceBasis, PricedLine, Quote, QuoteBuilder, QuoteOptions, apply_price_basis};
use crate::cart_rules::{CartState, Priced, open_cart, reprice};
use crate::db::{QuoteRow, Reads, Writes};
use crate::error::{Error, InputProblem, Result, StorageKind};
use crate::l10n::Localizer;
use crate::model::{
    BillingCycleType, CartLineItem, CatalogItem, CatalogTerm, Quantity, Timestamp, round_money, term_months,
    walk_lines_indexed,
};
use crate::pricing::{FirstTerm, discount, first_term};
use crate::validate::{Context, coming_terms, line_discount, term_in_effect};

/// What one quote issuance needs besides the transaction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
    /// The customer (tenant).
    pub customer: &'a str,
    /// The cart, its id as stored.
    pub cart_id: &'a str,
    /// The options, already checked.
    pub options: &'a QuoteOptions,
    /// The issue instant.
    pub now: DateTime<Utc>,
    /// The store's localizer (with the application's messages): the quote's language when the
    /// customer's profile names none, and the layers a profile's language is negotiated with.
    pub l10n: Localizer,
}

/// Issues a quote for `req.customer`'s cart `req.cart_id` (see `Store::issue_quote`).
pub(crate) fn run(tx: &dyn Writes, req: &Request<'_>) -> Result<Quote> {
    let (customer, now) = (req.customer, req.now);
    // The stored partner profile's seller and terms where the options give none.
    let options = &*with_partner(tx.reads(), req.options)?;
    let options_json = serde_json::to_string(options).map_err(|e| Error::storage_from(StorageKind::Other, e))?;
    let row = match open_cart(tx.reads(), customer, req.cart_id, Some(now.timestamp_micros()))? {
        CartState::Open(row) => row,
        CartState::Ordered(row) => return Err(Error::CartAlreadyOrdered { cart_id: row.cart_id }),
    };
    if options.valid_until.is_some_and(|v| v.to_micros() > row.expiration_us) {
        return Err(Error::invalid("validUntil", InputProblem::OutOfRange));
    }
    let issued_before = tx.issued_quote(&row.cart_id, row.last_modified_us, &options_json)?;
    // Priced now, from the catalog in effect for this customer, exactly as checkout would.
    let mut lines = tx.cart(&row)?.line_items;
    let Priced { items, profile } = reprice(tx.reads(), customer, &mut lines, now)?;
    let l10n = profile.locale.as_deref().map_or(req.l10n, |tag| Localizer::negotiate_with(&req.l10n, &[tag]));
    let ctx = Context { customer: &profile, now };
    let valid_until = options.valid_until.map_or(row.expiration_us, |v| v.to_micros());
    let until = Timestamp::from_micros(valid_until).map_or(now, |t| t.0);

    let seq = tx.next_quote_seq()?;
    let number = format!("Q-{:04}-{seq:06}", now.year());
    let issued = Timestamp::from_micros(now.timestamp_micros()).unwrap_or(Timestamp(now));
    let expires = Timestamp::from_micros(row.expiration_us).unwrap_or(issued);
    let mut builder = QuoteBuilder::new(&number, &row.cart_id, customer, profile.clone(), issued, expires, options);
    builder.locale(&l10n);
    let mut ids: Vec<i64> = Vec::new();
    let mut failure = None;
    walk_lines_indexed(&lines, &mut |index, parent, line| {
        let line_id = line.id.unwrap_or(i64::try_from(index).unwrap_or_default());
        ids.push(line_id);
        let item_id = line.catalog_item_id.clone().unwrap_or_default();
        let item = items.get(&item_id);
        let title = item.and_then(|i| i.title.clone()).or_else(|| line.friendly_name.clone());
        if let Some(code) = line.error.as_ref().and_then(|e| e.error_code) {
            builder.excluded_line(line_id, Some(item_id), title, code, &l10n);
            return;
        }
        let (Some(item), Some(currency)) = (item, line.currency_code.as_deref()) else { return };
        match quote_line(line, item, &ctx, &options.price_basis, currency, until) {
            Ok(quoted) => {
                for (start, price) in quoted.changes {
                    builder.price_change(line_id, Timestamp(start), price);
                }
                if let Some(end) = quoted.available_until {
                    builder.availability_end(line_id, Timestamp(end));
                }
                builder.line(PricedLine {
                    line_id,
                    parent_line_id: parent.and_then(|p| ids.get(p).copied()),
                    catalog_item_id: item_id.clone(),
                    title: title.unwrap_or(item_id),
                    term_duration: line.term_duration.clone(),
                    billing_cycle: line.billing_cycle.unwrap_or(BillingCycleType::OneTime),
                    quantity: line
                        .quantity
                        .as_ref()
                        .and_then(Quantity::get)
                        .and_then(|q| u32::try_from(q).ok())
                        .unwrap_or_default(),
                    currency_code: currency.to_owned(),
                    unit_price: quoted.unit_price,
                    first_term: Some(quoted.first_term),
                    start_date: Some(issued),
                    commitment_end_date: commitment_end(line, now),
                    trial: item.trial == Some(true),
                    usage_charges: item.usage_charges == Some(true),
                });
            }
            Err(err) => failure = failure.take().or(Some(err)),
        }
    });
    if let Some(err) = failure {
        return Err(err);
    }
    let quote = builder.build()?;
    // The quote issued before for this cart version and these options, when nothing its
    // prices depend on has changed since (catalog, profiles, promotions, scheduled
    // prices, the validity window): the same quote again.
    if let Some(json) = issued_before {
        let before = parse_quote(&json)?;
        if same_quote(&before, &quote) {
            return Ok(before);
        }
    }
    let quote_json = serde_json::to_string(&quote).map_err(|e| Error::storage_from(StorageKind::Other, e))?;
    tx.insert_quote(&QuoteRow {
        quote_number: &number,
        seq,
        customer_id: customer,
        cart_id: &row.cart_id,
        cart_modified_us: row.last_modified_us,
        options_json: &options_json,
        issued_us: issued.to_micros(),
        quote_json: &quote_json,
    })?;
    Ok(quote)
}

/// `options` with the stored partner profile's seller when its own seller is empty
/// ([`Seller::is_empty`](crate::quote::Seller::is_empty)), and the profile's terms when it has
/// none; `options` itself when there is nothing to fill in.
pub(crate) fn with_partner<'o>(tx: &dyn Reads, options: &'o QuoteOptions) -> Result<Cow<'o, QuoteOptions>> {
    let (needs_seller, needs_terms) = (options.seller.is_empty(), options.terms.is_none());
    if !needs_seller && !needs_terms {
        return Ok(Cow::Borrowed(options));
    }
    let Some(json) = tx.partner_profile()? else { return Ok(Cow::Borrowed(options)) };
    let profile = parse_partner(&json)?;
    let mut filled = options.clone();
    if needs_seller {
        filled.seller = profile.seller();
    }
    if needs_terms {
        filled.terms = profile.terms;
    }
    Ok(Cow::Owned(filled))
}

/// A stored partner profile read back; one that does not parse is `Storage { Corrupt }`.
pub(crate) fn parse_partner(json: &str) -> Result<PartnerProfile> {
    serde_json::from_str(json).map_err(|e| Error::storage_from(StorageKind::Corrupt, e))
}

/// A stored quote's JSON read back; one that does not parse is `Storage { Corrupt }`.
pub(crate) fn parse_quote(json: &str) -> Result<Quote> {
    serde_json::from_str(json).map_err(|e| Error::storage_from(StorageKind::Corrupt, e))
}

/// A line of a quote priced: its unit price under the basis, how its first term is charged,
/// its coming price changes, and when its price ends.
struct QuotedLine {
    unit_price: Decimal,
    first_term: FirstTerm,
    changes: Vec<(DateTime<Utc>, Decimal)>,
    available_until: Option<DateTime<Utc>>,
}

/// Prices `line` of `item` for a quote at `ctx.now` under `basis`: the partner's cost and the
/// estimated retail price each go through the line's promotion and its first term's proration
/// exactly as the cart's price does ([`FirstTerm`]), then the basis; every price change the
/// catalog holds until `until` is priced the same way; a price that ends by `until` with no
/// price after it gives `available_until`.
fn quote_line(
    line: &CartLineItem,
    item: &CatalogItem,
    ctx: &Context<'_>,
    basis: &PriceBasis,
    currency: &str,
    until: DateTime<Utc>,
) -> Result<QuotedLine> {
    let out_of_range = || Error::invalid("unitPrice", InputProblem::OutOfRange);
    let Some(term) = term_in_effect(line, item, ctx) else {
        return Err(Error::storage(StorageKind::Other, "a quoted line has no price in effect"));
    };
    let discount_percent = line_discount(line, item, term, ctx.now);
    let cycle = line.billing_cycle.unwrap_or(BillingCycleType::OneTime);
    let shape = first_term(ctx.now, term.term_duration.as_deref(), cycle, line.custom_term_end_date.map(|t| t.0));
    let charge = |per_period: Decimal| -> Result<Decimal> {
        let discounted =
            discount(round_money(per_period, currency), discount_percent, currency).ok_or_else(out_of_range)?;
        shape.unit_price(discounted, currency).ok_or_else(out_of_range)
    };
    let priced = |t: &CatalogTerm| -> Result<Decimal> {
        let cost = charge(t.list_price.map(|m| m.0).unwrap_or_default())?;
        let erp = t.erp_price.map(|m| charge(m.0)).transpose()?;
        apply_price_basis(basis, cost, erp)
    };
    let unit_price = priced(term)?;
    let changes = coming_terms(line, item, ctx, until)
        .into_iter()
        .map(|(start, t)| Ok((start, priced(t)?)))
        .collect::<Result<Vec<_>>>()?;
    // A price that ends inside the window with none to follow it: not available after then.
    let available_until = term.effective_end.map(|e| e.0).filter(|end| {
        *end <= until && term_in_effect(line, item, &Context { customer: ctx.customer, now: *end }).is_none()
    });
    Ok(QuotedLine { unit_price, first_term: shape, changes, available_until })
}

/// When a line bought at `now` commits to: its custom term end date, else `now` plus its term.
fn commitment_end(line: &CartLineItem, now: DateTime<Utc>) -> Option<Timestamp> {
    if let Some(end) = line.custom_term_end_date {
        return Some(end);
    }
    let months = line.term_duration.as_deref().and_then(term_months)?;
    let end = now.checked_add_months(Months::new(months))?;
    Timestamp::from_micros(end.timestamp_micros())
}

/// Whether `fresh`, just priced, says what `before` (issued earlier for the same cart version
/// and options) says: the same figures, lines, customer, seller, terms and window. The number,
/// the issue instant, and the start and commitment dates may differ (a custom end date is the
/// cart's, unchanged for one cart version; the others follow from the issue instant).
fn same_quote(before: &Quote, fresh: &Quote) -> bool {
    let normalized = |q: &Quote| {
        let mut q = q.clone();
        q.quote_number.clear();
        q.issued = Timestamp(DateTime::<Utc>::UNIX_EPOCH);
        for line in q.groups.iter_mut().flat_map(|g| g.lines.iter_mut()) {
            line.start_date = None;
            line.commitment_end_date = None;
        }
        q
    };
    normalized(before) == normalized(fresh)
}
