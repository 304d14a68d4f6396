// A whole name in one column, surnames first and a comma, as payroll and
// school lists in Peru write it: `QUISPE MAMANI, Juan Carlos`. The comma says
// where the surnames end, so the name is split there and nowhere else. Without
// exactly one comma the row is refused, saying so: which words are the
// surnames is not the importer's to guess.

/** `{ lastName, firstName }` of a name written "Surnames, Given names", or null. */
export function splitAtComma(text) {
  const parts = String(text).split(',');
  if (parts.length !== 2) return null;
  const [lastName, firstName] = parts.map((p) => p.trim());
  return lastName !== '' && firstName !== '' ? { lastName, firstName } : null;
}

/** The row problem of a whole-name cell that cannot be split (`column`: its header), said without the name, in the run's `words`. */
export function wholeNameProblems(cells, column, words) {
  if (column === undefined) return [];
  const v = cells[column];
  if (typeof v !== 'string' || v.trim() === '' || splitAtComma(v) !== null) return [];
  return [{
    field: 'firstName',
    code: 'VALIDATION_FAILED',
    message: words.wholeNameNoComma(column),
  }];
}
