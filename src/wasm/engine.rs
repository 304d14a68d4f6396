//! What the three clients share: options, the browser guard, and the one
//! attempt loop ([`Engine::create`]): send, read the answer, ask the policy
//! (`crate::http::retry`), wait, look up an uncertain outcome, decide.

use js_sys::Uint8Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub(crate) use super::call::Call;
use super::ending::{now_ms, Tally};
use super::error::to_js;
use super::lookup::{self, Looked, Lookup};
use super::options::{
    base_url_var, credential_var, named_var, unreadable_var, Reader, COMMON_OPTIONS,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS,
};
use super::transport::{
    self, call_headers, ended_without_answer, global_fetch, host, is_browser_page, is_server,
    Answer, Head, Send,
};
use crate::error::{Error, ErrorCode, Provider};
use crate::http::{
    decide, effect, header_secrets, is_under_domain, transport_error, Decision, Effect, Endpoint,
    HttpResponse, Outcome, ParseContext, RequestHead,
};

/// The options a client keeps after its constructor checked them.
pub(crate) struct Engine {
    pub(crate) provider: Provider,
    timeout_ms: u32,
    max_retries: u32,
    max_response_bytes: u32,
    fetch: JsValue,
    /// The caller's logger, or `undefined`.
    logger: JsValue,
    /// Every credential the client holds, scrubbed from any error text.
    secrets: Vec<String>,
    /// The create request's method, URL and headers: as data (lookups are
    /// made from it) and as the JS values fetch gets, made once.
    create: RequestHead,
    head: Head,
    /// The provider's response parser.
    parse: Parser,
}

/// A provider's response parser, returning its result as a plain JS object.
/// One non-generic type keeps a single copy of the attempt loop in the wasm.
/// The third argument is the body as the JS `Uint8Array` it came in, for a
/// result that holds the answer itself (parsed once, by `JSON.parse`).
pub(crate) type Parser = fn(&HttpResponse, &ParseContext<'_>, &JsValue) -> Result<JsValue, Error>;

/// Adapts a typed parser to [`Parser`].
pub(crate) fn js_result<T: Serialize>(result: Result<T, Error>) -> Result<JsValue, Error> {
    result.map(|r| to_js(&r))
}

impl Engine {
    /// Reads the common options. `secrets` are the credentials found by the
    /// client; holding any in a browser page needs `dangerouslyAllowBrowser`.
    /// `credential` names the one the provider's own addresses need (`token`,
    /// `apiKey`): a client sent to the default address, or to any host under
    /// the provider's domain, without it (and without an `authorization`
    /// header of its own) is refused now, rather than sending an
    /// unauthenticated request.
    pub(crate) fn new(
        provider: Provider,
        options: &Reader,
        (default, credential): (Option<(&str, &str)>, Option<&str>),
        secrets: Vec<String>,
        head: impl FnOnce(&Endpoint) -> Result<RequestHead, Error>,
        parse: Parser,
    ) -> Result<Self, Error> {
        let name = provider.as_str();
        let env = base_url_var(provider);
        let (base_url, from) = match (options.string_and_source("baseUrl", env)?, default) {
            (Some(url), _) => url,
            (None, Some((default, _))) => (default.to_owned(), None),
            (None, None) => {
                return Err(Error::new(
                    ErrorCode::InvalidOptions,
                    format!(
                        "{name}: baseUrl is required (the API has no default address): pass it or set {env}{}",
                        unreadable_var(env)
                    ),
                )
                .with_field("baseUrl"))
            }
        };
        let headers = options.headers("headers")?;
        let endpoint = Endpoint::new(&base_url, &headers).map_err(|e| named_var(e, from))?;
        if let (Some(credential), Some((_, domain))) = (credential, default) {
            let own_address = is_under_domain(endpoint.base_url(), domain);
            if own_address && secrets.is_empty() && !endpoint.has_header("authorization") {
                return Err(Error::new(
                    ErrorCode::InvalidOptions,
                    format!(
                        "{name}: {credential} is required to call {}: pass {credential}, \
                         set {}, or point baseUrl at your own backend{}",
                        endpoint.base_url(),
                        credential_var(provider),
                        unreadable_var(credential_var(provider))
                    ),
                )
                .with_field(credential));
            }
        }
        let fetch = options.function("fetch")?;
        if fetch.is_undefined() && global_fetch().is_none() {
            return Err(Error::new(
                ErrorCode::UnsupportedEnvironment,
                "no global fetch here: pass one in the fetch option",
            ));
        }
        if !secrets.is_empty()
            && is_browser_page()
            && !options.boolean("dangerouslyAllowBrowser")?
        {
            return Err(Error::new(
                ErrorCode::BrowserNotAllowed,
                format!(
                    "{name}: a client holding a secret must not run in a browser page, where anyone can read it; \
                     call your own backend (baseUrl) without the secret, or pass dangerouslyAllowBrowser: true"
                ),
            ));
        }
        // An `authorization` header given in place of the credential option
        // (or a gateway's key, a cookie) is as secret as the option: redacted
        // from errors the same way (added after the browser check: a page may
        // send its own session to its backend).
        let mut secrets = secrets;
        for (name, value) in endpoint.headers() {
            for s in header_secrets(name, value) {
                if !secrets.iter().any(|k| k == s) {
                    secrets.push(s.to_owned());
                }
            }
        }
        let mut create = head(&endpoint)?;
        if is_server() && !endpoint.has_header("user-agent") {
            let agent = format!("personkit/{}", crate::version());
            create.headers.push(("user-agent".to_owned(), agent));
        }
        Ok(Self {
            provider,
            timeout_ms: options
                .timeout_ms("timeoutMs")?
                .unwrap_or(DEFAULT_TIMEOUT_MS),
            max_retries: options
                .retries("maxRetries")?
                .unwrap_or(DEFAULT_MAX_RETRIES),
            max_response_bytes: options
                .byte_limit("maxResponseBytes")?
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            fetch,
            logger: options.logger("logger")?,
            secrets,
            head: Head::new(&create),
            create,
            parse,
        })
    }

    /// The option names a client with these credential options accepts.
    pub(crate) fn known_options(credentials: &[&'static str]) -> Vec<&'static str> {
        credentials
            .iter()
            .chain(COMMON_OPTIONS.iter())
            .copied()
            .collect()
    }

    /// Reads the per-call options (see [`Call`]).
    pub(crate) fn call(&self, options: &JsValue) -> Result<Call, Error> {
        Call::read(options, self.timeout_ms, self.max_retries)
    }

    /// One `createPerson`: sends `body` (with `extra`, a header of this call)
    /// until the policy says stop, and resolves with the parsed result as a
    /// plain JS object, or rejects with the `PersonkitError`. An outcome that
    /// may have created the person is settled by `lookup` before anything is
    /// sent again.
    pub(crate) async fn create(
        &self,
        body: &[u8],
        extra: Option<(&str, &str)>,
        call: &Call,
        lookup: &Lookup,
    ) -> Result<JsValue, JsValue> {
        // An answer may echo what was sent (Verifik's holds the photos): read that much more.
        let (request, sent_bytes) = (body, body.len() as u64);
        let body: JsValue = Uint8Array::from(body).into();
        let extra = call_headers(extra, &call.headers);
        let with = self.send_with(&body, &extra, call, self.answer_cap(sent_bytes));
        let mut tally = Tally::start();
        // Horus has nothing to look in, and needs nothing: it answers a repeat as existing.
        if call.look_first && !matches!(lookup, Lookup::Never) {
            match self.look(lookup, call, sent_bytes).await {
                Looked::Found(result) => {
                    let name = self.provider.as_str();
                    self.log("info", || {
                        format!("{name}: found by the lookup (lookFirst); not sent")
                    });
                    tally.reconciled = true;
                    return Ok(self.finish(result, tally));
                }
                Looked::NotFound => tally.reconciled = true,
                Looked::Unknown(why) => {
                    let earlier = Error::new(
                        ErrorCode::OutcomeUnknown,
                        "the person may have been created by an earlier call",
                    );
                    let e = self.outcome_unknown(&earlier, &why);
                    return Err(self.js_error(e, why.cause, tally, call, request));
                }
            }
        }
        loop {
            // An abort found before fetch is called sent nothing (no attempt);
            // one that comes while fetch runs may come after the server made the person.
            let aborted_before = transport::is_aborted(&call.signal);
            if !aborted_before {
                tally.attempts += 1;
            }
            let sent_ms = now_ms();
            let sent = transport::send(&self.head, &with).await;
            self.log("debug", || {
                let ended = match &sent {
                    Ok(answer) => format!("http {}", answer.response.status),
                    Err(failed) => ended_without_answer(&failed.outcome).to_owned(),
                };
                let ms = now_ms().saturating_sub(sent_ms);
                format!(
                    "{} (attempt {}, {ms} ms)",
                    self.line(&ended),
                    tally.attempts
                )
            });
            let (error, outcome, cause) = match sent {
                Ok(answer) => match self.read(&answer, tally.attempts > 1, call, with.max_bytes) {
                    Ok(result) => return Ok(self.finish(result, tally)),
                    Err(e) => (
                        e,
                        Outcome::from_response(&answer.response, Some(now_ms())),
                        None,
                    ),
                },
                Err(failed) => {
                    let mut e = self.failure(&failed.outcome, call);
                    if e.code == ErrorCode::Network {
                        let code = failed.code.map(|c| format!(", {c}")).unwrap_or_default();
                        e.message = format!("{} ({}{code})", e.message, host(&self.create.url));
                    }
                    // Horus answers a repeat as existing; the others would make a second one.
                    if e.code == ErrorCode::Aborted
                        && !aborted_before
                        && self.provider != Provider::Horus
                    {
                        e.message.push_str(", after it was sent: the person may have been created; try again with lookFirst: true");
                    }
                    (e, failed.outcome, Some(failed.cause))
                }
            };
            // `reconciled` says no attempt made the person: one that may have
            // (a busy answer too, which may hide one) undoes it until a lookup
            // says it again. Only an attempt that reached nothing that acts on
            // it, or was refused, leaves it standing.
            let made_nothing = match &outcome {
                Outcome::NetworkBeforeSend => true,
                Outcome::Aborted => aborted_before,
                Outcome::Response { .. } => effect(&outcome) == Effect::Final,
                _ => false,
            };
            if !made_nothing {
                tally.reconciled = false;
            }
            let delay_ms = match decide(
                self.provider,
                tally.attempts,
                call.max_retries,
                &outcome,
                transport::jitter(),
            ) {
                Decision::Stop => return Err(self.js_error(error, cause, tally, call, request)),
                Decision::Retry { delay_ms } => delay_ms,
                Decision::LookUp {
                    delay_ms,
                    may_resend,
                } => {
                    self.log("info", || {
                        let why = error.code.as_str();
                        format!("{}: {why} may have left a person; looking before anything is sent again", self.provider.as_str())
                    });
                    // A busy answer is looked at too, as it may hide a made person: an
                    // abort before that lookup says how to try again.
                    let advice = if effect(&outcome) == Effect::NotCreated {
                        "; the busy answer may come from a server that made the person: pass lookFirst: true when trying again"
                    } else {
                        ""
                    };
                    if let Err(aborted) = self.wait(delay_ms, tally, call, request, advice).await {
                        // Aborted before the lookup: what the attempt left is unknown.
                        if effect(&outcome) != Effect::MaybeCreated {
                            return Err(aborted);
                        }
                        let why = lookup::not_asked(
                            lookup,
                            "the call was aborted before the lookup that would tell",
                            aborted,
                        );
                        let e = self.outcome_unknown(&error, &why);
                        return Err(self.js_error(e, why.cause, tally, call, request));
                    }
                    match self.look(lookup, call, sent_bytes).await {
                        Looked::Found(result) => {
                            self.log("info", || {
                                format!(
                                    "{}: found by the lookup; not sent again",
                                    self.provider.as_str()
                                )
                            });
                            tally.reconciled = true;
                            return Ok(self.finish(result, tally));
                        }
                        Looked::NotFound => {
                            self.log("info", || {
                                format!(
                                    "{}: not found by the lookup: the create did not happen",
                                    self.provider.as_str()
                                )
                            });
                            tally.reconciled = true;
                        }
                        // A busy answer says nothing was made; its lookup was
                        // a second opinion. It cannot tell: the busy error
                        // stands (a rate limit is "try again", not "contact
                        // us"), with the lookup's failure as its cause.
                        Looked::Unknown(why) if effect(&outcome) == Effect::NotCreated => {
                            let mut e = error;
                            e.message = format!(
                                "{}; {}, so pass lookFirst: true when trying again",
                                e.message, why.reason
                            );
                            return Err(self.js_error(e, why.cause, tally, call, request));
                        }
                        Looked::Unknown(why) => {
                            let e = self.outcome_unknown(&error, &why);
                            return Err(self.js_error(e, why.cause, tally, call, request));
                        }
                    }
                    // Not there: sent again at once (the wait was made before the lookup).
                    if !may_resend {
                        return Err(self.js_error(error, cause, tally, call, request));
                    }
                    0
                }
            };
            self.log("info", || {
                let why = error.code.as_str();
                format!(
                    "{}: retrying in {delay_ms} ms after {why}",
                    self.provider.as_str()
                )
            });
            self.wait(delay_ms, tally, call, request, "").await?;
        }
    }

    /// Asks the provider whether the person of `lookup` exists, with the
    /// call's fetch, deadline, signal and headers.
    /// `person_bytes`: the create's body, the size a listed person may have.
    async fn look(&self, lookup: &Lookup, call: &Call, person_bytes: u64) -> Looked {
        let secrets = self.secrets(call);
        let none = JsValue::UNDEFINED;
        // The call's own headers (a trace id) go with its lookups too.
        let own = call_headers(None, &call.headers);
        let asking = lookup::Asking {
            provider: self.provider,
            create: &self.create,
            with: self.send_with(&none, &own, call, self.max_response_bytes),
            person_bytes,
            ctx: self.context(&secrets, false, call),
        };
        lookup::run(lookup, &asking).await
    }

    /// A line to the logger, made only when there is one. Lines name the
    /// provider, the path and codes: never a query (an email), a header or a body.
    fn log(&self, level: &str, line: impl FnOnce() -> String) {
        if !self.logger.is_undefined() {
            transport::log(&self.logger, level, &line(), &JsValue::UNDEFINED);
        }
    }

    /// `equals: POST https://host/v2/people → <ended>`.
    fn line(&self, ended: &str) -> String {
        let url = self.create.url.split('?').next().unwrap_or_default();
        format!(
            "{}: {} {url} → {ended}",
            self.provider.as_str(),
            self.create.method
        )
    }

    /// `maxResponseBytes` and `more` bytes: the most of an answer read.
    pub(crate) fn answer_cap(&self, more: u64) -> u32 {
        let cap = u64::from(self.max_response_bytes).saturating_add(more);
        u32::try_from(cap).unwrap_or(u32::MAX)
    }

    /// What every request of `call` is sent with, reading at most `max_bytes` of an answer.
    pub(crate) fn send_with<'a>(
        &'a self,
        body: &'a JsValue,
        extra: &'a JsValue,
        call: &'a Call,
        max_bytes: u32,
    ) -> Send<'a> {
        Send {
            fetch: &self.fetch,
            extra,
            body,
            timeout_ms: call.timeout_ms,
            signal: &call.signal,
            max_bytes,
            headers_always: self.provider == Provider::Horus,
        }
    }

    /// The parse context of an answer to `call`.
    pub(crate) fn context<'a>(
        &self,
        secrets: &'a [&'a str],
        retried: bool,
        call: &'a Call,
    ) -> ParseContext<'a> {
        ParseContext {
            retried,
            request_id: call.request_id.as_deref(),
            secrets,
            now_ms: Some(now_ms()),
        }
    }

    /// The secrets as the parsers take them: the client's, and the
    /// credentials in headers given to this call.
    pub(crate) fn secrets<'a>(&'a self, call: &'a Call) -> Vec<&'a str> {
        let own = call
            .headers
            .iter()
            .flat_map(|(name, value)| header_secrets(name, value));
        self.secrets.iter().map(String::as_str).chain(own).collect()
    }

    /// The answer to a create, parsed: the result, or the error it means.
    fn read(
        &self,
        answer: &Answer,
        retried: bool,
        call: &Call,
        cap: u32,
    ) -> Result<JsValue, Error> {
        let secrets = self.secrets(call);
        let ctx = self.context(&secrets, retried, call);
        if answer.too_large {
            return Err(self.too_large(&answer.response, cap));
        }
        match (self.parse)(&answer.response, &ctx, &answer.body) {
            // A success that does not parse: its error reports the request
            // id, from the headers left in JS until now. (An error answer's
            // headers were read with it, so its first parse is its last.)
            Err(_) if answer.headers_left_in_js() => {
                (self.parse)(&answer.with_headers(), &ctx, &answer.body)
            }
            parsed => parsed,
        }
    }

    /// `BAD_RESPONSE` for an answer over `cap` (see [`Self::answer_cap`]).
    fn too_large(&self, response: &HttpResponse, cap: u32) -> Error {
        let max = self.max_response_bytes;
        let echo = match cap.saturating_sub(max) {
            0 => String::new(),
            sent => format!(" plus the {sent} bytes sent, which it may echo"),
        };
        let mut e = Error::new(
            ErrorCode::BadResponse,
            format!(
                "{}: the answer (http {}) is larger than maxResponseBytes ({max} bytes){echo}; nothing of it was kept",
                self.provider.as_str(),
                response.status,
            ),
        )
        .with_provider(self.provider);
        e.status = Some(response.status);
        e
    }

    /// The error of an attempt that got no answer.
    pub(crate) fn failure(&self, outcome: &Outcome, call: &Call) -> Error {
        transport_error(self.provider, outcome, Some(u64::from(call.timeout_ms)))
            .unwrap_or_else(|| Error::new(ErrorCode::Network, "request failed"))
    }

    /// Waits before the next request; an abort meanwhile ends the call.
    async fn wait(
        &self,
        delay_ms: u64,
        tally: Tally,
        call: &Call,
        sent: &[u8],
        advice: &str,
    ) -> Result<(), JsValue> {
        if delay_ms == 0 {
            return Ok(());
        }
        transport::sleep(delay_ms, &call.signal)
            .await
            .map_err(|f| self.aborted(Some(f.cause), tally, call, sent, advice))
    }
}
