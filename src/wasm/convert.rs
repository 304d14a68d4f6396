//! JS values in and out of the core: JSON-like JS → `serde_json::Value`,
//! serde values → plain JS objects, and today's date from the JS clock.

use js_sys::Date;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::error::{ErrorCode, FieldError};
use crate::validate::CivilDate;

/// Reads any JS value as JSON. `undefined` becomes `null`; values JSON cannot
/// hold (functions, symbols, BigInt, cycles) are one `INVALID_TYPE` error for
/// the payload instead of an exception.
///
/// # Errors
/// `INVALID_TYPE` on field `""` when the value is not JSON-like.
pub fn js_to_json(input: &JsValue) -> Result<Value, FieldError> {
    if input.is_undefined() {
        return Ok(Value::Null);
    }
    serde_wasm_bindgen::from_value(input.clone()).map_err(|_| {
        FieldError::new(
            "",
            ErrorCode::InvalidType,
            "the payload must be a plain object with JSON values (no functions, symbols or bigints)",
        )
    })
}

/// Today's date on the caller's clock (local time: a date of birth typed
/// "today" must not count as the future).
#[must_use]
pub fn today() -> CivilDate {
    let now = Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(1970);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(1);
    let day = u8::try_from(now.get_date()).unwrap_or(1);
    CivilDate { year, month, day }
}
