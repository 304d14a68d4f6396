// The rows already met in this run, by row key, each with its line: how a
// row repeated in the file is sent once. Kept in one typed array outside
// V8's heap: a Map of 100,000 key strings made the heap, which V8 sizes as a
// multiple of what is live, grow through the whole run (bench/README.md).
//
// A row key (`rowKey` in index.mjs) is 22 base64url characters of a SHA-256;
// its first 16 hold 96 bits, which are what is stored and compared (two
// different rows share them with a chance of about 1 in 10^19 at a million
// rows).

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Uint8Array(128);
for (let i = 0; i < DIGITS.length; i += 1) VALUE[DIGITS.charCodeAt(i)] = i;

/** Four uint32 per slot: the key's 96 bits, then line + 1 (0: an empty slot). */
const WORDS = 4;

export class SeenRows {
  #slots = new Uint32Array(WORDS << 12);
  #mask = (1 << 12) - 1;
  #count = 0;
  #key = new Uint32Array(3);

  /** The line a row with `key` was first met on, or undefined. */
  get(key) {
    const k = this.#words(key);
    const at = this.#find(this.#slots, this.#mask, k);
    return this.#slots[at + 3] === 0 ? undefined : this.#slots[at + 3] - 1;
  }

  /** Remembers `key` as first met on `line` (a positive integer). */
  set(key, line) {
    if ((this.#count + 1) * 2 > this.#mask + 1) this.#grow();
    const k = this.#words(key);
    const at = this.#find(this.#slots, this.#mask, k);
    if (this.#slots[at + 3] === 0) this.#count += 1;
    this.#slots.set(k, at);
    this.#slots[at + 3] = line + 1;
  }

  /** The 96 bits of `key`'s first 16 characters (6 bits each). */
  #words(key) {
    const g = (j) => (digit(key, j) << 18) | (digit(key, j + 1) << 12) | (digit(key, j + 2) << 6) | digit(key, j + 3);
    const g0 = g(0);
    const g1 = g(4);
    const g2 = g(8);
    const g3 = g(12);
    this.#key[0] = (g0 << 8) | (g1 >>> 16);
    this.#key[1] = ((g1 & 0xffff) << 16) | (g2 >>> 8);
    this.#key[2] = ((g2 & 0xff) << 24) | g3;
    return this.#key;
  }

  /** The slot holding `k`, or the empty one where it would go (linear probing). */
  #find(slots, mask, k) {
    for (let i = k[0] & mask; ; i = (i + 1) & mask) {
      const at = i * WORDS;
      if (slots[at + 3] === 0 || (slots[at] === k[0] && slots[at + 1] === k[1] && slots[at + 2] === k[2])) return at;
    }
  }

  #grow() {
    const old = this.#slots;
    const mask = this.#mask * 2 + 1;
    const slots = new Uint32Array((mask + 1) * WORDS);
    for (let at = 0; at < old.length; at += WORDS) {
      if (old[at + 3] === 0) continue;
      const to = this.#find(slots, mask, old.subarray(at, at + 3));
      slots.set(old.subarray(at, at + WORDS), to);
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/** The 6-bit value of `key`'s `i`-th character (any character maps to some value: the key is a hash). */
const digit = (key, i) => VALUE[key.charCodeAt(i) & 127];
