// The personkit/server check every server runtime runs (Node, Bun, Deno,
// workerd): createEnrolHandler called as a plain fetch handler, one
// enrolment to the three providers against personkit-mock, then the same
// request again, which must give the stored outcomes (the test counts the
// persons in the mock); with the app's own options (`extra`: a store, a
// secret) when it gives them. The harness writes it out as server-check.mjs.
const PHOTO = '/9j/wAALCAABAAEBAREA/9oACAEBAAA/AP/Z'; // a whole 1x1 JPEG

async function serverCheck(server, pk, mock, extra) {
  const out = {};
  try {
    const o = { baseUrl: mock, maxRetries: 0 };
    const handler = server.createEnrolHandler({
      ...extra,
      providers: {
        verifik: { client: new pk.VerifikClient({ token: 'verifik-test-token', ...o }), collections: ['staff'] },
        equals: { client: new pk.EqualsClient({ apiKey: 'equals-test-key', ...o }), accountId: 'F12345', roleName: 'Viewer' },
        horus: { client: new pk.HorusClient({ clientId: 'bb145d5f', clientSecret: 'bb145d5fxyz', ...o }), categoryId: 1, positionId: 1 },
      },
    });
    const tag = Math.random().toString(36).slice(2, 10);
    out.tag = tag; // in the person's last name and email, for the test to count them in the mock
    out.email = `ana.${tag}@example.pe`;
    const person = {
      firstName: 'Ana', lastName: `Ñañez ${tag}`, email: out.email, photos: [PHOTO],
      identityNumber: `45${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    };
    const send = () => handler(new Request('http://127.0.0.1/api/enrol', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `consumer-${tag}` },
      body: JSON.stringify({ person }),
    }));
    const first = await send();
    const a = await first.json();
    const again = await send();
    const b = await again.json();
    out.status = [first.status, again.status];
    out.outcomes = Object.fromEntries(Object.entries(a.results || {}).map(([p, r]) => [p, r.status]));
    out.replayed = again.headers.get('idempotent-replayed');
    out.sameResults = JSON.stringify(a.results) === JSON.stringify(b.results);
  } catch (err) {
    out.fail = String((err && err.stack) || err);
  }
  return out;
}
