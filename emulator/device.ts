// The emulated Android device: a DeviceLike (host/device/types.ts) that the tracer cannot tell
// from a phone running frida-server. It plays the system server too: it starts app processes
// (zygote), delivers activities, services and broadcasts (possibly into other apps, which is how
// associated starts show up as spawns), enforces what Android enforces on those launches, and runs
// the scenario's timeline on its clock.
import { createHash } from 'node:crypto';
import type {
  ApplicationLike,
  ChildLike,
  CrashLike,
  DeviceLike,
  ProcessLike,
  SessionLike,
  SpawnLike,
  SystemParametersLike,
} from '../host/device/types.js';
import { scheduleActivity, scheduleBindApplication, postToH, H, type ActivityRecordState } from './android/app.js';
import { extrasOf, intentState, intentText, newIntent, putExtras, shortComponent } from './android/content.js';
import { incomingProviderCall } from './android/providers.js';
import { FLAG_EXCLUDE_FROM_RECENTS, taskAffinityName } from './android/pm.js';
import { REQUEST_PERMISSIONS } from './android/app.js';
import { consentComponent } from './android/identity.js';
import type {
  AlarmRecord,
  ClipboardState,
  ComponentDecl,
  DynamicReceiverRecord,
  ExtraValue,
  InstalledPackage,
  JobRecord,
  LaunchRequest,
  Location,
  NetworkStack,
  PendingTarget,
  PrefsFile,
  ProcessStartRecord,
  RunningProcessRecord,
  RunningServiceRecord,
  SystemServer,
} from './android/env.js';
import { SystemServices } from './system.js';
import { FgsStartRestrictions, type FgsAllowance } from './fgs.js';
import { Scheduler, type ClockMode } from './clock.js';
import type { JavaException, JObject } from './java/heap.js';
import type { Call } from './java/model.js';
import type { JavaThread } from './java/threads.js';
import { EmulatedProcess, type ProcessDeath, type ProcessHost } from './process.js';
import { loadScenario, processName, validateScenario } from './scenario/load.js';
import { ScenarioRuntime, type Delivery, type RuntimeHost, type StartReasonName, type TimelineServiceStart } from './scenario/runtime.js';
import type { Scenario } from './scenario/schema.js';
import { buildWorld, type World } from './scenario/world.js';
import { EmulatedSession } from './session.js';
import { SignalSource } from './signal.js';

export interface EmulatedDeviceOptions {
  /** A scenario object or the path of a scenario JSON file. */
  scenario: Scenario | string;
  /** Clock mode; default max speed. */
  mode?: ClockMode;
  /** Real ms a gated spawn may wait before Frida's watchdog resumes everything (Frida 17.16+: 8000). */
  watchdogMs?: number;
  /** Runs the scenario on another API level (24-36) than the one it declares. */
  apiLevel?: number;
  /** Notices (scenario events that could not happen, Java crashes); default: none. */
  log?: (line: string) => void;
  /**
   * The device is reached through frida-gadget embedded in the app, not frida-server: spawn
   * gating is refused as frida-core's gadget refuses it (conformance: frida-core.gadget.noSpawnGating).
   */
  gadget?: boolean;
}

/** frida-core lib/gadget/gadget.vala, ControlServer: enable/disable_spawn_gating and enumerate_pending_spawn throw Error.NOT_SUPPORTED with this text. */
export const GADGET_NOT_SUPPORTED = 'Not possible when embedded';

/** What the scenario run produced, for the CLI (not part of Frida's API). */
export interface ScenarioOutcome {
  /** Virtual ms from the launch to the end. */
  virtualMs: number;
  notices: string[];
}

interface Pending {
  spawn: SpawnLike;
  timer: ReturnType<typeof setTimeout>;
}

interface ChildRecord {
  child: ChildLike;
  parent: EmulatedProcess;
  next: ChildLike | null;
}

const SYSTEM_PROCESSES: [number, string][] = [
  [1, 'init'],
  [612, 'zygote64'],
  [613, 'zygote'],
  [1187, 'system_server'],
  [688, '/system/bin/surfaceflinger'],
  [1642, 'com.android.systemui'],
  [1934, 'com.android.phone'],
  [2208, 'com.android.launcher3'],
];

/** Process.SYSTEM_UID, the system server's uid. */
const SYSTEM_UID = 1000;
const SYSTEM_SERVER_PID = SYSTEM_PROCESSES.find(([, name]) => name === 'system_server')![0];

/** Not delivered to manifest receivers of apps targeting Android 7+ (ConnectivityManager.CONNECTIVITY_ACTION). */
const CONNECTIVITY_ACTION = 'android.net.conn.CONNECTIVITY_CHANGE';

/** Implicit broadcasts apps may still receive through manifest receivers on Android 8+. */
const EXEMPT_BROADCASTS = new Set([
  'android.intent.action.BOOT_COMPLETED',
  'android.intent.action.LOCKED_BOOT_COMPLETED',
  'android.intent.action.LOCALE_CHANGED',
  'android.intent.action.TIMEZONE_CHANGED',
  'android.intent.action.PACKAGE_FULLY_REMOVED',
  'android.intent.action.NEW_OUTGOING_CALL',
]);

/** ActivityManagerConstants.DEFAULT_BACKGROUND_SETTLE_TIME: a uid goes idle this long after leaving the foreground. */
const BACKGROUND_SETTLE_MS = 60_000;
/** ActivityManagerConstants.DEFAULT_TOP_TO_FGS_GRACE_DURATION: foreground-service starts stay allowed this long after leaving the top. */
const TOP_TO_FGS_GRACE_MS = 15_000;
/** ActivityTaskManagerService.ACTIVITY_BG_START_GRACE_PERIOD_MS: activity starts stay allowed this long after one started or finished. */
const ACTIVITY_BG_START_GRACE_MS = 10_000;
/**
 * ActivityManagerConstants.DEFAULT_BOOT_TIME_TEMP_ALLOWLIST_DURATION: how long after a boot
 * broadcast a refused foreground-service start may still have been allowed by the temporary
 * allowlist the emulator does not model; such a refusal fails loudly inside this window.
 */
const BOOT_TEMP_ALLOWLIST_MS = 20_000;
/**
 * AlarmManagerService DEFAULT_ALLOW_WHILE_IDLE_WHITELIST_DURATION (10 s on Android 8-14, the SDK's
 * platform sources): how long a while-idle, exact or alarm-clock alarm's delivery temp-allowlists
 * the app for foreground-service starts (mIdleOptions / mOptsWithFgs). The alarm's type not being
 * modelled, a refusal inside it fails loudly; API 35 and 36, whose AlarmManagerService was not read
 * here, keep the boot window's 20 s, the longer and so the louder.
 */
function alarmTempAllowlistMs(api: number): number {
  return api <= 34 ? 10_000 : BOOT_TEMP_ALLOWLIST_MS;
}
/** Why an alarm's delivery may exempt a foreground-service start the emulator would refuse. */
const ALARM_ALLOWLIST_HINT = 'it was woken by an alarm (while-idle and alarm-clock alarms temp-allowlist foreground-service starts)';
/** Broadcasts after which the system temp-allowlists the receiving app for foreground-service starts. */
const FGS_ALLOWLISTING_BROADCASTS = new Set(['android.intent.action.BOOT_COMPLETED', 'android.intent.action.LOCKED_BOOT_COMPLETED', 'android.intent.action.MY_PACKAGE_REPLACED']);
/** Permissions whose holders may be exempt for reasons the scenario cannot express (a companion association, the user's battery-optimization choice, a privileged grant). */
const FGS_UNMODELLED_EXEMPTION_PERMISSIONS: Readonly<Record<string, string>> = {
  'android.permission.REQUEST_COMPANION_RUN_IN_BACKGROUND': 'a companion-device association (REASON_COMPANION_DEVICE_MANAGER)',
  'android.permission.REQUEST_COMPANION_START_FOREGROUND_SERVICES_FROM_BACKGROUND': 'a companion-device association (REASON_COMPANION_DEVICE_MANAGER)',
  'android.permission.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS': 'the user may have turned battery optimization off for it (the power-save allowlist)',
  'android.permission.START_FOREGROUND_SERVICES_FROM_BACKGROUND': 'the privileged START_FOREGROUND_SERVICES_FROM_BACKGROUND',
  'android.permission.START_ACTIVITIES_FROM_BACKGROUND': 'the privileged START_ACTIVITIES_FROM_BACKGROUND',
};

export class EmulatedDevice implements DeviceLike, SystemServer, NetworkStack {
  readonly id = 'emulated';
  readonly name: string;
  readonly type = 'local';
  readonly spawnAdded = new SignalSource<(spawn: SpawnLike) => void>();
  readonly spawnRemoved = new SignalSource<(spawn: SpawnLike) => void>();
  readonly childAdded = new SignalSource<(child: ChildLike) => void>();
  readonly childRemoved = new SignalSource<(child: ChildLike) => void>();
  readonly processCrashed = new SignalSource<(crash: CrashLike) => void>();
  readonly spawnGatingDisabled = new SignalSource<(reason: any) => void>();
  readonly lost = new SignalSource<() => void>();

  readonly scenario: Scenario;
  readonly scheduler: Scheduler;
  readonly runtime: ScenarioRuntime;
  readonly world: World;
  readonly notices: string[] = [];
  private readonly processes = new Map<number, EmulatedProcess>();
  private readonly sessions = new Map<number, Set<EmulatedSession>>();
  private readonly pending = new Map<number, Pending>();
  private readonly children = new Map<number, ChildRecord>();
  /** Processes created by spawn() and not resumed yet. */
  private readonly spawned = new Set<number>();
  private readonly uiRecords = new Map<string, ActivityRecordState[]>();
  /** When each package last left the foreground (its top activity paused or its main process died). */
  private readonly backgroundSince = new Map<string, number>();
  /** Temporary allowlist: package -> virtual ms until which its uid may start services from the background. */
  private readonly tempAllowlist = new Map<string, number>();
  /** Packages that have had a resumed activity (a uid that never had one stays idle). */
  private readonly everForeground = new Set<string>();
  /** Each service's background foreground-service start record (ActiveServices' ServiceRecord fields). */
  private readonly fgsStarts: FgsStartRestrictions;
  /** Why a package's refused foreground-service start may still be allowed on a phone, and since when (an alarm, a boot broadcast). */
  private readonly fgsTempAllowlistHints = new Map<string, { what: string; at: number; windowMs: number }>();
  /** Packages whose services other apps have bound (their uid may inherit a client's foreground-service start allowance). */
  private readonly boundBy = new Map<string, Set<string>>();
  /** Each package's data (SharedPreferences and files, as far as scenarios use them): survives its processes. */
  private readonly appData = new Map<string, Map<string, unknown>>();
  /**
   * Packages in the stopped state (`am force-stop`): broadcasts skip them (FLAG_EXCLUDE_STOPPED_PACKAGES,
   * the default since Android 3.1) until something starts one of their components explicitly.
   */
  private readonly stoppedPackages = new Set<string>();
  /** The system server's services (clipboard, receivers, alarms, jobs, permission prompts...). */
  readonly services: SystemServices;
  private readonly processHost: ProcessHost;
  private gating = false;
  private readonly gadget: boolean;
  private isGone = false;
  private nextPid = 12345;
  private readonly watchdogMs: number;
  private readonly log: (line: string) => void;
  private started: { t0: number } | null = null;
  private endResolve: ((o: ScenarioOutcome) => void) | null = null;
  private endReject: ((e: Error) => void) | null = null;
  private readonly endPromise: Promise<ScenarioOutcome>;
  private failed: Error | null = null;

  constructor(opts: EmulatedDeviceOptions) {
    this.scenario = typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : validateScenario(opts.scenario);
    if (opts.apiLevel !== undefined && (opts.apiLevel < 24 || opts.apiLevel > 36)) throw new Error(`apiLevel must be 24-36, got ${opts.apiLevel}`);
    this.world = buildWorld(this.scenario, opts.apiLevel);
    this.scheduler = new Scheduler({ epochMs: this.world.epochMs, mode: opts.mode ?? { kind: 'max' } });
    this.scheduler.onError = (e) => this.bug(e);
    this.watchdogMs = opts.watchdogMs ?? 8000;
    this.gadget = opts.gadget === true;
    this.log = opts.log ?? (() => undefined);
    this.services = new SystemServices({
      scheduler: this.scheduler,
      world: this.world,
      alive: () => [...this.processes.values()].filter((p) => p.state !== 'dead'),
      deliver: (d) => this.deliver(d),
      foregroundPackage: () => this.foregroundPackage(),
      dialog: (pkg, showing) => (showing ? this.uiPauseTop(pkg) : this.uiOp(pkg, 'resume')),
      serviceFromPending: (creator, pkg, cls, foreground, reason, senderAllowlists) => this.serviceFromPending(creator, pkg, cls, foreground, reason, senderAllowlists),
      expectForeground: (pkg, cls) => {
        if (this.world.facts.api >= 26) this.expectStartForeground(pkg, cls);
      },
      notice: (t) => this.notice(t),
    });
    this.fgsStarts = new FgsStartRestrictions({
      api: this.world.facts.api,
      now: () => this.scheduler.now,
      allowance: (pkg) => this.fgsAllowance(pkg),
      targetSdk: (pkg) => this.world.packages.get(pkg)?.targetSdk ?? this.world.facts.api,
    });
    this.name = `Emulated ${this.world.facts.model} (Android ${this.world.facts.release}, API ${this.world.facts.api})`;
    const dev = this;
    const runtimeHost: RuntimeHost = {
      scheduler: this.scheduler,
      running: (n) => this.running(n),
      deliver: (d) => this.deliver(d),
      ui: (pkg, op, activity, from) => this.uiOp(pkg, op, activity, from),
      currentActivity: (pkg) => this.currentActivity(pkg),
      crashNative: (p, lib, sig) => this.crashNative(p, lib, sig),
      kill: (p) => p.kill({ reason: 'process-terminated', crash: null }),
      grant: (pkg, perm, g) => this.grant(pkg, perm, g),
      broadcast: (pkg, action, component, reason, allowlistMs) => this.broadcastEntry(pkg, action, component, reason, allowlistMs),
      providerCall: (from, authority, op, method) => this.providerEntry(from, authority, op, method),
      serviceEntry: (st) => this.serviceEntry(st),
      copy: (text) => this.services.setClipboard(text, null, null),
      location: (fix) => this.services.newFix(fix),
      notice: (t) => this.notice(t),
      endScenario: () => undefined,
      appData: (pkg) => this.dataOf(pkg),
    };
    this.processHost = {
      scheduler: this.scheduler,
      device: this.world.facts,
      packages: this.world.packages,
      system: this,
      net: this,
      bootUptimeMs: this.world.bootUptimeMs,
      onDeath: (p, d) => dev.onDeath(p, d),
      onUncaught: (p, t, e) => dev.onUncaught(p, t, e),
      onBug: (p, e) => dev.bug(e, ` in ${p.processName}`),
      exec: (p, argv) => dev.exec(p, argv),
    };
    this.runtime = new ScenarioRuntime(this.scenario, runtimeHost, this.world.facts.api);
    this.endPromise = new Promise((resolve, reject) => {
      this.endResolve = resolve;
      this.endReject = reject;
    });
    this.endPromise.catch(() => undefined);
  }

  // ---- the non-Frida extras -----------------------------------------------------------------

  /** Resolves when the scenario's timeline has played out (rejects on an emulator error). */
  waitForScenarioEnd(): Promise<ScenarioOutcome> {
    return this.endPromise;
  }

  /**
   * Starts the scenario without a Frida spawn: the user taps the launcher icon, or with
   * `{launch: false}` nobody does and only the timeline runs (its broadcasts, services and
   * `launch` entries start processes), for observing self-starts.
   */
  startScenario(opts: { launch?: boolean } = {}): void {
    if (this.started !== null) return;
    this.uiRecords.delete(this.scenario.app.package);
    this.beginTimeline();
    if (opts.launch !== false) this.uiLaunch(this.scenario.app.package);
  }

  /**
   * After the scenario ends the device clock stops (nothing more happens on the device unless the
   * host asks for it); this lets it run `ms` more virtual milliseconds, e.g. so agent timers fire.
   */
  async runFor(ms: number): Promise<void> {
    if (this.started === null) throw new Error('the scenario has not started (spawn and resume the app first)');
    await this.scheduler.runUntil(this.scheduler.now + ms);
  }

  /** Switches between max speed and real time (e.g. 1x for the live dashboard). */
  setClockMode(mode: ClockMode): void {
    this.scheduler.setMode(mode);
  }

  /** Simulates the USB cable being pulled. */
  lose(): void {
    if (this.isGone) return;
    this.isGone = true;
    for (const set of this.sessions.values()) for (const s of [...set]) s.end('device-lost', null);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    setImmediate(() => this.lost.emit());
  }

  /** Stops timers and the clock (a realtime clock's sleep would keep Node alive); the device is unusable afterwards. */
  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.scheduler.stop();
  }

  // ---- what a shell on the device can do (adb), for `sdktrace audit` ---------------------------

  /** `pm clear PKG`: the app's data is deleted and its processes are killed. */
  clearAppData(pkg: string): void {
    this.alive();
    if (!this.world.packages.has(pkg)) throw new Error(`Failed: unknown package ${pkg}`);
    this.forceStop(pkg);
    this.services.forceStopped(pkg);
    this.appData.delete(pkg);
  }

  /** `am force-stop PKG`: processes killed, alarms and jobs cancelled, the package left in the stopped state. */
  forceStopPackage(pkg: string): void {
    this.alive();
    if (!this.world.packages.has(pkg)) throw new Error(`Failed: unknown package ${pkg}`);
    this.forceStop(pkg);
    this.services.forceStopped(pkg);
    this.stoppedPackages.add(pkg);
  }

  isStopped(pkg: string): boolean {
    return this.stoppedPackages.has(pkg);
  }

  /** The HOME key: the launcher comes to the front and the foreground app's top activity pauses. */
  pressHome(): void {
    this.alive();
    const fg = this.foregroundPackage();
    if (fg !== null) this.uiPauseTop(fg);
  }

  /**
   * A broadcast the system itself sends (after a shell command changed the device: Wi-Fi toggled,
   * screen unlocked, a package installed). Manifest receivers hear it only where Android still
   * delivers implicit broadcasts to them: not in stopped packages, on 8+ only exempt actions for
   * apps targeting 26+, CONNECTIVITY_ACTION not at all for apps targeting 24+. Registered
   * receivers of running processes hear it. Returns the packages reached.
   */
  systemBroadcast(action: string, extras: Readonly<Record<string, ExtraValue>> = {}): string[] {
    this.alive();
    const reached = new Set<string>();
    for (const pkg of this.world.packages.values()) {
      if (this.stoppedPackages.has(pkg.package)) continue;
      const target = pkg.targetSdk ?? this.world.facts.api;
      if (target >= 26 && this.world.facts.api >= 26 && !EXEMPT_BROADCASTS.has(action)) continue;
      if (action === CONNECTIVITY_ACTION && target >= 24 && this.world.facts.api >= 24) continue;
      for (const decl of pkg.components.receivers) {
        if (!(decl.actions ?? []).includes(action)) continue;
        this.deliver({ package: pkg.package, kind: 'receiver', component: decl.name, action, reason: 'receiver', extras });
        reached.add(pkg.package);
      }
    }
    for (const pkg of this.services.broadcastDynamic({ action, extras, senderPackage: 'android' }, null)) reached.add(pkg);
    return [...reached];
  }

  /** `am start -n pkg/cls` from the shell (uid 2000): only exported activities may be started. */
  startActivityFromShell(pkg: string, cls: string): void {
    this.alive();
    const info = this.world.packages.get(pkg);
    const decl = info === undefined ? null : this.componentOf(info, 'activity', cls);
    if (info === undefined || decl === null) throw new Error(`Error type 3: Activity class {${pkg}/${cls}} does not exist.`);
    const exported = decl.exported ?? (decl.actions ?? []).length > 0;
    if (!exported) throw new Error(`java.lang.SecurityException: Permission Denial: starting Intent { cmp=${pkg}/${cls} } from null (pid=-1, uid=2000) not exported from uid ${info.uid}`);
    this.deliver({ package: pkg, kind: 'activity', component: cls, action: null, reason: 'activity' });
  }

  private dataOf(pkg: string): Map<string, unknown> {
    let d = this.appData.get(pkg);
    if (d === undefined) {
      d = new Map();
      this.appData.set(pkg, d);
    }
    return d;
  }

  /** A running process by pid (tests and the CLI). */
  process(pid: number): EmulatedProcess | undefined {
    return this.processes.get(pid);
  }

  // ---- DeviceLike -----------------------------------------------------------------------------

  isLost(): boolean {
    return this.isGone;
  }

  private alive(): void {
    if (this.isGone) throw new Error('Device is gone');
  }

  async querySystemParameters(): Promise<SystemParametersLike> {
    this.alive();
    const f = this.world.facts;
    return { os: { id: 'android', name: 'Android', version: f.release }, platform: 'linux', arch: 'arm64', access: 'full', name: f.model, 'api-level': f.api };
  }

  async enumerateProcesses(options: { pids?: number[]; scope?: any } = {}): Promise<ProcessLike[]> {
    this.alive();
    const out: ProcessLike[] = SYSTEM_PROCESSES.map(([pid, name]) => ({ pid, name, parameters: {} }));
    for (const p of this.processes.values()) {
      if (p.state === 'dead') continue;
      const parameters: Record<string, unknown> = {};
      if (options.scope === 'metadata' || options.scope === 'full') Object.assign(parameters, { user: `u0_a${p.uid - 10000}`, ppid: 612, started: new Date(this.world.epochMs + p.startedAt).toISOString() });
      out.push({ pid: p.pid, name: p.processName, parameters });
    }
    for (const c of this.children.values()) out.push({ pid: c.child.pid, name: c.child.path.split('/').pop()!, parameters: {} });
    return options.pids === undefined ? out : out.filter((p) => options.pids!.includes(p.pid));
  }

  async enumerateApplications(options: { identifiers?: string[]; scope?: any } = {}): Promise<ApplicationLike[]> {
    this.alive();
    const out: ApplicationLike[] = [];
    for (const pkg of this.world.packages.values()) {
      if (options.identifiers !== undefined && !options.identifiers.includes(pkg.package)) continue;
      if (pkg.launcher === null && options.identifiers === undefined) continue; // Frida lists launchable apps
      const main = this.running(pkg.package);
      const parameters: Record<string, unknown> = {};
      if (options.scope === 'metadata' || options.scope === 'full') {
        Object.assign(parameters, { version: pkg.versionName, build: String(pkg.versionCode), sources: [pkg.apkPath], 'data-dir': pkg.dataDir, 'target-sdk': pkg.targetSdk, debuggable: false });
      }
      out.push({ identifier: pkg.package, name: pkg.label, pid: main?.pid ?? 0, parameters });
    }
    return out;
  }

  async enableSpawnGating(options: { scope?: any } = {}): Promise<void> {
    this.alive();
    if (this.gadget) throw new Error(GADGET_NOT_SUPPORTED);
    const scope = options.scope ?? 'default';
    if (!['default', 'applications', 'processes'].includes(scope)) throw new Error(`invalid spawn gating scope: ${String(scope)}`);
    this.gating = true;
  }

  async disableSpawnGating(): Promise<void> {
    this.alive();
    if (this.gadget) throw new Error(GADGET_NOT_SUPPORTED);
    if (!this.gating) return;
    this.gating = false;
    this.resumeAllPending();
    setImmediate(() => this.spawnGatingDisabled.emit('application-requested'));
  }

  async enumeratePendingSpawn(): Promise<SpawnLike[]> {
    this.alive();
    if (this.gadget) throw new Error(GADGET_NOT_SUPPORTED);
    return [...this.pending.values()].map((p) => ({ ...p.spawn }));
  }

  async spawn(program: string | string[], options: { aux?: Record<string, unknown>; [k: string]: unknown } = {}): Promise<number> {
    this.alive();
    let target: string;
    if (Array.isArray(program)) {
      if (program.length !== 1) throw new Error("The 'argv' option is not supported when spawning Android apps");
      target = program[0]!;
    } else {
      target = program;
    }
    for (const key of ['argv', 'envp', 'env', 'cwd', 'stdio']) {
      if (options[key] !== undefined) throw new Error(`The '${key}' option is not supported when spawning Android apps`);
    }
    if (target.startsWith('/')) throw new Error('the emulated device spawns installed apps only, not executables');
    const pkg = this.world.packages.get(target);
    if (pkg === undefined) throw new Error(`Unable to find application with identifier '${target}'`);
    const aux = options.aux ?? {};
    // Frida force-stops the package first, then launches it suspended (which ends the stopped state).
    this.forceStop(target);
    this.stoppedPackages.delete(target);
    let delivery: Delivery;
    if (typeof aux.receiver === 'string') {
      delivery = { package: target, kind: 'receiver', component: aux.receiver, action: typeof aux.action === 'string' ? aux.action : null, reason: 'receiver' };
    } else {
      const activity = typeof aux.activity === 'string' ? aux.activity : pkg.launcher;
      if (activity === null) throw new Error(`Unable to find a front-door activity for '${target}'`);
      delivery = { package: target, kind: 'launcher', component: activity, action: 'android.intent.action.MAIN', reason: 'launcher', spawn: true };
    }
    const decl = this.componentOf(pkg, delivery.kind, delivery.component);
    if (decl === null) throw new Error(`Unable to find component ${delivery.component} in '${target}'`);
    if (delivery.kind === 'launcher') this.uiStateChanged(target, true);
    const p = this.startProcess(pkg, processName(target, decl.process), delivery.reason, 'spawn');
    this.services.recordStart(p, delivery, delivery.reason);
    this.deliverTo(p, delivery, true);
    return p.pid;
  }

  async resume(target: number): Promise<void> {
    this.alive();
    const child = this.children.get(target);
    if (child !== undefined) {
      this.resumeChild(child);
      return;
    }
    const p = this.processes.get(target);
    if (p === undefined || p.state !== 'suspended') throw new Error('Invalid PID');
    const pend = this.pending.get(target);
    if (pend !== undefined) {
      clearTimeout(pend.timer);
      this.pending.delete(target);
      this.spawnRemoved.emit({ ...pend.spawn });
    }
    this.spawned.delete(target);
    p.resume();
    this.scheduler.release(`suspended:${target}`);
    if (this.started === null && p.processName === this.scenario.app.package) this.beginTimeline();
  }

  async kill(target: number): Promise<void> {
    this.alive();
    const child = this.children.get(target);
    if (child !== undefined) {
      this.children.delete(target);
      return;
    }
    const p = this.processes.get(target);
    if (p === undefined || p.state === 'dead') throw new Error(`Unable to find process with pid ${target}`);
    p.kill({ reason: 'process-terminated', crash: null });
  }

  async attach(target: number, options: { realm?: any; persistTimeout?: number } = {}): Promise<SessionLike> {
    this.alive();
    if (options.realm !== undefined && options.realm !== 'native') throw new Error(`The '${String(options.realm)}' realm is not available on this device`);
    const p = this.processes.get(target);
    if (p === undefined || p.state === 'dead') {
      if (SYSTEM_PROCESSES.some(([pid]) => pid === target) || this.children.has(target)) throw new Error(`the emulated device runs app processes only; pid ${target} cannot be attached to`);
      throw new Error(`Unable to find process with pid ${target}`);
    }
    const s = new EmulatedSession(p, this.scheduler, (pid) => this.resume(pid), (x) => this.sessions.get(x.pid)?.delete(x));
    let set = this.sessions.get(target);
    if (set === undefined) {
      set = new Set();
      this.sessions.set(target, set);
    }
    set.add(s);
    return s;
  }

  // ---- processes -----------------------------------------------------------------------------

  running(name: string): EmulatedProcess | null {
    for (const p of this.processes.values()) if (p.processName === name && p.state !== 'dead') return p;
    return null;
  }

  private startProcess(pkg: InstalledPackage, name: string, reason: StartReasonName | 'provider', how: 'spawn' | 'system'): EmulatedProcess {
    const pid = this.nextPid;
    this.nextPid += 1 + (createHash('sha1').update(`${name}:${pid}`).digest()[0]! % 7);
    const p = new EmulatedProcess(this.processHost, pid, name, pkg, this.runtime.specsFor(pkg.package), this.runtime.libsFor(pkg.package, pkg.nativeLibraryDir), reason);
    p.dexFiles = this.runtime.dexFilesFor(pkg.package);
    this.processes.set(pid, p);
    // The system server binds the application first, on a binder thread; this waits while suspended.
    p.post(p.binderThread(), 0, () => scheduleBindApplication(p.vm.callFor(p.vm.current)));
    if (how === 'spawn') {
      this.spawned.add(pid);
      this.scheduler.hold(`suspended:${pid}`);
    } else if (this.gating) {
      const spawn = { pid, identifier: name };
      const timer = setTimeout(() => this.watchdog(), this.watchdogMs);
      this.pending.set(pid, { spawn, timer });
      this.scheduler.hold(`suspended:${pid}`);
      this.spawnAdded.emit({ ...spawn });
    } else {
      p.resume();
    }
    return p;
  }

  private watchdog(): void {
    if (this.pending.size === 0 || !this.gating) return;
    this.gating = false;
    this.resumeAllPending();
    this.spawnGatingDisabled.emit('watchdog-timeout');
  }

  private resumeAllPending(): void {
    for (const [pid, pend] of [...this.pending]) {
      clearTimeout(pend.timer);
      this.pending.delete(pid);
      this.spawnRemoved.emit({ ...pend.spawn });
      this.processes.get(pid)?.resume();
      this.scheduler.release(`suspended:${pid}`);
    }
  }

  private forceStop(pkg: string): void {
    for (const p of this.processes.values()) {
      if (p.app.package === pkg && p.state !== 'dead') p.kill({ reason: 'process-terminated', crash: null });
    }
    this.uiRecords.delete(pkg);
  }

  private onDeath(p: EmulatedProcess, death: ProcessDeath): void {
    this.scheduler.release(`suspended:${p.pid}`);
    const pend = this.pending.get(p.pid);
    if (pend !== undefined) {
      clearTimeout(pend.timer);
      this.pending.delete(p.pid);
    }
    this.spawned.delete(p.pid);
    let crash: CrashLike | null = null;
    if (death.crash !== null) {
      crash = { pid: p.pid, processName: p.processName, summary: death.crash.summary, report: death.crash.report, parameters: { signal: death.crash.signal ?? null } };
      this.processCrashed.emit({ ...crash });
    }
    if (p.processName === p.app.package) {
      this.uiRecords.delete(p.app.package);
      if (this.everForeground.has(p.app.package) && !this.backgroundSince.has(p.app.package)) this.backgroundSince.set(p.app.package, this.scheduler.now);
    }
    this.services.processDied(p);
    // Service records go with the process unless a restart is pending (bringDownServiceLocked).
    const stillRunning = new Set(this.services.runningServices().filter((s) => s.package === p.app.package).map((s) => s.className));
    for (const cls of this.fgsStarts.classesOf(p.app.package)) if (!stillRunning.has(cls) && !this.services.restartPending(p.app.package, cls)) this.fgsStarts.destroyed(p.app.package, cls);
    for (const s of [...(this.sessions.get(p.pid) ?? [])]) s.end(death.reason, crash);
    this.sessions.delete(p.pid);
  }

  private onUncaught(p: EmulatedProcess, thread: JavaThread, e: JavaException): void {
    // RuntimeInit's KillApplicationHandler logs the exception and kills the process.
    this.notice(`FATAL EXCEPTION: ${thread.name} in ${p.processName} (pid ${p.pid}): ${e.message}`);
    p.kill({ reason: 'process-terminated', crash: null });
  }

  /**
   * Context.startForegroundService (API 26+): the service must call startForeground soon, or the
   * phone kills the app ("Context.startForegroundService() did not then call
   * Service.startForeground()", ForegroundServiceDidNotStartInTimeException from Android 12) and
   * may show an ANR. That crash, its timeout (five seconds in the Android 8 documentation, ten in
   * later ActiveServices) and its text are not modelled, so a service that has not become a
   * foreground service five seconds after the start stops the run loudly rather than live on
   * as a background service a phone would not keep (ledger android.service.startForegroundTypes).
   */
  private expectStartForeground(pkg: string, className: string): void {
    this.scheduler.schedule(5000, () => {
      if (![...this.processes.values()].some((p) => p.app.package === pkg && p.state !== 'dead')) return;
      const rec = this.services.runningServices().find((s) => s.package === pkg && s.className === className);
      if (rec?.foreground === true) return;
      this.bug(new Error(`emulator: ${pkg}/${className} was started with startForegroundService but did not call startForeground within 5 s; the crash a phone gives then is not modelled`));
    });
  }

  private bug(e: unknown, where = ''): void {
    const err = e instanceof Error ? e : new Error(String(e));
    this.log(`emulator error${where}: ${err.stack ?? err.message}`);
    if (this.failed === null) {
      this.failed = err;
      this.endReject?.(new Error(`emulator error${where}: ${err.message}`));
    }
  }

  private crashNative(p: EmulatedProcess, library: string, signal: string): void {
    const num = signal === 'SIGSEGV' ? 11 : signal === 'SIGBUS' ? 7 : 6;
    const lib = p.natives.modules.find((x) => x.name === library);
    const pc = lib === undefined ? 0 : lib.base + 0x1a2c4;
    const summary = `Signal ${num} (${signal}), code 1, fault addr 0x0 in ${library}`;
    const report = [
      '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***',
      `Build fingerprint: '${this.world.facts.fingerprint}'`,
      `pid: ${p.pid}, tid: ${p.pid}, name: main  >>> ${p.processName} <<<`,
      `signal ${num} (${signal}), code 1, fault addr 0x0000000000000000`,
      'backtrace:',
      `      #00 pc ${(pc - (lib?.base ?? 0)).toString(16).padStart(16, '0')}  ${lib?.path ?? library}`,
    ].join('\n');
    p.kill({ reason: 'process-terminated', crash: { summary, report, signal } });
  }

  private exec(p: EmulatedProcess, argv: readonly string[]): void {
    const path = argv[0] ?? '/system/bin/sh';
    const gated = [...(this.sessions.get(p.pid) ?? [])].some((s) => s.childGating);
    if (!gated) return; // the child runs and exits; nothing to report without child gating
    const pid = this.nextPid++;
    const fork: ChildLike = { pid, parentPid: p.pid, origin: 'fork', identifier: p.processName, path: '/system/bin/app_process64', argv: [], envp: [] };
    const exec: ChildLike = { pid, parentPid: p.pid, origin: 'exec', identifier: path.split('/').pop()!, path, argv: [...argv], envp: [] };
    this.children.set(pid, { child: fork, parent: p, next: exec });
    this.childAdded.emit({ ...fork });
  }

  private resumeChild(rec: ChildRecord): void {
    this.children.delete(rec.child.pid);
    this.childRemoved.emit({ ...rec.child });
    if (rec.next !== null && [...(this.sessions.get(rec.parent.pid) ?? [])].some((s) => s.childGating)) {
      this.children.set(rec.next.pid, { child: rec.next, parent: rec.parent, next: null });
      this.childAdded.emit({ ...rec.next });
    }
  }

  // ---- the system server: launches ----------------------------------------------------------------

  private componentOf(pkg: InstalledPackage, kind: Delivery['kind'] | LaunchRequest['via'], cls: string): ComponentDecl | null {
    const list =
      kind === 'launcher' || kind === 'activity'
        ? pkg.components.activities
        : kind === 'receiver' || kind === 'broadcast' || kind === 'ordered-broadcast' || kind === 'sticky-broadcast'
          ? pkg.components.receivers
          : kind === 'provider'
            ? pkg.components.providers
            : pkg.components.services;
    return list.find((c) => c.name === cls) ?? null;
  }

  /** Delivers a component into its process, starting the process (with `reason`) when needed. */
  private deliver(d: Delivery): void {
    const pkg = this.world.packages.get(d.package);
    if (pkg === undefined) {
      this.notice(`no package ${d.package} is installed`);
      return;
    }
    const decl = this.componentOf(pkg, d.kind, d.component);
    if (decl === null) {
      this.notice(`${d.package} declares no ${d.kind} ${d.component}`);
      return;
    }
    if (this.stoppedPackages.has(d.package)) {
      // Broadcasts skip stopped packages; an explicit start of a component takes it out of that state.
      if (d.kind === 'receiver') {
        this.notice(`broadcast ${d.action ?? d.component} not delivered to ${d.package}: the package is stopped (force-stopped)`);
        return;
      }
      this.stoppedPackages.delete(d.package);
    }
    if ((d.kind === 'service' || d.kind === 'bind' || d.kind === 'job') && d.caller === undefined) this.recordSystemServiceStart(d);
    if (d.reason === 'alarm' || (d.kind === 'receiver' && FGS_ALLOWLISTING_BROADCASTS.has(d.action ?? ''))) {
      this.fgsTempAllowlistHints.set(d.package, d.reason === 'alarm' ? { what: ALARM_ALLOWLIST_HINT, at: this.scheduler.now, windowMs: alarmTempAllowlistMs(this.world.facts.api) } : { what: `it received ${d.action} (the system temp-allowlists the receiver)`, at: this.scheduler.now, windowMs: BOOT_TEMP_ALLOWLIST_MS });
    }
    const name = processName(d.package, decl.process);
    // An activity launch makes the app the top app before its process even runs (its uid is
    // active from then on: ActivityTaskManagerService sets PROCESS_STATE_TOP for the launch).
    if (d.kind === 'launcher' || d.kind === 'activity') this.uiStateChanged(d.package, true);
    let p = this.running(name);
    const cold = p === null;
    if (p === null) {
      p = this.startProcess(pkg, name, d.reason, 'system');
      this.services.recordStart(p, d, d.reason);
    }
    this.deliverTo(p, d, cold);
  }

  private deliverTo(p: EmulatedProcess, d: Delivery, _cold: boolean): void {
    p.post(p.binderThread(), 0, () => {
      const c = p.vm.callFor(p.vm.current);
      const intent = newIntent(c, { action: d.action, component: { package: d.package, class: d.component } });
      putExtras(c, intent, d.extras ?? {});
      if (d.kind === 'launcher') {
        // The launcher's tap: MAIN/LAUNCHER with NEW_TASK|RESET_TASK_IF_NEEDED. Frida's spawn starts
        // getLaunchIntentForPackage's intent instead: MAIN/LAUNCHER, the package, NEW_TASK.
        c.call(intent, 'addCategory', ['java.lang.String'], ['android.intent.category.LAUNCHER']);
        if (d.spawn === true) c.call(intent, 'setPackage', ['java.lang.String'], [d.package]);
        c.call(intent, 'setFlags', ['int'], [d.spawn === true ? 0x10000000 : 0x10200000]);
      }
      switch (d.kind) {
        case 'provider': {
          const call = d.provider;
          // The caller gets the provider once the process has published it (installProviders in
          // bindApplication): a cold process answers after its bind.
          if (c.env.singletons.get('app.providers') === undefined) {
            p.post(p.binderThread(), 5, () => this.deliverTo(p, d, _cold));
            return;
          }
          if (call !== undefined && call.op !== null) {
            const from = this.world.packages.get(call.from);
            incomingProviderCall(c, call.authority, call.op, { package: call.from, uid: from?.uid ?? 10_999 }, call.method);
          }
          break;
        }
        case 'launcher':
        case 'activity': {
          const records = this.records(d.package);
          const prev = records[records.length - 1];
          if (prev !== undefined && prev.resumed) scheduleActivity(c, 'pause', prev);
          const rec: ActivityRecordState = { className: d.component, intent, activity: null, resumed: false };
          const info = this.world.packages.get(d.package);
          const decl = info === undefined ? undefined : this.componentOf(info, 'activity', d.component);
          if (decl?.persistable === true) rec.persistable = true;
          // The resolved ActivityInfo (PackageParser.parseActivity): theme, FLAG_EXCLUDE_FROM_RECENTS, taskAffinity.
          const ai = componentInfo(c, 'android.content.pm.ActivityInfo', d);
          c.set(ai, 'theme', decl?.theme ?? 0);
          c.set(ai, 'flags', decl?.excludeFromRecents === true ? FLAG_EXCLUDE_FROM_RECENTS : 0);
          c.set(ai, 'taskAffinity', taskAffinityName(d.package, decl?.taskAffinity));
          rec.info = ai;
          records.push(rec);
          scheduleActivity(c, 'launch', rec);
          scheduleActivity(c, 'resume', rec);
          break;
        }
        case 'receiver': {
          const data = c.newObject('android.app.ActivityThread$ReceiverData');
          c.set(data, 'intent', intent);
          c.set(data, 'info', componentInfo(c, 'android.content.pm.ActivityInfo', d));
          postToH(c, H.RECEIVER, data);
          break;
        }
        case 'service':
        case 'bind':
        case 'job': {
          const created = (p.singletons.get('app.services') as Map<string, JObject> | undefined)?.has(d.component) === true;
          this.services.serviceStarted(p, d.component);
          if (!created) {
            const data = c.newObject('android.app.ActivityThread$CreateServiceData');
            const info = componentInfo(c, 'android.content.pm.ServiceInfo', d);
            const decl = this.componentOf(p.app, 'service', d.component);
            if (decl?.permission !== undefined) c.set(info, 'permission', decl.permission);
            c.set(data, 'info', info);
            if (c.api >= 29) c.set(data, 'intent', intent);
            postToH(c, H.CREATE_SERVICE, data);
          }
          if (d.kind === 'job') {
            // The job scheduler binds the JobService, then starts the job on its main thread.
            const b = c.newObject('android.app.ActivityThread$BindServiceData');
            c.set(b, 'intent', intent);
            postToH(c, H.BIND_SERVICE, b);
            const jobId = d.jobId ?? 0;
            p.post(p.mainThread, 1, () => {
              const cc = p.vm.callFor(p.vm.current);
              const svc = (p.singletons.get('app.services') as Map<string, JObject> | undefined)?.get(d.component);
              if (svc === undefined || !cc.vm.isInstance(svc, cc.vm.bootClass('android.app.job.JobService'))) return;
              const params = cc.vm.alloc(cc.vm.bootClass('android.app.job.JobParameters'));
              params.native = { id: jobId };
              cc.call(svc, 'onStartJob', ['android.app.job.JobParameters'], [params]);
            });
          } else if (d.kind === 'service') {
            const args = c.newObject('android.app.ActivityThread$ServiceArgsData');
            // START_STICKY restarts pass a null intent; START_REDELIVER_INTENT the last one.
            if (d.restart === 'sticky') args.native = { service: d.component };
            c.set(args, 'args', d.restart === 'sticky' ? null : intent);
            postToH(c, H.SERVICE_ARGS, args);
          } else {
            const b = c.newObject('android.app.ActivityThread$BindServiceData');
            c.set(b, 'intent', intent);
            postToH(c, H.BIND_SERVICE, b);
          }
          break;
        }
      }
    });
  }

  private records(pkg: string): ActivityRecordState[] {
    let r = this.uiRecords.get(pkg);
    if (r === undefined) {
      r = [];
      this.uiRecords.set(pkg, r);
    }
    return r;
  }

  /** SystemServer.launch: an app's startActivity/startService/bindService/sendBroadcast. */
  launch(req: LaunchRequest): string[] {
    const caller = [...this.processes.values()].find((p) => p.pid === req.callerPid)!;
    const c: Call = caller.vm.callFor(caller.vm.current);
    const st = req.intent === null ? null : intentState(req.intent, caller.vm);
    const text = st === null ? 'Intent { }' : intentText(st);
    // The permission dialog is the permission controller's activity: the system handles it.
    if (req.via === 'activity' && req.action === REQUEST_PERMISSIONS) return [req.package ?? 'android'];
    // So is SystemUI's screen-capture consent dialog (its answer: identity.ts awaitScreenCaptureConsent).
    if (req.via === 'activity' && req.component !== null) {
      const consent = consentComponent(this.world.facts.api);
      if (req.component.package === consent.package && req.component.class === consent.class) return [consent.package];
    }
    // Background activity starts (API 29+): ActivityStarter.shouldAbortBackgroundActivityStart
    // aborts the start (START_ABORTED, no exception: Instrumentation.checkStartActivityResult
    // ignores it); the caller is told nothing and nothing starts.
    if (req.via === 'activity' && this.world.facts.api >= 29 && !this.backgroundActivityStartAllowed(req.callerPackage)) {
      this.log(`Abort background activity start of ${text} from ${req.callerPackage}`);
      return [];
    }
    const broadcast = req.via === 'broadcast' || req.via === 'ordered-broadcast' || req.via === 'sticky-broadcast';
    const isService = req.via === 'service' || req.via === 'foreground-service' || req.via === 'bind';
    const targets: { pkg: InstalledPackage; decl: ComponentDecl }[] = [];
    if (req.component !== null) {
      const pkg = this.world.packages.get(req.component.package);
      const decl = pkg === undefined ? null : this.componentOf(pkg, req.via, req.component.class);
      if (pkg === undefined || decl === null) {
        if (req.via === 'activity') {
          c.throwNew('android.content.ActivityNotFoundException', `Unable to find explicit activity class {${req.component.package}/${req.component.class}}; have you declared this activity in your AndroidManifest.xml?`);
        }
        this.notice(`${req.callerPackage}: ${req.via} ${text} not found`);
        return [];
      }
      targets.push({ pkg, decl });
    } else {
      if (isService) c.throwNew('java.lang.IllegalArgumentException', `Service Intent must be explicit: ${text}`);
      const pkgs = req.package !== null ? [this.world.packages.get(req.package)].filter((x): x is InstalledPackage => x !== undefined) : [...this.world.packages.values()];
      for (const pkg of pkgs) {
        const list = req.via === 'activity' ? pkg.components.activities : pkg.components.receivers;
        for (const decl of list) if (req.action !== null && (decl.actions ?? []).includes(req.action)) targets.push({ pkg, decl });
      }
      // Android 8+: implicit broadcasts reach other apps' manifest receivers only for exempt actions.
      if (broadcast && req.package === null && this.world.facts.api >= 26 && !EXEMPT_BROADCASTS.has(req.action ?? '')) {
        const kept = targets.filter((t) => t.pkg.package === req.callerPackage);
        targets.length = 0;
        targets.push(...kept);
      }
      if (req.via === 'activity' && targets.length === 0) c.throwNew('android.content.ActivityNotFoundException', `No Activity found to handle ${text}`);
    }
    const reached = new Set<string>();
    const extras: Record<string, ExtraValue> = st === null ? {} : extrasOf(st);
    for (const { pkg, decl } of targets) {
      const other = pkg.package !== req.callerPackage;
      const exported = decl.exported ?? (decl.actions !== undefined && decl.actions.length > 0);
      if (other && !exported) {
        if (broadcast) continue;
        c.throwNew('java.lang.SecurityException', `Not allowed to ${req.via === 'activity' ? 'start activity' : req.via === 'bind' ? 'bind to service' : 'start service'} ${text} without permission`);
      }
      const api = this.world.facts.api;
      // startServiceLocked and bindServiceLocked record the caller's foreground-service start
      // allowance (setFgsRestrictionLocked) before any of their refusals.
      if (isService) this.fgsStarts.started(pkg.package, decl.name, req.callerPackage);
      // Background execution limits: ContextImpl.startServiceCommon throws ActiveServices' "?"
      // answer as IllegalStateException (API 31+: BackgroundServiceStartNotAllowedException, an
      // IllegalStateException).
      const inBackground = req.via === 'service' ? this.backgroundStartRefusal(pkg, decl.name) : null;
      if (inBackground !== null) c.throwNew(api >= 31 ? 'android.app.BackgroundServiceStartNotAllowedException' : 'java.lang.IllegalStateException', `Not allowed to start service ${text}: ${inBackground}`);
      // Foreground-service starts from the background (API 31+, the service's app and the caller
      // targeting 31+): the start's record (setFgsRestrictionLocked, kept for startForeground) decides.
      if (req.via === 'foreground-service') {
        const refusal = this.fgsStarts.startForegroundServiceRefusal(pkg.package, decl.name);
        if (refusal !== null) c.throwNew('android.app.ForegroundServiceStartNotAllowedException', refusal);
      }
      if (req.via === 'bind' && other) {
        const clients = this.boundBy.get(pkg.package) ?? new Set<string>();
        this.boundBy.set(pkg.package, clients.add(req.callerPackage));
      }
      const kind: Delivery['kind'] = req.via === 'activity' ? 'activity' : broadcast ? 'receiver' : req.via === 'bind' ? 'bind' : 'service';
      const reason: StartReasonName = kind === 'activity' ? 'activity' : kind === 'receiver' ? 'receiver' : 'service';
      this.deliver({ package: pkg.package, kind, component: decl.name, action: req.action, reason, extras, caller: req.callerPackage });
      if (req.via === 'foreground-service' && api >= 26) this.expectStartForeground(pkg.package, decl.name);
      if (kind === 'activity' && other) this.uiPauseTop(req.callerPackage);
      reached.add(pkg.package);
    }
    // Receivers registered at run time hear every matching broadcast of their own package, and
    // other apps' ones when exported (implicit-broadcast limits apply to manifest receivers only).
    if (broadcast && req.component === null && req.action !== null) {
      for (const pkg of this.services.broadcastDynamic({ action: req.action, extras, senderPackage: req.callerPackage }, req.package)) reached.add(pkg);
    }
    return [...reached];
  }

  // ---- SystemServer: the services app processes ask ------------------------------------------------

  processStarts(pkg: string): ProcessStartRecord[] {
    return this.services.processStarts(pkg);
  }

  runningProcesses(): RunningProcessRecord[] {
    const fg = this.foregroundPackage();
    const services = this.services.runningServices();
    return [...this.processes.values()]
      .filter((p) => p.state !== 'dead')
      .map((p) => {
        const fgService = services.some((sv) => sv.pid === p.pid && sv.foreground);
        const importance = fg === p.app.package && p.processName === p.app.package ? 100 : fgService ? 125 : services.some((sv) => sv.pid === p.pid) ? 300 : 400;
        return { pid: p.pid, uid: p.uid, processName: p.processName, package: p.app.package, importance };
      });
  }

  runningServices(): RunningServiceRecord[] {
    return this.services.runningServices();
  }

  foregroundPackage(): string | null {
    for (const [pkg, recs] of this.uiRecords) {
      const top = recs[recs.length - 1];
      if (top?.resumed === true && this.running(pkg) !== null) return pkg;
    }
    return null;
  }

  get clipboard(): ClipboardState {
    return this.services.clipboard;
  }

  setClipboard(text: string, label: string | null, source: string | null): void {
    this.services.setClipboard(text, label, source);
  }

  addClipListener(pid: number, fn: () => void): void {
    this.services.addClipListener(pid, fn);
  }

  registerReceiver(r: DynamicReceiverRecord): void {
    this.services.registerReceiver(r);
  }

  unregisterReceiver(pid: number, token: unknown): boolean {
    return this.services.unregisterReceiver(pid, token);
  }

  setAlarm(a: AlarmRecord): void {
    this.services.setAlarm(a);
  }

  samePending(t: PendingTarget): boolean {
    return this.services.samePending(t);
  }

  cancelPending(t: PendingTarget): void {
    this.services.cancelPending(t);
  }

  sendPending(t: PendingTarget, extras: Readonly<Record<string, ExtraValue>>): void {
    this.services.sendPending(t, extras);
  }

  scheduleJob(j: JobRecord): void {
    this.services.scheduleJob(j);
  }

  cancelJob(pkg: string, id: number): void {
    this.services.cancelJob(pkg, id);
  }

  cancelAlarmListener(token: unknown): void {
    this.services.cancelAlarmListener(token);
  }

  cancelAllJobs(pkg: string): void {
    this.services.cancelAllJobs(pkg);
  }

  sharedPrefsFile(pkg: string, name: string): PrefsFile {
    // /data/data/<pkg>/shared_prefs/<name>.xml, kept with the package's other data.
    const data = this.dataOf(pkg);
    const key = `shared_prefs/${name}.xml`;
    let file = data.get(key) as PrefsFile | undefined;
    if (file === undefined) {
      file = new Map();
      data.set(key, file);
    }
    return file;
  }

  requestPermissions(pkg: string, permissions: readonly string[]): boolean[] {
    return this.services.requestPermissions(pkg, permissions);
  }

  addLocationListener(pid: number, fn: (fix: Location) => void): void {
    this.services.addLocationListener(pid, fn);
  }

  activityFinished(pkg: string, activity: JObject): void {
    const recs = this.uiRecords.get(pkg);
    if (recs === undefined) return;
    const i = recs.findIndex((r) => r.activity === activity);
    if (i < 0) return;
    const [rec] = recs.splice(i, 1);
    const p = this.running(pkg);
    // A finished activity that was never resumed leaves the app where it was: if nothing else of
    // it is on screen, it is in the background from now on (the launch made it top only briefly).
    if (!rec!.resumed && this.foregroundPackage() !== pkg) this.uiStateChanged(pkg, false);
    else if (rec!.resumed) {
      rec!.resumed = false;
      if (p !== null) p.post(p.binderThread(), 0, () => scheduleActivity(p.vm.callFor(p.vm.current), 'pause', { ...rec!, resumed: true }));
    }
    // Then the system destroys it (the app side: ActivityThread.handleDestroyActivity ->
    // performDestroyActivity -> Instrumentation.callActivityOnDestroy): a destroy transaction
    // queued behind the pause and behind whatever the main thread already has queued (a next
    // activity's launch and resume requested before the finish). Android destroys a finishing
    // activity once the next one reports idle, or after ActivityTaskSupervisor.IDLE_TIMEOUT
    // (10 s); the emulator does not wait for idle, so an app that finishes before it starts the
    // next activity sees onDestroy earlier than on a phone (conformance: android.activity.destroy-after-finish).
    if (p !== null) p.post(p.binderThread(), 0, () => scheduleActivity(p.vm.callFor(p.vm.current), 'destroy', rec!));
  }

  uidTop(pkg: string): boolean {
    if (this.foregroundPackage() === pkg) return true;
    const alive = [...this.processes.values()].some((p) => p.app.package === pkg && p.state !== 'dead');
    return alive && this.everForeground.has(pkg) && !this.backgroundSince.has(pkg);
  }

  uiStateChanged(pkg: string, resumed: boolean): void {
    if (resumed) this.backgroundSince.delete(pkg);
    else this.backgroundSince.set(pkg, this.scheduler.now);
    if (resumed) this.everForeground.add(pkg);
  }

  /**
   * Whether the package's uid is idle, so Android refuses to start its services from the
   * background (API 26+). A UidRecord starts idle (UidRecord constructor) and stays idle while
   * its processes are in background states (a receiver, a started service: OomAdjuster,
   * ActivityManager.isProcStateBackground); it becomes active with a resumed activity or a
   * foreground service, and idle again BACKGROUND_SETTLE_TIME (60 s) after leaving them
   * (ActivityManagerService.idleUids). No process: no record, idle. Temporary allowlists are
   * modelled for broadcasts whose sender gives one (scenario `allowlistMs`: high-priority FCM);
   * others (boot, notification PendingIntents) are not, and such starts are refused here.
   */
  uidIdle(pkg: string): boolean {
    // A temp-allowlisted uid may start services (ActivityManagerService.getAppStartModeLOSP ->
    // isOnDeviceIdleAllowlistLOSP, which includes mPendingTempAllowlist / the DeviceIdle temp list).
    if (this.tempAllowlisted(pkg)) return false;
    const alive = [...this.processes.values()].some((p) => p.app.package === pkg && p.state !== 'dead');
    if (!alive) return true;
    if (this.foregroundPackage() === pkg || this.services.runningServices().some((s) => s.package === pkg && s.foreground)) return false;
    if (!this.everForeground.has(pkg)) return true;
    // Top since the launch and not left since (the activity may not have resumed yet).
    const since = this.backgroundSince.get(pkg);
    return since !== undefined && this.scheduler.now - since >= BACKGROUND_SETTLE_MS;
  }

  /**
   * Whether a package may start a foreground service now (API 31+, apps targeting 31+;
   * ActiveServices.shouldAllowFgsStartForegroundLocked): with a visible activity, within
   * TOP_TO_FGS_GRACE_DURATION (15 s) of leaving it, on a sender's temporary allowlist (high-priority
   * push), with a foreground service running, or with SYSTEM_ALERT_WINDOW. Exemptions that are not
   * modelled but may apply make a refusal fail loudly (fgsAllowance, emulator/fgs.ts).
   */
  private fgsStartAllowed(pkg: string): boolean {
    if (this.foregroundPackage() === pkg) return true;
    // Temp allowlist of type TEMPORARY_ALLOW_LIST_TYPE_FOREGROUND_SERVICE_ALLOWED (what
    // BroadcastOptions.setTemporaryAppAllowlist senders such as high-priority FCM use):
    // ActiveServices.shouldAllowFgsStartForegroundNoBindingCheckLocked, REASON_TEMP_ALLOWED_WHILE_IN_USE / mFgsStartTempAllowList.
    if (this.tempAllowlisted(pkg)) return true;
    if (this.services.runningServices().some((s) => s.package === pkg && s.foreground)) return true;
    const since = this.backgroundSince.get(pkg);
    if (this.everForeground.has(pkg) && (since === undefined || this.scheduler.now - since < TOP_TO_FGS_GRACE_MS)) return true;
    return this.world.packages.get(pkg)?.permissions['android.permission.SYSTEM_ALERT_WINDOW'] === true;
  }

  /**
   * fgsStartAllowed, and when it refuses, whether an exemption the emulator does not model could
   * still allow the start on a phone (shouldAllowFgsStartForegroundLocked's other reasons): then
   * the refusal is not the emulator's to make (fgs.ts fails loudly).
   */
  private fgsAllowance(pkg: string): FgsAllowance {
    if (this.fgsStartAllowed(pkg)) return { allowed: true, unmodelled: null };
    const perms = this.world.packages.get(pkg)?.permissions ?? {};
    const held = Object.keys(FGS_UNMODELLED_EXEMPTION_PERMISSIONS).find((p) => perms[p] === true);
    if (held !== undefined) return { allowed: false, unmodelled: `${pkg} holds ${held}: ${FGS_UNMODELLED_EXEMPTION_PERMISSIONS[held]!}` };
    const hint = this.fgsTempAllowlistHints.get(pkg);
    if (hint !== undefined && this.scheduler.now - hint.at < hint.windowMs) return { allowed: false, unmodelled: `${pkg}: ${hint.what}` };
    const alive = new Set([...this.processes.values()].filter((p) => p.state !== 'dead').map((p) => p.app.package));
    const client = [...(this.boundBy.get(pkg) ?? [])].find((c) => alive.has(c));
    if (client !== undefined) return { allowed: false, unmodelled: `${client} has bound a service of ${pkg} (a client's allowance propagates over the binding: REASON_FGS_BINDING)` };
    return { allowed: false, unmodelled: null };
  }

  /** A service start or bind the system made (not an app's startService/bindService): its caller is unknown. */
  private recordSystemServiceStart(d: Delivery): void {
    const why =
      d.restart !== undefined ? `${d.package}/${d.component} was restarted by the system without an earlier start record`
      : d.kind === 'job' ? 'the job scheduler bound the JobService (the system as caller; whether that allowance carries to startForeground is not cited)'
      : d.reason === 'alarm' ? 'the timeline says an alarm started it (neither the PendingIntent\'s creator nor the alarm\'s temporary allowlist is known)'
      : `the timeline started it (reason ${d.reason}) without saying who the caller is (a timeline service entry's "from" says it)`;
    this.fgsStarts.startedBySystem(d.package, d.component, why, d.restart !== undefined);
  }

  /**
   * ActiveServices.startServiceLocked's background execution limit (API 26+, the service's app
   * targeting 26+, its own services too) for a plain start, whoever asks: a service not already
   * started (!r.startRequested) whose uid is idle (getAppStartModeLOSP; uidIdle) is not started,
   * and the answer is ComponentName("?", "app is in background uid " + uidRec). Returns that
   * text, or null when the start goes ahead.
   */
  private backgroundStartRefusal(pkg: InstalledPackage, className: string): string | null {
    const api = this.world.facts.api;
    if (api < 26 || (pkg.targetSdk ?? api) < 26 || this.services.restartPending(pkg.package, className) || !this.uidIdle(pkg.package)) return null;
    const alive = [...this.processes.values()].filter((p) => p.app.package === pkg.package && p.state !== 'dead').length;
    return `app is in background uid ${alive === 0 ? 'null' : `UidRecord{u0a${pkg.uid - 10_000} idle procs:${alive}}`}`;
  }

  /**
   * A service PendingIntent sent (an alarm's, or the app's own PendingIntent.send()):
   * PendingIntentRecord.sendInner calls startServiceInPackage with the creator's identity, so the
   * start records the creator's foreground-service allowance (an alarm's temporary allowlist, not
   * modelled, counts as a possible exemption for that). A plain service start meets the same
   * background limit as Context.startService, but sendInner ignores startServiceInPackage's "?"
   * answer: nothing is thrown at the sender, ActiveServices logs "Background start not allowed"
   * and the service does not start. sendInner temp-allowlists a plain service start only for a
   * notification's allowlist token (not modelled: the emulator has no SystemUI sending), never
   * from the sender's BroadcastOptions (Android 8-11: sendInner reads the options for activities
   * only; Android 12-14 and main: for a getForegroundService PendingIntent only), so the options a
   * while-idle or alarm-clock alarm sends do not let a plain service start; Android 15, whose
   * platform sources were not read, fails loudly there.
   * On Android 12+ a foreground-service PendingIntent that the modelled exemptions refuse fails
   * loudly: the sender's allowlist may exempt it, and what sendInner does with a refusal is not
   * modelled either. Returns false when the service must not start.
   */
  private serviceFromPending(creator: string, pkg: string, className: string, foreground: boolean, reason: StartReasonName, senderAllowlists: boolean): boolean {
    if (reason === 'alarm') this.fgsTempAllowlistHints.set(creator, { what: ALARM_ALLOWLIST_HINT, at: this.scheduler.now, windowMs: alarmTempAllowlistMs(this.world.facts.api) });
    this.fgsStarts.started(pkg, className, creator);
    if (!foreground) {
      const installed = this.world.packages.get(pkg);
      const inBackground = installed === undefined ? null : this.backgroundStartRefusal(installed, className);
      if (inBackground === null) return true;
      if (senderAllowlists && this.world.facts.api === 35) {
        this.bug(new Error(`emulator: an alarm sent with a temporary allowlist in its options (while-idle or alarm clock) starts ${pkg}/${className} through a service PendingIntent of ${creator} while the app is in the background on API 35: Android 8-14 and main ignore those options for a plain service PendingIntent (refused), Android 15's PendingIntentRecord is not read; refusing or allowing would be a guess`));
        return false;
      }
      const creatorUid = this.world.packages.get(creator)?.uid ?? -1;
      this.log(`Background start not allowed: service ${shortComponent(pkg, className)} from pid=-1 uid=${creatorUid} pkg=${creator} (a PendingIntent; ${inBackground})`);
      return false;
    }
    if (this.fgsStarts.startForegroundServiceRefusal(pkg, className) === null) return true;
    this.bug(new Error(`emulator: a foreground-service PendingIntent of ${creator} would start ${pkg}/${className} from the background on Android 12+, refused by every exemption the emulator models; what the system server does with that refusal is not modelled`));
    return false;
  }

  /** SystemServer: what Service.startForeground's background check throws (null: allowed). */
  startForegroundRefusal(pkg: string, className: string, types: number): string | null {
    return this.fgsStarts.startForegroundRefusal(pkg, className, types);
  }

  /**
   * Exemptions of ActivityStarter.shouldAbortBackgroundActivityStart (API 29) the emulator models:
   * the caller is the foreground app, an activity of it started or finished within
   * ACTIVITY_BG_START_GRACE_PERIOD_MS (10 s: ActivityTaskManagerService), or it holds
   * SYSTEM_ALERT_WINDOW. Not modelled (blocked here): PendingIntents sent by a foreground app,
   * bound by a visible app, companion devices, device owners.
   */
  private backgroundActivityStartAllowed(pkg: string): boolean {
    if (this.foregroundPackage() === pkg) return true;
    const since = this.backgroundSince.get(pkg);
    if (this.everForeground.has(pkg) && (since === undefined || this.scheduler.now - since < ACTIVITY_BG_START_GRACE_MS)) return true;
    return this.world.packages.get(pkg)?.permissions['android.permission.SYSTEM_ALERT_WINDOW'] === true;
  }

  /** Whether the package's uid is on the temporary allowlist now. */
  private tempAllowlisted(pkg: string): boolean {
    const until = this.tempAllowlist.get(pkg);
    return until !== undefined && this.scheduler.now < until;
  }

  serviceStartResult(pkg: string, className: string, result: number, intent: JObject | null): void {
    const p = this.running(pkg) ?? [...this.processes.values()].find((x) => x.app.package === pkg && x.state !== 'dead');
    const action = intent === null || p === undefined || p === null ? null : intentState(intent, p.vm).action;
    this.services.serviceStartResult(pkg, className, result, action);
  }

  serviceStopped(pkg: string, className: string): void {
    this.services.serviceStopped(pkg, className);
    this.fgsStarts.destroyed(pkg, className);
  }

  setForeground(pkg: string, className: string, foreground: boolean, types = 0): void {
    // Entering the foreground counts (mStartForegroundCount); leaving it resets the start record (resetFgsRestrictionLocked).
    const wasForeground = this.services.runningServices().some((s) => s.package === pkg && s.className === className && s.foreground);
    if (foreground && !wasForeground) this.fgsStarts.enteredForeground(pkg, className);
    if (!foreground && wasForeground) this.fgsStarts.stoppedForeground(pkg, className);
    this.services.setForeground(pkg, className, foreground, types);
  }

  hasForegroundServiceOfType(uid: number, type: number): boolean {
    return this.services.hasForegroundServiceOfType(uid, type);
  }

  screenCaptureConsent(pkg: string): boolean {
    return this.services.screenCaptureConsent(pkg);
  }

  get mediaProjection(): { current: object | null; readonly tokens: Map<number, Set<object>> } {
    return this.services.mediaProjection;
  }

  providerFor(authority: string): { package: string; decl: ComponentDecl } | null {
    for (const pkg of this.world.packages.values()) {
      const decl = pkg.components.providers.find((x) => x.authority === authority);
      if (decl !== undefined) return { package: pkg.package, decl };
    }
    return null;
  }

  touchProvider(callerPackage: string, authority: string, call?: { op: 'query' | 'call' | 'insert'; method: string | null }): boolean {
    const hit = this.providerFor(authority);
    if (hit === null) return false;
    if (hit.decl.exported === false && hit.package !== callerPackage) return false;
    // Acquiring another app's provider starts its process (the "provider" start reason); the
    // call itself then reaches the provider (ContentProviderHelper.getContentProviderImpl, then
    // the Transport call with the caller's identity), as a timeline provider entry does.
    this.deliver({ package: hit.package, kind: 'provider', component: hit.decl.name, action: null, reason: 'provider', provider: { authority, op: call?.op ?? null, from: callerPackage, method: call?.method ?? null } });
    return true;
  }

  get syncAutomatically(): Map<string, boolean> {
    return this.services.syncAutomatically;
  }

  /** A timeline broadcast: manifest receivers declaring the action, and dynamic receivers that registered it. */
  private broadcastEntry(pkg: string, action: string, component: string | null, reason: StartReasonName, allowlistMs?: number): void {
    const info = this.world.packages.get(pkg);
    const target = component ?? info?.components.receivers.find((r) => (r.actions ?? []).includes(action))?.name ?? null;
    const dynamic = component === null && this.services.hasDynamicReceiver(pkg, action);
    if (target === null && !dynamic) {
      this.notice(`broadcast ${action}: no receiver of ${pkg} declares or registered it`);
      return;
    }
    // BroadcastQueue.maybeScheduleTempAllowlistLocked: before the receiver runs, the receiving uid
    // goes on the temporary allowlist for the sender's BroadcastOptions duration.
    if (allowlistMs !== undefined) this.tempAllowlist.set(pkg, Math.max(this.tempAllowlist.get(pkg) ?? 0, this.scheduler.now + allowlistMs));
    if (target !== null) this.deliver({ package: pkg, kind: 'receiver', component: target, action, reason });
    if (dynamic) this.services.broadcastDynamic({ action, extras: {}, senderPackage: 'android' }, pkg);
  }

  /**
   * A timeline `service` entry: the system or another app calls startService or bindService for a
   * service of the app. bindServiceLocked has no background-start check, so a bind always goes
   * through. A plain start meets the same limit as an app's Context.startService
   * (backgroundStartRefusal, the one home of that decision): ActiveServices passes the caller to
   * getAppStartModeLOSP only as callingPid, which counts only for a legacy app the user restricted
   * (APP_START_MODE_DELAYED, not reachable here), so who asks does not change the answer for an app
   * targeting 26+. What the caller's path did before the start does: a notification action or a
   * push may have temp-allowlisted the app, and an alarm's PendingIntent starts as its creator
   * with the alarm's options. So a refusal is made only for a named caller that is not an alarm;
   * otherwise the run stops loudly. Refused, the target app sees nothing (no process, no
   * onStartCommand); the system logs "Background start not allowed" and an app caller gets
   * startService's exception (its code is not run here: the device log says what it would see).
   */
  private serviceEntry(st: TimelineServiceStart): void {
    const info = this.world.packages.get(st.package);
    const decl = info === undefined ? null : this.componentOf(info, 'service', st.component);
    const delivery: Delivery = { package: st.package, kind: st.bind ? 'bind' : 'service', component: st.component, action: st.action, reason: st.reason };
    // Unknown package or service: deliver() says so in a notice, as for any delivery.
    if (info === undefined || decl === null) return this.deliver(delivery);
    const caller = st.from === 'system' ? 'android' : st.from;
    // startServiceLocked / bindServiceLocked record the caller's foreground-service start allowance
    // (setFgsRestrictionLocked) before any refusal; the system's own (uid 1000) is not modelled.
    // A start whose caller the entry does not name, deliver() records as the system's.
    if (caller === 'android') {
      this.fgsStarts.startedBySystem(st.package, st.component, 'the system (uid 1000) started it; the system uid\'s own allowance (REASON_SYSTEM_UID) is not modelled', false);
    } else if (caller !== null) {
      this.fgsStarts.started(st.package, st.component, caller);
      if (st.bind) this.boundBy.set(st.package, (this.boundBy.get(st.package) ?? new Set<string>()).add(caller));
    }
    const inBackground = st.bind ? null : this.backgroundStartRefusal(info, st.component);
    if (inBackground === null) return this.deliver(caller === null ? delivery : { ...delivery, caller });
    const api = this.world.facts.api;
    const what = `${st.where}: a start of ${shortComponent(st.package, st.component)} while ${st.package} is idle in the background (Android ${this.world.facts.release}, API ${api}, targetSdk ${info.targetSdk ?? api}: the background service limit refuses it`;
    if (caller === null) {
      return this.bug(new Error(`emulator: ${what}), but the entry does not say who starts it; a notification action or a high-priority push may have temp-allowlisted the app first, so refusing or allowing would be a guess. Say "from": "system" or the starting app's package (a push with its temporary allowlist is a broadcast entry with allowlistMs; a bind is "bind": true, which the limit does not reach)`));
    }
    if (st.reason === 'alarm') {
      return this.bug(new Error(`emulator: ${what}), but it says an alarm started it: an alarm's PendingIntent starts as its creator with the alarm's options (while-idle and alarm-clock alarms temp-allowlist), which this entry cannot say; let the app arm the alarm (AlarmManager with PendingIntent.getService) instead`));
    }
    const callerUid = caller === 'android' ? SYSTEM_UID : (this.world.packages.get(caller)?.uid ?? -1);
    const callerPid = caller === 'android' ? SYSTEM_SERVER_PID : (this.running(caller)?.pid ?? null);
    const intent = `Intent { ${st.action === null ? '' : `act=${st.action} `}cmp=${shortComponent(st.package, st.component)} }`;
    this.log(`Background start not allowed: service ${intent} to ${shortComponent(st.package, st.component)} from pid=${callerPid ?? '? (the caller runs no process here)'} uid=${callerUid} pkg=${caller} startFg?=false`);
    if (caller !== 'android') {
      const exception = api >= 31 ? 'android.app.BackgroundServiceStartNotAllowedException' : 'java.lang.IllegalStateException';
      this.log(`${caller}: startService threw ${exception}: Not allowed to start service ${intent}: ${inBackground}`);
    }
  }

  /** A timeline provider call: another app calls into one of the traced app's providers. */
  private providerEntry(from: string, authority: string, op: 'query' | 'call' | 'insert', method: string | null): void {
    const hit = this.providerFor(authority);
    if (hit === null) {
      this.notice(`provider call from ${from}: no provider has authority ${authority}`);
      return;
    }
    this.deliver({ package: hit.package, kind: 'provider', component: hit.decl.name, action: null, reason: 'provider', provider: { authority, op, from, method } });
  }

  resolve(host: string): string {
    const known = this.world.facts.hosts[host];
    if (known !== undefined) return known;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
    // Unknown hosts resolve into TEST-NET-3 (RFC 5737): plainly synthetic, stable per name.
    const h = createHash('sha1').update(host).digest();
    return `203.0.113.${1 + (h[0]! % 254)}`;
  }

  // ---- RuntimeHost ---------------------------------------------------------------------------------

  private beginTimeline(): void {
    const t0 = this.scheduler.now;
    this.started = { t0 };
    this.runtime.schedule(t0);
    void this.scheduler.runUntil(t0 + this.runtime.durationMs).then(() => {
      if (this.failed === null) this.endResolve?.({ virtualMs: this.runtime.durationMs, notices: [...this.notices] });
    });
  }

  notice(text: string): void {
    this.notices.push(text);
    this.log(text);
  }

  private currentActivity(pkg: string): JObject | null {
    const r = this.uiRecords.get(pkg);
    return r?.[r.length - 1]?.activity ?? null;
  }

  private uiPauseTop(pkg: string): void {
    const p = this.running(pkg);
    const rec = this.uiRecords.get(pkg)?.at(-1);
    if (p === null || rec === undefined || !rec.resumed) return;
    p.post(p.binderThread(), 0, () => scheduleActivity(p.vm.callFor(p.vm.current), 'pause', rec));
  }

  private uiLaunch(pkg: string): void {
    const info = this.world.packages.get(pkg)!;
    if (info.launcher === null) {
      this.notice(`${pkg} has no launcher activity`);
      return;
    }
    this.deliver({ package: pkg, kind: 'launcher', component: info.launcher, action: 'android.intent.action.MAIN', reason: 'launcher' });
  }

  private uiOp(pkg: string, op: 'pause' | 'resume' | 'launch' | 'open', activity?: string, from?: string): void {
    const p = this.running(pkg);
    const rec = this.uiRecords.get(pkg)?.at(-1);
    switch (op) {
      case 'pause':
        this.uiPauseTop(pkg);
        return;
      case 'resume':
      case 'launch':
        if (p !== null && rec !== undefined) {
          if (!rec.resumed) p.post(p.binderThread(), 0, () => scheduleActivity(p.vm.callFor(p.vm.current), 'resume', rec));
          return;
        }
        if (op === 'launch') this.uiLaunch(pkg);
        else this.notice(`resume: ${pkg} has no activity to resume`);
        return;
      case 'open':
        // Another app's code starting the activity is subject to the background-activity rules (API 29+).
        if (from !== undefined && this.world.facts.api >= 29 && !this.backgroundActivityStartAllowed(from)) {
          this.log(`Abort background activity start of ${pkg}/${activity} from ${from}`);
          return;
        }
        this.deliver({ package: pkg, kind: 'activity', component: activity!, action: null, reason: 'activity' });
        return;
    }
  }

  private grant(pkg: string, permission: string, granted: boolean): void {
    const info = this.world.packages.get(pkg);
    if (info === undefined) return;
    (info.permissions as Record<string, boolean>)[permission] = granted;
  }
}

function componentInfo(c: Call, klass: string, d: Delivery): JObject {
  const info = c.newObject(klass);
  c.set(info, 'name', d.component);
  c.set(info, 'packageName', d.package);
  return info;
}

