// Shared by the host tests: running the real CLI in-process with stdout/stderr captured, scenario
// paths, temporary databases, and typed reads of what a run stored.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../host/cli.js';
import { trace, type TraceHooks, type TraceOptions } from '../../host/commands/trace.js';
import { Store, type Db } from '../../store/db.js';
import { checkProtocolProblems, storedProtocolProblems, type ProtocolExpectation } from '../helpers/protocol-problems.js';

export const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');
export const scenario = (name: string) => join(SCENARIOS, `${name}.json`);

export function tmpDir(prefix = 'sdktrace-host-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Captured<T> {
  result: T;
  out: string;
  err: string;
}

/** Runs `fn` with process.stdout/stderr captured (and process.exitCode restored). */
export async function captured<T>(fn: () => Promise<T>): Promise<Captured<T>> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const result = await fn();
    return { result, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

/** `sdktrace ARGS...` through the real program; the exit code it would return. */
export function cli(...args: string[]): Promise<Captured<number>> {
  return captured(() => main(['node', 'sdktrace', ...args]));
}

/** Ids of the runs in a database file; none when there is no readable sdktrace database there. */
function runIds(db: string): number[] {
  if (!existsSync(db)) return [];
  let store: Store;
  try {
    store = Store.open(db, { readonly: true });
  } catch {
    return [];
  }
  try {
    return store.db.prepare('SELECT id FROM runs ORDER BY id').pluck().all() as number[];
  } finally {
    store.close();
  }
}

/**
 * The trace command's function with hooks (the CLI path, plus access to the live run). Like every
 * emulated-run helper, fails (throws) when the host stored protocol problems for a run this call
 * made, unless `expect.expectProtocolProblems` gives the reason they are expected.
 */
export async function traceWith(opts: Partial<TraceOptions> & { db: string }, hooks: TraceHooks = {}, expect: ProtocolExpectation = {}): Promise<Captured<number>> {
  const before = new Set(runIds(opts.db));
  const r = await captured(() => trace({ quiet: true, ...opts }, hooks));
  const made = runIds(opts.db).filter((id) => !before.has(id));
  if (made.length > 0 || expect.expectProtocolProblems !== undefined) {
    const store = made.length > 0 ? Store.open(opts.db, { readonly: true }) : null;
    try {
      checkProtocolProblems(store === null ? [] : made.flatMap((id) => storedProtocolProblems(store.db, id)), expect, `traceWith(${opts.db})`);
    } finally {
      store?.close();
    }
  }
  return r;
}

export interface EventRow {
  id: number;
  source: 'agent' | 'host';
  process_id: number | null;
  pid: number | null;
  seq: number | null;
  t: number;
  kind: string;
  api: string;
  detail: string | null;
  phase: string | null;
  consent: string | null;
  sdk: string | null;
}

export function events(store: Store, runId: number, where = '1=1', ...params: unknown[]): (EventRow & { d: Record<string, any> })[] {
  const rows = store.db.prepare(`SELECT * FROM events WHERE run_id = ? AND (${where}) ORDER BY id`).all(runId, ...params) as EventRow[];
  return rows.map((r) => ({ ...r, d: r.detail === null ? {} : (JSON.parse(r.detail) as Record<string, any>) }));
}

/** Host events of one kind of device observation (detail.type), in storage order. */
export function deviceEvents(store: Store, runId: number, type: string) {
  return events(store, runId, "source = 'host' AND json_extract(detail, '$.type') = ?", type);
}

/** Every process's agent events are stored once each, in seq order 0..n-1, and none is missing. */
export function seqReport(store: Store, runId: number): { name: string; pid: number; gaps: number; seqs: number[]; nextSeq: number }[] {
  return store.processes(runId).map((p) => ({
    name: p.name,
    pid: p.pid,
    gaps: p.seq_gaps,
    nextSeq: p.next_seq,
    seqs: (store.db.prepare("SELECT seq FROM events WHERE process_id = ? AND source = 'agent' ORDER BY id").all(p.id) as { seq: number }[]).map((r) => r.seq),
  }));
}

/**
 * Everything a run stored, for comparing two databases row for row: events (observed columns,
 * analysis columns, hash; attribution by content, not by id), projections, stacks, hook counts,
 * protocol errors (every column, raw as text), the processes' seq bookkeeping and the chain head.
 */
export function storedEvidence(db: Db, runId: number): Record<string, unknown> {
  const all = (sql: string) => db.prepare(sql).all(runId);
  return {
    events: all('SELECT id, source, process_id, pid, seq, t, tid, thread, kind, api, hook, data_type, args, ret, thrown, detail, stack, origins, phase, consent, foreground, sdk, party, via, frame, chain, attribution, hash FROM events WHERE run_id = ? ORDER BY id'),
    launches: all('SELECT * FROM launches WHERE run_id = ? ORDER BY event_id'),
    netFlows: all('SELECT * FROM net_flows WHERE run_id = ? ORDER BY event_id'),
    stacks: all('SELECT id, frames, sha256 FROM stacks WHERE run_id = ? ORDER BY id'),
    hookStatus: all('SELECT process_id, hook, calls, emitted FROM hook_status WHERE run_id = ? ORDER BY process_id, hook'),
    protocolErrors: all('SELECT id, process_id, t, location, error, CAST(raw AS TEXT) AS raw, raw_len FROM protocol_errors WHERE run_id = ? ORDER BY id'),
    processes: all('SELECT id, pid, next_seq, seq_gaps FROM processes WHERE run_id = ? ORDER BY id'),
    chainHead: db.prepare('SELECT chain_head FROM runs WHERE id = ?').pluck().get(runId),
  };
}
