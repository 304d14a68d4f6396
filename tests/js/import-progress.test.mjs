// The bar's total: a sheet exported with its empty rows (";;;;", often
// hundreds below the data) counted each as a row to come, and the last frame
// stood at 30/82 above a summary of 30 rows all created, as if the run had
// stopped a third of the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { countRows } from '../../js/import/input.mjs';
import { progress } from '../../js/import/progress.mjs';

test('the rows counted for the bar leave out blank lines and rows of delimiters only (a spreadsheet\'s empty rows), in UTF-8 and UTF-16', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'personkit-count-'));
  try {
    const rows = ['Nombres;Apellidos;Correo', 'Ana;Quispe;ana@x.pe', ';;', '', 'Bob;Li;bob@x.pe', ' ; ; ', ...Array(50).fill(';;')];
    const utf8 = join(dir, 'a.csv');
    writeFileSync(utf8, `\ufeff${rows.join('\r\n')}\r\n`);
    assert.equal(await countRows(utf8, 'csv'), 2);
    const utf16 = join(dir, 'a.txt');
    writeFileSync(utf16, Buffer.from(`\ufeff${rows.map((r) => r.replaceAll(';', '\t')).join('\r\n')}`, 'utf16le'));
    assert.equal(await countRows(utf16, 'csv'), 2);
    const jsonl = join(dir, 'a.jsonl');
    writeFileSync(jsonl, '{"firstName":"Ana"}\n\n  \n{"firstName":"Bob"}');
    assert.equal(await countRows(jsonl, 'jsonl'), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on a terminal, the last frame of a run that read its file to the end shows every row done (N/N), whatever the estimate was', async () => {
  let text = '';
  const out = new Writable({ write(chunk, _e, done) { text += chunk; done(); } });
  Object.assign(out, { isTTY: true, columns: 200, rows: 40 });
  const bars = progress({ providers: ['equals'], total: 82, tty: true, out });
  const equals = { finished: 30, done: 30, failed: 0, rate: 1, eta: null, pausedMs: 0 };
  bars.update({ total: 82, providers: { equals } });
  bars.stop(30);
  const frames = text.match(/\d+\/\d+ \|/g) ?? [];
  assert.equal(frames.at(-1), '30/30 |', text);
});
