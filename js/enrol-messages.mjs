// enrol()'s own messages, in Spanish and English, for the person at the
// keyboard: the same voice as the core's catalogue (src/wasm/messages/),
// which words the field errors of toProviderPayloads, but kept here because
// these problems happen in the page (a photo that is not one, a lost
// connection, an answer cut off) and the catalogue is not reachable from JS.
// The codes and `field` paths stay as they are; `detail` keeps the technical
// English text for logs; the caller's `messages` apply as the validators'.

/**
 * The largest photo once decoded: encodeImage's default `maxBytes` (10 MiB),
 * which enrol() encodes a File with, and Verifik's documented limit, as the
 * core states it to `messages` (a photo of too many pixels: 50, megapixels).
 */
const PHOTO_MEGABYTES = 10;

const photo = {
  en: {
    The: (n) => `Photo ${n}`,
    INVALID_IMAGE_FORMAT: (d) => (d.includes('cut off') ? 'arrived incomplete: upload it again'
      : d.includes('could not be read') ? 'could not be read: choose the file again'
      : `must be in JPEG or PNG format${d.includes('HEIC') ? ': convert iPhone HEIC photos to JPEG' : ''}`),
    IMAGE_TOO_LARGE: (d) => (d.includes('pixels') ? 'has too many pixels (at most 50 megapixels)' : `is too large (at most ${PHOTO_MEGABYTES} MB)`),
    IMAGE_EMPTY: () => 'is empty: choose another file',
    IMAGE_TOO_SMALL: () => 'has too low a resolution: use a larger photo',
    other: () => 'could not be read: choose another file',
  },
  es: {
    The: (n) => `La foto ${n}`,
    INVALID_IMAGE_FORMAT: (d) => (d.includes('cut off') ? 'llegó incompleta: vuelve a subirla'
      : d.includes('could not be read') ? 'no se pudo leer: vuelve a elegir el archivo'
      : `debe estar en formato JPEG o PNG${d.includes('HEIC') ? ': convierte las fotos HEIC del iPhone a JPEG' : ''}`),
    IMAGE_TOO_LARGE: (d) => (d.includes('pixels') ? 'tiene demasiados píxeles (máximo 50 megapíxeles)' : `pesa demasiado (máximo ${PHOTO_MEGABYTES} MB)`),
    IMAGE_EMPTY: () => 'no tiene contenido: elige otro archivo',
    IMAGE_TOO_SMALL: () => 'tiene muy poca resolución: usa una foto más grande',
    other: () => 'no se pudo leer: elige otro archivo',
  },
};

/** The refusals personkit/server leaves in English for the page's developer (a broken page or setup): enrol() words them for the person. */
export const FOR_DEVELOPERS = Object.freeze(['METHOD_NOT_ALLOWED', 'ORIGIN_NOT_ALLOWED', 'IDEMPOTENCY_KEY_REQUIRED', 'INVALID_IDEMPOTENCY_KEY', 'BAD_REQUEST', 'PROVIDER_NOT_CONFIGURED']);
const forDevelopers = (text) => Object.fromEntries(FOR_DEVELOPERS.map((c) => [c, text]));

/**
 * Texts by code; `why` tells apart the two NETWORK cases. Not reached says
 * nothing was kept: enrol() keeps nothing (the page's form may not either),
 * and "your details were kept" read as "you are registered".
 */
const texts = {
  en: {
    INVALID_TYPE: () => 'The form’s details could not be read',
    INVALID_OPTIONS: () => 'The options given to personkit are not valid',
    // No `first`: a refusal whose field errors came without words (another backend's 422).
    VALIDATION_FAILED: (s) => (s.first ? `Check the details: ${s.first}${s.more ? ` (and ${s.more} more)` : ''}` : 'Check the details in the form'),
    NETWORK: (s) => (s.why === 'cut off'
      ? 'The answer was cut off: try again (nothing will be created twice)'
      : 'The server could not be reached: check your connection and try again'),
    ABORTED: () => 'The request was cancelled',
    BAD_RESPONSE: () => 'The server gave an unexpected answer: try again later',
    SERVER_ERROR: () => 'The server had an error: try again later',
    // A refusal without the server's words (a proxy's page), by its status.
    PAYLOAD_TOO_LARGE: () => 'The photos are too large to send: choose smaller ones',
    UNAUTHORIZED: () => 'Please sign in, then try again',
    FORBIDDEN: () => 'You are not allowed to send this form',
    RATE_LIMITED: () => 'Too many attempts: wait a minute and try again',
    // The refusals the server words for the page's developer (a broken page or setup).
    ...forDevelopers(() => 'The form could not be sent because of a problem on this site: try again later'),
  },
  es: {
    INVALID_TYPE: () => 'No se pudieron leer los datos del formulario',
    INVALID_OPTIONS: () => 'La configuración de personkit no es válida',
    VALIDATION_FAILED: (s) => (s.first ? `Revisa los datos: ${s.first}${s.more ? ` (y ${s.more} más)` : ''}` : 'Revisa los datos del formulario'),
    NETWORK: (s) => (s.why === 'cut off'
      ? 'La respuesta llegó incompleta: vuelve a intentarlo (no se creará nada dos veces)'
      : 'No se pudo conectar con el servidor: revisa tu conexión y vuelve a intentarlo'),
    ABORTED: () => 'Se canceló la solicitud',
    BAD_RESPONSE: () => 'El servidor respondió algo inesperado: vuelve a intentarlo más tarde',
    SERVER_ERROR: () => 'El servidor tuvo un error: vuelve a intentarlo más tarde',
    PAYLOAD_TOO_LARGE: () => 'Las fotos pesan demasiado para enviarlas: elige unas más livianas',
    UNAUTHORIZED: () => 'Inicia sesión y vuelve a intentarlo',
    FORBIDDEN: () => 'No tienes permiso para enviar este formulario',
    RATE_LIMITED: () => 'Demasiados intentos: espera un minuto y vuelve a intentarlo',
    ...forDevelopers(() => 'No se pudo enviar el formulario por un problema de este sitio: vuelve a intentarlo más tarde'),
  },
};

/** 'es' or 'en' for a tag whose language is one of them (`es-PE`), else null: as the core reads `locale`. */
export function pickLocale(tag) {
  if (typeof tag !== 'string') return null;
  const lang = tag.slice(0, 3).toLowerCase().replace(/[-_].*$/, '');
  return lang === 'es' || lang === 'en' ? lang : null;
}

/**
 * What VALIDATION_FAILED's summary reads from its field errors: the first
 * one's words (lower-cased to follow "Check the details:") and how many
 * more problems a form shows (the same words at one field count once, as
 * errorsByField lists them). Errors without words are left out.
 */
export function summaryOf(errors) {
  const worded = errors.filter((e) => typeof e?.message === 'string' && e.message !== '');
  if (worded.length === 0) return {};
  const first = worded[0].message;
  const problems = new Set(worded.map((e) => `${e.field}\u0000${e.message}`)).size;
  return { first: /^.[a-záéíóúñ]/.test(first) ? first.charAt(0).toLowerCase() + first.slice(1) : first, more: problems - 1 };
}

/** VALIDATION_FAILED's words for field errors, naming the first: enrol()'s and personkit/server's. */
export function validationFailed(locale, errors) {
  return texts[locale].VALIDATION_FAILED(summaryOf(errors));
}

/**
 * Words for one of enrol's own problems: `{ message, detail }`. `s` holds what
 * the text reads (`first`, `more`, `why`); `field` is the error's path ('' for
 * the whole request).
 */
export function wordsFor(locale, messages, code, field, detail, s = {}) {
  const text = texts[locale][code]?.(s) ?? texts[locale].SERVER_ERROR();
  return { message: own(messages, { field, code, limit: undefined, provider: undefined, locale, message: text, detail }) ?? text, detail };
}

/**
 * An error the server sent back (`{ field, code, message }`), worded by the
 * call's `messages` as a local one would be; the server's words otherwise.
 */
export function serverWords(locale, messages, e) {
  if (e === null || typeof e !== 'object' || typeof e.code !== 'string') return e;
  const field = typeof e.field === 'string' ? e.field : '';
  const message = typeof e.message === 'string' ? e.message : undefined;
  const mine = own(messages, { field, code: e.code, limit: e.limit, provider: e.provider, locale, message, detail: e.detail ?? message });
  return mine === undefined ? e : { ...e, message: mine };
}

/**
 * One photo's error, `photos[i]`, worded from the code encodeImage gave and
 * its technical text: as toProviderPayloads words the same photo in base64,
 * Verifik's (the one system photos go to), with its limit for `messages`.
 */
export function photoError(locale, messages, i, code, detail) {
  const t = photo[locale];
  const text = `${t.The(i + 1)} ${(t[code] ?? t.other)(detail)}`;
  const field = `photos[${i}]`;
  // Too many pixels: 50 (megapixels), as its words say, not the megabytes.
  const limit = code === 'IMAGE_TOO_LARGE' ? (detail.includes('pixels') ? 50 : PHOTO_MEGABYTES) : undefined;
  const message = own(messages, { field, code, limit, provider: 'verifik', locale, message: text, detail }) ?? text;
  return { field, code, message, provider: 'verifik', detail };
}

/**
 * The caller's text for an issue, or undefined, read as the validators read
 * `messages`: a function, or a map of codes, fields (`photos[1]` or
 * `photos`) or fields to codes; a field's entry wins over a code's; a
 * function that throws or returns no string leaves personkit's text.
 */
function own(messages, issue) {
  try {
    return pickText(messages, issue);
  } catch {
    return undefined; // a getter or proxy trap of the caller's map that throws: personkit's text stays
  }
}

function pickText(messages, issue) {
  if (messages === undefined || messages === null) return undefined;
  let pick;
  if (typeof messages === 'function') {
    pick = messages;
  } else if (typeof messages === 'object') {
    const base = issue.field.replace(/\[\d+\]$/, '');
    const byField = Object.hasOwn(messages, issue.field) ? messages[issue.field]
      : Object.hasOwn(messages, base) ? messages[base] : undefined;
    // A null entry is no entry: the code's is read (as the validators read it).
    if (byField !== undefined && byField !== null && typeof byField === 'object') {
      if (Object.hasOwn(byField, issue.code)) pick = byField[issue.code];
    } else if (byField !== undefined && byField !== null) {
      pick = byField;
    }
    if (pick === undefined && Object.hasOwn(messages, issue.code)) pick = messages[issue.code];
  }
  // An empty text is no text, as for the validators.
  if (typeof pick === 'string') return pick === '' ? undefined : pick;
  if (typeof pick !== 'function') return undefined;
  try {
    const out = pick(issue);
    return typeof out === 'string' && out !== '' ? out : undefined;
  } catch {
    return undefined;
  }
}
