//! Importing price lists: counts, idempotence, history kept, and bad input refused whole.

use cartstore::{CatalogQuery, Error, ImportFormat, InputProblem};

use super::{TestResult, cart, figures, real_file, sample, store_at};

const HEADER: &str =
    "ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,ERP Price,Segment";

/// A price list of `rows` under [`HEADER`].
fn list(rows: &[&str]) -> String {
    let mut text = String::from(HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    text
}

#[test]
fn the_real_file_imports_with_its_counts_and_a_second_import_changes_nothing() -> TestResult {
    crate::backends::each(
        "prices::import::the_real_file_imports_with_its_counts_and_a_second_import_changes_nothing",
        || {
            let (store, _) = store_at("2025-12-01T00:00:00Z")?;
            let (bytes, rows, items) = match real_file() {
                Some(path) => (std::fs::read(path)?, 4370, 1393),
                None => (sample()?, 30, 9),
            };
            let first = store.import_price_list(bytes.as_slice())?;
            assert_eq!(first.format, ImportFormat::PriceList);
            assert_eq!((first.rows, first.items, first.prices_added, first.prices_changed), (rows, items, rows, 0));
            let catalog_before = serde_json::to_value(store.list_catalog()?)?;
            let again = store.import_price_list(bytes.as_slice())?;
            assert_eq!((again.rows, again.items), (rows, items));
            assert_eq!((again.prices_added, again.prices_changed, again.prices_unchanged), (0, 0, rows));
            assert_eq!(serde_json::to_value(store.list_catalog()?)?, catalog_before);
            let json = serde_json::to_value(again)?;
            assert_eq!(json["format"], "priceList");
            assert_eq!(json["pricesUnchanged"], rows);
            Ok(())
        },
    )
}

#[test]
fn the_same_list_zipped_imports_alike() -> TestResult {
    crate::backends::each("prices::import::the_same_list_zipped_imports_alike", || {
        use std::io::Write;
        let mut zipped = std::io::Cursor::new(Vec::new());
        {
            let mut writer = zip::ZipWriter::new(&mut zipped);
            writer.start_file("prices.csv", zip::write::SimpleFileOptions::default())?;
            writer.write_all(&sample()?)?;
            writer.finish()?;
        }
        let (store, _) = store_at("2025-12-01T00:00:00Z")?;
        let report = store.import_price_list(zipped.get_ref().as_slice())?;
        assert_eq!((report.rows, report.prices_added), (30, 30));
        Ok(())
    })
}

#[test]
fn next_months_file_adds_prices_and_keeps_the_old_ones() -> TestResult {
    crate::backends::each("prices::import::next_months_file_adds_prices_and_keeps_the_old_ones", || {
        let (store, clock) = store_at("2026-01-15T00:00:00Z")?;
        let november = list(&["P1,1,Plan,P1Y,Annual,US,USD,120,2025-11-01,150,Commercial"]);
        store.import_price_list(november.as_bytes())?;
        let priced = store.create_cart("c1", &cart(&[("P1:0001", 1, "P1Y", "annual")])?)?;
        assert_eq!(figures(&priced, "listPrice")?, ["120"]);
        // December's file: the same price, and a change from March on.
        let december = list(&[
            "P1,1,Plan,P1Y,Annual,US,USD,120,2025-11-01,150,Commercial",
            "P1,1,Plan,P1Y,Annual,US,USD,132,2026-03-01,165,Commercial",
        ]);
        let report = store.import_price_list(december.as_bytes())?;
        assert_eq!((report.prices_added, report.prices_changed, report.prices_unchanged), (1, 0, 1));
        // Before March: the old price, for new carts and at checkout.
        let before = store.create_cart("c1", &cart(&[("P1:0001", 2, "P1Y", "annual")])?)?;
        assert_eq!(figures(&before, "extendedPrice")?, ["240"]);
        let item = store.catalog_item("P1:0001")?;
        assert_eq!(item.terms.len(), 2, "both effective periods are kept");
        // After: the new one, for a cart priced before it too (checkout prices again).
        clock.advance(chrono::Duration::days(60));
        let after = store.create_cart("c1", &cart(&[("P1:0001", 2, "P1Y", "annual")])?)?;
        assert_eq!(figures(&after, "extendedPrice")?, ["264"]);
        let result = store.checkout("c1", &before.id)?;
        let order = serde_json::to_value(&result.orders)?;
        assert_eq!(order[0]["lineItems"][0]["pricing"]["listPrice"].as_f64(), Some(132.0));
        // A price corrected for the same period is a change.
        let corrected = list(&["P1,1,Plan,P1Y,Annual,US,USD,130,2026-03-01,165,Commercial"]);
        let report = store.import_price_list(corrected.as_bytes())?;
        assert_eq!((report.prices_added, report.prices_changed, report.prices_unchanged), (0, 1, 0));
        let fixed = store.create_cart("c1", &cart(&[("P1:0001", 1, "P1Y", "annual")])?)?;
        assert_eq!(figures(&fixed, "listPrice")?, ["130"]);
        Ok(())
    })
}

fn check(name: &str, text: &str, field: &str, problem: InputProblem) -> TestResult {
    let (store, _) = store_at("2026-01-15T00:00:00Z")?;
    store.import_price_list(list(&["KEEP,1,Kept,P1M,Monthly,US,USD,1,2025-01-01,,Commercial"]).as_bytes())?;
    let before = serde_json::to_value(store.list_catalog()?)?;
    match store.import_price_list(text.as_bytes()) {
        Err(Error::InvalidInput { field: f, problem: p }) => {
            assert_eq!((f.as_str(), &p), (field, &problem), "{name}");
        }
        other => return Err(format!("{name}: {other:?}").into()),
    }
    assert_eq!(serde_json::to_value(store.list_catalog()?)?, before, "{name}: nothing written");
    let found = store.search_catalog(&CatalogQuery::default())?;
    assert_eq!(found.total_count, 1, "{name}: the search index is unchanged too");
    Ok(())
}

#[test]
fn bad_input_is_refused_naming_line_and_column_and_nothing_is_written() -> TestResult {
    crate::backends::each("prices::import::bad_input_is_refused_naming_line_and_column_and_nothing_is_written", || {
        let good = "P1,1,Plan,P1Y,Annual,US,USD,120,2025-11-01,150,Commercial";
        check("empty", "", "line 1, column ProductId", InputProblem::Missing)?;
        check(
            "no UnitPrice",
            "ProductId,SkuId,TermDuration,BillingPlan,Market,Currency,EffectiveStartDate\nP,1,P1Y,Annual,US,USD,2025-01-01\n",
            "line 1, column UnitPrice",
            InputProblem::Missing,
        )?;
        check(
            "price",
            &list(&[good, "P1,2,Plan,P1Y,Annual,US,USD,12,34,2025-11-01,150,Commercial"]),
            "line 3",
            InputProblem::TooMany { max: 11 },
        )?;
        check(
            "price text",
            &list(&[good, "P1,2,Plan,P1Y,Annual,US,USD,abc,2025-11-01,150,Commercial"]),
            "line 3, column UnitPrice",
            InputProblem::Invalid,
        )?;
        check(
            "negative",
            &list(&[good, "P1,2,Plan,P1Y,Annual,US,USD,-1,2025-11-01,150,Commercial"]),
            "line 3, column UnitPrice",
            InputProblem::OutOfRange,
        )?;
        check(
            "date",
            &list(&[good, "P1,2,Plan,P1Y,Annual,US,USD,1,yesterday,150,Commercial"]),
            "line 3, column EffectiveStartDate",
            InputProblem::Invalid,
        )?;
        check(
            "plan",
            &list(&[good, "P1,2,Plan,P1Y,Weekly,US,USD,1,2025-11-01,150,Commercial"]),
            "line 3, column BillingPlan",
            InputProblem::Invalid,
        )?;
        check(
            "segment",
            &list(&[good, "P1,2,Plan,P1Y,Annual,US,USD,1,2025-11-01,150,Nonprofit"]),
            "line 3, column Segment",
            InputProblem::Invalid,
        )?;
        check(
            "erp",
            &list(&[good, "P1,2,Plan,P1Y,Annual,US,USD,1,2025-11-01,x,Commercial"]),
            "line 3, column ERP Price",
            InputProblem::Invalid,
        )?;
        check(
            "short row",
            &list(&[good, "P1,2,Plan,P1Y,Annual,US,USD,1"]),
            "line 3, column EffectiveStartDate",
            InputProblem::Missing,
        )?;
        check("header only", HEADER, "line 2", InputProblem::Missing)?;
        // Two rows with one key and start but other prices: both lines named.
        let twice = list(&[
            good,
            "P1,1,Plan,P1M,Monthly,US,USD,12,2025-11-01,15,Commercial",
            "P1,1,Plan,P1Y,Annual,US,USD,121,2025-11-01,150,Commercial",
        ]);
        check("duplicate", &twice, "lines 2 and 4, column UnitPrice", InputProblem::Duplicate)?;
        let erp_twice = list(&[good, "P1,1,Plan,P1Y,Annual,US,USD,120,2025-11-01,151,Commercial"]);
        check("duplicate erp", &erp_twice, "lines 2 and 3, column ERP Price", InputProblem::Duplicate)?;
        // The same row twice is no conflict.
        let (store, _) = store_at("2026-01-15T00:00:00Z")?;
        let report = store.import_price_list(list(&[good, good]).as_bytes())?;
        assert_eq!((report.rows, report.prices_added, report.prices_unchanged), (2, 1, 1));
        let err = store.import_price_list(twice.as_bytes()).err().ok_or("no error")?;
        assert_eq!(err.to_string(), "invalid input: lines 2 and 4, column UnitPrice appears more than once");
        Ok(())
    })
}

/// The search rows of an import's items are written together after its rows (one statement,
/// not one per item): a renamed item is found by its new title only, a new one is found, an
/// unchanged one keeps its row, and FTS5's own check finds the index equal to its content.
#[test]
fn an_import_keeps_the_search_index_in_step_with_the_items_it_writes() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("search.db");
    let store = cartstore::Store::open(&path)?;
    let text = |t: &str| CatalogQuery { text: Some(t.into()), ..CatalogQuery::default() };
    let ids = |page: cartstore::Collection<cartstore::CatalogItem>| -> Vec<String> {
        page.items.into_iter().map(|i| i.catalog_item_id).collect()
    };
    store.import_price_list(
        list(&[
            "PA,1,Alpha plan,P1Y,Annual,US,USD,10,2025-01-01,12,Commercial",
            "PB,1,Beta plan,P1Y,Annual,US,USD,20,2025-01-01,24,Commercial",
        ])
        .as_bytes(),
    )?;
    store.import_price_list(
        list(&[
            "pa,1,Omega plan,P1Y,Annual,US,USD,10,2025-02-01,12,Commercial",
            "PB,1,Beta plan,P1Y,Annual,US,USD,20,2025-02-01,24,Commercial",
            "PC,1,Gamma plan,P1Y,Annual,US,USD,30,2025-02-01,36,Commercial",
        ])
        .as_bytes(),
    )?;
    assert_eq!(ids(store.search_catalog(&text("omega"))?), ["PA:0001"]);
    assert!(ids(store.search_catalog(&text("alpha"))?).is_empty(), "the old title is gone from the index");
    assert_eq!(ids(store.search_catalog(&text("beta"))?), ["PB:0001"]);
    assert_eq!(ids(store.search_catalog(&text("gamma"))?), ["PC:0001"]);
    assert_eq!(ids(store.search_catalog(&text("plan"))?).len(), 3, "one search row per item");
    drop(store);
    let raw = rusqlite::Connection::open(&path)?;
    raw.execute("INSERT INTO catalog_search (catalog_search, rank) VALUES ('integrity-check', 1)", [])?;
    Ok(())
}
