//! SQLite and PostgreSQL side by side on the real US price list (issue 26): the same import
//! reports and the same stored catalog, and the same items in the same order for a set of
//! searches (words, prefixes, several words, accented forms, ids, filters). Skipped with a note
//! when the real file (`../shared`) or the PostgreSQL server is absent.

use std::sync::Arc;

use cartstore::{BillingCycleType, CatalogQuery, CustomerSegment, ImportOptions, ManualClock, Store, StoreOptions};

use super::{TestResult, real_file};

/// A SQLite store (in memory) and a PostgreSQL one (a fresh database), both on one clock at
/// 1 December 2025; `None` when there is no server to test on.
fn pair(test: &str) -> TestResult<Option<(Store, Store)>> {
    let Some(url) = crate::postgres::fresh_database(test)? else { return Ok(None) };
    let clock = Arc::new(ManualClock::new("2025-12-01T00:00:00Z".parse()?));
    let options = || StoreOptions { clock: clock.clone(), ..StoreOptions::default() };
    Ok(Some((Store::open_in_memory_with(options())?, Store::open_with(url, options())?)))
}

/// Every id a query finds, in order, over all its pages.
fn ids(store: &Store, query: &CatalogQuery) -> TestResult<Vec<String>> {
    let mut query = CatalogQuery { page_size: Some(1000), ..query.clone() };
    let mut found = Vec::new();
    loop {
        let page = store.search_catalog(&query)?;
        found.extend(page.items.into_iter().map(|i| i.catalog_item_id));
        match page.continuation_token {
            Some(token) => query.continuation = Some(token),
            None => return Ok(found),
        }
    }
}

fn text(text: &str) -> CatalogQuery {
    CatalogQuery { text: Some(text.into()), ..CatalogQuery::default() }
}

/// The searches compared: single words, prefixes, several words, accented and upper-case
/// forms, ids, words of descriptions only, and each filter (segment, term, cycle, currency).
fn queries() -> Vec<CatalogQuery> {
    let mut queries: Vec<CatalogQuery> = [
        "basic",
        "business basic",
        "busi bas",
        "microsoft 365",
        "microsoft",
        "office",
        "e3",
        "e5",
        "teams",
        "teams phone",
        "defender",
        "copilot",
        "exchange online",
        "visio",
        "project plan",
        "dynamics 365",
        "power bi",
        "BÚSÍNESS Básic",
        "Défender ëndpoint",
        "ÉXCHANGE ónline",
        "cfq7ttc0lh18",
        "CFQ7TTC0LH18:0001",
        "a",
        "win",
        "azure",
        "intune",
        "365 apps",
        "plan 1",
        "storage",
        "trial",
        "m",
        "add-on",
        "education",
        "government",
    ]
    .iter()
    .map(|t| text(t))
    .collect();
    queries.extend([
        CatalogQuery { segment: Some(CustomerSegment::Education), ..text("basic") },
        CatalogQuery { segment: Some(CustomerSegment::Charity), ..text("microsoft 365") },
        CatalogQuery { segment: Some(CustomerSegment::Government), ..text("e3") },
        CatalogQuery {
            term_duration: Some("P1Y".into()),
            billing_cycle: Some(BillingCycleType::Annual),
            ..text("microsoft 365")
        },
        CatalogQuery {
            term_duration: Some("p1m".into()),
            billing_cycle: Some(BillingCycleType::Monthly),
            ..text("office")
        },
        CatalogQuery { term_duration: Some("P3Y".into()), ..text("dynamics") },
        CatalogQuery { billing_cycle: Some(BillingCycleType::Triennial), ..CatalogQuery::default() },
        CatalogQuery { currency_code: Some("usd".into()), ..text("teams") },
        CatalogQuery { currency_code: Some("EUR".into()), ..text("teams") },
        CatalogQuery { segment: Some(CustomerSegment::Charity), ..CatalogQuery::default() },
        CatalogQuery::default(),
    ]);
    queries
}

#[test]
fn the_real_file_imports_and_searches_alike_on_sqlite_and_postgresql() -> TestResult {
    let test = "prices::parity::the_real_file_imports_and_searches_alike_on_sqlite_and_postgresql";
    let Some(path) = real_file() else { return Ok(()) };
    let Some((sqlite, postgres)) = pair(test)? else { return Ok(()) };
    let bytes = std::fs::read(path)?;

    // The import: the same report, and the same catalog read back.
    let lite = sqlite.import_price_list(bytes.as_slice())?;
    let pg = postgres.import_price_list(bytes.as_slice())?;
    assert_eq!(serde_json::to_value(lite)?, serde_json::to_value(pg)?);
    assert_eq!(lite.rows, 4370);
    let catalog = |store: &Store| -> TestResult<serde_json::Value> { Ok(serde_json::to_value(store.list_catalog()?)?) };
    assert!(catalog(&sqlite)? == catalog(&postgres)?, "the catalogs differ after the first import");

    // The searches.
    let queries = queries();
    assert!(queries.len() >= 20);
    let mut differ = Vec::new();
    for query in &queries {
        let (a, b) = (ids(&sqlite, query)?, ids(&postgres, query)?);
        if a != b {
            let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            differ.push(format!(
                "{query:?}: SQLite {} items, PostgreSQL {}, first difference at {at}: {:?} / {:?}",
                a.len(),
                b.len(),
                a.get(at),
                b.get(at)
            ));
        }
    }
    eprintln!("{test}: {} of {} queries agree", queries.len() - differ.len(), queries.len());
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    Ok(())
}

/// The real file's rows changed the ways a later list changes them: some rows gone (a full list
/// closes them), some starting later (new prices), some ids in other case, some rows repeated
/// (equal: unchanged), some ended earlier (changed).
fn next_list(text: &str) -> String {
    let mut lines = text.lines();
    let mut out = String::new();
    if let Some(header) = lines.next() {
        out.push_str(header);
        out.push('\n');
    }
    for (n, line) in lines.enumerate() {
        match n % 97 {
            0 => continue,
            1 => out.push_str(&line.replace(",2024-05-01", ",2025-12-01")),
            2 => out.push_str(&line.replace("CFQ7TTC0", "cfq7ttc0")),
            3 => {
                out.push_str(line);
                out.push('\n');
                out.push_str(line);
            }
            4 => out.push_str(&line.replace(",9999-11-30", ",2026-03-31")),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[test]
fn later_and_older_lists_import_alike_on_sqlite_and_postgresql() -> TestResult {
    let test = "prices::parity::later_and_older_lists_import_alike_on_sqlite_and_postgresql";
    let Some(path) = real_file() else { return Ok(()) };
    let Some((sqlite, postgres)) = pair(test)? else { return Ok(()) };
    let first = std::fs::read_to_string(path)?;
    let next = next_list(&first);
    let catalog = |store: &Store| -> TestResult<serde_json::Value> { Ok(serde_json::to_value(store.list_catalog()?)?) };
    // First, on the empty stores: a repeated key with other figures fails alike, naming the
    // same lines.
    let mut lines: Vec<&str> = first.lines().collect();
    let repeated = lines.get(10).copied().ok_or("short file")?.replacen(",US,USD,", ",US,USD,1", 1);
    lines.insert(20, &repeated);
    let bad = lines.join("\n");
    let lite = sqlite.import_price_list(bad.as_bytes()).err().ok_or("SQLite took a conflicting repeat")?;
    let pg = postgres.import_price_list(bad.as_bytes()).err().ok_or("PostgreSQL took a conflicting repeat")?;
    assert_eq!(lite.to_string(), pg.to_string());
    let partial = ImportOptions { partial: true };
    let steps: [(&str, &str, ImportOptions); 4] = [
        ("first", &first, ImportOptions::default()),
        ("next", &next, ImportOptions::default()),
        ("first again (older)", &first, ImportOptions::default()),
        ("next, partial", &next, partial),
    ];
    for (name, list, options) in &steps {
        let lite = sqlite.import_price_list_with(list.as_bytes(), options)?;
        let pg = postgres.import_price_list_with(list.as_bytes(), options)?;
        assert_eq!(serde_json::to_value(lite)?, serde_json::to_value(pg)?, "{name}");
        assert!(catalog(&sqlite)? == catalog(&postgres)?, "the catalogs differ after {name}");
    }
    Ok(())
}

/// Titles, descriptions, ids and tags holding what `COPY`'s text format escapes (a backslash, a
/// tab, a line break, a carriage return) and what it spells NULL (`\N`) read back exactly, on
/// both backends (PostgreSQL's import streams them through `COPY`).
#[test]
fn texts_with_backslashes_tabs_and_line_breaks_import_as_written() -> TestResult {
    crate::backends::each("prices::parity::texts_with_backslashes_tabs_and_line_breaks_import_as_written", || {
        let (store, _) = super::store_at("2025-12-01T00:00:00Z")?;
        let title = "A\\N plan\twith\\ta tab";
        let description = "Line one\r\nline two \\ back\\slash\t\"quoted\"";
        let csv = format!(
            "ProductId,SkuId,SkuTitle,SkuDescription,TermDuration,BillingPlan,Market,Currency,UnitPrice,\
             EffectiveStartDate,Tags\nP\\1,0001,\"{}\",\"{}\",P1Y,Annual,US,USD,10,2025-01-01,\"\\N;Trial;a\tb\"\n",
            title,
            description.replace('"', "\"\"")
        );
        let report = store.import_price_list(csv.as_bytes())?;
        assert_eq!((report.rows, report.prices_added), (1, 1));
        let item = store.catalog_item("P\\1:0001")?;
        assert_eq!(item.title.as_deref(), Some(title));
        assert_eq!(item.description.as_deref(), Some(description));
        assert_eq!(item.trial, Some(true), "the tags read back: {:?}", item.terms);
        // The same file again: every figure equal, nothing changed.
        let again = store.import_price_list(csv.as_bytes())?;
        assert_eq!((again.prices_unchanged, again.prices_changed), (1, 0));
        Ok(())
    })
}
