//! The HTTP side of a submission: the host's token provider, timeouts, the proxy, and one
//! request sent and its answer classified. Nothing here touches the store.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Partner Center's public endpoint (the default of [`PartnerCenter::endpoint`]).
pub const DEFAULT_ENDPOINT: &str = "https://api.partnercenter.microsoft.com";

/// How to reach Partner Center: what [`Store::submit`](crate::Store::submit) and
/// [`Store::resume_submissions`](crate::Store::resume_submissions) are given.
///
/// ```
/// use cartstore::pc::{AccessToken, PartnerCenter, TokenRequest};
///
/// let pc = PartnerCenter::new(cartstore::pc::DEFAULT_ENDPOINT, |_request: &TokenRequest| {
///     // The application's own sign-in (MSAL, a secret store...): cartstore does no OAuth.
///     Ok(AccessToken::new("eyJ0eXAi..."))
/// });
/// assert_eq!(pc.endpoint, "https://api.partnercenter.microsoft.com");
/// ```
pub struct PartnerCenter {
    /// The service's base URL (`https://api.partnercenter.microsoft.com`; 21Vianet's
    /// `https://partner.partnercenterapi.microsoftonline.cn`; a fake in tests).
    pub endpoint: String,
    /// Where access tokens come from: the host's (audience
    /// `https://api.partnercenter.microsoft.com`, App+User tokens from a multi-factor sign-in).
    pub token: Box<dyn TokenProvider>,
    /// How long each kind of request may take.
    pub timeouts: Timeouts,
    /// A proxy URL (`http://proxy:8080`, `socks5://...`) the host resolved (say from WinHTTP or
    /// a PAC file); `None` takes `HTTPS_PROXY`/`ALL_PROXY`/`NO_PROXY` from the environment
    /// (and, on Windows, the system's static proxy).
    pub proxy: Option<String>,
}

impl PartnerCenter {
    /// A client of `endpoint` with `token`, default timeouts and the environment's proxy.
    pub fn new(endpoint: impl Into<String>, token: impl TokenProvider + 'static) -> PartnerCenter {
        PartnerCenter { endpoint: endpoint.into(), token: Box::new(token), timeouts: Timeouts::default(), proxy: None }
    }
}

impl std::fmt::Debug for PartnerCenter {
    /// The endpoint, timeouts and proxy host; never a token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartnerCenter")
            .field("endpoint", &self.endpoint)
            .field("timeouts", &self.timeouts)
            .field("proxy", &self.proxy.as_deref().map(redacted_url))
            .finish_non_exhaustive()
    }
}

/// How long requests to Partner Center may take, and how long a submission retries before it
/// parks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Opening a connection (TCP and TLS; default 15 s).
    pub connect: Duration,
    /// A read: availabilities, a cart, orders (default 30 s).
    pub read: Duration,
    /// Creating or updating a cart (default 60 s).
    pub cart: Duration,
    /// A checkout (default 180 s, as Microsoft's .NET SDK).
    pub checkout: Duration,
    /// Transient failures (timeouts, dropped connections, 5xx) retried with the same
    /// `MS-RequestId` before the submission parks (default 4; the waits between them are
    /// 0.5, 1.5, 3.5 and 7.5 s).
    pub retries: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(15),
            read: Duration::from_secs(30),
            cart: Duration::from_secs(60),
            checkout: Duration::from_secs(180),
            retries: 4,
        }
    }
}

/// The host's source of access tokens. It may show UI (a sign-in): cartstore calls it with no
/// database transaction open. Any `Fn(&TokenRequest) -> Result<AccessToken, AuthError>` is one.
pub trait TokenProvider: Send + Sync {
    /// A token for Partner Center, for the reason `request` says.
    ///
    /// # Errors
    /// [`AuthError::InteractionRequired`] when only the user can help (the submission pauses
    /// in `pausedAuth` until a later call succeeds), [`AuthError::Failed`] otherwise.
    fn token(&self, request: &TokenRequest) -> Result<AccessToken, AuthError>;
}

impl<F> TokenProvider for F
where
    F: Fn(&TokenRequest) -> Result<AccessToken, AuthError> + Send + Sync,
{
    fn token(&self, request: &TokenRequest) -> Result<AccessToken, AuthError> {
        self(request)
    }
}

/// Why a token is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenReason {
    /// The first request of a run.
    Initial,
    /// The token held expires within a minute.
    Expired,
    /// Partner Center answered 401 to the token held.
    Rejected,
}

/// What [`TokenProvider::token`] is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenRequest {
    /// Why.
    pub reason: TokenReason,
    /// The claims challenge of a 401's `WWW-Authenticate` (for a conditional-access or MFA
    /// sign-in), when it had one.
    pub claims_challenge: Option<String>,
}

impl TokenRequest {
    /// A request for `reason` (with the 401's claims challenge, when it had one): what
    /// cartstore passes a [`TokenProvider`], and what an application's own tests of its
    /// provider build.
    pub fn new(reason: TokenReason, claims_challenge: Option<String>) -> TokenRequest {
        TokenRequest { reason, claims_challenge }
    }
}

/// An access token (bearer). Its `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The bearer token itself.
    pub secret: String,
    /// When it expires, when known: it is renewed a minute before.
    pub expires_at: Option<DateTime<Utc>>,
}

impl AccessToken {
    /// A token of unknown expiry (renewed only when Partner Center rejects it).
    pub fn new(secret: impl Into<String>) -> AccessToken {
        AccessToken { secret: secret.into(), expires_at: None }
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken").field("secret", &"<redacted>").field("expires_at", &self.expires_at).finish()
    }
}

/// Why no token could be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// Only the user can help (a sign-in, multi-factor authentication).
    #[error("interaction required: {0}")]
    InteractionRequired(String),
    /// Anything else.
    #[error("{0}")]
    Failed(String),
}

/// An answer Partner Center gave (any status).
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    /// `Retry-After`, in seconds.
    pub retry_after: Option<u64>,
    /// `WWW-Authenticate`.
    pub www_authenticate: Option<String>,
}

/// What became of a request.
#[derive(Debug)]
pub(crate) enum Sent {
    /// An answer.
    Reply(Reply),
    /// None: the connection failed, dropped or timed out (whether Partner Center acted on it
    /// is unknown). English, for the record; never a token.
    NoReply(String),
}

/// The HTTP agent of one run.
pub(crate) struct Http {
    agent: ureq::Agent,
    base: String,
}

/// The largest body read from Partner Center.
const BODY_LIMIT: u64 = 64 * 1024 * 1024;

impl Http {
    /// An agent for `pc`.
    pub(crate) fn new(pc: &PartnerCenter) -> Result<Http, String> {
        let proxy = match &pc.proxy {
            Some(url) => Some(ureq::Proxy::new(url).map_err(|e| format!("proxy {}: {e}", redacted_url(url)))?),
            None => ureq::Proxy::try_from_env(),
        };
        let tls = ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::PlatformVerifier).build();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(pc.timeouts.connect))
            .proxy(proxy)
            .tls_config(tls)
            .max_redirects(0)
            .user_agent(concat!("cartstore/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Http { agent, base: pc.endpoint.trim_end_matches('/').to_owned() })
    }

    /// The endpoint's host (and port), for errors.
    pub(crate) fn host(&self) -> String {
        redacted_url(&self.base)
    }

    /// Sends one request: `path` under the endpoint, with the token and the request and
    /// correlation ids, and waits at most `timeout` for all of it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        token: &str,
        request_id: &str,
        correlation_id: &str,
        timeout: Duration,
    ) -> Sent {
        let url = format!("{}{path}", self.base);
        let auth = format!("Bearer {token}");
        let headed = Headers { auth: &auth, request_id, correlation_id, timeout };
        let result = match (method, body) {
            ("GET", _) => headed.on(self.agent.get(&url)).call(),
            (method, body) => {
                let builder = headed.on(match method {
                    "PUT" => self.agent.put(&url),
                    _ => self.agent.post(&url),
                });
                match body {
                    Some(bytes) => builder.header("Content-Type", "application/json").send(bytes),
                    None => builder.send_empty(),
                }
            }
        };
        let mut response = match result {
            Ok(response) => response,
            Err(e) => return Sent::NoReply(describe(&e)),
        };
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let retry_after = header("Retry-After").and_then(|v| retry_after_seconds(&v, Utc::now()));
        let www_authenticate = header("WWW-Authenticate");
        match response.body_mut().with_config().limit(BODY_LIMIT).read_to_vec() {
            Ok(body) => Sent::Reply(Reply { status, body, retry_after, www_authenticate }),
            // The answer began but did not arrive whole: as unknown as no answer.
            Err(e) => Sent::NoReply(format!("HTTP {status}, body cut short: {}", describe(&e))),
        }
    }
}

/// A `Retry-After` value in seconds: delay-seconds, or an HTTP date (RFC 9110) counted from
/// `now` (0 when past).
fn retry_after_seconds(value: &str, now: DateTime<Utc>) -> Option<u64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds);
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(u64::try_from((at.with_timezone(&Utc) - now).num_seconds()).unwrap_or(0))
}

/// What every request carries: the token, the request and correlation ids, `Accept`, and its
/// timeout.
struct Headers<'a> {
    auth: &'a str,
    request_id: &'a str,
    correlation_id: &'a str,
    timeout: Duration,
}

impl Headers<'_> {
    /// `builder` with these headers and timeout.
    fn on<B>(&self, builder: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        builder
            .header("Authorization", self.auth)
            .header("MS-RequestId", self.request_id)
            .header("MS-CorrelationId", self.correlation_id)
            .header("Accept", "application/json")
            .config()
            .timeout_global(Some(self.timeout))
            .build()
    }
}

/// An HTTP failure in words, without anything of the request (a token is never in it: ureq's
/// errors name the failure, not the headers).
fn describe(err: &ureq::Error) -> String {
    err.to_string()
}

/// `scheme://host:port` of a URL: no user, password, path or query.
pub(crate) fn redacted_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if scheme.is_empty() { host.to_owned() } else { format!("{scheme}://{host}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_shown_without_credentials_path_or_query() {
        assert_eq!(redacted_url("http://user:secret@proxy.example:8080/x?y"), "http://proxy.example:8080");
        assert_eq!(redacted_url("https://api.partnercenter.microsoft.com"), "https://api.partnercenter.microsoft.com");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2026-12-08T09:00:00Z").map(|t| t.with_timezone(&Utc)).ok();
        let now = now.unwrap_or_default();
        assert_eq!(retry_after_seconds(" 57 ", now), Some(57));
        assert_eq!(retry_after_seconds("Tue, 08 Dec 2026 09:02:00 GMT", now), Some(120));
        assert_eq!(retry_after_seconds("Tue, 08 Dec 2026 08:00:00 GMT", now), Some(0));
        assert_eq!(retry_after_seconds("soon", now), None);
    }

    #[test]
    fn a_token_is_never_in_debug() {
        let token = AccessToken::new("very-secret");
        assert!(!format!("{token:?}").contains("very-secret"));
        let pc = PartnerCenter::new("http://127.0.0.1:1", |_: &TokenRequest| Ok(AccessToken::new("very-secret")));
        assert!(!format!("{pc:?}").contains("very-secret"));
    }
}
