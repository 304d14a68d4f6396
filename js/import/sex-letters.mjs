// M is a man where personkit's users mostly are (Peru and Colombia write
// M/F) and a woman in Spain (H/M). A sex column whose header does not say
// which ("Sexo", not "Sexo (H/M)") is read for its letters before any row is
// sent: an H can only be Spain's hombre, so there every M is a woman, and
// sending them as men would go unnoticed, since M is valid either way.
import { norm } from './sheet-words.mjs';

/**
 * Which letters `column` of the file's `rows` (its records, as `readCsv` yields them) is written in: 'H/M' when it holds an H
 * and no F, 'both' when it holds H and F (its M cannot be read), else 'M/F'.
 */
export async function lettersOf(rows, column) {
  let h = false;
  let f = false;
  for await (const r of rows) {
    if (r.header !== undefined) continue;
    const v = r.cells[column];
    if (typeof v !== 'string') continue;
    const letter = norm(v.trim());
    if (letter === 'h') h = true;
    else if (letter === 'f') f = true;
    if (h && f) return 'both';
  }
  return h ? 'H/M' : 'M/F';
}
