//! `RequestHead` and `HttpResponse`: a provider call as plain data.
//!
//! The core builds a [`RequestHead`] (and the body, in each provider's
//! `request` module) and parses an [`HttpResponse`]; only `src/wasm/` sends
//! bytes. Neither type prints a body or a credential in its `Debug` output.

use std::fmt;

/// Header names whose values `Debug` may print. Every other value (the
/// `authorization` header, a user's own `x-api-key`, cookies…) is redacted.
const PRINTABLE_HEADERS: &[&str] = &[
    "accept",
    "content-type",
    "content-length",
    "user-agent",
    "x-usil-request-id",
    "x-horus-request-id",
    "x-request-id",
    "retry-after",
];

/// Every response header a parser reads (`retry-after-ms`, `retry-after`,
/// the request-id headers of [`REQUEST_ID_HEADERS`] and Horus's
/// `x-usil-request-id` or `x-horus-request-id`). An edge may hand the core only these: the parsers
/// never look at any other (their lookups name these constants).
pub const RESPONSE_HEADERS_READ: &[&str] = &[
    RETRY_AFTER_MS,
    RETRY_AFTER,
    HORUS_REQUEST_ID,
    HORUS_REQUEST_ID_ALT,
    REQUEST_ID_HEADERS[0],
    REQUEST_ID_HEADERS[1],
    REQUEST_ID_HEADERS[2],
];

/// `retry-after-ms`: a delay in milliseconds (wins over `retry-after`).
pub(crate) const RETRY_AFTER_MS: &str = "retry-after-ms";
/// `retry-after`: seconds or an HTTP date.
pub(crate) const RETRY_AFTER: &str = "retry-after";
/// Horus echoes the request id it was sent in this header.
pub(crate) const HORUS_REQUEST_ID: &str = "x-usil-request-id";
/// The same header as Horus's public repository names it; read too.
pub(crate) const HORUS_REQUEST_ID_ALT: &str = "x-horus-request-id";
/// Conventional request-id headers (Verifik, Equals), in order of preference.
pub(crate) const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "x-amzn-requestid"];

/// What `Debug` prints instead of a header value that may be a secret.
pub(crate) const REDACTED: &str = "[redacted]";

/// What every create-person request of one client shares: method, URL and
/// headers. A client builds it once; each call sends it with its own body.
///
/// `Debug` redacts every header value that may hold a secret.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The method, always upper case (`"POST"`).
    pub method: &'static str,
    /// The absolute URL.
    pub url: String,
    /// Header names (lower case) and values, in sending order, no duplicates.
    pub headers: Vec<(String, String)>,
}

impl RequestHead {
    /// The same resource read with `GET` and `query`, with the same
    /// credentials: how a lookup asks a provider's list endpoint whether a
    /// create happened.
    #[must_use]
    pub fn lookup(&self, query: &[(&str, &str)]) -> Self {
        Self {
            method: "GET",
            url: super::with_query(&self.url, query),
            headers: self
                .headers
                .iter()
                .filter(|(name, _)| name != "content-type")
                .cloned()
                .collect(),
        }
    }
}

impl fmt::Debug for RequestHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A lookup's query holds the person (Equals: `search=<email>`).
        let (path, query) = self.url.split_once('?').unwrap_or((&self.url, ""));
        let url = if query.is_empty() {
            format!("{path:?}")
        } else {
            format!("{path:?} + query <{} bytes>", query.len())
        };
        f.debug_struct("RequestHead")
            .field("method", &self.method)
            .field("url", &format_args!("{url}"))
            .field("headers", &RedactedHeaders(&self.headers))
            .finish()
    }
}

/// An HTTP response as plain data, as `fetch` delivered it.
///
/// `Debug` prints the status, the header names and the body's length only:
/// bodies hold personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The raw body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response from its parts; header names are lower-cased.
    #[must_use]
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> Self {
        let headers = headers
            .into_iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value))
            .collect();
        Self {
            status,
            headers,
            body,
        }
    }

    /// The value of a header, by case-insensitive name (the first one if the
    /// header appears more than once).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    #[must_use]
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &BodyLen(self.body.len()))
            .finish()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether `Debug` may print this header's value.
pub(crate) fn is_printable_header(name: &str) -> bool {
    PRINTABLE_HEADERS
        .iter()
        .any(|safe| safe.eq_ignore_ascii_case(name))
}

/// Headers for `Debug`: names always, values only when harmless.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            let shown = if is_printable_header(name) {
                value.as_str()
            } else {
                REDACTED
            };
            list.entry(&format_args!("{name}: {shown}"));
        }
        list.finish()
    }
}

struct BodyLen(usize);

impl fmt::Debug for BodyLen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_authorization_and_hides_body() {
        let headers = vec![
            ("content-type".into(), "application/json".into()),
            ("authorization".into(), "Bearer s3cr3t-token".into()),
            ("x-api-key".into(), "another-secret".into()),
        ];
        let head = RequestHead {
            method: "POST",
            url: "https://api.verifik.co/v2/face-recognition/persons".into(),
            headers: headers.clone(),
        };
        let response = HttpResponse::new(200, headers, br#"{"name":"Jane Doe"}"#.to_vec());
        for text in [format!("{head:?}"), format!("{response:?}")] {
            assert!(!text.contains("s3cr3t"), "{text}");
            assert!(!text.contains("another-secret"), "{text}");
            assert!(text.contains("authorization: [redacted]"), "{text}");
            assert!(text.contains("content-type: application/json"), "{text}");
        }
        let text = format!("{response:?}");
        assert!(!text.contains("Jane"), "{text}");
        assert!(text.contains("<19 bytes>"), "{text}");
        // A lookup's URL: its path, never its query (the email searched).
        let lookup = RequestHead {
            method: "GET",
            url: "https://api.equalsmoney.com/v2/people?accountId=F1&search=ana%40example.pe"
                .into(),
            headers: vec![],
        };
        assert_eq!(
            format!("{lookup:?}"),
            r#"RequestHead { method: "GET", url: "https://api.equalsmoney.com/v2/people" + query <36 bytes>, headers: [] }"#
        );
    }

    #[test]
    fn response_header_lookup_is_case_insensitive() {
        let resp = HttpResponse::new(
            200,
            vec![("X-USIL-Request-Id".into(), "abc".into())],
            Vec::new(),
        );
        assert_eq!(resp.headers[0].0, "x-usil-request-id");
        assert_eq!(resp.header("x-usil-request-id"), Some("abc"));
        assert_eq!(resp.header("X-Usil-Request-ID"), Some("abc"));
        assert_eq!(resp.header("retry-after"), None);
    }
}
