#!/usr/bin/env node
// Image encode throughput in Node: personkit's encodeImage against Buffer,
// base64-js and js-base64, on the same JPEG-prefixed random bytes. Run after
// `make build`:  node bench/image-node.mjs
//   --baseline=/path/to/pkg/node/personkit.js adds that build's text-input rows (an A/B in one process)
// Goals (issue 4): encodeImage(Uint8Array) ≥ 0.5× Buffer and ≥ 10× base64-js.
import os from 'node:os';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import base64js from 'base64-js';
import { fromUint8Array } from 'js-base64';
import { encodeImage } from 'personkit';
import { measure, table, ratio, SIZES, jpegLike, sink } from './lib/image-harness.mjs';

const prefix = readFileSync(new URL('../tests/fixtures/images/portrait-120x160.jpg', import.meta.url));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const pause = () => new Promise((r) => setImmediate(r));
const latin1Slice = Buffer.prototype.latin1Slice;
const utf8 = new TextDecoder();
const baselinePath = process.argv.find((a) => a.startsWith('--baseline='))?.slice(11);
const baseline = baselinePath ? createRequire(import.meta.url)(baselinePath) : null;

console.log('## Image encode throughput, Node (MB/s of *input* bytes, MB = 1e6 B)\n');
console.log(`node ${process.version}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'unknown CPU'}; loadavg(start) ${load()}\n`);

const goals = [];
for (const [size, label] of SIZES) {
  const bytes = jpegLike(prefix, size);
  const blob = new Blob([bytes]);
  const ref = Buffer.from(bytes).toString('base64');
  const ascii = new Uint8Array(Buffer.from(ref, 'latin1'));
  const dataUrl = `data:image/jpeg;base64,${ref}`;
  const same = (r) => (r === ref ? true : 'output differs from Buffer');
  const sameEncoded = (r) => same(r.base64);
  const options = { maxBytes: 16 << 20 };
  const rows = await measure({
    bytes: size,
    pause,
    contenders: [
      { name: 'personkit encodeImage(Uint8Array)', fn: () => encodeImage(bytes, options), expect: sameEncoded, note: 'copy in, inspect, SIMD encode in wasm, string via latin1Slice' },
      { name: 'personkit encodeImage(Blob)', fn: () => encodeImage(blob, options), expect: sameEncoded, note: 'adds blob.arrayBuffer()' },
      // Text in: MB/s still of the image's bytes. The string is checked (strict base64, the format) and handed back.
      { name: 'personkit encodeImage(base64 string)', fn: () => encodeImage(ref, options), expect: sameEncoded, note: 'copy in with encodeInto, strict decode, inspect' },
      { name: 'personkit encodeImage(data URL)', fn: () => encodeImage(dataUrl, options), expect: sameEncoded, note: 'as a canvas or FileReader gives it' },
      ...(baseline ? [
        { name: 'baseline build encodeImage(base64 string)', fn: () => baseline.encodeImage(ref, options), expect: sameEncoded, note: baselinePath },
        { name: 'baseline build encodeImage(data URL)', fn: () => baseline.encodeImage(dataUrl, options), expect: sameEncoded, note: baselinePath },
      ] : []),
      { name: "Buffer.from(x).toString('base64')", fn: () => Buffer.from(bytes).toString('base64'), expect: same, note: 'Node only (simdutf), no checks' },
      { name: 'base64-js fromByteArray', fn: () => base64js.fromByteArray(bytes), expect: same },
      { name: 'js-base64 fromUint8Array', fn: () => fromUint8Array(bytes), expect: same },
      { name: '[floor] TextDecoder(utf-8) of 4n/3 ASCII bytes', fn: () => utf8.decode(ascii), expect: same, note: "wasm→JS string, wasm-bindgen's String path" },
      { name: '[floor] Buffer#latin1Slice of 4n/3 bytes', fn: () => latin1Slice.call(ascii, 0, ascii.length), expect: same, note: 'wasm→JS string, the path encodeImage takes in Node' },
    ],
  });
  console.log(table(`base64 encode, ${label} JPEG-prefixed random`, rows));
  const vsBuffer = ratio(rows, 'personkit encodeImage(Uint8Array)', "Buffer.from(x).toString('base64')");
  const vsB64js = ratio(rows, 'personkit encodeImage(Uint8Array)', 'base64-js fromByteArray');
  goals.push(`| ${label} | ${vsBuffer.toFixed(2)}x ${vsBuffer >= 0.5 ? 'met' : 'MISSED'} | ${vsB64js.toFixed(1)}x ${vsB64js >= 10 ? 'met' : 'MISSED'} |`);
}
console.log('### goals: encodeImage(Uint8Array) ≥ 0.5× Buffer, ≥ 10× base64-js\n');
console.log('| size | vs Buffer | vs base64-js |\n|---|---:|---:|');
console.log(`${goals.join('\n')}\n`);
console.log(`loadavg(end) ${load()}; sink=${sink.n}`);
