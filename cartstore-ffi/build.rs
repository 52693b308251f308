//! Gives the shared library its SONAME, `libcartstore_ffi.so.<ABI version>` (Linux), so that a
//! host linked against one ABI version never loads an incompatible one.
fn main() {
    // Keep in step with `CARTSTORE_ABI_VERSION` in src/lib.rs (a test checks it).
    const ABI_VERSION: u32 = 1;
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libcartstore_ffi.so.{ABI_VERSION}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
