//! The PostgreSQL backend of the storage seam ([`crate::db`]): the team's shared store, through
//! the blocking `postgres` client, the one place of the crate that names it (cargo feature
//! `postgres`).
//!
//! Transactions: a read is one `REPEATABLE READ, READ ONLY` transaction (one snapshot for all
//! its statements). A write is one `READ COMMITTED` transaction whose first statement takes
//! the store's write lock, a transaction-scoped advisory lock, waiting at most the busy timeout
//! (`lock_timeout`; the `busy` error past it): writes are serialized across every client, as
//! SQLite's `BEGIN IMMEDIATE` serializes them, so every read of a write sees the state the
//! write lock was taken on (quote numbers, the catalog version, an order page's count).
//! Inside it, what exactly-once needs is locked on the rows themselves too, so that it holds
//! against any writer of those rows, with or without the store's lock: a cart row read by a
//! write is locked (`FOR UPDATE`) until the commit, and a checkout locks the limited items it
//! takes from in id order (no two checkouts wait for each other in a circle), reading the cart
//! again if an item moved before the lock; a request id is its customer's for one checkout
//! (the unique index of migration 0003). The lock timeout stays the busy timeout for the whole
//! transaction: a row held elsewhere past it is the `busy` error. A serialization failure
//! (40001) or a deadlock (40P01) rolls the transaction back and runs the closure again, at most
//! [`WRITE_RETRIES`] times, then the `busy` error. Every session has a `statement_timeout`
//! (5 min) and an `idle_in_transaction_session_timeout` (2 min) unless the URL's `options` set
//! them: a server that is up but stuck ends a call with the `busy` error, and a client frozen
//! mid-transaction loses its session (and the locks it held) instead of blocking every writer.
//!
//! Errors: a server that is down, refuses or drops the connection, or does not answer within
//! the connect timeout (10 s unless the URL's `connect_timeout` says otherwise), or vanishes
//! mid-query (data unacknowledged for 30 s, `TCP_USER_TIMEOUT`, unless the URL's
//! `tcp_user_timeout` says otherwise) is
//! [`StorageKind::Unavailable`] naming `host:port`; a connection lost is opened again on the
//! next call. Neither an error, nor this module's `Debug` output, ever holds the password.
//!
//! TLS ([`tls`]): the URL's `sslmode` (`disable` or absent: plain; `prefer`, `require`,
//! `verify-ca`, `verify-full` with `sslrootcert=FILE`) through rustls; a handshake refused (a
//! certificate the CAs do not vouch for, another host's) is [`StorageKind::Unavailable`].
//!
//! Functions take the one [`Tx`] of their transaction (the `postgres::Transaction` and the
//! connection's statement cache, [`statements`]); [`PgStorage`] begins
//! every transaction and exposes the functions as the seam's [`Reads`] and [`Writes`]. Nothing
//! here is public API.

pub(crate) mod carts;
pub(crate) mod catalog;
pub(crate) mod copy;
pub(crate) mod orders;
pub(crate) mod other;
pub(crate) mod prices;
pub(crate) mod schema;
pub(crate) mod search;
pub(crate) mod statements;
pub(crate) mod submissions;
pub(crate) mod tls;

use std::cell::RefCell;
use std::str::FromStr;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls, Row};

use crate::db::cache::Cache;
use crate::db::{
    CartRow, CheckoutRow, Counts, Filters, Items, OpenOptions, OrderRow, Plan, QuoteRow, Reads, RequestEnd, RequestRow,
    RowSource, SearchHit, Storage, SubmissionRow, Writes,
};
use crate::error::{Error, Result, StorageKind};
use crate::model::{
    BillingCycleType, Cart, CartLineItem, CartStatus, CatalogItem, CustomerProfile, Order,
    OrderLineItemProvisioningStatus, OrderStatus, ProvisioningStatus,
};
use crate::pricelist::PriceRow;

/// The transaction every function of this backend runs its statements in.
pub(crate) use statements::Tx;

/// The connect timeout when the URL gives none.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long data sent may stay unacknowledged before the connection is given up as lost
/// (`TCP_USER_TIMEOUT`, Linux), unless the URL's `tcp_user_timeout` says otherwise.
const DEFAULT_TCP_USER_TIMEOUT: Duration = Duration::from_secs(30);

/// How long one statement may run unless the URL's `options` set `statement_timeout`: a server
/// that is up but stuck (a lock held by a session that never ends, a runaway query) ends the
/// call with the `busy` error instead of never.
const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(300);
/// How long a session may sit idle inside a transaction unless the URL's `options` set
/// `idle_in_transaction_session_timeout`: a client stopped mid-transaction (a frozen process)
/// loses its session, and so the write lock it held, instead of blocking every writer for ever.
const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT: Duration = Duration::from_secs(120);
/// How many times a write transaction that failed with a serialization failure (40001) or a
/// deadlock (40P01) is run again before the `busy` error.
pub(crate) const WRITE_RETRIES: u32 = 5;

/// The advisory lock key of the store's write lock ("CaSt" "wr").
const WRITE_LOCK: i64 = 0x4361_5374_7772;

/// A PostgreSQL database: its connection, and what to open again when it is lost.
pub(crate) struct PgStorage {
    config: Config,
    /// `host:port` of the first host, for errors (never the password).
    server: String,
    client: Option<Client>,
    /// The TLS connector the URL's `sslmode` asks for, `None` for plain TCP.
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
    tls_mode: tls::Mode,
    busy_timeout: Duration,
    cache: Cache,
    /// The statements prepared on this connection ([`statements`]).
    statements: statements::Statements,
    /// The claims held ([`Storage::try_claim`]): session advisory locks of this connection.
    claims: std::collections::HashSet<String>,
}

impl std::fmt::Debug for PgStorage {
    /// The server and database only: never the password, nor the full URL.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStorage")
            .field("server", &self.server)
            .field("dbname", &self.config.get_dbname())
            .field("user", &self.config.get_user())
            .field("tls", &self.tls_mode)
            .field("connected", &self.client.as_ref().is_some_and(|c| !c.is_closed()))
            .field("cache", &self.cache)
            .field("statements", &self.statements)
            .finish()
    }
}

impl PgStorage {
    /// Connects to the database `url` names and migrates it.
    pub(crate) fn open(url: &str, options: OpenOptions) -> Result<PgStorage> {
        let (url, tls_settings) = tls::split(url)?;
        let mut config = Config::from_str(&url).map_err(|e| {
            // The parser's errors name the option, never its value.
            Error::storage(StorageKind::Other, format!("invalid PostgreSQL connection string: {}", error_chain(&e)))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(DEFAULT_CONNECT_TIMEOUT);
        }
        // A server that vanishes mid-query (a host down, a network cut: no reset arrives) is
        // noticed once data sent stays unacknowledged this long, instead of never.
        if config.get_tcp_user_timeout().is_none() {
            config.tcp_user_timeout(DEFAULT_TCP_USER_TIMEOUT);
        }
        config.application_name("cartstore");
        let server = server_of(&config);
        let tls = tls::connector(&tls_settings)?;
        let mut storage = PgStorage {
            config,
            server,
            client: None,
            tls,
            tls_mode: tls_settings.mode,
            busy_timeout: options.busy_timeout,
            cache: Cache::default(),
            statements: statements::Statements::default(),
            claims: std::collections::HashSet::new(),
        };
        let server = storage.server.clone();
        schema::migrate(storage.client()?, &server)?;
        Ok(storage)
    }

    /// The connection, opened (again) when there is none or it was lost.
    fn client(&mut self) -> Result<&mut Client> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            // No statement outlives its connection.
            self.statements.clear();
            self.client = None;
            self.claims.clear();
            let mut client = match &self.tls {
                Some(tls) => self.config.connect(tls.clone()),
                None => self.config.connect(NoTls),
            }
            .map_err(|e| connect_error(e, &self.server))?;
            let timeouts = default_timeouts(&self.config);
            if !timeouts.is_empty() {
                client.batch_execute(&timeouts).map_err(|e| pg_error(e, &self.server))?;
            }
            self.cache = Cache::default();
            self.client = Some(client);
        }
        self.client.as_mut().ok_or_else(|| unavailable(&self.server, None))
    }
}

impl Storage for PgStorage {
    fn read(&mut self, f: &mut dyn FnMut(&dyn Reads) -> Result<()>) -> Result<()> {
        let server = self.server.clone();
        self.client()?;
        let result = (|| {
            let PgStorage { client, cache, statements, .. } = &mut *self;
            let client = client.as_mut().ok_or_else(|| unavailable(&server, None))?;
            let tx = Tx::begin(client, statements, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .map_err(|e| pg_error(e, &server))?;
            let session = Session { tx: RefCell::new(tx), cache: RefCell::new(cache), server, write: false };
            f(&session)?;
            let Session { tx, server, .. } = session;
            tx.into_inner().commit().map_err(|e| pg_error(e, &server))
        })();
        self.forget_statements_on_failure(result)
    }

    fn write(&mut self, busy: &dyn Fn() -> Error, f: &mut dyn FnMut(&dyn Writes) -> Result<()>) -> Result<()> {
        let mut retries = 0;
        loop {
            let result = self.write_once(busy, f);
            match result {
                Err(err) if retryable(&err) && retries < WRITE_RETRIES => {
                    // The transaction is rolled back; what the cache read in it may be gone.
                    retries += 1;
                    self.cache = Cache::default();
                    std::thread::sleep(Duration::from_millis(10u64 << retries.min(6)));
                }
                Err(err) => return Err(busy_as(err, busy)),
                Ok(()) => return Ok(()),
            }
        }
    }

    fn write_then_roll_back(
        &mut self,
        busy: &dyn Fn() -> Error,
        f: &mut dyn FnMut(&dyn Writes) -> Result<()>,
    ) -> Result<()> {
        let result = begin_write_split(self, busy).and_then(|(tx, server)| {
            let session = Session { tx: RefCell::new(tx.0), cache: RefCell::new(tx.1), server, write: true };
            let result = f(&session);
            let Session { tx, server, .. } = session;
            tx.into_inner().rollback().map_err(|e| pg_error(e, &server))?;
            result
        });
        self.forget_statements_on_failure(result).map_err(|e| busy_as(e, busy))
    }

    /// A session advisory lock on the key's hash (in a class of its own, [`CLAIM_LOCK_CLASS`]):
    /// the server drops it when the connection ends, however its process ends. A connection
    /// opened again after one was lost holds none of its claims: [`PgStorage::client`] forgets
    /// them, and the next [`Storage::try_claim`] of the holder must win them again.
    fn try_claim(&mut self, key: &str) -> Result<bool> {
        if self.claims.contains(key) {
            return Ok(true);
        }
        let server = self.server.clone();
        let row = self
            .client()?
            .query_one("SELECT pg_try_advisory_lock($1, hashtext($2))", &[&CLAIM_LOCK_CLASS, &key])
            .map_err(|e| pg_error(e, &server))?;
        let won: bool = get(&row, 0)?;
        if won {
            self.claims.insert(key.to_owned());
        }
        Ok(won)
    }

    fn streams_prices(&self) -> bool {
        true
    }

    /// `COPY` of the rows into a staging table as they are read, in a transaction that takes
    /// the write lock only then; one merge ([`prices`]).
    fn import_prices_streaming(
        &mut self,
        busy: &dyn Fn() -> Error,
        rows: &mut dyn Iterator<Item = Result<PriceRow>>,
        partial: bool,
    ) -> Result<Counts> {
        let server = self.server.clone();
        let timeout_ms = self.busy_timeout_ms();
        self.client()?;
        let result = (|| {
            let PgStorage { client, statements, .. } = &mut *self;
            let client = client.as_mut().ok_or_else(|| unavailable(&server, None))?;
            let mut tx = Tx::begin(client, statements, "BEGIN").map_err(|e| pg_error(e, &server))?;
            let counts = prices::import_streaming(&mut tx, rows, partial, |tx| lock_in(tx, timeout_ms, busy, &server))?;
            tx.commit().map_err(|e| pg_error(e, &server))?;
            Ok(counts)
        })();
        self.forget_statements_on_failure(result.map_err(|e| named(e, &self.server))).map_err(|e| busy_as(e, busy))
    }

    fn release(&mut self, key: &str, _finished: bool) {
        if self.claims.remove(key)
            && let Some(client) = self.client.as_mut()
        {
            // A connection that is gone has released it already.
            drop(client.execute("SELECT pg_advisory_unlock($1, hashtext($2))", &[&CLAIM_LOCK_CLASS, &key]));
        }
    }
}

impl PgStorage {
    /// One attempt of [`Storage::write`]: `f` in one write transaction, committed on `Ok`.
    fn write_once(&mut self, busy: &dyn Fn() -> Error, f: &mut dyn FnMut(&dyn Writes) -> Result<()>) -> Result<()> {
        let result = begin_write_split(self, busy).and_then(|(tx, server)| {
            let session = Session { tx: RefCell::new(tx.0), cache: RefCell::new(tx.1), server, write: true };
            f(&session)?;
            let Session { tx, server, .. } = session;
            tx.into_inner().commit().map_err(|e| pg_error(e, &server))
        });
        self.forget_statements_on_failure(result)
    }

    /// The busy timeout in milliseconds, as `lock_timeout` takes it.
    fn busy_timeout_ms(&self) -> i64 {
        i64::try_from(self.busy_timeout.as_millis()).unwrap_or(i64::MAX).clamp(0, i64::from(i32::MAX))
    }

    /// Passes `result` on; on an error (the transaction rolled back by then) first forgets the
    /// connection's prepared statements, in case the failure left one of them invalid.
    fn forget_statements_on_failure<T>(&mut self, result: Result<T>) -> Result<T> {
        if result.is_err() {
            self.statements.clear();
        }
        result
    }
}

/// The `SET`s of the statement and idle-in-transaction timeouts a new session gets, for those
/// the URL's `options` do not set. Run after connecting rather than sent as startup options,
/// which a connection pooler (PgBouncer) may refuse.
fn default_timeouts(config: &Config) -> String {
    let options = config.get_options().unwrap_or_default();
    let mut sets = String::new();
    for (name, value) in [
        ("statement_timeout", DEFAULT_STATEMENT_TIMEOUT),
        ("idle_in_transaction_session_timeout", DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT),
    ] {
        if !options.contains(name) {
            sets.push_str(&format!("SET {name} = {};", value.as_millis()));
        }
    }
    sets
}

/// The SQLSTATE of the PostgreSQL failure behind `err`, if it is one.
fn sql_state(err: &Error) -> Option<&SqlState> {
    match err {
        Error::Storage { cause: Some(cause), .. } => {
            cause.get_ref().downcast_ref::<postgres::Error>().and_then(postgres::Error::code)
        }
        _ => None,
    }
}

/// A serialization failure or a deadlock: the transaction may simply be run again.
fn retryable(err: &Error) -> bool {
    sql_state(err).is_some_and(|c| *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED)
}

/// `err`, or the caller's `busy` error when it is a lock not had in time, a statement timeout,
/// or a serialization failure or deadlock that retrying did not cure.
fn busy_as(err: Error, busy: &dyn Fn() -> Error) -> Error {
    match err {
        Error::Storage { kind: StorageKind::Busy, .. } => busy(),
        other => other,
    }
}

/// The first key of the advisory locks of claims ("CSub").
const CLAIM_LOCK_CLASS: i32 = 0x4353_7562;

/// [`PgStorage::begin_write`], with the catalog cache borrowed beside the transaction.
fn begin_write_split<'s>(
    storage: &'s mut PgStorage,
    busy: &dyn Fn() -> Error,
) -> Result<((Tx<'s>, &'s mut Cache), String)> {
    let server = storage.server.clone();
    let timeout_ms = storage.busy_timeout_ms();
    if storage.client.as_ref().is_none_or(Client::is_closed) {
        storage.client()?;
    }
    let PgStorage { client, cache, statements, .. } = storage;
    let client = client.as_mut().ok_or_else(|| unavailable(&server, None))?;
    let tx = begin_locked(client, statements, timeout_ms, busy, &server)?;
    Ok(((tx, cache), server))
}

/// Begins a write transaction on `client` holding the store's write lock, waiting at most
/// `timeout_ms` for it (0: not at all).
fn begin_locked<'c>(
    client: &'c mut Client,
    statements: &'c mut statements::Statements,
    timeout_ms: i64,
    busy: &dyn Fn() -> Error,
    server: &str,
) -> Result<Tx<'c>> {
    if timeout_ms == 0 {
        let mut tx = Tx::begin(client, statements, "BEGIN").map_err(|e| pg_error(e, server))?;
        lock_now(&mut tx, busy, server)?;
        return Ok(tx);
    }
    // One round trip: the statements of a simple query run in order, the transaction begun
    // before the lock is asked for.
    Tx::begin(client, statements, &format!("BEGIN; {}", lock_waiting(timeout_ms)))
        .map_err(|e| lock_error(e, busy, server))
}

/// Takes the store's write lock in the open transaction `tx`, as [`begin_locked`] does.
fn lock_in(tx: &mut Tx<'_>, timeout_ms: i64, busy: &dyn Fn() -> Error, server: &str) -> Result<()> {
    if timeout_ms == 0 {
        return lock_now(tx, busy, server);
    }
    tx.batch_execute(&lock_waiting(timeout_ms)).map_err(|e| lock_error(e, busy, server))
}

/// The statements that take the write lock waiting at most `timeout_ms` (more than 0), the
/// timeout set first. It stays for the rest of the transaction: a row lock (the cart's, an
/// item's) held elsewhere past the busy timeout is the `busy` error too.
fn lock_waiting(timeout_ms: i64) -> String {
    format!("SET LOCAL lock_timeout = {timeout_ms}; SELECT pg_advisory_xact_lock({WRITE_LOCK})")
}

/// Takes the write lock without waiting: a row lock held elsewhere is the `busy` error at once
/// too (a lock timeout of 0 would wait for ever); set in the same statement, one round trip.
fn lock_now(tx: &mut Tx<'_>, busy: &dyn Fn() -> Error, server: &str) -> Result<()> {
    let got: bool = tx
        .query_one_cached("SELECT pg_try_advisory_xact_lock($1), set_config('lock_timeout', '1', true)", &[&WRITE_LOCK])
        .map_err(|e| pg_error(e, server))
        .and_then(|row| get(&row, 0))?;
    if got { Ok(()) } else { Err(busy()) }
}

/// A failure to take the write lock: `busy()` when it was not had in time.
fn lock_error(err: postgres::Error, busy: &dyn Fn() -> Error, server: &str) -> Error {
    match err.code() {
        Some(code) if is_busy(code) => busy(),
        _ => pg_error(err, server),
    }
}

/// `err`, naming `server` when it is an unavailable error.
fn named(err: Error, server: &str) -> Error {
    match err {
        Error::Storage { kind: StorageKind::Unavailable, cause, .. } => {
            Error::Storage { kind: StorageKind::Unavailable, detail: server.to_owned(), cause }
        }
        other => other,
    }
}

/// A lock not had in time, a serialization failure or a deadlock.
fn is_busy(code: &SqlState) -> bool {
    *code == SqlState::LOCK_NOT_AVAILABLE
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
        || *code == SqlState::T_R_DEADLOCK_DETECTED
}

/// `host:port` of the first host `config` names (a Unix socket's directory, and the port).
fn server_of(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
}

/// An error and its causes, as one line.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        let more = e.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = e.source();
    }
    text
}

/// The server cannot be reached.
fn unavailable(server: &str, cause: Option<postgres::Error>) -> Error {
    match cause {
        Some(cause) => Error::storage_caused_by(StorageKind::Unavailable, server, cause),
        None => Error::storage(StorageKind::Unavailable, server),
    }
}

/// A failure to connect: the server unreachable (down, refusing, too slow, starting up or
/// shutting down) is [`StorageKind::Unavailable`]; the server's refusal (authentication, a
/// database that does not exist) is [`StorageKind::Other`], naming the server.
fn connect_error(err: postgres::Error, server: &str) -> Error {
    match err.as_db_error() {
        Some(db)
            if !matches!(
                *db.code(),
                SqlState::CANNOT_CONNECT_NOW | SqlState::ADMIN_SHUTDOWN | SqlState::CRASH_SHUTDOWN
            ) =>
        {
            Error::storage(StorageKind::Other, format!("{server}: {} ({})", db.message(), db.code().code()))
        }
        _ => unavailable(server, Some(err)),
    }
}

/// Maps a PostgreSQL failure to a typed storage error.
pub(crate) fn pg_error(err: postgres::Error, server: &str) -> Error {
    let Some(code) = err.code() else {
        // No SQLSTATE: the connection (closed, an I/O failure, a timeout) or the protocol.
        let io = std::error::Error::source(&err).is_some_and(|s| s.is::<std::io::Error>());
        if err.is_closed() || io || err.to_string().starts_with("timeout") {
            return unavailable(server, Some(err));
        }
        return Error::storage(StorageKind::Other, format!("{server}: {}", error_chain(&err)));
    };
    let kind = match code.code() {
        "53100" => StorageKind::Full,
        "25006" => StorageKind::ReadOnly,
        // A lock not had in time, a statement timeout, a serialization failure, a deadlock.
        "55P03" | "57014" | "40001" | "40P01" => StorageKind::Busy,
        "58030" => StorageKind::Io,
        "XX001" | "XX002" => StorageKind::Corrupt,
        c if c.starts_with("08") || c.starts_with("57P") => StorageKind::Unavailable,
        _ => StorageKind::Other,
    };
    match kind {
        StorageKind::Unavailable => unavailable(server, Some(err)),
        // The cause kept, so that a write can tell a failure worth running again.
        StorageKind::Busy => Error::storage_caused_by(kind, server, err),
        _ => Error::storage(kind, format!("{server}: {}", error_chain(&err))),
    }
}

/// `?`-friendly conversion for `postgres` results (the server is not named: the detail is the
/// server's own message).
pub(crate) trait PgResult<T> {
    /// Maps the error with [`pg_error`].
    fn db(self) -> Result<T>;
}

impl<T> PgResult<T> for std::result::Result<T, postgres::Error> {
    fn db(self) -> Result<T> {
        self.map_err(|e| pg_error(e, "PostgreSQL"))
    }
}

/// Column `index` of `row` as `T`; a value that does not read as `T` is corrupt.
pub(crate) fn get<'a, T: postgres::types::FromSql<'a>>(row: &'a Row, index: usize) -> Result<T> {
    row.try_get(index).map_err(|e| Error::storage(StorageKind::Corrupt, format!("column {index}: {}", error_chain(&e))))
}

/// A stored value that does not read back as what was written.
pub(crate) fn corrupt(what: &str, text: &str) -> Error {
    let shown: String = text.chars().take(64).collect();
    Error::storage(StorageKind::Corrupt, format!("stored {what} {shown:?} does not read back"))
}

/// A money column (`numeric`, its scale kept) as `Money`; `None` for NULL. A promotion's
/// percentage is decimal text, read the same way (corrupt when not a decimal).
pub(crate) fn money(row: &Row, index: usize) -> Result<Option<crate::model::Money>> {
    if row.columns().get(index).is_some_and(|c| *c.type_() == postgres::types::Type::NUMERIC) {
        return Ok(get::<Option<rust_decimal::Decimal>>(row, index)?.map(crate::model::Money));
    }
    match get::<Option<&str>>(row, index)? {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| corrupt("amount", text)),
    }
}

/// A money column that may not be NULL.
pub(crate) fn required_money(row: &Row, index: usize) -> Result<crate::model::Money> {
    money(row, index)?.ok_or_else(|| corrupt("amount", "NULL"))
}

/// The text of column `index` read as a wire enum by `parse`, corrupt when it is none.
pub(crate) fn parsed<T>(row: &Row, index: usize, parse: fn(&str) -> Option<T>) -> Result<T> {
    let text: &str = get(row, index)?;
    parse(text).ok_or_else(|| corrupt("value", text))
}

/// [`parsed`] for a column that may be NULL.
pub(crate) fn parsed_opt<T>(row: &Row, index: usize, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
    match get::<Option<&str>>(row, index)? {
        None => Ok(None),
        Some(text) => parse(text).map(Some).ok_or_else(|| corrupt("value", text)),
    }
}

/// One transaction of a [`PgStorage`], seen through the seam.
struct Session<'s> {
    tx: RefCell<Tx<'s>>,
    cache: RefCell<&'s mut Cache>,
    server: String,
    /// A write transaction: the cart rows it reads are locked (`FOR UPDATE`) until it ends.
    write: bool,
}

impl Session<'_> {
    /// Runs `f` on the transaction.
    fn with<T>(&self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let mut tx = self
            .tx
            .try_borrow_mut()
            .map_err(|_| Error::storage(StorageKind::Other, "PostgreSQL transaction used re-entrantly"))?;
        f(&mut tx).map_err(|e| self.named(e))
    }

    /// Names this session's server in an unavailable error.
    fn named(&self, err: Error) -> Error {
        named(err, &self.server)
    }
}

impl Reads for Session<'_> {
    fn cart_row(&self, customer: &str, cart_id: &str) -> Result<Option<CartRow>> {
        self.with(|tx| carts::find(tx, customer, cart_id, self.write))
    }
    fn cart(&self, row: &CartRow) -> Result<Cart> {
        self.with(|tx| carts::load(tx, row))
    }
    fn carts(&self, customer: &str) -> Result<Vec<Cart>> {
        self.with(|tx| carts::load_all(tx, customer))
    }
    fn catalog_item(&self, id: &str) -> Result<Option<CatalogItem>> {
        self.with(|tx| catalog::item(tx, id))
    }
    fn catalog_items(&self, ids: &[&str]) -> Result<Items> {
        let mut cache =
            self.cache.try_borrow_mut().map_err(|_| Error::storage(StorageKind::Other, "catalog cache in use"))?;
        self.with(|tx| cache.get_many(&mut catalog::Rows(tx), ids.iter().copied()))
    }
    fn catalog(&self) -> Result<Vec<CatalogItem>> {
        self.with(catalog::list)
    }
    fn inventory(&self, id: &str) -> Result<Option<Option<i64>>> {
        self.with(|tx| match catalog::resolve_id(tx, id)? {
            Some(id) => catalog::inventory(tx, &id),
            None => Ok(None),
        })
    }
    fn customer(&self, customer: &str) -> Result<Option<CustomerProfile>> {
        self.with(|tx| other::customer(tx, customer))
    }
    fn order_row(&self, customer: &str, order_id: &str) -> Result<Option<OrderRow>> {
        self.with(|tx| orders::find(tx, customer, order_id))
    }
    fn order(&self, customer: &str, order_id: &str) -> Result<Option<Order>> {
        self.with(|tx| orders::load(tx, customer, order_id))
    }
    fn order_page(
        &self,
        customer: &str,
        cycle: Option<BillingCycleType>,
        before: i64,
        limit: u32,
    ) -> Result<Vec<(i64, Order)>> {
        self.with(|tx| orders::page(tx, customer, cycle, before, limit))
    }
    fn order_count(&self, customer: &str, cycle: Option<BillingCycleType>) -> Result<u64> {
        self.with(|tx| orders::count(tx, customer, cycle))
    }
    fn inventory_taken(&self, order_id: &str) -> Result<Vec<(String, i64)>> {
        self.with(|tx| orders::inventory_taken(tx, order_id))
    }
    fn any_fulfilled(&self, order_id: &str) -> Result<bool> {
        self.with(|tx| orders::any_fulfilled(tx, order_id))
    }
    fn provisioning(&self, order_id: &str) -> Result<Vec<OrderLineItemProvisioningStatus>> {
        self.with(|tx| orders::provisioning(tx, order_id))
    }
    fn checkout_result(&self, cart_id: &str) -> Result<Option<(Option<String>, String)>> {
        self.with(|tx| orders::find_checkout(tx, cart_id))
    }
    fn checkout_of_request(&self, customer: &str, request_id: &str) -> Result<Option<String>> {
        self.with(|tx| orders::find_checkout_of_request(tx, customer, request_id))
    }
    fn partner_profile(&self) -> Result<Option<String>> {
        self.with(other::partner_profile)
    }
    fn issued_quote(&self, cart_id: &str, cart_modified_us: i64, options_json: &str) -> Result<Option<String>> {
        self.with(|tx| other::issued_quote(tx, cart_id, cart_modified_us, options_json))
    }
    fn quote(&self, customer: &str, quote_number: &str) -> Result<Option<String>> {
        self.with(|tx| other::quote(tx, customer, quote_number))
    }
    fn quotes(&self, customer: &str) -> Result<Vec<String>> {
        self.with(|tx| other::quotes(tx, customer))
    }
    fn search(&self, words: &[String], filters: &Filters<'_>) -> Result<Vec<SearchHit>> {
        self.with(|tx| search::hits(tx, words, filters))
    }
    fn table(&self, name: &'static str, columns: &'static [&'static str]) -> Result<crate::db::Table> {
        self.with(|tx| copy::table(tx, name, columns))
    }
    fn submission(&self, customer: &str, submission_id: &str) -> Result<Option<SubmissionRow>> {
        self.with(|tx| submissions::get_one(tx, customer, submission_id))
    }
    fn submissions(&self, customer: Option<&str>, cart_id: Option<&str>) -> Result<Vec<SubmissionRow>> {
        self.with(|tx| submissions::list(tx, customer, cart_id))
    }
}

impl Writes for Session<'_> {
    fn reads(&self) -> &dyn Reads {
        self
    }
    fn insert_cart(&self, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
        self.with(|tx| carts::insert(tx, row, lines))
    }
    fn replace_cart(&self, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart> {
        self.with(|tx| carts::replace(tx, row, lines))
    }
    fn set_cart_status(&self, cart_id: &str, status: CartStatus, modified_us: i64) -> Result<()> {
        self.with(|tx| carts::set_status(tx, cart_id, status, modified_us))
    }
    fn delete_cart(&self, cart_id: &str) -> Result<()> {
        self.with(|tx| carts::delete(tx, cart_id))
    }
    fn upsert_items(&self, items: &[CatalogItem]) -> Result<()> {
        self.with(|tx| catalog::upsert(tx, items))
    }
    fn set_inventory(&self, id: &str, inventory: i64) -> Result<()> {
        self.with(|tx| catalog::set_inventory(tx, id, inventory))
    }
    fn lock_items(&self, items: &[(&str, i64)]) -> Result<bool> {
        self.with(|tx| orders::lock_items(tx, items))
    }
    fn put_customer(&self, customer: &str, profile: &CustomerProfile) -> Result<()> {
        self.with(|tx| other::put_customer(tx, customer, profile))
    }
    fn insert_order(&self, customer: &str, cart_id: &str, group: &str, order: &Order, taken: &[i64]) -> Result<()> {
        self.with(|tx| orders::insert(tx, customer, cart_id, group, order, taken))
    }
    fn set_order_status(&self, order_id: &str, status: OrderStatus) -> Result<()> {
        self.with(|tx| orders::set_status(tx, order_id, status))
    }
    fn set_line_status(&self, order_id: &str, line: Option<i64>, status: ProvisioningStatus) -> Result<usize> {
        self.with(|tx| orders::set_line_status(tx, order_id, line, status))
    }
    fn insert_checkout(&self, row: &CheckoutRow<'_>) -> Result<()> {
        self.with(|tx| orders::insert_checkout(tx, row))
    }
    fn put_partner_profile(&self, profile_json: &str, updated_us: i64) -> Result<()> {
        self.with(|tx| other::put_partner_profile(tx, profile_json, updated_us))
    }
    fn import_prices(&self, rows: &mut dyn RowSource, plan: &Plan) -> Result<Counts> {
        // Not the store's path on PostgreSQL (it streams, `import_prices_streaming`): each row
        // copied out of the source.
        let mut owned = std::iter::from_fn(|| rows.next_row().map(|row| row.map(|row| row.clone())));
        self.with(|tx| prices::import(tx, &mut owned, plan))
    }
    fn next_quote_seq(&self) -> Result<i64> {
        self.with(other::next_quote_seq)
    }
    fn insert_quote(&self, row: &QuoteRow<'_>) -> Result<()> {
        self.with(|tx| other::insert_quote(tx, row))
    }
    fn is_empty(&self) -> Result<bool> {
        self.with(copy::is_empty)
    }
    fn restore(&self, table: &crate::db::Table) -> Result<()> {
        self.with(|tx| copy::restore(tx, table))
    }
    fn restored(&self) -> Result<()> {
        self.with(copy::restored)
    }
    fn put_submission(&self, row: &SubmissionRow) -> Result<bool> {
        self.with(|tx| submissions::put(tx, row))
    }
    fn begin_request(&self, row: &RequestRow<'_>) -> Result<()> {
        self.with(|tx| submissions::begin_request(tx, row))
    }
    fn end_request(&self, submission_id: &str, seq: i64, end: &RequestEnd<'_>) -> Result<()> {
        self.with(|tx| submissions::end_request(tx, submission_id, seq, end))
    }
}
