//! The order operations of [`Store`]: read, list (newest first, keyset-paged by a
//! continuation token), cancel, and provisioning.

use super::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, OrderQuery};
use super::{Store, check_customer, check_id, guid, not_found_order};
use crate::cart_rules::adjust_inventory;
use crate::error::{Error, InputProblem, Result};
use crate::model::{Collection, Order, OrderLineItemProvisioningStatus, OrderStatus, ProvisioningStatus};

impl Store {
    /// One of `customer`'s orders.
    ///
    /// # Errors
    /// [`Error::OrderNotFound`] when the customer has no such order.
    pub fn get_order(&self, customer: &str, order_id: &str) -> Result<Order> {
        check_customer(customer)?;
        check_id(order_id, "orderId")?;
        let order_id = &*guid(order_id);
        self.read(|tx| tx.order(customer, order_id))?
            .map(|o| linked(customer, o))
            .ok_or_else(|| not_found_order(order_id))
    }

    /// A page of `customer`'s orders, newest first, with the total count and, unless it is the
    /// last page, a continuation token. A page costs the same however many orders precede it.
    ///
    /// ```
    /// use cartstore::{OrderQuery, Store};
    /// let store = Store::open_in_memory().unwrap();
    /// let page = store.list_orders("customer-1", &OrderQuery { page_size: Some(50), ..OrderQuery::default() }).unwrap();
    /// assert_eq!(page.total_count, 0);
    /// assert!(page.continuation_token.is_none());
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a page size of 0 or a token this store did not issue.
    pub fn list_orders(&self, customer: &str, query: &OrderQuery) -> Result<Collection<Order>> {
        check_customer(customer)?;
        let size = match query.page_size {
            Some(0) => return Err(Error::invalid("pageSize", InputProblem::OutOfRange)),
            Some(n) => n.min(MAX_PAGE_SIZE),
            None => DEFAULT_PAGE_SIZE,
        };
        let before = match query.continuation.as_deref() {
            Some(token) => decode_token(token)?,
            None => i64::MAX,
        };
        let (total, mut page) = self.read(|tx| {
            let total = tx.order_count(customer, query.billing_cycle)?;
            let page = tx.order_page(customer, query.billing_cycle, before, size.saturating_add(1))?;
            Ok((total, page))
        })?;
        let more = page.len() > size as usize;
        page.truncate(size as usize);
        let token = if more { page.last().map(|(seq, _)| encode_token(*seq)) } else { None };
        // The customer's part of every link encoded once for the page.
        let customer_path = Order::customer_path(customer);
        let orders = page
            .into_iter()
            .map(|(_, mut order)| {
                order.fill_links_under(&customer_path);
                order
            })
            .collect();
        let mut collection = Collection::new(orders, total, token);
        collection.fill_order_links(customer, query.billing_cycle);
        Ok(collection)
    }

    /// Cancels a `pending` order: status `cancelled`, lines `unfulfilled`, inventory restored.
    ///
    /// # Errors
    /// [`Error::OrderNotFound`]; [`Error::OrderCannotBeCancelled`] (800061) for any other status.
    pub fn cancel_order(&self, customer: &str, order_id: &str) -> Result<Order> {
        check_customer(customer)?;
        check_id(order_id, "orderId")?;
        let order_id = &*guid(order_id);
        self.write(Store::storage_busy, |tx| {
            let row = tx.order_row(customer, order_id)?.ok_or_else(|| not_found_order(order_id))?;
            // A pending order with a line already provisioned is under way: not cancellable.
            if row.status != OrderStatus::Pending || tx.any_fulfilled(order_id)? {
                return Err(Error::OrderCannotBeCancelled { order_id: row.order_id, status: row.status });
            }
            tx.set_order_status(order_id, OrderStatus::Cancelled)?;
            tx.set_line_status(order_id, None, ProvisioningStatus::Unfulfilled)?;
            for (offer, taken) in tx.inventory_taken(order_id)? {
                if taken > 0 {
                    adjust_inventory(tx, &offer, taken)?;
                }
            }
            tx.order(customer, order_id)?.map(|o| linked(customer, o)).ok_or_else(|| not_found_order(order_id))
        })
    }

    /// The provisioning status of every line of an order.
    ///
    /// # Errors
    /// [`Error::OrderNotFound`].
    pub fn provisioning_status(
        &self,
        customer: &str,
        order_id: &str,
    ) -> Result<Collection<OrderLineItemProvisioningStatus>> {
        check_customer(customer)?;
        check_id(order_id, "orderId")?;
        let order_id = &*guid(order_id);
        let items = self.read(|tx| {
            tx.order_row(customer, order_id)?.ok_or_else(|| not_found_order(order_id))?;
            tx.provisioning(order_id)
        })?;
        let total = items.len() as u64;
        Ok(Collection::new(items, total, None))
    }

    /// Records the provisioning result of one line of a `pending` order; the order becomes
    /// `completed` once every line is `fulfilled`. Returns the order.
    ///
    /// # Errors
    /// [`Error::OrderNotFound`]; [`Error::InvalidInput`] for a line the order lacks, or when
    /// the order is not `pending` (`status`, not allowed).
    pub fn record_provisioning(
        &self,
        customer: &str,
        order_id: &str,
        line_item_number: i64,
        status: ProvisioningStatus,
    ) -> Result<Order> {
        check_customer(customer)?;
        check_id(order_id, "orderId")?;
        let order_id = &*guid(order_id);
        self.write(Store::storage_busy, |tx| {
            let row = tx.order_row(customer, order_id)?.ok_or_else(|| not_found_order(order_id))?;
            if row.status != OrderStatus::Pending {
                return Err(Error::invalid("status", InputProblem::NotAllowed));
            }
            if tx.set_line_status(order_id, Some(line_item_number), status)? == 0 {
                return Err(Error::invalid("lineItemNumber", InputProblem::OutOfRange));
            }
            let lines = tx.provisioning(order_id)?;
            if lines.iter().all(|l| l.status == Some(ProvisioningStatus::Fulfilled)) {
                tx.set_order_status(order_id, OrderStatus::Completed)?;
            }
            tx.order(customer, order_id)?.map(|o| linked(customer, o)).ok_or_else(|| not_found_order(order_id))
        })
    }
}

const TOKEN_PREFIX: &str = "o1.";

fn encode_token(seq: i64) -> String {
    format!("{TOKEN_PREFIX}{seq:x}")
}

fn decode_token(token: &str) -> Result<i64> {
    token
        .strip_prefix(TOKEN_PREFIX)
        .and_then(|hex| i64::from_str_radix(hex, 16).ok())
        .filter(|seq| *seq > 0)
        .ok_or_else(|| Error::invalid("continuationToken", InputProblem::Invalid))
}

/// `customer`'s `order` with its links (built here, above the storage seam, for every backend
/// alike).
fn linked(customer: &str, mut order: Order) -> Order {
    order.fill_links(customer);
    order
}
