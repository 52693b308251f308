//! A fake Partner Center on loopback, for the submission tests (reference/pc-submission.md §2, §3, §5).
//!
//! `FakePc::start()` binds `127.0.0.1:0` and serves each connection on its own thread (a stalled request
//! never blocks its retry), HTTP/1.1 with `Connection: close` and a `Content-Length` body on every
//! response; request bodies are read by `Content-Length` or `Transfer-Encoding: chunked`. The listener
//! stops when the `FakePc` is dropped. Time comes from the `cartstore::Clock` it is given (cart expiry,
//! timestamps, order creation dates, the order-list lag); ids are random (uuid carts, 12-hex orders)
//! except availability ids (`FPC000000001`, ...), numbered in seeding order.
//!
//! Endpoints (Partner Center's paths):
//! - GET or POST `/v1/customers/{c}/products/{p}/skus/{s}/availabilities[?targetSegment=&country=]`:
//!   a Collection of the seeded availabilities of `(p, s)` (segment and country compared without case);
//!   a product never seeded: 404 400013 (a known product without that SKU: an empty Collection).
//! - POST `/v1/customers/{c}/carts`: 201 Cart (`Active`, expiring 7 days after the clock's now, line ids
//!   0..n-1, `orderGroup` "0", "1", ... per billing cycle in order of first appearance). A line's `error`
//!   (`errorCode` written as the CartErrorCode name, as cartstore writes it; `errorDescription` the seed's
//!   English): `CatalogItemIdIsNotValid` (10001) for a catalogItemId that is not three non-empty parts or
//!   that no availability ever had; `InvalidInput` (10010) for a termDuration/billingCycle pair the
//!   availability does not offer; `AttestationNotAccepted` (10012) on every line when the cart's
//!   `PartnerOnRecordAttestationAccepted` is not `true`. A reissued (old) id is still accepted here: it
//!   fails at checkout. A body that is not a JSON object with a `lineItems` array: 400 800002.
//! - GET / PUT `/v1/customers/{c}/carts/{id}`: 200 / 201 Cart; unknown or expired (by the clock): 404
//!   800008; PUT replaces the lines (id, creation and expiry kept): 400 800065 when `Ordered`, 409 800064
//!   while a checkout of it is in flight.
//! - POST `.../carts/{id}/checkout` (body ignored): 201 CartCheckoutResult `{orders, orderErrors,
//!   attributes}`, one order per order group but those named by `fail_order_group`; the cart turns
//!   `Ordered` in the same lock (unless every group failed: then it stays `Active` and nothing counts as
//!   committed). Refusals, in this order: 404 800008 (unknown/expired); an `Ordered` cart per `Replay`
//!   (the first result again, 201, or 400 800065); 409 800064 while another checkout of it is in flight;
//!   404 400019 when a line names a reissued or unknown availability; 400 800009 when a line has another
//!   error. A checkout is in flight from its check to its commit (instantaneous unless `hold_checkouts`).
//! - GET `/v1/customers/{c}/orders`: a Collection of the orders created at least the lag ago;
//!   GET `.../orders/{id}`: the order at once (the lag is documented for the list only), or 404 (code 0).
//!
//! Every error body is `{"code", "description", "data": [], "source": "PartnerFD"}` but 429's, which is
//! the published throttling body. Order of the checks on a request: it is logged and counted for its
//! route; an injected fault that acts before the effect answers now; then the bearer token (401 code 0
//! when missing or not accepted); then the MS-RequestId mode; then the effect; then a fault that acts
//! after the effect shapes the answer. Faults and counts apply to routed requests only.
//!
//! Shapes are the published samples' (`../shared/reference/partner-center-samples/` and
//! `partner-center-catalog-samples/`, read at start when present and `CARTSTORE_NO_SHARED` is unset),
//! with the fields the fake knows overwritten; on a bare clone, embedded minimal templates with the same
//! members (`the_embedded_templates_have_every_member_of_the_samples` checks that).

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use cartstore::{Clock, SystemClock};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

/// The code of the 400 a reused MS-RequestId gets in `RequestIdMode::RefuseReuse` (InvalidInput: no
/// published code exists for it).
pub const REQUEST_ID_REUSED: i32 = 800002;

/// The code of the 401 an MFA-less token gets (secondary sources, reference §4).
pub const MFA_REQUIRED: i32 = 900421;

/// A Partner Center operation the fake serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// GET or POST `/v1/customers/{c}/products/{p}/skus/{s}/availabilities`.
    Availabilities,
    /// POST `/v1/customers/{c}/carts`.
    CreateCart,
    /// GET `/v1/customers/{c}/carts/{id}`.
    GetCart,
    /// PUT `/v1/customers/{c}/carts/{id}`.
    UpdateCart,
    /// POST `/v1/customers/{c}/carts/{id}/checkout`.
    Checkout,
    /// GET `/v1/customers/{c}/orders`.
    ListOrders,
    /// GET `/v1/customers/{c}/orders/{id}`.
    GetOrder,
}

/// What an injected call does instead of (or after) its normal answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429, `Retry-After: retry_after_s`, the published throttling body; no effect.
    Throttle {
        /// The seconds `Retry-After` names.
        retry_after_s: u64,
    },
    /// This status (500/502/503/504) with a `{code, description, data, source}` body; no effect.
    ServerError(u16),
    /// 401, the token expired (`WWW-Authenticate: Bearer error="invalid_token"`, code 0); no effect.
    Unauthorized,
    /// 401 MFA required: `WWW-Authenticate: Bearer error="invalid_token"`, code 900421; no effect.
    MfaRequired,
    /// The socket closed without an answer or an effect.
    DropBeforeCommit,
    /// The effect applied (and the answer stored for `RequestIdMode::Honour`), the socket closed
    /// without an answer.
    CommitThenDrop,
    /// The effect applied, the socket silent that long, then the answer (if the client still listens).
    StallAfterCommit(std::time::Duration),
    /// 409 800064 "Cart {0} is being processed by another request"; no effect.
    Busy,
    /// The effect applied; a `Content-Length` larger than the half of the body sent, then closed.
    TruncatedBody,
}

impl Fault {
    fn before_effect(self) -> bool {
        !matches!(self, Fault::CommitThenDrop | Fault::StallAfterCommit(_) | Fault::TruncatedBody)
    }
}

/// What a repeated `MS-RequestId` (same route, same path) does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RequestIdMode {
    /// The stored answer (status and body) again, without a new effect. The default.
    #[default]
    Honour,
    /// Nothing: every request is new.
    Ignore,
    /// 400 with code `REQUEST_ID_REUSED`.
    RefuseReuse,
}

/// What the checkout of an `Ordered` cart answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Replay {
    /// The first checkout's result again, 201 (Microsoft documents checkout as idempotent per cart). The
    /// default.
    #[default]
    ReplayResult,
    /// 400 800065 "Cannot checkout an already submitted cart".
    AlreadySubmitted,
}

/// One request as the fake received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query, without `?` (empty when none).
    pub query: String,
    /// The `MS-RequestId` header.
    pub ms_request_id: Option<String>,
    /// The `MS-CorrelationId` header.
    pub ms_correlation_id: Option<String>,
    /// The `Authorization` header, as sent.
    pub authorization: Option<String>,
    /// The body (lossy UTF-8; a chunked body de-chunked).
    pub body: String,
    /// The route the path and method name, if any.
    pub route: Option<Route>,
}

/// A fake Partner Center listening on loopback until dropped.
pub struct FakePc {
    addr: SocketAddr,
    shared: Arc<Shared>,
    listener: Option<JoinHandle<()>>,
}

impl FakePc {
    /// Starts a fake on the system clock.
    pub fn start() -> io::Result<FakePc> {
        FakePc::start_with_clock(Arc::new(SystemClock))
    }

    /// Starts a fake on the given clock.
    pub fn start_with_clock(clock: Arc<dyn Clock>) -> io::Result<FakePc> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            gate: Condvar::new(),
            clock,
            templates: Templates::load(),
            stop: AtomicBool::new(false),
        });
        let for_listener = Arc::clone(&shared);
        let listener = std::thread::Builder::new().name("fake-pc".into()).spawn(move || {
            for conn in listener.incoming() {
                if for_listener.stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = conn {
                    let shared = Arc::clone(&for_listener);
                    let _ =
                        std::thread::Builder::new().name("fake-pc-conn".into()).spawn(move || serve(&shared, stream));
                }
            }
        })?;
        Ok(FakePc { addr, shared, listener: Some(listener) })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the fake listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Whether the shapes come from the published samples (else the embedded templates).
    pub fn shapes_from_samples(&self) -> bool {
        self.shared.templates.from_samples
    }

    /// Seeds an availability for (product, sku) in (segment, country) with terms (duration "P1Y",
    /// billingCycle "Monthly"/"Annual"/"Triennial"/"None" as Partner Center spells them); returns its
    /// 3-part catalogItemId.
    pub fn add_availability(
        &self,
        product: &str,
        sku: &str,
        segment: &str,
        country: &str,
        terms: &[(&str, &str)],
    ) -> String {
        let mut state = self.shared.lock();
        let availability_id = state.next_availability_id();
        let seed = Seed {
            product: product.to_owned(),
            sku: sku.to_owned(),
            segment: segment.to_owned(),
            country: country.to_owned(),
            terms: terms.iter().map(|(d, c)| ((*d).to_owned(), (*c).to_owned())).collect(),
            availability_id,
            retired: Vec::new(),
        };
        let id = seed.catalog_item_id();
        state.seeds.push(seed);
        id
    }

    /// Reissues (product, sku)'s availability ids (every seed of the pair): a cart line naming an old id
    /// then fails checkout with 404 400019; returns the new 3-part id (of the first seed of the pair).
    pub fn rotate(&self, product: &str, sku: &str) -> String {
        let mut state = self.shared.lock();
        let mut first = None;
        for i in 0..state.seeds.len() {
            if !state.seeds[i].is(product, sku) {
                continue;
            }
            let fresh = state.next_availability_id();
            let seed = &mut state.seeds[i];
            let old = seed.catalog_item_id();
            seed.retired.push(old);
            seed.availability_id = fresh;
            first.get_or_insert_with(|| seed.catalog_item_id());
        }
        first.unwrap_or_else(|| panic!("rotate: no availability was seeded for {product}:{sku}"))
    }

    /// The nth call (1-based) of that route gets `fault`.
    pub fn inject(&self, route: Route, nth: usize, fault: Fault) {
        self.shared.lock().faults.insert((route, nth), fault);
    }

    /// How a repeated MS-RequestId is treated from now on.
    pub fn set_request_id_mode(&self, mode: RequestIdMode) {
        self.shared.lock().request_id_mode = mode;
    }

    /// What the checkout of an `Ordered` cart answers from now on.
    pub fn set_replay(&self, mode: Replay) {
        self.shared.lock().replay = mode;
    }

    /// At checkout, the order group `group` gets no order but `{orderGroupId, code, description}` in
    /// `orderErrors`.
    pub fn fail_order_group(&self, group: &str, code: i32, description: &str) {
        self.shared.lock().failing_groups.insert(group.to_owned(), (code, description.to_owned()));
    }

    /// Orders appear in GET orders only once `lag` has passed on the clock since their creation.
    pub fn set_order_lag(&self, lag: Duration) {
        self.shared.lock().order_lag = lag;
    }

    /// Only these bearer tokens are accepted from now on (default: any non-empty one).
    pub fn accept_tokens(&self, tokens: &[&str]) {
        self.shared.lock().tokens = Some(tokens.iter().map(|t| (*t).to_owned()).collect());
    }

    /// While `true`, a checkout that passed its checks waits before committing, in flight (a concurrent
    /// checkout of the same cart gets 409 800064); `false` lets the waiting ones commit.
    pub fn hold_checkouts(&self, hold: bool) {
        self.shared.lock().hold = hold;
        self.shared.gate.notify_all();
    }

    /// The number of checkouts in flight (passed their checks, not yet committed).
    pub fn checkouts_in_flight(&self) -> usize {
        self.shared.lock().carts.values().filter(|c| c.in_flight).count()
    }

    /// Every request, in arrival order.
    pub fn requests(&self) -> Vec<Logged> {
        self.shared.lock().log.clone()
    }

    /// How many requests of that route arrived.
    pub fn calls(&self, route: Route) -> usize {
        self.shared.lock().calls.get(&route).copied().unwrap_or(0)
    }

    /// Every committed order of the customer, in creation order, the lag ignored.
    pub fn orders(&self, customer: &str) -> Vec<Value> {
        let key = customer.to_ascii_lowercase();
        self.shared.lock().orders.iter().filter(|o| o.customer == key).map(|o| o.json.clone()).collect()
    }

    /// The number of carts turned into orders.
    pub fn checkouts_committed(&self) -> usize {
        self.shared.lock().committed
    }

    /// The cart as stored (expired or not), if it was ever created.
    pub fn cart(&self, customer: &str, cart_id: &str) -> Option<Value> {
        self.shared.lock().carts.get(&key(customer, cart_id)).map(|c| c.json.clone())
    }

    /// Every cart of the customer, in creation order.
    pub fn carts(&self, customer: &str) -> Vec<Value> {
        let state = self.shared.lock();
        let customer = customer.to_ascii_lowercase();
        let mut carts: Vec<&StoredCart> = state.carts.iter().filter(|(k, _)| k.0 == customer).map(|(_, c)| c).collect();
        carts.sort_by_key(|c| c.number);
        carts.into_iter().map(|c| c.json.clone()).collect()
    }
}

impl Drop for FakePc {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.hold_checkouts(false);
        // Wakes the blocking accept, which then sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(listener) = self.listener.take() {
            let _ = listener.join();
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// State

struct Seed {
    product: String,
    sku: String,
    segment: String,
    country: String,
    terms: Vec<(String, String)>,
    availability_id: String,
    /// Every 3-part id this availability had before (reissued by `rotate`).
    retired: Vec<String>,
}

impl Seed {
    fn catalog_item_id(&self) -> String {
        format!("{}:{}:{}", self.product, self.sku, self.availability_id)
    }

    fn is(&self, product: &str, sku: &str) -> bool {
        self.product.eq_ignore_ascii_case(product) && self.sku.eq_ignore_ascii_case(sku)
    }

    fn offers(&self, duration: &str, cycle: &str) -> bool {
        self.terms.iter().any(|(d, c)| d.eq_ignore_ascii_case(duration) && c.eq_ignore_ascii_case(cycle))
    }
}

struct StoredCart {
    number: usize,
    json: Value,
    expires: DateTime<Utc>,
    ordered: bool,
    in_flight: bool,
    result: Option<Value>,
}

struct StoredOrder {
    customer: String,
    created: DateTime<Utc>,
    json: Value,
}

#[derive(Default)]
struct State {
    seeds: Vec<Seed>,
    availability_ids: usize,
    faults: HashMap<(Route, usize), Fault>,
    calls: HashMap<Route, usize>,
    request_id_mode: RequestIdMode,
    replay: Replay,
    failing_groups: HashMap<String, (i32, String)>,
    order_lag: Duration,
    tokens: Option<Vec<String>>,
    hold: bool,
    log: Vec<Logged>,
    carts: HashMap<(String, String), StoredCart>,
    orders: Vec<StoredOrder>,
    committed: usize,
    answers: HashMap<(Route, String, String), Resp>,
    seen_ids: HashSet<(Route, String, String)>,
}

impl State {
    fn next_availability_id(&mut self) -> String {
        self.availability_ids += 1;
        format!("FPC{:09}", self.availability_ids)
    }

    /// The seed an id names, and whether the id is its current one.
    fn availability(&self, catalog_item_id: &str) -> Option<(&Seed, bool)> {
        self.seeds.iter().find_map(|s| {
            if s.catalog_item_id().eq_ignore_ascii_case(catalog_item_id) {
                Some((s, true))
            } else if s.retired.iter().any(|r| r.eq_ignore_ascii_case(catalog_item_id)) {
                Some((s, false))
            } else {
                None
            }
        })
    }
}

struct Shared {
    state: Mutex<State>,
    gate: Condvar,
    clock: Arc<dyn Clock>,
    templates: Templates,
    stop: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

fn key(customer: &str, id: &str) -> (String, String) {
    (customer.to_ascii_lowercase(), id.to_ascii_lowercase())
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

// ---------------------------------------------------------------------------------------------------
// Templates

struct Templates {
    availability: Value,
    cart: Value,
    cart_line: Value,
    order: Value,
    order_line: Value,
    throttle: Value,
    from_samples: bool,
}

impl Templates {
    fn load() -> Templates {
        let embedded = Templates::embedded();
        if std::env::var_os("CARTSTORE_NO_SHARED").is_some() {
            return embedded;
        }
        Templates::from_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference")).unwrap_or(embedded)
    }

    /// The templates from the published samples under `reference`, if they are all there.
    fn from_dir(reference: &std::path::Path) -> Option<Templates> {
        let read =
            |rel: &str| -> Option<Value> { serde_json::from_slice(&std::fs::read(reference.join(rel)).ok()?).ok() };
        let availability = read("partner-center-catalog-samples/get-availabilities-by-customer-nce-response.json")?;
        let cart = read("partner-center-samples/create-cart-nce-response.json")?;
        let checkout = read("partner-center-samples/checkout-cart-attestation-response.json")?;
        let throttle = read("partner-center-samples/throttling-429-response.json")?;
        let cart_line = cart.get("lineItems")?.get(0)?.clone();
        let order = checkout.get("orders")?.get(0)?.clone();
        let order_line = order.get("lineItems")?.get(0)?.clone();
        Some(Templates { availability, cart, cart_line, order, order_line, throttle, from_samples: true })
    }

    /// Minimal templates with the samples' members, for a clone without `../shared`.
    fn embedded() -> Templates {
        let link = json!({"uri": "", "method": "GET", "headers": []});
        Templates {
            availability: json!({
                "id": "", "productId": "", "skuId": "", "catalogItemId": "",
                "defaultCurrency": {"code": "USD", "symbol": "$"},
                "segment": "commercial", "country": "US", "isPurchasable": true, "isRenewable": true,
                "renewalInstructions": [{"applicableTermIds": [], "renewalOptions": [{"renewToId": "", "isAutoRenewable": true}]}],
                "terms": [{"id": "", "duration": "P1Y", "description": "", "billingCycle": "Annual",
                    "cancellationPolicies": [{"refundOptions": [{"sequenceId": 0, "type": "Full", "expiresAfter": "P1D"}]}]}],
                "links": {"self": link}
            }),
            cart: json!({
                "id": "", "creationTimestamp": "", "lastModifiedTimestamp": "", "expirationTimestamp": "",
                "lastModifiedUser": "9db12087-fbc3-481c-8965-73d44ff88e27", "status": "Active", "lineItems": [],
                "links": {"self": link}, "attributes": {"objectType": "Cart"}
            }),
            cart_line: json!({
                "id": 0, "catalogItemId": "", "quantity": 1, "currencyCode": "USD", "billingCycle": "monthly",
                "termDuration": "P1Y", "provisioningContext": {}, "orderGroup": "0",
                "pricing": {"listPrice": 0, "discountedPrice": 0, "proratedPrice": 0, "price": 0, "extendedPrice": 0}
            }),
            order: json!({
                "id": "", "alternateId": "", "referenceCustomerId": "", "billingCycle": "monthly",
                "currencyCode": "USD", "currencySymbol": "$", "lineItems": [], "creationDate": "",
                "status": "pending", "transactionType": "UserPurchase",
                "links": {"self": link, "provisioningStatus": link, "patchOperation": link},
                "client": {}, "attributes": {"objectType": "Order"}
            }),
            order_line: json!({
                "lineItemNumber": 0, "offerId": "", "subscriptionId": "", "termDuration": "P1Y",
                "transactionType": "New", "friendlyName": "", "quantity": 1,
                "links": {"product": link, "sku": link, "availability": link}
            }),
            throttle: json!({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 57 seconds."}),
            from_samples: false,
        }
    }

    fn availability(&self, seed: &Seed) -> Value {
        let mut v = self.availability.clone();
        let term_template = v.get("terms").and_then(|t| t.get(0)).cloned().unwrap_or_else(|| json!({}));
        let terms: Vec<Value> = seed
            .terms
            .iter()
            .enumerate()
            .map(|(i, (duration, cycle))| {
                let mut term = term_template.clone();
                set(&mut term, "id", json!(format!("{}t{i}", seed.availability_id.to_ascii_lowercase())));
                set(&mut term, "duration", json!(duration));
                set(&mut term, "description", json!(format!("{duration} commitment, {cycle} billing")));
                set(&mut term, "billingCycle", json!(cycle));
                term
            })
            .collect();
        let term_ids: Vec<Value> = terms.iter().filter_map(|t| t.get("id").cloned()).collect();
        set(&mut v, "id", json!(seed.availability_id));
        set(&mut v, "productId", json!(seed.product));
        set(&mut v, "skuId", json!(seed.sku));
        set(&mut v, "catalogItemId", json!(seed.catalog_item_id()));
        set(&mut v, "segment", json!(seed.segment));
        set(&mut v, "country", json!(seed.country));
        set(&mut v, "isPurchasable", json!(true));
        set(
            &mut v,
            "renewalInstructions",
            json!([{"applicableTermIds": term_ids,
                "renewalOptions": [{"renewToId": format!("{}:{}", seed.product, seed.sku), "isAutoRenewable": true}]}]),
        );
        set(&mut v, "terms", Value::Array(terms));
        set_link(
            &mut v,
            "self",
            &format!(
                "/products/{}/skus/{}/availabilities/{}?country={}",
                seed.product, seed.sku, seed.availability_id, seed.country
            ),
            "GET",
        );
        v
    }

    fn order(&self, customer: &str, cycle: &str, lines: &[&Value], now: DateTime<Utc>) -> Value {
        let id: String = uuid::Uuid::new_v4().simple().to_string().chars().take(12).collect();
        let mut o = self.order.clone();
        set(&mut o, "id", json!(id));
        set(&mut o, "alternateId", json!(id));
        set(&mut o, "referenceCustomerId", json!(customer));
        set(&mut o, "billingCycle", json!(cycle));
        let currency = lines.first().and_then(|l| l.get("currencyCode")).cloned().unwrap_or_else(|| json!("USD"));
        set(&mut o, "currencyCode", currency);
        let items: Vec<Value> = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let offer = line.get("catalogItemId").and_then(Value::as_str).unwrap_or_default();
                let mut parts = offer.split(':');
                let (product, sku, availability) = (
                    parts.next().unwrap_or_default(),
                    parts.next().unwrap_or_default(),
                    parts.next().unwrap_or_default(),
                );
                let mut li = self.order_line.clone();
                if let Some(m) = li.as_object_mut() {
                    m.remove("partnerIdOnRecord");
                    m.remove("additionalPartnerIdsOnRecord");
                }
                set(&mut li, "lineItemNumber", json!(i));
                set(&mut li, "offerId", json!(offer));
                set(&mut li, "subscriptionId", json!(uuid::Uuid::new_v4().to_string()));
                set(&mut li, "termDuration", line.get("termDuration").cloned().unwrap_or(Value::Null));
                set(&mut li, "transactionType", json!("New"));
                let name = line.get("friendlyName").cloned().unwrap_or_else(|| json!(format!("{product}:{sku}")));
                set(&mut li, "friendlyName", name);
                set(&mut li, "quantity", line.get("quantity").cloned().unwrap_or_else(|| json!(1)));
                set(&mut li, "links", json!({}));
                set_link(&mut li, "product", &format!("/products/{product}?country=US"), "GET");
                set_link(&mut li, "sku", &format!("/products/{product}/skus/{sku}?country=US"), "GET");
                set_link(
                    &mut li,
                    "availability",
                    &format!("/products/{product}/skus/{sku}/availabilities/{availability}?country=US"),
                    "GET",
                );
                li
            })
            .collect();
        set(&mut o, "lineItems", Value::Array(items));
        set(&mut o, "creationDate", json!(stamp(now)));
        set(&mut o, "status", json!("pending"));
        set(&mut o, "transactionType", json!("UserPurchase"));
        let me = format!("/customers/{customer}/orders/{id}");
        set_link(&mut o, "self", &me, "GET");
        set_link(&mut o, "provisioningStatus", &format!("{me}/provisioningstatus"), "GET");
        set_link(&mut o, "patchOperation", &me, "PATCH");
        o
    }
}

fn set(v: &mut Value, name: &str, value: Value) {
    if let Some(m) = v.as_object_mut() {
        m.insert(name.to_owned(), value);
    }
}

fn set_link(v: &mut Value, name: &str, uri: &str, method: &str) {
    if let Some(m) = v.as_object_mut() {
        let links = m.entry("links").or_insert_with(|| json!({}));
        set(links, name, json!({"uri": uri, "method": method, "headers": []}));
    }
}

/// A member by name, its case ignored (clients send `LineItems`, `CatalogItemId`).
fn get_ci<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v).filter(|v| !v.is_null())
}

fn collection(items: Vec<Value>, self_uri: &str) -> Value {
    json!({
        "totalCount": items.len(),
        "items": items,
        "links": {"self": {"uri": self_uri, "method": "GET", "headers": []}},
        "attributes": {"objectType": "Collection"}
    })
}

// ---------------------------------------------------------------------------------------------------
// HTTP

struct Request {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn query_param(&self, name: &str) -> Option<String> {
        self.query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| decode(v))
    }
}

/// Percent-decoding of a query value (`+` is a space).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = if b == b'%' { s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()) } else { None };
        match (b, escaped) {
            (_, Some(e)) => {
                out.push(e);
                i += 2;
            }
            (b'+', None) => out.push(b' '),
            (b, None) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

const MAX_HEAD: u64 = 64 * 1024;
const MAX_BODY: u64 = 16 * 1024 * 1024;

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Reads one request; `None` when the peer closed before sending one.
fn read_request(stream: &mut TcpStream) -> io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = (&mut reader).take(MAX_HEAD);
    let mut line = String::new();
    if head.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.trim_end().split(' ');
    let method = parts.next().filter(|m| !m.is_empty()).ok_or_else(|| invalid("no method"))?.to_owned();
    let target = parts.next().ok_or_else(|| invalid("no target"))?;
    // An absolute form (through a proxy): keep the path.
    let target = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (path, query) = (path.to_owned(), query.to_owned());
    let mut headers = Vec::new();
    loop {
        line.clear();
        if head.read_line(&mut line)? == 0 {
            return Err(invalid("headers cut short"));
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let mut request = Request { method, path, query, headers, body: Vec::new() };
    if request.header("Expect").is_some_and(|e| e.eq_ignore_ascii_case("100-continue")) {
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    if request.header("Transfer-Encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked")) {
        request.body = read_chunked(&mut reader)?;
    } else if let Some(length) = request.header("Content-Length") {
        let length: u64 = length.parse().map_err(|_| invalid("bad Content-Length"))?;
        if length > MAX_BODY {
            return Err(invalid("body too large"));
        }
        let mut body = Vec::new();
        (&mut reader).take(length).read_to_end(&mut body)?;
        if body.len() as u64 != length {
            return Err(invalid("body cut short"));
        }
        request.body = body;
    }
    Ok(Some(request))
}

fn read_chunked(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.by_ref().take(MAX_HEAD).read_line(&mut line)? == 0 {
            return Err(invalid("chunk size cut short"));
        }
        let size = line.trim().split(';').next().unwrap_or_default().trim();
        let size = u64::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                line.clear();
                if reader.by_ref().take(MAX_HEAD).read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len() as u64 + size > MAX_BODY {
            return Err(invalid("body too large"));
        }
        let before = body.len();
        reader.by_ref().take(size).read_to_end(&mut body)?;
        if (body.len() - before) as u64 != size {
            return Err(invalid("chunk cut short"));
        }
        line.clear();
        reader.by_ref().take(2).read_line(&mut line)?;
    }
}

#[derive(Clone, Debug)]
struct Resp {
    status: u16,
    body: String,
    headers: Vec<(String, String)>,
}

impl Resp {
    fn json(status: u16, body: &Value) -> Resp {
        Resp { status, body: body.to_string(), headers: Vec::new() }
    }

    /// Partner Center's error body.
    fn error(status: u16, code: i32, description: &str) -> Resp {
        Resp::json(status, &json!({"code": code, "description": description, "data": [], "source": "PartnerFD"}))
    }

    fn with_header(mut self, name: &str, value: &str) -> Resp {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The status line and headers, announcing `length` body bytes.
    fn head(&self, request: &Request, length: usize) -> String {
        let reason = match self.status {
            200 => "OK",
            201 => "Created",
            400 => "Bad Request",
            401 => "Unauthorized",
            404 => "Not Found",
            405 => "Method Not Allowed",
            409 => "Conflict",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "Status",
        };
        let mut head = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {length}\r\nConnection: close\r\nMS-ServerId: fake-pc\r\n",
            self.status
        );
        for name in ["MS-RequestId", "MS-CorrelationId"] {
            if let Some(v) = request.header(name) {
                head.push_str(&format!("{name}: {v}\r\n"));
            }
        }
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head
    }
}

fn write_resp(stream: &mut TcpStream, request: &Request, resp: &Resp) {
    let mut bytes = resp.head(request, resp.body.len()).into_bytes();
    bytes.extend_from_slice(resp.body.as_bytes());
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// What a path names.
#[derive(Default)]
struct Params {
    customer: String,
    product: String,
    sku: String,
    id: String,
}

fn route_of(method: &str, path: &str) -> Option<(Route, Params)> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let is = |i: usize, word: &str| segments.get(i).is_some_and(|s| s.eq_ignore_ascii_case(word));
    if !is(0, "v1") || !is(1, "customers") || segments.len() < 4 {
        return None;
    }
    let customer = segments[2].to_owned();
    let get = method.eq_ignore_ascii_case("GET");
    let post = method.eq_ignore_ascii_case("POST");
    let put = method.eq_ignore_ascii_case("PUT");
    let at = |i: usize| segments.get(i).map(|s| (*s).to_owned()).unwrap_or_default();
    let route = match segments.len() {
        8 if is(3, "products") && is(5, "skus") && is(7, "availabilities") && (get || post) => {
            return Some((Route::Availabilities, Params { customer, product: at(4), sku: at(6), id: String::new() }));
        }
        4 if is(3, "carts") && post => Route::CreateCart,
        5 if is(3, "carts") && get => Route::GetCart,
        5 if is(3, "carts") && put => Route::UpdateCart,
        6 if is(3, "carts") && is(5, "checkout") && post => Route::Checkout,
        4 if is(3, "orders") && get => Route::ListOrders,
        5 if is(3, "orders") && get => Route::GetOrder,
        _ => return None,
    };
    Some((route, Params { customer, id: at(4), ..Params::default() }))
}

fn serve(shared: &Shared, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(30)));
    let request = match read_request(&mut stream) {
        Ok(Some(r)) => r,
        Ok(None) => return,
        Err(_) => {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
    };
    let routed = route_of(&request.method, &request.path);
    let fault = {
        let mut state = shared.lock();
        state.log.push(Logged {
            method: request.method.clone(),
            path: request.path.clone(),
            query: request.query.clone(),
            ms_request_id: request.header("MS-RequestId").map(str::to_owned),
            ms_correlation_id: request.header("MS-CorrelationId").map(str::to_owned),
            authorization: request.header("Authorization").map(str::to_owned),
            body: String::from_utf8_lossy(&request.body).into_owned(),
            route: routed.as_ref().map(|(r, _)| *r),
        });
        routed.as_ref().and_then(|(route, _)| {
            let n = state.calls.entry(*route).or_insert(0);
            *n += 1;
            let n = *n;
            state.faults.get(&(*route, n)).copied()
        })
    };
    let Some((route, params)) = routed else {
        write_resp(
            &mut stream,
            &request,
            &Resp::error(404, 0, &format!("No route for {} {}", request.method, request.path)),
        );
        return;
    };
    if let Some(fault) = fault.filter(|f| f.before_effect()) {
        let resp = match fault {
            Fault::Throttle { retry_after_s } => {
                let mut body = shared.templates.throttle.clone();
                set(
                    &mut body,
                    "message",
                    json!(format!("Rate limit is exceeded. Try again in {retry_after_s} seconds.")),
                );
                Resp::json(429, &body).with_header("Retry-After", &retry_after_s.to_string())
            }
            Fault::ServerError(status) => Resp::error(status, 800003, "Unexpected service error."),
            Fault::Unauthorized => Resp::error(401, 0, "Unauthorized: the access token has expired.").with_header(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"The access token expired\"",
            ),
            Fault::MfaRequired => Resp::error(401, MFA_REQUIRED, "Unauthorized - MFA required")
                .with_header("WWW-Authenticate", "Bearer error=\"invalid_token\""),
            Fault::Busy => {
                Resp::error(409, 800064, &format!("Cart {} is being processed by another request.", params.id))
            }
            Fault::DropBeforeCommit | Fault::CommitThenDrop | Fault::StallAfterCommit(_) | Fault::TruncatedBody => {
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
        };
        write_resp(&mut stream, &request, &resp);
        return;
    }
    let resp = answer(shared, &request, route, &params);
    match fault {
        Some(Fault::CommitThenDrop) => {
            let _ = stream.shutdown(Shutdown::Both);
        }
        Some(Fault::StallAfterCommit(d)) => {
            let until = std::time::Instant::now() + d;
            while std::time::Instant::now() < until && !shared.stop.load(Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            write_resp(&mut stream, &request, &resp);
        }
        Some(Fault::TruncatedBody) => {
            let half = resp.body.len() / 2;
            let mut bytes = resp.head(&request, resp.body.len() + 1).into_bytes();
            bytes.extend_from_slice(&resp.body.as_bytes()[..half]);
            let _ = stream.write_all(&bytes);
            let _ = stream.shutdown(Shutdown::Both);
        }
        _ => write_resp(&mut stream, &request, &resp),
    }
}

/// The answer after the faults that act before the effect: the token, the MS-RequestId mode, the effect.
fn answer(shared: &Shared, request: &Request, route: Route, params: &Params) -> Resp {
    let id_key = {
        let state = shared.lock();
        let token = request
            .header("Authorization")
            .and_then(|a| a.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
            .map(|(_, t)| t.trim())
            .filter(|t| !t.is_empty());
        let accepted = match (&state.tokens, token) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(tokens), Some(t)) => tokens.iter().any(|a| a == t),
        };
        if !accepted {
            return Resp::error(401, 0, "Unauthorized: no valid bearer token.")
                .with_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        request.header("MS-RequestId").map(|id| (route, request.path.to_ascii_lowercase(), id.to_owned()))
    };
    if let Some(k) = &id_key {
        let mut state = shared.lock();
        match state.request_id_mode {
            RequestIdMode::Honour => {
                if let Some(stored) = state.answers.get(k) {
                    return stored.clone();
                }
            }
            RequestIdMode::RefuseReuse if state.seen_ids.contains(k) => {
                return Resp::error(400, REQUEST_ID_REUSED, &format!("The MS-RequestId {} was already used.", k.2));
            }
            _ => {}
        }
        state.seen_ids.insert(k.clone());
    }
    let resp = match route {
        Route::Availabilities => availabilities(shared, request, params),
        Route::CreateCart => create_cart(shared, request, params),
        Route::GetCart => get_cart(shared, params),
        Route::UpdateCart => update_cart(shared, request, params),
        Route::Checkout => checkout(shared, params),
        Route::ListOrders => list_orders(shared, params),
        Route::GetOrder => get_order(shared, params),
    };
    if let Some(k) = id_key {
        shared.lock().answers.insert(k, resp.clone());
    }
    resp
}

// ---------------------------------------------------------------------------------------------------
// Routes

fn availabilities(shared: &Shared, request: &Request, params: &Params) -> Resp {
    let state = shared.lock();
    if !state.seeds.iter().any(|s| s.product.eq_ignore_ascii_case(&params.product)) {
        return Resp::error(404, 400013, &format!("Product {} was not found.", params.product));
    }
    let segment = request.query_param("targetSegment");
    let country = request.query_param("country");
    let items: Vec<Value> = state
        .seeds
        .iter()
        .filter(|s| s.is(&params.product, &params.sku))
        .filter(|s| segment.as_deref().is_none_or(|g| g.eq_ignore_ascii_case(&s.segment)))
        .filter(|s| country.as_deref().is_none_or(|c| c.eq_ignore_ascii_case(&s.country)))
        .map(|s| shared.templates.availability(s))
        .collect();
    let mut uri =
        format!("/customers/{}/products/{}/skus/{}/availabilities", params.customer, params.product, params.sku);
    if !request.query.is_empty() {
        uri = format!("{uri}?{}", request.query);
    }
    Resp::json(200, &collection(items, &uri))
}

/// The cart's lines as the fake stores them: ids, currency, order groups, errors.
fn cart_lines(shared: &Shared, state: &State, body: &Value) -> Option<Vec<Value>> {
    let input = get_ci(body, "lineItems")?.as_array()?;
    let attested = get_ci(body, "partnerOnRecordAttestationAccepted").and_then(Value::as_bool) == Some(true);
    let mut groups: Vec<String> = Vec::new();
    let mut lines = Vec::with_capacity(input.len());
    for (i, line) in input.iter().enumerate() {
        let mut out = shared.templates.cart_line.clone();
        if let Some(m) = out.as_object_mut() {
            m.remove("pricing");
            m.remove("error");
        }
        for (k, v) in line.as_object()?.iter().filter(|(_, v)| !v.is_null()) {
            let mut name: String = k.chars().take(1).flat_map(char::to_lowercase).collect();
            name.extend(k.chars().skip(1));
            if !["id", "orderGroup", "error", "pricing", "links", "attributes", "currencyCode"].contains(&name.as_str())
            {
                set(&mut out, &name, v.clone());
            }
        }
        set(&mut out, "id", json!(i));
        let catalog_item_id = get_ci(line, "catalogItemId").and_then(Value::as_str).unwrap_or_default().to_owned();
        let duration = get_ci(line, "termDuration").and_then(Value::as_str).unwrap_or_default();
        let cycle = get_ci(line, "billingCycle").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
        let group = groups.iter().position(|g| *g == cycle).unwrap_or_else(|| {
            groups.push(cycle.clone());
            groups.len() - 1
        });
        set(&mut out, "orderGroup", json!(group.to_string()));
        if !cycle.is_empty() {
            set(&mut out, "billingCycle", json!(cycle));
        }
        let well_formed = catalog_item_id.split(':').count() == 3 && catalog_item_id.split(':').all(|p| !p.is_empty());
        let error = match state.availability(&catalog_item_id).filter(|_| well_formed) {
            None => Some(("CatalogItemIdIsNotValid", "Catalog item ID isn't valid")),
            Some((seed, _)) if !seed.offers(duration, &cycle) => Some(("InvalidInput", "Generic input isn't valid.")),
            Some(_) if !attested => Some(("AttestationNotAccepted", "Attestation hasn't been accepted.")),
            Some(_) => None,
        };
        if let Some((code, description)) = error {
            set(&mut out, "error", json!({"errorCode": code, "errorDescription": description}));
        }
        lines.push(out);
    }
    Some(lines)
}

fn parse_body(request: &Request) -> Option<Value> {
    serde_json::from_slice::<Value>(&request.body).ok().filter(Value::is_object)
}

fn create_cart(shared: &Shared, request: &Request, params: &Params) -> Resp {
    let now = shared.now();
    let mut state = shared.lock();
    let Some(lines) = parse_body(request).and_then(|b| cart_lines(shared, &state, &b)) else {
        return Resp::error(400, 800002, "Invalid request input.");
    };
    let id = uuid::Uuid::new_v4().to_string();
    let expires = now + Duration::days(7);
    let mut cart = shared.templates.cart.clone();
    set(&mut cart, "id", json!(id));
    set(&mut cart, "creationTimestamp", json!(stamp(now)));
    set(&mut cart, "lastModifiedTimestamp", json!(stamp(now)));
    set(&mut cart, "expirationTimestamp", json!(stamp(expires)));
    set(&mut cart, "status", json!("Active"));
    set(&mut cart, "lineItems", Value::Array(lines));
    set_link(&mut cart, "self", &format!("/customers/{}/carts/{id}", params.customer), "GET");
    let number = state.carts.len();
    state.carts.insert(
        key(&params.customer, &id),
        StoredCart { number, json: cart.clone(), expires, ordered: false, in_flight: false, result: None },
    );
    Resp::json(201, &cart)
}

fn cart_not_found(id: &str) -> Resp {
    Resp::error(404, 800008, &format!("Unable to retrieve cart ID {id}."))
}

fn get_cart(shared: &Shared, params: &Params) -> Resp {
    let now = shared.now();
    let state = shared.lock();
    match state.carts.get(&key(&params.customer, &params.id)).filter(|c| now <= c.expires) {
        Some(cart) => Resp::json(200, &cart.json),
        None => cart_not_found(&params.id),
    }
}

fn update_cart(shared: &Shared, request: &Request, params: &Params) -> Resp {
    let now = shared.now();
    let mut state = shared.lock();
    let k = key(&params.customer, &params.id);
    match state.carts.get(&k).filter(|c| now <= c.expires) {
        None => return cart_not_found(&params.id),
        Some(c) if c.ordered => {
            return Resp::error(400, 800065, &format!("Cannot checkout an already submitted cart {}.", params.id));
        }
        Some(c) if c.in_flight => {
            return Resp::error(409, 800064, &format!("Cart {} is being processed by another request.", params.id));
        }
        Some(_) => {}
    }
    let Some(lines) = parse_body(request).and_then(|b| cart_lines(shared, &state, &b)) else {
        return Resp::error(400, 800002, "Invalid request input.");
    };
    let Some(cart) = state.carts.get_mut(&k) else { return cart_not_found(&params.id) };
    set(&mut cart.json, "lineItems", Value::Array(lines));
    set(&mut cart.json, "lastModifiedTimestamp", json!(stamp(now)));
    Resp::json(201, &cart.json)
}

fn checkout(shared: &Shared, params: &Params) -> Resp {
    let k = key(&params.customer, &params.id);
    let mut state = shared.lock();
    let now = shared.now();
    let replay = state.replay;
    let lines: Vec<Value> = {
        let Some(cart) = state.carts.get(&k).filter(|c| now <= c.expires) else { return cart_not_found(&params.id) };
        if cart.ordered {
            return match (replay, &cart.result) {
                (Replay::ReplayResult, Some(result)) => Resp::json(201, result),
                _ => Resp::error(400, 800065, &format!("Cannot checkout an already submitted cart {}.", params.id)),
            };
        }
        if cart.in_flight {
            return Resp::error(409, 800064, &format!("Cart {} is being processed by another request.", params.id));
        }
        cart.json.get("lineItems").and_then(Value::as_array).cloned().unwrap_or_default()
    };
    for line in &lines {
        let id = line.get("catalogItemId").and_then(Value::as_str).unwrap_or_default();
        if !matches!(state.availability(id), Some((_, true))) {
            return Resp::error(404, 400019, &format!("Availability not found: {id}."));
        }
    }
    if lines.iter().any(|l| l.get("error").is_some()) {
        return Resp::error(400, 800009, "Error in Cart item(s).");
    }
    if let Some(cart) = state.carts.get_mut(&k) {
        cart.in_flight = true;
    }
    while state.hold && !shared.stop.load(Ordering::SeqCst) {
        state = shared.gate.wait(state).unwrap_or_else(|e| e.into_inner());
    }
    let now = shared.now();
    let mut groups: Vec<(String, Vec<&Value>)> = Vec::new();
    for line in &lines {
        let group = line.get("orderGroup").and_then(Value::as_str).unwrap_or("0").to_owned();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, members)) => members.push(line),
            None => groups.push((group, vec![line])),
        }
    }
    let mut orders = Vec::new();
    let mut order_errors = Vec::new();
    for (group, members) in &groups {
        if let Some((code, description)) = state.failing_groups.get(group) {
            order_errors.push(json!({"orderGroupId": group, "code": code, "description": description}));
            continue;
        }
        let cycle = members.first().and_then(|l| l.get("billingCycle")).and_then(Value::as_str).unwrap_or("none");
        orders.push(shared.templates.order(&params.customer, &cycle.to_ascii_lowercase(), members, now));
    }
    let result =
        json!({"orders": orders, "orderErrors": order_errors, "attributes": {"objectType": "CartCheckoutResult"}});
    let any = !orders.is_empty();
    for order in &orders {
        state.orders.push(StoredOrder {
            customer: params.customer.to_ascii_lowercase(),
            created: now,
            json: order.clone(),
        });
    }
    if any {
        state.committed += 1;
    }
    if let Some(cart) = state.carts.get_mut(&k) {
        cart.in_flight = false;
        if any {
            cart.ordered = true;
            cart.result = Some(result.clone());
            set(&mut cart.json, "status", json!("Ordered"));
            set(&mut cart.json, "lastModifiedTimestamp", json!(stamp(now)));
        }
    }
    Resp::json(201, &result)
}

fn list_orders(shared: &Shared, params: &Params) -> Resp {
    let now = shared.now();
    let state = shared.lock();
    let customer = params.customer.to_ascii_lowercase();
    let items: Vec<Value> = state
        .orders
        .iter()
        .filter(|o| o.customer == customer && o.created + state.order_lag <= now)
        .map(|o| o.json.clone())
        .collect();
    Resp::json(200, &collection(items, &format!("/customers/{}/orders", params.customer)))
}

fn get_order(shared: &Shared, params: &Params) -> Resp {
    let state = shared.lock();
    let customer = params.customer.to_ascii_lowercase();
    let found = state.orders.iter().find(|o| {
        o.customer == customer
            && o.json.get("id").and_then(Value::as_str).is_some_and(|id| id.eq_ignore_ascii_case(&params.id))
    });
    match found {
        Some(o) => Resp::json(200, &o.json),
        None => Resp::error(404, 0, &format!("Order {} was not found.", params.id)),
    }
}

// ---------------------------------------------------------------------------------------------------
// Tests of the fake itself, driven with raw `TcpStream` HTTP.

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const CUSTOMER: &str = "4d3cf487-f9d1-4a3b-9d56-5e2a1a7d0c11";

/// An answer as a client reads it.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    /// Whether the body is as long as `Content-Length` says.
    complete: bool,
}

impl Reply {
    fn json(&self) -> TestResult<Value> {
        Ok(serde_json::from_str(&self.body)?)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The business error code of the body.
    fn code(&self) -> TestResult<i64> {
        self.json()?.get("code").and_then(Value::as_i64).ok_or_else(|| format!("no code in {}", self.body).into())
    }
}

/// Sends raw bytes, reads to the end; `None` when the connection closed without a byte of answer.
fn exchange(pc: &FakePc, raw: &[u8], timeout: std::time::Duration) -> io::Result<Option<Reply>> {
    let mut stream = TcpStream::connect(pc.addr())?;
    stream.set_read_timeout(Some(timeout))?;
    stream.write_all(raw)?;
    let mut bytes = Vec::new();
    match stream.read_to_end(&mut bytes) {
        Ok(_) => {}
        // A reset after the fake closed with unread data: what was read is the answer.
        Err(e) if e.kind() == io::ErrorKind::ConnectionReset => {}
        Err(e) => return Err(e),
    }
    if bytes.is_empty() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| invalid("no end of head"))?;
    let mut lines = head.split("\r\n");
    let status =
        lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).ok_or_else(|| invalid("status"))?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned())).collect();
    let length: Option<usize> =
        headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("Content-Length")).and_then(|(_, v)| v.parse().ok());
    Ok(Some(Reply { status, complete: length == Some(body.len()), headers, body: body.to_owned() }))
}

/// A request with `headers` (name, value) and an optional JSON body.
fn raw_request(method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Vec<u8> {
    let mut raw =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nConnection: close\r\n");
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        raw.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    raw.push_str("\r\n");
    raw.push_str(body.unwrap_or_default());
    raw.into_bytes()
}

/// A request with a bearer token, a fresh MS-RequestId and MS-CorrelationId, or the given request id.
fn call_as(
    pc: &FakePc,
    method: &str,
    path: &str,
    body: Option<&str>,
    request_id: Option<&str>,
) -> TestResult<Option<Reply>> {
    let fresh = uuid::Uuid::new_v4().to_string();
    let correlation = uuid::Uuid::new_v4().to_string();
    let headers = [
        ("Authorization", "Bearer token-1"),
        ("MS-RequestId", request_id.unwrap_or(&fresh)),
        ("MS-CorrelationId", correlation.as_str()),
    ];
    Ok(exchange(pc, &raw_request(method, path, &headers, body), std::time::Duration::from_secs(20))?)
}

/// `call_as` with a fresh request id, expecting an answer.
fn call(pc: &FakePc, method: &str, path: &str, body: Option<&str>) -> TestResult<Reply> {
    call_as(pc, method, path, body, None)?.ok_or_else(|| format!("{method} {path}: no answer").into())
}

fn carts_path() -> String {
    format!("/v1/customers/{CUSTOMER}/carts")
}

fn cart_body(lines: &[(&str, &str)], attested: bool) -> String {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(id, cycle)| json!({"catalogItemId": id, "quantity": 2, "billingCycle": cycle, "termDuration": "P1Y"}))
        .collect();
    json!({"PartnerOnRecordAttestationAccepted": attested, "lineItems": lines}).to_string()
}

/// A fake on a manual clock with an E3-like SKU offered monthly and annually; returns its id too.
fn seeded() -> TestResult<(FakePc, Arc<cartstore::ManualClock>, String)> {
    let clock = Arc::new(cartstore::ManualClock::new("2026-03-02T09:00:00Z".parse()?));
    let pc = FakePc::start_with_clock(clock.clone())?;
    let id = pc.add_availability("CFQ7TTC0LFLZ", "0002", "Commercial", "US", &[("P1Y", "Monthly"), ("P1Y", "Annual")]);
    Ok((pc, clock, id))
}

/// Creates an attested cart of the given lines; returns its id.
fn new_cart(pc: &FakePc, lines: &[(&str, &str)]) -> TestResult<String> {
    let reply = call(pc, "POST", &carts_path(), Some(&cart_body(lines, true)))?;
    assert_eq!(reply.status, 201, "{}", reply.body);
    Ok(reply.json()?["id"].as_str().ok_or("no cart id")?.to_owned())
}

fn checkout_path(cart: &str) -> String {
    format!("{}/{cart}/checkout", carts_path())
}

#[test]
fn a_cart_is_checked_out_into_orders_that_appear_in_the_list_after_the_lag() -> TestResult {
    let (pc, clock, id) = seeded()?;
    pc.set_order_lag(Duration::minutes(15));
    let path = format!(
        "/v1/customers/{CUSTOMER}/products/CFQ7TTC0LFLZ/skus/0002/availabilities?targetSegment=commercial&country=US"
    );
    let found = call(&pc, "GET", &path, None)?;
    assert_eq!(found.status, 200);
    let found = found.json()?;
    assert_eq!(
        (found["totalCount"].as_u64(), found["attributes"]["objectType"].as_str()),
        (Some(1), Some("Collection"))
    );
    assert_eq!(found["items"][0]["catalogItemId"], json!(id));
    let cycles: Vec<&str> = found["items"][0]["terms"]
        .as_array()
        .ok_or("terms")?
        .iter()
        .filter_map(|t| t["billingCycle"].as_str())
        .collect();
    assert_eq!(cycles, ["Monthly", "Annual"]);

    let created = call(
        &pc,
        "POST",
        &carts_path(),
        Some(&cart_body(&[(&id, "monthly"), (&id, "annual"), (&id, "Monthly")], true)),
    )?;
    assert_eq!(created.status, 201, "{}", created.body);
    let cart = created.json()?;
    assert_eq!(cart["status"], "Active");
    assert_eq!(cart["attributes"]["objectType"], "Cart");
    assert_eq!(cart["creationTimestamp"], "2026-03-02T09:00:00Z");
    assert_eq!(cart["expirationTimestamp"], "2026-03-09T09:00:00Z");
    let groups: Vec<&str> =
        cart["lineItems"].as_array().ok_or("lines")?.iter().filter_map(|l| l["orderGroup"].as_str()).collect();
    assert_eq!(groups, ["0", "1", "0"]);
    let cycles: Vec<&str> =
        cart["lineItems"].as_array().ok_or("lines")?.iter().filter_map(|l| l["billingCycle"].as_str()).collect();
    assert_eq!(cycles, ["monthly", "annual", "monthly"]);
    assert!(
        cart["lineItems"]
            .as_array()
            .ok_or("lines")?
            .iter()
            .all(|l| l.get("error").is_none() && l.get("pricing").is_none())
    );
    let cart_id = cart["id"].as_str().ok_or("id")?;
    assert_eq!(call(&pc, "GET", &format!("{}/{cart_id}", carts_path()), None)?.json()?, cart);

    clock.advance(Duration::minutes(1));
    let result = call(&pc, "POST", &checkout_path(cart_id), None)?;
    assert_eq!(result.status, 201, "{}", result.body);
    let result = result.json()?;
    assert_eq!(result["attributes"]["objectType"], "CartCheckoutResult");
    let orders = result["orders"].as_array().ok_or("orders")?;
    assert_eq!(orders.len(), 2);
    assert_eq!(
        (orders[0]["billingCycle"].as_str(), orders[1]["billingCycle"].as_str()),
        (Some("monthly"), Some("annual"))
    );
    assert_eq!(orders[0]["lineItems"].as_array().ok_or("lines")?.len(), 2);
    assert_eq!(orders[0]["lineItems"][1]["offerId"], json!(id));
    assert_eq!(orders[0]["lineItems"][1]["quantity"], json!(2));
    assert_eq!(orders[0]["creationDate"], "2026-03-02T09:01:00Z");
    assert_eq!(orders[0]["status"], "pending");
    assert_eq!(orders[0]["referenceCustomerId"], CUSTOMER);
    assert_eq!(pc.checkouts_committed(), 1);
    assert_eq!(pc.orders(CUSTOMER), orders.clone());
    assert_eq!(pc.cart(CUSTOMER, cart_id).ok_or("cart")?["status"], "Ordered");

    let list = format!("/v1/customers/{CUSTOMER}/orders");
    clock.advance(Duration::minutes(14));
    assert_eq!(call(&pc, "GET", &list, None)?.json()?["totalCount"], json!(0));
    let order_id = orders[0]["id"].as_str().ok_or("order id")?;
    let by_id = call(&pc, "GET", &format!("{list}/{order_id}"), None)?;
    assert_eq!((by_id.status, by_id.json()?), (200, orders[0].clone()));
    clock.advance(Duration::minutes(1));
    let listed = call(&pc, "GET", &list, None)?.json()?;
    assert_eq!((listed["totalCount"].as_u64(), &listed["items"]), (Some(2), &json!(orders)));
    Ok(())
}

#[test]
fn line_errors_name_bad_ids_terms_not_offered_and_a_missing_attestation() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    let unknown = "CFQ7TTC0LFLZ:0002:NOSUCHAVAIL1";
    let body =
        cart_body(&[("CFQ7TTC0LFLZ:0002", "monthly"), (unknown, "monthly"), (&id, "triennial"), (&id, "annual")], true);
    let cart = call(&pc, "POST", &carts_path(), Some(&body))?.json()?;
    let codes: Vec<Value> =
        cart["lineItems"].as_array().ok_or("lines")?.iter().map(|l| l["error"]["errorCode"].clone()).collect();
    assert_eq!(
        codes,
        [json!("CatalogItemIdIsNotValid"), json!("CatalogItemIdIsNotValid"), json!("InvalidInput"), Value::Null]
    );
    assert_eq!(cart["lineItems"][0]["error"]["errorDescription"], "Catalog item ID isn't valid");

    let cart = call(&pc, "POST", &carts_path(), Some(&cart_body(&[(&id, "annual")], false)))?.json()?;
    assert_eq!(cart["lineItems"][0]["error"]["errorCode"], "AttestationNotAccepted");
    let refused = call(&pc, "POST", &checkout_path(cart["id"].as_str().ok_or("id")?), None)?;
    assert_eq!((refused.status, refused.code()?), (400, 800009));

    let malformed = call(&pc, "POST", &carts_path(), Some("{\"lines\": []}"))?;
    assert_eq!((malformed.status, malformed.code()?), (400, 800002));
    assert_eq!(malformed.json()?["source"], "PartnerFD");
    assert_eq!(pc.carts(CUSTOMER).len(), 2);
    Ok(())
}

#[test]
fn availabilities_filter_by_segment_and_country_and_an_unknown_product_is_400013() -> TestResult {
    let (pc, _clock, _) = seeded()?;
    pc.add_availability("CFQ7TTC0LFLZ", "0002", "Education", "US", &[("P1Y", "Annual")]);
    pc.add_availability("CFQ7TTC0LFLZ", "0002", "Commercial", "FR", &[("P1Y", "Annual")]);
    let base = format!("/v1/customers/{CUSTOMER}/products/CFQ7TTC0LFLZ/skus/0002/availabilities");
    let count = |query: &str, method: &str| -> TestResult<Value> {
        Ok(call(&pc, method, &format!("{base}{query}"), None)?.json()?["totalCount"].clone())
    };
    assert_eq!(count("", "GET")?, json!(3));
    assert_eq!(count("?targetSegment=education", "GET")?, json!(1));
    assert_eq!(count("?country=us", "POST")?, json!(2));
    assert_eq!(count("?targetSegment=Commercial&country=FR", "GET")?, json!(1));
    let missing =
        call(&pc, "GET", &format!("/v1/customers/{CUSTOMER}/products/CFQ7TTC0NONE/skus/0001/availabilities"), None)?;
    assert_eq!((missing.status, missing.code()?), (404, 400013));
    Ok(())
}

#[test]
fn a_reissued_availability_fails_checkout_with_400019_until_the_cart_names_the_new_id() -> TestResult {
    let (pc, _clock, old) = seeded()?;
    let cart = new_cart(&pc, &[(&old, "annual")])?;
    let new = pc.rotate("CFQ7TTC0LFLZ", "0002");
    assert_ne!(new, old);
    let refused = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!((refused.status, refused.code()?), (404, 400019));
    assert_eq!((pc.checkouts_committed(), pc.orders(CUSTOMER).len()), (0, 0));
    let path = format!("/v1/customers/{CUSTOMER}/products/CFQ7TTC0LFLZ/skus/0002/availabilities");
    assert_eq!(call(&pc, "GET", &path, None)?.json()?["items"][0]["catalogItemId"], json!(new));

    let updated = call(&pc, "PUT", &format!("{}/{cart}", carts_path()), Some(&cart_body(&[(&new, "annual")], true)))?;
    assert_eq!(updated.status, 201, "{}", updated.body);
    assert_eq!(updated.json()?["id"], json!(cart));
    let done = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(done.json()?["orders"][0]["lineItems"][0]["offerId"], json!(new));
    Ok(())
}

#[test]
fn unknown_and_expired_carts_are_800008() -> TestResult {
    let (pc, clock, id) = seeded()?;
    let cart = new_cart(&pc, &[(&id, "annual")])?;
    let unknown = call(&pc, "GET", &format!("{}/{}", carts_path(), uuid::Uuid::new_v4()), None)?;
    assert_eq!((unknown.status, unknown.code()?), (404, 800008));
    clock.advance(Duration::days(7));
    assert_eq!(call(&pc, "GET", &format!("{}/{cart}", carts_path()), None)?.status, 200);
    clock.advance(Duration::seconds(1));
    for (method, path) in [("GET", format!("{}/{cart}", carts_path())), ("POST", checkout_path(&cart))] {
        let expired = call(&pc, method, &path, None)?;
        assert_eq!((expired.status, expired.code()?), (404, 800008), "{method} {path}");
    }
    let put = call(&pc, "PUT", &format!("{}/{cart}", carts_path()), Some(&cart_body(&[(&id, "annual")], true)))?;
    assert_eq!((put.status, put.code()?), (404, 800008));
    assert_eq!(pc.checkouts_committed(), 0);
    Ok(())
}

#[test]
fn an_ordered_cart_replays_its_result_or_is_already_submitted() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    pc.set_request_id_mode(RequestIdMode::Ignore);
    let cart = new_cart(&pc, &[(&id, "annual")])?;
    let first = call(&pc, "POST", &checkout_path(&cart), None)?;
    let again = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!((again.status, again.json()?), (201, first.json()?));
    assert_eq!((pc.checkouts_committed(), pc.orders(CUSTOMER).len()), (1, 1));

    pc.set_replay(Replay::AlreadySubmitted);
    let refused = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!((refused.status, refused.code()?), (400, 800065));
    let put = call(&pc, "PUT", &format!("{}/{cart}", carts_path()), Some(&cart_body(&[(&id, "annual")], true)))?;
    assert_eq!((put.status, put.code()?), (400, 800065));
    assert_eq!((pc.checkouts_committed(), pc.orders(CUSTOMER).len()), (1, 1));
    Ok(())
}

#[test]
fn a_fault_before_the_effect_answers_as_published_and_orders_nothing() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    let cart = new_cart(&pc, &[(&id, "annual")])?;
    pc.inject(Route::Checkout, 1, Fault::Throttle { retry_after_s: 7 });
    pc.inject(Route::Checkout, 2, Fault::ServerError(503));
    pc.inject(Route::Checkout, 3, Fault::Unauthorized);
    pc.inject(Route::Checkout, 4, Fault::MfaRequired);
    pc.inject(Route::Checkout, 5, Fault::Busy);
    pc.inject(Route::Checkout, 6, Fault::DropBeforeCommit);

    let throttled = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!((throttled.status, throttled.header("Retry-After")), (429, Some("7")));
    assert_eq!(
        throttled.json()?,
        json!({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 7 seconds."})
    );
    let unavailable = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!(unavailable.status, 503);
    let body = unavailable.json()?;
    assert!(["code", "description", "data", "source"].iter().all(|k| body.get(k).is_some()), "{body}");
    let expired = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!((expired.status, expired.code()?), (401, 0));
    let mfa = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!(
        (mfa.status, mfa.code()?, mfa.header("WWW-Authenticate")),
        (401, 900421, Some("Bearer error=\"invalid_token\""))
    );
    let busy = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!((busy.status, busy.code()?), (409, 800064));
    assert!(busy.json()?["description"].as_str().ok_or("description")?.contains(&cart));
    assert!(call_as(&pc, "POST", &checkout_path(&cart), None, None)?.is_none(), "dropped before the commit");
    assert_eq!((pc.checkouts_committed(), pc.orders(CUSTOMER).len()), (0, 0));
    assert_eq!(pc.cart(CUSTOMER, &cart).ok_or("cart")?["status"], "Active");

    let done = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!((done.status, pc.checkouts_committed(), pc.calls(Route::Checkout)), (201, 1, 7));
    Ok(())
}

#[test]
fn a_fault_after_the_effect_commits_and_loses_or_delays_the_answer() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    let carts =
        [new_cart(&pc, &[(&id, "annual")])?, new_cart(&pc, &[(&id, "annual")])?, new_cart(&pc, &[(&id, "annual")])?];
    pc.inject(Route::Checkout, 1, Fault::CommitThenDrop);
    pc.inject(Route::Checkout, 2, Fault::TruncatedBody);
    pc.inject(Route::Checkout, 3, Fault::StallAfterCommit(std::time::Duration::from_secs(30)));

    assert!(call_as(&pc, "POST", &checkout_path(&carts[0]), None, None)?.is_none(), "dropped after the commit");
    assert_eq!(pc.checkouts_committed(), 1);
    let truncated = call(&pc, "POST", &checkout_path(&carts[1]), None)?;
    assert_eq!(truncated.status, 201);
    assert!(!truncated.complete && serde_json::from_str::<Value>(&truncated.body).is_err(), "{}", truncated.body);
    assert_eq!(pc.checkouts_committed(), 2);

    // The stalled checkout holds its socket silent; its retry (same MS-RequestId) is answered meanwhile.
    let raw =
        raw_request("POST", &checkout_path(&carts[2]), &[("Authorization", "Bearer t"), ("MS-RequestId", "k1")], None);
    let silent = exchange(&pc, &raw, std::time::Duration::from_millis(300));
    assert!(
        matches!(&silent, Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)),
        "{silent:?}"
    );
    let retry = exchange(&pc, &raw, std::time::Duration::from_secs(20))?.ok_or("no answer to the retry")?;
    assert_eq!((retry.status, pc.checkouts_committed(), pc.orders(CUSTOMER).len()), (201, 3, 3));
    assert_eq!(retry.json()?["orders"][0], pc.orders(CUSTOMER)[2]);
    Ok(())
}

#[test]
fn a_repeated_request_id_is_replayed_ignored_or_refused() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    let body = cart_body(&[(&id, "annual")], true);
    let create = |rid: &str| -> TestResult<Reply> {
        call_as(&pc, "POST", &carts_path(), Some(&body), Some(rid))?.ok_or_else(|| "no answer".into())
    };
    // Honour (the default): the same cart again, no second one.
    let (a, b) = (create("r1")?, create("r1")?);
    assert_eq!((a.status, b.status, a.json()?["id"].clone()), (201, 201, b.json()?["id"].clone()));
    assert_eq!(pc.carts(CUSTOMER).len(), 1);
    // ... and a checkout dropped after its commit, retried with its id, gets the first result.
    let cart = a.json()?["id"].as_str().ok_or("id")?.to_owned();
    pc.inject(Route::Checkout, 1, Fault::CommitThenDrop);
    assert!(call_as(&pc, "POST", &checkout_path(&cart), None, Some("k1"))?.is_none());
    pc.set_replay(Replay::AlreadySubmitted);
    let replayed = call_as(&pc, "POST", &checkout_path(&cart), None, Some("k1"))?.ok_or("no answer")?;
    assert_eq!((replayed.status, replayed.json()?["orders"].clone()), (201, json!(pc.orders(CUSTOMER))));
    // Ignore: every request is new.
    pc.set_request_id_mode(RequestIdMode::Ignore);
    let (c, d) = (create("r2")?, create("r2")?);
    assert_ne!(c.json()?["id"], d.json()?["id"]);
    assert_eq!(pc.carts(CUSTOMER).len(), 3);
    let again = call_as(&pc, "POST", &checkout_path(&cart), None, Some("k1"))?.ok_or("no answer")?;
    assert_eq!((again.status, again.code()?), (400, 800065));
    // RefuseReuse: a second use is a business error and creates nothing.
    pc.set_request_id_mode(RequestIdMode::RefuseReuse);
    assert_eq!(create("r3")?.status, 201);
    let refused = create("r3")?;
    assert_eq!((refused.status, refused.code()?, pc.carts(CUSTOMER).len()), (400, i64::from(REQUEST_ID_REUSED), 4));
    assert_eq!(pc.checkouts_committed(), 1);
    Ok(())
}

#[test]
fn a_checkout_in_flight_makes_another_one_of_the_same_cart_busy() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    let pc = Arc::new(pc);
    let cart = new_cart(&pc, &[(&id, "annual")])?;
    pc.hold_checkouts(true);
    let first = {
        let (pc, path) = (Arc::clone(&pc), checkout_path(&cart));
        std::thread::spawn(move || call(&pc, "POST", &path, None).map(|r| r.status).map_err(|e| e.to_string()))
    };
    while pc.checkouts_in_flight() == 0 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let busy = call(&pc, "POST", &checkout_path(&cart), None)?;
    assert_eq!((busy.status, busy.code()?), (409, 800064));
    let put = call(&pc, "PUT", &format!("{}/{cart}", carts_path()), Some(&cart_body(&[(&id, "annual")], true)))?;
    assert_eq!((put.status, put.code()?), (409, 800064));
    assert_eq!(pc.checkouts_committed(), 0);
    pc.hold_checkouts(false);
    assert_eq!(first.join().map_err(|_| "checkout thread")??, 201);
    assert_eq!((pc.checkouts_committed(), pc.orders(CUSTOMER).len()), (1, 1));
    Ok(())
}

#[test]
fn a_failed_order_group_is_an_order_error_and_gets_no_order() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    pc.fail_order_group("1", 800010, "Inventory is not available for this catalog item.");
    let cart = new_cart(&pc, &[(&id, "monthly"), (&id, "annual")])?;
    let result = call(&pc, "POST", &checkout_path(&cart), None)?.json()?;
    assert_eq!(result["orders"].as_array().ok_or("orders")?.len(), 1);
    assert_eq!(result["orders"][0]["billingCycle"], "monthly");
    assert_eq!(
        result["orderErrors"],
        json!([{"orderGroupId": "1", "code": 800010, "description": "Inventory is not available for this catalog item."}])
    );
    assert_eq!((pc.checkouts_committed(), pc.orders(CUSTOMER).len()), (1, 1));
    Ok(())
}

#[test]
fn only_accepted_bearer_tokens_pass() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    let body = cart_body(&[(&id, "annual")], true);
    let with = |auth: Option<&str>| -> TestResult<u16> {
        let headers: Vec<(&str, &str)> = auth.map(|a| ("Authorization", a)).into_iter().collect();
        Ok(exchange(
            &pc,
            &raw_request("POST", &carts_path(), &headers, Some(&body)),
            std::time::Duration::from_secs(20),
        )?
        .ok_or("no answer")?
        .status)
    };
    assert_eq!(
        (with(None)?, with(Some("Bearer "))?, with(Some("Basic abc"))?, with(Some("Bearer anything"))?),
        (401, 401, 401, 201)
    );
    pc.accept_tokens(&["fresh"]);
    assert_eq!((with(Some("Bearer anything"))?, with(Some("Bearer fresh"))?), (401, 201));
    assert_eq!(pc.carts(CUSTOMER).len(), 2);
    Ok(())
}

#[test]
fn every_request_is_logged_and_a_chunked_body_is_read() -> TestResult {
    let (pc, _clock, id) = seeded()?;
    let body = cart_body(&[(&id, "annual")], true);
    let (one, two) = body.split_at(body.len() / 2);
    let raw = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nMS-RequestId: r-1\r\nMS-CorrelationId: c-1\r\nTransfer-Encoding: chunked\r\n\r\n{:x};ext=1\r\n{one}\r\n{:x}\r\n{two}\r\n0\r\nX-Trailer: y\r\n\r\n",
        carts_path(),
        one.len(),
        two.len()
    );
    let reply = exchange(&pc, raw.as_bytes(), std::time::Duration::from_secs(20))?.ok_or("no answer")?;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!((reply.header("Connection"), reply.header("MS-CorrelationId")), (Some("close"), Some("c-1")));
    let _ = call(&pc, "GET", "/v1/customers/x/nothing-here?a=1", None)?;
    let log = pc.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(
        log[0],
        Logged {
            method: "POST".into(),
            path: carts_path(),
            query: String::new(),
            ms_request_id: Some("r-1".into()),
            ms_correlation_id: Some("c-1".into()),
            authorization: Some("Bearer tok".into()),
            body,
            route: Some(Route::CreateCart),
        }
    );
    assert_eq!((log[1].route, log[1].query.as_str()), (None, "a=1"));
    Ok(())
}

#[test]
fn the_fake_stops_when_dropped() -> TestResult {
    let pc = FakePc::start()?;
    let addr = pc.addr();
    assert_eq!(pc.endpoint(), format!("http://{addr}"));
    assert_eq!(call(&pc, "GET", &format!("/v1/customers/{CUSTOMER}/orders"), None)?.status, 200);
    drop(pc);
    assert!(TcpStream::connect(addr).is_err(), "still listening on {addr}");
    Ok(())
}

/// The member names of a JSON object, recursively into the first element of arrays.
fn members(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let name = format!("{prefix}/{k}");
                out.push(name.clone());
                members(v, &name, out);
            }
        }
        Value::Array(a) => {
            if let Some(first) = a.first() {
                members(first, prefix, out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_embedded_templates_have_every_member_of_the_samples() -> TestResult {
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    let Some(samples) = Templates::from_dir(&reference) else {
        eprintln!("note: {} is absent; the embedded templates alone are used", reference.display());
        return Ok(());
    };
    let no_shared = std::env::var_os("CARTSTORE_NO_SHARED").is_some();
    assert_eq!(FakePc::start()?.shapes_from_samples(), !no_shared);
    let embedded = Templates::embedded();
    let pairs = [
        ("availability", &samples.availability, &embedded.availability),
        ("cart", &samples.cart, &embedded.cart),
        ("cart line", &samples.cart_line, &embedded.cart_line),
        ("order", &samples.order, &embedded.order),
        ("order line", &samples.order_line, &embedded.order_line),
        ("throttling", &samples.throttle, &embedded.throttle),
    ];
    for (what, sample, ours) in pairs {
        let (mut want, mut have) = (Vec::new(), Vec::new());
        // Lines are compared on their own (the cart and order lines).
        let mut sample = sample.clone();
        if sample.get("lineItems").is_some() {
            set(&mut sample, "lineItems", json!([]));
        }
        members(&sample, "", &mut want);
        members(ours, "", &mut have);
        let missing: Vec<&String> = want.iter().filter(|m| !have.contains(m)).collect();
        // The sample's order line has partner ids on record, which the fake removes.
        let missing: Vec<&&String> =
            missing.iter().filter(|m| !m.contains("PartnerIdsOnRecord") && !m.contains("partnerIdOnRecord")).collect();
        assert!(missing.is_empty(), "{what}: the embedded template lacks {missing:?}");
    }
    Ok(())
}
