// The project database (better-sqlite3, WAL). One file holds every run of a project. Writes on
// the ingest path go through `appendEvents` in one transaction per batch; a batch whose
// transaction committed is durable (WAL survives a killed host). While a run ingests through a
// writer thread (store/writer.ts), that thread has a connection of its own and appends the agent's
// batches; this connection's writes first wait for it to be idle (`setBeforeWrite`), so the two
// never interleave and each continues the chain from what is stored.
import Database from 'better-sqlite3';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { checkIntegrity, isCorruption, damagedMessage, type IntegrityCheck } from './integrity.js';
import { UserError } from '../protocol/errors.js';
import { CHAIN_GENESIS, chainHash, sha256Hex, type ChainedContent } from './chain.js';
import { APPLICATION_ID, MIGRATIONS, QUERY_INDEXES, SCHEMA_VERSION } from './schema.js';

export type Db = Database.Database;

export interface RunInfo {
  mode: 'demo' | 'trace' | 'observe' | 'audit';
  started_at: number;
  device_id?: string | null;
  device_name?: string | null;
  device_kind?: string | null;
  os_version?: string | null;
  api_level?: number | null;
  package?: string | null;
  app_version?: string | null;
  app_version_code?: number | null;
  signing_sha256?: string | null;
  tool_version: string;
  agent_version?: string | null;
  hook_catalog_version?: string | null;
  sdk_catalog_version?: string | null;
  options?: Record<string, unknown>;
}

export interface RunRow extends Required<Omit<RunInfo, 'options'>> {
  id: number;
  ended_at: number | null;
  end_reason: string | null;
  options: string;
  chain_head: string | null;
}

export interface ProcessInfo {
  run_id: number;
  pid: number;
  name: string;
  package?: string | null;
  target: boolean;
  started_at: number;
  spawned_by: 'sdktrace' | 'device' | 'attach';
  start_reason?: string | null;
}

export interface ProcessRow {
  id: number;
  run_id: number;
  pid: number;
  name: string;
  package: string | null;
  target: number;
  started_at: number;
  ended_at: number | null;
  start_reason: string | null;
  start_detail: string | null;
  end_reason: string | null;
  spawned_by: string | null;
  agent_version: string | null;
  android_release: string | null;
  api_level: number | null;
  next_seq: number;
  seq_gaps: number;
  /** processes.id of the earlier process of the same name this one restarts (schema 2). */
  restart_of: number | null;
}

/** A process as reports and the dashboard show it (camelCase, target as a boolean). */
export function processView(p: ProcessRow) {
  return {
    id: p.id,
    pid: p.pid,
    name: p.name,
    target: p.target === 1,
    startedAt: p.started_at,
    endedAt: p.ended_at,
    startReason: p.start_reason,
    endReason: p.end_reason,
    spawnedBy: p.spawned_by,
  };
}

/** An event row as ingest builds it: the chained content plus the analysis columns. */
export interface EventRow extends ChainedContent {
  process_id: number | null;
  phase: string | null;
  consent: string | null;
  foreground: number | null;
  sdk: string | null;
  party: string | null;
  via: string | null;
  frame: string | null;
  chain: string | null;
  attribution: string | null;
}

export interface LaunchRow {
  via: string;
  action: string | null;
  component: string | null;
  target_package: string | null;
  other_app: number;
  /** The host event of the target app's process starting, when already seen (launch-confirmation stage). */
  confirmed_event_id?: number | null;
}

export interface NetFlowRow {
  layer: string;
  proto: string;
  tls: number;
  host: string | null;
  ip: string | null;
  port: number | null;
  url: string | null;
  bytes: number | null;
  domain_sdk: string | null;
}

/** What appendEvents needs per event: the row and its optional projections. */
export interface AppendItem {
  row: EventRow;
  /** row.stack as stored (Store.addStackRef / stackRef) when the caller has it; looked up otherwise. */
  stackRef?: StackRef | null;
  /**
   * attributions.id of the row's analysis columns when the caller interned them (Store.addAttribution);
   * then row.party/via/frame/chain/attribution are not read.
   */
  attributionRef?: number | null;
  /**
   * The names rows of row.thread, row.api and row.hook when the caller found them (Store.nameRef:
   * the writer thread, by run-local key); null when the column is null; looked up otherwise.
   */
  threadName?: NameRef | null;
  apiName?: NameRef | null;
  hookName?: NameRef | null;
  launch?: LaunchRow;
  net?: NetFlowRow;
}

/** The raw text a protocol error keeps (its first 64 KB) and its full length in bytes. */
function boundedRaw(raw: string | Buffer | null): [Buffer | null, number] {
  const MAX_RAW = 64 * 1024;
  if (raw === null) return [null, 0];
  const full = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  return [full.length > MAX_RAW ? full.subarray(0, MAX_RAW) : full, full.length];
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Text as SQLite will give it back. better-sqlite3 writes a lone UTF-16 surrogate (Java strings
 * may hold them) as bytes that read back as three U+FFFD, so the hash chain, which covers the
 * text, could never be verified; such text is stored with each lone surrogate as one U+FFFD.
 */
function wellFormed<T extends string | null>(s: T): T {
  const w = s as unknown as { isWellFormed(): boolean; toWellFormed(): string } | null;
  return (w === null || w.isWellFormed() ? s : w.toWellFormed()) as T;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * App-controlled text in a column outside the hash chain that is not JSON (the launches and
 * net_flows projections, attributions.frame, hook_status), as stored: each lone surrogate as the
 * six characters `\udXXX`, as the reports show one (reports/render/escape.ts), instead of the
 * three U+FFFD better-sqlite3 made of it, so the row shows which code unit the agent sent. Escaping
 * adds no "." and no character a declared domain or Java package may hold, so a host or package
 * compared with the declared lists matches exactly when the text the agent sent does. These
 * columns are derived from the chained evidence (whose JSON keeps the exact text); re-derivation
 * (reports/pack/verify.ts) compares a derived value in this form. The chained text columns keep
 * their rule (wellFormed) because the chain's hashes cover that form.
 */
export function projectedText<T extends string | null>(s: T): T {
  const w = s as unknown as { isWellFormed(): boolean } | null;
  return (w === null || w.isWellFormed() ? s : (s as string).replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16)}`)) as T;
}

/** Refuses files that are not SQLite before better-sqlite3 touches (and possibly rewrites) them. */
function checkFileIsSqlite(path: string): void {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (!st.isFile()) throw new UserError(`${path} is not a file`);
  if (st.size === 0) return;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    if (n < 16 || buf.toString('latin1') !== SQLITE_MAGIC) {
      throw new UserError(`${path} is not an sdktrace database (not an SQLite file); nothing was changed`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes the -wal/-shm files a read-only connection left (SQLite cannot delete them from a
 * read-only connection). Done the way SQLite itself decides it: a plain connection that reads the
 * schema and closes deletes them only when it is the last connection to the database (a writer
 * still open keeps them), and with an empty WAL its close checkpoints nothing, so the database
 * file is not written. Without write access it cannot open, and the files stay.
 */
function removeOwnSidecars(path: string): void {
  if (!existsSync(`${path}-wal`) && !existsSync(`${path}-shm`)) return;
  try {
    const probe = new Database(path, { fileMustExist: true });
    try {
      probe.pragma('schema_version');
    } finally {
      probe.close();
    }
  } catch {
    // Read-only folder or file: nothing more can be done without writing.
  }
}

/** A stored stack as the hot path needs it: its integer reference and the SHA-256 the chain covers. */
export interface StackRef {
  /** names.id of the stack id. */
  readonly ref: number;
  /** null: an id whose frames are not stored (appendEvents given an unknown stack id). */
  readonly sha: string | null;
}

/** A names row as appendEvents needs it: its id and the text stored (well-formed, see wellFormed). */
export interface NameRef {
  readonly id: number;
  readonly text: string;
}

/** An interned attribution: the row's id and the columns it stands for. */
interface AttributionRef {
  id: number;
  party: string | null;
  via: string | null;
  frame: string | null;
  chain: string | null;
}

/**
 * Interns a row's analysis columns (party, via, frame, chain, attribution JSON) as one integer
 * reference: keyed by the JSON (the attribution stage hands the same string object for every event
 * of a code path, so the lookup hashes nothing new), the other columns compared. The caller's
 * `store` makes the reference for content not seen yet: an attributions.id (Store), or a run-local
 * key the writer thread maps to one (ingest with a writer). Bounded: past MAX_INTERNED it starts over, which
 * costs a stored row, never a wrong answer (attributions are conclusions, re-derivable).
 */
export class AttributionInterner {
  private readonly known = new Map<string, AttributionRef>();

  /** The reference for the row's analysis columns; null when it has none. */
  ref(row: EventRow, store: (row: EventRow) => number): number | null {
    const json = row.attribution;
    if (json === null && row.party === null && row.via === null && row.frame === null && row.chain === null) return null;
    if (json !== null) {
      const a = this.known.get(json);
      if (a !== undefined && a.party === row.party && a.via === row.via && a.frame === row.frame && a.chain === row.chain) return a.id;
    }
    const id = store(row);
    if (json !== null) {
      if (this.known.size >= MAX_INTERNED) this.known.clear();
      this.known.set(json, { id, party: row.party, via: row.via, frame: row.frame, chain: row.chain });
    }
    return id;
  }

  /** Forgets every reference (their rows were rolled back). */
  clear(): void {
    this.known.clear();
  }
}

export class Store {
  private readonly chainHeads = new Map<number, string>();
  /** By run, by stack id (no per-event string keys). */
  private readonly stackRefs = new Map<number, Map<string, StackRef>>();
  /** Interned thread, API and hook names: text as received -> names.id and its well-formed text. */
  private readonly names = new Map<string, NameRef>();
  /** Attributions interned for the life of this Store (a later session may store the same content again). */
  private readonly attributions = new AttributionInterner();
  private readonly storeAttribution = (row: EventRow) => this.addAttribution(row.party, row.via, row.frame, row.chain, row.attribution);
  private readonly stmts;
  /** appendEvents' parameters for the largest multi-row INSERT, reused (filled by index, passed as arguments). */
  private readonly eventParams: unknown[] = new Array(EVENT_INSERT_ROWS[0] * EVENT_COLUMNS.length).fill(null);
  /** Called before any write on this connection (see setBeforeWrite). */
  private beforeWrite: (() => void) | null = null;

  /**
   * @param createdSidecars read-only opens: the -wal/-shm files did not exist before this
   *   connection (SQLite creates them to read a WAL database); close() removes them again.
   */
  private constructor(readonly db: Db, readonly path: string, readonly readonly: boolean, private readonly createdSidecars = false) {
    this.stmts = readonly ? null : this.prepareWrites();
  }

  /**
   * Opens (and with `create`, creates) a database. Foreign files are refused with a UserError and
   * left untouched. An existing file is checked first with SQLite's own `quick_check` (or the
   * full `integrity_check` with check: 'integrity'): a damaged file is refused with one line
   * (exit 2) before anything reads conclusions from it or appends to it.
   *
   * Read-only opens write nothing: no journal-mode change, no migration, and the -wal/-shm files
   * SQLite needs to read a WAL database are removed again on close when this open created them
   * (see close()). The file's bytes are the same before and after.
   */
  static open(path: string, options: { create?: boolean; readonly?: boolean; check?: IntegrityCheck } = {}): Store {
    const exists = existsSync(path) && statSync(path).size > 0;
    if (!exists && !options.create) throw new UserError(`no sdktrace database at ${path}`);
    checkFileIsSqlite(path);
    const sidecarsBefore = existsSync(`${path}-wal`) || existsSync(`${path}-shm`);
    let db: Db;
    try {
      db = new Database(path, { readonly: options.readonly === true, fileMustExist: !options.create });
    } catch (e) {
      throw new UserError(`cannot open ${path}: ${(e as Error).message}`);
    }
    const createdSidecars = options.readonly === true && !sidecarsBefore;
    const abandon = () => {
      db.close();
      if (createdSidecars) removeOwnSidecars(path);
    };
    try {
      const appId = db.pragma('application_id', { simple: true }) as number;
      const userVersion = db.pragma('user_version', { simple: true }) as number;
      const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type='table'").get() as { n: number }).n;
      if (appId !== APPLICATION_ID && !(appId === 0 && tables === 0)) {
        throw new UserError(`${path} is an SQLite database but not an sdktrace one (application_id ${appId}); nothing was changed`);
      }
      if (userVersion > SCHEMA_VERSION) {
        throw new UserError(`${path} has schema version ${userVersion}, newer than this sdktrace (${SCHEMA_VERSION}); upgrade sdktrace`);
      }
      if (exists && options.check !== 'none') {
        const problem = checkIntegrity(db, options.check ?? 'quick');
        if (problem !== null) throw new UserError(damagedMessage(path, problem, options.check ?? 'quick'));
      }
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        // NORMAL in WAL mode: a committed transaction survives a killed process (not a power cut).
        db.pragma('synchronous = NORMAL');
        migrate(db, userVersion);
      } else if (userVersion < SCHEMA_VERSION) {
        throw new UserError(`${path} has schema version ${userVersion}; open it once without --readonly to upgrade`);
      }
      if (exists && options.check !== 'none') {
        const problem = schemaProblem(db);
        if (problem !== null) throw new UserError(damagedMessage(path, problem, 'open'));
      }
    } catch (e) {
      abandon();
      if (e instanceof UserError) throw e;
      if (isCorruption(e)) throw new UserError(damagedMessage(path, (e as Error).message, 'open'));
      throw new UserError(`cannot use ${path}: ${(e as Error).message}; nothing was changed`);
    }
    return new Store(db, path, options.readonly === true, createdSidecars);
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    if (this.createdSidecars) removeOwnSidecars(this.path);
  }

  private prepareWrites() {
    const db = this.db;
    return {
      insertRun: db.prepare(`INSERT INTO runs (mode, started_at, device_id, device_name, device_kind, os_version, api_level, package,
        app_version, app_version_code, signing_sha256, tool_version, agent_version, hook_catalog_version, sdk_catalog_version, options)
        VALUES (@mode, @started_at, @device_id, @device_name, @device_kind, @os_version, @api_level, @package,
        @app_version, @app_version_code, @signing_sha256, @tool_version, @agent_version, @hook_catalog_version, @sdk_catalog_version, @options)`),
      insertProcess: db.prepare(`INSERT INTO processes (run_id, pid, name, package, target, started_at, spawned_by, start_reason)
        VALUES (@run_id, @pid, @name, @package, @target, @started_at, @spawned_by, @start_reason)`),
      insertStack: db.prepare('INSERT OR IGNORE INTO stacks (run_id, id, frames, sha256) VALUES (?, ?, ?, ?)'),
      insertName: db.prepare('INSERT OR IGNORE INTO names (text) VALUES (?)'),
      nameId: db.prepare('SELECT id FROM names WHERE text = ?').pluck(),
      insertAttribution: db.prepare('INSERT INTO attributions (party, via, frame, chain, json) VALUES (?, ?, ?, ?, ?)'),
      stackSha: db.prepare('SELECT sha256 FROM stacks WHERE run_id = ? AND id = ?').pluck(),
      // The ingest path's inserts: several rows per statement (see EVENT_INSERT_ROWS), their values
      // passed as arguments (better-sqlite3 binds an array through a generic property get per element).
      insertEvents: EVENT_INSERT_ROWS.map((rows) => db.prepare(insertEventsSql(rows))),
      maxEventId: db.prepare('SELECT max(id) FROM event_rows').pluck(),
      insertLaunch: db.prepare(`INSERT INTO launches (event_id, run_id, via, action, component, target_package, other_app, confirmed_event_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      confirmLaunch: db.prepare('UPDATE launches SET confirmed_event_id = ? WHERE event_id = ? AND confirmed_event_id IS NULL'),
      insertNet: db.prepare(`INSERT INTO net_flows (event_id, run_id, layer, proto, tls, host, ip, port, url, bytes, domain_sdk)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      setChainHead: db.prepare('UPDATE runs SET chain_head = ? WHERE id = ?'),
      // Read once per batch on the writer thread (its cached head is forgotten before each batch).
      chainHeadOf: db.prepare('SELECT chain_head FROM runs WHERE id = ?'),
      upsertHook: db.prepare(`INSERT INTO hook_status (run_id, process_id, hook, class, method, state, overloads, reason)
        VALUES (@run_id, @process_id, @hook, @class, @method, @state, @overloads, @reason)
        ON CONFLICT (run_id, process_id, hook) DO UPDATE SET class = excluded.class, method = excluded.method,
          state = excluded.state, overloads = excluded.overloads, reason = excluded.reason`),
      addCounts: db.prepare(`INSERT INTO hook_status (run_id, process_id, hook, class, method, state, overloads, calls, emitted)
        VALUES (?, ?, ?, '', '', 'installed', 0, ?, ?)
        ON CONFLICT (run_id, process_id, hook) DO UPDATE SET calls = calls + excluded.calls, emitted = emitted + excluded.emitted`),
      insertError: db.prepare(`INSERT INTO protocol_errors (run_id, process_id, t, location, error, raw, raw_len)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      advanceSeq: db.prepare('UPDATE processes SET next_seq = ?, seq_gaps = seq_gaps + ? WHERE id = ?'),
      setErrorRaw: db.prepare('UPDATE protocol_errors SET raw = ?, raw_len = ? WHERE id = ?'),
    };
  }

  private w() {
    if (this.stmts === null) throw new Error('store opened read-only');
    this.prepareToWrite();
    return this.stmts;
  }

  /**
   * `wait` runs before every write of this connection: a run's writer thread (store/writer.ts)
   * drains there, so this connection writes only while the other is idle. null removes it.
   */
  setBeforeWrite(wait: (() => void) | null): void {
    this.beforeWrite = wait;
  }

  private prepareToWrite(): void {
    if (this.beforeWrite === null) return;
    this.beforeWrite();
    // The other connection may have extended the chain: continue from what is stored.
    this.chainHeads.clear();
  }

  /**
   * Forgets the cached chain heads, so the next append reads the head from the database: for a
   * connection that shares a run's chain with another (the writer thread's, between batches).
   */
  forgetChainHeads(): void {
    this.chainHeads.clear();
  }

  createRun(info: RunInfo): number {
    const r = this.w().insertRun.run({
      device_id: null,
      device_name: null,
      device_kind: null,
      os_version: null,
      api_level: null,
      package: null,
      app_version: null,
      app_version_code: null,
      signing_sha256: null,
      agent_version: null,
      hook_catalog_version: null,
      sdk_catalog_version: null,
      ...info,
      options: JSON.stringify(info.options ?? {}),
    });
    const id = Number(r.lastInsertRowid);
    this.chainHeads.set(id, CHAIN_GENESIS);
    return id;
  }

  updateRun(runId: number, fields: Partial<Omit<RunRow, 'id' | 'options'>> & { options?: Record<string, unknown> }): void {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    const sets = entries.map(([k]) => `${k} = @${k}`).join(', ');
    const params: Record<string, unknown> = { id: runId };
    for (const [k, v] of entries) params[k] = k === 'options' ? JSON.stringify(v) : v;
    this.prepareToWrite();
    this.db.prepare(`UPDATE runs SET ${sets} WHERE id = @id`).run(params);
  }

  /**
   * Ends a run, then builds the query indexes its ingest went without (dropQueryIndexes). They are
   * not evidence: when they cannot be built now (disk full), the next writable reader builds them.
   */
  endRun(runId: number, reason: string, at: number): void {
    this.prepareToWrite();
    this.db.prepare('UPDATE runs SET ended_at = ?, end_reason = ? WHERE id = ?').run(at, reason, runId);
    try {
      ensureQueryIndexes(this.db);
    } catch {
      // Left missing; queries still work (by a scan) and ensureQueryIndexes retries.
    }
  }

  run(runId: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  }

  /** `latest` or a run id, as the CLI accepts it. */
  resolveRun(ref: string): RunRow {
    const row =
      ref === 'latest'
        ? (this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined)
        : /^\d+$/.test(ref)
          ? this.run(Number(ref))
          : undefined;
    if (row === undefined) {
      throw new UserError(ref === 'latest' ? `${this.path} holds no runs yet` : `no run ${JSON.stringify(ref)} in ${this.path} (use a run id or "latest")`);
    }
    return row;
  }

  runs(): RunRow[] {
    return this.db.prepare('SELECT * FROM runs ORDER BY id').all() as RunRow[];
  }

  addProcess(p: ProcessInfo): ProcessRow {
    const r = this.w().insertProcess.run({ ...p, package: p.package ?? null, target: p.target ? 1 : 0, start_reason: p.start_reason ?? null });
    return this.process(Number(r.lastInsertRowid))!;
  }

  process(id: number): ProcessRow | undefined {
    return this.db.prepare('SELECT * FROM processes WHERE id = ?').get(id) as ProcessRow | undefined;
  }

  processes(runId: number): ProcessRow[] {
    return this.db.prepare('SELECT * FROM processes WHERE run_id = ? ORDER BY id').all(runId) as ProcessRow[];
  }

  updateProcess(id: number, fields: Partial<Omit<ProcessRow, 'id' | 'run_id'>>): void {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    const sets = entries.map(([k]) => `${k} = @${k}`).join(', ');
    this.prepareToWrite();
    this.db.prepare(`UPDATE processes SET ${sets} WHERE id = @id`).run({ id, ...Object.fromEntries(entries) });
  }

  /**
   * The seq a process's agent is expected to send next, and `gapsAdded` more events missing. The
   * gaps are added, not set: a batch refused in the writer thread counts its events as missing
   * after later batches were already built (store/refusal.ts), and each adds only its own.
   */
  advanceProcessSeq(processId: number, nextSeq: number, gapsAdded: number): void {
    this.w().advanceSeq.run(nextSeq, gapsAdded, processId);
  }

  private runStacks(runId: number): Map<string, StackRef> {
    let m = this.stackRefs.get(runId);
    if (m === undefined) {
      m = new Map();
      this.stackRefs.set(runId, m);
    }
    return m;
  }

  /** Stores stack frames once per run; returns the SHA-256 the event chain will cover. */
  addStack(runId: number, rawId: string, framesJson: string): string {
    return this.addStackRef(runId, rawId, framesJson).sha!;
  }

  /**
   * Stores stack frames once per run and returns the stack's reference (its interned id) with its
   * SHA-256. INSERT OR IGNORE keeps the first frames seen for an id: the SHA reported is the stored one.
   */
  addStackRef(runId: number, rawId: string, framesJson: string): StackRef {
    const m = this.runStacks(runId);
    const known = m.get(rawId);
    if (known !== undefined && known.sha !== null) return known;
    const name = this.nameRef(rawId);
    const s = this.w();
    const sha = sha256Hex(framesJson);
    const stored = s.insertStack.run(runId, name.text, framesJson, sha).changes === 1 ? sha : (s.stackSha.get(runId, name.text) as string);
    const r: StackRef = { ref: name.id, sha: stored };
    m.set(rawId, r);
    return r;
  }

  /** The stored stack `rawId` of a run (its reference and SHA-256), or null when its frames are not stored. */
  stackRef(runId: number, rawId: string): StackRef | null {
    const m = this.runStacks(runId);
    let r = m.get(rawId);
    if (r === undefined || r.sha === null) {
      const sha = this.db.prepare('SELECT sha256 FROM stacks WHERE run_id = ? AND id = ?').pluck().get(runId, wellFormed(rawId)) as string | undefined;
      if (sha === undefined) return null;
      r = { ref: this.nameRef(rawId).id, sha };
      m.set(rawId, r);
    }
    return r;
  }

  /**
   * A stack id an event names whose frames were never stored (ingest never appends one; a caller
   * of appendEvents might): stored as given, with no SHA-256, so verify reports the stack missing.
   */
  private framelessStack(rawId: string): StackRef {
    return { ref: this.nameRef(rawId).id, sha: null };
  }

  stackSha(runId: number, rawId: string | null): string | null {
    if (rawId === null) return null;
    return this.stackRef(runId, rawId)?.sha ?? null;
  }

  stackFrames(runId: number, id: string): unknown[] | null {
    const row = this.db.prepare('SELECT frames FROM stacks WHERE run_id = ? AND id = ?').get(runId, wellFormed(id)) as { frames: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.frames) as unknown[]);
  }

  /** The names row of a thread, API or hook name (stored if new): its id and the text stored (well-formed, see wellFormed). */
  nameRef(raw: string): NameRef {
    let n = this.names.get(raw);
    if (n === undefined) {
      const s = this.w();
      const text = wellFormed(raw);
      const ins = s.insertName.run(text);
      n = { id: ins.changes === 1 ? Number(ins.lastInsertRowid) : (s.nameId.get(text) as number), text };
      if (this.names.size >= MAX_INTERNED) this.names.clear();
      this.names.set(raw, n);
    }
    return n;
  }

  /** Stores an attribution (the analysis columns of events of one code path); returns its id. */
  addAttribution(party: string | null, via: string | null, frame: string | null, chain: string | null, json: string | null): number {
    return Number(this.w().insertAttribution.run(party, via, projectedText(frame), chain, json).lastInsertRowid);
  }

  private chainHead(runId: number): string {
    let head = this.chainHeads.get(runId);
    if (head === undefined) {
      const row = this.w().chainHeadOf.get(runId) as { chain_head: string | null } | undefined;
      head = row?.chain_head ?? CHAIN_GENESIS;
      this.chainHeads.set(runId, head);
    }
    return head;
  }

  /**
   * Appends events of one run in order, extending its hash chain. Call inside `transaction` to
   * make a whole batch (events, stacks, projections, seq bookkeeping) one durable unit.
   * Returns the ids given to the rows.
   */
  appendEvents(runId: number, items: readonly AppendItem[]): number[] {
    const s = this.w();
    let head = this.chainHead(runId);
    const ids: number[] = new Array(items.length);
    // Ids are given here, as SQLite would (one past the largest), so a multi-row INSERT needs no
    // answer per row; the projections, which reference their event, are inserted after the rows.
    let nextId = items.length === 0 ? 0 : ((s.maxEventId.get() as number | null) ?? 0) + 1;
    const params = this.eventParams;
    let pending = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const { row, attributionRef } = item;
      if (row.run_id !== runId) throw new Error(`event for run ${row.run_id} appended to run ${runId}`);
      // The app-controlled text columns are stored well-formed (JSON columns are already:
      // JSON.stringify escapes); interned names are made well-formed once, when first seen.
      const thread = item.threadName !== undefined ? item.threadName : row.thread === null ? null : this.nameRef(row.thread);
      const api = item.apiName !== undefined ? item.apiName : row.api === null ? null : this.nameRef(row.api);
      const hook = item.hookName !== undefined ? item.hookName : row.hook === null ? null : this.nameRef(row.hook);
      if (thread !== null) row.thread = thread.text;
      if (api !== null) row.api = api.text;
      if (hook !== null) row.hook = hook.text;
      row.thrown = wellFormed(row.thrown);
      let stack: StackRef | null = null;
      if (row.stack !== null) {
        stack = item.stackRef ?? this.stackRef(runId, row.stack) ?? this.framelessStack(row.stack);
        row.stack = wellFormed(row.stack);
      }
      const hash = chainHash(head, row, stack?.sha ?? null);
      const id = nextId++;
      // In the column order of insertEventsSql.
      let k = pending * EVENT_COLUMNS.length;
      params[k++] = id;
      params[k++] = row.run_id;
      params[k++] = row.source;
      params[k++] = row.process_id;
      params[k++] = row.pid;
      params[k++] = row.seq;
      params[k++] = row.t;
      params[k++] = row.tid;
      params[k++] = thread?.id ?? null;
      params[k++] = row.kind;
      params[k++] = api?.id ?? null;
      params[k++] = hook?.id ?? null;
      params[k++] = row.data_type;
      params[k++] = row.args;
      params[k++] = row.ret;
      params[k++] = row.thrown;
      params[k++] = row.detail;
      params[k++] = stack?.ref ?? null;
      params[k++] = row.origins;
      params[k++] = row.phase;
      params[k++] = row.consent;
      params[k++] = row.foreground;
      params[k++] = row.sdk;
      params[k++] = attributionRef === undefined ? this.attributions.ref(row, this.storeAttribution) : attributionRef;
      params[k] = hash;
      ids[i] = id;
      head = hash;
      if (++pending === EVENT_INSERT_ROWS[0]) {
        s.insertEvents[0]!.run(...params);
        pending = 0;
      }
    }
    // The rest (fewer than the largest statement's rows) through the smaller statements.
    let from = 0;
    for (let size = 1; size < EVENT_INSERT_ROWS.length && pending > 0; size++) {
      const rows = EVENT_INSERT_ROWS[size]!;
      for (; pending >= rows; pending -= rows, from += rows) s.insertEvents[size]!.run(...params.slice(from * EVENT_COLUMNS.length, (from + rows) * EVENT_COLUMNS.length));
    }
    for (let i = 0; i < items.length; i++) {
      const { launch, net } = items[i]!;
      const id = ids[i]!;
      if (launch !== undefined) s.insertLaunch.run(id, runId, launch.via, projectedText(launch.action), projectedText(launch.component), projectedText(launch.target_package), launch.other_app, launch.confirmed_event_id ?? null);
      if (net !== undefined) s.insertNet.run(id, runId, net.layer, net.proto, net.tls, projectedText(net.host), projectedText(net.ip), net.port, projectedText(net.url), net.bytes, net.domain_sdk);
    }
    this.chainHeads.set(runId, head);
    s.setChainHead.run(head, runId);
    return ids;
  }

  /** Records that the other app's process was seen starting (spawn event) after these launches. */
  confirmLaunches(launchEventIds: readonly number[], spawnEventId: number): void {
    const s = this.w();
    this.db.transaction(() => {
      for (const id of launchEventIds) s.confirmLaunch.run(spawnEventId, id);
    })();
  }

  setHookStatus(runId: number, processId: number, h: { id: string; class: string; method: string; state: string; overloads: number; reason?: string }): void {
    this.w().upsertHook.run({ run_id: runId, process_id: processId, hook: projectedText(h.id), class: projectedText(h.class), method: projectedText(h.method), state: h.state, overloads: h.overloads, reason: projectedText(h.reason ?? null) });
  }

  addHookCounts(runId: number, processId: number, hook: string, calls: number, emitted: number): void {
    this.w().addCounts.run(runId, processId, projectedText(hook), calls, emitted);
  }

  /** Records a message or event the host could not accept, with its raw text (bounded); returns the row's id. */
  protocolError(runId: number, processId: number | null, at: number, location: string, error: string, raw: string | Buffer | null): number {
    const [buf, len] = boundedRaw(raw);
    return Number(this.w().insertError.run(runId, processId, at, location.slice(0, 1000), error.slice(0, 4000), buf, len).lastInsertRowid);
  }

  /**
   * Sets the raw text of a protocol error recorded without it: the writer thread records a refused
   * batch in its place in the order, and only the main thread holds the message as received.
   */
  setProtocolErrorRaw(id: number, raw: string | Buffer | null): void {
    const [buf, len] = boundedRaw(raw);
    this.w().setErrorRaw.run(buf, len, id);
  }

  transaction<T>(fn: () => T): T {
    this.prepareToWrite();
    try {
      return this.db.transaction(fn)();
    } catch (e) {
      // The rows were rolled back: drop what the caches learnt inside the transaction (chain
      // head, stack digests), so the next append continues from what is really stored.
      this.chainHeads.clear();
      this.stackRefs.clear();
      this.names.clear();
      this.attributions.clear();
      throw e;
    }
  }
}

/** Columns of each table and view, as `name: a, b, c` lines in name order. */
function schemaColumns(db: Db): Map<string, string> {
  const out = new Map<string, string>();
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const name of names) {
    const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(name) as string[]).join(', ');
    out.set(name, cols);
  }
  return out;
}

let expectedColumns: Map<string, string> | null = null;

/**
 * What differs between a database's tables and views and those the migrations make (a schema's
 * text overwritten by junk that SQLite's checks pass, or a hand edit), or null. Without this a
 * damaged column name surfaces as "no such column" deep inside a report.
 */
function schemaProblem(db: Db): string | null {
  if (expectedColumns === null) {
    const mem = new Database(':memory:');
    try {
      migrate(mem, 0);
      expectedColumns = schemaColumns(mem);
    } finally {
      mem.close();
    }
  }
  let found: Map<string, string>;
  try {
    found = schemaColumns(db);
  } catch (e) {
    return `its schema cannot be read (${(e as Error).message})`;
  }
  for (const [name, cols] of expectedColumns) {
    const have = found.get(name);
    if (have === undefined) return `table or view ${name} is missing`;
    if (have !== cols) return `${name} has the columns (${have}), not (${cols})`;
  }
  return null;
}

/** The columns appendEvents writes, in the order it binds them. */
const EVENT_COLUMNS = [
  'id', 'run_id', 'source', 'process_id', 'pid', 'seq', 't', 'tid', 'thread_ref', 'kind', 'api_ref', 'hook_ref', 'data_type',
  'args', 'ret', 'thrown', 'detail', 'stack_ref', 'origins', 'phase', 'consent', 'foreground', 'sdk', 'attribution_ref', 'hash',
] as const;

/**
 * Rows per INSERT statement on the ingest path, largest first: a batch goes in as statements of
 * 16 rows, and its rest (256 events: none; 23: 16 + 4 + 1 + 1 + 1) through the smaller ones. One
 * statement per row cost a call into SQLite, a statement reset and a result object per row; 64
 * rows saved less than 16 (the text copies SQLite holds until the statement resets grow, and
 * malloc with them), measured by instruction counts (docs/benchmarks.md, "Fifth pass").
 */
const EVENT_INSERT_ROWS = [16, 4, 1] as const;

function insertEventsSql(rows: number): string {
  const one = `(${EVENT_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO event_rows (${EVENT_COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

/** Interned names and attributions kept in memory at most (a run has hundreds to thousands). */
const MAX_INTERNED = 100_000;

/** Whether every query index exists (schema.ts QUERY_INDEXES). */
export function hasQueryIndexes(db: Db): boolean {
  const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event_rows'").pluck().all() as string[]);
  return QUERY_INDEXES.every((i) => present.has(i.name));
}

/**
 * Builds the query indexes that are missing (dropped while a run ingests, or never built because
 * its host was killed). Idempotent and cheap when they exist: one read of the schema. Every reader
 * path calls it; a read-only connection cannot build them and returns false (its queries still
 * work, by a scan). Returns whether all exist afterwards.
 */
export function ensureQueryIndexes(db: Db): boolean {
  if (hasQueryIndexes(db)) return true;
  if (db.readonly) return false;
  // One index per transaction: another writer of the same file (a second run ingesting) waits for
  // one index build at a time, not for all four.
  for (const i of QUERY_INDEXES) db.exec(i.sql);
  return true;
}

/**
 * Drops the query indexes for the time a run ingests: each of them would otherwise be rewritten
 * in every ingest transaction. The (run_id, t) and (process_id, seq) indexes stay.
 */
export function dropQueryIndexes(db: Db): void {
  db.transaction(() => {
    for (const i of QUERY_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
  })();
}

function migrate(db: Db, from: number): void {
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return;
  // Migrations that rebuild a table another one references (schema 4: events) run with foreign
  // keys off, SQLite's documented procedure for changing a table's definition (the pragma has no
  // effect inside a transaction, so it is set around it).
  const fks = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      if (from === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
      for (const m of pending) {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      }
    })();
  } finally {
    db.pragma(`foreign_keys = ${fks ? 'ON' : 'OFF'}`);
  }
}
