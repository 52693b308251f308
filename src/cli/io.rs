//! The CLI's input and output: reading a request body from FILE or stdin (`-`), printing one
//! JSON document on stdout, printing a failure as one JSON object on stderr.
//!
//! Output that cannot be written: a read command whose reader went away
//! (`cartstore catalog list | head -c1`, a broken pipe) ends quietly with success, since the
//! reader took what it wanted and nothing is lost that another run would not print again. A
//! command that changed data ([`print_change`]: create, update, checkout, cancel, import)
//! fails with exit 1 and a message on stderr instead, since its result (a new cart id, the
//! orders made) is gone. A standard output closed before the command started (`>&-`, which
//! Rust's runtime silently points at `/dev/null`, so no write would fail) is refused before
//! the command runs ([`stdout_closed`]), for every command that prints.

use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;

use cartstore::{Error, InputProblem, Localizer};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a command did not succeed, and so how the process ends.
#[derive(Debug)]
pub enum Failure {
    /// The library refused: `{"code", "errorName", "description"}` on stderr, exit 1.
    Store(Error),
    /// A usage problem clap could not see while parsing (an unreadable FILE, no database
    /// path): clap's message on stderr, exit 2.
    Usage(clap::Error),
    /// stdout was closed by the reader: exit 0 quietly.
    Closed,
    /// stdout could not be written for another reason: a message on stderr, exit 1.
    Output(io::Error),
    /// The request body could not be read once opened (an I/O error, no memory left): a
    /// storage/IO failure, `{"code", "errorName", "description"}` on stderr without a database
    /// file, exit 1. Not a usage error: the command line was right.
    Input(Error),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Store(err)
    }
}

/// The outcome of a command.
pub type Outcome = Result<(), Failure>;

/// The largest request body read: 16 MiB. Reading stops one byte past it.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// Reads the request body from `file` (`-` is stdin) and parses it as `T`.
///
/// A body that is not valid JSON for `T` is [`Error::InvalidInput`] on the field `body` with
/// [`InputProblem::Syntax`], whose detail is the parser's message (with line and column, and
/// the property path where the model adds it); a body over [`MAX_BODY`] is
/// [`InputProblem::TooLong`] on `body`, found without reading more than one byte past the
/// limit (`catalog import /dev/zero` stops there). A file that cannot be opened is a usage
/// error (exit 2); a read that fails once the file is open is [`Failure::Input`] (exit 1).
pub fn read_body<T: DeserializeOwned>(file: &Path) -> Result<T, Failure> {
    let shown = if is_stdin(file) { "standard input".to_owned() } else { format!("'{}'", file.display()) };
    let bytes = read_bytes(file).map_err(|e| match e {
        ReadError::Open(e) => {
            Failure::Usage(super::args::usage_error(clap::error::ErrorKind::Io, format!("cannot read {shown}: {e}")))
        }
        ReadError::Read(e) => {
            Failure::Input(Error::storage_caused_by(cartstore::StorageKind::Io, format!("cannot read {shown}: {e}"), e))
        }
    })?;
    if bytes.len() > MAX_BODY {
        return Err(Failure::Store(Error::invalid("body", InputProblem::TooLong { max: MAX_BODY })));
    }
    parse_body(&bytes)
}

/// Parses a request body as `T`, mapping a parse failure to [`InputProblem::Syntax`].
///
/// A UTF-8 byte order mark is skipped (Windows editors write one). A UTF-16 body (Windows
/// PowerShell's `>` and `Out-File` write UTF-16LE with the mark `FF FE`; `FE FF` is big-endian;
/// also recognized without a mark by a NUL in the first two bytes) is refused with a detail
/// saying so, rather than the parser's "expected value at line 1 column 1".
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Failure> {
    let syntax = |detail: String| Failure::Store(Error::invalid("body", InputProblem::Syntax { detail }));
    if is_utf16(bytes) {
        return Err(syntax("the body is UTF-16; save it as UTF-8".to_owned()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| syntax(e.to_string()))
}

/// Whether `bytes` look like UTF-16: a UTF-16 byte order mark, or a NUL in one of the first
/// two bytes (JSON text starts with an ASCII character, which UTF-16 pairs with a NUL).
fn is_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        [a, b, ..] => (*a == 0) != (*b == 0),
        _ => false,
    }
}

fn is_stdin(file: &Path) -> bool {
    file.as_os_str() == "-"
}

/// Why a body could not be read.
enum ReadError {
    /// The file could not be opened (or is a directory): a usage error.
    Open(io::Error),
    /// Reading failed once open, or memory ran out.
    Read(io::Error),
}

/// Reads at most [`MAX_BODY`] + 1 bytes of `file` (`-`: stdin), reserving memory as it goes
/// so that running out of it is an error rather than an abort.
fn read_bytes(file: &Path) -> Result<Vec<u8>, ReadError> {
    if is_stdin(file) {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            // Someone typing at a terminal: say what is expected, on stderr.
            let _ = writeln!(io::stderr(), "cartstore: reading JSON from standard input (end with Ctrl-D)");
        }
        read_capped(stdin.lock())
    } else {
        let opened = std::fs::File::open(file).map_err(ReadError::Open)?;
        if opened.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(ReadError::Open(io::Error::new(io::ErrorKind::IsADirectory, "is a directory")));
        }
        read_capped(opened)
    }
}

fn read_capped(reader: impl Read) -> Result<Vec<u8>, ReadError> {
    let limit = u64::try_from(MAX_BODY).unwrap_or(u64::MAX).saturating_add(1);
    let mut reader = reader.take(limit);
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Read(e)),
        };
        let read = chunk.get(..n).unwrap_or_default();
        bytes.try_reserve(read.len()).map_err(|e| ReadError::Read(io::Error::new(io::ErrorKind::OutOfMemory, e)))?;
        bytes.extend_from_slice(read);
    }
}

/// True when standard output was closed before cartstore started (`>&-`). Rust's runtime then
/// opens `/dev/null` read-write in its place, so writes succeed and the output is lost without
/// a trace; a shell's `>/dev/null` opens it write-only, which this tells apart. Linux only
/// (it reads `/proc/self/fd/1` and `/proc/self/fdinfo/1`); elsewhere always false.
pub fn stdout_closed() -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let is_null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|target| target == Path::new("/dev/null"));
    let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
        info.lines()
            .find_map(|line| line.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    });
    is_null && read_write
}

/// Prints `value` as pretty-printed JSON, one document, on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Outcome {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Failure::Output(io::Error::other(e)))?;
    text.push('\n');
    print_text(&text)
}

/// Writes `text` to stdout as it is; a closed pipe is [`Failure::Closed`].
pub fn print_text(text: &str) -> Outcome {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| if e.kind() == io::ErrorKind::BrokenPipe { Failure::Closed } else { Failure::Output(e) })
}

/// Prints the result of a command that changed data, like [`print_json`], except that any
/// failure to write it, a closed pipe included, is [`Failure::Output`] (exit 1, a message on
/// stderr): the change was made and its result (ids, orders) would otherwise be lost quietly.
pub fn print_change<T: Serialize + ?Sized>(value: &T) -> Outcome {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Failure::Output(io::Error::other(e)))?;
    text.push('\n');
    print_change_text(&text)
}

/// Writes the text of a change's result to stdout, as [`print_change`] does.
pub fn print_change_text(text: &str) -> Outcome {
    print_text(text).map_err(|failure| match failure {
        Failure::Closed => Failure::Output(io::Error::new(
            io::ErrorKind::BrokenPipe,
            "standard output was closed (the change was saved, but its result was not printed)",
        )),
        other => other,
    })
}

/// The JSON object a failure prints on stderr.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    code: i32,
    error_name: &'a str,
    description: String,
}

/// Prints `err` on stderr as `{"code", "errorName", "description"}`, the description in
/// `l10n`'s locale, followed by `Database file: <file>` (localized) when `file` is given. A
/// failure to write to stderr is ignored: there is nowhere left to say it.
pub fn print_error(err: &Error, l10n: Localizer, file: Option<&Path>) {
    let mut description = l10n.describe(err);
    if let Some(file) = file {
        let path = file.display().to_string();
        description = l10n.message("error-with-database-file", &[("description", &description), ("path", &path)]);
    }
    let body = ErrorBody { code: err.code(), error_name: err.name(), description };
    let text = serde_json::to_string(&body).unwrap_or_else(|_| format!("{{\"code\": {}}}", err.code()));
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Prints a failure to write stdout, in plain text on stderr.
pub fn print_output_error(err: &io::Error) {
    let _ = writeln!(io::stderr().lock(), "cartstore: cannot write the output: {err}");
}

/// Lays out rows as aligned columns separated by two spaces; `right[i]` right-aligns column
/// `i` (numbers, money). The last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>], right: &[bool], indent: &str) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    let header_row: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header_row).chain(rows) {
        let mut line = indent.to_owned();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w.saturating_sub(width(cell)));
            let last = i + 1 == columns;
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if !last {
                    line.push_str(&pad);
                }
            }
            if !last {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The width of `text` on a terminal: East Asian wide characters take two columns.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}
