//! Calendar dates: `YYYY-MM-DD` parsing, leap years, days in a month.

use std::fmt;

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

/// Today's date for "not in the future": given, or asked of the caller's
/// clock when a rule compares a date (a payload without one never reads the
/// clock).
#[derive(Clone, Copy)]
pub struct Today<'a>(TodayRepr<'a>);

#[derive(Clone, Copy)]
enum TodayRepr<'a> {
    Is(CivilDate),
    Ask(&'a dyn Fn() -> CivilDate),
}

impl<'a> Today<'a> {
    /// Today from `clock`, called when (and each time) a rule needs it.
    #[must_use]
    pub fn ask(clock: &'a dyn Fn() -> CivilDate) -> Self {
        Self(TodayRepr::Ask(clock))
    }

    /// The date.
    #[must_use]
    pub fn date(self) -> CivilDate {
        match self.0 {
            TodayRepr::Is(d) => d,
            TodayRepr::Ask(clock) => clock(),
        }
    }
}

impl From<CivilDate> for Today<'_> {
    fn from(d: CivilDate) -> Self {
        Self(TodayRepr::Is(d))
    }
}

impl fmt::Debug for Today<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            TodayRepr::Is(d) => write!(f, "Today({d})"),
            TodayRepr::Ask(_) => f.write_str("Today(from the clock)"),
        }
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

pub(crate) fn digit(b: u8) -> Option<u16> {
    b.is_ascii_digit().then(|| u16::from(b - b'0'))
}

pub(crate) fn num2(a: u8, b: u8) -> Option<u8> {
    let v = digit(a)? * 10 + digit(b)?;
    u8::try_from(v).ok()
}

pub(crate) fn num4(a: u8, b: u8, c: u8, d: u8) -> Option<u16> {
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
