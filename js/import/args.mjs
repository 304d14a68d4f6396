// `personkit import` arguments: flags, then a config file, then the
// environment. Secrets (token, API key, client id and secret) come from the
// environment or the config file only: a flag would show in `ps` and in the
// shell's history.
import { parseArgs } from 'node:util';
import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { didYouMean } from './invalid.mjs';
import { readDateFormat, DATE_FORMATS } from './dates.mjs';
import { readEncoding, SINGLE_BYTE } from './encoding.mjs';
import { formatOf } from './input.mjs';
import { MOBILES } from './local-phones.mjs';
import { EN } from './words-en.mjs';

/** `--help` in English (words-es.mjs has the Spanish). */
export const USAGE = EN.usage.text;

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

/** A usage error (exit 2): `say(words)` is its text in the run's language (words-en.mjs `usage`), `message` the English. */
export class UsageError extends Error {
  constructor(say) {
    super(say(EN));
    this.say = say;
  }
}

const int = (v, name, min, max) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError((w) => w.usage.integer(name, min, max));
  return n;
};

/** A JSON file that must hold an object (`null`, a list or a number is a usage error, not a crash later). */
function readJson(path, what) {
  let value;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError((w) => w.usage.jsonFile(what, path, err.code === 'ENOENT'));
  }
  if (!isObject(value)) throw new UsageError((w) => w.usage.notObject(what, path));
  return value;
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `es` when the machine speaks Spanish, as POSIX tools read it (LC_ALL, then
 * LC_MESSAGES, then LANG: `es_PE.UTF-8`), or, with none set (Windows), as
 * the system's own settings give it; else undefined (English).
 */
export function machineLocale(env) {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^es(?:$|[_.@-])/i.test(tag) ? 'es' : undefined;
}

/**
 * The language of `--help` and the usage errors, before the flags are read
 * (they may be what is wrong): `--locale es|en` as written, else the machine's.
 */
export function usageLocale(argv, env) {
  for (const [i, a] of argv.entries()) {
    const given = a === '--locale' ? argv[i + 1] : a.startsWith('--locale=') ? a.slice('--locale='.length) : undefined;
    if (given === 'es' || given === 'en') return given;
  }
  return machineLocale(env);
}

/**
 * --sheet as read-excel-file takes it: a number names the sheet by its place, as Excel's
 * tabs count from 1 (a sheet named "2" is reached by its place), other text by its name.
 */
function readSheetName(given, format) {
  if (given === undefined) return undefined;
  if (format !== 'xlsx') throw new UsageError((w) => w.usage.sheetNotXlsx);
  const text = String(given).trim();
  if (/^0*$/.test(text)) throw new UsageError((w) => w.usage.sheetNone);
  return /^\d+$/.test(text) ? Number(text) : String(given);
}

/** The command line → everything the import needs (providers as enrolMany takes them). */
export function parseImportArgs(argv, env = process.env) {
  for (const a of argv) {
    const name = /^--([^=]+)/.exec(a)?.[1];
    if (name && SECRET_FLAGS.includes(name.toLowerCase())) {
      throw new UsageError((w) => w.usage.secretFlag(name));
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((w) => w.usage.flags(err.message));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { help: true };
  if (positionals.length !== 1) throw new UsageError((w) => w.usage.oneInput);
  if (!v.to) throw new UsageError((w) => w.usage.toRequired);
  const to = [...new Set(v.to.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  for (const p of to) if (!['verifik', 'equals', 'horus'].includes(p)) throw new UsageError((w) => w.usage.unknownProvider(p));
  // `--to ,` named none: the dry run checked every row for nothing and said all were valid.
  if (to.length === 0) throw new UsageError((w) => w.usage.toNone);

  const config = v.config ? readJson(v.config, '--config') : {};
  // A key not read would be ignored: a typo would fall back to a default, a "dryRun" would send.
  for (const k of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(k)) throw new UsageError((w) => w.usage.configUnknown(v.config, String(k).slice(0, 40), didYouMean(k, CONFIG_KEYS), CONFIG_KEYS));
  }
  for (const k of ['verifik', 'equals', 'horus', 'map']) {
    if (config[k] !== undefined && !isObject(config[k])) throw new UsageError((w) => w.usage.configNotObject(v.config, k));
  }
  // Checked here, as their flags are: found only by the run, they passed a dry run first.
  if (config.concurrency !== undefined && !(Number.isSafeInteger(config.concurrency) && config.concurrency >= 1 && config.concurrency <= 256)) {
    throw new UsageError((w) => w.usage.configConcurrency(v.config));
  }
  if (config.photosDir !== undefined && (typeof config.photosDir !== 'string' || config.photosDir === '')) {
    throw new UsageError((w) => w.usage.configPhotosDir(v.config));
  }
  const providers = {};
  for (const p of to) providers[p] = { ...(config[p] ?? {}) };
  const set = (p, k, value) => { if (providers[p] && value !== undefined) providers[p][k] = value; };
  set('verifik', 'collections', v['verifik-collection']?.split(',').map((s) => s.trim()).filter(Boolean));
  set('equals', 'accountId', v['equals-account-id'] ?? (providers.equals?.accountId === undefined ? env.EQUALS_ACCOUNT_ID || undefined : undefined));
  set('equals', 'roleName', v['equals-role']);
  if (providers.equals) providers.equals.roleName ??= 'Viewer';
  // Looking first is the default (--equals-look-first is kept for scripts that say it).
  if (v['equals-look-first'] && v['no-equals-look-first']) throw new UsageError((w) => w.usage.lookFirstBoth);
  if (v['equals-look-first']) set('equals', 'lookFirst', true);
  if (v['no-equals-look-first']) set('equals', 'lookFirst', false);
  set('horus', 'categoryId', int(v['horus-category-id'], 'horus-category-id', 1, 2 ** 31 - 1));
  set('horus', 'positionId', int(v['horus-position-id'], 'horus-position-id', 1, 2 ** 31 - 1));
  for (const p of to) set(p, 'baseUrl', v[`${p}-base-url`]);
  const timeoutMs = int(v['timeout-ms'], 'timeout-ms', 1, 600_000);
  if (timeoutMs !== undefined) for (const p of to) providers[p].timeoutMs = timeoutMs;

  const given = v.locale ?? config.locale;
  if (given !== undefined && !['es', 'en'].includes(given)) throw new UsageError((w) => w.usage.locale);
  const locale = given ?? machineLocale(env);
  const dateGiven = v['date-format'] ?? config.dateFormat ?? 'yyyy-mm-dd';
  const { format: dateFormat } = readDateFormat(dateGiven);
  if (dateFormat === undefined) throw new UsageError((w) => w.usage.dateFormat(DATE_FORMATS, String(dateGiven).slice(0, 40)));
  const input = positionals[0];
  const format = formatOf(input);
  const sheet = readSheetName(v.sheet ?? config.sheet, format);
  const phoneCountry = v['phone-country'] ?? config.phoneCountry;
  if (phoneCountry !== undefined && !Object.hasOwn(MOBILES, String(phoneCountry).toUpperCase())) {
    throw new UsageError((w) => w.usage.phoneCountry(Object.keys(MOBILES)));
  }
  const { encoding } = readEncoding(v.encoding ?? config.encoding ?? 'utf-8');
  if (encoding === undefined) throw new UsageError((w) => w.usage.encoding(SINGLE_BYTE));
  if (encoding !== 'utf-8' && format !== 'csv') throw new UsageError((w) => w.usage.encodingNotCsv);
  const journal = v.journal ?? `${input}.journal.jsonl`;
  const out = v.out ?? `${input}.results.csv`; // .txt for a file separated by tabs: `resultsName`
  // The results overwrite --out and the journal is appended to: neither may be the spreadsheet, or each other.
  const files = [[null, input], ['--journal', journal], ['--out', out]];
  for (const [i, [a, pa]] of files.entries()) {
    for (const [b, pb] of files.slice(i + 1)) {
      if (resolve(pa) === resolve(pb)) throw new UsageError((w) => w.usage.sameFile(a ?? w.usage.input, b, pa));
    }
  }
  // A dry run writes neither.
  for (const [what, path] of v['dry-run'] === true ? [] : files.slice(1)) {
    if (!existsSync(dirname(resolve(path)))) throw new UsageError((w) => w.usage.noFolder(what, path));
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
