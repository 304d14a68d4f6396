//! How `Debug` shows what may hold personal data or a secret (a body, a
//! provider's text, a value of the person): its shape — kinds, lengths,
//! counts, field names — never its value. A `{:?}` in a log, a panic or a
//! failed `assert_eq!` then repeats nobody.

use std::fmt;

use serde_json::Value;

/// A text as `<N chars>`.
pub(crate) struct Chars<'a>(pub(crate) &'a str);

impl fmt::Debug for Chars<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} chars>", self.0.chars().count())
    }
}

/// An optional text as `None` or `Some(<N chars>)`.
pub(crate) fn opt_chars(text: Option<&str>) -> Option<Chars<'_>> {
    text.map(Chars)
}

/// A JSON value's shape: an object's keys, each with its value's shape; an
/// array's length; a string's length; `<number>`; booleans and `null` as
/// they are.
pub(crate) struct Shape<'a>(pub(crate) &'a Value);

impl fmt::Debug for Shape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(_) => f.write_str("<number>"),
            Value::String(s) => Chars(s).fmt(f),
            Value::Array(items) => write!(f, "[{} items]", items.len()),
            Value::Object(map) => f
                .debug_map()
                .entries(map.iter().map(|(k, v)| (k, Shape(v))))
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_shows_its_shape_only() {
        let v = serde_json::json!({
            "name": "Ana Quispe", "dni": 44512345, "images": ["/9j/AAAA"],
            "address": { "city": "Lima" }, "enabled": true, "x": null,
        });
        assert_eq!(
            format!("{:?}", Shape(&v)),
            r#"{"name": <10 chars>, "dni": <number>, "images": [1 items], "address": {"city": <4 chars>}, "enabled": true, "x": null}"#
        );
        assert_eq!(format!("{:?}", opt_chars(Some("Ñañez"))), "Some(<5 chars>)");
    }
}
