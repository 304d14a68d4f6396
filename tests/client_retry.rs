//! The retry policy as a table: a create is repeated only when the server
//! cannot have created the person, or when the provider makes a repeat safe
//! and detectable.
// Native only: proptest and the fixtures on disk are not for wasm32.
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap, index and panic, helpers included: a failing test is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use personkit::http::{
    decide, is_retryable, transport_error, Decision, HttpResponse, Outcome, RetryPolicy,
};
use personkit::{Error, ErrorCode, Provider};
use proptest::prelude::*;

const V: Provider = Provider::Verifik;
const E: Provider = Provider::Equals;
const H: Provider = Provider::Horus;

fn status(s: u16) -> Outcome {
    Outcome::Response {
        status: s,
        retry_after_ms: None,
        provider_code: None,
    }
}

/// (outcome, Verifik, Equals, Horus): the README table.
fn table() -> Vec<(Outcome, bool, bool, bool)> {
    let mut rows = vec![
        (status(429), true, true, true),
        (status(503), true, true, true),
        (Outcome::NetworkBeforeSend, true, true, true),
        (Outcome::Timeout, false, true, true),
        (Outcome::NetworkAfterSend, false, true, true),
        (status(500), false, true, true),
        (status(502), false, true, true),
        (status(504), false, true, true),
        (Outcome::Aborted, false, false, false),
        (Outcome::Redirect, false, false, false),
    ];
    for s in [501, 505, 507, 511, 599] {
        rows.push((status(s), false, false, false));
    }
    for s in [
        400, 401, 403, 404, 405, 408, 409, 412, 415, 422, 425, 451, 499,
    ] {
        rows.push((status(s), false, false, false));
    }
    for s in [100, 200, 201, 204, 301, 302, 304, 0, 999] {
        rows.push((status(s), false, false, false));
    }
    rows
}

#[test]
fn retry_table() {
    for (outcome, verifik, equals, horus) in table() {
        assert_eq!(is_retryable(V, &outcome), verifik, "verifik {outcome:?}");
        assert_eq!(is_retryable(E, &outcome), equals, "equals {outcome:?}");
        assert_eq!(is_retryable(H, &outcome), horus, "horus {outcome:?}");
        for (provider, expected) in [(V, verifik), (E, equals), (H, horus)] {
            let d = decide(provider, 1, 2, &outcome, 0.5);
            assert_eq!(
                matches!(d, Decision::Retry { .. }),
                expected,
                "{provider:?} {outcome:?}"
            );
        }
    }
}

#[test]
fn never_retry_a_verifik_create_that_may_have_landed() {
    for outcome in [Outcome::Timeout, Outcome::NetworkAfterSend, status(500)] {
        for attempt in 0..5 {
            assert_eq!(decide(V, attempt, 10, &outcome, 0.0), Decision::Stop);
        }
    }
}

#[test]
fn max_retries_bounds_the_attempts() {
    let o = status(503);
    assert!(matches!(decide(V, 1, 2, &o, 0.0), Decision::Retry { .. }));
    assert!(matches!(decide(V, 2, 2, &o, 0.0), Decision::Retry { .. }));
    assert_eq!(decide(V, 3, 2, &o, 0.0), Decision::Stop);
    assert_eq!(decide(V, 1, 0, &o, 0.0), Decision::Stop);
    // attempt 0 counts as the first.
    assert!(matches!(decide(V, 0, 1, &o, 0.0), Decision::Retry { .. }));
}

#[test]
fn backoff_is_exponential_with_equal_jitter_and_capped() {
    let expect = [
        (1, 250, 500),
        (2, 500, 1000),
        (3, 1000, 2000),
        (4, 2000, 4000),
        (5, 4000, 8000),
        (6, 4000, 8000),
        (40, 4000, 8000),
    ];
    for (attempt, low, high) in expect {
        assert_eq!(
            decide(E, attempt, 100, &status(503), 0.0),
            Decision::Retry { delay_ms: low }
        );
        let Decision::Retry { delay_ms } = decide(E, attempt, 100, &status(503), 0.999_999) else {
            panic!("stop")
        };
        assert!(
            delay_ms < high && delay_ms >= high - 1,
            "{attempt}: {delay_ms}"
        );
    }
}

#[test]
fn retry_after_is_honoured_and_capped() {
    let with = |ms| Outcome::Response {
        status: 429,
        retry_after_ms: Some(ms),
        provider_code: None,
    };
    // Longer than the backoff: wait what the server asked.
    assert_eq!(
        decide(V, 1, 2, &with(3_000), 0.5),
        Decision::Retry { delay_ms: 3_000 }
    );
    // Shorter: the backoff still applies.
    assert_eq!(
        decide(V, 1, 2, &with(0), 0.0),
        Decision::Retry { delay_ms: 250 }
    );
    // Up to 60 s is honoured, beyond that we stop and report RATE_LIMITED.
    assert_eq!(
        decide(V, 1, 2, &with(60_000), 0.0),
        Decision::Retry { delay_ms: 60_000 }
    );
    assert_eq!(decide(V, 1, 2, &with(60_001), 0.0), Decision::Stop);
    // A Retry-After never makes a non-retryable answer retryable.
    let o = Outcome::Response {
        status: 500,
        retry_after_ms: Some(1_000),
        provider_code: None,
    };
    assert_eq!(decide(V, 1, 2, &o, 0.0), Decision::Stop);
    assert_eq!(
        decide(H, 1, 2, &o, 0.0),
        Decision::Retry { delay_ms: 1_000 }
    );
}

#[test]
fn custom_policy() {
    let p = RetryPolicy {
        base_delay_ms: 100,
        max_delay_ms: 300,
        max_retry_after_ms: 5_000,
    };
    assert_eq!(
        p.decide(E, 1, 5, &Outcome::Timeout, 0.0),
        Decision::Retry { delay_ms: 50 }
    );
    assert_eq!(
        p.decide(E, 9, 10, &Outcome::Timeout, 0.0),
        Decision::Retry { delay_ms: 150 }
    );
    let o = Outcome::Response {
        status: 429,
        retry_after_ms: Some(6_000),
        provider_code: None,
    };
    assert_eq!(p.decide(E, 1, 5, &o, 0.0), Decision::Stop);
    assert_eq!(RetryPolicy::default().base_delay_ms, 500);
}

#[test]
fn outcomes_from_responses_and_errors() {
    let r = HttpResponse::new(503, vec![("Retry-After".into(), "2".into())], Vec::new());
    assert_eq!(
        Outcome::from_response(&r, None),
        Outcome::Response {
            status: 503,
            retry_after_ms: Some(2_000),
            provider_code: None
        }
    );
    let r = HttpResponse::new(
        429,
        vec![("retry-after".into(), "Thu, 01 Jan 1970 00:00:10 GMT".into())],
        Vec::new(),
    );
    assert_eq!(
        Outcome::from_response(&r, Some(4_000)),
        Outcome::Response {
            status: 429,
            retry_after_ms: Some(6_000),
            provider_code: None
        }
    );
    assert_eq!(
        Outcome::from_error(&Error::new(ErrorCode::Timeout, "t")),
        Some(Outcome::Timeout)
    );
    assert_eq!(
        Outcome::from_error(&Error::new(ErrorCode::Aborted, "a")),
        Some(Outcome::Aborted)
    );
    assert_eq!(
        Outcome::from_error(&Error::new(ErrorCode::Network, "n")),
        None
    );
}

#[test]
fn transport_errors() {
    let t = transport_error(V, &Outcome::Timeout, Some(60_000)).unwrap();
    assert_eq!(t.code, ErrorCode::Timeout);
    assert_eq!(t.message, "verifik: no answer within 60000 ms");
    assert_eq!(t.provider, Some(V));
    let n = transport_error(E, &Outcome::NetworkAfterSend, None).unwrap();
    assert_eq!(n.code, ErrorCode::Network);
    assert!(n.message.contains("may have been created"));
    assert_eq!(
        transport_error(H, &Outcome::NetworkBeforeSend, None)
            .unwrap()
            .code,
        ErrorCode::Network
    );
    assert_eq!(
        transport_error(H, &Outcome::Aborted, None).unwrap().code,
        ErrorCode::Aborted
    );
    let r = transport_error(V, &Outcome::Redirect, None).unwrap();
    assert_eq!(r.code, ErrorCode::BadResponse);
    assert_eq!(
        r.message,
        "verifik: the server answered with a redirect, which personkit does not follow (check baseUrl)"
    );
    assert!(transport_error(H, &status(500), None).is_none());
}

fn any_outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        (any::<u16>(), proptest::option::of(any::<u64>())).prop_map(|(status, retry_after_ms)| {
            Outcome::Response {
                status,
                retry_after_ms,
                provider_code: None,
            }
        }),
        Just(Outcome::Timeout),
        Just(Outcome::NetworkBeforeSend),
        Just(Outcome::NetworkAfterSend),
        Just(Outcome::Aborted),
        Just(Outcome::Redirect),
    ]
}

fn any_provider() -> impl Strategy<Value = Provider> {
    prop_oneof![Just(V), Just(E), Just(H)]
}

proptest! {
    #[test]
    fn delays_are_bounded_and_never_panic(
        provider in any_provider(),
        attempt in any::<u32>(),
        max_retries in any::<u32>(),
        outcome in any_outcome(),
        jitter in prop_oneof![0.0..1.0_f64, any::<f64>()],
    ) {
        match decide(provider, attempt, max_retries, &outcome, jitter) {
            Decision::Stop => {}
            Decision::Retry { delay_ms } => {
                prop_assert!(is_retryable(provider, &outcome));
                prop_assert!(attempt.max(1) <= max_retries);
                prop_assert!(delay_ms >= 250);
                let asked = match outcome { Outcome::Response { retry_after_ms, .. } => retry_after_ms, _ => None };
                prop_assert!(delay_ms <= asked.unwrap_or(0).max(8_000));
                prop_assert!(delay_ms <= 60_000);
            }
        }
    }
}
