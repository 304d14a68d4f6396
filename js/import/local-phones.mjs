// A mobile number without its country code (987654321): Equals takes it as
// typed, and which country it belongs to is not personkit's to guess (the
// signup page says the same under its field). The CLI counts such values and
// says so once, with the first line, never a value. Never completed: a +51
// added to a Colombian number would be another person's phone.

/** Written with its country code: `+51 …`, `(+51) …` or `0051 …`. */
const INTERNATIONAL = /^\s*(\(\s*)?(\+|00)/;

export class LocalPhones {
  count = 0;
  first = null;

  /** Counts `person`'s phone if it has no country code. */
  note(line, person) {
    const phone = person.phone;
    if (typeof phone !== 'string' || phone === '' || INTERNATIONAL.test(phone)) return;
    this.count += 1;
    this.first ??= line;
  }

  /** The note (`then`: what happened to them), or null. */
  said(then) {
    if (this.count === 0) return null;
    const n = this.count === 1 ? '1 phone number has' : `${this.count} phone numbers have`;
    return `note: ${n} no country code, the first on line ${this.first}: ${then}. `
      + 'For a Peruvian mobile put +51 in front, for a Colombian one +57 (personkit adds nothing: which country is not its to guess)\n';
  }
}
