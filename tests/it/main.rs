//! The integration tests: one binary, one module per area, fixtures in `fixtures`.
// The panic-free rules of the library (Cargo.toml [lints]) are for library code: a test may
// index what it has just asserted the length of.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod audit;
mod backends;
mod checkout;
mod cli;
mod cli_pc;
mod coherence;
mod copy;
mod files;
mod fixtures;
mod hardening;
mod hardening3;
mod l10n;
mod messages;
mod model;
mod pc;
#[cfg(feature = "postgres")]
mod postgres;
mod pricelist;
mod prices;
mod pricing;
mod quote;
mod quote_browser;
mod quote_partner;
mod quote_store;
mod recovery;
mod reliability;
mod rules;
mod speed;
mod store;
mod validation;
