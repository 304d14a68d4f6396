// An Excel workbook (.xlsx), read directly: the file Excel saves by default,
// with no "Save As CSV UTF-8" step, no code page, and its dates stored as
// dates. Read by read-excel-file, an optional peer dependency (as the Redis
// clients are): only who imports .xlsx installs it. Its first sheet, whole
// in memory (a CSV is streamed). Numbers come as Excel stored their digits
// (parseNumber), never through a float: a DNI or a phone is its text, and
// one in a format of zeros (00000000) as Excel shows it (xlsx-zip.mjs).
import { readFile, stat } from 'node:fs/promises';
import { cellsOf } from './input.mjs';
import { shownDigits, unzippedBytes, zeroPadded } from './xlsx-zip.mjs';
import { EN } from './words-en.mjs';

// The rows of each sheet read, kept for the process: the sex column's letters
// and a rerun's keys read the file again, and a workbook is parsed whole.
const loaded = new Map();

/**
 * The same records as `readCsv`: the header once ({ header, delimiter }), then { line, cells, values } per row, `line` the sheet's row number.
 * `sheet`: its name or number from 1 (--sheet), else the first.
 */
export async function* readXlsx(path, sheet = 1, words = EN) {
  const key = `${path}\u0000${sheet}`;
  if (!loaded.has(key)) loaded.set(key, load(path, sheet, words));
  let header = null;
  for (const [i, row] of (await loaded.get(key)).entries()) {
    const texts = row.map(cellText);
    // Rows above the header, and rows left blank between people, are skipped as in a CSV.
    if (texts.every((c) => c.trim() === '')) continue;
    if (header === null) {
      header = texts.map((h) => h.trim());
      yield { header, delimiter: ',' };
      continue;
    }
    const cells = cellsOf(header, texts);
    // A filled cell right of the header's last column: as a CSV's cell too many.
    const extra = texts.slice(header.length).filter((c) => c.trim() !== '').length;
    yield { line: i + 1, cells, values: texts, extra, missing: 0 };
  }
}

/**
 * The most bytes a workbook may have: its sheet is parsed whole, in memory
 * many times its size (README, "The file"). Far past this, the process would
 * run out of memory mid-parse: an engine crash instead of a message.
 */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;

/**
 * The most bytes its parts may have once unzipped: a workbook of 20 MB
 * holds about this much. A small file that unzips past it (a "zip bomb",
 * or one sheet of empty styled cells) would run out of memory as surely.
 */
export const MAX_XLSX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/** The sheet's rows, its numbers in a format of zeros as Excel shows them; a missing reader, a broken or too large file as a refusal before the first row. */
async function load(path, sheet, words) {
  const { size } = await stat(path);
  if (size > MAX_XLSX_BYTES) {
    throw Object.assign(new Error(words.workbookTooLarge(path, '20 MB')), { code: 'INVALID_CSV_HEADER' });
  }
  let reader;
  try {
    reader = await import('read-excel-file/node');
  } catch {
    throw Object.assign(new Error(words.workbookNeedsReader(path)), { code: 'INVALID_CSV_HEADER' });
  }
  const bytes = await readFile(path);
  if (unzippedBytes(bytes) > MAX_XLSX_UNZIPPED_BYTES) {
    throw Object.assign(new Error(words.workbookTooLarge(path, '200 MB', true)), { code: 'INVALID_CSV_HEADER' });
  }
  const padded = zeroPadded(bytes, sheet);
  let rows;
  try {
    rows = await reader.readSheet(path, sheet, { parseNumber: (digits) => digits });
  } catch (e) {
    if (e instanceof reader.SheetNotFoundError) throw await noSuchSheet(reader, path, sheet, words);
    // Not the reader's words: they may quote the sheet, and so a person's data.
    throw Object.assign(new Error(`${path}: ${words.workbookBroken}`), { code: 'INVALID_CSV_HEADER' });
  }
  for (const [row, column, width] of padded) {
    const stored = rows[row - 1]?.[column - 1];
    if (typeof stored === 'string') rows[row - 1][column - 1] = shownDigits(stored, width);
  }
  return rows;
}

/** The error for a --sheet the workbook lacks, naming the sheets it has. */
async function noSuchSheet(reader, path, sheet, words) {
  const names = (await reader.default(path).catch(() => [])).map((s) => `"${s.sheet}"`);
  return Object.assign(new Error(words.noSuchSheet(path, typeof sheet === 'number' ? sheet : `"${sheet}"`, names)), { code: 'INVALID_CSV_HEADER' });
}

/** A cell as text: a date as YYYY-MM-DD (the day Excel shows; read-excel-file gives it at UTC midnight), an empty cell as ''. */
function cellText(v) {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v);
}
