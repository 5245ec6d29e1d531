// Issue 21 on the emulated device, through the real agent bundle, tracer, ingest, attribution and
// store (host/session/run.ts), then reported: what a handle is, and self-start / associated startup
// as Android decides them at the API levels where it differs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Scenario, validateScenario } from '../../emulator/index.js';
import { Store } from '../../store/db.js';
import { buildReport, type ReportModel } from '../../reports/model.js';
import type { Finding } from '../../reports/engine.js';
import { traceEmulated } from '../helpers/emulated-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-i21-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function traced(scenario: Scenario): Promise<{ store: Store; runId: number; m: ReportModel }> {
  const { store, runId } = await traceEmulated(scenario, join(dir, `run-${n++}.db`));
  return { store, runId: runId, m: buildReport(store, runId, { lists: null }) };
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

/** A push service in its own process, started at launch; `startMode` as the SDK's service returns it. */
function pushApp(api: number, startMode: 'START_STICKY' | 'START_NOT_STICKY' | undefined, timeline: unknown[]): Scenario {
  return app(api, {
    onCreate: [{ in: 'com.igexin.sdk.PushManager.initialize', do: [{ start: { via: 'service', package: 'com.example.shop', component: 'com.igexin.sdk.PushService' } }] }],
    app: {
      sdks: [{ id: 'getui', name: 'Getui push', packages: ['com.igexin'] }],
      components: { services: [{ class: 'com.igexin.sdk.PushService', process: ':pushservice', onCreate: [], ...(startMode === undefined ? {} : { startMode }) }] },
    },
    timeline,
  });
}

describe('android.service.sticky-restart: the system restarts a killed START_STICKY service after its restart delay', () => {
  for (const api of [28, 35]) {
    it(`API ${api}: the restarted process is a self-start linked to the START_STICKY the service returned`, async () => {
      const { store, m } = await traced(pushApp(api, undefined, [{ at: 5000, type: 'kill', process: ':pushservice' }]));
      const starts = store.db
        .prepare("SELECT e.t, p.name, json_extract(e.detail, '$.reason') AS reason, json_extract(e.detail, '$.component') AS component FROM events e JOIN processes p ON p.id = e.process_id WHERE e.kind = 'lifecycle' AND json_extract(e.detail, '$.type') = 'process-start' ORDER BY e.id")
        .all() as { t: number; name: string; reason: string; component: string | null }[];
      const push = starts.filter((s) => s.name === 'com.example.shop:pushservice');
      expect(push.map((s) => s.reason)).toEqual(['service', 'service']);
      // Killed at 5 s of the timeline; restarted SERVICE_RESTART_DURATION (1 s) later.
      const restart = push[1]!;
      // The cause: the last START_STICKY result the killed process reported.
      const sticky = store.db
        .prepare("SELECT e.id, e.t FROM events e WHERE e.kind = 'schedule' AND json_extract(e.detail, '$.via') = 'sticky-service' AND e.process_id = (SELECT min(id) FROM processes WHERE name = 'com.example.shop:pushservice') ORDER BY e.id DESC")
        .get() as { id: number; t: number };
      const f = m.findings.filter((x) => x.rule === 'self-start' && x.variant === 'process-start');
      expect(f.map((x) => [x.sdk?.id, x.evidence.processStart?.cause?.via, x.evidence.processStart?.cause?.eventId])).toEqual([['getui-push', 'sticky-service', sticky.id]]);
      expect(restart.t).toBeGreaterThan(sticky.t);
      const procs = store.db.prepare("SELECT started_at, ended_at FROM processes WHERE name = 'com.example.shop:pushservice' ORDER BY id").all() as { started_at: number; ended_at: number | null }[];
      expect(procs).toHaveLength(2);
      const gap = procs[1]!.started_at - procs[0]!.ended_at!;
      expect(gap).toBeGreaterThanOrEqual(1000);
      expect(gap).toBeLessThan(1500);
    }, 120_000);
  }

  it('a START_NOT_STICKY service is not restarted', async () => {
    const { store } = await traced(pushApp(28, 'START_NOT_STICKY', [{ at: 5000, type: 'kill', process: ':pushservice' }]));
    const n = store.db.prepare("SELECT count(*) AS n FROM processes WHERE name = 'com.example.shop:pushservice'").get() as { n: number };
    expect(n.n).toBe(1);
  }, 120_000);
});

/**
 * What a real push SDK's service does when started with startForegroundService: it calls
 * startForeground at once (a phone kills the app otherwise), holding FOREGROUND_SERVICE.
 */
const KEEP_FOREGROUND = [
  {
    in: 'cn.jpush.android.service.PushService.keepAlive',
    do: [{ call: 'android.app.Service.startForeground(int,android.app.Notification)', args: [1, { call: 'android.app.Notification$Builder.build()', args: [], on: { new: 'android.app.Notification$Builder(android.content.Context)', args: ['$context'] } }], on: '$this' }],
  },
];

/** The app goes to the background at 2 s; at `at` its SDK code starts one of the app's own services. */
function backgroundStart(api: number, at: number, via: 'service' | 'foreground-service', targetSdk = api): Scenario {
  const s = app(api, {
    app: {
      targetSdk,
      permissions: { 'android.permission.INTERNET': 'granted', 'android.permission.ACCESS_WIFI_STATE': 'granted', 'android.permission.READ_PHONE_STATE': 'granted', 'android.permission.FOREGROUND_SERVICE': 'granted' },
      sdks: [{ id: 'jpush', name: 'JPush', packages: ['cn.jpush.android'] }],
      components: { services: [{ class: 'cn.jpush.android.service.PushService', onCreate: [], ...(via === 'foreground-service' ? { onStartCommand: KEEP_FOREGROUND } : {}) }] },
    },
    timeline: [
      { at: 2000, type: 'background' },
      { at, type: 'run', process: 'main', task: 'cn.jpush.android.service.WakeHelper$1', do: [{ in: 'cn.jpush.android.service.WakeHelper.wake', do: [{ start: { via, package: 'com.example.shop', component: 'cn.jpush.android.service.PushService' } }] }] },
    ],
  });
  (s as { durationMs: number }).durationMs = at + 5000;
  return s;
}

function launchOutcome(store: Store): { thrown: string | null; ret: string | null }[] {
  return store.db.prepare("SELECT e.thrown, e.ret FROM events e JOIN launches l ON l.event_id = e.id WHERE l.component LIKE '%PushService' ORDER BY e.id").all() as { thrown: string | null; ret: string | null }[];
}

describe('android.service.background-start-limit: background service starts per API level (the app’s own services too)', () => {
  it('API 26: refused with IllegalStateException once the app has been in the background 60 s; API 25 and within 60 s: started', async () => {
    const late26 = launchOutcome((await traced(backgroundStart(26, 70_000, 'service'))).store);
    expect(late26).toHaveLength(1);
    expect(late26[0]!.thrown).toMatch(/^java\.lang\.IllegalStateException: Not allowed to start service Intent \{ cmp=com\.example\.shop\/cn\.jpush\.android\.service\.PushService \}: app is in background uid/);
    const early26 = launchOutcome((await traced(backgroundStart(26, 30_000, 'service'))).store);
    expect(early26.map((x) => x.thrown)).toEqual([null]);
    expect(early26[0]!.ret).toMatch(/ComponentName/);
    const late25 = launchOutcome((await traced(backgroundStart(25, 70_000, 'service'))).store);
    expect(late25.map((x) => x.thrown)).toEqual([null]);
    // An app targeting API 25 on an API 26 device keeps the old behaviour.
    const legacy = launchOutcome((await traced(backgroundStart(26, 70_000, 'service', 25))).store);
    expect(legacy.map((x) => x.thrown)).toEqual([null]);
  }, 120_000);

  it('API 31: the refusal is BackgroundServiceStartNotAllowedException, reported as a refused start in the launch list', async () => {
    const { store, m } = await traced(backgroundStart(31, 70_000, 'service'));
    expect(launchOutcome(store)[0]!.thrown).toMatch(/^android\.app\.BackgroundServiceStartNotAllowedException: Not allowed to start service/);
    expect(m.launches.find((l) => l.component?.endsWith('PushService'))).toMatchObject({ otherApp: false, refused: 1 });
  }, 120_000);
});

describe('android.service.fgs-background-start: foreground-service starts from the background (API 31+, apps targeting 31+)', () => {
  it('API 31: refused 18 s after leaving the foreground, allowed within the 15 s grace; API 30 allowed', async () => {
    const late31 = launchOutcome((await traced(backgroundStart(31, 20_000, 'foreground-service'))).store);
    expect(late31[0]!.thrown).toBe('android.app.ForegroundServiceStartNotAllowedException: startForegroundService() not allowed due to mAllowStartForeground false: service com.example.shop/cn.jpush.android.service.PushService');
    const grace31 = launchOutcome((await traced(backgroundStart(31, 10_000, 'foreground-service'))).store);
    expect(grace31.map((x) => x.thrown)).toEqual([null]);
    const late30 = launchOutcome((await traced(backgroundStart(30, 20_000, 'foreground-service'))).store);
    expect(late30.map((x) => x.thrown)).toEqual([null]);
    const target30 = launchOutcome((await traced(backgroundStart(31, 20_000, 'foreground-service', 30))).store);
    expect(target30.map((x) => x.thrown)).toEqual([null]);
  }, 120_000);
});

describe('android.activity.background-start: background activity starts (API 29+) are aborted silently', () => {
  const partner = [{ package: 'com.partner.news', label: 'Partner News', versionName: '1', versionCode: 1, launcher: { class: 'com.partner.news.MainActivity' }, components: { activities: [{ class: 'com.partner.news.WakeActivity', exported: true }] } }];
  function wake(api: number, at: number): Scenario {
    const s = app(api, {
      app: { sdks: [{ id: 'jpush', name: 'JPush', packages: ['cn.jpush.android'] }] },
      otherApps: partner,
      timeline: [
        { at: 2000, type: 'background' },
        { at, type: 'run', process: 'main', task: 'cn.jpush.android.service.WakeHelper$2', do: [{ in: 'cn.jpush.android.service.WakeHelper.wakeActivity', do: [{ start: { via: 'activity', package: 'com.partner.news', component: 'com.partner.news.WakeActivity' } }] }] },
      ],
    });
    (s as { durationMs: number }).durationMs = at + 5000;
    return s;
  }
  const variants = (m: ReportModel) => m.findings.filter((f) => f.rule === 'associated-startup').map((f) => f.variant);

  it('API 28: the partner app is started (confirmed); API 29: aborted, an unconfirmed attempt; API 29 within the 10 s grace: started', async () => {
    expect(variants((await traced(wake(28, 20_000))).m)).toEqual(['confirmed']);
    expect(variants((await traced(wake(29, 20_000))).m)).toEqual(['attempt']);
    expect(variants((await traced(wake(29, 8_000))).m)).toEqual(['confirmed']);
  }, 120_000);
});

describe('android.provider.wake: another app querying the traced app’s exported provider starts its process', () => {
  function providerWake(api: number): Scenario {
    return app(api, {
      app: {
        sdks: [{ id: 'jpush', name: 'JPush', packages: ['cn.jpush.android', 'cn.jiguang'] }],
        components: { providers: [{ class: 'cn.jpush.android.service.DataProvider', process: ':pushcore', exported: true, authority: 'com.example.shop.DataProvider', onQuery: [{ in: 'cn.jiguang.core.JCoreHelper.wake', do: [{ read: 'android_id', as: 'aid' }] }] }] },
      },
      otherApps: [{ package: 'com.partner.news', label: 'Partner News', versionName: '1', versionCode: 1, launcher: { class: 'com.partner.news.MainActivity' } }],
      timeline: [{ at: 5000, type: 'provider', from: 'com.partner.news', authority: 'com.example.shop.DataProvider', op: 'query' }],
    });
  }
  for (const api of [28, 35]) {
    it(`API ${api}: the :pushcore process starts with reason provider, and the query reaches the provider`, async () => {
      const { store, m } = await traced(providerWake(api));
      const starts = store.db
        .prepare("SELECT p.name, json_extract(e.detail, '$.reason') AS reason FROM events e JOIN processes p ON p.id = e.process_id WHERE e.kind = 'lifecycle' AND json_extract(e.detail, '$.type') = 'process-start' AND p.name LIKE '%:pushcore'")
        .all() as { name: string; reason: string }[];
      expect(starts).toEqual([{ name: 'com.example.shop:pushcore', reason: 'provider' }]);
      const read = store.db.prepare("SELECT p.name FROM events e JOIN processes p ON p.id = e.process_id WHERE e.kind = 'pi' AND e.data_type = 'android_id'").all() as { name: string }[];
      expect(read).toEqual([{ name: 'com.example.shop:pushcore' }]);
      expect(m.findings.filter((f) => f.rule === 'self-start' && f.variant === 'process-start').map((f) => [f.sdk?.id, f.evidence.processStart?.reason])).toEqual([['jpush', 'provider']]);
    }, 120_000);
  }
  // The same wake from the other app's own code (its receiver calls ContentResolver.query, as the
  // JPush of one app does to another's DataProvider): the call reaches the provider too.
  for (const api of [28, 35]) {
    it(`API ${api}: another app's ContentResolver.query starts :pushcore and reaches the provider, with the caller named`, async () => {
      const scenario = providerWake(api);
      scenario.otherApps![0]!.targetSdk = 23;
      scenario.otherApps![0]!.components = {
        receivers: [
          {
            class: 'cn.jpush.android.service.PushReceiver',
            exported: true,
            actions: ['android.net.conn.CONNECTIVITY_CHANGE'],
            onReceive: [
              {
                call: 'android.content.ContentResolver.query(android.net.Uri, java.lang.String[], java.lang.String, java.lang.String[], java.lang.String)',
                on: { call: 'android.content.Context.getContentResolver()', on: '$context' },
                args: [{ call: 'android.net.Uri.parse(java.lang.String)', args: ['content://com.example.shop.DataProvider'] }, null, null, null, null],
              },
            ],
          },
        ],
      } as never;
      scenario.timeline = [{ at: 5000, type: 'broadcast', action: 'android.net.conn.CONNECTIVITY_CHANGE', package: 'com.partner.news' }] as never;
      const { store, m } = await traced(scenario);
      const read = store.db.prepare("SELECT p.name FROM events e JOIN processes p ON p.id = e.process_id WHERE e.kind = 'pi' AND e.data_type = 'android_id'").all() as { name: string }[];
      expect(read).toEqual([{ name: 'com.example.shop:pushcore' }]);
      const starts = m.findings.filter((f) => f.rule === 'self-start' && f.variant === 'process-start');
      // API 35: the start reason comes first from ApplicationStartInfo, which names no caller; the
      // rule still says another app did (no process of the app queried its provider).
      expect(starts.map((f) => [f.sdk?.id, f.evidence.processStart?.reason, f.evidence.processStart?.caller])).toEqual([['jpush', 'provider', api >= 35 ? null : 'com.partner.news']]);
      expect(starts[0]!.message).toContain(api >= 35 ? '(no process of the app queried its provider: another app did)' : 'sent by com.partner.news');
    }, 120_000);
  }
});

describe('scenario payloads: several values, formatted numbers, nested encodings', () => {
  it('a base64 of JSON holding the IMEI and a position at 2 decimals are both found in what is sent', async () => {
    const { m } = await traced(
      app(28, {
        device: { location: { latitude: 31.238457, longitude: 121.481243, accuracy: 15, provider: 'network' } },
        app: {
          permissions: { 'android.permission.INTERNET': 'granted', 'android.permission.READ_PHONE_STATE': 'granted', 'android.permission.ACCESS_FINE_LOCATION': 'granted' },
          usesCleartextTraffic: true,
          sdks: [{ id: 'baidu', name: 'Baidu location', packages: ['com.baidu.location'] }],
        },
        onCreate: [
          {
            in: ['com.baidu.location.LocationClient.start', 'com.baidu.location.b.a'],
            do: [
              { read: 'imei', as: 'imei' },
              { read: 'location', as: 'loc' },
              { format: '{"imei":"{{$imei}}","os":"android"}', as: 'dev' },
              // Off the main thread (the main thread would get NetworkOnMainThreadException).
              { thread: 'bdloc-net', task: 'com.baidu.location.b.a$1', do: [{ http: { url: 'http://loc.map.baidu.com/sdk.php', body: 'd={{base64:$dev}}&ll={{fixed2:lat:$loc}},{{fixed2:lng:$loc}}' } }] },
            ],
          },
        ],
      }),
    );
    const flows = m.dataFlows.map((f) => [f.dataType, f.encoding, f.where]);
    expect(flows).toContainEqual(['imei', 'raw', 'sample (base64 blob)']);
    expect(flows).toContainEqual(['location', 'raw (coordinates lat,lng, 2 decimals)', 'sample']);
  }, 120_000);
});

describe('android.activity.finish-in-oncreate: a transparent trampoline that finishes itself leaves the app in the background', () => {
  const init = { in: ['com.igexin.sdk.PushManager.initialize', 'com.igexin.push.core.e.c.a'], do: [{ read: 'imei', as: 'imei' }] };
  function trampoline(finish: boolean): Scenario {
    return app(28, {
      app: {
        sdks: [{ id: 'getui', name: 'Getui push', packages: ['com.igexin'] }],
        components: {
          activities: [
            {
              class: 'com.igexin.sdk.GActivity',
              exported: true,
              // As Getui's integration manifest declares it (react-native-getui README).
              theme: '@android:style/Theme.Translucent.NoTitleBar',
              excludeFromRecents: true,
              taskAffinity: 'com.igexin.sdk.PushActivityTask',
              // The trampoline finishes itself in onCreate (its onResume never runs).
              ...(finish ? { onCreate: [{ call: 'android.app.Activity.finish()', on: '$this' }], onResume: [{ read: 'android_id', as: 'never' }] } : {}),
            },
          ],
        },
      },
      otherApps: [{ package: 'com.partner.news', label: 'Partner News', versionName: '1', versionCode: 1, launcher: { class: 'com.partner.news.MainActivity' } }],
      timeline: [
        { at: 2000, type: 'background' },
        { at: 3000, type: 'kill', process: 'main' },
        // Getui in a partner app wakes this one through its exported GActivity.
        { at: 20_000, type: 'open', activity: 'com.igexin.sdk.GActivity', from: 'com.partner.news' },
        // Then Getui, initialised in the woken process, collects.
        { at: 25_000, type: 'run', process: 'main', task: 'com.igexin.push.core.a.b$1', do: [init] },
      ],
    });
  }
  it('Getui’s GActivity finishing in onCreate: what Getui then reads is background collection; an activity that stays is not', async () => {
    const { store, m } = await traced(trampoline(true));
    const reads = store.db.prepare("SELECT phase FROM events WHERE kind = 'pi' AND data_type = 'imei'").all() as { phase: string }[];
    expect(reads.length).toBeGreaterThan(0);
    expect([...new Set(reads.map((r) => r.phase))]).toEqual(['background']);
    expect(m.findings.filter((f) => f.rule === 'background-collection').map((f) => [f.sdk?.id, f.dataType])).toEqual([['getui-push', 'imei']]);
    expect(m.findings.find((f) => f.rule === 'background-collection')!.message).toMatch(
      /while the app had no screen in the foreground, after an invisible activity com\.igexin\.sdk\.GActivity \(translucent, excluded from recents, in its own task com\.igexin\.sdk\.PushActivityTask\) started the app without bringing it to the foreground\.$/,
    );
    const resumes = store.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'lifecycle' AND json_extract(detail, '$.type') = 'resume' AND t > (SELECT min(t) FROM events WHERE kind = 'pi')").get() as { n: number };
    expect(resumes.n).toBe(0);
    // Never resumed: its onResume never ran.
    expect(store.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'pi' AND data_type = 'android_id'").get()).toEqual({ n: 0 });
    const invisible = 'it started an invisible activity (translucent, excluded from recents, in its own task com.igexin.sdk.PushActivityTask)';
    expect(m.findings.filter((f) => f.rule === 'self-start').map((f) => f.message)).toEqual([
      `Process com.example.shop was started by activity (com.example.shop/com.igexin.sdk.GActivity), not by the user; ${invisible} that finished before it was shown, so the app stayed in the background.`,
    ]);
    const stays = await traced(trampoline(false));
    expect(stays.m.findings.filter((f) => f.rule === 'background-collection')).toEqual([]);
    expect(stays.m.findings.filter((f) => f.rule === 'self-start').map((f) => f.message)).toEqual([expect.stringMatching(new RegExp(`; ${invisible.replace(/[()]/g, '\\$&')}\\.$`))]);
  }, 120_000);
});

describe('android.activity.info-attributes: theme, excludeFromRecents and taskAffinity reach the ActivityInfo the agent reads', () => {
  // Getui's GActivity as its integration manifest declares it (react-native-getui README).
  for (const api of [26, 34]) {
    it(`API ${api}: the activity-create event carries the trampoline's translucent theme, FLAG_EXCLUDE_FROM_RECENTS and own task affinity; the launcher's defaults`, async () => {
      const { store } = await traced(
        app(api, {
          app: {
            sdks: [{ id: 'getui', name: 'Getui push', packages: ['com.igexin'] }],
            components: {
              activities: [
                {
                  class: 'com.igexin.sdk.GActivity',
                  exported: true,
                  theme: '@android:style/Theme.Translucent.NoTitleBar',
                  excludeFromRecents: true,
                  taskAffinity: 'com.igexin.sdk.PushActivityTask',
                  onCreate: [{ call: 'android.app.Activity.finish()', on: '$this' }],
                },
              ],
            },
          },
          otherApps: [{ package: 'com.partner.news', label: 'Partner News', versionName: '1', versionCode: 1, launcher: { class: 'com.partner.news.MainActivity' } }],
          timeline: [
            { at: 2000, type: 'background' },
            { at: 3000, type: 'open', activity: 'com.igexin.sdk.GActivity' },
          ],
        }),
      );
      const created = (store.db.prepare("SELECT detail FROM events WHERE kind = 'lifecycle' AND json_extract(detail, '$.type') = 'activity-create' ORDER BY t").all() as { detail: string }[]).map((r) => JSON.parse(r.detail));
      expect(created.map(({ component, theme, excludeFromRecents, taskAffinity }) => ({ component, theme, excludeFromRecents, taskAffinity }))).toEqual([
        { component: expect.stringMatching(/SplashActivity$|MainActivity$/), theme: 0, excludeFromRecents: false, taskAffinity: 'com.example.shop' },
        // android.R.style.Theme_Translucent_NoTitleBar
        { component: 'com.igexin.sdk.GActivity', theme: 0x01030010, excludeFromRecents: true, taskAffinity: 'com.igexin.sdk.PushActivityTask' },
      ]);
    }, 120_000);
  }
  it('a theme whose resource id and window attributes nobody cited is refused, naming where; these attributes belong to activities only', () => {
    const withActivity = (extra: Record<string, unknown>, kind: 'activities' | 'services' = 'activities') =>
      app(28, { app: { components: { [kind]: [{ class: 'com.example.shop.X', ...extra }] } } });
    expect(() => validateScenario(withActivity({ theme: '@style/AppTheme.Transparent' }))).toThrow(/app\.components\.activities\[0\]\.theme/);
    expect(() => validateScenario(withActivity({ excludeFromRecents: true }, 'services'))).toThrow(/app\.components\.services\[0\]\.excludeFromRecents: only activities/);
  });
});

describe('an alarm-driven start before API 33 keeps its cause (scenario: alarms relative to now, re-armed, Intent(Context, Class))', () => {
  const receiver = 'cn.jpush.android.service.AlarmReceiver';
  const arm = [
    { new: 'android.content.Intent(android.content.Context, java.lang.Class)', args: ['$context', { class: receiver }], as: 'i' },
    { call: 'android.app.PendingIntent.getBroadcast(android.content.Context, int, android.content.Intent, int)', args: ['$context', 0, '$i', 201326592], as: 'pi' },
    { call: 'android.content.Context.getSystemService(java.lang.String)', on: '$context', args: ['alarm'], as: 'am' },
    // ELAPSED_REALTIME_WAKEUP, 60 s from now.
    { call: 'android.app.AlarmManager.set(int, long, android.app.PendingIntent)', on: '$am', args: [2, { after: 60_000 }, '$pi'] },
  ];
  function alarmApp(api: number): Scenario {
    const s = app(api, {
      onCreate: [{ in: ['cn.jpush.android.service.AlarmHelper.schedule', 'cn.jpush.android.service.AlarmHelper.a'], do: arm }],
      app: {
        sdks: [{ id: 'jpush', name: 'JPush', packages: ['cn.jpush.android', 'cn.jiguang'] }],
        // The receiver re-arms the alarm each time it runs.
        components: { receivers: [{ class: receiver, process: ':pushcore', onReceive: [{ in: 'cn.jpush.android.service.AlarmHelper.rearm', do: arm }] }] },
      },
      timeline: [
        { at: 2000, type: 'background' },
        { at: 3000, type: 'kill', process: 'main' },
      ],
    });
    (s as { durationMs: number }).durationMs = 70_000;
    return s;
  }
  for (const api of [28, 33]) {
    it(`API ${api}: the receiver's process start is linked to the alarm JPush set, and the alarm is re-armed`, async () => {
      const { store, m } = await traced(alarmApp(api));
      const alarms = store.db.prepare("SELECT e.id, p.name FROM events e JOIN processes p ON p.id = e.process_id WHERE e.kind = 'schedule' AND json_extract(e.detail, '$.via') = 'alarm' ORDER BY e.id").all() as { id: number; name: string }[];
      // Set at launch; in the woken process by Application.onCreate (it runs in every process) and re-armed by the receiver.
      expect(alarms.map((a) => a.name)).toEqual(['com.example.shop', 'com.example.shop:pushcore', 'com.example.shop:pushcore']);
      const f = m.findings.filter((x) => x.rule === 'self-start' && x.variant === 'process-start');
      expect(f.map((x) => [x.sdk?.id, x.evidence.processStart?.reason, x.evidence.processStart?.cause?.via, x.evidence.processStart?.cause?.eventId])).toEqual([['jpush', api < 33 ? 'receiver' : 'alarm', 'alarm', alarms[0]!.id]]);
    }, 120_000);
  }
});
