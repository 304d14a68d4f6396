//! `prepareImage`: a photo made upright and small enough by the browser's own
//! decoder, before `encodeImage`.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::options::{prepare_options, PrepareOptions};
use super::source::{blob_size, fail, is_blob_like, read_blob, Failure};
use super::{can_redraw, redraw};
use crate::error::{Error, ErrorCode};
use crate::image::{dimensions, sniff, ImageFormat, ImageLimits};
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
