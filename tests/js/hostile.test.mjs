// Nothing a caller hands the validators or encodeImage may kill the process,
// break the wasm instance or hang a call. Each kind of hostile input below is
// sent PERSONKIT_HOSTILE_CALLS times (2,000 by default) in this one process;
// afterwards a fixed set of ordinary payloads must get the very answers they
// got before, wasm memory must not have grown past a bound, and Rust's stack
// must be where it was (a JS exception unwinding wasm frames leaves it lower).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dig } from '../fuzz/stack-first.mjs'; // f() called a given number of frames above the stack limit
import {
  validateVerifikPerson, validateEqualsPerson, validateHorusPerson, encodeImage, PersonkitError,
  validateField, toProviderPayloads,
} from 'personkit';

const CALLS = Number(process.env.PERSONKIT_HOSTILE_CALLS ?? 2000);
const validators = [validateVerifikPerson, validateEqualsPerson, validateHorusPerson];

// The wasm instance's memory and stack mark, from the snippet the package loads.
const snippets = new URL('../../pkg/node/snippets/', import.meta.url);
const convert = createRequire(import.meta.url)(
  new URL(`${readdirSync(snippets)[0]}/src/wasm/convert.js`, snippets).pathname,
);
/** `{ memoryBytes, stackMark }` after one ordinary validation at this depth. */
const wasmState = () => {
  validateVerifikPerson({});
  return convert.wasmState();
};
const CODES = new Set(wasmState().codes);

const fixture = (name) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));
const jpeg = fixture('portrait-120x160.jpg');
const png = fixture('face-96x128.png');
const cases = JSON.parse(readFileSync(new URL('../fixtures/validate_cases.json', import.meta.url), 'utf8')).cases;

/** Every answer the fixed ordinary inputs get, as one string. */
async function ordinaryAnswers() {
  const answers = cases.map((c) => validators.map((v) => v(c.input)));
  // In words for people, and one field at a time: the message layer works too.
  answers.push(cases.map((c) => validators.map((v) => v(c.input, { locale: 'es' }))));
  answers.push(['emailAddress', 'firstName', 'nationalities'].map((f) => validateField('equals', f, 'x', { locale: 'es' })));
  for (const source of [jpeg, png, jpeg.toString('base64'), new Blob([png]), 'nope']) {
    answers.push(await encodeImage(source).then((r) => r, (e) => [e.code, e.message]));
  }
  return JSON.stringify(answers);
}

function assertAnswer(r, what) {
  assert.equal(typeof r, 'object', what);
  assert.equal(r.ok, false, what);
  assert.ok(Array.isArray(r.errors) && r.errors.length >= 1 && r.errors.length <= 101, what);
  for (const e of r.errors) {
    assert.equal(typeof e.field, 'string', what);
    assert.ok(CODES.has(e.code), `${what}: ${e.code}`);
    assert.equal(typeof e.message, 'string', what);
  }
}

const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
/** A view (or `as` itself) whose ArrayBuffer was transferred away. */
const detached = (as = (b) => b) => {
  const b = new ArrayBuffer(16);
  const view = as(b);
  structuredClone(b, { transfer: [b] });
  return view;
};
const throwing = () => { throw new Error('hostile getter'); };
const nest = (n) => { let v = []; for (let i = 0; i < n; i++) v = [v]; return v; };
const huge = { array: new Array(5_000_000).fill('x'), sparse: new Array(2 ** 32 - 1), string: 'x'.repeat(64 << 20) };
huge.dataUrl = `data:${huge.string},AAAA`;
huge.bytes = new Uint8Array(403 << 20); // over what a JS string can hold as base64 (pages never touched)
const manyKeys = Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`k${i}`, i]));
const deep = nest(10000);
const cyclic = { name: 'A' };
cyclic.notes = cyclic;
const liar = new Proxy(new Uint8Array(jpeg), {});
const fakeView = { get byteLength() { return throwing(); }, buffer: new ArrayBuffer(4) };

/** Hostile payloads for the validators: [name, make(), calls]. */
const payloads = [
  ['throwing getter', () => ({ get name() { return throwing(); } })],
  ['throwing getter, nested', () => ({ name: 'A', collections: [{ get x() { return throwing(); } }] })],
  ['throwing getter, undocumented', () => ({ get nmae() { return throwing(); } })],
  ['revoked proxy', revoked],
  ['revoked proxy as a field', () => ({ name: revoked(), images: [revoked()] })],
  ['proxy whose traps throw', () => new Proxy({}, { ownKeys: throwing, get: throwing, getPrototypeOf: throwing })],
  ['toJSON that throws', () => ({ name: 'A', notes: { toJSON: throwing } })],
  ['toJSON returning a bigint', () => ({ toJSON: () => 1n })],
  ['detached buffer and lying views', () => ({ name: 'A', images: [detached(), liar, fakeView] })],
  ['bigint, symbol, cycle', () => ({ name: 1n, [Symbol('s')]: 1, notes: cyclic })],
  ['a validator called from a getter', () => ({ get name() { return validateVerifikPerson({ name: 'B' }).ok ? 'x' : 'y'; } })],
  ['5M-item array', () => ({ name: 'A', collections: huge.array })],
  ['sparse 2^32-1 array', () => ({ name: 'A', images: huge.sparse })],
  ['64 MiB strings', () => ({ name: huge.string, images: [huge.string], notes: huge.string })],
  ['10,000-deep nesting', () => ({ name: 'A', collections: deep })],
  ['20,000 keys', () => manyKeys, Math.ceil(CALLS / 50)],
];

/** Hostile sources and options for encodeImage. */
const blobLike = (arrayBuffer, size = 16) => ({ size, arrayBuffer });
const images = [
  ['detached ArrayBuffer', () => [detached()]],
  ['detached views', () => [detached((b) => new Uint8Array(b)), detached((b) => new DataView(b))]],
  ['revoked proxy', () => [revoked()]],
  ['revoked proxy as options', () => [jpeg, revoked()]],
  ['options with a throwing getter', () => [jpeg, { get maxBytes() { return throwing(); } }]],
  ['Proxy around a Uint8Array', () => [liar]],
  ['object with a byteLength getter', () => [fakeView]],
  ['Blob-likes that throw or lie', () => [
    blobLike(throwing), blobLike(() => revoked()), blobLike(async () => detached()),
    blobLike(() => Promise.reject(new Error('x'))), { get size() { return throwing(); }, arrayBuffer: throwing },
  ]],
  ['huge data URL header', () => [huge.dataUrl]],
  ['huge base64', () => [huge.string]],
  ['over the JS string limit, maxBytes raised', () => [huge.bytes, { maxBytes: 2 ** 30 }]],
];

let before;
let state0;
let rss0;

test('warm up: the ordinary answers, wasm memory and stack mark to compare with', async () => {
  before = await ordinaryAnswers();
  for (let i = 0; i < 200; i++) for (const [, make] of payloads) validators[i % 3](make());
  state0 = wasmState();
  rss0 = process.memoryUsage().rss;
});

test(`the validators answer ${CALLS} calls of each hostile kind, never throwing`, () => {
  for (const [name, make, calls = CALLS] of payloads) {
    for (let i = 0; i < calls; i++) {
      const validate = validators[i % 3];
      let r;
      try {
        r = validate(make());
      } catch (e) {
        assert.fail(`${name}: ${validate.name} threw ${e}`);
      }
      if (i < 3) assertAnswer(r, `${name}: ${validate.name}`);
    }
  }
});

test(`encodeImage rejects ${CALLS} calls of each hostile kind with a PersonkitError, never throwing`, async () => {
  for (const [name, make] of images) {
    for (let i = 0; i < CALLS; i += 1) {
      const args = make();
      let p;
      try {
        p = encodeImage(...args);
      } catch (e) {
        assert.fail(`${name}: encodeImage threw ${e}`);
      }
      const e = await p.then(() => null, (err) => err);
      if (i < 3) {
        assert.ok(e instanceof PersonkitError, `${name}: ${e}`);
        assert.ok(CODES.has(e.code), `${name}: ${e.code}`);
      }
    }
  }
});

test('afterwards: the same answers, wasm memory within bounds, Rust stack where it was', async (t) => {
  assert.equal(await ordinaryAnswers(), before);
  const state1 = wasmState();
  const grown = state1.memoryBytes - state0.memoryBytes;
  t.diagnostic(`wasm memory ${state0.memoryBytes} -> ${state1.memoryBytes} bytes; `
    + `rss ${rss0} -> ${process.memoryUsage().rss} bytes (the hostile inputs themselves included)`);
  // Nothing hostile is copied in: the walk and encodeImage refuse from lengths.
  // The bound scales with the calls made, so that a leak of a few tens of
  // bytes a call shows whatever PERSONKIT_HOSTILE_CALLS is.
  const bound = Math.max(1 << 20, CALLS * 512);
  assert.ok(grown <= bound, `wasm memory grew by ${grown} bytes (bound ${bound})`);
  assert.equal(state1.stackMark, state0.stackMark, 'Rust stack pointer left behind');
});

// Last: meeting the stack limit turns the instance careful for good.
test(`called from deep recursion ${CALLS} times, at every depth near the stack limit`, async (t) => {
  // A getter that meets the stack limit inside the walk (which catches it)
  // turns calls careful, as the first call near the limit would. Here it is
  // done first, so that not even that first call can leave anything behind.
  const overflow = () => overflow();
  assertAnswer(validateVerifikPerson({ get name() { return overflow(); } }), 'overflowing getter');
  const png64 = png.toString('base64');
  const inputs = [{ name: 'A', images: [png64] }, { name: '', x: 1 }, 5];
  // Called once up here first: a function's first call needs far more stack.
  // Also with options (each export argument is a value wasm-bindgen places
  // before the body can look at the stack), one field, and the neutral person.
  const words = { locale: 'es', messages: { UNKNOWN_FIELD: ({ field }) => `${field}?` } };
  const calls = [
    ...validators.flatMap((v) => inputs.map((input) => () => v(input))), () => encodeImage(jpeg),
    ...validators.map((v) => () => v({ name: ' A ', x: 1 }, words)),
    () => validateField('equals', 'emailAddress', 'nope', words), () => validateField('verifik', 'name', ' Ana '),
    () => toProviderPayloads({ firstName: 'A', email: 'nope' }, { equals: true, horus: true }, words),
  ];
  for (let i = 0; i < 1000; i++) for (const f of calls) await f();
  let thrown = 0;
  let last = 0;
  for (let i = 0; i < CALLS; i++) {
    // Frames of `dig` left on the way back up: 0 to ~40 KB. 401 shares no
    // factor with calls.length, so each function meets many depths.
    const headroom = i % 401;
    const r = dig(calls[i % calls.length], headroom);
    if (r instanceof Error) {
      // Only with next to no stack left: before the call reached wasm.
      assert.ok(r instanceof RangeError, String(r));
      thrown++;
      last = Math.max(last, headroom);
    } else if (r instanceof Promise) {
      await r.catch(() => {});
    } else {
      assertAnswer(r.ok ? { ok: false, errors: [{ field: '', code: 'REQUIRED', message: '' }] } : r, 'deep');
    }
  }
  const after = wasmState();
  t.diagnostic(`threw RangeError ${thrown} times, with at most ${last} frames (~${last * 90} bytes) left; `
    + `Rust stack mark ${state0.stackMark} -> ${after.stackMark}`);
  assert.equal(await ordinaryAnswers(), before);
  assert.equal(after.stackMark, state0.stackMark, 'Rust stack pointer left behind');
});
