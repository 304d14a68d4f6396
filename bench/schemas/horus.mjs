// Horus create-person body: personkit's rules as zod 4, valibot and ajv
// schemas, and the payloads the benchmark validates.
import * as z from 'zod';
import * as v from 'valibot';
import { nonBlank, NO_CONTROL, MAX_ID, isJsonObjectString } from './common.mjs';

const zText = z.string().refine(nonBlank, 'must not be empty');
const zName = zText.regex(NO_CONTROL);
const zId = z.int().min(1).max(MAX_ID);
export const zod = z.strictObject({
  clientId: zText,
  clientSecret: zText,
  mainIdentifier: zText,
  externalId: z.string().optional(),
  firstName: zName,
  additionalFirstName: z.string().regex(NO_CONTROL).optional(),
  lastName: zName,
  additionalLastName: z.string().regex(NO_CONTROL).optional(),
  email: z.email(),
  password: z.string().optional(),
  enabled: z.literal([0, 1]).optional(),
  custom: z.string().refine(isJsonObjectString, 'must hold a JSON object').optional(),
  categoryId: zId,
  positionId: zId,
});

const vText = v.pipe(v.string(), v.check(nonBlank, 'must not be empty'));
const vName = v.pipe(v.string(), v.check(nonBlank, 'must not be empty'), v.regex(NO_CONTROL));
const vId = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ID));
export const valibot = v.strictObject({
  clientId: vText,
  clientSecret: vText,
  mainIdentifier: vText,
  externalId: v.optional(v.string()),
  firstName: vName,
  additionalFirstName: v.optional(v.pipe(v.string(), v.regex(NO_CONTROL))),
  lastName: vName,
  additionalLastName: v.optional(v.pipe(v.string(), v.regex(NO_CONTROL))),
  email: v.pipe(v.string(), v.email()),
  password: v.optional(v.string()),
  enabled: v.optional(v.picklist([0, 1])),
  custom: v.optional(v.pipe(v.string(), v.check(isJsonObjectString, 'must hold a JSON object'))),
  categoryId: vId,
  positionId: vId,
});

const text = { type: 'string', pattern: '\\S' };
const name = { type: 'string', pattern: '^[^\\p{Cc}]*\\S[^\\p{Cc}]*$' };
const id = { type: 'integer', minimum: 1, maximum: MAX_ID };
export const jsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'clientSecret', 'mainIdentifier', 'firstName', 'lastName', 'email', 'categoryId', 'positionId'],
  properties: {
    clientId: text,
    clientSecret: text,
    mainIdentifier: text,
    externalId: { type: 'string' },
    firstName: name,
    additionalFirstName: { type: 'string', pattern: '^[^\\p{Cc}]*$' },
    lastName: name,
    additionalLastName: { type: 'string', pattern: '^[^\\p{Cc}]*$' },
    email: { type: 'string', format: 'email' },
    password: { type: 'string' },
    enabled: { enum: [0, 1] },
    custom: { type: 'string', format: 'json-object' },
    categoryId: id,
    positionId: id,
  },
};

/** The document's sample with `externaId` corrected to `externalId`. */
export const valid = {
  clientId: 'bb145d5f-5a3e-4c1f-9a7b-0d2c3e4f5a6b',
  clientSecret: 'bb145d5fxyz-secret-0123456789',
  mainIdentifier: '44512345',
  externalId: '92dd9aa0',
  firstName: 'Jane',
  additionalFirstName: 'María',
  lastName: 'Ñañez',
  additionalLastName: 'Quispe',
  email: 'jane@828fligth.com',
  password: '',
  enabled: 1,
  custom: '{"key":"value"}',
  categoryId: 1,
  positionId: 1,
};
/** Seven broken rules: the sample's `externaId` (unknown field), an empty
 * secret, a bad email, `enabled: true`, custom not JSON, categoryId 0,
 * positionId as a string. */
export const invalid = {
  clientId: 'bb145d5f-5a3e-4c1f-9a7b-0d2c3e4f5a6b',
  clientSecret: '',
  mainIdentifier: '44512345',
  externaId: '92dd9aa0',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@828fligth',
  password: '',
  enabled: true,
  custom: '{key:value}',
  categoryId: 0,
  positionId: '1',
};
