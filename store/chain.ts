// The per-run hash chain over the events table. Each row's hash covers the previous row's hash and
// the row's observed content (not the analysis columns, which are recomputable), so a modified,
// missing or reordered event breaks the chain from that row on. Stack frames are covered through
// their SHA-256, which is part of the content of every event that references them.
import { hash } from 'node:crypto';

/** The columns an event's hash covers, in order. JSON columns are hashed as stored (text). */
export interface ChainedContent {
  run_id: number;
  source: string;
  pid: number | null;
  seq: number | null;
  t: number;
  tid: number | null;
  thread: string | null;
  kind: string;
  api: string | null;
  hook: string | null;
  data_type: string | null;
  args: string | null;
  ret: string | null;
  thrown: string | null;
  detail: string | null;
  stack: string | null;
  origins: string | null;
}

export const CHAIN_GENESIS = '';

export function canonical(row: ChainedContent, stackSha: string | null): string {
  return JSON.stringify([
    row.run_id,
    row.source,
    row.pid,
    row.seq,
    row.t,
    row.tid,
    row.thread,
    row.kind,
    row.api,
    row.hook,
    row.data_type,
    row.args,
    row.ret,
    row.thrown,
    row.detail,
    row.stack,
    stackSha,
    row.origins,
  ]);
}

/**
 * SHA-256 (hex) of prev, a 0x1f separator and the row's canonical JSON, as UTF-8. One-shot
 * hashing of the joined text: the same bytes as hashing the three parts in turn, without a Hash
 * object per row (this runs once per stored event).
 */
export function chainHash(prev: string, row: ChainedContent, stackSha: string | null): string {
  return hash('sha256', `${prev}\x1f${canonical(row, stackSha)}`, 'hex');
}

export function sha256Hex(s: string): string {
  return hash('sha256', s, 'hex');
}
