//! Cross-check against the seed files themselves (when `../shared/seeds` is present): every
//! row of their code tables, with the markup rule applied, is the catalog's text.

use std::collections::BTreeSet;
use std::path::Path;

use cartstore::OrderErrorCode;

use crate::fixtures::seeds_dir;

use super::seed_texts::{
    EN_CART_003, EN_ORDER_001, FR_CART_000, FR_ORDER_000, JA_CART_001, JA_ORDER_001, ZH_TW_CART_004, ZH_TW_ORDER_004,
};
use super::{Kind, TestResult, code_label, has_japanese, localizer, order_args, render, report};

/// One row of a seed's code table.
#[derive(Debug)]
struct SeedRow {
    name: String,
    number: i32,
    text: String,
}

/// Rows `| Name | number | text |` of the markdown table under the `## ...heading` heading.
fn markdown_table(source: &str, heading: &str) -> Vec<SeedRow> {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in source.lines() {
        let line = line.trim();
        if line.starts_with("## ") {
            inside = line.ends_with(heading);
            continue;
        }
        if !inside || !line.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if let [name, number, text @ ..] = cells.as_slice()
            && let Ok(number) = number.parse::<i32>()
            && !text.is_empty()
        {
            rows.push(SeedRow { name: (*name).to_owned(), number, text: text.join("|").trim().to_owned() });
        }
    }
    rows
}

/// Lines `Name number text` of the plain-text table under the line `heading` (seed 003).
fn plain_table(source: &str, heading: &str) -> Vec<SeedRow> {
    let mut rows = Vec::new();
    for line in source.lines().skip_while(|l| l.trim() != heading).skip(1) {
        let mut parts = line.trim().splitn(3, ' ');
        match (parts.next(), parts.next().map(str::parse::<i32>), parts.next()) {
            (Some(name), Some(Ok(number)), Some(text)) => {
                rows.push(SeedRow { name: name.to_owned(), number, text: text.trim().to_owned() })
            }
            _ if !rows.is_empty() => break,
            _ => {}
        }
    }
    rows
}

/// The markup rule the catalogs were made by (`locales/SOURCES.md`): `**` and backticks
/// removed, and a space that removal leaves directly before closing punctuation dropped.
fn apply_markup_rule(text: &str) -> String {
    const CLOSING: [char; 14] = ['.', ',', ';', ':', '!', '?', ')', '。', '，', '、', '）', '！', '？', '：'];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        if let Some(after) = rest.strip_prefix("**").or_else(|| rest.strip_prefix('`')) {
            rest = match after.strip_prefix(' ') {
                Some(next) if next.starts_with(CLOSING) => next,
                _ => after,
            };
            continue;
        }
        let mut chars = rest.chars();
        match chars.next() {
            Some(c) => {
                out.push(c);
                rest = chars.as_str();
            }
            None => return out,
        }
    }
}

/// The seed text of a code as the localizer must render it: markup rule applied, `{0}`, `{1}`
/// replaced by the values of [`order_args`].
fn expected_from_seed(kind: Kind, row: &SeedRow) -> String {
    let mut text = apply_markup_rule(&row.text);
    if let (Kind::Order, Some(code)) = (kind, OrderErrorCode::from_code(row.number)) {
        for (i, (_, value)) in order_args(code).iter().enumerate() {
            text = text.replace(&format!("{{{i}}}"), value);
        }
    }
    text
}

fn read_seed(dir: &Path, prefix: &str) -> Result<String, Box<dyn std::error::Error>> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with(prefix) && name.ends_with(".txt") {
            return Ok(std::fs::read_to_string(&path)?);
        }
    }
    Err(format!("no seed {prefix}*.txt in {}", dir.display()).into())
}

/// What a seed row says about a locale's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The locale renders exactly the seed text.
    Exactly,
    /// The seed row is English where it should be Japanese: the locale must not render it.
    Not,
}

/// The one check of the seed cross-check: one seed row against one locale.
fn check_seed_row(
    failures: &mut Vec<String>,
    seed: &str,
    locale: &str,
    kind: Kind,
    row: &SeedRow,
    expect: Expect,
) -> Result<(), String> {
    let what = code_label(kind, row.number);
    if row.number != 0 && !what.ends_with(&format!(" {}", row.name)) {
        failures
            .push(format!("seed {seed}: row {:?} {} names another code than the crate: {what}", row.name, row.number));
    }
    let expected = expected_from_seed(kind, row);
    let actual = match render(localizer(locale)?, kind, row.number) {
        Ok(actual) => actual,
        Err(e) => {
            failures.push(format!("seed {seed}: {e}"));
            return Ok(());
        }
    };
    match expect {
        Expect::Exactly if actual != expected => {
            failures.push(format!("seed {seed}: {what} in {locale}\n    seed:   {expected:?}\n    actual: {actual:?}"))
        }
        Expect::Not if actual == expected => {
            failures.push(format!("seed {seed}: {what} in {locale} is the seed's English row {actual:?}"))
        }
        _ => {}
    }
    Ok(())
}

/// The numbers of a parsed seed table and of the literal table copied from it must agree.
fn check_same_codes(failures: &mut Vec<String>, what: &str, rows: &[&SeedRow], literal: &[&[(i32, &str)]]) {
    let from_seed: BTreeSet<i32> = rows.iter().map(|r| r.number).collect();
    let from_test: BTreeSet<i32> = literal.iter().flat_map(|t| t.iter().map(|(n, _)| *n)).collect();
    if from_seed != from_test {
        failures.push(format!("{what}: the seed has codes {from_seed:?}, the literal table {from_test:?}"));
    }
}

#[test]
fn catalogs_match_the_seed_files() -> TestResult {
    let Some(dir) = seeds_dir() else {
        eprintln!("note: ../shared/seeds is absent; the seed cross-check is skipped, the literal tables still run");
        return Ok(());
    };
    let seed_000 = read_seed(&dir, "000_")?;
    let seed_001 = read_seed(&dir, "001_")?;
    let seed_003 = read_seed(&dir, "003_")?;
    let seed_004 = read_seed(&dir, "004_")?;
    let mut failures = Vec::new();

    // fr and zh-TW: every row of their tables, verbatim.
    for (seed, source, locale, cart_literal, order_literal) in [
        ("000", &seed_000, "fr", FR_CART_000, FR_ORDER_000),
        ("004", &seed_004, "zh-TW", ZH_TW_CART_004, ZH_TW_ORDER_004),
    ] {
        for (kind, heading, literal) in
            [(Kind::Cart, "CartErrorCode", cart_literal), (Kind::Order, "OrderErrorCode", order_literal)]
        {
            let rows = markdown_table(source, heading);
            check_same_codes(
                &mut failures,
                &format!("seed {seed} {heading}"),
                &rows.iter().collect::<Vec<_>>(),
                &[literal],
            );
            for row in &rows {
                check_seed_row(&mut failures, seed, locale, kind, row, Expect::Exactly)?;
            }
        }
    }

    // en cart codes: seed 003's plain-text table.
    let rows = plain_table(&seed_003, "CartErrorCode");
    check_same_codes(&mut failures, "seed 003 CartErrorCode", &rows.iter().collect::<Vec<_>>(), &[EN_CART_003]);
    for row in &rows {
        check_seed_row(&mut failures, "003", "en", Kind::Cart, row, Expect::Exactly)?;
    }

    // Seed 001: its Japanese rows are ja's text; its English order rows are en's text, and ja
    // must have translated every English row.
    for (kind, heading, en_literal, ja_literal) in [
        (Kind::Cart, "CartErrorCode", None, JA_CART_001),
        (Kind::Order, "OrderErrorCode", Some(EN_ORDER_001), JA_ORDER_001),
    ] {
        let rows = markdown_table(&seed_001, heading);
        let (japanese, english): (Vec<&SeedRow>, Vec<&SeedRow>) = rows.iter().partition(|r| has_japanese(&r.text));
        check_same_codes(&mut failures, &format!("seed 001 {heading} (Japanese rows)"), &japanese, &[ja_literal]);
        if let Some(en_literal) = en_literal {
            check_same_codes(&mut failures, &format!("seed 001 {heading} (English rows)"), &english, &[en_literal]);
        }
        for row in japanese {
            check_seed_row(&mut failures, "001", "ja", kind, row, Expect::Exactly)?;
        }
        for row in english {
            if en_literal.is_some() {
                check_seed_row(&mut failures, "001", "en", kind, row, Expect::Exactly)?;
            }
            check_seed_row(&mut failures, "001", "ja", kind, row, Expect::Not)?;
        }
    }
    report("seed cross-check", &failures);
    Ok(())
}

#[test]
fn markup_rule_helper_follows_design() {
    let cases = [
        ("par **{0}** à partir de **{1}** .", "par {0} à partir de {1}."),
        ("無法取消此順序 **{0}** 。 使用 `PATCH /x` 來暫止訂閱。", "無法取消此順序 {0}。 使用 PATCH /x 來暫止訂閱。"),
        ("Use `PATCH /a/{1}/b` to suspend.", "Use PATCH /a/{1}/b to suspend."),
        ("purchase.Please update", "purchase.Please update"),
        ("A . B", "A . B"),
    ];
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let actual = apply_markup_rule(input);
        if actual != expected {
            failures
                .push(format!("apply_markup_rule({input:?})\n    expected: {expected:?}\n    actual:   {actual:?}"));
        }
    }
    report("markup rule helper", &failures);
}
