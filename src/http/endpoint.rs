//! `Endpoint`: a checked base URL plus the user's checked extra headers.
//!
//! Request builders take an `Endpoint`, so an unchecked base URL or a header
//! with a line break cannot reach a request.

use std::fmt;

use super::headers::check_extra_headers;
use super::message::RedactedHeaders;
use super::url::{check_base_url, join_url};
use crate::error::Error;

/// Where requests go: a base URL that passed [`check_base_url`] and extra
/// headers that passed [`check_extra_headers`]. Build it once per client.
///
/// `Debug` redacts header values that may be secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    base_url: String,
    headers: Vec<(String, String)>,
}

impl Endpoint {
    /// Checks and stores a base URL and extra headers.
    ///
    /// # Errors
    ///
    /// `INVALID_OPTIONS` from [`check_base_url`] or [`check_extra_headers`].
    pub fn new(base_url: &str, headers: &[(String, String)]) -> Result<Self, Error> {
        Ok(Self {
            base_url: check_base_url(base_url)?,
            headers: check_extra_headers(headers)?,
        })
    }

    /// The normalised base URL (no trailing slash).
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The extra headers, names in lower case.
    #[must_use]
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The absolute URL of `path` (which starts with `/`).
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        join_url(&self.base_url, path)
    }

    /// Whether the extra headers include `name` (lower case).
    #[must_use]
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|(n, _)| n == name)
    }

    /// The value of the extra header `name` (lower case), if given.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("headers", &RedactedHeaders(&self.headers))
            .finish()
    }
}
