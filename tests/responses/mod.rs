//! Shared by the response-parsing suites: responses as data, a context that
//! holds the secrets, and the check that no secret leaks from an error.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use personkit::http::redact::MAX_BODY_BYTES;
use personkit::http::{HttpResponse, ParseContext};
use personkit::Error;
use serde_json::Value;

pub const TOKEN: &str = "tok-SECRET-verifik-123";
pub const API_KEY: &str = "key-SECRET-equals-456";
pub const CLIENT_SECRET: &str = "bb145d5fxyz-SECRET";
pub const SECRETS: &[&str] = &[TOKEN, API_KEY, CLIENT_SECRET];

pub fn ctx() -> ParseContext<'static> {
    ParseContext {
        secrets: SECRETS,
        ..ParseContext::default()
    }
}

pub fn resp(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        vec![("content-type".into(), "application/json".into())],
        body.as_bytes().to_vec(),
    )
}

pub fn resp_h(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body.as_bytes().to_vec(),
    )
}

pub fn assert_clean(e: &Error) {
    let texts = [
        e.message.clone(),
        e.to_string(),
        format!("{e:?}"),
        e.provider_code.clone().unwrap_or_default(),
        e.body.clone().unwrap_or_default(),
        e.data.as_ref().map(Value::to_string).unwrap_or_default(),
    ];
    for text in texts {
        for secret in SECRETS {
            assert!(!text.contains(secret), "secret in {text}");
        }
    }
    assert!(e.body.as_ref().is_none_or(|b| b.len() <= MAX_BODY_BYTES));
    assert!(!e.message.ends_with('.'), "{}", e.message);
}
