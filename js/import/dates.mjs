// Dates as a sheet writes them. Excel in Peru, Colombia or Spain saves a date
// of birth as 04/12/1990 (day first), in the United States as 12/04/1990:
// the same text, two dates, so the order is never guessed. `--date-format`
// names it; a date written the providers' way (1990-12-04) is read as it is
// under any format, since it cannot be misread.

/** The orders `--date-format` takes; `yyyy-mm-dd` (the default) converts nothing. */
export const DATE_FORMATS = ['yyyy-mm-dd', 'dd/mm/yyyy', 'mm/dd/yyyy'];

/**
 * The order a date column's header names in brackets, as forms write it:
 * `Fecha de nacimiento (dd/mm/aaaa)` → `{ column, format: 'dd/mm/yyyy' }`
 * (Spanish `aaaa` is the year; `/`, `.` or `-` between), or undefined.
 */
export function namedDateFormat(column) {
  const order = (text) => text.toLowerCase().replace(/a/g, 'y').replace(/\s/g, '').split(/[/.-]/).join(' ');
  for (const [, note] of column.matchAll(/\(([^)]*)\)/g)) {
    const format = DATE_FORMATS.find((f) => order(f) === order(note));
    if (format) return { column, format };
  }
  return undefined;
}

/** `/`, `.` or `-` between the parts, one or two digits for the day and the month, four for the year. */
export const SHORT = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;

/** `{ format }` for the format named (any case), or `{}` (args.mjs says what it may be). */
export function readDateFormat(value) {
  const format = String(value).trim().toLowerCase();
  return DATE_FORMATS.includes(format) ? { format } : {};
}

/**
 * A date of birth as the providers take it (YYYY-MM-DD) when `text` is a
 * date in `format`; any other text as it is, for the rules to accept (an
 * ISO date) or refuse with their own words. The date itself (a 31st of
 * February) is the rules' to check, not this step's.
 */
export function isoDate(text, format) {
  if (format === 'yyyy-mm-dd' || typeof text !== 'string') return text;
  const m = SHORT.exec(text);
  if (m === null) return text;
  const [first, second, year] = [m[1], m[3], m[4]];
  const [day, month] = format === 'dd/mm/yyyy' ? [first, second] : [second, first];
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
