// A long number Excel shows in scientific notation (`4.5879632E+07`) is
// saved so in a CSV: as an identity number it would be sent as that text,
// and Excel keeps no more than 15 digits of it. Such a cell is refused,
// never read back as a number, which might not be the person's.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$/;

const WHAT = 'is written as a number in scientific notation (such as 4.6E+07), as Excel shows a long number, '
  + 'so its digits may be lost: in Excel, format the column as Text (Format Cells › Text), check the numbers, '
  + 'and save the file again (a CSV as "CSV UTF-8")';

/** The row problems of a person's cells Excel turned into scientific notation (the identity number's), said without the cell. */
export function excelNumberProblems(person) {
  const v = person.identityNumber;
  return typeof v === 'string' && SCIENTIFIC.test(v.trim())
    ? [{ field: 'identityNumber', code: 'VALIDATION_FAILED', message: WHAT }]
    : [];
}
