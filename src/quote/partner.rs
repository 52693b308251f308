//! The partner profile: the seller printed on every quote issued without one of its own
//! ([`Store::set_partner_profile`](crate::Store::set_partner_profile)), and its logo.

use serde::{Deserialize, Serialize};

use super::{Seller, check_terms};
use crate::error::{Error, InputProblem, Result};
use crate::limits::MAX_LOGO_BYTES;

/// The partner's own profile, stored once per store: who issues its quotes, and its terms.
/// JSON camelCase: `{"name", "addressLines", "email", "phone", "taxId", "logo", "terms"}`,
/// every member optional, `logo` the image's bytes in base64.
///
/// ```
/// use cartstore::quote::PartnerProfile;
/// let profile: PartnerProfile = serde_json::from_str(
///     r#"{"name": "Northwind", "addressLines": ["1 Harbour Street"], "taxId": "FR40303265045"}"#).unwrap();
/// assert_eq!(profile.seller().name, "Northwind");
/// assert_eq!(profile.seller().tax_id.as_deref(), Some("FR40303265045"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PartnerProfile {
    /// The partner's name.
    pub name: String,
    /// The postal address, one line each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub address_lines: Vec<String>,
    /// The e-mail address quotes print.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The telephone number quotes print.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The tax registration number quotes print.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// The logo, PNG or SVG.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<Logo>,
    /// The partner's terms and conditions, plain text, printed on quotes issued without terms
    /// of their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
}

impl PartnerProfile {
    /// The seller a quote prints from this profile.
    pub fn seller(&self) -> Seller {
        Seller {
            name: self.name.clone(),
            address_lines: self.address_lines.clone(),
            contact: None,
            email: self.email.clone(),
            phone: self.phone.clone(),
            tax_id: self.tax_id.clone(),
            logo: self.logo.clone(),
        }
    }

    /// The profile checked and tidied as the store keeps it: texts trimmed, blank ones
    /// absent, blank address lines dropped.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field: a text over
    /// [`MAX_STRING`](crate::limits::MAX_STRING) bytes or holding a NUL, more than
    /// [`MAX_ADDRESS_LINES`](crate::limits::MAX_ADDRESS_LINES) address lines, terms over
    /// [`MAX_TERMS_BYTES`](crate::limits::MAX_TERMS_BYTES), a logo that is not a PNG or an
    /// SVG or is over [`MAX_LOGO_BYTES`].
    pub fn normalized(&self) -> Result<PartnerProfile> {
        // Checked as given first, so that a huge field is refused before it is copied.
        self.seller().check("")?;
        check_terms(self.terms.as_deref(), "terms")?;
        let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        Ok(PartnerProfile {
            name: self.name.trim().to_owned(),
            address_lines: self
                .address_lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            email: text(&self.email),
            phone: text(&self.phone),
            tax_id: text(&self.tax_id),
            logo: self.logo.clone(),
            // The terms keep their inner layout; only a blank text is absent.
            terms: self.terms.clone().filter(|t| !t.trim().is_empty()),
        })
    }
}

/// A logo's bytes: a PNG or an SVG image. JSON: the bytes in base64 (standard alphabet, with
/// or without padding).
///
/// Quotes print it as an `<img>` whose source is a `data:` URI ([`Logo::data_uri`]): a
/// browser runs no script of an SVG shown as an image, and loads nothing it refers to, so an
/// SVG needs no other sanitizing.
///
/// ```
/// use cartstore::quote::Logo;
/// let svg = Logo(br#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>"#.to_vec());
/// assert_eq!(svg.media_type(), Some("image/svg+xml"));
/// assert!(svg.data_uri().unwrap().starts_with("data:image/svg+xml;base64,PHN2Zy"));
/// assert_eq!(serde_json::to_string(&Logo(b"hi".to_vec())).unwrap(), r#""aGk=""#);
/// assert_eq!(Logo(b"GIF89a".to_vec()).media_type(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo(pub Vec<u8>);

/// The PNG file signature.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

impl Logo {
    /// `image/png` or `image/svg+xml`, told from the bytes (the PNG signature; UTF-8 text
    /// whose first tag is an XML declaration, a comment, a doctype or `<svg` and that holds an
    /// `<svg` element); `None` for anything else.
    pub fn media_type(&self) -> Option<&'static str> {
        if self.0.starts_with(PNG_SIGNATURE) {
            return Some("image/png");
        }
        let text = std::str::from_utf8(&self.0).ok()?;
        let text = text.trim_start_matches('\u{feff}').trim_start();
        let starts = ["<?xml", "<svg", "<!--", "<!DOCTYPE svg", "<!doctype svg"].iter().any(|p| text.starts_with(p));
        (starts && text.contains("<svg")).then_some("image/svg+xml")
    }

    /// The image as a `data:` URI (`data:image/png;base64,...`), `None` when it is neither a
    /// PNG nor an SVG.
    pub fn data_uri(&self) -> Option<String> {
        let media_type = self.media_type()?;
        Some(format!("data:{media_type};base64,{}", base64_encode(&self.0)))
    }

    /// Checks that it is a PNG or an SVG of at most [`MAX_LOGO_BYTES`]; else
    /// [`Error::InvalidInput`] on `field`.
    pub fn check(&self, field: &str) -> Result<()> {
        if self.0.len() > MAX_LOGO_BYTES {
            return Err(Error::invalid(field, InputProblem::TooLong { max: MAX_LOGO_BYTES }));
        }
        match self.media_type() {
            Some(_) => Ok(()),
            None => Err(Error::invalid(field, InputProblem::Invalid)),
        }
    }
}

impl Serialize for Logo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64_encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Logo {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        base64_decode(&text).map(Logo).ok_or_else(|| serde::de::Error::custom("logo: not base64"))
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let symbol = |index: u32| ALPHABET.get((index & 63) as usize).map_or('=', |b| char::from(*b));
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

/// Standard base64, padding optional; `None` for any other character or a bad length.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for byte in text.bytes() {
        let value = ALPHABET.iter().position(|a| *a == byte)?;
        acc = ((acc << 6) | u32::try_from(value).ok()?) & 0x00ff_ffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    // Six bits left over is not a whole byte: a malformed length.
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for len in 0..64usize {
            let bytes: Vec<u8> = (0..len).map(|i| u8::try_from((i * 37 + 11) % 256).unwrap_or(0)).collect();
            let text = base64_encode(&bytes);
            assert_eq!(text.len() % 4, 0);
            assert_eq!(base64_decode(&text), Some(bytes.clone()), "{len}");
            assert_eq!(base64_decode(text.trim_end_matches('=')), Some(bytes), "{len} unpadded");
        }
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_decode("TQ=="), Some(b"M".to_vec()));
        assert_eq!(base64_decode("T"), None);
        assert_eq!(base64_decode("TW*u"), None);
    }
}
