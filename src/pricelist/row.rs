//! One price of a price list ([`PriceRow`]), its segment, and how the text of each field
//! is read.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::BillingCycleType;

/// One data row of a price list: the price of a catalog item for one (segment, market,
/// currency, term, billing plan) over its effective period.
///
/// Amounts are exact: [`unit_price`](Self::unit_price) is the file's text read as a decimal
/// (never through `f64`), and [`list_price`](Self::list_price) is it divided by the billing
/// periods in the term, **not rounded**: a division that terminates is exact (60.48 / 12 =
/// 5.04), one that does not keeps `Decimal`'s full 28 significant digits (10 / 3 =
/// 3.3333333333333333333333333333). Pricing rounds to the currency's minor units later.
///
/// Serialized (JSON camelCase), amounts are decimal strings and dates RFC 3339; an absent
/// optional value is left out, never `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceRow {
    /// The line of the file where the row starts (the header is line 1, normally).
    pub line: u64,
    /// `ProductId:SkuId`, the SKU id padded as [`sku_id`](Self::sku_id) (`CFQ7TTC0LH18:0001`).
    pub catalog_item_id: String,
    /// `ProductId` (`CFQ7TTC0LH18`).
    pub product_id: String,
    /// `SkuId`, a numeric one left-padded with zeros to four digits (the file's `1` is `0001`;
    /// an alphanumeric one, `000P`, as it is).
    pub sku_id: String,
    /// `SkuTitle`, else `ProductTitle`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `ProductTitle`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_title: Option<String>,
    /// `SkuDescription`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Publisher`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// `UnitOfMeasure`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<String>,
    /// `Segment` (Commercial when the column is absent or empty).
    pub segment: Segment,
    /// `Market`, upper case (`US`).
    pub market: String,
    /// `Currency`, upper case (`USD`).
    pub currency: String,
    /// `TermDuration`, upper case (`P1M`, `P1Y`, `P3Y`).
    pub term_duration: String,
    /// `BillingPlan` as a wire billing cycle: Monthly -> monthly, Annual -> annual, Triennial
    /// -> triennial, None -> none (trials).
    pub billing_cycle: BillingCycleType,
    /// Billing periods in the term ([`pricing::periods`](crate::pricing::periods)): P1Y
    /// monthly 12, P3Y annual 3, P3Y monthly 36, P1M monthly 1, P3Y triennial 1, none 1.
    pub billing_periods: u32,
    /// `UnitPrice`: the partner's price of one unit for the whole term.
    pub unit_price: Decimal,
    /// `ERP Price`: the estimated retail price of one unit for the whole term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erp_price: Option<Decimal>,
    /// The partner's price of one unit per billing period: `unit_price / billing_periods`,
    /// exact, not rounded.
    pub list_price: Decimal,
    /// `erp_price / billing_periods`, exact, not rounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erp_list_price: Option<Decimal>,
    /// `EffectiveStartDate`.
    pub effective_start: DateTime<Utc>,
    /// `EffectiveEndDate`; `None` when open-ended (absent, empty, or in the year 9999).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_end: Option<DateTime<Utc>>,
    /// `Tags`, split on `;`, trimmed, empty ones dropped (`["License", "Trial"]`).
    pub tags: Vec<String>,
    /// `ChangeIndicator` as written (`Unchanged`, `Change`, `Add`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_indicator: Option<String>,
    /// `PreviousValues` as written (on `Change` rows: `{'ERP Price': '1440', 'UnitPrice': '1008'}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_values: Option<String>,
    /// `PricingTierRangeMin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_tier_min: Option<u64>,
    /// `PricingTierRangeMax`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_tier_max: Option<u64>,
}

impl PriceRow {
    /// Whether the row is a trial (a `Trial` tag, any case).
    pub fn is_trial(&self) -> bool {
        self.tags.iter().any(|tag| tag.eq_ignore_ascii_case("trial"))
    }
}

/// The customer segment a SKU is sold to: the crate's one segment type,
/// [`CustomerSegment`](crate::model::CustomerSegment), under the name this module used first.
/// JSON: `commercial`, `education`, `charity`, `government`.
///
/// ```
/// use cartstore::pricelist::Segment;
/// use cartstore::model::CustomerSegment;
/// assert_eq!(Segment::parse("Education"), Some(CustomerSegment::Education));
/// assert_eq!(serde_json::to_string(&Segment::Charity).unwrap(), r#""charity""#);
/// assert_eq!(Segment::default(), Segment::Commercial);
/// ```
pub use crate::model::CustomerSegment as Segment;

/// A price list's `Segment`: exactly one of the four names, in any case (`Nonprofit`, which a
/// customer profile reads as charity, is no price list's spelling and is refused).
pub(crate) fn parse_segment(text: &str) -> Result<Segment, Bad> {
    let text = text.trim();
    Segment::ALL.iter().copied().find(|segment| segment.as_str().eq_ignore_ascii_case(text)).ok_or(Bad::Invalid)
}

/// The largest price read: 10^15, the bound the catalog import puts on a list price.
pub(crate) fn max_price() -> Decimal {
    Decimal::from(1_000_000_000_000_000_i64)
}

/// Why a field's text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bad {
    /// Not in the field's grammar.
    Invalid,
    /// A number past its bounds (a negative price, one over 10^15).
    OutOfRange,
}

/// A price: `digits[.digits]`, at most 28 digits, exactly; a negative one (`-digits...`) or one
/// over 10^15 is out of range; `12,34`, `1e3`, `1_000`, `$5` and the empty text are invalid.
pub(crate) fn parse_price(text: &str) -> Result<Decimal, Bad> {
    let text = text.trim();
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (body.contains('.') && frac.is_empty()) {
        return Err(Bad::Invalid);
    }
    let value = Decimal::from_str_exact(text).map_err(|_| Bad::OutOfRange)?;
    if text.starts_with('-') || value > max_price() {
        return Err(Bad::OutOfRange);
    }
    Ok(value)
}

/// A date in one of the shapes price lists use, as UTC: ISO 8601 / RFC 3339 with any
/// fractional digits (`2025-11-01T00:00:00.0000000Z`; without a zone it is UTC; a date alone is
/// midnight), and month/day/year with a 24-hour (`2/1/2023 0:00`, seconds optional) or a
/// 12-hour clock (`2/1/2019 12:00:00 AM`), or no time.
///
/// A date outside the years 1 to 9999 (what the wire format writes and reads back) is out of
/// range.
pub(crate) fn parse_date(text: &str) -> Result<DateTime<Utc>, Bad> {
    let date = parse_any_date(text)?;
    if (1..=9999).contains(&date.year()) { Ok(date) } else { Err(Bad::OutOfRange) }
}

fn parse_any_date(text: &str) -> Result<DateTime<Utc>, Bad> {
    let text = text.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Ok(date.with_timezone(&Utc));
    }
    const NAIVE: [&str; 6] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %I:%M:%S %p",
        "%m/%d/%Y %I:%M %p",
        "%Y-%m-%d %H:%M:%S%.f",
    ];
    if let Some(date) = NAIVE.iter().find_map(|format| NaiveDateTime::parse_from_str(text, format).ok()) {
        return Ok(date.and_utc());
    }
    ["%Y-%m-%d", "%m/%d/%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|date| date.and_utc())
        .ok_or(Bad::Invalid)
}

/// An end date: `None` when it is in the year 9999 (Microsoft's "open-ended").
pub(crate) fn parse_end_date(text: &str) -> Result<Option<DateTime<Utc>>, Bad> {
    parse_date(text).map(|date| (date.year() < 9999).then_some(date))
}

/// `BillingPlan`: Monthly, Annual, Triennial, None (any case).
pub(crate) fn parse_billing_plan(text: &str) -> Result<BillingCycleType, Bad> {
    let text = text.trim();
    [
        ("monthly", BillingCycleType::Monthly),
        ("annual", BillingCycleType::Annual),
        ("triennial", BillingCycleType::Triennial),
        ("none", BillingCycleType::None),
    ]
    .into_iter()
    .find(|(name, _)| name.eq_ignore_ascii_case(text))
    .map(|(_, cycle)| cycle)
    .ok_or(Bad::Invalid)
}

/// `text` into `buffer`, its capacity reused.
pub(crate) fn set_text(buffer: &mut String, text: &str) {
    buffer.clear();
    buffer.push_str(text);
}

/// `text` into `buffer`, the capacity of the text there reused.
pub(crate) fn set_optional(buffer: &mut Option<String>, text: Option<&str>) {
    match (buffer.as_mut(), text) {
        (Some(buffer), Some(text)) => set_text(buffer, text),
        (None, Some(text)) => *buffer = Some(text.to_owned()),
        (_, None) => *buffer = None,
    }
}

/// `TermDuration` into `term`, upper case, when it is `PnM` or `PnY`.
pub(crate) fn term_into(term: &mut String, text: &str) -> Result<(), Bad> {
    set_text(term, text.trim());
    term.make_ascii_uppercase();
    crate::model::term_months(term).map(|_| ()).ok_or(Bad::Invalid)
}

/// A `Market` (two ASCII letters, ISO 3166 alpha-2 as a customer profile's) or a `Currency`
/// (three), upper-cased into `code`: `len` ASCII letters.
pub(crate) fn code_into(code: &mut String, text: &str, len: usize) -> Result<(), Bad> {
    let text = text.trim();
    if text.len() == len && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        set_text(code, text);
        code.make_ascii_uppercase();
        Ok(())
    } else {
        Err(Bad::Invalid)
    }
}

/// Whether a term can be billed on a cycle: the cycle's months divide the term's (`P1M
/// Annual`, `P1Y Triennial` cannot be; `None`, a trial's plan, goes with any term).
pub(crate) fn term_fits_cycle(term: &str, cycle: BillingCycleType) -> bool {
    match (crate::model::term_months(term), cycle) {
        (_, BillingCycleType::None) => true,
        (Some(term), cycle) => cycle.months().is_some_and(|m| m > 0 && term % m == 0),
        (None, _) => false,
    }
}

/// An id of a price list (`ProductId`, `SkuId`): refused when it holds a control character
/// (NUL included) or a byte-order mark, which a cart line could not name alike.
pub(crate) fn check_id(text: &str) -> Result<(), Bad> {
    if text.chars().any(|c| c.is_control() || c == '\u{feff}') { Err(Bad::Invalid) } else { Ok(()) }
}

/// A whole quantity (`PricingTierRangeMin`/`Max`).
pub(crate) fn parse_count(text: &str) -> Result<u64, Bad> {
    text.trim().parse().map_err(|_| Bad::Invalid)
}

/// A numeric SKU id left-padded to four digits (`1` -> `0001`); any other kept as it is.
pub(crate) fn pad_sku_into(padded: &mut String, sku: &str) {
    padded.clear();
    if !sku.is_empty() && sku.bytes().all(|b| b.is_ascii_digit()) {
        padded.extend(std::iter::repeat_n('0', 4_usize.saturating_sub(sku.len())));
    }
    padded.push_str(sku);
}

/// A row of nothing, to read into.
pub(crate) fn empty() -> PriceRow {
    PriceRow {
        line: 0,
        catalog_item_id: String::new(),
        product_id: String::new(),
        sku_id: String::new(),
        title: None,
        product_title: None,
        description: None,
        publisher: None,
        unit_of_measure: None,
        segment: Segment::default(),
        market: String::new(),
        currency: String::new(),
        term_duration: String::new(),
        billing_cycle: BillingCycleType::Unknown,
        billing_periods: 0,
        unit_price: Decimal::ZERO,
        erp_price: None,
        list_price: Decimal::ZERO,
        erp_list_price: None,
        effective_start: DateTime::<Utc>::UNIX_EPOCH,
        effective_end: None,
        tags: Vec::new(),
        change_indicator: None,
        previous_values: None,
        pricing_tier_min: None,
        pricing_tier_max: None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn prices_are_exact_and_strict() {
        for (text, expected) in [("57.6", "57.6"), ("60.48", "60.48"), ("0", "0"), (" 12.50 ", "12.50")] {
            assert_eq!(parse_price(text).map(|d| d.to_string()), Ok(expected.to_owned()), "{text}");
        }
        for text in ["12,34", "abc", "", "1e3", "1_000", "$5", ".5", "5.", "1.2.3", "+1", " "] {
            assert_eq!(parse_price(text), Err(Bad::Invalid), "{text}");
        }
        for text in ["-1", "-0", "1000000000000000.01", "99999999999999999999999999999999"] {
            assert_eq!(parse_price(text), Err(Bad::OutOfRange), "{text}");
        }
        // Exactly the bound is accepted.
        assert_eq!(parse_price("1000000000000000"), Ok(max_price()));
    }

    #[test]
    fn dates_in_three_shapes() -> Result<(), chrono::ParseError> {
        let feb1: DateTime<Utc> = "2023-02-01T00:00:00Z".parse()?;
        for text in [
            "2023-02-01T00:00:00.0000000Z",
            "2023-02-01T00:00:00Z",
            "2023-02-01T01:00:00+01:00",
            "2023-02-01T00:00:00.0000000",
            "2023-02-01",
            "2/1/2023 0:00",
            "02/01/2023 00:00",
            "2/1/2023 0:00:00",
            "2/1/2023 12:00:00 AM",
            "2/1/2023 12:00 am",
            "2/1/2023",
        ] {
            assert_eq!(parse_date(text), Ok(feb1), "{text}");
        }
        assert_eq!(parse_date("2/1/2019 1:30:15 PM"), Ok("2019-02-01T13:30:15Z".parse()?));
        assert_eq!(parse_date("2025-11-01T00:00:00.1234567Z"), Ok("2025-11-01T00:00:00.1234567Z".parse()?));
        for text in ["", "yesterday", "2023-13-01", "13/1/2023 0:00", "2/30/2023", "2023-02-01T25:00:00Z"] {
            assert_eq!(parse_date(text), Err(Bad::Invalid), "{text}");
        }
        assert_eq!(parse_end_date("9999-11-30T23:59:59.0000000Z"), Ok(None));
        assert_eq!(parse_end_date("12/31/9999 0:00"), Ok(None));
        assert_eq!(parse_end_date("2026-01-01T00:00:00Z"), Ok(Some("2026-01-01T00:00:00Z".parse()?)));
        Ok(())
    }

    #[test]
    fn fields() {
        // Into a buffer holding a longer text before: nothing of it is left.
        let into = |fill: &dyn Fn(&mut String) -> Result<(), Bad>| {
            let mut buffer = "previous text".to_owned();
            fill(&mut buffer).map(|()| buffer)
        };
        for (sku, padded) in [("1", "0001"), ("12", "0012"), ("000P", "000P"), ("12345", "12345"), ("", "")] {
            let padded_into = |b: &mut String| {
                pad_sku_into(b, sku);
                Ok(())
            };
            assert_eq!(into(&padded_into).as_deref(), Ok(padded), "{sku}");
        }
        assert_eq!(parse_billing_plan("Triennial"), Ok(BillingCycleType::Triennial));
        assert_eq!(parse_billing_plan("NONE"), Ok(BillingCycleType::None));
        assert_eq!(parse_billing_plan("OneTime"), Err(Bad::Invalid));
        assert_eq!(into(&|b| term_into(b, " p1y ")).as_deref(), Ok("P1Y"));
        assert_eq!(into(&|b| term_into(b, "P1W")), Err(Bad::Invalid));
        assert_eq!(into(&|b| code_into(b, "usd", 3)).as_deref(), Ok("USD"));
        assert_eq!(into(&|b| code_into(b, " us ", 2)).as_deref(), Ok("US"));
        assert_eq!(into(&|b| code_into(b, "US$", 3)), Err(Bad::Invalid));
        assert_eq!(into(&|b| code_into(b, "USD", 2)), Err(Bad::Invalid));
        assert_eq!(parse_segment("GOVERNMENT"), Ok(Segment::Government));
        assert_eq!(parse_segment("Nonprofit"), Err(Bad::Invalid));
    }
}
