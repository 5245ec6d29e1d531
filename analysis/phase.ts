// When an event happened in consent terms: the phase of a run (launch, pre-consent, post-consent,
// refused, background), derived from the events themselves: consent events, analyst markers,
// configured consent-API calls, clicks on controls whose text is an agree/refuse wording, and
// activity resume/pause. This is the one phase algorithm: ingest runs it live (the stored phase
// the console and dashboard show) and analysis/timeline.ts runs it over a stored run (the report),
// both through readPhaseSignal + PhaseTracker, so with the same ConsentConfig they agree by
// construction; a report with other consent words re-applies the same code.
import type { Phase } from '../protocol/constants.js';

export interface ConsentWords {
  agree: string[];
  refuse: string[];
}

/**
 * Defaults cover the wordings of Chinese privacy dialogs (MIIT-style "同意/不同意") and common
 * English ones. Refusals are checked first: "不同意" contains "同意".
 */
export const DEFAULT_CONSENT_WORDS: ConsentWords = {
  agree: ['同意', '同意并继续', '同意并进入', '同意并使用', '我同意', '已阅读并同意', '接受', 'agree', 'i agree', 'accept', 'accept all', 'agree and continue'],
  // Deliberately not bare "退出"/"exit": a logout button must not read as a refusal.
  refuse: ['不同意', '暂不同意', '不同意并退出', '拒绝', '仅浏览', '暂不使用', 'disagree', 'decline', 'reject', 'refuse', 'do not agree', "don't agree"],
};

/** An API whose call means the user decided (e.g. an SDK's privacy-grant call), when configured. */
export interface ConsentApi {
  /** "class.method" (matches every overload) or a hook id. */
  api: string;
  /** Fixed decision; otherwise from `arg` (a boolean argument), else the call's recorded state, else 'granted'. */
  state?: 'granted' | 'refused';
  /** Index of a boolean argument: true = granted, false = refused. */
  arg?: number;
}

export function matchesConsentApi(cfg: ConsentApi, api: string | null, hook: string | null): boolean {
  if (hook !== null && hook === cfg.api) return true;
  if (api === null) return false;
  return api === cfg.api || api.startsWith(`${cfg.api}(`);
}

/** The decision a configured consent API call stands for. */
export function consentApiDecision(cfg: ConsentApi, args: readonly unknown[] | null, detail: Record<string, unknown> | null): 'granted' | 'refused' {
  if (cfg.state !== undefined) return cfg.state;
  if (cfg.arg !== undefined && args !== null) {
    const v = args[cfg.arg];
    return v === false || v === 0 || v === 'false' ? 'refused' : 'granted';
  }
  // SDK privacy-grant hooks record the boolean they were given.
  if (detail !== null && (detail.state === 'granted' || detail.state === 'refused')) return detail.state;
  return 'granted';
}

/** Control texts longer than this are paragraphs (the policy itself), not buttons. */
const MAX_BUTTON_TEXT = 24;

function normalize(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}

/** A wording list, normalized: a consent word with its Latin-or-CJK matching decided once. */
interface NormalizedWords {
  refuse: NormalizedWord[];
  agree: NormalizedWord[];
}
interface NormalizedWord {
  text: string;
  /** Latin words must match whole words ("agree" must not match "disagree"); CJK has no spaces. */
  whole: boolean;
}

/**
 * Normalized once per wording list: every click event is classified, and normalizing ~24 words
 * for each (NFKC plus a Unicode-class expression) was ~3% of ingest's main thread. Keyed by the
 * list object, so a report's own words get their own entry.
 */
const normalizedWords = new WeakMap<ConsentWords, NormalizedWords>();

function normalizeWords(words: ConsentWords): NormalizedWords {
  let n = normalizedWords.get(words);
  if (n === undefined) {
    const each = (list: string[]): NormalizedWord[] =>
      list.map(normalize).filter((text) => text !== '').map((text) => ({ text, whole: /[a-z0-9]/.test(text) }));
    n = { refuse: each(words.refuse), agree: each(words.agree) };
    normalizedWords.set(words, n);
  }
  return n;
}

/** Classifies a clicked control's text as a consent decision, or null. */
export function classifyClick(text: string, words: ConsentWords = DEFAULT_CONSENT_WORDS): 'granted' | 'refused' | null {
  const t = normalize(text);
  if (t === '' || t.length > MAX_BUTTON_TEXT) return null;
  const spaced = ` ${t} `;
  const matches = (w: NormalizedWord) => (w.whole ? spaced.includes(` ${w.text} `) : t.includes(w.text));
  const n = normalizeWords(words);
  if (n.refuse.some(matches)) return 'refused';
  if (n.agree.some(matches)) return 'granted';
  return null;
}

/** The signals the tracker needs from an event (stored rows and live events both provide them). */
export interface PhaseInput {
  pid: number | null;
  /** Device time of the event. */
  t: number;
  kind: string;
  /** lifecycle detail.type / consent detail.state etc., already parsed. */
  detail: Record<string, unknown> | null;
}

export type ConsentState = 'none' | 'granted' | 'refused';

export interface PhaseAssignment {
  phase: Phase;
  consent: ConsentState;
  foreground: boolean;
}

/**
 * The state of a run at some time. States are immutable and share what a transition leaves alone:
 * the tracker keeps one after each of up to MAX_TRANSITIONS transitions (for late events), so a
 * transition allocates only the process record it changes, never copies of the whole state's
 * maps (those copies, promoted before they died, were most of a 1M-event report's peak RSS:
 * docs/benchmarks.md, "Reports at 1M events, round 5").
 */
interface State {
  consent: ConsentState;
  everForeground: boolean;
  /** The processes an activity event was seen in, one record each, in first-seen order. */
  processes: readonly ProcessState[];
}

/** One process's activities: replaced (not edited) when an event of that process changes them. */
interface ProcessState {
  /** The event's pid as text ('' when it had none). */
  pid: string;
  /** Activities resumed and not paused since, each with its resume count (always > 0). */
  resumed: readonly ResumedActivity[];
  /**
   * Activities created and not yet resumed: on their way to the screen. Android pauses the current
   * activity before it creates the next one ("Coordinating activities",
   * developer.android.com/guide/components/activities/activity-lifecycle: A.onPause, then
   * B.onCreate/onStart/onResume, then A.onStop), so between Splash's pause and Main's resume the
   * app is switching activities, not in the background.
   */
  starting: readonly StartingActivity[];
  /** When an activity of this process last paused (a switch starts with a pause). */
  lastPause: number | undefined;
}

interface ResumedActivity {
  activity: string;
  count: number;
}

interface StartingActivity {
  activity: string;
  created: number;
}

const NONE: readonly never[] = Object.freeze([]);

/** What a transition does; a transition is data (one shape for all), applied by applyTransition. */
const enum Change {
  Consent,
  ActivityCreate,
  Resume,
  Pause,
  ProcessEnded,
}

/** A transition (a consent decision, an activity created, resumed or paused, a process ended) and the state after it. */
interface Transition {
  t: number;
  change: Change;
  /** The process (pid as text), for activity changes and process ends. */
  pid: string;
  /** The activity (lifecycle detail.component as text), for activity changes. */
  activity: string;
  /** The decision, for consent changes. */
  consent: ConsentState;
  /** The state after this transition: set (and reset for a late arrival before it) by PhaseTracker.insert. */
  after: State;
}

/**
 * How long an activity created but not resumed keeps the app in the foreground. A trampoline that
 * finishes in onCreate never resumes, and an SDK can create an activity from the background; neither
 * may hide background collection for long. Android gives up on an activity launch after 10 s
 * (ActivityTaskSupervisor.LAUNCH_TIMEOUT, "How long we can hold the launch wake lock before giving
 * up", frameworks/base services/core/java/com/android/server/wm/ActivityTaskSupervisor.java).
 */
export const SWITCH_MS = 10_000;

/**
 * How long after an activity paused the next one's creation still counts as a switch. Android
 * creates the next activity once the current one has paused, or after PAUSE_TIMEOUT (500 ms,
 * ActivityRecord.java: "How long we wait until giving up on the last activity to pause") when it
 * does not; 1 s leaves room for the agent's timestamps (the pause is stamped when it returns).
 */
export const SWITCH_GAP_MS = 1_000;

/** Transitions kept for events that arrive late; older ones are folded into the initial state. */
const MAX_TRANSITIONS = 20_000;

/** The state with one process's record replaced (appended when the process is new). */
function withProcess(s: State, at: number, next: ProcessState, everForeground = s.everForeground): State {
  const processes = s.processes.slice();
  if (at < 0) processes.push(next);
  else processes[at] = next;
  return { consent: s.consent, everForeground, processes };
}

function processIndex(s: State, pid: string): number {
  const list = s.processes;
  for (let i = 0; i < list.length; i++) if (list[i]!.pid === pid) return i;
  return -1;
}

/** The state after a transition, from the state before it; the same object when nothing changes. */
function applyTransition(s: State, tr: Transition): State {
  if (tr.change === Change.Consent) return { consent: tr.consent, everForeground: s.everForeground, processes: s.processes };
  const at = processIndex(s, tr.pid);
  const p = at < 0 ? undefined : s.processes[at]!;
  switch (tr.change) {
    case Change.ActivityCreate: {
      // Only once the app has been on screen: before that, the launch phase covers the first
      // activity. A switch, not a wake: the app was on screen (an activity of this process
      // resumed, or one paused just before, as Android pauses the current activity before
      // creating the next). A trampoline an SDK or another app starts while the app is in the
      // background (Getui's GActivity finishing in onCreate) never makes it foreground.
      if (p === undefined || !s.everForeground) return s;
      const paused = p.lastPause;
      const switching = p.resumed.length > 0 || (paused !== undefined && tr.t - paused >= 0 && tr.t - paused <= SWITCH_GAP_MS);
      if (!switching) return s;
      const entry: StartingActivity = { activity: tr.activity, created: tr.t };
      const i = p.starting.findIndex((a) => a.activity === tr.activity);
      const starting = i < 0 ? [...p.starting, entry] : p.starting.map((a, k) => (k === i ? entry : a));
      return withProcess(s, at, { pid: p.pid, resumed: p.resumed, starting, lastPause: p.lastPause });
    }
    case Change.Resume: {
      const before = p?.resumed ?? NONE;
      const i = before.findIndex((a) => a.activity === tr.activity);
      const resumed = i < 0 ? [...before, { activity: tr.activity, count: 1 }] : before.map((a, k) => (k === i ? { activity: a.activity, count: a.count + 1 } : a));
      // The switch is over: an activity of this process is on screen. Activities created here
      // that never resumed (a trampoline that finished in onCreate) are not on their way any more.
      return withProcess(s, at, { pid: tr.pid, resumed, starting: NONE, lastPause: p?.lastPause }, true);
    }
    case Change.Pause: {
      const before = p?.resumed ?? NONE;
      const i = before.findIndex((a) => a.activity === tr.activity);
      const count = i < 0 ? 0 : before[i]!.count - 1;
      const resumed = i < 0 ? before : count > 0 ? before.map((a, k) => (k === i ? { activity: a.activity, count } : a)) : before.filter((_, k) => k !== i);
      const startingBefore = p?.starting ?? NONE;
      const starting = startingBefore.some((a) => a.activity === tr.activity) ? startingBefore.filter((a) => a.activity !== tr.activity) : startingBefore;
      return withProcess(s, at, { pid: tr.pid, resumed, starting, lastPause: tr.t });
    }
    case Change.ProcessEnded: {
      // A dead process has no resumed activities (it keeps its last pause).
      if (p === undefined || (p.resumed.length === 0 && p.starting.length === 0)) return s;
      return withProcess(s, at, { pid: p.pid, resumed: NONE, starting: NONE, lastPause: p.lastPause });
    }
  }
  return s;
}

/**
 * The phase at an event's device time. Events reach the host in batches per process, so across
 * processes they arrive a little out of time order (a push process's read stamped before the
 * consent click may arrive after it). The tracker keeps the state after each transition by time,
 * and an event gets the state at its own time among the transitions received so far; a transition
 * that arrives late is put in its place for the events after it. Ingest feeds events in arrival
 * order and analysis/timeline.ts replays the stored run in the same (id) order, so both give the
 * same phases. What this cannot know: a transition that arrives after events stamped later than it
 * were already phased (bounded by the agent's batch interval); docs/design.md says so.
 */
export class PhaseTracker {
  private readonly transitions: Transition[] = [];
  private initial: State = { consent: 'none', everForeground: false, processes: NONE };

  /**
   * @param launchedByUser whether the run began with a launch of the app (then the time before the
   *   first activity resumes is the launch phase; otherwise it is background).
   * @param observe a self-start observation (`trace --observe`): nobody uses the app, so every event
   *   is background whatever activity the app brings up by itself; consent state is still tracked.
   */
  constructor(
    private readonly words: ConsentWords = DEFAULT_CONSENT_WORDS,
    private readonly launchedByUser = true,
    private readonly observe = false,
  ) {}

  /** Feeds one event (in arrival order) and returns the phase at its time. */
  next(ev: PhaseInput): PhaseAssignment {
    const tr = this.transition(ev);
    return this.assign(tr === null ? this.stateAt(ev.t) : this.insert(tr), ev.t);
  }

  /** What an event changes (its `after` not yet set); null when it changes nothing. */
  private transition(ev: PhaseInput): Transition | null {
    const d = ev.detail;
    if (ev.kind === 'consent' && d !== null && (d.state === 'granted' || d.state === 'refused')) {
      return { t: ev.t, change: Change.Consent, pid: '', activity: '', consent: d.state, after: this.initial };
    }
    if (ev.kind === 'lifecycle' && d !== null) {
      const change = d.type === 'activity-create' ? Change.ActivityCreate : d.type === 'resume' ? Change.Resume : d.type === 'pause' ? Change.Pause : null;
      if (change !== null) return { t: ev.t, change, pid: `${ev.pid ?? ''}`, activity: String(d.component ?? ''), consent: 'none', after: this.initial };
      if (d.type === 'click' && typeof d.text === 'string') {
        const decision = classifyClick(d.text, this.words);
        if (decision !== null) return { t: ev.t, change: Change.Consent, pid: '', activity: '', consent: decision, after: this.initial };
      }
      return null;
    }
    if (ev.kind === 'device' && d !== null && d.type === 'process-ended' && ev.pid !== null) {
      return { t: ev.t, change: Change.ProcessEnded, pid: `${ev.pid}`, activity: '', consent: 'none', after: this.initial };
    }
    return null;
  }

  /** Index of the first transition later than t (ties: transitions received earlier come first). */
  private upper(t: number): number {
    const list = this.transitions;
    if (list.length === 0 || list[list.length - 1]!.t <= t) return list.length;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private stateAt(t: number): State {
    const i = this.upper(t);
    return i === 0 ? this.initial : this.transitions[i - 1]!.after;
  }

  /** Puts a transition at its time; the states after it are recomputed only when it arrived late. */
  private insert(at: Transition): State {
    const list = this.transitions;
    const i = this.upper(at.t);
    at.after = applyTransition(i === 0 ? this.initial : list[i - 1]!.after, at);
    list.splice(i, 0, at);
    for (let k = i + 1; k < list.length; k++) list[k]!.after = applyTransition(list[k - 1]!.after, list[k]!);
    if (list.length > MAX_TRANSITIONS) {
      const drop = list.length - MAX_TRANSITIONS / 2;
      this.initial = list[drop - 1]!.after;
      list.splice(0, drop);
    }
    return at.after;
  }

  private assign(s: State, t: number): PhaseAssignment {
    let foreground = false;
    if (!this.observe) {
      for (const p of s.processes) {
        if (p.resumed.length > 0 || p.starting.some((a) => t - a.created <= SWITCH_MS)) {
          foreground = true;
          break;
        }
      }
    }
    let phase: Phase;
    if (this.observe) phase = 'background';
    else if (!foreground) phase = !s.everForeground && this.launchedByUser && s.consent === 'none' ? 'launch' : 'background';
    else if (s.consent === 'granted') phase = 'post-consent';
    else if (s.consent === 'refused') phase = 'refused';
    else phase = 'pre-consent';
    return { phase, consent: s.consent, foreground };
  }
}

/** Everything that decides phases besides the events: recorded with the run, extendable at report time. */
export interface ConsentConfig {
  words: ConsentWords;
  apis: ConsentApi[];
  /** Whether the run began with a launch of the app (observe/attach runs did not). */
  launchedByUser: boolean;
  /** A self-start observation (`trace --observe`): background throughout. */
  observe?: boolean;
}

/** The consent configuration a run recorded (its options), with report-time additions. */
export function consentConfig(runOptions: Record<string, unknown>, mode: string, extra: { words?: ConsentWords; apis?: ConsentApi[] } = {}): ConsentConfig {
  const stored = runOptions.consentWords as ConsentWords | undefined;
  const words = extra.words ?? (stored !== undefined && Array.isArray(stored.agree) && Array.isArray(stored.refuse) ? stored : DEFAULT_CONSENT_WORDS);
  const storedApis = Array.isArray(runOptions.consentApis) ? (runOptions.consentApis as ConsentApi[]).filter((a) => typeof a?.api === 'string') : [];
  // Runs record whether they began with sdktrace launching the app (attach and observe runs did not);
  // older runs only have their mode.
  const launchedByUser = typeof runOptions.launchedByUser === 'boolean' ? runOptions.launchedByUser : mode !== 'observe';
  const observe = typeof runOptions.observe === 'boolean' ? runOptions.observe : mode === 'observe';
  return { words, apis: [...storedApis, ...(extra.apis ?? [])], launchedByUser, observe };
}

/** A consent decision seen in the events: what the timeline lists and the tracker applies. */
export interface ConsentSignal {
  state: 'granted' | 'refused';
  source: 'click' | 'api' | 'marker' | 'consent-api';
  /** The clicked text, or the API. */
  text: string | null;
}

/** One event as the phase algorithm reads it (a live ingest item and a stored row both give this). */
export interface PhaseEvent {
  pid: number | null;
  /** Device time. */
  t: number;
  source: 'agent' | 'host';
  kind: string;
  api: string | null;
  hook: string | null;
  detail: Record<string, unknown> | null;
  /** The call's arguments, read only when a configured consent API needs them. */
  args: () => readonly unknown[] | null;
}

/**
 * Reads one event for the phase algorithm: the tracker input, and the consent decision it stands
 * for, if any (an agent consent event, an analyst marker with a state, a click on an agree/refuse
 * control, a configured consent-API call).
 */
export function readPhaseSignal(ev: PhaseEvent, config: ConsentConfig): { input: PhaseInput; consent: ConsentSignal | null } {
  const d = ev.detail;
  if (ev.kind === 'consent' && d !== null && (d.state === 'granted' || d.state === 'refused')) {
    const source = d.source === 'click' || d.source === 'api' ? d.source : 'marker';
    return { input: { pid: ev.pid, t: ev.t, kind: ev.kind, detail: d }, consent: { state: d.state, source, text: typeof d.text === 'string' ? d.text : null } };
  }
  if (ev.kind === 'marker' && d !== null) {
    const state = d.state ?? d.consent;
    if (state === 'granted' || state === 'refused') {
      return { input: { pid: ev.pid, t: ev.t, kind: 'consent', detail: { state, source: 'marker' } }, consent: { state, source: 'marker', text: typeof d.text === 'string' ? d.text : null } };
    }
  }
  if (ev.kind === 'lifecycle' && d !== null && d.type === 'click' && typeof d.text === 'string') {
    const decision = classifyClick(d.text, config.words);
    return { input: { pid: ev.pid, t: ev.t, kind: ev.kind, detail: d }, consent: decision === null ? null : { state: decision, source: 'click', text: d.text } };
  }
  if (config.apis.length > 0 && ev.source === 'agent' && (ev.api !== null || ev.hook !== null)) {
    const cfg = config.apis.find((c) => matchesConsentApi(c, ev.api, ev.hook));
    if (cfg !== undefined) {
      const state = consentApiDecision(cfg, cfg.arg === undefined ? null : ev.args(), d);
      return { input: { pid: ev.pid, t: ev.t, kind: 'consent', detail: { state, source: 'api' } }, consent: { state, source: 'consent-api', text: ev.api ?? ev.hook } };
    }
  }
  return { input: { pid: ev.pid, t: ev.t, kind: ev.kind, detail: d }, consent: null };
}
