//! JS values in and out of the core: JSON-like JS → a [`Json`] view the
//! rules read, accepted bodies and field errors → plain JS objects, and
//! today's date from the JS clock.
//!
//! Reading follows `JSON.stringify` semantics (what `fetch` would send):
//! `undefined`, functions and symbols are left out of objects and become
//! `null` in arrays, non-finite numbers become `null`, `-0` becomes `0`,
//! `toJSON` and boxed primitives are applied. One JS walk (`convert.js`)
//! writes flat records plus the text of keys and short strings, which come
//! in with a few calls and are read in place as a [`Doc`] (no tree is
//! built); long strings (images) are copied by the engine's
//! `TextEncoder.encodeInto` straight into wasm memory.
//!
//! The walk is bounded before anything is copied (see [`JsonInput::read`])
//! and never throws: a documented member that cannot be JSON (a bigint, a
//! cycle, a lone surrogate, nesting past serde_json's limit) or throws while
//! read (a getter, a proxy) is left out and reported at its field
//! ([`JsonInput::settle`]), the other members still read; anything else (a
//! payload that is not an object, the stack limit) becomes one error. Only
//! a validator called from a getter of another's payload reads through
//! `JSON.stringify` and `serde_json` instead, which give the same value.
//!
//! An accepted body is handed back from the walk's normalized copy of the
//! input, so the caller's strings (images included) are not copied out again.

use js_sys::{Array, JsString, Object};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::scratch;
use crate::error::{ErrorCode, FieldError};
use crate::image::{check_size_before_reading, ImageLimits};
use crate::validate::{
    message, unreadable_member, with_unreadable, CivilDate, Doc, Json, Path, Today,
};

// A JS exception must never unwind through wasm frames (it would leave Rust's
// stack pointer and borrows behind, and later calls trap). Imports that read
// the caller's values are `catch`, or catch in JS (walkJson); the others
// touch only personkit's own values and catch in JS what could still throw
// (`catch` costs each call a wrapper with `arguments` and `apply`).
#[wasm_bindgen(module = "/src/wasm/convert.js")]
extern "C" {
    #[wasm_bindgen(js_name = walkJson)]
    fn walk_json(v: &JsValue, fields: &Array, limits: &Array, dated: bool) -> u32;
    #[wasm_bindgen(js_name = internStrings, catch)]
    fn intern_strings(names: &Array) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = copyWalk)]
    fn copy_walk(rec: &mut [u32], nums: &mut [f64], text: &mut [u8]) -> u32;
    #[wasm_bindgen(js_name = longString, catch)]
    fn long_string(k: u32) -> Result<JsString, JsValue>;
    #[wasm_bindgen(js_name = okOrdered)]
    fn ok_ordered(fields: &Array) -> JsValue;
    #[wasm_bindgen(js_name = todayNumber)]
    fn today_number() -> f64;
    #[wasm_bindgen(js_name = okResult)]
    fn ok_result(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = putProperty, catch)]
    fn put_property(o: &Object, k: &JsValue, v: &JsValue) -> Result<(), JsValue>;
}

#[wasm_bindgen(module = "/src/wasm/convert/safe.js")]
extern "C" {
    #[wasm_bindgen(js_name = describeKind, catch)]
    fn describe_kind_js(v: &JsValue) -> Result<String, JsValue>;
    #[wasm_bindgen(js_name = encodeText)]
    fn encode_text(s: &JsString, from: u32, out: &mut [u8]) -> f64;
}

mod count;
mod errors;
mod room;
mod text;
pub use errors::fail;
pub use room::{has_room, last_resort, room, room_for};
pub(crate) use room::{no_room, or_last_resort, spare_slots_if_careful, warm_up};
pub use text::{
    js_to_json, payload_to_json, person_parts_to_json, PersonRead, APART, MAX_JSON_UNITS,
    MAX_PERSON_JSON_UNITS,
};

/// Notes where `encodeImage`'s stack is (see `scratch::stack_mark`).
pub(crate) fn encode_stack_mark(mark: u32) {
    scratch::stack_mark(scratch::ENCODE, mark);
}

/// Most values (and keys) one payload may hold; the walk stops past it.
pub const MAX_VALUES: u32 = 10_000;

/// Most UTF-16 units of long strings outside fields with a cap of their own.
pub const MAX_TEXT_UNITS: u32 = 1 << 20;

/// A provider's documented field names: for the doc (Rust) and for the
/// walk (a JS array, made once), which matches the payload's keys to them,
/// with the caps the walk checks before copying anything.
pub struct FieldNames {
    names: &'static [&'static str],
    js: Array,
    /// Per field: most items (-1: none), most UTF-16 units per string (0: none).
    limits: Array,
    /// The provider has a date rule ("not in the future"): the walk reads
    /// today's date with the payload, one call fewer than asking later.
    dated: bool,
}

impl FieldNames {
    /// The names, and their JS array; `dated` as the field says.
    #[must_use]
    pub fn new(names: &'static [&'static str], dated: bool) -> Self {
        let js: Array = names.iter().map(|f| JsValue::from_str(f)).collect();
        let _ = intern_strings(&js);
        let limits: Array = names
            .iter()
            .flat_map(|_| [JsValue::from_f64(-1.0), JsValue::from_f64(0.0)])
            .collect();
        Self {
            names,
            js,
            limits,
            dated,
        }
    }

    /// Caps documented field `name`: at most `items` items are read under
    /// their own cap of `units` UTF-16 units per string (a longer string is
    /// refused before it is copied); further items count against the
    /// payload's shared budget.
    #[must_use]
    pub fn capped(self, name: &str, items: u32, units: u32) -> Self {
        if let Some(i) = self.names.iter().position(|n| *n == name) {
            let at = u32::try_from(2 * i).unwrap_or(u32::MAX);
            self.limits.set(at, JsValue::from(items));
            self.limits.set(at.saturating_add(1), JsValue::from(units));
        }
        self
    }

    /// Field `i + 1` of a refusal (0: the payload itself).
    fn path(&self, field: u32, item: u32) -> Path {
        let name = usize::try_from(field)
            .ok()
            .and_then(|f| f.checked_sub(1))
            .and_then(|f| self.names.get(f).copied());
        match (name, item) {
            (None, _) => Path::Root,
            (Some(k), 0) => Path::Key(k),
            (Some(k), i) => Path::Index(k, i as usize - 1),
        }
    }
}

/// A JS value read as JSON: the walk's records, numbers and text (in the
/// scratch buffers, or copied out when too big for them) and long strings,
/// read in place as a [`Doc`]; or a `Value` from the JSON text road.
pub struct JsonInput {
    repr: Repr,
}

enum Repr {
    Walk {
        /// Where the records, numbers and text are.
        place: Place,
        /// Long strings (images), in walk order.
        longs: Vec<String>,
        /// The names the walk matched keys to.
        names: &'static [&'static str],
        /// Today on the caller's clock, if the walk read it.
        today: Option<CivilDate>,
        /// A normalisation step may change a string (the walk's flag, as
        /// `may_change` in normalise.rs).
        may_change: bool,
        /// Bit `i`: documented field `i` could not be read (a bigint, a lone
        /// surrogate, a getter that threw, a string over the field's cap)
        /// and was left out of the records.
        unreadable: u32,
        /// The first field left out for a string over its cap: field
        /// (documented index + 1, or 0 for none), item and length, as a refusal's.
        oversize: [u32; 3],
    },
    Value(Value),
}

enum Place {
    /// In the scratch buffers, as written by walk `generation`.
    Scratch {
        generation: u64,
        words: usize,
        numbers: usize,
        bytes: usize,
    },
    Copied {
        rec: Vec<u32>,
        nums: Vec<f64>,
        text: String,
    },
}

pub(super) fn not_json() -> FieldError {
    FieldError::new(
        "",
        ErrorCode::InvalidType,
        "the payload must be a plain object with JSON values (no bigints or cycles)",
    )
}

pub(crate) fn unreadable() -> FieldError {
    FieldError::new("", ErrorCode::InvalidType, "the payload could not be read")
}

/// Why a walk was refused (`info[0]`, see `walkJson` in `convert.js`).
mod refusal {
    pub const ITEMS: u32 = 1;
    pub const STRING_CAP: u32 = 2;
    pub const VALUES: u32 = 3;
    pub const TEXT: u32 = 4;
    pub const NOT_JSON: u32 = 6;
    /// Reading threw a `RangeError`: the stack limit, most likely.
    pub const NO_ROOM: u32 = 7;
    // 5, and anything else: reading threw.
}

/// The error for a walk refused with `info` = kind, field, item, amount.
fn refused(info: [u32; 4], fields: &FieldNames) -> FieldError {
    let [kind, field, item, amount] = info;
    let path = fields.path(field, item);
    match kind {
        refusal::ITEMS | refusal::VALUES => path.error(
            ErrorCode::TooMany,
            message!(
                "the payload holds more than ",
                MAX_VALUES as usize,
                " values; personkit reads no more"
            ),
        ),
        refusal::STRING_CAP => {
            // A string refused for length is an image (the one field with a
            // cap): its decoded size, worded as the image rule words it
            // ("images[0] is 24 MiB, the limit is 10 MiB").
            let decoded = u64::from(amount) / 4 * 3;
            let text = check_size_before_reading(decoded, &ImageLimits::default())
                .err()
                .map_or_else(|| "image is too large".to_owned(), |e| e.message);
            let rest = text.strip_prefix("image").unwrap_or(&text).to_owned();
            path.error(ErrorCode::ImageTooLarge, message!(path.subject(), rest))
        }
        refusal::TEXT => path.error(
            ErrorCode::TooLong,
            message!(
                "the payload holds more than ",
                (MAX_TEXT_UNITS >> 20) as usize,
                " MiB of text besides images; personkit reads no more"
            ),
        ),
        refusal::NOT_JSON => not_json(),
        _ => path.error(
            ErrorCode::InvalidType,
            message!(path.subject(), " could not be read"),
        ),
    }
}

impl JsonInput {
    /// Reads any JS value as the JSON `fetch` would send (see the module
    /// docs). `undefined` itself becomes `null`. Never lets a JS exception
    /// through: a getter, proxy or `toJSON` that throws is an error here.
    ///
    /// A documented member that cannot be JSON, or whose reading threw, is
    /// not an error here: it is left out, for [`JsonInput::settle`].
    ///
    /// # Errors
    /// One error, after which nothing more was read: `INVALID_TYPE` on field
    /// `""` when the value cannot be JSON (a bigint, a cycle, a lone
    /// surrogate, nesting past serde_json's limit) and is not an object, or
    /// an undocumented key is not well formed; `TOO_MANY` past [`MAX_VALUES`] values,
    /// `TOO_LONG` past [`MAX_TEXT_UNITS`] of long strings,
    /// `IMAGE_TOO_LARGE` for a string over its field's cap.
    pub fn read(input: &JsValue, fields: &FieldNames) -> Result<Self, FieldError> {
        scratch::ensure();
        warm_up();
        let status = scratch::walk(
            || walk_json(input, &fields.js, &fields.limits, fields.dated),
            |status| *status != 0,
        );
        // Where Rust's stack is: the same in every top-level call, unless a
        // JS exception unwinding wasm frames left it lower (a test reads it).
        let mark = u32::try_from(std::ptr::addr_of!(status) as usize).unwrap_or(0);
        if status != 0 {
            scratch::stack_mark(scratch::VALIDATION, mark); // not inside a getter's walk
        }
        // Record words, numbers, text length, long strings, today (yyyymmdd, or 0),
        // whether a step may change a string, the fields left out as unreadable;
        // for a refusal: kind, field, item, amount.
        let info = scratch::with(status == 1, |s| {
            let mut info = [0u32; 7];
            for (to, from) in info.iter_mut().zip(&s.info) {
                *to = *from;
            }
            let mut oversize = [0u32; 3];
            for (to, from) in oversize
                .iter_mut()
                .zip(s.info.iter().skip(scratch::OVERSIZE))
            {
                *to = *from;
            }
            if let Some(m) = s.info.get_mut(scratch::MARK) {
                *m = mark;
            }
            (s.generation, info, oversize)
        });
        if status == 3 {
            if info.is_some_and(|(_, [kind, ..], _)| kind == refusal::NO_ROOM) {
                scratch::turn_careful();
            }
            return Err(match info {
                Some((_, [kind, field, item, amount, ..], _)) => {
                    refused([kind, field, item, amount], fields)
                }
                None => unreadable(),
            });
        }
        let place = match (status, info) {
            (1, Some((generation, [words, numbers, bytes, ..], _))) => Some(Place::Scratch {
                generation,
                words: words as usize,
                numbers: numbers as usize,
                bytes: bytes as usize,
            }),
            (2, Some((_, [words, numbers, units, ..], _))) => {
                copy_out(words as usize, numbers as usize, units as usize)
            }
            _ => None,
        };
        if let (Some(place), Some((_, [.., long_count, today, changes, left_out], oversize))) =
            (place, info)
        {
            let longs: Option<Vec<String>> = (0..long_count).map(long).collect();
            return Ok(Self {
                repr: Repr::Walk {
                    place,
                    longs: longs.ok_or_else(unreadable)?,
                    names: fields.names,
                    today: (today != 0).then(|| date_from_number(f64::from(today))),
                    may_change: changes != 0,
                    unreadable: left_out,
                    oversize,
                },
            });
        }
        if status == 0 {
            // A validator called from a getter of another one's payload.
            return js_to_json(input).map(|value| Self {
                repr: Repr::Value(value),
            });
        }
        Err(unreadable())
    }

    /// Whether a normalisation step may change a string of the input
    /// (`may_change` in normalise.rs; the walk works it out as it reads).
    #[must_use]
    pub fn may_change(&self) -> bool {
        match &self.repr {
            Repr::Walk { may_change, .. } => *may_change,
            Repr::Value(v) => crate::validate::may_change(v.into()),
        }
    }

    /// Whether the walk left out a field it could not read (see [`JsonInput::settle`]).
    #[must_use]
    pub fn left_out(&self) -> bool {
        matches!(self.repr, Repr::Walk { unreadable, .. } if unreadable != 0)
    }

    /// `errors` from the rules, with each field the walk could not read
    /// reported as such in place of what the rules said about it (they saw
    /// it absent): see `crate::validate::with_unreadable`.
    #[must_use]
    pub fn settle(&self, errors: Vec<FieldError>, fields: &FieldNames) -> Vec<FieldError> {
        let Repr::Walk {
            unreadable,
            oversize: [big_field, item, length],
            ..
        } = self.repr
        else {
            return errors;
        };
        // A field left out for its size: what the rules said of its absence goes too.
        let big_name = (big_field > 0)
            .then(|| fields.names.get(big_field as usize - 1).copied())
            .flatten();
        let errors = match big_name {
            Some(name) => errors
                .into_iter()
                .filter(|e| !crate::validate::is_about(&e.field, name))
                .collect(),
            None => errors,
        };
        let left_out = (0..32u32)
            .filter(|i| unreadable >> i & 1 == 1)
            .filter_map(|i| {
                if i + 1 == big_field {
                    return Some(refused(
                        [refusal::STRING_CAP, big_field, item, length],
                        fields,
                    ));
                }
                let name = fields.names.get(i as usize).copied()?;
                Some(unreadable_member(name.into()))
            })
            .collect();
        with_unreadable(errors, left_out)
    }

    /// Today on the caller's clock: read by the walk, or asked when a rule
    /// compares a date.
    #[must_use]
    pub fn today(&self) -> Today<'static> {
        match &self.repr {
            Repr::Walk {
                today: Some(date), ..
            } => (*date).into(),
            _ => Today::ask(&today),
        }
    }

    /// Runs `f` on the value (a [`Doc`] over the walk's records, or the
    /// `Value` of the JSON text road). Call it right after
    /// [`JsonInput::read`], with no JS run in between.
    ///
    /// # Errors
    /// `INVALID_TYPE` on field `""` if the walk's records are not well formed,
    /// or another walk has since overwritten them (a bug of ours, reported
    /// instead of guessed around).
    pub fn with<T>(&mut self, f: impl FnOnce(Json<'_>) -> T) -> Result<T, FieldError> {
        match &mut self.repr {
            Repr::Walk {
                place:
                    Place::Scratch {
                        generation,
                        words,
                        numbers,
                        bytes,
                    },
                longs,
                names,
                ..
            } => scratch::with(false, |s| {
                if s.generation != *generation {
                    return None;
                }
                let text = std::str::from_utf8(s.text.get(..*bytes)?).ok()?;
                let nums = s.nums.get(..*numbers)?;
                let rec = s.rec.get_mut(..*words)?;
                Doc::from_walk(rec, nums, text, longs, names).map(|doc| f(doc.root()))
            })
            .flatten()
            .ok_or_else(unreadable),
            Repr::Walk {
                place: Place::Copied { rec, nums, text },
                longs,
                names,
                ..
            } => Doc::from_walk(rec, nums, text, longs, names)
                .map(|doc| f(doc.root()))
                .ok_or_else(unreadable),
            Repr::Value(v) => Ok(f(Json::from(&*v))),
        }
    }

    /// `{ ok: true, value }` with the value as a fresh plain JS object,
    /// top-level keys in the order of `fields` (the provider's field order,
    /// which is the order of its serialized body; other keys are left out),
    /// and no top-level member holding `""` (normalisation step 1: in an
    /// accepted payload each is an optional field, which is not sent).
    /// Call it right after [`JsonInput::read`] and the rules: the walk's copy
    /// of the input lives in `convert.js` until the next walk.
    #[must_use]
    pub fn accepted(&self, fields: &FieldNames) -> JsValue {
        let value = match &self.repr {
            Repr::Walk { .. } => return or_last_resort(ok_ordered(&fields.js)),
            Repr::Value(Value::Object(map)) => {
                let out = Object::new();
                for key in fields.js.iter() {
                    let v = key.as_string().and_then(|k| map.get(&k));
                    // Step 1, as the walk's copy has it: "" is not sent.
                    if let Some(v) = v.filter(|v| v.as_str() != Some("")) {
                        if put_property(&out, &key, &emit(v)).is_err() {
                            return last_resort();
                        }
                    }
                }
                out.into()
            }
            Repr::Value(other) => emit(other),
        };
        or_last_resort(ok_result(&value))
    }
}

/// A walk too big for the scratch buffers, copied out of JS.
fn copy_out(words: usize, numbers: usize, units: usize) -> Option<Place> {
    let mut rec = vec![0u32; words];
    let mut nums = vec![0.0; numbers];
    // Room for the worst case: 3 UTF-8 bytes per UTF-16 unit.
    let mut text = vec![0u8; units.saturating_mul(3)];
    let written = copy_walk(&mut rec, &mut nums, &mut text) as usize;
    text.truncate(written);
    let text = String::from_utf8(text).ok()?;
    Some(Place::Copied { rec, nums, text })
}

/// Long string `k`, copied by the engine's encoder ([`string_of`]): an
/// ASCII one (an image) in one pass.
fn long(k: u32) -> Option<String> {
    long_string(k).ok().and_then(|s| string_of(&s))
}

/// A `Value` as a fresh JS value (the JSON text road's way out).
fn emit(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(emit).collect::<Array>().into(),
        Value::Object(map) => {
            let out = Object::new();
            for (key, v) in map {
                let _ = put_property(&out, &JsValue::from_str(key), &emit(v));
            }
            out.into()
        }
    }
}

/// `s` as UTF-8, copied by the engine's encoder: into room for ASCII
/// (base64, most JSON), then what did not fit into room for three bytes a
/// unit. For any string that may be long (JSON text, images); `None` only
/// if the engine stopped short, which it does not.
pub(crate) fn string_of(s: &JsString) -> Option<String> {
    let units = s.length() as usize;
    let mut buf = vec![0u8; units];
    let first = encode_text(s, 0, &mut buf);
    let written = if first >= 0.0 {
        first as usize
    } else {
        // Where the first pass stopped: units read, and bytes left unwritten
        // at the end of `buf` (see `encodeText`).
        let stop = (-1.0 - first) as u64;
        let read = usize::try_from(stop >> 2).ok()?;
        let written = units.checked_sub((stop & 3) as usize)?;
        buf.resize(
            written.checked_add(units.checked_sub(read)?.checked_mul(3)?)?,
            0,
        );
        let more = encode_text(s, u32::try_from(read).ok()?, buf.get_mut(written..)?);
        if more < 0.0 {
            return None;
        }
        written + more as usize
    };
    buf.truncate(written);
    String::from_utf8(buf).ok()
}

/// Today's date on the caller's clock (local time: a date of birth typed
/// "today" must not count as the future).
#[must_use]
pub fn today() -> CivilDate {
    date_from_number(today_number())
}

/// A yyyymmdd number as a date (1970-01-01 for nonsense).
fn date_from_number(n: f64) -> CivilDate {
    let n = if n.is_finite() && n > 0.0 {
        n as u32
    } else {
        19_700_101
    };
    CivilDate {
        year: i32::try_from(n / 10_000).unwrap_or(1970),
        month: u8::try_from(n / 100 % 100).unwrap_or(1),
        day: u8::try_from(n % 100).unwrap_or(1),
    }
}

/// What a value is, for `INVALID_TYPE` messages (never the value itself):
/// "an array", "a bigint", "an object of type Map". Asked in JS, which
/// catches what a revoked proxy or a getter throws.
pub(crate) fn describe_kind(v: &JsValue) -> String {
    describe_kind_js(v).unwrap_or_else(|_| "a value that could not be read".into())
}
