// Shared test helpers: one mock per test file, started on a free port and
// closed after (also when a test fails), plus request builders and fixtures.

import { after, before, beforeEach } from 'node:test';
import { startMock } from '../server.mjs';

export const VERIFIK = '/v2/face-recognition/persons';
export const EQUALS = '/v2/people';
export const HORUS = '/v1/nonspec/oauth2/management/person';

// Tiny bodies that start with the real signatures; the mock only sniffs the head.
export const JPEG_B64 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64');
export const PNG_B64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).toString('base64');
export const GIF_B64 = Buffer.from('GIF89a-not-accepted').toString('base64');

/** Starts one mock for the calling test file; resets it before each test. */
export function useMock(options = {}) {
  const ctx = { mock: null, url: '' };
  before(async () => {
    ctx.mock = await startMock({ quiet: true, ...options });
    ctx.url = ctx.mock.url;
  });
  after(async () => {
    await ctx.mock?.close();
  });
  beforeEach(async () => {
    await fetch(`${ctx.url}/__mock/reset`, { method: 'POST' });
  });
  return ctx;
}

let seq = 0;
const unique = () => `${process.pid}-${Date.now()}-${++seq}`;

export const verifikBody = (over = {}) => ({
  name: `John Doe ${unique()}`,
  images: [JPEG_B64, PNG_B64],
  gender: 'M',
  date_of_birth: '1990-01-15',
  nationality: 'US',
  collections: ['collection_123456789'],
  notes: 'VIP customer',
  ...over,
});

export const equalsBody = (over = {}) => ({
  accountId: 'F12345',
  firstName: 'Alison',
  lastName: 'Abraham',
  roleName: 'Viewer',
  dob: '1996-07-17',
  emailAddress: `a.abraham+${unique()}@acme.com`,
  primaryMobileNumber: '+447798121212',
  status: 'active',
  employeeNumber: '948',
  jobTitle: 'Administrative Assistant',
  notifyEmailTrans: true,
  createdByPersonaId: '288cf796-c1ad-4ffd-9eb9-af210bff0ea0',
  ...over,
});

export const horusBody = (over = {}) => {
  const id = unique();
  return {
    clientId: 'bb145d5f',
    clientSecret: 'bb145d5fxyz',
    mainIdentifier: `445-${id}`,
    externalId: '92dd9aa0',
    firstName: 'Jane',
    additionalFirstName: 'Alice',
    lastName: 'Doe',
    additionalLastName: 'Patterson',
    email: `jane+${id}@828fligth.com`,
    password: '',
    enabled: 1,
    custom: '{"key":"value"}',
    categoryId: 1,
    positionId: 1,
    ...over,
  };
};

export const AUTH = {
  [VERIFIK]: { authorization: 'Bearer verifik-test-token' },
  [EQUALS]: { authorization: 'ApiKey equals-test-key' },
  [HORUS]: {},
};

/**
 * POSTs JSON to a provider path with valid auth (override with `headers`,
 * where `null` removes a header). Returns `{ status, headers, body, text }`.
 */
export async function post(url, path, body, headers = {}) {
  const merged = { 'content-type': 'application/json', ...AUTH[path], ...headers };
  for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: merged,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: json, text };
}

export async function getJson(url, path) {
  const res = await fetch(`${url}${path}`);
  return res.json();
}

/** GETs a path with a provider's valid auth (override with `headers`; `null` removes one). */
export async function get(url, path, headers = {}, authFor = path.split('?')[0]) {
  const merged = { ...AUTH[authFor.startsWith(VERIFIK) ? VERIFIK : authFor], ...headers };
  for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
  const res = await fetch(`${url}${path}`, { headers: merged });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: json, text };
}
