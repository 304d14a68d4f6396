// The calls a page and a server make on every person throw no exception
// inside personkit, not even one it catches itself: an exception thrown from
// a JS import under wasm frames costs far more than one in plain JS (two per
// encodeImage(File), from the checks for an ArrayBuffer, took a sixth of a
// small photo's call in Chromium; bench/README.md, "History: images"). An
// inspector session on a worker thread pauses on every exception, caught or
// not, and counts where it was thrown. Node's own fetch internals are left
// out: they are the same for any caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import * as pk from 'personkit';

const JPEG = readFileSync(new URL('../fixtures/images/portrait-120x160.jpg', import.meta.url));

/** Runs `work` with every exception it throws counted by where it came from. */
async function exceptionsDuring(work) {
  const worker = new Worker(`
    const { parentPort } = require('node:worker_threads');
    const inspector = require('node:inspector');
    const session = new inspector.Session();
    session.connectToMainThread();
    const seen = [];
    session.on('Debugger.paused', ({ params }) => {
      const where = params.callFrames.slice(0, 3).map((f) => (f.functionName || '(anonymous)') + ' ' + f.url.replace(/^.*\\//, '') + ':' + (f.location.lineNumber + 1));
      const what = String(params.data?.description ?? params.data?.className ?? params.reason).split('\\n')[0];
      seen.push({ what, where, url: params.callFrames[0]?.url ?? '' });
      session.post('Debugger.resume');
    });
    parentPort.on('message', (m) => {
      if (m === 'start') session.post('Debugger.enable', () => session.post('Debugger.setPauseOnExceptions', { state: 'all' }, () => parentPort.postMessage('started')));
      if (m === 'stop') session.post('Debugger.setPauseOnExceptions', { state: 'none' }, () => parentPort.postMessage(seen));
    });
  `, { eval: true });
  const reply = () => new Promise((resolve) => worker.once('message', resolve));
  try {
    worker.postMessage('start');
    await reply();
    await work();
    worker.postMessage('stop');
    const seen = await reply();
    // Node's own modules are node:internal/…; ours are files (a path for CommonJS).
    return seen.filter((e) => !e.url.startsWith('node:'));
  } finally {
    await worker.terminate();
  }
}

const SERVER = { verifik: { collections: ['staff'] }, equals: { accountId: 'F12345', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } };
const person = { firstName: ' Ana ', lastName: 'Quispe', email: 'ana@example.pe', dateOfBirth: '1990-12-04', gender: 'F', nationality: 'pe', identityNumber: '44512345', phone: '', photos: [JPEG.toString('base64')] };

const calls = {
  'encodeImage(File)': () => pk.encodeImage(new File([JPEG], 'ana.jpg', { type: 'image/jpeg' })),
  'encodeImage(Blob)': () => pk.encodeImage(new Blob([JPEG])),
  'encodeImage(Uint8Array)': () => pk.encodeImage(new Uint8Array(JPEG)),
  'encodeImage(data URL)': () => pk.encodeImage(`data:image/jpeg;base64,${JPEG.toString('base64')}`),
  'toProviderPayloads': () => pk.toProviderPayloads(person, SERVER),
  'toProviderPayloads, refused, in Spanish': () => pk.toProviderPayloads({ ...person, email: 'ana@' }, SERVER, { locale: 'es' }),
  'validateVerifikPerson': () => pk.validateVerifikPerson({ name: 'Ana', images: [JPEG.toString('base64')], gender: 'F', date_of_birth: '1990-12-04', nationality: 'PE', collections: ['staff'] }),
  'validateEqualsPerson, refused': () => pk.validateEqualsPerson({ emailAddress: 'x', dob: 'tomorrow' }, { locale: 'es' }),
  'validateHorusPerson': () => pk.validateHorusPerson({ clientId: 'c', clientSecret: 's', mainIdentifier: '44512345', firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', categoryId: 1, positionId: 1 }),
  'validateField and errorsByField': () => pk.errorsByField(pk.validateField('equals', 'emailAddress', 'ana@', { locale: 'es' })),
};

test('no exception is thrown inside personkit by the calls made on every person', async () => {
  // Each once first: the first call warms up what the stack limit needs, by throwing once on purpose.
  for (const call of Object.values(calls)) await call();
  for (const [name, call] of Object.entries(calls)) {
    const seen = await exceptionsDuring(async () => {
      for (let i = 0; i < 3; i++) await call();
    });
    assert.deepEqual(seen.map((e) => `${e.what} at ${e.where.join(' < ')}`), [], `${name} threw inside personkit`);
  }
});
