// BASELINE COPY for bench/ingest.ts: today's ingest path as it was before issue 18 (git show
// c42f8c3:host/store/schema.ts), kept runnable so the bench measures the old and the new path in the same
// rounds. Not used by sdktrace itself; delete this folder once the targets are met.
// The database schema, as an ordered list of migrations. A database records the highest applied
// version in `PRAGMA user_version`; opening applies the missing ones in one transaction.
//
// One database holds many runs. The `events` table is the single timeline of a run: events from
// the agent (source 'agent', with pid+seq) and what the host itself saw on the device (source
// 'host': spawns of other apps, crashes, detaches, audit stages). Every row is hash-chained per run.

/** Marks a file as an sdktrace database (PRAGMA application_id), so foreign files are refused. */
export const APPLICATION_ID = 0x53445452; // "SDTR"

export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  mode TEXT NOT NULL,                 -- demo | trace | observe | audit
  started_at REAL NOT NULL,           -- host clock, ms
  ended_at REAL,
  end_reason TEXT,
  device_id TEXT, device_name TEXT, device_kind TEXT,
  os_version TEXT, api_level INTEGER,
  package TEXT,
  app_version TEXT, app_version_code INTEGER, signing_sha256 TEXT,
  tool_version TEXT NOT NULL, agent_version TEXT, hook_catalog_version TEXT, sdk_catalog_version TEXT,
  options TEXT NOT NULL DEFAULT '{}', -- JSON: the run's options (durations, words, policy path)
  chain_head TEXT                      -- hash of the run's last event row
);

CREATE TABLE processes (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  pid INTEGER NOT NULL,
  name TEXT NOT NULL,
  package TEXT,
  target INTEGER NOT NULL DEFAULT 0,  -- 1 = a process of the traced app (agent loaded)
  started_at REAL NOT NULL,           -- device clock, like events.t
  ended_at REAL,
  start_reason TEXT,                  -- launcher | receiver | service | ... (from the agent) or spawn
  start_detail TEXT,                  -- JSON
  end_reason TEXT,
  spawned_by TEXT,                    -- sdktrace | device (gating) | attach
  agent_version TEXT,
  android_release TEXT, api_level INTEGER,
  next_seq INTEGER NOT NULL DEFAULT 0, -- next expected seq from this process's agent
  seq_gaps INTEGER NOT NULL DEFAULT 0  -- events missing (sum of gap sizes)
);
CREATE INDEX processes_run ON processes(run_id, pid);

CREATE TABLE stacks (
  run_id INTEGER NOT NULL,
  id TEXT NOT NULL,                   -- Java.backtrace id
  frames TEXT NOT NULL,               -- JSON [[class, method, file, line], ...], innermost first
  sha256 TEXT NOT NULL,               -- of frames, covered by the event hash chain
  PRIMARY KEY (run_id, id)
) WITHOUT ROWID;

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  source TEXT NOT NULL,               -- agent | host
  process_id INTEGER,
  pid INTEGER,
  seq INTEGER,
  t REAL NOT NULL,
  tid INTEGER, thread TEXT,
  kind TEXT NOT NULL,
  api TEXT,
  hook TEXT,
  data_type TEXT,
  args TEXT, ret TEXT, thrown TEXT, detail TEXT,   -- JSON as received
  stack TEXT, origins TEXT,
  -- analysis, recomputable from the above
  phase TEXT, consent TEXT, foreground INTEGER,
  sdk TEXT, party TEXT, via TEXT, frame TEXT, chain TEXT, attribution TEXT,
  hash TEXT NOT NULL
);
CREATE INDEX events_run_t ON events(run_id, t);
CREATE INDEX events_run_kind ON events(run_id, kind);
CREATE INDEX events_run_sdk ON events(run_id, sdk);
CREATE INDEX events_proc_seq ON events(process_id, seq);

CREATE TABLE launches (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  run_id INTEGER NOT NULL,
  via TEXT NOT NULL, action TEXT, component TEXT,
  target_package TEXT,                -- explicit package, component package, or resolved package
  other_app INTEGER NOT NULL,         -- 1 when the target is not the traced app
  confirmed_event_id INTEGER          -- host event of that app's process starting, when seen
);
CREATE INDEX launches_run ON launches(run_id);

CREATE TABLE net_flows (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  run_id INTEGER NOT NULL,
  layer TEXT NOT NULL, proto TEXT NOT NULL, tls INTEGER NOT NULL,
  host TEXT, ip TEXT, port INTEGER, url TEXT, bytes INTEGER,
  domain_sdk TEXT                     -- SDK the destination alone points to (evidence when it disagrees)
);
CREATE INDEX net_flows_run ON net_flows(run_id);

CREATE TABLE hook_status (
  run_id INTEGER NOT NULL,
  process_id INTEGER NOT NULL,
  hook TEXT NOT NULL,
  class TEXT NOT NULL, method TEXT NOT NULL,
  state TEXT NOT NULL, overloads INTEGER NOT NULL, reason TEXT,
  calls INTEGER NOT NULL DEFAULT 0,   -- exact call count, even when events were sampled
  emitted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, process_id, hook)
) WITHOUT ROWID;

CREATE TABLE protocol_errors (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  process_id INTEGER,
  t REAL NOT NULL,                    -- host clock
  location TEXT NOT NULL,             -- where in the message, e.g. "events[3].detail.port"
  error TEXT NOT NULL,
  raw BLOB,                           -- the offending message or event, bounded
  raw_len INTEGER NOT NULL            -- its full length
);
CREATE INDEX protocol_errors_run ON protocol_errors(run_id);
`,
  },
  {
    version: 2,
    // A process that starts again under the same name (a crashed or killed :push woken later, the
    // main process relaunched) is a new row with a new pid; restart_of links it to the row it
    // replaces, so a report can follow one logical process through crashes and restarts.
    sql: `
ALTER TABLE processes ADD COLUMN restart_of INTEGER REFERENCES processes(id);
`,
  },
  {
    version: 3,
    // The dashboard and the findings filter a run's events by phase and by data type; without
    // these a first filter over a million-event run scans the whole table.
    sql: `
CREATE INDEX events_run_phase ON events(run_id, phase);
CREATE INDEX events_run_data_type ON events(run_id, data_type);
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
