// enrolMany(rows, options): the importer as a library. Rows are neutral
// persons (photos as raw base64 or bytes); each is created at most once per
// provider, across runs that share a journal.
import { makeProviders, withStandInCredentials } from './providers.mjs';
import { Journal, NoJournal, targetMismatch } from './journal.mjs';
import { runImport } from './run.mjs';
import { rowKey, keyTexts } from './keys.mjs';
import { SeenRows } from './seen.mjs';
import { pickLocale } from '../enrol-messages.mjs';
import { invalidOptions, unknownOption } from './invalid.mjs';
import { MAX_PHOTO_BYTES, photoTooLarge } from './columns.mjs';
import { importWords } from './words.mjs';

const OPTIONS = ['providers', 'concurrency', 'journal', 'fsync', 'onProgress', 'onRow', 'signal', 'env', 'rowsInFlight', 'locale'];

/** INVALID_OPTIONS: `detail` what to fix, `field` the option, `message` personkit's words in the run's locale. */
const fail = (detail, field, options) => { throw invalidOptions(detail, { field, locale: options?.locale }); };

/**
 * @param {Iterable<object>|AsyncIterable<object>} rows
 * @param {import('../import.d.ts').EnrolManyOptions} options
 */
export async function enrolMany(rows, options = {}) {
  if (rows === null || typeof rows !== 'object' || !(Symbol.iterator in rows || Symbol.asyncIterator in rows)) {
    fail('rows must be an array or an (async) iterable of persons', 'rows', options);
  }
  for (const k of Object.keys(options)) if (!OPTIONS.includes(k)) fail(unknownOption(k, OPTIONS), k, options);
  return importRecords(persons(rows, options?.locale), options);
}

/** Shared by enrolMany and the CLI: rows already as records { line, key, cells?, load, problems? }. */
export async function importRecords(records, options) {
  const { concurrency, providers } = prepare(options, options.env ?? process.env);
  const words = importWords(options.locale);
  const journal = options.journal ? new Journal(options.journal, { fsync: options.fsync === true, words }) : new NoJournal();
  // Taken before the journal is read (load): a run that read it before another's lines went in would send those rows again.
  try {
    await journal.load();
    if (journal.damaged) {
      // Not stopped: moving the journal aside would make a new one, whose rows are trusted as never sent.
      const warning = words.journalDamaged(options.journal);
      if (options.onWarning) options.onWarning(warning);
      else process.emitWarning(warning, { code: 'PERSONKIT_JOURNAL_DAMAGED' });
    }
    const target = targetOf(providers);
    refuseOtherTarget(journal, target, options, (p) => journal.forget(p));
    journal.open(target);
  } catch (err) {
    journal.close(); // releases the lock
    throw err;
  }
  try {
    // A rerun that refuses edited rows (the CLI's): every row of the input, read once more first, so
    // that a line whose earlier content is still in the file (moved: the sheet sorted) is no edit of it.
    const inFile = options.editedRows === 'refuse' && journal.runs > 0 && options.allKeyTexts ? await keysOf(options.allKeyTexts(), journal) : undefined;
    options.onStart?.();
    return await runImport(keyed(records, journal.keys, journal.salt), { ...options, concurrency, providers, journal, inFile, words });
  } finally {
    journal.close();
  }
}

/**
 * What importRecords would refuse before its first row, checked the same
 * way without running it: for the CLI's dry run. No credential is needed (a
 * stand-in fills one absent, and nothing is sent), and the journal is read
 * without its lock, so a dry run beside a run on it still answers.
 */
export async function checkImport(options) {
  const { providers } = prepare(options, withStandInCredentials(options.env ?? process.env));
  if (!options.journal) return;
  const journal = new Journal(options.journal, { words: importWords(options.locale) });
  await journal.peek();
  refuseOtherTarget(journal, targetOf(providers), options);
}

/** The options checked, and the providers made (their clients too): INVALID_OPTIONS before any row is read. */
function prepare(options, env) {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256) fail('concurrency must be an integer from 1 to 256', 'concurrency', options);
  // Rows held at once: 0 held none, and the run waited for a slot forever.
  if (options.rowsInFlight !== undefined && !(Number.isSafeInteger(options.rowsInFlight) && options.rowsInFlight >= 1)) fail('rowsInFlight must be a positive integer', 'rowsInFlight', options);
  if (options.locale !== undefined && pickLocale(options.locale) === null) fail('locale must be \'es\' or \'en\' (or a tag of either, such as es-PE)', 'locale', options);
  return { concurrency, providers: makeProviders(options.providers, env, options.locale) };
}

const targetOf = (providers) => Object.fromEntries(Object.entries(providers).map(([p, v]) => [p, v.target]));

/**
 * Refuses a journal written for another target of a provider it may have
 * created persons in. A setting fixed after every create was refused (a
 * wrong category, say) made nothing: that provider's rows start afresh (`forget`).
 */
function refuseOtherTarget(journal, target, options, forget = () => {}) {
  for (const p of Object.keys(target)) {
    const differs = targetMismatch(journal.target, { [p]: target[p] });
    if (!differs) continue;
    if (journal.nothingMadeIn(p)) {
      forget(p);
      continue;
    }
    fail(`the journal ${options.journal} was written for another ${differs}, and persons were created with it: `
      + `for another target use another journal with only ${p} chosen (a new journal sends every row to each chosen provider again)`, 'journal', options);
  }
}

/** A row's key from its `keyTexts`, the way this journal keys its rows (`Journal#keys`). */
const keyFor = (texts, version, salt) => rowKey(texts[version === 1 ? 0 : 1], version === 3 ? salt : undefined);

/** Each record's key. */
async function* keyed(records, version, salt) {
  for await (const rec of records) {
    const { keyTexts: texts, ...r } = rec;
    yield texts ? { ...r, key: keyFor(texts, version, salt) } : r;
  }
}

/** The keys of rows given by their `keyTexts`, held as the run's own (`SeenRows`: outside the heap). */
async function keysOf(allTexts, journal) {
  const keys = new SeenRows();
  for await (const texts of allTexts) keys.set(keyFor(texts, journal.keys, journal.salt), 1);
  return keys;
}

async function* persons(rows, locale) {
  let line = 0;
  for await (const person of rows) {
    line += 1;
    const p = normalise(person);
    yield { line, keyTexts: keyTexts(p), peek: () => p, load: async () => withinLimit(person, p, locale) };
  }
}

/**
 * `p`, or the row error of its first photo given as bytes over the limit
 * (named as the CLI names a file too large): past the person's own size
 * budget it was refused as "details too long", no photo named.
 */
function withinLimit(person, p, locale) {
  const photos = Array.isArray(person?.photos) ? person.photos : [];
  const i = photos.findIndex((ph) => (ph instanceof Uint8Array || ph instanceof ArrayBuffer) && ph.byteLength > MAX_PHOTO_BYTES);
  if (i >= 0) throw photoTooLarge(i, importWords(locale));
  return p;
}

/** Photos as raw base64 (bytes are encoded here; strings are kept as they are). */
function normalise(person) {
  if (person === null || typeof person !== 'object' || !Array.isArray(person.photos)) return person;
  const photos = person.photos.map((ph) => (ph instanceof Uint8Array
    ? Buffer.from(ph.buffer, ph.byteOffset, ph.byteLength).toString('base64')
    : ph instanceof ArrayBuffer ? Buffer.from(ph).toString('base64') : ph));
  return { ...person, photos };
}
