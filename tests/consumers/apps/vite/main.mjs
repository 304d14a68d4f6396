import * as pk from 'personkit';
import { check } from './check.mjs';

const q = new URLSearchParams(location.search);
// A module worker, and a message posted at once: it must not be lost while
// the worker's modules load.
const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
const fromWorker = new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); });
worker.postMessage({ mock: q.get('mock'), refused: q.get('refused') });
Promise.all([check(pk, q.get('mock'), q.get('refused')), fromWorker])
  .then(([page, inWorker]) => { window.__result = { page, worker: inWorker }; });
