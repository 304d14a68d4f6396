// Horus: POST /v1/nonspec/oauth2/management/person
//
// Body `{ code, message }`; success is HTTP 200 with a 200xyz code. Codes from
// the document: 403051, 400002, 200001, 200023, 200024. Codes the document does
// not define, chosen here (same "<http status><3 digits>" pattern):
//   400 + 400001  body is not a JSON object
//   400 + 400003  a field has the wrong type or value (enabled not 0/1, ids not integers,
//                 custom not a string holding JSON, email not an email)
//   400 + 400004  categoryId or positionId does not exist
//   <status> + <status>001  injected faults (500001, 503001, 429001, ...)

import { randomUUID } from 'node:crypto';
import { isEmail, isNonBlank, isPlainObject, Problems } from './rules.mjs';
import { nowIso } from './state.mjs';

export const HORUS_PATH = '/v1/nonspec/oauth2/management/person';

export const horusReply = (status, code, message) => ({ status, body: { code, message } });

const REQUIRED_STRINGS = ['mainIdentifier', 'firstName', 'lastName', 'email'];
const OPTIONAL_STRINGS = ['externalId', 'additionalFirstName', 'additionalLastName', 'password'];

const missing = (v) => v === undefined || v === null || v === '';

function typeProblems(body) {
  const problems = new Problems();
  for (const key of [...REQUIRED_STRINGS, ...OPTIONAL_STRINGS]) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string') problems.add(key, 'must be a string');
  }
  for (const key of REQUIRED_STRINGS) {
    if (typeof body[key] === 'string' && !isNonBlank(body[key])) problems.add(key, 'must not be blank');
  }
  if (typeof body.email === 'string' && isNonBlank(body.email) && !isEmail(body.email)) problems.add('email', 'must be an email address');
  if (body.enabled !== undefined && body.enabled !== 0 && body.enabled !== 1) problems.add('enabled', 'must be the integer 0 or 1');
  if (body.custom !== undefined && body.custom !== null) {
    if (typeof body.custom !== 'string') problems.add('custom', 'must be a string holding JSON');
    else {
      try {
        JSON.parse(body.custom);
      } catch {
        problems.add('custom', 'must be a string holding JSON');
      }
    }
  }
  for (const key of ['categoryId', 'positionId']) {
    if (!Number.isSafeInteger(body[key])) problems.add(key, 'must be an integer');
  }
  return problems;
}

/** ctx: { headers, json, jsonOk, config, state } → { status, body, created? } */
export function handleHorus(ctx) {
  const { config, state } = ctx;
  const body = ctx.jsonOk ? ctx.json : undefined;
  if (!isPlainObject(body)) return horusReply(400, 400001, 'body must be a JSON object');

  for (const key of ['clientId', 'clientSecret']) {
    if (missing(body[key])) return horusReply(400, 400002, `${key} is required`);
  }
  if (body.clientId !== config.horus.clientId || body.clientSecret !== config.horus.clientSecret) {
    return horusReply(403, 403051, 'clientId or clientSecret are invalid');
  }
  for (const key of [...REQUIRED_STRINGS, 'categoryId', 'positionId']) {
    if (missing(body[key])) return horusReply(400, 400002, `${key} is required`);
  }
  const problems = typeProblems(body);
  if (!problems.ok) return horusReply(400, 400003, problems.text());

  if (!config.horus.categoryIds.includes(body.categoryId)) {
    return horusReply(400, 400004, `categoryId ${body.categoryId} does not exist`);
  }
  if (!config.horus.positionIds.includes(body.positionId)) {
    return horusReply(400, 400004, `positionId ${body.positionId} does not exist`);
  }

  // Email is checked before mainIdentifier; either way nothing is created.
  const email = body.email.toLowerCase();
  if (state.index.horusEmails.has(email)) {
    return horusReply(200, 200023, 'a person already exist with provided email');
  }
  if (state.index.horusIdentifiers.has(body.mainIdentifier)) {
    return horusReply(200, 200024, 'a person already exist with provided mainIdentifier');
  }

  // Stored without clientSecret or password: inspection must not hand out secrets.
  state.index.horusEmails.add(email);
  state.index.horusIdentifiers.add(body.mainIdentifier);
  state.horus.push({
    id: randomUUID(),
    mainIdentifier: body.mainIdentifier,
    externalId: body.externalId ?? null,
    firstName: body.firstName,
    additionalFirstName: body.additionalFirstName ?? null,
    lastName: body.lastName,
    additionalLastName: body.additionalLastName ?? null,
    email: body.email,
    hasPassword: !missing(body.password),
    enabled: body.enabled ?? 1,
    custom: body.custom ?? null,
    categoryId: body.categoryId,
    positionId: body.positionId,
    requestId: ctx.requestId,
    createdAt: nowIso(),
  });
  return { ...horusReply(200, 200001, 'entity was created'), created: true };
}
