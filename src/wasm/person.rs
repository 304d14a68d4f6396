//! `toProviderPayloads`, `mapPerson`, `checkProviderPayload`: the neutral
//! person's one table (`crate::person`), for pages and for
//! `personkit/server`. Synchronous; never throw.

use js_sys::{Array, Reflect};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use super::convert::{js_to_json, last_resort, person_parts_to_json, room, today, APART};
use super::error::to_js;
use crate::error::FieldError;
use crate::error::Provider;
use crate::person::{self, PersonError};
use crate::validate::{calls_unknown, is_about, Today};

pub(super) fn shape_error(e: &crate::error::FieldError, field: &str) -> Vec<PersonError> {
    vec![PersonError {
        provider: None,
        field: field.to_owned(),
        code: e.code,
        message: e.message.clone(),
    }]
}

fn ok_or_errors(result: &Result<Vec<(Provider, Value)>, Vec<PersonError>>) -> JsValue {
    to_js(&person::result_to_json(result))
}

/// Each string of `images` (a Verifik body's) equal to one of `read` (the
/// strings read apart from the input: a person's photos, a body's images)
/// taken out of it (`null`): `(index in images, index in read)`. Handed back
/// as the caller's own strings by [`give_back`], they are not written into
/// JSON text and parsed back.
fn take_lent(images: Option<&mut Value>, read: Option<&Value>) -> Vec<(u32, u32)> {
    let mut taken = Vec::new();
    let (Some(Value::Array(images)), Some(Value::Array(read))) = (images, read) else {
        return taken;
    };
    for (i, image) in images.iter_mut().enumerate() {
        let Some(text) = image.as_str() else { continue };
        if let Some(j) = read.iter().position(|p| p.as_str() == Some(text)) {
            *image = Value::Null;
            taken.extend(u32::try_from(i).ok().zip(u32::try_from(j).ok()));
        }
    }
    taken
}

/// Verifik's `images` among `payloads`.
fn verifik_images(payloads: &mut [(Provider, Value)]) -> Option<&mut Value> {
    let body = payloads.iter_mut().find(|(p, _)| *p == Provider::Verifik);
    body.and_then(|(_, body)| body.get_mut("images"))
}

/// Puts the caller's strings `lent` into the images at `path` of the JS
/// result, where [`take_lent`] took them.
fn give_back(result: &JsValue, path: &[&str], taken: &[(u32, u32)], lent: &Array) {
    if taken.is_empty() {
        return;
    }
    let images = path.iter().try_fold(result.clone(), |o, k| {
        Reflect::get(&o, &JsValue::from_str(k)).ok()
    });
    if let Some(images) = images {
        for &(i, j) in taken {
            let _ = Reflect::set_u32(&images, i, &lent.get(j));
        }
    }
}

/// `result` for a person read with the members `left_out` as null (JSON
/// cannot hold them: a bigint, a lone surrogate, a getter that throws):
/// their errors first, in place of what the rules said of them, and a
/// failure even where the rest passed; a member the rules call unknown stays
/// unknown (as `crate::validate::with_unreadable` does for a provider body).
pub(super) fn with_left_out<T>(
    result: Result<T, Vec<PersonError>>,
    left_out: &[FieldError],
) -> Result<T, Vec<PersonError>> {
    let unknown = |u: &&FieldError| {
        result.as_ref().err().is_some_and(|errors| {
            errors
                .iter()
                .any(|e| calls_unknown(&e.field, e.code, &u.field))
        })
    };
    let left_out: Vec<&FieldError> = left_out.iter().filter(|u| !unknown(u)).collect();
    if left_out.is_empty() {
        return result;
    }
    let mut errors: Vec<PersonError> = left_out
        .iter()
        .flat_map(|e| shape_error(e, &e.field))
        .collect();
    if let Err(rest) = result {
        let about_left_out =
            |e: &PersonError| left_out.iter().any(|u| is_about(&e.field, &u.field));
        errors.extend(rest.into_iter().filter(|e| !about_left_out(e)));
    }
    Err(errors)
}

/// Maps a neutral person to the body of each provider `serverFields` names
/// and checks each body with that provider's rules: `{ ok: true, value: {
/// verifik?, equals?, horus? } }` or `{ ok: false, errors: [{ field, code,
/// message, provider? }] }`, fields named as the neutral person names them.
#[wasm_bindgen(js_name = toProviderPayloads, skip_typescript)]
#[must_use]
pub fn to_provider_payloads(person: JsValue, server_fields: JsValue, options: JsValue) -> JsValue {
    // By value, and the stack's room asked first, as the validators do (a
    // page checks the person live with it): see `room` in convert/room.rs.
    if !room() {
        return last_resort();
    }
    with_words(person, server_fields, options)
}

#[inline(never)]
fn with_words(person: JsValue, server_fields: JsValue, options: JsValue) -> JsValue {
    super::messages::person_for_people(payloads_of(&person, &server_fields), &options)
}

/// `toProviderPayloads`' result, its errors in the rules' own text.
fn payloads_of(person: &JsValue, server_fields: &JsValue) -> JsValue {
    let (person, left_out, lent) = match person_parts_to_json(person, Some("photos")) {
        Ok(read) => read,
        Err(e) => return ok_or_errors(&Err(shape_error(&e, ""))),
    };
    let server = match js_to_json(server_fields) {
        Ok(v) => v,
        Err(e) => return ok_or_errors(&Err(shape_error(&e, "server"))),
    };
    let clock = today;
    let result = person::to_provider_payloads(&person, &server, Today::ask(&clock));
    let mut result = with_left_out(result, &left_out);
    // None where the build reads photos in the text: what follows is left out of it.
    let lent = lent.filter(|_| APART);
    let taken = match (&mut result, &lent) {
        (Ok(payloads), Some(_)) => take_lent(verifik_images(payloads), person.get("photos")),
        _ => Vec::new(),
    };
    let answer = ok_or_errors(&result);
    if let Some(lent) = lent {
        give_back(&answer, &["value", "verifik", "images"], &taken, &lent);
    }
    answer
}

/// The bodies as the table maps them, before the providers' rules:
/// `{ payloads: { verifik?, equals?, horus? }, errors }` (errors of the
/// person's own shape, in `options`' locale and `messages`). For a server
/// that adjusts a body before checking it.
#[wasm_bindgen(js_name = mapPerson, skip_typescript)]
#[must_use]
pub fn map_person(person: &JsValue, server_fields: &JsValue, options: &JsValue) -> JsValue {
    let mut lent = None;
    let mut taken = Vec::new();
    let mapped = match (
        person_parts_to_json(person, Some("photos")),
        js_to_json(server_fields),
    ) {
        (Ok((p, left_out, strings)), Ok(s)) => {
            let mut mapped = person::map_person(&p, &s);
            let errors = std::mem::take(&mut mapped.errors);
            mapped.errors = with_left_out::<()>(Err(errors), &left_out)
                .err()
                .unwrap_or_default();
            if let Some(strings) = strings.filter(|_| APART) {
                taken = take_lent(verifik_images(&mut mapped.payloads), p.get("photos"));
                lent = Some(strings);
            }
            mapped
        }
        (Err(e), _) => person::Mapped {
            errors: shape_error(&e, ""),
            ..person::Mapped::default()
        },
        (_, Err(e)) => person::Mapped {
            errors: shape_error(&e, "server"),
            ..person::Mapped::default()
        },
    };
    let mut o = Map::new();
    o.insert(
        "payloads".into(),
        person::payloads_to_json(&mapped.payloads),
    );
    o.insert("errors".into(), person::errors_to_json(&mapped.errors));
    let answer = to_js(&Value::Object(o));
    if let Some(lent) = lent {
        give_back(&answer, &["payloads", "verifik", "images"], &taken, &lent);
    }
    super::messages::person_for_people(answer, options)
}

/// Checks one provider's body with its rules, errors named by the neutral
/// person's fields: `{ ok: true, value }` (the body as its client sends it:
/// normalised, in the documented order) or `{ ok: false, errors }`, their
/// texts in `options`' locale and `messages`, as [`to_provider_payloads`].
#[wasm_bindgen(js_name = checkProviderPayload, skip_typescript)]
#[must_use]
pub fn check_provider_payload(
    provider: &JsValue,
    body: &JsValue,
    server_fields: &JsValue,
    options: &JsValue,
) -> JsValue {
    super::messages::person_for_people(checked_payload(provider, body, server_fields), options)
}

/// [`check_provider_payload`]'s result, its errors in the rules' own text.
fn checked_payload(provider: &JsValue, body: &JsValue, server_fields: &JsValue) -> JsValue {
    // Not a string (undefined, a number) is refused as an unknown name is, not thrown.
    let provider = match provider.as_string().as_deref() {
        Some("verifik") => Provider::Verifik,
        Some("equals") => Provider::Equals,
        Some("horus") => Provider::Horus,
        _ => {
            let e = PersonError {
                provider: None,
                field: "provider".into(),
                code: crate::error::ErrorCode::NotOneOf,
                message: "provider must be verifik, equals or horus".into(),
            };
            return ok_or_errors(&Err(vec![e]));
        }
    };
    // A member JSON cannot hold (a bigint, a getter that throws) is named, as toProviderPayloads names it.
    // A Verifik body's images are read apart from its text, as a person's photos are.
    let apart = (provider == Provider::Verifik).then_some("images");
    let ((body, left_out, lent), server) =
        match (person_parts_to_json(body, apart), js_to_json(server_fields)) {
            (Ok(b), Ok(s)) => (b, s),
            (Err(e), _) => return ok_or_errors(&Err(shape_error(&e, ""))),
            (_, Err(e)) => return ok_or_errors(&Err(shape_error(&e, "server"))),
        };
    let clock = today;
    let errors = person::check_payload(provider, &body, &server, Today::ask(&clock));
    let checked = if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    };
    match with_left_out(checked, &left_out) {
        Ok(()) => {
            let lent = lent.filter(|_| APART);
            // What was read, to tell the images handed back unchanged.
            let read = lent.as_ref().and_then(|_| body.get("images").cloned());
            let mut body = body;
            person::as_sent(provider, &mut body);
            let taken = take_lent(body.get_mut("images"), read.as_ref());
            let mut o = Map::new();
            o.insert("ok".into(), Value::Bool(true));
            o.insert("value".into(), body);
            let answer = to_js(&Value::Object(o));
            if let Some(lent) = lent {
                give_back(&answer, &["value", "images"], &taken, &lent);
            }
            answer
        }
        Err(errors) => ok_or_errors(&Err(errors)),
    }
}
