//! Localized error descriptions with Project Fluent, and locale negotiation.
//!
//! The four catalogs `locales/{en,fr,ja,zh-TW}/errors.ftl` are compiled into the binary and
//! parsed once, on first use, into `Send + Sync` bundles shared by every [`Localizer`]. A
//! `Localizer` is a small `Copy` handle naming one of them. Isolation marks are off, so output
//! is plain text. A message missing from a locale falls back to English; tests make sure none
//! is missing.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::error::Error;
use crate::model::{CartErrorCode, OrderErrorCode};

/// The locales with a catalog, English (the fallback) first.
pub const LOCALES: [&str; 4] = ["en", "fr", "ja", "zh-TW"];

const SOURCES: [&str; 4] = [
    include_str!("../locales/en/errors.ftl"),
    include_str!("../locales/fr/errors.ftl"),
    include_str!("../locales/ja/errors.ftl"),
    include_str!("../locales/zh-TW/errors.ftl"),
];

type Bundle = FluentBundle<FluentResource>;

/// Parses and loads every catalog once. A parse or load error is a bug the tests catch; at run
/// time the entries that did parse are still used.
fn bundles() -> &'static [Bundle; 4] {
    static BUNDLES: OnceLock<[Bundle; 4]> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        std::array::from_fn(|i| {
            let tag = LOCALES.get(i).copied().unwrap_or("en");
            let lang: LanguageIdentifier = tag.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            bundle.set_use_isolating(false);
            let source = SOURCES.get(i).copied().unwrap_or_default();
            let resource = match FluentResource::try_new(source.to_owned()) {
                Ok(r) => r,
                Err((r, _)) => r,
            };
            // Duplicate ids would be a bug caught by tests; the first definition wins.
            let _ = bundle.add_resource(resource);
            bundle
        })
    })
}

/// Problems found in the compiled-in catalogs: Fluent parse errors and ids a locale lacks.
/// Empty in a correct build; the test suite asserts so.
pub fn catalog_problems() -> Vec<String> {
    let mut problems = Vec::new();
    for (tag, source) in LOCALES.iter().zip(SOURCES) {
        if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
            problems.extend(errors.iter().map(|e| format!("{tag}: parse error {e:?}")));
        }
    }
    let bundles = bundles();
    for id in message_ids() {
        for (tag, bundle) in LOCALES.iter().zip(bundles.iter()) {
            if !bundle.has_message(&id) {
                problems.push(format!("{tag}: missing message {id}"));
            }
        }
    }
    problems
}

/// Every message id the library renders.
fn message_ids() -> Vec<String> {
    let mut ids: Vec<String> = CartErrorCode::ALL.iter().map(|c| cart_id(*c)).collect();
    ids.extend(OrderErrorCode::ALL.iter().map(|c| order_id(*c)));
    ids.extend(
        [
            "error-order-not-found",
            "error-cart-expired",
            "error-conflict",
            "error-schema-too-new",
            "error-not-a-database",
            "error-storage",
            "error-invalid-input",
            "label-locale-name",
            "error-with-database-file",
        ]
        .map(String::from),
    );
    ids
}

fn cart_id(code: CartErrorCode) -> String {
    format!("cart-{}", code.code())
}

fn order_id(code: OrderErrorCode) -> String {
    format!("order-{}", code.code())
}

/// Renders error descriptions in one locale.
///
/// ```
/// use cartstore::{CartErrorCode, Localizer, OrderErrorCode};
/// let fr = Localizer::negotiate(&["fr-CA"]);
/// assert_eq!(fr.locale(), "fr");
/// assert_eq!(
///     fr.cart_error(CartErrorCode::CurrencyIsNotSupported),
///     "La devise n’est pas prise en charge pour le marché spécifié.",
/// );
/// let en = Localizer::default();
/// assert_eq!(
///     en.order_error(OrderErrorCode::CartProcessedByAnotherRequest, &[("cartId", "3655b1a0")]),
///     "Cart 3655b1a0 is being processed by another request.",
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Localizer {
    index: usize,
}

impl Localizer {
    /// The best of the four locales for a list of requested BCP 47 tags, in order of
    /// preference (`fr-CA` → fr, `ja-JP` → ja, `zh-Hant`, `zh-Hant-TW`, `zh-TW` → zh-TW).
    /// Invalid tags are ignored; with no match the result is English. POSIX locale names
    /// (`ja_JP.UTF-8`) are accepted too.
    pub fn negotiate(requested: &[&str]) -> Localizer {
        let available: Vec<LanguageIdentifier> = LOCALES.iter().filter_map(|t| t.parse().ok()).collect();
        let requested: Vec<LanguageIdentifier> = requested.iter().filter_map(|t| parse_tag(t)).collect();
        let default: Option<&LanguageIdentifier> = available.first();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            default,
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        let tag = chosen.first().map(|l| l.to_string()).unwrap_or_default();
        Localizer::for_tag(&tag).unwrap_or_default()
    }

    /// The localizer of one of [`LOCALES`] exactly (`"en"`, `"fr"`, `"ja"`, `"zh-TW"`).
    pub fn for_tag(tag: &str) -> Option<Localizer> {
        LOCALES.iter().position(|l| l.eq_ignore_ascii_case(tag)).map(|index| Localizer { index })
    }

    /// The four localizers, English first.
    pub fn all() -> [Localizer; 4] {
        std::array::from_fn(|index| Localizer { index })
    }

    /// This localizer's tag: `"en"`, `"fr"`, `"ja"` or `"zh-TW"`.
    pub fn locale(&self) -> &'static str {
        LOCALES.get(self.index).copied().unwrap_or("en")
    }

    /// The description of a cart error code.
    pub fn cart_error(&self, code: CartErrorCode) -> String {
        self.render(&cart_id(code), None).unwrap_or_else(|| code.name().to_owned())
    }

    /// The description of an order error code, with its arguments (`cartId` for 800064 and
    /// 800065, `orderId` and `customerId` for 800063, `to` and `from` for 800040).
    pub fn order_error(&self, code: OrderErrorCode, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::String(Cow::Borrowed(*value)));
        }
        self.render(&order_id(code), Some(&fluent_args)).unwrap_or_else(|| code.name().to_owned())
    }

    /// The description of any error, in this locale.
    ///
    /// ```
    /// use cartstore::{Error, Localizer};
    /// let ja = Localizer::negotiate(&["ja-JP"]);
    /// let text = ja.describe(&Error::CartAlreadyOrdered { cart_id: "c-1".into() });
    /// assert!(text.contains("c-1"));
    /// ```
    pub fn describe(&self, err: &Error) -> String {
        match err {
            Error::CartNotFound { .. } => self.order_error(OrderErrorCode::CartIdNotFound, &[]),
            Error::CartAlreadyOrdered { cart_id } => {
                self.order_error(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered, &[("cartId", cart_id)])
            }
            Error::CartBusy { cart_id } => {
                self.order_error(OrderErrorCode::CartProcessedByAnotherRequest, &[("cartId", cart_id)])
            }
            Error::OrderCannotBeCancelled { .. } => self.order_error(OrderErrorCode::OrderCannotBeCancelled, &[]),
            Error::CartExpired { cart_id } => self.message("error-cart-expired", &[("cartId", cart_id)]),
            Error::Conflict { cart_id } => self.message("error-conflict", &[("cartId", cart_id)]),
            Error::OrderNotFound { order_id } => self.message("error-order-not-found", &[("orderId", order_id)]),
            Error::SchemaTooNew { found, supported } => self.message(
                "error-schema-too-new",
                &[("found", &found.to_string()), ("supported", &supported.to_string())],
            ),
            Error::NotADatabase { path } => self.message("error-not-a-database", &[("path", path)]),
            Error::Storage { kind, .. } => self.message("error-storage", &[("kind", kind.key())]),
            Error::InvalidInput { field, problem } => {
                let limit = match problem {
                    crate::InputProblem::TooLong { max }
                    | crate::InputProblem::TooMany { max }
                    | crate::InputProblem::TooDeep { max } => max.to_string(),
                    _ => String::new(),
                };
                let detail = match problem {
                    crate::InputProblem::Syntax { detail } => detail.as_str(),
                    _ => "",
                };
                self.message(
                    "error-invalid-input",
                    &[("field", field), ("problem", problem.key()), ("limit", &limit), ("detail", detail)],
                )
            }
        }
    }

    /// Renders one message of the catalog by id, with string arguments (`label-locale-name`,
    /// `error-*`); the id itself when no locale has it.
    pub fn message(&self, id: &str, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::String(Cow::Borrowed(*value)));
        }
        self.render(id, Some(&fluent_args)).unwrap_or_else(|| id.to_owned())
    }

    fn render(&self, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let bundles = bundles();
        let own = bundles.get(self.index);
        let english = bundles.first();
        for bundle in [own, english].into_iter().flatten() {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, args, &mut errors);
                return Some(text.into_owned());
            }
        }
        None
    }
}

/// Reads a BCP 47 tag, or a POSIX locale name (`ja_JP.UTF-8`, `zh_TW`), ignoring what is not.
fn parse_tag(tag: &str) -> Option<LanguageIdentifier> {
    let base = tag.split(['.', '@']).next().unwrap_or_default().replace('_', "-");
    if base.is_empty() || base.eq_ignore_ascii_case("C") || base.eq_ignore_ascii_case("POSIX") {
        return None;
    }
    let mut lang: LanguageIdentifier = base.parse().ok()?;
    // Traditional Chinese is zh-TW whichever way it is asked for (zh-Hant, zh-Hant-HK, zh-HK);
    // Simplified or unspecified Chinese is not offered, so it is left to the English fallback.
    if lang.language.as_str() == "zh" {
        let script = lang.script.map(|s| s.as_str().to_ascii_lowercase());
        let region = lang.region.map(|r| r.as_str().to_ascii_uppercase());
        let hant = match script.as_deref() {
            Some("hant") => true,
            Some(_) => false,
            None => matches!(region.as_deref(), Some("TW" | "HK" | "MO")),
        };
        if !hant {
            return None;
        }
        lang = "zh-TW".parse().ok()?;
    }
    Some(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_have_every_message() {
        assert_eq!(catalog_problems(), Vec::<String>::new());
    }

    #[test]
    fn localizer_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Localizer>();
        check::<Bundle>();
    }
}
