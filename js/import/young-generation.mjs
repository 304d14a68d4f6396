// Imported first by the CLI, before the importer's modules load. An import
// allocates fast and keeps little alive: a bounded window of rows, plus what
// Node's fetch promotes whatever its age (AbortSignals, response streams).
// Left to V8's defaults, the young generation grows to two 16 MB semi-spaces
// under that allocation rate and holds them for the rest of the run, the
// largest part of the process's memory after Node itself. Keeping it at the
// size it starts with bounds the run's memory; the price is more scavenges,
// each of which copies only the rows in flight.
//
// A startup flag (--max-semi-space-size) would not reach `node js/cli.mjs`
// or an npm bin shim; this one is read each time V8 would grow the space.
import { setFlagsFromString } from 'node:v8';

try {
  setFlagsFromString('--semi-space-growth-factor=1');
} catch {
  // A runtime without V8's flags (Bun, Deno's node:v8): its own defaults.
}
