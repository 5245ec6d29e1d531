// PhaseTracker against a plainly written reference, on seeded random runs. The tracker keeps a
// state after each transition (sharing structure between states, so that 20,000 of them stay
// cheap) and re-derives the later ones when a transition arrives late; the reference below keeps
// nothing: for every event it sorts all the transitions received so far by time (ties in arrival
// order) and replays them from the empty state. The two must agree on every event's phase,
// consent and foreground, for lifecycle resume/pause/create, clicks, consent events and process
// ends across several processes arriving out of time order. The reference has no transition limit,
// so it stands for the tracker only while the late arrivals stay within the transitions it keeps
// (always here: lateness is bounded by a few hundred milliseconds).
import { describe, expect, it } from 'vitest';
import { prng as random } from '../helpers/seeded.js';
import { PhaseTracker, SWITCH_GAP_MS, SWITCH_MS, classifyClick, type PhaseAssignment, type PhaseInput } from '../../analysis/phase.js';

const ACTIVITIES = ['Splash', 'Main', 'Trampoline', 'Settings'];
const EDGES = [SWITCH_GAP_MS - 1, SWITCH_GAP_MS, SWITCH_GAP_MS + 1, SWITCH_MS - 1, SWITCH_MS, SWITCH_MS + 1];
const CLICK_TEXTS = ['同意', '不同意', 'Agree', 'I agree', 'Decline', 'OK', 'Settings', '仅浏览', '同意并继续'];

/** A random run: events in device time, then delivered per process in batches (late across processes). */
function randomRun(seed: number, count: number): PhaseInput[] {
  const rnd = random(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const pids: (number | null)[] = [101, 102, 103, null];
  const byTime: { ev: PhaseInput; arrives: number }[] = [];
  /** The generator's own note of what each process resumed, to pause those more often than others. */
  const shown = new Map<number | null, string[]>();
  let t = 1_000;
  for (let i = 0; i < count; i++) {
    // Ties happen (several events in one millisecond), gaps on either edge of the switch windows,
    // and gaps longer than them.
    const r = rnd();
    // After an activity is created, often exactly on an edge (so its 10 s window is tested).
    const edgeChance = byTime.at(-1)?.ev.detail?.type === 'activity-create' ? 0.6 : 0.3;
    t += r < 0.15 ? 0 : r < edgeChance ? pick(EDGES) : r < 0.9 ? Math.floor(rnd() * 400) : Math.floor(rnd() * 15_000);
    const pid = rnd() < 0.85 ? pick(pids.slice(0, 2)) : pick(pids);
    const k = rnd();
    let ev: PhaseInput;
    if (k < 0.2) {
      const component = pick(ACTIVITIES);
      shown.set(pid, [...(shown.get(pid) ?? []), component]);
      ev = { pid, t, kind: 'lifecycle', detail: { type: 'resume', component } };
    }
    else if (k < 0.38) {
      // Mostly an activity that is on screen (so processes do go to the background), sometimes any.
      const onScreen = shown.get(pid) ?? [];
      const component = onScreen.length > 0 && rnd() < 0.8 ? onScreen.splice(Math.floor(rnd() * onScreen.length), 1)[0]! : pick(ACTIVITIES);
      ev = { pid, t, kind: 'lifecycle', detail: { type: 'pause', component } };
    }
    else if (k < 0.5) ev = { pid, t, kind: 'lifecycle', detail: { type: 'activity-create', component: pick(ACTIVITIES) } };
    else if (k < 0.56) ev = { pid, t, kind: 'lifecycle', detail: { type: 'click', text: pick(CLICK_TEXTS) } };
    else if (k < 0.59) ev = { pid, t, kind: 'consent', detail: { state: pick(['granted', 'refused']), source: 'marker' } };
    else if (k < 0.62) ev = { pid, t, kind: 'device', detail: { type: 'process-ended' } };
    else if (k < 0.64) ev = { pid, t, kind: 'lifecycle', detail: { type: 'stop', component: pick(ACTIVITIES) } };
    else ev = { pid, t, kind: pick(['pi', 'network', 'file']), detail: null };
    // A process's events reach the host in its next batch: up to 600 ms late, in order within the process.
    byTime.push({ ev, arrives: t + Math.floor(rnd() * 600) });
  }
  const lastByPid = new Map<number | null, number>();
  for (const e of byTime) {
    const before = lastByPid.get(e.ev.pid) ?? -Infinity;
    if (e.arrives < before) e.arrives = before;
    lastByPid.set(e.ev.pid, e.arrives);
  }
  return byTime
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.arrives - b.arrives || a.i - b.i)
    .map((e) => e.ev);
}

/** The state of the reference: plain maps, rebuilt from nothing for every event. */
interface ReferenceState {
  consent: 'none' | 'granted' | 'refused';
  everForeground: boolean;
  /** pid -> activity -> times resumed and not paused */
  resumed: Map<string, Map<string, number>>;
  /** pid -> activity -> when it was created (on its way to the screen) */
  starting: Map<string, Map<string, number>>;
  /** pid -> when an activity of it last paused */
  lastPause: Map<string, number>;
}

const pidText = (pid: number | null) => (pid === null ? '' : String(pid));

/** Whether an event is a transition for the reference (what it changes is decided in applyReference). */
function isTransition(ev: PhaseInput): boolean {
  const d = ev.detail;
  if (ev.kind === 'consent') return d !== null && (d.state === 'granted' || d.state === 'refused');
  if (ev.kind === 'lifecycle' && d !== null) {
    if (d.type === 'resume' || d.type === 'pause' || d.type === 'activity-create') return true;
    return d.type === 'click' && typeof d.text === 'string' && classifyClick(d.text) !== null;
  }
  return ev.kind === 'device' && d !== null && d.type === 'process-ended' && ev.pid !== null;
}

function applyReference(s: ReferenceState, ev: PhaseInput): void {
  const d = ev.detail!;
  const pid = pidText(ev.pid);
  const activity = String(d.component ?? '');
  const of = (m: Map<string, Map<string, number>>) => {
    if (!m.has(pid)) m.set(pid, new Map());
    return m.get(pid)!;
  };
  if (ev.kind === 'consent') s.consent = d.state as 'granted' | 'refused';
  else if (ev.kind === 'device') {
    s.resumed.delete(pid);
    s.starting.delete(pid);
  } else if (d.type === 'click') s.consent = classifyClick(d.text as string)!;
  else if (d.type === 'resume') {
    of(s.resumed).set(activity, (of(s.resumed).get(activity) ?? 0) + 1);
    s.starting.delete(pid);
    s.everForeground = true;
  } else if (d.type === 'pause') {
    const n = of(s.resumed).get(activity);
    if (n !== undefined) {
      if (n > 1) of(s.resumed).set(activity, n - 1);
      else of(s.resumed).delete(activity);
    }
    of(s.starting).delete(activity);
    s.lastPause.set(pid, ev.t);
  } else if (d.type === 'activity-create') {
    // A switch within an app that has been on screen: one of its activities is resumed, or one
    // paused at most SWITCH_GAP_MS before.
    const paused = s.lastPause.get(pid);
    const onScreen = of(s.resumed).size > 0;
    const justPaused = paused !== undefined && ev.t >= paused && ev.t - paused <= SWITCH_GAP_MS;
    if (s.everForeground && (onScreen || justPaused)) of(s.starting).set(activity, ev.t);
  }
}

function referencePhase(received: PhaseInput[], ev: PhaseInput, launchedByUser: boolean, observe: boolean): PhaseAssignment {
  const s: ReferenceState = { consent: 'none', everForeground: false, resumed: new Map(), starting: new Map(), lastPause: new Map() };
  const inTimeOrder = received.map((e, order) => ({ e, order })).sort((a, b) => a.e.t - b.e.t || a.order - b.order);
  for (const { e } of inTimeOrder) if (e.t <= ev.t) applyReference(s, e);
  const anyResumed = [...s.resumed.values()].some((m) => m.size > 0);
  const anyStarting = [...s.starting.values()].some((m) => [...m.values()].some((created) => ev.t - created <= SWITCH_MS));
  const foreground = !observe && (anyResumed || anyStarting);
  let phase: PhaseAssignment['phase'];
  if (observe) phase = 'background';
  else if (foreground) phase = s.consent === 'granted' ? 'post-consent' : s.consent === 'refused' ? 'refused' : 'pre-consent';
  else phase = !s.everForeground && launchedByUser && s.consent === 'none' ? 'launch' : 'background';
  return { phase, consent: s.consent, foreground };
}

/** Feeds a run to a tracker and to the reference; returns the first disagreement and what the run covered. */
function compare(events: PhaseInput[], launchedByUser: boolean, observe: boolean, checkEvery = 1) {
  const tracker = new PhaseTracker(undefined, launchedByUser, observe);
  const received: PhaseInput[] = [];
  const seen = new Set<string>();
  let late = 0;
  let maxT = -Infinity;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    if (isTransition(ev)) {
      received.push(ev);
      if (ev.t < maxT) late++;
      maxT = Math.max(maxT, ev.t);
    }
    const got = tracker.next(ev);
    if (i % checkEvery !== 0 && i !== events.length - 1) continue;
    const want = referencePhase(received, ev, launchedByUser, observe);
    seen.add(`${want.phase}/${want.foreground}`);
    if (got.phase !== want.phase || got.consent !== want.consent || got.foreground !== want.foreground) {
      return { mismatch: { index: i, event: ev, got, want }, seen, late };
    }
  }
  return { mismatch: null, seen, late, transitions: received.length };
}

describe('PhaseTracker against a from-scratch reference', () => {
  it('agrees on every event of 200 seeded random runs with late arrivals', () => {
    const seen = new Set<string>();
    let late = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const launchedByUser = seed % 5 !== 0;
      const observe = seed % 17 === 0;
      const result = compare(randomRun(seed, 250), launchedByUser, observe);
      expect(result.mismatch, `seed ${seed}`).toBeNull();
      for (const s of result.seen) seen.add(s);
      late += result.late;
    }
    // The runs covered what they are for: every phase, switches held in the foreground, late transitions.
    expect([...seen].sort()).toEqual(['background/false', 'launch/false', 'post-consent/true', 'pre-consent/true', 'refused/true'].sort());
    expect(late).toBeGreaterThan(1_000);
  });

  it('agrees past the fold of old transitions (more than 20,000 kept would be folded)', () => {
    const events = randomRun(20_000_001, 40_000);
    const result = compare(events, true, false, 499);
    expect(result.mismatch).toBeNull();
    expect(result.transitions).toBeGreaterThan(20_000);
  });

  it('fails on a tracker that disagrees (the comparison can tell)', () => {
    // A run where the reference's answer differs from what a tracker ignoring late transitions gives.
    const events: PhaseInput[] = [
      { pid: 1, t: 100, kind: 'lifecycle', detail: { type: 'resume', component: 'Main' } },
      { pid: 1, t: 300, kind: 'pi', detail: null },
      { pid: 2, t: 200, kind: 'consent', detail: { state: 'granted' } },
      { pid: 1, t: 250, kind: 'pi', detail: null },
    ];
    const received = events.filter(isTransition);
    expect(referencePhase(received, events[3]!, true, false).phase).toBe('post-consent');
    expect(referencePhase(received.slice(0, 1), events[3]!, true, false).phase).toBe('pre-consent');
    expect(compare(events, true, false).mismatch).toBeNull();
  });
});
