// The fleet's index in PostgreSQL: which apps a campaign holds, every attempt to audit one (who,
// where, how it ended, the pack it wrote) and the findings per SDK and rule of each finished
// audit. The job queue itself is pg-boss's (its own schema, host/fleet/queue.ts); these tables are
// ours. Migrations are numbered and applied once each, in one transaction, under an advisory lock
// so that several `fleet init` or workers starting together do not race.
import type pg from 'pg';

export const SCHEMA = 'sdktrace_fleet';

/** Append only: a migration once released is never edited (a database may already have it). */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE ${SCHEMA}.app (
  id BIGSERIAL PRIMARY KEY,
  package TEXT NOT NULL,
  version TEXT NOT NULL,
  apk TEXT,                       -- path on the worker hosts (shared), installed with adb when given
  scenario TEXT,                  -- emulated devices: the scenario JSON that is this app
  lists TEXT,                     -- the app's declared lists (path), or null
  priority INTEGER NOT NULL DEFAULT 0,
  job_id UUID,                    -- pg-boss job
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  submitted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at TIMESTAMPTZ,
  UNIQUE (package, version)
);
CREATE TABLE ${SCHEMA}.device (
  host TEXT NOT NULL,
  device TEXT NOT NULL,
  worker TEXT NOT NULL,           -- host:pid of the worker that drives it
  state TEXT NOT NULL CHECK (state IN ('idle', 'busy', 'lost', 'stopped')),
  note TEXT,
  audit_id BIGINT,
  heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (host, device)
);
CREATE TABLE ${SCHEMA}.audit (
  id BIGSERIAL PRIMARY KEY,
  app_id BIGINT NOT NULL REFERENCES ${SCHEMA}.app(id),
  job_id UUID NOT NULL,
  attempt INTEGER NOT NULL,
  host TEXT NOT NULL,
  device TEXT NOT NULL,
  worker TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'abandoned')),
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at TIMESTAMPTZ,
  app_version TEXT,
  signing_sha256 TEXT,
  stage_summary JSONB,
  chain_head TEXT,
  pack_path TEXT,
  pack_sha256 TEXT,
  pack_bytes BIGINT,
  pack_signature TEXT,            -- null for unsigned packs (pack signing: issue 16)
  timings JSONB,                  -- ms: install, audit, pack, index
  error TEXT
);
-- One finished audit per app, ever: a worker that lost its lease cannot add a second.
CREATE UNIQUE INDEX audit_one_done ON ${SCHEMA}.audit (app_id) WHERE status = 'done';
CREATE INDEX audit_app ON ${SCHEMA}.audit (app_id);
CREATE INDEX audit_running ON ${SCHEMA}.audit (status, heartbeat_at) WHERE status = 'running';
CREATE TABLE ${SCHEMA}.finding (
  audit_id BIGINT NOT NULL REFERENCES ${SCHEMA}.audit(id),
  sdk TEXT NOT NULL,              -- catalog SDK id, or '(run)' for findings about the app as a whole
  rule TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (audit_id, sdk, rule)
);
-- The campaign report groups by SDK then rule over done audits.
CREATE INDEX finding_sdk_rule ON ${SCHEMA}.finding (sdk, rule);
CREATE TABLE ${SCHEMA}.sdk_seen (
  audit_id BIGINT NOT NULL REFERENCES ${SCHEMA}.audit(id),
  sdk TEXT NOT NULL,
  PRIMARY KEY (audit_id, sdk)
);
CREATE INDEX sdk_seen_sdk ON ${SCHEMA}.sdk_seen (sdk);
`,
  },
];

/** Applies the migrations a database lacks; returns the versions applied now. */
export async function migrate(client: pg.ClientBase): Promise<number[]> {
  await client.query('BEGIN');
  try {
    // Any constant: serialises concurrent migrators for this transaction only.
    await client.query('SELECT pg_advisory_xact_lock(7020020)');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.migration (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const have = new Set((await client.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.migration`)).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (have.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${SCHEMA}.migration (version) VALUES ($1)`, [m.version]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Whether `fleet init` ran on this database (the commands other than init need it). */
export async function schemaVersion(client: pg.ClientBase | pg.Pool): Promise<number | null> {
  const r = await client.query<{ v: number | null }>(`SELECT to_regclass('${SCHEMA}.migration') IS NOT NULL AS present`);
  if (!(r.rows[0] as unknown as { present: boolean }).present) return null;
  const v = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA}.migration`);
  return v.rows[0]?.v ?? null;
}
