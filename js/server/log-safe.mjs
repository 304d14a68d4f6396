// What of a provider's answer, or of an error a callback threw, a log line
// may hold. A provider may quote the person in its error code or request id,
// and not as they were sent: upper-cased, accents dropped, a DNI with dots
// (`DUP 73.914.628`), two short names run together (`LIWU`). A log never
// holds personal data, so each text is compared folded (case, accents,
// separators and all) and left out when it holds any of the person.

const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const flat = (s) => s.replace(/[^\p{L}\p{N}]/gu, '');
const digitsOf = (s) => s.replace(/\D/g, '');

/**
 * The person's string values in a body (not the server's own fields, not
 * images), as `loggable` compares them: their words of 3 characters or more,
 * each value without its separators (4 or more), and its digits (4 or more).
 */
export function personMarks(payload, serverFields) {
  const marks = { words: new Set(), wholes: new Set(), digits: new Set() };
  const walk = (v, depth) => {
    if (typeof v === 'string') {
      if (v.length > 1024) return;
      const text = fold(v);
      for (const w of text.split(/[^\p{L}\p{N}]+/u)) if (w.length >= 3) marks.words.add(w);
      const whole = flat(text);
      if (whole.length >= 4) marks.wholes.add(whole);
      const digits = digitsOf(text);
      if (digits.length >= 4) marks.digits.add(digits);
    } else if (v && typeof v === 'object' && depth < 4) {
      for (const x of Object.values(v)) walk(x, depth + 1);
    }
  };
  for (const [k, v] of Object.entries(payload ?? {})) if (!Object.hasOwn(serverFields, k)) walk(v, 0);
  // Short values run together (`Li` and `Wu` as `LIWU`), in either order.
  const short = Object.entries(payload ?? {})
    .filter(([k, v]) => !Object.hasOwn(serverFields, k) && typeof v === 'string' && flat(fold(v)).length < 4)
    .map(([, v]) => flat(fold(v)))
    .filter((v) => v.length > 0);
  for (const a of short) for (const b of short) if (a !== b && (a + b).length >= 4) marks.wholes.add(a + b);
  return marks;
}

/**
 * A provider's own code or request id for a log line, or undefined when it
 * holds an email, a word of the person, a value of theirs written without
 * its separators, or a run of their digits (either within the other).
 */
export function loggable(v, marks) {
  if (typeof v !== 'string' || v.length > 128 || v.includes('@')) return undefined;
  const text = fold(v);
  const whole = flat(text);
  const digits = digitsOf(text);
  const runs = text.match(/\d{4,}/g) ?? [];
  for (const w of marks.words) if (text.includes(w)) return undefined;
  for (const w of marks.wholes) if (whole.includes(w)) return undefined;
  for (const d of marks.digits) {
    if (digits.includes(d) || runs.some((r) => d.includes(r))) return undefined;
  }
  return v;
}

/**
 * An error's `name` or `code` for a log line, when it is shaped like one (an
 * identifier, no `@`, no run of six digits: a DNI, a phone, a date), else
 * undefined: a callback's error may be named after the person.
 */
export function nameLike(v) {
  return typeof v === 'string' && /^[\p{L}\p{N}_$.:-]{1,64}$/u.test(v) && !/\d{6}/.test(v) ? v : undefined;
}
