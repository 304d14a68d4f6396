// The results file: the input's columns, then per provider its status, id,
// error code and message; one line per row as it finishes (written at once,
// so a stopped run leaves every finished row in it). The `line` column says
// where each row is in the input, since rows finish out of order.
import { openSync, writeSync, closeSync } from 'node:fs';
import { systemReason } from './journal.mjs';

/**
 * A cell a spreadsheet would run as a formula (CSV injection: a cell of the
 * input such as `=HYPERLINK(…)` echoed into the results): OWASP's list of
 * first characters. Such a cell is written with a single quote before it,
 * which spreadsheets show as text, and quoted.
 */
const FORMULA = /^[=+\-@\t\r]/;

const quote = (v) => {
  let s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\t\r\n;']/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (values, delimiter) => `${values.map(quote).join(delimiter)}\r\n`;

/**
 * The results file's name when --out names none: `.txt` for an input
 * separated by tabs. Excel opens a `.txt` of tabs in columns (it saves its
 * own "Text" and "Unicode text" so), and a `.csv` of tabs as one column.
 */
export const defaultResultsPath = (input, delimiter) => `${input}.results.${delimiter === '\t' ? 'txt' : 'csv'}`;

export class Results {
  /**
   * @param {string} path  @param {string[]} columns the input's  @param {string[]} providers
   * @param {string} [delimiter] the input's: Excel in a Spanish locale reads `;`, and opened a `,` file as one column (a tab for a tab-separated input)
   */
  /** `words`: the run's (words-en.mjs), for a message the journal does not keep. */
  constructor(path, columns, providers, delimiter, words) {
    this.columns = columns;
    this.words = words;
    this.delimiter = delimiter;
    this.providers = providers;
    this.path = path;
    this.fd = null;
  }

  /** Truncates the file: only once the run holds its journal, so a refused run leaves an earlier results file as it was. */
  open() {
    try {
      this.fd = openSync(this.path, 'w');
    } catch (err) {
      throw this.#failed(err, false);
    }
    const head = ['line', ...this.columns];
    for (const p of this.providers) head.push(`${p}_status`, `${p}_id`, `${p}_code`, `${p}_message`);
    this.#write(`\ufeff${csvLine(head, this.delimiter)}`); // the BOM tells spreadsheets it is UTF-8
  }

  #write(text) {
    try {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at, bytes.length - at);
    } catch (err) {
      throw this.#failed(err, true);
    }
  }

  /** RESULTS_WRITE_FAILED: the path and the system's reason, never a row; `midRun`: after the first row. */
  #failed(err, midRun) {
    return Object.assign(new Error(this.words.resultsUnwritable(this.path, systemReason(err), midRun)), { code: 'RESULTS_WRITE_FAILED', cause: err });
  }

  /** `cells`: a CSV record's values by position, or a JSON line's object. */
  row({ line, cells, outcomes }) {
    if (this.fd === null) return;
    const values = [line, ...this.columns.map((c, i) => (Array.isArray(cells) ? cells[i] : cells?.[c]))];
    for (const p of this.providers) {
      const o = outcomes[p] ?? {};
      const message = o.earlier && !o.message ? this.words.doneEarlier : o.message;
      values.push(o.status ?? 'pending', o.id, o.code, message);
    }
    this.#write(csvLine(values, this.delimiter));
  }

  close() {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
