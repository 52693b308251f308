//! The command line's grammar: the clap types of every command, flag and argument, with the
//! help text `cartstore --help` prints, and the parsers of the values clap cannot check alone.
//! Nothing here runs a command; `run` in the parent module dispatches what was parsed.

use std::path::PathBuf;

use cartstore::{BillingCycleType, CustomerSegment, ProvisioningStatus};
use clap::error::ErrorKind;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use rust_decimal::Decimal;

/// Partner Center carts and orders in a local SQLite file.
///
/// Every command reads Partner Center JSON (from FILE, or from standard input when FILE is `-`
/// or omitted) and prints Partner Center JSON on standard output. A failure prints
/// {"code", "errorName", "description"} on standard error, the description in the chosen
/// language, and exits with status 1; a usage error exits with status 2.
///
/// Start with `cartstore demo`.
#[derive(Debug, Parser)]
#[command(name = "cartstore", version)]
pub(super) struct Cli {
    /// The database: a SQLite file, or a PostgreSQL URL (postgres://user@host:port/dbname)
    /// [default: $CARTSTORE_DB, else the platform data directory:
    /// ~/.local/share/cartstore/cartstore.db on Linux]
    #[arg(long, global = true, value_name = "PATH", display_order = 100)]
    pub(super) db: Option<PathBuf>,

    /// The language of error descriptions: en, fr, ja or zh-TW, or a locale of --messages (any
    /// BCP 47 tag or POSIX locale name is matched) [default: from LC_ALL, LC_MESSAGES or LANG]
    #[arg(long, global = true, value_name = "TAG", display_order = 101)]
    pub(super) locale: Option<String>,

    /// Fluent messages layered on the built-in ones: an errors.ftl file, or a directory of
    /// <locale>/errors.ftl; a new locale (de, es, pt-BR) becomes available to --locale, a
    /// message of a built-in locale replaces its text, and what a new locale lacks is English
    /// [default: $CARTSTORE_MESSAGES]
    #[arg(long, global = true, value_name = "PATH", display_order = 102)]
    pub(super) messages: Option<PathBuf>,

    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Import, list, search or read the catalog (the offline stand-in for products, SKUs and
    /// availabilities)
    #[command(subcommand)]
    Catalog(Deferred<CatalogCommand>),
    /// Set or read a customer's profile (segment, market, currency, language, name)
    #[command(subcommand)]
    Customer(Deferred<CustomerCommand>),
    /// Create, read, update, list, delete and check out carts
    #[command(subcommand)]
    Cart(Deferred<CartCommand>),
    /// Read, list and cancel orders, read their provisioning status and record provisioning results
    #[command(subcommand)]
    Order(Deferred<OrderCommand>),
    /// Issue, read, list and render quotes: what a cart will cost, in the customer's language
    #[command(subcommand)]
    Quote(Deferred<QuoteCommand>),
    /// Set or read the partner profile: the seller (name, address, e-mail, phone, tax id, logo)
    /// and terms printed on every quote issued without its own
    #[command(subcommand)]
    Partner(Deferred<PartnerCommand>),
    /// Submit carts to Partner Center as real orders, and follow their submissions
    ///
    /// A submission is stored and runs to a final state (ordered, partiallyOrdered, failed,
    /// needsAttention) or parks (Partner Center unreachable or throttling for long, or no token
    /// accepted: pausedAuth); `pc resume` continues what was left unfinished. The access token
    /// comes from --token-command (run when a token is needed, and again after a 401) or
    /// $CARTSTORE_PC_TOKEN; cartstore does no sign-in of its own and never prints a token.
    #[command(subcommand)]
    Pc(Deferred<PcCommand>),
    /// Copy a whole store into an empty one: a desktop file into a team store, or back
    ///
    /// Everything: the catalog and price lists (with their history), customer and partner
    /// profiles, carts, orders, stored checkout results, and quotes with their numbering, in one
    /// transaction on the destination (all of it or nothing). Each side is a SQLite file or a
    /// postgres:// URL; --db is not used. The destination must be empty (a new file, or a new
    /// PostgreSQL database); the source file must exist. Prints {"from", "to"}.
    Copy {
        /// The store to copy: a SQLite file or a postgres:// URL
        #[arg(long, value_name = "DB")]
        from: PathBuf,
        /// The empty store to copy into: a SQLite file (created if missing) or a postgres:// URL
        #[arg(long, value_name = "DB")]
        to: PathBuf,
    },
    /// List every cart and order error code with its description in the chosen language
    ///
    /// With --messages, each description is marked built-in, overridden (a supplied text in
    /// place of the built-in one), added (a supplied text in a new locale) or fallback (from
    /// the locale named, English for a new locale).
    Errors {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Run an end-to-end example on the sample catalog
    ///
    /// Imports the sample catalog, creates the sample cart for the customer `demo-customer`
    /// (several order groups, an add-on, a promotion and one invalid line; both files are built
    /// in, from examples/catalog.json and examples/demo-cart.json), checks it out, and shows
    /// one error in all four languages. It runs on its own database, cartstore-demo.db in the
    /// data directory (else the temporary directory), created afresh on each run and printed;
    /// --db and $CARTSTORE_DB are not used, so your own database is never touched.
    Demo {
        /// Print one JSON object instead of text
        #[arg(long)]
        json: bool,
    },
}

/// A group of subcommands (`cart`, `catalog`, ...) whose subcommands and their arguments clap
/// builds only when the command line enters the group. Otherwise every call built every
/// group's, each argument with its help text and settings on the heap: a `cart list` on a
/// small file took 399 page faults, 361 with the groups deferred (`--version`: 264 and 220).
#[derive(Debug)]
pub(super) struct Deferred<T>(pub(super) T);

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        cmd.defer(|group| keeping_about(group, T::augment_subcommands))
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|group| keeping_about(group, T::augment_subcommands_for_update))
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

/// `group` given its subcommands by `augment`, its help texts kept: those of the variant that
/// names the group (`cartstore --help` lists them), which the enum's own doc comment would
/// otherwise replace once the group is built.
fn keeping_about(group: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = group.get_about().cloned();
    let long_about = group.get_long_about().cloned();
    let mut built = augment(group);
    if let Some(about) = about {
        built = built.about(about);
    }
    if let Some(long_about) = long_about {
        built = built.long_about(long_about);
    }
    built
}

#[derive(Debug, Subcommand)]
pub(super) enum CatalogCommand {
    /// Import a JSON catalog or a Partner Center price list (CSV, or a ZIP holding one CSV)
    ///
    /// The kind is told from the content. A JSON catalog is {"items": [...]}: an item replaces
    /// the one with the same catalogItemId, and the imported items are printed as stored. A
    /// price list (Microsoft's monthly new-commerce license-based list) is imported in one
    /// transaction (a bad row names its line and column, and nothing is written) and its
    /// import report is printed: {"format", "rows", "items", "pricesAdded", "pricesChanged",
    /// "pricesUnchanged", "pricesClosed", "pricesExtended", "pricesOutdated"}. A price list is
    /// a full list unless --partial: the prices of its markets and currencies that it no longer
    /// contains are closed at its date (kept as history). A progress bar shows on a terminal,
    /// nothing on a pipe.
    Import(ImportArgs),
    /// Print the whole catalog
    List,
    /// Search the catalog: words of ids, titles and descriptions (prefixes, any case or
    /// accents), best match first; prints a page of items with the terms that pass the filters
    Search {
        /// The words to look for ("busi bas" finds Business Basic); none: every item
        #[arg(value_name = "TEXT")]
        text: Option<String>,
        /// Only what a customer of this segment may buy (its SKUs and the commercial ones):
        /// commercial, education, charity or government
        #[arg(long, value_name = "S", value_parser = parse_segment)]
        segment: Option<CustomerSegment>,
        /// Only terms of this duration (P1M, P1Y, P3Y)
        #[arg(long = "term", value_name = "T")]
        term_duration: Option<String>,
        /// Only terms of this billing cycle (monthly, annual, triennial, none, ...)
        #[arg(long, value_name = "C", value_parser = parse_billing_cycle)]
        billing_cycle: Option<BillingCycleType>,
        /// Only terms in this currency (USD, EUR, ...)
        #[arg(long = "currency", value_name = "X")]
        currency_code: Option<String>,
        /// Items per page [default: 100; at most 1000]
        #[arg(long, value_name = "N")]
        page_size: Option<u32>,
        /// The continuationToken of the previous page
        #[arg(long, value_name = "T")]
        continuation: Option<String>,
    },
    /// Print one catalog item (a `ProductId:SkuId:AvailabilityId` id finds the price list's
    /// `ProductId:SkuId`)
    Get {
        /// The catalog item id
        #[arg(long = "item", value_name = "ID")]
        item: String,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum CustomerCommand {
    /// Set a customer's profile; the members not given keep their values; prints the profile
    Set {
        #[command(flatten)]
        customer: CustomerArg,
        /// The customer's name, as printed on quotes
        #[arg(long, value_name = "N")]
        name: Option<String>,
        /// commercial, education, charity or government (who may buy which SKUs)
        #[arg(long, value_name = "S", value_parser = parse_segment)]
        segment: Option<CustomerSegment>,
        /// The market: an ISO 3166 country code (US, FR, JP)
        #[arg(long, value_name = "CC")]
        market: Option<String>,
        /// The currency the customer buys in (USD, EUR, JPY)
        #[arg(long = "currency", value_name = "XXX")]
        currency_code: Option<String>,
        /// The language of the customer's quotes (a BCP 47 tag: fr-CA, ja, or a locale of
        /// --messages)
        #[arg(long, value_name = "TAG")]
        language: Option<String>,
        /// Deprecated: use --language. Given after `customer set` (and not also before it),
        /// it still sets the customer's language for this release, with a warning; the global
        /// --locale is only ever cartstore's own language
        #[arg(long, value_name = "TAG", hide = true)]
        locale: Option<String>,
        /// The customer's Partner Center tenant id (a GUID), to which `pc submit` submits its
        /// carts; without it the customer id must itself be a GUID. An empty text clears it
        #[arg(long, value_name = "GUID")]
        tenant_id: Option<String>,
    },
    /// Print a customer's profile (a customer without one is commercial, with no preferences)
    Get {
        #[command(flatten)]
        customer: CustomerArg,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum CartCommand {
    /// Create a cart from a JSON cart; prints it with its id, order groups, prices and line errors
    ///
    /// The file is a Partner Center cart, {"lineItems": [...]}. Invalid lines are kept, each
    /// with an `error`; a malformed request fails with 800002 and nothing is written.
    Create {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        body: BodyArg,
    },
    /// Print one cart
    Get {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        cart: CartArg,
    },
    /// Replace a cart with the one read from FILE; prints the updated cart
    ///
    /// The cart sent must carry the `id` and the `lastModifiedTimestamp` it was read with (edit
    /// the output of `cart get`); a stale timestamp fails with a conflict and nothing is written.
    Update {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        body: BodyArg,
    },
    /// Print every cart of a customer, oldest first
    List {
        #[command(flatten)]
        customer: CustomerArg,
    },
    /// Delete a cart that was not checked out; prints nothing
    Delete {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        cart: CartArg,
    },
    /// Check a cart out: one order per valid order group, an order error per failing group
    Checkout {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        cart: CartArg,
        /// An idempotency key: the result is stored under it and printed as stored (compact
        /// JSON); a retry with the same key prints the same bytes again
        #[arg(long, value_name = "R")]
        request_id: Option<String>,
        /// Show what the checkout would do, without doing it
        #[arg(long, conflicts_with = "request_id")]
        preview: bool,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum OrderCommand {
    /// Print one order
    Get {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        order: OrderArg,
    },
    /// Print a page of a customer's orders, newest first
    List {
        #[command(flatten)]
        customer: CustomerArg,
        /// Only orders of this billing cycle (monthly, annual, one_time, triennial, biennial,
        /// none, unknown)
        #[arg(long, value_name = "C", value_parser = parse_billing_cycle)]
        billing_cycle: Option<BillingCycleType>,
        /// Orders per page [default: 100; at most 1000]
        #[arg(long, value_name = "N")]
        page_size: Option<u32>,
        /// The continuationToken of the previous page
        #[arg(long, value_name = "T")]
        continuation: Option<String>,
    },
    /// Cancel a pending order; prints the cancelled order
    Cancel {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        order: OrderArg,
    },
    /// Print the provisioning status of every line of an order
    Status {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        order: OrderArg,
    },
    /// Record the provisioning result of one line of a pending order; prints the order
    ///
    /// The order becomes `completed` once every line is fulfilled. A line the order lacks, or an
    /// order that is not pending, fails with 800002; a pending order with a fulfilled line can no
    /// longer be cancelled (800061).
    Provision {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        order: OrderArg,
        /// The line's lineItemNumber (as `order get` and `order status` print it)
        #[arg(long = "line", value_name = "N", allow_negative_numbers = true)]
        line: i64,
        /// The result: fulfilled or unfulfilled
        #[arg(long, value_name = "STATUS", value_parser = parse_provisioning_result)]
        status: ProvisioningStatus,
    },
}

#[derive(Debug, Args)]
pub(super) struct CustomerArg {
    /// The customer (tenant) id
    #[arg(long = "customer", value_name = "ID")]
    pub(super) customer_id: String,
}

#[derive(Debug, Args)]
pub(super) struct CartArg {
    /// The cart id
    #[arg(long = "cart", value_name = "ID")]
    pub(super) cart_id: String,
}

#[derive(Debug, Args)]
pub(super) struct OrderArg {
    /// The order id
    #[arg(long = "order", value_name = "ID")]
    pub(super) order_id: String,
}

/// `catalog import`'s arguments.
#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    #[command(flatten)]
    pub(super) body: BodyArg,
    /// The price list is a subset (some products, one segment): close none of the prices it
    /// omits
    #[arg(long)]
    pub(super) partial: bool,
}

#[derive(Debug, Args)]
pub(super) struct BodyArg {
    /// The JSON file to read; `-` or nothing reads standard input
    #[arg(value_name = "FILE", default_value = "-")]
    pub(super) file: PathBuf,
}

fn parse_billing_cycle(text: &str) -> Result<BillingCycleType, String> {
    BillingCycleType::parse(text).ok_or_else(|| {
        let values: Vec<&str> = BillingCycleType::ALL.iter().map(|c| c.as_str()).collect();
        format!("expected one of {}", values.join(", "))
    })
}

fn parse_segment(text: &str) -> Result<CustomerSegment, String> {
    CustomerSegment::parse(text).ok_or_else(|| "expected one of commercial, education, charity, government".to_owned())
}

/// The result `order provision` records: `fulfilled` or `unfulfilled` (a line is
/// `prefulfillment_pending` only until a result is recorded).
fn parse_provisioning_result(text: &str) -> Result<ProvisioningStatus, String> {
    match ProvisioningStatus::parse(text) {
        Some(status @ (ProvisioningStatus::Fulfilled | ProvisioningStatus::Unfulfilled)) => Ok(status),
        _ => Err("expected fulfilled or unfulfilled".to_owned()),
    }
}

/// A usage error in clap's format (exit 2), for problems found after parsing.
pub(super) fn usage_error(kind: ErrorKind, message: impl std::fmt::Display) -> clap::Error {
    Cli::command().error(kind, message)
}

/// The `quote` commands (run by `quote.rs`).
#[derive(Debug, Subcommand)]
pub(super) enum QuoteCommand {
    /// Issue a quote for a cart: every line priced now, grouped per currency, billing cycle and
    /// term, stored under a new number (the same quote again while nothing its prices depend
    /// on has changed)
    Issue {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        cart: CartArg,
        /// Price at cost plus this percentage (0 to 1000) [default: cost]
        #[arg(long, value_name = "PCT", conflicts_with = "erp")]
        markup: Option<Decimal>,
        /// Price at the estimated retail price where the catalog has one (else cost)
        #[arg(long)]
        erp: bool,
    },
    /// Read a quote, exactly as issued
    Get {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        quote: QuoteArg,
    },
    /// List a customer's quotes, oldest first
    List {
        #[command(flatten)]
        customer: CustomerArg,
    },
    /// Render a quote as one self-contained, printable HTML document, in --locale, else the
    /// customer's language, else the environment's
    Render {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        quote: QuoteArg,
        /// Write the document to FILE instead of standard output (through a temporary file in
        /// its directory, renamed into place; never the database file)
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Render with this template (minijinja, HTML autoescaped; at most 1 MiB) instead of
        /// the built-in one
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub(super) struct QuoteArg {
    /// The quote number (Q-2026-000001)
    #[arg(long = "quote", value_name = "NUMBER")]
    pub(super) quote_number: String,
}

/// The `partner` commands (run by `partner.rs`).
#[derive(Debug, Subcommand)]
pub(super) enum PartnerCommand {
    /// Set the partner profile (the seller on every quote issued without one); the members not
    /// given keep their values, an empty text clears one; prints the profile
    Set {
        /// The partner's name
        #[arg(long, value_name = "N")]
        name: Option<String>,
        /// A line of the postal address; repeat it for each line (replaces all the lines)
        #[arg(long = "address", value_name = "A")]
        address_lines: Vec<String>,
        /// The e-mail address quotes print
        #[arg(long, value_name = "E")]
        email: Option<String>,
        /// The telephone number quotes print
        #[arg(long, value_name = "P")]
        phone: Option<String>,
        /// The tax registration number quotes print (VAT number, EIN)
        #[arg(long, value_name = "T")]
        tax_id: Option<String>,
        /// The logo: a PNG or SVG file of at most 256 KiB
        #[arg(long, value_name = "FILE")]
        logo: Option<PathBuf>,
        /// The terms and conditions: a UTF-8 text file of at most 64 KiB
        #[arg(long, value_name = "FILE")]
        terms: Option<PathBuf>,
    },
    /// Print the partner profile (the logo in base64)
    Get,
}

/// The `pc` commands (run by `pc.rs`).
#[derive(Debug, Subcommand)]
pub(super) enum PcCommand {
    /// Submit a cart to Partner Center as a real order, exactly once; prints the submission
    ///
    /// Exits 0 when it ends `ordered`; otherwise 1, with the submission on standard output and
    /// its lastError (partly ordered: the first failed order group's error) on standard error.
    /// The cart is frozen (`Submitting`) while it is submitted.
    Submit {
        #[command(flatten)]
        customer: CustomerArg,
        #[command(flatten)]
        cart: CartArg,
        #[command(flatten)]
        pc: PcArgs,
    },
    /// Print a customer's submissions (of one cart with --cart), oldest first, as
    /// {"totalCount", "items"}
    Status {
        #[command(flatten)]
        customer: CustomerArg,
        /// Only the submissions of this cart
        #[arg(long = "cart", value_name = "ID")]
        cart_id: Option<String>,
        #[command(flatten)]
        pc: PcArgs,
    },
    /// Continue every unfinished submission of the store (every customer's), each from its
    /// stored state; prints them as they end up, as {"totalCount", "items"}
    Resume {
        #[command(flatten)]
        pc: PcArgs,
    },
}

/// How to reach Partner Center: every `pc` command's options.
#[derive(Debug, Args)]
pub(super) struct PcArgs {
    /// Partner Center's base URL [default: $CARTSTORE_PC_ENDPOINT, else
    /// https://api.partnercenter.microsoft.com]
    #[arg(long, value_name = "URL")]
    pub(super) endpoint: Option<String>,
    /// A shell command printing an access token for Partner Center on standard output (run
    /// with `sh -c`, `cmd /C` on Windows, when a token is needed and again after a 401; it
    /// gets CARTSTORE_PC_TOKEN_REASON=initial|expired|rejected and, after a claims challenge,
    /// CARTSTORE_PC_CLAIMS) [default: the fixed token $CARTSTORE_PC_TOKEN]
    #[arg(long, value_name = "CMD")]
    pub(super) token_command: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
