//! `validateVerifikPerson`, `validateEqualsPerson`, `validateHorusPerson`:
//! synchronous, never throw, report every broken rule at once.

use wasm_bindgen::prelude::*;

use super::convert::{fail, last_resort, room, FieldNames, JsonInput};
use crate::error::FieldError;
use crate::providers::{equals, horus, verifik};
use crate::validate::{Json, Today};

/// Most UTF-16 units of one Verifik image string: the base64 of an image at
/// the default `maxBytes` (10 MiB), which a longer one decodes past.
const IMAGE_UNITS: u32 = {
    let bytes = crate::image::DEFAULT_MAX_BYTES;
    (bytes.div_ceil(3) * 4) as u32
};

thread_local! {
    /// Each provider's field names as JS strings, made once, with the caps
    /// the walk checks before copying.
    static VERIFIK_FIELDS: FieldNames = FieldNames::new(&verifik::validate::FIELDS, true)
        .capped("images", verifik::validate::MAX_IMAGES as u32, IMAGE_UNITS);
    pub(crate) static EQUALS_FIELDS: FieldNames = FieldNames::new(&equals::validate::FIELDS, true);
    static HORUS_FIELDS: FieldNames = FieldNames::new(&horus::validate::FIELDS, false);
}

/// `{ ok: true, value }` or `{ ok: false, errors: [{ field, code, message }] }`.
/// Never throws: whatever the input does while read (a throwing getter, a
/// revoked proxy, the stack limit) is an error of the answer.
///
/// The accepted `value` is the input as JSON, top-level keys in the
/// provider's field order: exactly what serializing the validated person
/// gives (every rule accepts a value unchanged, and each person struct
/// declares its fields in `FIELDS` order; `tests/validate_body.rs` checks
/// both), built from the caller's own strings instead of copies.
#[inline(never)]
fn run(
    input: JsValue,
    check: fn(Json<'_>, Today<'_>) -> Vec<FieldError>,
    fields: &'static std::thread::LocalKey<FieldNames>,
) -> JsValue {
    fields.with(|fields| {
        let mut read = match JsonInput::read(&input, fields) {
            Ok(read) => read,
            Err(e) => return fail(&[e], fields),
        };
        let today = read.today();
        let errors = read
            .with(|json| check(json, today))
            .unwrap_or_else(|e| vec![e]);
        if errors.is_empty() {
            read.accepted(fields)
        } else {
            fail(&errors, fields)
        }
    })
}

/// Checks a Verifik create-person body against every documented rule.
#[wasm_bindgen(js_name = validateVerifikPerson, skip_typescript)]
#[must_use]
pub fn validate_verifik_person(input: JsValue) -> JsValue {
    if !room() {
        return last_resort();
    }
    run(
        input,
        |j, t| verifik::validate::check(j, t),
        &VERIFIK_FIELDS,
    )
}

/// Checks an Equals Money create-person body against every documented rule.
#[wasm_bindgen(js_name = validateEqualsPerson, skip_typescript)]
#[must_use]
pub fn validate_equals_person(input: JsValue) -> JsValue {
    if !room() {
        return last_resort();
    }
    run(input, |j, t| equals::validate::check(j, t), &EQUALS_FIELDS)
}

/// Checks a Horus create-person body against every documented rule.
#[wasm_bindgen(js_name = validateHorusPerson, skip_typescript)]
#[must_use]
pub fn validate_horus_person(input: JsValue) -> JsValue {
    if !room() {
        return last_resort();
    }
    run(input, |j, t| horus::validate::check(j, t), &HORUS_FIELDS)
}
