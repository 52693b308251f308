//! Lines against the catalog: ids, normalized spellings, defaults, checks, pricing, order
//! groups. The store runs [`prepare_lines`] on create, update and again at checkout.

use chrono::{DateTime, Months, Utc};

use super::CatalogLookup;
use crate::error::{Error, InputProblem, Result};
use crate::model::{
    AdditionalInformation, BillingCycleType, CartError, CartErrorCode, CartLineItem, CatalogItem, CatalogTerm,
    CustomerProfile, CustomerSegment, Promotion, Quantity, term_months, walk_lines, walk_lines_mut,
};
use crate::pricing::{PriceInput, price_line};

/// Validates, completes and prices every line of a well-formed request, in place, at the
/// pricing instant `now`: line ids, normalized spellings (`P1Y`, `USD`), currency and billing
/// cycle defaults (an add-on takes its parent's billing cycle), order groups, pricing, and each
/// invalid line's `error`. The store runs it on create, update and again at checkout, so an
/// order is always priced from the catalog in effect when it is placed. `customer` is the
/// profile of the cart's customer: its segment decides which SKUs it may buy, its market and
/// currency which prices apply (a line's own currency first).
///
/// # Errors
/// [`Error::InvalidInput`] ([`InputProblem::OutOfRange`] on the line's `quantity`) when a
/// line's figures do not fit in a decimal.
pub(crate) fn prepare_lines(
    lines: &mut [CartLineItem],
    catalog: &impl CatalogLookup,
    customer: &CustomerProfile,
    now: DateTime<Utc>,
) -> Result<()> {
    assign_line_ids(lines);
    let ctx = Context { customer, now };
    for (i, line) in lines.iter_mut().enumerate() {
        prepare_line(line, None, catalog, &ctx).map_err(|at| at.at(i))?;
    }
    assign_groups(lines);
    Ok(())
}

/// Gives every line without an id the next one of one sequence over the whole cart, depth
/// first (a base, its add-ons, the next base), after the largest id sent.
fn assign_line_ids(lines: &mut [CartLineItem]) {
    let mut next = 0;
    walk_lines(lines, &mut |line| {
        if let Some(id) = line.id {
            next = next.max(id.saturating_add(1));
        }
    });
    walk_lines_mut(lines, &mut |line| {
        if line.id.is_none() {
            line.id = Some(next);
            next += 1;
        }
    });
}

/// Who a line is priced for, and when.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The cart's customer.
    pub(crate) customer: &'a CustomerProfile,
    /// The pricing instant.
    pub(crate) now: DateTime<Utc>,
}

impl Context<'_> {
    /// Whether `term` is offered to this customer now: its segment (absent or commercial: any
    /// customer), its market (absent, or the customer names none: any) and its period.
    fn offers(&self, term: &CatalogTerm) -> bool {
        term.segment.is_none_or(|s| s == CustomerSegment::Commercial || s == self.customer.segment)
            && self.in_market(term)
            && term.effective_start.is_none_or(|s| s.0 <= self.now)
            && term.effective_end.is_none_or(|e| self.now < e.0)
    }

    /// Whether `term` is for this customer's market (absent, or the customer names none: any).
    fn in_market(&self, term: &CatalogTerm) -> bool {
        term.market
            .as_deref()
            .is_none_or(|m| self.customer.market.as_deref().is_none_or(|wanted| wanted.eq_ignore_ascii_case(m)))
    }

    /// The currency of a line that names none: the customer's, else the only currency offered
    /// to the customer (its market, segment, at this instant; a customer without a profile: the
    /// only currency the item is offered in), else, when the item offers no price to the
    /// customer at all, the item's own. Several possible and none chosen: `Err` with them,
    /// sorted (line error 10000 naming them); never the first in file order.
    fn default_currency(&self, item: &CatalogItem) -> std::result::Result<String, Vec<String>> {
        if let Some(currency) = self.customer.currency_code.as_deref() {
            return Ok(currency.trim().to_ascii_uppercase());
        }
        let mut currencies: Vec<String> =
            item.terms.iter().filter(|t| self.offers(t)).map(|t| currency_of(t, item).to_ascii_uppercase()).collect();
        currencies.sort();
        currencies.dedup();
        match currencies.as_slice() {
            [] => Ok(item.currency_code.clone()),
            [only] => Ok(only.clone()),
            _ => Err(currencies),
        }
    }
}

/// The price `line` buys of `item` for `ctx`'s customer at `ctx.now`: of the terms of the
/// line's term, billing cycle and currency offered then, the one that started last.
pub(crate) fn term_in_effect<'c>(
    line: &CartLineItem,
    item: &'c CatalogItem,
    ctx: &Context<'_>,
) -> Option<&'c CatalogTerm> {
    let currency = line.currency_code.as_deref().map(str::trim);
    item.terms
        .iter()
        .filter(|t| {
            term_matches(t, line.term_duration.as_deref())
                && t.billing_cycle == line.billing_cycle
                && ctx.offers(t)
                && currency.is_none_or(|c| currency_of(t, item).eq_ignore_ascii_case(c))
                && tier_fits(t, line)
        })
        .reduce(|best, t| if t.effective_start > best.effective_start { t } else { best })
}

/// The prices `line` will buy of `item` that take effect after `ctx.now` and no later than
/// `until`, each with its start, in order: what a quote reports as coming price changes.
pub(crate) fn coming_terms<'c>(
    line: &CartLineItem,
    item: &'c CatalogItem,
    ctx: &Context<'_>,
    until: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, &'c CatalogTerm)> {
    let mut starts: Vec<DateTime<Utc>> = item
        .terms
        .iter()
        .filter_map(|t| t.effective_start.map(|s| s.0))
        .filter(|s| ctx.now < *s && *s <= until)
        .collect();
    starts.sort();
    starts.dedup();
    starts
        .into_iter()
        .filter_map(|start| {
            let then = Context { customer: ctx.customer, now: start };
            term_in_effect(line, item, &then)
                .filter(|t| t.effective_start.is_some_and(|s| s.0 == start))
                .map(|t| (start, t))
        })
        .collect()
}

/// A term's currency: its own, else its item's.
fn currency_of<'c>(term: &'c CatalogTerm, item: &'c CatalogItem) -> &'c str {
    term.currency_code.as_deref().unwrap_or(&item.currency_code)
}

/// Whether a term's quantity tier (`tierMin`..=`tierMax`, a price list's tiered rows) holds
/// the line's quantity; a term without a tier holds any.
fn tier_fits(term: &CatalogTerm, line: &CartLineItem) -> bool {
    let quantity = line.quantity.as_ref().and_then(Quantity::get).unwrap_or_default();
    term.tier_min.is_none_or(|min| quantity >= min) && term.tier_max.is_none_or(|max| quantity <= max)
}

/// What an add-on's checks need of its parent line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParentLine<'a> {
    /// The parent's catalog item id.
    pub(crate) catalog_item_id: &'a str,
    /// The parent's currency.
    pub(crate) currency_code: Option<&'a str>,
    /// The parent's billing cycle.
    pub(crate) billing_cycle: Option<BillingCycleType>,
}

/// The path of the line whose figures overflowed, built on the way out (only on failure).
#[derive(Debug, Default)]
struct OverflowAt(Vec<usize>);

impl OverflowAt {
    fn at(mut self, index: usize) -> Error {
        self.0.push(index);
        let mut path = String::from("lineItems");
        for (depth, i) in self.0.iter().rev().enumerate() {
            if depth > 0 {
                path.push_str(".addonItems");
            }
            path.push_str(&format!("[{i}]"));
        }
        path.push_str(".quantity");
        Error::invalid(path, InputProblem::OutOfRange)
    }

    fn nested(mut self, index: usize) -> OverflowAt {
        self.0.push(index);
        self
    }
}

fn normalize(value: &mut Option<String>) {
    if let Some(v) = value
        && v.bytes().any(|b| b.is_ascii_lowercase() || b.is_ascii_whitespace())
    {
        *v = v.trim().to_ascii_uppercase();
    }
}

fn prepare_line(
    line: &mut CartLineItem,
    parent: Option<&ParentLine<'_>>,
    catalog: &impl CatalogLookup,
    ctx: &Context<'_>,
) -> std::result::Result<(), OverflowAt> {
    let now = ctx.now;
    line.error = None;
    line.pricing = None;
    normalize(&mut line.term_duration);
    normalize(&mut line.currency_code);
    if let Some(renews) = line.renews_to.as_mut() {
        normalize(&mut renews.term_duration);
    }
    if line.billing_cycle.is_none() {
        line.billing_cycle = parent.and_then(|p| p.billing_cycle);
    }
    let item = catalog.item(line.catalog_item_id.as_deref().unwrap_or_default());
    let mut defaults_error = None;
    if let Some(item) = item {
        if line.currency_code.is_none() {
            match ctx.default_currency(item) {
                Ok(currency) => line.currency_code = Some(currency),
                Err(offered) => {
                    defaults_error = Some(error_with(
                        CartErrorCode::CurrencyIsNotSupported,
                        AdditionalInformation { currency_codes: Some(offered), ..AdditionalInformation::default() },
                    ))
                }
            }
        }
        let currency = line.currency_code.clone().unwrap_or_default();
        let offered = |t: &&CatalogTerm| ctx.offers(t) && currency_of(t, item).eq_ignore_ascii_case(currency.trim());
        if line.billing_cycle.is_none() {
            // The billing cycle of the terms offered for the line's term, when they agree.
            let mut cycles = item
                .terms
                .iter()
                .filter(|t| term_matches(t, line.term_duration.as_deref()) && offered(t))
                .map(|t| t.billing_cycle);
            if let Some(first) = cycles.next()
                && cycles.all(|c| c == first)
            {
                line.billing_cycle = first;
            }
        }
        if line.term_duration.is_none() && defaults_error.is_none() {
            // The term of the terms offered for the line's billing cycle: written onto the line
            // when there is one, a line error naming them when there are several (never the
            // first of them: cart, quote and order must carry the same term).
            let mut terms: Vec<String> = item
                .terms
                .iter()
                .filter(|t| t.billing_cycle == line.billing_cycle && offered(t))
                .filter_map(|t| t.term_duration.as_deref().map(str::to_ascii_uppercase))
                .collect();
            terms.sort_by_key(|t| (term_months(t), t.clone()));
            terms.dedup();
            match terms.len() {
                0 => {}
                1 => line.term_duration = terms.pop(),
                _ => {
                    defaults_error = Some(error_with(
                        CartErrorCode::InvalidInput,
                        AdditionalInformation { term_durations: Some(terms), ..AdditionalInformation::default() },
                    ))
                }
            }
        }
    }
    match item {
        None => line.error = Some(error(CartErrorCode::CatalogItemIdIsNotValid)),
        Some(_) if defaults_error.is_some() => line.error = defaults_error,
        Some(item) => match check_against(line, item, parent, ctx) {
            Ok((term, discount)) => {
                let quantity = line.quantity.as_ref().and_then(Quantity::get).unwrap_or_default();
                line.pricing = Some(
                    price_line(&PriceInput {
                        currency: currency_of(term, item),
                        list_price: term.list_price.unwrap_or_default().0,
                        discount_percent: discount,
                        term_duration: term.term_duration.as_deref(),
                        billing_cycle: term.billing_cycle.unwrap_or(BillingCycleType::OneTime),
                        quantity,
                        custom_term_end: line.custom_term_end_date.map(|t| t.0),
                        now,
                    })
                    .ok_or_else(OverflowAt::default)?,
                );
            }
            Err(err) => line.error = Some(err),
        },
    }
    let CartLineItem { addon_items, catalog_item_id, currency_code, billing_cycle, .. } = line;
    let me = ParentLine {
        catalog_item_id: catalog_item_id.as_deref().unwrap_or_default(),
        currency_code: currency_code.as_deref(),
        billing_cycle: *billing_cycle,
    };
    for (j, addon) in addon_items.iter_mut().flatten().enumerate() {
        prepare_line(addon, Some(&me), catalog, ctx).map_err(|at| at.nested(j))?;
    }
    Ok(())
}

fn term_matches(term: &CatalogTerm, wanted: Option<&str>) -> bool {
    match (wanted, term.term_duration.as_deref()) {
        (Some(w), Some(t)) => w.trim().eq_ignore_ascii_case(t),
        (None, _) => true,
        (Some(_), None) => false,
    }
}

fn error(code: CartErrorCode) -> CartError {
    CartError { error_code: Some(code), error_description: None, additional_information: None }
}

fn error_with(code: CartErrorCode, info: AdditionalInformation) -> CartError {
    CartError { error_code: Some(code), error_description: None, additional_information: Some(info) }
}

fn quantity_error(code: CartErrorCode, available: i64, purchased: i64) -> CartError {
    error_with(
        code,
        AdditionalInformation {
            available_quantity: Some(available),
            purchased_quantity: Some(purchased),
            ..AdditionalInformation::default()
        },
    )
}

/// The `provisioningContext` value of `key` (matched case-insensitively), when not blank.
pub(crate) fn context_value<'l>(line: &'l CartLineItem, key: &str) -> Option<&'l str> {
    line.provisioning_context
        .as_ref()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

/// The context key naming an existing base subscription for a top-level add-on line (as
/// Partner Center's "add-on to an existing subscription" sample sends it).
pub(crate) const PARENT_SUBSCRIPTION_KEY: &str = "ParentSubscriptionId";

/// Checks one line against its catalog item; on success, the term it buys and the
/// promotion's discount. `parent` is the line's parent for an add-on.
// The error is the line's `CartError` itself, stored on the line as it is: boxing it would only
// move the allocation.
#[allow(clippy::result_large_err)]
pub(crate) fn check_against<'c>(
    line: &CartLineItem,
    item: &'c CatalogItem,
    parent: Option<&ParentLine<'_>>,
    ctx: &Context<'_>,
) -> std::result::Result<(&'c CatalogTerm, Option<rust_decimal::Decimal>), CartError> {
    let now = ctx.now;
    if !item.eligible_for_purchase {
        return Err(error_with(
            CartErrorCode::UnableToProcessCartLineItem,
            AdditionalInformation { eligible_for_purchase: Some(false), ..AdditionalInformation::default() },
        ));
    }
    // An Education, Charity or Government SKU is for customers of its segment only.
    if let Some(segment) = item.segment
        && segment != CustomerSegment::Commercial
        && segment != ctx.customer.segment
    {
        return Err(error_with(
            CartErrorCode::UnableToProcessCartLineItem,
            AdditionalInformation { segment: Some(segment.as_str().to_owned()), ..AdditionalInformation::default() },
        ));
    }
    match parent {
        Some(parent) if !item.addon_of.iter().any(|base| base.eq_ignore_ascii_case(parent.catalog_item_id)) => {
            return Err(error(CartErrorCode::UnableToProcessCartLineItem));
        }
        // An add-on bought on its own names the existing base subscription it joins.
        None if !item.addon_of.is_empty() && context_value(line, PARENT_SUBSCRIPTION_KEY).is_none() => {
            return Err(error(CartErrorCode::UnableToProcessCartLineItem));
        }
        _ => {}
    }
    // An item priced for other markets only has no price for this customer (10000).
    if !item.terms.is_empty() && !item.terms.iter().any(|t| ctx.in_market(t)) {
        return Err(error(CartErrorCode::CurrencyIsNotSupported));
    }
    // The currency must be one of a price offered to the customer now (an item without any
    // such price: its own currency, and the term check below refuses the line).
    let currency = line.currency_code.as_deref().map(str::trim);
    if let Some(currency) = currency {
        let mut offered = item.terms.iter().filter(|t| ctx.offers(t)).peekable();
        let supported = match offered.peek() {
            None => currency.eq_ignore_ascii_case(&item.currency_code),
            Some(_) => offered.any(|t| currency_of(t, item).eq_ignore_ascii_case(currency)),
        };
        if !supported {
            return Err(error(CartErrorCode::CurrencyIsNotSupported));
        }
    }
    // An order never mixes currencies or billing cycles: an add-on has its parent's.
    if let Some(parent) = parent {
        if let (Some(mine), Some(theirs)) = (line.currency_code.as_deref(), parent.currency_code)
            && !mine.eq_ignore_ascii_case(theirs)
        {
            return Err(error(CartErrorCode::CurrencyIsNotSupported));
        }
        if parent.billing_cycle.is_some() && line.billing_cycle != parent.billing_cycle {
            return Err(error(CartErrorCode::InvalidInput));
        }
    }
    let quantity = line.quantity.as_ref().and_then(Quantity::get).unwrap_or_default();
    if quantity < 1 {
        return Err(error(CartErrorCode::InvalidInput));
    }
    if let Some(max) = item.maximum_quantity
        && quantity > max
    {
        return Err(quantity_error(CartErrorCode::MaxAllowedSeatsPerSubscriptionExceeded, max, quantity));
    }
    if let Some(min) = item.minimum_quantity
        && quantity < min
    {
        return Err(error_with(
            CartErrorCode::InvalidInput,
            AdditionalInformation { minimum_quantity: Some(min), ..AdditionalInformation::default() },
        ));
    }
    if let Some(inventory) = item.inventory
        && quantity > inventory
    {
        return Err(quantity_error(CartErrorCode::InventoryNotAvailable, inventory.max(0), quantity));
    }
    let term = term_in_effect(line, item, ctx).ok_or_else(|| missing_term(line, item, ctx))?;
    if let Some(renews) = line.renews_to.as_ref().and_then(|r| r.term_duration.as_deref())
        && !renews_allowed(term, item, ctx, renews.trim())
    {
        return Err(error(CartErrorCode::InvalidInput));
    }
    if item.requires_attestation && line.attestation_accepted != Some(true) {
        return Err(error(CartErrorCode::AttestationNotAccepted));
    }
    let discount = line_discount(line, item, term, now);
    if line.promotion_id.is_some() && discount.is_none() {
        return Err(error(CartErrorCode::InvalidPromotionId));
    }
    if let Some(end) = line.custom_term_end_date {
        let Some(months) = term.term_duration.as_deref().and_then(term_months) else {
            return Err(error(CartErrorCode::InvalidCustomTermEndDateProduct));
        };
        // Within (now, the full term's end date]: any hour of the full term's last day is the
        // full term.
        let full_end = now.checked_add_months(Months::new(months)).unwrap_or(now);
        if end.0 <= now || end.0.date_naive() > full_end.date_naive() {
            return Err(error(CartErrorCode::InvalidCustomTermEndDate));
        }
    }
    for variable in &item.provisioning_variables {
        if context_value(line, variable).is_none() {
            return Err(error(CartErrorCode::UnableToProcessCartLineItem));
        }
    }
    Ok((term, discount))
}

/// The line error of a line for which no price is in effect: 10013 when the line names a term
/// and a billing plan and the term is offered to the customer with another plan only, else
/// 10010.
fn missing_term(line: &CartLineItem, item: &CatalogItem, ctx: &Context<'_>) -> CartError {
    let currency = line.currency_code.as_deref().map(str::trim);
    let other_plan = line.term_duration.is_some()
        && line.billing_cycle.is_some()
        && item.terms.iter().any(|t| {
            term_matches(t, line.term_duration.as_deref())
                && t.billing_cycle != line.billing_cycle
                && ctx.offers(t)
                && currency.is_none_or(|c| currency_of(t, item).eq_ignore_ascii_case(c))
        });
    error(if other_plan { CartErrorCode::BillingPlanNotSupported } else { CartErrorCode::InvalidInput })
}

/// Whether a line buying `term` may renew to `renews`: a term the catalog lists in the term's
/// `renewsTo`; for a term from a price list (which names no `renewsTo`; every price-list row
/// has a market and an effective start), any term duration the item is offered in to this
/// customer.
fn renews_allowed(term: &CatalogTerm, item: &CatalogItem, ctx: &Context<'_>, renews: &str) -> bool {
    if term.renews_to.iter().any(|r| r.eq_ignore_ascii_case(renews)) {
        return true;
    }
    let from_price_list = term.renews_to.is_empty() && term.market.is_some() && term.effective_start.is_some();
    from_price_list
        && term_months(renews).is_some()
        && item
            .terms
            .iter()
            .any(|t| ctx.offers(t) && t.term_duration.as_deref().is_some_and(|d| d.eq_ignore_ascii_case(renews)))
}

/// The percentage off of the line's promotion for `term` at `now`, when it names one that
/// applies (`None` without a promotion, or with one that does not apply: 10014).
pub(crate) fn line_discount(
    line: &CartLineItem,
    item: &CatalogItem,
    term: &CatalogTerm,
    now: DateTime<Utc>,
) -> Option<rust_decimal::Decimal> {
    let promotion_id = line.promotion_id.as_deref()?;
    let promo = item.promotions.iter().find(|p| promotion_applies(p, promotion_id, term, now))?;
    Some(promo.discount_percent.unwrap_or_default().0)
}

fn promotion_applies(p: &Promotion, id: &str, term: &CatalogTerm, now: DateTime<Utc>) -> bool {
    p.promotion_id.eq_ignore_ascii_case(id.trim())
        && p.term_duration.as_deref().is_none_or(|t| Some(t) == term.term_duration.as_deref())
        && p.billing_cycle.is_none_or(|c| Some(c) == term.billing_cycle)
        && p.start_date.is_none_or(|s| s.0 <= now)
        && p.end_date.is_none_or(|e| now < e.0)
}

/// Assigns order groups: lines sharing (billing cycle, currency) share a group, numbered
/// "0", "1", ... in order of first appearance; add-ons take their parent's group.
pub(crate) fn assign_groups(lines: &mut [CartLineItem]) {
    let mut groups: Vec<(Option<BillingCycleType>, String)> = Vec::new();
    for line in lines.iter_mut() {
        let key = (line.billing_cycle, line.currency_code.clone().unwrap_or_default().to_ascii_uppercase());
        let index = match groups.iter().position(|g| *g == key) {
            Some(i) => i,
            None => {
                groups.push(key);
                groups.len() - 1
            }
        };
        set_group(line, &index.to_string());
    }
}

fn set_group(line: &mut CartLineItem, group: &str) {
    walk_lines_mut(std::slice::from_mut(line), &mut |l| l.order_group = Some(group.to_owned()));
}

/// The catalog item ids of every line and add-on, depth first (repeats kept).
pub(crate) fn item_ids(lines: &[CartLineItem]) -> Vec<&str> {
    let mut ids = Vec::new();
    walk_lines(lines, &mut |line| ids.extend(line.catalog_item_id.as_deref()));
    ids
}
