//! Each document's own request example, through its validator
//! (`tests/fixtures/payloads/`, copied from the provider documents the
//! project was written from, which are not in this repository).
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use personkit::providers::{equals, horus, verifik};
use personkit::validate::CivilDate;
use personkit::ErrorCode;
use serde_json::{json, Value};

const TODAY: CivilDate = CivilDate {
    year: 2025,
    month: 6,
    day: 15,
};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/payloads/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn verifik_sample_with_real_images_validates_to_the_same_body() {
    // The document's sample, with its two placeholder images replaced by a
    // real 2x2 JPEG and a real 2x2 PNG.
    let input = fixture("verifik_sample.json");
    let person = verifik::validate(&input, TODAY).unwrap();
    assert_eq!(person.images.len(), 2);
    assert_eq!(person.gender, Some(verifik::Gender::M));
    assert_eq!(serde_json::to_value(&person).unwrap(), input);
}

#[test]
fn verifik_sample_placeholders_are_not_images() {
    let mut input = fixture("verifik_sample.json");
    input["images"] = json!(["base64_encoded_image_1", "base64_encoded_image_2"]);
    let errors = verifik::validate(&input, TODAY).unwrap_err();
    let got: Vec<_> = errors.iter().map(|e| (e.field.as_ref(), e.code)).collect();
    assert_eq!(
        got,
        [
            ("images[0]", ErrorCode::InvalidBase64),
            ("images[1]", ErrorCode::InvalidBase64)
        ]
    );
}

#[test]
fn equals_sample_needs_its_missing_comma() {
    let raw = r#"{
      "accountId": "F12345",
      "emailAddress": "a.abraham@acme.com"
      "primaryMobileNumber": "+447798121212"
    }"#;
    assert!(
        serde_json::from_str::<Value>(raw).is_err(),
        "the document's sample is not JSON"
    );
    let input = fixture("equals_sample.json");
    let person = equals::validate(&input, TODAY).unwrap();
    assert_eq!(person.role_name, equals::Role::Viewer);
    assert_eq!(person.dob, Some(CivilDate::new(1996, 7, 17)));
    assert_eq!(serde_json::to_value(&person).unwrap(), input);
}

#[test]
fn horus_sample_fails_on_externa_id_with_a_hint_and_passes_renamed() {
    let input = fixture("horus_sample.json");
    let errors = horus::validate(&input, TODAY).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "externaId");
    assert_eq!(errors[0].code, ErrorCode::UnknownField);
    assert!(
        errors[0].message.contains("did you mean externalId?"),
        "{}",
        errors[0].message
    );

    let mut renamed = input.clone();
    let o = renamed.as_object_mut().unwrap();
    let v = o.remove("externaId").unwrap();
    o.insert("externalId".into(), v);
    let person = horus::validate(&renamed, TODAY).unwrap();
    assert_eq!(person.external_id.as_deref(), Some("92dd9aa0"));
    assert_eq!(person.enabled, Some(1));
    // The sample's `"password": ""` is an empty box: left out of the body.
    renamed.as_object_mut().unwrap().remove("password");
    assert_eq!(serde_json::to_value(&person).unwrap(), renamed);
}

#[test]
fn hints_named_in_the_issue() {
    let mut v = fixture("verifik_sample.json");
    let dob = v.as_object_mut().unwrap().remove("date_of_birth").unwrap();
    v["dateOfBirth"] = dob;
    let e = verifik::validate(&v, TODAY).unwrap_err();
    assert_eq!(
        e[0].message,
        "unknown field \"dateOfBirth\", did you mean date_of_birth?"
    );

    let mut q = fixture("equals_sample.json");
    let email = q.as_object_mut().unwrap().remove("emailAddress").unwrap();
    q["email"] = email;
    let e = equals::validate(&q, TODAY).unwrap_err();
    let unknown = e
        .iter()
        .find(|e| e.code == ErrorCode::UnknownField)
        .unwrap();
    assert_eq!(
        unknown.message,
        "unknown field \"email\", did you mean emailAddress?"
    );
}

#[test]
fn non_objects_give_one_clear_error() {
    for input in [json!(null), json!(3), json!([]), json!("x"), json!(false)] {
        for errors in [
            verifik::validate(&input, TODAY).unwrap_err(),
            equals::validate(&input, TODAY).unwrap_err(),
            horus::validate(&input, TODAY).unwrap_err(),
        ] {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, "");
            assert_eq!(errors[0].code, ErrorCode::InvalidType);
            assert!(errors[0].message.contains("must be a JSON object"));
        }
    }
}
