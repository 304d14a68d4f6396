// Excel reads a column of DNIs as numbers and drops their leading zeros: a
// Peruvian DNI 01234567 is saved as 1234567. The rules accept it (a
// Colombian cédula or a foreign document may be that short) and Horus would
// key the person by it, so the CLI counts such values and says so once,
// with the first line, never a value. Never padded: the zero is a guess.
import { identityOf } from './claims.mjs';

/** Digits only, fewer than a DNI's 8. */
const SHORT = /^\d{1,7}$/;
/** A nationality that is Peru's, as sheets write it (`PE`, `Perú`, `peruana`). */
const PERUVIAN = /^(pe|per|peru|peruan[oa])$/;
const norm = (v) => String(v).normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

export class ShortIdentities {
  count = 0;
  first = null;

  /** Counts `person`'s identity number if it is all digits and shorter than a DNI (a row of another nationality aside). */
  note(line, person) {
    const id = identityOf(person);
    if (id === null || !SHORT.test(id)) return;
    if (person.nationality !== undefined && !PERUVIAN.test(norm(person.nationality))) return;
    this.count += 1;
    this.first ??= line;
  }

  /** The warning in the run's `words` (`then`: what happened to them), or null. */
  said(words, then) {
    return this.count === 0 ? null : `${words.shortIdentities(this.count, this.first, then)}\n`;
  }
}
