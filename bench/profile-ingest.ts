// Profiles today's ingest path alone on the bench's seeded traffic (bench/ingest.ts runs three
// paths alternated, which mixes their samples in one CPU profile): the warm-up part untimed, then
// the measured part through JSON.parse + Ingest.handle until every batch is committed, printing
// events/s, events per CPU-second of the process (both threads), and each thread's own CPU time
// per event: the main thread's and the writer thread's (the two run side by side, and the slower
// one bounds the pipeline). docs/benchmarks.md, "Ingest after issue 18", has the commands and the
// breakdowns.
// Usage: node .cache/bench/profile-ingest.mjs [db path] [warm-up events] [measured events]
// (PROFILE=<file>: the main thread's CPU profile of the measured part alone; HEAP_PROFILE=<file>:
// a sampling heap profile of the same part, every allocation counted, collected or not, to find
// what is allocated per event; FINGERPRINT=1: at the end, the chain head and a SHA-256 of every
// stored row, to check that a change to ingest stores exactly what it stored before;
// SDKTRACE_WRITER_PROFILE=<file>: the writer thread's CPU profile, from its start to its close,
// warm-up included.)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { Store } from '../store/db.js';
import { StoreWriter, type WriterAnswer, type WriterBatch } from '../store/writer.js';
import { openPipeline } from './pipeline.js';
import { AgentWorkload, wire } from './workload.js';

/**
 * CPU ms of one thread of this process (Linux: /proc/self/task/<tid>/schedstat, the nanoseconds it
 * ran; /proc/.../stat's utime + stime in 10 ms ticks where schedstat is missing; Node 20 has no
 * per-thread CPU clock, process.threadCpuUsage came in Node 23.9). NaN elsewhere. The main
 * thread's tid is the pid.
 */
function threadCpuMs(tid: number = process.pid): number {
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      return NaN;
    }
  }
}

/** This process's thread ids (empty where /proc is not there). */
function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [];
  }
}

const path = process.argv[2] ?? '/tmp/sdktrace-profile-ingest.db';
const warmN = Number(process.argv[3] ?? 30_000);
const n = Number(process.argv[4] ?? 60_000);
for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
const w = new AgentWorkload({ seed: 20260101 });
const hello = wire(w.hello());
const warm: string[] = [];
while (w.events < warmN) warm.push(wire(w.batch(Math.min(w.batchSize, warmN - w.events))));
const texts: string[] = [];
while (w.events < warmN + n) texts.push(wire(w.batch(Math.min(w.batchSize, warmN + n - w.events))));
// STUB=1 and SYNC=1 profile the synchronous path (no writer thread).
const before = new Set(threadIds());
const p = openPipeline(path, { writer: process.env.STUB !== '1' && process.env.SYNC !== '1' });
// Experiment knob STUB=1: what the main thread would still do with SQLite and the chain's hashing
// moved elsewhere (appendEvents hands out ids without hashing or inserting; transactions are
// plain calls). The JSON column and row building stay, as a writer thread would need them. The
// per-batch statements (new stacks, hook counts, the process's seq) still run, autocommitted, so
// the figure is an upper bound of what the main thread keeps.
if (process.env.STUB === '1') {
  let next = 1e9;
  const store = p.store as unknown as { appendEvents: (runId: number, items: readonly unknown[]) => number[]; transaction: <T>(fn: () => T) => T };
  store.appendEvents = (_runId, items) => items.map(() => next++);
  store.transaction = (fn) => fn();
}
// Experiment knob NOWRITE=1: the main thread alone, on the writer path. Each batch is serialized
// as postMessage would (the same V8 serializer, so its cost stays on this thread) and answered at
// once with made-up ids; nothing is written and the writer thread idles. The figure does not
// depend on how fast the writer is (with a lagging writer, up to MAX_IN_FLIGHT batches stay alive
// on this thread and its collector copies them), nor on the writer's CPU competing for the cores.
if (process.env.NOWRITE === '1') {
  let nextId = 1;
  let posted = 0;
  let pending: WriterAnswer[] = [];
  const proto = StoreWriter.prototype as unknown as { post(b: WriterBatch): number; take(): WriterAnswer[]; drain(): void };
  proto.post = (b: WriterBatch) => {
    serialize(b);
    const ids: number[] = [];
    for (let i = 0; i < b.events.count; i++) ids.push(nextId++);
    pending.push({ no: ++posted, ids });
    return posted;
  };
  proto.take = () => {
    const out = pending;
    pending = [];
    return out;
  };
  proto.drain = () => undefined;
}
const handle = (m: unknown) => p.ingest.handle(p.proc, m);
/**
 * Frida's decoding of a message (frida-node parses the agent's JSON text on this thread). Named,
 * so the profile shows it on its own line: inline it was the top-level frame's self time.
 */
function parseMessage(text: string): unknown {
  return JSON.parse(text);
}
handle(parseMessage(hello));
for (const t of warm) handle(parseMessage(t));
p.ingest.settle();
const e0 = p.ingest.totals.events;
// PROFILE=<file>: a CPU profile of the main thread over the measured part only (`--cpu-prof`
// also profiles making the traffic and the warm-up, which blurs the shares). Its last samples are
// the inspector stopping the profiler (`dispatch`, native, under `post`): not ingest.
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => profiler!.post(method, params ?? {}, (e, r) => (e === null ? resolve(r) : reject(e))));
const heapProfile = process.env.HEAP_PROFILE;
const profiler = process.env.PROFILE === undefined && heapProfile === undefined ? null : new Session();
if (profiler !== null) {
  profiler.connect();
  if (process.env.PROFILE !== undefined) {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    await post('Profiler.start');
  }
  if (heapProfile !== undefined) {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
}
// The main thread's garbage collections (entries arrive a few event-loop turns after the
// synchronous measured part; they are filtered to its span below).
const gcs: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ['gc'] });
// The writer thread is the thread the pipeline started (a worker is one OS thread; SQLite starts
// none). Looked up after the warm-up, when it has surely started.
const writerTids = threadIds().filter((t) => !before.has(t));
const writerCpuMs = () => writerTids.reduce((sum, t) => sum + threadCpuMs(t), 0);
const c0 = process.cpuUsage();
const m0 = threadCpuMs();
const w0 = writerCpuMs();
const t0 = performance.now();
for (const t of texts) handle(parseMessage(t));
p.ingest.settle();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const mainMs = threadCpuMs() - m0;
const writerMs = writerCpuMs() - w0;
const ev = p.ingest.totals.events - e0;
await new Promise((resolve) => setTimeout(resolve, 50));
gcObserver.disconnect();
const gcIn = gcs.filter((g) => g.startTime >= t0 && g.startTime <= t0 + ms);
const gcOf = (kind: number) => gcIn.filter((g) => (g as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === kind);
const minor = gcOf(perfConstants.NODE_PERFORMANCE_GC_MINOR);
const major = [...gcOf(perfConstants.NODE_PERFORMANCE_GC_MAJOR), ...gcOf(perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL)];
const gcMs = (list: PerformanceEntry[]) => list.reduce((sum, g) => sum + g.duration, 0);
if (profiler !== null) {
  if (process.env.PROFILE !== undefined) {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(process.env.PROFILE, JSON.stringify(profile));
  }
  if (heapProfile !== undefined) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(heapProfile, JSON.stringify(profile));
  }
  profiler.disconnect();
}
console.log(
  `${ev} events: ${Math.round(ev / (ms / 1000))} events/s, ${Math.round(ev / ((cpu.user + cpu.system) / 1e6))}/CPU-s (process), ` +
    `${(ms * 1000 / ev).toFixed(1)} us/event wall, main thread ${(mainMs * 1000 / ev).toFixed(1)} us/event CPU (waiting for the writer not counted)` +
    (writerTids.length === 0 ? '' : `, writer thread ${(writerMs * 1000 / ev).toFixed(1)} us/event CPU` + (writerTids.length === 1 ? '' : ` (${writerTids.length} new threads)`)) +
    `; main thread GC ${(gcMs(gcIn) * 1000 / ev).toFixed(1)} us/event wall (${minor.length} scavenges ${gcMs(minor).toFixed(0)} ms, ${major.length} mark-compact ${gcMs(major).toFixed(0)} ms)`,
);
// SERIALIZE=1: what handing the stored rows to a writer thread would cost the main thread
// (postMessage serializes on the sender with the structured-clone algorithm, v8.serialize):
// the rows of the measured part in the bench's batches, with the attribution's text columns and
// with them replaced by the interned reference a writer would be sent instead.
if (process.env.SERIALIZE === '1' && process.env.STUB !== '1') {
  const cols = 'run_id, source, process_id, pid, seq, t, tid, thread, kind, api, hook, data_type, args, ret, thrown, detail, stack, origins, phase, consent, foreground, sdk';
  const rows = p.store.db.prepare(`SELECT ${cols}, party, via, frame, chain, attribution FROM events WHERE id > ? ORDER BY id`).raw().all(e0) as unknown[][];
  const lean = rows.map((r) => [...r.slice(0, 22), 0]);
  // Three passes each, alternated, all printed: the spread between passes (GC, JIT) is the error.
  for (const [label, rs] of [1, 2, 3].flatMap(() => [['with attribution text', rows], ['attribution as a reference', lean]] as const)) {
    const c = process.cpuUsage();
    let bytes = 0;
    for (let i = 0; i < rs.length; i += w.batchSize) bytes += serialize(rs.slice(i, i + w.batchSize)).length;
    const u = process.cpuUsage(c);
    console.log(`serialize, ${label}: ${((u.user + u.system) / rs.length).toFixed(2)} us/event CPU, ${Math.round(bytes / rs.length)} B/event`);
  }
}
p.close();
if (process.env.FINGERPRINT === '1') console.log(fingerprint(path));

/**
 * What the run stored, as one line: the chain head and a SHA-256 per table over every row in id
 * order (the events view: evidence, attribution, SDK and phase as read back). Protocol errors
 * leave out their host-clock time, which differs between runs. Two builds fed the same seeded
 * traffic must print the same line.
 */
function fingerprint(dbPath: string): string {
  const store = Store.open(dbPath, { readonly: true });
  try {
    const digest = (sql: string) => {
      const h = createHash('sha256');
      let rows = 0;
      for (const r of store.db.prepare(sql).raw().iterate() as Iterable<unknown[]>) {
        h.update(JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
        h.update('\n');
        rows++;
      }
      return `${rows} ${h.digest('hex').slice(0, 16)}`;
    };
    const run = store.db.prepare('SELECT chain_head FROM runs ORDER BY id').raw().all() as unknown[][];
    return [
      `chain head ${run.map((r) => String(r[0])).join(',')}`,
      `events ${digest('SELECT * FROM events ORDER BY id')}`,
      `stacks ${digest('SELECT * FROM stacks ORDER BY run_id, id')}`,
      `launches ${digest('SELECT * FROM launches ORDER BY event_id')}`,
      `net_flows ${digest('SELECT * FROM net_flows ORDER BY event_id')}`,
      `hook_status ${digest('SELECT * FROM hook_status ORDER BY run_id, process_id, hook')}`,
      `processes ${digest('SELECT * FROM processes ORDER BY id')}`,
      `protocol_errors ${digest('SELECT id, run_id, process_id, location, error, raw, raw_len FROM protocol_errors ORDER BY id')}`,
    ].join('; ');
  } finally {
    store.close();
  }
}
