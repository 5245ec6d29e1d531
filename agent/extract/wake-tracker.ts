// The process's wake-up decision as state (see wake.ts for the hooks that feed it): one
// 'process-start' per process, decided by the system's own record on API 35+ (ApplicationStartInfo)
// or by the first component entry after bind, with a service's start held back briefly for the
// intent that names its action. Kept apart from the extractors so the services every extractor
// receives (services.ts) can hold it without importing the extractors' call type.
import type { StartReason } from '../../protocol/constants.js';
import { summarizeIntent } from './intent-summary.js';
import { items, num, type JavaAccess } from './java.js';

export interface WakeDetail {
  type: 'process-start';
  reason: StartReason;
  component?: string;
  action?: string;
  caller?: string;
}

/** ApplicationStartInfo, reduced. */
export interface StartInfo {
  reason: number;
  component?: string;
  action?: string;
}

export interface WakeDeps {
  apiLevel: number;
  pid: number;
  /** ApplicationStartInfo of this process (API 35+); undefined while it cannot be asked yet, null when absent. */
  readStartInfo(): StartInfo | null | undefined;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
  /** Emits a decision reached outside a hook call (start info poll, pending service timeout). */
  emit(detail: WakeDetail, api: string, hook: string): void;
}

/** ApplicationStartInfo.START_REASON_* (API 35) -> our start reasons. */
const START_REASON: Readonly<Record<number, StartReason>> = {
  0: 'alarm',
  1: 'backup',
  2: 'receiver', // BOOT_COMPLETE
  3: 'receiver',
  4: 'provider',
  5: 'job',
  6: 'launcher',
  7: 'launcher', // LAUNCHER_RECENTS
  8: 'unknown',
  9: 'push',
  10: 'service',
  11: 'activity',
};

const PENDING_SERVICE_MS = 1500;

export class WakeTracker {
  private decidedFlag = false;
  private startInfoState: 'unknown' | 'absent' = 'unknown';
  private pending: { detail: WakeDetail; api: string; hook: string; timer: unknown } | null = null;

  constructor(private readonly deps: WakeDeps) {}

  get decided(): boolean {
    return this.decidedFlag;
  }

  /** API 35+: the system's answer, when readable. Returns the detail when it decides now. */
  private fromStartInfo(): WakeDetail | null {
    if (this.deps.apiLevel < 35 || this.startInfoState === 'absent') return null;
    let info: StartInfo | null | undefined;
    try {
      info = this.deps.readStartInfo();
    } catch {
      info = null;
    }
    if (info === undefined) return null;
    if (info === null) {
      this.startInfoState = 'absent';
      return null;
    }
    const d: WakeDetail = { type: 'process-start', reason: START_REASON[info.reason] ?? 'unknown' };
    if (info.component !== undefined) d.component = info.component;
    if (info.action !== undefined) d.action = info.action;
    else if (info.reason === 2) d.action = 'android.intent.action.BOOT_COMPLETED';
    return d;
  }

  private decide(d: WakeDetail): WakeDetail {
    this.decidedFlag = true;
    if (this.pending !== null) {
      this.deps.clearTimeout(this.pending.timer);
      this.pending = null;
    }
    return d;
  }

  /** Poll from outside hooks (after install): decides from the start info when it is readable. */
  poll(): 'decided' | 'retry' | 'heuristic' {
    if (this.decidedFlag) return 'decided';
    const d = this.fromStartInfo();
    if (d !== null) {
      this.deps.emit(this.decide(d), 'android.app.ActivityManager.getHistoricalProcessStartReasons(int)', 'wake.startInfo');
      return 'decided';
    }
    return this.deps.apiLevel >= 35 && this.startInfoState === 'unknown' ? 'retry' : 'heuristic';
  }

  /**
   * A component entry. Returns the process-start detail when this entry decides it (the caller
   * emits it as this call's event), or null.
   */
  offer(candidate: WakeDetail, opts: { pend?: { api: string; hook: string } } = {}): WakeDetail | null {
    if (this.decidedFlag) return null;
    if (this.pending !== null) return null;
    const si = this.fromStartInfo();
    if (si !== null) {
      // The system's record wins; our entry fills what it lacks.
      if (si.component === undefined && candidate.component !== undefined) si.component = candidate.component;
      if (si.action === undefined && candidate.action !== undefined) si.action = candidate.action;
      return this.decide(si);
    }
    if (opts.pend !== undefined) {
      const { api, hook } = opts.pend;
      const timer = this.deps.setTimeout(() => {
        const p = this.pending;
        if (p === null || this.decidedFlag) return;
        this.deps.emit(this.decide(p.detail), p.api, p.hook);
      }, PENDING_SERVICE_MS);
      this.pending = { detail: candidate, api, hook, timer };
      return null;
    }
    return this.decide(candidate);
  }

  /** The start or bind intent of a pending service entry: completes it with the action. */
  complete(action: string | undefined, reason?: StartReason): WakeDetail | null {
    if (this.decidedFlag) return null;
    const p = this.pending;
    if (p === null) {
      // A service whose creation we did not see (should not happen after bind): decide here.
      const d: WakeDetail = { type: 'process-start', reason: reason ?? 'service' };
      if (action !== undefined) d.action = action;
      return this.offer(d);
    }
    const d = { ...p.detail };
    if (action !== undefined) d.action = action;
    if (reason !== undefined && d.reason === 'service') d.reason = reason;
    return this.decide(d);
  }
}

/** Reads ApplicationStartInfo of `pid` (API 35+). Undefined before the Application exists. */
export function readStartInfo(java: JavaAccess, pid: number, clip: (s: string) => string): StartInfo | null | undefined {
  const app = java.use('android.app.ActivityThread').currentApplication();
  if (app === null || app === undefined) return undefined;
  const am = java.cast(app.getSystemService('activity'), java.use('android.app.ActivityManager'));
  const list = am.getHistoricalProcessStartReasons(8);
  // List.get() hands back java.lang.Object wrappers (type erasure): cast to reach the methods.
  const ASI = java.use('android.app.ApplicationStartInfo');
  for (const item of items(list, 8).items) {
    if (item === null || item === undefined) continue;
    const info = java.cast(item, ASI);
    if (num(info.getPid()) !== pid) continue;
    const out: StartInfo = { reason: num(info.getReason()) };
    const intent = info.getIntent();
    if (intent !== null && intent !== undefined) {
      const s = summarizeIntent(intent, 35, clip, false);
      if (s.component !== undefined) out.component = s.component;
      if (s.action !== undefined) out.action = s.action;
    }
    return out;
  }
  return null;
}
