// Issue 21, scenario state, through the real agent bundle and host path: SharedPreferences that
// survive the app's processes and conditions that read them ("initialise only if consent was
// stored"), SDK classes whose methods are scenario steps (new LocationClient(ctx).start() puts the
// SDK's own class on the stack), and cancelled scheduled work that never fires.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Scenario } from '../../emulator/index.js';
import { Store } from '../../store/db.js';
import { buildReport, type ReportModel } from '../../reports/model.js';
import { traceEmulated } from '../helpers/emulated-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-i21-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function traced(scenario: Scenario): Promise<{ store: Store; runId: number; m: ReportModel }> {
  const { store, runId } = await traceEmulated(scenario, join(dir, `run-${n++}.db`));
  return { store, runId, m: buildReport(store, runId, { lists: null }) };
}

function app(api: number, parts: { targetSdk?: number; app?: Record<string, unknown>; onCreate?: unknown[]; timeline?: unknown[]; durationMs?: number }): Scenario {
  return {
    name: 'issue 21 scenario state',
    startEpochMs: 1767225600000,
    durationMs: parts.durationMs ?? 30000,
    device: { apiLevel: api, imei: ['864213051234567'], androidId: '5c1e8a2f93b07d44', location: { latitude: 31.2304, longitude: 121.4737 } },
    app: {
      package: 'com.example.shop',
      versionName: '1.0',
      versionCode: 1,
      targetSdk: parts.targetSdk ?? api,
      permissions: { 'android.permission.INTERNET': 'granted', 'android.permission.ACCESS_FINE_LOCATION': 'granted' },
      sdks: [
        { id: 'umeng', name: 'Umeng analytics', packages: ['com.umeng.commonsdk', 'com.umeng.analytics'] },
        { id: 'baidu-location', name: 'Baidu location', packages: ['com.baidu.location'] },
      ],
      application: { class: 'com.example.shop.ShopApplication', onCreate: parts.onCreate ?? [] },
      launcher: { class: 'com.example.shop.MainActivity', onCreate: [] },
      ...(parts.app ?? {}),
    },
    timeline: parts.timeline ?? [],
  } as unknown as Scenario;
}

const PREFS = 'android.content.Context.getSharedPreferences(java.lang.String, int)';
const consentStored = { call: 'android.content.SharedPreferences.getBoolean(java.lang.String, boolean)', on: { call: PREFS, on: '$context', args: ['privacy', 0] }, args: ['agreed', false] };
/** The app's "agree" handler: stores the decision (edit().putBoolean().apply()). */
const storeConsent = (how: 'apply' | 'commit') => [
  { call: PREFS, on: '$context', args: ['privacy', 0], as: 'sp' },
  { call: 'android.content.SharedPreferences.edit()', on: '$sp', as: 'ed' },
  { call: 'android.content.SharedPreferences$Editor.putBoolean(java.lang.String, boolean)', on: '$ed', args: ['agreed', true] },
  { call: `android.content.SharedPreferences$Editor.${how}()`, on: '$ed' },
];
/** Application.onCreate: Umeng is initialised (and reads the IMEI) only if consent was stored. */
const consentGatedInit = [{ if: consentStored, then: [{ in: 'com.umeng.commonsdk.UMConfigure.init', do: [{ read: 'android_id', as: 'aid' }] }] }];

function piByProcess(store: Store): { pid: number; hook: string }[] {
  return store.db.prepare("SELECT pid, hook FROM events WHERE kind = 'pi' AND sdk = 'umeng-common' ORDER BY id").all() as { pid: number; hook: string }[];
}

describe('android.prefs.persist: SharedPreferences survive the app’s processes; conditions read them', () => {
  it('consent stored with apply() in one process gates the SDK init in the next process only', async () => {
    const { store } = await traced(
      app(33, {
        onCreate: consentGatedInit,
        timeline: [
          { at: 2000, type: 'click', view: { text: 'Agree' }, listener: 'com.example.shop.AgreeListener', do: storeConsent('apply') },
          { at: 4000, type: 'kill', process: 'main' },
          { at: 6000, type: 'launch' },
        ],
      }),
    );
    const starts = store.db.prepare("SELECT pid FROM events WHERE kind = 'lifecycle' AND json_extract(detail, '$.type') = 'process-start' ORDER BY id").all() as { pid: number }[];
    expect(starts.length).toBe(2);
    // The first process started before consent: no init. The second read the stored decision.
    expect(piByProcess(store).map((r) => r.pid)).toEqual([starts[1]!.pid]);
  }, 120_000);

  it('apply() writes 100 ms later (QueuedWork.DELAY): killed 50 ms after apply() the decision is lost, after commit() it is kept', async () => {
    const run = (how: 'apply' | 'commit') =>
      traced(
        app(33, {
          onCreate: consentGatedInit,
          timeline: [
            { at: 2000, type: 'click', view: { text: 'Agree' }, listener: 'com.example.shop.AgreeListener', do: storeConsent(how) },
            { at: 2050, type: 'kill', process: 'main' },
            { at: 6000, type: 'launch' },
          ],
        }),
      );
    expect(piByProcess((await run('apply')).store)).toEqual([]);
    expect(piByProcess((await run('commit')).store).length).toBe(1);
  }, 120_000);

  it('without the stored decision the condition takes the else branch in every process', async () => {
    const { store } = await traced(app(33, { onCreate: consentGatedInit, timeline: [{ at: 4000, type: 'kill', process: 'main' }, { at: 6000, type: 'launch' }] }));
    expect(piByProcess(store)).toEqual([]);
  }, 120_000);

  it('android.prefs.world-readable: MODE_WORLD_READABLE throws SecurityException for apps targeting 24+, not for 23', async () => {
    // The SDK's own condition: a world-readable file (mode 1) read in a try block.
    const readWorld = { call: 'android.content.SharedPreferences.getBoolean(java.lang.String, boolean)', on: { call: PREFS, on: '$context', args: ['umeng_world', 1] }, args: ['x', true] };
    const body = [{ if: readWorld, then: [{ in: 'com.umeng.commonsdk.UMConfigure.init', do: [{ read: 'android_id', as: 'aid' }] }] }];
    const old = await traced(app(28, { targetSdk: 23, onCreate: body }));
    expect(piByProcess(old.store).length).toBe(1);
    const now = await traced(app(28, { targetSdk: 28, onCreate: body }));
    expect(piByProcess(now.store)).toEqual([]);
  }, 120_000);
});

describe('SDK classes callable as methods: new LocationClient(ctx).start() runs in the SDK’s own frames', () => {
  it('the location read carries LocationClient.start on its stack and is attributed to Baidu location', async () => {
    const classes = [
      {
        class: 'com.baidu.location.LocationClient',
        methods: [
          // The constructor keeps the application context; start() uses it.
          { decl: 'public <init>(android.content.Context)', do: [{ call: 'android.content.Context.getApplicationContext()', on: '$p0', as: 'ctx' }] },
          { decl: 'public void start()', do: [{ call: 'android.content.Context.getSystemService(java.lang.String)', on: '$ctx', args: ['location'], as: 'lm' }, { call: 'android.location.LocationManager.getLastKnownLocation(java.lang.String)', on: '$lm', args: ['gps'], as: 'loc' }] },
          { decl: 'public boolean isStarted()', do: [], returns: true },
        ],
      },
    ];
    const { store, m } = await traced(
      app(30, {
        app: { classes, libraries: ['baidu.location'] },
        onCreate: [
          { new: 'com.baidu.location.LocationClient(android.content.Context)', args: ['$context'], as: 'client' },
          { if: { call: 'com.baidu.location.LocationClient.isStarted()', on: '$client' }, then: [{ call: 'com.baidu.location.LocationClient.start()', on: '$client' }] },
        ],
      }),
    );
    const rows = store.db.prepare("SELECT hook, sdk, stack FROM events WHERE kind = 'pi' AND data_type = 'location' ORDER BY id").all() as { hook: string; sdk: string; stack: string }[];
    expect(rows.length).toBe(1);
    expect(rows[0]!.sdk).toBe('baidu-location');
    const { frames } = store.db.prepare('SELECT frames FROM stacks WHERE id = ?').get(rows[0]!.stack) as { frames: string };
    const names = (JSON.parse(frames) as [string, string][]).map(([k, meth]) => `${k}.${meth}`);
    // Innermost first: the framework call, then the SDK's own method, then the app code that called it.
    const at = names.indexOf('com.baidu.location.LocationClient.start');
    expect(at).toBeGreaterThan(0);
    expect(names.slice(at + 1)).toContain('com.example.shop.ShopApplication.onCreate');
    expect(m.sdks.find((s) => s.id === 'baidu-location')!.dataTypes.map((d) => d.dataType)).toContain('location');
  }, 120_000);
});

describe('android.alarm.cancel: cancelled scheduled work never fires, and the report shows the cancel', () => {
  const receiver = 'cn.jpush.android.service.AlarmReceiver';
  const pending = [
    { new: 'android.content.Intent(android.content.Context, java.lang.Class)', args: ['$context', { class: receiver }], as: 'i' },
    { call: 'android.app.PendingIntent.getBroadcast(android.content.Context, int, android.content.Intent, int)', args: ['$context', 0, '$i', 201326592], as: 'pi' },
    { call: 'android.content.Context.getSystemService(java.lang.String)', on: '$context', args: ['alarm'], as: 'am' },
  ];
  const arm = [...pending, { call: 'android.app.AlarmManager.set(int, long, android.app.PendingIntent)', on: '$am', args: [2, { after: 20_000 }, '$pi'] }];
  const cancel = [...pending, { call: 'android.app.AlarmManager.cancel(android.app.PendingIntent)', on: '$am', args: ['$pi'] }];
  function alarmApp(api: number, cancelled: boolean): Scenario {
    return app(api, {
      durationMs: 40_000,
      // Only once: the flag in SharedPreferences says the alarm was set (every process runs Application.onCreate).
      onCreate: [{ if: { call: 'android.content.SharedPreferences.getBoolean(java.lang.String, boolean)', on: { call: PREFS, on: '$context', args: ['jpush', 0] }, args: ['armed', false] }, then: [], else: [{ in: 'cn.jpush.android.service.AlarmHelper.schedule', do: [...arm, { call: PREFS, on: '$context', args: ['jpush', 0], as: 'sp' }, { call: 'android.content.SharedPreferences.edit()', on: '$sp', as: 'ed' }, { call: 'android.content.SharedPreferences$Editor.putBoolean(java.lang.String, boolean)', on: '$ed', args: ['armed', true] }, { call: 'android.content.SharedPreferences$Editor.commit()', on: '$ed' }] }] }],
      app: {
        sdks: [{ id: 'jpush', name: 'JPush', packages: ['cn.jpush.android', 'cn.jiguang'] }],
        components: { receivers: [{ class: receiver, process: ':pushcore', onReceive: [] }] },
      },
      timeline: [
        ...(cancelled ? [{ at: 3000, type: 'run', task: 'cn.jpush.android.api.StopTask', do: [{ in: 'cn.jpush.android.api.JPushInterface.stopPush', do: cancel }] }] : []),
        { at: 5000, type: 'background' },
        { at: 6000, type: 'kill', process: 'main' },
      ],
    });
  }
  it('API 28: the alarm set then cancelled starts no process; the arrangement says it was cancelled; uncancelled, it starts :pushcore', async () => {
    const on = await traced(alarmApp(28, false));
    const startsOn = on.m.findings.filter((f) => f.rule === 'self-start' && f.variant === 'process-start');
    expect(startsOn.map((f) => [f.sdk?.id, f.evidence.processStart?.cause?.via])).toEqual([['jpush', 'alarm']]);

    const off = await traced(alarmApp(28, true));
    const cancels = off.store.db.prepare("SELECT hook, sdk FROM events WHERE kind = 'schedule' AND json_extract(detail, '$.cancel') = 1").all() as { hook: string; sdk: string }[];
    expect(cancels).toEqual([{ hook: 'alarm.cancel', sdk: 'jpush' }]);
    const procs = off.store.db.prepare('SELECT name FROM processes ORDER BY id').all() as { name: string }[];
    expect(procs.map((p) => p.name)).toEqual(['com.example.shop']);
    const f = off.m.findings.filter((x) => x.rule === 'self-start');
    expect(f.map((x) => x.variant)).toEqual(['arrangement']);
    expect(f[0]!.message).toMatch(/set an alarm for com\.example\.shop\/cn\.jpush\.android\.service\.AlarmReceiver, cancelled 3 s later by JPush.* \(event #\d+\)\.$/);
  }, 120_000);

  it('API 28: cancel(null) throws NullPointerException for apps targeting 24+, not below; cancel(OnAlarmListener) withdraws a listener alarm', async () => {
    const nullCancel = (targetSdk: number) =>
      app(28, {
        targetSdk,
        onCreate: [
          { call: 'android.content.Context.getSystemService(java.lang.String)', on: '$context', args: ['alarm'], as: 'am' },
          { in: 'cn.jpush.android.service.AlarmHelper.stop', do: [{ call: 'android.app.AlarmManager.cancel(android.app.PendingIntent)', on: '$am', args: [null] }] },
        ],
      });
    const thrown = async (t: number) => ((await traced(nullCancel(t))).store.db.prepare("SELECT thrown FROM events WHERE hook = 'alarm.cancel'").all() as { thrown: string | null }[]).map((r) => r.thrown);
    expect(await thrown(24)).toEqual(['java.lang.NullPointerException: cancel() called with a null PendingIntent']);
    expect(await thrown(23)).toEqual([null]);

    // An OnAlarmListener alarm 5 s from now whose onAlarm reads the Android ID; cancelled or not.
    const listener = (cancel: boolean) =>
      app(28, {
        app: {
          classes: [
            {
              class: 'com.umeng.commonsdk.internal.Tick',
              implements: ['android.app.AlarmManager$OnAlarmListener'],
              methods: [{ decl: 'public void onAlarm()', do: [{ read: 'android_id', as: 'aid' }] }],
            },
          ],
        },
        onCreate: [
          { call: 'android.content.Context.getSystemService(java.lang.String)', on: '$context', args: ['alarm'], as: 'am' },
          { new: 'com.umeng.commonsdk.internal.Tick()', as: 'tick' },
          { new: 'android.os.Handler(android.os.Looper)', args: ['$looper'], as: 'h' },
          { call: 'android.app.AlarmManager.set(int, long, java.lang.String, android.app.AlarmManager$OnAlarmListener, android.os.Handler)', on: '$am', args: [3, { after: 5000 }, 'um', '$tick', '$h'] },
          ...(cancel ? [{ call: 'android.app.AlarmManager.cancel(android.app.AlarmManager$OnAlarmListener)', on: '$am', args: ['$tick'] }] : []),
        ],
      });
    const reads = async (cancel: boolean) => piByProcess((await traced(listener(cancel))).store).length;
    expect(await reads(false)).toBe(1);
    expect(await reads(true)).toBe(0);
  }, 120_000);

  it('API 33: JobScheduler.cancelAll withdraws a scheduled job before it runs', async () => {
    const job = (cancelAll: boolean) =>
      app(33, {
        durationMs: 30_000,
        onCreate: [
          {
            in: 'cn.jiguang.core.JCoreJob.schedule',
            do: [
              { call: 'android.content.Context.getSystemService(java.lang.String)', on: '$context', args: ['jobscheduler'], as: 'js' },
              { new: 'android.content.ComponentName(java.lang.String, java.lang.String)', args: ['com.example.shop', 'cn.jpush.android.service.DaemonJob'], as: 'cn' },
              { new: 'android.app.job.JobInfo$Builder(int, android.content.ComponentName)', args: [7, '$cn'], as: 'b' },
              { call: 'android.app.job.JobInfo$Builder.setMinimumLatency(long)', on: '$b', args: [20_000] },
              { call: 'android.app.job.JobInfo$Builder.build()', on: '$b', as: 'info' },
              { call: 'android.app.job.JobScheduler.schedule(android.app.job.JobInfo)', on: '$js', args: ['$info'] },
              ...(cancelAll ? [{ call: 'android.app.job.JobScheduler.cancelAll()', on: '$js' }] : []),
            ],
          },
        ],
        app: {
          sdks: [{ id: 'jpush', name: 'JPush', packages: ['cn.jpush.android', 'cn.jiguang'] }],
          components: { services: [{ class: 'cn.jpush.android.service.DaemonJob', process: ':pushcore', superclass: 'android.app.job.JobService', permission: 'android.permission.BIND_JOB_SERVICE', onStartJob: [] }] },
        },
        timeline: [{ at: 5000, type: 'background' }, { at: 6000, type: 'kill', process: 'main' }],
      });
    const kept = await traced(job(false));
    expect((kept.store.db.prepare('SELECT name FROM processes ORDER BY id').all() as { name: string }[]).map((p) => p.name)).toEqual(['com.example.shop', 'com.example.shop:pushcore']);
    const gone = await traced(job(true));
    expect((gone.store.db.prepare('SELECT name FROM processes ORDER BY id').all() as { name: string }[]).map((p) => p.name)).toEqual(['com.example.shop']);
    expect(gone.store.db.prepare("SELECT hook FROM events WHERE kind = 'schedule' ORDER BY id").all()).toEqual([{ hook: 'job.schedule' }, { hook: 'job.cancelAll' }]);
    expect(gone.m.findings.filter((x) => x.rule === 'self-start').map((x) => x.message)).toEqual([expect.stringMatching(/scheduled a job \(com\.example\.shop\/cn\.jpush\.android\.service\.DaemonJob\), cancelled 0 s later by Jiguang JCore.* \(event #\d+\)\.$/)]);
  }, 120_000);
});

describe('android.service.temp-allowlist: a broadcast sent with a temporary allowlist (high-priority FCM) lets the app start services from the background', () => {
  /** The app has been in the background 70 s when a push message arrives; its receiver starts the push service. */
  function pushed(api: number, via: 'service' | 'foreground-service', allowlistMs: number | undefined): Scenario {
    // A real push service started with startForegroundService calls startForeground at once (a phone kills the app otherwise).
    const keepForeground = [{ in: 'cn.jpush.android.service.PushService.keepAlive', do: [{ call: 'android.app.Service.startForeground(int,android.app.Notification)', args: [1, { call: 'android.app.Notification$Builder.build()', args: [], on: { new: 'android.app.Notification$Builder(android.content.Context)', args: ['$context'] } }], on: '$this' }] }];
    return app(api, {
      durationMs: 80_000,
      app: {
        permissions: { 'android.permission.INTERNET': 'granted', 'android.permission.ACCESS_FINE_LOCATION': 'granted', 'android.permission.FOREGROUND_SERVICE': 'granted' },
        sdks: [{ id: 'jpush', name: 'JPush', packages: ['cn.jpush.android'] }],
        components: {
          services: [{ class: 'cn.jpush.android.service.PushService', onCreate: [], ...(via === 'foreground-service' ? { onStartCommand: keepForeground } : {}) }],
          receivers: [
            {
              class: 'cn.jpush.android.service.PushReceiver',
              actions: ['com.google.android.c2dm.intent.RECEIVE'],
              exported: true,
              onReceive: [{ in: 'cn.jpush.android.service.PushReceiver.onMessage', do: [{ start: { via, package: 'com.example.shop', component: 'cn.jpush.android.service.PushService' } }] }],
            },
          ],
        },
      },
      timeline: [
        { at: 2000, type: 'background' },
        { at: 72_000, type: 'broadcast', action: 'com.google.android.c2dm.intent.RECEIVE', reason: 'push', ...(allowlistMs === undefined ? {} : { allowlistMs }) },
      ],
    });
  }
  const outcome = (store: Store) =>
    (store.db.prepare("SELECT e.thrown FROM events e JOIN launches l ON l.event_id = e.id WHERE l.component LIKE '%PushService' ORDER BY e.id").all() as { thrown: string | null }[]).map((r) => r.thrown?.split(':')[0] ?? null);
  it('API 31: refused without the allowlist, started with it (service and foreground service); API 26: the same for a service', async () => {
    expect(outcome((await traced(pushed(31, 'service', undefined))).store)).toEqual(['android.app.BackgroundServiceStartNotAllowedException']);
    expect(outcome((await traced(pushed(31, 'service', 10_000))).store)).toEqual([null]);
    expect(outcome((await traced(pushed(31, 'foreground-service', undefined))).store)).toEqual(['android.app.ForegroundServiceStartNotAllowedException']);
    expect(outcome((await traced(pushed(31, 'foreground-service', 10_000))).store)).toEqual([null]);
    expect(outcome((await traced(pushed(26, 'service', undefined))).store)).toEqual(['java.lang.IllegalStateException']);
    expect(outcome((await traced(pushed(26, 'service', 10_000))).store)).toEqual([null]);
  }, 120_000);
});
