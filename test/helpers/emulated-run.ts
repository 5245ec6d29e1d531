// One run of a scenario on the emulated device through the real host path (startRun: the agent
// bundle, tracer, ingest pipeline, attribution, store), as `sdktrace demo` runs it, to the
// scenario's end. Shared by the end-to-end tests that then report, verify or compare the run.
import { EmulatedDevice, type Scenario } from '../../emulator/index.js';
import { emulatedRunSetup } from '../../host/commands/demo.js';
import type { Stage } from '../../host/ingest/types.js';
import { startRun } from '../../host/session/run.js';
import { Store } from '../../store/db.js';
import { checkProtocolProblems, storedProtocolProblems, type ProtocolExpectation } from './protocol-problems.js';
import type { AgentConfig } from '../../protocol/messages.js';

/**
 * Fails (throws) when the host stored protocol problems for the run (parts of the agent's messages
 * its validation refused), unless `opts.expectProtocolProblems` gives the reason they are expected.
 * `opts.agentConfig` is the agent configuration beyond the package (disabledHooks, tlsPatterns, ...).
 */
export async function traceEmulated(
  scenario: string | Scenario,
  dbPath: string,
  outputs: Stage[] = [],
  opts: ProtocolExpectation & { agentConfig?: AgentConfig } = {},
): Promise<{ store: Store; runId: number }> {
  const agentConfig = opts.agentConfig;
  const device = new EmulatedDevice({ scenario, mode: { kind: 'max' } });
  const store = Store.open(dbPath, { create: true });
  const run = await startRun({ ...emulatedRunSetup(store, device), outputs, ...(agentConfig === undefined ? {} : { agentConfig }) });
  await run.tracer.spawn();
  await device.waitForScenarioEnd();
  await run.tracer.stop('scenario finished');
  device.close();
  try {
    checkProtocolProblems(storedProtocolProblems(store.db, run.runId), opts, `traceEmulated(${device.scenario.app.package})`);
  } catch (e) {
    store.close();
    throw e;
  }
  return { store, runId: run.runId };
}
