//! What the outbox keeps of a submission (`pc_submissions.record_json`): everything the state
//! machine needs to resume at any instant, Partner Center's answers verbatim. Read into a
//! [`Submission`] with every description rendered in the reader's locale.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Submission, SubmissionError, SubmissionLine, SubmissionLineError, SubmissionOrderError, SubmissionState};
use crate::db::SubmissionRow;
use crate::error::{Error, Result, StorageKind};
use crate::l10n::Localizer;
use crate::model::{CartErrorCode, OrderErrorCode};

/// A submission's record (a member it lacks, written by an older build, reads as its default).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Record {
    /// The Partner Center customer (tenant id).
    pub pc_customer_id: String,
    /// The customer's segment and market when it was queued (availabilities are filtered by them).
    pub segment: String,
    pub market: Option<String>,
    /// The local cart as it was frozen (its wire JSON): what the remote cart is made of.
    pub local_cart: serde_json::Value,
    /// Each line, in depth-first order.
    pub lines: Vec<LineRecord>,
    /// The body last sent to create or update the remote cart (exactly as sent).
    pub payload: Option<serde_json::Value>,
    /// The `MS-RequestId` of the cart creation in flight (kept across transient retries).
    pub create_request_id: Option<String>,
    /// Whether an attempt of that creation went unanswered (it may have made a cart).
    pub create_unanswered: bool,
    /// The remote cart, once created (its id, then the body as Partner Center returned it).
    pub remote_cart_id: Option<String>,
    pub remote_cart: Option<serde_json::Value>,
    /// When the remote cart expires (microseconds).
    pub remote_cart_expires_us: Option<i64>,
    /// Whether the remote cart's lines must be resolved again and the cart updated (400019).
    pub update_remote_cart: bool,
    /// The `MS-RequestId` of the checkout, kept until a definitive answer.
    pub checkout_request_id: Option<String>,
    /// When the first checkout of the remote cart was committed to be sent (microseconds).
    pub checkout_started_us: Option<i64>,
    /// Whether a checkout of the remote cart may have reached Partner Center without its
    /// answer reaching here (then the cart is never replaced without proof it is still open).
    pub checkout_unanswered: bool,
    /// The checkout result as Partner Center returned it.
    pub checkout_result: Option<serde_json::Value>,
    /// The orders, verbatim.
    pub orders: Vec<serde_json::Value>,
    /// The failed order groups.
    pub order_errors: Vec<OrderErrorRecord>,
    /// Why it stopped or paused.
    pub last_error: Option<Problem>,
    /// The state to resume at after `pausedAuth`.
    pub resume_state: Option<SubmissionState>,
    /// Not before this instant (a 429's `Retry-After`, a busy cart's wait), in microseconds:
    /// kept so that a restart waits as long.
    pub not_before_us: Option<i64>,
    /// Rounds of "availability reissued" (400019) so far.
    pub reissues: u32,
    /// Waits on a cart another request is checking out (409) so far.
    pub busy_waits: u32,
    /// Polls of the customer's orders while reconciling so far.
    pub order_polls: u32,
    /// Requests sent so far (the last `pc_requests.seq`).
    pub requests: i64,
}

/// A line of a [`Record`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct LineRecord {
    pub line_id: i64,
    pub catalog_item_id: String,
    /// The line's term (`P1Y`) and billing cycle (`monthly`), which its availability must offer.
    pub term_duration: Option<String>,
    pub billing_cycle: Option<String>,
    pub resolved: Option<String>,
    pub error: Option<LineErrorRecord>,
}

/// A line's error: a cart error code and, for Partner Center's, its own text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LineErrorRecord {
    pub code: i64,
    pub remote_description: Option<String>,
}

/// A failed order group, as Partner Center returned it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrderErrorRecord {
    pub order_group_id: String,
    pub code: i64,
    pub description: String,
}

/// The error a submission stopped at, kept as data (rendered in the reader's locale).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(crate) enum Problem {
    /// A definitive answer of Partner Center.
    PartnerCenter { operation: String, status: u16, code: i64, description: String },
    /// Partner Center could not be reached within the budget.
    Unavailable { endpoint: String, detail: String },
    /// No accepted token.
    Authentication { detail: String },
    /// A line without exactly one availability.
    Availability { line_id: i64, catalog_item_id: String, count: usize },
    /// Orders that cannot be matched to the checkout, or another case for a person.
    Attention { detail: String },
}

impl Problem {
    /// The error it stands for.
    pub(crate) fn to_error(&self) -> Error {
        match self.clone() {
            Problem::PartnerCenter { operation, status, code, description } => {
                Error::PartnerCenter { operation, status, code, description }
            }
            Problem::Unavailable { endpoint, detail } => Error::PartnerCenterUnavailable { endpoint, detail },
            Problem::Authentication { detail } => Error::AuthenticationRequired { detail },
            Problem::Availability { line_id, catalog_item_id, count } => {
                Error::AvailabilityNotResolved { line_id, catalog_item_id, count }
            }
            Problem::Attention { detail } => {
                Error::PartnerCenter { operation: "reconcile".to_owned(), status: 0, code: 0, description: detail }
            }
        }
    }
}

impl Record {
    /// The record stored in `row`.
    pub(crate) fn from_row(row: &SubmissionRow) -> Result<Record> {
        serde_json::from_str(&row.record_json).map_err(|e| Error::storage_from(StorageKind::Corrupt, e))
    }

    /// As JSON, to store.
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    pub(crate) fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::storage_from(StorageKind::Other, e))
    }
}

/// The submission of `row`, its descriptions in `l10n`'s locale.
pub(crate) fn submission(row: &SubmissionRow, l10n: &Localizer) -> Result<Submission> {
    let record = Record::from_row(row)?;
    let state = SubmissionState::parse(&row.state).ok_or_else(|| {
        Error::storage(StorageKind::Corrupt, format!("pc_submissions.state: unknown state {:?}", row.state))
    })?;
    let lines = record
        .lines
        .iter()
        .map(|line| SubmissionLine {
            line_id: line.line_id,
            catalog_item_id: line.catalog_item_id.clone(),
            resolved_catalog_item_id: line.resolved.clone(),
            error: line
                .error
                .as_ref()
                .map(|e| SubmissionLineError { error_code: e.code, error_description: line_description(e, l10n) }),
        })
        .collect();
    let order_errors = record
        .order_errors
        .iter()
        .map(|e| SubmissionOrderError {
            order_group_id: e.order_group_id.clone(),
            code: e.code,
            description: order_description(e.code, &e.description, l10n),
        })
        .collect();
    let last_error = record.last_error.as_ref().map(|problem| {
        let err = problem.to_error();
        SubmissionError { code: err.code(), error_name: err.name().to_owned(), description: l10n.describe(&err) }
    });
    Ok(Submission {
        submission_id: row.submission_id.clone(),
        customer_id: row.customer_id.clone(),
        cart_id: row.cart_id.clone(),
        pc_customer_id: record.pc_customer_id,
        state,
        remote_cart_id: record.remote_cart_id,
        lines,
        orders: record.orders,
        order_errors,
        last_error,
        created_at: instant(row.created_us),
        updated_at: instant(row.updated_us),
    })
}

/// A line error's description: the seeds' text of a known cart code, else Partner Center's.
fn line_description(error: &LineErrorRecord, l10n: &Localizer) -> String {
    let known = i32::try_from(error.code)
        .ok()
        .and_then(|code| CartErrorCode::ALL.iter().copied().find(|c| c.code() == code && *c != CartErrorCode::Unknown));
    match (known, &error.remote_description) {
        (Some(code), _) => l10n.cart_error(code),
        (None, Some(text)) => text.clone(),
        (None, None) => error.code.to_string(),
    }
}

/// An order error's description: the seeds' text of a known order code, else Partner Center's.
pub(crate) fn order_description(code: i64, remote: &str, l10n: &Localizer) -> String {
    let known =
        i32::try_from(code).ok().and_then(|code| OrderErrorCode::ALL.iter().copied().find(|c| c.code() == code));
    match known {
        Some(code) => {
            l10n.order_error(code, &[("cartId", ""), ("orderId", ""), ("customerId", ""), ("to", ""), ("from", "")])
        }
        None => remote.to_owned(),
    }
}

fn instant(us: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(us).unwrap_or(DateTime::UNIX_EPOCH)
}
