//! Localized error descriptions with Project Fluent, and locale negotiation.
//!
//! The four catalogs `locales/{en,fr,ja,zh-TW}/errors.ftl` are compiled into the binary and
//! parsed once, each locale on its first use, into `Send + Sync` bundles shared by every
//! [`Localizer`]. A `Localizer` is a small `Copy` handle naming one of them. Isolation marks are off, so output
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
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::error::{Error, MessagesProblem, StorageKind};
use crate::model::{CartErrorCode, OrderErrorCode};

mod layers;
mod supplied;

use layers::Layered;
pub use supplied::{Messages, ResourceKind};

/// The largest Fluent resource an application may supply, in bytes: 1 MiB (the built-in
/// English `errors.ftl` is under 10 KB). [`Messages::load`] reads at most one byte more of a
/// file (a symlink to `/dev/zero` stops there) and [`Messages::add`] checks the text's length;
/// past it the resource is refused with [`Error::InvalidInput`] of
/// [`TooLong`](crate::InputProblem::TooLong) naming the file (or the name it was added with).
pub const MAX_MESSAGES_FILE_BYTES: usize = 1024 * 1024;

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
pub const QUOTE_MESSAGE_IDS: [&str; 54] = [
    "quote-document-title",
    "quote-heading",
    "quote-number",
    "quote-issued",
    "quote-valid-until",
    "quote-seller",
    "quote-customer",
    "quote-customer-id",
    "quote-contact",
    "quote-email",
    "quote-phone",
    "quote-tax-id",
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
    "quote-customer-name",
    "quote-group-term",
    "quote-line-start",
    "quote-line-commitment-end",
    "quote-line-available-until",
    "quote-trial",
    "quote-usage-charges",
    "quote-summary-heading",
    "quote-col-currency",
    "quote-col-due-first",
    "quote-col-recurring-monthly",
    "quote-col-contract-value",
    "quote-nce-heading",
    "quote-nce-cancellation",
    "quote-nce-seats",
    "quote-nce-price",
    "quote-nce-renewal",
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

/// The part of a locale's built-in catalogs a message is in, each part a bundle of its own
/// ([`bundle`]).
#[derive(Clone, Copy, PartialEq)]
enum Part {
    /// The cart codes' descriptions (the `cart-*` entries of `errors.ftl`): all that reading a
    /// cart with line errors renders.
    CartCodes,
    /// The rest of `errors.ftl`: order codes, `error-*`, `label-*`.
    Errors,
    /// `quote.ftl`: the quote document's labels (`quote-*`).
    Quote,
}

impl Part {
    fn of(id: &str) -> Part {
        if id.starts_with("quote-") {
            Part::Quote
        } else if id.starts_with("cart-") {
            Part::CartCodes
        } else {
            Part::Errors
        }
    }
}

/// The built-in bundle of `LOCALES[index]` holding message `id`'s [`Part`]. Each part of each
/// locale is parsed and loaded on first use, apart from the others: a process that renders
/// English error descriptions parses English `errors.ftl` only (parsing all four locales'
/// catalogs was 8 % of a whole `cartstore cart list` process, and the quote labels with the
/// errors a quarter of what was left), and one that describes a cart's line errors its cart
/// codes only (the whole of `errors.ftl` was 8 % of a `cart list` again). A parse or load
/// error is a bug the tests catch; at run time the entries that did parse are still used.
fn bundle(index: usize, id: &str) -> Option<&'static Bundle> {
    static BUNDLES: [[OnceLock<Bundle>; 4]; 3] = [const { [const { OnceLock::new() }; 4] }; 3];
    let tag = LOCALES.get(index)?;
    let part = Part::of(id);
    Some(BUNDLES.get(part as usize)?.get(index)?.get_or_init(|| {
        let errors = SOURCES.get(index).copied().unwrap_or_default();
        let source = match part {
            Part::CartCodes | Part::Errors => Cow::Owned(entries(errors, |id| Part::of(id) == part)),
            Part::Quote => Cow::Borrowed(QUOTE_SOURCES.get(index).copied().unwrap_or_default()),
        };
        let mut bundle = new_bundle(tag.parse().unwrap_or_default());
        // A duplicate id is a bug `catalog_problems` reports (tested); the first definition
        // wins at run time.
        let _ = bundle.add_resource(parse_resource(&source));
        bundle
    }))
}

/// The entries of the Fluent source `source` that are terms or messages whose id `keep`
/// accepts, in their order (comments left out). As Fluent reads it, an entry starts on a line
/// that starts with a letter (a message), `-` (a term) or `#` (a comment); every other line
/// (indented, blank, a select's closing `}`) goes on with the entry before it.
fn entries(source: &str, keep: impl Fn(&str) -> bool) -> String {
    let mut kept = String::with_capacity(source.len());
    let mut keeping = false;
    for line in source.split_inclusive('\n') {
        match line.bytes().next() {
            Some(b'#') => keeping = false,
            Some(b'-') => keeping = true,
            Some(first) if first.is_ascii_alphabetic() => {
                keeping = keep(line.split(|c: char| c == '=' || c.is_whitespace()).next().unwrap_or_default());
            }
            _ => {}
        }
        if keeping {
            kept.push_str(line);
        }
    }
    kept
}

/// Every message id the library renders.
fn message_ids() -> Vec<String> {
    let mut ids: Vec<String> = CartErrorCode::ALL.iter().map(|c| cart_message_id(*c)).collect();
    ids.extend(OrderErrorCode::ALL.iter().map(|c| order_message_id(*c)));
    ids.extend(
        [
            "error-order-not-found",
            "error-quote-not-found",
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
            "error-with-database-server",
            "error-file",
            "error-cart-submitting",
            "error-submission-not-found",
            "error-partner-center",
            "error-partner-center-unavailable",
            "error-authentication-required",
            "error-availability",
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
    code.message_id().to_owned()
}

/// The Fluent id of an order error code's message: `order-800065`.
///
/// ```
/// use cartstore::OrderErrorCode;
/// let code = OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered;
/// assert_eq!(cartstore::l10n::order_message_id(code), "order-800065");
/// ```
pub fn order_message_id(code: OrderErrorCode) -> String {
    code.message_id().to_owned()
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

    /// The best locale for `requested` among the same catalogs as this localizer: the built-in
    /// ones and, when this localizer renders supplied [`Messages`], their locales too, with
    /// those messages layered on top (as [`Messages::negotiate`] on the messages it came from).
    /// A built-in localizer negotiates as [`Localizer::negotiate`].
    ///
    /// This is how a language asked for later (a customer's quote language, a locale passed
    /// to the C ABI) keeps an application's own messages: the store's localizer negotiates it.
    ///
    /// ```
    /// use cartstore::l10n::{Messages, ResourceKind};
    /// # fn main() -> Result<(), cartstore::Error> {
    /// let mut messages = Messages::new();
    /// messages.add(ResourceKind::Quote, "de", "de/quote.ftl", "quote-heading = Angebot")?;
    /// let store_locale = messages.negotiate(&["en"]);
    /// let de = store_locale.negotiate_with(&["de-DE"]);
    /// assert_eq!(de.locale(), "de");
    /// assert_eq!(de.message("quote-heading", &[]), "Angebot");
    /// // A built-in localizer knows only the built-in locales.
    /// assert_eq!(cartstore::Localizer::default().negotiate_with(&["de"]).locale(), "en");
    /// # Ok(()) }
    /// ```
    pub fn negotiate_with(&self, requested: &[&str]) -> Localizer {
        match self.supplied {
            None => Localizer::negotiate(requested),
            Some(layered) => layered.negotiate(requested),
        }
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
        self.render(code.message_id(), &[]).unwrap_or_else(|| code.name().to_owned())
    }

    /// The description of an order error code, with its arguments (`cartId` for 800064 and
    /// 800065, `orderId` and `customerId` for 800063, `to` and `from` for 800040).
    pub fn order_error(&self, code: OrderErrorCode, args: &[(&str, &str)]) -> String {
        self.render(code.message_id(), args).unwrap_or_else(|| code.name().to_owned())
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
            Error::QuoteNotFound { quote_number } => {
                self.message("error-quote-not-found", &[("quoteNumber", quote_number)])
            }
            Error::SchemaTooNew { found, supported } => self.message(
                "error-schema-too-new",
                &[("found", &found.to_string()), ("supported", &supported.to_string())],
            ),
            Error::NotADatabase { path } => self.message("error-not-a-database", &[("path", path)]),
            Error::CartSubmitting { cart_id } => self.message("error-cart-submitting", &[("cartId", cart_id)]),
            Error::SubmissionNotFound { submission_id } => {
                self.message("error-submission-not-found", &[("submissionId", submission_id)])
            }
            // A code the seeds name is described in the locale's words; another keeps Partner
            // Center's own (English) text, introduced in the locale's words.
            Error::PartnerCenter { code, description, status, .. } => match err.order_code() {
                Some(order_code) => {
                    self.order_error(order_code, &[("cartId", ""), ("orderId", ""), ("customerId", "")])
                }
                None => self.message(
                    "error-partner-center",
                    &[("code", &code.to_string()), ("status", &status.to_string()), ("description", description)],
                ),
            },
            Error::PartnerCenterUnavailable { endpoint, .. } => {
                self.message("error-partner-center-unavailable", &[("endpoint", endpoint)])
            }
            Error::AuthenticationRequired { .. } => self.message("error-authentication-required", &[]),
            Error::AvailabilityNotResolved { line_id, catalog_item_id, count } => self.message(
                "error-availability",
                &[
                    ("lineId", &line_id.to_string()),
                    ("catalogItemId", catalog_item_id),
                    ("count", &count.to_string()),
                    ("found", if *count == 0 { "none" } else { "several" }),
                ],
            ),
            // `$server` is the server (`host:port`) an unavailable store names; the other kinds'
            // texts do not use it.
            Error::Storage { kind, detail, .. } => {
                let server = if *kind == StorageKind::Unavailable { detail.as_str() } else { "" };
                self.message("error-storage", &[("kind", kind.key()), ("server", server)])
            }
            Error::File { path, operation, reason } => {
                self.message("error-file", &[("operation", operation.key()), ("path", path), ("reason", reason)])
            }
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
                    MessagesProblem::UnknownVariable { name }
                    | MessagesProblem::UnknownReference { name }
                    | MessagesProblem::Reference { name } => ("", name.as_str(), ""),
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
        self.render(id, args).unwrap_or_else(|| id.to_owned())
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
                if bundle(self.index, id).is_some_and(|b| b.has_message(id)) {
                    Some(Origin::BuiltIn)
                } else if bundle(0, id).is_some_and(|b| b.has_message(id)) {
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
                let builtin = layered.layers.get(self.index).and_then(|l| l.builtin).and_then(|i| bundle(i, id));
                if builtin.is_some_and(|b| b.has_message(id)) { Some(Origin::Overridden) } else { Some(Origin::Added) }
            }
        }
    }

    /// Message `id` formatted with the arguments of `args` it reads; `None` when no locale
    /// of this one's chain has it.
    fn render(&self, id: &str, args: &[(&str, &str)]) -> Option<String> {
        let (bundle, pattern) = match self.supplied {
            Some(layered) => {
                let found = layered.find(self.index, id)?;
                (found.bundle, found.bundle.get_message(id).and_then(|m| m.value())?)
            }
            // English (the fallback) is loaded only when this locale lacks the message.
            None => [self.index, 0]
                .into_iter()
                .filter_map(|index| bundle(index, id))
                .find_map(|bundle| bundle.get_message(id).and_then(|m| m.value()).map(|pattern| (bundle, pattern)))?,
        };
        let args = read_args(pattern, args);
        let mut errors = Vec::new();
        Some(bundle.format_pattern(pattern, args.as_ref(), &mut errors).into_owned())
    }
}

/// The arguments of `args` that `pattern` reads, as Fluent arguments (`None`: it reads none
/// of them). A caller may pass every argument it has whatever the message (rendering each
/// order error code with the same five arguments is what `examples/perf` measures), and each
/// one set is a sorted insert into Fluent's argument list: setting five was about a third of
/// such a description's time. A pattern that references another message or a term, which may
/// read more, is given them all.
fn read_args<'a>(pattern: &ast::Pattern<&str>, args: &[(&'a str, &'a str)]) -> Option<FluentArgs<'a>> {
    if args.is_empty() {
        return None;
    }
    let mut read = Variables::default();
    supplied::walk(pattern, &mut read);
    let mut fluent_args: Option<FluentArgs<'a>> = None;
    for (name, value) in args.iter().filter(|(name, _)| read.reads(name)) {
        fluent_args
            .get_or_insert_with(|| FluentArgs::with_capacity(args.len()))
            .set(*name, FluentValue::String(Cow::Borrowed(*value)));
    }
    fluent_args
}

/// The variables a Fluent pattern reads, as [`read_args`] gathers them: up to
/// [`Variables::MAX`] names, or any (`all`: more than that, or a reference to another message
/// or a term).
#[derive(Default)]
struct Variables<'p> {
    names: [&'p str; Variables::MAX],
    len: usize,
    all: bool,
}

impl<'p> Variables<'p> {
    /// The names kept before any is assumed read (the built-in messages read at most three).
    const MAX: usize = 8;

    /// Whether the pattern reads variable `name`.
    fn reads(&self, name: &str) -> bool {
        self.all || self.names.iter().take(self.len).any(|n| *n == name)
    }

    fn note(&mut self, name: &'p str) {
        if self.reads(name) {
            return;
        }
        match self.names.get_mut(self.len) {
            Some(slot) => {
                *slot = name;
                self.len += 1;
            }
            None => self.all = true,
        }
    }
}

impl<'p> supplied::Visitor<'p> for Variables<'p> {
    fn variable(&mut self, name: &'p str) {
        self.note(name);
    }

    fn message(&mut self, _: &'p str) {
        self.all = true;
    }

    fn term(&mut self, _: &'p str) {
        self.all = true;
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

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests;
