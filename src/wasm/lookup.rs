//! Settling an uncertain create by asking the provider: the requests are
//! the core's (`providers::{equals, verifik}::lookup`), sent here through
//! `transport.js`. The attempt loop (`engine.rs`) calls [`run`] when the
//! policy says "look first".

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::error::{scrubbed_cause, to_js, to_js_error};
use super::transport::{self, with_person, Head, Send};
use crate::error::{Error, Provider};
use crate::http::{transport_error, ParseContext, RequestHead};
use crate::providers::equals::lookup::Listed;
use crate::providers::{equals, verifik};

/// What a call can be looked up by, from its validated person.
pub(crate) enum Lookup {
    /// Horus: a repeat is detectable, so it is never looked up.
    Never,
    /// Equals: the email on the account.
    Equals {
        /// `accountId` as sent.
        account_id: String,
        /// `emailAddress` as sent.
        email: String,
    },
    /// Verifik: name and date of birth in the person's first collection;
    /// `None` when the person was sent without one (nothing can tell).
    Verifik(Option<verifik::lookup::Wanted>),
}

/// What a lookup found.
pub(crate) enum Looked {
    /// The person is there: the result, in the shape a create gives.
    Found(JsValue),
    /// The create did not happen.
    NotFound,
    /// Nothing could tell.
    Unknown(Unknown),
}

/// Why a lookup could not tell, and what the caller should check.
pub(crate) struct Unknown {
    /// "the lookup that would tell failed (…)".
    pub(crate) reason: String,
    /// "look for … on account …".
    pub(crate) check: String,
    /// The lookup's own error, when it failed.
    pub(crate) cause: Option<JsValue>,
}

/// What a lookup request needs from its call.
pub(crate) struct Asking<'a> {
    pub(crate) provider: Provider,
    /// The client's create request (lookups use its URL and credentials).
    pub(crate) create: &'a RequestHead,
    /// fetch, timeout, signal and size limit of the call; body and extra
    /// header unused.
    pub(crate) with: Send<'a>,
    /// The create's body: a listed person, photos included, may be as large.
    pub(crate) person_bytes: u64,
    pub(crate) ctx: ParseContext<'a>,
}

/// Asks the provider whether the person of `lookup` exists.
pub(crate) async fn run(lookup: &Lookup, asking: &Asking<'_>) -> Looked {
    match lookup {
        Lookup::Never => unknown("this provider has no lookup".into(), String::new(), None),
        Lookup::Equals { account_id, email } => equals(asking, lookup, account_id, email).await,
        Lookup::Verifik(None) => unknown(
            "a person sent without collections cannot be looked for".into(),
            check_of(lookup),
            None,
        ),
        Lookup::Verifik(Some(wanted)) => verifik(asking, lookup, wanted).await,
    }
}

/// What the caller should check when the lookup of `lookup` cannot tell.
fn check_of(lookup: &Lookup) -> String {
    match lookup {
        Lookup::Never => String::new(),
        Lookup::Equals { account_id, .. } => {
            format!("look for the person's email on account {account_id} (Equals \"List people\")")
        }
        Lookup::Verifik(None) => "look for the person in Verifik".into(),
        Lookup::Verifik(Some(wanted)) => {
            format!("look for the person in collection {}", wanted.collection)
        }
    }
}

/// Why nothing can tell when the lookup of `lookup` was never asked.
pub(crate) fn not_asked(lookup: &Lookup, reason: &str, cause: JsValue) -> Unknown {
    Unknown {
        reason: reason.into(),
        check: check_of(lookup),
        cause: Some(cause),
    }
}

async fn equals(asking: &Asking<'_>, lookup: &Lookup, account_id: &str, email: &str) -> Looked {
    let check = check_of(lookup);
    // Page by page: the search matches parts of emails, so the person may
    // be past the first page (read as absent, they would be created again).
    let mut offset = 0_u64;
    let mut page = 1;
    loop {
        let head = equals::lookup::request(asking.create, account_id, email, offset);
        let found = get(asking, &asking.with, &head).await.and_then(|r| {
            equals::lookup::find(&r, &asking.ctx, account_id, email, offset).map_err(failed)
        });
        match found {
            Ok(Listed::Found(p)) => {
                let body: JsValue = Uint8Array::from(p.person.as_bytes()).into();
                return Looked::Found(with_person(&body, &p.id, p.persona_id.as_deref(), false));
            }
            Ok(Listed::NotFound) => return Looked::NotFound,
            Ok(Listed::Incomplete { listed, count }) => {
                offset = offset.saturating_add(listed as u64);
                // A page that adds nothing cannot read the list to its end.
                if listed == 0 || page >= equals::lookup::MAX_PAGES {
                    let reason = format!(
                        "the search listed {offset} of {count} matching people, and none was the person"
                    );
                    return unknown(reason, check, None);
                }
                page += 1;
            }
            Err(why) => return unknown(why.0, check, why.1),
        }
    }
}

async fn verifik(asking: &Asking<'_>, lookup: &Lookup, wanted: &verifik::lookup::Wanted) -> Looked {
    // Persons are listed whole, photos too: fewer a page when they are large,
    // and room for that many more than maxResponseBytes.
    let rows = verifik::lookup::rows_per_page(asking.person_bytes);
    let room = verifik::lookup::page_room(rows, asking.person_bytes);
    let with = Send {
        max_bytes: asking
            .with
            .max_bytes
            .saturating_add(u32::try_from(room).unwrap_or(u32::MAX)),
        ..asking.with
    };
    // Page 1 says how many pages there are; then both ends in turn.
    let mut pages = 1;
    for k in 0.. {
        let Some(n) = verifik::lookup::page_to_read(k, pages) else {
            break;
        };
        if k >= verifik::lookup::MAX_PAGES {
            let reason = format!(
                "the collection has {pages} pages of persons, more than the {} the lookup reads",
                verifik::lookup::MAX_PAGES
            );
            return unknown(reason, check_of(lookup), None);
        }
        let head = verifik::lookup::request(asking.create, wanted, n, rows);
        let page = get(asking, &with, &head)
            .await
            .and_then(|r| verifik::lookup::find(&r, &asking.ctx, wanted).map_err(failed));
        let page = match page {
            Ok(page) => page,
            Err(why) => return unknown(why.0, check_of(lookup), why.1),
        };
        if let Some(person) = page.found {
            return Looked::Found(to_js(&person));
        }
        if k == 0 {
            pages = page.pages;
        }
    }
    Looked::NotFound
}

/// A lookup's reason to give up, and its error.
struct Why(String, Option<JsValue>);

fn failed(e: Error) -> Why {
    let reason = format!("the lookup that would tell failed ({})", e.message);
    Why(reason, Some(e.into()))
}

/// One lookup request, its whole answer as the core reads it.
async fn get(
    asking: &Asking<'_>,
    with: &Send<'_>,
    head: &RequestHead,
) -> Result<crate::http::HttpResponse, Why> {
    match transport::send(&Head::new(head), with).await {
        Ok(answer) if answer.too_large => Err(Why(
            format!(
                "the lookup's answer was larger than the {} bytes it may hold",
                with.max_bytes
            ),
            None,
        )),
        Ok(answer) => Ok(answer.response),
        Err(f) => {
            let timeout = Some(u64::from(with.timeout_ms));
            let e = transport_error(asking.provider, &f.outcome, timeout)
                .unwrap_or_else(|| Error::new(crate::error::ErrorCode::Network, "no answer"));
            let reason = format!(
                "the lookup that would tell got no answer ({})",
                transport::ended_without_answer(&f.outcome)
            );
            let cause = scrubbed_cause(f.cause, asking.ctx.secrets);
            Err(Why(reason, Some(to_js_error(&e, Some(cause)))))
        }
    }
}

fn unknown(reason: String, check: String, cause: Option<JsValue>) -> Looked {
    Looked::Unknown(Unknown {
        reason,
        check,
        cause,
    })
}
