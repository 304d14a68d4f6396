// "Where it runs", tried as a user would outside Node: Deno and Bun running
// the installed package against personkit-mock, counting persons there. The
// runtimes are the consumers tier's pinned ones (tests/consumers/node_modules,
// installed by scripts/setup.sh); a case is skipped when its runtime is absent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockServer } from './helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'tests', 'consumers', 'node_modules', '.bin');
const deno = join(bin, 'deno');
const bun = join(bin, 'bun');
let mock;
let dir; // a project with personkit in node_modules, as npm leaves it
before(async () => {
  mock = await mockServer();
  dir = mkdtempSync(join(tmpdir(), 'personkit-runtimes-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'personkit'));
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'deno.json'), '{ "nodeModulesDir": "manual" }\n');
});
after(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `code` (an ES module) with `runtime` in the project; resolves to the JSON it prints last. */
async function run(runtime, code, args = []) {
  writeFileSync(join(dir, 'app.mjs'), code);
  const cmd = runtime === deno ? [deno, ['run', '--allow-all', '--no-prompt', 'app.mjs', ...args]] : [runtime, ['app.mjs', ...args]];
  const { stdout } = await promisify(execFile)(cmd[0], cmd[1], {
    cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  return JSON.parse(stdout.trim().split('\n').pop());
}

// A server that keeps connections alive, a create sent on one already used,
// and the connection reset after the create was handled: the outcome is
// unknown, so the client must look before sending again. Deno's fetch
// (hyper) re-sends a POST by itself when a reused connection fails; the
// mock then counts two creates for one attempt and, on Equals, a second persona.
const RESET_ON_POOLED = `
import * as pk from 'npm:personkit';
const mock = Deno.args[0];
const fault = { 'x-mock-fault': 'reset;after-create;on=create' };
const tag = Math.random().toString(36).slice(2, 10);
const out = {};
const equals = new pk.EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock, maxRetries: 1 });
const person = (n) => ({ accountId: 'F12345', firstName: 'Ana', lastName: 'Q', roleName: 'Viewer', emailAddress: \`ana.\${tag}.\${n}@example.pe\` });
await equals.createPerson(person(1)); // leaves a pooled connection to the mock
const settle = (p) => p.then((r) => ({ attempts: r.attempts, reconciled: r.reconciled }), (e) => ({ code: e.code, attempts: e.attempts }));
out.equals = await settle(equals.createPerson(person(2), { headers: fault }));
const verifik = new pk.VerifikClient({ token: 'verifik-test-token', baseUrl: mock, maxRetries: 1 });
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const face = (n) => ({ name: \`Ana \${tag} \${n}\`, images: [png], date_of_birth: '1990-01-01', collections: ['staff'] });
await verifik.createPerson(face(1));
out.verifik = await settle(verifik.createPerson(face(2), { headers: fault }));
out.tag = tag;
console.log(JSON.stringify(out));
`;

test('Deno: a create reset after it was handled, on a reused connection, is looked up and never made twice',
  { skip: !existsSync(deno) && 'no deno in tests/consumers/node_modules' }, async () => {
    await mock.reset();
    const r = await run(deno, RESET_ON_POOLED, [mock.url]);
    const held = await mock.persons();
    // Two creates each reached the mock: the first person, and the one reset.
    assert.deepEqual(held.attempts, { verifik: 2, equals: 2, horus: 0 }, 'a create was sent again without a lookup');
    assert.deepEqual(held.equals.filter((p) => p.primaryEmailAddress.includes(r.tag)).map((p) => p.personaCounts),
      [{ F12345: 1 }, { F12345: 1 }]);
    assert.equal(held.verifik.filter((p) => p.name.includes(r.tag)).length, 2);
    // The lookup found the person the reset create made: the result, with no second create.
    assert.deepEqual(r.equals, { attempts: 1, reconciled: true });
    assert.deepEqual(r.verifik, { attempts: 1, reconciled: true });
  });
