// Batch audits: a list of apps, one after another per device, devices in parallel, every run in
// one database. Progress is kept in a state file next to the results, written after each app, so
// an interrupted batch resumes where it stopped (apps done are skipped, the one interrupted is
// audited again from its start). The cross-app summary counts, per SDK and finding rule, in how
// many apps the SDK was found misbehaving.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../protocol/errors.js';

export interface BatchItem {
  /** The package (a phone) or the scenario file (the emulated device). */
  key: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  runId?: number;
  pack?: string | null;
  device?: string;
  error?: string;
  attempts: number;
}

export interface BatchState {
  version: 1;
  items: BatchItem[];
}

export const STATE_FILE = 'batch-state.json';

/** Reads a list: one entry per line; blank lines and # comments ignored; errors name the line. */
export function readBatchList(path: string, check: (entry: string) => string | null): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`--batch: cannot read ${path}: ${(e as Error).message}`);
  }
  const out: string[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const problem = check(line);
    if (problem !== null) throw new UserError(`${path}:${i + 1}: ${problem}`);
    if (!out.includes(line)) out.push(line);
  }
  if (out.length === 0) throw new UserError(`${path}: the list is empty`);
  return out;
}

export class BatchStore {
  readonly path: string;
  state: BatchState;

  constructor(outDir: string, entries: readonly string[]) {
    this.path = join(outDir, STATE_FILE);
    const old = existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as BatchState) : null;
    if (old !== null && old.version !== 1) throw new UserError(`${this.path}: not a batch state this sdktrace writes (version ${String(old.version)})`);
    const byKey = new Map((old?.items ?? []).map((i) => [i.key, i]));
    // An app left 'running' was interrupted: it is audited again.
    this.state = {
      version: 1,
      items: entries.map((key) => {
        const prev = byKey.get(key);
        if (prev === undefined) return { key, status: 'pending', attempts: 0 };
        return prev.status === 'running' ? { ...prev, status: 'pending' } : prev;
      }),
    };
    this.save();
  }

  get resumed(): number {
    return this.state.items.filter((i) => i.status === 'done').length;
  }

  /** The next app nobody works on (pending; failed ones too when retrying). */
  take(device: string, retryFailed: boolean): BatchItem | null {
    const item = this.state.items.find((i) => i.status === 'pending' || (retryFailed && i.status === 'failed' && i.attempts < 2));
    if (item === undefined) return null;
    item.status = 'running';
    item.device = device;
    item.attempts++;
    this.save();
    return item;
  }

  finish(item: BatchItem, result: { runId?: number; pack?: string | null; error?: string }): void {
    Object.assign(item, result, { status: result.error === undefined ? 'done' : 'failed' });
    this.save();
  }

  /** Written through a temporary file: a crash mid-write leaves the previous state. */
  save(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`);
    renameSync(tmp, this.path);
  }
}

export interface CrossAppRow {
  sdk: string;
  rule: string;
  apps: string[];
}

/** Per SDK and rule, the apps (of runs in the batch) with such a finding, most apps first. */
export function crossAppSummary(runs: { app: string; findings: { rule: string; sdk: { id: string } | null }[] }[]): CrossAppRow[] {
  const map = new Map<string, CrossAppRow>();
  for (const r of runs) {
    for (const f of r.findings) {
      const sdk = f.sdk?.id ?? '(run)';
      const key = `${sdk}\u0000${f.rule}`;
      let row = map.get(key);
      if (row === undefined) {
        row = { sdk, rule: f.rule, apps: [] };
        map.set(key, row);
      }
      if (!row.apps.includes(r.app)) row.apps.push(r.app);
    }
  }
  return [...map.values()].sort((a, b) => b.apps.length - a.apps.length || a.sdk.localeCompare(b.sdk) || a.rule.localeCompare(b.rule));
}

export function renderCrossApp(rows: readonly CrossAppRow[], apps: number): string {
  if (rows.length === 0) return `cross-app summary (${apps} apps): no findings\n`;
  const lines = [`cross-app summary (${apps} apps): SDK, finding, apps with it`];
  for (const r of rows) lines.push(`  ${r.sdk.padEnd(24)} ${r.rule.padEnd(26)} ${String(r.apps.length).padStart(3)}  ${r.apps.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
