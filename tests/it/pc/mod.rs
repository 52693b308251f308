//! Submitting to Partner Center (issue 27, DESIGN section 15), tested against a fake service:
//! - `fake`: a Partner Center on loopback (`fake::FakePc`), seeded from the published samples, with
//!   faults injectable per route and call, MS-RequestId modes, availability reissues, order errors and
//!   the order-list lag on a `cartstore::Clock`; and the tests of the fake itself.

pub mod fake;
#[cfg(feature = "partner-center")]
pub mod submit;
