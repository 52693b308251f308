//! The wrappers' tests, each run against the freshly built shared library: the C scenario
//! under AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer (`cc`), Python
//! (`python3 -m pytest`), Node (`node --test`, koffi from `npm ci`) and C# (`mcs`, `mono`).
//! A missing tool prints a note and the test passes, unless `CARTSTORE_REQUIRE_BINDINGS=1`
//! (set by .ci/run, which installs the tools), where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn catalog() -> PathBuf {
    manifest_dir().join("../examples/catalog.json")
}

/// Whether `program args` runs and succeeds.
fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

/// Skips a test whose tool is missing, or fails it under `CARTSTORE_REQUIRE_BINDINGS=1`.
fn missing(what: &str) {
    if std::env::var_os("CARTSTORE_REQUIRE_BINDINGS").is_some_and(|v| v == "1") {
        panic!("{what} is missing and CARTSTORE_REQUIRE_BINDINGS=1");
    }
    eprintln!(
        "note: {what} is missing: this binding test is skipped (set CARTSTORE_REQUIRE_BINDINGS=1 to fail instead)"
    );
}

/// The shared library cargo built for these tests (target/<profile>/libcartstore_ffi.so, or
/// its copy in deps/), the newest of the two.
fn cdylib() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let deps = exe.parent().unwrap();
    let name = format!("{}cartstore_ffi{}", std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
    [deps.join(&name), deps.parent().unwrap().join(&name)]
        .into_iter()
        .filter(|p| p.exists())
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .expect("the cdylib was built with the tests (crate-type cdylib)")
}

/// A temporary directory holding the library as its SONAME (libcartstore_ffi.so.1) with the
/// link-time name beside it, as an installed library would be.
fn library_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let soname = format!("libcartstore_ffi.so.{}", cartstore_ffi::CARTSTORE_ABI_VERSION);
    std::fs::copy(cdylib(), dir.path().join(&soname)).unwrap();
    std::os::unix::fs::symlink(&soname, dir.path().join("libcartstore_ffi.so")).unwrap();
    dir
}

fn check(what: &str, output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "{what} failed ({}):\n{stdout}\n{stderr}", output.status);
    stdout
}

#[test]
fn c_scenario_under_sanitizers_without_leaks() {
    if !available("cc", &["--version"]) {
        return missing("cc");
    }
    let lib = library_dir();
    let exe = lib.path().join("scenario");
    let compiled = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-fsanitize=address,undefined"])
        .arg("-fno-sanitize-recover=all")
        .arg("-I")
        .arg(manifest_dir().join("include"))
        .arg(manifest_dir().join("tests/c/scenario.c"))
        .arg("-L")
        .arg(lib.path())
        .args(["-lcartstore_ffi", "-o"])
        .arg(&exe)
        .output()
        .unwrap();
    check("cc", &compiled);
    let db = lib.path().join("store.db");
    let ran = Command::new(&exe)
        .arg(catalog())
        .arg(&db)
        .arg("10000")
        .env("LD_LIBRARY_PATH", lib.path())
        .env("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .output()
        .unwrap();
    let stdout = check("the C scenario (a leak makes LeakSanitizer fail it)", &ran);
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    assert!(!String::from_utf8_lossy(&ran.stderr).contains("LeakSanitizer"), "a leak was reported");
}

#[test]
fn python_wrapper() {
    if !available("python3", &["-c", "import pytest"]) {
        return missing("python3 with pytest");
    }
    let ran = Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "test_cartstore.py"])
        .current_dir(manifest_dir().join("python"))
        .env("CARTSTORE_LIB", cdylib())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    check("pytest", &ran);
}

#[test]
fn node_wrapper() {
    let node = manifest_dir().join("node");
    if !available("node", &["--version"]) || !node.join("node_modules/koffi").exists() {
        return missing("node with koffi (npm ci in cartstore-ffi/node)");
    }
    let ran = Command::new("node")
        .args(["--test", "test/"])
        .current_dir(&node)
        .env("CARTSTORE_LIB", cdylib())
        .output()
        .unwrap();
    check("node --test", &ran);
}

#[test]
fn csharp_wrapper() {
    if !available("mcs", &["--version"]) || !available("mono", &["--version"]) {
        return missing("mcs and mono (Debian mono-mcs, mono-runtime)");
    }
    let lib = library_dir();
    let exe = lib.path().join("CartstoreTests.exe");
    let dir = manifest_dir().join("csharp");
    let compiled = Command::new("mcs")
        .args(["-nologo", "-warnaserror"])
        .arg(format!("-out:{}", exe.display()))
        .arg(dir.join("Cartstore.cs"))
        .arg(dir.join("Operations.g.cs"))
        .arg(dir.join("CartstoreTests.cs"))
        .output()
        .unwrap();
    check("mcs", &compiled);
    let ran = Command::new("mono")
        .arg(&exe)
        .arg(catalog())
        .arg(lib.path())
        .env("LD_LIBRARY_PATH", lib.path())
        .output()
        .unwrap();
    let stdout = check("mono", &ran);
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

/// The Python wrapper's type hints and the typed scenario pass `mypy --strict`.
#[test]
fn python_types_check_with_mypy() {
    if !available("python3", &["-m", "mypy", "--version"]) {
        return missing("mypy (pip install mypy)");
    }
    let ran = Command::new("python3")
        .args(["-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", "cartstore", "scenario.py"])
        .current_dir(manifest_dir().join("python"))
        .output()
        .unwrap();
    check("mypy --strict", &ran);
}

/// The Node wrapper's declarations (index.d.ts, operations.d.ts, types.d.ts) and the typed
/// scenario pass `tsc` (strict, checkJs, no output).
#[test]
fn node_types_check_with_tsc() {
    let node = manifest_dir().join("node");
    let tsc = node.join("node_modules/typescript/bin/tsc");
    if !available("node", &["--version"]) || !tsc.exists() {
        return missing("node with typescript (npm ci in cartstore-ffi/node)");
    }
    let ran = Command::new("node").arg(&tsc).args(["-p", "."]).current_dir(&node).output().unwrap();
    check("tsc -p . (noEmit)", &ran);
}

/// The shared library exports only `cartstore_*` symbols (its bundled SQLite stays private),
/// and its SONAME carries the ABI version.
#[test]
fn cdylib_exports_only_cartstore_symbols() {
    if !available("nm", &["--version"]) {
        return missing("nm (binutils)");
    }
    let output = Command::new("nm").args(["-D", "--defined-only"]).arg(cdylib()).output().unwrap();
    let text = check("nm", &output);
    let symbols: Vec<&str> = text.lines().filter_map(|l| l.split_whitespace().nth(2)).collect();
    let foreign: Vec<&&str> = symbols.iter().filter(|s| !s.starts_with("cartstore_")).collect();
    assert!(foreign.is_empty(), "exported symbols that are not cartstore_*: {foreign:?}");
    for op in cartstore_ffi::OPERATIONS {
        assert!(symbols.contains(&op.export), "{} is not exported", op.export);
    }
    if available("readelf", &["--version"]) {
        let dynamic = Command::new("readelf").arg("-d").arg(cdylib()).output().unwrap();
        let soname = format!("[libcartstore_ffi.so.{}]", cartstore_ffi::CARTSTORE_ABI_VERSION);
        assert!(String::from_utf8_lossy(&dynamic.stdout).contains(&soname), "SONAME {soname} expected");
    }
}
