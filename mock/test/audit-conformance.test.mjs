// The mock against the provider documents (/work/shared/seeds and its NOTES):
// a value the documents allow must be accepted (personkit sends it), and a
// documented field of the wrong shape must be refused, or a client bug hides.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EQUALS, equalsBody, post, useMock } from './helpers.mjs';

const ctx = useMock();

describe('equals: the public reference fields', () => {
  // NOTES: "`nationalities` may be null" (public API reference).
  test('nationalities: null is accepted, as the reference allows', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody({ nationalities: null }));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.nationality, null);
  });

  // NOTES: "`address` (an object: streetName, buildingNumber, buildingName,
  // postcode, city, region, countryCode) and `locale` (e.g. `en-GB`)".
  test('a documented address and locale are accepted', async () => {
    const address = { streetName: 'Baker Street', buildingNumber: '221B', buildingName: '', postcode: 'NW1 6XE', city: 'London', region: 'Greater London', countryCode: 'GB' };
    const res = await post(ctx.url, EQUALS, equalsBody({ address, locale: 'en-GB' }));
    assert.equal(res.status, 201, res.text);
  });

  for (const [name, over, field] of [
    ['address a string', { address: '221B Baker Street' }, 'address'],
    ['address an array', { address: ['221B Baker Street'] }, 'address'],
    ['address null', { address: null }, 'address'],
    ['address member a number', { address: { buildingNumber: 221 } }, 'address.buildingNumber'],
    ['address member null', { address: { city: null } }, 'address.city'],
    ['locale a number', { locale: 44 }, 'locale'],
    ['locale null', { locale: null }, 'locale'],
  ]) {
    test(`${name}: 400 BAD_REQUEST naming ${field}`, async () => {
      const res = await post(ctx.url, EQUALS, equalsBody(over));
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.code, 'BAD_REQUEST');
      assert.ok(res.body.errors.some((e) => e.field === field), res.text);
    });
  }

  test('address.countryCode not an alpha-2 code: 422 VALIDATION_ERROR', async () => {
    const res = await post(ctx.url, EQUALS, equalsBody({ address: { countryCode: 'GBR' } }));
    assert.equal(res.status, 422, res.text);
    assert.ok(res.body.errors.some((e) => e.field === 'address.countryCode'), res.text);
  });

  test('nothing is created by a refused address', async () => {
    await post(ctx.url, EQUALS, equalsBody({ address: 'x' }));
    const persons = await (await fetch(`${ctx.url}/__mock/persons`)).json();
    assert.equal(persons.equals.length, 0);
  });
});
