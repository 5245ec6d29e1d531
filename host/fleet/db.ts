// The fleet's PostgreSQL connection: a pg Pool (which opens a fresh connection for a query after
// the server restarted) plus pg-boss on the same URL for the job queue, and `retrying`, which
// repeats an idempotent statement while the server is unreachable instead of failing the audit
// that is being recorded. pg-boss 10 was chosen over graphile-worker (docs/fleet.md): it runs on
// Node 20 (graphile-worker 0.18 and pg-boss 11+ need Node 22), fetches jobs on demand (a worker
// takes one job per free device, not a handler per queue) and has per-job retry limits and
// expiry, which are the lease and the poisoned-app limit.
import pg from 'pg';
import PgBoss from 'pg-boss';
import { UserError } from '../../protocol/errors.js';
import { SCHEMA, schemaVersion } from './schema.js';

export const QUEUE = 'sdktrace-audit';
export const BOSS_SCHEMA = 'sdktrace_boss';

export function parsePgUrl(url: string | undefined): string {
  if (url === undefined || url === '') throw new UserError('give the database: --pg postgres://USER@HOST:PORT/DB (or set SDKTRACE_PG)');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UserError(`--pg expects a postgres:// URL, got ${JSON.stringify(url)}`);
  return url;
}

export function openPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 });
  // An idle client whose server went away emits 'error'; the pool drops it and opens a new one.
  pool.on('error', () => undefined);
  return pool;
}

/** Errors that mean "the server is (re)starting or unreachable", worth waiting out. */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08 connection exceptions.
  if (['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code) || code.startsWith('08')) return true;
  return /Connection terminated|connection timeout|the database system is (starting up|shutting down)|Client has encountered a connection error|not queryable|Connection ended/i.test(err.message ?? '');
}

/** Runs `fn` until it succeeds or `limitMs` of connection errors have passed. */
export async function retrying<T>(fn: () => Promise<T>, limitMs = 120_000, log?: (line: string) => void): Promise<T> {
  const start = Date.now();
  let wait = 250;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!isConnectionError(e) || Date.now() - start > limitMs) throw e;
      log?.(`database unreachable (${(e as Error).message}); retrying in ${wait} ms`);
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 5000);
    }
  }
}

/**
 * One transaction on a client of its own. While checked out a pg client has no pool listener for
 * 'error': when the server terminates the connection (FATAL 57P01, then ECONNRESET with no query
 * running) the second error would go unhandled and end the process, so it is caught here, and a
 * client that failed is destroyed on release rather than returned to the pool.
 */
export async function withTx<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  const swallow = () => undefined;
  c.on('error', swallow);
  let failed: Error | undefined;
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    failed = e as Error;
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.removeListener('error', swallow);
    c.release(failed !== undefined && isConnectionError(failed) ? failed : undefined);
  }
}

export interface BossOptions {
  /** Seconds a taken job may stay active before pg-boss hands it to another worker. */
  leaseSeconds?: number;
  /** Seconds between pg-boss maintenance runs (expiry of lapsed leases happens there). */
  maintenanceSeconds?: number;
  /** Whether this instance runs maintenance (workers and init do; submit/status need not). */
  supervise?: boolean;
}

export async function openBoss(url: string, o: BossOptions = {}, log?: (line: string) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: BOSS_SCHEMA,
    max: 3,
    supervise: o.supervise ?? false,
    schedule: false,
    maintenanceIntervalSeconds: o.maintenanceSeconds ?? 30,
  });
  // pg-boss reports failed maintenance (e.g. during a server restart) here; without a listener
  // Node would end the process. The next interval tries again.
  boss.on('error', (e) => log?.(`queue: ${(e as Error).message}`));
  await retrying(() => boss.start(), 60_000, log);
  return boss;
}

/** Fails with what to do when `fleet init` has not run on this database. */
export async function requireInit(pool: pg.Pool, url: string): Promise<void> {
  let v: number | null;
  try {
    // Commands start only against a reachable server: a short wait covers a restart, not an outage.
    v = await retrying(() => schemaVersion(pool), 10_000);
  } catch (e) {
    if (isConnectionError(e)) throw new UserError(`cannot reach ${redact(url)}: ${(e as Error).message} (is PostgreSQL running, and the host, port and user right?)`, 3);
    throw e;
  }
  if (v === null) throw new UserError(`${redact(url)} has no fleet schema (${SCHEMA}): run \`sdktrace fleet init --pg URL\` first`);
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
