//! Pricing of a cart line: list → discounted → prorated → price → extended.
//!
//! All arithmetic is in [`Decimal`], checked: a figure that would not fit makes
//! [`price_line`] return `None` rather than panic (catalog imports bound prices, so only a
//! price past those bounds could get there). Every figure is rounded half away from zero to
//! the currency's minor units. `extendedPrice = price × quantity × billing periods in the term`
//! (monthly over P1Y is 12 periods, annual over P3Y is 3, one-time is 1), so it is exact; a first
//! term shortened by a custom end date is billed as [`FirstTerm`] says (the sum of its charges).

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

/// How a line's first term is billed: what [`first_term`] decides from the term, the billing
/// cycle and a custom end date (ARCHITECTURE.md, "Money of a line", has the rule in full).
///
/// - No custom end (or one on the full term's last day): [`FirstTerm::Full`], every billing
///   period of the term at the per-period price.
/// - One charge per term (annual on P1Y, triennial on P3Y, monthly on P1M): that charge is
///   prorated by days, [`FirstTerm::OneCharge`] with the factor.
/// - Several charges per term (monthly on P1Y or P3Y, annual on P3Y): every whole period that
///   starts before the end is charged the full per-period price, and the last, partial period
///   is prorated by its days, [`FirstTerm::Periods`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstTerm {
    /// The whole term: `periods` charges of the per-period price.
    Full {
        /// Billing periods in the term ([`periods`]).
        periods: u32,
    },
    /// The term's one charge, prorated: days to the end over days of the full term.
    OneCharge {
        /// The proration factor ([`proration_factor`]), below 1.
        factor: Decimal,
    },
    /// Several charges: `full` periods at the per-period price, then, when the end cuts the
    /// last period short, one partial charge of `partial` of a period (its days over that
    /// period's days).
    Periods {
        /// Whole billing periods charged at the per-period price.
        full: u32,
        /// The fraction of the last period charged (in (0, 1)), if the term ends inside one.
        partial: Option<Decimal>,
    },
}

impl FirstTerm {
    /// The unit price of one charge, from the discounted per-period price: the prorated charge
    /// for [`FirstTerm::OneCharge`] (rounded to the currency's minor units), else the
    /// per-period price itself. `None` on overflow.
    pub fn unit_price(&self, per_period: Decimal, currency: &str) -> Option<Decimal> {
        match self {
            FirstTerm::OneCharge { factor } => Some(round_money(per_period.checked_mul(*factor)?, currency)),
            FirstTerm::Full { .. } | FirstTerm::Periods { .. } => Some(per_period),
        }
    }

    /// The unit price of the last, partial charge of [`FirstTerm::Periods`], rounded to the
    /// currency's minor units; `None` for the other shapes or when no period is partial (or on
    /// overflow).
    pub fn partial_unit_price(&self, unit_price: Decimal, currency: &str) -> Option<Decimal> {
        match self {
            FirstTerm::Periods { partial: Some(fraction), .. } => {
                Some(round_money(unit_price.checked_mul(*fraction)?, currency))
            }
            _ => None,
        }
    }

    /// The number of charges at the full unit price ([`FirstTerm::unit_price`]).
    pub fn full_charges(&self) -> u32 {
        match self {
            FirstTerm::Full { periods } => *periods,
            FirstTerm::OneCharge { .. } => 1,
            FirstTerm::Periods { full, .. } => *full,
        }
    }

    /// The total of the first term for `quantity` units whose charge is `unit_price` (the
    /// result of [`FirstTerm::unit_price`]): the sum of every charge, each rounded to the
    /// currency's minor units (`unit_price × quantity` per whole charge, plus
    /// [`FirstTerm::partial_unit_price`] `× quantity` for a partial one). `None` on overflow.
    pub fn total(&self, unit_price: Decimal, quantity: i64, currency: &str) -> Option<Decimal> {
        let quantity = Decimal::from(quantity);
        let whole = unit_price.checked_mul(quantity)?.checked_mul(Decimal::from(self.full_charges()))?;
        match self.partial_unit_price(unit_price, currency) {
            Some(partial) => whole.checked_add(partial.checked_mul(quantity)?),
            None => Some(whole),
        }
        .map(|total| round_money(total, currency))
    }
}

/// How the first term of a line bought at `now` for `term` billed every `cycle` is charged
/// when `custom_end` shortens it (see [`FirstTerm`]).
///
/// ```
/// use cartstore::model::BillingCycleType;
/// use cartstore::pricing::{FirstTerm, first_term};
/// use rust_decimal::Decimal;
/// let now = "2026-06-01T09:00:00Z".parse().unwrap();
/// // Annual on P1Y ending after 182 days: one charge of 182/365.
/// let end = "2026-11-30T09:00:00Z".parse().unwrap();
/// assert_eq!(first_term(now, Some("P1Y"), BillingCycleType::Annual, Some(end)),
///            FirstTerm::OneCharge { factor: Decimal::from(182) / Decimal::from(365) });
/// // Monthly on P1Y ending on 15 November: five whole months (June to October), then 14 of
/// // November's 30 days (1 to 14 November, the 15th not started: the end is at 00:00).
/// let end = "2026-11-15T00:00:00Z".parse().unwrap();
/// assert_eq!(first_term(now, Some("P1Y"), BillingCycleType::Monthly, Some(end)),
///            FirstTerm::Periods { full: 5, partial: Some(Decimal::from(14) / Decimal::from(30)) });
/// // No custom end: the twelve months.
/// assert_eq!(first_term(now, Some("P1Y"), BillingCycleType::Monthly, None), FirstTerm::Full { periods: 12 });
/// ```
pub fn first_term(
    now: DateTime<Utc>,
    term: Option<&str>,
    cycle: BillingCycleType,
    custom_end: Option<DateTime<Utc>>,
) -> FirstTerm {
    let count = periods(term, cycle);
    let full = FirstTerm::Full { periods: count };
    let (Some(end), Some(term_months)) = (custom_end, term.and_then(term_months)) else { return full };
    let Some(full_end) = now.checked_add_months(Months::new(term_months)) else { return full };
    if end.date_naive() >= full_end.date_naive() {
        return full;
    }
    let cycle_months = cycle.months().filter(|m| *m > 0 && *m < term_months && count > 1);
    let Some(cycle_months) = cycle_months else {
        return FirstTerm::OneCharge { factor: proration_factor(now, term, end) };
    };
    let mut whole = 0u32;
    for k in 0..count {
        let (Some(start), Some(next)) = (
            now.checked_add_months(Months::new(k.saturating_mul(cycle_months))),
            now.checked_add_months(Months::new(k.saturating_add(1).saturating_mul(cycle_months))),
        ) else {
            break;
        };
        if end.date_naive() >= next.date_naive() {
            whole += 1;
            continue;
        }
        if end <= start {
            break;
        }
        let period_days = (next.date_naive() - start.date_naive()).num_days();
        let days = started_days(start, end).clamp(0, period_days);
        if period_days > 0 && days > 0 {
            return FirstTerm::Periods { full: whole, partial: Some(Decimal::from(days) / Decimal::from(period_days)) };
        }
        break;
    }
    FirstTerm::Periods { full: whole, partial: None }
}

/// Whole days from `from` to `to`, a started day counted as a whole one.
fn started_days(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let elapsed = to.signed_duration_since(from);
    elapsed.num_days() + i64::from(elapsed > chrono::Duration::days(elapsed.num_days()))
}

/// Prices one line.
///
/// `listPrice` is the catalog's per-period price, `discountedPrice` after a promotion;
/// `proratedPrice` and `price` are the price of one charge ([`FirstTerm::unit_price`]: the
/// prorated charge when a shortened term has one charge, else the per-period price);
/// `extendedPrice` is the whole first term for the quantity ([`FirstTerm::total`]).
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
    let list = round_money(input.list_price, input.currency);
    let discounted = discount(list, input.discount_percent, input.currency)?;
    let shape = first_term(input.now, input.term_duration, input.billing_cycle, input.custom_term_end);
    let price = shape.unit_price(discounted, input.currency)?;
    let extended = shape.total(price, input.quantity, input.currency)?;
    Some(Pricing {
        list_price: Some(Money(list)),
        discounted_price: Some(Money(discounted)),
        prorated_price: Some(Money(price)),
        price: Some(Money(price)),
        extended_price: Some(Money(extended)),
    })
}

/// `price` less `percent` % (a promotion), rounded to the currency's minor units; `price`
/// itself without one. `None` on overflow.
///
/// ```
/// use cartstore::pricing::discount;
/// use rust_decimal::Decimal;
/// assert_eq!(discount(Decimal::new(3040, 2), Some(Decimal::from(10)), "USD"), Some(Decimal::new(2736, 2)));
/// ```
pub fn discount(price: Decimal, percent: Option<Decimal>, currency: &str) -> Option<Decimal> {
    match percent {
        Some(pct) => Some(round_money(
            price.checked_mul(Decimal::ONE_HUNDRED.checked_sub(pct)?)?.checked_div(Decimal::ONE_HUNDRED)?,
            currency,
        )),
        None => Some(price),
    }
}
