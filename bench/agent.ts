// The agent's cost on the emulated device. A scenario app whose SDKs make many hooked calls (reads
// of identifiers, package lists and location on pool threads and the main thread, HTTP sends) is
// played at maximum speed three ways, interleaved, best of three each:
//   - without an agent (the app alone: the baseline of the device itself),
//   - with the real agent bundle (batching, interned stacks),
//   - with the same agent bundled with bench/agent-variant/emitter.ts instead of the real emitter
//     (each event its own message, with its full stack frames every time).
//   - with the real agent bundle but its hot libc hooks in JavaScript ('native.fd-filter' disabled:
//     the hooks before the native pre-filter of issue 14), so the pre-filter's saving is measured.
// The SDKs also write their own log files from native code (write() on regular files, as SDK
// loggers and caches do): calls the hot libc hooks see and must ignore.
// Asynchronous origins (issue 14 item 7): the real agent with gated origin walks (the default: the
// host's gate list sent as AgentConfig.originGate) against the same agent walking the submitting
// stack at every submission ('all'), on the scenario above and on one heavy in submissions (SDK
// code posting its own Runnables to executors, the main Handler and new Threads in a loop, plus
// androidx Runnables, which do not decide and still walk). Java stack walks are the emulated ART's
// exact counter; walks for submissions = all walks - events carrying a stack (one walk each).
// Cost per hooked call = (wall time with the agent - without) / hooked calls, where hooked calls
// are the agent's own exact counters. Bytes per event: every message's JSON text as it crosses
// from the script to the host, divided by the events it carries (a separate, untimed play).
import { spawnSync } from 'node:child_process';
import { build, type Plugin } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmulatedDevice, type Scenario } from '../emulator/index.js';
import { decodeMessage } from '../host/ingest/validate.js';
import { originGate } from '../attribution/origin-gate.js';
import { sdkCatalog } from '../attribution/shipped.js';
import type { Frame } from '../protocol/messages.js';
import { Emitter as RealEmitter, type EventDraft } from '../agent/core/emitter.js';
import type { Platform } from '../agent/core/platform.js';
import { HOOKS } from '../agent/catalog/index.js';
import { Emitter as VariantEmitter } from './agent-variant/emitter.js';
import { gc, log, now, round } from './measure.js';
import { AgentWorkload, wire } from './workload.js';

/** Hooks that record a submission (executor, Handler, Thread.start); run scopes (dispatchMessage, FutureTask.run, ...) are not. */
const SUBMIT_HOOKS = new Set(HOOKS.filter((h) => h.origin?.role === 'submit').map((h) => h.id));
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APP = 'com.example.benchapp';

/** The agent bundle as scripts/build.mjs builds agent.emulated.js, optionally with another emitter. */
async function bundleAgent(variantEmitter: boolean): Promise<string> {
  const swap: Plugin = {
    name: 'per-event-emitter',
    setup(b) {
      b.onResolve({ filter: /^\.\/emitter\.js$/ }, (args) => (args.importer.endsWith(join('agent', 'core', 'agent.ts')) || args.importer.endsWith(join('agent', 'core', 'installer.ts')) ? { path: join(ROOT, 'bench', 'agent-variant', 'emitter.ts') } : undefined));
    },
  };
  const r = await build({
    entryPoints: [join(ROOT, 'agent', 'index.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
    alias: { 'frida-java-bridge': join(ROOT, 'emulator/bridge/index.ts'), buffer: '@frida/buffer' },
    plugins: variantEmitter ? [swap] : [],
  });
  return r.outputFiles[0]!.text;
}

const SDKS = [
  { id: 'getui', name: 'Getui push', packages: ['com.igexin'], exec: 'getui', thread: 'GT-Pool-%d', lib: 'libgetuiext3.so', frames: ['com.igexin.push.core.a.b', 'com.igexin.push.core.e.c.a'] },
  { id: 'pangle', name: 'Pangle ads', packages: ['com.bytedance.sdk.openadsdk'], exec: 'pangle', thread: 'csj-io-%d', lib: 'libnms.so', frames: ['com.bytedance.sdk.openadsdk.core.f.a', 'com.bytedance.sdk.openadsdk.utils.j.a'] },
  { id: 'umeng', name: 'Umeng analytics', packages: ['com.umeng.commonsdk'], exec: 'umeng', thread: 'umeng-%d', lib: 'libumeng-spy.so', frames: ['com.umeng.commonsdk.internal.d', 'com.umeng.commonsdk.statistics.common.DeviceConfig.getAndroidID'] },
];
/** Log-file writes (write() on a regular file) per task of ten reads. */
const LOG_WRITES = 30;
const READ_MIX = ['android_id', 'imei', 'imsi', 'android_id', 'location', 'installed_packages', 'android_id', 'imei'] as const;

/**
 * A scenario whose timeline makes about `reads` identifier reads (plus a send per 10 reads): six
 * SDK tasks, each a fixed code path of ten reads, run again and again on their pool threads or the
 * main thread, as SDKs poll identifiers (the same code path gives the same stack id).
 */
export function agentScenario(reads: number): Scenario {
  const timeline: Scenario['timeline'] = [];
  const PER_TASK = 10;
  const SHAPES = 6;
  const body = (k: number) => {
    const sdk = SDKS[k % SDKS.length]!;
    const out: unknown[] = [];
    for (let j = 0; j < PER_TASK; j++) out.push({ in: `${sdk.frames[1]}${j % 5}.read${(k + j) % 3}`, do: [{ read: READ_MIX[(k + j) % READ_MIX.length]!, as: 'v' }] });
    out.push({ nativeWrite: { lib: sdk.lib, method: `${sdk.frames[1]}.log`, path: `/data/data/${APP}/files/${sdk.id}.log`, line: `${'x'.repeat(63)}\n`, times: LOG_WRITES } });
    out.push({ http: { url: `https://log.${sdk.id}.example.com/collect`, body: 'id={{$v}}&ts={{ts}}' } });
    return out;
  };
  // One action list per shape, shared by every run of it (the same code path each time).
  const shapes = Array.from({ length: SHAPES }, (_, k) => [{ in: [`${SDKS[k % SDKS.length]!.frames[0]}.run`, `${SDKS[k % SDKS.length]!.frames[0]}.collect${k}`], do: body(k) }]);
  for (let i = 0, n = 0; i < reads; i += PER_TASK, n++) {
    const k = n % SHAPES;
    const sdk = SDKS[k % SDKS.length]!;
    timeline.push({ at: 100 + n * 20, type: 'run', process: 'main', thread: k >= 3 ? undefined : sdk.exec, task: `${sdk.frames[0]}$${1 + k}`, do: shapes[k] } as Scenario['timeline'][number]);
  }
  timeline.push({ at: 100 + Math.ceil(reads / PER_TASK) * 20 + 500, type: 'end' });
  return {
    name: 'bench-agent',
    device: { apiLevel: 28, imei: ['861234567890123'], androidId: '9774d56d682e549c', imsi: '460001234567890', phoneNumber: '+8613800138000', location: { latitude: 31.23, longitude: 121.47 }, installedApps: [{ package: 'com.tencent.mm' }, { package: 'com.taobao.taobao' }] },
    app: {
      package: APP,
      versionName: '1.0',
      versionCode: 1,
      targetSdk: 28,
      usesCleartextTraffic: true,
      permissions: {
        'android.permission.INTERNET': 'granted',
        'android.permission.READ_PHONE_STATE': 'granted',
        'android.permission.ACCESS_FINE_LOCATION': 'granted',
        'android.permission.ACCESS_COARSE_LOCATION': 'granted',
      },
      application: { class: `${APP}.App`, onCreate: [] },
      launcher: { class: `${APP}.MainActivity` },
      executors: Object.fromEntries(SDKS.map((s) => [s.exec, { threads: 2, threadName: s.thread }])),
      sdks: SDKS.map((s) => ({ id: s.id, name: s.name, packages: s.packages, obfuscated: true, nativeLibs: [s.lib] })),
    },
    timeline,
  } as Scenario;
}

/**
 * The pre-filter alone: an SDK library that writes its log file `writes` times from native code
 * and does nothing else, so the agent's only work is the hot libc hooks on an unrelated descriptor.
 */
export function logScenario(writes: number): Scenario {
  const base = agentScenario(10);
  const sdk = SDKS[0]!;
  const timeline: Scenario['timeline'] = [
    { at: 100, type: 'run', process: 'main', thread: sdk.exec, task: `${sdk.frames[0]}$log`, do: [{ in: `${sdk.frames[1]}.logLoop`, do: [{ nativeWrite: { lib: sdk.lib, method: `${sdk.frames[1]}.log`, path: `/data/data/${APP}/files/${sdk.id}.log`, line: `${'x'.repeat(63)}\n`, times: writes } }] }] } as Scenario['timeline'][number],
    { at: 1000, type: 'end' },
  ];
  return { ...base, name: 'bench-agent-log', timeline };
}

/**
 * SDK code that hands work over in a loop: per round, on an SDK pool thread, its own Runnables to
 * its executor and to the main Handler (45 times each), androidx Runnables to both (5 times each:
 * library work, which still walks), and two new Threads running its own Runnable.
 */
export function submissionScenario(rounds: number): Scenario {
  const base = agentScenario(10);
  const timeline: Scenario['timeline'] = [];
  for (let n = 0; n < rounds; n++) {
    const sdk = SDKS[n % SDKS.length]!;
    const [outer, inner] = sdk.frames as [string, string];
    const own = (suffix: string) => [{ in: `${inner}.work${suffix}`, do: [] }];
    const lib = 'androidx.core.os.ExecutorCompat$1';
    timeline.push({
      at: 100 + n * 20,
      type: 'run',
      process: 'main',
      thread: sdk.exec,
      task: `${outer}$Pump`,
      do: [
        {
          in: `${outer}.pump`,
          do: [
            { repeat: 45, do: [{ execute: sdk.exec, task: `${outer}$Job`, do: own('A') }, { post: 'main', task: `${outer}$Ui`, do: own('B') }] },
            { repeat: 5, do: [{ execute: sdk.exec, task: lib, do: [] }, { post: 'main', task: lib, do: [] }] },
            { repeat: 2, do: [{ thread: `${sdk.id}-t`, task: `${outer}$Bg`, do: own('C') }] },
          ],
        },
      ],
    } as Scenario['timeline'][number]);
  }
  timeline.push({ at: 100 + rounds * 20 + 500, type: 'end' });
  return { ...base, name: 'bench-agent-submissions', timeline };
}

interface Play {
  ms: number;
  /** Submission-hook calls (catalog origin role 'submit'): each outermost one walks the Java stack at most once. */
  submissions: number;
  /** Entries from native code into the agent's JavaScript, and C listener runs (emulator counters). */
  entries: { jsListener: number; cListener: number; nativeCallback: number };
  messages: number;
  events: number;
  /** Events that carry a stack id: each cost one Java stack walk when emitted. */
  stacked: number;
  calls: number;
  bytes: number;
  problems: number;
  /** Java stack walks the emulated ART performed (exact: emulator/java/vm.ts counters). */
  walks: number;
}

/** Plays the scenario once; with an agent, counts messages and events (and bytes when asked). */
async function play(scenario: Scenario, agent: string | null, measureBytes: boolean, config: Record<string, unknown> = {}): Promise<Play> {
  const device = new EmulatedDevice({ scenario, mode: { kind: 'max' } });
  const out: Play = { ms: 0, submissions: 0, entries: { jsListener: 0, cListener: 0, nativeCallback: 0 }, messages: 0, events: 0, stacked: 0, calls: 0, bytes: 0, problems: 0, walks: 0 };
  try {
    const pid = await device.spawn(APP);
    if (agent !== null) {
      const session = await device.attach(pid);
      const script = await session.createScript(agent, { name: 'bench-agent' });
      script.message.connect((m: unknown) => {
        const msg = m as { type: string; payload?: { kind?: string; events?: { stack?: string }[]; counts?: [string, number, number][] } };
        out.messages++;
        const p = msg.payload;
        if (p?.kind === 'batch') {
          out.events += p.events?.length ?? 0;
          for (const e of p.events ?? []) if (e.stack !== undefined) out.stacked++;
          for (const c of p.counts ?? []) {
            out.calls += c[1];
            if (SUBMIT_HOOKS.has(c[0])) out.submissions += c[1];
          }
        }
        if (measureBytes) {
          out.bytes += JSON.stringify(msg).length;
          out.problems += decodeMessage(p).problems.length;
        }
      });
      await script.load();
      await script.exports.init!({ ...config, package: APP });
      gc();
      const t0 = now();
      await device.resume(pid);
      await device.waitForScenarioEnd();
      out.ms = now() - t0;
      await script.exports.flush!();
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      out.entries = { ...device.process(pid)!.natives.entries };
      out.walks = device.process(pid)!.vm.counters.stackWalks;
    } else {
      gc();
      const t0 = now();
      await device.resume(pid);
      await device.waitForScenarioEnd();
      out.ms = now() - t0;
    }
  } finally {
    device.close();
  }
  return out;
}

/**
 * The same comparison on the modelled traffic of bench/workload.ts (the ingest benchmark's: hot
 * code paths repeat as on a device): bytes per event batched with interned stacks, against each
 * event sent alone with the frames of its stack and origins.
 */
export function wireModel(events = 256_000): { batched: number; perEvent: number; ratio: number } {
  const w = new AgentWorkload({ seed: 5 });
  let batched = 0;
  let alone = 0;
  let n = 0;
  while (n < events) {
    const b = w.batch();
    batched += wire(b).length;
    for (const ev of b.events) {
      const stacks: Record<string, Frame[]> = {};
      for (const id of [ev.stack, ...(ev.origins ?? [])]) if (id !== undefined) stacks[id] = w.framesOf(id)!;
      alone += wire({ v: b.v, kind: 'batch', pid: b.pid, events: [ev], stacks }).length;
    }
    n += b.events.length;
  }
  return { batched: round(batched / n), perEvent: round(alone / n), ratio: round(alone / batched, 2) };
}

/**
 * The emitter alone (agent/core/emitter.ts against bench/agent-variant/emitter.ts), outside any
 * device: the events of the modelled workload emitted one by one, each capturing its stack (a
 * platform whose backtrace builds frame objects lazily, as frida-java-bridge's do), with send()
 * costing what GumJS's does, serialising the message to JSON. Best of three.
 */
export function emitterModel(events = 200_000): { batchedUs: number; perEventUs: number; ratio: number } {
  const w = new AgentWorkload({ seed: 11 });
  const drafts: { draft: EventDraft; stack: string }[] = [];
  while (drafts.length < events) {
    for (const ev of w.batch().events) {
      const { seq: _s, t: _t, tid: _tid, thread: _th, stack, origins: _o, ...draft } = ev;
      drafts.push({ draft: draft as EventDraft, stack: stack! });
    }
  }
  let current = '';
  let sink = 0;
  const platform: Platform = {
    now: () => 1_767_225_600_000,
    threadId: () => 12345,
    threadName: () => 'main',
    sha256: () => '0'.repeat(64),
    backtrace: () => {
      const id = current;
      return {
        id,
        get frames() {
          return w.framesOf(id)!.map(([className, methodName, fileName, lineNumber]) => ({ className, methodName, fileName, lineNumber }));
        },
      };
    },
    send: (m) => {
      sink += JSON.stringify({ type: 'send', payload: m }).length;
    },
    setTimeout: () => 1,
    clearTimeout: () => undefined,
  };
  const options = { flushIntervalMs: 50, batchSize: 256, stackLimit: 32 };
  const run = (E: typeof RealEmitter | typeof VariantEmitter) => {
    const e = new E(platform, 4242, { ...options });
    const t0 = now();
    for (const d of drafts) {
      current = d.stack;
      e.emit(d.draft);
    }
    e.flush();
    return now() - t0;
  };
  const best = { real: Infinity, variant: Infinity };
  for (let i = 0; i < 3; i++) {
    best.real = Math.min(best.real, run(RealEmitter));
    best.variant = Math.min(best.variant, run(VariantEmitter));
  }
  void sink;
  const us = (ms: number) => round((ms * 1000) / drafts.length, 2);
  return { batchedUs: us(best.real), perEventUs: us(best.variant), ratio: round(best.variant / best.real, 2) };
}

export interface AgentResult {
  calls: number;
  reads: number;
  none: { ms: number };
  batched: { ms: number; usPerCall: number; messages: number; events: number; bytesPerEvent: number; problems: number };
  perEvent: { ms: number; usPerCall: number; messages: number; events: number; bytesPerEvent: number; problems: number };
  costRatio: number;
  bytesRatio: number;
  /**
   * The same real agent with its hot libc hooks in JavaScript (the hooks before the native
   * pre-filter): cost per hooked call, and native-to-JavaScript entries of both per run.
   */
  jsHot: { ms: number; usPerCall: number; calls: number };
  /** Submission-hook calls among the hooked calls (the Java stack walks of asynchronous origins). */
  submissions: number;
  /**
   * Gated origin walks against a walk at every submission: on the submission-heavy scenario
   * (cost per hooked call, Java stack walks) and, walks only, on the scenario above.
   */
  origins: {
    rounds: number;
    calls: number;
    submissions: number;
    noneMs: number;
    gated: OriginPlay;
    all: OriginPlay;
    costRatio: number;
    main: { submissions: number; gatedWalks: number; allWalks: number; gatedSubmissionWalks: number; allSubmissionWalks: number };
  };
  /** write() on an unrelated descriptor alone: agent cost per call with the pre-filter and without. */
  unrelatedWrites: { writes: number; noneMs: number; filteredUs: number; jsHotUs: number; ratio: number };
  filterRatio: number;
  entries: { filtered: Play['entries']; jsHot: Play['entries'] };
  /** Bytes per event on the modelled workload (wireModel). */
  model: { batched: number; perEvent: number; ratio: number };
  /** The emitter alone on the modelled workload (emitterModel). */
  emitter: { batchedUs: number; perEventUs: number; ratio: number };
}

/**
 * Runs the measurement in a child process without --expose-gc: the emulated device's GumJS-like
 * prelude defines its own `gc` global, which V8's exposed `gc` (non-configurable in every
 * context) does not allow.
 */
export async function benchAgent(o: { calls: number }): Promise<AgentResult> {
  const script = `const m = await import(${JSON.stringify(import.meta.url)}); process.stdout.write(JSON.stringify(await m.agentChild(${JSON.stringify(o)})) + '\\n');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`agent benchmark child failed (${r.status})`);
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as AgentResult;
  result.model = wireModel();
  result.emitter = emitterModel();
  return result;
}

export interface OriginPlay {
  ms: number;
  usPerCall: number;
  walks: number;
  /** Walks for submissions: all walks less one per event that carries a stack. */
  submissionWalks: number;
  walksPerSubmission: number;
}

/** The host's gate list, as startRun sends it: the real agent's default configuration. */
const GATED = { originStacks: 'gated', originGate: originGate(sdkCatalog(), APP) };
/** The same agent walking the submitting stack at every submission (--origin-stacks all). */
const ALL = { ...GATED, originStacks: 'all' };
/** The agent's configuration that keeps its hot libc hooks in JavaScript (no native pre-filter). */
const JS_HOT = { ...GATED, disabledHooks: ['native.fd-filter'] };

export async function agentChild(o: { calls: number }): Promise<AgentResult> {
  const [real, variant] = await Promise.all([bundleAgent(false), bundleAgent(true)]);
  const scenario = agentScenario(o.calls);
  log(`agent: warm-up`);
  await play(agentScenario(1000), real, false, GATED);
  await play(agentScenario(1000), variant, false, GATED);
  await play(agentScenario(1000), null, false);
  await play(agentScenario(1000), real, false, JS_HOT);
  const best = { none: Infinity, real: Infinity, variant: Infinity, jsHot: Infinity };
  let realPlay: Play | null = null;
  let variantPlay: Play | null = null;
  let jsHotPlay: Play | null = null;
  for (let rep = 0; rep < 3; rep++) {
    log(`agent: round ${rep + 1} of 3`);
    best.none = Math.min(best.none, (await play(scenario, null, false)).ms);
    const r = await play(scenario, real, false, GATED);
    best.real = Math.min(best.real, r.ms);
    realPlay ??= r;
    const v = await play(scenario, variant, false, GATED);
    best.variant = Math.min(best.variant, v.ms);
    variantPlay ??= v;
    const j = await play(scenario, real, false, JS_HOT);
    best.jsHot = Math.min(best.jsHot, j.ms);
    jsHotPlay ??= j;
  }
  // Unrelated write() calls alone: cost per call with the pre-filter and with the hooks in JavaScript.
  const writes = Math.max(20_000, o.calls * 10);
  const logPlay = logScenario(writes);
  const bestLog = { none: Infinity, real: Infinity, jsHot: Infinity };
  for (let rep = 0; rep < 3; rep++) {
    bestLog.none = Math.min(bestLog.none, (await play(logPlay, null, false)).ms);
    bestLog.real = Math.min(bestLog.real, (await play(logPlay, real, false, GATED)).ms);
    bestLog.jsHot = Math.min(bestLog.jsHot, (await play(logPlay, real, false, JS_HOT)).ms);
  }
  const perWrite = (ms: number) => round(((ms - bestLog.none) * 1000) / writes, 2);
  const realBytes = await play(scenario, real, true, GATED);
  const variantBytes = await play(scenario, variant, true, GATED);
  // Origins: the submission-heavy scenario, gated against all, interleaved, best of three.
  const rounds = Math.max(20, Math.round(o.calls / 100));
  const subs = submissionScenario(rounds);
  await play(submissionScenario(5), real, false, ALL);
  const bestSub = { none: Infinity, gated: Infinity, all: Infinity };
  let gatedSub: Play | null = null;
  let allSub: Play | null = null;
  for (let rep = 0; rep < 3; rep++) {
    log(`agent: origins round ${rep + 1} of 3`);
    bestSub.none = Math.min(bestSub.none, (await play(subs, null, false)).ms);
    const g = await play(subs, real, false, GATED);
    bestSub.gated = Math.min(bestSub.gated, g.ms);
    gatedSub ??= g;
    const a = await play(subs, real, false, ALL);
    bestSub.all = Math.min(bestSub.all, a.ms);
    allSub ??= a;
  }
  const mainAll = await play(scenario, real, false, ALL);
  const subCalls = gatedSub!.calls;
  const originPlay = (p: Play, ms: number): OriginPlay => ({
    ms: round(ms),
    usPerCall: round(((ms - bestSub.none) * 1000) / subCalls, 2),
    walks: p.walks,
    submissionWalks: p.walks - p.stacked,
    walksPerSubmission: round((p.walks - p.stacked) / p.submissions, 3),
  });
  const origins: AgentResult['origins'] = {
    rounds,
    calls: subCalls,
    submissions: gatedSub!.submissions,
    noneMs: round(bestSub.none),
    gated: originPlay(gatedSub!, bestSub.gated),
    all: originPlay(allSub!, bestSub.all),
    costRatio: 0,
    main: { submissions: realPlay!.submissions, gatedWalks: realPlay!.walks, allWalks: mainAll.walks, gatedSubmissionWalks: realPlay!.walks - realPlay!.stacked, allSubmissionWalks: mainAll.walks - mainAll.stacked },
  };
  origins.costRatio = round(origins.all.usPerCall / Math.max(0.01, origins.gated.usPerCall), 2);
  const calls = realPlay!.calls;
  const usPer = (ms: number) => round(((ms - best.none) * 1000) / calls, 2);
  const batched = { ms: round(best.real), usPerCall: usPer(best.real), messages: realBytes.messages, events: realBytes.events, bytesPerEvent: round(realBytes.bytes / realBytes.events), problems: realBytes.problems };
  const perEvent = { ms: round(best.variant), usPerCall: usPer(best.variant), messages: variantBytes.messages, events: variantBytes.events, bytesPerEvent: round(variantBytes.bytes / variantBytes.events), problems: variantBytes.problems };
  void variantPlay;
  return {
    calls,
    reads: o.calls,
    none: { ms: round(best.none) },
    batched,
    perEvent,
    costRatio: round(perEvent.usPerCall / batched.usPerCall, 2),
    bytesRatio: round(perEvent.bytesPerEvent / batched.bytesPerEvent, 2),
    jsHot: { ms: round(best.jsHot), usPerCall: usPer(best.jsHot), calls: jsHotPlay!.calls },
    filterRatio: round(usPer(best.jsHot) / batched.usPerCall, 2),
    entries: { filtered: realPlay!.entries, jsHot: jsHotPlay!.entries },
    submissions: realPlay!.submissions,
    origins,
    unrelatedWrites: { writes, noneMs: round(bestLog.none), filteredUs: perWrite(bestLog.real), jsHotUs: perWrite(bestLog.jsHot), ratio: round(perWrite(bestLog.jsHot) / Math.max(0.01, perWrite(bestLog.real)), 2) },
    model: { batched: 0, perEvent: 0, ratio: 0 },
    emitter: { batchedUs: 0, perEventUs: 0, ratio: 0 },
  };
}
