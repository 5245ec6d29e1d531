// Ingest throughput and memory. Realistic agent batches (bench/workload.ts) go, as the JSON text
// an agent's send() produces, through what the host does with each message: JSON decode (what
// frida-node does before handing the message over), validation, attribution, phase, projections,
// the hash chain and SQLite, through the real Ingest.handle. Only that is timed (wall clock and
// the process's CPU time, process.cpuUsage); generating the traffic is not.
//
// Three configurations on the same traffic, alternated within each round (fresh databases each
// time), so all see the same machine load; the median round counts:
// - new: today's ingest (normalized rows, query indexes dropped while ingesting);
// - baseline: the path before issue 18 (bench/baseline: the schema-3 store with its four query
//   indexes, its ingest and attribution stage), kept until the targets are met;
// - ceiling: the rows the new ingest stored (event_rows with their hashes, names, attributions,
//   stacks, net_flows, launches), read back and inserted with plain better-sqlite3 prepared
//   statements, one transaction per agent batch, into a fresh database with the same schema,
//   pragmas and indexes as ingest writes into. That is the physical limit of storing these rows.
// Each round first stores a warm-up part untimed (all three), so the figure is a run's steady
// state, not its first second.
//
// Memory: a separate run of `memoryEvents` (5 million by default) through one pipeline, with heap
// and RSS sampled after a full GC; the slope over the second half says whether memory stays flat.
import Database from 'better-sqlite3';
import { rmSync, statSync } from 'node:fs';
import { Store, dropQueryIndexes } from '../store/db.js';
import { openBaselinePipeline } from './baseline/pipeline.js';
import { gc, log, memory, now, round, scratch, slope, type MemorySample } from './measure.js';
import { openPipeline } from './pipeline.js';
import { AgentWorkload, wire } from './workload.js';

const EVENT_COLUMNS = [
  'run_id', 'process_id', 'seq', 't', 'source', 'kind', 'data_type', 'phase', 'consent', 'foreground', 'sdk', 'attribution_ref',
  'pid', 'tid', 'thread_ref', 'api_ref', 'hook_ref', 'stack_ref', 'thrown', 'origins', 'args', 'ret', 'detail', 'hash',
];
const NET_COLUMNS = ['event_id', 'run_id', 'layer', 'proto', 'tls', 'host', 'ip', 'port', 'url', 'bytes', 'domain_sdk'];
const LAUNCH_COLUMNS = ['event_id', 'run_id', 'via', 'action', 'component', 'target_package', 'other_app'];

/** Inserts the stored rows of events with ids in (from, to] into `raw`; returns ms spent inserting. */
function replay(source: Database.Database, raw: Database.Database, from: number, to: number, batch: number): number {
  // Read first (not timed), insert after (timed).
  const events = source.prepare(`SELECT id, ${EVENT_COLUMNS.join(', ')} FROM event_rows WHERE id > ? AND id <= ? ORDER BY id`).raw().all(from, to) as unknown[][];
  const nets = new Map<number, unknown[]>();
  for (const r of source.prepare(`SELECT ${NET_COLUMNS.join(', ')} FROM net_flows WHERE event_id > ? AND event_id <= ?`).raw().all(from, to) as unknown[][]) nets.set(r[0] as number, r);
  const launches = new Map<number, unknown[]>();
  for (const r of source.prepare(`SELECT ${LAUNCH_COLUMNS.join(', ')} FROM launches WHERE event_id > ? AND event_id <= ?`).raw().all(from, to) as unknown[][]) launches.set(r[0] as number, r);
  const insEvent = raw.prepare(`INSERT INTO event_rows (id, ${EVENT_COLUMNS.join(', ')}) VALUES (${['id', ...EVENT_COLUMNS].map(() => '?').join(', ')})`);
  const insNet = raw.prepare(`INSERT INTO net_flows (${NET_COLUMNS.join(', ')}) VALUES (${NET_COLUMNS.map(() => '?').join(', ')})`);
  const insLaunch = raw.prepare(`INSERT INTO launches (${LAUNCH_COLUMNS.join(', ')}) VALUES (${LAUNCH_COLUMNS.map(() => '?').join(', ')})`);
  const tx = raw.transaction((rows: unknown[][]) => {
    for (const r of rows) {
      insEvent.run(r);
      const id = r[0] as number;
      const n = nets.get(id);
      if (n !== undefined) insNet.run(n);
      const l = launches.get(id);
      if (l !== undefined) insLaunch.run(l);
    }
  });
  const t0 = now();
  for (let i = 0; i < events.length; i += batch) tx(events.slice(i, i + batch));
  return now() - t0;
}

interface Timed {
  ms: number;
  cpuMs: number;
  warmEvents: number;
  events: number;
  /** Database bytes per event once checkpointed (round 0 only). */
  bytesPerEvent: number;
}

/** File bytes of a database after a full checkpoint. */
function dbBytes(db: Database.Database, path: string): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(path).size;
}

/**
 * One round of an ingest path into a fresh database: the warm-up texts untimed (a run after its
 * first moments: caches filled, hot stacks known), then the measured texts (decode + handle timed).
 */
function ingestRound(
  kind: 'new' | 'baseline',
  path: string,
  hello: string,
  warm: readonly string[],
  texts: readonly string[],
): Timed & { warmStacks: Set<string> } {
  const p = kind === 'new' ? openPipeline(path) : openBaselinePipeline(path);
  const handle = (m: unknown) => p.ingest.handle(p.proc, m);
  // The new path's writer thread: each timed span ends when every batch is committed.
  const settle = () => (kind === 'new' ? (p as ReturnType<typeof openPipeline>).ingest.settle() : undefined);
  handle(JSON.parse(hello) as unknown);
  for (const t of warm) handle(JSON.parse(t) as unknown);
  settle();
  const warmEvents = p.ingest.totals.events;
  const warmStacks = new Set(p.store.db.prepare('SELECT id FROM stacks').pluck().all() as string[]);
  gc();
  const c0 = process.cpuUsage();
  const t0 = now();
  for (const t of texts) handle(JSON.parse(t) as unknown);
  settle();
  const ms = now() - t0;
  // The whole process: with the writer thread, both threads' CPU.
  const cpu = process.cpuUsage(c0);
  const events = p.ingest.totals.events - warmEvents;
  if (kind === 'new') (p as ReturnType<typeof openPipeline>).ingest.close();
  const bytesPerEvent = dbBytes(p.store.db, path) / (warmEvents + events);
  p.store.close();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, warmEvents, events, warmStacks, bytesPerEvent };
}

/**
 * The raw insert of what the new ingest stored in `source` into a fresh database (same schema,
 * pragmas and indexes): the warm-up part untimed, then the measured part's side-table rows and
 * rows timed. Returns the ms spent on the latter.
 */
function ceilingRound(sourcePath: string, rawPath: string, r: { warmEvents: number; events: number; warmStacks: Set<string> }, batch: number): number {
  const source = new Database(sourcePath, { readonly: true });
  const rawStore = Store.open(rawPath, { create: true });
  const raw = rawStore.db;
  try {
    dropQueryIndexes(raw); // as Ingest does while a run ingests
    raw.prepare('INSERT INTO runs (id, mode, started_at, tool_version) VALUES (1, ?, 0, ?)').run('trace', 'bench');
    raw.prepare('INSERT INTO processes (id, run_id, pid, name, target, started_at) VALUES (1, 1, 4242, ?, 1, 0)').run('bench');
    const stacks = source.prepare('SELECT run_id, id, frames, sha256 FROM stacks').raw().all() as unknown[][];
    const insStack = raw.prepare('INSERT INTO stacks (run_id, id, frames, sha256) VALUES (?, ?, ?, ?)');
    // Names and attributions: all at once, timed (a few thousand rows; ingest adds them as they come).
    const names = source.prepare('SELECT id, text FROM names').raw().all() as unknown[][];
    const attributions = source.prepare('SELECT id, party, via, frame, chain, json FROM attributions').raw().all() as unknown[][];
    const insName = raw.prepare('INSERT INTO names (id, text) VALUES (?, ?)');
    const insAttribution = raw.prepare('INSERT INTO attributions (id, party, via, frame, chain, json) VALUES (?, ?, ?, ?, ?, ?)');
    const insertAll = raw.transaction((rows: unknown[][], ins: Database.Statement) => {
      for (const s of rows) ins.run(s);
    });
    const STEP = 100_000;
    insertAll(stacks.filter((s) => r.warmStacks.has(s[1] as string)), insStack);
    let t0 = now();
    insertAll(names, insName);
    insertAll(attributions, insAttribution);
    let ms = now() - t0;
    for (let from = 0; from < r.warmEvents; from += STEP) replay(source, raw, from, Math.min(r.warmEvents, from + STEP), batch);
    const later = stacks.filter((s) => !r.warmStacks.has(s[1] as string));
    gc();
    t0 = now();
    insertAll(later, insStack);
    ms += now() - t0;
    const end = r.warmEvents + r.events;
    for (let from = r.warmEvents; from < end; from += STEP) {
      ms += replay(source, raw, from, Math.min(end, from + STEP), batch);
      gc();
    }
    return ms;
  } finally {
    source.close();
    rawStore.close();
  }
}

export interface IngestRound {
  /** The new path: events/s (wall clock) and events per CPU-second of this process. */
  ingestPerSec: number;
  ingestPerCpuSec: number;
  /** The path before issue 18, same traffic, same round. */
  baselinePerSec: number;
  baselinePerCpuSec: number;
  /** The raw insert of the new rows. */
  ceilingPerSec: number;
  /** ingest / ceiling, and ingest / baseline (events/s). */
  ratio: number;
  speedup: number;
}

export interface IngestResult {
  batchSize: number;
  /** Events per round of the ratio measurement (after `warmEvents` untimed), and the rounds. */
  warmEvents: number;
  roundEvents: number;
  rounds: IngestRound[];
  /** Medians over the rounds. */
  eventsPerSec: number;
  eventsPerCpuSec: number;
  baselinePerSec: number;
  baselinePerCpuSec: number;
  ceilingPerSec: number;
  ratio: number;
  speedup: number;
  protocolErrors: number;
  kinds: Record<string, number>;
  distinctStacks: number;
  wireBytesPerEvent: number;
  /** Database file bytes per stored event (checkpointed), new path and baseline. */
  dbBytesPerEvent: number;
  baselineDbBytesPerEvent: number;
  /** The long run. */
  memoryRun: {
    events: number;
    eventsPerSec: number;
    /** Events/s over the first and the last tenth of the run (does the growing database slow it?). */
    firstTenthPerSec: number;
    lastTenthPerSec: number;
    protocolErrors: number;
    samples: MemorySample[];
    /** MB per million events over the second half of the run (least squares). */
    heapSlopeMBPerM: number;
    rssSlopeMBPerM: number;
    heapMaxMB: number;
    rssMaxMB: number;
  };
  targets: {
    ratio: number;
    eventsPerSec: number;
    speedup: number;
    heapSlopeMBPerM: number;
    rssSlopeMBPerM: number;
    ratioMet: boolean;
    eventsPerSecMet: boolean;
    speedupMet: boolean;
    memoryFlatMet: boolean;
  };
}

/**
 * Targets from issue 18 (>= 100k events/s, >= 2.5x the path before it, >= 0.6 of the new rows'
 * raw insert) and issue 8 ("flat": under 2 bytes of heap, 10 of RSS, kept per event in the second half).
 */
const TARGETS = { ratio: 0.6, eventsPerSec: 100_000, speedup: 2.5, heapSlopeMBPerM: 2, rssSlopeMBPerM: 10 };

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;
const perSec = (events: number, ms: number) => Math.round(events / (ms / 1000));

export async function benchIngest(o: { memoryEvents: number; warmEvents: number; roundEvents: number; rounds: number; sampleEvery: number }): Promise<IngestResult> {
  const tmp = scratch('ingest');
  try {
    // The same traffic through the new path, the baseline and the raw insert, alternated.
    const w = new AgentWorkload({ seed: 20260101 });
    const hello = wire(w.hello());
    const warm: string[] = [];
    while (w.events < o.warmEvents) warm.push(wire(w.batch(Math.min(w.batchSize, o.warmEvents - w.events))));
    const texts: string[] = [];
    const end = o.warmEvents + o.roundEvents;
    while (w.events < end) texts.push(wire(w.batch(Math.min(w.batchSize, end - w.events))));
    const wireBytes = texts.reduce((s, t) => s + t.length, 0);
    const rounds: IngestRound[] = [];
    let facts = { protocolErrors: 0, distinctStacks: 0, bytes: 0, baselineBytes: 0 };
    const remove = (db: string) => {
      for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    };
    for (let r = 0; r < o.rounds; r++) {
      // Alternate which path goes first, so neither always runs on a warmer (or busier) machine.
      const order: ('new' | 'baseline')[] = r % 2 === 0 ? ['baseline', 'new'] : ['new', 'baseline'];
      const res: Partial<Record<'new' | 'baseline', ReturnType<typeof ingestRound>>> = {};
      for (const kind of order) res[kind] = ingestRound(kind, tmp.path(`${kind}${r}.db`), hello, warm, texts);
      const ing = res.new!;
      const base = res.baseline!;
      const db = tmp.path(`new${r}.db`);
      if (r === 0) {
        const src = new Database(db, { readonly: true });
        facts = {
          protocolErrors: count(src, 'SELECT count(*) AS n FROM protocol_errors'),
          distinctStacks: count(src, 'SELECT count(*) AS n FROM stacks'),
          bytes: ing.bytesPerEvent,
          baselineBytes: base.bytesPerEvent,
        };
        src.close();
      }
      remove(tmp.path(`baseline${r}.db`));
      const rawMs = ceilingRound(db, tmp.path(`raw${r}.db`), ing, w.batchSize);
      const round_: IngestRound = {
        ingestPerSec: perSec(ing.events, ing.ms),
        ingestPerCpuSec: perSec(ing.events, ing.cpuMs),
        baselinePerSec: perSec(base.events, base.ms),
        baselinePerCpuSec: perSec(base.events, base.cpuMs),
        ceilingPerSec: perSec(ing.events, rawMs),
        ratio: round(rawMs / ing.ms, 3),
        speedup: round(base.ms / ing.ms * (ing.events / base.events), 2),
      };
      rounds.push(round_);
      log(
        `ingest: round ${r + 1} of ${o.rounds}: ${round_.ingestPerSec.toLocaleString()} events/s (${round_.ingestPerCpuSec.toLocaleString()}/CPU-s), ` +
          `before issue 18 ${round_.baselinePerSec.toLocaleString()} events/s (${round_.baselinePerCpuSec.toLocaleString()}/CPU-s), ` +
          `raw insert ${round_.ceilingPerSec.toLocaleString()} rows/s (${round_.ratio}x of it, ${round_.speedup}x the old path)`,
      );
      remove(db);
      remove(tmp.path(`raw${r}.db`));
    }
    texts.length = 0;
    warm.length = 0;
    const memoryRun = longRun(tmp.path('long.db'), o);
    const med = (k: keyof IngestRound) => median(rounds.map((r) => r[k]));
    const eventsPerSec = med('ingestPerSec');
    const ratio = med('ratio');
    const speedup = med('speedup');
    const m = memoryRun;
    return {
      batchSize: w.batchSize,
      warmEvents: o.warmEvents,
      roundEvents: o.roundEvents,
      rounds,
      eventsPerSec,
      eventsPerCpuSec: med('ingestPerCpuSec'),
      baselinePerSec: med('baselinePerSec'),
      baselinePerCpuSec: med('baselinePerCpuSec'),
      ceilingPerSec: med('ceilingPerSec'),
      ratio: round(ratio, 2),
      speedup: round(speedup, 2),
      protocolErrors: facts.protocolErrors,
      kinds: w.kinds,
      distinctStacks: facts.distinctStacks,
      wireBytesPerEvent: round(wireBytes / o.roundEvents),
      dbBytesPerEvent: round(facts.bytes),
      baselineDbBytesPerEvent: round(facts.baselineBytes),
      memoryRun,
      targets: {
        ...TARGETS,
        ratioMet: ratio >= TARGETS.ratio,
        eventsPerSecMet: eventsPerSec >= TARGETS.eventsPerSec,
        speedupMet: speedup >= TARGETS.speedup,
        memoryFlatMet: m.heapSlopeMBPerM <= TARGETS.heapSlopeMBPerM && m.rssSlopeMBPerM <= TARGETS.rssSlopeMBPerM,
      },
    };
  } finally {
    tmp.dispose();
  }
}

/** `memoryEvents` through one pipeline, memory sampled after a full GC every `sampleEvery` events. */
function longRun(path: string, o: { memoryEvents: number; sampleEvery: number }): IngestResult['memoryRun'] {
  const p = openPipeline(path);
  const w = new AgentWorkload({ seed: 20260102 });
  p.ingest.handle(p.proc, JSON.parse(wire(w.hello())) as unknown);
  const total = o.memoryEvents;
  const samples: MemorySample[] = [memory(0)];
  const tenth = total / 10;
  const CHUNK = 64; // batches generated ahead (not timed), then handled (timed)
  let handledMs = 0;
  const firstTenth = { ms: 0, events: 0 };
  const lastTenth = { ms: 0, events: 0 };
  let nextSample = o.sampleEvery;
  log(`ingest: long run of ${total.toLocaleString()} events (memory)`);
  while (w.events < total) {
    const texts: string[] = [];
    for (let i = 0; i < CHUNK && w.events < total; i++) texts.push(wire(w.batch(Math.min(w.batchSize, total - w.events))));
    const before = p.ingest.totals.events;
    const t0 = now();
    for (const t of texts) p.ingest.handle(p.proc, JSON.parse(t) as unknown);
    // Every batch of the chunk committed (the writer thread) before the span ends.
    p.ingest.settle();
    const ms = now() - t0;
    handledMs += ms;
    const done = p.ingest.totals.events;
    // Whole chunks: the first ones starting in the first tenth, the ones starting in the last.
    for (const [part, inside] of [[firstTenth, before < tenth], [lastTenth, before >= total - tenth]] as const) {
      if (!inside) continue;
      part.ms += ms;
      part.events += done - before;
    }
    if (done >= nextSample || done >= total) {
      samples.push(memory(done));
      nextSample += o.sampleEvery;
      if (samples.length % 4 === 0) log(`ingest: ${done.toLocaleString()} events, ${Math.round(done / (handledMs / 1000)).toLocaleString()}/s, heap ${round(samples.at(-1)!.heapMB)} MB, rss ${round(samples.at(-1)!.rssMB)} MB`);
    }
  }
  const done = p.ingest.totals.events;
  const protocolErrors = count(p.store.db, 'SELECT count(*) AS n FROM protocol_errors');
  p.close();
  const half = samples.filter((s) => s.at >= total / 2);
  const perM = (k: 'heapMB' | 'rssMB') => slope(half.map((s) => [s.at / 1e6, s[k]]));
  return {
    events: done,
    eventsPerSec: Math.round(done / (handledMs / 1000)),
    firstTenthPerSec: Math.round(firstTenth.events / (firstTenth.ms / 1000)),
    lastTenthPerSec: Math.round(lastTenth.events / (lastTenth.ms / 1000)),
    protocolErrors,
    samples: samples.map((s) => ({ at: s.at, heapMB: round(s.heapMB), rssMB: round(s.rssMB) })),
    heapSlopeMBPerM: round(perM('heapMB'), 2),
    rssSlopeMBPerM: round(perM('rssMB'), 2),
    heapMaxMB: round(Math.max(...samples.map((s) => s.heapMB))),
    rssMaxMB: round(Math.max(...samples.map((s) => s.rssMB))),
  };
}
