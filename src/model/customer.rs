//! Customer profiles: who a quote is for, and how prices and documents are chosen for them.

use super::wire::{WireSkip, wire_enum, wire_struct};

wire_enum! {
    /// The Partner Center segment a customer buys in (`segment`). Commercial SKUs are open to
    /// every customer; Education, Charity and Government SKUs only to customers of that segment.
    #[derive(Default)]
    pub enum CustomerSegment {
        /// Businesses (the default).
        #[default]
        Commercial = "commercial",
        /// Schools and universities.
        Education = "education",
        /// Non-profit organizations.
        Charity = "charity" | "nonprofit",
        /// Public-sector bodies.
        Government = "government",
    }
}

impl WireSkip for CustomerSegment {
    fn wire_skip(&self) -> bool {
        false
    }
}

wire_struct! {
    /// A customer's profile: `{"name", "segment", "market", "currencyCode", "locale"}`.
    ///
    /// Read like every wire type (property names in any case, `null` as absent, unknown members
    /// skipped); written in camelCase with absent members omitted and `segment` always written.
    /// A customer without a profile is [`CustomerProfile::default()`]: commercial, no
    /// preferences.
    ///
    /// ```
    /// use cartstore::model::{CustomerProfile, CustomerSegment};
    /// let p: CustomerProfile = serde_json::from_str(
    ///     r#"{"Name": "Contoso Ltd", "market": "JP", "currencyCode": "JPY", "locale": "ja-JP"}"#).unwrap();
    /// assert_eq!(p.segment, CustomerSegment::Commercial);
    /// assert_eq!(serde_json::to_string(&p).unwrap(),
    ///     r#"{"name":"Contoso Ltd","segment":"commercial","market":"JP","currencyCode":"JPY","locale":"ja-JP"}"#);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct CustomerProfile {
        /// The customer's name, as printed on quotes.
        pub name: Option<String> = "name",
        /// The customer's segment; commercial when absent.
        pub segment: CustomerSegment = "segment",
        /// The customer's market: an ISO 3166 alpha-2 country code (`US`, `JP`).
        pub market: Option<String> = "market",
        /// The currency the customer buys in (ISO 4217: `USD`, `JPY`).
        pub currency_code: Option<String> = "currencyCode",
        /// The language of the customer's quotes: a BCP 47 tag (`fr-CA`, `ja`).
        pub locale: Option<String> = "locale",
        /// The customer's Partner Center tenant id (a GUID), to which a cart is submitted
        /// ([`Store::submit`](crate::Store::submit)); without it the customer id must itself be
        /// a GUID.
        pub tenant_id: Option<String> = "tenantId",
    }
}
