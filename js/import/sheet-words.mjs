// The words sheets use, in English and Spanish as people in Peru, Colombia
// and Spain write them: the headers that name the neutral person's fields,
// and the values of a sex or a nationality that mean a provider's code.
// Headers and words are compared as `norm` writes them.

export const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'gender', 'nationality', 'identityNumber'];
// Accents go too: a sheet from Peru or Colombia says "Teléfono" or "Telefono", "Género" or "Genero";
// and the signs around words: "N° DNI", "Nº de documento", "Fecha Nac.:", "Sexo (M/F)".
export const norm = (h) => String(h).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s_\-.°º#:()/]/g, '');
// A header with a note in brackets, as forms write them: "Fecha de nacimiento (dd/mm/aaaa)", "Sexo (M/F)".
export const withoutNote = (h) => norm(String(h).replace(/\([^)]*\)/g, ''));

/** `N° <what>`, `Nro. de <what>`, `Número <what>`, … as they normalise, each naming `field`. */
function numbered(whats, field) {
  const numbers = ['', 'n', 'nro', 'no', 'num', 'numero'];
  return whats.flatMap((w) => numbers.flatMap((n) => [[`${n}${w}`, field], [`${n}de${w}`, field]]));
}

/** Header spellings that mean a field, normalised. */
export const ALIASES = new Map([
  ...FIELDS.map((f) => [norm(f), f]),
  ['givenname', 'firstName'], ['surname', 'lastName'], ['familyname', 'lastName'],
  ['emailaddress', 'email'], ['mail', 'email'], ['mobile', 'phone'], ['phonenumber', 'phone'],
  ['dob', 'dateOfBirth'], ['birthdate', 'dateOfBirth'], ['birthday', 'dateOfBirth'],
  ['sex', 'gender'], ['country', 'nationality'], ['dni', 'identityNumber'], ['idnumber', 'identityNumber'],
  ['photo', 'photo'], ['photos', 'photo'], ['image', 'photo'], ['images', 'photo'], ['picture', 'photo'],
  // Spanish, as sheets in Peru and Colombia name them (the split names: PARTS).
  ['nombre', 'firstName'], ['nombres', 'firstName'], ['apellido', 'lastName'], ['apellidos', 'lastName'],
  ['correo', 'email'], ['correoelectronico', 'email'],
  // What a Google Form in Spanish heads the address it collects.
  ['direcciondecorreoelectronico', 'email'], ['direcciondecorreo', 'email'],
  ['fechadenacimiento', 'dateOfBirth'], ['fechanacimiento', 'dateOfBirth'],
  ['telefonocelular', 'phone'], ['telefonomovil', 'phone'],
  ['sexo', 'gender'], ['genero', 'gender'], ['nacionalidad', 'nationality'],
  // The document and its number, as sheets write them: DNI, N° DNI, Nro. Documento, No. de cédula,
  // Cédula de ciudadanía, Número de identificación; a phone: Celular, Nro. celular.
  ...numbered(['dni', 'documento', 'documentodeidentidad', 'cedula', 'ceduladeciudadania', 'identificacion'], 'identityNumber'),
  ...numbered(['celular', 'telefono', 'movil'], 'phone'),
  ['fechanac', 'dateOfBirth'], ['fechadenac', 'dateOfBirth'], ['fnacimiento', 'dateOfBirth'], ['fnac', 'dateOfBirth'],
  ['foto', 'photo'], ['fotos', 'photo'], ['fotografia', 'photo'], ['imagen', 'photo'],
]);

/** A note that makes a phone column not the mobile one (`Teléfono (fijo)`, `Phone (home)`), as `norm` writes it. */
export const LANDLINE = /fijo|casa|domicilio|oficina|trabajo|landline|home|work|office|fax/;

/**
 * Headers of a column holding a whole name. Which words are the surnames is
 * not the importer's to guess: only a name written as lists in Peru write it,
 * surnames first and a comma (`QUISPE MAMANI, Juan Carlos`), is split, at
 * the comma (whole-names.mjs); never under a header that puts the given names
 * first, where the comma might not mean that.
 */
export const WHOLE_NAMES = new Set(['name', 'fullname', 'nombrecompleto', 'apellidosynombres', 'apellidos,nombres', 'nombresyapellidos', 'nombreyapellido', 'nombreyapellidos']);
export const GIVEN_NAMES_FIRST = new Set(['nombresyapellidos', 'nombreyapellido', 'nombreyapellidos']);

/**
 * Columns that hold one part of a field, as sheets from Peru and Colombia
 * split the last name (and in Colombia the first name): the person's field is
 * both, joined with a space, first part first (`Quispe Ñañez`). A second part
 * is read only with its first: alone it would be sent as the whole name.
 */
export const PARTS = new Map([
  ['apellidopaterno', ['lastName', 0]], ['primerapellido', ['lastName', 0]],
  ['apellidomaterno', ['lastName', 1]], ['segundoapellido', ['lastName', 1]],
  ['primernombre', ['firstName', 0]], ['segundonombre', ['firstName', 1]],
]);

/**
 * What sheets write for the sex Verifik takes as M or F, in English and
 * Spanish (RENIEC writes Masculino/Femenino; Peru also says Varón). Any
 * other value is sent as it is, for the rules to refuse with the field named.
 */
export const SEXES = new Map([
  ...['f', 'female', 'woman', 'femenino', 'fem', 'mujer'].map((w) => [w, 'F']),
  ...['m', 'male', 'man', 'masculino', 'masc', 'hombre', 'varon'].map((w) => [w, 'M']),
]);
/** The same for a column headed "Sexo (H/M)", as forms in Spain write it: H is a man, M a woman. */
export const SEXES_HM = new Map([...SEXES, ['h', 'M'], ['m', 'F']]);

/**
 * Countries and nationalities as sheets from Peru and Colombia write them
 * (Spanish and English, either gender, accents and spaces ignored), as the
 * ISO code Equals takes (Verifik takes a code too). Another value goes to
 * the rules as it is.
 */
export const COUNTRIES = new Map(Object.entries({
  PE: 'peru peruana peruano peruvian', CO: 'colombia colombiana colombiano colombian',
  VE: 'venezuela venezolana venezolano venezuelan', EC: 'ecuador ecuatoriana ecuatoriano ecuadorian',
  BO: 'bolivia boliviana boliviano bolivian', CL: 'chile chilena chileno chilean',
  AR: 'argentina argentino argentine argentinian', MX: 'mexico mexicana mexicano mexican',
  BR: 'brasil brasilena brasileno brazil brazilian', PY: 'paraguay paraguaya paraguayo paraguayan',
  UY: 'uruguay uruguaya uruguayo uruguayan', PA: 'panama panamena panameno panamanian',
  CR: 'costarica costarricense costarican', CU: 'cuba cubana cubano cuban',
  DO: 'republicadominicana dominicana dominicano dominicanrepublic',
  GT: 'guatemala guatemalteca guatemalteco guatemalan', HN: 'honduras hondurena hondureno honduran',
  SV: 'elsalvador salvadorena salvadoreno salvadoran', NI: 'nicaragua nicaraguense nicaraguan',
  ES: 'espana espanola espanol spain spanish', US: 'estadosunidos eeuu estadounidense unitedstates usa',
}).flatMap(([code, words]) => words.split(' ').map((w) => [w, code])));
