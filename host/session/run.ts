// Sets up one run end to end: the run record (device, Android version, versions, options), the
// ingest pipeline (attribution, phases, projections, live output), and the tracer on the device.
// `demo`, `trace` and `audit` all start runs through here, so they store the same things.
// A live output (the console, a dashboard) is a Stage: pass it in `outputs`, or add it to a
// running run with `addOutput`; it sees every item once it is durable.
import type { AgentConfig } from '../../protocol/messages.js';
import { CATALOG_VERSION } from '../../agent/catalog/index.js';
import type { DeviceLike } from '../device/types.js';
import { Ingest, storageFailureReason } from '../ingest/ingest.js';
import { DEFAULT_CONSENT_WORDS, type ConsentApi, type ConsentWords } from '../../analysis/phase.js';
import type { AttributorLike } from '../ingest/stages/attribution.js';
import type { PhaseStage } from '../ingest/stages/phase.js';
import { runStages } from '../ingest/pipeline.js';
import type { Stage } from '../ingest/types.js';
import type { Store } from '../../store/db.js';
import { AGENT_VERSION, VERSION } from '../../protocol/version.js';
import { Tracer } from './tracer.js';
import { originGate } from '../../attribution/origin-gate.js';
import { sdkCatalog } from '../../attribution/shipped.js';

export interface RunSetup {
  store: Store;
  device: DeviceLike;
  /** How the device was reached, for the run record: emulated | usb | remote | id. */
  deviceKind: string;
  package: string;
  mode: 'demo' | 'trace' | 'observe' | 'audit';
  agentSource: string;
  agentConfig?: AgentConfig;
  attributor: AttributorLike | null;
  sdkCatalogVersion?: string | null;
  consentWords?: ConsentWords;
  /** Calls that count as the user's consent decision (an SDK privacy-grant API); evidence only otherwise. */
  consentApis?: ConsentApi[];
  /** Whether the run begins with sdktrace launching the app (false for observe/attach). */
  launchedByUser: boolean;
  /** Extra stages after the built-in ones (console, dashboard feed, ...). */
  outputs?: Stage[];
  /** Recorded in runs.options. */
  options?: Record<string, unknown>;
  now?: () => number;
  /** The device's own clock, when readable (the emulated device); otherwise estimated. */
  deviceNow?: () => number;
  log?: (line: string) => void;
  /** Real ms a suspended process may wait for its agent (see TracerOptions.resumeBudgetMs). */
  resumeBudgetMs?: number;
}

export interface ActiveRun {
  runId: number;
  store: Store;
  device: DeviceLike;
  tracer: Tracer;
  ingest: Ingest;
  phase: PhaseStage;
  /** Adds a live output (dashboard feed, ...) after the built-in stages; it sees items from now on. */
  addOutput(stage: Stage): void;
  removeOutput(stage: Stage): void;
  /**
   * Resolves with a reason when the run cannot go on: the device was lost, or the store failed
   * (then nothing more can be kept). The caller ends the run with `tracer.stop(reason)`.
   */
  failure: Promise<string>;
}

export { storageFailureReason };

/** Reads what the device says about itself (Frida's querySystemParameters). */
async function describeDevice(device: DeviceLike): Promise<{ osVersion: string | null; apiLevel: number | null }> {
  try {
    const p = await device.querySystemParameters();
    const api = p['api-level'] ?? (p.os as Record<string, unknown>)['api-level'];
    return { osVersion: p.os.version ?? null, apiLevel: typeof api === 'number' ? api : typeof api === 'string' && /^\d+$/.test(api) ? Number(api) : null };
  } catch {
    return { osVersion: null, apiLevel: null };
  }
}

export async function startRun(s: RunSetup): Promise<ActiveRun> {
  const now = s.now ?? Date.now;
  // The agent learns which classes decide attribution from the classifier that will attribute
  // its events (gated origin walks, docs/attribution.md "Origins").
  const agentConfig: AgentConfig = { originGate: originGate(sdkCatalog(), s.package), ...(s.agentConfig ?? {}) };
  const sys = await describeDevice(s.device);
  // The device clock's offset to host UTC at run start (analysis/clock.ts), when it can be read.
  const hostStart = now();
  const clock = { hostStart, deviceOffsetMs: s.deviceNow !== undefined ? s.deviceNow() - hostStart : null, source: s.deviceNow !== undefined ? 'device' : 'unknown' };
  const runId = s.store.createRun({
    mode: s.mode,
    started_at: hostStart,
    device_id: s.device.id,
    device_name: s.device.name,
    device_kind: s.deviceKind,
    os_version: sys.osVersion,
    api_level: sys.apiLevel,
    package: s.package,
    tool_version: VERSION,
    agent_version: AGENT_VERSION,
    hook_catalog_version: CATALOG_VERSION,
    sdk_catalog_version: s.sdkCatalogVersion ?? null,
    options: { ...(s.options ?? {}), originStacks: agentConfig.originStacks ?? 'gated', consentWords: s.consentWords ?? DEFAULT_CONSENT_WORDS, consentApis: s.consentApis ?? [], launchedByUser: s.launchedByUser, observe: s.mode === 'observe', clock },
  });
  const { stages, phase } = runStages(s.attributor, { words: s.consentWords ?? DEFAULT_CONSENT_WORDS, apis: s.consentApis ?? [], launchedByUser: s.launchedByUser, observe: s.mode === 'observe' });
  const ingest = new Ingest(s.store, runId, [...stages, ...(s.outputs ?? [])], { appPackage: s.package, now, deviceNow: s.deviceNow, writer: true });
  const tracer = new Tracer(s.device, s.store, ingest, {
    package: s.package,
    agentSource: s.agentSource,
    agentConfig,
    now,
    log: s.log,
    resumeBudgetMs: s.resumeBudgetMs,
  });
  await tracer.watch();
  const failure = Promise.race([tracer.lost.then(() => 'device lost'), ingest.failed.then(storageFailureReason)]);
  return {
    runId,
    store: s.store,
    device: s.device,
    tracer,
    ingest,
    phase,
    addOutput: (stage) => ingest.addStage(stage),
    removeOutput: (stage) => ingest.removeStage(stage),
    failure,
  };
}
