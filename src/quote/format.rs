//! Money, numbers and dates for a locale, with ICU4X.
//!
//! Every call into the unstable `icu_experimental` crate (pinned `=0.7.0`) is in this file:
//! [`CurrencyFormatter::try_new_symbol`] in `currency_formatter` and the CLDR fraction data in
//! [`cldr_currency_digits`]. Formatters are built once per thread, locale and currency, and
//! kept, so a quote's figures cost a hash lookup and the formatting itself.
//!
//! ICU4X's currency formatter rounds to CLDR's digits for the currency. For almost every
//! currency these are ISO 4217's minor units (what [`minor_units`] knows and what quotes are
//! rounded to); where they differ (CLDR gives IQD 0 digits where ISO 4217 gives 3), the amount
//! is formatted as a plain number with ISO's digits and placed where the locale's currency
//! pattern puts the number, so no figure of a quote is ever rounded again when shown.

use std::cell::RefCell;
use std::collections::HashMap;

use fixed_decimal::Decimal as FixedDecimal;
use icu_calendar::{Date, Gregorian};
use icu_datetime::{FixedCalendarDateTimeFormatter, fieldsets};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::provider::currency::fractions::CurrencyFractionsV1;
use icu_locale_core::Locale;
use icu_locale_core::preferences::extensions::unicode::keywords::CurrencyType;
use icu_provider::prelude::*;
use rust_decimal::Decimal;

use crate::l10n::Localizer;
use crate::model::{Timestamp, minor_units, round_money};

type DateFormatter = FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMD>;

/// A currency's formatter, and whether CLDR's digits for it are ISO 4217's.
struct Money {
    symbol: Option<CurrencyFormatter<DecimalFormatter>>,
    digits_agree: bool,
}

#[derive(Default)]
struct Cache {
    locales: HashMap<String, Locale>,
    money: HashMap<(String, String), Money>,
    numbers: HashMap<String, Option<DecimalFormatter>>,
    dates: HashMap<String, Option<DateFormatter>>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// The ICU4X locale of a localizer's tag (English when ICU4X does not read it).
fn icu_locale(cache: &mut Cache, tag: &str) -> Locale {
    if let Some(locale) = cache.locales.get(tag) {
        return locale.clone();
    }
    let locale = Locale::try_from_str(tag).unwrap_or(icu_locale_core::locale!("en"));
    cache.locales.insert(tag.to_owned(), locale.clone());
    locale
}

/// The one constructor of `icu_experimental`'s currency formatter the crate uses.
fn currency_formatter(locale: &Locale, currency: CurrencyType) -> Option<CurrencyFormatter<DecimalFormatter>> {
    CurrencyFormatter::try_new_symbol(locale.into(), currency, Default::default()).ok()
}

/// The number of fraction digits CLDR gives `currency` (ISO 4217 code, any case) for amounts
/// that are not cash, as ICU4X's currency formatter rounds to; `None` when `currency` is not
/// three ASCII letters.
///
/// ```
/// use cartstore::quote::cldr_currency_digits;
/// assert_eq!(cldr_currency_digits("USD"), Some(2));
/// assert_eq!(cldr_currency_digits("jpy"), Some(0));
/// assert_eq!(cldr_currency_digits("KWD"), Some(3));
/// assert_eq!(cldr_currency_digits("US"), None);
/// ```
pub fn cldr_currency_digits(currency: &str) -> Option<u8> {
    let currency = CurrencyType::try_from_str(currency.trim()).ok()?;
    let fractions: DataResponse<CurrencyFractionsV1> =
        icu_experimental::provider::Baked.load(DataRequest::default()).ok()?;
    Some(fractions.payload.get().resolve(currency).digits)
}

/// `amount` (already rounded to ISO digits, so its text has exactly them) as ICU4X's decimal.
fn fixed(amount: Decimal) -> Option<FixedDecimal> {
    FixedDecimal::try_from_str(&amount.abs().to_string()).ok()
}

/// `amount` of `currency` formatted for `l10n`'s locale, after rounding it to the currency's
/// minor units ([`round_money`]): `$1,469.86` (en), `1 469,86 $US` (fr, with a narrow no-break
/// space and a no-break space), `￥1,235` (ja, JPY), `US$1,469.86` (zh-TW).
///
/// ```
/// use cartstore::{Localizer, quote::format_money};
/// use rust_decimal::Decimal;
/// let fr = Localizer::negotiate(&["fr"]);
/// assert_eq!(format_money(Decimal::new(146986, 2), "USD", &fr), "1\u{202f}469,86\u{a0}$US");
/// let ja = Localizer::negotiate(&["ja"]);
/// assert_eq!(format_money(Decimal::new(12345, 1), "JPY", &ja), "￥1,235");
/// ```
pub fn format_money(amount: Decimal, currency: &str, l10n: &Localizer) -> String {
    let code = currency.trim().to_ascii_uppercase();
    let rounded = round_money(amount, &code);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let Some(value) = fixed(rounded) else { return format!("{code}\u{a0}{rounded}") };
    CACHE.with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else { return format!("{code}\u{a0}{rounded}") };
        let locale = icu_locale(&mut cache, l10n.locale());
        let number = plain_number(&mut cache, &locale, l10n.locale(), &value);
        let key = (l10n.locale().to_owned(), code.clone());
        let money = cache.money.entry(key).or_insert_with(|| {
            let currency = CurrencyType::try_from_str(&code).ok();
            let symbol = currency.and_then(|c| currency_formatter(&locale, c));
            let digits_agree = cldr_currency_digits(&code) == u8::try_from(minor_units(&code)).ok();
            Money { symbol, digits_agree }
        });
        let sign = if negative { "-" } else { "" };
        match &money.symbol {
            Some(formatter) if money.digits_agree => format!("{sign}{}", formatter.format_fixed_decimal(&value)),
            Some(formatter) => {
                // The locale's pattern with the amount in ISO digits in place of the number.
                let probe = formatter.format_fixed_decimal(&FixedDecimal::from(1u32)).to_string();
                match probe.find('1') {
                    Some(at) => {
                        let (before, after) = probe.split_at(at);
                        format!("{sign}{before}{number}{}", after.get(1..).unwrap_or_default())
                    }
                    None => format!("{sign}{code}\u{a0}{number}"),
                }
            }
            None => format!("{sign}{code}\u{a0}{number}"),
        }
    })
}

/// `value` as a plain number for the locale (grouping, decimal separator), its digits kept.
fn plain_number(cache: &mut Cache, locale: &Locale, tag: &str, value: &FixedDecimal) -> String {
    let formatter = cache
        .numbers
        .entry(tag.to_owned())
        .or_insert_with(|| DecimalFormatter::try_new(locale.into(), Default::default()).ok());
    match formatter {
        Some(f) => f.format(value).to_string(),
        None => value.to_string(),
    }
}

/// A whole number (a quantity) for `l10n`'s locale: `1,500` (en), `1 500` (fr).
pub(crate) fn format_integer(n: u32, l10n: &Localizer) -> String {
    CACHE.with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else { return n.to_string() };
        let locale = icu_locale(&mut cache, l10n.locale());
        plain_number(&mut cache, &locale, l10n.locale(), &FixedDecimal::from(n))
    })
}

/// The (UTC) date of `instant`, long form, in the Gregorian calendar for `l10n`'s locale:
/// `December 8, 2026`, `8 décembre 2026`, `2026年12月8日`.
///
/// ```
/// use cartstore::{Localizer, model::Timestamp, quote::format_date};
/// let t: Timestamp = "2026-12-08T10:00:00Z".parse().unwrap();
/// assert_eq!(format_date(t, &Localizer::negotiate(&["fr"])), "8 décembre 2026");
/// assert_eq!(format_date(t, &Localizer::negotiate(&["zh-TW"])), "2026年12月8日");
/// ```
pub fn format_date(instant: Timestamp, l10n: &Localizer) -> String {
    use chrono::Datelike;
    let day = instant.0.date_naive();
    let iso = day.format("%Y-%m-%d").to_string();
    let month = u8::try_from(day.month()).unwrap_or(1);
    let dom = u8::try_from(day.day()).unwrap_or(1);
    let Ok(date) = Date::try_new_gregorian(day.year(), month, dom) else { return iso };
    CACHE.with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else { return iso.clone() };
        let locale = icu_locale(&mut cache, l10n.locale());
        let formatter = cache
            .dates
            .entry(l10n.locale().to_owned())
            .or_insert_with(|| DateFormatter::try_new((&locale).into(), fieldsets::YMD::long()).ok());
        match formatter {
            Some(f) => f.format(&date).to_string(),
            None => iso.clone(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CLDR's digits (what ICU4X rounds to) against ISO 4217's minor units, for every currency
    /// `minor_units` names and the common two-digit ones. Where they differ the formatter keeps
    /// ISO's digits; this lists the currencies where that fallback is in use.
    #[test]
    fn cldr_digits_against_iso_minor_units() {
        let known = [
            "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF",
            "XOF", "XPF", "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND", "CLF", "UYW", "USD", "EUR", "GBP", "TWD",
            "CAD", "AUD", "CHF", "CNY", "INR", "NZD", "SEK", "NOK", "DKK", "BRL", "MXN", "SGD", "HKD", "ZAR",
        ];
        let differ: Vec<&str> =
            known.iter().copied().filter(|c| cldr_currency_digits(c).map(u32::from) != Some(minor_units(c))).collect();
        // CLDR formats the Iraqi dinar without decimals; ISO 4217 (and quotes) keep 3.
        assert_eq!(differ, ["IQD"]);
        let en = Localizer::default();
        assert_eq!(format_money(Decimal::new(12_345, 3), "IQD", &en), "IQD\u{a0}12.345");
        assert_eq!(format_money(Decimal::new(12_345, 3), "KWD", &en), "KWD\u{a0}12.345");
        let fr = Localizer::negotiate(&["fr"]);
        assert_eq!(format_money(Decimal::new(1_234_567, 3), "IQD", &fr), "1\u{202f}234,567\u{a0}IQD");
    }

    #[test]
    fn odd_currencies_and_signs() {
        let en = Localizer::default();
        assert_eq!(format_money(Decimal::new(-35, 1), "USD", &en), "-$3.50");
        assert_eq!(format_money(Decimal::new(125, 2), "X1", &en), "X1\u{a0}1.25");
        assert_eq!(format_integer(1500, &Localizer::negotiate(&["fr"])), "1\u{202f}500");
    }
}
