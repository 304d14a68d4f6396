//! The table of validation cases (`tests/fixtures/validate_cases.json`): every
//! rule of every provider, input → the exact `{field, code}` errors. The same
//! file is meant to be run against the JS API in Node and Chromium; the
//! validate-only road over the JS walk's records is held to it by a unit test
//! (`src/providers/tests.rs`: the records' writer is test code of the crate).
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
use personkit::FieldError;
use serde_json::Value;

fn run(provider: &str, input: &Value, today: CivilDate) -> Result<Value, Vec<FieldError>> {
    match provider {
        "verifik" => verifik::validate(input, today).map(|p| serde_json::to_value(p).unwrap()),
        "equals" => equals::validate(input, today).map(|p| serde_json::to_value(p).unwrap()),
        "horus" => horus::validate(input, today).map(|p| serde_json::to_value(p).unwrap()),
        other => panic!("unknown provider {other}"),
    }
}

#[test]
fn every_case_of_the_table() {
    let doc: Value =
        serde_json::from_str(include_str!("fixtures/validate_cases.json")).expect("valid JSON");
    let today = CivilDate::parse_iso(doc["today"].as_str().unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 200, "the table shrank");
    let mut failures = Vec::new();
    for case in cases {
        let provider = case["provider"].as_str().unwrap();
        let name = case["name"].as_str().unwrap();
        let mut expected: Vec<(String, String)> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        expected.sort();
        let result = run(provider, &case["input"], today);
        match result {
            Ok(body) => {
                if !expected.is_empty() {
                    failures.push(format!(
                        "{provider} / {name}: passed, expected {expected:?}"
                    ));
                } else if body != *case.get("value").unwrap_or(&case["input"]) {
                    // `value`: the body as normalised (empty optional fields out,
                    // names trimmed, country codes upper-cased), where it differs.
                    failures.push(format!(
                        "{provider} / {name}: body differs from the expected value"
                    ));
                }
            }
            Err(errors) => {
                for e in &errors {
                    let m = &e.message;
                    if m.is_empty()
                        || m.ends_with('.')
                        || m.starts_with(|c: char| c.is_uppercase())
                        || m.len() > 300
                    {
                        failures.push(format!("{provider} / {name}: bad message {m:?}"));
                    }
                    if let Some(secret) = case["input"].get("clientSecret").and_then(Value::as_str)
                    {
                        if secret.trim().len() > 3 && m.contains(secret) {
                            failures
                                .push(format!("{provider} / {name}: message echoes the secret"));
                        }
                    }
                }
                let mut got: Vec<(String, String)> = errors
                    .into_iter()
                    .map(|e| (e.field.into_owned(), e.code.as_str().to_owned()))
                    .collect();
                got.sort();
                if got != expected {
                    failures.push(format!(
                        "{provider} / {name}:\n  got      {got:?}\n  expected {expected:?}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_covers_every_code_the_validators_use() {
    let doc: Value = serde_json::from_str(include_str!("fixtures/validate_cases.json")).unwrap();
    let text = doc.to_string();
    for code in [
        "REQUIRED",
        "NAME_REQUIRED",
        "TOO_LONG",
        "EMPTY",
        "NOT_ONE_OF",
        "INVALID_TYPE",
        "INVALID_DATE",
        "INVALID_EMAIL",
        "INVALID_UUID",
        "INVALID_COUNTRY",
        "INVALID_PHONE",
        "INVALID_IP",
        "INVALID_BASE64",
        "INVALID_JSON",
        "INVALID_CHARACTERS",
        "OUT_OF_RANGE",
        "TOO_MANY",
        "TOO_FEW",
        "UNKNOWN_FIELD",
        "INVALID_IMAGE_FORMAT",
        "IMAGE_EMPTY",
        "IMAGE_TOO_LARGE",
        "INVALID_LOCALE",
    ] {
        assert!(text.contains(&format!("\"{code}\"")), "{code} has no case");
    }
}
