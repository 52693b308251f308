//! Every public `Store` operation has an export. The rule: every `pub fn` in an `impl Store`
//! block of the core crate's `src/` (any file, so a split of store.rs is still read) whose
//! first parameter is `&self` needs an entry in the operations table (`src/ops.rs`), except
//! `options` (the Rust-side options, given to `cartstore_open` as JSON instead) and methods
//! marked `#[doc(hidden)]` (test hooks). Constructors and `schema_version` take no `&self`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const EXEMPT: &[&str] = &["options"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The body of every `impl Store {` block in `source` (braces counted; the core crate's code
/// has no unbalanced brace in a string or char literal inside these blocks).
fn store_impls(source: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("impl Store {") {
        let body = &rest[at + "impl Store {".len()..];
        let mut depth = 1usize;
        let mut end = body.len();
        for (i, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        blocks.push(&body[..end]);
        rest = &body[end..];
    }
    blocks
}

/// The `pub fn` names taking `&self` in an impl body, without the `#[doc(hidden)]` ones.
fn public_methods(body: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut attributes_hidden = false;
    let lines: Vec<&str> = body.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        if line.starts_with("#[doc(hidden)]") {
            attributes_hidden = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix("pub fn ") {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            // The parameters may start on this line or the next ones.
            let signature: String = lines[i..lines.len().min(i + 4)].join(" ");
            let params = signature.split_once('(').map(|(_, p)| p.trim_start()).unwrap_or_default();
            if params.starts_with("&self") && !attributes_hidden {
                names.push(name);
            }
        }
        if !line.starts_with("///") && !line.starts_with("#[") && !line.is_empty() {
            attributes_hidden = false;
        }
    }
    names
}

#[test]
fn every_public_store_method_has_an_export() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut methods = BTreeSet::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for body in store_impls(&source) {
            methods.extend(public_methods(body));
        }
    }
    assert!(methods.contains("create_cart") && methods.contains("checkout"), "the parser found {methods:?}");
    let exported: BTreeSet<String> = cartstore_ffi::OPERATIONS.iter().map(|op| op.method.to_owned()).collect();
    let missing: Vec<&String> =
        methods.iter().filter(|m| !exported.contains(*m) && !EXEMPT.contains(&m.as_str())).collect();
    assert!(
        missing.is_empty(),
        "Store methods without an export (add one line each to cartstore-ffi/src/ops.rs): {missing:?}"
    );
    let stale: Vec<&String> = exported.iter().filter(|m| !methods.contains(*m)).collect();
    assert!(stale.is_empty(), "exports of methods Store no longer has: {stale:?}");
}

#[test]
fn the_parser_skips_hidden_and_static_methods() {
    let body = "
        /// Doc.
        pub fn open(path: &str) -> Result<Store> { x }
        /// Doc.
        #[doc(hidden)]
        pub fn schema_sql(&self) -> Result<()> { y }
        pub fn get_cart(&self, customer: &str) -> Result<Cart> { z }
        pub fn checkout_with_request_id(
            &self,
            customer: &str,
        ) -> Result<()> { w }
        fn private(&self) {}
    ";
    assert_eq!(public_methods(body), ["get_cart", "checkout_with_request_id"]);
}
