// Android 12's background foreground-service start restriction, as ActiveServices keeps it per
// ServiceRecord (ledger android.service.fgs-background-start): every startService,
// startForegroundService and bindService records whether its caller could start a foreground
// service at that moment (setFgsRestrictionLocked -> mAllowStartForeground), and that record, not
// the app's state when it calls startForeground, decides Service.startForeground, unless the call
// comes more than FGS_START_FOREGROUND_TIMEOUT after the service's creation (the record is reset
// and the service's own app checked instead) or is a later call (the app checked again: after the
// timeout on Android 12/12L, always from 13). The device says what an app may do now
// (FgsStartHost.allowance); this file keeps the records and makes the decisions, so the two
// entry points (startForegroundService in the device, startForeground in android/app.ts) cannot
// drift apart. Where a start's allowance depends on an exemption the emulator does not model,
// the record says so and a refusal stops the run loudly instead of guessing either way.

/** ActivityManagerConstants.DEFAULT_FGS_START_FOREGROUND_TIMEOUT_MS. */
export const FGS_START_FOREGROUND_TIMEOUT_MS = 10_000;
/** ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC. */
const FOREGROUND_SERVICE_TYPE_DATA_SYNC = 1;

/** What ActiveServices would decide for a caller now. */
export interface FgsAllowance {
  allowed: boolean;
  /**
   * Refused by every exemption the emulator models, but one it does not model may apply (a
   * companion device, a battery-optimization exemption, an alarm's or boot broadcast's temporary
   * allowlist, a binding from another app): what that is, for the loud failure.
   */
  unmodelled: string | null;
}

export interface FgsStartHost {
  readonly api: number;
  now(): number;
  /** shouldAllowFgsStartForegroundLocked for a caller package now, over what the emulator models. */
  allowance(callerPackage: string): FgsAllowance;
  targetSdk(pkg: string): number;
}

/** The ServiceRecord fields the restriction uses. */
interface FgsRecord {
  /** mAllowStartForeground != REASON_DENIED. */
  allowed: boolean;
  unmodelled: string | null;
  /** createRealTime. */
  createdAt: number;
  /** mLastSetFgsRestrictionTime (0 after resetFgsRestrictionLocked). */
  checkedAt: number;
  /** mRecentCallingPackage; null when the start came from the system or the timeline. */
  callerPackage: string | null;
  /** mStartForegroundCount. */
  startForegroundCount: number;
}

export class FgsStartRestrictions {
  private readonly records = new Map<string, FgsRecord>();

  constructor(private readonly host: FgsStartHost) {}

  /** startServiceLocked / bindServiceLocked: setFgsRestrictionLocked with the caller's identity. */
  started(pkg: string, className: string, caller: string): void {
    const r = this.record(pkg, className);
    r.checkedAt = this.host.now();
    r.callerPackage = caller;
    if (!r.allowed) this.check(r, caller);
  }

  /**
   * A start whose caller the emulator does not know (a timeline entry, the job scheduler's bind;
   * a PendingIntent starts as its creator, through started()): its allowance is unknown (`why`).
   * A sticky restart keeps the record of the start before it, as the ServiceRecord outlives the
   * process.
   */
  startedBySystem(pkg: string, className: string, why: string, restart: boolean): void {
    if (restart && this.records.has(`${pkg}/${className}`)) return;
    const r = this.record(pkg, className);
    r.checkedAt = this.host.now();
    r.callerPackage = null;
    if (!r.allowed) r.unmodelled ??= why;
  }

  private record(pkg: string, className: string): FgsRecord {
    const key = `${pkg}/${className}`;
    let r = this.records.get(key);
    if (r === undefined) {
      const now = this.host.now();
      r = { allowed: false, unmodelled: null, createdAt: now, checkedAt: now, callerPackage: null, startForegroundCount: 0 };
      this.records.set(key, r);
    }
    return r;
  }

  /** What startForegroundService's own check in startServiceLocked throws (null: allowed); call after started(). */
  startForegroundServiceRefusal(pkg: string, className: string): string | null {
    const r = this.records.get(`${pkg}/${className}`);
    if (r === undefined || r.allowed || !this.enabled(pkg, r)) return null;
    this.unmodelledStops(r, pkg, className, 'startForegroundService');
    return `startForegroundService() not allowed due to mAllowStartForeground false: service ${shortInstanceName(pkg, className)}`;
  }

  /**
   * setServiceForegroundInnerLocked's check for Service.startForeground (it runs after the
   * FOREGROUND_SERVICE and manifest-type checks and, on Android 14+, before the type policy):
   * the record decides, after checking the service's own app again when the call is late.
   * `types`: the ServiceInfo.FOREGROUND_SERVICE_TYPE_* bits asked for. Returns the
   * ForegroundServiceStartNotAllowedException text, or null when the service may go foreground.
   */
  startForegroundRefusal(pkg: string, className: string, types: number): string | null {
    const api = this.host.api;
    if (api < 31) return null;
    const r = this.records.get(`${pkg}/${className}`);
    if (r === undefined) throw new Error(`emulator: ${pkg}/${className} calls startForeground but no start of it was recorded; its background-start allowance is unknown`);
    const now = this.host.now();
    let decision: FgsAllowance = { allowed: r.allowed, unmodelled: r.unmodelled };
    if (r.startForegroundCount === 0 && now - r.createdAt > FGS_START_FOREGROUND_TIMEOUT_MS) {
      // A first call later than the timeout resets the record (resetFgsRestrictionLocked) and
      // checks the service's own app now (setFgsRestrictionLocked): only the app's state now
      // counts, in Android 12-14 (platform sources; Android 14 with its default
      // mEnableFgsWhileInUseFix = false) and main alike.
      const own = this.host.allowance(pkg);
      decision = this.unreadRelease(decision, own, `a first startForeground of ${pkg}/${className} more than ${FGS_START_FOREGROUND_TIMEOUT_MS} ms after its creation`);
      r.checkedAt = now;
    } else if (r.startForegroundCount > 0 && (now - r.checkedAt > FGS_START_FOREGROUND_TIMEOUT_MS || api >= 33)) {
      // A later call (after stopForeground reset the record, or more than the timeout after the
      // last check on Android 12/12L; every later call from Android 13) checks the service's own
      // app; an allowed record stays allowed (setFgsRestrictionLocked re-checks a denied one only).
      if (!r.allowed) {
        const own = this.host.allowance(pkg);
        const checked = own.allowed ? own : { allowed: false, unmodelled: r.unmodelled ?? own.unmodelled };
        decision = now - r.checkedAt > FGS_START_FOREGROUND_TIMEOUT_MS ? checked : this.unreadRelease(decision, checked, `a later startForeground of ${pkg}/${className} within ${FGS_START_FOREGROUND_TIMEOUT_MS} ms of its last check`);
      }
      r.checkedAt = now;
    }
    // Android 15's time-limited types (dataSync) check the app's state afresh on main when the
    // app targets 35+ (FGS_INTRODUCE_TIME_LIMITS, behind a release flag): where that would
    // decide otherwise, the release's behaviour is not pinned here.
    if (api >= 35 && this.host.targetSdk(pkg) >= 35 && (types & FOREGROUND_SERVICE_TYPE_DATA_SYNC) !== 0) {
      const own = this.host.allowance(pkg);
      if (own.allowed !== decision.allowed || own.unmodelled !== null) {
        throw new Error(`emulator: startForeground(dataSync) of ${pkg}/${className} on Android ${api}: the time-limited-type path (FGS_INTRODUCE_TIME_LIMITS) re-checks the app's state and decides otherwise than the start record; whether it applies at this release is not cited`);
      }
    }
    Object.assign(r, decision);
    if (decision.allowed || !this.enabled(pkg, r)) return null;
    this.unmodelledStops(r, pkg, className, 'Service.startForeground');
    return `Service.startForeground() not allowed due to mAllowStartForeground false: service ${shortInstanceName(pkg, className)}`;
  }

  /**
   * Android 15 (API 35), whose ActiveServices is not published with its platform sources: where the
   * check Android 14 and main make (`checked`) would change what the record says, the emulator
   * fails loudly rather than take either.
   */
  private unreadRelease(record: FgsAllowance, checked: FgsAllowance, what: string): FgsAllowance {
    if (this.host.api !== 35 || record.allowed === checked.allowed) return checked;
    throw new Error(`emulator: ${what} on API 35: Android 14 and main check the app's state again here and that changes the answer, and Android 15's ActiveServices is not read`);
  }

  /** The service became a foreground service (mStartForegroundCount counts these entries). */
  enteredForeground(pkg: string, className: string): void {
    const r = this.records.get(`${pkg}/${className}`);
    if (r !== undefined) r.startForegroundCount++;
  }

  /** stopForeground on a foreground service: resetFgsRestrictionLocked. */
  stoppedForeground(pkg: string, className: string): void {
    const r = this.records.get(`${pkg}/${className}`);
    if (r === undefined) return;
    Object.assign(r, { allowed: false, unmodelled: null, checkedAt: 0 });
  }

  /** The ServiceRecord is gone (the service stopped, or died without a pending restart). */
  destroyed(pkg: string, className: string): void {
    this.records.delete(`${pkg}/${className}`);
  }

  /** Records of a package, for cleaning up after its processes die. */
  classesOf(pkg: string): string[] {
    return [...this.records.keys()].filter((k) => k.startsWith(`${pkg}/`)).map((k) => k.slice(pkg.length + 1));
  }

  /** setFgsRestrictionLocked: a denied record is checked again; an allowed one stays allowed. */
  private check(r: FgsRecord, caller: string): void {
    const a = this.host.allowance(caller);
    if (a.allowed) Object.assign(r, { allowed: true, unmodelled: null });
    else if (a.unmodelled !== null) r.unmodelled = a.unmodelled;
  }

  /**
   * isBgFgsRestrictionEnabled: Android 12+, the service's app targets 31+ and (the default
   * mFgsStartRestrictionCheckCallerTargetSdk) so does the recent caller. FGS_START_EXCEPTION_CHANGE_ID
   * has the same threshold, so a restricted refusal always throws.
   */
  private enabled(pkg: string, r: FgsRecord): boolean {
    if (this.host.api < 31 || this.host.targetSdk(pkg) < 31) return false;
    return r.callerPackage === null || this.host.targetSdk(r.callerPackage) >= 31;
  }

  private unmodelledStops(r: FgsRecord, pkg: string, className: string, what: string): void {
    if (r.unmodelled === null) return;
    throw new Error(
      `emulator: ${what} of ${pkg}/${className} from the background on Android 12+: refused by every exemption the emulator models, but ${r.unmodelled}, an exemption it does not model; refusing or allowing would be a guess`,
    );
  }
}

/** ComponentName.flattenToShortString: the class relative to the package when it is inside it. */
function shortInstanceName(pkg: string, className: string): string {
  return `${pkg}/${className.startsWith(`${pkg}.`) ? className.slice(pkg.length) : className}`;
}
