// Jest's node environment testing a backend's enrol route: personkit/server
// is an ES module, which Jest's CommonJS tests reach only through import()
// and only with NODE_OPTIONS=--experimental-vm-modules (the one setting this
// needs; on Node 24.9 and later Jest can require it instead).
const { writeFile } = require('node:fs/promises');
const pk = require('personkit');

test('createEnrolHandler creates one person per system, and answers the same request again from its store', async () => {
  const server = await import('personkit/server');
  const { serverCheck } = await import('./server-check.mjs');
  const r = await serverCheck(server, pk, process.env.PK_MOCK);
  await writeFile(process.env.PK_OUT, JSON.stringify(r));
  expect(r.fail).toBeUndefined();
});
