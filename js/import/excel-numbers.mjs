// A long number Excel shows in scientific notation (`4.5879632E+07`) is
// saved so in a CSV: as an identity number it would be sent as that text,
// and Excel keeps no more than 15 digits of it. Such a cell is refused,
// never read back as a number, which might not be the person's.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$/;

/** The row problems of a person's cells Excel turned into scientific notation (the identity number's), said without the cell, in the run's `words`. */
export function excelNumberProblems(person, words) {
  const v = person.identityNumber;
  return typeof v === 'string' && SCIENTIFIC.test(v.trim())
    ? [{ field: 'identityNumber', code: 'VALIDATION_FAILED', message: words.scientificNumber }]
    : [];
}
