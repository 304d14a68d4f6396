// Exactly once, proven by counting: after every fault that may have created
// the person, personkit-mock holds one person (and, for Equals, one persona
// on the account), and the result or the error says how it was settled.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { VerifikClient, EqualsClient, HorusClient } from 'personkit';
import { startMock } from '../../mock/server.mjs';
import { mockServer, TOKEN, API_KEY, CLIENT_ID, CLIENT_SECRET, verifikPerson, equalsPerson, horusPerson, rejection, assertNoSecrets, largeJpegBase64 } from './helpers.mjs';

let mock;
before(async () => { mock = await mockServer(); });
after(() => mock.close());
beforeEach(() => mock.reset());

const make = {
  verifik: (o = {}) => new VerifikClient({ token: TOKEN, baseUrl: mock.url, timeoutMs: 500, ...o }),
  equals: (o = {}) => new EqualsClient({ apiKey: API_KEY, baseUrl: mock.url, timeoutMs: 500, ...o }),
  horus: (o = {}) => new HorusClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: 500, ...o }),
};

/** One person in the mock, and (Equals) exactly one persona on F12345. */
async function assertExactlyOne(provider) {
  const s = await mock.persons();
  assert.equal(s[provider].length, 1, `${provider}: one person`);
  if (provider === 'equals') assert.deepEqual(s.equals[0].personaCounts, { F12345: 1 }, 'one persona on the account');
  return s;
}

// Every fault after which the person exists although the answer was lost or broken.
const AFTER_CREATE = ['500;after-create', '502;after-create', '504;after-create', '507;after-create', '524;after-create', 'html;after-create', 'reset;after-create', 'delay=1500;after-create', 'bad-json;after-create'];

for (const fault of AFTER_CREATE) {
  test(`equals: ${fault} is found by the lookup: one person, one persona, reconciled, no second POST`, async () => {
    await mock.scenario(fault, 1, 'equals');
    const input = equalsPerson();
    const r = await make.equals().createPerson(input);
    assert.equal(r.reconciled, true);
    assert.equal(r.attempts, 1);
    assert.equal(r.retried, false);
    const s = await assertExactlyOne('equals');
    assert.equal(s.attempts.equals, 1, 'one create sent');
    assert.equal(s.lookups.equals, 1);
    assert.equal(r.id, s.equals[0].id);
    assert.equal(r.person.primaryEmailAddress, input.emailAddress);
    assert.ok(r.personaId, 'the persona found');
  });

  test(`verifik: ${fault} is found by the lookup: one person, reconciled, the mock's _id`, async () => {
    await mock.scenario(fault, 1, 'verifik');
    const r = await make.verifik().createPerson(verifikPerson());
    assert.equal(r.reconciled, true);
    assert.equal(r.attempts, 1);
    const s = await assertExactlyOne('verifik');
    assert.equal(s.attempts.verifik, 1, 'one create sent');
    assert.equal(r.id, s.verifik[0]._id);
    assert.deepEqual(r.person.date_of_birth, { year: 1990, month: 1, day: 15 });
  });

  test(`horus: ${fault} is repeated and answered "already there": one person`, async () => {
    await mock.scenario(fault, 1, 'horus');
    const r = await make.horus().createPerson(horusPerson());
    assert.deepEqual([r.created, r.retried, r.attempts, r.reconciled], [false, true, 2, false]);
    await assertExactlyOne('horus');
  });
}

// Verifik's create answer echoes the photos, and its list shows each
// person whole: with a phone's photo (over 1 MiB of base64) both are larger
// than maxResponseBytes. The person made must still be the result, and the
// lookup after a lost answer must still tell.
test('verifik: a phone-sized photo, echoed in the answer, is created: one person, the result read', async () => {
  const input = verifikPerson({ images: [largeJpegBase64(1_100_000)] });
  assert.ok(input.images[0].length > 1 << 20);
  const r = await make.verifik({ timeoutMs: 10_000 }).createPerson(input);
  const s = await assertExactlyOne('verifik');
  assert.deepEqual([r.id, r.attempts, r.reconciled], [s.verifik[0]._id, 1, false]);
});

test('verifik: a lost answer after a phone-sized photo is found by a lookup whose pages fit such persons', async () => {
  const photo = largeJpegBase64(1_100_000);
  const c = make.verifik({ timeoutMs: 10_000 });
  for (let i = 0; i < 3; i += 1) await c.createPerson(verifikPerson({ images: [photo] }));
  await mock.scenario('html;after-create', 1, 'verifik');
  const input = verifikPerson({ images: [photo] });
  const r = await c.createPerson(input);
  assert.deepEqual([r.attempts, r.reconciled], [1, true]);
  const s = await mock.persons();
  assert.equal(s.verifik.length, 4, 'four people, each made once');
  assert.equal(s.verifik.filter((p) => p.name === input.name).length, 1);
  const lookup = (await mock.requests()).find((q) => q.kind === 'lookup');
  const rows = Number(lookup.query.limit);
  assert.ok(rows >= 1 && rows < 100 && rows * photo.length > 1 << 20, `a page of ${rows} such persons`);
});

// A busy answer says nothing was made, so Verifik is sent again without a
// lookup. A server that stored the person and then answered busy anyway meets
// its own person_already_set: still one person, and the error says our
// earlier attempt may be the one that made it (as Horus's "already there").
for (const fault of ['503;after-create', '429;retry-after=0;after-create']) {
  test(`verifik: ${fault} is repeated and answered ALREADY_EXISTS with the person: one person`, async () => {
    await mock.scenario(fault, 1, 'verifik');
    const err = await rejection(make.verifik().createPerson(verifikPerson()));
    assert.equal(err.code, 'ALREADY_EXISTS');
    assert.deepEqual([err.attempts, err.retried, err.reconciled], [2, true, false]);
    const s = await assertExactlyOne('verifik');
    assert.equal(s.lookups.verifik ?? 0, 0, 'a busy answer is not looked up');
    assert.equal(err.existingPerson._id, s.verifik[0]._id);
  });
}

test('the issue\'s case: one Equals create that times out after the server created the person leaves one persona', async () => {
  const c = make.equals({ headers: {} });
  await mock.scenario('delay=1500;after-create', 1, 'equals');
  const r = await c.createPerson(equalsPerson(), { timeoutMs: 500 });
  assert.equal(r.reconciled, true);
  await assertExactlyOne('equals');
});

test('a lookup carries the call\'s own headers, as its create does', async () => {
  await mock.scenario('500;after-create', 1, 'equals');
  await make.equals().createPerson(equalsPerson(), { headers: { 'x-trace': 't-42' } });
  const sent = (await mock.requests()).filter((r) => r.provider === 'equals');
  assert.deepEqual(sent.map((r) => [r.kind, r.headers['x-trace']]), [['create', 't-42'], ['lookup', 't-42']]);
});

test('with maxRetries 0 an uncertain create is still looked up and found', async () => {
  for (const p of ['equals', 'verifik']) {
    await mock.reset();
    await mock.scenario('reset;after-create', 1, p);
    const r = await make[p]({ maxRetries: 0 }).createPerson(p === 'equals' ? equalsPerson() : verifikPerson());
    assert.deepEqual([r.reconciled, r.attempts], [true, 1], p);
    await assertExactlyOne(p);
  }
});

test('not found: the create did not happen and is sent again, once', async () => {
  for (const p of ['equals', 'verifik']) {
    await mock.reset();
    await mock.scenario('500', 1, p);
    const r = await make[p]().createPerson(p === 'equals' ? equalsPerson() : verifikPerson());
    assert.deepEqual([r.attempts, r.retried, r.reconciled], [2, true, true], p);
    const s = await assertExactlyOne(p);
    assert.equal(s.attempts[p], 2);
    assert.equal(s.lookups[p], 1);
  }
});

test('the lookup itself fails: OUTCOME_UNKNOWN saying what to check, never a second create', async () => {
  for (const p of ['equals', 'verifik']) {
    for (const lookupFault of ['500', 'reset', 'delay=1500', 'bad-json']) {
      await mock.reset();
      await mock.scenario('500;after-create', 1, p);
      await mock.scenario(lookupFault, 1, p, 'lookup');
      const err = await rejection(make[p]().createPerson(p === 'equals' ? equalsPerson() : verifikPerson()));
      assert.equal(err.code, 'OUTCOME_UNKNOWN', `${p} ${lookupFault}: ${err.message}`);
      assert.equal(err.provider, p);
      assert.equal(err.attempts, 1);
      assert.equal(err.reconciled, false);
      assert.match(err.detail, p === 'equals' ? /account F12345/ : /collection collection_1/);
      // The message for people says where to look too, without the person's data.
      assert.match(err.message, p === 'equals' ? /by their email address on account F12345/ : /in collection collection_1/);
      assert.equal(err.detail.split('may have been created').length, 2, `said once: ${err.detail}`);
      assert.ok(err.cause, 'the lookup\'s error is the cause');
      assertNoSecrets(err);
      await assertExactlyOne(p);
    }
  }
});

test('equals: a lookup whose list is cut short (count past the rows) does not show absence: OUTCOME_UNKNOWN, no second create', async () => {
  await mock.scenario('500;after-create', 1, 'equals');
  // The mock's answer to "List people", with its count raised past the rows it lists.
  const cutShort = async (url, init) => {
    const res = await fetch(url, init);
    if (init.method !== 'GET') return res;
    const list = await res.json();
    return new Response(JSON.stringify({ ...list, rows: [], count: 250 }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const err = await rejection(make.equals({ fetch: cutShort }).createPerson(equalsPerson()));
  assert.equal(err.code, 'OUTCOME_UNKNOWN', err.message);
  assert.match(err.detail, /listed 0 of 250/);
  assert.equal(err.attempts, 1);
  const s = await assertExactlyOne('equals');
  assert.equal(s.attempts.equals, 1, 'one create sent');
});

test('equals: a search that matches more people than a page holds is read on (offset) until the person is found, and given up after 20 pages', async () => {
  const input = equalsPerson();
  // Every page the mock's list gives, behind 100 rows of other people and a count past them.
  const crowded = (found, pages) => async (url, init) => {
    if (init.method !== 'GET') return fetch(url, init);
    const asked = new URL(url);
    const offset = Number(asked.searchParams.get('offset') ?? 0);
    pages.push(offset);
    asked.searchParams.delete('offset');
    const list = await (await fetch(asked, init)).json();
    const others = Array.from({ length: 100 }, (_, i) => ({ id: `o${offset + i}`, primaryEmailAddress: `x${offset + i}${input.emailAddress}`, persona: { id: `q${offset + i}` } }));
    const rows = offset === found ? list.rows : others;
    return new Response(JSON.stringify({ ...list, rows, count: 5000, offset }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  await mock.scenario('500;after-create', 1, 'equals');
  const pages = [];
  const r = await make.equals({ fetch: crowded(300, pages), maxRetries: 0 }).createPerson(input);
  assert.deepEqual([r.reconciled, r.attempts], [true, 1]);
  assert.deepEqual(pages, [0, 100, 200, 300], 'read on from the rows before');
  await assertExactlyOne('equals');
  // Never found: 20 pages, then OUTCOME_UNKNOWN, nothing sent again.
  await mock.reset();
  await mock.scenario('500;after-create', 1, 'equals');
  const many = [];
  const err = await rejection(make.equals({ fetch: crowded(-1, many), maxRetries: 2 }).createPerson(equalsPerson()));
  assert.equal(err.code, 'OUTCOME_UNKNOWN', err.message);
  assert.match(err.detail, /listed 2000 of 5000/);
  assert.equal(many.length, 20);
  assert.equal((await mock.persons()).attempts.equals, 1, 'one create sent');
});

test('verifik without collections cannot be looked up: OUTCOME_UNKNOWN, never repeated', async () => {
  await mock.scenario('reset;after-create', 1, 'verifik');
  const input = verifikPerson();
  delete input.collections;
  const err = await rejection(make.verifik().createPerson(input));
  assert.equal(err.code, 'OUTCOME_UNKNOWN', err.message);
  assert.match(err.detail, /without collections/);
  assert.equal(err.detail.split('may have been created').length, 2, `said once: ${err.detail}`);
  assert.equal(err.attempts, 1);
  const s = await assertExactlyOne('verifik');
  assert.equal(s.lookups.verifik, 0);
});

test('equals: a person already on the account before the call is found, and no persona is added', async () => {
  const input = equalsPerson();
  await make.equals().createPerson(input);
  await assertExactlyOne('equals');
  // The next create is refused before the server sees it (reset, not after-create):
  // the lookup finds the person who was already there.
  await mock.scenario('reset', 1, 'equals');
  const r = await make.equals().createPerson(input);
  assert.deepEqual([r.reconciled, r.attempts], [true, 1]);
  await assertExactlyOne('equals');
});

test('equals: the same email on another account is not the person', async () => {
  const two = await startMock({ port: 0, quiet: true, config: { equals: { accountIds: ['F12345', 'F67890'] } } });
  try {
    const c = new EqualsClient({ apiKey: API_KEY, baseUrl: two.url });
    const input = equalsPerson();
    await c.createPerson({ ...input, accountId: 'F67890' });
    two.state.addScenario({ fault: '500', count: 1, provider: 'equals', kind: 'create' });
    const r = await c.createPerson(input);
    assert.deepEqual([r.reconciled, r.attempts], [true, 2], 'not found on F12345, so created there');
    const [person] = two.state.snapshot().equals;
    assert.deepEqual(person.personaCounts, { F67890: 1, F12345: 1 });
  } finally {
    await two.close();
  }
});

test('verifik: the result id is the person\'s _id in both success shapes, the envelope id is responseId', async () => {
  for (const shape of ['docs', 'file']) {
    await mock.reset();
    const c = make.verifik({ headers: { 'x-mock-verifik-shape': shape } });
    const r = await c.createPerson(verifikPerson());
    const s = await mock.persons();
    assert.equal(r.id, s.verifik[0]._id, shape);
    assert.deepEqual(r.person.date_of_birth, { year: 1990, month: 1, day: 15 }, shape);
    if (shape === 'docs') assert.match(r.responseId, /^[A-Z0-9]{5}$/);
    else assert.equal(r.responseId, undefined);
    assert.notEqual(r.responseId, r.id);
  }
});

test('every result says attempts and reconciled', async () => {
  const v = await make.verifik().createPerson(verifikPerson());
  const e = await make.equals().createPerson(equalsPerson());
  const h = await make.horus().createPerson(horusPerson());
  for (const r of [v, e, h]) assert.deepEqual([r.attempts, r.retried, r.reconciled], [1, false, false]);
  assert.equal(h.message === null || typeof h.message === 'string', true);
});

test('every error says attempts and reconciled, also when nothing was sent', async () => {
  for (const p of ['verifik', 'equals', 'horus']) {
    const invalid = await rejection(make[p]().createPerson({}));
    assert.equal(invalid.code, 'VALIDATION_FAILED', p);
    assert.deepEqual([invalid.attempts, invalid.retried, invalid.reconciled], [0, false, false], p);
    const badOptions = await rejection(make[p]().createPerson({}, { timeoutMs: -1 }));
    assert.deepEqual([badOptions.code, badOptions.attempts, badOptions.reconciled], ['INVALID_OPTIONS', 0, false], p);
  }
  assert.deepEqual((await mock.persons()).attempts, { verifik: 0, equals: 0, horus: 0 }, 'nothing sent');
});

test('horus: the request id is read back from x-horus-request-id too', async () => {
  const seen = [];
  const renaming = async (url, init) => {
    const res = await fetch(url, init);
    const id = res.headers.get('x-usil-request-id');
    seen.push(id);
    const headers = new Headers(res.headers);
    headers.delete('x-usil-request-id');
    headers.set('x-horus-request-id', `echo-${id}`);
    return new Response(await res.arrayBuffer(), { status: res.status, headers });
  };
  const r = await make.horus({ fetch: renaming }).createPerson(horusPerson(), { requestId: 'abc-123' });
  assert.equal(r.requestId, 'echo-abc-123');
  assert.deepEqual(seen, ['abc-123']);
});

test('an echoed secret is never reported as a request id', async () => {
  const echoing = async (url, init) => {
    const res = await fetch(url, init);
    const headers = new Headers(res.headers);
    headers.set('x-usil-request-id', CLIENT_SECRET);
    return new Response(await res.arrayBuffer(), { status: res.status, headers });
  };
  const r = await make.horus({ fetch: echoing }).createPerson(horusPerson(), { requestId: 'sent-id' });
  assert.equal(r.requestId, 'sent-id');
});

test('lookFirst: a person an earlier call made is found, not sent again; a new one is sent; nothing to look in is OUTCOME_UNKNOWN, nothing sent', async () => {
  const eq = equalsPerson();
  const first = await make.equals().createPerson(eq);
  const again = await make.equals().createPerson(eq, { lookFirst: true });
  assert.deepEqual([again.id, again.reconciled, again.attempts], [first.id, true, 0]);
  await assertExactlyOne('equals');
  const fresh = await make.equals().createPerson(equalsPerson(), { lookFirst: true });
  assert.deepEqual([fresh.reconciled, fresh.attempts], [true, 1]);

  const vf = verifikPerson();
  const made = await make.verifik().createPerson(vf);
  const found = await make.verifik().createPerson(vf, { lookFirst: true });
  assert.deepEqual([found.id, found.reconciled, found.attempts], [made.id, true, 0]);
  const { collection_id, collections, ...loose } = verifikPerson();
  const before = (await mock.persons()).attempts.verifik;
  const err = await rejection(make.verifik().createPerson(loose, { lookFirst: true }));
  assert.deepEqual([err.code, err.attempts], ['OUTCOME_UNKNOWN', 0]);
  assert.equal((await mock.persons()).attempts.verifik, before, 'nothing sent');

  const h = await make.horus().createPerson(horusPerson(), { lookFirst: true });
  assert.deepEqual([h.created, h.attempts], [true, 1]);
  await assert.rejects(make.equals().createPerson(eq, { lookFirst: 'yes' }), (e) => e.code === 'INVALID_OPTIONS');
});

for (const fault of ['503;after-create', '429;after-create']) {
  test(`equals: ${fault.split(';')[0]} from a server that had made the person: the client looks before repeating, one persona`, async () => {
    await mock.scenario(fault, 1, 'equals');
    const r = await make.equals().createPerson(equalsPerson());
    assert.deepEqual([r.reconciled, r.attempts], [true, 1]);
    await assertExactlyOne('equals');
  });
}

// A busy answer with nothing more to send still looks: the caller's own retry
// of "try again later" would otherwise add the second persona.
for (const [fault, options] of [['503;after-create', { maxRetries: 0 }], ['429;retry-after=120;after-create', {}]]) {
  test(`equals: ${fault} with no repeat left (${JSON.stringify(options)}) is found by the lookup: one persona`, async () => {
    await mock.scenario(fault, 1, 'equals');
    const r = await make.equals(options).createPerson(equalsPerson());
    assert.deepEqual([r.reconciled, r.attempts], [true, 1]);
    const s = await assertExactlyOne('equals');
    assert.deepEqual([s.attempts.equals, s.lookups.equals], [1, 1]);
  });
}

test('equals: a busy answer that made nothing, with no repeat left, is the busy error after one lookup', async () => {
  await mock.scenario('429;retry-after=120', 1, 'equals');
  const err = await rejection(make.equals().createPerson(equalsPerson()));
  assert.deepEqual([err.code, err.retryAfter, err.attempts], ['RATE_LIMITED', 120, 1]);
  await mock.scenario('503', 1, 'equals');
  const busy = await rejection(make.equals({ maxRetries: 0 }).createPerson(equalsPerson()));
  assert.deepEqual([busy.code, busy.status, busy.attempts], ['SERVER_ERROR', 503, 1]);
  const s = await mock.persons();
  assert.deepEqual([s.equals.length, s.attempts.equals, s.lookups.equals], [0, 2, 2]);
});

test('an abort while waiting to look after an uncertain create is OUTCOME_UNKNOWN, not ABORTED', async () => {
  for (const provider of ['equals', 'verifik']) {
    await mock.scenario('500;after-create', 1, provider);
    const controller = new AbortController();
    // The engine logs that it will look, then waits the backoff: abort then.
    const logger = { info: (line) => { if (line.includes('looking before')) controller.abort(); }, debug() {}, warn() {}, error() {} };
    const person = provider === 'equals' ? equalsPerson() : verifikPerson();
    const err = await rejection(make[provider]({ logger }).createPerson(person, { signal: controller.signal }));
    assert.equal(err.code, 'OUTCOME_UNKNOWN', provider);
    assert.match(err.detail, /aborted before the lookup that would tell/);
    assert.equal(err.cause?.code, 'ABORTED');
    const s = await mock.persons();
    assert.deepEqual([s[provider].length, s.lookups[provider]], [1, 0], provider);
  }
});

// A 408 says the server stopped waiting for the request, so it never acted
// on it: sent again (Equals looks first, as after any busy answer). Should a
// gateway answer 408 for a request its origin did act on, each provider
// still holds one person: Equals finds it, Verifik and Horus answer "already".
test('a 408 is sent again: one person each, and with no retry left it is a TIMEOUT with its status', async () => {
  for (const provider of ['verifik', 'equals', 'horus']) {
    await mock.reset();
    const person = { verifik: verifikPerson, equals: equalsPerson, horus: horusPerson }[provider]();
    await mock.scenario('408', 1, provider);
    const r = await make[provider]().createPerson(person);
    assert.deepEqual([r.attempts, r.retried], [2, true], provider);
    await assertExactlyOne(provider);
    const s = await mock.persons();
    assert.equal(s.lookups[provider] ?? 0, provider === 'equals' ? 1 : 0, `${provider}: lookups`);

    await mock.reset();
    await mock.scenario('408;after-create', 1, provider);
    const settled = await make[provider]().createPerson(person).then((v) => v, (e) => e);
    await assertExactlyOne(provider);
    if (provider === 'equals') assert.deepEqual([settled.reconciled, settled.attempts], [true, 1]);
    if (provider === 'verifik') assert.deepEqual([settled.code, settled.attempts], ['ALREADY_EXISTS', 2]);
    if (provider === 'horus') assert.deepEqual([settled.created, settled.attempts], [false, 2]);

    await mock.reset();
    await mock.scenario('408', 1, provider);
    const err = await rejection(make[provider]({ maxRetries: 0 }).createPerson(person));
    assert.deepEqual([err.code, err.status, err.attempts], ['TIMEOUT', 408, 1], provider);
    assertNoSecrets(err);
  }
});
