//! Rust side of `transport.js`: one fetch attempt as `HttpRequest` in,
//! `HttpResponse` or an [`Outcome`] out; sleeping; randomness.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::http::{HttpRequest, HttpResponse, Outcome, RESPONSE_HEADERS_READ};

thread_local! {
    /// The response headers the parsers read, as JS strings, made once: the
    /// only ones copied out of a response.
    static WANTED_HEADERS: Array = RESPONSE_HEADERS_READ
        .iter()
        .map(|name| JsValue::from_str(name))
        .collect();
}

#[wasm_bindgen(module = "/src/wasm/transport.js")]
extern "C" {
    #[wasm_bindgen(js_name = sendOnce)]
    fn send_once(
        fetch: &JsValue,
        url: &str,
        method: &str,
        header_text: &str,
        header_cuts: &[u32],
        body: &Uint8Array,
        timeout_ms: f64,
        signal: &JsValue,
        wanted: &Array,
    ) -> Promise;

    #[wasm_bindgen(js_name = sleep)]
    fn sleep_js(ms: f64, signal: &JsValue) -> Promise;

    #[wasm_bindgen(js_name = randomBytes)]
    fn random_bytes_js(n: u32) -> Uint8Array;

    #[wasm_bindgen(js_name = isBrowserPage)]
    pub(crate) fn is_browser_page() -> bool;
}

/// A request ready to be sent any number of times: the body is copied out of
/// wasm memory once (fetch may read it after wasm memory has moved).
/// The headers travel as one string plus the UTF-16 length of each name and
/// value in turn, which `transport.js` cuts into `[name, value]` pairs.
pub(crate) struct PreparedRequest {
    url: String,
    method: &'static str,
    header_text: String,
    header_cuts: Vec<u32>,
    body: Uint8Array,
}

/// Length in UTF-16 code units, as JS `String#slice` counts (saturating; a
/// header is never near 4 GiB).
fn utf16_len(s: &str) -> u32 {
    if s.is_ascii() {
        u32::try_from(s.len()).unwrap_or(u32::MAX)
    } else {
        u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
    }
}

impl PreparedRequest {
    pub(crate) fn new(req: &HttpRequest) -> Self {
        let mut header_text = String::new();
        let mut header_cuts = Vec::with_capacity(req.headers.len() * 2);
        for (name, value) in &req.headers {
            header_text.push_str(name);
            header_text.push_str(value);
            header_cuts.push(utf16_len(name));
            header_cuts.push(utf16_len(value));
        }
        Self {
            url: req.url.clone(),
            method: req.method,
            header_text,
            header_cuts,
            body: Uint8Array::from(req.body.as_slice()),
        }
    }
}

/// How an attempt without an answer ended, with the JS error behind it.
pub(crate) struct Failure {
    pub(crate) outcome: Outcome,
    pub(crate) cause: JsValue,
}

fn failure_from_js(err: &JsValue) -> Failure {
    let kind = Reflect::get(err, &"kind".into())
        .ok()
        .and_then(|k| k.as_string())
        .unwrap_or_default();
    let outcome = match kind.as_str() {
        "timeout" => Outcome::Timeout,
        "aborted" => Outcome::Aborted,
        "network-before-send" => Outcome::NetworkBeforeSend,
        // Unknown failures count as "may have been sent": the safe choice.
        _ => Outcome::NetworkAfterSend,
    };
    let cause = Reflect::get(err, &"cause".into()).unwrap_or(JsValue::UNDEFINED);
    Failure { outcome, cause }
}

/// One attempt. `fetch` is the user's function or `undefined` for the global one.
pub(crate) async fn send(
    fetch: &JsValue,
    req: &PreparedRequest,
    timeout_ms: u32,
    signal: &JsValue,
) -> Result<HttpResponse, Failure> {
    let promise = WANTED_HEADERS.with(|wanted| {
        send_once(
            fetch,
            &req.url,
            req.method,
            &req.header_text,
            &req.header_cuts,
            &req.body,
            f64::from(timeout_ms),
            signal,
            wanted,
        )
    });
    let answer: Array = JsFuture::from(promise)
        .await
        .map_err(|e| failure_from_js(&e))?
        .unchecked_into();
    let status = answer
        .get(0)
        .as_f64()
        .and_then(|s| u16::try_from(s as i64).ok())
        .unwrap_or(0);
    let body = Uint8Array::new(&answer.get(1)).to_vec();
    let mut headers = Vec::new();
    let mut i = 2;
    while i + 1 < answer.length() {
        if let (Some(name), Some(value)) =
            (answer.get(i).as_string(), answer.get(i + 1).as_string())
        {
            headers.push((name, value));
        }
        i += 2;
    }
    Ok(HttpResponse::new(status, headers, body))
}

/// Waits `ms`, or fails with `Aborted` when the signal fires first.
pub(crate) async fn sleep(ms: u64, signal: &JsValue) -> Result<(), Failure> {
    #[allow(clippy::cast_precision_loss)] // delays are far below 2^53 ms
    let promise = sleep_js(ms as f64, signal);
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| failure_from_js(&e))
}

/// `n` cryptographically random bytes from `crypto.getRandomValues`.
pub(crate) fn random_bytes(n: u32) -> Vec<u8> {
    random_bytes_js(n).to_vec()
}

/// A number in `[0, 1)` for retry jitter.
pub(crate) fn jitter() -> f64 {
    js_sys::Math::random()
}

/// The global `fetch`, for checking it exists when the user passes none.
pub(crate) fn global_fetch() -> Option<Function> {
    Reflect::get(&js_sys::global(), &"fetch".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}
