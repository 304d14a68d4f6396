//! Equals Money: building the HTTP request as plain data.
//!
//! `POST {base}/v2/people`, `Authorization: ApiKey <key>`, the validated
//! fields as the JSON body.

use serde::Serialize;

use crate::error::{Error, ErrorCode, FieldError};
use crate::http::{request_headers, Endpoint, RequestHead};

/// The production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.equalsmoney.com";

/// Equals' own domain (production and `api-sandbox`): a client sent to any
/// host under it needs the API key.
pub const OWN_DOMAIN: &str = "equalsmoney.com";

/// The sandbox base URL.
pub const SANDBOX_BASE_URL: &str = "https://api-sandbox.equalsmoney.com";

/// The endpoint path under the base URL.
pub const PATH: &str = "/v2/people";

/// The JSON body: the validated person (an [`EqualsPerson`](super::EqualsPerson))
/// or its fields as a map (`accountId`, `firstName`, …), written by serde_json
/// straight into bytes.
///
/// # Errors
///
/// `VALIDATION_FAILED` only if serde_json cannot write the value (it cannot
/// for a person or a `Map<String, Value>`).
pub fn build_body<T: Serialize + ?Sized>(fields: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(fields).map_err(|_| {
        Error::validation(vec![FieldError::new(
            "",
            ErrorCode::InvalidType,
            "the payload could not be written as JSON",
        )])
    })
}

/// Method, URL and headers of this client's create-person requests.
/// `api_key` is optional: a client pointed at the user's own backend may
/// hold none (then no `authorization` header is sent, unless the endpoint's
/// extra headers carry one).
///
/// # Errors
///
/// `INVALID_OPTIONS` for an empty API key, one with CR/LF, or one given while
/// the extra headers also set `authorization`.
pub fn head(endpoint: &Endpoint, api_key: Option<&str>) -> Result<RequestHead, Error> {
    Ok(RequestHead {
        method: "POST",
        url: endpoint.url(PATH),
        headers: request_headers(endpoint, api_key.map(|k| ("apiKey", "ApiKey", k)))?,
    })
}
