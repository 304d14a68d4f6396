//! Property tests: arbitrary JSON never panics a validator and anything it
//! accepts is sent unchanged; generated valid payloads always pass; what the
//! wasm edge hands back for an accepted payload (the input with
//! `normalise::edits` applied) is the validated person serialized.
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use personkit::image::{decode_base64, JPEG_STAND_IN, PNG_STAND_IN};
use personkit::providers::{equals, horus, verifik};
use personkit::validate::{
    days_in_month, edits, may_change, At, CivilDate, Edit, Json, Steps, COUNTRY_CODES,
};
use personkit::FieldError;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{json, Map, Value};

const TODAY: CivilDate = CivilDate {
    year: 2025,
    month: 6,
    day: 15,
};

const KEYS: &[&str] = &[
    "name",
    "images",
    "gender",
    "date_of_birth",
    "nationality",
    "collections",
    "notes",
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
    "streetName",
    "countryCode",
    "clientId",
    "clientSecret",
    "mainIdentifier",
    "externalId",
    "externaId",
    "additionalFirstName",
    "additionalLastName",
    "email",
    "password",
    "enabled",
    "custom",
    "categoryId",
    "positionId",
    "dateOfBirth",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-3i64..4).prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::String),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
        "(data:)?[A-Za-z0-9+/]{0,24}={0,3}".prop_map(Value::String),
        "(/9j/|iVBORw0KGgo)[A-Za-z0-9+/]{0,20}={0,2}".prop_map(Value::String),
        "[A-Za-z]{0,3}".prop_map(Value::String),
        r#"\{[a-z":,0-9\[\]{}]{0,12}"#.prop_map(Value::String),
        "[a-z.]{0,6}@[a-z.-]{0,8}".prop_map(Value::String),
        "\\+[0-9 -]{0,18}".prop_map(Value::String),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        3 => proptest::sample::select(KEYS).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    leaf().prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..10)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn check_errors(errors: &[FieldError]) {
    assert!(!errors.is_empty());
    for e in errors {
        let m = &e.message;
        assert!(!m.is_empty() && !m.ends_with('.'), "{m:?}");
        assert!(!m.starts_with(|c: char| c.is_uppercase()), "{m:?}");
        assert!(m.len() < 400, "message too long: {} bytes", m.len());
        assert!(e.field.chars().count() <= 48, "field too long");
    }
}

/// Run all three validators; anything accepted must serialize to the input.
fn run_all(input: &Value) {
    let results = [
        verifik::validate(input, TODAY).map(|p| serde_json::to_value(p).unwrap()),
        equals::validate(input, TODAY).map(|p| serde_json::to_value(p).unwrap()),
        horus::validate(input, TODAY).map(|p| serde_json::to_value(p).unwrap()),
    ];
    for r in results {
        match r {
            Ok(body) => assert_eq!(&body, input),
            Err(errors) => check_errors(&errors),
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_json_never_panics(input in arb_json()) {
        run_all(&input);
    }

    #[test]
    fn arbitrary_objects_with_known_keys_never_panic(
        fields in proptest::collection::btree_map(proptest::sample::select(KEYS), leaf(), 0..16)
    ) {
        let map: Map<String, Value> = fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        run_all(&Value::Object(map));
    }
}

// ---------------------------------------------------------------------------
// Valid payloads

fn past_date() -> impl Strategy<Value = String> {
    (1900i32..=2025, 1u8..=12, 1u8..=31)
        .prop_map(|(y, m, d)| CivilDate {
            year: y,
            month: m,
            day: d.min(days_in_month(y, m)),
        })
        .prop_filter("not in the future", |d| *d <= TODAY)
        .prop_map(|d| d.to_string())
}

fn name() -> impl Strategy<Value = String> {
    "[\\p{L}][\\p{L}' .-]{0,40}"
}

/// A whole JPEG or PNG: a real header, arbitrary image data, the end marker.
fn image() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        proptest::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(png, data)| {
            let (stand_in, header_len, end): (&str, usize, &[u8]) = if png {
                (PNG_STAND_IN, 33, b"\0\0\0\0IEND\xAE\x42\x60\x82")
            } else {
                (JPEG_STAND_IN, 25, &[0xFF, 0xD9])
            };
            let mut bytes = decode_base64(stand_in).unwrap();
            bytes.truncate(header_len);
            bytes.extend(data);
            bytes.extend(end);
            base64_simd::STANDARD.encode_to_string(&bytes)
        })
}

fn country() -> impl Strategy<Value = String> {
    proptest::sample::select(COUNTRY_CODES.to_vec()).prop_map(str::to_owned)
}

fn email() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9_%+-]{0,15}(\\.[a-z0-9_+-]{1,8})?@[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?\\.[a-z]{2,6}"
}

/// Insert the optional fields that were generated.
fn object(required: Vec<(&str, Value)>, optional: Vec<(&str, Option<Value>)>) -> Value {
    let mut map = BTreeMap::new();
    for (k, v) in required {
        map.insert(k.to_owned(), v);
    }
    for (k, v) in optional {
        if let Some(v) = v {
            map.insert(k.to_owned(), v);
        }
    }
    Value::Object(map.into_iter().collect())
}

fn verifik_person() -> impl Strategy<Value = Value> {
    (
        name(),
        proptest::collection::vec(image(), 1..=3),
        proptest::option::of(prop_oneof![Just("M"), Just("F")]),
        proptest::option::of(past_date()),
        proptest::option::of(prop_oneof![country(), "\\p{L}[\\p{L} '-]{2,40}"]),
        proptest::option::of(proptest::collection::vec("[a-z0-9_]{1,20}", 0..4)),
        proptest::option::of(any::<String>()),
    )
        .prop_map(|(name, images, gender, dob, nat, coll, notes)| {
            object(
                vec![("name", json!(name)), ("images", json!(images))],
                vec![
                    ("gender", gender.map(|g| json!(g))),
                    ("date_of_birth", dob.map(|d| json!(d))),
                    ("nationality", nat.map(|n| json!(n))),
                    ("collections", coll.map(|c| json!(c))),
                    ("notes", notes.map(|n| json!(n))),
                ],
            )
        })
}

fn nullable(s: impl Strategy<Value = String>) -> impl Strategy<Value = Option<Value>> {
    proptest::option::of(prop_oneof![Just(Value::Null), s.prop_map(Value::String)])
}

fn equals_person() -> impl Strategy<Value = Value> {
    let required = (
        "[A-Za-z0-9-]{1,36}",
        name(),
        name(),
        proptest::sample::select(vec![
            "Owner",
            "Admin",
            "Payer",
            "Viewer",
            "Accountant",
            "User",
        ]),
        email(),
    );
    let optional = (
        nullable(past_date()),
        nullable("\\+[1-9][0-9]{6,14}"),
        proptest::option::of(prop_oneof![Just("active"), Just("deactivated")]),
        proptest::option::of("[0-9A-Z-]{0,12}"),
        nullable("[\\p{L} ]{0,40}"),
        proptest::option::of(any::<bool>()),
        proptest::option::of("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(prop_oneof![Just("em-light"), Just("em-dark")]),
        proptest::option::of(prop_oneof![
            Just(Value::Null),
            proptest::collection::vec(country(), 0..4).prop_map(|n| json!(n)),
        ]),
        (
            proptest::option::of("[a-z0-9]{0,20}"),
            proptest::option::of("[0-9]{6}"),
            proptest::option::of(any::<std::net::IpAddr>()),
            proptest::option::of(address()),
            proptest::option::of("[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?"),
        ),
    );
    (required, optional).prop_map(|((acc, first, last, role, mail), o)| {
        let (dob, phone, status, emp, job, notify, uuid, pool, invite, theme, nats, extras) = o;
        let (sid, mfa, ip, address, locale) = extras;
        object(
            vec![
                ("accountId", json!(acc)),
                ("firstName", json!(first)),
                ("lastName", json!(last)),
                ("roleName", json!(role)),
                ("emailAddress", json!(mail)),
            ],
            vec![
                ("dob", dob),
                ("primaryMobileNumber", phone),
                ("status", status.map(|s| json!(s))),
                ("employeeNumber", emp.map(|s| json!(s))),
                ("jobTitle", job),
                ("notifyEmailTrans", notify.map(|b| json!(b))),
                ("createdByPersonaId", uuid.map(|s| json!(s))),
                ("addToUserPool", pool.map(|b| json!(b))),
                ("sendInvite", invite.map(|b| json!(b))),
                ("emailTheme", theme.map(|s| json!(s))),
                ("nationalities", nats),
                ("sessionId", sid.map(|s| json!(s))),
                ("mfaCode", mfa.map(|s| json!(s))),
                ("customerIp", ip.map(|ip| json!(ip.to_string()))),
                ("address", address),
                ("locale", locale.map(|s| json!(s))),
            ],
        )
    })
}

/// An Equals `address`: some documented members, in a random order.
fn address() -> impl Strategy<Value = Value> {
    let member = prop_oneof![
        name().prop_map(|s| ("streetName", s)),
        "[0-9]{1,4}[A-Z]?".prop_map(|s| ("buildingNumber", s)),
        name().prop_map(|s| ("buildingName", s)),
        "[A-Z0-9 ]{0,10}".prop_map(|s| ("postcode", s)),
        name().prop_map(|s| ("city", s)),
        name().prop_map(|s| ("region", s)),
        country().prop_map(|s| ("countryCode", s)),
    ];
    proptest::collection::vec(member, 0..8).prop_map(|members| {
        let mut map = Map::new();
        for (k, v) in members {
            map.insert(k.to_owned(), json!(v));
        }
        Value::Object(map)
    })
}

fn horus_person() -> impl Strategy<Value = Value> {
    let required = (
        "[a-z0-9]{1,16}",
        "[!-~][ -~]{0,31}", // never blank: a blank secret is EMPTY
        "[0-9]{8,12}",
        name(),
        name(),
        email(),
        1u32..=i32::MAX as u32,
        1u32..=i32::MAX as u32,
    );
    let optional = (
        proptest::option::of("[a-z0-9]{0,16}"),
        proptest::option::of(name()),
        proptest::option::of(name()),
        proptest::option::of(any::<String>()),
        proptest::option::of(0u8..=1),
        proptest::option::of(
            proptest::collection::btree_map("[a-z]{1,8}", any::<String>(), 0..4)
                .prop_map(|m| serde_json::to_string(&m).unwrap()),
        ),
    );
    (required, optional).prop_map(|((cid, secret, main, first, last, mail, cat, pos), o)| {
        let (ext, af, al, pw, enabled, custom) = o;
        object(
            vec![
                ("clientId", json!(cid)),
                ("clientSecret", json!(secret)),
                ("mainIdentifier", json!(main)),
                ("firstName", json!(first)),
                ("lastName", json!(last)),
                ("email", json!(mail)),
                ("categoryId", json!(cat)),
                ("positionId", json!(pos)),
            ],
            vec![
                ("externalId", ext.map(|s| json!(s))),
                ("additionalFirstName", af.map(|s| json!(s))),
                ("additionalLastName", al.map(|s| json!(s))),
                ("password", pw.map(|s| json!(s))),
                ("enabled", enabled.map(|n| json!(n))),
                ("custom", custom.map(|s| json!(s))),
            ],
        )
    })
}

proptest! {
    #[test]
    fn valid_verifik_payloads_pass_as_normalised(input in verifik_person()) {
        let p = verifik::validate(&input, TODAY);
        prop_assert!(p.is_ok(), "{:?}", p.err());
        let sent = serde_json::to_value(p.unwrap()).unwrap();
        // Unchanged unless a normalisation step may apply (normalise.rs), and
        // what is sent is a fixed point: validating it again changes nothing.
        if !may_change(Json::from(&input)) {
            prop_assert_eq!(&sent, &input);
        }
        let again = serde_json::to_value(verifik::validate(&sent, TODAY).unwrap()).unwrap();
        prop_assert_eq!(again, sent);
    }

    #[test]
    fn valid_equals_payloads_pass_as_normalised(input in equals_person()) {
        let p = equals::validate(&input, TODAY);
        prop_assert!(p.is_ok(), "{:?}", p.err());
        let sent = serde_json::to_value(p.unwrap()).unwrap();
        // Unchanged unless a normalisation step may apply (normalise.rs), and
        // what is sent is a fixed point: validating it again changes nothing.
        if !may_change(Json::from(&input)) {
            prop_assert_eq!(&sent, &input);
        }
        let again = serde_json::to_value(equals::validate(&sent, TODAY).unwrap()).unwrap();
        prop_assert_eq!(again, sent);
    }

    #[test]
    fn valid_horus_payloads_pass_as_normalised(input in horus_person()) {
        let p = horus::validate(&input, TODAY);
        prop_assert!(p.is_ok(), "{:?}", p.err());
        let sent = serde_json::to_value(p.unwrap()).unwrap();
        // Unchanged unless a normalisation step may apply (normalise.rs), and
        // what is sent is a fixed point: validating it again changes nothing.
        if !may_change(Json::from(&input)) {
            prop_assert_eq!(&sent, &input);
        }
        let again = serde_json::to_value(horus::validate(&sent, TODAY).unwrap()).unwrap();
        prop_assert_eq!(again, sent);
    }
}

// Inputs as forms give them (normalise.rs): the wasm edge hands back the
// caller's payload with `edits` applied and its top-level "" left out,
// instead of serializing the validated person. Checked here against the
// person serialized, on valid payloads whose strings are padded with
// whitespace (Unicode's and a few that are not), lowercased or emptied: a
// rule that trims a field the `STEPS` table does not name fails here.

/// What the edge sends: `input` with `edits` applied, top-level `""` left out.
fn applied(input: &Value, edits: &[Edit<'_>]) -> Value {
    let mut v = input.clone();
    for e in edits {
        if let (At::Member(m), "") = (e.at, e.text.as_ref()) {
            if let Some(o) = v[e.field].as_object_mut() {
                o.remove(m);
            }
            continue;
        }
        let slot = &mut v[e.field];
        let target = match e.at {
            At::Field => slot,
            At::Item(i) => &mut slot[i],
            At::Member(m) => &mut slot[m],
            other => panic!("an edit this test does not know: {other:?}"),
        };
        *target = Value::String(e.text.to_string());
    }
    if let Value::Object(map) = &mut v {
        map.retain(|_, x| x != "");
    }
    v
}

/// Whitespace (Unicode's White_Space, which `str::trim` takes off), and two
/// that are not: a zero-width no-break space and a control character.
const PADDING: [&str; 12] = [
    " ", "  ", "\t", "\n ", "\u{b}", "\u{a0}", "\u{3000}", "\u{85}", "\u{2028}", "\u{205f}",
    "\u{feff}", "\u{1f}",
];

/// `v` as a form might give it: each string (images aside) kept, padded on
/// either side, lowercased, or emptied, as `choices` say in turn.
fn as_a_form_gives_it(v: &mut Value, choices: &mut impl Iterator<Item = (u8, usize, usize)>) {
    match v {
        Value::String(s) if s.len() < 1000 => {
            let (how, a, b) = choices.next().unwrap_or((0, 0, 0));
            match how {
                0..=5 => {}
                6 | 7 => {
                    *s = format!(
                        "{}{s}{}",
                        PADDING[a % PADDING.len()],
                        PADDING[b % PADDING.len()]
                    )
                }
                8 => *s = format!("{s}{}", PADDING[b % PADDING.len()]),
                9 => *s = s.to_lowercase(),
                _ => s.clear(),
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|x| as_a_form_gives_it(x, choices)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|x| as_a_form_gives_it(x, choices)),
        _ => {}
    }
}

fn choices() -> impl Strategy<Value = Vec<(u8, usize, usize)>> {
    proptest::collection::vec((0u8..11, 0usize..12, 0usize..12), 40)
}

fn sent_is_input_with_edits<T: serde::Serialize>(
    validate: fn(&Value, CivilDate) -> Result<T, Vec<FieldError>>,
    steps: &Steps,
    mut input: Value,
    choices: Vec<(u8, usize, usize)>,
) -> Result<bool, TestCaseError> {
    as_a_form_gives_it(&mut input, &mut choices.into_iter());
    let Ok(person) = validate(&input, TODAY) else {
        return Ok(false);
    };
    let sent = serde_json::to_value(person).unwrap();
    let edits = edits(Json::from(&input), steps);
    prop_assert_eq!(applied(&input, &edits), sent, "{}", input);
    // The edge looks for edits only where `may_change` says a step may apply.
    if !may_change(Json::from(&input)) {
        prop_assert!(edits.is_empty(), "{}", input);
    }
    Ok(true)
}

proptest! {
    #[test]
    fn verifik_form_inputs_are_sent_as_the_edge_edits_them(input in verifik_person(), c in choices()) {
        sent_is_input_with_edits(verifik::validate, &verifik::validate::STEPS, input, c)?;
    }

    #[test]
    fn equals_form_inputs_are_sent_as_the_edge_edits_them(input in equals_person(), c in choices()) {
        sent_is_input_with_edits(equals::validate, &equals::validate::STEPS, input, c)?;
    }

    #[test]
    fn horus_form_inputs_are_sent_as_the_edge_edits_them(input in horus_person(), c in choices()) {
        sent_is_input_with_edits(horus::validate, &horus::validate::STEPS, input, c)?;
    }
}

/// Enough of the padded payloads are accepted for the properties above to
/// say something about every step.
#[test]
fn form_inputs_are_often_accepted() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut accepted = [0u32; 3];
    for _ in 0..300 {
        let c = choices().new_tree(&mut runner).unwrap().current();
        let v = verifik_person().new_tree(&mut runner).unwrap().current();
        let e = equals_person().new_tree(&mut runner).unwrap().current();
        let h = horus_person().new_tree(&mut runner).unwrap().current();
        accepted[0] += u32::from(
            sent_is_input_with_edits(verifik::validate, &verifik::validate::STEPS, v, c.clone())
                .unwrap(),
        );
        accepted[1] += u32::from(
            sent_is_input_with_edits(equals::validate, &equals::validate::STEPS, e, c.clone())
                .unwrap(),
        );
        accepted[2] += u32::from(
            sent_is_input_with_edits(horus::validate, &horus::validate::STEPS, h, c).unwrap(),
        );
    }
    assert!(
        accepted.iter().all(|&n| n >= 20),
        "accepted of 300: {accepted:?}"
    );
}
