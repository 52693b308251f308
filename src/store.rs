//! [`Store`], the public entry point: it owns the connection, begins every transaction, and
//! calls validation, pricing, data access and checkout.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode};

use crate::checkout;
use crate::clock::{Clock, SystemClock};
use crate::db::carts::CartState;
use crate::db::{self, ReadTransaction, SqlResult, Transaction, carts, catalog, orders};
use crate::error::CartChange;
use crate::error::{Error, InputProblem, Result, StorageKind};
use crate::l10n::Localizer;
use crate::limits::{MAX_LIST_PRICE, MAX_STRING};
use crate::model::{
    BillingCycleType, Cart, CartCheckoutResult, CartStatus, Catalog, CatalogItem, Collection, CollectionLinks,
    KeyValue, Link, Order, OrderLineItemProvisioningStatus, OrderStatus, ProvisioningStatus, walk_lines_mut,
};
use crate::validate::{self, check_string};

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
    /// cannot get it in time fails with 800064.
    pub busy_timeout: Duration,
    /// The largest size, in bytes, this store lets the database grow to (default: no limit
    /// but the disk). A write that would grow it further fails with
    /// [`Error::Storage`] of kind [`StorageKind::Full`] and writes nothing, exactly as on a full
    /// disk; a limit below the current size keeps the database at its current size.
    pub max_size_bytes: Option<u64>,
}

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
    conn: Mutex<Connection>,
    /// Locked only while `conn` is held.
    catalog: Mutex<catalog::Cache>,
    options: StoreOptions,
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
        let conn = db::schema::open_file(path.as_ref(), options.busy_timeout)?;
        db::schema::limit_size(&conn, options.max_size_bytes)?;
        Ok(Store { conn: Mutex::new(conn), catalog: Mutex::default(), options })
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
        let conn = db::schema::open_memory()?;
        db::schema::limit_size(&conn, options.max_size_bytes)?;
        Ok(Store { conn: Mutex::new(conn), catalog: Mutex::default(), options })
    }

    /// The options this store was opened with.
    pub fn options(&self) -> &StoreOptions {
        &self.options
    }

    /// The newest schema version this build knows.
    pub fn schema_version() -> i64 {
        db::schema::latest_version()
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The catalog cache; call it only with the connection locked.
    fn catalog_cache(&self) -> MutexGuard<'_, catalog::Cache> {
        self.catalog.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now(&self) -> DateTime<Utc> {
        self.options.clock.now()
    }

    /// Begins a `BEGIN IMMEDIATE` transaction; `busy` is the error when the lock is not had
    /// within the busy timeout.
    fn begin<'c>(conn: &'c mut Connection, busy: impl FnOnce() -> Error) -> Result<Transaction<'c>> {
        Transaction::begin_immediate(conn).map_err(|e| {
            if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)) {
                busy()
            } else {
                db::storage(e)
            }
        })
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, committed when it returns `Ok`.
    fn write<T>(&self, busy: impl FnOnce() -> Error, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = Store::begin(&mut conn, busy)?;
        let value = f(&tx)?;
        tx.commit().db()?;
        Ok(value)
    }

    /// Runs `f` in one read transaction, so that every statement it runs sees one committed
    /// state: a cart's row with its own lines, a page with its own `totalCount`.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.lock();
        let tx = ReadTransaction::begin(&conn).db()?;
        let value = f(&tx)?;
        tx.end().db()?;
        Ok(value)
    }

    /// `cart` with every line error described in the store's locale (data access returns codes
    /// only; text is rendered here, on the way out).
    fn described(&self, mut cart: Cart) -> Cart {
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
        Error::Storage { kind: StorageKind::Busy, detail: "database is locked".to_owned() }
    }

    /// Imports catalog items: each replaces the item with its id, in one transaction.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an item without id or currency, a negative price or
    /// quantity bound, or an id given twice; nothing is written then.
    pub fn import_catalog(&self, catalog: &Catalog) -> Result<()> {
        check_catalog(catalog)?;
        self.write(Store::storage_busy, |tx| catalog::upsert(tx, &catalog.items))
    }

    /// One catalog item.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (`catalogItemId`, invalid) when the catalog has no such item.
    pub fn catalog_item(&self, catalog_item_id: &str) -> Result<CatalogItem> {
        check_id(catalog_item_id, "catalogItemId")?;
        self.read(|conn| catalog::get(conn, catalog_item_id))?
            .ok_or_else(|| Error::invalid("catalogItemId", InputProblem::Invalid))
    }

    /// The whole catalog, ordered by id.
    ///
    /// # Errors
    /// [`Error::Storage`] if the database cannot be read.
    pub fn list_catalog(&self) -> Result<Catalog> {
        Ok(Catalog { items: self.read(catalog::list)? })
    }

    /// Creates a cart for `customer`: assigns its id, line ids, timestamps, user, status
    /// `Active`, expiration, currencies, order groups and pricing, and an `error` on each line
    /// that breaks a catalog rule (the rest of the cart is stored all the same).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (800002) for a malformed request (no lines, more than 500, a
    /// string over 4 KiB, duplicate line ids, a quantity that is not a whole number, a bad
    /// customer id); nothing is written.
    pub fn create_cart(&self, customer: &str, new_cart: &Cart) -> Result<Cart> {
        check_customer(customer)?;
        validate::check_request(&new_cart.line_items)?;
        let now = self.now();
        let mut lines = new_cart.line_items.clone();
        let row = carts::CartRow {
            cart_id: uuid::Uuid::new_v4().to_string(),
            customer_id: customer.to_owned(),
            status: CartStatus::Active,
            creation_us: now.timestamp_micros(),
            last_modified_us: now.timestamp_micros(),
            expiration_us: expiration(now, self.options.cart_lifetime),
            last_modified_user: Some(self.options.user.clone()),
        };
        self.write(Store::storage_busy, |tx| {
            let items = catalog::get_many(tx, &mut self.catalog_cache(), validate::item_ids(&lines))?;
            validate::prepare_lines(&mut lines, &items, now)?;
            carts::insert(tx, &row, &lines)
        })
        .map(|cart| self.described(cart))
    }

    /// Reads one of `customer`'s carts.
    ///
    /// # Errors
    /// [`Error::CartNotFound`] (800008) when the customer has no such cart.
    pub fn get_cart(&self, customer: &str, cart_id: &str) -> Result<Cart> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        self.read(|conn| {
            let row = carts::find(conn, customer, cart_id)?.ok_or_else(|| not_found_cart(cart_id))?;
            carts::load(conn, &row)
        })
        .map(|cart| self.described(cart))
    }

    /// Replaces a cart's lines (PUT): the cart sent must carry the `id` and the
    /// `lastModifiedTimestamp` it was read with. The lines are re-validated and re-priced; the
    /// id, creation and expiration are kept; the modification timestamp moves strictly forward.
    ///
    /// # Errors
    /// [`Error::CartNotFound`] for a missing or foreign cart,
    /// [`Error::CartAlreadyOrderedCannotChange`] (800065, described as an update refused) for
    /// an ordered one, [`Error::CartExpired`] past its expiration, [`Error::Conflict`]
    /// when `lastModifiedTimestamp` is stale (nothing is written), [`Error::InvalidInput`] for
    /// a malformed request.
    pub fn update_cart(&self, customer: &str, edited: &Cart) -> Result<Cart> {
        check_customer(customer)?;
        if edited.id.is_empty() {
            return Err(Error::invalid("id", InputProblem::Missing));
        }
        check_id(&edited.id, "id")?;
        let cart_id = &*guid(&edited.id);
        let seen = edited
            .last_modified_timestamp
            .ok_or_else(|| Error::invalid("lastModifiedTimestamp", InputProblem::Missing))?;
        validate::check_request(&edited.line_items)?;
        let now = self.now();
        let mut lines = edited.line_items.clone();
        self.write(Store::storage_busy, |tx| {
            let mut row = match carts::find_open(tx, customer, cart_id, Some(now.timestamp_micros()))? {
                CartState::Open(row) => row,
                CartState::Ordered(row) => return Err(ordered(row, CartChange::Update)),
            };
            if seen.to_micros() != row.last_modified_us {
                return Err(Error::Conflict { cart_id: row.cart_id });
            }
            let items = catalog::get_many(tx, &mut self.catalog_cache(), validate::item_ids(&lines))?;
            validate::prepare_lines(&mut lines, &items, now)?;
            row.last_modified_us = now.timestamp_micros().max(row.last_modified_us.saturating_add(1));
            row.last_modified_user = Some(self.options.user.clone());
            carts::replace(tx, &row, &lines)
        })
        .map(|cart| self.described(cart))
    }

    /// Every cart of `customer`, oldest first.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad customer id; [`Error::Storage`].
    pub fn list_carts(&self, customer: &str) -> Result<Vec<Cart>> {
        check_customer(customer)?;
        self.read(|conn| carts::load_all(conn, customer))
            .map(|carts| carts.into_iter().map(|c| self.described(c)).collect())
    }

    /// Deletes an `Active` cart.
    ///
    /// # Errors
    /// [`Error::CartNotFound`] for a missing or foreign cart;
    /// [`Error::CartAlreadyOrderedCannotChange`] (800065, described as a deletion refused) for
    /// an ordered one (its orders keep it).
    pub fn delete_cart(&self, customer: &str, cart_id: &str) -> Result<()> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        self.write(Store::storage_busy, |tx| match carts::find_open(tx, customer, cart_id, None)? {
            CartState::Open(_) => carts::delete(tx, cart_id),
            CartState::Ordered(row) => Err(ordered(row, CartChange::Delete)),
        })
    }

    /// Checks a cart out in one transaction: one order per valid order group, an order error
    /// per failing group, inventory decremented, the cart `Ordered` when an order was made, and
    /// the result stored.
    ///
    /// # Errors
    /// [`Error::CartNotFound`] / [`Error::CartExpired`] (800008), [`Error::CartAlreadyOrdered`]
    /// (800065), [`Error::CartBusy`] (800064) when another writer holds the database past the
    /// busy timeout. On any error nothing is written.
    pub fn checkout(&self, customer: &str, cart_id: &str) -> Result<CartCheckoutResult> {
        self.checkout_inner(customer, cart_id, None).map(|(r, _)| r)
    }

    /// [`Store::checkout`] with an idempotency key: a retry with the same `request_id` returns
    /// the stored result, byte-identical, even after a restart; a different request on an
    /// ordered cart gets 800065.
    ///
    /// # Locale of a replayed result
    /// The result is stored as the JSON the first call returned, descriptions included, and a
    /// retry replays those bytes: the `description` of each order error stays in the locale of
    /// the store that made the first call, whatever the locale of the store that retries (a
    /// rendered description could not be changed without changing the bytes). Each order error
    /// also carries its `code`; render it again in any locale with
    /// [`Localizer::order_error`], passing the cart id as `cartId` (the only argument an order
    /// error of a checkout result can use).
    ///
    /// ```
    /// use cartstore::{Cart, Catalog, Localizer, Store, StoreOptions};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let options = StoreOptions { locale: Localizer::negotiate(&["fr-FR"]), ..StoreOptions::default() };
    /// let store = Store::open_in_memory_with(options)?;
    /// let catalog = |inventory: i64| -> serde_json::Result<Catalog> {
    ///     serde_json::from_value(serde_json::json!({"items": [{"catalogItemId": "SKU:1",
    ///         "currencyCode": "USD", "inventory": inventory,
    ///         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]}]}))
    /// };
    /// store.import_catalog(&catalog(5)?)?;
    /// let new_cart: Cart = serde_json::from_str(r#"{"lineItems": [{"catalogItemId": "SKU:1",
    ///     "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"}]}"#)?;
    /// let cart = store.create_cart("customer-1", &new_cart)?;
    /// store.import_catalog(&catalog(1)?)?; // sold out meanwhile
    /// let result = store.checkout_with_request_id("customer-1", &cart.id, "request-1")?;
    /// let error = result.order_errors.as_ref().and_then(|e| e.first()).ok_or("no order error")?;
    /// // Stored, and replayed on every retry, in French.
    /// assert_eq!(
    ///     error.description.as_deref(),
    ///     Some("L’inventaire n’est pas disponible pour cet élément de catalogue."),
    /// );
    /// // The same error in English, rendered from its code.
    /// let code = error.code.ok_or("no code")?;
    /// let en = Localizer::for_tag("en").unwrap_or_default();
    /// assert_eq!(
    ///     en.order_error(code, &[("cartId", &cart.id)]),
    ///     "Inventory is not available for this catalog item.",
    /// );
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`Store::checkout`].
    pub fn checkout_with_request_id(
        &self,
        customer: &str,
        cart_id: &str,
        request_id: &str,
    ) -> Result<CartCheckoutResult> {
        self.checkout_json(customer, cart_id, request_id).map(|(r, _)| r)
    }

    /// [`Store::checkout_with_request_id`], also returning the result's JSON exactly as stored.
    ///
    /// A retry returns the stored bytes, so the order errors' descriptions in them are in the
    /// locale of the first call; see [`Store::checkout_with_request_id`] for rendering them
    /// again from their codes.
    ///
    /// # Errors
    /// As [`Store::checkout`].
    pub fn checkout_json(
        &self,
        customer: &str,
        cart_id: &str,
        request_id: &str,
    ) -> Result<(CartCheckoutResult, String)> {
        if request_id.is_empty() {
            return Err(Error::invalid("requestId", InputProblem::Missing));
        }
        check_id(request_id, "requestId")?;
        self.checkout_inner(customer, cart_id, Some(request_id))
    }

    fn checkout_inner(
        &self,
        customer: &str,
        cart_id: &str,
        request_id: Option<&str>,
    ) -> Result<(CartCheckoutResult, String)> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        let req = checkout::Request { customer, cart_id, request_id, now: self.now(), l10n: self.options.locale };
        self.write(
            || Error::CartBusy { cart_id: cart_id.to_owned() },
            |tx| checkout::run(tx, &mut self.catalog_cache(), &req),
        )
    }

    /// What [`Store::checkout`] would do now, without doing it: the same routine, rolled back.
    ///
    /// # Errors
    /// As [`Store::checkout`].
    pub fn preview_checkout(&self, customer: &str, cart_id: &str) -> Result<CartCheckoutResult> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        let req = checkout::Request { customer, cart_id, request_id: None, now: self.now(), l10n: self.options.locale };
        let mut conn = self.lock();
        let tx = Store::begin(&mut conn, || Error::CartBusy { cart_id: cart_id.to_owned() })?;
        let result = checkout::run(&tx, &mut self.catalog_cache(), &req).map(|(r, _)| r);
        tx.rollback().db()?;
        result
    }

    /// One of `customer`'s orders.
    ///
    /// # Errors
    /// [`Error::OrderNotFound`] when the customer has no such order.
    pub fn get_order(&self, customer: &str, order_id: &str) -> Result<Order> {
        check_customer(customer)?;
        check_id(order_id, "orderId")?;
        let order_id = &*guid(order_id);
        self.read(|conn| orders::load(conn, customer, order_id))?.ok_or_else(|| not_found_order(order_id))
    }

    /// A page of `customer`'s orders, newest first, with the total count and, unless it is the
    /// last page, a continuation token. A page costs the same however many orders precede it.
    ///
    /// ```
    /// use cartstore::{OrderQuery, Store};
    /// let store = Store::open_in_memory().unwrap();
    /// let page = store.list_orders("customer-1", &OrderQuery { page_size: Some(50), ..OrderQuery::default() }).unwrap();
    /// assert_eq!(page.total_count, 0);
    /// assert!(page.continuation_token.is_none());
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a page size of 0 or a token this store did not issue.
    pub fn list_orders(&self, customer: &str, query: &OrderQuery) -> Result<Collection<Order>> {
        check_customer(customer)?;
        let size = match query.page_size {
            Some(0) => return Err(Error::invalid("pageSize", InputProblem::OutOfRange)),
            Some(n) => n.min(MAX_PAGE_SIZE),
            None => DEFAULT_PAGE_SIZE,
        };
        let before = match query.continuation.as_deref() {
            Some(token) => decode_token(token)?,
            None => i64::MAX,
        };
        let (total, mut page) = self.read(|conn| {
            let total = orders::count(conn, customer, query.billing_cycle)?;
            let page = orders::page(conn, customer, query.billing_cycle, before, size.saturating_add(1))?;
            Ok((total, page))
        })?;
        let more = page.len() > size as usize;
        page.truncate(size as usize);
        let token = if more { page.last().map(|(seq, _)| encode_token(*seq)) } else { None };
        let cycle = query.billing_cycle.map(|c| ("billingType", c.as_str()));
        let uri = crate::model::resource_uri(&["customers", customer, "orders"], cycle.as_slice());
        let next = token.as_ref().map(|t| Link {
            uri: uri.clone(),
            method: "GET".to_owned(),
            headers: vec![KeyValue { key: "MS-ContinuationToken".to_owned(), value: t.clone() }],
        });
        let mut collection = Collection::new(page.into_iter().map(|(_, o)| o).collect(), total, token);
        collection.links = Some(CollectionLinks { self_link: Some(Link::get(uri)), next });
        Ok(collection)
    }

    /// Cancels a `pending` order: status `cancelled`, lines `unfulfilled`, inventory restored.
    ///
    /// # Errors
    /// [`Error::OrderNotFound`]; [`Error::OrderCannotBeCancelled`] (800061) for any other status.
    pub fn cancel_order(&self, customer: &str, order_id: &str) -> Result<Order> {
        check_customer(customer)?;
        check_id(order_id, "orderId")?;
        let order_id = &*guid(order_id);
        self.write(Store::storage_busy, |tx| {
            let row = orders::find(tx, customer, order_id)?.ok_or_else(|| not_found_order(order_id))?;
            // A pending order with a line already provisioned is under way: not cancellable.
            if row.status != OrderStatus::Pending || orders::any_fulfilled(tx, order_id)? {
                return Err(Error::OrderCannotBeCancelled { order_id: row.order_id, status: row.status });
            }
            orders::set_status(tx, order_id, OrderStatus::Cancelled)?;
            orders::set_line_status(tx, order_id, None, ProvisioningStatus::Unfulfilled)?;
            for (offer, taken) in orders::inventory_taken(tx, order_id)? {
                if taken > 0 {
                    catalog::adjust_inventory(tx, &offer, taken)?;
                }
            }
            orders::load(tx, customer, order_id)?.ok_or_else(|| not_found_order(order_id))
        })
    }

    /// The provisioning status of every line of an order.
    ///
    /// # Errors
    /// [`Error::OrderNotFound`].
    pub fn provisioning_status(
        &self,
        customer: &str,
        order_id: &str,
    ) -> Result<Collection<OrderLineItemProvisioningStatus>> {
        check_customer(customer)?;
        check_id(order_id, "orderId")?;
        let order_id = &*guid(order_id);
        let items = self.read(|conn| {
            orders::find(conn, customer, order_id)?.ok_or_else(|| not_found_order(order_id))?;
            orders::provisioning(conn, order_id)
        })?;
        let total = items.len() as u64;
        Ok(Collection::new(items, total, None))
    }

    /// Records the provisioning result of one line of a `pending` order; the order becomes
    /// `completed` once every line is `fulfilled`. Returns the order.
    ///
    /// # Errors
    /// [`Error::OrderNotFound`]; [`Error::InvalidInput`] for a line the order lacks, or when
    /// the order is not `pending` (`status`, not allowed).
    pub fn record_provisioning(
        &self,
        customer: &str,
        order_id: &str,
        line_item_number: i64,
        status: ProvisioningStatus,
    ) -> Result<Order> {
        check_customer(customer)?;
        check_id(order_id, "orderId")?;
        let order_id = &*guid(order_id);
        self.write(Store::storage_busy, |tx| {
            let row = orders::find(tx, customer, order_id)?.ok_or_else(|| not_found_order(order_id))?;
            if row.status != OrderStatus::Pending {
                return Err(Error::invalid("status", InputProblem::NotAllowed));
            }
            if orders::set_line_status(tx, order_id, Some(line_item_number), status)? == 0 {
                return Err(Error::invalid("lineItemNumber", InputProblem::OutOfRange));
            }
            let lines = orders::provisioning(tx, order_id)?;
            if lines.iter().all(|l| l.status == Some(ProvisioningStatus::Fulfilled)) {
                orders::set_status(tx, order_id, OrderStatus::Completed)?;
            }
            orders::load(tx, customer, order_id)?.ok_or_else(|| not_found_order(order_id))
        })
    }
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
fn ordered(row: carts::CartRow, operation: CartChange) -> Error {
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

fn check_catalog(catalog: &Catalog) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (i, item) in catalog.items.iter().enumerate() {
        let at = format!("items[{i}]");
        if item.catalog_item_id.trim().is_empty() {
            return Err(Error::invalid(format!("{at}.catalogItemId"), InputProblem::Missing));
        }
        // Ids are matched case-insensitively, like Partner Center's: two that differ only in
        // case would be one item.
        if !seen.insert(item.catalog_item_id.to_ascii_uppercase()) {
            return Err(Error::invalid(format!("{at}.catalogItemId"), InputProblem::Duplicate));
        }
        if item.currency_code.trim().is_empty() {
            return Err(Error::invalid(format!("{at}.currencyCode"), InputProblem::Missing));
        }
        // An id a cart line could not name (NUL, over-long) would make an item importable but
        // not buyable: refused with the same rule as the lines'.
        check_string(Some(&item.catalog_item_id), &format!("{at}.catalogItemId"))?;
        if item.title.as_deref().is_some_and(|v| v.len() > MAX_STRING) {
            return Err(Error::invalid(format!("{at}.title"), InputProblem::TooLong { max: MAX_STRING }));
        }
        for (name, value) in [
            ("minimumQuantity", item.minimum_quantity),
            ("maximumQuantity", item.maximum_quantity),
            ("inventory", item.inventory),
        ] {
            if value.is_some_and(|v| v < 0) {
                return Err(Error::invalid(format!("{at}.{name}"), InputProblem::OutOfRange));
            }
        }
        for (j, term) in item.terms.iter().enumerate() {
            let Some(price) = term.list_price else {
                return Err(Error::invalid(format!("{at}.terms[{j}].listPrice"), InputProblem::Missing));
            };
            if price.0.is_sign_negative() || price.0 > MAX_LIST_PRICE {
                return Err(Error::invalid(format!("{at}.terms[{j}].listPrice"), InputProblem::OutOfRange));
            }
            // A term with a duration is billed in periods of a cycle it must name; one without
            // a duration is bought once (`one_time` when it names no cycle).
            if term.term_duration.is_some() && term.billing_cycle.is_none() {
                return Err(Error::invalid(format!("{at}.terms[{j}].billingCycle"), InputProblem::Missing));
            }
        }
        for (j, promo) in item.promotions.iter().enumerate() {
            let Some(pct) = promo.discount_percent.map(|p| p.0) else {
                return Err(Error::invalid(format!("{at}.promotions[{j}].discountPercent"), InputProblem::Missing));
            };
            if pct.is_sign_negative() || pct > rust_decimal::Decimal::ONE_HUNDRED {
                return Err(Error::invalid(format!("{at}.promotions[{j}].discountPercent"), InputProblem::OutOfRange));
            }
            for (name, date) in [("startDate", promo.start_date), ("endDate", promo.end_date)] {
                if date.is_some_and(|d| !(1..=9999).contains(&chrono::Datelike::year(&d.0))) {
                    return Err(Error::invalid(format!("{at}.promotions[{j}].{name}"), InputProblem::OutOfRange));
                }
            }
        }
    }
    Ok(())
}

const TOKEN_PREFIX: &str = "o1.";

fn encode_token(seq: i64) -> String {
    format!("{TOKEN_PREFIX}{seq:x}")
}

fn decode_token(token: &str) -> Result<i64> {
    token
        .strip_prefix(TOKEN_PREFIX)
        .and_then(|hex| i64::from_str_radix(hex, 16).ok())
        .filter(|seq| *seq > 0)
        .ok_or_else(|| Error::invalid("continuationToken", InputProblem::Invalid))
}
