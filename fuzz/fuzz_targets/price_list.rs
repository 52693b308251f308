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
//! Each run gets a fresh store copied from a migrated template ([`common::fresh_store`]).
#![no_main]

use cartstore::{Error, InputProblem, pricelist};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some(store) = common::fresh_store() else { return };
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
