//! The retry policy: pure, no clock, no randomness of its own.
//!
//! A create is sent again only when the server cannot have created the
//! person, or after a lookup found that it did not:
//!
//! | outcome of the attempt                              | Verifik     | Equals      | Horus |
//! | --------------------------------------------------- | ----------- | ----------- | ----- |
//! | 429 Too Many Requests, 503 Service Unavailable      | retry       | look first  | retry |
//! | 408 Request Timeout (the request never arrived whole) | retry     | look first  | retry |
//! | connection refused, request never left              | retry       | retry       | retry |
//! | timeout (no whole answer in `timeoutMs`)            | look first  | look first  | retry |
//! | connection dropped after the request was sent       | look first  | look first  | retry |
//! | any other 5xx (500, 502, 504, 507, 520, 524, …)     | look first  | look first  | retry |
//! | a success whose body cannot be read                 | look first  | look first  | retry |
//! | 501, 505, 511, 521, 522, 523 (never reached it)     | no          | no          | no    |
//! | any other 4xx (400, 401, 403, 404, 409, 412, …)     | no          | no          | no    |
//! | 1xx, 3xx (an answer, not a failure)                 | no          | no          | no    |
//! | a redirect fetch did not follow                     | no          | no          | no    |
//! | aborted by the caller's `AbortSignal`               | no          | no          | no    |
//!
//! "Look first" ([`Decision::LookUp`]): the outcome may have created the
//! person, and a repeat is not harmless (Equals adds a new persona to a known
//! email; Verifik would store a second face record), so the edge asks the
//! provider's list endpoint before anything else. Found: that is the result
//! (`reconciled`). Not found: the create did not happen and may be sent again
//! within `maxRetries` (`LookUp::may_resend`). The lookup failed, or cannot be
//! made: the call ends with `OUTCOME_UNKNOWN`. A lookup is made even when no
//! retry is left: it turns an uncertain failure into a known outcome.
//!
//! Horus answers a repeat with `200023`/`200024` ("already there"), so a
//! repeat there is detectable and is sent without a lookup; the lead reports
//! such an answer with `retried: true`.
//!
//! **Delay** ("equal jitter"): for the `n`-th attempt that failed (1-based),
//! `d = min(8 000 ms, 500 ms × 2^(n-1))` and the wait is `d/2 + jitter × d/2`,
//! with `jitter` in `[0, 1)` from the caller. So 250–500 ms, 500–1 000 ms,
//! 1–2 s, … up to 4–8 s: never zero (a herd of clients still spreads out),
//! never more than the cap. When the answer carries `Retry-After` (or
//! `retry-after-ms`) the wait is the larger of that and the backoff; a
//! `Retry-After` above 60 s stops retrying (the error carries `retryAfter`, so
//! the caller can decide). At most `maxRetries` retries (default 2: three
//! attempts in all). Before a lookup the same wait is made, so a server that
//! is still finishing the create has time to store it; a lookup that no repeat
//! can follow (no retries left, or a `Retry-After` over 60 s) waits only the
//! backoff (nothing after a busy answer), and still tells whether the person
//! exists.
//!
//! Equals looks first after a busy answer (429, 503) too, also on the last
//! attempt: a busy answer is no proof that a server that had already made the
//! person did not, and the caller's own retry of "try again later" would add
//! a second persona.

use super::message::HttpResponse;
use super::retry_after::retry_after_ms;
use crate::error::Provider;

/// How one attempt ended, as the retry policy needs to know it. `Debug`
/// shows the provider's code by length (it may quote the person).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The server answered (any status).
    Response {
        /// HTTP status.
        status: u16,
        /// The delay the server asked for (`Retry-After`), in milliseconds.
        retry_after_ms: Option<u64>,
        /// The provider's own error code, if the body had one. The current
        /// table does not depend on it.
        provider_code: Option<String>,
    },
    /// No answer within the timeout; the server may have acted on the request.
    Timeout,
    /// The connection failed before the request left (refused, DNS failure):
    /// the server cannot have seen it.
    NetworkBeforeSend,
    /// The connection failed after the request may have been sent (reset,
    /// dropped). When the edge cannot tell, it must use this one: it is the
    /// safe choice.
    NetworkAfterSend,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The server answered with a redirect, which the edge asks fetch not to
    /// follow (`redirect: 'error'` in Node; in a browser, `'manual'` hands
    /// over an opaque redirect): a create is never re-sent to another
    /// address, with its body and credentials, on the server's word.
    Redirect,
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Response {
                status,
                retry_after_ms,
                provider_code,
            } => f
                .debug_struct("Response")
                .field("status", status)
                .field("retry_after_ms", retry_after_ms)
                .field(
                    "provider_code",
                    &crate::shape::opt_chars(provider_code.as_deref()),
                )
                .finish(),
            Self::Timeout => f.write_str("Timeout"),
            Self::NetworkBeforeSend => f.write_str("NetworkBeforeSend"),
            Self::NetworkAfterSend => f.write_str("NetworkAfterSend"),
            Self::Aborted => f.write_str("Aborted"),
            Self::Redirect => f.write_str("Redirect"),
        }
    }
}

impl Outcome {
    /// The outcome of an attempt that got an answer.
    #[must_use]
    pub fn from_response(response: &HttpResponse, now_ms: Option<u64>) -> Self {
        Self::Response {
            status: response.status,
            retry_after_ms: retry_after_ms(response, now_ms),
            provider_code: None,
        }
    }
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Send the request again after waiting this long.
    Retry {
        /// Milliseconds to wait before the next attempt.
        delay_ms: u64,
    },
    /// The person may have been created: wait this long, then ask the
    /// provider whether it was before deciding anything else.
    LookUp {
        /// Milliseconds to wait before the lookup.
        delay_ms: u64,
        /// Whether a lookup that finds nothing may be followed by a repeat.
        /// `false` with no retries left, or when the server asked for a
        /// wait longer than the policy makes: the lookup still tells whether
        /// the person exists, and the call then ends.
        may_resend: bool,
    },
    /// Do not send it again: return this attempt's result or error.
    Stop,
}

/// Backoff parameters. [`RetryPolicy::default`] is the documented policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The backoff ceiling before jitter for the first retry (500 ms).
    pub base_delay_ms: u64,
    /// The largest backoff ceiling (8 000 ms).
    pub max_delay_ms: u64,
    /// A `Retry-After` longer than this stops retrying (60 000 ms).
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: 60_000,
        }
    }
}

impl RetryPolicy {
    /// Decides whether to retry after attempt number `attempt` (1 for the
    /// first) ended with `outcome`. `max_retries` is the number of retries
    /// allowed (not attempts); `jitter` is the caller's random number in
    /// `[0, 1)` (out-of-range values are clamped, NaN counts as 0).
    #[must_use]
    pub fn decide(
        &self,
        provider: Provider,
        attempt: u32,
        max_retries: u32,
        outcome: &Outcome,
        jitter: f64,
    ) -> Decision {
        let attempt = attempt.max(1);
        let backoff = self.backoff_ms(attempt, jitter);
        let asked = match outcome {
            Outcome::Response {
                retry_after_ms: Some(asked),
                ..
            } => Some(*asked),
            _ => None,
        };
        // A server asking for a longer wait than the policy makes is not sent
        // anything more by this call; the error carries `retryAfter`.
        let waits_too_long = asked.is_some_and(|a| a > self.max_retry_after_ms);
        let will_resend = attempt <= max_retries && !waits_too_long;
        // The asked wait is kept before a repeat; a lookup that no repeat
        // follows waits only the backoff.
        let delay_ms = match asked {
            Some(asked) if will_resend => backoff.max(asked),
            _ => backoff,
        };
        let look = Decision::LookUp {
            delay_ms,
            may_resend: will_resend,
        };
        match effect(outcome) {
            Effect::Final => Decision::Stop,
            Effect::MaybeCreated if provider != Provider::Horus => look,
            // An Equals repeat is a second persona of the person, and a busy
            // answer (429, 503) from a server that had already made it is no
            // proof that nothing was: look before sending it again, and also
            // when nothing more will be sent, so that the caller's own retry
            // of a "try again later" cannot make the second persona either.
            Effect::NotCreated
                if provider == Provider::Equals && matches!(outcome, Outcome::Response { .. }) =>
            {
                // With no repeat to follow, waiting gains nothing: the busy
                // error (and the caller's own pause) comes sooner.
                if will_resend {
                    look
                } else {
                    Decision::LookUp {
                        delay_ms: 0,
                        may_resend: false,
                    }
                }
            }
            Effect::NotCreated | Effect::MaybeCreated if will_resend => {
                Decision::Retry { delay_ms }
            }
            Effect::NotCreated | Effect::MaybeCreated => Decision::Stop,
        }
    }

    /// The jittered backoff after attempt `attempt` (1-based):
    /// `d/2 + jitter × d/2` with `d = min(max_delay, base × 2^(attempt-1))`.
    #[must_use]
    pub fn backoff_ms(&self, attempt: u32, jitter: f64) -> u64 {
        let exponent = attempt.saturating_sub(1).min(32);
        let ceiling = self
            .base_delay_ms
            .saturating_mul(1_u64 << exponent)
            .min(self.max_delay_ms);
        let half = ceiling / 2;
        let spread = ceiling - half;
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        // spread ≤ max_delay_ms; the product is in [0, spread].
        let extra = (jitter * spread as f64).floor() as u64;
        half + extra.min(spread)
    }
}

/// What an attempt's outcome says about the person it tried to create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Effect {
    /// The server cannot have created the person: 429, 503, 408, a
    /// connection that was never made.
    NotCreated,
    /// The server may have created the person: a timeout, a connection
    /// dropped after sending, a 5xx but those that never reached the
    /// server (501, 505, 511, 521–523), a success that cannot be read.
    MaybeCreated,
    /// An answer to report as it is (any other status, a redirect, an abort).
    Final,
}

/// The first column of the table above.
#[must_use]
pub fn effect(outcome: &Outcome) -> Effect {
    match outcome {
        Outcome::Response { status, .. } => match status {
            // 408: the server stopped waiting for the rest of the request,
            // so it never acted on it (RFC 9110 lets a client repeat it).
            429 | 503 | 408 => Effect::NotCreated,
            // Said before the request reached anything that acts on it: a
            // method or HTTP version not served, a proxy's sign-in page, a
            // gateway that found the origin down, unreachable or not
            // answering its connect (Cloudflare 521–523).
            501 | 505 | 511 | 521..=523 => Effect::Final,
            // Any other 5xx (500, 502, 504, 507, a gateway's 520 or 524 …)
            // may come after the server made the person.
            200..=299 | 500..=599 => Effect::MaybeCreated,
            _ => Effect::Final,
        },
        Outcome::NetworkBeforeSend => Effect::NotCreated,
        Outcome::Timeout | Outcome::NetworkAfterSend => Effect::MaybeCreated,
        Outcome::Aborted | Outcome::Redirect => Effect::Final,
    }
}

/// [`RetryPolicy::decide`] with the default policy.
#[must_use]
pub fn decide(
    provider: Provider,
    attempt: u32,
    max_retries: u32,
    outcome: &Outcome,
    jitter: f64,
) -> Decision {
    RetryPolicy::default().decide(provider, attempt, max_retries, outcome, jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_provider_code_by_length() {
        let o = Outcome::Response {
            status: 409,
            retry_after_ms: None,
            provider_code: Some("DUP ana@example.pe".into()),
        };
        assert_eq!(
            format!("{o:?}"),
            "Response { status: 409, retry_after_ms: None, provider_code: Some(<18 chars>) }"
        );
        assert_eq!(format!("{:?}", Outcome::Aborted), "Aborted");
    }

    #[test]
    fn equals_looks_before_repeating_after_a_busy_answer() {
        for status in [429, 503] {
            let busy = Outcome::Response {
                status,
                retry_after_ms: Some(1_000),
                provider_code: None,
            };
            assert_eq!(
                decide(Provider::Equals, 1, 2, &busy, 0.0),
                Decision::LookUp {
                    delay_ms: 1_000,
                    may_resend: true
                }
            );
            // The last attempt still looks, at once (no repeat follows).
            let last = Decision::LookUp {
                delay_ms: 0,
                may_resend: false,
            };
            assert_eq!(decide(Provider::Equals, 3, 2, &busy, 0.0), last);
            assert_eq!(decide(Provider::Equals, 1, 0, &busy, 0.0), last);
            let long = Outcome::Response {
                status,
                retry_after_ms: Some(120_000),
                provider_code: None,
            };
            assert_eq!(decide(Provider::Equals, 1, 2, &long, 0.0), last);
            assert_eq!(decide(Provider::Verifik, 1, 2, &long, 0.0), Decision::Stop);
            assert_eq!(decide(Provider::Verifik, 3, 2, &busy, 0.0), Decision::Stop);
            assert_eq!(
                decide(Provider::Horus, 1, 2, &busy, 0.0),
                Decision::Retry { delay_ms: 1_000 }
            );
        }
        let refused = Outcome::NetworkBeforeSend;
        assert_eq!(
            decide(Provider::Equals, 1, 2, &refused, 0.0),
            Decision::Retry { delay_ms: 250 }
        );
    }

    #[test]
    fn equal_jitter_bounds() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_ms(1, 0.0), 250);
        assert_eq!(p.backoff_ms(1, 0.999_999), 499);
        assert_eq!(p.backoff_ms(2, 0.0), 500);
        assert_eq!(p.backoff_ms(3, 0.5), 1_500);
        assert_eq!(p.backoff_ms(10, 0.0), 4_000);
        assert_eq!(p.backoff_ms(u32::MAX, 1.0), 8_000);
        assert_eq!(p.backoff_ms(1, f64::NAN), 250);
        assert_eq!(p.backoff_ms(1, -3.0), 250);
    }
}
