//! Localization tests, one module per area:
//! - `clean`: every cart and order code, and every `Error`, renders cleanly in every locale;
//! - `seed_texts`: the exact texts match the seed pages, from literal tables copied from the
//!   seeds (markup rule applied by hand);
//! - `seed_files`: a cross-check that parses the seeds themselves when they are present;
//! - `own_texts`: the project's own wording, as reviewed, and its French punctuation;
//! - `rendering`: arguments land in the right place in every language, locale negotiation, and
//!   `Localizer` is `Send + Sync + Copy` and renders the same from several threads.
//!
//! This module holds the arguments and helpers they share.

mod clean;
mod own_texts;
mod rendering;
mod seed_files;
mod seed_texts;

use std::collections::BTreeSet;

use cartstore::{CartErrorCode, Localizer, OrderErrorCode};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// 800040 `{0}`.
const TO: &str = "active";
/// 800040 `{1}`.
const FROM: &str = "suspended";
/// 800063 `{0}`.
const ORDER_ID: &str = "O-4711";
/// 800063 `{1}`.
const CUSTOMER_ID: &str = "C-0815";
/// 800064 and 800065 `{0}`.
const CART_ID: &str = "K-3655";

/// The named arguments of an order code, in the order of the seeds' positional placeholders
/// (`{0}` first).
fn order_args(code: OrderErrorCode) -> Vec<(&'static str, &'static str)> {
    match code {
        OrderErrorCode::AssetStatusChangeNotValid => vec![("to", TO), ("from", FROM)],
        OrderErrorCode::CancelLegacyOrder => {
            vec![("orderId", ORDER_ID), ("customerId", CUSTOMER_ID)]
        }
        OrderErrorCode::CartProcessedByAnotherRequest | OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered => {
            vec![("cartId", CART_ID)]
        }
        _ => Vec::new(),
    }
}

/// Which of the two code tables a number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cart,
    Order,
}

/// Every code of one kind, by number.
fn all_numbers(kind: Kind) -> BTreeSet<i32> {
    match kind {
        Kind::Cart => CartErrorCode::ALL.iter().map(|c| c.code()).collect(),
        Kind::Order => OrderErrorCode::ALL.iter().map(|c| c.code()).collect(),
    }
}

/// "order 800040 AssetStatusChangeNotValid", for failure messages.
fn code_label(kind: Kind, number: i32) -> String {
    match kind {
        Kind::Cart => {
            let name = CartErrorCode::from_code(number).map_or("<no such CartErrorCode>", |c| c.name());
            format!("cart {number} {name}")
        }
        Kind::Order => {
            let name = OrderErrorCode::from_code(number).map_or("<no such OrderErrorCode>", |c| c.name());
            format!("order {number} {name}")
        }
    }
}

/// The text of a code in a locale, with all its arguments (see [`order_args`]).
fn render(loc: Localizer, kind: Kind, number: i32) -> Result<String, String> {
    match kind {
        Kind::Cart => CartErrorCode::from_code(number)
            .map(|c| loc.cart_error(c))
            .ok_or_else(|| format!("{number} is not a CartErrorCode")),
        Kind::Order => OrderErrorCode::from_code(number)
            .map(|c| loc.order_error(c, &order_args(c)))
            .ok_or_else(|| format!("{number} is not an OrderErrorCode")),
    }
}

fn localizer(tag: &str) -> Result<Localizer, String> {
    Localizer::for_tag(tag).ok_or_else(|| format!("Localizer::for_tag({tag:?}) is None"))
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}')
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Hiragana, katakana or kanji.
fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| is_kana(c) || is_han(c))
}

fn has_han(text: &str) -> bool {
    text.chars().any(is_han)
}

fn has_kana(text: &str) -> bool {
    text.chars().any(is_kana)
}

/// Fails the test with every collected failure, one per line.
fn report(what: &str, failures: &[String]) {
    assert!(failures.is_empty(), "{what}: {} failure(s):\n{}", failures.len(), failures.join("\n"));
}
