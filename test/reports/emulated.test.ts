// Findings on the emulated device: runs traced through host/session/run.ts (the real agent
// bundle, tracer, ingest, attribution, store), then reported. The demo app gives the expected
// findings and no others; a compliant variant of a small app gives none; small scenarios trigger
// the rules the demo does not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoScenarioPath, type Scenario } from '../../emulator/index.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { Store } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { loadDeclaredLists, parseDeclaredLists } from '../../reports/lists/load.js';
import { buildReport, type ReportModel } from '../../reports/model.js';
import { buildPack } from '../../reports/pack/export.js';
import { verifyPack as verifyWith } from '../../reports/pack/verify.js';
import { replayRun } from '../../host/ingest/replay.js';

const verifyPack = (b: Uint8Array) => verifyWith(b, { replay: replayRun });
import type { Finding } from '../../reports/engine.js';
import { traceEmulated } from '../helpers/emulated-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-emu-rep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function trace(scenario: string | Scenario, name: string): Promise<{ store: Store; runId: number }> {
  const { store, runId } = await traceEmulated(scenario, join(dir, `${name}.db`));
  return { store, runId: runId };
}

const key = (f: Finding) => `${f.rule}/${f.variant ?? '-'}/${f.sdk?.id ?? '-'}/${f.dataType ?? '-'}`;

describe('the demo app on the emulated device', () => {
  let m: ReportModel;
  let store: Store;
  let runId: number;

  it('traces the demo and reports it against the shipped declared lists', async () => {
    ({ store, runId } = await trace(demoScenarioPath(), 'demo'));
    const lists = loadDeclaredLists(new URL('../../data/policies/demo-mall.lists.json', import.meta.url).pathname, sdkCatalog());
    m = buildReport(store, runId, { lists });
    expect(m.consent).toMatchObject({ detected: true, marks: [expect.objectContaining({ state: 'granted', source: 'click', text: '同意' })] });
  }, 120_000);

  it('follows the push SDK\'s IMEI and app list through gzip, AES and Base64 to its host (issue 14)', () => {
    const hidden = m.encryptedFlows.filter((f) => f.actor === 'getui-push' && f.host === 'sdk.open.phone.igexin.com');
    // One entry per value: the IMEI and each package name in the list.
    expect([...new Set(hidden.map((f) => f.dataType))].sort()).toEqual(['imei', 'installed_apps']);
    expect(hidden.some((f) => f.dataType === 'installed_apps' && f.value === 'com.tencent.mm')).toBe(true);
    for (const f of hidden) {
      expect(f.steps.map((s) => s.label)).toEqual(['gzip', 'AES/CBC/PKCS5Padding (128-bit key)', 'base64']);
      expect(f).toMatchObject({ tls: true, appEncrypted: true, readBy: 'getui-push' });
    }
  });

  it('decodes the ad SDK\'s HTTP/2 request (bundled OkHttp, ALPN h2) and matches its android_id (issue 14)', () => {
    const h2 = m.dataFlows.filter((f) => f.proto === 'h2' && f.actor === 'pangle');
    expect(h2.length).toBeGreaterThan(0);
    expect(h2[0]).toMatchObject({ dataType: 'android_id', host: 'api-access.pangolin-sdk-toutiao.com', url: 'https://api-access.pangolin-sdk-toutiao.com/api/ad/union/sdk/stats/batch/', tls: true });
    expect(h2[0]!.excerpt).toContain('android_id');
    expect(m.network.find((n) => n.host === 'api-access.pangolin-sdk-toutiao.com')?.protos).toContain('h2');
  });

  it('has the expected findings and no others', () => {
    expect(m.findings.map(key).sort()).toEqual(
      [
        // Getui reads identifiers and the app list in Application.onCreate, before the user agrees.
        'pre-consent-collection/before-consent/getui-push/android_id',
        'pre-consent-collection/before-consent/getui-push/imei',
        'pre-consent-collection/before-consent/getui-push/imsi',
        'pre-consent-collection/before-consent/getui-push/installed_apps',
        // …and again in its push process while the app is in the background.
        'background-collection/-/getui-push/android_id',
        'background-collection/-/getui-push/imei',
        'background-collection/-/getui-push/imsi',
        'background-collection/-/getui-push/installed_apps',
        // The killed push process is restarted by the system (START_STICKY); a push makes it bind a partner app's service, whose process starts.
        'self-start/process-start/getui-push/-',
        'associated-startup/confirmed/getui-push/-',
        // Each time its PushService is created (launch, sticky restart) Getui tries to start the
        // partner's PushService; Android 8+ refuses it while the partner is not running.
        'associated-startup/refused/getui-push/-',
        // Its PushService keeps the framework's START_STICKY: the system restarts it when killed.
        'self-start/arrangement/getui-push/-',
        // Plaintext: Getui's native channel and Pangle's HTTP log.
        'plaintext-transmission/-/getui-push/android_id',
        'plaintext-transmission/-/getui-push/imsi',
        'plaintext-transmission/-/pangle/android_id',
        'plaintext-transmission/-/pangle/imei',
        'plaintext-transmission/-/pangle/location',
        'installed-apps/list/getui-push/installed_apps',
        // The lists give Getui neither IMSI nor the app list. Its native library's connection is
        // named by its own getaddrinfo answer (sdk.open.talk.igexin.com, a declared domain), so the
        // IMSI it sends there is an undeclared data type, not an undeclared destination.
        'undisclosed-collection/type-not-listed/getui-push/imsi',
        'undisclosed-collection/type-not-listed/getui-push/installed_apps',
        'undisclosed-sharing/undeclared-data-type/getui-push/imsi',
        // The app list leaves base64-encoded in its register and applist requests.
        'undisclosed-sharing/undeclared-data-type/getui-push/installed_apps',
        'undisclosed-sharing/undeclared-destination/pangle/android_id',
        'undisclosed-sharing/undeclared-destination/pangle/imei',
        'undisclosed-sharing/undeclared-destination/pangle/location',
      ].sort(),
    );
  });

  it('backs findings with evidence from the run', () => {
    const start = m.findings.find((f) => f.rule === 'self-start')!;
    // Killed at 60 s, Getui's START_STICKY PushService is restarted by the system 1 s later (so the
    // push at 75 s reaches a running process): the start is linked to the START_STICKY result.
    expect(start.evidence.processStart).toMatchObject({ reason: 'service', name: 'com.example.mall:pushservice', component: 'com.example.mall/com.igexin.sdk.PushService', spawnedBy: 'device', cause: { via: 'sticky-service', actor: 'getui-push' } });
    // At 80 s Getui in the partner app starts the transparent GActivity, which finishes in
    // onCreate after starting Getui's PushService: the app stays in the background.
    const tramp = store.db
      .prepare("SELECT e.phase, e.thrown FROM events e JOIN launches l ON l.event_id = e.id WHERE l.component = 'com.example.mall/com.igexin.sdk.PushService' AND e.t >= (SELECT min(t) FROM events) + 80000")
      .all() as { phase: string; thrown: string | null }[];
    expect(tramp).toEqual([{ phase: 'background', thrown: null }]);
    const refused = m.findings.find((f) => f.rule === 'associated-startup' && f.variant === 'refused')!;
    expect(refused).toMatchObject({ count: 2, evidence: { launch: { via: 'service', targetPackage: 'com.partner.news', confirmedEventId: null } } });
    expect(refused.message).toMatch(/refused by the system \(IllegalStateException: Not allowed to start service .*app is in background uid null\)/);
    const assoc = m.findings.find((f) => f.rule === 'associated-startup' && f.variant === 'confirmed')!;
    expect(assoc.evidence.launch).toMatchObject({ via: 'bind', targetPackage: 'com.partner.news', confirmedEventId: expect.any(Number) });
    const spawn = store.db.prepare('SELECT kind, detail FROM events WHERE id = ?').get(assoc.evidence.launch!.confirmedEventId) as { kind: string; detail: string };
    expect(spawn.kind).toBe('device');
    expect(JSON.parse(spawn.detail)).toMatchObject({ type: 'spawn', package: 'com.partner.news', other: true });
    const pre = m.findings.find((f) => f.rule === 'pre-consent-collection' && f.dataType === 'android_id')!;
    const s = pre.evidence.stack!;
    expect(String(s.frames[s.decisive!]![0])).toMatch(/^com\.igexin\./);
    const plain = m.findings.find((f) => f.rule === 'plaintext-transmission' && f.sdk?.id === 'pangle' && f.dataType === 'imei')!;
    expect(plain.evidence.flows![0]).toMatchObject({ host: 'extlog.snssdk.com', tls: false, port: 80 });
    expect(plain.evidence.matches![0]).toMatchObject({ value: '864213051234567', encoding: 'raw', readBy: 'pangle' });
    // Getui read the IMEI first; the evidence points at Pangle's own read.
    expect(store.db.prepare('SELECT sdk FROM events WHERE id = ?').get(plain.evidence.matches![0]!.piEventId)).toEqual({ sdk: 'pangle' });
    // Umeng's MD5 of the IMEI reaches its declared destination: a data flow, not a finding.
    expect(m.dataFlows.find((f) => f.actor === 'umeng-common' && f.dataType === 'imei')).toMatchObject({ host: 'ulogs.umeng.com', encoding: 'md5', tls: true });
    // Shanyan sends what the China Mobile SDK it calls read; declared through Shanyan's entry.
    expect(m.sdks.find((x) => x.id === 'cmcc-auth')!.dataTypes.every((d) => d.declared)).toBe(true);
  });

  it('stored phases (console, dashboard) and the report’s phases agree event by event', () => {
    // Ingest and the report run the one phase algorithm (analysis/phase.ts) with the run's config;
    // buildReport left its analysis table (temp.sdktrace_ev) on this connection.
    const rows = store.db
      .prepare(`SELECT e.id, e.phase AS stored, p.phase AS report FROM events e JOIN temp.sdktrace_ev p ON p.id = e.id WHERE e.run_id = ?`)
      .all(runId) as { id: number; stored: string; report: string }[];
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.stored !== r.report)).toEqual([]);
  });

  it('exports a pack that verifies, and catches a tampered event in it', () => {
    const pack = buildPack(store, runId, { catalog: sdkCatalog() });
    expect(verifyPack(pack.zip).ok).toBe(true);
    expect(verifyRunChain(store.db, runId).ok).toBe(true);
  });
});

/** A small app: one analytics SDK (Umeng's real packages), its own server, a privacy dialog. */
function smallApp(overrides: { onCreate?: unknown[]; click?: unknown[]; clickText?: string; later?: unknown[]; timeline?: unknown[] } = {}): Scenario {
  return {
    name: 'small app',
    startEpochMs: 1767225600000,
    durationMs: 20000,
    device: { apiLevel: 28, imei: ['864213051234567'], imsi: '460001234567890', androidId: '5c1e8a2f93b07d44', hosts: { 'ulogs.umeng.com': '198.51.100.60', 'api.shop.example.com': '192.0.2.10' }, installedApps: [{ package: 'com.tencent.mm', label: 'WeChat' }] },
    app: {
      package: 'com.example.shop',
      versionName: '1.0',
      versionCode: 1,
      targetSdk: 28,
      usesCleartextTraffic: true,
      permissions: { 'android.permission.INTERNET': 'granted', 'android.permission.READ_PHONE_STATE': 'granted' },
      sdks: [{ id: 'umeng', name: 'Umeng analytics', packages: ['com.umeng.commonsdk', 'com.umeng.analytics'] }],
      executors: { umeng: { threads: 1 } },
      application: { class: 'com.example.shop.ShopApplication', onCreate: overrides.onCreate ?? [] },
      launcher: { class: 'com.example.shop.MainActivity', onCreate: [] },
      components: { services: [{ class: 'com.example.shop.SyncService', onCreate: [], startMode: 'START_NOT_STICKY' }] },
    },
    timeline: [
      {
        at: 2000,
        type: 'click',
        view: { class: 'android.widget.Button', text: overrides.clickText ?? '同意' },
        listener: 'com.example.shop.PrivacyDialog$1',
        do: overrides.click ?? [
          {
            in: 'com.umeng.commonsdk.UMConfigure.init',
            do: [
              { execute: 'umeng', task: 'com.umeng.commonsdk.internal.d$1', do: [{ in: 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidID', do: [{ read: 'android_id', as: 'aid' }] }, { http: { url: 'https://ulogs.umeng.com/unify_logs', body: '{"android_id":"{{$aid}}"}' } }] },
            ],
          },
          { start: { via: 'service', package: 'com.example.shop', component: 'com.example.shop.SyncService' } },
        ],
      },
      ...((overrides.timeline ?? []) as never[]),
    ],
  } as unknown as Scenario;
}

const SMALL_LISTS = {
  format: 'sdktrace-declared-lists/1',
  app: { package: 'com.example.shop', domains: ['shop.example.com'] },
  collected: [],
  sharing: [{ sdk: 'umeng-common', dataTypes: ['android_id'], purpose: 'statistics', domains: ['umeng.com'] }],
};

describe('small apps on the emulated device', () => {
  it('a compliant app: reads after consent, over TLS, to declared destinations, starting only itself — no findings', async () => {
    const { store, runId } = await trace(smallApp(), 'compliant');
    const m = buildReport(store, runId, { lists: parseDeclaredLists(JSON.stringify(SMALL_LISTS), { catalog: sdkCatalog() }) });
    expect(m.findings.map(key)).toEqual([]);
    expect(m.rules.every((r) => r.evaluated)).toBe(true);
    expect(m.dataFlows.map((f) => [f.actor, f.host, f.dataType, f.tls])).toEqual([['umeng-common', 'ulogs.umeng.com', 'android_id', true]]);
    expect(m.launches.map((l) => [l.targetPackage, l.otherApp])).toEqual([['com.example.shop', false]]);
  }, 120_000);

  it('the same SDK read before consent, after a refusal, too often, and sent in plaintext', async () => {
    const read = { in: 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidID', do: [{ read: 'android_id', as: 'aid' }] };
    const scenario = smallApp({
      onCreate: [{ in: 'com.umeng.commonsdk.UMConfigure.preInit', do: [read, read, read, read, read, read, { read: 'imei', as: 'imei' }] }],
      clickText: '不同意',
      // The listener reads on the main thread (re-phased with the refusal) and sends from Umeng's pool.
      click: [{ in: 'com.umeng.commonsdk.UMConfigure.init', do: [read, { execute: 'umeng', task: 'com.umeng.commonsdk.internal.d$1', do: [read, { http: { url: 'http://ulogs.umeng.com/unify_logs', body: 'aid={{$aid}}' } }] }] }],
    });
    const { store, runId } = await trace(scenario, 'violating');
    const m = buildReport(store, runId, { lists: parseDeclaredLists(JSON.stringify(SMALL_LISTS), { catalog: sdkCatalog() }) });
    const keys = m.findings.map(key).sort();
    expect(keys).toEqual(
      [
        'over-frequency/-/umeng-common/android_id',
        'plaintext-transmission/-/umeng-common/android_id',
        'pre-consent-collection/after-refusal/umeng-common/android_id',
        'pre-consent-collection/before-consent/umeng-common/android_id',
        'pre-consent-collection/before-consent/umeng-common/imei',
        'undisclosed-collection/type-not-listed/umeng-common/imei',
      ].sort(),
    );
    expect(m.findings.find((f) => f.rule === 'over-frequency')!.evidence.window).toMatchObject({ count: 8, limit: 5 });
    expect(m.findings.find((f) => f.variant === 'after-refusal')).toMatchObject({ count: 2, phases: { refused: 2 } });
  }, 120_000);
});
