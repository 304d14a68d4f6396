//! Reading any image source into wasm memory: one copy, after the size was
//! checked.

use js_sys::{JsString, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/wasm/image/image.js")]
extern "C" {
    /// A fresh `Uint8Array` over binary data, `null` for anything else, -1
    /// for a detached buffer (checked by internal slots: a Proxy or a
    /// lying `byteLength` does not pass).
    #[wasm_bindgen(js_name = binaryView, catch)]
    fn binary_view(v: &JsValue) -> Result<JsValue, JsValue>;

    /// Whether `v` is a `Blob` or `File`, told by the engine's own
    /// accessor, without the exception `binaryView` throws for one. Never throws.
    #[wasm_bindgen(js_name = isBlob)]
    pub(super) fn is_blob(v: &JsValue) -> bool;

    /// `obj[name](...args)` as a promise that rejects instead of throwing.
    #[wasm_bindgen(js_name = callAsync, catch)]
    fn call_async_js(
        obj: &JsValue,
        name: &str,
        args: &js_sys::Array,
        signal: &JsValue,
    ) -> Result<Promise, JsValue>;
}

/// The longest string every engine can make (V8: 2^29 - 24 UTF-16 units;
/// Firefox and Safari allow more): a base64 longer than this cannot be
/// returned, so its image is refused before it is read.
pub const MAX_JS_STRING: u64 = (1 << 29) - 24;

use crate::error::{Error, ErrorCode};
use crate::image::{
    check_size_before_reading, decode_image_string, inspect, ImageInfo, ImageLimits,
};
use crate::wasm::convert::{describe_kind, string_of};

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
    read_and_inspect(source, limits, &JsValue::UNDEFINED)
        .await
        .map(|(_, bytes)| bytes)
}

/// [`read_image_source`], also returning what [`inspect`] found (format,
/// MIME type, dimensions, orientation).
///
/// # Errors
///
/// As [`read_image_source`]. A `Blob` still being read when `signal` (a
/// client call's, or undefined) aborts is "could not be read": the caller
/// looks at the signal.
pub async fn read_and_inspect(
    source: &JsValue,
    limits: &ImageLimits,
    signal: &JsValue,
) -> Result<(ImageInfo, Vec<u8>), Error> {
    let loaded = load(source, limits, signal).await.map_err(|(e, _)| e)?;
    let info = inspect(&loaded.bytes, limits)?;
    Ok((info, loaded.bytes))
}

/// An error plus the JS error that caused it, if any.
pub(super) type Failure = (Error, Option<JsValue>);

pub(super) fn fail(e: Error) -> Failure {
    (e, None)
}

async fn load(source: &JsValue, limits: &ImageLimits, signal: &JsValue) -> Result<Loaded, Failure> {
    match load_now(source, limits) {
        Some(done) => done,
        None => {
            let size = blob_size(source).map_err(fail)?;
            check_size(size, limits).map_err(fail)?;
            let bytes = read_blob(source, limits, signal).await?;
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
    if is_blob(source) {
        return None;
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

/// The longest data URL header (`data:image/jpeg;base64,`, parameters
/// included) that is not counted against `maxBytes`.
const DATA_URL_HEADER: u32 = 256;

/// A data URL or raw base64: refused from its length before being copied
/// into wasm memory (which never shrinks), then strictly decoded. The base64
/// counts as the bytes it decodes to; a data URL whose comma is not within
/// its first [`DATA_URL_HEADER`] characters counts whole, one byte per
/// character (so a huge header is refused unread, like a huge payload).
fn load_string(s: &JsString, limits: &ImageLimits) -> Result<Loaded, Error> {
    let len = s.length();
    let head: String = s.slice(0, 5).into();
    let (start, counted) = if head.eq_ignore_ascii_case("data:") {
        match u32::try_from(s.slice(0, DATA_URL_HEADER + 1).index_of(",", 0)) {
            Ok(comma) => (comma.saturating_add(1), None),
            // decode_image_string names the problem of a short one
            Err(_) => (0, Some(u64::from(len))),
        }
    } else {
        (0, None)
    };
    let payload_len = len.saturating_sub(start);
    let pad = (len.saturating_sub(2).max(start)..len)
        .filter(|&i| s.char_code_at(i) == f64::from(b'='))
        .count();
    let n = u64::from(payload_len).saturating_sub(u64::try_from(pad).unwrap_or(0));
    let decoded_len = n / 4 * 3 + (n % 4).saturating_sub(1);
    check_size(counted.unwrap_or(decoded_len), limits)?;

    let text = string_of(s)
        .ok_or_else(|| Error::new(ErrorCode::InvalidImageFormat, "image could not be read"))?;
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
/// or `DataView`, copied into wasm memory: `None` when `v` is none of these.
pub(super) fn copy_binary(v: &JsValue, limits: &ImageLimits) -> Option<Result<Vec<u8>, Error>> {
    binary(v).map(|view| view.and_then(|view| copy_checked(&view, limits)))
}

/// A `Uint8Array` over the bytes of binary data (see [`copy_binary`]),
/// `None` for anything else. The view is made in JS from the engine's own
/// accessors, so nothing the caller defined runs between the size check and
/// the copy.
pub(super) fn binary(v: &JsValue) -> Option<Result<Uint8Array, Error>> {
    if !v.is_object() {
        return None;
    }
    let view = match binary_view(v) {
        Ok(view) if view.is_null() => return None,
        Ok(view) => view.dyn_into::<Uint8Array>().ok(),
        Err(_) => None,
    };
    Some(view.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidType,
            "image bytes could not be read (their ArrayBuffer was detached, e.g. transferred to a worker)",
        )
    }))
}

/// Copies `view` into wasm memory once, after checking its length (and
/// that memory can be had: a failed allocation would abort the instance).
pub(super) fn copy_checked(view: &Uint8Array, limits: &ImageLimits) -> Result<Vec<u8>, Error> {
    let len = view.length();
    check_size(u64::from(len), limits)?;
    let len = len as usize;
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(len)
        .map_err(|_| super::out_of_memory())?;
    bytes.resize(len, 0);
    view.copy_to(&mut bytes);
    Ok(bytes)
}

/// [`check_size_before_reading`], and refuses an image whose base64 would
/// be longer than any engine's strings can be ([`MAX_JS_STRING`]), whatever
/// `maxBytes` allows.
pub(crate) fn check_size(size: u64, limits: &ImageLimits) -> Result<(), Error> {
    check_size_before_reading(size, limits)?;
    if size.div_ceil(3).saturating_mul(4) > MAX_JS_STRING {
        return Err(Error::new(
            ErrorCode::ImageTooLarge,
            "image is too large to encode: its base64 would be longer than a JavaScript string can be (about 384 MiB of image)",
        ));
    }
    Ok(())
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
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => Ok(n as u64),
        _ => Err(Error::new(
            ErrorCode::InvalidType,
            "image blob has no valid size",
        )),
    }
}

/// Calls `obj[name](...args)`, awaiting a returned promise (or thenable);
/// what throws on the way (a getter, a revoked proxy) is the error.
pub(super) async fn call_async(
    obj: &JsValue,
    name: &str,
    args: &[JsValue],
    signal: &JsValue,
) -> Result<JsValue, JsValue> {
    let args: js_sys::Array = args.iter().collect();
    let promise = call_async_js(obj, name, &args, signal)?;
    JsFuture::from(promise).await
}

/// A `Blob` that could not be read, with what its reading threw.
pub(super) fn unreadable(cause: JsValue) -> Failure {
    (
        Error::new(
            ErrorCode::InvalidImageFormat,
            "image could not be read (the file may have been moved or changed since it was picked)",
        ),
        Some(cause),
    )
}

/// How `blob.arrayBuffer()` settled (fulfilled or not, and its value or
/// reason), as a view of the bytes it gave.
pub(super) fn read_view(ok: bool, value: JsValue) -> Result<Uint8Array, Failure> {
    if !ok {
        return Err(unreadable(value));
    }
    match binary(&value) {
        Some(view) => view.map_err(fail),
        None => Err(unreadable(JsValue::from_str(
            "blob.arrayBuffer() did not give an ArrayBuffer",
        ))),
    }
}

/// `blob.arrayBuffer()`, copied into wasm memory.
pub(super) async fn read_blob(
    blob: &JsValue,
    limits: &ImageLimits,
    signal: &JsValue,
) -> Result<Vec<u8>, Failure> {
    let (ok, value) = match call_async(blob, "arrayBuffer", &[], signal).await {
        Ok(buffer) => (true, buffer),
        Err(reason) => (false, reason),
    };
    read_view(ok, value).and_then(|view| copy_checked(&view, limits).map_err(fail))
}
