//! Shared validation rules: required, string type, length in characters,
//! enum, ISO date, email, UUID, country, phone, IP, base64 image, unknown
//! fields with a "did you mean" hint, and a collector that keeps every
//! problem so a payload reports all of them at once.
//!
//! Every rule is a plain function from a value to `Result<T, FieldError>`.
//! On the valid path nothing allocates: field paths are [`Path`] values that
//! are only formatted into a `String` when an error is built.
//!
//! No rule reads the clock (`SystemTime::now()` panics on
//! `wasm32-unknown-unknown`): "not in the future" takes a [`CivilDate`] for
//! today, which the caller supplies.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::{ErrorCode, FieldError};
use crate::image::{sniff, ImageFormat, SNIFF_LEN};

// ---------------------------------------------------------------------------
// Dates

/// A calendar date (proleptic Gregorian) without time or zone.
///
/// Fields are public so the wasm edge can build today's date from JS; use
/// [`CivilDate::new`] or [`CivilDate::parse_iso`] to get a checked one.
/// Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    /// Year (1..=9999 for dates that come from `parse_iso`).
    pub year: i32,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
}

impl CivilDate {
    /// A date if it exists on the calendar (no 1990-02-30, 2023-02-29).
    #[must_use]
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// Parse exactly `YYYY-MM-DD` (ASCII digits, year 0001–9999) into a real
    /// calendar date; anything else (time parts, other separators, 1990-2-3) is `None`.
    #[must_use]
    pub fn parse_iso(s: &str) -> Option<Self> {
        let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
            return None;
        };
        let year = num4(y0, y1, y2, y3)?;
        let month = num2(m0, m1)?;
        let day = num2(d0, d1)?;
        if year == 0 {
            return None;
        }
        Self::new(i32::from(year), month, day)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Serialized as `YYYY-MM-DD`, the form every provider takes.
impl serde::Serialize for CivilDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn digit(b: u8) -> Option<u16> {
    b.is_ascii_digit().then(|| u16::from(b - b'0'))
}

fn num2(a: u8, b: u8) -> Option<u8> {
    let v = digit(a)? * 10 + digit(b)?;
    u8::try_from(v).ok()
}

fn num4(a: u8, b: u8, c: u8, d: u8) -> Option<u16> {
    Some(digit(a)? * 1000 + digit(b)? * 100 + digit(c)? * 10 + digit(d)?)
}

/// Whether `year` is a Gregorian leap year.
#[must_use]
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year` (0 for a month outside 1..=12).
#[must_use]
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------
// Paths and the collector

/// Where a value sits in the payload: a top-level key (`name`) or an item of
/// an array field (`images[1]`). Formatted only when an error is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path<'a> {
    /// The payload itself (`""`).
    Root,
    /// A top-level field.
    Key(&'a str),
    /// Item `usize` of the array field.
    Index(&'a str, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Root => Ok(()),
            Self::Key(k) => f.write_str(k),
            Self::Index(k, i) => write!(f, "{k}[{i}]"),
        }
    }
}

impl<'a> From<&'a str> for Path<'a> {
    fn from(key: &'a str) -> Self {
        Self::Key(key)
    }
}

impl<'a> From<(&'a str, usize)> for Path<'a> {
    fn from((key, index): (&'a str, usize)) -> Self {
        Self::Index(key, index)
    }
}

impl Path<'_> {
    /// A field error at this path.
    #[must_use]
    pub fn error(self, code: ErrorCode, message: impl Into<String>) -> FieldError {
        FieldError::new(self.to_string(), code, message)
    }

    /// How the path reads in a message: the field name, or "the payload".
    fn subject(self) -> String {
        match self {
            Self::Root => "the payload".to_owned(),
            other => other.to_string(),
        }
    }
}

/// Collects every broken rule of a payload. Creating one does not allocate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Errors {
    list: Vec<FieldError>,
}

impl Errors {
    /// An empty collector.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Record one broken rule.
    pub fn push(&mut self, error: FieldError) {
        self.list.push(error);
    }

    /// Keep the value of a rule that passed; record the error of one that failed.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.list.push(e);
                None
            }
        }
    }

    /// Whether no rule has failed so far.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The errors collected so far, in the order found.
    #[must_use]
    pub fn into_vec(self) -> Vec<FieldError> {
        self.list
    }

    /// A required field run through `rule`. Absent or `null` records
    /// `missing` (usually `REQUIRED`). `None` when missing or broken.
    pub fn required<'a, T>(
        &mut self,
        map: &'a Map<String, Value>,
        key: &str,
        missing: ErrorCode,
        rule: impl FnOnce(&'a Value) -> Result<T, FieldError>,
    ) -> Option<T> {
        let result = required(map, key, missing).and_then(rule);
        self.take(result)
    }

    /// An optional, non-nullable field run through `rule`. `None` when absent
    /// or broken (an explicit `null` is recorded as `INVALID_TYPE`); build the
    /// output only when [`Errors::is_empty`], where `None` means absent.
    pub fn optional<'a, T>(
        &mut self,
        map: &'a Map<String, Value>,
        key: &str,
        rule: impl FnOnce(&'a Value) -> Result<T, FieldError>,
    ) -> Option<T> {
        let result = optional(map, key).and_then(|v| v.map(rule).transpose());
        self.take(result).flatten()
    }

    /// An optional field the document allows to be `null`: `None` when absent
    /// (or broken), `Some(None)` for `null`, `Some(Some(v))` for a valid value.
    pub fn nullable<'a, T>(
        &mut self,
        map: &'a Map<String, Value>,
        key: &str,
        rule: impl FnOnce(&'a Value) -> Result<T, FieldError>,
    ) -> Option<Option<T>> {
        match slot(map, key) {
            Slot::Absent => None,
            Slot::Null => Some(None),
            Slot::Value(v) => self.take(rule(v)).map(Some),
        }
    }

    /// Every item of an array field through `rule` (path `key[i]`); all item
    /// errors are recorded. `None` if any item is broken.
    pub fn items<'a, T>(
        &mut self,
        key: &str,
        items: &'a [Value],
        mut rule: impl FnMut(&'a Value, Path<'_>) -> Result<T, FieldError>,
    ) -> Option<Vec<T>> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.take(rule(item, Path::Index(key, i))) {
                Some(v) if ok => out.push(v),
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// `Ok(value)` when nothing failed and the value was built, else every error.
    ///
    /// # Errors
    /// Every recorded error; if none was recorded but `value` is `None`
    /// (a validator bug), one `INVALID_TYPE` error for the payload instead of a panic.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.list.is_empty() => Ok(v),
            _ if !self.list.is_empty() => Err(self.list),
            _ => {
                Err(vec![Path::Root.error(
                    ErrorCode::InvalidType,
                    "the payload could not be read",
                )])
            }
        }
    }
}

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

// ---------------------------------------------------------------------------
// Strings

/// Constraints on a string field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextRule {
    /// Longest allowed length, in characters (not bytes).
    pub max_chars: Option<usize>,
    /// Empty or whitespace-only is an error (`EMPTY`).
    pub non_blank: bool,
    /// A person's name: control characters are `INVALID_CHARACTERS`.
    pub name: bool,
}

impl TextRule {
    /// Any string.
    pub const ANY: Self = Self {
        max_chars: None,
        non_blank: false,
        name: false,
    };
    /// A string with some content.
    pub const NON_BLANK: Self = Self {
        max_chars: None,
        non_blank: true,
        name: false,
    };

    /// At most `n` characters.
    #[must_use]
    pub const fn max(mut self, n: usize) -> Self {
        self.max_chars = Some(n);
        self
    }

    /// A person's name (no control characters).
    #[must_use]
    pub const fn name(mut self) -> Self {
        self.name = true;
        self
    }
}

/// Number of characters of `s`, counting only as far as needed to know
/// whether it exceeds `max` (a string of at most `max` bytes never does).
#[must_use]
pub fn exceeds_chars(s: &str, max: usize) -> bool {
    s.len() > max && s.chars().nth(max).is_some()
}

/// Whether `s` holds a control character (C0, DEL or C1).
#[must_use]
pub fn has_control_chars(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// A string that satisfies `rule`. At most one error per field: type, then
/// blank, then length, then characters.
///
/// # Errors
/// `INVALID_TYPE`, `EMPTY`, `TOO_LONG` or `INVALID_CHARACTERS`.
pub fn text<'a, 'p>(
    v: &'a Value,
    path: impl Into<Path<'p>>,
    rule: TextRule,
) -> Result<&'a str, FieldError> {
    let path = path.into();
    let s = string(v, path)?;
    if rule.non_blank && s.trim().is_empty() {
        return Err(path.error(
            ErrorCode::Empty,
            format!("{} must not be empty", path.subject()),
        ));
    }
    if let Some(max) = rule.max_chars {
        if exceeds_chars(s, max) {
            return Err(path.error(
                ErrorCode::TooLong,
                format!(
                    "{} must be at most {max} characters (it has {})",
                    path.subject(),
                    s.chars().count()
                ),
            ));
        }
    }
    if rule.name && has_control_chars(s) {
        return Err(path.error(
            ErrorCode::InvalidCharacters,
            format!(
                "{} must not contain control characters such as tabs or line breaks",
                path.subject()
            ),
        ));
    }
    Ok(s)
}

/// The index of `s` in `options` (exact, case-sensitive).
///
/// # Errors
/// `NOT_ONE_OF` listing the options.
pub fn one_of<'p>(
    s: &str,
    path: impl Into<Path<'p>>,
    options: &[&str],
) -> Result<usize, FieldError> {
    if let Some(i) = options.iter().position(|o| *o == s) {
        return Ok(i);
    }
    let path = path.into();
    let hint = options
        .iter()
        .find(|o| o.eq_ignore_ascii_case(s))
        .map(|o| format!(" (did you mean {o}?)"))
        .unwrap_or_default();
    Err(path.error(
        ErrorCode::NotOneOf,
        format!(
            "{} must be {}{}{hint}",
            path.subject(),
            if options.len() > 2 { "one of " } else { "" },
            list_or(options)
        ),
    ))
}

/// "a, b or c".
fn list_or(options: &[&str]) -> String {
    match options {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

// ---------------------------------------------------------------------------
// Formats

/// A date `YYYY-MM-DD` that exists and is not after `today`.
///
/// # Errors
/// `INVALID_DATE` for another form, a day that does not exist, or a future date.
pub fn iso_date<'p>(
    s: &str,
    path: impl Into<Path<'p>>,
    today: CivilDate,
) -> Result<CivilDate, FieldError> {
    let path = path.into();
    let Some(date) = CivilDate::parse_iso(s) else {
        let shape_ok = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        let message = if shape_ok {
            format!("{} is not a real calendar date", path.subject())
        } else {
            format!("{} must be a date in the form YYYY-MM-DD", path.subject())
        };
        return Err(path.error(ErrorCode::InvalidDate, message));
    };
    if date > today {
        return Err(path.error(
            ErrorCode::InvalidDate,
            format!("{} must not be in the future", path.subject()),
        ));
    }
    Ok(date)
}

/// Whether `s` is a usable email address: one `@`, a local part of 1–64
/// characters without spaces, quotes or misplaced dots, and a domain of at
/// least two labels (letters, digits, hyphens, Unicode for IDN; no leading or
/// trailing hyphen; a top-level label that is not all digits).
#[must_use]
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || exceeds_chars(local, 64) || exceeds_chars(s, 254) {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    const LOCAL_SPECIALS: &[u8] = b".!#$%&'*+/=?^_`{|}~-";
    let local_ok = local.chars().all(|c| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(&(c as u8))
        } else {
            !c.is_control() && !c.is_whitespace()
        }
    });
    if !local_ok {
        return false;
    }
    let mut labels = 0usize;
    let mut last = "";
    for label in domain.split('.') {
        if label.is_empty() || exceeds_chars(label, 63) {
            return false;
        }
        if label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        let label_ok = label.chars().all(|c| {
            if c.is_ascii() {
                c.is_ascii_alphanumeric() || c == '-'
            } else {
                c.is_alphanumeric()
            }
        });
        if !label_ok {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && !last.bytes().all(|b| b.is_ascii_digit())
}

/// An email address (see [`is_email`]).
///
/// # Errors
/// `INVALID_EMAIL`.
pub fn email<'p>(s: &str, path: impl Into<Path<'p>>) -> Result<(), FieldError> {
    if is_email(s) {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidEmail,
        format!(
            "{} must be an email address such as name@example.com",
            path.subject()
        ),
    ))
}

/// Whether `s` is a UUID in its 36-character hyphenated form (any version, either case).
#[must_use]
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A UUID (see [`is_uuid`]).
///
/// # Errors
/// `INVALID_UUID`.
pub fn uuid<'p>(s: &str, path: impl Into<Path<'p>>) -> Result<(), FieldError> {
    if is_uuid(s) {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidUuid,
        format!(
            "{} must be a UUID such as 288cf796-c1ad-4ffd-9eb9-af210bff0ea0",
            path.subject()
        ),
    ))
}

/// The 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance
/// Agency list; user-assigned codes such as `XK` and withdrawn ones such as
/// `AN` are not included).
pub const COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// One bit per `AA..ZZ` pair (26 × 26 = 676 bits), built from [`COUNTRY_CODES`] at compile time.
// Indexing here runs in const evaluation: a mistake fails the build, it cannot panic at run time.
#[allow(clippy::indexing_slicing)]
const COUNTRY_BITS: [u32; 22] = {
    let mut bits = [0u32; 22];
    let mut i = 0;
    while i < COUNTRY_CODES.len() {
        let b = COUNTRY_CODES[i].as_bytes();
        let n = (b[0] - b'A') as usize * 26 + (b[1] - b'A') as usize;
        bits[n / 32] |= 1 << (n % 32);
        i += 1;
    }
    bits
};

/// Whether `s` is an assigned ISO 3166-1 alpha-2 code, in uppercase (`US`, not `us`).
#[must_use]
pub fn is_country_code(s: &str) -> bool {
    let &[a, b] = s.as_bytes() else {
        return false;
    };
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
        return false;
    }
    let n = usize::from(a - b'A') * 26 + usize::from(b - b'A');
    COUNTRY_BITS
        .get(n / 32)
        .is_some_and(|word| word & (1 << (n % 32)) != 0)
}

/// An ISO 3166-1 alpha-2 country code (see [`is_country_code`]).
///
/// # Errors
/// `INVALID_COUNTRY`, with the uppercase form as a hint for `us`.
pub fn country<'p>(s: &str, path: impl Into<Path<'p>>) -> Result<(), FieldError> {
    if is_country_code(s) {
        return Ok(());
    }
    let path = path.into();
    let upper = s.to_ascii_uppercase();
    let message = if is_country_code(&upper) {
        format!(
            "{} must be an uppercase ISO 3166-1 alpha-2 code (did you mean {upper}?)",
            path.subject()
        )
    } else {
        format!(
            "{} must be a two-letter ISO 3166-1 alpha-2 country code such as US or PE",
            path.subject()
        )
    };
    Err(path.error(ErrorCode::InvalidCountry, message))
}

/// Whether `s` is an E.164-like phone number: `+`, then 7 to 15 digits, the
/// first not 0; single spaces or hyphens may separate digit groups.
#[must_use]
pub fn is_phone(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('+') else {
        return false;
    };
    let mut digits = 0usize;
    let mut prev_sep = true; // no separator right after '+'
    for b in rest.bytes() {
        match b {
            b'0'..=b'9' => {
                if digits == 0 && b == b'0' {
                    return false;
                }
                digits += 1;
                prev_sep = false;
            }
            b' ' | b'-' if !prev_sep => prev_sep = true,
            _ => return false,
        }
    }
    !prev_sep && (7..=15).contains(&digits)
}

/// A phone number (see [`is_phone`]).
///
/// # Errors
/// `INVALID_PHONE`.
pub fn phone<'p>(s: &str, path: impl Into<Path<'p>>) -> Result<(), FieldError> {
    if is_phone(s) {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidPhone,
        format!(
            "{} must be an international number starting with + and the country code, such as +447798121212",
            path.subject()
        ),
    ))
}

/// An IPv4 or IPv6 address as `std::net` parses it.
///
/// # Errors
/// `INVALID_IP`.
pub fn ip_address<'p>(s: &str, path: impl Into<Path<'p>>) -> Result<(), FieldError> {
    if s.parse::<std::net::IpAddr>().is_ok() {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidIp,
        format!(
            "{} must be an IPv4 or IPv6 address such as 203.0.113.7",
            path.subject()
        ),
    ))
}

/// A string that holds a JSON object (`"{\"key\":\"value\"}"`). Checked
/// without building a tree; nesting deeper than 128 levels is refused.
///
/// # Errors
/// `INVALID_JSON`.
pub fn json_object_string<'p>(s: &str, path: impl Into<Path<'p>>) -> Result<(), FieldError> {
    let is_object =
        s.trim_start().starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok();
    if is_object {
        return Ok(());
    }
    let path = path.into();
    Err(path.error(
        ErrorCode::InvalidJson,
        format!(
            "{} must be a string holding a JSON object, such as {{\"key\":\"value\"}}",
            path.subject()
        ),
    ))
}

// ---------------------------------------------------------------------------
// Base64 images

/// Check a raw base64 image: no `data:` prefix, standard alphabet with `=`
/// padding over the whole string (SIMD, linear, no allocation), and a JPEG or
/// PNG by the magic bytes of its first decoded bytes.
///
/// # Errors
/// `IMAGE_EMPTY` for `""`, `INVALID_BASE64` (with the reason, never the data)
/// or `INVALID_IMAGE_FORMAT` naming the format found.
pub fn base64_image<'p>(s: &str, path: impl Into<Path<'p>>) -> Result<ImageFormat, FieldError> {
    let path = path.into();
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(path.error(
            ErrorCode::ImageEmpty,
            format!(
                "{} is empty; it must hold a base64-encoded image",
                path.subject()
            ),
        ));
    }
    if bytes
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"data:"))
    {
        return Err(path.error(
            ErrorCode::InvalidBase64,
            format!(
                "{} must be raw base64: remove the data: prefix (everything up to and including the comma)",
                path.subject()
            ),
        ));
    }
    if base64_simd::STANDARD.check(bytes).is_err() {
        return Err(path.error(
            ErrorCode::InvalidBase64,
            format!(
                "{} is not valid base64: {}",
                path.subject(),
                base64_problem(bytes)
            ),
        ));
    }
    // 16 base64 characters decode to the SNIFF_LEN = 12 bytes sniffing needs.
    // A prefix of a checked string is valid base64 when its length is a
    // multiple of 4 (padding only ever sits at the very end).
    let head = bytes.get(..16).unwrap_or(bytes);
    let mut buf = [0u8; SNIFF_LEN];
    let format = match base64_simd::STANDARD.decode(head, base64_simd::Out::from_slice(&mut buf)) {
        Ok(decoded) => sniff(decoded),
        Err(_) => ImageFormat::Unknown,
    };
    if format.is_accepted() {
        Ok(format)
    } else {
        let message = format.rejection_message();
        // "image must be a JPEG or PNG, found …" → "images[0] must be a JPEG or PNG, found …".
        let rest = message.strip_prefix("image ").unwrap_or(&message);
        Err(path.error(
            ErrorCode::InvalidImageFormat,
            format!("{} {rest}", path.subject()),
        ))
    }
}

/// Why a string failed the base64 check (error path only).
fn base64_problem(bytes: &[u8]) -> String {
    let body_end = bytes.iter().rposition(|b| *b != b'=').map_or(0, |i| i + 1);
    let body = bytes.get(..body_end).unwrap_or(bytes);
    if let Some(pos) = body
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/'))
    {
        let what = match body.get(pos) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => "a space or line break",
            Some(b'-' | b'_') => {
                return format!(
                    "it uses the URL-safe alphabet (- or _ at position {pos}); use standard base64 with + and /"
                )
            }
            Some(b'=') => "padding (=) in the middle",
            _ => "a character outside A-Z, a-z, 0-9, + and /",
        };
        return format!("it contains {what} at position {pos}");
    }
    let pad = bytes.len() - body_end;
    if bytes.len() % 4 != 0 {
        "its length is not a multiple of 4 (is the = padding missing?)".to_owned()
    } else if pad > 2 {
        "it ends with too much = padding".to_owned()
    } else {
        "its last characters do not form a valid ending".to_owned()
    }
}

// ---------------------------------------------------------------------------
// Unknown fields

/// Truncate a user-supplied key for a message or path (at most 40 characters).
fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
        None => s.to_owned(),
    }
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Abbreviations edit distance cannot see, compared after [`normalise`].
const ALIASES: &[(&str, &str)] = &[
    ("dob", "dateofbirth"),
    ("birthdate", "dateofbirth"),
    ("birthday", "dateofbirth"),
    ("dateofbirth", "dob"),
    ("birthdate", "dob"),
    ("birthday", "dob"),
    ("phone", "primarymobilenumber"),
    ("mobile", "primarymobilenumber"),
    ("phonenumber", "primarymobilenumber"),
    ("mobilenumber", "primarymobilenumber"),
    ("role", "rolename"),
    ("secret", "clientsecret"),
];

/// Damerau–Levenshtein distance in characters (insertions, deletions,
/// substitutions and transpositions of adjacent characters, unrestricted):
/// the same number as `strsim::damerau_levenshtein`, computed without its
/// hash map (the alphabet of two short field names fits a small list), which
/// made unknown-field hints the slowest part of a rejected payload.
#[must_use]
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return n.max(m);
    }
    let max = n + m;
    let width = m + 2;
    // d[(i + 1) * width + (j + 1)] is the distance between a[..i] and b[..j];
    // row and column 0 hold `max` as a sentinel.
    let mut d = vec![max; (n + 2) * width];
    let at = |d: &[usize], i: usize, j: usize| d.get(i * width + j).copied().unwrap_or(max);
    let put = |d: &mut [usize], i: usize, j: usize, v: usize| {
        if let Some(cell) = d.get_mut(i * width + j) {
            *cell = v;
        }
    };
    for i in 0..=n {
        put(&mut d, i + 1, 1, i);
    }
    for j in 0..=m {
        put(&mut d, 1, j + 1, j);
    }
    // The distinct characters of `b`, each position of `b` as an index into
    // them, and the last row (1-based) of `a` where each was seen.
    let mut alphabet: Vec<char> = Vec::with_capacity(m);
    let slots: Vec<usize> = b
        .iter()
        .map(|c| {
            alphabet.iter().position(|x| x == c).unwrap_or_else(|| {
                alphabet.push(*c);
                alphabet.len() - 1
            })
        })
        .collect();
    let mut last_row = vec![0usize; alphabet.len()];
    for (i, ca) in a.iter().enumerate().map(|(i, c)| (i + 1, *c)) {
        let mut last_col = 0;
        for (j, (cb, slot)) in b.iter().zip(&slots).enumerate() {
            let j = j + 1;
            let i1 = last_row.get(*slot).copied().unwrap_or(0);
            let j1 = last_col;
            let cost = if ca == *cb {
                last_col = j;
                0
            } else {
                1
            };
            let v = (at(&d, i, j) + cost)
                .min(at(&d, i + 1, j) + 1)
                .min(at(&d, i, j + 1) + 1)
                .min(at(&d, i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1));
            put(&mut d, i + 1, j + 1, v);
        }
        if let Some(row) = alphabet
            .iter()
            .position(|x| *x == ca)
            .and_then(|p| last_row.get_mut(p))
        {
            *row = i;
        }
    }
    at(&d, n + 1, m + 1)
}

/// The documented field an unknown key most likely meant, if any: the same
/// name up to case, `_`/`-` (`dateOfBirth` → `date_of_birth`); a known
/// abbreviation (`dob`); a name that contains or is contained in it
/// (`email` → `emailAddress`); or a small edit distance (`externaId` → `externalId`).
///
/// Keys longer than 64 bytes get no hint: edit distance is quadratic and a
/// huge key (say an image pasted as a key) must not cost time or memory.
#[must_use]
pub fn did_you_mean<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    if unknown.len() > 64 {
        return None;
    }
    let u = normalise(unknown);
    if u.is_empty() {
        return None;
    }
    let normals: Vec<(&'k str, String)> = known.iter().map(|k| (*k, normalise(k))).collect();
    if let Some((k, _)) = normals.iter().find(|(_, n)| *n == u) {
        return Some(k);
    }
    if let Some((k, _)) = normals
        .iter()
        .find(|(_, n)| ALIASES.iter().any(|(a, b)| *a == u && b == n))
    {
        return Some(k);
    }
    let closest = |candidates: &mut dyn Iterator<Item = &(&'k str, String)>| {
        let mut best: Option<(&'k str, usize)> = None;
        let mut tie = false;
        for (k, n) in candidates {
            let d = damerau_levenshtein(&u, n);
            match best {
                Some((_, bd)) if d > bd => {}
                Some((_, bd)) if d == bd => tie = true,
                _ => {
                    best = Some((k, d));
                    tie = false;
                }
            }
        }
        best.filter(|_| !tie)
    };
    // Containment, for names of 3+ characters. A prefix of documented names
    // (`email` → `emailAddress`, before `emailTheme`): the first in document
    // order. A name that holds a documented one (`emailAddress` → `email`):
    // the longest. A suffix (`name` → `firstName`/`lastName`): only if unique.
    if u.chars().count() >= 3 {
        let long_enough = |n: &String| n.chars().count() >= 3;
        if let Some((k, _)) = normals
            .iter()
            .find(|(_, n)| long_enough(n) && n.starts_with(&u))
        {
            return Some(k);
        }
        if let Some((k, _)) = normals
            .iter()
            .filter(|(_, n)| {
                long_enough(n) && (u.starts_with(n.as_str()) || u.ends_with(n.as_str()))
            })
            .max_by_key(|(_, n)| n.len())
        {
            return Some(k);
        }
        let mut suffixes = normals
            .iter()
            .filter(|(_, n)| long_enough(n) && n.ends_with(&u));
        if let (Some((k, _)), None) = (suffixes.next(), suffixes.next()) {
            return Some(k);
        }
    }
    let allowed = match u.chars().count() {
        0..=2 => 0,
        3..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    // A name whose length differs by more than `allowed` is further than
    // `allowed` (the distance is at least the difference): it can be neither
    // the answer nor tie with it, so it is not measured.
    let u_len = u.chars().count();
    closest(
        &mut normals
            .iter()
            .filter(|(_, n)| n.chars().count().abs_diff(u_len) <= allowed),
    )
    .filter(|(_, d)| *d <= allowed)
    .map(|(k, _)| k)
}

/// One `UNKNOWN_FIELD` error per key of `map` that is not in `known`, with a
/// "did you mean" hint when one is close. `provider` names the API in the message.
pub fn unknown_fields(
    map: &Map<String, Value>,
    known: &[&str],
    provider: &str,
    errors: &mut Errors,
) {
    for key in map.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let name = short(key);
        let message = match did_you_mean(key, known) {
            Some(hint) => format!("unknown field \"{name}\", did you mean {hint}?"),
            None => format!("unknown field \"{name}\" is not part of the {provider} person"),
        };
        errors.push(FieldError::new(name, ErrorCode::UnknownField, message));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use serde_json::json;

    const TODAY: CivilDate = CivilDate {
        year: 2025,
        month: 6,
        day: 15,
    };

    #[test]
    fn dates_are_real_and_not_in_the_future() {
        assert!(CivilDate::parse_iso("1990-01-15").is_some());
        assert!(CivilDate::parse_iso("2000-02-29").is_some());
        assert!(CivilDate::parse_iso("2024-02-29").is_some());
        assert!(CivilDate::parse_iso("1900-02-29").is_none());
        assert!(CivilDate::parse_iso("2023-02-29").is_none());
        assert!(CivilDate::parse_iso("1990-02-30").is_none());
        assert!(CivilDate::parse_iso("1990-04-31").is_none());
        assert!(CivilDate::parse_iso("1990-13-01").is_none());
        assert!(CivilDate::parse_iso("1990-00-10").is_none());
        assert!(CivilDate::parse_iso("0000-01-01").is_none());
        assert!(CivilDate::parse_iso("1990-1-15").is_none());
        assert!(CivilDate::parse_iso("1990/01/15").is_none());
        assert!(CivilDate::parse_iso("1990-01-15T00:00:00Z").is_none());
        assert!(CivilDate::parse_iso("１990-01-15").is_none());
        assert_eq!(
            CivilDate::parse_iso("0001-01-01").unwrap().to_string(),
            "0001-01-01"
        );
        assert!(iso_date("2025-06-15", "d", TODAY).is_ok());
        let e = iso_date("2025-06-16", "d", TODAY).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidDate);
        assert!(e.message.contains("future"));
        assert!(iso_date("1990-02-30", "d", TODAY)
            .unwrap_err()
            .message
            .contains("real calendar date"));
    }

    #[test]
    fn civil_date_serializes_as_iso() {
        let d = CivilDate::new(1996, 7, 17).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"1996-07-17\"");
    }

    #[test]
    fn lengths_count_characters() {
        assert!(!exceeds_chars("Ñañez", 5));
        assert!(exceeds_chars("Ñañez!", 5));
        assert!(!exceeds_chars("", 0));
        let r = TextRule::NON_BLANK.max(5).name();
        assert!(text(&json!("Ñañez"), "n", r).is_ok());
        assert_eq!(
            text(&json!("Ñañez Q"), "n", r).unwrap_err().code,
            ErrorCode::TooLong
        );
        assert_eq!(
            text(&json!("  "), "n", r).unwrap_err().code,
            ErrorCode::Empty
        );
        assert_eq!(
            text(&json!("a\tb"), "n", r).unwrap_err().code,
            ErrorCode::InvalidCharacters
        );
        assert_eq!(
            text(&json!("a\u{85}b"), "n", r).unwrap_err().code,
            ErrorCode::InvalidCharacters
        );
        assert_eq!(
            text(&json!(5), "n", r).unwrap_err().code,
            ErrorCode::InvalidType
        );
    }

    #[test]
    fn emails() {
        for ok in [
            "a.abraham@acme.com",
            "jane@828fligth.com",
            "x+tag@sub.example.co.uk",
            "josé@correo.pe",
            "a@b.cd",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "plain",
            "@acme.com",
            "a@",
            "a@acme",
            "a@@acme.com",
            "a b@acme.com",
            "a@acme..com",
            ".a@acme.com",
            "a.@acme.com",
            "a..b@acme.com",
            "a@-acme.com",
            "a@acme-.com",
            "a@1.2",
            "a@acme.com.",
            "a@ac_me.com",
            "a\n@acme.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("288cf796-c1ad-4ffd-9eb9-af210bff0ea0"));
        assert!(is_uuid("288CF796-C1AD-4FFD-9EB9-AF210BFF0EA0"));
        assert!(!is_uuid("288cf796c1ad4ffd9eb9af210bff0ea0"));
        assert!(!is_uuid("288cf796-c1ad-4ffd-9eb9-af210bff0eag"));
        assert!(!is_uuid("{288cf796-c1ad-4ffd-9eb9-af210bff0ea}"));
    }

    #[test]
    fn countries() {
        assert_eq!(COUNTRY_CODES.len(), 249);
        let mut sorted = COUNTRY_CODES;
        sorted.sort_unstable();
        assert_eq!(sorted, COUNTRY_CODES, "sorted, no duplicates");
        assert!(sorted.windows(2).all(|w| w[0] < w[1]));
        for c in COUNTRY_CODES {
            assert!(is_country_code(c), "{c}");
        }
        let assigned = (b'A'..=b'Z')
            .flat_map(|a| (b'A'..=b'Z').map(move |b| String::from_utf8(vec![a, b]).unwrap()))
            .filter(|s| is_country_code(s))
            .count();
        assert_eq!(assigned, 249);
        for bad in ["us", "XK", "AN", "UK", "EU", "USA", "U", "", "Ü1"] {
            assert!(!is_country_code(bad), "{bad}");
        }
        assert_eq!(
            one_of("m", "gender", &["M", "F"]).unwrap_err().message,
            "gender must be M or F (did you mean M?)"
        );
        assert!(country("us", "n")
            .unwrap_err()
            .message
            .contains("did you mean US?"));
    }

    #[test]
    fn phones() {
        for ok in [
            "+447798121212",
            "+51 987 654 321",
            "+1-202-555-0143",
            "+6831234",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "447798121212",
            "+",
            "+0447798121212",
            "+44 (77) 98121212",
            "+44  7798",
            "+4477981212121212",
            "+44-",
            "+ 447798121212",
            "+123456",
            "+44 77a",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn json_objects_in_strings() {
        assert!(json_object_string(r#"{"key":"value"}"#, "c").is_ok());
        assert!(json_object_string(" {} ", "c").is_ok());
        for bad in ["", "[]", "1", "\"x\"", "{", "{\"a\":1} x", "null"] {
            assert_eq!(
                json_object_string(bad, "c").unwrap_err().code,
                ErrorCode::InvalidJson,
                "{bad}"
            );
        }
        let deep = "{\"a\":".repeat(10_000) + &"}".repeat(10_000);
        assert!(json_object_string(&deep, "c").is_err());
    }

    #[test]
    fn integers() {
        assert_eq!(integer(&json!(1), "n", 1, 10).unwrap(), 1);
        assert_eq!(
            integer(&json!(0), "n", 1, 10).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            integer(&json!(-3), "n", 1, 10).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            integer(&json!(u64::MAX), "n", 1, 10).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            integer(&json!(1.5), "n", 1, 10).unwrap_err().code,
            ErrorCode::InvalidType
        );
        assert_eq!(
            integer(&json!("1"), "n", 1, 10).unwrap_err().code,
            ErrorCode::InvalidType
        );
        assert_eq!(
            integer(&json!(true), "n", 1, 10).unwrap_err().code,
            ErrorCode::InvalidType
        );
    }

    // 1x1 PNG and a tiny JPEG header, base64.
    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const JPEG_HEAD: &str = "/9j/4AAQSkZJRgABAQAAAQABAAD/2w==";

    #[test]
    fn base64_images() {
        assert_eq!(base64_image(PNG, ("images", 0)).unwrap(), ImageFormat::Png);
        assert_eq!(
            base64_image(JPEG_HEAD, ("images", 0)).unwrap(),
            ImageFormat::Jpeg
        );
        let e = base64_image(&format!("data:image/png;base64,{PNG}"), ("images", 1)).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("images[1]", ErrorCode::InvalidBase64)
        );
        assert!(e.message.contains("remove the data: prefix"));
        assert_eq!(
            base64_image("", "i").unwrap_err().code,
            ErrorCode::ImageEmpty
        );
        let spaced = format!("{} {}", &PNG[..8], &PNG[8..]);
        let e = base64_image(&spaced, "i").unwrap_err();
        assert!(
            e.message.contains("space or line break at position 8"),
            "{}",
            e.message
        );
        let url_safe = JPEG_HEAD.replace('/', "_");
        assert_eq!(
            base64_image(&url_safe, "i").unwrap_err().code,
            ErrorCode::InvalidBase64
        );
        let unpadded = PNG.trim_end_matches('=');
        assert!(base64_image(unpadded, "i")
            .unwrap_err()
            .message
            .contains("multiple of 4"));
        // "GIF89a" in base64, and plain text.
        let gif = base64_image("R0lGODlhAQABAAAAACw=", "i").unwrap_err();
        assert_eq!(gif.code, ErrorCode::InvalidImageFormat);
        assert_eq!(gif.message, "i must be a JPEG or PNG, found a GIF image");
        assert_eq!(
            base64_image("aGVsbG8=", "i").unwrap_err().code,
            ErrorCode::InvalidImageFormat
        );
        // Short strings whose decoded bytes are fewer than SNIFF_LEN.
        assert_eq!(base64_image("/9j/", "i").unwrap(), ImageFormat::Jpeg);
        assert_eq!(
            base64_image("/9g=", "i").unwrap_err().code,
            ErrorCode::InvalidImageFormat
        );
    }

    #[test]
    fn base64_large_image_is_checked_whole() {
        let mut s = String::from("/9j/");
        s.push_str(&"AAAA".repeat(2 * 1024 * 1024));
        assert!(base64_image(&s, "i").is_ok());
        s.replace_range(8_000_000..8_000_001, "*");
        let e = base64_image(&s, "i").unwrap_err();
        assert!(e.message.contains("position 8000000"), "{}", e.message);
        assert!(e.message.len() < 200);
    }

    #[test]
    fn edit_distance_matches_strsim() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "ca",
            "abdc",
            "externaid",
            "externalid",
            "emailaddress",
            "email",
            "dateofbirth",
            "dob",
            "ñañez",
            "ñaez",
            "aabbcc",
            "ccbbaa",
            "abcabc",
            "bacbac",
            "firstname",
            "fristname",
            "lastname",
            "categoryid",
            "categroyid",
            "positionid",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    damerau_levenshtein(a, b),
                    strsim::damerau_levenshtein(a, b),
                    "{a} / {b}"
                );
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn edit_distance_matches_strsim_on_arbitrary_words(a in "[abcñ_]{0,9}", b in "[abcñ_]{0,9}") {
            proptest::prop_assert_eq!(damerau_levenshtein(&a, &b), strsim::damerau_levenshtein(&a, &b));
        }
    }

    #[test]
    fn hints() {
        let horus = [
            "clientId",
            "externalId",
            "email",
            "firstName",
            "additionalFirstName",
        ];
        assert_eq!(did_you_mean("externaId", &horus), Some("externalId"));
        assert_eq!(did_you_mean("external_id", &horus), Some("externalId"));
        assert_eq!(did_you_mean("emailAddress", &horus), Some("email"));
        assert_eq!(did_you_mean("zzz", &horus), None);
        let verifik = ["name", "images", "gender", "date_of_birth", "nationality"];
        assert_eq!(did_you_mean("dateOfBirth", &verifik), Some("date_of_birth"));
        assert_eq!(did_you_mean("dob", &verifik), Some("date_of_birth"));
        assert_eq!(did_you_mean("image", &verifik), Some("images"));
        assert_eq!(did_you_mean("gendre", &verifik), Some("gender"));
        let equals = ["firstName", "lastName", "roleName", "emailAddress", "dob"];
        assert_eq!(did_you_mean("email", &equals), Some("emailAddress"));
        assert_eq!(did_you_mean("date_of_birth", &equals), Some("dob"));
        assert_eq!(did_you_mean("name", &equals), None, "ambiguous");
        assert_eq!(did_you_mean("", &equals), None);
    }

    #[test]
    fn unknown_field_messages_are_short() {
        let long = "x".repeat(8 << 20);
        let map = json!({ "name": 1, long.clone(): 2, "externaId": 3 });
        let mut errs = Errors::new();
        unknown_fields(
            map.as_object().unwrap(),
            &["name", "externalId"],
            "Horus",
            &mut errs,
        );
        let errs = errs.into_vec();
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.code == ErrorCode::UnknownField));
        assert!(errs
            .iter()
            .all(|e| e.message.len() < 120 && e.field.len() < 50));
        assert!(errs.iter().any(|e| e.field == "externaId"
            && e.message == "unknown field \"externaId\", did you mean externalId?"));
    }

    #[test]
    fn non_objects() {
        for v in [json!(null), json!(1), json!([1]), json!("x"), json!(true)] {
            let e = object(&v, "the person").unwrap_err();
            assert_eq!((e.field.as_str(), e.code), ("", ErrorCode::InvalidType));
        }
    }
}
