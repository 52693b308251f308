//! The error JSON of the ABI: `{"code", "errorName", "description", "detail"}`. The first
//! three members are exactly what the CLI prints on stderr; `detail` carries the error's data
//! (`{"error": "Conflict", "cartId": "..."}`), so that [`describe`] (and so
//! `cartstore_describe_error`) can render the same error again in any locale.

use std::any::Any;

use cartstore::{
    CartChange, Error, FileOperation, InputProblem, Localizer, MessagesProblem, OrderErrorCode, OrderStatus,
    StorageKind,
};
use serde_json::{Value, json};

/// The code of a caught panic (the crate's own codes are 9000xx; this one is the ABI's).
pub const CARTSTORE_PANIC_CODE: i32 = 900_000;

/// The error JSON: the CLI's three members, in the CLI's order, then `detail`.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    code: i32,
    error_name: &'a str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<Value>,
}

/// The error JSON of `err`, described in `l10n`'s locale.
pub fn error_json(err: &Error, l10n: Localizer) -> String {
    let body =
        ErrorBody { code: err.code(), error_name: err.name(), description: l10n.describe(err), detail: detail(err) };
    serde_json::to_string(&body).unwrap_or_else(|_| format!("{{\"code\":{}}}", err.code()))
}

/// The error JSON of a caught panic, in English (code [`CARTSTORE_PANIC_CODE`], `Panic`).
pub fn panic_json(payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    let body = ErrorBody {
        code: CARTSTORE_PANIC_CODE,
        error_name: "Panic",
        description: format!("Internal error in cartstore (a bug): {message}"),
        detail: None,
    };
    serde_json::to_string(&body).unwrap_or_default()
}

/// The data of `err` as a JSON object, `error` naming the variant; `None` for a variant this
/// build does not know (the enum is non-exhaustive).
pub fn detail(err: &Error) -> Option<Value> {
    Some(match err {
        Error::CartNotFound { cart_id } => json!({"error": "CartNotFound", "cartId": cart_id}),
        Error::CartExpired { cart_id } => json!({"error": "CartExpired", "cartId": cart_id}),
        Error::CartAlreadyOrdered { cart_id } => json!({"error": "CartAlreadyOrdered", "cartId": cart_id}),
        Error::CartAlreadyOrderedCannotChange { cart_id, operation } => {
            json!({"error": "CartAlreadyOrderedCannotChange", "cartId": cart_id, "operation": operation.key()})
        }
        Error::CartBusy { cart_id } => json!({"error": "CartBusy", "cartId": cart_id}),
        Error::Conflict { cart_id } => json!({"error": "Conflict", "cartId": cart_id}),
        Error::OrderNotFound { order_id } => json!({"error": "OrderNotFound", "orderId": order_id}),
        Error::QuoteNotFound { quote_number } => json!({"error": "QuoteNotFound", "quoteNumber": quote_number}),
        Error::OrderCannotBeCancelled { order_id, status } => {
            json!({"error": "OrderCannotBeCancelled", "orderId": order_id, "status": status.as_str()})
        }
        Error::InvalidInput { field, problem } => {
            let mut value = json!({"error": "InvalidInput", "field": field, "problem": problem.key()});
            match problem {
                InputProblem::TooLong { max } | InputProblem::TooMany { max } | InputProblem::TooDeep { max } => {
                    set(&mut value, "max", json!(max));
                }
                InputProblem::Syntax { detail } => set(&mut value, "detail", json!(detail)),
                _ => {}
            }
            value
        }
        Error::SchemaTooNew { found, supported } => {
            json!({"error": "SchemaTooNew", "found": found, "supported": supported})
        }
        Error::NotADatabase { path } => json!({"error": "NotADatabase", "path": path}),
        Error::InvalidMessages { resource, line, id, problem } => {
            let mut value = json!({"error": "InvalidMessages", "resource": resource, "line": line, "id": id,
                                   "problem": problem.key()});
            match problem {
                MessagesProblem::Syntax { detail } | MessagesProblem::Unreadable { detail } => {
                    set(&mut value, "detail", json!(detail));
                }
                MessagesProblem::UnknownVariable { name }
                | MessagesProblem::UnknownReference { name }
                | MessagesProblem::Reference { name } => {
                    set(&mut value, "name", json!(name));
                }
                MessagesProblem::BadLocale { tag } => set(&mut value, "tag", json!(tag)),
                _ => {}
            }
            value
        }
        Error::Storage { kind, detail, .. } => json!({"error": "Storage", "kind": kind.key(), "detail": detail}),
        Error::File { path, operation, reason } => {
            json!({"error": "File", "path": path, "operation": operation.key(), "reason": reason})
        }
        _ => return None,
    })
}

/// Sets `value[key]` on a JSON object.
fn set(value: &mut Value, key: &str, member: Value) {
    if let Some(object) = value.as_object_mut() {
        object.insert(key.to_owned(), member);
    }
}

/// The error `detail` describes (the inverse of [`detail`]).
pub fn from_detail(detail: &Value) -> Option<Error> {
    let text = |name: &str| detail.get(name).and_then(Value::as_str).map(str::to_owned);
    let int = |name: &str| detail.get(name).and_then(Value::as_i64);
    let size = |name: &str| detail.get(name).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
    let cart_id = || text("cartId");
    let order_id = || text("orderId");
    Some(match detail.get("error")?.as_str()? {
        "CartNotFound" => Error::CartNotFound { cart_id: cart_id()? },
        "CartExpired" => Error::CartExpired { cart_id: cart_id()? },
        "CartAlreadyOrdered" => Error::CartAlreadyOrdered { cart_id: cart_id()? },
        "CartAlreadyOrderedCannotChange" => {
            let op = text("operation")?;
            let operation = CartChange::ALL.iter().copied().find(|c| c.key() == op)?;
            Error::CartAlreadyOrderedCannotChange { cart_id: cart_id()?, operation }
        }
        "CartBusy" => Error::CartBusy { cart_id: cart_id()? },
        "Conflict" => Error::Conflict { cart_id: cart_id()? },
        "OrderNotFound" => Error::OrderNotFound { order_id: order_id()? },
        "QuoteNotFound" => Error::QuoteNotFound { quote_number: text("quoteNumber")? },
        "OrderCannotBeCancelled" => {
            Error::OrderCannotBeCancelled { order_id: order_id()?, status: OrderStatus::parse(&text("status")?)? }
        }
        "InvalidInput" => {
            let problem = match text("problem")?.as_str() {
                "missing" => InputProblem::Missing,
                "too-long" => InputProblem::TooLong { max: size("max")? },
                "too-many" => InputProblem::TooMany { max: size("max")? },
                "too-deep" => InputProblem::TooDeep { max: size("max")? },
                "duplicate" => InputProblem::Duplicate,
                "not-whole-number" => InputProblem::NotWholeNumber,
                "out-of-range" => InputProblem::OutOfRange,
                "wrong-type" => InputProblem::WrongType,
                "syntax" => InputProblem::Syntax { detail: text("detail")? },
                "not-allowed" => InputProblem::NotAllowed,
                "invalid" => InputProblem::Invalid,
                _ => return None,
            };
            Error::InvalidInput { field: text("field")?, problem }
        }
        "SchemaTooNew" => Error::SchemaTooNew { found: int("found")?, supported: int("supported")? },
        "NotADatabase" => Error::NotADatabase { path: text("path")? },
        "InvalidMessages" => {
            let problem = match text("problem")?.as_str() {
                "syntax" => MessagesProblem::Syntax { detail: text("detail")? },
                "unknown-id" => MessagesProblem::UnknownId,
                "unknown-variable" => MessagesProblem::UnknownVariable { name: text("name")? },
                "unknown-reference" => MessagesProblem::UnknownReference { name: text("name")? },
                "reference" => MessagesProblem::Reference { name: text("name")? },
                "duplicate" => MessagesProblem::Duplicate,
                "no-value" => MessagesProblem::NoValue,
                "bad-locale" => MessagesProblem::BadLocale { tag: text("tag")? },
                "unknown-file" => MessagesProblem::UnknownFile,
                "unreadable" => MessagesProblem::Unreadable { detail: text("detail")? },
                _ => return None,
            };
            Error::InvalidMessages { resource: text("resource")?, line: size("line"), id: text("id"), problem }
        }
        "Storage" => {
            let key = text("kind")?;
            let kind = StorageKind::ALL.iter().copied().find(|k| k.key() == key)?;
            Error::storage(kind, text("detail").unwrap_or_default())
        }
        "File" => {
            let key = text("operation")?;
            let operation = FileOperation::ALL.iter().copied().find(|o| o.key() == key)?;
            Error::File { path: text("path")?, operation, reason: text("reason").unwrap_or_default() }
        }
        _ => return None,
    })
}

/// The description of an error JSON in `l10n`'s locale: from its `detail` when it names an
/// error, else from its `code` when that is an order error code (the string members of
/// `detail`, such as `cartId`, are its arguments). `None` when neither applies.
pub fn describe(error: &Value, l10n: Localizer) -> Option<String> {
    let detail = error.get("detail");
    if let Some(err) = detail.and_then(from_detail) {
        return Some(l10n.describe(&err));
    }
    let code = OrderErrorCode::from_code(i32::try_from(error.get("code")?.as_i64()?).ok()?)?;
    // Each argument as text: a string as it is, a number or a boolean as its JSON text (never
    // left out, which would leave `{$cartId}` in the description); `null`, an array or an
    // object is no argument cartstore can describe.
    let mut texts: Vec<(&str, String)> = Vec::new();
    if let Some(members) = detail.and_then(Value::as_object) {
        for (name, value) in members {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                Value::Null | Value::Array(_) | Value::Object(_) => return None,
            };
            texts.push((name.as_str(), text));
        }
    }
    let args: Vec<(&str, &str)> = texts.iter().map(|(name, text)| (*name, text.as_str())).collect();
    Some(l10n.order_error(code, &args))
}
