//! Submission to Partner Center itself (the HTTP client), with the `partner-center` feature.

use crate::db::{SubmissionRow, Writes};
use crate::error::{Error, InputProblem, Result};
use crate::model::CartStatus;
use crate::pc::{Submission, SubmissionState};
use crate::store::{Store, check_customer, check_id, guid, not_found_cart};

impl Store {
    /// Runs `f` in one write transaction (the submission machine's way to the store).
    pub(crate) fn outbox_write<T>(&self, f: impl FnMut(&dyn Writes) -> Result<T>) -> Result<T> {
        self.write(Store::storage_busy, f)
    }

    /// Claims submission `id` for this `Store` (this thread and, through the storage, this
    /// process): `false` when another holds it.
    pub(crate) fn claim_submission(&self, id: &str) -> Result<bool> {
        {
            let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
            if !running.insert(id.to_owned()) {
                return Ok(false);
            }
        }
        match self.lock().try_claim(id) {
            Ok(true) => Ok(true),
            other => {
                self.running.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
                other
            }
        }
    }

    /// Ends a claim of [`Store::claim_submission`] (`finished`: the submission is final).
    pub(crate) fn release_submission(&self, id: &str, finished: bool) {
        self.lock().release(id, finished);
        self.running.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
    }
}

impl Store {
    /// Submits `customer`'s cart `cart_id` to Partner Center as a real order, exactly once, and
    /// returns the submission in the state it reached: final (`ordered`, `partiallyOrdered`,
    /// `failed`, `needsAttention`), or parked (Partner Center unreachable or throttling for
    /// long: its `lastError` says so, and [`Store::resume_submissions`] continues it) or
    /// `pausedAuth` (no token accepted).
    ///
    /// The cart is frozen (`Submitting`) from the start; it becomes `Ordered` when the
    /// submission ends `ordered` or `partiallyOrdered`, and `Active` again when it ends
    /// `failed`. A cart already being submitted continues its unfinished submission (when no
    /// other process runs it). The Partner Center customer is the profile's `tenantId`, else the
    /// customer id itself when it is a GUID. Every line is resolved to the customer's
    /// availability at submission (a `ProductId:SkuId` line, and a three-part id too, since
    /// availability ids are reissued).
    ///
    /// ```no_run
    /// use cartstore::Store;
    /// use cartstore::pc::{AccessToken, PartnerCenter, TokenRequest};
    /// # fn main() -> cartstore::Result<()> {
    /// let store = Store::open("quotes.db")?;
    /// let pc = PartnerCenter::new(cartstore::pc::DEFAULT_ENDPOINT, |_: &TokenRequest| {
    ///     Ok(AccessToken::new(std::env::var("PC_TOKEN").unwrap_or_default()))
    /// });
    /// let submission = store.submit("9f2c3e55-8f2e-4c1b-9d2a-3b3c5d6e7f80", "cart-id", &pc)?;
    /// println!("{}: {} order(s)", submission.state, submission.orders.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::CartNotFound`] / [`Error::CartExpired`] (800008), [`Error::CartAlreadyOrdered`]
    /// (800065), [`Error::CartSubmitting`] (800064) when another process is submitting it,
    /// [`Error::InvalidInput`] for a cart with line errors (`lineItems[i].error`), a customer
    /// without a GUID tenant id (`tenantId`) or a bad proxy URL (`proxy`); [`Error::Storage`].
    /// What Partner Center answers is the submission's, not an error.
    pub fn submit(&self, customer: &str, cart_id: &str, pc: &crate::pc::PartnerCenter) -> Result<Submission> {
        check_customer(customer)?;
        check_id(cart_id, "cartId")?;
        let cart_id = guid(cart_id).into_owned();
        let mut session = crate::pc::machine::Session::new(pc)?;
        let now = self.now();
        let row = self.write(Store::storage_busy, |tx| {
            let row = tx.cart_row(customer, &cart_id)?.ok_or_else(|| not_found_cart(&cart_id))?;
            match row.status {
                CartStatus::Ordered => return Err(Error::CartAlreadyOrdered { cart_id: row.cart_id }),
                CartStatus::Submitting => {
                    return tx
                        .submissions(Some(customer), Some(&cart_id))?
                        .into_iter()
                        .rev()
                        .find(|s| SubmissionState::parse(&s.state).is_some_and(|s| !s.is_final()))
                        .ok_or(Error::CartSubmitting { cart_id: row.cart_id });
                }
                CartStatus::Active => {}
            }
            if now.timestamp_micros() > row.expiration_us {
                return Err(Error::CartExpired { cart_id: row.cart_id });
            }
            let cart = tx.cart(&row)?;
            if let Some(index) = cart.line_items.iter().position(|l| l.error.is_some()) {
                return Err(Error::invalid(format!("lineItems[{index}].error"), InputProblem::NotAllowed));
            }
            let profile = tx.customer(customer)?.unwrap_or_default();
            let pc_customer = match &profile.tenant_id {
                Some(tenant) => tenant.clone(),
                None => uuid::Uuid::try_parse(customer)
                    .map(|u| u.hyphenated().to_string())
                    .map_err(|_| Error::invalid("tenantId", InputProblem::Missing))?,
            };
            let local_cart =
                serde_json::to_value(&cart).map_err(|e| Error::storage_from(crate::StorageKind::Other, e))?;
            let record = crate::pc::machine::first_record(
                pc_customer,
                profile.segment.as_str(),
                profile.market.clone(),
                local_cart,
            );
            let submission = SubmissionRow {
                submission_id: crate::pc::machine::new_id(),
                customer_id: customer.to_owned(),
                cart_id: cart_id.clone(),
                state: SubmissionState::Queued.as_str().to_owned(),
                created_us: now.timestamp_micros(),
                updated_us: now.timestamp_micros(),
                version: 1,
                record_json: record.to_json()?,
            };
            tx.put_submission(&submission)?;
            tx.set_cart_status(&cart_id, CartStatus::Submitting, now.timestamp_micros())?;
            Ok(submission)
        })?;
        if !self.run_submission(&row, &mut session)? {
            return Err(Error::CartSubmitting { cart_id });
        }
        self.get_submission(customer, &row.submission_id)
    }

    /// Continues every unfinished submission of the store (every customer's; not final, not
    /// run by another process), each from its stored state, and returns them as they end up
    /// (oldest first). Those another process is running are left to it and not returned.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad proxy URL; [`Error::Storage`].
    pub fn resume_submissions(&self, pc: &crate::pc::PartnerCenter) -> Result<Vec<Submission>> {
        let mut session = crate::pc::machine::Session::new(pc)?;
        let rows = self.read(|tx| tx.submissions(None, None))?;
        let mut out = Vec::new();
        for row in rows.iter().filter(|r| SubmissionState::parse(&r.state).is_some_and(|s| !s.is_final())) {
            if self.run_submission(row, &mut session)? {
                out.push(self.get_submission(&row.customer_id, &row.submission_id)?);
            }
        }
        Ok(out)
    }

    /// Runs submission `row` under its claim; `false` when another holds the claim.
    fn run_submission(&self, row: &SubmissionRow, session: &mut crate::pc::machine::Session<'_>) -> Result<bool> {
        if !self.claim_submission(&row.submission_id)? {
            return Ok(false);
        }
        // Read again under the claim: the row may have moved on since it was listed.
        let result = self
            .read(|tx| tx.submission(&row.customer_id, &row.submission_id))
            .and_then(|fresh| {
                fresh.ok_or_else(|| Error::SubmissionNotFound { submission_id: row.submission_id.clone() })
            })
            .and_then(|fresh| crate::pc::machine::Run::new(self, session, fresh)?.drive());
        self.release_submission(&row.submission_id, matches!(result, Ok(state) if state.is_final()));
        result.map(|_| true)
    }
}
