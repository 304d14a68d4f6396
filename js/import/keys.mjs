// Row keys: what the journal and a run know a row by, a hash of its
// content, so a rerun finds a row wherever it moved in the file.
import { createHash } from 'node:crypto';

/** A row's key: a hash of its content, so a rerun finds it wherever it moved in the file. */
export const rowKey = (text) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/**
 * What a row's key is made from, for both ways a journal keys its rows:
 * version 2, the content with its members sorted, so the same person is the
 * same row whatever the order of the file's columns or a JSON line's keys;
 * version 1 (journals written before), in the order the row gave them.
 */
export const keyTexts = (person) => [JSON.stringify(person), sortedJson(person)];

function sortedJson(v) {
  if (Array.isArray(v)) return `[${v.map((x) => sortedJson(x ?? null)).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
