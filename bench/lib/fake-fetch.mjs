// Preloaded by bench/import.mjs (node --import) for the long-file memory run:
// answers the three creates at once with the mock's own success shapes, so
// the peak RSS of 100,000 rows is the importer's alone: personkit-mock, in
// its own process, keeps every person it created.
let n = 0;
const id = () => `${(n += 1).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

globalThis.fetch = async (url, init = {}) => {
  const path = new URL(String(url)).pathname;
  const body = init.body ? JSON.parse(Buffer.from(init.body).toString('utf8')) : {};
  await new Promise((r) => setImmediate(r));
  // The importer looks each Equals row up first (its default): nobody is there yet.
  if (path === '/v2/people' && (init.method ?? 'GET') === 'GET') return json(200, { rows: [], count: 0 });
  if (path === '/v2/people') {
    const now = new Date().toISOString();
    return json(201, {
      id: id(), firstName: body.firstName, lastName: body.lastName, dob: body.dob ?? null, status: 'active',
      primaryEmailAddress: body.emailAddress, createdAt: now, updatedAt: now,
      persona: { id: id(), emailAddress: body.emailAddress, status: 'invited', createdAt: now, updatedAt: now },
    });
  }
  if (path === '/v2/face-recognition/persons') {
    return json(200, { success: true, data: { _id: id().replace(/-/g, '').slice(0, 24), name: body.name, date_of_birth: null, images: [], collections: body.collections ?? [], status: 'active' } });
  }
  return new Response(JSON.stringify({ code: '200001', message: 'ok' }), { status: 200, headers: { 'content-type': 'application/json', 'x-usil-request-id': String(n) } });
};
