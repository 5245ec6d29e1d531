// Confirms associated starts: a launch of another app's component is confirmed when the device saw
// that app's process start shortly after (a host spawn event), and launches.confirmed_event_id
// records which spawn. A projection like launches itself, so it is filled at ingest: reports only
// read it (they never write to the evidence database). The window is the associated-startup
// rule's default; a report with other rule options recomputes its own confirmation.
import { refusal, systemUiReason } from '../../../analysis/launch.js';
import { isStorageFailure } from '../../../store/failure.js';
import type { IngestContext, IngestItem, Stage } from '../types.js';

/** A spawn up to this long after the launch confirms it (associated-startup confirmWindowMs). */
export const CONFIRM_WINDOW_MS = 15_000;
/** ...or this long before it: device and agent clocks differ a little (clockSlackMs). */
export const CLOCK_SLACK_MS = 2_000;
const MAX_PENDING = 10_000;

interface Seen {
  id: number;
  t: number;
}

export class LaunchConfirmationStage implements Stage {
  readonly name = 'launch-confirmation';
  /** Reads item.launch, which projections fills. */
  readonly after = ['projections'];
  /** Unconfirmed other-app launches of the last window, per target package. */
  private readonly launches = new Map<string, Seen[]>();
  /** Other-app spawns of the last slack, per package (a launch may be stamped just after). */
  private readonly spawns = new Map<string, Seen[]>();
  /** Launches of this batch that can never be confirmed (refused, or the system's UI). */
  private readonly unconfirmable = new WeakSet<IngestItem>();

  enrich(item: IngestItem, ctx: { appPackage: string | null }): void {
    // A launch stamped just after the spawn it caused: confirmed as it is stored.
    const l = item.launch;
    if (l === undefined || l.other_app !== 1 || l.target_package === null) return;
    if (!confirmable(item, ctx.appPackage)) {
      // Refused starts and the system's own UI never confirm: mark them so commit skips them too.
      this.unconfirmable.add(item);
      return;
    }
    const s = this.spawns.get(l.target_package)?.find((x) => x.t >= item.row.t - CLOCK_SLACK_MS && x.t <= item.row.t + CONFIRM_WINDOW_MS);
    if (s !== undefined) l.confirmed_event_id = s.id;
  }

  committed(items: readonly IngestItem[], ctx: IngestContext): void {
    for (const item of items) {
      if (item.id === undefined) continue;
      const l = item.launch;
      if (l !== undefined && this.unconfirmable.delete(item)) continue;
      if (l !== undefined && l.other_app === 1 && l.target_package !== null && l.confirmed_event_id == null) {
        remember(this.launches, l.target_package, { id: item.id, t: item.row.t });
        continue;
      }
      const d = item.source === 'host' ? (item.event as { detail?: Record<string, unknown> }).detail : undefined;
      if (item.row.kind !== 'device' || d?.type !== 'spawn' || d.other !== true || typeof d.package !== 'string') continue;
      const spawn = { id: item.id, t: item.row.t };
      remember(this.spawns, d.package, spawn);
      const pending = this.launches.get(d.package);
      if (pending === undefined) continue;
      const confirmed = pending.filter((x) => spawn.t >= x.t - CLOCK_SLACK_MS && spawn.t <= x.t + CONFIRM_WINDOW_MS);
      if (confirmed.length === 0) continue;
      this.launches.set(d.package, pending.filter((x) => !confirmed.includes(x)));
      try {
        ctx.store.confirmLaunches(confirmed.map((x) => x.id), spawn.id);
      } catch (e) {
        // A projection of stored evidence: the rule recomputes it, so a full disk costs nothing recorded.
        if (!isStorageFailure(e)) throw e;
      }
    }
  }
}

function remember(map: Map<string, Seen[]>, pkg: string, seen: Seen): void {
  let list = map.get(pkg);
  if (list === undefined) {
    if (map.size >= MAX_PENDING) map.clear();
    map.set(pkg, (list = []));
  }
  list.push(seen);
  // Only the last window matters; the list stays short.
  const horizon = seen.t - CONFIRM_WINDOW_MS - CLOCK_SLACK_MS;
  while (list.length > 0 && list[0]!.t < horizon) list.shift();
}

/** A refused start never started anything, and the system's UI is not another app (analysis/launch.ts). */
function confirmable(item: IngestItem, appPackage: string | null): boolean {
  const ev = item.event as { thrown?: string; ret?: unknown; detail?: { data?: string } };
  const l = item.launch!;
  const facts = { via: l.via, action: l.action, component: l.component, target: l.target_package, data: ev.detail?.data ?? null, thrown: ev.thrown ?? null, ret: ev.ret === undefined ? null : JSON.stringify(ev.ret) };
  return refusal(facts) === null && systemUiReason(facts, appPackage) === null;
}
