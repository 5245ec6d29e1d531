// `sdktrace trace`: traces an app on a device with frida-tools' conventions. The device: -U (USB),
// -D ID, -H HOST[:PORT] (a remote frida-server, any port), or `--device emulated` (the built-in
// emulated device playing a scenario). The target: -f PACKAGE (spawn it), -n NAME / -p PID (attach
// to it running), or --observe -f PACKAGE (stop it, then record every process of it that starts
// without the user). Every process of the app is followed; events go to the project database and,
// live, to the console (lines, --quiet, or --json NDJSON on stdout with diagnostics on stderr).
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { loadDeclaredLists, type LoadedLists } from '../../reports/lists/load.js';
import { openDevice, type DeviceChoice, type OpenedDevice } from '../device/open.js';
import { parseRemoteAddress } from '../device/frida.js';
import type { DeviceLike } from '../device/types.js';
import { demoScenarioPath } from '../../emulator/index.js';
import { UserError } from '../../protocol/errors.js';
import { addServeOptions, liveDashboard, type LiveDashboard, type ServeOptions } from '../live/attach.js';
import { DEFAULT_CONSENT_WORDS, type ConsentApi, type ConsentWords } from '../../analysis/phase.js';
import { parseConsentApiSpec } from '../../reports/config.js';
import { createAttributor, sdkCatalog } from '../../attribution/shipped.js';
import { startRun, storageFailureReason, type ActiveRun } from '../session/run.js';
import { packageCheck } from '../session/package-check.js';
import { findRunning, installedApp, type AppProcess } from '../session/targets.js';
import { Store, type ProcessRow } from '../../store/db.js';
import { loadTlsPatterns } from './tls-patterns.js';
import { addDbOption, addOriginStacksOption, addOutputOptions, agentSource, consoleStage, interrupted, notice, runEndedNotice, stdoutSink } from './common.js';
import type { OriginStacks } from '../../protocol/messages.js';

export interface TraceOptions extends ServeOptions {
  usb?: boolean;
  /** JSON file of statically linked TLS byte patterns (host/commands/tls-patterns.ts). */
  tlsPatterns?: string;
  /** --origin-stacks (commander fills in 'gated'). */
  originStacks?: OriginStacks;
  device?: string;
  host?: string;
  file?: string;
  attachName?: string;
  attachPid?: string;
  /** With -n/-p: the app's package when the process does not show it (frida-gadget). */
  app?: string;
  observe?: boolean;
  scenario?: string;
  api?: string;
  realtime?: boolean;
  duration?: string;
  db: string;
  policy?: string;
  consentApi?: string[];
  agreeWords?: string;
  refuseWords?: string;
  json?: boolean;
  quiet?: boolean;
}

/** For the CLI's tests and embedders: called once the run is recording, before the app starts. */
export interface TraceHooks {
  onRun?(run: ActiveRun, device: DeviceLike): void;
}

/** Exit codes (README): 2 usage, 3 device unreachable or lost, 70 emulator/internal, 74 storage. */
/** Exit codes (README "Exit codes"): 1 is also `--fail-on` findings (report, audit). */
export const EXIT = { ok: 0, notTraced: 1, findings: 1, usage: 2, device: 3, internal: 70, storage: 74 } as const;

type Target = { mode: 'spawn'; package: string | null } | { mode: 'observe'; package: string | null } | { mode: 'attach'; name?: string; pid?: number; app?: string };

interface Plan {
  device: DeviceChoice;
  target: Target;
  durationMs: number | null;
  words: ConsentWords;
  consentApis: ConsentApi[];
}

const PACKAGE = /^[A-Za-z][\w]*(\.[A-Za-z_][\w]*)+$/;

/** "30s", "5m", "1h", "500ms", "90" (seconds) -> ms. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  const ms = m === null ? NaN : Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  if (!(ms > 0) || !Number.isFinite(ms)) throw new UserError(`--duration expects a time such as 30s, 5m or 1h, got ${JSON.stringify(text)}`);
  return Math.round(ms);
}

/**
 * A comma list of consent words (ASCII or full-width commas). It replaces the default list; a
 * leading "+" adds to it instead.
 */
export function parseWords(text: string, defaults: readonly string[], option: string): string[] {
  const add = text.trimStart().startsWith('+');
  const words = (add ? text.trimStart().slice(1) : text)
    .split(/[,，]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');
  if (words.length === 0) throw new UserError(`${option} expects a comma-separated list of words (start with + to add to the defaults), got ${JSON.stringify(text)}`);
  return add ? [...new Set([...defaults, ...words])] : [...new Set(words)];
}

/** Checks the arguments; every problem is a UserError (exit 2) before any device is touched. */
/** frida-gadget's process: named "Gadget", listed as the app re.frida.Gadget. */
function isGadget(p: AppProcess): boolean {
  return p.name === 'Gadget' || p.package === 're.frida.Gadget';
}

export function planTrace(o: TraceOptions): Plan {
  const emulated = o.device === 'emulated';
  const selectors = [o.usb === true && '-U', o.device !== undefined && `-D ${o.device}`, o.host !== undefined && `-H ${o.host}`].filter((x): x is string => typeof x === 'string');
  if (selectors.length > 1) throw new UserError(`choose one device, not ${selectors.join(' and ')}`);
  let device: DeviceChoice;
  if (emulated || (selectors.length === 0 && o.scenario !== undefined)) {
    let apiLevel: number | undefined;
    if (o.api !== undefined) {
      apiLevel = /^\d+$/.test(o.api) ? Number(o.api) : NaN;
      if (!(apiLevel >= 24 && apiLevel <= 36)) throw new UserError(`--api must be an API level from 24 to 36, got ${o.api}`);
    }
    // The live dashboard is for watching: the emulated clock runs at 1x with --serve.
    device = { kind: 'emulated', scenario: o.scenario ?? demoScenarioPath(), apiLevel, realtime: o.realtime === true || (o.serve !== undefined && o.serve !== false) };
  } else {
    for (const [flag, given] of [['--scenario', o.scenario], ['--api', o.api], ['--realtime', o.realtime]] as const) {
      if (given !== undefined) throw new UserError(`${flag} is for the emulated device (--device emulated); a real device runs the real app`);
    }
    if (o.usb === true) device = { kind: 'usb' };
    else if (o.device !== undefined) device = { kind: 'id', id: o.device };
    else if (o.host !== undefined) device = { kind: 'remote', host: parseRemoteAddress(o.host).address };
    else throw new UserError('choose a device: -U (USB), -D ID, -H HOST[:PORT] (remote frida-server), or --device emulated [--scenario FILE]');
  }

  const targets = [o.file !== undefined && '-f', o.attachName !== undefined && '-n', o.attachPid !== undefined && '-p'].filter((x): x is string => typeof x === 'string');
  if (targets.length > 1) throw new UserError(`choose one target, not ${targets.join(' and ')}: -f PACKAGE spawns the app, -n NAME or -p PID attaches to it running`);
  if (o.file !== undefined && !PACKAGE.test(o.file)) {
    throw new UserError(`-f expects an app's package name such as com.example.app${o.file.includes(':') ? ' (not a process name: every process of the app is traced)' : ''}, got ${JSON.stringify(o.file)}`);
  }
  if (o.app !== undefined) {
    if (o.attachName === undefined && o.attachPid === undefined) throw new UserError('--app names the package of an app attached with -n/-p (frida-gadget shows as Gadget); with -f the package is given already');
    if (!PACKAGE.test(o.app)) throw new UserError(`--app expects an app's package name such as com.example.app, got ${JSON.stringify(o.app)}`);
  }
  let target: Target;
  if (o.observe === true) {
    if (o.attachName !== undefined || o.attachPid !== undefined) throw new UserError('--observe watches for the app to start by itself: give its package with -f, not -n/-p');
    if (o.file === undefined && device.kind !== 'emulated') throw new UserError('--observe needs the package to watch: --observe -f PACKAGE');
    target = { mode: 'observe', package: o.file ?? null };
  } else if (o.attachName !== undefined || o.attachPid !== undefined) {
    if (device.kind === 'emulated') throw new UserError('the emulated device starts the scenario\'s app itself: use -f PACKAGE (or nothing) to spawn it, or --observe');
    if (o.attachPid !== undefined) {
      const pid = /^\d+$/.test(o.attachPid) ? Number(o.attachPid) : NaN;
      if (!(pid > 0)) throw new UserError(`-p expects a process id, got ${JSON.stringify(o.attachPid)}`);
      target = { mode: 'attach', pid, app: o.app };
    } else {
      if (o.attachName!.trim() === '') throw new UserError('-n expects a process name, an app label or a package');
      target = { mode: 'attach', name: o.attachName!, app: o.app };
    }
  } else {
    if (o.file === undefined && device.kind !== 'emulated') throw new UserError('choose what to trace: -f PACKAGE (spawn the app), -n NAME or -p PID (attach to it running), or --observe -f PACKAGE');
    target = { mode: 'spawn', package: o.file ?? null };
  }

  const durationMs = o.duration === undefined ? null : parseDuration(o.duration);
  const words: ConsentWords = {
    agree: o.agreeWords === undefined ? DEFAULT_CONSENT_WORDS.agree : parseWords(o.agreeWords, DEFAULT_CONSENT_WORDS.agree, '--agree-words'),
    refuse: o.refuseWords === undefined ? DEFAULT_CONSENT_WORDS.refuse : parseWords(o.refuseWords, DEFAULT_CONSENT_WORDS.refuse, '--refuse-words'),
  };
  const consentApis = (o.consentApi ?? []).map(parseConsentApiSpec);
  return { device, target, durationMs, words, consentApis };
}

function describeProcess(p: ProcessRow, rows: readonly ProcessRow[]): string {
  const restart = p.restart_of === null ? '' : `, restart of pid ${rows.find((r) => r.id === p.restart_of)?.pid ?? '?'}`;
  const start = `${p.start_reason ?? 'start reason unknown'}${p.spawned_by === 'sdktrace' ? ', launched by sdktrace' : p.spawned_by === 'attach' ? ', attached' : ''}${restart}`;
  return `  ${p.name.padEnd(32)} pid ${String(p.pid).padEnd(7)} ${start}; ${p.end_reason ?? 'running'}`;
}

export function register(program: Command): void {
  const cmd = program
    .command('trace')
    .description('trace an app on a device: every process of it, every event stored (frida-tools conventions for -U/-D/-H/-f/-n/-p)')
    .option('-U, --usb', 'the USB device (frida-server 17 running on it)')
    .option('-D, --device <id>', "a device id (frida-ls-devices, adb serial); 'emulated' for the built-in emulated device")
    .option('-H, --host <host[:port]>', 'a remote frida-server (default port 27042)')
    .option('-f, --file <package>', 'spawn the app (Frida force-stops it first) and trace it from its first instruction')
    .option('-n, --attach-name <name>', 'attach to the running app: package, app label or process name')
    .option('-p, --attach-pid <pid>', 'attach to the running app by process id')
    .option('--app <package>', "with -n/-p: the app's package when the process does not show it (frida-gadget appears as Gadget)")
    .option('--observe', 'self-start observation: stop the app, then record every process of it that starts without the user (with -f)')
    .option('--duration <time>', 'end the run after this long (30s, 5m, 1h); default: until Ctrl-C (or the scenario ends)')
    .option('--scenario <file>', 'emulated device: the scenario to play (default: the bundled demo)')
    .option('--api <level>', 'emulated device: run the scenario on another Android API level (24-36)')
    .option('--realtime', 'emulated device: run the clock at 1x instead of as fast as possible')
    .option('--policy <lists.json>', "the app's declared lists (collected PI, third-party sharing); checked now, kept with the run")
    .option('--agree-words <words>', 'comma list of consent button texts that mean "agree" (replaces the defaults; +a,b adds)')
    .option('--refuse-words <words>', 'comma list of button texts that mean "refuse" (replaces the defaults; +a,b adds)')
    .option('--tls-patterns <file>', 'byte patterns of SSL_write/SSL_read in statically linked TLS builds (libflutter.so, Cronet): JSON [{module, SSL_write, SSL_read}] (docs/network.md)')
    .option('--consent-api <spec>', "a call that means the user decided, e.g. an SDK's privacy-grant API: CLASS.METHOD[:granted|:refused|:argN] (repeatable)", (v: string, prev: string[] = []) => [...prev, v]);
  addOriginStacksOption(cmd);
  addDbOption(cmd);
  addServeOptions(cmd);
  addOutputOptions(cmd);
  // Usage errors exit 2, like every argument problem of this command.
  cmd.exitOverride((err) => {
    throw err.exitCode === 1 ? new CommanderError(EXIT.usage, err.code, err.message) : err;
  });
  cmd.action(async (opts: TraceOptions) => {
    process.exitCode = await trace(opts);
  });
}

export async function trace(opts: TraceOptions, hooks: TraceHooks = {}): Promise<number> {
  const plan = planTrace(opts);
  let lists: LoadedLists | null = null;
  if (opts.policy !== undefined) {
    lists = loadDeclaredLists(opts.policy, sdkCatalog());
    for (const w of lists.warnings) notice(`sdktrace: ${opts.policy}: ${w.path}: ${w.message}`);
  }
  const agent = agentSource(plan.device.kind === 'emulated' ? 'emulated' : 'device');
  const opened = await openDevice(plan.device, notice);
  try {
    return await traceOn(opened, plan, opts, lists, agent, hooks);
  } finally {
    opened.close();
  }
}

async function traceOn(opened: OpenedDevice, plan: Plan, opts: TraceOptions, lists: LoadedLists | null, agent: string, hooks: TraceHooks): Promise<number> {
  const { device, emulated } = opened;
  const target = plan.target;
  // What to trace, checked on the device before the database is touched.
  let pkg: string;
  let running: AppProcess | null = null;
  if (target.mode === 'attach') {
    running = await findRunning(device, target);
    pkg = target.app ?? running.package;
    // frida-gadget's process is "Gadget" (its app re.frida.Gadget): the app's own code would not be
    // first party. The agent's app message says the real package; the user must name it.
    if (target.app === undefined && isGadget(running)) {
      notice(`sdktrace: warning: ${running.name} (pid ${running.pid}) is frida-gadget, which hides the app's package: pass --app PACKAGE, or the app's own code is attributed as an unknown third party`);
    }
  } else {
    const scenarioPkg = emulated?.scenario.app.package ?? null;
    if (target.package !== null && scenarioPkg !== null && target.package !== scenarioPkg) {
      throw new UserError(`the scenario's app is ${scenarioPkg}, not ${target.package}`);
    }
    pkg = target.package ?? scenarioPkg!;
    if ((await installedApp(device, pkg)) === null) throw new UserError(`${pkg} is not installed on ${device.name} (frida-ps -Uai lists the installed apps)`);
  }
  if (lists !== null && lists.lists.app.package !== pkg) notice(`sdktrace: warning: ${opts.policy} declares ${lists.lists.app.package}, but the traced app is ${pkg}`);

  const store = Store.open(opts.db, { create: true });
  let live: LiveDashboard | undefined;
  let dashboardClosed = false;
  const sink = stdoutSink();
  const out = consoleStage(opts, sink.write);
  const stop = interrupted();
  let durationTimer: ReturnType<typeof setTimeout> | undefined;
  try {
    live = await liveDashboard(opts, store, notice);
    const mode = target.mode === 'observe' ? 'observe' : 'trace';
    const run = await startRun({
      store,
      device,
      deviceKind: opened.kind,
      package: pkg,
      mode,
      agentSource: agent,
      attributor: createAttributor(pkg),
      sdkCatalogVersion: sdkCatalog().version,
      consentWords: plan.words,
      consentApis: plan.consentApis,
      launchedByUser: target.mode === 'spawn',
      agentConfig: { originStacks: opts.originStacks ?? 'gated', ...(opts.tlsPatterns !== undefined ? { tlsPatterns: loadTlsPatterns(opts.tlsPatterns) } : {}) },
      outputs: [out, packageCheck(pkg, notice)],
      options: {
        target: target.mode === 'attach' ? { mode: 'attach', pid: running!.pid, name: running!.name, ...(target.app !== undefined ? { app: target.app } : {}) } : { mode: target.mode },
        device: plan.device.kind === 'emulated' ? { kind: 'emulated', scenario: resolve(plan.device.scenario), apiLevel: plan.device.apiLevel ?? null, realtime: plan.device.realtime === true } : plan.device,
        durationMs: plan.durationMs,
        policy: lists === null ? null : { file: resolve(opts.policy!), sha256: lists.sha256 },
      },
      log: notice,
      deviceNow: opened.deviceNow,
    });
    hooks.onRun?.(run, device);
    await live.attach(run);
    notice(`run ${run.runId}: ${device.name}, ${target.mode === 'observe' ? 'observing' : 'tracing'} ${pkg} into ${opts.db}`);

    const ended: Promise<{ reason: string; code: number }>[] = [
      stop.promise.then((reason) => ({ reason, code: EXIT.ok })),
      // The reader of --json went away (`| head`): end the run as Ctrl-C would.
      sink.closed.then((reason) => ({ reason, code: EXIT.ok })),
      live.closed.then((reason) => {
        dashboardClosed = true;
        return { reason, code: EXIT.ok };
      }),
      run.failure.then((reason) => ({ reason, code: run.ingest.failure !== null ? EXIT.storage : EXIT.device })),
    ];
    if (plan.durationMs !== null) ended.push(new Promise((res) => (durationTimer = setTimeout(() => res({ reason: `duration ${opts.duration} elapsed`, code: EXIT.ok }), plan.durationMs!))));
    if (emulated !== null) {
      ended.push(
        emulated.waitForScenarioEnd().then(
          () => ({ reason: 'scenario finished', code: EXIT.ok }),
          (e: Error) => ({ reason: e.message, code: EXIT.internal }),
        ),
      );
    }
    let result: { reason: string; code: number };
    try {
      if (target.mode === 'spawn') {
        await run.tracer.spawn();
      } else if (target.mode === 'attach') {
        await run.tracer.attachRunning(running!);
      } else {
        const killed = await run.tracer.stopApp();
        if (killed.length > 0) notice(`${pkg} was running (${killed.map((p) => `${p.name} pid ${p.pid}`).join(', ')}); stopped it so that only starts without the user are recorded`);
        emulated?.startScenario({ launch: false });
        notice(`waiting for any process of ${pkg} to start without a launch by sdktrace${plan.durationMs === null ? ' (Ctrl-C ends the run)' : ''}`);
      }
      result = await Promise.race(ended);
    } catch (e) {
      if (e instanceof UserError) throw e;
      result = { reason: `could not trace ${pkg}: ${(e as Error).message}`, code: EXIT.notTraced };
    }
    // A failure that happened while the run was being set up takes precedence over "not traced".
    if (run.ingest.failure !== null) result = { reason: storageFailureReason(run.ingest.failure), code: EXIT.storage };
    await run.tracer.stop(result.reason);
    // The writer thread's last batches are answered at stop: a failure among them ends the run as failed.
    if (run.ingest.failure !== null && result.code !== EXIT.storage) result = { reason: storageFailureReason(run.ingest.failure), code: EXIT.storage };

    if (opts.json === true) process.stderr.write(out.summary());
    else sink.write(out.summary());
    let procs: ProcessRow[] = [];
    try {
      procs = store.processes(run.runId);
    } catch {
      // The store failed; the totals below still say what happened.
    }
    if (procs.length > 0) notice(`processes of ${pkg}:\n${procs.map((p) => describeProcess(p, procs)).join('\n')}`);
    for (const line of runEndedNotice(run.runId, result.reason, run.ingest, opts.db)) notice(line);
    if (run.ingest.failure === null && result.code !== EXIT.ok) notice(`sdktrace: ${result.reason}`);
    // Keeps the page up after the run until Ctrl-C (unless the page itself is what closed).
    if (!dashboardClosed) await live.untilClosed(stop.promise);
    return result.code;
  } finally {
    clearTimeout(durationTimer);
    await live?.close();
    stop.dispose();
    sink.dispose();
    store.close();
  }
}
