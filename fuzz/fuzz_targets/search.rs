//! Bytes → a catalog search (`Store::search_catalog`) on a store holding the sample price list
//! and the sample catalog: the bytes are split on the first two NUL bytes into the search text,
//! a term filter and a continuation token. Whatever a user types, the search answers with hits
//! or with `InvalidInput` (too long, too many words, a token not issued for this query), never
//! a panic and never a storage error (a text the search index cannot read would be one). A
//! page's continuation token, given back with the same query, is accepted.
#![no_main]

use cartstore::{Catalog, CatalogQuery, Error, Store};
use libfuzzer_sys::fuzz_target;

thread_local! {
    static STORE: Option<Store> = {
        let catalog: Option<Catalog> = serde_json::from_str(include_str!("../../examples/catalog.json")).ok();
        Store::open_in_memory().ok().and_then(|store| {
            store.import_catalog(&catalog?).ok()?;
            store.import_price_list(include_bytes!("../../examples/pricelist-sample.csv").as_slice()).ok()?;
            Some(store)
        })
    };
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0).map(|p| String::from_utf8_lossy(p).into_owned());
    let text = parts.next();
    let term = parts.next().filter(|t| !t.is_empty());
    let continuation = parts.next().filter(|t| !t.is_empty());
    let query = CatalogQuery { text, term_duration: term, continuation, page_size: Some(2), ..CatalogQuery::default() };
    STORE.with(|store| {
        let Some(store) = store else { return };
        match store.search_catalog(&query) {
            Ok(page) => {
                if let Some(token) = page.continuation_token.clone() {
                    let next = CatalogQuery { continuation: Some(token), ..query.clone() };
                    let again = store.search_catalog(&next);
                    assert!(again.is_ok(), "a token the search issued is refused: {again:?}");
                }
            }
            Err(Error::InvalidInput { .. }) => {}
            Err(other) => panic!("{query:?}: {other:?}"),
        }
    });
});
