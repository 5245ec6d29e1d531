// The writer thread's work alone, on one thread: records the batches today's ingest posts to its
// writer thread (store/writer.ts) on the bench's seeded traffic, then replays them through the same
// BatchWriter the writer thread runs (store/batch-writer.ts) into fresh databases, and prints the
// CPU per event of the replay. In the real pipeline the writer shares the machine with the main
// thread and its CPU can only be read in 10 ms ticks per thread; here nothing else runs, so two
// builds of the write path can be compared by alternating them on the same recorded batches.
// Usage:
//   node .cache/bench/profile-writer.mjs record <file> [warm-up events] [measured events]
//   node .cache/bench/profile-writer.mjs replay <file> [rounds] [db path]
// (replay with PROFILE=<file>: a CPU profile of the measured batches of the last round. Under
// `valgrind --tool=callgrind --toggle-collect=Builtins_ReflectApply`, with one round: the
// instructions of the measured batches alone, which a loaded machine does not blur.)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { deserialize, serialize } from 'node:v8';
import { openPipeline } from './pipeline.js';
import { AgentWorkload, wire } from './workload.js';
import { BatchWriter } from '../store/batch-writer.js';
import { Store, dropQueryIndexes } from '../store/db.js';
import { StoreWriter, type WriterBatch } from '../store/writer.js';
import { VERSION } from '../protocol/version.js';

interface Recording {
  /** Batches posted during the warm-up (replayed untimed), then the measured ones. */
  warm: number;
  /**
   * Each batch serialized as posted (v8.serialize, the format postMessage clones with): the replay
   * deserializes it in the timed part, as the writer thread's port does for every message, so a
   * change to the packed format shows in the figure.
   */
  batches: Buffer[];
  events: number;
}

function removeDb(path: string): void {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
}

function record(file: string, warmN: number, n: number): void {
  const path = `${file}.db`;
  removeDb(path);
  const w = new AgentWorkload({ seed: 20260101 });
  const posted: Buffer[] = [];
  let events = 0;
  // Serialized as posted: the numbers' buffer moves to the writer with the message.
  const post = StoreWriter.prototype.post;
  StoreWriter.prototype.post = function (this: StoreWriter, b: WriterBatch) {
    posted.push(serialize(b));
    events += b.events.count;
    return post.call(this, b);
  };
  const p = openPipeline(path, { writer: true });
  const handle = (m: unknown) => p.ingest.handle(p.proc, m);
  handle(JSON.parse(wire(w.hello())));
  while (w.events < warmN) handle(JSON.parse(wire(w.batch(Math.min(w.batchSize, warmN - w.events)))));
  p.ingest.settle();
  const warm = posted.length;
  events = 0;
  while (w.events < warmN + n) handle(JSON.parse(wire(w.batch(Math.min(w.batchSize, warmN + n - w.events)))));
  p.close();
  removeDb(path);
  writeFileSync(file, serialize({ warm, batches: posted, events } satisfies Recording));
  console.log(`recorded ${posted.length} batches (${warm} warm-up), ${events} measured events, in ${file}`);
}

/** CPU ms of this thread (Linux, 10 ms ticks); the replay is single-threaded, so process.cpuUsage is the finer figure. */
function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

function replayOnce(r: Recording, path: string, profileTo: string | null): { cpuUs: number; threadUs: number; wallUs: number } {
  removeDb(path);
  // As the pipeline sets the database up on the main connection (bench/pipeline.ts, Ingest).
  const main = Store.open(path, { create: true });
  const runId = main.createRun({ mode: 'trace', started_at: 1_767_225_600_000, package: 'com.example.shop', tool_version: VERSION, device_id: 'bench', device_kind: 'emulated', options: {} });
  main.addProcess({ run_id: runId, pid: 4242, name: 'com.example.shop', package: 'com.example.shop', target: true, started_at: 1_767_225_600_000, spawned_by: 'sdktrace' });
  dropQueryIndexes(main.db);
  const store = Store.open(path, { check: 'none' });
  const writer = new BatchWriter(store);
  for (let i = 0; i < r.warm; i++) writer.write(deserialize(r.batches[i]!) as WriterBatch);
  let session: Session | null = null;
  if (profileTo !== null) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 100 });
    session.post('Profiler.start');
  }
  const c0 = process.cpuUsage();
  const th0 = threadCpuMs();
  const t0 = performance.now();
  // Through Reflect.apply, so that `valgrind --tool=callgrind --toggle-collect=Builtins_ReflectApply`
  // counts the instructions of the measured batches alone (nothing on the write path calls it).
  Reflect.apply(() => {
    for (let i = r.warm; i < r.batches.length; i++) writer.write(deserialize(r.batches[i]!) as WriterBatch);
  }, null, []);
  const wallUs = (performance.now() - t0) * 1000;
  const threadUs = (threadCpuMs() - th0) * 1000;
  const c = process.cpuUsage(c0);
  if (session !== null) {
    session.post('Profiler.stop', (e, res) => {
      if (e === null) writeFileSync(profileTo!, JSON.stringify(res.profile));
    });
    session.disconnect();
  }
  store.close();
  main.close();
  return { cpuUs: c.user + c.system, threadUs, wallUs };
}

function replay(file: string, rounds: number, path: string): void {
  const r = deserialize(readFileSync(file)) as Recording;
  for (let round = 1; round <= rounds; round++) {
    const { cpuUs, threadUs, wallUs } = replayOnce(r, path, round === rounds ? (process.env.PROFILE ?? null) : null);
    console.log(
      `replay ${round}: ${r.events} events, ${(cpuUs / r.events).toFixed(2)} us/event CPU (process), ${(threadUs / r.events).toFixed(1)} (this thread), ${(wallUs / r.events).toFixed(2)} wall`,
    );
  }
  removeDb(path);
}

const [mode, file] = process.argv.slice(2);
if (mode === 'record' && file !== undefined) record(file, Number(process.argv[4] ?? 30_000), Number(process.argv[5] ?? 60_000));
else if (mode === 'replay' && file !== undefined) replay(file, Number(process.argv[4] ?? 3), process.argv[5] ?? `${file}.replay.db`);
else {
  console.error('usage: profile-writer.mjs record <file> [warm-up events] [measured events] | replay <file> [rounds] [db path]');
  process.exitCode = 2;
}
