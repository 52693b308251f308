//! The host's token callback ([`crate::cartstore_token_callback`]) as a
//! [`TokenProvider`], and the Partner Center client of a submission export.

use std::ffi::{CStr, CString, c_char, c_void};

use cartstore::pc::{AccessToken, AuthError, PartnerCenter, TokenProvider, TokenReason, TokenRequest};

use crate::{CARTSTORE_TOKEN_EXPIRED, CARTSTORE_TOKEN_INITIAL, CARTSTORE_TOKEN_REJECTED};

/// The callback's function type (the non-NULL [`crate::cartstore_token_callback`]).
pub type Callback = unsafe extern "C" fn(*mut c_void, i32, *const c_char) -> *const c_char;

/// The host's callback and its `user_data`.
pub struct HostToken {
    callback: Callback,
    user_data: *mut c_void,
}

// SAFETY: a `HostToken` lives inside one export call: the `PartnerCenter` holding it is made by
// `cartstore_submit` / `cartstore_resume_submissions` and dropped before they return, and
// cartstore calls token providers synchronously on the calling thread (the submission machine
// spawns no thread). So the callback and `user_data` are only ever used on the host's thread,
// during the call, as the callback's contract says; `Send`/`Sync` are needed only because
// `TokenProvider` requires them.
unsafe impl Send for HostToken {}
// SAFETY: as for `Send`.
unsafe impl Sync for HostToken {}

impl TokenProvider for HostToken {
    fn token(&self, request: &TokenRequest) -> Result<AccessToken, AuthError> {
        let reason = match request.reason {
            TokenReason::Expired => CARTSTORE_TOKEN_EXPIRED,
            TokenReason::Rejected => CARTSTORE_TOKEN_REJECTED,
            _ => CARTSTORE_TOKEN_INITIAL,
        };
        // A challenge never holds a NUL (it comes from an HTTP header); one would be dropped.
        let claims = request.claims_challenge.as_deref().map(|c| CString::new(c.replace('\0', "")).unwrap_or_default());
        let claims_ptr = claims.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
        // SAFETY: the host's callback, called as its contract says: its own `user_data`, a reason,
        // NULL or a NUL-terminated string that outlives the call.
        let token = unsafe { (self.callback)(self.user_data, reason, claims_ptr) };
        if token.is_null() {
            return Err(AuthError::Failed("the token callback returned no token".to_owned()));
        }
        // SAFETY: not NULL; a NUL-terminated string valid until the callback is called again or
        // the export returns (the callback's contract), and copied here at once.
        let text = unsafe { CStr::from_ptr(token) };
        let text =
            text.to_str().map_err(|_| AuthError::Failed("the token callback returned invalid UTF-8".to_owned()))?;
        Ok(AccessToken::new(text.trim()))
    }
}

/// The client of a submission export: `endpoint` (`""` for
/// [`cartstore::pc::DEFAULT_ENDPOINT`]) and the host's token callback.
pub fn partner_center(endpoint: &str, callback: Callback, user_data: *mut c_void) -> PartnerCenter {
    let endpoint = if endpoint.trim().is_empty() { cartstore::pc::DEFAULT_ENDPOINT } else { endpoint };
    PartnerCenter::new(endpoint, HostToken { callback, user_data })
}
