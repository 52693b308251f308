//! The quote operations of [`Store`]: issue a quote for a cart (priced now, grouped per
//! currency and billing cycle, stored once and never changed), read one, list a customer's.

use super::{Store, check_customer, check_id, guid};
use crate::error::{Error, Result};
use crate::model::Timestamp;
use crate::quote::issue::{self, parse_quote};
use crate::quote::{Quote, QuoteOptions};

impl Store {
    /// Issues a quote for `customer`'s cart `cart_id`: every line priced now from the catalog
    /// (as checkout would), at the price basis of `options` (cost, the estimated retail price,
    /// or cost with a markup; each through the line's promotion and its first term's
    /// proration, [`FirstTerm`](crate::pricing::FirstTerm)), grouped per (currency, billing cycle, term) with per-period
    /// and term totals and a summary per currency; lines with a line error are listed as
    /// excluded, with their description in the quote's locale (the customer's profile's, else
    /// the store's); prices the catalog holds for later in the validity window are listed as
    /// price changes, and prices that end in it as availability ends. The customer's profile
    /// (segment, market, currency) chooses the prices, as for carts, and is kept in the quote.
    /// The quote is numbered `Q-<year>-<seq>` (sequential per store) and stored; it never
    /// changes. Issuing again for the same cart version (its `lastModifiedTimestamp`) with the
    /// same options returns the quote already issued while it still says the same (nothing
    /// its prices depend on changed: catalog, profiles, the date); otherwise a new quote.
    ///
    /// ```
    /// use cartstore::quote::{PriceBasis, QuoteOptions};
    /// use cartstore::{Cart, Catalog, Localizer, Store};
    /// use rust_decimal::Decimal;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let store = Store::open_in_memory()?;
    /// let catalog: Catalog = serde_json::from_str(r#"{"items": [{"catalogItemId": "SKU:1", "title": "Basic",
    ///     "currencyCode": "USD", "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 10}]}]}"#)?;
    /// store.import_catalog(&catalog)?;
    /// let cart: Cart = serde_json::from_str(r#"{"lineItems": [{"catalogItemId": "SKU:1", "quantity": 3,
    ///     "termDuration": "P1Y", "billingCycle": "monthly"}]}"#)?;
    /// let cart = store.create_cart("customer-1", &cart)?;
    /// let options = QuoteOptions { price_basis: PriceBasis::Markup(Decimal::from(15)), ..QuoteOptions::default() };
    /// let quote = store.issue_quote("customer-1", &cart.id, &options)?;
    /// assert_eq!(quote.groups[0].total_per_period.to_string(), "34.50"); // 10 x 1.15 x 3
    /// assert_eq!(store.issue_quote("customer-1", &cart.id, &options)?, quote); // the same quote
    /// let html = quote.to_html(&Localizer::negotiate(&["fr"]));
    /// assert!(html.contains("34,50"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::CartNotFound`] for a missing or foreign cart, [`Error::CartExpired`] (800008)
    /// past its expiration, [`Error::CartAlreadyOrdered`] (800065) for an ordered cart,
    /// [`Error::InvalidInput`] for options [`QuoteOptions::check`] refuses (a markup outside
    /// [0, 1000] %, a seller field or terms too long, a `validUntil` not after now) or a
    /// `validUntil` after the cart's expiration; nothing is stored then.
    pub fn issue_quote(&self, customer: &str, cart_id: &str, options: &QuoteOptions) -> Result<Quote> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = &*guid(cart_id);
        let now = self.now();
        options.check(Timestamp(now))?;
        let req = issue::Request { customer, cart_id, options, now, l10n: self.options.locale };
        self.write(Store::storage_busy, |tx| issue::run(tx, &req))
    }

    /// One of `customer`'s quotes, exactly as issued.
    ///
    /// # Errors
    /// [`Error::QuoteNotFound`] when the customer has no quote of that number.
    pub fn get_quote(&self, customer: &str, quote_number: &str) -> Result<Quote> {
        check_customer(customer)?;
        check_id(quote_number, "quoteNumber")?;
        let json = self.read(|tx| tx.quote(customer, quote_number))?;
        parse_quote(&json.ok_or_else(|| Error::QuoteNotFound { quote_number: quote_number.to_owned() })?)
    }

    /// Every quote of `customer`, oldest first.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad customer id; [`Error::Storage`].
    pub fn list_quotes(&self, customer: &str) -> Result<Vec<Quote>> {
        check_customer(customer)?;
        self.read(|tx| tx.quotes(customer))?.iter().map(|json| parse_quote(json)).collect()
    }
}
