// How runs end. Ctrl-C: the agents are flushed, every process detached, totals printed, exit 0.
// Runs that cannot go on: the device is lost (the cable is pulled) and the database fails (disk
// full). Both end the run with a clear reason and a non-zero exit; nothing already stored is
// damaged, and messages arriving after a storage failure are counted, never dropped silently.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatedDevice } from '../../emulator/index.js';
import { Ingest } from '../../host/ingest/ingest.js';
import { isStorageFailure } from '../../store/failure.js';
import type { IngestItem, ProcessContext, Stage } from '../../host/ingest/types.js';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { Store } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { VERSION } from '../../protocol/version.js';
import { deviceEvents, events, scenario, seqReport, tmpDir, traceWith } from './helpers.js';

const APP = 'com.example.multi';
const sigintListeners = process.listeners('SIGINT').length;

/** A live output that does something once, on the first committed item matching `when`. */
function once(when: (item: IngestItem) => boolean, act: () => void): Stage {
  let done = false;
  return {
    name: 'test-trigger',
    committed(items) {
      if (!done && items.some(when)) {
        done = true;
        act();
      }
    },
  };
}

describe('Ctrl-C', () => {
  it('ends the run cleanly: agents flushed, processes detached, totals printed, exit 0', async () => {
    const db = join(tmpDir(), 'sigint.db');
    let sentAt: number | null = null;
    // Real time: nothing else happens on the device for seconds after the interrupt (at max speed
    // the crash due 2 s later could land while the run is being stopped).
    const run = await traceWith(
      { device: 'emulated', scenario: scenario('multi'), realtime: true, db },
      {
        onRun: (r) => {
          // The handler interrupted() installed for this run (the last SIGINT listener): pressing
          // Ctrl-C without signalling the test worker itself.
          const ctrlC = process.listeners('SIGINT').at(-1) as (sig: NodeJS.Signals) => void;
          r.addOutput(
            once(
              (i) => i.source === 'agent' && i.process?.name === `${APP}:push`,
              () => {
                sentAt = r.ingest.totals.events;
                ctrlC('SIGINT');
              },
            ),
          );
        },
      },
    );
    expect(run.result).toBe(0);
    expect(run.err).toContain('SIGINT: ending the run (flushing agents)');
    expect(run.err).toMatch(/run 1 ended \(interrupted \(SIGINT\)\): \d+ events from the app/);
    expect(run.out).toContain('Per SDK');
    const store = Store.open(db, { readonly: true });
    try {
      expect(store.resolveRun('1')).toMatchObject({ end_reason: 'interrupted (SIGINT)', ended_at: expect.any(Number) });
      const procs = store.processes(1);
      expect(procs.map((p) => [p.name, p.end_reason])).toEqual([
        [APP, 'detached at end of run'],
        [`${APP}:push`, 'detached at end of run'],
      ]);
      // Ctrl-C came while :push was busy; the run still ends with no hole in any process's events.
      expect(sentAt).toBeGreaterThan(0);
      for (const p of seqReport(store, 1)) {
        expect(p.gaps, p.name).toBe(0);
        expect(p.seqs, p.name).toEqual(p.seqs.map((_, i) => i));
      }
    } finally {
      store.close();
    }
    // Nothing stays registered or suspended after the run.
    expect(process.listeners('SIGINT').length).toBe(sigintListeners);
  });
});

describe('device lost mid-run', () => {
  it('records the loss, ends every traced process with device-lost and the run with exit 3', async () => {
    const db = join(tmpDir(), 'lost.db');
    // Real time, so the crash due 2 s after the trigger cannot happen before the cable is pulled.
    const run = await traceWith(
      { device: 'emulated', scenario: scenario('multi'), realtime: true, db },
      {
        onRun: (r, device) =>
          r.addOutput(once((i) => i.source === 'agent' && i.process?.name === `${APP}:push`, () => (device as EmulatedDevice).lose())),
      },
    );
    expect(run.result).toBe(3);
    expect(run.err).toContain('run 1 ended (device lost)');
    const store = Store.open(db, { readonly: true });
    try {
      expect(store.resolveRun('1').end_reason).toBe('device lost');
      const procs = store.processes(1);
      // Nothing the device did after the loss is recorded (the :push restart never shows up).
      expect(procs.map((p) => [p.name, p.end_reason])).toEqual([
        [APP, 'device-lost'],
        [`${APP}:push`, 'device-lost'],
      ]);
      expect(procs.every((p) => p.ended_at !== null)).toBe(true);
      const ended = deviceEvents(store, 1, 'process-ended');
      expect(ended.map((e) => e.d.reason)).toEqual(['device-lost', 'device-lost']);
      const lost = deviceEvents(store, 1, 'lost');
      expect(lost).toHaveLength(1);
      // The loss is the last thing on the device's timeline.
      const last = events(store, 1, "source = 'host'").at(-1)!;
      expect(last.id).toBe(lost[0]!.id);
      expect(deviceEvents(store, 1, 'crash')).toEqual([]);
      for (const p of seqReport(store, 1)) expect(p.gaps, p.name).toBe(0);
      expect(verifyRunChain(store.db, 1).ok).toBe(true);
    } finally {
      store.close();
    }
  });
});

describe('storage failure mid-run', () => {
  it('ends the run on SQLITE_FULL with the reason, exit 74, counts what was not stored and keeps the rest intact', async () => {
    const db = join(tmpDir(), 'full.db');
    const run = await traceWith(
      { device: 'emulated', scenario: scenario('multi'), db },
      {
        onRun: (r) =>
          r.addOutput(
            once(
              (i) => i.source === 'agent',
              () => {
                // The disk is full from now on: the database cannot grow by a single page.
                const pages = r.store.db.pragma('page_count', { simple: true }) as number;
                r.store.db.pragma(`max_page_count = ${pages}`);
              },
            ),
          ),
      },
    );
    expect(run.result).toBe(74);
    expect(run.err).toMatch(/run 1 ended \(storage failed: SQLITE_FULL: database or disk is full\)/);
    expect(run.err).toMatch(/\d+ messages not stored after the failure/);
    expect(run.err).toContain(`the database ${db} failed (SQLITE_FULL`);
    expect(run.err).not.toMatch(/internal error/);
    const store = Store.open(db, { readonly: true });
    try {
      expect(store.resolveRun('1').end_reason).toBe('storage failed: SQLITE_FULL: database or disk is full');
      // What was stored before the failure is whole: seqs without holes, the chain verifies.
      for (const p of seqReport(store, 1)) {
        expect(p.seqs, p.name).toEqual(p.seqs.map((_, i) => i));
        expect(p.nextSeq, p.name).toBe(p.seqs.length);
      }
      expect(verifyRunChain(store.db, 1)).toMatchObject({ ok: true, problems: [] });
      // The failure was not mistaken for a bad message.
      expect(store.db.prepare('SELECT count(*) AS n FROM protocol_errors').get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });

  it('Ingest: a full disk stops storing at a batch boundary; later messages and host events are counted, not thrown', () => {
    const store = Store.open(join(tmpDir(), 'ingest-full.db'), { create: true });
    try {
      const runId = store.createRun({ mode: 'trace', started_at: 0, tool_version: VERSION });
      const ingest = new Ingest(store, runId, [], { appPackage: 'com.example.app', now: () => 1 });
      const row = store.addProcess({ run_id: runId, pid: 100, name: 'com.example.app', target: true, started_at: 0, spawned_by: 'sdktrace' });
      const proc: ProcessContext = { id: row.id, pid: 100, name: row.name, package: 'com.example.app', target: true, nextSeq: 0, gaps: 0 };
      const batch = (first: number) => ({
        type: 'send',
        payload: {
          v: PROTOCOL_VERSION,
          kind: 'batch',
          pid: 100,
          events: Array.from({ length: 20 }, (_, i) => ({
            seq: first + i,
            t: 1_767_225_600_000 + first + i,
            tid: 7,
            thread: 'worker-with-a-long-thread-name-'.repeat(4),
            kind: 'pi',
            api: 'android.provider.Settings$Secure.getString(android.content.ContentResolver,java.lang.String)',
            dataType: 'android_id',
          })),
        },
      });
      ingest.handle(proc, batch(0));
      expect(ingest.totals.events).toBe(20);
      store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
      let sent = 20;
      for (let i = 0; i < 200 && ingest.failure === null; i++, sent += 20) ingest.handle(proc, batch(sent));
      expect(ingest.failure).toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });
      const stored = ingest.totals.events;
      expect(stored % 20).toBe(0); // whole batches only
      expect(ingest.totals.unstored).toBe(1); // the batch that hit the wall
      // The run's bookkeeping matches what is stored.
      expect(proc.nextSeq).toBe(stored);
      expect(store.process(proc.id)!.next_seq).toBe(stored);
      expect((store.db.prepare('SELECT count(*) AS n FROM events WHERE run_id = ?').get(runId) as { n: number }).n).toBe(stored);
      // After the failure nothing throws and nothing is lost silently.
      ingest.handle(proc, batch(sent));
      const item = ingest.hostEvent(null, { kind: 'device', api: 'device.lost', t: 1, pid: null, detail: { type: 'lost' } });
      expect(item.id).toBeUndefined();
      expect(ingest.totals.unstored).toBe(3);
      expect(ingest.write(() => 'x')).toBeUndefined();
      expect(verifyRunChain(store.db, runId).ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('tells storage failures from a bad statement', () => {
    const sqlite = (code: string) => Object.assign(new Error(code), { name: 'SqliteError', code });
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_READONLY', 'SQLITE_CORRUPT', 'SQLITE_BUSY', 'SQLITE_CANTOPEN']) expect(isStorageFailure(sqlite(code)), code).toBe(true);
    for (const code of ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_TOOBIG', 'SQLITE_MISMATCH']) expect(isStorageFailure(sqlite(code)), code).toBe(false);
    expect(isStorageFailure(new TypeError('The database connection is not open'))).toBe(true);
    expect(isStorageFailure(new Error('something else'))).toBe(false);
  });
});
