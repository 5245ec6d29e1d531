// Android 8's background execution limit reaches service PendingIntents too (conformance:
// android.service.pending-background-start): an alarm's PendingIntent.getService, or the app's own
// PendingIntent.send(), goes through the same ActiveServices.startServiceLocked as
// Context.startService, so once the app's uid is idle (60 s after it left the foreground) the
// service is not started. Unlike Context.startService nothing is thrown at the sender
// (PendingIntentRecord.sendInner ignores the "?" answer). Each case runs an app that arms an alarm
// (or sends the PendingIntent itself), traced by the real agent bundle; the test reads whether the
// service ran from the agent's onStartCommand hook and from the device's running services. A
// while-idle alarm's temporary allowlist, which Android 8-14 and main ignore for a plain service,
// refuses it too; on Android 15, whose source is not read, it stops the run loudly rather than decide.
import { describe, expect, it } from 'vitest';
import type { Action, Scenario } from '../../emulator/scenario/schema.js';
import { EmulatedDevice } from '../../emulator/index.js';
import { traceScenario } from './trace.js';

const PKG = 'com.example.sync';
const SERVICE = `${PKG}.Sync`;
/** FLAG_UPDATE_CURRENT | FLAG_IMMUTABLE. */
const PI_FLAGS = 0x08000000 | 0x04000000;

interface Case {
  api: number;
  target: number;
  /**
   * How the PendingIntent is sent: by an alarm (set, or setAndAllowWhileIdle) or by the app's own
   * send(); or no PendingIntent: the app calls Context.startService itself.
   */
  via: 'alarm' | 'while-idle-alarm' | 'send' | 'startService';
  /** When the PendingIntent reaches the system (the alarm fires, or the app calls send()). */
  sendAt: number;
  /** The app starts the service itself (in front, at 1 s) before the PendingIntent arrives. */
  startedBefore?: boolean;
}

const call = (ref: string, args: unknown[] = [], on?: string, as?: string): Action => ({ call: ref, args, ...(on === undefined ? {} : { on }), ...(as === undefined ? {} : { as }) }) as Action;

function scenario(k: Case): Scenario {
  const intent = { new: 'android.content.Intent(android.content.Context, java.lang.Class)', args: ['$context', { class: SERVICE }], as: 'i' } as Action;
  const pending = call('android.app.PendingIntent.getService(android.content.Context, int, android.content.Intent, int)', ['$context', 0, '$i', PI_FLAGS], undefined, 'pi');
  const am = call('android.content.Context.getSystemService(java.lang.String)', ['alarm'], '$context', 'am');
  const armAt = 1500;
  const alarm =
    k.via === 'alarm'
      ? call('android.app.AlarmManager.set(int, long, android.app.PendingIntent)', [2, { after: k.sendAt - armAt }, '$pi'], '$am')
      : call('android.app.AlarmManager.setAndAllowWhileIdle(int, long, android.app.PendingIntent)', [2, { after: k.sendAt - armAt }, '$pi'], '$am');
  const timeline: unknown[] = [{ at: 0, type: 'launch' }];
  const startService = call('android.content.Context.startService(android.content.Intent)', ['$i'], '$context');
  if (k.startedBefore === true) timeline.push({ at: 1000, type: 'run', task: 'com.sdk.sync.Start', do: [intent, startService] });
  timeline.push(
    k.via === 'send'
      ? { at: k.sendAt, type: 'run', task: 'com.sdk.sync.Send', do: [intent, pending, call('android.app.PendingIntent.send()', [], '$pi')] }
      : k.via === 'startService'
        ? { at: k.sendAt, type: 'run', task: 'com.sdk.sync.Again', do: [intent, startService] }
        : { at: armAt, type: 'run', task: 'com.sdk.sync.Arm', do: [intent, pending, am, alarm] },
    { at: 2000, type: 'background' },
    { at: k.sendAt + 3000, type: 'end' },
  );
  return {
    name: `service PendingIntent (${k.via}) at API ${k.api}`,
    device: { apiLevel: k.api, imei: ['861234567890123'], androidId: '9774d56d682e549c' },
    app: {
      package: PKG,
      targetSdk: k.target,
      permissions: {},
      launcher: { class: `${PKG}.MainActivity` },
      components: { services: [{ class: SERVICE, onStartCommand: [] }] },
      sdks: [{ id: 'sync', name: 'Sync SDK', packages: ['com.sdk.sync'] }],
    },
    timeline,
  } as unknown as Scenario;
}

/** How often the service's onStartCommand ran, whether it runs at the end, and the run's errors. */
async function run(k: Case): Promise<{ onStartCommand: number; running: boolean; sendThrew: boolean; errors: unknown[] }> {
  const t = await traceScenario(scenario(k), { apiLevel: k.api });
  const running = t.device.runningServices().some((s) => s.package === PKG && s.className === SERVICE);
  t.device.close();
  return {
    onStartCommand: t.events.filter((e) => e.hook === 'service.onStartCommand').length,
    running,
    sendThrew: t.events.some((e) => e.thrown !== undefined),
    errors: t.errors,
  };
}

/** Past BACKGROUND_SETTLE_TIME (60 s) after the app left the foreground at 2 s: its uid is idle. */
const IDLE = 70_000;
/** Within it: the uid is still active. */
const ACTIVE = 10_000;

describe('android.service.pending-background-start: a plain service PendingIntent meets the background limit', () => {
  it('an alarm fired after the uid went idle does not start the service on API 26+ (apps targeting 26+); before then, below API 26 or targeting 25 it does', async () => {
    for (const api of [26, 31, 36]) {
      expect(await run({ api, target: api, via: 'alarm', sendAt: IDLE }), `API ${api}, idle`).toEqual({ onStartCommand: 0, running: false, sendThrew: false, errors: [] });
    }
    expect(await run({ api: 31, target: 31, via: 'alarm', sendAt: ACTIVE })).toEqual({ onStartCommand: 1, running: true, sendThrew: false, errors: [] });
    expect(await run({ api: 25, target: 25, via: 'alarm', sendAt: IDLE })).toEqual({ onStartCommand: 1, running: true, sendThrew: false, errors: [] });
    expect(await run({ api: 31, target: 25, via: 'alarm', sendAt: IDLE })).toEqual({ onStartCommand: 1, running: true, sendThrew: false, errors: [] });
  });

  it("the app's own send() from an idle uid returns normally and the service does not start; from an active uid it starts", async () => {
    expect(await run({ api: 33, target: 33, via: 'send', sendAt: IDLE })).toEqual({ onStartCommand: 0, running: false, sendThrew: false, errors: [] });
    expect(await run({ api: 33, target: 33, via: 'send', sendAt: ACTIVE })).toEqual({ onStartCommand: 1, running: true, sendThrew: false, errors: [] });
  });

  it('a service already started (startRequested) gets the start even from an idle uid, through a PendingIntent or Context.startService', async () => {
    expect(await run({ api: 31, target: 31, via: 'alarm', sendAt: IDLE, startedBefore: true })).toEqual({ onStartCommand: 2, running: true, sendThrew: false, errors: [] });
    expect(await run({ api: 31, target: 31, via: 'startService', sendAt: IDLE, startedBefore: true })).toEqual({ onStartCommand: 2, running: true, sendThrew: false, errors: [] });
  });

  it("a while-idle alarm (its options temp-allowlist the app) is refused a plain service start on Android 8-14 and 16, which ignore the options for it, and fails loudly on 15, whose source is not read", async () => {
    for (const api of [26, 28, 31, 34, 36]) {
      expect(await run({ api, target: api, via: 'while-idle-alarm', sendAt: IDLE }), `API ${api}`).toEqual({ onStartCommand: 0, running: false, sendThrew: false, errors: [] });
    }
    await expect(run({ api: 35, target: 35, via: 'while-idle-alarm', sendAt: IDLE })).rejects.toThrow(/while-idle or alarm clock\) starts com\.example\.sync\/com\.example\.sync\.Sync through a service PendingIntent of com\.example\.sync while the app is in the background on API 35: Android 8-14 and main ignore those options/);
  });
});

describe('android.notification.pending-intent: a notification PendingIntent cannot be sent, so its temporary allowlist is never guessed', () => {
  // SystemUI sends a notification's PendingIntents with a temporary allowlist (the token
  // NotificationManagerService sets; PendingIntentRecord.sendInner applies it), which lets the app
  // start services from the background. The emulator has no notifications: asking for the manager,
  // or naming its calls or Notification.Builder.setContentIntent in a scenario, stops loudly
  // instead of the app getting a null manager or a missing class.
  const poster = (last: unknown): Scenario => {
    const s = scenario({ api: 31, target: 31, via: 'send', sendAt: ACTIVE });
    s.timeline = [
      { at: 0, type: 'launch' },
      { at: 1000, type: 'run', task: 'com.sdk.sync.Notify', do: [call('android.content.Context.getSystemService(java.lang.String)', ['notification'], '$context', 'nm'), last] as Action[] },
      { at: 3000, type: 'end' },
    ] as Scenario['timeline'];
    return s;
  };

  it('Context.getSystemService("notification") stops the run, naming the manager a phone returns and why it is not modelled', async () => {
    // An emulator error inside a hooked call reaches the agent's script as its error (trace.ts errors); elsewhere it ends the run.
    const failure = await traceScenario(poster({ format: 'x', as: 'x' }), { apiLevel: 31 }).then(
      (t) => t.errors.map((e) => JSON.stringify(e)).join('\n'),
      (e: Error) => e.message,
    );
    expect(failure).toMatch(/getSystemService\(\\?"notification\\?"\) would return android\.app\.NotificationManager on a phone; posting notifications is not modelled.*temporary allowlist/);
  });

  it('a scenario naming NotificationManager or Notification.Builder.setContentIntent is refused when it loads', () => {
    expect(() => new EmulatedDevice({ scenario: poster(call('android.app.NotificationManager.notify(int, android.app.Notification)', [1, null], '$nm')) })).toThrow(
      /timeline\[1\]\.do\[1\]\.call: android\.app\.NotificationManager is not modelled by the emulator: posting notifications is not modelled/,
    );
    expect(() => new EmulatedDevice({ scenario: poster(call('android.app.Notification$Builder.setContentIntent(android.app.PendingIntent)', [null], '$nm')) })).toThrow(/setContentIntent\(android\.app\.PendingIntent\) is not modelled by the emulator/);
  });
});
