//! The integration tests: one binary, one module per area, fixtures in `fixtures`.

mod fixtures;
mod l10n;
mod model;
mod checkout;
mod store;
