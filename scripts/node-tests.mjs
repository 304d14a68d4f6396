// Runs a directory's node:test files N at a time, the longest first, with
// the TAP output `node --test` prints. `node --test` takes its files in name
// order, so a long file whose name sorts late (hostile.test.mjs, the import
// CLI's) started when the others were nearly done and ran on alone at the
// tier's end, with a core idle. Started first, they overlap the short ones.
//   node scripts/node-tests.mjs <concurrency> <dir>
// The files are the ones `node --test <dir>` runs (*.test.{mjs,cjs,js});
// a new file runs too, in name order after the ones listed here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { tap } from 'node:test/reporters';

// The longest files of tests/js, by wall time when run six at a time
// (bench/README.md, "History: CI on a fresh machine" says how measured).
const LONGEST_FIRST = [
  'hostile', 'import-cli', 'import-safety', 'audit-memory', 'clients-exactly-once', 'import-cli-input',
  'clients-faults', 'audit-readme', 'import-interrupted', 'audit-storefaults', 'audit-import', 'photos-large',
];

const [concurrency, dir] = process.argv.slice(2);
if (!Number(concurrency) || !dir) {
  console.error('usage: node scripts/node-tests.mjs <concurrency> <dir>');
  process.exit(2);
}
const found = readdirSync(dir, { recursive: true })
  .filter((f) => /\.test\.(mjs|cjs|js)$/.test(f))
  .sort()
  .map((f) => join(dir, f));
const rank = (f) => {
  const i = LONGEST_FIRST.findIndex((name) => f.endsWith(`/${name}.test.mjs`));
  return i === -1 ? LONGEST_FIRST.length : i;
};
const files = found.sort((a, b) => rank(a) - rank(b)); // stable: name order within a rank

const stream = run({ files, concurrency: Number(concurrency) });
stream.on('test:fail', () => { process.exitCode = 1; });
stream.compose(tap).pipe(process.stdout);
