//! Verifik `images` entries as JS hands them: base64 strings, or `File`,
//! `Blob`, `ArrayBuffer` and typed arrays that are read, checked (format,
//! header, size) and later base64-encoded straight into the request body.
//!
//! Work is bounded before it is done: more than [`MAX_IMAGES`] entries are
//! refused from the array's length (no entry is read), a string from its
//! length before it is copied, bytes from their size; whatever throws while
//! `images` is read (a getter, a revoked proxy) is an error at `images`.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::convert::{js_to_json, string_of};
use super::image::read_and_inspect;
use crate::error::{ErrorCode, FieldError};
use crate::image::{
    check_size_before_reading, ImageFormat, ImageLimits, JPEG_STAND_IN, PNG_STAND_IN,
};
use crate::providers::verifik::request::ImageData;
use crate::providers::verifik::validate::MAX_IMAGES;
use crate::validate::message;

#[wasm_bindgen(module = "/src/wasm/image/image.js")]
extern "C" {
    /// The items of an array of at most `max` (a copy), its length when
    /// longer, `null` when not an array.
    #[wasm_bindgen(js_name = listOf, catch)]
    fn list_of(v: &JsValue, max: u32) -> Result<JsValue, JsValue>;
    /// An object `JSON.stringify` writes as other JSON (a `toJSON`, a boxed string); never throws.
    #[wasm_bindgen(js_name = writtenAsJson)]
    fn written_as_json(v: &JsValue) -> bool;
}

#[wasm_bindgen(module = "/src/wasm/convert/safe.js")]
extern "C" {
    /// `o[k]`, `undefined` when reading it throws.
    #[wasm_bindgen(js_name = readProperty, catch)]
    fn read_property(o: &JsValue, k: &str) -> Result<JsValue, JsValue>;
}

// Byte images were already checked by `inspect`; the validator sees whole
// 1x1 stand-ins (`crate::image`) so the rest of its rules (count, other
// fields) run unchanged.

enum Entry {
    /// A string or any other JSON value: validated as given.
    Json(Value),
    /// Bytes that passed `inspect`.
    Bytes(Vec<u8>, ImageFormat),
    /// Bytes that did not: reported at `images[i]`.
    Failed(FieldError),
}

/// The `images` array, read.
pub(crate) struct PreparedImages {
    entries: Vec<Entry>,
    /// `images` as a whole was refused (too many entries, or unreadable):
    /// no entry was read, and the validator sees one stand-in.
    refused: Option<FieldError>,
}

/// The bytes a base64 string decodes to, from its length and its `=`
/// padding, without copying it: exact for a valid one, so an image of
/// exactly the limit passes here as it does in `encodeImage`.
fn decoded_len_of(s: &js_sys::JsString) -> u64 {
    let units = s.length();
    let pad = (1..=2)
        .take_while(|&back| units >= back && s.char_code_at(units - back) == f64::from(b'='))
        .count();
    let n = u64::from(units) - pad as u64;
    n / 4 * 3 + (n % 4).saturating_sub(1)
}

impl PreparedImages {
    fn refused(error: FieldError) -> Self {
        Self {
            entries: Vec::new(),
            refused: Some(error),
        }
    }
}

/// Reads `input.images` when it is an array; `None` otherwise (the validator
/// then reports a missing or mistyped `images`).
pub(crate) async fn prepare(input: &JsValue, signal: &JsValue) -> Option<PreparedImages> {
    if !input.is_object() {
        return None;
    }
    let unreadable = || {
        PreparedImages::refused(FieldError::new(
            "images",
            ErrorCode::InvalidType,
            "images could not be read",
        ))
    };
    let Ok(images) = read_property(input, "images") else {
        return Some(unreadable());
    };
    let max = u32::try_from(MAX_IMAGES).unwrap_or(u32::MAX);
    let list = match list_of(&images, max) {
        Err(_) => return Some(unreadable()),
        Ok(list) if list.is_null() => return None,
        Ok(list) => list,
    };
    if let Some(count) = list.as_f64() {
        // Refused at the count: not one entry is read. An array length is
        // a whole number below 2^32 (and no f64 formatting is pulled in).
        let count = count as usize;
        return Some(PreparedImages::refused(FieldError::new(
            "images",
            ErrorCode::TooMany,
            message!(
                "at most ",
                MAX_IMAGES,
                " images are allowed (got ",
                count,
                ")"
            ),
        )));
    }
    let limits = ImageLimits::default();
    let mut entries = Vec::new();
    for (i, item) in js_sys::Array::from(&list).iter().enumerate() {
        entries.push(entry(&item, i, &limits, signal).await);
    }
    Some(PreparedImages {
        entries,
        refused: None,
    })
}

/// One entry: strings (and other JSON values) are the validator's to judge,
/// after a size check; objects are files or bytes to read and inspect.
async fn entry(item: &JsValue, i: usize, limits: &ImageLimits, signal: &JsValue) -> Entry {
    let failed = |code, message: String| {
        Entry::Failed(FieldError::new(format!("images[{i}]"), code, message))
    };
    if item.is_object() && !written_as_json(item) {
        return match read_and_inspect(item, limits, signal).await {
            Ok((info, bytes)) => Entry::Bytes(bytes, info.format),
            Err(e) => failed(e.code, e.message),
        };
    }
    if let Some(s) = item.dyn_ref::<js_sys::JsString>() {
        // Its decoded size, from its length, before it is copied.
        if let Err(e) = check_size_before_reading(decoded_len_of(s).max(1), limits) {
            return failed(e.code, e.message);
        }
        return Entry::Json(string_of(s).map_or(Value::Null, Value::String));
    }
    Entry::Json(js_to_json(item).unwrap_or(Value::Null))
}

impl PreparedImages {
    /// What the validator sees for `images`.
    pub(crate) fn validation_view(&self) -> Value {
        if self.refused.is_some() {
            return Value::Array(vec![Value::from(JPEG_STAND_IN)]);
        }
        Value::Array(
            self.entries
                .iter()
                .map(|e| match e {
                    Entry::Json(v) => v.clone(),
                    Entry::Bytes(_, ImageFormat::Png) => Value::from(PNG_STAND_IN),
                    Entry::Bytes(..) | Entry::Failed(_) => Value::from(JPEG_STAND_IN),
                })
                .collect(),
        )
    }

    /// The read failures, one per image (or one for `images` as a whole).
    pub(crate) fn errors(&self) -> Vec<FieldError> {
        self.refused
            .iter()
            .cloned()
            .chain(self.entries.iter().filter_map(|e| match e {
                Entry::Failed(fe) => Some(fe.clone()),
                _ => None,
            }))
            .collect()
    }

    /// The images for the body: bytes where we have them, else the validated strings.
    pub(crate) fn image_data<'a>(&'a self, validated: &'a [String]) -> Vec<ImageData<'a>> {
        self.entries
            .iter()
            .zip(validated)
            .map(|(e, s)| match e {
                Entry::Bytes(bytes, _) => ImageData::Bytes(bytes),
                _ => ImageData::Base64(s),
            })
            .collect()
    }
}
