//! The `pc` commands: submit a cart to Partner Center, print a customer's submissions, resume
//! the unfinished ones.
//!
//! The endpoint is `--endpoint`, else `$CARTSTORE_PC_ENDPOINT`, else
//! [`cartstore::pc::DEFAULT_ENDPOINT`]. The access token comes from `--token-command` (a shell
//! command run whenever a token is needed: [`CommandToken`]), else `$CARTSTORE_PC_TOKEN` (a
//! fixed token); neither is a usage error (exit 2). A token is never printed, logged or put in
//! an error.

use cartstore::{Collection, Store};
use clap::error::ErrorKind;

use super::args::{CartArg, CustomerArg, PcArgs, PcCommand, usage_error};
use super::io::{self, Failure, Outcome};

/// Runs a `pc` command.
pub(super) fn run(store: &Store, command: &PcCommand) -> Outcome {
    match command {
        PcCommand::Submit { customer: CustomerArg { customer_id }, cart: CartArg { cart_id }, pc } => {
            submit(store, customer_id, cart_id, pc)
        }
        PcCommand::Status { customer: CustomerArg { customer_id }, cart_id, pc: _ } => {
            let items = store.list_submissions(customer_id, cart_id.as_deref())?;
            let total = u64::try_from(items.len()).unwrap_or(u64::MAX);
            io::print_json(&Collection::new(items, total, None))
        }
        PcCommand::Resume { pc } => resume(store, pc),
    }
}

/// Prints the submissions a command changed as `{"totalCount", "items"}`.
#[cfg(feature = "partner-center")]
fn collection(items: Vec<cartstore::pc::Submission>) -> Outcome {
    let total = u64::try_from(items.len()).unwrap_or(u64::MAX);
    io::print_change(&Collection::new(items, total, None))
}

#[cfg(feature = "partner-center")]
fn submit(store: &Store, customer: &str, cart_id: &str, args: &PcArgs) -> Outcome {
    let pc = partner_center(args)?;
    let submission = store.submit(customer, cart_id, &pc)?;
    io::print_change(&submission)?;
    if submission.state == cartstore::pc::SubmissionState::Ordered {
        return Ok(());
    }
    match (&submission.last_error, submission.order_errors.first()) {
        (Some(error), _) => io::print_reported(error),
        // Partly ordered: nothing stopped it, an order group could not be ordered. Its error,
        // in the shape of every failure.
        (None, Some(group)) => {
            let code = i32::try_from(group.code).unwrap_or(i32::MAX);
            io::print_reported(&cartstore::pc::SubmissionError {
                code,
                error_name: cartstore::OrderErrorCode::from_code(code)
                    .map_or("OrderError", cartstore::OrderErrorCode::name)
                    .to_owned(),
                description: group.description.clone(),
            });
        }
        (None, None) => {}
    }
    Err(Failure::Reported)
}

#[cfg(feature = "partner-center")]
fn resume(store: &Store, args: &PcArgs) -> Outcome {
    let pc = partner_center(args)?;
    collection(store.resume_submissions(&pc)?)
}

#[cfg(not(feature = "partner-center"))]
fn submit(_store: &Store, _customer: &str, _cart_id: &str, _args: &PcArgs) -> Outcome {
    Err(not_built())
}

#[cfg(not(feature = "partner-center"))]
fn resume(_store: &Store, _args: &PcArgs) -> Outcome {
    Err(not_built())
}

#[cfg(not(feature = "partner-center"))]
fn not_built() -> Failure {
    Failure::Usage(usage_error(
        ErrorKind::InvalidSubcommand,
        "this cartstore was built without the partner-center feature: submissions can be read (pc status), not sent",
    ))
}

/// The client of `args`: its endpoint and token source.
#[cfg(feature = "partner-center")]
fn partner_center(args: &PcArgs) -> Result<cartstore::pc::PartnerCenter, Failure> {
    use cartstore::pc::{AccessToken, PartnerCenter, TokenRequest};

    let endpoint = match &args.endpoint {
        Some(url) => url.clone(),
        None => std::env::var("CARTSTORE_PC_ENDPOINT")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| cartstore::pc::DEFAULT_ENDPOINT.to_owned()),
    };
    if let Some(command) = &args.token_command {
        if command.trim().is_empty() {
            return Err(Failure::Usage(usage_error(ErrorKind::InvalidValue, "--token-command is empty")));
        }
        return Ok(PartnerCenter::new(endpoint, CommandToken { command: command.clone() }));
    }
    match std::env::var("CARTSTORE_PC_TOKEN") {
        Ok(token) if !token.trim().is_empty() => {
            let token = token.trim().to_owned();
            Ok(PartnerCenter::new(endpoint, move |_: &TokenRequest| Ok(AccessToken::new(token.clone()))))
        }
        _ => Err(Failure::Usage(usage_error(
            ErrorKind::MissingRequiredArgument,
            "no Partner Center access token: pass --token-command CMD (a command printing one) or set CARTSTORE_PC_TOKEN",
        ))),
    }
}

/// A [`TokenProvider`](cartstore::pc::TokenProvider) running a shell command (`sh -c`, `cmd /C`
/// on Windows) each time a token is needed: the token is its standard output, trimmed. Its
/// standard error is the user's; it gets `CARTSTORE_PC_TOKEN_REASON` (`initial`, `expired`,
/// `rejected`) and, after a claims challenge, `CARTSTORE_PC_CLAIMS`. A command that fails or
/// prints nothing is [`AuthError::Failed`](cartstore::pc::AuthError::Failed) with its exit
/// status, never its output.
#[cfg(feature = "partner-center")]
pub(super) struct CommandToken {
    /// The command line, as given.
    pub(super) command: String,
}

#[cfg(feature = "partner-center")]
impl cartstore::pc::TokenProvider for CommandToken {
    fn token(
        &self,
        request: &cartstore::pc::TokenRequest,
    ) -> Result<cartstore::pc::AccessToken, cartstore::pc::AuthError> {
        self.run(request.reason, request.claims_challenge.as_deref())
    }
}

#[cfg(feature = "partner-center")]
impl CommandToken {
    /// Runs the command once for `reason` (and a claims challenge).
    fn run(
        &self,
        reason: cartstore::pc::TokenReason,
        claims: Option<&str>,
    ) -> Result<cartstore::pc::AccessToken, cartstore::pc::AuthError> {
        use cartstore::pc::{AccessToken, AuthError, TokenReason};
        use std::process::{Command, Stdio};

        let mut command = if cfg!(windows) {
            let mut c = Command::new("cmd");
            c.arg("/C").arg(&self.command);
            c
        } else {
            let mut c = Command::new("sh");
            c.arg("-c").arg(&self.command);
            c
        };
        let reason = match reason {
            TokenReason::Initial => "initial",
            TokenReason::Expired => "expired",
            TokenReason::Rejected => "rejected",
            _ => "other",
        };
        command.env("CARTSTORE_PC_TOKEN_REASON", reason).env_remove("CARTSTORE_PC_CLAIMS");
        if let Some(claims) = claims {
            command.env("CARTSTORE_PC_CLAIMS", claims);
        }
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        let output =
            command.output().map_err(|e| AuthError::Failed(format!("the token command could not be run: {e}")))?;
        if !output.status.success() {
            return Err(AuthError::Failed(format!("the token command failed ({})", output.status)));
        }
        let token = String::from_utf8(output.stdout)
            .map_err(|_| AuthError::Failed("the token command printed something that is not UTF-8".to_owned()))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(AuthError::Failed("the token command printed no token".to_owned()));
        }
        Ok(AccessToken::new(token))
    }
}

#[cfg(all(test, feature = "partner-center", unix))]
mod tests {
    use cartstore::pc::{AuthError, TokenReason};

    use super::CommandToken;

    #[test]
    fn the_reason_and_the_claims_reach_the_command() {
        let provider = CommandToken { command: "echo \"$CARTSTORE_PC_TOKEN_REASON/$CARTSTORE_PC_CLAIMS\"".to_owned() };
        let token = provider.run(TokenReason::Rejected, Some("{\"a\":1}")).map(|t| t.secret);
        assert_eq!(token, Ok("rejected/{\"a\":1}".to_owned()));
    }

    #[test]
    fn the_token_is_the_output_trimmed() {
        let provider = CommandToken { command: "printf '  tok-1\\n\\n'".to_owned() };
        assert_eq!(provider.run(TokenReason::Initial, None).map(|t| t.secret), Ok("tok-1".to_owned()));
    }

    #[test]
    fn a_failing_or_silent_command_is_failed_with_its_status_never_its_output() {
        let failing = CommandToken { command: "echo SECRET-OUTPUT; exit 3".to_owned() };
        let result = failing.run(TokenReason::Initial, None);
        let detail = match &result {
            Err(AuthError::Failed(detail)) => detail.clone(),
            _ => String::new(),
        };
        assert!(detail.contains("exit status: 3") && !detail.contains("SECRET"), "{result:?}");
        let silent = CommandToken { command: "echo '   '".to_owned() };
        assert!(matches!(silent.run(TokenReason::Expired, None), Err(AuthError::Failed(_))));
    }
}
