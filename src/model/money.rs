//! Money: exact decimal amounts, written as JSON numbers, rounded to a currency's minor units.
//!
//! Amounts are [`rust_decimal::Decimal`] from input to output and never pass through
//! arithmetic in `f64`. On the wire they are JSON numbers whose text is exactly the decimal;
//! an amount too long for that (more than 15 significant digits) is written as a decimal
//! string instead, and both forms are read.
//!
//! Reading is exact: serde_json's `arbitrary_precision` feature hands a number that is not a
//! plain `i64`/`u64` to [`Money`]'s visitor as its text, which is read digit by digit
//! (`99999999999999999999` is that integer, not `1e20`). A number that no `Decimal` holds
//! exactly (more than 28 decimal places once trailing zeros are dropped, or past 2^96) is
//! refused rather than rounded.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An exact money amount (a price, per unit or extended).
///
/// ```
/// use cartstore::model::Money;
/// let m: Money = serde_json::from_str("30.40").unwrap();
/// assert_eq!(m.round_to("USD").to_string(), "30.40");
/// assert_eq!(serde_json::to_string(&m).unwrap(), "30.4");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub Decimal);

impl Money {
    /// The amount as a decimal.
    pub const fn amount(self) -> Decimal {
        self.0
    }

    /// The amount rounded half away from zero to `currency`'s minor units.
    pub fn round_to(self, currency: &str) -> Money {
        Money(round_money(self.0, currency))
    }

    /// [`Money::push_text`] into a new string (tests compare it with `to_string()`).
    #[cfg(test)]
    pub(crate) fn to_text(self) -> String {
        let mut out = String::with_capacity(32);
        self.push_text(&mut out);
        out
    }

    /// Appends the amount as text, exactly as `to_string()` writes it (every digit of the
    /// scale), built without the formatting machinery: the store writes five amounts per order
    /// line and four per price, into buffers it reuses.
    pub(crate) fn push_text(self, out: &mut String) {
        let mantissa = self.0.mantissa();
        if mantissa == 0 && self.0.is_sign_negative() {
            out.push_str(&self.0.to_string());
            return;
        }
        // The digits of the mantissa (at most 29: 96 bits), written from the end of a buffer on
        // the stack: in u128 while it is wider than u64, then in u64 (u128 division is a
        // library call).
        let mut buf = [b'0'; 40];
        let mut start = buf.len();
        let mut push = |digit: u64| {
            if let Some(slot) = start.checked_sub(1).and_then(|i| buf.get_mut(i)) {
                *slot = b'0' + (digit % 10) as u8;
                start -= 1;
            }
        };
        let mut wide = mantissa.unsigned_abs();
        while u64::try_from(wide).is_err() {
            push(u64::try_from(wide % 10).unwrap_or_default());
            wide /= 10;
        }
        let mut m = u64::try_from(wide).unwrap_or_default();
        loop {
            push(m % 10);
            m /= 10;
            if m == 0 {
                break;
            }
        }
        let digits = buf.get(start..).and_then(|d| std::str::from_utf8(d).ok()).unwrap_or("0");
        let scale = usize::try_from(self.0.scale()).unwrap_or_default();
        out.reserve(digits.len() + scale + 3);
        if mantissa < 0 {
            out.push('-');
        }
        match digits.len().checked_sub(scale) {
            _ if scale == 0 => out.push_str(digits),
            Some(whole) if whole > 0 => {
                let (int, frac) = digits.split_at(whole);
                out.push_str(int);
                out.push('.');
                out.push_str(frac);
            }
            _ => {
                out.push_str("0.");
                out.extend(std::iter::repeat_n('0', scale - digits.len()));
                out.push_str(digits);
            }
        }
    }
}

/// Reads plain decimal text (`-?digits[.digits]`, at most 28 digits) without the general
/// parser; `None` for anything else, which then goes to `Decimal::from_str`.
fn parse_plain(text: &str) -> Option<Decimal> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if body.is_empty() || body.len() > 29 || body.starts_with('.') || body.ends_with('.') {
        return None;
    }
    let mut mantissa: i128 = 0;
    let mut scale = 0u32;
    let mut digits = 0u32;
    let mut seen_point = false;
    for byte in body.bytes() {
        match byte {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i128::from(byte - b'0');
                digits += 1;
                scale += u32::from(seen_point);
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if digits > 28 || (negative && mantissa == 0) {
        return None;
    }
    Decimal::try_from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale).ok()
}

/// A JSON number's text (`-?digits[.digits][(e|E)[+-]digits]`) as its sign, its digits with
/// leading zeros dropped (empty for zero), and the power of ten they are multiplied by.
/// `None` when the text is not in JSON's number grammar. The exponent saturates far beyond
/// any value a caller accepts.
pub(crate) fn split_number(text: &str) -> Option<(bool, Vec<u8>, i64)> {
    const LIMIT: i64 = 1 << 40;
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (body.get(..at)?, Some(body.get(at + 1..)?)),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, frac),
        None => (mantissa, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) || (mantissa.contains('.') && frac.is_empty()) {
        return None;
    }
    let mut exp: i64 = 0;
    if let Some(e) = exponent {
        let (minus, digits) = match e.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, e.strip_prefix('+').unwrap_or(e)),
        };
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
        for b in digits.bytes() {
            exp = (exp * 10 + i64::from(b - b'0')).min(LIMIT);
        }
        if minus {
            exp = -exp;
        }
    }
    let frac_len = i64::try_from(frac.len()).unwrap_or(LIMIT).min(LIMIT);
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).skip_while(|b| *b == b'0').map(|b| b - b'0').collect();
    Some((negative, digits, exp - frac_len))
}

/// The exact decimal a JSON number's text names, keeping the scale as written (`30.40` has
/// scale 2); `None` when no `Decimal` holds it exactly (or the text is not a JSON number).
pub(crate) fn exact_decimal(text: &str) -> Option<Decimal> {
    const MAX_SCALE: i64 = 28;
    let (negative, mut digits, mut exp) = split_number(text)?;
    // Trailing zeros past the last possible decimal place say nothing: drop just those.
    while exp < -MAX_SCALE && digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    if exp < -MAX_SCALE && !digits.is_empty() {
        return None;
    }
    let mut mantissa: i128 = 0;
    for d in digits {
        mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(d))?;
    }
    let mut scale = 0u32;
    if exp < 0 {
        scale = u32::try_from(exp.unsigned_abs()).ok()?.min(28);
    } else if mantissa != 0 {
        for _ in 0..exp {
            mantissa = mantissa.checked_mul(10)?;
        }
    }
    Decimal::try_from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale).ok()
}

impl From<Decimal> for Money {
    fn from(value: Decimal) -> Self {
        Money(value)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Money {
    type Err = rust_decimal::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Some(amount) = parse_plain(s) {
            return Ok(Money(amount));
        }
        if let Some(amount) = exact_decimal(s) {
            return Ok(Money(amount));
        }
        // Odd spellings outside JSON's number grammar (`+1`, `.5`): never rounded either.
        Decimal::from_str_exact(s).map(Money)
    }
}

/// The key under which serde_json (`arbitrary_precision`) passes a number's text.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// 10^0 ..= 10^22: every power of ten that is an exact `f64`.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

impl super::wire::WireJson for Money {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        super::wire::write_serde(out, self)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let normalized = self.0.normalize();
        if normalized.scale() == 0
            && let Ok(whole) = i64::try_from(normalized)
            && whole.unsigned_abs() <= 1 << 53
        {
            // Written like Partner Center does: `438.0`.
            return serializer.serialize_f64(whole as f64);
        }
        // A JSON number only when it reads back to exactly this decimal; else a decimal string
        // (which `Money` reads back), so no cent is ever lost. Up to 15 significant digits a
        // decimal always survives the trip through f64 (DBL_DIG). Its f64 is then one exact
        // division: the mantissa (< 2^53) and 10^scale (scale <= 22) are both exact doubles,
        // so IEEE division rounds the true quotient once, as parsing the text would.
        let mantissa = normalized.mantissa();
        let scale = normalized.scale();
        if mantissa.unsigned_abs() < 1_000_000_000_000_000 / 1_000 // 10^15: at most 15 significant digits
            && let Some(power) = usize::try_from(scale).ok().and_then(|s| EXACT_POWERS_OF_TEN.get(s))
        {
            return serializer.serialize_f64(mantissa as f64 / power);
        }
        let text = normalized.to_string();
        match f64::from_str(&text) {
            // What serde_json itself writes for `v` must read back to this decimal (its shortest
            // form may name another decimal of the same double: 627994916917300.2 for .3).
            Ok(v)
                if v.is_finite()
                    && serde_json::to_string(&v).is_ok_and(|written| {
                        Decimal::from_str_exact(&written).or_else(|_| Decimal::from_scientific(&written))
                            == Ok(normalized)
                    }) =>
            {
                serializer.serialize_f64(v)
            }
            _ => serializer.serialize_str(&text),
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal amount")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                if !v.is_finite() {
                    return Err(E::invalid_value(de::Unexpected::Float(v), &self));
                }
                // Display of f64 is the shortest text that reads back to it: the sender's digits.
                Money::from_str(&v.to_string()).map_err(|_| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Ok(Money(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                Ok(Money(Decimal::from(v)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Money, E> {
                Decimal::try_from_i128_with_scale(v, 0)
                    .map(Money)
                    .map_err(|_| E::invalid_value(de::Unexpected::Other("an integer past 2^96"), &self))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Money, E> {
                let v = i128::try_from(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Other("an integer past 2^96"), &self))?;
                self.visit_i128(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                Money::from_str(v).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
            /// serde_json's `arbitrary_precision` hands over a number that is not a plain
            /// `i64`/`u64` as a one-entry map `{"$serde_json::private::Number": "<text>"}`.
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Money, A::Error> {
                let key: Option<String> = map.next_key()?;
                if key.as_deref() != Some(NUMBER_TOKEN) {
                    return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
                }
                let text: String = map.next_value()?;
                exact_decimal(&text).map(Money).ok_or_else(|| {
                    de::Error::invalid_value(
                        de::Unexpected::Other(&format!("the number {text}, which no exact decimal holds")),
                        &self,
                    )
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The number of minor-unit digits of an ISO 4217 currency (2 where the code is not known).
///
/// ```
/// use cartstore::model::minor_units;
/// assert_eq!(minor_units("JPY"), 0);
/// assert_eq!(minor_units("usd"), 2);
/// assert_eq!(minor_units("KWD"), 3);
/// ```
pub fn minor_units(currency: &str) -> u32 {
    const ZERO: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
        "XPF",
    ];
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    const FOUR: &[&str] = &["CLF", "UYW"];
    let upper = currency.trim().to_ascii_uppercase();
    if ZERO.contains(&upper.as_str()) {
        0
    } else if THREE.contains(&upper.as_str()) {
        3
    } else if FOUR.contains(&upper.as_str()) {
        4
    } else {
        2
    }
}

/// Rounds half away from zero to `currency`'s minor units.
///
/// ```
/// use cartstore::model::round_money;
/// use rust_decimal::Decimal;
/// assert_eq!(round_money(Decimal::new(12345, 1), "JPY"), Decimal::new(1235, 0));
/// assert_eq!(round_money(Decimal::new(1005, 3), "USD"), Decimal::new(101, 2));
/// ```
pub fn round_money(amount: Decimal, currency: &str) -> Decimal {
    let units = minor_units(currency);
    let mut rounded = amount.round_dp_with_strategy(units, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(units);
    rounded
}

/// The symbol written as an order's `currencySymbol`.
pub fn currency_symbol(currency: &str) -> &'static str {
    match currency.trim().to_ascii_uppercase().as_str() {
        "USD" => "$",
        "EUR" => "€",
        "JPY" => "¥",
        "GBP" => "£",
        "TWD" => "NT$",
        "CAD" => "CA$",
        "AUD" => "A$",
        "CHF" => "CHF",
        "CNY" => "CN¥",
        "KRW" => "₩",
        "INR" => "₹",
        _ => "¤",
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::{Money, exact_decimal, parse_plain, split_number};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The fast writer writes what `Display` writes, for any decimal.
        #[test]
        fn to_text_is_display(mantissa in any::<i64>(), wide in any::<bool>(), scale in 0u32..=28) {
            let m = if wide { i128::from(mantissa) * 1_000_000_007 } else { i128::from(mantissa) };
            if let Ok(amount) = Decimal::try_from_i128_with_scale(m, scale) {
                prop_assert_eq!(Money(amount).to_text(), amount.to_string());
            }
        }

        /// The fast reader reads what `Decimal::from_str` reads (scale included), and leaves
        /// everything else to it.
        #[test]
        fn parse_plain_is_from_str(text in "-?[0-9]{0,30}(\\.[0-9]{0,30})?|[-+. 0-9eE]{0,8}") {
            if let Some(fast) = parse_plain(&text) {
                let slow = Decimal::from_str(&text);
                prop_assert!(slow.is_ok(), "{} read fast as {} but not by from_str", text, fast);
                if let Ok(slow) = slow {
                    prop_assert_eq!((fast.mantissa(), fast.scale()), (slow.mantissa(), slow.scale()), "{}", text);
                }
            }
            if let (Ok(fast), Ok(slow)) = (Money::from_str(&text), Decimal::from_str(text.trim())) {
                prop_assert_eq!(fast.0.scale(), slow.scale(), "{}", text);
                prop_assert_eq!(fast.0, slow, "{}", text);
            }
        }
    }

    #[test]
    fn number_texts_are_split_and_read_exactly() {
        // (text, (negative, digits, exponent))
        type Split<'a> = Option<(bool, &'a [u8], i64)>;
        let splits: &[(&str, Split<'_>)] = &[
            ("0", Some((false, &[], 0))),
            ("-12.50", Some((true, &[1, 2, 5, 0], -2))),
            ("007e+3", Some((false, &[7], 3))),
            ("1.5E-3", Some((false, &[1, 5], -4))),
            ("1e99999999999999999999", Some((false, &[1], 1 << 40))),
            ("", None),
            ("-", None),
            ("1.", None),
            (".5", None),
            ("1e", None),
            ("1e+", None),
            ("0x10", None),
            ("1 ", None),
        ];
        for (text, expected) in splits {
            let got = split_number(text);
            assert_eq!(got.as_ref().map(|(n, d, e)| (*n, d.as_slice(), *e)), *expected, "{text:?}");
        }
        // (text, exact decimal text or None)
        let exact: &[(&str, Option<&str>)] = &[
            ("99999999999999999999", Some("99999999999999999999")),
            ("30.40", Some("30.40")),
            ("-0", Some("0")),
            ("0e999999", Some("0")),
            ("1e28", Some("10000000000000000000000000000")),
            ("1e29", None),
            ("1.0000000000000000000000000000000e0", Some("1.0000000000000000000000000000")),
            ("1e-28", Some("0.0000000000000000000000000001")),
            ("1e-29", None),
        ];
        for (text, expected) in exact {
            assert_eq!(exact_decimal(text).map(|d| d.to_string()).as_deref(), *expected, "{text}");
        }
    }

    #[test]
    fn edge_amounts() {
        for text in ["0", "0.00", "-0.5", "30.40", "007.50", "-12345678901234567890.12"] {
            let fast = parse_plain(text);
            let slow = Decimal::from_str(text).ok();
            assert!(fast.is_some(), "{text} should take the fast path");
            assert_eq!(fast.map(|d| (d.mantissa(), d.scale())), slow.map(|d| (d.mantissa(), d.scale())), "{text}");
            if let Some(d) = slow {
                assert_eq!(Money(d).to_text(), d.to_string(), "{text}");
            }
        }
        // 29 digits: the general parser's job.
        let tiny = "0.0000000000000000000000000001";
        assert_eq!(parse_plain(tiny), None);
        assert_eq!(Money::from_str(tiny).map(|m| m.0).ok(), Decimal::from_str(tiny).ok());
        for odd in ["", "-", ".5", "5.", "1.2.3", "+1", "1e3", "-0", "-0.00", " 1"] {
            assert_eq!(parse_plain(odd), None, "{odd:?}");
        }
    }
}
