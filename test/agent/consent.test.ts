import { describe, expect, it } from 'vitest';
import { PhaseStage } from '../../host/ingest/stages/phase.js';
import type { IngestItem } from '../../host/ingest/types.js';
import { checkEvent, makeEnv } from './env.js';

const UM = 'com.umeng.commonsdk.UMConfigure';
const GDT = 'com.qq.e.comm.managers.setting.GlobalSetting';

describe('SDK privacy-grant calls', () => {
  it('are recorded with the decision the app passed, as lifecycle evidence', () => {
    const env = makeEnv();
    const um = env.java.define(UM, { submitPolicyGrantResult: [{ params: ['android.content.Context', 'boolean'], ret: 'void', body: () => undefined }] });
    const gdt = env.java.define(GDT, { setAgreePrivacyStrategy: [{ params: ['boolean'], ret: 'void', body: () => undefined }] });
    env.install('consent.umeng', 'consent.gdt');
    um.submitPolicyGrantResult({ $className: 'android.app.Application' }, true);
    gdt.setAgreePrivacyStrategy(false);
    const evs = env.events();
    for (const e of evs) expect(checkEvent.Check(e)).toBe(true);
    expect(evs.map((e) => [e.kind, e.detail])).toEqual([
      ['lifecycle', { type: 'consent-api', component: UM, state: 'granted' }],
      ['lifecycle', { type: 'consent-api', component: GDT, state: 'refused' }],
    ]);
  });
});

describe('PhaseStage with consent APIs', () => {
  let t = 1_000;
  const item = (api: string, kind: string, detail: Record<string, unknown>): IngestItem =>
    ({ source: 'agent', event: { kind, detail, args: [null, false] }, row: { pid: 1, t: t++, api, hook: null }, frames: null, originFrames: [], process: null }) as unknown as IngestItem;
  const resume = () => item('android.app.Instrumentation.callActivityOnResume(android.app.Activity)', 'lifecycle', { type: 'resume', component: 'A' });
  const grant = (state: string) => item(`${UM}.submitPolicyGrantResult(android.content.Context,boolean)`, 'lifecycle', { type: 'consent-api', component: UM, state });

  it('treats the call as evidence only by default', () => {
    const stage = new PhaseStage();
    stage.enrich(resume());
    const g = grant('granted');
    stage.enrich(g);
    expect(g.row.phase).toBe('pre-consent');
  });

  it('takes a configured call as the consent decision, from the recorded state or a fixed one', () => {
    const stage = new PhaseStage(undefined, true, [{ api: `${UM}.submitPolicyGrantResult` }]);
    stage.enrich(resume());
    const g = grant('refused');
    stage.enrich(g);
    expect(g.row).toMatchObject({ phase: 'refused', consent: 'refused' });
    const fixed = new PhaseStage(undefined, true, [{ api: `${UM}.submitPolicyGrantResult`, state: 'granted' }]);
    fixed.enrich(resume());
    const f = grant('refused');
    fixed.enrich(f);
    expect(f.row.phase).toBe('post-consent');
  });
});
