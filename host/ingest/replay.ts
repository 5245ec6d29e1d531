// Re-derives a stored run's conclusions from its evidence, with the same code ingest ran. Every
// stored event (the hash-chained content: kind, api, args, detail, stack, origins, in id order,
// which is the order ingest saw them) is rebuilt into the item ingest had and passed through the
// analysis stages of the pipeline (host/ingest/pipeline.ts: attribution, phase, projections,
// launch confirmation) with the run's recorded consent configuration and the given SDK catalog.
// What comes out is what the database should state: `sdktrace verify` compares it, column by
// column, with what a pack states (reports/pack/verify.ts), so an edited attribution, phase,
// launch or network-flow row is named. Nothing is written: launch confirmations the stage would
// store are collected instead.
import { consentConfig } from '../../analysis/phase.js';
import { HOOK_AREAS } from '../../agent/catalog/index.js';
import type { Frame } from '../../protocol/messages.js';
import { Attributor, apiFramesFromHookAreas, type Catalog } from '../../attribution/index.js';
import type { Db, EventRow, LaunchRow, NetFlowRow, Store } from '../../store/db.js';
import { runStages } from './pipeline.js';
import type { IngestContext, IngestItem } from './types.js';

/** The conclusion columns of one event, as ingest would have stored them. */
export type DerivedEvent = Pick<EventRow, 'phase' | 'consent' | 'foreground' | 'sdk' | 'party' | 'via' | 'frame' | 'chain' | 'attribution'>;

export interface Replay {
  /** Per event id. */
  events: Map<number, DerivedEvent>;
  /** Per launch event id, with confirmed_event_id as the launch-confirmation stage sets it. */
  launches: Map<number, LaunchRow>;
  /** Per net event id. */
  netFlows: Map<number, NetFlowRow>;
}

type StoredEvent = EventRow & { id: number };

/** A stored JSON text; an edited, malformed one is named (what and where) instead of a bare SyntaxError. */
function parseJson(s: string, where: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    throw new Error(`${where} is not JSON`);
  }
}

/** A stored JSON column of an event. */
function parseColumn(r: StoredEvent, column: 'args' | 'ret' | 'detail' | 'origins'): unknown {
  const s = r[column];
  return s === null ? undefined : parseJson(s, `event ${r.id}: its ${column} column`);
}

/** The event as the agent (or the host) sent it, rebuilt from its stored, chained columns. */
function eventOf(r: StoredEvent): IngestItem['event'] {
  if (r.source === 'host') return { kind: r.kind as 'device' | 'marker', api: r.api ?? '', t: r.t, pid: r.pid, detail: (parseColumn(r, 'detail') ?? {}) as Record<string, unknown> };
  const ev: Record<string, unknown> = { seq: r.seq, t: r.t, tid: r.tid, thread: r.thread, kind: r.kind, api: r.api };
  if (r.hook !== null) ev.hook = r.hook;
  if (r.data_type !== null) ev.dataType = r.data_type;
  if (r.args !== null) ev.args = parseColumn(r, 'args');
  if (r.ret !== null) ev.ret = parseColumn(r, 'ret');
  if (r.thrown !== null) ev.thrown = r.thrown;
  if (r.detail !== null) ev.detail = parseColumn(r, 'detail');
  if (r.stack !== null) ev.stack = r.stack;
  if (r.origins !== null) ev.origins = parseColumn(r, 'origins');
  return ev as unknown as IngestItem['event'];
}

export function replayRun(store: Store, runId: number, catalog: Catalog): Replay {
  const db: Db = store.db;
  const run = store.resolveRun(String(runId));
  const attributor = new Attributor(catalog, { appPackage: run.package ?? undefined, apiFrames: apiFramesFromHookAreas(HOOK_AREAS) });
  const { stages } = runStages(attributor, consentConfig(JSON.parse(run.options) as Record<string, unknown>, run.mode));
  const analysis = stages.filter((s) => s.name !== 'process-start');
  const out: Replay = { events: new Map(), launches: new Map(), netFlows: new Map() };
  const ctx = {
    runId,
    appPackage: run.package,
    store: {
      confirmLaunches(ids: readonly number[], spawnId: number) {
        for (const id of ids) {
          const l = out.launches.get(id);
          if (l !== undefined && l.confirmed_event_id == null) l.confirmed_event_id = spawnId;
        }
      },
    },
  } as unknown as IngestContext;

  const frames = new Map<string, readonly Frame[]>();
  for (const s of db.prepare('SELECT id, frames FROM stacks WHERE run_id = ?').iterate(runId) as IterableIterator<{ id: string; frames: string }>) {
    frames.set(s.id, parseJson(s.frames, `stack ${s.id}: its frames column`) as Frame[]);
  }
  const procs = new Map(store.processes(runId).map((p) => [p.id, { id: p.id, pid: p.pid, name: p.name, package: p.package, target: p.target === 1, nextSeq: 0, gaps: 0 }]));

  for (const r of db.prepare('SELECT * FROM events WHERE run_id = ? ORDER BY id').iterate(runId) as IterableIterator<StoredEvent>) {
    const row: EventRow = { ...r, phase: null, consent: null, foreground: null, sdk: null, party: null, via: null, frame: null, chain: null, attribution: null };
    delete (row as Partial<StoredEvent>).id;
    const originIds = r.origins === null ? [] : (parseColumn(r, 'origins') as string[]);
    const item: IngestItem = {
      process: r.process_id === null ? null : (procs.get(r.process_id) ?? null),
      source: r.source as 'agent' | 'host',
      event: eventOf(r),
      row,
      frames: r.stack === null ? null : (frames.get(r.stack) ?? null),
      originFrames: originIds.map((id) => frames.get(id)).filter((f): f is readonly Frame[] => f !== undefined),
    };
    for (const s of analysis) s.enrich?.(item, ctx);
    item.id = r.id;
    out.events.set(r.id, { sdk: row.sdk, party: row.party, via: row.via, frame: row.frame, chain: row.chain, attribution: row.attribution, phase: row.phase, consent: row.consent, foreground: row.foreground });
    if (item.launch !== undefined) out.launches.set(r.id, { ...item.launch, confirmed_event_id: item.launch.confirmed_event_id ?? null });
    if (item.net !== undefined) out.netFlows.set(r.id, item.net);
    // Committed one by one, in id order: the launch-confirmation stage's pending launches and
    // spawns see the sequence they saw live (a later confirmation lands in out.launches).
    // Agent batches hold no host events (spawns are stored one by one), so one item at a time
    // gives the stage the order it had live.
    for (const s of analysis) s.committed?.([item], ctx);
  }
  return out;
}
