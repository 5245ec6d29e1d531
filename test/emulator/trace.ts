// Runs a scenario on the emulated device with the real agent bundle (dist/agent/agent.emulated.js,
// built by test/global-setup.ts) in every process of the app, the way `sdktrace trace` attaches:
// spawn gating catches each process, the agent loads and inits before it resumes. Collects what
// the agent sends: events (with their process), interned stacks, per-hook counters and statuses.
import { readFileSync } from 'node:fs';
import { EmulatedDevice, emulatedAgentPath, type Scenario } from '../../emulator/index.js';
import type { ScriptLike } from '../../host/device/types.js';
import { decodeMessage } from '../../host/ingest/validate.js';
import { checkProtocolProblems, type ProtocolExpectation } from '../helpers/protocol-problems.js';

export type Frame = [string, string, string | null, number];

export interface TracedEvent {
  process: string;
  pid: number;
  kind: string;
  api: string;
  hook?: string;
  dataType?: string;
  args?: unknown[];
  ret?: unknown;
  thrown?: string;
  detail?: Record<string, any>;
  stack?: string;
  origins?: string[];
  thread: string;
}

export interface Trace {
  device: EmulatedDevice;
  events: TracedEvent[];
  stacks: Map<string, Frame[]>;
  /** Per hook: calls and emitted events, summed over processes. */
  counts: Map<string, { calls: number; emitted: number }>;
  /** Per process name: hook id -> status. */
  hooks: Map<string, Map<string, { state: string; reason?: string; overloads: number }>>;
  errors: unknown[];
  notices: string[];
  /** The agents' hello messages, in arrival order. */
  hellos: Record<string, any>[];
  /**
   * What the host's validation refuses in the agents' messages ("process: location: error"):
   * traceScenario throws when there are any, unless the options expect them (with a reason).
   */
  protocolProblems: string[];
  /** Entries from native code into the scripts (emulator/native/natives.ts `entries`), all processes. */
  nativeEntries: { jsListener: number; cListener: number; nativeCallback: number };
  /** The emulated ART's exact cost counters (emulator/java/vm.ts `counters`), all processes. */
  javaCounters: { stackWalks: number; classNameReads: number; fieldReads: number };
}

export interface TraceOptions extends ProtocolExpectation {
  apiLevel?: number;
  /**
   * Processes whose agent is loaded after they started (as when attaching to a running app): the
   * agent initialises once `ready` holds for the running device.
   */
  late?: { process: string; ready: (d: EmulatedDevice) => boolean };
  /** More of the agent's init configuration (disabledHooks, ...); the package is always set. */
  agentConfig?: Record<string, unknown>;
  /** The device's log (what logcat would show: the system server's refusals, callers' exceptions). */
  log?: (line: string) => void;
}

export async function traceScenario(scenario: Scenario, opts: TraceOptions = {}): Promise<Trace> {
  const source = readFileSync(emulatedAgentPath(), 'utf8');
  const device = new EmulatedDevice({ scenario, watchdogMs: 60_000, ...(opts.apiLevel === undefined ? {} : { apiLevel: opts.apiLevel }), ...(opts.log === undefined ? {} : { log: opts.log }) });
  const t: Trace = { device, events: [], stacks: new Map(), counts: new Map(), hooks: new Map(), errors: [], notices: [], hellos: [], protocolProblems: [], nativeEntries: { jsListener: 0, cListener: 0, nativeCallback: 0 }, javaCounters: { stackWalks: 0, classNameReads: 0, fieldReads: 0 } };
  const pkg = scenario.app.package;
  const pids: number[] = [];
  const initConfig = { ...(opts.agentConfig ?? {}), package: pkg };
  const pending: Promise<void>[] = [];

  const load = async (pid: number, name: string): Promise<ScriptLike> => {
    pids.push(pid);
    const session = await device.attach(pid);
    const script = await session.createScript(source, { name: 'sdktrace-agent' });
    script.message.connect((m: any) => {
      if (m.type !== 'send') {
        t.errors.push({ process: name, ...m });
        return;
      }
      const p = m.payload;
      // What the host's ingest would refuse (protocol/messages.ts through host/ingest/validate.ts):
      // an agent message the host cannot store is a defect even when the agent side looks right.
      for (const problem of decodeMessage(p).problems) t.protocolProblems.push(`${name}: ${problem.location}: ${problem.error}`);
      if (p.kind === 'batch') {
        for (const e of p.events) t.events.push({ process: name, pid, ...e });
        for (const [id, frames] of Object.entries(p.stacks ?? {})) t.stacks.set(id, frames as Frame[]);
        for (const [id, calls, emitted] of p.counts ?? []) {
          const cur = t.counts.get(id) ?? { calls: 0, emitted: 0 };
          t.counts.set(id, { calls: cur.calls + calls, emitted: cur.emitted + emitted });
        }
      } else if (p.kind === 'hello') {
        t.hellos.push(p);
      } else if (p.kind === 'hooks') {
        const map = t.hooks.get(name) ?? new Map();
        for (const h of p.hooks) map.set(h.id, h);
        t.hooks.set(name, map);
      }
    });
    await script.load();
    return script;
  };

  const late = opts.late;
  device.spawnAdded.connect((s) => {
    const name = s.identifier;
    const done = (async () => {
      if (late !== undefined && name === `${pkg}${late.process}`) {
        await device.resume(s.pid);
        const script = await load(s.pid, name);
        while (!late.ready(device)) await new Promise((r) => setImmediate(r));
        await script.exports.init!(initConfig);
        return;
      }
      const script = await load(s.pid, name);
      await script.exports.init!(initConfig);
      await device.resume(s.pid);
    })();
    pending.push(done.catch((e) => void t.errors.push(e)));
  });
  await device.enableSpawnGating({ scope: 'applications' });
  const pid = await device.spawn(pkg);
  const main = await load(pid, pkg);
  await main.exports.init!(initConfig);
  await device.resume(pid);
  const outcome = await device.waitForScenarioEnd();
  // Let the agents flush their last batches (their timers run on the device clock).
  await device.runFor(2000);
  await Promise.all(pending);
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  t.notices.push(...outcome.notices);
  for (const p of new Set(pids)) {
    const vc = device.process(p)?.vm.counters;
    if (vc !== undefined) for (const k of ['stackWalks', 'classNameReads', 'fieldReads'] as const) t.javaCounters[k] += vc[k];
    const e = device.process(p)?.natives.entries;
    if (e === undefined) continue;
    t.nativeEntries.jsListener += e.jsListener;
    t.nativeEntries.cListener += e.cListener;
    t.nativeEntries.nativeCallback += e.nativeCallback;
  }
  device.close();
  checkProtocolProblems(t.protocolProblems, opts, `traceScenario(${pkg})`);
  return t;
}

/** The frames of an event's stack. */
export function framesOf(t: Trace, id: string | undefined): Frame[] {
  return id === undefined ? [] : (t.stacks.get(id) ?? []);
}
