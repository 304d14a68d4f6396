// Whether a client's rejected createPerson proves that the call sent nothing:
// a NETWORK error whose connection was never made (refused, DNS), so no
// server saw the create. Equals and Verifik look up every attempt of a call
// that may have created the person before they send it again, so such an
// error also proves that the call made no person, and the next try of the
// same create needs no lookup first. (Horus repeats blindly and answers a
// repeat "already there": this says nothing about its earlier attempts.)
//
// The error carries no field for it: the core's technical text does
// (src/http/transport.rs, Outcome::NetworkBeforeSend: "…; the request was
// not sent"), and src/wasm/messages/apply.js reads the same `detail` to word
// NETWORK for people. `detail` is never localized or replaced by a caller's
// `messages`. Anything else (a browser's "Failed to fetch", a reset, a
// timeout, a thrown value) is "may have been sent": the safe reading.
export function sentNothing(err) {
  return err?.name === 'PersonkitError' && err.code === 'NETWORK'
    && typeof err.detail === 'string' && err.detail.includes('the request was not sent');
}
