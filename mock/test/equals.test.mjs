import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EQUALS, equalsBody, getJson, post, useMock } from './helpers.mjs';

const ctx = useMock({ config: { equals: { accountIds: ['F12345', 'F99999'] } } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('equals create', () => {
  test('201 with the person and its persona, in the document shape', async () => {
    const body = equalsBody();
    const res = await post(ctx.url, EQUALS, body);
    assert.equal(res.status, 201);
    assert.match(res.body.id, UUID);
    assert.match(res.body.persona.id, UUID);
    assert.equal(res.body.firstName, 'Alison');
    assert.equal(res.body.primaryEmailAddress, body.emailAddress);
    assert.equal(res.body.dob, '1996-07-17');
    assert.deepEqual(res.body.avatar, { url: '', fileName: '' });
    assert.equal(res.body.persona.emailAddress, body.emailAddress);
    assert.equal(res.body.persona.employeeNumber, '948');
    assert.equal(res.body.persona.transactionalEmailPreference, true);
    assert.equal(res.body.persona.createdByPersonaId, body.createdByPersonaId);
  });

  test('the same email again: the same person id, a new persona, still 201', async () => {
    const first = await post(ctx.url, EQUALS, equalsBody({ emailAddress: 'same@acme.com' }));
    const second = await post(ctx.url, EQUALS, equalsBody({ emailAddress: 'SAME@acme.com', accountId: 'F99999' }));
    assert.equal(second.status, 201);
    assert.equal(second.body.id, first.body.id);
    assert.notEqual(second.body.persona.id, first.body.persona.id);
    const persons = await getJson(ctx.url, '/__mock/persons');
    assert.equal(persons.equals.length, 1);
    assert.equal(persons.equals[0].personas.length, 2);
    assert.equal(persons.attempts.equals, 2);
  });

  test('only the required fields; extra reference fields accepted', async () => {
    const body = { accountId: 'F12345', firstName: 'A', lastName: 'B', roleName: 'Owner', emailAddress: 'min@acme.com' };
    const res = await post(ctx.url, EQUALS, { ...body, nationalities: ['GB'], dob: null, sendInvite: false });
    assert.equal(res.status, 201);
    assert.equal(res.body.persona.status, 'active');
    assert.equal(res.body.persona.inviteSentDate, null);
  });
});

describe('equals errors', () => {
  test('401 without the Authorization header', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody(), { authorization: null });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'UNAUTHORIZED');
    assert.equal(typeof res.body.message, 'string');
  });

  test('403 for a bad key or scheme', async () => {
    for (const authorization of ['ApiKey wrong', 'Bearer equals-test-key']) {
      const res = await post(ctx.url, EQUALS, equalsBody(), { authorization });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'FORBIDDEN');
    }
  });

  test('415 for a non-JSON content type', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody(), { 'content-type': 'text/plain' });
    assert.equal(res.status, 415);
    assert.equal(res.body.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('404 for an unknown accountId', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody({ accountId: 'F00000' }));
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'ACCOUNT_NOT_FOUND');
  });

  const bad400 = [
    ['malformed JSON (the doc sample missing a comma)', '{"accountId": "F12345" "firstName": "A"}'],
    ['a JSON array', '[]'],
    ['missing firstName', equalsBody({ firstName: undefined })],
    ['empty emailAddress', equalsBody({ emailAddress: '' })],
    ['notifyEmailTrans as a string', equalsBody({ notifyEmailTrans: 'true' })],
    ['status null', equalsBody({ status: null })],
  ];
  for (const [name, body] of bad400) {
    test(`400 BAD_REQUEST: ${name}`, async () => {
      const res = await post(ctx.url, EQUALS, body);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'BAD_REQUEST');
    });
  }

  const bad422 = [
    ['roleName not one of the six', { roleName: 'Boss' }, 'roleName'],
    ['status not active/deactivated', { status: 'pending' }, 'status'],
    ['firstName over 256 characters', { firstName: 'é'.repeat(257) }, 'firstName'],
    ['accountId over 36 characters', { accountId: 'F'.repeat(37) }, 'accountId'],
    ['primaryMobileNumber over 50', { primaryMobileNumber: '1'.repeat(51) }, 'primaryMobileNumber'],
    ['dob not a date', { dob: '1996-13-01' }, 'dob'],
    ['emailAddress not an email', { emailAddress: 'not-an-email' }, 'emailAddress'],
    ['createdByPersonaId not a uuid', { createdByPersonaId: 'abc' }, 'createdByPersonaId'],
    ['emailTheme over 32', { emailTheme: 'x'.repeat(33) }, 'emailTheme'],
    ['emailTheme not one of the two themes', { emailTheme: 'purple' }, 'emailTheme'],
    ['nationalities not alpha-2', { nationalities: ['GBR'] }, 'nationalities'],
  ];
  for (const [name, over, field] of bad422) {
    test(`422 VALIDATION_ERROR: ${name}`, async () => {
      const res = await post(ctx.url, EQUALS, equalsBody(over));
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'VALIDATION_ERROR');
      assert.ok(res.body.errors.some((e) => e.field === field), JSON.stringify(res.body.errors));
    });
  }

  test('405 for DELETE (GET is the list)', async () => {
    const res = await fetch(`${ctx.url}${EQUALS}`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST, GET, OPTIONS');
    assert.equal((await res.json()).code, 'METHOD_NOT_ALLOWED');
  });

  test('nothing is created by a failed request, but each counts as an attempt', async () => {
    await post(ctx.url, EQUALS, equalsBody({ roleName: 'Boss' }));
    await post(ctx.url, EQUALS, equalsBody(), { authorization: null });
    const persons = await getJson(ctx.url, '/__mock/persons');
    assert.equal(persons.equals.length, 0);
    assert.equal(persons.attempts.equals, 2);
  });
});
