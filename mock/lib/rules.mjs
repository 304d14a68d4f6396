// Small validation helpers shared by the providers. Written from the API
// documents, independently of the Rust validators, so each side checks the other.

export const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

export const isNonBlank = (v) => typeof v === 'string' && v.trim() !== '';

/** `YYYY-MM-DD` naming a real calendar day. */
export function parseIsoDate(value) {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

// Deliberately simple: one @, something on each side, a dot in the domain, no spaces.
export const isEmail = (v) => typeof v === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);

export const isUuid = (v) =>
  typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** Length in characters (code points), as a person reading the docs would count. */
export const charLength = (s) => [...s].length;

const NOT_BASE64 = /[^A-Za-z0-9+/]/;
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Why `value` is not an acceptable Verifik image, or null when it is:
 * raw standard base64 (no `data:` prefix, no whitespace) of bytes that start
 * with the JPEG or PNG signature.
 */
export function imageProblem(value) {
  if (typeof value !== 'string' || value === '') return 'must be a non-empty base64 string';
  if (value.startsWith('data:')) return 'must be raw base64 without a data: prefix';
  if (!isStrictBase64(value)) return 'is not valid base64';
  // Only the head is needed to check the signature.
  const head = Buffer.from(value.slice(0, 16), 'base64');
  const starts = (sig) => sig.every((b, i) => head[i] === b);
  if (!starts(JPEG) && !starts(PNG)) return 'is not a JPEG or PNG image';
  return null;
}

/**
 * Standard padded base64, no whitespace. Checked without a repeating group:
 * a regex over groups of four overflows V8's stack on a photo of a few MiB.
 */
function isStrictBase64(value) {
  if (value.length % 4 !== 0) return false;
  const body = value.endsWith('==') ? value.slice(0, -2) : value.endsWith('=') ? value.slice(0, -1) : value;
  return !NOT_BASE64.test(body);
}

/** Collects `{ field, message }` problems; `ok` when there are none. */
export class Problems {
  constructor() {
    this.list = [];
  }
  add(field, message) {
    this.list.push({ field, message });
  }
  get ok() {
    return this.list.length === 0;
  }
  get first() {
    return this.list[0];
  }
  text() {
    return this.list.map((p) => `${p.field} ${p.message}`).join('; ');
  }
}
