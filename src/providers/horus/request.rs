//! Horus: building the HTTP request as plain data.
//!
//! `POST {base}/v1/nonspec/oauth2/management/person`; `clientId` and
//! `clientSecret` travel in the JSON body (first, as in the document's
//! sample), followed by the validated fields; an `x-usil-request-id` header
//! identifies the event. The core has no randomness: the caller passes the
//! id, or random bytes for [`request_id_from_random`].

use std::fmt;

use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode};
use crate::http::body::{json_str_len, key_len, members_json, ObjectWriter};
use crate::http::{request_headers, Endpoint, RequestHead};

/// The endpoint path under the base URL (Horus has no default base URL).
pub const PATH: &str = "/v1/nonspec/oauth2/management/person";

/// The request id header, sent and echoed.
pub const REQUEST_ID_HEADER: &str = "x-usil-request-id";

/// The longest request id we send or accept from a caller.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// The client credentials that go into the body. `Debug` redacts the secret.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// `clientId`.
    pub client_id: &'a str,
    /// `clientSecret`.
    pub client_secret: &'a str,
}

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

/// Whether `id` may be sent as `x-usil-request-id`: 1 to 128 ASCII letters,
/// digits or dashes.
#[must_use]
pub fn is_valid_request_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID_LEN
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A request id from caller-supplied random bytes: the first 16 bytes as 32
/// lower-case hex characters (alphanumeric, 128 bits). Pass at least 16
/// bytes (`crypto.getRandomValues(new Uint8Array(16))`); fewer give a shorter
/// id, and none gives `""`, which [`is_valid_request_id`] refuses.
#[must_use]
pub fn request_id_from_random(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(32);
    for &b in bytes.iter().take(16) {
        for nibble in [b >> 4, b & 0x0F] {
            id.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    id
}

fn invalid(field: &str, message: &str) -> Error {
    Error::new(ErrorCode::InvalidOptions, message).with_field(field)
}

/// The JSON body: `clientId` and `clientSecret` (when the client holds
/// them), then the validated fields. Without credentials (a client pointed
/// at the user's own backend) the fields are sent alone.
///
/// # Errors
///
/// `INVALID_OPTIONS` for an empty `clientId` or `clientSecret`, or when
/// `fields` also holds `clientId`/`clientSecret` while credentials are given.
pub fn build_body(
    credentials: Option<&Credentials<'_>>,
    fields: &Map<String, Value>,
) -> Result<Vec<u8>, Error> {
    let members = members_json(fields)?;
    let Some(credentials) = credentials else {
        let mut object = ObjectWriter::with_capacity(members.len() + 2);
        object.raw_members(&members);
        return Ok(object.finish());
    };
    if credentials.client_id.trim().is_empty() {
        return Err(invalid("clientId", "clientId is empty"));
    }
    if credentials.client_secret.trim().is_empty() {
        return Err(invalid("clientSecret", "clientSecret is empty"));
    }
    if fields.contains_key("clientId") || fields.contains_key("clientSecret") {
        return Err(invalid(
            "clientSecret",
            "clientId/clientSecret are given both as options and in the payload; pass them as options",
        ));
    }
    let capacity = 2
        + key_len("clientId")
        + json_str_len(credentials.client_id)
        + 1
        + key_len("clientSecret")
        + json_str_len(credentials.client_secret)
        + usize::from(!members.is_empty())
        + members.len();
    let mut object = ObjectWriter::with_capacity(capacity);
    object.str_member("clientId", credentials.client_id);
    object.str_member("clientSecret", credentials.client_secret);
    object.raw_members(&members);
    Ok(object.finish())
}

/// Method, URL and headers shared by this client's create-person requests
/// (each call adds its own `x-usil-request-id`, see [`request_id_header`]).
///
/// # Errors
///
/// None today; kept as a `Result` like the other providers' heads.
pub fn head(endpoint: &Endpoint) -> Result<RequestHead, Error> {
    Ok(RequestHead {
        method: "POST",
        url: endpoint.url(PATH),
        headers: request_headers(endpoint, None)?,
    })
}

/// The `x-usil-request-id` header for one call.
///
/// (The endpoint's extra headers cannot hold it: it is reserved.)
///
/// # Errors
///
/// `INVALID_OPTIONS` (field `requestId`) when `request_id` fails
/// [`is_valid_request_id`].
pub fn request_id_header(request_id: &str) -> Result<(&'static str, String), Error> {
    if !is_valid_request_id(request_id) {
        return Err(invalid(
            "requestId",
            "requestId must be 1 to 128 letters, digits or dashes",
        ));
    }
    Ok((REQUEST_ID_HEADER, request_id.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids() {
        let id = request_id_from_random(&[0xAB; 20]);
        assert_eq!(id.len(), 32);
        assert!(is_valid_request_id(&id));
        assert_eq!(request_id_from_random(&[0x01, 0xFE]), "01fe");
        assert!(!is_valid_request_id(""));
        assert!(!is_valid_request_id("a b"));
        assert!(!is_valid_request_id(&"a".repeat(129)));
        assert!(is_valid_request_id(&"a".repeat(128)));
    }

    #[test]
    fn body_has_credentials_first_and_exact_size() {
        let mut fields = Map::new();
        fields.insert("firstName".into(), Value::from("Jane"));
        let creds = Credentials {
            client_id: "bb145d5f",
            client_secret: "bb145d5fxyz",
        };
        let body = build_body(Some(&creds), &fields).unwrap();
        assert_eq!(body.len(), body.capacity());
        assert_eq!(
            body,
            br#"{"clientId":"bb145d5f","clientSecret":"bb145d5fxyz","firstName":"Jane"}"#
        );
        let body = build_body(Some(&creds), &Map::new()).unwrap();
        assert_eq!(body.len(), body.capacity());
        assert!(!format!("{creds:?}").contains("xyz"));
    }
}
