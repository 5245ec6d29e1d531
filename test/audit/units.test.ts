// The audit's small pieces: which control is agree/refuse, stage times, answers, the stage bar,
// the cross-app counts.
import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../host/audit/analyst.js';
import { crossAppSummary } from '../../host/audit/batch.js';
import { hasConsentControls, pickControl } from '../../host/audit/consent.js';
import { stageBar } from '../../host/audit/progress.js';
import { DEFAULT_STAGE_MS, parseStageTimes } from '../../host/audit/stages.js';
import { parseDuration } from '../../host/commands/trace.js';
import { DEFAULT_CONSENT_WORDS } from '../../analysis/phase.js';
import type { ControlInfo } from '../../protocol/messages.js';

const c = (text: string, cls = 'android.widget.Button', shown = true): ControlInfo => ({ text, cls, activity: 'a.B', path: [0], shown });

describe('consent controls', () => {
  it('picks the shown control whose text is the decision, buttons first; "不同意" is a refusal, not an agreement', () => {
    const controls = [c('同意并继续', 'android.widget.TextView'), c('不同意'), c('同意'), c('Agree', 'android.widget.Button', false)];
    expect(pickControl(controls, 'granted', DEFAULT_CONSENT_WORDS)?.text).toBe('同意');
    expect(pickControl(controls, 'refused', DEFAULT_CONSENT_WORDS)?.text).toBe('不同意');
    expect(pickControl([c('Agree', 'android.widget.Button', false)], 'granted', DEFAULT_CONSENT_WORDS)).toBe(null);
    // A paragraph that mentions agreeing is not a button.
    expect(hasConsentControls([c('By continuing you agree to the terms and the privacy policy of this app', 'android.widget.TextView')], DEFAULT_CONSENT_WORDS)).toBe(false);
  });
});

describe('stage times and answers', () => {
  it('overrides defaults per stage and names what is wrong', () => {
    expect(parseStageTimes('fresh=10s, stopped=5m', parseDuration)).toEqual({ ...DEFAULT_STAGE_MS, fresh: 10_000, stopped: 300_000 });
    expect(() => parseStageTimes('stopped', parseDuration)).toThrow('--stage-time: expected STAGE=TIME (e.g. stopped=5m), got "stopped"');
    expect(() => parseStageTimes('agree=soon', parseDuration)).toThrow(/--stage-time agree: expects a time/);
  });

  it('reads typed answers', () => {
    expect(parseAnswer('')).toEqual({ action: 'done' });
    expect(parseAnswer(' S ')).toEqual({ action: 'skip' });
    expect(parseAnswer('暂不同意')).toEqual({ action: 'click', text: '暂不同意' });
  });

  it('draws the stage bar with the time left in the stage and in the audit', () => {
    const d = { fresh: 10_000, refuse: 10_000, agree: 60_000, background: 30_000, stopped: 120_000 };
    expect(stageBar('agree', 15_000, d, 8)).toBe('[■■■□□] 3/5 agree      ▕██░░░░░░▏ 45s left in stage, 3m 15s in the audit');
  });
});

describe('cross-app summary', () => {
  it('counts apps per SDK and rule, most apps first', () => {
    const f = (rule: string, sdk: string | null) => ({ rule, sdk: sdk === null ? null : { id: sdk } });
    const rows = crossAppSummary([
      { app: 'a', findings: [f('self-start', 'getui'), f('self-start', 'getui'), f('pre-consent-collection', 'umeng')] },
      { app: 'b', findings: [f('self-start', 'getui')] },
    ]);
    expect(rows).toEqual([
      { sdk: 'getui', rule: 'self-start', apps: ['a', 'b'] },
      { sdk: 'umeng', rule: 'pre-consent-collection', apps: ['a'] },
    ]);
  });
});
