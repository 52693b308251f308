//! The cart operations of [`Store`]: create, read, update, list, delete, and checkout (whose
//! routine is `checkout::run`, on a transaction begun here).

use super::{Store, check_customer, check_id, expiration, guid, not_found_cart, ordered};
use crate::cart_rules::{CartState, open_cart, reprice};
use crate::checkout;
use crate::db::CartRow;
use crate::error::{CartChange, Error, InputProblem, Result};
use crate::model::{Cart, CartCheckoutResult, CartStatus};
use crate::validate;

impl Store {
    /// Creates a cart for `customer`: assigns its id, line ids, timestamps, user, status
    /// `Active`, expiration, currencies, order groups and pricing, and an `error` on each line
    /// that breaks a catalog rule (the rest of the cart is stored all the same).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (800002) for a malformed request (no lines, more than 500, a
    /// string over 4 KiB, duplicate line ids, a quantity that is not a whole number, a bad
    /// customer id); nothing is written.
    pub fn create_cart(&self, customer: &str, new_cart: &Cart) -> Result<Cart> {
        check_customer(customer)?;
        validate::check_request(&new_cart.line_items)?;
        let now = self.now();
        let mut lines = new_cart.line_items.clone();
        let row = CartRow {
            cart_id: crate::checkout::new_cart_id(now).to_string(),
            customer_id: customer.to_owned(),
            status: CartStatus::Active,
            creation_us: now.timestamp_micros(),
            last_modified_us: now.timestamp_micros(),
            expiration_us: expiration(now, self.options.cart_lifetime),
            last_modified_user: Some(self.options.user.clone()),
        };
        self.write(Store::storage_busy, |tx| {
            reprice(tx.reads(), customer, &mut lines, now)?;
            tx.insert_cart(&row, &lines)
        })
        .map(|cart| self.described(customer, cart))
    }

    /// Reads one of `customer`'s carts.
    ///
    /// # Errors
    /// [`Error::CartNotFound`] (800008) when the customer has no such cart.
    pub fn get_cart(&self, customer: &str, cart_id: &str) -> Result<Cart> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        self.read(|tx| {
            let row = tx.cart_row(customer, cart_id)?.ok_or_else(|| not_found_cart(cart_id))?;
            tx.cart(&row)
        })
        .map(|cart| self.described(customer, cart))
    }

    /// Replaces a cart's lines (PUT): the cart sent must carry the `id` and the
    /// `lastModifiedTimestamp` it was read with. The lines are re-validated and re-priced; the
    /// id, creation and expiration are kept; the modification timestamp moves strictly forward.
    ///
    /// # Errors
    /// [`Error::CartNotFound`] for a missing or foreign cart,
    /// [`Error::CartAlreadyOrderedCannotChange`] (800065, described as an update refused) for
    /// an ordered one, [`Error::CartExpired`] past its expiration, [`Error::Conflict`]
    /// when `lastModifiedTimestamp` is stale (nothing is written), [`Error::InvalidInput`] for
    /// a malformed request.
    pub fn update_cart(&self, customer: &str, edited: &Cart) -> Result<Cart> {
        check_customer(customer)?;
        if edited.id.is_empty() {
            return Err(Error::invalid("id", InputProblem::Missing));
        }
        check_id(&edited.id, "id")?;
        let cart_id = &*guid(&edited.id);
        let seen = edited
            .last_modified_timestamp
            .ok_or_else(|| Error::invalid("lastModifiedTimestamp", InputProblem::Missing))?;
        validate::check_request(&edited.line_items)?;
        let now = self.now();
        let mut lines = edited.line_items.clone();
        self.write(Store::storage_busy, |tx| {
            let mut row = match open_cart(tx.reads(), customer, cart_id, Some(now.timestamp_micros()))? {
                CartState::Open(row) => row,
                CartState::Ordered(row) => return Err(ordered(row, CartChange::Update)),
            };
            if seen.to_micros() != row.last_modified_us {
                return Err(Error::Conflict { cart_id: row.cart_id });
            }
            reprice(tx.reads(), customer, &mut lines, now)?;
            row.last_modified_us = now.timestamp_micros().max(row.last_modified_us.saturating_add(1));
            row.last_modified_user = Some(self.options.user.clone());
            tx.replace_cart(&row, &lines)
        })
        .map(|cart| self.described(customer, cart))
    }

    /// Every cart of `customer`, oldest first.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad customer id; [`Error::Storage`].
    pub fn list_carts(&self, customer: &str) -> Result<Vec<Cart>> {
        check_customer(customer)?;
        self.read(|tx| tx.carts(customer)).map(|carts| carts.into_iter().map(|c| self.described(customer, c)).collect())
    }

    /// Deletes an `Active` cart.
    ///
    /// # Errors
    /// [`Error::CartNotFound`] for a missing or foreign cart;
    /// [`Error::CartAlreadyOrderedCannotChange`] (800065, described as a deletion refused) for
    /// an ordered one (its orders keep it).
    pub fn delete_cart(&self, customer: &str, cart_id: &str) -> Result<()> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        self.write(Store::storage_busy, |tx| match open_cart(tx.reads(), customer, cart_id, None)? {
            CartState::Open(_) => tx.delete_cart(cart_id),
            CartState::Ordered(row) => Err(ordered(row, CartChange::Delete)),
        })
    }

    /// Checks a cart out in one transaction: one order per valid order group, an order error
    /// per failing group, inventory decremented, the cart `Ordered` when an order was made, and
    /// the result stored.
    ///
    /// # Errors
    /// [`Error::CartNotFound`] / [`Error::CartExpired`] (800008), [`Error::CartAlreadyOrdered`]
    /// (800065), [`Error::CartBusy`] (800064) when another writer holds the database past the
    /// busy timeout. On any error nothing is written.
    pub fn checkout(&self, customer: &str, cart_id: &str) -> Result<CartCheckoutResult> {
        self.checkout_inner(customer, cart_id, None).map(|(r, _)| r)
    }

    /// [`Store::checkout`] with an idempotency key: a retry with the same `request_id` returns
    /// the stored result, byte-identical, even after a restart; a different request on an
    /// ordered cart gets 800065. A request id is the customer's for one checkout: used already
    /// for another of the customer's carts, it is [`Error::InvalidInput`] on `requestId`
    /// ([`InputProblem::Duplicate`]) and nothing is written.
    ///
    /// # Locale of a replayed result
    /// The result is stored as the JSON the first call returned, descriptions included, and a
    /// retry replays those bytes: the `description` of each order error stays in the locale of
    /// the store that made the first call, whatever the locale of the store that retries (a
    /// rendered description could not be changed without changing the bytes). Each order error
    /// also carries its `code`; render it again in any locale with
    /// [`Localizer::order_error`](crate::Localizer::order_error), passing the cart id as `cartId` (the only argument an order
    /// error of a checkout result can use).
    ///
    /// ```
    /// use cartstore::{Cart, Catalog, Localizer, Store, StoreOptions};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let options = StoreOptions { locale: Localizer::negotiate(&["fr-FR"]), ..StoreOptions::default() };
    /// let store = Store::open_in_memory_with(options)?;
    /// let catalog = |inventory: i64| -> serde_json::Result<Catalog> {
    ///     serde_json::from_value(serde_json::json!({"items": [{"catalogItemId": "SKU:1",
    ///         "currencyCode": "USD", "inventory": inventory,
    ///         "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]}]}))
    /// };
    /// store.import_catalog(&catalog(5)?)?;
    /// let new_cart: Cart = serde_json::from_str(r#"{"lineItems": [{"catalogItemId": "SKU:1",
    ///     "quantity": 2, "termDuration": "P1Y", "billingCycle": "monthly"}]}"#)?;
    /// let cart = store.create_cart("customer-1", &new_cart)?;
    /// store.import_catalog(&catalog(1)?)?; // sold out meanwhile
    /// let result = store.checkout_with_request_id("customer-1", &cart.id, "request-1")?;
    /// let error = result.order_errors.as_ref().and_then(|e| e.first()).ok_or("no order error")?;
    /// // Stored, and replayed on every retry, in French.
    /// assert_eq!(
    ///     error.description.as_deref(),
    ///     Some("L’inventaire n’est pas disponible pour cet élément de catalogue."),
    /// );
    /// // The same error in English, rendered from its code.
    /// let code = error.code.ok_or("no code")?;
    /// let en = Localizer::for_tag("en").unwrap_or_default();
    /// assert_eq!(
    ///     en.order_error(code, &[("cartId", &cart.id)]),
    ///     "Inventory is not available for this catalog item.",
    /// );
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`Store::checkout`].
    pub fn checkout_with_request_id(
        &self,
        customer: &str,
        cart_id: &str,
        request_id: &str,
    ) -> Result<CartCheckoutResult> {
        self.checkout_json(customer, cart_id, request_id).map(|(r, _)| r)
    }

    /// [`Store::checkout_with_request_id`], also returning the result's JSON exactly as stored.
    ///
    /// A retry returns the stored bytes, so the order errors' descriptions in them are in the
    /// locale of the first call; see [`Store::checkout_with_request_id`] for rendering them
    /// again from their codes.
    ///
    /// # Errors
    /// As [`Store::checkout`].
    pub fn checkout_json(
        &self,
        customer: &str,
        cart_id: &str,
        request_id: &str,
    ) -> Result<(CartCheckoutResult, String)> {
        if request_id.is_empty() {
            return Err(Error::invalid("requestId", InputProblem::Missing));
        }
        check_id(request_id, "requestId")?;
        self.checkout_inner(customer, cart_id, Some(request_id))
    }

    fn checkout_inner(
        &self,
        customer: &str,
        cart_id: &str,
        request_id: Option<&str>,
    ) -> Result<(CartCheckoutResult, String)> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        let req = checkout::Request { customer, cart_id, request_id, now: self.now(), l10n: self.options.locale };
        self.write(|| Error::CartBusy { cart_id: cart_id.to_owned() }, |tx| checkout::run(tx, &req))
    }

    /// What [`Store::checkout`] would do now, without doing it: the same routine, rolled back.
    ///
    /// # Errors
    /// As [`Store::checkout`].
    pub fn preview_checkout(&self, customer: &str, cart_id: &str) -> Result<CartCheckoutResult> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        let req = checkout::Request { customer, cart_id, request_id: None, now: self.now(), l10n: self.options.locale };
        self.write_then_roll_back(
            || Error::CartBusy { cart_id: cart_id.to_owned() },
            |tx| checkout::run(tx, &req).map(|(r, _)| r),
        )
    }
}
