// `personkit import` arguments: flags, then a config file, then the
// environment. Secrets (token, API key, client id and secret) come from the
// environment or the config file only: a flag would show in `ps` and in the
// shell's history.
import { parseArgs } from 'node:util';
import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { unknownOption } from './invalid.mjs';
import { readDateFormat } from './dates.mjs';
import { readEncoding } from './encoding.mjs';
import { formatOf } from './input.mjs';
import { MOBILES } from './local-phones.mjs';

export const USAGE = `usage: personkit import <file.csv|file.xlsx|file.jsonl> --to verifik,equals,horus [options]

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
Exit status: 0 all rows done, 1 some row invalid, failed or unknown, 2 usage or settings, 130 interrupted, 143 SIGTERM.`;

const SECRET_FLAGS = ['verifik-token', 'token', 'equals-api-key', 'api-key', 'apikey', 'horus-client-id', 'horus-client-secret', 'client-secret', 'client-id'];

const FLAGS = {
  to: { type: 'string' }, 'dry-run': { type: 'boolean' }, map: { type: 'string' }, 'photos-dir': { type: 'string' },
  concurrency: { type: 'string' }, journal: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' },
  'verifik-collection': { type: 'string' }, 'equals-account-id': { type: 'string' }, 'equals-role': { type: 'string' }, 'equals-look-first': { type: 'boolean' }, 'no-equals-look-first': { type: 'boolean' },
  'horus-category-id': { type: 'string' }, 'horus-position-id': { type: 'string' },
  'verifik-base-url': { type: 'string' }, 'equals-base-url': { type: 'string' }, 'horus-base-url': { type: 'string' },
  'timeout-ms': { type: 'string' }, fsync: { type: 'boolean' }, 'send-edited-rows': { type: 'boolean' }, 'progress-every': { type: 'string' }, locale: { type: 'string' }, 'date-format': { type: 'string' }, encoding: { type: 'string' }, sheet: { type: 'string' }, 'phone-country': { type: 'string' }, help: { type: 'boolean', short: 'h' },
};

/** What a --config file may hold (each provider's object holds its own settings, checked by the providers' rules). */
const CONFIG_KEYS = ['verifik', 'equals', 'horus', 'map', 'locale', 'photosDir', 'concurrency', 'dateFormat', 'encoding', 'phoneCountry', 'sheet'];

export class UsageError extends Error {}

const int = (v, name, min, max) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return n;
};

/** A JSON file that must hold an object (`null`, a list or a number is a usage error, not a crash later). */
function readJson(path, what) {
  let value;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${what} ${path}: ${err.code === 'ENOENT' ? 'no such file' : 'not valid JSON'}`);
  }
  if (!isObject(value)) throw new UsageError(`${what} ${path}: must hold a JSON object { … }`);
  return value;
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `es` when the machine speaks Spanish, as POSIX tools read it (LC_ALL, then
 * LC_MESSAGES, then LANG: `es_PE.UTF-8`), or, with none set (Windows), as
 * the system's own settings give it; else undefined (English).
 */
function machineLocale(env) {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^es(?:$|[_.@-])/i.test(tag) ? 'es' : undefined;
}

/**
 * --sheet as read-excel-file takes it: a number names the sheet by its place, as Excel's
 * tabs count from 1 (a sheet named "2" is reached by its place), other text by its name.
 */
function readSheetName(given, format) {
  if (given === undefined) return undefined;
  if (format !== 'xlsx') throw new UsageError('--sheet is for .xlsx files');
  const text = String(given).trim();
  if (/^0*$/.test(text)) throw new UsageError('--sheet names no sheet: give its name or its number from 1');
  return /^\d+$/.test(text) ? Number(text) : String(given);
}

/** The command line → everything the import needs (providers as enrolMany takes them). */
export function parseImportArgs(argv, env = process.env) {
  for (const a of argv) {
    const name = /^--([^=]+)/.exec(a)?.[1];
    if (name && SECRET_FLAGS.includes(name.toLowerCase())) {
      throw new UsageError(`--${name}: secrets are never taken from a flag (it would show in ps and the shell's history); set it in the environment or the --config file`);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { help: true };
  if (positionals.length !== 1) throw new UsageError('name one input file');
  if (!v.to) throw new UsageError('--to is required, e.g. --to verifik,equals,horus');
  const to = [...new Set(v.to.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  for (const p of to) if (!['verifik', 'equals', 'horus'].includes(p)) throw new UsageError(`--to: unknown provider "${p}" (verifik, equals, horus)`);
  // `--to ,` named none: the dry run checked every row for nothing and said all were valid.
  if (to.length === 0) throw new UsageError('--to names no provider, e.g. --to verifik,equals,horus');

  const config = v.config ? readJson(v.config, '--config') : {};
  // A key not read would be ignored: a typo would fall back to a default, a "dryRun" would send.
  for (const k of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(k)) throw new UsageError(`--config ${v.config}: ${unknownOption(k, CONFIG_KEYS, 'setting')}`);
  }
  for (const k of ['verifik', 'equals', 'horus', 'map']) {
    if (config[k] !== undefined && !isObject(config[k])) throw new UsageError(`--config ${v.config}: "${k}" must be an object { … }`);
  }
  // Checked here, as their flags are: found only by the run, they passed a dry run first.
  if (config.concurrency !== undefined && !(Number.isSafeInteger(config.concurrency) && config.concurrency >= 1 && config.concurrency <= 256)) {
    throw new UsageError(`--config ${v.config}: "concurrency" must be an integer from 1 to 256`);
  }
  if (config.photosDir !== undefined && (typeof config.photosDir !== 'string' || config.photosDir === '')) {
    throw new UsageError(`--config ${v.config}: "photosDir" must be a folder's path, as text`);
  }
  const providers = {};
  for (const p of to) providers[p] = { ...(config[p] ?? {}) };
  const set = (p, k, value) => { if (providers[p] && value !== undefined) providers[p][k] = value; };
  set('verifik', 'collections', v['verifik-collection']?.split(',').map((s) => s.trim()).filter(Boolean));
  set('equals', 'accountId', v['equals-account-id'] ?? (providers.equals?.accountId === undefined ? env.EQUALS_ACCOUNT_ID || undefined : undefined));
  set('equals', 'roleName', v['equals-role']);
  if (providers.equals) providers.equals.roleName ??= 'Viewer';
  // Looking first is the default (--equals-look-first is kept for scripts that say it).
  if (v['equals-look-first'] && v['no-equals-look-first']) throw new UsageError('--equals-look-first and --no-equals-look-first: choose one');
  if (v['equals-look-first']) set('equals', 'lookFirst', true);
  if (v['no-equals-look-first']) set('equals', 'lookFirst', false);
  set('horus', 'categoryId', int(v['horus-category-id'], 'horus-category-id', 1, 2 ** 31 - 1));
  set('horus', 'positionId', int(v['horus-position-id'], 'horus-position-id', 1, 2 ** 31 - 1));
  for (const p of to) set(p, 'baseUrl', v[`${p}-base-url`]);
  const timeoutMs = int(v['timeout-ms'], 'timeout-ms', 1, 600_000);
  if (timeoutMs !== undefined) for (const p of to) providers[p].timeoutMs = timeoutMs;

  const given = v.locale ?? config.locale;
  if (given !== undefined && !['es', 'en'].includes(given)) throw new UsageError('--locale must be es or en');
  const locale = given ?? machineLocale(env);
  const { format: dateFormat, problem: dateProblem } = readDateFormat(v['date-format'] ?? config.dateFormat ?? 'yyyy-mm-dd');
  if (dateProblem) throw new UsageError(dateProblem);
  const input = positionals[0];
  const format = formatOf(input);
  const sheet = readSheetName(v.sheet ?? config.sheet, format);
  const phoneCountry = v['phone-country'] ?? config.phoneCountry;
  if (phoneCountry !== undefined && !Object.hasOwn(MOBILES, String(phoneCountry).toUpperCase())) {
    throw new UsageError(`--phone-country must be ${Object.keys(MOBILES).join(' or ')}: the country of the mobile numbers the file writes without a country code`);
  }
  const { encoding, problem: encodingProblem } = readEncoding(v.encoding ?? config.encoding ?? 'utf-8');
  if (encodingProblem) throw new UsageError(encodingProblem);
  if (encoding !== 'utf-8' && format !== 'csv') throw new UsageError('--encoding is for CSV files: JSON Lines are UTF-8, and a workbook says its own');
  const journal = v.journal ?? `${input}.journal.jsonl`;
  const out = v.out ?? `${input}.results.csv`; // .txt for a file separated by tabs: `resultsName`
  // The results overwrite --out and the journal is appended to: neither may be the spreadsheet, or each other.
  const files = [['the input', input], ['--journal', journal], ['--out', out]];
  for (const [i, [a, pa]] of files.entries()) {
    for (const [b, pb] of files.slice(i + 1)) {
      if (resolve(pa) === resolve(pb)) throw new UsageError(`${a} and ${b} are the same file (${pa}): name another one`);
    }
  }
  // A dry run writes neither.
  for (const [what, path] of v['dry-run'] === true ? [] : files.slice(1)) {
    if (!existsSync(dirname(resolve(path)))) throw new UsageError(`${what} ${path}: its folder does not exist`);
  }
  return {
    input,
    dryRun: v['dry-run'] === true,
    providers,
    mapping: v.map ? readJson(v.map, '--map') : config.map ?? {},
    photosDir: v['photos-dir'] ?? config.photosDir,
    concurrency: int(v.concurrency, 'concurrency', 1, 256) ?? config.concurrency ?? 4,
    journal,
    out,
    outGiven: v.out !== undefined,
    fsync: v.fsync === true,
    sendEditedRows: v['send-edited-rows'] === true,
    locale,
    dateFormat,
    dateFormatGiven: (v['date-format'] ?? config.dateFormat) !== undefined,
    encoding,
    sheet,
    phoneCountry: phoneCountry === undefined ? undefined : String(phoneCountry).toUpperCase(),
    progressEveryMs: (int(v['progress-every'], 'progress-every', 0, 3600) ?? 5) * 1000 || 200,
  };
}
