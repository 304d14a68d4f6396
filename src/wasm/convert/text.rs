//! The JSON text road: a JS value read through `JSON.stringify` and
//! `serde_json`, for what the walk (`convert.js`) does not model — the
//! clients' bodies but Equals', a neutral person, server fields — and a
//! payload read with its unreadable members left out, reported on their own
//! (`crate::validate::with_unreadable`) as the walk does for the validators.

use js_sys::{Array, JsString};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::{count, not_json, string_of};
use crate::error::{ErrorCode, FieldError};
use crate::validate::{message, unreadable_member};

#[wasm_bindgen(module = "/src/wasm/convert/safe.js")]
extern "C" {
    #[wasm_bindgen(js_name = stringifyJson, catch)]
    fn stringify_json(v: &JsValue, max: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = stringifyWithout, catch)]
    fn stringify_without(v: &JsValue, keys: &Array, max: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = stringifyReadable, catch)]
    fn stringify_readable(v: &JsValue, skip: &Array, max: u32) -> Result<JsValue, JsValue>;
}

#[cfg(feature = "clients")]
#[wasm_bindgen(module = "/src/wasm/convert/apart.js")]
extern "C" {
    #[wasm_bindgen(js_name = stringifyApart, catch)]
    fn stringify_apart(v: &JsValue, key: &str, max: u32) -> Result<JsValue, JsValue>;
}

/// A page's build reads photos in the text ([`APART`] is false there).
#[cfg(not(feature = "clients"))]
fn stringify_apart(v: &JsValue, _key: &str, max: u32) -> Result<JsValue, JsValue> {
    stringify_json(v, max)
}

/// Most UTF-16 units of JSON text the JSON text road reads (the walk's own
/// text budget, plus room for keys and punctuation).
pub const MAX_JSON_UNITS: u32 = 2 << 20;

/// Most UTF-16 units of JSON text a neutral person (or a provider body made
/// from one) may take: the text budget above plus its photos, each the
/// base64 of an image at the default `maxBytes` (10 MiB), as many as
/// Verifik takes. A person's photos travel in it, unlike a client's images.
pub const MAX_PERSON_JSON_UNITS: u32 = {
    let photo = crate::image::DEFAULT_MAX_BYTES.div_ceil(3) * 4;
    MAX_JSON_UNITS + (photo as u32) * (crate::providers::verifik::validate::MAX_IMAGES as u32)
};

/// Reads any JS value through `JSON.stringify` and `serde_json` (the road for
/// values the JS walk does not model). `undefined` itself becomes `null`.
/// The text is measured before it is copied into wasm memory.
///
/// # Errors
/// `INVALID_TYPE` on field `""` when the value cannot be JSON (or reading
/// it threw); `TOO_LONG` when its JSON text is over [`MAX_JSON_UNITS`].
pub fn js_to_json(input: &JsValue) -> Result<Value, FieldError> {
    parse_json(stringify_json(input, MAX_JSON_UNITS), MAX_JSON_UNITS)
}

/// What `stringifyJson` gave, as a `Value`.
fn parse_json(text: Result<JsValue, JsValue>, max: u32) -> Result<Value, FieldError> {
    let text = text.map_err(|_| not_json())?;
    if text.is_undefined() {
        // undefined, functions and symbols stringify to undefined
        return Ok(Value::Null);
    }
    if text.as_f64().is_some() {
        return Err(FieldError::new(
            "",
            ErrorCode::TooLong,
            message!(
                "the payload is over ",
                (max >> 20) as usize,
                " MiB as JSON; personkit reads no more"
            ),
        ));
    }
    match text.dyn_ref::<JsString>().and_then(string_of) {
        Some(text) => serde_json::from_str(&text).map_err(|_| not_json()),
        None => Err(not_json()),
    }
}

/// A payload as the JSON text road reads it (without its member `skip`,
/// read apart: Verifik's `images`; nothing is copied or assigned in JS, and
/// an own `__proto__` key stays a key), and the errors of the members left
/// out of it because JSON cannot hold them, in the order of the documented
/// `fields` (as the walk lists them, so a client and its validator list a
/// form's errors alike): the caller's rules check the rest, and
/// `with_unreadable` puts those errors in place of what the rules said.
///
/// # Errors
/// As [`js_to_json`], when the payload as a whole cannot be read (not a
/// plain object, an undocumented thing to blame, or over its size).
pub fn payload_to_json(
    input: &JsValue,
    skip: Option<&str>,
    fields: &[&str],
) -> Result<(Value, Vec<FieldError>), FieldError> {
    let skip: Array = skip.map(JsValue::from_str).into_iter().collect();
    let (value, mut left_out) = read_parts(input, &skip, MAX_JSON_UNITS)?;
    // Picked out field by field rather than sorted: a sort links a few KB
    // of code into the page for lists of a few items. Undocumented keys (the
    // rules call them unknown) keep their order, last.
    let mut ordered = Vec::with_capacity(left_out.len());
    for field in fields {
        if let Some(i) = left_out.iter().position(|e| e.field == *field) {
            ordered.push(left_out.remove(i));
        }
    }
    ordered.append(&mut left_out);
    Ok((value, ordered))
}

/// [`js_to_json`] for a neutral person or a body made from one, photos
/// included: up to [`MAX_PERSON_JSON_UNITS`], with the members JSON cannot
/// hold left out as [`payload_to_json`] leaves them. Its member `apart`
/// (`photos`, a Verifik body's `images`), when a list of strings, is handed
/// over apart from the text (see `stringifyApart`): the caller's strings
/// come back as the third item, to be handed back unchanged.
///
/// # Errors
/// As [`js_to_json`], `TOO_LONG` past [`MAX_PERSON_JSON_UNITS`], `TOO_MANY`
/// past [`MAX_VALUES`] values and keys: its budget is for photos, and a
/// body of that size in small members took seconds to check (one error
/// each) while the server's event loop waited.
pub fn person_parts_to_json(
    input: &JsValue,
    apart: Option<&str>,
) -> Result<PersonRead, FieldError> {
    let max = MAX_PERSON_JSON_UNITS;
    // Only where the clients are: a page builds a person's bodies once, on
    // submit, and keeps its size.
    let apart = apart.filter(|_| APART);
    let (text, strings) = match apart.map(|key| stringify_apart(input, key, max)) {
        Some(Ok(pair)) if Array::is_array(&pair) => {
            let pair = Array::from(&pair);
            (Ok(pair.get(0)), Some(Array::from(&pair.get(1))))
        }
        Some(whole) => (whole, None),
        None => (stringify_json(input, max), None),
    };
    let (mut value, left_out) = read_parts_of(text, input, &Array::new(), max)?;
    // Read again without what JSON cannot hold, the strings are in its text.
    let lent = strings.filter(|_| left_out.is_empty());
    if let (Some(strings), Some(key)) = (&lent, apart) {
        put_strings(&mut value, key, strings)?;
    }
    count::at_most_max_values(&value)?;
    Ok((value, left_out, lent))
}

/// Whether a person's photos are handed over apart from its JSON text.
pub const APART: bool = cfg!(feature = "clients");

/// A person as read: its value, the members left out (JSON cannot hold
/// them), and the strings read apart from its text, if any.
pub type PersonRead = (Value, Vec<FieldError>, Option<Array>);

/// Puts the `strings` `stringifyApart` handed over apart back into `value`
/// in place of the nulls it wrote for its member `key`, each copied into
/// wasm once.
fn put_strings(value: &mut Value, key: &str, strings: &Array) -> Result<(), FieldError> {
    let Some(Value::Array(items)) = value.get_mut(key) else {
        return Err(not_json());
    };
    if items.len() != strings.length() as usize {
        return Err(not_json());
    }
    for (item, s) in items.iter_mut().zip(strings.iter()) {
        let text = s.dyn_ref::<JsString>().and_then(string_of);
        *item = Value::String(text.ok_or_else(not_json)?);
    }
    Ok(())
}

/// `input` without its members `skip`, read whole, or else with the members
/// JSON cannot hold left out.
fn read_parts(
    input: &JsValue,
    skip: &Array,
    max: u32,
) -> Result<(Value, Vec<FieldError>), FieldError> {
    let whole = if skip.length() == 0 {
        stringify_json(input, max)
    } else {
        stringify_without(input, skip, max)
    };
    read_parts_of(whole, input, skip, max)
}

/// [`read_parts`] once `whole`, the text of `input` without `skip`, was made.
fn read_parts_of(
    whole: Result<JsValue, JsValue>,
    input: &JsValue,
    skip: &Array,
    max: u32,
) -> Result<(Value, Vec<FieldError>), FieldError> {
    match parse_json(whole, max) {
        Err(e) if e.code == ErrorCode::InvalidType => without_unreadable(input, skip, max, e),
        read => read.map(|value| (value, Vec::new())),
    }
}

/// `input` read again with the members JSON cannot hold as `null` (the
/// rules still see their keys: an undocumented one stays unknown); `e`, the
/// whole payload's error, when no member is to blame.
fn without_unreadable(
    input: &JsValue,
    skip: &Array,
    max: u32,
    e: FieldError,
) -> Result<(Value, Vec<FieldError>), FieldError> {
    let Some(read) = stringify_readable(input, skip, max)
        .ok()
        .and_then(|r| r.dyn_into::<Array>().ok())
    else {
        return Err(e);
    };
    let keys = Array::from(&read.get(0));
    let left_out: Option<Vec<FieldError>> = keys
        .iter()
        .map(|k| k.as_string().map(|k| unreadable_member(k.into())))
        .collect();
    let Some(left_out) = left_out else {
        return Err(e);
    };
    let value = parse_json(Ok(read.get(1)), max)?;
    Ok((value, left_out))
}
