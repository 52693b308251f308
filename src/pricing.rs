//! Pricing of a cart line: list → discounted → prorated → price → extended.
//!
//! All arithmetic is in [`Decimal`], checked: a figure that would not fit makes
//! [`price_line`] return `None` rather than panic (catalog imports bound prices, so only a
//! price past those bounds could get there). Every figure is rounded half away from zero to
//! the currency's minor units. `extendedPrice = price × quantity × billing periods in the term`
//! (monthly over P1Y is 12 periods, annual over P3Y is 3, one-time is 1), so it is exact.

use chrono::{DateTime, Months, Utc};
use rust_decimal::Decimal;

use crate::model::{BillingCycleType, Money, Pricing, round_money, term_months};

/// What a line's price depends on.
#[derive(Debug, Clone)]
pub struct PriceInput<'a> {
    /// The currency (for rounding).
    pub currency: &'a str,
    /// The catalog's list price per unit per billing period.
    pub list_price: Decimal,
    /// A valid promotion's percentage off, if any.
    pub discount_percent: Option<Decimal>,
    /// The term (`P1M`, `P1Y`, `P3Y`), if the item has one.
    pub term_duration: Option<&'a str>,
    /// The billing cycle.
    pub billing_cycle: BillingCycleType,
    /// The number of units.
    pub quantity: i64,
    /// A custom end date of the first term.
    pub custom_term_end: Option<DateTime<Utc>>,
    /// The pricing instant (now).
    pub now: DateTime<Utc>,
}

/// Billing periods in a term: term months / cycle months (at least 1); 1 for one-time, trials
/// and items without a term.
///
/// ```
/// use cartstore::model::BillingCycleType;
/// use cartstore::pricing::periods;
/// assert_eq!(periods(Some("P1Y"), BillingCycleType::Monthly), 12);
/// assert_eq!(periods(Some("P3Y"), BillingCycleType::Annual), 3);
/// assert_eq!(periods(Some("P1Y"), BillingCycleType::OneTime), 1);
/// ```
pub fn periods(term: Option<&str>, cycle: BillingCycleType) -> u32 {
    match (term.and_then(term_months), cycle.months()) {
        (Some(term), Some(cycle)) if cycle > 0 => (term / cycle).max(1),
        _ => 1,
    }
}

/// The proration factor of a first term shortened to `end`: days from `now` to `end` over days
/// of the full term from `now`, where a started day counts as a whole day (an end later the
/// same day is one day, not zero) and an end on the full term's last day, at any hour, is the
/// full term (factor 1). 1 when there is no term.
///
/// ```
/// use cartstore::pricing::proration_factor;
/// use rust_decimal::Decimal;
/// let now = "2026-06-01T09:00:00Z".parse().unwrap();
/// // Later the same day: one day of 365.
/// let same_day = proration_factor(now, Some("P1Y"), "2026-06-01T17:00:00Z".parse().unwrap());
/// assert_eq!(same_day, Decimal::ONE / Decimal::from(365));
/// // The full term's last day, at an earlier hour than now: the full term.
/// assert_eq!(proration_factor(now, Some("P1Y"), "2027-06-01T00:00:00Z".parse().unwrap()), Decimal::ONE);
/// ```
pub fn proration_factor(now: DateTime<Utc>, term: Option<&str>, end: DateTime<Utc>) -> Decimal {
    let Some(months) = term.and_then(term_months) else { return Decimal::ONE };
    let Some(full_end) = now.checked_add_months(Months::new(months)) else { return Decimal::ONE };
    let full_days = (full_end.date_naive() - now.date_naive()).num_days();
    if full_days <= 0 || end.date_naive() >= full_end.date_naive() {
        return Decimal::ONE;
    }
    // Whole days, a started one counted: ceil((end - now) / 1 day).
    let elapsed = end.signed_duration_since(now);
    let days = elapsed.num_days() + i64::from(elapsed > chrono::Duration::days(elapsed.num_days()));
    Decimal::from(days.clamp(0, full_days)) / Decimal::from(full_days)
}

/// Prices one line.
///
/// ```
/// use cartstore::model::BillingCycleType;
/// use cartstore::pricing::{price_line, PriceInput};
/// use rust_decimal::Decimal;
/// let p = price_line(&PriceInput {
///     currency: "USD", list_price: Decimal::new(3040, 2), discount_percent: None,
///     term_duration: Some("P1Y"), billing_cycle: BillingCycleType::Monthly, quantity: 1,
///     custom_term_end: None, now: chrono::Utc::now(),
/// });
/// assert_eq!(p.unwrap().extended_price.unwrap().to_string(), "364.80");
/// ```
///
/// `None` when a figure does not fit in a [`Decimal`] (a list price near its maximum times a
/// large quantity): the caller reports it as out of range.
pub fn price_line(input: &PriceInput<'_>) -> Option<Pricing> {
    let round = |d: Decimal| round_money(d, input.currency);
    let list = round(input.list_price);
    let discounted = match input.discount_percent {
        Some(pct) => {
            round(list.checked_mul(Decimal::ONE_HUNDRED.checked_sub(pct)?)?.checked_div(Decimal::ONE_HUNDRED)?)
        }
        None => list,
    };
    let prorated = match input.custom_term_end {
        Some(end) => round(discounted.checked_mul(proration_factor(input.now, input.term_duration, end))?),
        None => discounted,
    };
    let price = prorated;
    let periods = Decimal::from(periods(input.term_duration, input.billing_cycle));
    let extended = round(price.checked_mul(Decimal::from(input.quantity))?.checked_mul(periods)?);
    Some(Pricing {
        list_price: Some(Money(list)),
        discounted_price: Some(Money(discounted)),
        prorated_price: Some(Money(prorated)),
        price: Some(Money(price)),
        extended_price: Some(Money(extended)),
    })
}
