'use strict';
// Generated from js/enrol-keys.mjs by scripts/cjs-copies.mjs: edit that file, then run the script.
// The Idempotency-Key enrol() sends when the page gives none: one per
// enrolment for the page's lifetime, so a double click or a retry after a
// dropped connection never creates twice.
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

// Shared through a registered symbol, so every copy of this module (the CommonJS
// entry, a second bundle of the package) hands out the same keys.
const state = (globalThis[Symbol.for('personkit.enrolKeys.v3')] ??= { objects: new WeakMap(), contents: new Map() });
/** Persons remembered by content: a page enrols a handful; the oldest go first past this. */
const MAX_CONTENTS = 256;

/** The idempotency key enrol() uses for `person`: an equal person gets the same key; a changed one a new key. */
function idempotencyKeyFor(person) {
  if (!person || typeof person !== 'object') throw new TypeError('idempotencyKeyFor: pass the person object');
  const content = contentOf(person);
  const mine = state.objects.get(person);
  if (mine !== undefined && mine.content === content) return mine.key;
  let key = content === null ? undefined : state.contents.get(content);
  if (key === undefined) key = `pk-${randomId()}`;
  state.objects.set(person, { key, content });
  if (content !== null) {
    // Re-inserted, so the Map's order is least recently used first.
    state.contents.delete(content);
    state.contents.set(content, key);
    if (state.contents.size > MAX_CONTENTS) state.contents.delete(state.contents.keys().next().value);
  }
  return key;
}

/** 128 random bits as hex: crypto.getRandomValues works in every context (randomUUID only in secure ones, and a phone on the LAN opens the demo over http). */
function randomId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

const isBlob = (v) => typeof Blob !== 'undefined' && v instanceof Blob;

/**
 * The person as canonical text (keys sorted, a File/Blob as its name, size,
 * type and lastModified, bytes as their hash), hashed: raw base64 photos can be megabytes, and
 * only equality is asked. Null for what cannot be written so (a cycle, a
 * throwing getter): such a person is keyed by its object only.
 */
function contentOf(person) {
  try {
    return hash(canonical(person, new Set()));
  } catch {
    return null;
  }
}

function canonical(v, open) {
  if (isBlob(v)) return `B${JSON.stringify([v.name ?? null, v.size, v.type, v.lastModified ?? null])}`;
  // Bytes (a photo enrol() sends as a file) count by what they hold: two photos of one size are not one.
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
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i += 1) {
    a = Math.imul(a ^ bytes[i], 0x01000193);
    b = Math.imul(b ^ bytes[i], 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16)}.${(b >>> 0).toString(16)}.${bytes.length}`;
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

module.exports = { idempotencyKeyFor };
