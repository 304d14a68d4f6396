import { mockServer, envFor, SETTINGS, tempDir, CLI } from '/tmp/wt-leaks/tests/js/import-helpers.mjs';
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
const mock = await mockServer();
const { dir } = tempDir();
const PII = ['Zyxwilda', 'Quorblat', 'zyx.quorblat', '987111222', '73914628', '1987-03-29', '/9j/', 'verifik-test-token', 'equals-test-key', 'bb145d5fxyz', 'Xqwerty'];
const csv = join(dir, 'people.csv');
writeFileSync(csv, `First Name;Last Name;Email;Date of birth;DNI;Photo;Phone\nZyxwilda;Quorblat;zyx.quorblat@leakcheck.test;1987-03-29;73914628;ana.jpg;+51987111222\nXqwerty;Quorblat;zyx.quorblat@@leakcheck;1987-02-30;7391x;missing-zyxwilda.jpg;Zyx 987111222\n`);
const run = (args) => spawnSync(process.execPath, [CLI, 'import', csv, '--to', 'verifik,equals,horus', ...SETTINGS, '--photos-dir', join(dir, 'photos'), ...args], { env: envFor(mock.url), encoding: 'utf8', timeout: 90000 });
const scan = (label, t) => { const h = PII.filter((p) => t.includes(p)); console.log(label.padEnd(30), h.join(' ') || 'clean'); if (h.length) console.log(t.split('\n').filter((l) => h.some((p) => l.includes(p))).join('\n').slice(0, 600)); };
let r = run(['--dry-run']); scan('dry-run', r.stdout + r.stderr);
for (const fault of ['reset', 'bad-json', 'html', 'redirect', '500;after-create', 'reset;after-create']) {
  const sc = async (...a) => { for (let i = 0; i < 3; i++) { try { return await mock.scenario(...a); } catch {} } };
  for (const p of ["verifik", "equals", "horus"]) await sc(fault, 3, p);
  await sc("503", 2, "equals", "lookup");
  r = run(['--journal', join(dir, `${fault}.j`), '--out', join(dir, `${fault}.out.csv`), '--progress-every', '1']);
  scan(`run ${fault} out/err`, r.stdout + r.stderr);
  scan(`run ${fault} journal`, readFileSync(join(dir, `${fault}.j`), 'utf8'));
  for (let i = 0; i < 3; i++) { try { await mock.reset(); break; } catch {} }
}
mock.close();
