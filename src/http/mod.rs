//! HTTP as plain data, and everything about it that needs no I/O.
//!
//! - [`RequestHead`] / [`HttpResponse`]: what the edge sends (with a body
//!   the providers' `build_body` writes) and receives.
//! - [`Endpoint`], [`check_base_url`], [`check_extra_headers`]: what a client
//!   may be pointed at and send.
//! - [`retry`]: the retry policy (which failures may be repeated, and when).
//! - [`parse_retry_after`]: `Retry-After` without a clock.
//! - [`redact`]: keeping secrets and whole bodies out of errors; [`quoted`]:
//!   the request's own values, which a provider may quote back.
//! - [`ParseContext`], [`code_for_status`]: shared by the response parsers.

mod api_error;
pub(crate) mod body;
mod endpoint;
mod fold;
mod headers;
mod members;
mod message;
pub mod quoted;
pub mod redact;
pub mod retry;
mod retry_after;
mod transport;
mod url;

pub(crate) use api_error::{
    api_error, bad_response, json_object, request_id, status_error, text_of, Failure,
};
pub use api_error::{code_for_status, ParseContext};
pub use endpoint::Endpoint;
pub use headers::{
    check_credential, check_extra_headers, check_header_name, check_header_value, header_secrets,
    RESERVED_HEADERS,
};
pub(crate) use members::members;
pub use message::{HttpResponse, RequestHead, RESPONSE_HEADERS_READ};
pub use retry::{decide, effect, Decision, Effect, Outcome, RetryPolicy};
pub use retry_after::{parse_retry_after, retry_after_ms};
pub use transport::transport_error;
pub use url::{check_base_url, is_under_domain, join_url, with_query};

/// `Content-Type` and `Accept` of every request: the APIs speak JSON.
pub const JSON: &str = "application/json";

/// The headers of a JSON request: `content-type` and `accept`, then
/// `authorization` when the client holds a credential (`scheme` + `credential`,
/// both checked), then the endpoint's extra headers. (A header of one call,
/// Horus's request id, is added after them.)
///
/// `what` names the credential option in messages (`"token"`, `"apiKey"`).
pub(crate) fn request_headers(
    endpoint: &Endpoint,
    auth: Option<(&str, &str, &str)>,
) -> Result<Vec<(String, String)>, crate::error::Error> {
    let mut headers = Vec::with_capacity(4 + endpoint.headers().len());
    headers.push(("content-type".to_owned(), JSON.to_owned()));
    headers.push(("accept".to_owned(), JSON.to_owned()));
    if let Some((what, scheme, credential)) = auth {
        check_credential(what, credential)?;
        // "Bearer <token>" pasted whole would go out as "Bearer Bearer …",
        // and the 401 it gets would not say why.
        let bytes = credential.as_bytes();
        if bytes.get(scheme.len()) == Some(&b' ')
            && bytes
                .get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme.as_bytes()))
        {
            return Err(crate::error::Error::new(
                crate::error::ErrorCode::InvalidOptions,
                format!("give the {what} alone, without `{scheme} `"),
            )
            .with_field(what));
        }
        if endpoint.has_header("authorization") {
            return Err(crate::error::Error::new(
                crate::error::ErrorCode::InvalidOptions,
                format!("`authorization` is given both as `{what}` and in headers; pass one"),
            )
            .with_field("headers"));
        }
        headers.push(("authorization".to_owned(), format!("{scheme} {credential}")));
    }
    headers.extend(endpoint.headers().iter().cloned());
    Ok(headers)
}
