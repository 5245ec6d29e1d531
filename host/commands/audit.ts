// `sdktrace audit`: the regulator's test protocol on one app (host/audit/runner.ts), or on a list
// of apps (--batch: one after another per device, devices in parallel, resumable). Writes the
// evidence pack and a one-screen summary per app; the batch adds a cross-app summary.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { loadDeclaredLists, type LoadedLists } from '../../reports/lists/load.js';
import { parseConsentApiSpec } from '../../reports/config.js';
import { buildReport } from '../../reports/model.js';
import { ConsoleAnalyst, ScriptedAnalyst, type Analyst, type PauseAnswer, type PauseQuestion } from '../audit/analyst.js';
import { auditApp, type AppAuditPlan } from '../audit/app.js';
import { BatchStore, crossAppSummary, readBatchList, renderCrossApp } from '../audit/batch.js';
import { AdbOps, NoOps, adbAvailable } from '../audit/ops-adb.js';
import { EmulatedOps } from '../audit/ops-emulated.js';
import { TRIGGER_NAMES, type DeviceOps, type TriggerName } from '../audit/ops.js';
import { parseStageTimes } from '../audit/stages.js';
import { openDevice, type DeviceChoice, type OpenedDevice } from '../device/open.js';
import { parseRemoteAddress } from '../device/frida.js';
import { auditScenarioPath } from '../../emulator/index.js';
import { UserError } from '../../protocol/errors.js';
import { DEFAULT_CONSENT_WORDS, type ConsentWords } from '../../analysis/phase.js';
import { sdkCatalog } from '../../attribution/shipped.js';
import { installedApp } from '../session/targets.js';
import { Store } from '../../store/db.js';
import { addServeOptions, liveDashboard, type LiveDashboard, type ServeOptions } from '../live/attach.js';
import { DashboardAnswers, withDashboard } from '../audit/dashboard.js';
import { addDbOption, addOriginStacksOption, agentSource, interrupted, notice } from './common.js';
import type { OriginStacks } from '../../protocol/messages.js';
import { EXIT, parseDuration, parseWords } from './trace.js';
import { addViewOptions, viewOptions } from './report.js';
import { SEVERITIES, isSeverity, severityRank, type Severity } from '../../reports/severity.js';
import type { Lang } from '../../reports/render/i18n.js';

export interface AuditOptions extends ServeOptions {
  usb?: boolean;
  device?: string[];
  host?: string;
  file?: string;
  scenario?: string;
  api?: string;
  policy?: string;
  out: string;
  db: string;
  stageTime?: string;
  triggers?: string;
  triggerApk?: string;
  adbSerial?: string;
  agreeWords?: string;
  refuseWords?: string;
  consentApi?: string[];
  prompt?: boolean;
  batch?: string;
  parallel?: string;
  retryFailed?: boolean;
  failOn?: string;
  tz?: string;
  lang?: string;
  /** --origin-stacks (commander fills in 'gated'). */
  originStacks?: OriginStacks;
}

const PACKAGE = /^[A-Za-z][\w]*(\.[A-Za-z_][\w]*)+$/;

export interface Common {
  emulated: boolean;
  devices: DeviceChoice[];
  durations: AppAuditPlan['durations'];
  triggers: TriggerName[];
  words: ConsentWords;
  consentApis: AppAuditPlan['consentApis'];
  lists: LoadedLists | null;
  view: { tz: string; lang: Lang };
  failOn: Severity | null;
}

export function parseTriggers(text: string | undefined): TriggerName[] {
  if (text === undefined || text.trim() === '') return [];
  if (text.trim() === 'all') return [...TRIGGER_NAMES];
  const out: TriggerName[] = [];
  for (const t of text.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
    if (!(TRIGGER_NAMES as readonly string[]).includes(t)) throw new UserError(`--triggers: no trigger ${JSON.stringify(t)} (triggers: ${TRIGGER_NAMES.join(', ')}, or all)`);
    if (!out.includes(t as TriggerName)) out.push(t as TriggerName);
  }
  return out;
}

/** Checks the arguments before any device is touched; every problem is a UserError (exit 2). */
export function planAudit(o: AuditOptions): Common {
  if (o.failOn !== undefined && !isSeverity(o.failOn)) throw new UserError(`--fail-on ${JSON.stringify(o.failOn)}: expected one of ${SEVERITIES.join(', ')}`);
  const view = viewOptions(o);
  const ids = o.device ?? [];
  const emulated = ids.includes('emulated');
  if (emulated && ids.length > 1) throw new UserError('-D emulated cannot be mixed with other devices');
  const chosen = [o.usb === true && '-U', ids.length > 0 && '-D', o.host !== undefined && '-H'].filter((x): x is string => typeof x === 'string');
  if (chosen.length > 1) throw new UserError(`choose the device(s) one way, not ${chosen.join(' and ')}`);
  let devices: DeviceChoice[];
  if (emulated || (chosen.length === 0 && o.scenario !== undefined)) {
    let apiLevel: number | undefined;
    if (o.api !== undefined) {
      apiLevel = /^\d+$/.test(o.api) ? Number(o.api) : NaN;
      if (!(apiLevel >= 24 && apiLevel <= 36)) throw new UserError(`--api must be an API level from 24 to 36, got ${o.api}`);
    }
    devices = [{ kind: 'emulated', scenario: o.scenario ?? auditScenarioPath(), apiLevel }];
  } else {
    for (const [flag, given] of [['--scenario', o.scenario], ['--api', o.api]] as const) {
      if (given !== undefined) throw new UserError(`${flag} is for the emulated device (-D emulated)`);
    }
    if (o.usb === true) devices = [{ kind: 'usb' }];
    else if (ids.length > 0) devices = ids.map((id) => ({ kind: 'id' as const, id }));
    else if (o.host !== undefined) devices = [{ kind: 'remote', host: parseRemoteAddress(o.host).address }];
    else throw new UserError('choose a device: -U (USB), -D ID (repeat for a batch on several devices), -H HOST[:PORT], or -D emulated [--scenario FILE]');
    if (o.batch === undefined && o.file === undefined) throw new UserError('choose the app: -f PACKAGE (or --batch FILE for a list)');
  }
  if (devices.length > 1 && o.batch === undefined) throw new UserError('several devices are for --batch; audit one app on one device');
  if (o.file !== undefined && !PACKAGE.test(o.file)) throw new UserError(`-f expects an app's package name such as com.example.app, got ${JSON.stringify(o.file)}`);
  if (o.file !== undefined && o.batch !== undefined) throw new UserError('-f and --batch: give one app, or a list');
  if (o.batch !== undefined && o.serve !== undefined && o.serve !== false) throw new UserError('--serve shows one run: use it without --batch (`sdktrace serve` shows the batch database afterwards)');
  if (o.triggerApk !== undefined && !existsSync(o.triggerApk)) throw new UserError(`--trigger-apk: ${o.triggerApk} does not exist`);
  const words: ConsentWords = {
    agree: o.agreeWords === undefined ? DEFAULT_CONSENT_WORDS.agree : parseWords(o.agreeWords, DEFAULT_CONSENT_WORDS.agree, '--agree-words'),
    refuse: o.refuseWords === undefined ? DEFAULT_CONSENT_WORDS.refuse : parseWords(o.refuseWords, DEFAULT_CONSENT_WORDS.refuse, '--refuse-words'),
  };
  let lists: LoadedLists | null = null;
  if (o.policy !== undefined) {
    lists = loadDeclaredLists(o.policy, sdkCatalog());
    for (const w of lists.warnings) notice(`sdktrace: ${o.policy}: ${w.path}: ${w.message}`);
  }
  return {
    emulated: devices[0]!.kind === 'emulated',
    devices,
    durations: parseStageTimes(o.stageTime, parseDuration),
    triggers: parseTriggers(o.triggers),
    words,
    consentApis: (o.consentApi ?? []).map(parseConsentApiSpec),
    lists,
    view,
    failOn: (o.failOn ?? null) as Severity | null,
  };
}

/** adb for a phone when it runs here and the serial is known; otherwise operations say why not. */
export async function opsFor(opened: OpenedDevice, choice: DeviceChoice, o: AuditOptions): Promise<DeviceOps> {
  if (opened.emulated !== null) return new EmulatedOps(opened.emulated);
  const serial = o.adbSerial ?? (choice.kind === 'id' ? choice.id : choice.kind === 'usb' ? opened.device.id : null);
  if (serial === null) return new NoOps('no adb serial for a remote device (give --adb-serial)');
  if (!(await adbAvailable())) return new NoOps('adb is not on PATH (install Android platform-tools)');
  return new AdbOps(serial, o.triggerApk ?? null);
}

/** Console questions one at a time (parallel devices may pause together). */
function serialAnalyst(inner: Analyst): Analyst {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    pause(q: PauseQuestion): Promise<PauseAnswer> {
      const next = chain.then(() => inner.pause(q));
      chain = next.catch(() => undefined);
      return next;
    },
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('audit')
    .description("run the regulator's test protocol on an app: fresh start, refuse, agree and use, background, force-stopped (self-starts); writes an evidence pack and a per-stage summary")
    .option('-U, --usb', 'the USB device (frida-server 17 running on it)')
    .option('-D, --device <id>', "a device id (adb serial); repeat for a batch on several devices; 'emulated' for the built-in emulated device", (v: string, prev: string[] = []) => [...prev, v])
    .option('-H, --host <host[:port]>', 'a remote frida-server (default port 27042)')
    .option('-f, --file <package>', 'the app to audit (on the emulated device: the scenario\'s app)')
    .option('--scenario <file>', 'emulated device: the scenario (default: the bundled audit scenario, data/scenarios/audit.json)')
    .option('--api <level>', 'emulated device: another Android API level (24-36)')
    .option('--policy <lists.json>', "the app's declared lists, kept with the run and used by the report")
    .option('--out <dir>', 'where packs and summaries go', 'sdktrace-audit')
    .option('--stage-time <list>', 'stage lengths over the defaults, e.g. fresh=30s,refuse=30s,agree=1m,background=1m,stopped=2m')
    .option('--triggers <list>', `while force-stopped, change the device so the system broadcasts: ${TRIGGER_NAMES.join(', ')}, or all (default: none)`)
    .option('--trigger-apk <file>', 'a test app to install for the package-added trigger')
    .option('--adb-serial <serial>', 'the adb serial of the device (default: the -D id or the USB device id)')
    .option('--agree-words <words>', 'comma list of texts that mean "agree" (replaces the defaults; +a,b adds)')
    .option('--refuse-words <words>', 'comma list of texts that mean "refuse" (replaces the defaults; +a,b adds)')
    .option('--consent-api <spec>', 'a call that means the user decided: CLASS.METHOD[:granted|:refused|:argN] (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-prompt', 'never wait for the analyst: a control that cannot be found is skipped (and recorded)')
    .option('--batch <file>', 'audit every app in the file (one package per line; on the emulated device, one scenario file per line)')
    .option('--parallel <n>', 'emulated device batch: how many emulated devices run at once', '1')
    .option('--retry-failed', 'batch: audit apps that failed in an earlier attempt again')
    .option('--fail-on <severity>', `exit with status 1 when the audit found a finding at or above this severity (${SEVERITIES.join(', ')}); the pack and reports are written first`);
  addViewOptions(cmd, false);
  addOriginStacksOption(cmd);
  addDbOption(cmd);
  addServeOptions(cmd);
  cmd.exitOverride((err) => {
    throw err.exitCode === 1 ? new CommanderError(EXIT.usage, err.code, err.message) : err;
  });
  cmd.action(async (opts: AuditOptions) => {
    process.exitCode = opts.batch !== undefined ? await auditBatch(opts) : await audit(opts);
  });
}

function exitFor(outcome: { aborted: string | null; endReason: string }): number {
  if (outcome.aborted === null || outcome.endReason.startsWith('interrupted')) return EXIT.ok;
  if (outcome.endReason.startsWith('storage failed')) return EXIT.storage;
  if (outcome.endReason === 'device lost') return EXIT.device;
  return EXIT.notTraced;
}

export async function resolvePackage(opened: OpenedDevice, requested: string | undefined): Promise<string> {
  const scenarioPkg = opened.emulated?.scenario.app.package ?? null;
  if (requested !== undefined && scenarioPkg !== null && requested !== scenarioPkg) throw new UserError(`the scenario's app is ${scenarioPkg}, not ${requested}`);
  const pkg = requested ?? scenarioPkg!;
  if ((await installedApp(opened.device, pkg)) === null) throw new UserError(`${pkg} is not installed on ${opened.device.name}`);
  return pkg;
}

export async function audit(o: AuditOptions, hooks: { analyst?: Analyst } = {}): Promise<number> {
  const plan = planAudit(o);
  const choice = plan.devices[0]!;
  const agent = agentSource(plan.emulated ? 'emulated' : 'device');
  const opened = await openDevice(choice, notice);
  const stop = interrupted();
  let store: Store | null = null;
  let live: LiveDashboard | null = null;
  try {
    const pkg = await resolvePackage(opened, o.file);
    if (plan.lists !== null && plan.lists.lists.app.package !== pkg) notice(`sdktrace: warning: ${o.policy} declares ${plan.lists.lists.app.package}, but the audited app is ${pkg}`);
    const ops = await opsFor(opened, choice, o);
    store = Store.open(o.db, { create: true });
    live = await liveDashboard(o, store, notice);
    // With the dashboard on, its consent buttons also answer a pause (the console still asks), and
    // the page shows what the audit waits for.
    const shown = live;
    const answers = new DashboardAnswers((request) => shown.ask(request));
    const asker: Analyst = hooks.analyst ?? (o.prompt === false ? new ScriptedAnalyst([]) : new ConsoleAnalyst());
    const analyst = live.dashboard === null ? asker : withDashboard(asker, answers);
    notice(`auditing ${pkg} on ${opened.device.name} (device operations: ${ops.description}) into ${o.db}`);
    const dash = live;
    const r = await auditApp(opened, ops, store, appPlan(plan, pkg, o, choice), {
      analyst,
      agentSource: agent,
      progress: process.stderr,
      log: notice,
      interrupt: Promise.race([stop.promise, live.closed]),
      onRun: (run) => void dash.attach(run, (state) => answers.decided(state)),
    });
    process.stdout.write(r.summary);
    if (r.outcome.aborted !== null) notice(`sdktrace: the audit stopped in stage "${r.outcome.aborted}": ${r.outcome.endReason}`);
    await live.untilClosed(stop.promise);
    const code = exitFor(r.outcome);
    if (code === EXIT.ok && r.failing > 0) {
      notice(`sdktrace: ${r.failing} finding(s) at or above ${plan.failOn} (--fail-on); see ${r.html ?? r.pack ?? 'the report'}`);
      return EXIT.findings;
    }
    return code;
  } finally {
    await live?.close();
    stop.dispose();
    store?.close();
    opened.close();
  }
}

export function appPlan(plan: Common, pkg: string, o: AuditOptions, choice: DeviceChoice): AppAuditPlan {
  return {
    package: pkg,
    durations: plan.durations,
    triggers: plan.triggers,
    words: plan.words,
    consentApis: plan.consentApis,
    lists: plan.lists,
    listsFile: o.policy === undefined ? null : resolve(o.policy),
    outDir: o.out,
    options: { device: choice.kind === 'emulated' ? { ...choice, scenario: resolve(choice.scenario) } : choice },
    view: plan.view,
    failOn: plan.failOn,
    agentConfig: { originStacks: o.originStacks ?? 'gated' },
  };
}

/** For tests: stop taking new apps when this resolves (as Ctrl-C does). */
export interface BatchHooks {
  analyst?: Analyst;
  interrupt?: Promise<string>;
  onItemDone?(key: string): void;
}

export async function auditBatch(o: AuditOptions, hooks: BatchHooks = {}): Promise<number> {
  const plan = planAudit(o);
  const parallel = /^\d+$/.test(o.parallel ?? '1') ? Number(o.parallel ?? '1') : NaN;
  if (!(parallel >= 1 && parallel <= 16)) throw new UserError(`--parallel expects 1 to 16, got ${JSON.stringify(o.parallel)}`);
  const entries = readBatchList(o.batch!, (line) => {
    if (plan.emulated) return existsSync(line) ? null : `scenario file ${line} does not exist`;
    return PACKAGE.test(line) ? null : `not a package name: ${JSON.stringify(line)}`;
  });
  const agent = agentSource(plan.emulated ? 'emulated' : 'device');
  const state = new BatchStore(ensureDir(o.out), entries);
  if (state.resumed > 0) notice(`resuming the batch in ${state.path}: ${state.resumed} of ${entries.length} apps already audited`);
  const store = Store.open(o.db, { create: true });
  const stop = interrupted();
  let stopped: string | null = null;
  const interrupt = Promise.race([stop.promise, ...(hooks.interrupt ? [hooks.interrupt] : [])]);
  void interrupt.then((r) => (stopped = r));
  const analyst = serialAnalyst(hooks.analyst ?? (o.prompt === false ? new ScriptedAnalyst([]) : new ConsoleAnalyst()));
  const total = entries.length;
  const progressLine = () => {
    const c = { done: 0, failed: 0 };
    for (const i of state.state.items) if (i.status === 'done') c.done++;
    else if (i.status === 'failed') c.failed++;
    return `batch: ${c.done}/${total} done${c.failed > 0 ? `, ${c.failed} failed` : ''}`;
  };
  const workers = plan.emulated ? Array.from({ length: parallel }, (_, i) => ({ name: `emulated#${i + 1}`, choice: null as DeviceChoice | null })) : plan.devices.map((d) => ({ name: d.kind === 'id' ? d.id : d.kind, choice: d }));
  const work = async (w: (typeof workers)[number]) => {
    for (;;) {
      if (stopped !== null) return;
      const item = state.take(w.name, o.retryFailed === true);
      if (item === null) return;
      const choice: DeviceChoice = w.choice ?? { kind: 'emulated', scenario: item.key, apiLevel: (plan.devices[0] as { apiLevel?: number }).apiLevel };
      let opened: OpenedDevice | null = null;
      try {
        opened = await openDevice(choice, () => undefined);
        const pkg = await resolvePackage(opened, plan.emulated ? undefined : item.key);
        const ops = await opsFor(opened, choice, o);
        notice(`[${w.name}] auditing ${pkg} (${item.key})`);
        const r = await auditApp(opened, ops, store, appPlan(plan, pkg, o, choice), { analyst, agentSource: agent, progress: workers.length === 1 ? process.stderr : null, label: `[${pkg}] `, interrupt });
        if (r.outcome.aborted !== null && stopped !== null) {
          // Interrupted: left 'running', so the next start audits it again from the beginning.
          notice(`[${w.name}] ${pkg}: interrupted in stage "${r.outcome.aborted}"; it will be audited again when the batch resumes`);
          return;
        }
        state.finish(item, r.outcome.aborted === null ? { runId: r.outcome.runId, pack: r.pack } : { runId: r.outcome.runId, pack: r.pack, error: r.outcome.endReason });
        notice(`[${w.name}] ${pkg}: ${r.outcome.aborted === null ? 'done' : `failed: ${r.outcome.endReason}`}${r.pack !== null ? `, ${r.pack}` : ''}; ${progressLine()}`);
        hooks.onItemDone?.(item.key);
      } catch (e) {
        state.finish(item, { error: (e as Error).message });
        notice(`[${w.name}] ${item.key}: failed: ${(e as Error).message}; ${progressLine()}`);
      } finally {
        opened?.close();
      }
    }
  };
  try {
    await Promise.all(workers.map(work));
    const done = state.state.items.filter((i) => i.status === 'done' && i.runId !== undefined);
    const runs = done.map((i) => {
      const model = buildReport(store, i.runId!, { lists: plan.lists ?? undefined });
      return { app: model.run.app.package ?? i.key, runId: i.runId!, findings: model.findings };
    });
    const rows = crossAppSummary(runs);
    const text = `${progressLine()}\n${renderCrossApp(rows, runs.length)}`;
    writeFileSync(join(o.out, 'batch-summary.txt'), text);
    writeFileSync(join(o.out, 'batch-summary.json'), `${JSON.stringify({ apps: runs.map((r) => ({ app: r.app, runId: r.runId, findings: r.findings.length })), sdks: rows }, null, 2)}\n`);
    process.stdout.write(text);
    if (stopped !== null) notice(`sdktrace: batch interrupted (${stopped}); run the same command again to resume`);
    if (state.state.items.some((i) => i.status === 'failed')) return EXIT.notTraced;
    if (plan.failOn !== null) {
      const failing = runs.filter((r) => r.findings.some((f) => severityRank(f.severity) >= severityRank(plan.failOn!)));
      if (failing.length > 0) {
        notice(`sdktrace: ${failing.length} app(s) with findings at or above ${plan.failOn} (--fail-on): ${failing.map((r) => r.app).join(', ')}`);
        return EXIT.findings;
      }
    }
    return EXIT.ok;
  } finally {
    stop.dispose();
    store.close();
  }
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
