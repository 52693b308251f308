//! Where the CSV text comes from: the input itself, or the one `.csv` of a ZIP.
//!
//! The content decides, never a file name: input starting with a ZIP signature is a ZIP. A ZIP's
//! directory is at its end and the input is only `Read`, so a zipped price list is spooled to an
//! unnamed temporary file, its directory checked for exactly one CSV, and that entry
//! decompressed (its CRC checked by the `zip` crate) into a second unnamed temporary file,
//! which the CSV reader then streams. Memory stays flat; the disk holds the compressed and the
//! uncompressed copy until the reader is dropped (the operating system removes unnamed files).
//!
//! Bounds ([`crate::limits`]): the spooled ZIP and the inflated entry at most
//! [`MAX_PRICE_LIST_BYTES`] each, the entry at most [`MAX_ZIP_RATIO`] times its compressed
//! size; a plain CSV read for an import ([`open_bounded`]) at most [`MAX_PRICE_LIST_BYTES`];
//! each is refused (`InvalidInput`, `TooLong`) before the bound is written. [`LineTracker`]
//! bounds fields and records before the CSV parser holds them.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use crate::error::{Error, InputProblem, StorageKind};
use crate::limits::{MAX_PRICE_LIST_BYTES, MAX_PRICE_LIST_FIELD, MAX_PRICE_LIST_RECORD, MAX_ZIP_RATIO};

/// A local file header, the start of every non-empty ZIP.
const ZIP_LOCAL: &[u8; 4] = b"PK\x03\x04";
/// The end-of-central-directory record, the start of an empty ZIP.
const ZIP_EMPTY: &[u8; 4] = b"PK\x05\x06";
/// The UTF-8 byte-order mark.
const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// The CSV bytes of a price list, without a byte-order mark.
pub(crate) enum Source<R> {
    /// The input is the CSV: the bytes read to detect it, then the rest.
    Plain(Prefixed<R>),
    /// The input is the CSV, read once, at most [`MAX_PRICE_LIST_BYTES`] (the bytes read so far).
    Bounded(Prefixed<R>, u64),
    /// The CSV decompressed from a ZIP into a temporary file.
    Unzipped(Prefixed<File>),
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(inner) => inner.read(buf),
            Source::Bounded(inner, read) => {
                let n = inner.read(buf)?;
                *read += n as u64;
                if *read > MAX_PRICE_LIST_BYTES {
                    return Err(refused(Error::invalid("price list", too_long(MAX_PRICE_LIST_BYTES))));
                }
                Ok(n)
            }
            Source::Unzipped(inner) => inner.read(buf),
        }
    }
}

/// A reader with some bytes already taken from it put back in front.
pub(crate) struct Prefixed<R> {
    head: Vec<u8>,
    at: usize,
    inner: R,
}

impl<R: Read> Read for Prefixed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(rest) = self.head.get(self.at..).filter(|rest| !rest.is_empty()) {
            let n = rest.len().min(buf.len());
            if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
                to.copy_from_slice(from);
            }
            self.at += n;
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Reads up to `n` bytes (fewer only at the end of the input).
fn read_head(reader: &mut impl Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    reader.by_ref().take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// `reader` with its first bytes put back, less a leading byte-order mark.
fn without_bom<R: Read>(head: Vec<u8>, inner: R) -> Prefixed<R> {
    let at = if head.starts_with(BOM) { BOM.len() } else { 0 };
    Prefixed { head, at, inner }
}

/// `TooLong` with a byte bound.
fn too_long(max: u64) -> InputProblem {
    InputProblem::TooLong { max: usize::try_from(max).unwrap_or(usize::MAX) }
}

/// Why reading stopped on purpose: carried through the CSV parser as an I/O error's payload
/// and turned back into the crate's error by [`io_error`] (or, for a field, by the reader that
/// knows the columns' names).
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The error as it is.
    Input(Error),
    /// A field longer than its bound: the line its record starts on, its index in the record.
    Field { line: u64, field: usize, max: usize },
    /// A record longer than its bound, starting on `line`.
    Record { line: u64, max: usize },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Input(err) => err.fmt(f),
            Refusal::Field { line, field, max } => write!(f, "line {line}, field {field}: longer than {max} bytes"),
            Refusal::Record { line, max } => write!(f, "line {line}: longer than {max} bytes"),
        }
    }
}

impl std::error::Error for Refusal {}

/// An I/O error carrying `err` to [`io_error`].
fn refused(err: Error) -> io::Error {
    io::Error::other(Refusal::Input(err))
}

/// The [`Refusal`] an I/O error carries, if it carries one.
pub(crate) fn refusal(err: io::Error) -> Result<Refusal, io::Error> {
    if err.get_ref().is_some_and(|inner| inner.is::<Refusal>()) {
        match err.into_inner().map(|inner| inner.downcast::<Refusal>()) {
            Some(Ok(refusal)) => Ok(*refusal),
            // Not reached: checked just above.
            _ => Err(io::Error::other("price list reader")),
        }
    } else {
        Err(err)
    }
}

/// An I/O failure reading the input, or the refusal it carries.
pub(crate) fn io_error(err: io::Error) -> Error {
    match refusal(err) {
        Ok(Refusal::Input(err)) => err,
        Ok(Refusal::Field { line, field, max }) => {
            Error::invalid(format!("line {line}, column {}", field + 1), InputProblem::TooLong { max })
        }
        Ok(Refusal::Record { line, max }) => Error::invalid(format!("line {line}"), InputProblem::TooLong { max }),
        Err(err) => Error::storage_from(StorageKind::Io, err),
    }
}

/// A ZIP the `zip` crate cannot read (damaged, encrypted, another compression method).
fn zip_error(err: zip::result::ZipError) -> Error {
    match err {
        zip::result::ZipError::Io(err) => io_error(err),
        _ => Error::invalid("zip archive", InputProblem::Invalid),
    }
}

/// Detects the content of `reader` and returns its CSV bytes.
pub(crate) fn open<R: Read>(reader: R) -> Result<Source<R>, Error> {
    open_with(reader, Mode::Plain)
}

/// [`open`], refusing a plain CSV past [`MAX_PRICE_LIST_BYTES`]: for an import.
pub(crate) fn open_bounded<R: Read>(reader: R) -> Result<Source<R>, Error> {
    open_with(reader, Mode::Bounded)
}

/// What [`open_with`] does with a plain CSV.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Reads it as it comes.
    Plain,
    /// Reads it, at most [`MAX_PRICE_LIST_BYTES`].
    Bounded,
}

fn open_with<R: Read>(mut reader: R, mode: Mode) -> Result<Source<R>, Error> {
    let head = read_head(&mut reader, ZIP_LOCAL.len()).map_err(io_error)?;
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        // Excel's "Unicode text": a price list is UTF-8.
        return Err(Error::invalid("encoding UTF-16", InputProblem::Invalid));
    }
    if head.as_slice() != ZIP_LOCAL && head.as_slice() != ZIP_EMPTY {
        // Fewer than 4 bytes, or not a ZIP: the BOM, if any, is within these first bytes.
        let plain = without_bom(head, reader);
        return Ok(match mode {
            Mode::Plain => Source::Plain(plain),
            Mode::Bounded => Source::Bounded(plain, 0),
        });
    }
    let mut spool = tempfile::tempfile().map_err(io_error)?;
    let mut input = Prefixed { head, at: 0, inner: reader };
    let spooled = copy_bounded(&mut input, &mut spool, MAX_PRICE_LIST_BYTES, "zip archive").map_err(io_error)?;
    spool.seek(SeekFrom::Start(0)).map_err(io_error)?;
    let mut archive = zip::ZipArchive::new(spool).map_err(zip_error)?;
    let mut csv_entries = Vec::new();
    for index in 0..archive.len() {
        let entry = archive.by_index_data(index).map_err(zip_error)?;
        if !entry.is_dir() && is_csv_name(&entry.name().map_err(zip_error)?) {
            csv_entries.push(index);
        }
    }
    if archive.has_duplicate_names() && !csv_entries.is_empty() {
        // Two entries of one name: the directory keeps one of them; which CSV is meant is as
        // unclear as with two names.
        return Err(Error::invalid("zip entries *.csv", InputProblem::TooMany { max: 1 }));
    }
    let index = match csv_entries.as_slice() {
        [] => return Err(Error::invalid("zip entry *.csv", InputProblem::Missing)),
        [one] => *one,
        _ => return Err(Error::invalid("zip entries *.csv", InputProblem::TooMany { max: 1 })),
    };
    let mut csv = tempfile::tempfile().map_err(io_error)?;
    {
        let mut entry = archive.by_index(index).map_err(zip_error)?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        // The compressed size is the directory's word, but never more than the file it is in.
        let compressed = entry.compressed_size().clamp(1, spooled.max(1));
        let bound = MAX_PRICE_LIST_BYTES.min(compressed.saturating_mul(MAX_ZIP_RATIO));
        copy_bounded(&mut entry, &mut csv, bound, "zip entry").map_err(|err| match refusal(err) {
            Ok(Refusal::Input(err)) => err,
            Ok(_) => Error::invalid("zip archive", InputProblem::Invalid),
            // A bad CRC (the zip crate) or a damaged deflate stream (flate2).
            Err(err) if matches!(err.kind(), io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput) => {
                Error::invalid("zip archive", InputProblem::Invalid)
            }
            // A compression method this build does not read (bzip2, LZMA, Deflate64, ...): the
            // input's problem, named with the entry and the zip crate's reason, never a failure
            // of the database file (issue 24.12).
            Err(err) if err.kind() == io::ErrorKind::Unsupported => {
                Error::invalid(format!("zip entry {name} ({err})"), InputProblem::Invalid)
            }
            Err(err) => io_error(err),
        })?;
    }
    drop(archive);
    csv.seek(SeekFrom::Start(0)).map_err(io_error)?;
    let head = read_head(&mut csv, BOM.len()).map_err(io_error)?;
    Ok(Source::Unzipped(without_bom(head, csv)))
}

/// Copies `from` into `to`, refusing (`field`, `TooLong`) before more than `max` bytes are
/// written; the bytes copied.
fn copy_bounded(from: &mut impl Read, to: &mut File, max: u64, field: &str) -> io::Result<u64> {
    let mut buf = vec![0_u8; 64 * 1024];
    let mut written: u64 = 0;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(written),
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        written += n as u64;
        if written > max {
            return Err(refused(Error::invalid(field, too_long(max))));
        }
        to.write_all(buf.get(..n).unwrap_or_default())?;
    }
}

/// Whether a ZIP entry is a CSV: its name ends in `.csv` (any case), and it is not a macOS
/// resource fork (`__MACOSX/`, `._name.csv`), which Finder's archives carry beside each file.
fn is_csv_name(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.to_ascii_lowercase().ends_with(".csv") && !base.starts_with("._") && !name.starts_with("__MACOSX/")
}

/// Where the CSV parser is, as far as record boundaries go (the states of `csv-core` that
/// matter for them: a quote opens a quoted field only at a field's start, `""` inside one is a
/// quote, and empty lines between records are skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Between records (at the start, or after a line end).
    BetweenRecords,
    /// At the start of a field within a record.
    FieldStart,
    /// In an unquoted field.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: the field's end, or the first of `""`.
    QuoteInQuoted,
}

/// Passes the CSV bytes through and notes the line on which each record starts.
///
/// The `csv` crate's own positions name the line where the previous record's terminator was
/// seen, which is wrong for CRLF files (one line early) and after empty lines, so the lines are
/// counted here: `\n`, `\r\n` and a lone `\r` each end a line. The parser reads ahead by at most
/// its buffer, so the queue of starts not yet taken stays small.
///
/// It also bounds what the parser holds: a field over [`MAX_PRICE_LIST_FIELD`] bytes or a
/// record over [`MAX_PRICE_LIST_RECORD`] (as written) fails the read with a [`Refusal`]
/// naming the record's line (and the field's index) on the read after the one that passed the
/// bound: the parser holds at most one buffer more.
pub(crate) struct LineTracker<R> {
    inner: R,
    scan: Scan,
    line: u64,
    after_cr: bool,
    starts: std::collections::VecDeque<u64>,
    /// The index of the field being scanned in its record.
    field: usize,
    /// Bytes of that field so far.
    field_len: usize,
    /// Bytes of its record so far.
    record_len: usize,
    /// The line its record started on.
    record_line: u64,
    max_field: usize,
    max_record: usize,
    refused: Option<Refusal>,
}

impl<R> LineTracker<R> {
    pub(crate) fn new(inner: R) -> Self {
        LineTracker {
            inner,
            scan: Scan::BetweenRecords,
            line: 1,
            after_cr: false,
            starts: Default::default(),
            field: 0,
            field_len: 0,
            record_len: 0,
            record_line: 1,
            max_field: MAX_PRICE_LIST_FIELD,
            max_record: MAX_PRICE_LIST_RECORD,
            refused: None,
        }
    }

    /// The line on which the next record the parser returns starts.
    pub(crate) fn next_start(&mut self) -> Option<u64> {
        self.starts.pop_front()
    }

    fn scan(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some((&byte, after)) = rest.split_first() {
            // Inside a field only a few bytes matter: jump to the next one (memchr is SIMD).
            let skip = match self.scan {
                Scan::Quoted => memchr::memchr3(b'"', b'\n', b'\r', rest),
                Scan::Unquoted => memchr::memchr3(b',', b'\n', b'\r', rest),
                _ => Some(0),
            };
            match skip {
                Some(0) => {
                    self.step(byte);
                    rest = after;
                }
                Some(n) => {
                    self.after_cr = false;
                    self.grow(n);
                    rest = rest.get(n..).unwrap_or_default();
                }
                None => {
                    self.after_cr = false;
                    self.grow(rest.len());
                    rest = &[];
                }
            }
        }
    }

    /// Counts `n` bytes of the current field, noting the first bound passed.
    fn grow(&mut self, n: usize) {
        self.field_len = self.field_len.saturating_add(n);
        self.record_len = self.record_len.saturating_add(n);
        if self.refused.is_some() {
            return;
        }
        if self.field_len > self.max_field {
            self.refused = Some(Refusal::Field { line: self.record_line, field: self.field, max: self.max_field });
        } else if self.record_len > self.max_record {
            self.refused = Some(Refusal::Record { line: self.record_line, max: self.max_record });
        }
    }

    fn step(&mut self, byte: u8) {
        let line_end = byte == b'\n' || byte == b'\r';
        let line = self.line;
        if byte == b'\r' || (byte == b'\n' && !self.after_cr) {
            self.line += 1;
        }
        self.after_cr = byte == b'\r';
        let before = self.scan;
        self.scan = match (self.scan, byte) {
            (Scan::BetweenRecords, _) if line_end => Scan::BetweenRecords,
            (Scan::BetweenRecords, _) => {
                self.starts.push_back(line);
                self.record_line = line;
                self.field = 0;
                self.field_len = 0;
                self.record_len = 0;
                match byte {
                    b'"' => Scan::Quoted,
                    b',' => Scan::FieldStart,
                    _ => Scan::Unquoted,
                }
            }
            (Scan::Quoted, b'"') => Scan::QuoteInQuoted,
            (Scan::Quoted, _) => Scan::Quoted,
            (Scan::QuoteInQuoted, b'"') | (Scan::FieldStart, b'"') => Scan::Quoted,
            (_, b',') => Scan::FieldStart,
            (_, _) if line_end => Scan::BetweenRecords,
            (_, _) => Scan::Unquoted,
        };
        if self.scan == Scan::FieldStart && (before != Scan::Quoted) {
            // A separator: the next field starts (counted as a byte of the record only).
            if before != Scan::BetweenRecords {
                self.field += 1;
            } else {
                self.field = 1;
            }
            self.field_len = 0;
            self.grow(0);
            self.record_len = self.record_len.saturating_add(1);
        } else if self.scan != Scan::BetweenRecords {
            self.grow(1);
        }
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(refusal) = self.refused.take() {
            return Err(io::Error::other(refusal));
        }
        // A bound passed in this chunk fails the next read: the parser first finishes the
        // records before it (so the header's names are known), at most one buffer past it.
        let n = self.inner.read(buf)?;
        self.scan(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn csv_names() {
        assert!(is_csv_name("Nov_NCE_LicenseBasedPL_GA_US.csv"));
        assert!(is_csv_name("dir/PRICES.CSV"));
        assert!(!is_csv_name("__MACOSX/._prices.csv"));
        assert!(!is_csv_name("dir/._prices.csv"));
        assert!(!is_csv_name("readme.txt"));
    }

    #[test]
    fn plain_input_keeps_every_byte_but_the_bom() -> Result<(), Error> {
        for (input, expected) in [
            (&b""[..], &b""[..]),
            (b"a", b"a"),
            (b"\xEF\xBB\xBF", b""),
            (b"\xEF\xBB\xBFab,c\n", b"ab,c\n"),
            (b"PK\x03", b"PK\x03"),
            (b"a,b\r\n1,2\r\n", b"a,b\r\n1,2\r\n"),
        ] {
            let mut out = Vec::new();
            open(input)?.read_to_end(&mut out).map_err(io_error)?;
            assert_eq!(out, expected);
        }
        Ok(())
    }

    #[test]
    fn copies_stop_before_their_bound_is_written() -> Result<(), Box<dyn std::error::Error>> {
        let mut file = tempfile::tempfile()?;
        let Err(err) = copy_bounded(&mut io::repeat(0).take(1 << 20), &mut file, 100_000, "zip entry") else {
            return Err("an endless input was copied whole".into());
        };
        assert_eq!(io_error(err), Error::invalid("zip entry", InputProblem::TooLong { max: 100_000 }));
        assert!(file.metadata()?.len() <= 100_000);
        let mut file = tempfile::tempfile()?;
        assert_eq!(copy_bounded(&mut io::repeat(0).take(100_000), &mut file, 100_000, "x")?, 100_000);
        Ok(())
    }

    #[test]
    fn fields_and_records_past_their_bounds_fail_the_next_read() -> io::Result<()> {
        let read_all = |input: &[u8], field: usize, record: usize| -> io::Result<Option<Refusal>> {
            let mut tracker = LineTracker::new(input);
            tracker.max_field = field;
            tracker.max_record = record;
            let mut out = Vec::new();
            match tracker.read_to_end(&mut out) {
                Ok(_) => Ok(None),
                Err(err) => refusal(err).map(Some),
            }
        };
        assert!(read_all(b"h1,h2\nabcd,\"ef\"\n", 4, 100)?.is_none());
        let long = read_all(b"h1,h2\nab,\"abcdef\"\n", 6, 100)?;
        assert!(matches!(long, Some(Refusal::Field { line: 2, field: 1, max: 6 })), "{long:?}");
        let long = read_all(b"h1,h2\r\nab,cd\r\n,,,,,,,,,,\r\n", 6, 8)?;
        assert!(matches!(long, Some(Refusal::Record { line: 3, max: 8 })), "{long:?}");
        Ok(())
    }

    /// The start lines the tracker finds, and those of the records csv returns, must agree in
    /// number; the lines are checked by hand.
    fn starts(input: &str) -> Result<Vec<u64>, Box<dyn std::error::Error>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(3)
            .from_reader(LineTracker::new(input.as_bytes()));
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while reader.read_byte_record(&mut record)? {
            lines.push(reader.get_mut().next_start().ok_or("a record without a start line")?);
        }
        assert_eq!(reader.get_mut().next_start(), None, "{input:?}");
        Ok(lines)
    }

    #[test]
    fn records_start_on_the_lines_of_the_file() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(starts("h1,h2\na,b\nc,d\n")?, [1, 2, 3]);
        assert_eq!(starts("h1,h2\r\na,b\r\nc,d")?, [1, 2, 3]);
        assert_eq!(starts("h1,h2\r\n\"a\r\nx\",b\r\nc,d\r\n")?, [1, 2, 4]);
        assert_eq!(starts("h1,h2\n\na,b\n\n\nc,d\n\n")?, [1, 3, 6]);
        assert_eq!(starts("\r\n\r\nh\ra\rb")?, [3, 4, 5]);
        assert_eq!(starts("h\n\"x\"\"\ny\"\"\",\"\"\nz,a\"b\nw\n")?, [1, 2, 4, 5]);
        assert_eq!(starts("h\n\"a\"b\nc\n,\n\"\"\n")?, [1, 2, 3, 4, 5]);
        Ok(())
    }

    /// Random text of the bytes that matter, read in random pieces: the fast scan finds what
    /// the byte-by-byte one finds, and one start per record csv returns.
    #[test]
    fn the_fast_scan_agrees_with_the_slow_one_and_with_csv() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let len = (next() % 40) as usize;
            let text: Vec<u8> = (0..len).map(|_| b"ab,\"\r\n"[(next() % 6) as usize]).collect();
            let mut slow = LineTracker::new(std::io::empty());
            for &byte in &text {
                slow.step(byte);
            }
            let mut fast = LineTracker::new(std::io::empty());
            let mut rest = text.as_slice();
            while !rest.is_empty() {
                let (piece, after) = rest.split_at(((next() % 5) as usize + 1).min(rest.len()));
                fast.scan(piece);
                rest = after;
            }
            assert_eq!(fast.starts, slow.starts, "{:?}", String::from_utf8_lossy(&text));
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_slice());
            let records = reader.byte_records().count();
            assert_eq!(records, slow.starts.len(), "{:?}", String::from_utf8_lossy(&text));
        }
    }
}
