//! Submitting a cart to Partner Center as a real order, exactly once.
//!
//! A submission is a state machine persisted in the store (an outbox): every request's intent
//! (operation, `MS-RequestId`, `MS-CorrelationId`) is committed before the request goes out and
//! its answer after, so a crash at any instant resumes where it stopped. Exactly-once rests on
//! the remote cart id: a submission checks out at most one remote cart; checkout is sent again
//! only to that cart, with the same `MS-RequestId` until a definitive answer; a checkout whose
//! answer was lost is reconciled (checked out again, the cart read, the orders matched), never
//! answered with a new cart. One process at a time runs a submission (a claim that dies with its
//! process), and the local cart is frozen (`Submitting`) while it is submitted.
//!
//! The states, on the wire in camelCase: `queued` → `resolving` (each line's availability for
//! the customer, then the remote cart created) → `cartCreated` → `checkoutPending` →
//! (`reconciling`) → `ordered` / `partiallyOrdered` / `failed` / `needsAttention`; `pausedAuth`
//! when no access token is accepted, resumed at the state it paused in.
//!
//! [`Submission`] and its parts are always here (a store without the `partner-center` feature
//! still reads its submissions); the client ([`PartnerCenter`], [`TokenProvider`]) and the
//! state machine come with the feature. Facts and sources: the README's "Submitting to Partner
//! Center" and ARCHITECTURE.md.

#[cfg(feature = "partner-center")]
mod client;
#[cfg(feature = "partner-center")]
pub(crate) mod machine;
pub(crate) mod record;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "partner-center")]
pub use client::{
    AccessToken, AuthError, DEFAULT_ENDPOINT, PartnerCenter, Timeouts, TokenProvider, TokenReason, TokenRequest,
};

/// Where a submission is ([`Submission::state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SubmissionState {
    /// Stored; nothing sent yet.
    Queued,
    /// Resolving each line's availability for the customer, then creating the remote cart.
    Resolving,
    /// The remote cart exists (its id is stored); checkout not sent yet.
    CartCreated,
    /// Checkout sent (or about to be) to the remote cart, with the stored `MS-RequestId`.
    CheckoutPending,
    /// A checkout's answer was lost: finding out whether it made orders (checkout again, the
    /// cart's status, the customer's orders).
    Reconciling,
    /// Every order group became an order (final; the local cart is `Ordered`).
    Ordered,
    /// Some order groups became orders, others failed (`orderErrors`); final, and never
    /// submitted again on its own (the local cart is `Ordered`).
    PartiallyOrdered,
    /// Partner Center answered definitively and nothing was ordered (final; the local cart is
    /// `Active` again).
    Failed,
    /// Something a person must look at (say, orders that cannot be told apart); final for
    /// `resume`, the local cart stays frozen.
    NeedsAttention,
    /// No access token was accepted: waits for the application to supply one, then resumes
    /// at the state it paused in.
    PausedAuth,
}

impl SubmissionState {
    /// Every state, in order.
    pub const ALL: &'static [SubmissionState] = &[
        SubmissionState::Queued,
        SubmissionState::Resolving,
        SubmissionState::CartCreated,
        SubmissionState::CheckoutPending,
        SubmissionState::Reconciling,
        SubmissionState::Ordered,
        SubmissionState::PartiallyOrdered,
        SubmissionState::Failed,
        SubmissionState::NeedsAttention,
        SubmissionState::PausedAuth,
    ];

    /// The wire name (`checkoutPending`).
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionState::Queued => "queued",
            SubmissionState::Resolving => "resolving",
            SubmissionState::CartCreated => "cartCreated",
            SubmissionState::CheckoutPending => "checkoutPending",
            SubmissionState::Reconciling => "reconciling",
            SubmissionState::Ordered => "ordered",
            SubmissionState::PartiallyOrdered => "partiallyOrdered",
            SubmissionState::Failed => "failed",
            SubmissionState::NeedsAttention => "needsAttention",
            SubmissionState::PausedAuth => "pausedAuth",
        }
    }

    /// The state of a wire name.
    pub fn parse(name: &str) -> Option<SubmissionState> {
        SubmissionState::ALL.iter().copied().find(|s| s.as_str() == name)
    }

    /// Whether the submission is over: `ordered`, `partiallyOrdered`, `failed` or
    /// `needsAttention` ([`Store::resume_submissions`](crate::Store::resume_submissions) leaves
    /// these alone).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            SubmissionState::Ordered
                | SubmissionState::PartiallyOrdered
                | SubmissionState::Failed
                | SubmissionState::NeedsAttention
        )
    }
}

impl std::fmt::Display for SubmissionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A submission of a local cart to Partner Center, as [`Store::get_submission`] returns it.
///
/// [`Store::get_submission`]: crate::Store::get_submission
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    /// The submission's id (a GUID).
    pub submission_id: String,
    /// The local customer.
    pub customer_id: String,
    /// The local cart submitted.
    pub cart_id: String,
    /// The Partner Center customer (tenant id) it is submitted to.
    pub pc_customer_id: String,
    /// Where it is.
    pub state: SubmissionState,
    /// The cart Partner Center created for it, once there is one (absent before).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub remote_cart_id: Option<String>,
    /// Each line of the local cart (add-ons after their parent), with the availability it
    /// resolved to.
    pub lines: Vec<SubmissionLine>,
    /// The orders Partner Center made, as it returned them (verbatim).
    pub orders: Vec<serde_json::Value>,
    /// The order groups Partner Center could not order.
    pub order_errors: Vec<SubmissionOrderError>,
    /// Why it stopped, failed or is paused; absent when nothing went wrong.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_error: Option<SubmissionError>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A line of a [`Submission`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionLine {
    /// The local line's id.
    pub line_id: i64,
    /// The catalog item id the local line names (`ProductId:SkuId` for a price-list line).
    pub catalog_item_id: String,
    /// The three-part `ProductId:SkuId:AvailabilityId` it was resolved to for the customer,
    /// once resolved (absent before).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub resolved_catalog_item_id: Option<String>,
    /// Why the line cannot be bought: not resolved, or Partner Center's line error; absent
    /// when nothing is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<SubmissionLineError>,
}

/// A line's error in a [`Submission`]: a cart error code, described in the store's locale
/// when the seeds name it (Partner Center's own text otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionLineError {
    /// The cart error code (`10001`). On the wire, like every cart line's `errorCode`, the
    /// code's name when it has one (`"CatalogItemIdIsNotValid"`), else the number Partner
    /// Center gave; either is read back.
    #[serde(with = "line_error_code")]
    pub error_code: i64,
    /// Its description.
    pub error_description: String,
}

/// A submission line's `errorCode` as a cart line's is written: the [`CartErrorCode`] name
/// when the code has one, else the number.
///
/// [`CartErrorCode`]: crate::CartErrorCode
mod line_error_code {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::CartErrorCode;

    pub(super) fn serialize<S: Serializer>(code: &i64, serializer: S) -> Result<S::Ok, S::Error> {
        match i32::try_from(*code).ok().and_then(CartErrorCode::from_code) {
            Some(named) => serializer.serialize_str(named.name()),
            None => serializer.serialize_i64(*code),
        }
    }

    /// The code as a name or a number.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Number(i64),
        Name(String),
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        match Written::deserialize(deserializer)? {
            Written::Number(code) => Ok(code),
            Written::Name(name) => CartErrorCode::from_name(&name)
                .map(|code| i64::from(code.code()))
                .ok_or_else(|| serde::de::Error::custom(format!("unknown cart error code {name}"))),
        }
    }
}

/// An order group Partner Center could not order ([`Submission::order_errors`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionOrderError {
    /// The order group.
    pub order_group_id: String,
    /// Partner Center's order error code.
    pub code: i64,
    /// Its description, in the store's locale when the seeds name the code (Partner Center's
    /// own text otherwise).
    pub description: String,
}

/// Why a submission stopped ([`Submission::last_error`]): the shape of every cartstore error
/// on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionError {
    /// The code ([`Error::code`](crate::Error::code)).
    pub code: i32,
    /// The name ([`Error::name`](crate::Error::name)).
    pub error_name: String,
    /// The description, in the store's locale.
    pub description: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_error_code_is_written_by_name_when_it_has_one() -> Result<(), serde_json::Error> {
        for (code, written) in [
            (10001, serde_json::json!("CatalogItemIdIsNotValid")),
            (10012, serde_json::json!("AttestationNotAccepted")),
            // A code the seeds do not name (Partner Center's newer ones) stays a number.
            (10099, serde_json::json!(10099)),
            (-1, serde_json::json!(-1)),
        ] {
            let error = SubmissionLineError { error_code: code, error_description: "d".to_owned() };
            let wire = serde_json::to_value(&error)?;
            assert_eq!(wire.get("errorCode"), Some(&written));
            assert_eq!(serde_json::from_value::<SubmissionLineError>(wire)?, error);
        }
        // Read as a name or a number; an unknown name is refused.
        let by_number: SubmissionLineError =
            serde_json::from_value(serde_json::json!({"errorCode": 10001, "errorDescription": "d"}))?;
        assert_eq!(by_number.error_code, 10001);
        assert!(
            serde_json::from_value::<SubmissionLineError>(
                serde_json::json!({"errorCode": "Nope", "errorDescription": "d"})
            )
            .is_err()
        );
        Ok(())
    }
}
