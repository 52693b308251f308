//! Quotes: the model's totals, the JSON shape, the HTML document in the
//! four locales (golden files compared code point by code point), escaping, partner templates.
//!
//! The golden files are `tests/fixtures/quotes/<tag>.html`; `CARTSTORE_UPDATE_GOLDEN=1`
//! rewrites them from the current rendering (then review the diff).

use std::path::PathBuf;

use cartstore::l10n::{Messages, ResourceKind};
use cartstore::model::{BillingCycleType, CustomerProfile, Timestamp};
use cartstore::quote::{
    PriceBasis, PricedLine, Quote, QuoteBuilder, QuoteOptions, QuoteTemplate, Seller, apply_price_basis, format_date,
    format_money,
};
use cartstore::{CartErrorCode, Error, InputProblem, Localizer};
use rust_decimal::Decimal;

type TestResult = Result<(), Box<dyn std::error::Error>>;

pub(crate) fn ts(text: &str) -> Timestamp {
    text.parse().expect("timestamp")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn line(
    id: i64,
    parent: Option<i64>,
    title: &str,
    term: &str,
    cycle: BillingCycleType,
    qty: u32,
    cur: &str,
    price: &str,
) -> PricedLine {
    PricedLine {
        line_id: id,
        parent_line_id: parent,
        catalog_item_id: format!("CFQ7TTC0{id:04}:0001"),
        title: title.to_owned(),
        term_duration: Some(term.to_owned()),
        billing_cycle: cycle,
        quantity: qty,
        currency_code: cur.to_owned(),
        unit_price: dec(price),
        first_term: None,
        start_date: None,
        commitment_end_date: None,
        trial: false,
        usage_charges: false,
    }
}

/// The customer's name in each locale's sample quote.
pub(crate) fn customer_name(tag: &str) -> &'static str {
    match tag {
        "fr" => "Société Fabrikam",
        "ja" => "コントソ製薬株式会社",
        "zh-TW" => "康拓製藥股份有限公司",
        _ => "Contoso Pharmaceuticals",
    }
}

/// The sample quote: USD monthly (a base, its add-ons, one listed after another group's line),
/// USD annual, JPY monthly; one excluded line, one price change.
pub(crate) fn sample(tag: &str) -> Result<Quote, Error> {
    let l10n = Localizer::for_tag(tag).unwrap_or_default();
    let options = QuoteOptions {
        price_basis: PriceBasis::Markup(Decimal::from(15)),
        valid_until: Some(ts("2026-12-08T12:00:00Z")),
        seller: Seller {
            name: "Northwind Cloud Partners".into(),
            address_lines: vec!["1 Harbour Street".into(), "Seattle, WA 98101".into()],
            contact: Some("sales@northwind.example".into()),
            ..Seller::default()
        },
        terms: Some("Payment within 30 days of invoice.\nLicences are not refundable after 7 days.".into()),
    };
    let profile = CustomerProfile {
        name: Some(customer_name(tag).into()),
        market: Some("US".into()),
        currency_code: Some("USD".into()),
        locale: Some(tag.into()),
        ..CustomerProfile::default()
    };
    let mut b = QuoteBuilder::new(
        "Q-2026-000001",
        "3655b1a0-7f3b-4f0e-9a53-2c3e8c1b7d10",
        "customer-1",
        profile,
        ts("2026-12-01T09:30:00Z"),
        ts("2026-12-15T09:30:00Z"),
        &options,
    );
    b.locale(&l10n);
    use BillingCycleType::{Annual, Monthly};
    // Every line starts at the issue instant and commits for a year (the store's quotes do).
    let dated = |l: PricedLine| PricedLine {
        start_date: Some(ts("2026-12-01T09:30:00Z")),
        commitment_end_date: Some(ts("2027-12-01T09:30:00Z")),
        ..l
    };
    b.line(dated(line(0, None, "Microsoft 365 Business Basic", "P1Y", Monthly, 25, "USD", "6.1234")));
    let trial = line(1, Some(0), "Microsoft Defender for Office 365 (Plan 1)", "P1Y", Monthly, 25, "USD", "2");
    b.line(dated(PricedLine { trial: true, ..trial }));
    b.line(dated(line(2, None, "Microsoft 365 E3", "P1Y", Annual, 10, "USD", "433.2")));
    // An add-on of line 0 after a line of another group: it stays in its parent's group.
    let phone = line(3, Some(0), "Microsoft Teams Phone Standard", "P1Y", Monthly, 5, "USD", "8.004");
    b.line(dated(PricedLine { usage_charges: true, ..phone }));
    b.line(dated(line(5, None, "Windows 365 Business", "P1Y", Monthly, 3, "JPY", "1234.5")));
    // Line 2's price ends on December 7 (the first instant it no longer applies).
    b.availability_end(2, ts("2026-12-07T00:00:00Z"));
    b.excluded_line(
        4,
        Some("CFQ7TTC0LH0R:0002".into()),
        Some("Visio Plan 2".into()),
        CartErrorCode::CurrencyIsNotSupported,
        &l10n,
    );
    b.price_change(2, ts("2026-12-05T00:00:00Z"), dec("450"));
    // Outside (issued, validUntil]: dropped.
    b.price_change(2, ts("2027-01-01T00:00:00Z"), dec("470"));
    b.build()
}

#[test]
fn totals_are_exact_sums_of_rounded_figures_per_group() -> TestResult {
    let quote = sample("en")?;
    assert_eq!(quote.groups.len(), 3);
    let [monthly, annual, yen] = &quote.groups[..] else { panic!("three groups") };
    assert_eq!((monthly.currency_code.as_str(), monthly.billing_cycle), ("USD", BillingCycleType::Monthly));
    let ids: Vec<i64> = monthly.lines.iter().map(|l| l.line_id).collect();
    assert_eq!(ids, [0, 1, 3], "add-ons in their parent's group");
    // 6.1234 -> 6.12 x 25 = 153.00 (x12 = 1836.00); 2.00 x 25 = 50.00 (600.00);
    // 8.004 -> 8.00 x 5 = 40.00 (480.00).
    let figures: Vec<(String, String, String)> = monthly
        .lines
        .iter()
        .map(|l| (l.unit_price.to_string(), l.amount_per_period.to_string(), l.term_total.to_string()))
        .collect();
    let expected = [("6.12", "153.00", "1836.00"), ("2.00", "50.00", "600.00"), ("8.00", "40.00", "480.00")];
    for (got, want) in figures.iter().zip(expected) {
        assert_eq!((got.0.as_str(), got.1.as_str(), got.2.as_str()), want);
    }
    assert_eq!(monthly.total_per_period.to_string(), "243.00");
    assert_eq!(monthly.term_total.to_string(), "2916.00");
    assert_eq!(
        (annual.total_per_period.to_string(), annual.term_total.to_string()),
        ("4332.00".into(), "4332.00".into())
    );
    // JPY has no minor unit: 1234.5 -> 1235 (half away from zero) x 3 = 3705, x 12 = 44460.
    assert_eq!(yen.currency_code, "JPY");
    assert_eq!(yen.lines[0].unit_price.to_string(), "1235");
    assert_eq!((yen.total_per_period.to_string(), yen.term_total.to_string()), ("3705".into(), "44460".into()));
    // The excluded line, described in the quote's locale; the change in the validity window.
    assert_eq!(quote.excluded_lines.len(), 1);
    assert_eq!(quote.excluded_lines[0].code, CartErrorCode::CurrencyIsNotSupported);
    assert_eq!(
        quote.excluded_lines[0].description,
        Localizer::default().cart_error(CartErrorCode::CurrencyIsNotSupported)
    );
    assert_eq!(quote.price_changes.len(), 1);
    assert_eq!(quote.price_changes[0].line_id, 2);
    assert_eq!(quote.price_changes[0].unit_price.to_string(), "450.00");
    assert_eq!(quote.valid_until, ts("2026-12-08T12:00:00Z"));
    Ok(())
}

#[test]
fn three_decimal_currencies_and_price_bases() -> TestResult {
    let markup = PriceBasis::Markup(dec("12.5"));
    // 6.1234 x 1.125 = 6.888825 -> 6.89; ERP where the catalog has one, else the cost.
    assert_eq!(apply_price_basis(&markup, dec("6.1234"), None)?, dec("6.888825"));
    assert_eq!(apply_price_basis(&PriceBasis::Erp, dec("10"), Some(dec("12.5")))?, dec("12.5"));
    assert_eq!(apply_price_basis(&PriceBasis::Erp, dec("10"), None)?, dec("10"));
    assert_eq!(apply_price_basis(&PriceBasis::Cost, dec("10"), Some(dec("12.5")))?, dec("10"));
    assert_eq!(apply_price_basis(&PriceBasis::Markup(dec("1000")), dec("1"), None)?, dec("11"));
    for bad in ["-0.01", "1000.01"] {
        let err = apply_price_basis(&PriceBasis::Markup(dec(bad)), dec("1"), None).unwrap_err();
        assert_eq!(err, Error::invalid("priceBasis.percent", InputProblem::OutOfRange));
    }
    let options = QuoteOptions { price_basis: markup, ..QuoteOptions::default() };
    let mut b = QuoteBuilder::new(
        "Q-1",
        "c",
        "k",
        CustomerProfile::default(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-08T00:00:00Z"),
        &options,
    );
    let unit = apply_price_basis(&markup, dec("6.1234"), None)?;
    b.line(PricedLine { unit_price: unit, ..line(0, None, "A", "P1Y", BillingCycleType::Monthly, 7, "USD", "0") });
    // KWD has three decimals: 12.3456 -> 12.346 x 2 = 24.692, annual over P3Y: x 3 = 74.076.
    b.line(line(1, None, "B", "P3Y", BillingCycleType::Annual, 2, "kwd", "12.3456"));
    b.line(line(2, None, "C", "P3Y", BillingCycleType::Annual, 1, "KWD", "0.0004"));
    let quote = b.build()?;
    assert_eq!(quote.valid_until, ts("2026-01-08T00:00:00Z"), "defaults to the cart's expiration");
    let usd = &quote.groups[0];
    assert_eq!(
        (usd.lines[0].unit_price.to_string(), usd.total_per_period.to_string()),
        ("6.89".into(), "48.23".into())
    );
    assert_eq!(usd.term_total.to_string(), "578.76");
    let kwd = &quote.groups[1];
    assert_eq!(kwd.currency_code, "KWD");
    assert_eq!(kwd.lines[0].unit_price.to_string(), "12.346");
    assert_eq!(kwd.lines[1].unit_price.to_string(), "0.000");
    assert_eq!((kwd.total_per_period.to_string(), kwd.term_total.to_string()), ("24.692".into(), "74.076".into()));
    let fr = Localizer::negotiate(&["fr"]);
    assert_eq!(format_money(kwd.term_total.0, "KWD", &fr), "74,076\u{a0}KWD");
    // Refused: a markup out of range, a quantity of 0.
    let bad = QuoteOptions { price_basis: PriceBasis::Markup(dec("1001")), ..QuoteOptions::default() };
    let b = QuoteBuilder::new(
        "Q",
        "c",
        "k",
        CustomerProfile::default(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-02T00:00:00Z"),
        &bad,
    );
    assert!(matches!(b.build(), Err(Error::InvalidInput { .. })));
    let mut b = QuoteBuilder::new(
        "Q",
        "c",
        "k",
        CustomerProfile::default(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-02T00:00:00Z"),
        &QuoteOptions::default(),
    );
    b.line(line(0, None, "A", "P1M", BillingCycleType::Monthly, 0, "USD", "1"));
    assert_eq!(b.build().unwrap_err(), Error::invalid("lines[0].quantity", InputProblem::OutOfRange));
    Ok(())
}

#[test]
fn json_is_camel_case_and_reads_back() -> TestResult {
    let quote = sample("fr")?;
    let json = serde_json::to_value(&quote)?;
    for key in [
        "quoteNumber",
        "cartId",
        "customerId",
        "customer",
        "issued",
        "validUntil",
        "locale",
        "priceBasis",
        "groups",
        "excludedLines",
        "priceChanges",
        "seller",
        "terms",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["priceBasis"], serde_json::json!({"kind": "markup", "percent": 15.0}));
    assert_eq!(json["locale"], "fr");
    assert_eq!(json["customer"]["segment"], "commercial");
    let group = &json["groups"][0];
    for key in ["currencyCode", "billingCycle", "lines", "totalPerPeriod", "termTotal"] {
        assert!(group.get(key).is_some(), "{key}");
    }
    for key in [
        "lineId",
        "catalogItemId",
        "title",
        "termDuration",
        "billingCycle",
        "quantity",
        "unitPrice",
        "amountPerPeriod",
        "termTotal",
    ] {
        assert!(group["lines"][0].get(key).is_some(), "{key}");
    }
    assert_eq!(json["excludedLines"][0]["code"], "CurrencyIsNotSupported");
    assert_eq!(json["priceChanges"][0]["effectiveStart"], "2026-12-05T00:00:00Z");
    let back: Quote = serde_json::from_value(json)?;
    assert_eq!(back, quote);
    // The same figures in any locale, later.
    assert_eq!(back.to_html(&Localizer::default()), quote.to_html(&Localizer::default()));
    Ok(())
}

fn golden_path(tag: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quotes").join(format!("{tag}.html"))
}

#[test]
fn golden_html_per_locale() -> TestResult {
    let update = std::env::var_os("CARTSTORE_UPDATE_GOLDEN").is_some_and(|v| v == "1");
    for tag in ["en", "fr", "ja", "zh-TW"] {
        let l10n = Localizer::for_tag(tag).ok_or("locale")?;
        let html = sample(tag)?.to_html(&l10n);
        let path = golden_path(tag);
        if update {
            std::fs::create_dir_all(path.parent().ok_or("dir")?)?;
            std::fs::write(&path, &html)?;
        }
        let golden = std::fs::read_to_string(&path)?;
        let (got, want): (Vec<char>, Vec<char>) = (html.chars().collect(), golden.chars().collect());
        if let Some(at) = got
            .iter()
            .zip(&want)
            .position(|(a, b)| a != b)
            .or_else(|| (got.len() != want.len()).then(|| got.len().min(want.len())))
        {
            let context: String = got.iter().skip(at.saturating_sub(40)).take(80).collect();
            panic!(
                "{tag}: code point {at} differs: got {:?}, golden {:?}, near {context:?}",
                got.get(at).map(|c| format!("U+{:04X}", u32::from(*c))),
                want.get(at).map(|c| format!("U+{:04X}", u32::from(*c))),
            );
        }
    }
    // The locale-specific forms the golden files hold.
    let read = |tag: &str| std::fs::read_to_string(golden_path(tag));
    let fr = read("fr")?;
    assert!(fr.contains("4\u{202f}332,00\u{a0}$US"), "fr: narrow no-break space grouping");
    assert!(fr.contains("8\u{a0}décembre 2026") || fr.contains("8 décembre 2026"));
    assert!(fr.contains("hors taxes (HT)\u{202f};"), "fr: HT, and a narrow no-break space before ;");
    let ja = read("ja")?;
    assert!(ja.contains("￥3,705") && ja.contains("$4,332.00") && ja.contains("2026年12月8日"));
    let zh = read("zh-TW")?;
    assert!(zh.contains("US$2,916.00") && zh.contains("2026年12月8日"));
    let en = read("en")?;
    assert!(en.contains("$2,916.00") && en.contains("December 8, 2026") && en.contains("¥44,460"));
    Ok(())
}

#[test]
fn the_document_is_self_contained_and_printable() -> TestResult {
    for l10n in Localizer::all() {
        let html = sample(l10n.locale())?.to_html(&l10n);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains(&format!("<html lang=\"{}\">", l10n.locale())));
        let lower = html.to_lowercase();
        for banned in ["<script", "http://", "https://", "src=", "url(", "@import", "<link"] {
            assert!(!lower.contains(banned), "{}: {banned}", l10n.locale());
        }
        for needed in
            ["@page", "size: letter", "counter(page)", "thead { display: table-header-group; }", "break-inside: avoid"]
        {
            assert!(html.contains(needed), "{}: {needed}", l10n.locale());
        }
        // Every label comes from quote.ftl: no message id leaks through.
        assert!(!html.contains("quote-"), "{}", l10n.locale());
        let excluded = l10n.cart_error(CartErrorCode::CurrencyIsNotSupported).replace('\'', "&#x27;");
        assert!(html.contains(&excluded), "{}: the excluded line's reason in this locale", l10n.locale());
    }
    Ok(())
}

#[test]
fn data_is_escaped_in_the_builtin_and_in_partner_templates() -> TestResult {
    let mut quote = sample("en")?;
    quote.customer.name = Some("<script>alert('name')</script>".into());
    quote.seller.name = "Fabrikam & Sons \"Cloud\"".into();
    quote.groups[0].lines[0].title = "<img src=x onerror=alert(1)>".into();
    quote.terms = Some("</style><script>alert('terms')</script>".into());
    let html = quote.to_html(&Localizer::default());
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(&#x27;name&#x27;)&lt;&#x2f;script&gt;"));
    assert!(html.contains("Fabrikam &amp; Sons &quot;Cloud&quot;"));
    // A partner template: escaped too, whatever its name, unless the partner marks a field safe.
    let template = QuoteTemplate::parse(
        "<p>{{ customer.name }}</p>\n<div>{{ terms|safe }}</div>\n{{ groups[0].lines[0].title }}",
    )?;
    let out = quote.to_html_with(&Localizer::default(), &template)?;
    assert!(out.starts_with("<p>&lt;script&gt;"));
    assert!(out.contains("<div></style><script>alert('terms')</script></div>"), "trusted by the partner: {out}");
    assert!(out.contains("&lt;img src=x"));
    Ok(())
}

#[test]
fn partner_templates_and_labels() -> TestResult {
    let quote = sample("ja")?;
    let ja = Localizer::for_tag("ja").ok_or("ja")?;
    let template = QuoteTemplate::parse(
        "{{ t.heading }} {{ number }}\n{% for g in groups %}{{ g.heading }}: {{ g.term_total }}\n{% endfor %}{{ validity }}",
    )?;
    let out = quote.to_html_with(&ja, &template)?;
    assert!(out.starts_with("御見積書 Q-2026-000001\n月額請求（USD）: $2,916.00\n"), "{out}");
    assert!(out.contains("￥44,460") && out.contains("2026年12月8日"));
    // A template that does not parse is refused, naming its line.
    let refused =
        QuoteTemplate::parse("<h1>{{ title }}</h1>\n<p>ok</p>\n{% for g in groups %}\n{{ g.heading }\n{% endfor %}");
    let Err(err @ Error::InvalidTemplate { line: Some(4), .. }) = refused else { panic!("{refused:?}") };
    assert_eq!(err.code(), 900_007);
    assert!(Localizer::default().describe(&err).contains("line 4"), "{}", Localizer::default().describe(&err));
    let fr = Localizer::negotiate(&["fr"]).describe(&err);
    assert!(fr.starts_with("Le modèle de devis a été refusé\u{a0}: ligne 4\u{a0}:"), "{fr}");
    let unclosed = QuoteTemplate::parse("a\nb\n{% if x %}\nc");
    assert!(matches!(unclosed, Err(Error::InvalidTemplate { line: Some(_), .. })), "{unclosed:?}");
    // An error while rendering is typed too.
    let failing = QuoteTemplate::parse("line one\n{{ number + 1 }}")?;
    assert!(matches!(quote.to_html_with(&ja, &failing), Err(Error::InvalidTemplate { line: Some(2), .. })));
    // The built-in template is available as a starting point, and renders as to_html.
    let builtin = QuoteTemplate::parse(QuoteTemplate::BUILTIN_SOURCE)?;
    assert_eq!(quote.to_html_with(&ja, &builtin)?, quote.to_html(&ja));
    // Quote labels a partner supplies (ResourceKind::Quote), in a new locale, without recompiling.
    let mut messages = Messages::new();
    messages.add(
        ResourceKind::Quote,
        "de",
        "de/quote.ftl",
        "quote-heading = Angebot\nquote-tax-note = Alle Preise verstehen sich ohne Steuern.",
    )?;
    let de = messages.negotiate(&["de-DE"]);
    let html = quote.to_html(&de);
    assert!(html.contains("<h1>Angebot</h1>") && html.contains("Alle Preise verstehen sich ohne Steuern."));
    assert!(html.contains("Dezember 2026"), "ICU4X dates in the added locale");
    assert!(html.contains("Total for the term"), "missing labels fall back to English");
    let unknown = messages.add(ResourceKind::Quote, "de", "x.ftl", "quote-nope = x");
    assert!(matches!(unknown, Err(Error::InvalidMessages { .. })));
    Ok(())
}

/// The fixes of the native review of the quote document (`l10n-review-quote.md`), each where
/// the reader sees it.
#[test]
fn the_reviewed_texts_are_in_the_documents() -> TestResult {
    let html = |tag: &str| -> Result<String, Box<dyn std::error::Error>> {
        Ok(sample(tag)?.to_html(&Localizer::for_tag(tag).ok_or("locale")?))
    };
    let no_term = |tag: &str| Localizer::for_tag(tag).map(|l| l.message("quote-term", &[("term", "none")]));
    // Japanese: 御中 after the customer's name; headers that fit (期間, 請求頻度); 担当者.
    let ja = html("ja")?;
    assert!(ja.contains("<p class=\"name\">コントソ製薬株式会社 御中</p>"), "御中");
    assert!(ja.contains("<th>期間</th>") && ja.contains("<th>請求頻度</th>") && !ja.contains("契約期間</th>"));
    assert!(ja.contains("担当者") && !ja.contains("ご担当"), "no respect prefix on the seller's own contact");
    assert!(ja.contains("有効期限は2026年12月8日です") && ja.contains("いたしかねます") && ja.contains("税抜価格"));
    assert_eq!(no_term("ja").as_deref(), Some("なし"));
    // Traditional Chinese: 合約期, 報價日期, one name for the term total, not 無期限.
    let zh = html("zh-TW")?;
    assert!(zh.contains("<th>合約期</th>") && zh.contains("報價日期") && zh.contains("客戶名稱"));
    assert!(zh.contains("合約期間總計</th>") && !zh.contains("合約期間總額"));
    assert!(zh.contains("每月計費（USD）") && zh.contains("營業稅") && zh.contains("有效期限至2026年12月8日止"));
    assert!(!zh.contains(" 御中") && !zh.contains("無期限"));
    assert_eq!(no_term("zh-TW").as_deref(), Some("不適用"));
    // French: HT on prices and totals, n° before the number, a no-break space in terms.
    let fr = html("fr")?;
    for text in ["Prix unitaire HT", "Montant HT par période", "Total HT sur la durée", "Total HT par période"] {
        assert!(fr.contains(text), "fr: {text}");
    }
    assert!(fr.contains("<title>Devis n°\u{a0}Q-2026-000001</title>") && fr.contains("<td>1\u{a0}an</td>"));
    assert!(fr.contains("faire l’objet d’un devis") && fr.contains("Date d’effet") && !fr.contains("chiffrés"));
    assert_eq!(no_term("fr").as_deref(), Some("Aucune"));
    let fr_l10n = Localizer::for_tag("fr").ok_or("fr")?;
    assert_eq!(fr_l10n.message("quote-cycle", &[("cycle", "triennial")]), "Triennale");
    // English is unchanged: the bare name.
    assert!(html("en")?.contains("<p class=\"name\">Contoso Pharmaceuticals</p>"));
    Ok(())
}

/// The new-commerce terms (issue 23.15): on every quote with a subscription, in each locale;
/// an application rewords one or drops it with an empty message.
#[test]
fn new_commerce_terms_are_printed_and_can_be_reworded_or_dropped() -> TestResult {
    for l10n in Localizer::all() {
        let html = sample(l10n.locale())?.to_html(&l10n);
        let heading = l10n.message("quote-nce-heading", &[]);
        assert!(html.contains(&format!("<p class=\"nce\"><strong>{heading}</strong> ")), "{}", l10n.locale());
        for id in ["quote-nce-cancellation", "quote-nce-seats", "quote-nce-price", "quote-nce-renewal"] {
            let sentence = l10n.message(id, &[]);
            assert!(html.contains(&sentence), "{}: {id}", l10n.locale());
        }
        assert!(l10n.message("quote-nce-cancellation", &[]).contains("168"), "{}: 168 hours", l10n.locale());
    }
    // Reworded, and one dropped.
    let mut messages = Messages::new();
    messages.add(
        ResourceKind::Quote,
        "en",
        "en/quote.ftl",
        "quote-nce-seats = Seats: add any time, reduce at renewal.\nquote-nce-renewal = { \"\" }",
    )?;
    let en = messages.negotiate(&["en"]);
    let html = sample("en")?.to_html(&en);
    assert!(html.contains(" Seats: add any time, reduce at renewal. "));
    assert!(!html.contains("renews automatically") && html.contains("168 hours"));
    // All four dropped: no heading either.
    let mut none = Messages::new();
    none.add(
        ResourceKind::Quote,
        "en",
        "en/quote.ftl",
        "quote-nce-cancellation = { \"\" }\nquote-nce-seats = { \"\" }\nquote-nce-price = { \"\" }\nquote-nce-renewal = { \"\" }",
    )?;
    let html = sample("en")?.to_html(&none.negotiate(&["en"]));
    assert!(!html.contains("Subscription terms") && !html.contains("class=\"nce\""));
    // A quote of lines without a term (perpetual software) has none.
    let mut b = QuoteBuilder::new(
        "Q-1",
        "c",
        "k",
        CustomerProfile::default(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-08T00:00:00Z"),
        &QuoteOptions::default(),
    );
    b.line(PricedLine {
        term_duration: None,
        ..line(0, None, "Visio LTSC", "P1Y", BillingCycleType::OneTime, 1, "USD", "500")
    });
    let html = b.build()?.to_html(&Localizer::default());
    assert!(!html.contains("Subscription terms") && !html.contains("168"));
    Ok(())
}

/// A partner's template is bounded (issue 24.10): one that loops for ever runs out of fuel,
/// one that writes without limit stops at the document bound; both are 900007. The built-in
/// template renders a cart of the most lines within both.
#[test]
fn partner_templates_that_loop_or_grow_without_limit_fail_with_900007() -> TestResult {
    let quote = sample("en")?;
    let en = Localizer::default();
    let endless = QuoteTemplate::parse(
        "start\n{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}{% endfor %}{% endfor %}{% endfor %}",
    )?;
    let err = quote.to_html_with(&en, &endless).err().ok_or("an endless loop rendered")?;
    assert_eq!(err.code(), 900_007);
    assert!(matches!(&err, Error::InvalidTemplate { detail, .. } if detail.contains("instructions")), "{err:?}");
    // Few instructions, a huge document: 100,000 copies of a 1 KB text.
    let mut long = quote.clone();
    long.terms = Some("x".repeat(1024));
    let huge = QuoteTemplate::parse("{% for i in range(100000) %}{{ terms }}{% endfor %}")?;
    let err = long.to_html_with(&en, &huge).err().ok_or("a 100 MB document rendered")?;
    assert_eq!(err.code(), 900_007);
    assert!(matches!(&err, Error::InvalidTemplate { detail, .. } if detail.contains("longer than")), "{err:?}");
    assert!(en.describe(&err).contains("longer than"), "{}", en.describe(&err));
    // The built-in template: 500 lines (MAX_LINES) render, through the same bounds.
    let mut b = QuoteBuilder::new(
        "Q-1",
        "c",
        "k",
        CustomerProfile::default(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-08T00:00:00Z"),
        &QuoteOptions::default(),
    );
    for i in 0..i64::try_from(cartstore::limits::MAX_LINES)? {
        b.line(line(i, None, &format!("Item {i}"), "P1Y", BillingCycleType::Monthly, 1, "USD", "1"));
    }
    let big = b.build()?;
    let builtin = QuoteTemplate::parse(QuoteTemplate::BUILTIN_SOURCE)?;
    let html = big.to_html_with(&en, &builtin)?;
    assert!(html.contains("Item 499") && html.len() < cartstore::quote::MAX_DOCUMENT_BYTES);
    assert_eq!(big.to_html(&en), html);
    Ok(())
}

/// The wave-3 facts of a quote in the document: the group's term in its heading, each line's
/// start and commitment end, trial and usage-charge flags, "not available after" (the last
/// day the price applies), and the summary per currency.
#[test]
fn line_facts_group_terms_and_the_summary_are_rendered() -> TestResult {
    for l10n in Localizer::all() {
        let tag = l10n.locale();
        let quote = sample(tag)?;
        let html = quote.to_html(&l10n);
        let term = l10n.message("quote-term", &[("term", "P1Y")]);
        let group_term = l10n.message("quote-group-term", &[("term", &term)]);
        assert!(html.contains(&format!(" · {group_term}<span class=\"ref\">")), "{tag}: {group_term}");
        let date = |at: &str, id: &str| l10n.message(id, &[("date", &format_date(ts(at), &l10n))]);
        let start = date("2026-12-01T09:30:00Z", "quote-line-start");
        let end = date("2027-12-01T09:30:00Z", "quote-line-commitment-end");
        assert!(html.contains(&format!("<div class=\"facts\">{start} · {end}")), "{tag}: {start} · {end}");
        // Available until December 7, 00:00: the last day is December 6.
        let last = date("2026-12-06T12:00:00Z", "quote-line-available-until");
        assert!(html.contains(&format!("{end} · {last}</div>")), "{tag}: {last}");
        assert_eq!(html.matches(&last).count(), 1, "{tag}: only line 2");
        for flag in ["quote-trial", "quote-usage-charges"] {
            assert_eq!(html.matches(&l10n.message(flag, &[])).count(), 1, "{tag}: {flag}");
        }
        // The summary: USD then JPY, figures formatted for the locale.
        assert_eq!(quote.summary.len(), 2);
        let heading = l10n.message("quote-summary-heading", &[]);
        let at = html.find(&format!("<h2>{heading}</h2>")).ok_or("no summary")?;
        let rows = &html[at..];
        for s in &quote.summary {
            let money = |m: cartstore::model::Money| format_money(m.0, &s.currency_code, &l10n);
            let row = format!(
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                s.currency_code,
                money(s.due_on_first_invoice),
                money(s.recurring_monthly),
                money(s.total_contract_value)
            );
            assert!(rows.contains(&row), "{tag}: {row}");
        }
    }
    // A quote issued before wave 3 (no dates, no summary, groups without a term) renders as
    // it did: no facts, no summary section, no term in the heading.
    let mut old = sample("en")?;
    old.summary.clear();
    old.availability_ends.clear();
    for group in &mut old.groups {
        group.term_duration = None;
        for line in &mut group.lines {
            (line.start_date, line.commitment_end_date, line.trial, line.usage_charges) = (None, None, false, false);
        }
    }
    let html = old.to_html(&Localizer::default());
    assert!(!html.contains("class=\"facts\"") && !html.contains("<h2>Summary</h2>") && !html.contains(" · Term"));
    // One group: its totals already say what the summary would, so there is none.
    let mut b = QuoteBuilder::new(
        "Q-1",
        "c",
        "k",
        CustomerProfile::default(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-08T00:00:00Z"),
        &QuoteOptions::default(),
    );
    b.line(line(0, None, "A", "P1Y", BillingCycleType::Monthly, 2, "USD", "5"));
    b.line(line(1, None, "B", "P1Y", BillingCycleType::Monthly, 1, "USD", "7"));
    let one = b.build()?;
    assert_eq!((one.groups.len(), one.summary.len()), (1, 1));
    assert!(!one.to_html(&Localizer::default()).contains("<h2>Summary</h2>"));
    Ok(())
}

/// Issue 23 item 12: a triennial line is one charge for the whole three-year term, paid
/// upfront, and the quote says so in every locale (not "every three years").
#[test]
fn a_triennial_group_reads_billed_once_upfront_for_the_term() -> TestResult {
    let mut b = QuoteBuilder::new(
        "Q-1",
        "c",
        "k",
        CustomerProfile::default(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-08T00:00:00Z"),
        &QuoteOptions::default(),
    );
    b.line(line(0, None, "Microsoft 365 E3", "P3Y", BillingCycleType::Triennial, 2, "USD", "1036.80"));
    let quote = b.build()?;
    assert_eq!(quote.groups[0].term_total.to_string(), "2073.60");
    for (tag, text) in [
        ("en", "Billed once, upfront, for the three-year term"),
        ("fr", "Facturation unique, d’avance, pour la durée de trois ans"),
        ("ja", "3 年間の契約期間分を前払いで一括請求"),
        ("zh-TW", "三年合約期間費用一次預付"),
    ] {
        let html = quote.to_html(&Localizer::negotiate(&[tag]));
        assert!(html.contains(text), "{tag}: {text}");
        assert!(!html.contains("every three years") && !html.contains("每三年"), "{tag}");
    }
    Ok(())
}
