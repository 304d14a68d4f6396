// A server whose TLS certificate is refused (self-signed here; an expired
// one, a proxy's) never saw the request: the handshake failed before a byte
// of it was written. README, Error codes: NETWORK, "the message says whether
// the request may have been sent"; so it is "not sent", retried as a refused
// connection is, with no lookup, never OUTCOME_UNKNOWN ("the person may
// exist"). Tried in Node, Bun and Deno (the consumers tier's pinned runtimes,
// skipped when absent); the certificate is made by openssl for the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:https';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'tests', 'consumers', 'node_modules', '.bin');
let openssl = true;
try { execFileSync('openssl', ['version'], { stdio: 'ignore' }); } catch { openssl = false; }

let dir; // a project with personkit in node_modules, as npm leaves it
let server;
let hits = 0;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'personkit-tls-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'personkit'));
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'deno.json'), '{ "nodeModulesDir": "manual" }\n');
  if (!openssl) return;
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    hits += 1;
    res.writeHead(500).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const APP = (spec) => `
import * as pk from '${spec}';
const baseUrl = globalThis.Deno ? Deno.args[0] : process.argv[2];
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const settle = (p) => p.then(() => 'created', (e) => ({ code: e.code, attempts: e.attempts, notSent: /the request was not sent/.test(e.detail) }));
console.log(JSON.stringify({
  equals: await settle(new pk.EqualsClient({ apiKey: 'equals-test-key', baseUrl, maxRetries: 1 })
    .createPerson({ accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a.tls@b.co' })),
  verifik: await settle(new pk.VerifikClient({ token: 'verifik-test-token', baseUrl, maxRetries: 1 })
    .createPerson({ name: 'A Tls', images: [png], date_of_birth: '1990-01-01', collections: ['staff'] })),
  horus: await settle(new pk.HorusClient({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', baseUrl, maxRetries: 1 })
    .createPerson({ mainIdentifier: '45879632', firstName: 'A', lastName: 'B', email: 'a.tls@b.co', categoryId: 1, positionId: 1, enabled: 1 })),
}));
`;

const RUNTIMES = [['Node', process.execPath, 'personkit'], ['Bun', join(bin, 'bun'), 'personkit'], ['Deno', join(bin, 'deno'), 'npm:personkit']];
for (const [name, runtime, spec] of RUNTIMES) {
  const skip = (!openssl && 'no openssl to make a certificate') || (!existsSync(runtime) && `no ${name} in tests/consumers/node_modules`);
  test(`${name}: a refused TLS certificate is NETWORK "not sent", retried without a lookup, never OUTCOME_UNKNOWN`, { skip }, async () => {
    writeFileSync(join(dir, 'app.mjs'), APP(spec));
    const args = name === 'Deno' ? ['run', '--allow-all', '--no-prompt', 'app.mjs'] : ['app.mjs'];
    // The runtimes' defaults: a certificate no CA signed is refused.
    const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    for (const k of ['NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_EXTRA_CA_CERTS', 'DENO_CERT', 'DENO_TLS_CA_STORE']) delete env[k];
    const { stdout } = await promisify(execFile)(runtime, [...args, `https://127.0.0.1:${server.address().port}`], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env,
    });
    const not = { code: 'NETWORK', attempts: 2, notSent: true };
    assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop()), { equals: not, verifik: not, horus: not });
    assert.equal(hits, 0, 'no request got past a handshake');
  });
}
