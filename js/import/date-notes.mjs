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

  /** The notes in the run's `words`, or ''. */
  said(words) {
    let text = '';
    if (this.unordered.count > 0) text += `${words.unorderedDates(this.unordered.count, this.unordered.first)}\n`;
    if (this.serials.count > 0) text += `${words.serialDates(this.serials.count, this.serials.first)}\n`;
    return text;
  }
}
