//! The retry policy as a table: a create is repeated only when the server
//! cannot have created the person, after a lookup found that it did not, or
//! (Horus) when a repeat is detectable.
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
    decide, effect, transport_error, Decision, Effect, HttpResponse, Outcome, RetryPolicy,
};
use personkit::{ErrorCode, Provider};
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

/// What the README table says for one provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    Retry,
    LookFirst,
    No,
}
use Row::{LookFirst, No, Retry};

/// (outcome, Verifik, Equals, Horus): the README table.
fn table() -> Vec<(Outcome, Row, Row, Row)> {
    let mut rows = vec![
        // Equals looks first: a repeat there is a second persona.
        (status(429), Retry, LookFirst, Retry),
        (status(503), Retry, LookFirst, Retry),
        // The server stopped waiting for the request: it never acted on it.
        (status(408), Retry, LookFirst, Retry),
        (Outcome::NetworkBeforeSend, Retry, Retry, Retry),
        (Outcome::Timeout, LookFirst, LookFirst, Retry),
        (Outcome::NetworkAfterSend, LookFirst, LookFirst, Retry),
        (status(500), LookFirst, LookFirst, Retry),
        (status(502), LookFirst, LookFirst, Retry),
        (status(504), LookFirst, LookFirst, Retry),
        // A success that reached the policy is one whose body could not be read.
        (status(200), LookFirst, LookFirst, Retry),
        (status(201), LookFirst, LookFirst, Retry),
        (Outcome::Aborted, No, No, No),
        (Outcome::Redirect, No, No, No),
    ];
    // Any other 5xx may come after the server acted (a gateway's 524 is its
    // timeout waiting for an origin that had the request).
    for s in [507, 508, 520, 524, 530, 599] {
        rows.push((status(s), LookFirst, LookFirst, Retry));
    }
    // These never reached a server that acts on the request.
    for s in [501, 505, 511, 521, 522, 523] {
        rows.push((status(s), No, No, No));
    }
    for s in [400, 401, 403, 404, 405, 409, 412, 415, 422, 425, 451, 499] {
        rows.push((status(s), No, No, No));
    }
    for s in [100, 301, 302, 304, 0, 999] {
        rows.push((status(s), No, No, No));
    }
    rows
}

#[test]
fn retry_table() {
    for (outcome, verifik, equals, horus) in table() {
        for (provider, expected) in [(V, verifik), (E, equals), (H, horus)] {
            let row = match decide(provider, 1, 2, &outcome, 0.5) {
                Decision::Retry { .. } => Retry,
                Decision::LookUp { .. } => LookFirst,
                Decision::Stop => No,
                other => panic!("a decision the table does not know: {other:?}"),
            };
            assert_eq!(row, expected, "{provider:?} {outcome:?}");
        }
        let e = effect(&outcome);
        assert_eq!(
            e == Effect::MaybeCreated,
            verifik == LookFirst,
            "{outcome:?}: {e:?}"
        );
    }
}

#[test]
fn an_uncertain_create_is_looked_up_even_with_no_retry_left() {
    for outcome in [Outcome::Timeout, Outcome::NetworkAfterSend, status(500)] {
        for provider in [V, E] {
            for attempt in 0..5 {
                assert!(
                    matches!(
                        decide(provider, attempt, 0, &outcome, 0.0),
                        Decision::LookUp { delay_ms, .. } if delay_ms > 0
                    ),
                    "{provider:?} {outcome:?} {attempt}"
                );
            }
        }
        // Horus repeats only within maxRetries.
        assert_eq!(decide(H, 3, 2, &outcome, 0.0), Decision::Stop);
    }
}

#[test]
fn after_a_lookup_found_nothing_the_create_is_sent_again_within_max_retries() {
    let may_resend = |attempt, max| match decide(V, attempt, max, &Outcome::Timeout, 0.0) {
        Decision::LookUp { may_resend, .. } => may_resend,
        other => panic!("not a lookup: {other:?}"),
    };
    assert!(may_resend(1, 2));
    assert!(may_resend(2, 2));
    assert!(!may_resend(3, 2));
    assert!(!may_resend(1, 0));
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
            decide(H, attempt, 100, &status(503), 0.0),
            Decision::Retry { delay_ms: low }
        );
        let Decision::Retry { delay_ms } = decide(H, attempt, 100, &status(503), 0.999_999) else {
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
    // A Retry-After never makes an uncertain answer a plain retry.
    let o = Outcome::Response {
        status: 500,
        retry_after_ms: Some(1_000),
        provider_code: None,
    };
    // The lookup waits what the server asked, as a repeat would.
    assert_eq!(
        decide(V, 1, 2, &o, 0.0),
        Decision::LookUp {
            delay_ms: 1_000,
            may_resend: true
        }
    );
    assert_eq!(
        decide(H, 1, 2, &o, 0.0),
        Decision::Retry { delay_ms: 1_000 }
    );
    // Asked for longer than 60 s: look after the backoff, then send nothing more.
    let o = Outcome::Response {
        status: 502,
        retry_after_ms: Some(120_000),
        provider_code: None,
    };
    assert_eq!(
        decide(V, 1, 2, &o, 0.0),
        Decision::LookUp {
            delay_ms: 250,
            may_resend: false
        }
    );
    // Equals looks after a long-wait 429 as well, at once: a busy answer is no proof.
    assert_eq!(
        decide(E, 1, 2, &with(60_001), 0.0),
        Decision::LookUp {
            delay_ms: 0,
            may_resend: false
        }
    );
    assert_eq!(decide(H, 1, 2, &o, 0.0), Decision::Stop);
}

#[test]
fn custom_policy() {
    let p = RetryPolicy {
        base_delay_ms: 100,
        max_delay_ms: 300,
        max_retry_after_ms: 5_000,
    };
    assert_eq!(
        p.decide(H, 1, 5, &Outcome::Timeout, 0.0),
        Decision::Retry { delay_ms: 50 }
    );
    assert_eq!(
        p.decide(H, 9, 10, &Outcome::Timeout, 0.0),
        Decision::Retry { delay_ms: 150 }
    );
    let o = Outcome::Response {
        status: 429,
        retry_after_ms: Some(6_000),
        provider_code: None,
    };
    assert_eq!(p.decide(V, 1, 5, &o, 0.0), Decision::Stop);
    assert_eq!(
        p.decide(E, 1, 5, &o, 0.0),
        Decision::LookUp {
            delay_ms: 0,
            may_resend: false
        }
    );
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
        (
            prop_oneof![any::<u16>(), Just(429_u16), Just(503), Just(500)],
            proptest::option::of(prop_oneof![any::<u64>(), 0..120_000_u64])
        )
            .prop_map(|(status, retry_after_ms)| {
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
            Decision::LookUp { delay_ms, may_resend } => {
                let busy_equals = provider == E
                    && matches!(outcome, Outcome::Response { status: 429 | 503 | 408, .. });
                prop_assert!(effect(&outcome) == Effect::MaybeCreated || busy_equals);
                prop_assert!(provider != H);
                let asked = match outcome { Outcome::Response { retry_after_ms, .. } => retry_after_ms, _ => None };
                let resend = attempt.max(1) <= max_retries && asked.is_none_or(|a| a <= 60_000);
                prop_assert_eq!(may_resend, resend);
                if busy_equals && !resend {
                    prop_assert_eq!(delay_ms, 0);
                } else {
                    prop_assert!((250..=60_000).contains(&delay_ms));
                    prop_assert!(delay_ms <= asked.unwrap_or(0).max(8_000));
                }
            }
            Decision::Retry { delay_ms } => {
                prop_assert_ne!(effect(&outcome), Effect::Final);
                prop_assert!(provider == H || effect(&outcome) == Effect::NotCreated);
                prop_assert!(attempt.max(1) <= max_retries);
                prop_assert!(delay_ms >= 250);
                let asked = match outcome { Outcome::Response { retry_after_ms, .. } => retry_after_ms, _ => None };
                prop_assert!(delay_ms <= asked.unwrap_or(0).max(8_000));
                prop_assert!(delay_ms <= 60_000);
            }
            other => prop_assert!(false, "a decision the table does not know: {:?}", other),
        }
    }
}
