//! ABI → wrappers: the table the library publishes (`cartstore_operations`) is the one source
//! of the operations. From it this test generates each wrapper's typed layer (Python
//! `cartstore/_operations.py`, Node `operations.js` and `operations.d.ts`, C#
//! `Operations.g.cs`) and fails while a checked-in copy differs (`CARTSTORE_BLESS=1` writes
//! them instead); it fails while a wrapper's sources name an export the header lacks or lack
//! one it has, and while a wire type the table names has no declaration in a wrapper's types.
//! A new entry in `src/ops.rs` (the PostgreSQL copy, a submission) thus fails here until the
//! wrappers are regenerated and the types it names are declared.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The table, read through the export as a host reads it.
fn table() -> Value {
    let mut out = std::ptr::null_mut();
    // SAFETY: a valid out-pointer.
    let status = unsafe { cartstore_ffi::cartstore_operations(&mut out) };
    assert_eq!(status, cartstore_ffi::CARTSTORE_OK);
    // SAFETY: a string the library returned, freed once right after.
    let text = unsafe { cartstore_ffi::read_c_string(out) }.unwrap();
    // SAFETY: as above.
    unsafe { cartstore_ffi::cartstore_string_free(out) };
    serde_json::from_str(&text).unwrap()
}

fn operations(table: &Value) -> &Vec<Value> {
    table["operations"].as_array().unwrap()
}

fn s(value: &Value) -> &str {
    value.as_str().unwrap_or_else(|| panic!("a string expected: {value}"))
}

fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn pascal(name: &str) -> String {
    let camel = camel(name);
    let mut chars = camel.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Every wire type a parameter or a result names (`Cart`, `Collection` and its item, ...).
fn schemas(table: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for op in operations(table) {
        for p in op["parameters"].as_array().unwrap() {
            if let Some(schema) = p["schema"].as_str() {
                names.insert(schema.to_owned());
            }
        }
        let result = s(&op["result"]);
        let item = result.trim_end_matches("[]");
        if let Some(inner) = item.strip_prefix("Collection<").and_then(|r| r.strip_suffix('>')) {
            names.insert("Collection".to_owned());
            names.insert(inner.to_owned());
        } else if item != "null" && item != "text" {
            names.insert(item.to_owned());
        }
    }
    names
}

const HEADER: &str = "Generated from the C ABI's table (cartstore_operations) by cartstore-ffi/tests/drift.rs: do not edit.\nRegenerate with CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test drift";

fn comment(prefix: &str) -> String {
    HEADER.lines().map(|l| format!("{prefix}{l}\n")).collect()
}

/// A Python type for a parameter.
fn py_param(p: &Value) -> String {
    match s(&p["type"]) {
        "string" => "str".to_owned(),
        "int64" => "int".to_owned(),
        "enum" => s(&p["schema"]).to_owned(),
        "json" => format!("Union[{}, str]", s(&p["schema"])),
        "callback" => format!("Optional[{}]", s(&p["schema"])),
        other => panic!("unknown parameter type {other}"),
    }
}

/// Whether a parameter is one a wrapper passes itself (a callback's `user_data`: NULL, the
/// wrapper's closure holding what it would).
fn hidden(p: &Value) -> bool {
    p["type"] == "pointer"
}

/// A Python type for a result.
fn py_result(result: &str) -> String {
    match result {
        "null" => "None".to_owned(),
        "text" => "str".to_owned(),
        _ => match (result.strip_suffix("[]"), result.strip_prefix("Collection<").and_then(|r| r.strip_suffix('>'))) {
            (Some(item), _) => format!("list[{item}]"),
            (_, Some(item)) => format!("Collection[{item}]"),
            _ => result.to_owned(),
        },
    }
}

fn python(table: &Value) -> String {
    let mut out = format!("\"\"\"The operations of the C ABI, one typed method each.\n\n{}\"\"\"\n\n", comment(""));
    out.push_str("from __future__ import annotations\n\nfrom typing import Any, Optional, Union, cast\n\n");
    let types: Vec<String> = schemas(table).into_iter().collect();
    out.push_str("from .types import (\n");
    for t in &types {
        writeln!(out, "    {t},").unwrap();
    }
    out.push_str(")\n\n");
    out.push_str(
        "#: Export name (without ``cartstore_``) -> argument types (\"string\", \"json\", \"enum\", \"int64\").\n",
    );
    out.push_str("OPERATIONS: dict[str, tuple[str, ...]] = {\n");
    for op in operations(table) {
        let kinds: Vec<String> =
            op["parameters"].as_array().unwrap().iter().map(|p| format!("\"{}\"", s(&p["type"]))).collect();
        let tuple = if kinds.len() == 1 { format!("({},)", kinds[0]) } else { format!("({})", kinds.join(", ")) };
        writeln!(out, "    \"{}\": {tuple},  # {}", s(&op["name"]), s(&op["export"])).unwrap();
    }
    out.push_str(
        "}\n\n#: Operations whose result is the JSON text itself, as stored.\nRAW: frozenset[str] = frozenset({",
    );
    let raw: Vec<String> = operations(table)
        .iter()
        .filter(|op| op["result"] == "text")
        .map(|op| format!("\"{}\"", s(&op["name"])))
        .collect();
    out.push_str(&raw.join(", "));
    out.push_str("})\n\n\nclass Operations:\n    \"\"\"Every operation of the library as a method (the base of :class:`cartstore.Store`).\"\"\"\n\n");
    out.push_str("    def _call(self, name: str, args: tuple[Any, ...]) -> Any:\n        raise NotImplementedError\n");
    for op in operations(table) {
        let name = s(&op["name"]);
        let params = op["parameters"].as_array().unwrap();
        let mut signature = String::from("self");
        for p in params.iter().filter(|p| !hidden(p)) {
            write!(signature, ", {}: {}", s(&p["name"]), py_param(p)).unwrap();
        }
        let result = py_result(s(&op["result"]));
        writeln!(out, "\n    def {name}({signature}) -> {result}:").unwrap();
        out.push_str("        \"\"\"");
        for (i, line) in s(&op["doc"]).lines().enumerate() {
            if i > 0 {
                out.push('\n');
                if line.starts_with("Errors:") {
                    out.push('\n');
                }
                out.push_str("        ");
            }
            out.push_str(line);
        }
        writeln!(
            out,
            "\n\n        Calls ``{}``; a refusal raises :class:`cartstore.CartstoreError`.\n        \"\"\"",
            s(&op["export"])
        )
        .unwrap();
        let args: Vec<&str> = params.iter().map(|p| if hidden(p) { "None" } else { s(&p["name"]) }).collect();
        let tuple = match args.len() {
            0 => "()".to_owned(),
            1 => format!("({},)", args[0]),
            _ => format!("({})", args.join(", ")),
        };
        if result == "None" {
            writeln!(out, "        self._call(\"{name}\", {tuple})").unwrap();
        } else {
            writeln!(out, "        return cast(\"{result}\", self._call(\"{name}\", {tuple}))").unwrap();
        }
    }
    out
}

fn ts_param(p: &Value) -> String {
    match s(&p["type"]) {
        "string" => "string".to_owned(),
        "int64" => "number | bigint".to_owned(),
        "enum" => s(&p["schema"]).to_owned(),
        "json" => format!("{} | string", s(&p["schema"])),
        "callback" => format!("{} | null", s(&p["schema"])),
        other => panic!("unknown parameter type {other}"),
    }
}

fn ts_result(result: &str) -> String {
    match result {
        "null" => "null".to_owned(),
        "text" => "string".to_owned(),
        _ => result.to_owned(),
    }
}

fn jsdoc(out: &mut String, indent: &str, doc: &str, export: &str) {
    writeln!(out, "{indent}/**").unwrap();
    for line in doc.lines() {
        if line.starts_with("Errors:") {
            writeln!(out, "{indent} *").unwrap();
        }
        writeln!(out, "{indent} * {line}").unwrap();
    }
    writeln!(out, "{indent} *\n{indent} * Calls `{export}`.\n{indent} * @throws {{CartstoreError}} when the library refuses the call.\n{indent} */").unwrap();
}

fn node_js(table: &Value) -> String {
    let mut out = format!("'use strict';\n{}\n", comment("// "));
    out.push_str("/** Operation name -> its export and argument types ('string', 'json', 'enum', 'int64'); raw: the result is the JSON text itself. */\nconst OPERATIONS = Object.freeze({\n");
    for op in operations(table) {
        let kinds: Vec<String> =
            op["parameters"].as_array().unwrap().iter().map(|p| format!("'{}'", s(&p["type"]))).collect();
        writeln!(
            out,
            "  {}: {{ export: '{}', method: '{}', kinds: [{}], raw: {} }},",
            s(&op["name"]),
            s(&op["export"]),
            camel(s(&op["name"])),
            kinds.join(", "),
            op["result"] == "text"
        )
        .unwrap();
    }
    out.push_str("});\n\nmodule.exports = { OPERATIONS };\n");
    out
}

fn node_dts(table: &Value) -> String {
    let mut out = comment("// ");
    let types: Vec<String> = schemas(table).into_iter().collect();
    writeln!(out, "import type {{ {} }} from './types';\n", types.join(", ")).unwrap();
    out.push_str("/** Every operation of the library as a method of `Store`. */\nexport interface StoreOperations {\n");
    for (i, op) in operations(table).iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        jsdoc(&mut out, "  ", s(&op["doc"]), s(&op["export"]));
        let params: Vec<String> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| !hidden(p))
            .map(|p| format!("{}: {}", camel(s(&p["name"])), ts_param(p)))
            .collect();
        writeln!(out, "  {}({}): {};", camel(s(&op["name"])), params.join(", "), ts_result(s(&op["result"]))).unwrap();
    }
    out.push_str("}\n\n/** The operations' table: name -> export, method, argument types. */\nexport declare const OPERATIONS: Readonly<Record<string, { export: string; method: string; kinds: string[]; raw: boolean }>>;\n");
    out
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn csharp(table: &Value) -> String {
    let mut out = comment("// ");
    out.push_str("using System;\nusing System.Runtime.InteropServices;\n\nnamespace Cartstore\n{\n");
    out.push_str("    internal static partial class Native\n    {\n");
    for op in operations(table) {
        let mut params = String::from("StoreHandle store");
        for p in op["parameters"].as_array().unwrap() {
            let ty = match s(&p["type"]) {
                "int64" => "long",
                "callback" => s(&p["schema"]),
                "pointer" => "IntPtr",
                _ => "byte[]",
            };
            write!(params, ", {ty} {}", camel(s(&p["name"]))).unwrap();
        }
        writeln!(
            out,
            "        [DllImport(Lib)] internal static extern int {}({params}, out IntPtr json, out IntPtr error);",
            s(&op["export"])
        )
        .unwrap();
    }
    out.push_str("    }\n\n    public sealed partial class Store\n    {\n");
    for (i, op) in operations(table).iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let doc = s(&op["doc"]);
        let (summary, errors) = doc.split_once("\nErrors:").unwrap_or((doc, ""));
        out.push_str("        /// <summary>");
        for (j, line) in summary.lines().enumerate() {
            if j > 0 {
                out.push_str("\n        /// ");
            }
            out.push_str(&xml(line));
        }
        out.push_str("</summary>\n");
        let mut args = Vec::new();
        let mut params = Vec::new();
        let mut thunk = false;
        for p in op["parameters"].as_array().unwrap() {
            let name = camel(s(&p["name"]));
            if hidden(p) {
                args.push("IntPtr.Zero".to_owned());
                continue;
            }
            let what = match s(&p["type"]) {
                "json" => format!("JSON text of a {}.", s(&p["schema"])),
                "enum" => format!("a {} as its wire string.", s(&p["schema"])),
                "int64" => "a 64-bit integer.".to_owned(),
                "callback" => "the source of access tokens (null is refused with status 3).".to_owned(),
                _ => "a string.".to_owned(),
            };
            writeln!(out, "        /// <param name=\"{name}\">{}</param>", xml(&what)).unwrap();
            match s(&p["type"]) {
                "int64" => {
                    params.push(format!("long {name}"));
                    args.push(name);
                }
                "callback" => {
                    params.push(format!("TokenSource {name}"));
                    args.push(format!("{name}Thunk.Callback"));
                    thunk = true;
                }
                _ => {
                    params.push(format!("string {name}"));
                    args.push(format!("Utf8({name})"));
                }
            }
        }
        let result = s(&op["result"]);
        let returns = match result {
            "null" => "The JSON text <c>null</c>.".to_owned(),
            "text" => "The JSON text of the CartCheckoutResult, as stored.".to_owned(),
            other => format!("The JSON text of the {}.", xml(other)),
        };
        writeln!(out, "        /// <returns>{returns}</returns>").unwrap();
        out.push_str("        /// <exception cref=\"CartstoreException\">The library refused the call.");
        for line in errors.lines() {
            write!(out, "\n        /// {}", xml(line.trim())).unwrap();
        }
        out.push_str("</exception>\n");
        writeln!(out, "        /// <remarks>Calls <c>{}</c>.</remarks>", s(&op["export"])).unwrap();
        let call_args: String = args.iter().map(|a| format!("{a}, ")).collect();
        let invoke = format!(
            "return Invoke((StoreHandle s, out IntPtr j, out IntPtr e) => Native.{}(s, {call_args}out j, out e));",
            s(&op["export"])
        );
        // A callback's native copy of each token lives until the call returns.
        let body = match op["parameters"].as_array().unwrap().iter().find(|p| p["type"] == "callback") {
            Some(p) if thunk => {
                let name = camel(s(&p["name"]));
                format!("using (var {name}Thunk = new TokenThunk({name})) {{ {invoke} }}")
            }
            _ => invoke,
        };
        writeln!(out, "        public string {}({}) {{ {body} }}", pascal(s(&op["name"])), params.join(", ")).unwrap();
    }
    out.push_str("    }\n}\n");
    out
}

fn generated(table: &Value) -> Vec<(PathBuf, String)> {
    vec![
        (dir().join("python/cartstore/_operations.py"), python(table)),
        (dir().join("node/operations.js"), node_js(table)),
        (dir().join("node/operations.d.ts"), node_dts(table)),
        (dir().join("csharp/Operations.g.cs"), csharp(table)),
    ]
}

#[test]
fn generated_wrappers_are_up_to_date() {
    let table = table();
    let bless = std::env::var_os("CARTSTORE_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (path, text) in generated(&table) {
        if bless {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != text {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "generated from an older table of operations: {stale:?}; run CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test drift"
    );
}

/// The `cartstore_*` names a text mentions (the library's file name, the handle type and the
/// C#/Node local names aside).
fn exports_named(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("cartstore_") {
        let before = rest[..at].chars().next_back();
        let tail = &rest[at..];
        let len = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
        let name = &tail[..len];
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
            && name.len() > "cartstore_".len()
            && !name.starts_with("cartstore_ffi")
            && name != "cartstore_store"
            && name != "cartstore_token_callback"
        {
            names.insert(name.to_owned());
        }
        rest = &tail[len..];
    }
    names
}

/// Every export: the table's operations and its other functions.
fn exports(table: &Value) -> BTreeSet<String> {
    operations(table)
        .iter()
        .chain(table["functions"].as_array().unwrap())
        .map(|op| s(&op["export"]).to_owned())
        .collect()
}

#[test]
fn the_table_lists_every_function_of_the_header() {
    let header = std::fs::read_to_string(dir().join("include/cartstore.h")).unwrap();
    let declared: BTreeSet<String> = header
        .lines()
        .filter(|l| !l.starts_with("//") && !l.starts_with(" *") && l.contains('('))
        .flat_map(exports_named)
        .collect();
    assert!(declared.contains("cartstore_create_cart"), "{declared:?}");
    assert_eq!(declared, exports(&table()), "the header's functions (left) and the table's exports (right)");
}

#[test]
fn each_wrapper_binds_every_export_and_no_other() {
    let table = table();
    let exports = exports(&table);
    let wrappers: [(&str, &[&str]); 3] = [
        ("Python", &["python/cartstore/__init__.py", "python/cartstore/_operations.py"]),
        ("Node", &["node/index.js", "node/operations.js"]),
        ("C#", &["csharp/Cartstore.cs", "csharp/Operations.g.cs"]),
    ];
    for (wrapper, files) in wrappers {
        let named: BTreeSet<String> =
            files.iter().flat_map(|f| exports_named(&std::fs::read_to_string(dir().join(f)).unwrap())).collect();
        let missing: Vec<&String> = exports.difference(&named).collect();
        let unknown: Vec<&String> = named.difference(&exports).collect();
        assert!(missing.is_empty(), "the {wrapper} wrapper lacks {missing:?}");
        assert!(unknown.is_empty(), "the {wrapper} wrapper names exports the ABI does not have: {unknown:?}");
    }
}

#[test]
fn every_wire_type_the_table_names_is_declared_in_each_wrapper() {
    let table = table();
    let python = std::fs::read_to_string(dir().join("python/cartstore/types.py")).unwrap();
    let typescript = std::fs::read_to_string(dir().join("node/types.d.ts")).unwrap();
    for name in schemas(&table) {
        assert!(
            python.contains(&format!("class {name}(")) || python.contains(&format!("\n{name} = ")),
            "python/cartstore/types.py does not declare {name}"
        );
        assert!(
            typescript.contains(&format!("export interface {name} "))
                || typescript.contains(&format!("export interface {name}<"))
                || typescript.contains(&format!("export type {name} = ")),
            "node/types.d.ts does not declare {name}"
        );
    }
}

#[test]
fn every_operation_has_a_description_and_its_errors() {
    for op in operations(&table()) {
        let doc = s(&op["doc"]);
        assert!(doc.lines().count() >= 2 && doc.contains("\nErrors: "), "{}: {doc:?}", s(&op["export"]));
        assert!(doc.contains("Returns"), "{} does not say what it returns", s(&op["export"]));
    }
}

#[test]
fn the_scanner_finds_export_names_only() {
    let text = "lib.cartstore_open(x) libcartstore_ffi.so cartstore_ffi cartstore_store* f'cartstore_{name}' Native.cartstore_get_cart(";
    let found: Vec<String> = exports_named(text).into_iter().collect();
    assert_eq!(found, ["cartstore_get_cart", "cartstore_open"]);
}
