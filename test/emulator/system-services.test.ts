// Context.getSystemService on the emulated device answers as SystemServiceRegistry does
// (conformance: android.context.system-service-registry): a name registered at the device's level
// yields a manager, or, when the emulator does not model that manager, stops the run naming the
// manager a phone returns and how to add it; a name no release registers, or one added after the
// device's level, yields null. The list itself (emulator/android/services.ts) is checked against
// Context's *_SERVICE constants in the SDK declarations: every public name is listed, with the
// level its constant and manager class say.
import { beforeAll, describe, expect, it } from 'vitest';
import { EmulatedDevice } from '../../emulator/index.js';
import { registerSystemService } from '../../emulator/android/content.js';
import { SDK_GAPS } from '../../emulator/android/hidden.js';
import { SYSTEM_SERVICES } from '../../emulator/android/services.js';
import type { Action, Scenario } from '../../emulator/scenario/schema.js';
import { androidDtsPath, parseDts, type DtsClass } from './dts.js';
import { sdkThreadScenario } from './helpers.js';
import { traceScenario } from './trace.js';

let dts: Map<string, DtsClass>;
beforeAll(() => {
  dts = parseDts(androidDtsPath());
});

/** Context's public *_SERVICE constants: value -> @since (null: untagged). */
function contextServiceConstants(): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const f of dts.get('android.content.Context')!.members) {
    if (f.kind !== 'field' || !f.isStatic || !/_SERVICE$|^COUNTRY_DETECTOR$/.test(f.name)) continue;
    const value = /^"(.*)"$/.exec(f.ret);
    if (value !== null) out.set(value[1]!, f.since);
  }
  return out;
}

/**
 * Manager classes whose packages the SDK declarations leave out, with the level
 * developer.android.com gives ("Added in API level N"); SDK_GAPS lists the ones the emulator models.
 */
const UNDECLARED_MANAGERS: ReadonlyMap<string, number> = new Map([
  ...SDK_GAPS.map((g) => [g.class, g.since] as const),
  ['android.media.session.MediaSessionManager', 21],
  ['android.print.PrintManager', 19],
  ['android.view.textclassifier.TextClassificationManager', 26],
]);

describe('emulator/android/services.ts: the names SystemServiceRegistry registers, checked against the SDK', () => {
  it('lists every public Context.*_SERVICE name once', () => {
    const names = SYSTEM_SERVICES.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    const missing = [...contextServiceConstants().keys()].filter((n) => !names.includes(n));
    expect(missing).toEqual([]);
  });

  it('gives each SDK-sourced name the level of its constant and of its manager class, whichever is later', () => {
    const consts = contextServiceConstants();
    const problems: string[] = [];
    for (const e of SYSTEM_SERVICES.filter((x) => x.source === 'sdk')) {
      const managerSince = dts.has(e.manager) ? dts.get(e.manager)!.since : UNDECLARED_MANAGERS.get(e.manager);
      if (managerSince === undefined) {
        problems.push(`${e.name}: manager ${e.manager} is not in the SDK declarations`);
        continue;
      }
      const expected = Math.max(21, consts.get(e.name) ?? 21, managerSince ?? 21);
      if (!consts.has(e.name)) problems.push(`${e.name}: no public Context constant has this value`);
      else if (e.since !== expected) problems.push(`${e.name}: since ${e.since}, the SDK says ${expected}`);
    }
    expect(problems).toEqual([]);
  });

  it('marks hidden names as hidden: not public at the level the line starts from', () => {
    const consts = contextServiceConstants();
    for (const e of SYSTEM_SERVICES.filter((x) => x.hidden === true)) {
      const publicSince = consts.get(e.name);
      if (publicSince !== undefined) expect(publicSince ?? 37, e.name).toBeGreaterThan(e.since);
    }
  });

  it('cites, for each line from the platform sources, the level, file and line of its first registration', () => {
    for (const e of SYSTEM_SERVICES.filter((x) => x.source === 'platform')) {
      expect(e.where, e.name).toMatch(/^(2[4-9]|3[0-5]) android\/[\w/]+\.java:\d+$/);
      expect(Number(e.where!.split(' ')[0]), e.name).toBe(e.since);
    }
  });

  it('refuses to model a manager for a name no phone registers', () => {
    expect(() => registerSystemService('no_such_service', () => null as never)).toThrow(/registerSystemService\("no_such_service"\): no such name in emulator\/android\/services\.ts/);
  });
});

const CALL = 'android.content.Context.getSystemService(java.lang.String)';

/** An SDK thread asks for `name` and branches on null: a non-null answer reads the IMEI, null the Android ID. */
function asking(name: string, api: number): Scenario {
  const s = sdkThreadScenario([{ if: { call: CALL, args: [name], on: '$context' }, then: [{ read: 'imei' }], else: [{ read: 'android_id' }] } as Action]);
  s.device.apiLevel = api;
  s.timeline = [{ at: 0, type: 'launch' }, { at: 3000, type: 'end' }] as Scenario['timeline'];
  return s;
}

/** What the SDK thread did: the read it made, or the emulator error that stopped it. */
async function outcome(name: string, api: number): Promise<string> {
  return traceScenario(asking(name, api), { apiLevel: api }).then(
    (t) => {
      if (t.errors.length > 0) return t.errors.map((e) => JSON.stringify(e)).join('\n');
      const reads = t.events.filter((e) => e.hook === 'settings.secure.getString' || e.hook?.startsWith('telephony.')).map((e) => e.hook);
      return reads.some((h) => h?.startsWith('telephony.')) ? 'manager' : reads.length > 0 ? 'null' : 'nothing';
    },
    (e: Error) => e.message,
  );
}

describe('android.context.system-service-registry: getSystemService on the emulated device', () => {
  it('stops the run for a name a phone registers and the emulator does not model, naming the manager and how to add it', async () => {
    const failure = await outcome('vibrator', 33);
    expect(failure).toMatch(/getSystemService\(\\?"vibrator\\?"\) would return android\.os\.Vibrator on a phone; SystemServiceRegistry registers \\?"vibrator\\?" at API 33 but the emulator does not model it/);
    expect(failure).toMatch(/registerSystemService\('vibrator', \.\.\.\)/);
  });

  it('answers null for a name no release registers, as SystemServiceRegistry does', async () => {
    expect(await outcome('sdktrace_no_such_service', 33)).toBe('null');
  });

  it('answers null for a name added after the device\'s level, and stops the run from that level on', async () => {
    expect(await outcome('vibrator_manager', 30)).toBe('null');
    expect(await outcome('vibrator_manager', 31)).toMatch(/would return android\.os\.VibratorManager on a phone; SystemServiceRegistry registers \\?"vibrator_manager\\?" at API 31/);
  });

  it('stops the run for a @hide name a phone registers too ("statusbar" before it became public in API 33), and answers null once a release dropped a name', async () => {
    expect(await outcome('statusbar', 30)).toMatch(/would return android\.app\.StatusBarManager on a phone; SystemServiceRegistry registers \\?"statusbar\\?" at API 30/);
    // "wifinan" (WifiNanManager) was renamed "wifiaware" in Android 8: null from API 26.
    expect(await outcome('wifinan', 26)).toBe('null');
  });

  it('still hands out the managers the emulator models', async () => {
    expect(await outcome('phone', 33)).toBe('manager');
  });

  it('refuses, when the scenario loads, a call on the manager class of a registered service it does not model', () => {
    const s = asking('power', 33);
    s.timeline = [
      { at: 0, type: 'launch' },
      { at: 1000, type: 'run', task: 'com.sdk.x.Wake', do: [{ call: 'android.os.PowerManager.isInteractive()', args: [], on: { call: CALL, args: ['power'], on: '$context' } }] as Action[] },
    ] as Scenario['timeline'];
    expect(() => new EmulatedDevice({ scenario: s })).toThrow(
      /timeline\[1\]\.do\[0\]\.call: android\.os\.PowerManager is not modelled by the emulator: SystemServiceRegistry registers "power" at API 33 but the emulator does not model it.*\(a phone's Context\.getSystemService\("power"\) returns it\)/,
    );
  });
});
