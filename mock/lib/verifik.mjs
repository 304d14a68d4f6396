// Verifik: POST /v2/face-recognition/persons (create), GET the same path (list)
// and GET .../persons/<_id> (retrieve).
//
// Two documented body shapes (README, "How we read the documents"), chosen per request:
//   file: success {success: true, data}      error {error: <text>, message: <CODE>}
//   docs: success {id, data, signature}      error {message: <text>, code: <Code>}
// In the docs shape `id` is a short id of the *response*, and `date_of_birth`
// is printed as "YYYY-MM-DD"; the file shape keeps {year, month, day}.

import { createHash, randomInt } from 'node:crypto';
import { imageProblem, isNonBlank, isPlainObject, parseIsoDate, Problems } from './rules.mjs';
import { nowIso, objectId } from './state.mjs';
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
  notFound: { status: 404, code: 'NotFound', docsMessage: 'person_not_found', file: 'PERSON_NOT_FOUND', text: 'Person not found' },
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
const keyOf = (p) => `${p.name.trim().toLowerCase()}\u0000${JSON.stringify(p.date_of_birth ?? null)}`;

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

const RESPONSE_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const recentIds = new Set();

/** A short response id like "GGQX1": 5 uppercase alphanumerics, never one of the last 1000. */
function responseId() {
  let id;
  do id = Array.from({ length: 5 }, () => RESPONSE_ID_CHARS[randomInt(RESPONSE_ID_CHARS.length)]).join('');
  while (recentIds.has(id));
  recentIds.add(id);
  if (recentIds.size > 1000) recentIds.delete(recentIds.values().next().value);
  return id;
}

const pad = (n, width) => String(n).padStart(width, '0');

/** A stored person as this shape shows it: the docs print date_of_birth as a string. */
function present(person, shape) {
  const copy = structuredClone(person);
  const d = copy.date_of_birth;
  if (shape === 'docs' && d) copy.date_of_birth = `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
  return copy;
}

/** A 200 answer in the chosen shape around `data` (plus `extra`, e.g. pagination). */
function success(data, shape, extra = {}) {
  const body =
    shape === 'docs'
      ? { id: responseId(), data, ...extra, signature: { dateTime: new Date().toUTCString(), message: 'Certified by Verifik.co' } }
      : { success: true, data, ...extra };
  return { status: 200, body };
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
  const key = keyOf(person);
  const same = state.index.verifik.get(key) ?? [];
  const existing = same.find((p) => collectionsOf(p).some((c) => wanted.has(c)));
  if (existing) return error('alreadySet', shape, undefined, present(existing, shape));

  state.verifik.push(person);
  state.index.verifik.set(key, [...same, person]);
  return { ...success(present(person, shape), shape), created: true };
}

/** A query parameter as an integer in [min, max], its default when absent, or NaN. */
function intParam(params, name, fallback, min, max) {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return NaN;
  const n = Number(raw);
  return n >= min && n <= max ? n : NaN;
}

/**
 * GET /v2/face-recognition/persons?page=&limit=&collection=&status= (List persons).
 * `page` is 1-based (default 1), `limit` 1–100 (default 20). `collection` keeps
 * the persons created with that value in `collections`; `status` their status.
 */
export function listVerifik(ctx) {
  const { headers, config, state, shape, url } = ctx;
  const authError = checkAuth(headers, config);
  if (authError) return error(authError, shape);

  const params = url.searchParams;
  const page = intParam(params, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const limit = intParam(params, 'limit', 20, 1, 100);
  if (Number.isNaN(page)) return error('invalidParameter', shape, 'page must be a positive integer');
  if (Number.isNaN(limit)) return error('invalidParameter', shape, 'limit must be an integer from 1 to 100');
  const collection = params.get('collection');
  const status = params.get('status');
  const matches = state.verifik.filter(
    (p) => (collection === null || p.collections.includes(collection)) && (status === null || p.status === status),
  );
  const rows = matches.slice((page - 1) * limit, page * limit).map((p) => present(p, shape));
  const pagination = { page, limit, total: matches.length, pages: Math.ceil(matches.length / limit) };
  return success(rows, shape, { pagination });
}

/** GET /v2/face-recognition/persons/<_id> (Retrieve a person): the person, or 404. */
export function retrieveVerifik(ctx) {
  const { headers, config, state, shape, params } = ctx;
  const authError = checkAuth(headers, config);
  if (authError) return error(authError, shape);
  const person = state.verifik.find((p) => p._id === params.id);
  if (!person) return error('notFound', shape);
  return success(present(person, shape), shape);
}
