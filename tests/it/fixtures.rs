//! Shared test fixtures: paths to the reference samples and the project's own fixtures.

use std::path::PathBuf;

/// The Partner Center samples beside the repository (`../shared/...`), if this checkout has them.
pub fn samples_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/partner-center-samples");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: {} is absent; using the project's own fixtures only", dir.display());
        None
    }
}

/// The seed documents beside the repository, if this checkout has them.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() { Some(dir) } else { None }
}

/// The project's own fixtures folder (`tests/fixtures`).
pub fn own_fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The `CREATE TABLE` statement of `table` in `migration` (a migration's SQL), with its `;`:
/// for a test that puts a store back into the schema before a later migration dropped the
/// table, with the table exactly as it was created.
pub fn created_table(migration: &str, table: &str) -> Result<String, Box<dyn std::error::Error>> {
    let start = migration.find(&format!("CREATE TABLE {table} (")).ok_or_else(|| format!("no table {table}"))?;
    let rest = migration.get(start..).ok_or("bad offset")?;
    let end = rest.find(';').ok_or_else(|| format!("table {table} has no end"))?;
    Ok(format!("{};", rest.get(..end).ok_or("bad offset")?))
}
