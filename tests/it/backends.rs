//! The conformance suite's backends: a test body run by [`each`] runs once on SQLite and once
//! on PostgreSQL, and every store it opens with [`open_with`] (or on a [`target`]) is a fresh
//! database of the backend of that run. PostgreSQL needs the `postgres` feature and
//! `CARTSTORE_TEST_POSTGRES` (a server URL; `.ci/postgres.sh start` starts a throwaway one):
//! without them the PostgreSQL run is skipped with a note, unless `CARTSTORE_REQUIRE_POSTGRES=1`
//! (CI), which makes that a failure.

use std::cell::Cell;
use std::path::Path;

use cartstore::{Store, StoreOptions};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A store's backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file (or memory).
    Sqlite,
    /// A database on the PostgreSQL server of `CARTSTORE_TEST_POSTGRES`.
    Postgres,
}

thread_local! {
    static CURRENT: Cell<Backend> = const { Cell::new(Backend::Sqlite) };
}

/// The backend of the run in progress on this thread (SQLite outside [`each`]).
pub fn current() -> Backend {
    CURRENT.with(Cell::get)
}

/// Runs `body` on SQLite, then on PostgreSQL (when a server is given; see the module's doc).
/// A failure names the backend it happened on.
pub fn each(test: &str, body: impl Fn() -> TestResult) -> TestResult {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        if backend == Backend::Postgres && postgres_url(test)?.is_none() {
            continue;
        }
        eprintln!("{test}: on {backend:?}");
        CURRENT.with(|c| c.set(backend));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(&body));
        CURRENT.with(|c| c.set(Backend::Sqlite));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(format!("{test} on {backend:?}: {e}").into()),
            Err(panic) => {
                eprintln!("{test}: failed on {backend:?}");
                std::panic::resume_unwind(panic);
            }
        }
    }
    Ok(())
}

/// The PostgreSQL server's URL, or `None` (with a note) when there is none to test on; an
/// error when `CARTSTORE_REQUIRE_POSTGRES=1` and there is none.
fn postgres_url(test: &str) -> Result<Option<String>, String> {
    let url = std::env::var("CARTSTORE_TEST_POSTGRES").ok().filter(|u| !u.trim().is_empty());
    let why = match (&url, cfg!(feature = "postgres")) {
        (Some(url), true) => return Ok(Some(url.clone())),
        (None, _) => "CARTSTORE_TEST_POSTGRES is not set (start a server with .ci/postgres.sh start)",
        (Some(_), false) => "this build has no `postgres` feature",
    };
    if std::env::var("CARTSTORE_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        return Err(format!("{test}: CARTSTORE_REQUIRE_POSTGRES=1 but {why}"));
    }
    eprintln!("{test}: PostgreSQL run skipped, {why}");
    Ok(None)
}

/// A fresh database of the current backend, kept until dropped: a SQLite file in a temporary
/// directory, or a new PostgreSQL database.
pub struct Target {
    target: String,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh database of the current backend (`name` is the SQLite file's name).
pub fn target(name: &str) -> Result<Target, Box<dyn std::error::Error>> {
    match current() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir()?;
            let path = dir.path().join(name);
            Ok(Target { target: path.to_str().ok_or("temporary path is not UTF-8")?.to_owned(), _dir: Some(dir) })
        }
        Backend::Postgres => Ok(Target { target: fresh_postgres()?, _dir: None }),
    }
}

impl Target {
    /// What `Store::open` takes: the file's path or the database's URL.
    pub fn as_str(&self) -> &str {
        &self.target
    }

    /// Runs `sqlite` (on SQLite) or `postgres` (on PostgreSQL) on a connection of its own.
    pub fn raw_batch(&self, sqlite: &str, postgres: &str) -> TestResult {
        if Path::new(&self.target).is_file() {
            rusqlite::Connection::open(&self.target)?.execute_batch(sqlite)?;
            return Ok(());
        }
        raw_postgres(&self.target, postgres)
    }

    /// Takes the store's write lock on a connection of its own, held until the result is
    /// dropped: SQLite's `BEGIN IMMEDIATE`, or the PostgreSQL backend's advisory write lock
    /// (`WRITE_LOCK` in src/db/postgres/mod.rs).
    pub fn hold_write_lock(&self) -> Result<Box<dyn std::any::Any>, Box<dyn std::error::Error>> {
        if Path::new(&self.target).is_file() {
            let conn = rusqlite::Connection::open(&self.target)?;
            conn.execute_batch("BEGIN IMMEDIATE")?;
            return Ok(Box::new(conn));
        }
        hold_postgres_lock(&self.target)
    }
}

impl AsRef<Path> for Target {
    fn as_ref(&self) -> &Path {
        Path::new(&self.target)
    }
}

/// A fresh store of the current backend with `options` (SQLite in memory, or a new PostgreSQL
/// database).
pub fn open_with(options: StoreOptions) -> Result<Store, Box<dyn std::error::Error>> {
    match current() {
        Backend::Sqlite => Ok(Store::open_in_memory_with(options)?),
        Backend::Postgres => Ok(Store::open_with(fresh_postgres()?, options)?),
    }
}

#[cfg(feature = "postgres")]
fn fresh_postgres() -> Result<String, Box<dyn std::error::Error>> {
    crate::postgres::fresh_database("conformance")?.ok_or_else(|| "no PostgreSQL server".into())
}

#[cfg(not(feature = "postgres"))]
fn fresh_postgres() -> Result<String, Box<dyn std::error::Error>> {
    Err("this build has no `postgres` feature".into())
}

#[cfg(feature = "postgres")]
fn raw_postgres(url: &str, sql: &str) -> TestResult {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute(sql)?;
    Ok(())
}

#[cfg(feature = "postgres")]
fn hold_postgres_lock(url: &str) -> Result<Box<dyn std::any::Any>, Box<dyn std::error::Error>> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute("SELECT pg_advisory_lock(x'436153747772'::bigint)")?;
    Ok(Box::new(client))
}

#[cfg(not(feature = "postgres"))]
fn hold_postgres_lock(_url: &str) -> Result<Box<dyn std::any::Any>, Box<dyn std::error::Error>> {
    Err("this build has no `postgres` feature".into())
}

#[cfg(not(feature = "postgres"))]
fn raw_postgres(_url: &str, _sql: &str) -> TestResult {
    Err("this build has no `postgres` feature".into())
}
