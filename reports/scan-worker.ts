// The network scan's thread (built as dist/host/network-scan.js; reports/scan-thread.ts starts it
// and says when and why). It opens the run's database read-only on a connection of its own, copies
// the run's events of the kinds the scan reads with their actor and chain into a temp table
// (analysis/actor-table.ts: the analysis table's columns, without the pass), runs scanNetwork
// (reports/flows.ts, the one scan) over it, answers once and ends, which frees its heap. All of
// it is one read transaction: the table, the scan and the run's event count it answers with
// (the main thread compares that count with the pass's) see the same snapshot of the file.
// First (once its imports have loaded) it publishes its OS thread id, so that a main thread
// blocked waiting for it sees it end if V8 ends it without an answer (store/thread-end.ts ThreadEnd).
import { getHeapStatistics } from 'node:v8';
import { workerData } from 'node:worker_threads';
import { buildActorTable } from '../analysis/actor-table.js';
import { Store } from '../store/db.js';
import { EVENT_ROWS } from '../store/rows.js';
import { scanNetwork, SCANNED_KINDS } from './flows.js';
import { ThreadEnd } from '../store/thread-end.js';
import { ANSWERED, BEATS, OS_THREAD, STATE, type ScanAnswer, type ScanJob } from './scan-thread.js';

const { path, runId, appPackage, shared, answers, giveUpHeapMb } = workerData as ScanJob;
const cells = new Int32Array(shared);
Atomics.store(cells, OS_THREAD, ThreadEnd.ownId());

/** Beats between two looks at the heap (and at the first beat). */
const HEAP_EVERY = 1024;
let beats = 0;

/**
 * Progress the main thread watches while it waits (a dead thread stops beating), and the heap's
 * check: past giveUpHeapMb the scan stops with an error (the main thread then scans in-thread),
 * rather than run into the thread's limit, where V8 would end the thread without an answer.
 */
const beat = (): void => {
  Atomics.add(cells, BEATS, 1);
  if (beats++ % HEAP_EVERY !== 0) return;
  const used = getHeapStatistics().used_heap_size / 2 ** 20;
  if (used > giveUpHeapMb) throw new RangeError(`its heap held ${Math.round(used)} MB, past the ${Math.round(giveUpHeapMb)} MB it gives up at`);
};

const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

function scan(): ScanAnswer {
  let store: Store;
  try {
    // A second connection to a file its command already opened and checked (quick_check on open).
    store = Store.open(path, { readonly: true, check: 'none' });
    // SQLite's own default cache (2 MB, not better-sqlite3's 16) for the file and the temp table:
    // the scan reads each page about once, in id order, and the cache is RSS of this process.
    store.db.pragma('cache_size = -2000');
    store.db.pragma('temp.cache_size = -2000');
  } catch (e) {
    return { ok: false, stage: 'open', error: message(e) };
  }
  let stage: 'table' | 'scan' = 'table';
  try {
    store.db.exec('BEGIN');
    const runEvents = store.db.prepare(`SELECT count(*) FROM ${EVENT_ROWS} WHERE run_id = ?`).pluck().get(runId) as number;
    beat();
    const table = buildActorTable(store.db, runId, SCANNED_KINDS, beat);
    stage = 'scan';
    const result = scanNetwork(store.db, runId, appPackage, table.table, table.tlsRecordCandidates, beat);
    return { ok: true, scan: result, runEvents };
  } catch (e) {
    return { ok: false, stage, error: message(e) };
  } finally {
    if (store.db.inTransaction) store.db.exec('ROLLBACK');
    // Closed before answering: the main thread may close its own connection (and the -wal/-shm
    // files a read-only open created) as soon as it has the answer.
    store.close();
  }
}

const answer = scan();
try {
  answers.postMessage(answer);
} catch (e) {
  answers.postMessage({ ok: false, stage: 'scan', error: `its answer could not be sent (${message(e)})` } satisfies ScanAnswer);
}
// Answer first, state second, then the thread ends: the main thread takes an answer it finds
// even if the thread is already gone.
Atomics.store(cells, STATE, ANSWERED);
Atomics.notify(cells, STATE);
