#!/usr/bin/env bash
# The install tests, run by .ci/run against the distribution build (target/dist, built once),
# each from outside the repository, with no CARTSTORE_LIB:
#   C/C++   scripts/install.sh into a prefix; tests/c/scenario.c built with
#           `pkg-config --cflags --libs cartstore` against it, and run;
#   Python  a platform wheel holding the library, installed with pip into a fresh venv; the
#           scenario (python/scenario.py) run with that venv's python;
#   Node    `npm pack` of the package holding the library, installed into a fresh project; the
#           scenario (node/scenario.js) run there.
# A missing tool prints a note and skips its test, unless CARTSTORE_REQUIRE_BINDINGS=1.
# Usage: cartstore-ffi/tests/install.sh [LIBRARY_DIR]   (default target/dist)
set -euo pipefail
ffi="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$ffi/.." && pwd)"
lib="$(cd "${1:-$repo/target/dist}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unset CARTSTORE_LIB
abi="$(sed -n 's/^    const ABI_VERSION: u32 = \([0-9]*\);/\1/p' "$ffi/build.rs")"

missing() {
    if [ "${CARTSTORE_REQUIRE_BINDINGS:-}" = 1 ]; then
        echo "install test: $1 is missing and CARTSTORE_REQUIRE_BINDINGS=1" >&2
        exit 1
    fi
    echo "note: $1 is missing: this install test is skipped"
}

size=$(stat -c %s "$lib/libcartstore_ffi.so")
echo "libcartstore_ffi.so: $size bytes"
if [ "$(basename "$lib")" = dist ] && [ "$size" -ge $((15 * 1024 * 1024)) ]; then
    echo "install test: the distribution library is $size bytes, over 15 MB" >&2
    exit 1
fi

echo "== install test: C (prefix, pkg-config)"
if command -v cc >/dev/null && command -v pkg-config >/dev/null; then
    "$ffi/scripts/install.sh" "$work/prefix" "$lib"
    test -L "$work/prefix/lib/libcartstore_ffi.so" && test -f "$work/prefix/lib/libcartstore_ffi.so.$abi"
    export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
    # shellcheck disable=SC2046
    cc -std=c11 -o "$work/scenario" "$ffi/tests/c/scenario.c" $(pkg-config --cflags --libs cartstore)
    LD_LIBRARY_PATH="$work/prefix/lib" "$work/scenario" "$repo/examples/catalog.json" "$work/c.db" 10 | tail -1
    # The static library as installed (its LLVM bitcode dropped), linked into the same program.
    # shellcheck disable=SC2046
    cc -std=c11 -o "$work/scenario-static" "$ffi/tests/c/scenario.c" $(pkg-config --cflags cartstore) \
        "$work/prefix/lib/libcartstore_ffi.a" $(pkg-config --libs-only-l --static cartstore | sed 's/-lcartstore_ffi//')
    "$work/scenario-static" "$repo/examples/catalog.json" "$work/c-static.db" 10 | tail -1
    unset PKG_CONFIG_PATH
else
    missing "cc or pkg-config"
fi

echo "== install test: Python (wheel, pip, venv)"
if python3 -c 'import venv, ensurepip' 2>/dev/null; then
    mkdir -p "$work/py-src" "$work/py-app"
    cp -r "$ffi/python/cartstore" "$ffi/python/pyproject.toml" "$ffi/python/setup.py" "$work/py-src/"
    cp "$lib/libcartstore_ffi.so" "$work/py-src/cartstore/libcartstore_ffi.so.$abi"
    python3 -m pip wheel -q --no-deps -w "$work/wheels" "$work/py-src" >/dev/null
    ls "$work/wheels"
    python3 -m venv "$work/venv"
    "$work/venv/bin/python" -m pip install -q "$work"/wheels/cartstore-*.whl
    cp "$ffi/python/scenario.py" "$work/py-app/"
    (cd "$work/py-app" && "$work/venv/bin/python" scenario.py "$repo/examples" "$work/py-app")
else
    missing "python3 with venv and ensurepip (Debian python3-venv)"
fi

echo "== install test: Node (npm pack, npm install)"
if command -v node >/dev/null && command -v npm >/dev/null; then
    mkdir -p "$work/node-pkg" "$work/node-app"
    (cd "$ffi/node" && cp package.json index.js index.d.ts operations.js operations.d.ts types.d.ts "$work/node-pkg/")
    cp "$lib/libcartstore_ffi.so" "$work/node-pkg/libcartstore_ffi.so.$abi"
    (cd "$work/node-pkg" && npm pack --silent --pack-destination "$work" >/dev/null)
    cd "$work/node-app"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --silent "$work"/cartstore-*.tgz
    cp "$ffi/node/scenario.js" .
    node scenario.js "$repo/examples" "$work/node-app"
    cd "$repo"
else
    missing "node and npm"
fi
echo "== install tests passed"
