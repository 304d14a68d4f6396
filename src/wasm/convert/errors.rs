//! A rejected payload's errors, from Rust to JS through wasm memory.

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::{last_resort, or_last_resort, scratch, FieldNames};
use crate::error::FieldError;

#[wasm_bindgen(module = "/src/wasm/convert/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = failWith)]
    fn fail_with(
        count: u32,
        rec_at: u32,
        text_at: u32,
        bytes: u32,
        ascii: bool,
        fields: &Array,
    ) -> JsValue;
}

/// Length in UTF-16 code units, as JS `String#slice` counts.
fn utf16_len(s: &str) -> u32 {
    u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// `{ ok: false, errors: [{ field, code, message }] }` for `fields`' provider.
///
/// Each error is three words (the field as an index into `fields`, or
/// `FIELD_TEXT | length` when its text follows; the code as an index into
/// `ErrorCode::ALL`, whose strings JS holds; the message's length) and the
/// texts back to back, lengths in UTF-16 units as JS slices them. They go in
/// the scratch buffers: no allocation, one decode, and JS reuses its own
/// strings for documented names and codes. Errors too many for them (over a
/// thousand, or 16 KiB of text) go the same way through buffers of their own.
///
/// Only the errors whose code has its bit in `details` (an index of
/// `ErrorCode::ALL`) carry their message; the others have an empty one,
/// which the words for people replace (`messages.rs`).
#[must_use]
pub fn fail(errors: &[FieldError], fields: &FieldNames, details: u64) -> JsValue {
    if let Some(capped) = crate::validate::capped(errors) {
        return fail(&capped, fields, details);
    }
    let Ok(count) = u32::try_from(errors.len()) else {
        return last_resort();
    };
    // JS reads wasm memory and the code strings through what this sets.
    scratch::ensure();
    // Not the scratch buffers inside a getter of a walk under way: its records are there.
    let in_scratch = (!scratch::walking()).then(|| {
        scratch::with(true, |s| {
            let bytes = write_errors(errors, fields.names, details, &mut s.rec, &mut s.text)?;
            Some((address(s.rec.as_ptr()), address(s.text.as_ptr()), bytes))
        })
    });
    if let Some(Some(Some((rec_at, text_at, (bytes, ascii))))) = in_scratch {
        return or_last_resort(fail_with(count, rec_at, text_at, bytes, ascii, &fields.js));
    }
    let mut rec = vec![0; errors.len() * 3];
    let mut text = vec![0; errors.iter().map(|e| e.field.len() + e.message.len()).sum()];
    match write_errors(errors, fields.names, details, &mut rec, &mut text) {
        Some((bytes, ascii)) => or_last_resort(fail_with(
            count,
            address(rec.as_ptr()),
            address(text.as_ptr()),
            bytes,
            ascii,
            &fields.js,
        )),
        None => last_resort(), // sized above: not reached
    }
}

/// Where `p` is in wasm memory (wasm32 addresses fit a u32).
fn address<T>(p: *const T) -> u32 {
    u32::try_from(p as usize).unwrap_or(0)
}

/// Marks a field word whose text follows in the buffer (the low bits are its length).
const FIELD_TEXT: u32 = 1 << 31;

/// Writes `errors` as `fail` describes; the text's length in bytes and
/// whether it is all ASCII, or `None` when they do not fit.
fn write_errors(
    errors: &[FieldError],
    names: &[&str],
    details: u64,
    rec: &mut [u32],
    text: &mut [u8],
) -> Option<(u32, bool)> {
    let words = rec.get_mut(..errors.len().checked_mul(3)?)?;
    let mut at = 0;
    let mut ascii = true;
    for (e, word) in errors.iter().zip(words.chunks_exact_mut(3)) {
        let field = match field_index(names, &e.field) {
            Some(i) => u32::try_from(i).ok()?,
            None => FIELD_TEXT | put_text(text, &mut at, &e.field, &mut ascii)?,
        };
        let wanted = details.checked_shr(e.code as u32).unwrap_or(0) & 1 == 1;
        let message = put_text(
            text,
            &mut at,
            if wanted { &e.message } else { "" },
            &mut ascii,
        )?;
        word.copy_from_slice(&[field, e.code as u32, message]); // chunks of exactly 3
    }
    Some((u32::try_from(at).ok()?, ascii))
}

/// Where `field` is among the documented `names`: usually the very same
/// string (the rules borrow the provider's own names), found by address
/// before any text is compared.
fn field_index(names: &[&str], field: &str) -> Option<usize> {
    names
        .iter()
        .position(|n| std::ptr::eq(*n, field))
        .or_else(|| names.iter().position(|n| *n == field))
}

/// Appends `s` to `text` at `at`; its length in UTF-16 units, or `None` when
/// it does not fit. `ascii` is cleared if `s` is not ASCII.
fn put_text(text: &mut [u8], at: &mut usize, s: &str, ascii: &mut bool) -> Option<u32> {
    let end = at.checked_add(s.len())?;
    text.get_mut(*at..end)?.copy_from_slice(s.as_bytes());
    *at = end;
    if s.is_ascii() {
        u32::try_from(s.len()).ok()
    } else {
        *ascii = false;
        Some(utf16_len(s))
    }
}
