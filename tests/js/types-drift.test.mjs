// The hand-kept TypeScript types against what Rust returns: a code added in
// src/error.rs and missing from js/index.d.ts (or the other way) fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const rust = readFileSync(new URL('src/error.rs', root), 'utf8');
const types = readFileSync(new URL('js/index.d.ts', root), 'utf8');

/** The `Self::X => "CODE"` strings of `ErrorCode::as_str`, by variant name. */
const rustCodes = new Map([...rust.matchAll(/Self::(\w+) => "([A-Z0-9_]+)"/g)].map(([, v, c]) => [v, c]));

/** The variants declared after a section comment of the enum, up to the next one. */
function section(marker) {
  const start = rust.indexOf(marker);
  assert.ok(start >= 0, marker);
  const end = rust.indexOf('// ----', start + marker.length);
  const body = rust.slice(start, end < 0 ? rust.indexOf('}', start) : end);
  return [...body.matchAll(/^\s*(\w+),\s*$/gm)].map(([, v]) => rustCodes.get(v));
}

/** The string members of `export type <name> = | 'A' | 'B' …;`. */
function union(name) {
  const m = types.match(new RegExp(`export type ${name} =([^;]+);`));
  assert.ok(m, name);
  return [...m[1].matchAll(/'([A-Z0-9_]+)'/g)].map(([, c]) => c);
}

test('ErrorCode and FieldErrorCode in index.d.ts are exactly the codes Rust returns', () => {
  const top = section('top-level codes');
  const field = section('field-level codes');
  assert.ok(top.length > 10 && field.length > 10);
  assert.deepEqual(new Set(union('FieldErrorCode')), new Set(field), 'FieldErrorCode');
  // PersonkitError.code: the top-level codes, and the image codes encodeImage rejects with.
  const declared = new Set(union('ErrorCode'));
  for (const c of top) assert.ok(declared.has(c), `ErrorCode lacks ${c}`);
  for (const c of declared) assert.ok(top.includes(c) || field.includes(c), `ErrorCode has ${c}, which Rust never returns`);
});

test('the CommonJS types are the ESM types', () => {
  const cts = readFileSync(new URL('js/index.d.cts', root), 'utf8');
  assert.match(cts, /export \* from '\.\/index\.js'/);
});

test('every refusal code personkit/server answers with (what enrol() rejects with) is in ErrorCode or EnrolRefusalCode', async () => {
  const { readdirSync } = await import('node:fs');
  const union = (name) => new Set([...(types.match(new RegExp(`export type ${name} =([^;]+);`))?.[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]));
  const known = new Set([...union('ErrorCode'), ...union('EnrolRefusalCode')]);
  const dir = new URL('js/server/', root);
  const sent = new Set(['INTERNAL']);
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/new Refusal\(\d+, '([A-Z_]+)'/g)) sent.add(m[1]);
  }
  assert.ok(sent.size > 10, `${sent.size} codes found`);
  for (const c of sent) assert.ok(known.has(c), `${c} is not in the types`);
});
