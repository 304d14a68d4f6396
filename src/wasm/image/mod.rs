//! `encodeImage` and `prepareImage`: images from JS (`File`, `Blob`,
//! `ArrayBuffer`, typed arrays, data URLs, base64 strings) to checked base64,
//! and browser-side downscaling before that.
//!
//! The checks are the pure core's ([`crate::image::inspect`]); this file only
//! gets the bytes in (one copy into wasm memory, after the size was checked)
//! and the base64 out. [`read_image_source`] is the same reading, for the
//! clients' `images` entries.
//!
//! Speed: where the platform has a base64 encoder of its own
//! (`Uint8Array#toBase64`, Node's `Buffer`), it encodes the caller's bytes
//! and wasm reads only what the checks need; elsewhere a `Blob` is read with
//! `blob.arrayBuffer()` and copied into wasm memory once, base64 is encoded
//! in wasm (SIMD where the build has it) and turned into a JS string by
//! `src/wasm/image/image.js` straight from a view of wasm memory. A valid
//! base64 string is returned as given, without re-encoding (strict decoding
//! only accepts the canonical form, so re-encoding could only give it back).

mod options;
mod prepare;
mod source;

use std::cell::Cell;

use js_sys::{JsString, Promise, Uint8Array};
use wasm_bindgen::prelude::*;

use super::error::to_js_error;
use crate::error::{Error, ErrorCode};
use crate::image::{
    encode_base64_into, encoded_len, inspect, inspect_in_parts, ImageFormat, ImageInfo, ImageLimits,
};

use options::encode_limits;
pub use prepare::prepare_image;
use source::{
    binary, blob_size, check_size, copy_checked, fail, is_blob, load_now, read_view, unreadable,
    Loaded,
};
pub use source::{read_and_inspect, read_image_source};

#[wasm_bindgen(module = "/src/wasm/image/image.js")]
extern "C" {
    /// The `EncodedImage` object, in one call: `base64` is `given`, made by
    /// the platform from `native`, or the JS string of the ASCII `encoded`,
    /// built from a view of wasm memory (no copy on the way out of wasm).
    #[wasm_bindgen(js_name = encodedImage, catch)]
    fn encoded_image(
        encoded: &[u8],
        given: Option<JsString>,
        native: Option<Uint8Array>,
        png: bool,
        byte_length: f64,
        width: u32,
        height: u32,
        orientation: u8,
    ) -> Result<JsValue, JsValue>;

    /// Whether the platform encodes base64 itself (`Uint8Array#toBase64`,
    /// Node's `Buffer`) and `view` is not over shared memory (another thread
    /// could change it after the checks).
    #[wasm_bindgen(js_name = nativeBase64)]
    fn native_base64(view: &Uint8Array) -> bool;

    /// `promise.then(v => then(true, v), e => then(false, e))`: one callback,
    /// called exactly once (so its wasm closure is always freed).
    #[wasm_bindgen(js_name = settle)]
    fn settle(promise: &Promise, then: &JsValue) -> Promise;

    /// `settle(obj[name](), then)`, where a throw on the way is a rejection.
    #[wasm_bindgen(js_name = settleCall, catch)]
    fn settle_call(obj: &JsValue, name: &str, then: &JsValue) -> Result<Promise, JsValue>;

    /// `Promise.reject(error)`, marked handled.
    #[wasm_bindgen(js_name = rejected)]
    fn rejected(error: &JsValue) -> Promise;

    /// Whether `createImageBitmap` and `OffscreenCanvas` exist here.
    #[wasm_bindgen(js_name = canRedraw)]
    fn can_redraw() -> bool;

    /// Decode (EXIF orientation applied), scale to `max_dimension`, encode.
    #[wasm_bindgen(js_name = redraw)]
    fn redraw(blob: &JsValue, max_dimension: u32, mime_type: &str, quality: f64) -> Promise;
}

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
/// asynchronously. Never throws: whatever the source or the options do when
/// read (getters, revoked proxies, detached buffers) is a rejection.
#[wasm_bindgen(js_name = encodeImage, skip_typescript)]
pub fn encode_image(source: JsValue, options: JsValue) -> Promise {
    // Reading and encoding go deeper than a validation, and cost far more
    // than asking: asked every time, not only once calls turned careful.
    if !crate::wasm::convert::has_room(320) {
        // Made ahead: building a promise or an error needs stack this call lacks.
        let made = NO_ROOM.with(Cell::take);
        let answer = made
            .clone()
            .unwrap_or_else(|| Promise::unchecked_from_js(JsValue::FALSE));
        NO_ROOM.with(|n| n.set(made));
        return answer;
    }
    crate::wasm::convert::spare_slots_if_careful();
    encode(source, options)
}

thread_local! {
    /// The answer of an `encodeImage` call that found too little stack: a
    /// rejected promise (settled, so it can be shared), marked handled;
    /// made by the first call, which has room.
    static NO_ROOM: Cell<Option<Promise>> = const { Cell::new(None) };
}

/// Makes `NO_ROOM` if it is not made yet.
fn make_no_room() {
    let made = NO_ROOM.with(Cell::take).unwrap_or_else(|| {
        let e = Error::new(
            ErrorCode::InvalidType,
            "image could not be read (too little stack left)",
        );
        rejected(&to_js_error(&e, None))
    });
    NO_ROOM.with(|n| n.set(Some(made)));
}

/// [`encode_image`] once the stack was found to have room.
#[inline(never)]
fn encode(source: JsValue, options: JsValue) -> Promise {
    make_no_room();
    // Where Rust's stack is: lower than ever before means it was left behind.
    let mark = u32::try_from(std::ptr::addr_of!(source) as usize).unwrap_or(0);
    crate::wasm::convert::encode_stack_mark(mark);
    let limits = match encode_limits(&options) {
        Ok(limits) => limits,
        Err(e) => return Promise::reject(&e.into()),
    };
    // A File (a page's usual source) is read; bytes already in JS are encoded
    // where they are; anything else (a string, a Blob look-alike) is loaded.
    if is_blob(&source) {
        return encode_blob(&source, limits);
    }
    if let Some(view) = binary(&source) {
        return match view.and_then(|view| encode_binary(view, &limits)) {
            Ok(v) => Promise::resolve(&v),
            Err(e) => Promise::reject(&e.into()),
        };
    }
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
    if let Err(e) = blob_size(blob).and_then(|size| check_size(size, &limits)) {
        return Promise::reject(&e.into());
    }
    let then = Closure::once_into_js(
        move |ok: bool, value: JsValue| -> Result<JsValue, JsValue> {
            read_view(ok, value)
                .and_then(|view| encode_binary(view, &limits).map_err(fail))
                .map_err(|(e, cause)| to_js_error(&e, cause))
        },
    );
    settle_call(blob, "arrayBuffer", &then).unwrap_or_else(|cause| {
        let (e, cause) = unreadable(cause);
        Promise::reject(&to_js_error(&e, cause))
    })
}

/// Images up to this many bytes are copied whole for the checks even where
/// the platform encodes: each part read is a few calls across the boundary.
const WHOLE_BELOW: u32 = 256 * 1024;

/// Binary data in JS. Where the platform encodes base64 itself
/// (`Uint8Array#toBase64`, Node's `Buffer`), it does, and only the parts the checks read (the
/// header, the end marker) of a larger image are copied into wasm memory,
/// which never shrinks; elsewhere the bytes are copied in and encoded here.
fn encode_binary(view: Uint8Array, limits: &ImageLimits) -> Result<JsValue, Error> {
    let len = view.length();
    check_size(u64::from(len), limits)?;
    if !native_base64(&view) {
        let bytes = copy_checked(&view, limits)?;
        return encoded(
            Loaded {
                bytes,
                base64: None,
            },
            limits,
        );
    }
    if len <= WHOLE_BELOW {
        // Copying a small image whole costs less than reading it in parts.
        let info = inspect(&copy_checked(&view, limits)?, limits)?;
        return result(&info, &[], None, Some(view));
    }
    let part = |begin: usize, end: usize| {
        let at = |i: usize| u32::try_from(i).unwrap_or(len);
        copy_checked(&view.subarray(at(begin), at(end)), limits)
    };
    let info = inspect_in_parts(len as usize, limits, part)?;
    result(&info, &[], None, Some(view))
}

/// Inspects, encodes (unless the caller gave base64) and builds the result.
fn encoded(loaded: Loaded, limits: &ImageLimits) -> Result<JsValue, Error> {
    let info = inspect(&loaded.bytes, limits)?;
    let mut out = Vec::new();
    if loaded.base64.is_none() {
        out.try_reserve_exact(encoded_len(loaded.bytes.len()).unwrap_or(usize::MAX))
            .map_err(|_| out_of_memory())?;
        encode_base64_into(&loaded.bytes, &mut out);
    }
    drop(loaded.bytes);
    result(&info, &out, loaded.base64, None)
}

/// The `EncodedImage`: its base64 is `given`, made by the engine from
/// `native`, or the ASCII `encoded`.
fn result(
    info: &ImageInfo,
    encoded: &[u8],
    given: Option<JsString>,
    native: Option<Uint8Array>,
) -> Result<JsValue, Error> {
    let (width, height) = info.display_size();
    // below 2^53 for any byte length wasm can hold
    let byte_length = info.byte_length as f64;
    encoded_image(
        encoded,
        given,
        native,
        info.format == ImageFormat::Png,
        byte_length,
        width,
        height,
        info.orientation.unwrap_or(1),
    )
    .map_err(|_| {
        Error::new(
            ErrorCode::ImageTooLarge,
            "image is too large: its base64 could not be made into a string",
        )
    })
}

/// More bytes than wasm memory could give (refused, not an abort).
pub(crate) fn out_of_memory() -> Error {
    Error::new(
        ErrorCode::ImageTooLarge,
        "image is too large: not enough memory to read it",
    )
}
