//! The rows of a price list kept between an import's two passes.
//!
//! An import reads and checks the whole list before it takes the write lock, then writes it.
//! Between the passes its rows are kept in the compact form below: in memory while the list is
//! short (up to [`MEMORY_ROWS`] rows and [`MEMORY_BYTES`] bytes: Microsoft's US file, 4,370
//! rows, takes 1.8 MB), then in an unnamed temporary file, so that memory stays bounded
//! whatever the list's length. The second pass reads them back without parsing CSV, decimals
//! and dates again (a quarter of a long list's write when the CSV itself was spooled and parsed
//! twice). The first pass encodes each row as soon as it is built and checked, on the thread
//! that built it, which frees the row there too: a short list's rows used to be kept whole until
//! the write was done, and freeing them (fifteen allocations a row, made on the other thread)
//! was 7 % of importing Microsoft's US file. The file is this process's own and lives only as
//! long as the import; a row that does not read back as written is an I/O failure.
//!
//! A row keeps what the write stores (the tests' `as_written` says it as code): its line, its item
//! and the item's title and description, segment, market, currency, term, cycle, periods, prices,
//! effective period, tags and tier. The write takes an item's title and description from the item's
//! first row; a row of the same item as the row before it keeps neither and reads back with that
//! row's (Microsoft's lists give an item's rows one after another, each with the same description:
//! most of a row's bytes). The file's other columns (product id and title, SKU id, publisher, unit,
//! change indicator, previous values) are not kept: a row reads back with them empty. Rows are read
//! back lent ([`RowSource`]), decoded on a second thread into batches whose rows are reused.
//!
//! Each row: integers little-endian (`u64` line, `u32` billing periods), a text as its `u32`
//! byte length then its UTF-8 bytes, an optional value as one byte (0 none, 1 some) before it,
//! the item's id then one byte (0: its title and description follow; 1: the same item as the
//! row before, neither follows), a segment and a billing cycle as their wire names, an amount
//! as `rust_decimal`'s 16-byte form (exact: scale and sign kept), an instant as its `i64`
//! seconds and `u32` nanoseconds, the tags as a `u32` count and their texts.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Cursor, Read, Seek, SeekFrom, Write};
use std::sync::mpsc;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{PriceRow, Segment};
use crate::db::RowSource;
use crate::error::{Error, Result, StorageKind};
use crate::model::BillingCycleType;

/// Rows a spool keeps in memory; the rows of a longer list go to a temporary file.
pub(crate) const MEMORY_ROWS: u64 = 8_192;

/// Bytes a spool keeps in memory (a row is a few hundred bytes, an item's first row the
/// most: its title and description); past them the rows go to a temporary file.
pub(crate) const MEMORY_BYTES: usize = 8 << 20;

/// The bytes the spool's reader and writer buffer (a row is well under a kilobyte).
const BUFFER: usize = 64 * 1024;

/// Rows kept to be read back once ([`RowSpool::into_rows`]): in memory, then, past
/// [`MEMORY_ROWS`] rows or [`MEMORY_BYTES`] bytes, in an unnamed temporary file.
pub(crate) struct RowSpool {
    out: Sink,
    rows: u64,
    /// The item of the row pushed last.
    last_item: String,
    /// The rows kept in memory at most.
    memory_rows: u64,
}

/// Where a spool's rows are.
enum Sink {
    Memory(Vec<u8>),
    File(BufWriter<File>),
}

impl RowSpool {
    /// An empty spool, in memory until it passes [`MEMORY_ROWS`] rows or [`MEMORY_BYTES`].
    pub(crate) fn new() -> RowSpool {
        RowSpool::keeping(MEMORY_ROWS)
    }

    /// An empty spool keeping at most `memory_rows` rows (and [`MEMORY_BYTES`]) in memory.
    fn keeping(memory_rows: u64) -> RowSpool {
        RowSpool { out: Sink::Memory(Vec::new()), rows: 0, last_item: String::new(), memory_rows }
    }

    /// Appends what the write needs of `row` (module docs).
    pub(crate) fn push(&mut self, row: &PriceRow) -> Result<()> {
        let same_item = self.rows > 0 && row.catalog_item_id == self.last_item;
        match &mut self.out {
            Sink::Memory(bytes) if self.rows < self.memory_rows && bytes.len() < MEMORY_BYTES => {
                encode(bytes, row, same_item)?;
            }
            Sink::Memory(bytes) => {
                let mut file = BufWriter::with_capacity(BUFFER, tempfile::tempfile().map_err(spool_error)?);
                put(&mut file, bytes)?;
                encode(&mut file, row, same_item)?;
                self.out = Sink::File(file);
            }
            Sink::File(file) => encode(file, row, same_item)?,
        }
        if !same_item {
            self.last_item.clone_from(&row.catalog_item_id);
        }
        self.rows += 1;
        Ok(())
    }

    /// Whether the rows went to a temporary file.
    #[cfg(test)]
    fn in_file(&self) -> bool {
        matches!(self.out, Sink::File(_))
    }

    /// The rows pushed, in order, read back from the start, decoded on a thread of their own
    /// ([`SpooledRows`]).
    pub(crate) fn into_rows(self) -> Result<SpooledRows> {
        match self.out {
            Sink::Memory(bytes) => SpooledRows::start(Cursor::new(bytes), self.rows),
            Sink::File(out) => {
                let mut file = out.into_inner().map_err(|e| spool_error(e.into_error()))?;
                file.seek(SeekFrom::Start(0)).map_err(spool_error)?;
                SpooledRows::start(BufReader::with_capacity(BUFFER, file), self.rows)
            }
        }
    }
}

/// Writes what the write needs of `row` to `out`; without its title and description when the
/// row before was of the same item.
fn encode(out: &mut impl Write, row: &PriceRow, same_item: bool) -> Result<()> {
    put_u64(out, row.line)?;
    put_text(out, &row.catalog_item_id)?;
    if same_item {
        put(out, &[1])?;
    } else {
        put(out, &[0])?;
        put_optional(out, row.title.as_deref(), put_text)?;
        put_optional(out, row.description.as_deref(), put_text)?;
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
    put_optional(out, row.pricing_tier_max, put_u64)
}

/// Rows a batch holds: enough that passing batches between the threads costs nothing next to
/// writing their rows, few enough that the batches in flight stay small (a row is well under a
/// kilobyte).
const BATCH_ROWS: usize = 256;

/// Batches in use at once: one being written, one decoded and waiting, one being decoded.
const BATCHES: usize = 3;

/// Decoded rows: the first `len` of `rows` are the batch's (the others are buffers kept for
/// the next use), then the error that ended the spool, if one did.
#[derive(Default)]
struct Batch {
    rows: Vec<PriceRow>,
    len: usize,
    error: Option<Error>,
}

/// The decoding thread: takes an empty batch, fills it with the next rows (`left` in all),
/// passes it on, until the last row, a row that does not read back, or the writer is gone.
fn decode(mut input: impl BufRead, mut left: u64, empty: &mpsc::Receiver<Batch>, full: &mpsc::SyncSender<Batch>) {
    // The title and description of the item run the last row belongs to: a row of the same
    // item as the row before is given them.
    let mut run = (None, None);
    while left > 0 {
        let Ok(mut batch) = empty.recv() else { return };
        batch.len = 0;
        while batch.len < BATCH_ROWS && left > 0 {
            if batch.rows.len() == batch.len {
                batch.rows.push(super::row::empty());
            }
            let Some(row) = batch.rows.get_mut(batch.len) else { return };
            left -= 1;
            match read_row(&mut input, row, &mut run) {
                Ok(()) => batch.len += 1,
                Err(err) => {
                    batch.error = Some(err);
                    left = 0;
                }
            }
        }
        if full.send(batch).is_err() {
            return;
        }
    }
}

/// The rows of a [`RowSpool`], read back in the order they were pushed. A second thread reads
/// the spool and decodes the rows into batches (their texts' buffers reused from batch to batch:
/// no allocation a row once they are long enough) while the write stores the batch before:
/// decoding was a twelfth of a long list's write on the writing thread. A row of the same item
/// as the row before has that row's title and description. Ends after the first error.
pub(crate) struct SpooledRows {
    /// Decoded batches from the decoder, and used ones back to it; `None` once the rows ended.
    channels: Option<(mpsc::Receiver<Batch>, mpsc::SyncSender<Batch>)>,
    /// The batch being lent, row by row (`next` the row to lend next).
    batch: Batch,
    next: usize,
    /// The rows not lent yet.
    left: u64,
    decoder: Option<std::thread::JoinHandle<()>>,
}

impl SpooledRows {
    /// The `left` rows of `input`, decoded on a new thread.
    fn start(input: impl BufRead + Send + 'static, left: u64) -> Result<SpooledRows> {
        let (full_out, full) = mpsc::sync_channel(BATCHES);
        let (empty, empty_in) = mpsc::sync_channel(BATCHES);
        // The third batch is the one `SpooledRows` starts with (empty).
        for _ in 1..BATCHES {
            // Cannot fail: the channel has room for every batch and its receiver is here.
            let _ = empty.send(Batch::default());
        }
        let decoder = std::thread::Builder::new()
            .name("cartstore-spool".into())
            .spawn(move || decode(input, left, &empty_in, &full_out))
            .map_err(spool_error)?;
        Ok(SpooledRows {
            channels: Some((full, empty)),
            batch: Batch::default(),
            next: 0,
            left,
            decoder: Some(decoder),
        })
    }
}

impl RowSource for SpooledRows {
    fn next_row(&mut self) -> Option<Result<&mut PriceRow>> {
        while self.next >= self.batch.len {
            if let Some(err) = self.batch.error.take() {
                self.channels = None;
                return Some(Err(err));
            }
            if self.left == 0 {
                self.channels = None;
                return None;
            }
            let (full, empty) = self.channels.as_ref()?;
            // The decoder gone: it has no batch left to fill.
            let _ = empty.send(std::mem::take(&mut self.batch));
            match full.recv() {
                Ok(batch) => {
                    self.batch = batch;
                    self.next = 0;
                }
                // The decoder ended before the last row (it never does but by a panic): the rows
                // stop with an error, never short.
                Err(_) => {
                    self.channels = None;
                    return Some(Err(corrupt("row")));
                }
            }
        }
        let row = self.batch.rows.get_mut(self.next)?;
        self.next += 1;
        self.left = self.left.saturating_sub(1);
        Some(Ok(row))
    }
}

impl Drop for SpooledRows {
    /// Stops the decoder (its channels closed, it ends before its next batch) and waits for it,
    /// so that the spool (its memory, its temporary file) is gone when the rows are dropped.
    fn drop(&mut self) {
        self.channels = None;
        if let Some(decoder) = self.decoder.take() {
            let _ = decoder.join();
        }
    }
}

#[cfg(test)]
/// What the write of an import is given of `row` by a [`RowSpool`], after `before` (what it
/// was given of the row pushed just before): the file's other columns empty, and, when
/// `before` is of the same item, `before`'s title and description (those of the run's first
/// row).
pub(crate) fn as_written(row: &PriceRow, before: Option<&PriceRow>) -> PriceRow {
    let run = before.filter(|before| before.catalog_item_id == row.catalog_item_id);
    PriceRow {
        product_id: String::new(),
        sku_id: String::new(),
        product_title: None,
        publisher: None,
        unit_of_measure: None,
        change_indicator: None,
        previous_values: None,
        title: run.map_or_else(|| row.title.clone(), |before| before.title.clone()),
        description: run.map_or_else(|| row.description.clone(), |before| before.description.clone()),
        ..row.clone()
    }
}

/// Decodes the next row into `row`: the fields the spool keeps (module docs); the others stay
/// as they are (empty: the spool never sets them). `run` holds the title and description of
/// the item run the row before belonged to, and is given this row's when it starts a run.
fn read_row(input: &mut impl BufRead, row: &mut PriceRow, run: &mut (Option<String>, Option<String>)) -> Result<()> {
    row.line = get_u64(input)?;
    get_text_into(input, &mut row.catalog_item_id)?;
    match get::<1>(input)? {
        [0] => {
            get_optional_text_into(input, &mut run.0)?;
            get_optional_text_into(input, &mut run.1)?;
        }
        // The same item as the row before: its title and description are the run's.
        [1] => {}
        _ => return Err(corrupt("item flag")),
    }
    row.title.clone_from(&run.0);
    row.description.clone_from(&run.1);
    row.segment = get_parsed(input, Segment::parse)?.ok_or_else(|| corrupt("segment"))?;
    get_text_into(input, &mut row.market)?;
    get_text_into(input, &mut row.currency)?;
    get_text_into(input, &mut row.term_duration)?;
    row.billing_cycle = get_parsed(input, BillingCycleType::parse)?.ok_or_else(|| corrupt("billing cycle"))?;
    row.billing_periods = u32::from_le_bytes(get(input)?);
    row.unit_price = get_decimal(input)?;
    row.erp_price = get_optional(input, get_decimal)?;
    row.list_price = get_decimal(input)?;
    row.erp_list_price = get_optional(input, get_decimal)?;
    row.effective_start = get_instant(input)?;
    row.effective_end = get_optional(input, get_instant)?;
    let tags = usize::try_from(u32::from_le_bytes(get(input)?)).map_err(|_| corrupt("tags"))?;
    row.tags.truncate(tags);
    for index in 0..tags {
        match row.tags.get_mut(index) {
            Some(tag) => get_text_into(input, tag)?,
            None => row.tags.push(get_text(input)?),
        }
    }
    row.pricing_tier_min = get_optional(input, get_u64)?;
    row.pricing_tier_max = get_optional(input, get_u64)?;
    Ok(())
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
    let mut text = String::new();
    get_text_into(input, &mut text)?;
    Ok(text)
}

/// A text handed to `parse`, read in the reader's buffer when that holds the whole text
/// (nearly always: a field is at most 4 KiB, the buffer 64 KiB), else through a vector of its
/// own.
fn get_parsed<T>(input: &mut impl BufRead, parse: impl FnOnce(&str) -> T) -> Result<T> {
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

/// [`get_text`] into `text`, its buffer reused.
fn get_text_into(input: &mut impl BufRead, text: &mut String) -> Result<()> {
    text.clear();
    get_parsed(input, |read| text.push_str(read))
}

/// An optional text into `text`, the buffer of the one there reused.
fn get_optional_text_into(input: &mut impl BufRead, text: &mut Option<String>) -> Result<()> {
    match get::<1>(input)? {
        [0] => *text = None,
        [1] => match text {
            Some(text) => get_text_into(input, text)?,
            None => *text = Some(get_text(input)?),
        },
        _ => return Err(corrupt("flag")),
    }
    Ok(())
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
        let mut back = Vec::new();
        // In memory, in a file from the first row, and spilled to a file half way.
        for keeping in [MEMORY_ROWS, 0, rows.len() as u64 / 2] {
            let mut spool = RowSpool::keeping(keeping);
            for row in rows {
                spool.push(row)?;
            }
            assert_eq!(spool.in_file(), (rows.len() as u64) > keeping);
            let read: Vec<PriceRow> = read_all(spool)?.into_iter().collect::<Result<_>>()?;
            if keeping > 0 && !back.is_empty() {
                assert!(read == back, "rows kept with {keeping} in memory read back otherwise");
            }
            back = read;
        }
        Ok(back)
    }

    /// Every row of `spool` read back, each a copy of the row lent.
    fn read_all(spool: RowSpool) -> Result<Vec<Result<PriceRow>>> {
        let mut rows = spool.into_rows()?;
        let mut read = Vec::new();
        while let Some(row) = rows.next_row() {
            read.push(row.map(|row| row.clone()));
        }
        Ok(read)
    }

    /// What the spool is to give back of `rows` ([`as_written`], each after the one before).
    fn written(rows: &[PriceRow]) -> Vec<PriceRow> {
        let mut out: Vec<PriceRow> = Vec::new();
        for row in rows {
            let written = as_written(row, out.last());
            out.push(written);
        }
        out
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
        // Items: rich, rich again (its own title, none, not kept: the run's first row's
        // read back), rich, another, rich again (after another: its own, kept).
        let mut last = rich_row(6)?;
        last.title = None;
        let rows = vec![rich_row(2)?, plain, rich_row(4_000_000)?, other, last];
        let back = round_trip(&rows)?;
        assert_eq!(back, written(&rows));
        let titles: Vec<Option<&str>> = back.iter().map(|row| row.title.as_deref()).collect();
        let rich = Some("Ünïcode \"SKU\"");
        assert_eq!(titles, [rich, rich, rich, Some("Another"), None]);
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
    fn an_item_run_across_the_decoders_batches_reads_back_with_its_title_and_description() -> TestResult {
        // Runs of three rows (titled and described on their first row only): every batch edge
        // falls inside a run at one point or another.
        let rows = (0..(4 * BATCH_ROWS as u64 + 7))
            .map(|n| {
                let mut row = rich_row(n)?;
                let item = n / 3;
                row.catalog_item_id = format!("CFQ7TTC0LF8Q:{item:04}");
                let first = n % 3 == 0;
                row.title = first.then(|| format!("Title {item}"));
                let len = usize::try_from(item % 500)?;
                row.description = Some(if first { "d".repeat(len) } else { "other".to_owned() });
                Ok(row)
            })
            .collect::<TestResult<Vec<_>>>()?;
        let back = round_trip(&rows)?;
        assert!(back == written(&rows));
        let last = back.last().ok_or("no row back")?;
        assert_eq!(last.title.as_deref(), Some(format!("Title {}", (rows.len() - 1) / 3).as_str()));
        // Rows left unread when the write stops early: the decoder ends with them.
        let mut spool = RowSpool::new();
        for row in &rows {
            spool.push(row)?;
        }
        let mut partly = spool.into_rows()?;
        for _ in 0..BATCH_ROWS + 1 {
            partly.next_row().ok_or("a row missing")??;
        }
        drop(partly);
        Ok(())
    }

    #[test]
    fn an_empty_spool_reads_back_no_row_and_a_damaged_one_fails() -> TestResult {
        assert!(round_trip(&[])?.is_empty());
        // A spool cut short: its rows count says two, it holds one and a half. In memory, then
        // in a file.
        let mut spool = RowSpool::new();
        spool.push(&rich_row(2)?)?;
        spool.push(&rich_row(3)?)?;
        let Sink::Memory(mut bytes) = spool.out else { return Err("not in memory".into()) };
        bytes.truncate(bytes.len() - 10);
        let mut file = tempfile::tempfile()?;
        file.write_all(&bytes)?;
        for out in [Sink::Memory(bytes), Sink::File(BufWriter::new(file))] {
            let cut = RowSpool { out, rows: 2, last_item: String::new(), memory_rows: MEMORY_ROWS };
            let read = read_all(cut)?;
            assert!(matches!(read.as_slice(), [Ok(_), Err(Error::Storage { kind: StorageKind::Io, .. })]), "{read:?}");
        }
        Ok(())
    }

    #[test]
    fn a_long_list_goes_to_a_file_past_the_rows_or_the_bytes_kept_in_memory() -> TestResult {
        let mut by_rows = RowSpool::new();
        let row = rich_row(2)?;
        for _ in 0..MEMORY_ROWS {
            by_rows.push(&row)?;
        }
        assert!(!by_rows.in_file());
        by_rows.push(&row)?;
        assert!(by_rows.in_file());
        // Rows of 40 KB descriptions, each of another item (each keeps its description).
        let mut by_bytes = RowSpool::new();
        let mut big = rich_row(2)?;
        big.description = Some("d".repeat(40_000));
        let mut pushed = 0;
        while !by_bytes.in_file() {
            big.catalog_item_id = format!("CFQ7TTC0LF8Q:{pushed:04}");
            by_bytes.push(&big)?;
            pushed += 1;
        }
        // Every such row takes the same bytes: the rows in memory stop at the first to reach the
        // bound, and the next goes to the file.
        let mut one = Vec::new();
        encode(&mut one, &big, false)?;
        assert_eq!(pushed, MEMORY_BYTES.div_ceil(one.len()) + 1, "the rows in memory stop at {MEMORY_BYTES} bytes");
        let back: Vec<PriceRow> = read_all(by_bytes)?.into_iter().collect::<Result<_>>()?;
        assert_eq!(back.len(), pushed);
        assert!(back.iter().all(|row| row.description.as_ref().is_some_and(|d| d.len() == 40_000)));
        Ok(())
    }
}
