//! The database file: which files opening refuses (untouched) and which it adopts, the
//! permissions of new files, and stored values that do not read back.

use std::path::Path;

use cartstore::{Catalog, Error, InputProblem, StorageKind, Store};
use serde_json::json;

use crate::store::{catalog, three_group_cart};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A raw connection on a store's file, for what only SQLite itself can do.
fn raw(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    rusqlite::Connection::open(path)
}

#[test]
fn another_applications_database_is_refused_and_left_byte_identical() -> TestResult {
    let dir = tempfile::tempdir()?;
    // Another application's file, with a table whose name clashes with cartstore's and one that
    // does not: refused either way, before anything is written.
    for table in ["notes (id INTEGER PRIMARY KEY, body TEXT)", "carts (id INTEGER PRIMARY KEY)"] {
        let path = dir.path().join("foreign.db");
        let _ = std::fs::remove_file(&path);
        {
            let conn = raw(&path)?;
            conn.execute_batch(&format!(
                "CREATE TABLE {table}; INSERT INTO {} VALUES (1{});",
                table.split(' ').next().unwrap_or(""),
                if table.starts_with("notes") { ", 'x'" } else { "" }
            ))?;
        }
        let before = std::fs::read(&path)?;
        let err = Store::open(&path).err().ok_or("a foreign database was opened")?;
        assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
        assert_eq!(std::fs::read(&path)?, before, "{table}");
        assert!(!dir.path().join("foreign.db-wal").exists());
    }
    Ok(())
}

#[test]
fn an_empty_sqlite_file_and_a_wave_1_file_are_adopted_and_marked() -> TestResult {
    let dir = tempfile::tempdir()?;
    let empty = dir.path().join("empty-sqlite.db");
    raw(&empty)?.execute_batch("PRAGMA user_version = 0; VACUUM;")?;
    let v1 = dir.path().join("v1.db");
    std::fs::copy(crate::fixtures::own_fixtures_dir().join("v1/cartstore-v1.db"), &v1)?;
    for path in [&empty, &v1, &dir.path().join("new.db")] {
        drop(Store::open(path)?);
        let mark: i32 = raw(path)?.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        assert_eq!(mark, 0x4361_5374, "{}", path.display());
        // Marked, a file opens again (and a marked file is never mistaken for a foreign one).
        drop(Store::open(path)?);
    }
    Ok(())
}

#[test]
fn a_uri_is_a_plain_file_name() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("file:quotes.db?mode=memory&nolock=1");
    let store = Store::open(&path)?;
    store.import_catalog(&catalog()?)?;
    drop(store);
    assert!(path.is_file(), "the name was read as a URI");
    assert_eq!(Store::open(&path)?.list_catalog()?.items.len(), catalog()?.items.len());
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_new_database_and_its_wal_and_shm_are_private_and_an_existing_file_keeps_its_mode() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("private.db");
    let store = Store::open(&path)?;
    store.import_catalog(&catalog()?)?;
    store.create_cart("cust-a", &three_group_cart()?)?;
    for name in ["private.db", "private.db-wal", "private.db-shm"] {
        let mode = std::fs::metadata(dir.path().join(name))?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name}: {mode:o}");
    }
    drop(store);
    let shared = dir.path().join("shared.db");
    std::fs::write(&shared, b"")?;
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644))?;
    drop(Store::open(&shared)?);
    assert_eq!(std::fs::metadata(&shared)?.permissions().mode() & 0o777, 0o644);
    Ok(())
}

#[cfg(unix)]
#[test]
fn the_cli_creates_its_default_data_directory_owner_only() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir()?;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cartstore"))
        .args(["cart", "list", "--customer", "c"])
        .env_remove("CARTSTORE_DB")
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("HOME", home.path())
        .output()?;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = home.path().join("data/cartstore");
    assert_eq!(std::fs::metadata(&dir)?.permissions().mode() & 0o777, 0o700);
    assert_eq!(std::fs::metadata(dir.join("cartstore.db"))?.permissions().mode() & 0o777, 0o600);
    Ok(())
}

#[test]
fn a_stored_price_or_status_that_does_not_read_back_is_corrupt_not_zero() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("corrupt.db");
    let store = Store::open(&path)?;
    store.import_catalog(&catalog()?)?;
    let cart = store.create_cart("cust-a", &three_group_cart()?)?;
    let result = store.checkout("cust-a", &cart.id)?;
    let order_id = result.orders.first().ok_or("no order")?.id.clone();
    type Read<'a> = &'a dyn Fn() -> Result<(), Error>;
    let get_cart: Read<'_> = &|| store.get_cart("cust-a", &cart.id).map(drop);
    let cases: [(&str, Read<'_>); 7] = [
        ("UPDATE carts SET lines = json_set(lines, '$[0].prices[0]', 'twelve')", get_cart),
        ("UPDATE carts SET lines = json_set(lines, '$[0].qty', 'many')", get_cart),
        ("UPDATE carts SET lines = 'lines'", get_cart),
        ("UPDATE carts SET lines = '{}'", &|| store.list_carts("cust-a").map(drop)),
        ("UPDATE order_lines SET price = '1e' WHERE line_number = 0", &|| {
            store.get_order("cust-a", &order_id).map(drop)
        }),
        ("UPDATE catalog_terms SET list_price = '' WHERE catalog_item_id = 'BASIC:0001:A'", &|| {
            store.catalog_item("BASIC:0001:A").map(drop)
        }),
        ("UPDATE carts SET status = 'Lost'", &|| store.list_carts("cust-a").map(drop)),
    ];
    for (sql, read) in cases {
        let conn = raw(&path)?;
        conn.execute_batch("PRAGMA ignore_check_constraints = ON; BEGIN")?;
        conn.execute_batch(sql)?;
        // Bump the catalog version so that the store's catalog cache reads the change.
        conn.execute_batch("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'; COMMIT")?;
        let err = read().err().ok_or_else(|| format!("{sql}: read without error"))?;
        assert!(matches!(err, Error::Storage { kind: StorageKind::Corrupt, .. }), "{sql}: {err:?}");
        conn.execute_batch("ROLLBACK").ok();
    }
    Ok(())
}

/// Issue 25: a stored billing cycle, provisioning status or pair kind that is none of the
/// model's is `Storage { Corrupt }`, not read as absent.
#[test]
fn a_stored_enum_that_does_not_read_back_is_corrupt_not_absent() -> TestResult {
    type Read = fn(&Store, &str, &str) -> Result<(), Error>;
    let cases: [(&str, Read); 4] = [
        ("UPDATE carts SET lines = json_set(lines, '$[0].cycle', 'weekly')", |s, cart, _| {
            s.get_cart("cust-a", cart).map(drop)
        }),
        ("UPDATE orders SET billing_cycle = 'weekly'", |s, _, order| s.get_order("cust-a", order).map(drop)),
        ("UPDATE order_lines SET provisioning_status = 'lost'", |s, _, order| {
            s.provisioning_status("cust-a", order).map(drop)
        }),
        ("UPDATE catalog_terms SET billing_cycle = 'weekly'", |s, _, _| s.catalog_item("BASIC:0001:A").map(drop)),
    ];
    for (sql, read) in cases {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("corrupt.db");
        let store = Store::open(&path)?;
        store.import_catalog(&catalog()?)?;
        let cart = store.create_cart("cust-a", &three_group_cart()?)?;
        let order_id = store.checkout("cust-a", &cart.id)?.orders.first().ok_or("no order")?.id.clone();
        let conn = raw(&path)?;
        conn.execute_batch("PRAGMA ignore_check_constraints = ON")?;
        assert!(conn.execute(sql, [])? > 0, "{sql} changed nothing");
        conn.execute_batch("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'")?;
        let err = read(&store, &cart.id, &order_id).err().ok_or_else(|| format!("{sql}: read without error"))?;
        assert!(matches!(err, Error::Storage { kind: StorageKind::Corrupt, .. }), "{sql}: {err:?}");
    }
    Ok(())
}

#[test]
fn a_catalog_id_a_cart_line_may_not_name_is_refused_at_import() -> TestResult {
    let store = Store::open_in_memory()?;
    for (id, problem) in
        [("BAD\u{0}ID", InputProblem::Invalid), (&*"X".repeat(5000), InputProblem::TooLong { max: 4096 })]
    {
        let catalog: Catalog = serde_json::from_value(json!({"items": [{"catalogItemId": id, "currencyCode": "USD",
            "terms": [{"billingCycle": "one_time", "listPrice": 1}]}]}))?;
        let err = store.import_catalog(&catalog).err().ok_or("imported")?;
        match err {
            Error::InvalidInput { ref field, problem: ref got } => {
                assert_eq!(field, "items[0].catalogItemId");
                assert_eq!(*got, problem);
            }
            other => return Err(format!("{other:?}").into()),
        }
    }
    assert!(store.list_catalog()?.items.is_empty());
    Ok(())
}

#[test]
fn a_storage_error_keeps_its_cause() -> TestResult {
    use std::error::Error as _;
    // From SQLite: a stored price that does not read back.
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("cause.db");
    let store = Store::open(&path)?;
    store.import_catalog(&catalog()?)?;
    raw(&path)?.execute_batch(
        "UPDATE catalog_terms SET list_price = 'x'; UPDATE meta SET value = value + 1 WHERE key = 'catalog_version';",
    )?;
    let err = store.catalog_item("BASIC:0001:A").err().ok_or("read without error")?;
    let source = err.source().ok_or("no source")?;
    let cause = match &err {
        Error::Storage { cause: Some(cause), .. } => cause,
        other => return Err(format!("{other:?}").into()),
    };
    assert!(cause.get_ref().downcast_ref::<rusqlite::Error>().is_some(), "{cause:?}");
    assert_eq!(source.to_string(), cause.to_string());
    // From the file system: a database in a directory that does not exist.
    let err = Store::open(dir.path().join("missing/quotes.db")).err().ok_or("opened")?;
    let Error::Storage { cause: Some(cause), .. } = &err else { return Err(format!("{err:?}").into()) };
    let io = cause.get_ref().downcast_ref::<std::io::Error>().ok_or("not an io::Error")?;
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    Ok(())
}
