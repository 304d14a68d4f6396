//! Rust side of `transport.js`: one request sent through fetch and awaited
//! ([`send`]), one wait ([`sleep`]), the headers of one call, randomness and
//! the browser check. The attempt loop that uses them is `engine.rs`.

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use super::error::set;
use super::settle::{callback, Settled};
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
    #[wasm_bindgen(js_name = sendTo)]
    fn send_js(
        settle: &JsValue,
        slot: u32,
        fetch: &JsValue,
        url: &JsValue,
        method: &str,
        headers: &Object,
        extra: &JsValue,
        body: &JsValue,
        timeout_ms: u32,
        signal: &JsValue,
        max_bytes: f64,
        wanted: &Array,
        headers_always: bool,
    );

    #[wasm_bindgen(js_name = readHeaders)]
    fn read_headers_js(headers: &JsValue, wanted: &Array, out: &Array) -> Array;

    /// Sets `retried`, `attempts` and `reconciled` on a result or error.
    #[wasm_bindgen(js_name = tally)]
    pub(crate) fn tally(target: &JsValue, attempts: u32, reconciled: bool);

    #[wasm_bindgen(js_name = sleepTo)]
    fn sleep_js(settle: &JsValue, slot: u32, ms: f64, signal: &JsValue);

    /// `{ id, personaId, person, persona, retried }`, `person` parsed from
    /// `body` (a `Uint8Array` of JSON) and `persona` its own member.
    #[wasm_bindgen(js_name = withPerson)]
    pub(crate) fn with_person(
        body: &JsValue,
        id: &str,
        persona_id: Option<&str>,
        retried: bool,
    ) -> JsValue;

    /// `logger[level](message, fields)`, caught.
    #[wasm_bindgen(js_name = log)]
    pub(crate) fn log(logger: &JsValue, level: &str, message: &str, fields: &JsValue);

    /// An environment variable, where the runtime has them.
    #[wasm_bindgen(js_name = envVar)]
    pub(crate) fn env_var(name: &str) -> Option<String>;

    /// Whether reading that variable was refused (Deno without `--allow-env`).
    #[wasm_bindgen(js_name = envDenied)]
    pub(crate) fn env_denied(name: &str) -> bool;

    /// Node, Bun, Deno or Workers: a client names itself in `User-Agent`.
    #[wasm_bindgen(js_name = isServer)]
    pub(crate) fn is_server() -> bool;

    #[wasm_bindgen(js_name = randomBytes)]
    fn random_bytes_js(n: u32) -> Uint8Array;

    #[wasm_bindgen(js_name = isBrowserPage)]
    pub(crate) fn is_browser_page() -> bool;
}

/// A [`RequestHead`] as JS values, made once per client (or per lookup):
/// the URL string and the headers as a plain object (`transport.js` gives
/// fetch a copy).
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

/// What one request is sent with besides its head.
pub(crate) struct Send<'a> {
    pub(crate) fetch: &'a JsValue,
    /// `{ name: value }` of headers of this call only (Horus's request id,
    /// the call's `headers` option), or `undefined`.
    pub(crate) extra: &'a JsValue,
    /// The body as a `Uint8Array`, or `undefined`.
    pub(crate) body: &'a JsValue,
    pub(crate) timeout_ms: u32,
    pub(crate) signal: &'a JsValue,
    pub(crate) max_bytes: u32,
    /// Copy the headers the parsers read out of every answer (Horus reports
    /// the echoed request id on success), not only out of error answers.
    pub(crate) headers_always: bool,
}

/// An answer: the response as the core reads it, and its body as the JS
/// `Uint8Array` it came in (for a result parsed by `JSON.parse`).
pub(crate) struct Answer {
    pub(crate) response: HttpResponse,
    pub(crate) body: JsValue,
    /// The body was over `maxResponseBytes`: nothing of it was kept.
    pub(crate) too_large: bool,
    /// The JS `Headers`, when the ones the parsers read were not copied out.
    headers: Option<JsValue>,
}

impl Answer {
    /// Whether the headers the parsers read are still in JS (a success,
    /// unless every answer's were asked for).
    pub(crate) fn headers_left_in_js(&self) -> bool {
        self.headers.is_some()
    }

    /// The response with its headers, reading them now if they were left in
    /// JS (a success that turned out not to parse).
    pub(crate) fn with_headers(&self) -> HttpResponse {
        let Some(h) = &self.headers else {
            return self.response.clone();
        };
        let pairs = WANTED_HEADERS.with(|wanted| read_headers_js(h, wanted, &Array::new()));
        HttpResponse::new(
            self.response.status,
            header_pairs(&pairs, 0),
            self.response.body.clone(),
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

/// An attempt that got no answer: how it ended, and the JS error behind it.
pub(crate) struct Failed {
    pub(crate) outcome: Outcome,
    pub(crate) cause: JsValue,
    /// The system's error code, where the runtime tells it (`ECONNREFUSED`).
    pub(crate) code: Option<String>,
}

/// Sends one request and waits for the whole answer (see `send` in
/// `transport.js`). Never throws: a JS failure of any kind is a [`Failed`].
pub(crate) async fn send(head: &Head, with: &Send<'_>) -> Result<Answer, Failed> {
    let settled = Settled::new();
    WANTED_HEADERS.with(|wanted| {
        callback(|settle| {
            send_js(
                settle,
                settled.slot(),
                with.fetch,
                &head.url,
                head.method,
                &head.headers,
                with.extra,
                with.body,
                with.timeout_ms,
                with.signal,
                f64::from(with.max_bytes),
                wanted,
                with.headers_always,
            );
        });
    });
    match settled.await {
        Ok(answer) => Ok(answer_from_js(&Array::from(&answer), with.headers_always)),
        Err(f) => Err(failed_from_js(&f)),
    }
}

/// Waits `ms` unless the signal fires first.
///
/// # Errors
/// The abort, as a [`Failed`].
pub(crate) async fn sleep(ms: u64, signal: &JsValue) -> Result<(), Failed> {
    let settled = Settled::new();
    // delays are far below 2^53 ms
    callback(|settle| sleep_js(settle, settled.slot(), ms as f64, signal));
    settled.await.map(|_| ()).map_err(|f| failed_from_js(&f))
}

/// `{ kind, cause }` from `transport.js`; anything else (a bug, a hostile
/// `fetch` option) counts as "may have been sent": the safe reading.
fn failed_from_js(f: &JsValue) -> Failed {
    let field = |name: &str| Reflect::get(f, &JsValue::from_str(name)).unwrap_or_default();
    let outcome = match field("kind").as_string().as_deref() {
        Some("timeout") => Outcome::Timeout,
        Some("aborted") => Outcome::Aborted,
        Some("network-before-send") => Outcome::NetworkBeforeSend,
        Some("redirect") => Outcome::Redirect,
        Some("network") => Outcome::NetworkAfterSend,
        _ => {
            return Failed {
                outcome: Outcome::NetworkAfterSend,
                cause: f.clone(),
                code: None,
            }
        }
    };
    Failed {
        outcome,
        cause: field("cause"),
        code: field("code").as_string().filter(|c| is_system_code(c)),
    }
}

/// `ECONNREFUSED`, `UND_ERR_SOCKET`: short, upper case, safe to show.
fn is_system_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// `[status, body, headers, name, value, …]` from `transport.js`: the pairs
/// are there for an error answer or when `headersAlways` was asked.
fn answer_from_js(answer: &Array, headers_always: bool) -> Answer {
    let status = answer
        .get(0)
        .as_f64()
        .and_then(|s| u16::try_from(s as i64).ok())
        .unwrap_or(0);
    let body = answer.get(1);
    let bytes = body.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec);
    let read = headers_always || !(200..300).contains(&status);
    Answer {
        too_large: bytes.is_none(),
        response: HttpResponse::new(status, header_pairs(answer, 3), bytes.unwrap_or_default()),
        body,
        headers: (!read).then(|| answer.get(2)),
    }
}

/// `n` cryptographically random bytes from `crypto.getRandomValues`.
pub(crate) fn random_bytes(n: u32) -> Vec<u8> {
    random_bytes_js(n).to_vec()
}

/// Whether the caller's `signal` is already aborted (a getter that throws
/// counts as not: `send` then meets the same signal and says what it is).
pub(crate) fn is_aborted(signal: &JsValue) -> bool {
    signal.is_object() && Reflect::get(signal, &"aborted".into()).is_ok_and(|a| a.is_truthy())
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

/// How an attempt without an answer ended, in words (a log line, a lookup's
/// reason to give up).
pub(crate) fn ended_without_answer(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Timeout => "no answer in time",
        Outcome::NetworkBeforeSend => "could not connect",
        Outcome::Aborted => "aborted",
        Outcome::Redirect => "a redirect",
        _ => "connection lost",
    }
}

/// The headers of one call: `extra` (Horus's request id) and the call's
/// own, as the JS object `transport.js` adds to the client's; `undefined`
/// when there are none.
pub(crate) fn call_headers(extra: Option<(&str, &str)>, headers: &[(String, String)]) -> JsValue {
    if extra.is_none() && headers.is_empty() {
        return JsValue::UNDEFINED;
    }
    let obj = js_sys::Object::new();
    let pairs = headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    for (name, value) in pairs.chain(extra) {
        set(&obj, name, value);
    }
    obj.into()
}

/// `host[:port]` of a URL, for messages (the URL holds no credential:
/// `check_base_url` refuses user info).
pub(crate) fn host(url: &str) -> &str {
    let rest = crate::find::split_once(url, "://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?']).next().unwrap_or(rest)
}
