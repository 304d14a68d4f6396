// Equals Money create-person body: personkit's rules as zod 4, valibot and
// ajv schemas, and the payloads the benchmark validates.
import * as z from 'zod';
import * as v from 'valibot';
import {
  COUNTRY_CODES, TODAY, isPastDate, nonBlank, NO_CONTROL, PHONE, UUID, ROLES,
} from './common.mjs';

const zName = z.string().refine(nonBlank, 'must not be empty').max(256).regex(NO_CONTROL);
const zDate = z.iso.date().refine((s) => s <= TODAY, 'must not be in the future');
export const zod = z.strictObject({
  accountId: z.string().refine(nonBlank, 'must not be empty').max(36),
  firstName: zName,
  lastName: zName,
  roleName: z.enum(ROLES),
  dob: zDate.nullable().optional(),
  emailAddress: z.email().max(256),
  primaryMobileNumber: z.string().max(50).regex(PHONE).nullable().optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  employeeNumber: z.string().max(256).optional(),
  jobTitle: z.string().max(256).nullable().optional(),
  notifyEmailTrans: z.boolean().optional(),
  createdByPersonaId: z.guid().optional(),
  addToUserPool: z.boolean().optional(),
  sendInvite: z.boolean().optional(),
  emailTheme: z.enum(['em-light', 'em-dark']).optional(),
  nationalities: z.array(z.enum(COUNTRY_CODES)).optional(),
  sessionId: z.string().optional(),
  mfaCode: z.string().optional(),
  customerIp: z.union([z.ipv4(), z.ipv6()]).optional(),
});

const vName = v.pipe(v.string(), v.check(nonBlank, 'must not be empty'), v.maxLength(256), v.regex(NO_CONTROL));
export const valibot = v.strictObject({
  accountId: v.pipe(v.string(), v.check(nonBlank, 'must not be empty'), v.maxLength(36)),
  firstName: vName,
  lastName: vName,
  roleName: v.picklist(ROLES),
  dob: v.optional(v.nullable(v.pipe(v.string(), v.isoDate(), v.check(isPastDate, 'not a real past date')))),
  emailAddress: v.pipe(v.string(), v.email(), v.maxLength(256)),
  primaryMobileNumber: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(50), v.regex(PHONE)))),
  status: v.optional(v.picklist(['active', 'deactivated'])),
  employeeNumber: v.optional(v.pipe(v.string(), v.maxLength(256))),
  jobTitle: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(256)))),
  notifyEmailTrans: v.optional(v.boolean()),
  createdByPersonaId: v.optional(v.pipe(v.string(), v.uuid())),
  addToUserPool: v.optional(v.boolean()),
  sendInvite: v.optional(v.boolean()),
  emailTheme: v.optional(v.picklist(['em-light', 'em-dark'])),
  nationalities: v.optional(v.array(v.picklist(COUNTRY_CODES))),
  sessionId: v.optional(v.string()),
  mfaCode: v.optional(v.string()),
  customerIp: v.optional(v.pipe(v.string(), v.ip())),
});

const name = { type: 'string', maxLength: 256, pattern: '^[^\\p{Cc}]*\\S[^\\p{Cc}]*$' };
export const jsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'firstName', 'lastName', 'roleName', 'emailAddress'],
  properties: {
    accountId: { type: 'string', maxLength: 36, pattern: '\\S' },
    firstName: name,
    lastName: name,
    roleName: { enum: ROLES },
    dob: { type: ['string', 'null'], format: 'past-date' },
    emailAddress: { type: 'string', maxLength: 256, format: 'email' },
    primaryMobileNumber: { type: ['string', 'null'], maxLength: 50, pattern: PHONE.source },
    status: { enum: ['active', 'deactivated'] },
    employeeNumber: { type: 'string', maxLength: 256 },
    jobTitle: { type: ['string', 'null'], maxLength: 256 },
    notifyEmailTrans: { type: 'boolean' },
    createdByPersonaId: { type: 'string', pattern: UUID.source },
    addToUserPool: { type: 'boolean' },
    sendInvite: { type: 'boolean' },
    emailTheme: { enum: ['em-light', 'em-dark'] },
    nationalities: { type: 'array', items: { enum: COUNTRY_CODES } },
    sessionId: { type: 'string' },
    mfaCode: { type: 'string' },
    customerIp: { type: 'string', format: 'ip' },
  },
};

/** The document's sample, with its missing comma repaired (≈ 280 B of JSON). */
export const valid = {
  accountId: 'F12345',
  firstName: 'Alison',
  lastName: 'Abraham',
  roleName: 'Viewer',
  dob: '1990-01-15',
  emailAddress: 'a.abraham@acme.com',
  primaryMobileNumber: '+447798121212',
  status: 'active',
  employeeNumber: '948',
  jobTitle: 'Accountant',
  notifyEmailTrans: true,
  createdByPersonaId: '288cf796-c1ad-4ffd-9eb9-af210bff0ea0',
  addToUserPool: true,
  sendInvite: false,
};
/** Seven broken rules: accountId too long, empty first name, a tab in the
 * last name, a lowercase role, `email` for `emailAddress` (unknown + missing),
 * a future date of birth. */
export const invalid = {
  accountId: 'F12345-F12345-F12345-F12345-F12345-F12345',
  firstName: ' ',
  lastName: 'Abra\tham',
  roleName: 'viewer',
  dob: '2999-01-15',
  email: 'a.abraham@acme.com',
  status: 'active',
};
if (!isPastDate(valid.dob)) throw new Error('valid date');
