// Service.startForeground is refused on a phone for missing permissions and undeclared types
// (conformance: android.service.startForegroundTypes). Each case runs an app whose visible
// activity starts its own foreground service, traced by the real agent bundle, and reads what
// the startForeground hook saw thrown; rules nobody has cited must stop the run loudly.
import { describe, expect, it } from 'vitest';
import type { Action, Scenario } from '../../emulator/scenario/schema.js';
import { traceScenario } from './trace.js';

const PKG = 'com.example.fgs';
const call = (ref: string, args: unknown[] = [], on?: unknown) => ({ call: ref, args, ...(on === undefined ? {} : { on }) });

interface Case {
  api: number;
  target: number;
  /** android:foregroundServiceType of the service (none when absent). */
  manifest?: ('dataSync' | 'location' | 'mediaPlayback')[];
  /** The type passed to startForeground(int, Notification, int); the two-argument form when absent. */
  type?: number;
  permissions?: string[];
  /** The service never calls startForeground; the run goes on this long after the start. */
  silentFor?: number;
}

function scenario(k: Case): Scenario {
  const notification = call('android.app.Notification$Builder.build()', [], { new: 'android.app.Notification$Builder(android.content.Context)', args: ['$context'] });
  const foreground =
    k.type === undefined
      ? call('android.app.Service.startForeground(int,android.app.Notification)', [7, notification], '$this')
      : call('android.app.Service.startForeground(int,android.app.Notification,int)', [7, notification, k.type], '$this');
  const intent = call('android.content.Intent.setClassName(java.lang.String,java.lang.String)', [PKG, `${PKG}.Keep`], { new: 'android.content.Intent()', args: [] });
  const permissions = Object.fromEntries((k.permissions ?? ['FOREGROUND_SERVICE']).map((p) => [`android.permission.${p}`, 'granted']));
  return {
    name: `startForeground at API ${k.api}`,
    device: { apiLevel: k.api, imei: ['861234567890123'], androidId: '9774d56d682e549c' },
    app: {
      package: PKG,
      targetSdk: k.target,
      permissions,
      launcher: { class: `${PKG}.MainActivity` },
      components: { services: [{ class: `${PKG}.Keep`, ...(k.manifest === undefined ? {} : { foregroundServiceType: k.manifest }), onStartCommand: k.silentFor === undefined ? [{ in: 'com.sdk.keep.Alive.up', do: [foreground] } as Action] : [] }] },
      sdks: [{ id: 'keep', name: 'Keep-alive SDK', packages: ['com.sdk.keep'] }],
    },
    timeline: [
      { at: 0, type: 'launch' },
      { at: 1000, type: 'run', task: 'com.sdk.keep.Start', do: [call(`android.content.Context.${k.api >= 26 ? 'startForegroundService' : 'startService'}(android.content.Intent)`, [intent], '$context') as Action] },
      { at: 1000 + (k.silentFor ?? 2000), type: 'end' },
    ],
  } as Scenario;
}

/** What the agent's startForeground hook saw thrown (null: it returned). */
async function thrown(k: Case): Promise<(string | null)[]> {
  const t = await traceScenario(scenario(k), { apiLevel: k.api });
  expect(t.errors).toEqual([]);
  return t.events.filter((e) => e.hook === 'service.startForeground').map((e) => e.thrown ?? null);
}

describe('android.service.startForegroundTypes: Service.startForeground against the manifest and permissions', () => {
  it('Android 9+: an app targeting 28+ needs FOREGROUND_SERVICE', async () => {
    expect(await thrown({ api: 28, target: 28, permissions: [] })).toEqual([expect.stringMatching(/^java\.lang\.SecurityException: Permission Denial: startForeground from pid=\d+, uid=\d+ requires android\.permission\.FOREGROUND_SERVICE$/)]);
    expect(await thrown({ api: 28, target: 27, permissions: [] })).toEqual([null]);
  });

  it('Android 10+: a type outside the manifest\'s android:foregroundServiceType is an IllegalArgumentException', async () => {
    expect(await thrown({ api: 29, target: 29, type: 1 })).toEqual(['java.lang.IllegalArgumentException: foregroundServiceType 0x00000001 is not a subset of foregroundServiceType attribute 0x00000000 in service element of manifest file']);
    expect(await thrown({ api: 33, target: 33, type: 3, manifest: ['dataSync'] })).toEqual(['java.lang.IllegalArgumentException: foregroundServiceType 0x00000003 is not a subset of foregroundServiceType attribute 0x00000001 in service element of manifest file']);
    // The manifest's own types (the two-argument form passes FOREGROUND_SERVICE_TYPE_MANIFEST).
    expect(await thrown({ api: 33, target: 33, manifest: ['dataSync'] })).toEqual([null]);
    expect(await thrown({ api: 33, target: 33 })).toEqual([null]);
  });

  it('Android 14, apps targeting 34+: no type is MissingForegroundServiceTypeException; dataSync needs FOREGROUND_SERVICE_DATA_SYNC', async () => {
    expect(await thrown({ api: 34, target: 34 })).toEqual([expect.stringMatching(/^android\.app\.MissingForegroundServiceTypeException: Starting FGS without a type {2}callerApp=ProcessRecord\{[0-9a-f]{7} \d+:com\.example\.fgs\/u0a\d+\} targetSDK=34$/)]);
    // Targeting 33 on Android 14: the deprecation is only logged.
    expect(await thrown({ api: 34, target: 33 })).toEqual([null]);
    expect(await thrown({ api: 34, target: 34, manifest: ['dataSync'], type: 1, permissions: ['FOREGROUND_SERVICE', 'FOREGROUND_SERVICE_DATA_SYNC'] })).toEqual([null]);
    // Without it: validateForegroundServiceType's SecurityException, worded as the Android 14 platform sources build it.
    expect(await thrown({ api: 34, target: 34, manifest: ['dataSync'], type: 1 })).toEqual([
      expect.stringMatching(/^java\.lang\.SecurityException: Starting FGS with type dataSync callerApp=ProcessRecord\{[0-9a-f]{7} \d+:com\.example\.fgs\/u0a\d+\} targetSDK=34 requires permissions: all of the permissions allOf=true \[android\.permission\.FOREGROUND_SERVICE_DATA_SYNC\] $/),
    ]);
  });

  it('Android 14: per-type rules nobody cited here stop the call with an emulator error instead of letting the service start', async () => {
    // The emulator's error crosses the agent's hook (a JS error in a replacement), so the run
    // reports it as an error message and the service never becomes a foreground service.
    const loud = async (k: Case) => {
      const t = await traceScenario(scenario(k), { apiLevel: k.api });
      return t.errors.map((e) => String((e as { description?: string }).description ?? JSON.stringify(e)));
    };
    expect(await loud({ api: 35, target: 35, manifest: ['dataSync'], type: 1 })).toEqual([expect.stringMatching(/refusing foreground service type 0x00000001 without android\.permission\.FOREGROUND_SERVICE_DATA_SYNC on API 35 is not modelled/)]);
    expect(await loud({ api: 34, target: 34, manifest: ['location'], permissions: ['FOREGROUND_SERVICE', 'FOREGROUND_SERVICE_LOCATION'] })).toEqual([expect.stringMatching(/foreground service type policy for type 0x00000008 is not modelled/)]);
  });
});

describe('android.service.startForegroundTypes: startForegroundService must be followed by startForeground', () => {
  it('a service that never calls startForeground stops the run loudly after 5 s (the phone\'s crash is not modelled); within 5 s nothing happens yet', async () => {
    await expect(traceScenario(scenario({ api: 29, target: 29, silentFor: 7000 }), { apiLevel: 29 })).rejects.toThrow(/com\.example\.fgs\/com\.example\.fgs\.Keep was started with startForegroundService but did not call startForeground within 5 s/);
    const early = await traceScenario(scenario({ api: 29, target: 29, silentFor: 3000 }), { apiLevel: 29 });
    expect(early.errors).toEqual([]);
  });
});

