//! Finding a short, fixed piece of text by comparing bytes.
//!
//! `str::contains`, `find` and `split_once` with a `&str` pattern link core's
//! two-way searcher into the wasm builds, a large piece of code for the few
//! short needles personkit looks for (`"://"`, `".."`); the size report
//! (`scripts/size.mjs`) shows the difference.

/// Where `needle` first starts in `hay`, in bytes (`None` for an empty needle).
#[must_use]
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// Whether `hay` holds `needle` (not empty).
#[must_use]
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `hay` split around the first `needle`: `str::split_once` by bytes.
#[must_use]
pub fn split_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(hay, needle)?;
    Some((hay.get(..at)?, hay.get(at + needle.len()..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_str() {
        for (hay, needle) in [
            ("https://a.b/c", "://"),
            ("no scheme", "://"),
            ("a..b", ".."),
            ("a.b.", ".."),
            ("ñandú://ü", "://"),
            ("", "://"),
            ("://", "://"),
        ] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay}");
            assert_eq!(contains(hay, needle), hay.contains(needle), "{hay}");
            assert_eq!(split_once(hay, needle), hay.split_once(needle), "{hay}");
        }
        assert_eq!(find("abc", ""), None);
    }
}
