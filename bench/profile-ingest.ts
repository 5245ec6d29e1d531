// Profiles today's ingest path alone on the bench's seeded traffic (bench/ingest.ts runs three
// paths alternated, which mixes their samples in one CPU profile): the warm-up part untimed, then
// the measured part through JSON.parse + Ingest.handle until every batch is committed, printing
// events/s, events per CPU-second of the process (both threads), and each thread's own CPU time
// per event: the main thread's and the writer thread's (the two run side by side, and the slower
// one bounds the pipeline). docs/benchmarks.md, "Ingest after issue 18", has the commands and the
// breakdowns.
// Usage: node .cache/bench/profile-ingest.mjs [db path] [warm-up events] [measured events]
// (PROFILE=<file>: the main thread's CPU profile of the measured part alone;
// SDKTRACE_WRITER_PROFILE=<file>: the writer thread's, from its start to its close, warm-up included.)
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { serialize } from 'node:v8';
import { openPipeline } from './pipeline.js';
import { AgentWorkload, wire } from './workload.js';

/**
 * CPU ms of one thread of this process (Linux: /proc/self/task/<tid>/stat, utime + stime in clock
 * ticks of 10 ms; Node 20 has no per-thread CPU clock, process.threadCpuUsage came in Node 23.9).
 * NaN elsewhere. The main thread's tid is the pid.
 */
function threadCpuMs(tid: number = process.pid): number {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
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
const handle = (m: unknown) => p.ingest.handle(p.proc, m);
handle(JSON.parse(hello));
for (const t of warm) handle(JSON.parse(t));
p.ingest.settle();
const e0 = p.ingest.totals.events;
// PROFILE=<file>: a CPU profile of the main thread over the measured part only (`--cpu-prof`
// also profiles making the traffic and the warm-up, which blurs the shares).
const profiler = process.env.PROFILE === undefined ? null : new Session();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => profiler!.post(method, params ?? {}, (e, r) => (e === null ? resolve(r) : reject(e))));
if (profiler !== null) {
  profiler.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
}
// The writer thread is the thread the pipeline started (a worker is one OS thread; SQLite starts
// none). Looked up after the warm-up, when it has surely started.
const writerTids = threadIds().filter((t) => !before.has(t));
const writerCpuMs = () => writerTids.reduce((sum, t) => sum + threadCpuMs(t), 0);
const c0 = process.cpuUsage();
const m0 = threadCpuMs();
const w0 = writerCpuMs();
const t0 = performance.now();
for (const t of texts) handle(JSON.parse(t));
p.ingest.settle();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const mainMs = threadCpuMs() - m0;
const writerMs = writerCpuMs() - w0;
const ev = p.ingest.totals.events - e0;
if (profiler !== null) {
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
  profiler.disconnect();
}
console.log(
  `${ev} events: ${Math.round(ev / (ms / 1000))} events/s, ${Math.round(ev / ((cpu.user + cpu.system) / 1e6))}/CPU-s (process), ` +
    `${(ms * 1000 / ev).toFixed(1)} us/event wall, main thread ${(mainMs * 1000 / ev).toFixed(1)} us/event CPU (waiting for the writer not counted)` +
    (writerTids.length === 0 ? '' : `, writer thread ${(writerMs * 1000 / ev).toFixed(1)} us/event CPU` + (writerTids.length === 1 ? '' : ` (${writerTids.length} new threads)`)),
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
