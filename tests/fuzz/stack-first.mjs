// Reproducer for issue 14's first gap: the FIRST call that meets the JS stack
// limit inside an export's wasm frames, before calls turned careful. Each
// round loads a fresh wasm instance (the glue required again), answers a few
// ordinary calls, then calls one export from recursion `headroom` frames above
// the stack limit, then checks that ordinary calls still get their answers.
//
//   node tests/fuzz/stack-first.mjs [rounds] [seed]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const glue = require.resolve('../../pkg/node/personkit.js');
const pkgDir = glue.slice(0, glue.lastIndexOf('/') + 1);

// The .wasm's bytes as base64 (immutable data, ~700 KB of source): kept
// cached, since parsing that file again is most of a round's time and has
// no bearing on the instance made from the bytes.
const bytesModule = `${pkgDir}wasm-inline.js`;

/** A fresh instance: the glue and its snippets required again, a new WebAssembly.Instance. */
export function fresh() {
  for (const k of Object.keys(require.cache)) if (k.startsWith(pkgDir) && k !== bytesModule) delete require.cache[k];
  const pk = require(glue);
  const snippet = Object.keys(require.cache).find((k) => k.startsWith(pkgDir) && k.endsWith('/src/wasm/convert.js'));
  pk.wasmState = require(snippet).wasmState;
  return pk;
}

const png = readFileSync(new URL('../fixtures/images/face-96x128.png', import.meta.url));
const png64 = png.toString('base64');
const words = { locale: 'es', messages: { UNKNOWN_FIELD: ({ field }) => `${field}?` } };

/** The exports under test, each called as an ordinary caller would. */
const kinds = (pk) => [
  ['validateVerifikPerson', () => pk.validateVerifikPerson({ name: 'A', images: [png64] })],
  ['validateVerifikPerson (rejected, words)', () => pk.validateVerifikPerson({ name: ' A ', x: 1 }, words)],
  ['validateEqualsPerson', () => pk.validateEqualsPerson({ firstName: 'A', emailAddress: 'nope' }, words)],
  ['validateHorusPerson', () => pk.validateHorusPerson({ name: '', x: 1 })],
  ['validateField', () => pk.validateField('equals', 'emailAddress', 'nope', words)],
  ['toProviderPayloads', () => pk.toProviderPayloads({ firstName: 'A', email: 'nope' }, { equals: true, horus: true }, words)],
  ['encodeImage', () => pk.encodeImage(png)],
  ['errorsByField', () => pk.errorsByField({ ok: false, errors: [{ field: 'a', code: 'REQUIRED', message: 'm' }] })],
  ['getLocale', () => pk.getLocale()],
  ['setLocale', () => pk.setLocale('en')],
];

/** Every answer ordinary inputs get, as one string (throws if a call traps). */
export async function answers(pk) {
  const out = [];
  for (const [, call] of kinds(pk)) {
    const r = call();
    out.push(r instanceof Promise ? await r.then((v) => v, (e) => [e.code, e.message]) : r);
  }
  out.push(pk.validateEqualsPerson({ firstName: 'Ana', lastName: 'B', emailAddress: 'a@b.co' }));
  return JSON.stringify(out);
}

let unwound = 0;
let headroom = 0;
/** `f()` called `room` frames above the stack limit; what it threw, if it threw. */
export function dig(f, room) {
  if (room !== undefined) {
    headroom = room;
    unwound = 0;
  }
  try {
    return dig(f);
  } catch (e) {
    if (unwound++ < headroom) throw e;
    try {
      return f();
    } catch (err) {
      return err;
    }
  }
}

let reference;

/** One round: fresh instance, `warm` ordinary calls of each kind, one deep call, then the check. */
export async function round(kind, room, warm = 1, clients = 0) {
  const pk = fresh();
  // Clients hold JS values in wasm-bindgen's table: with enough of them, the
  // deep call's arguments may be the ones that make the table grow.
  const held = Array.from({ length: clients }, () => new pk.VerifikClient({ token: 't', fetch }));
  // warm 0: the deep call is the instance's very first (expected answers from another instance).
  const expected = warm === 0 ? (reference ??= await answers(fresh())) : await answers(pk);
  const mark0 = warm === 0 ? null : pk.wasmState().stackMark;
  const call = kinds(pk)[kind][1];
  for (let i = 1; i < warm; i++) await answers(pk);
  headroom = room;
  unwound = 0;
  const r = dig(call);
  if (r instanceof Promise) await r.catch(() => {});
  let got;
  let leaked = false;
  try {
    pk.validateVerifikPerson({});
    leaked = mark0 !== null && pk.wasmState().stackMark !== mark0;
    got = await answers(pk);
    held.length = 0;
  } catch (e) {
    return { broken: true, leaked, threw: r instanceof Error, why: String(e) };
  }
  return { broken: got !== expected, leaked, threw: r instanceof Error, why: got === expected ? '' : 'other answers' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.argv[2] ?? 2000);
  let seed = Number(process.argv[3] ?? 1);
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const names = kinds({}).map(([n]) => n);
  const broken = {};
  const threw = {};
  const leaked = {};
  const t0 = Date.now();
  for (let i = 0; i < rounds; i++) {
    const kind = i % names.length;
    const room = Math.floor(rand() * Number(process.env.ROOM ?? 300));
    const r = await round(kind, room, Math.floor(rand() * Number(process.env.WARM ?? 3)), Math.floor(rand() * Number(process.env.CLIENTS ?? 0)));
    if (r.threw) threw[names[kind]] = (threw[names[kind]] ?? 0) + 1;
    if (r.leaked) leaked[names[kind]] = (leaked[names[kind]] ?? 0) + 1;
    if (r.broken) {
      (broken[names[kind]] ??= []).push(`${room}: ${r.why.slice(0, 80)}`);
    }
  }
  console.log(JSON.stringify({ rounds, ms: Date.now() - t0, threw, leaked, broken }, null, 1));
}
