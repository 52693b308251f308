//! `catalog import FILE`: a JSON catalog (`{"items": [...]}`) or a Partner Center price list
//! (CSV, or a ZIP holding one CSV), told apart by the first bytes. A price list is streamed
//! into the store, with a progress bar on standard error when it is a terminal (nothing on a
//! pipe), and its import report printed.

use std::io::{self as stdio, IsTerminal, Read};
use std::path::Path;

use cartstore::{Catalog, Error, StorageKind, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::io::{self, Failure, MAX_BODY, Outcome};

/// How many bytes are looked at to tell a price list from JSON: enough for any header line.
const HEAD: usize = 64 * 1024;

pub(super) fn import(store: &Store, file: &Path) -> Outcome {
    let stdin = file.as_os_str() == "-";
    let shown = if stdin { "standard input".to_owned() } else { format!("'{}'", file.display()) };
    let read_error = |e: stdio::Error| {
        Failure::Input(Error::storage_caused_by(StorageKind::Io, format!("cannot read {shown}: {e}"), e))
    };
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
    let reader = stdio::Cursor::new(head).chain(source);
    let report = match progress_bar(length) {
        Some(bar) => {
            let report = store.import_price_list(bar.wrap_read(reader));
            bar.finish_and_clear();
            report?
        }
        None => store.import_price_list(reader)?,
    };
    io::print_change(&report)
}

/// Whether the first bytes are a price list: a ZIP, or a first line that is not JSON and has
/// a comma (a CSV header). Anything else goes to the JSON reader, whose errors name the
/// problem (empty, UTF-16, not JSON).
fn is_price_list(head: &[u8]) -> bool {
    if head.starts_with(b"PK\x03\x04") {
        return true;
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = text.trim_ascii_start();
    let first_line = text.split(|b| *b == b'\n').next().unwrap_or_default();
    !matches!(text.first(), None | Some(b'{' | b'[' | 0)) && first_line.contains(&b',')
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
    }
}
