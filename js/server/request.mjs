// Reading an enrolment request with WHATWG APIs only (Request, ReadableStream,
// Response#formData): the body is counted as it arrives and refused past the
// limit without being buffered, and a multipart body's photos are checked and
// encoded by the same wasm the page uses (encodeImage). What a person may
// see is worded in the request's language (`words`, from words.mjs).
import { WORDS } from './words.mjs';
import { inexactKey } from '../exact-json.mjs';

/** A refusal: the handler answers `status` with `{ error: { code, message, … } }`. */
export class Refusal extends Error {
  constructor(status, code, message, extra = {}, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.headers = headers;
  }
}

/** The request's body as bytes, at most `max` of them. */
export async function readBody(request, max, words = WORDS.en) {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw tooLarge(max, words);
  if (!request.body) return new Uint8Array(0);
  // A middleware (a Hono validator, a c.req.json()) read it first: the server's set-up, a 500 whose log says so.
  if (request.bodyUsed || request.body.locked) throw new Error('the request body was already read before the enrol handler (a middleware or body parser): hand it the request unread');
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    let next;
    try {
      next = await reader.read();
    } catch {
      // The client went away mid-upload (or its body stream broke): its doing, not a server failure.
      throw new Refusal(400, 'BAD_REQUEST', 'the request body ended before it was complete');
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await dropRest(reader, max);
      throw tooLarge(max, words);
    }
    chunks.push(value);
  }
  // Ended cleanly, short of its Content-Length: cut by something in front of
  // the handler, which read as "not valid multipart" said nothing of why.
  if (declared !== null && /^\d+$/.test(declared.trim()) && size < Number(declared)) {
    throw new Refusal(400, 'BAD_REQUEST', `the request body arrived cut off (${size} of the ${declared.trim()} bytes its Content-Length declares): a proxy or middleware in front of the handler limits bodies (Next.js with middleware or proxy.js passes 10 MB: raise experimental.proxyClientMaxBodySize)`);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

/**
 * Refuses a person holding a number its JSON `text` wrote and a double does
 * not (1e400 would reach the provider as null, a 20-digit integer rounded).
 * Asked once the core has taken the person: it refuses one of more than
 * 10,000 values first, so this walk never meets millions of them.
 */
export function refuseInexactNumbers(text, person) {
  const key = inexactKey(text, person);
  if (key !== null) throw new Refusal(400, 'BAD_REQUEST', `the number in "${short(key)}" has more digits than can be read exactly: send it as a string`);
}

/**
 * Reads the rest of a body past the limit and drops it, up to as much again
 * (`limit`): workerd reset the connection of a request whose body was left
 * mid-stream, and the client got no 413. Past that, it is left.
 */
async function dropRest(reader, limit) {
  try {
    for (let dropped = 0; dropped <= limit;) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
    }
  } catch {
    // the client went away: nothing to answer
  }
  reader.releaseLock();
}

function tooLarge(max, words) {
  return new Refusal(413, 'PAYLOAD_TOO_LARGE', words.tooLarge(max));
}

const BODY_KEYS = ['person', 'providers'];
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The person and the providers asked for, from a JSON or multipart body.
 * Multipart photos are encoded to raw base64 with `encodeImage`. A member or
 * part named like a server-owned field is refused (FIELD_NOT_ALLOWED) before
 * anything else is read from it.
 * @returns {Promise<{ person: object, providers: string[]|null }>}
 */
export async function parseEnrolment(request, bytes, { encodeImage, maxPhotoBytes, toProviderPayloads, words = WORDS.en, locale = 'en' }) {
  if (mediaType(request) === 'application/json') {
    let body;
    let text;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      throw new Refusal(400, 'BAD_REQUEST', 'the request body is not valid JSON');
    }
    refuseTooManyValues(text, toProviderPayloads, words, locale);
    try {
      body = JSON.parse(text);
    } catch {
      throw new Refusal(400, 'BAD_REQUEST', 'the request body is not valid JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new Refusal(400, 'BAD_REQUEST', 'the request body must be an object: { person, providers? }');
    }
    for (const k of Object.keys(body)) {
      if (BODY_KEYS.includes(k)) continue;
      // The first unknown name ends the request: asking the core about every
      // one of millions of names held the event loop for seconds.
      refuseServerOwned(k, toProviderPayloads, words);
      throw new Refusal(400, 'BAD_REQUEST', `unknown member "${short(k)}" in the request body: send { person, providers? }`);
    }
    return { person: personObject(body.person), providers: providerList(body.providers), text };
  }
  if (mediaType(request) === 'multipart/form-data') {
    // formData() is handed the boundary the parts were counted by, written
    // plainly: read from the header by each parser its own way, a quoted one
    // with an escape ("re\\al") or a decoy "boundary=" in another parameter
    // was counted as nothing, and hundreds of thousands of parts parsed.
    const boundary = multipartBoundary(request.headers.get('content-type'));
    if (boundary === null) throw new Refusal(400, 'BAD_REQUEST', 'the request body is not valid multipart/form-data');
    refuseTooManyParts(bytes, boundary, toProviderPayloads, words, locale);
    let form;
    try {
      form = await new Response(bytes, { headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` } }).formData();
    } catch {
      throw new Refusal(400, 'BAD_REQUEST', 'the request body is not valid multipart/form-data');
    }
    for (const k of new Set(form.keys())) {
      if (['person', 'photos', 'providers'].includes(k)) continue;
      refuseServerOwned(k, toProviderPayloads, words);
      throw new Refusal(400, 'BAD_REQUEST', `unknown part "${short(k)}": send a person part, photos parts and an optional providers part`);
    }
    const parts = form.getAll('person');
    if (parts.length !== 1) throw new Refusal(400, 'BAD_REQUEST', 'send exactly one person part (JSON)');
    let person;
    let text;
    try {
      text = typeof parts[0] === 'string' ? parts[0] : strictUtf8.decode(await parts[0].arrayBuffer());
    } catch {
      throw new Refusal(400, 'BAD_REQUEST', 'the person part is not valid JSON in UTF-8');
    }
    refuseTooManyValues(text, toProviderPayloads, words, locale);
    try {
      person = JSON.parse(text);
    } catch {
      throw new Refusal(400, 'BAD_REQUEST', 'the person part is not valid JSON in UTF-8');
    }
    // A text part arrives decoded, what is not UTF-8 (Latin-1 from an old
    // client) as U+FFFD: refused as the JSON body's bytes are, or the person
    // would be created as "An\uFFFDa" in every system.
    if (text.includes('\uFFFD')) throw new Refusal(400, 'BAD_REQUEST', 'the person part is not valid JSON in UTF-8');
    person = personObject(person);
    if (form.getAll('providers').length > 1) throw new Refusal(400, 'BAD_REQUEST', 'send at most one providers part');
    const providersPart = form.get('providers');
    let providers = null;
    if (providersPart !== null) {
      const raw = typeof providersPart === 'string' ? providersPart : await providersPart.text();
      // Three names is all it can hold: a longer one is refused before it is parsed or split.
      if (raw.length > 100) providerList(raw);
      let list;
      try { list = raw.trim().startsWith('[') ? JSON.parse(raw) : raw.split(',').map((s) => s.trim()).filter(Boolean); } catch { list = raw; }
      providers = providerList(list);
    }
    // A file input left empty in new FormData(form) is a part with filename=""
    // and no bytes: the browser's "no file chosen", not a photo that is empty.
    const files = form.getAll('photos').filter((f) => !(typeof f === 'object' && f.name === '' && f.size === 0));
    if (files.length > 0) {
      if (person.photos !== undefined && person.photos !== null) {
        throw new Refusal(400, 'BAD_REQUEST', 'send the photos either in person.photos or as photos parts, not both');
      }
      refuseTooMany(files.length, toProviderPayloads, words, locale);
      person.photos = await encodePhotos(files, encodeImage, maxPhotoBytes, words);
    }
    return { person, providers, text };
  }
  throw new Refusal(415, 'UNSUPPORTED_MEDIA_TYPE', words.unreadable());
}

/**
 * Refuses an unknown top-level member or part named like a field the server
 * owns (`roleName`, `accountId`, `clientSecret`, …) with FIELD_NOT_ALLOWED:
 * which names those are is the core's answer, asked with the name alone, so
 * this list never drifts from it.
 */
function refuseServerOwned(name, toProviderPayloads, words) {
  // No server field's name is this long: a name of megabytes is not copied into the core to be asked.
  if (name.length > 64) return;
  const r = toProviderPayloads({ [name]: null }, {});
  if (!r.ok && r.errors.some((e) => e.code === 'FIELD_NOT_ALLOWED' && e.field === name)) {
    throw new Refusal(400, 'FIELD_NOT_ALLOWED', words.serverOwned(), { field: name });
  }
}

/** The request's media type, lower case, without parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(request) {
  return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * More photos parts than the rules allow are refused before any is read or
 * encoded, with the core's own error (asked of Verifik, which takes them,
 * with empty stand-ins), so thousands of parts cost nothing and answer one
 * error.
 */
function refuseTooMany(count, toProviderPayloads, words, locale) {
  // A few more than any provider takes is enough to ask: past the core's cap
  // on values (about 10,000) it answers for the whole person, not `photos`,
  // and every part would then be read.
  const r = toProviderPayloads({ photos: new Array(Math.min(count, 16)).fill('') }, { verifik: {} }, { locale });
  const tooMany = r.ok ? undefined : r.errors.find((e) => e.field === 'photos' && e.code === 'TOO_MANY');
  if (tooMany) throw new Refusal(422, 'VALIDATION_FAILED', words.invalid([tooMany]), { errors: [tooMany] });
}

/**
 * More values than the core takes in a person (MAX_VALUES in
 * src/wasm/convert.rs) is its 422 TOO_MANY, answered before JSON.parse: a
 * body of millions of `[1,1,…]` or distinct keys held the event loop for
 * seconds in JSON.parse and the core's copy of it. Counted twice over the
 * cap, so only a body the core would refuse anyway is refused here.
 */
function refuseTooManyValues(text, toProviderPayloads, words, locale) {
  if (!moreValuesThan(text, VALUES_SCANNED)) return;
  const r = toProviderPayloads({ extras: { verifik: { notes: new Array(MAX_VALUES + 1).fill(0) } } }, { verifik: {} }, { locale });
  const tooMany = r.ok ? undefined : r.errors.find((e) => e.code === 'TOO_MANY' && e.field === '');
  const errors = [tooMany ?? { field: '', code: 'TOO_MANY', message: 'too many values' }];
  throw new Refusal(422, 'VALIDATION_FAILED', words.invalid(errors), { errors });
}
const MAX_VALUES = 10_000;
const VALUES_SCANNED = 2 * MAX_VALUES;

/**
 * Whether JSON `text` has more than `max` commas and opening brackets
 * outside its strings (each at least one value). Strings are skipped with
 * indexOf, so a body of base64 photos costs a handful of steps.
 */
export function moreValuesThan(text, max) {
  const token = /[,[{"]/g;
  let n = 0;
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    if (m[0] !== '"') {
      if ((n += 1) > max) return true;
      continue;
    }
    let end = m.index;
    for (;;) {
      end = text.indexOf('"', end + 1);
      if (end === -1) return false; // not JSON: JSON.parse says so
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes += 1;
      if (slashes % 2 === 0) break;
    }
    token.lastIndex = end + 1;
  }
  return false;
}

/**
 * A multipart body of more parts than an enrolment has (a person, a
 * providers part, the photos the rules allow) is refused before it is
 * parsed: hundreds of thousands of tiny parts held the event loop in
 * formData(). Only photos may repeat, so it is the core's TOO_MANY on them.
 */
function refuseTooManyParts(bytes, boundary, toProviderPayloads, words, locale) {
  const parts = delimiters(bytes, new TextEncoder().encode(`--${boundary}`), MAX_PARTS + 2) - 1; // the closing delimiter is one more
  if (parts > MAX_PARTS) {
    refuseTooMany(parts, toProviderPayloads, words, locale);
    throw new Refusal(400, 'BAD_REQUEST', 'send a person part, photos parts and an optional providers part');
  }
}
const MAX_PARTS = 1000;

/**
 * The `boundary` parameter of a multipart Content-Type as the WHATWG MIME
 * type parser reads it (names lower-cased, the first one kept, a quoted
 * value unescaped, a name with a space in it no parameter), or null when
 * there is none or it is not one RFC 2046 allows (1 to 70 of its characters).
 */
export function multipartBoundary(contentType) {
  const text = contentType ?? '';
  let at = text.indexOf(';');
  while (at !== -1 && at < text.length) {
    at += 1;
    while (text[at] === ' ' || text[at] === '\t') at += 1;
    let end = at;
    while (end < text.length && text[end] !== ';' && text[end] !== '=') end += 1;
    const name = text.slice(at, end).toLowerCase();
    if (text[end] !== '=') { at = end; continue; }
    let value = '';
    at = end + 1;
    if (text[at] === '"') {
      for (at += 1; at < text.length && text[at] !== '"'; at += 1) {
        if (text[at] === '\\' && at + 1 < text.length) at += 1;
        value += text[at];
      }
      at = text.indexOf(';', at);
    } else {
      end = text.indexOf(';', at);
      value = text.slice(at, end === -1 ? text.length : end).replace(/[ \t]+$/, '');
      at = end;
    }
    if (name === 'boundary') return BOUNDARY.test(value) ? value : null;
  }
  return null;
}
/** RFC 2046's boundary: 1 to 70 of these characters, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** How many times `needle` occurs in `bytes`, counted up to `max`. */
function delimiters(bytes, needle, max) {
  let n = 0;
  for (let i = bytes.indexOf(needle[0]); i !== -1 && i + needle.length <= bytes.length; i = bytes.indexOf(needle[0], i + 1)) {
    let k = 1;
    while (k < needle.length && bytes[i + k] === needle[k]) k += 1;
    if (k === needle.length) {
      if ((n += 1) >= max) return n;
      i += needle.length - 1;
    }
  }
  return n;
}

/** Each part checked and encoded; every refused photo reported at once, in the photos' order. */
async function encodePhotos(files, encodeImage, maxBytes, words) {
  const refused = new Array(files.length);
  const out = await Promise.all(files.map(async (f, i) => {
    // A text part (base64) is checked as a file is, maxPhotoBytes included.
    try {
      return (await encodeImage(f, { maxBytes })).base64;
    } catch (err) {
      const code = typeof err?.code === 'string' ? err.code : 'INVALID_IMAGE_FORMAT';
      const detail = String(err?.detail ?? err?.message);
      const pixels = code === 'IMAGE_TOO_LARGE' && /pixels/.test(detail);
      // `limit` as the core's errors give it to a page's `messages` (enrol): megapixels, or megabytes.
      const limit = code !== 'IMAGE_TOO_LARGE' ? undefined : pixels ? 50 : maxBytes / 2 ** 20;
      const message = pixels ? words.photoTooManyPixels(i + 1) : photoMessage(words, code, i + 1, maxBytes, detail);
      // Verifik's, as the JSON road's photo errors are (only Verifik takes photos).
      refused[i] = { field: `photos[${i}]`, code, message, provider: 'verifik', ...(limit === undefined ? {} : { limit }) };
      return null;
    }
  }));
  // Settled in any order: listed by photo, so the summary names the first.
  const errors = refused.filter(Boolean);
  if (errors.length > 0) throw new Refusal(422, 'VALIDATION_FAILED', words.invalid(errors), { errors });
  return out;
}

/** A refused photo in the person's words; `detail`, encodeImage's technical text, tells a cut-off upload or an iPhone's HEIC. */
function photoMessage(words, code, n, maxBytes, detail) {
  switch (code) {
    case 'IMAGE_TOO_LARGE': return words.photoTooLarge(n, maxBytes);
    case 'IMAGE_EMPTY': return words.photoEmpty(n);
    case 'INVALID_IMAGE_FORMAT':
      return detail.includes('cut off') ? words.photoCutOff(n) : words.photoFormat(n, detail.includes('HEIC'));
    default: return words.photoUnreadable(n);
  }
}

function personObject(p) {
  if (!p || typeof p !== 'object' || Array.isArray(p)) {
    throw new Refusal(400, 'BAD_REQUEST', 'person must be an object such as { firstName, lastName, email }');
  }
  return p;
}

const PROVIDERS = ['verifik', 'equals', 'horus'];

function providerList(v) {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length === 0 || v.some((p) => !PROVIDERS.includes(p)) || new Set(v).size !== v.length) {
    throw new Refusal(400, 'BAD_REQUEST', 'providers must be a list of distinct names among verifik, equals and horus');
  }
  return v;
}

const short = (s) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
