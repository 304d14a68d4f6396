//! The table, the server's fields, and the names errors carry.

use serde_json::{json, Value};

use super::*;
use crate::validate::CivilDate;

const TODAY: CivilDate = CivilDate {
    year: 2026,
    month: 12,
    day: 4,
};
/// A 1×1 PNG, raw base64.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn server() -> Value {
    json!({
        "verifik": { "collections": ["staff"] },
        "equals": { "accountId": "F12345", "roleName": "Viewer" },
        "horus": { "categoryId": 2, "positionId": 3 },
    })
}

fn ana() -> Value {
    json!({
        "firstName": "Ana", "lastName": "Ñañez Quispe", "email": "ana@example.pe",
        "phone": "+51987654321", "dateOfBirth": "1990-12-04", "gender": "F",
        "nationality": "PE", "identityNumber": "45879632", "photos": [PNG],
    })
}

fn map(person: &Value, server: &Value) -> Result<Vec<(Provider, Value)>, Vec<PersonError>> {
    to_provider_payloads(person, server, TODAY.into())
}

fn body(payloads: &[(Provider, Value)], p: Provider) -> &Value {
    &payloads.iter().find(|(q, _)| *q == p).unwrap().1
}

fn fields(errors: &[PersonError]) -> Vec<(Option<&str>, &str, &str)> {
    errors
        .iter()
        .map(|e| {
            (
                e.provider.map(Provider::as_str),
                e.field.as_str(),
                e.code.as_str(),
            )
        })
        .collect()
}

#[test]
fn the_table_fills_the_three_bodies() {
    let p = map(&ana(), &server()).unwrap();
    assert_eq!(
        p.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        PROVIDERS.to_vec()
    );
    assert_eq!(
        body(&p, Provider::Verifik),
        &json!({ "name": "Ana Ñañez Quispe", "images": [PNG], "gender": "F",
                 "date_of_birth": "1990-12-04", "nationality": "PE", "collections": ["staff"] })
    );
    assert_eq!(
        body(&p, Provider::Equals),
        &json!({ "firstName": "Ana", "lastName": "Ñañez Quispe", "emailAddress": "ana@example.pe",
                 "primaryMobileNumber": "+51987654321", "dob": "1990-12-04", "nationalities": ["PE"],
                 "accountId": "F12345", "roleName": "Viewer" })
    );
    assert_eq!(
        body(&p, Provider::Horus),
        &json!({ "firstName": "Ana", "lastName": "Ñañez Quispe", "email": "ana@example.pe",
                 "mainIdentifier": "45879632", "categoryId": 2, "positionId": 3 })
    );
}

#[test]
fn only_the_providers_the_server_names() {
    let p = map(
        &ana(),
        &json!({ "horus": { "categoryId": 1, "positionId": 1 } }),
    )
    .unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, Provider::Horus);
    // A Verifik-only server needs neither email nor identity number.
    let p = map(
        &json!({ "firstName": "Ana", "lastName": "Q", "photos": [PNG] }),
        &json!({ "verifik": true }),
    )
    .unwrap();
    assert_eq!(p[0].1, json!({ "name": "Ana Q", "images": [PNG] }));
}

#[test]
fn verifik_name_joins_trimmed_parts_and_blames_first_name() {
    let p = map(
        &json!({ "firstName": "  Ana ", "lastName": "", "photos": [PNG] }),
        &json!({ "verifik": true }),
    )
    .unwrap();
    assert_eq!(p[0].1["name"], "Ana");
    let e = map(&json!({ "photos": [PNG] }), &json!({ "verifik": true })).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![(Some("verifik"), "firstName", "NAME_REQUIRED")]
    );
}

#[test]
fn errors_name_the_neutral_fields_with_the_provider() {
    let mut person = ana();
    person["email"] = json!("not-an-email");
    person["photos"] = json!([PNG, "data:image/png;base64,AAAA"]);
    person["nationality"] = json!("Peru");
    person["dateOfBirth"] = json!("1990-02-30");
    let e = map(&person, &server()).unwrap_err();
    let f = fields(&e);
    for want in [
        (Some("verifik"), "photos[1]", "INVALID_BASE64"),
        (Some("verifik"), "dateOfBirth", "INVALID_DATE"),
        (Some("equals"), "email", "INVALID_EMAIL"),
        (Some("equals"), "dateOfBirth", "INVALID_DATE"),
        (Some("equals"), "nationality", "INVALID_COUNTRY"),
        (Some("horus"), "email", "INVALID_EMAIL"),
    ] {
        assert!(f.contains(&want), "{want:?} in {f:?}");
    }
    // Verifik takes a nationality by name ("Nationality or country code");
    // Equals' `nationalities` are codes.
    assert!(!f.contains(&(Some("verifik"), "nationality", "INVALID_COUNTRY")));
    for e in &e {
        for provider_name in [
            "emailAddress",
            "images",
            "date_of_birth",
            "nationalities",
            " dob",
        ] {
            assert!(!e.field.contains(provider_name), "{e:?}");
            assert!(!e.message.starts_with(provider_name.trim()), "{e:?}");
        }
    }
}

#[test]
fn required_fields_are_reported_by_each_provider_that_needs_them() {
    let e = map(
        &json!({ "firstName": "Ana", "lastName": "Q", "photos": [PNG] }),
        &server(),
    )
    .unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            (Some("equals"), "email", "REQUIRED"),
            (Some("horus"), "identityNumber", "REQUIRED"),
            (Some("horus"), "email", "REQUIRED"),
        ]
    );
    assert!(e.iter().all(|e| !e.message.contains("emailAddress")));
}

#[test]
fn server_owned_fields_cannot_come_from_the_person() {
    let mut person = ana();
    person["roleName"] = json!("Owner");
    person["categoryId"] = json!(1);
    person["extras"] = json!({
        "equals": { "roleName": "Owner", "accountId": "F999", "jobTitle": "Chef" },
        "horus": { "positionId": 9, "enabled": 1, "clientSecret": "x" },
        "verifik": { "collections": ["admins"], "notes": "VIP" },
    });
    let e = map(&person, &server()).unwrap_err();
    let f = fields(&e);
    assert_eq!(
        f,
        vec![
            (Some("equals"), "roleName", "FIELD_NOT_ALLOWED"),
            (Some("horus"), "categoryId", "FIELD_NOT_ALLOWED"),
            (
                Some("verifik"),
                "extras.verifik.collections",
                "FIELD_NOT_ALLOWED"
            ),
            (
                Some("equals"),
                "extras.equals.roleName",
                "FIELD_NOT_ALLOWED"
            ),
            (
                Some("equals"),
                "extras.equals.accountId",
                "FIELD_NOT_ALLOWED"
            ),
            (
                Some("horus"),
                "extras.horus.positionId",
                "FIELD_NOT_ALLOWED"
            ),
            (Some("horus"), "extras.horus.enabled", "FIELD_NOT_ALLOWED"),
            (
                Some("horus"),
                "extras.horus.clientSecret",
                "FIELD_NOT_ALLOWED"
            ),
        ]
    );
    // The message never echoes the value tried.
    assert!(e
        .iter()
        .all(|e| !e.message.contains("Owner") && !e.message.contains("F999")));
}

#[test]
fn a_server_owned_field_in_the_extras_of_a_provider_not_checked_is_refused_too() {
    // A Verifik-only check: extras.equals is not sent, but no road sets a role.
    let mut person = ana();
    person["extras"] = json!({
        "equals": { "roleName": "Owner", "jobTitle": "Chef" },
        "horus": { "categoryId": 9 },
    });
    let e = map(&person, &json!({ "verifik": { "collections": ["staff"] } })).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            (
                Some("equals"),
                "extras.equals.roleName",
                "FIELD_NOT_ALLOWED"
            ),
            (
                Some("horus"),
                "extras.horus.categoryId",
                "FIELD_NOT_ALLOWED"
            ),
        ]
    );
}

#[test]
fn a_document_number_written_with_spaces_or_dots_is_sent_as_one_word() {
    // Horus keys a person by it: "45 879 632" and "45879632" would be two.
    let mut person = ana();
    person["identityNumber"] = json!(" 45 879\u{a0}632 ");
    let bodies = map(&person, &server()).unwrap();
    let horus = bodies.iter().find(|(p, _)| *p == Provider::Horus).unwrap();
    assert_eq!(horus.1["mainIdentifier"], "45879632");
    // Dots between digits, as a cédula or a DNI is often written, go too; others stay.
    for (typed, sent) in [
        ("45.879.632", "45879632"),
        ("1.020.304.050", "1020304050"),
        ("PA.123", "PA.123"),
        ("123.", "123."),
    ] {
        person["identityNumber"] = json!(typed);
        let bodies = map(&person, &server()).unwrap();
        let horus = bodies.iter().find(|(p, _)| *p == Provider::Horus).unwrap();
        assert_eq!(horus.1["mainIdentifier"], sent, "{typed}");
    }
    // A blank one is still the rules' to name.
    person["identityNumber"] = json!("   ");
    let e = map(&person, &server()).unwrap_err();
    assert!(e.iter().any(|e| e.field == "identityNumber"), "{e:?}");
}

#[test]
fn a_field_the_server_sets_becomes_the_servers() {
    let server =
        json!({ "equals": { "accountId": "F1", "roleName": "Viewer", "jobTitle": "Staff" } });
    let mut person = ana();
    person["extras"] = json!({ "equals": { "jobTitle": "CEO" } });
    let e = map(&person, &server).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![(
            Some("equals"),
            "extras.equals.jobTitle",
            "FIELD_NOT_ALLOWED"
        )]
    );
}

#[test]
fn extras_cannot_set_what_the_table_fills() {
    let mut person = ana();
    person["extras"] =
        json!({ "equals": { "emailAddress": "other@example.com" }, "verifik": { "name": "X" } });
    let e = map(&person, &server()).unwrap_err();
    assert_eq!(e[0].field, "extras.verifik.name");
    assert_eq!(
        e[0].message,
        "extras.verifik.name comes from firstName: set firstName instead"
    );
    assert_eq!(e[1].field, "extras.equals.emailAddress");
    assert_eq!(e[1].code, ErrorCode::FieldNotAllowed);
}

#[test]
fn extras_merge_provider_only_fields_and_unknown_ones_are_named() {
    let mut person = ana();
    person["extras"] = json!({
        "verifik": { "notes": "VIP" },
        "equals": { "jobTitle": "Chef", "jobTtle": "typo" },
        "horus": { "externaId": "92dd9aa0" },
    });
    let e = map(&person, &server()).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            (Some("equals"), "extras.equals.jobTtle", "UNKNOWN_FIELD"),
            (Some("horus"), "extras.horus.externaId", "UNKNOWN_FIELD"),
        ]
    );
    assert!(e[1].message.contains("externalId"), "{}", e[1].message);
    person["extras"] = json!({ "verifik": { "notes": "VIP" }, "equals": { "jobTitle": "Chef" }, "horus": { "externalId": "92dd9aa0" } });
    let p = map(&person, &server()).unwrap();
    assert_eq!(body(&p, Provider::Verifik)["notes"], "VIP");
    assert_eq!(body(&p, Provider::Equals)["jobTitle"], "Chef");
    assert_eq!(body(&p, Provider::Horus)["externalId"], "92dd9aa0");
}

#[test]
fn the_persons_shape() {
    let e = map(&json!("Ana"), &server()).unwrap_err();
    assert_eq!(fields(&e), vec![(None, "", "INVALID_TYPE")]);

    let mut person = ana();
    person["emailAddress"] = json!("ana@example.pe");
    person["email"] = json!(42);
    person["photos"] = json!("abc");
    person["extras"] = json!({ "equal": {}, "horus": "x" });
    let e = map(&person, &server()).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            (None, "email", "INVALID_TYPE"),
            (None, "photos", "INVALID_TYPE"),
            (None, "emailAddress", "UNKNOWN_FIELD"),
            (None, "extras.equal", "UNKNOWN_FIELD"),
            (None, "extras.horus", "INVALID_TYPE"),
        ],
        "a broken email or photos is reported once, not again as missing by each provider"
    );
    assert!(
        e[2].message.contains("did you mean email"),
        "{}",
        e[2].message
    );
}

#[test]
fn null_counts_as_absent() {
    let mut person = ana();
    for k in ["phone", "gender", "nationality", "dateOfBirth", "extras"] {
        person[k] = Value::Null;
    }
    let p = map(&person, &server()).unwrap();
    assert!(body(&p, Provider::Equals)
        .get("primaryMobileNumber")
        .is_none());
    assert!(body(&p, Provider::Verifik).get("gender").is_none());
}

#[test]
fn a_page_checks_without_the_servers_values() {
    // The page knows which providers, not the account or the category.
    let server = json!({ "verifik": true, "equals": {}, "horus": true });
    let p = map(&ana(), &server).unwrap();
    assert!(body(&p, Provider::Equals).get("accountId").is_none());
    // Nor the Horus credentials, which the client adds.
    assert!(body(&p, Provider::Horus).get("clientId").is_none());
}

#[test]
fn a_server_field_the_table_fills_from_the_person_is_refused() {
    let server = json!({ "horus": { "categoryId": 1, "positionId": 1, "mainIdentifier": "999" }, "verifik": { "name": "Everyone" } });
    let e = map(&ana(), &server).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            (Some("verifik"), "server.name", "FIELD_NOT_ALLOWED"),
            (Some("horus"), "server.mainIdentifier", "FIELD_NOT_ALLOWED"),
        ]
    );
}

#[test]
fn a_misconfigured_server_is_named_as_such() {
    let server = json!({ "equals": { "accountId": "F1", "roleName": "King" }, "horus": { "categoryId": 0, "positionId": 1 }, "equal": {} });
    let e = map(&ana(), &server).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            (None, "server.equal", "UNKNOWN_FIELD"),
            (Some("equals"), "server.roleName", "NOT_ONE_OF"),
            (Some("horus"), "server.categoryId", "OUT_OF_RANGE"),
        ]
    );
    let e = map(&ana(), &json!([])).unwrap_err();
    assert_eq!(fields(&e), vec![(None, "server", "INVALID_TYPE")]);
}

#[test]
fn check_payload_names_fields_a_server_added_later() {
    // What a server's `prepare` might add after mapping.
    let mut b = body(&map(&ana(), &server()).unwrap(), Provider::Equals).clone();
    b["emailTheme"] = json!("purple");
    let e = check_payload(Provider::Equals, &b, &server(), TODAY.into());
    assert_eq!(
        fields(&e),
        vec![(Some("equals"), "extras.equals.emailTheme", "NOT_ONE_OF")]
    );
}

#[test]
fn json_output() {
    let ok = result_to_json(&map(
        &ana(),
        &json!({ "horus": { "categoryId": 1, "positionId": 1 } }),
    ));
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["value"]["horus"]["mainIdentifier"], "45879632");
    let bad = result_to_json(&map(&json!({}), &json!({ "horus": true })));
    assert_eq!(bad["ok"], false);
    assert_eq!(
        bad["errors"][0],
        json!({ "field": "identityNumber", "code": "REQUIRED", "message": bad["errors"][0]["message"], "provider": "horus" })
    );
}

#[test]
fn arbitrary_json_never_panics() {
    let odd = [
        json!(null),
        json!([]),
        json!({ "photos": [1, null, {}], "extras": { "verifik": { "images": 1 } } }),
        json!({ "firstName": { "a": 1 }, "lastName": [], "extras": null }),
        json!({ "": "", "extras": { "": 1 } }),
    ];
    for person in &odd {
        for server in [
            server(),
            json!(null),
            json!({ "equals": 1 }),
            json!({ "horus": { "categoryId": "x" } }),
        ] {
            let _ = map(person, &server);
        }
    }
}

// ---------------------------------------------------------------- one field at a time

/// A person valid but for `field`, which holds `value`.
fn with(field: &str, value: Value) -> Value {
    let mut p = json!({ "firstName": "A", "lastName": "A", "email": "a@example.com",
                        "identityNumber": "1", "photos": [PNG] });
    p[field] = value;
    p
}

fn every() -> Value {
    json!({ "verifik": true, "equals": true, "horus": true })
}

fn check(field: &str, value: Value, server: &Value) -> Result<Option<Value>, Vec<PersonError>> {
    field::check_field(field, &with(field, value), server, TODAY.into())
}

#[test]
fn the_value_as_sent() {
    let all = every();
    assert_eq!(
        check("email", json!(" ana@example.pe "), &all),
        Ok(Some(json!("ana@example.pe")))
    );
    assert_eq!(
        check("nationality", json!("pe"), &all),
        Ok(Some(json!("PE")))
    );
    assert_eq!(check("phone", json!(""), &all), Ok(None));
    assert_eq!(
        check("firstName", json!(" Ana "), &all),
        Ok(Some(json!("Ana")))
    );
    // Only Verifik takes it, inside its joined name: the part as joined.
    let verifik = json!({ "verifik": true });
    assert_eq!(
        check("firstName", json!(" Ana "), &verifik),
        Ok(Some(json!("Ana")))
    );
    assert_eq!(
        check("identityNumber", json!("45879632"), &verifik),
        Ok(None)
    );
    // One photo of the list: that item as sent.
    let person = json!({ "firstName": "A", "lastName": "A", "photos": [PNG, PNG] });
    assert_eq!(
        field::check_field("photos[1]", &person, &verifik, TODAY.into()),
        Ok(Some(json!(PNG)))
    );
    assert_eq!(
        field::check_field("photos[2]", &person, &verifik, TODAY.into()),
        Ok(None)
    );
    // A fourth photo: the list's own TOO_MANY.
    let person = json!({ "firstName": "A", "lastName": "A", "photos": [PNG, PNG, PNG, PNG] });
    let errors = field::check_field("photos[3]", &person, &verifik, TODAY.into()).unwrap_err();
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code),
        ("photos", crate::error::ErrorCode::TooMany)
    );
}

#[test]
fn errors_at_the_field_and_under_it_only() {
    let all = every();
    let errors = check("email", json!("nope"), &all).unwrap_err();
    assert!(errors.iter().all(|e| e.field == "email"), "{errors:?}");
    assert_eq!(
        errors.len(),
        2,
        "one per provider that takes it: {errors:?}"
    );
    let errors = check("photos", json!([PNG, "not an image"]), &all).unwrap_err();
    assert_eq!(errors[0].field, "photos[1]");
    let errors = check("extras", json!({ "equals": { "roleName": "Owner" } }), &all).unwrap_err();
    assert_eq!(errors[0].field, "extras.equals.roleName");
    // A broken server field is not the person's.
    let server = json!({ "horus": { "categoryId": "x" } });
    assert_eq!(check("email", json!("ana@example.pe"), &server), Ok(None));
}

#[test]
fn extras_as_sent() {
    let all = every();
    let got = check("extras", json!({ "equals": { "jobTitle": "Chef" } }), &all);
    assert_eq!(got, Ok(Some(json!({ "equals": { "jobTitle": "Chef" } }))));
}

#[test]
fn the_prefix_is_a_whole_name() {
    assert!(field::is_at_or_under("photos[1]", "photos"));
    assert!(field::is_at_or_under("extras.equals.jobTitle", "extras"));
    assert!(!field::is_at_or_under("emailAddress", "email"));
}

#[test]
fn bodies_keep_the_providers_documented_order() {
    let mut person = ana();
    person["extras"] = json!({ "equals": { "jobTitle": "x" }, "verifik": { "notes": "n" } });
    let payloads = map(&person, &server()).unwrap();
    for (provider, body) in &payloads {
        let keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let documented = fields_of(*provider);
        let at = |k: &str| documented.iter().position(|f| *f == k).unwrap();
        assert!(
            keys.windows(2).all(|w| at(w[0]) < at(w[1])),
            "{provider:?}: {keys:?}"
        );
    }
    let verifik: Vec<&str> = body(&payloads, Provider::Verifik)
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // Every Verifik field is filled here, so the body is the whole documented list.
    assert_eq!(verifik, crate::providers::verifik::validate::FIELDS);
}

#[test]
fn a_long_list_of_errors_is_cut_as_a_validators_is() {
    let mut person = ana();
    let extras: serde_json::Map<String, Value> = (0..500)
        .map(|i| (format!("k{i}"), Value::from(i)))
        .collect();
    person["extras"] = Value::Object(extras); // 500 keys that are no provider
    let errors = map(&person, &server()).unwrap_err();
    assert!(errors.len() >= 500);
    let listed = errors_to_json(&errors);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), crate::validate::MAX_ERRORS + 1);
    let last = &listed[crate::validate::MAX_ERRORS];
    assert_eq!(last["code"], "TOO_MANY");
    assert_eq!(last["field"], "");
    let more = errors.len() - crate::validate::MAX_ERRORS;
    assert!(last["message"]
        .as_str()
        .unwrap()
        .starts_with(&format!("and {more} more errors")));
}
