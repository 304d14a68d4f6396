// Verifik create-person body: personkit's rules as zod 4, valibot and ajv
// schemas, and the payloads the benchmark validates.
import * as z from 'zod';
import * as v from 'valibot';
import {
  COUNTRY_CODES, TODAY, isPastDate, nonBlank, NO_CONTROL, JPEG_OR_PNG, fakeJpeg, toBase64,
} from './common.mjs';

export const zod = z.strictObject({
  name: z.string().refine(nonBlank, 'name is required').regex(NO_CONTROL),
  images: z.array(z.base64().regex(JPEG_OR_PNG, 'must be a JPEG or PNG')).min(1).max(3),
  gender: z.enum(['M', 'F']).optional(),
  date_of_birth: z.iso.date().refine((s) => s <= TODAY, 'must not be in the future').optional(),
  nationality: z.enum(COUNTRY_CODES).optional(),
  collections: z.array(z.string().refine(nonBlank, 'must not be empty')).optional(),
  notes: z.string().optional(),
});

export const valibot = v.strictObject({
  name: v.pipe(v.string(), v.check(nonBlank, 'name is required'), v.regex(NO_CONTROL)),
  images: v.pipe(
    v.array(v.pipe(v.string(), v.base64(), v.regex(JPEG_OR_PNG, 'must be a JPEG or PNG'))),
    v.minLength(1),
    v.maxLength(3),
  ),
  gender: v.optional(v.picklist(['M', 'F'])),
  date_of_birth: v.optional(v.pipe(v.string(), v.isoDate(), v.check(isPastDate, 'not a real past date'))),
  nationality: v.optional(v.picklist(COUNTRY_CODES)),
  collections: v.optional(v.array(v.pipe(v.string(), v.check(nonBlank, 'must not be empty')))),
  notes: v.optional(v.string()),
});

/** JSON Schema for ajv (formats registered by common.mjs `makeAjv`). */
export const jsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'images'],
  properties: {
    name: { type: 'string', pattern: '^[^\\p{Cc}]*\\S[^\\p{Cc}]*$' },
    images: {
      type: 'array', minItems: 1, maxItems: 3,
      items: { type: 'string', format: 'byte', pattern: JPEG_OR_PNG.source },
    },
    gender: { enum: ['M', 'F'] },
    date_of_birth: { type: 'string', format: 'past-date' },
    nationality: { enum: COUNTRY_CODES },
    collections: { type: 'array', items: { type: 'string', pattern: '\\S' } },
    notes: { type: 'string' },
  },
};

/** A realistic ~2 KB body: one 1.5 KB JPEG (2 KB of base64) and every optional field. */
export const image = toBase64(fakeJpeg(1536, 7));
export const valid = {
  name: 'Ñañez Quispe, María',
  images: [image],
  gender: 'F',
  date_of_birth: '1990-02-28',
  nationality: 'PE',
  collections: ['c-8f2b', 'staff'],
  notes: 'front desk',
};
/** Seven broken rules: no name, a data: URL image, gender, a 30 February,
 * a lowercase country, an empty collection, an unknown field. */
export const invalid = {
  images: [`data:image/jpeg;base64,${image}`],
  gender: 'male',
  date_of_birth: '1990-02-30',
  nationality: 'pe',
  collections: [''],
  dateOfBirth: '1990-02-28',
};
if (!isPastDate(valid.date_of_birth)) throw new Error('valid date');
