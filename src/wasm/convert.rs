//! JS values in and out of the core: JSON-like JS → `serde_json::Value`,
//! accepted bodies and field errors → plain JS objects, and today's date from
//! the JS clock.
//!
//! Reading follows `JSON.stringify` semantics (what `fetch` would send):
//! `undefined`, functions and symbols are left out of objects and become
//! `null` in arrays, non-finite numbers become `null`, `-0` becomes `0`.
//! Plain objects, arrays and primitives are walked in JS (`convert.js`) into
//! a tape of numbers plus the text of keys and short strings, which come in
//! with two or three calls; long strings (images) are copied by the engine's
//! `TextEncoder.encodeInto` straight into wasm memory. Anything the walk
//! does not model (`toJSON`, class instances, bigints, nesting deeper than
//! 64 or cycles, lone surrogates, throwing getters) sends the whole value
//! through `JSON.stringify` and `serde_json`, as before, so both roads give
//! the same value.
//!
//! An accepted body is handed back from the walk's normalized copy of the
//! input, so the caller's strings (images included) are not copied out again.

use js_sys::{Array, Object, Reflect, JSON};
use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::*;

use crate::error::{ErrorCode, FieldError};
use crate::validate::CivilDate;

#[wasm_bindgen(module = "/src/wasm/convert.js")]
extern "C" {
    /// The walk state of `convert.js`.
    type Walk;
    #[wasm_bindgen(js_name = walkJson)]
    fn walk_json(v: &JsValue) -> Option<Walk>;
    #[wasm_bindgen(js_name = tapeLength)]
    fn tape_length(st: &Walk) -> u32;
    #[wasm_bindgen(js_name = copyTape)]
    fn copy_tape(st: &Walk, out: &mut [f64]) -> u32;
    #[wasm_bindgen(js_name = encodeText)]
    fn encode_text(st: &Walk, out: &mut [u8]) -> i32;
    #[wasm_bindgen(js_name = encodeLong)]
    fn encode_long(st: &Walk, k: u32, out: &mut [u8]) -> i32;
    #[wasm_bindgen(js_name = longString)]
    fn long_string(st: &Walk, k: u32) -> String;
    #[wasm_bindgen(js_name = okOrdered)]
    fn ok_ordered(st: &Walk, fields: &Array) -> JsValue;
    #[wasm_bindgen(js_name = todayNumber)]
    fn today_number() -> f64;
    #[wasm_bindgen(js_name = okResult)]
    fn ok_result(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = failResult)]
    fn fail_result(errors: &Array) -> JsValue;
    #[wasm_bindgen(js_name = pushFieldError)]
    fn push_field_error(errors: &Array, field: &str, code: &JsValue, message: &str);
    #[wasm_bindgen(js_name = putProperty)]
    fn put_property(o: &Object, k: &JsValue, v: &JsValue);
}

/// A JS value read as JSON, and what is needed to hand it back.
pub struct JsonInput {
    /// The value as `JSON.stringify` would send it.
    pub value: Value,
    /// The JS walk, when the value was read by it (not through JSON text).
    walk: Option<Walk>,
}

fn not_json() -> FieldError {
    FieldError::new(
        "",
        ErrorCode::InvalidType,
        "the payload must be a plain object with JSON values (no bigints or cycles)",
    )
}

impl JsonInput {
    /// Reads any JS value as the JSON `fetch` would send (see the module
    /// docs). `undefined` itself becomes `null`.
    ///
    /// # Errors
    /// `INVALID_TYPE` on field `""` when the value cannot be JSON (a bigint,
    /// a cycle, a `toJSON` that throws, nesting past serde_json's limit).
    pub fn read(input: &JsValue) -> Result<Self, FieldError> {
        if let Some(walk) = walk_json(input) {
            if let Some(value) = read_tape(&walk) {
                return Ok(Self {
                    value,
                    walk: Some(walk),
                });
            }
        }
        js_to_json(input).map(|value| Self { value, walk: None })
    }

    /// `{ ok: true, value }` with the value as a fresh plain JS object,
    /// top-level keys in the order of `fields` (the provider's field order,
    /// which is the order of its serialized body; other keys are left out).
    #[must_use]
    pub fn accepted(&self, fields: &Array) -> JsValue {
        if let Some(walk) = &self.walk {
            return ok_ordered(walk, fields);
        }
        let value = match &self.value {
            Value::Object(map) => {
                let out = Object::new();
                for key in fields.iter() {
                    if let Some(v) = key.as_string().and_then(|k| map.get(&k)) {
                        put_property(&out, &key, &emit(v));
                    }
                }
                out.into()
            }
            other => emit(other),
        };
        ok_result(&value)
    }
}

/// Reads the tape of a JS walk back into a `Value`; `None` if it is not
/// well formed (then the caller takes the JSON text road).
fn read_tape(walk: &Walk) -> Option<Value> {
    let mut tape = vec![0.0; tape_length(walk) as usize];
    let units = copy_tape(walk, &mut tape) as usize;
    let mut text = vec![0u8; units];
    let mut written = encode_text(walk, &mut text);
    let ascii = written >= 0;
    if !ascii {
        text = vec![0u8; units.saturating_mul(3)];
        written = encode_text(walk, &mut text);
    }
    text.truncate(usize::try_from(written).ok()?);
    let text = String::from_utf8(text).ok()?;
    let mut reader = Tape {
        tokens: &tape,
        text: &text,
        ascii,
        walk,
    };
    let value = reader.value()?;
    (reader.tokens.is_empty() && reader.text.is_empty()).then_some(value)
}

/// A cursor over the tape and the text of a walk (see `convert.js`).
struct Tape<'a> {
    tokens: &'a [f64],
    text: &'a str,
    /// The text is ASCII: one byte per UTF-16 unit.
    ascii: bool,
    walk: &'a Walk,
}

impl Tape<'_> {
    fn token(&mut self) -> Option<f64> {
        let (first, rest) = self.tokens.split_first()?;
        self.tokens = rest;
        Some(*first)
    }

    fn count(&mut self) -> Option<usize> {
        let t = self.token()?;
        (t >= 0.0 && t.fract() == 0.0).then_some(t as usize)
    }

    /// The next `units` UTF-16 units of the text.
    fn text(&mut self, units: usize) -> Option<String> {
        let bytes = if self.ascii {
            units
        } else {
            let mut left = units;
            let mut end = 0;
            for c in self.text.chars() {
                if left == 0 {
                    break;
                }
                left = left.checked_sub(c.len_utf16())?;
                end += c.len_utf8();
            }
            (left == 0).then_some(end)?
        };
        let s = self.text.get(..bytes)?;
        self.text = self.text.get(bytes..)?;
        Some(s.to_owned())
    }

    fn value(&mut self) -> Option<Value> {
        Some(match self.token()? as u32 {
            0 => Value::Null,
            1 => Value::Bool(false),
            2 => Value::Bool(true),
            3 => number(self.token()?),
            4 => {
                let units = self.count()?;
                Value::String(self.text(units)?)
            }
            5 => {
                let k = u32::try_from(self.count()?).ok()?;
                let units = self.count()?;
                Value::String(long(self.walk, k, units)?)
            }
            6 => {
                let n = self.count()?;
                let mut items = Vec::with_capacity(n.min(self.tokens.len()));
                for _ in 0..n {
                    items.push(self.value()?);
                }
                Value::Array(items)
            }
            7 => {
                let n = self.count()?;
                let mut map = Map::new();
                for _ in 0..n {
                    let units = self.count()?;
                    let key = self.text(units)?;
                    let v = self.value()?;
                    map.insert(key, v);
                }
                Value::Object(map)
            }
            _ => return None,
        })
    }
}

/// Long string `k` of `units` UTF-16 units: ASCII (images) is copied by the
/// engine's encoder in one pass; anything else through wasm-bindgen.
fn long(walk: &Walk, k: u32, units: usize) -> Option<String> {
    let mut buf = vec![0u8; units];
    if encode_long(walk, k, &mut buf) >= 0 {
        return String::from_utf8(buf).ok();
    }
    Some(long_string(walk, k))
}

/// A JS number as `JSON.stringify` writes it and serde_json reads it back:
/// whole numbers that fit a `u64` or `i64` → integers, anything else → a
/// float (`JSON.stringify` never writes a fraction for a whole number under
/// 10^21, and serde_json reads wider integers as floats; -2^63 itself is
/// printed as -9223372036854776000, below `i64::MIN`). For whole numbers
/// above 2^53 the printed digits may differ from the double's exact value in
/// the last places; no rule accepts numbers that large, nor quotes them.
fn number(x: f64) -> Value {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if x.fract() == 0.0 && (0.0..2.0 * TWO_63).contains(&x) {
        Value::Number(Number::from(x as u64))
    } else if x.fract() == 0.0 && x > -TWO_63 && x < 0.0 {
        Value::Number(Number::from(x as i64))
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// A `Value` as a fresh JS value (the JSON text road's way out).
fn emit(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(emit).collect::<Array>().into(),
        Value::Object(map) => {
            let out = Object::new();
            for (key, v) in map {
                put_property(&out, &JsValue::from_str(key), &emit(v));
            }
            out.into()
        }
    }
}

/// Reads any JS value through `JSON.stringify` and `serde_json` (the road for
/// values the JS walk does not model). `undefined` itself becomes `null`.
///
/// # Errors
/// `INVALID_TYPE` on field `""` when the value cannot be JSON.
pub fn js_to_json(input: &JsValue) -> Result<Value, FieldError> {
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

thread_local! {
    /// The JS string of each error code, made once (codes are a small fixed set).
    static CODES: std::cell::RefCell<Vec<(ErrorCode, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn code_js(code: ErrorCode) -> JsValue {
    CODES.with(|cell| {
        let mut codes = cell.borrow_mut();
        if let Some((_, js)) = codes.iter().find(|(c, _)| *c == code) {
            return js.clone();
        }
        let js = JsValue::from_str(code.as_str());
        codes.push((code, js.clone()));
        js
    })
}

/// A JS array of the strings in `fields`.
#[must_use]
pub fn js_strings(fields: &[&str]) -> Array {
    fields.iter().map(|f| JsValue::from_str(f)).collect()
}

/// `{ ok: false, errors: [{ field, code, message }] }`.
#[must_use]
pub fn fail(errors: &[FieldError]) -> JsValue {
    let list = Array::new();
    for e in errors {
        push_field_error(&list, &e.field, &code_js(e.code), &e.message);
    }
    fail_result(&list)
}

/// Today's date on the caller's clock (local time: a date of birth typed
/// "today" must not count as the future).
#[must_use]
pub fn today() -> CivilDate {
    let n = today_number();
    let n = if n.is_finite() && n > 0.0 {
        n as u32
    } else {
        19_700_101
    };
    CivilDate {
        year: i32::try_from(n / 10_000).unwrap_or(1970),
        month: u8::try_from(n / 100 % 100).unwrap_or(1),
        day: u8::try_from(n % 100).unwrap_or(1),
    }
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
