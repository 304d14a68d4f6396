// What a CSV's or a workbook's header line decides before any row is read:
// the plan of its columns, the refusals that stop the run (exit 2) and the
// notes said on stderr about its columns. JSON Lines plan from each line's keys.
import { planColumns } from './columns.mjs';
import { lettersOf } from './sex-letters.mjs';
import { SEXES_HM } from './sheet-words.mjs';

/**
 * The plan for `header`, or null when the run must stop (said on `err`).
 * `source`: the records after the header (a title above it is looked for there); `readRows()` the file again from its start.
 */
export async function planHeader(header, { args, format, source, readRows, err, words }) {
  // A Windows-1252 header (Excel's "CSV (Comma delimited)"): a column named with an accent would
  // match nothing, and the rows without one would be sent without it. Stopped, as its rows would be.
  if (header.some((h) => h.includes('\uFFFD'))) {
    err.write(`personkit import: ${args.input}: ${words.headerNotUtf8}\n`);
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
    err.write(`personkit import: ${args.input}: ${words.noKnownColumn(below, format === 'xlsx' ? (args.sheet ?? null) : undefined)}\n`);
    return null;
  }
  // "Fecha de nacimiento (dd/mm/aaaa)": the sheet says the order of its dates, as --date-format does.
  const note = plan.dateNote;
  if (note && note.format !== args.dateFormat) {
    if (args.dateFormatGiven) {
      err.write(`personkit import: ${words.datesTwoOrders(note.column, note.format, args.dateFormat)}\n`);
      return null;
    }
    args.dateFormat = note.format;
  }
  // "Sexo" without its letters: an H in it makes every M a woman (sex-letters.mjs).
  if (plan.sexToRead !== undefined) {
    const column = plan.sexToRead;
    const letters = await lettersOf(readRows(), column);
    if (letters === 'both') {
      err.write(`personkit import: ${words.sexHAndF(column)}\n`);
      return null;
    }
    if (letters === 'H/M') {
      plan.sexes = SEXES_HM;
      err.write(`${words.sexHM(column)}\n`);
    }
  }
  if (plan.unused.length > 0) err.write(`${words.columnsNotUsed(plan.unused)}\n`);
  if (plan.wholeName !== undefined) err.write(`${words.wholeNameSplit(plan.wholeName)}\n`);
  for (const h of plan.whole) err.write(`${words.wholeNameNotSplit(h)}\n`);
  for (const [h, t] of plan.halves) err.write(`${words.halfColumn(h, t)}\n`);
  // A --map key the header does not have (a typo, "Telefono" for "Teléfono") fills nothing: said, as a column not used is.
  if (plan.absent.length > 0) err.write(`${words.mappedAbsent(plan.absent)}\n`);
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
