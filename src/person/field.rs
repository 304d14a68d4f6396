//! One neutral field at a time, for live checks as a person types
//! (`validateField('person', field, value)`): the whole-person check, its
//! answer cut down to the one field.

use serde_json::{Map, Value};

use super::table::{How, TABLE};
use super::{to_provider_payloads, PersonError};
use crate::error::Provider;
use crate::validate::Today;

/// `field` of `person` checked as [`to_provider_payloads`] checks the whole
/// person with `server`: the value it is sent as (`None`: left out), or its
/// errors, at `field` and under it (`photos[1]`, `extras.equals.jobTitle`).
///
/// The caller fills the other fields with valid stand-ins, so the rules
/// speak only of `field`. Problems elsewhere (the server's own fields, say)
/// are not this field's, and leave it accepted with no value.
///
/// # Errors
/// The errors at `field`, named as the whole check names them.
pub fn check_field(
    field: &str,
    person: &Value,
    server: &Value,
    today: Today<'_>,
) -> Result<Option<Value>, Vec<PersonError>> {
    match to_provider_payloads(person, server, today) {
        Ok(bodies) => Ok(sent_value(field, person, &bodies)),
        Err(errors) => {
            // An item of a list (`photos[3]`) also gets the list's own
            // errors: a fourth photo is one too many (TOO_MANY), and an item
            // of a list no provider has (`images[0]`) is in an unknown field.
            // Also the errors of what holds it: `firstName.x` and `extras.nope.x`
            // are no fields when `firstName` is text and `nope` no provider.
            let own: Vec<PersonError> = errors
                .into_iter()
                .filter(|e| {
                    is_at_or_under(&e.field, field)
                        || (!e.field.is_empty() && is_at_or_under(field, &e.field))
                })
                .collect();
            if own.is_empty() {
                Ok(None)
            } else {
                Err(own)
            }
        }
    }
}

/// `{ ok: true, value? }` or `{ ok: false, errors }`: what JS gets.
#[must_use]
pub fn field_result_to_json(result: &Result<Option<Value>, Vec<PersonError>>) -> Value {
    let mut o = Map::new();
    match result {
        Ok(value) => {
            o.insert("ok".into(), Value::Bool(true));
            if let Some(v) = value {
                o.insert("value".into(), v.clone());
            }
        }
        Err(errors) => {
            o.insert("ok".into(), Value::Bool(false));
            o.insert("errors".into(), super::errors_to_json(errors));
        }
    }
    Value::Object(o)
}

/// `path` is `field` itself, one of its items or one of its members.
pub(super) fn is_at_or_under(path: &str, field: &str) -> bool {
    path.strip_prefix(field)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('[') || rest.starts_with('.'))
}

/// The neutral `field` as the bodies carry it, after each provider's
/// normalisation (trimmed, upper-cased, a blank optional left out). A field
/// sent as it is wins over Verifik's joined `name`, whose parts are only
/// trimmed; `extras` gives, per provider, the members the person set.
fn sent_value(field: &str, person: &Value, bodies: &[(Provider, Value)]) -> Option<Value> {
    if field == "extras" {
        return sent_extras(person.get("extras")?, bodies);
    }
    // `extras.equals.jobTitle`, `extras.equals.address.city`: that member of the provider's body.
    if let Some(path) = field.strip_prefix("extras.") {
        let Some((provider, member)) = path.split_once('.') else {
            return sent_extras(person.get("extras")?, bodies)?
                .get(path)
                .cloned();
        };
        let (_, body) = bodies.iter().find(|(p, _)| p.as_str() == provider)?;
        return member.split('.').try_fold(body, step).cloned();
    }
    // `photos[1]`: the row of `photos`, and item 1 of the list it is sent as.
    let (name, item) = match field.strip_suffix(']').and_then(|f| f.split_once('[')) {
        Some((name, i)) => (name, Some(i.parse::<usize>().ok()?)),
        None => (field, None),
    };
    let row = TABLE.iter().find(|r| r.neutral == name)?;
    let as_sent = bodies
        .iter()
        .find_map(|(p, body)| match (row.target(*p)?, item) {
            ((f, How::Same), None) => body.get(f).cloned(),
            ((f, How::Same), Some(i)) => body.get(f)?.get(i).cloned(),
            ((f, How::Listed), None) => body.get(f)?.get(0).cloned(),
            ((_, How::Listed | How::Joined), _) => None,
        });
    if item.is_some() {
        return as_sent;
    }
    let joined = || {
        bodies
            .iter()
            .any(|(p, _)| matches!(row.target(*p), Some((_, How::Joined))))
            .then(|| person.get(field)?.as_str().map(str::trim))
            .flatten()
            .filter(|part| !crate::validate::is_blank(part))
            .map(Value::from)
    };
    as_sent.or_else(joined)
}

/// The member `key` of `v`, or its item for `key[i]`.
fn step<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match key.strip_suffix(']').and_then(|k| k.split_once('[')) {
        Some((name, i)) => v.get(name)?.get(i.parse::<usize>().ok()?),
        None => v.get(key),
    }
}

/// `{ provider: { member: value as sent } }` for the members of `extras`.
fn sent_extras(extras: &Value, bodies: &[(Provider, Value)]) -> Option<Value> {
    let out: Map<String, Value> = bodies
        .iter()
        .filter_map(|(p, body)| {
            let given = extras.get(p.as_str())?.as_object()?;
            let sent: Map<String, Value> = given
                .keys()
                .filter_map(|k| Some((k.clone(), body.get(k)?.clone())))
                .collect();
            Some((p.as_str().to_owned(), Value::Object(sent)))
        })
        .collect();
    (!out.is_empty()).then_some(Value::Object(out))
}
