//! Exact texts, copied from the seed pages: literal tables of every code's text in en, fr and
//! zh-TW, the Japanese rows of the ja seed, and checks that the project's own translations are
//! in their language.

use std::collections::BTreeSet;

use super::{Kind, TestResult, all_numbers, code_label, has_han, has_japanese, has_kana, localizer, render, report};

// Markup rule (the one the catalogs were made by, `locales/SOURCES.md`): `**` and backticks
// removed, a space left by that removal directly before closing punctuation dropped;
// `{0}`/`{1}` rendered with the values of `order_args` (800040: to=active, from=suspended;
// 800063: O-4711, C-0815; 800064/5: K-3655).

/// en, cart codes: seed 003 (CartErrorCode table).
pub(super) const EN_CART_003: &[(i32, &str)] = &[
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
pub(super) const EN_CART_SDK: &[(i32, &str)] = &[
    (10013, "Billing plan is not supported."),
    (10014, "The caller passed an invalid promotionId."),
    (10016, "Custom term end date can only be set for non-trial modern office products with a term duration."),
    (10017, "The custom term end date is invalid."),
    (10018, "The base offer seat quantity has not been met to purchase the addon."),
    (10019, "The minimum seats have not been met to purchase the addon."),
    (500600, "The legacy offer is no longer eligible for purchase."),
];

/// en, order codes: the English of seed 001's OrderErrorCode table (800042 is Japanese there).
pub(super) const EN_ORDER_001: &[(i32, &str)] = &[
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
pub(super) const EN_ORDER_OWN: &[(i32, &str)] = &[(800042, "Not supported.")];

/// fr, cart codes: seed 000.
pub(super) const FR_CART_000: &[(i32, &str)] = &[
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
pub(super) const FR_ORDER_000: &[(i32, &str)] = &[
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
pub(super) const ZH_TW_CART_004: &[(i32, &str)] = &[
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
pub(super) const ZH_TW_ORDER_004: &[(i32, &str)] = &[
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
pub(super) const JA_CART_001: &[(i32, &str)] = &[(0, "既定値です。")];
pub(super) const JA_ORDER_001: &[(i32, &str)] = &[(800042, "サポートされません。")];

/// Cart codes no seed has in fr or zh-TW: the project's own translations.
pub(super) const OWN_CART_FR_ZH_TW: &[i32] =
    &[10010, 10011, 10012, 10013, 10014, 10015, 10016, 10017, 10018, 10019, 500600];

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
