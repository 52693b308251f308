//! The command line: clap types, and dispatch of each command to one call of the library.
//!
//! The CLI is a thin client of the public API: it parses arguments, reads a JSON body from a
//! file or stdin, calls the [`Store`], and prints the Partner Center JSON the call returns.
//! Failures are the library's errors, printed by [`io::print_error`] (exit 1); usage errors are
//! clap's (exit 2).

mod demo;
mod io;
mod paths;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cartstore::l10n::{Messages, Origin, cart_message_id, order_message_id};
use cartstore::{
    BillingCycleType, Cart, CartErrorCode, Catalog, Error, Localizer, OrderErrorCode, OrderQuery, ProvisioningStatus,
    StorageKind, Store, StoreOptions,
};
use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand};
use serde::Serialize;

use io::{Failure, Outcome};

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
struct Cli {
    /// The database file [default: $CARTSTORE_DB, else the platform data directory:
    /// ~/.local/share/cartstore/cartstore.db on Linux]
    #[arg(long, global = true, value_name = "PATH", display_order = 100)]
    db: Option<PathBuf>,

    /// The language of error descriptions: en, fr, ja or zh-TW, or a locale of --messages (any
    /// BCP 47 tag or POSIX locale name is matched) [default: from LC_ALL, LC_MESSAGES or LANG]
    #[arg(long, global = true, value_name = "TAG", display_order = 101)]
    locale: Option<String>,

    /// Fluent messages layered on the built-in ones: an errors.ftl file, or a directory of
    /// <locale>/errors.ftl; a new locale (de, es, pt-BR) becomes available to --locale, a
    /// message of a built-in locale replaces its text, and what a new locale lacks is English
    /// [default: $CARTSTORE_MESSAGES]
    #[arg(long, global = true, value_name = "PATH", display_order = 102)]
    messages: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import or list the catalog (the offline stand-in for products, SKUs and availabilities)
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Create, read, update, list, delete and check out carts
    #[command(subcommand)]
    Cart(CartCommand),
    /// Read, list and cancel orders, read their provisioning status and record provisioning results
    #[command(subcommand)]
    Order(OrderCommand),
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
    /// Imports the sample catalog, creates a new cart for the customer `demo-customer` with
    /// several order groups, an add-on and one invalid line, checks it out, and shows one error
    /// in all four languages. It runs on its own database, cartstore-demo.db in the data
    /// directory (else the temporary directory), created afresh on each run and printed; --db
    /// and $CARTSTORE_DB are not used, so your own database is never touched.
    Demo {
        /// Print one JSON object instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum CatalogCommand {
    /// Import catalog items from a JSON file; prints the imported items as stored
    ///
    /// The file is {"items": [...]}; an item replaces the one with the same catalogItemId.
    Import(BodyArg),
    /// Print the whole catalog
    List,
}

#[derive(Debug, Subcommand)]
enum CartCommand {
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
enum OrderCommand {
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
struct CustomerArg {
    /// The customer (tenant) id
    #[arg(long = "customer", value_name = "ID")]
    customer_id: String,
}

#[derive(Debug, Args)]
struct CartArg {
    /// The cart id
    #[arg(long = "cart", value_name = "ID")]
    cart_id: String,
}

#[derive(Debug, Args)]
struct OrderArg {
    /// The order id
    #[arg(long = "order", value_name = "ID")]
    order_id: String,
}

#[derive(Debug, Args)]
struct BodyArg {
    /// The JSON file to read; `-` or nothing reads standard input
    #[arg(value_name = "FILE", default_value = "-")]
    file: PathBuf,
}

fn parse_billing_cycle(text: &str) -> Result<BillingCycleType, String> {
    BillingCycleType::parse(text).ok_or_else(|| {
        let values: Vec<&str> = BillingCycleType::ALL.iter().map(|c| c.as_str()).collect();
        format!("expected one of {}", values.join(", "))
    })
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
fn usage_error(kind: ErrorKind, message: impl std::fmt::Display) -> clap::Error {
    Cli::command().error(kind, message)
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return exit_code(err.exit_code());
        }
    };
    let requested = requested_locale(cli.locale.as_deref());
    let tags: Vec<&str> = requested.as_deref().into_iter().collect();
    let messages_path = messages_path(cli.messages.as_deref());
    let l10n = match supplied_messages(messages_path.as_deref()) {
        Ok(messages) => messages.negotiate(&tags),
        Err(err) => {
            // Refused messages are described with the built-in ones.
            io::print_error(&err, Localizer::negotiate(&tags), None);
            return ExitCode::FAILURE;
        }
    };
    match run(&cli, l10n) {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Store(err)) => {
            // A storage failure names the database file, so that the user knows which one.
            let file = match &err {
                Error::Storage { .. } => paths::database(cli.db.as_deref()).ok(),
                _ => None,
            };
            io::print_error(&err, l10n, file.as_deref());
            ExitCode::FAILURE
        }
        Err(Failure::Usage(err)) => {
            let _ = err.print();
            exit_code(err.exit_code())
        }
        Err(Failure::Output(err)) => {
            io::print_output_error(&err);
            ExitCode::FAILURE
        }
        Err(Failure::Input(err)) => {
            io::print_error(&err, l10n, None);
            ExitCode::FAILURE
        }
    }
}

fn exit_code(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// The locale asked for: `--locale`, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
/// set and not empty (POSIX precedence). It is negotiated among the four catalogs and the
/// locales of `--messages`; English when none fits.
fn requested_locale(flag: Option<&str>) -> Option<String> {
    match flag {
        Some(tag) => Some(tag.to_owned()),
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|value| !value.trim().is_empty())),
    }
}

/// The messages to load: `--messages`, else `$CARTSTORE_MESSAGES`; empty is none.
fn messages_path(flag: Option<&Path>) -> Option<PathBuf> {
    match flag {
        Some(path) => Some(path.to_path_buf()),
        None => std::env::var_os("CARTSTORE_MESSAGES").map(PathBuf::from),
    }
    .filter(|p| !p.as_os_str().is_empty())
}

/// The messages at `path`, checked; none without a path.
fn supplied_messages(path: Option<&Path>) -> Result<Messages, Error> {
    let mut messages = Messages::new();
    if let Some(path) = path {
        messages.load(path)?;
    }
    Ok(messages)
}

/// Opens the store at `--db`, `$CARTSTORE_DB`, or the platform default, with `l10n` for the
/// descriptions the store writes into line errors and order errors.
fn open_store(db: Option<&Path>, l10n: Localizer) -> Result<(Store, PathBuf), Failure> {
    open_path(paths::database(db), l10n)
}

/// Opens the store at `path`, mapping a path that could not be chosen as [`open_store`] does.
fn open_path(path: Result<PathBuf, paths::PathError>, l10n: Localizer) -> Result<(Store, PathBuf), Failure> {
    let path = path.map_err(|err| match err {
        paths::PathError::NoDataDir => Failure::Usage(usage_error(
            ErrorKind::MissingRequiredArgument,
            "no database path: pass --db PATH or set CARTSTORE_DB (no data directory was found in the environment)",
        )),
        paths::PathError::CreateDir(dir, e) => Failure::Store(Error::Storage {
            kind: if e.kind() == std::io::ErrorKind::PermissionDenied {
                StorageKind::ReadOnly
            } else {
                StorageKind::Io
            },
            detail: format!("cannot create {}: {e}", dir.display()),
        }),
    })?;
    let store = Store::open_with(&path, StoreOptions { locale: l10n, ..StoreOptions::default() })?;
    Ok((store, path))
}

fn run(cli: &Cli, l10n: Localizer) -> Outcome {
    let db = cli.db.as_deref();
    // Every command but `cart delete` prints its result: with stdout closed, do nothing.
    let prints = !matches!(cli.command, Command::Cart(CartCommand::Delete { .. }));
    if prints && io::stdout_closed() {
        return Err(Failure::Output(std::io::Error::new(
            std::io::ErrorKind::BrokenPipe,
            "standard output is closed; nothing was done",
        )));
    }
    match &cli.command {
        Command::Errors { json } => errors(l10n, *json, messages_path(cli.messages.as_deref()).is_some()),
        Command::Demo { json } => {
            // Its own fresh file, never the user's database: the demo imports a catalog.
            let (store, path) = open_path(paths::demo_database(), l10n)?;
            demo::run(&store, &path, l10n, *json)
        }
        Command::Catalog(command) => {
            let (store, _) = open_store(db, l10n)?;
            catalog(&store, command)
        }
        Command::Cart(command) => {
            let (store, _) = open_store(db, l10n)?;
            cart(&store, command)
        }
        Command::Order(command) => {
            let (store, _) = open_store(db, l10n)?;
            order(&store, command)
        }
    }
}

fn catalog(store: &Store, command: &CatalogCommand) -> Outcome {
    match command {
        CatalogCommand::Import(body) => {
            let catalog: Catalog = io::read_body(&body.file)?;
            store.import_catalog(&catalog)?;
            let imported: std::collections::HashSet<&str> =
                catalog.items.iter().map(|i| i.catalog_item_id.as_str()).collect();
            let mut stored = store.list_catalog()?;
            stored.items.retain(|item| imported.contains(item.catalog_item_id.as_str()));
            io::print_change(&stored)
        }
        CatalogCommand::List => io::print_json(&store.list_catalog()?),
    }
}

fn cart(store: &Store, command: &CartCommand) -> Outcome {
    match command {
        CartCommand::Create { customer: CustomerArg { customer_id }, body } => {
            let new_cart: Cart = io::read_body(&body.file)?;
            io::print_change(&store.create_cart(customer_id, &new_cart)?)
        }
        CartCommand::Get { customer: CustomerArg { customer_id }, cart: CartArg { cart_id } } => {
            io::print_json(&store.get_cart(customer_id, cart_id)?)
        }
        CartCommand::Update { customer: CustomerArg { customer_id }, body } => {
            let edited: Cart = io::read_body(&body.file)?;
            io::print_change(&store.update_cart(customer_id, &edited)?)
        }
        CartCommand::List { customer: CustomerArg { customer_id } } => {
            let carts = store.list_carts(customer_id)?;
            let total = u64::try_from(carts.len()).unwrap_or(u64::MAX);
            io::print_json(&cartstore::Collection::new(carts, total, None))
        }
        CartCommand::Delete { customer: CustomerArg { customer_id }, cart: CartArg { cart_id } } => {
            Ok(store.delete_cart(customer_id, cart_id)?)
        }
        CartCommand::Checkout {
            customer: CustomerArg { customer_id },
            cart: CartArg { cart_id },
            request_id,
            preview,
        } => {
            if *preview {
                return io::print_json(&store.preview_checkout(customer_id, cart_id)?);
            }
            match request_id {
                // The stored JSON exactly, so that a retry prints the same bytes.
                Some(request) => {
                    let (_, json) = store.checkout_json(customer_id, cart_id, request)?;
                    io::print_change_text(&format!("{json}\n"))
                }
                None => io::print_change(&store.checkout(customer_id, cart_id)?),
            }
        }
    }
}

fn order(store: &Store, command: &OrderCommand) -> Outcome {
    match command {
        OrderCommand::Get { customer: CustomerArg { customer_id }, order: OrderArg { order_id } } => {
            io::print_json(&store.get_order(customer_id, order_id)?)
        }
        OrderCommand::List { customer: CustomerArg { customer_id }, billing_cycle, page_size, continuation } => {
            let query =
                OrderQuery { billing_cycle: *billing_cycle, page_size: *page_size, continuation: continuation.clone() };
            io::print_json(&store.list_orders(customer_id, &query)?)
        }
        OrderCommand::Cancel { customer: CustomerArg { customer_id }, order: OrderArg { order_id } } => {
            io::print_change(&store.cancel_order(customer_id, order_id)?)
        }
        OrderCommand::Status { customer: CustomerArg { customer_id }, order: OrderArg { order_id } } => {
            io::print_json(&store.provisioning_status(customer_id, order_id)?)
        }
        OrderCommand::Provision {
            customer: CustomerArg { customer_id },
            order: OrderArg { order_id },
            line,
            status,
        } => io::print_change(&store.record_provisioning(customer_id, order_id, *line, *status)?),
    }
}

/// One code of the `errors` listing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeDescription {
    code: i32,
    name: &'static str,
    description: String,
    /// With `--messages`: `built-in`, `overridden`, `added` or `fallback`.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'static str>,
    /// The locale a fallback comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback_locale: Option<&'static str>,
}

impl CodeDescription {
    /// `description` of message `id`, marked with its origin when `marked`.
    fn new(l10n: Localizer, marked: bool, id: &str, (code, name): (i32, &'static str), description: String) -> Self {
        let (origin, fallback_locale) = match l10n.origin(id) {
            _ if !marked => (None, None),
            Some(Origin::BuiltIn) => (Some("built-in"), None),
            Some(Origin::Overridden) => (Some("overridden"), None),
            Some(Origin::Added) => (Some("added"), None),
            Some(Origin::Fallback { locale, .. }) => (Some("fallback"), Some(locale)),
            _ => (None, None),
        };
        CodeDescription { code, name, description, origin, fallback_locale }
    }

    /// The origin column of the table: `added`, `fallback (en)`.
    fn origin_cell(&self) -> String {
        match (self.origin, self.fallback_locale) {
            (Some(origin), Some(locale)) => format!("{origin} ({locale})"),
            (Some(origin), None) => origin.to_owned(),
            _ => String::new(),
        }
    }
}

/// The `errors --json` document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorCodes {
    locale: &'static str,
    cart_error_codes: Vec<CodeDescription>,
    order_error_codes: Vec<CodeDescription>,
}

/// The arguments of order error descriptions, shown as placeholders (`{cartId}`).
const PLACEHOLDERS: [(&str, &str); 5] = [
    ("cartId", "{cartId}"),
    ("orderId", "{orderId}"),
    ("customerId", "{customerId}"),
    ("to", "{to}"),
    ("from", "{from}"),
];

/// The `errors` listing; `marked` (with `--messages`) adds each description's origin.
fn errors(l10n: Localizer, json: bool, marked: bool) -> Outcome {
    let codes = ErrorCodes {
        locale: l10n.locale(),
        cart_error_codes: CartErrorCode::ALL
            .iter()
            .map(|c| {
                CodeDescription::new(l10n, marked, &cart_message_id(*c), (c.code(), c.name()), l10n.cart_error(*c))
            })
            .collect(),
        order_error_codes: OrderErrorCode::ALL
            .iter()
            .map(|c| {
                let description = l10n.order_error(*c, &PLACEHOLDERS);
                CodeDescription::new(l10n, marked, &order_message_id(*c), (c.code(), c.name()), description)
            })
            .collect(),
    };
    if json {
        return io::print_json(&codes);
    }
    let rows = |list: &[CodeDescription]| -> Vec<Vec<String>> {
        list.iter()
            .map(|c| {
                let mut row = vec![c.code.to_string(), c.name.to_owned(), c.description.clone()];
                if marked {
                    row.insert(2, c.origin_cell());
                }
                row
            })
            .collect()
    };
    let (header, right): (&[&str], &[bool]) = if marked {
        (&["Code", "Name", "Origin", "Description"], &[true, false, false, false])
    } else {
        (&["Code", "Name", "Description"], &[true, false, false])
    };
    let language = l10n.message("label-locale-name", &[]);
    let mut text = format!("Cart error codes (line items), {language} ({})\n", l10n.locale());
    text.push_str(&io::table(header, &rows(&codes.cart_error_codes), right, "  "));
    text.push_str(&format!("\nOrder error codes, {language} ({})\n", l10n.locale()));
    text.push_str(&io::table(header, &rows(&codes.order_error_codes), right, "  "));
    if marked {
        let all = || codes.cart_error_codes.iter().chain(&codes.order_error_codes);
        let count = |origin: &str| all().filter(|c| c.origin == Some(origin)).count();
        text.push_str(&format!(
            "\n{}: {} built-in, {} overridden, {} added, {} fall back\n",
            l10n.locale(),
            count("built-in"),
            count("overridden"),
            count("added"),
            count("fallback"),
        ));
    }
    io::print_text(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
