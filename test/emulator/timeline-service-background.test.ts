// A scenario's timeline `service` entry (the system or another app starts one of the app's
// services) meets Android 8's background execution limit like any startService (conformance:
// android.service.timeline-start): once the app's uid is idle (60 s after it left the foreground)
// the start is refused, the app sees nothing (no onStartCommand, no running service), the system
// logs "Background start not allowed" and an app that asked gets startService's exception. Before,
// such entries always started the service. A bind is not limited; a temporary allowlist (a
// high-priority push broadcast) lets the start through; an entry that does not say who starts it,
// or says an alarm did, stops the run loudly when the limit would refuse, since what the caller's
// path did first decides. Each case runs the real agent bundle and reads whether onStartCommand ran
// from its hook, whether the service runs (started or bound) from the device, and what the device logged.
import { describe, expect, it } from 'vitest';
import { EmulatedDevice } from '../../emulator/index.js';
import type { Scenario } from '../../emulator/scenario/schema.js';
import { traceScenario } from './trace.js';

const PKG = 'com.example.sync';
const SERVICE = `${PKG}.Sync`;
const PARTNER = 'com.partner.app';

interface Case {
  api: number;
  target: number;
  /** When the entry starts the service (the app went to the background at 2 s). */
  at: number;
  from?: string;
  bind?: boolean;
  reason?: string;
  /** A push broadcast to the app, with this temporary allowlist, 1 s before the start. */
  pushAllowlistMs?: number;
}

function scenario(k: Case): Scenario {
  const timeline: unknown[] = [{ at: 0, type: 'launch' }, { at: 2000, type: 'background' }];
  if (k.pushAllowlistMs !== undefined) timeline.push({ at: k.at - 1000, type: 'broadcast', action: 'com.sdk.sync.PUSH', component: `${PKG}.Push`, reason: 'push', allowlistMs: k.pushAllowlistMs });
  timeline.push(
    { at: k.at, type: 'service', component: SERVICE, ...(k.from === undefined ? {} : { from: k.from }), ...(k.bind === undefined ? {} : { bind: k.bind }), ...(k.reason === undefined ? {} : { reason: k.reason }) },
    { at: k.at + 3000, type: 'end' },
  );
  return {
    name: `timeline service start at API ${k.api}`,
    device: { apiLevel: k.api, imei: ['861234567890123'], androidId: '9774d56d682e549c' },
    app: {
      package: PKG,
      targetSdk: k.target,
      permissions: {},
      launcher: { class: `${PKG}.MainActivity` },
      components: {
        services: [{ class: SERVICE, exported: true, onStartCommand: [], onBind: [] }],
        receivers: [{ class: `${PKG}.Push`, exported: true, actions: ['com.sdk.sync.PUSH'], onReceive: [] }],
      },
      sdks: [{ id: 'sync', name: 'Sync SDK', packages: ['com.sdk.sync'] }],
    },
    otherApps: [{ package: PARTNER }],
    timeline,
  } as unknown as Scenario;
}

interface Outcome {
  onStartCommand: number;
  running: boolean;
  /** Device log lines about the refusal: the system server's, and the calling app's exception. */
  refusal: string[];
  errors: unknown[];
}

async function run(k: Case): Promise<Outcome> {
  const log: string[] = [];
  const t = await traceScenario(scenario(k), { apiLevel: k.api, log: (l) => log.push(l) });
  const running = t.device.runningServices().some((s) => s.package === PKG && s.className === SERVICE);
  t.device.close();
  return {
    onStartCommand: t.events.filter((e) => e.hook === 'service.onStartCommand').length,
    running,
    refusal: log.filter((l) => /Background start not allowed|startService threw/.test(l)),
    errors: t.errors,
  };
}

/** Past BACKGROUND_SETTLE_TIME (60 s) after the app left the foreground at 2 s: its uid is idle. */
const IDLE = 70_000;
/** Within it: the uid is still active. */
const ACTIVE = 10_000;

const started = { onStartCommand: 1, running: true, refusal: [], errors: [] };

describe('android.service.timeline-start: a timeline service start meets the background limit', () => {
  it('the system starting a service of an idle app targeting 26+ is refused on API 26+: nothing runs in the app, the system logs it', async () => {
    for (const api of [26, 31, 36]) {
      const o = await run({ api, target: api, at: IDLE, from: 'system' });
      expect(o, `API ${api}`).toMatchObject({ onStartCommand: 0, running: false, errors: [] });
      expect(o.refusal, `API ${api}`).toEqual([`Background start not allowed: service Intent { cmp=${PKG}/.Sync } to ${PKG}/.Sync from pid=1187 uid=1000 pkg=android startFg?=false`]);
    }
  });

  it("another app's start is refused the same way, and the caller is the one told (IllegalStateException; API 31+: BackgroundServiceStartNotAllowedException)", async () => {
    const at26 = await run({ api: 26, target: 26, at: IDLE, from: PARTNER });
    expect(at26).toMatchObject({ onStartCommand: 0, running: false, errors: [] });
    expect(at26.refusal[1]).toMatch(new RegExp(`^${PARTNER.replace(/\./g, '\\.')}: startService threw java\\.lang\\.IllegalStateException: Not allowed to start service Intent \\{ cmp=com\\.example\\.sync/\\.Sync \\}: app is in background uid UidRecord\\{u0a\\d+ idle procs:1\\}$`));
    expect(at26.refusal[0]).toContain(`pkg=${PARTNER} startFg?=false`);
    const at33 = await run({ api: 33, target: 33, at: IDLE, from: PARTNER, reason: 'push' });
    expect(at33).toMatchObject({ onStartCommand: 0, running: false, errors: [] });
    expect(at33.refusal[1]).toMatch(/: startService threw android\.app\.BackgroundServiceStartNotAllowedException: Not allowed to start service /);
  });

  it('the start goes through while the uid is active, below API 26, for an app targeting 25, and within a push temporary allowlist', async () => {
    expect(await run({ api: 31, target: 31, at: ACTIVE, from: 'system' })).toEqual(started);
    expect(await run({ api: 25, target: 25, at: IDLE, from: 'system' })).toEqual(started);
    expect(await run({ api: 31, target: 25, at: IDLE, from: PARTNER })).toEqual(started);
    expect(await run({ api: 31, target: 31, at: IDLE, from: 'system', pushAllowlistMs: 10_000 })).toEqual(started);
  });

  it('a bind is not limited (bindServiceLocked has no background check)', async () => {
    expect(await run({ api: 31, target: 31, at: IDLE, from: PARTNER, bind: true })).toEqual({ onStartCommand: 0, running: true, refusal: [], errors: [] });
  });

  it('a refused start that does not say who starts it, or says an alarm did, stops the run loudly; allowed, it needs no caller', async () => {
    await expect(run({ api: 31, target: 31, at: IDLE })).rejects.toThrow(/timeline\[2\]: a start of com\.example\.sync\/\.Sync while com\.example\.sync is idle in the background .* but the entry does not say who starts it; .* Say "from": "system" or the starting app's package/);
    await expect(run({ api: 31, target: 31, at: IDLE, from: 'system', reason: 'alarm' })).rejects.toThrow(/timeline\[2\]: .* but it says an alarm started it: an alarm's PendingIntent starts as its creator/);
    expect(await run({ api: 31, target: 31, at: ACTIVE })).toEqual(started);
  });

  it('`from` must be "system" or another installed package, named in the error', () => {
    const bad = (from: string) => () => new EmulatedDevice({ scenario: { ...scenario({ api: 31, target: 31, at: IDLE }), timeline: [{ at: 1, type: 'service', component: SERVICE, from }] } as Scenario });
    expect(bad('com.nobody.here')).toThrow(/timeline\[0\]\.from: "com\.nobody\.here" is neither "system" nor an installed package \(otherApps or device\.installedApps\)/);
    expect(bad('System')).toThrow(/timeline\[0\]\.from: "System" is neither "system" nor an installed package/);
    expect(bad(PKG)).toThrow(/timeline\[0\]\.from: com\.example\.sync is the service's own app: let its code start the service/);
    // The traced app starting another app's service is its own code too (the agent must see the call).
    const fromApp = () => new EmulatedDevice({ scenario: { ...scenario({ api: 31, target: 31, at: IDLE }), timeline: [{ at: 1, type: 'service', package: PARTNER, component: `${PARTNER}.Svc`, from: PKG }] } as Scenario });
    expect(fromApp).toThrow(/timeline\[0\]\.from: com\.example\.sync is the traced app: let its code start the service \(a "run" entry/);
  });
});
