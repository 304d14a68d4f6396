//! Reading any image source into wasm memory: one copy, after the size was
//! checked.

use js_sys::{ArrayBuffer, Function, JsString, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::error::{Error, ErrorCode};
use crate::image::{
    check_size_before_reading, decode_image_string, inspect, ImageInfo, ImageLimits,
};
use crate::wasm::convert::describe_kind;

/// An image source read into wasm memory, not yet inspected.
pub(super) struct Loaded {
    pub(super) bytes: Vec<u8>,
    /// The base64 the caller gave (the payload of a data URL), when they gave one.
    pub(super) base64: Option<JsString>,
}

/// Reads an image source into checked bytes: a `File` or `Blob` (its `size`
/// is checked before reading, then `blob.arrayBuffer()`), an `ArrayBuffer`,
/// a `Uint8Array` or any other typed array or `DataView` (the bytes it
/// views), a data URL or a raw standard base64 string. The bytes are copied
/// into wasm memory once, and only after their length passed `limits`.
///
/// This is what `encodeImage` does before encoding; the clients use it for
/// the entries of Verifik's `images`.
///
/// # Errors
///
/// `INVALID_TYPE` for a source of another kind; `IMAGE_EMPTY`,
/// `IMAGE_TOO_LARGE` (before reading), `INVALID_BASE64`, then what
/// [`inspect`] reports (`INVALID_IMAGE_FORMAT`, `IMAGE_TOO_SMALL`).
/// `INVALID_IMAGE_FORMAT` also when a `Blob` cannot be read (e.g. the file
/// was moved since it was picked), with the JS error as `cause` once turned
/// into a `PersonkitError` by the caller.
pub async fn read_image_source(source: &JsValue, limits: &ImageLimits) -> Result<Vec<u8>, Error> {
    read_and_inspect(source, limits)
        .await
        .map(|(_, bytes)| bytes)
}

/// [`read_image_source`], also returning what [`inspect`] found (format,
/// MIME type, dimensions, orientation).
///
/// # Errors
///
/// As [`read_image_source`].
pub async fn read_and_inspect(
    source: &JsValue,
    limits: &ImageLimits,
) -> Result<(ImageInfo, Vec<u8>), Error> {
    let loaded = load(source, limits).await.map_err(|(e, _)| e)?;
    let info = inspect(&loaded.bytes, limits)?;
    Ok((info, loaded.bytes))
}

/// An error plus the JS error that caused it, if any.
pub(super) type Failure = (Error, Option<JsValue>);

pub(super) fn fail(e: Error) -> Failure {
    (e, None)
}

async fn load(source: &JsValue, limits: &ImageLimits) -> Result<Loaded, Failure> {
    match load_now(source, limits) {
        Some(done) => done,
        None => {
            let size = blob_size(source).map_err(fail)?;
            check_size_before_reading(size, limits).map_err(fail)?;
            let bytes = read_blob(source, limits).await?;
            Ok(Loaded {
                bytes,
                base64: None,
            })
        }
    }
}

/// Everything but a `Blob`, synchronously; `None` for a `Blob` (to be read).
pub(super) fn load_now(source: &JsValue, limits: &ImageLimits) -> Option<Result<Loaded, Failure>> {
    if let Some(s) = source.dyn_ref::<JsString>() {
        return Some(load_string(s, limits).map_err(fail));
    }
    if let Some(bytes) = copy_binary(source, limits) {
        return Some(
            bytes
                .map(|bytes| Loaded {
                    bytes,
                    base64: None,
                })
                .map_err(fail),
        );
    }
    if is_blob_like(source) {
        return None;
    }
    Some(Err(fail(Error::new(
        ErrorCode::InvalidType,
        format!(
            "image must be a File, Blob, ArrayBuffer, Uint8Array (or other typed array), data url or base64 string, found {}",
            describe_kind(source)
        ),
    ))))
}

/// A data URL or raw base64: refused from its length before being copied
/// into wasm memory (which never shrinks), then strictly decoded.
fn load_string(s: &JsString, limits: &ImageLimits) -> Result<Loaded, Error> {
    let len = s.length();
    let head: String = s.slice(0, 5).into();
    let start = if head.eq_ignore_ascii_case("data:") {
        // no comma: sized as a whole, and decode_image_string names the problem
        u32::try_from(s.index_of(",", 0)).map_or(0, |comma| comma.saturating_add(1))
    } else {
        0
    };
    let payload_len = len.saturating_sub(start);
    let pad = (len.saturating_sub(2).max(start)..len)
        .filter(|&i| s.char_code_at(i) == f64::from(b'='))
        .count();
    let n = u64::from(payload_len).saturating_sub(u64::try_from(pad).unwrap_or(0));
    let decoded_len = n / 4 * 3 + (n % 4).saturating_sub(1);
    check_size_before_reading(decoded_len, limits)?;

    let text = String::from(s);
    let bytes = decode_image_string(&text)?;
    let base64 = if start == 0 {
        s.clone()
    } else {
        s.slice(start, len)
    };
    Ok(Loaded {
        bytes,
        base64: Some(base64),
    })
}

/// `ArrayBuffer`, `Uint8Array` (and Node's `Buffer`), any other typed array
/// or `DataView`: `None` when `v` is none of these.
pub(super) fn copy_binary(v: &JsValue, limits: &ImageLimits) -> Option<Result<Vec<u8>, Error>> {
    let view = if let Some(u8s) = v.dyn_ref::<Uint8Array>() {
        u8s.clone()
    } else if ArrayBuffer::is_view(v) {
        let num = |k: &str| {
            Reflect::get(v, &JsValue::from_str(k))
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0)
        };
        let buffer = Reflect::get(v, &JsValue::from_str("buffer")).unwrap_or(JsValue::UNDEFINED);
        // byteOffset/byteLength of a live view are valid u32s on wasm32's JS side
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (offset, length) = (num("byteOffset") as u32, num("byteLength") as u32);
        Uint8Array::new_with_byte_offset_and_length(&buffer, offset, length)
    } else if v.is_instance_of::<ArrayBuffer>() || is_shared_array_buffer(v) {
        Uint8Array::new(v)
    } else {
        return None;
    };
    Some(copy_checked(&view, limits))
}

/// `instanceof SharedArrayBuffer`, asked only when the global exists: pages
/// that are not cross-origin isolated lack it, and `instanceof` on a missing
/// global throws (a ReferenceError per call, ~40 µs in Chromium).
fn is_shared_array_buffer(v: &JsValue) -> bool {
    v.is_object() && has_shared_array_buffer() && v.is_instance_of::<js_sys::SharedArrayBuffer>()
}

fn has_shared_array_buffer() -> bool {
    thread_local! {
        static HAS: bool = Reflect::has(&js_sys::global(), &JsValue::from_str("SharedArrayBuffer"))
            .unwrap_or(false);
    }
    HAS.with(|h| *h)
}

/// Copies `view` into wasm memory once, after checking its length.
fn copy_checked(view: &Uint8Array, limits: &ImageLimits) -> Result<Vec<u8>, Error> {
    check_size_before_reading(u64::from(view.length()), limits)?;
    Ok(view.to_vec())
}

/// A `Blob`, `File` or anything shaped like one (`size` and `arrayBuffer()`),
/// from this realm or another.
pub(super) fn is_blob_like(v: &JsValue) -> bool {
    v.is_object()
        && Reflect::get(v, &JsValue::from_str("arrayBuffer")).is_ok_and(|f| f.is_function())
        && Reflect::get(v, &JsValue::from_str("size")).is_ok_and(|n| n.as_f64().is_some())
}

pub(super) fn blob_size(blob: &JsValue) -> Result<u64, Error> {
    match Reflect::get(blob, &JsValue::from_str("size"))
        .ok()
        .and_then(|n| n.as_f64())
    {
        // a whole, non-negative size below 2^53 converts exactly
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => Ok(n as u64),
        _ => Err(Error::new(
            ErrorCode::InvalidType,
            "image blob has no valid size",
        )),
    }
}

/// Calls `obj[name](...args)`, awaiting a returned promise (or thenable).
pub(super) async fn call_async(
    obj: &JsValue,
    name: &str,
    args: &[JsValue],
) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &JsValue::from_str(name))?.dyn_into()?;
    let ret = match args {
        [] => f.call0(obj)?,
        [a, b] => f.call2(obj, a, b)?,
        _ => f.apply(obj, &args.iter().collect())?,
    };
    JsFuture::from(Promise::resolve(&ret)).await
}

/// `blob.arrayBuffer()`, copied into wasm memory.
pub(super) fn unreadable(cause: JsValue) -> Failure {
    (
        Error::new(
            ErrorCode::InvalidImageFormat,
            "image could not be read (the file may have been moved or changed since it was picked)",
        ),
        Some(cause),
    )
}

pub(super) async fn read_blob(blob: &JsValue, limits: &ImageLimits) -> Result<Vec<u8>, Failure> {
    let buffer = call_async(blob, "arrayBuffer", &[])
        .await
        .map_err(unreadable)?;
    match copy_binary(&buffer, limits) {
        Some(bytes) => bytes.map_err(fail),
        None => Err(unreadable(JsValue::from_str(
            "blob.arrayBuffer() did not give an ArrayBuffer",
        ))),
    }
}
