//! The catalog operations of [`Store`]: import (with the checks that keep every imported item
//! buyable and every price within bounds) and reads.

use super::{Store, check_id};
use crate::error::{Error, InputProblem, Result};
use crate::limits::{MAX_LIST_PRICE, MAX_STRING};
use crate::model::{Catalog, CatalogItem};
use crate::validate::check_string;

impl Store {
    /// Imports catalog items: each replaces the item with its id, in one transaction.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an item without id or currency, a negative price or
    /// quantity bound, or an id given twice; nothing is written then.
    pub fn import_catalog(&self, catalog: &Catalog) -> Result<()> {
        check_catalog(catalog)?;
        self.write(Store::storage_busy, |tx| tx.upsert_items(&catalog.items))
    }

    /// One catalog item: the exact id (any case) first, else, for Partner Center's
    /// `ProductId:SkuId:AvailabilityId`, the price list's `ProductId:SkuId`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (`catalogItemId`, invalid) when the catalog has no such item.
    pub fn catalog_item(&self, catalog_item_id: &str) -> Result<CatalogItem> {
        check_id(catalog_item_id, "catalogItemId")?;
        self.read(|tx| tx.catalog_item(catalog_item_id))?
            .ok_or_else(|| Error::invalid("catalogItemId", InputProblem::Invalid))
    }

    /// The whole catalog, ordered by id.
    ///
    /// # Errors
    /// [`Error::Storage`] if the database cannot be read.
    pub fn list_catalog(&self) -> Result<Catalog> {
        Ok(Catalog { items: self.read(|tx| tx.catalog())? })
    }
}

fn check_catalog(catalog: &Catalog) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (i, item) in catalog.items.iter().enumerate() {
        let at = format!("items[{i}]");
        if item.catalog_item_id.trim().is_empty() {
            return Err(Error::invalid(format!("{at}.catalogItemId"), InputProblem::Missing));
        }
        // Ids are matched case-insensitively, like Partner Center's: two that differ only in
        // case would be one item.
        if !seen.insert(item.catalog_item_id.to_ascii_uppercase()) {
            return Err(Error::invalid(format!("{at}.catalogItemId"), InputProblem::Duplicate));
        }
        if item.currency_code.trim().is_empty() {
            return Err(Error::invalid(format!("{at}.currencyCode"), InputProblem::Missing));
        }
        // An id a cart line could not name (NUL, over-long) would make an item importable but
        // not buyable: refused with the same rule as the lines'.
        check_string(Some(&item.catalog_item_id), &format!("{at}.catalogItemId"))?;
        for (name, value) in [("title", &item.title), ("description", &item.description)] {
            if value.as_deref().is_some_and(|v| v.len() > MAX_STRING) {
                return Err(Error::invalid(format!("{at}.{name}"), InputProblem::TooLong { max: MAX_STRING }));
            }
        }
        for (name, value) in [
            ("minimumQuantity", item.minimum_quantity),
            ("maximumQuantity", item.maximum_quantity),
            ("inventory", item.inventory),
        ] {
            if value.is_some_and(|v| v < 0) {
                return Err(Error::invalid(format!("{at}.{name}"), InputProblem::OutOfRange));
            }
        }
        for (j, term) in item.terms.iter().enumerate() {
            let Some(price) = term.list_price else {
                return Err(Error::invalid(format!("{at}.terms[{j}].listPrice"), InputProblem::Missing));
            };
            if price.0.is_sign_negative() || price.0 > MAX_LIST_PRICE {
                return Err(Error::invalid(format!("{at}.terms[{j}].listPrice"), InputProblem::OutOfRange));
            }
            if term.erp_price.is_some_and(|p| p.0.is_sign_negative() || p.0 > MAX_LIST_PRICE) {
                return Err(Error::invalid(format!("{at}.terms[{j}].erpPrice"), InputProblem::OutOfRange));
            }
            // A term with a duration is billed in periods of a cycle it must name; one without
            // a duration is bought once (`one_time` when it names no cycle).
            if term.term_duration.is_some() && term.billing_cycle.is_none() {
                return Err(Error::invalid(format!("{at}.terms[{j}].billingCycle"), InputProblem::Missing));
            }
        }
        for (j, promo) in item.promotions.iter().enumerate() {
            let Some(pct) = promo.discount_percent.map(|p| p.0) else {
                return Err(Error::invalid(format!("{at}.promotions[{j}].discountPercent"), InputProblem::Missing));
            };
            if pct.is_sign_negative() || pct > rust_decimal::Decimal::ONE_HUNDRED {
                return Err(Error::invalid(format!("{at}.promotions[{j}].discountPercent"), InputProblem::OutOfRange));
            }
            for (name, date) in [("startDate", promo.start_date), ("endDate", promo.end_date)] {
                if date.is_some_and(|d| !(1..=9999).contains(&chrono::Datelike::year(&d.0))) {
                    return Err(Error::invalid(format!("{at}.promotions[{j}].{name}"), InputProblem::OutOfRange));
                }
            }
        }
    }
    Ok(())
}
