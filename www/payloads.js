// The form → provider payload mapping, shared by live validation and submit so
// the page checks exactly the body it will send. Pure: no DOM, no wasm import
// (personkit is passed in), so it also runs under Node. Values go as the form
// gives them: personkit leaves empty boxes out, trims names, emails and
// identifiers and upper-cases country codes, and writes the messages in the
// page's language.

/** The three systems, in the order the page shows them. */
export const PROVIDERS = [
  { key: 'verifik', label: 'Verifik', route: '/api/verifik/persons' },
  { key: 'equals', label: 'Equals Money', route: '/api/equals/people' },
  { key: 'horus', label: 'Horus', route: '/api/horus/persons' },
];

// Horus wants clientId/clientSecret in the body, but only the backend holds
// them: the page validates with stand-ins and never shows errors about them.
const HORUS_CREDENTIALS = { clientId: 'held-by-server', clientSecret: 'held-by-server' };
const SERVER_ONLY = new Set(Object.keys(HORUS_CREDENTIALS));

const text = (v) => (typeof v === 'string' ? v : '');
/** Adds `key: value` unless the value is missing (an empty box is sent as '': personkit leaves it out). */
const put = (obj, key, value) => {
  if (value !== undefined && value !== null) obj[key] = value;
  return obj;
};
/** Number inputs: an integer when the box holds one, else the raw text so the validator names the problem. */
const int = (v) => {
  const s = text(v).trim();
  if (s === '') return undefined;
  return /^-?\d+$/.test(s) ? Number(s) : s;
};

export function toVerifik(form) {
  const body = {
    name: [text(form.firstName).trim(), text(form.lastName).trim()].filter(Boolean).join(' '),
    images: (form.photos ?? []).map((p) => p.base64),
  };
  put(body, 'gender', text(form.gender));
  put(body, 'date_of_birth', text(form.dob));
  put(body, 'nationality', text(form.nationality));
  const collection = text(form.verifikCollection);
  if (collection.trim()) body.collections = [collection];
  return body;
}

export function toEquals(form) {
  const body = {
    accountId: text(form.equalsAccountId),
    firstName: text(form.firstName),
    lastName: text(form.lastName),
    roleName: text(form.equalsRole),
    emailAddress: text(form.email),
  };
  put(body, 'dob', text(form.dob));
  put(body, 'primaryMobileNumber', text(form.phone).replace(/[\s()-]/g, ''));
  const nationality = text(form.nationality);
  if (nationality.trim()) body.nationalities = [nationality];
  return body;
}

/** The Horus body as the page sends it: without credentials (the backend adds them). */
export function toHorus(form) {
  const body = {
    mainIdentifier: text(form.identityNumber),
    firstName: text(form.firstName),
    lastName: text(form.lastName),
    email: text(form.email),
  };
  put(body, 'categoryId', int(form.horusCategory));
  put(body, 'positionId', int(form.horusPosition));
  body.enabled = 1;
  return body;
}

const BUILDERS = { verifik: toVerifik, equals: toEquals, horus: toHorus };

// Which form control shows an error about a provider field. A field path like
// `images[1]` or `collections[0]` is matched by its name before the index.
const CONTROLS = {
  verifik: { name: 'firstName', images: 'photos', gender: 'gender', date_of_birth: 'dob', nationality: 'nationality', collections: 'verifikCollection' },
  equals: {
    accountId: 'equalsAccountId', firstName: 'firstName', lastName: 'lastName', roleName: 'equalsRole',
    emailAddress: 'email', dob: 'dob', primaryMobileNumber: 'phone', nationalities: 'nationality',
  },
  horus: {
    mainIdentifier: 'identityNumber', firstName: 'firstName', lastName: 'lastName', email: 'email',
    categoryId: 'horusCategory', positionId: 'horusPosition',
  },
};

/** The form control for a provider's error field, or null when it has none. */
export function controlFor(provider, field) {
  const name = String(field ?? '').split(/[[.]/)[0];
  return CONTROLS[provider]?.[name] ?? null;
}

/**
 * Validates the chosen providers' payloads, in the page's language.
 * @param form the page's values (see readForm in app.js)
 * @param personkit `{ validateVerifikPerson, validateEqualsPerson, validateHorusPerson, errorsByField }`
 * @param locale 'es' or 'en': personkit writes the messages (no wording of ours)
 * @param noSystem the page's own text when no system is chosen
 * @returns `{ payloads, errors }`: `payloads[provider]` is the body to send when
 *   it is valid; `errors` maps a control id to `[{ message, providers }]`.
 */
export function validateForm(form, personkit, locale, noSystem) {
  const validators = { verifik: personkit.validateVerifikPerson, equals: personkit.validateEqualsPerson, horus: personkit.validateHorusPerson };
  const payloads = {};
  const byControl = new Map();
  const note = (control, message, provider) => {
    const list = byControl.get(control) ?? [];
    const same = list.find((e) => e.message === message);
    if (same) same.providers.push(provider);
    else list.push({ message, providers: [provider] });
    byControl.set(control, list);
  };
  const chosen = PROVIDERS.filter((p) => form.providers?.[p.key]);
  if (chosen.length === 0) note('providers', noSystem, 'page');
  for (const { key } of chosen) {
    const body = BUILDERS[key](form);
    const input = key === 'horus' ? { ...body, ...HORUS_CREDENTIALS } : body;
    const result = validators[key](input, { locale });
    if (result.ok) {
      const value = { ...result.value };
      if (key === 'horus') for (const k of SERVER_ONLY) delete value[k];
      payloads[key] = value;
      continue;
    }
    const byField = personkit.errorsByField(result);
    const shown = Object.keys(byField).filter((field) => !(key === 'horus' && SERVER_ONLY.has(field.split(/[[.]/)[0])));
    // Only credential complaints: the body itself is fine, the backend fixes those.
    if (shown.length === 0) payloads[key] = body;
    for (const field of shown) {
      for (const message of byField[field]) note(controlFor(key, field) ?? 'form', message, key);
    }
  }
  return { payloads, errors: byControl };
}

/** One line per problem, naming the systems that raised it when not all did. */
export function describeErrors(list, chosenCount) {
  const label = (k) => PROVIDERS.find((p) => p.key === k)?.label ?? k;
  return list.map(({ message, providers }) => (
    chosenCount > 1 && providers[0] !== 'page' && providers.length < chosenCount
      ? `${message} (${providers.map(label).join(', ')})`
      : message));
}
