//! JS values in and out of the core: JSON-like JS → a [`Json`] view the
//! rules read, accepted bodies and field errors → plain JS objects, and
//! today's date from the JS clock.
//!
//! Reading follows `JSON.stringify` semantics (what `fetch` would send):
//! `undefined`, functions and symbols are left out of objects and become
//! `null` in arrays, non-finite numbers become `null`, `-0` becomes `0`.
//! Plain objects, arrays and primitives are walked in JS (`convert.js`) into
//! flat records plus the text of keys and short strings, which come in with
//! a few calls and are read in place as a [`Doc`] (no tree is built); long
//! strings (images) are copied by the engine's `TextEncoder.encodeInto`
//! straight into wasm memory. Anything the walk does not model (`toJSON`,
//! class instances, bigints, nesting deeper than 64 or cycles, lone
//! surrogates, throwing getters) sends the whole value through
//! `JSON.stringify` and `serde_json`, so both roads give the same value.
//!
//! An accepted body is handed back from the walk's normalized copy of the
//! input, so the caller's strings (images included) are not copied out again.

use js_sys::{Array, Object, Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::scratch;
use crate::error::{ErrorCode, FieldError};
use crate::validate::{CivilDate, Doc, Json, Today};

#[wasm_bindgen(module = "/src/wasm/convert.js")]
extern "C" {
    #[wasm_bindgen(js_name = walkJson)]
    fn walk_json(v: &JsValue, fields: &Array, dated: bool) -> u32;
    #[wasm_bindgen(js_name = internStrings)]
    fn intern_strings(names: &Array);
    #[wasm_bindgen(js_name = copyWalk)]
    fn copy_walk(rec: &mut [u32], nums: &mut [f64], text: &mut [u8]) -> u32;
    #[wasm_bindgen(js_name = longLength)]
    fn long_length(k: u32) -> u32;
    #[wasm_bindgen(js_name = encodeLong)]
    fn encode_long(k: u32, out: &mut [u8]) -> i32;
    #[wasm_bindgen(js_name = longString)]
    fn long_string(k: u32) -> String;
    #[wasm_bindgen(js_name = okOrdered)]
    fn ok_ordered(fields: &Array) -> JsValue;
    #[wasm_bindgen(js_name = todayNumber)]
    fn today_number() -> f64;
    #[wasm_bindgen(js_name = okResult)]
    fn ok_result(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = failWith)]
    fn fail_with(
        count: u32,
        rec_at: u32,
        text_at: u32,
        bytes: u32,
        ascii: bool,
        fields: &Array,
    ) -> JsValue;
    #[wasm_bindgen(js_name = putProperty)]
    fn put_property(o: &Object, k: &JsValue, v: &JsValue);
}

/// A provider's documented field names: for the doc (Rust) and for the
/// walk (a JS array, made once), which matches the payload's keys to them.
pub struct FieldNames {
    names: &'static [&'static str],
    js: Array,
    /// The provider has a date rule ("not in the future"): the walk reads
    /// today's date with the payload, one call fewer than asking later.
    dated: bool,
}

impl FieldNames {
    /// The names, and their JS array; `dated` as the field says.
    #[must_use]
    pub fn new(names: &'static [&'static str], dated: bool) -> Self {
        let js: Array = names.iter().map(|f| JsValue::from_str(f)).collect();
        intern_strings(&js);
        Self { names, js, dated }
    }
}

/// A JS value read as JSON: the walk's records, numbers and text (in the
/// scratch buffers, or copied out when too big for them) and long strings,
/// read in place as a [`Doc`]; or a `Value` from the JSON text road.
pub struct JsonInput {
    repr: Repr,
}

enum Repr {
    Walk {
        /// Where the records, numbers and text are.
        place: Place,
        /// Long strings (images), in walk order.
        longs: Vec<String>,
        /// The names the walk matched keys to.
        names: &'static [&'static str],
        /// Today on the caller's clock, if the walk read it.
        today: Option<CivilDate>,
    },
    Value(Value),
}

enum Place {
    /// In the scratch buffers, as written by walk `generation`.
    Scratch {
        generation: u64,
        words: usize,
        numbers: usize,
        bytes: usize,
    },
    Copied {
        rec: Vec<u32>,
        nums: Vec<f64>,
        text: String,
    },
}

fn not_json() -> FieldError {
    FieldError::new(
        "",
        ErrorCode::InvalidType,
        "the payload must be a plain object with JSON values (no bigints or cycles)",
    )
}

fn unreadable() -> FieldError {
    FieldError::new("", ErrorCode::InvalidType, "the payload could not be read")
}

impl JsonInput {
    /// Reads any JS value as the JSON `fetch` would send (see the module
    /// docs). `undefined` itself becomes `null`.
    ///
    /// # Errors
    /// `INVALID_TYPE` on field `""` when the value cannot be JSON (a bigint,
    /// a cycle, a `toJSON` that throws, nesting past serde_json's limit).
    pub fn read(input: &JsValue, fields: &FieldNames) -> Result<Self, FieldError> {
        scratch::ensure();
        let status = scratch::walk(|| walk_json(input, &fields.js, fields.dated));
        // Record words, numbers, text length, long strings, today (yyyymmdd, or 0).
        let info = scratch::with(status == 1, |s| {
            let mut info = [0usize; 5];
            for (to, from) in info.iter_mut().zip(&s.info) {
                *to = *from as usize;
            }
            (s.generation, info)
        });
        let place = match (status, info) {
            (1, Some((generation, [words, numbers, bytes, ..]))) => Some(Place::Scratch {
                generation,
                words,
                numbers,
                bytes,
            }),
            (2, Some((_, [words, numbers, units, ..]))) => copy_out(words, numbers, units),
            _ => None,
        };
        if let (Some(place), Some((_, [.., long_count, today]))) = (place, info) {
            let longs = (0..long_count).map(|k| long(k as u32)).collect();
            return Ok(Self {
                repr: Repr::Walk {
                    place,
                    longs,
                    names: fields.names,
                    today: (today != 0).then(|| date_from_number(today as f64)),
                },
            });
        }
        js_to_json(input).map(|value| Self {
            repr: Repr::Value(value),
        })
    }

    /// Today on the caller's clock: read by the walk, or asked when a rule
    /// compares a date.
    #[must_use]
    pub fn today(&self) -> Today<'static> {
        match &self.repr {
            Repr::Walk {
                today: Some(date), ..
            } => (*date).into(),
            _ => Today::ask(&today),
        }
    }

    /// Runs `f` on the value (a [`Doc`] over the walk's records, or the
    /// `Value` of the JSON text road). Call it right after
    /// [`JsonInput::read`], with no JS run in between.
    ///
    /// # Errors
    /// `INVALID_TYPE` on field `""` if the walk's records are not well formed,
    /// or another walk has since overwritten them (a bug of ours, reported
    /// instead of guessed around).
    pub fn with<T>(&mut self, f: impl FnOnce(Json<'_>) -> T) -> Result<T, FieldError> {
        match &mut self.repr {
            Repr::Walk {
                place:
                    Place::Scratch {
                        generation,
                        words,
                        numbers,
                        bytes,
                    },
                longs,
                names,
                ..
            } => scratch::with(false, |s| {
                if s.generation != *generation {
                    return None;
                }
                let text = std::str::from_utf8(s.text.get(..*bytes)?).ok()?;
                let nums = s.nums.get(..*numbers)?;
                let rec = s.rec.get_mut(..*words)?;
                Doc::from_walk(rec, nums, text, longs, names).map(|doc| f(doc.root()))
            })
            .flatten()
            .ok_or_else(unreadable),
            Repr::Walk {
                place: Place::Copied { rec, nums, text },
                longs,
                names,
                ..
            } => Doc::from_walk(rec, nums, text, longs, names)
                .map(|doc| f(doc.root()))
                .ok_or_else(unreadable),
            Repr::Value(v) => Ok(f(Json::from(&*v))),
        }
    }

    /// `{ ok: true, value }` with the value as a fresh plain JS object,
    /// top-level keys in the order of `fields` (the provider's field order,
    /// which is the order of its serialized body; other keys are left out).
    /// Call it right after [`JsonInput::read`] and the rules: the walk's copy
    /// of the input lives in `convert.js` until the next walk.
    #[must_use]
    pub fn accepted(&self, fields: &FieldNames) -> JsValue {
        let value = match &self.repr {
            Repr::Walk { .. } => return ok_ordered(&fields.js),
            Repr::Value(Value::Object(map)) => {
                let out = Object::new();
                for key in fields.js.iter() {
                    if let Some(v) = key.as_string().and_then(|k| map.get(&k)) {
                        put_property(&out, &key, &emit(v));
                    }
                }
                out.into()
            }
            Repr::Value(other) => emit(other),
        };
        ok_result(&value)
    }
}

/// A walk too big for the scratch buffers, copied out of JS.
fn copy_out(words: usize, numbers: usize, units: usize) -> Option<Place> {
    let mut rec = vec![0u32; words];
    let mut nums = vec![0.0; numbers];
    // Room for the worst case: 3 UTF-8 bytes per UTF-16 unit.
    let mut text = vec![0u8; units.saturating_mul(3)];
    let written = copy_walk(&mut rec, &mut nums, &mut text) as usize;
    text.truncate(written);
    let text = String::from_utf8(text).ok()?;
    Some(Place::Copied { rec, nums, text })
}

/// Long string `k`: ASCII (images) is copied by the engine's encoder in one
/// pass; anything else through wasm-bindgen.
fn long(k: u32) -> String {
    let mut buf = vec![0u8; long_length(k) as usize];
    if encode_long(k, &mut buf) >= 0 {
        if let Ok(s) = String::from_utf8(buf) {
            return s;
        }
    }
    long_string(k)
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

/// Length in UTF-16 code units, as JS `String#slice` counts.
fn utf16_len(s: &str) -> u32 {
    u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// `{ ok: false, errors: [{ field, code, message }] }` for `fields`' provider.
///
/// Each error is three words (the field as an index into `fields`, or
/// `FIELD_TEXT | length` when its text follows; the code as an index into
/// `ErrorCode::ALL`, whose strings JS holds; the message's length) and the
/// texts back to back, lengths in UTF-16 units as JS slices them. They go in
/// the scratch buffers: no allocation, one decode, and JS reuses its own
/// strings for documented names and codes. Errors too many for them (over a
/// thousand, or 16 KiB of text) go the same way through buffers of their own.
#[must_use]
pub fn fail(errors: &[FieldError], fields: &FieldNames) -> JsValue {
    let Ok(count) = u32::try_from(errors.len()) else {
        return fail(&[unreadable()], fields);
    };
    // JS reads wasm memory and the code strings through what this sets.
    scratch::ensure();
    // Not the scratch buffers inside a getter of a walk under way: its records are there.
    let in_scratch = (!scratch::walking()).then(|| {
        scratch::with(true, |s| {
            let bytes = write_errors(errors, fields.names, &mut s.rec, &mut s.text)?;
            Some((address(s.rec.as_ptr()), address(s.text.as_ptr()), bytes))
        })
    });
    if let Some(Some(Some((rec_at, text_at, (bytes, ascii))))) = in_scratch {
        return fail_with(count, rec_at, text_at, bytes, ascii, &fields.js);
    }
    let mut rec = vec![0; errors.len() * 3];
    let mut text = vec![0; errors.iter().map(|e| e.field.len() + e.message.len()).sum()];
    match write_errors(errors, fields.names, &mut rec, &mut text) {
        Some((bytes, ascii)) => fail_with(
            count,
            address(rec.as_ptr()),
            address(text.as_ptr()),
            bytes,
            ascii,
            &fields.js,
        ),
        None => fail(&[unreadable()], fields), // sized above: not reached
    }
}

/// Where `p` is in wasm memory (wasm32 addresses fit a u32).
fn address<T>(p: *const T) -> u32 {
    u32::try_from(p as usize).unwrap_or(0)
}

/// Marks a field word whose text follows in the buffer (the low bits are its length).
const FIELD_TEXT: u32 = 1 << 31;

/// Writes `errors` as `fail` describes; the text's length in bytes and
/// whether it is all ASCII, or `None` when they do not fit.
fn write_errors(
    errors: &[FieldError],
    names: &[&str],
    rec: &mut [u32],
    text: &mut [u8],
) -> Option<(u32, bool)> {
    let words = rec.get_mut(..errors.len().checked_mul(3)?)?;
    let mut at = 0;
    let mut ascii = true;
    for (e, word) in errors.iter().zip(words.chunks_exact_mut(3)) {
        let field = match field_index(names, &e.field) {
            Some(i) => u32::try_from(i).ok()?,
            None => FIELD_TEXT | put_text(text, &mut at, &e.field, &mut ascii)?,
        };
        let message = put_text(text, &mut at, &e.message, &mut ascii)?;
        word.copy_from_slice(&[field, e.code as u32, message]); // chunks of exactly 3
    }
    Some((u32::try_from(at).ok()?, ascii))
}

/// Where `field` is among the documented `names`: usually the very same
/// string (the rules borrow the provider's own names), found by address
/// before any text is compared.
fn field_index(names: &[&str], field: &str) -> Option<usize> {
    names
        .iter()
        .position(|n| std::ptr::eq(*n, field))
        .or_else(|| names.iter().position(|n| *n == field))
}

/// Appends `s` to `text` at `at`; its length in UTF-16 units, or `None` when
/// it does not fit. `ascii` is cleared if `s` is not ASCII.
fn put_text(text: &mut [u8], at: &mut usize, s: &str, ascii: &mut bool) -> Option<u32> {
    let end = at.checked_add(s.len())?;
    text.get_mut(*at..end)?.copy_from_slice(s.as_bytes());
    *at = end;
    if s.is_ascii() {
        u32::try_from(s.len()).ok()
    } else {
        *ascii = false;
        Some(utf16_len(s))
    }
}

/// Today's date on the caller's clock (local time: a date of birth typed
/// "today" must not count as the future).
#[must_use]
pub fn today() -> CivilDate {
    date_from_number(today_number())
}

/// A yyyymmdd number as a date (1970-01-01 for nonsense).
fn date_from_number(n: f64) -> CivilDate {
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
