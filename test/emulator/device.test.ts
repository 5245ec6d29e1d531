// EmulatedDevice as a Frida 17 device: spawn (force-stop, suspended), attach, spawn gating with the
// 8 s watchdog, child gating, crashes, every detach reason, device loss and queries.
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatedDevice } from '../../emulator/index.js';
import type { Scenario } from '../../emulator/index.js';
import { bundleAgent, miniScenario, settle, watch } from './helpers.js';

let device: EmulatedDevice | null = null;
afterEach(() => {
  device?.close();
  device = null;
});

const HELLO = `
import Java from 'frida-java-bridge';
send({ hello: String.fromCharCode(...new Uint8Array(File.readAllBytes('/proc/self/cmdline'))).split('\\0')[0], pid: Process.id });
Java.perform(() => {
  const S = Java.use('android.provider.Settings$Secure');
  S.getString.implementation = function (cr, name) {
    const v = this.getString(cr, name);
    send({ read: name, tid: Process.getCurrentThreadId(), thread: Java.use('java.lang.Thread').currentThread().getName() });
    return v;
  };
});
rpc.exports = { ping: () => 'pong' };
`;

function pushScenario(patch: (s: Scenario) => void = () => undefined): Scenario {
  return miniScenario((s) => {
    s.timeline = [{ at: 1000, type: 'broadcast', action: 'com.sdk.push.WAKE', component: 'com.sdk.push.PushReceiver', reason: 'push' }];
    patch(s);
  });
}

describe('EmulatedDevice', () => {
  it('spawn force-stops the package and starts it suspended; bad requests fail like Frida', async () => {
    device = new EmulatedDevice({ scenario: miniScenario() });
    const pid = await device.spawn('com.example.app');
    const session = await device.attach(pid);
    const reasons: unknown[] = [];
    session.detached.connect((r) => reasons.push(r));
    const procs = await device.enumerateProcesses();
    expect(procs.find((p) => p.pid === pid)?.name).toBe('com.example.app');
    // Suspended: nothing of the app ran yet.
    expect(device.process(pid)!.state).toBe('suspended');
    expect(device.process(pid)!.singletons.has('app.application')).toBe(false);
    const pid2 = await device.spawn(['com.example.app']);
    expect(pid2).not.toBe(pid);
    await settle();
    expect(reasons).toEqual(['process-terminated']);
    await expect(device.spawn('com.example.app', { argv: ['x'] })).rejects.toThrow("The 'argv' option is not supported when spawning Android apps");
    await expect(device.spawn('com.nope')).rejects.toThrow("Unable to find application with identifier 'com.nope'");
    await expect(device.attach(999999)).rejects.toThrow('Unable to find process with pid 999999');
    await expect(device.resume(999999)).rejects.toThrow('Invalid PID');
  });

  it('spawn gating catches the app\'s other processes (pkg:proc) and holds virtual time until resume', async () => {
    device = new EmulatedDevice({ scenario: pushScenario() });
    await device.enableSpawnGating({ scope: 'applications' });
    const added: { pid: number; identifier: string }[] = [];
    const removed: number[] = [];
    let heldAt = -1;
    const gotSpawn = new Promise<void>((resolve) =>
      device!.spawnAdded.connect((s) => {
        added.push(s);
        heldAt = device!.scheduler.now;
        resolve();
      }),
    );
    device.spawnRemoved.connect((s) => removed.push(s.pid));
    const pid = await device.spawn('com.example.app');
    await device.resume(pid);
    await gotSpawn;
    expect(added[0]!.identifier).toBe('com.example.app:push');
    expect(await device.enumeratePendingSpawn()).toEqual([added[0]]);
    await settle(20);
    // Time stands still while the host has not resumed the gated process (max-speed mode).
    expect(device.scheduler.now).toBe(heldAt);
    const session = await device.attach(added[0]!.pid);
    const script = await session.createScript(await bundleAgent(HELLO));
    const r = { sent: [] as any[], errors: [] as any[], logs: [] as [string, string][] };
    watch(script, r);
    await script.load();
    await device.resume(added[0]!.pid);
    expect(removed).toEqual([added[0]!.pid]);
    await device.waitForScenarioEnd();
    await settle();
    expect(r.sent[0]).toEqual({ hello: 'com.example.app:push', pid: added[0]!.pid });
    // The receiver's read ran on the :push process's main thread, after Java.perform's hooks went in.
    expect(r.sent).toContainEqual({ read: 'android_id', tid: added[0]!.pid, thread: 'main' });
    expect(r.errors).toEqual([]);
  });

  it('the watchdog resumes everything and disables gating when the host does not resume a spawn', async () => {
    device = new EmulatedDevice({ scenario: pushScenario(), watchdogMs: 30 });
    await device.enableSpawnGating({ scope: 'applications' });
    const disabled = new Promise<string>((resolve) => device!.spawnGatingDisabled.connect(resolve));
    const removed: number[] = [];
    device.spawnRemoved.connect((s) => removed.push(s.pid));
    let gated = 0;
    device.spawnAdded.connect((s) => (gated = s.pid));
    const pid = await device.spawn('com.example.app');
    await device.resume(pid);
    expect(await disabled).toBe('watchdog-timeout');
    expect(removed).toEqual([gated]);
    expect(device.process(gated)!.state).toBe('running');
    expect(await device.enumeratePendingSpawn()).toEqual([]);
    await device.waitForScenarioEnd();
  });

  it('disableSpawnGating resumes pending spawns and reports application-requested', async () => {
    device = new EmulatedDevice({ scenario: pushScenario() });
    await device.enableSpawnGating();
    const gated = new Promise<number>((resolve) => device!.spawnAdded.connect((s) => resolve(s.pid)));
    const disabled = new Promise<string>((resolve) => device!.spawnGatingDisabled.connect(resolve));
    await device.resume(await device.spawn('com.example.app'));
    const pid = await gated;
    await device.disableSpawnGating();
    expect(await disabled).toBe('application-requested');
    expect(device.process(pid)!.state).toBe('running');
    await device.waitForScenarioEnd();
  });

  it('an associated start (bindService into another app) spawns that app\'s process', async () => {
    const scenario = miniScenario((s) => {
      s.otherApps = [{ package: 'com.partner.app', launcher: { class: 'com.partner.app.Main' }, components: { services: [{ class: 'com.sdk.push.PushService', process: ':push', exported: true }] } }];
      s.timeline = [
        { at: 500, type: 'run', thread: 'sdk', task: 'com.sdk.push.a.c', do: [{ start: { via: 'bind', package: 'com.partner.app', component: 'com.sdk.push.PushService', connection: 'com.sdk.push.a.d' } }] },
      ];
    });
    device = new EmulatedDevice({ scenario });
    await device.enableSpawnGating({ scope: 'applications' });
    const spawns: string[] = [];
    device.spawnAdded.connect((s) => {
      spawns.push(s.identifier);
      void device!.resume(s.pid);
    });
    await device.resume(await device.spawn('com.example.app'));
    await device.waitForScenarioEnd();
    expect(spawns).toEqual(['com.partner.app:push']);
    const apps = await device.enumerateApplications({ identifiers: ['com.partner.app', 'com.example.app'], scope: 'metadata' });
    expect(apps.map((a) => [a.identifier, a.pid > 0])).toEqual([
      ['com.example.app', true],
      ['com.partner.app', false], // only its :push process runs
    ]);
    expect(apps[0]!.parameters).toMatchObject({ version: '1.2.3', build: '123' });
  });

  it('Android refuses what it refuses: background service starts (8+), implicit services, cleartext (9+)', async () => {
    const scenario = miniScenario((s) => {
      s.otherApps = [{ package: 'com.partner.app', components: { services: [{ class: 'com.partner.app.Svc', exported: true }] } }];
    });
    device = new EmulatedDevice({ scenario });
    const pid = await device.spawn('com.example.app');
    const script = await (await device.attach(pid)).createScript(
      await bundleAgent(`
      import Java from 'frida-java-bridge';
      const err = (fn) => { try { fn(); return null; } catch (e) { return e.message; } };
      rpc.exports = {
        refusals: () => Java.performNow(() => {
          const app = Java.use('android.app.ActivityThread').currentApplication();
          const Intent = Java.use('android.content.Intent');
          const explicit = Intent.$new(); explicit.setClassName('com.partner.app', 'com.partner.app.Svc');
          const implicit = Intent.$new('com.partner.ACTION');
          // openConnection() is declared to return URLConnection: like FJB, cast to reach HttpURLConnection.
          const conn = Java.cast(Java.use('java.net.URL').$new('http://plain.example.org/x').openConnection(), Java.use('java.net.HttpURLConnection'));
          return [err(() => app.startService(explicit)), err(() => app.startService(implicit)), err(() => conn.getResponseCode())];
        }),
      };`),
    );
    await script.load();
    await device.resume(pid);
    await device.waitForScenarioEnd();
    expect(await script.exports.refusals!()).toEqual([
      // API 31+: ContextImpl.startServiceCommon throws ServiceStartNotAllowedException.newInstance(false, …), a BackgroundServiceStartNotAllowedException (an IllegalStateException).
      'android.app.BackgroundServiceStartNotAllowedException: Not allowed to start service Intent { cmp=com.partner.app/.Svc }: app is in background uid null',
      'java.lang.IllegalArgumentException: Service Intent must be explicit: Intent { act=com.partner.ACTION }',
      'java.net.UnknownServiceException: CLEARTEXT communication to plain.example.org not permitted by network security policy',
    ]);
  });

  it('reports every way a session ends', async () => {
    const scenario = miniScenario((s) => {
      s.app.nativeLibs = ['libsdkcore.so'];
      s.timeline = [
        { at: 1000, type: 'broadcast', action: 'com.sdk.push.WAKE', component: 'com.sdk.push.PushReceiver', reason: 'push' },
        { at: 2000, type: 'crash', process: ':push', kind: 'native', library: 'libsdkcore.so', signal: 'SIGSEGV' },
        { at: 3000, type: 'crash', kind: 'java', exception: 'java.lang.IllegalStateException', message: 'boom' },
      ];
    });
    device = new EmulatedDevice({ scenario });
    await device.enableSpawnGating();
    const ends: [string, string, unknown][] = [];
    const crashes: any[] = [];
    device.processCrashed.connect((c) => crashes.push(c));
    const track = async (pid: number, name: string) => {
      const s = await device!.attach(pid);
      s.detached.connect((reason, crash) => ends.push([name, reason, crash === null ? null : crash.summary]));
      return s;
    };
    device.spawnAdded.connect((sp) => void track(sp.pid, sp.identifier).then(() => device!.resume(sp.pid)));
    const pid = await device.spawn('com.example.app');
    const main = await track(pid, 'main');
    const extra = await track(pid, 'extra');
    await extra.detach();
    await device.resume(pid);
    await device.waitForScenarioEnd();
    await settle();
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ processName: 'com.example.app:push', summary: 'Signal 11 (SIGSEGV), code 1, fault addr 0x0 in libsdkcore.so' });
    expect(ends).toEqual([
      ['extra', 'application-requested', null],
      ['com.example.app:push', 'process-terminated', 'Signal 11 (SIGSEGV), code 1, fault addr 0x0 in libsdkcore.so'],
      // A Java crash kills the process from RuntimeInit's handler: Frida sees the process go.
      ['main', 'process-terminated', null],
    ]);
    expect(device.notices.some((n) => n.startsWith('FATAL EXCEPTION: main in com.example.app') && n.includes('java.lang.IllegalStateException: boom'))).toBe(true);
    expect(main.isDetached()).toBe(true);
    // kill(pid) of a fresh spawn
    const again = await device.spawn('com.example.app');
    const s2 = await track(again, 'killed');
    await device.kill(again);
    await settle();
    expect(ends.at(-1)).toEqual(['killed', 'process-terminated', null]);
    expect(s2.isDetached()).toBe(true);
    // device loss
    const s3 = await track(await device.spawn('com.example.app'), 'lost');
    const lost = new Promise<void>((resolve) => device!.lost.connect(resolve));
    device.lose();
    await lost;
    await settle();
    expect(ends.at(-1)).toEqual(['lost', 'device-lost', null]);
    expect(s3.isDetached()).toBe(true);
    expect(device.isLost()).toBe(true);
    await expect(device.enumerateProcesses()).rejects.toThrow('Device is gone');
  });

  it('child gating reports fork and exec of Runtime.exec() children', async () => {
    const scenario = miniScenario((s) => {
      s.timeline = [{ at: 500, type: 'run', thread: 'sdk', task: 'com.sdk.push.a.e', do: [{ exec: { path: '/system/bin/getprop', argv: ['ro.serialno'] } }] }];
    });
    device = new EmulatedDevice({ scenario });
    const pid = await device.spawn('com.example.app');
    const session = await device.attach(pid);
    await session.enableChildGating();
    const children: any[] = [];
    const removed: any[] = [];
    device.childAdded.connect((c) => {
      children.push(c);
      void device!.resume(c.pid);
    });
    device.childRemoved.connect((c) => removed.push(c.origin));
    await device.resume(pid);
    await device.waitForScenarioEnd();
    expect(children.map((c) => [c.origin, c.parentPid, c.path, c.argv])).toEqual([
      ['fork', pid, '/system/bin/app_process64', []],
      ['exec', pid, '/system/bin/getprop', ['/system/bin/getprop', 'ro.serialno']],
    ]);
    expect(removed).toEqual(['fork', 'exec']);
  });

  it('answers system queries', async () => {
    device = new EmulatedDevice({ scenario: miniScenario((s) => (s.device.apiLevel = 30)) });
    const p = await device.querySystemParameters();
    expect(p).toMatchObject({ os: { id: 'android', name: 'Android', version: '11' }, platform: 'linux', arch: 'arm64', 'api-level': 30 });
    const procs = await device.enumerateProcesses();
    expect(procs.map((x) => x.name)).toContain('system_server');
    const apps = await device.enumerateApplications();
    expect(apps).toEqual([{ identifier: 'com.example.app', name: 'com.example.app', pid: 0, parameters: {} }]);
    await expect(device.attach(1187)).rejects.toThrow('app processes only');
  });

  it('runs in real-time mode too (the live dashboard)', async () => {
    device = new EmulatedDevice({ scenario: miniScenario((s) => (s.durationMs = 2000)), mode: { kind: 'realtime', factor: 200 } });
    await device.resume(await device.spawn('com.example.app'));
    const out = await device.waitForScenarioEnd();
    expect(out.virtualMs).toBe(2000);
  });
});
