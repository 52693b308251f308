//! The bodies of the `catalog`, `cart` and `order` commands: each one reads its request body
//! (if any), makes one call of the [`Store`], and prints the Partner Center JSON it returns.
//! A command that changes data prints with [`io::print_change`], so that a result that cannot
//! be written is a failure rather than lost quietly.

use cartstore::{Cart, Catalog, OrderQuery, Store};

use super::args::{CartArg, CartCommand, CatalogCommand, CustomerArg, OrderArg, OrderCommand};
use super::io::{self, Outcome};

pub(super) fn catalog(store: &Store, command: &CatalogCommand) -> Outcome {
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
