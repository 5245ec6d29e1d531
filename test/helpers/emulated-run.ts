// One run of a scenario on the emulated device through the real host path (startRun: the agent
// bundle, tracer, ingest pipeline, attribution, store), as `sdktrace demo` runs it, to the
// scenario's end. Shared by the end-to-end tests that then report, verify or compare the run.
import { EmulatedDevice, type Scenario } from '../../emulator/index.js';
import { agentSource } from '../../host/commands/common.js';
import { createAttributor, sdkCatalog } from '../../host/attribution/shipped.js';
import type { Stage } from '../../host/ingest/types.js';
import { startRun } from '../../host/session/run.js';
import { Store } from '../../host/store/db.js';

export async function traceEmulated(scenario: string | Scenario, dbPath: string, outputs: Stage[] = []): Promise<{ store: Store; runId: number }> {
  const device = new EmulatedDevice({ scenario, mode: { kind: 'max' } });
  const pkg = device.scenario.app.package;
  const store = Store.open(dbPath, { create: true });
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
    outputs,
  });
  await run.tracer.spawn();
  await device.waitForScenarioEnd();
  await run.tracer.stop('scenario finished');
  device.close();
  return { store, runId: run.runId };
}
