//! The command line's entry point: parse the arguments, choose the locale and the messages,
//! open the database, dispatch the command, and turn its outcome into the exit code.
//!
//! The CLI is a thin client of the public API: it parses arguments ([`args`]), reads a JSON
//! body from a file or stdin ([`io`]), calls the [`Store`] ([`commands`], [`error_codes`],
//! [`demo`]), and prints the Partner Center JSON the call returns. Failures are the library's
//! errors, printed by [`io::print_error`] (exit 1); usage errors are clap's (exit 2).

mod args;
mod commands;
mod demo;
mod error_codes;
mod import;
mod io;
mod partner;
mod paths;
mod pc;
mod quote;
mod startup;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cartstore::l10n::Messages;
use cartstore::{Error, Localizer, StorageKind, Store, StoreOptions};
use clap::Parser;
use clap::error::ErrorKind;

use args::{CartCommand, Cli, Command, Deferred, usage_error};
use io::{Failure, Outcome};

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
            // A storage failure names the database file (a PostgreSQL URL without its
            // password), so that the user knows which one.
            let file = match &err {
                // `copy` does not use --db: its error names no database.
                _ if matches!(cli.command, Command::Copy { .. }) => None,
                Error::Storage { .. } => paths::database(cli.db.as_deref()).ok().map(|db| paths::shown(&db)),
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
        Err(Failure::Reported) => ExitCode::FAILURE,
    }
}

/// `TAG` of `customer set ... --locale TAG` when `--locale` was given only after `set` on the
/// command line `args` (the program name first): the deprecated spelling of `--language`.
/// `None` when `--locale` was given before the subcommand (the global flag: cartstore's own
/// language, never the customer's) or on both sides (ambiguous), or not at all.
///
/// clap gives a global flag and a subcommand's flag of the same name one value, so where it
/// was written is read here from the arguments: the global flags that take a value (`--db`,
/// `--locale`, `--messages`) are skipped with their value, the first two other words are the
/// command and the subcommand.
fn deprecated_profile_locale(args: &[std::ffi::OsString]) -> Option<String> {
    let mut words = 0;
    let mut before = false;
    let mut after: Option<String> = None;
    let mut iter = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--locale" {
            Some(iter.next().map(|v| v.into_owned()).unwrap_or_default())
        } else if let Some(value) = arg.strip_prefix("--locale=") {
            Some(value.to_owned())
        } else {
            if words < 2 && (arg == "--db" || arg == "--messages") {
                iter.next();
            } else if words < 2 && !arg.starts_with('-') {
                words += 1;
            }
            None
        };
        match (value, words) {
            (Some(_), 0 | 1) => before = true,
            (Some(tag), _) => after = Some(tag),
            (None, _) => {}
        }
    }
    if before { None } else { after }
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
        paths::PathError::CreateDir(dir, e) => {
            let kind =
                if e.kind() == std::io::ErrorKind::PermissionDenied { StorageKind::ReadOnly } else { StorageKind::Io };
            Failure::Store(Error::storage_caused_by(kind, format!("cannot create {}", dir.display()), e))
        }
    })?;
    let store = Store::open_with(&path, StoreOptions { locale: l10n, ..StoreOptions::default() })?;
    Ok((store, path))
}

/// `cartstore copy --from SRC --to DST`: a source file must exist (it is never created).
fn copy(from: &Path, to: &Path, l10n: Localizer) -> Outcome {
    let is_url = |p: &Path| {
        let scheme = p.to_str().and_then(|t| t.split_once("://")).map(|(scheme, _)| scheme);
        scheme.is_some_and(|s| s.eq_ignore_ascii_case("postgres") || s.eq_ignore_ascii_case("postgresql"))
    };
    if !is_url(from) && !from.is_file() {
        let err = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        return Err(Failure::Store(Error::file(from, cartstore::FileOperation::Read, &err)));
    }
    let (source, _) = open_path(Ok(from.to_path_buf()), l10n)?;
    let (destination, _) = open_path(Ok(to.to_path_buf()), l10n)?;
    source.copy_into(&destination)?;
    io::print_change(&serde_json::json!({
        "from": paths::shown(from).display().to_string(),
        "to": paths::shown(to).display().to_string(),
    }))
}

fn run(cli: &Cli, l10n: Localizer) -> Outcome {
    let db = cli.db.as_deref();
    // Every command but `cart delete` prints its result: with stdout closed, do nothing.
    let prints = !matches!(cli.command, Command::Cart(Deferred(CartCommand::Delete { .. })));
    if prints && io::stdout_closed() {
        return Err(Failure::Output(std::io::Error::new(
            std::io::ErrorKind::BrokenPipe,
            "standard output is closed; nothing was done",
        )));
    }
    match &cli.command {
        Command::Errors { json } => error_codes::errors(l10n, *json, messages_path(cli.messages.as_deref()).is_some()),
        Command::Demo { json } => {
            // Its own fresh file, never the user's database: the demo imports a catalog.
            let (store, path) = open_path(paths::demo_database(), l10n)?;
            demo::run(&store, &path, l10n, *json)
        }
        Command::Catalog(Deferred(command)) => {
            let (store, _) = open_store(db, l10n)?;
            commands::catalog(&store, command)
        }
        Command::Customer(Deferred(command)) => {
            let (store, _) = open_store(db, l10n)?;
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            commands::customer(&store, command, deprecated_profile_locale(&args).as_deref())
        }
        Command::Cart(Deferred(command)) => {
            let (store, _) = open_store(db, l10n)?;
            commands::cart(&store, command)
        }
        Command::Order(Deferred(command)) => {
            let (store, _) = open_store(db, l10n)?;
            commands::order(&store, command)
        }
        Command::Quote(Deferred(command)) => {
            let (store, path) = open_store(db, l10n)?;
            quote::run(&store, &path, command, cli.locale.as_deref(), l10n)
        }
        Command::Partner(Deferred(command)) => {
            let (store, _) = open_store(db, l10n)?;
            partner::run(&store, command)
        }
        Command::Pc(Deferred(command)) => {
            let (store, _) = open_store(db, l10n)?;
            pc::run(&store, command)
        }
        Command::Copy { from, to } => copy(from, to, l10n),
    }
}
