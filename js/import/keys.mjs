// Row keys: what the journal and a run know a row by, a hash of its
// content, so a rerun finds a row wherever it moved in the file.
import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * A row's key: a hash of its content, so a rerun finds it wherever it moved
 * in the file. With the journal's `salt` (journals from version 3 on) it is
 * an HMAC: the same person has unrelated keys in two journals, and no table
 * of hashes made in advance matches them. Whoever holds the journal (and so
 * its salt) can still test a guess of a whole row.
 */
export const rowKey = (text, salt) => (salt ? createHmac('sha256', salt) : createHash('sha256')).update(text).digest('base64url').slice(0, 22);

/** A new journal's salt: 128 random bits. */
export const newSalt = () => randomBytes(16).toString('base64url');

/**
 * What a row's key is made from, for both ways a journal keys its rows:
 * versions 2 and 3, the content with its members sorted, so the same person
 * is the same row whatever the order of the file's columns or a JSON line's
 * keys; version 1 (journals written before), in the order the row gave them.
 */
export const keyTexts = (person) => [JSON.stringify(person), sortedJson(person)];

function sortedJson(v) {
  if (Array.isArray(v)) return `[${v.map((x) => sortedJson(x ?? null)).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
