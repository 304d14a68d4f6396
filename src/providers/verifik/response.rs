//! Verifik: parsing the documented responses into results and errors.
//!
//! Success comes in two shapes, both accepted: the document's
//! `{"success": true, "data": {"_id": …}}` and the public docs'
//! `{"id": …, "data": {…}, "signature": {…}}`. In the second the top-level
//! `id` is a short id of the *response* (every Verifik answer has one), kept
//! as `responseId`; the person's id is `data._id` in both, the id "Retrieve
//! a Person" takes. `date_of_birth` comes back as `{year, month, day}`
//! whichever form the server used (the document's object, the public docs'
//! `"YYYY-MM-DD"` string). Errors too: the document's
//! `{"error": "Invalid image format", "message": "INVALID_IMAGE_FORMAT"}` and
//! the public docs' `{"code": "PreconditionFailed", "message":
//! "person_already_set", "data": {…}}`.
//!
//! The provider code is the most specific token in the body: a `message`
//! that is an identifier with an underscore (`INVALID_IMAGE_FORMAT`,
//! `person_already_set`, `token_expired`), else `code` (`MissingParameter`),
//! else a `message` that is a single word.
//!
//! | answer                                   | result                                  |
//! | ---------------------------------------- | --------------------------------------- |
//! | 2xx with a `data` object holding `_id`   | [`CreatedPerson`]                       |
//! | 2xx with `success: false`                | `BAD_REQUEST` (provider code kept)      |
//! | 2xx, not JSON or no id/`data`            | `BAD_RESPONSE` (raw body, 4 KiB)        |
//! | 401, 403 (`token_expired`, `FORBIDDEN`)  | `UNAUTHORIZED`                          |
//! | 404                                      | `NOT_FOUND`                             |
//! | 4xx (or `success: false`) with `person_already_set` | `ALREADY_EXISTS`, existing person in `data` |
//! | 400, 409, 412, 415, 422, other 4xx       | `BAD_REQUEST` (provider code kept)      |
//! | 429                                      | `RATE_LIMITED` with `retryAfter`        |
//! | 5xx (any body, JSON or an HTML page)     | `SERVER_ERROR`                          |
//! | 1xx, 3xx                                 | `BAD_RESPONSE`                          |

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode, Provider};
use crate::http::redact::redact_value;
use crate::http::{
    api_error, bad_response, code_for_status, json_object, text_of, Failure, HttpResponse,
    ParseContext,
};

/// Verifik's code for "a person with these faces already exists".
pub const PERSON_ALREADY_SET: &str = "person_already_set";

/// A created person. Serialises with camelCase names for JS.
///
/// `Debug` prints the id only: the person holds personal data and images.
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedPerson {
    /// The person's id: `data._id` (else `data.id`).
    pub id: String,
    /// The public docs' short id of the answer (top-level `id`), when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_id: Option<String>,
    /// The person as Verifik returned it (`data`): name, `date_of_birth` as
    /// `{year, month, day}`, images, collections, …
    pub person: Value,
    /// The public docs' `signature` object, when the answer has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Value>,
    /// Whether this answer came after a retry of our own.
    pub retried: bool,
}

impl fmt::Debug for CreatedPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedPerson")
            .field("id", &self.id)
            .field("retried", &self.retried)
            .finish_non_exhaustive()
    }
}

/// Parses the answer to a create-person request.
///
/// # Errors
///
/// An [`Error`] with `provider = verifik`, the HTTP `status`, the provider's
/// code and message where present, and the raw body (secrets redacted,
/// 4 KiB); the code per the table above.
pub fn parse_response(
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
) -> Result<CreatedPerson, Error> {
    let body = json_object(&response.body);
    if !response.is_success() {
        return Err(error_from(response, ctx, body.as_ref()));
    }
    let Some(body) = body else {
        return Err(bad_response(
            Provider::Verifik,
            response,
            ctx,
            "the body is not a JSON object",
        ));
    };
    if body.get("success") == Some(&Value::Bool(false)) {
        return Err(error_from(response, ctx, Some(&body)));
    }
    let Some(Value::Object(data)) = body.get("data") else {
        return Err(bad_response(
            Provider::Verifik,
            response,
            ctx,
            "the body has no `data` object",
        ));
    };
    let id = text_of(data.get("_id")).or_else(|| text_of(data.get("id")));
    let Some(id) = id else {
        return Err(bad_response(
            Provider::Verifik,
            response,
            ctx,
            "the body has no person id",
        ));
    };
    let signature = body.get("signature").filter(|s| !s.is_null()).cloned();
    Ok(CreatedPerson {
        id,
        response_id: text_of(body.get("id")),
        person: with_civil_date(data.clone()),
        signature,
        retried: ctx.retried,
    })
}

/// `person` with `date_of_birth` as `{year, month, day}` when the server
/// wrote it as a `"YYYY-MM-DD"` string (or a date-time starting with one).
pub(crate) fn with_civil_date(mut person: Map<String, Value>) -> Value {
    if let Some(dob) = person.get_mut("date_of_birth") {
        if let Some((year, month, day)) = civil_date(dob) {
            *dob = serde_json::json!({ "year": year, "month": month, "day": day });
        }
    }
    Value::Object(person)
}

/// A date of birth in either documented form, as numbers.
pub(crate) fn civil_date(value: &Value) -> Option<(i64, i64, i64)> {
    let number = |v: Option<&Value>| match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    match value {
        Value::Object(o) => Some((
            number(o.get("year"))?,
            number(o.get("month"))?,
            number(o.get("day"))?,
        )),
        Value::String(s) => {
            let date = s.get(..10)?;
            let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
            let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
            (date.len() == 10 && parts.next().is_none()).then_some((y, m, d))
        }
        _ => None,
    }
}

/// The `Error` for an error answer (or a 2xx with `success: false`).
fn error_from(
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
    body: Option<&Map<String, Value>>,
) -> Error {
    let (provider_code, provider_message) = body.map(code_and_message).unwrap_or_default();
    let already_set = provider_code
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case(PERSON_ALREADY_SET));
    // A 4xx, or a 2xx whose body says `success: false`.
    let (code, data) = if already_set && response.status < 500 {
        // The existing person in the result's one form (`date_of_birth` as numbers).
        let mut existing = body.and_then(|b| b.get("data")).and_then(|d| match d {
            Value::Object(o) => Some(with_civil_date(o.clone())),
            Value::Null => None,
            other => Some(other.clone()),
        });
        if let Some(existing) = existing.as_mut() {
            redact_value(existing);
        }
        (ErrorCode::AlreadyExists, existing)
    } else if response.is_success() {
        (ErrorCode::BadRequest, None)
    } else {
        (code_for_status(response.status), None)
    };
    api_error(
        response,
        ctx,
        Failure {
            provider: Provider::Verifik,
            code,
            provider_code: provider_code.as_deref(),
            provider_message: provider_message.as_deref(),
            data,
        },
    )
}

/// Provider code and human message from either error shape.
fn code_and_message(body: &Map<String, Value>) -> (Option<String>, Option<String>) {
    let message = text_of(body.get("message"));
    let error = text_of(body.get("error"));
    let code = text_of(body.get("code"));
    let is_token = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    };
    match (message, code, error) {
        // `{"error": "Invalid image format", "message": "INVALID_IMAGE_FORMAT"}`,
        // `{"code": "FORBIDDEN", "message": "token_expired"}`
        (Some(m), code, error) if is_token(&m) && m.contains('_') => (Some(m), error.or(code)),
        // `{"code": "MissingParameter", "message": "missing name"}`
        (message, Some(c), error) => (Some(c), message.or(error)),
        // `{"message": "Unauthorized"}`
        (Some(m), None, error) if is_token(&m) => (Some(m), error),
        (message, None, error) => (None, message.or(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(json: &str) -> Map<String, Value> {
        json_object(json.as_bytes()).unwrap()
    }

    #[test]
    fn picks_the_specific_code() {
        assert_eq!(
            code_and_message(&obj(
                r#"{"error":"Invalid image format","message":"INVALID_IMAGE_FORMAT"}"#
            )),
            (
                Some("INVALID_IMAGE_FORMAT".into()),
                Some("Invalid image format".into())
            )
        );
        assert_eq!(
            code_and_message(&obj(
                r#"{"code":"PreconditionFailed","message":"person_already_set"}"#
            )),
            (
                Some("person_already_set".into()),
                Some("PreconditionFailed".into())
            )
        );
        assert_eq!(
            code_and_message(&obj(
                r#"{"code":"MissingParameter","message":"missing name"}"#
            )),
            (Some("MissingParameter".into()), Some("missing name".into()))
        );
        assert_eq!(
            code_and_message(&obj(r#"{"message":"Unauthorized"}"#)),
            (Some("Unauthorized".into()), None)
        );
        assert_eq!(
            code_and_message(&obj(r#"{"error":"Not here"}"#)),
            (None, Some("Not here".into()))
        );
    }
}
