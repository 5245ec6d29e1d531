// Bench variant for issue 18's step 3 (a writer thread for SQLite and the chain's SHA-256), not
// landed: today's ingest path and this variant on the same seeded traffic, alternated within
// each round, fresh databases each time. The variant is the real Ingest (validation, stages,
// row building) on the main thread with its Store's write methods replaced: the main thread
// interns names, stacks and attributions in memory, hands out event ids, and posts each batch
// (one transaction of today's path) to bench/writer-variant/writer.ts, which hashes, inserts and
// commits, then acknowledges; the main thread blocks when more than MAX_AHEAD batches are
// unacknowledged and the timer stops when every batch is acknowledged. Both paths must end with
// the same chain head (the same evidence, the same hashes), which is checked, and the variant's
// database must pass verifyRunChain. Reported: events/s (wall) and events per CPU-second of the
// whole process (both threads; Node 20 has no per-thread CPU clock).
// Run: npx esbuild bench/writer-variant/main.ts bench/writer-variant/writer.ts --bundle
//   --platform=node --format=esm --packages=external --outdir=.cache/bench --entry-names=writer-variant-[name]
//   && node .cache/bench/writer-variant-main.js [events] [rounds]
// (two levels under the root, like the bench's bundle, so the SDK catalog in data/ is found).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Store, dropQueryIndexes, type AppendItem, type StackRef } from '../../host/store/db.js';
import { verifyRunChain } from '../../host/store/verify.js';
import { openPipeline } from '../pipeline.js';
import { AgentWorkload, wire } from '../workload.js';
import type { WriterBatch } from './writer.js';

const MAX_AHEAD = 8;
const n = Number(process.argv[2] ?? 60_000);
const rounds = Number(process.argv[3] ?? 3);
const warmN = n;
const dir = '/tmp/sdktrace-writer-variant';
const w = new AgentWorkload({ seed: 20260101 });
const hello = wire(w.hello());
const warm: string[] = [];
while (w.events < warmN) warm.push(wire(w.batch(Math.min(w.batchSize, warmN - w.events))));
const texts: string[] = [];
while (w.events < warmN + n) texts.push(wire(w.batch(Math.min(w.batchSize, warmN + n - w.events))));

const remove = (p: string) => {
  for (const f of [p, `${p}-wal`, `${p}-shm`]) rmSync(f, { force: true });
};

interface Result { ms: number; cpuMs: number; events: number; head: string }
/** ms the main thread waited for acknowledgements in the last variant's timed part. */
let blocked = 0;

function timed(p: ReturnType<typeof openPipeline>, settle: () => void): Omit<Result, 'head'> {
  const handle = (m: unknown) => p.ingest.handle(p.proc, m);
  handle(JSON.parse(hello));
  for (const t of warm) handle(JSON.parse(t));
  settle();
  const e0 = p.ingest.totals.events;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const t of texts) handle(JSON.parse(t));
  settle();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, events: p.ingest.totals.events - e0 };
}

function today(path: string): Result {
  remove(path);
  const p = openPipeline(path);
  const r = timed(p, () => {});
  const head = (p.store.db.prepare('SELECT chain_head FROM runs WHERE id = ?').pluck().get(p.runId) as string);
  p.store.close();
  return { ...r, head };
}

async function variant(path: string, mainPath: string): Promise<Result> {
  remove(path);
  remove(mainPath);
  // The writer's database: the same schema, run and process rows as the main thread's.
  const init = openPipeline(path);
  dropQueryIndexes(init.store.db);
  init.store.close();
  const p = openPipeline(mainPath);
  const acked = new SharedArrayBuffer(8); // [acknowledged batches, writer failed]
  const ack = new Int32Array(acked);
  const here = dirname(fileURLToPath(import.meta.url));
  const worker = new Worker(join(here, 'writer-variant-writer.js'), { workerData: { path, runId: p.runId, acked } });
  let failed: Error | null = null;
  worker.on('error', (e) => (failed = e));
  let sent = 0;
  // Time the main thread spent blocked on the writer (the writer is the bottleneck when it is large).
  let blockedMs = 0;
  let stalls = 0;
  const wait = (ahead: number) => {
    for (;;) {
      const done = Atomics.load(ack, 0);
      if (sent - done <= ahead) return;
      if (failed !== null) throw failed;
      const w0 = performance.now();
      Atomics.wait(ack, 0, done, 1000);
      blockedMs += performance.now() - w0;
      if (Atomics.load(ack, 1) !== 0) throw new Error(`writer: batch ${done + 1} of ${sent} failed and was rolled back; ${done} batches are committed`);
      // A writer that died without reporting (its 'error' event needs this blocked loop's turn).
      if (Atomics.load(ack, 0) === done && performance.now() - w0 >= 1000 && ++stalls >= 30) throw new Error(`writer: no acknowledgement for 30 s (${done} of ${sent} batches committed)`);
      if (Atomics.load(ack, 0) !== done) stalls = 0;
    }
  };
  const fresh = (): WriterBatch => ({ names: [], attributions: [], stacks: [], events: [], counts: [], seq: null });
  let pending = fresh();
  const names = new Map<string, number>();
  const nameRef = (text: string): number => {
    let id = names.get(text);
    if (id === undefined) {
      id = names.size + 1;
      names.set(text, id);
      pending.names.push([id, text]);
    }
    return id;
  };
  const attributions = new Map<string, number>();
  let nextId = 1;
  const store = p.store as unknown as Record<string, unknown>;
  store.transaction = <T>(fn: () => T): T => {
    const r = fn();
    worker.postMessage(pending);
    sent++;
    pending = fresh();
    wait(MAX_AHEAD);
    return r;
  };
  store.addStackRef = (_runId: number, id: string, framesJson: string): StackRef => {
    const ref = nameRef(id);
    pending.stacks.push([ref, id, framesJson]);
    return { ref, sha: null };
  };
  store.addHookCounts = (_runId: number, processId: number, hook: string, calls: number, emitted: number) => pending.counts.push([processId, hook, calls, emitted]);
  store.setProcessSeq = (processId: number, next: number, gaps: number) => (pending.seq = [processId, next, gaps]);
  store.appendEvents = (_runId: number, items: readonly AppendItem[]): number[] => {
    const ids: number[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const { row, net } = items[i]!;
      let a: number | null = null;
      if (row.attribution !== null) {
        a = attributions.get(row.attribution) ?? null;
        if (a === null) {
          a = attributions.size + 1;
          attributions.set(row.attribution, a);
          pending.attributions.push([a, row.party, row.via, row.frame, row.chain, row.attribution]);
        }
      }
      const id = nextId++;
      ids[i] = id;
      pending.events.push([
        id, row.process_id, row.pid, row.seq, row.t, row.tid, row.thread === null ? null : nameRef(row.thread), row.kind,
        row.api === null ? null : nameRef(row.api), row.hook === null ? null : nameRef(row.hook), row.data_type, row.args, row.ret, row.thrown, row.detail,
        items[i]!.stackRef?.ref ?? (row.stack === null ? null : nameRef(row.stack)), row.origins, row.phase, row.consent, row.foreground, row.sdk, a,
        net === undefined ? null : [net.layer, net.proto, net.tls, net.host, net.ip, net.port, net.url, net.bytes, net.domain_sdk], row.source,
      ]);
    }
    return ids;
  };
  let r0 = 0;
  const r = timed(p, () => {
    wait(0);
    if (r0 === 0) r0 = blockedMs;
  });
  blocked = blockedMs - r0;
  p.store.close();
  await new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.postMessage('close');
  });
  await worker.terminate();
  if (failed !== null) throw failed;
  const s = Store.open(path);
  const head = s.db.prepare('SELECT chain_head FROM runs WHERE id = 1').pluck().get() as string;
  const v = verifyRunChain(s.db, 1);
  s.close();
  if (!v.ok) throw new Error(`writer variant: the chain does not verify: ${JSON.stringify(v).slice(0, 300)}`);
  return { ...r, head };
}

const perSec = (r: Result, ms: number) => Math.round(r.events / (ms / 1000));
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? ['today', 'variant'] : ['variant', 'today'];
  const res: Record<string, Result> = {};
  for (const k of order) res[k] = k === 'today' ? today(join(dir + '-today.db')) : await variant(dir + '-writer.db', dir + '-main.db');
  const a = res.today!;
  const b = res.variant!;
  if (a.head !== b.head || a.events !== b.events) throw new Error(`round ${i + 1}: the variant stored different evidence (chain head ${b.head} against ${a.head}; ${b.events} against ${a.events} events)`);
  console.log(
    `round ${i + 1}: today ${perSec(a, a.ms)} events/s (${perSec(a, a.cpuMs)}/CPU-s); writer thread ${perSec(b, b.ms)} events/s (${perSec(b, b.cpuMs)}/CPU-s, both threads); ` +
      `${(a.ms / b.ms).toFixed(2)}x wall; main thread blocked on the writer ${Math.round(blocked)} of ${Math.round(b.ms)} ms; same chain head over ${a.events} events`,
  );
}
for (const p of ['-today.db', '-writer.db', '-main.db']) remove(dir + p);
