//! One call's options, read once when the call starts.

use wasm_bindgen::JsValue;

use super::options::Reader;
use crate::error::Error;
use crate::http::check_extra_headers;

/// Per-call options: `{ signal, timeoutMs, maxRetries, requestId, headers, lookFirst }`
/// (`locale` and `messages` are checked here and used by the client's words).
pub(crate) struct Call {
    pub(crate) signal: JsValue,
    pub(crate) timeout_ms: u32,
    pub(crate) max_retries: u32,
    pub(crate) request_id: Option<String>,
    /// Headers of this call, checked like the client's.
    pub(crate) headers: Vec<(String, String)>,
    /// Look the person up before the first request (`lookFirst`): an
    /// earlier call, whose outcome the caller did not keep, may have
    /// created it.
    pub(crate) look_first: bool,
}

impl Call {
    /// Reads `options`, with the client's timeout and retries as defaults.
    pub(crate) fn read(
        options: &JsValue,
        timeout_ms: u32,
        max_retries: u32,
    ) -> Result<Self, Error> {
        let known = [
            "signal",
            "timeoutMs",
            "maxRetries",
            "requestId",
            "headers",
            "locale",
            "messages",
            "lookFirst",
        ];
        let r = Reader::new(options, &known)?;
        // Checked as the constructor checks them: a call's "fr" is refused.
        super::messages::ClientWords::new(r.raw("locale")?, r.raw("messages")?)?;
        Ok(Self {
            signal: r.signal("signal")?,
            timeout_ms: r.timeout_ms("timeoutMs")?.unwrap_or(timeout_ms),
            max_retries: r.retries("maxRetries")?.unwrap_or(max_retries),
            request_id: r.string("requestId")?,
            headers: check_extra_headers(&r.headers("headers")?)?,
            look_first: r.boolean("lookFirst")?,
        })
    }
}
