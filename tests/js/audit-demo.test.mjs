// The demo page's words before its script runs, and what its form sends:
// pure checks of www/ (no browser), beside tests/browser/audit-demo.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TEXT } from '../../www/i18n.js';
import { toPerson } from '../../www/payloads.js';

const html = readFileSync(new URL('../../www/index.html', import.meta.url), 'utf8');

test('index.html is written in Spanish, word for word as i18n.js has it (a slow phone shows it before app.js runs)', () => {
  assert.match(html, /<html lang="es">/);
  assert.equal(html.match(/<title>([^<]*)<\/title>/)[1], TEXT.es.title);
  const texts = [...html.matchAll(/data-i18n="(\w+)"[^>]*>([^<]*)</g)];
  assert.ok(texts.length > 30);
  for (const [, key, text] of texts) assert.equal(text, TEXT.es[key], key);
  for (const [, key, label] of html.matchAll(/data-i18n-label="(\w+)" aria-label="([^"]*)"/g)) assert.equal(label, TEXT.es[key], key);
  const names = new Intl.DisplayNames(['es'], { type: 'region' });
  for (const [, code, name] of html.matchAll(/<option value="([A-Z]{2})">([^<]*)</g)) assert.equal(name, names.of(code), code);
});

test('every text of the page exists in both languages', () => {
  assert.deepEqual(Object.keys(TEXT.es).sort(), Object.keys(TEXT.en).sort());
});

test('a document number pasted with spaces is sent as one word; a passport keeps its letters', () => {
  assert.equal(toPerson({ identityNumber: ' 45 879\u00a0632 ' }).identityNumber, '45879632');
  assert.equal(toPerson({ identityNumber: 'PA 123 456' }).identityNumber, 'PA123456');
});

// The page strips a pasted DNI's spaces, and so does the table itself, which
// personkit/server runs for every caller (curl, the import CLI): Horus keys a
// person by it. What the characters may be is Horus's to say (its document
// takes a string: a DNI, an SSN with its dashes), so "??" is sent as it is.
test('the server\'s table sends a document number to Horus without inner spaces', async () => {
  const { toProviderPayloads, validateField } = await import('personkit');
  const horus = (identityNumber) => toProviderPayloads({ firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', identityNumber }, { horus: true }, { locale: 'es' });
  assert.equal(horus('45 879 632').value?.horus.mainIdentifier, '45879632');
  assert.equal(horus('PA 123\u00a0456').value?.horus.mainIdentifier, 'PA123456');
  assert.deepEqual(validateField('person', 'identityNumber', ' 45 879 632 '), { ok: true, value: '45879632' });
});
