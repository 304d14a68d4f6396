//! The wasm edge hands an accepted payload back as the caller's own JSON,
//! top-level keys in the provider's `FIELDS` order, instead of serializing
//! the validated person (src/wasm/validate.rs). That is exact only while
//! both hold for every accepted payload:
//! 1. the person serializes to the same JSON as its input (no rule changes a
//!    value it accepts) unless `may_change` says a normalisation step may
//!    apply (then the edge applies `normalise::edits` to that copy, which
//!    validate_props.rs checks against the person serialized), and
//! 2. its fields serialize in `FIELDS` order.
//!
//! Checked here on every valid case of the table, and on a payload with every
//! field of each provider (proptests in validate_props.rs cover 1 on
//! generated payloads).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use personkit::providers::{equals, horus, verifik};
use personkit::validate::{may_change, CivilDate, Json};
use personkit::FieldError;
use serde::Serialize;
use serde_json::{json, Value};

const TODAY: CivilDate = CivilDate {
    year: 2025,
    month: 6,
    day: 15,
};

/// The input's JSON text with top-level keys in `fields` order.
fn in_field_order(input: &Value, fields: &[&str]) -> String {
    let map = input.as_object().unwrap();
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|f| {
            map.get(*f)
                .map(|v| format!("{}:{}", json!(f), serde_json::to_string(v).unwrap()))
        })
        .collect();
    assert_eq!(parts.len(), map.len(), "every accepted key is a field");
    format!("{{{}}}", parts.join(","))
}

fn body<T: Serialize>(
    validate: fn(&Value, CivilDate) -> Result<T, Vec<FieldError>>,
    input: &Value,
) -> Option<String> {
    validate(input, TODAY)
        .ok()
        .map(|p| serde_json::to_string(&p).unwrap())
}

fn check(provider: &str, input: &Value) -> bool {
    let (sent, fields) = match provider {
        "verifik" => (
            body(verifik::validate, input),
            &verifik::validate::FIELDS[..],
        ),
        "equals" => (body(equals::validate, input), &equals::validate::FIELDS[..]),
        "horus" => (body(horus::validate, input), &horus::validate::FIELDS[..]),
        other => panic!("unknown provider {other}"),
    };
    let Some(sent) = sent else { return false };
    // A normalisation step (normalise.rs) changes the body; the edge then
    // edits its copy, and must know to: `may_change` says so.
    if !may_change(Json::from(input)) {
        assert_eq!(sent, in_field_order(input, fields), "{provider}");
    }
    true
}

#[test]
fn every_accepted_case_is_sent_as_its_input_in_field_order() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/validate_cases.json"
    );
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut accepted = 0;
    for case in table["cases"].as_array().unwrap() {
        if check(case["provider"].as_str().unwrap(), &case["input"]) {
            accepted += 1;
        }
    }
    assert!(accepted >= 10, "only {accepted} valid cases");
}

#[test]
fn a_payload_with_every_field_keeps_field_order() {
    let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    // Keys deliberately in reverse order.
    let verifik = json!({ "notes": "n", "collections": ["c"], "nationality": "PE",
        "date_of_birth": "1990-01-15", "gender": "F", "images": [png], "name": "Ñañez" });
    let equals = json!({ "locale": "en-GB",
        "address": { "countryCode": "GB", "city": "London", "streetName": "Maple Street" },
        "customerIp": "203.0.113.7", "mfaCode": "1", "sessionId": "s",
        "nationalities": ["GB"], "emailTheme": "em-dark", "sendInvite": false, "addToUserPool": true,
        "createdByPersonaId": "288cf796-c1ad-4ffd-9eb9-af210bff0ea0", "notifyEmailTrans": true,
        "jobTitle": null, "employeeNumber": "9", "status": "active", "primaryMobileNumber": null,
        "emailAddress": "a@b.cd", "dob": null, "roleName": "User", "lastName": "B",
        "firstName": "A", "accountId": "F1" });
    let horus = json!({ "positionId": 2, "categoryId": 1, "custom": "{}", "enabled": 0,
        "password": "", "email": "a@b.cd", "additionalLastName": "Q", "lastName": "D",
        "additionalFirstName": "M", "firstName": "J", "externalId": "x", "mainIdentifier": "4",
        "clientSecret": "s", "clientId": "c" });
    for (provider, input, n) in [
        ("verifik", verifik, verifik::validate::FIELDS.len()),
        ("equals", equals, equals::validate::FIELDS.len()),
        ("horus", horus, horus::validate::FIELDS.len()),
    ] {
        assert_eq!(
            input.as_object().unwrap().len(),
            n,
            "{provider}: every field"
        );
        assert!(check(provider, &input), "{provider} accepted");
    }
}
