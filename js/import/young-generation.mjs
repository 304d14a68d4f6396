// Imported first by the CLI, before the importer's modules load. An import
// allocates fast and keeps little alive: a bounded window of rows, plus what
// Node's fetch promotes whatever its age (AbortSignals, response streams).
// Left to V8's defaults, the young generation grows to two 16 MB semi-spaces
// under that allocation rate and holds them for the rest of the run, the
// largest part of the process's memory after Node itself. Pinned at the size
// it starts with, scavenges come so often that the run is much slower; so it
// may grow to a few MB, and is stopped there.
//
// A startup flag (--max-semi-space-size) would not reach `node js/cli.mjs`
// or an npm bin shim; the growth factor is read each time V8 would grow the
// space, so it can be set while the process runs.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The young generation's size (V8's `new_space`) at which it stops growing. */
const YOUNG_CAP_BYTES = 8 * 1024 * 1024;

function youngSize() {
  try {
    return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size;
  } catch {
    return undefined; // a runtime without V8's statistics
  }
}

function stopGrowing() {
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // A runtime without V8's flags (Bun, Deno's node:v8): its own defaults.
  }
}

const watch = setInterval(() => {
  const size = youngSize();
  if (size === undefined || size >= YOUNG_CAP_BYTES) {
    if (size !== undefined) stopGrowing();
    clearInterval(watch);
  }
}, 20);
watch.unref();
