//! What the speed work of issue 29 changed in what a caller can see: time-ordered ids for new
//! carts and orders, and a short price list kept in memory between the import's two passes.

use std::path::PathBuf;

use chrono::Duration;
use uuid::Uuid;

use crate::store::{clock, store_with, three_group_cart};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Version 7 (RFC 9562) and the Unix milliseconds it carries.
fn version_and_millis(id: &str) -> Result<(usize, u64), Box<dyn std::error::Error>> {
    let uuid = Uuid::parse_str(id)?;
    let (secs, nanos) = uuid.get_timestamp().ok_or("no timestamp")?.to_unix();
    Ok((uuid.get_version_num(), secs * 1000 + u64::from(nanos) / 1_000_000))
}

#[test]
fn new_cart_and_order_ids_are_guids_that_sort_by_creation() -> TestResult {
    crate::backends::each("speed::new_cart_and_order_ids_are_guids_that_sort_by_creation", || {
        let clock = clock()?;
        let store = store_with(&clock)?;
        let start = clock_millis(&clock);
        let first = store.create_cart("cust-a", &three_group_cart()?)?;
        clock.advance(Duration::milliseconds(3));
        let second = store.create_cart("cust-a", &three_group_cart()?)?;
        assert_eq!(version_and_millis(&first.id)?, (7, start));
        assert_eq!(version_and_millis(&second.id)?, (7, start + 3));
        assert!(first.id < second.id, "{} then {}", first.id, second.id);

        clock.advance(Duration::milliseconds(1));
        let a = store.checkout("cust-a", &first.id)?;
        clock.advance(Duration::milliseconds(1));
        let b = store.checkout("cust-a", &second.id)?;
        assert_eq!((a.orders.len(), b.orders.len()), (3, 3));
        for order in &a.orders {
            assert_eq!(version_and_millis(&order.id)?, (7, start + 4));
            for later in &b.orders {
                assert!(order.id < later.id, "{} then {}", order.id, later.id);
            }
        }
        // What no index is keyed by stays wholly random.
        for order in a.orders.iter().chain(&b.orders) {
            for line in &order.line_items {
                let subscription = line.subscription_id.as_deref().ok_or("no subscription id")?;
                assert_eq!(Uuid::parse_str(subscription)?.get_version_num(), 4);
            }
            // Every order's id is its own, however close in time.
            assert_eq!(a.orders.iter().chain(&b.orders).filter(|o| o.id == order.id).count(), 1);
            let got = store.get_order("cust-a", &order.id)?;
            assert_eq!(got.id, order.id);
        }
        Ok(())
    })
}

fn clock_millis(clock: &cartstore::ManualClock) -> u64 {
    use cartstore::Clock;
    u64::try_from(clock.now().timestamp_millis()).unwrap_or_default()
}

/// The project's sample list (30 rows) over `markets` synthetic markets.
fn sample_over_markets(markets: usize) -> Result<String, Box<dyn std::error::Error>> {
    let text =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/pricelist-sample.csv"))?;
    let mut lines = text.lines();
    let header = lines.next().ok_or("empty sample")?;
    let body: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let mut out = format!("{header}\n");
    for m in 0..markets {
        let market = format!(",{}{},USD,", char::from(b'A' + (m / 26 % 26) as u8), char::from(b'A' + (m % 26) as u8));
        for line in &body {
            out.push_str(&line.replacen(",US,USD,", &market, 1));
            out.push('\n');
        }
    }
    Ok(out)
}

/// An item's id, title, description and segment.
type ItemWords = (String, Option<String>, Option<String>, Option<String>);

#[test]
fn short_and_long_price_lists_import_alike() -> TestResult {
    // The rows of a list of up to 8,192 rows are kept in memory between the import's passes; a
    // longer one's go to a temporary file. Both must store the same thing per row.
    let sample = sample_over_markets(1)?;
    let rows_per_market = sample.lines().count() - 1;
    // The sample's rows of other markets are the same in every copy: one price each.
    let us_rows = sample.lines().filter(|l| l.contains(",AA,USD,")).count();
    // The items as one market's list stores them: every list must store the same (the spool
    // keeps an item's title and description on its first row only).
    let mut items_of_one_market: Option<Vec<ItemWords>> = None;
    for markets in [1, 8_192 / rows_per_market, 8_192 / rows_per_market + 1] {
        let list = sample_over_markets(markets)?;
        let store = cartstore::Store::open_in_memory()?;
        let report = store.import_price_list(list.as_bytes())?;
        let items: Vec<_> = store
            .list_catalog()?
            .items
            .into_iter()
            .map(|item| {
                (item.catalog_item_id, item.title, item.description, item.segment.map(|s| s.as_str().to_owned()))
            })
            .collect();
        assert!(items.iter().all(|(_, title, description, _)| title.is_some() && description.is_some()), "{items:?}");
        match &items_of_one_market {
            None => items_of_one_market = Some(items),
            Some(expected) => assert_eq!(&items, expected, "{markets} markets"),
        }
        // Found by a word of a description alone.
        let query = cartstore::CatalogQuery { text: Some("calendar".to_owned()), ..Default::default() };
        assert!(store.search_catalog(&query)?.total_count > 0, "{markets} markets");
        let rows = (markets * rows_per_market) as u64;
        let distinct = (markets * us_rows + rows_per_market - us_rows) as u64;
        assert_eq!((report.rows, report.prices_added), (rows, distinct), "{markets} markets");
        let again = store.import_price_list(list.as_bytes())?;
        assert_eq!((again.rows, again.prices_unchanged, again.prices_added), (rows, rows, 0), "{markets} markets");
        // A line repeated with another price, last in the file, fails the import whichever way
        // the rows reached the write.
        let last = list.lines().last().ok_or("empty list")?;
        let fresh = cartstore::Store::open_in_memory()?;
        let conflicting = format!("{list}{}\n", last.replacen(",USD,", ",USD,1", 1));
        assert!(fresh.import_price_list(conflicting.as_bytes()).is_err(), "{markets} markets");
        assert_eq!(fresh.search_catalog(&cartstore::CatalogQuery::default())?.total_count, 0);
    }
    Ok(())
}

/// A long list (read again from its spool for the write) whose write fails at its third row,
/// with thousands of rows still to come, writes nothing; the same list without that row imports
/// whole.
#[test]
fn a_long_list_failing_early_in_its_write_stops_and_writes_nothing() -> TestResult {
    let rows_per_market = sample_over_markets(1)?.lines().count() - 1;
    let list = sample_over_markets(4 * 8_192 / rows_per_market)?;
    let mut lines: Vec<&str> = list.lines().collect();
    let first = lines.get(1).copied().ok_or("no data row")?;
    let conflicting = first.replacen(",USD,", ",USD,1", 1);
    lines.insert(2, &conflicting);
    let store = cartstore::Store::open_in_memory()?;
    let err = store.import_price_list(format!("{}\n", lines.join("\n")).as_bytes()).err().ok_or("imported")?;
    assert!(err.to_string().contains("lines 2 and 3"), "{err}");
    assert_eq!(store.search_catalog(&cartstore::CatalogQuery::default())?.total_count, 0);
    lines.remove(2);
    let report = store.import_price_list(format!("{}\n", lines.join("\n")).as_bytes())?;
    assert_eq!(report.rows, (lines.len() - 1) as u64);
    Ok(())
}

/// The sample's US rows only, over `markets` synthetic markets, every start date moved to
/// `start` (an ISO date).
fn us_rows_over_markets(markets: usize, start: &str) -> Result<String, Box<dyn std::error::Error>> {
    let list = sample_over_markets(markets)?;
    let mut out = format!("{}\n", list.lines().next().ok_or("empty list")?);
    for line in list.lines().skip(1).filter(|l| (0..markets).any(|m| l.contains(&market_field(m)))) {
        out.push_str(&line.replace("2025-04-01T", &format!("{start}T")));
        out.push('\n');
    }
    Ok(out)
}

fn market_field(m: usize) -> String {
    format!(",{}{},USD,", char::from(b'A' + (m / 26 % 26) as u8), char::from(b'A' + (m % 26) as u8))
}

#[test]
fn a_full_list_closes_what_it_omits_in_every_market_it_covers_at_once() -> TestResult {
    // Three markets stored; a newer full list covering the first one, or the first two, closes
    // the older prices of exactly those (one statement for all the pairs a list covers).
    let mut closed = Vec::new();
    for covered in [1, 2] {
        let store = cartstore::Store::open_in_memory()?;
        store.import_price_list(us_rows_over_markets(3, "2025-04-01")?.as_bytes())?;
        let report = store.import_price_list(us_rows_over_markets(covered, "2025-05-01")?.as_bytes())?;
        closed.push(report.prices_closed);
        // The market no list covered again keeps its prices open: importing it as it was
        // changes nothing.
        let third = us_rows_over_markets(3, "2025-04-01")?;
        let only_third: String = third
            .lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || l.contains(&market_field(2)))
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let again = store.import_price_list_with(only_third.as_bytes(), &cartstore::ImportOptions { partial: true })?;
        assert_eq!((again.prices_added, again.prices_changed, again.prices_extended), (0, 0, 0));
    }
    let [one, two] = closed[..] else { return Err("two imports".into()) };
    assert!(one > 0, "nothing closed");
    assert_eq!(two, 2 * one);
    Ok(())
}

/// A list of `items` one-row items, `P<n>:0001` for n in `from..from + items`, each titled with
/// a word of its own (`tok<n>z`) unless `renamed` names it (then `renamed<n>q`).
fn items_list(from: usize, items: usize, renamed: Option<usize>) -> String {
    let mut out =
        "ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate\n".to_owned();
    for n in from..from + items {
        let word = if renamed == Some(n) { format!("renamed{n}q") } else { format!("tok{n}z") };
        out.push_str(&format!("P{n},1,Widget {word},P1Y,Annual,US,USD,10,2025-01-01\n"));
    }
    out
}

/// The ids a catalog search for `text` finds.
fn found(store: &cartstore::Store, text: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let query = cartstore::CatalogQuery { text: Some(text.into()), ..cartstore::CatalogQuery::default() };
    Ok(store.search_catalog(&query)?.items.into_iter().map(|i| i.catalog_item_id).collect())
}

/// Everything FTS5 stores of the search index (its segments, their index and each row's token
/// counts; the index keeps no content), as one text.
fn search_index(path: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    let raw = rusqlite::Connection::open(path)?;
    let mut all = String::new();
    for sql in [
        "SELECT id || ':' || hex(block) FROM catalog_search_data ORDER BY id",
        "SELECT segid || ':' || hex(term) || ':' || pgno FROM catalog_search_idx ORDER BY segid, term",
        "SELECT id || ':' || hex(sz) || ':' || hex(origin) FROM catalog_search_docsize ORDER BY id",
    ] {
        let mut stmt = raw.prepare(sql)?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            all.push_str(&row?);
            all.push('\n');
        }
    }
    Ok(all)
}

/// The search rows of an import's new items are written from the range of rowids it inserted
/// (the import keeps no list of their ids): every new item is found by its own word, into an
/// empty catalog and into one that holds items already, a renamed one by its new word only;
/// an unchanged list imported again leaves the index as it was, byte for byte; FTS5's own
/// check finds the index equal to its content.
#[test]
fn every_new_item_is_searchable_and_an_unchanged_list_leaves_the_index_as_it_was() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("search.db");
    let store = cartstore::Store::open(&path)?;
    let first = items_list(0, 300, None);
    assert_eq!(store.import_price_list(first.as_bytes())?.items, 300);
    for n in 0..300 {
        assert_eq!(found(&store, &format!("tok{n}z"))?, [format!("P{n}:0001")], "item {n}");
    }
    let before = search_index(&path)?;
    let again = store.import_price_list(first.as_bytes())?;
    assert_eq!(again.prices_unchanged, 300);
    assert_eq!(search_index(&path)?, before, "an unchanged list rewrote the index");
    // Items 200 to 299 again (250 renamed), 300 to 499 new.
    store.import_price_list(items_list(200, 300, Some(250)).as_bytes())?;
    for n in (0..500).filter(|n| *n != 250) {
        assert_eq!(found(&store, &format!("tok{n}z"))?, [format!("P{n}:0001")], "item {n}");
    }
    assert!(found(&store, "tok250z")?.is_empty(), "the old title is gone from the index");
    assert_eq!(found(&store, "renamed250q")?, ["P250:0001"]);
    assert_eq!(found(&store, "widget")?.len(), 100, "a page of 100: one search row per item");
    assert_eq!(
        store
            .search_catalog(&cartstore::CatalogQuery { text: Some("widget".into()), ..Default::default() })?
            .total_count,
        500
    );
    drop(store);
    let raw = rusqlite::Connection::open(&path)?;
    raw.execute("INSERT INTO catalog_search (catalog_search, rank) VALUES ('integrity-check', 1)", [])?;
    Ok(())
}

/// Migration 13 makes the search index contentless: a store whose index kept a copy of every
/// item's words (as each store before it did) is indexed again from its items, finds what it
/// found before, keeps no copy, and an item renamed afterwards is found by its new word only.
#[test]
fn a_search_index_with_its_own_copy_of_the_words_migrates_to_one_without() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("search.db");
    let store = cartstore::Store::open(&path)?;
    store.import_price_list(items_list(0, 50, None).as_bytes())?;
    drop(store);
    let raw = rusqlite::Connection::open(&path)?;
    raw.execute_batch(
        "BEGIN;
         DROP TABLE catalog_search;
         CREATE VIRTUAL TABLE catalog_search USING fts5 (
             catalog_item_id, title, description, tokenize = \"unicode61 remove_diacritics 2\");
         INSERT INTO catalog_search (rowid, catalog_item_id, title, description)
             SELECT rowid, catalog_item_id, coalesce(title, ''), coalesce(description, '') FROM catalog_items;
         DELETE FROM refinery_schema_history WHERE version >= 13;
         COMMIT;",
    )?;
    drop(raw);
    assert!(schema_names(&path, "table", None)?.iter().any(|t| t == "catalog_search_content"));
    let store = cartstore::Store::open(&path)?;
    assert!(!schema_names(&path, "table", None)?.iter().any(|t| t == "catalog_search_content"));
    for n in 0..50 {
        assert_eq!(found(&store, &format!("tok{n}z"))?, [format!("P{n}:0001")], "item {n}");
    }
    store.import_price_list(items_list(0, 50, Some(7)).as_bytes())?;
    assert!(found(&store, "tok7z")?.is_empty(), "the old title is gone from the index");
    assert_eq!(found(&store, "renamed7q")?, ["P7:0001"]);
    assert_eq!(
        store
            .search_catalog(&cartstore::CatalogQuery { text: Some("widget".into()), ..Default::default() })?
            .total_count,
        50
    );
    drop(store);
    let raw = rusqlite::Connection::open(&path)?;
    raw.execute("INSERT INTO catalog_search (catalog_search) VALUES ('integrity-check')", [])?;
    // An import's index data is written in segments of up to 16 MB, not FTS5's default 1 MB.
    let hashsize: i64 = raw.query_row("SELECT v FROM catalog_search_config WHERE k = 'hashsize'", [], |r| r.get(0))?;
    assert_eq!(hashsize, 16 << 20);
    Ok(())
}

/// The effective start of `item`'s open-ended price (the instant it is in effect from).
fn open_price_start(store: &cartstore::Store, item: &str) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let item = store.catalog_item(item)?;
    let open = item.terms.iter().find(|t| t.effective_end.is_none()).ok_or("no open term")?;
    Ok(serde_json::to_value(open)?["effectiveStart"].clone())
}

/// The in-effect instants are computed only when some price has an explicit end or an instant
/// (one scan decides; Microsoft's lists end nothing): a price held back by an ended one is in
/// effect from that end, and is in effect from its own start again once a later list removes
/// the end, though no price has an explicit end any more.
#[test]
fn in_effect_instants_follow_explicit_ends_and_their_removal() -> TestResult {
    let header = "ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate";
    let store = cartstore::Store::open_in_memory()?;
    let ended = format!(
        "{header}\nP1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,2025-06-01\nP1,1,Plan,P1Y,Annual,US,USD,200,2025-03-01,\n"
    );
    store.import_price_list(ended.as_bytes())?;
    assert_eq!(open_price_start(&store, "P1:0001")?, "2025-06-01T00:00:00Z", "held back until the end");
    let reopened =
        format!("{header}\nP1,1,Plan,P1Y,Annual,US,USD,100,2025-01-01,\nP1,1,Plan,P1Y,Annual,US,USD,200,2025-03-01,\n");
    let report = store.import_price_list(reopened.as_bytes())?;
    assert_eq!(report.prices_extended, 1);
    let item = store.catalog_item("P1:0001")?;
    let starts: Vec<serde_json::Value> = item
        .terms
        .iter()
        .map(|t| Ok(serde_json::to_value(t)?["effectiveStart"].clone()))
        .collect::<Result<_, serde_json::Error>>()?;
    assert!(item.terms.iter().all(|t| t.effective_end.is_none()), "no end left");
    assert_eq!(starts.len(), 2);
    assert!(starts.contains(&"2025-03-01T00:00:00Z".into()), "in effect from its own start again: {starts:?}");
    // A list without ends into a fresh store: every price in effect from its own start.
    let fresh = cartstore::Store::open_in_memory()?;
    fresh.import_price_list(reopened.as_bytes())?;
    let item = fresh.catalog_item("P1:0001")?;
    assert_eq!(item.terms.len(), 2);
    Ok(())
}

/// The names of a SQLite file's schema objects of `kind` (`index`, `table`), of table `table`
/// when given, in order.
fn schema_names(
    path: &std::path::Path,
    kind: &str,
    table: Option<&str>,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let raw = rusqlite::Connection::open(path)?;
    let mut stmt =
        raw.prepare("SELECT name FROM sqlite_master WHERE type = ?1 AND (?2 IS NULL OR tbl_name = ?2) ORDER BY name")?;
    let names = stmt.query_map(rusqlite::params![kind, table], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<Result<Vec<_>, _>>()?)
}

/// The indexes of `table` in a SQLite file.
fn indexes(path: &std::path::Path, table: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    schema_names(path, "index", Some(table))
}

/// What a cart and a checkout write is what a query reads (migrations 9 to 12): a cart's lines
/// are one document in the cart's own row (first a line was a row of its own with an index by
/// catalog item, which no query read, and its participants and provisioning context rows of a
/// table of their own), an order line's context is in the line's row, and a checkout without a
/// request id writes no entry of the request-id index (which replaced one of every checkout by
/// customer, read by the request-id lookup alone). A file of the schema before (the lines,
/// pairs and context tables, the old indexes; migrations 9 to 12 not applied) is migrated when
/// opened: its carts read as they did, participants and context in order, its orders' context
/// too, and a request id is still refused for a second cart.
#[test]
fn every_index_a_cart_or_checkout_writes_is_one_a_query_reads() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("indexes.db");
    let store = cartstore::Store::open(&path)?;
    store.import_catalog(&crate::store::catalog()?)?;
    let mut two_of_each: serde_json::Value = serde_json::to_value(three_group_cart()?)?;
    two_of_each["lineItems"][0]["participants"] = serde_json::json!([
        {"key": "transaction_reseller", "value": "1234567"}, {"key": "z-first", "value": "\"quoted\" ünïcode"}]);
    two_of_each["lineItems"][2]["provisioningContext"] = serde_json::json!({"b": "2", "a": "1"});
    // Lines whose every stored fact is set somewhere: choices, and errors with their details.
    two_of_each["lineItems"][1]["attestationAccepted"] = serde_json::json!(true);
    two_of_each["lineItems"][1]["promotionId"] = serde_json::json!("PROMO-1");
    two_of_each["lineItems"][1]["customTermEndDate"] = serde_json::json!("2027-03-01T00:00:00Z");
    let lines = two_of_each["lineItems"].as_array_mut().ok_or("no lines")?;
    lines.push(serde_json::json!({"catalogItemId": "BASIC:0001:A", "quantity": 100000, "termDuration": "P1Y",
        "billingCycle": "monthly"}));
    lines.push(serde_json::json!({"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P3Y",
        "billingCycle": "triennial"}));
    lines.push(serde_json::json!({"catalogItemId": "BASIC:0001:A", "quantity": 1, "termDuration": "P1Y",
        "billingCycle": "monthly", "currencyCode": "JPY"}));
    lines.push(serde_json::json!({"catalogItemId": "NOPE:0001:A", "quantity": 1, "attestationAccepted": false}));
    let cart = store.create_cart("cust-a", &serde_json::from_value(two_of_each)?)?;
    let facts = serde_json::to_string(&cart)?;
    for fact in ["additionalInformation", "errorCode", "attestationAccepted", "promotionId", "customTermEndDate"] {
        assert!(facts.contains(fact), "{fact} in {facts}");
    }
    let with_request = store.create_cart("cust-a", &three_group_cart()?)?;
    store.checkout_with_request_id("cust-a", &with_request.id, "request-1")?;
    assert_eq!(indexes(&path, "carts")?, ["carts_by_customer", "sqlite_autoindex_carts_1"]);
    assert_eq!(schema_names(&path, "table", None)?.iter().filter(|t| t.starts_with("cart_line")).count(), 0);
    assert_eq!(indexes(&path, "checkouts")?, ["checkouts_by_request", "sqlite_autoindex_checkouts_1"]);
    drop(store);

    let raw = rusqlite::Connection::open(&path)?;
    let v1 = include_str!("../../migrations/V1__initial.sql");
    let (lines_table, pairs_table, context_table) = (
        crate::fixtures::created_table(v1, "cart_lines")?,
        crate::fixtures::created_table(v1, "cart_line_pairs")?,
        crate::fixtures::created_table(v1, "order_line_context")?,
    );
    raw.execute_batch(&format!(
        "BEGIN;
         {lines_table}
         ALTER TABLE cart_lines ADD COLUMN minimum_quantity INTEGER;
         ALTER TABLE cart_lines ADD COLUMN eligible_for_purchase INTEGER;
         ALTER TABLE cart_lines ADD COLUMN segment TEXT;
         ALTER TABLE cart_lines ADD COLUMN offered_terms TEXT;
         ALTER TABLE cart_lines ADD COLUMN offered_currencies TEXT;
         INSERT INTO cart_lines (cart_id, seq, customer_id, parent_seq, line_id, catalog_item_id, friendly_name,
                 quantity, currency_code, billing_cycle, term_duration, order_group, renews_to, attestation_accepted,
                 promotion_id, custom_term_end_us, error_code, available_quantity, purchased_quantity, list_price,
                 discounted_price, prorated_price, price, extended_price, has_participants, has_context, has_addons,
                 minimum_quantity, eligible_for_purchase, segment, offered_terms, offered_currencies)
             SELECT c.cart_id, l.key, c.customer_id, l.value ->> 'up', l.value ->> 'id', l.value ->> 'item',
                 l.value ->> 'name', l.value ->> 'qty', l.value ->> 'cur', l.value ->> 'cycle', l.value ->> 'term',
                 l.value ->> 'group', l.value ->> 'renews', l.value ->> 'attest', l.value ->> 'promo',
                 l.value ->> 'end_us', l.value ->> 'err', l.value ->> 'avail', l.value ->> 'bought',
                 l.value ->> '$.prices[0]', l.value ->> '$.prices[1]', l.value ->> '$.prices[2]',
                 l.value ->> '$.prices[3]', l.value ->> '$.prices[4]', coalesce(l.value ->> 'has_p', 0),
                 coalesce(l.value ->> 'has_c', 0), coalesce(l.value ->> 'has_a', 0), l.value ->> 'min',
                 l.value ->> 'eligible', l.value ->> 'segment', l.value ->> 'terms', l.value ->> 'curs'
             FROM carts c, json_each(c.lines) l;
         {pairs_table}
         INSERT INTO cart_line_pairs
             SELECT c.cart_id, l.key, p.value ->> 0, p.key, p.value ->> 1, p.value ->> 2
             FROM carts c, json_each(c.lines) l, json_each(l.value, '$.pairs') p;
         ALTER TABLE carts DROP COLUMN lines;
         {context_table}
         INSERT INTO order_line_context
             SELECT l.order_id, l.line_number, j.key, j.value
             FROM order_lines l, json_each(l.context) j WHERE l.context IS NOT NULL;
         ALTER TABLE order_lines DROP COLUMN context;
         CREATE INDEX cart_lines_by_item ON cart_lines (catalog_item_id);
         DROP INDEX checkouts_by_request;
         CREATE INDEX checkouts_by_customer ON checkouts (customer_id);
         DELETE FROM refinery_schema_history WHERE version >= 9;
         COMMIT;"
    ))?;
    let pairs: i64 = raw.query_row("SELECT count(*) FROM cart_line_pairs", [], |r| r.get(0))?;
    assert_eq!(pairs, 4 + 2, "two participants and two context entries, then the second cart's one of each");
    let context: i64 = raw.query_row("SELECT count(*) FROM order_line_context", [], |r| r.get(0))?;
    assert_eq!(context, 1, "the ordered cart's context entry");
    drop(raw);
    assert_eq!(indexes(&path, "cart_lines")?.len(), 2);
    let store = cartstore::Store::open(&path)?;
    assert_eq!(indexes(&path, "cart_lines")?, Vec::<String>::new());
    assert_eq!(schema_names(&path, "table", None)?.iter().filter(|t| t.starts_with("cart_line")).count(), 0);
    assert_eq!(indexes(&path, "checkouts")?, ["checkouts_by_request", "sqlite_autoindex_checkouts_1"]);
    assert_eq!(indexes(&path, "cart_line_pairs")?, Vec::<String>::new());
    assert_eq!(indexes(&path, "order_line_context")?, Vec::<String>::new());
    let read = store.get_cart("cust-a", &cart.id)?;
    assert_eq!(read, cart);
    let json = serde_json::to_value(&read)?;
    assert_eq!(json["lineItems"][0]["participants"][1]["value"], "\"quoted\" ünïcode", "{json}");
    assert_eq!(json["lineItems"][2]["provisioningContext"], serde_json::json!({"a": "1", "b": "2"}));
    let refused = store.checkout_with_request_id("cust-a", &cart.id, "request-1");
    assert!(matches!(refused, Err(cartstore::Error::InvalidInput { .. })), "{refused:?}");
    let replayed = store.checkout_with_request_id("cust-a", &with_request.id, "request-1")?;
    assert_eq!(replayed.orders.len(), 3);
    let order = replayed.orders.iter().find(|o| o.line_items.iter().any(|l| l.provisioning_context.is_some()));
    let order = order.ok_or("no order with a context")?;
    assert_eq!(&store.get_order("cust-a", &order.id)?, order);
    let context = serde_json::to_value(&store.get_order("cust-a", &order.id)?)?;
    assert!(context.to_string().contains(r#""provisioningContext":{"note":"keep"}"#), "{context}");
    Ok(())
}
