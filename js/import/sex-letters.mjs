// M is a man where personkit's users mostly are (Peru and Colombia write
// M/F) and a woman in Spain (H/M). A sex column whose header does not say
// which ("Sexo", not "Sexo (H/M)") is read for its letters before any row is
// sent: an H can only be Spain's hombre, so there every M is a woman, and
// sending them as men would go unnoticed, since M is valid either way.
import { readCsv } from './input.mjs';
import { norm } from './sheet-words.mjs';

/**
 * Which letters the CSV's `column` is written in: 'H/M' when it holds an H
 * and no F, 'both' when it holds H and F (its M cannot be read), else 'M/F'.
 */
export async function lettersOf(path, column, encoding) {
  let h = false;
  let f = false;
  for await (const r of readCsv(path, encoding)) {
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
