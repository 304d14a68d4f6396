// Messages for people, applied at the edge (wasm-bindgen snippet: only
// `export function`, no imports; Rust hands the tables in once, see
// src/wasm/messages.rs). The rules keep their codes and field paths and
// write a technical English text; a rejected payload's texts are replaced
// here from the catalogue of the chosen locale (es.js, en.js), the
// documented limits (limits.js) and the caller's own `messages`. Accepted
// payloads never come here, so only rejected ones pay.

let tables = null; // { en, es, limits }
let current = 'en';
const NAMES = { verifik: 'Verifik', equals: 'Equals Money', horus: 'Horus' };
/** Rust names the provider by its index here (no string crosses for it). */
const PROVIDERS = ['verifik', 'equals', 'horus', 'image', 'person'];

/** Called once by Rust with the two catalogues and the limits table. */
export function installMessages(en, es, limits, codes) {
  tables = { en, es, limits };
  // Which codes' texts for people are made from the rule's own English text
  // (one bit per index of `codes`, under 2 ** 53): only those errors need it
  // from Rust when no `messages` may read it.
  let reads = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (READS_DETAIL.has(c) || en.rules[c] === undefined || es.rules[c] === undefined) reads += 2 ** i;
  }
  return reads;
}

/** Whether a call's `messages` may read every error's `detail` (read as `readOptions` does). */
export function everyDetail(options) {
  try {
    const m = options.messages;
    return typeof m === 'function' || (typeof m === 'object' && m !== null);
  } catch {
    return false; // a throwing getter counts as not set
  }
}

/** 'es' or 'en' for a BCP 47 tag whose language is one of them (`es-PE`, `EN_us`), else null. */
export function pickLocale(tag) {
  if (typeof tag !== 'string') return null;
  const lang = tag.slice(0, 3).toLowerCase().replace(/[-_].*$/, '');
  return lang === 'es' || lang === 'en' ? lang : null;
}

/** Sets the default locale; false when the tag is neither Spanish nor English. */
export function setLocaleTo(tag) {
  const l = pickLocale(tag);
  if (l === null) return false;
  current = l;
  return true;
}

/** The default locale now. */
export function currentLocale() {
  return current;
}

/** A neutral person's `extras.<provider>.<field>`: [, provider, field]. */
const EXTRA = /^extras\.(verifik|equals|horus)\.(.+)$/;

/** The catalogue's label of `field` for `provider`, or undefined (never a wire name). */
function label(cat, provider, field) {
  // A neutral person's `extras.equals.jobTitle` is Equals's job title.
  const extra = EXTRA.exec(field);
  if (extra !== null) return label(cat, extra[1], extra[2]);
  const table = cat.labels[provider];
  if (table === undefined) return undefined;
  if (Object.hasOwn(table, field)) return table[field];
  // A server-owned field the person sent (`accountId`) is labelled as the server's own.
  if (provider === 'person' && Object.hasOwn(table, `server.${field}`)) return table[`server.${field}`];
  const item = /^(.*)\[(\d+)\]$/.exec(field);
  if (item === null) return undefined;
  const each = table[`${item[1]}[]`];
  return each === undefined ? table[item[1]] : each.replace('{n}', String(Number(item[2]) + 1));
}

const capital = (t) => t.charAt(0).toUpperCase() + t.slice(1);

/** What a template agrees with: the label, capitalised, and the words that agree with it. */
function subject(locale, text) {
  if (locale === 'es') {
    const art = text.slice(0, text.indexOf(' '));
    const plural = art === 'los' || art === 'las';
    return {
      the: text, The: capital(text),
      o: art === 'la' ? 'a' : art === 'los' ? 'os' : art === 'las' ? 'as' : 'o',
      es: plural ? 'son' : 'es', puede: plural ? 'pueden' : 'puede', debe: plural ? 'deben' : 'debe',
      tiene: plural ? 'tienen' : 'tiene', pudo: plural ? 'pudieron' : 'pudo',
    };
  }
  const plural = /[^su]s$/.test(text);
  return { the: text, The: capital(text), is: plural ? 'are' : 'is', has: plural ? 'have' : 'has' };
}

/** `images[2]` → `images`: where limits and a field's own words are kept. */
const base = (field) => field.replace(/\[\d+\]$/, '');

/** The neutral person's fields under the provider's own name, as the limits table keeps them. */
const AS_PROVIDER_FIELD = { verifik: { photos: 'images' }, equals: { email: 'emailAddress', phone: 'primaryMobileNumber' } };

/** A neutral person's field (or `extras.<provider>.<field>`) as `provider` names it. */
function asProviderField(provider, name) {
  const extra = EXTRA.exec(name);
  if (extra !== null) return extra[1] === provider ? extra[2] : name;
  return AS_PROVIDER_FIELD[provider]?.[name] ?? name;
}

/**
 * The limit a code states for a field, from the documented table. A neutral
 * person's field (`provider` 'person') takes the limit of the provider whose
 * rule refused it (`target`, the error's own provider). IMAGE_TOO_LARGE's is
 * the one its `detail` states (encodeImage's `maxBytes` has no table):
 * megapixels for too many pixels, else megabytes.
 */
function limitOf(provider, field, code, target, detail) {
  if (code === 'IMAGE_TOO_LARGE') {
    // "the limit is 10 MiB", "… is 500 bytes (488.3 KiB)", "… is 50 megapixels"; megabytes to one decimal.
    const m = /limit is (?:\d+ bytes \()?([\d.]+) (\w)/.exec(detail);
    if (detail.includes('pixels')) return m?.[2] === 'm' ? +m[1] : 50;
    return m === null ? undefined : +(m[1] * 1024 ** ('KMG'.indexOf(m[2]) - 1)).toFixed(1);
  }
  let name = base(field);
  if (provider === 'person') {
    if (typeof target !== 'string') return undefined;
    name = asProviderField(target, name);
    provider = target;
  }
  const l = tables.limits[provider]?.[name];
  if (l === undefined) return undefined;
  if (code === 'TOO_LONG' || code === 'TOO_MANY') return l.max;
  if (code === 'TOO_FEW') return l.min;
  return undefined;
}

/** Codes whose text reads the rule's own (a hint, which date problem, which image problem). */
const READS_DETAIL = new Set(['NOT_ONE_OF', 'UNKNOWN_FIELD', 'INVALID_LOCALE', 'INVALID_DATE',
  'INVALID_IMAGE_FORMAT', 'IMAGE_TOO_LARGE', 'TOO_MANY', 'INVALID_TYPE', 'FIELD_NOT_ALLOWED',
  'INVALID_EMAIL', 'INVALID_COUNTRY', 'INVALID_BASE64', 'INVALID_CHARACTERS']);

/** The kind INVALID_TYPE's rule text asked for (src/validate/json.rs words it), as the catalogues name it. */
const EXPECTED = [[/ must be a string\b/, 'text'], [/ must be (?:a |the )?whole number\b/, 'number'],
  [/ must be true or false\b/, 'yesNo'], [/ must be an array\b/, 'list'], [/ must be an? (?:JSON )?object\b/, 'group']];

/**
 * The label of the documented name a hint suggests for `field`: looked up
 * where the field is (a neutral person's `extras.equals.jbTitle` is Equals'
 * `jobTitle`; `address.zip` suggests a member of `address`).
 */
function hintLabel(cat, provider, field, name) {
  const extra = EXTRA.exec(field);
  const where = extra === null ? provider : extra[1];
  const path = extra === null ? field : extra[2];
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
  return label(cat, where, name) ?? (parent === '' ? undefined : label(cat, where, parent + name));
}

/** The catalogue's text for one field error. */
function catalogueText(locale, provider, field, code, detail, target) {
  const cat = tables[locale];
  // A neutral person's field its table lacks takes the label of the provider field it fills.
  const named = label(cat, provider, field)
    ?? (provider === 'person' && typeof target === 'string' ? label(cat, target, asProviderField(target, field)) : undefined);
  const s = subject(locale, named ?? cat.labels.unknown);
  // The payload itself; `encodeImage`'s '' is the image, which has words of its own.
  s.root = field === '' && provider !== 'image';
  s.item = /\]$/.test(field);
  s.limit = limitOf(provider, field, code, target, detail);
  if (READS_DETAIL.has(code)) {
    const hint = /did you mean ([^?]+)\?/.exec(detail);
    if (hint !== null) {
      s.hint = hint[1];
      const named = hintLabel(cat, provider, field, hint[1]);
      if (named !== undefined) s.hintLabel = named;
    }
    s.future = detail.includes('future');
    // A date in the asked form that is not on the calendar (2023-02-29): not "use the form".
    s.notReal = detail.includes('not a real calendar date');
    // An email that looks right but holds a zero-width space or another format character.
    s.invisible = detail.includes('invisible');
    // "cut off" mid-data, "is truncated" before the frame header (src/image/dimensions.rs).
    s.cutOff = detail.includes('cut off') || detail.includes('is truncated');
    s.heic = detail.includes('HEIC');
    // A photo sent as a data URL (a canvas's toDataURL()) where raw base64 goes: the code sending it must change.
    s.dataUrl = /data: (url )?prefix/.test(detail);
    s.pixels = detail.includes('pixels');
    s.unread = detail.includes('could not be read');
    // Text that was not UTF-8 where it came from (src/person/mod.rs).
    s.undecoded = detail.includes('U+FFFD');
    // What a value of the wrong type should have been ("… must be a string, got a number").
    if (code === 'INVALID_TYPE') s.expected = EXPECTED.find(([words]) => words.test(detail))?.[1];
    // The list of errors itself is capped: "and 1400 more errors (only the first 100 are listed)".
    const more = /^and (\d+) more errors \(only the first (\d+)/.exec(detail);
    if (more !== null) s.moreErrors = { more: Number(more[1]), first: Number(more[2]) };
    // "extras.equals.dob comes from dateOfBirth: …": the person's own field fills it.
    const from = / comes from (\w+): /.exec(detail);
    if (from !== null) s.from = label(cat, 'person', from[1]);
  }
  // A field's own wording is for its rule ("not as a number"), not for a value that could not be read.
  // A neutral person's field takes the wording of the provider field it fills.
  const own = s.unread ? undefined : cat.fieldRules[`${provider}.${base(field)}`]?.[code]
    ?? (provider === 'person' && typeof target === 'string'
      ? cat.fieldRules[`${target}.${asProviderField(target, base(field))}`]?.[code] : undefined);
  // A field's own words may speak for some cases only (undefined: the rule's).
  const text = own?.(s) ?? cat.rules[code]?.(s);
  return text === undefined ? capital(detail) : text;
}

/** The caller's text for an issue, or undefined: `messages` is a function, or maps codes, fields, or fields to codes. */
function ownText(messages, issue) {
  try {
    return pickText(messages, issue);
  } catch {
    return undefined; // a getter or proxy trap of the caller's map that throws: personkit's text stays
  }
}

function pickText(messages, issue) {
  let pick;
  if (typeof messages === 'function') {
    pick = messages;
  } else {
    const byField = Object.hasOwn(messages, issue.field) ? messages[issue.field]
      : Object.hasOwn(messages, base(issue.field)) ? messages[base(issue.field)] : undefined;
    // A null entry (`{ ...defaults, email: cond ? text : null }`) is no entry: the code's is read.
    if (byField !== undefined && byField !== null && typeof byField === 'object') {
      if (Object.hasOwn(byField, issue.code)) pick = byField[issue.code];
    } else if (byField !== undefined && byField !== null) {
      pick = byField;
    }
    if (pick === undefined && Object.hasOwn(messages, issue.code)) pick = messages[issue.code];
  }
  // An empty text is no text: personkit's stays (a form never shows an empty error).
  if (typeof pick === 'string') return pick === '' ? undefined : pick;
  if (typeof pick !== 'function') return undefined;
  try {
    const out = pick(issue);
    return typeof out === 'string' && out !== '' ? out : undefined;
  } catch {
    return undefined; // a validator never throws, not even through the caller's function
  }
}

/**
 * Texts already made, per locale and provider: code → field → text, or
 * `[detail, text]` for the codes whose text reads the rule's own (kept while
 * the field's next error has the same detail). Codes and documented field
 * names are the engine's interned strings, whose hashes are kept, so a
 * repeated rejection costs two lookups per error; a detail, a fresh string
 * each time, is compared rather than hashed.
 */
const fresh = () => ({ en: PROVIDERS.map(() => new Map()), es: PROVIDERS.map(() => new Map()) });
let made = fresh();
let madeCount = 0;
const MADE_MAX = 4096;

/** One field error's text in `locale`, with the caller's `messages` first. */
function fieldText(locale, p, e, messages) {
  const provider = PROVIDERS[p];
  const detail = e.message;
  // A neutral person's error names the provider whose rule refused it: its
  // limit is that provider's, so the text is not kept per field alone.
  if (messages !== undefined || provider === 'person') {
    const target = provider === 'person' ? e.provider : undefined;
    const text = catalogueText(locale, provider, e.field, e.code, detail, target);
    if (messages === undefined) return text;
    const limit = limitOf(provider, e.field, e.code, target, detail);
    // The neutral person's own problems name no provider (as MessageIssue types it).
    const issue = { field: e.field, code: e.code, limit, provider: target ?? (provider === 'person' ? undefined : provider), locale, message: text, detail };
    return ownText(messages, issue) ?? text;
  }
  const byCode = made[locale][p];
  let byField = byCode.get(e.code);
  if (byField === undefined) byCode.set(e.code, (byField = new Map()));
  const kept = byField.get(e.field);
  if (typeof kept === 'string') return kept;
  if (kept !== undefined && kept[0] === detail) return kept[1];
  const text = catalogueText(locale, provider, e.field, e.code, detail);
  if (++madeCount > MADE_MAX) {
    madeCount = 0;
    made = fresh();
  }
  // A code with no rule of its own is worded from the detail as well.
  const reads = READS_DETAIL.has(e.code) || tables[locale].rules[e.code] === undefined;
  made[locale][p].get(e.code)?.set(e.field, reads ? [detail, text] : text);
  return text;
}

/** `{ locale, messages }` of an options object, read once: locale null when not set (or not es/en); a throwing getter counts as not set. */
function readOptions(options) {
  let locale = null;
  let messages;
  if (options !== undefined && options !== null && typeof options === 'object') {
    try {
      locale = pickLocale(options.locale);
      const m = options.messages;
      if (typeof m === 'function' || (typeof m === 'object' && m !== null)) messages = m;
    } catch {
      // the defaults
    }
  }
  return { locale, messages };
}

/** A validator's result with every error's text for people (changed in place); `p` indexes PROVIDERS. */
export function localizeResult(result, p, options) {
  // Never throws (Rust imports it without `catch`, which costs every call a
  // wrapper): whatever fails, the rule's own text stays.
  try {
    if (result.ok) return;
    let locale = current;
    let messages;
    if (options !== undefined) {
      const o = readOptions(options);
      locale = o.locale ?? current;
      messages = o.messages;
    }
    const errors = result.errors;
    for (let i = 0; i < errors.length; i++) {
      const e = errors[i];
      try {
        e.message = fieldText(locale, p, e, messages);
      } catch {
        // the next error still gets its words
      }
      // A rule whose text nobody was going to read came without it.
      if (e.message === '') e.message = e.code;
    }
  } catch {
    // the stack limit
  }
}

/**
 * A `PersonkitError`'s text for people in the given locale (else the
 * default): the first time, the technical English text is kept as `detail`
 * (for logs), and every later call starts again from it, so the error can be
 * put in a call's own locale once more.
 */
export function localizeError(err, locale, messages) {
  try {
    localizeErrorIn(err, locale, messages);
  } catch {
    // the error is thrown as it is rather than lost
  }
  return err;
}

/** An options error (a constructor's, validateField's) in the `locale` and `messages` of the options it is about. */
export function localizeForOptions(err, options) {
  try {
    const o = readOptions(options);
    if (o.locale !== null || o.messages !== undefined) localizeErrorIn(err, o.locale, o.messages);
  } catch {
    // the error is thrown as it is rather than lost
  }
  return err;
}

const LOCALIZED = Symbol.for('personkit.localized');

function localizeErrorIn(err, locale, messages) {
  if (err === null || typeof err !== 'object' || typeof err.code !== 'string') return;
  const l = pickLocale(locale) ?? current;
  const m = typeof messages === 'function' || (typeof messages === 'object' && messages !== null) ? messages : undefined;
  // The first time (a mark every copy of this module shares: the page and full builds each have one).
  if (!Object.hasOwn(err, LOCALIZED)) {
    Object.defineProperty(err, LOCALIZED, { value: true });
    if (typeof err.detail !== 'string') err.detail = err.message;
    for (const e of err.errors ?? []) if (typeof e.detail !== 'string') e.detail = e.message;
  }
  const provider = typeof err.provider === 'string' ? err.provider : 'image';
  const p = PROVIDERS.indexOf(provider) < 0 ? 3 : PROVIDERS.indexOf(provider);
  for (const e of err.errors ?? []) e.message = fieldText(l, p, { field: e.field, code: e.code, message: e.detail }, m);
  const cat = tables[l];
  const rule = cat.errors[err.code];
  let text;
  if (rule !== undefined) {
    const first = err.errors?.[0]?.message ?? '';
    text = rule({
      providerName: NAMES[err.provider],
      first: /^.[a-záéíóúñ]/.test(first) ? first.charAt(0).toLowerCase() + first.slice(1) : first,
      more: (err.errors?.length ?? 0) > 1 ? err.errors.length - 1 : 0,
      // A call on a client after its free(): the page's mistake, not the person's options.
      freed: err.code === 'INVALID_OPTIONS' && err.detail.includes('client was freed'),
      // Reloading is the person's remedy in a page; on a server the code that made the client makes another.
      page: typeof document !== 'undefined',
      // NETWORK after the request may have gone out (a browser's "Failed to fetch" cannot tell).
      maybeSent: err.code === 'NETWORK' && err.detail.includes('whether the request was sent'),
      // ABORTED while the create was in flight: the person may exist.
      afterSend: err.code === 'ABORTED' && err.detail.includes('after it was sent'),
      // OUTCOME_UNKNOWN: where to look (the account or collection the lookup asked), named in the detail.
      account: /on account (\S+) \(/.exec(err.detail)?.[1],
      collection: /in collection (\S+) before trying again/.exec(err.detail)?.[1],
    });
  } else {
    text = catalogueText(l, provider, typeof err.field === 'string' ? err.field : '', err.code, err.detail);
  }
  const issue = { field: err.field ?? '', code: err.code, limit: undefined, provider: err.provider, locale: l, message: text, detail: err.detail };
  err.message = (m === undefined ? undefined : ownText(m, issue)) ?? text;
}

/** A client call's promise, its rejection put in the call's locale (else the client's, else the default). */
export function localizedCall(promise, clientLocale, clientMessages, callOptions) {
  const call = readOptions(callOptions);
  const locale = call.locale ?? clientLocale;
  const messages = call.messages ?? clientMessages;
  return promise.catch((err) => {
    throw localizeError(err, locale, messages);
  });
}

/**
 * Steps 2 and 3 on an accepted result's value (a copy made by the walk): the
 * string at `field` (its item `item` when not -1, else its member `member`
 * when not '') becomes `text`, as Rust worked it out (`edits` in
 * src/validate/normalise.rs). `field` is a documented field, never `__proto__`.
 */
export function setText(result, field, item, member, text) {
  const v = result.value;
  if (item !== -1) v[field][item] = text;
  else if (member !== '' && text === '') v[field] = without(v[field], member); // step 1 inside an object of optional members
  else if (member !== '') v[field][member] = text;
  else if (text !== '') v[field] = text;
  else result.value = without(v, field); // a trimmed optional field left blank is not sent (step 1)
}

/** `v` without its member `field`, as a fresh object: `delete` would make it a slow dictionary-mode object. */
function without(v, field) {
  const out = {};
  for (const k of Object.keys(v)) if (k !== field) out[k] = v[k];
  return out;
}

/** `{ [field]: [text, …] }` of a result, an error list or a `PersonkitError`; `{}` when there are none. */
export function errorsByField(result) {
  const out = {};
  let errors = Array.isArray(result) ? result : result?.errors;
  // A PersonkitError with no field errors (encodeImage's INVALID_IMAGE_FORMAT,
  // a client's NETWORK) is one: its own words, at its field or the form's ("").
  if (!Array.isArray(result) && result instanceof Error && typeof result.code === 'string' && (errors === undefined || errors.length === 0)) errors = [result];
  if (!Array.isArray(errors)) return out;
  for (const e of errors) {
    // Not an error with words (null, a number, `{}`): nothing a form could show.
    if (e === null || typeof e !== 'object' || typeof e.message !== 'string' || e.message === '') continue;
    const field = typeof e.field === 'string' ? e.field : '';
    if (!Object.hasOwn(out, field)) Object.defineProperty(out, field, { value: [], writable: true, enumerable: true, configurable: true });
    // The same words twice (two providers refusing one email) are one line on a form.
    if (!out[field].includes(e.message)) out[field].push(e.message);
  }
  return out;
}

/**
 * `validateField`'s provider as an index of PROVIDERS (0 to 2, or 4 for the
 * neutral person); -1: not one, -2: `field` not a string, -3: the person's
 * `serverFields` option given but not an object.
 */
export function fieldProvider(provider, field, options) {
  const p = PROVIDERS.indexOf(provider); // strict equality: no proxy trap runs
  if (p < 0 || p === 3) return -1;
  if (typeof field !== 'string') return -2;
  if (p === 4 && personServerFields(options) === null) return -3;
  return p;
}

/** Every provider, their fields unknown: what a page checks a person against by default. */
const EVERY_PROVIDER = Object.freeze({ verifik: true, equals: true, horus: true });

/**
 * The `serverFields` of `validateField('person', …)`'s options (as
 * `toProviderPayloads` takes them), every provider when not given, null
 * when given but not an object. A throwing getter counts as not given, as
 * for `locale`.
 */
export function personServerFields(options) {
  let s;
  try {
    s = options?.serverFields;
  } catch {
    return EVERY_PROVIDER;
  }
  if (s === undefined || s === null) return EVERY_PROVIDER;
  return typeof s === 'object' && !Array.isArray(s) ? s : null;
}

/**
 * A payload valid in every field but `field`, which holds `value` (a data
 * property, even for "__proto__"): the whole-payload rules then speak only
 * of `field`, and an accepted result holds its value as it would be sent.
 * `p` indexes PROVIDERS; `image` is a whole 1x1 JPEG for Verifik's `images`
 * (the person's `photos`). A dotted `field` names a member of an object
 * (`address.city`), which then holds that member alone.
 */
export function fieldPayload(p, field, value, image) {
  const o = p === 0 ? { name: 'A', images: [image] }
    : p === 1 ? { accountId: 'A', firstName: 'A', lastName: 'A', roleName: 'Viewer', emailAddress: 'a@example.com' }
      : p === 2 ? { clientId: 'a', clientSecret: 'a', mainIdentifier: '1', firstName: 'A', lastName: 'A', email: 'a@example.com', categoryId: 1, positionId: 1 }
        : { firstName: 'A', lastName: 'A', email: 'a@example.com', identityNumber: '1', photos: [image] };
  // One item of a list (`images[1]`): valid stand-ins before it, as the whole check would see it.
  const item = itemOf(field);
  if (item !== null) {
    const stand = item.name === 'images' || item.name === 'photos' ? image : ITEM_STAND_INS[item.name];
    const list = Array.from({ length: item.index }, () => stand);
    list.push(value);
    delete o[item.name];
    return dataProperty(o, item.name, list);
  }
  const path = field.split('.');
  let inner = value;
  for (let i = path.length - 1; i > 0; i--) inner = dataProperty({}, path[i], inner);
  delete o[path[0]];
  return dataProperty(o, path[0], inner);
}

/** Valid items of the lists whose items `validateField` checks one at a time (the image ones take the stand-in image). */
const ITEM_STAND_INS = { collections: 'a', nationalities: 'PE' };

/** `{ name, index }` for `images[1]`, a top-level list field with a stand-in item; else null. */
function itemOf(field) {
  const m = /^(images|photos|collections|nationalities)\[(0|[1-9]\d{0,2})\]$/.exec(field); // images[01] is no item
  return m === null ? null : { name: m[1], index: Number(m[2]) };
}

function dataProperty(o, key, value) {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  return o;
}

/**
 * The one field's part of the result (`p`, `options`: the provider and the
 * call's options): its own errors, or its value as it would be sent
 * (undefined: left out).
 */
export function fieldResult(result, field, p, options) {
  // The stand-ins around the value always read: a payload that could not be
  // read (a BigInt, a lone surrogate, a cycle) is the value's own error.
  // (Not the error that closes a list cut at MAX_ERRORS, src/validate/collect.rs,
  // also on field "": "and N more errors" goes with the field's own.)
  const more = result.ok ? undefined : result.errors[100];
  const cut = more?.field === '' && more.code === 'TOO_MANY' ? more : undefined;
  const whole = result.ok ? undefined : result.errors.find((e) => e.field === '' && e !== cut);
  if (whole !== undefined) {
    const e = { ...whole, field };
    const { locale, messages } = readOptions(options);
    e.message = fieldText(locale ?? current, p, { field, code: e.code, message: 'the value could not be read' }, messages);
    return { ok: false, errors: [e] };
  }
  const item = itemOf(field);
  if (result.ok) {
    if (item !== null) return { ok: true, value: result.value[item.name]?.[item.index] };
    let v = result.value;
    for (const key of field.split('.')) v = v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? v[key] : undefined;
    return { ok: true, value: v };
  }
  // Its own errors, and those of an object it is in (`foo` unknown, for `foo.bar`);
  // for a list's item, also the list's own: it then has too many, or the
  // provider has no such list (`images[0]` for Equals).
  const own = result.errors.filter((e) => e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`)
    || field.startsWith(`${e.field}.`) || (item !== null && e.field === item.name));
  if (own.length === 0) return { ok: true, value: undefined };
  if (cut !== undefined) own.push(cut);
  return { ok: false, errors: own };
}
