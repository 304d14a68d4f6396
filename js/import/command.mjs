// `personkit import`: the file → records → a dry-run report, or a run with
// progress, a journal and a results file. Prints the file's own line
// numbers, field names and messages; never a credential.
import { dirname, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { formatOf, readCsv, readJsonl, countRows } from './input.mjs';
import { readXlsx } from './xlsx.mjs';
import { planColumns, toPerson, withPhotos } from './columns.mjs';
import { excelNumberProblems } from './excel-numbers.mjs';
import { parseImportArgs, UsageError, usageLocale } from './args.mjs';
import { importRecords, checkImport } from './index.mjs';
import { keyTexts } from './keys.mjs';
import { check } from './run.mjs';
import { DryDuplicates } from './dry-duplicates.mjs';
import { ShortIdentities } from './short-identity.mjs';
import { LocalPhones, completePhone } from './local-phones.mjs';
import { DateNotes } from './date-notes.mjs';
import { wholeNameProblems } from './whole-names.mjs';
import { workbookProblem } from './workbook.mjs';
import { planHeader } from './header-plan.mjs';
import { REQUIRED, settingsErrors } from './providers.mjs';
import { Results, defaultResultsPath } from './results.mjs';
import { progress } from './progress.mjs';
import { importWords } from './words.mjs';
import { EN } from './words-en.mjs';

/** Runs the command; resolves with the exit status. */
export async function importCommand(argv, { out = process.stdout, err = process.stderr, env = process.env } = {}) {
  let args;
  try {
    args = parseImportArgs(argv, env);
    if (args.help) {
      out.write(`${importWords(usageLocale(argv, env)).usage.text}\n`);
      return 0;
    }
    const input = args.input;
    if (!existsSync(input)) throw new UsageError((w) => w.usage.noSuchInput(input));
    if (!statSync(input).isFile()) throw new UsageError((w) => w.usage.inputNotFile(input));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const said = importWords(args?.locale ?? usageLocale(argv, env));
    err.write(`personkit import: ${e.say(said)}\n\n${said.usage.text}\n`);
    return 2;
  }
  // Its own words in the run's language, as the rows' problems and the creates' errors come.
  const words = importWords(args.locale);
  const format = formatOf(args.input);
  const workbook = format === 'xlsx' ? null : workbookProblem(args.input, words);
  if (workbook !== null) {
    err.write(`personkit import: ${workbook}\n`);
    return 2;
  }
  // The file's records, from its start: read again for the sex column's letters and a rerun's keys.
  const readRows = () => (format === 'csv' ? readCsv(args.input, args.encoding, words) : format === 'xlsx' ? readXlsx(args.input, args.sheet, words) : readJsonl(args.input, words));
  const source = readRows();
  const photoDir = resolve(args.photosDir ?? dirname(args.input));
  let plan = null;
  let header = [];
  // The results file is written as the input was: JSON Lines has no delimiter of its own.
  let delimiter = ',';
  const withVerifik = 'verifik' in args.providers;

  // The header (CSV, workbook) decides the plan before the first row (header-plan.mjs); JSON Lines plans from each row's keys.
  let first;
  try {
    first = await source.next();
  } catch (e) {
    // Nothing was read or sent: the message says what to fix.
    if (e?.code !== 'NOT_JSON_LINES' && e?.code !== 'INVALID_CSV_HEADER') throw e;
    err.write(`personkit import: ${e.message}\n`);
    return 2;
  }
  // JSON Lines: broken lines have no keys; the first line that has some
  // gives the results file its input columns (the lines before it are kept).
  const ahead = [];
  if (format === 'jsonl') {
    let r = first;
    while (!r.done && Object.keys(r.value.cells).length === 0 && ahead.length < 1000) {
      ahead.push(r.value);
      r = await source.next();
    }
    if (!r.done) ahead.push(r.value);
    header = r.done ? [] : Object.keys(r.value.cells);
  } else {
    header = first.done ? [] : first.value.header;
    delimiter = first.done ? ',' : first.value.delimiter;
    if (!args.outGiven) args.out = defaultResultsPath(args.input, delimiter);
    if (resolve(args.out) === resolve(args.journal)) {
      err.write(`personkit import: ${words.journalIsOut(args.out)}\n`);
      return 2;
    }
    plan = await planHeader(header, { args, format, source, readRows, err, words });
    if (plan === null) return 2;
  }
  async function* lines() {
    yield* ahead;
    yield* source;
  }
  // JSON Lines: each key that fills nothing is named once, on the first line
  // that has it (the first 200 such keys: a file may make up keys per line).
  const unusedKeys = new Set();
  // Identity numbers Excel may have cut (its leading zeros): said once at the end, when Horus gets them.
  const short = new ShortIdentities();
  // Phones without a country code: said once at the end, when Equals gets them.
  const phones = new LocalPhones(args.phoneCountry);
  // Dates of birth written 04/12/1990 with no order named, or as Excel's numbers: how to fix them, said once at the end.
  const dates = new DateNotes();
  const datesSent = 'verifik' in args.providers || 'equals' in args.providers;
  async function* records() {
    for await (const r of lines()) {
      const p = plan ?? planColumns(Object.keys(r.cells), args.mapping);
      const fresh = plan || unusedKeys.size >= 200 ? [] : p.unused.filter((k) => !unusedKeys.has(k));
      if (fresh.length > 0) {
        for (const k of fresh) unusedKeys.add(k);
        err.write(`${words.keysNotUsed(r.line, fresh)}\n`);
      }
      const person = personOf(r.cells, p, args);
      const problems = [];
      if (r.problem) problems.push({ field: 'line', code: r.problemCode ?? 'INVALID_JSON', message: r.problem });
      if (r.extra) problems.push({ field: 'line', code: 'TOO_MANY_CELLS', message: words.tooManyCells(r.extra) });
      if (r.missing) problems.push({ field: 'line', code: 'TOO_FEW_CELLS', message: words.tooFewCells(r.missing) });
      // A quote left open (`"Quispe`) takes the lines up to the next quote into one cell: those
      // rows would vanish from the count. No field of a person holds a line break, so say where it ran.
      // Said with the row's own errors (the cell's line break is one), not instead of them.
      const ranOver = r.through && { field: 'line', code: 'INVALID_CSV', message: words.quoteRunsOver(r.line, r.through) };
      // A cell in a column not used may hold line breaks (notes); one holding lines shaped like
      // rows refuses the row even if it looks valid: swallowed rows must not pass as one.
      const notes = ranOver && (r.swallowsRows || p.columns.some(([h]) => [].concat(r.cells[h]).some((c) => /[\r\n]/.test(c)))) ? [ranOver] : undefined;
      const notesRefuse = Boolean(ranOver && r.swallowsRows);
      for (const e of p.errors ?? []) if (!plan) problems.push({ field: 'line', code: 'INVALID_MAPPING', message: e });
      problems.push(...excelNumberProblems(person, words), ...wholeNameProblems(r.cells, p.wholeName, words));
      const texts = keyTexts(person);
      if ('horus' in args.providers) short.note(r.line, person);
      if ('equals' in args.providers) phones.note(r.line, person);
      if (datesSent) dates.note(r.line, person);
      // Photos go to Verifik only: without it they are neither read nor checked.
      if (!withVerifik) delete person.photos;
      yield { line: r.line, cells: r.values ?? r.cells, keyTexts: texts, problems, notes, notesRefuse, peek: () => person, load: () => withPhotos(person, photoDir, words) };
    }
  }

  // A photo not found: said once at the end, with the folder its relative path was read from.
  const missing = { photos: 0, dir: photoDir };
  const notices = { short, phones, dates, words };
  if (args.dryRun) return dryRun(records(), args, out, err, missing, notices);
  return run(records(), args, { header, format, delimiter, allKeyTexts: () => allKeyTexts(readRows(), args, plan) }, out, err, missing, notices);
}

/** Every row's `keyTexts`, the file read again from its start: which rows it holds, wherever they moved. */
async function* allKeyTexts(rows, args, plan) {
  for await (const r of rows) {
    if (r.header !== undefined) continue;
    yield keyTexts(personOf(r.cells, plan ?? planColumns(Object.keys(r.cells), args.mapping), args));
  }
}

/** The person a record holds, as it is sent and keyed: its phone completed by --phone-country where Equals gets it. */
function personOf(cells, plan, args) {
  const person = toPerson(cells, plan, args.dateFormat);
  if ('equals' in args.providers) completePhone(person, args.phoneCountry);
  return person;
}

/**
 * What to print of an error refusing the run before its first row (exit 2), or undefined for another error.
 * A PersonkitError's message is for people ("the options are not valid"): its detail says what to fix.
 */
function refusal(e) {
  if (e?.code !== 'INVALID_OPTIONS' && e?.code !== 'JOURNAL_IN_USE' && e?.code !== 'JOURNAL_UNUSABLE') return undefined;
  return typeof e.detail === 'string' ? e.detail : e.message;
}

/** Rows refused ROW_EDITED named on stderr; the rest are counted at the end. */
const EDITED_SAID = 20;

/** A row refused ROW_EDITED (its line made a person from other content in an earlier run): said on stderr as it finishes. */
function editedRows(edited, r, err, words) {
  const providers = Object.keys(r.outcomes).filter((p) => r.outcomes[p].code === 'ROW_EDITED');
  if (providers.length === 0) return;
  edited.rows += 1;
  if (edited.rows > EDITED_SAID) return;
  err.write(`${words.editedWarning(r.line, providers)}\n`);
}

/** Counts a row's photos that were not found (ENOENT), for `photosHint`. */
function notFound(missing, errors, words) {
  for (const e of errors ?? []) if (e.code === 'PHOTO_UNREADABLE' && e.message?.startsWith(`${words.noSuchFile}:`)) missing.photos += 1;
}

/** "N photo(s) not found: relative paths are read from <dir> …", or nothing. */
function photosHint(missing, args, err, words) {
  if (missing.photos === 0) return;
  err.write(`${words.photosNotFound(missing.photos, missing.dir, args.photosDir !== undefined)}\n`);
}

/** Every row checked for every chosen provider: "line 17, email: …", a summary, exit 1 if any is invalid. */
async function dryRun(records, args, out, err, missing, { short, phones, dates, words }) {
  const serverFields = serverFieldsOf(args);
  const wrong = settingsProblem(serverFields, args.locale, words);
  if (wrong) {
    err.write(wrong);
    return 2;
  }
  // What the run would refuse (a client's option, a journal written for another target) is refused here, in the same words.
  try {
    await checkImport({ providers: args.providers, concurrency: args.concurrency, journal: args.journal, locale: args.locale });
  } catch (e) {
    if (!refusal(e)) throw e;
    err.write(`personkit import: ${refusal(e)}\n`);
    return 2;
  }
  const ctx = { serverFields, locale: args.locale, words };
  // What the run would skip, said as it would refuse it: the same row again, another row's person.
  const dups = new DryDuplicates(Object.keys(args.providers), serverFields, words);
  let rows = 0;
  let bad = 0;
  for await (const rec of records) {
    rows += 1;
    // As the run: a line with problems of its own is invalid, never a duplicate.
    const first = rec.problems?.length > 0 ? undefined : dups.sameRow(rec);
    if (first !== undefined) {
      out.write(`${words.drySameRow(rec.line, first)}\n`);
      continue;
    }
    const r = await check(rec, ctx);
    if (r.ok) {
      const same = dups.samePerson(rec);
      if (same !== null) out.write(`${same}\n`);
      continue;
    }
    bad += 1;
    notFound(missing, r.errors, words);
    for (const line of problemLines(rec.line, r.errors, words)) out.write(`${line}\n`);
  }
  out.write(`${words.dryChecked(rows, Object.keys(args.providers), rows - bad, bad, dups.said())}\n`);
  photosHint(missing, args, err, words);
  err.write(short.said(words, words.then.horusDry) ?? '');
  err.write(phones.said(words, words.then.equalsDry) ?? '');
  err.write(dates.said(words));
  return bad > 0 ? 1 : 0;
}

/** The importer's own fields per provider (what the flags set besides credentials and addresses). */
function serverFieldsOf(args) {
  return Object.fromEntries(Object.entries(args.providers).map(([p, o]) => {
    // What makes the client (credentials, connection) or the run (lookFirst) is no field of a person.
    const { token, apiKey, clientId, clientSecret, baseUrl, timeoutMs, fetch, headers, lookFirst, ...fields } = o;
    return [p, fields];
  }));
}

/** What is wrong with the settings (missing, or refused by the providers' rules), or null: then no row is read. */
function settingsProblem(serverFields, locale, words) {
  const missing = Object.entries(serverFields).flatMap(([p, f]) => REQUIRED[p].filter((k) => f[k] === undefined).map((k) => `${p}.${k}`));
  if (missing.length > 0) return `personkit import: ${words.settingsMissing(missing)}\n`;
  const setup = settingsErrors(serverFields, locale);
  if (setup.length === 0) return null;
  return `personkit import: ${words.settingsWrong}\n${setup.map((e) => `  ${e.provider}: ${e.field.slice(7)}: ${e.message}`).join('\n')}\n`;
}

/** "line 17, email: not an email address (equals, horus)": the same problem for several providers once; `words` the run's. */
export function problemLines(line, errors, words = EN) {
  const grouped = new Map();
  for (const e of errors) {
    const k = `${e.field}\u0000${e.message}`;
    const g = grouped.get(k) ?? { e, providers: [] };
    if (e.provider) g.providers.push(e.provider);
    grouped.set(k, g);
  }
  // A problem of the whole row has no field: "line 7: …", not "line 7, : …".
  return [...grouped.values()].map(({ e, providers }) => `${words.line(line)}${e.field ? `, ${e.field}` : ''}: ${e.message}${providers.length > 0 ? ` (${providers.join(', ')})` : ''}`);
}

async function run(records, args, { header, format, delimiter, allKeyTexts: allTexts }, out, err, missing, { short, phones, dates, words }) {
  const chosen = Object.keys(args.providers);
  // As the dry run does: wrong settings would make every row invalid, and be journaled so.
  const wrong = settingsProblem(serverFieldsOf(args), args.locale, words);
  if (wrong) {
    err.write(wrong);
    return 2;
  }
  if (args.providers.verifik && !args.providers.verifik.collections?.length) {
    err.write(`${words.verifikNoCollection}\n`);
  }
  // A workbook's rows are counted by reading it: the bar goes without a total (no ETA).
  const total = format === 'xlsx' ? undefined : await countRows(args.input, format);
  // JSON Lines rows may have different keys: the results file lists the first row's.
  const results = new Results(args.out, header, chosen, delimiter, words);
  const bars = progress({ providers: chosen, total, everyMs: args.progressEveryMs, out, words });
  // Ctrl-C, and SIGTERM as `docker stop`, systemd and `timeout` send it
  // (before a SIGKILL some seconds later): the first stops the run cleanly,
  // a second quits at once.
  const stop = new AbortController();
  let interrupts = 0;
  let stoppedBy = 130;
  const onSignal = (signal) => {
    interrupts += 1;
    if (interrupts === 1) {
      stoppedBy = signal === 'SIGTERM' ? 143 : 130;
      err.write(`\n${words.stopping(signal)}\n`);
      stop.abort(new Error('interrupted'));
    } else {
      // The bars hid the cursor and turned line wrapping off: given back, or the shell is left without them.
      bars.stop();
      process.exit(stoppedBy);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const edited = { rows: 0 };
  let summary;
  try {
    summary = await importRecords(records, {
      providers: args.providers, concurrency: args.concurrency, journal: args.journal, fsync: args.fsync, locale: args.locale,
      // A row whose line made a Verifik or Equals person from other content in an earlier run: refused (ROW_EDITED) unless asked.
      editedRows: args.sendEditedRows ? 'send' : 'refuse', allKeyTexts: allTexts,
      // Stopped, the rows not yet read are still read (not checked, not sent) and written as
      // `pending`: the results file accounts for every row of the input.
      signal: stop.signal, total, readAll: true,
      onStart: () => results.open(),
      onWarning: (w) => err.write(`${words.warning(w)}\n`),
      onRow: (r) => {
        notFound(missing, Object.values(r.outcomes).find((o) => o.errors)?.errors, words);
        editedRows(edited, r, err, words);
        results.row(r);
      },
      onProgress: (s) => bars.update(s),
    });
  } catch (e) {
    bars.stop();
    if (refusal(e)) {
      err.write(`personkit import: ${refusal(e)}\n`);
      return 2;
    }
    // A file that could not be written: before the first row (--out), or mid-run (a full disk), when the run stopped.
    if (e?.code === 'JOURNAL_WRITE_FAILED' || e?.code === 'RESULTS_WRITE_FAILED') {
      if (e.summary) out.write(`${summaryLines({ ...e.summary, stopped: true }, words).join('\n')}\n${words.files(args.out, args.journal)}\n`);
      err.write(`personkit import: ${e.message}\n`);
      return e.summary ? 1 : 2;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    results.close();
  }
  bars.stop(summary.rows);
  out.write(`${summaryLines(summary, words).join('\n')}\n${words.files(args.out, args.journal)}\n`);
  photosHint(missing, args, err, words);
  err.write(short.said(words, words.then.horus) ?? '');
  err.write(phones.said(words, words.then.equals) ?? '');
  err.write(dates.said(words));
  if (edited.rows > EDITED_SAID) err.write(`${words.editedMore(edited.rows - EDITED_SAID)}\n`);
  if (summary.stopped) return stoppedBy;
  const bad = Object.values(summary.providers).some((c) => c.failed + c.unknown + c.invalid + c.pending > 0);
  return bad ? 1 : 0;
}

/** The run's summary: its rows and time, then each provider's counts (the five always, the others when not 0); `words` the run's. */
export function summaryLines(summary, words = EN) {
  const lines = [words.rowsIn(summary.rows, (summary.ms / 1000).toFixed(1), summary.stopped)];
  const { counts } = words;
  for (const [p, c] of Object.entries(summary.providers)) {
    const parts = [counts.created(c.created), counts.exists(c.exists), counts.invalid(c.invalid), counts.failed(c.failed), counts.unknown(c.unknown)];
    if (c.duplicateRows) parts.push(counts.duplicateRows(c.duplicateRows));
    if (c.duplicatePersons) parts.push(counts.duplicatePersons(c.duplicatePersons, p));
    if (c.pending) parts.push(counts.pending(c.pending));
    if (c.earlier) parts.push(counts.earlier(c.earlier));
    if (c.reconciled) parts.push(counts.reconciled(c.reconciled));
    if (c.retries) parts.push(counts.retries(c.retries));
    lines.push(`${p}: ${parts.join(', ')}`);
  }
  return lines;
}
