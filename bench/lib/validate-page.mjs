// The page side of validate-browser.mjs: bundled by it (Vite, into a temp
// dir) with the shared schemas and contenders, so zod, valibot and ajv run
// as a bundled page runs them; personkit is NOT bundled: `/js/browser.mjs`
// stays external and is loaded as served, the entry a plain
// <script type="module"> uses (pkg/page, the SIMD build where the engine has
// Wasm SIMD, instantiated synchronously from its inlined base64).
import * as personkit from '/js/browser.mjs';
import { measureGroup, sink } from './rounds.mjs';
import { issues, contenders, groups, sanity } from './validation.mjs';
import { makeAjv } from '../schemas/common.mjs';
import * as verifik from '../schemas/verifik.mjs';
import * as equals from '../schemas/equals.mjs';
import * as horus from '../schemas/horus.mjs';

const ajv = await makeAjv();
const providers = {
  Verifik: { mod: verifik, ours: personkit.validateVerifikPerson },
  Equals: { mod: equals, ours: personkit.validateEqualsPerson },
  Horus: { mod: horus, ours: personkit.validateHorusPerson },
};
const listOf = (title) => contenders(providers[title].ours, providers[title].mod, ajv);

/** Sanity lines, payload sizes, and whether personkit accepts every valid payload. */
window.benchInfo = () => ({
  userAgent: navigator.userAgent,
  crossOriginIsolated: globalThis.crossOriginIsolated === true,
  personkitVersion: personkit.version(),
  lines: Object.entries(providers).map(([title, { mod }]) => sanity(title, listOf(title), mod)),
  sizes: Object.entries(providers).map(([title, { mod }]) => `${title.toLowerCase()} ${JSON.stringify(mod.valid).length} B`),
  rejected: Object.entries(providers)
    .map(([title, { mod, ours }]) => [title, ours(mod.valid)])
    .filter(([, r]) => issues.personkit(r) !== 0)
    .map(([title, r]) => `${title}: ${JSON.stringify(r.errors)}`),
});

/** One group's rows: `which` is 'valid' or 'invalid'; opts: { rounds, batchMs }. */
window.runGroup = (title, which, opts) => measureGroup({
  contenders: groups(listOf(title), providers[title].mod)[which].map(({ name, fn, note, expect }) => ({ name, fn, note, expect })),
  ...opts,
  pause: () => new Promise((resolve) => setTimeout(resolve, 0)), // GC and timers between rounds
});

/**
 * Calls one contender `n` times in a plain loop (for the CPU profile).
 * `name` is a contender's name in the group.
 */
window.spin = (title, which, name, n) => {
  const c = groups(listOf(title), providers[title].mod)[which].find((x) => x.name === name);
  if (!c) throw new Error(`no contender ${name}`);
  let r;
  for (let i = 0; i < n; i++) r = c.fn();
  sink.last = r;
  return n;
};

window.sinkCount = () => sink.n;
window.benchReady = true;
