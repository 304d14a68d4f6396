// Equals Money: POST /v2/people
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
// list plus the public reference's extra fields (NOTES.md).
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
  nationalities: ['array', false],
  sessionId: ['string', false],
  mfaCode: ['string', false],
  customerIp: ['string', false],
};
const REQUIRED = ['accountId', 'firstName', 'lastName', 'roleName', 'emailAddress'];

export const equalsError = (status, code, message, errors) => ({
  status,
  body: errors ? { message, code, errors } : { message, code },
});

function typeOf(v) {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}

/** 400 problems: shape and presence. Unknown fields are ignored, like most JSON APIs. */
function shapeProblems(body) {
  const problems = new Problems();
  for (const [field, [type, nullable]] of Object.entries(FIELDS)) {
    const value = body[field];
    if (value === undefined || (value === null && nullable)) continue;
    if (typeOf(value) !== type) problems.add(field, `must be ${nullable ? `a ${type} or null` : `a ${type}`}`);
  }
  for (const field of REQUIRED) {
    if (body[field] === undefined || body[field] === null || body[field] === '') problems.add(field, 'is required');
  }
  if (Array.isArray(body.nationalities) && !body.nationalities.every((n) => typeof n === 'string')) {
    problems.add('nationalities', 'must be an array of strings');
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
  if (typeof body.dob === 'string' && !parseIsoDate(body.dob)) problems.add('dob', 'must be a date as YYYY-MM-DD');
  if (!isEmail(body.emailAddress)) problems.add('emailAddress', 'must be an email address');
  if (body.createdByPersonaId !== undefined && !isUuid(body.createdByPersonaId)) {
    problems.add('createdByPersonaId', 'must be a uuid');
  }
  if (Array.isArray(body.nationalities) && !body.nationalities.every((n) => /^[A-Z]{2}$/.test(n))) {
    problems.add('nationalities', 'must hold ISO 3166-1 alpha-2 codes');
  }
  return problems;
}

function newPersona(body, now) {
  const invited = body.sendInvite !== false;
  return {
    id: randomUUID(),
    accountId: body.accountId,
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

/** ctx: { method, headers, json, jsonOk, config, state } → { status, body, created? } */
export function handleEquals(ctx) {
  const { headers, config, state } = ctx;
  const auth = headers.authorization;
  if (!auth) return equalsError(401, 'UNAUTHORIZED', 'missing Authorization header');
  const m = /^ApiKey\s+(\S+)\s*$/i.exec(auth);
  if (!m || m[1] !== config.equals.apiKey) return equalsError(403, 'FORBIDDEN', 'invalid API key');

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
  let person = state.equals.find((p) => p.primaryEmailAddress.toLowerCase() === email);
  if (!person) {
    person = { ...newPerson(body, now), personas: [] };
    state.equals.push(person);
  }
  const persona = newPersona(body, now);
  person.personas.push(persona);

  // The answer has the document's shape: the stored accountId stays inside the mock.
  const { personas, ...shown } = person;
  const { accountId, ...shownPersona } = persona;
  return { status: 201, body: structuredClone({ ...shown, persona: shownPersona }), created: true };
}
