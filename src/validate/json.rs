//! JSON types: objects, required and optional fields, strings, booleans,
//! arrays and integers, each with a clear error.

use serde_json::{Map, Value};

use super::*;
use crate::error::{ErrorCode, FieldError};

// ---------------------------------------------------------------------------
// Shape: object, presence, JSON types

/// A short human name of a JSON value's type, for messages ("an array").
#[must_use]
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The payload as a JSON object.
///
/// # Errors
/// `INVALID_TYPE` at field `""` for null, numbers, strings, booleans and arrays.
pub fn object<'a>(input: &'a Value, what: &str) -> Result<&'a Map<String, Value>, FieldError> {
    match input {
        Value::Object(map) => Ok(map),
        other => Err(Path::Root.error(
            ErrorCode::InvalidType,
            format!("{what} must be a JSON object, got {}", type_name(other)),
        )),
    }
}

/// A field that may be absent, explicitly `null`, or hold a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot<'a> {
    /// The key is not in the object.
    Absent,
    /// The key holds `null`.
    Null,
    /// The key holds a non-null value.
    Value(&'a Value),
}

/// Look a field up.
#[must_use]
pub fn slot<'a>(map: &'a Map<String, Value>, key: &str) -> Slot<'a> {
    match map.get(key) {
        None => Slot::Absent,
        Some(Value::Null) => Slot::Null,
        Some(v) => Slot::Value(v),
    }
}

/// A required field: absent and `null` both count as missing.
///
/// # Errors
/// `code` (usually `REQUIRED`) with "`key` is required".
pub fn required<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    code: ErrorCode,
) -> Result<&'a Value, FieldError> {
    match slot(map, key) {
        Slot::Value(v) => Ok(v),
        Slot::Absent | Slot::Null => Err(Path::Key(key).error(code, format!("{key} is required"))),
    }
}

/// An optional field that the document does not allow to be `null`.
/// `Ok(None)` when absent.
///
/// # Errors
/// `INVALID_TYPE` for an explicit `null` (leave the field out instead).
pub fn optional<'a>(
    map: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Value>, FieldError> {
    match slot(map, key) {
        Slot::Absent => Ok(None),
        Slot::Value(v) => Ok(Some(v)),
        Slot::Null => Err(Path::Key(key).error(
            ErrorCode::InvalidType,
            format!("{key} cannot be null; leave it out instead"),
        )),
    }
}

/// The value as a string.
///
/// # Errors
/// `INVALID_TYPE` naming the type found (never the value itself).
pub fn string<'a, 'p>(v: &'a Value, path: impl Into<Path<'p>>) -> Result<&'a str, FieldError> {
    match v {
        Value::String(s) => Ok(s),
        other => {
            let path = path.into();
            Err(path.error(
                ErrorCode::InvalidType,
                format!(
                    "{} must be a string, got {}",
                    path.subject(),
                    type_name(other)
                ),
            ))
        }
    }
}

/// The value as a boolean (`true`/`false`, not `"true"` or `1`).
///
/// # Errors
/// `INVALID_TYPE`.
pub fn boolean<'p>(v: &Value, path: impl Into<Path<'p>>) -> Result<bool, FieldError> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => {
            let path = path.into();
            Err(path.error(
                ErrorCode::InvalidType,
                format!(
                    "{} must be true or false, got {}",
                    path.subject(),
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
pub fn array<'a, 'p>(v: &'a Value, path: impl Into<Path<'p>>) -> Result<&'a [Value], FieldError> {
    match v {
        Value::Array(a) => Ok(a),
        other => {
            let path = path.into();
            Err(path.error(
                ErrorCode::InvalidType,
                format!(
                    "{} must be an array, got {}",
                    path.subject(),
                    type_name(other)
                ),
            ))
        }
    }
}

/// The value as an integer in `min..=max`. A JSON number with a fraction or
/// exponent form (`1.5`, `1.0`) and a numeric string (`"1"`) are not integers.
///
/// # Errors
/// `INVALID_TYPE` for non-integers, `OUT_OF_RANGE` outside `min..=max`.
pub fn integer<'p>(
    v: &Value,
    path: impl Into<Path<'p>>,
    min: i64,
    max: i64,
) -> Result<i64, FieldError> {
    let path = path.into();
    let n = match v {
        Value::Number(n) => n,
        other => {
            return Err(path.error(
                ErrorCode::InvalidType,
                format!(
                    "{} must be a whole number, got {}",
                    path.subject(),
                    type_name(other)
                ),
            ))
        }
    };
    let out_of_range = || {
        path.error(
            ErrorCode::OutOfRange,
            format!("{} must be between {min} and {max}", path.subject()),
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
            format!("{} must be a whole number", path.subject()),
        ))
    }
}
