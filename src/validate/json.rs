//! JSON types: objects and their documented fields, required and optional
//! fields, strings, booleans, arrays and integers, each with a clear error.

use std::cell::Cell;

use super::*;
use crate::error::{ErrorCode, FieldError};

// ---------------------------------------------------------------------------
// Shape: object, presence, JSON types

/// A short human name of a JSON value's type, for messages ("an array").
#[must_use]
pub fn type_name(v: Json<'_>) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// The payload as a JSON object.
///
/// # Errors
/// `INVALID_TYPE` at field `""` for null, numbers, strings, booleans and arrays.
pub fn object<'a>(input: Json<'a>, what: &str) -> Result<Entries<'a>, FieldError> {
    match input {
        Json::Object(entries) => Ok(entries),
        other => Err(Path::Root.error(
            ErrorCode::InvalidType,
            message!(what, " must be a JSON object, got ", type_name(other)),
        )),
    }
}

/// The members of a payload sorted into the provider's documented field
/// names, in one pass over the object; every other member is reported as
/// `UNKNOWN_FIELD` (with a hint) when the table is made.
pub struct Fields<'a, const N: usize> {
    names: &'static [&'static str; N],
    values: Slots<'a, N>,
    /// Where the last lookup matched: rules ask for fields in document
    /// order, so the next one is usually the next name.
    cursor: Cell<usize>,
}

impl<'a, const N: usize> Fields<'a, N> {
    /// Sorts `entries` into `names`, reporting unknown members to `errs`;
    /// `provider` names the API in their messages.
    pub fn read(
        entries: Entries<'a>,
        names: &'static [&'static str; N],
        provider: &str,
        errs: &mut Errors,
    ) -> Self {
        let values = entries.sort_into(names, |key| {
            errs.push(unknown_field(key, names, provider));
        });
        Self {
            names,
            values,
            cursor: Cell::new(0),
        }
    }

    /// The value of documented field `key` (`None` when absent, or when
    /// `key` is not one of the names).
    #[must_use]
    #[inline]
    pub fn get(&self, key: &str) -> Option<Json<'a>> {
        let next = self.cursor.get();
        // The rules pass the same literals as the names, so the address
        // usually answers before the bytes are compared.
        let same = |n: &&str| std::ptr::eq(*n, key) || *n == key;
        let i = if self.names.get(next).is_some_and(same) {
            next
        } else {
            self.names.iter().position(same)?
        };
        self.cursor.set(i + 1);
        self.values.get(i)
    }
}

/// A field that may be absent, explicitly `null`, or hold a value.
#[derive(Clone, Copy, Debug)]
pub enum Slot<'a> {
    /// The key is not in the object.
    Absent,
    /// The key holds `null`.
    Null,
    /// The key holds a non-null value.
    Value(Json<'a>),
}

/// Look a field up.
#[must_use]
#[inline]
pub fn slot<'a, const N: usize>(map: &Fields<'a, N>, key: &str) -> Slot<'a> {
    match map.get(key) {
        None => Slot::Absent,
        Some(Json::Null) => Slot::Null,
        Some(v) => Slot::Value(v),
    }
}

/// A required field: absent and `null` both count as missing.
///
/// # Errors
/// `code` (usually `REQUIRED`) with "`key` is required".
pub fn required<'a, const N: usize>(
    map: &Fields<'a, N>,
    key: &'static str,
    code: ErrorCode,
) -> Result<Json<'a>, FieldError> {
    match slot(map, key) {
        Slot::Value(v) => Ok(v),
        Slot::Absent | Slot::Null => Err(Path::Key(key).error(code, message!(key, " is required"))),
    }
}

/// A required field that is not text (a number, a list): `""`, what a form
/// gives for a choice left unmade, is missing, not of the wrong type.
///
/// # Errors
/// `REQUIRED` for `""`.
pub fn present<'a>(v: Json<'a>, key: &'static str) -> Result<Json<'a>, FieldError> {
    match v {
        Json::String("") => {
            Err(Path::Key(key).error(ErrorCode::Required, message!(key, " is required")))
        }
        v => Ok(v),
    }
}

/// An optional field that the document does not allow to be `null`.
/// `Ok(None)` when absent, or an empty string.
///
/// # Errors
/// `INVALID_TYPE` for an explicit `null` (leave the field out instead).
pub fn optional<'a, const N: usize>(
    map: &Fields<'a, N>,
    key: &'static str,
) -> Result<Option<Json<'a>>, FieldError> {
    match slot(map, key) {
        // As a form gives a box left empty (normalise.rs, step 1).
        Slot::Absent => Ok(None),
        Slot::Value(Json::String("")) => Ok(None),
        Slot::Value(v) => Ok(Some(v)),
        Slot::Null => Err(Path::Key(key).error(
            ErrorCode::InvalidType,
            message!(key, " cannot be null; leave it out instead"),
        )),
    }
}

/// The value as a string.
///
/// # Errors
/// `INVALID_TYPE` naming the type found (never the value itself).
pub fn string<'a>(v: Json<'a>, path: impl Into<Path>) -> Result<&'a str, FieldError> {
    match v {
        Json::String(s) => Ok(s),
        other => {
            let path = path.into();
            Err(path.error(
                ErrorCode::InvalidType,
                message!(path.subject(), " must be a string, got ", type_name(other)),
            ))
        }
    }
}

/// The value as a boolean (`true`/`false`, not `"true"` or `1`).
///
/// # Errors
/// `INVALID_TYPE`.
pub fn boolean(v: Json<'_>, path: impl Into<Path>) -> Result<bool, FieldError> {
    match v {
        Json::Bool(b) => Ok(b),
        other => {
            let path = path.into();
            Err(path.error(
                ErrorCode::InvalidType,
                message!(
                    path.subject(),
                    " must be true or false, got ",
                    type_name(other)
                ),
            ))
        }
    }
}

/// The value as an array.
///
/// # Errors
/// `INVALID_TYPE`.
pub fn array<'a>(v: Json<'a>, path: impl Into<Path>) -> Result<Items<'a>, FieldError> {
    match v {
        Json::Array(a) => Ok(a),
        other => {
            let path = path.into();
            Err(path.error(
                ErrorCode::InvalidType,
                message!(path.subject(), " must be an array, got ", type_name(other)),
            ))
        }
    }
}

/// The value as an integer in `min..=max`. A JSON number with a fraction or
/// exponent form (`1.5`, `1.0`) and a numeric string (`"1"`) are not integers.
///
/// # Errors
/// `INVALID_TYPE` for non-integers, `OUT_OF_RANGE` outside `min..=max`.
pub fn integer(v: Json<'_>, path: impl Into<Path>, min: i64, max: i64) -> Result<i64, FieldError> {
    let path = path.into();
    let n = match v {
        Json::Number(n) => n,
        other => {
            return Err(path.error(
                ErrorCode::InvalidType,
                message!(
                    path.subject(),
                    " must be a whole number, got ",
                    type_name(other)
                ),
            ))
        }
    };
    let out_of_range = || {
        path.error(
            ErrorCode::OutOfRange,
            message!(path.subject(), " must be between ", min, " and ", max),
        )
    };
    if let Some(i) = n.as_i64() {
        if (min..=max).contains(&i) {
            Ok(i)
        } else {
            Err(out_of_range())
        }
    } else if n.is_u64() {
        // Larger than i64::MAX: certainly above any max we use.
        Err(out_of_range())
    } else {
        Err(path.error(
            ErrorCode::InvalidType,
            message!(path.subject(), " must be a whole number"),
        ))
    }
}
