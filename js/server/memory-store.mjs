// memoryStore(): idempotency records in this process's memory. One process
// only: two instances behind a load balancer need redisStore (or a store of
// your own with the same three methods: IdempotencyStore in server.d.ts).
//
// Records are kept as JSON text, so a caller can never change a stored one
// by holding a reference, exactly like a networked store.

/**
 * @param {{ maxKeys?: number }} [options] maxKeys (default 100 000): past it
 *   the oldest finished keys are dropped first (a bound on memory, not a
 *   TTL: a key dropped before its TTL no longer protects a retry, so keep it
 *   above the enrolments of one TTL); a key still running is never dropped,
 *   and a claim when every key is running fails (the handler answers 500).
 */
export function memoryStore(options = {}) {
  // A misspelt option would be ignored: refused, as createEnrolHandler refuses its own.
  for (const k of Object.keys(options ?? {})) if (k !== 'maxKeys') throw new TypeError(`memoryStore: unknown option "${k}"${k.toLowerCase() === 'maxkeys' ? ' (did you mean maxKeys?)' : ''}; the option is maxKeys`);
  const { maxKeys = 100_000 } = options ?? {};
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new TypeError('memoryStore: maxKeys must be a positive integer');
  /** key → { text, v, expiresAt, busyUntil } in insertion order (Map keeps it); `v` kept aside for compare-and-set, `busyUntil` the running request's lease. */
  const records = new Map();
  let creates = 0;

  const live = (key) => {
    const r = records.get(key);
    if (r === undefined) return undefined;
    if (r.expiresAt <= Date.now()) {
      records.delete(key);
      return undefined;
    }
    return r;
  };
  const sweep = () => {
    const now = Date.now();
    for (const [key, r] of records) if (r.expiresAt <= now) records.delete(key);
    for (const [key, r] of records) {
      if (records.size < maxKeys) return;
      if (r.busyUntil <= now) records.delete(key);
    }
    if (records.size >= maxKeys) throw new Error(`memoryStore: all ${maxKeys} keys are running; raise maxKeys`);
  };
  const entry = (record, ttlMs) => ({
    text: JSON.stringify(record), v: record?.v, expiresAt: Date.now() + ttlMs,
    busyUntil: record?.state === 'running' ? record.leaseUntil : 0,
  });

  return {
    kind: 'memory',
    async get(key) {
      const r = live(key);
      return r === undefined ? null : JSON.parse(r.text);
    },
    async create(key, record, ttlMs) {
      if (live(key) !== undefined) return false;
      if ((creates += 1) % 1024 === 0 || records.size >= maxKeys) sweep();
      records.set(key, entry(record, ttlMs));
      return true;
    },
    async replace(key, version, record, ttlMs) {
      const r = live(key);
      if (r === undefined || r.v !== version) return false;
      records.set(key, entry(record, ttlMs));
      return true;
    },
    /** How many keys are held (expired ones may still count until swept). */
    get size() { return records.size; },
  };
}
