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
  PE: { code: '+51', shape: /^9\d{8}$/ },
  CO: { code: '+57', shape: /^3\d{9}$/ },
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
    this.country = MOBILES[country] === undefined ? undefined : country;
  }

  /** Counts `person`'s phone if it has no country code (after `completePhone`). */
  note(line, person) {
    const phone = person.phone;
    if (typeof phone !== 'string' || phone === '' || INTERNATIONAL.test(phone)) return;
    this.count += 1;
    this.first ??= line;
  }

  /** The note in the run's `words` (`then`: what happened to them), or null. */
  said(words, then) {
    if (this.count === 0) return null;
    const country = this.country && { code: MOBILES[this.country].code, what: words.mobiles[this.country] };
    return `${words.localPhones(this.count, this.first, then, country)}\n`;
  }
}
