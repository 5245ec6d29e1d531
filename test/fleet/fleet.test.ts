// Fleet mode against a real PostgreSQL server (test/fleet/pg-cluster.ts): 50 emulated apps and a
// poisoned one through three worker processes, one of them SIGKILLed mid-audit and the server
// restarted once meanwhile. Every app must end exactly once, with a pack that verifies and index
// rows that say what the pack says; the killed attempt must be abandoned, not a result; the
// poisoned app must end failed after its attempts with its last error. A second case pulls an
// emulated device's cable mid-audit: the job fails with the reason, the worker carries on.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/built-cli.js';
import { verifyPack } from '../../reports/pack/verify.js';
import { replayRun } from '../../host/ingest/replay.js';
import { PgCluster, pgBinDir } from './pg-cluster.js';
import { parseAppsTsv, submitApps } from '../../host/fleet/apps.js';
import { QUEUE, openBoss, openPool } from '../../host/fleet/db.js';
import { migrate } from '../../host/fleet/schema.js';
import { runWorker } from '../../host/fleet/worker.js';

const root = join(import.meta.dirname, '..', '..');
const bin = pgBinDir();
const APPS = 50;
const STAGES = 'fresh=1s,refuse=1s,agree=1s,background=1s,stopped=1s';

function variants(dir: string, n: number): string[] {
  const base = readFileSync(join(root, 'data', 'scenarios', 'audit.json'), 'utf8');
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const f = join(dir, `app${i}.json`);
    writeFileSync(f, base.replaceAll('com.example.shop', `com.example.fleet${i}`));
    return f;
  });
}

/** The built CLI (built once per test run by test/global-setup.ts); bounded: a command that hangs is killed and fails its assertions rather than the whole run. */
const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, { env, timeoutMs: 90_000 });

async function until<T>(what: string, limitMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    try {
      const v = await probe();
      if (v !== null && v !== undefined && v !== false) return v;
    } catch {
      // the server may be restarting
    }
    if (Date.now() > end) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe.skipIf(bin === null)(`fleet on PostgreSQL${bin === null ? ' (skipped: no PostgreSQL binaries in /usr/lib/postgresql/*/bin; install the postgresql package)' : ''}`, () => {
  let cluster: PgCluster;
  let work: string;
  const procs: ChildProcess[] = [];

  beforeAll(async () => {
    cluster = await PgCluster.create(bin!);
    work = mkdtempSync(join(tmpdir(), 'sdktrace-fleet-test-'));
  }, 120_000);

  afterAll(() => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    cluster?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('audits every app exactly once through a killed worker and a server restart', async () => {
    const env = { ...process.env, SDKTRACE_PG: cluster.url };
    const init = await cli(['fleet', 'init'], env);
    expect(init.code, init.err).toBe(0);
    const files = variants(join(work, 'scenarios'), APPS);
    const lines = ['package\tversion\tscenario\tpriority', ...files.map((f, i) => `com.example.fleet${i}\t1.${i}\t${f}\t${i % 3}`)];
    // Poisoned: its scenario is another app's, so every attempt fails the same way.
    lines.push(`com.example.poisoned\t9.9\t${files[0]}\t0`);
    writeFileSync(join(work, 'apps.tsv'), `${lines.join('\n')}\n`);
    const sub = await cli(['fleet', 'submit', join(work, 'apps.tsv'), '--attempts', '3', '--lease', '25s'], env);
    expect(sub.code, sub.err).toBe(0);
    expect(sub.out).toContain(`${APPS + 1} queued`);
    const again = await cli(['fleet', 'submit', join(work, 'apps.tsv')], env);
    expect(again.out).toContain(`0 queued, ${APPS + 1} already submitted`);

    const packs = join(work, 'packs');
    const logs: string[] = ['', '', ''];
    const start = (i: number) => {
      const p = startCli(['fleet', 'worker', '-D', 'emulated', '--packs', packs, '--work', join(work, `w${i}`), '--host', `host${i}`, '--stage-time', STAGES, '--heartbeat', '2s', '--maintenance', '2s', '--poll', '1s'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      p.stderr!.on('data', (d) => (logs[i] += d));
      procs.push(p);
      return p;
    };
    const workers = [0, 1, 2].map(start);
    const pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
    pool.on('error', () => undefined);
    const q = async <R extends pg.QueryResultRow>(sql: string, args: unknown[] = []) => (await pool.query<R>(sql, args)).rows;
    try {
      // SIGKILL worker 0 while an audit of its is running.
      const victim = workers[0]!;
      const killed = await until('worker 0 to be mid-audit', 90_000, async () => {
        // Just begun (an audit takes over a second): it cannot finish between this read and the kill.
        // Not the poisoned app: its attempts fail within moments and it has no result to redo.
        const r = await q<{ id: string; app_id: string }>(
          `SELECT a.id, a.app_id FROM sdktrace_fleet.audit a JOIN sdktrace_fleet.app p ON p.id = a.app_id
           WHERE a.status = 'running' AND a.worker LIKE $1 AND a.started_at > now() - interval '400 milliseconds' AND p.package <> 'com.example.poisoned'`,
          [`%:${victim.pid}`],
        );
        return r[0];
      });
      victim.kill('SIGKILL');
      await new Promise((r) => victim.once('close', r));

      // Restart the server once while the others work.
      await until('ten apps done', 120_000, async () => Number((await q<{ n: string }>(`SELECT count(*) AS n FROM sdktrace_fleet.app WHERE state = 'done'`))[0]!.n) >= 10);
      cluster.restart();

      await until('every app to end', 240_000, async () => {
        const r = await q<{ n: string }>(`SELECT count(*) AS n FROM sdktrace_fleet.app WHERE state NOT IN ('done', 'failed')`);
        return Number(r[0]!.n) === 0;
      });
      for (const w of workers.slice(1)) {
        expect(w.exitCode, `worker survived the restart:\n${logs[workers.indexOf(w)]!.slice(-2000)}`).toBeNull();
        w.kill('SIGTERM');
      }
      const codes = await Promise.all(workers.slice(1).map((w) => (w.exitCode !== null ? Promise.resolve(w.exitCode) : new Promise<number | null>((r) => w.once('close', r)))));
      expect(codes).toEqual([0, 0]);

      const apps = await q<{ id: string; package: string; version: string; state: string; attempts: number; last_error: string | null }>(`SELECT id, package, version, state, attempts, last_error FROM sdktrace_fleet.app ORDER BY id`);
      expect(apps).toHaveLength(APPS + 1);
      const poisoned = apps.find((a) => a.package === 'com.example.poisoned')!;
      expect(poisoned.state).toBe('failed');
      expect(poisoned.attempts).toBe(3);
      expect(poisoned.last_error).toContain("the scenario's app is com.example.fleet0, not com.example.poisoned");
      expect(apps.filter((a) => a.state === 'done')).toHaveLength(APPS);

      // The killed attempt is abandoned and its app was audited again elsewhere.
      const k = (await q<{ status: string; error: string }>(`SELECT status, error FROM sdktrace_fleet.audit WHERE id = $1`, [killed.id]))[0]!;
      expect(k.status).toBe('abandoned');
      const redo = await q<{ worker: string }>(`SELECT worker FROM sdktrace_fleet.audit WHERE app_id = $1 AND status = 'done'`, [killed.app_id]);
      expect(redo).toHaveLength(1);
      expect(redo[0]!.worker).not.toContain(`:${victim.pid}`);
      expect(await q(`SELECT id FROM sdktrace_fleet.audit WHERE status = 'running'`)).toEqual([]);

      // Exactly one result per app, and the index says what each verified pack says.
      const done = await q<{ id: string; app_id: string; package: string; version: string; app_version: string; signing_sha256: string | null; chain_head: string; pack_path: string; pack_sha256: string; pack_bytes: string; pack_signature: string | null }>(
        `SELECT a.id, a.app_id, p.package, p.version, a.app_version, a.signing_sha256, a.chain_head, a.pack_path, a.pack_sha256, a.pack_bytes, a.pack_signature
         FROM sdktrace_fleet.audit a JOIN sdktrace_fleet.app p ON p.id = a.app_id WHERE a.status = 'done'`,
      );
      expect(done).toHaveLength(APPS);
      expect(new Set(done.map((d) => d.app_id)).size).toBe(APPS);
      const rows = await q<{ audit_id: string; sdk: string; rule: string; count: number }>(`SELECT audit_id, sdk, rule, count FROM sdktrace_fleet.finding`);
      let withFindings = 0;
      for (const d of done) {
        const bytes = readFileSync(d.pack_path);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(d.pack_sha256);
        expect(Number(d.pack_bytes)).toBe(bytes.byteLength);
        const v = verifyPack(bytes, { replay: replayRun });
        expect(v.problems).toEqual([]);
        expect(v.manifest!.app.package).toBe(d.package);
        expect(v.manifest!.chain.head).toBe(d.chain_head);
        expect(d.signing_sha256).toBe(v.manifest!.app.signingSha256);
        expect(d.pack_signature).toBeNull();
        const report = JSON.parse(Buffer.from(unzipSync(bytes)['report.json']!).toString('utf8')) as { findings: { rule: string; sdk: { id: string } | null }[] };
        const want = new Map<string, number>();
        for (const f of report.findings) want.set(`${f.sdk?.id ?? '(run)'} ${f.rule}`, (want.get(`${f.sdk?.id ?? '(run)'} ${f.rule}`) ?? 0) + 1);
        const got = new Map(rows.filter((r) => r.audit_id === d.id).map((r) => [`${r.sdk} ${r.rule}`, r.count]));
        expect(got).toEqual(want);
        if (want.size > 0) withFindings++;
      }
      expect(withFindings).toBe(APPS);

      const st = await cli(['fleet', 'status'], env);
      expect(st.out).toContain(`apps: ${APPS + 1}: ${APPS} done, 1 failed, 0 running, 0 queued`);
      expect(st.out).toContain('com.example.poisoned 9.9: after 3 attempt(s)');
      const rep = await cli(['fleet', 'report', '--format', 'json'], env);
      const campaign = JSON.parse(rep.out) as { apps: { audited: number; failed: number }; sdks: { sdk: string; apps: number; findings: { rule: string; apps: number }[] }[] };
      expect(campaign.apps).toMatchObject({ audited: APPS, failed: 1 });
      // Each variant is the audit scenario: every app shows Getui's pre-consent collection.
      const getui = campaign.sdks.find((s) => s.sdk === 'getui-push')!;
      expect(getui.apps).toBe(APPS);
      expect(getui.findings.find((f) => f.rule === 'pre-consent-collection')!.apps).toBe(APPS);
      const html = await cli(['fleet', 'report'], env);
      expect(html.out).toContain(`<p>${APPS} apps audited to the end, 1 failed, 0 not yet audited.`);
      expect(html.out).toContain('<th rowspan="');
      expect(html.out).toContain('getui-push');
      const xlsx = join(work, 'campaign.xlsx');
      expect((await cli(['fleet', 'report', '--format', 'xlsx', '-o', xlsx], env)).code).toBe(0);
      expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    } finally {
      await pool.end();
    }
  }, 300_000);

  // Conformance: core.device.lost-signal (the worker listens to the device's signal, not the run's end reason).
  it('a device that disconnects fails its job with the reason; the worker goes on and the retry finishes the app', async () => {
    const admin = new pg.Pool({ connectionString: cluster.url, max: 1 });
    await admin.query('CREATE DATABASE lost');
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, '/lost');
    const pool = openPool(url);
    const c = await pool.connect();
    await migrate(c);
    c.release();
    const boss = await openBoss(url, { supervise: true, maintenanceSeconds: 2 });
    try {
      await boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard' });
      const [file] = variants(join(work, 'lost'), 1);
      const apps = parseAppsTsv(`package\tversion\tscenario\ncom.example.fleet0\t2.0\t${file}\n`, 'apps.tsv');
      expect(await submitApps(pool, boss, apps, { attempts: 2, leaseSeconds: 60 })).toEqual({ queued: 1, already: 0 });
      let opened = 0;
      const lines: string[] = [];
      let stop!: () => void;
      const stopped = new Promise<void>((r) => (stop = r));
      const run = runWorker(pool, boss, {
        host: 'lab',
        slots: [{ name: 'emulated#1', emulated: true }],
        packs: join(work, 'lost-packs'),
        work: join(work, 'lost-work'),
        stageTime: STAGES,
        heartbeatSeconds: 1,
        pollMs: 200,
        idleExitMs: null,
        log: (l) => {
          lines.push(l);
          if (l.includes(': done,')) stop();
        },
        stop: stopped,
        // The first device's cable is pulled while it audits.
        onOpened: (d) => {
          if (opened++ === 0) setTimeout(() => d.emulated!.lose(), 50);
        },
      });
      await Promise.race([stopped, new Promise((_, rej) => setTimeout(() => rej(new Error(`no retry finished in 60 s:\n${lines.join('\n')}`)), 60_000))]);
      const s = await run;
      expect(s).toMatchObject({ done: 1, failed: 1 });
      const audits = (await pool.query<{ status: string; error: string | null; attempt: number }>(`SELECT status, error, attempt FROM sdktrace_fleet.audit ORDER BY id`)).rows;
      expect(audits).toHaveLength(2);
      expect(audits[0]).toMatchObject({ status: 'failed', attempt: 1 });
      expect(audits[0]!.error).toMatch(/^device emulated#1 lost in stage "\w+"/);
      expect(audits[1]).toMatchObject({ status: 'done', attempt: 2, error: null });
      const app = (await pool.query<{ state: string; attempts: number }>(`SELECT state, attempts FROM sdktrace_fleet.app`)).rows[0]!;
      expect(app).toEqual({ state: 'done', attempts: 2 });
    } finally {
      await boss.stop({ graceful: false });
      await pool.end();
    }
  }, 120_000);
});
