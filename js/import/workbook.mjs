// A workbook given where a CSV is wanted (a .ods, a .xls, or an .xlsx under
// another name; one named .xlsx is read by xlsx.mjs): its bytes, read as
// text, are "not UTF-8", and that word sent people looking for an encoding.
// Known by its first bytes, and said as what it is, with the way to save it
// as CSV UTF-8.
import { openSync, readSync, closeSync } from 'node:fs';

/** What to say of `path` when it is a workbook, not text (exit 2), in the run's `words`, or null. */
export function workbookProblem(path, words) {
  const head = Buffer.alloc(8);
  let n = 0;
  const fd = openSync(path, 'r');
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const bytes = head.subarray(0, n);
  // A zip's local file header: .xlsx (and LibreOffice's .ods) are zips.
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return words.workbookNotCsv(path, 'zip');
  }
  // An OLE2 compound file: Excel 97–2003's .xls.
  if (bytes.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    return words.workbookNotCsv(path, 'xls');
  }
  return null;
}
