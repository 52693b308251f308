//! cartstore keeps Partner Center-style carts and orders in one local SQLite file, checks a
//! cart out into orders inside one transaction, and renders every error description in en,
//! fr, ja and zh-TW with Project Fluent. It works offline: its JSON is the Partner Center REST
//! wire format. When the application asks, it submits a cart to Partner Center as a real order,
//! exactly once ([`Store::submit`], the module [`pc`]; each line's availability is resolved for
//! the customer then).
//!
//! ```
//! use cartstore::{Cart, Catalog, Localizer, OrderErrorCode, OrderQuery, Store};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let store = Store::open_in_memory()?; // or Store::open("quotes.db")?
//! let catalog: Catalog = serde_json::from_str(r#"{"items": [{
//!     "catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "title": "Business Basic",
//!     "currencyCode": "USD", "minimumQuantity": 1, "maximumQuantity": 300,
//!     "terms": [{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 30.4}]}]}"#)?;
//! store.import_catalog(&catalog)?;
//!
//! let new_cart: Cart = serde_json::from_str(r#"{"LineItems": [{
//!     "CatalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "Quantity": 1,
//!     "TermDuration": "P1Y", "BillingCycle": "monthly"}]}"#)?;
//! let cart = store.create_cart("customer-1", &new_cart)?;
//! let pricing = cart.line_items[0].pricing.as_ref().ok_or("no pricing")?;
//! assert_eq!(pricing.extended_price.map(|p| p.to_string()).as_deref(), Some("364.80"));
//!
//! let result = store.checkout("customer-1", &cart.id)?;
//! assert_eq!(result.orders.len(), 1);
//!
//! // A second checkout of the same cart is refused, in the user's language.
//! let err = store.checkout("customer-1", &cart.id).unwrap_err();
//! assert_eq!(err.order_code(), Some(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered));
//! let fr = Localizer::negotiate(&["fr-CA"]);
//! assert!(fr.describe(&err).contains(&cart.id));
//!
//! let page = store.list_orders("customer-1", &OrderQuery::default())?;
//! assert_eq!(page.total_count, 1);
//! # Ok(()) }
//! ```

// No `unsafe` in the library (the C ABI is the one place with it, in cartstore-ffi).
#![forbid(unsafe_code)]

mod cart_rules;
mod checkout;
pub mod clock;
mod db;
pub mod error;
pub mod l10n;
pub mod limits;
pub mod model;
pub mod pc;
pub mod pricelist;
pub mod pricing;
pub mod quote;
pub mod store;
mod validate;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{CartChange, Error, FileOperation, InputProblem, MessagesProblem, Result, StorageCause, StorageKind};
pub use l10n::Localizer;
pub use model::{
    BillingCycleType, Cart, CartCheckoutResult, CartErrorCode, CartLineItem, Catalog, CatalogItem, Collection,
    CustomerProfile, CustomerSegment, Order, OrderErrorCode, OrderStatus, ProvisioningStatus,
};
pub use pricelist::{PriceRow, Segment};
pub use quote::{PriceBasis, Quote, QuoteOptions, QuoteTemplate};
pub use store::{CatalogQuery, ImportFormat, ImportOptions, ImportReport, OrderQuery, Store, StoreOptions};
