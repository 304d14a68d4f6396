// The cost of one journal line three ways (bench/import.mjs runs it): appendFileSync, write(2) on an open fd (what the journal does), and write + fsync (--fsync).
import { openSync, writeSync, fsyncSync, appendFileSync, closeSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const dir = mkdtempSync(join(tmpdir(), 'jcost-'));
const line = `${JSON.stringify({ t: 'end', k: 'Dm2mMUWj7D7bYwciDzdN28', l: 1234, p: 'equals', s: 'created', id: '55b0fdad-8a38-481e-8cbe-ffc7b0e8a560', pid: '1162cf13-bd1b-4645-a133-c70ab618f7d7', n: 1 })}\n`;
const per = (name, n, fn) => { const t = performance.now(); for (let i = 0; i < n; i += 1) fn(); console.log(`  ${name}: ${((performance.now() - t) * 1000 / n).toFixed(1)} µs/line (${n} lines)`); };
const p1 = join(dir, 'a'); per('appendFileSync', 20000, () => appendFileSync(p1, line));
const fd = openSync(join(dir, 'b'), 'a'); per('writeSync on an open fd', 20000, () => writeSync(fd, line));
const fd2 = openSync(join(dir, 'c'), 'a'); per('writeSync + fsyncSync', 1000, () => { writeSync(fd2, line); fsyncSync(fd2); });
closeSync(fd); closeSync(fd2); rmSync(dir, { recursive: true });
