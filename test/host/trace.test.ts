// `sdktrace trace` end to end on the emulated device, through the real CLI, agent bundle, ingest
// and store: a two-process app whose :push process a push broadcast wakes, an associated start of
// another app, a fork/exec child, a native crash, a restart (re-attached, linked to the crashed
// process) and a kill. Everything must be in the database with the right process, reason and
// order, and no event may be missing.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { cli, deviceEvents, events, scenario, seqReport, tmpDir, type Captured } from './helpers.js';

const APP = 'com.example.multi';
const db = join(tmpDir(), 'trace.db');
let run: Captured<number>;
let store: Store;

beforeAll(async () => {
  run = await cli('trace', '--device', 'emulated', '--scenario', scenario('multi'), '--db', db, '-q', '--agree-words', '+sure thing');
  store = Store.open(db, { readonly: true });
}, 120_000);

afterAll(() => store?.close());

describe('sdktrace trace --device emulated (multi-process app)', () => {
  it('ends cleanly with the scenario and prints the per-SDK summary and totals', () => {
    expect(run.err).not.toMatch(/internal error/);
    // The agent's own reading of the package agrees with the run's (no --app advice).
    expect(run.err).not.toMatch(/reports the app/);
    expect(run.result).toBe(0);
    expect(run.out).toMatch(/Per SDK\n\s+Getui Push\s+\d+\s+android_id, imei/);
    expect(run.err).toMatch(/run 1 ended \(scenario finished\): \d+ events from the app, \d+ device events, 0 protocol errors, 0 events lost/);
    const r = store.resolveRun('1');
    expect(r).toMatchObject({ mode: 'trace', device_kind: 'emulated', package: APP, api_level: 30, os_version: '11', end_reason: 'scenario finished' });
    expect(JSON.parse(r.options)).toMatchObject({ target: { mode: 'spawn' }, launchedByUser: true, device: { kind: 'emulated', scenario: scenario('multi') } });
  });

  it('traces every process of the app: main (launched by sdktrace), :push woken by push, and :push again after its crash', () => {
    const procs = store.processes(1);
    expect(procs.map((p) => [p.name, p.spawned_by, p.start_reason, p.target])).toEqual([
      [APP, 'sdktrace', 'launcher', 1],
      [`${APP}:push`, 'device', 'push', 1],
      [`${APP}:push`, 'device', 'push', 1],
    ]);
    const [main, push1, push2] = procs as [(typeof procs)[0], (typeof procs)[0], (typeof procs)[0]];
    // What woke :push comes from the agent's process-start event of that very process.
    expect(JSON.parse(push1.start_detail!)).toMatchObject({ source: 'agent', reason: 'push', component: `${APP}/com.igexin.sdk.PushReceiver`, action: 'com.igexin.sdk.action.MESSAGE' });
    const wake = events(store, 1, "process_id = ? AND kind = 'lifecycle' AND json_extract(detail, '$.type') = 'process-start'", push1.id);
    expect(wake).toHaveLength(1);
    expect(wake[0]!.sdk).toBe('getui-push');
    // The launch by sdktrace stays the start reason of main; the agent's own reading is kept too.
    expect(JSON.parse(main.start_detail!)).toMatchObject({ launchedBy: 'sdktrace', via: 'spawn', agent: { component: `${APP}/${APP}.MainActivity` } });
    // The restart is a new pid, linked to the process it restarts.
    expect(push2.pid).not.toBe(push1.pid);
    expect(push1.restart_of).toBeNull();
    expect(push2.restart_of).toBe(push1.id);
    expect(main.restart_of).toBeNull();
  });

  it('records how each process ended: crash (with the crash summary), kill, end of run', () => {
    const [main, push1, push2] = store.processes(1);
    expect(push1!.end_reason).toBe('crashed (process-terminated): Signal 11 (SIGSEGV), code 1, fault addr 0x0 in libgetuiext3.so');
    expect(push2!.end_reason).toBe('process-terminated');
    expect(main!.end_reason).toBe('detached at end of run');
    const crash = deviceEvents(store, 1, 'crash');
    expect(crash).toHaveLength(1);
    expect(crash[0]).toMatchObject({ process_id: push1!.id, pid: push1!.pid, api: 'device.processCrashed' });
    expect(crash[0]!.d).toMatchObject({ processName: `${APP}:push`, summary: expect.stringContaining('SIGSEGV') });
    expect(crash[0]!.d.report).toContain(`>>> ${APP}:push <<<`);
    const ended = deviceEvents(store, 1, 'process-ended');
    expect(ended.map((e) => [e.process_id, e.d.reason, e.d.crash ?? null])).toEqual([
      [push1!.id, 'process-terminated', expect.stringContaining('SIGSEGV')],
      [push2!.id, 'process-terminated', null],
    ]);
  });

  it('keeps the device timeline in order: start, work, crash, end, restart, work, kill', () => {
    const [main, push1, push2] = store.processes(1);
    const started = deviceEvents(store, 1, 'process-started');
    expect(started.map((e) => [e.process_id, e.d.identifier, e.d.spawnedBy, e.d.restartOf ?? null])).toEqual([
      [main!.id, APP, 'sdktrace', null],
      [push1!.id, `${APP}:push`, 'device', null],
      [push2!.id, `${APP}:push`, 'device', push1!.pid],
    ]);
    const crash = deviceEvents(store, 1, 'crash')[0]!;
    const [end1, end2] = deviceEvents(store, 1, 'process-ended');
    const start2 = started[2]!;
    // Stored in this order, and at non-decreasing device times.
    const chain = [started[1]!, crash, end1!, start2, end2!];
    expect(chain.map((e) => e.id)).toEqual([...chain.map((e) => e.id)].sort((a, b) => a - b));
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.t).toBeGreaterThanOrEqual(chain[i - 1]!.t);
    // The device clock: the crash at 3 s, the restart at 5 s, the kill at 7 s of the scenario.
    const t0 = started[0]!.t;
    expect([crash.t - t0, start2.t - t0, end2!.t - t0]).toEqual([3000, 5000, 7000]);
    // Each process's own events fall inside its life.
    for (const p of [push1!, push2!]) {
      const own = events(store, 1, "process_id = ? AND source = 'agent'", p.id);
      expect(own.length).toBeGreaterThan(0);
      for (const e of own) {
        expect(e.t).toBeGreaterThanOrEqual(p.started_at);
        expect(e.t).toBeLessThanOrEqual(p.ended_at!);
      }
    }
    expect(push1!.ended_at).toBeLessThanOrEqual(push2!.started_at);
  });

  it('sees the associated start: the SDK binds the partner app and that app\'s process spawns', () => {
    const [, push1, push2] = store.processes(1);
    const launches = store.db
      .prepare('SELECT l.target_package, l.other_app, l.via, e.process_id, e.t, e.id FROM launches l JOIN events e ON e.id = l.event_id WHERE l.run_id = 1 ORDER BY e.id')
      .all() as { target_package: string; other_app: number; via: string; process_id: number; t: number; id: number }[];
    expect(launches.map((l) => [l.target_package, l.other_app, l.via, l.process_id])).toEqual([
      ['com.partner.app', 1, 'bind', push1!.id],
      ['com.partner.app', 1, 'bind', push2!.id],
    ]);
    // The partner's :bridge process starts once (the second bind finds it running), recorded and resumed.
    const spawns = deviceEvents(store, 1, 'spawn');
    expect(spawns.map((s) => [s.d.identifier, s.d.package, s.d.other, s.process_id])).toEqual([['com.partner.app:bridge', 'com.partner.app', true, null]]);
    expect(spawns[0]!.t).toBeGreaterThanOrEqual(launches[0]!.t);
    expect(spawns[0]!.t).toBeLessThan(deviceEvents(store, 1, 'crash')[0]!.t);
  });

  it('records the fork/exec child of the main process through child gating', () => {
    const [main] = store.processes(1);
    const children = deviceEvents(store, 1, 'child');
    expect(children.map((c) => [c.process_id, c.d.origin, c.d.path, c.d.parentPid])).toEqual([
      [main!.id, 'fork', '/system/bin/app_process64', main!.pid],
      [main!.id, 'exec', '/system/bin/getprop', main!.pid],
    ]);
    expect(children[1]!.d.argv).toEqual(['/system/bin/getprop', 'ro.serialno']);
    expect(children[0]!.pid).toBe(children[1]!.pid);
  });

  it('uses the consent words given on the command line: the "Sure thing" click is consent', () => {
    const click = events(store, 1, "kind = 'lifecycle' AND json_extract(detail, '$.type') = 'click'");
    expect(click).toHaveLength(1);
    expect(click[0]).toMatchObject({ phase: 'post-consent', consent: 'granted' });
    const imei = events(store, 1, "data_type = 'imei'");
    expect(imei.length).toBeGreaterThan(0);
    expect(imei.every((e) => e.phase === 'post-consent')).toBe(true);
    const words = JSON.parse(store.resolveRun('1').options).consentWords as { agree: string[]; refuse: string[] };
    expect(words.agree).toContain('sure thing');
    expect(words.agree).toContain('同意');
  });

  it('loses nothing: every seq of every process once, in order, no gaps, no protocol errors, an intact hash chain', () => {
    for (const p of seqReport(store, 1)) {
      expect(p.gaps, p.name).toBe(0);
      expect(p.seqs, p.name).toEqual(p.seqs.map((_, i) => i));
      expect(p.nextSeq, p.name).toBe(p.seqs.length);
    }
    expect(store.db.prepare('SELECT location, error FROM protocol_errors WHERE run_id = 1').all()).toEqual([]);
    expect(verifyRunChain(store.db, 1)).toMatchObject({ ok: true, problems: [] });
  });
});
