//! The one error type of the core, the field-level validation error, and the
//! list of stable codes JS callers branch on.
//!
//! Messages are lowercase, without a trailing period, and never contain a
//! secret, an image or a whole request body: they name fields, not values.

use std::borrow::Cow;
use std::fmt;

/// Which API an error or request belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Provider {
    /// Verifik face recognition.
    Verifik,
    /// Equals Money.
    Equals,
    /// Horus identity.
    Horus,
}

impl Provider {
    /// The lowercase name used in error objects and logs (`"verifik"`, …).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verifik => "verifik",
            Self::Equals => "equals",
            Self::Horus => "horus",
        }
    }
}

/// Stable error codes. `as_str()` is the public contract (README table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    // ---- top-level codes (PersonkitError.code) ----
    /// The payload broke one or more rules; see `errors`.
    ValidationFailed,
    /// 401/403 from the provider (or Horus 403051).
    Unauthorized,
    /// 404 from the provider.
    NotFound,
    /// The person already exists (Verifik 412 `person_already_set`).
    AlreadyExists,
    /// The provider rejected the request (400/409/412/415/422).
    BadRequest,
    /// 429 from the provider.
    RateLimited,
    /// 5xx from the provider.
    ServerError,
    /// The request took longer than `timeoutMs`, or the provider answered
    /// 408 (it gave up waiting for the request).
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The request never got an HTTP answer (refused, reset, DNS…).
    Network,
    /// The answer was not JSON or not the documented shape.
    BadResponse,
    /// Client options are invalid (bad `baseUrl`, header with CR/LF, …).
    InvalidOptions,
    /// The API needs something this runtime lacks (e.g. `OffscreenCanvas` in Node).
    UnsupportedEnvironment,
    /// A client holding a secret was constructed in a browser without opt-in.
    BrowserNotAllowed,
    /// A create may have happened and the lookup that would tell failed or
    /// could not be made: check the provider before trying again.
    OutcomeUnknown,

    // ---- field-level codes (FieldError.code); images use them at top level too ----
    /// A required field is missing or null.
    Required,
    /// Verifik's own code for a missing `name`.
    NameRequired,
    /// A string is longer than the documented maximum (in characters).
    TooLong,
    /// A string or array is empty where content is needed.
    Empty,
    /// A value is not one of the documented options.
    NotOneOf,
    /// A value has the wrong JSON type.
    InvalidType,
    /// Not a real calendar date in `YYYY-MM-DD`, or in the future.
    InvalidDate,
    /// Not a usable email address.
    InvalidEmail,
    /// Not a UUID.
    InvalidUuid,
    /// Not an ISO 3166-1 alpha-2 country code.
    InvalidCountry,
    /// Not a phone number: digits, spaces, `-`, `.`, `( )`, a leading `+`, ≥ 7 digits.
    InvalidPhone,
    /// Not an IPv4 or IPv6 address (Equals `customerIp`).
    InvalidIp,
    /// Not valid base64 (alphabet, padding, or a `data:` prefix).
    InvalidBase64,
    /// A string that must hold JSON does not hold a JSON object.
    InvalidJson,
    /// Control characters where a name is expected.
    InvalidCharacters,
    /// An integer outside its documented range (e.g. ids must be positive).
    OutOfRange,
    /// More items than allowed.
    TooMany,
    /// Fewer items than required.
    TooFew,
    /// A field the provider does not document (with a "did you mean" hint).
    UnknownField,
    /// Verifik's code: image bytes are not a JPEG or PNG, or are corrupt.
    InvalidImageFormat,
    /// The image is larger than `maxBytes`.
    ImageTooLarge,
    /// The image has no bytes.
    ImageEmpty,
    /// The image is smaller than `minWidth`/`minHeight`.
    ImageTooSmall,
    /// Not a well-formed BCP 47 language tag (Equals `locale`, e.g. `en-GB`).
    InvalidLocale,
    /// A field the browser may not set: the server owns it (Equals
    /// `roleName`, Horus `categoryId`, …) or the neutral person's table
    /// fills it (`extras.equals.emailAddress` comes from `email`).
    FieldNotAllowed,
}

impl ErrorCode {
    /// Every code in declaration order, so `ALL[code as usize] == code`
    /// (JS gets their strings once and is then sent an index).
    pub const ALL: [Self; 40] = [
        Self::ValidationFailed,
        Self::Unauthorized,
        Self::NotFound,
        Self::AlreadyExists,
        Self::BadRequest,
        Self::RateLimited,
        Self::ServerError,
        Self::Timeout,
        Self::Aborted,
        Self::Network,
        Self::BadResponse,
        Self::InvalidOptions,
        Self::UnsupportedEnvironment,
        Self::BrowserNotAllowed,
        Self::OutcomeUnknown,
        Self::Required,
        Self::NameRequired,
        Self::TooLong,
        Self::Empty,
        Self::NotOneOf,
        Self::InvalidType,
        Self::InvalidDate,
        Self::InvalidEmail,
        Self::InvalidUuid,
        Self::InvalidCountry,
        Self::InvalidPhone,
        Self::InvalidIp,
        Self::InvalidBase64,
        Self::InvalidJson,
        Self::InvalidCharacters,
        Self::OutOfRange,
        Self::TooMany,
        Self::TooFew,
        Self::UnknownField,
        Self::InvalidImageFormat,
        Self::ImageTooLarge,
        Self::ImageEmpty,
        Self::ImageTooSmall,
        Self::InvalidLocale,
        Self::FieldNotAllowed,
    ];

    /// The stable SCREAMING_SNAKE_CASE code string.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationFailed => "VALIDATION_FAILED",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::NotFound => "NOT_FOUND",
            Self::AlreadyExists => "ALREADY_EXISTS",
            Self::BadRequest => "BAD_REQUEST",
            Self::RateLimited => "RATE_LIMITED",
            Self::ServerError => "SERVER_ERROR",
            Self::Timeout => "TIMEOUT",
            Self::Aborted => "ABORTED",
            Self::Network => "NETWORK",
            Self::BadResponse => "BAD_RESPONSE",
            Self::InvalidOptions => "INVALID_OPTIONS",
            Self::UnsupportedEnvironment => "UNSUPPORTED_ENVIRONMENT",
            Self::BrowserNotAllowed => "BROWSER_NOT_ALLOWED",
            Self::OutcomeUnknown => "OUTCOME_UNKNOWN",
            Self::Required => "REQUIRED",
            Self::NameRequired => "NAME_REQUIRED",
            Self::TooLong => "TOO_LONG",
            Self::Empty => "EMPTY",
            Self::NotOneOf => "NOT_ONE_OF",
            Self::InvalidType => "INVALID_TYPE",
            Self::InvalidDate => "INVALID_DATE",
            Self::InvalidEmail => "INVALID_EMAIL",
            Self::InvalidUuid => "INVALID_UUID",
            Self::InvalidCountry => "INVALID_COUNTRY",
            Self::InvalidPhone => "INVALID_PHONE",
            Self::InvalidIp => "INVALID_IP",
            Self::InvalidBase64 => "INVALID_BASE64",
            Self::InvalidJson => "INVALID_JSON",
            Self::InvalidCharacters => "INVALID_CHARACTERS",
            Self::OutOfRange => "OUT_OF_RANGE",
            Self::TooMany => "TOO_MANY",
            Self::TooFew => "TOO_FEW",
            Self::UnknownField => "UNKNOWN_FIELD",
            Self::InvalidImageFormat => "INVALID_IMAGE_FORMAT",
            Self::ImageTooLarge => "IMAGE_TOO_LARGE",
            Self::ImageEmpty => "IMAGE_EMPTY",
            Self::ImageTooSmall => "IMAGE_TOO_SMALL",
            Self::InvalidLocale => "INVALID_LOCALE",
            Self::FieldNotAllowed => "FIELD_NOT_ALLOWED",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule: `field` is a path such as `images[1]` or `collections[0]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the offending field (`""` for the payload itself). A
    /// documented field's own name is borrowed, not copied.
    pub field: Cow<'static, str>,
    /// Stable code.
    pub code: ErrorCode,
    /// Plain English for a person filling a form; never echoes the value of a secret.
    pub message: String,
}

impl FieldError {
    /// A field error from its parts.
    pub fn new(
        field: impl Into<Cow<'static, str>>,
        code: ErrorCode,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// The one error of the core. Becomes a JS `PersonkitError` in exactly one
/// place (`src/wasm/`).
///
/// `Debug` is written by hand: it shows code, provider and status only, never
/// the raw body, which may hold personal data.
#[derive(Clone, PartialEq)]
pub struct Error {
    /// Stable code.
    pub code: ErrorCode,
    /// Human message, lowercase, no trailing period, no secrets.
    pub message: String,
    /// The field this error is about, where there is one.
    pub field: Option<String>,
    /// Which API answered (for API errors).
    pub provider: Option<Provider>,
    /// HTTP status of the provider's answer.
    pub status: Option<u16>,
    /// The provider's own code (`person_already_set`, `403051`, …).
    pub provider_code: Option<String>,
    /// The request id sent or echoed (Horus `x-usil-request-id`).
    pub request_id: Option<String>,
    /// Every broken rule, for `VALIDATION_FAILED`.
    pub errors: Vec<FieldError>,
    /// Seconds the provider asked us to wait (`Retry-After`).
    pub retry_after: Option<f64>,
    /// The raw response body, truncated to 4 KiB (for `BAD_RESPONSE` and API errors).
    pub body: Option<String>,
    /// Extra JSON from the provider (e.g. the existing person for `ALREADY_EXISTS`).
    pub data: Option<serde_json::Value>,
}

impl Error {
    /// An error with only a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            provider: None,
            status: None,
            provider_code: None,
            request_id: None,
            errors: Vec::new(),
            retry_after: None,
            body: None,
            data: None,
        }
    }

    /// `VALIDATION_FAILED` carrying every broken rule.
    #[must_use]
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let n = errors.len();
        let message = match errors.first() {
            Some(first) if n == 1 => format!("invalid payload: {first}"),
            Some(first) => format!("invalid payload: {first} (and {} more)", n - 1),
            None => "invalid payload".to_owned(),
        };
        let mut e = Self::new(ErrorCode::ValidationFailed, message);
        e.errors = errors;
        e
    }

    /// The same error, naming the field it is about.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The same error, naming the provider it came from.
    #[must_use]
    pub fn with_provider(mut self, provider: Provider) -> Self {
        self.provider = Some(provider);
        self
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code)
            .field("provider", &self.provider)
            .field("status", &self.status)
            // The provider's code may quote the person: its length only.
            .field(
                "provider_code",
                &crate::shape::opt_chars(self.provider_code.as_deref()),
            )
            .field("errors", &self.errors.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_message_counts_the_rest() {
        let e = Error::validation(vec![
            FieldError::new("name", ErrorCode::NameRequired, "name is required"),
            FieldError::new(
                "images",
                ErrorCode::TooFew,
                "at least one image is required",
            ),
        ]);
        assert_eq!(e.code.as_str(), "VALIDATION_FAILED");
        assert_eq!(
            e.message,
            "invalid payload: name: name is required (and 1 more)"
        );
    }

    #[test]
    fn all_codes_in_declaration_order_each_once() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i, "{code}");
        }
        // The last variant closes the list: one added after it breaks this.
        assert_eq!(
            ErrorCode::FieldNotAllowed as usize + 1,
            ErrorCode::ALL.len()
        );
        let names: std::collections::HashSet<_> =
            ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn debug_hides_the_body() {
        let mut e = Error::new(ErrorCode::BadResponse, "unexpected answer");
        e.body = Some("secret personal data".into());
        assert!(!format!("{e:?}").contains("secret"));
    }

    #[test]
    fn debug_shows_no_provider_text() {
        let mut e = Error::new(ErrorCode::BadRequest, "verifik: Ana Quispe exists")
            .with_provider(Provider::Verifik);
        e.provider_code = Some("DUP 44512345".into());
        e.request_id = Some("req-ana".into());
        e.data = Some(serde_json::json!({ "name": "Ana Quispe" }));
        e.errors = vec![FieldError::new(
            "name",
            ErrorCode::Required,
            "name is required",
        )];
        let shown = format!("{e:?}");
        for value in ["Ana", "Quispe", "44512345", "req-ana"] {
            assert!(!shown.contains(value), "{value} in {shown}");
        }
        assert!(
            shown.contains("BadRequest") && shown.contains("<12 chars>"),
            "{shown}"
        );
    }
}
