//! Base URL checking: where a client may send a person's data.
//!
//! A base URL must be `https:`, except `http:` to the loopback host
//! (`localhost`, `127.0.0.1`, `[::1]`) for local development and the mock. It
//! carries no user name or password, no query and no fragment: those would
//! leak or be dropped silently when the endpoint path is appended.

use crate::error::{Error, ErrorCode};

/// Hosts that may be reached over plain `http:`.
const LOOPBACK_HOSTS: &[&str] = &["localhost", "127.0.0.1", "[::1]"];

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidOptions, message).with_field("baseUrl")
}

/// Checks a base URL and returns it normalised: scheme and host in lower
/// case, no trailing slash (`https://api.verifik.co`,
/// `http://127.0.0.1:8080/mock`).
///
/// # Errors
///
/// `INVALID_OPTIONS` (field `baseUrl`) when the URL is not absolute, is not
/// `https:` (or `http:` to localhost / 127.0.0.1 / \[::1\]), holds a user name
/// or password, a query, a fragment, whitespace or control characters, a bad
/// port, or `.`/`..` path segments. Messages never repeat the URL: a user may
/// have pasted a secret into it.
pub fn check_base_url(input: &str) -> Result<String, Error> {
    if input.is_empty() {
        return Err(invalid("baseUrl is empty"));
    }
    if input
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(invalid(
            "baseUrl contains whitespace, a backslash or a control character",
        ));
    }
    let (scheme, rest) = split_scheme(input)?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path_and_more) = rest.split_at(authority_end);
    if path_and_more.contains('?') {
        return Err(invalid("baseUrl must not have a query (`?…`)"));
    }
    if path_and_more.contains('#') {
        return Err(invalid("baseUrl must not have a fragment (`#…`)"));
    }
    if authority.contains('@') {
        return Err(invalid(
            "baseUrl must not hold a user name or password (`user:pass@`); pass credentials as options",
        ));
    }
    let (host, port) = split_host_port(authority)?;
    let host = host.to_ascii_lowercase();
    if scheme == "http" && !LOOPBACK_HOSTS.contains(&host.as_str()) {
        return Err(invalid(
            "baseUrl must use https: (http: is allowed only for localhost, 127.0.0.1 and [::1])",
        ));
    }
    let path = path_and_more.trim_end_matches('/');
    if path
        .split('/')
        .skip(1)
        .any(|segment| segment == "." || segment == ".." || segment.is_empty())
    {
        return Err(invalid(
            "baseUrl path must not contain empty, `.` or `..` segments",
        ));
    }
    let mut out = String::with_capacity(input.len());
    out.push_str(scheme);
    out.push_str("://");
    out.push_str(&host);
    if let Some(port) = port {
        out.push(':');
        out.push_str(port);
    }
    out.push_str(path);
    Ok(out)
}

/// Whether a base URL that [`check_base_url`] returned points at `domain`
/// or one of its subdomains (`api-sandbox.equalsmoney.com` is under
/// `equalsmoney.com`).
#[must_use]
pub fn is_under_domain(base_url: &str, domain: &str) -> bool {
    let rest = crate::find::split_once(base_url, "://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let host = authority
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(authority, |(h, _)| h);
    // "api.verifik.co." (the DNS root's dot) is the same host; so is any case.
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|sub| sub.ends_with('.'))
}

/// The URL of `path` (which starts with `/`) under a base URL that
/// [`check_base_url`] returned.
#[must_use]
pub fn join_url(base_url: &str, path: &str) -> String {
    let mut url = String::with_capacity(base_url.len() + path.len());
    url.push_str(base_url);
    url.push_str(path);
    url
}

/// `url?name=value&…` with each name and value percent-encoded (everything
/// but RFC 3986's unreserved characters), so an email's `+` or `@` reaches
/// the server as written.
#[must_use]
pub fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(url.len() + 64);
    out.push_str(url);
    for (i, (name, value)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        percent_encode(&mut out, name);
        out.push('=');
        percent_encode(&mut out, value);
    }
    out
}

fn percent_encode(out: &mut String, text: &str) {
    let hex = |n: u8| char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 });
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 15));
        }
    }
}

fn split_scheme(input: &str) -> Result<(&'static str, &str), Error> {
    let Some((scheme, rest)) = crate::find::split_once(input, "://") else {
        return Err(invalid(
            "baseUrl must be an absolute URL such as https://api.example.com",
        ));
    };
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return Err(invalid("baseUrl must use https:"));
    };
    Ok((scheme, rest))
}

fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), Error> {
    let (host, port) = if authority.starts_with('[') {
        let Some(close) = authority.find(']') else {
            return Err(invalid("baseUrl has an unclosed `[` in its host"));
        };
        let (host, after) = authority.split_at(close + 1);
        let inner = host.trim_start_matches('[').trim_end_matches(']');
        if inner.is_empty()
            || !inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(invalid("baseUrl has an invalid IPv6 host"));
        }
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => return Err(invalid("baseUrl has an invalid host")),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(invalid("baseUrl has no host"));
    }
    if !host.starts_with('[') {
        if !host.is_ascii() {
            return Err(invalid(
                "baseUrl host must be ASCII (use the punycode form, `xn--…`)",
            ));
        }
        if !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
            || host.starts_with('.')
            || crate::find::contains(host, "..")
        {
            return Err(invalid("baseUrl has an invalid host"));
        }
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.chars().all(|c| c.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
        if !valid {
            return Err(invalid("baseUrl has an invalid port (1 to 65535)"));
        }
    }
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        assert_eq!(
            check_base_url("HTTPS://API.Verifik.co/").unwrap(),
            "https://api.verifik.co"
        );
        assert_eq!(
            check_base_url("http://127.0.0.1:8080/mock/verifik///").unwrap(),
            "http://127.0.0.1:8080/mock/verifik"
        );
        assert_eq!(
            check_base_url("http://[::1]:9000").unwrap(),
            "http://[::1]:9000"
        );
    }

    #[test]
    fn rejects_without_echoing_the_url() {
        let e = check_base_url("https://user:hunter2@example.com").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        assert!(!e.message.contains("hunter2"));
        assert_eq!(e.field.as_deref(), Some("baseUrl"));
    }

    #[test]
    fn knows_a_providers_own_hosts() {
        for (url, under) in [
            ("https://api.equalsmoney.com", true),
            ("https://api-sandbox.equalsmoney.com/v2", true),
            ("https://equalsmoney.com:443", true),
            ("https://api.equalsmoney.com.", true),
            ("https://API.EqualsMoney.com.:443/v2", true),
            ("https://notequalsmoney.com", false),
            ("https://equalsmoney.com.example.org", false),
            ("http://127.0.0.1:8080", false),
        ] {
            assert_eq!(is_under_domain(url, "equalsmoney.com"), under, "{url}");
        }
    }

    #[test]
    fn joins() {
        assert_eq!(
            join_url("https://api.equalsmoney.com", "/v2/people"),
            "https://api.equalsmoney.com/v2/people"
        );
    }
}
