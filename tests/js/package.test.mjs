// Tier 3: the package as Node ESM users import it (self-reference through "exports").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { version } from 'personkit';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('ESM import works without init() and reports the crate version', () => {
  assert.equal(version(), pkg.version);
});

test('PersonkitError is exported as a class', async () => {
  const { PersonkitError } = await import('personkit');
  assert.equal(typeof PersonkitError, 'function');
  const e = new PersonkitError('TIMEOUT', 'request timed out');
  assert.ok(e instanceof Error && e instanceof PersonkitError);
  assert.equal(e.name, 'PersonkitError');
  assert.equal(e.code, 'TIMEOUT');
});
