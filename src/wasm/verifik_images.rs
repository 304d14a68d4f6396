//! Verifik `images` entries as JS hands them: base64 strings, or `File`,
//! `Blob`, `ArrayBuffer` and typed arrays that are read, checked (format,
//! header, size) and later base64-encoded straight into the request body.

use js_sys::{Array, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::convert::js_to_json;
use super::image::read_and_inspect;
use crate::error::FieldError;
use crate::image::{ImageFormat, ImageLimits, JPEG_STAND_IN, PNG_STAND_IN};
use crate::providers::verifik::request::ImageData;

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
}

/// Reads `input.images` when it is an array; `None` otherwise (the validator
/// then reports a missing or mistyped `images`).
pub(crate) async fn prepare(input: &JsValue) -> Option<PreparedImages> {
    if !input.is_object() {
        return None;
    }
    let images = Reflect::get(input, &"images".into()).ok()?;
    if !Array::is_array(&images) {
        return None;
    }
    let limits = ImageLimits::default();
    let mut entries = Vec::new();
    for (i, item) in Array::from(&images).iter().enumerate() {
        // Strings (and other JSON values) are the validator's to judge;
        // objects are files or bytes to read and inspect.
        let entry = if item.is_object() {
            match read_and_inspect(&item, &limits).await {
                Ok((info, bytes)) => Entry::Bytes(bytes, info.format),
                Err(e) => Entry::Failed(FieldError::new(format!("images[{i}]"), e.code, e.message)),
            }
        } else {
            Entry::Json(js_to_json(&item).unwrap_or(Value::Null))
        };
        entries.push(entry);
    }
    Some(PreparedImages { entries })
}

impl PreparedImages {
    /// What the validator sees for `images`.
    pub(crate) fn validation_view(&self) -> Value {
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

    /// The read failures, one per image.
    pub(crate) fn errors(&self) -> Vec<FieldError> {
        self.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Failed(fe) => Some(fe.clone()),
                _ => None,
            })
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
