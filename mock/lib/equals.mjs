// Equals Money: POST /v2/people (create) and GET /v2/people?accountId= (list).
//
// The document defines no error body; the mock answers `{ message, code }` and,
// for validation failures, `errors: [{ field, message }]`.
//   400 BAD_REQUEST       not a well-formed person: not JSON, not an object,
//                         a field of the wrong JSON type, a required field missing
//   422 VALIDATION_ERROR  well-formed but a value breaks a rule: length, enum,
//                         date, email, uuid, country code
//   404 ACCOUNT_NOT_FOUND accountId is not one of the configured accounts

import { randomUUID } from 'node:crypto';
import { charLength, isEmail, isPlainObject, isUuid, parseIsoDate, Problems } from './rules.mjs';
import { nowIso } from './state.mjs';

export const EQUALS_PATH = '/v2/people';

export const ROLE_NAMES = ['Owner', 'Admin', 'Payer', 'Viewer', 'Accountant', 'User'];
const STATUSES = ['active', 'deactivated'];
const PRODUCT_ID = 'd926625b-5e11-4ec1-b4cd-0af2a8021efc';

// field → [JSON type, nullable, max length (strings)]. From the document's field
// list plus the public reference's extra fields (README, "How we read the documents").
const FIELDS = {
  accountId: ['string', false, 36],
  firstName: ['string', false, 256],
  lastName: ['string', false, 256],
  roleName: ['string', false],
  dob: ['string', true],
  emailAddress: ['string', false, 256],
  primaryMobileNumber: ['string', true, 50],
  status: ['string', false],
  employeeNumber: ['string', false, 256],
  jobTitle: ['string', true, 256],
  notifyEmailTrans: ['boolean', false],
  createdByPersonaId: ['string', false, 36],
  addToUserPool: ['boolean', false],
  sendInvite: ['boolean', false],
  emailTheme: ['string', false, 32],
  nationalities: ['array', true],
  sessionId: ['string', false],
  mfaCode: ['string', false],
  customerIp: ['string', false],
  address: ['object', false],
  locale: ['string', false],
};
// The public reference's `address` members. It gives them no lengths, so
// only their type and the country code are checked.
const ADDRESS_FIELDS = ['streetName', 'buildingNumber', 'buildingName', 'postcode', 'city', 'region', 'countryCode'];
const ALPHA2 = /^[A-Z]{2}$/;
const EMAIL_THEMES = ['em-light', 'em-dark'];
const REQUIRED = ['accountId', 'firstName', 'lastName', 'roleName', 'emailAddress'];

export const equalsError = (status, code, message, errors) => ({
  status,
  body: errors ? { message, code, errors } : { message, code },
});

function typeOf(v) {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}

const article = (type) => (/^[aeiou]/.test(type) ? 'an' : 'a');

/** 400 problems: shape and presence. Unknown fields are ignored, like most JSON APIs. */
function shapeProblems(body) {
  const problems = new Problems();
  for (const [field, [type, nullable]] of Object.entries(FIELDS)) {
    const value = body[field];
    if (value === undefined || (value === null && nullable)) continue;
    if (typeOf(value) !== type) problems.add(field, `must be ${article(type)} ${type}${nullable ? ' or null' : ''}`);
  }
  for (const field of REQUIRED) {
    if (body[field] === undefined || body[field] === null || body[field] === '') problems.add(field, 'is required');
  }
  if (Array.isArray(body.nationalities) && !body.nationalities.every((n) => typeof n === 'string')) {
    problems.add('nationalities', 'must be an array of strings');
  }
  if (isPlainObject(body.address)) {
    for (const member of ADDRESS_FIELDS) {
      const value = body.address[member];
      if (value !== undefined && typeof value !== 'string') problems.add(`address.${member}`, 'must be a string');
    }
  }
  return problems;
}

/** 422 problems: values. Only run once the shape is right. */
function valueProblems(body) {
  const problems = new Problems();
  for (const [field, [, , max]] of Object.entries(FIELDS)) {
    if (max && typeof body[field] === 'string' && charLength(body[field]) > max) {
      problems.add(field, `must be at most ${max} characters`);
    }
  }
  if (!ROLE_NAMES.includes(body.roleName)) problems.add('roleName', `must be one of ${ROLE_NAMES.join(', ')}`);
  if (body.status !== undefined && !STATUSES.includes(body.status)) problems.add('status', 'must be active or deactivated');
  // The document's "Allowable values" (the 32-character cap is the public reference's).
  if (body.emailTheme !== undefined && !EMAIL_THEMES.includes(body.emailTheme)) problems.add('emailTheme', 'must be em-light or em-dark');
  if (typeof body.dob === 'string' && !parseIsoDate(body.dob)) problems.add('dob', 'must be a date as YYYY-MM-DD');
  if (!isEmail(body.emailAddress)) problems.add('emailAddress', 'must be an email address');
  if (body.createdByPersonaId !== undefined && !isUuid(body.createdByPersonaId)) {
    problems.add('createdByPersonaId', 'must be a uuid');
  }
  if (Array.isArray(body.nationalities) && !body.nationalities.every((n) => ALPHA2.test(n))) {
    problems.add('nationalities', 'must hold ISO 3166-1 alpha-2 codes');
  }
  if (typeof body.address?.countryCode === 'string' && !ALPHA2.test(body.address.countryCode)) {
    problems.add('address.countryCode', 'must be an ISO 3166-1 alpha-2 code');
  }
  return problems;
}

function newPersona(body, now) {
  const invited = body.sendInvite !== false;
  return {
    id: randomUUID(),
    // accountId and roleName stay inside the mock (the list filters on them);
    // answers show the document's persona without them (see row()).
    accountId: body.accountId,
    roleName: body.roleName,
    emailAddress: body.emailAddress,
    employeeNumber: body.employeeNumber ?? null,
    workNumber: null,
    status: invited ? 'invited' : (body.status ?? 'active'),
    jobTitle: body.jobTitle ?? null,
    createdByPersonaId: body.createdByPersonaId ?? null,
    transactionalEmailPreference: body.notifyEmailTrans ?? false,
    cardTransactionPushNotificationPreference: false,
    createdAt: now,
    updatedAt: now,
    inviteSentDate: invited ? now : null,
  };
}

function newPerson(body, now) {
  return {
    avatar: { url: '', fileName: '' },
    id: randomUUID(),
    productId: PRODUCT_ID,
    sub: randomUUID(),
    firstName: body.firstName,
    lastName: body.lastName,
    title: null,
    middleInitials: null,
    dob: body.dob ?? null,
    gender: null,
    nationality: body.nationalities?.[0] ?? null,
    countryOfResidence: null,
    status: body.status ?? 'active',
    primaryMobileNumber: body.primaryMobileNumber ?? null,
    primaryEmailAddress: body.emailAddress,
    createdAt: now,
    updatedAt: now,
    emailTheme: body.emailTheme ?? 'em-light',
  };
}

/** 401 without the header, 403 for a wrong key or scheme; null when allowed. */
function authProblem(headers, config) {
  const auth = headers.authorization;
  if (!auth) return equalsError(401, 'UNAUTHORIZED', 'missing Authorization header');
  const m = /^ApiKey\s+(\S+)\s*$/i.exec(auth);
  if (!m || m[1] !== config.equals.apiKey) return equalsError(403, 'FORBIDDEN', 'invalid API key');
  return null;
}

/** The document's answer for one persona: the person with that `persona`, mock-only fields left out. */
function row(person, persona) {
  const { personas, ...shown } = person;
  const { accountId, roleName, ...shownPersona } = persona;
  return structuredClone({ ...shown, persona: shownPersona });
}

/** ctx: { method, headers, json, jsonOk, config, state } → { status, body, created? } */
export function handleEquals(ctx) {
  const { headers, config, state } = ctx;
  const denied = authProblem(headers, config);
  if (denied) return denied;

  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    return equalsError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  if (!ctx.jsonOk) return equalsError(400, 'BAD_REQUEST', 'body is not valid JSON');
  const body = ctx.json;
  if (!isPlainObject(body)) return equalsError(400, 'BAD_REQUEST', 'body must be a JSON object');

  const shape = shapeProblems(body);
  if (!shape.ok) return equalsError(400, 'BAD_REQUEST', shape.text(), shape.list);
  const values = valueProblems(body);
  if (!values.ok) return equalsError(422, 'VALIDATION_ERROR', values.text(), values.list);

  if (!config.equals.accountIds.includes(body.accountId)) {
    return equalsError(404, 'ACCOUNT_NOT_FOUND', 'account not found');
  }

  // Same email → the same person gains a new persona (the document's rule).
  const now = nowIso();
  const email = body.emailAddress.toLowerCase();
  let person = state.index.equals.get(email);
  if (!person) {
    person = { ...newPerson(body, now), personas: [] };
    state.equals.push(person);
    state.index.equals.set(email, person);
  }
  const persona = newPersona(body, now);
  person.personas.push(persona);
  state.index.equalsSearch.add(person, persona);
  return { status: 201, body: row(person, persona), created: true };
}

const LIST_STATUSES = ['active', 'deactivated', 'invited'];

/**
 * GET /v2/people?accountId=&limit=&offset=&search=&status=&roleNames= (List people).
 * One row per persona on the account (a person created twice there is two
 * rows): people in creation order, each one's personas in creation order.
 * `count` is every match before paging. `search` is a
 * case-insensitive substring of the email, first or last name; `status` is
 * the persona's; `roleNames` is comma-separated.
 */
export function listEquals(ctx) {
  const { headers, config, state, url } = ctx;
  const denied = authProblem(headers, config);
  if (denied) return denied;

  const params = url.searchParams;
  const problems = new Problems();
  const accountId = params.get('accountId');
  if (!accountId) problems.add('accountId', 'is required');
  const limit = intParam(params.get('limit'), 100, 1, 1000);
  if (Number.isNaN(limit)) problems.add('limit', 'must be an integer from 1 to 1000');
  const offset = intParam(params.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
  if (Number.isNaN(offset)) problems.add('offset', 'must be a non-negative integer');
  const status = params.get('status');
  if (status !== null && !LIST_STATUSES.includes(status)) problems.add('status', `must be one of ${LIST_STATUSES.join(', ')}`);
  const roleNames = params.get('roleNames')?.split(',').map((r) => r.trim()).filter(Boolean) ?? null;
  if (roleNames && !roleNames.every((r) => ROLE_NAMES.includes(r))) problems.add('roleNames', `must be among ${ROLE_NAMES.join(', ')}`);
  if (!problems.ok) return equalsError(400, 'BAD_REQUEST', problems.text(), problems.list);
  if (!config.equals.accountIds.includes(accountId)) return equalsError(404, 'ACCOUNT_NOT_FOUND', 'account not found');

  const search = params.get('search')?.toLowerCase() ?? '';
  const found = state.index.equalsSearch.find(search).filter(({ persona }) => persona.accountId === accountId
    && (status === null || persona.status === status)
    && (!roleNames?.length || roleNames.includes(persona.roleName)));
  const rows = found.slice(offset, offset + limit).map(({ person, persona }) => row(person, persona));
  return { status: 200, body: { count: found.length, limit, offset, rows } };
}

/** A query value as an integer in [min, max], `fallback` when absent, NaN otherwise. */
function intParam(raw, fallback, min, max) {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return NaN;
  const n = Number(raw);
  return n >= min && n <= max ? n : NaN;
}
