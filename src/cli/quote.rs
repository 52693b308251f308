//! The `quote` commands: issue a quote for a cart, read one, list a customer's, and render one
//! as an HTML document in the customer's language.

use std::path::Path;

use cartstore::quote::{PriceBasis, QuoteOptions, QuoteTemplate};
use cartstore::{Localizer, Store};

use super::args::{CartArg, CustomerArg, QuoteArg, QuoteCommand};
use super::io::{self, Outcome};

/// The largest template file `quote render --template` reads: 1 MiB (the built-in template is
/// about 10 KB).
pub(super) const MAX_TEMPLATE_FILE_BYTES: usize = 1024 * 1024;

/// Runs a `quote` command on the store opened on `db`. `explicit` is the `--locale` given on
/// the command line, if any; `l10n` the language negotiated from it or from the environment
/// (with the messages of `--messages`, which a customer's language keeps too).
pub(super) fn run(
    store: &Store,
    db: &Path,
    command: &QuoteCommand,
    explicit: Option<&str>,
    l10n: Localizer,
) -> Outcome {
    match command {
        QuoteCommand::Issue { customer: CustomerArg { customer_id }, cart: CartArg { cart_id }, markup, erp } => {
            let price_basis = match (markup, erp) {
                (Some(percent), _) => PriceBasis::Markup(*percent),
                (None, true) => PriceBasis::Erp,
                (None, false) => PriceBasis::Cost,
            };
            let options = QuoteOptions { price_basis, ..QuoteOptions::default() };
            io::print_change(&store.issue_quote(customer_id, cart_id, &options)?)
        }
        QuoteCommand::Get { customer: CustomerArg { customer_id }, quote: QuoteArg { quote_number } } => {
            io::print_json(&store.get_quote(customer_id, quote_number)?)
        }
        QuoteCommand::List { customer: CustomerArg { customer_id } } => {
            let quotes = store.list_quotes(customer_id)?;
            let total = u64::try_from(quotes.len()).unwrap_or(u64::MAX);
            io::print_json(&cartstore::Collection::new(quotes, total, None))
        }
        QuoteCommand::Render {
            customer: CustomerArg { customer_id },
            quote: QuoteArg { quote_number },
            output,
            template,
        } => {
            let quote = store.get_quote(customer_id, quote_number)?;
            // --locale, else the customer's profile's language (as it is now, else as it was
            // when the quote was issued), else the environment's.
            let profile = store.get_customer(customer_id)?.locale.or_else(|| quote.customer.locale.clone());
            let language = match (explicit, profile.as_deref()) {
                (Some(_), _) | (None, None) => l10n,
                (None, Some(tag)) => l10n.negotiate_with(&[tag]),
            };
            let html = match template {
                None => quote.to_html(&language),
                Some(path) => {
                    let source = io::read_file_capped(path, MAX_TEMPLATE_FILE_BYTES)?;
                    quote.to_html_with(&language, &QuoteTemplate::parse(&source)?)?
                }
            };
            match output {
                None => io::print_text(&html),
                Some(path) => io::write_output(path, html.as_bytes(), db),
            }
        }
    }
}
