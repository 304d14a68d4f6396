// Shared by the type tests (types-results, audit-types): a project folder
// that resolves `personkit` as a user's does (its exports map, its .d.ts
// files), values written as TypeScript literals, and tsc --strict on them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

// tsc 7 is a native program that node_modules/.bin/tsc, a Node script, starts
// and waits for: run the program itself, one process a compile instead of
// two (the Node one cost more CPU than a small compile). The script where
// there is no such program (a tsc written in JavaScript).
const TSC = (() => {
  try {
    const fromTypescript = createRequire(join(root, 'node_modules/typescript/package.json'));
    const pkg = fromTypescript.resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`);
    const exe = join(dirname(pkg), 'lib', process.platform === 'win32' ? 'tsc.exe' : 'tsc');
    if (existsSync(exe)) return exe;
  } catch {
    // no native package: the script below
  }
  return join(root, 'node_modules/.bin/tsc');
})();

/** A temporary project with node_modules/personkit linked to this checkout; `remove()` deletes it. */
export function typesProject() {
  const dir = mkdtempSync(join(tmpdir(), 'personkit-types-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'personkit'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `v` as a TypeScript expression: plain data only (anything else fails the test). */
export function literal(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    assert.ok(Number.isFinite(v), `not a finite number: ${v}`);
    return Object.is(v, -0) ? '0' : String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  const proto = Object.getPrototypeOf(v);
  assert.ok(proto === Object.prototype || proto === null, `not plain data: ${Object.prototype.toString.call(v)}`);
  return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${literal(x)}`).join(', ')} }`;
}

/** A PersonkitError's own enumerable fields, and its message (an Error's own, not enumerable). */
export function fieldsOf(err, PersonkitError) {
  assert.ok(err instanceof PersonkitError, `not a PersonkitError: ${err}`);
  const fields = { message: err.message };
  for (const k of Object.keys(err)) fields[k] = err[k];
  return fields;
}

// skipLibCheck false: personkit's .d.ts files are checked as a careful
// user's project checks them. TypeScript's own lib files (lib.dom.d.ts…) are
// not checked again each compile (skipDefaultLibCheck): they are not ours,
// most of a compile's time went to them, and an error of ours that clashes
// with them (a global redeclared) is still reported in our file.
export const STRICT = {
  strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
  skipLibCheck: false, skipDefaultLibCheck: true, types: [], lib: ['es2022', 'dom'],
};

/**
 * Compiles `samples` (`[name, type, value]`, each `export const sN: type =
 * literal(value)`) after the `header` lines, in `dir`; returns tsc's errors,
 * each named by its sample (or its file and line outside the samples).
 * `files` adds other files to the same compilation: `{ name: text }`.
 */
export function compile(dir, file, header, samples, { compilerOptions = STRICT, files = {} } = {}) {
  const lines = [...header];
  const first = lines.length + 1;
  samples.forEach(([name, type, value], i) => lines.push(`export const s${i}: ${type} = ${literal(value)}; // ${name}`));
  writeFileSync(join(dir, file), `${lines.join('\n')}\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [file, ...Object.keys(files)] }));
  try {
    execFileSync(TSC, ['-p', '.', '--pretty', 'false', '--singleThreaded'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return [];
  } catch (e) {
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
    assert.ok(errors.length > 0, `tsc failed without a type error:\n${out}`);
    return errors.map((l) => {
      const m = /^([^(]+)\((\d+),\d+\): (error TS\d+: .*)$/.exec(l);
      if (!m || !m[1].endsWith(file)) return l;
      const line = Number(m[2]);
      const sample = samples[line - first];
      return `${sample ? sample[0] : `line ${line}`}: ${m[3].slice(0, 400)}`;
    });
  }
}
