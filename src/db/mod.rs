//! Data access: SQL and row mapping, beside each other.
//!
//! Functions take `&Connection` when they read and `&Transaction` when they write, so the type
//! marks the transaction boundary; only [`Store`](crate::Store) begins transactions. Nothing
//! here is public API.

/// Declares, once, the columns a query shape reads: `$sql!()` expands to them as SQL text
/// (`t.a, t.b`: a literal, so queries stay literals the statement cache finds without
/// formatting a string), and `$positions::b.at()` is the position of `b` in that text. Rows are
/// so read by column name, in an order this one definition owns, never by a bare index.
macro_rules! columns {
    ($(#[$doc:meta])* $sql:ident, $positions:ident, $table:literal: $first:ident $(, $rest:ident)* $(,)?) => {
        $(#[$doc])*
        macro_rules! $sql {
            () => {
                concat!($table, ".", stringify!($first) $(, ", ", $table, ".", stringify!($rest))*)
            };
        }
        #[doc = concat!("The positions of the columns `", stringify!($sql), "!()` names.")]
        #[allow(non_camel_case_types, dead_code)]
        #[derive(Debug, Clone, Copy)]
        enum $positions {
            $first,
            $($rest),*
        }
        impl $positions {
            /// The column's position in the row.
            const fn at(self) -> usize {
                self as usize
            }
        }
    };
}

pub(crate) mod carts;
pub(crate) mod catalog;
pub(crate) mod customers;
pub(crate) mod orders;
pub(crate) mod partner;
pub(crate) mod prices;
pub(crate) mod quotes;
pub(crate) mod schema;
pub(crate) mod search;

use std::ops::Deref;

use rusqlite::{Connection, ErrorCode};

use crate::error::{Error, StorageKind};

/// A `BEGIN IMMEDIATE` transaction on a connection, rolled back when dropped uncommitted.
///
/// rusqlite's own `Transaction` prepares `BEGIN` and `COMMIT` afresh on every call; this one
/// takes them from the connection's statement cache, as every other statement is.
#[derive(Debug)]
pub(crate) struct Transaction<'c> {
    conn: &'c Connection,
    open: bool,
}

impl<'c> Transaction<'c> {
    /// Begins (`BEGIN IMMEDIATE`): waits up to the busy timeout for the write lock.
    pub(crate) fn begin_immediate(conn: &'c mut Connection) -> Result<Transaction<'c>, rusqlite::Error> {
        conn.prepare_cached("BEGIN IMMEDIATE")?.execute([])?;
        Ok(Transaction { conn, open: true })
    }

    /// Commits. On failure the transaction is rolled back (SQLite may already have done so).
    pub(crate) fn commit(mut self) -> Result<(), rusqlite::Error> {
        self.conn.prepare_cached("COMMIT")?.execute([])?;
        self.open = false;
        Ok(())
    }

    /// Rolls back (nothing to do when SQLite already has, after an I/O error, say).
    pub(crate) fn rollback(mut self) -> Result<(), rusqlite::Error> {
        self.open = false;
        if !self.conn.is_autocommit() {
            self.conn.prepare_cached("ROLLBACK")?.execute([])?;
        }
        Ok(())
    }
}

/// A read transaction (`BEGIN`, deferred): every statement run through it sees one committed
/// state, whatever other connections commit meanwhile (in WAL mode the snapshot is taken at
/// the first read). Ended when dropped.
#[derive(Debug)]
pub(crate) struct ReadTransaction<'c> {
    conn: &'c Connection,
}

impl<'c> ReadTransaction<'c> {
    /// Begins; the snapshot is taken by the first statement.
    pub(crate) fn begin(conn: &'c Connection) -> Result<ReadTransaction<'c>, rusqlite::Error> {
        conn.prepare_cached("BEGIN")?.execute([])?;
        Ok(ReadTransaction { conn })
    }

    /// Ends the transaction (nothing was written, so nothing can be lost).
    pub(crate) fn end(self) -> Result<(), rusqlite::Error> {
        let conn = self.conn;
        std::mem::forget(self);
        if !conn.is_autocommit() {
            conn.prepare_cached("COMMIT")?.execute([])?;
        }
        Ok(())
    }
}

impl Deref for ReadTransaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for ReadTransaction<'_> {
    fn drop(&mut self) {
        // Reached only on an early return with an error: nothing was written.
        if !self.conn.is_autocommit() {
            let _ = self.conn.prepare_cached("ROLLBACK").and_then(|mut stmt| stmt.execute([]));
        }
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        // Nothing to report to: an uncommitted transaction is abandoned either way, and when
        // SQLite has already rolled it back (after an I/O error, say) ROLLBACK fails harmlessly.
        if self.open && !self.conn.is_autocommit() {
            let _ = self.conn.prepare_cached("ROLLBACK").and_then(|mut stmt| stmt.execute([]));
        }
    }
}

/// A money column (decimal text) as `Money`, read without an intermediate `String`; `None`
/// for NULL. Text that is not a decimal is an error that [`storage`] reports as
/// [`StorageKind::Corrupt`]: a stored price never reads as a silent zero.
pub(crate) fn money_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<crate::model::Money>> {
    match row.get_ref(index)?.as_str_or_null()? {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| corrupt_value(index, text)),
    }
}

/// A money column that may not be NULL.
pub(crate) fn required_money_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<crate::model::Money> {
    money_column(row, index)?.ok_or_else(|| corrupt_value(index, "NULL"))
}

/// A stored value that does not read back as what was written.
#[derive(Debug)]
struct CorruptValue(String);

impl std::fmt::Display for CorruptValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stored value {:?} does not read back", self.0)
    }
}

impl std::error::Error for CorruptValue {}

/// The error of column `index` holding `text`, which does not read back.
pub(crate) fn corrupt_value(index: usize, text: &str) -> rusqlite::Error {
    let shown: String = text.chars().take(64).collect();
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(CorruptValue(shown)))
}

/// Maps a SQLite failure to a typed storage error.
pub(crate) fn storage(err: rusqlite::Error) -> Error {
    let kind = match err.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StorageKind::Full,
        Some(ErrorCode::ReadOnly) => StorageKind::ReadOnly,
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StorageKind::Busy,
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StorageKind::Io,
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StorageKind::Corrupt,
        // A stored value of the wrong type, or one that does not parse: the file was changed
        // behind the store's back.
        _ if matches!(
            err,
            rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
        ) =>
        {
            StorageKind::Corrupt
        }
        _ => StorageKind::Other,
    };
    Error::storage_from(kind, err)
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
