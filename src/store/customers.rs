//! The customer operations of [`Store`]: profiles (segment, market, currency, locale, name),
//! which pricing reads at every pricing instant.

use super::{Store, check_customer};
use crate::error::{Error, InputProblem, Result};
use crate::model::CustomerProfile;
use crate::validate::check_string;

impl Store {
    /// Sets `customer`'s profile (replacing the one it had) and returns it as stored: market
    /// and currency upper-cased, the locale in its canonical BCP 47 form, blank members
    /// absent. Carts priced from now on use it (segment, market, currency).
    ///
    /// ```
    /// use cartstore::{Store, model::{CustomerProfile, CustomerSegment}};
    /// # fn main() -> cartstore::Result<()> {
    /// let store = Store::open_in_memory()?;
    /// let profile = CustomerProfile { segment: CustomerSegment::Charity, market: Some("us".into()),
    ///     ..CustomerProfile::default() };
    /// let stored = store.set_customer("customer-1", &profile)?;
    /// assert_eq!(stored.market.as_deref(), Some("US"));
    /// assert_eq!(store.get_customer("customer-1")?, stored);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad customer id, a market that is not two letters, a
    /// currency that is not three, a locale that is not a BCP 47 tag, a tenant id that is not a
    /// GUID (it is stored in lower case), or a name over 4 KiB;
    /// nothing is written then.
    pub fn set_customer(&self, customer: &str, profile: &CustomerProfile) -> Result<CustomerProfile> {
        check_customer(customer)?;
        let profile = normalized(profile)?;
        self.write(Store::storage_busy, |tx| tx.put_customer(customer, &profile))?;
        Ok(profile)
    }

    /// `customer`'s profile; a customer without one is [`CustomerProfile::default()`]
    /// (commercial, no preferences).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad customer id; [`Error::Storage`].
    pub fn get_customer(&self, customer: &str) -> Result<CustomerProfile> {
        check_customer(customer)?;
        Ok(self.read(|tx| tx.customer(customer))?.unwrap_or_default())
    }
}

/// `profile` checked, blank members dropped, codes in their canonical case.
fn normalized(profile: &CustomerProfile) -> Result<CustomerProfile> {
    let blank_to_none = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let name = blank_to_none(&profile.name);
    check_string(name.as_deref(), "name")?;
    let code = |value: Option<String>, len: usize, field: &str| -> Result<Option<String>> {
        match value {
            Some(v) if v.len() == len && v.bytes().all(|b| b.is_ascii_alphabetic()) => Ok(Some(v.to_ascii_uppercase())),
            Some(_) => Err(Error::invalid(field, InputProblem::Invalid)),
            None => Ok(None),
        }
    };
    let market = code(blank_to_none(&profile.market), 2, "market")?;
    let currency_code = code(blank_to_none(&profile.currency_code), 3, "currencyCode")?;
    let locale = match blank_to_none(&profile.locale) {
        Some(tag) => {
            check_string(Some(&tag), "locale")?;
            let id: unic_langid::LanguageIdentifier =
                tag.replace('_', "-").parse().map_err(|_| Error::invalid("locale", InputProblem::Invalid))?;
            Some(id.to_string())
        }
        None => None,
    };
    let tenant_id = match blank_to_none(&profile.tenant_id) {
        Some(id) => Some(
            uuid::Uuid::try_parse(&id)
                .map_err(|_| Error::invalid("tenantId", InputProblem::Invalid))?
                .hyphenated()
                .to_string(),
        ),
        None => None,
    };
    Ok(CustomerProfile { name, segment: profile.segment, market, currency_code, locale, tenant_id })
}
