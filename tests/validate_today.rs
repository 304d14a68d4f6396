//! "Not in the future" needs today's date, which the wasm edge reads from the
//! caller's clock: with the payload when the provider has a date rule (the
//! `dated` flag of each provider's `FieldNames` in src/wasm/validate.rs), or
//! when a rule asks. The flags only save a call (a rule that needs the date
//! asks for it either way); they pay off while Verifik and Equals read the
//! date when one is given and Horus never does, checked here with a clock
//! that counts its calls.

#![allow(clippy::unwrap_used)]

use std::cell::Cell;

use personkit::providers::{equals, horus, verifik};
use personkit::validate::{CivilDate, Today};
use serde_json::json;

fn asks(check: impl Fn(Today<'_>) -> bool) -> usize {
    let calls = Cell::new(0);
    let clock = || {
        calls.set(calls.get() + 1);
        CivilDate::new(2025, 6, 15).unwrap()
    };
    assert!(check(Today::ask(&clock)), "accepted");
    calls.get()
}

#[test]
fn the_clock_is_read_only_for_a_date_rule() {
    let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    let v = json!({ "name": "A", "images": [png], "date_of_birth": "1990-01-15" });
    assert_eq!(
        asks(|t| verifik::validate(&v, t).is_ok()),
        1,
        "verifik with a date"
    );
    let v = json!({ "name": "A", "images": [png] });
    assert_eq!(
        asks(|t| verifik::validate(&v, t).is_ok()),
        0,
        "verifik without"
    );

    let e = json!({ "accountId": "F1", "firstName": "A", "lastName": "B", "roleName": "User",
        "emailAddress": "a@b.cd", "dob": "1996-07-17" });
    assert_eq!(
        asks(|t| equals::validate(&e, t).is_ok()),
        1,
        "equals with a date"
    );

    // Every Horus field: none is a date.
    let h = json!({ "clientId": "c", "clientSecret": "s", "mainIdentifier": "4", "externalId": "x",
        "firstName": "J", "additionalFirstName": "M", "lastName": "D", "additionalLastName": "Q",
        "email": "a@b.cd", "password": "", "enabled": 0, "custom": "{}", "categoryId": 1, "positionId": 2 });
    assert_eq!(h.as_object().unwrap().len(), horus::validate::FIELDS.len());
    assert_eq!(asks(|t| horus::validate(&h, t).is_ok()), 0, "horus");
}
