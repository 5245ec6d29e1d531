// `fleet status`: how far the campaign is — apps per state, each device's state and heartbeat per
// host, throughput over the last hour and the ETA it implies, and the failures with their last
// error. Everything comes from the index tables (schema.ts); nothing is estimated from the queue.
import type pg from 'pg';
import { SCHEMA } from './schema.js';

export interface FleetStatus {
  apps: { total: number; queued: number; running: number; done: number; failed: number };
  devices: { host: string; device: string; worker: string; state: string; note: string | null; auditing: string | null; heartbeatAgeS: number; done: number; failed: number }[];
  /** Audits finished in the last hour (done), per hour. */
  throughputPerHour: number;
  /** Seconds until the queue is empty at that throughput; null when nothing finished lately. */
  etaSeconds: number | null;
  abandoned: number;
  failures: { package: string; version: string; attempts: number; error: string | null }[];
}

export async function fleetStatus(pool: pg.Pool): Promise<FleetStatus> {
  const s = (await pool.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM ${SCHEMA}.app GROUP BY state`)).rows;
  const count = (st: string) => Number(s.find((r) => r.state === st)?.n ?? 0);
  const apps = { total: s.reduce((n, r) => n + Number(r.n), 0), queued: count('queued'), running: count('running'), done: count('done'), failed: count('failed') };
  const devices = (
    await pool.query<{ host: string; device: string; worker: string; state: string; note: string | null; auditing: string | null; age: number; done: string; failed: string }>(
      `SELECT d.host, d.device, d.worker, d.state, d.note, ap.package AS auditing, extract(epoch FROM now() - d.heartbeat_at)::float8 AS age,
         (SELECT count(*) FROM ${SCHEMA}.audit x WHERE x.host = d.host AND x.device = d.device AND x.status = 'done') AS done,
         (SELECT count(*) FROM ${SCHEMA}.audit x WHERE x.host = d.host AND x.device = d.device AND x.status = 'failed') AS failed
       FROM ${SCHEMA}.device d LEFT JOIN ${SCHEMA}.audit a ON a.id = d.audit_id LEFT JOIN ${SCHEMA}.app ap ON ap.id = a.app_id
       ORDER BY d.host, d.device`,
    )
  ).rows.map((r) => ({ host: r.host, device: r.device, worker: r.worker, state: r.state, note: r.note, auditing: r.auditing, heartbeatAgeS: Math.round(r.age), done: Number(r.done), failed: Number(r.failed) }));
  const t = (
    await pool.query<{ n: string; span: number | null }>(
      `SELECT count(*) AS n, extract(epoch FROM max(finished_at) - min(started_at))::float8 AS span FROM ${SCHEMA}.audit WHERE status = 'done' AND finished_at > now() - interval '1 hour'`,
    )
  ).rows[0]!;
  const doneLately = Number(t.n);
  const span = Math.max(t.span ?? 0, 1);
  const throughputPerHour = doneLately === 0 ? 0 : (doneLately / span) * 3600;
  const left = apps.queued + apps.running;
  const etaSeconds = throughputPerHour === 0 ? null : Math.round((left / throughputPerHour) * 3600);
  const abandoned = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.audit WHERE status = 'abandoned'`)).rows[0]!.n);
  const failures = (
    await pool.query<{ package: string; version: string; attempts: number; last_error: string | null }>(
      `SELECT package, version, attempts, last_error FROM ${SCHEMA}.app WHERE state = 'failed' ORDER BY finished_at DESC NULLS LAST, package LIMIT 200`,
    )
  ).rows.map((r) => ({ package: r.package, version: r.version, attempts: r.attempts, error: r.last_error }));
  return { apps, devices, throughputPerHour, etaSeconds, abandoned, failures };
}

function duration(s: number): string {
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function renderStatus(st: FleetStatus): string {
  const a = st.apps;
  const lines = [
    `apps: ${a.total}: ${a.done} done, ${a.failed} failed, ${a.running} running, ${a.queued} queued (${st.abandoned} abandoned attempts)`,
    `throughput: ${st.throughputPerHour.toFixed(1)} apps/h over the last hour; ETA: ${st.etaSeconds === null ? 'unknown (nothing finished in the last hour)' : duration(st.etaSeconds)}`,
  ];
  let host = '';
  for (const d of st.devices) {
    if (d.host !== host) lines.push(`host ${(host = d.host)}:`);
    lines.push(`  ${d.device.padEnd(20)} ${d.state.padEnd(8)} ${String(d.done).padStart(5)} done ${String(d.failed).padStart(4)} failed  heartbeat ${duration(d.heartbeatAgeS)} ago${d.auditing ? `  auditing ${d.auditing}` : ''}${d.note ? `  (${d.note})` : ''}`);
  }
  if (st.failures.length > 0) {
    lines.push(`failed apps (${st.failures.length}${st.failures.length === 200 ? ' shown, most recent' : ''}):`);
    for (const f of st.failures) lines.push(`  ${f.package} ${f.version}: after ${f.attempts} attempt(s): ${f.error ?? '(no reason recorded)'}`);
  }
  return `${lines.join('\n')}\n`;
}
