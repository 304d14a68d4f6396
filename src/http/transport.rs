//! Errors for attempts that got no answer to parse: timeout, network,
//! abort, and a redirect fetch did not follow.

use super::retry::Outcome;
use crate::error::{Error, ErrorCode, Provider};

/// The error for an attempt that ended without an answer, or `None` for
/// [`Outcome::Response`] (parse the response instead).
///
/// `timeout_ms` is named in the `TIMEOUT` message. The `NETWORK` message for
/// [`Outcome::NetworkAfterSend`] warns that the person may exist.
#[must_use]
pub fn transport_error(
    provider: Provider,
    outcome: &Outcome,
    timeout_ms: Option<u64>,
) -> Option<Error> {
    let name = provider.as_str();
    let (code, message) = match outcome {
        Outcome::Response { .. } => return None,
        Outcome::Timeout => (
            ErrorCode::Timeout,
            match timeout_ms {
                Some(ms) => format!("{name}: no answer within {ms} ms"),
                None => format!("{name}: no answer within the timeout"),
            },
        ),
        Outcome::NetworkBeforeSend => (
            ErrorCode::Network,
            format!("{name}: could not connect; the request was not sent"),
        ),
        Outcome::NetworkAfterSend => (
            ErrorCode::Network,
            format!("{name}: the connection failed, and it cannot be told whether the request was sent; the person may have been created"),
        ),
        Outcome::Aborted => (ErrorCode::Aborted, format!("{name}: the request was aborted")),
        Outcome::Redirect => (
            ErrorCode::BadResponse,
            format!("{name}: the server answered with a redirect, which personkit does not follow (check baseUrl)"),
        ),
    };
    Some(Error::new(code, message).with_provider(provider))
}
