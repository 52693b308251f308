//! Opening a database: the file checks, the pragmas, and the refinery migrations embedded from
//! `migrations/`.
//!
//! A file is checked before SQLite writes anything to it: a file that is not SQLite, or is
//! shorter than its header says, is refused; a database whose newest migration is newer than
//! this build's is refused before any pragma or migration touches it, so it stays
//! byte-identical.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{SqlResult, storage};
use crate::error::{Error, Result, StorageKind};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The newest migration this build has.
pub(crate) fn latest_version() -> i64 {
    embedded::migrations::runner().get_migrations().iter().map(|m| i64::from(m.version())).max().unwrap_or(0)
}

/// Opens (creating if needed) the database file at `path`, checked, configured and migrated.
pub(crate) fn open_file(path: &Path, busy_timeout: Duration) -> Result<Connection> {
    let shown = path.display().to_string();
    check_file(path, &shown)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(e, &shown))?;
    conn.busy_timeout(busy_timeout).db()?;
    if conn.is_readonly(rusqlite::MAIN_DB).db()? {
        return Err(Error::Storage { kind: StorageKind::ReadOnly, detail: format!("{shown} is read-only") });
    }
    check_version(&conn, &shown)?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| open_error(e, &shown))?;
    configure(&conn)?;
    migrate(conn, &shown)
}

/// Opens a private in-memory database, configured and migrated.
pub(crate) fn open_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory().db()?;
    configure(&conn)?;
    migrate(conn, ":memory:")
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON").db()?;
    conn.pragma_update(None, "synchronous", "NORMAL").db()?;
    // The bundled SQLite has STAT4, which expires a cached statement whenever its bindings are
    // cleared, so every call re-parsed and re-planned its SQL. The store never runs ANALYZE, so
    // stable query plans lose nothing (the profile of issue 8: 78 % of catalog reads).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).db()?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(mut conn: Connection, shown: &str) -> Result<Connection> {
    let runner = embedded::migrations::runner().set_grouped(true).set_abort_divergent(true);
    match runner.run(&mut conn) {
        Ok(_) => Ok(conn),
        Err(err) => {
            // Another process may have migrated meanwhile to something newer.
            check_version(&conn, shown)?;
            Err(Error::Storage { kind: StorageKind::Other, detail: format!("migration failed: {err}") })
        }
    }
}

/// Refuses a database whose newest applied migration is newer than this build's.
fn check_version(conn: &Connection, shown: &str) -> Result<()> {
    let has_history: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'refinery_schema_history')",
            [],
            |row| row.get(0),
        )
        .map_err(|e| open_error(e, shown))?;
    if !has_history {
        return Ok(());
    }
    let found: Option<i64> = conn
        .query_row("SELECT MAX(version) FROM refinery_schema_history", [], |row| row.get(0))
        .optional()
        .map_err(|e| open_error(e, shown))?
        .flatten();
    let supported = latest_version();
    match found {
        Some(found) if found > supported => Err(Error::SchemaTooNew { found, supported }),
        _ => Ok(()),
    }
}

fn open_error(err: rusqlite::Error, shown: &str) -> Error {
    match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            Error::NotADatabase { path: shown.to_owned() }
        }
        _ => storage(err),
    }
}

/// Refuses, without opening it in SQLite, a file that is not SQLite or is truncated.
fn check_file(path: &Path, shown: &str) -> Result<()> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(&e, shown)),
    };
    let len = file.metadata().map_err(|e| io_error(&e, shown))?.len();
    if len == 0 {
        return Ok(());
    }
    let mut header = [0u8; 100];
    if len < 100 || file.read_exact(&mut header).is_err() || !header.starts_with(b"SQLite format 3\0") {
        return Err(Error::NotADatabase { path: shown.to_owned() });
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([header[28], header[29], header[30], header[31]]));
    let valid_for = u32::from_be_bytes([header[92], header[93], header[94], header[95]]);
    let change_counter = u32::from_be_bytes([header[24], header[25], header[26], header[27]]);
    if valid_for == change_counter && pages > 0 && len < pages.saturating_mul(page_size) {
        return Err(Error::NotADatabase { path: shown.to_owned() });
    }
    Ok(())
}

fn io_error(err: &std::io::Error, shown: &str) -> Error {
    let kind = if err.kind() == std::io::ErrorKind::PermissionDenied { StorageKind::ReadOnly } else { StorageKind::Io };
    Error::Storage { kind, detail: format!("{shown}: {err}") }
}

/// The schema as SQL text, normalized, for comparing an upgraded database with a fresh one.
pub(crate) fn schema_sql(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .db()?;
    let rows = stmt.query_map([], |row| row.get::<_, String>(0)).db()?;
    rows.map(|r| r.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))).collect::<Result<_, _>>().db()
}
