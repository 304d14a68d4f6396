//! `encodeImage` and `prepareImage`: images from JS (`File`, `Blob`,
//! `ArrayBuffer`, typed arrays, data URLs, base64 strings) to checked base64,
//! and browser-side downscaling before that.
//!
//! The checks are the pure core's ([`crate::image::inspect`]); this file only
//! gets the bytes in (one copy into wasm memory, after the size was checked)
//! and the base64 out. [`read_image_source`] is the same reading, for the
//! clients' `images` entries.
//!
//! Speed: a `Blob` is read with `blob.arrayBuffer()` and copied into wasm
//! memory once; base64 is encoded in wasm (SIMD where the build has it) and
//! turned into a JS string by `src/wasm/image.js` straight from a view of wasm
//! memory (`Buffer#latin1Slice` in Node, `TextDecoder` elsewhere). A valid
//! base64 string is returned as given, without re-encoding (strict decoding
//! only accepts the canonical form, so re-encoding could only give it back).

use js_sys::{ArrayBuffer, Function, JsString, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::error::to_js_error;
use crate::error::{Error, ErrorCode};
use crate::image::{
    check_size_before_reading, decode_image_string, dimensions, encode_base64_into, encoded_len,
    inspect, sniff, ImageFormat, ImageInfo, ImageLimits,
};

#[wasm_bindgen(module = "/src/wasm/image.js")]
extern "C" {
    /// The `EncodedImage` object, in one call: `base64` is `given`, or the JS
    /// string of the ASCII `encoded`, built from a view of wasm memory (no copy
    /// on the way out of wasm).
    #[wasm_bindgen(js_name = encodedImage)]
    fn encoded_image(
        encoded: &[u8],
        given: Option<JsString>,
        png: bool,
        byte_length: f64,
        width: u32,
        height: u32,
        orientation: u8,
    ) -> JsValue;

    /// `promise.then(v => then(true, v), e => then(false, e))`: one callback,
    /// called exactly once (so its wasm closure is always freed).
    #[wasm_bindgen(js_name = settle)]
    fn settle(promise: &Promise, then: &JsValue) -> Promise;

    /// Whether `createImageBitmap` and `OffscreenCanvas` exist here.
    #[wasm_bindgen(js_name = canRedraw)]
    fn can_redraw() -> bool;

    /// Decode (EXIF orientation applied), scale to `max_dimension`, encode.
    #[wasm_bindgen(js_name = redraw)]
    fn redraw(blob: &JsValue, max_dimension: u32, mime_type: &str, quality: f64) -> Promise;
}

// ---------------------------------------------------------------------------
// Reading any image source

/// An image source read into wasm memory, not yet inspected.
struct Loaded {
    bytes: Vec<u8>,
    /// The base64 the caller gave (the payload of a data URL), when they gave one.
    base64: Option<JsString>,
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
type Failure = (Error, Option<JsValue>);

fn fail(e: Error) -> Failure {
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
fn load_now(source: &JsValue, limits: &ImageLimits) -> Option<Result<Loaded, Failure>> {
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
fn copy_binary(v: &JsValue, limits: &ImageLimits) -> Option<Result<Vec<u8>, Error>> {
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
fn is_blob_like(v: &JsValue) -> bool {
    v.is_object()
        && Reflect::get(v, &JsValue::from_str("arrayBuffer")).is_ok_and(|f| f.is_function())
        && Reflect::get(v, &JsValue::from_str("size")).is_ok_and(|n| n.as_f64().is_some())
}

fn blob_size(blob: &JsValue) -> Result<u64, Error> {
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
async fn call_async(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &JsValue::from_str(name))?.dyn_into()?;
    let ret = match args {
        [] => f.call0(obj)?,
        [a, b] => f.call2(obj, a, b)?,
        _ => f.apply(obj, &args.iter().collect())?,
    };
    JsFuture::from(Promise::resolve(&ret)).await
}

/// `blob.arrayBuffer()`, copied into wasm memory.
fn unreadable(cause: JsValue) -> Failure {
    (
        Error::new(
            ErrorCode::InvalidImageFormat,
            "image could not be read (the file may have been moved or changed since it was picked)",
        ),
        Some(cause),
    )
}

async fn read_blob(blob: &JsValue, limits: &ImageLimits) -> Result<Vec<u8>, Failure> {
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

/// What a value is, for `INVALID_TYPE` messages (never the value itself).
fn describe_kind(v: &JsValue) -> String {
    if v.is_null() {
        return "null".into();
    }
    if v.is_undefined() {
        return "undefined".into();
    }
    if js_sys::Array::is_array(v) {
        return "an array".into();
    }
    if v.is_function() {
        return "a function".into();
    }
    if !v.is_object() {
        let t = v.js_typeof().as_string().unwrap_or_default();
        return match t.as_str() {
            "number" | "boolean" | "bigint" | "symbol" | "string" => format!("a {t}"),
            _ => "a value of another type".into(),
        };
    }
    let name = Reflect::get(v, &JsValue::from_str("constructor"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
        .and_then(|n| n.as_string())
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 40
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    match name.as_deref() {
        None | Some("Object") => "an object".into(),
        Some(n) => format!("an object of type {n}"),
    }
}

// ---------------------------------------------------------------------------
// Options

/// The options object (`None` for `undefined`/`null`), refusing unknown keys
/// so a typo such as `maxbytes` cannot silently fall back to a default.
fn options_object(options: &JsValue, known: &[&str]) -> Result<Option<Object>, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() || options.is_function() || js_sys::Array::is_array(options) {
        return Err(Error::new(
            ErrorCode::InvalidOptions,
            format!(
                "options must be an object, found {}",
                describe_kind(options)
            ),
        ));
    }
    let obj: Object = options.clone().unchecked_into();
    for key in Object::keys(&obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if known.contains(&key.as_str()) {
            continue;
        }
        let hint = known
            .iter()
            .map(|k| {
                (
                    strsim::damerau_levenshtein(&k.to_ascii_lowercase(), &key.to_ascii_lowercase()),
                    k,
                )
            })
            .filter(|(d, _)| *d <= 3)
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| format!(" (did you mean {k}?)"))
            .unwrap_or_default();
        let shown: String = key.chars().take(40).collect();
        return Err(Error::new(
            ErrorCode::InvalidOptions,
            format!(
                "unknown option {shown}{hint}; the options are {}",
                known.join(", ")
            ),
        )
        .with_field(shown));
    }
    Ok(Some(obj))
}

/// `obj[key]`, `None` when absent, `undefined` or `null`.
fn option(obj: Option<&Object>, key: &str) -> Option<JsValue> {
    obj.and_then(|o| Reflect::get(o, &JsValue::from_str(key)).ok())
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// A whole number in `min..=max` (both at most 2^53, so exact as f64). The
/// bounds are integers so the message needs no float formatting (~17 KB of wasm).
fn whole_option(obj: Option<&Object>, key: &str, min: u64, max: u64) -> Result<Option<u64>, Error> {
    let Some(v) = option(obj, key) else {
        return Ok(None);
    };
    // exact: min and max are at most 2^53, and n is checked to be whole and in range
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (min as f64..=max as f64).contains(&n) => Ok(Some(n as u64)),
        _ => Err(Error::new(
            ErrorCode::InvalidOptions,
            format!("{key} must be a whole number from {min} to {max}"),
        )
        .with_field(key)),
    }
}

const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// `{ maxBytes, minWidth, minHeight }` → limits.
fn encode_limits(options: &JsValue) -> Result<ImageLimits, Error> {
    let obj = options_object(options, &["maxBytes", "minWidth", "minHeight"])?;
    let obj = obj.as_ref();
    let mut limits = ImageLimits::default();
    if let Some(n) = whole_option(obj, "maxBytes", 1, MAX_SAFE_INTEGER)? {
        limits.max_bytes = n;
    }
    let pixels = |key| {
        whole_option(obj, key, 0, u64::from(u32::MAX))
            .map(|n| n.and_then(|n| u32::try_from(n).ok()))
    };
    limits.min_width = pixels("minWidth")?;
    limits.min_height = pixels("minHeight")?;
    Ok(limits)
}

/// `{ maxDimension, quality, type }` of `prepareImage`.
struct PrepareOptions {
    /// Longest side allowed, in displayed pixels; 0 = no limit.
    max_dimension: u32,
    quality: f64,
    mime_type: &'static str,
}

const OUTPUT_TYPES: [&str; 2] = ["image/jpeg", "image/png"];

fn prepare_options(options: &JsValue) -> Result<PrepareOptions, Error> {
    let obj = options_object(options, &["maxDimension", "quality", "type"])?;
    let obj = obj.as_ref();
    let max_dimension = whole_option(obj, "maxDimension", 1, u64::from(u32::MAX))?
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0);
    let quality = match option(obj, "quality") {
        None => 0.9,
        Some(v) => match v.as_f64() {
            Some(q) if (0.0..=1.0).contains(&q) => q,
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidOptions,
                    "quality must be a number from 0 to 1",
                )
                .with_field("quality"))
            }
        },
    };
    let mime_type = match option(obj, "type") {
        None => "image/jpeg",
        Some(v) => {
            let s = v.as_string().unwrap_or_default();
            match OUTPUT_TYPES.iter().find(|t| **t == s) {
                Some(t) => t,
                None => {
                    return Err(Error::new(
                        ErrorCode::InvalidOptions,
                        "type must be image/jpeg or image/png (the formats Verifik accepts)",
                    )
                    .with_field("type"))
                }
            }
        }
    };
    Ok(PrepareOptions {
        max_dimension,
        quality,
        mime_type,
    })
}

// ---------------------------------------------------------------------------
// encodeImage

/// `encodeImage(source, options?)`: checked base64 of an image, with what was
/// found out about it. See `EncodeImageOptions`/`EncodedImage` in
/// `js/index.d.ts`.
///
/// # Errors
///
/// Rejects with a `PersonkitError`: `INVALID_OPTIONS`, then as
/// [`read_image_source`].
///
/// Bytes, strings and invalid options settle without a trip through the
/// async executor (the Promise is resolved directly); only a `Blob` is read
/// asynchronously.
#[wasm_bindgen(js_name = encodeImage, skip_typescript)]
pub fn encode_image(source: JsValue, options: JsValue) -> Promise {
    let limits = match encode_limits(&options) {
        Ok(limits) => limits,
        Err(e) => return Promise::reject(&e.into()),
    };
    match load_now(&source, &limits) {
        Some(loaded) => match loaded.and_then(|l| encoded(l, &limits).map_err(fail)) {
            Ok(v) => Promise::resolve(&v),
            Err((e, cause)) => Promise::reject(&to_js_error(&e, cause)),
        },
        None => encode_blob(&source, limits),
    }
}

/// A `Blob`: size checked, `blob.arrayBuffer()`, then the rest in one
/// callback (no async executor between the read and the encoding).
fn encode_blob(blob: &JsValue, limits: ImageLimits) -> Promise {
    if let Err(e) = blob_size(blob).and_then(|size| check_size_before_reading(size, &limits)) {
        return Promise::reject(&e.into());
    }
    let read = Reflect::get(blob, &JsValue::from_str("arrayBuffer"))
        .and_then(JsCast::dyn_into::<Function>)
        .and_then(|f| f.call0(blob));
    let read = match read {
        Ok(p) => Promise::resolve(&p),
        Err(cause) => {
            let (e, cause) = unreadable(cause);
            return Promise::reject(&to_js_error(&e, cause));
        }
    };
    let then = Closure::once_into_js(
        move |ok: bool, value: JsValue| -> Result<JsValue, JsValue> {
            let bytes = if ok {
                match copy_binary(&value, &limits) {
                    Some(bytes) => bytes.map_err(fail),
                    None => Err(unreadable(JsValue::from_str(
                        "blob.arrayBuffer() did not give an ArrayBuffer",
                    ))),
                }
            } else {
                Err(unreadable(value))
            };
            bytes
                .and_then(|bytes| {
                    encoded(
                        Loaded {
                            bytes,
                            base64: None,
                        },
                        &limits,
                    )
                    .map_err(fail)
                })
                .map_err(|(e, cause)| to_js_error(&e, cause))
        },
    );
    settle(&read, &then)
}

/// Inspects, encodes (unless the caller gave base64) and builds the result.
fn encoded(loaded: Loaded, limits: &ImageLimits) -> Result<JsValue, Error> {
    let info = inspect(&loaded.bytes, limits)?;
    let mut out = Vec::new();
    if loaded.base64.is_none() {
        out.reserve_exact(encoded_len(loaded.bytes.len()).unwrap_or(0));
        encode_base64_into(&loaded.bytes, &mut out);
    }
    drop(loaded.bytes);
    let (width, height) = info.display_size();
    // below 2^53 for any byte length wasm can hold
    #[allow(clippy::cast_precision_loss)]
    let byte_length = info.byte_length as f64;
    Ok(encoded_image(
        &out,
        loaded.base64,
        info.format == ImageFormat::Png,
        byte_length,
        width,
        height,
        info.orientation.unwrap_or(1),
    ))
}

// ---------------------------------------------------------------------------
// prepareImage

/// Bytes read from the start of a `Blob` to find its format, size and
/// orientation: EXIF (APP1) is at most 64 KiB, but ICC profiles and XMP may
/// come before the frame header, so a generous slice; the whole file is read
/// when the frame header lies beyond it.
const HEADER_READ: u64 = 256 * 1024;

/// What the header says about a `Blob`.
enum Header {
    /// JPEG or PNG: displayed size and whether it is upright.
    Known {
        width: u32,
        height: u32,
        orientation: Option<u8>,
    },
    /// Another format (WebP, HEIC, …): only a browser decoder can tell.
    Other(ImageFormat),
}

async fn read_header(blob: &JsValue, size: u64) -> Result<Header, Failure> {
    let no_limit = ImageLimits {
        max_bytes: u64::MAX,
        ..ImageLimits::default()
    };
    let has_slice = Reflect::get(blob, &JsValue::from_str("slice")).is_ok_and(|f| f.is_function());
    let mut bytes = if size > HEADER_READ && has_slice {
        #[allow(clippy::cast_precision_loss)]
        let end = JsValue::from_f64(HEADER_READ as f64);
        let part = Reflect::get(blob, &JsValue::from_str("slice"))
            .and_then(|f| f.dyn_into::<Function>())
            .and_then(|f| f.call2(blob, &JsValue::from_f64(0.0), &end))
            .map_err(|cause| {
                (
                    Error::new(ErrorCode::InvalidImageFormat, "image could not be read"),
                    Some(cause),
                )
            })?;
        read_blob(&part, &no_limit).await?
    } else {
        read_blob(blob, &no_limit).await?
    };
    let format = sniff(&bytes);
    if !format.is_accepted() {
        return Ok(Header::Other(format));
    }
    let mut dims = dimensions(format, &bytes);
    if dims.is_err() && u64::try_from(bytes.len()).unwrap_or(u64::MAX) < size {
        bytes = read_blob(blob, &no_limit).await?;
        dims = dimensions(format, &bytes);
    }
    let dims = dims.map_err(fail)?;
    let (width, height) = dims.display_size();
    Ok(Header::Known {
        width,
        height,
        orientation: dims.orientation,
    })
}

/// `prepareImage(file, options?)`: a `Blob` ready for `encodeImage`: upright
/// (EXIF orientation applied) and no side longer than `maxDimension`.
///
/// # Errors
///
/// Rejects with a `PersonkitError`: `INVALID_OPTIONS`; `INVALID_TYPE` when
/// `file` is not a `File`/`Blob`; `IMAGE_EMPTY`; `INVALID_IMAGE_FORMAT`
/// (corrupt header, or a format the browser cannot decode);
/// `UNSUPPORTED_ENVIRONMENT` when the image must be redrawn and this runtime
/// lacks `createImageBitmap`/`OffscreenCanvas` (Node).
#[wasm_bindgen(js_name = prepareImage, skip_typescript)]
pub async fn prepare_image(file: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let opts = prepare_options(&options)?;
    prepare(&file, &opts)
        .await
        .map_err(|(e, cause)| to_js_error(&e, cause))
}

async fn prepare(file: &JsValue, opts: &PrepareOptions) -> Result<JsValue, Failure> {
    if !is_blob_like(file) {
        return Err(fail(Error::new(
            ErrorCode::InvalidType,
            format!(
                "prepareImage takes a File or Blob, found {}",
                describe_kind(file)
            ),
        )));
    }
    let size = blob_size(file).map_err(fail)?;
    if size == 0 {
        return Err(fail(Error::new(
            ErrorCode::ImageEmpty,
            "image is empty (0 bytes)",
        )));
    }
    let (format, work) = match read_header(file, size).await? {
        Header::Known {
            width,
            height,
            orientation,
        } => {
            let fits = opts.max_dimension == 0 || width.max(height) <= opts.max_dimension;
            let upright = orientation.is_none_or(|o| o == 1);
            let work = match (fits, upright) {
                (true, true) => return Ok(file.clone()),
                (true, false) => format!(
                    "rotate an image (EXIF orientation {})",
                    orientation.unwrap_or(1)
                ),
                (false, _) => format!(
                    "downscale a {width}x{height} image to {} pixels",
                    opts.max_dimension
                ),
            };
            (None, work)
        }
        // no browser decodes these: say what it is rather than trying
        Header::Other(f @ (ImageFormat::Pdf | ImageFormat::Unknown)) => {
            return Err(fail(Error::new(
                ErrorCode::InvalidImageFormat,
                f.rejection_message(),
            )))
        }
        Header::Other(f) => (
            Some(f),
            format!("convert {} to {}", f.describe(), opts.mime_type),
        ),
    };
    if !can_redraw() {
        return Err(fail(Error::new(
            ErrorCode::UnsupportedEnvironment,
            format!("prepareImage needs createImageBitmap and OffscreenCanvas to {work}, which this runtime lacks (browsers and workers have them)"),
        )));
    }
    let promise = redraw(file, opts.max_dimension, opts.mime_type, opts.quality);
    JsFuture::from(promise).await.map_err(|failure| {
        let stage = Reflect::get(&failure, &JsValue::from_str("stage"))
            .ok()
            .and_then(|s| s.as_string());
        let cause = Reflect::get(&failure, &JsValue::from_str("cause")).unwrap_or(failure);
        let e = if stage.as_deref() == Some("decode") {
            let message = match format {
                Some(f) => f.rejection_message(),
                None => "image could not be decoded (the file may be corrupt)".to_owned(),
            };
            Error::new(ErrorCode::InvalidImageFormat, message)
        } else {
            Error::new(
                ErrorCode::UnsupportedEnvironment,
                format!(
                    "this browser could not encode the image as {}",
                    opts.mime_type
                ),
            )
        };
        (e, Some(cause))
    })
}
