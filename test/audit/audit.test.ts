// `sdktrace audit` on the emulated device: the audit scenario's SDKs do known things in each stage
// (data/scenarios/audit.json notes), so the audit must find exactly those findings per stage. A
// dialog whose buttons match no consent words makes the audit pause for the analyst.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAnalyst, ScriptedAnalyst, type Analyst } from '../../host/audit/analyst.js';
import { DashboardAnswers, withDashboard } from '../../host/audit/dashboard.js';
import type { ActiveRun } from '../../host/session/run.js';
import { NoOps } from '../../host/audit/ops-adb.js';
import { auditEmulated, findingKeys, scenarioWith } from './helpers.js';
import { buildReport } from '../../reports/model.js';

describe('audit: the five stages on the emulated device', () => {
  it('finds exactly the expected findings in each stage, with self-start only after the trigger', async () => {
    const { outcome, stages, store } = await auditEmulated({ triggers: ['connectivity'] });
    expect(outcome).toMatchObject({ fresh: true, pauses: 0, aborted: null, stages: ['fresh', 'refuse', 'agree', 'background', 'stopped'] });
    expect(findingKeys(stages, 'fresh')).toEqual(['pre-consent-collection getui-push android_id']);
    expect(findingKeys(stages, 'refuse')).toEqual(['pre-consent-collection umeng-common imei']);
    expect(findingKeys(stages, 'agree')).toEqual([
      'associated-startup getui-push -',
      'installed-apps umeng-analytics installed_apps',
      'plaintext-transmission pangle location',
      // Restarted after the refusal: Getui reads the Android ID again before the user agrees.
      'pre-consent-collection getui-push android_id',
    ]);
    expect(findingKeys(stages, 'background')).toEqual(['background-collection umeng-analytics installed_apps', 'installed-apps umeng-analytics installed_apps']);
    expect(findingKeys(stages, 'stopped')).toEqual(['background-collection getui-push android_id', 'background-collection getui-push imsi', 'background-collection umeng-common android_id', 'self-start getui-push -', 'self-start jpush -']);
    const stopped = stages.find((s) => s.stage === 'stopped')!;
    // Two wakes from the one CONNECTIVITY_CHANGE: Partner News binds Getui's service, Partner
    // Weather's JPush queries this app's JPush DataProvider (the main process starts for it).
    expect(stopped.selfStarts).toEqual([
      { process: 'com.example.shop:pushservice', reason: 'service', component: 'com.example.shop/com.igexin.sdk.PushService' },
      { process: 'com.example.shop', reason: 'provider', component: 'com.example.shop/cn.jpush.android.service.DataProvider' },
    ]);
    const jpush = buildReport(store, outcome.runId).findings.find((f) => f.rule === 'self-start' && f.sdk?.id === 'jpush')!;
    expect(jpush.message).toBe('Process com.example.shop was started by provider (com.example.shop/cn.jpush.android.service.DataProvider), sent by com.partner.weather, not by the user.');
    expect(jpush.evidence.events.map((e) => e.api)).toEqual([expect.stringMatching(/^android\.content\.ContentProvider\$Transport\.query\(/)]);
    expect(stages.find((s) => s.stage === 'agree')!.otherApps).toEqual(['com.partner.news']);
    // The clicks the audit made are the consent decisions the phases read.
    const phases = store.db.prepare(`SELECT DISTINCT phase FROM events WHERE run_id = ? AND kind = 'pi' ORDER BY phase`).all(outcome.runId).map((r: any) => r.phase);
    expect(phases).toEqual(['background', 'post-consent', 'pre-consent', 'refused']);
    expect(store.run(outcome.runId)).toMatchObject({ mode: 'audit', end_reason: 'audit finished' });
  });

  it('the same findings when the privacy dialog is a Dialog window', async () => {
    const scenario = scenarioWith((s) => {
      s.app.privacyDialog!.window = 'dialog';
    });
    const { outcome, stages } = await auditEmulated({ scenario, triggers: ['connectivity'] });
    expect(outcome.pauses).toBe(0);
    expect(findingKeys(stages, 'refuse')).toEqual(['pre-consent-collection umeng-common imei']);
    expect(findingKeys(stages, 'agree')).toContain('plaintext-transmission pangle location');
    expect(findingKeys(stages, 'stopped')).toContain('self-start getui-push -');
  });

  it('without a trigger the force-stopped app stays stopped: no self-start', async () => {
    const { stages } = await auditEmulated();
    const stopped = stages.find((s) => s.stage === 'stopped')!;
    expect(stopped.selfStarts).toEqual([]);
    expect(findingKeys(stages, 'stopped')).toEqual([]);
  });

  // The partner app hears USER_PRESENT only while it targets API 25 or lower (Android 8's implicit
  // broadcast limits apply to apps targeting 26+), and then wakes the stopped app.
  for (const [target, wakes] of [
    [25, true],
    [26, false],
  ] as const) {
    it(`user-present trigger, partner targeting API ${target}: ${wakes ? 'a self-start' : 'no self-start'}`, async () => {
      const scenario = scenarioWith((s) => {
        const partner = s.otherApps![0]!;
        partner.targetSdk = target;
        partner.components!.receivers![0]!.actions = ['android.intent.action.USER_PRESENT'];
      });
      const { stages } = await auditEmulated({ scenario, triggers: ['connectivity', 'user-present'] });
      const stopped = stages.find((s) => s.stage === 'stopped')!;
      expect(stopped.ops.map((o) => [o.op, o.ok])).toEqual([
        ['force-stop', true],
        ['trigger:connectivity', true],
        ['trigger:user-present', true],
      ]);
      expect(stopped.ops[2]!.detail).toContain(wakes ? 'delivered to com.partner.news' : 'delivered to no app');
      // The connectivity trigger still reaches Partner Weather, whose JPush query wakes the main process.
      expect(stopped.selfStarts.map((p) => p.process)).toEqual(wakes ? ['com.example.shop', 'com.example.shop:pushservice'] : ['com.example.shop']);
    });
  }

  it('says the start was not fresh when the app data cannot be cleared (no shell)', async () => {
    const { outcome, stages } = await auditEmulated({ ops: () => new NoOps('adb is not on PATH') });
    expect(outcome.fresh).toBe(false);
    expect(stages[0]!.ops[0]).toEqual({ op: 'clear-data', ok: false, detail: 'pm clear com.example.shop: adb is not on PATH' });
  });
});

describe('audit: pausing for the analyst', () => {
  // The dialog's buttons say nothing the consent words know.
  const odd = scenarioWith((s) => {
    s.app.privacyDialog!.buttons[0]!.text = 'Not now';
    s.app.privacyDialog!.buttons[1]!.text = 'Continue';
  });

  it('pauses instead of guessing, records the question and the answer, then clicks what the analyst typed', async () => {
    const analyst = new ScriptedAnalyst([{ action: 'click', text: 'Not now' }, { action: 'click', text: 'Continue' }]);
    const { outcome, stages, store } = await auditEmulated({ scenario: odd, analyst });
    expect(outcome.pauses).toBe(2);
    expect(analyst.questions.map((q) => [q.stage, q.wanted])).toEqual([
      ['refuse', 'refuse'],
      ['agree', 'agree'],
    ]);
    expect(analyst.questions[0]!.seen).toContain('Not now');
    expect(stages.find((s) => s.stage === 'refuse')!.pauses).toEqual([{ wanted: 'refuse', answer: 'click "Not now"' }]);
    const markers = store.db.prepare(`SELECT api, detail FROM events WHERE run_id = ? AND api IN ('audit.pause', 'audit.click') ORDER BY id`).all(outcome.runId) as { api: string; detail: string }[];
    expect(markers.map((m) => [m.api, JSON.parse(m.detail).state ?? JSON.parse(m.detail).by])).toEqual([
      ['audit.pause', 'begin'],
      ['audit.pause', 'end'],
      ['audit.click', 'analyst'],
      ['audit.pause', 'begin'],
      ['audit.pause', 'end'],
      ['audit.click', 'analyst'],
    ]);
    // The listeners ran: Umeng's IMEI read after "Not now", Pangle's location after "Continue".
    expect(stages.find((s) => s.stage === 'refuse')!.sdks.map((s) => s.sdk)).toEqual(['umeng-common']);
    expect(stages.find((s) => s.stage === 'agree')!.sdks.map((s) => s.sdk)).toContain('pangle');
  });

  it('answers typed on the console prompt; a closed input skips the step', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let prompts = '';
    output.on('data', (b: Buffer) => {
      prompts += b.toString();
      // Answer each prompt as it appears: the first by text, then close the input.
      if (prompts.split('[audit paused]').length === 2 && !input.writableEnded) input.write('Not now\n');
      else if (prompts.split('[audit paused]').length === 3) input.end();
    });
    const { outcome, stages } = await auditEmulated({ scenario: odd, analyst: new ConsoleAnalyst(input, output) });
    expect(prompts).toContain('no shown control reads as "refuse"');
    expect(prompts).toContain('"Not now", "Continue"');
    expect(stages.find((s) => s.stage === 'refuse')!.pauses).toEqual([{ wanted: 'refuse', answer: 'click "Not now"' }]);
    expect(stages.find((s) => s.stage === 'agree')!.pauses).toEqual([{ wanted: 'agree', answer: 'skipped' }]);
    expect(outcome.aborted).toBe(null);
  });

  it('the dashboard\'s consent buttons answer a pause: the marker is recorded and the console prompt withdrawn', async () => {
    const asked: ({ state: string; text: string } | null)[] = [];
    const answers = new DashboardAnswers((r) => asked.push(r));
    let withdrawn = 0;
    const silentConsole: Analyst = {
      pause: (_q, signal) =>
        new Promise((resolve) =>
          signal?.addEventListener('abort', () => {
            withdrawn++;
            resolve({ action: 'skip' });
          }),
        ),
    };
    let run!: ActiveRun;
    const both = withDashboard(silentConsole, answers);
    // What the dashboard's button does (host/live/attach.ts): the marker through the agent, then the answer.
    const clicking: Analyst = {
      pause: (q, signal) => {
        const state = q.wanted === 'agree' ? 'granted' : 'refused';
        setImmediate(() => void run.tracer.markConsent(state).then(() => answers.decided(state)));
        return both.pause(q, signal);
      },
    };
    const { outcome, stages, store } = await auditEmulated({ scenario: odd, analyst: clicking, onRun: (r) => (run = r) });
    expect(outcome.pauses).toBe(2);
    expect(withdrawn).toBe(2);
    expect(stages.find((s) => s.stage === 'refuse')!.pauses).toEqual([{ wanted: 'refuse', answer: 'done by the analyst (marked on the dashboard)' }]);
    const marks = store.db.prepare(`SELECT detail FROM events WHERE run_id = ? AND kind = 'consent' ORDER BY id`).all(outcome.runId).map((r: any) => JSON.parse(r.detail));
    expect(marks).toEqual([
      { state: 'refused', source: 'marker' },
      { state: 'granted', source: 'marker' },
    ]);
    // The page showed each question while the audit waited, and withdrew it once answered.
    expect(asked.map((r) => r?.state ?? null)).toEqual(['refused', null, 'granted', null]);
    expect(asked[0]!.text).toMatch(/^stage "refuse": no shown control reads as "refuse"/);
  });
});
