//! Rebuilds the crate when a migration is added or changed (refinery embeds them), and writes
//! the newest migration's version (the largest `N` of `migrations/VN__*.sql`) to
//! `$OUT_DIR/schema_version.rs`, so that opening a file already at that version does not build
//! refinery's runner (whose name parsing compiles a regular expression: 14 % of a CLI call).
use std::io::Write as _;

fn main() -> std::io::Result<()> {
    println!("cargo:rerun-if-changed=migrations");
    let mut latest: u32 = 0;
    for entry in std::fs::read_dir("migrations")? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        let version = name
            .strip_prefix('V')
            .and_then(|rest| rest.split_once("__"))
            .filter(|_| name.ends_with(".sql"))
            .and_then(|(digits, _)| digits.parse::<u32>().ok());
        if let Some(version) = version {
            latest = latest.max(version);
        }
    }
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("schema_version.rs");
    let mut file = std::fs::File::create(out)?;
    writeln!(file, "/// The newest migration of `migrations/` (written by build.rs).")?;
    writeln!(file, "pub(crate) const LATEST_MIGRATION: i64 = {latest};")?;
    Ok(())
}
