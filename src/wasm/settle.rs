//! Awaiting a JS promise from Rust without two new closures per await.
//!
//! `JsFuture` makes a resolve and a reject closure for every promise, and
//! each registers with a `FinalizationRegistry`: on a create, most of the
//! edge's own cost. Here one callback is made once per thread and handed to
//! `transport.js`, which calls it with a slot number when a promise settles;
//! the slot holds the outcome and the waker of the future that waits.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use wasm_bindgen::prelude::*;

/// One awaited promise: its outcome once settled, and who waits for it.
#[derive(Default)]
struct Slot {
    outcome: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
}

/// Slots by number; freed numbers are reused.
#[derive(Default)]
struct Slots {
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
}

thread_local! {
    static SLOTS: RefCell<Slots> = RefCell::new(Slots::default());
    /// `(slot, ok, value)`, the one callback `transport.js` settles with.
    static SETTLE: Closure<dyn FnMut(u32, bool, JsValue)> =
        Closure::new(|slot, ok, value: JsValue| settle(slot, if ok { Ok(value) } else { Err(value) }));
}

/// The callback to hand to JS with [`Settled::slot`].
pub(crate) fn callback<R>(with: impl FnOnce(&JsValue) -> R) -> R {
    SETTLE.with(|c| with(c.as_ref()))
}

/// A future for the promise JS will settle into a new slot.
pub(crate) struct Settled {
    slot: u32,
}

impl Settled {
    /// Takes a slot; give [`Settled::slot`] and [`callback`] to the JS that
    /// settles it.
    pub(crate) fn new() -> Self {
        let slot = SLOTS.with(|s| {
            let Ok(mut s) = s.try_borrow_mut() else {
                return u32::MAX;
            };
            match s.free.pop() {
                Some(slot) => {
                    if let Some(place) = s.slots.get_mut(slot as usize) {
                        *place = Some(Slot::default());
                    }
                    slot
                }
                None => {
                    s.slots.push(Some(Slot::default()));
                    u32::try_from(s.slots.len() - 1).unwrap_or(u32::MAX)
                }
            }
        });
        Self { slot }
    }

    /// The slot's number.
    pub(crate) fn slot(&self) -> u32 {
        self.slot
    }
}

impl Future for Settled {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        SLOTS.with(|s| {
            let Ok(mut s) = s.try_borrow_mut() else {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            };
            let Some(Some(slot)) = s.slots.get_mut(self.slot as usize) else {
                return Poll::Ready(Err(JsValue::from_str(
                    "personkit: a promise slot went missing",
                )));
            };
            match slot.outcome.take() {
                Some(outcome) => Poll::Ready(outcome),
                None => {
                    slot.waker = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
    }
}

impl Drop for Settled {
    fn drop(&mut self) {
        SLOTS.with(|s| {
            let Ok(mut s) = s.try_borrow_mut() else {
                return;
            };
            if let Some(place @ Some(_)) = s.slots.get_mut(self.slot as usize) {
                *place = None;
                s.free.push(self.slot);
            }
        });
    }
}

/// JS settled slot `slot`: keep the outcome, wake the future. A slot whose
/// future is gone (never, in the attempt loop) is ignored. Never re-entered:
/// JS settles from a promise reaction, never while Rust holds the slots.
fn settle(slot: u32, outcome: Result<JsValue, JsValue>) {
    let waker = SLOTS.with(|s| {
        let mut s = s.try_borrow_mut().ok()?;
        let Some(Some(place)) = s.slots.get_mut(slot as usize) else {
            return None;
        };
        place.outcome = Some(outcome);
        place.waker.take()
    });
    if let Some(waker) = waker {
        waker.wake();
    }
}
