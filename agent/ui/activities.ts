// The app's resumed activities, as the lifecycle hooks see them (Instrumentation.callActivityOnResume
// / OnPause). The control finder walks their windows; keeping our own list avoids reading hidden
// ActivityThread state (mActivities) that differs between Android versions.
import type { JavaAccess } from '../extract/java.js';

/** More resumed activities than this at once means a leak on our side, not a real screen. */
const MAX_RESUMED = 8;

export class ResumedActivities {
  /** identityHashCode -> retained Activity wrapper, most recently resumed last. */
  private readonly resumed = new Map<number, any>();

  constructor(private readonly java: JavaAccess) {}

  onResume(id: number | null, activity: any): void {
    if (id === null || activity === null || activity === undefined) return;
    this.forget(id);
    // Hook arguments are disposed when the hook returns (docs/frida-notes.md §1): keep our own reference.
    const kept = this.java.retain === undefined ? activity : this.java.retain(activity);
    this.resumed.set(id, kept);
    if (this.resumed.size > MAX_RESUMED) this.forget(this.resumed.keys().next().value!);
  }

  onPause(id: number | null): void {
    if (id !== null) this.forget(id);
  }

  private forget(id: number): void {
    const old = this.resumed.get(id);
    if (old === undefined) return;
    this.resumed.delete(id);
    try {
      old.$dispose?.();
    } catch {
      // Already gone with its process state.
    }
  }

  /** Resumed activities, the most recently resumed first. */
  list(): any[] {
    return [...this.resumed.values()].reverse();
  }
}
