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

use serde_json::{Map, Value};

use crate::error::{Error, Provider};
use crate::http::body::write_json_str;
use crate::http::{
    api_error, bad_response, code_for_status, json_object, members, text_of, Failure, HttpResponse,
    ParseContext,
};

/// A created (or re-added) person.
///
/// The person and persona are kept as the JSON text Equals sent (parse them
/// with `serde_json::from_str(&p.person)`): no tree is built only to be
/// written out again. (The JS edge builds its result from the ids and a
/// `JSON.parse` of the answer's own bytes, in the shape of
/// [`CreatedPerson::to_json`].)
///
/// `Debug` prints the ids only: the person holds personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct CreatedPerson {
    /// The person's id (`id`).
    pub id: String,
    /// The persona's id (`persona.id`), when present.
    pub persona_id: Option<String>,
    /// The whole body as Equals returned it: JSON text of an object.
    pub person: String,
    /// `persona` of the body (the person's role in this account) as JSON
    /// text, `None` when absent or `null`.
    pub persona: Option<String>,
    /// Whether this answer came after a retry of our own.
    pub retried: bool,
}

impl CreatedPerson {
    /// The result as JSON text with camelCase names: `{ id, personaId,
    /// person, persona, retried }` (`personaId` and `persona` are `null`
    /// when absent), for native callers.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(self.person.len() * 2 + 96);
        out.extend_from_slice(b"{\"id\":");
        write_json_str(&mut out, &self.id);
        out.extend_from_slice(b",\"personaId\":");
        match &self.persona_id {
            Some(id) => write_json_str(&mut out, id),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"person\":");
        out.extend_from_slice(self.person.as_bytes());
        out.extend_from_slice(b",\"persona\":");
        out.extend_from_slice(self.persona.as_deref().unwrap_or("null").as_bytes());
        out.extend_from_slice(if self.retried {
            b",\"retried\":true}"
        } else {
            b",\"retried\":false}"
        });
        String::from_utf8(out).unwrap_or_default()
    }
}

/// A JSON string or number as text (see `text_of`), from its JSON text.
fn raw_text(raw: Option<&str>) -> Option<String> {
    text_of(serde_json::from_str::<Value>(raw?).ok().as_ref())
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
    // The person is kept as the text Equals sent; only its id and persona are read.
    let text = std::str::from_utf8(&response.body).ok();
    let Some((text, [id, persona])) = text.and_then(|t| Some((t, members(t, &["id", "persona"])?)))
    else {
        return Err(bad_response(
            Provider::Equals,
            response,
            ctx,
            "the body is not a JSON object",
        ));
    };
    let Some(id) = raw_text(id) else {
        return Err(bad_response(
            Provider::Equals,
            response,
            ctx,
            "the body has no person id",
        ));
    };
    let persona = persona.filter(|p| *p != "null");
    let persona_id = persona
        .and_then(|p| members(p, &["id"]))
        .and_then(|[id]| raw_text(id));
    Ok(CreatedPerson {
        id,
        persona_id,
        person: text.trim().to_owned(),
        persona: persona.map(str::to_owned),
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
