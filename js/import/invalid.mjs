// enrolMany's INVALID_OPTIONS, made as the clients make theirs: a
// PersonkitError whose `message` is for people (personkit's words, in the
// run's locale), `detail` the technical English text that says what to fix
// (an unknown option with "did you mean", as the clients word theirs), and
// `field` the option it is about.
import wasm from '../../pkg/node/personkit.js';
import { pickLocale, wordsFor } from '../enrol-messages.mjs';

const PersonkitError = wasm.personkitErrorClass();

/** The error to throw; `locale` is the run's option (else setLocale's). */
export function invalidOptions(detail, { field, locale } = {}) {
  const l = pickLocale(locale) ?? pickLocale(wasm.getLocale()) ?? 'en';
  const { message } = wordsFor(l, undefined, 'INVALID_OPTIONS', field ?? '', detail);
  return new PersonkitError('INVALID_OPTIONS', message, { detail, ...(field !== undefined && { field }) });
}

/** "unknown option concurency (did you mean concurrency?); the options are …", the clients' wording. */
export function unknownOption(key, known, what = 'option') {
  const shown = String(key).slice(0, 40);
  const near = didYouMean(key, known);
  return `unknown ${what} ${shown}${near ? ` (did you mean ${near}?)` : ''}; the ${what}s are ${known.join(', ')}`;
}

const normal = (s) => s.toLowerCase().replace(/[-_\s]/g, '');

/**
 * The known name `key` most likely meant, or undefined: the same up to case
 * and `_`/`-`; one it starts (3+ characters); else the one nearest by edit
 * distance (adjacent letters swapped count one), within 1 for 3–4
 * characters, 2 for 5–8, 3 above, and not tied.
 */
export function didYouMean(key, known) {
  if (typeof key !== 'string' || key.length > 64) return undefined;
  const u = normal(key);
  if (u === '') return undefined;
  const normals = known.map((k) => [k, normal(k)]);
  const same = normals.find(([, n]) => n === u);
  if (same) return same[0];
  if (u.length >= 3) {
    const prefix = normals.find(([, n]) => n.length >= 3 && n.startsWith(u));
    if (prefix) return prefix[0];
  }
  const allowed = u.length <= 2 ? 0 : u.length <= 4 ? 1 : u.length <= 8 ? 2 : 3;
  let best;
  let bestD = Infinity;
  let tie = false;
  for (const [k, n] of normals) {
    if (Math.abs(n.length - u.length) > allowed) continue;
    const d = distance(u, n);
    if (d < bestD) [best, bestD, tie] = [k, d, false];
    else if (d === bestD) tie = true;
  }
  return bestD <= allowed && !tie ? best : undefined;
}

/** Edit distance with adjacent transpositions (optimal string alignment). */
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) d[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
