//! The CLI's input and output: reading a request body from FILE or stdin (`-`), printing one
//! JSON document on stdout, printing a failure as one JSON object on stderr, and treating a
//! closed stdout (`cartstore catalog list | head -c1`) as success.

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
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Store(err)
    }
}

/// The outcome of a command.
pub type Outcome = Result<(), Failure>;

/// Reads the request body from `file` (`-` is stdin) and parses it as `T`.
///
/// A body that is not valid JSON for `T` is [`Error::InvalidInput`] on the field `body` with
/// [`InputProblem::Syntax`], whose detail is the parser's message (with line and column, and
/// the property path where the model adds it). A file that cannot be read is a usage error.
pub fn read_body<T: DeserializeOwned>(file: &Path) -> Result<T, Failure> {
    let bytes = read_bytes(file).map_err(|e| {
        let shown = if is_stdin(file) { "standard input".to_owned() } else { format!("'{}'", file.display()) };
        Failure::Usage(super::usage_error(clap::error::ErrorKind::Io, format!("cannot read {shown}: {e}")))
    })?;
    parse_body(&bytes)
}

/// Parses a request body as `T`, mapping a parse failure to [`InputProblem::Syntax`].
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Failure> {
    serde_json::from_slice(bytes)
        .map_err(|e| Failure::Store(Error::invalid("body", InputProblem::Syntax { detail: e.to_string() })))
}

fn is_stdin(file: &Path) -> bool {
    file.as_os_str() == "-"
}

fn read_bytes(file: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if is_stdin(file) {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            // Someone typing at a terminal: say what is expected, on stderr.
            let _ = writeln!(io::stderr(), "cartstore: reading JSON from standard input (end with Ctrl-D)");
        }
        stdin.lock().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file)?;
    }
    Ok(bytes)
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
