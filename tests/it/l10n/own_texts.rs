//! The project's own wording (every `error-*` and `label-*` message, and the rows marked
//! `# own translation`; `locales/SOURCES.md` lists them): the texts as reviewed by native
//! speakers, French own texts with a no-break space before `:` and `;` (and `?`, `!`), and
//! Japanese own texts with half-width `:` and parentheses, as the seeds write them.

use cartstore::l10n::LOCALES;
use cartstore::{CartErrorCode, Error, InputProblem, OrderErrorCode, StorageKind};

use super::{CART_ID, TestResult, localizer, report};

/// One message of a catalog file: its id, whether it is the project's own, and its lines (the
/// text after `=` on the first, then its variant lines).
struct Message<'s> {
    id: &'s str,
    own: bool,
    lines: Vec<&'s str>,
}

/// The messages of `source`, a catalog file. A message is the project's own when its id starts
/// with `error-` or `label-`, or when the comment line right above it is `# own translation`.
fn messages(source: &str) -> Vec<Message<'_>> {
    let mut all: Vec<Message<'_>> = Vec::new();
    let mut previous = "";
    let mut open = false;
    for line in source.lines() {
        if line.starts_with(' ') && open {
            if let Some(message) = all.last_mut() {
                message.lines.push(line.trim());
            }
        } else if let Some((id, text)) = line.split_once(" =").filter(|(id, _)| !id.starts_with('#')) {
            let own = id.starts_with("error-") || id.starts_with("label-") || previous == "# own translation";
            all.push(Message { id, own, lines: vec![text.trim()] });
            open = true;
        } else {
            open = false;
        }
        previous = line;
    }
    all
}

fn catalog_source(tag: &str) -> Result<String, std::io::Error> {
    std::fs::read_to_string(format!("{}/locales/{tag}/errors.ftl", env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn french_own_texts_have_a_no_break_space_before_colons_and_semicolons() -> TestResult {
    let source = catalog_source("fr")?;
    let own: Vec<Message<'_>> = messages(&source).into_iter().filter(|m| m.own).collect();
    // 11 own cart translations and at least the library's own errors and the locale label.
    assert!(own.len() > 20, "too few own messages found in fr/errors.ftl: {}", own.len());
    assert!(own.iter().any(|m| m.lines.iter().any(|l| l.contains("\u{a0}:"))), "no own text has \"\\u{{a0}}:\"");
    let mut failures = Vec::new();
    for message in &own {
        for line in &message.lines {
            for mark in [':', ';', '?', '!'] {
                if line.contains(&format!(" {mark}")) {
                    failures.push(format!("{}: a plain space before {mark:?} in {line:?}", message.id));
                }
            }
        }
    }
    report("French own texts", &failures);
    Ok(())
}

#[test]
fn japanese_own_texts_use_half_width_colons_and_parentheses() -> TestResult {
    let source = catalog_source("ja")?;
    let mut failures = Vec::new();
    for message in messages(&source).iter().filter(|m| m.own) {
        for line in &message.lines {
            for mark in ['：', '（', '）'] {
                if line.contains(mark) {
                    failures.push(format!("{}: full-width {mark:?} in {line:?}", message.id));
                }
            }
        }
    }
    report("Japanese own texts", &failures);
    Ok(())
}

#[test]
fn own_texts_read_as_reviewed() -> TestResult {
    const FIELD: &str = "lineItems[3].quantity";
    let storage = |kind| Error::storage(kind, "disk I/O error");
    let cases: Vec<(&str, String, &str)> = {
        let (fr, ja, zh, en) = (localizer("fr")?, localizer("ja")?, localizer("zh-TW")?, localizer("en")?);
        vec![
            (
                "fr",
                fr.describe(&storage(StorageKind::Full)),
                "La base de données ou le disque est plein\u{a0}; rien n’a été enregistré.",
            ),
            (
                "fr",
                fr.describe(&Error::invalid(FIELD, InputProblem::TooMany { max: 100 })),
                "Entrée de demande non valide\u{a0}: le champ lineItems[3].quantity contient plus de 100 éléments.",
            ),
            ("ja", ja.cart_error(CartErrorCode::InvalidInput), "入力が無効です。"),
            ("ja", ja.order_error(OrderErrorCode::PendingAdjustment, &[]), "この注文には保留中の調整要求があります。"),
            (
                "ja",
                ja.describe(&Error::invalid(FIELD, InputProblem::Missing)),
                "要求の入力が無効です: フィールド lineItems[3].quantity は必須です。",
            ),
            (
                "ja",
                ja.describe(&Error::NotADatabase { path: "a.db".to_owned() }),
                "ファイル a.db は cartstore データベースではありません (SQLite ではないか、破損しています)。",
            ),
            ("zh-TW", zh.describe(&storage(StorageKind::Other)), "發生儲存體錯誤，未儲存任何內容。"),
            (
                "en",
                en.describe(&Error::Conflict { cart_id: CART_ID.to_owned() }),
                "Cart K-3655 has been changed since it was read. Read it again and retry.",
            ),
        ]
    };
    let mut failures = Vec::new();
    for (locale, actual, expected) in &cases {
        if actual != expected {
            failures.push(format!("{locale}\n    expected: {expected:?}\n    actual:   {actual:?}"));
        }
    }
    assert!(cases.iter().all(|(locale, _, _)| LOCALES.contains(locale)));
    report("reviewed own texts", &failures);
    Ok(())
}
