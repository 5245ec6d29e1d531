// The one phase algorithm (analysis/phase.ts) with events arriving out of device-time order, as
// batches of several processes do: each event gets the state at its own time among the
// transitions received so far, in the same way live (ingest) and over a stored run (timeline).
import { describe, expect, it } from 'vitest';
import { PhaseTracker, SWITCH_GAP_MS, SWITCH_MS, classifyClick, consentConfig, type PhaseInput } from '../../analysis/phase.js';

const resume = (pid: number, t: number): PhaseInput => ({ pid, t, kind: 'lifecycle', detail: { type: 'resume', component: 'Main' } });
const pause = (pid: number, t: number): PhaseInput => ({ pid, t, kind: 'lifecycle', detail: { type: 'pause', component: 'Main' } });
const click = (pid: number, t: number, text: string): PhaseInput => ({ pid, t, kind: 'lifecycle', detail: { type: 'click', text } });
const read = (pid: number, t: number): PhaseInput => ({ pid, t, kind: 'pi', detail: null });

describe('PhaseTracker', () => {
  it('phases a read stamped before the consent click as pre-consent even when it arrives after the click', () => {
    const p = new PhaseTracker();
    expect(p.next(resume(1, 100)).phase).toBe('pre-consent');
    expect(p.next(click(1, 200, '同意')).phase).toBe('post-consent');
    // The push process's batch arrives later, holding a read stamped 150.
    expect(p.next(read(2, 150)).phase).toBe('pre-consent');
    expect(p.next(read(2, 250)).phase).toBe('post-consent');
  });

  it('puts a late transition in its place for the events after it', () => {
    const p = new PhaseTracker();
    p.next(resume(1, 100));
    p.next(pause(1, 300));
    // A refusal stamped 200 arrives last: reads after it are after-refusal, in or out of the foreground.
    p.next(click(1, 200, '不同意'));
    expect(p.next(read(1, 250)).phase).toBe('refused');
    expect(p.next(read(1, 350))).toMatchObject({ phase: 'background', consent: 'refused' });
    expect(p.next(read(1, 150)).phase).toBe('pre-consent');
  });

  it('gives the launch phase before the first resume only when the run launched the app', () => {
    expect(new PhaseTracker(undefined, true).next(read(1, 1)).phase).toBe('launch');
    expect(new PhaseTracker(undefined, false).next(read(1, 1)).phase).toBe('background');
  });

  it('gives the same phases to the same arrival order (what ingest and a replay of the stored run do)', () => {
    const events = [resume(1, 10), read(2, 5), click(1, 30, 'agree'), read(2, 20), pause(1, 40), read(3, 35), read(3, 45)];
    const run = () => {
      const p = new PhaseTracker();
      return events.map((e) => p.next(e).phase);
    };
    expect(run()).toEqual(run());
    expect(run()).toEqual(['pre-consent', 'launch', 'post-consent', 'pre-consent', 'background', 'post-consent', 'background']);
  });
});

// The edges of foreground and background (issue 17).
const act = (pid: number, t: number, type: 'resume' | 'pause' | 'activity-create', component: string): PhaseInput => ({ pid, t, kind: 'lifecycle', detail: { type, component } });

describe('PhaseTracker at the edges', () => {
  it('keeps an activity switch within the app (Splash -> Main) in the foreground', () => {
    const p = new PhaseTracker();
    expect(p.next(act(1, 10, 'activity-create', 'Splash')).phase).toBe('launch');
    expect(p.next(act(1, 20, 'resume', 'Splash')).phase).toBe('pre-consent');
    p.next(click(1, 30, '同意'));
    // Android pauses Splash, then creates and resumes Main: Main.onCreate's reads are in the foreground.
    expect(p.next(act(1, 40, 'pause', 'Splash')).phase).toBe('background');
    expect(p.next(act(1, 41, 'activity-create', 'Main'))).toMatchObject({ phase: 'post-consent', foreground: true });
    expect(p.next(read(1, 42))).toMatchObject({ phase: 'post-consent', foreground: true });
    expect(p.next(act(1, 43, 'resume', 'Main')).phase).toBe('post-consent');
    // Home: Main pauses and nothing is created: background.
    expect(p.next(act(1, 50, 'pause', 'Main')).phase).toBe('background');
    expect(p.next(read(1, 51)).phase).toBe('background');
  });

  it('does not hold a trampoline activity that never resumed in the foreground after the next pause', () => {
    const p = new PhaseTracker();
    p.next(act(1, 10, 'resume', 'Splash'));
    p.next(act(1, 20, 'pause', 'Splash'));
    p.next(act(1, 21, 'activity-create', 'Trampoline')); // finishes in onCreate, never resumes
    p.next(act(1, 22, 'activity-create', 'Main'));
    p.next(act(1, 23, 'resume', 'Main'));
    p.next(act(1, 30, 'pause', 'Main'));
    expect(p.next(read(1, 31))).toMatchObject({ phase: 'background', foreground: false });
  });

  it('does not let an activity created in the background (never resumed) hide background collection', () => {
    const p = new PhaseTracker();
    p.next(act(1, 10, 'resume', 'Main'));
    p.next(act(1, 20, 'pause', 'Main')); // HOME
    expect(p.next(read(1, 1000)).phase).toBe('background');
    // An SDK starts a keep-alive activity from the background; it finishes in onCreate. Nothing of
    // the app was on screen or paused just before: not a switch, so no foreground at all.
    p.next(act(1, 2000, 'activity-create', 'OnePixel'));
    expect(p.next(read(1, 2001))).toMatchObject({ phase: 'background', foreground: false });
    expect(p.next(read(1, 2000 + SWITCH_MS))).toMatchObject({ phase: 'background', foreground: false });
  });

  it('keeps a switch in the foreground only up to the launch timeout when the next activity never resumes', () => {
    const p = new PhaseTracker();
    p.next(act(1, 10, 'resume', 'Splash'));
    p.next(act(1, 20, 'pause', 'Splash'));
    p.next(act(1, 20 + SWITCH_GAP_MS, 'activity-create', 'Main')); // created right after the pause
    expect(p.next(read(1, 20 + SWITCH_GAP_MS + SWITCH_MS)).foreground).toBe(true);
    expect(p.next(read(1, 21 + SWITCH_GAP_MS + SWITCH_MS))).toMatchObject({ phase: 'background', foreground: false });
  });

  it('drops the activities on their way of a process that ended', () => {
    const p = new PhaseTracker();
    p.next(act(1, 10, 'resume', 'Splash'));
    p.next(act(1, 20, 'pause', 'Splash'));
    p.next(act(1, 21, 'activity-create', 'Main'));
    p.next({ pid: 1, t: 22, kind: 'device', detail: { type: 'process-ended' } });
    expect(p.next(read(2, 23)).phase).toBe('background');
  });

  it('phases an --observe run background throughout, even when the app brings up an activity and consent is given', () => {
    const p = new PhaseTracker(undefined, false, true);
    expect(p.next(read(1, 1)).phase).toBe('background');
    expect(p.next(act(1, 10, 'activity-create', 'Main')).phase).toBe('background');
    expect(p.next(act(1, 11, 'resume', 'Main'))).toMatchObject({ phase: 'background', foreground: false });
    expect(p.next(click(1, 12, 'agree'))).toMatchObject({ phase: 'background', consent: 'granted' });
    expect(p.next(read(1, 13)).phase).toBe('background');
  });

  it('reads observe from the run: its recorded option, else its mode', () => {
    expect(consentConfig({}, 'observe').observe).toBe(true);
    expect(consentConfig({}, 'trace').observe).toBe(false);
    expect(consentConfig({ observe: true, launchedByUser: false }, 'trace').observe).toBe(true);
  });
});

describe('classifyClick', () => {
  it('matches Latin words whole, CJK words inside the text, refusals before agreements', () => {
    expect(classifyClick('I Agree!')).toBe('granted');
    expect(classifyClick('Disagree')).toBe('refused');
    expect(classifyClick('agreement')).toBeNull();
    expect(classifyClick('不同意并退出')).toBe('refused');
    expect(classifyClick('同意并继续')).toBe('granted');
    expect(classifyClick('ＡＧＲＥＥ')).toBe('granted'); // NFKC: full-width letters
    expect(classifyClick('同意'.repeat(13))).toBeNull(); // a paragraph, not a button
  });

  it('uses the wording list it is given, each list on its own', () => {
    const words = { agree: ['Weiter', '  '], refuse: ['Ablehnen'] };
    expect(classifyClick('weiter', words)).toBe('granted');
    expect(classifyClick('ablehnen', words)).toBe('refused');
    expect(classifyClick('agree', words)).toBeNull();
    expect(classifyClick('agree')).toBe('granted');
    expect(classifyClick('weiter')).toBeNull();
  });
});
