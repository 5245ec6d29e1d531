// The writer thread of a run (built as dist/host/store-writer.js; store/writer.ts starts it and
// states the durability contract). It owns a connection of its own to the project database and
// writes each batch the main thread posts in one transaction (store/batch-writer.ts) through the
// same Store methods the synchronous path uses (appendEvents extends the hash chain: canonical JSON
// and SHA-256 happen here), then answers with the rows' ids, and only then counts the batch answered. A batch
// whose content is refused (store/failure.ts, store/refusal.ts) is answered with the protocol error
// recorded in its place, and the next batch is written as usual. After the store fails (or a
// refusal cannot be recorded) nothing more is written: the chain of what is stored stays valid.
//
// Bench tooling only: SDKTRACE_WRITER_PROFILE=<file> in the environment makes this thread profile
// itself (an inspector session of its own; `--cpu-prof` cannot reach it, the worker starts with
// no Node flags) from its start to its close, and write the .cpuprofile there on close.
//
// Tests only: SDKTRACE_WRITER_MAX_PAGE_COUNT=<pages> sets SQLite's max_page_count on this
// connection alone, a simulation of a disk that fills up under the writer (SQLITE_FULL once the
// file would grow past it) where no small filesystem can be mounted (test/host/writer.test.ts).
// It is a per-connection limit, so the main thread's writes are not limited by it.
//
// Tests only: SDKTRACE_WRITER_EXIT_AFTER=<n> makes this thread call process.exit() once it has
// answered n batches (at the next batch or close it is asked for), which in a worker ends the
// worker's thread, not the process (https://nodejs.org/api/worker_threads.html#class-worker:
// "process.exit() does not stop the whole program, just the single thread"): a writer that dies
// without answering while the main thread is blocked waiting for it (test/host/writer.test.ts).
//
// First it publishes its OS thread id (store/thread-end.ts), so that a main thread blocked in
// waitFor or close sees it end within a second instead of after STALL_MS of silence.
import { writeFileSync } from 'node:fs';
import { workerData, parentPort, type MessagePort } from 'node:worker_threads';
import { BatchWriter } from './batch-writer.js';
import { Store } from './db.js';
import { failureOf, type Failure } from './failure.js';
import { ThreadEnd } from './thread-end.js';
import { ANSWERED, CLOSED, OS_THREAD, type ToWriter, type WriterAnswer } from './writer.js';

const { path, shared, answers } = workerData as { path: string; shared: SharedArrayBuffer; answers: MessagePort };
const counters = new Int32Array(shared);
Atomics.store(counters, OS_THREAD, ThreadEnd.ownId());

const exitAfterEnv = process.env.SDKTRACE_WRITER_EXIT_AFTER;
/** SDKTRACE_WRITER_EXIT_AFTER (tests only), or null. */
const exitAfter = exitAfterEnv === undefined || exitAfterEnv === '' ? null : Number.parseInt(exitAfterEnv, 10);
let answeredCount = 0;

function answer(a: WriterAnswer): void {
  // The answer first, then the counter: a main thread that sees the count can read the answer.
  answers.postMessage(a);
  Atomics.add(counters, ANSWERED, 1);
  Atomics.notify(counters, ANSWERED);
  parentPort!.postMessage(0);
  answeredCount++;
}

/**
 * The thread's own CPU profile (SDKTRACE_WRITER_PROFILE), or null. A session on this thread's
 * own inspector answers synchronously, so `stop` has written the file when it returns. The
 * inspector is loaded only then: a Node built without it must still run the writer.
 */
async function startProfile(file: string | undefined): Promise<{ stop(): void } | null> {
  if (file === undefined || file === '') return null;
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  session.post('Profiler.start');
  return {
    stop() {
      session.post('Profiler.stop', (e, r) => {
        if (e === null) writeFileSync(file, JSON.stringify(r.profile));
      });
      session.disconnect();
    },
  };
}
// Before the message listener: batches posted meanwhile wait in the port.
const profile = await startProfile(process.env.SDKTRACE_WRITER_PROFILE);

let store: Store | null = null;
let writer: BatchWriter | null = null;
/** Set by the first failure (or a database that cannot be opened): every later batch is refused with it. */
let failed: Failure | null = null;
try {
  store = Store.open(path, { check: 'none' });
  const maxPages = process.env.SDKTRACE_WRITER_MAX_PAGE_COUNT;
  if (maxPages !== undefined && maxPages !== '') store.db.pragma(`max_page_count = ${Number.parseInt(maxPages, 10)}`);
  writer = new BatchWriter(store);
} catch (e) {
  failed = failureOf(e);
}

parentPort!.on('message', (m: ToWriter) => {
  // Ends this thread without answering (tests only, see the top of the file).
  if (exitAfter !== null && answeredCount >= exitAfter) process.exit(1);
  if (m.type === 'close') {
    try {
      profile?.stop();
      store?.close();
    } finally {
      Atomics.store(counters, CLOSED, 1);
      Atomics.notify(counters, CLOSED);
    }
    return;
  }
  if (failed !== null || writer === null) {
    answer({ no: m.no, error: failed ?? { name: 'Error', code: null, message: 'no database' }, stored: false });
    return;
  }
  try {
    answer({ no: m.no, ...writer.write(m.batch) });
  } catch (e) {
    failed = failureOf(e);
    answer({ no: m.no, error: failed, stored: false });
  }
});
