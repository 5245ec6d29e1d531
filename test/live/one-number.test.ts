// One number everywhere: for the same run, the console summary printed when a trace ends, the
// dashboard's per-actor table, the report (JSON model, and the SDKs sheet the XLSX and CSV
// writers take from it) and the audit summary give the same per-SDK event counts and phases.
// They share one counting rule (analysis/actor.ts countsForActor) and one actor identity
// (actorId/actorSql); this test runs the demo and audit scenarios on the emulated device through
// the real agent and compares what each place says.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScenarioPath } from '../../emulator/index.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { Aggregates } from '../../host/live/aggregate.js';
import { ConsoleStage } from '../../host/live/console.js';
import { RunQuery } from '../../host/live/query.js';
import { styleFor } from '../../host/live/terminal.js';
import { Store } from '../../store/db.js';
import type { StageSummary } from '../../analysis/audit-stages.js';
import { buildReport } from '../../reports/model.js';
import { auditEmulated } from '../audit/helpers.js';
import { sheets } from '../../reports/render/table.js';
import { traceEmulated } from '../helpers/emulated-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-one-number-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BEFORE_CONSENT = new Set(['launch', 'pre-consent', 'refused']);

interface Views {
  console: Map<string, number>;
  dashboard: Map<string, { events: number; beforeConsent: number; dataTypes: Record<string, number> }>;
  report: Map<string, { events: number; beforeConsent: number; dataTypes: Record<string, number> }>;
  sheet: Map<string, number>;
  /** Audit runs: data-type reads per actor id, in the audit summary and in the report. */
  auditReads: Map<string, Record<string, number>> | null;
  reportReads: Map<string, Record<string, number>> | null;
}

const quietConsole = () => new ConsoleStage({ mode: 'quiet', style: styleFor({ isTTY: false } as NodeJS.WriteStream), write: () => {} });

/** The demo, traced as `sdktrace demo` does. */
async function demo(): Promise<{ store: Store; runId: number; consoleStage: ConsoleStage; audit: null }> {
  const consoleStage = quietConsole();
  const { store, runId } = await traceEmulated(demoScenarioPath(), join(dir, 'demo.db'), [consoleStage]);
  return { store, runId: runId, consoleStage, audit: null };
}

/** The audit protocol on the emulated device (test/audit/helpers.ts), with the console attached. */
async function audit(): Promise<{ store: Store; runId: number; consoleStage: ConsoleStage; audit: StageSummary[] }> {
  const consoleStage = quietConsole();
  const store = Store.open(join(dir, 'audit.db'), { create: true });
  const r = await auditEmulated({ store, onRun: (run) => run.addOutput(consoleStage) });
  return { store, runId: r.outcome.runId, consoleStage, audit: r.stages };
}

async function views(traced: { store: Store; runId: number; consoleStage: ConsoleStage; audit: StageSummary[] | null }): Promise<Views> {
  const { store, consoleStage } = traced;
  const run = { runId: traced.runId };

  // The console summary, as printed: "  NAME   COUNT  types".
  const consoleCounts = new Map<string, number>();
  for (const line of consoleStage.summary().split('\n').slice(1)) {
    const m = /^ {2}(.+?)\s+(\d+) {2}/.exec(line);
    if (m) consoleCounts.set(m[1]!.trim(), Number(m[2]));
  }

  // The dashboard, seeded from the database as `serve` and the live server do.
  const query = new RunQuery(store.db, run.runId);
  const agg = new Aggregates(run.runId, (sdk) => query.sdkName(sdk));
  for (const r of query.aggRows(0, query.maxId(), 1_000_000)) agg.add(r);
  const dashboard = new Map(agg.snapshot().actors.map((a) => [a.name, { events: a.events, beforeConsent: a.beforeConsent, dataTypes: a.dataTypes }]));

  const m = buildReport(store, run.runId, { catalog: sdkCatalog() });
  const report = new Map(
    m.sdks.map((s) => [
      s.name,
      {
        events: s.events,
        beforeConsent: s.dataTypes.reduce((n, d) => n + Object.entries(d.phases).filter(([p]) => BEFORE_CONSENT.has(p)).reduce((k, [, c]) => k + c, 0), 0),
        dataTypes: Object.fromEntries(s.dataTypes.map((d) => [d.dataType, d.count])),
      },
    ]),
  );
  const sdkSheet = sheets(m).find((s) => s.name === 'SDKs')!;
  const col = (c: string) => sdkSheet.columns.indexOf(c);
  const sheet = new Map(sdkSheet.rows.map((r) => [String(r[col('name')]), Number(r[col('events')])]));
  // The audit summary: reads per actor id and data type, summed over the stages.
  let auditReads: Map<string, Record<string, number>> | null = null;
  let reportReads: Map<string, Record<string, number>> | null = null;
  if (traced.audit !== null) {
    auditReads = new Map();
    for (const st of traced.audit) {
      for (const x of st.sdks) {
        const acc = auditReads.get(x.sdk) ?? {};
        for (const [dt, n] of Object.entries(x.collected)) acc[dt] = (acc[dt] ?? 0) + n;
        if (Object.keys(acc).length > 0) auditReads.set(x.sdk, acc);
      }
    }
    reportReads = new Map(m.sdks.filter((s) => s.dataTypes.length > 0).map((s) => [s.id, Object.fromEntries(s.dataTypes.map((d) => [d.dataType, d.count]))]));
  }
  store.close();
  return { console: consoleCounts, dashboard, report, sheet, auditReads, reportReads };
}

describe.each([
  ['demo', demo],
  ['audit', audit],
])('the %s run', (_name, trace) => {
  let v: Views;
  beforeAll(async () => {
    v = await views(await trace());
  }, 180_000);

  it('console, dashboard, report and its SDKs sheet: the same actors with the same event counts', () => {
    const reportCounts = new Map([...v.report].map(([k, x]) => [k, x.events]));
    expect(reportCounts.size).toBeGreaterThan(3);
    expect(Object.fromEntries(v.console)).toEqual(Object.fromEntries(reportCounts));
    expect(Object.fromEntries([...v.dashboard].map(([k, x]) => [k, x.events]))).toEqual(Object.fromEntries(reportCounts));
    expect(Object.fromEntries(v.sheet)).toEqual(Object.fromEntries(reportCounts));
  });

  it('dashboard and report: the same data types per actor and the same reads before consent', () => {
    for (const [k, r] of v.report) {
      expect(v.dashboard.get(k)?.dataTypes, k).toEqual(r.dataTypes);
      expect(v.dashboard.get(k)?.beforeConsent, k).toBe(r.beforeConsent);
    }
  });

  it.skipIf(_name !== 'audit')('audit summary and report: the same reads per SDK and data type', () => {
    expect(v.reportReads!.size).toBeGreaterThan(2);
    expect(Object.fromEntries(v.auditReads!)).toEqual(Object.fromEntries(v.reportReads!));
  });
});
