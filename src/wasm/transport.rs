//! Rust side of `transport.js`: one fetch attempt as `HttpRequest` in,
//! `HttpResponse` or an [`Outcome`] out; sleeping; randomness.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::http::{HttpRequest, HttpResponse, Outcome};

#[wasm_bindgen(module = "/src/wasm/transport.js")]
extern "C" {
    #[wasm_bindgen(js_name = sendOnce)]
    fn send_once(
        fetch: &JsValue,
        url: &str,
        method: &str,
        headers: &Array,
        body: &Uint8Array,
        timeout_ms: f64,
        signal: &JsValue,
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
pub(crate) struct PreparedRequest {
    url: String,
    method: &'static str,
    headers: Array,
    body: Uint8Array,
}

impl PreparedRequest {
    pub(crate) fn new(req: &HttpRequest) -> Self {
        let headers: Array = req
            .headers
            .iter()
            .map(|(k, v)| -> JsValue {
                Array::of2(&JsValue::from_str(k), &JsValue::from_str(v)).into()
            })
            .collect();
        Self {
            url: req.url.clone(),
            method: req.method,
            headers,
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
    let promise = send_once(
        fetch,
        &req.url,
        req.method,
        &req.headers,
        &req.body,
        f64::from(timeout_ms),
        signal,
    );
    let answer = JsFuture::from(promise)
        .await
        .map_err(|e| failure_from_js(&e))?;
    let get = |k: &str| Reflect::get(&answer, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let status = get("status")
        .as_f64()
        .and_then(|s| u16::try_from(s as i64).ok())
        .unwrap_or(0);
    let headers = Array::from(&get("headers"))
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    let body = Uint8Array::new(&get("body")).to_vec();
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
