//! Horus: parsing the documented responses into results and errors.
//!
//! Horus answers HTTP 200 with a body code `200xyz` on success and a standard
//! status with a code such as `403051` or `400002` on failure. Two success
//! codes mean "not created: already there" and are never reported as a
//! fresh creation.
//!
//! | answer                                       | result                                           |
//! | -------------------------------------------- | ------------------------------------------------ |
//! | 2xx, code `200001`                           | `{ created: true }`                              |
//! | 2xx, code `200023`                           | `{ created: false, reason: "EMAIL_EXISTS" }`     |
//! | 2xx, code `200024`                           | `{ created: false, reason: "IDENTIFIER_EXISTS" }` |
//! | 2xx, any other `200xyz` code, or `20000`     | `{ created: true }` (the success family)         |
//! | 2xx, any other code (`200`, `2001234`)       | `BAD_RESPONSE`                                   |
//! | code `403051`, or a `401xyz`/`403xyz` code   | `UNAUTHORIZED`                                   |
//! | a `400xyz` code (`400002`)                   | `BAD_REQUEST`                                    |
//! | a `404xyz` / `429xyz` / `5xxxyz` code        | `NOT_FOUND` / `RATE_LIMITED` / `SERVER_ERROR`    |
//! | no usable code                               | by HTTP status, as for the other providers       |
//! | 2xx, not JSON, or no code                    | `BAD_RESPONSE`                                   |
//!
//! The code's class (its first three digits) wins over the HTTP status: it is
//! the finer of the two. `requestId` is the `x-usil-request-id` the server
//! echoes, else the one we sent. The document's sample success code `20000`
//! (five digits) counts as the success family.

use serde::Serialize;

use crate::error::{Error, ErrorCode, Provider};
use crate::http::{
    api_error, bad_response, code_for_status, json_object, request_id, text_of, Failure,
    HttpResponse, ParseContext,
};

/// The code for "entity was created".
pub const CODE_CREATED: &str = "200001";
/// The code for "a person already exists with provided email".
pub const CODE_EMAIL_EXISTS: &str = "200023";
/// The code for "a person already exists with provided mainIdentifier".
pub const CODE_IDENTIFIER_EXISTS: &str = "200024";
/// The code for "clientId or clientSecret are invalid".
pub const CODE_INVALID_CLIENT: &str = "403051";

/// Why no person was created although Horus answered with success.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum NotCreatedReason {
    /// `200023`: a person with this email already exists.
    EmailExists,
    /// `200024`: a person with this `mainIdentifier` already exists.
    IdentifierExists,
}

/// The outcome of a create-person call that Horus accepted. Serialises with
/// camelCase names for JS. `Debug` shows Horus's texts by length only: an
/// answer may quote the person.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateResult {
    /// `true` when this call created the person; `false` when it already
    /// existed (see `reason`). After a retry of our own (`retried: true`),
    /// `false` may mean our first attempt created it.
    pub created: bool,
    /// Why nothing was created (`created: false` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<NotCreatedReason>,
    /// Horus's code as decimal text (`"200001"`).
    pub code: String,
    /// Horus's `message` (`"success"`), when present.
    pub message: Option<String>,
    /// The `x-usil-request-id` the server echoed, else the one we sent.
    pub request_id: Option<String>,
    /// Whether this answer came after a retry of our own.
    pub retried: bool,
}

impl std::fmt::Debug for CreateResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::shape::opt_chars;
        f.debug_struct("CreateResult")
            .field("created", &self.created)
            .field("reason", &self.reason)
            // A success code: six digits (`is_success_code`), shown as it is.
            .field("code", &self.code)
            .field("message", &opt_chars(self.message.as_deref()))
            .field("request_id", &opt_chars(self.request_id.as_deref()))
            .field("retried", &self.retried)
            .finish()
    }
}

/// Parses the answer to a create-person request.
///
/// # Errors
///
/// An [`Error`] with `provider = horus`, the HTTP `status`, Horus's code and
/// message (secrets redacted), `requestId`, and the raw body (`clientSecret`
/// and other secret values redacted, 4 KiB); the code per the table above.
pub fn parse_response(
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
) -> Result<CreateResult, Error> {
    let body = json_object(&response.body);
    let code = body.as_ref().and_then(|b| text_of(b.get("code")));
    let message = body.as_ref().and_then(|b| text_of(b.get("message")));
    if response.is_success() {
        let Some(code) = code else {
            let what = if body.is_some() {
                "the body has no `code`"
            } else {
                "the body is not a JSON object"
            };
            return Err(bad_response(Provider::Horus, response, ctx, what));
        };
        let (created, reason) = match code.as_str() {
            CODE_EMAIL_EXISTS => (false, Some(NotCreatedReason::EmailExists)),
            CODE_IDENTIFIER_EXISTS => (false, Some(NotCreatedReason::IdentifierExists)),
            c if is_success_code(c) => (true, None),
            _ => return Err(error_from(response, ctx, Some(&code), message.as_deref())),
        };
        return Ok(CreateResult {
            created,
            reason,
            code,
            message,
            request_id: request_id(response, Provider::Horus, ctx),
            retried: ctx.retried,
        });
    }
    Err(error_from(
        response,
        ctx,
        code.as_deref(),
        message.as_deref(),
    ))
}

fn error_from(
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
    code: Option<&str>,
    message: Option<&str>,
) -> Error {
    let error_code = code.and_then(code_class).map_or_else(
        || code_for_status(response.status),
        |class| {
            if code == Some(CODE_INVALID_CLIENT) {
                ErrorCode::Unauthorized
            } else {
                code_for_status(class)
            }
        },
    );
    api_error(
        response,
        ctx,
        Failure {
            provider: Provider::Horus,
            code: error_code,
            provider_code: code,
            provider_message: message,
            data: None,
        },
    )
}

/// The HTTP-like class of a six-digit error code (`400002` → 400), when it
/// is a client or server error class.
/// The success family: `200` and three digits ("200XYZ for success"), or
/// the document's sample `20000`. Any other code on a 2xx is unexpected.
fn is_success_code(code: &str) -> bool {
    code == "20000"
        || (code.len() == 6 && code.starts_with("200") && code.bytes().all(|b| b.is_ascii_digit()))
}

fn code_class(code: &str) -> Option<u16> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let class: u16 = code.get(..3)?.parse().ok()?;
    (400..600).contains(&class).then_some(class)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_classes() {
        assert_eq!(code_class("403051"), Some(403));
        assert_eq!(code_class("400002"), Some(400));
        assert_eq!(code_class("500123"), Some(500));
        assert_eq!(code_class("200001"), None);
        assert_eq!(code_class("40300"), None);
        assert_eq!(code_class("4x0001"), None);
    }

    #[test]
    fn success_codes_are_200xyz_or_the_sample() {
        for ok in ["200001", "200999", "20000"] {
            assert!(is_success_code(ok), "{ok}");
        }
        for not in ["200", "2000", "2001234", "20000a", "300001", ""] {
            assert!(!is_success_code(not), "{not}");
        }
    }

    #[test]
    fn result_serialises_in_camel_case() {
        let r = CreateResult {
            created: false,
            reason: Some(NotCreatedReason::EmailExists),
            code: "200023".into(),
            message: None,
            request_id: Some("abc".into()),
            retried: true,
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["reason"], "EMAIL_EXISTS");
        assert_eq!(v["requestId"], "abc");
        assert_eq!(v["retried"], true);
    }

    #[test]
    fn debug_shows_horus_texts_by_length_only() {
        let r = CreateResult {
            created: false,
            reason: Some(NotCreatedReason::EmailExists),
            code: CODE_EMAIL_EXISTS.into(),
            message: Some("ya existe ana.quispe@example.pe".into()),
            request_id: Some("req-44512345".into()),
            retried: false,
        };
        assert_eq!(
            format!("{r:?}"),
            "CreateResult { created: false, reason: Some(EmailExists), code: \"200023\", message: Some(<31 chars>), request_id: Some(<12 chars>), retried: false }"
        );
    }
}
