//! What the three clients share: options, the browser guard, and the one
//! send-and-retry loop (the policy itself is pure: `crate::http::retry`).

use std::rc::Rc;

use js_sys::{Object, Promise};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{set, to_js, to_js_error};
use super::options::{Reader, COMMON_OPTIONS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS};
use super::transport::{self, global_fetch, is_browser_page, Head};
use crate::error::{Error, ErrorCode, Provider};
use crate::http::{
    decide, transport_error, Decision, Endpoint, HttpResponse, Outcome, ParseContext, RequestHead,
};

/// The options a client keeps after its constructor checked them.
pub(crate) struct Engine {
    pub(crate) provider: Provider,
    timeout_ms: u32,
    max_retries: u32,
    fetch: JsValue,
    /// Every credential the client holds, scrubbed from any error text.
    secrets: Vec<String>,
    /// Method, URL and headers of every request, as JS values made once.
    head: Head,
    /// The provider's response parser.
    parse: Parser,
}

/// A provider's response parser, returning its result as a plain JS object.
/// One non-generic type keeps a single copy of the retry loop in the wasm.
/// The third argument is the body as the JS `Uint8Array` it came in, for a
/// result that holds the answer itself (parsed once, by `JSON.parse`).
pub(crate) type Parser = fn(&HttpResponse, &ParseContext<'_>, &JsValue) -> Result<JsValue, Error>;

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
        head: impl FnOnce(&Endpoint) -> Result<RequestHead, Error>,
        parse: Parser,
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
        let head = Head::new(&head(&endpoint)?);
        Ok(Self {
            provider,
            timeout_ms: options
                .timeout_ms("timeoutMs")?
                .unwrap_or(DEFAULT_TIMEOUT_MS),
            max_retries: options
                .retries("maxRetries")?
                .unwrap_or(DEFAULT_MAX_RETRIES),
            fetch,
            secrets,
            head,
            parse,
        })
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
    /// until the policy says stop, parsing each answer: the loop runs in JS
    /// (`run` in `transport.js`, which awaits fetch and the waits between
    /// attempts) and asks `calls` (this engine's [`Calls`]) what each
    /// attempt's outcome means. Resolves with the parsed result as a plain JS
    /// object, or rejects with the `PersonkitError`.
    pub(crate) fn run(
        &self,
        calls: &JsValue,
        body: &[u8],
        extra: Option<(&str, &str)>,
        call: &Call,
    ) -> Promise {
        transport::run(
            calls,
            &self.fetch,
            &self.head,
            extra,
            &js_sys::Uint8Array::from(body),
            self.provider,
            call,
        )
    }

    /// What attempt `attempt` getting `answer` (`[status, body, headers,
    /// name, value, …]` from `transport.js`) means: the parsed result, a
    /// number (wait that many ms, then try again), or the error to throw.
    fn answer(
        &self,
        attempt: u32,
        answer: &js_sys::Array,
        call: &Call,
    ) -> Result<JsValue, JsValue> {
        let body = answer.get(1);
        let answer = transport::Answer::from_js(answer, self.provider);
        let secrets: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        let ctx = ParseContext {
            retried: attempt > 1,
            request_id: call.request_id.as_deref(),
            secrets: &secrets,
            now_ms: Some(now_ms()),
        };
        let parsed = match (self.parse)(&answer.response, &ctx, &body) {
            Ok(result) => return Ok(result),
            // A success that does not parse: its error reports the request
            // id, from the headers left in JS until now.
            Err(_) => {
                let response = answer.with_headers();
                (self.parse)(&response, &ctx, &body).map_err(|e| (e, response))
            }
        };
        match parsed {
            Ok(result) => Ok(result),
            Err((e, response)) => {
                let outcome = Outcome::from_response(&response, Some(now_ms()));
                self.next(attempt, e, &outcome, None, call)
            }
        }
    }

    /// What attempt `attempt` failing without an answer means (`kind` as
    /// `transport.js` tells it; `waiting` when the signal fired during a wait
    /// between attempts): a number of ms to wait, or the error to throw.
    fn failed(
        &self,
        attempt: u32,
        kind: &str,
        cause: JsValue,
        waiting: bool,
        call: &Call,
    ) -> Result<JsValue, JsValue> {
        let outcome = transport::outcome(kind);
        if waiting {
            let e = transport_error(self.provider, &outcome, None)
                .unwrap_or_else(|| Error::new(ErrorCode::Aborted, "aborted"));
            return Err(self.js_error(e, Some(cause), true, call));
        }
        let e = transport_error(self.provider, &outcome, Some(u64::from(call.timeout_ms)))
            .unwrap_or_else(|| Error::new(ErrorCode::Network, "request failed"));
        self.next(attempt, e, &outcome, Some(cause), call)
    }

    /// Retry (the delay in ms) or stop (the error).
    fn next(
        &self,
        attempt: u32,
        error: Error,
        outcome: &Outcome,
        cause: Option<JsValue>,
        call: &Call,
    ) -> Result<JsValue, JsValue> {
        match decide(
            self.provider,
            attempt,
            self.max_retries,
            outcome,
            transport::jitter(),
        ) {
            #[allow(clippy::cast_precision_loss)] // delays are far below 2^53 ms
            Decision::Retry { delay_ms } => Ok(JsValue::from_f64(delay_ms as f64)),
            Decision::Stop => Err(self.js_error(error, cause, attempt > 1, call)),
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

/// An engine as the JS object `run` in `transport.js` calls back: one per
/// client, made at construction.
#[wasm_bindgen(skip_typescript)]
pub struct Calls {
    engine: Rc<Engine>,
}

#[wasm_bindgen]
impl Calls {
    /// Attempt `attempt` got `answer`: the result, a delay in ms before the
    /// next attempt, or throws the `PersonkitError`.
    ///
    /// # Errors
    /// The `PersonkitError` when the policy says stop.
    pub fn answer(
        &self,
        attempt: u32,
        answer: &js_sys::Array,
        timeout_ms: u32,
        signal: JsValue,
        request_id: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let call = Call::from_js(timeout_ms, signal, request_id);
        self.engine.answer(attempt, answer, &call)
    }

    /// Attempt `attempt` got no answer (`kind`, `cause` from `transport.js`),
    /// or the signal fired while `waiting` for the next one: a delay in ms
    /// before the next attempt, or throws the `PersonkitError`.
    ///
    /// # Errors
    /// The `PersonkitError` when the policy says stop.
    #[allow(clippy::too_many_arguments)]
    pub fn failed(
        &self,
        attempt: u32,
        kind: &str,
        cause: JsValue,
        waiting: bool,
        timeout_ms: u32,
        signal: JsValue,
        request_id: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let call = Call::from_js(timeout_ms, signal, request_id);
        self.engine.failed(attempt, kind, cause, waiting, &call)
    }
}

impl Call {
    /// A call's options as the JS attempt loop hands them back.
    fn from_js(timeout_ms: u32, signal: JsValue, request_id: Option<String>) -> Self {
        Self {
            signal,
            timeout_ms,
            request_id,
        }
    }
}

impl Calls {
    /// The JS object of `engine`'s callbacks.
    pub(crate) fn js(engine: &Rc<Engine>) -> JsValue {
        Self {
            engine: Rc::clone(engine),
        }
        .into()
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
