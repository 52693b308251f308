//! The error codes of Partner Center's cart and order resources.
//!
//! [`CartErrorCode`] is the `errorCode` of a line item's [`CartError`](super::CartError):
//! the seeds' table plus the newest SDK additions (10013, 10014, 10016–10019, 500600).
//! [`OrderErrorCode`] is the `code` of an [`OrderError`](super::OrderError) and the code of
//! most [`Error`](crate::Error)s: the 41 codes 800001–800065 of the seeds. Names are exactly
//! the seeds' names, numbers are the wire numbers.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Declares a code enum with its numbers and names, and the lookups between them.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident ($prefix:literal) { $( $(#[$vmeta:meta])* $variant:ident = $num:literal, )+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every code, in ascending numeric order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The wire number of this code.
            pub const fn code(self) -> i32 {
                match self { $( $name::$variant => $num, )+ }
            }

            /// The code with this wire number, if there is one.
            pub const fn from_code(code: i32) -> Option<Self> {
                match code { $( $num => Some($name::$variant), )+ _ => None }
            }

            /// The code's name, exactly as in the Partner Center documentation.
            pub const fn name(self) -> &'static str {
                match self { $( $name::$variant => stringify!($variant), )+ }
            }

            /// The Fluent id of the code's description: its prefix and number (`cart-10000`).
            pub(crate) const fn message_id(self) -> &'static str {
                match self { $( $name::$variant => concat!($prefix, "-", stringify!($num)), )+ }
            }

            /// The code with this name (compared ASCII case-insensitively), if there is one.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|c| c.name().eq_ignore_ascii_case(name))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        /// Read as its name (any case) or its number, as a JSON number or a string.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a name or number of ", stringify!($name)))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                        if let Some(code) = $name::from_name(v) {
                            return Ok(code);
                        }
                        v.trim()
                            .parse::<i32>()
                            .ok()
                            .and_then($name::from_code)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                        i32::try_from(v)
                            .ok()
                            .and_then($name::from_code)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                        i32::try_from(v)
                            .ok()
                            .and_then($name::from_code)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

code_enum! {
    /// The type of a cart line item error (`CartError.errorCode`).
    ///
    /// On the wire it is written as its name (`"CurrencyIsNotSupported"`) and read as a name
    /// (any case) or as its number (`10000`).
    ///
    /// ```
    /// use cartstore::CartErrorCode;
    /// assert_eq!(CartErrorCode::CurrencyIsNotSupported.code(), 10000);
    /// assert_eq!(CartErrorCode::from_code(10015), Some(CartErrorCode::MaxAllowedSeatsPerSubscriptionExceeded));
    /// assert_eq!(CartErrorCode::InvalidPromotionId.name(), "InvalidPromotionId");
    /// ```
    CartErrorCode ("cart") {
        /// Default value.
        Unknown = 0,
        /// The currency is not supported for the market of the catalog item.
        CurrencyIsNotSupported = 10000,
        /// The catalog item id is not valid.
        CatalogItemIdIsNotValid = 10001,
        /// Not enough quota available.
        QuotaNotAvailable = 10002,
        /// Inventory is not available for the selected offer.
        InventoryNotAvailable = 10003,
        /// Setting participants is not supported for the partner.
        ParticipantsIsNotSupportedForPartner = 10004,
        /// The cart line item cannot be processed.
        UnableToProcessCartLineItem = 10006,
        /// The subscription is not valid.
        SubscriptionIsNotValid = 10007,
        /// The subscription is not enabled for reservation purchases.
        SubscriptionIsNotEnabledForRI = 10008,
        /// The sandbox limit has been exceeded.
        SandboxLimitExceeded = 10009,
        /// Generic input is not valid.
        InvalidInput = 10010,
        /// The subscription is not registered.
        SubscriptionNotRegistered = 10011,
        /// Attestation has not been accepted.
        AttestationNotAccepted = 10012,
        /// The billing plan is not supported.
        BillingPlanNotSupported = 10013,
        /// The promotion id is not valid.
        InvalidPromotionId = 10014,
        /// The requested number of seats exceeds the limit.
        MaxAllowedSeatsPerSubscriptionExceeded = 10015,
        /// A custom term end date was set on a product without a term.
        InvalidCustomTermEndDateProduct = 10016,
        /// The custom term end date is invalid.
        InvalidCustomTermEndDate = 10017,
        /// The base offer seat quantity has not been met to purchase the add-on.
        BaseOfferSeatQuantityNotMet = 10018,
        /// The minimum seats have not been met to purchase the add-on.
        MinimumAddOnSeatsNotMet = 10019,
        /// The legacy offer is no longer eligible for purchase.
        LegacyOfferNotEligibleForPurchase = 500600,
    }
}

code_enum! {
    /// The type of an order error (`OrderError.code`), and the code of most
    /// [`Error`](crate::Error)s.
    ///
    /// ```
    /// use cartstore::OrderErrorCode;
    /// assert_eq!(OrderErrorCode::CartIdNotFound.code(), 800008);
    /// assert_eq!(OrderErrorCode::from_code(800065), Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered));
    /// assert_eq!(OrderErrorCode::from_code(800006), None);
    /// ```
    OrderErrorCode ("order") {
        /// Partner token missing in request context.
        PartnerTokenMissing = 800001,
        /// Invalid request input.
        InvalidInput = 800002,
        /// Unexpected service error.
        ServiceException = 800003,
        /// Invalid offer id.
        InvalidOfferId = 800004,
        /// Creating the order did not succeed.
        CreateOrderError = 800005,
        /// Provisioning information cannot be retrieved.
        ProvisioningStatusNotFound = 800007,
        /// The cart cannot be retrieved (missing, another customer's, or expired).
        CartIdNotFound = 800008,
        /// Error in cart item(s).
        CartItemErrorInCreateOrder = 800009,
        /// Inventory is not available for the catalog item.
        InventoryNotAvailable = 800010,
        /// The subscription is not a valid Azure subscription.
        AzureSubscriptionNotValid = 800011,
        /// The subscription is not active.
        SubscriptionIsNotActive = 800012,
        /// The subscription is not enabled for RI purchase.
        SubscriptionIsNotEnabledForRI = 800013,
        /// There is a pending adjustment requested for the order.
        PendingAdjustment = 800014,
        /// MPN id not found.
        MpnIdNotFound = 800015,
        /// The MPN id is not a valid indirect reseller.
        NotValidIndirectResellerMpnId = 800016,
        /// The quantity is not available for the catalog item.
        InvalidQuantity = 800017,
        /// The sandbox limit has been met.
        SandboxLimitExceeded = 800018,
        /// The operation is only enabled for sandbox tenants.
        SandboxTenantOnly = 800019,
        /// The catalog item is not eligible for purchase.
        CatalogItemNotEligibleForPurchase = 800020,
        /// The subscription is not valid.
        SubscriptionIsNotValid = 800021,
        /// Manual review required.
        ManualReviewRequired = 800022,
        /// Insufficient funds (credit line).
        InsufficientFunds = 800023,
        /// Review cancelled.
        ReviewCancelled = 800024,
        /// Line of credit not defined.
        LineOfCreditNotDefined = 800025,
        /// Risk error.
        RiskError = 800026,
        /// The subscription is not registered.
        SubscriptionNotRegistered = 800030,
        /// The purchase system is not supported.
        PurchaseSystemNotSupported = 800031,
        /// A precondition failed.
        ConditionFailed = 800036,
        /// Asset id not found.
        AssetIdNotFound = 800037,
        /// Asset FutureBillingInfo not found.
        AssetFutureBillingInfoNotFound = 800038,
        /// The reseller program status is not active.
        ResellerProgramStatusNotActive = 800039,
        /// The asset status cannot be changed (arguments `to`, `from`).
        AssetStatusChangeNotValid = 800040,
        /// The item has already been activated.
        ItemAlreadyActivated = 800041,
        /// Not supported.
        NotSupported = 800042,
        /// Access to pricing information is not granted.
        PricingAccessForbidden = 800043,
        /// The order is in progress.
        OrderInProgress = 800060,
        /// The order cannot be cancelled.
        OrderCannotBeCancelled = 800061,
        /// Review rejected.
        ReviewRejected = 800062,
        /// A legacy order cannot be cancelled (arguments `orderId`, `customerId`).
        CancelLegacyOrder = 800063,
        /// The cart is being processed by another request (argument `cartId`).
        CartProcessedByAnotherRequest = 800064,
        /// The cart was already submitted (argument `cartId`).
        CartCheckOutNotAllowedWhenStatusIsOrdered = 800065,
    }
}

impl super::wire::WireJson for CartErrorCode {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        super::wire::write_json_str(out, self.name())
    }
}

impl super::wire::WireJson for OrderErrorCode {
    fn write_json(&self, out: &mut String) -> serde_json::Result<()> {
        super::wire::WireJson::write_json(&self.code(), out)
    }
}

impl Serialize for CartErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl Serialize for OrderErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_round_trip() {
        assert_eq!(CartErrorCode::ALL.len(), 21);
        assert_eq!(OrderErrorCode::ALL.len(), 41);
        for c in CartErrorCode::ALL {
            assert_eq!(CartErrorCode::from_code(c.code()), Some(*c));
            assert_eq!(CartErrorCode::from_name(c.name()), Some(*c));
            assert_eq!(c.message_id(), format!("cart-{}", c.code()));
        }
        for c in OrderErrorCode::ALL {
            assert_eq!(OrderErrorCode::from_code(c.code()), Some(*c));
            assert_eq!(OrderErrorCode::from_name(c.name()), Some(*c));
            assert_eq!(c.message_id(), format!("order-{}", c.code()));
        }
    }

    #[test]
    fn cart_code_reads_name_or_number_and_writes_name() -> Result<(), serde_json::Error> {
        let by_name: CartErrorCode = serde_json::from_str("\"currencyisnotsupported\"")?;
        let by_number: CartErrorCode = serde_json::from_str("10000")?;
        assert_eq!(by_name, by_number);
        assert_eq!(serde_json::to_string(&by_number)?, "\"CurrencyIsNotSupported\"");
        assert!(serde_json::from_str::<CartErrorCode>("10005").is_err());
        Ok(())
    }
}
