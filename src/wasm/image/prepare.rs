//! `prepareImage`: a photo made upright and small enough by the browser's own
//! decoder, before `encodeImage`.
//!
//! Each wait (reading the file, redrawing it) is a promise whose callback
//! runs the next step, as `encodeImage` reads a `Blob`: no async executor,
//! which a page would otherwise download for this one call.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::options::{prepare_options, PrepareOptions};
use super::source::{blob_size, copy_checked, fail, is_blob_like, read_view, unreadable, Failure};
use super::{can_redraw, redraw, settle, settle_call};
use crate::error::{Error, ErrorCode};
use crate::image::{check_complete, dimensions, sniff, Dimensions, ImageFormat, ImageLimits};
use crate::wasm::convert::describe_kind;
use crate::wasm::error::to_js_error;

/// Bytes read from the start of a `Blob` to find its format, size and
/// orientation: EXIF (APP1) is at most 64 KiB, but ICC profiles and XMP may
/// come before the frame header, so a generous slice; the whole file is read
/// when the frame header lies beyond it.
const HEADER_READ: u64 = 256 * 1024;

/// What the header says about a `Blob`.
enum Header {
    /// JPEG or PNG: displayed size and whether it is upright.
    Known(ImageFormat, Dimensions),
    /// Another format (WebP, HEIC, …): only a browser decoder can tell.
    Other(ImageFormat),
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
pub fn prepare_image(file: JsValue, options: JsValue) -> Promise {
    // The work starts in a promise callback, as it did when this was an
    // `async fn`: the caller's getters run after this call has returned, on
    // a stack of their own.
    then(&Promise::resolve(&JsValue::UNDEFINED), move |_, _| {
        let opts = prepare_options(&options).map_err(fail)?;
        start(&file, opts)
    })
}

/// `promise`, then `step` with whether it was fulfilled and its value or
/// reason. What `step` returns (a value, or a promise to wait for) fulfils
/// the promise returned; a `Failure` rejects it as a `PersonkitError`.
fn then(
    promise: &Promise,
    step: impl FnOnce(bool, JsValue) -> Result<JsValue, Failure> + 'static,
) -> Promise {
    settle(promise, &on_settled(step))
}

/// `blob.arrayBuffer()` copied into wasm memory, then `step` with the bytes
/// (or why they could not be read); as [`then`].
fn read(
    blob: &JsValue,
    step: impl FnOnce(Result<Vec<u8>, Failure>) -> Result<JsValue, Failure> + 'static,
) -> Result<JsValue, Failure> {
    let no_limit = ImageLimits {
        max_bytes: u64::MAX,
        ..ImageLimits::default()
    };
    let then = on_settled(move |ok, value| {
        step(read_view(ok, value).and_then(|view| copy_checked(&view, &no_limit).map_err(fail)))
    });
    settle_call(blob, "arrayBuffer", &then)
        .map(JsValue::from)
        .map_err(unreadable)
}

/// `step` as the one callback `settle` calls, its `Failure` thrown as a `PersonkitError`.
fn on_settled(step: impl FnOnce(bool, JsValue) -> Result<JsValue, Failure> + 'static) -> JsValue {
    Closure::once_into_js(
        move |ok: bool, value: JsValue| -> Result<JsValue, JsValue> {
            step(ok, value).map_err(|(e, cause)| to_js_error(&e, cause))
        },
    )
}

/// Checks `file`, then reads its header (a slice of it when it is large).
fn start(file: &JsValue, opts: PrepareOptions) -> Result<JsValue, Failure> {
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
    let slice = Reflect::get(file, &JsValue::from_str("slice"))
        .ok()
        .filter(JsValue::is_function);
    let part = match slice {
        Some(slice) if size > HEADER_READ => slice
            .dyn_into::<Function>()
            .and_then(|f| {
                f.call2(
                    file,
                    &JsValue::from_f64(0.0),
                    &JsValue::from_f64(HEADER_READ as f64),
                )
            })
            .map_err(|cause| {
                (
                    Error::new(ErrorCode::InvalidImageFormat, "image could not be read"),
                    Some(cause),
                )
            })?,
        _ => file.clone(),
    };
    let file = file.clone();
    read(&part, move |bytes| {
        let bytes = bytes?;
        let format = sniff(&bytes);
        if !format.is_accepted() {
            return finish(&file, Header::Other(format), &opts);
        }
        match dimensions(format, &bytes) {
            Ok(dims) => finish(&file, Header::Known(format, dims), &opts),
            // The frame header lies past the slice: the whole file, then.
            Err(_) if u64::try_from(bytes.len()).unwrap_or(u64::MAX) < size => {
                let whole = file.clone();
                read(&whole, move |bytes| {
                    let dims = dimensions(format, &bytes?).map_err(fail)?;
                    finish(&file, Header::Known(format, dims), &opts)
                })
            }
            Err(e) => Err(fail(e)),
        }
    })
}

/// `file` itself when it is upright and small enough; else what the
/// browser's decoder makes of it, or why it cannot.
fn finish(file: &JsValue, header: Header, opts: &PrepareOptions) -> Result<JsValue, Failure> {
    let (format, known, work) = match header {
        Header::Known(known, dims) => {
            let (width, height) = dims.display_size();
            let orientation = dims.orientation;
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
            (None, Some(known), work)
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
            None,
            format!("convert {} to {}", f.describe(), opts.mime_type),
        ),
    };
    if !can_redraw() {
        return Err(fail(Error::new(
            ErrorCode::UnsupportedEnvironment,
            format!("prepareImage needs createImageBitmap and OffscreenCanvas to {work}, which this runtime lacks (browsers and workers have them)"),
        )));
    }
    let mime_type = opts.mime_type;
    let redrawn = redraw(file, opts.max_dimension, mime_type, opts.quality);
    let file = file.clone();
    Ok(then(&redrawn, move |ok, value| match (ok, known) {
        (true, _) => Ok(value),
        // A JPEG or PNG the decoder refused is most often one cut off mid-upload:
        // say so, as encodeImage does, rather than "could not be decoded".
        (false, Some(known)) => read(&file, move |bytes| {
            check_complete(known, &bytes?).map_err(fail)?;
            Err(redraw_failure(value, format, mime_type))
        }),
        (false, None) => Err(redraw_failure(value, format, mime_type)),
    })
    .into())
}

/// What `redraw` rejected with (`{ stage, cause }`), as a `PersonkitError`'s parts.
fn redraw_failure(failure: JsValue, format: Option<ImageFormat>, mime_type: &str) -> Failure {
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
            format!("this browser could not encode the image as {mime_type}"),
        )
    };
    (e, Some(cause))
}
