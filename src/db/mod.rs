//! Data access: SQL and row mapping, beside each other.
//!
//! Functions take `&Connection` when they read and `&Transaction` when they write, so the type
//! marks the transaction boundary; only [`Store`](crate::Store) begins transactions. Nothing
//! here is public API.

pub(crate) mod carts;
pub(crate) mod catalog;
pub(crate) mod orders;
pub(crate) mod schema;

use rusqlite::ErrorCode;

use crate::error::{Error, StorageKind};

/// Maps a SQLite failure to a typed storage error.
pub(crate) fn storage(err: rusqlite::Error) -> Error {
    let kind = match err.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StorageKind::Full,
        Some(ErrorCode::ReadOnly) => StorageKind::ReadOnly,
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StorageKind::Busy,
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StorageKind::Io,
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StorageKind::Corrupt,
        _ => StorageKind::Other,
    };
    Error::Storage { kind, detail: err.to_string() }
}

/// `?`-friendly conversion for rusqlite results.
pub(crate) trait SqlResult<T> {
    /// Maps the error with [`storage`].
    fn db(self) -> Result<T, Error>;
}

impl<T> SqlResult<T> for Result<T, rusqlite::Error> {
    fn db(self) -> Result<T, Error> {
        self.map_err(storage)
    }
}
