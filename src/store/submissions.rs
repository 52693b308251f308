//! The submission operations of [`Store`]: submitting a cart to Partner Center (the state
//! machine is `pc::machine`), resuming what was left unfinished, and reading submissions.

use super::{Store, check_customer, check_id, guid};
use crate::error::{Error, Result};
use crate::pc::{Submission, record};

#[cfg(feature = "partner-center")]
mod submit;

impl Store {
    /// `customer`'s submission `submission_id`, its descriptions in the store's locale.
    ///
    /// # Errors
    /// [`Error::SubmissionNotFound`] when there is none (or it is another customer's);
    /// [`Error::InvalidInput`] for bad ids; [`Error::Storage`].
    pub fn get_submission(&self, customer: &str, submission_id: &str) -> Result<Submission> {
        check_customer(customer)?;
        check_id(submission_id, "submissionId")?;
        let id = guid(submission_id);
        let row = self
            .read(|tx| tx.submission(customer, &id))?
            .ok_or_else(|| Error::SubmissionNotFound { submission_id: submission_id.to_owned() })?;
        record::submission(&row, &self.options.locale)
    }

    /// `customer`'s submissions (of cart `cart_id` when given), oldest first.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for bad ids; [`Error::Storage`].
    pub fn list_submissions(&self, customer: &str, cart_id: Option<&str>) -> Result<Vec<Submission>> {
        check_customer(customer)?;
        if let Some(cart_id) = cart_id {
            check_id(cart_id, "cartId")?;
        }
        let cart_id = cart_id.map(guid);
        let rows = self.read(|tx| tx.submissions(Some(customer), cart_id.as_deref()))?;
        rows.iter().map(|row| record::submission(row, &self.options.locale)).collect()
    }
}
