//! Issue 24, "Hardening 3" (and issue 23 item 17): the CLI's output file and standard output,
//! the customer's language flag, bounded catalog searches and their continuation tokens,
//! bounded and linear supplied messages, failures that name their file, the busy timeout, and
//! the application's own messages reaching the quote.

use std::error::Error as StdError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use cartstore::{CatalogQuery, Error, InputProblem, Store, StoreOptions};
use serde_json::Value;

type TestResult<T = ()> = Result<T, Box<dyn StdError>>;

const BIN: &str = env!("CARGO_BIN_EXE_cartstore");
const CUSTOMER: &str = "hardening3-customer";

/// A JSON catalog of `n` items titled `Contoso Business Plan <i>`, and one `Fabrikam Basic`.
fn catalog(n: usize) -> String {
    let mut items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"catalogItemId": "CONTOSO{i:05}:0001", "title": "Contoso Business Plan {i}", "currencyCode": "USD",
                    "terms": [{{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 10}}]}}"#
            )
        })
        .collect();
    items.push(
        r#"{"catalogItemId": "FABRIKAM0001:0001", "title": "Fabrikam Basic", "currencyCode": "EUR",
            "terms": [{"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 100}]}"#
            .to_owned(),
    );
    format!(r#"{{"items": [{}]}}"#, items.join(","))
}

fn searchable(n: usize) -> TestResult<Store> {
    let store = Store::open_in_memory()?;
    store.import_catalog(&serde_json::from_str(&catalog(n))?)?;
    Ok(store)
}

fn text(text: &str) -> CatalogQuery {
    CatalogQuery { text: Some(text.to_owned()), ..CatalogQuery::default() }
}

fn invalid(err: &Error) -> Option<(&str, &InputProblem)> {
    match err {
        Error::InvalidInput { field, problem } => Some((field.as_str(), problem)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// 24.9 Catalog search: words de-duplicated and capped
// ---------------------------------------------------------------------------------------------

#[test]
fn search_words_are_counted_once_and_a_prefix_of_another_word_adds_nothing() -> TestResult {
    let store = searchable(3)?;
    let plain = store.search_catalog(&text("contoso plan"))?;
    assert_eq!(plain.total_count, 3);
    // 2,030 one-letter words (the 4 KiB text cap), each many times: one word each, and `c` is a
    // prefix of `contoso`.
    let letters: Vec<&str> = "c p".split(' ').cycle().take(2030).collect();
    let many = format!("{} contoso plan", letters.join(" "));
    assert!(many.len() <= 4096);
    let found = store.search_catalog(&text(&many))?;
    assert_eq!(found.total_count, plain.total_count);
    let ids = |page: &cartstore::Collection<cartstore::CatalogItem>| -> Vec<String> {
        page.items.iter().map(|i| i.catalog_item_id.clone()).collect()
    };
    assert_eq!(ids(&found), ids(&plain));
    // Case does not make another word.
    assert_eq!(store.search_catalog(&text("CONTOSO Contoso contoso PLAN"))?.total_count, 3);
    Ok(())
}

#[test]
fn search_with_more_than_32_distinct_words_is_refused_too_many() -> TestResult {
    let store = searchable(1)?;
    // Distinct words none of which is a prefix of another: w0a, w1a, ..., ending in a letter.
    let words = |n: usize| (0..n).map(|i| format!("w{i}x")).collect::<Vec<_>>().join(" ");
    let at_cap = store.search_catalog(&text(&words(32)))?;
    assert_eq!(at_cap.total_count, 0);
    let err = store.search_catalog(&text(&words(33))).err().ok_or("33 words were accepted")?;
    assert_eq!(invalid(&err), Some(("text", &InputProblem::TooMany { max: 32 })), "{err:?}");
    // Thousands of distinct words: refused the same way, without building the query.
    let thousands: String = (0..1000).map(|i| format!("{i} ")).collect();
    let err = store.search_catalog(&text(&thousands)).err().ok_or("1000 words were accepted")?;
    assert_eq!(invalid(&err), Some(("text", &InputProblem::TooMany { max: 32 })), "{err:?}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 24.22 Continuation tokens bound to their query
// ---------------------------------------------------------------------------------------------

#[test]
fn search_continuation_tokens_work_only_for_their_own_query() -> TestResult {
    let store = searchable(5)?;
    let query = CatalogQuery { page_size: Some(2), ..text("contoso") };
    let first = store.search_catalog(&query)?;
    let token = first.continuation_token.clone().ok_or("no token")?;
    // The same query (words spelled otherwise, another page size) follows it.
    let same = CatalogQuery { continuation: Some(token.clone()), page_size: Some(3), ..text("CONTOSO c") };
    let second = store.search_catalog(&same)?;
    assert_eq!(second.items.first().map(|i| i.catalog_item_id.as_str()), Some("CONTOSO00002:0001"));

    let refused = |query: CatalogQuery| -> TestResult {
        let err = store.search_catalog(&query).err().ok_or_else(|| format!("accepted: {query:?}"))?;
        assert_eq!(invalid(&err), Some(("continuation", &InputProblem::Invalid)), "{query:?}: {err:?}");
        Ok(())
    };
    // Another text, a filter added, no text: the token is not theirs.
    refused(CatalogQuery { continuation: Some(token.clone()), ..text("fabrikam") })?;
    refused(CatalogQuery { continuation: Some(token.clone()), currency_code: Some("USD".into()), ..text("contoso") })?;
    refused(CatalogQuery { continuation: Some(token.clone()), ..CatalogQuery::default() })?;
    // Forged and bare offsets.
    let (prefix, hash) = token.rsplit_once('.').ok_or("token shape")?;
    let _ = prefix;
    for forged in [
        "s1.2".to_owned(),
        "2".to_owned(),
        "s2.2".to_owned(),
        "s2.2.0000000000000000".to_owned(),
        format!("s2.+2.{hash}"),
        format!("s2..{hash}"),
        format!("s2.99999999999999999999999.{hash}"),
    ] {
        refused(CatalogQuery { continuation: Some(forged), ..text("contoso") })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 24.15 The busy timeout
// ---------------------------------------------------------------------------------------------

#[test]
fn a_busy_timeout_past_what_sqlite_takes_is_clamped_not_a_panic() -> TestResult {
    let dir = tempfile::tempdir()?;
    for timeout in [Duration::MAX, Duration::from_millis(u64::MAX), Duration::from_millis(1 << 31)] {
        let options = StoreOptions { busy_timeout: timeout, ..StoreOptions::default() };
        let store = Store::open_with(dir.path().join("busy.db"), options)?;
        assert!(store.list_carts(CUSTOMER)?.is_empty());
    }
    assert_eq!(cartstore::store::MAX_BUSY_TIMEOUT, Duration::from_millis(i32::MAX as u64));
    Ok(())
}
