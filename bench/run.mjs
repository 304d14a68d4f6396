// `make bench`: every benchmark script in bench/, one Node process each, in
// sequence (never in parallel: they would measure each other). Known scripts
// run in this order, any other bench/*.mjs after them alphabetically.
//
//   node bench/run.mjs                 # all
//   node bench/run.mjs validate client # only these (names without .mjs)
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const order = ['validate', 'validate-browser', 'image-node', 'image-browser', 'client'];
const present = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('.'))
  .map((f) => f.slice(0, -4));
const rank = (n) => (order.includes(n) ? order.indexOf(n) : order.length);
const wanted = process.argv.slice(2);
const scripts = present
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

let failed = 0;
for (const name of scripts) {
  console.log(`\n# bench/${name}.mjs\n`);
  const r = spawnSync(process.execPath, [`${dir}${name}.mjs`], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${name}.mjs failed (${r.signal ?? `exit ${r.status}`})`);
  }
}
process.exit(failed ? 1 : 0);
