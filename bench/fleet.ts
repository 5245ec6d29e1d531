// Fleet bench (`npm run bench -- --only fleet`): 10,000 synthetic audit results through the real
// queue and index on a throwaway PostgreSQL cluster — submit (index + pg-boss send), then device
// loops that claim a job (timed: the claim latency a worker sees), begin the attempt, record it
// done with findings from a synthetic pack index, and complete the job: the same functions the
// worker uses (host/fleet/apps.ts, worker.ts), without the audit itself. It measures what the
// database side costs per app, to compare with an audit's minutes on a phone.
import { submitApps, type AppLine } from '../host/fleet/apps.js';
import { QUEUE, openBoss, openPool } from '../host/fleet/db.js';
import type { PackIndex } from '../host/fleet/pack-index.js';
import { campaignReport } from '../host/fleet/report.js';
import { migrate } from '../host/fleet/schema.js';
import { beginAttempt, recordDone } from '../host/fleet/worker.js';
import { PgCluster, pgBinDir } from '../test/fleet/pg-cluster.js';
import { log, percentile, round } from './measure.js';
import { Rng } from './rng.js';

export interface FleetBenchResult {
  apps: number;
  devices: number;
  submitPerSec: number;
  jobsPerSec: number;
  claimMs: { p50: number; p99: number; max: number };
  reportMs: number;
  dbBytes: number;
  bytesPerApp: number;
  skipped?: string;
}

const SDKS = ['getui-push', 'umeng-analytics', 'pangle', 'jpush', 'bugly', 'amap-location', 'baidu-map', 'tencent-x5', 'alipay', 'wechat-open'];
const RULES = ['pre-consent-collection', 'collection-after-refusal', 'plaintext-transmission', 'associated-startup', 'self-start', 'background-collection', 'installed-apps'];

export async function benchFleet(o: { apps: number; devices: number }): Promise<FleetBenchResult> {
  const bin = pgBinDir();
  if (bin === null) return { apps: 0, devices: 0, submitPerSec: 0, jobsPerSec: 0, claimMs: { p50: 0, p99: 0, max: 0 }, reportMs: 0, dbBytes: 0, bytesPerApp: 0, skipped: 'no PostgreSQL binaries in /usr/lib/postgresql/*/bin' };
  const cluster = await PgCluster.create(bin);
  const pool = openPool(cluster.url);
  try {
    const c = await pool.connect();
    await migrate(c);
    c.release();
    const boss = await openBoss(cluster.url, { supervise: false });
    try {
      await boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard' });
      const apps: AppLine[] = Array.from({ length: o.apps }, (_, i) => ({ package: `com.bench.app${i}`, version: `1.${i % 7}`, apk: null, scenario: null, lists: null, priority: i % 3, line: i + 2 }));
      log(`fleet: submitting ${o.apps} apps`);
      let t = performance.now();
      await submitApps(pool, boss, apps, { attempts: 3, leaseSeconds: 1800 });
      const submitPerSec = o.apps / ((performance.now() - t) / 1000);
      const r = new Rng(20);
      const rng = () => r.next();
      const claims: number[] = [];
      let n = 0;
      log(`fleet: draining with ${o.devices} device loops`);
      t = performance.now();
      const loop = async (d: number) => {
        for (;;) {
          const c0 = performance.now();
          const jobs = await boss.fetch<{ appId: number }>(QUEUE, { batchSize: 1, includeMetadata: true, priority: true });
          claims.push(performance.now() - c0);
          const job = jobs?.[0];
          if (job === undefined) return;
          const auditId = await beginAttempt(pool, { appId: String(job.data.appId), jobId: job.id, attempt: job.retryCount + 1, host: 'bench', device: `dev${d}`, worker: 'bench' });
          if (auditId === null) continue;
          const findings = RULES.filter(() => rng() < 0.3).map((rule) => ({ sdk: SDKS[Math.floor(rng() * SDKS.length)]!, rule, count: 1 + Math.floor(rng() * 3) }));
          const uniq = [...new Map(findings.map((f) => [`${f.sdk} ${f.rule}`, f])).values()];
          const idx: PackIndex = { sha256: 'ab'.repeat(32), bytes: 400_000, package: null, version: null, signingSha256: 'cd'.repeat(32), chainHead: 'ef'.repeat(32), findings: uniq, sdks: SDKS.filter(() => rng() < 0.4), signature: null };
          const stages = ['fresh', 'refuse', 'agree', 'background', 'stopped'].map((s) => ({ stage: s, aborted: false, sdks: idx.sdks, selfStarts: 0 }));
          await recordDone(pool, { auditId, appId: String(job.data.appId), idx, stages, pack: `/packs/${auditId}.zip`, timings: { auditMs: 600_000 } });
          await boss.complete(QUEUE, job.id, { auditId: Number(auditId) });
          n++;
        }
      };
      await Promise.all(Array.from({ length: o.devices }, (_, d) => loop(d)));
      const jobsPerSec = n / ((performance.now() - t) / 1000);
      t = performance.now();
      await campaignReport(pool);
      const reportMs = performance.now() - t;
      const size = await pool.query<{ b: string }>(`SELECT pg_database_size(current_database()) AS b`);
      const dbBytes = Number(size.rows[0]!.b);
      return { apps: o.apps, devices: o.devices, submitPerSec: round(submitPerSec), jobsPerSec: round(jobsPerSec), claimMs: { p50: round(percentile(claims, 50)), p99: round(percentile(claims, 99)), max: round(Math.max(...claims)) }, reportMs: round(reportMs), dbBytes, bytesPerApp: Math.round(dbBytes / o.apps) };
    } finally {
      await boss.stop({ graceful: false });
    }
  } finally {
    await pool.end();
    cluster.destroy();
  }
}
