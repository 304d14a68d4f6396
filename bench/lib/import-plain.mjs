// The reference for bench/import.mjs: what a user would write without the
// importer — csv-parse, the personkit clients, p-limit per provider at the
// same concurrency. No validation pass, no journal, no results file.
//   node bench/lib/import-plain.mjs <file.csv> <providers> <concurrency>
import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse';
import pLimit from 'p-limit';
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';

const [file, to, concurrency] = process.argv.slice(2);
const env = process.env;
const make = {
  verifik: () => new VerifikClient({ token: env.VERIFIK_TOKEN, baseUrl: env.VERIFIK_BASE_URL }),
  equals: () => new EqualsClient({ apiKey: env.EQUALS_API_KEY, baseUrl: env.EQUALS_BASE_URL }),
  horus: () => new HorusClient({ baseUrl: env.HORUS_BASE_URL, clientId: env.HORUS_CLIENT_ID, clientSecret: env.HORUS_CLIENT_SECRET }),
};
const body = {
  verifik: (r) => ({ name: `${r.firstName} ${r.lastName}`, date_of_birth: r.dateOfBirth, images: [readFileSync(join(dirname(file), r.photo)).toString('base64')], collections: ['staff'] }),
  equals: (r) => ({ accountId: 'F12345', roleName: 'Viewer', firstName: r.firstName, lastName: r.lastName, emailAddress: r.email, dob: r.dateOfBirth }),
  horus: (r) => ({ mainIdentifier: r.identityNumber, firstName: r.firstName, lastName: r.lastName, email: r.email, categoryId: 1, positionId: 1 }),
};
const providers = to.split(',');
const clients = Object.fromEntries(providers.map((p) => [p, make[p]()]));
const limits = Object.fromEntries(providers.map((p) => [p, pLimit(Number(concurrency))]));
let failed = 0;
const pending = new Set();
for await (const row of createReadStream(file).pipe(parse({ columns: true }))) {
  for (const p of providers) {
    const t = limits[p](() => clients[p].createPerson(body[p](row))).catch(() => { failed += 1; }).finally(() => pending.delete(t));
    pending.add(t);
  }
  // Bounded like the importer (no file read ahead without limit).
  while (pending.size > 64) await Promise.race(pending);
}
await Promise.all(pending);
if (failed > 0) process.stderr.write(`${failed} failed\n`);
process.exit(0);
