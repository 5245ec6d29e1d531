// The tracer's paths that the CLI on the emulated device does not take: attaching to an app that
// already runs (-n / -p on phones), finding it by name, label or pid, and Frida's 8 s watchdog
// switching spawn gating off behind the tracer's back.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentSource } from '../../host/commands/common.js';
import { EmulatedDevice } from '../../emulator/index.js';
import { GADGET_NOT_SUPPORTED } from '../../emulator/device.js';
import { UserError } from '../../protocol/errors.js';
import { createAttributor } from '../../attribution/shipped.js';
import { startRun, type ActiveRun } from '../../host/session/run.js';
import { appProcesses, findRunning } from '../../host/session/targets.js';
import { Store } from '../../store/db.js';
import { deviceEvents, events, scenario, seqReport, tmpDir } from './helpers.js';

const APP = 'com.example.multi';
let device: EmulatedDevice | undefined;
let store: Store | undefined;

afterEach(() => {
  device?.close();
  store?.close();
  device = store = undefined;
});

async function begin(d: EmulatedDevice, launchedByUser: boolean, log?: (line: string) => void): Promise<ActiveRun> {
  device = d;
  store = Store.open(join(tmpDir(), 'tracer.db'), { create: true });
  return startRun({
    store,
    device: d,
    deviceKind: 'emulated',
    package: APP,
    mode: 'trace',
    agentSource: agentSource('emulated'),
    attributor: createAttributor(APP),
    launchedByUser,
    deviceNow: () => d.scheduler.wallNow(),
    ...(log === undefined ? {} : { log }),
  });
}

describe('finding a running app (-n / -p)', () => {
  it('by package, label, process name or pid; refuses what is not running or ambiguous', async () => {
    const d = new EmulatedDevice({ scenario: scenario('multi') });
    device = d;
    await expect(findRunning(d, { name: APP })).rejects.toThrow(`${APP} is installed but not running; start it, or let sdktrace launch it with -f ${APP}`);
    const pid = await d.spawn(APP);
    expect(await findRunning(d, { name: APP })).toEqual({ pid, name: APP, package: APP });
    expect(await findRunning(d, { name: 'Multi' })).toEqual({ pid, name: APP, package: APP });
    expect(await findRunning(d, { pid })).toEqual({ pid, name: APP, package: APP });
    expect(await findRunning(d, { name: 'system_server' })).toEqual({ pid: 1187, name: 'system_server', package: 'system_server' });
    await expect(findRunning(d, { pid: 99999 })).rejects.toBeInstanceOf(UserError);
    await expect(findRunning(d, { name: 'com.nothing.here' })).rejects.toThrow(/no running process is named "com.nothing.here"/);
    expect(await appProcesses(d, APP)).toEqual([{ pid, name: APP, package: APP }]);
  });
});

describe('attaching to a running app', () => {
  it('attaches to the main process, follows the processes that start later, and trusts no late start guess', async () => {
    const d = new EmulatedDevice({ scenario: scenario('multi') });
    // The app was started before sdktrace (here: spawned and held, so nothing is missed).
    const pid = await d.spawn(APP);
    const run = await begin(d, false);
    await run.tracer.attachRunning({ pid, name: APP, package: APP });
    await d.resume(pid);
    await d.waitForScenarioEnd();
    await run.tracer.stop('scenario finished');
    const procs = store!.processes(run.runId);
    expect(procs.map((p) => [p.name, p.spawned_by])).toEqual([
      [APP, 'attach'],
      [`${APP}:push`, 'device'],
      [`${APP}:push`, 'device'],
    ]);
    // An attached process's start is not known: the agent's guess is kept aside, not as the reason.
    expect(procs[0]!.start_reason).toBeNull();
    expect(JSON.parse(procs[0]!.start_detail!)).toMatchObject({ afterAttach: { source: 'agent' } });
    expect(procs[1]!.start_reason).toBe('push');
    expect(procs[2]!.restart_of).toBe(procs[1]!.id);
    expect(deviceEvents(store!, run.runId, 'process-started')[0]!.d).toMatchObject({ identifier: APP, spawnedBy: 'attach' });
    for (const p of seqReport(store!, run.runId)) expect(p.gaps, p.name).toBe(0);
  });
});

describe("Frida's watchdog", () => {
  it('when gating is switched off, the tracer records it, switches it on again and still follows every process', async () => {
    // A watchdog shorter than any agent load: every gated spawn is resumed by the device first.
    const d = new EmulatedDevice({ scenario: scenario('multi'), watchdogMs: 1 });
    const run = await begin(d, true);
    await run.tracer.spawn();
    await d.waitForScenarioEnd();
    await run.tracer.stop('scenario finished');
    const disabled = deviceEvents(store!, run.runId, 'gating-disabled');
    const enabled = deviceEvents(store!, run.runId, 'gating-enabled');
    expect(disabled.length).toBeGreaterThan(0);
    expect(disabled.every((e) => e.d.reason === 'watchdog-timeout')).toBe(true);
    expect(enabled.map((e) => e.d.after)).toEqual(disabled.map((e) => e.d.reason));
    // Both :push processes (the second one started after gating had been switched off once) are traced.
    const procs = store!.processes(run.runId);
    expect(procs.map((p) => p.name)).toEqual([APP, `${APP}:push`, `${APP}:push`]);
    expect(procs[2]!.restart_of).toBe(procs[1]!.id);
    // Each was claimed and attached to (how far its agent got before the device killed it depends
    // on real time against virtual time: the device resumed it before the agent was ready).
    expect(deviceEvents(store!, run.runId, 'process-started').map((e) => [e.process_id, e.d.spawnedBy])).toEqual(procs.map((p) => [p.id, p.id === procs[0]!.id ? 'sdktrace' : 'device']));
    expect(procs[1]!.end_reason).toMatch(/^crashed \(.*\): Signal 11 \(SIGSEGV\)/);
    for (const p of seqReport(store!, run.runId)) expect(p.gaps, p.name).toBe(0);
  });
});

describe('frida-gadget (conformance: frida-core.gadget.noSpawnGating)', () => {
  it('gating is refused with frida-core\'s error: the tracer records it once, says it once and traces attach-only', async () => {
    const d = new EmulatedDevice({ scenario: scenario('multi'), gadget: true });
    await expect(d.enableSpawnGating({ scope: 'applications' })).rejects.toThrow(GADGET_NOT_SUPPORTED);
    await expect(d.enumeratePendingSpawn()).rejects.toThrow('Not possible when embedded');
    await expect(d.disableSpawnGating()).rejects.toThrow('Not possible when embedded');
    const pid = await d.spawn(APP);
    const lines: string[] = [];
    const run = await begin(d, false, (l) => lines.push(l));
    await run.tracer.attachRunning({ pid, name: APP, package: APP });
    await d.resume(pid);
    await d.waitForScenarioEnd();
    await run.tracer.stop('scenario finished');
    const unavailable = deviceEvents(store!, run.runId, 'gating-unavailable');
    expect(unavailable.map((e) => e.d.reason)).toEqual(['Not possible when embedded']);
    expect(lines.filter((l) => l.includes('spawn gating is unavailable'))).toHaveLength(1);
    const procs = store!.processes(run.runId);
    expect(procs[0]).toMatchObject({ name: APP, spawned_by: 'attach' });
    expect(events(store!, run.runId, "process_id = ? AND source = 'agent'", procs[0]!.id).length).toBeGreaterThan(0);
    for (const p of seqReport(store!, run.runId)) expect(p.gaps, p.name).toBe(0);
  });
});
