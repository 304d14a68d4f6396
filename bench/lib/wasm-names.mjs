// Names for the wasm functions of a Chromium CPU profile, which shows the
// shipped, name-stripped pkg/page/personkit_bg.wasm as `wasm-function[N]`.
// Rebuilds the same module with its names kept (wasm-bindgen and wasm-opt
// from PATH, on cargo's output target/wasm-page/…/personkit.wasm, with
// Cargo.toml's wasm-opt flags plus -g instead of --strip-debug), and uses the
// names only if every function body is byte-identical to the shipped one.
// Used by `validate-browser.mjs --profile`; nothing here is timed.
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Imported function count, function bodies and function names (name section, else export name). */
export function parseWasm(bytes) {
  const b = bytes;
  let p = 8;
  const u = () => {
    let r = 0;
    let s = 0;
    let x;
    do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  const skipLimits = () => { const f = b[p++]; u(); if (f & 1) u(); };
  let imports = 0;
  const bodies = [];
  const names = new Map();
  const exports = new Map();
  while (p < b.length) {
    const id = b[p++];
    const end = u() + p;
    if (id === 2) {
      for (let i = 0, n = u(); i < n; i++) {
        for (let k = 0; k < 2; k++) { const l = u(); p += l; } // module, field names
        const kind = b[p++];
        if (kind === 0) { u(); imports++; } else if (kind === 1) { p++; skipLimits(); } else if (kind === 2) skipLimits(); else if (kind === 3) p += 2; else if (kind === 4) { p++; u(); }
      }
    } else if (id === 7) {
      for (let i = 0, n = u(); i < n; i++) {
        const l = u();
        const name = new TextDecoder().decode(b.subarray(p, p + l));
        p += l;
        const kind = b[p++];
        const idx = u();
        if (kind === 0) exports.set(idx, name);
      }
    } else if (id === 10) {
      for (let i = 0, n = u(); i < n; i++) { const l = u(); bodies.push(b.subarray(p, p + l)); p += l; }
    } else if (id === 0) {
      const l = u();
      const name = new TextDecoder().decode(b.subarray(p, p + l));
      p += l;
      while (name === 'name' && p < end) {
        const sub = b[p++];
        const subEnd = u() + p;
        if (sub === 1) {
          for (let i = 0, n = u(); i < n; i++) { const idx = u(); const ln = u(); names.set(idx, new TextDecoder().decode(b.subarray(p, p + ln))); p += ln; }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  // Functions the name section leaves out go by their export name, if any.
  for (const [idx, name] of exports) if (!names.has(idx)) names.set(idx, `export ${name}`);
  return { imports, bodies, names };
}

/** `personkit::validate::text::text::h7f58…` → `personkit::validate::text::text`. */
export const shortName = (s) => s.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');

/**
 * Function index → name for `shipped` (a path), or `{ why }` when it cannot be
 * had. `root` is the repository, `dir` a scratch directory.
 */
export function wasmNames(root, shipped, dir) {
  const raw = join(root, 'target/wasm-page/wasm32-unknown-unknown/release/personkit.wasm');
  if (!existsSync(raw)) return { why: `no ${raw} (run scripts/build.sh)` };
  const flags = /^wasm-opt\s*=\s*\[(.*)\]/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))?.[1]
    .split(',').map((s) => s.trim().replace(/^"|"$/g, '')).filter((f) => f && f !== '--strip-debug');
  if (!flags) return { why: "no wasm-opt flags in Cargo.toml's [package.metadata.personkit]" };
  const home = process.env.CARGO_HOME ?? join(process.env.HOME ?? '', '.cargo');
  const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${join(home, 'bin')}:${process.env.PATH}` };
  try {
    execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', dir, '--out-name', 'personkit', raw], { env, stdio: 'pipe' });
    execFileSync('wasm-opt', [join(dir, 'personkit_bg.wasm'), ...flags, '-g', '-o', join(dir, 'named.wasm')], { env, stdio: 'pipe' });
  } catch (e) {
    return { why: `could not rebuild with names: ${String(e.stderr || e.message).split('\n')[0]}` };
  }
  const a = parseWasm(readFileSync(shipped));
  const b = parseWasm(readFileSync(join(dir, 'named.wasm')));
  const same = a.imports === b.imports && a.bodies.length === b.bodies.length
    && a.bodies.every((x, i) => Buffer.compare(x, b.bodies[i]) === 0);
  if (!same) return { why: 'the rebuild with names differs from the shipped module (stale target/?)' };
  // Functions that wasm-opt made (merged or outlined) have no name: name
  // them by their callers, from the text form (binaryen's wasm-dis).
  let wat;
  try {
    wat = execFileSync('wasm-dis', [join(dir, 'named.wasm')], { env, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch {
    return { names: b.names };
  }
  const token = /^ \(func (\$"[^"]*"|\$\S+)/;
  const call = /\bcall (\$"[^"]*"|\$[^\s)]+)/g;
  const clean = (t) => t.replace(/^\$"?|"$/g, '');
  const order = [];
  const callers = new Map();
  let current = null;
  for (const line of wat.split('\n')) {
    const f = token.exec(line);
    if (f) { current = clean(f[1]); order.push(current); continue; }
    if (current === null) continue;
    for (const m of line.matchAll(call)) {
      const callee = clean(m[1]);
      if (!callers.has(callee)) callers.set(callee, new Set());
      callers.get(callee).add(current);
    }
  }
  if (order.length !== b.bodies.length) return { names: b.names };
  for (let k = 0; k < order.length; k++) {
    const idx = b.imports + k;
    if (b.names.has(idx) && !b.names.get(idx).startsWith('export ')) continue;
    const by = [...new Set([...(callers.get(order[k]) ?? [])].map(shortName))];
    b.names.set(idx, `(no name, made by wasm-opt; called by ${by.length ? by.slice(0, 3).join(', ') + (by.length > 3 ? ', …' : '') : 'nothing named'})`);
  }
  return { names: b.names };
}
