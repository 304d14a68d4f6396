// Tier 3: the package as Node ESM users import it (self-reference through "exports").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { version } from 'personkit';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('ESM import works without init() and reports the crate version', () => {
  assert.equal(version(), pkg.version);
});
