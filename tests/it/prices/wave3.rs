//! Price-list import, wave 3 (issues 23 and 24): overlapping periods, tiers, full lists that
//! close what they omit, newer information winning, the lock taken only to write, the bounds
//! of ZIP and CSV input, and the checks every row gets.

use std::io::{Read, Write};
use std::sync::mpsc;

use cartstore::{Error, ImportOptions, InputProblem, StorageKind, Store, StoreOptions};

use super::{TestResult, cart, figures, line_errors, real_file, sample, store_at};

const HEADER: &str = "ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate,Tags,PricingTierRangeMin,PricingTierRangeMax";

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

/// The error of importing `input` into a fresh store, as (field, problem).
fn refused(input: &[u8]) -> TestResult<(String, InputProblem)> {
    let (store, _) = store_at("2026-01-15T00:00:00Z")?;
    match store.import_price_list(input) {
        Err(Error::InvalidInput { field, problem }) => {
            assert!(store.list_catalog()?.items.is_empty(), "{field}: nothing written");
            Ok((field, problem))
        }
        other => Err(format!("{other:?}").into()),
    }
}

fn zip_of(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> TestResult<Vec<u8>> {
    let mut zipped = std::io::Cursor::new(Vec::new());
    {
        let mut writer = zip::ZipWriter::new(&mut zipped);
        for (name, bytes) in entries {
            writer.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(method))?;
            writer.write_all(bytes)?;
        }
        writer.finish()?;
    }
    Ok(zipped.into_inner())
}

/// The price the line `(item, quantity, P1Y, annual)` buys now, as a normalized decimal.
fn price_of(store: &Store, item: &str, quantity: i64) -> TestResult<String> {
    let priced = store.create_cart("c1", &cart(&[(item, quantity, "P1Y", "annual")])?)?;
    Ok(figures(&priced, "listPrice")?.remove(0))
}

#[test]
fn an_explicitly_ended_price_holds_until_its_end_over_a_later_open_one() -> TestResult {
    crate::backends::each("prices::wave3::an_explicitly_ended_price_holds_until_its_end_over_a_later_open_one", || {
        let (store, clock) = store_at("2025-04-15T00:00:00Z")?;
        store.import_price_list(
            list(&[
                "P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,2025-06-01,,,",
                "P1,1,Plan,P1Y,Annual,US,USD,200,2025-03-01,,,,",
            ])
            .as_bytes(),
        )?;
        // The later start would win on its own; the explicit end keeps the first until June.
        assert_eq!(price_of(&store, "P1:0001", 1)?, "100");
        let item = store.catalog_item("P1:0001")?;
        let later = item.terms.iter().find(|t| t.effective_end.is_none()).ok_or("no open term")?;
        assert_eq!(serde_json::to_value(later)?["effectiveStart"], "2025-06-01T00:00:00Z", "in effect from the end");
        clock.advance(chrono::Duration::days(60));
        assert_eq!(price_of(&store, "P1:0001", 1)?, "200");
        // Importing it again changes nothing.
        let again = store.import_price_list(
            list(&[
                "P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,2025-06-01,,,",
                "P1,1,Plan,P1Y,Annual,US,USD,200,2025-03-01,,,,",
            ])
            .as_bytes(),
        )?;
        assert_eq!((again.prices_unchanged, again.prices_changed), (2, 0));
        Ok(())
    })
}

#[test]
fn tiered_rows_import_and_the_quantity_chooses_the_tier() -> TestResult {
    crate::backends::each("prices::wave3::tiered_rows_import_and_the_quantity_chooses_the_tier", || {
        let (store, _) = store_at("2025-04-15T00:00:00Z")?;
        let report = store.import_price_list(
            list(&[
                "T1,1,Tiered,P1Y,Annual,US,USD,10,2025-01-01,,,1,10",
                "T1,1,Tiered,P1Y,Annual,US,USD,8,2025-01-01,,,11,",
            ])
            .as_bytes(),
        )?;
        assert_eq!((report.rows, report.items, report.prices_added), (2, 1, 2));
        let item = serde_json::to_value(store.catalog_item("T1:0001")?)?;
        let tiers: Vec<(serde_json::Value, serde_json::Value)> = item["terms"]
            .as_array()
            .ok_or("no terms")?
            .iter()
            .map(|t| (t["tierMin"].clone(), t["tierMax"].clone()))
            .collect();
        assert_eq!(tiers, [(1.into(), 10.into()), (11.into(), serde_json::Value::Null)]);
        assert_eq!(price_of(&store, "T1:0001", 5)?, "10");
        assert_eq!(price_of(&store, "T1:0001", 10)?, "10");
        assert_eq!(price_of(&store, "T1:0001", 11)?, "8");
        assert_eq!(price_of(&store, "T1:0001", 500)?, "8");
        // A maximum under the minimum is refused.
        let (field, problem) = refused(list(&["T1,1,Tiered,P1Y,Annual,US,USD,10,2025-01-01,,,10,1"]).as_bytes())?;
        assert_eq!((field.as_str(), problem), ("line 2, column PricingTierRangeMax", InputProblem::Invalid));
        Ok(())
    })
}

#[test]
fn a_full_list_closes_what_it_omits_and_a_partial_one_closes_nothing() -> TestResult {
    crate::backends::each("prices::wave3::a_full_list_closes_what_it_omits_and_a_partial_one_closes_nothing", || {
        let november = list(&[
            "P1,1,Kept,P1Y,Annual,US,USD,100,2025-11-01,,,,",
            "P2,1,Dropped,P1Y,Annual,US,USD,50,2025-04-01,,,,",
            "P3,1,Elsewhere,P1Y,Annual,DE,EUR,40,2025-04-01,,,,",
        ]);
        // December: P1 only (and a new price from December 1, the list's date), US dollars only.
        let december =
            list(&["P1,1,Kept,P1Y,Annual,US,USD,100,2025-11-01,,,,", "P4,1,New,P1Y,Annual,US,USD,9,2025-12-01,,,,"]);

        let (partial, _) = store_at("2026-01-15T00:00:00Z")?;
        partial.import_price_list(november.as_bytes())?;
        let report = partial.import_price_list_with(december.as_bytes(), &ImportOptions { partial: true })?;
        assert_eq!((report.prices_added, report.prices_unchanged, report.prices_closed), (1, 1, 0));
        assert_eq!(price_of(&partial, "P2:0001", 1)?, "50", "a partial list closes nothing");

        let (store, _) = store_at("2026-01-15T00:00:00Z")?;
        store.import_price_list(november.as_bytes())?;
        let report = store.import_price_list(december.as_bytes())?;
        assert_eq!((report.prices_added, report.prices_unchanged, report.prices_closed), (1, 1, 1));
        assert_eq!(serde_json::to_value(report)?["pricesClosed"], 1);
        // P2 is closed at the list's date, kept as history; P3 (euros in Germany) is not covered.
        let dropped = store.catalog_item("P2:0001")?;
        assert_eq!(dropped.terms.len(), 1);
        assert_eq!(serde_json::to_value(&dropped.terms[0])?["effectiveEnd"], "2025-12-01T00:00:00Z");
        assert_eq!(
            line_errors(&store.create_cart("c1", &cart(&[("P2:0001", 1, "P1Y", "annual")])?)?)?,
            ["\"InvalidInput\""]
        );
        assert!(store.catalog_item("P3:0001")?.terms[0].effective_end.is_none());
        Ok(())
    })
}

#[test]
fn an_end_of_sale_date_ends_the_row() -> TestResult {
    crate::backends::each("prices::wave3::an_end_of_sale_date_ends_the_row", || {
        let (store, clock) = store_at("2025-05-15T00:00:00Z")?;
        let preview = "ProductId,SkuId,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate,EndOfSaleDate\n\
                   P1,1,P1Y,Annual,US,USD,100,2025-01-01,9999-11-30,2025-06-01\n";
        store.import_price_list(preview.as_bytes())?;
        assert_eq!(price_of(&store, "P1:0001", 1)?, "100");
        clock.advance(chrono::Duration::days(30));
        assert_eq!(
            line_errors(&store.create_cart("c1", &cart(&[("P1:0001", 1, "P1Y", "annual")])?)?)?,
            ["\"InvalidInput\""]
        );
        Ok(())
    })
}

#[test]
fn an_older_list_never_reopens_what_a_newer_one_ended() -> TestResult {
    crate::backends::each("prices::wave3::an_older_list_never_reopens_what_a_newer_one_ended", || {
        let november =
            list(&["P1,1,Kept,P1Y,Annual,US,USD,100,2025-11-01,,,,", "P2,1,Ended,P1Y,Annual,US,USD,50,2025-04-01,,,,"]);
        let december = list(&[
            "P1,1,Kept,P1Y,Annual,US,USD,100,2025-11-01,,,,",
            "P2,1,Ended,P1Y,Annual,US,USD,50,2025-04-01,2026-01-01,,,",
            "P1,1,Kept,P1Y,Annual,US,USD,110,2025-12-01,,,,",
        ]);
        let (store, _) = store_at("2025-12-15T00:00:00Z")?;
        store.import_price_list(november.as_bytes())?;
        store.import_price_list(december.as_bytes())?;
        let ended = serde_json::to_value(store.catalog_item("P2:0001")?)?;
        // November again: both its rows are older than what December said of them, and it closes
        // nothing December added.
        let report = store.import_price_list(november.as_bytes())?;
        assert_eq!((report.prices_outdated, report.prices_changed, report.prices_closed), (2, 0, 0));
        assert_eq!(serde_json::to_value(store.catalog_item("P2:0001")?)?, ended);
        assert_eq!(store.catalog_item("P1:0001")?.terms.len(), 2);
        // A newer list may reopen it; the report says so.
        let january = list(&[
            "P1,1,Kept,P1Y,Annual,US,USD,110,2025-12-01,,,,",
            "P2,1,Ended,P1Y,Annual,US,USD,50,2025-04-01,,,,",
            "P2,1,Ended,P1Y,Annual,US,USD,55,2026-01-01,,,,",
        ]);
        let report = store.import_price_list(january.as_bytes())?;
        assert_eq!((report.prices_changed, report.prices_extended), (1, 1));
        Ok(())
    })
}

/// Bytes given out up to a gate, then only once the test opens it.
struct Gated {
    head: std::io::Cursor<Vec<u8>>,
    tail: std::io::Cursor<Vec<u8>>,
    reached: Option<mpsc::Sender<()>>,
    open: mpsc::Receiver<()>,
}

impl Read for Gated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 {
            return Ok(n);
        }
        if let Some(reached) = self.reached.take() {
            let _ = reached.send(());
            let _ = self.open.recv();
        }
        self.tail.read(buf)
    }
}

#[test]
fn a_slow_import_does_not_hold_the_lock_while_it_reads() -> TestResult {
    crate::backends::each("prices::wave3::a_slow_import_does_not_hold_the_lock_while_it_reads", || {
        let path = crate::backends::target("store.db")?;
        let options = StoreOptions { busy_timeout: std::time::Duration::from_millis(200), ..StoreOptions::default() };
        let shop = Store::open_with(&path, options.clone())?;
        let catalog: cartstore::Catalog = serde_json::from_value(serde_json::json!({"items": [{
        "catalogItemId": "A:0001:X", "currencyCode": "USD",
        "terms": [{"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 10}]}]}))?;
        shop.import_catalog(&catalog)?;
        let created = shop.create_cart("c1", &cart(&[("A:0001:X", 1, "P1Y", "annual")])?)?;

        let text =
            list(&["P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,", "P2,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,"]);
        let (head, tail) = text.split_at(text.len() / 2);
        let (reached_tx, reached) = mpsc::channel();
        let (open, open_rx) = mpsc::channel();
        let reader = Gated {
            head: std::io::Cursor::new(head.as_bytes().to_vec()),
            tail: std::io::Cursor::new(tail.as_bytes().to_vec()),
            reached: Some(reached_tx),
            open: open_rx,
        };
        let importer = Store::open_with(&path, options)?;
        let import = std::thread::spawn(move || importer.import_price_list(reader));
        reached.recv()?;
        // The import is waiting for its input: a checkout on another connection goes through.
        let result = shop.checkout("c1", &created.id);
        open.send(())?;
        let report = import.join().map_err(|_| "import panicked")??;
        let result = result?;
        assert_eq!(result.orders.len(), 1, "{result:?}");
        assert_eq!(report.prices_added, 2);
        Ok(())
    })
}

#[test]
fn an_import_that_cannot_get_the_lock_is_busy() -> TestResult {
    crate::backends::each("prices::wave3::an_import_that_cannot_get_the_lock_is_busy", || {
        let path = crate::backends::target("store.db")?;
        let options = StoreOptions { busy_timeout: std::time::Duration::from_millis(50), ..StoreOptions::default() };
        let store = Store::open_with(&path, options)?;
        let holder = path.hold_write_lock()?;
        let result = store.import_price_list(list(&["P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,"]).as_bytes());
        drop(holder);
        match result {
            Err(Error::Storage { kind: StorageKind::Busy, .. }) => Ok(()),
            other => Err(format!("{other:?}").into()),
        }
    })
}

#[test]
fn a_zip_entry_inflating_past_the_ratio_is_refused() -> TestResult {
    crate::backends::each("prices::wave3::a_zip_entry_inflating_past_the_ratio_is_refused", || {
        let zeros = vec![0_u8; 16 << 20];
        let zipped = zip_of(&[("prices.csv", &zeros)], zip::CompressionMethod::Deflated)?;
        assert!((zipped.len() as u64) * 1000 < zeros.len() as u64, "the test's entry inflates over 1000:1");
        let (field, problem) = refused(&zipped)?;
        assert_eq!(field, "zip entry");
        assert!(matches!(problem, InputProblem::TooLong { max } if max < zeros.len()), "{problem:?}");
        Ok(())
    })
}

#[test]
fn a_zip_with_two_entries_of_one_name_is_refused() -> TestResult {
    crate::backends::each("prices::wave3::a_zip_with_two_entries_of_one_name_is_refused", || {
        let csv = list(&["P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,"]);
        let mut zipped =
            zip_of(&[("a.csv", csv.as_bytes()), ("b.csv", csv.as_bytes())], zip::CompressionMethod::Stored)?;
        // Rename b.csv to a.csv in its local header and in the directory.
        let mut renamed = 0;
        for at in 0..zipped.len().saturating_sub(5) {
            if &zipped[at..at + 5] == b"b.csv" {
                zipped[at] = b'a';
                renamed += 1;
            }
        }
        assert_eq!(renamed, 2);
        assert_eq!(refused(&zipped)?, ("zip entries *.csv".to_owned(), InputProblem::TooMany { max: 1 }));
        Ok(())
    })
}

#[test]
fn long_fields_and_endless_input_are_refused_naming_line_and_column() -> TestResult {
    crate::backends::each("prices::wave3::long_fields_and_endless_input_are_refused_naming_line_and_column", || {
        let long = "x".repeat(5000);
        let text = list(&[
            "P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,",
            &format!("P2,1,{long},P1Y,Annual,US,USD,1,2025-01-01,,,,"),
        ]);
        assert_eq!(
            refused(text.as_bytes())?,
            ("line 3, column SkuTitle".to_owned(), InputProblem::TooLong { max: 4096 })
        );
        // An id of 100 KB: refused at the field's bound.
        let id = "P".repeat(100_000);
        let (field, _) = refused(list(&[&format!("{id},1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,")]).as_bytes())?;
        assert_eq!(field, "line 2, column ProductId");
        // An endless header, an endless line of empty fields: refused, memory flat.
        let (store, _) = store_at("2026-01-15T00:00:00Z")?;
        for (endless, field, max) in [(b'a', "line 1, column 1", 4096), (b',', "line 1", 65536)] {
            match store.import_price_list(std::io::repeat(endless)) {
                Err(Error::InvalidInput { field: f, problem }) => {
                    assert_eq!((f.as_str(), problem), (field, InputProblem::TooLong { max }));
                }
                other => return Err(format!("{other:?}").into()),
            }
        }
        Ok(())
    })
}

#[test]
fn every_row_gets_the_checks_of_a_cart() -> TestResult {
    crate::backends::each("prices::wave3::every_row_gets_the_checks_of_a_cart", || {
        for (row, field, problem) in [
            ("P1,1,Plan,P1M,Annual,US,USD,1,2025-01-01,,,,", "line 2, column BillingPlan", InputProblem::Invalid),
            ("P1,1,Plan,P1Y,Triennial,US,USD,1,2025-01-01,,,,", "line 2, column BillingPlan", InputProblem::Invalid),
            (
                "P1,1,Plan,P1Y,Annual,US,USD,1,0000-12-31,,,,",
                "line 2, column EffectiveStartDate",
                InputProblem::OutOfRange,
            ),
            (
                "P1,1,Plan,P1Y,Annual,US,USD,1,2025-01-01,0000-12-31,,,",
                "line 2, column EffectiveEndDate",
                InputProblem::OutOfRange,
            ),
            ("P\u{0}1,1,Plan,P1Y,Annual,US,USD,1,2025-01-01,,,,", "line 2, column ProductId", InputProblem::Invalid),
            ("\u{feff}P1,1,Plan,P1Y,Annual,US,USD,1,2025-01-01,,,,", "line 2, column ProductId", InputProblem::Invalid),
            ("P1,\u{feff}1,Plan,P1Y,Annual,US,USD,1,2025-01-01,,,,", "line 2, column SkuId", InputProblem::Invalid),
            ("P1,1,Plan,P1Y,Annual,USA,USD,1,2025-01-01,,,,", "line 2, column Market", InputProblem::Invalid),
            ("P1,1,Plan,P1Y,Annual,U\u{0},USD,1,2025-01-01,,,,", "line 2, column Market", InputProblem::Invalid),
        ] {
            assert_eq!(refused(list(&[row]).as_bytes())?, (field.to_owned(), problem), "{row:?}");
        }
        // The pairs Microsoft sells are all accepted.
        let (store, _) = store_at("2026-01-15T00:00:00Z")?;
        let report = store.import_price_list(
            list(&[
                "P1,1,Plan,P1M,Monthly,US,USD,1,2025-01-01,,,,",
                "P1,1,Plan,P1M,None,US,USD,0,2025-01-01,,Trial,,",
                "P1,1,Plan,P1Y,Monthly,US,USD,1,2025-01-01,,,,",
                "P1,1,Plan,P1Y,Annual,US,USD,1,2025-01-01,,,,",
                "P1,1,Plan,P3Y,Monthly,US,USD,1,2025-01-01,,,,",
                "P1,1,Plan,P3Y,Annual,US,USD,1,2025-01-01,,,,",
                "P1,1,Plan,P3Y,Triennial,US,USD,1,2025-01-01,,,,",
            ])
            .as_bytes(),
        )?;
        assert_eq!(report.prices_added, 7);
        Ok(())
    })
}

#[test]
fn ids_match_in_any_case_across_files_and_within_one() -> TestResult {
    crate::backends::each("prices::wave3::ids_match_in_any_case_across_files_and_within_one", || {
        let (store, _) = store_at("2026-01-15T00:00:00Z")?;
        let report = store.import_price_list(
            list(&[
                "abc,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,",
                "ABC,1,Plan,P1M,Monthly,US,USD,10,2025-01-01,,,,",
            ])
            .as_bytes(),
        )?;
        assert_eq!((report.items, report.prices_added), (1, 2));
        let report = store.import_price_list(list(&["Abc,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,"]).as_bytes())?;
        assert_eq!((report.items, report.prices_unchanged), (1, 1));
        let catalog = store.list_catalog()?;
        assert_eq!(catalog.items.len(), 1);
        assert_eq!(catalog.items[0].catalog_item_id, "abc:0001");
        assert_eq!(price_of(&store, "ABC:0001", 1)?, "100");
        Ok(())
    })
}

#[test]
fn other_separators_and_utf16_are_named() -> TestResult {
    crate::backends::each("prices::wave3::other_separators_and_utf16_are_named", || {
        let semicolons = "ProductId;SkuId;TermDuration;BillingPlan;Market;Currency;UnitPrice;EffectiveStartDate\nP1;1;P1Y;Annual;US;USD;1;2025-01-01\n";
        assert_eq!(refused(semicolons.as_bytes())?, ("line 1, delimiter ';'".to_owned(), InputProblem::Invalid));
        let tabs = semicolons.replace(';', "\t");
        assert_eq!(refused(tabs.as_bytes())?, ("line 1, delimiter tab".to_owned(), InputProblem::Invalid));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            list(&["P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,"]).encode_utf16().flat_map(u16::to_le_bytes),
        );
        assert_eq!(refused(&utf16)?, ("encoding UTF-16".to_owned(), InputProblem::Invalid));
        Ok(())
    })
}

#[test]
fn trials_and_usage_charged_skus_are_marked() -> TestResult {
    crate::backends::each("prices::wave3::trials_and_usage_charged_skus_are_marked", || {
        let (store, _) = store_at("2026-01-15T00:00:00Z")?;
        let (bytes, trials) = match real_file() {
            Some(path) => (std::fs::read(path)?, 66),
            None => (sample()?, 1),
        };
        store.import_price_list(bytes.as_slice())?;
        let catalog = store.list_catalog()?;
        let marked = catalog.items.iter().filter(|i| i.trial == Some(true)).count();
        assert_eq!(marked, trials);
        assert!(catalog.items.iter().all(|i| i.trial != Some(false) && i.usage_charges != Some(false)));
        let trial = catalog.items.iter().find(|i| i.trial == Some(true)).ok_or("no trial")?;
        let json = serde_json::to_value(trial)?;
        assert_eq!(json["trial"], true);
        let paid = catalog.items.iter().find(|i| i.trial.is_none()).ok_or("no paid item")?;
        assert!(serde_json::to_value(paid)?.get("trial").is_none(), "omitted when false");
        let (store, _) = store_at("2026-01-15T00:00:00Z")?;
        store.import_price_list(
            list(&["P1,1,Plan,P1M,Monthly,US,USD,1,2025-01-01,,License;IncludeOverage,,"]).as_bytes(),
        )?;
        assert_eq!(serde_json::to_value(store.catalog_item("P1:0001")?)?["usageCharges"], true);
        Ok(())
    })
}

#[test]
fn an_item_shows_every_market_and_currency_it_is_offered_in() -> TestResult {
    crate::backends::each("prices::wave3::an_item_shows_every_market_and_currency_it_is_offered_in", || {
        let (store, _) = store_at("2026-01-15T00:00:00Z")?;
        store.import_price_list(list(&["P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,"]).as_bytes())?;
        store.import_price_list(list(&["P1,1,Plan,P1Y,Annual,DE,EUR,90,2025-01-01,,,,"]).as_bytes())?;
        let item = store.catalog_item("P1:0001")?;
        let offered: Vec<(Option<&str>, Option<&str>)> =
            item.terms.iter().map(|t| (t.market.as_deref(), t.currency_code.as_deref())).collect();
        assert_eq!(offered, [(Some("DE"), Some("EUR")), (Some("US"), Some("USD"))]);
        assert_eq!(item.market, None, "two markets: none is the item's");
        assert_eq!(item.currency_code, "USD", "the currency it was first imported with, not the last file's");
        Ok(())
    })
}

/// `cartstore --db DB ARGS` with `input` on standard input: (exit code, stdout, stderr).
fn cli(db: &std::path::Path, args: &[&str], input: &[u8]) -> TestResult<(Option<i32>, String, String)> {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_cartstore"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LANG")
        .env_remove("CARTSTORE_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child.stdin.take().ok_or("stdin")?.write_all(input)?;
    let output = child.wait_with_output()?;
    Ok((output.status.code(), String::from_utf8(output.stdout)?, String::from_utf8(output.stderr)?))
}

#[test]
fn the_cli_imports_partial_lists_and_names_other_delimiters() -> TestResult {
    crate::backends::each("prices::wave3::the_cli_imports_partial_lists_and_names_other_delimiters", || {
        let db = crate::backends::target("store.db")?;
        let db = db.as_ref();
        let both =
            list(&["P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,", "P2,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,"]);
        // P1 only, with a new price from February (the list's date).
        let one =
            list(&["P1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,,,,", "P1,1,Plan,P1Y,Annual,US,USD,110,2025-02-01,,,,"]);
        cli(db, &["catalog", "import", "-"], both.as_bytes())?;
        let (code, out, err) = cli(db, &["catalog", "import", "--partial", "-"], one.as_bytes())?;
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&out)?["pricesClosed"], 0);
        let (code, out, err) = cli(db, &["catalog", "import", "-"], one.as_bytes())?;
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&out)?["pricesClosed"], 1);
        // Excel outside the US: the error names the delimiter, not JSON.
        let (code, _, err) = cli(db, &["catalog", "import", "-"], one.replace(',', ";").as_bytes())?;
        assert_eq!(code, Some(1));
        let error: serde_json::Value = serde_json::from_str(err.trim())?;
        assert_eq!(error["code"], 800002);
        assert!(error["description"].as_str().is_some_and(|d| d.contains("delimiter ';'")), "{error}");
        Ok(())
    })
}
