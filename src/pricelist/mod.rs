//! Partner Center price lists: a streaming reader of Microsoft's new-commerce license-based
//! price list, the monthly CSV partners download from Partner Center (one row per product,
//! SKU, term, billing plan, market, currency, segment and effective period).
//!
//! [`read`] takes any [`Read`]: CSV text, or a ZIP holding exactly one `.csv` (the content
//! decides: a ZIP starts with `PK\x03\x04`). It reads the header and returns a
//! [`PriceListReader`], an iterator of [`PriceRow`]s read one at a time, so memory does not
//! grow with the file. Nothing here touches a database: a caller stores the rows (one
//! transaction for all, refused whole at the first error).
//!
//! The CSV: UTF-8 with or without a byte-order mark, CRLF or LF line ends, quoted fields with
//! commas, quotes (`""`) and line breaks; every row has as many fields as the header. Columns are
//! found by header name (trimmed, any case), never by position, and unknown columns are
//! ignored. Required: `ProductId`, `SkuId`, `TermDuration`, `BillingPlan`, `Market`,
//! `Currency`, `UnitPrice`, `EffectiveStartDate`. Optional: `ProductTitle`, `SkuTitle`,
//! `SkuDescription`, `ERP Price`, `Segment` (default Commercial), `EffectiveEndDate` (default
//! open-ended; the year 9999 is open-ended), `Tags`, `ChangeIndicator`, `PreviousValues`,
//! `Publisher`, `UnitOfMeasure`, `PricingTierRangeMin`, `PricingTierRangeMax`, `EndOfSaleDate`
//! (preview files: the row's period ends there if not earlier). An empty optional field is
//! absent; an empty required one is missing.
//!
//! Errors are [`Error::InvalidInput`] whose field names the line of the file (the header is
//! line 1; a row spanning lines is named by its first) and the column, `line 17, column
//! UnitPrice`:
//! - a required column absent from the header, or the file empty: `line 1, column ProductId`
//!   with [`InputProblem::Missing`]; a column named twice: [`InputProblem::Duplicate`];
//! - a header and no data row: `line 2`, [`InputProblem::Missing`];
//! - an empty required field: [`InputProblem::Missing`]; a price that is not
//!   `digits[.digits]` (`12,34`, `abc`), a date in no known shape, an unknown billing plan,
//!   segment, term or currency, bytes that are not UTF-8: [`InputProblem::Invalid`]; a
//!   negative price or one over 10^15: [`InputProblem::OutOfRange`]; an end date before the
//!   start: `column EffectiveEndDate`, [`InputProblem::Invalid`]; a date outside the years 1 to
//!   9999: [`InputProblem::OutOfRange`]; a billing plan the term cannot have (`P1M Annual`,
//!   `P1Y Triennial`: the plan's months must divide the term's): `column BillingPlan`,
//!   [`InputProblem::Invalid`]; a `ProductId` or `SkuId` with a control character (NUL) or a
//!   byte-order mark, a `Market` that is not two letters: [`InputProblem::Invalid`]; a
//!   `PricingTierRangeMax` under the minimum: [`InputProblem::Invalid`];
//! - a field over [`MAX_PRICE_LIST_FIELD`] bytes:
//!   `line N, column NAME` (a header's: `column 3`), [`InputProblem::TooLong`]; a record over
//!   [`MAX_PRICE_LIST_RECORD`](crate::limits::MAX_PRICE_LIST_RECORD): `line N`,
//!   [`InputProblem::TooLong`] (an endless line or device is refused after that much);
//! - a header of one column holding `;` or tabs: `line 1, delimiter ';'` (or `delimiter tab`),
//!   [`InputProblem::Invalid`]; UTF-16 (its byte-order mark): `encoding UTF-16`,
//!   [`InputProblem::Invalid`];
//! - a row with fewer fields than the header: the first column it lacks,
//!   [`InputProblem::Missing`]; with more: `line N`, [`InputProblem::TooMany`];
//! - a ZIP without a CSV: `zip entry *.csv`, [`InputProblem::Missing`]; with two or more:
//!   `zip entries *.csv`, [`InputProblem::TooMany`] `{ max: 1 }`, as is a ZIP with two entries of
//!   one name; a damaged ZIP (or one compressed other than by deflate): `zip archive`,
//!   [`InputProblem::Invalid`]; a ZIP over
//!   [`MAX_PRICE_LIST_BYTES`](crate::limits::MAX_PRICE_LIST_BYTES): `zip archive`, an entry
//!   inflating past that or past [`MAX_ZIP_RATIO`](crate::limits::MAX_ZIP_RATIO) times its
//!   compressed size: `zip entry`, each [`InputProblem::TooLong`] before that much is written;
//! - a failure reading the input or the temporary files: [`Error::Storage`] of kind `Io`.
//!
//! The iterator ends after its first error.
//!
//! ```
//! use cartstore::pricelist::{self, Segment};
//! use cartstore::BillingCycleType;
//! use rust_decimal::Decimal;
//!
//! # fn main() -> cartstore::Result<()> {
//! let csv = "\u{feff}ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate,Segment\r\n\
//!            CFQ7TTC0LH18,1,Microsoft 365 Business Basic,P1Y,Monthly,US,USD,60.48,2025-04-01T00:00:00.0000000Z,9999-11-30T23:59:59.0000000Z,Commercial\r\n";
//! let rows = pricelist::read(csv.as_bytes())?.collect::<cartstore::Result<Vec<_>>>()?;
//! let row = &rows[0];
//! assert_eq!(row.catalog_item_id, "CFQ7TTC0LH18:0001");
//! assert_eq!(row.billing_cycle, BillingCycleType::Monthly);
//! assert_eq!(row.segment, Segment::Commercial);
//! assert_eq!(row.unit_price, Decimal::new(6048, 2)); // the whole year
//! assert_eq!(row.list_price, Decimal::new(504, 2)); // a month
//! assert_eq!(row.effective_end, None);
//!
//! let err = pricelist::read("ProductId,SkuId\nX,1\n".as_bytes()).err().unwrap();
//! assert_eq!(err.to_string(), "invalid input: line 1, column TermDuration is required");
//! # Ok(()) }
//! ```
//!
//! `examples/pricelist-sample.csv` is a small price list the project wrote (see
//! `examples/pricelist-sample.md`): every billing plan, two segments, two markets and
//! currencies, a trial, a free SKU, a future `Change` row, quoted descriptions, a byte-order
//! mark and CRLF line ends.

mod row;
mod source;
pub(crate) mod spool;

use std::collections::HashSet;
use std::io::Read;

use rust_decimal::Decimal;

pub use row::{PriceRow, Segment};

use crate::error::{Error, InputProblem, Result, StorageKind};
use crate::limits::{MAX_PRICE_LIST_FIELD, MAX_STRING};
use row::Bad;
use source::{LineTracker, Refusal, Source, io_error, refusal};

/// The columns read, by canonical name; the first [`REQUIRED`] are required.
const COLUMNS: [&str; 22] = [
    "ProductId",
    "SkuId",
    "TermDuration",
    "BillingPlan",
    "Market",
    "Currency",
    "UnitPrice",
    "EffectiveStartDate",
    "ProductTitle",
    "SkuTitle",
    "SkuDescription",
    "ERP Price",
    "Segment",
    "EffectiveEndDate",
    "Tags",
    "ChangeIndicator",
    "PreviousValues",
    "Publisher",
    "UnitOfMeasure",
    "PricingTierRangeMin",
    "PricingTierRangeMax",
    "EndOfSaleDate",
];
/// How many of [`COLUMNS`] are required.
const REQUIRED: usize = 8;

/// A column of [`COLUMNS`], by its index there.
#[derive(Debug, Clone, Copy)]
#[repr(usize)]
enum Col {
    ProductId = 0,
    SkuId,
    TermDuration,
    BillingPlan,
    Market,
    Currency,
    UnitPrice,
    EffectiveStartDate,
    ProductTitle,
    SkuTitle,
    SkuDescription,
    ErpPrice,
    Segment,
    EffectiveEndDate,
    Tags,
    ChangeIndicator,
    PreviousValues,
    Publisher,
    UnitOfMeasure,
    TierMin,
    TierMax,
    EndOfSaleDate,
}

impl Col {
    fn name(self) -> &'static str {
        COLUMNS.get(self as usize).copied().unwrap_or_default()
    }
}

/// Reads a price list: detects CSV or ZIP, reads the header, and returns the rows' iterator.
///
/// Fails when the input is empty, has no header with every required column, or is a ZIP
/// without exactly one CSV (see the [module docs](self) for every error).
pub fn read<R: Read>(reader: R) -> Result<PriceListReader<R>> {
    from_source(source::open(reader)?)
}

/// [`read`], refusing a plain CSV past [`MAX_PRICE_LIST_BYTES`](crate::limits::MAX_PRICE_LIST_BYTES):
/// for an import, which reads its list once (a long list's rows are kept in a
/// [`spool::RowSpool`] for the write).
pub(crate) fn read_bounded<R: Read>(reader: R) -> Result<PriceListReader<R>> {
    from_source(source::open_bounded(reader)?)
}

/// The bytes the CSV reader asks its input for at once (csv's default is 8 KB): on a file (the
/// CLI's input, a ZIP's inflated CSV) each read is a system call.
const READ_BUFFER: usize = 64 * 1024;

fn from_source<R: Read>(source: Source<R>) -> Result<PriceListReader<R>> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .buffer_capacity(READ_BUFFER)
        .from_reader(LineTracker::new(source));
    let mut header = csv::StringRecord::new();
    let read = csv.read_record(&mut header);
    let header_line = csv.get_mut().next_start().unwrap_or(1);
    if !read.map_err(|err| csv_error(err, header_line, &[]))? {
        return Err(Error::invalid(at(1, Col::ProductId.name()), InputProblem::Missing));
    }
    if let Some(index) = header.iter().position(|name| name.len() > MAX_PRICE_LIST_FIELD) {
        return Err(Error::invalid(at(header_line, &(index + 1).to_string()), too_long_field()));
    }
    let names: Vec<String> = header.iter().map(|name| name.trim().trim_start_matches('\u{feff}').to_owned()).collect();
    let mut positions = [None; COLUMNS.len()];
    for (index, name) in names.iter().enumerate() {
        let Some(col) = COLUMNS.iter().position(|known| known.eq_ignore_ascii_case(name)) else { continue };
        if let Some(slot) = positions.get_mut(col) {
            if slot.is_some() {
                return Err(Error::invalid(
                    at(header_line, COLUMNS.get(col).copied().unwrap_or(name)),
                    InputProblem::Duplicate,
                ));
            }
            *slot = Some(index);
        }
    }
    if let Some(missing) = (0..REQUIRED).find(|&col| positions.get(col).copied().flatten().is_none()) {
        // One column holding separators of another kind: Excel outside the US saves CSV with
        // semicolons, and "Unicode text" with tabs.
        if let [only] = names.as_slice() {
            for (separator, name) in [(';', "';'"), ('\t', "tab")] {
                if only.contains(separator) {
                    return Err(Error::invalid(format!("line {header_line}, delimiter {name}"), InputProblem::Invalid));
                }
            }
        }
        let name = COLUMNS.get(missing).copied().unwrap_or_default();
        return Err(Error::invalid(at(header_line, name), InputProblem::Missing));
    }
    Ok(PriceListReader {
        csv,
        layout: Layout { names, positions },
        record: csv::StringRecord::new(),
        header_line,
        rows: 0,
        done: false,
    })
}

/// Reads a whole price list and counts it: [`Summary::rows`] and [`Summary::items`].
///
/// ```
/// let csv = "ProductId,SkuId,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate\n\
///            P1,1,P1M,Monthly,US,USD,5.76,2025-04-01\n\
///            P1,1,P1Y,Annual,US,USD,57.6,2025-04-01\n\
///            P1,000L,P1M,Monthly,US,USD,0,2025-04-01\n";
/// let summary = cartstore::pricelist::summarize(csv.as_bytes())?;
/// assert_eq!((summary.rows(), summary.items()), (3, 2));
/// # Ok::<(), cartstore::Error>(())
/// ```
pub fn summarize(reader: impl Read) -> Result<Summary> {
    let mut summary = Summary::default();
    for row in read(reader)? {
        summary.add(&row?);
    }
    Ok(summary)
}

/// Counts of a price list for an import report: data rows, and distinct catalog items
/// (`ProductId:SkuId`). It keeps the set of item ids seen, so it grows with the items, not
/// the rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    rows: u64,
    items: HashSet<String>,
}

impl Summary {
    /// Counts one row.
    pub fn add(&mut self, row: &PriceRow) {
        self.rows += 1;
        if !self.items.contains(&row.catalog_item_id) {
            self.items.insert(row.catalog_item_id.clone());
        }
    }

    /// Data rows counted.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Distinct catalog items counted.
    pub fn items(&self) -> u64 {
        self.items.len() as u64
    }
}

/// The rows of a price list, read one at a time ([`read`]). Ends after the first error.
pub struct PriceListReader<R> {
    csv: csv::Reader<LineTracker<Source<R>>>,
    layout: Layout,
    record: csv::StringRecord,
    header_line: u64,
    rows: u64,
    done: bool,
}

impl<R> std::fmt::Debug for PriceListReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PriceListReader")
            .field("columns", &self.layout.names)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl<R> PriceListReader<R> {
    /// The header's column names, trimmed, in the file's order and spelling.
    pub fn columns(&self) -> &[String] {
        &self.layout.names
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.rows
    }
}

impl<R: Read> PriceListReader<R> {
    /// Reads the next data record into `self.record`: the line it starts on; `None` at the end
    /// of the input (after the first row) and after an error.
    fn read_record(&mut self) -> Option<Result<u64>> {
        if self.done {
            return None;
        }
        let read = self.csv.read_record(&mut self.record);
        // The line where the record just read starts (none at the end of the input).
        let line = self.csv.get_mut().next_start().unwrap_or(self.header_line + self.rows + 1);
        let result = match read {
            Ok(true) => {
                self.rows += 1;
                Ok(line)
            }
            Ok(false) if self.rows == 0 => Err(Error::invalid(format!("line {line}"), InputProblem::Missing)),
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(err) => Err(csv_error(err, line, &self.layout.names)),
        };
        self.done = result.is_err();
        Some(result)
    }
}

impl<R: Read> Iterator for PriceListReader<R> {
    type Item = Result<PriceRow>;

    fn next(&mut self) -> Option<Result<PriceRow>> {
        let result = match self.read_record()? {
            Ok(line) => self.layout.row(Record::Csv(&self.record), line),
            Err(err) => Err(err),
        };
        self.done = result.is_err();
        Some(result)
    }
}

impl<R: Read> std::iter::FusedIterator for PriceListReader<R> {}

/// A field over [`MAX_PRICE_LIST_FIELD`] bytes.
fn too_long_field() -> InputProblem {
    InputProblem::TooLong { max: MAX_PRICE_LIST_FIELD }
}

/// `line N, column NAME`.
fn at(line: u64, column: &str) -> String {
    format!("line {line}, column {column}")
}

/// A CSV reader's error as the crate's, naming the line and, where there is one, the column.
fn csv_error(err: csv::Error, line: u64, names: &[String]) -> Error {
    let column = |index: usize| names.get(index).cloned().unwrap_or_else(|| format!("{}", index + 1));
    match err.into_kind() {
        csv::ErrorKind::Io(err) => match refusal(err) {
            Ok(Refusal::Field { line, field, max }) => {
                Error::invalid(at(line, &column(field)), InputProblem::TooLong { max })
            }
            Ok(refused) => io_error(std::io::Error::other(refused)),
            Err(err) => io_error(err),
        },
        csv::ErrorKind::Utf8 { err, .. } => Error::invalid(at(line, &column(err.field())), InputProblem::Invalid),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } if len < expected_len => {
            Error::invalid(at(line, &column(usize::try_from(len).unwrap_or(usize::MAX))), InputProblem::Missing)
        }
        csv::ErrorKind::UnequalLengths { expected_len, .. } => Error::invalid(
            format!("line {line}"),
            InputProblem::TooMany { max: usize::try_from(expected_len).unwrap_or(usize::MAX) },
        ),
        _ => Error::invalid(format!("line {line}"), InputProblem::Invalid),
    }
}

/// Where a list's columns are: its header's names, and the index of each of [`COLUMNS`].
#[derive(Clone)]
struct Layout {
    names: Vec<String>,
    positions: [Option<usize>; COLUMNS.len()],
}

impl Layout {
    /// The row of a data record starting on `line`, checked.
    fn row(&self, record: Record<'_>, line: u64) -> Result<PriceRow> {
        let mut row = row::empty();
        self.row_into(record, line, &mut row)?;
        Ok(row)
    }

    /// [`Layout::row`] into `row`, the buffers of its texts reused (no allocation once they are
    /// long enough). After an error, `row` holds some of the record's fields and some of the
    /// row before's.
    fn row_into(&self, record: Record<'_>, line: u64, row: &mut PriceRow) -> Result<()> {
        match (0..record.len()).find(|&index| record.get(index).is_some_and(|field| field.len() > MAX_PRICE_LIST_FIELD))
        {
            Some(index) => {
                let column = self.names.get(index).map_or_else(|| (index + 1).to_string(), String::clone);
                Err(Error::invalid(at(line, &column), too_long_field()))
            }
            None => Fields { record, positions: &self.positions, line }.fill(row),
        }
    }
}

/// A data record's fields: as the CSV reader holds them, or packed in a [`Batch`].
#[derive(Clone, Copy)]
enum Record<'a> {
    Csv(&'a csv::StringRecord),
    /// Its fields are `text[start..ends[0]]`, `text[ends[0]..ends[1]]`, ...
    Packed {
        text: &'a str,
        start: usize,
        ends: &'a [usize],
    },
}

impl<'a> Record<'a> {
    /// How many fields it has.
    fn len(self) -> usize {
        match self {
            Record::Csv(record) => record.len(),
            Record::Packed { ends, .. } => ends.len(),
        }
    }

    /// The field at `index`, untrimmed.
    fn get(self, index: usize) -> Option<&'a str> {
        match self {
            Record::Csv(record) => record.get(index),
            Record::Packed { text, start, ends } => {
                let from = match index.checked_sub(1) {
                    None => start,
                    Some(before) => *ends.get(before)?,
                };
                text.get(from..*ends.get(index)?)
            }
        }
    }
}

/// One data record and where its columns are.
struct Fields<'a> {
    record: Record<'a>,
    positions: &'a [Option<usize>; COLUMNS.len()],
    line: u64,
}

impl Fields<'_> {
    /// The trimmed text of an optional column; `None` when the column is absent or the field
    /// empty.
    fn get(&self, col: Col) -> Option<&str> {
        let index = self.positions.get(col as usize).copied().flatten()?;
        self.record.get(index).map(str::trim).filter(|text| !text.is_empty())
    }

    /// The trimmed text of a required column.
    fn required(&self, col: Col) -> Result<&str> {
        self.get(col).ok_or_else(|| self.error(col, InputProblem::Missing))
    }

    /// The trimmed text of an optional column into `text`, its buffer reused; `None` when the
    /// column is absent or the field empty.
    fn owned_into(&self, col: Col, text: &mut Option<String>) {
        row::set_optional(text, self.get(col));
    }

    /// `InvalidInput` naming this line and `col`.
    fn error(&self, col: Col, problem: InputProblem) -> Error {
        Error::invalid(at(self.line, col.name()), problem)
    }

    /// Reads a column's text with `parse`, mapping its refusal to `InvalidInput`.
    fn parsed<T>(&self, col: Col, text: &str, parse: impl FnOnce(&str) -> Result<T, Bad>) -> Result<T> {
        parse(text).map_err(|bad| {
            let problem = match bad {
                Bad::Invalid => InputProblem::Invalid,
                Bad::OutOfRange => InputProblem::OutOfRange,
            };
            self.error(col, problem)
        })
    }

    fn optional<T>(&self, col: Col, parse: impl Fn(&str) -> Result<T, Bad>) -> Result<Option<T>> {
        self.get(col).map(|text| self.parsed(col, text, parse)).transpose()
    }

    /// The record's row into `row` (see [`Layout::row_into`]).
    fn fill(&self, row: &mut PriceRow) -> Result<()> {
        let product_id = self.required(Col::ProductId)?;
        self.parsed(Col::ProductId, product_id, row::check_id)?;
        row::set_text(&mut row.product_id, product_id);
        let sku_text = self.required(Col::SkuId)?;
        self.parsed(Col::SkuId, sku_text, row::check_id)?;
        row::pad_sku_into(&mut row.sku_id, sku_text);
        let id = &mut row.catalog_item_id;
        id.clear();
        id.push_str(&row.product_id);
        id.push(':');
        id.push_str(&row.sku_id);
        if id.len() > MAX_STRING {
            return Err(self.error(Col::ProductId, InputProblem::TooLong { max: MAX_STRING }));
        }
        let term = self.required(Col::TermDuration)?;
        self.parsed(Col::TermDuration, term, |term| row::term_into(&mut row.term_duration, term))?;
        let billing_cycle = self.parsed(Col::BillingPlan, self.required(Col::BillingPlan)?, row::parse_billing_plan)?;
        if !row::term_fits_cycle(&row.term_duration, billing_cycle) {
            return Err(self.error(Col::BillingPlan, InputProblem::Invalid));
        }
        let market = self.required(Col::Market)?;
        self.parsed(Col::Market, market, |market| row::code_into(&mut row.market, market, 2))?;
        let currency = self.required(Col::Currency)?;
        self.parsed(Col::Currency, currency, |currency| row::code_into(&mut row.currency, currency, 3))?;
        let unit_price = self.parsed(Col::UnitPrice, self.required(Col::UnitPrice)?, row::parse_price)?;
        let effective_start =
            self.parsed(Col::EffectiveStartDate, self.required(Col::EffectiveStartDate)?, row::parse_date)?;
        let effective_end = self.optional(Col::EffectiveEndDate, row::parse_end_date)?.flatten();
        if effective_end.is_some_and(|end| end < effective_start) {
            return Err(self.error(Col::EffectiveEndDate, InputProblem::Invalid));
        }
        // A preview file's end of sale: the row is not offered after it.
        let end_of_sale = self.optional(Col::EndOfSaleDate, row::parse_end_date)?.flatten();
        if end_of_sale.is_some_and(|end| end < effective_start) {
            return Err(self.error(Col::EndOfSaleDate, InputProblem::Invalid));
        }
        let effective_end = match (effective_end, end_of_sale) {
            (Some(end), Some(sale)) => Some(end.min(sale)),
            (end, sale) => end.or(sale),
        };
        let pricing_tier_min = self.optional(Col::TierMin, row::parse_count)?;
        let pricing_tier_max = self.optional(Col::TierMax, row::parse_count)?;
        if let (Some(min), Some(max)) = (pricing_tier_min, pricing_tier_max)
            && max < min
        {
            return Err(self.error(Col::TierMax, InputProblem::Invalid));
        }
        let erp_price = self.optional(Col::ErpPrice, row::parse_price)?;
        let segment = self.optional(Col::Segment, row::parse_segment)?;
        let billing_periods = crate::pricing::periods(Some(&row.term_duration), billing_cycle);
        let per_period = |price: Decimal| match billing_periods {
            0 | 1 => price,
            n => price / Decimal::from(n),
        };
        row.line = self.line;
        self.owned_into(Col::ProductTitle, &mut row.product_title);
        row::set_optional(&mut row.title, self.get(Col::SkuTitle).or_else(|| self.get(Col::ProductTitle)));
        self.owned_into(Col::SkuDescription, &mut row.description);
        self.owned_into(Col::Publisher, &mut row.publisher);
        self.owned_into(Col::UnitOfMeasure, &mut row.unit_of_measure);
        row.segment = segment.unwrap_or_default();
        row.billing_cycle = billing_cycle;
        row.billing_periods = billing_periods;
        row.list_price = per_period(unit_price);
        row.unit_price = unit_price;
        row.erp_list_price = erp_price.map(per_period);
        row.erp_price = erp_price;
        row.effective_start = effective_start;
        row.effective_end = effective_end;
        let tags = self.get(Col::Tags).into_iter().flat_map(|tags| tags.split(';')).map(str::trim);
        let mut kept = 0;
        for tag in tags.filter(|t| !t.is_empty()) {
            match row.tags.get_mut(kept) {
                Some(buffer) => row::set_text(buffer, tag),
                None => row.tags.push(tag.to_owned()),
            }
            kept += 1;
        }
        row.tags.truncate(kept);
        self.owned_into(Col::ChangeIndicator, &mut row.change_indicator);
        self.owned_into(Col::PreviousValues, &mut row.previous_values);
        row.pricing_tier_min = pricing_tier_min;
        row.pricing_tier_max = pricing_tier_max;
        Ok(())
    }
}

/// Records a [`Batch`] holds before it is handed over.
const BATCH_RECORDS: usize = 256;
/// Bytes of field text a [`Batch`] holds before it is handed over (then at most one record,
/// [`MAX_PRICE_LIST_RECORD`](crate::limits::MAX_PRICE_LIST_RECORD), more).
const BATCH_BYTES: usize = 64 * 1024;
/// Fields a [`Batch`] holds before it is handed over: an empty field has no text, and a list
/// may have thousands of (unknown, empty) columns.
const BATCH_FIELDS: usize = 8 * 1024;
/// Batches read ahead of the rows being built. With the one being filled, the one being built
/// and those given back, [`each_row`] holds a few batches of at most about 450 KB each (text
/// under twice [`BATCH_BYTES`], field ends under [`BATCH_FIELDS`] and one record's), a few
/// hundred kilobytes for Microsoft's lists, whatever the list's length.
const BATCHES_AHEAD: usize = 2;

/// Data records packed one after another: their fields' text, where each field ends, and each
/// record's line and end in `ends`.
#[derive(Default)]
struct Batch {
    text: String,
    ends: Vec<usize>,
    records: Vec<(u64, usize)>,
}

impl Batch {
    fn push(&mut self, record: &csv::StringRecord, line: u64) {
        for field in record {
            self.text.push_str(field);
            self.ends.push(self.text.len());
        }
        self.records.push((line, self.ends.len()));
    }

    fn is_full(&self) -> bool {
        self.records.len() >= BATCH_RECORDS || self.text.len() >= BATCH_BYTES || self.ends.len() >= BATCH_FIELDS
    }

    /// Its records, each with the line it starts on.
    fn records(&self) -> impl Iterator<Item = (Record<'_>, u64)> {
        let mut first: usize = 0;
        self.records.iter().map(move |&(line, last)| {
            let start = first.checked_sub(1).and_then(|before| self.ends.get(before)).copied().unwrap_or(0);
            let record =
                Record::Packed { text: &self.text, start, ends: self.ends.get(first..last).unwrap_or_default() };
            first = last;
            (record, line)
        })
    }

    /// Emptied for reuse, or `None` when it grew past what a batch normally holds.
    fn emptied(mut self) -> Option<Batch> {
        if self.text.capacity() > 2 * BATCH_BYTES || self.ends.capacity() > 2 * BATCH_FIELDS {
            return None;
        }
        self.text.clear();
        self.ends.clear();
        self.records.clear();
        Some(self)
    }
}

/// Reads every row of `reader` and lends it to `each`, in the file's order, stopping at the
/// first error: the input's, a row's, or `each`'s, whichever comes first in the file. Every
/// row is built into the same `PriceRow`, its texts' buffers reused (no allocation a row once
/// they are long enough): `each` keeps what it needs of a row, not the row.
///
/// The CSV is parsed on the calling thread while a second one builds and checks the rows and
/// calls `each`: the two halves of reading a row cost about the same, and on two cores the
/// pass takes about as long as the slower one (the reader need not be `Send`: it stays on
/// the calling thread). The records cross in [`Batch`]es of at most [`BATCH_RECORDS`]
/// records, [`BATCH_BYTES`] bytes or [`BATCH_FIELDS`] fields, [`BATCHES_AHEAD`] of them in
/// flight, so memory stays flat; after an error the reader has read at most that far past it.
///
/// # Errors
/// Those of [`read`]'s rows and of `each`; [`Error::Storage`] (`Io`) when no thread can be
/// started.
pub(crate) fn each_row<R: Read>(
    mut reader: PriceListReader<R>,
    mut each: impl FnMut(&PriceRow) -> Result<()> + Send,
) -> Result<()> {
    let layout = reader.layout.clone();
    let (send, batches) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_AHEAD);
    let (give_back, given_back) = std::sync::mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        let builder = std::thread::Builder::new().name("cartstore price rows".to_owned());
        let built = builder
            .spawn_scoped(scope, move || -> Result<()> {
                // One row for them all: its texts' buffers reused from row to row.
                let mut row = row::empty();
                for batch in batches {
                    for (record, line) in batch.records() {
                        layout.row_into(record, line, &mut row)?;
                        each(&row)?;
                    }
                    // The reader may have stopped: a batch it does not take back is dropped.
                    let _ = give_back.send(batch);
                }
                Ok(())
            })
            .map_err(|err| Error::storage_caused_by(StorageKind::Io, "price list thread", err))?;
        let mut batch = Batch::default();
        let read = loop {
            match reader.read_record() {
                None => break Ok(()),
                Some(Err(err)) => break Err(err),
                Some(Ok(line)) => {
                    batch.push(&reader.record, line);
                    if batch.is_full() {
                        let next = given_back.try_iter().find_map(Batch::emptied).unwrap_or_default();
                        if send.send(std::mem::replace(&mut batch, next)).is_err() {
                            // The rows stopped at an error: theirs is the one to report.
                            break Ok(());
                        }
                    }
                }
            }
        };
        // The records before a read error go too: an error among them comes first in the file.
        if !batch.records.is_empty() {
            let _ = send.send(batch);
        }
        drop(send);
        let built = built.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        built.and(read)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "ProductId,SkuId,SkuTitle,SkuDescription,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,Tags\r\n";

    /// A list of `rows` rows of every kind of field: quoted with commas, quotes and line breaks,
    /// empty, non-ASCII, and every 97th row a description of 4,000 bytes (a batch then fills by
    /// bytes, not records); `bad` replaces the row of that index (0-based) by its text.
    fn list(rows: usize, bad: &[(usize, &str)]) -> Vec<u8> {
        let mut text = String::from(HEADER);
        for i in 0..rows {
            if let Some((_, row)) = bad.iter().find(|(at, _)| *at == i) {
                text.push_str(row);
                text.push_str("\r\n");
                continue;
            }
            let description = match i % 97 {
                0 => "x".repeat(4000),
                1 => "\"quoted\", with a comma\nand a line break".replace('"', "\"\""),
                2 => String::new(),
                _ => format!("Beschreibung {i} – 説明"),
            };
            let tags = if i % 5 == 0 { "License;Trial" } else { "" };
            text.push_str(&format!(
                "CFQ7TTC0{:04},{},Title {i},\"{description}\",P1Y,Annual,US,USD,{}.{:02},2025-04-01T00:00:00Z,{tags}\r\n",
                i % 1500,
                i % 7,
                i % 500,
                i % 100
            ));
        }
        text.into_bytes()
    }

    /// What the sequential reader gives: the rows up to the first error, and that error.
    fn sequential(input: &[u8]) -> (Vec<PriceRow>, Result<()>) {
        let mut rows = Vec::new();
        let reader = match read_bounded(input) {
            Ok(reader) => reader,
            Err(err) => return (rows, Err(err)),
        };
        for row in reader {
            match row {
                Ok(row) => rows.push(row),
                Err(err) => return (rows, Err(err)),
            }
        }
        (rows, Ok(()))
    }

    fn pipelined(input: &[u8]) -> (Vec<PriceRow>, Result<()>) {
        let mut rows = Vec::new();
        let result = read_bounded(input).and_then(|reader| {
            each_row(reader, |row| {
                rows.push(row.clone());
                Ok(())
            })
        });
        (rows, result)
    }

    #[test]
    fn rows_built_on_a_second_thread_are_the_rows_read_in_turn() {
        let cases: Vec<(usize, Vec<(usize, String)>)> = vec![
            (0, vec![]),
            (1, vec![]),
            (255, vec![]),
            (256, vec![]),
            (257, vec![]),
            (3000, vec![]),
            // A bad price in the first batch, and one far into the list.
            (3000, vec![(3, "A,1,t,d,P1Y,Annual,US,USD,12;5,2025-04-01T00:00:00Z,".to_owned())]),
            (3000, vec![(2500, "A,1,t,d,P1Y,Annual,US,USD,-1,2025-04-01T00:00:00Z,".to_owned())]),
            // A field over the bound (the row is refused, naming its column).
            (3000, vec![(1200, format!("A,1,t,{},P1Y,Annual,US,USD,1,2025-04-01T00:00:00Z,", "y".repeat(5000)))]),
            // A row the CSV reader refuses (too few fields): after a row only the builder refuses,
            // in the same batch and in an earlier one; the earlier error is the one reported.
            (3000, vec![(10, "A,1,t,d,P1Y,Annual,US,USD,x,2025-04-01T00:00:00Z,".to_owned()), (20, "A,1".to_owned())]),
            (
                3000,
                vec![(10, "A,1,t,d,P1Y,Annual,US,USD,x,2025-04-01T00:00:00Z,".to_owned()), (2000, "A,1".to_owned())],
            ),
            (3000, vec![(2000, "A,1".to_owned())]),
            // A record over its bound: an I/O refusal of the reader.
            (600, vec![(400, format!("A,1,{}", ",z".repeat(40_000)))]),
        ];
        // Thousands of empty unknown columns: batches fill by fields.
        let wide = |rows: usize, bad: Option<usize>| -> Vec<u8> {
            let mut text = format!(
                "ProductId,SkuId,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate{}\n",
                ",".repeat(3000)
            );
            for i in 0..rows {
                let price = if Some(i) == bad { "x" } else { "1.5" };
                text.push_str(&format!("P{i},1,P1M,Monthly,US,USD,{price},2025-04-01T00:00:00Z{}\n", ",".repeat(3000)));
            }
            text.into_bytes()
        };
        for input in [wide(40, None), wide(40, Some(17))] {
            let (expected_rows, expected) = sequential(&input);
            let (got_rows, got) = pipelined(&input);
            assert_eq!(got, expected);
            assert!(got_rows == expected_rows, "wide rows differ");
        }
        for (rows, bad) in cases {
            let bad: Vec<(usize, &str)> = bad.iter().map(|(at, row)| (*at, row.as_str())).collect();
            let input = list(rows, &bad);
            let (expected_rows, expected) = sequential(&input);
            let (got_rows, got) = pipelined(&input);
            assert_eq!(got, expected, "{rows} rows, bad rows {:?}", bad.iter().map(|(at, _)| at).collect::<Vec<_>>());
            assert_eq!(got_rows.len(), expected_rows.len(), "{rows} rows");
            assert!(got_rows == expected_rows, "{rows} rows: the rows differ");
            if bad.is_empty() && rows > 0 {
                assert_eq!(got_rows.len(), rows);
            }
        }
    }

    #[test]
    fn a_row_in_json_leaves_out_what_it_does_not_have() -> std::result::Result<(), Box<dyn std::error::Error>> {
        let input = b"ProductId,SkuId,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate\n\
                      P1,1,P1Y,Monthly,US,USD,12,2025-04-01T00:00:00Z\n";
        let Some(row) = read(&input[..])?.next().transpose()? else { return Err("no row".into()) };
        let wire = serde_json::to_value(&row)?;
        let object = wire.as_object().ok_or("not an object")?;
        assert!(object.values().all(|v| !v.is_null()), "{wire}");
        for absent in ["title", "description", "erpPrice", "erpListPrice", "effectiveEnd", "pricingTierMin"] {
            assert!(!object.contains_key(absent), "{absent} in {wire}");
        }
        assert_eq!(object.get("listPrice"), Some(&serde_json::json!("1")));
        Ok(())
    }

    /// Lists damaged at random (bytes changed, inserted, removed; a fixed seed): whatever the
    /// damage, the rows and the error are those of the sequential reader.
    #[test]
    fn damaged_lists_give_the_same_rows_and_error_both_ways() {
        let base = list(300, &[]);
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |below: usize| -> usize {
            // xorshift64*
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            let n = seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33;
            usize::try_from(n).unwrap_or(0) % below.max(1)
        };
        const INTERESTING: &[u8] = b",\"\r\n;.-0123456789Z\xff\xc3";
        for case in 0..200 {
            let mut input = base.clone();
            for _ in 0..1 + next(4) {
                let at = next(input.len());
                let byte = INTERESTING.get(next(INTERESTING.len())).copied().unwrap_or(b',');
                match next(3) {
                    0 => {
                        if let Some(b) = input.get_mut(at) {
                            *b = byte;
                        }
                    }
                    1 => input.insert(at, byte),
                    _ => {
                        if at < input.len() {
                            input.remove(at);
                        }
                    }
                }
            }
            let (expected_rows, expected) = sequential(&input);
            let (got_rows, got) = pipelined(&input);
            assert_eq!(got, expected, "case {case}");
            assert!(got_rows == expected_rows, "case {case}: the rows differ");
        }
    }

    #[test]
    fn a_row_built_into_the_row_before_keeps_nothing_of_it() {
        // Every optional column set on one row and empty on the next (and the texts shorter),
        // so a row built into the buffers of the one before shows what it did not overwrite.
        let header = "ChangeIndicator,ProductTitle,ProductId,SkuId,SkuTitle,Publisher,SkuDescription,UnitOfMeasure,\
                      TermDuration,BillingPlan,Market,Currency,UnitPrice,PricingTierRangeMin,PricingTierRangeMax,\
                      EffectiveStartDate,EffectiveEndDate,Tags,ERP Price,Segment,PreviousValues,EndOfSaleDate\n";
        let full = "Change,Product Title,CFQ7TTC0LONGID,1,Sku Title,Microsoft Corporation,A description,1 License,\
                    p1y,Monthly,us,usd,120.00,1,100,2025-11-01T00:00:00Z,2026-10-31T23:59:59Z,License;Trial;Extra,\
                    150,Education,\"{'UnitPrice': '100'}\",2026-06-30T00:00:00Z\n";
        let bare = ",,CFQ7,0002A,,,,,P1M,None,CA,CAD,0,,,2025-10-01T00:00:00Z,,,,,,\n";
        let only_product_title = ",Only Product,CFQ8,7,,,,,P1Y,Annual,FR,EUR,10,,,2025-10-01T00:00:00Z,,License,,,,\n";
        let input = [header, full, bare, full, only_product_title, bare].concat();
        let (expected, read) = sequential(input.as_bytes());
        assert_eq!(read, Ok(()));
        assert_eq!(expected.len(), 5);
        let (got, built) = pipelined(input.as_bytes());
        assert_eq!(built, Ok(()));
        assert!(got == expected, "{got:#?}\n{expected:#?}");
        let bare_row = got.get(1);
        assert!(bare_row.is_some_and(|row| row.tags.is_empty() && row.title.is_none() && row.erp_price.is_none()));
        assert_eq!(bare_row.map(|row| row.catalog_item_id.as_str()), Some("CFQ7:0002A"));
        assert_eq!(got.get(3).and_then(|row| row.title.as_deref()), Some("Only Product"));
    }

    #[test]
    fn rows_stop_at_the_first_refusal_of_their_consumer() {
        let input = list(2000, &[]);
        let mut given = 0;
        let result = read_bounded(input.as_slice()).and_then(|reader| {
            each_row(reader, |row| {
                given += 1;
                if row.line == 700 { Err(Error::invalid("stop", InputProblem::Invalid)) } else { Ok(()) }
            })
        });
        assert_eq!(result, Err(Error::invalid("stop", InputProblem::Invalid)));
        // Lines 2.. are rows 1..; every 97th row spans two lines.
        assert!(given > 600 && given < 700, "{given} rows given");
    }
}
