// The one error class of personkit. Rust builds every instance (src/wasm/error.rs);
// the package entries re-export this class so `instanceof PersonkitError` works.
const PERSONAL = new Set(['body', 'existingPerson']);

export class PersonkitError extends Error {
  constructor(code, message, details) {
    super(message, details && details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'PersonkitError';
    this.code = code;
    // The rule's own words (the message is for people); one built by hand has only the message.
    this.detail = message;
    this.field = undefined;
    this.provider = undefined;
    this.status = undefined;
    this.providerCode = undefined;
    this.requestId = undefined;
    this.errors = [];
    this.retryAfter = undefined;
    this.retried = false;
    if (details) {
      for (const [k, v] of Object.entries(details)) {
        if (k === 'cause' || v === undefined) continue;
        // Readable as err.body / err.existingPerson, but not enumerable: a
        // logged error (console.log, util.inspect, a spread) does not print
        // the provider's raw answer or the person it holds.
        if (PERSONAL.has(k)) Object.defineProperty(this, k, { value: v, writable: true, configurable: true, enumerable: false });
        else this[k] = v;
      }
    }
  }

  // JSON.stringify(err) gives the fields a log needs: never the raw body or the
  // existing person, which may hold personal data.
  toJSON() {
    const { name, code, message, detail, field, provider, status, providerCode, requestId, errors, retryAfter, retried, attempts, reconciled } = this;
    return { name, code, message, detail, field, provider, status, providerCode, requestId, errors, retryAfter, retried, attempts, reconciled };
  }
}
