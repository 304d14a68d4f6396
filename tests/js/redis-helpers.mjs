// A real redis-server (Debian's) for the redisStore suites: started on
// 127.0.0.1 with a free port and no persistence; `stop()` ends it (SIGTERM),
// `start()` runs it again on the same port, empty (a restart loses its data).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createClient } from 'redis';
import { createServer as createNetServer } from 'node:net';
import { createServer } from 'node:http';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function spawnRedis(port, extra) {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`redis-server did not start: ${out.slice(-500)}`)), 10_000);
    proc.once('exit', (code) => { clearTimeout(t); reject(new Error(`redis-server exited ${code}: ${out.slice(-500)}`)); });
    proc.stdout.on('data', () => { if (/Ready to accept connections/i.test(out)) { clearTimeout(t); resolve(); } });
  });
  return proc;
}

/** `{ port, url, stop(), start() }`: a redis-server of its own. */
export async function startRedis(extra = []) {
  const port = await freePort();
  let proc = await spawnRedis(port, extra);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((r) => { if (proc.exitCode !== null) r(); else { proc.once('exit', r); proc.kill('SIGTERM'); } }),
    start: async () => { proc = await spawnRedis(port, extra); },
  };
}

/** A node-redis client as created by default (it queues commands while Redis is down), connected and kept in `clients` to close after. */
export async function connectClient(url, clients) {
  const c = createClient({ url });
  c.on('error', () => {});
  await c.connect();
  clients.push(c);
  return c;
}

/**
 * A stand-in for Upstash's REST API (what @upstash/redis talks to) over
 * `backend`, a connected node-redis client: POST a command as a JSON array
 * with `Authorization: Bearer <token>`, `{ result }` back, its strings in
 * base64 when asked with `Upstash-Encoding: base64` (as Upstash does; "OK"
 * as it is). `commands` lists what ran (upper case); a command name put in
 * `dropAfter` is run once more and its answer lost (the connection dropped
 * after it ran), as a network can.
 */
export async function upstashStandIn(backend, token) {
  const commands = [];
  const dropAfter = new Set();
  const server = createServer(async (req, res) => {
    const send = (status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (req.method !== 'POST' || req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'Unauthorized' });
    let text = '';
    for await (const chunk of req) text += chunk;
    const args = JSON.parse(text).map(String);
    const name = args[0].toUpperCase();
    commands.push(name);
    let result;
    try {
      result = await backend.sendCommand(args);
    } catch (err) {
      return send(400, { error: err.message });
    }
    if (dropAfter.delete(name)) return req.socket.destroy();
    const base64 = req.headers['upstash-encoding'] === 'base64';
    const encode = (v) => (typeof v === 'string' && v !== 'OK' && base64 ? Buffer.from(v).toString('base64') : v);
    return send(200, { result: Array.isArray(result) ? result.map(encode) : encode(result ?? null) });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    commands,
    dropAfter,
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

/**
 * What the handler needs of a store, whatever client it is built on: create
 * is first-wins, get gives the record back (null when there is none),
 * replace is compare-and-set on the record's version.
 */
export async function storeContract(store) {
  assert.equal(await store.create('a', { v: 1, x: 'é', n: [1, 2] }, 5000), true);
  assert.equal(await store.create('a', { v: 1 }, 5000), false);
  assert.deepEqual(await store.get('a'), { v: 1, x: 'é', n: [1, 2] });
  assert.equal(await store.get('missing'), null);
  assert.equal(await store.replace('a', 2, { v: 3 }, 5000), false);
  assert.equal(await store.replace('a', 1, { v: 2, x: 'ü' }, 5000), true);
  assert.deepEqual(await store.get('a'), { v: 2, x: 'ü' });
  assert.equal(await store.replace('nope', 1, { v: 2 }, 5000), false);
}
