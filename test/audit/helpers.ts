// Shared by the audit tests: the bundled audit scenario and variants of it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const AUDIT_SCENARIO = join(ROOT, 'data', 'scenarios', 'audit.json');

import { readFileSync } from 'node:fs';
import { ScriptedAnalyst, type Analyst } from '../../host/audit/analyst.js';
import { EmulatedClock } from '../../host/audit/clock.js';
import { EmulatedOps } from '../../host/audit/ops-emulated.js';
import type { DeviceOps, TriggerName } from '../../host/audit/ops.js';
import { runAudit, type AuditOutcome } from '../../host/audit/runner.js';
import type { StageName } from '../../host/audit/stages.js';
import { summarizeAudit, type StageSummary } from '../../analysis/audit-stages.js';
import { EmulatedDevice, emulatedAgentPath } from '../../emulator/index.js';
import type { Scenario } from '../../emulator/scenario/schema.js';
import { DEFAULT_CONSENT_WORDS } from '../../analysis/phase.js';
import { createAttributor } from '../../attribution/shipped.js';
import { checkProtocolProblems, storedProtocolProblems, type ProtocolExpectation } from '../helpers/protocol-problems.js';
import type { ActiveRun } from '../../host/session/run.js';
import { Store } from '../../store/db.js';
import { buildReport } from '../../reports/model.js';

/** Short stages: device time on the emulated device costs little real time, but keeps tests quick. */
export const SHORT: Record<StageName, number> = { fresh: 5000, refuse: 5000, agree: 15000, background: 5000, stopped: 10000 };

export interface AuditRun {
  outcome: AuditOutcome;
  store: Store;
  stages: StageSummary[];
  device: EmulatedDevice;
}

export async function auditEmulated(
  opts: { scenario?: Scenario | string; triggers?: TriggerName[]; analyst?: Analyst; ops?: (d: EmulatedDevice) => DeviceOps; store?: Store; onRun?: (run: ActiveRun) => void } & ProtocolExpectation = {},
): Promise<AuditRun> {
  const device = new EmulatedDevice({ scenario: opts.scenario ?? AUDIT_SCENARIO, watchdogMs: 60_000 });
  const pkg = device.scenario.app.package;
  const store = opts.store ?? Store.open(':memory:', { create: true });
  try {
    const outcome = await runAudit({
      store,
      device,
      deviceKind: 'emulated',
      package: pkg,
      agentSource: readFileSync(emulatedAgentPath(), 'utf8'),
      attributor: createAttributor(pkg),
      words: DEFAULT_CONSENT_WORDS,
      ops: opts.ops?.(device) ?? new EmulatedOps(device),
      clock: new EmulatedClock(device),
      analyst: opts.analyst ?? new ScriptedAnalyst([]),
      durations: SHORT,
      triggers: opts.triggers ?? [],
      deviceNow: () => device.scheduler.wallNow(),
      onRun: opts.onRun,
    });
    // Fails the test on agent messages the host refused, unless the caller expects them.
    checkProtocolProblems(storedProtocolProblems(store.db, outcome.runId), opts, `auditEmulated(${pkg})`);
    const stages = summarizeAudit(store.db, outcome.runId, buildReport(store, outcome.runId).findings);
    return { outcome, store, stages, device };
  } finally {
    device.close();
  }
}

/** [rule, sdk, dataType] of a stage's findings, sorted. */
export function findingKeys(stages: readonly StageSummary[], stage: StageName): string[] {
  return (stages.find((s) => s.stage === stage)?.findings ?? []).map((f) => `${f.rule} ${f.sdk ?? '-'} ${f.dataType ?? '-'}`).sort();
}

export function scenarioWith(change: (s: Scenario) => void): Scenario {
  const s = JSON.parse(readFileSync(AUDIT_SCENARIO, 'utf8')) as Scenario;
  change(s);
  return s;
}
