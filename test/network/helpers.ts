// Runs a scenario the way `sdktrace trace` does (real agent bundle, tracer, ingest, attribution,
// store) and builds the report model, for the network tests that check what the host concludes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { EmulatedDevice, type Scenario } from '../../emulator/index.js';
import { agentSource } from '../../host/commands/common.js';
import { createAttributor, sdkCatalog } from '../../host/attribution/shipped.js';
import { startRun } from '../../host/session/run.js';
import { Store } from '../../host/store/db.js';
import { buildReport, type ReportModel } from '../../reports/model.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export async function traceAndReport(scenario: Scenario | string, name: string): Promise<{ store: Store; runId: number; model: ReportModel }> {
  const dir = mkdtempSync(join(tmpdir(), 'sdktrace-net-'));
  dirs.push(dir);
  const device = new EmulatedDevice({ scenario, mode: { kind: 'max' } });
  const pkg = device.scenario.app.package;
  const store = Store.open(join(dir, `${name}.db`), { create: true });
  const run = await startRun({
    store,
    device,
    deviceKind: 'emulated',
    package: pkg,
    mode: 'demo',
    agentSource: agentSource('emulated'),
    attributor: createAttributor(pkg),
    sdkCatalogVersion: sdkCatalog().version,
    launchedByUser: true,
    deviceNow: () => device.scheduler.wallNow(),
  });
  await run.tracer.spawn();
  await device.waitForScenarioEnd();
  await run.tracer.stop('scenario finished');
  device.close();
  return { store, runId: run.runId, model: buildReport(store, run.runId, {}) };
}
