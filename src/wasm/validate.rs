//! `validateVerifikPerson`, `validateEqualsPerson`, `validateHorusPerson`:
//! synchronous, never throw, report every broken rule at once.

use js_sys::Object;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::convert::{js_to_json, today};
use super::error::{field_errors_to_js, set, to_js};
use crate::error::FieldError;
use crate::providers::{equals, horus, verifik};
use crate::validate::CivilDate;

/// `{ ok: true, value }` (value = the body that would be sent) or
/// `{ ok: false, errors: [{ field, code, message }] }`.
fn outcome<T: Serialize>(result: Result<T, Vec<FieldError>>) -> JsValue {
    let o = Object::new();
    match result {
        Ok(value) => {
            set(&o, "ok", true);
            set(&o, "value", to_js(&value));
        }
        Err(errors) => {
            set(&o, "ok", false);
            set(&o, "errors", field_errors_to_js(&errors));
        }
    }
    o.into()
}

fn run<T: Serialize>(
    input: &JsValue,
    validate: fn(&Value, CivilDate) -> Result<T, Vec<FieldError>>,
) -> JsValue {
    outcome(
        js_to_json(input)
            .map_err(|e| vec![e])
            .and_then(|json| validate(&json, today())),
    )
}

/// Checks a Verifik create-person body against every documented rule.
#[wasm_bindgen(js_name = validateVerifikPerson, skip_typescript)]
#[must_use]
pub fn validate_verifik_person(input: &JsValue) -> JsValue {
    run(input, verifik::validate)
}

/// Checks an Equals Money create-person body against every documented rule.
#[wasm_bindgen(js_name = validateEqualsPerson, skip_typescript)]
#[must_use]
pub fn validate_equals_person(input: &JsValue) -> JsValue {
    run(input, equals::validate)
}

/// Checks a Horus create-person body against every documented rule.
#[wasm_bindgen(js_name = validateHorusPerson, skip_typescript)]
#[must_use]
pub fn validate_horus_person(input: &JsValue) -> JsValue {
    run(input, horus::validate)
}
