// Self-start observation: `sdktrace trace --observe` with an app nobody launches. Every process of
// it that starts is traced, with what woke it (the agent's process-start event), and everything it
// does is in the background phase. The emulated scenario starts without a user launch.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EmulatedDevice, type Scenario } from '../../emulator/index.js';
import { createAttributor } from '../../attribution/shipped.js';
import { startRun } from '../../host/session/run.js';
import { appProcesses } from '../../host/session/targets.js';
import { Store } from '../../store/db.js';
import { agentSource } from '../../host/commands/common.js';
import { cli, deviceEvents, events, scenario, seqReport, tmpDir, type Captured } from './helpers.js';

const APP = 'com.example.quiet';
const db = join(tmpDir(), 'observe.db');
let run: Captured<number>;
let store: Store;

beforeAll(async () => {
  run = await cli('trace', '--observe', '--device', 'emulated', '--scenario', scenario('observe'), '--db', db, '--json');
  store = Store.open(db, { readonly: true });
}, 120_000);

afterAll(() => store?.close());

describe('sdktrace trace --observe on the emulated device', () => {
  it('records an observe run that nobody launched', () => {
    expect(run.result).toBe(0);
    expect(run.err).toContain(`waiting for any process of ${APP} to start without a launch by sdktrace`);
    const r = store.resolveRun('latest');
    expect(r).toMatchObject({ mode: 'observe', package: APP, end_reason: 'scenario finished' });
    expect(JSON.parse(r.options)).toMatchObject({ target: { mode: 'observe' }, launchedByUser: false });
  });

  it('traces each process of the app that starts by itself, with what woke it', () => {
    const procs = store.processes(1);
    expect(procs.map((p) => [p.name, p.spawned_by, p.start_reason])).toEqual([
      [`${APP}:push`, 'device', 'push'],
      [APP, 'device', 'service'],
    ]);
    expect(JSON.parse(procs[0]!.start_detail!)).toMatchObject({ component: `${APP}/com.igexin.sdk.PushReceiver`, action: 'com.igexin.sdk.action.MESSAGE' });
    expect(JSON.parse(procs[1]!.start_detail!)).toMatchObject({ component: `${APP}/${APP}.SyncService` });
    // Each reason is the one the process's own agent reported.
    for (const p of procs) {
      const start = events(store, 1, "process_id = ? AND kind = 'lifecycle' AND json_extract(detail, '$.type') = 'process-start'", p.id);
      expect(start.map((e) => e.d.reason)).toEqual([p.start_reason]);
    }
    expect(deviceEvents(store, 1, 'process-started').map((e) => e.d.spawnedBy)).toEqual(['device', 'device']);
  });

  it('puts everything the app did in the background phase (no activity ever resumed)', () => {
    const agent = events(store, 1, "source = 'agent'");
    expect(agent.length).toBeGreaterThan(0);
    expect(new Set(agent.map((e) => e.phase))).toEqual(new Set(['background']));
    expect(events(store, 1, "kind = 'lifecycle' AND json_extract(detail, '$.type') = 'resume'")).toEqual([]);
    expect(events(store, 1, "data_type IN ('android_id', 'imei')").map((e) => e.sdk)).toEqual(expect.arrayContaining(['getui-push']));
  });

  it('streams every stored event as one NDJSON line on stdout (diagnostics on stderr)', () => {
    const lines = run.out.split('\n').filter((l) => l !== '');
    const records = lines.map((l) => JSON.parse(l) as { id: number; kind: string; source: string });
    const stored = store.db.prepare('SELECT id FROM events WHERE run_id = 1 ORDER BY id').all() as { id: number }[];
    expect(records.map((r) => r.id)).toEqual(stored.map((r) => r.id));
    expect(run.out).not.toContain('Per SDK');
    expect(run.err).toContain('Per SDK');
  });

  it('loses nothing', () => {
    for (const p of seqReport(store, 1)) {
      expect(p.gaps, p.name).toBe(0);
      expect(p.seqs, p.name).toEqual(p.seqs.map((_, i) => i));
    }
  });
});

describe('observation stops the app first', () => {
  it('kills every running process of the app and records each kill', async () => {
    // The app alone, with nothing on its timeline (no other process starts while it is stopped).
    const app = JSON.parse(readFileSync(scenario('multi'), 'utf8')) as Scenario;
    const device = new EmulatedDevice({ scenario: { ...app, timeline: [] } });
    const pkg = device.scenario.app.package;
    // The user opened the app before sdktrace was started (no tracing yet).
    const pid = await device.spawn(pkg);
    await device.resume(pid);
    const store = Store.open(join(tmpDir(), 'kill.db'), { create: true });
    try {
      const r = await startRun({ store, device, deviceKind: 'emulated', package: pkg, mode: 'observe', agentSource: agentSource('emulated'), attributor: createAttributor(pkg), launchedByUser: false, deviceNow: () => device.scheduler.wallNow() });
      const killed = await r.tracer.stopApp();
      expect(killed).toEqual([{ pid, name: pkg, package: pkg }]);
      expect((await device.enumerateProcesses()).some((p) => p.pid === pid)).toBe(false);
      expect(await appProcesses(device, pkg)).toEqual([]);
      const kills = deviceEvents(store, r.runId, 'killed');
      expect(kills.map((k) => [k.pid, k.d.identifier, k.d.by])).toEqual([[pid, pkg, 'sdktrace']]);
      await r.tracer.stop('test done');
    } finally {
      device.close();
      store.close();
    }
  });
});
