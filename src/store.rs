//! [`Store`], the public entry point: it owns the connection, begins every transaction, and
//! calls validation, pricing, data access and checkout. Its operations are in `store/carts.rs`,
//! `store/orders.rs`, `store/catalog.rs`, `store/customers.rs` and `store/prices.rs` (price-list
//! import and catalog search).

mod carts;
mod catalog;
mod copy;
mod customers;
mod orders;
mod partner;
mod prices;
mod quotes;
mod submissions;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::{Clock, SystemClock};
use crate::db::{self, CartRow, OpenOptions, Reads, Storage, Writes};
use crate::error::CartChange;
use crate::error::{Error, InputProblem, Result, StorageKind};
use crate::l10n::Localizer;
use crate::model::{BillingCycleType, Cart, walk_lines_mut};
use crate::validate::check_string;

pub use prices::{CatalogQuery, ImportFormat, ImportOptions, ImportReport};

/// How a [`Store`] behaves: its clock, locale, user, cart lifetime and lock wait.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// The clock for timestamps and expiry (default: the system clock).
    pub clock: Arc<dyn Clock>,
    /// The locale of the descriptions written into line errors and order errors (default en).
    pub locale: Localizer,
    /// The `lastModifiedUser` written on every cart change.
    pub user: String,
    /// How long a new cart lives (default 7 days). Expirations past the year 9999 are kept at
    /// its last instant, so `chrono::Duration::MAX` makes carts that never expire.
    pub cart_lifetime: chrono::Duration,
    /// How long a write waits for another connection's lock (default 5 s); a checkout that
    /// cannot get it in time fails with 800064. SQLite counts it in milliseconds in a C `int`:
    /// a longer timeout is clamped to [`MAX_BUSY_TIMEOUT`] (2^31 - 1 ms, about 24.8 days).
    pub busy_timeout: Duration,
    /// The largest size, in bytes, this store lets the database grow to (default: no limit
    /// but the disk). A write that would grow it further fails with
    /// [`Error::Storage`] of kind [`StorageKind::Full`] and writes nothing, exactly as on a full
    /// disk; a limit below the current size keeps the database at its current size.
    pub max_size_bytes: Option<u64>,
}

/// The longest busy timeout SQLite takes: 2^31 - 1 milliseconds (about 24.8 days). A longer
/// [`StoreOptions::busy_timeout`] is clamped to it (never a panic).
pub const MAX_BUSY_TIMEOUT: Duration = Duration::from_millis(2_147_483_647);

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            clock: Arc::new(SystemClock),
            locale: Localizer::default(),
            user: "cartstore".to_owned(),
            cart_lifetime: chrono::Duration::days(7),
            busy_timeout: Duration::from_secs(5),
            max_size_bytes: None,
        }
    }
}

/// What [`Store::list_orders`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderQuery {
    /// Only orders of this billing cycle.
    pub billing_cycle: Option<BillingCycleType>,
    /// Orders per page (default 100, at most 1000; larger values are capped).
    pub page_size: Option<u32>,
    /// The `continuation_token` of the previous page.
    pub continuation: Option<String>,
}

/// The default page size of [`Store::list_orders`].
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// The largest page size of [`Store::list_orders`].
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Carts, orders and the catalog in one SQLite file (or in memory).
///
/// A `Store` is `Send + Sync`: share it between threads with an `Arc`. Several `Store`s, in
/// threads or processes, may open the same file; every write is one `BEGIN IMMEDIATE`
/// transaction. Every call names the customer (tenant): another customer's carts and orders
/// are not found, exactly as missing ones.
///
/// ```
/// use cartstore::{Cart, Catalog, Store};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let store = Store::open_in_memory()?;
/// let catalog: Catalog = serde_json::from_str(r#"{"items": [{"catalogItemId": "SKU:1",
///     "currencyCode": "USD", "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]}]}"#)?;
/// store.import_catalog(&catalog)?;
/// let new_cart: Cart = serde_json::from_str(r#"{"lineItems": [{"catalogItemId": "SKU:1",
///     "quantity": 1, "termDuration": "P1Y", "billingCycle": "monthly"}]}"#)?;
/// let cart = store.create_cart("customer-1", &new_cart)?;
/// let result = store.checkout("customer-1", &cart.id)?;
/// assert_eq!(result.orders.len(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Store {
    /// The database (with what its backend caches), behind one lock.
    storage: Mutex<Box<dyn Storage>>,
    options: StoreOptions,
    /// The submissions this `Store` is running (one thread at a time each).
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    running: Mutex<std::collections::HashSet<String>>,
}

impl Store {
    /// Opens (creating if needed) the database file at `path` with default options.
    ///
    /// # Errors
    /// [`Error::NotADatabase`] for a file that is not a cartstore database,
    /// [`Error::SchemaTooNew`] for one written by a newer cartstore (left untouched),
    /// [`Error::Storage`] when the file cannot be opened or written.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path, StoreOptions::default())
    }

    /// Opens the database file at `path` with `options`.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open_with(path: impl AsRef<Path>, options: StoreOptions) -> Result<Store> {
        let storage = db::open(path.as_ref(), open_options(&options))?;
        Ok(Store { storage: Mutex::new(storage), options, running: Mutex::default() })
    }

    /// A private in-memory store with default options.
    ///
    /// # Errors
    /// [`Error::Storage`] if SQLite cannot start.
    pub fn open_in_memory() -> Result<Store> {
        Store::open_in_memory_with(StoreOptions::default())
    }

    /// A private in-memory store with `options`.
    ///
    /// # Errors
    /// [`Error::Storage`] if SQLite cannot start.
    pub fn open_in_memory_with(options: StoreOptions) -> Result<Store> {
        let storage = db::open_memory(open_options(&options))?;
        Ok(Store { storage: Mutex::new(storage), options, running: Mutex::default() })
    }

    /// The options this store was opened with.
    pub fn options(&self) -> &StoreOptions {
        &self.options
    }

    /// The newest schema version this build knows.
    pub fn schema_version() -> i64 {
        db::latest_version()
    }

    fn lock(&self) -> MutexGuard<'_, Box<dyn Storage>> {
        self.storage.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now(&self) -> DateTime<Utc> {
        self.options.clock.now()
    }

    /// Runs `f` in one write transaction, committed when it returns `Ok`; `busy` is the error
    /// when the write lock is not had within the busy timeout. `f` may run more than once: a
    /// backend runs the transaction again after a serialization failure or a deadlock
    /// (PostgreSQL), and only the last run's writes and value count.
    fn write<T>(&self, busy: impl Fn() -> Error, f: impl FnMut(&dyn Writes) -> Result<T>) -> Result<T> {
        self.transact(&busy, f, false)
    }

    /// [`Store::write`] for an `f` that cannot run twice (it consumes its input as it goes): a
    /// transaction the backend would run again is the `busy` error instead.
    fn write_once<T>(&self, busy: impl Fn() -> Error, f: impl FnOnce(&dyn Writes) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        self.transact(
            &busy,
            |tx| match f.take() {
                Some(f) => f(tx),
                None => Err(busy()),
            },
            false,
        )
    }

    /// Runs `f` in one write transaction and rolls it back, whatever it returns.
    fn write_then_roll_back<T>(&self, busy: impl Fn() -> Error, f: impl FnMut(&dyn Writes) -> Result<T>) -> Result<T> {
        self.transact(&busy, f, true)
    }

    /// [`Store::write`] (`roll_back` false) or [`Store::write_then_roll_back`] (true).
    fn transact<T>(
        &self,
        busy: &dyn Fn() -> Error,
        mut f: impl FnMut(&dyn Writes) -> Result<T>,
        roll_back: bool,
    ) -> Result<T> {
        let mut value = None;
        let mut run = |tx: &dyn Writes| {
            value = None;
            value = Some(f(tx)?);
            Ok(())
        };
        let mut storage = self.lock();
        match roll_back {
            false => storage.write(busy, &mut run)?,
            true => storage.write_then_roll_back(busy, &mut run)?,
        }
        value.ok_or_else(unfinished)
    }

    /// Runs `f` in one read transaction, so that every statement it runs sees one committed
    /// state: a cart's row with its own lines, a page with its own `totalCount`.
    fn read<T>(&self, f: impl FnOnce(&dyn Reads) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        let mut value = None;
        self.lock().read(&mut |tx| {
            if let Some(f) = f.take() {
                value = Some(f(tx)?);
            }
            Ok(())
        })?;
        value.ok_or_else(unfinished)
    }

    /// `customer`'s `cart` as the caller gets it: its links (built here, above the storage
    /// seam, for every backend alike) and every line error described in the store's locale
    /// (storage returns codes only; text is rendered here, on the way out).
    fn described(&self, customer: &str, mut cart: Cart) -> Cart {
        cart.fill_links(customer);
        let l10n = &self.options.locale;
        walk_lines_mut(&mut cart.line_items, &mut |line| {
            if let Some(error) = line.error.as_mut()
                && let Some(code) = error.error_code
            {
                error.error_description = Some(l10n.cart_error(code));
            }
        });
        cart
    }

    fn storage_busy() -> Error {
        Error::storage(StorageKind::Busy, "database is locked")
    }
}

/// A backend that returned without running the closure it was given (a bug of the backend).
fn unfinished() -> Error {
    Error::storage(StorageKind::Other, "the storage backend did not run the transaction")
}

/// How the backend opens the database, from the store's options.
fn open_options(options: &StoreOptions) -> OpenOptions {
    OpenOptions { busy_timeout: options.busy_timeout.min(MAX_BUSY_TIMEOUT), max_size_bytes: options.max_size_bytes }
}

/// When a cart created at `now` expires: `now + lifetime`, kept within what the wire format
/// writes and reads back (years 1 to 9999), so a huge lifetime (`Duration::MAX`) means "never"
/// rather than an overflow.
fn expiration(now: DateTime<Utc>, lifetime: chrono::Duration) -> i64 {
    const FIRST_WIRE_INSTANT_US: i64 = -62_135_596_800_000_000; // 0001-01-01T00:00:00Z
    const LAST_WIRE_INSTANT_US: i64 = 253_402_300_799_999_999; // 9999-12-31T23:59:59.999999Z
    match now.checked_add_signed(lifetime) {
        Some(t) => t.timestamp_micros().clamp(FIRST_WIRE_INSTANT_US, LAST_WIRE_INSTANT_US),
        None if lifetime < chrono::Duration::zero() => FIRST_WIRE_INSTANT_US,
        None => LAST_WIRE_INSTANT_US,
    }
}

/// The error of a change to an ordered cart.
fn ordered(row: CartRow, operation: CartChange) -> Error {
    Error::CartAlreadyOrderedCannotChange { cart_id: row.cart_id, operation }
}

fn not_found_cart(cart_id: &str) -> Error {
    Error::CartNotFound { cart_id: cart_id.to_owned() }
}

fn not_found_order(order_id: &str) -> Error {
    Error::OrderNotFound { order_id: order_id.to_owned() }
}

fn check_customer(customer: &str) -> Result<()> {
    if customer.trim().is_empty() {
        return Err(Error::invalid("customerId", InputProblem::Missing));
    }
    check_string(Some(customer), "customerId")
}

/// A cart or order id as stored: ids are GUIDs, which Partner Center compares without regard
/// to case, and the store writes them in lower case; any other text is kept as it is.
fn guid(id: &str) -> std::borrow::Cow<'_, str> {
    match uuid::Uuid::try_parse(id) {
        Ok(uuid) if uuid.hyphenated().to_string() != id => std::borrow::Cow::Owned(uuid.hyphenated().to_string()),
        _ => std::borrow::Cow::Borrowed(id),
    }
}

fn check_id(id: &str, field: &str) -> Result<()> {
    check_string(Some(id), field)
}
