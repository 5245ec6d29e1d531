// Fills processes.start_reason / start_detail from the agent's lifecycle 'process-start' event
// (agent/extract/wake.ts sends one per process: what woke it, the woken component and action, the
// calling package where known). Written inside the event's own transaction, so the process row
// and the event that justifies it are stored together.
//
// A process sdktrace launched (a spawn: like tapping the launcher icon) keeps start_reason
// 'launcher' from the spawn, which is known rather than inferred; the agent's report goes into the
// detail under `agent` (it says 'activity' when the launch intent has no LAUNCHER category). A
// process sdktrace attached to after it started (-n/-p, or after Frida's watchdog) cannot trust
// the agent's first-component heuristic, which then describes a later component entry, not the
// start: only the system's own record (ApplicationStartInfo, API 35+) sets the reason there;
// otherwise the report is kept in the detail under `afterAttach`.
import type { IngestContext, IngestItem, Stage } from '../types.js';

/** The hook that reports ApplicationStartInfo (the system's record of why the process started). */
const SYSTEM_RECORD_HOOK = 'wake.startInfo';

export class ProcessStartStage implements Stage {
  readonly name = 'process-start';
  /** processes.id whose start the agent has decided. */
  private readonly decided = new Set<number>();

  enrich(item: IngestItem, ctx: IngestContext): void {
    if (item.source !== 'agent' || item.process === null) return;
    const ev = item.event as Extract<IngestItem['event'], { seq: number }>;
    if (ev.kind !== 'lifecycle' || ev.detail?.type !== 'process-start') return;
    const id = item.process.id;
    if (this.decided.has(id)) return;
    this.decided.add(id);
    const row = ctx.store.process(id);
    if (row === undefined) return;
    const d = ev.detail;
    const reported: Record<string, unknown> = { reason: d.reason ?? 'unknown', source: ev.hook === SYSTEM_RECORD_HOOK ? 'system' : 'agent', seq: ev.seq };
    if (d.component !== undefined) reported.component = d.component;
    if (d.action !== undefined) reported.action = d.action;
    if (d.caller !== undefined) reported.caller = d.caller;
    const before = row.start_detail === null ? {} : (JSON.parse(row.start_detail) as Record<string, unknown>);
    if (row.spawned_by === 'sdktrace') {
      ctx.store.updateProcess(id, { start_detail: JSON.stringify({ ...before, agent: reported }) });
      return;
    }
    if (row.spawned_by === 'attach' && reported.source !== 'system') {
      ctx.store.updateProcess(id, { start_detail: JSON.stringify({ ...before, afterAttach: reported }) });
      return;
    }
    ctx.store.updateProcess(id, { start_reason: String(reported.reason), start_detail: JSON.stringify({ ...before, ...reported }) });
  }
}
