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
    /// Any other failure of the database.
    Other,
    /// The database server cannot be reached: it is down, refused the connection, did not
    /// answer within the connect timeout, or the connection was lost (a server store, such as
    /// PostgreSQL). The error's detail is the server, `host:port`, never a password.
    Unavailable,
}

impl StorageKind {
    /// Every kind, in declaration order.
    ///
    /// ```
    /// use cartstore::StorageKind;
    ///
    /// let key = "corrupt";
    /// assert_eq!(StorageKind::ALL.iter().find(|kind| kind.key() == key), Some(&StorageKind::Corrupt));
    /// ```
    pub const ALL: &'static [StorageKind] = &[
        StorageKind::Full,
        StorageKind::ReadOnly,
        StorageKind::Busy,
        StorageKind::Io,
        StorageKind::Corrupt,
        StorageKind::Other,
        StorageKind::Unavailable,
    ];

    /// The `$kind` selector of the `error-storage` Fluent message.
    pub fn key(self) -> &'static str {
        match self {
            StorageKind::Full => "full",
            StorageKind::ReadOnly => "read-only",
            StorageKind::Busy => "busy",
            StorageKind::Io => "io",
            StorageKind::Corrupt => "corrupt",
            StorageKind::Other => "other",
            StorageKind::Unavailable => "unavailable",
        }
    }
}

/// The change refused on an ordered cart ([`Error::CartAlreadyOrderedCannotChange`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CartChange {
    /// [`Store::update_cart`](crate::Store::update_cart).
    Update,
    /// [`Store::delete_cart`](crate::Store::delete_cart).
    Delete,
}

impl CartChange {
    /// Every change, in declaration order.
    pub const ALL: &'static [CartChange] = &[CartChange::Update, CartChange::Delete];

    /// The `$operation` selector of the `error-cart-ordered` Fluent message.
    pub fn key(self) -> &'static str {
        match self {
            CartChange::Update => "update",
            CartChange::Delete => "delete",
        }
    }
}

impl std::fmt::Display for CartChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// What was being done to a file that failed ([`Error::File`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileOperation {
    /// Reading it (an import, a template, supplied messages).
    Read,
    /// Writing it (`quote render --output`).
    Write,
}

impl FileOperation {
    /// Every operation, in declaration order.
    pub const ALL: &'static [FileOperation] = &[FileOperation::Read, FileOperation::Write];

    /// The `$operation` selector of the `error-file` Fluent message: `read`, `write`.
    pub fn key(self) -> &'static str {
        match self {
            FileOperation::Read => "read",
            FileOperation::Write => "write",
        }
    }
}

impl std::fmt::Display for FileOperation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// What was wrong with a Fluent resource an application supplied ([`Error::InvalidMessages`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessagesProblem {
    /// The text is not valid Fluent.
    Syntax {
        /// What the Fluent parser said (English).
        detail: String,
    },
    /// The id is not a cartstore message of that kind (a term, `-name`, is not one either).
    UnknownId,
    /// The message uses a variable the code does not give it (`$cartId` in 800061).
    UnknownVariable {
        /// The variable, without its `$`.
        name: String,
    },
    /// The message refers to a message (or a term) that is not a cartstore message.
    UnknownReference {
        /// The id referred to (a term with its `-`).
        name: String,
    },
    /// The message refers to another message (`{ other-id }`), a cartstore message or not.
    /// Supplied messages are self-contained: a reference would be resolved inside the supplied
    /// resource of one locale only (not through the built-in catalogs or the fallback chain),
    /// so it would render a placeholder where that resource lacks the message, or loop on a
    /// cycle. Write the text out instead.
    Reference {
        /// The id referred to.
        name: String,
    },
    /// The id is defined twice for the same locale (in one resource or across resources).
    Duplicate,
    /// The message has no value (only attributes).
    NoValue,
    /// The locale is not a language tag (a file's locale is the name of its directory).
    BadLocale {
        /// The locale as given.
        tag: String,
    },
    /// The file name is no resource kind's (`errors.ftl`, `quote.ftl`).
    UnknownFile,
    /// The file or directory could not be read.
    Unreadable {
        /// The operating system's message.
        detail: String,
    },
}

impl MessagesProblem {
    /// The `$problem` selector of the `error-invalid-messages` Fluent message.
    pub fn key(&self) -> &'static str {
        match self {
            MessagesProblem::Syntax { .. } => "syntax",
            MessagesProblem::UnknownId => "unknown-id",
            MessagesProblem::UnknownVariable { .. } => "unknown-variable",
            MessagesProblem::UnknownReference { .. } => "unknown-reference",
            MessagesProblem::Reference { .. } => "reference",
            MessagesProblem::Duplicate => "duplicate",
            MessagesProblem::NoValue => "no-value",
            MessagesProblem::BadLocale { .. } => "bad-locale",
            MessagesProblem::UnknownFile => "unknown-file",
            MessagesProblem::Unreadable { .. } => "unreadable",
        }
    }
}

impl std::fmt::Display for MessagesProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MessagesProblem::Syntax { detail } => write!(f, "not valid Fluent: {detail}"),
            MessagesProblem::UnknownId => f.write_str("not a cartstore message"),
            MessagesProblem::UnknownVariable { name } => write!(f, "uses ${name}, which the code does not give it"),
            MessagesProblem::UnknownReference { name } => write!(f, "refers to {name}, not a cartstore message"),
            MessagesProblem::Reference { name } => {
                write!(f, "refers to the message {name}: supplied messages cannot refer to other messages")
            }
            MessagesProblem::Duplicate => f.write_str("defined twice"),
            MessagesProblem::NoValue => f.write_str("has no value"),
            MessagesProblem::BadLocale { tag } => write!(f, "{tag:?} is not a language tag"),
            MessagesProblem::UnknownFile => f.write_str("not a messages file name (errors.ftl, quote.ftl)"),
            MessagesProblem::Unreadable { detail } => write!(f, "cannot be read: {detail}"),
        }
    }
}

/// `, line 3 (order-800065)`, for [`Error::InvalidMessages`]'s English text.
fn messages_location(line: &Option<usize>, id: &Option<String>) -> String {
    let mut text = String::new();
    if let Some(line) = line {
        text.push_str(&format!(", line {line}"));
    }
    if let Some(id) = id {
        text.push_str(&format!(" ({id})"));
    }
    text
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
    /// The cart was already checked out, so it cannot be checked out again (800065). Its
    /// description is the Partner Center text of 800065.
    #[error("cart {cart_id} was already checked out")]
    CartAlreadyOrdered {
        /// The cart id.
        cart_id: String,
    },
    /// The cart was already checked out, so it cannot be updated or deleted (800065, as
    /// [`Error::CartAlreadyOrdered`]). Its description is the project's own
    /// (`error-cart-ordered`), naming the cart and the change refused, since the Partner Center
    /// text of 800065 speaks of a checkout.
    ///
    /// ```
    /// use cartstore::{CartChange, Error, Localizer, OrderErrorCode};
    /// let err = Error::CartAlreadyOrderedCannotChange { cart_id: "c-1".into(), operation: CartChange::Delete };
    /// assert_eq!(err.code(), 800065);
    /// assert_eq!(err.order_code(), Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered));
    /// assert_eq!(
    ///     Localizer::default().describe(&err),
    ///     "Cannot delete the cart c-1: it has already been submitted as an order.",
    /// );
    /// ```
    #[error("cart {cart_id} was already checked out: it cannot be changed ({operation})")]
    CartAlreadyOrderedCannotChange {
        /// The cart id.
        cart_id: String,
        /// The change refused.
        operation: CartChange,
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
    /// The quote does not exist or belongs to another customer.
    #[error("quote {quote_number} not found")]
    QuoteNotFound {
        /// The quote number asked for.
        quote_number: String,
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
    /// A Fluent resource an application supplied was refused
    /// ([`l10n::Messages`](crate::l10n::Messages)); nothing of it was loaded.
    #[error("messages {resource}{}: {problem}", messages_location(.line, .id))]
    InvalidMessages {
        /// The resource: the name it was added with, or the file's path.
        resource: String,
        /// The 1-based line of the problem; `None` when it is about the whole resource (an
        /// unreadable file, a bad locale or file name).
        line: Option<usize>,
        /// The message id at that line, when there is one.
        id: Option<String>,
        /// What is wrong.
        problem: MessagesProblem,
    },
    /// A quote template ([`QuoteTemplate::parse`](crate::quote::QuoteTemplate::parse)) does not
    /// parse, or failed while rendering.
    #[error("quote template refused{}: {detail}", .line.map(|l| format!(" at line {l}")).unwrap_or_default())]
    InvalidTemplate {
        /// The 1-based line of the template where the problem is, when known.
        line: Option<usize>,
        /// What the template engine said (English).
        detail: String,
    },
    /// A file that is not the database could not be read or written: an `--output` that is a
    /// directory, in a missing directory or on a full disk, an input that is a directory or
    /// fails while it is read (900009). It names the file and carries the system's reason, so
    /// it is never mistaken for a failure of the database file ([`Error::Storage`]).
    #[error("cannot {operation} {path}: {reason}")]
    File {
        /// The file, as given.
        path: String,
        /// Reading or writing.
        operation: FileOperation,
        /// The operating system's reason (English, as the system gives it), or what was wrong.
        reason: String,
    },
    /// The cart is being submitted to Partner Center ([`Store::submit`](crate::Store::submit)):
    /// it can be neither changed nor checked out here until its submission ends (800064, as a
    /// cart another request holds).
    #[error("cart {cart_id} is being submitted to Partner Center")]
    CartSubmitting {
        /// The cart id.
        cart_id: String,
    },
    /// The submission does not exist or belongs to another customer (900010).
    #[error("submission {submission_id} not found")]
    SubmissionNotFound {
        /// The submission id asked for.
        submission_id: String,
    },
    /// Partner Center answered a request with a definitive error (a 4xx that is not throttling
    /// or authentication). Its code is Partner Center's (an order error code where the seeds
    /// name it, described in the locale's words then; otherwise Partner Center's own text).
    #[error("Partner Center refused the {operation} request (HTTP {status}, code {code}): {description}")]
    PartnerCenter {
        /// The request (`createCart`, `checkout`, ...).
        operation: String,
        /// The HTTP status.
        status: u16,
        /// Partner Center's error code (0 when its body had none).
        code: i64,
        /// Partner Center's description, as it sent it (English).
        description: String,
    },
    /// Partner Center could not be reached, or kept failing (timeouts, dropped connections,
    /// 5xx) past the retry budget (900011). The submission keeps its state: resuming it sends
    /// the same request again.
    #[error("Partner Center at {endpoint} cannot be reached: {detail}")]
    PartnerCenterUnavailable {
        /// The endpoint's host (and port), never a token.
        endpoint: String,
        /// What failed (English), for logs.
        detail: String,
    },
    /// No access token Partner Center accepts: the token provider refused, needs the user
    /// (sign-in, multi-factor authentication), or Partner Center rejected a fresh token
    /// (900012). The submission is paused where it stopped until a token is supplied.
    #[error("Partner Center authentication needed: {detail}")]
    AuthenticationRequired {
        /// Why (English), never the token.
        detail: String,
    },
    /// A cart line cannot be resolved to exactly one Partner Center availability for the
    /// customer (900013): none matches its product, SKU, segment, country, term and billing
    /// cycle (`count` 0), or several do (cartstore never picks one).
    #[error("line {line_id} ({catalog_item_id}): {count} availabilities match")]
    AvailabilityNotResolved {
        /// The line's id.
        line_id: i64,
        /// The catalog item id it names.
        catalog_item_id: String,
        /// How many availabilities matched (0, or 2 and more).
        count: usize,
    },
    /// SQLite or the file system failed; the transaction was rolled back.
    #[error("storage error ({}){}", kind.key(), storage_detail(detail, cause.as_ref()))]
    Storage {
        /// What kind of failure.
        kind: StorageKind,
        /// For logs (English): where it failed (the file), or, for a failure the store detects
        /// itself, what failed; never a repetition of the cause's own text.
        detail: String,
        /// The failure itself (SQLite's error, or the file system's), which
        /// `std::error::Error::source` returns; `None` for failures the store detects itself.
        #[source]
        cause: Option<StorageCause>,
    },
}

/// What [`Error::Storage`] prints after its kind: its detail, unless the detail is just its
/// cause's text (the cause is what `source()` returns, and a report that walks the chain
/// prints it after this; a detail never repeats it otherwise: it says where, the cause what).
fn storage_detail(detail: &str, cause: Option<&StorageCause>) -> String {
    match cause {
        Some(cause) if cause.to_string() == detail => String::new(),
        _ if detail.is_empty() => String::new(),
        _ => format!(": {detail}"),
    }
}

/// The underlying failure of an [`Error::Storage`]: the database driver's error, or the file
/// system's.
///
/// It displays as that failure does, and [`StorageCause::get_ref`] gives the failure itself,
/// to downcast (the driver's error type, `std::io::Error`) where an application wants to. Wrapped so
/// that [`Error`] stays `Clone` and comparable (two causes compare equal when their texts do).
#[derive(Clone)]
pub struct StorageCause(std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl StorageCause {
    /// Wraps a failure.
    pub(crate) fn new(err: impl std::error::Error + Send + Sync + 'static) -> StorageCause {
        StorageCause(std::sync::Arc::new(err))
    }

    /// The failure itself.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl std::fmt::Debug for StorageCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

impl std::fmt::Display for StorageCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl PartialEq for StorageCause {
    fn eq(&self, other: &StorageCause) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl std::error::Error for StorageCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl Error {
    /// An [`Error::File`] for `path`, with the system's reason `err`.
    pub fn file(path: impl AsRef<std::path::Path>, operation: FileOperation, err: &std::io::Error) -> Error {
        Error::File { path: path.as_ref().display().to_string(), operation, reason: err.to_string() }
    }

    /// A shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: impl Into<String>, problem: InputProblem) -> Error {
        Error::InvalidInput { field: field.into(), problem }
    }

    /// An [`Error::Storage`] the store detects itself (no underlying failure).
    pub fn storage(kind: StorageKind, detail: impl Into<String>) -> Error {
        Error::Storage { kind, detail: detail.into(), cause: None }
    }

    /// An [`Error::Storage`] caused by `cause` (SQLite's error, or the file system's), which
    /// `source()` then returns.
    pub fn storage_caused_by(
        kind: StorageKind,
        detail: impl Into<String>,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Storage { kind, detail: detail.into(), cause: Some(StorageCause::new(cause)) }
    }

    /// An [`Error::Storage`] of `kind` caused by `cause`, its text the detail: a stored JSON
    /// text that no longer parses (`Corrupt`), a value that cannot be serialized (`Other`).
    pub(crate) fn storage_from(kind: StorageKind, cause: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::storage_caused_by(kind, cause.to_string(), cause)
    }

    /// The Partner Center order code of this error, where it has one.
    pub fn order_code(&self) -> Option<OrderErrorCode> {
        match self {
            Error::CartNotFound { .. } | Error::CartExpired { .. } => Some(OrderErrorCode::CartIdNotFound),
            Error::CartAlreadyOrdered { .. } | Error::CartAlreadyOrderedCannotChange { .. } => {
                Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered)
            }
            Error::CartBusy { .. } | Error::CartSubmitting { .. } => {
                Some(OrderErrorCode::CartProcessedByAnotherRequest)
            }
            Error::PartnerCenter { code, .. } => i32::try_from(*code)
                .ok()
                .and_then(|code| OrderErrorCode::ALL.iter().copied().find(|c| c.code() == code)),
            Error::OrderCannotBeCancelled { .. } => Some(OrderErrorCode::OrderCannotBeCancelled),
            Error::InvalidInput { .. } => Some(OrderErrorCode::InvalidInput),
            Error::Conflict { .. }
            | Error::OrderNotFound { .. }
            | Error::QuoteNotFound { .. }
            | Error::SchemaTooNew { .. }
            | Error::NotADatabase { .. }
            | Error::InvalidMessages { .. }
            | Error::InvalidTemplate { .. }
            | Error::File { .. }
            | Error::SubmissionNotFound { .. }
            | Error::PartnerCenterUnavailable { .. }
            | Error::AuthenticationRequired { .. }
            | Error::AvailabilityNotResolved { .. }
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
    /// 900004 not a database, 900005 storage, 900006 invalid messages, 900007 invalid quote
    /// template, 900008 quote not found, 900009 a file that is not the database, 900010
    /// submission not found, 900011 Partner Center unreachable, 900012 authentication needed,
    /// 900013 an availability not resolved; a Partner Center error keeps Partner Center's code).
    pub fn code(&self) -> i32 {
        match self {
            Error::CartNotFound { .. }
            | Error::CartExpired { .. }
            | Error::CartAlreadyOrdered { .. }
            | Error::CartAlreadyOrderedCannotChange { .. }
            | Error::CartBusy { .. }
            | Error::CartSubmitting { .. }
            | Error::OrderCannotBeCancelled { .. }
            | Error::InvalidInput { .. } => self.order_code().map_or(900_005, |code| code.code()),
            Error::OrderNotFound { .. } => 900_001,
            Error::Conflict { .. } => 900_002,
            Error::SchemaTooNew { .. } => 900_003,
            Error::NotADatabase { .. } => 900_004,
            Error::InvalidMessages { .. } => 900_006,
            Error::InvalidTemplate { .. } => 900_007,
            Error::QuoteNotFound { .. } => 900_008,
            Error::File { .. } => 900_009,
            Error::SubmissionNotFound { .. } => 900_010,
            Error::PartnerCenter { code, .. } => i32::try_from(*code).unwrap_or(0),
            Error::PartnerCenterUnavailable { .. } => 900_011,
            Error::AuthenticationRequired { .. } => 900_012,
            Error::AvailabilityNotResolved { .. } => 900_013,
            Error::Storage { .. } => 900_005,
        }
    }

    /// The name printed for this error: the order code's name where there is one, else the
    /// variant's name.
    pub fn name(&self) -> &'static str {
        match self {
            Error::CartNotFound { .. }
            | Error::CartExpired { .. }
            | Error::CartAlreadyOrdered { .. }
            | Error::CartAlreadyOrderedCannotChange { .. }
            | Error::CartBusy { .. }
            | Error::CartSubmitting { .. }
            | Error::OrderCannotBeCancelled { .. }
            | Error::InvalidInput { .. } => self.order_code().map_or("Storage", |code| code.name()),
            Error::PartnerCenter { .. } => self.order_code().map_or("PartnerCenter", |code| code.name()),
            Error::OrderNotFound { .. } => "OrderNotFound",
            Error::Conflict { .. } => "Conflict",
            Error::SchemaTooNew { .. } => "SchemaTooNew",
            Error::NotADatabase { .. } => "NotADatabase",
            Error::InvalidMessages { .. } => "InvalidMessages",
            Error::InvalidTemplate { .. } => "InvalidTemplate",
            Error::QuoteNotFound { .. } => "QuoteNotFound",
            Error::File { .. } => "File",
            Error::SubmissionNotFound { .. } => "SubmissionNotFound",
            Error::PartnerCenterUnavailable { .. } => "PartnerCenterUnavailable",
            Error::AuthenticationRequired { .. } => "AuthenticationRequired",
            Error::AvailabilityNotResolved { .. } => "AvailabilityNotResolved",
            Error::Storage { .. } => "Storage",
        }
    }
}
