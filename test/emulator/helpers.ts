// Shared test scaffolding: bundling small test agents exactly as scripts/build.mjs bundles the
// emulated agent (frida-java-bridge aliased to the emulated bridge), a small scenario, and a
// spawned-and-attached app.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmulatedDevice, type EmulatedDeviceOptions, type Scenario } from '../../emulator/index.js';
import type { Action } from '../../emulator/scenario/schema.js';
import type { EmulatedScript } from '../../emulator/script.js';
import type { ScriptLike } from '../../host/device/types.js';
import type { EmulatedSession } from '../../emulator/session.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const bundles = new Map<string, Promise<string>>();

/** Bundles a test agent (TypeScript source using `import Java from 'frida-java-bridge'`). */
export function bundleAgent(source: string): Promise<string> {
  let p = bundles.get(source);
  if (p === undefined) {
    p = build({
      stdin: { contents: source, loader: 'ts', resolveDir: ROOT, sourcefile: 'test-agent.ts' },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'neutral',
      target: 'es2022',
      mainFields: ['module', 'main'],
      logLevel: 'silent',
      alias: { 'frida-java-bridge': join(ROOT, 'emulator/bridge/index.ts'), buffer: '@frida/buffer' },
    }).then((r) => r.outputFiles[0]!.text);
    bundles.set(source, p);
  }
  return p;
}

/** A small app: an Application whose SDK reads android_id on a pool thread, and a launcher. */
export function miniScenario(patch: (s: Scenario) => void = () => undefined): Scenario {
  const s: Scenario = {
    name: 'mini',
    device: { apiLevel: 33, imei: ['861234567890123'], androidId: '9774d56d682e549c', imsi: '460001234567890', phoneNumber: '+8613800138000', installedApps: [{ package: 'com.tencent.mm' }] },
    app: {
      package: 'com.example.app',
      versionName: '1.2.3',
      versionCode: 123,
      targetSdk: 33,
      permissions: { 'android.permission.READ_PHONE_STATE': 'granted', 'android.permission.QUERY_ALL_PACKAGES': 'granted' },
      application: {
        class: 'com.example.app.App',
        onCreate: [{ in: ['com.sdk.push.PushManager.init', 'com.sdk.push.a.b'], do: [{ execute: 'sdk', task: 'com.sdk.push.a.b$1', do: [{ in: 'com.sdk.push.c.d.a', do: [{ read: 'android_id', as: 'aid' }] }] }] }],
      },
      launcher: { class: 'com.example.app.MainActivity' },
      components: {
        services: [{ class: 'com.sdk.push.PushService', process: ':push', onCreate: [{ read: 'android_id' }] }],
        receivers: [{ class: 'com.sdk.push.PushReceiver', process: ':push', exported: true, actions: ['com.sdk.push.WAKE'], onReceive: [{ read: 'android_id' }] }],
      },
      executors: { sdk: { threads: 1, threadName: 'sdk-worker-%d' } },
      sdks: [{ id: 'push', name: 'Push SDK', packages: ['com.sdk.push'] }],
    },
    timeline: [],
  };
  patch(s);
  return s;
}

/**
 * The network tests' app: the push SDK's init (com.sdk.push.PushManager.init, called from
 * Application.onCreate) runs `steps` as its task com.sdk.push.a.c on a thread of its own
 * (`thread`, default 'sdk-net'), the way SDKs upload from their own threads. `patch` adjusts the
 * rest of the scenario (device, libraries, native libraries).
 */
export function sdkThreadScenario(steps: Action[], opts: { thread?: string; patch?: (s: Scenario) => void } = {}): Scenario {
  return miniScenario((s) => {
    s.app.application!.onCreate = [{ in: ['com.sdk.push.PushManager.init'], do: [{ thread: opts.thread ?? 'sdk-net', task: 'com.sdk.push.a.c', do: steps }] }];
    opts.patch?.(s);
  });
}

export interface Running {
  device: EmulatedDevice;
  pid: number;
  session: EmulatedSession;
  script: EmulatedScript;
  /** send() payloads, in order. */
  sent: any[];
  /** error messages, in order. */
  errors: any[];
  logs: [string, string][];
}

export function watch(script: ScriptLike, r: Pick<Running, 'sent' | 'errors' | 'logs'>): void {
  script.message.connect((m: any) => {
    if (m.type === 'send') r.sent.push(m.payload);
    else r.errors.push(m);
  });
  script.logHandler = (level, text) => r.logs.push([level, text]);
}

/** Spawns the scenario's app (suspended), attaches and loads `agentSource`. */
export async function spawnWith(agentSource: string, opts: Partial<EmulatedDeviceOptions> & { scenario?: Scenario } = {}): Promise<Running> {
  const device = new EmulatedDevice({ scenario: opts.scenario ?? miniScenario(), ...opts });
  const pid = await device.spawn(device.scenario.app.package);
  const session = (await device.attach(pid)) as EmulatedSession;
  const script = (await session.createScript(await bundleAgent(agentSource), { name: 'test-agent' })) as EmulatedScript;
  const r: Running = { device, pid, session, script, sent: [], errors: [], logs: [] };
  watch(script, r);
  await script.load();
  return r;
}

/** Lets asynchronously delivered messages arrive. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}
