// The form → neutral person, and its check with the same table the server
// uses (personkit's toProviderPayloads). Pure: no DOM, no wasm import (the
// function is passed in), so it also runs under Node. The form has no
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
  put(person, 'dateOfBirth', text(form.dob));
  put(person, 'gender', text(form.gender));
  put(person, 'nationality', text(form.nationality));
  put(person, 'identityNumber', text(form.identityNumber));
  const photos = (form.photos ?? []).map((p) => (use === 'send' ? p.file ?? p.base64 : p.base64));
  if (photos.length > 0) person.photos = photos;
  return person;
}

/** Which control shows an error on a neutral field (`photos[1]` → photos). */
const CONTROLS = {
  firstName: 'firstName', lastName: 'lastName', email: 'email', phone: 'phone', dateOfBirth: 'dob',
  gender: 'gender', nationality: 'nationality', identityNumber: 'identityNumber', photos: 'photos',
};

/** The form control for a neutral field, or null when it has none. */
export function controlFor(field) {
  return CONTROLS[String(field ?? '').split(/[[.]/)[0]] ?? null;
}

/**
 * Checks the person for the chosen providers. The messages are personkit's,
 * in the page's language (no wording of ours): they name the field as the
 * form labels it, and a photo's says which photo.
 * @param form the page's values (see readForm in app.js)
 * @param toProviderPayloads personkit's function
 * @param locale 'es' or 'en'
 * @param noSystem the page's own text when no system is chosen
 * @returns `{ chosen, errors }`: `errors` maps a control id to `[{ message, providers }]`
 */
export function validateForm(form, toProviderPayloads, locale = 'es', noSystem = 'Elige al menos un sistema') {
  const byControl = new Map();
  const note = (control, message, provider) => {
    const list = byControl.get(control) ?? [];
    const same = list.find((e) => e.message === message);
    if (same) { if (!same.providers.includes(provider)) same.providers.push(provider); } else list.push({ message, providers: [provider] });
    byControl.set(control, list);
  };
  const chosen = PROVIDERS.filter((p) => form.providers?.[p.key]).map((p) => p.key);
  if (chosen.length === 0) note('providers', noSystem, 'page');
  else {
    const result = toProviderPayloads(toPerson(form), Object.fromEntries(chosen.map((k) => [k, true])), { locale });
    if (!result.ok) {
      for (const e of result.errors) note(controlFor(e.field) ?? 'form', e.message, e.provider ?? 'page');
    }
  }
  return { chosen, errors: byControl };
}

/** One line per problem, naming the systems that raised it when not all did. */
export function describeErrors(list, chosenCount) {
  const label = (k) => PROVIDERS.find((p) => p.key === k)?.label ?? k;
  return list.map(({ message, providers }) => (
    chosenCount > 1 && providers[0] !== 'page' && providers.length < chosenCount
      ? `${message} (${providers.map(label).join(', ')})`
      : message));
}
