//! Wire model tests, one module per area:
//! - `samples`: the Partner Center samples and the project's own fixtures round-trip through
//!   the model with every seed property kept;
//! - `requests`: PascalCase request bodies keep their values; the doubled-T timestamp of the
//!   savings-plan samples;
//! - `codes`: every seed enum value and code reads and writes its wire form;
//! - `output`: the output rules (no `null`, camelCase names, UTC timestamps, exact money);
//! - `arbitrary`: arbitrary carts, orders and checkout results survive a round trip, in
//!   camelCase and in PascalCase.
//!
//! This module holds what several of them use: exact decimals and instants, and the check of
//! the output rules.

mod arbitrary;
mod codes;
mod output;
mod requests;
mod samples;

use std::error::Error;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde_json::Value;

type TestResult<T = ()> = Result<T, Box<dyn Error>>;

/// A JSON number (or a numeric string) as an exact decimal.
fn decimal(value: &Value) -> Option<Decimal> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)).ok()
}

/// An RFC 3339 date-time (or one without offset, read as UTC), parsed by chrono.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|t| t.and_utc()))
}

/// Output rules: no `null` anywhere, every member name in camelCase (the keys of a
/// `provisioningContext` map are data and are left as sent).
fn check_output(value: &Value, path: &str, problems: &mut Vec<String>) {
    check_output_inner(value, path, false, problems);
}

fn check_output_inner(value: &Value, path: &str, map_keys: bool, problems: &mut Vec<String>) {
    match value {
        Value::Null => problems.push(format!("{path}: null in the output")),
        Value::Object(members) => {
            for (name, member) in members {
                if !map_keys && !name.starts_with(|c: char| c.is_ascii_lowercase()) {
                    problems.push(format!("{path}: member `{name}` is not camelCase"));
                }
                let inner = !map_keys && name == "provisioningContext";
                check_output_inner(member, &format!("{path}.{name}"), inner, problems);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_output_inner(item, &format!("{path}[{i}]"), false, problems);
            }
        }
        _ => {}
    }
}
