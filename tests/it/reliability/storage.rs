//! Storage: a checkout that does not fit on a full disk writes nothing and succeeds once there
//! is room; files the store must refuse give typed errors and are left byte-identical.

use std::path::Path;

use cartstore::model::CartStatus;
use cartstore::{Error, OrderQuery, StorageKind, Store, StoreOptions};

use crate::store::{catalog, clock, three_group_cart};

use super::{Res, TestResult, inventory};

#[test]
fn a_checkout_that_does_not_fit_fails_as_full_writes_nothing_and_succeeds_with_room() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("full.db");
    let options = || -> Res<StoreOptions> { Ok(StoreOptions { clock: clock()?, ..StoreOptions::default() }) };
    let cart = {
        let store = Store::open_with(&path, options()?)?;
        store.import_catalog(&catalog()?)?;
        // A cart whose orders and stored result are large, so the checkout needs new pages.
        let mut cart = three_group_cart()?;
        for line in &mut cart.line_items {
            line.friendly_name = Some("x".repeat(4000));
        }
        store.create_cart("cust-a", &cart)?
    };
    // A limit below the current size keeps the file at its size: no page can be added.
    let store = Store::open_with(&path, StoreOptions { max_size_bytes: Some(1), ..options()? })?;
    let before = serde_json::to_value(store.get_cart("cust-a", &cart.id)?)?;
    let stock = inventory(&store)?;
    let err = store.checkout_with_request_id("cust-a", &cart.id, "req-1").err().ok_or("checkout fit")?;
    assert!(matches!(err, Error::Storage { kind: StorageKind::Full, .. }), "{err:?}");
    assert_eq!(serde_json::to_value(store.get_cart("cust-a", &cart.id)?)?, before);
    assert_eq!(store.get_cart("cust-a", &cart.id)?.status, Some(CartStatus::Active));
    assert_eq!(store.list_orders("cust-a", &OrderQuery::default())?.total_count, 0);
    assert_eq!(inventory(&store)?, stock);
    // A new cart does not fit either, and is not half stored.
    // (Forty lines of 4 KB names: more than the free pages a fresh store's migrations leave.)
    let mut big = three_group_cart()?;
    let template = std::mem::take(&mut big.line_items);
    for _ in 0..40_usize.div_ceil(template.len()) {
        big.line_items.extend(template.iter().cloned().map(|mut line| {
            line.id = None;
            line.friendly_name = Some("y".repeat(4000));
            line
        }));
    }
    let err = store.create_cart("cust-a", &big).err().ok_or("create_cart fit")?;
    assert!(matches!(err, Error::Storage { kind: StorageKind::Full, .. }), "{err:?}");
    assert_eq!(store.list_carts("cust-a")?.len(), 1);
    drop(store);

    // With room, the same checkout (same request id) succeeds.
    let store = Store::open_with(&path, options()?)?;
    let result = store.checkout_with_request_id("cust-a", &cart.id, "req-1")?;
    assert_eq!(result.orders.len(), 3);
    assert_eq!(store.get_cart("cust-a", &cart.id)?.status, Some(CartStatus::Ordered));
    assert_eq!(store.list_orders("cust-a", &OrderQuery::default())?.total_count, 3);
    assert_eq!(inventory(&store)?, stock.map(|s| s - 3));
    Ok(())
}

#[test]
fn bad_files_give_typed_errors_and_are_left_byte_identical() -> TestResult {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir()?;
    let good = dir.path().join("good.db");
    {
        let store = Store::open(&good)?;
        store.import_catalog(&catalog()?)?;
        store.create_cart("cust-a", &three_group_cart()?)?;
    }
    // Closing the last connection checkpoints; this makes sure the file holds everything.
    rusqlite::Connection::open(&good)?.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let good_bytes = std::fs::read(&good)?;

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database ".repeat(100))?;
    // Shorter than SQLite's 100-byte header.
    let short = dir.path().join("short.txt");
    std::fs::write(&short, b"this is not a database, just some text that is long enough to have a header....")?;
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, good_bytes.get(..good_bytes.len() / 2).ok_or("short")?)?;
    let newer = dir.path().join("newer.db");
    drop(Store::open(&newer)?);
    {
        let raw = rusqlite::Connection::open(&newer)?;
        raw.execute_batch(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
             VALUES (9999, 'from_the_future', '2030-01-01T00:00:00Z', '0');",
        )?;
        raw.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    type Want = fn(&Error) -> bool;
    let cases: [(&Path, Want); 4] = [
        (&text, |e| matches!(e, Error::NotADatabase { .. })),
        (&short, |e| matches!(e, Error::NotADatabase { .. })),
        (&truncated, |e| matches!(e, Error::NotADatabase { .. })),
        (&newer, |e| matches!(e, Error::SchemaTooNew { found: 9999, .. })),
    ];
    for (path, want) in cases {
        let before = std::fs::read(path)?;
        let err = Store::open(path).err().ok_or_else(|| format!("{} opened", path.display()))?;
        assert!(want(&err), "{}: {err:?}", path.display());
        assert_eq!(std::fs::read(path)?, before, "{} was modified", path.display());
    }

    let missing = dir.path().join("no/such/dir/x.db");
    let err = Store::open(&missing).err().ok_or("opened in a missing directory")?;
    assert!(matches!(err, Error::Storage { .. }), "{err:?}");
    // The message for logs names the file.
    assert!(err.to_string().contains(&missing.display().to_string()), "{err}");
    assert!(!dir.path().join("no").exists(), "the missing directory was created");

    // Read-only: root ignores permission bits, so detect that and say so.
    let readonly = dir.path().join("readonly.db");
    std::fs::write(&readonly, &good_bytes)?;
    std::fs::set_permissions(&readonly, std::fs::Permissions::from_mode(0o444))?;
    if std::fs::OpenOptions::new().append(true).open(&readonly).is_ok() {
        println!("note: running as root, which ignores file and directory permissions; read-only sub-case skipped");
    } else {
        let err = Store::open(&readonly).err().ok_or("read-only file opened for writing")?;
        assert!(matches!(err, Error::Storage { kind: StorageKind::ReadOnly | StorageKind::Io, .. }), "{err:?}");
        assert_eq!(std::fs::read(&readonly)?, good_bytes, "the read-only file was modified");
    }
    Ok(())
}
