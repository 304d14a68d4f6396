//! `validateVerifikPerson`, `validateEqualsPerson`, `validateHorusPerson`:
//! synchronous, never throw, report every broken rule at once.

use wasm_bindgen::prelude::*;

use std::borrow::Cow;

use super::convert::{fail, last_resort, room, FieldNames, JsonInput};
use super::messages::{details_needed, edited, for_people};
use crate::error::{FieldError, Provider};
use crate::providers::{equals, horus, verifik};
use crate::validate::{edits, Edit, Json, Steps, Today};

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
/// The accepted `value` is exactly the body a client sends: the input as
/// JSON, top-level keys in the provider's field order (every rule accepts a
/// value unchanged, and each person struct declares its fields in `FIELDS`
/// order; `tests/validate_body.rs` checks both), built from the caller's own
/// strings instead of copies, without its empty members (normalisation
/// step 1, `src/validate/normalise.rs`). When steps 2 or 3 apply (a space
/// around a name, a lowercase country code), the strings they change are
/// replaced in that copy, which gives the validated person serialized
/// (`tests/validate_props.rs` compares the two).
#[inline(never)]
fn run(
    input: JsValue,
    (provider, options): (Provider, JsValue),
    check: fn(Json<'_>, Today<'_>) -> Vec<FieldError>,
    steps: &'static Steps,
    fields: &'static std::thread::LocalKey<FieldNames>,
) -> JsValue {
    // Only a rejected payload has its texts put in words for people.
    let fail = |errors: &[FieldError], fields: &FieldNames| {
        for_people(
            fail(errors, fields, details_needed(&options)),
            provider,
            &options,
        )
    };
    fields.with(|fields| {
        let mut read = match JsonInput::read(&input, fields) {
            Ok(read) => read,
            Err(e) => return fail(&[e], fields),
        };
        let today = read.today();
        let may_change = read.may_change();
        let left_out = read.left_out();
        // One pass over the view: it is read in place, once.
        let (errors, edits) = read
            .with(|json| {
                let errors = check(json, today);
                let edits = if errors.is_empty() && !left_out && may_change {
                    owned(edits(json, steps))
                } else {
                    Vec::new()
                };
                (errors, edits)
            })
            .unwrap_or_else(|e| (vec![e], Vec::new()));
        let errors = read.settle(errors, fields);
        if !errors.is_empty() {
            return fail(&errors, fields);
        }
        // Without its empty members already (step 1).
        let accepted = read.accepted(fields);
        if edits.is_empty() || edited(&accepted, &edits) {
            accepted
        } else {
            last_resort() // not the body that would be sent: no answer rather than a wrong one
        }
    })
}

/// The edits with their own copies of the strings (the view is gone once read).
fn owned(edits: Vec<Edit<'_>>) -> Vec<Edit<'static>> {
    edits
        .into_iter()
        .map(|e| Edit {
            field: e.field,
            at: e.at,
            text: Cow::Owned(e.text.into_owned()),
        })
        .collect()
}

/// Checks a Verifik create-person body against every documented rule;
/// `options` `{ locale, messages }` choose the errors' words (`messages.rs`).
#[wasm_bindgen(js_name = validateVerifikPerson, skip_typescript)]
#[must_use]
pub fn validate_verifik_person(input: JsValue, options: JsValue) -> JsValue {
    if !room() {
        return last_resort();
    }
    run(
        input,
        (Provider::Verifik, options),
        |j, t| verifik::validate::check(j, t),
        &verifik::validate::STEPS,
        &VERIFIK_FIELDS,
    )
}

/// Checks an Equals Money create-person body against every documented rule.
#[wasm_bindgen(js_name = validateEqualsPerson, skip_typescript)]
#[must_use]
pub fn validate_equals_person(input: JsValue, options: JsValue) -> JsValue {
    if !room() {
        return last_resort();
    }
    run(
        input,
        (Provider::Equals, options),
        |j, t| equals::validate::check(j, t),
        &equals::validate::STEPS,
        &EQUALS_FIELDS,
    )
}

/// Checks a Horus create-person body against every documented rule.
#[wasm_bindgen(js_name = validateHorusPerson, skip_typescript)]
#[must_use]
pub fn validate_horus_person(input: JsValue, options: JsValue) -> JsValue {
    if !room() {
        return last_resort();
    }
    run(
        input,
        (Provider::Horus, options),
        |j, t| horus::validate::check(j, t),
        &horus::validate::STEPS,
        &HORUS_FIELDS,
    )
}
