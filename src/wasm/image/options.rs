//! The options of `encodeImage` and `prepareImage`, read with the clients'
//! option reader (unknown keys refused with a hint), from a plain copy made
//! in JS: getters and proxies of the caller's object run there, where what
//! they throw is caught, never in the reader.

use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorCode};
use crate::image::ImageLimits;
use crate::wasm::options::Reader;

#[wasm_bindgen(module = "/src/wasm/image/image.js")]
extern "C" {
    #[wasm_bindgen(js_name = plainOptions, catch)]
    fn plain_options(v: &JsValue) -> Result<JsValue, JsValue>;
}

/// `options` as a plain object the reader can read without running code.
fn plain(options: &JsValue) -> Result<JsValue, Error> {
    plain_options(options)
        .map_err(|_| Error::new(ErrorCode::InvalidOptions, "options could not be read"))
}

const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// `{ maxBytes, maxPixels, minWidth, minHeight }` → limits.
pub(super) fn encode_limits(options: &JsValue) -> Result<ImageLimits, Error> {
    let r = Reader::new(
        &plain(options)?,
        &["maxBytes", "maxPixels", "minWidth", "minHeight"],
    )?;
    let mut limits = ImageLimits::default();
    if let Some(n) = r.whole("maxBytes", 1, MAX_SAFE_INTEGER)? {
        limits.max_bytes = n;
    }
    if let Some(n) = r.whole("maxPixels", 1, MAX_SAFE_INTEGER)? {
        limits.max_pixels = n;
    }
    let pixels = |key| {
        r.whole(key, 0, u64::from(u32::MAX))
            .map(|n| n.and_then(|n| u32::try_from(n).ok()))
    };
    limits.min_width = pixels("minWidth")?;
    limits.min_height = pixels("minHeight")?;
    Ok(limits)
}

/// `{ maxDimension, quality, type }` of `prepareImage`.
pub(super) struct PrepareOptions {
    /// Longest side allowed, in displayed pixels; 0 = no limit.
    pub(super) max_dimension: u32,
    pub(super) quality: f64,
    pub(super) mime_type: &'static str,
}

/// The formats Verifik accepts.
const OUTPUT_TYPES: [&str; 2] = ["image/jpeg", "image/png"];

pub(super) fn prepare_options(options: &JsValue) -> Result<PrepareOptions, Error> {
    let r = Reader::new(&plain(options)?, &["maxDimension", "quality", "type"])?;
    Ok(PrepareOptions {
        max_dimension: r
            .whole("maxDimension", 1, u64::from(u32::MAX))?
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0),
        quality: r.unit_fraction("quality")?.unwrap_or(0.9),
        mime_type: r.one_of("type", &OUTPUT_TYPES)?.unwrap_or("image/jpeg"),
    })
}
