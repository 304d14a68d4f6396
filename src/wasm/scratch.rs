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
//!
//! The buffers are taken out of their slot while Rust uses them and put
//! back after. Should a call never finish (the engine unwound it, e.g. at
//! the stack limit), they stay out: the next call makes new ones (the old
//! ones are never freed, as JS may still hold their addresses).

use std::cell::Cell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/convert.js")]
extern "C" {
    #[wasm_bindgen(js_name = setScratch, catch)]
    fn set_scratch(
        memory: &JsValue,
        addresses: &[u32],
        codes: &js_sys::Array,
    ) -> Result<(), JsValue>;
}

#[wasm_bindgen(module = "/src/wasm/convert/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = setErrorScratch, catch)]
    fn set_error_scratch(
        memory: &JsValue,
        addresses: &[u32],
        codes: &js_sys::Array,
        ascii_decoder: &JsValue,
    ) -> Result<(), JsValue>;
}

#[wasm_bindgen(module = "/src/wasm/image/image.js")]
extern "C" {
    /// The runtime's fastest way from ASCII bytes to a string (one place for
    /// both images and error texts).
    #[wasm_bindgen(js_name = asciiDecoder, catch)]
    fn ascii_decoder() -> Result<JsValue, JsValue>;
}

/// Words of `info`: how the last walk went (see `convert.js`).
pub(crate) const INFO: usize = 11;
/// The word of `info` where Rust notes its stack (a test reads it).
pub(crate) const MARK: usize = 7;
/// The words of `info` for a member left out for its size: field, item, amount.
pub(crate) const OVERSIZE: usize = 8;
const RECORD_WORDS: usize = 3 * 1024;
const NUMBERS: usize = 256;
const TEXT_BYTES: usize = 16 * 1024;

/// The buffers (see the module docs).
pub(crate) struct Scratch {
    pub(crate) info: Vec<u32>,
    pub(crate) rec: Vec<u32>,
    pub(crate) nums: Vec<f64>,
    pub(crate) text: Vec<u8>,
    /// Walks that wrote here so far (counted across rebuilt buffers).
    pub(crate) generation: u64,
    /// JS was told where these buffers are.
    announced: bool,
}

thread_local! {
    static SCRATCH: Cell<Option<Box<Scratch>>> = const { Cell::new(None) };
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    /// A walk is writing the buffers (a getter of the payload may be running
    /// a validator of its own, which must then keep out of them).
    static WALKING: Cell<bool> = const { Cell::new(false) };
    /// The highest stack mark each call site saw (see [`stack_mark`]).
    static TOP_MARK: [Cell<u32>; 2] = const { [Cell::new(0), Cell::new(0)] };
    /// A stack mark came out lower than the top one: an exception unwound
    /// wasm frames (at the stack limit) and left Rust's stack pointer behind.
    /// From then on every call first makes sure the stack has room.
    static CAREFUL: Cell<bool> = const { Cell::new(false) };
}

/// Where [`stack_mark`] was called from: a validation, `encodeImage`.
pub(crate) const VALIDATION: usize = 0;
pub(crate) const ENCODE: usize = 1;

/// Notes where a top-level call's stack is (`mark`: the address of a local
/// in the same frame of call site `site` every time); a lower one than
/// before means Rust's stack pointer was left behind, and calls turn careful.
pub(crate) fn stack_mark(site: usize, mark: u32) {
    let top = TOP_MARK.with(|t| t.get(site).map_or(0, Cell::get));
    if mark > top {
        TOP_MARK.with(|t| t.get(site).map(|c| c.set(mark)));
    } else if mark < top {
        CAREFUL.with(|c| c.set(true));
    }
}

/// From now on, calls check the stack's room first (the walk met the stack limit).
pub(crate) fn turn_careful() {
    CAREFUL.with(|c| c.set(true));
}

/// Whether calls must check the stack's room first (see [`stack_mark`]).
pub(crate) fn careful() -> bool {
    CAREFUL.with(Cell::get)
}

/// Runs the JS walk `f`, marked as writing the buffers. A walk that ran
/// (`ran(&out)`: JS was not inside another) proves no walk is under way, so
/// the mark is cleared, also one left behind by a call that never finished.
pub(crate) fn walk<T>(f: impl FnOnce() -> T, ran: impl FnOnce(&T) -> bool) -> T {
    let outer = WALKING.with(|w| w.replace(true));
    let out = f();
    WALKING.with(|w| w.set(outer && !ran(&out)));
    out
}

/// Whether a walk is writing the buffers (we are inside one of its getters).
pub(crate) fn walking() -> bool {
    WALKING.with(Cell::get)
}

/// Makes the buffers and tells JS where they are, the first time (or when
/// the last ones never came back, or JS could not be told); after that,
/// does nothing.
pub(crate) fn ensure() {
    // During a walk (a getter's own validation) the buffers are in their slot.
    let slot = SCRATCH.with(Cell::take);
    let mut s = match slot {
        Some(s) if s.announced => {
            SCRATCH.with(|c| c.set(Some(s)));
            return;
        }
        Some(s) => s,
        None => Box::new(Scratch {
            info: vec![0; INFO],
            rec: vec![0; RECORD_WORDS],
            nums: vec![0.0; NUMBERS],
            text: vec![0; TEXT_BYTES],
            generation: 0,
            announced: false,
        }),
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
    let codes: js_sys::Array = crate::error::ErrorCode::ALL
        .iter()
        .map(|c| JsValue::from_str(c.as_str()))
        .collect();
    // Told or not, the buffers are kept: JS may hold their addresses.
    let memory = wasm_bindgen::memory();
    s.announced = ascii_decoder()
        .and_then(|decoder| set_error_scratch(&memory, &addresses, &codes, &decoder))
        .and_then(|()| set_scratch(&memory, &addresses, &codes))
        .is_ok();
    SCRATCH.with(|c| c.set(Some(s)));
}

/// Runs `f` on the buffers, counting a new generation first when `new_walk`
/// (a walk just wrote them). `None` if they do not exist, are out, or JS was
/// never told where they are.
pub(crate) fn with<T>(new_walk: bool, f: impl FnOnce(&mut Scratch) -> T) -> Option<T> {
    let mut s = SCRATCH.with(Cell::take)?;
    if !s.announced {
        SCRATCH.with(|c| c.set(Some(s)));
        return None;
    }
    if new_walk {
        GENERATION.with(|g| g.set(g.get() + 1));
    }
    s.generation = GENERATION.with(Cell::get);
    let out = f(&mut s);
    SCRATCH.with(|c| c.set(Some(s)));
    Some(out)
}
