// Tier 3: what `npm publish` would ship, installed into a fresh project, used
// from ESM, CommonJS and TypeScript --strict exactly as a user would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let dir;
let packed; // npm pack's report of the tarball: its name and the files in it

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'personkit-pack-'));
  [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root));
  const { filename } = packed;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  // --prefer-offline, not --offline: the tarball's dependencies (csv-parse and
  // cli-progress, for the import CLI) are resolved from the npm cache when it
  // has them, and from the registry on a machine whose cache never saw them.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, filename)], dir);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

test('npm pack ships only what users need', () => {
  // The files of the tarball the other tests install (not a second, dry-run pack).
  const paths = packed.files.map((f) => f.path).sort();
  for (const needed of ['README.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'package.json',
    'js/browser.mjs', 'js/node.mjs', 'js/node.cjs', 'js/index.d.ts', 'js/index.d.cts',
    'pkg/web/personkit.js', 'pkg/web/personkit_bg.wasm', 'pkg/node/personkit.js', 'pkg/node/wasm-inline.js']) {
    assert.ok(paths.includes(needed), `missing ${needed}`);
  }
  const unexpected = paths.filter((p) => /^(src|tests|target|www|scripts|bench|node_modules)\/|Cargo\.|\.rs$/.test(p));
  assert.deepEqual(unexpected, []);
});

test('installed package works from ESM', () => {
  writeFileSync(join(dir, 'esm.mjs'), "import { version } from 'personkit'; console.log(version());");
  assert.equal(run('node', ['esm.mjs'], dir).trim(), pkg.version);
});

test('installed package works from CommonJS', () => {
  writeFileSync(join(dir, 'cjs.cjs'), "const { version } = require('personkit'); console.log(version());");
  assert.equal(run('node', ['cjs.cjs'], dir).trim(), pkg.version);
});

test('types resolve for both entries under tsc --strict', () => {
  writeFileSync(join(dir, 'esm.mts'), [
    "import { version, validateEqualsPerson, EqualsClient, HorusClient, PersonkitError, type HorusResult } from 'personkit';",
    "import { startMock } from 'personkit/mock';",
    'const v: string = version();',
    "const r = validateEqualsPerson({ accountId: 'F1', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a@b.co' });",
    'if (r.ok) { const email: string = r.value.emailAddress; void email; } else { const f: string = r.errors[0].field; void f; }',
    "const c = new EqualsClient({ apiKey: 'k', timeoutMs: 1000 });",
    "const h = new HorusClient({ baseUrl: 'https://h.example', clientId: 'i', clientSecret: 's' });",
    "async function go(): Promise<void> {",
    "  try { const p = await c.createPerson({ accountId: 'F1', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a@b.co' }); const id: string = p.id; void id; }",
    "  catch (e) { if (e instanceof PersonkitError) { const code: string = e.code; void code; } }",
    "  const res: HorusResult = await h.createPerson({ mainIdentifier: '1', firstName: 'A', lastName: 'B', email: 'a@b.co', categoryId: 1, positionId: 1 }, { requestId: 'x1' });",
    "  void res.created;",
    "  const n: number = res.attempts; const rec: boolean = res.reconciled; void n; void rec;",
    "  const mock = await startMock({ port: 0 });",
    "  const persons: number = (mock.state.snapshot().equals[0]?.personaCounts['F12345'] ?? 0); void persons;",
    "  await mock.close();",
    "}",
    'export { v, go };', ''].join('\n'));
  writeFileSync(join(dir, 'cjs.cts'), "import personkit = require('personkit');\nconst v: string = personkit.version();\nexport = v;\n");
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false, types: [], lib: ['es2022', 'dom'] },
    files: ['esm.mts', 'cjs.cts'],
  }));
  run(join(root, 'node_modules/.bin/tsc'), ['-p', '.'], dir);
});

test('installed package: personkit/server from ESM, and its types under tsc --strict', () => {
  writeFileSync(join(dir, 'server.mjs'), [
    "import { createEnrolHandler, toNodeHandler, memoryStore, redisStore } from 'personkit/server';",
    "import { EqualsClient, toProviderPayloads, enrol } from 'personkit';",
    "const handler = createEnrolHandler({ providers: { equals: { client: new EqualsClient({ apiKey: 'k' }), accountId: 'F1', roleName: 'Viewer' } }, store: memoryStore() });",
    "const r = toProviderPayloads({ firstName: 'A', lastName: 'B', email: 'a@b.co' }, { equals: true });",
    "console.log(typeof handler, typeof toNodeHandler(handler), typeof redisStore, typeof enrol, r.ok);", ''].join('\n'));
  assert.equal(run('node', ['server.mjs'], dir).trim(), 'function function function function true');
  writeFileSync(join(dir, 'server-types.mts'), [
    "import { createEnrolHandler, toNodeHandler, memoryStore, type Outcome } from 'personkit/server';",
    "import { EqualsClient, toProviderPayloads, enrol, type NeutralPerson } from 'personkit';",
    "const handler = createEnrolHandler({",
    "  providers: { equals: { client: new EqualsClient({ apiKey: 'k' }), accountId: 'F1', roleName: 'Viewer' } },",
    "  authorize: async (req: Request) => (req.headers.get('authorization') ? { user: 'u' } : false),",
    "  prepare: (payload, { provider, auth }) => { void provider; void auth; return payload; },",
    "  store: memoryStore(), maxBodyBytes: 1024, allowedOrigins: ['https://a.example'], idempotency: { waitMs: 100 },",
    "});",
    "const res: Promise<Response> = handler(new Request('https://a.example/api/enrol'));",
    "const node = toNodeHandler(handler);",
    "const p: NeutralPerson = { firstName: 'A', lastName: 'B', email: 'a@b.co', extras: { equals: { jobTitle: 'x' } } };",
    "const r = toProviderPayloads(p, { equals: true });",
    "if (r.ok) { const e: string | undefined = r.value.equals?.emailAddress; void e; } else { const f: string = r.errors[0].field; void f; }",
    "async function go(): Promise<void> { const s = await enrol(p, { endpoint: '/api/enrol', onProgress: (prov, o: Outcome) => { void prov; void o.status; } }); void s.results.equals?.status; }",
    "export { res, node, go };", ''].join('\n'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false, types: [], lib: ['es2022', 'dom'] },
    files: ['server-types.mts'],
  }));
  run(join(root, 'node_modules/.bin/tsc'), ['-p', '.'], dir);
});
