//! Equals Money create-person body (`POST /v2/people`): the typed person and its rules.
//!
//! The fields are the document's table plus the public OpenAPI extras
//! (`nationalities`, `sessionId`, `mfaCode`, `customerIp`, `address`,
//! `locale`), spelled as Equals spells them (`emailAddress`, `dob`). `dob`,
//! `primaryMobileNumber`, `jobTitle` and `nationalities` may be `null`; other
//! optional fields may only be left out.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::error::{ErrorCode, FieldError};
use crate::validate::{
    array, boolean, country_code, email, filled, ip_address, iso_date, locale, members,
    nullable_box, object, one_of, phone, text, uuid, CivilDate, Errors, Fields, Json, Members,
    Path, Steps, TextRule, Today,
};

/// Every field Equals documents for the create-person body.
pub const FIELDS: [&str; 21] = [
    "accountId",
    "firstName",
    "lastName",
    "roleName",
    "dob",
    "emailAddress",
    "primaryMobileNumber",
    "status",
    "employeeNumber",
    "jobTitle",
    "notifyEmailTrans",
    "createdByPersonaId",
    "addToUserPool",
    "sendInvite",
    "emailTheme",
    "nationalities",
    "sessionId",
    "mfaCode",
    "customerIp",
    "address",
    "locale",
];

/// Where the rules trim or upper-case what they accept (`normalise.rs`):
/// the body sent is the input with these steps applied.
pub const STEPS: Steps = Steps {
    trimmed: &[
        "accountId",
        "firstName",
        "lastName",
        "dob",
        "emailAddress",
        "primaryMobileNumber",
        "employeeNumber",
        "createdByPersonaId",
        "customerIp",
        "locale",
    ],
    trimmed_items: &[],
    code_items: &["nationalities"],
    code_members: &[("address", "countryCode")],
    code_or_name: &[],
    optional_members: &[("address", &ADDRESS_FIELDS)],
};

/// The members of `address` (public API reference), in its order.
pub const ADDRESS_FIELDS: [&str; 7] = [
    "streetName",
    "buildingNumber",
    "buildingName",
    "postcode",
    "city",
    "region",
    "countryCode",
];

/// Longest `postcode` and `buildingNumber`: the reference gives no limit;
/// ISO 20022's `Max16Text`, which payment systems use for both.
pub const ADDRESS_SHORT_MAX: usize = 16;

/// The person's role on the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Role {
    /// `"Owner"`.
    Owner,
    /// `"Admin"`.
    Admin,
    /// `"Payer"`.
    Payer,
    /// `"Viewer"`.
    Viewer,
    /// `"Accountant"`.
    Accountant,
    /// `"User"`.
    User,
}

impl Role {
    /// All roles, in the document's order.
    pub const ALL: [Self; 6] = [
        Self::Owner,
        Self::Admin,
        Self::Payer,
        Self::Viewer,
        Self::Accountant,
        Self::User,
    ];
    const NAMES: [&'static str; 6] = ["Owner", "Admin", "Payer", "Viewer", "Accountant", "User"];
}

/// The status to give the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// `"active"`.
    Active,
    /// `"deactivated"`.
    Deactivated,
}

/// The theme of emails sent to the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum EmailTheme {
    /// `"em-light"`.
    #[serde(rename = "em-light")]
    Light,
    /// `"em-dark"`.
    #[serde(rename = "em-dark")]
    Dark,
}

/// A validated Equals person. Serialized with serde_json it is exactly the
/// body sent to `POST /v2/people`: absent fields stay absent, an explicit
/// `null` stays `null` where Equals allows it (`Some(None)`).
///
/// `Debug` shows no personal data.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EqualsPerson {
    /// The account the person is added to (≤ 36 characters).
    pub account_id: String,
    /// First name (≤ 256).
    pub first_name: String,
    /// Last name (≤ 256).
    pub last_name: String,
    /// Role on the account.
    pub role_name: Role,
    /// Date of birth (`YYYY-MM-DD`) or `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dob: Option<Option<CivilDate>>,
    /// Email address (≤ 256); identifies the person.
    pub email_address: String,
    /// Mobile number as typed, national or international (≤ 50), or `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_mobile_number: Option<Option<String>>,
    /// Status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Employee number (≤ 256).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employee_number: Option<String>,
    /// Job title (≤ 256) or `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<Option<String>>,
    /// Email notifications for transactions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_email_trans: Option<bool>,
    /// The caller's persona id (a UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by_persona_id: Option<String>,
    /// Create a user in the user pool (Equals defaults to `true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_to_user_pool: Option<bool>,
    /// Send a sign-up invitation (Equals defaults to `true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_invite: Option<bool>,
    /// Email theme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_theme: Option<EmailTheme>,
    /// ISO 3166-1 alpha-2 codes, or `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationalities: Option<Option<Vec<String>>>,
    /// Session id (OpenAPI extra).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// MFA code (OpenAPI extra).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_code: Option<String>,
    /// The end customer's IP address (OpenAPI extra).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_ip: Option<String>,
    /// Postal address: members of [`ADDRESS_FIELDS`], in the caller's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Members<String>>,
    /// BCP 47 language tag (`en-GB`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

impl fmt::Debug for EqualsPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EqualsPerson")
            .field("role_name", &self.role_name)
            .finish_non_exhaustive()
    }
}

const NAME: TextRule = TextRule::NON_BLANK.max(256).name().trimmed();
const MAX_256: TextRule = TextRule::ANY.max(256);

/// Validate an Equals create-person body. `today` bounds `dob`.
///
/// # Errors
/// Every broken rule at once: `INVALID_TYPE` (field `""`) for a non-object;
/// `UNKNOWN_FIELD`; `REQUIRED` for a missing required field; `INVALID_TYPE`
/// for a wrong JSON type (booleans must be booleans); `EMPTY`, `TOO_LONG`,
/// `INVALID_CHARACTERS` for strings; `NOT_ONE_OF` for `roleName`, `status`,
/// `emailTheme`; `INVALID_EMAIL`, `INVALID_DATE`, `INVALID_PHONE`,
/// `INVALID_UUID`, `INVALID_COUNTRY` (`nationalities[i]`,
/// `address.countryCode`), `INVALID_IP`, `INVALID_LOCALE`; for `address`,
/// `UNKNOWN_FIELD` at `address.<member>` and the string rules per member.
pub fn validate<'t>(
    input: &Value,
    today: impl Into<Today<'t>>,
) -> Result<EqualsPerson, Vec<FieldError>> {
    validate_json(input.into(), today)
}

/// [`validate`] on a borrowed [`Json`] view (what the wasm edge reads from JS).
///
/// # Errors
/// As [`validate`].
pub fn validate_json<'t>(
    input: Json<'_>,
    today: impl Into<Today<'t>>,
) -> Result<EqualsPerson, Vec<FieldError>> {
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
    today: Today<'_>,
    build: bool,
) -> Result<Option<EqualsPerson>, Vec<FieldError>> {
    let entries = object(input, "the Equals person").map_err(|e| vec![e])?;
    let mut errs = Errors::new();
    let map = &Fields::read(entries, &FIELDS, "Equals", &mut errs);
    let req = ErrorCode::Required;

    let account_id = errs.required(map, "accountId", req, |v| {
        text(v, "accountId", TextRule::NON_BLANK.max(36).identifier())
    });
    let first_name = errs.required(map, "firstName", req, |v| text(v, "firstName", NAME));
    let last_name = errs.required(map, "lastName", req, |v| text(v, "lastName", NAME));
    let role_name = errs.required(map, "roleName", req, |v| {
        let i = one_of(
            text(v, "roleName", TextRule::ANY)?,
            "roleName",
            &Role::NAMES,
        )?;
        Role::ALL.get(i).copied().ok_or_else(|| {
            crate::validate::Path::Key("roleName")
                .error(ErrorCode::NotOneOf, "roleName is not a known role")
        })
    });
    let dob = nullable_box(&mut errs, map, "dob", |v| {
        let s = text(v, "dob", TextRule::ANY.trimmed())?;
        // Blank after trimming is absent (step 2's tail), as '' is; null stays null.
        if s.is_empty() {
            return Ok(None);
        }
        iso_date(s, "dob", today).map(Some)
    })
    .and_then(|d| match d {
        None => Some(None),
        Some(date) => date.map(Some),
    });
    let email_address = errs.required(map, "emailAddress", req, |v| {
        let s = text(v, "emailAddress", TextRule::NON_BLANK.max(256).trimmed())?;
        email(s, "emailAddress").map(|()| s)
    });
    // Blank after trimming is absent (step 2's tail), never a phone to check.
    let primary_mobile_number = nullable_box(&mut errs, map, "primaryMobileNumber", |v| {
        let s = text(v, "primaryMobileNumber", TextRule::ANY.max(50).trimmed())?;
        if s.is_empty() {
            return Ok(s);
        }
        phone(s, "primaryMobileNumber").map(|()| s)
    })
    .filter(|n| *n != Some(""));
    let status = errs.optional(map, "status", |v| {
        let i = one_of(
            text(v, "status", TextRule::ANY)?,
            "status",
            &["active", "deactivated"],
        )?;
        Ok(if i == 0 {
            Status::Active
        } else {
            Status::Deactivated
        })
    });
    let employee_number = filled(errs.optional(map, "employeeNumber", |v| {
        text(v, "employeeNumber", MAX_256.identifier())
    }));
    let job_title = nullable_box(&mut errs, map, "jobTitle", |v| text(v, "jobTitle", MAX_256));
    let notify_email_trans =
        errs.optional(map, "notifyEmailTrans", |v| boolean(v, "notifyEmailTrans"));
    let created_by_persona_id = filled(errs.optional(map, "createdByPersonaId", |v| {
        let s = text(v, "createdByPersonaId", TextRule::ANY.trimmed())?;
        if s.is_empty() {
            return Ok(s);
        }
        uuid(s, "createdByPersonaId").map(|()| s)
    }));
    let add_to_user_pool = errs.optional(map, "addToUserPool", |v| boolean(v, "addToUserPool"));
    let send_invite = errs.optional(map, "sendInvite", |v| boolean(v, "sendInvite"));
    let email_theme = errs.optional(map, "emailTheme", |v| {
        let s = text(v, "emailTheme", TextRule::ANY.max(32))?;
        Ok(if one_of(s, "emailTheme", &["em-light", "em-dark"])? == 0 {
            EmailTheme::Light
        } else {
            EmailTheme::Dark
        })
    });
    let nationalities = match errs.nullable(map, "nationalities", |v| array(v, "nationalities")) {
        Some(Some(items)) => errs
            .items("nationalities", items, |v, path| {
                let s = text(v, path, TextRule::ANY)?;
                country_code(s, path).map(Cow::into_owned)
            })
            .map(Some),
        Some(None) => Some(None),
        None => None,
    };
    let session_id = errs.optional(map, "sessionId", |v| text(v, "sessionId", TextRule::ANY));
    let mfa_code = errs.optional(map, "mfaCode", |v| text(v, "mfaCode", TextRule::ANY));
    // Codes, trimmed as identifiers are (step 2): blank is absent.
    let customer_ip = filled(errs.optional(map, "customerIp", |v| {
        let s = text(v, "customerIp", TextRule::ANY.trimmed())?;
        if s.is_empty() {
            return Ok(s);
        }
        ip_address(s, "customerIp").map(|()| s)
    }));
    let address = match map.get("address") {
        // As a form gives a box left empty (normalise.rs, step 1).
        None | Some(Json::String("")) => None,
        Some(Json::Null) => {
            errs.push(Path::Key("address").error(
                ErrorCode::InvalidType,
                "address cannot be null; leave it out instead",
            ));
            None
        }
        Some(v) => members(v, "address", &ADDRESS_FIELDS, &mut errs, address_member),
    };
    let locale = filled(errs.optional(map, "locale", |v| {
        let s = text(v, "locale", TextRule::ANY.trimmed())?;
        if s.is_empty() {
            return Ok(s);
        }
        locale(s, "locale").map(|()| s)
    }));

    if !errs.is_empty() {
        return Err(errs.into_vec());
    }
    if !build {
        return Ok(None);
    }
    let own = |s: Option<&str>| s.map(str::to_owned);
    let person = match (account_id, first_name, last_name, role_name, email_address) {
        (
            Some(account_id),
            Some(first_name),
            Some(last_name),
            Some(role_name),
            Some(email_address),
        ) => Some(EqualsPerson {
            account_id: account_id.to_owned(),
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            role_name,
            dob,
            email_address: email_address.to_owned(),
            primary_mobile_number: primary_mobile_number.map(own),
            status,
            employee_number: own(employee_number),
            job_title: job_title.map(own),
            notify_email_trans,
            created_by_persona_id: own(created_by_persona_id),
            add_to_user_pool,
            send_invite,
            email_theme,
            nationalities,
            session_id: own(session_id),
            mfa_code: own(mfa_code),
            customer_ip: own(customer_ip),
            address: address.map(|a| a.map(Cow::into_owned)),
            locale: own(locale),
        }),
        _ => None,
    };
    errs.finish(person).map(Some)
}

/// One member of `address`: text without control characters, ≤ 256
/// characters (Equals' limit for its other free text) or ≤ 16 for `postcode`
/// and `buildingNumber`; `countryCode` an ISO 3166-1 alpha-2 code, and one
/// of spaces only absent, as a blank one is (steps 1–2).
fn address_member<'a>(
    v: Json<'a>,
    path: Path,
    name: &'static str,
) -> Result<Option<Cow<'a, str>>, FieldError> {
    match name {
        "countryCode" => {
            let s = text(v, path, TextRule::ANY.trimmed())?;
            if s.is_empty() {
                return Ok(None);
            }
            country_code(s, path).map(Some)
        }
        "postcode" | "buildingNumber" => text(v, path, TextRule::ANY.max(ADDRESS_SHORT_MAX).name())
            .map(|s| Some(Cow::Borrowed(s))),
        _ => text(v, path, TextRule::ANY.max(256).name()).map(|s| Some(Cow::Borrowed(s))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TODAY: CivilDate = CivilDate {
        year: 2025,
        month: 6,
        day: 15,
    };

    fn full() -> Value {
        json!({
            "accountId": "F12345",
            "firstName": "Alison",
            "lastName": "Ñañez Quispe",
            "roleName": "Viewer",
            "dob": null,
            "emailAddress": "a.abraham@acme.com",
            "primaryMobileNumber": null,
            "status": "deactivated",
            "employeeNumber": "948",
            "jobTitle": null,
            "notifyEmailTrans": false,
            "createdByPersonaId": "288cf796-c1ad-4ffd-9eb9-af210bff0ea0",
            "addToUserPool": true,
            "sendInvite": false,
            "emailTheme": "em-dark",
            "nationalities": ["GB", "PE"],
            "sessionId": "s-1",
            "mfaCode": "123456",
            "customerIp": "2001:db8::1",
            "address": {
                "buildingNumber": "12",
                "streetName": "Maple Street",
                "buildingName": "Great Building",
                "postcode": "SE1 3UB",
                "city": "London",
                "region": "Greater London",
                "countryCode": "GB"
            },
            "locale": "en-GB"
        })
    }

    #[test]
    fn nulls_are_kept_and_every_field_round_trips() {
        let input = full();
        let p = validate(&input, TODAY).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), input);
        assert_eq!(format!("{p:?}"), "EqualsPerson { role_name: Viewer, .. }");
        let mut keys: Vec<_> = input.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        let mut fields: Vec<_> = FIELDS.iter().map(|s| s.to_string()).collect();
        fields.sort();
        assert_eq!(
            keys, fields,
            "the full sample covers every documented field"
        );
    }

    #[test]
    fn email_hint_and_types() {
        let mut input = full();
        let o = input.as_object_mut().unwrap();
        let e = o.remove("emailAddress").unwrap();
        o.insert("email".into(), e);
        o.insert("sendInvite".into(), json!("true"));
        o.insert("status".into(), json!(null));
        let errs = validate(&input, TODAY).unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_ref(), e.code.as_str()))
            .collect();
        assert!(got.contains(&("email", "UNKNOWN_FIELD")));
        assert!(got.contains(&("emailAddress", "REQUIRED")));
        assert!(got.contains(&("sendInvite", "INVALID_TYPE")));
        assert!(got.contains(&("status", "INVALID_TYPE")));
        assert_eq!(got.len(), 4);
        assert!(errs[0].message.contains("did you mean emailAddress?"));
    }

    #[test]
    fn a_blank_country_code_is_absent() {
        let mut input = full();
        input["address"] = json!({ "countryCode": " \u{a0} ", "city": "Lima" });
        let sent = serde_json::to_value(validate(&input, TODAY).unwrap()).unwrap();
        assert_eq!(sent["address"], json!({ "city": "Lima" }));
    }

    #[test]
    fn address_and_locale_errors_name_their_path() {
        let mut input = full();
        let o = input.as_object_mut().unwrap();
        o.insert(
            "address".into(),
            json!({ "street": "x", "zip": "y", "countryCode": "UK" }),
        );
        o.remove("locale");
        o.insert("language".into(), json!("en_GB"));
        let errs = validate(&input, TODAY).unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_ref(), e.code.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "language",
                    "UNKNOWN_FIELD",
                    "unknown field \"language\", did you mean locale?"
                ),
                (
                    "address.street",
                    "UNKNOWN_FIELD",
                    "unknown field \"address.street\", did you mean address.streetName?"
                ),
                (
                    "address.zip",
                    "UNKNOWN_FIELD",
                    "unknown field \"address.zip\", did you mean address.postcode?"
                ),
                (
                    "address.countryCode",
                    "INVALID_COUNTRY",
                    "address.countryCode must be an ISO 3166-1 alpha-2 code; the United Kingdom is GB (did you mean GB?)"
                ),
            ]
        );
        let mut input = full();
        input["locale"] = json!("en_GB");
        input["nationalities"] = json!(null);
        let errs = validate(&input, TODAY).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].message,
            "locale must use - between its parts (did you mean en-GB?)"
        );
    }
}
