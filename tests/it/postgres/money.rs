//! Money on PostgreSQL is `numeric` (migration 0006): a team's own SQL can sum and compare
//! amounts, each amount keeps the scale it was written with (30.40 stays 30.40 in SQL), and a
//! store whose amounts were text migrates with every amount as it was.

use cartstore::{OrderQuery, Store};
use postgres::{Client, NoTls};
use rust_decimal::Decimal;
use serde_json::json;

use super::fresh_database;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The money columns of migration 0006, as (table, column).
const AMOUNTS: [(&str, &str); 16] = [
    ("catalog_terms", "list_price"),
    ("catalog_terms", "erp_price"),
    ("catalog_prices", "list_price"),
    ("catalog_prices", "erp_price"),
    ("catalog_prices", "unit_price"),
    ("catalog_prices", "erp_unit_price"),
    ("cart_lines", "list_price"),
    ("cart_lines", "discounted_price"),
    ("cart_lines", "prorated_price"),
    ("cart_lines", "price"),
    ("cart_lines", "extended_price"),
    ("order_lines", "list_price"),
    ("order_lines", "discounted_price"),
    ("order_lines", "prorated_price"),
    ("order_lines", "price"),
    ("order_lines", "extended_price"),
];

/// A store with a catalog of amounts with trailing zeros and a price list row, one cart of
/// three seats at 30.40 checked out and one left open.
fn filled(url: &str) -> Result<Store, Box<dyn std::error::Error>> {
    let store = Store::open(url)?;
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
            {"catalogItemId": "BASIC:0001:A", "quantity": quantity, "termDuration": "P1Y", "billingCycle": "monthly"},
            {"catalogItemId": "SOFT:0001:A", "quantity": 1, "billingCycle": "one_time"}
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
        let row = client.query_one(
            "SELECT data_type::text FROM information_schema.columns WHERE table_name = $1 AND column_name = $2",
            &[&table, &column],
        )?;
        assert_eq!(row.get::<_, String>(0), "numeric", "{table}.{column}");
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
fn a_store_of_text_amounts_migrates_to_numeric_keeping_them() -> TestResult {
    let Some(url) = fresh_database("postgres::money::a_store_of_text_amounts_migrates_to_numeric_keeping_them")? else {
        return Ok(());
    };
    let before = everything(&filled(&url)?)?;
    // The same store as the previous schema had it: its amounts text, migration 0006 not applied.
    let mut client = Client::connect(&url, NoTls)?;
    let mut sql = String::from("BEGIN;");
    for (table, column) in AMOUNTS {
        sql.push_str(&format!("ALTER TABLE {table} ALTER COLUMN {column} TYPE text USING {column}::text;"));
    }
    sql.push_str("DELETE FROM cartstore_schema_history WHERE version = 6; COMMIT;");
    client.batch_execute(&sql)?;
    let row = client.query_one("SELECT data_type::text FROM information_schema.columns WHERE table_name = 'order_lines' AND column_name = 'price'", &[])?;
    assert_eq!(row.get::<_, String>(0), "text");

    let store = Store::open(&url)?;
    assert_eq!(everything(&store)?, before);
    let row = client.query_one("SELECT data_type::text FROM information_schema.columns WHERE table_name = 'order_lines' AND column_name = 'price'", &[])?;
    assert_eq!(row.get::<_, String>(0), "numeric");
    let row = client.query_one("SELECT max(version) FROM cartstore_schema_history", &[])?;
    assert_eq!(row.get::<_, i64>(0), 6);
    Ok(())
}
