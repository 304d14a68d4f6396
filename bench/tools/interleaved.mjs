// Not run by `make bench`: personkit's own cost per Equals create, quiet
// and interleaved with real network work. Both contenders get the same
// fake fetch, which answers personkit-mock's own 201 body; "quiet", it
// answers after a setImmediate, "interleaved", after a real GET to
// personkit-mock (its own process), so that between two creates the CPU
// runs undici, streams and sockets, as in `client.mjs`'s 1,000 creates.
// The contenders: EqualsClient.createPerson, and the loop with a timeout
// that does not follow redirects (client.mjs's third row). The difference
// in client-process CPU per create is personkit's own work in each setting;
// "sync" is the time createPerson takes before it returns its promise.
//
//   node bench/tools/interleaved.mjs [rounds]     (after `make build`)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EqualsClient } from 'personkit';

const ROUNDS = Number(process.argv[2] ?? 6);
const N = 1000;
const mock = spawn(process.execPath, [fileURLToPath(new URL('../../mock/server.mjs', import.meta.url)), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => {
  let out = '';
  mock.stdout.on('data', (d) => { out += d; const m = out.match(/http:\/\/127\.0\.0\.1:\d+/); if (m) resolve(m[0]); });
});
mock.stdout.resume();

try {
  // The mock's own answer to a create, byte for byte.
  const answer = await (await fetch(`${url}/v2/people`, {
    method: 'POST',
    headers: { authorization: 'ApiKey equals-test-key', 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: 'F12345', firstName: 'Alison', lastName: 'Abraham', roleName: 'Viewer', emailAddress: 'a@acme.com', dob: '1996-07-17' }),
  })).text();
  const respond = () => new Response(answer, { status: 201, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(answer)) } });
  const settings = {
    quiet: async () => { await new Promise((r) => setImmediate(r)); return respond(); },
    interleaved: async () => { await null; await (await fetch(`${url}/__mock/persons`)).arrayBuffer(); return respond(); },
  };
  const headers = { authorization: 'ApiKey equals-test-key', 'content-type': 'application/json', accept: 'application/json' };
  let syncMs = 0;
  const contenders = (fakeFetch) => {
    const client = new EqualsClient({ apiKey: 'equals-test-key', baseUrl: 'http://127.0.0.1:9', fetch: fakeFetch });
    return {
      personkit: (p) => { const t = performance.now(); const done = client.createPerson(p); syncMs += performance.now() - t; return done; },
      loop: async (p) => {
        const ctl = new AbortController();
        const timer = setTimeout(() => ctl.abort(), 60_000);
        try {
          const res = await fakeFetch(`${url}/v2/people`, { method: 'POST', headers, body: JSON.stringify(p), signal: ctl.signal, redirect: 'error', window: null });
          return (await res.json()).id;
        } finally {
          clearTimeout(timer);
        }
      },
    };
  };
  let round = 0;
  const people = () => {
    round += 1;
    return Array.from({ length: N }, (_, i) => ({ accountId: 'F12345', firstName: 'Alison', lastName: 'Abraham', roleName: 'Viewer', emailAddress: `p${round}.${i}@acme.com`, dob: '1996-07-17' }));
  };
  // 1,000 creates at concurrency 16; client-process CPU µs per create.
  const cpuPerCreate = async (create) => {
    const ps = people();
    let next = 0;
    const c0 = process.cpuUsage();
    await Promise.all(Array.from({ length: 16 }, async () => { while (next < N) await create(ps[next++]); }));
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / N;
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`### personkit's own CPU per Equals create, quiet vs interleaved with network work (${ROUNDS} rounds of ${N}, concurrency 16, medians)\n`);
  console.log('| setting | personkit µs | loop µs | personkit − loop µs | createPerson sync part µs |\n|---|---:|---:|---:|---:|');
  for (const [name, fakeFetch] of Object.entries(settings)) {
    const c = contenders(fakeFetch);
    await cpuPerCreate(c.personkit); // warm-up
    await cpuPerCreate(c.loop);
    const pk = []; const loop = []; const sync = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const order = r % 2 ? ['loop', 'personkit'] : ['personkit', 'loop'];
      for (const k of order) {
        syncMs = 0;
        const us = await cpuPerCreate(c[k]);
        if (k === 'personkit') { pk.push(us); sync.push((syncMs * 1000) / N); } else loop.push(us);
      }
    }
    console.log(`| ${name} | ${median(pk).toFixed(1)} | ${median(loop).toFixed(1)} | ${(median(pk) - median(loop)).toFixed(1)} | ${median(sync).toFixed(1)} |`);
  }
} finally {
  mock.kill('SIGTERM');
}
