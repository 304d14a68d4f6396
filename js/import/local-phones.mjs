// A mobile number without its country code (987654321): Equals takes it as
// typed, and which country it belongs to is not personkit's to guess (the
// signup page says the same under its field). The CLI counts such values and
// says so once, with the first line, never a value. Completed only when the
// user names the country (--phone-country), and then only a number shaped as
// that country's mobile: a +51 added to a Colombian number would be another
// person's phone.

/** Written with its country code: `+51 …`, `(+51) …` or `0051 …`. */
const INTERNATIONAL = /^\s*(\(\s*)?(\+|00)/;

/** The countries --phone-country takes: their code and the shape of their mobiles (spaces, dots, dashes and brackets aside). */
export const MOBILES = {
  PE: { code: '+51', shape: /^9\d{8}$/, what: 'a Peruvian mobile (9 digits, the first a 9)' },
  CO: { code: '+57', shape: /^3\d{9}$/, what: 'a Colombian mobile (10 digits, the first a 3)' },
};

/** Puts the country code in front of `person`'s phone when it has none and is shaped as a mobile of `country` (--phone-country). */
export function completePhone(person, country) {
  const mobile = MOBILES[country];
  const phone = person.phone;
  if (mobile === undefined || typeof phone !== 'string' || INTERNATIONAL.test(phone)) return;
  const digits = phone.replace(/[\s().-]/g, '');
  if (mobile.shape.test(digits)) person.phone = `${mobile.code}${digits}`;
}

export class LocalPhones {
  count = 0;
  first = null;

  /** @param {'PE'|'CO'|undefined} country  --phone-country */
  constructor(country) {
    this.mobile = MOBILES[country];
  }

  /** Counts `person`'s phone if it has no country code (after `completePhone`). */
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
    if (this.mobile) {
      return `note: ${n} no country code and ${this.count === 1 ? 'is' : 'are'} not ${this.mobile.what}, the first on line ${this.first}: ${then}. `
        + `--phone-country put ${this.mobile.code} in front of the others only\n`;
    }
    return `note: ${n} no country code, the first on line ${this.first}: ${then}. `
      + 'For a Peruvian mobile put +51 in front, for a Colombian one +57, or run with --phone-country PE (or CO), '
      + 'which puts it in front of the numbers shaped as that country\'s mobiles (personkit adds nothing unasked: which country is not its to guess)\n';
  }
}
