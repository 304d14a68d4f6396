// The README read top to bottom by someone who has just run `npm install
// personkit`: what they paste must run as pasted, in the project `npm init -y`
// makes ("type": "commonjs"), in the shells they have (zsh is macOS's), and
// in the framework each snippet names. The blocks' own results are checked
// in readme.test.mjs, audit-readme.test.mjs and server-routes.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockServer } from './helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const run = promisify(execFile);
let mock;
let dir;

/** The README section under `heading`, up to the next heading of its level or higher. */
function section(heading) {
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has no "${heading}"`);
  const level = heading.match(/^#+/)[0].length;
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}
const blocks = (text, lang) => [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

before(async () => {
  mock = await mockServer();
  dir = mkdtempSync(join(tmpdir(), 'personkit-newuser-'));
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules/personkit'));
  symlinkSync(join(root, 'mock/server.mjs'), join(dir, 'node_modules/.bin/personkit-mock'));
  symlinkSync(join(root, 'js/cli.mjs'), join(dir, 'node_modules/.bin/personkit'));
  // What `npm init -y` writes with npm 10 and later: .js files are CommonJS.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'newuser', version: '1.0.0', type: 'commonjs' }));
});
after(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the Node script: the README says how to save it and run it against personkit-mock, and that command works as pasted', async () => {
  const text = section('### On a backend or in a Node script');
  const [code] = blocks(text, 'js');
  const [sh] = blocks(text, 'sh');
  assert.ok(sh, 'the section gives the command that runs the example against personkit-mock');
  const file = sh.match(/\bnode (\S+\.[cm]?js)\b/)?.[1];
  assert.ok(file, sh);
  writeFileSync(join(dir, file), code);
  copyFileSync(join(root, 'tests/fixtures/images/portrait-120x160.jpg'), join(dir, 'ana.jpg'));
  // The mock is this test's; the README's is the default http://127.0.0.1:4010 started in another terminal.
  const lines = sh.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !/^npx personkit-mock\b/.test(l))
    .map((l) => l.replaceAll('http://127.0.0.1:4010', mock.url));
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(VERIFIK|EQUALS|HORUS)_/.test(k)) delete env[k];
  const { stdout, stderr } = await run('bash', ['-c', lines.join('\n')], { cwd: dir, env, encoding: 'utf8' });
  assert.equal(stderr, '');
  assert.match(stdout, /\{ year: 1990, month: 12, day: 4 \}/);
  assert.equal(stdout.trim().split('\n').length, 2, stdout);
  // "Run it again": the person is there, and the catch block prints what the README quotes.
  const said = text.match(/Run it again and the catch block prints `([^`]+)`/)[1].replace(/\s+/g, ' ');
  const again = await run('bash', ['-c', lines.join('\n')], { cwd: dir, env, encoding: 'utf8' });
  assert.equal(again.stdout, '');
  assert.equal(again.stderr.trim(), said);
});

test('the Next.js route file has an extension Next.js routes (.js, .jsx, .ts, .tsx: route.mjs is not a route, a 404)', () => {
  const files = [...section('## Your backend: `personkit/server`').matchAll(/```js\n\/\/ file: (app\/\S+)\n/g)].map((m) => m[1]);
  assert.ok(files.length > 0);
  for (const f of files) assert.match(f, /\/route\.(js|jsx|ts|tsx)$/, f);
});

test('the Hono block says what Workers need for lib/enrol.mjs\'s process.env (nodejs_compat), which is otherwise "process is not defined"', () => {
  const text = section('## Your backend: `personkit/server`');
  const handler = text.match(/```js\n\/\/ file: lib\/enrol\.mjs\n([\s\S]*?)```/)[1];
  assert.match(handler, /process\.env\./);
  const around = text.slice(text.indexOf('Hono (and so Cloudflare Workers'), text.indexOf('// file: hono-app.mjs') + 600);
  assert.match(around, /nodejs_compat/);
});

test('the shell blocks a user pastes (README, mock/README) hold no # comments: macOS\'s zsh, interactive, passes them on as arguments', () => {
  // Without `setopt interactivecomments` (zsh's default), `npx personkit-mock   # …` is
  // "Unexpected argument '#'", and a comment's `;` or quote breaks the lines after it.
  const userPart = readme.slice(0, readme.indexOf('\n## From a clone'));
  const mockReadme = readFileSync(join(root, 'mock/README.md'), 'utf8');
  for (const code of [...blocks(userPart, 'sh'), ...blocks(mockReadme, 'sh')]) {
    for (const l of code.split('\n')) assert.doesNotMatch(l, /(^|\s)#/, l);
  }
});

test('the import walk-through: no line blocks the terminal, and pasted into an interactive zsh it does what it does in bash', async (t) => {
  const [script] = blocks(section('### A worked example against personkit-mock'), 'sh');
  // A command that serves forever in the foreground stops everything pasted after it.
  for (const l of script.split('\n')) assert.doesNotMatch(l, /^npx personkit-mock\b(?![^#]*&)/, l);
  if (!(await run('zsh', ['-c', 'true']).then(() => true, () => false))) {
    t.diagnostic('zsh is not installed (scripts/setup.sh installs it): the walk-through runs under bash only (audit-readme.test.mjs)');
    return;
  }
  await mock.reset();
  const cwd = join(dir, 'walk-zsh');
  mkdirSync(cwd);
  copyFileSync(join(root, 'tests/fixtures/images/portrait-120x160.jpg'), join(cwd, 'ana.jpg'));
  copyFileSync(join(root, 'tests/fixtures/images/face-96x128.png'), join(cwd, 'bob.png'));
  const port = script.match(/http:\/\/127\.0\.0\.1:(\d+)/)[1];
  const pasted = script.replaceAll(`127.0.0.1:${port}`, mock.url.slice('http://'.length));
  const env = { ...process.env, PATH: `${join(dir, 'node_modules/.bin')}:${process.env.PATH}`, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  for (const k of Object.keys(env)) if (/^(VERIFIK|EQUALS|HORUS)_/.test(k)) delete env[k];
  // As pasted into a terminal: an interactive zsh reading the lines, without the user's rc files.
  const { spawn } = await import('node:child_process');
  const zsh = spawn('zsh', ['-f', '-i'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  zsh.stdout.on('data', (d) => { out += d; });
  zsh.stderr.on('data', (d) => { out += d; });
  zsh.stdin.end(`${pasted}exit\n`);
  await new Promise((r) => zsh.once('close', r));
  assert.doesNotMatch(out, /zsh: |Unexpected argument|usage: personkit/, out);
  const s = await mock.persons();
  assert.deepEqual([s.verifik.length, s.equals.length, s.horus.length], [1, 1, 1], out);
  assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 });
});

test('"Try again" for one provider in another language: the providers it did not ask for are said in its language too', async () => {
  const { createEnrolHandler } = await import('personkit/server');
  const { person, fakeProviders, jsonRequest, jsonOf, lines } = await import('./server-helpers.mjs');
  const handle = createEnrolHandler({ providers: fakeProviders() });
  const p = person();
  const key = `newuser-${Date.now()}`;
  const first = await jsonOf(await handle(jsonRequest({ person: p }, { key, headers: { 'accept-language': 'es' } })));
  assert.equal(first.results.verifik.message, 'Te registramos en Verifik.');
  // The README: "A replayed outcome is said again in the replaying request's language."
  for (const accept of ['application/json', 'application/x-ndjson']) {
    const res = await handle(jsonRequest({ person: p, providers: ['equals'] }, { key, headers: { 'accept-language': 'en', accept } }));
    const { results } = accept === 'application/json' ? await jsonOf(res) : (await lines(res)).at(-1);
    assert.deepEqual(Object.values(results).map((o) => o.message), ['Registered in Verifik.', 'Registered in Equals Money.', 'Registered in Horus.'], accept);
  }
});

test('the intro\'s "did you mean" example is what a validator says, and the client\'s detail names the wire field', async () => {
  const { validateHorusPerson, HorusClient } = await import('personkit');
  const [, field, hint, wire] = readme.match(/misspelt field[^(]*\(`(\w+)`: "([^"]+)"; `(\w+)` in a client error's `detail`\)/) ?? [];
  assert.ok(field, 'the intro quotes the hint a validator gives');
  const [e] = validateHorusPerson({ [field]: 'x' }).errors;
  assert.deepEqual([e.field, e.code], [field, 'UNKNOWN_FIELD']);
  assert.ok(e.message.includes(hint), e.message);
  const err = await new HorusClient({ baseUrl: mock.url, withoutCredentials: true }).createPerson({ [field]: 'x' }).catch((x) => x);
  assert.match(err.errors[0].detail, new RegExp(`did you mean ${wire}\\?`));
});

test('the .wasm files to copy: the paths the README gives are the exports\' files, and the package ships them', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const text = section('### Handing personkit its .wasm yourself');
  for (const name of ['./personkit.wasm', './personkit-nosimd.wasm']) {
    const target = pkg.exports[name].replace(/^\.\//, '');
    assert.ok(text.includes(`\`node_modules/personkit/${target}\``), `the README names ${target} for ${name}`);
    assert.ok(pkg.files.includes(target), `${target} is in package.json "files"`);
  }
});

test('an Equals nationality refused reads as English: "Enter nationality 1 …", not "Enter the nationality 1 …"', async () => {
  const { validateEqualsPerson } = await import('personkit');
  const r = validateEqualsPerson({ accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Viewer', emailAddress: 'a@b.pe', nationalities: ['xx'] });
  assert.equal(r.errors[0].message, 'Enter nationality 1 as a two-letter country code, such as PE or CO');
});
