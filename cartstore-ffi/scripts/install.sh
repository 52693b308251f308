#!/usr/bin/env bash
# Installs the C ABI for C/C++ hosts under a prefix, as a system library is laid out:
#   PREFIX/lib/libcartstore_ffi.so.1 (its SONAME), PREFIX/lib/libcartstore_ffi.so -> .so.1,
#   PREFIX/lib/libcartstore_ffi.a, PREFIX/include/cartstore.h, PREFIX/lib/pkgconfig/cartstore.pc
# Usage: cartstore-ffi/scripts/install.sh PREFIX [LIBRARY_DIR]   (default target/dist: build it
# first with `cargo build --profile dist -p cartstore-ffi`). Linux; then
#   cc app.c $(PKG_CONFIG_PATH=PREFIX/lib/pkgconfig pkg-config --cflags --libs cartstore)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
prefix="$(mkdir -p "$1" && cd "$1" && pwd)"
libdir="${2:-$here/../target/dist}"
abi="$(sed -n 's/^    const ABI_VERSION: u32 = \([0-9]*\);/\1/p' "$here/build.rs")"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/Cargo.toml" | head -1)"
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
install -m 0755 "$libdir/libcartstore_ffi.so" "$prefix/lib/libcartstore_ffi.so.$abi"
ln -sf "libcartstore_ffi.so.$abi" "$prefix/lib/libcartstore_ffi.so"
if [ -f "$libdir/libcartstore_ffi.a" ]; then
    install -m 0644 "$libdir/libcartstore_ffi.a" "$prefix/lib/"
    # Built with link-time optimization, the archive's objects also carry LLVM bitcode (half of
    # its bytes), which no C linker reads: dropped where binutils' objcopy is at hand.
    if command -v objcopy >/dev/null 2>&1; then
        objcopy -R .llvmbc -R .llvmcmd "$prefix/lib/libcartstore_ffi.a"
    fi
fi
install -m 0644 "$here/include/cartstore.h" "$prefix/include/cartstore.h"
cat > "$prefix/lib/pkgconfig/cartstore.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: cartstore
Description: The C ABI of cartstore: Partner Center-style carts, orders and quotes in a local SQLite file
Version: $version
Libs: -L\${libdir} -lcartstore_ffi
Libs.private: -lpthread -ldl -lm
Cflags: -I\${includedir}
PC
echo "installed under $prefix"
