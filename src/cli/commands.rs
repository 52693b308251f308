//! The bodies of the `catalog`, `customer`, `cart` and `order` commands: each one reads its request body
//! (if any), makes one call of the [`Store`], and prints the Partner Center JSON it returns.
//! A command that changes data prints with [`io::print_change`], so that a result that cannot
//! be written is a failure rather than lost quietly.

use std::io::Write as _;

use cartstore::{Cart, CatalogQuery, OrderQuery, Store};

use super::args::{CartArg, CartCommand, CatalogCommand, CustomerArg, CustomerCommand, OrderArg, OrderCommand};
use super::io::{self, Outcome};

pub(super) fn catalog(store: &Store, command: &CatalogCommand) -> Outcome {
    match command {
        CatalogCommand::Import(args) => super::import::import(store, &args.body.file, args.partial),
        CatalogCommand::List => io::print_json(&store.list_catalog()?),
        CatalogCommand::Search {
            text,
            segment,
            term_duration,
            billing_cycle,
            currency_code,
            page_size,
            continuation,
        } => {
            let query = CatalogQuery {
                text: text.clone(),
                segment: *segment,
                term_duration: term_duration.clone(),
                billing_cycle: *billing_cycle,
                currency_code: currency_code.clone(),
                page_size: *page_size,
                continuation: continuation.clone(),
            };
            io::print_json(&store.search_catalog(&query)?)
        }
        CatalogCommand::Get { item } => io::print_json(&store.catalog_item(item)?),
    }
}

/// Runs a `customer` command. `deprecated_locale` is `customer set --locale TAG` when it was
/// given only after the subcommand (see [`super::deprecated_profile_locale`]): the customer's
/// language unless `--language` is given too.
pub(super) fn customer(store: &Store, command: &CustomerCommand, deprecated_locale: Option<&str>) -> Outcome {
    match command {
        CustomerCommand::Set {
            customer: CustomerArg { customer_id },
            name,
            segment,
            market,
            currency_code,
            language,
            locale: _,
            tenant_id,
        } => {
            let locale = match (language, deprecated_locale) {
                (Some(tag), _) => Some(tag.clone()),
                (None, Some(tag)) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "cartstore: warning: `customer set --locale` is deprecated and will be removed: use \
                         --language {tag} for the customer's quote language (--locale is cartstore's own language)"
                    );
                    Some(tag.to_owned())
                }
                (None, None) => None,
            };
            let mut profile = store.get_customer(customer_id)?;
            if name.is_some() {
                profile.name.clone_from(name);
            }
            if let Some(segment) = segment {
                profile.segment = *segment;
            }
            if market.is_some() {
                profile.market.clone_from(market);
            }
            if currency_code.is_some() {
                profile.currency_code.clone_from(currency_code);
            }
            if locale.is_some() {
                profile.locale = locale;
            }
            if tenant_id.is_some() {
                // An empty text clears it (the library reads a blank tenant id as none).
                profile.tenant_id.clone_from(tenant_id);
            }
            io::print_change(&store.set_customer(customer_id, &profile)?)
        }
        CustomerCommand::Get { customer: CustomerArg { customer_id } } => {
            io::print_json(&store.get_customer(customer_id)?)
        }
    }
}

pub(super) fn cart(store: &Store, command: &CartCommand) -> Outcome {
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

pub(super) fn order(store: &Store, command: &OrderCommand) -> Outcome {
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
