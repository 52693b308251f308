//! The table of operations: one entry per public `Store` method, and from it both the export
//! `cartstore_<method>` and its entry in [`OPERATIONS`] (which the header generator and the
//! coverage test read).
//!
//! Adding an operation is one entry in the `operations!` invocation below:
//! `cartstore_<method> => <method>(<argument>: <kind>, ...) -> <result type>;`, the kinds being those of
//! [`crate::args`] (`Str`, `Json<T>`, `Query`, `CatalogSearch`, `Wire<T>`, `I64`, and for a
//! submission `Token` and `UserData`, the host's callback and its pointer), preceded by `///`
//! lines saying what it does, what it returns and (a line starting `Errors:`) its errors, and
//! optionally followed by `|store| <expression>` when the call is not simply
//! `store.<method>(<arguments>)`. The result is serialized as JSON; its declared type is
//! checked at compile time and published by `cartstore_operations` ([`operations_json`]),
//! from which the wrappers' typed methods are generated. Then regenerate the header and the
//! wrappers: `CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test header --test drift`.
//!
//! The rule the coverage test (`tests/coverage.rs`) enforces: every `pub fn` of an
//! `impl Store` block in the core crate's `src/` that takes `&self` has an entry, except
//! `options` (the Rust options) and the `#[doc(hidden)]` test hooks; constructors and
//! `schema_version` take no `&self`.

use cartstore::model::OrderLineItemProvisioningStatus;
use cartstore::pc::Submission;
use cartstore::quote::{PartnerProfile, Quote, QuoteOptions};
use cartstore::{
    Cart, CartCheckoutResult, Catalog, CatalogItem, Collection, CustomerProfile, ImportReport, Order,
    ProvisioningStatus,
};
use serde_json::{Value, json};

#[allow(unused_imports)] // each kind is used by some entry; the import is for the table
use crate::args::{Arg, CatalogSearch, I64, Json, Query, Str, Token, UserData, Wire};

/// An export generated from the table, as the header generator sees it.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The export's name, `cartstore_<method>`.
    pub export: &'static str,
    /// The `Store` method it calls.
    pub method: &'static str,
    /// The export's documentation, one `///` line per entry (with the space after `///`).
    pub doc: &'static [&'static str],
    /// The method's arguments: name and C type as Rust spells it (`*const c_char`, `i64`).
    pub args: &'static [(&'static str, &'static str)],
    /// The entry's own documentation (what it does, its result, its errors), one line each.
    pub summary: &'static [&'static str],
    /// Each argument's kind as the table spells it (`Str`, `Json<Cart>`, `I64`).
    pub kinds: &'static [&'static str],
    /// The result's Rust type as the table spells it (`Cart`, `Vec<Cart>`, `()`), checked
    /// at compile time against what the call returns.
    pub result: &'static str,
}

/// An export outside the table (opening, closing, describing errors, rendering quotes), as
/// [`operations_json`] lists it.
#[derive(Debug, Clone, Copy)]
pub struct Function {
    /// The export's name.
    pub export: &'static str,
    /// Whether its first argument is a store handle.
    pub store: bool,
    /// Its other arguments: name and kind (`string`, `json:<schema>`, `pointer`).
    pub parameters: &'static [(&'static str, &'static str)],
    /// What it returns: `text` (a string to free), `store`, `uint32` or `none`.
    pub result: &'static str,
    /// What it does.
    pub doc: &'static str,
}

/// The exports outside the table; a test checks that with [`OPERATIONS`] they are every
/// function of the header.
pub const FUNCTIONS: &[Function] = &[
    Function {
        export: "cartstore_abi_version",
        store: false,
        parameters: &[],
        result: "uint32",
        doc: "The ABI version the library implements (CARTSTORE_ABI_VERSION).",
    },
    Function {
        export: "cartstore_operations",
        store: false,
        parameters: &[],
        result: "text",
        doc: "This table of exports as JSON: the source the wrappers are generated from and checked against.",
    },
    Function {
        export: "cartstore_open",
        store: false,
        parameters: &[("path", "string"), ("options_json", "json:OpenOptions")],
        result: "store",
        doc: "Opens (creating if needed) a store: a file path, \":memory:\" or a postgres:// URL; options {\"locale\", \"user\", \"busyTimeoutMs\", \"messages\"}.",
    },
    Function {
        export: "cartstore_close",
        store: true,
        parameters: &[],
        result: "none",
        doc: "Closes a store; calls in flight finish first; closing again does nothing.",
    },
    Function {
        export: "cartstore_string_free",
        store: false,
        parameters: &[("text", "pointer")],
        result: "none",
        doc: "Frees a string the library returned.",
    },
    Function {
        export: "cartstore_describe_error",
        store: false,
        parameters: &[("error_json", "json:Error"), ("locale", "string")],
        result: "text",
        doc: "Describes an error in a locale, with the built-in messages (en, fr, ja, zh-TW).",
    },
    Function {
        export: "cartstore_store_describe_error",
        store: true,
        parameters: &[("error_json", "json:Error"), ("locale", "string")],
        result: "text",
        doc: "Describes an error in a locale, with the messages the store was opened with as well.",
    },
    Function {
        export: "cartstore_render_quote",
        store: false,
        parameters: &[("quote_json", "json:Quote"), ("locale", "string")],
        result: "text",
        doc: "A quote as one self-contained HTML document, with the built-in labels.",
    },
    Function {
        export: "cartstore_store_render_quote",
        store: true,
        parameters: &[("quote_json", "json:Quote"), ("locale", "string")],
        result: "text",
        doc: "A quote as one self-contained HTML document, with the labels the store was opened with as well.",
    },
];

/// A table spelling (`Json < Cart >`, `Vec<Cart>`) without its spaces.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// An argument kind of the table as the published table spells it: its `type` (`string`,
/// `int64`, `json`, `enum`, `callback`, `pointer`) and, for `json`, `enum` and `callback`, its
/// `schema` (the wire type's name; `TokenCallback` for the token callback). A wrapper takes a
/// function of its language for a `callback` and passes NULL for its `pointer` (its closure
/// holds what `user_data` would).
fn parameter(name: &str, kind: &str) -> Value {
    let kind = compact(kind);
    let generic =
        |outer: &str| kind.strip_prefix(outer).and_then(|k| k.strip_prefix('<')).and_then(|k| k.strip_suffix('>'));
    match kind.as_str() {
        "Str" => json!({"name": name, "type": "string"}),
        "I64" => json!({"name": name, "type": "int64"}),
        "Query" => json!({"name": name, "type": "json", "schema": "OrderQuery"}),
        "CatalogSearch" => json!({"name": name, "type": "json", "schema": "CatalogQuery"}),
        "Token" => json!({"name": name, "type": "callback", "schema": "TokenCallback"}),
        "UserData" => json!({"name": name, "type": "pointer"}),
        _ => match (generic("Json"), generic("Wire")) {
            (Some(schema), _) => json!({"name": name, "type": "json", "schema": schema}),
            (_, Some(schema)) => json!({"name": name, "type": "enum", "schema": schema}),
            _ => json!({"name": name, "type": kind}),
        },
    }
}

/// A result type of the table as the published table spells it: `null`, `text` (JSON text
/// returned as it is stored), a wire type's name (`Cart`), `<name>[]` for an array,
/// `Collection<name>` for a page.
fn result(rust: &str) -> String {
    let rust = compact(rust);
    match rust.as_str() {
        "()" => "null".to_owned(),
        "RawJson" => "text".to_owned(),
        _ => match rust.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
            Some(item) => format!("{item}[]"),
            None => rust,
        },
    }
}

/// The exports as JSON (what `cartstore_operations` returns): `{"abiVersion", "operations":
/// [{"name", "export", "parameters": [{"name", "type", "schema"?}], "result", "doc"}],
/// "functions": [{"export", "store", "parameters", "result", "doc"}]}`. Every operation takes
/// the store first and ends with `out_json, out_error`; `doc` is its description, one line
/// each (a line starting `Errors:` lists its errors).
pub fn operations_json() -> Value {
    let operations: Vec<Value> = OPERATIONS
        .iter()
        .map(|op| {
            let parameters: Vec<Value> =
                op.args.iter().zip(op.kinds).map(|((name, _), kind)| parameter(name, kind)).collect();
            let doc: Vec<&str> = op.summary.iter().map(|line| line.strip_prefix(' ').unwrap_or(line)).collect();
            json!({
                "name": op.method,
                "export": op.export,
                "parameters": parameters,
                "result": result(op.result),
                "doc": doc.join("\n"),
            })
        })
        .collect();
    let functions: Vec<Value> = FUNCTIONS
        .iter()
        .map(|f| {
            let parameters: Vec<Value> = f
                .parameters
                .iter()
                .map(|(name, kind)| match kind.split_once(':') {
                    Some((kind, schema)) => json!({"name": name, "type": kind, "schema": schema}),
                    None => json!({"name": name, "type": kind}),
                })
                .collect();
            json!({"export": f.export, "store": f.store, "parameters": parameters, "result": f.result, "doc": f.doc})
        })
        .collect();
    json!({"abiVersion": crate::CARTSTORE_ABI_VERSION, "operations": operations, "functions": functions})
}

/// The result of an operation whose JSON is already made (the stored bytes of a checkout).
pub struct RawJson(pub String);

/// How an operation's result becomes `*out_json`.
pub trait Reply {
    /// The JSON text.
    ///
    /// # Errors
    /// When serde_json cannot serialize the value (not expected for the wire types).
    fn into_json(self) -> Result<String, serde_json::Error>;
}

/// The wire types' results: their own compact writer ([`cartstore::model::WireJson`]), the
/// bytes `serde_json::to_string` gives, with less work (a page of orders is written in about
/// half the instructions).
macro_rules! wire_reply {
    ($($t:ty),* $(,)?) => { $(
        impl Reply for $t {
            fn into_json(self) -> Result<String, serde_json::Error> {
                cartstore::model::WireJson::to_json(&self)
            }
        }
    )* };
}

wire_reply!(
    Cart,
    CartCheckoutResult,
    Catalog,
    CatalogItem,
    Collection<CatalogItem>,
    Collection<Order>,
    CustomerProfile,
    Order,
    Vec<Cart>,
    Collection<OrderLineItemProvisioningStatus>,
);

/// The other results: serde_json.
macro_rules! serde_reply {
    ($($t:ty),* $(,)?) => { $(
        impl Reply for $t {
            fn into_json(self) -> Result<String, serde_json::Error> {
                serde_json::to_string(&self)
            }
        }
    )* };
}

serde_reply!((), ImportReport, PartnerProfile, Quote, Submission, Vec<Quote>, Vec<Submission>);

impl Reply for RawJson {
    fn into_json(self) -> Result<String, serde_json::Error> {
        Ok(self.0)
    }
}

/// Whether `export` is `cartstore_` followed by `method` (checked at compile time).
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time only, with every index checked against the length"
)]
const fn export_matches(export: &str, method: &str) -> bool {
    let (e, m, p) = (export.as_bytes(), method.as_bytes(), b"cartstore_");
    if e.len() != p.len() + m.len() {
        return false;
    }
    let mut i = 0;
    while i < e.len() {
        let expected = if i < p.len() { p[i] } else { m[i - p.len()] };
        if e[i] != expected {
            return false;
        }
        i += 1;
    }
    true
}

macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        $export:ident => $method:ident($($arg:ident: $kind:ty),* $(,)?) -> $result:ty $(|$store:ident| $call:expr)?;
    )*) => {
        $(
            const _: () = assert!(
                export_matches(stringify!($export), stringify!($method)),
                "an export is named cartstore_<method>"
            );

            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = concat!(" Calls `Store::", stringify!($method), "`. Returns 0 with the result JSON in `*out_json`,")]
            #[doc = " 1 with the store's error in `*out_error`, 2 on a caught panic, 3 for an invalid"]
            #[doc = " argument (named in `*out_error`)."]
            #[doc = ""]
            #[doc = " # Safety"]
            #[doc = " String arguments are NULL or NUL-terminated; `out_json` and `out_error` are NULL or"]
            #[doc = " valid for one pointer write. `store` may be anything: an unknown handle returns 3."]
            #[unsafe(no_mangle)]
            #[allow(clippy::missing_safety_doc, reason = "the # Safety section is in the doc attributes")]
            pub unsafe extern "C" fn $export(
                store: *const $crate::cartstore_store,
                $($arg: <$kind as Arg>::C,)*
                out_json: *mut *mut ::std::ffi::c_char,
                out_error: *mut *mut ::std::ffi::c_char,
            ) -> i32 {
                let body = |store: &cartstore::Store| {
                    $(
                        // SAFETY: NULL or NUL-terminated for the call (this function's contract).
                        let $arg = unsafe { <$kind as Arg>::read($arg, stringify!($arg)) }?;
                    )*
                    $(let $arg = <$kind as Arg>::pass(&$arg);)*
                    let result: cartstore::Result<$result> =
                        operations!(@call store, $method, ($($arg),*) $(, |$store| $call)?);
                    Ok(result.and_then(|value| {
                        Reply::into_json(value).map_err(|e| {
                            cartstore::Error::storage(
                                cartstore::StorageKind::Other,
                                format!("cannot serialize the result: {e}"),
                            )
                        })
                    }))
                };
                // SAFETY: the out-parameters are NULL or valid for one write (this function's
                // contract, forwarded).
                unsafe { $crate::run(store, out_json, out_error, body) }
            }
        )*

        /// Every export of the table, in table order.
        pub const OPERATIONS: &[Operation] = &[$(
            Operation {
                export: stringify!($export),
                method: stringify!($method),
                doc: &[
                    $($doc,)*
                    "",
                    concat!(" Calls `Store::", stringify!($method), "`. Returns 0 with the result JSON in `*out_json`,"),
                    " 1 with the store's error in `*out_error`, 2 on a caught panic, 3 for an invalid",
                    " argument (named in `*out_error`).",
                    "",
                    " # Safety",
                    " String arguments are NULL or NUL-terminated; `out_json` and `out_error` are NULL or",
                    " valid for one pointer write. `store` may be anything: an unknown handle returns 3.",
                ],
                args: &[$((stringify!($arg), <$kind as Arg>::C_TYPE)),*],
                summary: &[$($doc,)*],
                kinds: &[$(stringify!($kind)),*],
                result: stringify!($result),
            },
        )*];
    };
    (@call $s:ident, $method:ident, ($($arg:ident),*)) => {
        $s.$method($($arg),*)
    };
    (@call $s:ident, $method:ident, ($($arg:ident),*), |$store:ident| $call:expr) => {{
        let $store = $s;
        $call
    }};
}

operations! {
    /// Imports catalog items (`catalog`: a `Catalog`, `{"items": [CatalogItem, ...]}`), adding
    /// new items and replacing those of the same id. Returns `null`.
    /// Errors: 800002 InvalidInput for an item without id or currency, a negative price or
    /// quantity bound, or an id given twice (nothing is written then).
    cartstore_import_catalog => import_catalog(catalog: Json<Catalog>) -> ();
    /// One catalog item by its id (`PRODUCT:SKU` or `PRODUCT:SKU:AVAILABILITY`). Returns the
    /// `CatalogItem`.
    /// Errors: 800002 InvalidInput (`catalogItemId`) when the catalog has no such item.
    cartstore_catalog_item => catalog_item(catalog_item_id: Str) -> CatalogItem;
    /// The whole catalog. Returns a `Catalog`.
    /// Errors: 900005 Storage when the database cannot be read.
    cartstore_list_catalog => list_catalog() -> Catalog;
    /// Creates a cart for `customer` (`new_cart`: a `Cart` holding its `lineItems`). Returns
    /// the `Cart` created, priced, with its `id` and `lastModifiedTimestamp`.
    /// Errors: 800002 InvalidInput for a malformed request (no lines, more than 500, a
    /// quantity that is not a whole number, a bad customer id); nothing is written then.
    cartstore_create_cart => create_cart(customer: Str, new_cart: Json<Cart>) -> Cart;
    /// Reads one cart of `customer`. Returns the `Cart`.
    /// Errors: 800008 when the customer has no such cart.
    cartstore_get_cart => get_cart(customer: Str, cart_id: Str) -> Cart;
    /// Replaces a cart's lines (`edited`: a `Cart` with its `id` and the
    /// `lastModifiedTimestamp` it was read with). Returns the `Cart` as stored.
    /// Errors: 900002 Conflict when the cart changed since it was read (a stale timestamp);
    /// 800008 for a missing cart or past its expiration; 800065 for an ordered cart.
    cartstore_update_cart => update_cart(customer: Str, edited: Json<Cart>) -> Cart;
    /// Every cart of `customer`. Returns an array of `Cart`.
    /// Errors: 800002 InvalidInput for a bad customer id.
    cartstore_list_carts => list_carts(customer: Str) -> Vec<Cart>;
    /// Deletes an active cart. Returns `null`.
    /// Errors: 800008 for a missing cart; 800065 for an ordered cart (its orders keep it).
    cartstore_delete_cart => delete_cart(customer: Str, cart_id: Str) -> ();
    /// Checks a cart out: its lines become orders, one per billing cycle, in one transaction.
    /// Returns the `CartCheckoutResult` (`orders`, and `orderErrors` for lines refused).
    /// Errors: 800008 for a missing or expired cart; 800065 for a cart already ordered;
    /// 800064 when another writer holds the database past the busy timeout. On any error
    /// nothing is written.
    cartstore_checkout => checkout(customer: Str, cart_id: Str) -> CartCheckoutResult;
    /// Checks a cart out with an idempotency key: a retry with the same `request_id` returns
    /// the same orders instead of ordering again. Returns the `CartCheckoutResult`.
    /// Errors: as `checkout`.
    cartstore_checkout_with_request_id => checkout_with_request_id(customer: Str, cart_id: Str, request_id: Str)
        -> CartCheckoutResult;
    /// As `checkout_with_request_id`. Returns the `CartCheckoutResult` as the JSON text
    /// stored, byte for byte the same on every retry.
    /// Errors: as `checkout`.
    cartstore_checkout_json => checkout_json(customer: Str, cart_id: Str, request_id: Str) -> RawJson
        |store| store.checkout_json(customer, cart_id, request_id).map(|(_, json)| RawJson(json));
    /// What a checkout would do now, without doing it. Returns a `CartCheckoutResult`.
    /// Errors: as `checkout`.
    cartstore_preview_checkout => preview_checkout(customer: Str, cart_id: Str) -> CartCheckoutResult;
    /// One order of `customer`. Returns the `Order`.
    /// Errors: 900001 OrderNotFound when the customer has no such order.
    cartstore_get_order => get_order(customer: Str, order_id: Str) -> Order;
    /// A page of the orders of `customer`, newest first (`query`: `{"billingCycle",
    /// "pageSize", "continuation"}`, each optional, `{}` for the first page). Returns a
    /// collection of `Order` (`totalCount`, `items`, `continuationToken` for the next page).
    /// Errors: 800002 InvalidInput for a page size of 0 or a token this store did not issue.
    cartstore_list_orders => list_orders(customer: Str, query: Query) -> Collection<Order>;
    /// Cancels a pending order. Returns the `Order`.
    /// Errors: 900001 OrderNotFound; 800061 when the order is not pending.
    cartstore_cancel_order => cancel_order(customer: Str, order_id: Str) -> Order;
    /// The provisioning status of every line of an order. Returns a collection of
    /// `OrderLineItemProvisioningStatus`.
    /// Errors: 900001 OrderNotFound.
    cartstore_provisioning_status => provisioning_status(customer: Str, order_id: Str)
        -> Collection<OrderLineItemProvisioningStatus>;
    /// Records the provisioning result of one line of a pending order (`line_item_number`: a
    /// 64-bit integer; `status`: `"fulfilled"`, `"unfulfilled"` or `"prefulfillment_pending"`);
    /// the order becomes completed once every line is fulfilled. Returns the `Order`.
    /// Errors: 900001 OrderNotFound; 800002 InvalidInput for a line the order lacks or an
    /// order that is not pending.
    cartstore_record_provisioning => record_provisioning(
        customer: Str, order_id: Str, line_item_number: I64, status: Wire<ProvisioningStatus>) -> Order;
    /// Imports a Partner Center price list (`path`: a CSV file, or a ZIP holding one CSV,
    /// read as a stream), closing the prices a full list no longer has. Returns the
    /// `ImportReport` (rows, items, prices added, changed, unchanged, closed).
    /// Errors: 800002 InvalidInput naming the line and column of the first bad row (nothing
    /// is written then); 900009 File when `path` cannot be read.
    cartstore_import_price_list => import_price_list(path: Str) -> ImportReport
        |store| crate::args::open_input(path).and_then(|file| store.import_price_list(file));
    /// Imports a Partner Center price list as `import_price_list` does, with `partial`
    /// non-zero for a subset of a list, which closes none of the prices it omits. Returns the
    /// `ImportReport`.
    /// Errors: as `import_price_list`; 900005 Storage (busy) when the database stays locked
    /// past the busy timeout.
    cartstore_import_price_list_with => import_price_list_with(path: Str, partial: I64) -> ImportReport
        |store| std::fs::File::open(path)
            .map_err(|e| cartstore::Error::storage_caused_by(
                cartstore::StorageKind::Io, format!("cannot read {path}: {e}"), e))
            .and_then(|file| store.import_price_list_with(file, &cartstore::ImportOptions { partial: partial != 0 }));
    /// Sets the profile of `customer` (`profile`: a `CustomerProfile`, `{"name", "segment",
    /// "market", "currencyCode", "locale"}`): its prices, currency and the language of its
    /// quotes. Returns the profile as stored.
    /// Errors: 800002 InvalidInput for a bad customer id, a market that is not two letters, a
    /// currency that is not three, a locale that is not a BCP 47 tag (nothing is written).
    cartstore_set_customer => set_customer(customer: Str, profile: Json<CustomerProfile>) -> CustomerProfile;
    /// The profile of `customer` (`{"segment": "commercial"}` when none was set). Returns a
    /// `CustomerProfile`.
    /// Errors: 800002 InvalidInput for a bad customer id.
    cartstore_get_customer => get_customer(customer: Str) -> CustomerProfile;
    /// Searches the catalog by words and filters (`query`: `{"text", "segment",
    /// "termDuration", "billingCycle", "currencyCode", "pageSize", "continuation"}`, each
    /// optional), best match first. Returns a collection of `CatalogItem`.
    /// Errors: 800002 InvalidInput for a page size of 0, a continuation token not issued for
    /// this same query, or a text over 4 KiB or 32 words.
    cartstore_search_catalog => search_catalog(query: CatalogSearch) -> Collection<CatalogItem>;
    /// Issues a quote for a cart (`options`: a `QuoteOptions`, `{}` for the defaults: cost
    /// prices, valid until the cart expires), numbered and stored. Returns the `Quote`.
    /// Errors: 800008 for a missing or expired cart; 800065 for an ordered cart; 800002
    /// InvalidInput for options out of bounds (a markup outside 0 to 1000 %, a past date).
    cartstore_issue_quote => issue_quote(customer: Str, cart_id: Str, options: Json<QuoteOptions>) -> Quote;
    /// One quote of `customer`, as issued. Returns the `Quote`.
    /// Errors: 900008 QuoteNotFound when the customer has no quote of that number.
    cartstore_get_quote => get_quote(customer: Str, quote_number: Str) -> Quote;
    /// Every quote of `customer`, oldest first. Returns an array of `Quote`.
    /// Errors: 800002 InvalidInput for a bad customer id.
    cartstore_list_quotes => list_quotes(customer: Str) -> Vec<Quote>;
    /// Sets the partner profile, the seller and terms of every quote issued without its own
    /// (`profile`: a `PartnerProfile`, `{"name", "addressLines", "email", "phone", "taxId",
    /// "logo", "terms"}`, the logo in base64). Returns the profile as stored.
    /// Errors: 800002 InvalidInput naming the field (a text over 4 KiB, more than 16 address
    /// lines, a logo over 256 KiB or neither PNG nor SVG); nothing is written then.
    cartstore_set_partner_profile => set_partner_profile(profile: Json<PartnerProfile>) -> PartnerProfile;
    /// The partner profile (`{}` when none was set). Returns a `PartnerProfile`.
    /// Errors: 900005 Storage when the stored profile does not read back.
    cartstore_get_partner_profile => get_partner_profile() -> PartnerProfile;
    /// Copies everything this store holds (catalog, prices, customers, partner profile, carts,
    /// orders, checkout results, quotes and their numbering) into the empty store
    /// `destination` (a file path, created if missing, or a `postgres://` URL), in one
    /// transaction there. Returns null.
    /// Errors: 800002 InvalidInput on field `destination` when it is not empty (nothing is
    /// written then); 900005 Storage when either database fails (or `destination` cannot be
    /// opened).
    cartstore_copy_into => copy_into(destination: Str) -> ()
        |store| cartstore::Store::open(destination).and_then(|other| store.copy_into(&other));
    /// Submits a cart of `customer` to Partner Center as a real order, exactly once, at
    /// `endpoint` (`""` for `https://api.partnercenter.microsoft.com`), with access tokens from
    /// `token` (called with `user_data`, see `cartstore_token_callback`); runs until the
    /// submission is final (`ordered`, `partiallyOrdered`, `failed`, `needsAttention`) or parked
    /// (Partner Center unreachable, or `pausedAuth` when no token is accepted). Returns the
    /// `Submission` (its `state`; its `lastError` when it did not end `ordered`).
    /// Errors: 800008 for a missing or expired cart; 800065 for a cart already ordered; 800064
    /// when another process is submitting it; 800002 InvalidInput for a cart with line errors or
    /// a customer without a GUID `tenantId`, and (status 3) for a NULL `token`.
    cartstore_submit => submit(customer: Str, cart_id: Str, endpoint: Str, token: Token, user_data: UserData)
        -> Submission
        |store| store.submit(customer, cart_id, &crate::token::partner_center(endpoint, token, user_data));
    /// Continues every unfinished submission of the store (every customer's; those another
    /// process runs are left to it), each from its stored state, at `endpoint` with tokens from
    /// `token` as `submit` does. Returns an array of `Submission`, as they end up, oldest first.
    /// Errors: 900005 Storage when the database fails; 800002 InvalidInput (status 3) for a
    /// NULL `token`.
    cartstore_resume_submissions => resume_submissions(endpoint: Str, token: Token, user_data: UserData)
        -> Vec<Submission>
        |store| store.resume_submissions(&crate::token::partner_center(endpoint, token, user_data));
    /// One submission of `customer` by its `submissionId`. Returns the `Submission`.
    /// Errors: 900010 SubmissionNotFound when the customer has no such submission.
    cartstore_get_submission => get_submission(customer: Str, submission_id: Str) -> Submission;
    /// The submissions of `customer`, oldest first: of the cart `cart_id`, or every cart's for
    /// `""`. Returns an array of `Submission`.
    /// Errors: 800002 InvalidInput for a bad customer or cart id.
    cartstore_list_submissions => list_submissions(customer: Str, cart_id: Str) -> Vec<Submission>
        |store| store.list_submissions(customer, Some(cart_id).filter(|c| !c.is_empty()));
}
