//! Messages for people: the locale (`es`, `en`), the caller's own
//! `messages`, `setLocale` and `errorsByField`.
//!
//! The catalogue lives in JS snippets (`messages/*.js`) applied at the edge:
//! the rules keep writing their technical English text, and only a rejected
//! payload or a `PersonkitError` has its texts replaced, so an accepted
//! payload pays nothing, and the wasm carries no texts of its own for it.

use std::cell::Cell;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::convert::{no_room, room};
use crate::error::{Error, ErrorCode, Provider};
use crate::validate::{At, Edit};

// Every call into the snippets is `catch`, or catches in JS itself
// (`localizeResult`), or reads nothing that can throw (`fieldProvider`,
// called once the stack showed room): an exception (the stack limit met
// inside one; a caller's `messages` function is already caught there) never
// unwinds through the wasm, whose frames it would leave behind.
#[wasm_bindgen(module = "/src/wasm/messages/apply.js")]
extern "C" {
    #[wasm_bindgen(js_name = installMessages, catch)]
    fn install_messages(
        en: JsValue,
        es: JsValue,
        limits: JsValue,
        codes: js_sys::Array,
    ) -> Result<f64, JsValue>;
    // Catches in JS; called on rejections only.
    #[wasm_bindgen(js_name = everyDetail)]
    fn every_detail(options: &JsValue) -> bool;
    #[wasm_bindgen(js_name = pickLocale, catch)]
    fn pick_locale(tag: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = setLocaleTo, catch)]
    fn set_locale_to(tag: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = currentLocale, catch)]
    fn current_locale() -> Result<JsValue, JsValue>;
    // Catches in JS: called on every rejection, where `catch`'s wrapper costs.
    #[wasm_bindgen(js_name = localizeResult)]
    fn localize_result(result: &JsValue, provider: u32, options: &JsValue);
    #[wasm_bindgen(js_name = localizeForOptions)]
    fn localize_for_options(err: &JsValue, options: &JsValue) -> JsValue;
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
    #[wasm_bindgen(js_name = setText, catch)]
    fn set_text(
        result: &JsValue,
        field: &str,
        item: i32,
        member: &str,
        text: &str,
    ) -> Result<(), JsValue>;
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
    /// One bit per index of `ErrorCode::ALL`: the codes whose text for
    /// people is made from the rule's own text (every one until told).
    static READ_DETAIL: Cell<u64> = const { Cell::new(u64::MAX) };
}

// The codes travel as bits of one JS number, exact below 2^53.
const _: () = assert!(ErrorCode::ALL.len() <= 53);

/// Hands the catalogues to `apply.js`, the first time.
fn ensure() {
    if INSTALLED.with(Cell::get) {
        return;
    }
    let codes = ErrorCode::ALL
        .iter()
        .map(|c| JsValue::from_str(c.as_str()))
        .collect();
    let installed =
        (|| install_messages(catalogue_en()?, catalogue_es()?, limits_table()?, codes))();
    if let Ok(bits) = installed {
        // A whole number below 2^53 (see installMessages): converted exactly.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        READ_DETAIL.with(|r| r.set(bits as u64));
    }
    // Tried again on the next call when it failed (the stack limit, say).
    INSTALLED.with(|i| i.set(installed.is_ok()));
}

/// Which of a rejected payload's errors need the rule's own text, one bit
/// per index of `ErrorCode::ALL`: every one when the call's `messages` may
/// read it (as `detail`), else only those whose words are made from it.
/// Writing and decoding the others was most of a rejection's cost.
pub(crate) fn details_needed(options: &JsValue) -> u64 {
    ensure();
    if options.is_object() && every_detail(options) {
        return u64::MAX;
    }
    READ_DETAIL.with(Cell::get)
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
    localize_result(&result, index, options);
    result
}

/// As [`for_people`], for errors named by the neutral person's fields
/// (`toProviderPayloads`).
pub(crate) fn person_for_people(result: JsValue, options: &JsValue) -> JsValue {
    ensure();
    localize_result(&result, 4, options);
    result
}

/// Puts the strings normalisation steps 2 and 3 change into an accepted
/// result's value (the walk's own copy, never the caller's object); false
/// when one could not be put.
pub(crate) fn edited(result: &JsValue, edits: &[Edit<'_>]) -> bool {
    edits.iter().all(|e| {
        let (item, member) = match e.at {
            At::Field => (-1, ""),
            At::Item(i) => (i32::try_from(i).unwrap_or(i32::MAX), ""),
            At::Member(m) => (-1, m),
        };
        set_text(result, e.field, item, member, &e.text).is_ok()
    })
}

/// An options error in the words of those options' own `locale` and
/// `messages` (a constructor's or `validateField`'s), else as it is.
pub(crate) fn in_options_words(err: JsValue, options: &JsValue) -> JsValue {
    localize_for_options(&err, options)
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

// The exports below take their values by value and return one `JsValue`:
// a borrowed `&JsValue`, a `Result` or a `String` makes wasm-bindgen take a
// slot of its borrow stack or a frame of Rust's stack before the body runs,
// and a `RangeError` met at the stack limit would leave them behind (see
// `room` in convert/room.rs). `throw_val` is called last, from a frame that holds
// neither.

/// Sets the locale every later message uses unless a call names its own:
/// `"es"` or `"en"` (a tag such as `"es-PE"` counts as its language).
///
/// Throws `INVALID_OPTIONS` for another language.
///
/// Near the stack limit it sets nothing and throws the `RangeError` any
/// function would there, from JS, with nothing of ours held.
#[wasm_bindgen(js_name = setLocale, skip_typescript)]
pub fn set_locale(locale: JsValue) {
    if !room() {
        drop(locale); // its slot given back before the throw
        no_room();
        return;
    }
    if !locale_set(locale) {
        wasm_bindgen::throw_val(locale_refused());
    }
}

#[inline(never)]
fn locale_set(locale: JsValue) -> bool {
    ensure();
    let set = set_locale_to(&locale).unwrap_or(false);
    if set {
        // What getLocale answers near the stack limit, where it cannot ask JS.
        let spanish =
            current_locale().is_ok_and(|l| ES.with(|es| &l == AsRef::<JsValue>::as_ref(es)));
        SPANISH.with(|s| s.set(spanish));
    }
    set
}

// rustfmt would drop the strings: it does not know wasm-bindgen's `static_string`.
#[rustfmt::skip]
#[wasm_bindgen]
extern "C" {
    // In wasm-bindgen's fixed table slots: handed out without a call to JS
    // and without taking a slot.
    #[wasm_bindgen(thread_local_v2, static_string)]
    static EN: js_sys::JsString = "en";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static ES: js_sys::JsString = "es";
}

thread_local! {
    /// The default locale is Spanish (as `setLocale` last left it).
    static SPANISH: Cell<bool> = const { Cell::new(false) };
}

#[inline(never)]
fn locale_refused() -> JsValue {
    unsupported_locale().with_field("locale").into()
}

/// The locale messages use by default (`"en"` until `setLocale`).
#[wasm_bindgen(js_name = getLocale, skip_typescript)]
#[must_use]
pub fn get_locale() -> JsValue {
    // Near the stack limit, and should JS fail: the locale setLocale left.
    let known = || {
        let es = SPANISH.with(Cell::get);
        if es { &ES } else { &EN }.with(|l| JsValue::from(l.clone()))
    };
    if !room() {
        return known();
    }
    ensure();
    current_locale().unwrap_or_else(|_| known())
}

/// `{ [field]: [message, …] }` from a validator's result, a `PersonkitError`
/// or an error list; `{}` for an accepted result.
#[wasm_bindgen(js_name = errorsByField, skip_typescript)]
#[must_use]
pub fn errors_by_field(result: JsValue) -> JsValue {
    if !room() {
        // `{}`, made from a frame that holds nothing: with not even room for
        // that, the RangeError any function would throw leaves nothing behind.
        drop(result);
        return js_sys::Object::new().into();
    }
    errors_by_field_js(&result).unwrap_or_else(|_| js_sys::Object::new().into())
}
