//! `VerifikClient`, `EqualsClient`, `HorusClient`: one `createPerson` call
//! validates, encodes images, sends through fetch, retries when safe, and
//! parses the documented answers.
//!
//! ## Freeing a client
//!
//! wasm-bindgen gives every exported class a `free()` that releases the Rust
//! value and zeroes the object's pointer, after which a second `free()` or
//! any method throws `null pointer passed to rust`, synchronously. Each
//! client declares its own method named `free`, which comes later in the
//! generated class body and so is the one JS calls (also as
//! `Symbol.dispose`): it drops the client's state and keeps the pointer
//! valid, so a second `free()` does nothing and a call rejects with a
//! `PersonkitError`. The few bytes left are released by wasm-bindgen's
//! `FinalizationRegistry` once the object is collected.
//! `tests/js/clients-free.test.mjs` holds the generated glue to this.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Promise;
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::convert::{payload_to_json, today, JsonInput};
use super::engine::{js_result, Call, Engine, Parser};
use super::horus_credentials::HorusCredentials;
use super::lookup::Lookup;
use super::messages::{in_options_words, ClientWords};
use super::options::credential_var;
use super::options::Reader;
use super::transport::random_bytes;
use super::transport::with_person;
use super::validate::EQUALS_FIELDS;
use super::verifik_images::{self, PreparedImages};
use crate::error::{Error, ErrorCode, FieldError, Provider};
use crate::http::{Endpoint, RequestHead};
use crate::providers::{equals, horus, verifik};
use crate::validate::{with_unreadable, Today};

/// The validated person as the JSON object the request builders take.
pub(super) fn to_fields<T: Serialize>(person: &T) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(person) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Error::new(
            ErrorCode::BadRequest,
            "the validated person is not a JSON object",
        )),
    }
}

/// The person minus `images` when they were read apart (an array: a
/// `Uint8Array` through `JSON.stringify` would become a huge object), read
/// as JSON; any other `images` stays for the validator to judge, so the
/// client and `validateVerifikPerson` give the same answer. Nothing is
/// copied in JS: a getter that throws or a revoked proxy is an error value.
fn json_without_images(
    input: &JsValue,
    read_apart: bool,
) -> Result<(Value, Vec<FieldError>), FieldError> {
    payload_to_json(
        input,
        read_apart.then_some("images"),
        &verifik::validate::FIELDS,
    )
}

/// What a body built from a payload read without the members `left_out`
/// (JSON cannot hold them) comes to: their errors in place of what the
/// rules said of their absence, and refused even where the rules passed.
fn with_left_out<T>(built: Result<T, Error>, left_out: Vec<FieldError>) -> Result<T, Error> {
    if left_out.is_empty() {
        return built;
    }
    match built {
        Err(e) if e.code == ErrorCode::ValidationFailed => {
            Err(Error::validation(with_unreadable(e.errors, left_out)))
        }
        _ => Err(Error::validation(left_out)),
    }
}

/// What every client keeps until `free()`: its engine and the provider's
/// own state (Horus's credentials), shared with the calls in flight, which
/// finish even when the client is freed meanwhile.
struct Client<T = ()> {
    provider: Provider,
    live: Cell<Option<Rc<Live<T>>>>,
    /// The locale and `messages` of the client's errors.
    words: ClientWords,
}

struct Live<T> {
    engine: Engine,
    own: T,
}

impl<T> Client<T> {
    fn new(engine: Engine, own: T, r: &Reader) -> Result<Self, Error> {
        Ok(Self {
            provider: engine.provider,
            live: Cell::new(Some(Rc::new(Live { engine, own }))),
            words: ClientWords::new(r.raw("locale")?, r.raw("messages")?)?,
        })
    }

    /// The client's state, or the error of a call on a freed client.
    fn live(&self) -> Result<Rc<Live<T>>, Error> {
        let live = self.live.take();
        let shared = live.clone();
        self.live.set(live);
        shared.ok_or_else(|| freed(self.provider))
    }

    /// Drops the engine and the credentials; a second call does nothing.
    fn free(&self) {
        drop(self.live.take());
    }

    /// A call's promise: the call options read and `body` built now (the
    /// caller may change the input once the call returns), then sent by the
    /// attempt loop; any error rejects the promise as a `PersonkitError`.
    fn send(
        &self,
        options: &JsValue,
        prepare: impl FnOnce(&Live<T>, &mut Call) -> Result<Prepared, Error>,
    ) -> Promise
    where
        T: 'static,
    {
        let provider = self.provider;
        let prepared = self.live().and_then(|live| {
            let mut call = live.engine.call(options)?;
            let prepared = prepare(&live, &mut call)?;
            Ok((live, call, prepared))
        });
        let promise = future_to_promise(async move {
            let (live, call, p) = prepared.map_err(|e| e_with(e, provider))?;
            let extra = p
                .extra
                .as_ref()
                .map(|(name, value)| (*name, value.as_str()));
            live.engine.create(&p.body, extra, &call, &p.lookup).await
        });
        self.words.localized(&promise, options)
    }
}

/// Verifik and Equals have no request id header: a `requestId` given to
/// them is sent nowhere, so their errors must not report it as sent.
fn no_request_id(call: &mut Call) {
    call.request_id = None;
}

/// The error of a call on a client after its `free()`.
fn freed(provider: Provider) -> Error {
    Error::new(
        ErrorCode::InvalidOptions,
        format!(
            "{}: this client was freed (free() was called); create a new client",
            provider.as_str()
        ),
    )
}

/// A call's request body, how to look its person up, and a header of its own.
struct Prepared {
    body: Vec<u8>,
    lookup: Lookup,
    extra: Option<(&'static str, String)>,
}

impl From<(Vec<u8>, Lookup)> for Prepared {
    fn from((body, lookup): (Vec<u8>, Lookup)) -> Self {
        Self {
            body,
            lookup,
            extra: None,
        }
    }
}

/// A client whose one credential travels in a header (Verifik's token,
/// Equals' API key): `{ <key>, ...common options }`, the credential checked
/// now and the request head (`head` of the provider's request module) built
/// once.
fn header_keyed(
    options: &JsValue,
    provider: Provider,
    key: &'static str,
    (default_base_url, own_domain): (&'static str, &'static str),
    head: fn(&Endpoint, Option<&str>) -> Result<RequestHead, Error>,
    parse: Parser,
) -> Result<Client, JsValue> {
    let r = Reader::new(options, &Engine::known_options(&[key]))?;
    let credential = r.credential_or_env(key, credential_var(provider))?;
    let engine = Engine::new(
        provider,
        &r,
        (Some((default_base_url, own_domain)), Some(key)),
        credential.iter().cloned().collect(),
        |endpoint| head(endpoint, credential.as_deref()),
        parse,
    )?;
    Ok(Client::new(engine, (), &r)?)
}

/// A call's error from before anything was sent: no attempt, nothing
/// reconciled, as every client error says.
fn e_with(err: Error, provider: Provider) -> JsValue {
    let js: JsValue = err.with_provider(provider).into();
    super::transport::tally(&js, 0, false);
    js
}

/// A client's constructor error in the words of its options; an
/// `INVALID_OPTIONS` not worded by the options' own `messages` also says
/// what to fix in its message. Only a developer meets a client being built
/// (on a server), and workerd and Deno print an uncaught error's message and
/// stack, never its `detail`.
fn constructor_error(err: JsValue, options: &JsValue) -> JsValue {
    let err = in_options_words(err, options);
    let text = |key: &str| {
        js_sys::Reflect::get(&err, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    let own_words = options.is_object()
        && js_sys::Reflect::get(options, &JsValue::from_str("messages"))
            .is_ok_and(|m| !m.is_undefined());
    if !own_words && text("code").as_deref() == Some("INVALID_OPTIONS") {
        if let (Some(message), Some(detail)) = (text("message"), text("detail")) {
            if message != detail {
                let both = JsValue::from_str(&format!("{message} ({detail})"));
                let _ = js_sys::Reflect::set(&err, &JsValue::from_str("message"), &both);
            }
        }
    }
    err
}

// ------------------------------------------------------------------ Verifik

/// A client for Verifik `POST /v2/face-recognition/persons`.
#[wasm_bindgen(skip_typescript)]
pub struct VerifikClient {
    inner: Client,
}

#[wasm_bindgen]
impl VerifikClient {
    /// `new VerifikClient({ token, baseUrl, timeoutMs, maxRetries, fetch, headers, dangerouslyAllowBrowser })`.
    ///
    /// # Errors
    /// `INVALID_OPTIONS`, `BROWSER_NOT_ALLOWED`, `UNSUPPORTED_ENVIRONMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<VerifikClient, JsValue> {
        let inner = header_keyed(
            &options,
            Provider::Verifik,
            "token",
            (
                verifik::request::DEFAULT_BASE_URL,
                verifik::request::OWN_DOMAIN,
            ),
            verifik::request::head,
            |r, c, _| js_result(verifik::response::parse_response(r, c)),
        )
        .map_err(|e| constructor_error(e, &options))?;
        Ok(Self { inner })
    }

    /// Creates a person: `images` may mix base64 strings with `File`, `Blob`,
    /// `ArrayBuffer` or typed arrays, which are read, checked and encoded
    /// straight into the request body.
    #[wasm_bindgen(js_name = createPerson)]
    pub fn create_person(&self, input: JsValue, options: &JsValue) -> Promise {
        let provider = self.inner.provider;
        let call = self.inner.live().and_then(|live| {
            let mut call = live.engine.call(options)?;
            no_request_id(&mut call);
            Ok((call, live))
        });
        // Files and Blobs are read first (the one await before sending).
        let promise = future_to_promise(async move {
            let (call, live) = call.map_err(|e| e_with(e, provider))?;
            // The call's signal also ends a read that never does (a stalled file).
            let images = verifik_images::prepare(&input, &call.signal).await;
            if super::transport::is_aborted(&call.signal) {
                return Err(live.engine.aborted_unsent(&call));
            }
            let (body, lookup) = json_without_images(&input, images.is_some())
                .map_err(|fe| Error::validation(vec![fe]))
                .and_then(|(json, left_out)| with_left_out(verifik_body(json, images), left_out))
                .map_err(|e| e_with(e, provider))?;
            live.engine.create(&body, None, &call, &lookup).await
        });
        self.inner.words.localized(&promise, options)
    }

    /// `free()`: drops what the client holds, its credentials included.
    /// A second `free()` does nothing; a later call rejects with
    /// `INVALID_OPTIONS` (see "Freeing a client" at the top of this file).
    #[wasm_bindgen(js_name = free)]
    pub fn release(&self) {
        self.inner.free();
    }
}

/// Where `images`' errors stand among the rules' errors: after the unknown
/// keys and the fields documented before it, before the fields after it.
fn images_place(errors: &[FieldError]) -> usize {
    let fields = &verifik::validate::FIELDS;
    let images_at = fields.iter().position(|f| *f == "images");
    let after_images = |field: &str| {
        let top = field.split(['[', '.']).next().unwrap_or(field);
        fields.iter().position(|f| *f == top) > images_at
    };
    errors
        .iter()
        .position(|e| after_images(&e.field))
        .unwrap_or(errors.len())
}

fn verifik_body(
    mut json: Value,
    images: Option<PreparedImages>,
) -> Result<(Vec<u8>, Lookup), Error> {
    if let (Value::Object(map), Some(images)) = (&mut json, &images) {
        map.insert("images".into(), images.validation_view());
    }
    let errors = images
        .as_ref()
        .map(PreparedImages::errors)
        .unwrap_or_default();
    let person = match verifik::validate(&json, Today::ask(&today)) {
        Ok(p) if errors.is_empty() => p,
        Ok(_) => return Err(Error::validation(errors)),
        Err(mut more) => {
            // An image that failed to read is reported once, by the reader,
            // where the rules list `images` (as validateVerifikPerson does).
            more.retain(|m| !errors.iter().any(|e| e.field == m.field));
            let after = more.split_off(images_place(&more));
            more.extend(errors);
            more.extend(after);
            return Err(Error::validation(more));
        }
    };
    let mut fields = to_fields(&person)?;
    // Not `remove`: it swaps the last field into the hole, and the body would
    // leave the documented order the accepted `value` has (`retain` keeps it,
    // and the build links it anyway).
    fields.retain(|k, _| k != "images");
    let data = match &images {
        Some(images) => images.image_data(&person.images),
        None => Vec::new(),
    };
    let wanted = person
        .collections
        .as_ref()
        .and_then(|c| c.first())
        .map(|collection| verifik::lookup::Wanted {
            collection: collection.clone(),
            name: person.name.clone(),
            date_of_birth: person
                .date_of_birth
                .map(|d| (i64::from(d.year), i64::from(d.month), i64::from(d.day))),
        });
    let body = verifik::request::build_body(&fields, &data)?;
    Ok((body, Lookup::Verifik(wanted)))
}

// ------------------------------------------------------------------ Equals

/// A client for Equals Money `POST /v2/people`.
#[wasm_bindgen(skip_typescript)]
pub struct EqualsClient {
    inner: Client,
}

#[wasm_bindgen]
impl EqualsClient {
    /// `new EqualsClient({ apiKey, baseUrl, timeoutMs, maxRetries, fetch, headers, dangerouslyAllowBrowser })`.
    ///
    /// # Errors
    /// `INVALID_OPTIONS`, `BROWSER_NOT_ALLOWED`, `UNSUPPORTED_ENVIRONMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<EqualsClient, JsValue> {
        let inner = header_keyed(
            &options,
            Provider::Equals,
            "apiKey",
            (
                equals::request::DEFAULT_BASE_URL,
                equals::request::OWN_DOMAIN,
            ),
            equals::request::head,
            |r, c, body| equals::response::parse_response(r, c).map(|p| equals_result(body, &p)),
        )
        .map_err(|e| constructor_error(e, &options))?;
        Ok(Self { inner })
    }

    /// Creates a person (or re-adds an existing one to the account).
    #[wasm_bindgen(js_name = createPerson)]
    pub fn create_person(&self, input: &JsValue, options: &JsValue) -> Promise {
        self.inner.send(options, |_, call| {
            no_request_id(call);
            equals_body(input).map(Prepared::from)
        })
    }

    /// `free()`: drops what the client holds, its credentials included.
    /// A second `free()` does nothing; a later call rejects with
    /// `INVALID_OPTIONS` (see "Freeing a client" at the top of this file).
    #[wasm_bindgen(js_name = free)]
    pub fn release(&self) {
        self.inner.free();
    }
}

/// The Equals result: `{ id, personaId, person, persona, retried }` with
/// the person parsed by `JSON.parse` straight from the answer's bytes (once:
/// `persona` is the person's own), the ids and flag from the core's parse.
fn equals_result(body: &JsValue, p: &equals::response::CreatedPerson) -> JsValue {
    with_person(body, &p.id, p.persona_id.as_deref(), p.retried)
}

/// The Equals body: the input read by the JS walk, validated, and the
/// person written by serde_json straight into bytes.
fn equals_body(input: &JsValue) -> Result<(Vec<u8>, Lookup), Error> {
    EQUALS_FIELDS.with(|fields| {
        let mut read = JsonInput::read(input, fields).map_err(|fe| Error::validation(vec![fe]))?;
        let today = read.today();
        let person = read
            .with(|json| equals::validate::validate_json(json, today))
            .map_err(|fe| Error::validation(vec![fe]))?
            .map_err(|errors| Error::validation(read.settle(errors, fields)))?;
        // A field left out as unreadable fails the payload even when the rules passed without it.
        if read.left_out() {
            return Err(Error::validation(read.settle(Vec::new(), fields)));
        }
        let lookup = Lookup::Equals {
            account_id: person.account_id.clone(),
            email: person.email_address.clone(),
        };
        Ok((equals::request::build_body(&person)?, lookup))
    })
}

// ------------------------------------------------------------------ Horus

/// A client for Horus `POST /v1/nonspec/oauth2/management/person`.
#[wasm_bindgen(skip_typescript)]
pub struct HorusClient {
    inner: Client<HorusCredentials>,
}

#[wasm_bindgen]
impl HorusClient {
    /// `new HorusClient({ baseUrl, clientId, clientSecret, withoutCredentials, timeoutMs, maxRetries, fetch, headers, dangerouslyAllowBrowser })`.
    ///
    /// # Errors
    /// `INVALID_OPTIONS` (also for only one of `clientId`/`clientSecret`, or
    /// neither on a server without `withoutCredentials: true`),
    /// `BROWSER_NOT_ALLOWED`, `UNSUPPORTED_ENVIRONMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<HorusClient, JsValue> {
        horus_client(&options).map_err(|e| constructor_error(e, &options))
    }

    /// Creates a person. `{ created: false, reason }` when Horus already has
    /// the email or the main identifier.
    #[wasm_bindgen(js_name = createPerson)]
    pub fn create_person(&self, input: &JsValue, options: &JsValue) -> Promise {
        self.inner.send(options, |live, call| {
            let request_id = call
                .request_id
                .take()
                .unwrap_or_else(|| horus::request::request_id_from_random(&random_bytes(16)));
            let header = horus::request::request_id_header(&request_id);
            call.request_id = Some(request_id);
            let (json, left_out) = payload_to_json(input, None, &horus::validate::FIELDS)
                .map_err(|fe| Error::validation(vec![fe]))?;
            Ok(Prepared {
                body: with_left_out(live.own.body(json), left_out)?,
                lookup: Lookup::Never,
                extra: Some(header?),
            })
        })
    }

    /// `free()`: drops what the client holds, its credentials included.
    /// A second `free()` does nothing; a later call rejects with
    /// `INVALID_OPTIONS` (see "Freeing a client" at the top of this file).
    #[wasm_bindgen(js_name = free)]
    pub fn release(&self) {
        self.inner.free();
    }
}

/// [`HorusClient::new`], its errors in the words of the options' own locale.
fn horus_client(options: &JsValue) -> Result<HorusClient, JsValue> {
    let r = Reader::new(
        options,
        &Engine::known_options(&["clientId", "clientSecret", "withoutCredentials"]),
    )?;
    let own = HorusCredentials::read(&r)?;
    let engine = Engine::new(
        Provider::Horus,
        &r,
        (None, None),
        own.secrets(),
        horus::request::head,
        |r, c, _| js_result(horus::response::parse_response(r, c)),
    )?;
    own.refuse_unauthenticated()?;
    Ok(HorusClient {
        inner: Client::new(engine, own, &r)?,
    })
}
