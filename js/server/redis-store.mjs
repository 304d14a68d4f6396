// redisStore(client): idempotency records in Redis, shared by every
// instance of the handler, so a burst of the same key sent to two servers
// still calls each provider once.
//
// The client is yours: node-redis (`redis`, v4 and later, createClient or
// createCluster) or ioredis (Redis or Cluster), connected. personkit imports neither; it sends three commands through the
// client's raw-command method (node-redis `sendCommand`, ioredis `call`):
//   get      GET key
//   create   SET key value PX ttl NX            (atomic: the first one wins)
//   replace  EVAL <compare-and-set script>      (atomic: only from the version read)

// Compare-and-set on the record's version `v`: the whole record is replaced
// only if the stored one is still the version the caller read.
const REPLACE = `local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local ok, rec = pcall(cjson.decode, cur)
if not ok or type(rec) ~= 'table' or rec.v ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/**
 * @param {object} client a connected node-redis or ioredis client
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
      const text = await send(['GET', prefix + key], prefix + key, true);
      return text == null ? null : JSON.parse(String(text));
    },
    async create(key, record, ttlMs) {
      const reply = await send(['SET', prefix + key, JSON.stringify(record), 'PX', ms(ttlMs), 'NX'], prefix + key, false);
      return reply != null && String(reply) === 'OK';
    },
    async replace(key, version, record, ttlMs) {
      const reply = await send(['EVAL', REPLACE, '1', prefix + key, String(version), JSON.stringify(record), ms(ttlMs)], prefix + key, false);
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
  throw new TypeError('redisStore: pass a connected node-redis (`redis`) or ioredis client');
}
