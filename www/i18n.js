// The page's own words (labels, hints, buttons, statuses) in Spanish, the
// default for the people who fill this form in Peru and Colombia, and in
// English. Validation messages and outcomes are not here: they come from
// personkit (toProviderPayloads(…, { locale })) and from the server (which
// answers in the page's Accept-Language), with no mapping of ours. Country
// names come from the browser (Intl.DisplayNames).

export const LANGUAGES = ['es', 'en'];

export const TEXT = {
  es: {
    title: 'Registro · demo de personkit',
    heading: 'Crea tu perfil',
    lead: 'Un solo formulario te registra en reconocimiento facial (Verifik), pagos (Equals Money) y acceso al edificio (Horus). Los campos con * los pide al menos uno de ellos.',
    about: 'Tus datos', firstName: 'Nombre', lastName: 'Apellidos', email: 'Correo electrónico',
    phone: 'Celular', phoneHint: 'Formato internacional, por ejemplo +51 987 654 321', dateOfBirth: 'Fecha de nacimiento',
    phoneLocal: 'Sin código de país, el número se envía tal cual. Si es un celular de Perú, escribe +51 delante; si es de Colombia, +57.',
    gender: 'Sexo', genderNone: 'Prefiero no decirlo', genderF: 'Femenino', genderM: 'Masculino',
    nationality: 'Nacionalidad', nationalityNone: 'Sin indicar',
    // The document as the nationality names it (CO, PE, any other); idNoun: in personkit's messages, for its "el DNI".
    identityNumber: 'Documento de identidad', identityNumberCO: 'Número de cédula', identityNumberPE: 'Número de documento',
    identityHint: 'DNI, cédula, carné de extranjería o pasaporte (Horus)', identityHintCO: 'Cédula de ciudadanía, cédula de extranjería o pasaporte (Horus)',
    identityHintPE: 'DNI, carné de extranjería o pasaporte (Horus)', idNoun: 'documento de identidad', idNounCO: 'número de cédula',
    photos: 'Fotos de tu rostro',
    photosHint: 'De 1 a 3 fotos claras y bien iluminadas, JPEG o PNG (Verifik). En un celular puedes tomarlas con la cámara o elegirlas de la galería.',
    photosPick: 'Tomar o elegir fotos', photosDrop: 'o suéltalas aquí', providers: 'Crear la persona en',
    verifikWhat: 'reconocimiento facial',
    equalsWhat: 'pagos', horusWhat: 'identidad y acceso',
    submit: 'Crear persona', results: 'Resultados', resultsEmpty: 'Aún no se envió nada.',
    footer: 'La validación corre en esta página, en WebAssembly; las credenciales se quedan en el servidor.',
    switchTo: 'English', chooseSystem: 'Elige al menos un sistema', remove: 'Quitar', tooManyPhotos: 'como máximo {n} fotos', stillReading: 'Todavía estamos leyendo tus fotos; inténtalo en un momento.',
    fixOne: 'Corrige el problema marcado arriba.', fixMany: 'Corrige los {n} problemas marcados arriba.',
    creating: 'Creando la persona en {list}…', trying: 'Intentando de nuevo…',
    doneAll: 'Listo: tu registro está hecho en todos los sistemas que elegiste.',
    done: 'Tu registro está hecho en {done} de {total} sistemas. Abajo están los detalles.',
    checkDetails: 'Revisa tus datos e inténtalo de nuevo.',
    unreachable: 'No pudimos comunicarnos con el servidor. Tus datos siguen aquí: presiona «Intentar de nuevo».',
    cutOff: 'La conexión se cortó antes de que llegaran todas las respuestas. Tus datos siguen aquí: presiona «Intentar de nuevo» (no se creará nada dos veces).',
    ourSide: 'Algo falló de nuestro lado. Inténtalo más tarde.',
    ourSideUnsure: 'Algo falló de nuestro lado y no sabemos si tu registro se completó. Tus datos siguen aquí: presiona «Intentar de nuevo» (no se creará nada dos veces).',
    timedOut: 'La conexión es lenta y el servidor dejó de esperar antes de recibir todo tu registro: no se registró nada. Tus datos siguen aquí: presiona «Intentar de nuevo», mejor con wifi o mejor señal.',
    noAnswer: 'El servidor respondió sin decir qué pasó. Tus datos siguen aquí: presiona «Intentar de nuevo» (no se creará nada dos veces).',
    reloaded: 'La página se recargó mientras enviábamos tu registro y no sabemos si llegó. Escribe los mismos datos, elige las mismas fotos y presiona «Crear persona»: te diremos qué se hizo, sin crear nada dos veces (con otros datos, un sistema podría registrarte dos veces).',
    secondRecord: 'Tus datos anteriores ya se enviaron a {list}, y con tus cambios allí serías otra persona: tendrías un segundo registro, y ningún sistema puede corregir el primero (si un dato estaba mal, pide que lo borren). Para enviarlos de todos modos, presiona «Crear persona» otra vez.',
    tooLarge: 'Las fotos pesan demasiado para enviarlas: quita una o elige fotos más livianas.',
    rateLimited: 'Demasiados intentos: espera un minuto y vuelve a intentarlo.',
    stillRunning: 'Tu registro todavía se está procesando. Presiona «Intentar de nuevo» en unos segundos (no se creará nada dos veces).',
    pending: 'Enviando…', created: 'Creada', exists: 'Ya existe', failed: 'Falló', skipped: 'No enviada', unknown: 'Sin respuesta',
    idRef: 'id {id}', personaRef: 'persona {id}', codeRef: 'código para soporte: {code}',
    retry: 'Intentar de nuevo', another: 'Registrar a otra persona',
    providersHint: 'La cuenta, el rol, la categoría y la colección los define este servidor, no el formulario.',
    modes: 'Dónde corre cada sistema', mode: '{system}: {mode}', modeMock: 'simulado', modeOff: 'apagado', modeLive: 'API real',
    photoList: 'Fotos elegidas', photoCount1: '1 foto elegida', photoCount: '{n} fotos elegidas', photoAlt: 'Foto {n}', removePhoto: 'Quitar la foto {n} ({name})',
    unreadable: 'no se puede leer este archivo',
    fault: 'Falla inyectada en la demo: {list}',
  },
  en: {
    title: 'Sign up · personkit demo',
    heading: 'Create your profile',
    lead: 'One form signs you up with face recognition (Verifik), payments (Equals Money) and building access (Horus). Fields marked * are required by at least one of them.',
    about: 'About you', firstName: 'First name', lastName: 'Last name', email: 'Email',
    phone: 'Mobile phone', phoneHint: 'International format, e.g. +51 987 654 321', dateOfBirth: 'Date of birth',
    phoneLocal: 'Without a country code the number is sent as typed. For a Peruvian mobile, put +51 in front; for a Colombian one, +57.',
    gender: 'Gender', genderNone: 'Prefer not to say', genderF: 'Female', genderM: 'Male',
    nationality: 'Nationality', nationalityNone: 'Not given',
    identityNumber: 'Identity document', identityNumberCO: 'Cédula number', identityNumberPE: 'Identity number',
    identityHint: 'National ID (DNI, cédula), foreigner\'s card or passport number (Horus)', identityHintCO: 'Cédula (citizen\'s or foreigner\'s) or passport number (Horus)',
    identityHintPE: 'DNI, foreigner\'s card (carné de extranjería) or passport number (Horus)', idNoun: 'identity document number', idNounCO: 'cédula number',
    photos: 'Photos of your face',
    photosHint: '1 to 3 clear, well-lit photos, JPEG or PNG (Verifik). On a phone you can take them with the camera or pick them from the gallery.',
    photosPick: 'Take or choose photos', photosDrop: 'or drop them here', providers: 'Create the person in',
    verifikWhat: 'face recognition',
    equalsWhat: 'payments', horusWhat: 'identity and access',
    submit: 'Create person', results: 'Results', resultsEmpty: 'Nothing sent yet.',
    footer: 'Validation runs in this page, in WebAssembly; the credentials stay on the server.',
    switchTo: 'Español', chooseSystem: 'Choose at least one system', remove: 'Remove', tooManyPhotos: 'at most {n} photos', stillReading: 'Still reading your photos, try again in a moment.',
    fixOne: 'Please fix the problem marked above.', fixMany: 'Please fix the {n} problems marked above.',
    creating: 'Creating the person in {list}…', trying: 'Trying again…',
    doneAll: 'Done: you are registered everywhere you chose.',
    done: 'Registered in {done} of {total} systems. The details are below.',
    checkDetails: 'Please check your details and try again.',
    unreachable: 'We could not reach the server. Your details are kept: press "Try again".',
    cutOff: 'The connection dropped before every answer arrived. Your details are kept: press "Try again" (nothing will be created twice).',
    ourSide: 'Something went wrong on our side. Please try again later.',
    ourSideUnsure: 'Something went wrong on our side and we cannot tell whether you are registered. Your details are kept: press "Try again" (nothing will be created twice).',
    timedOut: 'The connection is slow and the server stopped waiting before your whole registration arrived: nothing was registered. Your details are kept: press "Try again", on Wi-Fi or a better signal if you can.',
    noAnswer: 'The server answered without saying what happened. Your details are kept: press "Try again" (nothing will be created twice).',
    reloaded: 'The page reloaded while your registration was being sent, and we cannot tell whether it arrived. Enter the same details, choose the same photos and press "Create person": we will tell you what was done, without creating anything twice (with other details, a system could register you twice).',
    secondRecord: 'Your earlier details were already sent to {list}, and with your changes you would be another person there: you would have a second record, and no system can correct the first (if a detail was wrong, ask for it to be removed). To send them anyway, press "Create person" again.',
    tooLarge: 'The photos are too large to send: remove one or choose smaller photos.',
    rateLimited: 'Too many attempts: wait a minute and try again.',
    stillRunning: 'Your registration is still being processed. Press "Try again" in a few seconds (nothing will be created twice).',
    pending: 'Sending…', created: 'Created', exists: 'Already registered', failed: 'Failed', skipped: 'Not sent', unknown: 'No answer',
    idRef: 'id {id}', personaRef: 'persona {id}', codeRef: 'support code: {code}',
    retry: 'Try again', another: 'Sign up another person',
    providersHint: 'The account, role, category and collection are set by this server, not by the form.',
    modes: 'Where each system runs', mode: '{system}: {mode}', modeMock: 'mock', modeOff: 'off', modeLive: 'real API',
    photoList: 'Chosen photos', photoCount1: '1 photo chosen', photoCount: '{n} photos chosen', photoAlt: 'Photo {n}', removePhoto: 'Remove photo {n} ({name})',
    unreadable: 'this file cannot be read',
    fault: 'Demo fault injection: {list}',
  },
};

/** The page's language: `?lang=en|es`, else the last one chosen, else Spanish. */
export function initialLanguage(search, stored) {
  const asked = new URLSearchParams(search).get('lang');
  if (LANGUAGES.includes(asked)) return asked;
  return LANGUAGES.includes(stored) ? stored : 'es';
}

/** One text of the page in `lang`, `{name}` filled from `values`. */
export function t(lang, key, values = {}) {
  const text = TEXT[lang]?.[key] ?? TEXT.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));
}

/** Puts every `[data-i18n]` text and `[data-i18n-label]` aria-label of `doc` in `lang`, and the page's own lang and title. */
export function translatePage(doc, lang, values = {}) {
  doc.documentElement.lang = lang;
  doc.title = t(lang, 'title');
  for (const el of doc.querySelectorAll('[data-i18n]')) el.textContent = t(lang, el.dataset.i18n, values);
  for (const el of doc.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(lang, el.dataset.i18nLabel, values));
}

/** Names the `<option>`s of a country `<select>` (values are ISO codes) in `lang`, in that language's order; the empty option stays first. */
export function nameCountries(select, lang) {
  const names = new Intl.DisplayNames([lang], { type: 'region' });
  const options = [...select.options].filter((o) => o.value !== '');
  for (const o of options) o.textContent = names.of(o.value);
  options.sort((a, b) => a.textContent.localeCompare(b.textContent, lang));
  select.append(...options);
}

/** How the page names the identity document for a nationality: its own words for CO and PE, neutral ones for the rest. */
export const documentKind = (nationality) => (nationality === 'CO' || nationality === 'PE' ? nationality : '');

/**
 * personkit's `messages` option that names the identity document as `kind`
 * does: its sentences say "el DNI" / "ID number (DNI)" (Peru's word), and
 * keep it for Peru. Each noun here is masculine singular in Spanish, as "DNI"
 * is, so the sentence around it still agrees.
 */
export function documentMessages(lang, kind) {
  const noun = kind === 'PE' ? undefined : TEXT[lang]?.[`idNoun${kind}`];
  if (!noun) return undefined;
  return ({ field, message }) => (field === 'identityNumber' && typeof message === 'string'
    ? message.replace(/\b([Ee]l) DNI\b|ID number(?: \(DNI\)|, DNI)/, (_, article, at) => (article ? `${article} ${noun}` : at === 0 ? noun[0].toUpperCase() + noun.slice(1) : noun))
    : undefined);
}
