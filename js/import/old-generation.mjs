// Imported by the CLI right after young-generation.mjs, before the
// importer's modules load. An import keeps little alive (a bounded window
// of rows), but left to its defaults V8 lets the old generation grow to as
// much as four times what survived the last full collection before it
// collects again, the cheapest choice for a process that allocates fast;
// over a long import that is memory held for nothing. A fixed factor of 2.5
// keeps the peak lower for a little more CPU, a cost a real provider's
// latency hides (bench/README.md, "History: the importer", has the runs).
//
// A startup flag would not reach `node js/cli.mjs` or an npm bin shim; V8
// reads this one at each full collection, so it can be set while the
// process runs. The library (`enrolMany`) sets nothing: the process is not
// its own.
import { setFlagsFromString } from 'node:v8';

try {
  setFlagsFromString('--heap-growing-percent=150');
} catch {
  // A runtime without V8's flags (Bun, Deno's node:v8): its own defaults.
}
