//! `catalog import FILE`: a JSON catalog (`{"items": [...]}`) or a Partner Center price list
//! (CSV, or a ZIP holding one CSV), told apart by the first bytes. A price list is streamed
//! into the store, with a progress bar on standard error when it is a terminal (nothing on a
//! pipe), and its import report printed.

use std::io::{self as stdio, IsTerminal, Read};
use std::path::Path;

use cartstore::{Catalog, Error, FileOperation, ImportOptions, StorageKind, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::io::{self, Failure, MAX_BODY, Outcome};

/// How many bytes are looked at to tell a price list from JSON: enough for any header line.
const HEAD: usize = 64 * 1024;

/// Imports `file` (`-`: standard input); `partial`: a price list that is a subset of a list
/// ([`ImportOptions::partial`]).
pub(super) fn import(store: &Store, file: &Path, partial: bool) -> Outcome {
    let stdin = file.as_os_str() == "-";
    let shown = if stdin { "standard input".to_owned() } else { format!("'{}'", file.display()) };
    let read_error = |e: stdio::Error| Failure::Input(input_error(file, &e));
    let (mut source, length): (Box<dyn Read>, Option<u64>) = if stdin {
        (Box::new(stdio::stdin().lock()), None)
    } else {
        let opened = std::fs::File::open(file).map_err(|e| {
            Failure::Usage(super::args::usage_error(clap::error::ErrorKind::Io, format!("cannot read {shown}: {e}")))
        })?;
        let metadata = opened.metadata().map_err(read_error)?;
        if metadata.is_dir() {
            return Err(Failure::Usage(super::args::usage_error(
                clap::error::ErrorKind::Io,
                format!("cannot read {shown}: is a directory"),
            )));
        }
        (Box::new(opened), Some(metadata.len()))
    };
    let mut head = Vec::new();
    (&mut source).take(HEAD as u64).read_to_end(&mut head).map_err(read_error)?;
    if !is_price_list(&head) {
        // The whole body, at most MAX_BODY bytes, as before price lists.
        let room = (MAX_BODY + 1).saturating_sub(head.len()) as u64;
        source.take(room).read_to_end(&mut head).map_err(read_error)?;
        if head.len() > MAX_BODY {
            return Err(Failure::Store(Error::invalid("body", cartstore::InputProblem::TooLong { max: MAX_BODY })));
        }
        let catalog: Catalog = io::parse_body(&head)?;
        store.import_catalog(&catalog)?;
        let imported: std::collections::HashSet<&str> =
            catalog.items.iter().map(|i| i.catalog_item_id.as_str()).collect();
        let mut stored = store.list_catalog()?;
        stored.items.retain(|item| imported.contains(item.catalog_item_id.as_str()));
        return io::print_change(&stored);
    }
    let failed = std::rc::Rc::new(std::cell::RefCell::new(None));
    let reader = Recording { inner: stdio::Cursor::new(head).chain(source), failed: std::rc::Rc::clone(&failed) };
    let report = match progress_bar(length) {
        Some(bar) => {
            let report = store.import_price_list_with(bar.wrap_read(reader), &ImportOptions { partial });
            bar.finish_and_clear();
            report
        }
        None => store.import_price_list_with(reader, &ImportOptions { partial }),
    };
    // A read of the input that failed is the input's failure, named, not the database's.
    let report = report.map_err(|err| match (&err, failed.borrow_mut().take()) {
        (Error::Storage { kind: StorageKind::Io, .. }, Some(e)) => Failure::Input(input_error(file, &e)),
        _ => Failure::Store(err),
    })?;
    io::print_change(&report)
}

/// [`Error::File`] for a read of the input `file` (`-`: standard input) that failed.
fn input_error(file: &Path, err: &stdio::Error) -> Error {
    let shown = if file.as_os_str() == "-" { Path::new("standard input") } else { file };
    Error::file(shown, FileOperation::Read, err)
}

/// A reader that keeps the first error its input returned, so that the import's failure can
/// be told apart from the database's.
struct Recording<R> {
    inner: R,
    failed: std::rc::Rc<std::cell::RefCell<Option<stdio::Error>>>,
}

impl<R: Read> Read for Recording<R> {
    fn read(&mut self, buf: &mut [u8]) -> stdio::Result<usize> {
        self.inner.read(buf).inspect_err(|e| {
            if e.kind() != stdio::ErrorKind::Interrupted {
                let mut failed = self.failed.borrow_mut();
                if failed.is_none() {
                    *failed = Some(stdio::Error::new(e.kind(), e.to_string()));
                }
            }
        })
    }
}

/// Whether the first bytes are a price list: a ZIP, UTF-16 text that is not JSON, or a first
/// line that is not JSON and has a comma, a semicolon or a tab (a CSV header; the price-list
/// reader names another delimiter or UTF-16 in its error). Anything else goes to the JSON
/// reader, whose errors name the problem (empty, not JSON).
fn is_price_list(head: &[u8]) -> bool {
    if head.starts_with(b"PK\x03\x04") {
        return true;
    }
    if let Some(rest) = head.strip_prefix(b"\xFF\xFE").or_else(|| head.strip_prefix(b"\xFE\xFF")) {
        // UTF-16 with its byte-order mark: JSON when its first character is `{` or `[`.
        let first = rest.iter().find(|b| !matches!(b, 0 | b' ' | b'\t' | b'\r' | b'\n'));
        return !matches!(first, None | Some(b'{' | b'['));
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = text.trim_ascii_start();
    let first_line = text.split(|b| *b == b'\n').next().unwrap_or_default();
    !matches!(text.first(), None | Some(b'{' | b'[' | 0)) && first_line.iter().any(|b| matches!(b, b',' | b';' | b'\t'))
}

/// A bar on standard error for a file of `length` bytes, when standard error is a terminal;
/// none on a pipe or for standard input.
fn progress_bar(length: Option<u64>) -> Option<ProgressBar> {
    let length = length?;
    if !stdio::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("importing {bar:40} {bytes}/{total_bytes} ({eta})") {
        bar.set_style(style);
    }
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::is_price_list;

    #[test]
    fn price_lists_are_told_from_json_by_their_first_bytes() {
        assert!(is_price_list(b"\xEF\xBB\xBFChangeIndicator,ProductTitle,ProductId\r\n"));
        assert!(is_price_list(b"PK\x03\x04rest"));
        assert!(!is_price_list(b"  {\"items\": []}"));
        assert!(!is_price_list(b"\xEF\xBB\xBF{\"items\": [1, 2]}"));
        assert!(!is_price_list(b"not json"));
        assert!(!is_price_list(b""));
        assert!(!is_price_list(b"\xFF\xFE{\x00"));
        // Other delimiters and UTF-16 go to the price-list reader, which names them.
        assert!(is_price_list(b"ProductId;SkuId;TermDuration\r\n"));
        assert!(is_price_list(b"ProductId\tSkuId\tTermDuration\n"));
        assert!(is_price_list(b"\xFF\xFEP\x00r\x00o\x00,\x00"));
        assert!(!is_price_list(b"\xFE\xFF\x00["));
    }
}
