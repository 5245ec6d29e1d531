// SQLite's page caches while a report is built. better-sqlite3 builds SQLite with a 16 MB default
// cache (SQLITE_DEFAULT_CACHE_SIZE=-16000, `PRAGMA compile_options`) for each database of a
// connection, and the report's connection uses two: the run's file and the temp database that
// holds the analysis table and its index (analysis/timeline.ts). A small run never fills them; at
// 1M events both fill during the pass and stay full, 32 MB of RSS that grows with the run up to
// that bound, and the index's sorter sizes its in-memory runs from the main database's cache
// (SQLite src/vdbesort.c, sqlite3VdbeSorterInit: mxPmaSize from `cache_size`), so the index
// build added its own 16 MB on top. The pass reads the run once in id order and the analysis
// table is appended in id order, so neither needs a large cache; with 4 MB each the 1M report's
// peak RSS fell by 25-40 MB, its CPU time within the spread of the runs (docs/benchmarks.md
// "Peak RSS at 1M, second pass"). The caller's own sizes are set back once the model is built:
// the connection is the caller's.
import type { Db } from '../store/db.js';

/** Each page cache's bound while a report is built (KiB; SQLite's negative `cache_size` form). */
export const REPORT_CACHE_KIB = 4000;

/** Bounds the main and temp databases' page caches of `db` at REPORT_CACHE_KIB; returns what sets them back. */
export function boundPageCaches(db: Db): () => void {
  const before = ['main', 'temp'].map((schema) => ({ schema, size: db.pragma(`${schema}.cache_size`, { simple: true }) as number }));
  for (const { schema } of before) db.pragma(`${schema}.cache_size = -${REPORT_CACHE_KIB}`);
  return () => {
    for (const { schema, size } of before) db.pragma(`${schema}.cache_size = ${size}`);
  };
}
