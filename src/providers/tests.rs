//! The table of validation cases (`tests/fixtures/validate_cases.json`, whose
//! expected errors `tests/validate_invalid.rs` checks) through the
//! validate-only road the wasm edge takes: `check` over a [`Doc`], the flat
//! records of the JS walk (written here by `DocBuf`, the tests' stand-in for
//! the walk). It must give the errors `validate` gives over the `Value`, in
//! the same order, with the same messages.
//!
//! [`Doc`]: crate::validate::Doc

use serde_json::Value;

use super::{equals, horus, verifik};
use crate::error::FieldError;
use crate::validate::{CivilDate, DocBuf};

fn validate(provider: &str, input: &Value, today: CivilDate) -> Vec<FieldError> {
    match provider {
        "verifik" => verifik::validate(input, today).err(),
        "equals" => equals::validate(input, today).err(),
        "horus" => horus::validate(input, today).err(),
        other => panic!("unknown provider {other}"),
    }
    .unwrap_or_default()
}

fn check(provider: &str, input: &Value, today: CivilDate) -> Vec<FieldError> {
    let names: &[&str] = match provider {
        "verifik" => &verifik::validate::FIELDS,
        "equals" => &equals::validate::FIELDS,
        "horus" => &horus::validate::FIELDS,
        other => panic!("unknown provider {other}"),
    };
    let buf = DocBuf::from_payload(input, 256, names);
    let mut rec = Vec::new();
    let doc = buf
        .doc(&mut rec, names)
        .expect("records of a Value make a doc");
    match provider {
        "verifik" => verifik::check(doc.root(), today),
        "equals" => equals::check(doc.root(), today),
        "horus" => horus::check(doc.root(), today),
        other => panic!("unknown provider {other}"),
    }
}

#[test]
fn check_over_the_walk_records_gives_what_validate_gives_on_every_case() {
    let doc: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/validate_cases.json")).unwrap();
    let today = CivilDate::parse_iso(doc["today"].as_str().unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 200, "the table shrank");
    let failures: Vec<String> = cases
        .iter()
        .filter(|case| {
            let provider = case["provider"].as_str().unwrap();
            check(provider, &case["input"], today) != validate(provider, &case["input"], today)
        })
        .map(|case| format!("{} / {}", case["provider"], case["name"]))
        .collect();
    assert!(
        failures.is_empty(),
        "check differs from validate in {} case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_case_fold_agrees_with_unicode_on_the_alphabets_it_covers() {
    use super::fold;
    for n in 0..=0x52F_u32 {
        let Some(c) = char::from_u32(n) else { continue };
        let lower: Vec<char> = c.to_lowercase().collect();
        let covered = matches!(n, 0x41..=0x5A | 0xC0..=0x17F | 0x386..=0x3AB | 0x400..=0x42F);
        if n == 0x3C2 {
            // Final sigma: the one letter folded past its own lower case, to σ (Σ's).
            assert_eq!(fold(c), 'σ');
        } else if fold(c) != c || (covered && lower.len() == 1) {
            assert_eq!(vec![fold(c)], lower, "U+{n:04X}");
        }
    }
    assert!(super::same_text(
        " ÑANDÚ ŁÓDŹ ΑΘΗΝΑ МОСКВА ",
        "ñandú łódź αθηνα москва"
    ));
    // Accented Greek capitals, and a word that ends in Σ / ς.
    assert!(super::same_text("ΕΛΈΝΗ ΠΑΠΑΔΟΠΟΎΛΟΥ", "Ελένη Παπαδοπούλου"));
    assert!(super::same_text("ΝΙΚΌΛΑΟΣ", "Νικόλαος"));
    assert!(!super::same_text("İ", "i"));
}
