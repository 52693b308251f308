//! Pricing from price lists.
