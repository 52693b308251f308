//! Everything renders cleanly in every locale: every cart and order code, the locale names,
//! and every `Error` (every variant, every `InputProblem`, every `StorageKind`).

use std::collections::BTreeSet;

use cartstore::l10n::LOCALES;
use cartstore::model::OrderStatus;
use cartstore::{
    CartChange, CartErrorCode, Error, FileOperation, InputProblem, Localizer, OrderErrorCode, StorageKind,
};

use super::{
    CART_ID, Kind, ORDER_ID, TestResult, code_label, has_han, has_japanese, has_kana, localizer, order_args, report,
};

/// The one check of rendered text: not empty, not a fallback (code name or message id), no
/// markup or Fluent syntax left over, no isolation marks.
fn check_clean(failures: &mut Vec<String>, locale: &str, what: &str, text: &str, fallbacks: &[&str]) {
    let mut problems = Vec::new();
    if text.trim().is_empty() {
        problems.push("is empty".to_owned());
    }
    for fallback in fallbacks {
        if text == *fallback {
            problems.push(format!("is the fallback {fallback:?} (message missing)"));
        }
    }
    if text.starts_with("cart-")
        || text.starts_with("order-")
        || text.starts_with("error-")
        || text.starts_with("label-")
    {
        problems.push("looks like a message id (message missing)".to_owned());
    }
    for leftover in ["{", "}", "**", "`", "\u{2068}", "\u{2069}"] {
        if text.contains(leftover) {
            problems.push(format!("contains {leftover:?}"));
        }
    }
    if text != text.trim() {
        problems.push("has leading or trailing whitespace".to_owned());
    }
    if !problems.is_empty() {
        failures.push(format!("{what} in {locale}: {} — actual: {text:?}", problems.join(", ")));
    }
}

#[test]
fn catalogs_parse_and_define_each_message_once() -> Result<(), Box<dyn std::error::Error>> {
    // The files themselves, read from disk: every one parses, and no id is defined twice (a
    // second definition would silently lose to the first at run time).
    let mut problems = Vec::new();
    for tag in LOCALES {
        let path = format!("{}/locales/{tag}/errors.ftl", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(&path)?;
        if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(source.clone()) {
            problems.push(format!("{path}: {errors:?}"));
        }
        let mut seen = std::collections::HashSet::new();
        for line in source.lines() {
            let id = line.split_once(" =").map(|(id, _)| id);
            if let Some(id) = id.filter(|id| !id.is_empty() && !id.starts_with([' ', '#', '-', '*', '[']))
                && !seen.insert(id.to_owned())
            {
                problems.push(format!("{path}: {id} is defined twice"));
            }
        }
    }
    report("the catalogs", &problems);
    let tags: Vec<&str> = Localizer::all().iter().map(|l| l.locale()).collect();
    assert_eq!(tags, LOCALES.to_vec(), "Localizer::all() must follow LOCALES, English first");
    Ok(())
}

#[test]
fn every_code_renders_cleanly_in_every_locale() {
    let mut failures = Vec::new();
    for loc in Localizer::all() {
        let locale = loc.locale();
        for code in CartErrorCode::ALL {
            let id = format!("cart-{}", code.code());
            let what = code_label(Kind::Cart, code.code());
            check_clean(&mut failures, locale, &what, &loc.cart_error(*code), &[code.name(), &id]);
        }
        for code in OrderErrorCode::ALL {
            let id = format!("order-{}", code.code());
            let what = code_label(Kind::Order, code.code());
            let text = loc.order_error(*code, &order_args(*code));
            check_clean(&mut failures, locale, &what, &text, &[code.name(), &id]);
            for (name, value) in order_args(*code) {
                if !text.contains(value) {
                    failures.push(format!("{what} in {locale}: argument {name}={value:?} missing from {text:?}"));
                }
            }
        }
        let label = loc.message("label-locale-name", &[]);
        check_clean(&mut failures, locale, "label-locale-name", &label, &["label-locale-name"]);
    }
    let labels: BTreeSet<String> = Localizer::all().iter().map(|l| l.message("label-locale-name", &[])).collect();
    if labels.len() != LOCALES.len() {
        failures.push(format!("label-locale-name is not distinct per locale: {labels:?}"));
    }
    report("rendering every code", &failures);
}

/// One `Error` to describe, and what its description must show.
pub(super) struct Sample {
    what: String,
    pub(super) error: Error,
    /// Values passed in that must appear in the text.
    shows: Vec<String>,
    /// The order code whose text the description must be exactly (errors whose seed text has
    /// no placeholder for the id).
    same_as: Option<OrderErrorCode>,
    /// Descriptions within one group must differ from each other (one selector variant each).
    group: Option<&'static str>,
}

const FIELD: &str = "lineItems[3].quantity";
const SYNTAX_DETAIL: &str = "expected value at line 1 column 5";
const DB_PATH: &str = "/tmp/cartstore-l10n/not-a-db.sqlite";
const FILE_PATH: &str = "/tmp/cartstore-l10n/quote.html";

fn input_problems() -> Vec<(InputProblem, Vec<String>)> {
    let field = || FIELD.to_owned();
    vec![
        (InputProblem::Missing, vec![field()]),
        (InputProblem::TooLong { max: 256 }, vec![field(), "256".to_owned()]),
        (InputProblem::TooMany { max: 100 }, vec![field(), "100".to_owned()]),
        (InputProblem::TooDeep { max: 64 }, vec![field(), "64".to_owned()]),
        (InputProblem::Duplicate, vec![field()]),
        (InputProblem::NotWholeNumber, vec![field()]),
        (InputProblem::OutOfRange, vec![field()]),
        (InputProblem::WrongType, vec![field()]),
        (InputProblem::Syntax { detail: SYNTAX_DETAIL.to_owned() }, vec![SYNTAX_DETAIL.to_owned()]),
        (InputProblem::NotAllowed, vec![field()]),
        (InputProblem::Invalid, vec![field()]),
    ]
}

/// Every `Error` variant, every `InputProblem`, every `StorageKind`.
pub(super) fn samples() -> Vec<Sample> {
    let cart = || CART_ID.to_owned();
    let sample = |what: &str, error: Error, shows: Vec<String>, same_as: Option<OrderErrorCode>| Sample {
        what: what.to_owned(),
        error,
        shows,
        same_as,
        group: None,
    };
    let mut all = vec![
        sample("CartNotFound", Error::CartNotFound { cart_id: cart() }, vec![], Some(OrderErrorCode::CartIdNotFound)),
        sample("CartExpired", Error::CartExpired { cart_id: cart() }, vec![cart()], None),
        sample(
            "CartAlreadyOrdered",
            Error::CartAlreadyOrdered { cart_id: cart() },
            vec![cart()],
            Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered),
        ),
        Sample {
            what: "CartAlreadyOrderedCannotChange update".to_owned(),
            error: Error::CartAlreadyOrderedCannotChange { cart_id: cart(), operation: CartChange::Update },
            shows: vec![cart()],
            same_as: None,
            group: Some("CartChange"),
        },
        Sample {
            what: "CartAlreadyOrderedCannotChange delete".to_owned(),
            error: Error::CartAlreadyOrderedCannotChange { cart_id: cart(), operation: CartChange::Delete },
            shows: vec![cart()],
            same_as: None,
            group: Some("CartChange"),
        },
        sample(
            "CartBusy",
            Error::CartBusy { cart_id: cart() },
            vec![cart()],
            Some(OrderErrorCode::CartProcessedByAnotherRequest),
        ),
        sample("Conflict", Error::Conflict { cart_id: cart() }, vec![cart()], None),
        sample(
            "OrderNotFound",
            Error::OrderNotFound { order_id: ORDER_ID.to_owned() },
            vec![ORDER_ID.to_owned()],
            None,
        ),
        sample(
            "OrderCannotBeCancelled",
            Error::OrderCannotBeCancelled { order_id: ORDER_ID.to_owned(), status: OrderStatus::Completed },
            vec![],
            Some(OrderErrorCode::OrderCannotBeCancelled),
        ),
        sample(
            "SchemaTooNew",
            Error::SchemaTooNew { found: 31, supported: 27 },
            vec!["31".to_owned(), "27".to_owned()],
            None,
        ),
        sample("NotADatabase", Error::NotADatabase { path: DB_PATH.to_owned() }, vec![DB_PATH.to_owned()], None),
    ];
    for &operation in FileOperation::ALL {
        let reason = "No space left on device (os error 28)";
        all.push(Sample {
            what: format!("File {}", operation.key()),
            error: Error::File { path: FILE_PATH.to_owned(), operation, reason: reason.to_owned() },
            shows: vec![FILE_PATH.to_owned(), reason.to_owned()],
            same_as: None,
            group: Some("FileOperation"),
        });
    }
    for (problem, shows) in input_problems() {
        all.push(Sample {
            what: format!("InvalidInput {}", problem.key()),
            error: Error::invalid(FIELD, problem),
            shows,
            same_as: None,
            group: Some("InputProblem"),
        });
    }
    for &kind in StorageKind::ALL {
        all.push(Sample {
            what: format!("Storage {}", kind.key()),
            error: Error::storage(kind, "disk I/O error"),
            shows: vec![],
            same_as: None,
            group: Some("StorageKind"),
        });
    }
    all
}

#[test]
fn every_error_describes_cleanly_in_every_locale() -> TestResult {
    let mut failures = Vec::new();
    let en = localizer("en")?;
    for loc in Localizer::all() {
        let locale = loc.locale();
        let mut seen: Vec<(&'static str, String, String)> = Vec::new();
        // An invalid-input description starts like that language's 800002 ("Invalid request input").
        let input_prefix = loc.order_error(OrderErrorCode::InvalidInput, &[]);
        let input_prefix = input_prefix.trim_end_matches(['.', '。']);
        for sample in samples() {
            let text = loc.describe(&sample.error);
            let what = format!("describe({})", sample.what);
            check_clean(&mut failures, locale, &what, &text, &[sample.error.name()]);
            for value in &sample.shows {
                if !text.contains(value.as_str()) {
                    failures.push(format!("{what} in {locale}: {value:?} missing from {text:?}"));
                }
            }
            if let Some(code) = sample.same_as {
                let expected = loc.order_error(code, &order_args(code));
                if text != expected {
                    failures.push(format!(
                        "{what} in {locale}: expected the text of {}: {expected:?}, actual: {text:?}",
                        code_label(Kind::Order, code.code())
                    ));
                }
            }
            if matches!(sample.error, Error::InvalidInput { .. }) && !text.starts_with(input_prefix) {
                failures.push(format!("{what} in {locale}: expected to start with {input_prefix:?}, actual: {text:?}"));
            }
            if locale != "en" && text == en.describe(&sample.error) {
                failures.push(format!("{what} in {locale}: is the English text {text:?}"));
            }
            if locale == "ja" && !has_japanese(&text) {
                failures.push(format!("{what} in ja: no Japanese in {text:?}"));
            }
            if locale == "zh-TW" && (!has_han(&text) || has_kana(&text)) {
                failures.push(format!("{what} in zh-TW: not Chinese: {text:?}"));
            }
            if let Some(group) = sample.group {
                if let Some((_, other, _)) = seen.iter().find(|(g, _, t)| *g == group && *t == text) {
                    failures.push(format!(
                        "{what} in {locale}: same text as {other}: {text:?} (selector variant missing?)"
                    ));
                }
                seen.push((group, sample.what.clone(), text));
            }
        }
    }
    report("describing every error", &failures);
    Ok(())
}
