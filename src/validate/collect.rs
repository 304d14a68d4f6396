//! Field paths and the collector that keeps every problem of a payload.

use std::fmt;

use super::*;
use crate::error::{ErrorCode, FieldError};

// ---------------------------------------------------------------------------
// Paths and the collector

/// Where a value sits in the payload: a top-level key (`name`), an item of
/// an array field (`images[1]`) or a member of an object field
/// (`address.city`). Formatted only when an error is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Path {
    /// The payload itself (`""`).
    Root,
    /// A top-level field.
    Key(&'static str),
    /// Item `usize` of the array field.
    Index(&'static str, usize),
    /// Member `.1` of the object field `.0`.
    Member(&'static str, &'static str),
}

/// As in an error's `field` (written by [`Piece::put`]).
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.put(&mut s);
        f.write_str(&s)
    }
}

impl From<&'static str> for Path {
    fn from(key: &'static str) -> Self {
        Self::Key(key)
    }
}

impl From<(&'static str, usize)> for Path {
    fn from((key, index): (&'static str, usize)) -> Self {
        Self::Index(key, index)
    }
}

impl Path {
    /// A field error at this path.
    #[must_use]
    pub fn error(self, code: ErrorCode, message: impl Into<String>) -> FieldError {
        let field: std::borrow::Cow<'static, str> = match self {
            Self::Root => "".into(),
            Self::Key(k) => k.into(),
            nested => {
                let mut field = String::new();
                nested.put(&mut field);
                field.into()
            }
        };
        FieldError::new(field, code, message)
    }

    /// How the path reads in a message: the field name, or "the payload"
    /// (formatted in place, not into a `String` of its own).
    pub(crate) fn subject(self) -> Subject {
        Subject(self)
    }
}

impl Piece for Path {
    fn put(&self, out: &mut String) {
        match *self {
            Self::Root => {}
            Self::Key(k) => out.push_str(k),
            Self::Index(k, i) => {
                out.push_str(k);
                out.push('[');
                i.put(out);
                out.push(']');
            }
            Self::Member(k, m) => {
                out.push_str(k);
                out.push('.');
                out.push_str(m);
            }
        }
    }
}

impl Piece for Subject {
    fn put(&self, out: &mut String) {
        match self.0 {
            Path::Root => out.push_str("the payload"),
            other => other.put(out),
        }
    }
}

/// A [`Path`] as it reads in a message.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Subject(Path);

/// Most errors listed for one payload; past it one more error (field `""`,
/// `TOO_MANY`) says how many were left out.
pub const MAX_ERRORS: usize = 100;

/// The error that closes a list cut at [`MAX_ERRORS`]: `more` were left out.
#[must_use]
pub fn more_errors(more: usize) -> FieldError {
    Path::Root.error(
        ErrorCode::TooMany,
        message!(
            "and ",
            more,
            " more errors (only the first ",
            MAX_ERRORS,
            " are listed)"
        ),
    )
}

/// `errors` cut to the first [`MAX_ERRORS`] plus [`more_errors`], or `None`
/// when they are not over (an already cut list is left alone).
#[must_use]
pub fn capped(errors: &[FieldError]) -> Option<Vec<FieldError>> {
    let more = errors
        .len()
        .checked_sub(MAX_ERRORS + 1)
        .filter(|n| *n > 0)?;
    let mut list = errors.get(..MAX_ERRORS)?.to_vec();
    list.push(more_errors(more + 1));
    Some(list)
}

/// Collects every broken rule of a payload, up to [`MAX_ERRORS`] (the rest
/// are counted). Creating one does not allocate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Errors {
    list: Vec<FieldError>,
    /// Errors past [`MAX_ERRORS`], counted, not kept.
    more: usize,
}

impl Errors {
    /// An empty collector.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Record one broken rule (counted only, past [`MAX_ERRORS`]).
    pub fn push(&mut self, error: FieldError) {
        if self.list.capacity() == 0 {
            // One rejected payload usually breaks a few rules: grow once.
            self.list.reserve(8);
        }
        if self.list.len() < MAX_ERRORS {
            self.list.push(error);
        } else {
            self.more += 1;
        }
    }

    /// Keep the value of a rule that passed; record the error of one that failed.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    /// Whether no rule has failed so far.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The errors collected so far, in the order found; past
    /// [`MAX_ERRORS`], the first ones and [`more_errors`].
    #[must_use]
    pub fn into_vec(mut self) -> Vec<FieldError> {
        if self.more > 0 {
            self.list.push(more_errors(self.more));
        }
        self.list
    }

    /// A required field run through `rule`. Absent or `null` records
    /// `missing` (usually `REQUIRED`). `None` when missing or broken.
    pub fn required<'a, T, const N: usize>(
        &mut self,
        map: &Fields<'a, N>,
        key: &'static str,
        missing: ErrorCode,
        rule: impl FnOnce(Json<'a>) -> Result<T, FieldError>,
    ) -> Option<T> {
        let result = required(map, key, missing).and_then(rule);
        self.take(result)
    }

    /// An optional, non-nullable field run through `rule`. `None` when absent
    /// or broken (an explicit `null` is recorded as `INVALID_TYPE`); build the
    /// output only when [`Errors::is_empty`], where `None` means absent.
    pub fn optional<'a, T, const N: usize>(
        &mut self,
        map: &Fields<'a, N>,
        key: &'static str,
        rule: impl FnOnce(Json<'a>) -> Result<T, FieldError>,
    ) -> Option<T> {
        // The slot first, then the rule: only the rule's step is per `T`
        // (this is instantiated once per field of every provider).
        let value = self.take(optional(map, key)).flatten()?;
        self.take(rule(value))
    }

    /// An optional field the document allows to be `null`: `None` when absent
    /// (or broken), `Some(None)` for `null`, `Some(Some(v))` for a valid value.
    pub fn nullable<'a, T, const N: usize>(
        &mut self,
        map: &Fields<'a, N>,
        key: &'static str,
        rule: impl FnOnce(Json<'a>) -> Result<T, FieldError>,
    ) -> Option<Option<T>> {
        match slot(map, key) {
            // As a form gives a box left empty (normalise.rs, step 1).
            Slot::Absent | Slot::Value(Json::String("")) => None,
            Slot::Null => Some(None),
            Slot::Value(v) => self.take(rule(v)).map(Some),
        }
    }

    /// Every item of an array field through `rule` (path `key[i]`); all item
    /// errors are recorded. `None` if any item is broken.
    pub fn items<'a, T>(
        &mut self,
        key: &'static str,
        items: Items<'a>,
        mut rule: impl FnMut(Json<'a>, Path) -> Result<T, FieldError>,
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
            _ if !self.list.is_empty() => Err(self.into_vec()),
            _ => {
                Err(vec![Path::Root.error(
                    ErrorCode::InvalidType,
                    "the payload could not be read",
                )])
            }
        }
    }
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    #[test]
    fn the_list_stops_at_the_cap_and_says_how_many_more() {
        let mut errs = Errors::new();
        for i in 0..250 {
            errs.push(Path::Index("images", i).error(ErrorCode::InvalidType, "x"));
        }
        let list = errs.into_vec();
        assert_eq!(list.len(), MAX_ERRORS + 1);
        assert_eq!(list[99].field, "images[99]");
        assert_eq!(list[100].field, "");
        assert_eq!(list[100].code, ErrorCode::TooMany);
        assert_eq!(
            list[100].message,
            "and 150 more errors (only the first 100 are listed)"
        );
        // a cut list is left alone; a longer one is cut the same way
        assert!(capped(&list).is_none());
        let long: Vec<_> = (0..300).map(|_| list[0].clone()).collect();
        let cut = capped(&long).unwrap();
        assert_eq!(cut.len(), 101);
        assert_eq!(
            cut[100].message,
            "and 200 more errors (only the first 100 are listed)"
        );
    }
}
