// `sdktrace demo`: the whole path on the built-in emulated device. Spawns the demo app (a scenario
// modelled on documented SDK behaviour), loads the same agent as on phones, stores every event,
// prints a live line per event and writes a report against the app's declared lists.
import type { Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import { loadDeclaredLists, type LoadedLists } from '../../reports/lists/load.js';
import { writeReports } from '../../reports/write.js';
import { EmulatedDevice, demoScenarioPath, ScenarioError } from '../../emulator/index.js';
import { UserError } from '../../protocol/errors.js';
import { addServeOptions, liveDashboard, zoneOption, type LiveDashboard, type ServeOptions } from '../live/attach.js';
import { createAttributor, sdkCatalog } from '../../attribution/shipped.js';
import { startRun, storageFailureReason, type RunSetup } from '../session/run.js';
import { Store } from '../../store/db.js';
import { addDbOption, addOutputOptions, agentSource, consoleStage, interrupted, notice, runEndedNotice } from './common.js';
import { EXIT } from './trace.js';
import { installRoot } from '../../install/root.js';
import { loadTlsPatterns } from './tls-patterns.js';

/**
 * Byte patterns of the emulated device's statically linked TLS build (its libflutter.so), passed
 * the way a lab passes `--tls-patterns` for the build it traces. They describe only the emulated
 * build; sdktrace ships none for real builds (docs/network.md).
 */
export function emulatedTlsPatternsPath(): string {
  return join(installRoot(), 'data', 'tls-patterns', 'emulated-libflutter.json');
}

/** What a run of a scenario on the emulated device needs, as `sdktrace demo` starts it (the app launched by sdktrace). */
export function emulatedRunSetup(store: Store, device: EmulatedDevice): RunSetup {
  const pkg = device.scenario.app.package;
  return {
    store,
    device,
    deviceKind: 'emulated',
    package: pkg,
    mode: 'demo',
    agentSource: agentSource('emulated'),
    agentConfig: { tlsPatterns: loadTlsPatterns(emulatedTlsPatternsPath()) },
    attributor: createAttributor(pkg),
    sdkCatalogVersion: sdkCatalog().version,
    launchedByUser: true,
    deviceNow: () => device.scheduler.wallNow(),
  };
}

/** The declared lists shipped for the bundled demo app. */
export function demoPolicyPath(): string {
  return join(installRoot(), 'data', 'policies', 'demo-mall.lists.json');
}

interface DemoOptions extends ServeOptions {
  scenario?: string;
  db: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
  realtime?: boolean;
  api?: string;
  policy?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('demo')
    .description('trace the demo app on the built-in emulated device, store the events and write a report')
    .option('--scenario <file>', 'scenario to run instead of the bundled demo (see emulator/README.md)')
    .option('--out <dir>', 'folder for the report files', 'sdktrace-report')
    .option('--api <level>', 'run the scenario on another Android API level (24-36)')
    .option('--policy <lists.json>', "the app's declared lists to report against (default for the bundled demo: data/policies/demo-mall.lists.json)")
    .option('--realtime', 'run the device clock at 1x instead of as fast as possible (the default with --serve)');
  addDbOption(cmd);
  addServeOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (opts: DemoOptions) => {
    process.exitCode = await demo(opts);
  });
}

export async function demo(opts: DemoOptions): Promise<number> {
  const tz = zoneOption(opts.tz);
  const scenarioPath = opts.scenario ?? demoScenarioPath();
  const apiLevel = opts.api === undefined ? undefined : Number(opts.api);
  if (apiLevel !== undefined && !(Number.isInteger(apiLevel) && apiLevel >= 24 && apiLevel <= 36)) throw new UserError(`--api must be an API level from 24 to 36, got ${opts.api}`);
  let device: EmulatedDevice;
  try {
    device = new EmulatedDevice({ scenario: scenarioPath, apiLevel, mode: opts.realtime === true || opts.serve !== undefined ? { kind: 'realtime', factor: 1 } : { kind: 'max' }, log: (l) => notice(`emulator: ${l}`) });
  } catch (e) {
    if (e instanceof ScenarioError) throw new UserError(e.message);
    throw e;
  }
  const pkg = device.scenario.app.package;
  const policyPath = opts.policy ?? (opts.scenario === undefined ? demoPolicyPath() : undefined);
  let lists: LoadedLists | null = null;
  if (policyPath !== undefined) {
    lists = loadDeclaredLists(policyPath, sdkCatalog());
    for (const w of lists.warnings) notice(`sdktrace: ${policyPath}: ${w.path}: ${w.message}`);
  }
  const store = Store.open(opts.db, { create: true });
  const out = consoleStage(opts);
  const stop = interrupted();
  let live: LiveDashboard | undefined;
  try {
    live = await liveDashboard(opts, store, notice);
    const run = await startRun({
      ...emulatedRunSetup(store, device),
      outputs: [out],
      options: { scenario: scenarioPath, apiLevel: apiLevel ?? null, policy: lists === null ? null : { file: resolve(policyPath!), sha256: lists.sha256 } },
      log: notice,
    });
    notice(`run ${run.runId}: ${device.name}, tracing ${pkg} into ${opts.db}`);
    await live.attach(run);
    await run.tracer.spawn();
    let reason = await Promise.race([device.waitForScenarioEnd().then(() => 'scenario finished'), stop.promise, run.failure, live.closed]);
    await run.tracer.stop(reason);
    device.close();
    // The writer thread's last batches are answered at stop: a failure among them ends the run as failed.
    if (run.ingest.failure !== null) reason = storageFailureReason(run.ingest.failure);
    if (opts.json !== true) process.stdout.write(out.summary());
    for (const line of runEndedNotice(run.runId, reason, run.ingest, opts.db)) notice(line);
    if (run.ingest.failure !== null) return EXIT.storage;
    const report = writeReports(store, run.runId, opts.out, ['json', 'html'], { lists, tz });
    const bySeverity = new Map<string, number>();
    for (const f of report.model.findings) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
    notice(`findings: ${report.model.findings.length === 0 ? 'none' : [...bySeverity].map(([s, n]) => `${n} ${s}`).join(', ')}${lists === null ? ' (no declared lists given: --policy)' : ` against ${relative(process.cwd(), policyPath!) || policyPath}`}`);
    for (const f of report.files) notice(`report: ${relative(process.cwd(), f) || f}`);
    await live.untilClosed(stop.promise);
    return 0;
  } finally {
    await live?.close();
    stop.dispose();
    store.close();
  }
}
