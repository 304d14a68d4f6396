// What the run would skip, found by the dry run: the same row again
// (DUPLICATE_ROW) and another row's person (DUPLICATE_PERSON: its identity
// number, or with Equals its email), by the run's own keys (`claimKeys`).
// The dry run checks rows one after the other, so the earliest valid line
// holds a key, as in the run. Kept in SeenRows, outside V8's heap.
import { SeenRows } from './seen.mjs';
import { rowKey } from './keys.mjs';
import { claimKeys } from './claims.mjs';

export class DryDuplicates {
  #rows = new SeenRows();
  #persons = new SeenRows();
  rows = 0;
  persons = 0;

  /** `words`: the run's (words-en.mjs). */
  constructor(chosen, serverFields, words) {
    this.chosen = chosen;
    this.serverFields = serverFields;
    this.words = words;
  }

  /** The line of a row with the same content (its `keyTexts`), or undefined; the row is remembered. */
  sameRow(rec) {
    const key = rowKey(rec.keyTexts[1]);
    const first = this.#rows.get(key);
    if (first === undefined) this.#rows.set(key, rec.line);
    else this.rows += 1;
    return first;
  }

  /** The line a valid row's person is sent from, as the run would say it, or null; the row holds its keys. */
  samePerson(rec) {
    const { identity, email } = claimKeys(rec.peek?.(), this.chosen, this.serverFields);
    // Each key hashed once: looked up, then held by this line when no earlier one holds it.
    const [byIdentity, byEmail] = [identity, email].map((text) => {
      if (text === null) return undefined;
      const key = rowKey(text);
      const line = this.#persons.get(key);
      if (line === undefined) this.#persons.set(key, rec.line);
      return line;
    });
    if (byIdentity !== undefined) {
      this.persons += 1;
      return this.words.drySamePerson(rec.line, byIdentity);
    }
    if (byEmail !== undefined) {
      this.persons += 1;
      return this.words.drySameEmail(rec.line, byEmail);
    }
    return null;
  }

  /** "; 1 duplicate row and 2 duplicate persons would not be sent", or ''. */
  said() {
    return this.words.dryDuplicates(this.rows, this.persons);
  }
}
