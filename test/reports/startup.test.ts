// Issue 21: self-start and associated startup as Android decides them. Each wrong finding the
// issue lists has a case here, built through the real Store and Ingest: system UI is not another
// app, refused starts are attempts with the system's reason, starts link to the arrangement that
// caused them, components shared by an SDK family go to the SDK whose code is present, handles are
// not data, coordinates are found in payloads.
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/model.js';
import type { Finding } from '../../reports/engine.js';
import { APP, cleanupTmp, Run, stack, STACKS } from './helpers.js';

afterAll(cleanupTmp);

const report = (r: Run) => buildReport(r.store, r.runId, { lists: null, generatedAt: '2026-01-01T00:00:00.000Z' });
const of = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

function launched() {
  const r = Run.create();
  const main = r.process();
  r.resume(main);
  return { r, main };
}

describe('associated startup: what is and is not another app (MIIT 关联启动第三方APP)', () => {
  it('does not count the permission dialog, the chooser or the app’s own Settings page, for an SDK or the app', () => {
    const { r, main } = launched();
    r.advance(3000);
    // ActivityCompat.requestPermissions -> Activity.requestPermissions -> startActivityForResult(REQUEST_PERMISSIONS)
    r.event(main, { kind: 'launch', api: 'android.app.Instrumentation.execStartActivity', detail: { via: 'activity', action: 'android.content.pm.action.REQUEST_PERMISSIONS', package: 'com.android.permissioncontroller' }, stack: STACKS.appPerm });
    r.event(main, { kind: 'launch', api: 'android.app.Instrumentation.execStartActivity', detail: { via: 'activity', action: 'android.content.pm.action.REQUEST_PERMISSIONS', package: 'com.android.packageinstaller' }, stack: stack('android.app.Activity.requestPermissions', 'com.baidu.location.LocationClient.checkPermission') });
    r.spawnOther('com.android.permissioncontroller', 5000, r.t + 100);
    r.event(main, { kind: 'launch', api: 'android.app.Instrumentation.execStartActivity', detail: { via: 'activity', action: 'android.intent.action.CHOOSER', package: 'android', component: 'android/com.android.internal.app.ChooserActivity' }, stack: STACKS.appPerm });
    r.event(main, { kind: 'launch', api: 'android.app.Instrumentation.execStartActivity', detail: { via: 'activity', action: 'android.settings.APPLICATION_DETAILS_SETTINGS', data: `package:${APP}`, resolved: ['com.android.settings'] }, stack: STACKS.appPerm });
    const m = report(r);
    expect(of(m.findings, 'associated-startup')).toEqual([]);
    expect(m.launchGraph.nodes).toEqual([]);
    expect(m.summary.otherApps).toEqual([]);
    const row = r.store.db.prepare("SELECT confirmed_event_id FROM launches WHERE target_package = 'com.android.permissioncontroller'").get() as { confirmed_event_id: number | null };
    expect(row.confirmed_event_id).toBeNull();
  });

  it('counts third-party apps and Settings pages about another app', () => {
    const { r, main } = launched();
    r.advance(30_000);
    r.event(main, { kind: 'launch', api: 'android.app.Instrumentation.execStartActivity', detail: { via: 'activity', component: 'com.tencent.mm/.plugin.base.stub.WXEntryActivity', package: 'com.tencent.mm' }, stack: STACKS.jpushLaunch });
    r.event(main, { kind: 'launch', api: 'android.app.Instrumentation.execStartActivity', detail: { via: 'activity', action: 'android.settings.APPLICATION_DETAILS_SETTINGS', data: 'package:com.other.app', resolved: ['com.android.settings'] }, stack: STACKS.jpushLaunch });
    const f = of(report(r).findings, 'associated-startup');
    expect(f.map((x) => [x.variant, x.evidence.launch?.targetPackage])).toEqual([
      ['attempt', 'com.tencent.mm'],
      ['attempt', 'com.android.settings'],
    ]);
  });
});

describe('associated startup: refused starts are attempts with the system’s reason', () => {
  it('reports a startService refused by background limits or answered null as refused, never confirmed', () => {
    const { r, main } = launched();
    r.advance(5000);
    r.event(main, {
      kind: 'launch',
      api: 'android.app.ContextImpl.startServiceCommon(android.content.Intent, boolean, android.os.UserHandle)',
      detail: { via: 'service', component: 'com.partner.news/com.igexin.sdk.PushService', package: 'com.partner.news' },
      thrown: 'java.lang.IllegalStateException: Not allowed to start service Intent { cmp=com.partner.news/com.igexin.sdk.PushService }: app is in background uid UidRecord{af3 u0a120 CEM  idle change:idle procs:0 seq(0,0,0)}',
      stack: STACKS.jpushLaunch,
    });
    // The other app happens to start anyway (e.g. a push arrives): the refused call did not cause it.
    r.spawnOther('com.partner.news', 5000, r.t + 200);
    r.advance(1000);
    r.event(main, { kind: 'launch', api: 'android.app.ContextImpl.startServiceCommon(android.content.Intent, boolean, android.os.UserHandle)', detail: { via: 'service', component: 'com.gone.app/x.S', package: 'com.gone.app' }, ret: null, stack: STACKS.jpushLaunch });
    const f = of(report(r).findings, 'associated-startup');
    expect(f.map((x) => [x.variant, x.severity, x.evidence.launch?.targetPackage, x.evidence.launch?.confirmedEventId])).toEqual([
      ['refused', 'medium', 'com.partner.news', null],
      ['refused', 'medium', 'com.gone.app', null],
    ]);
    expect(f[0]!.message).toMatch(/tried to start \(service\).*refused by the system \(IllegalStateException: Not allowed to start service/);
    expect(f[1]!.message).toMatch(/no service matched/);
    const rows = r.store.db.prepare('SELECT confirmed_event_id AS c FROM launches').all() as { c: number | null }[];
    expect(rows.map((x) => x.c)).toEqual([null, null]);
  });

  it('still confirms a start that went through (a ComponentName came back)', () => {
    const { r, main } = launched();
    r.event(main, { kind: 'launch', api: 'android.app.ContextImpl.startServiceCommon', detail: { via: 'service', component: 'com.partner.news/x.S', package: 'com.partner.news' }, ret: { $: 'obj', cls: 'android.content.ComponentName', str: 'ComponentInfo{com.partner.news/x.S}' }, stack: STACKS.jpushLaunch });
    r.spawnOther('com.partner.news', 5000, r.t + 200);
    expect(of(report(r).findings, 'associated-startup').map((x) => x.variant)).toEqual(['confirmed']);
  });
});
