// The rules engine: every rule is one self-describing module (reports/rules/*.ts) with an id, a
// default severity, a bilingual title, a description, the regulation it reflects and a `check`
// that yields findings. The engine gives rules one context over the store for a run, resolves
// severities (configurable per rule and per variant), numbers the findings and keeps per-rule
// outcomes (evaluated, or why not). The rules that read the network scan are evaluated after
// the others, so that the others run while the scan's thread (reports/scan-thread.ts) finishes
// instead of after waiting for it; findings and outcomes are still assembled in report order.
import type { Db, ProcessRow, RunRow } from '../store/db.js';
import type { Catalog } from '../attribution/index.js';
import { type Actor, ActorDirectory } from '../analysis/actor.js';
import { EvidenceReader, type Evidence } from './evidence.js';
import { scanNetwork, type FlowScan } from './flows.js';
import type { NetworkScanThread } from './scan-thread.js';
import type { PiAggregate, PiReadTimes, RunAggregates } from './aggregates.js';
import type { Declarations } from './lists/match.js';
import { isSeverity, severityRank, type Severity } from './severity.js';
import type { Timeline } from '../analysis/timeline.js';

export interface Text {
  en: string;
  zh: string;
}

/** A regulation or standard a rule reflects. Cited conservatively: document, clause, and our summary. */
export interface Citation {
  /** The document, e.g. "《App违法违规收集使用个人信息行为认定方法》(国信办秘字〔2019〕191号)". */
  source: string;
  /** Clause or item, e.g. "三、1". */
  clause?: string;
  /** What it says, in our words (English). */
  summary: string;
}

export interface RuleVariant {
  severity: Severity;
  title: Text;
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  title: Text;
  description: string;
  regulation: Citation[];
  /** Findings of a kind with their own default severity (e.g. "confirmed" associated starts). */
  variants?: Record<string, RuleVariant>;
  /** The rule judges against the declared lists and is skipped without them. */
  needsLists?: boolean;
  /**
   * The rule reads the network scan (`ctx.flows()`). The engine evaluates such rules after all
   * the others: at a run large enough for the scan's thread, asking for the scan blocks until the
   * thread answers, and the rules that do not need it run meanwhile. Their findings and outcome
   * keep their place in report order. A rule that reads the scan without declaring it gets the
   * same result (the scan is made once, when first asked for), only asked for earlier;
   * test/reports/rule-order.test.ts fails on a rule module that calls `ctx.flows(` undeclared.
   */
  readsNetworkScan?: boolean;
  /** Default options (documented in the rule module). */
  defaults?: Record<string, unknown>;
}

export interface FindingDraft {
  variant?: string;
  /** Actor id (see actors.ts), or null when the finding is about the run as a whole. */
  actor: string | null;
  chain?: string[];
  dataType?: string | null;
  /** The phase the finding is about (or of its first event). */
  phase?: string | null;
  phases?: Record<string, number>;
  firstT: number | null;
  lastT: number | null;
  count: number;
  /** One specific sentence (English). */
  message: string;
  evidence: Evidence;
}

export interface RuleContext {
  readonly db: Db;
  readonly runId: number;
  readonly run: RunRow;
  readonly appPackage: string | null;
  readonly processes: readonly ProcessRow[];
  readonly timeline: Timeline;
  readonly actors: ActorDirectory;
  readonly declarations: Declarations | null;
  readonly catalog: Catalog;
  readonly evidence: EvidenceReader;
  /** This rule's options: defaults overlaid with the configuration. */
  readonly options: Record<string, unknown>;
  /** PI values found in network payloads (computed once, shared by the rules that need it). */
  flows(): FlowScan;
  /** The run's PI events grouped by actor, data type, chain, phase and consent (from the one pass, shared). */
  piAggregates(): readonly PiAggregate[];
  /** Device times of the run's PI events per actor and data type, sorted (from the one pass). */
  piReadTimes(): readonly PiReadTimes[];
  /** Processes (distinct pids) an actor's PI reads of a data type ran in during the background phase (from the one pass). */
  piBackgroundProcesses(actor: string, dataType: string): number;
  /** The first five PI events (by time, then id) of an actor and data type in the groups that pass `test` (from the one pass). */
  piFirstIds(actor: string, dataType: string, test: (a: PiAggregate) => boolean): number[];
  /** Whether the store may be written (analysis columns such as launches.confirmed_event_id). */
  readonly writable: boolean;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): Iterable<FindingDraft>;
}

export interface Finding extends Omit<FindingDraft, 'chain' | 'dataType' | 'phase' | 'phases'> {
  id: string;
  rule: string;
  severity: Severity;
  title: Text;
  sdk: Pick<Actor, 'id' | 'name' | 'nameZh' | 'vendor' | 'category' | 'party'> | null;
  chain: { id: string; name: string }[];
  dataType: string | null;
  phase: string | null;
  phases: Record<string, number>;
}

export interface RuleConfig {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface RuleOutcome {
  id: string;
  title: Text;
  description: string;
  regulation: Citation[];
  severity: Severity;
  variants: Record<string, RuleVariant>;
  enabled: boolean;
  evaluated: boolean;
  /** Why it was not evaluated. */
  reason: string | null;
  findings: number;
  /** Highest severity among its findings. */
  highest: Severity | null;
}

export interface EngineInput {
  db: Db;
  run: RunRow;
  processes: readonly ProcessRow[];
  timeline: Timeline;
  catalog: Catalog;
  actors: ActorDirectory;
  declarations: Declarations | null;
  /** What the pass that filled the analysis table counted (reports/aggregates.ts). */
  aggregates: RunAggregates;
  writable: boolean;
  /** Per rule id, or "rule/variant" for a variant's severity. */
  config?: Record<string, RuleConfig>;
  /** The network scan running on a thread (reports/scan-thread.ts); absent or null: scanned here when first asked for. */
  networkScan?: NetworkScanThread | null;
}

export interface EngineResult {
  findings: Finding[];
  rules: RuleOutcome[];
  flows: FlowScan;
}

/** Resolved severity of a finding: config for the variant, config for the rule, variant default, rule default. */
function severityOf(rule: Rule, variant: string | undefined, config: Record<string, RuleConfig>): Severity {
  if (variant !== undefined) {
    const v = config[`${rule.id}/${variant}`]?.severity;
    if (v !== undefined) return v;
  }
  const r = config[rule.id]?.severity;
  if (r !== undefined) return r;
  if (variant !== undefined && rule.variants?.[variant] !== undefined) return rule.variants[variant]!.severity;
  return rule.severity;
}

/** Checks a rules configuration against the rules; returns problems as "path: message". */
export function checkRuleConfig(rules: readonly Rule[], config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const [id, variant] = key.split('/', 2) as [string, string | undefined];
    const rule = rules.find((r) => r.id === id);
    if (rule === undefined) {
      problems.push(`rules.${key}: unknown rule (rules: ${rules.map((r) => r.id).join(', ')})`);
      continue;
    }
    if (variant !== undefined && rule.variants?.[variant] === undefined) {
      problems.push(`rules.${key}: rule ${id} has no variant ${JSON.stringify(variant)}${rule.variants ? ` (variants: ${Object.keys(rule.variants).join(', ')})` : ''}`);
    }
    if (typeof value !== 'object' || value === null) {
      problems.push(`rules.${key}: expected an object {enabled?, severity?, options?}`);
      continue;
    }
    const v = value as Record<string, unknown>;
    for (const k of Object.keys(v)) if (!['enabled', 'severity', 'options'].includes(k)) problems.push(`rules.${key}.${k}: unknown setting (enabled, severity, options)`);
    if (v.severity !== undefined && !isSeverity(v.severity)) problems.push(`rules.${key}.severity: must be one of info, low, medium, high, critical`);
    if (v.enabled !== undefined && typeof v.enabled !== 'boolean') problems.push(`rules.${key}.enabled: must be true or false`);
    if (v.options !== undefined) {
      if (typeof v.options !== 'object' || v.options === null) problems.push(`rules.${key}.options: expected an object`);
      else for (const k of Object.keys(v.options)) if (!(k in (rule.defaults ?? {}))) problems.push(`rules.${key}.options.${k}: unknown option${rule.defaults ? ` (options: ${Object.keys(rule.defaults).join(', ') || 'none'})` : ''}`);
    }
  }
  return problems;
}

export function runRules(rules: readonly Rule[], input: EngineInput): EngineResult {
  const config = input.config ?? {};
  let flowScan: FlowScan | null = null;
  // The thread's scan when it gives one (null: scan here, the reason told), else this thread's.
  const flows = () =>
    (flowScan ??=
      input.networkScan?.result(input.aggregates.totals.events) ??
      scanNetwork(input.db, input.run.id, input.run.package, input.timeline.table, input.aggregates.tlsRecordCandidates));
  let aggregates: PiAggregate[] | null = null;
  const piAggregatesOnce = () => (aggregates ??= input.aggregates.piAggregates());
  let readTimes: PiReadTimes[] | null = null;
  const piReadTimesOnce = () => (readTimes ??= input.aggregates.piReadTimes());
  const evidence = new EvidenceReader(input.db, input.run.id, input.timeline.table);
  const evaluate = (rule: Rule): { outcome: RuleOutcome; findings: Finding[] } => {
    const rc = config[rule.id] ?? {};
    const enabled = rc.enabled !== false;
    const outcome: RuleOutcome = {
      id: rule.id,
      title: rule.title,
      description: rule.description,
      regulation: rule.regulation,
      severity: rc.severity ?? rule.severity,
      variants: Object.fromEntries(Object.entries(rule.variants ?? {}).map(([k, v]) => [k, { ...v, severity: severityOf(rule, k, config) }])),
      enabled,
      evaluated: false,
      reason: null,
      findings: 0,
      highest: null,
    };
    if (!enabled) {
      outcome.reason = 'disabled by configuration';
      return { outcome, findings: [] };
    }
    if (rule.needsLists === true && input.declarations === null) {
      outcome.reason = 'needs the declared lists (--policy FILE)';
      return { outcome, findings: [] };
    }
    const ctx: RuleContext = {
      db: input.db,
      runId: input.run.id,
      run: input.run,
      appPackage: input.run.package,
      processes: input.processes,
      timeline: input.timeline,
      actors: input.actors,
      declarations: input.declarations,
      catalog: input.catalog,
      evidence,
      options: { ...(rule.defaults ?? {}), ...(rc.options ?? {}) },
      flows,
      piAggregates: piAggregatesOnce,
      piReadTimes: piReadTimesOnce,
      piBackgroundProcesses: (actor, dataType) => input.aggregates.backgroundProcesses(actor, dataType),
      piFirstIds: (actor, dataType, test) => input.aggregates.firstPiIds(actor, dataType, test),
      writable: input.writable,
    };
    const own: Finding[] = [];
    for (const d of rule.check(ctx)) {
      const actor = d.actor === null ? null : input.actors.get(d.actor);
      const severity = severityOf(rule, d.variant, config);
      own.push({
        ...d,
        id: '',
        rule: rule.id,
        severity,
        title: d.variant !== undefined && rule.variants?.[d.variant] !== undefined ? rule.variants[d.variant]!.title : rule.title,
        sdk: actor === null ? null : { id: actor.id, name: actor.name, nameZh: actor.nameZh, vendor: actor.vendor, category: actor.category, party: actor.party },
        chain: (d.chain ?? []).map((id) => ({ id, name: input.actors.get(id).name })),
        dataType: d.dataType ?? null,
        phase: d.phase ?? null,
        phases: d.phases ?? {},
      });
    }
    own.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.firstT ?? 0) - (b.firstT ?? 0) || (a.sdk?.id ?? '').localeCompare(b.sdk?.id ?? '') || (a.dataType ?? '').localeCompare(b.dataType ?? ''));
    own.forEach((f, i) => (f.id = `${rule.id}#${i + 1}`));
    outcome.evaluated = true;
    outcome.findings = own.length;
    outcome.highest = own.reduce<Severity | null>((h, f) => (h === null || severityRank(f.severity) > severityRank(h) ? f.severity : h), null);
    return { outcome, findings: own };
  };
  // Rules that read the network scan last (RuleMeta.readsNetworkScan), each result in its rule's
  // slot: a rule's findings depend on the context only, never on which rules ran before it, so
  // the report is the one evaluating in report order gives.
  const results: { outcome: RuleOutcome; findings: Finding[] }[] = new Array(rules.length);
  for (const readsScan of [false, true]) {
    rules.forEach((rule, i) => {
      if ((rule.readsNetworkScan === true) === readsScan) results[i] = evaluate(rule);
    });
  }
  return { findings: results.flatMap((r) => r.findings), rules: results.map((r) => r.outcome), flows: flows() };
}
