// Per-thread state that keeps hooks from observing themselves. Hook bodies run on the app's
// threads; Gum serialises them on one JS lock, so plain maps are safe.

interface ThreadState {
  /** >0 while our own code runs inside a hook (reading fields, resolving intents): inner hooks pass through. */
  busy: number;
  /**
   * Per chain group, >0 while an `outermostOnly` hook of that group is on this thread's stack
   * (API 33+ PackageManager chains, query funnels). Groups keep unrelated chains apart: a socket
   * write inside an HTTP client's execute() is still reported.
   */
  outer: Map<string, number>;
}

export class ThreadGuard {
  private readonly states = new Map<number, ThreadState>();

  private state(tid: number): ThreadState {
    let s = this.states.get(tid);
    if (s === undefined) {
      s = { busy: 0, outer: new Map() };
      this.states.set(tid, s);
    }
    return s;
  }

  isBusy(tid: number): boolean {
    const s = this.states.get(tid);
    return s !== undefined && s.busy > 0;
  }

  isInsideOuter(tid: number, group = ''): boolean {
    const s = this.states.get(tid);
    return s !== undefined && (s.outer.get(group) ?? 0) > 0;
  }

  /** Runs our own work with nested hooks disabled on this thread. */
  ownWork<T>(tid: number, fn: () => T): T {
    const s = this.state(tid);
    s.busy++;
    try {
      return fn();
    } finally {
      s.busy--;
    }
  }

  /** Runs the original of an outermost-only hook, so the chain below it (same group) stays silent. */
  outermost<T>(tid: number, fn: () => T, group = ''): T {
    const s = this.state(tid);
    s.outer.set(group, (s.outer.get(group) ?? 0) + 1);
    try {
      return fn();
    } finally {
      const n = (s.outer.get(group) ?? 1) - 1;
      if (n === 0) s.outer.delete(group);
      else s.outer.set(group, n);
    }
  }
}
