// The README's Node example runs as written, against personkit-mock: a
// preloaded fetch wrapper sends the providers' real hosts to the mock instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock } from '../../mock/server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let mock;
let dir;
before(async () => {
  mock = await startMock({ port: 0, quiet: true });
  dir = mkdtempSync(join(tmpdir(), 'personkit-readme-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'personkit'));
});
after(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the README Node example creates a person in all three systems', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### On a backend or in a Node script'));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  writeFileSync(join(dir, 'example.mjs'), code);
  copyFileSync(join(root, 'tests/fixtures/images/portrait-120x160.jpg'), join(dir, 'ana.jpg'));
  writeFileSync(join(dir, 'to-mock.mjs'), `
    const real = globalThis.fetch;
    globalThis.fetch = (url, init) => real(String(url).replace(/^https:\\/\\/[^/]+/, ${JSON.stringify(mock.url)}), init);
  `);
  // Async: the mock runs in this process and must keep answering.
  const { stdout: out, stderr } = await promisify(execFile)('node', ['--import', './to-mock.mjs', 'example.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      VERIFIK_TOKEN: 'verifik-test-token',
      EQUALS_API_KEY: 'equals-test-key',
      HORUS_BASE_URL: 'https://horus.example.com',
      HORUS_CLIENT_ID: 'bb145d5f',
      HORUS_CLIENT_SECRET: 'bb145d5fxyz',
    },
  });
  assert.equal(stderr, '');
  assert.match(out, /\{ year: 1990, month: 12, day: 4 \}/);
  assert.doesNotMatch(out, /already there/);
  assert.equal(out.trim().split('\n').length, 2, out);
});

test('the README enrolMany example type-checks under tsc --strict', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## personkit import: a spreadsheet into the three systems'));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  assert.match(code, /enrolMany\(rows/);
  const ts = join(dir, 'ts-enrol-many');
  mkdirSync(ts, { recursive: true });
  // What the example leaves to the reader: the rows and the signal.
  const [imports, ...rest] = code.split('\n');
  writeFileSync(join(ts, 'example.mts'), [
    imports, "import type { EnrolManyPerson } from 'personkit';",
    'declare const rows: EnrolManyPerson[];', 'declare const signal: AbortSignal;', ...rest, 'export { summary };',
  ].join('\n'));
  writeFileSync(join(ts, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [], lib: ['es2022', 'dom'] },
    files: ['example.mts'],
  }));
  symlinkSync(join(dir, 'node_modules'), join(ts, 'node_modules'));
  const tsc = await promisify(execFile)(join(root, 'node_modules/.bin/tsc'), ['-p', '.', '--pretty', 'false'], { cwd: ts, encoding: 'utf8' })
    .then(() => '', (e) => `${e.stdout}${e.stderr}`);
  assert.equal(tsc, '');
});
