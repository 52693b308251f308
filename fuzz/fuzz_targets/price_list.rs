//! Bytes → `Store::import_price_list` on a fresh store: must never panic, whatever the bytes
//! (CSV, ZIP, neither), and must agree with the sequential reader, `pricelist::read`:
//!
//! - when the reader fails (the header, or any row), the import fails with that same error
//!   (the import checks every row before it writes; its first pass runs on two threads, and
//!   the first error in the file must win there too);
//! - when the reader reads N rows, the import reports N rows, or fails with the one error only
//!   the write can find (two rows with one key and start and different figures).
//!
//! An import that succeeds is imported again with the same bytes: the second import must add
//! and change nothing (every price unchanged), and every item the first report counted must
//! read back.
//!
//! Each run gets a fresh store copied from a migrated template file in `/dev/shm` (or the
//! temporary directory), not an in-memory store migrated anew: migrating is most of the cost
//! of a small import, and a copy is many times cheaper.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use cartstore::{Error, InputProblem, Store, pricelist};
use libfuzzer_sys::fuzz_target;

/// A migrated, empty store's file, and where the runs' stores go.
struct Template {
    bytes: Vec<u8>,
    run: PathBuf,
}

fn template() -> Option<&'static Template> {
    static TEMPLATE: OnceLock<Option<Template>> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let shm = PathBuf::from("/dev/shm");
            let base = if shm.is_dir() { shm } else { std::env::temp_dir() };
            let dir = base.join(format!("cartstore-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&dir).ok()?;
            let path = dir.join("template.db");
            let _ = std::fs::remove_file(&path);
            // Closed at once: its write-ahead log is checkpointed into the file.
            drop(Store::open(&path).ok()?);
            let bytes = std::fs::read(&path).ok()?;
            Some(Template { bytes, run: dir.join("run.db") })
        })
        .as_ref()
}

/// A fresh store: the template's bytes written over the last run's file.
fn fresh_store() -> Option<Store> {
    let template = template()?;
    for suffix in ["-wal", "-shm"] {
        let mut side = template.run.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    std::fs::write(&template.run, &template.bytes).ok()?;
    Store::open(&template.run).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some(store) = fresh_store() else { return };
    let read: Result<usize, Error> = pricelist::read(data).and_then(|rows| {
        let mut n = 0;
        for row in rows {
            row?;
            n += 1;
        }
        Ok(n)
    });
    let imported = store.import_price_list(data);
    let first = match (read, imported) {
        (Err(expected), Err(got)) => {
            assert_eq!(got, expected, "the import's error is not the reader's");
            return;
        }
        (Err(expected), Ok(report)) => panic!("the reader fails with {expected:?}, the import reports {report:?}"),
        (Ok(rows), Err(got)) => {
            assert!(
                matches!(&got, Error::InvalidInput { problem: InputProblem::Duplicate, .. }),
                "{rows} rows read, the import fails with {got:?}"
            );
            return;
        }
        (Ok(rows), Ok(report)) => {
            assert_eq!(report.rows, rows as u64, "{report:?}");
            report
        }
    };
    if let Ok(again) = store.import_price_list(data) {
        assert_eq!(
            (again.prices_added, again.prices_changed, again.prices_closed),
            (0, 0, 0),
            "{first:?} then {again:?}"
        );
    }
    if let Ok(catalog) = store.list_catalog() {
        assert!(catalog.items.len() as u64 >= first.items.min(1), "{first:?}");
        let _ = serde_json::to_string(&catalog);
    }
});
