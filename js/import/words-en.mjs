// The importer's own words in English: what `personkit import` prints around
// the rows, and the messages of the rows' outcomes that the importer (not a
// validator or a client) makes, in the results file and enrolMany's
// RowOutcome. words-es.mjs has the same keys; a test compares them.
// Codes, statuses, flags and field names are never translated.

const s = (n, one, many) => (n === 1 ? one : many);
const list = (items) => items.join(', ');
/** Where each provider's credentials are set, for the warning when they are refused. */
const CREDENTIALS = {
  verifik: 'token (VERIFIK_TOKEN)', equals: 'API key (EQUALS_API_KEY)', horus: 'client id and secret (HORUS_CLIENT_ID, HORUS_CLIENT_SECRET)',
};
const refused = (code) => (code === 'UNAUTHORIZED' ? 'refused the credentials' : 'did not find the account');
// Said by the run and by the dry run, and of a CSV's header line as of its other lines.
const sameRow = (line) => `the same row as line ${line}`;
const samePerson = (kind, line) => (kind === 'email'
  ? `the same Equals person as line ${line} (the same email on the account)`
  : `the same person as line ${line} (the same identity number)`);
const notUtf8 = (what) => `${what} is not UTF-8 text (a spreadsheet saved as "CSV (Comma delimited)"?): save it as "CSV UTF-8" and run again, `
  + 'or name its encoding: --encoding windows-1252 (Excel\'s "CSV (Comma delimited)" on Windows)';
const readWrong = (what, encoding) => `${what} is UTF-8 text, which --encoding ${encoding} reads wrong (Ã± for ñ): run without --encoding`;

export const EN = {
  // A row's place in the file, as the messages point at it.
  line: (n) => `line ${n}`,

  // --- Rows' outcomes (the results file's message column, RowOutcome.message).
  notStarted: 'not sent: the run was stopped before this row was started',
  sameRowSentOnce: (first) => `${sameRow(first)}: sent once`,
  failedEarlier: 'failed in an earlier run for a reason a retry does not fix: correct the row to send it again',
  unsettled: '(an earlier run\'s create of this row may have made the person: the next run with the row valid looks it up before sending)',
  editedRow: ({ name, made, id, line }) => {
    const what = made === 'doubt' ? `may have made a ${name} person (its create was left in doubt)`
      : `${made === 'made' ? 'made' : 'found'} ${name} person ${id ?? '(id not known)'}`;
    return `not sent: an earlier run with this journal ${what} from line ${line} when the line held other content; `
      + `this row was edited since (or took that line's place), and ${name} would get a second person. `
      + `Correct that person in ${name}, or run again with --send-edited-rows to create this row as a new person`;
  },
  invalidElsewhere: (providers) => `not sent: the row is invalid for ${list(providers)}`,
  photoUnreadable: 'could not be read',
  lookupStopped: 'not looked up again: the run was stopped (an earlier run\'s create of this row is in doubt: the next run looks it up first)',
  lookupCannotTell: (why) => `an earlier run may have created this person and the lookup could not tell (${why}): not sent; the next run looks it up again first`,
  stoppedAfter: (code) => `not sent again: the run was stopped (the last try: ${code})`,
  stopped: 'not sent: the run was stopped',
  setupRefusedRow: (p, code, line) => `not sent: ${p} ${refused(code)} on line ${line}; fix it and run again`,
  lookupRateLimited: 'Equals answered the lookup before the create 429 (rate limited) every time: not sent',
  alreadyOnAccount: 'already on the account: not created again',
  journalNotWritten: 'not sent: the journal could not be written',
  horusAfterRepeat: 'in Horus: made by an earlier try of this row whose answer was lost, or already there before',
  alreadyInHorus: 'already in Horus: nothing new created',
  madeEarlier: 'made by an earlier run whose answer was lost or not understood (found by a lookup): not created again',
  alreadyMaybeOurs: 'already on the account, perhaps made by an earlier run from this row before it was edited: not created again',
  samePerson,
  duplicateSentOnce: (same) => `${same}: sent once`,
  duplicateNotSent: (same, line, status) => `${same}: not sent; line ${line} ended ${status}: see it`,
  doneEarlier: 'done in an earlier run',

  // --- Problems of a row the importer finds (its cells, not a provider's rules).
  tooManyCells: (n) => `${n} more cell(s) than the header has columns`,
  tooFewCells: (n) => `${n} cell(s) fewer than the header has columns (a cell lost, or the line broken in two?)`,
  quoteRunsOver: (from, to) => `a quoted cell runs from line ${from} to line ${to} (a quote never closed on its line?): lines ${from}–${to} were read as this one row`,
  notUtf8Line: notUtf8('the line'),
  readWrongLine: (encoding) => readWrong('the line', encoding),
  brokenQuoting: (code) => `${code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quote opened here is never closed'
    : code === 'CSV_MAX_RECORD_SIZE' ? 'the row starting here is longer than 8 MiB (photos go in files, named in the photo column)'
      : 'the CSV quoting is broken here (a quote inside a cell is written "")'}: the rest of the file was not read. Fix it and run again with the same journal (it keeps what was sent)`,
  jsonLineTooLong: 'the line is longer than 8 MiB (photos go in files, named in the photo column): not read',
  notJson: 'not valid JSON',
  notJsonObject: 'not a JSON object',
  inexactNumber: (key) => `the number in "${key}" has more digits than can be read exactly: write it as a string ("…")`,
  scientificNumber: 'is written as a number in scientific notation (such as 4.6E+07), as Excel shows a long number, '
    + 'so its digits may be lost: in Excel, format the column as Text (Format Cells › Text), check the numbers, '
    + 'and save the file again (a CSV as "CSV UTF-8")',
  wholeNameNoComma: (column) => `the whole name in "${column}" is not written "Surnames, Given names" with one comma, so which words are the surnames is not known: `
    + 'write it so (QUISPE MAMANI, Juan Carlos), or give the names apart (columns Nombres and Apellidos; in JSON Lines, firstName and lastName)',

  // A photo's file (Verifik's rows): the validators' words for one too large (src/wasm/messages).
  photoTooLarge: (n) => `Photo ${n} is too large (at most 10 MB)`,
  notAFile: (path) => `not a file: ${path}`,
  webAddress: (path) => `a web address, not a file: ${path} (download the photos, a Google Form's from its Drive folder, and name their files in the column)`,
  noSuchFile: 'no such file',
  cannotRead: (path) => `cannot read the file: ${path}`,
  windowsDrive: 'a path on a Windows drive: copy the photos here, named from the file\'s folder or --photos-dir with "/"',
  windowsFolders: (path) => `it looks like a Windows path: here folders are separated by "/", as in ${path}`,

  // --- The run's own lines (stdout, stderr).
  setupRefused: (p, code, line) => `${p} ${refused(code)} (${code}) on line ${line}: `
    + `no more rows are sent to ${p} in this run; fix ${code === 'UNAUTHORIZED' ? `its ${CREDENTIALS[p]}` : 'the account id'} and run again with the same journal, which sends them`,
  warning: (text) => `warning: ${text}`,
  verifikNoCollection: 'warning: Verifik without --verifik-collection: a create whose answer is lost cannot be looked up, so it stays unknown',
  stopping: (signal) => `stopping: the creates already sent finish and are written to the journal (${signal === 'SIGTERM' ? 'a second signal quits now' : 'Ctrl-C again to quit now'}; the next run checks what was in flight)`,
  editedWarning: (line, providers) => `warning: line ${line}: not sent to ${list(providers)} (ROW_EDITED): an earlier run with this journal made a person there from this line `
    + 'when it held other content (edited since?); correct that person, or run again with --send-edited-rows to create this row as a new one',
  editedMore: (n) => `${n} more row(s) refused ROW_EDITED: see the results file`,
  keysNotUsed: (line, keys) => `line ${line}: keys not used (map them with --map, or to null to silence this): ${list(keys)}`,
  photosNotFound: (n, dir, given) => `${n} ${s(n, 'photo', 'photos')} not found: relative paths are read from ${dir} (${given ? 'the --photos-dir' : 'the input file\'s folder'}); name another with --photos-dir`,
  files: (results, journal) => `results: ${results}\njournal: ${journal}`,

  // Progress, as the run goes: a line every few seconds, or a bar on a terminal (cli-progress's format).
  progressLine: (p, rows, done, failed, rate, eta, paused) => `${p}: ${rows} rows, ${done} done, ${failed} failed, ${rate}/s, ETA ${eta}${paused === null ? '' : `, paused ${paused} (rate limited)`}`,
  barFormat: '{provider} {bar} {value}/{total} | {done} done, {failed} failed | {rate}/s | ETA {etaText}{paused}',
  barPaused: (paused) => ` | paused ${paused}`,

  // The summaries.
  rowsIn: (rows, seconds, stopped) => `${rows} ${s(rows, 'row', 'rows')} in ${seconds} s${stopped ? ' (stopped: run again with the same journal to go on)' : ''}`,
  counts: {
    created: (n) => `${n} created`,
    exists: (n) => `${n} already there`,
    invalid: (n) => `${n} invalid`,
    failed: (n) => `${n} failed`,
    unknown: (n) => `${n} unknown`,
    duplicateRows: (n) => `${n} duplicate ${s(n, 'row', 'rows')}`,
    duplicatePersons: (n, p) => `${n} duplicate ${s(n, 'person', 'persons')} (another row's ${p === 'equals' ? 'email or identity number' : 'identity number'})`,
    pending: (n) => `${n} not sent`,
    earlier: (n) => `${n} done in an earlier run`,
    reconciled: (n) => `${n} settled by a lookup (found after a create in doubt: not sent again)`,
    retries: (n) => `${n} retries`,
  },
  dryChecked: (rows, providers, valid, invalid, duplicates) => `${rows} ${s(rows, 'row', 'rows')} checked for ${list(providers)}: ${valid} valid, ${invalid} invalid${duplicates}; nothing was sent`,
  dryDuplicates: (rows, persons) => {
    const parts = [];
    if (rows) parts.push(`${rows} duplicate ${s(rows, 'row', 'rows')}`);
    if (persons) parts.push(`${persons} duplicate ${s(persons, 'person', 'persons')}`);
    return parts.length === 0 ? '' : `; ${parts.join(' and ')} would not be sent`;
  },
  drySameRow: (line, first) => `line ${line}: not to be sent (DUPLICATE_ROW): ${sameRow(first)}`,
  drySamePerson: (line, first) => `line ${line}: not to be sent (DUPLICATE_PERSON): ${samePerson('identity', first)}`,
  drySameEmail: (line, first) => `line ${line}: not to be sent to equals (DUPLICATE_PERSON): ${samePerson('email', first)}`,

  // Said once at the end, with the first line: what the rows' cells suggest fixing. `then`: what the run did with them.
  then: {
    horusDry: 'the run would send those of valid rows to Horus as they are',
    equalsDry: 'the run would send those of valid rows to Equals as they are',
    horus: 'those of valid rows were sent to Horus as they are',
    equals: 'those of valid rows were sent to Equals as they are (a number already in Equals is corrected there: a rerun skips its row)',
  },
  shortIdentities: (n, first, then) => `warning: ${n === 1 ? '1 identity number has' : `${n} identity numbers have`} fewer than 8 digits, the first on line ${first}: a Peruvian DNI has 8, and Excel drops a number's leading zeros `
    + '(01234567 becomes 1234567). If the column holds DNIs, format it as Text in Excel (Format Cells › Text), type the zeros back '
    + `and save the file again (a CSV as "CSV UTF-8"); ${then} (a Colombian cédula or a foreign document may be shorter: then nothing is wrong)`,
  mobiles: {
    PE: 'a Peruvian mobile (9 digits, the first a 9)',
    CO: 'a Colombian mobile (10 digits, the first a 3)',
  },
  localPhones: (n, first, then, country) => {
    const has = n === 1 ? '1 phone number has' : `${n} phone numbers have`;
    if (country) {
      return `note: ${has} no country code and ${s(n, 'is', 'are')} not ${country.what}, the first on line ${first}: ${then}. `
        + `--phone-country put ${country.code} in front of the others only`;
    }
    return `note: ${has} no country code, the first on line ${first}: ${then}. `
      + 'For a Peruvian mobile put +51 in front, for a Colombian one +57, or run with --phone-country PE (or CO), '
      + 'which puts it in front of the numbers shaped as that country\'s mobiles (personkit adds nothing unasked: which country is not its to guess)';
  },
  unorderedDates: (n, first) => `note: ${n === 1 ? '1 date of birth is' : `${n} dates of birth are`} written with the day and the month in an order the file does not name, the first on line ${first}: `
    + 'run again with --date-format dd/mm/yyyy (Excel in Spanish: 04/12/1990 is the 4th of December) or --date-format mm/dd/yyyy, '
    + 'or head the column "Fecha de nacimiento (dd/mm/aaaa)"',
  serialDates: (n, first) => `note: ${n === 1 ? '1 date of birth is' : `${n} dates of birth are`} a number, the first on line ${first}, as Excel saves a date from a column formatted as Number or General: `
    + 'in Excel, format the column as a date (Format Cells › Date) and save the file again (a CSV as "CSV UTF-8")',

  // The settings and the header line, when they stop the run before its first row (exit 2).
  settingsMissing: (names) => `set ${list(names)} (flags, --config or the environment): the importer decides them, never the file`,
  settingsWrong: 'the settings are wrong, not the rows:',
  headerNotUtf8: notUtf8('its first line'),
  // `sheet`: undefined for a CSV, null for a workbook's first sheet, else --sheet.
  noKnownColumn: (below, sheet) => 'no column of its first line is one the importer knows (First Name, Last Name, Email, Date of birth, DNI, Photo, …): '
    + `${below === null ? 'is the header line missing? Add one, or name the columns with --map' : `line ${below} looks like the header: delete the lines above it (a title?) and run again`}`
    + `${sheet === undefined ? '' : ` (the sheet read: ${sheet ?? 'the first'}; name another with --sheet)`}`,
  datesTwoOrders: (column, named, flag) => `the column "${column}" says its dates are ${named}, and --date-format says ${flag}: which is it? Correct one of them`,
  sexHAndF: (column) => `the column "${column}" holds H and F: is its M a man (M/F, as in Peru and Colombia) or a woman (H/M, as in Spain)? Head it "${column} (M/F)" or "${column} (H/M)" and run again`,

  // The file as a whole, refused before its first row (exit 2).
  workbookNotCsv: (path, format) => `${path} is ${format === 'xls' ? 'an Excel 97–2003 workbook (.xls)' : 'a spreadsheet workbook (an .xlsx file, or .ods: a zip)'}, not CSV text: `
    + `in Excel, File › Save As (or Save a Copy), choose "CSV UTF-8 (Comma delimited) (*.csv)" and import that file${format === 'xls' ? '' : '; an .xlsx named so is read directly, with read-excel-file installed'}`,
  workbookTooLarge: (path, size, unzipped) => `${path} ${unzipped ? 'unzips to more than' : 'is larger than'} ${size}, too large to read whole as a workbook: `
    + 'save it from Excel as "CSV UTF-8 (Comma delimited) (*.csv)", which is read row by row',
  workbookNeedsReader: (path) => `${path} is an Excel workbook: to read it directly, install read-excel-file beside personkit (npm install read-excel-file), or save it from Excel as "CSV UTF-8 (Comma delimited) (*.csv)"`,
  workbookBroken: 'not a workbook Excel can open: open it in Excel and save it again',
  noSuchSheet: (path, wanted, sheets) => `${path} has no sheet ${wanted}: its sheets are ${list(sheets)} (--sheet takes a name or a number from 1)`,
  saysItsEncoding: (bom) => `the file says it is ${bom} text (it starts with a byte order mark): run without --encoding`,
  headerReadWrong: (encoding) => readWrong('its first line', encoding),
  brokenHeader: (code) => (code === 'CSV_MAX_RECORD_SIZE' ? 'the header line is longer than 8 MiB: is this a CSV file?'
    : 'the CSV quoting of the header line is broken: fix it (a quote inside a name is written "") and run again'),
  notJsonLines: (path, pretty) => `${path} holds ${pretty ? 'pretty-printed JSON' : 'a JSON array'}, not JSON Lines (one object per line); convert it with: jq -c '${pretty ? '.' : '.[]'}' ${path} > people.jsonl`,
  journalIsOut: (path) => `--journal and --out are the same file (${path}): name another one`,

  // The journal and the results file, when they cannot be used (`why`: the system's reason, as it says it).
  journalUnusable: (path, verb, why) => `the journal ${path} could not be ${verb} (${why}): nothing was sent; name another --journal, or fix the folder`,
  journalInUse: (path, pid) => `the journal ${path} is in use by another import (process ${pid}); wait for it to end`,
  journalLockedByNobody: (path, lock) => `the journal ${path} is locked (${lock}), but the lock names no process (empty or damaged): if no import runs on this journal, remove ${lock} and run again`,
  journalUnwritable: (path, why) => `the journal ${path} could not be written (${why}): the run stopped, and the creates already out finished; `
    + 'make room and run again with the same journal: it looks up what it could not record',
  journalDamaged: (path) => `the journal ${path} has lines but no readable run header (its first line damaged?): `
    + 'its rows cannot be matched, so none is trusted as new: each row is looked up in Equals before it is sent, '
    + 'Verifik and Horus answer a person they have "already exists"',
  resultsUnwritable: (path, why, midRun) => `the results file ${path} could not be written (${why}): ${midRun
    ? 'the run stopped, and the creates already out finished and are in the journal; make room and run again with the same journal'
    : 'nothing was sent; name another --out'}`,

  // What the header decided, said before the first row.
  sexHM: (column) => `"${column}" holds H (hombre): its M is read as mujer, sent as F, as forms in Spain write them`,
  columnsNotUsed: (columns) => `columns not used (map them with --map, or to null to silence this): ${list(columns.map((h) => (h === '' ? '(columns with no name)' : h)))}`,
  wholeNameSplit: (column) => `"${column}" holds the whole name: it is read as "Surnames, Given names", split at its comma (QUISPE MAMANI, Juan Carlos); a row whose name has no comma is refused, since which words are the surnames is not the importer's to guess`,
  wholeNameNotSplit: (column) => `"${column}" holds the whole name, which the importer does not split (which words are the surnames is not for it to guess): split it into a first-name and a last-name column (Nombres, Apellidos), or map it with --map`,
  halfColumn: (column, target) => `"${column}" is the second part of ${target}, and no column holds its first part: not read, since alone it is not the whole ${target} (map it to ${target} with --map if it is)`,
  mappedAbsent: (columns) => `mapped columns the file does not have (a typo?): ${list(columns)}`,

  // The command line: `--help`, and what is wrong with the flags or the config file (exit 2).
  usage: {
    text: `usage: personkit import <file.csv|file.xlsx|file.jsonl> --to verifik,equals,horus [options]

  --to LIST                 providers to create each person in (required)
  --dry-run                 check every row for every provider; send nothing
  --map FILE                JSON { "Column": "firstName" | "photo" | "extras.equals.jobTitle" | null }
  --photos-dir DIR          where relative photo paths start (default: the file's folder)
  --concurrency N           creates out at once per provider (default 4)
  --journal FILE            default <file>.journal.jsonl; a rerun with it skips what is done
  --out FILE                results CSV (default <file>.results.csv; .results.txt
                            for a file separated by tabs)
  --config FILE             JSON { verifik: {…}, equals: {…}, horus: {…}, map, locale, photosDir, concurrency, dateFormat, encoding, phoneCountry, sheet }
                            (may hold secrets; flags win over it, it over the environment)
  --verifik-collection C    Verifik collections (comma-separated)
  --equals-account-id ID    Equals accountId (or EQUALS_ACCOUNT_ID)
  --equals-role ROLE        Equals roleName (default Viewer)
  --no-equals-look-first    do not look each row up in Equals before creating it (the default does, at one
                            more request a row): only for a first import to an account that cannot have
                            these people yet (no signup page, no other journal, no copy of the file): a row
                            the account already has gets a second persona and a second invitation email
  --horus-category-id N     Horus categoryId
  --horus-position-id N     Horus positionId
  --verifik-base-url URL, --equals-base-url URL, --horus-base-url URL
  --timeout-ms N            per attempt (default 60000)
  --send-edited-rows        send a row whose line an earlier run with the journal made a Verifik or Equals
                            person from when it held other content (refused by default: ROW_EDITED)
  --fsync                   fsync the journal after every line (survives a power cut; slower)
  --progress-every S        seconds between progress lines when not on a terminal (default 5)
  --locale es|en            the run's language: rows' problems, creates' errors, summary, notes (default: es
                            when the machine's language is Spanish, LC_ALL / LC_MESSAGES / LANG, else en)
  --date-format F           how the file writes dates of birth: yyyy-mm-dd (default), dd/mm/yyyy
                            (Excel in Spanish: 04/12/1990) or mm/dd/yyyy, with "/", "." or "-";
                            a date written 1990-12-04 is read as it is under any of them; a header
                            that says the order, "Fecha de nacimiento (dd/mm/aaaa)", sets it too
  --phone-country PE|CO     put +51 (or +57) in front of the mobile numbers written without a country
                            code that are shaped as that country's mobiles (others are sent as typed)
  --sheet S                 an .xlsx file's sheet to read: its name or number from 1 (default the first)
  --encoding E              a CSV not in UTF-8: windows-1252 (Excel's "CSV (Comma delimited)" on
                            Windows), iso-8859-15 or macintosh (default utf-8)

Secrets come from VERIFIK_TOKEN, EQUALS_API_KEY, HORUS_CLIENT_ID, HORUS_CLIENT_SECRET or the
config file, never from a flag; base URLs also from VERIFIK_BASE_URL, EQUALS_BASE_URL, HORUS_BASE_URL.
Exit status: 0 all rows done, 1 some row invalid, failed or unknown, 2 usage or settings, 130 interrupted, 143 SIGTERM.`,
    line: 'usage: personkit import <file> --to verifik,equals,horus [options]   (personkit import --help)',
    integer: (name, min, max) => `--${name} must be an integer from ${min} to ${max}`,
    jsonFile: (what, path, missing) => `${what} ${path}: ${missing ? 'no such file' : 'not valid JSON'}`,
    notObject: (what, path) => `${what} ${path}: must hold a JSON object { … }`,
    sheetNotXlsx: '--sheet is for .xlsx files',
    sheetNone: '--sheet names no sheet: give its name or its number from 1',
    secretFlag: (name) => `--${name}: secrets are never taken from a flag (it would show in ps and the shell's history); set it in the environment or the --config file`,
    flags: (message) => message,
    oneInput: 'name one input file',
    toRequired: '--to is required, e.g. --to verifik,equals,horus',
    unknownProvider: (p) => `--to: unknown provider "${p}" (verifik, equals, horus)`,
    toNone: '--to names no provider, e.g. --to verifik,equals,horus',
    configUnknown: (path, key, near, known) => `--config ${path}: unknown setting ${key}${near ? ` (did you mean ${near}?)` : ''}; the settings are ${list(known)}`,
    configNotObject: (path, key) => `--config ${path}: "${key}" must be an object { … }`,
    configConcurrency: (path) => `--config ${path}: "concurrency" must be an integer from 1 to 256`,
    configPhotosDir: (path) => `--config ${path}: "photosDir" must be a folder's path, as text`,
    lookFirstBoth: '--equals-look-first and --no-equals-look-first: choose one',
    locale: '--locale must be es or en',
    dateFormat: (formats, written) => `--date-format must be one of ${list(formats)} (the order of day and month in the file's dates), not "${written}"`,
    phoneCountry: (countries) => `--phone-country must be ${countries.join(' or ')}: the country of the mobile numbers the file writes without a country code`,
    encoding: (names) => `--encoding must be utf-8 (the default), ${list(names)}: windows-1252 is Excel's "CSV (Comma delimited)" saved on Windows in Spanish or English`,
    encodingNotCsv: '--encoding is for CSV files: JSON Lines are UTF-8, and a workbook says its own',
    input: 'the input',
    sameFile: (a, b, path) => `${a} and ${b} are the same file (${path}): name another one`,
    noFolder: (what, path) => `${what} ${path}: its folder does not exist`,
    noSuchInput: (path) => `${path}: no such file`,
    inputNotFile: (path) => `${path}: not a file (a folder?)`,
  },
};
