// The form → neutral person, and its check with the same table the server
// uses (personkit's toProviderPayloads). Pure: no DOM, no wasm import
// (personkit's functions are passed in), so it also runs under Node. The form has no
// server-owned field: the account, role, category and collection are the
// server's (www/enrol-route.mjs).

/** The three systems, in the order the page shows them. */
export const PROVIDERS = [
  { key: 'verifik', label: 'Verifik' },
  { key: 'equals', label: 'Equals Money' },
  { key: 'horus', label: 'Horus' },
];

const text = (v) => (typeof v === 'string' ? v.trim() : '');
/** Adds `key: value` only when the value is set, so optional fields stay absent. */
const put = (obj, key, value) => {
  if (value !== '' && value !== undefined && value !== null) obj[key] = value;
  return obj;
};

/**
 * The neutral person the page sends. `photos` are the picker's entries:
 * `{ file, base64 }`; `use: 'send'` gives the Files (multipart, as they
 * are), `use: 'check'` their raw base64 (what the server will encode them to).
 */
export function toPerson(form, use = 'check') {
  const person = { firstName: text(form.firstName), lastName: text(form.lastName), email: text(form.email) };
  put(person, 'phone', text(form.phone).replace(/[\s()-]/g, ''));
  put(person, 'dateOfBirth', text(form.dateOfBirth));
  put(person, 'gender', text(form.gender));
  put(person, 'nationality', text(form.nationality));
  // A DNI pasted as "45 879 632" is the number 45879632 (Horus matches it as written).
  put(person, 'identityNumber', text(form.identityNumber).replace(/\s/g, ''));
  const photos = (form.photos ?? []).map((p) => (use === 'send' ? p.file ?? p.base64 : p.base64));
  if (photos.length > 0) person.photos = photos;
  return person;
}

/** The form's controls, by their neutral field. */
const CONTROLS = ['firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'gender', 'nationality', 'identityNumber', 'photos'];

/**
 * Checks the person for the chosen providers. The messages are personkit's,
 * in the page's language, grouped by personkit's `errorsByField` (one text
 * once, however many systems raised it). The form's controls are named by
 * the neutral fields, so a field's errors land on its control as they are;
 * a photo's (`photos[1]`) on the photos control, and says which photo.
 * @param form the page's values (see readForm in app.js)
 * @param personkit `{ toProviderPayloads, errorsByField }`
 * @param locale 'es' or 'en'
 * @param noSystem the page's own text when no system is chosen
 * @param messages personkit's `messages` option, if any (the page's name for the identity document)
 * @returns `{ chosen, errors }`: `errors` maps a control id (or `form` for a field no control has) to its messages
 */
export function validateForm(form, { toProviderPayloads, errorsByField }, locale = 'es', noSystem = 'Elige al menos un sistema', messages = undefined) {
  const errors = new Map();
  const chosen = PROVIDERS.filter((p) => form.providers?.[p.key]).map((p) => p.key);
  if (chosen.length === 0) {
    errors.set('providers', [noSystem]);
    return { chosen, errors };
  }
  const result = toProviderPayloads(toPerson(form), Object.fromEntries(chosen.map((k) => [k, true])), { locale, ...(messages && { messages }) });
  return { chosen, errors: byControl(errorsByField(result), errors) };
}

/** `errorsByField`'s map, put on the controls: a field's errors on its control, a photo's on photos, the rest on `form`. */
function byControl(fields, errors = new Map()) {
  for (const [field, messages] of Object.entries(fields)) {
    const base = field.replace(/\[\d+\]$/, '');
    const control = CONTROLS.includes(base) ? base : 'form';
    errors.set(control, [...new Set([...(errors.get(control) ?? []), ...messages])]);
  }
  return errors;
}

/**
 * The server's own field errors, on the controls as validateForm puts the
 * page's: enrol()'s VALIDATION_FAILED from the server's 422 (rules the page
 * could not check, such as the server's own fields) and FIELD_NOT_ALLOWED's
 * 400, in the server's words (in the page's language: enrol() asks for it).
 * @param err what enrol() rejected with
 * @param personkit `{ errorsByField }`
 * @returns a Map from a control id (or `form`) to its messages; empty when the refusal names no field
 */
export function errorsFromServer(err, { errorsByField }) {
  const list = (Array.isArray(err?.errors) ? err.errors : [])
    .filter((e) => typeof e?.field === 'string' && typeof e?.message === 'string');
  // A refusal that names one field without a list of errors: its own words there.
  if (list.length === 0 && typeof err?.field === 'string' && err.field !== '' && typeof err?.message === 'string') list.push({ field: err.field, message: err.message });
  return byControl(errorsByField({ ok: false, errors: list }));
}
