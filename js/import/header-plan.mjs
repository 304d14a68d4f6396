// What a CSV's or a workbook's header line decides before any row is read:
// the plan of its columns, the refusals that stop the run (exit 2) and the
// notes said on stderr about its columns. JSON Lines plan from each line's keys.
import { planColumns } from './columns.mjs';
import { NAME_ENCODING } from './input.mjs';
import { lettersOf } from './sex-letters.mjs';
import { SEXES_HM } from './sheet-words.mjs';

/**
 * The plan for `header`, or null when the run must stop (said on `err`).
 * `source`: the records after the header (a title above it is looked for there); `readRows()` the file again from its start.
 */
export async function planHeader(header, { args, format, source, readRows, err }) {
  // A Windows-1252 header (Excel's "CSV (Comma delimited)"): a column named with an accent would
  // match nothing, and the rows without one would be sent without it. Stopped, as its rows would be.
  if (header.some((h) => h.includes('\uFFFD'))) {
    err.write(`personkit import: ${args.input}: its first line is not UTF-8 text (a spreadsheet saved as "CSV (Comma delimited)"?): ${NAME_ENCODING}\n`);
    return null;
  }
  const plan = planColumns(header, args.mapping);
  if (plan.errors.length > 0) {
    err.write(`personkit import: ${plan.errors.join('\n')}\n`);
    return null;
  }
  // A file without its header line: its first row was read as the header. Stopped, and
  // never named (its cells are a person's data), rather than every row sent empty.
  if (header.length > 0 && plan.columns.length === 0) {
    // A title above the header ("PLANILLA DE PERSONAL 2026"), as exported sheets have: its line is said, not read past.
    const below = await headerBelow(source, args.mapping);
    const why = below === null ? 'is the header line missing? Add one, or name the columns with --map'
      : `line ${below} looks like the header: delete the lines above it (a title?) and run again`;
    err.write(`personkit import: ${args.input}: no column of its first line is one the importer knows (First Name, Last Name, Email, Date of birth, DNI, Photo, …): `
      + `${why}${format === 'xlsx' ? ` (the sheet read: ${args.sheet === undefined ? 'the first' : args.sheet}; name another with --sheet)` : ''}\n`);
    return null;
  }
  // "Fecha de nacimiento (dd/mm/aaaa)": the sheet says the order of its dates, as --date-format does.
  const note = plan.dateNote;
  if (note && note.format !== args.dateFormat) {
    if (args.dateFormatGiven) {
      err.write(`personkit import: the column "${note.column}" says its dates are ${note.format}, and --date-format says ${args.dateFormat}: which is it? Correct one of them\n`);
      return null;
    }
    args.dateFormat = note.format;
  }
  // "Sexo" without its letters: an H in it makes every M a woman (sex-letters.mjs).
  if (plan.sexToRead !== undefined) {
    const column = plan.sexToRead;
    const letters = await lettersOf(readRows(), column);
    if (letters === 'both') {
      err.write(`personkit import: the column "${column}" holds H and F: is its M a man (M/F, as in Peru and Colombia) or a woman (H/M, as in Spain)? Head it "${column} (M/F)" or "${column} (H/M)" and run again\n`);
      return null;
    }
    if (letters === 'H/M') {
      plan.sexes = SEXES_HM;
      err.write(`"${column}" holds H (hombre): its M is read as mujer, sent as F, as forms in Spain write them\n`);
    }
  }
  if (plan.unused.length > 0) err.write(`columns not used (map them with --map, or to null to silence this): ${plan.unused.map((h) => (h === '' ? '(columns with no name)' : h)).join(', ')}\n`);
  if (plan.wholeName !== undefined) err.write(`"${plan.wholeName}" holds the whole name: it is read as "Surnames, Given names", split at its comma (QUISPE MAMANI, Juan Carlos); a row whose name has no comma is refused, since which words are the surnames is not the importer's to guess\n`);
  for (const h of plan.whole) err.write(`"${h}" holds the whole name, which the importer does not split (which words are the surnames is not for it to guess): split it into a first-name and a last-name column (Nombres, Apellidos), or map it with --map\n`);
  for (const [h, t] of plan.halves) err.write(`"${h}" is the second part of ${t}, and no column holds its first part: not read, since alone it is not the whole ${t} (map it to ${t} with --map if it is)\n`);
  // A --map key the header does not have (a typo, "Telefono" for "Teléfono") fills nothing: said, as a column not used is.
  if (plan.absent.length > 0) err.write(`mapped columns the file does not have (a typo?): ${plan.absent.join(', ')}\n`);
  return plan;
}

/** The line of the first of the next ten records whose cells, read as a header, name a column the importer knows, or null. */
async function headerBelow(source, mapping) {
  for (let i = 0; i < 10; i += 1) {
    const r = await source.next();
    if (r.done) return null;
    const cells = Array.isArray(r.value.values) ? r.value.values.map((c) => String(c).trim()) : [];
    if (planColumns(cells, mapping).columns.length > 0) return r.value.line;
  }
  return null;
}
