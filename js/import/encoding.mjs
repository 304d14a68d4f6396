// A CSV not written in UTF-8, read as the user says it is (--encoding).
// Excel's "CSV (Comma delimited)" is the code page of the Windows it runs
// on, windows-1252 in Spanish and English: without the flag its ñ and
// accents are refused (input.mjs), never guessed. Only single-byte encodings:
// each of their texts maps back to its bytes, so a UTF-8 file read with the
// flag by mistake is known by them and refused, not sent as "Ã±".
import { Transform } from 'node:stream';
import { isUtf8 } from 'node:buffer';

/** The encodings --encoding takes, by the name TextDecoder gives them (its labels are accepted too: cp1252, latin1). */
export const SINGLE_BYTE = ['windows-1252', 'iso-8859-15', 'macintosh'];

/** `{ encoding }` for a --encoding value (utf-8 the default), or `{}` (args.mjs says what it takes). */
export function readEncoding(name) {
  let encoding;
  try {
    encoding = new TextDecoder(String(name).trim()).encoding;
  } catch {
    encoding = undefined;
  }
  if (encoding === 'utf-8' || SINGLE_BYTE.includes(encoding)) return { encoding };
  return {};
}

/** A stream turning the file's bytes in `encoding` into UTF-8, for csv-parse. */
export function decoding(encoding) {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk, _enc, done) { done(null, Buffer.from(decoder.decode(chunk, { stream: true }))); },
    flush(done) { done(null, Buffer.from(decoder.decode())); },
  });
}

const backs = new Map();
/** Each char ≥ U+0080 of `encoding` → its byte. */
function backOf(encoding) {
  let back = backs.get(encoding);
  if (back === undefined) {
    back = new Map();
    const decoder = new TextDecoder(encoding);
    for (let b = 0x80; b <= 0xff; b += 1) back.set(decoder.decode(Uint8Array.of(b)), b);
    backs.set(encoding, back);
  }
  return back;
}

/**
 * Whether `texts`, read as `encoding`, were UTF-8 text with letters past
 * ASCII (a UTF-8 file given --encoding: "Ã±" for ñ). A name in windows-1252
 * whose bytes happen to be UTF-8 needs a capital like Ñ right before a sign
 * like º: no name has one.
 */
export function wasUtf8(texts, encoding) {
  const back = backOf(encoding);
  for (const text of texts) {
    if (!/[^\x00-\x7f]/.test(text)) continue;
    const bytes = Uint8Array.from(text, (ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : back.get(ch) ?? 0x3f));
    if (isUtf8(bytes)) return true;
  }
  return false;
}
