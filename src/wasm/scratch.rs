//! Buffers in wasm memory that the JS walk (`convert.js`) writes a payload's
//! records, numbers and text into directly, so reading a usual payload takes
//! no allocation and no copy call. Their addresses are handed to JS once;
//! they are allocated at their full length and never grow, so the addresses
//! hold. A payload too big for them is copied out instead (see `convert.rs`).
//!
//! JS writes only while `walkJson` runs, when nothing in Rust borrows the
//! buffers; Rust reads them right after, and a generation number tells a
//! reader whether a later walk has overwritten what it came for. A rejected
//! payload's errors go back to JS through the same buffers (`convert::fail`).

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/convert.js")]
extern "C" {
    #[wasm_bindgen(js_name = setScratch)]
    fn set_scratch(
        memory: &JsValue,
        addresses: &[u32],
        codes: js_sys::Array,
        ascii_decoder: &JsValue,
    );
}

#[wasm_bindgen(module = "/src/wasm/image/image.js")]
extern "C" {
    /// The runtime's fastest way from ASCII bytes to a string (one place for
    /// both images and error texts).
    #[wasm_bindgen(js_name = asciiDecoder)]
    fn ascii_decoder() -> JsValue;
}

/// Words of `info`: how the last walk went (see `convert.js`).
pub(crate) const INFO: usize = 8;
const RECORD_WORDS: usize = 3 * 1024;
const NUMBERS: usize = 256;
const TEXT_BYTES: usize = 16 * 1024;

/// The buffers (see the module docs).
pub(crate) struct Scratch {
    pub(crate) info: Vec<u32>,
    pub(crate) rec: Vec<u32>,
    pub(crate) nums: Vec<f64>,
    pub(crate) text: Vec<u8>,
    /// Walks that wrote here so far.
    pub(crate) generation: u64,
}

thread_local! {
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
    /// A walk is writing the buffers (a getter of the payload may be running
    /// a validator of its own, which must then keep out of them).
    static WALKING: Cell<bool> = const { Cell::new(false) };
}

/// Runs the JS walk `f`, marked as writing the buffers.
pub(crate) fn walk<T>(f: impl FnOnce() -> T) -> T {
    let outer = WALKING.with(|w| w.replace(true));
    let out = f();
    WALKING.with(|w| w.set(outer));
    out
}

/// Whether a walk is writing the buffers (we are inside one of its getters).
pub(crate) fn walking() -> bool {
    WALKING.with(Cell::get)
}

/// Makes the buffers and tells JS where they are, the first time; after
/// that, does nothing.
pub(crate) fn ensure() {
    SCRATCH.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return;
        };
        if slot.is_some() {
            return;
        }
        let mut s = Scratch {
            info: vec![0; INFO],
            rec: vec![0; RECORD_WORDS],
            nums: vec![0.0; NUMBERS],
            text: vec![0; TEXT_BYTES],
            generation: 0,
        };
        // wasm32 addresses and lengths fit a u32.
        let at = |p: usize| u32::try_from(p).unwrap_or(0);
        let addresses = [
            at(s.info.as_mut_ptr() as usize),
            at(s.rec.as_mut_ptr() as usize),
            at(s.rec.len()),
            at(s.nums.as_mut_ptr() as usize),
            at(s.nums.len()),
            at(s.text.as_mut_ptr() as usize),
            at(s.text.len()),
        ];
        // Error codes go to JS once; rejected payloads then send their index.
        let codes = crate::error::ErrorCode::ALL
            .iter()
            .map(|c| JsValue::from_str(c.as_str()))
            .collect();
        set_scratch(&wasm_bindgen::memory(), &addresses, codes, &ascii_decoder());
        *slot = Some(s);
    });
}

/// Runs `f` on the buffers, counting a new generation first when `new_walk`
/// (a walk just wrote them). `None` if they do not exist or are borrowed.
pub(crate) fn with<T>(new_walk: bool, f: impl FnOnce(&mut Scratch) -> T) -> Option<T> {
    SCRATCH.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let s = slot.as_mut()?;
        if new_walk {
            s.generation += 1;
        }
        Some(f(s))
    })
}
