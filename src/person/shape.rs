//! The neutral person's own shape, before any provider's rules: known
//! keys, text where text goes, `photos` a list, `extras` an object of
//! objects, and no text a decoder left U+FFFD in.

use serde_json::{Map, Value};

use super::table::{owner_of, FIELDS, PROVIDERS};
use super::{Mapped, PersonError};
use crate::error::ErrorCode;
use crate::validate::{message, unknown_field};

/// The person's own shape: known keys, strings, `photos` an array,
/// `extras` an object of objects. Fills `errors` and `broken`.
pub(super) fn shape(person: &Map<String, Value>, out: &mut Mapped) {
    for (key, value) in person {
        let Some(&name) = FIELDS.iter().find(|f| **f == key) else {
            out.errors.push(match owner_of(key) {
                Some(p) => PersonError::new(
                    Some(p),
                    key.clone(),
                    ErrorCode::FieldNotAllowed,
                    message!(key.as_str(), " is set by the server, not by the person"),
                ),
                None => {
                    let e = unknown_field(key, &FIELDS, "neutral");
                    PersonError::new(None, e.field, e.code, e.message)
                }
            });
            continue;
        };
        // `""` is what a form gives for a box left empty: absent (normalise.rs, step 1).
        let blank = value.as_str() == Some("");
        let ok = match name {
            "photos" => blank || matches!(value, Value::Array(_) | Value::Null),
            "extras" => blank || matches!(value, Value::Object(_) | Value::Null),
            _ => matches!(value, Value::String(_) | Value::Null),
        };
        if !ok {
            let what = match name {
                "photos" => "an array of images (raw base64)",
                "extras" => "an object such as { equals: { jobTitle } }",
                _ => "a string",
            };
            out.errors.push(PersonError::new(
                None,
                name,
                ErrorCode::InvalidType,
                message!(name, " must be ", what),
            ));
            out.broken.push(name);
        } else if value
            .as_str()
            .is_some_and(|s| crate::find::contains(s, "\u{FFFD}"))
        {
            // What a decoder leaves of text that was not UTF-8 (a spreadsheet
            // saved as Latin-1): the person would be "Pe\u{FFFD}a" in every
            // system. The server refuses it in a multipart part; here the page
            // and a JSON body meet the same refusal, at the field.
            out.errors.push(undecoded(name.to_owned()));
            out.broken.push(name);
        }
    }
    if let Some(Value::Object(extras)) = person.get("extras") {
        for (key, value) in extras {
            if !PROVIDERS.iter().any(|p| p.as_str() == key) {
                let e = unknown_field(key, &["verifik", "equals", "horus"], "extras'");
                out.errors.push(PersonError::new(
                    None,
                    message!("extras.", e.field.as_ref()),
                    e.code,
                    e.message,
                ));
            } else if !matches!(value, Value::Object(_) | Value::Null) && value.as_str() != Some("")
            {
                out.errors.push(PersonError::new(
                    None,
                    message!("extras.", key.as_str()),
                    ErrorCode::InvalidType,
                    message!(
                        "extras.",
                        key.as_str(),
                        " must be an object of ",
                        key.as_str(),
                        "'s own fields"
                    ),
                ));
            } else if let Value::Object(members) = value {
                for (member, v) in members {
                    if v.as_str()
                        .is_some_and(|s| crate::find::contains(s, "\u{FFFD}"))
                    {
                        out.errors.push(undecoded(message!(
                            "extras.",
                            key.as_str(),
                            ".",
                            member.as_str()
                        )));
                    }
                }
            }
        }
    }
}

/// `INVALID_CHARACTERS` at `field` for a U+FFFD (see [`shape`]).
fn undecoded(field: String) -> PersonError {
    let text = message!(
        field.as_str(),
        " holds U+FFFD, the mark of text that could not be decoded: type it again"
    );
    PersonError::new(None, field, ErrorCode::InvalidCharacters, text)
}
