// The README as a new user meets it: its snippets run as pasted against
// personkit-mock (the import walk-through in bash, the browser snippet in Node
// against the README's own Express route, the messages snippet's printed
// results), its error-code table names exactly the codes the types declare,
// and the links and anchors of the Markdown files resolve. The Node example
// and the server routes have their own tests (readme.test.mjs,
// server-routes.test.mjs); this file covers the other blocks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, copyFileSync, mkdirSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockServer } from './helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const run = promisify(execFile);
let mock;
let dir;

/** The fenced blocks of `lang` in the README section that starts at `heading`. */
function blocks(heading, lang) {
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has no "${heading}"`);
  const level = heading.match(/^#+/)[0];
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

before(async () => {
  mock = await mockServer();
  dir = mkdtempSync(join(tmpdir(), 'personkit-audit-readme-'));
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules/personkit'));
  symlinkSync(join(root, 'js/cli.mjs'), join(dir, 'node_modules/.bin/personkit'));
  symlinkSync(join(root, 'mock/server.mjs'), join(dir, 'node_modules/.bin/personkit-mock'));
  symlinkSync(join(root, 'node_modules/express'), join(dir, 'node_modules/express'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
});
after(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the import walk-through runs as pasted in bash: a dry run, a run, a rerun, one person per system', async () => {
  await mock.reset();
  const [script] = blocks('### A worked example against personkit-mock', 'sh');
  const port = script.match(/http:\/\/127\.0\.0\.1:(\d+)/)[1];
  const cwd = join(dir, 'walk');
  mkdirSync(cwd);
  copyFileSync(join(root, 'tests/fixtures/images/portrait-120x160.jpg'), join(cwd, 'ana.jpg'));
  copyFileSync(join(root, 'tests/fixtures/images/face-96x128.png'), join(cwd, 'bob.png'));
  // The mock is this test's (its URL for the README's example one); each
  // command's exit status is printed after it, its comment left out.
  const lines = script.split('\n')
    .filter((l) => !l.startsWith('npx personkit-mock'))
    .map((l) => l.replaceAll(`127.0.0.1:${port}`, mock.url.slice('http://'.length)))
    .map((l) => (/^(import_people( |$)|curl )/.test(l) ? `${l.replace(/\s+#.*$/, '')}; e=$?; echo; echo "exit=$e"` : l));
  const env = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  // A machine without curl (a slim image) gets a stand-in for the last line's `curl -s URL`.
  if (await run('bash', ['-c', 'command -v curl']).then(() => false, () => true)) {
    const bin = join(dir, 'curl-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'curl'), '#!/bin/sh\nexec node -e "fetch(process.argv.at(-1)).then((r) => r.text()).then((t) => process.stdout.write(t))" -- "$@"\n', { mode: 0o755 });
    env.PATH = `${bin}:${env.PATH}`;
  }
  for (const k of Object.keys(env)) if (/^(VERIFIK|EQUALS|HORUS)_/.test(k)) delete env[k];
  const { stdout, stderr } = await run('bash', ['-c', lines.join('\n')], { cwd, env, encoding: 'utf8' });
  const [dry, first, second, persons] = stdout.split(/^exit=\d+$/m);
  assert.deepEqual([...stdout.matchAll(/^exit=(\d+)$/gm)].map((m) => m[1]), ['1', '1', '1', '0'], `${stdout}\n${stderr}`);
  assert.match(dry, /^line 3, email: .* \(equals, horus\)$/m, dry);
  assert.doesNotMatch(dry, /photos|line 2/, dry);
  for (const p of ['verifik', 'equals', 'horus']) assert.match(first, new RegExp(`^${p}: 1 created, 0 already there, 1 invalid, 0 failed`, 'm'), first);
  for (const p of ['verifik', 'equals', 'horus']) assert.match(second, new RegExp(`^${p}: 0 created.*, 1 done in an earlier run$`, 'm'), second);
  const s = JSON.parse(persons);
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1]);
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 });
  assert.equal(s.verifik[0].name, 'Ana Ñañez Quispe');
  assert.ok(existsSync(join(cwd, 'people.csv.results.csv')));
});

test('the browser snippet runs in Node against the README\'s Express route and resolves to { results }', async () => {
  await mock.reset();
  const [handler, express] = blocks('## Your backend: `personkit/server`', 'js').filter((b) => b.startsWith('// file: '));
  for (const code of [handler, express]) {
    const file = join(dir, code.match(/^\/\/ file: (\S+)/)[1]);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
  }
  const [page] = blocks('### In a browser', 'js');
  writeFileSync(join(dir, 'page.mjs'), [
    // What a page has and Node lacks: the form, its file input, a relative URL's origin, and the page's own UI.
    "import { readFileSync } from 'node:fs';",
    "globalThis.input = { files: [new File([readFileSync('ana.jpg')], 'ana.jpg', { type: 'image/jpeg' })] };",
    "globalThis.form = { name: { value: 'Ana Ñañez' }, dob: { value: '1990-12-04' } };",
    'globalThis.showError = (...a) => console.log(JSON.stringify({ showError: a }));',
    'globalThis.show = (...a) => console.log(JSON.stringify({ show: a }));',
    'const real = globalThis.fetch;',
    "globalThis.fetch = (u, i) => real(typeof u === 'string' && u.startsWith('/') ? process.env.ORIGIN + u : u, i);",
    page,
    'console.log(JSON.stringify({ summary, check: { mimeType, width, height, byteLength, ok: check.ok } }));',
  ].join('\n'));
  copyFileSync(join(root, 'tests/fixtures/images/portrait-120x160.jpg'), join(dir, 'ana.jpg'));
  writeFileSync(join(dir, 'serve.mjs'), [
    "import { server } from './express-server.mjs';",
    "server.on('listening', () => console.log(server.address().port));",
    'process.stdin.on(\'end\', () => { server.close(); server.closeAllConnections(); }).resume();',
  ].join('\n'));
  const { spawn } = await import('node:child_process');
  const env = {
    ...process.env, PORT: '0', VERIFIK_TOKEN: 'verifik-test-token', EQUALS_API_KEY: 'equals-test-key', EQUALS_ACCOUNT_ID: 'F12345',
    VERIFIK_BASE_URL: mock.url, EQUALS_BASE_URL: mock.url, HORUS_BASE_URL: mock.url, HORUS_CLIENT_ID: 'bb145d5f', HORUS_CLIENT_SECRET: 'bb145d5fxyz',
  };
  const server = spawn('node', ['serve.mjs'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve, reject) => {
      server.stdout.once('data', (d) => resolve(String(d).trim()));
      server.once('exit', (code) => reject(new Error(`the Express route exited ${code}`)));
    });
    const { stdout } = await run('node', ['page.mjs'], { cwd: dir, env: { ...process.env, ORIGIN: `http://127.0.0.1:${port}` }, encoding: 'utf8' });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const { summary, check } = lines.at(-1);
    assert.deepEqual(check, { mimeType: 'image/jpeg', width: 120, height: 160, byteLength: 3698, ok: true });
    assert.deepEqual(Object.keys(summary), ['results']);
    assert.deepEqual(Object.values(summary.results).map((o) => o.status), ['created', 'created', 'created'], stdout);
    // onProgress(provider, outcome) was called once per provider, with the outcome's own words.
    const shown = lines.filter((l) => l.show).map((l) => l.show);
    assert.deepEqual(shown.map(([p]) => p).sort(), ['equals', 'horus', 'verifik']);
    for (const [p, status, message] of shown) assert.equal(message, summary.results[p].message, `${p} ${status}`);
  } finally {
    server.stdin.end();
    if (server.exitCode === null) await new Promise((r) => server.once('exit', r));
  }
});

test('the messages snippet prints what its comments say', async () => {
  const [code] = blocks('### Messages for people: Spanish and English', 'js');
  // The three `// { … }` comments under the statements they describe.
  const said = [...code.matchAll(/\/\/ (\{.*\})$/gm)].map((m) => Function(`return (${m[1]})`)());
  assert.equal(said.length, 3);
  const printed = code.split('\n').map((l) => (/^(const r = |errorsByField\(r\)|validateField\()/.test(l)
    ? l.replace(/;.*$/, '').replace(/^(const r = )?(.*)$/, (_, decl, expr) => `${decl ?? ''}${expr}; console.log(JSON.stringify(${decl ? 'r' : expr}));`)
    : l));
  writeFileSync(join(dir, 'messages.mjs'), [
    "const input = { accountId: 'F12345', firstName: 'Ana', lastName: 'Ñañez', roleName: 'Viewer', emailAddress: 'ana(at)example.pe' };",
    "const box = { value: 'ana(at)example.pe' };",
    ...printed,
  ].join('\n'));
  const { stdout } = await run('node', ['messages.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(stdout.trim().split('\n').map((l) => JSON.parse(l)), said);
});

test('the Usage block loads from ESM and from CommonJS', async () => {
  const [code] = blocks('## Usage', 'js');
  const [esm, cjs] = code.split('\n').filter((l) => !l.startsWith('//') && l.trim());
  writeFileSync(join(dir, 'usage.mjs'), `${esm}\nconsole.log([EqualsClient, validateEqualsPerson, encodeImage, PersonkitError].map((f) => typeof f).join());`);
  writeFileSync(join(dir, 'usage.cjs'), `${cjs}\nconsole.log([EqualsClient, PersonkitError].map((f) => typeof f).join());`);
  assert.equal((await run('node', ['usage.mjs'], { cwd: dir, encoding: 'utf8' })).stdout.trim(), 'function,function,function,function');
  assert.equal((await run('node', ['usage.cjs'], { cwd: dir, encoding: 'utf8' })).stdout.trim(), 'function,function');
});

test('the personkit-mock block starts a mock with the members its comment names', async () => {
  const [code] = blocks('## personkit-mock: the three APIs on your machine', 'js');
  const named = code.match(/\/\/ \{ (.*) \}/)[1].split(', ').map((k) => k.replace('()', ''));
  writeFileSync(join(dir, 'mock-block.mjs'), `${code}\nconsole.log(JSON.stringify(Object.keys(mock)), typeof mock.close);\nawait mock.close();\n`);
  const [keys, close] = (await run('node', ['mock-block.mjs'], { cwd: dir, encoding: 'utf8' })).stdout.trim().split(' ');
  assert.deepEqual(named.filter((k) => !JSON.parse(keys).includes(k)), []);
  assert.equal(close, 'function');
});

test('the retry table holds against the mock: each outcome retried, looked up first or final, never a second person', async () => {
  const { VerifikClient, EqualsClient, HorusClient } = await import('../../js/node.mjs');
  const start = readme.indexOf('| outcome of an attempt |');
  const lines = readme.slice(start).split('\n');
  const rows = lines.slice(2, lines.findIndex((l) => !l.startsWith('|'))).map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
  const verdict = (cell) => (cell.startsWith('retry') ? 'retry' : cell.startsWith('**look first**') ? 'look' : cell === 'no' ? 'no' : assert.fail(cell));
  // The faults each row names, as the mock makes them (its statuses, a range such as 521–523, and the words).
  const faults = (cell) => [
    ...[...cell.matchAll(/\b(\d{3})(?:–(\d{3}))?\b/g)].flatMap(([, a, b]) => Array.from({ length: (b ?? a) - a + 1 }, (_, i) => String(+a + i))),
    ...(/connection dropped/.test(cell) ? ['reset'] : []), ...(/body cannot be read/.test(cell) ? ['bad-json'] : []),
    ...(/^timeout/.test(cell) ? ['delay=1500'] : []), ...(/a redirect/.test(cell) ? ['redirect'] : []),
    ...(/any other 4xx/.test(cell) ? ['400', '404', '409'] : []),
  ];
  const all = rows.flatMap(([cell]) => faults(cell));
  for (const f of ['429', '503', '408', '500', '520', '524', 'reset', 'bad-json', 'delay=1500', '501', '523', 'redirect', '404']) assert.ok(all.includes(f), `${f} not read from the table`);
  const opts = { baseUrl: mock.url, maxRetries: 1, timeoutMs: 500 };
  const clients = {
    verifik: new VerifikClient({ token: 'verifik-test-token', ...opts }),
    equals: new EqualsClient({ apiKey: 'equals-test-key', ...opts }),
    horus: new HorusClient({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', ...opts }),
  };
  const photo = readFileSync(join(root, 'tests/fixtures/images/portrait-120x160.jpg'));
  let n = 0;
  const bodies = {
    verifik: () => ({ name: `Retry Table${(n += 1)}`, images: [photo], date_of_birth: '1990-01-01', collections: ['staff'] }),
    equals: () => ({ accountId: 'F12345', firstName: 'Retry', lastName: 'Table', roleName: 'Viewer', emailAddress: `retry${(n += 1)}@example.pe` }),
    horus: () => ({ mainIdentifier: String(30000000 + (n += 1)), firstName: 'Retry', lastName: 'Table', email: `retry${n}@example.pe`, categoryId: 1, positionId: 1, enabled: 1 }),
  };
  const wrong = [];
  for (const [cell, ...verdicts] of rows) {
    for (const fault of faults(cell)) {
      for (const afterCreate of [false, true]) {
        await mock.reset();
        const spec = afterCreate ? `${fault};after-create` : fault;
        const ran = await Promise.all(Object.keys(clients).map(async (p) => {
          await mock.scenario(spec, 1, p);
          const r = await clients[p].createPerson(bodies[p]()).then((v) => v, (e) => e);
          return [p, r.attempts];
        }));
        const s = await mock.persons();
        const persons = { verifik: s.verifik.length, equals: s.equals.reduce((t, x) => t + x.personas.length, 0), horus: s.horus.length };
        for (const [i, [p, attempts]] of ran.entries()) {
          const v = verdict(verdicts[i]);
          const made = afterCreate || (v !== 'no');
          const expected = {
            persons: made ? 1 : 0,
            attempts: v === 'no' || (v === 'look' && afterCreate) ? 1 : 2,
            lookups: p === 'horus' ? undefined : v === 'look' ? 1 : 0,
          };
          const got = { persons: persons[p], attempts, lookups: s.lookups[p] };
          if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${spec} ${p} (${v}): ${JSON.stringify(got)}, the table says ${JSON.stringify(expected)}`);
        }
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('the error-code table lists exactly the codes js/index.d.ts declares', () => {
  const types = readFileSync(join(root, 'js/index.d.ts'), 'utf8');
  const union = (name) => new Set([...types.match(new RegExp(`export type ${name} =([^;]*);`))[1].matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]));
  const start = readme.indexOf('\n### Error codes\n');
  const tables = readme.slice(start, readme.indexOf('\n## ', start)).split('`errors[].code`');
  const firstColumn = (t) => new Set(t.split('\n').filter((l) => l.startsWith('| `') || l.startsWith('| the server'))
    .flatMap((l) => [...l.split(' | ')[0].matchAll(/`([A-Z_]+)`/g)].map((m) => m[1])));
  const errorCodes = firstColumn(tables[0]);
  const declared = new Set([...union('ErrorCode'), ...union('EnrolRefusalCode')]);
  assert.deepEqual([...declared].filter((c) => !errorCodes.has(c) && !readme.includes(`\`${c}\``)), [], 'declared, never in the README');
  assert.deepEqual([...union('ErrorCode')].filter((c) => !errorCodes.has(c)), [], 'ErrorCode members missing from the table');
  assert.deepEqual([...errorCodes].filter((c) => !declared.has(c)), [], 'in the table, not declared');
  const fieldCodes = firstColumn(tables[1]);
  // IMAGE_TOO_SMALL is declared for errors[] but only encodeImage's minWidth/minHeight make it: in the first table.
  assert.deepEqual([...union('FieldErrorCode')].filter((c) => !fieldCodes.has(c) && !errorCodes.has(c)), [], 'FieldErrorCode members missing from errors[].code');
  assert.deepEqual([...fieldCodes].filter((c) => !union('FieldErrorCode').has(c)), [], 'in errors[].code, not declared');
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  for (const [, text] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.*)$/gm)) {
    const slug = text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

test('the links and anchors of README, ARCHITECTURE, bench, mock and www READMEs resolve', () => {
  const broken = [];
  for (const file of ['README.md', 'ARCHITECTURE.md', 'bench/README.md', 'mock/README.md', 'www/README.md']) {
    const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(link)) continue;
      const [path, fragment] = link.split('#');
      const target = path ? join(root, dirname(file), path) : join(root, file);
      if (!existsSync(target)) broken.push(`${file}: ${link} (no such file)`);
      else if (fragment && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(fragment)) broken.push(`${file}: ${link} (no such heading)`);
    }
  }
  assert.deepEqual(broken, []);
});

test('startMock refuses an option it would ignore, such as a config setting passed beside config', async () => {
  const { startMock } = await import('../../mock/server.mjs');
  // A mock that starts anyway is closed, so the failure is an assertion, not a hang.
  const refused = (options) => startMock(options).then(async (m) => { await m.close(); return 'started'; }, (e) => e);
  const a = await refused({ port: 0, verifik: { shape: 'docs' } });
  assert.match(String(a), /^TypeError: startMock: unknown option verifik \(a setting: pass it as config: \{ verifik: … \}\)/);
  const b = await refused({ port: 0, prot: 0 });
  assert.match(String(b), /^TypeError: startMock: unknown option prot; the options are port, host, config, quiet, log/);
});

test('personkit import --help names every exit status the README gives', async () => {
  const said = readme.match(/and the exit status: ([^]*?)\n\n/)[1].replace(/\s+/g, ' ');
  const codes = [...said.matchAll(/(?:^|[,:(] )(\d+) /g)].map((m) => m[1]);
  assert.deepEqual(codes, ['0', '1', '2', '130', '143'], said);
  const { stdout } = await run('node', [join(root, 'js/cli.mjs'), 'import', '--help'], { encoding: 'utf8' });
  const line = stdout.split('\n').find((l) => l.startsWith('Exit status:'));
  for (const c of codes) assert.match(line, new RegExp(`\\b${c} `), line);
});

test('enrolMany on a journal another run holds rejects with JOURNAL_IN_USE, as the README says', async () => {
  const { enrolMany } = await import('../../js/node.mjs');
  const providers = { horus: { baseUrl: mock.url, clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', categoryId: 1, positionId: 1 } };
  const journal = join(dir, 'held.journal.jsonl');
  let release;
  const held = new Promise((r) => { release = r; });
  let started;
  const running = new Promise((r) => { started = r; });
  async function* rows() {
    yield { firstName: 'Jo', lastName: 'Held', email: 'held@example.pe', identityNumber: '40001111' };
    started();
    await held;
  }
  const first = enrolMany(rows(), { providers, journal });
  try {
    await running;
    await assert.rejects(enrolMany([], { providers, journal }), { code: 'JOURNAL_IN_USE' });
  } finally {
    release();
  }
  assert.equal((await first).providers.horus.created, 1);
  assert.match(readme, /`enrolMany` rejects with `JOURNAL_IN_USE`/);
});

test('a signal that fires while a call waits to look: OUTCOME_UNKNOWN, its cause the ABORTED error, as the README words it', async () => {
  const { EqualsClient } = await import('../../js/node.mjs');
  const ac = new AbortController();
  // The logger's "looking" line comes as the wait before the lookup starts: abort then.
  const logger = { info: (line) => { if (/looking before/.test(line)) ac.abort(new Error('the person left the page')); } };
  const err = await new EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock.url, logger })
    .createPerson({ accountId: 'F12345', firstName: 'Ab', lastName: 'Orted', roleName: 'Viewer', emailAddress: 'aborted@example.pe' },
      { signal: ac.signal, headers: { 'x-mock-fault': '500;on=create' } })
    .then(() => assert.fail('resolved'), (e) => e);
  assert.equal(err.code, 'OUTCOME_UNKNOWN');
  assert.equal(err.cause.code, 'ABORTED');
  assert.equal(err.cause.cause.message, 'the person left the page');
  assert.match(readme.replace(/\s+/g, ' '), /\*\*`OUTCOME_UNKNOWN`\*\* \(the person may exist\), not `ABORTED`; its `cause` is the `ABORTED` error, whose `cause` is the signal's reason/);
});

test('a client logger gets one argument a line, so logger: console (the README\'s example) prints no "undefined"', async () => {
  const { EqualsClient } = await import('../../js/node.mjs');
  const calls = [];
  const logger = { debug: (...a) => calls.push(a), info: (...a) => calls.push(a) };
  await mock.scenario('503', 1, 'equals');
  await new EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock.url, logger })
    .createPerson({ accountId: 'F12345', firstName: 'Lo', lastName: 'Gger', roleName: 'Viewer', emailAddress: 'logger@example.pe' });
  assert.ok(calls.length >= 3);
  assert.deepEqual(calls.filter((a) => a.length !== 1), []);
});

test('a JPEG cut off before its frame header is told "arrived incomplete", like one cut later, not "must be a JPEG or PNG"', async () => {
  const { encodeImage } = await import('../../js/node.mjs');
  const read = (name) => readFileSync(join(root, 'tests/fixtures/images', name));
  const message = (name) => encodeImage(read(name)).then(() => 'accepted', (e) => `${e.code}: ${e.message}`);
  assert.equal(await message('cut-in-data.jpg'), 'INVALID_IMAGE_FORMAT: Image arrived incomplete: upload it again');
  assert.equal(await message('truncated-before-sof.jpg'), 'INVALID_IMAGE_FORMAT: Image arrived incomplete: upload it again');
});
