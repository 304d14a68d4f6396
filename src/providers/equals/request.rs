//! Equals Money: building the HTTP request as plain data.
//!
//! `POST {base}/v2/people`, `Authorization: ApiKey <key>`, the validated
//! fields as the JSON body.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::http::body::members_json;
use crate::http::{request_headers, Endpoint, HttpRequest};

/// The production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.equalsmoney.com";

/// The sandbox base URL.
pub const SANDBOX_BASE_URL: &str = "https://api-sandbox.equalsmoney.com";

/// The endpoint path under the base URL.
pub const PATH: &str = "/v2/people";

/// The JSON body: the validated fields (`accountId`, `firstName`, …).
///
/// # Errors
///
/// `VALIDATION_FAILED` only if serde_json cannot write the map (it cannot
/// for a `Map<String, Value>`).
pub fn build_body(fields: &Map<String, Value>) -> Result<Vec<u8>, Error> {
    let members = members_json(fields)?;
    let mut body = Vec::with_capacity(members.len() + 2);
    body.push(b'{');
    body.extend_from_slice(&members);
    body.push(b'}');
    Ok(body)
}

/// The create-person request. `api_key` is optional: a client pointed at the
/// user's own backend may hold none (then no `authorization` header is sent,
/// unless the endpoint's extra headers carry one).
///
/// # Errors
///
/// `INVALID_OPTIONS` for an empty API key, one with CR/LF, or one given while
/// the extra headers also set `authorization`.
pub fn build_request(
    endpoint: &Endpoint,
    api_key: Option<&str>,
    fields: &Map<String, Value>,
) -> Result<HttpRequest, Error> {
    let headers = request_headers(endpoint, api_key.map(|k| ("apiKey", "ApiKey", k)), None)?;
    Ok(HttpRequest {
        method: "POST",
        url: endpoint.url(PATH),
        headers,
        body: build_body(fields)?,
    })
}
