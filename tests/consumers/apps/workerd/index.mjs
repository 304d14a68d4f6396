import * as pk from 'personkit';
import * as server from 'personkit/server';
import { Redis } from '@upstash/redis/cloudflare';
import { check } from './check.mjs';
import { serverCheck } from './server-check.mjs';

// Only refusals reach it (the tests send none it accepts): a client still uploading must get its answer.
let refusing;

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === '/enrol') {
      refusing ??= server.createEnrolHandler({
        providers: { equals: { client: new pk.EqualsClient({ apiKey: 'equals-test-key', baseUrl: 'http://127.0.0.1:4' }), accountId: 'F12345', roleName: 'Viewer' } },
      });
      return refusing(request);
    }
    const q = new URL(request.url).searchParams;
    const r = await check(pk, q.get('mock'), q.get('refused'));
    // The shared store: Redis over HTTPS, through fetch (@upstash/redis);
    // its keys made with the server's secret (HMAC through WebCrypto here).
    const store = server.redisStore(new Redis({ url: q.get('upstash'), token: q.get('token'), enableTelemetry: false }));
    r.server = await serverCheck(server, pk, q.get('mock'), { store, idempotency: { secret: 'workerd-consumer-secret-0123' } });
    return Response.json(r);
  },
};
