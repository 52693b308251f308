//! The table of operations: one entry per public `Store` method, and from it both the export
//! `cartstore_<method>` and its entry in [`OPERATIONS`] (which the header generator and the
//! coverage test read).
//!
//! Adding an operation is one entry in the `operations!` invocation below:
//! `cartstore_<method> => <method>(<argument>: <kind>, ...);`, the kinds being those of
//! [`crate::args`] (`Str`, `Json<T>`, `Query`, `CatalogSearch`, `Wire<T>`, `I64`), optionally preceded by `///`
//! lines saying what `*out_json` holds, and optionally followed by `|store| <expression>` when
//! the call is not simply `store.<method>(<arguments>)`. The result is serialized as JSON.
//! Then regenerate the header (`CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test header`).
//!
//! The rule the coverage test (`tests/coverage.rs`) enforces: every `pub fn` of an
//! `impl Store` block in the core crate's `src/` that takes `&self` has an entry, except
//! `options` (the Rust options) and the `#[doc(hidden)]` test hooks; constructors and
//! `schema_version` take no `&self`.

use cartstore::quote::{PartnerProfile, QuoteOptions};
use cartstore::{Cart, Catalog, CustomerProfile, ProvisioningStatus};

#[allow(unused_imports)] // each kind is used by some entry; the import is for the table
use crate::args::{Arg, CatalogSearch, I64, Json, Query, Str, Wire};

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

impl<T: serde::Serialize> Reply for T {
    fn into_json(self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&self)
    }
}

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
        $export:ident => $method:ident($($arg:ident: $kind:ty),* $(,)?) $(|$store:ident| $call:expr)?;
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
                    let result = operations!(@call store, $method, ($($arg),*) $(, |$store| $call)?);
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
    /// Imports catalog items (`catalog`: a `Catalog` JSON); `*out_json` is `null`.
    cartstore_import_catalog => import_catalog(catalog: Json<Catalog>);
    /// One catalog item; `*out_json` is a `CatalogItem`.
    cartstore_catalog_item => catalog_item(catalog_item_id: Str);
    /// The whole catalog; `*out_json` is a `Catalog`.
    cartstore_list_catalog => list_catalog();
    /// Creates a cart (`new_cart`: a `Cart` JSON); `*out_json` is the `Cart` created.
    cartstore_create_cart => create_cart(customer: Str, new_cart: Json<Cart>);
    /// Reads a cart; `*out_json` is a `Cart`.
    cartstore_get_cart => get_cart(customer: Str, cart_id: Str);
    /// Replaces a cart's lines (`edited`: a `Cart` with `id` and the `lastModifiedTimestamp` it
    /// was read with; a stale one is refused with `Conflict`, 900002); `*out_json` is the `Cart`.
    cartstore_update_cart => update_cart(customer: Str, edited: Json<Cart>);
    /// Every cart of a customer; `*out_json` is an array of `Cart`.
    cartstore_list_carts => list_carts(customer: Str);
    /// Deletes an active cart; `*out_json` is `null`.
    cartstore_delete_cart => delete_cart(customer: Str, cart_id: Str);
    /// Checks a cart out; `*out_json` is a `CartCheckoutResult`.
    cartstore_checkout => checkout(customer: Str, cart_id: Str);
    /// Checks a cart out with an idempotency key: a retry with the same `request_id` returns
    /// the same orders; `*out_json` is a `CartCheckoutResult`.
    cartstore_checkout_with_request_id => checkout_with_request_id(customer: Str, cart_id: Str, request_id: Str);
    /// As `cartstore_checkout_with_request_id`; `*out_json` is the result exactly as stored,
    /// byte for byte on every retry.
    cartstore_checkout_json => checkout_json(customer: Str, cart_id: Str, request_id: Str)
        |store| store.checkout_json(customer, cart_id, request_id).map(|(_, json)| RawJson(json));
    /// What a checkout would do now, without doing it; `*out_json` is a `CartCheckoutResult`.
    cartstore_preview_checkout => preview_checkout(customer: Str, cart_id: Str);
    /// One order; `*out_json` is an `Order`.
    cartstore_get_order => get_order(customer: Str, order_id: Str);
    /// A page of orders, newest first (`query`: `{"billingCycle", "pageSize", "continuation"}`,
    /// each optional, `{}` for the first page); `*out_json` is a collection of `Order`.
    cartstore_list_orders => list_orders(customer: Str, query: Query);
    /// Cancels a pending order; `*out_json` is the `Order`.
    cartstore_cancel_order => cancel_order(customer: Str, order_id: Str);
    /// The provisioning status of every line of an order; `*out_json` is a collection.
    cartstore_provisioning_status => provisioning_status(customer: Str, order_id: Str);
    /// Records the provisioning result of one line (`line_item_number`: an `int64_t`;
    /// `status`: `"fulfilled"`, `"unfulfilled"` or `"prefulfillment_pending"`); `*out_json` is
    /// the `Order`.
    cartstore_record_provisioning => record_provisioning(
        customer: Str, order_id: Str, line_item_number: I64, status: Wire<ProvisioningStatus>);
    /// Imports a Partner Center price list (`path`: a CSV, or a ZIP holding one CSV, read as a
    /// stream); `*out_json` is the `ImportReport`.
    cartstore_import_price_list => import_price_list(path: Str)
        |store| crate::args::open_input(path).and_then(|file| store.import_price_list(file));
    /// Imports a Partner Center price list as `cartstore_import_price_list` does, with
    /// `partial` non-zero for a subset of a list, which closes none of the prices it omits;
    /// `*out_json` is the `ImportReport`.
    cartstore_import_price_list_with => import_price_list_with(path: Str, partial: I64)
        |store| std::fs::File::open(path)
            .map_err(|e| cartstore::Error::storage_caused_by(
                cartstore::StorageKind::Io, format!("cannot read {path}: {e}"), e))
            .and_then(|file| store.import_price_list_with(file, &cartstore::ImportOptions { partial: partial != 0 }));
    /// Sets a customer's profile (`profile`: a `CustomerProfile` JSON); `*out_json` is the
    /// profile as stored.
    cartstore_set_customer => set_customer(customer: Str, profile: Json<CustomerProfile>);
    /// A customer's profile; `*out_json` is a `CustomerProfile`.
    cartstore_get_customer => get_customer(customer: Str);
    /// Searches the catalog (`query`: `{"text", "segment", "termDuration", "billingCycle",
    /// "currencyCode", "pageSize", "continuation"}`, each optional); `*out_json` is a
    /// collection of `CatalogItem`.
    cartstore_search_catalog => search_catalog(query: CatalogSearch);
    /// Issues a quote for a cart (`options`: a `QuoteOptions` JSON, `{}` for the defaults:
    /// cost prices, valid until the cart expires); `*out_json` is the `Quote`.
    cartstore_issue_quote => issue_quote(customer: Str, cart_id: Str, options: Json<QuoteOptions>);
    /// One quote, as issued; `*out_json` is the `Quote`.
    cartstore_get_quote => get_quote(customer: Str, quote_number: Str);
    /// Every quote of a customer, oldest first; `*out_json` is an array of `Quote`.
    cartstore_list_quotes => list_quotes(customer: Str);
    /// Sets the partner profile, the seller and terms of every quote issued without its own
    /// (`profile`: a `PartnerProfile` JSON, the logo in base64); `*out_json` is the profile as
    /// stored.
    cartstore_set_partner_profile => set_partner_profile(profile: Json<PartnerProfile>);
    /// The partner profile (`{}` when none was set); `*out_json` is a `PartnerProfile`.
    cartstore_get_partner_profile => get_partner_profile();
}
