// redisStore(client): idempotency records in Redis, shared by every
// instance of the handler, so a burst of the same key sent to two servers
// still calls each provider once.
//
// The client is yours: node-redis (`redis`, v4 and later, createClient or
// createCluster), ioredis (Redis or Cluster), connected, or @upstash/redis
// (Redis over HTTPS through fetch, for Cloudflare Workers).
// personkit imports none of them; it sends three commands through the
// client's raw-command method (node-redis `sendCommand`, ioredis `call`,
// @upstash/redis `exec`):
//   get      GET key
//   create   SET key value PX ttl NX            (atomic: the first one wins)
//   replace  EVAL <compare-and-set script>      (atomic: only from the version read)

// Compare-and-set on the record's version `v`: the whole record is replaced
// only if the stored one is still the version the caller read. The version
// is read from the text (records are written with `v` first) rather than
// with cjson, which not every Redis-compatible server gives its scripts.
const REPLACE = `local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local v = string.match(cur, '^{"v":(%d+)[,}]')
if not v or tonumber(v) ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/** A record as stored: JSON with its version first, where the script reads it. */
const text = (record) => JSON.stringify({ v: record.v, ...record });

/**
 * @param {object} client a connected node-redis or ioredis client, or an @upstash/redis client
 * @param {{ prefix?: string }} [options] prefix of every key (default `personkit:enrol:`)
 */
export function redisStore(client, options = {}) {
  // A misspelt prefix would be ignored, and two apps sharing the Redis would share their keys.
  for (const k of Object.keys(options ?? {})) {
    if (k !== 'prefix') throw new TypeError(`redisStore: unknown option "${k}"${/^p\w*fi?x$/i.test(k) ? ' (did you mean prefix?)' : ''}; the option is prefix`);
  }
  const { prefix = 'personkit:enrol:' } = options ?? {};
  const send = rawCommand(client);
  if (typeof prefix !== 'string') throw new TypeError('redisStore: prefix must be a string');
  const ms = (n) => String(Math.max(1, Math.ceil(n)));
  return {
    kind: 'redis',
    async get(key) {
      const stored = await send(['GET', prefix + key], prefix + key, true);
      if (stored == null) return null;
      // @upstash/redis parses JSON replies itself unless told not to.
      return typeof stored === 'object' ? stored : JSON.parse(String(stored));
    },
    async create(key, record, ttlMs) {
      const reply = await send(['SET', prefix + key, text(record), 'PX', ms(ttlMs), 'NX'], prefix + key, false);
      return reply != null && String(reply) === 'OK';
    },
    async replace(key, version, record, ttlMs) {
      const reply = await send(['EVAL', REPLACE, '1', prefix + key, String(version), text(record), ms(ttlMs)], prefix + key, false);
      return Number(reply) === 1;
    },
  };
}

/** `(args, key, readonly) => reply`: every command here touches one key, which routes it in a cluster. */
function rawCommand(client) {
  // node-redis's cluster client (createCluster) takes the key that picks the
  // shard first: sendCommand(firstKey, isReadonly, args).
  if (client && typeof client.sendCommand === 'function' && (typeof client.getSlotMaster === 'function' || typeof client.getMasters === 'function')) {
    return (args, key, readonly) => client.sendCommand(key, readonly, args);
  }
  if (client && typeof client.sendCommand === 'function' && typeof client.call !== 'function') {
    return (args) => client.sendCommand(args); // node-redis
  }
  if (client && typeof client.call === 'function') {
    return ([command, ...args]) => client.call(command, ...args); // ioredis
  }
  if (client && typeof client.exec === 'function' && typeof client.eval === 'function') {
    return (args) => client.exec(args); // @upstash/redis: each command one HTTPS request
  }
  throw new TypeError('redisStore: pass a connected node-redis (`redis`) or ioredis client, or an @upstash/redis client (1.35 or later: its exec)');
}
