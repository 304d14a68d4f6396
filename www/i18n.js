// The page's own words (labels, hints, buttons, statuses) in Spanish, the
// default for the people who fill this form in Peru and Colombia, and in
// English. Validation messages are not here: they come from personkit in the
// chosen locale (validate*(payload, { locale })), with no mapping of ours.

export const LANGUAGES = ['es', 'en'];

const TEXT = {
  es: {
    title: 'Registro · demo de personkit',
    heading: 'Crea tu perfil',
    lead: 'Un solo formulario te registra en reconocimiento facial (Verifik), pagos (Equals Money) y acceso al edificio (Horus). Los campos con * los pide al menos uno de ellos.',
    about: 'Tus datos', firstName: 'Nombre', lastName: 'Apellidos', email: 'Correo electrónico',
    phone: 'Celular', phoneHint: 'Formato internacional, por ejemplo +51 987 654 321', dob: 'Fecha de nacimiento',
    gender: 'Sexo', genderNone: 'Prefiero no decirlo', genderF: 'Femenino', genderM: 'Masculino',
    nationality: 'Nacionalidad', nationalityNone: 'Sin indicar', identityNumber: 'Número de documento (DNI)',
    identityHint: 'DNI o pasaporte (Horus)', photos: 'Fotos de tu rostro',
    photosHint: 'De 1 a 3 fotos claras y bien iluminadas, JPEG o PNG (Verifik). En un celular se abre la cámara frontal.',
    photosPick: 'Tomar o elegir fotos', photosDrop: 'o suéltalas aquí', providers: 'Crear la persona en',
    verifikWhat: 'reconocimiento facial', collection: 'Colección', collectionHint: 'Opcional: la colección a la que se agrega el rostro',
    equalsWhat: 'pagos', accountId: 'Número de cuenta', role: 'Rol', horusWhat: 'identidad y acceso',
    category: 'Categoría', position: 'Puesto', submit: 'Crear persona', results: 'Resultados', resultsEmpty: 'Aún no se envió nada.',
    footer: 'La validación corre en esta página, en WebAssembly; las credenciales se quedan en el servidor.',
    switchTo: 'English', chooseSystem: 'Elige al menos un sistema', remove: 'Quitar', tooManyPhotos: 'como máximo {n} fotos', stillReading: 'Todavía estamos leyendo tus fotos; inténtalo en un momento.',
    fixOne: 'Corrige el problema marcado arriba.', fixMany: 'Corrige los {n} problemas marcados arriba.',
    creating: 'Creando la persona en {list}…', done: 'Listo: {created} de {total} creadas. Detalles abajo.',
    pending: 'Enviando…', created: 'Creada', exists: 'Ya existe', error: 'Falló', existingId: 'id existente',
    request: 'solicitud', realApi: 'API real', unreadable: 'no se puede leer este archivo',
    noResult: 'el servidor respondió {status} sin un resultado', unreachable: 'no se puede conectar con el servidor de la demo',
    fault: 'Falla inyectada en la demo: {list}',
  },
  en: {
    title: 'Sign up · personkit demo',
    heading: 'Create your profile',
    lead: 'One form signs you up with face recognition (Verifik), payments (Equals Money) and building access (Horus). Fields marked * are required by at least one of them.',
    about: 'About you', firstName: 'First name', lastName: 'Last name', email: 'Email',
    phone: 'Mobile phone', phoneHint: 'International format, e.g. +51 987 654 321', dob: 'Date of birth',
    gender: 'Gender', genderNone: 'Prefer not to say', genderF: 'Female', genderM: 'Male',
    nationality: 'Nationality', nationalityNone: 'Not given', identityNumber: 'Identity number',
    identityHint: 'National ID or passport number (Horus)', photos: 'Photos of your face',
    photosHint: '1 to 3 clear, well-lit photos, JPEG or PNG (Verifik). On a phone this opens the front camera.',
    photosPick: 'Take or choose photos', photosDrop: 'or drop them here', providers: 'Create the person in',
    verifikWhat: 'face recognition', collection: 'Collection', collectionHint: 'Optional: the collection to add the face to',
    equalsWhat: 'payments', accountId: 'Account id', role: 'Role', horusWhat: 'identity and access',
    category: 'Category id', position: 'Position id', submit: 'Create person', results: 'Results', resultsEmpty: 'Nothing sent yet.',
    footer: 'Validation runs in this page, in WebAssembly; the credentials stay on the server.',
    switchTo: 'Español', chooseSystem: 'Choose at least one system', remove: 'Remove', tooManyPhotos: 'at most {n} photos', stillReading: 'Still reading your photos, try again in a moment.',
    fixOne: 'Please fix the problem marked above.', fixMany: 'Please fix the {n} problems marked above.',
    creating: 'Creating the person in {list}…', done: 'Done: {created} of {total} created. Details below.',
    pending: 'Sending…', created: 'Created', exists: 'Already exists', error: 'Failed', existingId: 'existing id',
    request: 'request', realApi: 'real API', unreadable: 'this file cannot be read',
    noResult: 'the server answered {status} without a result', unreachable: 'the demo server cannot be reached',
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

/** Puts every `[data-i18n]` element of `doc` in `lang`, and the page's own lang and title. */
export function translatePage(doc, lang, values = {}) {
  doc.documentElement.lang = lang;
  doc.title = t(lang, 'title');
  for (const el of doc.querySelectorAll('[data-i18n]')) el.textContent = t(lang, el.dataset.i18n, values);
}
