//! Equals Money: parsing the documented responses into results and errors.
//!
//! Success is `201` with the person and its new `persona`. The error body is
//! not documented: the status decides the code, and any `message`/`code`
//! (top level, under `error`, or in `errors[0]`) is kept.
//!
//! | answer                              | result                              |
//! | ----------------------------------- | ----------------------------------- |
//! | 2xx (201) with an `id`              | [`CreatedPerson`]                   |
//! | 2xx, not JSON or no `id`            | `BAD_RESPONSE` (raw body, 4 KiB)    |
//! | 401 (no header), 403 (invalid key)  | `UNAUTHORIZED`                      |
//! | 404                                 | `NOT_FOUND`                         |
//! | 400, 415, 422, other 4xx            | `BAD_REQUEST`                       |
//! | 405                                 | `BAD_REQUEST` ("check baseUrl")     |
//! | 429                                 | `RATE_LIMITED` with `retryAfter`    |
//! | 5xx                                 | `SERVER_ERROR`                      |
//! | 1xx, 3xx                            | `BAD_RESPONSE`                      |
//!
//! A repeated create (same email) adds the existing person to the account
//! again with a new persona, so it still answers 201; after a retry of our
//! own the result says `retried: true`.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::{Error, Provider};
use crate::http::{
    api_error, bad_response, code_for_status, json_object, text_of, Failure, HttpResponse,
    ParseContext,
};

/// A created (or re-added) person. Serialises with camelCase names for JS.
///
/// The person and persona are kept as the JSON text Equals sent (parse them
/// with `serde_json::from_str(p.person.get())`): no tree is built to be
/// written out again.
///
/// `Debug` prints the ids only: the person holds personal data.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedPerson {
    /// The person's id (`id`).
    pub id: String,
    /// The persona's id (`persona.id`), when present.
    pub persona_id: Option<String>,
    /// The whole body as Equals returned it.
    pub person: Box<RawValue>,
    /// `persona` of the body (the person's role in this account), `null`
    /// when absent.
    pub persona: Option<Box<RawValue>>,
    /// Whether this answer came after a retry of our own.
    pub retried: bool,
}

/// What a success body is read for; the rest is kept as text.
#[derive(Deserialize)]
struct Created<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    persona: Option<&'a RawValue>,
}

/// `{ "id": … }` of a persona.
#[derive(Deserialize)]
struct WithId<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
}

/// A JSON string or number as text (see `text_of`), from its JSON text.
fn raw_text(raw: Option<&RawValue>) -> Option<String> {
    text_of(serde_json::from_str::<Value>(raw?.get()).ok().as_ref())
}

impl fmt::Debug for CreatedPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedPerson")
            .field("id", &self.id)
            .field("persona_id", &self.persona_id)
            .field("retried", &self.retried)
            .finish_non_exhaustive()
    }
}

/// Parses the answer to a create-person request.
///
/// # Errors
///
/// An [`Error`] with `provider = equals`, the HTTP `status`, any provider
/// `code`/`message`, and the raw body (secrets redacted, 4 KiB); the code per
/// the table above.
pub fn parse_response(
    response: &HttpResponse,
    ctx: &ParseContext<'_>,
) -> Result<CreatedPerson, Error> {
    if !response.is_success() {
        let body = json_object(&response.body);
        let (provider_code, provider_message) =
            body.as_ref().map(code_and_message).unwrap_or_default();
        return Err(api_error(
            response,
            ctx,
            Failure {
                provider: Provider::Equals,
                code: code_for_status(response.status),
                provider_code: provider_code.as_deref(),
                provider_message: provider_message.as_deref(),
                data: None,
            },
        ));
    }
    let text = std::str::from_utf8(&response.body).ok();
    let Some((text, created)) =
        text.and_then(|t| Some((t, serde_json::from_str::<Created<'_>>(t).ok()?)))
    else {
        let what = if json_object(&response.body).is_some() {
            "the body could not be read"
        } else {
            "the body is not a JSON object"
        };
        return Err(bad_response(Provider::Equals, response, ctx, what));
    };
    let Some(id) = raw_text(created.id) else {
        return Err(bad_response(
            Provider::Equals,
            response,
            ctx,
            "the body has no person id",
        ));
    };
    let persona = created.persona.filter(|p| p.get() != "null");
    let persona_id = persona
        .and_then(|p| serde_json::from_str::<WithId<'_>>(p.get()).ok())
        .and_then(|p| raw_text(p.id));
    let person = RawValue::from_string(text.trim().to_owned()).map_err(|_| {
        bad_response(Provider::Equals, response, ctx, "the body is not a JSON object")
    })?;
    Ok(CreatedPerson {
        id,
        persona_id,
        person,
        persona: persona.map(ToOwned::to_owned),
        retried: ctx.retried,
    })
}

/// `code` and `message` from an undocumented error body: top level, under
/// `error` (an object), or in `errors[0]`; a string `error` is a message.
fn code_and_message(body: &Map<String, Value>) -> (Option<String>, Option<String>) {
    let nested = body
        .get("error")
        .filter(|e| e.is_object())
        .or_else(|| body.get("errors").and_then(|e| e.get(0)));
    let code = text_of(body.get("code"))
        .or_else(|| text_of(body.get("errorCode")))
        .or_else(|| nested.and_then(|n| text_of(n.get("code"))));
    let message = text_of(body.get("message"))
        .or_else(|| text_of(body.get("error")))
        .or_else(|| nested.and_then(|n| text_of(n.get("message"))));
    (code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_in_several_shapes() {
        let shapes = [
            r#"{"message":"bad","code":"E1"}"#,
            r#"{"error":{"message":"bad","code":"E1"}}"#,
            r#"{"errors":[{"message":"bad","code":"E1"}]}"#,
        ];
        for s in shapes {
            let map = json_object(s.as_bytes()).unwrap();
            assert_eq!(
                code_and_message(&map),
                (Some("E1".into()), Some("bad".into())),
                "{s}"
            );
        }
    }
}
