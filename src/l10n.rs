//! Localized error descriptions with Project Fluent, and locale negotiation.
//!
//! The four catalogs `locales/{en,fr,ja,zh-TW}/errors.ftl` are compiled into the binary and
//! parsed once, on first use, into `Send + Sync` bundles shared by every [`Localizer`]. A
//! `Localizer` is a small `Copy` handle naming one of them. Isolation marks are off, so output
//! is plain text. A message missing from a locale falls back to English; tests make sure none
//! is missing.
//!
//! # Messages an application supplies
//!
//! An application may layer its own Fluent resources on top of the built-in catalogs, at run
//! time, with [`Messages`]: a new locale (`de`, `es`, `pt-BR`, ...) becomes negotiable, and a
//! supplied message replaces the built-in one with the same id in that locale. A message an
//! added locale lacks falls back along the negotiation chain (`pt-BR` → `pt` if supplied →
//! English), message by message, never to a blank. Every resource is checked when it is
//! added ([`Error::InvalidMessages`]): Fluent syntax, ids that are cartstore messages, and
//! variables the built-in message has; a refused resource leaves nothing behind.
//!
//! Resources have a [`ResourceKind`]: [`ResourceKind::Errors`] (`errors.ftl`, the messages of
//! this module) and [`ResourceKind::Quote`] (`quote.ftl`, the labels of the quote document,
//! [`Quote::to_html`](crate::quote::Quote::to_html)). The kind is part of every call and of
//! every file name; each kind has its own ids.
//!
//! ```
//! use cartstore::l10n::{Messages, ResourceKind};
//! use cartstore::OrderErrorCode;
//!
//! # fn main() -> Result<(), cartstore::Error> {
//! let mut messages = Messages::new();
//! messages.add(ResourceKind::Errors, "de", "de/errors.ftl", "
//! order-800065 = Der Warenkorb { $cartId } wurde bereits übermittelt.
//! ")?;
//! let de = messages.negotiate(&["de-AT"]);
//! assert_eq!(de.locale(), "de");
//! let code = OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered;
//! assert_eq!(de.order_error(code, &[("cartId", "c-1")]), "Der Warenkorb c-1 wurde bereits übermittelt.");
//! // What the file lacks is English, message by message.
//! assert_eq!(de.order_error(OrderErrorCode::InvalidInput, &[]), "Invalid request input.");
//! # Ok(()) }
//! ```

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::error::{Error, MessagesProblem};
use crate::model::{CartErrorCode, OrderErrorCode};

/// The locales with a catalog, English (the fallback) first.
pub const LOCALES: [&str; 4] = ["en", "fr", "ja", "zh-TW"];

const SOURCES: [&str; 4] = [
    include_str!("../locales/en/errors.ftl"),
    include_str!("../locales/fr/errors.ftl"),
    include_str!("../locales/ja/errors.ftl"),
    include_str!("../locales/zh-TW/errors.ftl"),
];

/// The quote document's labels, `locales/<tag>/quote.ftl` ([`ResourceKind::Quote`]), in the
/// order of [`LOCALES`]. Their ids (`quote-*`) are disjoint from the errors' ids, so each
/// locale's bundle holds both resources.
const QUOTE_SOURCES: [&str; 4] = [
    include_str!("../locales/en/quote.ftl"),
    include_str!("../locales/fr/quote.ftl"),
    include_str!("../locales/ja/quote.ftl"),
    include_str!("../locales/zh-TW/quote.ftl"),
];

/// Every message id of the quote document ([`ResourceKind::Quote`]).
pub const QUOTE_MESSAGE_IDS: [&str; 34] = [
    "quote-document-title",
    "quote-heading",
    "quote-number",
    "quote-issued",
    "quote-valid-until",
    "quote-seller",
    "quote-customer",
    "quote-customer-id",
    "quote-contact",
    "quote-group-heading",
    "quote-cycle",
    "quote-term",
    "quote-col-item",
    "quote-col-term",
    "quote-col-billing",
    "quote-col-quantity",
    "quote-col-unit-price",
    "quote-col-per-period",
    "quote-col-term-total",
    "quote-addon",
    "quote-total-per-period",
    "quote-total-term",
    "quote-unit-price-note",
    "quote-tax-note",
    "quote-validity",
    "quote-terms-heading",
    "quote-excluded-heading",
    "quote-excluded-intro",
    "quote-col-reason",
    "quote-price-changes-heading",
    "quote-price-changes-intro",
    "quote-col-effective",
    "quote-col-new-price",
    "quote-page-footer",
];

type Bundle = FluentBundle<FluentResource>;

/// A bundle with isolation marks off, for `lang`.
fn new_bundle(lang: LanguageIdentifier) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    bundle.set_use_isolating(false);
    bundle
}

/// Parses a resource, keeping what did parse when some of it did not.
fn parse_resource(source: &str) -> FluentResource {
    match FluentResource::try_new(source.to_owned()) {
        Ok(r) => r,
        Err((r, _)) => r,
    }
}

/// Parses and loads every catalog once. A parse or load error is a bug the tests catch; at run
/// time the entries that did parse are still used.
fn bundles() -> &'static [Bundle; 4] {
    static BUNDLES: OnceLock<[Bundle; 4]> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        std::array::from_fn(|i| {
            let tag = LOCALES.get(i).copied().unwrap_or("en");
            let mut bundle = new_bundle(tag.parse().unwrap_or_default());
            // Duplicate ids would be a bug caught by tests; the first definition wins.
            for sources in [&SOURCES, &QUOTE_SOURCES] {
                let _ = bundle.add_resource(parse_resource(sources.get(i).copied().unwrap_or_default()));
            }
            bundle
        })
    })
}

/// Problems found in the compiled-in catalogs: Fluent parse errors and ids a locale lacks.
/// Empty in a correct build; the test suite asserts so.
pub fn catalog_problems() -> Vec<String> {
    let mut problems = Vec::new();
    for (tag, source) in LOCALES.iter().zip(SOURCES).chain(LOCALES.iter().zip(QUOTE_SOURCES)) {
        if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
            problems.extend(errors.iter().map(|e| format!("{tag}: parse error {e:?}")));
        }
    }
    let bundles = bundles();
    for id in message_ids().into_iter().chain(QUOTE_MESSAGE_IDS.map(String::from)) {
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
    let mut ids: Vec<String> = CartErrorCode::ALL.iter().map(|c| cart_message_id(*c)).collect();
    ids.extend(OrderErrorCode::ALL.iter().map(|c| order_message_id(*c)));
    ids.extend(
        [
            "error-order-not-found",
            "error-cart-expired",
            "error-cart-ordered",
            "error-conflict",
            "error-schema-too-new",
            "error-not-a-database",
            "error-storage",
            "error-invalid-input",
            "error-invalid-messages",
            "error-invalid-template",
            "label-locale-name",
            "error-with-database-file",
        ]
        .map(String::from),
    );
    ids
}

/// The Fluent id of a cart error code's message: `cart-10000`.
///
/// ```
/// use cartstore::CartErrorCode;
/// assert_eq!(cartstore::l10n::cart_message_id(CartErrorCode::CurrencyIsNotSupported), "cart-10000");
/// ```
pub fn cart_message_id(code: CartErrorCode) -> String {
    format!("cart-{}", code.code())
}

/// The Fluent id of an order error code's message: `order-800065`.
///
/// ```
/// use cartstore::OrderErrorCode;
/// let code = OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered;
/// assert_eq!(cartstore::l10n::order_message_id(code), "order-800065");
/// ```
pub fn order_message_id(code: OrderErrorCode) -> String {
    format!("order-{}", code.code())
}

/// Renders error descriptions in one locale.
///
/// A `Localizer` is `Copy`, `Send` and `Sync`. It names one of the built-in catalogs, or one
/// locale of a set of [`Messages`] an application supplied (see the [module](self) docs).
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
#[derive(Clone, Copy, Default)]
pub struct Localizer {
    /// Into [`LOCALES`] without supplied messages, else into `supplied.layers`.
    index: usize,
    /// The supplied messages this localizer renders with, on top of the built-in catalogs.
    supplied: Option<&'static Layered>,
}

impl PartialEq for Localizer {
    fn eq(&self, other: &Localizer) -> bool {
        self.index == other.index
            && match (self.supplied, other.supplied) {
                (None, None) => true,
                (Some(a), Some(b)) => std::ptr::eq(a, b),
                _ => false,
            }
    }
}

impl Eq for Localizer {}

impl std::hash::Hash for Localizer {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state);
        self.supplied.map(|l| std::ptr::from_ref(l) as usize).hash(state);
    }
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer").field("locale", &self.locale()).field("supplied", &self.supplied.is_some()).finish()
    }
}

impl Localizer {
    /// The best of the four locales for a list of requested BCP 47 tags, in order of
    /// preference (`fr-CA` → fr, `ja-JP` → ja, `zh-Hant`, `zh-Hant-TW`, `zh-TW` → zh-TW).
    /// Invalid tags are ignored; with no match the result is English. POSIX locale names
    /// (`ja_JP.UTF-8`) are accepted too. [`Messages::negotiate`] negotiates among the built-in
    /// and the supplied locales.
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
        LOCALES.iter().position(|l| l.eq_ignore_ascii_case(tag)).map(|index| Localizer { index, supplied: None })
    }

    /// The four localizers, English first.
    pub fn all() -> [Localizer; 4] {
        std::array::from_fn(|index| Localizer { index, supplied: None })
    }

    /// This localizer's tag: `"en"`, `"fr"`, `"ja"` or `"zh-TW"`, or a supplied locale's tag
    /// (`"de"`, `"pt-BR"`).
    pub fn locale(&self) -> &'static str {
        match self.supplied {
            None => LOCALES.get(self.index).copied().unwrap_or("en"),
            Some(layered) => layered.layers.get(self.index).map_or("en", |l| l.tag.as_str()),
        }
    }

    /// The description of a cart error code.
    pub fn cart_error(&self, code: CartErrorCode) -> String {
        self.render(&cart_message_id(code), None).unwrap_or_else(|| code.name().to_owned())
    }

    /// The description of an order error code, with its arguments (`cartId` for 800064 and
    /// 800065, `orderId` and `customerId` for 800063, `to` and `from` for 800040).
    pub fn order_error(&self, code: OrderErrorCode, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::String(Cow::Borrowed(*value)));
        }
        self.render(&order_message_id(code), Some(&fluent_args)).unwrap_or_else(|| code.name().to_owned())
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
            Error::CartAlreadyOrderedCannotChange { cart_id, operation } => {
                self.message("error-cart-ordered", &[("cartId", cart_id), ("operation", operation.key())])
            }
            Error::Conflict { cart_id } => self.message("error-conflict", &[("cartId", cart_id)]),
            Error::OrderNotFound { order_id } => self.message("error-order-not-found", &[("orderId", order_id)]),
            Error::SchemaTooNew { found, supported } => self.message(
                "error-schema-too-new",
                &[("found", &found.to_string()), ("supported", &supported.to_string())],
            ),
            Error::NotADatabase { path } => self.message("error-not-a-database", &[("path", path)]),
            Error::Storage { kind, .. } => self.message("error-storage", &[("kind", kind.key())]),
            Error::InvalidTemplate { line, detail } => {
                let line = line.map_or_else(|| "none".to_owned(), |l| l.to_string());
                self.message("error-invalid-template", &[("line", &line), ("detail", detail)])
            }
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
            Error::InvalidMessages { resource, line, id, problem } => {
                let line = line.map(|l| l.to_string()).unwrap_or_default();
                let key = match problem {
                    MessagesProblem::Syntax { .. } if id.is_some() => "syntax-in",
                    _ => problem.key(),
                };
                let (detail, name, tag) = match problem {
                    MessagesProblem::Syntax { detail } | MessagesProblem::Unreadable { detail } => {
                        (detail.as_str(), "", "")
                    }
                    MessagesProblem::UnknownVariable { name } | MessagesProblem::UnknownReference { name } => {
                        ("", name.as_str(), "")
                    }
                    MessagesProblem::BadLocale { tag } => ("", "", tag.as_str()),
                    _ => ("", "", ""),
                };
                let variable = format!("${name}");
                let names: Vec<&str> = ResourceKind::ALL.iter().map(|k| k.file_name()).collect();
                self.message(
                    "error-invalid-messages",
                    &[
                        ("problem", key),
                        ("resource", resource),
                        ("line", &line),
                        ("id", id.as_deref().unwrap_or_default()),
                        ("detail", detail),
                        ("name", name),
                        ("variable", &variable),
                        ("tag", tag),
                        ("names", &names.join(", ")),
                    ],
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

    /// Where the text of message `id` comes from in this locale: its built-in text, a
    /// supplied one, or a fallback further down the negotiation chain; `None` when no locale
    /// has it. Ids are those of [`cart_message_id`], [`order_message_id`] and the `error-*`
    /// and `label-*` messages.
    ///
    /// ```
    /// use cartstore::l10n::{Messages, Origin, ResourceKind};
    /// use cartstore::Localizer;
    /// # fn main() -> Result<(), cartstore::Error> {
    /// let mut messages = Messages::new();
    /// messages.add(ResourceKind::Errors, "de", "de/errors.ftl", "label-locale-name = Deutsch")?;
    /// let de = messages.negotiate(&["de"]);
    /// assert_eq!(de.origin("label-locale-name"), Some(Origin::Added));
    /// assert_eq!(de.origin("cart-10000"), Some(Origin::Fallback { locale: "en", supplied: false }));
    /// assert_eq!(Localizer::default().origin("cart-10000"), Some(Origin::BuiltIn));
    /// # Ok(()) }
    /// ```
    pub fn origin(&self, id: &str) -> Option<Origin> {
        match self.supplied {
            None => {
                let bundles = bundles();
                if bundles.get(self.index).is_some_and(|b| b.has_message(id)) {
                    Some(Origin::BuiltIn)
                } else if bundles.first().is_some_and(|b| b.has_message(id)) {
                    Some(Origin::Fallback { locale: "en", supplied: false })
                } else {
                    None
                }
            }
            Some(layered) => {
                let found = layered.find(self.index, id)?;
                if found.layer != self.index {
                    let locale = layered.layers.get(found.layer).map_or("en", |l| l.tag.as_str());
                    return Some(Origin::Fallback { locale, supplied: found.supplied });
                }
                if !found.supplied {
                    return Some(Origin::BuiltIn);
                }
                let builtin = layered.layers.get(self.index).and_then(|l| l.builtin).and_then(|i| bundles().get(i));
                if builtin.is_some_and(|b| b.has_message(id)) { Some(Origin::Overridden) } else { Some(Origin::Added) }
            }
        }
    }

    fn render(&self, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        if let Some(layered) = self.supplied {
            let found = layered.find(self.index, id)?;
            let pattern = found.bundle.get_message(id).and_then(|m| m.value())?;
            let mut errors = Vec::new();
            return Some(found.bundle.format_pattern(pattern, args, &mut errors).into_owned());
        }
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

/// Where a message's text comes from in a locale ([`Localizer::origin`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// The built-in text of this locale.
    BuiltIn,
    /// A supplied text, in place of this locale's built-in one.
    Overridden,
    /// A supplied text, where this locale has no built-in one (an added locale).
    Added,
    /// This locale has no text for it: the text of `locale`, further down the negotiation
    /// chain (English last).
    Fallback {
        /// The locale whose text is used.
        locale: &'static str,
        /// Whether that text was supplied (else it is `locale`'s built-in text).
        supplied: bool,
    },
}

/// Reads a BCP 47 tag, or a POSIX locale name (`ja_JP.UTF-8`, `zh_TW`), ignoring what is not.
fn parse_tag(tag: &str) -> Option<LanguageIdentifier> {
    let base = posix_base(tag);
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

/// `ja_JP.UTF-8` → `ja-JP`.
fn posix_base(tag: &str) -> String {
    tag.split(['.', '@']).next().unwrap_or_default().replace('_', "-")
}

// ---------------------------------------------------------------------------------------------
// Supplied messages
// ---------------------------------------------------------------------------------------------

/// The kinds of Fluent resource an application can supply, each with its own message ids and
/// its own file name.
///
/// [`Messages`] takes the kind with every resource, so that a kind is added without changing
/// how applications supply resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResourceKind {
    /// The descriptions of errors and the labels of the command-line tool (`errors.ftl`):
    /// `cart-<code>`, `order-<code>`, `error-*`, `label-*`, as in `locales/en/errors.ftl`.
    Errors,
    /// The labels and notes of the quote document (`quote.ftl`): the `quote-*` ids of
    /// [`QUOTE_MESSAGE_IDS`], as in `locales/en/quote.ftl`.
    Quote,
}

impl ResourceKind {
    /// Every kind.
    pub const ALL: [ResourceKind; 2] = [ResourceKind::Errors, ResourceKind::Quote];

    /// The file name of this kind in a messages directory: `errors.ftl`, `quote.ftl`.
    pub fn file_name(self) -> &'static str {
        match self {
            ResourceKind::Errors => "errors.ftl",
            ResourceKind::Quote => "quote.ftl",
        }
    }

    /// The kind whose file name is `name` (`errors.ftl`).
    ///
    /// ```
    /// use cartstore::l10n::ResourceKind;
    /// assert_eq!(ResourceKind::from_file_name("errors.ftl"), Some(ResourceKind::Errors));
    /// assert_eq!(ResourceKind::from_file_name("notes.ftl"), None);
    /// ```
    pub fn from_file_name(name: &str) -> Option<ResourceKind> {
        ResourceKind::ALL.into_iter().find(|k| k.file_name() == name)
    }

    /// The ids of this kind, each with the variables the code gives its message.
    fn known(self) -> &'static HashMap<String, BTreeSet<String>> {
        match self {
            ResourceKind::Errors => {
                static ERRORS: OnceLock<HashMap<String, BTreeSet<String>>> = OnceLock::new();
                ERRORS.get_or_init(|| known_messages(message_ids(), &SOURCES))
            }
            ResourceKind::Quote => {
                static QUOTE: OnceLock<HashMap<String, BTreeSet<String>>> = OnceLock::new();
                QUOTE.get_or_init(|| known_messages(QUOTE_MESSAGE_IDS.map(String::from).to_vec(), &QUOTE_SOURCES))
            }
        }
    }
}

/// `ids`, each with the union of the variables its message uses in the built-in `sources`.
fn known_messages(ids: Vec<String>, sources: &[&str]) -> HashMap<String, BTreeSet<String>> {
    let mut known: HashMap<String, BTreeSet<String>> = ids.into_iter().map(|id| (id, BTreeSet::new())).collect();
    for source in sources {
        let resource = parse_resource(source);
        for entry in resource.entries() {
            if let ast::Entry::Message(message) = entry
                && let (Some(variables), Some(value)) = (known.get_mut(message.id.name), &message.value)
            {
                let mut found = References::default();
                found.pattern(value);
                variables.extend(found.variables.iter().map(|v| (*v).to_owned()));
            }
        }
    }
    known
}

/// The variables and the message or term references of a pattern.
#[derive(Default)]
struct References<'s> {
    variables: Vec<&'s str>,
    /// Message ids, and term ids with their `-`.
    references: Vec<String>,
}

impl<'s> References<'s> {
    fn pattern(&mut self, pattern: &ast::Pattern<&'s str>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, expression: &ast::Expression<&'s str>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                self.inline(selector);
                for variant in variants {
                    self.pattern(&variant.value);
                }
            }
            ast::Expression::Inline(inline) => self.inline(inline),
        }
    }

    fn inline(&mut self, inline: &ast::InlineExpression<&'s str>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => self.variables.push(id.name),
            ast::InlineExpression::MessageReference { id, .. } => self.references.push(id.name.to_owned()),
            ast::InlineExpression::TermReference { id, arguments, .. } => {
                self.references.push(format!("-{}", id.name));
                if let Some(arguments) = arguments {
                    self.arguments(arguments);
                }
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => self.arguments(arguments),
            ast::InlineExpression::Placeable { expression } => self.expression(expression),
            ast::InlineExpression::StringLiteral { .. } | ast::InlineExpression::NumberLiteral { .. } => {}
        }
    }

    fn arguments(&mut self, arguments: &ast::CallArguments<&'s str>) {
        for positional in &arguments.positional {
            self.inline(positional);
        }
        for named in &arguments.named {
            self.inline(&named.value);
        }
    }
}

/// One checked resource.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Supplied {
    kind: ResourceKind,
    /// The canonical tag (`de`, `pt-BR`, or a built-in tag as [`LOCALES`] spells it).
    tag: String,
    name: String,
    source: String,
    /// The message ids it defines.
    ids: Vec<String>,
}

/// Fluent resources an application supplies on top of the built-in catalogs, checked as they
/// are added; [`Messages::negotiate`] gives the [`Localizer`]s that render with them.
///
/// A supplied message replaces the built-in one with the same id in that locale; a locale no
/// catalog has (`de`) is added, and the messages it lacks fall back along the negotiation
/// chain (`de-AT` → `de` → English), one by one.
///
/// The localizers are `Copy` handles to catalogs kept for the life of the process: build the
/// `Messages` once (at start-up) and keep the `Localizer`s. Building the same resources again
/// reuses the same catalogs, so memory grows only with the number of distinct sets of
/// resources an application loads, not with the number of calls.
///
/// ```
/// use cartstore::l10n::{Messages, ResourceKind};
/// use cartstore::{Error, OrderErrorCode, StoreOptions};
///
/// # fn main() -> Result<(), Error> {
/// let mut messages = Messages::new();
/// messages.add(ResourceKind::Errors, "fr", "fr/errors.ftl",
///     "order-800065 = Le panier { $cartId } a déjà été soumis.")?;
/// let fr = messages.negotiate(&["fr-CA"]);
/// let err = Error::CartAlreadyOrdered { cart_id: "3655b1a0".into() };
/// assert_eq!(fr.describe(&err), "Le panier 3655b1a0 a déjà été soumis.");
/// // The store writes its line errors and order errors with it.
/// let options = StoreOptions { locale: fr, ..StoreOptions::default() };
/// # let _ = options;
///
/// // A variable the code does not give that message is refused, with the line and the id.
/// let refused = messages.add(ResourceKind::Errors, "fr", "extra.ftl", "\norder-800061 = { $cartId }");
/// assert!(matches!(refused, Err(Error::InvalidMessages { line: Some(2), .. })));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Messages {
    resources: Vec<Supplied>,
    /// The catalogs built from `resources`, once asked for.
    built: OnceLock<&'static Layered>,
}

impl Messages {
    /// No supplied messages: its localizers are the built-in ones.
    pub fn new() -> Messages {
        Messages::default()
    }

    /// Whether nothing was supplied.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Adds one resource of `kind` for `locale` (a BCP 47 tag: `de`, `pt-BR`, `fr`), from its
    /// Fluent text; `name` names it in errors (a file name, say).
    ///
    /// The resource is checked first and refused as a whole, with
    /// [`Error::InvalidMessages`] naming `name`, the line and the message id, when it has a
    /// Fluent syntax error, defines an id that is not a cartstore message of that kind (or a
    /// term), defines an id already supplied for that locale, has a message without a value,
    /// refers to a message that is not a cartstore message, or uses a variable the code does
    /// not give that message. Comments are allowed anywhere.
    pub fn add(&mut self, kind: ResourceKind, locale: &str, name: &str, source: &str) -> Result<&mut Messages, Error> {
        let supplied = check(&self.resources, kind, locale, name, source)?;
        self.push(vec![supplied]);
        Ok(self)
    }

    /// Adds the resources at `path`: one `.ftl` file, or a directory of `<locale>/*.ftl`
    /// (`messages/de/errors.ftl`, `messages/pt-BR/errors.ftl`). The locale of a file is the
    /// name of the directory it is in, its kind its file name ([`ResourceKind::file_name`]);
    /// `.ftl` files directly in `path` take `path`'s own name as their locale. Other files are
    /// ignored. Every file is checked as [`Messages::add`] checks it, and one bad file refuses
    /// them all ([`Error::InvalidMessages`], the resource named by its path).
    pub fn load(&mut self, path: &Path) -> Result<&mut Messages, Error> {
        let mut pending: Vec<Supplied> = Vec::new();
        for file in ftl_files(path)? {
            let name = file.display().to_string();
            let refuse = |problem| Error::InvalidMessages { resource: name.clone(), line: None, id: None, problem };
            let kind = file
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(ResourceKind::from_file_name)
                .ok_or_else(|| refuse(MessagesProblem::UnknownFile))?;
            let absolute = std::path::absolute(&file).unwrap_or_else(|_| file.clone());
            let locale = absolute.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or_default();
            let source = std::fs::read_to_string(&file)
                .map_err(|e| refuse(MessagesProblem::Unreadable { detail: e.to_string() }))?;
            let earlier: Vec<Supplied> = self.resources.iter().chain(&pending).cloned().collect();
            pending.push(check(&earlier, kind, locale, &name, &source)?);
        }
        self.push(pending);
        Ok(self)
    }

    /// The supplied locales, built-in or added, in the order they were first supplied.
    pub fn locales(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = Vec::new();
        for resource in &self.resources {
            if !tags.contains(&resource.tag.as_str()) {
                tags.push(&resource.tag);
            }
        }
        tags
    }

    /// The best locale for a list of requested tags, among the built-in ones and the added
    /// ones, with the supplied messages layered on top. Negotiation is
    /// [`Localizer::negotiate`]'s (same fallback, same handling of invalid tags and of Chinese)
    /// with the added locales available too; a supplied tag asked for exactly is always
    /// chosen. With nothing supplied, it is [`Localizer::negotiate`].
    pub fn negotiate(&self, requested: &[&str]) -> Localizer {
        match self.layered() {
            None => Localizer::negotiate(requested),
            Some(layered) => layered.negotiate(requested),
        }
    }

    /// The localizer of one built-in or supplied locale exactly (`"de"`, `"fr"`).
    pub fn for_tag(&self, tag: &str) -> Option<Localizer> {
        match self.layered() {
            None => Localizer::for_tag(tag),
            Some(layered) => layered
                .layers
                .iter()
                .position(|l| l.tag.eq_ignore_ascii_case(tag))
                .map(|index| Localizer { index, supplied: Some(layered) }),
        }
    }

    /// Every localizer: the four built-in locales, English first, then the added ones.
    pub fn all(&self) -> Vec<Localizer> {
        match self.layered() {
            None => Localizer::all().to_vec(),
            Some(layered) => {
                (0..layered.layers.len()).map(|index| Localizer { index, supplied: Some(layered) }).collect()
            }
        }
    }

    fn push(&mut self, checked: Vec<Supplied>) {
        if !checked.is_empty() {
            self.resources.extend(checked);
            self.built = OnceLock::new();
        }
    }

    fn layered(&self) -> Option<&'static Layered> {
        if self.resources.is_empty() {
            return None;
        }
        Some(*self.built.get_or_init(|| Layered::intern(&self.resources)))
    }
}

/// The `.ftl` files at `path`: itself, or those directly in it and in its subdirectories,
/// sorted.
fn ftl_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let unreadable = |at: &Path, e: std::io::Error| Error::InvalidMessages {
        resource: at.display().to_string(),
        line: None,
        id: None,
        problem: MessagesProblem::Unreadable { detail: e.to_string() },
    };
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(path, e))?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let is_ftl = |p: &Path| p.is_file() && p.extension().is_some_and(|e| e == "ftl");
    let list = |dir: &Path| -> Result<Vec<PathBuf>, Error> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| unreadable(dir, e))? {
            entries.push(entry.map_err(|e| unreadable(dir, e))?.path());
        }
        entries.sort();
        Ok(entries)
    };
    let mut files = Vec::new();
    for entry in list(path)? {
        if entry.is_dir() {
            files.extend(list(&entry)?.into_iter().filter(|p| is_ftl(p)));
        } else if is_ftl(&entry) {
            files.push(entry);
        }
    }
    Ok(files)
}

/// A supplied locale tag in canonical form (`pt_BR` → `pt-BR`, `FR` → `fr`), or `None` when
/// it is not a language tag with a two- or three-letter language (`errors`, `und`, `x`).
fn supplied_tag(locale: &str) -> Option<String> {
    let lang: LanguageIdentifier = posix_base(locale).parse().ok()?;
    let language = lang.language.as_str();
    if !(2..=3).contains(&language.len()) || language == "und" {
        return None;
    }
    let tag = lang.to_string();
    Some(LOCALES.iter().find(|l| l.eq_ignore_ascii_case(&tag)).map_or(tag, |l| (*l).to_owned()))
}

/// The 1-based line of byte `offset` in `source`.
fn line_at(source: &str, offset: usize) -> usize {
    source.as_bytes().iter().take(offset).filter(|b| **b == b'\n').count() + 1
}

/// The 1-based line where `slice` (a part of `source`) starts.
fn line_of(source: &str, slice: &str) -> usize {
    let offset = (slice.as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
    line_at(source, offset)
}

/// The id an entry that failed to parse starts with (`order-800065 = ...`), if it does.
fn junk_id(junk: &str) -> Option<String> {
    let text = junk.trim_start();
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(text.len());
    let (id, rest) = text.split_at_checked(end)?;
    let starts_well = id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-');
    (starts_well && rest.trim_start_matches([' ', '\t']).starts_with('=')).then(|| id.to_owned())
}

/// Checks one resource against the built-in ids and variables and the resources supplied
/// before it (`earlier`).
fn check(earlier: &[Supplied], kind: ResourceKind, locale: &str, name: &str, source: &str) -> Result<Supplied, Error> {
    let refuse = |line: Option<usize>, id: Option<&str>, problem| Error::InvalidMessages {
        resource: name.to_owned(),
        line,
        id: id.map(str::to_owned),
        problem,
    };
    let tag = supplied_tag(locale)
        .ok_or_else(|| refuse(None, None, MessagesProblem::BadLocale { tag: locale.to_owned() }))?;
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            let first = errors.into_iter().min_by_key(|e| e.pos.start);
            let line = first.as_ref().map(|e| line_at(source, e.pos.start));
            let id = first.as_ref().and_then(|e| e.slice.clone()).and_then(|s| source.get(s)).and_then(junk_id);
            let detail = first.map(|e| e.kind.to_string()).unwrap_or_default();
            return Err(refuse(line, id.as_deref(), MessagesProblem::Syntax { detail }));
        }
    };
    let known = kind.known();
    let mut defined: Vec<String> = Vec::new();
    let taken: BTreeSet<&str> = earlier
        .iter()
        .filter(|r| r.kind == kind && r.tag == tag)
        .flat_map(|r| r.ids.iter().map(String::as_str))
        .collect();
    let text = resource.source();
    for entry in resource.entries() {
        let message = match entry {
            ast::Entry::Message(message) => message,
            ast::Entry::Term(term) => {
                let id = format!("-{}", term.id.name);
                return Err(refuse(Some(line_of(text, term.id.name)), Some(&id), MessagesProblem::UnknownId));
            }
            ast::Entry::Junk { content } => {
                // Not reached: a resource with junk is a syntax error above.
                let detail = String::from("unparsed content");
                return Err(refuse(Some(line_of(text, content)), None, MessagesProblem::Syntax { detail }));
            }
            ast::Entry::Comment(_) | ast::Entry::GroupComment(_) | ast::Entry::ResourceComment(_) => continue,
        };
        let id = message.id.name;
        let at = Some(line_of(text, id));
        let Some(variables) = known.get(id) else {
            return Err(refuse(at, Some(id), MessagesProblem::UnknownId));
        };
        if taken.contains(id) || defined.iter().any(|d| d == id) {
            return Err(refuse(at, Some(id), MessagesProblem::Duplicate));
        }
        let Some(value) = &message.value else {
            return Err(refuse(at, Some(id), MessagesProblem::NoValue));
        };
        let mut found = References::default();
        found.pattern(value);
        for attribute in &message.attributes {
            found.pattern(&attribute.value);
        }
        if let Some(variable) = found.variables.iter().find(|v| !variables.contains(**v)) {
            return Err(refuse(at, Some(id), MessagesProblem::UnknownVariable { name: (*variable).to_owned() }));
        }
        if let Some(reference) = found.references.iter().find(|r| !known.contains_key(r.as_str())) {
            return Err(refuse(at, Some(id), MessagesProblem::UnknownReference { name: reference.clone() }));
        }
        defined.push(id.to_owned());
    }
    Ok(Supplied { kind, tag, name: name.to_owned(), source: source.to_owned(), ids: defined })
}

/// One locale of a [`Layered`] catalog set.
struct Layer {
    tag: String,
    lang: LanguageIdentifier,
    /// Its built-in catalog, an index into [`LOCALES`].
    builtin: Option<usize>,
    /// Its supplied messages.
    supplied: Option<Bundle>,
    /// The layers to look a message up in, this one first and English last.
    chain: Vec<usize>,
}

/// The built-in catalogs with supplied messages on top: the built-in locales first (as in
/// [`LOCALES`]), then the added ones.
struct Layered {
    layers: Vec<Layer>,
    /// What it was built from, to build each distinct set once.
    resources: Vec<Supplied>,
}

impl std::fmt::Debug for Layered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tags: Vec<&str> = self.layers.iter().map(|l| l.tag.as_str()).collect();
        f.debug_struct("Layered").field("locales", &tags).finish()
    }
}

/// A message found in a [`Layered`] catalog set.
struct Found<'a> {
    layer: usize,
    supplied: bool,
    bundle: &'a Bundle,
}

impl Layered {
    /// The catalogs for `resources`: built once per distinct set of resources and kept for the
    /// life of the process, so that [`Localizer`] stays a `Copy` handle.
    fn intern(resources: &[Supplied]) -> &'static Layered {
        static BUILT: Mutex<Vec<&'static Layered>> = Mutex::new(Vec::new());
        let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(layered) = built.iter().find(|l| l.resources == resources) {
            return layered;
        }
        let layered: &'static Layered = Box::leak(Box::new(Layered::build(resources)));
        built.push(layered);
        layered
    }

    fn build(resources: &[Supplied]) -> Layered {
        let mut layers: Vec<Layer> = LOCALES
            .iter()
            .enumerate()
            .map(|(i, tag)| Layer {
                tag: (*tag).to_owned(),
                lang: tag.parse().unwrap_or_default(),
                builtin: Some(i),
                supplied: None,
                chain: Vec::new(),
            })
            .collect();
        // Every kind goes into the locale's one supplied bundle: their ids are disjoint.
        for resource in resources {
            let index = match layers.iter().position(|l| l.tag == resource.tag) {
                Some(index) => index,
                None => {
                    layers.push(Layer {
                        tag: resource.tag.clone(),
                        lang: resource.tag.parse().unwrap_or_default(),
                        builtin: None,
                        supplied: None,
                        chain: Vec::new(),
                    });
                    layers.len() - 1
                }
            };
            if let Some(layer) = layers.get_mut(index) {
                let bundle = layer.supplied.get_or_insert_with(|| new_bundle(layer.lang.clone()));
                // Checked when supplied: it parses and defines no id twice.
                let _ = bundle.add_resource(parse_resource(&resource.source));
            }
        }
        let chains: Vec<Vec<usize>> = (0..layers.len()).map(|i| chain(&layers, i)).collect();
        for (layer, chain) in layers.iter_mut().zip(chains) {
            layer.chain = chain;
        }
        Layered { layers, resources: resources.to_vec() }
    }

    /// Negotiation among every layer; see [`Messages::negotiate`].
    fn negotiate(&'static self, requested: &[&str]) -> Localizer {
        let available: Vec<LanguageIdentifier> = self.layers.iter().map(|l| l.lang.clone()).collect();
        let requested: Vec<LanguageIdentifier> = requested
            .iter()
            .filter_map(|tag| {
                let base = posix_base(tag);
                let exact = self.layers.iter().find(|l| l.builtin.is_none() && l.tag.eq_ignore_ascii_case(&base));
                exact.map(|l| l.lang.clone()).or_else(|| parse_tag(tag))
            })
            .collect();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            available.first(),
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        let index = chosen.first().and_then(|c| self.layers.iter().position(|l| &l.lang == *c)).unwrap_or(0);
        Localizer { index, supplied: Some(self) }
    }

    /// The first layer of `index`'s chain with a text for `id`: its supplied text, else its
    /// built-in one.
    fn find(&self, index: usize, id: &str) -> Option<Found<'_>> {
        let builtin = bundles();
        for &layer in &self.layers.get(index)?.chain {
            let Some(l) = self.layers.get(layer) else { continue };
            let supplied = l.supplied.as_ref().map(|b| (true, b));
            let own = l.builtin.and_then(|i| builtin.get(i)).map(|b| (false, b));
            for (supplied, bundle) in [supplied, own].into_iter().flatten() {
                if bundle.get_message(id).is_some_and(|m| m.value().is_some()) {
                    return Some(Found { layer, supplied, bundle });
                }
            }
        }
        None
    }
}

/// The lookup chain of layer `index`: itself, its less specific forms that are layers
/// (`pt-BR` → `pt`), then English.
fn chain(layers: &[Layer], index: usize) -> Vec<usize> {
    let mut chain = vec![index];
    let Some(layer) = layers.get(index) else { return chain };
    let mut lang = layer.lang.clone();
    let mut shorter = Vec::new();
    if lang.variants().next().is_some() {
        lang.clear_variants();
        shorter.push(lang.clone());
    }
    if lang.region.take().is_some() {
        shorter.push(lang.clone());
    }
    if lang.script.take().is_some() {
        shorter.push(lang.clone());
    }
    for candidate in shorter {
        if let Some(found) = layers.iter().position(|l| l.lang == candidate)
            && !chain.contains(&found)
        {
            chain.push(found);
        }
    }
    // English, the built-in catalog every layer set starts with.
    if !chain.contains(&0) {
        chain.push(0);
    }
    chain
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_have_every_message() {
        assert_eq!(catalog_problems(), Vec::<String>::new());
    }

    #[test]
    fn localizer_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        fn copy<T: Copy>() {}
        check::<Localizer>();
        copy::<Localizer>();
        check::<Bundle>();
    }

    #[test]
    fn junk_ids_and_lines() {
        assert_eq!(junk_id("order-800065 = { $cartId"), Some("order-800065".to_owned()));
        assert_eq!(junk_id("  = nothing"), None);
        assert_eq!(junk_id("just text"), None);
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 4), 3);
    }

    #[test]
    fn chains_end_in_english() {
        let supplied = |tag: &str| Supplied {
            kind: ResourceKind::Errors,
            tag: tag.to_owned(),
            name: format!("{tag}.ftl"),
            source: "label-locale-name = x".to_owned(),
            ids: vec!["label-locale-name".to_owned()],
        };
        let layered = Layered::build(&[supplied("pt"), supplied("pt-BR"), supplied("de")]);
        let tags = |i: usize| -> Vec<&str> {
            layered.layers[i].chain.iter().map(|j| layered.layers[*j].tag.as_str()).collect()
        };
        let index = |tag: &str| layered.layers.iter().position(|l| l.tag == tag).unwrap();
        assert_eq!(tags(index("pt-BR")), ["pt-BR", "pt", "en"]);
        assert_eq!(tags(index("de")), ["de", "en"]);
        assert_eq!(tags(index("fr")), ["fr", "en"]);
        assert_eq!(tags(index("en")), ["en"]);
        assert_eq!(tags(index("zh-TW")), ["zh-TW", "en"]);
    }
}
