// Android 12's background foreground-service start restriction reaches Service.startForeground
// too (conformance: android.service.fgs-background-start): a plain startService records whether
// its caller could have started a foreground service then, and that record (or, for a late call,
// the app's own state) decides startForeground. Each case runs an app that leaves the foreground
// and later starts its own service with startService, traced by the real agent bundle; the test
// reads what the startForeground hook saw thrown. Exemptions the emulator does not model must
// stop the run loudly rather than let the call through.
import { describe, expect, it } from 'vitest';
import type { Action, Scenario } from '../../emulator/scenario/schema.js';
import { traceScenario } from './trace.js';

const PKG = 'com.example.fgs';
const call = (ref: string, args: unknown[] = [], on?: unknown) => ({ call: ref, args, ...(on === undefined ? {} : { on }) });
const notification = call('android.app.Notification$Builder.build()', [], { new: 'android.app.Notification$Builder(android.content.Context)', args: ['$context'] });

interface Case {
  api: number;
  target: number;
  /** When the app's activity leaves the foreground. */
  backgroundAt: number;
  /** When the app calls startService (a plain start) on its own service. */
  startAt: number;
  /** startForeground this long after onStartCommand (0: inside it). */
  foregroundAfter?: number;
  permissions?: string[];
  /** A timeline entry (the system, caller unknown) starts the service instead of the app. */
  byTimeline?: boolean;
  /** After the first startForeground the service calls stopForeground(true), then startForeground again this much later. */
  againAfter?: number;
}

function scenario(k: Case): Scenario {
  // The service keeps itself in a list so that a task posted for later can call startForeground on it.
  const foreground = call('android.app.Service.startForeground(int,android.app.Notification)', [7, notification], call('java.util.ArrayList.get(int)', [0], '$self'));
  const onStartCommand: Action[] = [
    { new: 'java.util.ArrayList()', as: 'self' } as Action,
    call('java.util.ArrayList.add(java.lang.Object)', ['$this'], '$self') as Action,
    (k.foregroundAfter ?? 0) > 0 ? ({ post: 'main', delayMs: k.foregroundAfter, task: 'com.sdk.keep.Later', do: [foreground] } as Action) : (foreground as Action),
  ];
  if (k.againAfter !== undefined) {
    onStartCommand.push(call('android.app.Service.stopForeground(boolean)', [true], '$this') as Action);
    onStartCommand.push({ post: 'main', delayMs: k.againAfter, task: 'com.sdk.keep.Again', do: [foreground] } as Action);
  }
  const intent = call('android.content.Intent.setClassName(java.lang.String,java.lang.String)', [PKG, `${PKG}.Keep`], { new: 'android.content.Intent()', args: [] });
  const permissions = Object.fromEntries(['FOREGROUND_SERVICE', ...(k.permissions ?? [])].map((p) => [p.includes('.') ? p : `android.permission.${p}`, 'granted']));
  const end = k.startAt + (k.foregroundAfter ?? 0) + (k.againAfter ?? 0) + 2000;
  return {
    name: `startForeground after startService at API ${k.api}`,
    device: { apiLevel: k.api, imei: ['861234567890123'], androidId: '9774d56d682e549c' },
    app: {
      package: PKG,
      targetSdk: k.target,
      permissions,
      launcher: { class: `${PKG}.MainActivity` },
      components: { services: [{ class: `${PKG}.Keep`, onStartCommand: [{ in: 'com.sdk.keep.Alive.up', do: onStartCommand } as Action] }] },
      sdks: [{ id: 'keep', name: 'Keep-alive SDK', packages: ['com.sdk.keep'] }],
    },
    timeline: [
      { at: 0, type: 'launch' },
      { at: k.backgroundAt, type: 'background' },
      k.byTimeline === true
        ? { at: k.startAt, type: 'service', component: `${PKG}.Keep` }
        : { at: k.startAt, type: 'run', task: 'com.sdk.keep.Start', do: [call('android.content.Context.startService(android.content.Intent)', [intent], '$context') as Action] },
      { at: end, type: 'end' },
    ],
  } as Scenario;
}

/** What the agent's startForeground hook saw thrown (null: it returned), and the run's errors. */
async function run(k: Case): Promise<{ thrown: (string | null)[]; errors: string[] }> {
  const t = await traceScenario(scenario(k), { apiLevel: k.api });
  return {
    thrown: t.events.filter((e) => e.hook === 'service.startForeground').map((e) => e.thrown ?? null),
    errors: t.errors.map((e) => String((e as { description?: string }).description ?? JSON.stringify(e))),
  };
}

const REFUSED = 'android.app.ForegroundServiceStartNotAllowedException: Service.startForeground() not allowed due to mAllowStartForeground false: service com.example.fgs/.Keep';

describe('android.service.fgs-background-start: Service.startForeground after a plain startService', () => {
  it('API 31, app and caller targeting 31: refused once the app is 15 s out of the foreground (its uid not yet idle, so startService itself succeeds); allowed within the grace, on API 30 and for target 30', async () => {
    expect(await run({ api: 31, target: 31, backgroundAt: 2000, startAt: 20_000 })).toEqual({ thrown: [REFUSED], errors: [] });
    expect(await run({ api: 31, target: 31, backgroundAt: 2000, startAt: 10_000 })).toEqual({ thrown: [null], errors: [] });
    expect(await run({ api: 30, target: 30, backgroundAt: 2000, startAt: 20_000 })).toEqual({ thrown: [null], errors: [] });
    expect(await run({ api: 31, target: 30, backgroundAt: 2000, startAt: 20_000 })).toEqual({ thrown: [null], errors: [] });
    // Android 16 (API 36) throws the same text.
    expect(await run({ api: 36, target: 36, backgroundAt: 2000, startAt: 20_000 })).toEqual({ thrown: [REFUSED], errors: [] });
  });

  it('the start decides, not the moment of startForeground: started in the grace, startForeground 8 s later (the app long in the background) is allowed', async () => {
    expect(await run({ api: 31, target: 31, backgroundAt: 2000, startAt: 10_000, foregroundAfter: 8000 })).toEqual({ thrown: [null], errors: [] });
  });

  it('a first startForeground more than 10 s after the start resets the record and checks only the app now (Android 12-14 platform sources, main); API 35, not read, fails loudly where that changes the answer', async () => {
    const late = { backgroundAt: 2000, startAt: 10_000, foregroundAfter: 15_000 };
    for (const api of [31, 32, 33, 34, 36]) {
      expect(await run({ api, target: Math.min(api, 33), ...late }), `API ${api}`).toEqual({ thrown: [REFUSED], errors: [] });
    }
    const fifteen = await run({ api: 35, target: 33, ...late });
    expect(fifteen.errors).toEqual([expect.stringMatching(/a first startForeground of com\.example\.fgs\/com\.example\.fgs\.Keep more than 10000 ms after its creation on API 35: Android 14 and main check the app's state again here and that changes the answer/)]);
    // Refused at the start and still in the background at the late call: refused everywhere, API 35 included.
    expect(await run({ api: 35, target: 33, backgroundAt: 2000, startAt: 20_000, foregroundAfter: 12_000 })).toEqual({ thrown: [REFUSED], errors: [] });
  });

  it('stopForeground resets the record: a later startForeground checks the app again', async () => {
    // Started and made foreground in front; stopForeground; 20 s later, the app long in the
    // background. (Target 33 on API 36: the Android 14 type policy, which would refuse a typeless
    // call first, applies from target 34.)
    for (const [api, target] of [[31, 31], [33, 33], [36, 33]] as const) {
      expect(await run({ api, target, backgroundAt: 2000, startAt: 1000, againAfter: 20_000 })).toEqual({ thrown: [null, REFUSED], errors: [] });
      // Still in front at the second call: allowed.
      expect(await run({ api, target, backgroundAt: 30_000, startAt: 1000, againAfter: 20_000 })).toEqual({ thrown: [null, null], errors: [] });
    }
  });

  it('SYSTEM_ALERT_WINDOW exempts the app; exemptions the emulator does not model (a companion device, battery optimization off, a caller it does not know) fail loudly', async () => {
    expect(await run({ api: 31, target: 31, backgroundAt: 2000, startAt: 20_000, permissions: ['SYSTEM_ALERT_WINDOW'] })).toEqual({ thrown: [null], errors: [] });
    const companion = await run({ api: 31, target: 31, backgroundAt: 2000, startAt: 20_000, permissions: ['REQUEST_COMPANION_RUN_IN_BACKGROUND'] });
    expect(companion.errors).toEqual([expect.stringMatching(/holds android\.permission\.REQUEST_COMPANION_RUN_IN_BACKGROUND: a companion-device association/)]);
    const battery = await run({ api: 31, target: 31, backgroundAt: 2000, startAt: 20_000, permissions: ['REQUEST_IGNORE_BATTERY_OPTIMIZATIONS'] });
    expect(battery.errors).toEqual([expect.stringMatching(/battery optimization/)]);
    const timeline = await run({ api: 31, target: 31, backgroundAt: 2000, startAt: 20_000, byTimeline: true });
    expect(timeline.errors).toEqual([expect.stringMatching(/the timeline started it \(reason service\) without saying who the caller is/)]);
  });

  it('a foreground-service PendingIntent an alarm sends from the background on Android 12+ fails loudly (the alarm\'s temporary allowlist is not modelled); sent in front, or on Android 11, it starts the service', async () => {
    const alarm = (api: number, armAt: number, backgroundAt: number): Scenario => {
      const s = scenario({ api, target: api, backgroundAt, startAt: 0 });
      const intent = { new: 'android.content.Intent(android.content.Context, java.lang.Class)', args: ['$context', { class: `${PKG}.Keep` }], as: 'i' };
      const pi = { call: 'android.app.PendingIntent.getForegroundService(android.content.Context, int, android.content.Intent, int)', args: ['$context', 0, '$i', 201326592], as: 'pi' };
      const am = { call: 'android.content.Context.getSystemService(java.lang.String)', on: '$context', args: ['alarm'], as: 'am' };
      const set = { call: 'android.app.AlarmManager.set(int, long, android.app.PendingIntent)', on: '$am', args: [2, { after: 5000 }, '$pi'] };
      s.timeline = [
        { at: 0, type: 'launch' },
        { at: armAt, type: 'run', task: 'com.sdk.keep.Arm', do: [intent, pi, am, set] as Action[] },
        { at: backgroundAt, type: 'background' },
        { at: armAt + 8000, type: 'end' },
      ] as Scenario['timeline'];
      return s;
    };
    await expect(traceScenario(alarm(31, 20_000, 2000), { apiLevel: 31 })).rejects.toThrow(/startForegroundService of com\.example\.fgs\/com\.example\.fgs\.Keep from the background on Android 12\+: refused by every exemption the emulator models, but com\.example\.fgs: it was woken by an alarm/);
    for (const api of [30, 31]) {
      // Armed and fired while the app is in front (its background entry comes later).
      const t = await traceScenario(alarm(api, 1000, 30_000), { apiLevel: api });
      t.device.close();
      expect(t.errors).toEqual([]);
      expect(t.events.filter((e) => e.hook === 'service.startForeground').map((e) => e.thrown ?? null)).toEqual([null]);
    }
  });
  it('an alarm temp-allowlists the app for AlarmManagerService\'s ALLOW_WHILE_IDLE_WHITELIST_DURATION (10 s on Android 8-14): a refused startForegroundService within it fails loudly (the alarm\'s type is not modelled), after it is refused', async () => {
    const woken = (delayMs: number): Scenario => {
      const s = scenario({ api: 31, target: 31, backgroundAt: 2000, startAt: 0 });
      const fgsIntent = call('android.content.Intent.setClassName(java.lang.String,java.lang.String)', [PKG, `${PKG}.Keep`], { new: 'android.content.Intent()', args: [] });
      s.app.components!.receivers = [{ class: `${PKG}.Wake`, exported: false, actions: [], onReceive: [{ post: 'main', delayMs, task: 'com.sdk.keep.Up', do: [call('android.content.Context.startForegroundService(android.content.Intent)', [fgsIntent], '$context')] } as Action] }];
      const intent = { new: 'android.content.Intent(android.content.Context, java.lang.Class)', args: ['$context', { class: `${PKG}.Wake` }], as: 'i' };
      const pi = { call: 'android.app.PendingIntent.getBroadcast(android.content.Context, int, android.content.Intent, int)', args: ['$context', 0, '$i', 201326592], as: 'pi' };
      const am = { call: 'android.content.Context.getSystemService(java.lang.String)', on: '$context', args: ['alarm'], as: 'am' };
      const set = { call: 'android.app.AlarmManager.set(int, long, android.app.PendingIntent)', on: '$am', args: [2, { after: 30_000 }, '$pi'] };
      s.timeline = [
        { at: 0, type: 'launch' },
        { at: 1000, type: 'run', task: 'com.sdk.keep.Arm', do: [intent, pi, am, set] as Action[] },
        { at: 2000, type: 'background' },
        { at: 31_000 + delayMs + 3000, type: 'end' },
      ] as Scenario['timeline'];
      return s;
    };
    const within = await traceScenario(woken(6000), { apiLevel: 31 });
    within.device.close();
    // An emulator error inside a hooked call reaches the agent's script as its error.
    expect(within.errors.map((e) => String((e as { description?: string }).description))).toEqual([expect.stringMatching(/startForegroundService of com\.example\.fgs\/com\.example\.fgs\.Keep from the background on Android 12\+: .*com\.example\.fgs: it was woken by an alarm/)]);
    const t = await traceScenario(woken(12_000), { apiLevel: 31 });
    t.device.close();
    expect(t.errors).toEqual([]);
    expect(t.events.filter((e) => e.hook === 'service.startServiceCommon').map((e) => e.thrown ?? null)).toEqual([
      'android.app.ForegroundServiceStartNotAllowedException: startForegroundService() not allowed due to mAllowStartForeground false: service com.example.fgs/.Keep',
    ]);
  });
});

