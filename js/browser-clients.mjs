// The provider clients for js/browser.mjs, on the full wasm build (pkg/web).
// A page that validates and encodes never loads this: the classes are
// tree-shaken away unless the page uses one, and the .wasm is loaded only
// when the first client is built — synchronously, as a constructor must
// (a worker freely; a page blocks for that moment). Servers use the Node
// entries instead; a client holding a secret refuses to be built in a page.
import * as full from '../pkg/web/personkit.js';
import inlined from '../pkg/web/wasm-inline.js';
import { cannotLoadNow } from './cannot-load-now.mjs';

const simd = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3,
  2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
let live = false;
/** The language setLocale last set in the page (browser.mjs), handed to the full build when it loads. */
let locale;

/** setLocale's other half: the clients' build follows the page's language, now or when it loads. */
export function setClientsLocale(tag) {
  locale = tag;
  if (live) full.setLocale(tag);
}

function load() {
  // Vite's and webpack's builds carry the .wasm as a file and drop the base64 copy (see browser.mjs).
  const bytes = (typeof __webpack_require__ === 'function' || (typeof import.meta.env === 'object' && import.meta.env.PROD === true))
    ? null
    : inlined;
  if (bytes !== null && simd) {
    full.initSync({ module: typeof Uint8Array.fromBase64 === 'function' ? Uint8Array.fromBase64(bytes) : Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0)) });
  } else {
    const url = simd
      ? new URL('../pkg/web/personkit_bg.wasm', import.meta.url)
      : new URL('../pkg/web-nosimd/personkit_bg.wasm', import.meta.url);
    if (typeof XMLHttpRequest !== 'function') throw cannotLoadNow(url, true);
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url, false);
    const page = typeof document !== 'undefined';
    if (page) xhr.overrideMimeType('text/plain; charset=x-user-defined');
    else xhr.responseType = 'arraybuffer';
    xhr.send();
    if (xhr.status !== 200) throw new Error(`personkit: could not load ${url}: HTTP ${xhr.status} (see the README: "Handing personkit its .wasm yourself")`);
    full.initSync({ module: page ? Uint8Array.from(xhr.responseText, (c) => c.charCodeAt(0) & 0xff) : new Uint8Array(xhr.response) });
  }
  live = true;
  if (locale !== undefined) full.setLocale(locale);
}

export class VerifikClient extends full.VerifikClient { constructor(options) { if (!live) load(); super(options); } }
export class EqualsClient extends full.EqualsClient { constructor(options) { if (!live) load(); super(options); } }
export class HorusClient extends full.HorusClient { constructor(options) { if (!live) load(); super(options); } }
