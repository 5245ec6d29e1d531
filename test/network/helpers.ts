// Runs a scenario the way `sdktrace trace` does (real agent bundle, tracer, ingest, attribution,
// store) and builds the report model, for the network tests that check what the host concludes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type Scenario } from '../../emulator/index.js';
import type { AgentConfig } from '../../protocol/messages.js';
import { Store } from '../../store/db.js';
import { buildReport, type ReportModel } from '../../reports/model.js';
import { traceEmulated } from '../helpers/emulated-run.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export async function traceAndReport(scenario: Scenario | string, name: string, agentConfig?: AgentConfig): Promise<{ store: Store; runId: number; model: ReportModel }> {
  const dir = mkdtempSync(join(tmpdir(), 'sdktrace-net-'));
  dirs.push(dir);
  const { store, runId } = await traceEmulated(scenario, join(dir, `${name}.db`), [], { agentConfig });
  return { store, runId: runId, model: buildReport(store, runId, {}) };
}
