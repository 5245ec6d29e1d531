// `sdktrace audit`: the regulator's test protocol for one app, run end to end on one device.
// Stages (stages.ts): fresh start with the privacy dialog left unanswered; refuse; restart and
// agree, then exercise the app; HOME; force-stop and watch for self-starts (with optional
// triggers). The agent finds and clicks the dialog's controls (agent/ui/controls.ts); when it
// cannot find the one it needs, the analyst is asked (analyst.ts) and the pause is recorded.
// Everything goes into one run (mode 'audit'): stage markers, what the audit did and what it could
// not do, so the report and the summary can say what happened in each stage and why.
import type { ControlInfo, ControlsResult } from '../../protocol/messages.js';
import type { ScriptLike } from '../device/types.js';
import type { ConsentWords } from '../../analysis/phase.js';
import { startRun, storageFailureReason, type ActiveRun, type RunSetup } from '../session/run.js';
import type { Analyst, PauseAnswer } from './analyst.js';
import type { AuditClock } from './clock.js';
import { hasConsentControls, pickControl, type Decision } from './consent.js';
import type { DeviceOps, OpResult, TriggerName } from './ops.js';
import type { StageProgress } from './progress.js';
import { DIALOG_WAIT_MS, type StageName } from './stages.js';

export interface AuditSetup extends Omit<RunSetup, 'mode' | 'launchedByUser' | 'consentWords'> {
  words: ConsentWords;
  ops: DeviceOps;
  clock: AuditClock;
  analyst: Analyst;
  durations: Record<StageName, number>;
  triggers: TriggerName[];
  progress?: StageProgress | null;
  /** Resolves to a reason when the audit must end early (Ctrl-C). */
  interrupt?: Promise<string>;
  /** Called once the run records (tests, the dashboard). */
  onRun?(run: ActiveRun): void;
}

export interface AuditOutcome {
  runId: number;
  /** Whether the app's data could be cleared before the first start. */
  fresh: boolean;
  /** Stages completed, in order. */
  stages: StageName[];
  pauses: number;
  /** Why the run ended. */
  endReason: string;
  /** 0 completed; otherwise the stage it stopped in. */
  aborted: StageName | null;
}

/** Longest an rpc into the app may take (device time): the main thread can be busy. */
const RPC_LIMIT_MS = 15_000;
const POLL_MS = 1000;
/** How long each exported activity is shown while exercising the app, and how many are opened. */
const ACTIVITY_MS = 3000;
const MAX_ACTIVITIES = 8;
/** After a click, before the next step: the listener's work starts. */
const SETTLE_MS = 2000;
/** Times the analyst is asked again when the text they typed is not on screen. */
const MAX_ASKS = 3;

class Aborted extends Error {}

export async function runAudit(s: AuditSetup): Promise<AuditOutcome> {
  const run = await startRun({ ...s, mode: 'audit', launchedByUser: true, consentWords: s.words });
  s.onRun?.(run);
  return new AuditDriver(s, run).drive();
}

class AuditDriver {
  private stage: StageName = 'fresh';
  private stageStart = 0;
  /** When the stage's action happened (dialog seen, click, HOME, force-stop): its time counts from there. */
  private actionAt: number | null = null;
  private readonly done: StageName[] = [];
  private pauses = 0;
  private fresh = false;
  private stopReason: string | null = null;

  constructor(private readonly s: AuditSetup, private readonly run: ActiveRun) {
    const stop = (reason: string) => {
      this.stopReason ??= reason;
    };
    void run.failure.then(stop);
    void s.interrupt?.then(stop);
  }

  private now(): number {
    return this.run.ingest.deviceClock.now();
  }

  /** A marker on the run's timeline (device time). */
  private mark(api: string, detail: Record<string, unknown>): void {
    try {
      this.run.ingest.hostEvent(null, { kind: 'marker', api, t: this.now(), pid: null, detail: { stage: this.stage, ...detail } });
    } catch {
      // The store failed; run.failure ends the audit.
    }
  }

  private note(text: string): void {
    if (this.s.progress != null) this.s.progress.note(text);
    else this.s.log?.(text);
  }

  private check(): void {
    if (this.stopReason !== null) throw new Aborted(this.stopReason);
  }

  private async op(name: string, fn: () => Promise<OpResult>): Promise<OpResult> {
    const r = await fn();
    this.mark('audit.op', { op: name, ok: r.ok, detail: r.detail });
    if (!r.ok) this.note(`audit: ${name} not done: ${r.detail}`);
    return r;
  }

  /** The stage's action is done: what follows is what the stage observes, for its configured time. */
  private acted(): void {
    this.actionAt = this.now();
  }

  /** Waits until the configured time has passed since the stage's action. */
  private async finishStage(): Promise<void> {
    const left = this.s.durations[this.stage] - (this.now() - (this.actionAt ?? this.stageStart));
    if (left > 0) await this.wait(left);
  }

  private async wait(ms: number): Promise<void> {
    const base = this.now() - (this.actionAt ?? this.stageStart);
    await this.s.clock.wait(ms, (e) => {
      this.s.progress?.update(this.stage, base + e);
      this.check();
    });
    this.check();
  }

  private async inStage(stage: StageName, fn: () => Promise<void>): Promise<void> {
    this.check();
    this.stage = stage;
    this.stageStart = this.now();
    this.actionAt = null;
    this.mark('audit.stage', { state: 'begin', durationMs: this.s.durations[stage] });
    this.s.progress?.update(stage, 0);
    await fn();
    await this.finishStage();
    this.mark('audit.stage', { state: 'end' });
    this.done.push(stage);
  }

  private mainScript(): ScriptLike | null {
    const main = this.run.tracer.scripts().find((x) => x.ctx.name === this.s.package);
    return main?.script ?? null;
  }

  private async controls(): Promise<ControlsResult | null> {
    const script = this.mainScript();
    if (script === null) return null;
    try {
      return (await this.s.clock.settle(script.exports.findControls!(), RPC_LIMIT_MS, 'findControls')) as ControlsResult;
    } catch {
      return null; // not bound yet, or no activity: asked again on the next poll
    }
  }

  /** Polls the screen until a consent dialog shows (or the wait ends); returns the last controls seen. */
  private async awaitDialog(): Promise<ControlInfo[]> {
    const until = this.now() + DIALOG_WAIT_MS;
    let last: ControlInfo[] = [];
    for (;;) {
      const r = await this.controls();
      if (r !== null) last = r.controls;
      if (hasConsentControls(last, this.s.words) || this.now() >= until) break;
      await this.wait(POLL_MS);
    }
    const shown = last.filter((c) => c.shown);
    this.mark('audit.controls', { texts: shown.map((c) => c.text).slice(0, 32), dialog: hasConsentControls(shown, this.s.words) });
    return shown;
  }

  private async click(c: Pick<ControlInfo, 'text'> & Partial<ControlInfo>, by: 'audit' | 'analyst'): Promise<boolean> {
    const script = this.mainScript();
    if (script === null) {
      this.mark('audit.click', { text: c.text, by, ok: false, error: 'the app is not running' });
      return false;
    }
    try {
      const r = await this.s.clock.settle(script.exports.clickControl!({ text: c.text, activity: c.activity, path: c.path }), RPC_LIMIT_MS, 'clickControl');
      this.mark('audit.click', { text: c.text, by, ok: true, handled: (r as { handled: boolean }).handled, control: (r as { clicked: ControlInfo }).clicked });
      return true;
    } catch (e) {
      this.mark('audit.click', { text: c.text, by, ok: false, error: (e as Error).message });
      return false;
    }
  }

  /** Clicks the control for `decision`, or asks the analyst (recorded) when none is on screen. */
  private async decide(decision: Decision, shown: ControlInfo[]): Promise<void> {
    const wanted = decision === 'granted' ? 'agree' : 'refuse';
    const control = pickControl(shown, decision, this.s.words);
    if (control !== null && (await this.click(control, 'audit'))) return;
    let seen = shown.map((c) => c.text);
    for (let ask = 0; ask < MAX_ASKS; ask++) {
      this.pauses++;
      const message = `stage "${this.stage}": no shown control reads as "${wanted}" with the consent words (${(decision === 'granted' ? this.s.words.agree : this.s.words.refuse).slice(0, 4).join(', ')}, ...)`;
      this.mark('audit.pause', { state: 'begin', wanted, seen: seen.slice(0, 32), message });
      this.note(`audit: paused for the analyst: ${message}`);
      const startedAt = Date.now();
      const asked = new AbortController();
      const answer: PauseAnswer = await Promise.race([
        this.s.analyst.pause({ stage: this.stage, wanted, seen, message }, asked.signal),
        ...(this.s.interrupt ? [this.s.interrupt.then((): PauseAnswer => ({ action: 'skip' }))] : []),
      ]).finally(() => asked.abort());
      this.mark('audit.pause', { state: 'end', wanted, answer, waitedMs: Date.now() - startedAt });
      this.check();
      if (answer.action !== 'click') return;
      if (await this.click({ text: answer.text }, 'analyst')) return;
      seen = ((await this.controls())?.controls ?? []).filter((c) => c.shown).map((c) => c.text);
    }
  }

  private async start(): Promise<void> {
    try {
      await this.run.tracer.spawn();
      this.mark('audit.op', { op: 'spawn', ok: true, detail: `spawned ${this.s.package} with the agent` });
    } catch (e) {
      this.mark('audit.op', { op: 'spawn', ok: false, detail: (e as Error).message });
      throw new Aborted(`could not start ${this.s.package}: ${(e as Error).message}`);
    }
  }

  async drive(): Promise<AuditOutcome> {
    const s = this.s;
    let aborted: StageName | null = null;
    let reason = 'audit finished';
    try {
      await this.inStage('fresh', async () => {
        const r = await this.op('clear-data', () => s.ops.clearData(s.package));
        this.fresh = r.ok;
        if (!r.ok) this.note(`audit: the start is not fresh (the app's data could not be cleared: ${r.detail})`);
        await this.start();
        await this.awaitDialog();
        this.acted();
      });
      await this.inStage('refuse', async () => {
        // The dialog is normally up already (stage 1 waited for it); a slow app gets the same wait.
        await this.decide('refused', await this.awaitDialog());
        this.acted();
      });
      await this.inStage('agree', async () => {
        await this.start();
        await this.decide('granted', await this.awaitDialog());
        this.acted();
        await this.wait(SETTLE_MS);
        await this.exercise();
      });
      await this.inStage('background', async () => {
        await this.op('home', () => s.ops.home());
        this.acted();
      });
      await this.inStage('stopped', async () => {
        await this.op('force-stop', () => s.ops.forceStop(s.package));
        this.acted();
        const slot = s.durations.stopped / (s.triggers.length + 1);
        for (const t of s.triggers) {
          await this.wait(slot);
          await this.op(`trigger:${t}`, () => s.ops.trigger(t));
        }
      });
    } catch (e) {
      if (!(e instanceof Aborted)) throw e;
      aborted = this.stage;
      reason = e.message;
      this.mark('audit.stage', { state: 'aborted', reason });
    } finally {
      s.progress?.done();
    }
    if (this.run.ingest.failure !== null) reason = storageFailureReason(this.run.ingest.failure);
    await this.run.tracer.stop(reason);
    // The writer thread's last batches are answered at stop (session/tracer.ts).
    if (this.run.ingest.failure !== null) reason = storageFailureReason(this.run.ingest.failure);
    return { runId: this.run.runId, fresh: this.fresh, stages: [...this.done], pauses: this.pauses, endReason: reason, aborted };
  }

  /** Opens the activities the app exposes, one after another, scrolling in each. */
  private async exercise(): Promise<void> {
    const s = this.s;
    const activities = (await s.ops.exportedActivities(s.package)).slice(0, MAX_ACTIVITIES);
    this.mark('audit.exercise', { activities });
    for (const a of activities) {
      const r = await this.op(`start:${a}`, () => s.ops.startActivity(s.package, a));
      if (!r.ok) continue;
      await this.wait(ACTIVITY_MS / 2);
      await this.op('scroll', () => s.ops.scroll());
      await this.wait(ACTIVITY_MS / 2);
    }
  }
}
