//! The rows of a long price list kept on disk between an import's two passes.
//!
//! An import reads and checks the whole list before it takes the write lock, then writes it.
//! A short list's rows stay in memory between the passes; a long one's go to an unnamed
//! temporary file in the compact form below, so that the second pass reads them back without
//! parsing CSV, decimals and dates again (a quarter of a long list's write when the CSV itself
//! was spooled and parsed twice). The file is this process's own and lives only as long as the
//! import; a row that does not read back as written is an I/O failure.
//!
//! A row keeps what the write stores (`as_written`, in the tests, says it as code): its line, item, the item's title and
//! description, segment, market, currency, term, cycle, periods, prices, period, tags and
//! tier. The write takes an item's title and description from the item's first row; a row of
//! the same item as the row before it carries neither (Microsoft's lists give an item's rows
//! one after another, each with the same description: most of a row's bytes). The file's
//! other columns (product id and title, SKU id, publisher, unit, change indicator, previous
//! values) are not kept: a row reads back with them empty.
//!
//! Each row: integers little-endian (`u64` line, `u32` billing periods), a text as its `u32`
//! byte length then its UTF-8 bytes, an optional value as one byte (0 none, 1 some) before it,
//! the item's id then one byte (0: its title and description follow; 1: the same item as the
//! row before, neither follows), a segment and a billing cycle as their wire names, an amount
//! as `rust_decimal`'s 16-byte form (exact: scale and sign kept), an instant as its `i64`
//! seconds and `u32` nanoseconds, the tags as a `u32` count and their texts.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{PriceRow, Segment};
use crate::error::{Error, Result, StorageKind};
use crate::model::BillingCycleType;

/// The bytes the spool's reader and writer buffer (a row is well under a kilobyte).
const BUFFER: usize = 64 * 1024;

/// Rows written to an unnamed temporary file, to be read back once ([`RowSpool::into_rows`]).
pub(crate) struct RowSpool {
    out: BufWriter<File>,
    rows: u64,
    /// The item of the row pushed last.
    last_item: String,
}

impl RowSpool {
    /// An empty spool in a new unnamed temporary file.
    pub(crate) fn new() -> Result<RowSpool> {
        let file = tempfile::tempfile().map_err(spool_error)?;
        Ok(RowSpool { out: BufWriter::with_capacity(BUFFER, file), rows: 0, last_item: String::new() })
    }

    /// Appends what the write needs of `row` (module docs).
    pub(crate) fn push(&mut self, row: &PriceRow) -> Result<()> {
        let out = &mut self.out;
        put_u64(out, row.line)?;
        put_text(out, &row.catalog_item_id)?;
        if self.rows > 0 && row.catalog_item_id == self.last_item {
            put(out, &[1])?;
        } else {
            put(out, &[0])?;
            put_optional(out, row.title.as_deref(), put_text)?;
            put_optional(out, row.description.as_deref(), put_text)?;
            self.last_item.clone_from(&row.catalog_item_id);
        }
        put_text(out, row.segment.as_str())?;
        put_text(out, &row.market)?;
        put_text(out, &row.currency)?;
        put_text(out, &row.term_duration)?;
        put_text(out, row.billing_cycle.as_str())?;
        put(out, &row.billing_periods.to_le_bytes())?;
        put_decimal(out, row.unit_price)?;
        put_optional(out, row.erp_price, put_decimal)?;
        put_decimal(out, row.list_price)?;
        put_optional(out, row.erp_list_price, put_decimal)?;
        put_instant(out, row.effective_start)?;
        put_optional(out, row.effective_end, put_instant)?;
        put(out, &u32::try_from(row.tags.len()).map_err(|_| too_long())?.to_le_bytes())?;
        for tag in &row.tags {
            put_text(out, tag)?;
        }
        put_optional(out, row.pricing_tier_min, put_u64)?;
        put_optional(out, row.pricing_tier_max, put_u64)?;
        self.rows += 1;
        Ok(())
    }

    /// The rows pushed, in order, read back from the start of the file.
    pub(crate) fn into_rows(self) -> Result<SpooledRows> {
        let mut file = self.out.into_inner().map_err(|e| spool_error(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(spool_error)?;
        Ok(SpooledRows { input: BufReader::with_capacity(BUFFER, file), left: self.rows })
    }
}

/// The rows of a [`RowSpool`], read back in the order they were pushed. Ends after the first
/// error.
pub(crate) struct SpooledRows {
    input: BufReader<File>,
    left: u64,
}

impl Iterator for SpooledRows {
    type Item = Result<PriceRow>;

    fn next(&mut self) -> Option<Result<PriceRow>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let row = read_row(&mut self.input);
        if row.is_err() {
            self.left = 0;
        }
        Some(row)
    }
}

#[cfg(test)]
/// What the write of an import needs of `row`, as a [`RowSpool`] gives it back after `before`
/// (the row pushed just before it): the file's other columns emptied, and the item's title and
/// description left out when `before` is of the same item.
pub(crate) fn as_written(row: &PriceRow, before: Option<&PriceRow>) -> PriceRow {
    let same_item = before.is_some_and(|before| before.catalog_item_id == row.catalog_item_id);
    PriceRow {
        product_id: String::new(),
        sku_id: String::new(),
        product_title: None,
        publisher: None,
        unit_of_measure: None,
        change_indicator: None,
        previous_values: None,
        title: if same_item { None } else { row.title.clone() },
        description: if same_item { None } else { row.description.clone() },
        ..row.clone()
    }
}

fn read_row(input: &mut impl BufRead) -> Result<PriceRow> {
    let line = get_u64(input)?;
    let catalog_item_id = get_text(input)?;
    let (title, description) = match get::<1>(input)? {
        [0] => (get_optional_text(input)?, get_optional_text(input)?),
        [1] => (None, None),
        _ => return Err(corrupt("item flag")),
    };
    let segment = get_parsed(input, Segment::parse)?.ok_or_else(|| corrupt("segment"))?;
    let market = get_text(input)?;
    let currency = get_text(input)?;
    let term_duration = get_text(input)?;
    let billing_cycle = get_parsed(input, BillingCycleType::parse)?.ok_or_else(|| corrupt("billing cycle"))?;
    let billing_periods = u32::from_le_bytes(get(input)?);
    let unit_price = get_decimal(input)?;
    let erp_price = get_optional(input, get_decimal)?;
    let list_price = get_decimal(input)?;
    let erp_list_price = get_optional(input, get_decimal)?;
    let effective_start = get_instant(input)?;
    let effective_end = get_optional(input, get_instant)?;
    let tags = (0..u32::from_le_bytes(get(input)?)).map(|_| get_text(input)).collect::<Result<Vec<_>>>()?;
    let pricing_tier_min = get_optional(input, get_u64)?;
    let pricing_tier_max = get_optional(input, get_u64)?;
    Ok(PriceRow {
        line,
        catalog_item_id,
        product_id: String::new(),
        sku_id: String::new(),
        title,
        product_title: None,
        description,
        publisher: None,
        unit_of_measure: None,
        segment,
        market,
        currency,
        term_duration,
        billing_cycle,
        billing_periods,
        unit_price,
        erp_price,
        list_price,
        erp_list_price,
        effective_start,
        effective_end,
        tags,
        change_indicator: None,
        previous_values: None,
        pricing_tier_min,
        pricing_tier_max,
    })
}

fn put(out: &mut impl Write, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes).map_err(spool_error)
}

fn put_u64(out: &mut impl Write, n: u64) -> Result<()> {
    put(out, &n.to_le_bytes())
}

fn put_text(out: &mut impl Write, text: &str) -> Result<()> {
    put(out, &u32::try_from(text.len()).map_err(|_| too_long())?.to_le_bytes())?;
    put(out, text.as_bytes())
}

/// A flag (0 none, 1 some), then the value as `value` writes it: the inverse of [`get_optional`].
fn put_optional<W: Write, T>(
    out: &mut W,
    option: Option<T>,
    value: impl FnOnce(&mut W, T) -> Result<()>,
) -> Result<()> {
    match option {
        None => put(out, &[0]),
        Some(some) => {
            put(out, &[1])?;
            value(out, some)
        }
    }
}

fn put_decimal(out: &mut impl Write, amount: Decimal) -> Result<()> {
    put(out, &amount.serialize())
}

fn put_instant(out: &mut impl Write, instant: DateTime<Utc>) -> Result<()> {
    put(out, &instant.timestamp().to_le_bytes())?;
    put(out, &instant.timestamp_subsec_nanos().to_le_bytes())
}

fn get<const N: usize>(input: &mut impl Read) -> Result<[u8; N]> {
    let mut bytes = [0_u8; N];
    input.read_exact(&mut bytes).map_err(spool_error)?;
    Ok(bytes)
}

fn get_u64(input: &mut impl Read) -> Result<u64> {
    Ok(u64::from_le_bytes(get(input)?))
}

fn get_text(input: &mut impl BufRead) -> Result<String> {
    let len = usize::try_from(u32::from_le_bytes(get(input)?)).map_err(|_| corrupt("length"))?;
    // Copied straight out of the reader's buffer when it holds the whole text (nearly always:
    // a field is at most 4 KiB, the buffer 64 KiB), not into a zeroed vector first.
    let held = input.fill_buf().map_err(spool_error)?;
    let bytes = match held.get(..len) {
        Some(text) => {
            let bytes = text.to_vec();
            input.consume(len);
            bytes
        }
        None => {
            let mut bytes = vec![0_u8; len];
            input.read_exact(&mut bytes).map_err(spool_error)?;
            bytes
        }
    };
    String::from_utf8(bytes).map_err(|_| corrupt("text"))
}

/// A text read with `parse`, from the reader's buffer when it holds the whole text (a wire
/// name: nearly always), without a `String` of its own.
fn get_parsed<T>(input: &mut impl BufRead, parse: impl Fn(&str) -> T) -> Result<T> {
    let len = usize::try_from(u32::from_le_bytes(get(input)?)).map_err(|_| corrupt("length"))?;
    let held = input.fill_buf().map_err(spool_error)?;
    if let Some(bytes) = held.get(..len) {
        let parsed = parse(std::str::from_utf8(bytes).map_err(|_| corrupt("text"))?);
        input.consume(len);
        return Ok(parsed);
    }
    let mut bytes = vec![0_u8; len];
    input.read_exact(&mut bytes).map_err(spool_error)?;
    Ok(parse(std::str::from_utf8(&bytes).map_err(|_| corrupt("text"))?))
}

fn get_optional<R: Read, T>(input: &mut R, value: impl FnOnce(&mut R) -> Result<T>) -> Result<Option<T>> {
    match get::<1>(input)? {
        [0] => Ok(None),
        [1] => value(input).map(Some),
        _ => Err(corrupt("flag")),
    }
}

fn get_decimal(input: &mut impl Read) -> Result<Decimal> {
    Ok(Decimal::deserialize(get(input)?))
}

fn get_optional_text(input: &mut impl BufRead) -> Result<Option<String>> {
    get_optional(input, get_text)
}

fn get_instant(input: &mut impl Read) -> Result<DateTime<Utc>> {
    let seconds = i64::from_le_bytes(get(input)?);
    let nanos = u32::from_le_bytes(get(input)?);
    DateTime::from_timestamp(seconds, nanos).ok_or_else(|| corrupt("instant"))
}

fn spool_error(err: std::io::Error) -> Error {
    Error::storage_from(StorageKind::Io, err)
}

/// A row of the spool that does not read back as written.
fn corrupt(what: &str) -> Error {
    Error::storage(StorageKind::Io, format!("price list spool: {what} unreadable"))
}

/// Not reached: every field is bounded far below 4 GiB before a row is made.
fn too_long() -> Error {
    Error::storage(StorageKind::Io, "price list spool: field over 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

    /// Every field set, with the values that would betray a lossy form: amounts with trailing
    /// zeros, a negative one, 28 decimal places; an instant with 100 ns; texts with non-ASCII
    /// and empty ones; tier bounds past `i64`.
    fn rich_row(line: u64) -> TestResult<PriceRow> {
        let csv = "ChangeIndicator,ProductTitle,ProductId,SkuId,SkuTitle,Publisher,SkuDescription,UnitOfMeasure,\
                   TermDuration,BillingPlan,Market,Currency,UnitPrice,PricingTierRangeMin,PricingTierRangeMax,\
                   EffectiveStartDate,EffectiveEndDate,Tags,ERP Price,Segment,PreviousValues\n\
                   Changed,Microsoft 365 É3,CFQ7TTC0LF8Q,0001,Ünïcode \"SKU\",Microsoft Corporation,\"Line one, two\",\
                   1 License,P1Y,Monthly,US,USD,30.4000,18446744073709551615,,2025-11-01T00:00:00.0000001Z,\
                   9999-12-31T23:59:59.9999999Z,Trial;UsageCharges,36.50,Education,UnitPrice=30\n";
        let mut row = crate::pricelist::read(csv.as_bytes())?.next().ok_or("no row")??;
        row.line = line;
        row.erp_list_price = Some("-0.0000000000000000000000000001".parse()?);
        row.previous_values = Some(String::new());
        Ok(row)
    }

    /// `rows` pushed into a new spool and read back.
    fn round_trip(rows: &[PriceRow]) -> TestResult<Vec<PriceRow>> {
        let mut spool = RowSpool::new()?;
        for row in rows {
            spool.push(row)?;
        }
        Ok(spool.into_rows()?.collect::<Result<_>>()?)
    }

    /// What the spool is to give back of `rows` ([`as_written`], each after the one before).
    fn written(rows: &[PriceRow]) -> Vec<PriceRow> {
        let mut before = None;
        rows.iter()
            .map(|row| {
                let written = as_written(row, before);
                before = Some(row);
                written
            })
            .collect()
    }

    #[test]
    fn rows_read_back_exactly_as_pushed() -> TestResult {
        let mut plain = rich_row(3)?;
        plain.title = None;
        plain.erp_price = None;
        plain.effective_end = None;
        plain.tags.clear();
        plain.pricing_tier_min = None;
        plain.pricing_tier_max = None;
        let mut other = rich_row(5)?;
        other.catalog_item_id = "CFQ7TTC0LF8R:0001".to_owned();
        other.title = Some("Another".to_owned());
        // Items: rich, rich again (its title and description not repeated), rich, another,
        // rich again (after another: repeated).
        let rows = vec![rich_row(2)?, plain, rich_row(4_000_000)?, other, rich_row(6)?];
        let back = round_trip(&rows)?;
        assert_eq!(back, written(&rows));
        let titles: Vec<Option<&str>> = back.iter().map(|row| row.title.as_deref()).collect();
        assert_eq!(titles, [Some("Ünïcode \"SKU\""), None, None, Some("Another"), Some("Ünïcode \"SKU\"")]);
        let first = back.first().ok_or("no row back")?;
        assert_eq!(first.unit_price.to_string(), "30.4000");
        assert_eq!(first.effective_start.timestamp_subsec_nanos(), 100);
        assert_eq!(first.description.as_deref(), Some("Line one, two"));
        assert_eq!(first.erp_list_price, rows.first().and_then(|row| row.erp_list_price));
        Ok(())
    }

    #[test]
    fn texts_across_the_read_buffers_edges_read_back() -> TestResult {
        // Rows of many sizes, over a dozen 64 KiB buffers: texts start and end on every side
        // of a buffer's edge.
        let rows = (0..3_000_u64)
            .map(|n| {
                let mut row = rich_row(n)?;
                row.catalog_item_id = format!("CFQ7TTC0LF8Q:{:04}", n / 2);
                row.description = Some("é".repeat(usize::try_from(n * 7 % 600)?));
                row.tags = vec!["ü".repeat(usize::try_from(n % 300)?)];
                Ok(row)
            })
            .collect::<TestResult<Vec<_>>>()?;
        assert!(round_trip(&rows)? == written(&rows));
        Ok(())
    }

    #[test]
    fn an_empty_spool_reads_back_no_row_and_a_damaged_one_fails() -> TestResult {
        assert!(round_trip(&[])?.is_empty());
        // A spool cut short: its rows count says two, the file holds one and a half.
        let mut spool = RowSpool::new()?;
        spool.push(&rich_row(2)?)?;
        spool.push(&rich_row(3)?)?;
        let mut file = spool.out.into_inner().map_err(|e| e.into_error())?;
        let len = file.seek(SeekFrom::End(0))?;
        file.set_len(len - 10)?;
        let cut = RowSpool { out: BufWriter::new(file), rows: 2, last_item: String::new() };
        let read: Vec<Result<PriceRow>> = cut.into_rows()?.collect();
        assert!(matches!(read.as_slice(), [Ok(_), Err(Error::Storage { kind: StorageKind::Io, .. })]), "{read:?}");
        Ok(())
    }
}
