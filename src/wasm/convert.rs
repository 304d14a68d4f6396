//! JS values in and out of the core: JSON-like JS → `serde_json::Value`,
//! serde values → plain JS objects, and today's date from the JS clock.

use js_sys::{Date, Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::error::{ErrorCode, FieldError};
use crate::validate::CivilDate;

/// Reads any JS value as the JSON `fetch` would send: `JSON.stringify`
/// semantics (`undefined` properties dropped, `toJSON` honoured), so what is
/// validated is exactly what goes on the wire. `undefined` itself becomes
/// `null`; BigInts and cycles become one `INVALID_TYPE` error instead of an
/// exception.
///
/// # Errors
/// `INVALID_TYPE` on field `""` when the value cannot be JSON.
pub fn js_to_json(input: &JsValue) -> Result<Value, FieldError> {
    let not_json = || {
        FieldError::new(
            "",
            ErrorCode::InvalidType,
            "the payload must be a plain object with JSON values (no bigints or cycles)",
        )
    };
    let text = match JSON::stringify(input) {
        Ok(s) => s.as_string(),
        Err(_) => return Err(not_json()),
    };
    match text {
        // undefined, functions and symbols stringify to undefined
        None => Ok(Value::Null),
        Some(text) => serde_json::from_str(&text).map_err(|_| not_json()),
    }
}

/// Today's date on the caller's clock (local time: a date of birth typed
/// "today" must not count as the future).
#[must_use]
pub fn today() -> CivilDate {
    let now = Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(1970);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(1);
    let day = u8::try_from(now.get_date()).unwrap_or(1);
    CivilDate { year, month, day }
}

/// What a value is, for `INVALID_TYPE` messages (never the value itself).
pub(crate) fn describe_kind(v: &JsValue) -> String {
    if v.is_null() {
        return "null".into();
    }
    if v.is_undefined() {
        return "undefined".into();
    }
    if js_sys::Array::is_array(v) {
        return "an array".into();
    }
    if v.is_function() {
        return "a function".into();
    }
    if !v.is_object() {
        let t = v.js_typeof().as_string().unwrap_or_default();
        return match t.as_str() {
            "number" | "boolean" | "bigint" | "symbol" | "string" => format!("a {t}"),
            _ => "a value of another type".into(),
        };
    }
    let name = Reflect::get(v, &JsValue::from_str("constructor"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
        .and_then(|n| n.as_string())
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 40
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    match name.as_deref() {
        None | Some("Object") => "an object".into(),
        Some(n) => format!("an object of type {n}"),
    }
}
