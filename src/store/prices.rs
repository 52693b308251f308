//! The price-list and search operations of [`Store`]: importing Microsoft's price list
//! (streamed, one transaction) and searching the catalog.

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Store};
use crate::db::{Counts, Filters, Plan, RowSource, SearchHit};
use crate::error::{Error, InputProblem, Result};
use crate::model::{BillingCycleType, CatalogItem, CatalogTerm, Collection, CustomerSegment};
use crate::pricelist;
use crate::pricelist::spool::RowSpool;

use crate::validate::check_string;

/// What an import read and did (JSON camelCase): `{"format", "rows", "items", "pricesAdded",
/// "pricesChanged", "pricesUnchanged", "pricesClosed", "pricesExtended", "pricesOutdated"}`.
///
/// Importing the same price list twice gives, the second time, every price unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// What was imported.
    pub format: ImportFormat,
    /// Data rows read.
    pub rows: u64,
    /// Distinct catalog items the file names.
    pub items: u64,
    /// Prices that were not stored before.
    pub prices_added: u64,
    /// Prices stored before (same item, segment, market, currency, term, billing cycle and
    /// effective start) with other figures or another end: replaced.
    pub prices_changed: u64,
    /// Prices stored before exactly so.
    pub prices_unchanged: u64,
    /// Prices of a (market, currency) the list covers that it no longer contains, closed at
    /// the list's date (a full list only; see [`Store::import_price_list_with`]).
    #[serde(default)]
    pub prices_closed: u64,
    /// Of [`prices_changed`](Self::prices_changed), those whose end moved later or went (a
    /// price reopened or extended by a list at least as new as the one that ended it).
    #[serde(default)]
    pub prices_extended: u64,
    /// Rows left as stored because a list with a later date last wrote their price: an older
    /// list re-imported never reopens or changes what a newer one said.
    #[serde(default)]
    pub prices_outdated: u64,
}

/// How [`Store::import_price_list_with`] imports a price list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// A subset of a list (some products, one segment): nothing it omits is closed. The
    /// default, `false`, is a full list, which closes the prices it no longer contains.
    pub partial: bool,
}

/// The kind of file an import read: `"priceList"` (Microsoft's price list, CSV or ZIP) or
/// `"catalog"` (a JSON catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ImportFormat {
    /// A Partner Center price list.
    PriceList,
    /// A JSON catalog (`{"items": [...]}`).
    Catalog,
}

/// What [`Store::search_catalog`] looks for. Every member is optional; the default finds every
/// item, by id.
///
/// ```
/// use cartstore::CatalogQuery;
/// let query = CatalogQuery { text: Some("busi bas".into()), page_size: Some(10), ..CatalogQuery::default() };
/// assert!(query.segment.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatalogQuery {
    /// Words matched against ids, titles and descriptions, ignoring case and accents; each word
    /// matches as a prefix ("busi bas" finds Business Basic); every word must match.
    pub text: Option<String>,
    /// Only terms a customer of this segment may buy: of this segment, or commercial (an item
    /// or term without one is commercial; a commercial SKU is for every customer).
    pub segment: Option<CustomerSegment>,
    /// Only terms of this duration (`P1M`, `P1Y`, `P3Y`).
    pub term_duration: Option<String>,
    /// Only terms of this billing cycle.
    pub billing_cycle: Option<BillingCycleType>,
    /// Only terms in this currency.
    pub currency_code: Option<String>,
    /// Items per page (default 100, at most 1000).
    pub page_size: Option<u32>,
    /// The `continuation_token` of the previous page.
    pub continuation: Option<String>,
}

impl Store {
    /// Imports a Partner Center price list: CSV (UTF-8, BOM or not, CRLF or LF) or a ZIP
    /// holding one CSV, read as a stream (see [`pricelist`] for the format and every error), in
    /// one transaction. Each row is a price of the item `ProductId:SkuId` for its segment,
    /// market, currency, term and billing cycle from its effective start: a price already
    /// stored with the same key and start is kept when equal and replaced when not, and every
    /// other price stays (importing next month's file adds its new prices and keeps the old
    /// ones). Items get their title, description and segment from the file.
    ///
    /// ```
    /// use cartstore::Store;
    /// # fn main() -> cartstore::Result<()> {
    /// let store = Store::open_in_memory()?;
    /// let csv = "ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate\n\
    ///            CFQ7TTC0LH18,1,Microsoft 365 Business Basic,P1Y,Monthly,US,USD,60.48,2025-04-01\n";
    /// let report = store.import_price_list(csv.as_bytes())?;
    /// assert_eq!((report.rows, report.items, report.prices_added), (1, 1, 1));
    /// let again = store.import_price_list(csv.as_bytes())?;
    /// assert_eq!(again.prices_unchanged, 1);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the line and column of the first bad row (a missing
    /// required column, a price or date that does not parse, ...), or both lines of two rows
    /// with one key and start and different figures ([`InputProblem::Duplicate`]); nothing is
    /// written then. [`Error::Storage`] when the input or the database fails (or, on SQLite,
    /// when no second thread can be started).
    pub fn import_price_list(&self, reader: impl Read) -> Result<ImportReport> {
        self.import_price_list_with(reader, &ImportOptions::default())
    }

    /// [`Store::import_price_list`] with options: `partial` imports a subset without closing
    /// anything.
    ///
    /// The list is read and checked whole before the write lock is taken, so a slow input never
    /// holds other writers up (at most [`MAX_PRICE_LIST_BYTES`](crate::limits::MAX_PRICE_LIST_BYTES)
    /// of CSV). On SQLite the CSV is parsed on the calling thread while a second one checks
    /// the rows and keeps what the write needs of them in a compact form (in memory up to
    /// 8,192 rows and 8 MiB, in an unnamed temporary file past that), written from there
    /// afterwards (decoded on a second thread while the write stores the rows decoded before); on
    /// PostgreSQL the rows are copied to the server as they are read,
    /// into a staging table of the import's transaction, which takes the lock once the last
    /// row is in (the store's connection is busy meanwhile: other calls on the same `Store`
    /// wait, other connections do not). Either way a failing row or read writes nothing.
    ///
    /// **A full list** (the default) closes what it no longer contains: each price of a
    /// (market, currency) the file has rows of, that the file omits, started before the
    /// list's date and still open then, ends at the list's date and is kept as history
    /// ([`ImportReport::prices_closed`]). **The list's date** is its latest
    /// `EffectiveStartDate` (a CSV carries no date of its own; Microsoft's November 2025 file's
    /// latest start is 2025-11-01).
    ///
    /// **Newer information per key wins**: each price keeps the date of the list that last
    /// wrote or closed it, and a row of an older list leaves it as it is
    /// ([`ImportReport::prices_outdated`]): re-importing October after November never reopens
    /// what November ended. A list at least as new may move an end later or remove it; such
    /// prices are counted in [`ImportReport::prices_extended`].
    ///
    /// **Overlapping periods**: a price with an explicit `EffectiveEndDate` stays in effect
    /// until that end even when a later-starting price of the same key overlaps it (the later
    /// one is in effect from that end: its `effectiveStart` as read). **Tiers**:
    /// `PricingTierRangeMin` is part of a price's key; a catalog read gives the bounds as
    /// `tierMin`/`tierMax`. A preview file's `EndOfSaleDate` ends its row's period.
    ///
    /// # Errors
    /// As [`Store::import_price_list`]; a lock not had within the busy timeout is
    /// [`Error::Storage`] of kind `Busy`.
    pub fn import_price_list_with(&self, reader: impl Read, options: &ImportOptions) -> Result<ImportReport> {
        let counts = if self.lock().streams_prices() {
            // Staged on the server as it is read, the write lock taken once it is all in.
            let mut rows = pricelist::read_bounded(reader)?;
            self.lock().import_prices_streaming(&Store::storage_busy, &mut rows, options.partial)?
        } else {
            self.import_checked_first(reader, options)?
        };
        Ok(ImportReport {
            format: ImportFormat::PriceList,
            rows: counts.rows,
            items: counts.items,
            prices_added: counts.added,
            prices_changed: counts.changed,
            prices_unchanged: counts.unchanged,
            prices_closed: counts.closed,
            prices_extended: counts.extended,
            prices_outdated: counts.outdated,
        })
    }

    /// The import of a backend that is given the rows in its write transaction: the list is
    /// read and checked whole first, outside the lock (what the write needs of its rows kept in
    /// a [`RowSpool`]), then written.
    fn import_checked_first(&self, reader: impl Read, options: &ImportOptions) -> Result<Counts> {
        let mut plan = Plan::new(options.partial);
        // What the write needs of the rows, kept from this pass (in memory for a short list, in
        // a temporary file past that) by the thread that checks them, which drops each row as
        // soon as it is kept.
        let mut spool = RowSpool::new();
        pricelist::each_row(pricelist::read_bounded(reader)?, |row| {
            plan.note(row);
            spool.push(row)
        })?;
        let rows: &mut dyn RowSource = &mut spool.into_rows()?;
        self.write_once(Store::storage_busy, |tx| tx.import_prices(rows, &plan))
    }

    /// Searches the catalog: items whose id, title or description hold every word of
    /// `query.text` (as prefixes, ignoring case and accents), best match first, that offer a
    /// term passing the filters; each item comes with those terms only (terms already ended
    /// are left out when a filter is set). Paged like [`Store::list_orders`].
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a page size of 0, a continuation token that was not issued
    /// for this same query (its words and filters: a token carries its page's offset and a hash
    /// of the query), a text over 4 KiB, or a text of more than 32 distinct words
    /// ([`InputProblem::TooMany`]; words are compared without case, each counted once, and a word
    /// that is the prefix of another is dropped, since every match already has it).
    pub fn search_catalog(&self, query: &CatalogQuery) -> Result<Collection<CatalogItem>> {
        let size = match query.page_size {
            Some(0) => return Err(Error::invalid("pageSize", InputProblem::OutOfRange)),
            Some(n) => n.min(MAX_PAGE_SIZE),
            None => DEFAULT_PAGE_SIZE,
        } as usize;
        check_string(query.text.as_deref(), "text")?;
        check_string(query.term_duration.as_deref(), "termDuration")?;
        check_string(query.currency_code.as_deref(), "currencyCode")?;
        let term = query.term_duration.as_deref().map(|t| t.trim().to_ascii_uppercase());
        let currency = query.currency_code.as_deref().map(|c| c.trim().to_ascii_uppercase());
        let filters = Filters {
            segment: query.segment.map(CustomerSegment::as_str),
            term_duration: term.as_deref(),
            billing_cycle: query.billing_cycle.map(BillingCycleType::as_str),
            currency_code: currency.as_deref(),
            now_us: self.now().timestamp_micros(),
        };
        let words = match query.text.as_deref() {
            None => Vec::new(),
            Some(text) => search_words(text)
                .ok_or_else(|| Error::invalid("text", InputProblem::TooMany { max: MAX_SEARCH_WORDS }))?,
        };
        let fingerprint = query_fingerprint(&words, &filters);
        let offset = match query.continuation.as_deref() {
            Some(token) => decode_token(token, fingerprint)?,
            None => 0,
        };
        let (total, items) = self.read(|tx| {
            let ids = ranked(tx.search(&words, &filters)?);
            let page: Vec<&str> = ids.iter().skip(offset).take(size).map(String::as_str).collect();
            let found = tx.catalog_items(&page)?;
            let items: Vec<CatalogItem> =
                page.iter().filter_map(|id| found.get(*id)).map(|item| with_terms(item, query, &filters)).collect();
            Ok((ids.len(), items))
        })?;
        let next = offset.saturating_add(size);
        let token = (next < total).then(|| encode_token(next, fingerprint));
        Ok(Collection::new(items, total as u64, token))
    }
}

/// `item` with only the terms that pass the query's filters (all of them when none is set).
fn with_terms(item: &CatalogItem, query: &CatalogQuery, filters: &Filters<'_>) -> CatalogItem {
    let mut item = item.clone();
    let filtered = query.segment.is_some()
        || filters.term_duration.is_some()
        || query.billing_cycle.is_some()
        || filters.currency_code.is_some();
    if filtered {
        let segment = item.segment;
        let currency = item.currency_code.clone();
        item.terms.retain(|t: &CatalogTerm| {
            query.segment.is_none_or(|s| {
                let of = t.segment.or(segment).unwrap_or(CustomerSegment::Commercial);
                of == s || of == CustomerSegment::Commercial
            }) && filters.term_duration.is_none_or(|d| t.term_duration.as_deref() == Some(d))
                && query.billing_cycle.is_none_or(|c| t.billing_cycle == Some(c))
                && filters.currency_code.is_none_or(|c| t.currency_code.as_deref().unwrap_or(&currency) == c)
                && t.effective_end.is_none_or(|e| e.to_micros() > filters.now_us)
        });
    }
    item
}

/// The ids of a search's hits, best first: items whose title holds every word before the
/// others, then the shorter title (the closer match: "Microsoft 365 Business Basic" before
/// "Microsoft 365 Business Basic (no Teams)"), then the backend's relevance, then the id. (A
/// relevance score alone is unsteady on a catalog of a few thousand short documents where most
/// words are in many of them.) The one ranking of every backend.
pub(crate) fn ranked(mut hits: Vec<SearchHit>) -> Vec<String> {
    hits.sort_by(|a, b| {
        b.title_has_every_word
            .cmp(&a.title_has_every_word)
            .then(a.title_chars.cmp(&b.title_chars))
            .then(b.relevance.total_cmp(&a.relevance))
            .then_with(|| a.id.cmp(&b.id))
    });
    hits.into_iter().map(|hit| hit.id).collect()
}

/// The most distinct words a catalog search uses; see [`search_words`].
pub(crate) const MAX_SEARCH_WORDS: usize = 32;

/// The words of a user's search text (runs of letters and digits), lower-cased, each once,
/// without a word that is a prefix of another (`b` beside `business`: every match of the longer
/// one matches it), in their first order. Linear in the text for the dedupe, quadratic only in
/// the distinct words kept. `None` when there are more than [`MAX_SEARCH_WORDS`] of them.
pub(crate) fn search_words(text: &str) -> Option<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    let mut words: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let word = word.to_lowercase();
        if seen.insert(word.clone()) {
            words.push(word);
            // Bounded before the prefix pass: at most this many distinct words are compared.
            if words.len() > MAX_SEARCH_WORDS * 4 {
                return None;
            }
        }
    }
    let kept: Vec<String> = words
        .iter()
        .filter(|w| !words.iter().any(|other| other.len() > w.len() && other.starts_with(w.as_str())))
        .cloned()
        .collect();
    (kept.len() <= MAX_SEARCH_WORDS).then_some(kept)
}

/// A 64-bit FNV-1a hash of what a search asks for (its normalized words and its filters, not
/// the instant nor the page size), the same in every process and build, which binds a
/// continuation token to its query.
fn query_fingerprint(words: &[String], filters: &Filters<'_>) -> u64 {
    let words = words.join(" ");
    let parts =
        [Some(words.as_str()), filters.segment, filters.term_duration, filters.billing_cycle, filters.currency_code];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        // Each part with a marker for absent and a separator, so that no two queries run into
        // the same bytes.
        let bytes = part.map_or(&[0xFF_u8][..], str::as_bytes);
        for byte in bytes.iter().chain(&[0x00]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The token of the page starting at `offset` of the query whose fingerprint is `query`:
/// `s2.<offset>.<fingerprint in hex>`.
fn encode_token(offset: usize, query: u64) -> String {
    format!("s2.{offset}.{query:016x}")
}

/// The offset of a token [`encode_token`] made for this query; a token of another query (or
/// of another version, or made up) is [`InputProblem::Invalid`] on `continuation`.
fn decode_token(token: &str, query: u64) -> Result<usize> {
    let invalid = || Error::invalid("continuation", InputProblem::Invalid);
    let (offset, fingerprint) = token.strip_prefix("s2.").and_then(|rest| rest.split_once('.')).ok_or_else(invalid)?;
    if fingerprint.len() != 16 || u64::from_str_radix(fingerprint, 16).ok() != Some(query) {
        return Err(invalid());
    }
    // Digits only: `parse` would take a leading `+`, two spellings of one token.
    if offset.is_empty() || !offset.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    offset.parse().map_err(|_| invalid())
}
