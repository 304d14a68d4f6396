//! `Retry-After` parsing, without a clock.
//!
//! Delta-seconds (`120`, and the non-standard `1.5`) need no clock. An
//! HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, the IMF-fixdate form) is turned
//! into a delay only when the caller passes the current time (`now_ms`, Unix
//! milliseconds): the core never reads a clock. The non-standard
//! `retry-after-ms` header (milliseconds) wins when present.

use super::message::HttpResponse;

/// Parses a `Retry-After` value into milliseconds to wait.
///
/// Returns `None` for a value that is neither delta-seconds nor an
/// IMF-fixdate, and for an HTTP-date when `now_ms` is `None`. A date in the
/// past gives `Some(0)`. Huge values saturate.
#[must_use]
pub fn parse_retry_after(value: &str, now_ms: Option<u64>) -> Option<u64> {
    let value = value.trim();
    if let Some(seconds) = parse_decimal_thousandths(value) {
        return Some(seconds);
    }
    let date_ms = parse_imf_fixdate(value)?;
    Some(date_ms.saturating_sub(now_ms?))
}

/// The delay a response asks for, in milliseconds: `retry-after-ms` if it is
/// a number, else `Retry-After` (see [`parse_retry_after`]).
#[must_use]
pub fn retry_after_ms(response: &HttpResponse, now_ms: Option<u64>) -> Option<u64> {
    if let Some(ms) = response
        .header(super::message::RETRY_AFTER_MS)
        .and_then(|v| parse_decimal_thousandths(v.trim()))
    {
        // `parse_decimal_thousandths` scales by 1000; undo it for a value in ms.
        return Some(ms / 1000);
    }
    response
        .header(super::message::RETRY_AFTER)
        .and_then(|v| parse_retry_after(v, now_ms))
}

/// `"12"` → 12 000, `"1.5"` → 1 500 (digits, optional `.` and up to any
/// number of fraction digits, the first three kept). Saturates.
fn parse_decimal_thousandths(value: &str) -> Option<u64> {
    let (int_part, frac_part) = match value.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (value, None),
    };
    if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut ms: u64 = 0;
    for b in int_part.bytes() {
        ms = ms.saturating_mul(10).saturating_add(u64::from(b - b'0'));
    }
    ms = ms.saturating_mul(1000);
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut scale = 100;
        for b in frac.bytes().take(3) {
            ms = ms.saturating_add(u64::from(b - b'0') * scale);
            scale /= 10;
        }
    }
    Some(ms)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Sun, 06 Nov 1994 08:49:37 GMT` → Unix milliseconds.
fn parse_imf_fixdate(value: &str) -> Option<u64> {
    let mut parts = value.split(' ').filter(|p| !p.is_empty());
    let weekday = parts.next()?;
    if weekday.len() != 4 || !weekday.ends_with(',') {
        return None;
    }
    let day: u32 = parse_digits(parts.next()?, 2)?;
    let month_name = parts.next()?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month_name))?;
    let year: u32 = parse_digits(parts.next()?, 4)?;
    let mut clock = parts.next()?.split(':');
    let hour: u32 = parse_digits(clock.next()?, 2)?;
    let minute: u32 = parse_digits(clock.next()?, 2)?;
    let second: u32 = parse_digits(clock.next()?, 2)?;
    if clock.next().is_some() || parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let month = u32::try_from(month).ok()? + 1;
    if year < 1970
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds =
        days * 86_400 + u64::from(hour) * 3600 + u64::from(minute) * 60 + u64::from(second);
    Some(seconds.saturating_mul(1000))
}

fn parse_digits(s: &str, len: usize) -> Option<u32> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a date on or after it (H. Hinnant's algorithm).
fn days_from_civil(year: u32, month: u32, day: u32) -> u64 {
    let y = u64::from(if month <= 2 { year - 1 } else { year });
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = u64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + u64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_seconds() {
        assert_eq!(parse_retry_after("120", None), Some(120_000));
        assert_eq!(parse_retry_after(" 0 ", None), Some(0));
        assert_eq!(parse_retry_after("1.5", None), Some(1_500));
        assert_eq!(parse_retry_after("-1", None), None);
        assert_eq!(parse_retry_after("", None), None);
        assert_eq!(parse_retry_after("soon", None), None);
        assert_eq!(
            parse_retry_after("99999999999999999999999", None),
            Some(u64::MAX)
        );
    }

    #[test]
    fn http_date_needs_now() {
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(parse_imf_fixdate(date), Some(784_111_777_000));
        assert_eq!(parse_retry_after(date, None), None);
        assert_eq!(parse_retry_after(date, Some(784_111_770_000)), Some(7_000));
        assert_eq!(parse_retry_after(date, Some(784_111_999_000)), Some(0));
        assert_eq!(parse_imf_fixdate("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_imf_fixdate("Tue, 29 Feb 2000 00:00:00 GMT"),
            Some(951_782_400_000)
        );
        assert_eq!(parse_imf_fixdate("Wed, 30 Feb 2000 00:00:00 GMT"), None);
        assert_eq!(parse_imf_fixdate("Sun, 06 Nov 1994 08:49:37 UTC"), None);
    }

    #[test]
    fn retry_after_ms_header_wins() {
        let resp = HttpResponse::new(
            429,
            vec![
                ("retry-after".into(), "5".into()),
                ("retry-after-ms".into(), "250".into()),
            ],
            Vec::new(),
        );
        assert_eq!(retry_after_ms(&resp, None), Some(250));
        let resp = HttpResponse::new(429, vec![("Retry-After".into(), "5".into())], Vec::new());
        assert_eq!(retry_after_ms(&resp, None), Some(5_000));
    }
}
