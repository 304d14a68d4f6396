// personkit in a page answers as it does in Node (audit-parity-setup.mjs
// says how): the SIMD builds here, the no-SIMD ones and the odd cases in
// audit-parity-nosimd.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node, BUILDS, open, everyAnswerAsNodes } from './audit-parity-setup.mjs';

everyAnswerAsNodes(['page', 'web']);

// What the README's API table lists; `init`/`initSync` are personkit/init's
// only, and `enrolMany` (the spreadsheet import) is the Node entry's only.
const API = ['validateVerifikPerson', 'validateEqualsPerson', 'validateHorusPerson', 'encodeImage', 'prepareImage',
  'VerifikClient', 'EqualsClient', 'HorusClient', 'PersonkitError', 'toProviderPayloads', 'mapPerson', 'checkProviderPayload',
  'enrol', 'idempotencyKeyFor', 'validateField', 'errorsByField', 'setLocale', 'getLocale', 'version', 'ready'].sort();

test('a page gets the README\'s API, each export of the kind Node\'s is, and the same version', async () => {
  const kinds = (m) => Object.keys(m).sort().map((k) => `${k}:${typeof m[k]}`);
  assert.deepEqual(kinds(node), [...API, 'enrolMany'].sort().map((k) => `${k}:${typeof node[k]}`));
  for (const build of Object.values(BUILDS)) {
    const { page, problems } = await open(build);
    const got = await page.evaluate(() => [Object.keys(window.pk).sort().map((k) => `${k}:${typeof window.pk[k]}`), window.pk.version()]);
    const more = build.init ? ['init:function', 'initSync:function'] : [];
    assert.deepEqual(got, [[...kinds(node).filter((k) => !k.startsWith('enrolMany:')), ...more].sort(), node.version()], build.entry);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('in a page a client holding a secret is BROWSER_NOT_ALLOWED, worded as asked, the secret nowhere; without one, or allowed, it is built', async () => {
  const EN = 'For safety, this cannot be done from a browser';
  const ES = 'Por seguridad, esta operación no se puede hacer desde el navegador';
  for (const build of Object.values(BUILDS)) {
    const { page, problems } = await open(build);
    const got = await page.evaluate(() => {
      const { VerifikClient, EqualsClient, HorusClient, PersonkitError, setLocale } = window.pk;
      const make = (C, options) => {
        try {
          new C(options).free();
          return 'built';
        } catch (e) {
          const text = JSON.stringify(e) + e.message + e.detail;
          return [e instanceof PersonkitError, e.code, e.message, /s3cr3t/.test(text)];
        }
      };
      const secrets = [[VerifikClient, { token: 's3cr3t' }], [EqualsClient, { apiKey: 's3cr3t' }],
        [HorusClient, { baseUrl: 'https://horus.example', clientId: 'id', clientSecret: 's3cr3t' }]];
      const out = [];
      for (const [C, o] of secrets) {
        out.push(make(C, o), make(C, { ...o, locale: 'es-PE' }), make(C, { ...o, messages: { BROWSER_NOT_ALLOWED: 'mine' } }),
          make(C, { ...o, dangerouslyAllowBrowser: true }), make(C, { baseUrl: 'https://my.example/api' }));
      }
      setLocale('es');
      out.push(make(VerifikClient, { token: 's3cr3t' }));
      setLocale('en');
      return out;
    });
    const one = [[true, 'BROWSER_NOT_ALLOWED', EN, false], [true, 'BROWSER_NOT_ALLOWED', ES, false], [true, 'BROWSER_NOT_ALLOWED', 'mine', false], 'built', 'built'];
    assert.deepEqual(got, [...one, ...one, ...one, [true, 'BROWSER_NOT_ALLOWED', ES, false]], build.entry);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
