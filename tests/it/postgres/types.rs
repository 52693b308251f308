//! Money on PostgreSQL is `numeric` (migration 0006) and instants are `timestamptz` (0007): a
//! team's own SQL can sum and compare amounts and read dates, each amount keeps the scale it
//! was written with (30.40 stays 30.40 in SQL), an instant its microseconds, and a store of the
//! schema before (text amounts, integer microseconds) migrates with everything as it was.

use std::sync::Arc;

use cartstore::{ManualClock, OrderQuery, Store, StoreOptions};
use postgres::{Client, NoTls};
use rust_decimal::Decimal;
use serde_json::json;

use super::fresh_database;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The money columns of migration 0006 that are still columns, as (table, column) (a cart
/// line's amounts are in its cart's `lines` document since 0011, as decimal text).
const AMOUNTS: [(&str, &str); 11] = [
    ("catalog_terms", "list_price"),
    ("catalog_terms", "erp_price"),
    ("catalog_prices", "list_price"),
    ("catalog_prices", "erp_price"),
    ("catalog_prices", "unit_price"),
    ("catalog_prices", "erp_unit_price"),
    ("order_lines", "list_price"),
    ("order_lines", "discounted_price"),
    ("order_lines", "prorated_price"),
    ("order_lines", "price"),
    ("order_lines", "extended_price"),
];

/// The instant columns of migration 0007 that are still columns, as (table, column) (a cart
/// line's custom term end is in its cart's `lines` document since 0011).
const INSTANTS: [(&str, &str); 20] = [
    ("carts", "creation_us"),
    ("carts", "last_modified_us"),
    ("carts", "expiration_us"),
    ("catalog_terms", "effective_start_us"),
    ("catalog_terms", "effective_end_us"),
    ("catalog_promotions", "start_us"),
    ("catalog_promotions", "end_us"),
    ("catalog_prices", "effective_start_us"),
    ("catalog_prices", "effective_end_us"),
    ("catalog_prices", "in_effect_from_us"),
    ("catalog_prices", "list_date_us"),
    ("checkouts", "created_us"),
    ("orders", "creation_us"),
    ("partner_profile", "updated_us"),
    ("quotes", "issued_us"),
    ("quotes", "cart_modified_us"),
    ("pc_submissions", "created_us"),
    ("pc_submissions", "updated_us"),
    ("pc_requests", "started_us"),
    ("pc_requests", "finished_us"),
];

/// The SQL type of `table.column`.
fn type_of(client: &mut Client, table: &str, column: &str) -> Result<String, postgres::Error> {
    let row = client.query_one(
        "SELECT data_type::text FROM information_schema.columns WHERE table_name = $1 AND column_name = $2",
        &[&table, &column],
    )?;
    Ok(row.get(0))
}

/// A store with a catalog of amounts with trailing zeros and a price list row, one cart of
/// three seats at 30.40 checked out and one left open (each with participants and a
/// provisioning context).
fn filled(url: &str) -> Result<Store, Box<dyn std::error::Error>> {
    let clock = Arc::new(ManualClock::new("2026-06-01T12:34:56.123456Z".parse()?));
    let store = Store::open_with(url, StoreOptions { clock, ..StoreOptions::default() })?;
    store.import_catalog(&serde_json::from_value(json!({"items": [
        {"catalogItemId": "BASIC:0001:A", "title": "Business Basic", "currencyCode": "USD",
         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": "30.40", "erpPrice": "38.00"}]},
        {"catalogItemId": "SOFT:0001:A", "title": "Perpetual", "currencyCode": "USD",
         "terms": [{"billingCycle": "one_time", "listPrice": "199.990"}]}
    ]}))?)?;
    store.import_price_list(
        "ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,ERP Price,EffectiveStartDate\n\
         CFQ7,0001,Plan,P1Y,Annual,US,USD,100.50,120.600,2025-01-01\n"
            .as_bytes(),
    )?;
    let lines = |quantity: i64| {
        serde_json::from_value::<cartstore::Cart>(json!({"lineItems": [
            {"catalogItemId": "BASIC:0001:A", "quantity": quantity, "termDuration": "P1Y", "billingCycle": "monthly",
             "participants": [{"key": "transaction_reseller", "value": "1234567"},
                              {"key": "note", "value": "\"quoted\", ünïcode"}]},
            {"catalogItemId": "SOFT:0001:A", "quantity": 1, "billingCycle": "one_time",
             "provisioningContext": {"b": "2", "a": "1"}}
        ]}))
    };
    let ordered = store.create_cart("c1", &lines(3)?)?;
    store.checkout("c1", &ordered.id)?;
    store.create_cart("c1", &lines(2)?)?;
    Ok(store)
}

/// Every cart, order and catalog item of the store, as JSON text.
fn everything(store: &Store) -> Result<String, Box<dyn std::error::Error>> {
    let carts = store.list_carts("c1")?;
    let orders = store.list_orders("c1", &OrderQuery::default())?;
    let catalog = store.list_catalog()?;
    Ok(serde_json::to_string(&json!([carts, orders, catalog]))?)
}

#[test]
fn amounts_are_numeric_and_keep_their_scale() -> TestResult {
    let Some(url) = fresh_database("postgres::money::amounts_are_numeric_and_keep_their_scale")? else {
        return Ok(());
    };
    let store = filled(&url)?;
    let mut client = Client::connect(&url, NoTls)?;
    for (table, column) in AMOUNTS {
        assert_eq!(type_of(&mut client, table, column)?, "numeric", "{table}.{column}");
    }
    // Sums in SQL, exact, each amount with the scale it was written with.
    let orders = serde_json::to_value(store.list_orders("c1", &OrderQuery::default())?)?;
    let mut expected = Decimal::ZERO;
    for line in
        orders["items"].as_array().into_iter().flatten().flat_map(|o| o["lineItems"].as_array().into_iter().flatten())
    {
        expected += line["pricing"]["extendedPrice"].to_string().trim_matches('"').parse::<Decimal>()?;
    }
    assert!(expected > Decimal::ZERO, "{orders}");
    let row = client.query_one("SELECT sum(extended_price), min(price)::text FROM order_lines", &[])?;
    assert_eq!((row.get::<_, Decimal>(0), row.get::<_, String>(1)), (expected, "30.40".to_owned()));
    let row = client.query_one("SELECT unit_price::text, erp_unit_price::text FROM catalog_prices", &[])?;
    assert_eq!((row.get::<_, String>(0), row.get::<_, String>(1)), ("100.50".to_owned(), "120.600".to_owned()));
    Ok(())
}

#[test]
fn instants_are_timestamptz_to_the_microsecond() -> TestResult {
    let Some(url) = fresh_database("postgres::types::instants_are_timestamptz_to_the_microsecond")? else {
        return Ok(());
    };
    let store = filled(&url)?;
    let mut client = Client::connect(&url, NoTls)?;
    for (table, column) in INSTANTS {
        assert_eq!(type_of(&mut client, table, column)?, "timestamp with time zone", "{table}.{column}");
    }
    let row = client.query_one(
        "SELECT bool_and(creation_us = timestamptz '2026-06-01 12:34:56.123456+00'),
             bool_and(expiration_us - creation_us = interval '7 days') FROM carts",
        &[],
    )?;
    assert_eq!((row.get::<_, bool>(0), row.get::<_, bool>(1)), (true, true));
    let row = client
        .query_one("SELECT effective_start_us = timestamptz '2025-01-01 00:00:00+00' FROM catalog_prices", &[])?;
    assert!(row.get::<_, bool>(0));
    let carts = serde_json::to_value(store.list_carts("c1")?)?;
    assert_eq!(carts[0]["creationTimestamp"], "2026-06-01T12:34:56.123456Z", "{carts}");
    // Microseconds and back, exactly, over chrono's range; before PostgreSQL's first instant,
    // that first instant.
    for us in [0_i64, 1, -1, 1_780_317_296_123_456, -62_135_596_800_000_001, 8_210_266_876_799_999_999] {
        let row = client.query_one("SELECT cartstore_us(cartstore_at($1))", &[&us])?;
        assert_eq!(row.get::<_, i64>(0), us);
    }
    let row = client.query_one("SELECT cartstore_us(cartstore_at($1))", &[&i64::MIN])?;
    assert_eq!(row.get::<_, i64>(0), -210_866_803_200_000_000);
    let row = client.query_one("SELECT cartstore_at(NULL) IS NULL, cartstore_us(NULL) IS NULL", &[])?;
    assert_eq!((row.get::<_, bool>(0), row.get::<_, bool>(1)), (true, true));
    Ok(())
}

#[test]
fn a_store_of_the_schema_before_migrates_keeping_everything() -> TestResult {
    let Some(url) = fresh_database("postgres::types::a_store_of_the_schema_before_migrates_keeping_everything")? else {
        return Ok(());
    };
    let before = everything(&filled(&url)?)?;
    assert!(before.contains("transaction_reseller") && before.contains(r#""a":"1""#), "{before}");
    // The same store as the schema before 0006 had it: the cart lines in a table of their own
    // (amounts text, instants microseconds), their pairs and the order lines' context in tables
    // of their own, and the indexes 0008 dropped (0011 to 0008 undone), amounts text, instants
    // microseconds.
    let mut client = Client::connect(&url, NoTls)?;
    let initial = include_str!("../../../migrations/postgres/0001__initial.sql");
    let (lines_table, pairs_table, context_table) = (
        crate::fixtures::created_table(initial, "cart_lines")?,
        crate::fixtures::created_table(initial, "cart_line_pairs")?,
        crate::fixtures::created_table(initial, "order_line_context")?,
    );
    let mut sql = format!(
        r#"BEGIN;
        {lines_table}
        CREATE INDEX cart_lines_by_customer ON cart_lines (customer_id);
        INSERT INTO cart_lines (cart_id, seq, customer_id, parent_seq, line_id, catalog_item_id, friendly_name,
                quantity, currency_code, billing_cycle, term_duration, order_group, renews_to, attestation_accepted,
                promotion_id, custom_term_end_us, error_code, available_quantity, purchased_quantity, list_price,
                discounted_price, prorated_price, price, extended_price, has_participants, has_context, has_addons,
                minimum_quantity, eligible_for_purchase, segment, offered_terms, offered_currencies)
            SELECT c.cart_id, l.n - 1, c.customer_id, (l.e->>'up')::bigint, (l.e->>'id')::bigint, l.e->>'item',
                l.e->>'name', (l.e->>'qty')::bigint, l.e->>'cur', l.e->>'cycle', l.e->>'term', l.e->>'group',
                l.e->>'renews', (l.e->>'attest')::boolean, l.e->>'promo', (l.e->>'end_us')::bigint,
                (l.e->>'err')::bigint, (l.e->>'avail')::bigint, (l.e->>'bought')::bigint, l.e->'prices'->>0,
                l.e->'prices'->>1, l.e->'prices'->>2, l.e->'prices'->>3, l.e->'prices'->>4,
                coalesce((l.e->>'has_p')::boolean, false), coalesce((l.e->>'has_c')::boolean, false),
                coalesce((l.e->>'has_a')::boolean, false), (l.e->>'min')::bigint, (l.e->>'eligible')::boolean,
                l.e->>'segment', l.e->>'terms', l.e->>'curs'
            FROM carts c, jsonb_array_elements(c.lines::jsonb) WITH ORDINALITY AS l (e, n);
        {pairs_table}
        INSERT INTO cart_line_pairs
            SELECT c.cart_id, l.n - 1, p.e->>0, p.n - 1, p.e->>1, p.e->>2
            FROM carts c, jsonb_array_elements(c.lines::jsonb) WITH ORDINALITY AS l (e, n),
                jsonb_array_elements(coalesce(l.e->'pairs', '[]')) WITH ORDINALITY AS p (e, n);
        ALTER TABLE carts DROP COLUMN lines;
        {context_table}
        INSERT INTO order_line_context
            SELECT l.order_id, l.line_number, e.key, e.value
            FROM order_lines l, json_each_text(l.context::json) AS e WHERE l.context IS NOT NULL;
        ALTER TABLE order_lines DROP COLUMN context;
        CREATE INDEX cart_lines_by_item ON cart_lines (catalog_item_id);
        CREATE INDEX checkouts_by_customer ON checkouts (customer_id, request_id);"#,
    );
    for (table, column) in AMOUNTS {
        sql.push_str(&format!("ALTER TABLE {table} ALTER COLUMN {column} TYPE text USING {column}::text;"));
    }
    sql.push_str("ALTER TABLE catalog_prices ALTER COLUMN list_date_us DROP DEFAULT;");
    for (table, column) in INSTANTS {
        sql.push_str(&format!("ALTER TABLE {table} ALTER COLUMN {column} TYPE bigint USING cartstore_us({column});"));
    }
    sql.push_str(
        "ALTER TABLE catalog_prices ALTER COLUMN list_date_us SET DEFAULT 0;
         DROP FUNCTION cartstore_at(bigint); DROP FUNCTION cartstore_us(timestamptz);
         DELETE FROM cartstore_schema_history WHERE version >= 6; COMMIT;",
    );
    client.batch_execute(&sql)?;
    assert_eq!(type_of(&mut client, "order_lines", "price")?, "text");
    assert_eq!(type_of(&mut client, "carts", "creation_us")?, "bigint");
    assert_eq!(type_of(&mut client, "cart_lines", "price")?, "text");
    let row = client.query_one("SELECT count(*), min(price::numeric), max(price::numeric) FROM cart_lines", &[])?;
    let prices = (row.get::<_, Decimal>(1), row.get::<_, Decimal>(2));
    assert_eq!((row.get::<_, i64>(0), prices), (4, ("30.40".parse()?, "199.990".parse()?)));
    let row = client.query_one("SELECT count(*) FROM cart_line_pairs", &[])?;
    assert_eq!(row.get::<_, i64>(0), 8, "two participants and two context entries in each of two carts");
    let row = client.query_one("SELECT count(*) FROM order_line_context", &[])?;
    assert_eq!(row.get::<_, i64>(0), 2, "the ordered cart's two context entries");

    let store = Store::open(&url)?;
    assert_eq!(everything(&store)?, before);
    assert_eq!(type_of(&mut client, "order_lines", "price")?, "numeric");
    assert_eq!(type_of(&mut client, "carts", "creation_us")?, "timestamp with time zone");
    let row = client.query_one("SELECT max(version) FROM cartstore_schema_history", &[])?;
    assert_eq!(row.get::<_, i64>(0), 11, "every migration applied");
    let row = client.query_one(
        "SELECT count(*) FROM pg_tables WHERE tablename IN ('cart_lines', 'cart_line_pairs', 'order_line_context')",
        &[],
    )?;
    assert_eq!(row.get::<_, i64>(0), 0);
    Ok(())
}

/// A store made before migration 0003 may hold one request id on checkouts of two of a
/// customer's carts: it migrates (the unique index of 0003 could not be made otherwise), the
/// first checkout keeping the id (its retry replays its result) and the later losing it (a
/// retry of that cart with the id is 800065: the cart is ordered).
#[test]
fn a_store_with_a_request_id_on_two_checkouts_migrates_keeping_the_first() -> TestResult {
    let Some(url) = fresh_database("postgres::types::a_store_with_a_request_id_on_two_checkouts_migrates")? else {
        return Ok(());
    };
    let mut client = Client::connect(&url, NoTls)?;
    let result = r#"{"orders":[],"attributes":{"objectType":"CartCheckoutResult"}}"#;
    client.batch_execute(&format!(
        "{}{}
         CREATE TABLE cartstore_schema_history (version BIGINT PRIMARY KEY, name TEXT NOT NULL,
             applied_on TIMESTAMPTZ NOT NULL DEFAULT now());
         INSERT INTO cartstore_schema_history (version, name) VALUES (1, 'initial'), (2, 'search');
         INSERT INTO carts (cart_id, customer_id, status, creation_us, last_modified_us, expiration_us)
             VALUES ('cart-a', 'c1', 'Ordered', 1, 2, 3), ('cart-b', 'c1', 'Ordered', 4, 5, 6),
                    ('cart-c', 'c2', 'Ordered', 4, 5, 6);
         INSERT INTO checkouts (cart_id, customer_id, request_id, created_us, result_json)
             VALUES ('cart-b', 'c1', 'req-1', 20, '{result}'), ('cart-a', 'c1', 'req-1', 10, '{result}'),
                    ('cart-c', 'c2', 'req-1', 5, '{result}');",
        include_str!("../../../migrations/postgres/0001__initial.sql"),
        include_str!("../../../migrations/postgres/0002__search.sql"),
    ))?;
    let store = Store::open(&url)?;
    let rows = client.query("SELECT cart_id, request_id FROM checkouts ORDER BY cart_id", &[])?;
    let ids: Vec<(String, Option<String>)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let req = Some("req-1".to_owned());
    assert_eq!(ids, [("cart-a".into(), req.clone()), ("cart-b".into(), None), ("cart-c".into(), req)]);
    let replayed = store.checkout_with_request_id("c1", "cart-a", "req-1")?;
    assert!(replayed.orders.is_empty());
    let refused = store.checkout_with_request_id("c1", "cart-b", "req-1");
    assert!(matches!(refused, Err(cartstore::Error::CartAlreadyOrdered { .. })), "{refused:?}");
    store.checkout_with_request_id("c2", "cart-c", "req-1")?;
    Ok(())
}
