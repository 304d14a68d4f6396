// A body a parser before the route already took (an app-wide express.json()
// with a number it could not hold, multer): toNodeHandler cannot hand it to
// the handler, so it hands the refusal, which the handler answers at the
// body's step, after Origin, authorize and the key. Answered before them, a
// refused origin or a visitor authorize would turn away got the body's
// 400 or 500, and a 500 nobody's logger saw.

/** Request → `[status, code, message]`, set by toNodeHandler only. */
export const preReadRefusal = new WeakMap();
