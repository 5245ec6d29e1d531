// One app audited on one opened device: the run (runner.ts), then its evidence pack (the report
// for the whole protocol, reports/pack), the HTML report beside it and the one-screen summary (SDKs
// by name, in the reader's language), all written to the output folder. `sdktrace audit` and batch mode both go through here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentConfig } from '../../protocol/messages.js';
import type { LoadedLists } from '../../reports/lists/load.js';
import { buildPack } from '../../reports/pack/export.js';
import type { OpenedDevice } from '../device/open.js';
import type { ConsentApi, ConsentWords } from '../../analysis/phase.js';
import { createAttributor, sdkCatalog } from '../../attribution/shipped.js';
import type { ActiveRun } from '../session/run.js';
import type { Store } from '../../store/db.js';
import type { Analyst } from './analyst.js';
import { EmulatedClock, RealClock } from './clock.js';
import type { DeviceOps, TriggerName } from './ops.js';
import { StageProgress, type ProgressSink } from './progress.js';
import { runAudit, type AuditOutcome } from './runner.js';
import type { StageName } from './stages.js';
import { renderSummary, summarizeAudit, type StageSummary } from '../../analysis/audit-stages.js';
import { ActorDirectory } from '../../analysis/actor.js';
import { renderHtml } from '../../reports/render/html.js';
import { sdkWord, type Lang } from '../../reports/render/i18n.js';
import { findingsAtLeast } from '../../reports/model.js';
import type { Severity } from '../../reports/severity.js';

export interface AppAuditPlan {
  package: string;
  durations: Record<StageName, number>;
  triggers: TriggerName[];
  words: ConsentWords;
  consentApis: ConsentApi[];
  lists: LoadedLists | null;
  listsFile: string | null;
  outDir: string;
  /** Recorded with the run (device choice, scenario...). */
  options: Record<string, unknown>;
  /** How the report and summary are shown (`--tz`, `--lang`). */
  view?: { tz?: string; lang?: Lang };
  /** `--fail-on`: the result says how many findings are at or above it. */
  failOn?: Severity | null;
  /** The agent's configuration beyond the defaults (`--origin-stacks`). */
  agentConfig?: AgentConfig;
}

export interface AppAuditResult {
  outcome: AuditOutcome;
  stages: StageSummary[];
  summary: string;
  pack: string | null;
  /** Why no pack was written, if none was. */
  packError: string | null;
  /** The HTML report, when written. */
  html: string | null;
  /** Findings at or above plan.failOn (0 without it). */
  failing: number;
}

export async function auditApp(
  opened: OpenedDevice,
  ops: DeviceOps,
  store: Store,
  plan: AppAuditPlan,
  io: { analyst: Analyst; agentSource: string; progress: ProgressSink | null; label?: string; log?: (line: string) => void; interrupt?: Promise<string>; onRun?: (run: ActiveRun) => void },
): Promise<AppAuditResult> {
  const progress = new StageProgress(io.progress, plan.durations, io.label ?? '');
  const outcome = await runAudit({
    store,
    device: opened.device,
    deviceKind: opened.kind,
    package: plan.package,
    agentSource: io.agentSource,
    ...(plan.agentConfig !== undefined ? { agentConfig: plan.agentConfig } : {}),
    attributor: createAttributor(plan.package),
    sdkCatalogVersion: sdkCatalog().version,
    words: plan.words,
    consentApis: plan.consentApis,
    ops,
    clock: opened.emulated !== null ? new EmulatedClock(opened.emulated) : new RealClock(),
    analyst: io.analyst,
    durations: plan.durations,
    triggers: plan.triggers,
    progress,
    interrupt: io.interrupt,
    onRun: io.onRun,
    deviceNow: opened.deviceNow,
    log: io.log,
    options: {
      ...plan.options,
      audit: { durations: plan.durations, triggers: plan.triggers, ops: ops.description },
      policy: plan.lists === null ? null : { file: plan.listsFile, sha256: plan.lists.sha256 },
    },
  });
  mkdirSync(plan.outDir, { recursive: true });
  let pack: string | null = null;
  let packError: string | null = null;
  let html: string | null = null;
  let failing = 0;
  let findings: Parameters<typeof summarizeAudit>[2] = [];
  try {
    const built = buildPack(store, outcome.runId, { lists: plan.lists ?? undefined, catalog: sdkCatalog() });
    pack = join(plan.outDir, `audit-${plan.package}-run${outcome.runId}.zip`);
    writeFileSync(pack, built.zip);
    findings = built.model.findings;
    if (plan.failOn != null) failing = findingsAtLeast(built.model, plan.failOn).length;
    // The same report as the pack's, in the reader's zone and language, to open directly.
    const file = join(plan.outDir, `audit-${plan.package}-run${outcome.runId}.html`);
    try {
      writeFileSync(file, renderHtml(built.model, plan.view ?? {}));
      html = file;
    } catch (e) {
      io.log?.(`sdktrace: the HTML report could not be written: ${(e as Error).message}`);
    }
  } catch (e) {
    packError = (e as Error).message;
  }
  const stages = summarizeAudit(store.db, outcome.runId, findings);
  const actors = new ActorDirectory(sdkCatalog(), store.db, outcome.runId);
  const lang = plan.view?.lang ?? 'en';
  const summary =
    renderSummary(plan.package, stages, { fresh: outcome.fresh, pauses: outcome.pauses, pack, html, lang, name: (id) => sdkWord(actors.get(id), lang) }) +
    (packError === null ? '' : `no evidence pack: ${packError}\n`);
  writeFileSync(join(plan.outDir, `audit-${plan.package}-run${outcome.runId}.txt`), summary);
  return { outcome, stages, summary, pack, packError, html, failing };
}
