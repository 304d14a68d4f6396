// README, Where it runs: "Deno reads environment variables (VERIFIK_TOKEN, …)
// only with --allow-env; without it a client sees none of them." A user who
// set VERIFIK_TOKEN and ran `deno run --allow-net app.mjs` must not be told
// to "set VERIFIK_TOKEN": the refusal says the variable could not be read and
// names the flag. Run with the consumers tier's pinned Deno (skipped when absent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const deno = join(root, 'tests', 'consumers', 'node_modules', '.bin', 'deno');
let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'personkit-deno-env-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'personkit'));
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'deno.json'), '{ "nodeModulesDir": "manual" }\n');
  writeFileSync(join(dir, 'app.mjs'), `
import * as pk from 'npm:personkit';
const refusal = (make) => { try { make(); return 'built'; } catch (e) { return { code: e.code, field: e.field, detail: e.detail }; } };
console.log(JSON.stringify({
  verifik: refusal(() => new pk.VerifikClient()),
  equals: refusal(() => new pk.EqualsClient()),
  horus: refusal(() => new pk.HorusClient({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz' })),
}));
`);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

const run = (flags) => promisify(execFile)(deno, ['run', ...flags, '--no-prompt', 'app.mjs'], {
  cwd: dir, encoding: 'utf8', timeout: 120_000,
  env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', VERIFIK_TOKEN: 'verifik-test-token', EQUALS_API_KEY: 'equals-test-key', HORUS_BASE_URL: 'http://127.0.0.1:4010' },
}).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop()));

test('Deno without --allow-env: a client refused for a credential or address it could not read says so, and names the flag',
  { skip: !existsSync(deno) && 'no Deno in tests/consumers/node_modules' }, async () => {
    const r = await run(['--allow-read', '--allow-net']);
    for (const [name, field, variable] of [['verifik', 'token', 'VERIFIK_TOKEN'], ['equals', 'apiKey', 'EQUALS_API_KEY'], ['horus', 'baseUrl', 'HORUS_BASE_URL']]) {
      assert.equal(r[name].code, 'INVALID_OPTIONS', name);
      assert.equal(r[name].field, field, name);
      assert.match(r[name].detail, new RegExp(`${variable} could not be read here: under Deno, run with --allow-env`), name);
    }
    // With the permission the same variables are read, and the clients are built.
    assert.deepEqual(await run(['--allow-read', '--allow-net', '--allow-env']), { verifik: 'built', equals: 'built', horus: 'built' });
  });
