// A full garbage collection of this thread's V8 heap, for the report of a large run. The pass over
// a run promotes garbage to the old generation (the phase tracker's kept transitions, the pages'
// arrays: docs/benchmarks.md "Reports at 1M events", rounds 5-6), and V8 sizes its first full
// collections from the heap limit (~4 GB here), so at 1M events the main heap held 55-57 MB after
// the pass of which 11 MB was live, while the network scan's thread (reports/scan-thread.ts) held
// its own 60-100 MB beside it: the report's peak RSS is the two heaps added up. Collecting once
// when the pass (and its index) ends, and once when the scan's thread has ended and the renders
// are next, lets the rules and the renders reuse the heap the pass's garbage held instead of
// growing it while the thread still runs; during the pass, a collection every 200,000 rows keeps
// its garbage from piling up in the first place (docs/benchmarks.md "Peak RSS at 1M").
//
// The CLI cannot start node with --expose-gc, so the flag is set at run time, the collector taken
// from a fresh context (V8 installs `gc` only in contexts created while the flag is on), and the
// flag set back off so that no later context (vm sandboxes) gets a `gc` of its own. A collection
// changes no value a program can see (nothing here uses WeakRef or FinalizationRegistry to make
// output); it costs one mark-compact of the live heap (40-80 ms at 1M events, load 6).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null | undefined;

function findCollector(): (() => void) | null {
  // Started with --expose-gc (tests, profiling): that one, and the flag left as it was.
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null; // a runtime without V8's gc extension: the report is the same, only its peak higher
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** Runs a full collection of this thread's heap; false when the runtime offers none. */
export function collectGarbage(): boolean {
  collector ??= findCollector();
  if (collector === null) return false;
  collector();
  return true;
}

/**
 * Rows of the pass between two collections when the scan runs beside it: at 1M events, five
 * collections in the pass took the main heap at the pass's end from 76 to 64 MB committed (26 MB
 * used instead of 54-59) and the report's peak from 291 to 276-280 MB, with no CPU cost beyond
 * the load's spread (each is one mark-compact of a ~10-25 MB live heap).
 */
export const PASS_ROWS_PER_COLLECTION = 200_000;

/** A function to call once per row: every `rows` calls it runs a full collection (`collect`). */
export function collectEvery(rows: number, collect: () => unknown = collectGarbage): () => void {
  let count = 0;
  return () => {
    if (++count < rows) return;
    count = 0;
    collect();
  };
}
