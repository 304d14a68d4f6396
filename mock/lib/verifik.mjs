// Verifik: POST /v2/face-recognition/persons
//
// Two documented body shapes (seeds/NOTES.md), chosen per request:
//   file: success {success: true, data}      error {error: <text>, message: <CODE>}
//   docs: success {id, data, signature}      error {message: <text>, code: <Code>}

import { createHash } from 'node:crypto';
import { imageProblem, isNonBlank, isPlainObject, parseIsoDate, Problems } from './rules.mjs';
import { nowIso, objectId, alnumId } from './state.mjs';
import { statusText } from './http.mjs';

export const VERIFIK_PATH = '/v2/face-recognition/persons';

// Every error the mock answers with, in both shapes. `docs` follows the public
// docs' codes; `file` follows the file's UPPER_SNAKE `message` convention.
const ERRORS = {
  unauthorized: { status: 401, code: 'UNAUTHORIZED', docsMessage: 'missing or malformed Authorization: Bearer header', file: 'UNAUTHORIZED', text: 'Unauthorized' },
  forbidden: { status: 403, code: 'FORBIDDEN', docsMessage: 'token_expired', file: 'TOKEN_EXPIRED', text: 'Token is invalid or expired' },
  bodyRequired: { status: 409, code: 'MissingParameter', file: 'BODY_REQUIRED', text: 'Request body must be a JSON object' },
  nameRequired: { status: 409, code: 'MissingParameter', file: 'NAME_REQUIRED', text: 'Person name is required' },
  imagesRequired: { status: 409, code: 'MissingParameter', file: 'IMAGES_REQUIRED', text: 'At least one image is required' },
  invalidParameter: { status: 409, code: 'InvalidParameter', file: 'INVALID_PARAMETER', text: 'Invalid parameter' },
  badImage: { status: 412, code: 'PreconditionFailed', docsMessage: 'only_images_in_base64', file: 'INVALID_IMAGE_FORMAT', text: 'Invalid image format' },
  alreadySet: { status: 412, code: 'PreconditionFailed', docsMessage: 'person_already_set', file: 'PERSON_ALREADY_SET', text: 'Person already set' },
};

/** An error response in the chosen shape; `detail` refines the text (never personal data). */
function error(kind, shape, detail, data) {
  const e = ERRORS[kind];
  const text = detail ? `${e.text}: ${detail}` : e.text;
  const body =
    shape === 'docs'
      ? { message: e.docsMessage ?? text, code: e.code }
      : { error: text, message: e.file };
  if (data !== undefined) body.data = data;
  return { status: e.status, body };
}

/** An error of any status in the chosen shape (faults, 405, 413): the code names the status. */
export function verifikStatusBody(status, shape, message) {
  const words = statusText(status).split(/[^A-Za-z]+/).filter(Boolean);
  if (shape === 'docs') return { message, code: status === 500 ? 'ERROR' : words.join('') };
  return { error: message, message: status === 500 ? 'ERROR' : words.join('_').toUpperCase() };
}

function checkAuth(headers, config) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!m) return 'unauthorized';
  if (m[1] !== config.verifik.token) return 'forbidden';
  return null;
}

/** Validates the body; returns an error response or null. */
function validate(body, shape) {
  if (!isPlainObject(body)) return error('bodyRequired', shape);
  if (body.name === undefined || body.name === null || body.name === '') return error('nameRequired', shape);
  if (body.images === undefined || body.images === null) return error('imagesRequired', shape);
  if (Array.isArray(body.images) && body.images.length === 0) return error('imagesRequired', shape);

  const problems = new Problems();
  if (!isNonBlank(body.name)) problems.add('name', 'must be a non-blank string');
  if (!Array.isArray(body.images)) problems.add('images', 'must be an array of base64 strings');
  else if (body.images.length > 3) problems.add('images', 'must hold 1 to 3 images');
  if (body.gender !== undefined && body.gender !== 'M' && body.gender !== 'F') problems.add('gender', 'must be "M" or "F"');
  if (body.date_of_birth !== undefined && !parseIsoDate(body.date_of_birth)) {
    problems.add('date_of_birth', 'must be a date as YYYY-MM-DD');
  }
  for (const key of ['nationality', 'notes']) {
    if (body[key] !== undefined && typeof body[key] !== 'string') problems.add(key, 'must be a string');
  }
  if (body.collections !== undefined && !(Array.isArray(body.collections) && body.collections.every(isNonBlank))) {
    problems.add('collections', 'must be an array of collection id strings');
  }
  if (!problems.ok) return error('invalidParameter', shape, problems.text());

  for (const [i, image] of body.images.entries()) {
    const why = imageProblem(image);
    if (why) return error('badImage', shape, `images[${i}] ${why}`);
  }
  return null;
}

// Persons without collections share one implicit default collection.
const collectionsOf = (person) => (person.collections.length ? person.collections : ['']);
const sameKey = (a, b) =>
  a.name.trim().toLowerCase() === b.name.trim().toLowerCase() &&
  JSON.stringify(a.date_of_birth ?? null) === JSON.stringify(b.date_of_birth ?? null);

function buildPerson(body) {
  const now = nowIso();
  const person = {
    _id: objectId(),
    name: body.name,
    gender: body.gender ?? null,
    date_of_birth: body.date_of_birth ? parseIsoDate(body.date_of_birth) : null,
    nationality: body.nationality ?? null,
    images: body.images,
    collections: body.collections ?? [],
    notes: body.notes ?? null,
    client: 'client_mock',
    status: 'active',
    // A stable stand-in per image: the same picture gives the same encoding.
    faceEncodings: body.images.map((img) => `face_encoding_${createHash('sha256').update(img).digest('hex').slice(0, 32)}`),
    createdAt: now,
    updatedAt: now,
  };
  return person;
}

function success(person, shape) {
  const body =
    shape === 'docs'
      ? { id: alnumId(5).toUpperCase(), data: person, signature: { dateTime: new Date().toUTCString(), message: 'Certified by Verifik.co' } }
      : { success: true, data: person };
  return { status: 200, body, created: true };
}

/** ctx: { headers, json, jsonOk, config, state, shape } → { status, body, created? } */
export function handleVerifik(ctx) {
  const { headers, config, state, shape } = ctx;
  const authError = checkAuth(headers, config);
  if (authError) return error(authError, shape);

  const body = ctx.jsonOk ? ctx.json : undefined;
  const invalid = validate(body, shape);
  if (invalid) return invalid;

  const person = buildPerson(body);
  const wanted = new Set(collectionsOf(person));
  const existing = state.verifik.find((p) => sameKey(p, person) && collectionsOf(p).some((c) => wanted.has(c)));
  if (existing) return error('alreadySet', shape, undefined, structuredClone(existing));

  state.verifik.push(person);
  return success(structuredClone(person), shape);
}
