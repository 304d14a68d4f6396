//! Messages for people: the locale (`es`, `en`), the caller's own
//! `messages`, `setLocale`, `errorsByField` and `validateField`.
//!
//! The catalogue lives in JS snippets (`messages/*.js`) applied at the edge:
//! the rules keep writing their technical English text, and only a rejected
//! payload or a `PersonkitError` has its texts replaced, so an accepted
//! payload pays nothing, and the wasm carries no texts of its own for it.

use std::cell::Cell;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::validate::{validate_equals_person, validate_horus_person, validate_verifik_person};
use crate::error::{Error, ErrorCode, Provider};
use crate::image::JPEG_STAND_IN;

// Every call into the snippets is `catch`: an exception (the stack limit
// met inside one, a caller's `messages` function is already caught there)
// never unwinds through the wasm, whose frames it would leave behind.
#[wasm_bindgen(module = "/src/wasm/messages/apply.js")]
extern "C" {
    #[wasm_bindgen(js_name = installMessages, catch)]
    fn install_messages(en: JsValue, es: JsValue, limits: JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = pickLocale, catch)]
    fn pick_locale(tag: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = setLocaleTo, catch)]
    fn set_locale_to(tag: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = currentLocale, catch)]
    fn current_locale() -> Result<String, JsValue>;
    #[wasm_bindgen(js_name = localizeResult, catch)]
    fn localize_result(result: &JsValue, provider: u32, options: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = localizeError, catch)]
    fn localize_error(err: &JsValue, locale: &JsValue, messages: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = localizedCall, catch)]
    fn localized_call(
        promise: &Promise,
        locale: &JsValue,
        messages: &JsValue,
        call: &JsValue,
    ) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = errorsByField, catch)]
    fn errors_by_field_js(result: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = fieldPayload, catch)]
    fn field_payload(
        provider: &str,
        field: &str,
        value: &JsValue,
        image: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = dropEmpty, catch)]
    fn drop_empty_js(result: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = fieldResult, catch)]
    fn field_result(result: &JsValue, field: &str) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/src/wasm/messages/en.js")]
extern "C" {
    #[wasm_bindgen(js_name = catalogueEn, catch)]
    fn catalogue_en() -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/src/wasm/messages/es.js")]
extern "C" {
    #[wasm_bindgen(js_name = catalogueEs, catch)]
    fn catalogue_es() -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/src/wasm/messages/limits.js")]
extern "C" {
    #[wasm_bindgen(js_name = limitsTable, catch)]
    fn limits_table() -> Result<JsValue, JsValue>;
}

thread_local! {
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Hands the catalogues to `apply.js`, the first time.
fn ensure() {
    if INSTALLED.with(Cell::get) {
        return;
    }
    let installed = (|| install_messages(catalogue_en()?, catalogue_es()?, limits_table()?))();
    // Tried again on the next call when it failed (the stack limit, say).
    INSTALLED.with(|i| i.set(installed.is_ok()));
}

/// A validator's result, its errors' texts in the call's locale (`options`
/// `{ locale, messages }`, else the default). An accepted result is
/// returned as it is.
pub(crate) fn for_people(result: JsValue, provider: Provider, options: &JsValue) -> JsValue {
    ensure();
    // By index: no string decoded for it on every call (see PROVIDERS in apply.js).
    let index = match provider {
        Provider::Verifik => 0,
        Provider::Equals => 1,
        Provider::Horus => 2,
    };
    // Failing, the rules' own texts stay: an answer either way.
    let _ = localize_result(&result, index, options);
    result
}

/// As [`for_people`], for errors named by the neutral person's fields
/// (`toProviderPayloads`).
pub(crate) fn person_for_people(result: JsValue, options: &JsValue) -> JsValue {
    ensure();
    let _ = localize_result(&result, 4, options);
    result
}

/// Leaves the members holding `""` out of an accepted result's value (the
/// walk's own copy, never the caller's object): normalisation step 1.
pub(crate) fn drop_empty(result: JsValue) -> JsValue {
    match drop_empty_js(&result) {
        Ok(()) => result,
        // Not the body that would be sent: no answer rather than a wrong one.
        Err(_) => super::convert::last_resort(),
    }
}

/// A `PersonkitError` just built, its text in the default locale (a
/// client call puts it in its own locale afterwards: [`localized`]).
pub(crate) fn error_for_people(err: &JsValue) {
    ensure();
    let _ = localize_error(err, &JsValue::UNDEFINED, &JsValue::UNDEFINED);
}

/// The locale and `messages` a client was built with.
pub(crate) struct ClientWords {
    locale: JsValue,
    messages: JsValue,
}

impl ClientWords {
    /// From a client's options: `locale` must be Spanish or English, and
    /// `messages` an object or a function.
    ///
    /// # Errors
    /// `INVALID_OPTIONS` naming the option.
    pub(crate) fn new(locale: JsValue, messages: JsValue) -> Result<Self, Error> {
        ensure();
        if !locale.is_undefined() && pick_locale(&locale).map_or(true, |l| l.is_null()) {
            return Err(unsupported_locale().with_field("locale"));
        }
        if !(messages.is_undefined() || messages.is_function() || messages.is_object()) {
            return Err(Error::new(
                ErrorCode::InvalidOptions,
                "messages must be an object or a function",
            )
            .with_field("messages"));
        }
        Ok(Self { locale, messages })
    }

    /// A call's promise whose rejection speaks the call's locale, else the client's.
    pub(crate) fn localized(&self, promise: &Promise, call_options: &JsValue) -> Promise {
        localized_call(promise, &self.locale, &self.messages, call_options)
            .unwrap_or_else(|_| promise.clone())
    }
}

fn unsupported_locale() -> Error {
    Error::new(
        ErrorCode::InvalidOptions,
        "locale must be \"es\" or \"en\" (or a tag of those languages, such as \"es-PE\")",
    )
}

/// Sets the locale every later message uses unless a call names its own:
/// `"es"` or `"en"` (a tag such as `"es-PE"` counts as its language).
///
/// # Errors
/// `INVALID_OPTIONS` for another language.
#[wasm_bindgen(js_name = setLocale, skip_typescript)]
pub fn set_locale(locale: &JsValue) -> Result<(), JsValue> {
    ensure();
    if set_locale_to(locale).unwrap_or(false) {
        Ok(())
    } else {
        Err(unsupported_locale().with_field("locale").into())
    }
}

/// The locale messages use by default (`"en"` until `setLocale`).
#[wasm_bindgen(js_name = getLocale, skip_typescript)]
#[must_use]
pub fn get_locale() -> String {
    ensure();
    current_locale().unwrap_or_else(|_| "en".to_owned())
}

/// `{ [field]: [message, …] }` from a validator's result, a `PersonkitError`
/// or an error list; `{}` for an accepted result.
#[wasm_bindgen(js_name = errorsByField, skip_typescript)]
#[must_use]
pub fn errors_by_field(result: &JsValue) -> JsValue {
    errors_by_field_js(result).unwrap_or_else(|_| js_sys::Object::new().into())
}

/// One field checked as the whole-payload validator checks it, for live
/// checks as the user types: `{ ok: true, value }` (the value as it would be
/// sent, `undefined` when left out) or `{ ok: false, errors }` holding the
/// errors at `field` and under it (`images[1]`, `address.city`). The other
/// fields hold valid stand-ins, so the rules speak only of this one.
///
/// # Errors
/// `INVALID_OPTIONS` for a provider other than `verifik`, `equals`, `horus`.
#[wasm_bindgen(js_name = validateField, skip_typescript)]
pub fn validate_field(
    provider: &JsValue,
    field: &str,
    value: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    let name = provider.as_string();
    let check = match name.as_deref() {
        Some("verifik") => validate_verifik_person,
        Some("equals") => validate_equals_person,
        Some("horus") => validate_horus_person,
        _ => {
            let e = Error::new(
                ErrorCode::InvalidOptions,
                "validateField: provider must be \"verifik\", \"equals\" or \"horus\"",
            )
            .with_field("provider");
            return Err(e.into());
        }
    };
    let payload = name
        .as_deref()
        .map(|name| field_payload(name, field, value, JPEG_STAND_IN));
    let Some(Ok(payload)) = payload else {
        return Ok(super::convert::last_resort());
    };
    let result = check(payload, options);
    Ok(field_result(&result, field).unwrap_or_else(|_| super::convert::last_resort()))
}
