// `sdktrace fleet`: audit thousands of apps on many hosts' phones with one PostgreSQL holding the
// job queue (pg-boss) and the index of results (host/fleet). init creates the schema, submit
// queues apps, worker (one per host) audits them on its devices, status shows progress, report
// sums the campaign per SDK. Design, sizing and failure handling: docs/fleet.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../protocol/errors.js';
import { readAppsFile, submitApps } from '../fleet/apps.js';
import { BOSS_SCHEMA, QUEUE, openBoss, openPool, parsePgUrl, redact, requireInit, retrying } from '../fleet/db.js';
import { campaignReport, renderCampaignHtml, renderCampaignXlsx } from '../fleet/report.js';
import { migrate } from '../fleet/schema.js';
import { fleetStatus, renderStatus } from '../fleet/status.js';
import { adbDevices, reconcile, runWorker, type Slot } from '../fleet/worker.js';
import { adbAvailable } from '../audit/ops-adb.js';
import { interrupted, notice } from './common.js';
import { usageErrorsExit2 } from './report.js';
import { EXIT, parseDuration } from './trace.js';

const pgOption = (c: Command) => c.option('--pg <url>', 'the PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DB (default: $SDKTRACE_PG)');
const pgUrl = (o: { pg?: string }) => parsePgUrl(o.pg ?? process.env.SDKTRACE_PG);

function seconds(text: string, flag: string): number {
  try {
    return Math.max(1, Math.round(parseDuration(text) / 1000));
  } catch {
    throw new UserError(`${flag} expects a time such as 30s, 5m or 1h, got ${JSON.stringify(text)}`);
  }
}

function count(text: string, flag: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new UserError(`${flag} expects a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

export function register(program: Command): void {
  const fleet = program.command('fleet').description('audit many apps on many hosts\' devices: a PostgreSQL job queue and one index of results (docs/fleet.md)');

  usageErrorsExit2(pgOption(fleet.command('init').description('create or upgrade the fleet schema and the job queue in the database')))
    .action(async (o: { pg?: string }) => {
      const url = pgUrl(o);
      const pool = openPool(url);
      try {
        const c = await retrying(() => pool.connect(), 30_000);
        c.on('error', () => undefined); // a server going away after the failed query: reported by the query
        let applied: number[];
        try {
          applied = await migrate(c);
        } finally {
          c.release();
        }
        const boss = await openBoss(url, { supervise: false });
        try {
          if ((await boss.getQueue(QUEUE)) === null) await boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard' });
        } finally {
          await boss.stop({ graceful: false });
        }
        process.stdout.write(`${redact(url)}: fleet schema ${applied.length === 0 ? 'already up to date' : `migrations ${applied.join(', ')} applied`}; queue ${QUEUE} (pg-boss schema ${BOSS_SCHEMA})\n`);
      } finally {
        await pool.end();
      }
    });

  usageErrorsExit2(pgOption(fleet.command('submit').description('queue apps: a TSV file (or - for stdin) with a header row: package, version, apk, scenario, lists, priority; an app already submitted (same package and version) is not queued again')))
    .argument('<apps>', 'the TSV file, or - to read stdin')
    .option('--attempts <n>', 'attempts per app before it counts as failed (a poisoned app ends with its last error)', '3')
    .option('--lease <time>', 'how long one attempt may take before another worker may take the app over (longer than the slowest audit)', '30m')
    .action(async (file: string, o: { pg?: string; attempts: string; lease: string }) => {
      const url = pgUrl(o);
      const attempts = count(o.attempts, '--attempts', 1, 100);
      const leaseSeconds = seconds(o.lease, '--lease');
      const apps = readAppsFile(file);
      const pool = openPool(url);
      try {
        await requireInit(pool, url);
        const boss = await openBoss(url);
        try {
          const r = await submitApps(pool, boss, apps, { attempts, leaseSeconds });
          process.stdout.write(`${apps.length} apps read: ${r.queued} queued, ${r.already} already submitted\n`);
        } finally {
          await boss.stop({ graceful: false });
        }
      } finally {
        await pool.end();
      }
    });

  usageErrorsExit2(pgOption(fleet.command('worker').description('take jobs for this host\'s free devices, audit each app, write its evidence pack to --packs and index it')))
    .option('-D, --device <id>', "a device (adb serial), repeatable; 'emulated' adds one emulated device (audits the app's scenario file)", (v: string, prev: string[] = []) => [...prev, v])
    .option('--devices <auto>', 'auto: every device adb lists as ready')
    .requiredOption('--packs <dir>', 'where evidence packs go (a directory every host shares)')
    .option('--work <dir>', "the worker's local run database (evidence before it is packed)")
    .option('--host <name>', 'this host\'s name in the index (default: the hostname)')
    .option('--stage-time <list>', 'stage lengths over the defaults, as for sdktrace audit')
    .option('--heartbeat <time>', 'how often a busy device reports it is alive', '10s')
    .option('--maintenance <time>', 'how often lapsed leases are returned to the queue (pg-boss maintenance)', '30s')
    .option('--poll <time>', 'wait between looks at an empty queue', '2s')
    .option('--exit-when-idle <time>', 'stop when the queue has been empty this long (default: run until Ctrl-C)')
    .action(async (o: { pg?: string; device?: string[]; devices?: string; packs: string; work?: string; host?: string; stageTime?: string; heartbeat: string; maintenance: string; poll: string; exitWhenIdle?: string }) => {
      const url = pgUrl(o);
      const ids = o.device ?? [];
      if (o.devices !== undefined && o.devices !== 'auto') throw new UserError(`--devices takes only auto, got ${JSON.stringify(o.devices)}`);
      if (o.devices !== undefined && ids.length > 0) throw new UserError('choose the devices one way: -D ID ... or --devices auto');
      if (o.devices === undefined && ids.length === 0) throw new UserError('choose the devices: -D SERIAL (repeat), -D emulated, or --devices auto');
      if (o.devices === 'auto' && !(await adbAvailable())) throw new UserError('--devices auto lists phones with adb, which is not on PATH (install Android platform-tools, or name the devices with -D)');
      const serials = o.devices === 'auto' ? await adbDevices() : ids.filter((d) => d !== 'emulated');
      if (serials.length === 0 && ids.every((d) => d !== 'emulated')) throw new UserError('adb lists no ready device (check `adb devices`)');
      if (new Set(serials).size !== serials.length) throw new UserError('a device is given twice');
      let n = 0;
      const slots: Slot[] = [...ids.filter((d) => d === 'emulated').map(() => ({ name: `emulated#${++n}`, emulated: true })), ...serials.map((s) => ({ name: s, emulated: false }))];
      const heartbeatSeconds = seconds(o.heartbeat, '--heartbeat');
      const packs = resolve(o.packs);
      mkdirSync(packs, { recursive: true });
      const pool = openPool(url);
      const stop = interrupted();
      try {
        await requireInit(pool, url);
        const boss = await openBoss(url, { supervise: true, maintenanceSeconds: seconds(o.maintenance, '--maintenance') }, notice);
        const sweep = setInterval(() => void reconcile(pool).catch(() => undefined), Math.max(5, heartbeatSeconds) * 1000);
        try {
          notice(`fleet worker ${process.pid}: ${slots.map((s) => s.name).join(', ')} on ${redact(url)}; packs in ${packs}`);
          const s = await runWorker(pool, boss, {
            host: o.host,
            slots,
            packs,
            work: resolve(o.work ?? join(tmpdir(), `sdktrace-fleet-${process.pid}`)),
            stageTime: o.stageTime,
            heartbeatSeconds,
            pollMs: seconds(o.poll, '--poll') * 1000,
            idleExitMs: o.exitWhenIdle === undefined ? null : parseDuration(o.exitWhenIdle),
            log: notice,
            stop: stop.promise,
          });
          notice(`fleet worker ${process.pid}: ${s.done} done, ${s.failed} failed${s.lost.length > 0 ? `; lost: ${s.lost.join(', ')}` : ''}`);
          process.exitCode = s.lost.length > 0 && s.lost.length === slots.length ? EXIT.device : EXIT.ok;
        } finally {
          clearInterval(sweep);
          await boss.stop({ graceful: false }).catch(() => undefined);
        }
      } finally {
        stop.dispose();
        await pool.end();
      }
    });

  usageErrorsExit2(pgOption(fleet.command('status').description('progress per host and device, throughput, ETA, failed apps with their reasons')))
    .option('--json', 'print as JSON')
    .action(async (o: { pg?: string; json?: boolean }) => {
      const url = pgUrl(o);
      const pool = openPool(url);
      try {
        await requireInit(pool, url);
        await reconcile(pool);
        const st = await fleetStatus(pool);
        process.stdout.write(o.json === true ? `${JSON.stringify(st, null, 2)}\n` : renderStatus(st));
      } finally {
        await pool.end();
      }
    });

  usageErrorsExit2(pgOption(fleet.command('report').description('the campaign per SDK: how many apps embed it, how many show each finding')))
    .option('--format <fmt>', 'html, xlsx or json', 'html')
    .option('-o, --output <file>', 'write here (default: stdout; xlsx needs a file)')
    .action(async (o: { pg?: string; format: string; output?: string }) => {
      if (!['html', 'xlsx', 'json'].includes(o.format)) throw new UserError(`--format: html, xlsx or json, got ${JSON.stringify(o.format)}`);
      if (o.format === 'xlsx' && o.output === undefined) throw new UserError('--format xlsx writes a file: give -o FILE.xlsx');
      const url = pgUrl(o);
      const pool = openPool(url);
      try {
        await requireInit(pool, url);
        const r = await campaignReport(pool);
        const out = o.format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : o.format === 'html' ? renderCampaignHtml(r) : await renderCampaignXlsx(r);
        if (o.output === undefined) process.stdout.write(out);
        else writeFileSync(o.output, out);
      } finally {
        await pool.end();
      }
    });
}
