//! Horus create-person body (`POST /v1/nonspec/oauth2/management/person`):
//! the typed person and its rules.
//!
//! The sample body's `externaId` is a typo of the table's `externalId`
//! (README, "How we read the documents"): it is an unknown field with a
//! hint, never silently dropped.
//! `clientSecret` and `password` are never echoed in messages or `Debug`.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::error::{ErrorCode, FieldError};
use crate::validate::message;
use crate::validate::{
    email, filled, integer, json_object_string, object, present, text, type_name, Errors, Fields,
    Json, Path, Steps, TextRule, Today,
};

/// Every field Horus documents for the create-person body, in its order.
pub const FIELDS: [&str; 14] = [
    "clientId",
    "clientSecret",
    "mainIdentifier",
    "externalId",
    "firstName",
    "additionalFirstName",
    "lastName",
    "additionalLastName",
    "email",
    "password",
    "enabled",
    "custom",
    "categoryId",
    "positionId",
];

/// Where the rules trim or upper-case what they accept (`normalise.rs`):
/// the body sent is the input with these steps applied.
pub const STEPS: Steps = Steps {
    trimmed: &[
        "mainIdentifier",
        "externalId",
        "firstName",
        "additionalFirstName",
        "lastName",
        "additionalLastName",
        "email",
        "custom",
    ],
    trimmed_items: &[],
    code_items: &[],
    code_members: &[],
    code_or_name: &[],
    optional_members: &[],
};

/// Largest id Horus can hold: the document types ids as `int` (32-bit).
pub const MAX_ID: i64 = i32::MAX as i64;

/// A validated Horus person. Serialized with serde_json it is exactly the
/// body sent; absent fields stay absent.
///
/// `Debug` shows only the category and position ids: never the client
/// secret, the password or personal data.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HorusPerson {
    /// Client id allowed to call the endpoint.
    pub client_id: String,
    /// Secret of the client id (travels in the body: keep it off browsers).
    pub client_secret: String,
    /// National identifier (DNI for Peruvians, SSN for Americans, …).
    pub main_identifier: String,
    /// Id of the person in another system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Additional first name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_first_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Additional last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_last_name: Option<String>,
    /// Login email.
    pub email: String,
    /// Login password (may be empty, as in the document's sample).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// 1 = enabled, 0 = disabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<u8>,
    /// A string holding a JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
    /// Existing category id (positive).
    pub category_id: u32,
    /// Existing position id (positive).
    pub position_id: u32,
}

impl fmt::Debug for HorusPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HorusPerson")
            .field("category_id", &self.category_id)
            .field("position_id", &self.position_id)
            .finish_non_exhaustive()
    }
}

const NAME: TextRule = TextRule::NON_BLANK.name().trimmed();
const OPTIONAL_NAME: TextRule = TextRule::ANY.name().trimmed();

/// A positive `int` id.
fn id(v: Json<'_>, key: &'static str) -> Result<u32, FieldError> {
    let n = integer(present(v, key)?, key, 1, MAX_ID).map_err(|mut e| {
        if e.code == ErrorCode::OutOfRange {
            e.message = message!(
                key,
                " must be a positive whole number (1 or more, at most ",
                MAX_ID,
                ")"
            );
        }
        e
    })?;
    u32::try_from(n)
        .map_err(|_| Path::Key(key).error(ErrorCode::OutOfRange, message!(key, " is too large")))
}

/// `enabled`: the integer 0 or 1 (not `true`, not `"1"`).
fn enabled(v: Json<'_>) -> Result<u8, FieldError> {
    let path = Path::Key("enabled");
    match v {
        Json::Number(n) => match n.as_u64() {
            Some(0) => Ok(0),
            Some(1) => Ok(1),
            _ if n.is_f64() => Err(path.error(
                ErrorCode::InvalidType,
                "enabled must be the whole number 1 (enabled) or 0 (disabled)",
            )),
            _ => Err(path.error(
                ErrorCode::NotOneOf,
                "enabled must be 1 (enabled) or 0 (disabled)",
            )),
        },
        other => Err(path.error(
            ErrorCode::InvalidType,
            message!(
                "enabled must be the number 1 (enabled) or 0 (disabled), got ",
                type_name(other)
            ),
        )),
    }
}

/// Validate a Horus create-person body. Horus has no date field: `today` is
/// taken only so the three providers share one signature.
///
/// # Errors
/// Every broken rule at once: `INVALID_TYPE` (field `""`) for a non-object;
/// `UNKNOWN_FIELD` (`externaId` → "did you mean externalId?"); `REQUIRED`;
/// `INVALID_TYPE`, `EMPTY`, `INVALID_CHARACTERS` for strings and names;
/// `INVALID_EMAIL`; `INVALID_TYPE`/`NOT_ONE_OF` for `enabled`;
/// `INVALID_TYPE`/`INVALID_JSON` for `custom`; `INVALID_TYPE`/`OUT_OF_RANGE`
/// for `categoryId` and `positionId`. No message holds the value of
/// `clientSecret` or `password`.
pub fn validate<'t>(
    input: &Value,
    today: impl Into<Today<'t>>,
) -> Result<HorusPerson, Vec<FieldError>> {
    validate_json(input.into(), today)
}

/// [`validate`] on a borrowed [`Json`] view (what the wasm edge reads from JS).
///
/// # Errors
/// As [`validate`].
pub fn validate_json<'t>(
    input: Json<'_>,
    today: impl Into<Today<'t>>,
) -> Result<HorusPerson, Vec<FieldError>> {
    rules(input, today.into(), true).and_then(|person| Errors::new().finish(person))
}

/// The same rules as [`validate`] without building the person (nothing is
/// copied): every broken rule, empty when the body is valid.
#[must_use]
pub fn check<'t>(input: Json<'_>, today: impl Into<Today<'t>>) -> Vec<FieldError> {
    rules(input, today.into(), false).err().unwrap_or_default()
}

/// The rules; the person is built (`Some`) only when `build` and valid.
fn rules(
    input: Json<'_>,
    _today: Today<'_>,
    build: bool,
) -> Result<Option<HorusPerson>, Vec<FieldError>> {
    let entries = object(input, "the Horus person").map_err(|e| vec![e])?;
    let mut errs = Errors::new();
    let map = &Fields::read(entries, &FIELDS, "Horus", &mut errs);
    let req = ErrorCode::Required;

    let client_id = errs.required(map, "clientId", req, |v| {
        text(v, "clientId", TextRule::NON_BLANK)
    });
    let client_secret = errs.required(map, "clientSecret", req, |v| {
        text(v, "clientSecret", TextRule::NON_BLANK)
    });
    let main_identifier = errs.required(map, "mainIdentifier", req, |v| {
        text(v, "mainIdentifier", TextRule::NON_BLANK.identifier()).map_err(|mut e| {
            if v.is_number() {
                e.message = "mainIdentifier must be a string: put the number in quotes".to_owned();
            }
            e
        })
    });
    let external_id = filled(errs.optional(map, "externalId", |v| {
        text(v, "externalId", TextRule::ANY.identifier())
    }));
    let first_name = errs.required(map, "firstName", req, |v| text(v, "firstName", NAME));
    let additional_first_name = filled(errs.optional(map, "additionalFirstName", |v| {
        text(v, "additionalFirstName", OPTIONAL_NAME)
    }));
    let last_name = errs.required(map, "lastName", req, |v| text(v, "lastName", NAME));
    let additional_last_name = filled(errs.optional(map, "additionalLastName", |v| {
        text(v, "additionalLastName", OPTIONAL_NAME)
    }));
    let email_address = errs.required(map, "email", req, |v| {
        let s = text(v, "email", TextRule::NON_BLANK.trimmed())?;
        email(s, "email").map(|()| s)
    });
    let password = errs.optional(map, "password", |v| text(v, "password", TextRule::ANY));
    let enabled = errs.optional(map, "enabled", enabled);
    // JSON around whitespace is the same JSON: trimmed, so a box of spaces
    // is absent rather than INVALID_JSON.
    let custom = filled(errs.optional(map, "custom", |v| {
        let s = text(v, "custom", TextRule::ANY.trimmed()).map_err(|mut e| {
            if v.is_object() {
                e.message =
                    "custom must be a string holding JSON: send JSON.stringify of the object"
                        .to_owned();
            }
            e
        })?;
        if s.is_empty() {
            return Ok(s);
        }
        json_object_string(s, "custom").map(|()| s)
    }));
    let category_id = errs.required(map, "categoryId", req, |v| id(v, "categoryId"));
    let position_id = errs.required(map, "positionId", req, |v| id(v, "positionId"));

    if !errs.is_empty() {
        return Err(errs.into_vec());
    }
    if !build {
        return Ok(None);
    }
    let own = |s: Option<&str>| s.map(str::to_owned);
    let person = match (
        client_id,
        client_secret,
        main_identifier,
        first_name,
        last_name,
        email_address,
        category_id,
        position_id,
    ) {
        (
            Some(client_id),
            Some(client_secret),
            Some(main_identifier),
            Some(first_name),
            Some(last_name),
            Some(email_address),
            Some(category_id),
            Some(position_id),
        ) => Some(HorusPerson {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            main_identifier: main_identifier.to_owned(),
            external_id: own(external_id),
            first_name: first_name.to_owned(),
            additional_first_name: own(additional_first_name),
            last_name: last_name.to_owned(),
            additional_last_name: own(additional_last_name),
            email: email_address.to_owned(),
            password: own(password),
            enabled,
            custom: own(custom),
            category_id,
            position_id,
        }),
        _ => None,
    };
    errs.finish(person).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::CivilDate;
    use serde_json::json;

    const TODAY: CivilDate = CivilDate {
        year: 2025,
        month: 6,
        day: 15,
    };

    fn validate(v: &Value) -> Result<HorusPerson, Vec<FieldError>> {
        super::validate(v, TODAY)
    }

    fn sample() -> Value {
        json!({
            "clientId": "bb145d5f",
            "clientSecret": "bb145d5fxyz",
            "mainIdentifier": "44512345",
            "externalId": "92dd9aa0",
            "firstName": "Jane",
            "additionalFirstName": "Alice",
            "lastName": "Doe",
            "additionalLastName": "Patterson",
            "email": "jane@828fligth.com",
            "password": "",
            "enabled": 1,
            "custom": "{\"key\":\"value\"}",
            "categoryId": 1,
            "positionId": 1
        })
    }

    #[test]
    fn sample_round_trips_and_debug_hides_secrets() {
        let p = validate(&sample()).unwrap();
        // The sample's empty password is an empty box: left out (normalise.rs, step 1).
        let mut sent = sample();
        sent.as_object_mut().unwrap().remove("password");
        assert_eq!(serde_json::to_value(&p).unwrap(), sent);
        let dbg = format!("{p:?}");
        assert!(
            !dbg.contains("bb145d5fxyz") && !dbg.contains("Jane"),
            "{dbg}"
        );
    }

    #[test]
    fn an_id_left_unchosen_is_required() {
        let mut input = sample();
        input["categoryId"] = json!("");
        let errs = validate(&input).unwrap_err();
        let got: Vec<_> = errs.iter().map(|e| (&*e.field, e.code)).collect();
        assert_eq!(got, [("categoryId", ErrorCode::Required)]);
    }

    #[test]
    fn secrets_are_never_echoed() {
        let mut input = sample();
        input["clientSecret"] = json!("   ");
        input["password"] = json!(12345);
        input["email"] = json!("bb145d5fxyz-not-an-email");
        let errs = validate(&input).unwrap_err();
        assert_eq!(errs.len(), 3);
        for e in &errs {
            assert!(
                !e.message.contains("bb145d5fxyz") && !e.message.contains("12345"),
                "{e}"
            );
        }
    }

    #[test]
    fn numbers_are_strict() {
        for (v, code) in [
            (json!(true), "INVALID_TYPE"),
            (json!("1"), "INVALID_TYPE"),
            (json!(1.0), "INVALID_TYPE"),
            (json!(2), "NOT_ONE_OF"),
            (json!(-1), "NOT_ONE_OF"),
        ] {
            let mut input = sample();
            input["enabled"] = v;
            let errs = validate(&input).unwrap_err();
            assert_eq!(errs[0].code.as_str(), code);
        }
        for (v, code) in [
            (json!(0), "OUT_OF_RANGE"),
            (json!(-5), "OUT_OF_RANGE"),
            (json!(MAX_ID + 1), "OUT_OF_RANGE"),
            (json!(1.5), "INVALID_TYPE"),
            (json!("1"), "INVALID_TYPE"),
        ] {
            let mut input = sample();
            input["positionId"] = v;
            let errs = validate(&input).unwrap_err();
            assert_eq!(
                (errs[0].field.as_ref(), errs[0].code.as_str()),
                ("positionId", code)
            );
        }
    }
}
