import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../lib/cli.mjs';

const SERVER = fileURLToPath(new URL('../server.mjs', import.meta.url));
const children = new Set();
after(() => {
  for (const child of children) child.kill('SIGKILL'); // only if a test failed midway
});

/** Spawns the CLI and resolves once it printed its URL. */
function startCli(args) {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && out.includes('Inspect')) resolve(m[1]);
    });
    exited.then(() => reject(new Error(`exited early: ${out}`)));
    setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10_000).unref();
  });
  return { child, ready, exited, output: () => out };
}

test('--port 0 picks a free port, prints URL and credentials, serves, exits 0 on SIGTERM', async () => {
  const cli = startCli(['--port', '0', '--quiet']);
  const url = await cli.ready;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(url).port, '0');
  for (const credential of ['verifik-test-token', 'equals-test-key', 'F12345', 'bb145d5f', 'bb145d5fxyz']) {
    assert.ok(cli.output().includes(credential), credential);
  }
  const res = await fetch(`${url}/__mock/persons`);
  assert.equal(res.status, 200);
  await res.json();
  cli.child.kill('SIGTERM');
  assert.deepEqual(await cli.exited, { code: 0, signal: null });
});

test('SIGINT stops it too; flags and a config file are applied', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'personkit-mock-'));
  try {
    const file = join(dir, 'mock.json');
    writeFileSync(file, JSON.stringify({ verifik: { token: 'from-file' }, equals: { apiKey: 'file-key' } }));
    const cli = startCli(['--port', '0', '--quiet', '--config', file, '--equals-api-key', 'flag-key']);
    const url = await cli.ready;
    assert.ok(cli.output().includes('Bearer from-file'));
    assert.ok(cli.output().includes('ApiKey flag-key'), 'a flag wins over the file');
    cli.child.kill('SIGINT');
    assert.equal((await cli.exited).code, 0);
    await assert.rejects(fetch(`${url}/__mock/persons`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parseCli: defaults, lists and bad input', () => {
  assert.deepEqual(parseCli([]), { port: 4010, host: '127.0.0.1', quiet: false, config: { verifik: {}, equals: {}, horus: {} } });
  const parsed = parseCli(['--horus-category-ids', '4,5', '--equals-account-ids', 'A,B', '--verifik-shape', 'docs', '--body-limit', '10']);
  assert.deepEqual(parsed.config.horus.categoryIds, [4, 5]);
  assert.deepEqual(parsed.config.equals.accountIds, ['A', 'B']);
  assert.equal(parsed.config.verifik.shape, 'docs');
  assert.equal(parsed.config.bodyLimit, 10);
  assert.deepEqual(parseCli(['--allowed-hosts', 'mock, mock.local:4010']).config.allowedHosts, ['mock', 'mock.local:4010']);
  assert.throws(() => parseCli(['--port', 'abc']), /port/);
  assert.throws(() => parseCli(['--horus-position-ids', 'x']), /integers/);
  assert.throws(() => parseCli(['--nope']));
  assert.deepEqual(parseCli(['--help']), { help: true });
});
