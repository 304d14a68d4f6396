//! One provider-neutral person, and the one table that turns it into the
//! three create bodies (see [`table`]).
//!
//! The page, the server handler and any importer speak this person:
//!
//! ```json
//! { "firstName": "Ana", "lastName": "Ñañez", "email": "ana@example.pe",
//!   "phone": "+51987654321", "dateOfBirth": "1990-12-04", "gender": "F",
//!   "nationality": "PE", "identityNumber": "45879632", "photos": ["<base64>"],
//!   "extras": { "verifik": { "notes": "…" }, "equals": { "jobTitle": "…" }, "horus": { "externalId": "…" } } }
//! ```
//!
//! [`to_provider_payloads`] maps it with the server's own fields (Equals
//! `accountId`/`roleName`, Horus `categoryId`/`positionId`, Verifik
//! `collections`, …) and checks each body with the provider's own rules.
//! Every problem is reported at once, named by the neutral field (`email`,
//! not `emailAddress`; `photos[1]`, not `images[1]`), with the provider it
//! came from. Provider-only fields come from `extras.<provider>` and are
//! named `extras.<provider>.<field>`; errors in the server's own fields are
//! named `server.<field>` (a misconfigured server, not the person's fault).
//! The browser can never set a server-owned field: a person or extras that
//! tries gets `FIELD_NOT_ALLOWED`.
//!
//! # Examples
//!
//! ```
//! use personkit::person::to_provider_payloads;
//! use personkit::validate::CivilDate;
//! use serde_json::json;
//!
//! let person = json!({ "firstName": "Ana", "lastName": "Ñañez", "email": "ana@example.pe" });
//! let server = json!({ "equals": { "accountId": "F12345", "roleName": "Viewer" } });
//! let today = CivilDate { year: 2026, month: 12, day: 4 };
//! let payloads = to_provider_payloads(&person, &server, today.into()).unwrap();
//! assert_eq!(payloads[0].1["emailAddress"], "ana@example.pe");
//! assert_eq!(payloads[0].1["roleName"], "Viewer");
//!
//! // The browser cannot choose its own role.
//! let person = json!({ "firstName": "Ana", "lastName": "Ñañez", "email": "ana@example.pe",
//!                      "extras": { "equals": { "roleName": "Owner" } } });
//! let errors = to_provider_payloads(&person, &server, today.into()).unwrap_err();
//! assert_eq!(errors[0].field, "extras.equals.roleName");
//! assert_eq!(errors[0].code.as_str(), "FIELD_NOT_ALLOWED");
//! ```

mod debug;
pub mod field;
mod shape;
pub mod table;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use crate::error::{ErrorCode, FieldError, Provider};
use crate::providers::{equals, horus, verifik};
use crate::validate::{
    apply_steps, is_blank, message, more_errors, unknown_field, Json, Steps, Today, MAX_ERRORS,
};
use shape::shape;
use table::{neutral_for, server_owned, How, PROVIDERS, TABLE};

/// One broken rule of a neutral person: `field` names the neutral field
/// (`email`, `photos[1]`, `extras.equals.jobTitle`, `server.roleName`);
/// `provider` is the API whose rule it is, absent for the person's own shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonError {
    /// The API whose rule this is; `None` for the neutral person's shape.
    pub provider: Option<Provider>,
    /// The neutral path.
    pub field: String,
    /// Stable code.
    pub code: ErrorCode,
    /// Plain English, naming the neutral field.
    pub message: String,
}

impl PersonError {
    fn new(
        provider: Option<Provider>,
        field: impl Into<String>,
        code: ErrorCode,
        message: impl Into<String>,
    ) -> Self {
        Self {
            provider,
            field: field.into(),
            code,
            message: message.into(),
        }
    }

    /// `{ field, code, message, provider? }`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("field".into(), Value::from(self.field.as_str()));
        o.insert("code".into(), Value::from(self.code.as_str()));
        o.insert("message".into(), Value::from(self.message.as_str()));
        if let Some(p) = self.provider {
            o.insert("provider".into(), Value::from(p.as_str()));
        }
        Value::Object(o)
    }
}

/// The bodies as mapped (not yet checked by the providers' rules) and the
/// problems of the person's own shape. `Debug` shows the bodies' shape only.
#[derive(Clone, Default)]
pub struct Mapped {
    /// One body per provider the server fields name, in Verifik, Equals,
    /// Horus order; each already holds the server's fields.
    pub payloads: Vec<(Provider, Value)>,
    /// Shape problems: not an object, unknown or server-owned fields, wrong
    /// types, extras that try to set a mapped or server-owned field.
    pub errors: Vec<PersonError>,
    /// Neutral fields with a shape problem: left out of the bodies, and the
    /// providers' complaints about their absence are not repeated.
    pub broken: Vec<&'static str>,
}

/// The server fields of each provider the server creates the person in:
/// `{ verifik?: {…} | true, equals?: {…} | true, horus?: {…} | true }`.
struct Server<'a> {
    providers: Vec<(Provider, Option<&'a Map<String, Value>>)>,
}

impl<'a> Server<'a> {
    fn read(server: &'a Value, errors: &mut Vec<PersonError>) -> Self {
        let mut providers = Vec::new();
        let Value::Object(map) = server else {
            errors.push(PersonError::new(
                None,
                "server",
                ErrorCode::InvalidType,
                "the server fields must be an object such as { equals: { accountId, roleName } }",
            ));
            return Self { providers };
        };
        for key in map.keys() {
            if !PROVIDERS.iter().any(|p| p.as_str() == key) {
                let e = unknown_field(key, &["verifik", "equals", "horus"], "server fields'");
                errors.push(PersonError::new(
                    None,
                    message!("server.", e.field.as_ref()),
                    e.code,
                    e.message,
                ));
            }
        }
        for p in PROVIDERS {
            match map.get(p.as_str()) {
                None | Some(Value::Null | Value::Bool(false)) => {}
                Some(Value::Bool(true)) => providers.push((p, None)),
                Some(Value::Object(fields)) => providers.push((p, Some(fields))),
                Some(_) => errors.push(PersonError::new(
                    Some(p),
                    message!("server.", p.as_str()),
                    ErrorCode::InvalidType,
                    "a provider's server fields must be an object (or true)",
                )),
            }
        }
        Self { providers }
    }

    fn fields(&self, provider: Provider) -> Option<&'a Map<String, Value>> {
        self.providers
            .iter()
            .find(|(p, _)| *p == provider)
            .and_then(|(_, f)| *f)
    }

    /// Whether `key` is the server's in `provider`'s body.
    fn owns(&self, provider: Provider, key: &str) -> bool {
        server_owned(provider).contains(&key)
            || self.fields(provider).is_some_and(|f| f.contains_key(key))
    }
}

/// Maps the neutral `person` to one body per provider named in `server`,
/// with the server's fields added, without the providers' rules.
#[must_use]
pub fn map_person(person: &Value, server: &Value) -> Mapped {
    let mut out = Mapped::default();
    let srv = Server::read(server, &mut out.errors);
    let Value::Object(person) = person else {
        out.errors.push(PersonError::new(
            None,
            "",
            ErrorCode::InvalidType,
            "the person must be an object such as { firstName, lastName, email }",
        ));
        return out;
    };
    shape(person, &mut out);
    let extras = match person.get("extras") {
        Some(Value::Object(e)) => Some(e),
        _ => None,
    };
    for (provider, fields) in &srv.providers {
        let mut body = Map::new();
        fill_from_table(person, *provider, &out.broken, &mut body);
        if let Some(Value::Object(x)) = extras.and_then(|e| e.get(provider.as_str())) {
            for (k, v) in x {
                if let Some(err) = extra_not_allowed(&srv, *provider, k) {
                    out.errors.push(err);
                } else {
                    body.insert(k.clone(), v.clone());
                }
            }
        }
        if let Some(fields) = fields {
            for (k, v) in *fields {
                // One value for every person would replace each person's own.
                if let Some((neutral, _)) = neutral_for(*provider, k) {
                    out.errors.push(PersonError::new(
                        Some(*provider),
                        message!("server.", k.as_str()),
                        ErrorCode::FieldNotAllowed,
                        message!(
                            k.as_str(),
                            " comes from the person's ",
                            neutral,
                            ", not from the server"
                        ),
                    ));
                } else {
                    body.insert(k.clone(), v.clone());
                }
            }
        }
        out.payloads.push((*provider, Value::Object(body)));
    }
    // The extras of a provider not asked for are not sent, but a server-owned
    // field there (extras.equals.roleName on a Verifik-only check) is refused
    // as a top-level one is: no road lets a page set it.
    for provider in PROVIDERS {
        if srv.providers.iter().any(|(p, _)| *p == provider) {
            continue;
        }
        if let Some(Value::Object(x)) = extras.and_then(|e| e.get(provider.as_str())) {
            for k in x.keys() {
                out.errors.extend(extra_not_allowed(&srv, provider, k));
            }
        }
    }
    out
}

/// The table's fields for `provider`, from the person's usable values.
/// A field sent as it is, but for a document number's inner spaces and its
/// dots between digits: a DNI is often written "45 879 632", a Colombian
/// cédula "1.020.304.050", and Horus keys a person by it, so the forms
/// would be two persons. A blank one is left for the rules to name.
fn same_value(neutral: &str, v: &Value) -> Value {
    match v {
        Value::String(s) if neutral == "identityNumber" && !is_blank(s) => {
            let digit = |i: usize| s.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
            let kept = s.char_indices().filter(|&(i, c)| {
                let between_digits = i > 0 && digit(i - 1) && digit(i + 1);
                !c.is_whitespace() && (c != '.' || !between_digits)
            });
            Value::String(kept.map(|(_, c)| c).collect())
        }
        _ => v.clone(),
    }
}

fn fill_from_table(
    person: &Map<String, Value>,
    provider: Provider,
    broken: &[&str],
    body: &mut Map<String, Value>,
) {
    let mut joined: Option<(&str, Vec<&str>)> = None;
    for row in &TABLE {
        let Some((field, how)) = row.target(provider) else {
            continue;
        };
        let value = match person.get(row.neutral) {
            Some(Value::Null) | None => None,
            Some(_) if broken.contains(&row.neutral) => None,
            Some(v) => Some(v),
        };
        match how {
            How::Joined => {
                let parts = &mut joined.get_or_insert((field, Vec::new())).1;
                // A part that only looks filled (a zero-width space) is blank, as
                // `is_blank` reads a required box: left out, not sent invisible.
                if let Some(s) = value.and_then(Value::as_str).map(str::trim) {
                    if !is_blank(s) {
                        parts.push(s);
                    }
                }
            }
            How::Same => {
                if let Some(v) = value {
                    body.insert(field.to_owned(), same_value(row.neutral, v));
                }
            }
            How::Listed => {
                // An empty box is absent here too (as Verifik's `nationality`
                // of "" is), not a list of one empty code.
                if let Some(v) = value.filter(|v| !v.as_str().is_some_and(is_blank)) {
                    body.insert(field.to_owned(), Value::Array(vec![v.clone()]));
                }
            }
        }
    }
    if let Some((field, parts)) = joined {
        if !parts.is_empty() {
            body.insert(field.to_owned(), Value::from(parts.join(" ")));
        }
    }
}

/// `FIELD_NOT_ALLOWED` when `extras.<provider>.<key>` would set a field the
/// table fills or the server owns.
fn extra_not_allowed(server: &Server<'_>, provider: Provider, key: &str) -> Option<PersonError> {
    let p = provider.as_str();
    let path = message!("extras.", p, ".", key);
    if let Some((neutral, _)) = neutral_for(provider, key) {
        let message = message!(
            path.as_str(),
            " comes from ",
            neutral,
            ": set ",
            neutral,
            " instead"
        );
        return Some(PersonError::new(
            Some(provider),
            path,
            ErrorCode::FieldNotAllowed,
            message,
        ));
    }
    if server.owns(provider, key) {
        let message = message!(path.as_str(), " is set by the server, not by the person");
        return Some(PersonError::new(
            Some(provider),
            path,
            ErrorCode::FieldNotAllowed,
            message,
        ));
    }
    None
}

/// Checks one provider's body (as mapped, perhaps adjusted by the server)
/// with that provider's rules, naming each problem by the neutral field.
///
/// A required server-owned field missing from the body is not a problem
/// here: the server or the client adds it (Horus `clientId`/`clientSecret`
/// come from the client; a page checks without knowing the account).
#[must_use]
pub fn check_payload(
    provider: Provider,
    body: &Value,
    server: &Value,
    today: Today<'_>,
) -> Vec<PersonError> {
    let json = Json::from(body);
    let errors = match provider {
        Provider::Verifik => verifik::validate::check(json, today),
        Provider::Equals => equals::validate::check(json, today),
        Provider::Horus => horus::validate::check(json, today),
    };
    let mut ignored = Vec::new();
    let srv = Server::read(server, &mut ignored);
    let present = |k: &str| body.get(k).is_some();
    errors
        .into_iter()
        .filter(|e| {
            !(e.code == ErrorCode::Required
                && server_owned(provider).contains(&e.field.as_ref())
                && !present(&e.field))
        })
        .map(|e| rename(provider, &srv, e))
        .collect()
}

/// A provider's field error, named by the neutral field.
fn rename(provider: Provider, server: &Server<'_>, e: FieldError) -> PersonError {
    let path = e.field.as_ref();
    let (base, suffix) = match path.find('[') {
        Some(i) => (path.get(..i).unwrap_or(path), path.get(i..).unwrap_or("")),
        None => (path, ""),
    };
    let field = match neutral_for(provider, base) {
        Some((neutral, How::Listed)) => neutral.to_owned(),
        Some((neutral, _)) => message!(neutral, suffix),
        None if base.is_empty() => String::new(),
        None if server.owns(provider, base) => message!("server.", path),
        None => message!("extras.", provider.as_str(), ".", path),
    };
    let message = match e.message.strip_prefix(path) {
        Some(rest) if !path.is_empty() && rest.starts_with(' ') => message!(field.as_str(), rest),
        _ => e.message,
    };
    PersonError::new(Some(provider), field, e.code, message)
}

/// Maps the neutral `person` with the `server` fields and checks every body
/// with its provider's rules; accepted, each body is the one sent (trimmed,
/// upper-cased, blank optional fields left out, as the validators give it).
///
/// # Errors
/// Every problem at once, named by the neutral field (see the module docs):
/// the person's shape (`INVALID_TYPE`, `UNKNOWN_FIELD`, `FIELD_NOT_ALLOWED`)
/// and each provider's rules (`REQUIRED`, `INVALID_EMAIL`, …, with
/// `provider`). A neutral field with a shape problem is not reported again
/// by the providers.
pub fn to_provider_payloads(
    person: &Value,
    server: &Value,
    today: Today<'_>,
) -> Result<Vec<(Provider, Value)>, Vec<PersonError>> {
    let mapped = map_person(person, server);
    let mut errors = mapped.errors;
    for (provider, body) in &mapped.payloads {
        for e in check_payload(*provider, body, server, today) {
            let root = e.field.split(['[', '.']).next().unwrap_or("");
            if !mapped.broken.contains(&root) {
                errors.push(e);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut payloads = mapped.payloads;
    for (provider, body) in &mut payloads {
        as_sent(*provider, body);
    }
    Ok(payloads)
}

/// A body that passed `provider`'s rules, as its client sends it: the
/// normalisation steps applied, its keys in the documented order.
pub fn as_sent(provider: Provider, body: &mut Value) {
    apply_steps(body, steps_of(provider));
    in_field_order(body, fields_of(provider));
}

/// `body`'s members in the provider's documented order (`fields`): the order
/// of its validator's `value` and of the body its client sends, so a page
/// holds what the server will send, key for key.
fn in_field_order(body: &mut Value, fields: &[&str]) {
    let Value::Object(map) = body else {
        return;
    };
    // A body that passed the rules has only documented fields; were there
    // another, it is kept where it is rather than dropped.
    if map.keys().any(|k| !fields.contains(&k.as_str())) {
        return;
    }
    // Each value taken out, not copied (photos are large).
    let mut ordered = Map::new();
    for f in fields {
        if let Some(v) = map.get_mut(*f).map(std::mem::take) {
            ordered.insert((*f).to_owned(), v);
        }
    }
    *map = ordered;
}

/// The provider's documented fields, in its order.
fn fields_of(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::Verifik => &verifik::validate::FIELDS,
        Provider::Equals => &equals::validate::FIELDS,
        Provider::Horus => &horus::validate::FIELDS,
    }
}

/// Where `provider`'s rules trim and upper-case (see [`apply_steps`]).
fn steps_of(provider: Provider) -> &'static Steps {
    match provider {
        Provider::Verifik => &verifik::validate::STEPS,
        Provider::Equals => &equals::validate::STEPS,
        Provider::Horus => &horus::validate::STEPS,
    }
}

/// `{ ok: true, value: { verifik?, equals?, horus? } }` or
/// `{ ok: false, errors: [{ field, code, message, provider? }] }`: what JS gets.
#[must_use]
pub fn result_to_json(result: &Result<Vec<(Provider, Value)>, Vec<PersonError>>) -> Value {
    let mut o = Map::new();
    match result {
        Ok(payloads) => {
            o.insert("ok".into(), Value::Bool(true));
            o.insert("value".into(), payloads_to_json(payloads));
        }
        Err(errors) => {
            o.insert("ok".into(), Value::Bool(false));
            o.insert("errors".into(), errors_to_json(errors));
        }
    }
    Value::Object(o)
}

/// `{ verifik?: body, equals?: body, horus?: body }`.
#[must_use]
pub fn payloads_to_json(payloads: &[(Provider, Value)]) -> Value {
    Value::Object(
        payloads
            .iter()
            .map(|(p, v)| (p.as_str().to_owned(), v.clone()))
            .collect(),
    )
}

/// `[{ field, code, message, provider? }]`, cut as a validator's list is cut
/// (`validate::capped`): past [`MAX_ERRORS`] + 1, the first [`MAX_ERRORS`] and
/// one that counts the rest (an `extras` of thousands of unknown members
/// would otherwise be thousands of errors).
#[must_use]
pub fn errors_to_json(errors: &[PersonError]) -> Value {
    let shown = errors
        .get(..MAX_ERRORS)
        .filter(|_| errors.len() > MAX_ERRORS + 1)
        .unwrap_or(errors);
    let mut list: Vec<Value> = shown.iter().map(PersonError::to_json).collect();
    if shown.len() < errors.len() {
        let more = more_errors(errors.len() - shown.len());
        let more = PersonError {
            provider: None,
            field: more.field.into_owned(),
            code: more.code,
            message: more.message,
        };
        list.push(more.to_json());
    }
    Value::Array(list)
}
