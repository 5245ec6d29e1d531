// BASELINE COPY for bench/ingest.ts: today's ingest path as it was before issue 18 (git show
// c42f8c3:host/store/db.ts), kept runnable so the bench measures the old and the new path in the same
// rounds. Not used by sdktrace itself; delete this folder once the targets are met.
// The project database (better-sqlite3, WAL). One file holds every run of a project. Writes on
// the ingest path go through `appendEvents` in one transaction per batch; a batch whose
// transaction committed is durable (WAL survives a killed host).
import Database from 'better-sqlite3';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { checkIntegrity, isCorruption, damagedMessage, type IntegrityCheck } from '../../store/integrity.js';
import { UserError } from '../../protocol/errors.js';
import { CHAIN_GENESIS, chainHash, sha256Hex, type ChainedContent } from '../../store/chain.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

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
  launch?: LaunchRow;
  net?: NetFlowRow;
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

export class Store {
  private readonly chainHeads = new Map<number, string>();
  private readonly stackShas = new Map<string, string>(); // `${run}:${id}` -> sha
  private readonly stmts;

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
      // Positional parameters on the ingest path: binding by name costs a property lookup per
      // column and an object per row.
      insertEvent: db.prepare(`INSERT INTO events (run_id, source, process_id, pid, seq, t, tid, thread, kind, api, hook, data_type,
        args, ret, thrown, detail, stack, origins, phase, consent, foreground, sdk, party, via, frame, chain, attribution, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertLaunch: db.prepare(`INSERT INTO launches (event_id, run_id, via, action, component, target_package, other_app, confirmed_event_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      confirmLaunch: db.prepare('UPDATE launches SET confirmed_event_id = ? WHERE event_id = ? AND confirmed_event_id IS NULL'),
      insertNet: db.prepare(`INSERT INTO net_flows (event_id, run_id, layer, proto, tls, host, ip, port, url, bytes, domain_sdk)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      setChainHead: db.prepare('UPDATE runs SET chain_head = ? WHERE id = ?'),
      upsertHook: db.prepare(`INSERT INTO hook_status (run_id, process_id, hook, class, method, state, overloads, reason)
        VALUES (@run_id, @process_id, @hook, @class, @method, @state, @overloads, @reason)
        ON CONFLICT (run_id, process_id, hook) DO UPDATE SET class = excluded.class, method = excluded.method,
          state = excluded.state, overloads = excluded.overloads, reason = excluded.reason`),
      addCounts: db.prepare(`INSERT INTO hook_status (run_id, process_id, hook, class, method, state, overloads, calls, emitted)
        VALUES (?, ?, ?, '', '', 'installed', 0, ?, ?)
        ON CONFLICT (run_id, process_id, hook) DO UPDATE SET calls = calls + excluded.calls, emitted = emitted + excluded.emitted`),
      insertError: db.prepare(`INSERT INTO protocol_errors (run_id, process_id, t, location, error, raw, raw_len)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      setSeq: db.prepare('UPDATE processes SET next_seq = ?, seq_gaps = ? WHERE id = ?'),
    };
  }

  private w() {
    if (this.stmts === null) throw new Error('store opened read-only');
    return this.stmts;
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
    this.db.prepare(`UPDATE runs SET ${sets} WHERE id = @id`).run(params);
  }

  endRun(runId: number, reason: string, at: number): void {
    this.db.prepare('UPDATE runs SET ended_at = ?, end_reason = ? WHERE id = ?').run(at, reason, runId);
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
    this.db.prepare(`UPDATE processes SET ${sets} WHERE id = @id`).run({ id, ...Object.fromEntries(entries) });
  }

  setProcessSeq(processId: number, nextSeq: number, gaps: number): void {
    this.w().setSeq.run(nextSeq, gaps, processId);
  }

  /** Stores stack frames once per run; returns the SHA-256 the event chain will cover. */
  addStack(runId: number, rawId: string, framesJson: string): string {
    const id = wellFormed(rawId);
    const key = `${runId}:${id}`;
    const known = this.stackShas.get(key);
    if (known !== undefined) return known;
    const sha = sha256Hex(framesJson);
    this.w().insertStack.run(runId, id, framesJson, sha);
    // INSERT OR IGNORE keeps the first frames seen for an id; report that sha, not ours.
    const stored = this.db.prepare('SELECT sha256 FROM stacks WHERE run_id = ? AND id = ?').get(runId, id) as { sha256: string };
    this.stackShas.set(key, stored.sha256);
    return stored.sha256;
  }

  stackSha(runId: number, rawId: string | null): string | null {
    if (rawId === null) return null;
    const id = wellFormed(rawId);
    const key = `${runId}:${id}`;
    let sha = this.stackShas.get(key);
    if (sha === undefined) {
      const row = this.db.prepare('SELECT sha256 FROM stacks WHERE run_id = ? AND id = ?').get(runId, id) as { sha256: string } | undefined;
      if (row === undefined) return null;
      sha = row.sha256;
      this.stackShas.set(key, sha);
    }
    return sha;
  }

  stackFrames(runId: number, id: string): unknown[] | null {
    const row = this.db.prepare('SELECT frames FROM stacks WHERE run_id = ? AND id = ?').get(runId, wellFormed(id)) as { frames: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.frames) as unknown[]);
  }

  private chainHead(runId: number): string {
    let head = this.chainHeads.get(runId);
    if (head === undefined) {
      const row = this.db.prepare('SELECT chain_head FROM runs WHERE id = ?').get(runId) as { chain_head: string | null } | undefined;
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
    for (let i = 0; i < items.length; i++) {
      const { row, launch, net } = items[i]!;
      if (row.run_id !== runId) throw new Error(`event for run ${row.run_id} appended to run ${runId}`);
      // The app-controlled text columns (JSON columns are well-formed already: JSON.stringify escapes).
      row.thread = wellFormed(row.thread);
      row.api = wellFormed(row.api);
      row.hook = wellFormed(row.hook);
      row.thrown = wellFormed(row.thrown);
      row.stack = wellFormed(row.stack);
      const hash = chainHash(head, row, this.stackSha(runId, row.stack));
      const id = Number(
        s.insertEvent.run(
          row.run_id, row.source, row.process_id, row.pid, row.seq, row.t, row.tid, row.thread, row.kind, row.api, row.hook, row.data_type,
          row.args, row.ret, row.thrown, row.detail, row.stack, row.origins, row.phase, row.consent, row.foreground, row.sdk, row.party, row.via,
          row.frame, row.chain, row.attribution, hash,
        ).lastInsertRowid,
      );
      ids[i] = id;
      head = hash;
      if (launch !== undefined) s.insertLaunch.run(id, runId, launch.via, launch.action, launch.component, launch.target_package, launch.other_app, launch.confirmed_event_id ?? null);
      if (net !== undefined) s.insertNet.run(id, runId, net.layer, net.proto, net.tls, net.host, net.ip, net.port, net.url, net.bytes, net.domain_sdk);
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
    this.w().upsertHook.run({ run_id: runId, process_id: processId, hook: h.id, class: h.class, method: h.method, state: h.state, overloads: h.overloads, reason: h.reason ?? null });
  }

  addHookCounts(runId: number, processId: number, hook: string, calls: number, emitted: number): void {
    this.w().addCounts.run(runId, processId, hook, calls, emitted);
  }

  /** Records a message or event the host could not accept, with its raw text (bounded). */
  protocolError(runId: number, processId: number | null, at: number, location: string, error: string, raw: string | Buffer | null): void {
    const MAX_RAW = 64 * 1024;
    let buf: Buffer | null = null;
    let len = 0;
    if (raw !== null) {
      const full = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
      len = full.length;
      buf = full.length > MAX_RAW ? full.subarray(0, MAX_RAW) : full;
    }
    this.w().insertError.run(runId, processId, at, location.slice(0, 1000), error.slice(0, 4000), buf, len);
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (e) {
      // The rows were rolled back: drop what the caches learnt inside the transaction (chain
      // head, stack digests), so the next append continues from what is really stored.
      this.chainHeads.clear();
      this.stackShas.clear();
      throw e;
    }
  }
}

function migrate(db: Db, from: number): void {
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return;
  db.transaction(() => {
    if (from === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}
