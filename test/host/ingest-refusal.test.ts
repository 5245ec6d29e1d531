// Which failures of storing one agent batch belong to the batch, and what both ingest paths do
// with them (the synchronous path, and the writer thread that runs use). For each class of
// message-level failure the brief names (a value SQLite refuses to bind, a string it cannot take,
// a constraint a message could violate, a stack the batch refers to that is not there, what
// canonical JSON or the chain's hashing could throw on), hostile messages go through validation
// and the real stages on both paths: none of them reaches a failing write (validation refuses the
// part, naming where, or the store takes it as it is), and both paths store the same rows. What
// does reach a failing write is a bug of ours set off by content; a test stage stands in for one
// (it throws on an event, or hands SQLite a value it refuses): the batch is refused, recorded as
// a protocol error naming the process, the seq range and the event or column, its events counted
// as missing, and the run goes on with the same rows, protocol errors and chain head on both
// paths. Needs dist/host/store-writer.js (test/global-setup.ts builds it).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../attribution/shipped.js';
import { Ingest } from '../../host/ingest/ingest.js';
import { AttributionStage } from '../../host/ingest/stages/attribution.js';
import { PhaseStage } from '../../host/ingest/stages/phase.js';
import { ProcessStartStage } from '../../host/ingest/stages/process-start.js';
import { ProjectionStage } from '../../host/ingest/stages/projections.js';
import type { IngestItem, ProcessContext, Stage } from '../../host/ingest/types.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { Store, type EventRow } from '../../store/db.js';
import { isStorageFailure } from '../../store/failure.js';
import { verifyRunChain } from '../../store/verify.js';
import { storedEvidence, tmpDir } from './helpers.js';

const APP = 'com.example.hostile';
const PID = 5151;
const T0 = 1_767_225_600_000;
const FRAMES = [
  ['android.provider.Settings$Secure', 'getString', 'Settings.java', 1],
  ['com.umeng.commonsdk.statistics.idtracking.e', 'a', 'SourceFile', 2],
];

type Ev = Record<string, unknown>;
const pi = (seq: number, over: Ev = {}): Ev => ({ seq, t: T0 + seq, tid: 7, thread: 'main', kind: 'pi', api: 'android.provider.Settings$Secure.getString(android.content.ContentResolver,java.lang.String)', dataType: 'android_id', detail: { key: 'android_id' }, ...over });
const net = (seq: number, detail: Ev, over: Ev = {}): Ev => ({ seq, t: T0 + seq, tid: 9, thread: 'okhttp', kind: 'net', api: 'java.net.Socket.connect', detail: { layer: 'java', proto: 'tls', tls: true, ...detail }, ...over });
const batch = (events: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: PID, events, ...extra } });
/** `n` valid events from `first` on, the first one bringing stack `k` (pipelined on the writer path when n >= 64). */
const plain = (first: number, n: number, stack = 'k') => batch(Array.from({ length: n }, (_, i) => pi(first + i, { stack })), first === 0 ? { stacks: { [stack]: FRAMES } } : {});

interface Ran {
  store: Store;
  ingest: Ingest;
  runId: number;
  /** What the stages' problem hook was told: [location, error]. */
  told: [string, string][];
}

/** Every message through a fresh database with the run's stages (and `extra`), on one path. */
function ingestAll(path: string, writer: boolean, messages: unknown[], extra: Stage[] = []): Ran {
  const store = Store.open(path, { create: true });
  const runId = store.createRun({ mode: 'trace', started_at: T0, tool_version: 'refusal-test', package: APP });
  const attributor = createAttributor(APP);
  const told: [string, string][] = [];
  const watch: Stage = { name: 'watch', problem: (_p, location, error) => void told.push([location, error]) };
  const stages = [new AttributionStage(attributor), new PhaseStage(undefined, true), new ProjectionStage(attributor), new ProcessStartStage(), ...extra, watch];
  const ingest = new Ingest(store, runId, stages, { appPackage: APP, now: () => T0, writer });
  const row = store.addProcess({ run_id: runId, pid: PID, name: APP, package: APP, target: true, started_at: T0, spawned_by: 'sdktrace' });
  const proc: ProcessContext = { id: row.id, pid: PID, name: APP, package: APP, target: true, nextSeq: 0, gaps: 0 };
  for (const m of messages) ingest.handle(proc, m);
  ingest.close();
  return { store, ingest, runId, told };
}

/** Both paths over the same messages: the same rows, protocol errors, seq bookkeeping and chain head, each verifying. */
function bothPaths(messages: unknown[], extra: () => Stage[] = () => []): Ran {
  const dir = tmpDir('sdktrace-refusal-');
  const sync = ingestAll(join(dir, 'sync.db'), false, messages, extra());
  const writer = ingestAll(join(dir, 'writer.db'), true, messages, extra());
  try {
    for (const r of [sync, writer]) {
      expect(r.ingest.failure).toBeNull();
      expect(verifyRunChain(r.store.db, r.runId)).toMatchObject({ ok: true, problems: [] });
    }
    expect(storedEvidence(writer.store.db, writer.runId)).toEqual(storedEvidence(sync.store.db, sync.runId));
    expect(writer.ingest.totals).toEqual(sync.ingest.totals);
    expect(writer.told).toEqual(sync.told);
  } finally {
    writer.store.close();
  }
  return sync;
}

const errors = (r: Ran) => r.store.db.prepare('SELECT location, error FROM protocol_errors WHERE run_id = ? ORDER BY id').all(r.runId) as { location: string; error: string }[];
const refusalsOrInternal = (r: Ran) => errors(r).filter((e) => /refused, |internal error/.test(e.error));
const count = (r: Ran, where = '1') => r.store.db.prepare(`SELECT count(*) FROM events WHERE run_id = ? AND ${where}`).pluck().get(r.runId) as number;

describe('message-level failures that validation keeps from the store (both paths store the same)', () => {
  it('values SQLite refuses to bind or store (NaN, infinities, bigint, booleans, objects; NaN binds as NULL) are refused by validation, naming where', () => {
    // What SQLite does with such a value when it gets there: NaN becomes NULL, which events.t refuses.
    const raw = Store.open(':memory:', { create: true });
    const runId = raw.createRun({ mode: 'trace', started_at: T0, tool_version: 'refusal-test' });
    const row = { run_id: runId, source: 'agent', process_id: null, pid: 1, seq: 0, t: NaN, tid: 1, thread: 'main', kind: 'pi', api: 'a', hook: null, data_type: null, args: null, ret: null, thrown: null, detail: null, stack: null, origins: null, phase: null, consent: null, foreground: null, sdk: null, party: null, via: null, frame: null, chain: null, attribution: null } satisfies EventRow;
    let thrown: unknown = null;
    try {
      raw.transaction(() => raw.appendEvents(runId, [{ row }]));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect(isStorageFailure(thrown)).toBe(false);
    raw.close();

    const hostile: [string, Ev][] = [
      ['t', pi(1, { t: NaN })],
      ['t', pi(2, { t: Infinity })],
      ['t', pi(3, { t: -Infinity })],
      ['t', pi(4, { t: 5n })],
      ['tid', pi(5, { tid: true })],
      ['tid', pi(6, { tid: 1.5 })],
      ['seq', pi(7, { seq: -1 })],
      ['seq', pi(8, { seq: '8' })],
      ['detail.port', net(9, { port: 70_000 })],
      ['detail.bytes', net(10, { bytes: -1 })],
      ['detail.tls', net(11, { tls: 'yes' })],
      ['args[0]', pi(12, { args: [{ nested: { deeper: [1] } }] })],
    ];
    const events: Ev[] = [pi(0), ...hostile.map(([, e]) => e), pi(13), net(14, { bytes: 1e308, port: 0, host: 'x.cn' }, { tid: 2 ** 70 })];
    const r = bothPaths([batch(events, { counts: [['h', 1e308, 0], ['h', NaN, 1]] })]);
    try {
      expect(refusalsOrInternal(r)).toEqual([]);
      const locations = errors(r).map((e) => e.location);
      hostile.forEach(([field], i) => expect(locations.some((l) => l === `events[${i + 1}].${field}` || l.startsWith(`events[${i + 1}].${field}`) || l === `events[${i + 1}]`), `events[${i + 1}].${field} in ${locations.join(', ')}`).toBe(true));
      expect(locations).toContain('counts[1]');
      // Seq 1..12 never arrived valid: a gap, counted; the valid events around them stored, the
      // huge integers as SQLite's REAL (the detail JSON keeps them exact).
      expect(count(r)).toBe(3);
      expect(r.store.db.prepare('SELECT next_seq, seq_gaps FROM processes').get()).toEqual({ next_seq: 15, seq_gaps: 12 });
      expect(r.store.db.prepare('SELECT bytes, port FROM net_flows').get()).toEqual({ bytes: 1e308, port: 0 });
      expect(r.store.db.prepare("SELECT calls FROM hook_status WHERE hook = 'h'").pluck().get()).toBe(1e308);
    } finally {
      r.store.close();
    }
  });

  it('strings SQLite could mangle (lone surrogates, NUL, the longest allowed) are stored well-formed or escaped in every column they reach, and verify', () => {
    const lone = 'x\ud800y\udfffz';
    const long = 'L'.repeat(4096);
    const events: Ev[] = [
      pi(0, { thread: lone, api: `${lone}.get()`, hook: lone, thrown: `java.lang.Error: ${lone}\u0000after NUL`, stack: 's\ud800', origins: ['s\udbff'], args: [lone, '\u0000', long], ret: { $: 'obj', cls: lone, str: lone } }),
      net(1, { host: `${lone}.cn`, url: `https://${lone}/\u0000`, ip: '\udc00' }),
      { seq: 2, t: T0 + 2, tid: 1, thread: long.slice(0, 256), kind: 'launch', api: 'android.app.Activity.startActivity', detail: { via: 'activity', component: `${lone}/.A`, action: lone, package: lone } },
    ];
    // Two stack ids that are one id once made well-formed: the first frames are kept.
    const stacks = { 's\ud800': [[lone, lone, null, 1]], 's\udbff': [['other', 'm', 'F.java', 2]] };
    const r = bothPaths([batch(events, { stacks, counts: [[lone, 1, 1]] }), batch([pi(3, { stack: 's\ud800' })])]);
    try {
      expect(refusalsOrInternal(r)).toEqual([]);
      expect(count(r)).toBe(4);
      const first = r.store.db.prepare('SELECT thread, args, thrown, stack, ret FROM events WHERE seq = 0').get() as Record<string, string>;
      expect(first.thread).toBe('x\ufffdy\ufffdz');
      expect(first.thrown).toBe('java.lang.Error: x\ufffdy\ufffdz\u0000after NUL');
      expect(first.args).toBe(JSON.stringify([lone, '\u0000', long]));
      expect(JSON.parse(first.args)).toEqual([lone, '\u0000', long]);
      expect(first.stack).toBe('s\ufffd');
    } finally {
      r.store.close();
    }
  });

  it('constraints a message could touch (stack and name keys, hook counts, projections, repeated seqs) are kept by INSERT OR IGNORE, upserts and the seq check', () => {
    const r = bothPaths([
      batch([pi(0, { stack: 'a' }), pi(0, { stack: 'a' }), net(1, { host: 'a.cn' }), net(2, { host: 'a.cn' })], { stacks: { a: FRAMES }, counts: [['h', 1, 1], ['h', 2, 2]] }),
      // The same stack id with other frames; the same hook counted again; a seq going back.
      batch([pi(1), pi(3, { stack: 'a' })], { stacks: { a: [['other', 'm', null, 1]] }, counts: [['h', 3, 3]] }),
    ]);
    try {
      expect(refusalsOrInternal(r)).toEqual([]);
      expect(count(r)).toBe(4);
      expect(r.store.db.prepare("SELECT calls, emitted FROM hook_status WHERE hook = 'h'").get()).toEqual({ calls: 6, emitted: 6 });
      expect(errors(r).map((e) => e.error)).toEqual(['seq 0 repeats or goes back (expected 1); event not stored', 'stack id already known with different frames; first frames kept', 'seq 1 repeats or goes back (expected 3); event not stored']);
      expect(r.store.db.prepare('SELECT frames FROM stacks').pluck().all()).toEqual([JSON.stringify(FRAMES)]);
    } finally {
      r.store.close();
    }
  });

  it('stacks a batch refers to that are not there: the event is stored without its stack, and said', () => {
    const r = bothPaths([batch([pi(0, { stack: 'nowhere', origins: ['gone'] }), pi(1, { origins: ['gone', 'k'] })])]);
    try {
      expect(refusalsOrInternal(r)).toEqual([]);
      expect(count(r, 'stack IS NULL')).toBe(2);
      expect(errors(r)).toEqual([{ location: 'events[0].stack', error: 'unknown stack id "nowhere"; event stored without a stack' }]);
    } finally {
      r.store.close();
    }
  });

  it('what canonical JSON or hashing could throw on (cycles, nesting past the schema, BigInt, strings over the limit) never passes validation; the protocol error keeps what it can', () => {
    const cyclic: Ev = pi(1);
    cyclic.detail = { key: 'k', self: cyclic };
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const r = bothPaths([batch([pi(0), cyclic, pi(2, { args: [deep] }), pi(3, { ret: 7n }), pi(4, { api: 'a'.repeat(4097) }), pi(5)])]);
    try {
      expect(refusalsOrInternal(r)).toEqual([]);
      expect(count(r)).toBe(2);
      expect(errors(r).map((e) => e.location)).toEqual(['events[1].detail.self', 'events[2].args[0]', 'events[3].ret', 'events[4].api', 'events[5].seq']);
    } finally {
      r.store.close();
    }
  });
});

/** A stage with a bug set off by content: `act` runs on every agent event whose api contains `trigger`. */
const buggy = (trigger: string, act: (item: IngestItem) => void): Stage => ({
  name: 'buggy',
  enrich(item) {
    if (item.source === 'agent' && (item.row.api ?? '').includes(trigger)) act(item);
  },
});

describe('failures that do reach the store: a bug of ours on strange content refuses the batch, the same on both paths, and the run goes on', () => {
  it('a stage that throws on one event: the batch is refused naming the event and the stage; its events count as missing; later batches are stored', () => {
    const messages = [plain(0, 3), batch([pi(3), pi(4), pi(6, { api: 'boom.get()' })], { counts: [['h', 3, 3]] }), batch([pi(7, { stack: 'k' })])];
    const r = bothPaths(messages, () => [buggy('boom', () => { throw new RangeError('no such phase'); })]);
    try {
      const refusal = 'internal error: batch from pid 5151 refused, 3 events (seq 3..6) not stored: StageError: stage buggy failed on events[2]: RangeError: no such phase';
      expect(errors(r)).toEqual([
        { location: 'events[2].seq', error: 'seq gap: 1 event(s) missing (5..5)' },
        { location: 'events[2]', error: refusal },
      ]);
      expect(r.told).toEqual([['events[2].seq', 'seq gap: 1 event(s) missing (5..5)'], ['events[2]', refusal]]);
      expect(r.store.db.prepare('SELECT seq FROM events ORDER BY id').pluck().all()).toEqual([0, 1, 2, 7]);
      // 3..6: the refused batch's events and the gap inside it; the next batch's seq 7 is no gap.
      expect(r.store.db.prepare('SELECT next_seq, seq_gaps FROM processes').get()).toEqual({ next_seq: 8, seq_gaps: 4 });
      expect(r.ingest.totals).toMatchObject({ events: 4, gaps: 4, problems: 2, unstored: 0 });
      // Its hook counts are kept; the message as received is the refusal's raw text.
      expect(r.store.db.prepare("SELECT calls FROM hook_status WHERE hook = 'h'").pluck().get()).toBe(3);
      const raw = r.store.db.prepare('SELECT CAST(raw AS TEXT) FROM protocol_errors WHERE location = ?').pluck().get('events[2]') as string;
      expect(JSON.parse(raw)).toEqual(messages[1]!.payload);
    } finally {
      r.store.close();
    }
  });

  it('a stage that hands SQLite a value it refuses (an object to bind; NULL in a NOT NULL column), in a pipelined batch that brings a stack later batches use', () => {
    for (const [what, act, failure] of [
      // An object among positional values is taken for named parameters by better-sqlite3.
      ['an object', (i: IngestItem) => void (i.row.phase = {} as unknown as string), 'RangeError: Too few parameter values were provided'],
      ['NULL for net_flows.layer', (i: IngestItem) => void (i.net = { ...i.net!, layer: null as unknown as string }), 'SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: net_flows.layer'],
    ] as const) {
      // Batch 2 (seq 100..199) brings stack 'late', used by the batches after it, and one event the
      // stage fails on; 100 events each, so the writer's are pipelined (posted before it answers).
      const withStack = (first: number, evil: boolean) =>
        batch(
          Array.from({ length: 100 }, (_, i) => (evil && i === 50 ? net(first + i, { host: 'evil.example' }, { api: 'evil.connect', stack: 'late' }) : pi(first + i, { stack: 'late' }))),
          first === 100 ? { stacks: { late: FRAMES } } : {},
        );
      const messages = [plain(0, 100), withStack(100, true), withStack(200, false), withStack(300, false)];
      const r = bothPaths(messages, () => [buggy('evil', act)]);
      try {
        expect(errors(r), what).toEqual([{ location: 'events', error: `internal error: batch from pid 5151 refused, 100 events (seq 100..199) not stored: ${failure}` }]);
        // The stack the refused batch brought is stored with it; the later batches' events name it, attributed.
        expect(count(r), what).toBe(300);
        expect(count(r, "stack = 'late' AND sdk IS NOT NULL"), what).toBe(200);
        expect(r.store.db.prepare('SELECT next_seq, seq_gaps FROM processes').get()).toEqual({ next_seq: 400, seq_gaps: 100 });
      } finally {
        r.store.close();
      }
    }
  });
});
