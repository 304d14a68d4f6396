//! What the three clients share: options, the browser guard, and the one
//! send-and-retry loop (the policy itself is pure: `crate::http::retry`).

use js_sys::{Object, Promise};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{set, to_js, to_js_error};
use super::options::{Reader, COMMON_OPTIONS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS};
use super::transport::{self, global_fetch, is_browser_page, Failure, Head};
use crate::error::{Error, ErrorCode, Provider};
use crate::http::{
    decide, transport_error, Decision, Endpoint, HttpResponse, Outcome, ParseContext, RequestHead,
};

/// The options a client keeps after its constructor checked them.
pub(crate) struct Engine {
    pub(crate) provider: Provider,
    pub(crate) endpoint: Endpoint,
    timeout_ms: u32,
    max_retries: u32,
    fetch: JsValue,
    /// Every credential the client holds, scrubbed from any error text.
    secrets: Vec<String>,
    /// Method, URL and headers of every request, as JS values made once.
    head: Option<Head>,
}

/// A provider's response parser, returning its result as a plain JS object.
/// One non-generic type keeps a single copy of the retry loop in the wasm.
pub(crate) type Parser = fn(&HttpResponse, &ParseContext<'_>) -> Result<JsValue, Error>;

/// Adapts a typed parser to [`Parser`].
pub(crate) fn js_result<T: Serialize>(result: Result<T, Error>) -> Result<JsValue, Error> {
    result.map(|r| to_js(&r))
}

/// Per-call options: `{ signal, timeoutMs, requestId }`.
pub(crate) struct Call {
    pub(crate) signal: JsValue,
    pub(crate) timeout_ms: u32,
    pub(crate) request_id: Option<String>,
}

impl Engine {
    /// Reads the common options. `secrets` are the credentials found by the
    /// client; holding any in a browser page needs `dangerouslyAllowBrowser`.
    pub(crate) fn new(
        provider: Provider,
        options: &Reader,
        default_base_url: Option<&str>,
        secrets: Vec<String>,
    ) -> Result<Self, Error> {
        let base_url = match (options.string("baseUrl")?, default_base_url) {
            (Some(url), _) => url,
            (None, Some(default)) => default.to_owned(),
            (None, None) => {
                return Err(Error::new(
                    ErrorCode::InvalidOptions,
                    format!(
                        "{}: baseUrl is required (the API has no default address)",
                        provider.as_str()
                    ),
                )
                .with_field("baseUrl"))
            }
        };
        let endpoint = Endpoint::new(&base_url, &options.headers("headers")?)?;
        let fetch = options.function("fetch")?;
        if fetch.is_undefined() && global_fetch().is_none() {
            return Err(Error::new(
                ErrorCode::UnsupportedEnvironment,
                "no global fetch here: pass one in the fetch option",
            ));
        }
        if !secrets.is_empty()
            && is_browser_page()
            && !options.boolean("dangerouslyAllowBrowser")?
        {
            return Err(Error::new(
                ErrorCode::BrowserNotAllowed,
                format!(
                    "a {} client holding a secret must not run in a browser page, where anyone can read it; \
                     call your own backend (baseUrl) without the secret, or pass dangerouslyAllowBrowser: true",
                    provider.as_str()
                ),
            ));
        }
        Ok(Self {
            provider,
            endpoint,
            timeout_ms: options
                .timeout_ms("timeoutMs")?
                .unwrap_or(DEFAULT_TIMEOUT_MS),
            max_retries: options
                .retries("maxRetries")?
                .unwrap_or(DEFAULT_MAX_RETRIES),
            fetch,
            secrets,
            head: None,
        })
    }

    /// Keeps the provider's request head (see [`RequestHead`]) for every call.
    pub(crate) fn with_head(mut self, head: &RequestHead) -> Self {
        self.head = Some(Head::new(head));
        self
    }

    /// The option names a client with these credential options accepts.
    pub(crate) fn known_options(credentials: &[&'static str]) -> Vec<&'static str> {
        credentials
            .iter()
            .chain(COMMON_OPTIONS.iter())
            .copied()
            .collect()
    }

    /// Reads `{ signal, timeoutMs, requestId }`.
    pub(crate) fn call(&self, options: &JsValue) -> Result<Call, Error> {
        if options.is_undefined() {
            return Ok(Call {
                signal: JsValue::UNDEFINED,
                timeout_ms: self.timeout_ms,
                request_id: None,
            });
        }
        let r = Reader::new(options, &["signal", "timeoutMs", "requestId"])?;
        Ok(Call {
            signal: r.signal("signal")?,
            timeout_ms: r.timeout_ms("timeoutMs")?.unwrap_or(self.timeout_ms),
            request_id: r.string("requestId")?,
        })
    }

    /// Sends the head with `body` (and `extra`, a header of this call)
    /// until the policy says stop; parses each answer. Returns the parsed
    /// result as a plain JS object, or the JS error.
    pub(crate) async fn execute(
        &self,
        body: &[u8],
        extra: Option<(&str, &str)>,
        call: &Call,
        parse: Parser,
    ) -> Result<JsValue, JsValue> {
        let Some(head) = &self.head else {
            let e = Error::new(ErrorCode::InvalidOptions, "the client has no request head");
            return Err(self.js_error(e, None, false, call));
        };
        let body = js_sys::Uint8Array::from(body);
        let secrets: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        let mut attempt: u32 = 1;
        loop {
            let retried = attempt > 1;
            let (error, outcome, cause) = match transport::send(
                &self.fetch,
                head,
                extra,
                &body,
                self.provider,
                call.timeout_ms,
                &call.signal,
            )
            .await
            {
                Ok(answer) => {
                    let ctx = ParseContext {
                        retried,
                        request_id: call.request_id.as_deref(),
                        secrets: &secrets,
                        now_ms: Some(now_ms()),
                    };
                    let parsed = match parse(&answer.response, &ctx) {
                        Ok(result) => return Ok(result),
                        // A success that does not parse: its error reports the
                        // request id, from the headers left in JS until now.
                        Err(_) => {
                            let response = answer.with_headers();
                            parse(&response, &ctx).map_err(|e| (e, response))
                        }
                    };
                    match parsed {
                        Ok(result) => return Ok(result),
                        Err((e, response)) => {
                            (e, Outcome::from_response(&response, Some(now_ms())), None)
                        }
                    }
                }
                Err(Failure { outcome, cause }) => {
                    let e =
                        transport_error(self.provider, &outcome, Some(u64::from(call.timeout_ms)))
                            .unwrap_or_else(|| Error::new(ErrorCode::Network, "request failed"));
                    (e, outcome, Some(cause))
                }
            };
            match decide(
                self.provider,
                attempt,
                self.max_retries,
                &outcome,
                transport::jitter(),
            ) {
                Decision::Retry { delay_ms } => {
                    if let Err(Failure { outcome, cause }) =
                        transport::sleep(delay_ms, &call.signal).await
                    {
                        let e = transport_error(self.provider, &outcome, None)
                            .unwrap_or_else(|| Error::new(ErrorCode::Aborted, "aborted"));
                        return Err(self.js_error(e, Some(cause), true, call));
                    }
                    attempt += 1;
                }
                Decision::Stop => return Err(self.js_error(error, cause, retried, call)),
            }
        }
    }

    fn js_error(
        &self,
        mut e: Error,
        cause: Option<JsValue>,
        retried: bool,
        call: &Call,
    ) -> JsValue {
        e.provider = Some(self.provider);
        if e.request_id.is_none() {
            e.request_id.clone_from(&call.request_id);
        }
        let js = to_js_error(&e, cause);
        if let Some(obj) = js.dyn_ref::<Object>() {
            set(obj, "retried", retried);
        }
        js
    }
}

/// Runs an async client call as a Promise that rejects with a `PersonkitError`.
pub(crate) fn promise<F>(fut: F) -> Promise
where
    F: std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    future_to_promise(fut)
}

fn now_ms() -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = js_sys::Date::now() as u64; // a positive integer number of ms
    ms
}
