// SeenRows, the run's memory of row keys: what it remembers survives its
// growth, keys that differ anywhere in their first 96 bits stay apart, and a
// key met again gives the first line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeenRows } from '../../js/import/seen.mjs';
import { rowKey } from '../../js/import/keys.mjs';

test('every key set is found with its line, through many growths; unknown keys are not', () => {
  const seen = new SeenRows();
  const keys = Array.from({ length: 50_000 }, (_, i) => rowKey(`row ${i}`));
  keys.forEach((k, i) => seen.set(k, i + 2));
  keys.forEach((k, i) => assert.equal(seen.get(k), i + 2));
  for (let i = 0; i < 1000; i += 1) assert.equal(seen.get(rowKey(`other ${i}`)), undefined);
});

test('keys that differ in one character of the first 16 are different rows; setting a key again keeps one entry', () => {
  const seen = new SeenRows();
  const base = rowKey('Ana');
  seen.set(base, 7);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < 16; i += 1) {
    const other = alphabet.split('').find((c) => c !== base[i]);
    const k = base.slice(0, i) + other + base.slice(i + 1);
    assert.equal(seen.get(k), undefined, `position ${i}`);
    seen.set(k, 100 + i);
    assert.equal(seen.get(k), 100 + i);
  }
  assert.equal(seen.get(base), 7);
  seen.set(base, 9);
  assert.equal(seen.get(base), 9);
});

test('a journal that forgot a provider (its target fixed after every create was refused) still has forgotten it after a run stopped before any row', async () => {
  const { Journal } = await import('../../js/import/journal.mjs');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join: j } = await import('node:path');
  const path = j(mkdtempSync(j(tmpdir(), 'pk-forget-')), 'journal.jsonl');
  writeFileSync(path, [
    JSON.stringify({ t: 'run', v: 2, at: 'x', target: { horus: { baseUrl: 'http://h', categoryId: 9, positionId: 1 } } }),
    JSON.stringify({ t: 'start', k: 'row1', l: 2, p: 'horus' }),
    JSON.stringify({ t: 'end', k: 'row1', l: 2, p: 'horus', s: 'failed', code: 'BAD_REQUEST' }),
    '',
  ].join('\n'));
  const second = new Journal(path);
  await second.load();
  assert.equal(second.state.get('row1').horus.code, 'BAD_REQUEST');
  second.forget('horus');
  second.open({ horus: { baseUrl: 'http://h', categoryId: 1, positionId: 1 } });
  second.close(); // stopped (Ctrl-C) before any row
  const third = new Journal(path);
  await third.load();
  assert.equal(third.state.get('row1')?.horus, undefined, 'the old target\'s refusal is not back');
});

test('a lock naming this very process, which this process does not hold, is stale (a container\'s process 1 after a kill); one it holds is not', async () => {
  const { Journal } = await import('../../js/import/journal.mjs');
  const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join: j } = await import('node:path');
  const path = j(mkdtempSync(j(tmpdir(), 'pk-lock-')), 'journal.jsonl');
  writeFileSync(`${path}.lock`, `${process.pid}\n`);
  const a = new Journal(path);
  await a.load();
  a.open({});
  const b = new Journal(path);
  // The lock is taken before the journal is read.
  await assert.rejects(b.load(), (e) => e.code === 'JOURNAL_IN_USE');
  assert.throws(() => b.open({}), (e) => e.code === 'JOURNAL_IN_USE');
  a.close();
  assert.equal(existsSync(`${path}.lock`), false);
});

test('an empty or damaged lock names no process: it is held, never stale (the old lock was created empty, then written); the message says to remove it if no import runs', async () => {
  const { Journal } = await import('../../js/import/journal.mjs');
  const { mkdtempSync, writeFileSync, readFileSync, readdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join: j } = await import('node:path');
  const dir = mkdtempSync(j(tmpdir(), 'pk-lock-'));
  const path = j(dir, 'journal.jsonl');
  for (const text of ['', 'garbage\n', '12']) {
    writeFileSync(`${path}.lock`, text);
    const a = new Journal(path);
    await assert.rejects(a.load(), (e) => e.code === 'JOURNAL_IN_USE' && e.message.includes(`remove ${path}.lock`) && /names no process/.test(e.message), JSON.stringify(text));
    assert.equal(readFileSync(`${path}.lock`, 'utf8'), text, 'left as it was');
  }
  // A run killed while it broke a stale lock: refused with what to remove, nothing removed for it.
  writeFileSync(`${path}.lock`, '999999999\n');
  writeFileSync(`${path}.lock.break`, '999999998\n');
  await assert.rejects(new Journal(path).load(), (e) => e.code === 'JOURNAL_IN_USE' && e.message.includes(`${path}.lock.break`));
  assert.deepEqual(readdirSync(dir).sort(), ['journal.jsonl.lock', 'journal.jsonl.lock.break'], 'no file of ours left behind');
});

test('runs racing for one journal, with and without a stale lock to break: never two holders at once', async () => {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join: j } = await import('node:path');
  const mod = new URL('../../js/import/journal.mjs', import.meta.url).href;
  // As the audit's lockrace.mjs: every child waits for the same instant, then takes the journal and holds it a while.
  const child = `const { Journal } = await import(${JSON.stringify(mod)});
    const at = Number(process.argv[2]); const path = process.argv[1];
    while (Date.now() < at) {}
    const j = new Journal(path);
    try { await j.load(); j.open({}); const t0 = Date.now(); await new Promise((r) => setTimeout(r, 300)); console.log('GOT', t0, Date.now()); j.close(); }
    catch (e) { console.log('REFUSED', e.code); }`;
  let doubles = 0;
  let refusedOther = 0;
  for (let trial = 0; trial < 8; trial += 1) {
    const dir = mkdtempSync(j(tmpdir(), 'pk-race-'));
    const path = j(dir, 'journal.jsonl');
    if (trial % 4 !== 3) writeFileSync(`${path}.lock`, '999999999\n'); // left by a killed run
    const at = Date.now() + 400;
    const outs = await Promise.all(Array.from({ length: 6 }, () => new Promise((resolve) => {
      const c = spawn(process.execPath, ['--input-type=module', '-e', child, path, String(at)]);
      let s = '';
      c.stdout.on('data', (b) => { s += b; });
      c.stderr.on('data', (b) => { s += b; });
      c.on('close', () => resolve(s.trim()));
    })));
    // A child that starts after the holder let go (a loaded machine) rightly
    // takes the journal too: what must never be is two holds that overlap.
    const held = outs.filter((o) => o.startsWith('GOT ')).map((o) => o.split(' ').slice(1).map(Number)).sort((a, b) => a[0] - b[0]);
    if (held.length === 0 || held.some(([from], i) => i > 0 && from < held[i - 1][1])) doubles += 1;
    refusedOther += outs.filter((o) => !o.startsWith('GOT ') && o !== 'REFUSED JOURNAL_IN_USE').length;
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(doubles, 0, 'each trial had a holder, and never two at once');
  assert.equal(refusedOther, 0, 'the others were refused JOURNAL_IN_USE, never an error');
});
