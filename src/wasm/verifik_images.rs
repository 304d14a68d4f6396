//! Verifik `images` entries as JS hands them: base64 strings, or `File`,
//! `Blob`, `ArrayBuffer` and typed arrays that are read, checked (format,
//! header, size) and later base64-encoded straight into the request body.

use js_sys::{Array, ArrayBuffer, Function, Promise, Reflect, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::convert::js_to_json;
use crate::error::{Error, ErrorCode, FieldError};
use crate::image::{check_size_before_reading, inspect, ImageFormat, ImageLimits};
use crate::providers::verifik::request::ImageData;

/// The smallest base64 strings whose bytes sniff as JPEG / PNG. Byte images
/// were already checked by `inspect`; the validator sees these stand-ins so
/// the rest of its rules (count, other fields) run unchanged.
const JPEG_STAND_IN: &str = "/9j/4AAQ";
const PNG_STAND_IN: &str = "iVBORw0KGgo=";

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
        let entry = match read_binary(&item, &limits).await {
            None => Entry::Json(js_to_json(&item).unwrap_or(Value::Null)),
            Some(Ok(bytes)) => match inspect(&bytes, &limits) {
                Ok(info) => Entry::Bytes(bytes, info.format),
                Err(e) => Entry::Failed(FieldError::new(format!("images[{i}]"), e.code, e.message)),
            },
            Some(Err(e)) => {
                Entry::Failed(FieldError::new(format!("images[{i}]"), e.code, e.message))
            }
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

/// Bytes of a `Blob`/`File`, `ArrayBuffer` or view; `None` for anything else.
/// A Blob's `size` is checked before it is read, so a huge file is refused
/// without being loaded.
async fn read_binary(v: &JsValue, limits: &ImageLimits) -> Option<Result<Vec<u8>, Error>> {
    if let Some(buf) = v.dyn_ref::<ArrayBuffer>() {
        return Some(checked(Uint8Array::new(buf).to_vec(), limits));
    }
    if ArrayBuffer::is_view(v) {
        let get = |k: &str| Reflect::get(v, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let buffer = get("buffer");
        let offset = get("byteOffset").as_f64().unwrap_or(0.0);
        let length = get("byteLength").as_f64().unwrap_or(0.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let view =
            Uint8Array::new_with_byte_offset_and_length(&buffer, offset as u32, length as u32);
        return Some(checked(view.to_vec(), limits));
    }
    let array_buffer = Reflect::get(v, &"arrayBuffer".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let size = Reflect::get(v, &"size".into()).ok()?.as_f64()?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    if let Err(e) = check_size_before_reading(size as u64, limits) {
        return Some(Err(e));
    }
    let read = async {
        let promise: Promise = array_buffer.call0(v).ok()?.dyn_into().ok()?;
        let buf = JsFuture::from(promise).await.ok()?;
        Some(Uint8Array::new(&buf).to_vec())
    };
    Some(read.await.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidImageFormat,
            "the image file could not be read",
        )
    }))
}

fn checked(bytes: Vec<u8>, limits: &ImageLimits) -> Result<Vec<u8>, Error> {
    check_size_before_reading(bytes.len() as u64, limits).map(|()| bytes)
}
