// `fleet submit`: the campaign's app list (a TSV file with a header row, or stdin) into the index
// and the queue. Submitting is idempotent by package + version: an app already in the index is
// not queued again, so the same file can be submitted twice, or extended and re-submitted.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { UserError } from '../../protocol/errors.js';
import { QUEUE, retrying } from './db.js';
import { SCHEMA } from './schema.js';

export interface AppLine {
  package: string;
  version: string;
  apk: string | null;
  scenario: string | null;
  lists: string | null;
  priority: number;
  /** 1-based line in the file, for messages. */
  line: number;
}

export const COLUMNS = ['package', 'version', 'apk', 'scenario', 'lists', 'priority'] as const;
const PACKAGE = /^[A-Za-z][\w]*(\.[A-Za-z_][\w]*)+$/;

/** Reads the TSV; every problem names the line and column. Paths are made absolute (workers may run elsewhere on the shared directory). */
export function parseAppsTsv(text: string, name: string, base = process.cwd()): AppLine[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  if (headerAt < 0) throw new UserError(`${name}: empty; expected a header row of tab-separated columns: ${COLUMNS.join(', ')} (package and version required)`);
  const header = lines[headerAt]!.split('\t').map((h) => h.trim().toLowerCase());
  for (const [i, h] of header.entries()) {
    if (!(COLUMNS as readonly string[]).includes(h)) throw new UserError(`${name}:${headerAt + 1}: column ${i + 1} is ${JSON.stringify(h)}; columns are ${COLUMNS.join(', ')} separated by tabs`);
  }
  for (const need of ['package', 'version']) if (!header.includes(need)) throw new UserError(`${name}:${headerAt + 1}: the header has no ${need} column (columns: ${COLUMNS.join(', ')})`);
  const out: AppLine[] = [];
  const seen = new Map<string, number>();
  for (let i = headerAt + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const cells = raw.split('\t');
    if (cells.length > header.length) throw new UserError(`${name}:${i + 1}: ${cells.length} cells but the header has ${header.length} columns (separate columns with one tab)`);
    const get = (c: string): string | null => {
      const v = cells[header.indexOf(c)]?.trim();
      return v === undefined || v === '' || v === '-' ? null : v;
    };
    const pkg = get('package');
    const version = get('version');
    if (pkg === null || !PACKAGE.test(pkg)) throw new UserError(`${name}:${i + 1}: package ${JSON.stringify(pkg ?? '')} is not a package name such as com.example.app`);
    if (version === null) throw new UserError(`${name}:${i + 1}: ${pkg} has no version (apps are kept once per package + version)`);
    const key = `${pkg}\u0000${version}`;
    if (seen.has(key)) throw new UserError(`${name}:${i + 1}: ${pkg} ${version} is already on line ${seen.get(key)}`);
    seen.set(key, i + 1);
    const path = (c: 'apk' | 'scenario' | 'lists'): string | null => {
      const v = get(c);
      if (v === null) return null;
      const abs = resolve(base, v);
      if (!existsSync(abs)) throw new UserError(`${name}:${i + 1}: ${c} ${v} does not exist (paths are read by the workers: use a shared directory)`);
      return abs;
    };
    const pr = get('priority') ?? '0';
    if (!/^-?\d{1,6}$/.test(pr)) throw new UserError(`${name}:${i + 1}: priority ${JSON.stringify(pr)} is not a whole number (higher runs first)`);
    out.push({ package: pkg, version, apk: path('apk'), scenario: path('scenario'), lists: path('lists'), priority: Number(pr), line: i + 1 });
  }
  return out;
}

export function readAppsFile(file: string): AppLine[] {
  if (file === '-') return parseAppsTsv(readFileSync(0, 'utf8'), 'stdin');
  if (!existsSync(file)) throw new UserError(`${file} does not exist`);
  return parseAppsTsv(readFileSync(file, 'utf8'), file);
}

export interface SubmitOptions {
  /** Attempts per app before it counts as failed (poisoned). */
  attempts: number;
  leaseSeconds: number;
}

export interface SubmitResult {
  queued: number;
  already: number;
}

/** Indexes the apps and queues the new ones (and any indexed earlier whose job was never queued). */
export async function submitApps(pool: pg.Pool, boss: PgBoss, apps: AppLine[], o: SubmitOptions): Promise<SubmitResult> {
  let queued = 0;
  let already = 0;
  for (const a of apps) {
    const row = await retrying(() =>
      pool.query<{ id: string; job_id: string | null; inserted: boolean }>(
        `INSERT INTO ${SCHEMA}.app (package, version, apk, scenario, lists, priority) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (package, version) DO UPDATE SET package = EXCLUDED.package
         RETURNING id, job_id, (xmax = 0) AS inserted`,
        [a.package, a.version, a.apk, a.scenario, a.lists, a.priority],
      ),
    );
    const r = row.rows[0]!;
    if (r.job_id !== null) {
      already++;
      continue;
    }
    const jobId = await retrying(() => boss.send(QUEUE, { appId: Number(r.id) }, { priority: a.priority, retryLimit: o.attempts - 1, retryDelay: 0, expireInSeconds: o.leaseSeconds, singletonKey: `app-${r.id}` }));
    if (jobId === null) {
      // singletonKey: a job for this app is already queued (an earlier submit stopped before recording it).
      already++;
      continue;
    }
    await retrying(() => pool.query(`UPDATE ${SCHEMA}.app SET job_id = $2 WHERE id = $1 AND job_id IS NULL`, [r.id, jobId]));
    if (r.inserted) queued++;
    else already++;
  }
  return { queued, already };
}
