// Spanish texts (wasm-bindgen snippet: only `export function`, no imports).
// Written for a person at a keyboard in Peru or Colombia: fields named as a
// form labels them, rules in words, no wire names, integer limits or
// provider codes. Sentences start with a capital and end without a period,
// so they can stand next to a field or in a list.
//
// A label carries its article ("el correo electrónico"): the article tells
// the templates the gender and number to agree with (`s.o` is o/a/os/as,
// `s.es` es/son, `s.puede` puede/pueden, `s.debe` debe/deben, `s.tiene`
// tiene/tienen, `s.pudo` pudo/pudieron). `{n}` in an item label is the
// item's number counted from 1.

export function catalogueEs() {
  const person = {
    firstName: 'el nombre', lastName: 'el apellido', email: 'el correo electrónico',
  };
  const labels = {
    verifik: {
      '': 'los datos de la persona', name: 'el nombre completo', images: 'las fotos',
      'images[]': 'la foto {n}', gender: 'el sexo', date_of_birth: 'la fecha de nacimiento',
      nationality: 'la nacionalidad', collections: 'las colecciones', 'collections[]': 'la colección {n}',
      notes: 'las notas',
    },
    equals: {
      '': 'los datos de la persona', accountId: 'el número de cuenta', firstName: person.firstName,
      lastName: person.lastName, roleName: 'el rol', dob: 'la fecha de nacimiento',
      emailAddress: person.email, primaryMobileNumber: 'el celular', status: 'el estado',
      employeeNumber: 'el número de empleado', jobTitle: 'el cargo',
      notifyEmailTrans: 'el aviso de movimientos por correo', createdByPersonaId: 'el perfil que registra',
      addToUserPool: 'el acceso a la plataforma', sendInvite: 'el envío de la invitación',
      emailTheme: 'el diseño de los correos', nationalities: 'las nacionalidades',
      'nationalities[]': 'la nacionalidad {n}', sessionId: 'la sesión', mfaCode: 'el código de verificación',
      customerIp: 'la dirección IP', address: 'la dirección', 'address.streetName': 'la calle',
      'address.buildingNumber': 'el número de la casa o edificio', 'address.buildingName': 'el nombre del edificio',
      'address.postcode': 'el código postal', 'address.city': 'la ciudad', 'address.region': 'la región',
      'address.countryCode': 'el país', locale: 'el idioma',
    },
    horus: {
      '': 'los datos de la persona', clientId: 'el identificador del sistema', clientSecret: 'la clave del sistema',
      mainIdentifier: 'el DNI', externalId: 'el código externo', firstName: person.firstName,
      additionalFirstName: 'el segundo nombre', lastName: 'el apellido paterno',
      additionalLastName: 'el apellido materno', email: person.email, password: 'la contraseña',
      enabled: 'el estado de la cuenta', custom: 'los datos adicionales', categoryId: 'la categoría',
      positionId: 'el puesto',
    },
    // The neutral person of personkit/server (toProviderPayloads, enrol).
    person: {
      '': 'los datos de la persona', firstName: 'el nombre', lastName: 'el apellido', email: 'el correo electrónico',
      phone: 'el celular', dateOfBirth: 'la fecha de nacimiento', gender: 'el sexo', nationality: 'la nacionalidad',
      identityNumber: 'el DNI', photos: 'las fotos', 'photos[]': 'la foto {n}', extras: 'los datos adicionales',
      // Los campos del propio servidor (opciones del handler, flags del importador).
      'server.accountId': 'el número de cuenta de Equals', 'server.roleName': 'el rol de Equals',
      'server.categoryId': 'la categoría de Horus', 'server.positionId': 'el puesto de Horus',
      'server.collections': 'las colecciones de Verifik', 'server.collections[]': 'la colección {n} de Verifik',
      'extras.verifik': 'los datos adicionales de Verifik', 'extras.equals': 'los datos adicionales de Equals Money',
      'extras.horus': 'los datos adicionales de Horus',
    },
    image: { '': 'la imagen' },
    unknown: 'este campo',
  };

  const mb = (s) => (s.limit ? ` (máximo ${String(s.limit).replace('.', ',')} MB)` : '');
  // INVALID_TYPE by what the field takes (s.expected, read from the rule's words).
  const expected = {
    text: (s) => `Escribe ${s.the} como texto`,
    number: (s) => `Escribe ${s.the} como un número entero`,
    yesNo: (s) => `Elige sí o no en ${s.the}`,
    list: (s) => `${s.The} ${s.debe} ser una lista`,
    group: (s) => `${s.The} ${s.debe} ser un grupo de campos`,
  };
  const rules = {
    REQUIRED: (s) => `${s.The} ${s.es} obligatori${s.o}`,
    NAME_REQUIRED: (s) => `${s.The} ${s.es} obligatori${s.o}`,
    EMPTY: (s) => `${s.The} no ${s.puede} estar vací${s.o}`,
    TOO_LONG: (s) => (s.limit === undefined
      ? `${s.The} ${s.es} demasiado larg${s.o}`
      : `${s.The} ${s.puede} tener como máximo ${s.limit} caracteres`),
    NOT_ONE_OF: (s) => `${s.the === labels.unknown ? 'Elige una de las opciones' : `Elige ${s.the} entre las opciones`}${s.hint ? ` (¿quisiste decir ${s.hint}?)` : ''}`,
    INVALID_TYPE: (s) => (s.root
      ? 'No se pudieron leer los datos del formulario'
      : s.unread ? `No se ${s.pudo} leer ${s.the}`
        : (expected[s.expected] ?? ((t) => `${t.The} no ${t.tiene} el formato esperado`))(s)),
    INVALID_DATE: (s) => (s.future
      ? `${s.The} no puede ser una fecha futura`
      : s.notReal ? `${s.The} no existe en el calendario: revisa el día, el mes y el año`
        : `Escribe ${s.the} como AAAA-MM-DD, por ejemplo 1990-12-04`),
    INVALID_EMAIL: (s) => (s.invisible
      ? `${s.The} ${s.tiene} un carácter invisible, quizá al copiarlo: escríbelo de nuevo`
      : 'Escribe un correo como nombre@ejemplo.com'),
    INVALID_UUID: (s) => `${s.The} no es un identificador válido`,
    INVALID_COUNTRY: (s) => `Escribe ${s.the} con el código de país de dos letras, por ejemplo PE o CO${s.hint ? ` (¿quisiste decir ${s.hint}?)` : ''}`,
    INVALID_PHONE: () => 'Escribe un número como +51 987 654 321: solo dígitos, espacios, guiones, puntos y paréntesis, con al menos 7 dígitos',
    INVALID_IP: (s) => `Escribe ${s.the} como 203.0.113.7 o 2001:db8::1`,
    INVALID_BASE64: (s) => (s.dataUrl
      ? `${s.The} se envió como URL data: envía solo el base64 que va después de la coma`
      : `${s.The} no se pudo leer: vuelve a subirla`),
    INVALID_JSON: (s) => `${s.The} ${s.debe} ser un objeto JSON, por ejemplo {"clave":"valor"}`,
    INVALID_CHARACTERS: (s) => (s.undecoded
      ? `${s.The} ${s.tiene} un carácter que no se pudo leer (\uFFFD): vuelve a escribirl${s.o}`
      : `${s.The} no ${s.puede} tener tabulaciones, saltos de línea ni otros caracteres invisibles`),
    OUT_OF_RANGE: (s) => `${s.The} no ${s.es} válid${s.o}: elige un${s.o} de la lista`,
    TOO_MANY: (s) => (s.moreErrors
      ? `Y ${s.moreErrors.more} errores más (solo se muestran los primeros ${s.moreErrors.first})`
      : `Hay demasiados elementos en ${s.the}${s.limit === undefined ? '' : `: como máximo ${s.limit}`}`),
    TOO_FEW: (s) => `Faltan elementos en ${s.the}${s.limit === undefined ? '' : `: al menos ${s.limit}`}`,
    UNKNOWN_FIELD: (s) => `Este dato no es parte del formulario${s.hintLabel ? ` (¿quisiste decir ${s.hintLabel.replace(/ \((.+)\)$/, ', $1')}?)` : ''}`,
    INVALID_IMAGE_FORMAT: (s) => (s.cutOff
      ? `${s.The} llegó incompleta: vuelve a subirla`
      : s.unread ? `${s.The} no se pudo leer: vuelve a elegir el archivo`
      : `${s.The} debe estar en formato JPEG o PNG${s.heic ? ': convierte las fotos HEIC del iPhone a JPEG' : ''}`),
    IMAGE_TOO_LARGE: (s) => (s.pixels
      ? `${s.The} ${s.tiene} demasiados píxeles (máximo ${s.limit} megapíxeles)`
      : `${s.The} pesa demasiado${mb(s)}`),
    IMAGE_EMPTY: (s) => `${s.The} no ${s.tiene} contenido: elige otro archivo`,
    IMAGE_TOO_SMALL: (s) => `${s.The} ${s.tiene} muy poca resolución: usa una foto más grande`,
    FIELD_NOT_ALLOWED: (s) => (s.from
      ? `${s.The} se ${s.es === 'son' ? 'toman' : 'toma'} ${s.from.startsWith('el ') ? `del ${s.from.slice(3)}` : `de ${s.from}`} del formulario: completa ese campo`
      : `${s.The} no se ${s.puede} elegir en este formulario: l${s.o} define el sistema`),
    INVALID_LOCALE: (s) => `Escribe ${s.the} como código de idioma, por ejemplo es-PE o en-GB${s.hint ? ` (¿quisiste decir ${s.hint}?)` : ''}`,
  };
  // Where one field needs its own words.
  const fieldRules = {
    'verifik.images': {
      REQUIRED: () => 'Agrega al menos una foto',
      TOO_FEW: () => 'Agrega al menos una foto',
      TOO_MANY: (s) => (s.item ? `No pudimos revisar ${s.the} por un problema de esta página: inténtalo más tarde` : `Puedes subir como máximo ${s.limit} fotos`),
      // An item that is not base64 text (a File given where its text goes): the page's mistake, not the person's.
      INVALID_TYPE: (s) => (s.item && s.expected === 'text' ? `No pudimos revisar ${s.the} por un problema de esta página: inténtalo más tarde` : undefined),
    },
    'verifik.nationality': {
      INVALID_COUNTRY: (s) => `Escribe la nacionalidad como código de país (PE, CO) o como nombre (peruana)${s.hint ? `: ¿quisiste decir ${s.hint}?` : ''}`,
      TOO_LONG: (s) => `La nacionalidad puede tener como máximo ${s.limit} caracteres`,
    },
    'verifik.gender': { NOT_ONE_OF: () => 'Elige el sexo: M (masculino) o F (femenino)' },
    // La nacionalidad de la persona neutral llena también las nacionalidades de
    // Equals, que solo toman códigos: las palabras que sirven a todos los sistemas.
    'person.nationality': { INVALID_COUNTRY: (s) => rules.INVALID_COUNTRY(s) },
    // El primer argumento de checkProviderPayload.
    'person.provider': { NOT_ONE_OF: () => 'Elige el sistema: verifik, equals u horus' },
    'horus.enabled': {
      NOT_ONE_OF: () => 'Elige si la cuenta está activa o inactiva',
      INVALID_TYPE: () => 'Elige si la cuenta está activa o inactiva',
    },
    'horus.mainIdentifier': { INVALID_TYPE: () => 'Escribe el DNI como texto, no como número' },
    'horus.custom': { INVALID_JSON: () => 'Los datos adicionales deben ser un objeto JSON, por ejemplo {"clave":"valor"}' },
    // encodeImage sin archivo, o con otra cosa.
    'image.': { INVALID_TYPE: () => 'Elige una foto JPEG o PNG' },
  };

  const who = (s) => s.providerName ?? 'El servicio';
  const errors = {
    VALIDATION_FAILED: (s) => `Revisa los datos: ${s.first}${s.more ? ` (y ${s.more} más)` : ''}`,
    UNAUTHORIZED: (s) => `${who(s)} rechazó las credenciales: revisa la clave o el token configurados`,
    // Only Equals has accounts to name.
    NOT_FOUND: (s) => `${who(s)} no encontró lo que se pidió${s.providerName === 'Equals Money' ? ' (por ejemplo, la cuenta no existe)' : ''}`,
    ALREADY_EXISTS: () => 'Esta persona ya está registrada',
    BAD_REQUEST: (s) => `${who(s)} rechazó los datos enviados`,
    RATE_LIMITED: (s) => `${who(s)} recibió demasiadas solicitudes: espera un momento y vuelve a intentarlo`,
    SERVER_ERROR: (s) => `${who(s)} tuvo un error: vuelve a intentarlo más tarde`,
    TIMEOUT: (s) => `${who(s)} tardó demasiado en responder: vuelve a intentarlo`,
    ABORTED: (s) => (s.afterSend
      ? `Se canceló la solicitud después de enviarla: ${s.providerName ?? 'el servicio'} pudo haber registrado a la persona`
      : 'Se canceló la solicitud'),
    NETWORK: (s) => (s.maybeSent
      ? `Se cortó la conexión con ${s.providerName ?? 'el servicio'} antes de su respuesta, así que no sabemos si la solicitud llegó`
      : `No se pudo conectar con ${s.providerName ?? 'el servicio'}: revisa tu conexión`),
    BAD_RESPONSE: (s) => `${who(s)} respondió algo inesperado`,
    INVALID_OPTIONS: (s) => (s.freed
      ? `Se cerró la conexión con ${s.providerName ?? 'el servicio'}: ${s.page ? 'recarga la página y vuelve a intentarlo' : 'vuelve a intentarlo'}`
      : 'La configuración de personkit no es válida'),
    UNSUPPORTED_ENVIRONMENT: () => 'Este navegador o entorno no permite esta operación',
    BROWSER_NOT_ALLOWED: () => 'Por seguridad, esta operación no se puede hacer desde el navegador',
    OUTCOME_UNKNOWN: (s) => `No sabemos si ${s.providerName ?? 'el servicio'} registró a la persona: ${
      s.account ? `busca a la persona por su correo electrónico en la cuenta ${s.account}`
        : s.collection ? `busca a la persona en la colección ${s.collection}`
          : `busca a la persona en ${s.providerName ?? 'el servicio'}`} antes de volver a intentarlo`,
  };
  return { labels, rules, fieldRules, errors };
}
