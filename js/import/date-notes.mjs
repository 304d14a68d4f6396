// Dates of birth a sheet wrote in a way the rules refuse, where the fix is
// the user's and quick: 04/12/1990 needs its order named (--date-format, or
// the header), and 33211 is a date Excel saved as a number. Each row is
// refused with the rules' words ("as YYYY-MM-DD"), which say neither; the
// CLI counts them and says how once, with the first line, never a value.
import { SHORT } from './dates.mjs';

/** A date Excel saved from a column formatted as Number or General: days since 1900, five digits from 1927. */
const SERIAL = /^\d{5}$/;

export class DateNotes {
  unordered = { count: 0, first: null };
  serials = { count: 0, first: null };

  /** Counts `person`'s date of birth if it is one of those (read after `--date-format`, which converts what it names). */
  note(line, person) {
    const dob = person.dateOfBirth;
    if (typeof dob !== 'string') return;
    const kind = SHORT.test(dob) ? this.unordered : SERIAL.test(dob) ? this.serials : null;
    if (kind === null) return;
    kind.count += 1;
    kind.first ??= line;
  }

  /** The notes, or ''. */
  said() {
    const n = ({ count }) => (count === 1 ? '1 date of birth is' : `${count} dates of birth are`);
    let text = '';
    if (this.unordered.count > 0) {
      text += `note: ${n(this.unordered)} written with the day and the month in an order the file does not name, the first on line ${this.unordered.first}: `
        + 'run again with --date-format dd/mm/yyyy (Excel in Spanish: 04/12/1990 is the 4th of December) or --date-format mm/dd/yyyy, '
        + 'or head the column "Fecha de nacimiento (dd/mm/aaaa)"\n';
    }
    if (this.serials.count > 0) {
      text += `note: ${n(this.serials)} a number, the first on line ${this.serials.first}, as Excel saves a date from a column formatted as Number or General: `
        + 'in Excel, format the column as a date (Format Cells › Date) and save the file again (a CSV as "CSV UTF-8")\n';
    }
    return text;
  }
}
