// Reading the input file as a stream of records { line, cells }: CSV
// (RFC 4180 by csv-parse, UTF-8 with or without a BOM, `,`, `;` or a tab
// taken from the header line or a first line `sep=;`) or JSON Lines. Nothing holds more than the parser's
// buffer: the consumer pulls one record at a time.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse';
import { inexactKey } from '../exact-json.mjs';
import { decoding, wasUtf8 } from './encoding.mjs';
import { EN } from './words-en.mjs';

// Bytes that are not UTF-8 come out of the decoder as U+FFFD. A spreadsheet
// saved as Excel's "CSV (Comma delimited)" is Windows-1252: its ñ and
// accents would reach the providers as U+FFFD, so such a row is not sent,
// unless --encoding names the file's encoding (encoding.mjs).
const NOT_UTF8 = '\uFFFD';

/** `csv`, `jsonl` or `xlsx`, from the extension (`.jsonl`, `.ndjson`, `.json` are JSON Lines; `.xlsx` an Excel workbook, xlsx.mjs). */
export function formatOf(path) {
  if (/\.xlsx$/i.test(path)) return 'xlsx';
  return /\.(jsonl|ndjson|json)$/i.test(path) ? 'jsonl' : 'csv';
}

/**
 * How a CSV is written: its `delimiter`, whichever of `,`, `;` and a tab the
 * header line (its first line that is not blank) has most of, outside quotes
 * (a tab only when it has more tabs than either: Excel's "Unicode text",
 * UTF-16 with tabs, is how an Excel without "CSV UTF-8" saves an ñ); and
 * its `recordDelimiter` for csv-parse. Left to itself csv-parse takes the
 * first line ending it meets for the whole file, and finds it slowly (a
 * first line of megabytes, not a CSV file, took seconds to refuse): any of
 * CRLF, LF and CR ends a line, as a file edited on two systems has them.
 * A UTF-16 file (its BOM) is left to csv-parse, which reads it as such.
 */
export async function sniffCsv(path) {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const utf16 = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
    const recordDelimiter = utf16 ? undefined : ['\r\n', '\n', '\r'];
    const bom = utf16 ? 'UTF-16' : buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 'UTF-8' : null;
    const sep = sepLine(buf.subarray(0, bytesRead));
    if (sep !== null) return { delimiter: sep, recordDelimiter, sepLine: true, bom };
    const text = buf.subarray(0, bytesRead).toString('utf8');
    let quoted = false;
    let comma = 0;
    let semi = 0;
    let tab = 0;
    let blank = true;
    for (const ch of text) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === '\n' || ch === '\r')) {
        // Blank lines before the header are skipped (csv-parse's own, and
        // rows of empty cells, ";;;;", below): so are their delimiters.
        if (blank) {
          comma = 0;
          semi = 0;
          tab = 0;
          continue;
        }
        break;
      }
      if (blank && !/[\s\uFEFF,;]/.test(ch)) blank = false;
      if (quoted) continue;
      if (ch === ',') comma += 1;
      else if (ch === ';') semi += 1;
      else if (ch === '\t') tab += 1;
    }
    const delimiter = tab > comma && tab > semi ? '\t' : semi > comma ? ';' : ',';
    return { delimiter, recordDelimiter, sepLine: false, bom };
  } finally {
    await fh.close();
  }
}

/**
 * The separator a first line `sep=;` names, or null. Excel writes that line
 * to say which separator a CSV uses, and reads a CSV by it: the file's own
 * word, taken over any guess, and the line is no header. Quoted or not; in
 * UTF-8 (a BOM or not) or UTF-16 with its BOM.
 */
function sepLine(bytes) {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  let head = bytes.subarray(0, 64);
  if (be) head = Buffer.from(head).swap16();
  const text = (le || be ? head.toString('utf16le') : head.toString('utf8')).replace(/^\uFEFF/, '');
  const m = /^"?sep=([^\r\n"])"?[ \t]*(?:\r\n|\n|\r|$)/i.exec(text);
  return m ? m[1] : null;
}

// A row's cells are names, emails and photo file paths; a row past this is
// not a person (a file's contents pasted into a cell) and would otherwise
// grow one string until the engine refuses it.
const MAX_ROW_BYTES = 8 << 20;

/**
 * Rows of a CSV file: the header once ({ header, delimiter }), then { line, cells, values } per record.
 * `encoding`: the file's, when it is not UTF-8 (--encoding); `words` the run's, for a line's `problem`.
 */
export async function* readCsv(path, encoding = 'utf-8', words = EN) {
  const { delimiter, recordDelimiter, sepLine: skipFirst, bom } = await sniffCsv(path);
  const given = encoding !== 'utf-8';
  if (given && bom !== null) {
    throw Object.assign(new Error(`${path}: ${words.saysItsEncoding(bom)}`), { code: 'INVALID_CSV_HEADER' });
  }
  const bytes = createReadStream(path, { highWaterMark: 16 * 1024 });
  const parser = (given ? bytes.pipe(decoding(encoding)) : bytes).pipe(parse({
    bom: true, delimiter, record_delimiter: recordDelimiter, relax_column_count: true, skip_empty_lines: true, info: true,
    skip_records_with_error: true, max_record_size: MAX_ROW_BYTES,
  }));
  // Broken quoting: csv-parse cannot tell where the records after it start,
  // so reading stops at the first such line. The rows before it go on; the
  // line is reported (never with its text: it holds a person's data). The
  // parser reads ahead, so the skip is heard before earlier rows come out.
  let broken = null;
  parser.on('skip', (err) => { broken ??= err; });
  // Reported at the broken record's first line, as every row is.
  const stopHere = () => ({ line: prevLines + 1 + (broken.empty_lines - prevEmpty), cells: {}, problem: words.brokenQuoting(broken.code), problemCode: 'INVALID_CSV' });
  let header = null;
  let prevLines = 0;
  let prevEmpty = 0;
  // csv-parse counts a CRLF inside a quoted cell as two lines; the file has one.
  let overcount = 0;
  let sep = skipFirst;
  for await (const { record, info } of parser) {
    if (broken !== null && info.lines >= broken.lines) break;
    // The record's first line: after the previous record and any blank lines between.
    const line = prevLines + 1 + (info.empty_lines - prevEmpty);
    overcount += crlfsIn(record);
    prevLines = info.lines - overcount;
    prevEmpty = info.empty_lines;
    // Excel's `sep=;` line (`sniffCsv`): read, and not taken for the header.
    if (sep) {
      sep = false;
      continue;
    }
    if (header === null) {
      // Empty rows before the header, as a spreadsheet exports them (";;;;"), are blank lines.
      if (record.every((c) => c.trim() === '')) continue;
      header = record.map((h) => h.trim());
      if (given && wasUtf8(header, encoding)) {
        throw Object.assign(new Error(`${path}: ${words.headerReadWrong(encoding)}`), { code: 'INVALID_CSV_HEADER' });
      }
      yield { header, delimiter };
      continue;
    }
    // A blank line, or one of only delimiters (spreadsheets export empty rows as ";;;;").
    if (record.every((c) => c.trim() === '')) continue;
    const cells = cellsOf(header, record);
    const extra = record.length > header.length ? record.length - header.length : 0;
    // Fewer cells than the header: a cell lost or a line broken in two, never read as blanks.
    const missing = record.length < header.length ? header.length - record.length : 0;
    // The record's last line, when a quoted cell ran past its first.
    const through = prevLines > line ? { through: prevLines, swallowsRows: swallowsRows(record, delimiter, header.length) } : {};
    // `values` by position: two columns with one name each keep their own cell in the results file.
    if (record.some((c) => c.includes(NOT_UTF8))) yield { line, cells, values: record, extra, missing, ...through, problem: words.notUtf8Line, problemCode: 'INVALID_CHARACTERS' };
    else if (given && wasUtf8(record, encoding)) yield { line, cells, values: record, extra, missing, ...through, problem: words.readWrongLine(encoding), problemCode: 'INVALID_CHARACTERS' };
    else yield { line, cells, values: record, extra, missing, ...through };
  }
  if (broken === null) return;
  if (header === null) {
    throw Object.assign(new Error(`${path}: ${words.brokenHeader(broken.code)}`), { code: 'INVALID_CSV_HEADER' });
  }
  yield stopHere();
}

/**
 * A row's cells by its header's names, a missing cell as ''. Two columns of
 * one name (a sheet's "Photo", "Photo") keep both cells, in order.
 */
export function cellsOf(header, values) {
  const cells = {};
  header.forEach((h, i) => {
    const v = values[i] ?? '';
    cells[h] = Object.hasOwn(cells, h) ? [].concat(cells[h], v) : v;
  });
  return cells;
}

/**
 * Whether a cell that runs over lines holds a line shaped like a whole row
 * (as many delimiters as the header): a quote never closed, in any column,
 * swallowed the rows below it. A notes cell's own line breaks rarely are.
 */
function swallowsRows(record, delimiter, columns) {
  if (columns < 2) return false;
  return record.some((cell) => /[\r\n]/.test(cell)
    && cell.split(/\r?\n|\r/).slice(1).some((l) => l.split(delimiter).length >= columns));
}

function crlfsIn(record) {
  let n = 0;
  for (const cell of record) {
    if (!cell.includes('\r')) continue;
    for (let i = cell.indexOf('\r\n'); i !== -1; i = cell.indexOf('\r\n', i + 2)) n += 1;
  }
  return n;
}

/**
 * Cuts each line past MAX_ROW_BYTES there and ends it with `marker`, dropping
 * the rest up to the line's end: readline holds a line whole, and one past
 * the engine's longest string (a minified export) threw out of the run.
 * Breaks are LF and CR, as readline's.
 */
function cutLongLines(marker) {
  let run = 0;
  let dropping = false;
  return new Transform({
    transform(chunk, _encoding, done) {
      // No line can pass the bound within this chunk: it goes through whole.
      if (!dropping && run + chunk.length <= MAX_ROW_BYTES) {
        const last = Math.max(chunk.lastIndexOf(10), chunk.lastIndexOf(13));
        run = last === -1 ? run + chunk.length : chunk.length - last - 1;
        return done(null, chunk);
      }
      const parts = [];
      for (let at = 0; at < chunk.length;) {
        const lf = chunk.indexOf(10, at);
        const cr = chunk.indexOf(13, at);
        const br = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        const end = br === -1 ? chunk.length : br;
        if (!dropping) {
          const room = Math.max(0, MAX_ROW_BYTES - run);
          parts.push(chunk.subarray(at, at + Math.min(room, end - at)));
          run += end - at;
          if (run > MAX_ROW_BYTES) {
            dropping = true;
            parts.push(marker);
          }
        }
        if (br === -1) break;
        parts.push(chunk.subarray(br, br + 1));
        run = 0;
        dropping = false;
        at = br + 1;
      }
      done(null, Buffer.concat(parts));
    },
  });
}

/** Rows of a JSON Lines file: { line, cells } per non-blank line; a broken line is { line, problem }. */
export async function* readJsonl(path, words = EN) {
  const marker = Buffer.from(`\u0000personkit:cut:${randomBytes(9).toString('base64url')}`);
  const cut = marker.toString();
  const input = cutLongLines(marker);
  createReadStream(path).on('error', (err) => input.destroy(err)).pipe(input);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let started = false;
  for await (let text of lines) {
    n += 1;
    if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const long = text.endsWith(cut);
    if (long) text = text.slice(0, -cut.length);
    if (text.trim() === '') continue;
    // A JSON array or a pretty-printed object (what many tools save as .json)
    // would be read as lines that are each broken: one clear stop instead.
    // (A line `[` or `{` alone, or an array of objects; `[1]` stays a bad row.)
    if (!started && /^\s*[[{]\s*$|^\s*\[\s*\{/.test(text)) {
      throw Object.assign(new Error(words.notJsonLines(path, text.trim() === '{')), { code: 'NOT_JSON_LINES' });
    }
    started = true;
    if (long) {
      yield { line: n, cells: {}, problem: words.jsonLineTooLong };
      continue;
    }
    if (text.includes(NOT_UTF8)) {
      yield { line: n, cells: {}, problem: words.notUtf8Line, problemCode: 'INVALID_CHARACTERS' };
      continue;
    }
    let v;
    let inexact;
    try {
      v = JSON.parse(text);
      inexact = inexactKey(text, v);
    } catch {
      yield { line: n, cells: {}, problem: words.notJson };
      continue;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) yield { line: n, cells: {}, problem: words.notJsonObject };
    else if (inexact !== null) yield { line: n, cells: v, problem: words.inexactNumber(inexact.slice(0, 60)) };
    else yield { line: n, cells: v };
  }
}

/**
 * Bytes of a line that hold no cell: blanks, a BOM's, UTF-16's NULs, and in
 * a CSV its delimiters (a spreadsheet exports the empty rows below its
 * data as ";;;;", often hundreds, which are skipped as blank lines).
 */
const NO_CELL = { csv: new Uint8Array(256), jsonl: new Uint8Array(256) };
for (const b of [0x00, 0x09, 0x0d, 0x20, 0xef, 0xbb, 0xbf, 0xfe, 0xff]) NO_CELL.csv[b] = NO_CELL.jsonl[b] = 1;
for (const b of [0x2c, 0x3b]) NO_CELL.csv[b] = 1;

/** About how many records a file holds (lines with a cell, minus the CSV header): for the bar's total and ETA. */
export async function countRows(path, format) {
  const empty = NO_CELL[format === 'csv' ? 'csv' : 'jsonl'];
  // Excel's `sep=;` line is no row either.
  const skip = format === 'csv' && (await sniffCsv(path)).sepLine ? 1 : 0;
  let n = 0;
  let filled = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    for (let i = 0; i < chunk.length; i += 1) {
      const b = chunk[i];
      if (b === 10) {
        if (filled) n += 1;
        filled = false;
      } else if (empty[b] === 0) filled = true;
    }
  }
  if (filled) n += 1;
  return Math.max(0, format === 'csv' ? n - 1 - skip : n);
}
