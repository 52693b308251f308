//! The checked-in header, include/cartstore.h, is what cbindgen generates now: the crate's
//! own exports plus one declaration per entry of the operations table (written out here from
//! `OPERATIONS`, since cbindgen does not expand macros). With `CARTSTORE_BLESS=1` the test
//! writes the header instead of comparing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::any::TypeId;
use std::ffi::c_char;
use std::fmt::Write as _;
use std::path::Path;

use cartstore_ffi::OPERATIONS;
use cartstore_ffi::args::{Arg, I64, Json, Query, Str, Token, UserData, Wire};

/// The operations table as Rust source cbindgen can read.
fn declarations() -> String {
    let mut out = String::from("use std::ffi::{c_char, c_void};\n\n");
    for op in OPERATIONS {
        for line in op.doc {
            writeln!(out, "///{line}").unwrap();
        }
        write!(out, "#[unsafe(no_mangle)]\npub unsafe extern \"C\" fn {}(store: *const cartstore_store", op.export)
            .unwrap();
        for (name, ty) in op.args {
            write!(out, ", {name}: {ty}").unwrap();
        }
        out.push_str(", out_json: *mut *mut c_char, out_error: *mut *mut c_char) -> i32 { 0 }\n\n");
    }
    out
}

fn generate() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let ops = tmp.path().join("operations.rs");
    std::fs::write(&ops, declarations()).unwrap();
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).unwrap();
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .with_src(&ops)
        .generate()
        .expect("cbindgen");
    let mut bytes = Vec::new();
    bindings.write(&mut bytes);
    String::from_utf8(bytes).unwrap()
}

#[test]
fn header_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/cartstore.h");
    let generated = generate();
    if std::env::var_os("CARTSTORE_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "include/cartstore.h is out of date: run CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test header \
         and commit it"
    );
    for op in OPERATIONS {
        assert!(generated.contains(&format!("int32_t {}(", op.export)), "{} is missing from the header", op.export);
    }
}

/// The C types the generator writes are the types the exports take.
#[test]
fn c_type_names_match_the_types() {
    fn check<A: Arg>() {
        let expected = match A::C_TYPE {
            "*const c_char" => TypeId::of::<*const c_char>(),
            "i64" => TypeId::of::<i64>(),
            "*mut c_void" => TypeId::of::<*mut std::ffi::c_void>(),
            "cartstore_token_callback" => TypeId::of::<cartstore_ffi::cartstore_token_callback>(),
            other => panic!("unknown C type {other}"),
        };
        assert_eq!(TypeId::of::<A::C>(), expected, "{}", A::C_TYPE);
    }
    check::<Str>();
    check::<Json<cartstore::Cart>>();
    check::<Query>();
    check::<Wire<cartstore::ProvisioningStatus>>();
    check::<I64>();
    check::<Token>();
    check::<UserData>();
}

/// The SONAME in build.rs follows the ABI version.
#[test]
fn build_script_abi_version_matches() {
    let build = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("build.rs")).unwrap();
    let expected = format!("const ABI_VERSION: u32 = {};", cartstore_ffi::CARTSTORE_ABI_VERSION);
    assert!(build.contains(&expected), "build.rs must say {expected}");
}
