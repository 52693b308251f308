//! The SQLite backend of the storage seam ([`crate::db`]): SQL and row mapping, beside each
//! other, through rusqlite, the one place of the crate that names it.
//!
//! Functions take `&Connection` when they read and `&Transaction` when they write, so the type
//! marks the transaction boundary; [`SqliteStorage`] begins every transaction and exposes the
//! functions as the seam's [`Reads`] and [`Writes`]. Nothing here is public API.

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

            /// How many columns there are: the position of a column selected after them.
            #[allow(dead_code)]
            const COUNT: usize = [stringify!($first) $(, stringify!($rest))*].len();
        }
    };
}

pub(crate) mod carts;
pub(crate) mod catalog;
pub(crate) mod copy;
pub(crate) mod customers;
pub(crate) mod orders;
pub(crate) mod partner;
pub(crate) mod prices;
pub(crate) mod quotes;
pub(crate) mod schema;
pub(crate) mod search;
pub(crate) mod submissions;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::File;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode};

use crate::db::cache::Cache;
use crate::db::{
    CartRow, CheckoutRow, Counts, Filters, Items, OpenOptions, OrderRow, Plan, QuoteRow, Reads, RequestEnd, RequestRow,
    RowSource, SearchHit, Storage, SubmissionRow, Writes,
};
use crate::error::{Error, StorageKind};
use crate::model::{
    BillingCycleType, Cart, CartLineItem, CartStatus, CatalogItem, CustomerProfile, Order,
    OrderLineItemProvisioningStatus, OrderStatus, ProvisioningStatus,
};

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

/// The stored text of column `index` read as a wire enum by `parse`: a text `parse` refuses is
/// [`corrupt_value`], never a silent `None`.
pub(crate) fn parsed<T>(index: usize, text: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(text).ok_or_else(|| corrupt_value(index, text))
}

/// [`parsed`] for a column that may be NULL (`None` then).
pub(crate) fn parsed_opt<T>(
    index: usize,
    text: Option<&str>,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    text.map(|t| parsed(index, t, parse)).transpose()
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

/// The newest schema version this build knows.
pub(crate) fn latest_version() -> i64 {
    schema::latest_version()
}

/// A SQLite database: its connection and its catalog cache, both behind the store's one lock
/// (so the cache is only ever used with the connection held).
#[derive(Debug)]
pub(crate) struct SqliteStorage {
    conn: Connection,
    cache: Cache,
    /// The database file (`None` in memory): claims are locks on files beside it.
    path: Option<PathBuf>,
    /// The claims held ([`Storage::try_claim`]): each an open, locked file.
    claims: HashMap<String, File>,
}

impl SqliteStorage {
    /// Opens (creating if needed) the database file at `path`.
    pub(crate) fn open_file(path: &Path, options: OpenOptions) -> crate::error::Result<SqliteStorage> {
        let conn = schema::open_file(path, options.busy_timeout)?;
        schema::limit_size(&conn, options.max_size_bytes)?;
        Ok(SqliteStorage { conn, cache: Cache::default(), path: Some(path.to_owned()), claims: HashMap::new() })
    }

    /// A private in-memory database.
    pub(crate) fn open_memory(options: OpenOptions) -> crate::error::Result<SqliteStorage> {
        let conn = schema::open_memory()?;
        schema::limit_size(&conn, options.max_size_bytes)?;
        Ok(SqliteStorage { conn, cache: Cache::default(), path: None, claims: HashMap::new() })
    }
}

impl Storage for SqliteStorage {
    fn read(&mut self, f: &mut dyn FnMut(&dyn Reads) -> crate::error::Result<()>) -> crate::error::Result<()> {
        let tx = ReadTransaction::begin(&self.conn).db()?;
        f(&Session { conn: &tx, cache: RefCell::new(&mut self.cache) })?;
        tx.end().db()
    }

    fn write(
        &mut self,
        busy: &dyn Fn() -> Error,
        f: &mut dyn FnMut(&dyn Writes) -> crate::error::Result<()>,
    ) -> crate::error::Result<()> {
        let tx = begin(&mut self.conn, busy)?;
        f(&Session { conn: &tx, cache: RefCell::new(&mut self.cache) })?;
        tx.commit().db()
    }

    fn write_then_roll_back(
        &mut self,
        busy: &dyn Fn() -> Error,
        f: &mut dyn FnMut(&dyn Writes) -> crate::error::Result<()>,
    ) -> crate::error::Result<()> {
        let tx = begin(&mut self.conn, busy)?;
        let result = f(&Session { conn: &tx, cache: RefCell::new(&mut self.cache) });
        tx.rollback().db()?;
        result
    }

    /// An exclusive OS lock on the file `<database>.claim-<key>` beside the database, held while
    /// the claim lasts: the operating system drops it when the process ends, however it ends.
    /// In memory the database is this process's alone (the store's own set of claims is enough).
    fn try_claim(&mut self, key: &str) -> crate::error::Result<bool> {
        if self.claims.contains_key(key) {
            return Ok(true);
        }
        let Some(path) = &self.path else {
            return Ok(true);
        };
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".claim-{key}"));
        let lock_path = PathBuf::from(name);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::storage_caused_by(StorageKind::Io, lock_path.display().to_string(), e))?;
        match file.try_lock() {
            Ok(()) => {
                self.claims.insert(key.to_owned(), file);
                Ok(true)
            }
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(Error::storage_caused_by(StorageKind::Io, lock_path.display().to_string(), e))
            }
        }
    }

    fn release(&mut self, key: &str, finished: bool) {
        // Dropping the file closes it, which releases the lock. The file is removed only once
        // the submission is final: a process that opened it before the removal may then lock
        // a file no one else sees, but it finds the submission final and does nothing. Removed
        // earlier, two processes could each hold a lock on a file of that name.
        if let Some(file) = self.claims.remove(key) {
            if finished && let Some(path) = &self.path {
                let mut name = path.as_os_str().to_owned();
                name.push(format!(".claim-{key}"));
                drop(std::fs::remove_file(PathBuf::from(name)));
            }
            drop(file);
        }
    }
}

/// Begins a `BEGIN IMMEDIATE` transaction; `busy()` is the error when the lock is not had
/// within the busy timeout.
fn begin<'c>(conn: &'c mut Connection, busy: &dyn Fn() -> Error) -> crate::error::Result<Transaction<'c>> {
    Transaction::begin_immediate(conn).map_err(|e| {
        if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)) {
            busy()
        } else {
            storage(e)
        }
    })
}

/// One transaction of a [`SqliteStorage`] (`C` is [`ReadTransaction`] or [`Transaction`]),
/// seen through the seam.
struct Session<'s, C> {
    conn: &'s C,
    cache: RefCell<&'s mut Cache>,
}

impl<C: Deref<Target = Connection>> Reads for Session<'_, C> {
    fn cart_row(&self, customer: &str, cart_id: &str) -> crate::error::Result<Option<CartRow>> {
        carts::find(self.conn, customer, cart_id)
    }
    fn cart(&self, row: &CartRow) -> crate::error::Result<Cart> {
        carts::load(self.conn, row)
    }
    fn carts(&self, customer: &str) -> crate::error::Result<Vec<Cart>> {
        carts::load_all(self.conn, customer)
    }
    fn catalog_item(&self, id: &str) -> crate::error::Result<Option<CatalogItem>> {
        catalog::get(self.conn, id)
    }
    fn catalog_items(&self, ids: &[&str]) -> crate::error::Result<Items> {
        self.cache.borrow_mut().get_many(&mut catalog::Rows(self.conn), ids.iter().copied())
    }
    fn catalog(&self) -> crate::error::Result<Vec<CatalogItem>> {
        catalog::list(self.conn)
    }
    fn inventory(&self, id: &str) -> crate::error::Result<Option<Option<i64>>> {
        match catalog::resolve_id(self.conn, id)? {
            Some(id) => catalog::inventory(self.conn, &id),
            None => Ok(None),
        }
    }
    fn customer(&self, customer: &str) -> crate::error::Result<Option<CustomerProfile>> {
        customers::get(self.conn, customer)
    }
    fn order_row(&self, customer: &str, order_id: &str) -> crate::error::Result<Option<OrderRow>> {
        orders::find(self.conn, customer, order_id)
    }
    fn order(&self, customer: &str, order_id: &str) -> crate::error::Result<Option<Order>> {
        orders::load(self.conn, customer, order_id)
    }
    fn order_page(
        &self,
        customer: &str,
        cycle: Option<BillingCycleType>,
        before: i64,
        limit: u32,
    ) -> crate::error::Result<Vec<(i64, Order)>> {
        orders::page(self.conn, customer, cycle, before, limit)
    }
    fn order_count(&self, customer: &str, cycle: Option<BillingCycleType>) -> crate::error::Result<u64> {
        orders::count(self.conn, customer, cycle)
    }
    fn inventory_taken(&self, order_id: &str) -> crate::error::Result<Vec<(String, i64)>> {
        orders::inventory_taken(self.conn, order_id)
    }
    fn any_fulfilled(&self, order_id: &str) -> crate::error::Result<bool> {
        orders::any_fulfilled(self.conn, order_id)
    }
    fn provisioning(&self, order_id: &str) -> crate::error::Result<Vec<OrderLineItemProvisioningStatus>> {
        orders::provisioning(self.conn, order_id)
    }
    fn checkout_result(&self, cart_id: &str) -> crate::error::Result<Option<(Option<String>, String)>> {
        orders::find_checkout(self.conn, cart_id)
    }
    fn checkout_of_request(&self, customer: &str, request_id: &str) -> crate::error::Result<Option<String>> {
        orders::find_checkout_of_request(self.conn, customer, request_id)
    }
    fn partner_profile(&self) -> crate::error::Result<Option<String>> {
        partner::get(self.conn)
    }
    fn issued_quote(
        &self,
        cart_id: &str,
        cart_modified_us: i64,
        options_json: &str,
    ) -> crate::error::Result<Option<String>> {
        quotes::find_issued(self.conn, cart_id, cart_modified_us, options_json)
    }
    fn quote(&self, customer: &str, quote_number: &str) -> crate::error::Result<Option<String>> {
        quotes::get(self.conn, customer, quote_number)
    }
    fn quotes(&self, customer: &str) -> crate::error::Result<Vec<String>> {
        quotes::list(self.conn, customer)
    }
    fn search(&self, words: &[String], filters: &Filters<'_>) -> crate::error::Result<Vec<SearchHit>> {
        search::hits(self.conn, search::match_expression(words).as_deref(), filters)
    }
    fn table(&self, name: &'static str, columns: &'static [&'static str]) -> crate::error::Result<crate::db::Table> {
        copy::table(self.conn, name, columns)
    }
    fn submission(&self, customer: &str, submission_id: &str) -> crate::error::Result<Option<SubmissionRow>> {
        submissions::get(self.conn, customer, submission_id)
    }
    fn submissions(&self, customer: Option<&str>, cart_id: Option<&str>) -> crate::error::Result<Vec<SubmissionRow>> {
        submissions::list(self.conn, customer, cart_id)
    }
}

impl Writes for Session<'_, Transaction<'_>> {
    fn reads(&self) -> &dyn Reads {
        self
    }
    fn insert_cart(&self, row: &CartRow, lines: &[CartLineItem]) -> crate::error::Result<Cart> {
        carts::insert(self.conn, row, lines)
    }
    fn replace_cart(&self, row: &CartRow, lines: &[CartLineItem]) -> crate::error::Result<Cart> {
        carts::replace(self.conn, row, lines)
    }
    fn set_cart_status(&self, cart_id: &str, status: CartStatus, modified_us: i64) -> crate::error::Result<()> {
        carts::set_status(self.conn, cart_id, status, modified_us)
    }
    fn delete_cart(&self, cart_id: &str) -> crate::error::Result<()> {
        carts::delete(self.conn, cart_id)
    }
    fn upsert_items(&self, items: &[CatalogItem]) -> crate::error::Result<()> {
        catalog::upsert(self.conn, items)
    }
    fn set_inventory(&self, id: &str, inventory: i64) -> crate::error::Result<()> {
        match catalog::resolve_id(self.conn, id)? {
            Some(id) => catalog::set_inventory(self.conn, &id, inventory),
            None => Ok(()),
        }
    }
    fn lock_items(&self, _items: &[(&str, i64)]) -> crate::error::Result<bool> {
        // The write transaction (`BEGIN IMMEDIATE`) already holds the whole database.
        Ok(false)
    }
    fn put_customer(&self, customer: &str, profile: &CustomerProfile) -> crate::error::Result<()> {
        customers::put(self.conn, customer, profile)
    }
    fn insert_order(
        &self,
        customer: &str,
        cart_id: &str,
        group: &str,
        order: &Order,
        taken: &[i64],
    ) -> crate::error::Result<()> {
        orders::insert(self.conn, customer, cart_id, group, order, taken)
    }
    fn set_order_status(&self, order_id: &str, status: OrderStatus) -> crate::error::Result<()> {
        orders::set_status(self.conn, order_id, status)
    }
    fn set_line_status(
        &self,
        order_id: &str,
        line: Option<i64>,
        status: ProvisioningStatus,
    ) -> crate::error::Result<usize> {
        orders::set_line_status(self.conn, order_id, line, status)
    }
    fn insert_checkout(&self, row: &CheckoutRow<'_>) -> crate::error::Result<()> {
        orders::insert_checkout(
            self.conn,
            row.cart_id,
            row.customer_id,
            row.request_id,
            row.created_us,
            row.result_json,
            row.errors,
        )
    }
    fn put_partner_profile(&self, profile_json: &str, updated_us: i64) -> crate::error::Result<()> {
        partner::put(self.conn, profile_json, updated_us)
    }
    fn import_prices(&self, rows: &mut dyn RowSource, plan: &Plan) -> crate::error::Result<Counts> {
        prices::import(self.conn, rows, plan)
    }
    fn next_quote_seq(&self) -> crate::error::Result<i64> {
        quotes::next_seq(self.conn)
    }
    fn insert_quote(&self, row: &QuoteRow<'_>) -> crate::error::Result<()> {
        quotes::insert(self.conn, row)
    }
    fn is_empty(&self) -> crate::error::Result<bool> {
        copy::is_empty(self.conn)
    }
    fn restore(&self, table: &crate::db::Table) -> crate::error::Result<()> {
        copy::restore(self.conn, table)
    }
    fn restored(&self) -> crate::error::Result<()> {
        copy::restored(self.conn)
    }
    fn put_submission(&self, row: &SubmissionRow) -> crate::error::Result<bool> {
        submissions::put(self.conn, row)
    }
    fn begin_request(&self, row: &RequestRow<'_>) -> crate::error::Result<()> {
        submissions::begin_request(self.conn, row)
    }
    fn end_request(&self, submission_id: &str, seq: i64, end: &RequestEnd<'_>) -> crate::error::Result<()> {
        submissions::end_request(self.conn, submission_id, seq, end)
    }
}
