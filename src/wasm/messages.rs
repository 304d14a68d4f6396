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

#[wasm_bindgen(module = "/src/wasm/messages/apply.js")]
extern "C" {
    #[wasm_bindgen(js_name = installMessages)]
    fn install_messages(en: JsValue, es: JsValue, limits: JsValue);
    #[wasm_bindgen(js_name = pickLocale)]
    fn pick_locale(tag: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = setLocaleTo)]
    fn set_locale_to(tag: &JsValue) -> bool;
    #[wasm_bindgen(js_name = currentLocale)]
    fn current_locale() -> String;
    #[wasm_bindgen(js_name = localizeResult)]
    fn localize_result(result: JsValue, provider: u32, options: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = localizeError)]
    fn localize_error(err: &JsValue, locale: &JsValue, messages: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = localizedCall)]
    fn localized_call(
        promise: &Promise,
        locale: &JsValue,
        messages: &JsValue,
        call: &JsValue,
    ) -> Promise;
    #[wasm_bindgen(js_name = errorsByField)]
    fn errors_by_field_js(result: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = fieldPayload)]
    fn field_payload(provider: &str, field: &str, value: &JsValue, image: &str) -> JsValue;
    #[wasm_bindgen(js_name = dropEmpty)]
    fn drop_empty_js(result: &JsValue);
    #[wasm_bindgen(js_name = fieldResult)]
    fn field_result(result: JsValue, field: &str) -> JsValue;
}

#[wasm_bindgen(module = "/src/wasm/messages/en.js")]
extern "C" {
    #[wasm_bindgen(js_name = catalogueEn)]
    fn catalogue_en() -> JsValue;
}

#[wasm_bindgen(module = "/src/wasm/messages/es.js")]
extern "C" {
    #[wasm_bindgen(js_name = catalogueEs)]
    fn catalogue_es() -> JsValue;
}

#[wasm_bindgen(module = "/src/wasm/messages/limits.js")]
extern "C" {
    #[wasm_bindgen(js_name = limitsTable)]
    fn limits_table() -> JsValue;
}

thread_local! {
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Hands the catalogues to `apply.js`, the first time.
fn ensure() {
    if !INSTALLED.with(|i| i.replace(true)) {
        install_messages(catalogue_en(), catalogue_es(), limits_table());
    }
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
    localize_result(result, index, options)
}

/// As [`for_people`], for errors named by the neutral person's fields
/// (`toProviderPayloads`).
pub(crate) fn person_for_people(result: JsValue, options: &JsValue) -> JsValue {
    ensure();
    localize_result(result, 4, options)
}

/// Leaves the members holding `""` out of an accepted result's value (the
/// walk's own copy, never the caller's object): normalisation step 1.
pub(crate) fn drop_empty(result: &JsValue) {
    drop_empty_js(result);
}

/// A `PersonkitError` just built, its text in the default locale (a
/// client call puts it in its own locale afterwards: [`localized`]).
pub(crate) fn error_for_people(err: &JsValue) {
    ensure();
    localize_error(err, &JsValue::UNDEFINED, &JsValue::UNDEFINED);
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
        if !locale.is_undefined() && pick_locale(&locale).is_null() {
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
    if set_locale_to(locale) {
        Ok(())
    } else {
        Err(unsupported_locale().with_field("locale").into())
    }
}

/// The locale messages use by default (`"en"` until `setLocale`).
#[wasm_bindgen(js_name = getLocale, skip_typescript)]
#[must_use]
pub fn get_locale() -> String {
    current_locale()
}

/// `{ [field]: [message, …] }` from a validator's result, a `PersonkitError`
/// or an error list; `{}` for an accepted result.
#[wasm_bindgen(js_name = errorsByField, skip_typescript)]
#[must_use]
pub fn errors_by_field(result: &JsValue) -> JsValue {
    errors_by_field_js(result)
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
    let with = |name: &str| field_payload(name, field, value, JPEG_STAND_IN);
    let result = match provider.as_string().as_deref() {
        Some("verifik") => validate_verifik_person(&with("verifik"), options),
        Some("equals") => validate_equals_person(&with("equals"), options),
        Some("horus") => validate_horus_person(&with("horus"), options),
        _ => {
            let e = Error::new(
                ErrorCode::InvalidOptions,
                "validateField: provider must be \"verifik\", \"equals\" or \"horus\"",
            )
            .with_field("provider");
            return Err(e.into());
        }
    };
    Ok(field_result(result, field))
}
