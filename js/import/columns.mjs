// Columns → the neutral person: by header name (case, accents, spaces, `_`
// and `-` ignored, a few common aliases in English and Spanish), or by a
// mapping file { "Header": "field" }. Cells as sheets write them become what
// the providers take: a date in the order the sheet names, a sex or a
// nationality in words as its code, a name split in two columns as one.
// `photo` holds file paths (several separated by `|`), read relative to the
// input file or --photos-dir, and only when the row is sent or checked.
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { isoDate, namedDateFormat } from './dates.mjs';
import { FIELDS, norm, withoutNote, ALIASES, WHOLE_NAMES, GIVEN_NAMES_FIRST, PARTS, LANDLINE, SEXES, SEXES_HM, COUNTRIES } from './sheet-words.mjs';
import { splitAtComma } from './whole-names.mjs';

const PROVIDERS = ['verifik', 'equals', 'horus'];

/**
 * What a header names, read by its words: `{ field, part }` (part 0 or 1 of
 * a field split in two, PARTS), or undefined. As written first, then
 * without its note in brackets, unless the note says a phone is not a
 * mobile (`Teléfono (fijo)`: Equals takes a mobile number).
 */
function fieldNamed(h) {
  const n = norm(h);
  const field = ALIASES.get(n);
  if (field !== undefined) return { field };
  const split = PARTS.get(n) ?? PARTS.get(withoutNote(h));
  if (split !== undefined) return { field: split[0], part: split[1] };
  const noted = ALIASES.get(withoutNote(h));
  return noted === undefined || (noted === 'phone' && LANDLINE.test(n)) ? undefined : { field: noted };
}

/** A mapping target: a field, `photo`, `extras.<provider>.<field>` (or `<provider>.<field>`), or null (ignored). */
function target(name) {
  if (name === null) return null;
  if (FIELDS.includes(name) || name === 'photo' || name === 'photos') return name === 'photos' ? 'photo' : name;
  const m = /^(?:extras\.)?(verifik|equals|horus)\.([A-Za-z_][\w]*)$/.exec(name);
  return m ? `extras.${m[1]}.${m[2]}` : undefined;
}

/** A sex column's header that names its letters: "Sexo (H/M)" as Spain writes them, "Sexo (M/F)". */
const LETTERS_HM = /\(\s*(?:h\s*\/\s*m|m\s*\/\s*h)\s*\)/i;
const LETTERS_MF = /\(\s*(?:m\s*\/\s*f|f\s*\/\s*m)\s*\)/i;

/**
 * The plan for a header: which column fills what, and which columns are not used.
 * @param {string[]} header  @param {Record<string, string|null>} [mapping]
 */
export function planColumns(header, mapping = {}) {
  const errors = [];
  for (const [h, t] of Object.entries(mapping)) {
    if (target(t) === undefined) errors.push(`mapping: "${h}" → "${t}" is not a field (${FIELDS.join(', ')}, photo, extras.<provider>.<field>, or null)`);
  }
  // A key is the header's name as written, else as headers match field names (case, accents,
  // spaces): `"cargo"` for a column `Cargo` filled nothing, and the rows went without it for good.
  const loose = new Map();
  for (const k of Object.keys(mapping)) {
    if (header.includes(k)) continue;
    loose.set(norm(k), loose.has(norm(k)) ? null : k); // two keys alike: neither is guessed
  }
  const keyOf = (h) => (Object.hasOwn(mapping, h) ? h : loose.get(norm(h)) ?? undefined);
  const columns = [];
  const unused = [];
  const named = new Set();
  const mapped = new Set();
  for (const h of header) {
    const k = keyOf(h);
    if (k !== undefined) mapped.add(k);
    const byName = k === undefined ? fieldNamed(h) : undefined;
    const t = k !== undefined ? target(mapping[k]) : (byName?.field ?? target(h));
    // Columns of one name share a cell list (input.mjs): one entry reads them all.
    if (named.has(h)) {
      if (t !== null && t !== undefined && t !== 'photo') errors.push(`two columns are named "${h}"; rename one, or map "${h}" to photo or null`);
      continue;
    }
    named.add(h);
    if (t === null || (h === 'extras' && !Object.hasOwn(mapping, h))) continue;
    if (t === undefined) unused.push(h);
    else columns.push(byName?.part === undefined ? [h, t] : [h, t, byName.part]);
  }
  const halves = orderParts(columns, unused);
  const seen = new Map();
  for (const [h, t, part] of columns) {
    const what = part === 1 ? `${t} (its second part)` : t;
    if (t !== 'photo' && seen.has(what)) errors.push(`columns "${seen.get(what)}" and "${h}" both fill ${what}`);
    seen.set(what, h);
  }
  // The mapping's keys no column matched (a typo): named by the CLI.
  const absent = Object.keys(mapping).filter((k) => mapping[k] !== null && !mapped.has(k));
  const birth = columns.find(([, t]) => t === 'dateOfBirth')?.[0];
  const sex = columns.find(([, t]) => t === 'gender')?.[0];
  // Spain writes H (hombre) and M (mujer): there M is a woman. A header that says neither
  // letters is read for them by the CLI (sex-letters.mjs), before a row is sent.
  const sexes = sex !== undefined && LETTERS_HM.test(sex) ? SEXES_HM : SEXES;
  const sexToRead = sex !== undefined && !LETTERS_HM.test(sex) && !LETTERS_MF.test(sex) ? sex : undefined;
  // A whole name in one column ("Apellidos y Nombres"): read at its comma when no column fills a
  // name (whole-names.mjs); else, or under a header that puts the given names first, named by the CLI.
  const fills = (t) => columns.some(([, f]) => f === t);
  const wholes = fills('firstName') || fills('lastName') ? [] : unused.filter((h) => WHOLE_NAMES.has(norm(h)));
  const wholeName = wholes.find((h) => !GIVEN_NAMES_FIRST.has(norm(h)));
  if (wholeName !== undefined) {
    unused.splice(unused.indexOf(wholeName), 1);
    columns.push([wholeName, 'wholeName']);
  }
  const whole = fills('firstName') && fills('lastName') ? [] : unused.filter((h) => WHOLE_NAMES.has(norm(h)));
  return { columns, unused, halves, whole, wholeName, errors, absent, dateNote: birth === undefined ? undefined : namedDateFormat(birth), sexes, sexToRead };
}

/**
 * A field split in two columns (PARTS): a second part without its first is a
 * column not used (returned as [column, field] for the CLI to say why); each
 * other second part is put right after its first, so that `toPerson` joins
 * them in that order.
 */
function orderParts(columns, unused) {
  const halves = [];
  for (const second of columns.filter(([, , part]) => part === 1)) {
    const [h, t] = second;
    columns.splice(columns.indexOf(second), 1);
    const first = columns.findIndex(([, f, part]) => f === t && part === 0);
    if (first >= 0) columns.splice(first + 1, 0, second);
    else {
      unused.push(h);
      halves.push([h, t]);
    }
  }
  return halves;
}

const text = (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);

/**
 * The neutral person of one record, photos still as paths. Blank cells are
 * left out; text is trimmed; a date of birth in `dateFormat` (`--date-format`) is written YYYY-MM-DD.
 */
export function toPerson(cells, plan, dateFormat = 'yyyy-mm-dd') {
  const person = {};
  for (const [h, t, part] of plan.columns) {
    let v = cells[h];
    if (v === undefined || v === null) continue;
    if (t === 'photo') {
      const paths = (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split('|')).map((s) => s.trim()).filter(Boolean);
      if (paths.length > 0) (person.photos ??= []).push(...paths);
      continue;
    }
    v = text(v);
    if (typeof v === 'string') {
      v = v.trim();
      if (v === '') continue;
    }
    if (t === 'wholeName') {
      Object.assign(person, splitAtComma(v));
    } else if (t.startsWith('extras.')) {
      const [, p, f] = t.split('.');
      ((person.extras ??= {})[p] ??= {})[f] = v;
    } else if (part === 1 && person[t] !== undefined) {
      person[t] = `${person[t]} ${v}`;
    } else {
      person[t] = v;
    }
  }
  // A JSON Lines row may carry extras as an object. What is not a provider's group of fields
  // (a misspelt provider, a text) goes to the checks as it is, which refuse it: never dropped.
  const extras = cells.extras;
  if (extras !== undefined && extras !== null && extras !== '' && !plan.columns.some(([h]) => h === 'extras')) {
    if (typeof extras !== 'object' || Array.isArray(extras)) person.extras = extras;
    else {
      for (const [p, v] of Object.entries(extras)) {
        if (v === undefined || v === null) continue;
        const group = PROVIDERS.includes(p) && typeof v === 'object' && !Array.isArray(v);
        person.extras = { ...person.extras, [p]: group ? { ...v, ...person.extras?.[p] } : v };
      }
    }
  }
  if (person.dateOfBirth !== undefined) person.dateOfBirth = isoDate(person.dateOfBirth, dateFormat);
  if (typeof person.gender === 'string') person.gender = (plan.sexes ?? SEXES).get(norm(person.gender)) ?? person.gender;
  if (typeof person.nationality === 'string') person.nationality = COUNTRIES.get(norm(person.nationality)) ?? person.nationality;
  return person;
}

/**
 * The most bytes a photo may have: the validators' default `maxBytes`
 * (src/image/limits.rs DEFAULT_MAX_BYTES). A file past it is refused by its
 * size, unread: a video named by mistake was read whole, and past the
 * person's own size budget it was refused as "details too long", no photo named.
 */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** The row error of photo `i` over MAX_PHOTO_BYTES, in the run's `words`; `what` names it (a path), if anything does. */
export function photoTooLarge(i, words, what) {
  const text = words.photoTooLarge(i + 1);
  return Object.assign(new Error(what === undefined ? text : `${text}: ${what}`), { field: `photos[${i}]`, code: 'IMAGE_TOO_LARGE' });
}

/** Reads the photos a person names, as raw base64; a missing, unreadable or too large file is a field error, in the run's `words`. */
export async function withPhotos(person, dir, words) {
  if (!person.photos) return person;
  const paths = person.photos.map((path) => (isAbsolute(path) ? path : resolve(dir, path)));
  // Measured in order first: the first photo too large is the one named.
  for (const [i, full] of paths.entries()) {
    const st = await stat(full).catch(() => null); // missing: said by the read below
    // A folder, a device or a pipe: a read would fail, or never end.
    if (st && !st.isFile()) {
      throw Object.assign(new Error(words.notAFile(person.photos[i])), { field: `photos[${i}]`, code: 'PHOTO_UNREADABLE' });
    }
    if (st && st.size > MAX_PHOTO_BYTES) throw photoTooLarge(i, words, person.photos[i]);
  }
  const photos = await Promise.all(paths.map(async (full, i) => {
    const path = person.photos[i];
    try {
      return (await readFile(full)).toString('base64');
    } catch (err) {
      const why = /^https?:\/\//i.test(path) ? words.webAddress(path)
        : err?.code === 'ENOENT' ? `${words.noSuchFile}: ${path}${windowsPath(path, words)}` : words.cannotRead(path);
      throw Object.assign(new Error(why), { field: `photos[${i}]`, code: 'PHOTO_UNREADABLE' });
    }
  }));
  return { ...person, photos };
}

/**
 * What to add when a photo not found is named as Windows names it (a sheet
 * made on Windows, read here): `\` separates no folders outside Windows,
 * so `fotos\ana.jpg` is one file's name, and `C:\…` is no file of this
 * machine. Never rewritten: a name here may hold a `\`.
 */
function windowsPath(path, words) {
  if (process.platform === 'win32' || !path.includes('\\')) return '';
  if (/^[A-Za-z]:\\|^\\\\/.test(path)) return ` (${words.windowsDrive})`;
  return ` (${words.windowsFolders(path.replace(/\\/g, '/'))})`;
}
