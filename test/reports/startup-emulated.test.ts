// Issue 21 on the emulated device, through the real agent bundle, tracer, ingest, attribution and
// store (host/session/run.ts), then reported: what a handle is, and self-start / associated startup
// as Android decides them at the API levels where it differs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatedDevice, type Scenario } from '../../emulator/index.js';
import { agentSource } from '../../host/commands/common.js';
import { createAttributor, sdkCatalog } from '../../host/attribution/shipped.js';
import { startRun } from '../../host/session/run.js';
import { Store } from '../../host/store/db.js';
import { buildReport, type ReportModel } from '../../reports/model.js';
import type { Finding } from '../../reports/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-i21-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function traced(scenario: Scenario): Promise<{ store: Store; runId: number; m: ReportModel }> {
  const device = new EmulatedDevice({ scenario, mode: { kind: 'max' } });
  const pkg = device.scenario.app.package;
  const store = Store.open(join(dir, `run-${n++}.db`), { create: true });
  const run = await startRun({
    store,
    device,
    deviceKind: 'emulated',
    package: pkg,
    mode: 'demo',
    agentSource: agentSource('emulated'),
    attributor: createAttributor(pkg),
    sdkCatalogVersion: sdkCatalog().version,
    launchedByUser: true,
    deviceNow: () => device.scheduler.wallNow(),
  });
  await run.tracer.spawn();
  await device.waitForScenarioEnd();
  await run.tracer.stop('scenario finished');
  device.close();
  return { store, runId: run.runId, m: buildReport(store, run.runId, { lists: null }) };
}

const key = (f: Finding) => `${f.rule}/${f.variant ?? '-'}/${f.sdk?.id ?? '-'}/${f.dataType ?? '-'}`;

/** A small app with Umeng analytics; `api` is the device's API level. */
function app(api: number, parts: { onCreate?: unknown[]; app?: Record<string, unknown>; timeline?: unknown[]; device?: Record<string, unknown>; otherApps?: unknown[] }): Scenario {
  return {
    name: 'issue 21',
    startEpochMs: 1767225600000,
    durationMs: 30000,
    device: { apiLevel: api, imei: ['864213051234567'], androidId: '5c1e8a2f93b07d44', wifi: { ssid: '"Office-5G"', bssid: 'a4:56:02:3c:7e:10', mac: '3c:cd:5d:91:22:0e', ip: '192.168.31.104' }, ...(parts.device ?? {}) },
    app: {
      package: 'com.example.shop',
      versionName: '1.0',
      versionCode: 1,
      targetSdk: api,
      permissions: { 'android.permission.INTERNET': 'granted', 'android.permission.ACCESS_WIFI_STATE': 'granted', 'android.permission.READ_PHONE_STATE': 'granted' },
      sdks: [{ id: 'umeng', name: 'Umeng analytics', packages: ['com.umeng.commonsdk', 'com.umeng.analytics'] }],
      application: { class: 'com.example.shop.ShopApplication', onCreate: parts.onCreate ?? [] },
      launcher: { class: 'com.example.shop.MainActivity', onCreate: [] },
      ...(parts.app ?? {}),
    },
    ...(parts.otherApps === undefined ? {} : { otherApps: parts.otherApps }),
    timeline: parts.timeline ?? [],
  } as unknown as Scenario;
}

describe('a handle is not data: the data type is what is read from it', () => {
  it('WifiManager.getConnectionInfo then getMacAddress is MAC collection, not Wi-Fi information', async () => {
    const { store, m } = await traced(app(28, { onCreate: [{ in: 'com.umeng.commonsdk.statistics.common.DeviceConfig.getMac', do: [{ read: 'mac_address', as: 'mac' }] }] }));
    const rows = store.db.prepare("SELECT hook, data_type AS dt FROM events WHERE kind = 'pi' ORDER BY id").all() as { hook: string; dt: string | null }[];
    expect(rows).toEqual([
      { hook: 'wifi.getConnectionInfo', dt: null },
      { hook: 'wifiInfo.getMacAddress', dt: 'mac_address' },
    ]);
    expect(m.findings.map(key).filter((k) => k.startsWith('pre-consent'))).toEqual(['pre-consent-collection/before-consent/umeng-common/mac_address']);
    expect(m.sdks.find((s) => s.id === 'umeng-common')!.dataTypes.map((d) => d.dataType)).toEqual(['mac_address']);
  }, 120_000);
});
