//! Validation of requests as a whole (here) and of cart lines against the catalog
//! ([`lines`]).
//!
//! A request that is malformed as a whole (no lines, too many, a string too long, strings
//! adding up to more than [`MAX_CART_BYTES`], duplicate line ids, a quantity that is not a
//! whole number or is out of range) is refused with [`Error::InvalidInput`] and nothing is
//! written. A well-formed request whose lines break a catalog rule is stored with each such
//! line's `error` set (a `CartError` with its Partner Center cart error code); the rest of the
//! cart is still good. Validation also fills what the store assigns: line ids, currency, a
//! defaulted billing cycle, order groups, and pricing.

mod lines;

pub use crate::limits::{MAX_CART_BYTES, MAX_DEPTH, MAX_LINES, MAX_QUANTITY, MAX_STRING};
pub(crate) use lines::{
    Context, PARENT_SUBSCRIPTION_KEY, coming_terms, context_value, item_ids, line_discount, prepare_lines,
    term_in_effect,
};

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::error::{Error, InputProblem, Result};
use crate::model::{CartLineItem, CatalogItem, walk_lines};

/// Where validation finds catalog items by id: a map of items, owned or shared.
pub(crate) trait CatalogLookup {
    /// The item with this id, if the catalog has it.
    fn item(&self, catalog_item_id: &str) -> Option<&CatalogItem>;
}

impl CatalogLookup for HashMap<String, CatalogItem> {
    fn item(&self, catalog_item_id: &str) -> Option<&CatalogItem> {
        self.get(catalog_item_id)
    }
}

impl CatalogLookup for HashMap<String, Arc<CatalogItem>> {
    fn item(&self, catalog_item_id: &str) -> Option<&CatalogItem> {
        self.get(catalog_item_id).map(|item| &**item)
    }
}

/// Checks a request's lines as a whole; the error names the first bad field.
pub(crate) fn check_request(lines: &[CartLineItem]) -> Result<()> {
    if lines.is_empty() {
        return Err(Error::invalid("lineItems", InputProblem::Missing));
    }
    let mut count = 0usize;
    let mut ids = HashSet::new();
    check_lines(lines, "lineItems", 1, &mut count, &mut ids)?;
    if cart_bytes(lines) > MAX_CART_BYTES {
        return Err(Error::invalid("lineItems", InputProblem::TooLong { max: MAX_CART_BYTES }));
    }
    Ok(())
}

/// The bytes of every string the store keeps of `lines` and their add-ons.
fn cart_bytes(lines: &[CartLineItem]) -> usize {
    let mut total = 0usize;
    walk_lines(lines, &mut |line| {
        let fields = string_fields(line).iter().map(|(_, v)| v.map_or(0, str::len)).sum::<usize>();
        let context = line.provisioning_context.iter().flatten().map(|(k, v)| k.len() + v.len()).sum::<usize>();
        let participants = line.participants.iter().flatten().map(|kv| kv.key.len() + kv.value.len()).sum::<usize>();
        total = total.saturating_add(fields).saturating_add(context).saturating_add(participants);
    });
    total
}

/// A line's own string fields, by their wire names (the length checks and the cart's total
/// size both read them from here).
fn string_fields(line: &CartLineItem) -> [(&'static str, Option<&str>); 7] {
    [
        ("catalogItemId", line.catalog_item_id.as_deref()),
        ("friendlyName", line.friendly_name.as_deref()),
        ("currencyCode", line.currency_code.as_deref()),
        ("termDuration", line.term_duration.as_deref()),
        ("orderGroup", line.order_group.as_deref()),
        ("promotionId", line.promotion_id.as_deref()),
        ("renewsTo.termDuration", line.renews_to.as_ref().and_then(|r| r.term_duration.as_deref())),
    ]
}

/// Checks `lines` at `path`, depth first; `ids` collects the line ids seen so far in the
/// whole cart (a line id is unique within a cart, add-ons included).
fn check_lines(
    lines: &[CartLineItem],
    path: &str,
    depth: usize,
    count: &mut usize,
    ids: &mut HashSet<i64>,
) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::invalid(path, InputProblem::TooDeep { max: MAX_DEPTH }));
    }
    for (i, line) in lines.iter().enumerate() {
        *count += 1;
        if *count > MAX_LINES {
            return Err(Error::invalid("lineItems", InputProblem::TooMany { max: MAX_LINES }));
        }
        let at = format!("{path}[{i}]");
        check_line(line, &at)?;
        if let Some(id) = line.id
            && !ids.insert(id)
        {
            return Err(Error::invalid(format!("{at}.id"), InputProblem::Duplicate));
        }
        if let Some(addons) = &line.addon_items {
            check_lines(addons, &format!("{at}.addonItems"), depth + 1, count, ids)?;
        }
    }
    Ok(())
}

fn check_line(line: &CartLineItem, at: &str) -> Result<()> {
    match &line.quantity {
        None => return Err(Error::invalid(format!("{at}.quantity"), InputProblem::Missing)),
        Some(q) if !q.is_number() => return Err(Error::invalid(format!("{at}.quantity"), InputProblem::WrongType)),
        Some(q) => match q.get() {
            None if q.is_whole() => return Err(Error::invalid(format!("{at}.quantity"), InputProblem::OutOfRange)),
            None => return Err(Error::invalid(format!("{at}.quantity"), InputProblem::NotWholeNumber)),
            Some(n) if !(-MAX_QUANTITY..=MAX_QUANTITY).contains(&n) => {
                return Err(Error::invalid(format!("{at}.quantity"), InputProblem::OutOfRange));
            }
            Some(_) => {}
        },
    }
    if let Some(id) = line.id
        && !(0..=i64::from(u32::MAX)).contains(&id)
    {
        return Err(Error::invalid(format!("{at}.id"), InputProblem::OutOfRange));
    }
    match line.catalog_item_id.as_deref() {
        None => return Err(Error::invalid(format!("{at}.catalogItemId"), InputProblem::Missing)),
        Some(s) if s.trim().is_empty() => {
            return Err(Error::invalid(format!("{at}.catalogItemId"), InputProblem::Missing));
        }
        Some(_) => {}
    }
    for (name, value) in string_fields(line) {
        if let Some(problem) = value.and_then(string_problem) {
            return Err(Error::invalid(format!("{at}.{name}"), problem));
        }
    }
    for (key, value) in line.provisioning_context.iter().flatten() {
        if let Some(problem) = string_problem(key) {
            return Err(Error::invalid(format!("{at}.provisioningContext"), problem));
        }
        if let Some(problem) = string_problem(value) {
            return Err(Error::invalid(format!("{at}.provisioningContext.{key}"), problem));
        }
    }
    if line.provisioning_context.as_ref().is_some_and(|c| c.len() > 64) {
        return Err(Error::invalid(format!("{at}.provisioningContext"), InputProblem::TooMany { max: 64 }));
    }
    if line.participants.as_ref().is_some_and(|p| p.len() > 64) {
        return Err(Error::invalid(format!("{at}.participants"), InputProblem::TooMany { max: 64 }));
    }
    for (j, kv) in line.participants.iter().flatten().enumerate() {
        if let Some(problem) = string_problem(&kv.key) {
            return Err(Error::invalid(format!("{at}.participants[{j}].key"), problem));
        }
        if let Some(problem) = string_problem(&kv.value) {
            return Err(Error::invalid(format!("{at}.participants[{j}].value"), problem));
        }
    }
    Ok(())
}

/// Refuses a string over [`MAX_STRING`] bytes or with a NUL character.
pub(crate) fn check_string(value: Option<&str>, field: &str) -> Result<()> {
    match value.and_then(string_problem) {
        Some(problem) => Err(Error::invalid(field, problem)),
        None => Ok(()),
    }
}

/// What is wrong with a string of a request, if anything (the field is named only then).
fn string_problem(s: &str) -> Option<InputProblem> {
    if s.len() > MAX_STRING {
        Some(InputProblem::TooLong { max: MAX_STRING })
    } else if s.contains('\0') {
        Some(InputProblem::Invalid)
    } else {
        None
    }
}
