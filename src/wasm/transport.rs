//! Rust side of `transport.js`: the attempt loop runs there (it awaits
//! fetch and the waits between attempts) and asks the engine's `Calls` what
//! each outcome means; answers come back as [`HttpResponse`], failures as an
//! [`Outcome`]. Also randomness and the browser check.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use super::engine::Call;
use crate::error::Provider;
use crate::http::{HttpResponse, Outcome, RequestHead, RESPONSE_HEADERS_READ};

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
    #[wasm_bindgen(js_name = run)]
    fn run_js(
        calls: &JsValue,
        fetch: &JsValue,
        url: &JsValue,
        method: &str,
        headers: &Object,
        extra_name: Option<&str>,
        extra_value: Option<&str>,
        body: &Uint8Array,
        timeout_ms: u32,
        signal: &JsValue,
        wanted: &Array,
        headers_always: bool,
        request_id: Option<&str>,
    ) -> Promise;

    /// `{ id, personaId, person, persona, retried }`, `person` parsed from
    /// `body` (a `Uint8Array` of JSON) and `persona` its own member.
    #[wasm_bindgen(js_name = withPerson)]
    pub(crate) fn with_person(
        body: &JsValue,
        id: &str,
        persona_id: Option<&str>,
        retried: bool,
    ) -> JsValue;

    #[wasm_bindgen(js_name = readHeaders)]
    fn read_headers_js(headers: &JsValue, wanted: &Array, out: &Array) -> Array;

    #[wasm_bindgen(js_name = randomBytes)]
    fn random_bytes_js(n: u32) -> Uint8Array;

    #[wasm_bindgen(js_name = isBrowserPage)]
    pub(crate) fn is_browser_page() -> bool;
}

/// A client's [`RequestHead`] as JS values, made once: the URL string and
/// the headers as a plain object (`transport.js` gives fetch a copy).
pub(crate) struct Head {
    url: JsValue,
    method: &'static str,
    headers: Object,
}

impl Head {
    pub(crate) fn new(head: &RequestHead) -> Self {
        let headers = Object::new();
        for (name, value) in &head.headers {
            let _ = Reflect::set(
                &headers,
                &JsValue::from_str(name),
                &JsValue::from_str(value),
            );
        }
        Self {
            url: JsValue::from_str(&head.url),
            method: head.method,
            headers,
        }
    }
}

/// How an attempt without an answer ended, from the `kind` `transport.js`
/// tells.
pub(crate) fn outcome(kind: &str) -> Outcome {
    match kind {
        "timeout" => Outcome::Timeout,
        "aborted" => Outcome::Aborted,
        "network-before-send" => Outcome::NetworkBeforeSend,
        "redirect" => Outcome::Redirect,
        // Unknown failures count as "may have been sent": the safe choice.
        _ => Outcome::NetworkAfterSend,
    }
}

/// An answer: the response, and its JS `Headers` when the ones the parsers
/// read were not copied out (see [`Answer::with_headers`]).
pub(crate) struct Answer {
    pub(crate) response: HttpResponse,
    headers: Option<JsValue>,
}

impl Answer {
    /// The response with its headers, reading them now if they were left in JS.
    pub(crate) fn with_headers(self) -> HttpResponse {
        let Some(h) = self.headers else {
            return self.response;
        };
        let pairs = WANTED_HEADERS.with(|wanted| read_headers_js(&h, wanted, &Array::new()));
        HttpResponse::new(
            self.response.status,
            header_pairs(&pairs, 0),
            self.response.body,
        )
    }
}

/// `[name, value, …]` from index `from` on.
fn header_pairs(list: &Array, from: u32) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    let mut i = from;
    while i + 1 < list.length() {
        if let (Some(name), Some(value)) = (list.get(i).as_string(), list.get(i + 1).as_string()) {
            headers.push((name, value));
        }
        i += 2;
    }
    headers
}

impl Answer {
    /// `[status, body, headers, name, value, …]` from `transport.js`: the
    /// header pairs the parsers read are there for an error answer, or
    /// always for Horus, whose success reports the echoed request id; a
    /// success of the others leaves them in `headers`.
    pub(crate) fn from_js(answer: &Array, provider: Provider) -> Self {
        let status = answer
            .get(0)
            .as_f64()
            .and_then(|s| u16::try_from(s as i64).ok())
            .unwrap_or(0);
        // The Uint8Array transport.js made, read as it is (`Uint8Array::new`
        // would make a copy in JS first).
        let body = answer
            .get(1)
            .dyn_into::<Uint8Array>()
            .map(|bytes| bytes.to_vec())
            .unwrap_or_default();
        let read =
            answer.length() > 3 || provider == Provider::Horus || !(200..300).contains(&status);
        Self {
            response: HttpResponse::new(status, header_pairs(answer, 3), body),
            headers: (!read).then(|| answer.get(2)),
        }
    }
}

/// Starts the attempt loop of `transport.js` for one call (see the module docs).
pub(crate) fn run(
    calls: &JsValue,
    fetch: &JsValue,
    head: &Head,
    extra: Option<(&str, &str)>,
    body: &Uint8Array,
    provider: Provider,
    call: &Call,
) -> Promise {
    WANTED_HEADERS.with(|wanted| {
        run_js(
            calls,
            fetch,
            &head.url,
            head.method,
            &head.headers,
            extra.map(|(name, _)| name),
            extra.map(|(_, value)| value),
            body,
            call.timeout_ms,
            &call.signal,
            wanted,
            provider == Provider::Horus,
            call.request_id.as_deref(),
        )
    })
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
