//! The partner profile operations of [`Store`]: the seller and terms stored once, printed on
//! every quote issued without a seller of its own.

use std::borrow::Cow;

use super::Store;
use crate::db::{Transaction, partner};
use crate::error::{Error, Result, StorageKind};
use crate::quote::{PartnerProfile, QuoteOptions};

impl Store {
    /// Sets the partner profile (replacing the one stored) and returns it as stored: texts
    /// trimmed, blank ones absent, blank address lines dropped. Every quote issued from then
    /// on without a seller in its [`QuoteOptions`] prints this profile's seller (name,
    /// address, e-mail, phone, tax id, logo), and without terms of its own, this profile's
    /// terms; quotes already issued do not change.
    ///
    /// ```
    /// use cartstore::Store;
    /// use cartstore::quote::PartnerProfile;
    /// # fn main() -> cartstore::Result<()> {
    /// let store = Store::open_in_memory()?;
    /// let profile = PartnerProfile { name: " Northwind Cloud Partners ".into(),
    ///     address_lines: vec!["1 Harbour Street".into(), " ".into()], ..PartnerProfile::default() };
    /// let stored = store.set_partner_profile(&profile)?;
    /// assert_eq!(stored.name, "Northwind Cloud Partners");
    /// assert_eq!(stored.address_lines, ["1 Harbour Street"]);
    /// assert_eq!(store.get_partner_profile()?, stored);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field ([`PartnerProfile::normalized`]: a text over
    /// 4 KiB, more than 16 address lines, terms over 64 KiB, a logo over 256 KiB or neither
    /// PNG nor SVG); nothing is written then. [`Error::Storage`].
    pub fn set_partner_profile(&self, profile: &PartnerProfile) -> Result<PartnerProfile> {
        let profile = profile.normalized()?;
        let json = serde_json::to_string(&profile).map_err(|e| Error::storage_from(StorageKind::Other, e))?;
        let now = self.now().timestamp_micros();
        self.write(Store::storage_busy, |tx| partner::put(tx, &json, now))?;
        Ok(profile)
    }

    /// The partner profile; [`PartnerProfile::default()`] (nothing set) when none was.
    ///
    /// # Errors
    /// [`Error::Storage`] (`Corrupt` for a stored profile that does not read back).
    pub fn get_partner_profile(&self) -> Result<PartnerProfile> {
        match self.read(partner::get)? {
            Some(json) => parse_profile(&json),
            None => Ok(PartnerProfile::default()),
        }
    }
}

/// `options` with the stored partner profile's seller when its own seller is empty
/// ([`Seller::is_empty`](crate::quote::Seller::is_empty)), and the profile's terms when it has
/// none; `options` itself when there is nothing to fill in.
pub(super) fn with_partner<'o>(tx: &Transaction<'_>, options: &'o QuoteOptions) -> Result<Cow<'o, QuoteOptions>> {
    let (needs_seller, needs_terms) = (options.seller.is_empty(), options.terms.is_none());
    if !needs_seller && !needs_terms {
        return Ok(Cow::Borrowed(options));
    }
    let Some(json) = partner::get(tx)? else { return Ok(Cow::Borrowed(options)) };
    let profile = parse_profile(&json)?;
    let mut filled = options.clone();
    if needs_seller {
        filled.seller = profile.seller();
    }
    if needs_terms {
        filled.terms = profile.terms;
    }
    Ok(Cow::Owned(filled))
}

/// A stored profile's JSON read back; one that does not parse is `Storage { Corrupt }`.
fn parse_profile(json: &str) -> Result<PartnerProfile> {
    serde_json::from_str(json).map_err(|e| Error::storage_from(StorageKind::Corrupt, e))
}
