// Where Node answers otherwise than a page (tests/browser/audit-parity.test.mjs
// compares the two): the page's answer is the documented one, so it is
// written down here as what Node must answer too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toProviderPayloads, validateField, enrol } from 'personkit';

const deep = (n) => {
  let x = 1;
  for (let i = 0; i < n; i++) x = [x];
  return x;
};

// Node's JSON.stringify runs out of stack a few thousand levels down (about
// 4 100 on Node 20 and 22); Chromium's does not. stringifyReadable takes that
// RangeError for the whole person being unreadable, so Node answers one
// INVALID_TYPE at '' and checks nothing else, where a page names the member
// (nested deeper than 127, it is INVALID_TYPE at its own field) and checks the rest.
test('a person with a member nested 5 000 deep: the error at that member and the other fields checked, as in a page', async () => {
  const person = { firstName: 'Ana', lastName: 5, email: 'a@b.co', extras: { equals: { jobTitle: deep(5000) } } };
  assert.deepEqual(toProviderPayloads(person, { equals: true }, { locale: 'es' }), {
    ok: false,
    errors: [
      { field: 'extras', code: 'INVALID_TYPE', message: 'No se pudieron leer los datos adicionales' },
      { field: 'lastName', code: 'INVALID_TYPE', message: 'Escribe el apellido como texto' },
    ],
  });
  // enrol() refuses it before sending, naming the same fields.
  const err = await enrol(person, { endpoint: 'http://127.0.0.1:9/api/enrol', providers: ['equals'], fetch: () => assert.fail('sent') }).catch((e) => e);
  assert.deepEqual(err.errors.map((e) => e.field), ['extras', 'lastName']);
  assert.deepEqual(validateField('person', 'extras', { equals: { jobTitle: deep(5000) } }).errors.map((e) => e.field), ['extras']);
});
