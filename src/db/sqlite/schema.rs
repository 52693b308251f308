//! Opening a database: the file checks, the pragmas, and the migrations embedded from
//! `migrations/`.
//!
//! What opening refuses, and what it must never refuse:
//! - A file that is not SQLite (its first bytes are not SQLite's header) is refused before
//!   SQLite opens it, and stays byte-identical.
//! - Another application's database (tables, but neither cartstore's `application_id` mark nor
//!   its migration history) is refused before anything is written to it.
//! - A database whose newest migration is newer than this build's is refused before any pragma
//!   or migration touches it.
//! - Every state a crash can leave is opened and recovered by SQLite: a hot `-wal`, the `-shm`
//!   of a dead process, a checkpoint cut short (the main file then legitimately ends before the
//!   page count its header gives, while the `-wal` still holds those pages). The header's page
//!   count is compared with the file's length only when there is no `-wal` to recover from.
//!
//! Migrating takes the write lock (`BEGIN IMMEDIATE`) before it reads what is applied, so when
//! several connections or processes open a new or older file at the same instant, exactly one
//! applies each migration and the others find the work done.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{SqlResult, Transaction, storage};
use crate::error::{Error, Result, StorageKind};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// cartstore's mark in the SQLite header (`PRAGMA application_id`): "CaSt".
pub(crate) const APPLICATION_ID: i32 = 0x4361_5374;

/// The table of applied migrations, as refinery (which wrote wave-1 files) defines it.
const HISTORY_TABLE: &str = "CREATE TABLE IF NOT EXISTS refinery_schema_history(
             version int4 PRIMARY KEY,
             name VARCHAR(255),
             applied_on VARCHAR(255),
             checksum VARCHAR(255))";

mod built {
    include!(concat!(env!("OUT_DIR"), "/schema_version.rs"));
}

/// The newest migration this build has: the largest `N` of `migrations/VN__*.sql`, counted by
/// `build.rs`. Not asked of refinery's runner, which parses every migration's name with a
/// regular expression it compiles first (14 % of a whole `cartstore cart list` process);
/// the runner is built only when a file needs migrating.
pub(crate) fn latest_version() -> i64 {
    built::LATEST_MIGRATION
}

/// Opens (creating if needed) the database file at `path`, checked, configured and migrated.
///
/// When several processes create the same file at the same instant, SQLite can report a
/// passing error while another process is setting the file up (the `-wal` it was about to
/// remove already removed: `SQLITE_IOERR_DELETE_NOENT`); the open is then tried again, within
/// the busy timeout.
pub(crate) fn open_file(path: &Path, busy_timeout: Duration) -> Result<Connection> {
    let shown = path.display().to_string();
    create_private(path, &shown)?;
    let start = Instant::now();
    loop {
        match open_once(path, &shown, busy_timeout) {
            Err(Retry::Passing(_)) if start.elapsed() < busy_timeout => std::thread::sleep(Duration::from_millis(5)),
            Err(Retry::Passing(err) | Retry::Final(err)) => return Err(err),
            Ok(conn) => return Ok(conn),
        }
    }
}

/// An open that failed: for good, or with an error that passes.
enum Retry {
    Passing(Error),
    Final(Error),
}

impl From<Error> for Retry {
    fn from(err: Error) -> Retry {
        Retry::Final(err)
    }
}

fn open_once(path: &Path, shown: &str, busy_timeout: Duration) -> std::result::Result<Connection, Retry> {
    check_file(path, shown)?;
    // No SQLITE_OPEN_URI: `file:...?mode=memory` is a file name like any other.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(e, shown))?;
    conn.busy_timeout(busy_timeout).db()?;
    if conn.is_readonly(rusqlite::MAIN_DB).db()? {
        return Err(Error::storage(StorageKind::ReadOnly, format!("{shown} is read-only")).into());
    }
    let passing = |e: rusqlite::Error| {
        let delete_noent = e.sqlite_error().is_some_and(|f| f.extended_code == SQLITE_IOERR_DELETE_NOENT);
        if delete_noent { Retry::Passing(open_error(e, shown)) } else { Retry::Final(open_error(e, shown)) }
    };
    // One snapshot for every check (another process may be migrating the file meanwhile).
    let snapshot = super::ReadTransaction::begin(&conn).map_err(passing)?;
    // The first read: where SQLite opens (or recovers) the -wal.
    let _: i64 = snapshot.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(passing)?;
    let applied = check_owner(&snapshot, shown)?;
    snapshot.end().db()?;
    set_wal(&conn, busy_timeout, shown)?;
    configure(&conn)?;
    Ok(migrate(conn, shown, applied)?)
}

/// `SQLITE_IOERR_DELETE_NOENT`: a file SQLite meant to delete was already gone.
const SQLITE_IOERR_DELETE_NOENT: i32 = 5898;

/// Opens a private in-memory database, configured and migrated.
pub(crate) fn open_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory().db()?;
    configure(&conn)?;
    migrate(conn, ":memory:", None)
}

/// Creates a missing database file readable by its owner only (0600 on Unix), so that SQLite,
/// which gives its `-wal` and `-shm` the main file's permissions, makes them private too. An
/// existing file is left as it is.
fn create_private(path: &Path, shown: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_error(e, shown)),
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON").db()?;
    conn.pragma_update(None, "synchronous", "NORMAL").db()?;
    // The bundled SQLite has STAT4, which expires a cached statement whenever its bindings are
    // cleared, so every call re-parsed and re-planned its SQL. The store never runs ANALYZE, so
    // stable query plans lose nothing (78 % of catalog reads went to re-planning before this).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).db()?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Switches to WAL. Setting it needs a moment's exclusive lock, which another connection
/// opening the same new file may hold: retried within the busy timeout.
fn set_wal(conn: &Connection, busy_timeout: Duration, shown: &str) -> Result<()> {
    let start = Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && start.elapsed() < busy_timeout =>
            {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(open_error(e, shown)),
        }
    }
}

/// The migrations of this build, oldest first.
fn migrations() -> Vec<refinery::Migration> {
    let mut all = embedded::migrations::runner().get_migrations().clone();
    all.sort_by_key(refinery::Migration::version);
    all
}

/// Applies the migrations this file lacks, under the write lock: the lock is taken first, and
/// what is applied is read inside it. `applied` is the newest migration the file had when its
/// owner was checked (`None`: none, or not read): a file already at this build's version then
/// costs nothing more (migrations only ever move a file forward).
fn migrate(mut conn: Connection, shown: &str, applied: Option<i64>) -> Result<Connection> {
    let latest = latest_version();
    if applied == Some(latest) {
        return Ok(conn);
    }
    let tx = Transaction::begin_immediate(&mut conn).map_err(|e| open_error(e, shown))?;
    tx.execute_batch(HISTORY_TABLE).db()?;
    let applied: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT version, checksum FROM refinery_schema_history").db()?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).db()?;
        rows.collect::<Result<_, _>>().map_err(|e| corrupt(&format!("migration history: {e}")))?
    };
    if let Some(found) = applied.iter().map(|(v, _)| *v).max()
        && found > latest
    {
        return Err(Error::SchemaTooNew { found, supported: latest });
    }
    for migration in migrations() {
        let version = i64::from(migration.version());
        let checksum = migration.checksum().to_string();
        match applied.iter().find(|(v, _)| *v == version) {
            Some((_, stored)) if *stored == checksum => continue,
            Some(_) => {
                return Err(Error::storage(
                    StorageKind::Other,
                    format!("{shown}: migration V{version} differs from this build's"),
                ));
            }
            None => {}
        }
        let sql = migration.sql().unwrap_or_default();
        tx.execute_batch(sql).map_err(|e| {
            Error::storage_caused_by(StorageKind::Other, format!("{shown}: migration V{version} failed"), e)
        })?;
        tx.execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![version, migration.name(), chrono::Utc::now().to_rfc3339(), checksum],
        )
        .db()?;
    }
    tx.commit().db()?;
    Ok(conn)
}

/// The newest applied migration, `None` for a file without history.
fn applied_version(conn: &Connection, shown: &str) -> Result<Option<i64>> {
    let has_history: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'refinery_schema_history')",
            [],
            |row| row.get(0),
        )
        .map_err(|e| open_error(e, shown))?;
    if !has_history {
        return Ok(None);
    }
    conn.query_row("SELECT MAX(version) FROM refinery_schema_history", [], |row| row.get(0))
        .optional()
        .map(Option::flatten)
        .map_err(|e| open_error(e, shown))
}

/// Refuses, before anything is written, a database of a newer cartstore and another
/// application's database (tables, but neither cartstore's mark nor its history). Returns the
/// newest migration the file has (`None`: a file without history).
fn check_owner(conn: &Connection, shown: &str) -> Result<Option<i64>> {
    let supported = latest_version();
    match applied_version(conn, shown)? {
        Some(found) if found > supported => Err(Error::SchemaTooNew { found, supported }),
        Some(found) => Ok(Some(found)),
        None => {
            let mark: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0)).db()?;
            let objects: i64 = conn
                .query_row("SELECT COUNT(*) FROM sqlite_schema", [], |row| row.get(0))
                .map_err(|e| open_error(e, shown))?;
            if objects > 0 && mark != APPLICATION_ID {
                return Err(Error::NotADatabase { path: shown.to_owned() });
            }
            Ok(None)
        }
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

fn corrupt(detail: &str) -> Error {
    Error::storage(StorageKind::Corrupt, detail)
}

/// Refuses, without opening it in SQLite, a file that is not SQLite, or one that is shorter
/// than its header says while no `-wal` file could hold the missing pages.
fn check_file(path: &Path, shown: &str) -> Result<()> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(e, shown)),
    };
    let len = file.metadata().map_err(|e| io_error(e, shown))?.len();
    if len == 0 {
        return Ok(());
    }
    let mut header = [0u8; 100];
    if len < 100 || file.read_exact(&mut header).is_err() || !header.starts_with(b"SQLite format 3\0") {
        return Err(Error::NotADatabase { path: shown.to_owned() });
    }
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        // A checkpoint cut short: the pages past the file's end are in the -wal; SQLite
        // recovers them.
        return Ok(());
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

fn io_error(err: std::io::Error, shown: &str) -> Error {
    let kind = match err.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => StorageKind::ReadOnly,
        std::io::ErrorKind::StorageFull => StorageKind::Full,
        _ => StorageKind::Io,
    };
    Error::storage_caused_by(kind, shown, err)
}

/// Caps the database at `max_bytes` (`PRAGMA max_page_count`, in pages of the file's size;
/// SQLite keeps a cap below the current size at the current size).
pub(crate) fn limit_size(conn: &Connection, max_bytes: Option<u64>) -> Result<()> {
    let Some(max_bytes) = max_bytes else { return Ok(()) };
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).db()?;
    let pages = max_bytes / u64::try_from(page_size.max(1)).unwrap_or(4096);
    let pages = i64::try_from(pages.max(1)).unwrap_or(i64::MAX);
    let _: i64 = conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| r.get(0)).db()?;
    Ok(())
}
