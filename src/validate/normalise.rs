//! Inputs as forms give them: what the rules change before a value is sent.
//!
//! A form hands over `""` for a box left empty, a name or an email with a
//! space typed after it, and a country code in lowercase. Refusing those
//! would make every form clean its values first (the demo once did), so the
//! rules take them as a person meant them:
//!
//! 1. an empty string in an optional field is absent (left out of the body),
//!    also a member of an object whose members are each optional (Equals'
//!    `address`);
//! 2. surrounding whitespace is trimmed in names, emails, identifiers and dates
//!    (then blank in an optional one is absent too);
//! 3. a country code is upper-cased (`pe` → `PE`).
//!
//! The trimmed text is a slice of the input (no copy); only an upper-cased
//! code is a new string.

use serde_json::Value;
use std::borrow::Cow;

use super::*;
use crate::error::FieldError;

/// Step 3: a country code as typed, trimmed and upper-cased, then checked
/// as an ISO 3166-1 alpha-2 code.
///
/// # Errors
/// `INVALID_COUNTRY` (see [`country`]).
pub fn country_code<'a>(s: &'a str, path: impl Into<Path>) -> Result<Cow<'a, str>, FieldError> {
    let path = path.into();
    let t = s.trim();
    if t.bytes().any(|b| b.is_ascii_lowercase()) {
        let upper = t.to_ascii_uppercase();
        country(&upper, path)?;
        return Ok(Cow::Owned(upper));
    }
    country(t, path).map(|()| Cow::Borrowed(t))
}

/// Step 3 for Verifik's `nationality`, a code or a name: two ASCII letters
/// are a code and are upper-cased; a name is kept as typed, trimmed; a
/// blank one is `""`, which the caller leaves out.
///
/// # Errors
/// As [`nationality`].
pub fn nationality_as_typed<'a>(
    s: &'a str,
    path: impl Into<Path>,
) -> Result<Cow<'a, str>, FieldError> {
    let path = path.into();
    let t = s.trim();
    if t.is_empty() {
        return Ok(Cow::Borrowed(t)); // blank: absent (step 2's tail)
    }
    if let [a, b] = t.as_bytes() {
        if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
            return country_code(t, path);
        }
    }
    nationality(t, path).map(|()| Cow::Borrowed(t))
}

/// Step 2's tail: a trimmed optional value that came out empty is absent.
#[must_use]
pub fn filled(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// A field the document allows to be `null`, with step 1: `None` when
/// absent, an empty string, or broken (recorded in `errs`); `Some(None)` for
/// `null`; `Some(Some(v))` for a valid value. One lookup, as the rules'
/// cursor over the fields expects.
pub fn nullable_box<'a, T, const N: usize>(
    errs: &mut Errors,
    map: &Fields<'a, N>,
    key: &'static str,
    rule: impl FnOnce(Json<'a>) -> Result<T, FieldError>,
) -> Option<Option<T>> {
    match slot(map, key) {
        Slot::Absent | Slot::Value(Json::String("")) => None,
        Slot::Null => Some(None),
        Slot::Value(v) => errs.take(rule(v)).map(Some),
    }
}

/// Whether the accepted body may differ from the input: a string anywhere
/// in it that is empty, has whitespace at either end (what `str::trim`
/// takes off), or holds a lowercase ASCII letter in a two-character value (a
/// country code). It may say yes when nothing changes (a lowercase
/// two-letter note): [`edits`] then finds nothing. The wasm edge's walk
/// works this out as it reads (`mayChangeString` in convert.js, which also
/// counts a control character at either end); the property tests check
/// that a payload it says no to has no edit.
#[must_use]
pub fn may_change(v: Json<'_>) -> bool {
    match v {
        Json::String(s) => {
            let b = s.as_bytes();
            let spaced = |c: Option<&u8>| c.is_some_and(|c| *c <= b' ' || *c >= 0x80);
            b.is_empty()
                || ((spaced(b.first()) || spaced(b.last())) && s.trim().len() != s.len())
                || (b.len() == 2 && b.iter().any(u8::is_ascii_lowercase))
        }
        Json::Array(items) => items.iter().any(may_change),
        Json::Object(entries) => entries.iter().any(|(_, v)| may_change(v)),
        _ => false,
    }
}

/// Where steps 2 and 3 apply in a provider's body; step 1 applies to every
/// top-level member holding `""` (each is an optional field once the
/// payload is accepted). Written next to each provider's rules, and checked
/// against them: `tests/validate_props.rs` compares [`edits`] with the
/// validated person serialized, on payloads whose every string is padded
/// and every code lowercased.
#[derive(Debug)]
pub struct Steps {
    /// Top-level strings trimmed (names, emails, identifiers).
    pub trimmed: &'static [&'static str],
    /// Top-level arrays whose string items are trimmed.
    pub trimmed_items: &'static [&'static str],
    /// Top-level arrays of country codes: trimmed, upper-cased.
    pub code_items: &'static [&'static str],
    /// A country code that is a member of a top-level object: `(field, member)`.
    pub code_members: &'static [(&'static str, &'static str)],
    /// A code or a name (Verifik's `nationality`): trimmed, and two ASCII
    /// letters upper-cased (as [`nationality_as_typed`]).
    pub code_or_name: &'static [&'static str],
    /// Top-level objects whose members are each optional, with their
    /// documented members: a member holding `""` is left out (step 1).
    pub optional_members: &'static [(&'static str, &'static [&'static str])],
}

/// Where in a top-level field an [`Edit`] applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum At {
    /// The field's own string.
    Field,
    /// Item `i` of the field's array.
    Item(usize),
    /// A member of the field's object.
    Member(&'static str),
}

/// One string of an accepted body that is not its input's: the input with
/// these replaced (an object's member whose text is `""` left out), then its
/// top-level `""` members left out, is the body a client sends. `Debug`
/// shows the text's length only (it is the person's).
#[derive(Clone, PartialEq, Eq)]
pub struct Edit<'a> {
    /// The top-level field (one of the provider's `FIELDS`).
    pub field: &'static str,
    /// Where in it.
    pub at: At,
    /// The string sent instead (`""`: a trimmed optional field left blank, absent).
    pub text: Cow<'a, str>,
}

impl std::fmt::Debug for Edit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edit")
            .field("field", &self.field)
            .field("at", &self.at)
            .field("text", &crate::shape::Chars(&self.text))
            .finish()
    }
}

/// The strings steps 2 and 3 change in the accepted payload `v` (see
/// [`Edit`]). Only what differs from the input is listed.
#[must_use]
pub fn edits<'a>(v: Json<'a>, steps: &Steps) -> Vec<Edit<'a>> {
    let mut out = Vec::new();
    let Json::Object(entries) = v else {
        return out;
    };
    let find = |list: &'static [&'static str], key: &str| list.iter().copied().find(|f| *f == key);
    let mut blanks = Vec::new();
    for (key, member) in entries.iter() {
        // (field, where, the string there, upper-cased too)
        let mut one = |field, at, s: &'a str, code: bool| {
            let text = stepped(s, code);
            if text != s {
                out.push(Edit { field, at, text });
            }
        };
        match member {
            Json::String(s) => {
                if let Some(field) = find(steps.trimmed, key) {
                    one(field, At::Field, s, false);
                } else if let Some(field) = find(steps.code_or_name, key) {
                    let code = matches!(s.trim().as_bytes(), [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
                    one(field, At::Field, s, code);
                }
            }
            Json::Array(items) => {
                let code = find(steps.code_items, key);
                if let Some(field) = find(steps.trimmed_items, key).or(code) {
                    for (i, item) in items.iter().enumerate() {
                        if let Json::String(s) = item {
                            one(field, At::Item(i), s, code.is_some());
                        }
                    }
                }
            }
            Json::Object(members) => {
                // Step 1 inside an object of optional members: "" is absent.
                if let Some((field, names)) = steps.optional_members.iter().find(|(f, _)| *f == key)
                {
                    for (k, x) in members.iter() {
                        let name = names.iter().copied().find(|n| *n == k);
                        if let (Some(name), Json::String("")) = (name, x) {
                            blanks.push(Edit {
                                field,
                                at: At::Member(name),
                                text: Cow::Borrowed(""),
                            });
                        }
                    }
                }
                for (field, name) in steps
                    .code_members
                    .iter()
                    .copied()
                    .filter(|(f, _)| *f == key)
                {
                    for (k, x) in members.iter() {
                        if let (true, Json::String(s)) = (k == name, x) {
                            one(field, At::Member(name), s, true);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out.extend(blanks);
    out
}

/// An accepted body made the one that is sent: steps 2 and 3 (see
/// [`edits`]), then its top-level `""` members left out (step 1). The
/// validators do this in JS on their copy of the input; the neutral
/// person's bodies are `serde_json` values already.
pub fn apply_steps(body: &mut Value, steps: &Steps) {
    let owned: Vec<(&'static str, At, String)> = edits(Json::from(&*body), steps)
        .into_iter()
        .map(|e| (e.field, e.at, e.text.into_owned()))
        .collect();
    let Value::Object(members) = body else {
        return;
    };
    for (field, at, text) in owned {
        let place = match at {
            At::Field => members.get_mut(field),
            At::Item(i) => members.get_mut(field).and_then(|v| v.get_mut(i)),
            At::Member(m) if text.is_empty() => {
                // `retain`, which the top level needs anyway, rather than a
                // `remove` that links a second removal into the page build.
                if let Some(Value::Object(o)) = members.get_mut(field) {
                    o.retain(|k, _| k != m);
                }
                continue;
            }
            At::Member(m) => members.get_mut(field).and_then(|v| v.get_mut(m)),
        };
        if let Some(place) = place {
            *place = Value::String(text);
        }
    }
    members.retain(|_, v| v.as_str() != Some(""));
}

/// `s` trimmed (step 2), and upper-cased when it is a `code` (step 3).
#[inline(never)]
fn stepped(s: &str, code: bool) -> Cow<'_, str> {
    let t = s.trim();
    if code {
        Cow::Owned(t.to_ascii_uppercase())
    } else {
        Cow::Borrowed(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codes_are_trimmed_and_upper_cased() {
        assert_eq!(country_code(" pe ", "c").unwrap(), "PE");
        assert!(matches!(
            country_code("CO", "c").unwrap(),
            Cow::Borrowed("CO")
        ));
        assert_eq!(
            country_code("xx", "c").unwrap_err().code.as_str(),
            "INVALID_COUNTRY"
        );
        assert_eq!(nationality_as_typed("co", "n").unwrap(), "CO");
        assert_eq!(nationality_as_typed(" Peruana ", "n").unwrap(), "Peruana");
    }

    #[test]
    fn an_edit_debug_shows_no_text() {
        let e = Edit {
            field: "name",
            at: At::Field,
            text: Cow::Borrowed("Zyxwilda Quorblat"),
        };
        assert_eq!(
            format!("{e:?}"),
            "Edit { field: \"name\", at: Field, text: <17 chars> }"
        );
    }

    #[test]
    fn apply_steps_gives_the_body_sent() {
        const STEPS: Steps = Steps {
            trimmed: &["name"],
            trimmed_items: &[],
            code_items: &["codes"],
            code_members: &[("address", "countryCode")],
            code_or_name: &["nationality"],
            optional_members: &[("address", &["city", "countryCode"])],
        };
        let mut body = json!({ "name": " Ana ", "note": "", "codes": [" pe", "CO"],
                               "address": { "countryCode": "gb", "city": "" }, "nationality": "Peruana " });
        apply_steps(&mut body, &STEPS);
        assert_eq!(
            body,
            json!({ "name": "Ana", "codes": ["PE", "CO"], "address": { "countryCode": "GB" },
                    "nationality": "Peruana" })
        );
    }

    #[test]
    fn may_change_finds_what_a_step_would_change() {
        for (v, yes) in [
            (json!({ "a": "x", "b": 1 }), false),
            (json!({ "a": "" }), true),
            (json!({ "a": "x " }), true),
            (json!({ "a": ["PE", "co"] }), true),
            (json!({ "a": { "b": "\u{a0}x" } }), true),
            (json!({ "a": "\u{b}x" }), true),
            (json!({ "a": "Ñañez" }), false),
        ] {
            assert_eq!(may_change(Json::from(&v)), yes, "{v}");
        }
    }
}
