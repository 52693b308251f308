//! Localization tests (DESIGN.md section 6).
//!
//! - every cart and order code, and every `Error`, renders cleanly in every locale;
//! - the exact texts match the seed pages: literal tables copied from the seeds (markup rule
//!   applied by hand), plus a cross-check that parses the seeds themselves when they are present;
//! - arguments land in the right place in every language;
//! - locale negotiation;
//! - `Localizer` is `Send + Sync + Copy` and renders the same from several threads.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Barrier;

use cartstore::l10n::LOCALES;
use cartstore::model::OrderStatus;
use cartstore::{CartChange, CartErrorCode, Error, InputProblem, Localizer, OrderErrorCode, StorageKind};

use crate::fixtures::seeds_dir;

type TestResult = Result<(), Box<dyn std::error::Error>>;

// ---------------------------------------------------------------------------------------------
// Arguments and helpers
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// 1. Everything renders cleanly in every locale
// ---------------------------------------------------------------------------------------------

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
struct Sample {
    what: String,
    error: Error,
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

const STORAGE_KINDS: [StorageKind; 6] = [
    StorageKind::Full,
    StorageKind::ReadOnly,
    StorageKind::Busy,
    StorageKind::Io,
    StorageKind::Corrupt,
    StorageKind::Other,
];

/// Every `Error` variant, every `InputProblem`, every `StorageKind`.
fn samples() -> Vec<Sample> {
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
    for (problem, shows) in input_problems() {
        all.push(Sample {
            what: format!("InvalidInput {}", problem.key()),
            error: Error::invalid(FIELD, problem),
            shows,
            same_as: None,
            group: Some("InputProblem"),
        });
    }
    for kind in STORAGE_KINDS {
        all.push(Sample {
            what: format!("Storage {}", kind.key()),
            error: Error::Storage { kind, detail: "disk I/O error".to_owned() },
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

// ---------------------------------------------------------------------------------------------
// 2. Exact texts, copied from the seed pages
// ---------------------------------------------------------------------------------------------
//
// Markup rule (DESIGN.md section 6): `**` and backticks removed, a space left by that removal
// directly before closing punctuation dropped; `{0}`/`{1}` rendered with the values of
// `order_args` (800040: to=active, from=suspended; 800063: O-4711, C-0815; 800064/5: K-3655).

/// en, cart codes: seed 003 (CartErrorCode table).
const EN_CART_003: &[(i32, &str)] = &[
    (0, "Default value"),
    (10000, "Currency isn't supported for given market"),
    (10001, "Catalog item ID isn't valid"),
    (10002, "Not enough quota available"),
    (10003, "Inventory isn't available for selected offer"),
    (10004, "Setting participants isn't supported for Partner"),
    (10006, "Unable to process cart line item."),
    (10007, "Subscription isn't valid."),
    (10008, "Subscription isn't enabled for reservation purchases."),
    (10009, "The sandbox limit has been exceeded."),
    (10010, "Generic input isn't valid."),
    (10011, "Subscription isn't valid."),
    (10012, "Attestation hasn't been accepted."),
    (10015, "Requested number of seats exceeds the limit."),
];

/// en, cart codes in no seed: the .NET SDK's summaries.
const EN_CART_SDK: &[(i32, &str)] = &[
    (10013, "Billing plan is not supported."),
    (10014, "The caller passed an invalid promotionId."),
    (10016, "Custom term end date can only be set for non-trial modern office products with a term duration."),
    (10017, "The custom term end date is invalid."),
    (10018, "The base offer seat quantity has not been met to purchase the addon."),
    (10019, "The minimum seats have not been met to purchase the addon."),
    (500600, "The legacy offer is no longer eligible for purchase."),
];

/// en, order codes: the English of seed 001's OrderErrorCode table (800042 is Japanese there).
const EN_ORDER_001: &[(i32, &str)] = &[
    (800001, "Partner Token missing in request context."),
    (800002, "Invalid request input."),
    (800003, "Unexpected service error."),
    (800004, "Invalid offer ID."),
    (800005, "Create order is not successful."),
    (800007, "Unable to retrieve provisioning information."),
    (800008, "Unable to retrieve cart ID."),
    (800009, "Error in Cart item(s)."),
    (800010, "Inventory is not available for this catalog item."),
    (800011, "This subscription is not a valid Azure subscription."),
    (800012, "This subscription is not an active subscription."),
    (800013, "This subscription is not enabled for RI purchase."),
    (800014, "There is a pending adjustment requested for this order."),
    (800015, "MPN Id is not found."),
    (800016, "MPN Id is not a valid Indirect Reseller."),
    (800017, "The quantity is not available for this catalog item."),
    (800018, "The sandbox limit has been met."),
    (800019, "This operation is only enabled for sandbox tenants."),
    (800020, "The catalog item is not eligible for purchase."),
    (800021, "This subscription is not a valid subscription."),
    (800022, "You may be eligible for this transaction. Please contact Support for help."),
    (
        800023,
        "You are not eligible for this transaction because your Credit Line is not reaching minimum threshold for this purchase.Please update your order(or) contact Support for help.",
    ),
    (800024, "You are not eligible for this transaction."),
    (
        800025,
        "You are not eligible for this transaction because your Credit Line is not reaching minimum threshold for this purchase. Please update your order (or) contact Support for help.",
    ),
    (800026, "You are not eligible for this transaction."),
    (800030, "This subscription is not registered."),
    (800031, "Purchase system not supported."),
    (800036, "Pre-condition failed."),
    (800037, "Asset ID not found."),
    (800038, "Asset FutureBillingInfo not found."),
    (800039, "Reseller program status is not active."),
    (800040, "Asset status cannot be changed to active from suspended."),
    (800041, "This item has already been activated."),
    (800043, "Access to pricing information is not granted."),
    (800060, "Your order is in progress. Please check your order history for recent orders in few minutes."),
    (800061, "Order cannot be cancelled."),
    (800062, "You are not eligible for this transaction."),
    (
        800063,
        "This order O-4711 cannot be cancelled. Use PATCH /customers/C-0815/subscriptions/<subscriptionId> to suspend subscriptions.",
    ),
    (800064, "Cart K-3655 is being processed by another request."),
    (800065, "Cannot checkout an already submitted cart K-3655."),
];

/// en, the project's own translation of the one order row seed 001 has in Japanese.
const EN_ORDER_OWN: &[(i32, &str)] = &[(800042, "Not supported.")];

/// fr, cart codes: seed 000.
const FR_CART_000: &[(i32, &str)] = &[
    (0, "Valeur par défaut."),
    (10000, "La devise n’est pas prise en charge pour le marché spécifié."),
    (10001, "L’ID d’élément de catalogue n’est pas valide."),
    (10002, "Le quota disponible est insuffisant."),
    (10003, "L’inventaire n’est pas disponible pour l’offre sélectionnée."),
    (10004, "La définition des participants n’est pas prise en charge pour ce partenaire."),
    (10006, "Impossible de traiter l’élément de ligne de panier."),
    (10007, "L’abonnement n’est pas valide."),
    (10008, "L’abonnement n’est pas activé pour les réservations Azure."),
    (10009, "La limite du bac à sable (sandbox) a été dépassée."),
];

/// fr, order codes: seed 000.
const FR_ORDER_000: &[(i32, &str)] = &[
    (800001, "Jeton de partenaire manquant dans le contexte de la requête."),
    (800002, "Entrée de demande non valide."),
    (800003, "Erreur de service inattendue."),
    (800004, "ID d’offre non valide."),
    (800005, "Échec de la création d’une commande."),
    (800007, "Impossible de récupérer les informations de configuration."),
    (800008, "Impossible de récupérer l’ID du panier."),
    (800009, "Erreur dans le ou les éléments du panier."),
    (800010, "L’inventaire n’est pas disponible pour cet élément de catalogue."),
    (800011, "Cet abonnement n’est pas un abonnement Azure valide."),
    (800012, "Cet abonnement n’est pas un abonnement actif."),
    (800013, "Cet abonnement n’est pas activé pour l’achat RI."),
    (800014, "Une modification en attente est demandée pour cette commande."),
    (800015, "ID MPN introuvable."),
    (800016, "L’ID MPN n’est pas un revendeur indirect valide."),
    (800017, "La quantité n’est pas disponible pour cet élément de catalogue."),
    (800018, "La limite du bac à sable (sandbox) a été respectée."),
    (800019, "Cette opération est uniquement activée pour les locataires sandbox."),
    (800020, "L’élément du catalogue ne peut pas être acheté."),
    (800021, "Cet abonnement n’est pas un abonnement valide."),
    (
        800022,
        "Vous pouvez être éligible pour cette transaction. Veuillez contacter le support technique pour obtenir de l’aide.",
    ),
    (
        800023,
        "Vous n’êtes pas éligible à cette transaction, car votre ligne de crédit n’atteint pas le seuil minimal pour cet achat. Veuillez mettre à jour votre commande (ou) Contacter le support technique pour obtenir de l’aide.",
    ),
    (800024, "Vous n’êtes pas éligible pour cette transaction."),
    (
        800025,
        "Vous n’êtes pas éligible à cette transaction, car votre ligne de crédit n’atteint pas le seuil minimal pour cet achat. Veuillez mettre à jour votre commande (ou) Contacter le support technique pour obtenir de l’aide.",
    ),
    (800026, "Vous n’êtes pas éligible pour cette transaction."),
    (800030, "Cet abonnement n’est pas inscrit."),
    (800031, "Le système d’achat n’est pas pris en charge."),
    (800036, "Échec de la condition préalable."),
    (800037, "ID d’élément multimédia introuvable."),
    (800038, "FutureBillingInfo de ressource introuvable."),
    (800039, "L’état du programme du revendeur n’est pas actif."),
    (800040, "L’état de la ressource ne peut pas être remplacé par active à partir de suspended."),
    (800041, "Cet élément a déjà été activé."),
    (800042, "Non pris en charge."),
    (800043, "L’accès aux informations de tarification n’est pas accordé."),
    (
        800060,
        "Votre commande est en cours. Veuillez consulter l’historique des commandes récemment en quelques minutes.",
    ),
    (800061, "Impossible d’annuler l’ordre."),
    (800062, "Vous n’êtes pas éligible pour cette transaction."),
    (
        800063,
        "Impossible d’annuler cette commande O-4711. Utilisez PATCH /customers/C-0815/subscriptions/<subscriptionId> pour suspendre les abonnements.",
    ),
    (800064, "Le K-3655 du panier est en cours de traitement par une autre demande."),
    (800065, "Impossible d’extraire une K-3655 de panier déjà soumise."),
];

/// zh-TW, cart codes: seed 004.
const ZH_TW_CART_004: &[(i32, &str)] = &[
    (0, "預設值。"),
    (10000, "指定的市場不支援貨幣。"),
    (10001, "目錄專案識別碼無效。"),
    (10002, "可用的配額不足。"),
    (10003, "選取的供應專案無法使用清查。"),
    (10004, "此合作夥伴不支援設定參與者。"),
    (10006, "無法處理購物車明細專案。"),
    (10007, "訂用帳戶無效。"),
    (10008, "訂用帳戶未啟用 Azure 保留。"),
    (10009, "已超過沙箱限制。"),
];

/// zh-TW, order codes: seed 004.
const ZH_TW_ORDER_004: &[(i32, &str)] = &[
    (800001, "要求內容中缺少合作夥伴 Token。"),
    (800002, "不正確要求輸入。"),
    (800003, "未預期的服務錯誤。"),
    (800004, "供應專案識別碼無效。"),
    (800005, "建立訂單不成功。"),
    (800007, "無法取出布建資訊。"),
    (800008, "無法取出購物車識別碼。"),
    (800009, "購物車專案發生錯誤。"),
    (800010, "此類別目錄專案無法使用清查。"),
    (800011, "此訂用帳戶不是有效的 Azure 訂用帳戶。"),
    (800012, "此訂用帳戶不是有效的訂用帳戶。"),
    (800013, "此訂用帳戶未啟用 RI 購買。"),
    (800014, "此訂單需要暫止的調整。"),
    (800015, "找不到 MPN 識別碼。"),
    (800016, "MPN 識別碼不是有效的間接轉銷商。"),
    (800017, "此類別目錄專案無法使用此數量。"),
    (800018, "已符合沙箱限制。"),
    (800019, "此作業只會針對沙箱租使用者啟用。"),
    (800020, "類別目錄專案不符合購買資格。"),
    (800021, "此訂用帳戶不是有效的訂用帳戶。"),
    (800022, "您可能符合此交易的資格。 請洽詢支援人員以取得協助。"),
    (
        800023,
        "您不符合此交易的資格，因為您的點數線路未達到此購買的最低閾值。請更新您的訂單（或）連絡人支援以取得協助。",
    ),
    (800024, "您不符合此交易的資格。"),
    (
        800025,
        "您不符合此交易的資格，因為您的點數線路未達到此購買的最低閾值。 請更新您的訂單（或）連絡人支援以取得協助。",
    ),
    (800026, "您不符合此交易的資格。"),
    (800030, "此訂用帳戶未註冊。"),
    (800031, "不支援購買系統。"),
    (800036, "前置條件失敗。"),
    (800037, "找不到資產識別碼。"),
    (800038, "找不到資產 FutureBillingInfo。"),
    (800039, "轉售商計畫狀態並非使用中。"),
    (800040, "資產狀態無法從 suspended 變更為 active。"),
    (800041, "這個專案已經啟用。"),
    (800042, "不支援。"),
    (800043, "未授與定價資訊的存取權。"),
    (800060, "您的訂單正在進行中。 請在幾分鐘內檢查訂單歷程記錄中最近的訂單。"),
    (800061, "無法取消訂單。"),
    (800062, "您不符合此交易的資格。"),
    (800063, "無法取消此順序 O-4711。 使用 PATCH /customers/C-0815/subscriptions/<subscriptionId> 來暫止訂閱。"),
    (800064, "購物車 K-3655 正由另一個要求處理。"),
    (800065, "無法簽出已提交的購物車 K-3655。"),
];

/// ja: the only rows seed 001 has in Japanese.
const JA_CART_001: &[(i32, &str)] = &[(0, "既定値です。")];
const JA_ORDER_001: &[(i32, &str)] = &[(800042, "サポートされません。")];

/// Cart codes no seed has in fr or zh-TW: the project's own translations.
const OWN_CART_FR_ZH_TW: &[i32] = &[10010, 10011, 10012, 10013, 10014, 10015, 10016, 10017, 10018, 10019, 500600];

/// The one check of the literal tables: each row's expected text against the localizer.
fn check_rows(failures: &mut Vec<String>, table: &str, locale: &str, kind: Kind, rows: &[(i32, &str)]) {
    let loc = match localizer(locale) {
        Ok(loc) => loc,
        Err(e) => return failures.push(format!("{table}: {e}")),
    };
    for (number, expected) in rows {
        let what = code_label(kind, *number);
        match render(loc, kind, *number) {
            Ok(actual) if actual == *expected => {}
            Ok(actual) => failures
                .push(format!("{table}: {what} in {locale}\n    expected: {expected:?}\n    actual:   {actual:?}")),
            Err(e) => failures.push(format!("{table}: {what} in {locale}: {e}")),
        }
    }
}

/// The rows of a locale's tables (plus its own translations) cover every code of the kind,
/// each exactly once.
fn check_coverage(failures: &mut Vec<String>, locale: &str, kind: Kind, tables: &[&[(i32, &str)]], own: &[i32]) {
    let mut listed: Vec<i32> = tables.iter().flat_map(|t| t.iter().map(|(n, _)| *n)).collect();
    listed.extend_from_slice(own);
    let unique: BTreeSet<i32> = listed.iter().copied().collect();
    if unique.len() != listed.len() {
        failures.push(format!("{locale} {kind:?}: a code is listed twice in the test tables: {listed:?}"));
    }
    let all = all_numbers(kind);
    if unique != all {
        failures.push(format!(
            "{locale} {kind:?}: test tables list {:?}, the crate has {:?}",
            unique.difference(&all).collect::<Vec<_>>(),
            all.difference(&unique).collect::<Vec<_>>()
        ));
    }
}

#[test]
fn en_texts_are_the_seed_and_sdk_texts() {
    let mut failures = Vec::new();
    check_coverage(&mut failures, "en", Kind::Cart, &[EN_CART_003, EN_CART_SDK], &[]);
    check_coverage(&mut failures, "en", Kind::Order, &[EN_ORDER_001, EN_ORDER_OWN], &[]);
    check_rows(&mut failures, "seed 003", "en", Kind::Cart, EN_CART_003);
    check_rows(&mut failures, ".NET SDK", "en", Kind::Cart, EN_CART_SDK);
    check_rows(&mut failures, "seed 001 (English)", "en", Kind::Order, EN_ORDER_001);
    check_rows(&mut failures, "own translation", "en", Kind::Order, EN_ORDER_OWN);
    report("en texts", &failures);
}

#[test]
fn fr_texts_are_the_seed_000_texts() -> TestResult {
    let mut failures = Vec::new();
    check_coverage(&mut failures, "fr", Kind::Cart, &[FR_CART_000], OWN_CART_FR_ZH_TW);
    check_coverage(&mut failures, "fr", Kind::Order, &[FR_ORDER_000], &[]);
    check_rows(&mut failures, "seed 000", "fr", Kind::Cart, FR_CART_000);
    check_rows(&mut failures, "seed 000", "fr", Kind::Order, FR_ORDER_000);
    let (fr, en) = (localizer("fr")?, localizer("en")?);
    for number in OWN_CART_FR_ZH_TW {
        let what = code_label(Kind::Cart, *number);
        let (text, english) = (render(fr, Kind::Cart, *number)?, render(en, Kind::Cart, *number)?);
        if text.trim().is_empty() || text == english || has_han(&text) || has_kana(&text) {
            failures.push(format!("own translation: {what} in fr: expected French text, actual: {text:?}"));
        }
    }
    report("fr texts", &failures);
    Ok(())
}

#[test]
fn zh_tw_texts_are_the_seed_004_texts() -> TestResult {
    let mut failures = Vec::new();
    check_coverage(&mut failures, "zh-TW", Kind::Cart, &[ZH_TW_CART_004], OWN_CART_FR_ZH_TW);
    check_coverage(&mut failures, "zh-TW", Kind::Order, &[ZH_TW_ORDER_004], &[]);
    check_rows(&mut failures, "seed 004", "zh-TW", Kind::Cart, ZH_TW_CART_004);
    check_rows(&mut failures, "seed 004", "zh-TW", Kind::Order, ZH_TW_ORDER_004);
    let (zh, en) = (localizer("zh-TW")?, localizer("en")?);
    for number in OWN_CART_FR_ZH_TW {
        let what = code_label(Kind::Cart, *number);
        let (text, english) = (render(zh, Kind::Cart, *number)?, render(en, Kind::Cart, *number)?);
        if text.trim().is_empty() || text == english || !has_han(&text) || has_kana(&text) {
            failures.push(format!("own translation: {what} in zh-TW: expected Chinese text, actual: {text:?}"));
        }
    }
    report("zh-TW texts", &failures);
    Ok(())
}

#[test]
fn ja_texts_are_japanese() -> TestResult {
    let mut failures = Vec::new();
    check_rows(&mut failures, "seed 001 (Japanese rows)", "ja", Kind::Cart, JA_CART_001);
    check_rows(&mut failures, "seed 001 (Japanese rows)", "ja", Kind::Order, JA_ORDER_001);
    let (ja, en) = (localizer("ja")?, localizer("en")?);
    for kind in [Kind::Cart, Kind::Order] {
        for number in all_numbers(kind) {
            let what = code_label(kind, number);
            let (text, english) = (render(ja, kind, number)?, render(en, kind, number)?);
            if !has_japanese(&text) || text == english {
                failures.push(format!("{what} in ja: expected Japanese text, actual: {text:?} (en: {english:?})"));
            }
        }
    }
    report("ja texts", &failures);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2b. Cross-check against the seed files themselves
// ---------------------------------------------------------------------------------------------

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

/// DESIGN.md section 6: `**` and backticks removed, and a space that removal leaves directly
/// before closing punctuation dropped.
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

// ---------------------------------------------------------------------------------------------
// 3. Arguments in the right places
// ---------------------------------------------------------------------------------------------

#[test]
fn asset_status_change_puts_to_and_from_in_place() -> TestResult {
    let args = [("to", TO), ("from", FROM)];
    let code = OrderErrorCode::AssetStatusChangeNotValid;
    let mut failures = Vec::new();
    for (locale, expected) in [
        ("en", "Asset status cannot be changed to active from suspended."),
        ("fr", "L’état de la ressource ne peut pas être remplacé par active à partir de suspended."),
        ("zh-TW", "資產狀態無法從 suspended 變更為 active。"),
    ] {
        let actual = localizer(locale)?.order_error(code, &args);
        if actual != expected {
            failures.push(format!("800040 in {locale}\n    expected: {expected:?}\n    actual:   {actual:?}"));
        }
    }
    // ja: 「<from> から <to> に変更」 — each status followed by the particle that gives its role.
    let ja = localizer("ja")?.order_error(code, &args);
    let followed_by = |value: &str, particles: &[&str]| {
        ja.split_once(value).is_some_and(|(_, after)| particles.iter().any(|p| after.trim_start().starts_with(p)))
    };
    if !followed_by(FROM, &["から"]) || !followed_by(TO, &["に", "へ"]) {
        failures.push(format!("800040 in ja: expected \"{FROM} から\" and \"{TO} に\", actual: {ja:?}"));
    }
    report("800040 arguments", &failures);
    Ok(())
}

#[test]
fn id_arguments_appear_in_every_language() {
    let cases: [(OrderErrorCode, Vec<String>); 3] = [
        (
            OrderErrorCode::CancelLegacyOrder,
            vec![ORDER_ID.to_owned(), format!("PATCH /customers/{CUSTOMER_ID}/subscriptions/<subscriptionId>")],
        ),
        (OrderErrorCode::CartProcessedByAnotherRequest, vec![CART_ID.to_owned()]),
        (OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered, vec![CART_ID.to_owned()]),
    ];
    let mut failures = Vec::new();
    for loc in Localizer::all() {
        for (code, shows) in &cases {
            let text = loc.order_error(*code, &order_args(*code));
            for value in shows {
                if !text.contains(value.as_str()) {
                    failures.push(format!(
                        "{} in {}: {value:?} missing from {text:?}",
                        code_label(Kind::Order, code.code()),
                        loc.locale()
                    ));
                }
            }
        }
    }
    report("id arguments", &failures);
}

// ---------------------------------------------------------------------------------------------
// 4. Negotiation
// ---------------------------------------------------------------------------------------------

#[test]
fn negotiation_picks_the_first_available_locale() {
    let cases: &[(&[&str], &str)] = &[
        (&["fr-CA"], "fr"),
        (&["fr"], "fr"),
        (&["ja-JP"], "ja"),
        (&["zh-Hant-TW"], "zh-TW"),
        (&["zh-TW"], "zh-TW"),
        (&["zh-Hant"], "zh-TW"),
        (&["de-DE"], "en"),
        (&["not a tag"], "en"),
        (&[], "en"),
        (&["de", "ja"], "ja"),
        (&["en-US"], "en"),
        (&["ja_JP.UTF-8"], "ja"),
        (&["not a tag", "fr-CA", "ja"], "fr"),
    ];
    let mut failures = Vec::new();
    for (requested, expected) in cases {
        let actual = Localizer::negotiate(requested).locale();
        if actual != *expected {
            failures.push(format!("negotiate({requested:?}): expected {expected:?}, actual {actual:?}"));
        }
    }
    for (tag, expected) in
        [("en", Some("en")), ("fr", Some("fr")), ("ja", Some("ja")), ("zh-TW", Some("zh-TW")), ("de", None)]
    {
        let actual = Localizer::for_tag(tag).map(|l| l.locale());
        if actual != expected {
            failures.push(format!("for_tag({tag:?}): expected {expected:?}, actual {actual:?}"));
        }
    }
    report("negotiation", &failures);
}

// ---------------------------------------------------------------------------------------------
// 5. Threads
// ---------------------------------------------------------------------------------------------

fn assert_send_sync_copy<T: Send + Sync + Copy + 'static>() {}

/// Every text of a locale: codes and error descriptions.
fn render_everything(loc: Localizer) -> Vec<String> {
    let mut texts: Vec<String> = CartErrorCode::ALL.iter().map(|c| loc.cart_error(*c)).collect();
    texts.extend(OrderErrorCode::ALL.iter().map(|c| loc.order_error(*c, &order_args(*c))));
    texts.extend(samples().iter().map(|s| loc.describe(&s.error)));
    texts
}

#[test]
fn localizer_renders_the_same_from_four_threads() -> TestResult {
    assert_send_sync_copy::<Localizer>();
    const THREADS: usize = 4;
    const ROUNDS: usize = 10;
    let barrier = Barrier::new(THREADS);
    let results: Vec<Vec<Vec<String>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    let mut last = Vec::new();
                    for round in 0..ROUNDS {
                        // Each thread walks the locales from a different start.
                        let mut locales = Localizer::all();
                        locales.rotate_left((t + round) % LOCALES.len());
                        let mut texts: Vec<(&str, Vec<String>)> =
                            locales.iter().map(|l| (l.locale(), render_everything(*l))).collect();
                        texts.sort_by_key(|(tag, _)| LOCALES.iter().position(|l| l == tag));
                        last = texts.into_iter().map(|(_, t)| t).collect();
                    }
                    last
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect::<Result<Vec<_>, _>>()
    })
    .map_err(|_| "a rendering thread panicked")?;
    let single: Vec<Vec<String>> = Localizer::all().iter().map(|l| render_everything(*l)).collect();
    assert_eq!(results.len(), THREADS);
    for (t, texts) in results.iter().enumerate() {
        assert!(texts == &single, "thread {t} rendered different texts than a single thread");
    }
    Ok(())
}
