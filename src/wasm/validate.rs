//! `validateVerifikPerson`, `validateEqualsPerson`, `validateHorusPerson`:
//! synchronous, never throw, report every broken rule at once.

use wasm_bindgen::prelude::*;

use super::convert::{fail, FieldNames, JsonInput};
use super::messages::for_people;
use crate::error::FieldError;
use crate::providers::{equals, horus, verifik};
use crate::validate::{Json, Today};

thread_local! {
    /// Each provider's field names as JS strings, made once.
    static VERIFIK_FIELDS: FieldNames = FieldNames::new(&verifik::validate::FIELDS, true);
    pub(crate) static EQUALS_FIELDS: FieldNames = FieldNames::new(&equals::validate::FIELDS, true);
    static HORUS_FIELDS: FieldNames = FieldNames::new(&horus::validate::FIELDS, false);
}

/// `{ ok: true, value }` or `{ ok: false, errors: [{ field, code, message }] }`.
///
/// The accepted `value` is the input as JSON, top-level keys in the
/// provider's field order: exactly what serializing the validated person
/// gives (every rule accepts a value unchanged, and each person struct
/// declares its fields in `FIELDS` order; `tests/validate_body.rs` checks
/// both), built from the caller's own strings instead of copies.
fn run(
    input: &JsValue,
    check: fn(Json<'_>, Today<'_>) -> Vec<FieldError>,
    fields: &'static std::thread::LocalKey<FieldNames>,
) -> JsValue {
    fields.with(|fields| {
        let mut read = match JsonInput::read(input, fields) {
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

/// Checks a Verifik create-person body against every documented rule;
/// `options` `{ locale, messages }` choose the errors' words (`messages.rs`).
#[wasm_bindgen(js_name = validateVerifikPerson, skip_typescript)]
#[must_use]
pub fn validate_verifik_person(input: &JsValue, options: &JsValue) -> JsValue {
    let result = run(
        input,
        |j, t| verifik::validate::check(j, t),
        &VERIFIK_FIELDS,
    );
    for_people(result, "verifik", options)
}

/// Checks an Equals Money create-person body against every documented rule.
#[wasm_bindgen(js_name = validateEqualsPerson, skip_typescript)]
#[must_use]
pub fn validate_equals_person(input: &JsValue, options: &JsValue) -> JsValue {
    let result = run(input, |j, t| equals::validate::check(j, t), &EQUALS_FIELDS);
    for_people(result, "equals", options)
}

/// Checks a Horus create-person body against every documented rule.
#[wasm_bindgen(js_name = validateHorusPerson, skip_typescript)]
#[must_use]
pub fn validate_horus_person(input: &JsValue, options: &JsValue) -> JsValue {
    let result = run(input, |j, t| horus::validate::check(j, t), &HORUS_FIELDS);
    for_people(result, "horus", options)
}
