//! Rebuilds the crate when a migration is added or changed (refinery embeds them), and writes
//! the newest migration's version (the largest `N` of `migrations/VN__*.sql`) to
//! `$OUT_DIR/schema_version.rs`, so that opening a file already at that version does not build
//! refinery's runner (whose name parsing compiles a regular expression: 14 % of a CLI call).
//!
//! On Linux with glibc, the `cartstore` executable is linked with packed relative relocations
//! (`-z pack-relative-relocs`, DT_RELR: glibc 2.36, GNU ld 2.38, lld 15) when the C toolchain
//! here links and runs such a program: the loader then reads 6 KB of packed relative
//! relocations (and 4 KB of others) at start-up instead of 450 KB (18,700 relocations of 24
//! bytes), which made a whole `cartstore cart list` about a millisecond shorter on the machine
//! of BENCHMARKS.md (issue 29, wave 3 session 12).
//! Elsewhere, or when the probe fails, it is linked as before.
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

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
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let mut file = std::fs::File::create(out_dir.join("schema_version.rs"))?;
    writeln!(file, "/// The newest migration of `migrations/` (written by build.rs).")?;
    writeln!(file, "pub(crate) const LATEST_MIGRATION: i64 = {latest};")?;
    if packed_relocations_work(&out_dir) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
        // For the test that checks the executable has them.
        println!("cargo:rustc-env=CARTSTORE_PACKED_RELOCATIONS=1");
    }
    Ok(())
}

/// Whether a native build for Linux with glibc can link a position-independent program with
/// packed relative relocations and run it (the linker knows the option, the C library loads
/// DT_RELR). Never for a cross build: the program could not be run here.
fn packed_relocations_work(out_dir: &Path) -> bool {
    println!("cargo:rerun-if-env-changed=CC");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" || var("TARGET") != var("HOST") {
        return false;
    }
    let source = out_dir.join("relr_probe.c");
    let program = out_dir.join("relr_probe");
    if std::fs::write(&source, "int main(void) { return 0; }\n").is_err() {
        return false;
    }
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let linked = Command::new(cc)
        .args(["-fPIE", "-pie", "-Wl,-z,pack-relative-relocs", "-o"])
        .arg(&program)
        .arg(&source)
        .output()
        .is_ok_and(|out| out.status.success() && out.stderr.is_empty());
    linked && Command::new(&program).status().is_ok_and(|status| status.success())
}
