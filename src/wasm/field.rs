//! `validateField(provider, field, value, options)`: one field checked as the
//! whole payload would check it, for live checks as a person types.

use wasm_bindgen::prelude::*;

use super::convert::{js_to_json, last_resort, person_parts_to_json, room, today};
use super::error::to_js;
use super::messages::person_for_people;
use super::person::{shape_error, with_left_out};
use super::validate::{validate_equals_person, validate_horus_person, validate_verifik_person};
use crate::error::{Error, ErrorCode};
use crate::image::JPEG_STAND_IN;
use crate::person;
use crate::validate::Today;

// As in messages.rs: each call is `catch`, or reads nothing that can throw.
#[wasm_bindgen(module = "/src/wasm/messages/apply.js")]
extern "C" {
    #[wasm_bindgen(js_name = fieldProvider)]
    fn field_provider(provider: &JsValue, field: &JsValue, options: &JsValue) -> i32;
    #[wasm_bindgen(js_name = personServerFields, catch)]
    fn person_server_fields(options: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = fieldPayload, catch)]
    fn field_payload(
        p: i32,
        field: &JsValue,
        value: &JsValue,
        image: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = fieldResult, catch)]
    fn field_result(
        result: &JsValue,
        field: &JsValue,
        p: i32,
        options: &JsValue,
    ) -> Result<JsValue, JsValue>;
}

/// One field checked as the whole-payload validator checks it, for live
/// checks as the user types: `{ ok: true, value }` (the value as it would be
/// sent, `undefined` when left out) or `{ ok: false, errors }` holding the
/// errors at `field` and under it (`images[1]`, `address.city`). The other
/// fields hold valid stand-ins, so the rules speak only of this one. Never
/// throws for a value, as the validators.
///
/// `provider: 'person'` checks a field of the neutral person as
/// `toProviderPayloads` does, against the providers of `options.serverFields`
/// (every provider when not given).
///
/// Throws `INVALID_OPTIONS` for a provider other than `verifik`, `equals`,
/// `horus`, `person`, a `field` that is not a string, or `serverFields`
/// that is not an object.
#[wasm_bindgen(js_name = validateField, skip_typescript)]
#[must_use]
pub fn validate_field(
    provider: JsValue,
    field: JsValue,
    value: JsValue,
    options: JsValue,
) -> JsValue {
    if !room() {
        return last_resort();
    }
    // Nothing here may hold a frame of Rust's stack: `throw_val` leaves
    // every frame it unwinds behind. The refusal is made (and its frame
    // given back) before it is thrown.
    let p = field_provider(&provider, &field, &options);
    if p < 0 {
        wasm_bindgen::throw_val(super::messages::in_options_words(
            field_refused(p),
            &options,
        ));
    }
    field_answer(p, field, value, options)
}

/// [`validate_field`]'s answer for the provider `p` (0 to 2, 4 for the
/// person: see `fieldProvider` in apply.js) and a field name that is a string.
#[inline(never)]
fn field_answer(p: i32, field: JsValue, value: JsValue, options: JsValue) -> JsValue {
    let check = match p {
        0 => validate_verifik_person,
        1 => validate_equals_person,
        2 => validate_horus_person,
        _ => return person_field(&field, &value, &options),
    };
    let Ok(payload) = field_payload(p, &field, &value, JPEG_STAND_IN) else {
        return last_resort();
    };
    let result = check(payload, options.clone());
    field_result(&result, &field, p, &options).unwrap_or_else(|_| last_resort())
}

/// The refusal `fieldProvider` named: -1 the provider, -2 the field, -3 the
/// person's `serverFields`.
#[inline(never)]
fn field_refused(why: i32) -> JsValue {
    let (field, text) = match why {
        -1 => (
            "provider",
            "validateField: provider must be \"verifik\", \"equals\", \"horus\" or \"person\"",
        ),
        -2 => ("field", "validateField: field must be a string"),
        _ => (
            "serverFields",
            "validateField: serverFields must be an object, as toProviderPayloads takes it",
        ),
    };
    Error::new(ErrorCode::InvalidOptions, text)
        .with_field(field)
        .into()
}

/// `validateField('person', field, value, options)`: `value` at the neutral
/// `field` of a person whose other fields hold valid stand-ins, checked as
/// [`to_provider_payloads`] checks a person, against `options.serverFields`
/// (every provider when not given): `{ ok: true, value }` (as sent,
/// `undefined` when left out) or `{ ok: false, errors }` at the field.
fn person_field(field: &JsValue, value: &JsValue, options: &JsValue) -> JsValue {
    let (Some(name), Ok(person), Ok(server)) = (
        field.as_string(),
        field_payload(4, field, value, JPEG_STAND_IN),
        person_server_fields(options),
    ) else {
        return last_resort();
    };
    let result = match (
        person_parts_to_json(&person, Some("photos")),
        js_to_json(&server),
    ) {
        (Ok((person, left_out, _)), Ok(server)) => {
            let clock = today;
            let checked = person::field::check_field(&name, &person, &server, Today::ask(&clock));
            // A value JSON cannot hold: "could not be read", as the whole check says it.
            with_left_out(checked, &left_out)
        }
        // The stand-ins always read: what did not is the value itself.
        (Err(e), _) => Err(shape_error(&e, &name)),
        (_, Err(e)) => Err(shape_error(&e, "serverFields")),
    };
    let answer = to_js(&person::field::field_result_to_json(&result));
    if matches!(result, Ok(None)) {
        // `value: undefined`, as the providers' fields answer a field left out.
        let _ = js_sys::Reflect::set(&answer, &JsValue::from_str("value"), &JsValue::UNDEFINED);
    }
    person_for_people(answer, options)
}
