//! Client and call options read from JS objects, checked once, with clear
//! `INVALID_OPTIONS` errors that name the option and never echo its value.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorCode, Provider};
#[cfg(feature = "clients")]
use crate::http::check_credential;
use crate::validate::did_you_mean;
use crate::wasm::convert::describe_kind;
#[cfg(feature = "clients")]
use crate::wasm::transport::{env_denied, env_var};

/// Options every client takes (besides its credentials).
pub(crate) const COMMON_OPTIONS: [&str; 10] = [
    "baseUrl",
    "logger",
    "timeoutMs",
    "maxRetries",
    "maxResponseBytes",
    "fetch",
    "headers",
    "dangerouslyAllowBrowser",
    "locale",
    "messages",
];

/// Default per-attempt timeout (openai-node and stripe-node use the same order).
pub(crate) const DEFAULT_TIMEOUT_MS: u32 = 60_000;
/// Default retries after the first attempt.
pub(crate) const DEFAULT_MAX_RETRIES: u32 = 2;
/// Default cap on an answer's decoded size: these APIs answer a few KiB.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: u32 = 1 << 20;
/// The largest `maxResponseBytes`: an answer is held whole in memory.
const MAX_RESPONSE_BYTES_LIMIT: f64 = 268_435_456.0;
/// `setTimeout` overflows past 2^31 - 1 ms.
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;
const MAX_RETRIES_LIMIT: f64 = 10.0;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, caught: a revoked proxy is an error value, never an
    /// exception unwinding through the wasm.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn try_keys(obj: &Object) -> Result<js_sys::Array, JsValue>;

    /// `Object.entries`, caught (a getter may throw).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn try_entries(obj: &Object) -> Result<js_sys::Array, JsValue>;

    /// `Array.isArray`, caught (it throws on a revoked proxy).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn try_is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// `Object.getPrototypeOf`, caught (a proxy's trap may throw).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn try_prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// Whether `v` is a plain object: its prototype `Object.prototype` or null.
/// A `Headers` or `Map` has no own entries, and would be read as empty.
fn is_plain_object(v: &JsValue) -> bool {
    try_prototype_of(v).is_ok_and(|proto| {
        proto.is_null() || proto == JsValue::from(Object::get_prototype_of(&Object::new()))
    })
}

fn invalid(option: &str, message: String) -> Error {
    Error::new(ErrorCode::InvalidOptions, message).with_field(option)
}

/// Reads a JS options object: `undefined`/`null` mean "no options".
pub(crate) struct Reader {
    obj: Option<Object>,
}

impl Reader {
    /// Checks that `value` is an object with only `known` keys.
    pub(crate) fn new(value: &JsValue, known: &[&str]) -> Result<Self, Error> {
        if value.is_undefined() || value.is_null() {
            return Ok(Self { obj: None });
        }
        let unreadable = |_| invalid("", "the options could not be read".to_owned());
        // `is_object`, not `dyn_ref`: an `instanceof` check swallows a
        // revoked proxy's throw, and describing it would throw again.
        if !value.is_object() || value.is_function() {
            let kind = describe_kind(value);
            return Err(invalid(
                "",
                format!("options must be an object, found {kind}"),
            ));
        }
        let obj: &Object = value.unchecked_ref();
        if try_is_array(value).map_err(unreadable)? {
            return Err(invalid(
                "",
                "options must be an object, found an array".to_owned(),
            ));
        }
        let keys = try_keys(obj).map_err(unreadable)?;
        for key in keys.iter().filter_map(|k| k.as_string()) {
            if !known.contains(&key.as_str()) {
                let hint = did_you_mean(&key, known)
                    .map(|k| format!(" (did you mean {k}?)"))
                    .unwrap_or_default();
                let shown: String = key.chars().take(40).collect();
                let all = known.join(", ");
                return Err(invalid(
                    &shown,
                    format!("unknown option {shown}{hint}; the options are {all}"),
                ));
            }
        }
        Ok(Self {
            obj: Some(obj.clone()),
        })
    }

    /// The option's value; a getter that throws is an error, never "not set".
    fn get(&self, key: &str) -> Result<JsValue, Error> {
        let Some(o) = &self.obj else {
            return Ok(JsValue::UNDEFINED);
        };
        Reflect::get(o, &key.into()).map_err(|_| {
            invalid(
                key,
                format!("option {key} could not be read (its getter threw)"),
            )
        })
    }

    /// The option's value as it is (`undefined` when not set), for the
    /// edge code that checks it itself (`locale`, `messages`).
    #[cfg(feature = "clients")]
    pub(crate) fn raw(&self, key: &str) -> Result<JsValue, Error> {
        self.get(key)
    }

    #[cfg(feature = "clients")]
    /// An optional non-empty string, else the environment variable `var`
    /// where the runtime has them (Node, Bun, Deno).
    pub(crate) fn string_or_env(&self, key: &str, var: &str) -> Result<Option<String>, Error> {
        Ok(self.string_and_source(key, var)?.map(|(value, _)| value))
    }

    #[cfg(feature = "clients")]
    /// As [`Self::string_or_env`], with the variable when the value is its
    /// (to name in an error: the caller passed no option).
    pub(crate) fn string_and_source<'v>(
        &self,
        key: &str,
        var: &'v str,
    ) -> Result<Option<(String, Option<&'v str>)>, Error> {
        Ok(match self.string(key)? {
            Some(value) => Some((value, None)),
            None => env_var(var).map(|value| (value, Some(var))),
        })
    }

    #[cfg(feature = "clients")]
    /// An optional credential sent in a header (token, API key), else the
    /// environment variable `var`: checked now, so a bad one fails at
    /// construction, not at the first call.
    pub(crate) fn credential_or_env(&self, key: &str, var: &str) -> Result<Option<String>, Error> {
        let Some((value, from)) = self.string_and_source(key, var)? else {
            return Ok(None);
        };
        check_credential(key, &value).map_err(|e| named_var(e, from))?;
        Ok(Some(value))
    }

    /// An optional non-empty string.
    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        match v.as_string() {
            Some(s) if !s.is_empty() => Ok(Some(s)),
            Some(_) => Err(invalid(key, format!("{key} must not be empty"))),
            None => Err(invalid(key, format!("{key} must be a string"))),
        }
    }

    /// An optional number of milliseconds, 1 ..= 2^31 - 1.
    pub(crate) fn timeout_ms(&self, key: &str) -> Result<Option<u32>, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(n) if (1.0..=MAX_TIMEOUT_MS).contains(&n) => {
                let ms = n.ceil() as u32; // in range, checked above
                Ok(Some(ms))
            }
            _ => Err(invalid(
                key,
                format!("{key} must be a number of milliseconds between 1 and 2147483647"),
            )),
        }
    }

    /// An optional byte count, an integer 1 ..= 256 MiB.
    pub(crate) fn byte_limit(&self, key: &str) -> Result<Option<u32>, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (1.0..=MAX_RESPONSE_BYTES_LIMIT).contains(&n) => {
                let bytes = n as u32; // an integer in range, checked above
                Ok(Some(bytes))
            }
            _ => Err(invalid(
                key,
                format!("{key} must be a whole number of bytes between 1 and 268435456"),
            )),
        }
    }

    /// An optional retry count, an integer 0 ..= 10.
    pub(crate) fn retries(&self, key: &str) -> Result<Option<u32>, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=MAX_RETRIES_LIMIT).contains(&n) => {
                let r = n as u32; // an integer in 0..=10
                Ok(Some(r))
            }
            _ => Err(invalid(
                key,
                format!("{key} must be an integer from 0 to 10"),
            )),
        }
    }

    /// An optional whole number in `min..=max` (both at most 2^53, so exact
    /// as f64). The message names integer bounds: no float formatting in wasm.
    pub(crate) fn whole(&self, key: &str, min: u64, max: u64) -> Result<Option<u64>, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        // exact: bounds ≤ 2^53, n whole and in range
        match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (min as f64..=max as f64).contains(&n) => {
                Ok(Some(n as u64))
            }
            _ => Err(invalid(
                key,
                format!("{key} must be a whole number from {min} to {max}"),
            )),
        }
    }

    /// An optional number from 0 to 1.
    pub(crate) fn unit_fraction(&self, key: &str) -> Result<Option<f64>, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(q) if (0.0..=1.0).contains(&q) => Ok(Some(q)),
            _ => Err(invalid(key, format!("{key} must be a number from 0 to 1"))),
        }
    }

    /// An optional string that must be one of `options`.
    pub(crate) fn one_of(
        &self,
        key: &str,
        options: &[&'static str],
    ) -> Result<Option<&'static str>, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        let s = v.as_string().unwrap_or_default();
        match options.iter().find(|o| **o == s) {
            Some(o) => Ok(Some(o)),
            None => Err(invalid(
                key,
                format!("{key} must be one of {}", options.join(", ")),
            )),
        }
    }

    /// An optional boolean.
    pub(crate) fn boolean(&self, key: &str) -> Result<bool, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(false);
        }
        v.as_bool()
            .ok_or_else(|| invalid(key, format!("{key} must be true or false")))
    }

    /// An optional function (the `fetch` option), as a JsValue (`undefined` if absent).
    pub(crate) fn function(&self, key: &str) -> Result<JsValue, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(JsValue::UNDEFINED);
        }
        if v.is_instance_of::<Function>() {
            Ok(v)
        } else {
            Err(invalid(key, format!("{key} must be a function")))
        }
    }

    /// An optional logger: an object with any of `debug`, `info`, `warn`,
    /// `error` as functions (`console`, pino, winston all fit).
    pub(crate) fn logger(&self, key: &str) -> Result<JsValue, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(JsValue::UNDEFINED);
        }
        let has = |level: &str| {
            v.is_object()
                && Reflect::get(&v, &level.into()).is_ok_and(|f| f.is_instance_of::<Function>())
        };
        if ["debug", "info", "warn", "error"]
            .iter()
            .any(|level| has(level))
        {
            Ok(v)
        } else {
            Err(invalid(
                key,
                format!("{key} must be an object with debug, info, warn or error methods (console fits)"),
            ))
        }
    }

    /// An optional AbortSignal (anything with a boolean `aborted` and `addEventListener`).
    pub(crate) fn signal(&self, key: &str) -> Result<JsValue, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(JsValue::UNDEFINED);
        }
        let looks_like_signal = Reflect::get(&v, &"aborted".into())
            .map(|a| a.as_bool().is_some())
            .unwrap_or(false)
            && ["addEventListener", "removeEventListener"]
                .iter()
                .all(|name| {
                    // Both: a listener added is always taken off again (send, sleep).
                    Reflect::get(&v, &(*name).into())
                        .map(|f| f.is_function())
                        .unwrap_or(false)
                });
        if looks_like_signal {
            Ok(v)
        } else {
            Err(invalid(key, format!("{key} must be an AbortSignal")))
        }
    }

    /// Optional extra headers: a plain object of string values (not an
    /// array, `Headers` or `Map`).
    pub(crate) fn headers(&self, key: &str) -> Result<Vec<(String, String)>, Error> {
        let v = self.get(key)?;
        if v.is_undefined() || v.is_null() {
            return Ok(Vec::new());
        }
        let not_headers = || {
            invalid(
                key,
                format!("{key} must be an object of header names to string values"),
            )
        };
        let obj = v
            .dyn_ref::<Object>()
            .filter(|_| is_plain_object(&v))
            .ok_or_else(not_headers)?;
        try_entries(obj)
            .map_err(|_| not_headers())?
            .iter()
            .map(|pair| {
                let pair = js_sys::Array::from(&pair);
                let name = pair.get(0).as_string().unwrap_or_default();
                match pair.get(1).as_string() {
                    Some(value) => Ok((name, value)),
                    None => Err(invalid(
                        key,
                        format!("header \"{name}\" must have a string value"),
                    )),
                }
            })
            .collect()
    }
}

/// `e`, naming the environment variable its value came from (a token
/// file's trailing newline is the usual case), when it did.
#[cfg(feature = "clients")]
pub(crate) fn named_var(mut e: Error, var: Option<&str>) -> Error {
    if let Some(var) = var {
        e.message = format!("{} (the value of {var})", e.message);
    }
    e
}

/// What to add to "pass it or set {var}" when reading `var` was refused
/// (Deno without `--allow-env`): the user may well have set it.
#[cfg(feature = "clients")]
pub(crate) fn unreadable_var(var: &str) -> String {
    if env_denied(var) {
        format!(" ({var} could not be read here: under Deno, run with --allow-env)")
    } else {
        String::new()
    }
}

/// The environment variable a provider's base URL is read from.
pub(crate) fn base_url_var(provider: Provider) -> &'static str {
    match provider {
        Provider::Verifik => "VERIFIK_BASE_URL",
        Provider::Equals => "EQUALS_BASE_URL",
        Provider::Horus => "HORUS_BASE_URL",
    }
}

/// The environment variable a provider's header credential is read from.
pub(crate) fn credential_var(provider: Provider) -> &'static str {
    match provider {
        Provider::Verifik => "VERIFIK_TOKEN",
        Provider::Equals => "EQUALS_API_KEY",
        Provider::Horus => "HORUS_CLIENT_SECRET",
    }
}
