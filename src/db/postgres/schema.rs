//! The PostgreSQL schema: the migrations of `migrations/postgres/`, embedded, applied in order
//! under a session advisory lock, so that however many clients connect to a new or older
//! database at the same instant, exactly one applies each migration and the others find the
//! work done. A database migrated by a newer cartstore is refused untouched.

use postgres::Client;

use super::{get, pg_error};
use crate::error::{Error, Result, StorageKind};

/// The migrations, oldest first: (version, name, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial", include_str!("../../../migrations/postgres/0001__initial.sql")),
    (2, "search", include_str!("../../../migrations/postgres/0002__search.sql")),
    (3, "checkout_locks", include_str!("../../../migrations/postgres/0003__checkout_locks.sql")),
    (4, "search_tokens", include_str!("../../../migrations/postgres/0004__search_tokens.sql")),
    (5, "submissions", include_str!("../../../migrations/postgres/0005__submissions.sql")),
    (6, "numeric_money", include_str!("../../../migrations/postgres/0006__numeric_money.sql")),
    (7, "timestamptz", include_str!("../../../migrations/postgres/0007__timestamptz.sql")),
    (8, "indexes_queries_read", include_str!("../../../migrations/postgres/0008__indexes_queries_read.sql")),
    (9, "cart_line_pairs_inline", include_str!("../../../migrations/postgres/0009__cart_line_pairs_inline.sql")),
    (10, "order_line_context_inline", include_str!("../../../migrations/postgres/0010__order_line_context_inline.sql")),
    (11, "cart_lines_in_cart_row", include_str!("../../../migrations/postgres/0011__cart_lines_in_cart_row.sql")),
];

/// The advisory lock key migrations run under ("CaSt" "mg").
const MIGRATION_LOCK: i64 = 0x4361_5374_6d67;

/// The newest migration this build has.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.iter().map(|(v, _, _)| *v).max().unwrap_or(0)
}

/// Applies the migrations the database lacks, under the migration lock; a database already
/// at this build's version costs one query.
pub(crate) fn migrate(client: &mut Client, server: &str) -> Result<()> {
    let latest = latest_version();
    if applied(client, server)? == Some(latest) {
        return Ok(());
    }
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK]).map_err(|e| pg_error(e, server))?;
    let result = migrate_locked(client, server, latest);
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]).map_err(|e| pg_error(e, server));
    result?;
    unlocked.map(|_| ())
}

fn migrate_locked(client: &mut Client, server: &str, latest: i64) -> Result<()> {
    client
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS cartstore_schema_history (
                 version    BIGINT PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_on TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .map_err(|e| pg_error(e, server))?;
    let found = applied(client, server)?.unwrap_or(0);
    if found > latest {
        return Err(Error::SchemaTooNew { found, supported: latest });
    }
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > found) {
        let mut tx = client.transaction().map_err(|e| pg_error(e, server))?;
        tx.batch_execute(sql).map_err(|e| {
            let cause = pg_error(e, server);
            match cause {
                Error::Storage { kind: StorageKind::Unavailable, .. } => cause,
                other => Error::storage(StorageKind::Other, format!("{server}: migration {version} failed: {other}")),
            }
        })?;
        tx.execute("INSERT INTO cartstore_schema_history (version, name) VALUES ($1, $2)", &[version, name])
            .map_err(|e| pg_error(e, server))?;
        tx.commit().map_err(|e| pg_error(e, server))?;
    }
    Ok(())
}

/// The newest applied migration, `None` for a database without history.
fn applied(client: &mut Client, server: &str) -> Result<Option<i64>> {
    let row = client
        .query_one("SELECT to_regclass('cartstore_schema_history') IS NOT NULL", &[])
        .map_err(|e| pg_error(e, server))?;
    let has_history: bool = get(&row, 0)?;
    if !has_history {
        return Ok(None);
    }
    let row =
        client.query_one("SELECT MAX(version) FROM cartstore_schema_history", &[]).map_err(|e| pg_error(e, server))?;
    let found: Option<i64> = get(&row, 0)?;
    if found.is_some_and(|f| f > latest_version()) {
        return Err(Error::SchemaTooNew { found: found.unwrap_or_default(), supported: latest_version() });
    }
    Ok(found)
}
