//! How a call ends: its tally (requests sent, whether a lookup decided)
//! carried on the result or the `PersonkitError`, and the errors the attempt
//! loop ([`Engine::create`]) ends with, scrubbed of the credentials and of
//! what the provider may have quoted of the request.

use wasm_bindgen::prelude::*;

use super::engine::{Call, Engine};
use super::error::{scrubbed_cause, to_js_error};
use super::lookup;
use super::transport;
use crate::error::{Error, ErrorCode};
use crate::http::quoted::{scrub_quoted, sent_values};
use crate::http::Outcome;
use crate::person::table::server_owned;

/// How many requests a call sent, and whether a lookup decided its end.
#[derive(Clone, Copy)]
pub(super) struct Tally {
    pub(super) attempts: u32,
    pub(super) reconciled: bool,
    pub(super) started_ms: u64,
}

impl Tally {
    /// A call starting now: nothing sent, nothing looked up.
    pub(super) fn start() -> Self {
        Self {
            attempts: 0,
            reconciled: false,
            started_ms: now_ms(),
        }
    }
}

impl Engine {
    /// `ABORTED` for a call aborted before anything was sent (while its
    /// images were read): no attempt, the signal's reason as the cause.
    pub(crate) fn aborted_unsent(&self, call: &Call) -> JsValue {
        let reason = js_sys::Reflect::get(&call.signal, &"reason".into()).ok();
        self.aborted(reason, Tally::start(), call, &[], "")
    }

    /// `ABORTED`, `advice` after its text, the request's own values (`sent`)
    /// scrubbed from the abort reason as everywhere else.
    pub(super) fn aborted(
        &self,
        reason: Option<JsValue>,
        tally: Tally,
        call: &Call,
        sent: &[u8],
        advice: &str,
    ) -> JsValue {
        let mut e = self.failure(&Outcome::Aborted, call);
        e.message.push_str(advice);
        self.js_error(e, reason, tally, call, sent)
    }

    /// `OUTCOME_UNKNOWN`: the create may have happened and nothing could
    /// tell. The message says what happened and what to check.
    pub(super) fn outcome_unknown(&self, error: &Error, why: &lookup::Unknown) -> Error {
        // A dropped connection's message already says the person may exist.
        let may = if crate::find::contains(&error.message, "may have been created") {
            ""
        } else {
            "; the person may have been created"
        };
        let mut e = Error::new(
            ErrorCode::OutcomeUnknown,
            format!(
                "{}{may}, and {}: {} before trying again",
                error.message, why.reason, why.check
            ),
        );
        e.status = error.status;
        e.request_id.clone_from(&error.request_id);
        e
    }

    /// A result with the call's tally.
    pub(super) fn finish(&self, result: JsValue, tally: Tally) -> JsValue {
        transport::tally(&result, tally.attempts, tally.reconciled);
        result
    }

    /// The call's error as a `PersonkitError`, with what the provider may
    /// have quoted of the request (`sent`, its body) scrubbed as secrets are.
    pub(super) fn js_error(
        &self,
        mut e: Error,
        cause: Option<JsValue>,
        tally: Tally,
        call: &Call,
        sent: &[u8],
    ) -> JsValue {
        e.provider = Some(self.provider);
        if tally.attempts > 1 {
            let seconds = now_ms().saturating_sub(tally.started_ms) / 100;
            e.message = format!(
                "{} (after {} attempts over {}.{} s)",
                e.message,
                tally.attempts,
                seconds / 10,
                seconds % 10
            );
        }
        if e.request_id.is_none() {
            e.request_id.clone_from(&call.request_id);
        }
        let person = sent_values(sent, server_owned(self.provider));
        let mut secrets = self.secrets(call);
        secrets.extend(person.iter().map(String::as_str));
        scrub_quoted(&mut e, &secrets);
        let js = to_js_error(&e, cause.map(|c| scrubbed_cause(c, &secrets)));
        transport::tally(&js, tally.attempts, tally.reconciled);
        js
    }
}

/// The time in Unix milliseconds.
pub(crate) fn now_ms() -> u64 {
    js_sys::Date::now() as u64 // a positive integer number of ms
}
