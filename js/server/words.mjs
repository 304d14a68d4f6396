// What personkit/server says to the person at the keyboard, in Spanish and
// English: the Outcome messages, the refusals a person can cause, and the
// photo errors of a multipart request. The language is the request's
// (Accept-Language); codes, statuses and log lines stay as they are.
//
// Spanish as written in Peru, with tú as personkit's own catalogue
// (src/wasm/messages/es.js) uses it. Outcomes and refusals are sentences;
// field errors (photo) start with a capital and end without a period, as the
// catalogue's do. tests/js/server-words.test.mjs fails when a text is
// missing in one language.

import { validationFailed } from '../enrol-messages.mjs';

export const LOCALES = ['en', 'es'];

/** The systems as a person knows them. */
export const LABELS = Object.freeze({ verifik: 'Verifik', equals: 'Equals Money', horus: 'Horus' });

/**
 * "in a minute", "in 2 minutes", "in an hour", "in 3 days": when a busy
 * provider asked to be tried again (its Retry-After, in seconds); unknown or
 * within a minute, "in a minute".
 */
function inTime(seconds, [minute, minutes, hour, hours, days]) {
  const m = Math.ceil(seconds / 60);
  if (!(m > 1)) return minute;
  if (m < 60) return minutes(m);
  const h = Math.ceil(seconds / 3600);
  if (h === 1) return hour;
  return h <= 24 ? hours(h) : days(Math.ceil(seconds / 86400));
}
const WAIT_EN = ['in a minute', (n) => `in ${n} minutes`, 'in an hour', (n) => `in ${n} hours`, (n) => `in ${n} days`];
const WAIT_ES = ['en un minuto', (n) => `en ${n} minutos`, 'en una hora', (n) => `en ${n} horas`, (n) => `en ${n} días`];

/** "32 MB", "1.5 MB", "900 KB": a size as a person reads it (never a byte count). */
function size(bytes, decimal) {
  const mb = bytes / 2 ** 20;
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1).replace('.', decimal)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export const WORDS = Object.freeze({
  en: Object.freeze({
    // Outcomes: `p` is the system's label.
    outcome: Object.freeze({
      created: (p) => `Registered in ${p}.`,
      registered: (p) => `You are registered in ${p}.`,
      existsEmail: (p) => `${p} already has a person with this email, so nothing new was created.`,
      existsIdentifier: (p) => `${p} already has a person with this ID number (DNI), so nothing new was created.`,
      existsPerson: (p) => `${p} already has this person, so nothing new was created.`,
      // `wait`: the seconds the provider asked for (Retry-After), when it said.
      busy: (p, wait) => `${p} is busy right now. Please try again ${inTime(wait, WAIT_EN)}.`,
      unreachable: (p) => `${p} could not be reached just now. Please try again in a minute.`,
      // Reached, and answered with its own error (a 5xx).
      troubled: (p) => `${p} had a problem just now. Please try again in a few minutes.`,
      unknown: (p) => `We could not confirm whether ${p} registered you. Please try again in a few minutes: we will check first, and you will not be registered twice.`,
      unknownFinal: (p) => `We could not confirm whether ${p} registered you, and cannot check it from here. Please contact us before trying again, so that you are not registered twice.`,
      refused: (p) => `${p} did not accept these details. Please check them, or contact us if they are right.`,
      ours: (p) => `${p} is not available right now because of a problem on our side. Please try again later.`,
      failed: (p) => `${p} could not register you. Please try again later.`,
    }),
    // Refusals.
    internal: () => 'Something went wrong on our side. Please try again later.',
    signIn: () => 'Please sign in first.',
    forbidden: () => 'You are not allowed to register people here.',
    unreadable: () => 'This form could not be read. Please reload the page and try again.',
    tooLarge: (max) => `What you sent is larger than ${size(max, '.')}. Please use smaller photos.`,
    inProgress: () => 'Your registration is still being processed. Please try again in a few seconds.',
    keyReused: () => 'This registration was already sent with other details. Please reload the page to start a new one.',
    serverOwned: () => 'This detail is set by the system: remove it from the form.',
    // The field errors' summary, naming the first problem, as enrol() words its own.
    invalid: (errors) => validationFailed('en', errors),
    // Field errors of a multipart photo: `n` counts from 1.
    photoTooLarge: (n, max) => `Photo ${n} is too large (at most ${size(max, '.')})`,
    photoTooManyPixels: (n) => `Photo ${n} has too many pixels (at most 50 megapixels): choose a smaller one`,
    photoEmpty: (n) => `Photo ${n} is empty: choose another file`,
    photoFormat: (n, heic) => `Photo ${n} must be in JPEG or PNG format${heic ? ': convert iPhone HEIC photos to JPEG' : ''}`,
    photoCutOff: (n) => `Photo ${n} arrived incomplete: upload it again`,
    photoUnreadable: (n) => `Photo ${n} could not be read: choose another file`,
  }),
  es: Object.freeze({
    outcome: Object.freeze({
      created: (p) => `Te registramos en ${p}.`,
      registered: (p) => `Ya tienes tu registro en ${p}.`,
      existsEmail: (p) => `${p} ya tiene a una persona con este correo, así que no se creó nada nuevo.`,
      existsIdentifier: (p) => `${p} ya tiene a una persona con este DNI, así que no se creó nada nuevo.`,
      existsPerson: (p) => `${p} ya tiene a esta persona, así que no se creó nada nuevo.`,
      busy: (p, wait) => `${p} está ocupado en este momento. Inténtalo de nuevo ${inTime(wait, WAIT_ES)}.`,
      unreachable: (p) => `No pudimos comunicarnos con ${p} en este momento. Inténtalo de nuevo en un minuto.`,
      troubled: (p) => `${p} tuvo un problema en este momento. Inténtalo de nuevo en unos minutos.`,
      unknown: (p) => `No pudimos confirmar si ${p} completó tu registro. Vuelve a intentarlo en unos minutos: primero lo revisaremos y no te registraremos dos veces.`,
      unknownFinal: (p) => `No pudimos confirmar si ${p} completó tu registro, y desde aquí no podemos comprobarlo. Escríbenos antes de volver a intentarlo, para no registrarte dos veces.`,
      refused: (p) => `${p} no aceptó estos datos. Revísalos y, si están bien, escríbenos.`,
      ours: (p) => `${p} no está disponible en este momento por un problema de nuestro lado. Inténtalo más tarde.`,
      failed: (p) => `${p} no pudo registrarte. Inténtalo más tarde.`,
    }),
    internal: () => 'Algo falló de nuestro lado. Inténtalo más tarde.',
    signIn: () => 'Primero inicia sesión.',
    forbidden: () => 'No tienes permiso para registrar personas aquí.',
    unreadable: () => 'No pudimos leer este formulario. Recarga la página e inténtalo de nuevo.',
    tooLarge: (max) => `Lo que enviaste pesa más de ${size(max, ',')}. Usa fotos más livianas.`,
    inProgress: () => 'Tu registro todavía se está procesando. Inténtalo de nuevo en unos segundos.',
    keyReused: () => 'Este registro ya se envió con otros datos. Recarga la página para empezar uno nuevo.',
    serverOwned: () => 'Este dato lo define el sistema: quítalo del formulario.',
    invalid: (errors) => validationFailed('es', errors),
    photoTooLarge: (n, max) => `La foto ${n} pesa demasiado (máximo ${size(max, ',')})`,
    photoTooManyPixels: (n) => `La foto ${n} tiene demasiados píxeles (máximo 50 megapíxeles): elige una más pequeña`,
    photoEmpty: (n) => `La foto ${n} no tiene contenido: elige otro archivo`,
    photoFormat: (n, heic) => `La foto ${n} debe estar en formato JPEG o PNG${heic ? ': convierte las fotos HEIC del iPhone a JPEG' : ''}`,
    photoCutOff: (n) => `La foto ${n} llegó incompleta: vuelve a subirla`,
    photoUnreadable: (n) => `La foto ${n} no se pudo leer: elige otro archivo`,
  }),
});

/**
 * The locale of a request from its Accept-Language `header`: the first tag,
 * by q-order (the header's order among equals), whose primary subtag is
 * `es` or `en`. No header (null), or neither language: English.
 */
export function localeOf(header) {
  if (typeof header !== 'string' || header === '') return 'en';
  const ranked = header.split(',').map((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)).find(Boolean);
    return { lang: tag.trim().split('-')[0].toLowerCase(), q: q ? Number(q[1]) : 1, i };
  }).filter((t) => t.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.find((t) => LOCALES.includes(t.lang))?.lang ?? 'en';
}

/** The outcome's message again, in `locale`: a stored outcome keeps the words of the request that ran it. */
export function reword(provider, outcome, locale) {
  if (typeof outcome?.message !== 'string') return outcome;
  const label = LABELS[provider];
  for (const words of Object.values(WORDS)) {
    for (const [key, say] of Object.entries(words.outcome)) {
      if (say(label, outcome.retryAfter) === outcome.message) return { ...outcome, message: WORDS[locale].outcome[key](label, outcome.retryAfter) };
    }
  }
  return outcome;
}
