// The Idempotency-Key enrol() sends when the page gives none: one per
// enrolment for the tab's life, so a double click, a retry after a dropped
// connection or a reload never creates twice.
//
// A submit handler usually builds a new person object on each click, so the
// key is kept two ways: per content (a Map from a hash of the person's
// canonical text: an equal person built again gets the key the first one
// got) and per object (a WeakMap: the same object holding the same person
// keeps its key after the content map has let it go). A changed person, a
// new object or the same one edited (a reactive form), is a new enrolment
// with a new key: under the old one the server could only refuse it
// (IDEMPOTENCY_KEY_REUSED), and under a new one it does not create twice
// what the earlier key made (it looks Equals up; Verifik and Horus answer
// "already there").
//
// A photo counts by its bytes, whatever holds them: a File's name, size and
// lastModified, and a Blob's size and type, are shared by different photos
// (a webcam capture retaken, iOS naming every pick "image.jpg"), and the
// second was refused IDEMPOTENCY_KEY_REUSED. A Blob cannot be read at once,
// so enrol() reads its photos first (readPhotos) and each Blob keeps what it
// holds; one idempotencyKeyFor meets unread counts as that object alone.
// Its bytes take the 64-bit hash bytes take (so a File, a Blob and a
// Uint8Array of one photo are one), not SHA-256: crypto.subtle is missing
// outside secure contexts (a phone on the LAN), the person's own hash is 64
// bits anyway, and the server compares SHA-256 fingerprints, so a collision
// could only cost a refusal, never another person's outcomes.

// Shared through a registered symbol, so every copy of this module (the CommonJS
// entry, a second bundle of the package) hands out the same keys.
// v4: a Blob counts by its bytes (v3 by its name, size, type and lastModified).
const state = (globalThis[Symbol.for('personkit.enrolKeys.v4')] ??= { objects: new WeakMap(), contents: new Map(), blobs: new WeakMap(), dropped: new Set() });
/** Persons remembered by content: a page enrols a handful; the oldest go first past this. */
const MAX_CONTENTS = 256;

/** The idempotency key enrol() uses for `person`: an equal person gets the same key; a changed one a new key. */
export function idempotencyKeyFor(person) {
  if (!person || typeof person !== 'object') throw new TypeError('idempotencyKeyFor: pass the person object');
  const { content, kept } = contentOf(person);
  const mine = state.objects.get(person);
  if (mine !== undefined && mine.content === content && !state.dropped.has(mine.key)) return mine.key;
  let key = content === null ? undefined : state.contents.get(content);
  if (key === undefined && kept) {
    key = tabKeys().get(content);
    if (key === undefined || state.dropped.has(key)) key = `pk-${randomId()}`;
    keepInTab(content, key);
  }
  key ??= `pk-${randomId()}`;
  state.objects.set(person, { key, content });
  if (content !== null) {
    // Re-inserted, so the Map's order is least recently used first.
    state.contents.delete(content);
    state.contents.set(content, key);
    if (state.contents.size > MAX_CONTENTS) state.contents.delete(state.contents.keys().next().value);
  }
  return key;
}

/**
 * Forgets a made key the server refused as IDEMPOTENCY_KEY_REUSED (its record
 * is of other details, however that came to be): the person's next send gets
 * a new one, after a reload too, where the server's "reload the page" would
 * otherwise find the same key in the tab.
 */
export function dropKey(key) {
  state.dropped.add(key);
  for (const [content, k] of state.contents) if (k === key) state.contents.delete(content);
  const s = tab();
  const keys = tabKeys();
  if (s === null || ![...keys.values()].includes(key)) return;
  try {
    s.setItem(TAB, JSON.stringify([...keys].filter(([, k]) => k !== key)));
  } catch {
    // Refused: this page's memory has dropped it; a reload may find it again.
  }
}

// A reload (or a back button the browser does not restore from its cache)
// empties the page's memory: the tab's sessionStorage keeps the keys too, so
// the same person sent again after it is the same enrolment, replayed, not a
// second one answered "exists". Only the content's hash and the key are kept
// (a hash of the person, not the person), for the tab's life, the last MAX_CONTENTS.
const TAB = 'personkit.enrolKeys.v4';
const KEY = /^pk-[0-9a-f]{32}$/;

/** The tab's sessionStorage, or null: none (a worker, Node), or refused (a sandboxed frame, storage turned off). */
function tab() {
  try {
    const s = globalThis.sessionStorage;
    return s && typeof s.getItem === 'function' && typeof s.setItem === 'function' ? s : null;
  } catch {
    return null;
  }
}

/** The tab's keys by content, oldest first; empty when there are none or they cannot be read. */
function tabKeys() {
  try {
    const list = JSON.parse(tab()?.getItem(TAB) ?? '[]');
    return new Map(Array.isArray(list) ? list.filter((e) => Array.isArray(e) && typeof e[0] === 'string' && KEY.test(e[1])) : []);
  } catch {
    return new Map();
  }
}

function keepInTab(content, key) {
  const s = tab();
  if (s === null) return;
  const keys = tabKeys();
  keys.delete(content);
  keys.set(content, key);
  try {
    s.setItem(TAB, JSON.stringify([...keys].slice(-MAX_CONTENTS)));
  } catch {
    // Full or refused: the page's memory still holds it.
  }
}

/** 128 random bits as hex: crypto.getRandomValues works in every context (randomUUID only in secure ones, and a phone on the LAN opens the demo over http). */
function randomId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * A File or Blob, from this realm or another: a File from a same-origin
 * iframe's <input> fails `instanceof Blob` here, and was refused as a photo
 * that "could not be read" (encodeImage and FormData take it as it is).
 */
export function isBlob(v) {
  try {
    if (typeof Blob !== 'undefined' && v instanceof Blob) return true;
    return v !== null && typeof v === 'object' && /^\[object (Blob|File)\]$/.test(Object.prototype.toString.call(v)) && typeof v.arrayBuffer === 'function';
  } catch {
    return false; // a revoked proxy: not a photo file
  }
}

/** A FileList (an `<input type="file">`'s `files`), from this realm or another. */
export function isFileList(v) {
  try {
    return v !== null && typeof v === 'object' && Object.prototype.toString.call(v) === '[object FileList]';
  } catch {
    return false; // a revoked proxy
  }
}

/** The photos as an array: an array as it is, a FileList as its files; anything else null. */
export function photoList(v) {
  return Array.isArray(v) ? v : isFileList(v) ? Array.from(v) : null;
}

/**
 * Reads each File/Blob photo of `person` once and remembers the hash of its
 * bytes (a Blob's bytes never change), so idempotencyKeyFor counts it by
 * them: the same bytes as a File, a Blob, a Uint8Array or an ArrayBuffer are
 * one photo, two photos of one size are two. Never rejects: a Blob that
 * cannot be read counts as its object alone.
 */
export async function readPhotos(person) {
  let photos;
  try {
    photos = [...(photoList(person?.photos) ?? [])];
  } catch {
    return; // unreadable: keyed by its object only
  }
  await Promise.all(photos.filter(isBlob).map(async (blob) => {
    const known = state.blobs.get(blob);
    if (typeof known === 'string') return;
    if (known !== undefined) {
      await known; // a double click reads it once
      return;
    }
    const reading = hashBlob(blob).then((h) => `U${h}`, () => `O${randomId()}`);
    state.blobs.set(blob, reading);
    const id = await reading;
    // Unless idempotencyKeyFor named the Blob by its object meanwhile: a key handed out stays.
    if (state.blobs.get(blob) === reading) state.blobs.set(blob, id);
  }));
}

/** What a Blob counts as: its bytes' hash once readPhotos read them, else this object alone (for good). */
function blobId(blob) {
  let id = state.blobs.get(blob);
  if (typeof id !== 'string') {
    id = `O${randomId()}`;
    state.blobs.set(blob, id);
  }
  if (id.startsWith('O')) unread = true;
  return id;
}

/**
 * The person as canonical text (keys sorted, bytes and a read File/Blob as
 * their hash, one unread as its object), hashed: raw base64 photos can be megabytes, and
 * only equality is asked. Null for what cannot be written so (a cycle, a
 * throwing getter): such a person is keyed by its object only.
 */
function contentOf(person) {
  unread = false;
  try {
    const content = hash(canonical(person, new Set()));
    // A File/Blob counted as its object is this page's alone: not worth keeping past a reload.
    return { content, kept: !unread };
  } catch {
    return { content: null, kept: false };
  }
}

/** Whether the content being written holds a File/Blob counted as its object (set by blobId). */
let unread = false;

function canonical(v, open) {
  // Bytes (a photo enrol() sends as a file) count by what they hold: two photos of one size are not one.
  if (isBlob(v)) return blobId(v);
  // `photos: input.files` is the person with those files in a list: keyed as the array of them.
  if (isFileList(v)) return canonical(Array.from(v), open);
  if (v instanceof ArrayBuffer) return `U${hashBytes(new Uint8Array(v))}`;
  if (ArrayBuffer.isView(v)) return `U${hashBytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))}`;
  if (v === null || typeof v !== 'object') return v === undefined ? 'null' : JSON.stringify(v) ?? 'null';
  if (open.has(v)) throw new TypeError('cycle');
  open.add(v);
  const text = typeof v.toJSON === 'function' ? canonical(v.toJSON(), open) // a Date is sent as its text
    : Array.isArray(v) ? `[${v.map((x) => canonical(x, open)).join(',')}]`
      : `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k], open)}`).join(',')}}`;
  open.delete(v);
  return text;
}

/** hash() over bytes, without first making them text. */
function hashBytes(bytes) {
  const h = byteHash(bytes.length);
  h.update(bytes);
  return h.digest();
}

/**
 * hashBytes over a Blob, read as a stream: a 10 MB photo is never held twice
 * (encodeImage has read it whole), and the page keeps drawing between chunks.
 */
async function hashBlob(blob) {
  const h = byteHash(blob.size);
  if (typeof blob.stream !== 'function') { // Safari before 14.1
    h.update(new Uint8Array(await blob.arrayBuffer()));
    return h.digest();
  }
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return h.digest();
    h.update(value);
  }
}

/** hashBytes' state, fed in pieces; `length` (the whole's) seeds the second lane. */
function byteHash(length) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ length;
  let n = 0;
  return {
    update(bytes) {
      let x = a;
      let y = b;
      for (let i = 0; i < bytes.length; i += 1) {
        x = Math.imul(x ^ bytes[i], 0x01000193);
        y = Math.imul(y ^ bytes[i], 0x5bd1e995);
      }
      [a, b, n] = [x, y, n + bytes.length];
    },
    digest: () => `${(a >>> 0).toString(16)}.${(b >>> 0).toString(16)}.${n}`,
  };
}

/** Two 32-bit FNV-1a-style lanes with different multipliers: a 64-bit digest, enough to tell a page's few persons apart. */
function hash(text) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16)}.${(b >>> 0).toString(16)}.${text.length}`;
}
