// What read-excel-file does not say of a workbook, read from its zip here:
// how large its parts are once unzipped, and which number cells a format
// of zeros shows padded. A DNI typed into Excel as a number loses its
// leading zero (01234567 is stored as 1234567); offices give the column the
// format 00000000 so Excel shows it again, and the importer must send what
// Excel shows. The unzipping is fflate's, the library read-excel-file itself
// depends on, loaded from read-excel-file's own folder.
import { createRequire } from 'node:module';

/** fflate as read-excel-file resolves it (always installed with it, under any package manager). */
function fflate() {
  return createRequire(import.meta.resolve('read-excel-file/node'))('fflate');
}

/** The sum of the workbook's parts' sizes once unzipped, from the zip's directory (nothing is unzipped); null when it is not a zip. */
export function unzippedBytes(bytes) {
  let total = 0;
  try {
    fflate().unzipSync(bytes, { filter: (part) => { total += part.originalSize; return false; } });
  } catch {
    return null; // read-excel-file says what is wrong with it
  }
  return total;
}

/**
 * The cells of `sheet` (its name, or its number from 1, as --sheet gives)
 * that Excel shows with leading zeros: [row, column, digits shown] each,
 * row and column from 1. None when no style has such a format, the common
 * case, without unzipping the sheet; none too for a workbook this cannot
 * read, which read-excel-file then refuses.
 */
export function zeroPadded(bytes, sheet) {
  try {
    const { unzipSync } = fflate();
    const text = (part) => (part ? Buffer.from(part.buffer, part.byteOffset, part.length).toString('utf8') : '');
    const parts = unzipSync(bytes, { filter: (p) => SMALL_PARTS.includes(p.name) });
    const widths = zeroStyles(text(parts['xl/styles.xml']));
    if (widths.size === 0) return [];
    const path = sheetPath(text(parts['xl/workbook.xml']), text(parts['xl/_rels/workbook.xml.rels']), sheet);
    const xml = path === null ? undefined : unzipSync(bytes, { filter: (p) => p.name === path })[path];
    return xml ? paddedCells(xml, widths) : [];
  } catch {
    // A workbook this cannot read: read-excel-file says what is wrong with it,
    // or its numbers go as stored (a DNI short of 8 digits is warned of).
    return [];
  }
}

const SMALL_PARTS = ['xl/styles.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'];

// Elements may carry a namespace prefix (<x:c>), as some writers give them.
const ELEMENT = (name) => new RegExp(`<(?:\\w+:)?${name}\\b([^>]*)>`, 'g');
const ATTRIBUTE = /([\w:]+)\s*=\s*(["'])(.*?)\2/g;

function attributesOf(source) {
  const out = {};
  for (const [, name, , value] of source.matchAll(ATTRIBUTE)) out[name.replace(/^\w+:(?!id$)/, '')] = unescapeXml(value);
  return out;
}

function unescapeXml(s) {
  return s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, e) => {
    const named = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[e.toLowerCase()];
    if (named) return named;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : _; // past Unicode: left as written, never thrown
  });
}

/** Cell style index → digits shown, for the styles whose number format is zeros only ("00000000"). */
function zeroStyles(styles) {
  const zeros = new Map();
  for (const [, attrs] of styles.matchAll(ELEMENT('numFmt'))) {
    const { numFmtId, formatCode } = attributesOf(attrs);
    if (/^0{2,}$/.test(formatCode ?? '')) zeros.set(numFmtId, formatCode.length);
  }
  const widths = new Map();
  if (zeros.size === 0) return widths;
  // Only the cell formats (<cellXfs>) are what a cell's s="N" counts in; <cellStyleXfs> are not.
  const cellXfs = /<(?:\w+:)?cellXfs\b[\s\S]*?<\/(?:\w+:)?cellXfs>/.exec(styles)?.[0] ?? '';
  let index = 0;
  for (const [, attrs] of cellXfs.matchAll(ELEMENT('xf'))) {
    const width = zeros.get(attributesOf(attrs).numFmtId);
    if (width) widths.set(String(index), width);
    index += 1;
  }
  return widths;
}

/** The zip path of the sheet read-excel-file reads: by name, or the Nth in the workbook's order. */
function sheetPath(workbook, rels, sheet) {
  const sheets = [...workbook.matchAll(ELEMENT('sheet'))].map(([, a]) => attributesOf(a));
  const chosen = typeof sheet === 'number' ? sheets[sheet - 1] : sheets.find((s) => s.name === sheet);
  const id = chosen?.['r:id'] ?? Object.entries(chosen ?? {}).find(([k]) => k.endsWith(':id'))?.[1];
  const rel = [...rels.matchAll(ELEMENT('Relationship'))].map(([, a]) => attributesOf(a)).find((r) => r.Id === id);
  if (!rel?.Target) return null;
  return rel.Target.startsWith('/') ? rel.Target.slice(1) : `xl/${rel.Target}`;
}

const REF = /\br\s*=\s*["']([A-Z]*)(\d+)["']/;
const STYLE = /\bs\s*=\s*["'](\d+)["']/;
const NOT_A_NUMBER = /\bt\s*=\s*["'](?!n["'])/;

/**
 * The number cells (no t, or t="n") whose style is in `widths`, from the
 * sheet's XML read in slices (a sheet may be hundreds of megabytes): only
 * the ASCII of the tags is needed, so each slice is read as latin1 and cut
 * before its last "<", which starts the next slice.
 */
function paddedCells(xml, widths) {
  const cells = [];
  const bytes = Buffer.from(xml.buffer, xml.byteOffset, xml.length);
  const TAG = /<(?:\w+:)?(row|c)\b([^>]*)>/g;
  let row = 0;
  let column = 0;
  let carry = '';
  const SLICE = 4 * 1024 * 1024;
  for (let at = 0; at < bytes.length; at += SLICE) {
    const last = at + SLICE >= bytes.length;
    let text = carry + bytes.toString('latin1', at, Math.min(at + SLICE, bytes.length));
    const cut = last ? text.length : text.lastIndexOf('<');
    carry = text.slice(cut);
    text = text.slice(0, cut);
    TAG.lastIndex = 0;
    for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
      const [, tag, attrs] = m;
      if (tag === 'row') {
        const ref = REF.exec(attrs);
        row = ref ? Number(ref[2]) : row + 1;
        column = 0;
        continue;
      }
      // A sheet has millions of cells: only one in a zeros format has its
      // place read (r="B3"); one without r is the one after the last.
      column += 1;
      const style = STYLE.exec(attrs);
      const width = style ? widths.get(style[1]) : undefined;
      if (!width || NOT_A_NUMBER.test(attrs)) continue;
      const ref = REF.exec(attrs);
      if (ref?.[1]) [column, row] = [columnNumber(ref[1]), Number(ref[2])];
      cells.push([row, column, width]);
    }
  }
  return cells;
}

/** "A" → 1, "AB" → 28. */
function columnNumber(letters) {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The digits Excel shows for a stored number in a zeros format: padded on the left; anything but a whole non-negative number as stored. */
export function shownDigits(stored, width) {
  return /^\d+$/.test(stored) && stored.length < width ? stored.padStart(width, '0') : stored;
}
