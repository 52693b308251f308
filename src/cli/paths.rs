//! Where the database lives when `--db` (or `$CARTSTORE_DB`) does not say: the platform's data
//! directory, found with `std::env` alone and created on first use (owner-only, 0700, on Unix).
//!
//! - Linux and other Unix: `$XDG_DATA_HOME/cartstore/cartstore.db`, else
//!   `$HOME/.local/share/cartstore/cartstore.db`;
//! - macOS: `$HOME/Library/Application Support/cartstore/cartstore.db`;
//! - Windows: `%APPDATA%\cartstore\cartstore.db`.
//!
//! `cartstore demo` never uses that file (nor `--db` or `$CARTSTORE_DB`): it runs on its own,
//! [`demo_database`], `cartstore-demo.db` beside it (or in the temporary directory when there
//! is no data directory), deleted and created afresh on every run.

use std::env;
use std::path::{Path, PathBuf};

/// The folder under the data directory, and the file in it.
const APP_DIR: &str = "cartstore";
const DB_FILE: &str = "cartstore.db";
/// The demo's own database file.
const DEMO_FILE: &str = "cartstore-demo.db";

/// Why no database path could be chosen.
#[derive(Debug)]
pub enum PathError {
    /// No `--db`, no `$CARTSTORE_DB`, and no data directory in the environment.
    NoDataDir,
    /// The data directory could not be created (or an old demo file could not be removed).
    CreateDir(PathBuf, std::io::Error),
}

/// The environment variable naming the database when `--db` is not given.
pub const DB_ENV: &str = "CARTSTORE_DB";

/// The database: `explicit` (`--db`) when given, else `$CARTSTORE_DB` when set and not
/// empty, else `cartstore.db` in the platform data directory, which is created if missing.
/// A `postgres://` or `postgresql://` URL names a PostgreSQL database (the library decides,
/// `Store::open`); anything else is a SQLite file's path.
pub fn database(explicit: Option<&Path>) -> Result<PathBuf, PathError> {
    if let Some(path) = explicit.filter(|p| !p.as_os_str().is_empty()) {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dir = data_dir().ok_or(PathError::NoDataDir)?.join(APP_DIR);
    create_private_dir(&dir).map_err(|e| PathError::CreateDir(dir.clone(), e))?;
    Ok(dir.join(DB_FILE))
}

/// `database` as an error may show it: a PostgreSQL URL without its password and query
/// (`postgres://user@host:port/db`: a password may be in either), a file's path unchanged.
pub fn shown(database: &Path) -> PathBuf {
    let Some(text) = database.to_str() else { return database.to_path_buf() };
    let Some((scheme, rest)) = text.split_once("://") else { return database.to_path_buf() };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "postgres" | "postgresql") {
        return database.to_path_buf();
    }
    let rest = rest.split_once('?').map_or(rest, |(before, _)| before);
    let (authority, db) = rest.split_once('/').map_or((rest, ""), |(a, d)| (a, d));
    let (user, hosts) = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => (userinfo.split_once(':').map_or(userinfo, |(user, _)| user), hosts),
        None => ("", authority),
    };
    let at = if user.is_empty() { "" } else { "@" };
    PathBuf::from(format!("{scheme}://{user}{at}{hosts}/{db}"))
}

/// Creates `dir` (and missing parents) accessible to its owner only (0700 on Unix): the
/// database holds customers' carts and names. An existing directory keeps its permissions.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The demo's database: `cartstore-demo.db` in the platform data directory's `cartstore`
/// folder (created if missing), else in the temporary directory; any previous demo file (with
/// its `-wal`, `-shm` and `-journal` files) is deleted first, so every run starts empty and
/// no user database is ever touched.
pub fn demo_database() -> Result<PathBuf, PathError> {
    let dir = match data_dir() {
        Some(data) => {
            let dir = data.join(APP_DIR);
            create_private_dir(&dir).map_err(|e| PathError::CreateDir(dir.clone(), e))?;
            dir
        }
        None => env::temp_dir(),
    };
    let file = dir.join(DEMO_FILE);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = file.clone().into_os_string();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(PathError::CreateDir(name.into(), e)),
            _ => {}
        }
    }
    Ok(file)
}

/// An environment variable holding an absolute path.
fn env_path(name: &str) -> Option<PathBuf> {
    env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute())
}

#[cfg(target_os = "macos")]
fn data_dir() -> Option<PathBuf> {
    env_path("HOME").map(|home| home.join("Library").join("Application Support"))
}

#[cfg(windows)]
fn data_dir() -> Option<PathBuf> {
    env_path("APPDATA")
}

#[cfg(not(any(target_os = "macos", windows)))]
fn data_dir() -> Option<PathBuf> {
    env_path("XDG_DATA_HOME").or_else(|| env_path("HOME").map(|home| home.join(".local").join("share")))
}
