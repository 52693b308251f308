//! The partner profile operations of [`Store`]: the seller and terms stored once, printed on
//! every quote issued without a seller of its own.

use super::Store;
use crate::error::{Error, Result, StorageKind};
use crate::quote::PartnerProfile;
use crate::quote::issue::parse_partner;

impl Store {
    /// Sets the partner profile (replacing the one stored) and returns it as stored: texts
    /// trimmed, blank ones absent, blank address lines dropped. Every quote issued from then
    /// on without a seller in its [`QuoteOptions`](crate::quote::QuoteOptions) prints this profile's seller (name,
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
        self.write(Store::storage_busy, |tx| tx.put_partner_profile(&json, now))?;
        Ok(profile)
    }

    /// The partner profile; [`PartnerProfile::default()`] (nothing set) when none was.
    ///
    /// # Errors
    /// [`Error::Storage`] (`Corrupt` for a stored profile that does not read back).
    pub fn get_partner_profile(&self) -> Result<PartnerProfile> {
        match self.read(|tx| tx.partner_profile())? {
            Some(json) => parse_partner(&json),
            None => Ok(PartnerProfile::default()),
        }
    }
}
