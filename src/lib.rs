//! cartstore
#![doc = "placeholder"]

pub mod error;
pub mod l10n;
pub mod model;

pub use error::{Error, InputProblem, Result, StorageKind};
pub use l10n::Localizer;
pub use model::{Cart, CartCheckoutResult, CartErrorCode, Catalog, Collection, Order, OrderErrorCode};
