//! `cartstore errors`: every cart and order error code with its description in the chosen
//! locale, as a table or (`--json`) one JSON document; with `--messages`, each description is
//! marked with where its text comes from (built-in, overridden, added, fallback).

use cartstore::l10n::{Origin, cart_message_id, order_message_id};
use cartstore::{CartErrorCode, Localizer, OrderErrorCode};
use serde::Serialize;

use super::io::{self, Outcome};

/// One code of the `errors` listing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeDescription {
    code: i32,
    name: &'static str,
    description: String,
    /// With `--messages`: `built-in`, `overridden`, `added` or `fallback`.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'static str>,
    /// The locale a fallback comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback_locale: Option<&'static str>,
}

impl CodeDescription {
    /// `description` of message `id`, marked with its origin when `marked`.
    fn new(l10n: Localizer, marked: bool, id: &str, (code, name): (i32, &'static str), description: String) -> Self {
        let (origin, fallback_locale) = match l10n.origin(id) {
            _ if !marked => (None, None),
            Some(Origin::BuiltIn) => (Some("built-in"), None),
            Some(Origin::Overridden) => (Some("overridden"), None),
            Some(Origin::Added) => (Some("added"), None),
            Some(Origin::Fallback { locale, .. }) => (Some("fallback"), Some(locale)),
            _ => (None, None),
        };
        CodeDescription { code, name, description, origin, fallback_locale }
    }

    /// The origin column of the table: `added`, `fallback (en)`.
    fn origin_cell(&self) -> String {
        match (self.origin, self.fallback_locale) {
            (Some(origin), Some(locale)) => format!("{origin} ({locale})"),
            (Some(origin), None) => origin.to_owned(),
            _ => String::new(),
        }
    }
}

/// The `errors --json` document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorCodes {
    locale: &'static str,
    cart_error_codes: Vec<CodeDescription>,
    order_error_codes: Vec<CodeDescription>,
}

/// The arguments of order error descriptions, shown as placeholders (`{cartId}`).
const PLACEHOLDERS: [(&str, &str); 5] = [
    ("cartId", "{cartId}"),
    ("orderId", "{orderId}"),
    ("customerId", "{customerId}"),
    ("to", "{to}"),
    ("from", "{from}"),
];

/// The `errors` listing; `marked` (with `--messages`) adds each description's origin.
pub(super) fn errors(l10n: Localizer, json: bool, marked: bool) -> Outcome {
    let codes = ErrorCodes {
        locale: l10n.locale(),
        cart_error_codes: CartErrorCode::ALL
            .iter()
            .map(|c| {
                CodeDescription::new(l10n, marked, &cart_message_id(*c), (c.code(), c.name()), l10n.cart_error(*c))
            })
            .collect(),
        order_error_codes: OrderErrorCode::ALL
            .iter()
            .map(|c| {
                let description = l10n.order_error(*c, &PLACEHOLDERS);
                CodeDescription::new(l10n, marked, &order_message_id(*c), (c.code(), c.name()), description)
            })
            .collect(),
    };
    if json {
        return io::print_json(&codes);
    }
    let rows = |list: &[CodeDescription]| -> Vec<Vec<String>> {
        list.iter()
            .map(|c| {
                let mut row = vec![c.code.to_string(), c.name.to_owned(), c.description.clone()];
                if marked {
                    row.insert(2, c.origin_cell());
                }
                row
            })
            .collect()
    };
    let (header, right): (&[&str], &[bool]) = if marked {
        (&["Code", "Name", "Origin", "Description"], &[true, false, false, false])
    } else {
        (&["Code", "Name", "Description"], &[true, false, false])
    };
    let language = l10n.message("label-locale-name", &[]);
    let mut text = format!("Cart error codes (line items), {language} ({})\n", l10n.locale());
    text.push_str(&io::table(header, &rows(&codes.cart_error_codes), right, "  "));
    text.push_str(&format!("\nOrder error codes, {language} ({})\n", l10n.locale()));
    text.push_str(&io::table(header, &rows(&codes.order_error_codes), right, "  "));
    if marked {
        let all = || codes.cart_error_codes.iter().chain(&codes.order_error_codes);
        let count = |origin: &str| all().filter(|c| c.origin == Some(origin)).count();
        text.push_str(&format!(
            "\n{}: {} built-in, {} overridden, {} added, {} fall back\n",
            l10n.locale(),
            count("built-in"),
            count("overridden"),
            count("added"),
            count("fallback"),
        ));
    }
    io::print_text(&text)
}
