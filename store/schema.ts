// The database schema, as an ordered list of migrations. A database records the highest applied
// version in `PRAGMA user_version`; opening applies the missing ones in one transaction.
//
// One database holds many runs. The `events` table is the single timeline of a run: events from
// the agent (source 'agent', with pid+seq) and what the host itself saw on the device (source
// 'host': spawns of other apps, crashes, detaches, audit stages). Every row is hash-chained per run.
//
// Since version 4 the events are stored normalized in `event_rows`: what is the same for many
// events (thread, API and hook names, the stack, the attribution of a code path) is an integer
// reference into a side table (names, attributions), so a row carries only what varies. `events` is a view that joins
// them back into the columns as the agent sent them (and as readers and the hash chain know
// them); it accepts UPDATE and DELETE (INSTEAD OF triggers), so it stands in for the table.

/** Marks a file as an sdktrace database (PRAGMA application_id), so foreign files are refused. */
export const APPLICATION_ID = 0x53445452; // "SDTR"

export interface Migration {
  readonly version: number;
  readonly sql: string;
}

const MIGRATIONS_LIST: Migration[] = [
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
export const MIGRATIONS: readonly Migration[] = MIGRATIONS_LIST;

/**
 * The indexes only queries need (the dashboard's filters, findings, reports). Ingest does not:
 * every one of them is rewritten in every ingest transaction, so they are dropped while a run
 * ingests and built when it ends, or by the first writable reader that finds them missing
 * (ensureQueryIndexes in store/db.ts). A run whose host was killed leaves them missing;
 * every query still works, only by a scan.
 */
export const QUERY_INDEXES: readonly { readonly name: string; readonly sql: string }[] = [
  { name: 'events_run_kind', sql: 'CREATE INDEX IF NOT EXISTS events_run_kind ON event_rows(run_id, kind)' },
  { name: 'events_run_sdk', sql: 'CREATE INDEX IF NOT EXISTS events_run_sdk ON event_rows(run_id, sdk)' },
  { name: 'events_run_phase', sql: 'CREATE INDEX IF NOT EXISTS events_run_phase ON event_rows(run_id, phase)' },
  { name: 'events_run_data_type', sql: 'CREATE INDEX IF NOT EXISTS events_run_data_type ON event_rows(run_id, data_type)' },
];

/** The `events` view: the stored rows with their references resolved, in the columns of schema 3. */
const EVENTS_VIEW = `
CREATE VIEW events AS
SELECT e.id, e.run_id, e.source, e.process_id, e.pid, e.seq, e.t, e.tid, th.text AS thread, e.kind, ap.text AS api, hk.text AS hook,
  e.data_type, e.args, e.ret, e.thrown, e.detail, st.text AS stack, e.origins, e.phase, e.consent, e.foreground, e.sdk,
  a.party, a.via, a.frame, a.chain, a.json AS attribution, e.hash
FROM event_rows e
  LEFT JOIN names th ON th.id = e.thread_ref
  LEFT JOIN names ap ON ap.id = e.api_ref
  LEFT JOIN names hk ON hk.id = e.hook_ref
  LEFT JOIN names st ON st.id = e.stack_ref
  LEFT JOIN attributions a ON a.id = e.attribution_ref;`;

/** Interns a view row's referenced values (thread, api, hook, stack, attribution), for the triggers. */
const INTERN_NEW = `
  INSERT OR IGNORE INTO names (text) SELECT NEW.thread WHERE NEW.thread IS NOT NULL;
  INSERT OR IGNORE INTO names (text) SELECT NEW.api WHERE NEW.api IS NOT NULL;
  INSERT OR IGNORE INTO names (text) SELECT NEW.hook WHERE NEW.hook IS NOT NULL;
  INSERT OR IGNORE INTO names (text) SELECT NEW.stack WHERE NEW.stack IS NOT NULL;
  INSERT INTO attributions (party, via, frame, chain, json)
    SELECT NEW.party, NEW.via, NEW.frame, NEW.chain, NEW.attribution
    WHERE coalesce(NEW.party, NEW.via, NEW.frame, NEW.chain, NEW.attribution) IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM attributions WHERE json IS NEW.attribution AND party IS NEW.party AND via IS NEW.via AND frame IS NEW.frame AND chain IS NEW.chain);`;

const REFS_OF_NEW = `
  thread_ref = (SELECT id FROM names WHERE text = NEW.thread),
  api_ref = (SELECT id FROM names WHERE text = NEW.api),
  hook_ref = (SELECT id FROM names WHERE text = NEW.hook),
  stack_ref = (SELECT id FROM names WHERE text = NEW.stack),
  attribution_ref = (SELECT id FROM attributions WHERE json IS NEW.attribution AND party IS NEW.party AND via IS NEW.via AND frame IS NEW.frame AND chain IS NEW.chain
    AND coalesce(NEW.party, NEW.via, NEW.frame, NEW.chain, NEW.attribution) IS NOT NULL ORDER BY id LIMIT 1)`;

MIGRATIONS_LIST.push({
  version: 4,
  // Normalized events (see the top of this file). Rows keep their ids, so every hash, launch and
  // net flow stays; `events` becomes the view that reads them back as before. Stack ids are
  // interned like names; their frames and SHA-256 stay in stacks, keyed by run and id as before.
  sql: `
CREATE TABLE names (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE           -- a thread, API or hook name, or a stack id
);
CREATE TABLE attributions (
  id INTEGER PRIMARY KEY,             -- one per code path's answer (deduplicated by the writing Store)
  party TEXT, via TEXT, frame TEXT, chain TEXT,
  json TEXT                           -- the attribution result as JSON
);

INSERT OR IGNORE INTO names (text) SELECT thread FROM events WHERE thread IS NOT NULL;
INSERT OR IGNORE INTO names (text) SELECT api FROM events WHERE api IS NOT NULL;
INSERT OR IGNORE INTO names (text) SELECT hook FROM events WHERE hook IS NOT NULL;
INSERT OR IGNORE INTO names (text) SELECT stack FROM events WHERE stack IS NOT NULL;
INSERT INTO attributions (party, via, frame, chain, json)
  SELECT DISTINCT party, via, frame, chain, attribution FROM events
  WHERE coalesce(party, via, frame, chain, attribution) IS NOT NULL;

CREATE TABLE event_rows (
  -- Small and filtered columns first, the long evidence texts last: SQLite reads a record's
  -- columns in order, so filters and index builds stop before args/detail.
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  process_id INTEGER,
  seq INTEGER,
  t REAL NOT NULL,
  source TEXT NOT NULL,               -- agent | host
  kind TEXT NOT NULL,
  data_type TEXT,
  -- analysis, recomputable from the evidence
  phase TEXT, consent TEXT, foreground INTEGER, sdk TEXT,
  attribution_ref INTEGER,            -- attributions.id: party, via, frame, chain and the JSON
  -- evidence (hash-chained through the events view)
  pid INTEGER,
  tid INTEGER,
  thread_ref INTEGER,                 -- names.id
  api_ref INTEGER,                    -- names.id
  hook_ref INTEGER,                   -- names.id
  stack_ref INTEGER,                  -- names.id of the stack id (frames: stacks, by run_id and id)
  thrown TEXT, origins TEXT,
  args TEXT, ret TEXT, detail TEXT,   -- JSON as received
  hash TEXT NOT NULL
);
INSERT INTO event_rows (id, run_id, process_id, seq, t, source, kind, data_type, phase, consent, foreground, sdk, attribution_ref,
  pid, tid, thread_ref, api_ref, hook_ref, stack_ref, thrown, origins, args, ret, detail, hash)
SELECT e.id, e.run_id, e.process_id, e.seq, e.t, e.source, e.kind, e.data_type, e.phase, e.consent, e.foreground, e.sdk,
  CASE WHEN coalesce(e.party, e.via, e.frame, e.chain, e.attribution) IS NULL THEN NULL ELSE
    (SELECT a.id FROM attributions a WHERE a.json IS e.attribution AND a.party IS e.party AND a.via IS e.via AND a.frame IS e.frame AND a.chain IS e.chain ORDER BY a.id LIMIT 1) END,
  e.pid, e.tid, (SELECT id FROM names WHERE text = e.thread), (SELECT id FROM names WHERE text = e.api), (SELECT id FROM names WHERE text = e.hook),
  (SELECT id FROM names WHERE text = e.stack), e.thrown, e.origins, e.args, e.ret, e.detail, e.hash
FROM events e ORDER BY e.id;
DROP TABLE events;
CREATE INDEX events_run_t ON event_rows(run_id, t);
CREATE INDEX events_proc_seq ON event_rows(process_id, seq);

-- launches and net_flows reference the events by id: rebuilt to reference event_rows (SQLite's
-- documented way to change a table's definition, with foreign keys off: migrate() in db.ts).
CREATE TABLE launches_v4 (
  event_id INTEGER PRIMARY KEY REFERENCES event_rows(id),
  run_id INTEGER NOT NULL,
  via TEXT NOT NULL, action TEXT, component TEXT,
  target_package TEXT,                -- explicit package, component package, or resolved package
  other_app INTEGER NOT NULL,         -- 1 when the target is not the traced app
  confirmed_event_id INTEGER          -- host event of that app's process starting, when seen
);
INSERT INTO launches_v4 SELECT event_id, run_id, via, action, component, target_package, other_app, confirmed_event_id FROM launches ORDER BY event_id;
DROP TABLE launches;
ALTER TABLE launches_v4 RENAME TO launches;
CREATE INDEX launches_run ON launches(run_id);
CREATE TABLE net_flows_v4 (
  event_id INTEGER PRIMARY KEY REFERENCES event_rows(id),
  run_id INTEGER NOT NULL,
  layer TEXT NOT NULL, proto TEXT NOT NULL, tls INTEGER NOT NULL,
  host TEXT, ip TEXT, port INTEGER, url TEXT, bytes INTEGER,
  domain_sdk TEXT                     -- SDK the destination alone points to (evidence when it disagrees)
);
INSERT INTO net_flows_v4 SELECT event_id, run_id, layer, proto, tls, host, ip, port, url, bytes, domain_sdk FROM net_flows ORDER BY event_id;
DROP TABLE net_flows;
ALTER TABLE net_flows_v4 RENAME TO net_flows;
CREATE INDEX net_flows_run ON net_flows(run_id);
${QUERY_INDEXES.map((i) => `${i.sql};`).join('\n')}
${EVENTS_VIEW}
CREATE TRIGGER events_update INSTEAD OF UPDATE ON events BEGIN${INTERN_NEW}
  UPDATE event_rows SET id = NEW.id, run_id = NEW.run_id, source = NEW.source, process_id = NEW.process_id, pid = NEW.pid, seq = NEW.seq,
    t = NEW.t, tid = NEW.tid, kind = NEW.kind, data_type = NEW.data_type, args = NEW.args, ret = NEW.ret, thrown = NEW.thrown,
    detail = NEW.detail, origins = NEW.origins, phase = NEW.phase, consent = NEW.consent, foreground = NEW.foreground, sdk = NEW.sdk,
    hash = NEW.hash,${REFS_OF_NEW}
  WHERE id = OLD.id;
END;
CREATE TRIGGER events_delete INSTEAD OF DELETE ON events BEGIN
  DELETE FROM event_rows WHERE id = OLD.id;
END;
`,
});

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
