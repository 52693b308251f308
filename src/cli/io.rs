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
//! the command runs ([`stdout_closed`]), for every command that prints; a standard output a
//! parent opened on `/dev/null` (read-write or not) is not closed and works as usual.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use cartstore::{Error, FileOperation, InputProblem, Localizer};
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
    /// The result was printed and why it is not a success was already printed on stderr
    /// (`pc submit` of a submission that did not end `ordered`): exit 1.
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    Reported,
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
            let shown = if is_stdin(file) { Path::new("standard input") } else { file };
            Failure::Input(Error::file(shown, FileOperation::Read, &e))
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

/// True when standard output was closed before cartstore started (`>&-`): only then, not
/// for a standard output on `/dev/null`, read-write or not (a parent discarding the output).
/// Rust's runtime replaces a closed descriptor with `/dev/null` before `main`, so this is
/// what [`super::startup`] recorded before it did (Linux; elsewhere always false).
pub fn stdout_closed() -> bool {
    super::startup::stdout_was_closed()
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
/// `l10n`'s locale, followed by `Database file: <file>` (localized) when `file` is given, or
/// `Database: <url>` for a PostgreSQL URL (shown without its password). A failure to write to
/// stderr is ignored: there is nowhere left to say it.
pub fn print_error(err: &Error, l10n: Localizer, file: Option<&Path>) {
    let mut description = l10n.describe(err);
    if let Some(file) = file {
        let path = file.display().to_string();
        let server = path.split_once("://").is_some_and(|(scheme, _)| {
            scheme.eq_ignore_ascii_case("postgres") || scheme.eq_ignore_ascii_case("postgresql")
        });
        let id = if server { "error-with-database-server" } else { "error-with-database-file" };
        description = l10n.message(id, &[("description", &description), ("path", &path)]);
    }
    let body = ErrorBody { code: err.code(), error_name: err.name(), description };
    let text = serde_json::to_string(&body).unwrap_or_else(|_| format!("{{\"code\": {}}}", err.code()));
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Prints an error object the library already rendered (a submission's `lastError`:
/// `{"code", "errorName", "description"}`) on stderr, as [`print_error`] prints one.
#[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
pub fn print_reported<T: Serialize + ?Sized>(error: &T) {
    if let Ok(text) = serde_json::to_string(error) {
        let _ = writeln!(io::stderr().lock(), "{text}");
    }
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

/// Reads a file the user names (`--template FILE`), at most `max` bytes: one byte more is
/// refused with [`InputProblem::TooLong`] naming the file, found without reading further (a
/// symlink to `/dev/zero` stops there). A file that cannot be opened is a usage error (exit
/// 2); a directory, a read that fails or text that is not UTF-8 is [`Error::File`] naming it.
pub fn read_file_capped(path: &Path, max: usize) -> Result<String, Failure> {
    let failed = |e: &io::Error| Failure::Store(Error::file(path, FileOperation::Read, e));
    let opened = std::fs::File::open(path).map_err(|e| {
        Failure::Usage(super::args::usage_error(
            clap::error::ErrorKind::Io,
            format!("cannot read '{}': {e}", path.display()),
        ))
    })?;
    if opened.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(failed(&io::Error::new(io::ErrorKind::IsADirectory, "is a directory")));
    }
    let mut bytes = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    opened.take(limit).read_to_end(&mut bytes).map_err(|e| failed(&e))?;
    if bytes.len() > max {
        return Err(Failure::Store(Error::invalid(path.display().to_string(), InputProblem::TooLong { max })));
    }
    String::from_utf8(bytes).map_err(|e| failed(&io::Error::new(io::ErrorKind::InvalidData, e)))
}

/// The database file and the two SQLite keeps beside it while it is open.
fn store_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
}

/// `path` with its directory resolved (symlinks, `..`), the file name kept: where a file
/// created at `path` would be. `None` when the directory does not exist.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(full) = path.canonicalize() {
        return Some(full);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// Whether `output` is the database `db` or its `-wal`, `-shm` or `-journal`: the same file
/// (device and inode, through any symlink or hard link) or, for one that does not exist yet,
/// the same resolved path.
pub fn is_store_file(output: &Path, db: &Path) -> bool {
    let files = store_files(db);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(out) = std::fs::metadata(output) {
            let same = |f: &PathBuf| std::fs::metadata(f).is_ok_and(|m| m.dev() == out.dev() && m.ino() == out.ino());
            if files.iter().any(same) {
                return true;
            }
        }
    }
    let Some(target) = resolved(output) else { return false };
    let db_files = resolved(db).map(|db| store_files(&db)).unwrap_or_default();
    db_files.iter().chain(&files).any(|f| *f == target)
}

/// Writes `bytes` to the file `path` (`--output`), never onto the database `db` (or its
/// `-wal`/`-shm`), which is refused. A regular file (or a new one) is written through a
/// temporary file in the same directory, renamed into place once complete, so a failure
/// (a full disk) leaves any earlier file whole and no partial document behind; an existing
/// file keeps its permissions, a new one is 0644. Anything else that exists (`/dev/stdout`, a
/// pipe) is written directly. Every failure is [`Error::File`] naming `path` with the
/// system's reason.
pub fn write_output(path: &Path, bytes: &[u8], db: &Path) -> Outcome {
    let failed = |e: &io::Error| Failure::Store(Error::file(path, FileOperation::Write, e));
    if is_store_file(path, db) {
        let reason = format!("it is the database file {} (or its -wal or -shm)", db.display());
        return Err(Failure::Store(Error::File {
            path: path.display().to_string(),
            operation: FileOperation::Write,
            reason,
        }));
    }
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        if meta.is_dir() {
            return Err(failed(&io::Error::new(io::ErrorKind::IsADirectory, "is a directory")));
        }
        // A device or a pipe: never replaced by a rename.
        let mut file = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| failed(&e))?;
        return file.write_all(bytes).and_then(|()| file.flush()).map_err(|e| failed(&e));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new().prefix(".cartstore-output").tempfile_in(dir).map_err(|e| failed(&e))?;
    temp.write_all(bytes).and_then(|()| temp.as_file().sync_all()).map_err(|e| failed(&e))?;
    if let Some(permissions) = existing.map(|m| m.permissions()).or_else(new_file_permissions) {
        temp.as_file().set_permissions(permissions).map_err(|e| failed(&e))?;
    }
    temp.persist(path).map_err(|e| failed(&e.error))?;
    Ok(())
}

/// The permissions of a new output file: 0644 on Unix (the temporary file it is written
/// through is 0600); elsewhere the temporary file's own.
fn new_file_permissions() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}
