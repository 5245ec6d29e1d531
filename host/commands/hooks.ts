// `sdktrace hooks [--json]`: the hook catalog, one record per hooked method (Java and native).
// Overloads come from the catalog's own Java signatures: the public ones (checked against the
// Android SDK declarations by test/hooks/catalog.test.ts), the hidden ones as AOSP declares them,
// and those of classes shipped inside apps as their libraries declare them.
import type { Command } from 'commander';
import { AREA_OF, CATALOG_VERSION, HOOKS, NATIVE_HOOKS } from '../../agent/catalog/index.js';
import { PUBLIC_SIGNATURES } from '../../agent/catalog/signatures.js';
import type { HookSpec, Signature } from '../../agent/catalog/types.js';
import { Store } from '../../store/db.js';
import { DEFAULT_DB } from './common.js';

export interface SignatureRecord {
  params: string[];
  minApi?: number;
  maxApi?: number;
  /** Where the overload is declared: the public SDK, AOSP (hidden), the app-side library, or a vendor's public source. */
  source: 'sdk' | 'aosp' | 'library' | 'vendor';
}

export interface JavaHookRecord {
  id: string;
  native?: false;
  class: string;
  method: string;
  /** Parameter types (Class.getName() spelling), one list per hooked overload. */
  params: string[][];
  signatures: SignatureRecord[];
  /** 'all': every overload the device has (the lists above are the known ones); else exactly these. */
  overloads: 'all' | 'listed';
  category: string;
  kind: HookSpec['kind'];
  dataType?: string;
  hidden: boolean;
  aosp?: string;
  publicApi?: string;
  minApi?: number;
  maxApi?: number;
  loader: 'system' | 'app';
  /** A manufacturer's class (or the OAID libraries' copy of its service interface): OEM and source. */
  vendor?: { oem: string; source: string };
  extract?: string;
  outermostOnly?: boolean | string;
  note?: string;
  /**
   * With `--run`: how the hook fared on the device in that run. 'installed' when some process
   * installed it; 'not present' when its class existed in no process (an OEM class on another
   * manufacturer's phone, a library the app does not ship); otherwise the agent's state
   * ('skipped', 'missing-method', 'failed'), or 'not reported' when no process listed it.
   */
  status?: HookRunStatus;
  statusReason?: string;
}

export type HookRunStatus = 'installed' | 'not present' | 'skipped' | 'missing-method' | 'failed' | 'not reported';

export interface NativeHookRecord {
  id: string;
  native: true;
  module: string;
  symbol: string;
  category: 'network' | 'files';
  kind: 'net' | 'pi';
  note: string;
  status?: HookRunStatus;
  statusReason?: string;
}

export type HookRecord = JavaHookRecord | NativeHookRecord;

function sigRecord(s: Signature, source: SignatureRecord['source']): SignatureRecord {
  const r: SignatureRecord = { params: [...s.params], source };
  if (s.minApi !== undefined) r.minApi = s.minApi;
  if (s.maxApi !== undefined) r.maxApi = s.maxApi;
  return r;
}

function signaturesOf(spec: HookSpec): SignatureRecord[] {
  const pub = PUBLIC_SIGNATURES[spec.id] ?? [];
  const publicSigs =
    spec.overloads === 'all' ? pub : pub.filter((s) => (spec.overloads as readonly (readonly string[])[]).some((o) => o.join(',') === s.params.join(',')));
  const declaredSource: SignatureRecord['source'] = spec.vendor !== undefined ? 'vendor' : spec.loader === 'app' ? 'library' : spec.hidden !== undefined ? 'aosp' : 'sdk';
  const out = publicSigs.map((s) => sigRecord(s, 'sdk'));
  for (const d of spec.declared ?? []) out.push(sigRecord(d, declaredSource));
  if (out.length === 0 && spec.overloads !== 'all') for (const o of spec.overloads) out.push({ params: [...o], source: declaredSource });
  return out;
}

/** The catalog as records, in installation order, natives last. */
export function hookRecords(): HookRecord[] {
  const out: HookRecord[] = [];
  for (const h of HOOKS) {
    const signatures = signaturesOf(h);
    const r: JavaHookRecord = {
      id: h.id,
      class: h.class,
      method: h.method,
      params: signatures.map((s) => s.params),
      signatures,
      overloads: h.overloads === 'all' ? 'all' : 'listed',
      category: AREA_OF.get(h.id) ?? 'unknown',
      kind: h.kind,
      hidden: h.hidden !== undefined,
      loader: h.loader ?? 'system',
    };
    if (h.dataType !== undefined) r.dataType = h.dataType;
    if (h.hidden !== undefined) {
      r.aosp = h.hidden.aosp;
      if (h.hidden.publicApi !== undefined) r.publicApi = h.hidden.publicApi;
    }
    if (h.minApi !== undefined) r.minApi = h.minApi;
    if (h.maxApi !== undefined) r.maxApi = h.maxApi;
    if (h.vendor !== undefined) r.vendor = { oem: h.vendor.oem, source: h.vendor.source };
    if (h.extract !== undefined) r.extract = h.extract;
    if (h.outermostOnly !== undefined && h.outermostOnly !== false) r.outermostOnly = h.outermostOnly;
    if (h.note !== undefined) r.note = h.note;
    out.push(r);
  }
  for (const n of NATIVE_HOOKS) out.push({ id: n.id, native: true, module: n.module, symbol: n.symbol, category: n.kind === 'net' ? 'network' : 'files', kind: n.kind, note: n.note });
  return out;
}

/** Per hook: the states its processes reported in a run (hook_status), folded into one status. */
export function runStatuses(store: Store, runId: number): Map<string, { status: HookRunStatus; reason?: string }> {
  const rows = store.db.prepare('SELECT hook, state, reason FROM hook_status WHERE run_id = ? ORDER BY process_id').all(runId) as { hook: string; state: string; reason: string | null }[];
  const states = new Map<string, { state: string; reason: string | null }[]>();
  for (const r of rows) states.set(r.hook, [...(states.get(r.hook) ?? []), { state: r.state, reason: r.reason }]);
  const out = new Map<string, { status: HookRunStatus; reason?: string }>();
  for (const [hook, list] of states) {
    const installed = list.find((x) => x.state === 'installed');
    const pick = installed ?? list.find((x) => x.state !== 'missing-class') ?? list[0]!;
    const status: HookRunStatus = installed !== undefined ? 'installed' : pick.state === 'missing-class' ? 'not present' : (pick.state as HookRunStatus);
    out.set(hook, pick.reason === null || status === 'installed' ? { status } : { status, reason: pick.reason });
  }
  return out;
}

/** The records with each hook's status in a run. */
export function withRunStatus(records: HookRecord[], statuses: ReadonlyMap<string, { status: HookRunStatus; reason?: string }>): HookRecord[] {
  return records.map((r) => {
    const s = statuses.get(r.id);
    const out: HookRecord = { ...r, status: s?.status ?? 'not reported' };
    if (s?.reason !== undefined) out.statusReason = s.reason;
    return out;
  });
}

function apiRange(min?: number, max?: number): string {
  if (min === undefined && max === undefined) return '';
  return `${min ?? 21}-${max ?? ''}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function shortClass(cls: string): string {
  return cls.replace(/^android\.|^java\./, '');
}

/** The human-readable table. */
export function hooksTable(records: readonly HookRecord[]): string {
  const withStatus = records.some((r) => r.status !== undefined);
  const rows: string[][] = [['CATEGORY', 'KIND', 'DATA', 'HOOK', 'OVERLOADS', 'API', ...(withStatus ? ['STATUS'] : []), 'WHERE']];
  for (const r of records) {
    const status = withStatus ? [r.status ?? ''] : [];
    if (r.native === true) {
      rows.push([r.category, r.kind, '', `${r.module}!${r.symbol}`, 'native', '', ...status, 'native']);
      continue;
    }
    const where = r.vendor !== undefined ? `vendor (${r.vendor.oem.split(' ')[0]!})` : r.loader === 'app' ? 'app' : r.hidden ? 'hidden' : 'public';
    const n = r.overloads === 'all' ? `all (${r.params.length})` : String(r.params.length);
    rows.push([r.category, r.kind, r.dataType ?? '', `${shortClass(r.class)}.${r.method}`, n, apiRange(r.minApi, r.maxApi), ...status, where]);
  }
  const widths = rows[0]!.map((_, i) => Math.min(70, Math.max(...rows.map((row) => row[i]!.length))));
  const lines = rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd());
  const java = records.filter((r) => r.native !== true) as JavaHookRecord[];
  const methods = new Set(java.map((r) => `${r.class}.${r.method}`)).size;
  const overloads = java.reduce((n, r) => n + r.params.length, 0);
  const natives = records.length - java.length;
  lines.push('', `catalog ${CATALOG_VERSION}: ${methods} Java methods (${overloads} known overloads), ${natives} native hooks`);
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('hooks')
    .description('List the hook catalog: every hooked Java method (class, overloads, category, data type, API range) and native hook')
    .option('--json', 'one JSON array of records (class, method, params, category, kind, dataType, hidden, aosp, minApi, maxApi, loader, vendor, note)')
    .option('--run <id>', 'add each hook\'s status in that run of --db ("installed", "not present" when its class existed in no process, "skipped", ...); a run id or "latest"')
    .option('--db <path>', 'project database for --run', DEFAULT_DB)
    .action((opts: { json?: boolean; run?: string; db: string }) => {
      let records = hookRecords();
      if (opts.run !== undefined) {
        const store = Store.open(opts.db, { readonly: true });
        try {
          records = withRunStatus(records, runStatuses(store, store.resolveRun(opts.run).id));
        } finally {
          store.close();
        }
      }
      process.stdout.write(opts.json === true ? JSON.stringify(records, null, 2) + '\n' : hooksTable(records));
    });
}
