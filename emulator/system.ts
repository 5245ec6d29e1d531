// The system server's services that outlive any one app process: the clipboard, dynamic receiver
// registrations, alarms, jobs, PendingIntent records, permission prompts, location listeners,
// running services and the record of why each process started. EmulatedDevice owns one and
// routes the SystemServer calls of app processes here; deliveries go back through the device.
import type {
  AlarmRecord,
  BroadcastFacts,
  ClipboardState,
  DynamicReceiverRecord,
  ExtraValue,
  JobRecord,
  Location,
  PendingTarget,
  ProcessStartRecord,
  RunningServiceRecord,
} from './android/env.js';
import type { Scheduler } from './clock.js';
import type { EmulatedProcess } from './process.js';
import type { Delivery, StartReasonName } from './scenario/runtime.js';
import type { World } from './scenario/world.js';

export interface SystemHost {
  readonly scheduler: Scheduler;
  readonly world: World;
  /** Processes alive now. */
  alive(): EmulatedProcess[];
  deliver(d: Delivery): void;
  /** The package with a resumed activity. */
  foregroundPackage(): string | null;
  /** Pauses (true) or resumes (false) the top activity of a package: the permission dialog. */
  dialog(pkg: string, showing: boolean): void;
  /**
   * A service PendingIntent is about to start its service with its creator's identity
   * (startService, or startForegroundService for a foreground-service one): the start's
   * foreground-service record, the API 26+ background limit (a plain start) or the Android 12+
   * background check (a foreground-service one). `senderAllowlists`: the sender's options carry
   * a temporary allowlist (a while-idle or alarm-clock alarm). Returns false when the start must
   * not happen.
   */
  serviceFromPending(creator: string, pkg: string, className: string, foreground: boolean, reason: StartReasonName, senderAllowlists: boolean): boolean;
  /** After such a start: the service must call startForeground soon. */
  expectForeground(pkg: string, className: string): void;
  notice(text: string): void;
}

/** ApplicationStartInfo.START_REASON_* of a start reason. */
const START_REASON: Readonly<Record<StartReasonName | 'provider', number>> = {
  alarm: 0,
  receiver: 3,
  provider: 4,
  job: 5,
  launcher: 6,
  push: 9,
  service: 10,
  activity: 11,
};

const BOOT_ACTIONS = new Set(['android.intent.action.BOOT_COMPLETED', 'android.intent.action.LOCKED_BOOT_COMPLETED']);

/** How long after scheduling a job with no latency whose constraints are met the emulator runs it. */
export const JOB_READY_MS = 3000;
/** AlarmManager clamps repeat intervals to at least a minute. */
const MIN_REPEAT_MS = 60_000;
/**
 * Restarting killed services (ActiveServices.scheduleServiceRestartLocked, constants from
 * ActivityManagerConstants: DEFAULT_SERVICE_RESTART_DURATION 1 s, DEFAULT_SERVICE_RESET_RUN_DURATION
 * 60 s, DEFAULT_SERVICE_RESTART_DURATION_FACTOR 4, DEFAULT_SERVICE_MIN_RESTART_TIME_BETWEEN 10 s).
 */
export const SERVICE_RESTART_MS = 1000;
const SERVICE_RESET_RUN_MS = 60_000;
const SERVICE_RESTART_FACTOR = 4;
const SERVICE_MIN_RESTART_BETWEEN_MS = 10_000;
/** Service.onStartCommand results (android.app.Service). */
const START_STICKY_COMPATIBILITY = 0;
const START_STICKY = 1;
const START_REDELIVER_INTENT = 3;

/** The permission dialog: the user answers this long after it appears. */
export const PERMISSION_ANSWER_MS = 1500;

interface ScheduledAlarm {
  record: AlarmRecord;
  cancelled: boolean;
}

export class SystemServices {
  readonly clipboard: ClipboardState = { text: null, label: null, source: null, at: 0 };
  readonly syncAutomatically = new Map<string, boolean>();
  private readonly clipListeners: { pid: number; fn: () => void }[] = [];
  private readonly receivers: DynamicReceiverRecord[] = [];
  private readonly alarms: ScheduledAlarm[] = [];
  private readonly pendings: PendingTarget[] = [];
  private readonly jobs = new Map<string, { job: JobRecord; cancelled: boolean }>();
  private readonly locationListeners: { pid: number; fn: (fix: Location) => void }[] = [];
  private readonly services: RunningServiceRecord[] = [];
  /** ServiceRecord.foregroundServiceType of each foreground service, by "pid/class". */
  private readonly foregroundTypes = new Map<string, number>();
  readonly mediaProjection: { current: object | null; readonly tokens: Map<number, Set<object>> } = { current: null, tokens: new Map() };
  private readonly starts: (ProcessStartRecord & { package: string })[] = [];
  /**
   * Started services and what their last onStartCommand returned: ServiceRecord.stopIfKilled is
   * false for START_STICKY(_COMPATIBILITY) and START_REDELIVER_INTENT (serviceDoneExecutingLocked).
   */
  private readonly started = new Map<string, { package: string; className: string; restart: 'sticky' | 'redeliver' | null; restartDelay: number; restartAt: number | null; action: string | null }>();
  /** When the last scheduled service restart runs (SERVICE_MIN_RESTART_TIME_BETWEEN spacing). */
  private lastRestartAt = -Infinity;

  constructor(private readonly host: SystemHost) {
    const text = host.world.clipboard;
    if (text !== null) Object.assign(this.clipboard, { text, label: null, source: null, at: 0 });
  }

  private alivePids(): Set<number> {
    return new Set(this.host.alive().map((p) => p.pid));
  }

  // ---- process starts and services ------------------------------------------------------------

  recordStart(p: EmulatedProcess, d: Delivery | null, reason: StartReasonName | 'provider'): void {
    const code = d !== null && d.kind === 'receiver' && d.action !== null && BOOT_ACTIONS.has(d.action) ? 2 : START_REASON[reason];
    this.starts.unshift({
      package: p.app.package,
      pid: p.pid,
      processName: p.processName,
      reason: code,
      startType: 1,
      action: d?.action ?? null,
      component: d === null || d.kind === 'provider' ? null : { package: d.package, class: d.component },
      at: this.host.scheduler.wallNow(),
    });
  }

  processStarts(pkg: string): ProcessStartRecord[] {
    return this.starts.filter((s) => s.package === pkg).map(({ package: _p, ...r }) => r);
  }

  serviceStarted(p: EmulatedProcess, className: string): void {
    if (this.services.some((s) => s.pid === p.pid && s.className === className)) return;
    this.services.push({ package: p.app.package, className, processName: p.processName, pid: p.pid, uid: p.uid, foreground: false, activeSince: Math.floor(p.uptime()) });
  }

  serviceStartResult(pkg: string, className: string, result: number, action: string | null): void {
    const key = `${pkg}/${className}`;
    const prev = this.started.get(key);
    const restart = result === START_STICKY || result === START_STICKY_COMPATIBILITY ? 'sticky' : result === START_REDELIVER_INTENT ? 'redeliver' : null;
    this.started.set(key, { package: pkg, className, restart, restartDelay: prev?.restartDelay ?? 0, restartAt: prev?.restartAt ?? null, action });
  }

  serviceStopped(pkg: string, className: string): void {
    this.started.delete(`${pkg}/${className}`);
  }

  /** A started service the system will restart (or has not stopped): its ServiceRecord lives on. */
  restartPending(pkg: string, className: string): boolean {
    return this.started.has(`${pkg}/${className}`);
  }

  /**
   * A process died without a force-stop (killed, low memory, crashed): its started services whose
   * onStartCommand asked for it are restarted after the restart delay (ActiveServices.killServicesLocked
   * -> scheduleServiceRestartLocked); the others are brought down.
   */
  processDied(p: EmulatedProcess): void {
    const now = this.host.scheduler.now;
    const mine = new Set(this.services.filter((s) => s.pid === p.pid).map((s) => s.className));
    for (const [key, r] of [...this.started]) {
      if (r.package !== p.app.package || !mine.has(r.className)) continue;
      if (r.restart === null) {
        this.started.delete(key);
        continue;
      }
      // The first restart waits SERVICE_RESTART_DURATION; one within the reset window waits FACTOR times longer.
      r.restartDelay = r.restartAt !== null && now < r.restartAt + SERVICE_RESET_RUN_MS ? r.restartDelay * SERVICE_RESTART_FACTOR : SERVICE_RESTART_MS;
      let at = now + r.restartDelay;
      // Restarts of different services are spaced SERVICE_MIN_RESTART_TIME_BETWEEN apart.
      if (at < this.lastRestartAt + SERVICE_MIN_RESTART_BETWEEN_MS) at = this.lastRestartAt + SERVICE_MIN_RESTART_BETWEEN_MS;
      this.lastRestartAt = at;
      r.restartAt = at;
      const how = r.restart;
      this.host.scheduler.schedule(at - now, () => {
        if (this.started.get(key) !== r) return; // stopped or force-stopped meanwhile
        this.host.deliver({ package: r.package, kind: 'service', component: r.className, action: how === 'redeliver' ? r.action : null, reason: 'service', restart: how });
      });
    }
  }

  runningServices(): RunningServiceRecord[] {
    const alive = this.alivePids();
    return this.services.filter((s) => alive.has(s.pid)).map((s) => ({ ...s }));
  }

  setForeground(pkg: string, className: string, foreground: boolean, types = 0): void {
    for (const s of this.services) {
      if (s.package !== pkg || s.className !== className) continue;
      s.foreground = foreground;
      if (foreground) this.foregroundTypes.set(`${s.pid}/${className}`, types);
      else this.foregroundTypes.delete(`${s.pid}/${className}`);
    }
  }

  /** ActivityManagerInternal.hasRunningForegroundService(uid, type), over live processes. */
  hasForegroundServiceOfType(uid: number, type: number): boolean {
    const alive = this.alivePids();
    return this.services.some((s) => s.uid === uid && s.foreground && alive.has(s.pid) && ((this.foregroundTypes.get(`${s.pid}/${s.className}`) ?? 0) & type) !== 0);
  }

  // ---- clipboard ----------------------------------------------------------------------------------

  setClipboard(text: string, label: string | null, source: string | null): void {
    Object.assign(this.clipboard, { text, label, source, at: this.host.scheduler.now });
    const alive = this.alivePids();
    for (const l of this.clipListeners) if (alive.has(l.pid)) l.fn();
  }

  addClipListener(pid: number, fn: () => void): void {
    this.clipListeners.push({ pid, fn });
  }

  // ---- dynamic receivers -----------------------------------------------------------------------------

  registerReceiver(r: DynamicReceiverRecord): void {
    this.receivers.push(r);
  }

  unregisterReceiver(pid: number, token: unknown): boolean {
    const i = this.receivers.findIndex((r) => r.pid === pid && r.token === token);
    if (i < 0) return false;
    this.receivers.splice(i, 1);
    return true;
  }

  /** Delivers a broadcast to the dynamic receivers that match it; returns the packages reached. */
  broadcastDynamic(b: BroadcastFacts, target: string | null): string[] {
    const alive = this.alivePids();
    const reached = new Set<string>();
    for (const r of this.receivers) {
      if (!alive.has(r.pid) || !r.actions.includes(b.action)) continue;
      if (target !== null && r.package !== target) continue;
      if (r.package !== b.senderPackage && !r.exported) continue;
      r.deliver(b);
      reached.add(r.package);
    }
    return [...reached];
  }

  /** Whether a running process of `pkg` registered a receiver for `action`. */
  hasDynamicReceiver(pkg: string, action: string): boolean {
    const alive = this.alivePids();
    return this.receivers.some((r) => r.package === pkg && alive.has(r.pid) && r.actions.includes(action));
  }

  // ---- PendingIntents and alarms ------------------------------------------------------------------

  private pendingKey(t: PendingTarget): string {
    return [t.kind, t.creatorPackage, t.component === null ? '' : `${t.component.package}/${t.component.class}`, t.package ?? '', t.action ?? ''].join('|');
  }

  samePending(t: PendingTarget): boolean {
    const key = this.pendingKey(t);
    const found = this.pendings.some((p) => this.pendingKey(p) === key);
    if (!found) this.pendings.push(t);
    return found;
  }

  cancelPending(t: PendingTarget): void {
    const key = this.pendingKey(t);
    for (const a of this.alarms) if (a.record.target !== null && this.pendingKey(a.record.target) === key) a.cancelled = true;
    const i = this.pendings.findIndex((p) => this.pendingKey(p) === key);
    if (i >= 0) this.pendings.splice(i, 1);
  }

  cancelAlarmListener(token: unknown): void {
    for (const a of this.alarms) if (a.record.listenerToken !== undefined && a.record.listenerToken === token) a.cancelled = true;
  }

  /**
   * PendingIntent.send: started as its creator, with the reason the sender implies;
   * `senderAllowlists`: the sender's BroadcastOptions carry a temporary allowlist.
   */
  sendPending(t: PendingTarget, extras: Readonly<Record<string, ExtraValue>>, reason: StartReasonName = 'activity', senderAllowlists = false): void {
    const all = { ...t.extras, ...extras };
    const pkg = t.component?.package ?? t.package ?? t.creatorPackage;
    if (t.kind === 'broadcast') {
      const world = this.host.world.packages.get(pkg);
      const decl = t.component !== null ? world?.components.receivers.find((r) => r.name === t.component!.class) : world?.components.receivers.find((r) => t.action !== null && (r.actions ?? []).includes(t.action));
      if (decl !== undefined) this.host.deliver({ package: pkg, kind: 'receiver', component: decl.name, action: t.action, reason: reason === 'activity' ? 'receiver' : reason, extras: all });
      if (t.action !== null) this.broadcastDynamic({ action: t.action, extras: all, senderPackage: t.creatorPackage }, t.component === null && t.package === null ? null : pkg);
      return;
    }
    if (t.component === null) {
      this.host.notice(`${t.creatorPackage}: PendingIntent for an implicit ${t.kind} (${t.action ?? 'no action'}) is not delivered`);
      return;
    }
    const kind: Delivery['kind'] = t.kind === 'activity' ? 'activity' : 'service';
    const asService = kind === 'service';
    if (asService && !this.host.serviceFromPending(t.creatorPackage, pkg, t.component.class, t.kind === 'foreground-service', reason, senderAllowlists)) return;
    this.host.deliver({ package: pkg, kind, component: t.component.class, action: t.action, reason: reason === 'activity' && asService ? 'service' : reason, extras: all, ...(asService ? { caller: t.creatorPackage } : {}) });
    if (t.kind === 'foreground-service') this.host.expectForeground(pkg, t.component.class);
  }

  setAlarm(a: AlarmRecord): void {
    // An alarm with the same PendingIntent replaces the old one.
    if (a.target !== null) {
      const key = this.pendingKey(a.target);
      for (const old of this.alarms) if (old.record.target !== null && this.pendingKey(old.record.target) === key) old.cancelled = true;
    }
    const entry: ScheduledAlarm = { record: a, cancelled: false };
    this.alarms.push(entry);
    this.arm(entry, this.delayOf(a));
  }

  /** Virtual ms until the alarm's trigger time (RTC types: wall clock; ELAPSED types: elapsedRealtime). */
  private delayOf(a: AlarmRecord): number {
    const s = this.host.scheduler;
    const now = a.type === 0 || a.type === 1 ? s.wallNow() : this.host.world.bootUptimeMs + s.now;
    return Math.max(0, a.triggerAt - now);
  }

  private arm(entry: ScheduledAlarm, delay: number): void {
    this.host.scheduler.schedule(delay, () => {
      if (entry.cancelled) return;
      const a = entry.record;
      if (a.listener !== null) {
        if (this.alivePids().has(a.pid)) a.listener();
      } else if (a.target !== null) {
        // Intents an alarm delivers carry EXTRA_ALARM_COUNT.
        this.sendPending(a.target, { 'android.intent.extra.ALARM_COUNT': 1 }, 'alarm', a.allowlistsOnSend === true);
      }
      if (a.interval > 0) this.arm(entry, Math.max(MIN_REPEAT_MS, a.interval));
    });
  }

  // ---- jobs -----------------------------------------------------------------------------------------

  scheduleJob(j: JobRecord): void {
    const key = `${j.package}:${j.id}`;
    const old = this.jobs.get(key);
    if (old !== undefined) old.cancelled = true;
    const entry = { job: j, cancelled: false };
    this.jobs.set(key, entry);
    const run = (delay: number) =>
      this.host.scheduler.schedule(delay, () => {
        if (entry.cancelled) return;
        this.host.deliver({ package: j.service.package, kind: 'job', component: j.service.class, action: null, reason: 'job', jobId: j.id });
        if (j.intervalMs > 0) run(j.intervalMs);
      });
    run(j.minLatencyMs > 0 ? j.minLatencyMs : JOB_READY_MS);
  }

  /** `am force-stop`: the package's alarms and jobs are cancelled (ActivityManagerService.forceStopPackage). */
  forceStopped(pkg: string): void {
    // Force-stop brings services down: nothing is restarted (ActiveServices.forceStopPackageLocked).
    for (const [key, r] of [...this.started]) if (r.package === pkg) this.started.delete(key);
    for (const a of this.alarms) if (a.record.package === pkg) a.cancelled = true;
    for (const e of this.jobs.values()) if (e.job.package === pkg) e.cancelled = true;
  }

  cancelJob(pkg: string, id: number): void {
    const e = this.jobs.get(`${pkg}:${id}`);
    if (e !== undefined) e.cancelled = true;
  }

  /** JobScheduler.cancelAll (JobSchedulerService.cancelJobsForUid): every job of the caller. */
  cancelAllJobs(pkg: string): void {
    for (const e of this.jobs.values()) if (e.job.package === pkg) e.cancelled = true;
  }

  // ---- permission prompts ----------------------------------------------------------------------------

  /**
   * The permission dialog (GrantPermissionsActivity): granted ones pass, undeclared ones are denied
   * without asking, the others get the user's answer from the scenario (deny by default). The
   * requesting activity pauses while the dialog shows.
   */
  requestPermissions(pkg: string, permissions: readonly string[]): boolean[] {
    const app = this.host.world.packages.get(pkg);
    if (app === undefined) return permissions.map(() => false);
    const answers = permissions.map((p) => {
      if (app.permissions[p] === true) return true;
      if (!(p in app.permissions)) return false;
      return app.answers[p] === true;
    });
    permissions.forEach((p, i) => {
      if (p in app.permissions) (app.permissions as Record<string, boolean>)[p] = answers[i]!;
    });
    this.host.dialog(pkg, true);
    this.host.scheduler.schedule(PERMISSION_ANSWER_MS + 100, () => this.host.dialog(pkg, false));
    return answers;
  }

  /**
   * The screen-capture consent dialog (SystemUI's MediaProjectionPermissionActivity): the user's
   * answer from the scenario (cancel by default). The requesting activity pauses while it shows.
   */
  screenCaptureConsent(pkg: string): boolean {
    const app = this.host.world.packages.get(pkg);
    this.host.dialog(pkg, true);
    this.host.scheduler.schedule(PERMISSION_ANSWER_MS + 100, () => this.host.dialog(pkg, false));
    return app?.screenCapture === true;
  }

  // ---- location ------------------------------------------------------------------------------------

  addLocationListener(pid: number, fn: (fix: Location) => void): void {
    this.locationListeners.push({ pid, fn });
  }

  /** A new fix (timeline "location"): the device's position moves and listeners hear of it. */
  newFix(fix: Location): void {
    this.host.world.facts.location = fix;
    const alive = this.alivePids();
    for (const l of this.locationListeners) if (alive.has(l.pid)) l.fn(fix);
  }
}
