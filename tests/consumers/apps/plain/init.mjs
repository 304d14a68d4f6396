import * as pk from '/node_modules/personkit/js/init.mjs';
import { check } from './check.mjs';

const q = new URLSearchParams(location.search);
pk.init(new URL('/node_modules/personkit/pkg/web/personkit_bg.wasm', location.href))
  .then(() => check(pk, q.get('mock'), q.get('refused')))
  .then((r) => { window.__result = r; }, (e) => { window.__result = { fail: String(e) }; });
