//! The state machine of a submission (see the module `pc`): one [`Run`] drives one submission
//! from its stored state to a final or parked one. Every step commits what it is about to do
//! before a request goes out (the request's intent row, the `MS-RequestId` it will carry) and
//! what it learnt after; HTTP, sleeps and the token provider run with no transaction open.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

use super::SubmissionState as S;
use super::client::{AccessToken, AuthError, Http, PartnerCenter, Reply, Sent, TokenReason, TokenRequest};
use super::record::{LineErrorRecord, LineRecord, OrderErrorRecord, Problem, Record};
use crate::db::{RequestEnd, RequestRow, SubmissionRow, Writes};
use crate::error::{Error, Result};
use crate::model::CartStatus;
use crate::store::Store;

/// Waits between transient retries of one request (the .NET SDK's curve, then its last step).
const BACKOFF_MS: [u64; 4] = [500, 1_500, 3_500, 7_500];
/// The longest `Retry-After` waited in place; a longer one parks the submission (its instant is
/// kept, and a resume waits for it).
const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Throttling answers (429) waited out for one request before the submission parks.
const MAX_THROTTLES: u32 = 20;
/// Waits on a cart another request is checking out (409 800064 / 800060), in seconds.
const BUSY_WAITS_S: [u64; 3] = [30, 120, 300];
/// Polls of the customer's orders while reconciling (orders appear up to 15 minutes late), in
/// seconds before each.
const ORDER_POLLS_S: [u64; 4] = [60, 300, 900, 900];
/// Rounds of "availability not found" (400019) before a person is asked to look.
const MAX_REISSUES: u32 = 3;
/// A remote cart this close to its expiry is not checked out: a new one is made.
const EXPIRY_MARGIN_US: i64 = 3_600_000_000;
/// How much earlier than the checkout an order matched to it may be dated (clock skew).
const MATCH_SKEW_US: i64 = 5 * 60 * 1_000_000;

/// What a run keeps across submissions: the client and the token.
pub(crate) struct Session<'p> {
    pc: &'p PartnerCenter,
    http: Http,
    token: Option<AccessToken>,
    /// Why the next token is asked for.
    next_reason: TokenReason,
    claims_challenge: Option<String>,
}

impl<'p> Session<'p> {
    /// A session of `pc` (no request sent yet).
    pub(crate) fn new(pc: &'p PartnerCenter) -> Result<Session<'p>> {
        let http = Http::new(pc).map_err(|_| Error::invalid("proxy", crate::InputProblem::Invalid))?;
        Ok(Session { pc, http, token: None, next_reason: TokenReason::Initial, claims_challenge: None })
    }

    /// The token to send now: the one held, unless it expires within a minute or was rejected.
    fn token(&mut self, now: chrono::DateTime<chrono::Utc>) -> std::result::Result<String, String> {
        if let Some(token) = &self.token {
            match token.expires_at {
                Some(at) if at - chrono::Duration::seconds(60) <= now => self.next_reason = TokenReason::Expired,
                _ => return Ok(token.secret.clone()),
            }
        }
        let request = TokenRequest { reason: self.next_reason, claims_challenge: self.claims_challenge.take() };
        match self.pc.token.token(&request) {
            Ok(token) if !token.secret.trim().is_empty() => {
                let secret = token.secret.clone();
                self.token = Some(token);
                Ok(secret)
            }
            Ok(_) => Err("the token provider returned an empty token".to_owned()),
            Err(AuthError::InteractionRequired(detail)) => Err(format!("interaction required: {detail}")),
            Err(err) => Err(err.to_string()),
        }
    }

    /// Forgets the token Partner Center rejected.
    fn rejected(&mut self, challenge: Option<String>) {
        self.token = None;
        self.next_reason = TokenReason::Rejected;
        self.claims_challenge = challenge;
    }
}

/// The end of one request, classified.
enum Answer {
    /// 2xx.
    Ok(Reply),
    /// A definitive refusal (4xx but 401, 408 and 429): the status, Partner Center's code and text.
    Refused { status: u16, code: i64, description: String },
    /// No definitive answer within the budget (the detail for the record).
    Unreachable(String),
    /// No token accepted.
    Unauthorized(String),
}

/// Whether the run goes on.
enum Step {
    Continue,
    Stop,
}

/// One run of one submission.
pub(crate) struct Run<'r, 'p> {
    store: &'r Store,
    session: &'r mut Session<'p>,
    row: SubmissionRow,
    rec: Record,
    state: S,
}

impl<'r, 'p> Run<'r, 'p> {
    /// A run of the submission stored as `row`.
    pub(crate) fn new(store: &'r Store, session: &'r mut Session<'p>, row: SubmissionRow) -> Result<Run<'r, 'p>> {
        let rec = Record::from_row(&row)?;
        let state = S::parse(&row.state).ok_or_else(|| {
            Error::storage(crate::StorageKind::Corrupt, format!("pc_submissions.state: unknown state {:?}", row.state))
        })?;
        Ok(Run { store, session, row, rec, state })
    }

    /// Drives the submission until it is final, parked (Partner Center unreachable or
    /// throttling for long) or paused for authentication; the state it stopped in.
    pub(crate) fn drive(mut self) -> Result<S> {
        loop {
            let step = match self.state {
                S::Queued => {
                    self.state = S::Resolving;
                    self.save()?;
                    Step::Continue
                }
                S::PausedAuth => {
                    self.state = self.rec.resume_state.take().unwrap_or(S::Resolving);
                    self.rec.last_error = None;
                    self.save()?;
                    Step::Continue
                }
                S::Resolving => self.resolve()?,
                S::CartCreated => self.begin_checkout()?,
                S::CheckoutPending => self.checkout()?,
                S::Reconciling => self.reconcile()?,
                S::Ordered | S::PartiallyOrdered | S::Failed | S::NeedsAttention => Step::Stop,
            };
            if let Step::Stop = step {
                return Ok(self.state);
            }
        }
    }

    fn now_us(&self) -> i64 {
        self.store.options().clock.now().timestamp_micros()
    }

    fn customer_path(&self) -> String {
        format!("/v1/customers/{}", self.rec.pc_customer_id)
    }

    /// Writes the submission's state and record (compare-and-set on its version).
    fn save(&mut self) -> Result<()> {
        self.save_with(|_| Ok(()))
    }

    /// [`Run::save`], with `also` in the same transaction (run again, with the whole
    /// transaction, when a PostgreSQL store retries a deadlock or serialization failure).
    fn save_with(&mut self, mut also: impl FnMut(&dyn Writes) -> Result<()>) -> Result<()> {
        let now = self.now_us();
        let row = SubmissionRow {
            state: self.state.as_str().to_owned(),
            updated_us: now,
            version: self.row.version + 1,
            record_json: self.rec.to_json()?,
            ..self.row.clone()
        };
        let cart_id = row.cart_id.clone();
        self.store.outbox_write(|tx| {
            if !tx.put_submission(&row)? {
                // Another process wrote it since: its claim was lost (a server connection
                // dropped); the other one goes on.
                return Err(Error::CartSubmitting { cart_id: cart_id.clone() });
            }
            also(tx)
        })?;
        self.row = row;
        Ok(())
    }

    /// Ends the submission in `state` (final), the local cart as it says.
    fn finish(&mut self, state: S) -> Result<Step> {
        self.state = state;
        let cart_status = match state {
            S::Ordered | S::PartiallyOrdered => Some(CartStatus::Ordered),
            S::Failed => Some(CartStatus::Active),
            _ => None,
        };
        let cart_id = self.row.cart_id.clone();
        let now = self.now_us();
        self.save_with(|tx| match cart_status {
            Some(status) => tx.set_cart_status(&cart_id, status, now),
            None => Ok(()),
        })?;
        Ok(Step::Stop)
    }

    /// Fails the submission (definitively, nothing ordered) for `problem`.
    fn fail(&mut self, problem: Problem) -> Result<Step> {
        self.rec.last_error = Some(problem);
        self.finish(S::Failed)
    }

    /// Stops for a person to look.
    fn attention(&mut self, detail: impl Into<String>) -> Result<Step> {
        self.rec.last_error = Some(Problem::Attention { detail: detail.into() });
        self.finish(S::NeedsAttention)
    }

    /// Parks the submission where it is (resumed later at the same state).
    fn park(&mut self, detail: String) -> Result<Step> {
        self.rec.last_error = Some(Problem::Unavailable { endpoint: self.session.http.host(), detail });
        self.save()?;
        Ok(Step::Stop)
    }

    /// Pauses for a token, to resume at the current state.
    fn pause(&mut self, detail: String) -> Result<Step> {
        self.rec.resume_state = Some(self.state);
        self.rec.last_error = Some(Problem::Authentication { detail });
        self.state = S::PausedAuth;
        self.save()?;
        Ok(Step::Stop)
    }

    /// Sleeps until the stored "not before" instant, if it is still ahead.
    fn wait_not_before(&mut self) {
        if let Some(at) = self.rec.not_before_us {
            let now = self.now_us();
            if at > now {
                let wait = Duration::from_micros(u64::try_from(at - now).unwrap_or(0));
                self.store.options().clock.sleep(wait);
            }
        }
    }

    /// Sends one request, retrying what may be retried with the same `MS-RequestId`
    /// (`request_id`; a fresh one when `None`): transient failures within the budget, 429 after
    /// its `Retry-After`, 401 once with a new token.
    fn call(
        &mut self,
        operation: &str,
        method: &str,
        path: &str,
        body: Option<&Value>,
        request_id: Option<String>,
        timeout: Duration,
    ) -> Result<Answer> {
        let body =
            body.map(serde_json::to_vec).transpose().map_err(|e| Error::storage_from(crate::StorageKind::Other, e))?;
        let mut request_id = request_id.unwrap_or_else(new_id);
        let (mut transient, mut throttles, mut rejected) = (0_u32, 0_u32, false);
        let mut first = true;
        loop {
            // A read is sent again under a new request id: it changes nothing, and a service
            // that replays a request id's answer would replay a stale read.
            if method == "GET" && !std::mem::take(&mut first) {
                request_id = new_id();
            }
            self.wait_not_before();
            if self.rec.not_before_us.is_some() {
                self.rec.not_before_us = None;
            }
            let token = match self.session.token(self.store.options().clock.now()) {
                Ok(token) => token,
                Err(detail) => return Ok(Answer::Unauthorized(detail)),
            };
            self.rec.requests += 1;
            let seq = self.rec.requests;
            let correlation_id = new_id();
            let started_us = self.now_us();
            let submission_id = self.row.submission_id.clone();
            self.save_with(|tx| {
                tx.begin_request(&RequestRow {
                    submission_id: &submission_id,
                    seq,
                    operation,
                    ms_request_id: &request_id,
                    ms_correlation_id: &correlation_id,
                    started_us,
                })
            })?;
            crash_point("send", seq);
            let sent =
                self.session.http.send(method, path, body.as_deref(), &token, &request_id, &correlation_id, timeout);
            crash_point("answer", seq);
            let (status, outcome) = match &sent {
                Sent::NoReply(_) => (None, "unknown"),
                Sent::Reply(reply) => (Some(reply.status), classify(reply.status)),
            };
            if matches!(outcome, "unknown" | "transient") {
                match operation {
                    "checkout" => self.rec.checkout_unanswered = true,
                    "createCart" => self.rec.create_unanswered = true,
                    _ => {}
                }
            }
            let end = RequestEnd { finished_us: self.now_us(), http_status: status.map(i64::from), outcome };
            self.save_with(|tx| tx.end_request(&submission_id, seq, &end))?;
            let reply = match sent {
                Sent::Reply(reply) if outcome == "ok" => return Ok(Answer::Ok(reply)),
                Sent::Reply(reply) => reply,
                Sent::NoReply(detail) => {
                    transient += 1;
                    if transient > self.session.pc.timeouts.retries {
                        return Ok(Answer::Unreachable(detail));
                    }
                    self.backoff(transient);
                    continue;
                }
            };
            match outcome {
                "throttled" => {
                    throttles += 1;
                    let wait = Duration::from_secs(reply.retry_after.unwrap_or(60));
                    self.rec.not_before_us =
                        Some(self.now_us().saturating_add(i64::try_from(wait.as_micros()).unwrap_or(i64::MAX)));
                    self.save()?;
                    if wait > MAX_WAIT || throttles > MAX_THROTTLES {
                        return Ok(Answer::Unreachable(format!(
                            "throttled (HTTP 429, Retry-After {} s)",
                            wait.as_secs()
                        )));
                    }
                }
                "unauthorized" => {
                    if rejected {
                        let (_, description) = error_of(&reply.body);
                        return Ok(Answer::Unauthorized(format!("HTTP 401 with a new token: {description}")));
                    }
                    rejected = true;
                    self.session.rejected(reply.www_authenticate.as_deref().and_then(claims_challenge));
                }
                "transient" => {
                    transient += 1;
                    if transient > self.session.pc.timeouts.retries {
                        let (_, description) = error_of(&reply.body);
                        return Ok(Answer::Unreachable(format!("HTTP {}: {description}", reply.status)));
                    }
                    self.backoff(transient);
                }
                _ => {
                    let (code, description) = error_of(&reply.body);
                    return Ok(Answer::Refused { status: reply.status, code, description });
                }
            }
        }
    }

    fn backoff(&self, attempt: u32) {
        let index = usize::try_from(attempt.saturating_sub(1)).unwrap_or(usize::MAX).min(BACKOFF_MS.len() - 1);
        let ms = BACKOFF_MS.get(index).copied().unwrap_or(7_500);
        self.store.options().clock.sleep(Duration::from_millis(ms));
    }

    /// `resolving`: each line's availability for the customer (persisted as it arrives), then
    /// the remote cart created (or updated, after a 400019).
    fn resolve(&mut self) -> Result<Step> {
        for index in 0..self.rec.lines.len() {
            let Some(line) = self.rec.lines.get(index).cloned() else { break };
            if line.resolved.is_some() || line.error.is_some() {
                continue;
            }
            let mut parts = line.catalog_item_id.split(':');
            let (Some(product), Some(sku)) = (parts.next(), parts.next()) else {
                self.set_line(index, None, Some(LineErrorRecord { code: 10001, remote_description: None }));
                self.save()?;
                continue;
            };
            let path = format!(
                "{}/products/{}/skus/{}/availabilities?targetSegment={}",
                self.customer_path(),
                encode(product),
                encode(sku),
                self.rec.segment
            );
            let timeout = self.session.pc.timeouts.read;
            let (resolved, error) = match self.call("getAvailabilities", "GET", &path, None, None, timeout)? {
                Answer::Ok(reply) => match choose(&reply.body, product, sku, &line, &self.rec) {
                    Ok(id) => (Some(id), None),
                    Err(count) => (None, Some(count)),
                },
                Answer::Refused { status: 404, .. } => (None, Some(0)),
                Answer::Refused { status, code, description } => {
                    return self.fail(Problem::PartnerCenter {
                        operation: "getAvailabilities".to_owned(),
                        status,
                        code,
                        description,
                    });
                }
                Answer::Unreachable(detail) => return self.park(detail),
                Answer::Unauthorized(detail) => return self.pause(detail),
            };
            let error = error.map(|count| LineErrorRecord {
                code: if count == 0 { 10001 } else { 10006 },
                remote_description: Some(format!("{count} availabilities match")),
            });
            self.set_line(index, resolved, error);
            self.save()?;
        }
        if let Some((line, count)) =
            self.rec.lines.iter().find_map(|l| l.error.as_ref().map(|e| (l, if e.code == 10006 { 2 } else { 0 })))
        {
            let problem =
                Problem::Availability { line_id: line.line_id, catalog_item_id: line.catalog_item_id.clone(), count };
            return self.fail(problem);
        }
        let payload = self.payload()?;
        self.rec.payload = Some(payload.clone());
        match self.rec.remote_cart_id.clone().filter(|_| self.rec.update_remote_cart) {
            Some(cart_id) => self.update_cart(&cart_id, payload),
            None => self.create_cart(payload),
        }
    }

    fn set_line(&mut self, index: usize, resolved: Option<String>, error: Option<LineErrorRecord>) {
        if let Some(line) = self.rec.lines.get_mut(index) {
            line.resolved = resolved;
            line.error = error;
        }
    }

    /// The remote cart's body: the frozen local cart without what a store computes, each line
    /// naming the availability it resolved to.
    fn payload(&self) -> Result<Value> {
        let mut cart = self.rec.local_cart.clone();
        if let Value::Object(map) = &mut cart {
            for key in [
                "id",
                "status",
                "creationTimestamp",
                "lastModifiedTimestamp",
                "expirationTimestamp",
                "lastModifiedUser",
                "links",
                "attributes",
            ] {
                map.remove(key);
            }
            // Partner Center requires the partner's attestation on every cart; submitting is it.
            map.insert("partnerOnRecordAttestationAccepted".to_owned(), Value::Bool(true));
        }
        let mut resolved = self.rec.lines.iter().map(|l| l.resolved.clone());
        if let Some(Value::Array(lines)) = cart.get_mut("lineItems") {
            project_lines(lines, &mut resolved);
        }
        Ok(cart)
    }

    fn create_cart(&mut self, payload: Value) -> Result<Step> {
        if self.rec.create_request_id.is_none() {
            self.rec.create_request_id = Some(new_id());
            self.save()?;
        }
        let path = format!("{}/carts", self.customer_path());
        let timeout = self.session.pc.timeouts.cart;
        let request_id = self.rec.create_request_id.clone();
        match self.call("createCart", "POST", &path, Some(&payload), request_id, timeout)? {
            Answer::Ok(reply) => self.cart_made(&reply.body),
            Answer::Refused { .. } if self.rec.create_unanswered => {
                // Refused after an attempt went unanswered: perhaps the request id itself (a
                // service that refuses a reused one). A new id creates the cart again; at worst
                // the first attempt made a cart no one checks out, which expires (never two
                // orders: only the cart whose id is stored is checked out).
                self.rec.create_unanswered = false;
                self.rec.create_request_id = Some(new_id());
                self.save()?;
                Ok(Step::Continue)
            }
            Answer::Refused { status, code, description } => {
                self.rec.create_request_id = None;
                self.fail(Problem::PartnerCenter { operation: "createCart".to_owned(), status, code, description })
            }
            Answer::Unreachable(detail) => self.park(detail),
            Answer::Unauthorized(detail) => self.pause(detail),
        }
    }

    fn update_cart(&mut self, cart_id: &str, mut payload: Value) -> Result<Step> {
        if let Value::Object(map) = &mut payload {
            map.insert("id".to_owned(), Value::String(cart_id.to_owned()));
        }
        let path = format!("{}/carts/{}", self.customer_path(), encode(cart_id));
        let timeout = self.session.pc.timeouts.cart;
        match self.call("updateCart", "PUT", &path, Some(&payload), None, timeout)? {
            Answer::Ok(reply) => self.cart_made(&reply.body),
            Answer::Refused { status, code, description } => {
                // The checkout before was refused definitively (400019): nothing was ordered.
                self.fail(Problem::PartnerCenter { operation: "updateCart".to_owned(), status, code, description })
            }
            Answer::Unreachable(detail) => self.park(detail),
            Answer::Unauthorized(detail) => self.pause(detail),
        }
    }

    /// The remote cart as Partner Center returned it from a create or an update.
    fn cart_made(&mut self, body: &[u8]) -> Result<Step> {
        let (cart, id, expires_us, remote_errors) = match parse_cart(body) {
            Ok(parsed) => parsed,
            Err(why) => return self.attention(format!("the cart Partner Center returned: {why}")),
        };
        // An update's answer may leave the expiry out (the published one does): it is the
        // creation's, which an update does not move.
        if expires_us.is_some() {
            self.rec.remote_cart_expires_us = expires_us;
        }
        self.rec.remote_cart_id = Some(id);
        self.rec.create_request_id = None;
        self.rec.create_unanswered = false;
        self.rec.update_remote_cart = false;
        self.rec.checkout_request_id = None;
        self.rec.remote_cart = Some(cart);
        let mut any = false;
        for (line, error) in self.rec.lines.iter_mut().zip(remote_errors) {
            if let Some(error) = error {
                line.error = Some(error);
                any = true;
            }
        }
        if any {
            let (code, description) = self
                .rec
                .lines
                .iter()
                .find_map(|l| l.error.as_ref().map(|e| (e.code, e.remote_description.clone().unwrap_or_default())))
                .unwrap_or_default();
            return self.fail(Problem::PartnerCenter {
                operation: "createCart".to_owned(),
                status: 201,
                code,
                description,
            });
        }
        self.state = S::CartCreated;
        self.save()?;
        Ok(Step::Continue)
    }

    /// `cartCreated`: the checkout's `MS-RequestId` committed before it is sent.
    fn begin_checkout(&mut self) -> Result<Step> {
        let now = self.now_us();
        let expiring = self.rec.remote_cart_expires_us.is_some_and(|at| now > at.saturating_sub(EXPIRY_MARGIN_US));
        if expiring && !self.rec.checkout_unanswered {
            // Never checked out: a new cart replaces it.
            self.rec.remote_cart_id = None;
            self.state = S::Resolving;
            self.save()?;
            return Ok(Step::Continue);
        }
        self.rec.checkout_request_id = Some(new_id());
        self.rec.checkout_started_us.get_or_insert(now);
        self.state = S::CheckoutPending;
        self.save()?;
        Ok(Step::Continue)
    }

    fn checkout_path(&self) -> String {
        format!("{}/carts/{}/checkout", self.customer_path(), encode(self.rec.remote_cart_id.as_deref().unwrap_or("")))
    }

    /// Sends the checkout with its stored `MS-RequestId`.
    fn send_checkout(&mut self) -> Result<Answer> {
        if self.rec.checkout_request_id.is_none() {
            self.rec.checkout_request_id = Some(new_id());
            self.save()?;
        }
        let path = self.checkout_path();
        let timeout = self.session.pc.timeouts.checkout;
        let request_id = self.rec.checkout_request_id.clone();
        self.call("checkout", "POST", &path, None, request_id, timeout)
    }

    /// `checkoutPending`.
    fn checkout(&mut self) -> Result<Step> {
        if self.rec.remote_cart_id.is_none() {
            return self.attention("no remote cart to check out");
        }
        match self.send_checkout()? {
            Answer::Ok(reply) => self.checked_out(&reply.body),
            Answer::Refused { status, code, description } => self.checkout_refused(status, code, description),
            Answer::Unreachable(detail) => {
                // Unanswered (a timeout, a drop, a 5xx): whether it made orders is unknown, so
                // it is reconciled; refused without effect (throttled): it is sent again.
                if self.rec.checkout_unanswered {
                    self.state = S::Reconciling;
                }
                self.park(detail)
            }
            Answer::Unauthorized(detail) => self.pause(detail),
        }
    }

    /// A definitive refusal of a checkout.
    fn checkout_refused(&mut self, status: u16, code: i64, description: String) -> Result<Step> {
        match code {
            400019 => self.availability_reissued(),
            800064 | 800060 => {
                if let Some(wait) = BUSY_WAITS_S.get(usize::try_from(self.rec.busy_waits).unwrap_or(usize::MAX)) {
                    self.rec.busy_waits += 1;
                    self.rec.not_before_us =
                        Some(self.now_us().saturating_add(i64::try_from(*wait).unwrap_or(0).saturating_mul(1_000_000)));
                    self.save()?;
                    Ok(Step::Continue)
                } else {
                    self.state = S::Reconciling;
                    self.save()?;
                    Ok(Step::Continue)
                }
            }
            // Already submitted: find out what it made.
            800065 => {
                self.state = S::Reconciling;
                self.save()?;
                Ok(Step::Continue)
            }
            800008 if !self.rec.checkout_unanswered => {
                // Never checked out, and gone (expired): a new cart.
                self.rec.remote_cart_id = None;
                self.rec.checkout_request_id = None;
                self.state = S::Resolving;
                self.save()?;
                Ok(Step::Continue)
            }
            _ if self.rec.checkout_unanswered => {
                self.state = S::Reconciling;
                self.save()?;
                Ok(Step::Continue)
            }
            _ => self.fail(Problem::PartnerCenter { operation: "checkout".to_owned(), status, code, description }),
        }
    }

    /// 400019: an availability was reissued. When the cart is still open, its lines are
    /// resolved again, the cart updated and checked out with a new `MS-RequestId`.
    fn availability_reissued(&mut self) -> Result<Step> {
        if self.rec.reissues >= MAX_REISSUES {
            return self.attention("availabilities kept being reissued (400019)");
        }
        match self.remote_cart_status()? {
            RemoteCart::Status(status) if status.eq_ignore_ascii_case("Active") => {
                self.rec.reissues += 1;
                for line in &mut self.rec.lines {
                    line.resolved = None;
                }
                self.rec.update_remote_cart = true;
                self.rec.checkout_request_id = None;
                self.rec.checkout_unanswered = false;
                self.state = S::Resolving;
                self.save()?;
                Ok(Step::Continue)
            }
            RemoteCart::Status(_) => {
                self.state = S::Reconciling;
                self.save()?;
                Ok(Step::Continue)
            }
            RemoteCart::Gone => self.attention("the remote cart is gone after a 400019"),
            RemoteCart::Stopped(step) => Ok(step),
        }
    }

    /// The remote cart's status (`Active`, `Ordered`).
    fn remote_cart_status(&mut self) -> Result<RemoteCart> {
        let path =
            format!("{}/carts/{}", self.customer_path(), encode(self.rec.remote_cart_id.as_deref().unwrap_or("")));
        let timeout = self.session.pc.timeouts.read;
        Ok(match self.call("getCart", "GET", &path, None, None, timeout)? {
            Answer::Ok(reply) => RemoteCart::Status(cart_status(&reply.body)),
            Answer::Refused { status: 404, .. } => RemoteCart::Gone,
            Answer::Refused { status, code, description } => RemoteCart::Stopped(
                self.attention(format!("reading the cart: HTTP {status}, code {code}: {description}"))?,
            ),
            Answer::Unreachable(detail) => RemoteCart::Stopped(self.park(detail)?),
            Answer::Unauthorized(detail) => RemoteCart::Stopped(self.pause(detail)?),
        })
    }

    /// `reconciling`: a checkout's answer was lost. The checkout is sent again (idempotent per
    /// cart); then the cart's status says whether it was ordered, and the orders are matched.
    fn reconcile(&mut self) -> Result<Step> {
        match self.send_checkout()? {
            Answer::Ok(reply) => return self.checked_out(&reply.body),
            Answer::Refused { code: 400019, .. } => return self.availability_reissued(),
            Answer::Refused { code: 800064 | 800060, .. } if self.rec.busy_waits < 3 => {
                return self.checkout_refused(409, 800064, String::new()).map(|_| Step::Continue);
            }
            Answer::Refused { .. } => {}
            Answer::Unreachable(detail) => return self.park(detail),
            Answer::Unauthorized(detail) => return self.pause(detail),
        }
        match self.remote_cart_status()? {
            RemoteCart::Status(status) if status.eq_ignore_ascii_case("Active") => {
                // Not ordered: check out again, under a new request id.
                self.rec.checkout_request_id = Some(new_id());
                self.rec.checkout_unanswered = false;
                self.state = S::CheckoutPending;
                self.save()?;
                Ok(Step::Continue)
            }
            RemoteCart::Status(_) => self.match_orders(),
            RemoteCart::Gone => self.attention("the remote cart is not found after a checkout whose answer was lost"),
            RemoteCart::Stopped(step) => Ok(step),
        }
    }

    /// The remote cart is ordered but its checkout result was lost: the customer's orders made
    /// since the checkout, one per order group, with the group's offers and quantities.
    fn match_orders(&mut self) -> Result<Step> {
        let path = format!("{}/orders", self.customer_path());
        let timeout = self.session.pc.timeouts.read;
        let orders: Vec<Value> = match self.call("listOrders", "GET", &path, None, None, timeout)? {
            Answer::Ok(reply) => items_of(&reply.body),
            Answer::Refused { status, code, description } => {
                return self.attention(format!("listing orders: HTTP {status}, code {code}: {description}"));
            }
            Answer::Unreachable(detail) => return self.park(detail),
            Answer::Unauthorized(detail) => return self.pause(detail),
        };
        let since = self.rec.checkout_started_us.unwrap_or(0).saturating_sub(MATCH_SKEW_US);
        let groups = self.order_groups();
        let mut matched = Vec::new();
        for (group, wanted) in &groups {
            let candidates: Vec<&Value> = orders
                .iter()
                .filter(|order| order_instant(order).is_some_and(|t| t >= since) && offers(order) == *wanted)
                .collect();
            match candidates.as_slice() {
                [one] => matched.push((*one).clone()),
                [] => {}
                _ => {
                    return self.attention(format!(
                        "{} orders match order group {group}; which one this checkout made cannot be told",
                        candidates.len()
                    ));
                }
            }
        }
        if matched.len() == groups.len() && !groups.is_empty() {
            self.rec.orders = matched;
            self.rec.last_error = None;
            return self.finish(S::Ordered);
        }
        match ORDER_POLLS_S.get(usize::try_from(self.rec.order_polls).unwrap_or(usize::MAX)) {
            Some(wait) => {
                // Orders show up to 15 minutes late: wait and look again.
                self.rec.order_polls += 1;
                self.rec.not_before_us =
                    Some(self.now_us().saturating_add(i64::try_from(*wait).unwrap_or(0).saturating_mul(1_000_000)));
                self.save()?;
                self.wait_not_before();
                self.match_orders()
            }
            None => self.attention("the cart is ordered but its orders were not found"),
        }
    }

    /// Each order group of the remote cart with its (offer, quantity) pairs, sorted.
    fn order_groups(&self) -> BTreeMap<String, Vec<(String, String)>> {
        let mut groups: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        if let Some(Value::Array(lines)) = self.rec.remote_cart.as_ref().and_then(|c| c.get("lineItems")) {
            for line in lines {
                let group = line.get("orderGroup").map(text).unwrap_or_else(|| "0".to_owned());
                let offer = line.get("catalogItemId").map(text).unwrap_or_default().to_ascii_lowercase();
                let quantity = line.get("quantity").map(text).unwrap_or_default();
                groups.entry(group).or_default().push((offer, quantity));
            }
        }
        for pairs in groups.values_mut() {
            pairs.sort();
        }
        groups
    }

    /// A checkout result: the orders and order errors, verbatim.
    fn checked_out(&mut self, body: &[u8]) -> Result<Step> {
        let (result, orders, errors) = match parse_checkout(body) {
            Ok(parsed) => parsed,
            Err(why) => {
                // An answer that does not parse is no answer: find out what it made.
                self.rec.checkout_unanswered = true;
                self.state = S::Reconciling;
                return self.park(format!("the checkout result does not parse: {why}"));
            }
        };
        self.rec.checkout_result = Some(result);
        self.rec.orders = orders;
        self.rec.order_errors = errors;
        self.rec.last_error = None;
        let state = match (self.rec.orders.is_empty(), self.rec.order_errors.first().cloned()) {
            (_, None) => S::Ordered,
            (false, Some(_)) => S::PartiallyOrdered,
            (true, Some(first)) => {
                self.rec.last_error = Some(Problem::PartnerCenter {
                    operation: "checkout".to_owned(),
                    status: 201,
                    code: first.code,
                    description: first.description,
                });
                S::Failed
            }
        };
        self.finish(state)
    }
}

/// What reading the remote cart gave.
enum RemoteCart {
    Status(String),
    Gone,
    Stopped(Step),
}

/// The `items` of a Collection body (availabilities, orders).
fn items_of(body: &[u8]) -> Vec<Value> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("items").and_then(Value::as_array).cloned())
        .unwrap_or_default()
}

/// A cart's `status` (`Active`, `Ordered`).
fn cart_status(body: &[u8]) -> String {
    let cart: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    cart.get("status").and_then(Value::as_str).unwrap_or("").to_owned()
}

/// A cart as Partner Center returns it: the body, its id, its expiry (microseconds) and each
/// line's error (depth first).
type ParsedCart = (Value, String, Option<i64>, Vec<Option<LineErrorRecord>>);

fn parse_cart(body: &[u8]) -> std::result::Result<ParsedCart, String> {
    let cart: Value = serde_json::from_slice(body).map_err(|e| format!("does not parse: {e}"))?;
    let id = cart.get("id").and_then(Value::as_str).map(str::to_owned).ok_or("has no id")?;
    let expires_us = cart
        .get("expirationTimestamp")
        .and_then(Value::as_str)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp_micros());
    let mut errors = Vec::new();
    if let Some(Value::Array(lines)) = cart.get("lineItems") {
        collect_line_errors(lines, &mut errors);
    }
    Ok((cart, id, expires_us, errors))
}

/// A checkout result: the body, its orders (verbatim) and its order errors.
fn parse_checkout(body: &[u8]) -> std::result::Result<(Value, Vec<Value>, Vec<OrderErrorRecord>), String> {
    let result: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    if !result.is_object() {
        return Err("not an object".to_owned());
    }
    let orders = result.get("orders").and_then(Value::as_array).cloned().unwrap_or_default();
    let errors = result
        .get("orderErrors")
        .and_then(Value::as_array)
        .map(|errors| {
            errors
                .iter()
                .map(|e| OrderErrorRecord {
                    order_group_id: e.get("orderGroupId").map(text).unwrap_or_default(),
                    code: e.get("code").and_then(number).unwrap_or(0),
                    description: e.get("description").map(text).unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok((result, orders, errors))
}

/// `ok`, `throttled`, `unauthorized`, `transient` or `business`, by HTTP status.
fn classify(status: u16) -> &'static str {
    match status {
        200..=299 => "ok",
        429 => "throttled",
        401 => "unauthorized",
        408 | 500..=599 => "transient",
        _ => "business",
    }
}

/// Partner Center's error code and description of an error body (`{"code", "description"}`,
/// or the throttling body's `{"statusCode", "message"}`).
fn error_of(body: &[u8]) -> (i64, String) {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let code = value.get("code").or_else(|| value.get("errorCode")).and_then(number).unwrap_or(0);
    let description = value
        .get("description")
        .or_else(|| value.get("message"))
        .map(text)
        .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(500).collect());
    (code, description)
}

/// A JSON number or numeric string as an integer.
fn number(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.to_string().parse().ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A JSON value as text (a string's own text, anything else as JSON).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `claims` parameter of a `WWW-Authenticate` challenge.
fn claims_challenge(header: &str) -> Option<String> {
    let start = header.find("claims=\"")? + "claims=\"".len();
    let rest = header.get(start..)?;
    Some(rest.get(..rest.find('"')?)?.to_owned())
}

/// A new GUID (request, correlation, submission ids).
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// A path segment with everything but unreserved characters percent-encoded.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The one availability of an answer that fits `line` (product, SKU, segment, country, term and
/// billing cycle, purchasable): its catalog item id; the number that fit otherwise.
fn choose(
    body: &[u8],
    product: &str,
    sku: &str,
    line: &LineRecord,
    rec: &Record,
) -> std::result::Result<String, usize> {
    let items = items_of(body);
    let field = |a: &Value, name: &str| a.get(name).and_then(Value::as_str).unwrap_or("").to_owned();
    let mut ids: Vec<String> = items
        .iter()
        .filter(|a| field(a, "productId").eq_ignore_ascii_case(product))
        .filter(|a| same_sku(&field(a, "skuId"), sku))
        .filter(|a| {
            let segment = field(a, "segment");
            segment.is_empty() || same_segment(&segment, &rec.segment)
        })
        .filter(|a| {
            let country = field(a, "country");
            country.is_empty() || rec.market.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(&country))
        })
        .filter(|a| a.get("isPurchasable").and_then(Value::as_bool) != Some(false))
        .filter(|a| terms_fit(a, line))
        .map(|a| field(a, "catalogItemId"))
        .filter(|id| !id.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        other => Err(other.len()),
    }
}

/// SKU ids compare as numbers left-padded to four digits (`1` is `0001`).
fn same_sku(a: &str, b: &str) -> bool {
    let pad = |s: &str| {
        if s.len() < 4 && s.bytes().all(|c| c.is_ascii_digit()) { format!("{s:0>4}") } else { s.to_ascii_lowercase() }
    };
    pad(a) == pad(b)
}

/// Segments compare without case; cartstore's `charity` is Partner Center's `NonProfit`.
fn same_segment(remote: &str, local: &str) -> bool {
    let norm = |s: &str| match s.to_ascii_lowercase().as_str() {
        "charity" => "nonprofit".to_owned(),
        other => other.to_owned(),
    };
    norm(remote) == norm(local)
}

/// Whether an availability offers the line's term and billing cycle.
fn terms_fit(availability: &Value, line: &LineRecord) -> bool {
    // An availability that says nothing of terms (no `terms` member) restricts none.
    let Some(terms) = availability.get("terms").and_then(Value::as_array).cloned() else {
        return true;
    };
    let cycle = line.billing_cycle.as_deref().map(norm_cycle);
    match &line.term_duration {
        None => {
            terms.is_empty()
                || terms.iter().any(|t| {
                    cycle.as_deref().is_none_or(|c| {
                        t.get("billingCycle").and_then(Value::as_str).map(norm_cycle).as_deref() == Some(c)
                    })
                })
        }
        Some(duration) => terms.iter().any(|t| {
            t.get("duration").and_then(Value::as_str).is_some_and(|d| d.eq_ignore_ascii_case(duration))
                && cycle
                    .as_deref()
                    .is_none_or(|c| t.get("billingCycle").and_then(Value::as_str).map(norm_cycle).as_deref() == Some(c))
        }),
    }
}

/// A billing cycle without case, `_` or spaces (`one_time`, `OneTime`).
fn norm_cycle(cycle: &str) -> String {
    cycle.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// Strips what a store computes from each line (and its add-ons) and names the resolved ids.
fn project_lines(lines: &mut [Value], resolved: &mut dyn Iterator<Item = Option<String>>) {
    for line in lines {
        let next = resolved.next().flatten();
        if let Value::Object(map) = line {
            for key in ["pricing", "orderGroup", "error", "links", "attributes"] {
                map.remove(key);
            }
            if let Some(id) = next {
                map.insert("catalogItemId".to_owned(), Value::String(id));
            }
            if let Some(Value::Array(addons)) = map.get_mut("addonItems") {
                project_lines(addons, resolved);
            }
        }
    }
}

/// Partner Center's error of each line (and add-on, depth first).
fn collect_line_errors(lines: &[Value], out: &mut Vec<Option<LineErrorRecord>>) {
    for line in lines {
        let error = line.get("error").filter(|e| !e.is_null()).map(|e| LineErrorRecord {
            code: e.get("errorCode").and_then(|c| number(c).or_else(|| cart_code_by_name(c))).unwrap_or(0),
            remote_description: e.get("errorDescription").map(text),
        });
        out.push(error);
        if let Some(Value::Array(addons)) = line.get("addonItems").or_else(|| line.get("addOnItems")) {
            collect_line_errors(addons, out);
        }
    }
}

/// A cart error code given by its name (`"InvalidInput"`), as Partner Center sometimes sends it.
fn cart_code_by_name(value: &Value) -> Option<i64> {
    let name = value.as_str()?;
    crate::model::CartErrorCode::ALL.iter().find(|c| c.name().eq_ignore_ascii_case(name)).map(|c| i64::from(c.code()))
}

/// An order's creation instant, in microseconds.
fn order_instant(order: &Value) -> Option<i64> {
    let text = order.get("creationDate").and_then(Value::as_str)?;
    chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| t.timestamp_micros())
}

/// An order's (offer, quantity) pairs, sorted.
fn offers(order: &Value) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = order
        .get("lineItems")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|l| {
                    (
                        l.get("offerId").map(text).unwrap_or_default().to_ascii_lowercase(),
                        l.get("quantity").map(text).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    pairs.sort();
    pairs
}

/// In debug builds, `CARTSTORE_PC_CRASH=send:N` (or `answer:N`) aborts the process just before
/// request N is sent (or just after its answer arrived, before it is recorded): the crash tests'
/// way to stop a submitting process at an exact instant. Release builds have no such point.
#[cfg(debug_assertions)]
fn crash_point(point: &str, seq: i64) {
    if let Ok(spec) = std::env::var("CARTSTORE_PC_CRASH")
        && spec == format!("{point}:{seq}")
    {
        std::process::abort();
    }
}

#[cfg(not(debug_assertions))]
fn crash_point(_point: &str, _seq: i64) {}

/// The lines of a local cart's wire JSON, depth first, as a submission records them.
pub(crate) fn lines_of(cart: &Value) -> Vec<LineRecord> {
    fn walk(lines: &[Value], out: &mut Vec<LineRecord>) {
        for line in lines {
            out.push(LineRecord {
                line_id: line.get("id").and_then(number).unwrap_or(i64::try_from(out.len()).unwrap_or(0)),
                catalog_item_id: line.get("catalogItemId").map(text).unwrap_or_default(),
                term_duration: line.get("termDuration").and_then(Value::as_str).map(str::to_owned),
                billing_cycle: line.get("billingCycle").and_then(Value::as_str).map(str::to_owned),
                resolved: None,
                error: None,
            });
            if let Some(Value::Array(addons)) = line.get("addonItems") {
                walk(addons, out);
            }
        }
    }
    let mut out = Vec::new();
    if let Some(Value::Array(lines)) = cart.get("lineItems") {
        walk(lines, &mut out);
    }
    out
}

/// The first record of a submission.
pub(crate) fn first_record(pc_customer_id: String, segment: &str, market: Option<String>, local_cart: Value) -> Record {
    Record {
        pc_customer_id,
        segment: segment.to_owned(),
        market,
        lines: lines_of(&local_cart),
        local_cart,
        ..Record::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A published sample body, or `None` (with a note) where `../shared` is absent.
    fn sample(dir: &str, name: &str) -> Option<Vec<u8>> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference").join(dir).join(name);
        if std::env::var_os("CARTSTORE_NO_SHARED").is_some() || !path.is_file() {
            eprintln!("{}: not here (a clone without ../shared), the sample check is skipped", path.display());
            return None;
        }
        std::fs::read(&path).ok()
    }

    /// Every body the client parses, parsed from Microsoft's published samples.
    #[test]
    fn every_body_the_client_reads_parses_from_the_published_samples() -> std::result::Result<(), String> {
        let pc = "partner-center-samples";
        let catalog = "partner-center-catalog-samples";
        if let Some(body) = sample(catalog, "get-availabilities-by-customer-nce-response.json") {
            // One item, as published; as a Collection it resolves an annual P1Y line.
            let item: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let collection =
                serde_json::to_vec(&serde_json::json!({"totalCount": 1, "items": [item]})).unwrap_or_default();
            let line = LineRecord {
                line_id: 0,
                catalog_item_id: "CFQ7TTC0LH18:0001".into(),
                term_duration: Some("P1Y".into()),
                billing_cycle: Some("annual".into()),
                resolved: None,
                error: None,
            };
            let rec = Record { segment: "commercial".into(), market: Some("US".into()), ..Record::default() };
            assert_eq!(
                choose(&collection, "CFQ7TTC0LH18", "1", &line, &rec),
                Ok("CFQ7TTC0LH18:0001:CFQ7TTC0K971".into())
            );
            let monthly = LineRecord { billing_cycle: Some("monthly".into()), ..line };
            assert_eq!(choose(&collection, "CFQ7TTC0LH18", "0001", &monthly, &rec), Err(0));
        }
        if let Some(body) = sample(catalog, "savings-plan-get-availabilities-by-customer-response.json") {
            assert!(!items_of(&body).is_empty());
        }
        for name in [
            "create-cart-nce-response.json",
            "create-cart-response.json",
            "update-cart-response.json",
            "savings-plan-get-cart-response.json",
            "create-cart-attestation-response.json",
        ] {
            if let Some(body) = sample(pc, name) {
                let parsed = parse_cart(&body);
                let (_, id, expires, errors) = parsed.map_err(|e| format!("{name}: {e}"))?;
                assert!(!id.is_empty(), "{name}");
                assert!(!errors.is_empty(), "{name}: no line read");
                // The published update answer has neither expiry nor status.
                if name != "update-cart-response.json" {
                    assert!(expires.is_some(), "{name}");
                    assert!(["Active", "Ordered"].contains(&cart_status(&body).as_str()), "{name}");
                }
            }
        }
        for name in [
            "checkout-cart-response.json",
            "checkout-cart-attestation-response.json",
            "savings-plan-checkout-cart-response.json",
        ] {
            if let Some(body) = sample(pc, name) {
                let (_, orders, _) = parse_checkout(&body).map_err(|e| format!("{name}: {e}"))?;
                assert!(!orders.is_empty(), "{name}");
                for order in &orders {
                    assert!(order_instant(order).is_some() && !offers(order).is_empty(), "{name}: {order}");
                }
            }
        }
        for name in ["get-orders-response.json", "savings-plan-get-orders-response.json"] {
            if let Some(body) = sample(pc, name) {
                let orders = items_of(&body);
                assert!(!orders.is_empty(), "{name}");
                assert!(orders.iter().all(|o| !offers(o).is_empty()), "{name}");
                // The savings-plan sample's `creationDate` is malformed ("2023-05-18TT21:..."): such an
                // order is never matched to a checkout (it cannot be shown to be recent), not a failure.
                if name == "get-orders-response.json" {
                    assert!(orders.iter().all(|o| order_instant(o).is_some()), "{name}");
                }
            }
        }
        if let Some(body) = sample(pc, "throttling-429-response.json") {
            assert!(error_of(&body).1.contains("Rate limit"), "{:?}", error_of(&body));
        }
        if let Some(body) = sample(pc, "error-invalid-order-status-response.json") {
            assert!(error_of(&body).1.contains("OrderStatus"), "{:?}", error_of(&body));
        }
        Ok(())
    }

    #[test]
    fn error_bodies_and_challenges_read() {
        assert_eq!(error_of(br#"{"code": 400019, "description": "Availability not found"}"#).0, 400019);
        assert_eq!(error_of(br#"{"code": "800065", "description": "x"}"#).0, 800065);
        assert_eq!(error_of(br#"{"statusCode": 429, "message": "Rate limit"}"#).1, "Rate limit");
        assert_eq!(claims_challenge(r#"Bearer error="insufficient_claims", claims="eyJ""#).as_deref(), Some("eyJ"));
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
        assert!(same_sku("1", "0001") && same_segment("NonProfit", "charity"));
    }
}
