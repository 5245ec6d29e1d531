// `fleet worker`: one per host. Each of its devices takes a job from the queue when it is free,
// audits the app with the same code as `sdktrace audit` (host/commands/audit.ts planAudit /
// opsFor / appPlan, host/audit/app.ts auditApp), writes the evidence pack to the shared packs
// directory and records in the index what the verified pack says. The job's pg-boss expiry is
// the lease: a worker killed mid-audit stops heartbeating, the job returns to the queue when the
// lease lapses and the next taker marks the half-written attempt 'abandoned'. A device that
// disconnects fails its job with the reason and leaves the pool; the worker goes on with the
// others. A database restart is waited out (db.ts retrying) rather than failing the audit.
import { execFile } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { ScriptedAnalyst } from '../audit/analyst.js';
import { auditApp } from '../audit/app.js';
import { appPlan, opsFor, planAudit, resolvePackage, type AuditOptions } from '../commands/audit.js';
import { agentSource } from '../commands/common.js';
import { openDevice, type DeviceChoice, type OpenedDevice } from '../device/open.js';
import { Store } from '../../store/db.js';
import { BOSS_SCHEMA, QUEUE, retrying, withTx } from './db.js';
import { indexPack, type PackIndex } from './pack-index.js';
import { SCHEMA } from './schema.js';

export interface Slot {
  /** The device id in the index (an adb serial, or emulated#N). */
  name: string;
  emulated: boolean;
}

export interface WorkerOptions {
  host?: string;
  slots: Slot[];
  packs: string;
  /** Where the worker keeps its local SQLite store of runs (evidence before it is packed). */
  work: string;
  stageTime?: string;
  heartbeatSeconds: number;
  pollMs: number;
  /** Exit when the queue has had no job for this long (ms); null: run until stopped. */
  idleExitMs: number | null;
  log: (line: string) => void;
  stop: Promise<unknown>;
  /** Tests: sees each opened device (e.g. to pull its cable). */
  onOpened?: (opened: OpenedDevice, pkg: string) => void;
}

interface AppRow {
  id: string;
  package: string;
  version: string;
  apk: string | null;
  scenario: string | null;
  lists: string | null;
}

type Job = PgBoss.JobWithMetadata<{ appId: number }>;

export interface WorkerSummary {
  done: number;
  failed: number;
  lost: string[];
}

export async function runWorker(pool: pg.Pool, boss: PgBoss, o: WorkerOptions): Promise<WorkerSummary> {
  const host = o.host ?? hostname();
  const worker = `${host}:${process.pid}`;
  const summary: WorkerSummary = { done: 0, failed: 0, lost: [] };
  let stopped = false;
  void o.stop.then(() => (stopped = true));
  mkdirSync(o.work, { recursive: true });
  const store = Store.open(join(o.work, `fleet-${process.pid}.db`), { create: true });
  const q = <R extends pg.QueryResultRow>(sql: string, args: unknown[] = []) => retrying(() => pool.query<R>(sql, args), 120_000, o.log);
  for (const s of o.slots) {
    await q(
      `INSERT INTO ${SCHEMA}.device (host, device, worker, state, note, audit_id, heartbeat_at) VALUES ($1, $2, $3, 'idle', null, null, now())
       ON CONFLICT (host, device) DO UPDATE SET worker = $3, state = 'idle', note = null, audit_id = null, heartbeat_at = now()`,
      [host, s.name, worker],
    );
  }
  const agent = agentSource(o.slots.some((s) => s.emulated) ? 'emulated' : 'device');
  let lastJobAt = Date.now();

  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  const runSlot = async (slot: Slot): Promise<void> => {
    for (;;) {
      if (stopped) return;
      let job: Job | undefined;
      try {
        const jobs = await retrying(() => boss.fetch<{ appId: number }>(QUEUE, { batchSize: 1, includeMetadata: true, priority: true }), 120_000, o.log);
        job = jobs?.[0];
      } catch (e) {
        o.log(`[${slot.name}] cannot take a job: ${(e as Error).message}`);
      }
      if (job === undefined) {
        if (o.idleExitMs !== null && Date.now() - lastJobAt > o.idleExitMs) return;
        await sleep(o.pollMs);
        continue;
      }
      lastJobAt = Date.now();
      const lost = await runJob(slot, job);
      lastJobAt = Date.now();
      if (lost !== null && !slot.emulated) {
        // A phone that went away stays out of the pool until the worker is restarted with it.
        summary.lost.push(slot.name);
        await q(`UPDATE ${SCHEMA}.device SET state = 'lost', note = $3, audit_id = null, heartbeat_at = now() WHERE host = $1 AND device = $2`, [host, slot.name, lost]);
        return;
      }
    }
  };

  /** Returns why the device was lost, or null. */
  const runJob = async (slot: Slot, job: Job): Promise<string | null> => {
    const appId = job.data.appId;
    const attempt = job.retryCount + 1;
    const final = job.retryCount >= job.retryLimit;
    const app = (await q<AppRow>(`SELECT id, package, version, apk, scenario, lists FROM ${SCHEMA}.app WHERE id = $1`, [appId])).rows[0];
    if (app === undefined) {
      await retrying(() => boss.fail(QUEUE, job.id, { error: `no app ${appId} in the index` }));
      return null;
    }
    // Taking the job means every earlier attempt's lease lapsed: those runs are abandoned.
    const taken = await retrying(() => beginAttempt(pool, { appId: app.id, jobId: job.id, attempt, host, device: slot.name, worker }), 120_000, o.log);
    if (taken === null) {
      // Finished by an attempt whose completion did not reach the queue: nothing to do again.
      await retrying(() => boss.complete(QUEUE, job.id, { note: 'already done' }));
      return null;
    }
    const auditId = taken;
    const beat = setInterval(() => {
      // A missed beat is harmless while the database restarts.
      pool.query(`UPDATE ${SCHEMA}.audit SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [auditId]).catch(() => undefined);
    }, o.heartbeatSeconds * 1000);
    const timings: Record<string, number> = {};
    const t0 = Date.now();
    let lostReason: string | null = null;
    try {
      o.log(`[${slot.name}] ${app.package} ${app.version}: attempt ${attempt}${final ? ' (last)' : ''}, audit ${auditId}`);
      const outDir = join(o.packs, app.package, app.version, `audit-${auditId}`);
      const ao: AuditOptions = {
        device: [slot.emulated ? 'emulated' : slot.name],
        file: app.package,
        scenario: slot.emulated ? (app.scenario ?? undefined) : undefined,
        policy: app.lists ?? undefined,
        out: outDir,
        db: join(o.work, `fleet-${process.pid}.db`),
        stageTime: o.stageTime,
        prompt: false,
      };
      if (slot.emulated && app.scenario === null) throw new Error('the app has no scenario: an emulated device audits the scenario file given in the scenario column');
      const plan = planAudit(ao);
      const choice: DeviceChoice = plan.devices[0]!;
      let opened: OpenedDevice;
      try {
        opened = await openDevice(choice, () => undefined);
      } catch (e) {
        lostReason = `device ${slot.name} unreachable: ${(e as Error).message}`;
        throw new Error(lostReason);
      }
      try {
        if (app.apk !== null && !slot.emulated) {
          const ti = Date.now();
          await adb(['-s', slot.name, 'install', '-r', app.apk]);
          timings.installMs = Date.now() - ti;
        }
        // Frida's Device 'lost' signal: the phone went away (cable, reboot, adb), whatever error
        // the audit then reports (a failed spawn, a destroyed script) is a consequence of it.
        let gone = false;
        let onGone = () => undefined as void;
        const onLost = () => {
          gone = true;
          onGone();
        };
        opened.device.lost.connect(onLost);
        const pkg = await resolvePackage(opened, app.package);
        const ops = await opsFor(opened, choice, ao);
        o.onOpened?.(opened, pkg);
        const ta = Date.now();
        const r = await auditApp(opened, ops, store, appPlan(plan, pkg, ao, choice), { analyst: new ScriptedAnalyst([]), agentSource: agent, progress: null, label: `[${pkg}] ` });
        timings.auditMs = Date.now() - ta;
        if (r.outcome.aborted !== null && !gone) {
          // The signal comes after the sessions end (the emulated device: setImmediate; Frida: its
          // own thread): a run that stopped early waits a bounded moment for it.
          await new Promise<void>((res) => {
            const t = setTimeout(res, 2000);
            onGone = () => {
              clearTimeout(t);
              res();
            };
          });
        }
        opened.device.lost.disconnect(onLost);
        if (gone || r.outcome.endReason === 'device lost') {
          lostReason = `device ${slot.name} lost in stage "${r.outcome.aborted ?? 'after the last'}" (${r.outcome.endReason})`;
          throw new Error(lostReason);
        }
        if (r.outcome.aborted !== null) throw new Error(`the audit stopped in stage "${r.outcome.aborted}": ${r.outcome.endReason}`);
        if (r.pack === null) throw new Error(`no evidence pack: ${r.packError}`);
        const tp = Date.now();
        const idx = indexPack(readFileSync(r.pack));
        timings.indexMs = Date.now() - tp;
        timings.totalMs = Date.now() - t0;
        const stages: StageDigest[] = r.stages.map((s) => ({ stage: s.stage, aborted: s.aborted, sdks: s.sdks.map((x) => x.sdk), selfStarts: s.selfStarts.length }));
        const recorded = await retrying(() => recordDone(pool, { auditId, appId: app.id, idx, stages, pack: r.pack!, timings }), 120_000, o.log);
        if (!recorded) {
          o.log(`[${slot.name}] ${app.package}: another attempt took this app over (the lease lapsed); this run is abandoned`);
          await q(`UPDATE ${SCHEMA}.audit SET status = 'abandoned', finished_at = now(), error = 'abandoned: the lease lapsed before it finished; another attempt owns the app' WHERE id = $1 AND status <> 'done'`, [auditId]);
          return null;
        }
        await retrying(() => boss.complete(QUEUE, job.id, { auditId: Number(auditId) }), 120_000, o.log);
        summary.done++;
        o.log(`[${slot.name}] ${app.package} ${app.version}: done, ${idx.findings.reduce((n, f) => n + f.count, 0)} findings, ${r.pack}`);
        return null;
      } finally {
        opened.close();
      }
    } catch (e) {
      const msg = (e as Error).message;
      summary.failed++;
      timings.totalMs = Date.now() - t0;
      const mine = await q(`UPDATE ${SCHEMA}.audit SET status = 'failed', finished_at = now(), error = $2, timings = $3 WHERE id = $1 AND status = 'running'`, [auditId, msg, JSON.stringify(timings)]);
      if (mine.rowCount === 0) return lostReason; // taken over meanwhile: the job is not ours to fail
      await q(`UPDATE ${SCHEMA}.app SET state = $2, last_error = $3, finished_at = CASE WHEN $2 = 'failed' THEN now() ELSE NULL END WHERE id = $1 AND state <> 'done'`, [app.id, final ? 'failed' : 'queued', msg]);
      await retrying(() => boss.fail(QUEUE, job.id, { error: msg, device: slot.name, host }), 120_000, o.log);
      o.log(`[${slot.name}] ${app.package} ${app.version}: failed (attempt ${attempt}${final ? ', the last' : ''}): ${msg}`);
      return lostReason;
    } finally {
      clearInterval(beat);
      await q(`UPDATE ${SCHEMA}.device SET state = 'idle', audit_id = null, heartbeat_at = now() WHERE host = $1 AND device = $2 AND state = 'busy'`, [host, slot.name]).catch(() => undefined);
    }
  };

  // Every device of a live worker beats, idle or busy: status tells a quiet device from a dead host.
  const deviceBeat = setInterval(() => {
    pool.query(`UPDATE ${SCHEMA}.device SET heartbeat_at = now() WHERE host = $1 AND worker = $2 AND state IN ('idle', 'busy')`, [host, worker]).catch(() => undefined);
  }, o.heartbeatSeconds * 1000);
  try {
    await Promise.all(o.slots.map(runSlot));
  } finally {
    clearInterval(deviceBeat);
    await q(`UPDATE ${SCHEMA}.device SET state = 'stopped', audit_id = null WHERE host = $1 AND worker = $2 AND state <> 'lost'`, [host, worker]).catch(() => undefined);
    store.close();
  }
  return summary;
}

/**
 * Takes an attempt: earlier 'running' attempts of the app are abandoned (their lease lapsed, or
 * the job would not have come back), a new attempt row is written. Null when the app already has
 * a finished audit (its completion did not reach the queue).
 */
export async function beginAttempt(pool: pg.Pool, a: { appId: string; jobId: string; attempt: number; host: string; device: string; worker: string }): Promise<string | null> {
  return withTx(pool, async (c) => {
    const done = await c.query(`SELECT id FROM ${SCHEMA}.audit WHERE app_id = $1 AND status = 'done'`, [a.appId]);
    if (done.rowCount! > 0) return null;
    await c.query(`UPDATE ${SCHEMA}.audit SET status = 'abandoned', finished_at = now(), error = 'abandoned: its worker stopped heartbeating and the lease lapsed; the app was audited again' WHERE app_id = $1 AND status = 'running'`, [a.appId]);
    const row = await c.query<{ id: string }>(
      `INSERT INTO ${SCHEMA}.audit (app_id, job_id, attempt, host, device, worker, status) VALUES ($1, $2, $3, $4, $5, $6, 'running') RETURNING id`,
      [a.appId, a.jobId, a.attempt, a.host, a.device, a.worker],
    );
    await c.query(`UPDATE ${SCHEMA}.app SET state = 'running', attempts = $2 WHERE id = $1`, [a.appId, a.attempt]);
    await c.query(`UPDATE ${SCHEMA}.device SET state = 'busy', audit_id = $3, heartbeat_at = now() WHERE host = $1 AND device = $2`, [a.host, a.device, row.rows[0]!.id]);
    return row.rows[0]!.id;
  });
}

export interface StageDigest {
  stage: string;
  aborted: boolean;
  sdks: string[];
  selfStarts: number;
}

/** Records a finished attempt from its pack's index; false when the attempt is no longer the app's (abandoned, or another finished first). */
export async function recordDone(pool: pg.Pool, d: { auditId: string; appId: string; idx: PackIndex; stages: StageDigest[]; pack: string; timings: Record<string, number> }): Promise<boolean> {
  const { idx } = d;
  try {
    return await withTx(pool, async (c) => {
      const u = await c.query(
        `UPDATE ${SCHEMA}.audit SET status = 'done', finished_at = now(), app_version = $2, signing_sha256 = $3, stage_summary = $4, chain_head = $5,
           pack_path = $6, pack_sha256 = $7, pack_bytes = $8, pack_signature = $9, timings = $10 WHERE id = $1 AND status = 'running'`,
        [d.auditId, idx.version, idx.signingSha256, JSON.stringify(d.stages), idx.chainHead, d.pack, idx.sha256, idx.bytes, idx.signature, JSON.stringify(d.timings)],
      );
      // Abandoned meanwhile (lease lapsed, another worker took the app): not a result.
      if (u.rowCount === 0) throw new Taken();
      for (const f of idx.findings) await c.query(`INSERT INTO ${SCHEMA}.finding (audit_id, sdk, rule, count) VALUES ($1, $2, $3, $4)`, [d.auditId, f.sdk, f.rule, f.count]);
      for (const s of idx.sdks) await c.query(`INSERT INTO ${SCHEMA}.sdk_seen (audit_id, sdk) VALUES ($1, $2)`, [d.auditId, s]);
      await c.query(`UPDATE ${SCHEMA}.app SET state = 'done', last_error = null, finished_at = now() WHERE id = $1`, [d.appId]);
      return true;
    });
  } catch (e) {
    // 23505: another attempt of this app was recorded done first (its lease had lapsed while it ran on).
    if (e instanceof Taken) {
      // A retry after a COMMIT whose reply the connection lost (server restart): it is done already.
      const st = await pool.query<{ status: string }>(`SELECT status FROM ${SCHEMA}.audit WHERE id = $1`, [d.auditId]);
      return st.rows[0]?.status === 'done';
    }
    if ((e as { code?: string }).code === '23505') return false;
    throw e;
  }
}

/** Thrown inside the recording transaction to roll it back: the attempt is no longer ours. */
class Taken extends Error {}

function adb(args: string[]): Promise<string> {
  return new Promise((resolveP, reject) =>
    execFile('adb', args, { timeout: 300_000, maxBuffer: 8 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`adb ${args.join(' ')}: ${stderr.trim() || err.message}`)) : resolveP(stdout))),
  );
}

/** Serials adb reports as ready ('device' state), for --devices auto. */
export async function adbDevices(): Promise<string[]> {
  const out = await adb(['devices']);
  return out
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 2 && p[1] === 'device')
    .map((p) => p[0]!);
}

/**
 * Marks attempts whose worker stopped heartbeating as abandoned, and apps whose job pg-boss failed
 * without a worker saying so (the last attempt's lease lapsed) as failed. Run by workers and status.
 */
export async function reconcile(pool: pg.Pool): Promise<void> {
  // The lease is the job's own expiry (set at submit), read from pg-boss's job table (read only).
  await pool.query(
    `UPDATE ${SCHEMA}.audit r SET status = 'abandoned', finished_at = now(), error = 'abandoned: no heartbeat for longer than the lease (worker killed or host down)'
     FROM ${BOSS_SCHEMA}.job j
     WHERE r.status = 'running' AND j.id = r.job_id AND j.name = $1 AND r.heartbeat_at < now() - j.expire_in`,
    [QUEUE],
  );
  // pg-boss's own job table (schema BOSS_SCHEMA): read only, to learn what expiry decided.
  await pool.query(
    `UPDATE ${SCHEMA}.app a SET state = CASE WHEN j.state = 'failed' THEN 'failed' ELSE 'queued' END,
       last_error = CASE WHEN j.state = 'failed' THEN coalesce(j.output->>'error', j.output->'value'->>'message', a.last_error, 'failed') ELSE a.last_error END,
       finished_at = CASE WHEN j.state = 'failed' THEN now() ELSE NULL END
     FROM ${BOSS_SCHEMA}.job j
     WHERE j.id = a.job_id AND j.name = $1 AND a.state IN ('queued', 'running') AND j.state IN ('failed', 'retry', 'created')
       AND NOT EXISTS (SELECT 1 FROM ${SCHEMA}.audit r WHERE r.app_id = a.id AND r.status = 'running')
       AND (a.state <> CASE WHEN j.state = 'failed' THEN 'failed' ELSE 'queued' END)`,
    [QUEUE],
  );
}
