// The network scan on a thread (reports/scan-thread.ts) against the same scan in-thread, on one
// emulated run with every input the scan reads: PI values read by an SDK, a Java DNS lookup, a
// value through gzip, AES and Base64 (transform events) into an HTTPS POST over a Conscrypt engine
// socket (Android 11: its TLS record names the SSL_write), and a plain native send to a name
// looked up with getaddrinfo, all by an SDK called from another (an SDK chain). Both paths must
// give the same FlowScan and the same report model; the thread's fallbacks must say why and
// change nothing, and a thread V8 ends at its heap bound must be seen to end, not waited for.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkThreadScenario } from '../emulator/helpers.js';
import type { Action } from '../../emulator/scenario/schema.js';
import { traceEmulated } from '../helpers/emulated-run.js';
import { cleanupTmp, tmpDir } from './helpers.js';
import { Store } from '../../store/db.js';
import { buildReport, type BuildOptions } from '../../reports/model.js';
import { scanNetwork, type FlowScan } from '../../reports/flows.js';
import { NetworkScanThread, THREAD_MIN_NET_EVENTS, type NetworkScanNote } from '../../reports/scan-thread.js';
import { RunAggregates } from '../../reports/aggregates.js';
import { buildTimeline, consentConfig } from '../../analysis/timeline.js';

const KEY = Array.from({ length: 16 }, (_, i) => i + 1);
const IV = Array.from({ length: 16 }, (_, i) => 0x20 + i);

/** An SDK reads the Android ID and sends it every way the scan follows. */
const STEPS: Action[] = [
  { read: 'android_id', as: 'aid' },
  { call: 'java.net.InetAddress.getAllByName(java.lang.String)', args: ['cdn.pushsdk.example'] },
  { call: 'java.lang.String.concat(java.lang.String)', on: '{"aid":"', args: ['$aid'], as: 'j1' },
  { call: 'java.lang.String.concat(java.lang.String)', on: '$j1', args: ['"}'], as: 'json' },
  { new: 'java.io.ByteArrayOutputStream()', as: 'baos' },
  { new: 'java.util.zip.GZIPOutputStream(java.io.OutputStream)', args: ['$baos'], as: 'gz' },
  { call: 'java.io.OutputStream.write(byte[])', on: '$gz', args: [{ call: 'java.lang.String.getBytes(java.lang.String)', on: '$json', args: ['UTF-8'] }] },
  { call: 'java.util.zip.GZIPOutputStream.close()', on: '$gz' },
  { call: 'javax.crypto.Cipher.getInstance(java.lang.String)', args: ['AES/CBC/PKCS5Padding'], as: 'cipher' },
  {
    call: 'javax.crypto.Cipher.init(int,java.security.Key,java.security.spec.AlgorithmParameterSpec)',
    on: '$cipher',
    args: [1, { new: 'javax.crypto.spec.SecretKeySpec(byte[],java.lang.String)', args: [{ array: 'byte', items: KEY }, 'AES'] }, { new: 'javax.crypto.spec.IvParameterSpec(byte[])', args: [{ array: 'byte', items: IV }] }],
  },
  { call: 'javax.crypto.Cipher.doFinal(byte[])', on: '$cipher', args: [{ call: 'java.io.ByteArrayOutputStream.toByteArray()', on: '$baos' }], as: 'enc' },
  { call: 'android.util.Base64.encodeToString(byte[],int)', args: ['$enc', 2], as: 'b64' },
  { http: { url: 'https://log.pushsdk.example/v1/up', method: 'POST', body: 'd={{$b64}}&aid={{$aid}}' } },
  { native: { lib: 'libpushcore.so', method: 'com.sdk.push.Native.report', payload: 'aid={{$aid}}', host: 'collect.pushcore.example', port: 9001 } },
];

function scenario() {
  return sdkThreadScenario(STEPS, {
    patch: (s) => {
      // Android 11: Conscrypt engine sockets, whose SSL_write has no fd and whose record names it.
      s.device.apiLevel = 30;
      s.app.targetSdk = 30;
      s.app.sdks![0]!.nativeLibs = ['libpushcore.so'];
      // Shanyan's task calls into the CMCC login SDK, which does it all: its events carry an SDK chain.
      s.app.application!.onCreate = [{ in: ['com.sdk.push.PushManager.init'], do: [{ thread: 'sdk-net', task: 'com.chuanglan.shanyan_sdk.a.b', do: [{ in: 'com.cmic.sso.sdk.e.k.a', do: STEPS }] }] }];
    },
  });
}

let dbPath = '';
let store: Store;
let runId = 0;

beforeAll(async () => {
  dbPath = join(tmpDir(), 'scan.db');
  const traced = await traceEmulated(scenario(), dbPath);
  runId = traced.runId;
  traced.store.close();
  store = Store.open(dbPath, { readonly: true });
}, 60_000);

afterAll(() => {
  store?.close();
  cleanupTmp();
});

/** The report with the scan where `mode` asks, and the notes it told. */
function report(s: Store, mode: BuildOptions['networkScan']) {
  const notes: NetworkScanNote[] = [];
  const model = buildReport(s, runId, { generatedAt: '2026-01-01T00:00:00.000Z', networkScan: mode, onNetworkScan: (n) => notes.push(n) });
  return { model, notes };
}

describe('the network scan on a thread', () => {
  it('the run holds what the scan reads: PI values, DNS answers, transforms, a TLS record and sends', () => {
    const count = (where: string) => (store.db.prepare(`SELECT count(*) FROM events WHERE run_id = ? AND ${where}`).pluck().get(runId) as number);
    expect(count("kind = 'pi' AND data_type = 'android_id'")).toBeGreaterThan(0);
    expect(count("kind = 'net' AND json_extract(detail, '$.op') = 'dns'")).toBeGreaterThan(0);
    expect(count("kind = 'transform'")).toBeGreaterThanOrEqual(3);
    expect(count("kind = 'net' AND json_extract(detail, '$.op') = 'tls-record'")).toBeGreaterThan(0);
    expect(count("kind = 'net' AND json_extract(detail, '$.hostFrom') = 'getaddrinfo'")).toBeGreaterThan(0);
  });

  it('gives the FlowScan the in-thread scan gives over the analysis table', () => {
    const run = store.resolveRun(String(runId));
    const notes: NetworkScanNote[] = [];
    const thread = NetworkScanThread.start(store, run, 'thread', (n) => notes.push(n));
    expect(thread).not.toBeNull();
    // The pass, as buildReport runs it, then the in-thread scan over its table.
    const aggregates = new RunAggregates(null, 1);
    const timeline = buildTimeline(store.db, runId, consentConfig(JSON.parse(run.options) as Record<string, unknown>, run.mode, {}), (r) => aggregates.add(r));
    const inThread = scanNetwork(store.db, runId, run.package, timeline.table, aggregates.tlsRecordCandidates);
    const fromThread = thread!.result(aggregates.totals.events);
    expect(notes).toEqual([{ thread: true, fellBack: false, reason: 'scanned on a thread beside the pass' }]);
    // Not an empty scan twice: every part of it has something to differ in.
    expect(inThread.flows.length).toBeGreaterThan(0);
    expect(inThread.encryptedFlows.length).toBeGreaterThan(0);
    expect(inThread.destinations.some((d) => d.host === 'log.pushsdk.example' && d.ip !== null)).toBe(true);
    expect(inThread.destinations.some((d) => d.host === 'collect.pushcore.example')).toBe(true);
    expect(inThread.flows.some((f) => f.host === 'collect.pushcore.example' && !f.tls && f.destinationFrom === 'dns')).toBe(true);
    expect(inThread.flows.some((f) => f.chain.length > 0)).toBe(true);
    expect(fromThread).toEqual<FlowScan>(inThread);
    // Same keys in the same order (the JSON report writes them in that order).
    expect(JSON.stringify(fromThread)).toBe(JSON.stringify(inThread));
  });

  it('the report model is the same with the scan on a thread and in-thread', () => {
    const inThread = report(store, 'inline');
    const onThread = report(store, 'thread');
    expect(inThread.notes).toEqual([{ thread: false, fellBack: false, reason: 'in-thread scan asked for' }]);
    expect(onThread.notes).toEqual([{ thread: true, fellBack: false, reason: 'scanned on a thread beside the pass' }]);
    expect(onThread.model.dataFlows.length).toBeGreaterThan(0);
    expect(JSON.stringify(onThread.model)).toBe(JSON.stringify(inThread.model));
  });

  it("a thread's scan of a run that changed since (another event count than the pass's) is not used, and it says why", () => {
    const run = store.resolveRun(String(runId));
    const events = store.db.prepare('SELECT count(*) FROM events WHERE run_id = ?').pluck().get(runId) as number;
    const notes: NetworkScanNote[] = [];
    const thread = NetworkScanThread.start(store, run, 'thread', (n) => notes.push(n));
    expect(thread!.result(events + 1)).toBeNull();
    expect(notes).toEqual([{ thread: false, fellBack: true, reason: `the run changed while it was read (${events} events for the thread, ${events + 1} for the pass)` }]);
  });

  it('a thread whose heap passes the bound it gives up at answers so, and the scan runs in-thread', () => {
    const run = store.resolveRun(String(runId));
    const events = store.db.prepare('SELECT count(*) FROM events WHERE run_id = ?').pluck().get(runId) as number;
    const notes: NetworkScanNote[] = [];
    // 1 MB: any heap is past it at the first beat.
    const thread = NetworkScanThread.start(store, run, 'thread', (n) => notes.push(n), { giveUpHeapMb: 1 });
    expect(thread!.result(events)).toBeNull();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.reason).toMatch(/^the network scan's thread failed \(table: RangeError: its heap held \d+ MB, past the 1 MB it gives up at\)$/);
  });

  it('a thread V8 ends at its heap bound, without an answer, is seen to end: the scan runs in-thread without waiting out the silence', () => {
    // One network payload of 20 MB (the database edited: ingest caps a sample at 64 KB): the scan
    // reads it as one string, which takes the thread from under its give-up share (85% of a 24 MB
    // bound, looked at on the first beat) past the bound between two looks, so V8 ends the thread
    // (ERR_WORKER_OUT_OF_MEMORY) and it never answers. Not much more: Node lets a worker's heap
    // run 16 MB past its bound to end it (src/node_worker.cc Worker::NearHeapLimit,
    // kExtraHeapAllowance), and past that V8 aborts the whole process. Measured with this run
    // (Node 20.20): payloads of 10-32 MB ended the thread, 36 MB and more aborted the process.
    const big = join(tmpDir(), 'big-payload.db');
    copyFileSync(dbPath, big);
    const w = Store.open(big);
    const id = w.db.prepare(`SELECT id FROM event_rows WHERE run_id = ? AND kind = 'net' AND detail LIKE '%"sample"%' ORDER BY id LIMIT 1`).pluck().get(runId) as number;
    w.db.prepare(`UPDATE event_rows SET detail = json_set(detail, '$.sample', ?) WHERE id = ?`).run('x'.repeat(20 * 2 ** 20), id);
    w.close();
    const b = Store.open(big, { readonly: true });
    try {
      const run = b.resolveRun(String(runId));
      const events = b.db.prepare('SELECT count(*) FROM events WHERE run_id = ?').pluck().get(runId) as number;
      const notes: NetworkScanNote[] = [];
      const thread = NetworkScanThread.start(b, run, 'thread', (n) => notes.push(n), { resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 } });
      const waitedFrom = Date.now();
      expect(thread!.result(events)).toBeNull();
      const waitedMs = Date.now() - waitedFrom;
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ thread: false, fellBack: true });
      // Its end, seen in /proc, not its silence for 120 s, is what the reason names.
      expect(notes[0]!.reason).toMatch(/^the network scan's thread ended without answering \(its OS thread \d+ is gone: /);
      // Not a speed assertion: a sanity bound far under the 120 s of silence, far over the ~1 s it takes.
      expect(waitedMs).toBeLessThan(60_000);
    } finally {
      b.close();
    }
  }, 150_000);

  it('auto scans a run this small in-thread and says why', () => {
    const { notes } = report(store, 'auto');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ thread: false, fellBack: false });
    expect(notes[0]!.reason).toMatch(new RegExp(`^\\d+ network events \\(a thread from ${THREAD_MIN_NET_EVENTS}\\)$`));
  });

  it('a database in memory cannot be opened by a thread: it says so and the scan runs in-thread', () => {
    const notes: NetworkScanNote[] = [];
    const inMemory = { path: ':memory:' } as Store;
    expect(NetworkScanThread.start(inMemory, store.resolveRun(String(runId)), 'thread', (n) => notes.push(n))).toBeNull();
    expect(notes).toEqual([{ thread: false, fellBack: true, reason: 'the database is in memory: a thread cannot open it' }]);
  });

  it('a damaged network event fails the report with the same error on both paths, the thread saying why it fell back', () => {
    const damaged = join(tmpDir(), 'damaged.db');
    copyFileSync(dbPath, damaged);
    const w = Store.open(damaged);
    const id = w.db.prepare(`SELECT id FROM event_rows WHERE run_id = ? AND kind = 'net' AND detail LIKE '%"sample"%' ORDER BY id LIMIT 1`).pluck().get(runId) as number;
    w.db.prepare('UPDATE event_rows SET detail = ? WHERE id = ?').run('{"sample":', id);
    w.close();
    const d = Store.open(damaged, { readonly: true });
    try {
      const failure = (mode: BuildOptions['networkScan']) => {
        const notes: NetworkScanNote[] = [];
        try {
          buildReport(d, runId, { networkScan: mode, onNetworkScan: (n) => notes.push(n) });
        } catch (e) {
          return { error: e as Error, notes };
        }
        throw new Error(`the report of a damaged run did not fail (${mode})`);
      };
      const inline = failure('inline');
      const thread = failure('thread');
      expect(inline.error.message).toContain(`event ${id}: its detail column is not JSON`);
      expect(thread.error.constructor).toBe(inline.error.constructor);
      expect(thread.error.message).toBe(inline.error.message);
      expect(thread.notes).toHaveLength(1);
      expect(thread.notes[0]).toMatchObject({ thread: false, fellBack: true });
      expect(thread.notes[0]!.reason).toContain(`the network scan's thread failed (scan: UserError: event ${id}: its detail column is not JSON`);
    } finally {
      d.close();
    }
  });
});
