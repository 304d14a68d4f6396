// What the three providers' schemas share: the same rules personkit applies
// (src/validate/), written once in JS so the zod 4, valibot and ajv schemas
// check the same things. Where a library has its own check for a rule (email,
// base64, ISO date, IP), the schemas use the library's own: that is how people
// use them, and it is what the benchmark should time.

/** The 249 assigned ISO 3166-1 alpha-2 codes, as in src/validate/formats.rs. */
export const COUNTRY_CODES = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO
FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY
MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU
WF WS YE YT ZA ZM ZW`.split(/\s+/);
if (COUNTRY_CODES.length !== 249) throw new Error(`COUNTRY_CODES has ${COUNTRY_CODES.length} codes`);

/** Today on the local clock, `YYYY-MM-DD`: dates of birth must not be after it. */
export const TODAY = (() => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
})();

/** `YYYY-MM-DD` that exists on the calendar and is not in the future. */
export function isPastDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (y === 0 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days && s <= TODAY;
}

/** Not empty or whitespace only. */
export const nonBlank = (s) => s.trim() !== '';
/** No control characters (Unicode Cc: C0, DEL, C1), as personkit's names. */
export const NO_CONTROL = /^[^\p{Cc}]*$/u;
/** Decoded bytes start with a JPEG (FF D8 FF) or PNG signature. */
export const JPEG_OR_PNG = /^(?:\/9j\/|iVBORw0KGgo)/;
/** `+`, 7–15 digits (the first not 0), single spaces or hyphens between groups. */
export const PHONE = /^\+[1-9](?:[ -]?\d){6,14}$/;
/** A UUID of any version, either case. */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** A string holding a JSON object. */
export function isJsonObjectString(s) {
  if (!s.trimStart().startsWith('{')) return false;
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
export const ROLES = ['Owner', 'Admin', 'Payer', 'Viewer', 'Accountant', 'User'];
export const MAX_ID = 2 ** 31 - 1;

/** ajv-formats' own `byte` and (fast) `email` formats: ajv-formats is not installed here. */
export const AJV_BYTE = /^(?:[a-z0-9+/]{4})*(?:[a-z0-9+/]{2}==|[a-z0-9+/]{3}=)?$/i;
export const AJV_EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** SOI, a JFIF APP0, a 640x480 baseline frame header and a scan header. */
const JPEG_HEAD = [
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x01, 0x01, 0x11, 0x00,
  0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
];

/**
 * `bytes` bytes of a whole JPEG as the validators read one: the headers
 * above, pseudo-random scan data (a fixed seed, no 0xFF so no stray marker)
 * and EOI. Deterministic so runs compare.
 */
export function fakeJpeg(bytes, seed = 1) {
  const b = new Uint8Array(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    b[i] = x % 255;
  }
  b.set(JPEG_HEAD);
  b[bytes - 2] = 0xff;
  b[bytes - 1] = 0xd9;
  return b;
}

/** Standard base64 with padding (Node's Buffer; in a page, btoa over 32 KiB chunks). */
export function toBase64(bytes) {
  if (typeof Buffer === 'function') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A compiled ajv (allErrors) with the formats the schemas use (the Chromium bench aliases `node:net`). */
export async function makeAjv() {
  const { default: Ajv } = await import('ajv');
  const net = await import('node:net');
  const ajv = new Ajv({ allErrors: true });
  ajv.addFormat('byte', AJV_BYTE);
  ajv.addFormat('email', AJV_EMAIL);
  ajv.addFormat('past-date', isPastDate);
  ajv.addFormat('ip', (s) => net.isIP(s) !== 0);
  ajv.addFormat('json-object', isJsonObjectString);
  return ajv;
}
