// The writer thread (store/writer.ts, Ingest with `writer: true`, as runs are started): the
// same evidence as the synchronous path (rows, ids, hashes, chain head) for pipelined and small
// batches with host events between them; stages see a batch only once it is committed, with the
// ids SQLite gave it, in order; a batch the writer refuses for its content (a constraint) is
// recorded in its place exactly as the synchronous path records it and the run goes on; a full
// disk under the writer's own connection (SQLite's max_page_count, a simulation: no small
// filesystem needs mounting) ends the run as a storage failure naming the batch, nothing after
// it is stored, later messages are counted, and what is stored verifies; the main thread never has more than MAX_IN_FLIGHT batches unanswered; a writer
// thread that ends without answering (SDKTRACE_WRITER_EXIT_AFTER: process.exit() in the worker)
// while the main thread is blocked is seen gone at once (store/thread-end.ts), the answered
// batches delivered and the open ones "not stored"; a batch's events
// come out of their packed form (a typed array and a flat array of text) exactly as they went in. Needs dist/host/store-writer.js (test/global-setup.ts builds it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../attribution/shipped.js';
import { Ingest, PIPELINE_FROM } from '../../host/ingest/ingest.js';
import { AttributionStage } from '../../host/ingest/stages/attribution.js';
import { PhaseStage } from '../../host/ingest/stages/phase.js';
import { ProcessStartStage } from '../../host/ingest/stages/process-start.js';
import { ProjectionStage } from '../../host/ingest/stages/projections.js';
import type { IngestItem, ProcessContext, Stage } from '../../host/ingest/types.js';
import { Store } from '../../store/db.js';
import { EventPacker, MAX_IN_FLIGHT, StoreWriter, unpackEvents, type WriterAnswer, type WriterBatch } from '../../store/writer.js';
import type { EventRow } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { storedEvidence, tmpDir } from './helpers.js';

const APP = 'com.example.writer';
const T0 = 1_767_225_600_000;
const STACKS = {
  s1: [
    ['android.telephony.TelephonyManager', 'getDeviceId', 'TelephonyManager.java', 10],
    ['com.igexin.push.core.Collector', 'collect', 'SourceFile', 20],
  ],
  s2: [
    ['java.net.Socket', 'connect', 'Socket.java', 5],
    [`${APP}.Net`, 'send', 'Net.java', 7],
  ],
};

/** Batch `b` of `size` events (seqs b*size...), mixed kinds, stacks first sent in batch 0 and 2. */
function message(b: number, size: number, firstSeq: number) {
  const events = Array.from({ length: size }, (_, i) => {
    const seq = firstSeq + i;
    return i % 3 === 0
      ? { seq, t: T0 + seq, tid: 7, thread: 'main', kind: 'pi', api: 'android.telephony.TelephonyManager.getDeviceId()', dataType: 'imei', stack: 's1', detail: { values: [`8642130${seq}`] } }
      : i % 3 === 1
        ? { seq, t: T0 + seq, tid: 9, thread: `pool-${i % 4}`, kind: 'net', api: 'java.net.URL.openConnection()', stack: b >= 2 ? 's2' : undefined, detail: { layer: 'java', proto: 'https', tls: true, op: 'open', url: `https://api.example.com/v1/${seq}`, host: 'api.example.com' } }
        : { seq, t: T0 + seq, tid: 7, thread: 'main', kind: 'lifecycle', api: 'android.app.Activity.onResume', args: [`${APP}.Main`, 'lone \ud800 surrogate'] };
  });
  const stacks = b === 0 ? { s1: STACKS.s1 } : b === 2 ? { s2: STACKS.s2 } : undefined;
  return { type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: 4242, events, ...(stacks === undefined ? {} : { stacks }), counts: [['h1', size, size]] } };
}

interface Seen {
  ids: number[];
  /** What the stages' problem hook was told: [location, error]. */
  problems: [string, string][];
  /** Rows of the batch another connection could read when the stage saw it. */
  visible: number[];
}

/** A host event after every fifth batch (it waits for the batches before it); the others pipeline. */
const hostAfter = (b: number) => b % 5 === 4;

/** Runs the same traffic through a fresh database; `sizes` are the batch sizes. */
function ingestRun(path: string, writer: boolean, sizes: number[], stage?: Stage): { store: Store; ingest: Ingest; seen: Seen; runId: number } {
  const store = Store.open(path, { create: true });
  const reader = Store.open(path, { readonly: true, check: 'none' });
  const runId = store.createRun({ mode: 'trace', started_at: T0, tool_version: 'writer-test', package: APP });
  const attributor = createAttributor(APP);
  const seen: Seen = { ids: [], problems: [], visible: [] };
  const watch: Stage = {
    name: 'watch',
    problem(_process, location, error) {
      seen.problems.push([location, error]);
    },
    committed(items: readonly IngestItem[]) {
      const ids = items.map((i) => i.id!);
      seen.ids.push(...ids);
      seen.visible.push(reader.db.prepare(`SELECT count(*) FROM event_rows WHERE id IN (${ids.join(',')})`).pluck().get() as number);
    },
  };
  const stages = [new AttributionStage(attributor), new PhaseStage(undefined, true), new ProjectionStage(attributor), new ProcessStartStage(), watch, ...(stage ? [stage] : [])];
  const ingest = new Ingest(store, runId, stages, { appPackage: APP, now: () => T0, writer });
  const row = store.addProcess({ run_id: runId, pid: 4242, name: APP, package: APP, target: true, started_at: T0, spawned_by: 'sdktrace' });
  const proc: ProcessContext = { id: row.id, pid: 4242, name: APP, package: APP, target: true, nextSeq: 0, gaps: 0 };
  let seq = 0;
  sizes.forEach((size, b) => {
    ingest.handle(proc, message(b, size, seq));
    seq += size;
    if (hostAfter(b)) ingest.hostEvent(proc, { kind: 'device', api: 'device.note', t: T0 + seq, pid: 4242, detail: { after: b } });
  });
  ingest.close();
  reader.close();
  return { store, ingest, seen, runId };
}

const rows = (s: Store, runId: number) => [
  s.db.prepare('SELECT id, seq, source, kind, thread, api, args, stack, sdk, party, via, frame, chain, attribution, phase, hash FROM events WHERE run_id = ? ORDER BY id').all(runId),
  s.db.prepare('SELECT event_id, host, url FROM net_flows WHERE run_id = ? ORDER BY event_id').all(runId),
];

/** Batch `b` of 256 plain events (seqs b*256...), posted to a StoreWriter directly. */
function plainBatch(runId: number, b: number): WriterBatch {
  const packer = new EventPacker(256);
  for (let i = 0; i < 256; i++) {
    const row: EventRow = {
      run_id: runId, source: 'agent', process_id: null, pid: 1, seq: b * 256 + i, t: T0 + i, tid: 1, thread: 'main', kind: 'pi', api: 'a.B.c()', hook: null,
      data_type: 'imei', args: null, ret: null, thrown: null, detail: '{"values":["x"]}', stack: null, origins: null, phase: null, consent: null,
      foreground: null, sdk: null, party: null, via: null, frame: null, chain: null, attribution: null,
    };
    packer.add({ row }, null, null);
  }
  const refusal = { processId: 0, pid: 1, at: T0, location: 'events', events: 256, firstSeq: b * 256, lastSeq: b * 256 + 255, nextSeq: (b + 1) * 256, gapsAdded: 256 };
  return { runId, stacks: [], attributions: [], events: packer.finish(), counts: [], seq: null, errors: [], refusal };
}

describe('writer thread', () => {
  it('stores what the synchronous path stores (ids, hashes, chain head), and stages see batches only once committed, in order', () => {
    const dir = tmpDir();
    // Full batches pipeline; one small batch is acknowledged at once; more batches than MAX_IN_FLIGHT.
    const sizes = [256, 256, 256, PIPELINE_FROM - 1, ...Array.from({ length: MAX_IN_FLIGHT * 2 }, () => 200)];
    const a = ingestRun(join(dir, 'sync.db'), false, sizes);
    const b = ingestRun(join(dir, 'writer.db'), true, sizes);
    try {
      const total = sizes.reduce((x, y) => x + y, 0);
      const hostEvents = sizes.filter((_, i) => hostAfter(i)).length;
      expect(b.ingest.totals).toEqual(a.ingest.totals);
      expect(b.ingest.totals).toMatchObject({ events: total, hostEvents, problems: 0, unstored: 0 });
      expect(rows(b.store, b.runId)).toEqual(rows(a.store, a.runId));
      expect(b.store.run(b.runId)!.chain_head).toBe(a.store.run(a.runId)!.chain_head);
      expect(verifyRunChain(b.store.db, b.runId)).toMatchObject({ ok: true, problems: [] });
      // Ids as stored, every event once, in order; each batch readable by another connection when seen.
      expect(b.seen.ids).toEqual(a.seen.ids);
      expect(b.seen.ids).toEqual([...b.seen.ids].sort((x, y) => x - y));
      expect(b.seen.ids.length).toBe(total + hostEvents);
      expect(b.seen.visible).toEqual(sizes.flatMap((s, i) => (hostAfter(i) ? [s, 1] : [s])));
      expect((rows(b.store, b.runId)[1] as unknown[]).length).toBeGreaterThan(1000);
      expect(b.store.db.prepare('SELECT next_seq FROM processes WHERE id = 1').pluck().get()).toBe(total);
      expect(b.store.db.prepare("SELECT calls FROM hook_status WHERE hook = 'h1'").pluck().get()).toBe(total);
    } finally {
      a.store.close();
      b.store.close();
    }
  });

  it('a batch refused for its content (a constraint) is recorded in its place as on the synchronous path; the batches after it, pipelined, are stored; the run goes on', () => {
    const dir = tmpDir();
    // Seq 600 is in batch 2 (512..767), the batch that first brings stack s2 (and its attribution),
    // which the batches after it use; they are posted before the writer has answered batch 2.
    const refusing = (path: string) => {
      const setup = Store.open(path, { create: true });
      setup.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON event_rows WHEN NEW.seq = 600 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
      setup.close();
      return path;
    };
    const sizes = [256, 256, 256, 256, 256, 256];
    const a = ingestRun(refusing(join(dir, 'sync.db')), false, sizes);
    const b = ingestRun(refusing(join(dir, 'writer.db')), true, sizes);
    try {
      for (const r of [a, b]) {
        expect(r.ingest.failure).toBeNull();
        expect(r.ingest.totals).toEqual({ events: 5 * 256, hostEvents: 1, problems: 1, gaps: 256, unstored: 0 });
        const errors = r.store.db.prepare('SELECT process_id, location, error, raw, raw_len FROM protocol_errors WHERE run_id = ?').all(r.runId) as { location: string; error: string; raw: Buffer; raw_len: number }[];
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({ process_id: 1, location: 'events', error: 'internal error: batch from pid 4242 refused, 256 events (seq 512..767) not stored: SQLITE_CONSTRAINT_TRIGGER: refused by the test' });
        // The message as received, for the record.
        expect(JSON.parse(errors[0]!.raw.toString('utf8'))).toEqual(message(2, 256, 512).payload);
        expect(r.seen.problems).toEqual([['events', errors[0]!.error]]);
        expect(r.store.db.prepare('SELECT next_seq, seq_gaps FROM processes WHERE id = 1').get()).toEqual({ next_seq: 6 * 256, seq_gaps: 256 });
        // The later batches' events name s2 with its frames, and their attribution is stored.
        expect(r.store.db.prepare("SELECT count(*) FROM events WHERE run_id = ? AND stack = 's2' AND party IS NOT NULL").pluck().get(r.runId)).toBeGreaterThan(200);
        expect(verifyRunChain(r.store.db, r.runId)).toMatchObject({ ok: true, problems: [] });
      }
      expect(storedEvidence(b.store.db, b.runId)).toEqual(storedEvidence(a.store.db, a.runId));
      expect(b.seen).toEqual(a.seen);
    } finally {
      a.store.close();
      b.store.close();
    }
  });

  it("a full disk under the writer's connection (max_page_count, a simulation) ends the run as a storage failure naming the batch; nothing after it is stored; later messages are counted", () => {
    const dir = tmpDir();
    const path = join(dir, 'full.db');
    // Room for about three 256-event batches on the writer's connection alone (the main one is not limited).
    const setup = Store.open(path, { create: true });
    const pages = setup.db.pragma('page_count', { simple: true }) as number;
    const pageSize = setup.db.pragma('page_size', { simple: true }) as number;
    setup.close();
    process.env.SDKTRACE_WRITER_MAX_PAGE_COUNT = String(pages + Math.ceil((3.5 * 256 * 500) / pageSize));
    let r: ReturnType<typeof ingestRun>;
    try {
      r = ingestRun(path, true, Array.from({ length: 12 }, () => 256));
    } finally {
      delete process.env.SDKTRACE_WRITER_MAX_PAGE_COUNT;
    }
    try {
      expect(r.ingest.failure).toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });
      const failed = r.ingest.failure!.batch!;
      expect(failed).toBeGreaterThan(1);
      // Every batch before the failed one, nothing of it or after it.
      const stored = r.store.db.prepare("SELECT count(*) FROM events WHERE run_id = ? AND source = 'agent'").pluck().get(r.runId);
      expect(stored).toBe((failed - 1) * 256);
      expect(r.ingest.totals.events).toBe((failed - 1) * 256);
      expect(r.seen.ids.length).toBe((failed - 1) * 256 + r.ingest.totals.hostEvents);
      expect(r.store.db.prepare('SELECT max(seq) FROM events WHERE run_id = ?').pluck().get(r.runId)).toBe((failed - 1) * 256 - 1);
      // The failed batch and every message after it, host events included, counted as not stored; no refusal recorded.
      const hostEventsAfter = Array.from({ length: 12 }, (_, b) => b).filter((b) => b >= failed - 1 && hostAfter(b)).length;
      expect(r.ingest.totals.unstored).toBe(12 - (failed - 1) + hostEventsAfter);
      expect(r.store.db.prepare('SELECT count(*) FROM protocol_errors').pluck().get()).toBe(0);
      expect(verifyRunChain(r.store.db, r.runId)).toMatchObject({ ok: true, problems: [] });
    } finally {
      r.store.close();
    }
  });

  it('never has more than MAX_IN_FLIGHT batches unanswered, and answers every batch in order with its rows\' ids', () => {
    const path = join(tmpDir(), 'bounded.db');
    const store = Store.open(path, { create: true });
    const runId = store.createRun({ mode: 'trace', started_at: T0, tool_version: 'writer-test', package: APP });
    const answers: number[] = [];
    const writer = new StoreWriter(path, () => undefined);
    try {
      let maxInFlight = 0;
      const BATCHES = MAX_IN_FLIGHT * 6;
      for (let b = 0; b < BATCHES; b++) {
        expect(writer.post(plainBatch(runId, b))).toBe(b + 1);
        maxInFlight = Math.max(maxInFlight, writer.inFlight);
        for (const a of writer.take()) answers.push(a.no);
      }
      expect(maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      writer.drain();
      const rest = writer.take();
      for (const a of rest) answers.push(a.no);
      expect(answers).toEqual(Array.from({ length: BATCHES }, (_, i) => i + 1));
      const last = rest.at(-1)!;
      expect('ids' in last && last.ids.at(-1)).toBe(BATCHES * 256);
    } finally {
      writer.close();
      store.close();
    }
    const check = Store.open(path, { readonly: true });
    expect(verifyRunChain(check.db, runId)).toMatchObject({ ok: true, problems: [] });
    check.close();
  });

  /** A new store and a StoreWriter whose thread ends after answering `answered` batches (SDKTRACE_WRITER_EXIT_AFTER, tests only). */
  function writerThatEndsAfter(file: string, answered: number): { store: Store; runId: number; writer: StoreWriter } {
    const path = join(tmpDir(), file);
    const store = Store.open(path, { create: true });
    const runId = store.createRun({ mode: 'trace', started_at: T0, tool_version: 'writer-test', package: APP });
    process.env.SDKTRACE_WRITER_EXIT_AFTER = String(answered);
    try {
      return { store, runId, writer: new StoreWriter(path, () => undefined) };
    } finally {
      delete process.env.SDKTRACE_WRITER_EXIT_AFTER;
    }
  }

  // Linux shows a thread's end under /proc/self/task (store/thread-end.ts); elsewhere only the 120 s rule tells.
  // Six batches fit in flight (drain is what blocks); twelve do not (post blocks first).
  it.skipIf(!existsSync('/proc/self/task')).each([
    { BATCHES: MAX_IN_FLIGHT - 2, blocked: 'drain' },
    { BATCHES: MAX_IN_FLIGHT + 4, blocked: 'post' },
  ])(
    'a writer thread that ends without answering, while the main thread is blocked in $blocked, is dead at once: the answered batches are delivered, every open one "not stored" naming the end',
    ({ BATCHES }) => {
      const ANSWERED_BEFORE_END = 3;
      const { store, runId, writer } = writerThatEndsAfter('ended.db', ANSWERED_BEFORE_END);
      const answers: WriterAnswer[] = [];
      try {
        // Past MAX_IN_FLIGHT unanswered post blocks, and drain does, waiting for answers that never
        // come; this thread does not yield, so the Worker's 'exit' event cannot be what tells.
        for (let b = 0; b < BATCHES; b++) expect(writer.post(plainBatch(runId, b))).toBe(b + 1);
        writer.drain();
        answers.push(...writer.take());
      } finally {
        writer.close();
      }
      expect(answers.map((a) => a.no)).toEqual(Array.from({ length: BATCHES }, (_, i) => i + 1));
      const delivered = answers.slice(0, ANSWERED_BEFORE_END);
      delivered.forEach((a, b) => expect('ids' in a && a.ids).toEqual(Array.from({ length: 256 }, (_, i) => b * 256 + i + 1)));
      for (const a of answers.slice(ANSWERED_BEFORE_END)) {
        expect(a).toMatchObject({ stored: false, error: { code: 'WRITER_THREAD' } });
        const said = /^the writer thread failed: its OS thread \d+ ended without answering \((\d+) of (\d+) batches answered\)$/.exec('error' in a ? a.error.message : '');
        expect(said, 'error' in a ? a.error.message : 'no error').not.toBeNull();
        // Seen in the first wait: the drain, or a post from the ninth on (the later, the more had been answered when it was posted).
        expect(Number(said![1])).toBe(ANSWERED_BEFORE_END);
        expect(Number(said![2])).toBeGreaterThanOrEqual(Math.min(BATCHES, MAX_IN_FLIGHT + 1));
        expect(Number(said![2])).toBeLessThanOrEqual(BATCHES);
      }
      // What was answered is stored, on a valid chain; nothing else.
      expect(store.db.prepare('SELECT count(*) FROM events WHERE run_id = ?').pluck().get(runId)).toBe(ANSWERED_BEFORE_END * 256);
      expect(verifyRunChain(store.db, runId)).toMatchObject({ ok: true, problems: [] });
      store.close();
    },
    // Past the 120 s silence rule, so that a broken check fails on its message, not on the timeout.
    180_000,
  );

  // close() drains (waitFor's check), then waits for the writer to close its connection, with a
  // check of its own: a thread that ends when asked to close has answered every batch, and must
  // not hold the run's end for the 120 s silence rule. close() says why it did not close cleanly.
  it.skipIf(!existsSync('/proc/self/task')).each([
    { BATCHES: 3, ends: 'when asked to close', said: /^its OS thread \d+ ended without answering close \(3 of 3 batches answered\)$/ },
    { BATCHES: 6, ends: 'while close() drains', said: /^its OS thread \d+ ended without answering \(3 of 6 batches answered\)$/ },
  ])(
    'a writer thread that ends $ends is seen gone by close(), which returns why: the answered batches delivered and stored, every open one "not stored"',
    ({ BATCHES, said }) => {
      const ANSWERED_BEFORE_END = 3;
      const { store, runId, writer } = writerThatEndsAfter('ended-at-close.db', ANSWERED_BEFORE_END);
      for (let b = 0; b < BATCHES; b++) expect(writer.post(plainBatch(runId, b))).toBe(b + 1);
      // No drain first: close() is the only wait, and this thread does not yield in it.
      const why = writer.close();
      expect(why?.message).toMatch(said);
      expect(writer.close()).toBe(why);
      // The answers that arrived stay deliverable after close, in order.
      const answers = writer.take();
      expect(answers.map((a) => a.no)).toEqual(Array.from({ length: BATCHES }, (_, i) => i + 1));
      answers.slice(0, ANSWERED_BEFORE_END).forEach((a, b) => expect('ids' in a && a.ids).toEqual(Array.from({ length: 256 }, (_, i) => b * 256 + i + 1)));
      for (const a of answers.slice(ANSWERED_BEFORE_END)) expect(a).toMatchObject({ no: a.no, stored: false, error: { code: 'WRITER_THREAD', message: `the writer thread failed: ${why!.message}` } });
      expect(store.db.prepare('SELECT count(*) FROM events WHERE run_id = ?').pluck().get(runId)).toBe(ANSWERED_BEFORE_END * 256);
      expect(verifyRunChain(store.db, runId)).toMatchObject({ ok: true, problems: [] });
      store.close();
    },
    // Past the 120 s silence rule, so that a broken check fails on its message, not on the timeout.
    180_000,
  );

  it('unpacks packed events exactly as they were packed: nulls, -0, fractions, lone surrogates, two-byte text, projections', () => {
    const rows: EventRow[] = [
      {
        run_id: 7, source: 'agent', process_id: 3, pid: 4242, seq: Number.MAX_SAFE_INTEGER, t: 1_767_225_600_000.125, tid: -0, thread: 'main\ud800', kind: 'net', api: 'a.B.c()',
        hook: 'h', data_type: null, args: '["\u00e9\udc00x"]', ret: '""', thrown: 'java.lang.SecurityException: 拒绝', detail: '{"host":"x.cn"}', stack: 's1', origins: '["o"]',
        phase: 'launch', consent: 'none', foreground: 1, sdk: 'getui', party: 'x', via: 'y', frame: 'z', chain: '[]', attribution: '{}',
      },
      {
        run_id: 7, source: 'agent', process_id: null, pid: null, seq: null, t: -0, tid: null, thread: null, kind: 'pi', api: null, hook: null, data_type: null,
        args: null, ret: null, thrown: null, detail: null, stack: null, origins: null, phase: null, consent: null, foreground: null, sdk: null,
        party: null, via: null, frame: null, chain: null, attribution: null,
      },
      {
        run_id: 7, source: 'agent', process_id: 3, pid: 1, seq: 0, t: 0, tid: 0, thread: '', kind: 'launch', api: '', hook: '', data_type: '', args: '', ret: '',
        thrown: '', detail: '', stack: '', origins: '', phase: '', consent: '', foreground: 0, sdk: '', party: null, via: null, frame: null, chain: null, attribution: null,
      },
    ];
    const net = { layer: 'java', proto: 'https', tls: 1, host: 'x.cn', ip: null, port: 443, url: null, bytes: 0, domain_sdk: null };
    const launch = { via: 'activity', action: null, component: 'p/.A', target_package: 'p', other_app: 1, confirmed_event_id: 12 };
    const packer = new EventPacker(4);
    packer.add({ row: rows[0]!, net }, 5, 9);
    packer.add({ row: rows[1]! }, null, null);
    packer.add({ row: rows[2]!, launch }, 0, 0);
    const stackRef = (key: number) => ({ ref: key + 100, sha: `sha${key}` });
    const items = unpackEvents(structuredClone(packer.finish()), 7, stackRef, (key) => key + 1000);
    expect(items).toHaveLength(3);
    const analysis = { party: null, via: null, frame: null, chain: null, attribution: null };
    for (let i = 0; i < 3; i++) expect(items[i]!.row).toStrictEqual({ ...rows[i]!, ...analysis });
    expect(Object.is(items[0]!.row.tid, -0) && Object.is(items[1]!.row.t, -0)).toBe(true);
    expect(items.map((it) => [it.stackRef ?? null, it.attributionRef])).toEqual([[stackRef(5), 1009], [null, null], [stackRef(0), 1000]]);
    expect(items.map((it) => [it.net, it.launch])).toEqual([[net, undefined], [undefined, undefined], [undefined, launch]]);
    expect(() => packer.add({ row: rows[1]! }, null, null)).not.toThrow();
    expect(() => packer.add({ row: rows[1]! }, null, null)).toThrow(/holds 4 events; event 5 does not fit/);
  });
});
