//! The bounds the store enforces on what it is sent: beyond them a request is refused with
//! `InvalidInput` (800002) naming the field, and nothing is written.

/// The most lines (add-ons included) a cart may have.
pub const MAX_LINES: usize = 500;
/// The longest string a request may carry, in bytes.
pub const MAX_STRING: usize = 4096;
/// The deepest add-on nesting (a base and its add-ons is depth 2).
pub const MAX_DEPTH: usize = 4;
/// The largest quantity of one line.
pub const MAX_QUANTITY: i64 = 1_000_000_000;
/// The most bytes a cart's strings may add up to, over every line and add-on (ids, names,
/// codes, terms, provisioning context keys and values, participants): 4 MiB. Each field
/// within [`MAX_STRING`] and each list within its count could otherwise make a cart of
/// hundreds of megabytes; a real cart is a few kilobytes.
pub const MAX_CART_BYTES: usize = 4 * 1024 * 1024;
/// The largest list price a catalog may give, per unit per billing period (10^15): with at
/// most [`MAX_QUANTITY`] units and 1,200 periods (a 100-year monthly term), every figure of a
/// line then fits in a decimal, so pricing never overflows.
pub const MAX_LIST_PRICE: rust_decimal::Decimal =
    rust_decimal::Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);
/// The most address lines a seller (a quote's, the partner profile's) may have.
pub const MAX_ADDRESS_LINES: usize = 16;
/// The longest terms text a quote or the partner profile may carry, in bytes (64 KiB: some
/// ten printed pages).
pub const MAX_TERMS_BYTES: usize = 64 * 1024;
/// The largest logo the partner profile may carry, in bytes (256 KiB), before base64.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;

/// The most bytes of CSV a price list may hold (its spooled copy, or the CSV inflated from a
/// ZIP entry), and the most bytes of a ZIP spooled to read its directory: 1 GiB each. An
/// import spools its input to an unnamed temporary file (read and checked whole before the
/// write lock is taken), so this also bounds the disk an import uses; past it the import is
/// refused with `InvalidInput` [`TooLong`](crate::InputProblem::TooLong) before that much is
/// written. Microsoft's US file is 2 MB.
pub const MAX_PRICE_LIST_BYTES: u64 = 1024 * 1024 * 1024;
/// The largest ratio of a ZIP entry's inflated size to its compressed size (1,000:1): a
/// price list compresses about 10:1, a ZIP bomb a million to one. Inflating stops, refused
/// with [`TooLong`](crate::InputProblem::TooLong), before the entry's bytes pass it.
pub const MAX_ZIP_RATIO: u64 = 1000;
/// The longest field of a price list, in bytes as written (quotes included): 4 KiB (the real
/// US file's longest is 930). Refused with `line N, column NAME`,
/// [`TooLong`](crate::InputProblem::TooLong), before it is held in memory.
pub const MAX_PRICE_LIST_FIELD: usize = 4096;
/// The longest record (row) of a price list, in bytes as written: 64 KiB. With
/// [`MAX_PRICE_LIST_FIELD`] this keeps the reader's memory flat whatever the input: an endless
/// header, line or field (a device, `/dev/zero`) is refused, naming its line, after at most
/// this much.
pub const MAX_PRICE_LIST_RECORD: usize = 64 * 1024;
