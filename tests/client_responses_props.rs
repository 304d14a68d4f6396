//! Arbitrary bytes as a response body never panic any parser.
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap, index and panic, helpers included: a failing test is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod responses;

use personkit::http::redact::{body_excerpt, redact_secret_fields, MAX_BODY_BYTES};
use personkit::http::HttpResponse;
use personkit::providers::equals::response as equals;
use personkit::providers::horus::response::{self as horus};
use personkit::providers::verifik::response as verifik;
use proptest::prelude::*;
use responses::*;

// --------------------------------------------------------------- properties

fn any_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200_u16),
        Just(201),
        Just(400),
        Just(403),
        Just(412),
        Just(429),
        Just(500),
        0..1000_u16
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_any_parser(status in any_status(), body in proptest::collection::vec(any::<u8>(), 0..6000)) {
        let r = HttpResponse::new(status, vec![("retry-after".into(), "3".into())], body);
        let c = ctx();
        for e in [
            verifik::parse_response(&r, &c).err(),
            equals::parse_response(&r, &c).err(),
            horus::parse_response(&r, &c).err(),
        ].into_iter().flatten() {
            prop_assert!(e.body.as_ref().is_some_and(|b| b.len() <= MAX_BODY_BYTES));
            prop_assert_eq!(e.status, Some(status));
        }
    }

    #[test]
    fn json_like_bodies_never_panic(status in any_status(), body in r#"\{("(code|message|error|data|id|_id|success|persona|clientSecret)"\s*:\s*("[a-z_0-9 \\"]*"|[0-9]{1,7}|true|false|null|\{\}|\[\])[,}]?)*"#) {
        let r = HttpResponse::new(status, Vec::new(), body.into_bytes());
        let c = ctx();
        let _ = verifik::parse_response(&r, &c);
        let _ = equals::parse_response(&r, &c);
        let _ = horus::parse_response(&r, &c);
    }

    #[test]
    fn redaction_never_panics_and_stays_bounded(text in ".{0,300}", secret in "[A-Z0-9\"\\\\]{1,12}") {
        let _ = redact_secret_fields(&text);
        let with_secret = format!("{text}{secret}{text}");
        let out = body_excerpt(with_secret.as_bytes(), &[&secret]);
        prop_assert!(out.len() <= MAX_BODY_BYTES);
        prop_assert!(!out.contains(secret.as_str()));
    }
}
