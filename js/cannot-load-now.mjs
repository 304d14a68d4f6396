// A synchronous call before the .wasm file is loaded, where nothing can load
// it synchronously (a service worker, an edge runtime: no XMLHttpRequest):
// what js/browser.mjs and js/browser-clients.mjs throw instead of a
// ReferenceError. `ready` loads the page build, not the clients' build.
import { PersonkitError } from '../pkg/web/error.js';

export const cannotLoadNow = (url, clients) => new PersonkitError('UNSUPPORTED_ENVIRONMENT', clients
  ? "personkit's clients cannot load their .wasm in this runtime: use personkit/init"
  : "personkit is not loaded yet: await personkit's ready before this call", {
  detail: `${url} is not loaded, and there is no XMLHttpRequest here to load it at once (a service worker, an edge runtime)`
    + ' (see the README: "Handing personkit its .wasm yourself")',
});
