//! Text rules: length in characters, control characters, blank, enums.

use super::*;
use crate::error::{ErrorCode, FieldError};

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
    /// Surrounding whitespace is not part of the value (names, emails,
    /// identifiers: see `normalise.rs`); the rules read, and return, the rest.
    pub trim: bool,
    /// An identifier (a DNI, an account number): control characters and
    /// invisible format characters are `INVALID_CHARACTERS`. One pasted with
    /// a left-to-right mark would be sent, and stored, as another identifier.
    pub identifier: bool,
}

impl TextRule {
    /// Any string.
    pub const ANY: Self = Self {
        max_chars: None,
        non_blank: false,
        name: false,
        trim: false,
        identifier: false,
    };
    /// A string with some content.
    pub const NON_BLANK: Self = Self {
        max_chars: None,
        non_blank: true,
        name: false,
        trim: false,
        identifier: false,
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

    /// An identifier: trimmed, and no control or invisible format characters.
    #[must_use]
    pub const fn identifier(mut self) -> Self {
        self.identifier = true;
        self.trim = true;
        self
    }

    /// Surrounding whitespace trimmed before every check; the trimmed text is returned.
    #[must_use]
    pub const fn trimmed(mut self) -> Self {
        self.trim = true;
        self
    }
}

/// Number of characters of `s`, counting only as far as needed to know
/// whether it exceeds `max` (a string of at most `max` bytes never does).
#[must_use]
pub fn exceeds_chars(s: &str, max: usize) -> bool {
    s.len() > max && s.chars().nth(max).is_some()
}

/// Whether `s` holds a control character (C0, DEL or C1: `char::is_control`),
/// found byte by byte: C0 and DEL are single bytes, and C1 (U+0080–U+009F)
/// is encoded as `C2 80`–`C2 9F`.
#[must_use]
pub fn has_control_chars(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c < 0x20
            || c == 0x7F
            || (c == 0xC2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
    })
}

/// Whether `c` is a bidirectional embedding, override or isolate (U+202A–
/// U+202E, U+2066–U+2069): invisible, it shows the rest of a name reversed
/// ("Ali\u{202E}cia" reads "Aliaic"), so one name can pass for another.
#[must_use]
pub fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is an invisible character no script writes a name with: a
/// zero-width space, a word joiner or invisible operator (U+2060–U+2064), a
/// soft hyphen, a BOM. Pasted with one, "Ana" is another name to a system
/// that finds a person by it (Verifik: name and date of birth). Names keep
/// the other format characters: Persian needs ZWNJ, Arabic the marks.
#[must_use]
pub fn is_stray_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{00AD}' | '\u{FEFF}'
    )
}

/// Whether `s` is empty or only whitespace (as `str::trim` sees it) and
/// invisible format characters (a zero-width space: a box that looks empty
/// is empty), answered at the first ASCII byte that is not whitespace when
/// there is one.
#[must_use]
pub fn is_blank(s: &str) -> bool {
    if s.bytes()
        .any(|b| b.is_ascii() && !char::from(b).is_whitespace())
    {
        return false;
    }
    s.chars()
        .all(|c| c.is_whitespace() || super::email::is_format_char(c))
}

/// A string that satisfies `rule`. At most one error per field: type, then
/// blank, then length, then characters.
///
/// # Errors
/// `INVALID_TYPE`, `EMPTY`, `TOO_LONG` or `INVALID_CHARACTERS`.
pub fn text<'a>(v: Json<'a>, path: impl Into<Path>, rule: TextRule) -> Result<&'a str, FieldError> {
    text_at(v, path.into(), rule)
}

/// [`text`] for one type of path: one copy of the rules in the module, not one per caller's path type.
fn text_at<'a>(v: Json<'a>, path: Path, rule: TextRule) -> Result<&'a str, FieldError> {
    let s = string(v, path)?;
    let s = if rule.trim { s.trim() } else { s };
    if rule.non_blank && is_blank(s) {
        return Err(path.error(
            ErrorCode::Empty,
            message!(path.subject(), " must not be empty"),
        ));
    }
    if let Some(max) = rule.max_chars {
        if exceeds_chars(s, max) {
            return Err(path.error(
                ErrorCode::TooLong,
                message!(
                    path.subject(),
                    " must be at most ",
                    max,
                    " characters (it has ",
                    s.chars().count(),
                    ")"
                ),
            ));
        }
    }
    if rule.name && has_control_chars(s) {
        return Err(path.error(
            ErrorCode::InvalidCharacters,
            message!(
                path.subject(),
                " must not contain control characters such as tabs or line breaks"
            ),
        ));
    }
    if rule.name && !s.is_ascii() && s.chars().any(is_direction_override) {
        return Err(path.error(
            ErrorCode::InvalidCharacters,
            message!(
                path.subject(),
                " must not contain invisible characters that reorder the text (bidirectional embeddings, overrides or isolates)"
            ),
        ));
    }
    if rule.name && !s.is_ascii() && s.chars().any(is_stray_invisible) {
        return Err(path.error(
            ErrorCode::InvalidCharacters,
            message!(
                path.subject(),
                " must not contain invisible characters (a zero-width space, a word joiner, a soft hyphen, a BOM)"
            ),
        ));
    }
    if rule.identifier
        && (has_control_chars(s) || (!s.is_ascii() && s.chars().any(super::email::is_format_char)))
    {
        return Err(path.error(
            ErrorCode::InvalidCharacters,
            message!(
                path.subject(),
                " must not contain control or invisible characters (such as a zero-width space or a left-to-right mark)"
            ),
        ));
    }
    Ok(s)
}

/// The index of `s` in `options` (exact, case-sensitive).
///
/// # Errors
/// `NOT_ONE_OF` listing the options.
pub fn one_of(s: &str, path: impl Into<Path>, options: &[&str]) -> Result<usize, FieldError> {
    if let Some(i) = options.iter().position(|o| *o == s) {
        return Ok(i);
    }
    let path = path.into();
    let mut m = message!(
        path.subject(),
        " must be ",
        if options.len() > 2 { "one of " } else { "" },
        ListOr(options)
    );
    if let Some(o) = options.iter().find(|o| o.eq_ignore_ascii_case(s)) {
        m.push_str(" (did you mean ");
        m.push_str(o);
        m.push_str("?)");
    }
    Err(path.error(ErrorCode::NotOneOf, m))
}

/// "a, b or c", written straight into a message.
pub(crate) struct ListOr<'a>(pub(crate) &'a [&'a str]);

impl super::Piece for ListOr<'_> {
    fn put(&self, out: &mut String) {
        let Some((last, init)) = self.0.split_last() else {
            return;
        };
        for (i, o) in init.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(o);
        }
        if !init.is_empty() {
            out.push_str(" or ");
        }
        out.push_str(last);
    }
}
