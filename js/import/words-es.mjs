// The importer's own words in Spanish, for the people who run it in Peru and
// Colombia (words-en.mjs says what each is). Written as the validators'
// Spanish texts are: tú, the row as a spreadsheet numbers it ("fila 17"),
// Excel's menus as Excel in Spanish names them. Codes, statuses, flags and
// field names stay as they are: the results file and scripts read them.

const s = (n, one, many) => (n === 1 ? one : many);
const list = (items) => items.join(', ');
const NAMES = { verifik: 'Verifik', equals: 'Equals', horus: 'Horus' };
const named = (providers) => list(providers.map((p) => NAMES[p] ?? p));
const CREDENTIALS = {
  verifik: 'su token (VERIFIK_TOKEN)', equals: 'su clave de API (EQUALS_API_KEY)', horus: 'su client id y su secreto (HORUS_CLIENT_ID, HORUS_CLIENT_SECRET)',
};
const refused = (code) => (code === 'UNAUTHORIZED' ? 'rechazó las credenciales' : 'no encontró la cuenta');
const sameRow = (line) => `la misma fila que la ${line}`;
const samePerson = (kind, line) => (kind === 'email'
  ? `la misma persona de Equals que la fila ${line} (el mismo correo en la cuenta)`
  : `la misma persona que la fila ${line} (el mismo número de documento)`);
const notUtf8 = (what) => `${what} no es texto UTF-8 (¿una hoja guardada como "CSV (delimitado por comas)"?): guárdala como "CSV UTF-8" y vuelve a importar, `
  + 'o indica su codificación: --encoding windows-1252 (el "CSV (delimitado por comas)" de Excel en Windows)';
const readWrong = (what, encoding) => `${what} es texto UTF-8, que --encoding ${encoding} lee mal (Ã± por ñ): importa sin --encoding`;
/** How a row ended, as its status says it (the results file keeps the status itself). */
const ENDED = { failed: 'fallida', unknown: 'sin confirmar', invalid: 'con errores', pending: 'sin enviar', skipped: 'sin enviar (repetida)' };

export const ES = {
  line: (n) => `fila ${n}`,

  // --- Lo que pasó con cada fila (la columna de mensajes del archivo de resultados, RowOutcome.message).
  notStarted: 'no se envió: la importación se detuvo antes de empezar esta fila',
  sameRowSentOnce: (first) => `${sameRow(first)}: se envió una sola vez`,
  failedEarlier: 'falló en una importación anterior por un motivo que otro intento no arregla: corrige la fila para enviarla de nuevo',
  unsettled: '(la creación de esta fila en una importación anterior pudo haber creado a la persona: la próxima importación, con la fila corregida, la busca antes de enviarla)',
  editedRow: ({ name, made, id, line }) => {
    const what = made === 'doubt' ? `pudo haber creado una persona en ${name} (no se supo si la creación se completó)`
      : `${made === 'made' ? 'creó' : 'encontró'} la persona ${id ?? '(id desconocido)'} en ${name}`;
    return `no se envió: una importación anterior con este registro ${what} a partir de la fila ${line}, cuando la fila tenía otros datos; `
      + `esta fila se editó después (o ocupó el lugar de aquella), y ${name} tendría a una segunda persona. `
      + `Corrige esa persona en ${name}, o vuelve a importar con --send-edited-rows para crear esta fila como una persona nueva`;
  },
  invalidElsewhere: (providers) => `no se envió: la fila tiene errores para ${named(providers)}`,
  photoUnreadable: 'no se pudo leer',
  lookupStopped: 'no se volvió a buscar: la importación se detuvo (no se sabe si una importación anterior creó a esta persona: la próxima la busca primero)',
  lookupCannotTell: (why) => `una importación anterior pudo haber creado a esta persona y la búsqueda no pudo confirmarlo (${why}): no se envió; la próxima importación la vuelve a buscar primero`,
  stoppedAfter: (code) => `no se volvió a enviar: la importación se detuvo (el último intento: ${code})`,
  stopped: 'no se envió: la importación se detuvo',
  setupRefusedRow: (p, code, line) => `no se envió: ${NAMES[p] ?? p} ${refused(code)} en la fila ${line}; corrígelo y vuelve a importar`,
  lookupRateLimited: 'Equals respondió 429 (demasiadas solicitudes) a cada búsqueda previa a la creación: no se envió',
  alreadyOnAccount: 'ya estaba en la cuenta: no se volvió a crear',
  journalNotWritten: 'no se envió: no se pudo escribir en el registro',
  horusAfterRepeat: 'está en Horus: la creó un intento anterior de esta fila cuya respuesta se perdió, o ya estaba antes',
  alreadyInHorus: 'ya estaba en Horus: no se creó nada nuevo',
  madeEarlier: 'la creó una importación anterior cuya respuesta se perdió o no se entendió (la encontró una búsqueda): no se volvió a crear',
  alreadyMaybeOurs: 'ya estaba en la cuenta, quizá creada por una importación anterior con esta fila antes de editarla: no se volvió a crear',
  samePerson,
  duplicateSentOnce: (same) => `${same}: se envió una sola vez`,
  duplicateNotSent: (same, line, status) => `${same}: no se envió; la fila ${line} terminó ${ENDED[status] ?? status}: revísala`,
  doneEarlier: 'hecho en una importación anterior',

  // --- Problemas de una fila que encuentra el importador (sus celdas, no las reglas de un proveedor).
  tooManyCells: (n) => `${n} ${s(n, 'celda', 'celdas')} más que las columnas del encabezado`,
  tooFewCells: (n) => `${n} ${s(n, 'celda', 'celdas')} menos que las columnas del encabezado (¿se perdió una celda, o la línea se partió en dos?)`,
  quoteRunsOver: (from, to) => `una celda entre comillas va de la línea ${from} a la ${to} (¿unas comillas que no se cerraron en su línea?): las líneas ${from}–${to} se leyeron como esta sola fila`,
  notUtf8Line: notUtf8('la línea'),
  readWrongLine: (encoding) => readWrong('la línea', encoding),
  brokenQuoting: (code) => `${code === 'CSV_QUOTE_NOT_CLOSED' ? 'unas comillas abiertas aquí no se cierran nunca'
    : code === 'CSV_MAX_RECORD_SIZE' ? 'la fila que empieza aquí pasa de 8 MiB (las fotos van en archivos, nombrados en la columna de la foto)'
      : 'las comillas del CSV están mal aquí (unas comillas dentro de una celda se escriben "")'}: el resto del archivo no se leyó. Corrígelo y vuelve a importar con el mismo registro (guarda lo que ya se envió)`,
  jsonLineTooLong: 'la línea pasa de 8 MiB (las fotos van en archivos, nombrados en la columna de la foto): no se leyó',
  notJson: 'no es JSON válido',
  notJsonObject: 'no es un objeto JSON',
  inexactNumber: (key) => `el número de "${key}" tiene más dígitos de los que se pueden leer con exactitud: escríbelo como texto ("…")`,
  scientificNumber: 'está escrito como número en notación científica (como 4.6E+07), como Excel muestra un número largo, '
    + 'así que pudo perder dígitos: en Excel, da a la columna el formato Texto (Formato de celdas › Texto), revisa los números '
    + 'y vuelve a guardar el archivo (un CSV como "CSV UTF-8")',
  wholeNameNoComma: (column) => `el nombre completo en "${column}" no está escrito "Apellidos, Nombres" con una coma, así que no se sabe qué palabras son los apellidos: `
    + 'escríbelo así (QUISPE MAMANI, Juan Carlos), o da los nombres por separado (columnas Nombres y Apellidos; en JSON Lines, firstName y lastName)',

  // El archivo de una foto (filas para Verifik): el texto de los validadores para una demasiado grande.
  photoTooLarge: (n) => `La foto ${n} pesa demasiado (máximo 10 MB)`,
  notAFile: (path) => `no es un archivo: ${path}`,
  webAddress: (path) => `es una dirección web, no un archivo: ${path} (descarga las fotos, las de un formulario de Google desde su carpeta de Drive, y escribe en la columna el nombre de sus archivos)`,
  noSuchFile: 'no existe el archivo',
  cannotRead: (path) => `no se pudo leer el archivo: ${path}`,
  windowsDrive: 'una ruta de un disco de Windows: copia las fotos a esta máquina y nómbralas desde la carpeta del archivo o de --photos-dir, con "/"',
  windowsFolders: (path) => `parece una ruta de Windows: aquí las carpetas se separan con "/", como en ${path}`,

  // --- Las líneas de la propia importación (salida y errores).
  setupRefused: (p, code, line) => `${NAMES[p] ?? p} ${refused(code)} (${code}) en la fila ${line}: `
    + `no se envían más filas a ${NAMES[p] ?? p} en esta importación; corrige ${code === 'UNAUTHORIZED' ? CREDENTIALS[p] : 'el id de la cuenta'} y vuelve a importar con el mismo registro, que las envía`,
  warning: (text) => `aviso: ${text}`,
  verifikNoCollection: 'aviso: Verifik sin --verifik-collection: una creación cuya respuesta se pierda no se puede buscar después, así que queda como desconocida',
  stopping: (signal) => `deteniendo: las creaciones ya enviadas terminan y se anotan en el registro (${signal === 'SIGTERM' ? 'una segunda señal sale ya' : 'Ctrl-C otra vez para salir ya'}; la próxima importación revisa lo que quedó en curso)`,
  editedWarning: (line, providers) => `aviso: fila ${line}: no se envió a ${named(providers)} (ROW_EDITED): una importación anterior con este registro creó allí a una persona con esta fila `
    + 'cuando tenía otros datos (¿se editó después?); corrige esa persona, o vuelve a importar con --send-edited-rows para crear esta fila como una nueva',
  editedMore: (n) => `${n} ${s(n, 'fila más rechazada', 'filas más rechazadas')} con ROW_EDITED: míralas en el archivo de resultados`,
  keysNotUsed: (line, keys) => `fila ${line}: claves sin usar (asígnalas con --map, o a null para no ver este aviso): ${list(keys)}`,
  photosNotFound: (n, dir, given) => `${n} ${s(n, 'foto no encontrada', 'fotos no encontradas')}: las rutas relativas se leen desde ${dir} (${given ? 'la carpeta de --photos-dir' : 'la carpeta del archivo importado'}); indica otra con --photos-dir`,
  files: (results, journal) => `resultados: ${results}\nregistro: ${journal}`,

  progressLine: (p, rows, done, failed, rate, eta, paused) => `${p}: ${rows} filas, ${done} ${s(done, 'hecha', 'hechas')}, ${failed} ${s(failed, 'fallida', 'fallidas')}, ${rate.replace('.', ',')}/s, quedan ${eta}${paused === null ? '' : `, en pausa ${paused} (demasiadas solicitudes)`}`,
  barFormat: '{provider} {bar} {value}/{total} | {done} hechas, {failed} fallidas | {rate}/s | quedan {etaText}{paused}',
  barPaused: (paused) => ` | en pausa ${paused}`,

  rowsIn: (rows, seconds, stopped) => `${rows} ${s(rows, 'fila', 'filas')} en ${seconds.replace('.', ',')} s${stopped ? ' (detenida: vuelve a importar con el mismo registro para continuar)' : ''}`,
  counts: {
    created: (n) => `${n} ${s(n, 'creada', 'creadas')}`,
    exists: (n) => `${n} ya ${s(n, 'estaba', 'estaban')}`,
    invalid: (n) => `${n} con errores`,
    failed: (n) => `${n} ${s(n, 'fallida', 'fallidas')}`,
    unknown: (n) => `${n} sin confirmar`,
    duplicateRows: (n) => `${n} ${s(n, 'fila repetida', 'filas repetidas')}`,
    duplicatePersons: (n, p) => `${n} ${s(n, 'persona repetida', 'personas repetidas')} (el ${p === 'equals' ? 'correo o número de documento' : 'número de documento'} de otra fila)`,
    pending: (n) => `${n} sin enviar`,
    earlier: (n) => `${n} ${s(n, 'hecha', 'hechas')} en una importación anterior`,
    reconciled: (n) => `${n} ${s(n, 'resuelta', 'resueltas')} con una búsqueda (encontradas tras una creación en duda: no se volvieron a enviar)`,
    retries: (n) => `${n} ${s(n, 'reintento', 'reintentos')}`,
  },
  dryChecked: (rows, providers, valid, invalid, duplicates) => `${rows} ${s(rows, 'fila revisada', 'filas revisadas')} para ${named(providers)}: ${valid} ${s(valid, 'correcta', 'correctas')}, ${invalid} con errores${duplicates}; no se envió nada`,
  dryDuplicates: (rows, persons) => {
    const parts = [];
    if (rows) parts.push(`${rows} ${s(rows, 'fila repetida', 'filas repetidas')}`);
    if (persons) parts.push(`${persons} ${s(persons, 'persona repetida', 'personas repetidas')}`);
    return parts.length === 0 ? '' : `; ${parts.join(' y ')} no se ${s(rows + persons, 'enviaría', 'enviarían')}`;
  },
  drySameRow: (line, first) => `fila ${line}: no se enviaría (DUPLICATE_ROW): ${sameRow(first)}`,
  drySamePerson: (line, first) => `fila ${line}: no se enviaría (DUPLICATE_PERSON): ${samePerson('identity', first)}`,
  drySameEmail: (line, first) => `fila ${line}: no se enviaría a Equals (DUPLICATE_PERSON): ${samePerson('email', first)}`,

  then: {
    horusDry: 'la importación enviaría los de las filas correctas a Horus tal como están',
    equalsDry: 'la importación enviaría los de las filas correctas a Equals tal como están',
    horus: 'los de las filas correctas se enviaron a Horus tal como están',
    equals: 'los de las filas correctas se enviaron a Equals tal como están (un número que ya está en Equals se corrige allí: al volver a importar, su fila se salta)',
  },
  shortIdentities: (n, first, then) => `aviso: ${n === 1 ? '1 número de documento tiene' : `${n} números de documento tienen`} menos de 8 dígitos, el primero en la fila ${first}: un DNI peruano tiene 8, y Excel quita los ceros a la izquierda de un número `
    + '(01234567 pasa a ser 1234567). Si la columna tiene DNI, dale el formato Texto en Excel (Formato de celdas › Texto), vuelve a escribir los ceros '
    + `y guarda el archivo de nuevo (un CSV como "CSV UTF-8"); ${then} (una cédula colombiana o un documento extranjero puede ser más corto: entonces no hay ningún error)`,
  mobiles: {
    PE: 'un celular peruano (9 dígitos, el primero un 9)',
    CO: 'un celular colombiano (10 dígitos, el primero un 3)',
  },
  localPhones: (n, first, then, country) => {
    const has = n === 1 ? '1 número de teléfono no tiene' : `${n} números de teléfono no tienen`;
    if (country) {
      return `nota: ${has} código de país y no ${s(n, 'es', 'son')} ${country.what}, el primero en la fila ${first}: ${then}. `
        + `--phone-country puso ${country.code} delante de los demás solamente`;
    }
    return `nota: ${has} código de país, el primero en la fila ${first}: ${then}. `
      + 'A un celular peruano ponle +51 delante, a uno colombiano +57, o importa con --phone-country PE (o CO), '
      + 'que lo pone delante de los números con la forma de un celular de ese país (personkit no añade nada sin que se lo pidas: de qué país es no le toca adivinarlo)';
  },
  unorderedDates: (n, first) => `nota: ${n === 1 ? '1 fecha de nacimiento está escrita' : `${n} fechas de nacimiento están escritas`} con el día y el mes en un orden que el archivo no dice, la primera en la fila ${first}: `
    + 'vuelve a importar con --date-format dd/mm/yyyy (Excel en español: 04/12/1990 es el 4 de diciembre) o --date-format mm/dd/yyyy, '
    + 'o titula la columna "Fecha de nacimiento (dd/mm/aaaa)"',
  serialDates: (n, first) => `nota: ${n === 1 ? '1 fecha de nacimiento es' : `${n} fechas de nacimiento son`} un número, la primera en la fila ${first}, como Excel guarda una fecha de una columna con formato Número o General: `
    + 'en Excel, da a la columna un formato de fecha (Formato de celdas › Fecha) y vuelve a guardar el archivo (un CSV como "CSV UTF-8")',

  settingsMissing: (names) => `indica ${list(names)} (con flags, --config o variables de entorno): los decide quien importa, nunca el archivo`,
  settingsWrong: 'los ajustes están mal, no las filas:',
  headerNotUtf8: notUtf8('su primera línea'),
  noKnownColumn: (below, sheet) => 'ninguna columna de su primera línea es una que el importador conozca (Nombres, Apellidos, Correo, Fecha de nacimiento, DNI, Foto, …): '
    + `${below === null ? '¿falta la línea de encabezado? Añade una, o nombra las columnas con --map' : `la línea ${below} parece el encabezado: borra las líneas de encima (¿un título?) y vuelve a importar`}`
    + `${sheet === undefined ? '' : ` (la hoja leída: ${sheet ?? 'la primera'}; indica otra con --sheet)`}`,
  datesTwoOrders: (column, named, flag) => `la columna "${column}" dice que sus fechas son ${named}, y --date-format dice ${flag}: ¿cuál es? Corrige uno de los dos`,
  sexHAndF: (column) => `la columna "${column}" tiene H y F: ¿su M es masculino (M/F, como en Perú y Colombia) o mujer (H/M, como en España)? Titúlala "${column} (M/F)" o "${column} (H/M)" y vuelve a importar`,

  workbookNotCsv: (path, format) => `${path} es ${format === 'xls' ? 'un libro de Excel 97–2003 (.xls)' : 'un libro de hoja de cálculo (un archivo .xlsx, o .ods: un zip)'}, no texto CSV: `
    + `en Excel, Archivo › Guardar como (o Guardar una copia), elige "CSV UTF-8 (delimitado por comas) (*.csv)" e importa ese archivo${format === 'xls' ? '' : '; un .xlsx con ese nombre se lee directamente, con read-excel-file instalado'}`,
  workbookTooLarge: (path, size, unzipped) => `${path} ${unzipped ? 'descomprimido pasa de' : 'pasa de'} ${size}, demasiado para leerlo entero como libro de Excel: `
    + 'guárdalo desde Excel como "CSV UTF-8 (delimitado por comas) (*.csv)", que se lee fila a fila',
  workbookNeedsReader: (path) => `${path} es un libro de Excel: para leerlo directamente, instala read-excel-file junto a personkit (npm install read-excel-file), o guárdalo desde Excel como "CSV UTF-8 (delimitado por comas) (*.csv)"`,
  workbookBroken: 'no es un libro que Excel pueda abrir: ábrelo en Excel y vuelve a guardarlo',
  noSuchSheet: (path, wanted, sheets) => `${path} no tiene la hoja ${wanted}: sus hojas son ${list(sheets)} (--sheet acepta un nombre o un número desde 1)`,
  saysItsEncoding: (bom) => `el archivo dice que es texto ${bom} (empieza con una marca de orden de bytes): importa sin --encoding`,
  headerReadWrong: (encoding) => readWrong('su primera línea', encoding),
  brokenHeader: (code) => (code === 'CSV_MAX_RECORD_SIZE' ? 'la línea de encabezado pasa de 8 MiB: ¿es un archivo CSV?'
    : 'las comillas de la línea de encabezado están mal: corrígelas (unas comillas dentro de un nombre se escriben "") y vuelve a importar'),
  notJsonLines: (path, pretty) => `${path} tiene ${pretty ? 'JSON con formato de varias líneas' : 'un array JSON'}, no JSON Lines (un objeto por línea); conviértelo con: jq -c '${pretty ? '.' : '.[]'}' ${path} > personas.jsonl`,
  journalIsOut: (path) => `--journal y --out son el mismo archivo (${path}): indica otro`,

  journalUnusable: (path, verb, why) => `no se pudo ${verb === 'read' ? 'leer' : 'escribir'} el registro ${path} (${why}): no se envió nada; indica otro --journal, o arregla la carpeta`,
  journalInUse: (path, pid) => `otra importación está usando el registro ${path} (proceso ${pid}); espera a que termine`,
  journalLockedByNobody: (path, lock) => `el registro ${path} está bloqueado (${lock}), pero el bloqueo no nombra ningún proceso (vacío o dañado): si ninguna importación usa este registro, borra ${lock} y vuelve a importar`,
  journalUnwritable: (path, why) => `no se pudo escribir en el registro ${path} (${why}): la importación se detuvo, y las creaciones ya enviadas terminaron; `
    + 'libera espacio y vuelve a importar con el mismo registro: busca lo que no pudo anotar',
  journalDamaged: (path) => `el registro ${path} tiene líneas pero ninguna cabecera de importación legible (¿su primera línea está dañada?): `
    + 'sus filas no se pueden reconocer, así que ninguna se da por nueva: cada fila se busca en Equals antes de enviarla, '
    + 'y Verifik y Horus responden "ya existe" a una persona que tienen',
  resultsUnwritable: (path, why, midRun) => `no se pudo escribir el archivo de resultados ${path} (${why}): ${midRun
    ? 'la importación se detuvo, y las creaciones ya enviadas terminaron y están en el registro; libera espacio y vuelve a importar con el mismo registro'
    : 'no se envió nada; indica otro --out'}`,

  sexHM: (column) => `"${column}" tiene H (hombre): su M se lee como mujer y se envía como F, como se escribe en los formularios de España`,
  columnsNotUsed: (columns) => `columnas sin usar (asígnalas con --map, o a null para no ver este aviso): ${list(columns.map((h) => (h === '' ? '(columnas sin nombre)' : h)))}`,
  wholeNameSplit: (column) => `"${column}" tiene el nombre completo: se lee como "Apellidos, Nombres" y se separa en su coma (QUISPE MAMANI, Juan Carlos); una fila cuyo nombre no tenga coma se rechaza, porque qué palabras son los apellidos no le toca adivinarlo al importador`,
  wholeNameNotSplit: (column) => `"${column}" tiene el nombre completo, que el importador no separa (qué palabras son los apellidos no le toca adivinarlo): sepáralo en una columna de nombres y otra de apellidos (Nombres, Apellidos), o asígnalo con --map`,
  halfColumn: (column, target) => `"${column}" es la segunda parte de ${target}, y ninguna columna tiene la primera: no se lee, porque sola no es ${target} completo (asígnala a ${target} con --map si lo es)`,
  mappedAbsent: (columns) => `columnas de --map que el archivo no tiene (¿una errata?): ${list(columns)}`,

  usage: {
    text: `uso: personkit import <archivo.csv|archivo.xlsx|archivo.jsonl> --to verifik,equals,horus [opciones]

  --to LISTA                sistemas en los que crear a cada persona (obligatorio)
  --dry-run                 revisa cada fila para cada sistema; no envía nada
  --map ARCHIVO             JSON { "Columna": "firstName" | "photo" | "extras.equals.jobTitle" | null }
  --photos-dir CARPETA      desde dónde se leen las rutas relativas de las fotos (por defecto: la carpeta del archivo)
  --concurrency N           creaciones a la vez por sistema (por defecto 4)
  --journal ARCHIVO         el registro, por defecto <archivo>.journal.jsonl; al volver a importar con él se salta lo ya hecho
  --out ARCHIVO             CSV de resultados (por defecto <archivo>.results.csv; .results.txt
                            para un archivo separado por tabulaciones)
  --config ARCHIVO          JSON { verifik: {…}, equals: {…}, horus: {…}, map, locale, photosDir, concurrency, dateFormat, encoding, phoneCountry, sheet }
                            (puede tener secretos; los flags mandan sobre él, y él sobre las variables de entorno)
  --verifik-collection C    colecciones de Verifik (separadas por comas)
  --equals-account-id ID    accountId de Equals (o EQUALS_ACCOUNT_ID)
  --equals-role ROL         roleName de Equals (por defecto Viewer)
  --no-equals-look-first    no busca cada fila en Equals antes de crearla (por defecto sí, con una solicitud
                            más por fila): solo para una primera importación a una cuenta que aún no puede tener
                            a estas personas (sin página de registro, sin otro registro de importación, sin copia
                            del archivo): una fila que la cuenta ya tiene recibe un segundo perfil y una segunda invitación
  --horus-category-id N     categoryId de Horus
  --horus-position-id N     positionId de Horus
  --verifik-base-url URL, --equals-base-url URL, --horus-base-url URL
  --timeout-ms N            por intento (por defecto 60000)
  --send-edited-rows        envía una fila con cuya línea una importación anterior con el registro creó una
                            persona en Verifik o Equals cuando tenía otros datos (rechazada por defecto: ROW_EDITED)
  --fsync                   hace fsync del registro tras cada línea (resiste un corte de luz; más lento)
  --progress-every S        segundos entre líneas de progreso cuando no es una terminal (por defecto 5)
  --locale es|en            el idioma de la importación: problemas de las filas, errores, resumen, notas (por
                            defecto es si el idioma de la máquina es el español, LC_ALL / LC_MESSAGES / LANG; si no, en)
  --date-format F           cómo escribe el archivo las fechas de nacimiento: yyyy-mm-dd (por defecto), dd/mm/yyyy
                            (Excel en español: 04/12/1990) o mm/dd/yyyy, con "/", "." o "-";
                            una fecha escrita 1990-12-04 se lee tal cual con cualquiera; un encabezado
                            que dice el orden, "Fecha de nacimiento (dd/mm/aaaa)", también lo fija
  --phone-country PE|CO     pone +51 (o +57) delante de los celulares escritos sin código de país
                            que tienen la forma de un celular de ese país (los demás se envían como están)
  --sheet S                 la hoja de un .xlsx que se lee: su nombre o su número desde 1 (por defecto la primera)
  --encoding E              un CSV que no está en UTF-8: windows-1252 (el "CSV (delimitado por comas)" de Excel
                            en Windows), iso-8859-15 o macintosh (por defecto utf-8)

Los secretos vienen de VERIFIK_TOKEN, EQUALS_API_KEY, HORUS_CLIENT_ID, HORUS_CLIENT_SECRET o del
archivo de --config, nunca de un flag; las URL base también de VERIFIK_BASE_URL, EQUALS_BASE_URL, HORUS_BASE_URL.
Código de salida: 0 todas las filas hechas, 1 alguna fila con errores, fallida o sin confirmar, 2 uso o ajustes, 130 interrumpida, 143 SIGTERM.`,
    line: 'uso: personkit import <archivo> --to verifik,equals,horus [opciones]   (personkit import --help)',
    integer: (name, min, max) => `--${name} debe ser un número entero de ${min} a ${max}`,
    jsonFile: (what, path, missing) => `${what} ${path}: ${missing ? 'no existe el archivo' : 'no es JSON válido'}`,
    notObject: (what, path) => `${what} ${path}: debe tener un objeto JSON { … }`,
    sheetNotXlsx: '--sheet es para archivos .xlsx',
    sheetNone: '--sheet no nombra ninguna hoja: da su nombre o su número desde 1',
    secretFlag: (name) => `--${name}: los secretos nunca se toman de un flag (se verían en ps y en el historial de la terminal); ponlo en una variable de entorno o en el archivo de --config`,
    flags: (message) => `no se entiende la línea de comandos: ${message}`,
    oneInput: 'indica un archivo para importar',
    toRequired: 'falta --to, por ejemplo --to verifik,equals,horus',
    unknownProvider: (p) => `--to: sistema desconocido "${p}" (verifik, equals, horus)`,
    toNone: '--to no nombra ningún sistema, por ejemplo --to verifik,equals,horus',
    configUnknown: (path, key, near, known) => `--config ${path}: ajuste desconocido ${key}${near ? ` (¿quisiste decir ${near}?)` : ''}; los ajustes son ${list(known)}`,
    configNotObject: (path, key) => `--config ${path}: "${key}" debe ser un objeto { … }`,
    configConcurrency: (path) => `--config ${path}: "concurrency" debe ser un número entero de 1 a 256`,
    configPhotosDir: (path) => `--config ${path}: "photosDir" debe ser la ruta de una carpeta, como texto`,
    lookFirstBoth: '--equals-look-first y --no-equals-look-first: elige uno',
    locale: '--locale debe ser es o en',
    dateFormat: (formats, written) => `--date-format debe ser uno de ${list(formats)} (el orden del día y el mes en las fechas del archivo), no "${written}"`,
    phoneCountry: (countries) => `--phone-country debe ser ${countries.join(' o ')}: el país de los celulares que el archivo escribe sin código de país`,
    encoding: (names) => `--encoding debe ser utf-8 (por defecto), ${list(names)}: windows-1252 es el "CSV (delimitado por comas)" de Excel guardado en Windows en español o inglés`,
    encodingNotCsv: '--encoding es para archivos CSV: los JSON Lines son UTF-8, y un libro de Excel dice el suyo',
    input: 'el archivo importado',
    sameFile: (a, b, path) => `${a} y ${b} son el mismo archivo (${path}): indica otro`,
    noFolder: (what, path) => `${what} ${path}: su carpeta no existe`,
    noSuchInput: (path) => `${path}: no existe el archivo`,
    inputNotFile: (path) => `${path}: no es un archivo (¿una carpeta?)`,
  },
};
