//! The storage seam: what the business rules above need of a database, named once.
//!
//! [`Storage`] is one open database (a connection and what it caches); it runs a closure in
//! one read transaction ([`Reads`]) or one write transaction ([`Writes`]), rolled back when the
//! closure fails. [`Reads`] and [`Writes`] are the rows the store reads and writes, at the
//! granularity of the business's own operations (a cart with its lines, an order page, a quote
//! by number): every verdict (is the cart open, which price a line buys, how search words are
//! read, what a checkout does) is made above this seam, in `checkout`, `quote`, `validate` and
//! `store`, and written once for every backend. `sqlite/` is the first implementation (SQLite:
//! its SQL, its dialect, its migrations, its driver); no driver type crosses this seam.
//!
//! A backend must: run each closure in one transaction that sees one committed state (a write
//! one taking the write lock before it reads, so that a checkout is exactly-once), report a
//! lock not had in time as the `busy` error it is given, report every other failure as
//! [`Error::Storage`] of the right [`StorageKind`](crate::StorageKind) (a stored value that does
//! not read back is `Corrupt`), filter every customer-owned row by its customer, and migrate its
//! schema once however many processes open it at the same instant.

pub(crate) mod cache;
pub(crate) mod cart_record;
#[cfg(feature = "postgres")]
pub(crate) mod postgres;
pub(crate) mod sqlite;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::{
    BillingCycleType, Cart, CartLineItem, CartStatus, CatalogItem, CustomerProfile, Order,
    OrderLineItemProvisioningStatus, OrderStatus, ProvisioningStatus,
};
use crate::pricelist::PriceRow;

/// The rows of a price list for its write, lent one at a time: a source may reuse one row's
/// buffers for the next (a spooled list decodes every row into the same one).
pub(crate) trait RowSource {
    /// The next row (the one lent before is no longer reachable); `None` after the last and
    /// after an error.
    fn next_row(&mut self) -> Option<Result<&mut PriceRow>>;
}

/// A cart's own row (its lines are read with [`Reads::cart`]).
#[derive(Debug, Clone)]
pub(crate) struct CartRow {
    pub cart_id: String,
    pub customer_id: String,
    pub status: CartStatus,
    pub creation_us: i64,
    pub last_modified_us: i64,
    pub expiration_us: i64,
    pub last_modified_user: Option<String>,
}

/// What the store knows of an order besides its wire form.
#[derive(Debug, Clone)]
pub(crate) struct OrderRow {
    pub order_id: String,
    pub status: OrderStatus,
}

/// An issued quote, as [`Writes::insert_quote`] stores it.
#[derive(Debug)]
pub(crate) struct QuoteRow<'a> {
    pub quote_number: &'a str,
    pub seq: i64,
    pub customer_id: &'a str,
    pub cart_id: &'a str,
    pub cart_modified_us: i64,
    pub options_json: &'a str,
    pub issued_us: i64,
    pub quote_json: &'a str,
}

/// A stored checkout result ([`Writes::insert_checkout`]).
#[derive(Debug)]
pub(crate) struct CheckoutRow<'a> {
    pub cart_id: &'a str,
    pub customer_id: &'a str,
    pub request_id: Option<&'a str>,
    pub created_us: i64,
    pub result_json: &'a str,
    /// Each order error's (order group, code).
    pub errors: &'a [(String, i32)],
}

/// A submission to Partner Center as the outbox stores it (`pc_submissions`): the state and
/// keys in columns, everything else in its record's JSON (see `pc::record`).
#[derive(Debug, Clone)]
pub(crate) struct SubmissionRow {
    pub submission_id: String,
    pub customer_id: String,
    pub cart_id: String,
    /// The state's wire name (`checkoutPending`).
    pub state: String,
    pub created_us: i64,
    pub updated_us: i64,
    /// 1 when inserted, one more at every write.
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    pub version: i64,
    pub record_json: String,
}

/// One request of a submission to Partner Center (`pc_requests`): its intent, committed before
/// it is sent.
#[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
#[derive(Debug, Clone)]
pub(crate) struct RequestRow<'a> {
    pub submission_id: &'a str,
    /// 1 for the submission's first request.
    pub seq: i64,
    /// What it does (`createCart`, `checkout`, ...).
    pub operation: &'a str,
    pub ms_request_id: &'a str,
    pub ms_correlation_id: &'a str,
    pub started_us: i64,
}

/// What became of a request ([`Writes::end_request`]).
#[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestEnd<'a> {
    pub finished_us: i64,
    /// The HTTP status, when one was received.
    pub http_status: Option<i64>,
    /// `ok`, `business`, `throttled`, `unauthorized`, `transient` or `unknown`.
    pub outcome: &'a str,
}

/// Catalog items by the id they were asked for, shared with the backend's cache.
pub(crate) type Items = HashMap<String, Arc<CatalogItem>>;

/// What a price-list import did, counted by rows.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    /// Data rows read.
    pub rows: u64,
    /// Distinct items the file names.
    pub items: u64,
    /// Prices not stored before.
    pub added: u64,
    /// Prices stored before with other figures (or another end), now replaced.
    pub changed: u64,
    /// Of `changed`, those whose end moved later or went (a price reopened or extended).
    pub extended: u64,
    /// Prices stored before exactly so.
    pub unchanged: u64,
    /// Rows left as stored because a newer list last wrote their price.
    pub outdated: u64,
    /// Prices the list no longer contains, closed at its date.
    pub closed: u64,
}

/// What an import knows of its list before writing: read whole first (see
/// `Store::import_price_list_with`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// The list's effective date: its latest `EffectiveStartDate`, in microseconds.
    pub list_date_us: i64,
    /// The (market, currency) pairs it has rows of: a full list closes the prices of these it
    /// omits.
    pub covered: BTreeSet<(String, String)>,
    /// A partial list: closes nothing.
    pub partial: bool,
    /// Some row was [noted](Plan::note) (`list_date_us` is its rows' latest start).
    pub noted: bool,
    /// The (market, currency) pair noted last (rows of one pair mostly come together: the
    /// pair is then looked up and copied once, not once a row).
    last_covered: (String, String),
}

impl Plan {
    /// The plan of a list not read yet; `partial`: it closes nothing.
    pub(crate) fn new(partial: bool) -> Plan {
        Plan { partial, ..Plan::default() }
    }

    /// Takes `row` into account: the list's date is its rows' latest start, and its market and
    /// currency are covered.
    pub(crate) fn note(&mut self, row: &PriceRow) {
        let start = row.effective_start.timestamp_micros();
        self.list_date_us = if self.noted { self.list_date_us.max(start) } else { start };
        self.noted = true;
        let (market, currency) = &mut self.last_covered;
        if *market != row.market || *currency != row.currency || self.covered.is_empty() {
            market.clone_from(&row.market);
            currency.clone_from(&row.currency);
            if !self.covered.contains(&self.last_covered) {
                self.covered.insert(self.last_covered.clone());
            }
        }
    }
}

/// The filters of a catalog search, as stored: `None` matches anything.
#[derive(Debug, Default)]
pub(crate) struct Filters<'a> {
    /// The segment's wire name (`education`); an item without one is commercial.
    pub segment: Option<&'a str>,
    /// `P1M`, `P1Y`, `P3Y` (upper case).
    pub term_duration: Option<&'a str>,
    /// The billing cycle's wire name.
    pub billing_cycle: Option<&'a str>,
    /// The currency (upper case).
    pub currency_code: Option<&'a str>,
    /// Terms ended at or before this instant are left out.
    pub now_us: i64,
}

/// One stored value of a [`Table`] row, as both backends hold it: a flag is an integer (0 or
/// 1), money and JSON are text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    /// SQL NULL.
    Null,
    /// An integer (or a flag).
    Int(i64),
    /// Text.
    Text(String),
}

/// Every row of one table, for `Store::copy_into`: the columns named in [`TABLES`], in order.
#[derive(Debug)]
pub(crate) struct Table {
    /// The table's name.
    pub name: &'static str,
    /// Its columns.
    pub columns: &'static [&'static str],
    /// Its rows, each a value per column.
    pub rows: Vec<Vec<Cell>>,
}

/// Every table a store holds and its columns, parents before children (the order a copy
/// writes them): the same names in both backends' schemas. Left out, as each backend's own:
/// its migrations' history, and its search index (written again from `catalog_items` by
/// [`Writes::restored`]).
#[rustfmt::skip]
pub(crate) const TABLES: &[(&str, &[&str])] = &[
    ("meta", &["key", "value"]),
    ("catalog_items", &[
        "catalog_item_id", "title", "currency_code", "market", "minimum_quantity", "maximum_quantity", "inventory",
        "eligible_for_purchase", "requires_attestation", "description", "segment",
    ]),
    ("catalog_terms", &[
        "catalog_item_id", "position", "term_duration", "billing_cycle", "list_price", "renews_to", "erp_price",
        "segment", "market", "currency_code", "effective_start_us", "effective_end_us",
    ]),
    ("catalog_promotions", &[
        "catalog_item_id", "position", "promotion_id", "term_duration", "billing_cycle", "discount_percent",
        "start_us", "end_us",
    ]),
    ("catalog_item_names", &["catalog_item_id", "kind", "position", "name"]),
    ("catalog_prices", &[
        "catalog_item_id", "segment", "market", "currency", "term_duration", "billing_cycle", "tier_min",
        "tier_max", "effective_start_us", "effective_end_us", "in_effect_from_us", "closed_by_list", "list_price",
        "erp_price", "unit_price", "erp_unit_price", "tags", "list_date_us", "import_version", "source_line",
    ]),
    ("customers", &["customer_id", "name", "segment", "market", "currency_code", "locale", "tenant_id"]),
    ("partner_profile", &["id", "profile_json", "updated_us"]),
    ("carts", &[
        "cart_id", "customer_id", "status", "creation_us", "last_modified_us", "expiration_us", "last_modified_user",
        "submitting", "lines",
    ]),
    ("checkouts", &["cart_id", "customer_id", "request_id", "created_us", "result_json"]),
    ("checkout_order_errors", &["cart_id", "order_group_id", "code"]),
    ("orders", &[
        "seq", "order_id", "customer_id", "cart_id", "order_group", "alternate_id", "billing_cycle", "currency_code",
        "currency_symbol", "creation_us", "status",
    ]),
    ("order_lines", &[
        "order_id", "line_number", "customer_id", "offer_id", "subscription_id", "parent_subscription_id",
        "friendly_name", "quantity", "term_duration", "partner_id_on_record", "renews_to", "list_price",
        "discounted_price", "prorated_price", "price", "extended_price", "provisioning_status", "has_context",
        "inventory_taken", "context",
    ]),
    ("order_counts", &["customer_id", "billing_cycle", "n"]),
    ("quotes", &[
        "quote_number", "seq", "customer_id", "cart_id", "cart_modified_us", "options_json", "issued_us",
        "quote_json",
    ]),
    ("pc_submissions", &[
        "submission_id", "customer_id", "cart_id", "state", "created_us", "updated_us", "version", "record_json",
    ]),
    ("pc_requests", &[
        "submission_id", "seq", "operation", "ms_request_id", "ms_correlation_id", "started_us", "finished_us",
        "http_status", "outcome",
    ]),
];

/// An order line's provisioning context as its `context` column holds it (migration 11; before,
/// one row per entry in a table of their own): a JSON object, `None` for a line without
/// entries (whether the line has a context at all is its `has_context`). A map of strings
/// always serializes; were it ever not to, the write fails rather than lose the entries (as
/// [`cart_record::lines_text`]).
pub(crate) fn context_text(context: Option<&std::collections::BTreeMap<String, String>>) -> Result<Option<String>> {
    context
        .filter(|c| !c.is_empty())
        .map(|c| serde_json::to_string(c).map_err(|e| Error::storage_from(crate::StorageKind::Other, e)))
        .transpose()
}

/// The provisioning context of an order line: its `context` column's text ([`context_text`])
/// read, else an empty one when the line has one (`has_context`), else none. `Err` with the
/// text when it is no JSON object of strings.
pub(crate) fn context_of(
    has_context: bool,
    text: Option<&str>,
) -> std::result::Result<Option<std::collections::BTreeMap<String, String>>, String> {
    match text {
        Some(text) => serde_json::from_str(text).map(Some).map_err(|_| text.to_owned()),
        None => Ok(has_context.then(std::collections::BTreeMap::new)),
    }
}

/// One item a catalog search matched ([`Reads::search`]).
#[derive(Debug, Clone)]
pub(crate) struct SearchHit {
    /// The item's id.
    pub id: String,
    /// Whether its title alone holds every word of the search.
    pub title_has_every_word: bool,
    /// Its title's length in characters.
    pub title_chars: i64,
    /// The backend's relevance of the match, higher is better (SQLite: −bm25; PostgreSQL: the
    /// same bm25 computed from the same counts); 0 without words.
    pub relevance: f64,
}

/// What the store reads, inside one transaction (read or write).
pub(crate) trait Reads {
    /// The row of `customer`'s cart `cart_id`, if there is one.
    fn cart_row(&self, customer: &str, cart_id: &str) -> Result<Option<CartRow>>;
    /// The cart of `row`, with its lines.
    fn cart(&self, row: &CartRow) -> Result<Cart>;
    /// Every cart of `customer`, oldest first.
    fn carts(&self, customer: &str) -> Result<Vec<Cart>>;
    /// One catalog item (a line's id resolved: the exact id in any case, else the price-list
    /// item `ProductId:SkuId` of a three-part id), with everything it offers.
    fn catalog_item(&self, id: &str) -> Result<Option<CatalogItem>>;
    /// The items named, keyed by the id asked for (ids the catalog lacks left out); a limited
    /// item's inventory is always as stored now.
    fn catalog_items(&self, ids: &[&str]) -> Result<Items>;
    /// Every item, ordered by id.
    fn catalog(&self) -> Result<Vec<CatalogItem>>;
    /// Item `id`'s inventory as stored now (`id` resolved as for [`Reads::catalog_item`]):
    /// `None` when the catalog lacks the item, `Some(None)` when it is unlimited.
    fn inventory(&self, id: &str) -> Result<Option<Option<i64>>>;
    /// `customer`'s profile, if one was set.
    fn customer(&self, customer: &str) -> Result<Option<CustomerProfile>>;
    /// The row of `customer`'s order `order_id`, if there is one.
    fn order_row(&self, customer: &str, order_id: &str) -> Result<Option<OrderRow>>;
    /// `customer`'s order `order_id`, with its lines, if there is one.
    fn order(&self, customer: &str, order_id: &str) -> Result<Option<Order>>;
    /// Up to `limit` of `customer`'s orders (of `cycle`, when given) numbered below `before`,
    /// newest first, each with its number.
    fn order_page(
        &self,
        customer: &str,
        cycle: Option<BillingCycleType>,
        before: i64,
        limit: u32,
    ) -> Result<Vec<(i64, Order)>>;
    /// How many orders `customer` has (of `cycle`, when given).
    fn order_count(&self, customer: &str, cycle: Option<BillingCycleType>) -> Result<u64>;
    /// What each line of order `order_id` took from inventory: (offer, quantity).
    fn inventory_taken(&self, order_id: &str) -> Result<Vec<(String, i64)>>;
    /// Whether any line of order `order_id` is fulfilled.
    fn any_fulfilled(&self, order_id: &str) -> Result<bool>;
    /// The provisioning status of each line of order `order_id`.
    fn provisioning(&self, order_id: &str) -> Result<Vec<OrderLineItemProvisioningStatus>>;
    /// The stored checkout of a cart: its request id and result JSON.
    fn checkout_result(&self, cart_id: &str) -> Result<Option<(Option<String>, String)>>;
    /// The cart of `customer`'s stored checkout made with `request_id`, if there is one (a
    /// request id is `customer`'s for one checkout).
    fn checkout_of_request(&self, customer: &str, request_id: &str) -> Result<Option<String>>;
    /// The partner profile's JSON, if one was set.
    fn partner_profile(&self) -> Result<Option<String>>;
    /// The JSON of the newest quote issued for `cart_id` at version `cart_modified_us` with the
    /// options (and what else keys it) `options_json`.
    fn issued_quote(&self, cart_id: &str, cart_modified_us: i64, options_json: &str) -> Result<Option<String>>;
    /// The JSON of `customer`'s quote numbered `quote_number`.
    fn quote(&self, customer: &str, quote_number: &str) -> Result<Option<String>>;
    /// The JSON of every quote of `customer`, oldest first.
    fn quotes(&self, customer: &str) -> Result<Vec<String>>;
    /// The items whose id, title or description hold every one of `words` as a prefix
    /// (ignoring case and accents; every item when there is none) that offer a term passing
    /// `filters`, in no particular order, each with what the ranking above the seam orders by
    /// (`store::prices::ranked`).
    fn search(&self, words: &[String], filters: &Filters<'_>) -> Result<Vec<SearchHit>>;
    /// `customer`'s submission `submission_id`, if there is one.
    fn submission(&self, customer: &str, submission_id: &str) -> Result<Option<SubmissionRow>>;
    /// The submissions of `customer` (every customer's when `None`), of cart `cart_id` when
    /// given, oldest first.
    fn submissions(&self, customer: Option<&str>, cart_id: Option<&str>) -> Result<Vec<SubmissionRow>>;
    /// Every row of table `name` with `columns` (one of [`TABLES`]), in the table's key order.
    fn table(&self, name: &'static str, columns: &'static [&'static str]) -> Result<Table>;
}

/// What the store writes, inside one write transaction; it reads there too.
pub(crate) trait Writes: Reads {
    /// This transaction as [`Reads`] (for the rules above that only read).
    fn reads(&self) -> &dyn Reads;
    /// Inserts a cart and its lines; returns the cart exactly as [`Reads::cart`] reads it back.
    fn insert_cart(&self, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart>;
    /// Replaces a cart's lines and moves its modification stamp; returns the cart as
    /// [`Reads::cart`] reads it back.
    fn replace_cart(&self, row: &CartRow, lines: &[CartLineItem]) -> Result<Cart>;
    /// Sets a cart's status and modification stamp.
    fn set_cart_status(&self, cart_id: &str, status: CartStatus, modified_us: i64) -> Result<()>;
    /// Deletes a cart and its lines.
    fn delete_cart(&self, cart_id: &str) -> Result<()>;
    /// Inserts or replaces catalog items (a JSON catalog's), their terms and promotions, and
    /// their search rows; moves the catalog version on.
    fn upsert_items(&self, items: &[CatalogItem]) -> Result<()>;
    /// Sets a limited item's inventory (`id` resolved as for [`Reads::catalog_item`]; nothing
    /// for an unlimited or missing item).
    fn set_inventory(&self, id: &str, inventory: i64) -> Result<()>;
    /// Locks the catalog items of `items` (stored ids, as a [`CatalogItem`] has them, with the
    /// inventory read before) until the transaction ends, in id order whatever the order given,
    /// so that two checkouts wanting the same items never wait for each other in a circle.
    /// Returns whether any item's inventory is no longer the one given (changed before the lock
    /// was had). A backend whose write lock is already the whole database (SQLite) has nothing
    /// to do.
    fn lock_items(&self, items: &[(&str, i64)]) -> Result<bool>;
    /// Sets `customer`'s profile.
    fn put_customer(&self, customer: &str, profile: &CustomerProfile) -> Result<()>;
    /// Inserts an order of `customer`'s cart `cart_id` (order group `group`) with its lines,
    /// each with what it took from inventory (`taken`, in line order).
    fn insert_order(&self, customer: &str, cart_id: &str, group: &str, order: &Order, taken: &[i64]) -> Result<()>;
    /// Sets an order's status.
    fn set_order_status(&self, order_id: &str, status: OrderStatus) -> Result<()>;
    /// Sets the provisioning status of line `line` of an order (every line when `None`); the
    /// number of lines changed.
    fn set_line_status(&self, order_id: &str, line: Option<i64>, status: ProvisioningStatus) -> Result<usize>;
    /// Stores a cart's checkout result.
    fn insert_checkout(&self, row: &CheckoutRow<'_>) -> Result<()>;
    /// Sets the partner profile's JSON.
    fn put_partner_profile(&self, profile_json: &str, updated_us: i64) -> Result<()>;
    /// Stores a price list's rows as `plan` says (see `Store::import_price_list_with`); moves
    /// the catalog version on.
    fn import_prices(&self, rows: &mut dyn RowSource, plan: &Plan) -> Result<Counts>;
    /// The next quote sequence number of the store (1 for the first quote).
    fn next_quote_seq(&self) -> Result<i64>;
    /// Stores an issued quote.
    fn insert_quote(&self, row: &QuoteRow<'_>) -> Result<()>;
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    /// Inserts a submission's row (`row.version` 1), or replaces it when its stored version
    /// is `row.version - 1` (compare-and-set); `false` when another write came first.
    fn put_submission(&self, row: &SubmissionRow) -> Result<bool>;
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    /// Stores a request's intent (before it is sent).
    fn begin_request(&self, row: &RequestRow<'_>) -> Result<()>;
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    /// Stores what became of request `seq` of `submission_id`.
    fn end_request(&self, submission_id: &str, seq: i64, end: &RequestEnd<'_>) -> Result<()>;
    /// Whether the store holds nothing: no row in any of [`TABLES`] but `meta`.
    fn is_empty(&self) -> Result<bool>;
    /// Writes `table`'s rows as they are (keys, sequence numbers and all; `meta`'s values
    /// replace the destination's).
    fn restore(&self, table: &Table) -> Result<()>;
    /// Completes a restore of every table: writes the search index of every item again, moves
    /// the backend's own counters past the rows written, and the catalog version on.
    fn restored(&self) -> Result<()>;
}

/// One open database: runs closures in transactions.
pub(crate) trait Storage: Send + std::fmt::Debug {
    /// Runs `f` in one read transaction: every read it makes sees one committed state.
    fn read(&mut self, f: &mut dyn FnMut(&dyn Reads) -> Result<()>) -> Result<()>;
    /// Runs `f` in one write transaction, committed when it returns `Ok` and rolled back
    /// otherwise; `busy()` is the error when the write lock is not had in time.
    fn write(&mut self, busy: &dyn Fn() -> Error, f: &mut dyn FnMut(&dyn Writes) -> Result<()>) -> Result<()>;
    /// Runs `f` in one write transaction and rolls it back whatever it returns (what a
    /// write would do, without doing it).
    fn write_then_roll_back(
        &mut self,
        busy: &dyn Fn() -> Error,
        f: &mut dyn FnMut(&dyn Writes) -> Result<()>,
    ) -> Result<()>;
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    /// Claims `key` (a submission id) for this connection, across processes: `false` when another
    /// holds it, `true` when this one does (again: asking again checks that a claim is still
    /// held, which a lost server connection ends). The claim ends with [`Storage::release`] or when the holder goes (its process
    /// ends or is killed: an OS file lock for a file, a session lock for a server).
    fn try_claim(&mut self, key: &str) -> Result<bool>;
    #[cfg_attr(not(feature = "partner-center"), allow(dead_code))]
    /// Ends a claim of [`Storage::try_claim`] (nothing when not held); `finished` when the
    /// submission is final and will never be claimed again (what the claim leaves behind may go).
    fn release(&mut self, key: &str, finished: bool);
    /// Whether this backend imports a price list in one pass
    /// ([`Storage::import_prices_streaming`]) rather than being given it, read and checked whole
    /// first, inside a write transaction ([`Writes::import_prices`]).
    fn streams_prices(&self) -> bool {
        false
    }
    /// Imports a price list in one pass (a backend whose [`Storage::streams_prices`]): its rows
    /// are staged as they are read, in a transaction that takes the write lock only once the
    /// last row is in (a slow input holds no other writer up), then merged as
    /// [`Writes::import_prices`] would, with the [`Plan`] the rows make (`partial` as given); a
    /// failing row or read writes nothing. `busy()` is the error when the lock is not had in time.
    fn import_prices_streaming(
        &mut self,
        busy: &dyn Fn() -> Error,
        rows: &mut dyn Iterator<Item = Result<PriceRow>>,
        partial: bool,
    ) -> Result<Counts> {
        let _ = (busy, rows, partial);
        Err(Error::storage(crate::StorageKind::Other, "this backend does not import price lists in one pass"))
    }
}

/// How to open a store's database.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OpenOptions {
    /// How long a write waits for another connection's lock.
    pub busy_timeout: Duration,
    /// The largest size the database may grow to, in bytes.
    pub max_size_bytes: Option<u64>,
}

/// Opens the database `target` names: a `postgres://` or `postgresql://` URL is a PostgreSQL
/// database (with the `postgres` feature; refused as [`StorageKind::Other`](crate::StorageKind)
/// without it), anything else the path of a SQLite file (created if needed).
pub(crate) fn open(target: &Path, options: OpenOptions) -> Result<Box<dyn Storage>> {
    match target.to_str() {
        Some(url) if is_postgres_url(url) => open_postgres(url, options),
        _ => open_file(target, options),
    }
}

/// Whether `target` names a PostgreSQL database (`postgres://` or `postgresql://`, any case).
pub(crate) fn is_postgres_url(target: &str) -> bool {
    let scheme = target.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    matches!(scheme.as_deref(), Some("postgres" | "postgresql"))
}

#[cfg(feature = "postgres")]
fn open_postgres(url: &str, options: OpenOptions) -> Result<Box<dyn Storage>> {
    Ok(Box::new(postgres::PgStorage::open(url, options)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_url: &str, _options: OpenOptions) -> Result<Box<dyn Storage>> {
    Err(Error::storage(
        crate::StorageKind::Other,
        "this build of cartstore has no PostgreSQL support (cargo feature `postgres`)",
    ))
}

/// Opens (creating if needed) the database file at `path`.
pub(crate) fn open_file(path: &Path, options: OpenOptions) -> Result<Box<dyn Storage>> {
    Ok(Box::new(sqlite::SqliteStorage::open_file(path, options)?))
}

/// A private in-memory database.
pub(crate) fn open_memory(options: OpenOptions) -> Result<Box<dyn Storage>> {
    Ok(Box::new(sqlite::SqliteStorage::open_memory(options)?))
}

/// The newest schema version this build knows.
pub(crate) fn latest_version() -> i64 {
    sqlite::latest_version()
}
