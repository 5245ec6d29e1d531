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

describe('self-start: every start is linked to the arrangement that caused it', () => {
  const scheduleId = (r: Run, via: string) => (r.store.db.prepare("SELECT id FROM events WHERE kind = 'schedule' AND json_extract(detail, '$.via') = ? ORDER BY id DESC").get(via) as { id: number }).id;

  it('links an alarm-driven start before API 35 (reason receiver) to the alarm the SDK set, and a JobService start to its job', () => {
    const r = Run.create({ mode: 'observe' });
    const first = r.process(APP, 2000, 'device');
    r.processStart(first, { reason: 'launcher' });
    r.event(first, { kind: 'schedule', api: 'android.app.AlarmManager.setImpl', detail: { via: 'alarm', component: `${APP}/cn.jpush.android.service.AlarmReceiver`, target: 'broadcast', interval: 900_000, triggerAt: r.t + 60_000 }, stack: STACKS.jpushAlarm });
    const alarm = scheduleId(r, 'alarm');
    r.event(first, { kind: 'schedule', api: 'android.app.JobSchedulerImpl.schedule', detail: { via: 'job', component: `${APP}/com.taobao.accs.AccsJobService`, jobId: 7 }, stack: stack('android.app.JobSchedulerImpl.schedule', 'com.taobao.accs.utl.JobHelper.schedule') });
    const job = scheduleId(r, 'job');
    r.store.updateProcess(first.id, { ended_at: r.t + 1000 });
    r.advance(60_000);
    // API 30: no ApplicationStartInfo; the agent sees a receiver start for the alarm's component.
    const woken = r.process(`${APP}:pushcore`, 2001, 'device');
    r.processStart(woken, { reason: 'receiver', component: `${APP}/cn.jpush.android.service.AlarmReceiver` });
    r.store.updateProcess(woken.id, { ended_at: r.t + 1000 });
    r.advance(60_000);
    const accs = r.process(`${APP}:channel`, 2002, 'device');
    r.processStart(accs, { reason: 'service', component: `${APP}/com.taobao.accs.AccsJobService` });
    const f = of(report(r).findings, 'self-start').filter((x) => x.variant === 'process-start');
    expect(f.map((x) => [x.evidence.processStart?.reason, x.evidence.processStart?.cause?.via, x.evidence.processStart?.cause?.eventId])).toEqual([
      ['receiver', 'alarm', alarm],
      ['service', 'job', job],
    ]);
    expect(f[0]!.message).toMatch(/caused by the alarm that JPush .*arranged 60 s before/);
    expect(f[0]!.sdk?.id).toBe('jpush');
  });

  it('links a sticky restart to the START_STICKY the service returned, and an API 35 alarm start without component to the alarm', () => {
    const r = Run.create({ mode: 'observe' });
    const first = r.process(`${APP}:push`, 2000, 'device');
    r.processStart(first, { reason: 'launcher' });
    r.event(first, { kind: 'schedule', api: 'android.app.Service.onStartCommand', detail: { via: 'sticky-service', target: 'START_STICKY', component: `${APP}/com.igexin.sdk.PushService` }, stack: stack('android.app.ActivityThread.handleServiceArgs', 'com.igexin.sdk.PushService.onStartCommand') });
    const sticky = scheduleId(r, 'sticky-service');
    r.event(first, { kind: 'schedule', api: 'android.app.AlarmManager.setImpl', detail: { via: 'alarm', component: `${APP}/com.igexin.push.core.AlarmReceiver`, target: 'broadcast' }, stack: stack('android.app.AlarmManager.set', 'com.igexin.push.core.a.b') });
    const alarm = scheduleId(r, 'alarm');
    r.store.updateProcess(first.id, { ended_at: r.t + 10 });
    r.advance(5000);
    const restarted = r.process(`${APP}:push`, 2001, 'device');
    r.processStart(restarted, { reason: 'service', component: `${APP}/com.igexin.sdk.PushService` });
    r.store.updateProcess(restarted.id, { ended_at: r.t + 10 });
    r.advance(5000);
    const api35 = r.process(`${APP}:push`, 2002, 'device');
    r.processStart(api35, { reason: 'alarm' });
    const f = of(report(r).findings, 'self-start').filter((x) => x.variant === 'process-start');
    expect(f.map((x) => [x.evidence.processStart?.reason, x.evidence.processStart?.cause?.via, x.evidence.processStart?.cause?.eventId])).toEqual([
      ['service', 'sticky-service', sticky],
      ['alarm', 'alarm', alarm],
    ]);
  });

  it('links each start to the latest alarm before it that was not cancelled by then, across several starts', () => {
    const r = Run.create({ mode: 'observe' });
    const first = r.process(APP, 2000, 'device');
    r.processStart(first, { reason: 'launcher' });
    const receiver = `${APP}/cn.jpush.android.service.AlarmReceiver`;
    const alarm = (extra: Record<string, unknown> = {}) => {
      r.event(first, { kind: 'schedule', api: 'android.app.AlarmManager.setImpl', detail: { via: 'alarm', component: receiver, target: 'broadcast', ...extra }, stack: STACKS.jpushAlarm });
      return (r.store.db.prepare("SELECT id FROM events WHERE kind = 'schedule' ORDER BY id DESC").get() as { id: number }).id;
    };
    const kept = alarm();
    r.advance(1000);
    alarm({ interval: 60_000 });
    r.advance(1000);
    alarm({ cancel: true }); // withdraws both (same PendingIntent): only one set after it can cause a later start
    r.advance(10_000);
    const start = (pid: number) => {
      const p = r.process(`${APP}:pushcore`, pid, 'device');
      r.processStart(p, { reason: 'receiver', component: receiver });
      r.store.updateProcess(p.id, { ended_at: r.t + 10 });
      r.advance(10_000);
    };
    r.store.updateProcess(first.id, { ended_at: r.t - 5000 });
    start(2001); // every alarm before it was cancelled: no cause
    const later = alarm();
    r.advance(5000);
    start(2002);
    start(2003); // the same alarm is still the latest
    const f = of(report(r).findings, 'self-start');
    const causes = f.filter((x) => x.variant === 'process-start').map((x) => [x.evidence.processStart?.eventId !== undefined, x.evidence.processStart?.cause?.eventId ?? null, x.count]);
    expect(causes).toEqual([
      [true, null, 1],
      [true, later, 2],
    ]);
    // The two cancelled alarms make one finding that names the cancel; the later one its own.
    const arrangements = f.filter((x) => x.variant === 'arrangement');
    expect(arrangements.map((x) => [x.count, x.evidence.events.map((e) => e.id)])).toEqual([
      [2, [kept, kept + 1]],
      [1, [later]],
    ]);
    expect(arrangements[0]!.message).toMatch(/, cancelled 2 s later by JPush.* \(2 times\)\.$/);
  });
});

describe('components shared by an SDK family go to the SDK whose code is present', () => {
  it('attributes a process started by com.taobao.accs.internal.AccsJobService to Alibaba ACCS (the code under com.taobao.accs), as its arrangements are, not Aliyun Push', () => {
    const r = Run.create({ mode: 'observe' });
    const first = r.process(APP, 2000, 'device');
    r.processStart(first, { reason: 'launcher' });
    // Umeng Push initialises ACCS, whose code schedules its job.
    r.event(first, { kind: 'schedule', api: 'android.app.JobSchedulerImpl.schedule', detail: { via: 'job', component: `${APP}/com.taobao.accs.internal.AccsJobService`, jobId: 3 }, stack: stack('android.app.JobSchedulerImpl.schedule', 'com.taobao.accs.utl.UtilityImpl.scheduleJob', 'com.umeng.message.PushAgent.register') });
    r.store.updateProcess(first.id, { ended_at: r.t + 10 });
    r.advance(30_000);
    const channel = r.process(`${APP}:channel`, 2001, 'device');
    r.processStart(channel, { reason: 'service', component: `${APP}/com.taobao.accs.internal.AccsJobService` });
    const sdks = r.store.db.prepare("SELECT kind, sdk, attribution FROM events WHERE kind IN ('schedule', 'lifecycle') AND json_extract(detail, '$.component') IS NOT NULL ORDER BY id").all() as { kind: string; sdk: string | null; attribution: string }[];
    expect(sdks.map((x) => [x.kind, x.sdk])).toEqual([
      ['schedule', 'alibaba-accs'],
      ['lifecycle', 'alibaba-accs'],
    ]);
    expect(JSON.parse(sdks[1]!.attribution).reason).toMatch(/is code of Alibaba ACCS.*; Alibaba Cloud Mobile Push.* also lists it as a component/);
    const f = of(report(r).findings, 'self-start');
    expect(f.map((x) => x.sdk?.id)).toEqual(['alibaba-accs', 'alibaba-accs']);
  });

  it('keeps an SDK’s own component (inside its own package) with that SDK', () => {
    const r = Run.create({ mode: 'observe' });
    const p = r.process(`${APP}:pushcore`, 2000, 'device');
    r.processStart(p, { reason: 'service', component: `${APP}/cn.jpush.android.service.PushService` });
    expect((r.store.db.prepare("SELECT sdk FROM events WHERE kind = 'lifecycle'").get() as { sdk: string }).sdk).toBe('jpush');
  });
});

describe('coordinates in payloads: pairs at 2-7 decimals, either order, common separators, raw and encoded', () => {
  const FIX = ['31.238457', '121.481243'];
  const locNet = stack('java.net.SocketOutputStream.write', 'com.baidu.location.b.Sender.post', 'com.baidu.location.LocationClient.start');
  const locRead = stack('android.location.LocationManager.getLastKnownLocation', 'com.baidu.location.b.Gps.last', 'com.baidu.location.LocationClient.start');
  function sent(body: string, url = '/loc') {
    const { r, main } = launched();
    r.pi(main, 'location', locRead, { values: FIX });
    r.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', sample: `POST ${url} HTTP/1.1\r\nHost: loc.map.baidu.com\r\n\r\n${body}`, sampleEncoding: 'utf8' }, locNet);
    const flows = report(r).dataFlows.filter((f) => f.dataType === 'location');
    return flows.map((f) => f.encoding);
  }

  it('finds a fix written with fewer decimals, rounded or cut, in either order and with the usual separators', () => {
    expect(sent('ll=31.24,121.48')).toEqual(['raw (coordinates lat,lng, 2 decimals)']);
    expect(sent('pos=121.481|31.238')).toEqual(['raw (coordinates lng,lat, 3 decimals)']);
    expect(sent('{"lat":31.2385,"lng":121.4812,"acc":30}')).toEqual(['raw (coordinates lat,lng, 4 decimals)']);
    expect(sent('loc=121.48124_31.23846')).toEqual(['raw (coordinates lng,lat, 5 decimals)']);
    expect(sent('lat=31.2384&lon=121.4812')).toEqual(['raw (coordinates lat,lng, 4 decimals)']);
  });

  it('finds it encoded: form-encoded separators, and base64 of JSON', () => {
    expect(sent('ll=31.24%2C121.48')).toEqual(['raw (coordinates lat,lng, 2 decimals)']);
    const blob = Buffer.from('{"gps":{"la":31.23846,"lo":121.48124}}').toString('base64');
    expect(sent(`d=${blob}`)).toContain('raw (coordinates lat,lng, 5 decimals)');
    const blob2 = Buffer.from('{"gps":"31.24,121.48"}').toString('base64');
    expect(sent(`d=${blob2}`)).toEqual(['raw (coordinates lat,lng, 2 decimals)']);
  });

  it('does not match numbers off by more than their precision, one decimal, or a lone coordinate', () => {
    expect(sent('ll=31.26,121.48')).toEqual([]);
    expect(sent('ll=31.2,121.5')).toEqual([]);
    expect(sent('lat=31.24&v=5.20.1&t=1700000000')).toEqual([]);
    expect(sent('ll=31.24,9,121.48')).toEqual([]);
  });
});
