//! The one place a core [`Error`] becomes a JS `PersonkitError`.

use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{Error, FieldError};

#[wasm_bindgen(module = "/src/wasm/personkit_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = PersonkitError)]
    type JsPersonkitError;

    #[wasm_bindgen(constructor, js_class = "PersonkitError")]
    fn new(code: &str, message: &str, details: &JsValue) -> JsPersonkitError;

    #[wasm_bindgen(thread_local_v2, js_name = PersonkitError)]
    static PERSONKIT_ERROR_CLASS: JsValue;
}

/// The `PersonkitError` class, for the package entries to re-export.
#[wasm_bindgen(js_name = personkitErrorClass, skip_typescript)]
#[must_use]
pub fn personkit_error_class() -> JsValue {
    PERSONKIT_ERROR_CLASS.with(JsValue::clone)
}

/// Sets `key` on `obj` when `value` is present. `Reflect::set` on a fresh
/// plain object cannot fail, so its result carries no information.
pub(crate) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// Plain-JSON view of a serde value (objects, not `Map`s): serialised by
/// serde_json, which the core links anyway, and parsed by the engine's
/// `JSON.parse` (fast, and one boundary crossing instead of one per field).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value).map_or(JsValue::UNDEFINED, |s| parse_json(&s))
}

/// JSON text as a plain JS value (`JSON.parse`).
pub(crate) fn parse_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::UNDEFINED)
}

/// `{ field, code, message }` as a plain JS object.
pub(crate) fn field_error_to_js(e: &FieldError) -> JsValue {
    let o = Object::new();
    set(&o, "field", e.field.as_ref());
    set(&o, "code", e.code.as_str());
    set(&o, "message", e.message.as_str());
    o.into()
}

/// An array of `{ field, code, message }`.
pub(crate) fn field_errors_to_js(errors: &[FieldError]) -> Array {
    errors.iter().map(field_error_to_js).collect()
}

/// Builds the JS `PersonkitError` for a core error, with `cause` when given.
pub(crate) fn to_js_error(e: &Error, cause: Option<JsValue>) -> JsValue {
    let d = Object::new();
    if let Some(f) = &e.field {
        set(&d, "field", f.as_str());
    }
    if let Some(p) = e.provider {
        set(&d, "provider", p.as_str());
    }
    if let Some(s) = e.status {
        set(&d, "status", s);
    }
    if let Some(c) = &e.provider_code {
        set(&d, "providerCode", c.as_str());
    }
    if let Some(r) = &e.request_id {
        set(&d, "requestId", r.as_str());
    }
    set(&d, "errors", field_errors_to_js(&e.errors));
    if let Some(r) = e.retry_after {
        set(&d, "retryAfter", r);
    }
    if let Some(b) = &e.body {
        set(&d, "body", b.as_str());
    }
    if let Some(data) = &e.data {
        set(&d, "existingPerson", to_js(data));
    }
    if let Some(c) = cause {
        set(&d, "cause", c);
    }
    let err: JsValue = JsPersonkitError::new(e.code.as_str(), &e.message, &d).into();
    super::messages::error_for_people(&err);
    err
}

impl From<Error> for JsValue {
    fn from(e: Error) -> Self {
        to_js_error(&e, None)
    }
}

/// `cause` as an error keeps it: a copy with only what is safe to show (its
/// `name`, `code`, `status`, and its `message`, `detail` and `stack` with
/// every one of `secrets` scrubbed), its own `cause` copied the same way a
/// few levels down. A custom `fetch`'s error may keep the request in a
/// property of its own (an axios-style `config.headers`) or quote its URL
/// (an Equals lookup's holds the email): nothing else of it is kept.
pub(crate) fn scrubbed_cause(cause: JsValue, secrets: &[&str]) -> JsValue {
    copied_cause(&cause, secrets, 3)
}

fn copied_cause(cause: &JsValue, secrets: &[&str], depth: u8) -> JsValue {
    use crate::http::redact::scrub;
    if let Some(text) = cause.as_string() {
        return scrub(&text, secrets).into();
    }
    if !cause.is_object() {
        return cause.clone(); // a number or boolean given as an abort reason
    }
    let get = |key: &str| Reflect::get(cause, &key.into()).ok();
    let text = |key: &str| get(key)?.as_string();
    let copy = js_sys::Error::new(&scrub(&text("message").unwrap_or_default(), secrets));
    if let Some(name) = text("name") {
        // A wrapper may name its error after the request (its URL, its key).
        copy.set_name(&scrub(&name, secrets));
    }
    for key in ["code", "detail", "stack"] {
        if let Some(value) = text(key) {
            set(&copy, key, scrub(&value, secrets));
        }
    }
    if let Some(status) = get("status").and_then(|v| v.as_f64()) {
        set(&copy, "status", status);
    }
    match get("cause") {
        Some(inner) if depth > 1 && !inner.is_undefined() => {
            set(&copy, "cause", copied_cause(&inner, secrets, depth - 1));
        }
        _ => {}
    }
    copy.into()
}
