//! Price lists (`cartstore::pricelist`): the real US file, the project's sample, ZIPs, and every
//! bad input.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use cartstore::pricelist::{self, PriceRow, Segment};
use cartstore::{BillingCycleType, Error, InputProblem};
use rust_decimal::Decimal;
use zip::write::SimpleFileOptions;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// The real November 2025 US price list beside the repository, if this checkout has it.
fn real_file() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/price-lists/Nov_NCE_LicenseBasedPL_GA_US.csv");
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("note: {} is absent; checking the project's sample only", path.display());
        None
    }
}

fn sample_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/pricelist-sample.csv")
}

fn rows_of(bytes: &[u8]) -> cartstore::Result<Vec<PriceRow>> {
    pricelist::read(bytes)?.collect()
}

fn dec(text: &str) -> TestResult<Decimal> {
    Ok(text.parse()?)
}

/// The one row of `rows` in the US market for an item, segment, term and billing cycle.
fn find<'a>(
    rows: &'a [PriceRow],
    item: &str,
    segment: Segment,
    term: &str,
    cycle: BillingCycleType,
) -> TestResult<&'a PriceRow> {
    let found: Vec<_> = rows
        .iter()
        .filter(|r| r.market == "US")
        .filter(|r| {
            r.catalog_item_id == item && r.segment == segment && r.term_duration == term && r.billing_cycle == cycle
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        other => Err(format!("{item} {segment} {term} {cycle:?}: {} rows", other.len()).into()),
    }
}

#[test]
fn the_real_us_price_list_reads_with_its_figures() -> TestResult {
    let Some(path) = real_file() else { return the_sample_reads_with_its_figures() };
    let bytes = std::fs::read(&path)?;
    let rows = rows_of(&bytes)?;
    let summary = pricelist::summarize(bytes.as_slice())?;
    assert_eq!((rows.len(), summary.rows(), summary.items()), (4370, 4370, 1393));

    let basic = "CFQ7TTC0LH18:0001";
    let annual = find(&rows, basic, Segment::Commercial, "P1Y", BillingCycleType::Annual)?;
    assert_eq!(annual.title.as_deref(), Some("Microsoft 365 Business Basic"));
    assert_eq!((annual.unit_price, annual.list_price), (dec("57.60")?, dec("57.60")?));
    assert_eq!((annual.erp_price, annual.erp_list_price), (Some(dec("72")?), Some(dec("72")?)));
    let monthly = find(&rows, basic, Segment::Commercial, "P1Y", BillingCycleType::Monthly)?;
    assert_eq!((monthly.unit_price, monthly.list_price, monthly.billing_periods), (dec("60.48")?, dec("5.04")?, 12));
    assert_eq!(monthly.erp_list_price, Some(dec("6.3")?));
    let p1m = find(&rows, basic, Segment::Commercial, "P1M", BillingCycleType::Monthly)?;
    assert_eq!((p1m.unit_price, p1m.list_price), (dec("5.76")?, dec("5.76")?));
    assert_eq!(p1m.effective_start, "2024-05-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>()?);
    assert_eq!(p1m.effective_end, None);
    assert_eq!((p1m.market.as_str(), p1m.currency.as_str()), ("US", "USD"));

    let donation: Vec<_> = rows.iter().filter(|r| r.catalog_item_id == "CFQ7TTC0LH18:000L").collect();
    assert!(!donation.is_empty());
    for row in &donation {
        assert_eq!((row.segment, row.unit_price, row.list_price), (Segment::Charity, Decimal::ZERO, Decimal::ZERO));
    }

    // Shapes of the whole file.
    assert!(rows.iter().all(|r| r.effective_end.is_none() && r.currency == "USD"));
    let trials = rows.iter().filter(|r| r.billing_cycle == BillingCycleType::None).count();
    assert_eq!(trials, 66);
    assert!(
        rows.iter()
            .filter(|r| r.billing_cycle == BillingCycleType::None)
            .all(|r| r.is_trial() && r.unit_price.is_zero())
    );
    let p3y_monthly = rows.iter().find(|r| r.term_duration == "P3Y" && r.billing_cycle == BillingCycleType::Monthly);
    assert_eq!(p3y_monthly.map(|r| r.billing_periods), Some(36));
    assert!(rows.iter().any(|r| r.sku_id == "000P"));
    let changed = rows.iter().filter(|r| r.change_indicator.as_deref() == Some("Change")).count();
    assert_eq!(changed, 182);
    assert!(
        rows.iter().filter(|r| r.change_indicator.as_deref() == Some("Change")).all(|r| r.previous_values.is_some())
    );
    // Every per-period price times the periods gives the term price back.
    for row in &rows {
        assert_eq!(row.list_price * Decimal::from(row.billing_periods), row.unit_price, "line {}", row.line);
    }
    Ok(())
}

#[test]
fn the_sample_reads_with_its_figures() -> TestResult {
    let bytes = std::fs::read(sample_file())?;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"), "BOM and CRLF");
    let rows = rows_of(&bytes)?;
    let summary = pricelist::summarize(bytes.as_slice())?;
    assert_eq!((rows.len(), summary.rows(), summary.items()), (30, 30, 9));
    assert_eq!(rows[0].line, 2);
    assert_eq!(rows[29].line, 31);

    let basic = "SAMPLE000001:0001";
    let monthly = find(&rows, basic, Segment::Commercial, "P1Y", BillingCycleType::Monthly)?;
    assert_eq!((monthly.list_price, monthly.billing_periods), (dec("5.04")?, 12));
    assert_eq!(
        monthly.description.as_deref(),
        Some("Mail, calendar and 1 TB of file storage per user, with web and mobile apps only.")
    );
    for (term, cycle, periods) in [
        ("P1M", BillingCycleType::Monthly, 1),
        ("P1Y", BillingCycleType::Annual, 1),
        ("P3Y", BillingCycleType::Annual, 3),
        ("P3Y", BillingCycleType::Triennial, 1),
        ("P3Y", BillingCycleType::Monthly, 36),
    ] {
        assert_eq!(find(&rows, basic, Segment::Commercial, term, cycle)?.billing_periods, periods, "{term} {cycle:?}");
    }
    assert_eq!(find(&rows, basic, Segment::Commercial, "P3Y", BillingCycleType::Monthly)?.list_price, dec("5.04")?);
    // EUR in the French market.
    let eur: Vec<_> = rows.iter().filter(|r| r.currency == "EUR").collect();
    assert_eq!(eur.len(), 6);
    assert!(eur.iter().all(|r| r.market == "FR"));
    // 56.45 / 12 does not terminate: kept at Decimal's full precision, not rounded.
    let fr_monthly = eur.iter().find(|r| {
        r.catalog_item_id == basic && r.billing_cycle == BillingCycleType::Monthly && r.term_duration == "P1Y"
    });
    assert_eq!(fr_monthly.map(|r| r.list_price), Some(dec("56.45")? / Decimal::from(12)));
    assert_eq!(fr_monthly.map(|r| r.list_price.to_string()), Some("4.7041666666666666666666666667".to_owned()));
    let third = find(&rows, "SAMPLE000003:0002", Segment::Education, "P3Y", BillingCycleType::Annual)?;
    assert_eq!(third.list_price, Decimal::from(50) / Decimal::from(3));

    // The trial, the free SKU, the alphanumeric SKU.
    let trial = find(&rows, "SAMPLE000001:000T", Segment::Commercial, "P1M", BillingCycleType::None)?;
    assert!(trial.is_trial() && trial.unit_price.is_zero());
    assert_eq!(trial.tags, ["License", "Trial"]);
    let free = find(&rows, "SAMPLE000001:0004", Segment::Education, "P1Y", BillingCycleType::Annual)?;
    assert!(free.unit_price.is_zero() && !free.is_trial());
    assert_eq!(rows.iter().filter(|r| r.catalog_item_id == "SAMPLE000004:000P").count(), 3);

    // The future price change: the old price ends where the new one starts.
    let office: Vec<_> = rows
        .iter()
        .filter(|r| {
            r.catalog_item_id == "SAMPLE000002:0001"
                && r.market == "US"
                && r.term_duration == "P1Y"
                && r.billing_cycle == BillingCycleType::Annual
        })
        .collect();
    assert_eq!(office.len(), 2);
    let (old, new) = (office[0], office[1]);
    assert_eq!((old.unit_price, new.unit_price), (dec("144")?, dec("150")?));
    assert_eq!(new.change_indicator.as_deref(), Some("Change"));
    assert_eq!(new.previous_values.as_deref(), Some("{'ERP Price': '180', 'UnitPrice': '144'}"));
    assert_eq!(new.effective_start, "2026-04-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>()?);
    assert_eq!(old.effective_end, Some("2026-03-31T23:59:59Z".parse()?));
    // A quoted description with quotes.
    assert!(new.description.as_deref().is_some_and(|d| d.contains(r#""Standard" edition, with mail"#)));

    // The JSON shape the import report and the CLI will show.
    let json = serde_json::to_value(trial)?;
    assert_eq!(json["catalogItemId"], "SAMPLE000001:000T");
    assert_eq!(json["segment"], "commercial");
    assert_eq!(json["billingCycle"], "none");
    assert_eq!(json["effectiveEnd"], serde_json::Value::Null);
    assert_eq!(json["listPrice"], "0");
    Ok(())
}

/// A ZIP of `entries` (name, bytes), deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> TestResult<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        writer.start_file(*name, SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated))?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

fn input_error(result: cartstore::Result<Vec<PriceRow>>) -> TestResult<(String, InputProblem)> {
    match result {
        Err(Error::InvalidInput { field, problem }) => Ok((field, problem)),
        other => Err(format!("expected InvalidInput, got {other:?}").into()),
    }
}

#[test]
fn a_zip_holding_one_csv_reads_as_the_csv_itself() -> TestResult {
    let path = real_file().unwrap_or_else(sample_file);
    let csv = std::fs::read(&path)?;
    let expected = rows_of(&csv)?;
    let zipped = zip_of(&[("Nov_NCE_LicenseBasedPL_GA_US.csv", &csv)])?;
    assert!(zipped.len() < csv.len() / 4, "deflated");
    assert_eq!(rows_of(&zipped)?, expected);
    // Beside other files, in a folder, with macOS's resource fork, stored uncompressed.
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer.add_directory("prices/", SimpleFileOptions::default())?;
    writer.start_file("prices/readme.txt", SimpleFileOptions::default())?;
    writer.write_all(b"not a price list")?;
    writer.start_file("__MACOSX/prices/._PRICES.CSV", SimpleFileOptions::default())?;
    writer.write_all(b"\x00\x05\x16\x07")?;
    writer.start_file(
        "prices/PRICES.CSV",
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
    )?;
    writer.write_all(&csv)?;
    let zipped = writer.finish()?.into_inner();
    assert_eq!(rows_of(&zipped)?, expected);
    Ok(())
}

#[test]
fn a_zip_without_exactly_one_csv_or_damaged_is_refused() -> TestResult {
    let csv = std::fs::read(sample_file())?;
    let two = zip_of(&[("a.csv", &csv), ("b.csv", &csv)])?;
    assert_eq!(input_error(rows_of(&two))?, ("zip entries *.csv".to_owned(), InputProblem::TooMany { max: 1 }));
    let none = zip_of(&[("readme.txt", b"hello")])?;
    assert_eq!(input_error(rows_of(&none))?, ("zip entry *.csv".to_owned(), InputProblem::Missing));
    let empty = zip_of(&[])?;
    assert!(empty.starts_with(b"PK\x05\x06"));
    assert_eq!(input_error(rows_of(&empty))?, ("zip entry *.csv".to_owned(), InputProblem::Missing));
    // Cut short: the directory at its end is gone.
    let one = zip_of(&[("a.csv", &csv)])?;
    assert_eq!(input_error(rows_of(&one[..one.len() / 2]))?, ("zip archive".to_owned(), InputProblem::Invalid));
    // A flipped byte in the deflated data: a bad stream or a bad CRC, never rows.
    let mut damaged = one.clone();
    damaged[60] ^= 0x55;
    assert_eq!(input_error(rows_of(&damaged))?, ("zip archive".to_owned(), InputProblem::Invalid));
    Ok(())
}

const HEADER: &str = "ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate,Segment";
const GOOD: &str =
    "P1,1,Title,P1Y,Monthly,US,USD,60.48,2025-04-01T00:00:00.0000000Z,9999-11-30T23:59:59.0000000Z,Commercial";

/// Runs one bad input: the error's field and problem.
fn check(name: &str, input: &[u8], field: &str, problem: InputProblem) -> TestResult {
    let found = input_error(rows_of(input)).map_err(|err| format!("{name}: {err}"))?;
    assert_eq!(found, (field.to_owned(), problem), "{name}");
    Ok(())
}

#[test]
fn every_bad_input_names_its_line_and_column() -> TestResult {
    let with = |rows: &[&str]| format!("{HEADER}\n{}\n", rows.join("\n")).into_bytes();
    let bad = |from: &str, to: &str| with(&[GOOD, &GOOD.replace(from, to)]);
    check("empty file", b"", "line 1, column ProductId", InputProblem::Missing)?;
    check("a BOM alone", b"\xEF\xBB\xBF", "line 1, column ProductId", InputProblem::Missing)?;
    check("a header alone", format!("{HEADER}\r\n").as_bytes(), "line 2", InputProblem::Missing)?;
    check("a header alone, no line end", HEADER.as_bytes(), "line 2", InputProblem::Missing)?;
    check(
        "missing column",
        format!("{}\n{GOOD}\n", HEADER.replace("UnitPrice", "Price")).as_bytes(),
        "line 1, column UnitPrice",
        InputProblem::Missing,
    )?;
    check(
        "column twice",
        format!("{HEADER},unitprice\n{GOOD},1\n").as_bytes(),
        "line 1, column UnitPrice",
        InputProblem::Duplicate,
    )?;
    check("decimal comma", &bad("60.48", "\"12,34\""), "line 3, column UnitPrice", InputProblem::Invalid)?;
    check("letters", &bad("60.48", "abc"), "line 3, column UnitPrice", InputProblem::Invalid)?;
    check("negative", &bad("60.48", "-1"), "line 3, column UnitPrice", InputProblem::OutOfRange)?;
    check("empty price", &bad("60.48", ""), "line 3, column UnitPrice", InputProblem::Missing)?;
    check(
        "start date",
        &bad("2025-04-01T00:00:00.0000000Z", "April 1st"),
        "line 3, column EffectiveStartDate",
        InputProblem::Invalid,
    )?;
    check(
        "end date",
        &bad("9999-11-30T23:59:59.0000000Z", "2025-13-01"),
        "line 3, column EffectiveEndDate",
        InputProblem::Invalid,
    )?;
    check(
        "end before start",
        &bad("9999-11-30T23:59:59.0000000Z", "2025-03-01"),
        "line 3, column EffectiveEndDate",
        InputProblem::Invalid,
    )?;
    check("billing plan", &bad("Monthly", "Weekly"), "line 3, column BillingPlan", InputProblem::Invalid)?;
    check("term", &bad("P1Y", "1 year"), "line 3, column TermDuration", InputProblem::Invalid)?;
    check("currency", &bad("USD", "$"), "line 3, column Currency", InputProblem::Invalid)?;
    check("segment", &bad("Commercial", "Nonprofit"), "line 3, column Segment", InputProblem::Invalid)?;
    check("empty market", &bad(",US,", ",,"), "line 3, column Market", InputProblem::Missing)?;
    check(
        "short row",
        &with(&[GOOD, "P1,1,Title,P1Y,Monthly,US,USD,60.48,2025-04-01"]),
        "line 3, column EffectiveEndDate",
        InputProblem::Missing,
    )?;
    check("long row", &with(&[GOOD, &format!("{GOOD},extra")]), "line 3", InputProblem::TooMany { max: 11 })?;
    let mut not_utf8 = with(&[GOOD, GOOD]);
    let at = not_utf8.len() - GOOD.len() + 5; // inside line 3's SkuTitle
    not_utf8[at] = 0xFF;
    check("not UTF-8", &not_utf8, "line 3, column SkuTitle", InputProblem::Invalid)?;
    let mut header_not_utf8 = with(&[GOOD]);
    header_not_utf8[1] = 0xC0;
    check("header not UTF-8", &header_not_utf8, "line 1, column 1", InputProblem::Invalid)?;
    // A row spanning lines is named by its first; the lines after it keep counting.
    let spanning = with(&[&GOOD.replace(",Title,", ",\"Title,\nsecond line\","), &GOOD.replace("60.48", "x")]);
    check("after a quoted line break", &spanning, "line 4, column UnitPrice", InputProblem::Invalid)?;
    // The text names the line and column.
    let err = rows_of(&bad("60.48", "\"12,34\"")).err();
    assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("invalid input: line 3, column UnitPrice is not valid"));
    Ok(())
}

#[test]
fn any_header_order_case_and_extra_columns_crlf_bom_and_quoting_are_read() -> TestResult {
    let csv = "\u{feff} effectivestartdate ,Currency,UNITPRICE,Notes,market,billingplan,TermDuration,SkuId,ProductId,ProductTitle,SkuDescription,Tags,ERP Price\r\n\
               2/1/2023 0:00,eur,10,\"a, \"\"b\"\"\",fr,Annual,p3y,000P,PROD,\"Title, with comma\",\"Line one\r\nline two\",License; Trial ;,12\r\n\
               2/1/2019 12:00:00 AM,usd,1.5,,us,none,P1M,7,PROD,,,,\r\n\
               2023-02-01T00:00:00.1234567Z,USD,0,,US,Monthly,P1M,7,PROD,,,,\r\n";
    let rows = rows_of(csv.as_bytes())?;
    assert_eq!(rows.len(), 3);
    let first = &rows[0];
    assert_eq!(first.catalog_item_id, "PROD:000P");
    assert_eq!((first.market.as_str(), first.currency.as_str(), first.term_duration.as_str()), ("FR", "EUR", "P3Y"));
    assert_eq!(
        (first.unit_price, first.list_price, first.billing_periods),
        (dec("10")?, Decimal::from(10) / Decimal::from(3), 3)
    );
    assert_eq!(first.erp_list_price, Some(dec("4")?));
    assert_eq!(first.title.as_deref(), Some("Title, with comma"));
    assert_eq!(first.description.as_deref(), Some("Line one\r\nline two"));
    assert_eq!(first.tags, ["License", "Trial"]);
    assert_eq!(first.segment, Segment::Commercial);
    assert_eq!(first.effective_start, "2023-02-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>()?);
    let second = &rows[1];
    assert_eq!((second.catalog_item_id.as_str(), second.line), ("PROD:0007", 4));
    assert_eq!((second.billing_cycle, second.title.as_deref(), second.erp_price), (BillingCycleType::None, None, None));
    assert_eq!(second.effective_start, "2019-02-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>()?);
    assert_eq!(rows[2].effective_start, "2023-02-01T00:00:00.1234567Z".parse::<chrono::DateTime<chrono::Utc>>()?);
    assert!(second.tags.is_empty());

    // The same rows with LF and no BOM.
    let lf = csv.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let lf_rows = rows_of(lf.as_bytes())?;
    assert_eq!(lf_rows[1..], rows[1..]);
    assert_eq!(lf_rows[0].description.as_deref(), Some("Line one\nline two"));

    let reader = pricelist::read(csv.as_bytes())?;
    assert_eq!(reader.columns()[0], "effectivestartdate");
    assert_eq!(reader.columns().len(), 13);
    Ok(())
}

#[test]
fn rows_are_read_one_at_a_time_and_the_reader_stops_at_the_first_error() -> TestResult {
    let csv = format!("{HEADER}\n{GOOD}\n{}\n{GOOD}\n", GOOD.replace("60.48", "x"));
    let mut reader = pricelist::read(csv.as_bytes())?;
    assert!(reader.next().transpose()?.is_some());
    assert_eq!(reader.rows_read(), 1);
    assert!(matches!(reader.next(), Some(Err(Error::InvalidInput { .. }))));
    assert!(reader.next().is_none());
    Ok(())
}
