//! Near the JS stack limit: a JS exception must never unwind through wasm
//! frames, so once one has (calls "turn careful", see `scratch`), every
//! export first asks JS whether the stack has room for the whole call, and
//! answers a result made ahead when it has not.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

use super::scratch;

#[wasm_bindgen(module = "/src/wasm/convert/safe.js")]
extern "C" {
    #[wasm_bindgen(js_name = unreadableResult, catch)]
    fn unreadable_result() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = room, catch)]
    fn room_js(frames: u32) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = throwOnce, catch)]
    fn throw_once() -> Result<(), JsValue>;
    /// Throws a `RangeError` (no `catch`: the export calling it holds nothing).
    #[wasm_bindgen(js_name = noRoom)]
    fn no_room_js();
}

/// Runs once, on the first call: what the stack limit may need later is
/// compiled now, while there is room (a function's first call needs much
/// more stack than the next ones).
pub(crate) fn warm_up() {
    thread_local!(static WARM: Cell<bool> = const { Cell::new(false) });
    if !WARM.with(|w| w.replace(true)) {
        // wasm-bindgen's table of JS values grows while holding a borrow
        // (see `keep_slots_free`): grown now, far past what calls hold at
        // once, the first call to meet the stack limit, before calls turned
        // careful, is unlikely to be the one that grows it.
        hold_slots::<WARM_SLOTS>();
        let _ = room_js(1);
        let _ = throw_once();
        let _ = last_resort();
    }
}

thread_local! {
    /// `{ ok: false, errors: [the payload could not be read] }`, frozen,
    /// made on the first call (see [`last_resort`]).
    static UNREADABLE: Cell<Option<JsValue>> = const { Cell::new(None) };
}

/// The answer of last resort, when not even the error list can be built
/// (the stack limit): made ahead, on a call that had room (`false` if it
/// never could be made).
#[must_use]
pub fn last_resort() -> JsValue {
    let made = UNREADABLE
        .with(Cell::take)
        .or_else(|| unreadable_result().ok());
    let answer = made.clone().unwrap_or(JsValue::FALSE);
    UNREADABLE.with(|u| u.set(made));
    answer
}

/// `answer`, unless JS caught an exception building it (`null`).
pub(crate) fn or_last_resort(answer: JsValue) -> JsValue {
    if answer.is_null() {
        last_resort()
    } else {
        answer
    }
}

/// Whether this call may go on: always, unless calls turned careful (an
/// exception once unwound wasm frames at the stack limit), when the JS stack
/// must first show room for the whole call. Call it first thing in an
/// export, before any frame that uses Rust's stack: an overflow here
/// unwinds nothing that could be left behind.
#[must_use]
pub fn room() -> bool {
    room_for(96)
}

/// Throws the `RangeError` of the stack limit, from JS: for an export that
/// found no room and has no answer to give instead. Call it last, from the
/// export's own frame, once every value it holds is dropped.
pub(crate) fn no_room() {
    no_room_js();
}

/// [`room`] for a call that needs more: `frames` of JS recursion (about
/// 150 bytes each) must fit.
#[must_use]
pub fn room_for(frames: u32) -> bool {
    if !scratch::careful() {
        return true;
    }
    let room = has_room(frames);
    if room {
        keep_slots_free();
    }
    room
}

/// [`keep_slots_free`], once calls turned careful: for a call that asks
/// [`has_room`] every time.
pub(crate) fn spare_slots_if_careful() {
    if scratch::careful() {
        keep_slots_free();
    }
}

/// Free slots kept in wasm-bindgen's table of JS values once calls turned
/// careful (see [`keep_slots_free`]).
const SPARE_SLOTS: usize = 32;

/// Leaves at least [`SPARE_SLOTS`] slots free in wasm-bindgen's table of the
/// JS values Rust holds. An export takes a slot for each argument before its
/// body runs; a `RangeError` met there (the stack limit) leaves them taken.
/// When the table then has to grow, it does so while holding its own
/// borrow, and the stack limit met in that moment would leave the borrow
/// behind: every later call would trap. Made and dropped here, on a call
/// that has shown room, the spare slots let the next calls' arguments be
/// placed without growing it.
fn keep_slots_free() {
    hold_slots::<SPARE_SLOTS>();
}

/// Slots the table is grown to hold free on the first call (see [`warm_up`]).
const WARM_SLOTS: usize = 512;

/// Takes `N` slots of wasm-bindgen's table at once and gives them back.
fn hold_slots<const N: usize>() {
    let held: [JsValue; N] = std::array::from_fn(|_| JsValue::from_f64(0.0));
    drop(held);
}

/// Whether `frames` of JS recursion fit on the stack now (asked always by
/// calls that cost far more than asking: `encodeImage`).
#[must_use]
pub fn has_room(frames: u32) -> bool {
    room_js(frames).unwrap_or(false)
}
