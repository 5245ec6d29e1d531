// The Foundation's end-to-end run: the demo scenario on the emulated device, through the real
// agent bundle, ingest, attribution and store. Asserts what a lab would rely on: every event
// stored once, in order, with no sequence gaps, attributed, phased, hash-chained, reported.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, emulatedTlsPatternsPath } from '../../host/commands/demo.js';
import { Store } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { HOOKS } from '../../agent/catalog/index.js';
import { RunQuery } from '../../host/live/query.js';
import { STATIC_TLS_BUILD } from '../../emulator/native/natives.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-e2e-'));
const db = join(dir, 'demo.db');
const out = join(dir, 'report');
let store: Store;

interface Ev {
  id: number;
  process_id: number;
  pid: number;
  seq: number;
  t: number;
  kind: string;
  api: string;
  hook: string | null;
  data_type: string | null;
  phase: string;
  sdk: string | null;
  party: string | null;
  thread: string;
  detail: string | null;
  source: string;
}

let consoleText = '';

beforeAll(async () => {
  // The console's end-of-run summary is compared with the report and the dashboard below.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    consoleText += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  let code: number;
  try {
    code = await demo({ db, out, quiet: true });
  } finally {
    process.stdout.write = write;
  }
  expect(code).toBe(0);
  store = Store.open(db, { readonly: true });
}, 120_000);

const events = (where = '1=1', ...params: unknown[]) => store.db.prepare(`SELECT * FROM events WHERE run_id = 1 AND ${where} ORDER BY id`).all(...params) as Ev[];

describe('sdktrace demo on the emulated device', () => {
  it('records the run: device, Android version, app identity and versions', () => {
    const run = store.resolveRun('latest');
    expect(run).toMatchObject({ mode: 'demo', device_kind: 'emulated', package: 'com.example.mall', api_level: 28, end_reason: 'scenario finished' });
    expect(run.os_version).toBe('9');
    expect(run.app_version).not.toBeNull();
    expect(run.signing_sha256).toMatch(/^[0-9a-f]{64}/);
    expect(run.agent_version).not.toBeNull();
    expect(run.hook_catalog_version).not.toBeNull();
    expect(run.sdk_catalog_version).not.toBeNull();
  });

  it('traces every process of the app, including the push process the SDK starts, with zero sequence gaps', () => {
    const procs = store.processes(1);
    const names = procs.map((p) => p.name);
    expect(names[0]).toBe('com.example.mall');
    expect(names).toContain('com.example.mall:pushservice');
    for (const p of procs) {
      expect(p.seq_gaps, p.name).toBe(0);
      const seqs = (store.db.prepare("SELECT seq FROM events WHERE process_id = ? AND source = 'agent' ORDER BY id").all(p.id) as { seq: number }[]).map((r) => r.seq);
      // Stored in the order sent, each seq exactly once, none missing.
      expect(seqs, p.name).toEqual(seqs.map((_, i) => i));
      expect(p.next_seq).toBe(seqs.length);
    }
  });

  it('stores no protocol errors and no hook-body faults', () => {
    const errors = store.db.prepare('SELECT location, error FROM protocol_errors WHERE run_id = 1').all();
    expect(errors).toEqual([]);
    expect(events("kind = 'hook'")).toEqual([]);
  });

  it('attributes the push SDK reading android_id and the app list before consent, on its own pool thread', () => {
    const pre = events("sdk = 'getui-push' AND phase IN ('launch', 'pre-consent') AND data_type IN ('android_id', 'installed_apps')");
    expect(pre.map((e) => e.data_type)).toEqual(expect.arrayContaining(['android_id', 'installed_apps']));
    expect(pre.some((e) => e.thread.startsWith('GT-Pool'))).toBe(true);
    const appList = pre.find((e) => e.data_type === 'installed_apps')!;
    expect(JSON.parse(appList.detail!).count).toBeGreaterThan(0);
  });

  it('orders phases: consent is given by a click, and later events are post-consent or background', () => {
    const click = events("kind = 'lifecycle' AND detail LIKE '%\"type\":\"click\"%'");
    expect(click.length).toBeGreaterThan(0);
    const consentAt = click.find((e) => e.phase === 'post-consent');
    expect(consentAt).toBeDefined();
    const after = events("source = 'agent' AND id > ? AND t > ?", consentAt!.id, consentAt!.t);
    expect(after.every((e) => ['post-consent', 'background', 'refused'].includes(e.phase))).toBe(true);
  });

  it('sees the associated start: a launch aimed at another app and that app\'s process starting', () => {
    const launches = store.db.prepare('SELECT * FROM launches WHERE run_id = 1 AND other_app = 1').all() as { target_package: string }[];
    expect(launches.map((l) => l.target_package)).toContain('com.partner.news');
    const spawns = events("kind = 'device' AND api = 'device.spawnAdded'").map((e) => JSON.parse(e.detail!));
    expect(spawns).toContainEqual(expect.objectContaining({ package: 'com.partner.news', other: true }));
  });

  it('records what woke the push process, attributed to the SDK component that was woken', () => {
    const wakes = events("kind = 'lifecycle' AND detail LIKE '%process-start%'").map((e) => ({ ...JSON.parse(e.detail!), sdk: e.sdk }));
    expect(wakes).toContainEqual(expect.objectContaining({ component: expect.stringContaining('com.igexin'), sdk: 'getui-push' }));
  });

  it('sends plaintext and TLS traffic to the ad SDK\'s destinations, attributed by stack', () => {
    const flows = store.db.prepare('SELECT n.host, n.tls, e.sdk FROM net_flows n JOIN events e ON e.id = n.event_id WHERE n.run_id = 1').all() as { host: string; tls: number; sdk: string }[];
    const pangle = flows.filter((f) => f.sdk === 'pangle');
    expect(pangle.some((f) => f.tls === 0)).toBe(true);
    expect(pangle.some((f) => f.tls === 1)).toBe(true);
  });

  it("shows the Flutter screen's statically linked TLS send (BoringSSL inside libflutter.so, found by the emulated build's patterns) with its host, and its record as a second send to the same destination (dart:io writes it on the isolate thread)", () => {
    // The patterns file the demo passes is the emulated build's (not a real libflutter.so's).
    const hex = (b: number[]) => b.map((x) => x.toString(16).padStart(2, '0')).join(' ');
    const file = JSON.parse(readFileSync(emulatedTlsPatternsPath(), 'utf8'));
    expect(file).toEqual([expect.objectContaining({ module: 'libflutter.so', note: expect.stringContaining('EMULATED'), SSL_write: [hex(STATIC_TLS_BUILD.prologue.SSL_write!)], SSL_read: [hex(STATIC_TLS_BUILD.prologue.SSL_read!)] })]);
    const fl = events("detail LIKE '%libflutter.so%' AND kind = 'net'").map((e) => ({ hook: e.hook, api: e.api, d: JSON.parse(e.detail!) }));
    const ssl = fl.filter((e) => e.hook === 'native.SSL_write');
    expect(ssl).toHaveLength(1);
    expect(ssl[0]!.api).toMatch(/\/libflutter\.so!SSL_write$/);
    expect(ssl[0]!.d).toMatchObject({ op: 'send', tls: true, host: 'shop.mall.example.com', method: 'GET', url: 'https://shop.mall.example.com/v1/products?category=phones' });
    // android.dartio.sslWriteOffIsolate: SSL_write ran on a Dart thread-pool thread and the isolate's
    // thread wrote the record, so the agent does not link them: the record is a second send.
    expect(fl.filter((e) => e.d.op === 'send')).toHaveLength(2);
    expect(fl.find((e) => e.hook === 'native.write')?.d).toMatchObject({ op: 'send', proto: 'tls', ip: '192.0.2.11', port: 443 });
    const json = JSON.parse(readFileSync(join(out, 'sdktrace-run-1.json'), 'utf8'));
    const dest = json.network.filter((d: { host: string | null }) => d.host === 'shop.mall.example.com');
    expect(dest).toEqual([expect.objectContaining({ ip: '192.0.2.11', port: 443, tls: true, sends: 2 })]);
  });

  it('reports a status for every catalog hook in the main process, with a reason for each that is not installed', () => {
    const rows = store.db.prepare('SELECT hook, state, reason FROM hook_status WHERE run_id = 1 AND process_id = 1').all() as { hook: string; state: string; reason: string | null }[];
    const byHook = new Map(rows.map((r) => [r.hook, r]));
    for (const spec of HOOKS) expect(byHook.has(spec.id), spec.id).toBe(true);
    for (const r of rows) if (r.state !== 'installed') expect(r.reason, r.hook).toBeTruthy();
    expect(rows.filter((r) => r.state === 'failed')).toEqual([]);
    for (const id of ['settings.secure.getString', 'telephony.getImei', 'pm.getInstalledPackages', 'lifecycle.performClick']) expect(byHook.get(id)?.state, id).toBe('installed');
  });

  it('counts per app call: Getui reads the IMEI twice before consent, not four times (getImei() forwards to getImei(int)), and console, report and dashboard agree', () => {
    const imei = events("sdk = 'getui-push' AND data_type = 'imei'");
    // Main process and :pushservice before consent, the restarted :pushservice in the background.
    expect(imei.map((e) => e.phase)).toEqual(['pre-consent', 'pre-consent', 'background']);
    expect(imei.every((e) => e.api === 'android.telephony.TelephonyManager.getImei()')).toBe(true);
    // The forwarded inner call is never an event of its own.
    expect(events("api = 'android.telephony.TelephonyManager.getImei(int)'")).toEqual([]);
    const json = JSON.parse(readFileSync(join(out, 'sdktrace-run-1.json'), 'utf8'));
    const getui = json.sdks.find((s: { id: string }) => s.id === 'getui-push');
    expect(getui.dataTypes.find((d: { dataType: string }) => d.dataType === 'imei')).toMatchObject({ count: 3, phases: { 'pre-consent': 2, background: 1 } });
    const pre = json.findings.find((f: { rule: string; message: string }) => f.rule === 'pre-consent-collection' && f.message.startsWith('Getui Push') && f.message.includes('IMEI'));
    expect(pre.message).toContain('read IMEI / device ID (IMEI/设备识别码) 2 time(s) before the user agreed');
    // The dashboard's counts come from the same rows.
    const maxId = (store.db.prepare('SELECT max(id) AS m FROM events WHERE run_id = 1').get() as { m: number }).m;
    const q = new RunQuery(store.db, 1);
    expect(q.count({ actor: 'getui-push', dataType: 'imei' }, maxId)).toBe(3);
    expect(q.count({ actor: 'getui-push', dataType: 'imei', phase: 'pre-consent' }, maxId)).toBe(2);
    // The dashboard's actor total is every stored event of the SDK; the console's per-SDK total
    // leaves out device, lifecycle and hook events (host/live/console.ts): the same rows, counted alike.
    expect(q.count({ actor: 'getui-push' }, maxId)).toBe(events("sdk = 'getui-push'").length);
    const total = events("sdk = 'getui-push' AND source = 'agent' AND kind NOT IN ('lifecycle', 'hook')").length;
    expect(consoleText).toMatch(new RegExp(`Getui Push\\s+${total}\\s+android_id, imei, imsi, installed_apps`));
  });

  it('keeps an intact hash chain and writes the report files', () => {
    expect(verifyRunChain(store.db, 1)).toMatchObject({ ok: true, problems: [] });
    const json = JSON.parse(readFileSync(join(out, 'sdktrace-run-1.json'), 'utf8'));
    expect(json.run.app.package).toBe('com.example.mall');
    expect(json.sdks.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['getui-push', 'pangle']));
    expect(existsSync(join(out, 'sdktrace-run-1.html'))).toBe(true);
  });
});
