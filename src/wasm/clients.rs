//! `VerifikClient`, `EqualsClient`, `HorusClient`: one `createPerson` call
//! validates, encodes images, sends through fetch, retries when safe, and
//! parses the documented answers.

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use super::convert::{js_to_json, today, JsonInput};
use super::engine::{js_result, promise, Engine};
use super::error::parse_json;
use super::options::Reader;
use super::transport::random_bytes;
use super::validate::EQUALS_FIELDS;
use super::verifik_images::{self, PreparedImages};
use crate::error::{Error, ErrorCode, FieldError, Provider};
use crate::http::{Endpoint, RequestHead};
use crate::providers::{equals, horus, verifik};

/// The validated person as the JSON object the request builders take.
fn to_fields<T: Serialize>(person: &T) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(person) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Error::new(
            ErrorCode::BadRequest,
            "the validated person is not a JSON object",
        )),
    }
}

/// The JS object minus `images`, read as JSON (images are handled apart:
/// a `Uint8Array` through `JSON.stringify` would become a huge object).
fn json_without_images(input: &JsValue) -> Result<Value, FieldError> {
    let is_plain_object =
        input.is_object() && !input.is_function() && !js_sys::Array::is_array(input);
    if !is_plain_object {
        return js_to_json(input);
    }
    let copy = Object::assign(&Object::new(), input.unchecked_ref());
    let _ = Reflect::delete_property(&copy, &"images".into());
    js_to_json(&copy)
}

/// A client whose one credential travels in a header (Verifik's token,
/// Equals' API key): the engine, whose request head carries it.
struct HeaderKeyed {
    engine: Engine,
}

impl HeaderKeyed {
    /// Reads `{ <key>, ...common options }`; the credential is checked now,
    /// and the request head (`head` of the provider's request module) built
    /// once.
    fn new(
        options: &JsValue,
        provider: Provider,
        key: &'static str,
        default_base_url: &str,
        head: fn(&Endpoint, Option<&str>) -> Result<RequestHead, Error>,
    ) -> Result<Rc<Self>, JsValue> {
        let r = Reader::new(options, &Engine::known_options(&[key]))?;
        let credential = r.credential(key)?;
        let engine = Engine::new(
            provider,
            &r,
            Some(default_base_url),
            credential.iter().cloned().collect(),
        )?;
        let head = head(&engine.endpoint, credential.as_deref())?;
        Ok(Rc::new(Self {
            engine: engine.with_head(&head),
        }))
    }
}

// ------------------------------------------------------------------ Verifik

/// A client for Verifik `POST /v2/face-recognition/persons`.
#[wasm_bindgen(skip_typescript)]
pub struct VerifikClient {
    inner: Rc<HeaderKeyed>,
}

#[wasm_bindgen]
impl VerifikClient {
    /// `new VerifikClient({ token, baseUrl, timeoutMs, maxRetries, fetch, headers, dangerouslyAllowBrowser })`.
    ///
    /// # Errors
    /// `INVALID_OPTIONS`, `BROWSER_NOT_ALLOWED`, `UNSUPPORTED_ENVIRONMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<VerifikClient, JsValue> {
        let inner = HeaderKeyed::new(
            &options,
            Provider::Verifik,
            "token",
            verifik::request::DEFAULT_BASE_URL,
            verifik::request::head,
        )?;
        Ok(Self { inner })
    }

    /// Creates a person: `images` may mix base64 strings with `File`, `Blob`,
    /// `ArrayBuffer` or typed arrays, which are read, checked and encoded
    /// straight into the request body.
    #[wasm_bindgen(js_name = createPerson)]
    pub fn create_person(&self, input: JsValue, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        promise(async move {
            let e = &inner.engine;
            let call = e
                .call(&options)
                .map_err(|err| e_with(err, Provider::Verifik))?;
            let images = verifik_images::prepare(&input).await;
            let fields = json_without_images(&input).map_err(|fe| Error::validation(vec![fe]));
            let body = fields
                .and_then(|json| verifik_body(json, images))
                .map_err(|err| e_with(err, Provider::Verifik))?;
            e.execute(&body, None, &call, |r, c| {
                js_result(verifik::response::parse_response(r, c))
            })
            .await
        })
    }
}

fn verifik_body(mut json: Value, images: Option<PreparedImages>) -> Result<Vec<u8>, Error> {
    if let (Value::Object(map), Some(images)) = (&mut json, &images) {
        map.insert("images".into(), images.validation_view());
    }
    let mut errors = images
        .as_ref()
        .map(PreparedImages::errors)
        .unwrap_or_default();
    let person = match verifik::validate(&json, today()) {
        Ok(p) if errors.is_empty() => p,
        Ok(_) => return Err(Error::validation(errors)),
        Err(mut more) => {
            // An image that failed to read is reported once, by the reader.
            more.retain(|m| !errors.iter().any(|e| e.field == m.field));
            errors.extend(more);
            return Err(Error::validation(errors));
        }
    };
    let mut fields = to_fields(&person)?;
    fields.remove("images");
    let data = match &images {
        Some(images) => images.image_data(&person.images),
        None => Vec::new(),
    };
    verifik::request::build_body(&fields, &data)
}

fn e_with(err: Error, provider: Provider) -> JsValue {
    err.with_provider(provider).into()
}

// ------------------------------------------------------------------ Equals

/// A client for Equals Money `POST /v2/people`.
#[wasm_bindgen(skip_typescript)]
pub struct EqualsClient {
    inner: Rc<HeaderKeyed>,
}

#[wasm_bindgen]
impl EqualsClient {
    /// `new EqualsClient({ apiKey, baseUrl, timeoutMs, maxRetries, fetch, headers, dangerouslyAllowBrowser })`.
    ///
    /// # Errors
    /// `INVALID_OPTIONS`, `BROWSER_NOT_ALLOWED`, `UNSUPPORTED_ENVIRONMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<EqualsClient, JsValue> {
        let inner = HeaderKeyed::new(
            &options,
            Provider::Equals,
            "apiKey",
            equals::request::DEFAULT_BASE_URL,
            equals::request::head,
        )?;
        Ok(Self { inner })
    }

    /// Creates a person (or re-adds an existing one to the account).
    #[wasm_bindgen(js_name = createPerson)]
    pub fn create_person(&self, input: JsValue, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        promise(async move {
            let e = &inner.engine;
            let call = e
                .call(&options)
                .map_err(|err| e_with(err, Provider::Equals))?;
            let body = equals_body(&input).map_err(|err| e_with(err, Provider::Equals))?;
            e.execute(&body, None, &call, |r, c| {
                equals::response::parse_response(r, c).map(|p| parse_json(&p.to_json()))
            })
            .await
        })
    }
}

/// The Equals body: the input read by the JS walk, validated, and the
/// person written by serde_json straight into bytes.
fn equals_body(input: &JsValue) -> Result<Vec<u8>, Error> {
    EQUALS_FIELDS.with(|fields| {
        let mut read = JsonInput::read(input, fields).map_err(|fe| Error::validation(vec![fe]))?;
        let today = read.today();
        let person = read
            .with(|json| equals::validate::validate_json(json, today))
            .map_err(|fe| Error::validation(vec![fe]))?
            .map_err(Error::validation)?;
        equals::request::build_body(&person)
    })
}

// ------------------------------------------------------------------ Horus

struct HorusInner {
    engine: Engine,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// A client for Horus `POST /v1/nonspec/oauth2/management/person`.
#[wasm_bindgen(skip_typescript)]
pub struct HorusClient {
    inner: Rc<HorusInner>,
}

/// Stands in for credentials a client without them never sends (its
/// `baseUrl` is the caller's backend, which adds them), so the rest of the
/// body can still be validated.
const ABSENT_CREDENTIAL: &str = "held-by-your-backend";

#[wasm_bindgen]
impl HorusClient {
    /// `new HorusClient({ baseUrl, clientId, clientSecret, timeoutMs, maxRetries, fetch, headers, dangerouslyAllowBrowser })`.
    ///
    /// # Errors
    /// `INVALID_OPTIONS` (also for only one of `clientId`/`clientSecret`),
    /// `BROWSER_NOT_ALLOWED`, `UNSUPPORTED_ENVIRONMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<HorusClient, JsValue> {
        let r = Reader::new(
            &options,
            &Engine::known_options(&["clientId", "clientSecret"]),
        )?;
        let client_id = r.string("clientId")?;
        let client_secret = r.string("clientSecret")?;
        if client_id.is_some() != client_secret.is_some() {
            return Err(Error::new(
                ErrorCode::InvalidOptions,
                "horus: give both clientId and clientSecret, or neither (when baseUrl is your own backend)",
            )
            .with_field(if client_id.is_some() { "clientSecret" } else { "clientId" })
            .into());
        }
        let engine = Engine::new(
            Provider::Horus,
            &r,
            None,
            client_secret.iter().cloned().collect(),
        )?;
        let head = horus::request::head(&engine.endpoint)?;
        let engine = engine.with_head(&head);
        Ok(Self {
            inner: Rc::new(HorusInner {
                engine,
                client_id,
                client_secret,
            }),
        })
    }

    /// Creates a person. `{ created: false, reason }` when Horus already has
    /// the email or the main identifier.
    #[wasm_bindgen(js_name = createPerson)]
    pub fn create_person(&self, input: JsValue, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        promise(async move {
            let e = &inner.engine;
            let mut call = e
                .call(&options)
                .map_err(|err| e_with(err, Provider::Horus))?;
            let request_id = call
                .request_id
                .clone()
                .unwrap_or_else(|| horus::request::request_id_from_random(&random_bytes(16)));
            call.request_id = Some(request_id.clone());
            let (name, value) = horus::request::request_id_header(&request_id)
                .map_err(|err| e_with(err, Provider::Horus))?;
            let body = js_to_json(&input)
                .map_err(|fe| Error::validation(vec![fe]))
                .and_then(|json| horus_body(&inner, json))
                .map_err(|err| e_with(err, Provider::Horus))?;
            e.execute(&body, Some((name, &value)), &call, |r, c| {
                js_result(horus::response::parse_response(r, c))
            })
            .await
        })
    }
}

fn horus_body(inner: &HorusInner, mut json: Value) -> Result<Vec<u8>, Error> {
    let held = inner
        .client_id
        .as_deref()
        .zip(inner.client_secret.as_deref());
    let mut stand_ins = Vec::new();
    if let Value::Object(map) = &mut json {
        for key in ["clientId", "clientSecret"] {
            if map.contains_key(key) && held.is_some() {
                return Err(Error::validation(vec![FieldError::new(
                    key,
                    ErrorCode::UnknownField,
                    "credentials come from the client options; leave them out of the person",
                )]));
            }
            if !map.contains_key(key) {
                map.insert(key.into(), Value::from(ABSENT_CREDENTIAL));
                stand_ins.push(key);
            }
        }
    }
    let person = horus::validate(&json, today()).map_err(Error::validation)?;
    let mut fields = to_fields(&person)?;
    for key in stand_ins {
        fields.remove(key);
    }
    let credentials = held.map(|(client_id, client_secret)| horus::request::Credentials {
        client_id,
        client_secret,
    });
    horus::request::build_body(credentials.as_ref(), &fields)
}
