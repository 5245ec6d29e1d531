// Faults during a run on the emulated device: an agent's session dropped (frida-server lets go of
// it while the process lives), a process crash, the device lost, and a disk that fills up (a real
// 4 MB tmpfs when this machine lets us mount one, SQLite's max_page_count otherwise). Whatever
// happens, the run ends with a clear reason, the events stored before the fault are all still
// there, unchanged (same ids, same chain hashes), the database verifies, and `sdktrace report` on
// it reports exactly what was recorded. test/host/endings.test.ts covers the exit codes and
// messages of a lost device and a full database; this adds the report and the before/after
// comparison, and the faults it does not cover.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedDevice } from '../../emulator/index.js';
import type { IngestItem, Stage } from '../../host/ingest/types.js';
import type { ActiveRun } from '../../host/session/run.js';
import { Store } from '../../store/db.js';
import { verifyRunChain } from '../../store/verify.js';
import { cli, scenario, traceWith, type Captured } from '../host/helpers.js';

const APP = 'com.example.multi';
const dir = mkdtempSync(join(tmpdir(), 'sdktrace-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A live output that acts once, on the first committed batch with an item matching `when`. */
function once(when: (item: IngestItem) => boolean, act: () => void): Stage {
  let done = false;
  return {
    name: 'fault-trigger',
    committed(items) {
      if (!done && items.some(when)) {
        done = true;
        act();
      }
    },
  };
}

interface Snapshot {
  rows: { id: number; hash: string }[];
}

function snapshot(run: ActiveRun): Snapshot {
  return { rows: run.store.db.prepare('SELECT id, hash FROM events WHERE run_id = ? ORDER BY id').all(run.runId) as { id: number; hash: string }[] };
}

interface Outcome {
  run: Captured<number>;
  before: Snapshot;
  store: Store;
  report: { totals: { events: number; agentEvents: number; hostEvents: number }; processes: { name: string; endReason: string | null; events: number }[]; run: { endReason?: string | null } };
}

/**
 * Traces the multi-process scenario, injects `fault` once the first agent event of `:push` is
 * stored (snapshotting what is stored at that moment), then reads back the database and its report.
 */
async function traceWithFault(db: string, fault: (run: ActiveRun, device: EmulatedDevice) => void, realtime = false): Promise<Outcome> {
  let before: Snapshot | null = null;
  const run = await traceWith(
    { device: 'emulated', scenario: scenario('multi'), realtime, db },
    {
      onRun: (r, device) =>
        r.addOutput(
          once(
            (i) => i.source === 'agent' && i.process?.name === `${APP}:push`,
            () => {
              before = snapshot(r);
              fault(r, device as EmulatedDevice);
            },
          ),
        ),
    },
  );
  expect(before, 'the fault was injected').not.toBeNull();
  expect(run.err).not.toMatch(/internal error|    at /);
  const rep = await cli('report', 'latest', '--db', db, '--format', 'json');
  expect(rep.err).not.toMatch(/internal error|    at /);
  expect(rep.err).toMatch(/^sdktrace: run 1: \d+ finding/);
  expect(rep.result).toBe(0);
  return { run, before: before!, store: Store.open(db, { readonly: true }), report: JSON.parse(rep.out) };
}

/** The contract every fault keeps: nothing stored before it is lost or changed, and the report is the database. */
function recordedIntact(o: Outcome): void {
  const { store, before, report } = o;
  const runId = store.resolveRun('latest').id;
  expect(before.rows.length).toBeGreaterThan(0);
  const after = new Map((store.db.prepare('SELECT id, hash FROM events WHERE run_id = ?').all(runId) as { id: number; hash: string }[]).map((r) => [r.id, r.hash]));
  for (const r of before.rows) expect(after.get(r.id), `event ${r.id}`).toBe(r.hash);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(verifyRunChain(store.db, runId)).toMatchObject({ ok: true, problems: [] });
  const count = (where: string) => store.db.prepare(`SELECT count(*) FROM events WHERE run_id = ? AND ${where}`).pluck().get(runId) as number;
  expect(report.totals).toMatchObject({ events: after.size, agentEvents: count("source = 'agent'"), hostEvents: count("source = 'host'") });
  for (const p of store.processes(runId)) {
    const shown = report.processes.find((x) => x.name === p.name && x.endReason === p.end_reason);
    expect(shown, `${p.name} (${p.end_reason}) in the report`).toBeDefined();
  }
}

describe('faults mid-run: a clear end, a report of what was recorded, nothing recorded lost', () => {
  it("an agent's session dropped while its process lives (connection-terminated): that process ends with the reason, the run goes on", async () => {
    const o = await traceWithFault(join(dir, 'detached.db'), (r, device) => {
      const push = r.store.processes(r.runId).find((p) => p.name === `${APP}:push`)!;
      // frida-server letting go of the session (e.g. it was restarted): the process keeps running.
      const sessions = (device as unknown as { sessions: Map<number, Set<{ end(reason: string, crash: unknown): void }>> }).sessions.get(push.pid)!;
      expect(sessions.size).toBeGreaterThan(0);
      for (const s of [...sessions]) s.end('connection-terminated', null);
    });
    try {
      expect(o.run.result).toBe(0);
      expect(o.run.err).toMatch(new RegExp(`${APP}:push \\(pid \\d+\\) ended: connection-terminated`));
      const runId = o.store.resolveRun('latest').id;
      const push = o.store.processes(runId).find((p) => p.name === `${APP}:push`)!;
      // (The device may report its later crash too; the drop stays in the reason.)
      expect(push.end_reason).toMatch(/connection-terminated/);
      const detached = o.store.db.prepare("SELECT json_extract(detail, '$.reason') FROM events WHERE run_id = ? AND process_id = ? AND api = 'device.detached'").pluck().all(runId, push.id);
      expect(detached).toEqual(['connection-terminated']);
      // The main process went on being traced after the drop: its late read (8 s) is there.
      const late = o.store.db.prepare("SELECT count(*) FROM events e JOIN processes p ON p.id = e.process_id WHERE e.run_id = ? AND p.name = ? AND e.id > ? AND e.source = 'agent'").pluck().get(runId, APP, o.before.rows.at(-1)!.id) as number;
      expect(late).toBeGreaterThan(0);
      recordedIntact(o);
    } finally {
      o.store.close();
    }
  });

  it('a process crash: the crash summary is its end reason in the database and the report', async () => {
    const o = await traceWithFault(join(dir, 'crash.db'), () => undefined);
    try {
      expect(o.run.result).toBe(0);
      const runId = o.store.resolveRun('latest').id;
      const crashed = o.store.processes(runId).filter((p) => /^crashed/.test(p.end_reason ?? ''));
      expect(crashed.map((p) => p.name)).toEqual([`${APP}:push`]);
      expect(crashed[0]!.end_reason).toMatch(/SIGSEGV/);
      expect(o.report.processes.find((p) => p.name === `${APP}:push` && /SIGSEGV/.test(p.endReason ?? ''))).toBeDefined();
      recordedIntact(o);
    } finally {
      o.store.close();
    }
  });

  it('the device lost: exit 3, every process ended device-lost, the report of what came before', async () => {
    const o = await traceWithFault(join(dir, 'lost.db'), (_r, device) => device.lose(), true);
    try {
      expect(o.run.result).toBe(3);
      expect(o.store.resolveRun('latest').end_reason).toBe('device lost');
      expect(o.report.processes.every((p) => p.endReason === 'device-lost')).toBe(true);
      recordedIntact(o);
    } finally {
      o.store.close();
    }
  });

  describe('the disk fills up', () => {
    // A real small filesystem: SQLite gets ENOSPC from the kernel, as on a full phone-lab disk.
    const mnt = join(dir, 'small-fs');
    let tmpfs = false;
    beforeAll(() => {
      mkdirSync(mnt);
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { stdio: 'pipe' });
        tmpfs = true;
      } catch (e) {
        console.warn(`[test/hardening/faults] cannot mount a small tmpfs (${(e as Error).message.split('\n')[0]}): the disk-full case uses PRAGMA max_page_count instead`);
      }
    });
    afterAll(() => {
      if (tmpfs) execFileSync('umount', [mnt]);
    });

    it('exit 74 with SQLITE_FULL as the reason; what was stored stays whole and is reported', async () => {
      const db = join(tmpfs ? mnt : dir, 'full.db');
      const filler = join(mnt, 'filler');
      const o = await traceWithFault(db, (r) => {
        if (tmpfs) {
          // Everything left on the filesystem taken at once.
          const fs = statfsSync(mnt);
          writeFileSync(filler, Buffer.alloc(Number(fs.bavail) * fs.bsize));
        } else {
          r.store.db.pragma(`max_page_count = ${r.store.db.pragma('page_count', { simple: true }) as number}`);
        }
      });
      try {
        expect(o.run.result).toBe(74);
        expect(o.run.err).toMatch(/run 1 ended \(storage failed: SQLITE_FULL: database or disk is full\)/);
        expect(o.run.err).toMatch(/failed \(SQLITE_FULL[^\n]*what was stored before is intact/);
        // The run row itself needs a write: on a really full disk that is said, not hidden.
        const run = o.store.resolveRun('latest');
        if (run.end_reason === null) expect(o.run.err).toContain('could not record the end of run 1: database or disk is full');
        else expect(run.end_reason).toMatch(/^storage failed: SQLITE_FULL/);
        // The totals printed at the end are what the database holds.
        const totals = /(\d+) events from the app, (\d+) device events, (\d+) protocol errors/.exec(o.run.err)!;
        expect(totals).not.toBeNull();
        expect([Number(totals[1]), Number(totals[2])]).toEqual([o.report.totals.agentEvents, o.report.totals.hostEvents]);
        recordedIntact(o);
        // The report above was written while the disk was still full.
        if (tmpfs) expect(existsSync(filler)).toBe(true);
      } finally {
        o.store.close();
      }
    });
  });
});
