//! The partner profile (issue 23.16): stored once, checked, printed on every quote issued
//! without a seller of its own (the logo as an `<img>` data URI), through the library and the
//! CLI; and the bounds of quote options through the library (issue 24.16).

use std::sync::Arc;

use cartstore::quote::{Logo, PartnerProfile, QuoteOptions, Seller};
use cartstore::{Error, InputProblem, Localizer, ManualClock, Store, StoreOptions};
use serde_json::json;

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

const C: &str = "customer-partner";

/// An SVG that would run a script if it were inlined.
const SVG: &[u8] = br##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10" onload="alert(1)"><script>alert(2)</script><rect width="40" height="10" fill="#0a6"/></svg>"##;

/// The smallest PNG signature plus a few bytes: enough for the format check.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn store_at(path: Option<&std::path::Path>) -> Res<(Store, String)> {
    let clock = Arc::new(ManualClock::new("2026-12-08T09:00:00Z".parse()?));
    let options = StoreOptions { clock, locale: Localizer::negotiate(&["en"]), ..StoreOptions::default() };
    let store = match path {
        Some(path) => Store::open_with(path, options)?,
        None => Store::open_in_memory_with(options)?,
    };
    store.import_catalog(&serde_json::from_value(json!({"items": [
        {"catalogItemId": "BASIC:0001:A", "title": "Business Basic", "currencyCode": "USD",
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 6}]}
    ]}))?)?;
    let cart = store.create_cart(
        C,
        &serde_json::from_value(json!({"lineItems": [
            {"catalogItemId": "BASIC:0001:A", "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"}]}))?,
    )?;
    Ok((store, cart.id))
}

fn profile() -> PartnerProfile {
    PartnerProfile {
        name: "  Northwind Cloud Partners ".into(),
        address_lines: vec!["1 Harbour Street".into(), "   ".into(), "Seattle, WA 98101".into()],
        email: Some("quotes@northwind.example".into()),
        phone: Some(" ".into()),
        tax_id: Some("US 91-1234567".into()),
        logo: Some(Logo(SVG.to_vec())),
        terms: Some("Payment within 30 days.\n  Indented second line.".into()),
    }
}

#[test]
fn the_profile_is_stored_once_tidied_and_read_back() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("partner.db");
    let (store, _) = store_at(Some(&path))?;
    assert_eq!(store.get_partner_profile()?, PartnerProfile::default(), "none set yet");
    let stored = store.set_partner_profile(&profile())?;
    assert_eq!(stored.name, "Northwind Cloud Partners");
    assert_eq!(stored.address_lines, ["1 Harbour Street", "Seattle, WA 98101"]);
    assert_eq!(stored.phone, None, "a blank text is absent");
    assert_eq!(stored.terms.as_deref(), Some("Payment within 30 days.\n  Indented second line."));
    assert_eq!(stored.logo, Some(Logo(SVG.to_vec())));
    drop(store);
    // In the file, after reopening; replaced as a whole by the next set.
    let store = Store::open(&path)?;
    assert_eq!(store.get_partner_profile()?, stored);
    let json = serde_json::to_value(&stored)?;
    for key in ["name", "addressLines", "email", "taxId", "logo", "terms"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    let back: PartnerProfile = serde_json::from_value(json)?;
    assert_eq!(back, stored);
    let second = store.set_partner_profile(&PartnerProfile { name: "Fabrikam".into(), ..PartnerProfile::default() })?;
    assert_eq!(store.get_partner_profile()?, second);
    assert_eq!(second.logo, None);
    Ok(())
}

#[test]
fn a_profile_out_of_bounds_is_refused_naming_the_field_and_nothing_is_written() -> TestResult {
    let (store, _) = store_at(None)?;
    store.set_partner_profile(&PartnerProfile { name: "Kept".into(), ..PartnerProfile::default() })?;
    let refused = |p: PartnerProfile| store.set_partner_profile(&p).err();
    let base = PartnerProfile::default;
    let cases: Vec<(PartnerProfile, Error)> = vec![
        (
            PartnerProfile { name: "n".repeat(4097), ..base() },
            Error::invalid("name", InputProblem::TooLong { max: 4096 }),
        ),
        (
            PartnerProfile { address_lines: vec!["a".into(); 1_000_000], ..base() },
            Error::invalid("addressLines", InputProblem::TooMany { max: cartstore::limits::MAX_ADDRESS_LINES }),
        ),
        (
            PartnerProfile { address_lines: vec!["ok".into(), "x".repeat(5000)], ..base() },
            Error::invalid("addressLines[1]", InputProblem::TooLong { max: 4096 }),
        ),
        (PartnerProfile { email: Some("a\0b".into()), ..base() }, Error::invalid("email", InputProblem::Invalid)),
        (
            PartnerProfile { terms: Some("t".repeat(50 << 20)), ..base() },
            Error::invalid("terms", InputProblem::TooLong { max: cartstore::limits::MAX_TERMS_BYTES }),
        ),
        (
            PartnerProfile { logo: Some(Logo(b"GIF89a....".to_vec())), ..base() },
            Error::invalid("logo", InputProblem::Invalid),
        ),
        (
            PartnerProfile { logo: Some(Logo([PNG, &vec![0u8; 300 * 1024]].concat())), ..base() },
            Error::invalid("logo", InputProblem::TooLong { max: cartstore::limits::MAX_LOGO_BYTES }),
        ),
    ];
    for (profile, want) in cases {
        assert_eq!(refused(profile), Some(want.clone()), "{want:?}");
    }
    assert_eq!(store.get_partner_profile()?.name, "Kept");
    // A logo that is not base64 does not read.
    assert!(serde_json::from_value::<PartnerProfile>(json!({"logo": "not base64!"})).is_err());
    Ok(())
}

#[test]
fn quotes_without_a_seller_print_the_profile_and_its_logo_as_an_image() -> TestResult {
    let (store, cart_id) = store_at(None)?;
    let before = store.issue_quote(C, &cart_id, &QuoteOptions::default())?;
    assert!(before.seller.is_empty() && before.terms.is_none(), "no profile yet: {:?}", before.seller);
    store.set_partner_profile(&profile())?;
    let quote = store.issue_quote(C, &cart_id, &QuoteOptions::default())?;
    assert_ne!(quote.quote_number, before.quote_number, "the seller changed: another quote");
    assert_eq!(quote.seller.name, "Northwind Cloud Partners");
    assert_eq!(quote.seller.tax_id.as_deref(), Some("US 91-1234567"));
    assert_eq!(quote.terms.as_deref(), Some("Payment within 30 days.\n  Indented second line."));
    // Issued: it keeps the seller it was issued with.
    store.set_partner_profile(&PartnerProfile { name: "Later name".into(), ..PartnerProfile::default() })?;
    assert_eq!(store.get_quote(C, &quote.quote_number)?.seller.name, "Northwind Cloud Partners");
    store.set_partner_profile(&profile())?;
    let html = quote.to_html(&Localizer::negotiate(&["ja"]));
    // The logo is an <img> data URI: the SVG's script is never inline in the document.
    assert!(html.contains("<img class=\"logo\" src=\"data:image/svg+xml;base64,PD94bWwg"), "logo");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("<svg") && !lower.contains("onload"));
    for src in lower.match_indices("src=").map(|(at, _)| &lower[at..]) {
        assert!(src.starts_with("src=\"data:image/"), "only data: images: {}", &src[..40.min(src.len())]);
    }
    assert!(html.contains("登録番号") && html.contains("US 91-1234567") && html.contains("quotes@northwind.example"));
    assert!(html.contains("Indented second line."));
    // A PNG logo is image/png.
    store.set_partner_profile(&PartnerProfile { logo: Some(Logo(PNG.to_vec())), ..profile() })?;
    let png = store.issue_quote(C, &cart_id, &QuoteOptions::default())?;
    assert!(png.to_html(&Localizer::default()).contains("src=\"data:image/png;base64,iVBORw0KGgo"));
    // An explicit seller and terms are kept: the profile fills in only what is absent.
    let own = QuoteOptions {
        seller: Seller { name: "Subsidiary Ltd".into(), ..Seller::default() },
        ..QuoteOptions::default()
    };
    let mine = store.issue_quote(C, &cart_id, &own)?;
    assert_eq!((mine.seller.name.as_str(), mine.seller.logo.is_none()), ("Subsidiary Ltd", true));
    assert_eq!(mine.terms, quote.terms, "no terms of its own: the profile's");
    let own_terms = QuoteOptions { terms: Some("Ours.".into()), ..QuoteOptions::default() };
    let with_terms = store.issue_quote(C, &cart_id, &own_terms)?;
    assert_eq!(with_terms.terms.as_deref(), Some("Ours."));
    assert_eq!(with_terms.seller.name, "Northwind Cloud Partners");
    Ok(())
}

#[test]
fn quote_options_out_of_bounds_are_refused_naming_the_field_and_nothing_is_stored() -> TestResult {
    let (store, cart_id) = store_at(None)?;
    let at = |text: &str| -> Res<cartstore::model::Timestamp> { Ok(text.parse()?) };
    let base = QuoteOptions::default;
    let cases: Vec<(QuoteOptions, Error)> = vec![
        (
            QuoteOptions { terms: Some("t".repeat(50 << 20)), ..base() },
            Error::invalid("terms", InputProblem::TooLong { max: cartstore::limits::MAX_TERMS_BYTES }),
        ),
        (
            QuoteOptions {
                seller: Seller { name: "N".into(), address_lines: vec!["line".into(); 1_000_000], ..Seller::default() },
                ..base()
            },
            Error::invalid("seller.addressLines", InputProblem::TooMany { max: cartstore::limits::MAX_ADDRESS_LINES }),
        ),
        (
            QuoteOptions { seller: Seller { name: "x".repeat(5000), ..Seller::default() }, ..base() },
            Error::invalid("seller.name", InputProblem::TooLong { max: 4096 }),
        ),
        (
            QuoteOptions { seller: Seller { contact: Some("c\0".into()), ..Seller::default() }, ..base() },
            Error::invalid("seller.contact", InputProblem::Invalid),
        ),
        (
            QuoteOptions { seller: Seller { logo: Some(Logo(b"<html>".to_vec())), ..Seller::default() }, ..base() },
            Error::invalid("seller.logo", InputProblem::Invalid),
        ),
        (
            QuoteOptions { valid_until: Some(at("2001-01-01T00:00:00Z")?), ..base() },
            Error::invalid("validUntil", InputProblem::OutOfRange),
        ),
        (
            QuoteOptions { valid_until: Some(at("2026-12-08T09:00:00Z")?), ..base() },
            Error::invalid("validUntil", InputProblem::OutOfRange),
        ),
    ];
    for (options, want) in cases {
        assert_eq!(store.issue_quote(C, &cart_id, &options).err(), Some(want.clone()), "{want:?}");
    }
    assert!(store.list_quotes(C)?.is_empty(), "nothing stored");
    // Within the bounds: a validity that ends after the issue instant.
    let ok = QuoteOptions { valid_until: Some(at("2026-12-08T09:00:01Z")?), ..base() };
    assert_eq!(store.issue_quote(C, &cart_id, &ok)?.valid_until, at("2026-12-08T09:00:01Z")?);
    Ok(())
}

#[test]
fn the_cli_sets_and_reads_the_profile_and_quotes_print_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    let run = |args: &[&str]| -> Res<std::process::Output> {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cartstore"));
        command.arg("--db").arg(&db).args(args);
        for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "CARTSTORE_DB", "CARTSTORE_MESSAGES"] {
            command.env_remove(name);
        }
        Ok(command.output()?)
    };
    let json = |out: std::process::Output| -> Res<serde_json::Value> {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Ok(serde_json::from_slice(&out.stdout)?)
    };
    let logo = dir.path().join("logo.svg");
    std::fs::write(&logo, SVG)?;
    let terms = dir.path().join("terms.txt");
    std::fs::write(&terms, "Net 30.\nNo refunds after 7 days.")?;
    let path = |p: &std::path::Path| p.to_str().map(str::to_owned).ok_or("path");
    let set = json(run(&[
        "partner",
        "set",
        "--name",
        "Northwind",
        "--address",
        "1 Harbour Street",
        "--address",
        "Seattle",
        "--email",
        "q@northwind.example",
        "--tax-id",
        "FR40303265045",
        "--logo",
        &path(&logo)?,
        "--terms",
        &path(&terms)?,
    ])?)?;
    assert_eq!(set["addressLines"], json!(["1 Harbour Street", "Seattle"]));
    assert_eq!(set["terms"], "Net 30.\nNo refunds after 7 days.");
    // Flags not given keep their values.
    let merged = json(run(&["partner", "set", "--phone", "+1 206 555 0100"])?)?;
    assert_eq!(
        (&merged["name"], &merged["phone"], &merged["logo"]),
        (&set["name"], &json!("+1 206 555 0100"), &set["logo"])
    );
    assert_eq!(json(run(&["partner", "get"])?)?, merged);
    // A file that is no image: 800002 naming logo; nothing changed.
    let out = run(&["partner", "set", "--logo", &path(&terms)?])?;
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr)?;
    assert_eq!(err["code"], 800_002);
    assert!(err["description"].as_str().unwrap_or_default().contains("logo"), "{err}");
    assert_eq!(json(run(&["partner", "get"])?)?, merged);
    // A quote issued from the CLI prints the profile.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    json(run(&["catalog", "import", &path(&root.join("examples/catalog.json"))?])?)?;
    let cart = json(run(&["cart", "create", "--customer", C, &path(&root.join("examples/demo-cart.json"))?])?)?;
    let quote = json(run(&["quote", "issue", "--customer", C, "--cart", cart["id"].as_str().ok_or("id")?])?)?;
    assert_eq!(quote["seller"]["name"], "Northwind");
    assert_eq!(quote["seller"]["taxId"], "FR40303265045");
    assert_eq!(quote["terms"], "Net 30.\nNo refunds after 7 days.");
    Ok(())
}
