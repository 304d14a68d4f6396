//! Turning a provider's answer into the one `Error`, the same way for every
//! provider: status → code, provider code and message kept (cleaned), raw
//! body kept (redacted, 4 KiB), request id and `Retry-After` copied.

use std::fmt;

use super::message::HttpResponse;
use super::redact::{body_excerpt, provider_text, scrub_header_value};
use super::retry_after::retry_after_ms;
use crate::error::{Error, ErrorCode, Provider};

/// What a response parser needs besides the response. The edge fills it per
/// attempt.
///
/// `Debug` prints how many secrets there are, never their values.
#[derive(Clone, Copy, Default)]
pub struct ParseContext<'a> {
    /// Whether this answer came after a retry of our own (an "already
    /// exists" answer may then be our first attempt's doing).
    pub retried: bool,
    /// The request id we sent (Horus `x-usil-request-id`), reported when the
    /// server echoes none.
    pub request_id: Option<&'a str>,
    /// Every secret the client holds (token, API key, client secret): they
    /// are replaced by `[redacted]` wherever they appear in an error.
    pub secrets: &'a [&'a str],
    /// The current time in Unix milliseconds, to turn an HTTP-date
    /// `Retry-After` into a delay. `None`: such a date is ignored.
    pub now_ms: Option<u64>,
}

impl fmt::Debug for ParseContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParseContext")
            .field("retried", &self.retried)
            .field("request_id", &self.request_id)
            .field(
                "secrets",
                &format_args!("<{} redacted>", self.secrets.len()),
            )
            .field("now_ms", &self.now_ms)
            .finish()
    }
}

/// The error code for an HTTP status that is not a success: 401/403 →
/// `UNAUTHORIZED`, 404 → `NOT_FOUND`, 408 → `TIMEOUT` (the server gave up
/// waiting for the request: nothing was refused, it may be sent again),
/// 429 → `RATE_LIMITED`, other 4xx (400, 405, 409, 412, 415, 422, …) →
/// `BAD_REQUEST`, 5xx → `SERVER_ERROR`, anything else (1xx, 2xx, 3xx,
/// nonsense) → `BAD_RESPONSE`.
#[must_use]
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        401 | 403 => ErrorCode::Unauthorized,
        404 => ErrorCode::NotFound,
        408 => ErrorCode::Timeout,
        429 => ErrorCode::RateLimited,
        400..=499 => ErrorCode::BadRequest,
        500..=599 => ErrorCode::ServerError,
        _ => ErrorCode::BadResponse,
    }
}

/// An error answer, before it becomes an [`Error`].
pub(crate) struct Failure<'a> {
    pub(crate) provider: Provider,
    pub(crate) code: ErrorCode,
    pub(crate) provider_code: Option<&'a str>,
    pub(crate) provider_message: Option<&'a str>,
    pub(crate) data: Option<serde_json::Value>,
}

/// Builds the `Error` for a provider's error answer.
pub(crate) fn api_error(
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
    failure: Failure<'_>,
) -> Error {
    let status = response.status;
    let provider_code = failure
        .provider_code
        .and_then(|c| provider_text(c, ctx.secrets));
    let provider_message = failure
        .provider_message
        .and_then(|m| provider_text(m, ctx.secrets))
        .filter(|m| Some(m) != provider_code.as_ref());
    let summary = summary(failure.code, status, provider_code.is_some());
    let mut message = format!("{}: {summary} (http {status}", failure.provider.as_str());
    if let Some(code) = &provider_code {
        message.push_str(", code ");
        message.push_str(code);
    }
    message.push(')');
    if let Some(text) = &provider_message {
        message.push_str(": ");
        message.push_str(text);
    }
    let mut error = Error::new(failure.code, message).with_provider(failure.provider);
    error.status = Some(status);
    error.provider_code = provider_code;
    error.request_id = request_id(response, failure.provider, ctx);
    error.retry_after = retry_after_ms(response, ctx.now_ms).map(ms_to_seconds);
    error.body = Some(body_excerpt(&response.body, ctx.secrets));
    error.data = failure.data;
    error
}

/// The error for a non-2xx answer whose body says nothing the caller needs
/// (a lookup's): the status decides the code.
pub(crate) fn status_error(
    provider: Provider,
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
) -> Error {
    api_error(
        response,
        ctx,
        Failure {
            provider,
            code: code_for_status(response.status),
            provider_code: None,
            provider_message: None,
            data: None,
        },
    )
}

/// `BAD_RESPONSE`: the answer is not JSON or not the documented shape.
/// `what` says what was wrong, in a few words, without quoting the body.
pub(crate) fn bad_response(
    provider: Provider,
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
    what: &str,
) -> Error {
    let message = format!(
        "{}: unexpected answer (http {}): {what}",
        provider.as_str(),
        response.status
    );
    let mut error = Error::new(ErrorCode::BadResponse, message).with_provider(provider);
    error.status = Some(response.status);
    error.request_id = request_id(response, provider, ctx);
    error.body = Some(body_excerpt(&response.body, ctx.secrets));
    error
}

/// A few words for an error answer. A 404 that carries the provider's own
/// error code came from the provider (an unknown account, say), so the
/// base URL is not the suspect.
fn summary(code: ErrorCode, status: u16, provider_answered: bool) -> &'static str {
    match (code, status) {
        (ErrorCode::Unauthorized, _) => "the credentials were refused",
        (ErrorCode::NotFound, _) if provider_answered => "not found",
        (ErrorCode::NotFound, _) => "not found (check baseUrl)",
        (ErrorCode::AlreadyExists, _) => "the person already exists",
        (ErrorCode::BadRequest, 405) => "method not allowed (check baseUrl)",
        (ErrorCode::BadRequest, _) => "the request was rejected",
        (ErrorCode::RateLimited, _) => "too many requests",
        (ErrorCode::ServerError, _) => "server error",
        // Where fetch hands a redirect over instead of failing (redirect: 'manual').
        (ErrorCode::BadResponse, 300..=399) => {
            "a redirect, which personkit does not follow (check baseUrl)"
        }
        _ => "unexpected answer",
    }
}

/// The request id to report: Horus's echoed `x-usil-request-id` (else the
/// one we sent); for the others a conventional request-id header.
pub(crate) fn request_id(
    response: &HttpResponse,
    provider: Provider,
    ctx: &ParseContext<'_>,
) -> Option<String> {
    let names: &[&str] = match provider {
        Provider::Horus => &[
            super::message::HORUS_REQUEST_ID,
            super::message::HORUS_REQUEST_ID_ALT,
        ],
        Provider::Verifik | Provider::Equals => &super::message::REQUEST_ID_HEADERS,
    };
    names
        .iter()
        .filter_map(|name| response.header(name))
        .map(str::trim)
        .find(|id| is_reportable_id(id) && scrub_header_value(id, ctx.secrets).is_some())
        .or(ctx.request_id)
        .map(str::to_owned)
}

/// A header value safe to show as a request id: 1–128 visible ASCII chars.
fn is_reportable_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_graphic())
}

/// A JSON string, or a number as its decimal text (`403051`); `None` for
/// anything else, including an empty string.
pub(crate) fn text_of(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The body as a JSON object, if it is one.
pub(crate) fn json_object(body: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    match serde_json::from_slice(body).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

fn ms_to_seconds(ms: u64) -> f64 {
    // At most the longest wait `setTimeout` can hold (2^31 - 1 ms, about 24.8
    // days): a caller's `setTimeout(…, retryAfter * 1000)` past it fires at once.
    ms.min(MAX_TIMER_MS) as f64 / 1000.0
}

/// The longest delay `setTimeout` takes, in milliseconds.
const MAX_TIMER_MS: u64 = (1 << 31) - 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes() {
        assert_eq!(code_for_status(401), ErrorCode::Unauthorized);
        assert_eq!(code_for_status(403), ErrorCode::Unauthorized);
        assert_eq!(code_for_status(404), ErrorCode::NotFound);
        assert_eq!(code_for_status(405), ErrorCode::BadRequest);
        assert_eq!(code_for_status(418), ErrorCode::BadRequest);
        assert_eq!(code_for_status(429), ErrorCode::RateLimited);
        assert_eq!(code_for_status(502), ErrorCode::ServerError);
        assert_eq!(code_for_status(302), ErrorCode::BadResponse);
        assert_eq!(code_for_status(200), ErrorCode::BadResponse);
    }

    #[test]
    fn a_huge_retry_after_is_the_longest_timer_wait() {
        assert_eq!(ms_to_seconds(u64::MAX), 2_147_483.647);
        assert_eq!(ms_to_seconds(1_500), 1.5);
    }

    #[test]
    fn error_carries_status_code_body_and_retry_after() {
        let resp = HttpResponse::new(
            429,
            vec![
                ("Retry-After".into(), "3".into()),
                ("X-Request-Id".into(), "r-1".into()),
            ],
            br#"{"message":"slow down","code":"RATE","token":"tok-123"}"#.to_vec(),
        );
        let e = api_error(
            &resp,
            &ParseContext::default(),
            Failure {
                provider: Provider::Equals,
                code: ErrorCode::RateLimited,
                provider_code: Some("RATE"),
                provider_message: Some("slow down"),
                data: None,
            },
        );
        assert_eq!(
            e.message,
            "equals: too many requests (http 429, code RATE): slow down"
        );
        assert_eq!(e.retry_after, Some(3.0));
        assert_eq!(e.request_id.as_deref(), Some("r-1"));
        let body = e.body.unwrap();
        assert!(!body.contains("tok-123"), "{body}");
    }
}
