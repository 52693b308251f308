//! The one error type of the crate, and `Result`.
//!
//! Variants carry data (ids, codes, what was wrong with which field), never rendered text, so
//! [`Localizer::describe`](crate::Localizer::describe) can render any error in any locale
//! later. [`Error::order_code`] and [`Error::cart_code`] let callers branch on the Partner
//! Center code without matching variants.

use crate::model::{CartErrorCode, OrderErrorCode, OrderStatus};

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What was wrong with an input field ([`Error::InvalidInput`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputProblem {
    /// The field is required and absent (or empty).
    Missing,
    /// The text is longer than `max` bytes.
    TooLong {
        /// The limit, in bytes.
        max: usize,
    },
    /// The list has more than `max` entries.
    TooMany {
        /// The limit.
        max: usize,
    },
    /// The structure is nested more than `max` levels.
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// The value appears more than once where it must be unique.
    Duplicate,
    /// The value must be a whole number.
    NotWholeNumber,
    /// The value is outside the allowed range.
    OutOfRange,
    /// The value has the wrong JSON type (a number where a string belongs, or the reverse).
    WrongType,
    /// The request body is not valid JSON for this call.
    Syntax {
        /// What the parser said, with line and column.
        detail: String,
    },
    /// The field cannot be set or changed here.
    NotAllowed,
    /// The value is not valid.
    Invalid,
}

impl InputProblem {
    /// The `$problem` selector of the `error-invalid-input` Fluent message.
    pub fn key(&self) -> &'static str {
        match self {
            InputProblem::Missing => "missing",
            InputProblem::TooLong { .. } => "too-long",
            InputProblem::TooMany { .. } => "too-many",
            InputProblem::TooDeep { .. } => "too-deep",
            InputProblem::Duplicate => "duplicate",
            InputProblem::NotWholeNumber => "not-whole-number",
            InputProblem::OutOfRange => "out-of-range",
            InputProblem::WrongType => "wrong-type",
            InputProblem::Syntax { .. } => "syntax",
            InputProblem::NotAllowed => "not-allowed",
            InputProblem::Invalid => "invalid",
        }
    }
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputProblem::Missing => f.write_str("is required"),
            InputProblem::TooLong { max } => write!(f, "is longer than {max} bytes"),
            InputProblem::TooMany { max } => write!(f, "has more than {max} entries"),
            InputProblem::TooDeep { max } => write!(f, "is nested more than {max} levels"),
            InputProblem::Duplicate => f.write_str("appears more than once"),
            InputProblem::NotWholeNumber => f.write_str("must be a whole number"),
            InputProblem::OutOfRange => f.write_str("is out of range"),
            InputProblem::WrongType => f.write_str("has the wrong type"),
            InputProblem::Syntax { detail } => write!(f, "is not valid JSON: {detail}"),
            InputProblem::NotAllowed => f.write_str("is not allowed here"),
            InputProblem::Invalid => f.write_str("is not valid"),
        }
    }
}

/// What kind of storage failure an [`Error::Storage`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StorageKind {
    /// The disk or the database is full.
    Full,
    /// The database cannot be written (read-only file or directory).
    ReadOnly,
    /// Another connection holds the lock past the busy timeout.
    Busy,
    /// A read or write of the file failed, or the file cannot be opened.
    Io,
    /// The file is damaged.
    Corrupt,
    /// Any other SQLite failure.
    Other,
}

impl StorageKind {
    /// The `$kind` selector of the `error-storage` Fluent message.
    pub fn key(self) -> &'static str {
        match self {
            StorageKind::Full => "full",
            StorageKind::ReadOnly => "read-only",
            StorageKind::Busy => "busy",
            StorageKind::Io => "io",
            StorageKind::Corrupt => "corrupt",
            StorageKind::Other => "other",
        }
    }
}

/// Every error cartstore returns.
///
/// ```
/// use cartstore::{Error, OrderErrorCode};
/// let err = Error::CartNotFound { cart_id: "c1".into() };
/// assert_eq!(err.order_code(), Some(OrderErrorCode::CartIdNotFound));
/// assert_eq!(err.code(), 800008);
/// assert_eq!(err.name(), "CartIdNotFound");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The cart does not exist or belongs to another customer (800008).
    #[error("cart {cart_id} not found")]
    CartNotFound {
        /// The cart id asked for.
        cart_id: String,
    },
    /// The cart expired; it cannot be updated or checked out (800008).
    #[error("cart {cart_id} has expired")]
    CartExpired {
        /// The cart id.
        cart_id: String,
    },
    /// The cart was already checked out (800065).
    #[error("cart {cart_id} was already checked out")]
    CartAlreadyOrdered {
        /// The cart id.
        cart_id: String,
    },
    /// Another request holds the cart (the write lock) past the busy timeout (800064).
    #[error("cart {cart_id} is being processed by another request")]
    CartBusy {
        /// The cart id.
        cart_id: String,
    },
    /// The update was based on a stale `lastModifiedTimestamp`; nothing was written.
    #[error("cart {cart_id} was changed by another request")]
    Conflict {
        /// The cart id.
        cart_id: String,
    },
    /// The order does not exist or belongs to another customer.
    #[error("order {order_id} not found")]
    OrderNotFound {
        /// The order id asked for.
        order_id: String,
    },
    /// Only a `pending` order can be cancelled (800061).
    #[error("order {order_id} cannot be cancelled: it is {status}")]
    OrderCannotBeCancelled {
        /// The order id.
        order_id: String,
        /// Its status.
        status: OrderStatus,
    },
    /// The request is malformed (800002); nothing was written.
    #[error("invalid input: {field} {problem}")]
    InvalidInput {
        /// The field, as a JSON path (`lineItems[3].quantity`).
        field: String,
        /// What is wrong with it.
        problem: InputProblem,
    },
    /// The database was written by a newer cartstore; it was not changed.
    #[error("database schema version {found} is newer than the newest this build knows ({supported})")]
    SchemaTooNew {
        /// The newest migration version in the file.
        found: i64,
        /// The newest migration version this build has.
        supported: i64,
    },
    /// The file is not a cartstore database (not SQLite, or damaged beyond opening).
    #[error("{path} is not a cartstore database")]
    NotADatabase {
        /// The file.
        path: String,
    },
    /// SQLite or the file system failed; the transaction was rolled back.
    #[error("storage error ({}): {detail}", kind.key())]
    Storage {
        /// What kind of failure.
        kind: StorageKind,
        /// SQLite's own message (English, for logs).
        detail: String,
    },
}

impl Error {
    /// A shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: impl Into<String>, problem: InputProblem) -> Error {
        Error::InvalidInput { field: field.into(), problem }
    }

    /// The Partner Center order code of this error, where it has one.
    pub fn order_code(&self) -> Option<OrderErrorCode> {
        match self {
            Error::CartNotFound { .. } | Error::CartExpired { .. } => Some(OrderErrorCode::CartIdNotFound),
            Error::CartAlreadyOrdered { .. } => Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered),
            Error::CartBusy { .. } => Some(OrderErrorCode::CartProcessedByAnotherRequest),
            Error::OrderCannotBeCancelled { .. } => Some(OrderErrorCode::OrderCannotBeCancelled),
            Error::InvalidInput { .. } => Some(OrderErrorCode::InvalidInput),
            Error::Conflict { .. }
            | Error::OrderNotFound { .. }
            | Error::SchemaTooNew { .. }
            | Error::NotADatabase { .. }
            | Error::Storage { .. } => None,
        }
    }

    /// The Partner Center cart code of this error, where it has one.
    ///
    /// Cart codes describe single lines and are reported inside the cart (`lineItems[i].error`),
    /// so no `Error` returned by a call carries one today; the accessor is here so callers need
    /// not change when one does.
    pub fn cart_code(&self) -> Option<CartErrorCode> {
        None
    }

    /// The numeric code printed for this error: the order code where there is one, else the
    /// crate's own code (900001 order not found, 900002 conflict, 900003 schema too new,
    /// 900004 not a database, 900005 storage).
    pub fn code(&self) -> i32 {
        if let Some(code) = self.order_code() {
            return code.code();
        }
        match self {
            Error::OrderNotFound { .. } => 900_001,
            Error::Conflict { .. } => 900_002,
            Error::SchemaTooNew { .. } => 900_003,
            Error::NotADatabase { .. } => 900_004,
            _ => 900_005,
        }
    }

    /// The name printed for this error: the order code's name where there is one, else the
    /// variant's name.
    pub fn name(&self) -> &'static str {
        if let Some(code) = self.order_code() {
            return code.name();
        }
        match self {
            Error::OrderNotFound { .. } => "OrderNotFound",
            Error::Conflict { .. } => "Conflict",
            Error::SchemaTooNew { .. } => "SchemaTooNew",
            Error::NotADatabase { .. } => "NotADatabase",
            _ => "Storage",
        }
    }
}
