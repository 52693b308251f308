//! How each kind of argument crosses the ABI ([`Arg`]): its C type, how it is read and
//! checked, and how it is passed to the `Store` method. An argument that cannot be read is an
//! [`Error::InvalidInput`] naming the argument (status 3).

use std::ffi::{CStr, c_char};
use std::marker::PhantomData;

use cartstore::{BillingCycleType, CatalogQuery, CustomerSegment, Error, InputProblem, OrderQuery};
use serde::de::DeserializeOwned;

/// A kind of argument of an export.
pub trait Arg {
    /// Its C type.
    type C: Copy + 'static;
    /// Its C type as the header spells it in Rust (`*const c_char`, `i64`), for the header
    /// generator; a test checks that it names [`Arg::C`].
    const C_TYPE: &'static str;
    /// What reading it gives.
    type Value<'a>;
    /// What the `Store` method takes.
    type Pass<'b>
    where
        Self: 'b;

    /// Reads and checks the argument `name`.
    ///
    /// # Safety
    /// A pointer argument is NULL or a NUL-terminated string valid for `'a`.
    unsafe fn read<'a>(raw: Self::C, name: &str) -> Result<Self::Value<'a>, Error>;

    /// The value as the `Store` method takes it.
    fn pass<'b, 'a: 'b>(value: &'b Self::Value<'a>) -> Self::Pass<'b>
    where
        Self: 'b;
}

/// A string argument (ids, request ids): NUL-terminated UTF-8, passed as `&str`.
pub struct Str;

/// A structured argument: JSON in the wire format, parsed as `T`, passed as `&T`.
pub struct Json<T>(PhantomData<T>);

/// An order query: JSON `{"billingCycle", "pageSize", "continuation"}` (each optional),
/// passed as `&OrderQuery`.
pub struct Query;

/// A catalog search: JSON `{"text", "segment", "termDuration", "billingCycle",
/// "currencyCode", "pageSize", "continuation"}` (each optional), passed as `&CatalogQuery`.
pub struct CatalogSearch;

/// An enum argument given by its wire string (`"fulfilled"`), passed by value.
pub struct Wire<T>(PhantomData<T>);

/// An `int64_t` argument (a line number), passed by value.
pub struct I64;

impl Arg for Str {
    type C = *const c_char;
    const C_TYPE: &'static str = "*const c_char";
    type Value<'a> = &'a str;
    type Pass<'b> = &'b str;

    unsafe fn read<'a>(raw: *const c_char, name: &str) -> Result<Self::Value<'a>, Error> {
        // SAFETY: forwarded: NULL or a NUL-terminated string valid for 'a.
        unsafe { c_str(raw, name) }
    }

    fn pass<'b, 'a: 'b>(value: &'b &'a str) -> &'b str {
        value
    }
}

impl<T: DeserializeOwned> Arg for Json<T> {
    type C = *const c_char;
    const C_TYPE: &'static str = "*const c_char";
    type Value<'a> = T;
    type Pass<'b>
        = &'b T
    where
        Self: 'b;

    unsafe fn read<'a>(raw: *const c_char, name: &str) -> Result<Self::Value<'a>, Error> {
        // SAFETY: forwarded: NULL or a NUL-terminated string valid for 'a.
        let text = unsafe { c_str(raw, name) }?;
        parse_json(text, name)
    }

    fn pass<'b, 'a: 'b>(value: &'b T) -> &'b T
    where
        Self: 'b,
    {
        value
    }
}

/// The wire form of [`OrderQuery`].
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderQueryWire {
    billing_cycle: Option<BillingCycleType>,
    page_size: Option<u32>,
    #[serde(alias = "continuationToken")]
    continuation: Option<String>,
}

impl Arg for Query {
    type C = *const c_char;
    const C_TYPE: &'static str = "*const c_char";
    type Value<'a> = OrderQuery;
    type Pass<'b> = &'b OrderQuery;

    unsafe fn read<'a>(raw: *const c_char, name: &str) -> Result<Self::Value<'a>, Error> {
        // SAFETY: forwarded: NULL or a NUL-terminated string valid for 'a.
        let text = unsafe { c_str(raw, name) }?;
        let wire: OrderQueryWire = parse_json(text, name)?;
        Ok(OrderQuery { billing_cycle: wire.billing_cycle, page_size: wire.page_size, continuation: wire.continuation })
    }

    fn pass<'b, 'a: 'b>(value: &'b OrderQuery) -> &'b OrderQuery {
        value
    }
}

/// The wire form of [`CatalogQuery`].
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogQueryWire {
    text: Option<String>,
    segment: Option<CustomerSegment>,
    term_duration: Option<String>,
    billing_cycle: Option<BillingCycleType>,
    currency_code: Option<String>,
    page_size: Option<u32>,
    #[serde(alias = "continuationToken")]
    continuation: Option<String>,
}

impl Arg for CatalogSearch {
    type C = *const c_char;
    const C_TYPE: &'static str = "*const c_char";
    type Value<'a> = CatalogQuery;
    type Pass<'b> = &'b CatalogQuery;

    unsafe fn read<'a>(raw: *const c_char, name: &str) -> Result<Self::Value<'a>, Error> {
        // SAFETY: forwarded: NULL or a NUL-terminated string valid for 'a.
        let text = unsafe { c_str(raw, name) }?;
        let wire: CatalogQueryWire = parse_json(text, name)?;
        Ok(CatalogQuery {
            text: wire.text,
            segment: wire.segment,
            term_duration: wire.term_duration,
            billing_cycle: wire.billing_cycle,
            currency_code: wire.currency_code,
            page_size: wire.page_size,
            continuation: wire.continuation,
        })
    }

    fn pass<'b, 'a: 'b>(value: &'b CatalogQuery) -> &'b CatalogQuery {
        value
    }
}

impl<T: serde::de::DeserializeOwned + Copy> Arg for Wire<T> {
    type C = *const c_char;
    const C_TYPE: &'static str = "*const c_char";
    type Value<'a> = T;
    type Pass<'b>
        = T
    where
        Self: 'b;

    unsafe fn read<'a>(raw: *const c_char, name: &str) -> Result<Self::Value<'a>, Error> {
        // SAFETY: forwarded: NULL or a NUL-terminated string valid for 'a.
        let text = unsafe { c_str(raw, name) }?;
        // The wire enum's own reader (as in JSON bodies: any case, the documented spellings).
        serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .map_err(|_| Error::invalid(name, InputProblem::Invalid))
    }

    fn pass<'b, 'a: 'b>(value: &'b T) -> T
    where
        Self: 'b,
    {
        *value
    }
}

impl Arg for I64 {
    type C = i64;
    const C_TYPE: &'static str = "i64";
    type Value<'a> = i64;
    type Pass<'b> = i64;

    unsafe fn read<'a>(raw: i64, _name: &str) -> Result<Self::Value<'a>, Error> {
        Ok(raw)
    }

    fn pass<'b, 'a: 'b>(value: &'b i64) -> i64 {
        *value
    }
}

/// The host's token callback ([`crate::cartstore_token_callback`]): NULL is
/// [`InputProblem::Missing`] (status 3); passed as the function pointer.
pub struct Token;

/// The `user_data` passed back to a callback (any pointer, NULL included), passed as it is.
pub struct UserData;

impl Arg for Token {
    type C = crate::cartstore_token_callback;
    const C_TYPE: &'static str = "cartstore_token_callback";
    type Value<'a> = crate::token::Callback;
    type Pass<'b> = crate::token::Callback;

    unsafe fn read<'a>(raw: crate::cartstore_token_callback, name: &str) -> Result<Self::Value<'a>, Error> {
        raw.ok_or_else(|| Error::invalid(name, InputProblem::Missing))
    }

    fn pass<'b, 'a: 'b>(value: &'b crate::token::Callback) -> crate::token::Callback {
        *value
    }
}

impl Arg for UserData {
    type C = *mut std::ffi::c_void;
    const C_TYPE: &'static str = "*mut c_void";
    type Value<'a> = *mut std::ffi::c_void;
    type Pass<'b> = *mut std::ffi::c_void;

    unsafe fn read<'a>(raw: *mut std::ffi::c_void, _name: &str) -> Result<Self::Value<'a>, Error> {
        Ok(raw)
    }

    fn pass<'b, 'a: 'b>(value: &'b *mut std::ffi::c_void) -> *mut std::ffi::c_void {
        *value
    }
}

/// The text of the C string argument `name`: NULL is [`InputProblem::Missing`], invalid UTF-8
/// [`InputProblem::Invalid`].
///
/// # Safety
/// `raw` is NULL or a NUL-terminated string valid for `'a`.
pub unsafe fn c_str<'a>(raw: *const c_char, name: &str) -> Result<&'a str, Error> {
    if raw.is_null() {
        return Err(Error::invalid(name, InputProblem::Missing));
    }
    // SAFETY: not NULL, NUL-terminated and valid for 'a by this function's contract.
    let text = unsafe { CStr::from_ptr(raw) };
    text.to_str().map_err(|_| Error::invalid(name, InputProblem::Invalid))
}

/// Parses the JSON argument `name` as `T`; a failure is [`InputProblem::Syntax`] whose detail
/// starts with the argument's name.
pub fn parse_json<T: DeserializeOwned>(text: &str, name: &str) -> Result<T, Error> {
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(name, InputProblem::Syntax { detail: format!("argument {name}: {e}") }))
}

/// Opens the file an operation reads (a price list): a file that cannot be opened, or a
/// directory, is [`cartstore::Error::File`] naming it with the system's reason, never a
/// failure of the database file.
///
/// # Errors
/// As said.
pub fn open_input(path: &str) -> Result<std::fs::File, cartstore::Error> {
    let failed = |e: &std::io::Error| cartstore::Error::file(path, cartstore::FileOperation::Read, e);
    let file = std::fs::File::open(path).map_err(|e| failed(&e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(failed(&std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory")));
    }
    Ok(file)
}
