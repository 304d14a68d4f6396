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

  constructor(chosen, serverFields) {
    this.chosen = chosen;
    this.serverFields = serverFields;
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
      return `line ${rec.line}: not to be sent (DUPLICATE_PERSON): the same person as line ${byIdentity} (the same identity number)`;
    }
    if (byEmail !== undefined) {
      this.persons += 1;
      return `line ${rec.line}: not to be sent to equals (DUPLICATE_PERSON): the same Equals person as line ${byEmail} (the same email on the account)`;
    }
    return null;
  }

  /** "; 1 duplicate row and 2 duplicate persons would not be sent", or ''. */
  said() {
    const parts = [];
    if (this.rows) parts.push(`${this.rows} duplicate row${this.rows === 1 ? '' : 's'}`);
    if (this.persons) parts.push(`${this.persons} duplicate person${this.persons === 1 ? '' : 's'}`);
    return parts.length === 0 ? '' : `; ${parts.join(' and ')} would not be sent`;
  }
}
