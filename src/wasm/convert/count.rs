//! Counting a read `Value`'s values, for the neutral person's cap: its JSON
//! budget is sized for photos, so size alone does not bound its members.

use serde_json::Value;

use super::MAX_VALUES;
use crate::error::{ErrorCode, FieldError};
use crate::validate::message;

/// `TOO_MANY` on field `""` when `value` holds more than [`MAX_VALUES`].
pub(super) fn at_most_max_values(value: &Value) -> Result<(), FieldError> {
    if !more_values_than(value, MAX_VALUES as usize) {
        return Ok(());
    }
    Err(FieldError::new(
        "",
        ErrorCode::TooMany,
        message!(
            "the payload holds more than ",
            MAX_VALUES as usize,
            " values; personkit reads no more"
        ),
    ))
}

/// Whether `value` holds more than `max` values and keys (itself included),
/// stopping as soon as it does.
fn more_values_than(value: &Value, max: usize) -> bool {
    let mut left = max;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        let Some(rest) = left.checked_sub(1) else {
            return true;
        };
        left = rest;
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => {
                let Some(rest) = left.checked_sub(members.len()) else {
                    return true;
                };
                left = rest;
                stack.extend(members.values());
            }
            _ => {}
        }
    }
    false
}
