// Shared by the import suites: a mock on a free port, a generated spreadsheet
// in a temp dir, and the CLI run as a child process.
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { before, after, beforeEach } from 'node:test';
import { startMock } from '../../mock/server.mjs';

export const CLI = fileURLToPath(new URL('../../js/cli.mjs', import.meta.url));
const IMAGES = new URL('../fixtures/images/', import.meta.url);

export async function mockServer() {
  const mock = await startMock({ port: 0, quiet: true });
  const json = async (path, init) => (await fetch(`${mock.url}${path}`, init)).json();
  return {
    url: mock.url,
    close: () => mock.close(),
    reset: () => json('/__mock/reset', { method: 'POST' }),
    persons: () => json('/__mock/persons'),
    scenario: (fault, count, provider, kind = 'create') => json('/__mock/scenario', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault, count, provider, kind }),
    }),
  };
}

/** The environment the CLI reads its secrets and addresses from. */
export const envFor = (url) => ({
  ...process.env,
  VERIFIK_TOKEN: 'verifik-test-token', EQUALS_API_KEY: 'equals-test-key',
  HORUS_CLIENT_ID: 'bb145d5f', HORUS_CLIENT_SECRET: 'bb145d5fxyz',
  VERIFIK_BASE_URL: url, EQUALS_BASE_URL: url, HORUS_BASE_URL: url,
});

export const SETTINGS = ['--verifik-collection', 'staff', '--equals-account-id', 'F12345', '--horus-category-id', '1', '--horus-position-id', '1'];

export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'personkit-import-'));
  mkdirSync(join(dir, 'photos'));
  copyFileSync(new URL('portrait-120x160.jpg', IMAGES), join(dir, 'photos', 'ana.jpg'));
  copyFileSync(new URL('face-96x128.png', IMAGES), join(dir, 'photos', 'bob.png'));
  copyFileSync(new URL('face-64x64.webp', IMAGES), join(dir, 'photos', 'webp.webp'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const NAMES = [['Ana', 'Ñañez Quispe'], ['José', 'Müller-Łukasz'], ['Zoë', 'Ōsaka'], ['Bob', 'Li'], ['Renée', "O'Brien"], ['Chloé', 'Çelik']];
const q = (s) => (/[";,\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * A spreadsheet of `rows` people: a BOM, `;` or `,`, Unicode names, a photo
 * column, and every `invalidEvery`-th row broken in one of four ways.
 * Returns the path, the line numbers of the invalid rows and the valid count.
 */
export function makeCsv(dir, { rows, invalidEvery = 0, delimiter = ';', name = 'people.csv', tag = 'r' }) {
  const d = delimiter;
  const lines = [['First Name', 'Last Name', 'Email', 'Date of birth', 'DNI', 'Gender', 'Photo'].join(d)];
  const invalid = [];
  for (let i = 0; i < rows; i += 1) {
    const [first, last] = NAMES[i % NAMES.length];
    const line = i + 2;
    let email = `p${i}.${tag}@example.com`;
    let dob = `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`;
    let photo = i % 2 === 0 ? 'photos/ana.jpg' : 'photos/bob.png';
    const dni = String(40000000 + i);
    if (invalidEvery && i % invalidEvery === invalidEvery - 1) {
      invalid.push(line);
      const kind = (i / invalidEvery) % 4 | 0;
      if (kind === 0) email = `not-an-email-${i}`;
      else if (kind === 1) dob = '1990-02-30';
      else if (kind === 2) photo = 'photos/missing.jpg';
      else photo = 'photos/webp.webp';
    }
    lines.push([first, `${last} ${tag}${i}`, email, dob, dni, i % 2 ? 'M' : 'F', photo].map(q).join(d));
  }
  const path = join(dir, name);
  writeFileSync(path, `\ufeff${lines.join('\r\n')}\r\n`);
  return { path, invalid, valid: rows - invalid.length };
}

/** Runs `personkit import …`; resolves { code, signal, stdout, stderr }. `onStart(child)` gets the process. */
export function runCli(args, { env, onStart, lang = 'C.UTF-8' } = {}) {
  return new Promise((resolve, reject) => {
    // The machine's language sets the rows' language (--locale's default): English here unless `lang` says.
    const child = spawn(process.execPath, [CLI, 'import', ...args], { env: { ...(env ?? process.env), LC_ALL: lang }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStart?.(child);
  });
}

/** The journal's events. */
export function journal(path) {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).flatMap((l) => {
    try { return [JSON.parse(l)]; } catch { return []; }
  });
}

/** Starts without an end after them, per key and provider. */
export function inFlight(events) {
  const open = new Map();
  for (const e of events) {
    const k = `${e.k}/${e.p}`;
    if (e.t === 'start') open.set(k, e);
    else if (e.t === 'end') open.delete(k);
  }
  return [...open.values()];
}

/** Polls until `fn()` is truthy. */
export async function until(fn, what, tries = 400) {
  for (let i = 0; i < tries; i += 1) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One person per valid row in each provider, none for an invalid row, and one Equals persona on F12345 each. */
export function countsOf(s) {
  return {
    verifik: s.verifik.length,
    equals: s.equals.length,
    horus: s.horus.length,
    personasNotOne: s.equals.filter((p) => p.personaCounts?.F12345 !== 1).length,
  };
}

/** A results file's rows (`columns: true`) or lines: written with the input's delimiter, `,` or `;`. */
export function readResults(path, { columns = true } = {}) {
  const text = readFileSync(path);
  return parse(text, { bom: true, columns, delimiter: /^\uFEFF?line;/.test(text.toString('utf8', 0, 16)) ? ';' : ',' });
}

/**
 * The file's mock (`mock`, reset before each test) and a temporary folder
 * per test (`tmp`), once `useSuite()` has registered their hooks. Live
 * bindings: each test file is a process of its own.
 */
export let mock;
export let tmp;
export function useSuite() {
  before(async () => { mock = await mockServer(); });
  after(() => mock.close());
  beforeEach(async () => {
    await mock.reset();
    tmp?.cleanup();
    tmp = tempDir();
  });
  after(() => tmp?.cleanup());
}
