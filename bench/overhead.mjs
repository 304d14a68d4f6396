// Issue 6, the client's own cost per call, without a network: every contender
// gets a fake fetch that answers at once with a canned `new Response(...)`,
// so what is left is validation, request building, the fetch wrapper, the
// response copy, parsing and the result object (µs per call, lower is better).
//   node bench/overhead.mjs                      # 7 interleaved rounds
//   node bench/overhead.mjs --quick              # 3 short rounds
//   node bench/overhead.mjs --baseline=/path/to/pkg/node/personkit.js
// Contenders are awaited one call at a time, interleaved and rotated per round.
import { createRequire } from 'node:module';
import { EqualsClient, HorusClient, validateEqualsPerson } from 'personkit';
import { fmt, header, footer, sink } from './lib/harness.mjs';
import { valid as horus_valid } from './schemas/horus.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 7;
const CALLS = quick ? 2000 : 5000;
const baselinePath = process.argv.find((a) => a.startsWith('--baseline='))?.slice(11);
const baseline = baselinePath ? createRequire(import.meta.url)(baselinePath) : null;

const person = { accountId: 'F12345', firstName: 'Alison', lastName: 'Abraham', roleName: 'Viewer', emailAddress: 'alison@acme.com', dob: '1996-07-17' };
const answer = JSON.stringify({ id: 'ab12cd34', accountId: 'F12345', firstName: 'Alison', lastName: 'Abraham', emailAddress: 'alison@acme.com', dob: '1996-07-17', persona: { id: 'pe-1', roleName: 'Viewer', status: 'ACTIVE' } });
const respond = () => new Response(answer, { status: 201, headers: { 'content-type': 'application/json', 'x-request-id': 'req-1', date: 'Wed, 25 Nov 2026 15:00:00 GMT', server: 'mock', 'cache-control': 'no-store' } });
const fakeFetch = async () => respond();
const horusAnswer = JSON.stringify({ code: '200001', message: 'Entity was created' });
const horusFetch = async () => new Response(horusAnswer, { status: 200, headers: { 'content-type': 'application/json' } });
const { clientId, clientSecret, ...horusPerson } = horus_valid;

const contenders = [
  { name: 'personkit EqualsClient.createPerson', client: new EqualsClient({ apiKey: 'k', fetch: fakeFetch, maxRetries: 0 }) },
  ...(baseline ? [{ name: 'baseline EqualsClient.createPerson', note: baselinePath, client: new baseline.EqualsClient({ apiKey: 'k', fetch: fakeFetch, maxRetries: 0 }) }] : []),
].map((c) => ({ ...c, fn: () => c.client.createPerson(person) }));
contenders.push(
  {
    name: '[floor] fetch + AbortController + setTimeout + arrayBuffer + JSON.parse',
    note: 'what any fetch wrapper pays',
    fn: async () => {
      const ctl = new AbortController();
      const t = setTimeout(() => ctl.abort(), 30000);
      try {
        const res = await fakeFetch('https://x/v2/people', { method: 'POST', headers: { authorization: 'ApiKey k', 'content-type': 'application/json' }, body: JSON.stringify(person), signal: ctl.signal });
        return JSON.parse(new TextDecoder().decode(await res.arrayBuffer()));
      } finally { clearTimeout(t); }
    },
  },
  { name: '[part] validateEqualsPerson', fn: async () => validateEqualsPerson(person) },
);
const horus = [
  { name: 'personkit HorusClient.createPerson', client: new HorusClient({ baseUrl: 'https://h.example', clientId: 'id', clientSecret: 's', fetch: horusFetch, maxRetries: 0 }) },
  ...(baseline ? [{ name: 'baseline HorusClient.createPerson', note: baselinePath, client: new baseline.HorusClient({ baseUrl: 'https://h.example', clientId: 'id', clientSecret: 's', fetch: horusFetch, maxRetries: 0 }) }] : []),
].map((c) => ({ ...c, fn: () => c.client.createPerson(horusPerson) }));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(title, list) {
  for (const c of list) { sink.last = await c.fn(); if (!sink.last) throw new Error(`${c.name}: no result`); }
  const samples = list.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < list.length; k++) {
      const i = (k + r) % list.length;
      const t0 = process.hrtime.bigint();
      for (let n = 0; n < CALLS; n++) sink.last = await list[i].fn();
      samples[i].push(Number(process.hrtime.bigint() - t0) / 1e3 / CALLS);
    }
  }
  const rows = list.map((c, i) => ({ ...c, median: median(samples[i]), min: Math.min(...samples[i]), max: Math.max(...samples[i]) }));
  console.log([`### ${title}`, '', '| contender | median µs/call | min–max | note |', '|---|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${r.note ?? ''} |`), ''].join('\n'));
}

header('Client overhead per call, fake fetch (µs per call, lower is better)');
await run('Equals create, canned 201', contenders);
await run('Horus create, canned 200', horus);
footer();
