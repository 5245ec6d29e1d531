// Every rule, positive and negative, on small synthetic runs stored through the real Store and
// Ingest (validation, attribution with the shipped catalog, projections, hash chain).
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, type ReportConfig } from '../../reports/model.js';
import type { LoadedLists } from '../../reports/lists/load.js';
import type { Finding } from '../../reports/engine.js';
import { APP, cleanupTmp, lists, Run, stack, STACKS } from './helpers.js';

afterAll(cleanupTmp);

const IMEI = '864213051234567';
const AID = '5c1e8a2f93b07d44';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function report(r: Run, opts: { lists?: LoadedLists | null; config?: ReportConfig } = {}) {
  return buildReport(r.store, r.runId, { lists: opts.lists ?? null, config: opts.config, generatedAt: '2026-01-01T00:00:00.000Z' });
}
const of = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);
const brief = (f: Finding) => ({ variant: f.variant ?? null, sdk: f.sdk?.id ?? null, dataType: f.dataType, count: f.count });

/** A launched app: main process, first screen. */
function launched(opts: ConstructorParameters<typeof Run>[1] = {}) {
  const r = Run.create(opts);
  const main = r.process();
  r.resume(main);
  return { r, main };
}

describe('undisclosed-collection', () => {
  it('reports data types a collector reads without a declaration, with the stack and its decisive frame', () => {
    const { r, main } = launched();
    r.pi(main, 'android_id', STACKS.umengAndroidId, { values: [AID] });
    r.pi(main, 'imei', STACKS.umengImei, { values: [IMEI] });
    r.pi(main, 'imei', STACKS.umengImei, { values: [IMEI] });
    r.pi(main, 'imei', STACKS.jpushImei, { values: [IMEI] });
    r.pi(main, 'location', STACKS.appLocation, { values: ['31.230416', '121.473701'] });
    const l = lists({ sharing: [{ sdk: 'umeng-common', dataTypes: ['android_id'], purpose: 'stats', domains: ['umeng.com'] }] });
    const f = of(report(r, { lists: l }).findings, 'undisclosed-collection');
    expect(f.map(brief)).toEqual([
      { variant: 'type-not-listed', sdk: 'umeng-common', dataType: 'imei', count: 2 },
      { variant: 'not-listed', sdk: 'jpush', dataType: 'imei', count: 1 },
      { variant: 'type-not-listed', sdk: '(app)', dataType: 'location', count: 1 },
    ]);
    const umeng = f[0]!;
    expect(umeng.severity).toBe('high');
    expect(umeng.evidence.events).toHaveLength(2);
    const s = umeng.evidence.stack!;
    expect(s.frames[s.decisive!]![0]).toBe('com.umeng.commonsdk.statistics.common.DeviceConfig');
    expect(s.frames[s.api!]![0]).toBe('android.telephony.TelephonyManager');
    expect(umeng.message).toContain('its entries in the declared lists do not include this data type');
    expect(f[1]!.message).toContain('not in the declared lists at all');
  });

  it('finds nothing when every read is declared: own entry, first-party list, an SDK on the call chain', () => {
    const { r, main } = launched();
    r.pi(main, 'android_id', STACKS.umengAndroidId, { values: [AID] });
    r.pi(main, 'location', STACKS.appLocation);
    r.pi(main, 'phone_number', stack('android.telephony.TelephonyManager.getLine1Number', 'com.cmic.sso.sdk.e.k.a', 'com.chuanglan.shanyan_sdk.a.b.run'));
    r.pi(main, 'imei', stack('android.telephony.TelephonyManager.getDeviceId', 'com.android.internal.Foo.bar', 'android.app.ActivityThread.main'));
    const l = lists({
      collected: [{ dataTypes: ['location'], purpose: 'maps' }],
      sharing: [
        { sdk: 'umeng-common', dataTypes: ['android_id'], purpose: 'stats', domains: [] },
        { sdk: 'shanyan', dataTypes: ['phone_number'], purpose: 'login', domains: [] },
      ],
    });
    const m = report(r, { lists: l });
    expect(of(m.findings, 'undisclosed-collection')).toEqual([]);
    expect(m.sdks.find((s) => s.id === 'cmcc-auth')!.dataTypes[0]).toMatchObject({ declared: true, declaredBy: '$.sharing[1]' });
  });

  it('is not evaluated without declared lists', () => {
    const { r, main } = launched();
    r.pi(main, 'imei', STACKS.jpushImei);
    const m = report(r);
    expect(of(m.findings, 'undisclosed-collection')).toEqual([]);
    expect(m.rules.find((x) => x.id === 'undisclosed-collection')).toMatchObject({ evaluated: false, reason: expect.stringContaining('--policy') });
  });
});

describe('pre-consent-collection', () => {
  it('reports reads before the agree click, across processes and in time order', () => {
    const { r, main } = launched();
    r.pi(main, 'imei', STACKS.jpushImei);
    const push = r.process(`${APP}:push`, 2000, 'device');
    r.pi(push, 'android_id', STACKS.umengAndroidId);
    r.dialog(main, '用户协议与隐私政策');
    r.click(main, '同意');
    r.pi(push, 'android_id', STACKS.umengAndroidId);
    r.pi(main, 'imei', STACKS.jpushImei);
    const m = report(r);
    expect(of(m.findings, 'pre-consent-collection').map(brief)).toEqual([
      { variant: 'before-consent', sdk: 'jpush', dataType: 'imei', count: 1 },
      { variant: 'before-consent', sdk: 'umeng-common', dataType: 'android_id', count: 1 },
    ]);
    expect(m.consent).toMatchObject({ detected: true, marks: [expect.objectContaining({ state: 'granted', source: 'click', text: '同意' })] });
    const f = of(m.findings, 'pre-consent-collection')[0]!;
    expect(f.message).toContain('before the user agreed');
    expect(f.evidence.details).toMatchObject({ consentGrantedAt: m.consent.firstGrantT });
  });

  it('counts what the agree button’s listener did as after the decision (the click is recorded when performClick starts, before its listener runs)', () => {
    const { r, main } = launched();
    const inListener = stack('android.provider.Settings$Secure.getString', 'com.umeng.commonsdk.UMConfigure.init', `${APP}.PrivacyDialog$1.onClick`, 'android.view.View.performClick');
    r.pi(main, 'imei', STACKS.jpushImei); // before the click, not inside it
    r.click(main, '同意');
    r.pi(main, 'android_id', inListener);
    const m = report(r);
    expect(of(m.findings, 'pre-consent-collection').map(brief)).toEqual([{ variant: 'before-consent', sdk: 'jpush', dataType: 'imei', count: 1 }]);
    expect(m.sdks.find((s) => s.id === 'umeng-common')!.dataTypes[0]!.phases).toEqual({ 'post-consent': 1 });
  });

  it('reports reads after the user refused (click or analyst marker)', () => {
    const { r, main } = launched();
    r.click(main, '不同意');
    r.pi(main, 'imei', STACKS.jpushImei);
    const m = report(r);
    expect(of(m.findings, 'pre-consent-collection').map(brief)).toEqual([{ variant: 'after-refusal', sdk: 'jpush', dataType: 'imei', count: 1 }]);
    expect(of(m.findings, 'pre-consent-collection')[0]!.evidence.consent).toMatchObject({ state: 'refused', source: 'click' });

    const b = launched();
    b.r.click(b.main, '同意');
    b.r.marker('refused');
    b.r.pi(b.main, 'android_id', STACKS.umengAndroidId);
    expect(of(report(b.r).findings, 'pre-consent-collection').map((f) => f.variant)).toEqual(['after-refusal']);
  });

  it('finds nothing after consent: click, analyst marker, or a configured consent API', () => {
    const a = launched();
    a.r.click(a.main, 'Agree and continue');
    a.r.pi(a.main, 'imei', STACKS.jpushImei);
    expect(of(report(a.r).findings, 'pre-consent-collection')).toEqual([]);

    const b = launched();
    b.r.marker('granted');
    b.r.pi(b.main, 'imei', STACKS.jpushImei);
    expect(of(report(b.r).findings, 'pre-consent-collection')).toEqual([]);

    const c = launched();
    c.r.event(c.main, { kind: 'pi', api: 'com.umeng.commonsdk.UMConfigure.submitPolicyGrantResult(android.content.Context, boolean)', args: [{ $: 'obj', cls: 'android.app.Application' }, true], stack: STACKS.umengAndroidId });
    c.r.pi(c.main, 'imei', STACKS.jpushImei);
    const without = of(report(c.r).findings, 'pre-consent-collection');
    expect(without.map((f) => f.dataType)).toContain('imei');
    const m = report(c.r, { config: { consentApis: [{ api: 'com.umeng.commonsdk.UMConfigure.submitPolicyGrantResult', arg: 1 }] } });
    expect(of(m.findings, 'pre-consent-collection').map((f) => f.dataType)).not.toContain('imei');
    expect(m.consent.marks).toEqual([expect.objectContaining({ source: 'consent-api', state: 'granted' })]);
    // The same API called with false is a refusal.
    const d = launched();
    d.r.event(d.main, { kind: 'pi', api: 'com.umeng.commonsdk.UMConfigure.submitPolicyGrantResult(android.content.Context, boolean)', args: [null, false], stack: STACKS.umengAndroidId });
    d.r.pi(d.main, 'imei', STACKS.jpushImei);
    expect(of(report(d.r, { config: { consentApis: [{ api: 'com.umeng.commonsdk.UMConfigure.submitPolicyGrantResult', arg: 1 }] } }).findings, 'pre-consent-collection').map((f) => f.variant)).toEqual(['after-refusal']);
  });

  it('uses the consent words the run recorded (and report-time words)', () => {
    const { r, main } = launched({ consentWords: { agree: ['Yes please'], refuse: ['No thanks'] } });
    r.click(main, 'Yes please');
    r.pi(main, 'imei', STACKS.jpushImei);
    expect(of(report(r).findings, 'pre-consent-collection')).toEqual([]);
    expect(of(report(r, { config: { consentWords: { agree: ['Sure'], refuse: ['Nope'] } } }).findings, 'pre-consent-collection')).toHaveLength(1);
  });

  it('says so when no consent decision was detected at all', () => {
    const { r, main } = launched();
    r.pi(main, 'imei', STACKS.jpushImei);
    const m = report(r);
    expect(m.consent.detected).toBe(false);
    expect(of(m.findings, 'pre-consent-collection')[0]!.message).toContain('no consent decision was detected');
  });
});

describe('over-frequency', () => {
  it('reports more reads in a window than the limit, with the busiest window', () => {
    const { r, main } = launched();
    for (let i = 0; i < 7; i++) r.pi(main, 'android_id', STACKS.umengAndroidId, { t: r.t + 1000 });
    const f = of(report(r).findings, 'over-frequency');
    expect(f.map(brief)).toEqual([{ variant: null, sdk: 'umeng-common', dataType: 'android_id', count: 7 }]);
    expect(f[0]!.evidence.window).toMatchObject({ count: 7, limit: 5, windowMs: 60_000 });
    expect(f[0]!.evidence.events).toHaveLength(5);
  });

  it('finds nothing at the limit, when reads are spread out, or with a configured higher limit', () => {
    const a = launched();
    for (let i = 0; i < 5; i++) a.r.pi(a.main, 'android_id', STACKS.umengAndroidId, { t: a.r.t + 1000 });
    expect(of(report(a.r).findings, 'over-frequency')).toEqual([]);
    const b = launched();
    for (let i = 0; i < 12; i++) b.r.pi(b.main, 'android_id', STACKS.umengAndroidId, { t: b.r.t + 20_000 });
    expect(of(report(b.r).findings, 'over-frequency')).toEqual([]);
    // The same spread trips a longer window, and a per-type limit changes the verdict.
    expect(of(report(b.r, { config: { rules: { 'over-frequency': { options: { windowMs: 300_000 } } } } }).findings, 'over-frequency')).toHaveLength(1);
    expect(of(report(b.r, { config: { rules: { 'over-frequency': { options: { windowMs: 300_000, limits: { android_id: 20 } } } } } }).findings, 'over-frequency')).toEqual([]);
    expect(of(report(b.r, { config: { rules: { 'over-frequency': { options: { windowMs: 300_000, limits: { 'group:device-id': 20 } } } } } }).findings, 'over-frequency')).toEqual([]);
  });
});

describe('background-collection', () => {
  it('reports reads while no activity is resumed, in any process', () => {
    const { r, main } = launched();
    r.pause(main);
    r.pi(main, 'imei', STACKS.jpushImei);
    const push = r.process(`${APP}:push`, 2000, 'device');
    r.pi(push, 'imei', STACKS.jpushImei);
    const f = of(report(r).findings, 'background-collection');
    expect(f.map(brief)).toEqual([{ variant: null, sdk: 'jpush', dataType: 'imei', count: 2 }]);
    expect(f[0]!.phase).toBe('background');
    expect(f[0]!.message).toContain('in 2 processes');
  });

  it('finds nothing while a screen is shown, in the launch phase, or once the app is back', () => {
    const r = Run.create();
    const main = r.process();
    r.pi(main, 'imei', STACKS.jpushImei); // launch phase: before the first screen
    r.resume(main);
    r.pi(main, 'imei', STACKS.jpushImei);
    const push = r.process(`${APP}:push`, 2000, 'device');
    r.pi(push, 'android_id', STACKS.umengAndroidId); // another process while the main one shows a screen
    r.pause(main);
    r.resume(main);
    r.pi(main, 'imei', STACKS.jpushImei);
    const m = report(r);
    expect(of(m.findings, 'background-collection')).toEqual([]);
    expect(m.phases).toMatchObject({ launch: 1, background: 0 });
  });
});

describe('self-start', () => {
  it('reports a process woken by the system and SDK arrangements for such starts', () => {
    const r = Run.create({ mode: 'observe' });
    const push = r.process(`${APP}:push`, 2000, 'device');
    r.processStart(push, { reason: 'receiver', action: 'android.intent.action.BOOT_COMPLETED', component: `${APP}/cn.jpush.android.service.PushReceiver` });
    r.event(push, { kind: 'schedule', api: 'android.app.AlarmManager.setImpl', detail: { via: 'alarm', component: `${APP}/cn.jpush.android.service.PushService`, interval: 300_000 }, stack: STACKS.jpushAlarm });
    r.event(push, { kind: 'schedule', api: 'android.app.ContextImpl.registerReceiver', detail: { via: 'receiver', actions: ['android.net.conn.CONNECTIVITY_CHANGE', 'com.x.CUSTOM'], action: 'android.net.conn.CONNECTIVITY_CHANGE' }, stack: STACKS.jpushAlarm });
    r.event(push, { kind: 'schedule', api: 'android.app.Service.onStartCommand', detail: { via: 'sticky-service', target: 'START_STICKY', component: `${APP}/cn.jpush.android.service.PushService` }, stack: STACKS.jpushAlarm });
    const f = of(report(r).findings, 'self-start');
    expect(f.map((x) => [x.variant, x.sdk?.id, x.severity])).toEqual([
      ['process-start', 'jpush', 'medium'],
      ['arrangement', 'jpush', 'low'],
      ['arrangement', 'jpush', 'low'],
      ['arrangement', 'jpush', 'low'],
    ]);
    expect(f[0]!.evidence.processStart).toMatchObject({ reason: 'receiver', action: 'android.intent.action.BOOT_COMPLETED', name: `${APP}:push`, spawnedBy: 'device' });
    expect(f.map((x) => x.message).join('\n')).toMatch(/repeating every 300 s[\s\S]*CONNECTIVITY_CHANGE[\s\S]*START_STICKY/);
  });

  it('finds nothing for the user’s launch, a secondary process the running app starts, in-process alarms and ordinary receivers', () => {
    const { r, main } = launched();
    r.processStart(main, { reason: 'activity', action: 'android.intent.action.MAIN', component: `${APP}/${APP}.SplashActivity` });
    const push = r.process(`${APP}:push`, 2000, 'device');
    r.processStart(push, { reason: 'service', component: `${APP}/cn.jpush.android.service.PushService` });
    r.event(main, { kind: 'schedule', api: 'android.app.AlarmManager.setImpl', detail: { via: 'alarm', target: 'listener:com.x.Y' }, stack: STACKS.jpushAlarm });
    r.event(main, { kind: 'schedule', api: 'android.app.ContextImpl.registerReceiver', detail: { via: 'receiver', actions: ['com.x.CUSTOM'] }, stack: STACKS.jpushAlarm });
    r.event(main, { kind: 'schedule', api: 'android.app.Service.startForeground', detail: { via: 'foreground', component: `${APP}/x.Y` }, stack: STACKS.jpushAlarm });
    expect(of(report(r).findings, 'self-start')).toEqual([]);
  });

  it('two processes the device spawns in the same instant (one broadcast, two wakes) are both reported: neither was running to ask for the other', () => {
    const r = Run.create();
    const main = r.process();
    r.resume(main);
    r.advance(5000);
    r.store.db.prepare('UPDATE processes SET ended_at = ? WHERE id = ?').run(r.t, main.id); // force-stopped
    r.advance(20_000);
    const push = r.process(`${APP}:pushservice`, 3000, 'device');
    const woken = r.process(APP, 3001, 'device');
    r.processStart(push, { reason: 'service', component: `${APP}/com.igexin.sdk.PushService` });
    r.processStart(woken, { reason: 'provider', component: `${APP}/cn.jpush.android.service.DataProvider`, caller: 'com.partner.weather' });
    expect(of(report(r).findings, 'self-start').map((f) => f.evidence.processStart?.reason)).toEqual(['service', 'provider']);
  });
});

describe('associated-startup', () => {
  it('confirms a start when the other app’s process is seen; ingest records it in launches.confirmed_event_id', () => {
    const { r, main } = launched();
    r.advance(5000);
    r.event(main, { kind: 'launch', api: 'android.app.ContextImpl.startService(android.content.Intent)', detail: { via: 'service', component: 'com.partner.news/com.igexin.sdk.PushService', package: 'com.partner.news' }, stack: STACKS.jpushLaunch });
    const spawn = r.spawnOther('com.partner.news', 5000, r.t + 300);
    r.advance(1000);
    r.event(main, { kind: 'launch', api: 'android.app.ContextImpl.sendBroadcast(android.content.Intent)', detail: { via: 'broadcast', action: 'com.other.WAKE', resolved: ['com.other.app'] }, stack: STACKS.jpushLaunch });
    const m = report(r);
    const f = of(m.findings, 'associated-startup');
    expect(f.map((x) => [x.variant, x.severity, x.sdk?.id, x.evidence.launch?.targetPackage, x.evidence.launch?.confirmedEventId])).toEqual([
      ['confirmed', 'high', 'jpush', 'com.partner.news', spawn],
      ['attempt', 'medium', 'jpush', 'com.other.app', null],
    ]);
    const row = r.store.db.prepare("SELECT confirmed_event_id FROM launches WHERE target_package = 'com.partner.news'").get() as { confirmed_event_id: number };
    expect(row.confirmed_event_id).toBe(spawn);
    expect(m.launchGraph.nodes).toEqual([
      { package: 'com.partner.news', count: 1, confirmed: 1, vias: ['service'] },
      { package: 'com.other.app', count: 1, confirmed: 0, vias: ['broadcast'] },
    ]);
  });

  it('keeps a launch right after a click at low severity, and finds nothing for launches of the app itself or unrelated spawns', () => {
    const { r, main } = launched();
    r.advance(5000);
    r.click(main, 'Share to WeChat');
    r.event(main, { kind: 'launch', api: 'android.app.Instrumentation.execStartActivity', detail: { via: 'activity', component: 'com.tencent.mm/.ui.ShareActivity', package: 'com.tencent.mm' }, stack: STACKS.appPerm });
    r.advance(10_000);
    r.event(main, { kind: 'launch', api: 'android.app.ContextImpl.startService(android.content.Intent)', detail: { via: 'service', component: `${APP}/cn.jpush.android.service.PushService`, package: APP }, stack: STACKS.jpushLaunch });
    r.spawnOther('com.unrelated.app', 6000, r.t + 100);
    const f = of(report(r).findings, 'associated-startup');
    expect(f.map((x) => [x.variant, x.severity, x.evidence.launch?.targetPackage])).toEqual([['after-click', 'low', 'com.tencent.mm']]);
  });

  it('does not confirm a start seen long after the launch', () => {
    const { r, main } = launched();
    r.event(main, { kind: 'launch', api: 'android.app.ContextImpl.bindService', detail: { via: 'bind', component: 'com.partner.news/x.S', package: 'com.partner.news' }, stack: STACKS.jpushLaunch });
    r.spawnOther('com.partner.news', 5000, r.t + 60_000);
    expect(of(report(r).findings, 'associated-startup').map((x) => x.variant)).toEqual(['attempt']);
  });
});

describe('undisclosed-sharing and plaintext-transmission', () => {
  function sharingRun() {
    const { r, main } = launched();
    r.pi(main, 'imei', STACKS.umengImei, { values: [IMEI] });
    r.pi(main, 'android_id', STACKS.umengAndroidId, { ret: AID });
    r.net(main, { layer: 'java', proto: 'https', tls: true, op: 'send', host: 'ulogs.umeng.com', port: 443, sample: `POST /u HTTP/1.1\r\nHost: ulogs.umeng.com\r\n\r\n{"aid":"${AID}","imei_md5":"${md5(IMEI)}"}`, sampleEncoding: 'utf8' }, STACKS.umengNet);
    r.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', sample: `POST /log HTTP/1.1\r\nHost: extlog.snssdk.com\r\n\r\n{"did":"${AID.toUpperCase()}"}`, sampleEncoding: 'utf8' }, STACKS.pangleNet);
    r.net(main, { layer: 'native', proto: 'tcp', tls: false, op: 'send', ip: '203.0.113.22', port: 5224, module: 'libjcore.so', sample: Buffer.from(`GT\u0001imei=${IMEI}`).toString('base64'), sampleEncoding: 'base64' }, STACKS.jpushNet);
    r.net(main, { layer: 'java', proto: 'https', tls: true, op: 'send', host: 'api.shop.example.com', port: 443, sample: `aid=${AID}`, sampleEncoding: 'utf8' }, STACKS.appLocation);
    r.net(main, { layer: 'java', proto: 'http', tls: false, op: 'send', host: 'cdn.example.org', port: 80, sample: 'GET /logo.png HTTP/1.1\r\nHost: cdn.example.org\r\n\r\n', sampleEncoding: 'utf8' }, STACKS.appLocation);
    return r;
  }
  const policy = () =>
    lists({
      app: { package: APP, domains: ['shop.example.com'] },
      sharing: [
        { sdk: 'umeng-common', dataTypes: ['android_id'], purpose: 'stats', domains: ['umeng.com'] },
        { sdk: 'pangle', dataTypes: ['android_id'], purpose: 'ads', domains: ['pangolin-sdk-toutiao.com'] },
      ],
    });

  it('reports values sent where the sharing list does not declare them, by sender and destination', () => {
    const m = report(sharingRun(), { lists: policy() });
    const f = of(m.findings, 'undisclosed-sharing');
    expect(f.map((x) => [x.variant, x.sdk?.id, x.dataType, x.evidence.flows?.[0]?.host ?? x.evidence.flows?.[0]?.ip, x.evidence.matches?.map((mm) => mm.encoding).join()])).toEqual([
      ['undeclared-data-type', 'umeng-analytics', 'imei', 'ulogs.umeng.com', 'md5'],
      ['undeclared-destination', 'pangle', 'android_id', 'extlog.snssdk.com', 'upper-case'],
      ['undeclared-destination', 'jpush', 'imei', '203.0.113.22', 'raw'],
    ]);
    expect(f[0]!.message).toContain('to ulogs.umeng.com');
    expect(f[1]!.message).toContain('to extlog.snssdk.com');
    expect(f[1]!.message).toContain('the value was read by Umeng Common');
    expect(f[1]!.evidence.flows![0]).toMatchObject({ hostFrom: 'http-host', tls: false });
    expect(f[0]!.evidence.matches![0]).toMatchObject({ value: IMEI, where: 'sample', readBy: 'umeng-common' });
  });

  it('finds no undisclosed sharing when destinations and types are declared, for the app’s own servers, or without the value', () => {
    const l = lists({
      app: { package: APP, domains: ['shop.example.com'] },
      sharing: [
        { sdk: 'umeng-common', dataTypes: ['android_id', 'imei'], purpose: 'stats', domains: ['umeng.com'] },
        { sdk: 'pangle', dataTypes: ['android_id'], purpose: 'ads', domains: ['snssdk.com'] },
        { sdk: 'jpush', dataTypes: ['imei'], purpose: 'push', domains: ['203.0.113.22'] },
      ],
    });
    expect(of(report(sharingRun(), { lists: l }).findings, 'undisclosed-sharing')).toEqual([]);
    expect(report(sharingRun()).rules.find((x) => x.id === 'undisclosed-sharing')!.evaluated).toBe(false);
  });

  it('reports personal information sent without TLS, and nothing for TLS or plaintext without personal information', () => {
    const m = report(sharingRun());
    expect(of(m.findings, 'plaintext-transmission').map((x) => [x.sdk?.id, x.dataType, x.evidence.flows?.[0]?.tls])).toEqual([
      ['pangle', 'android_id', false],
      ['jpush', 'imei', false],
    ]);
    expect(m.network.find((n) => n.host === 'cdn.example.org')).toMatchObject({ tls: false, piTypes: [] });
    expect(m.network.find((n) => n.host === 'ulogs.umeng.com')).toMatchObject({ tls: true, piTypes: ['android_id', 'imei'] });
  });
});

describe('permission-pressure', () => {
  const request = (perms: string[]) => ({ kind: 'permission' as const, api: 'android.app.Activity.requestPermissions', detail: { type: 'request', permissions: perms, requestCode: 1 }, stack: STACKS.appPerm });
  const result = (perms: string[], results: number[]) => ({ kind: 'permission' as const, api: 'android.app.Activity.dispatchRequestPermissionsResult', detail: { type: 'result', permissions: perms, results, requestCode: 1 } });
  const LOC = 'android.permission.ACCESS_FINE_LOCATION';
  const CAM = 'android.permission.CAMERA';

  it('reports requests before consent, after refusal of the policy, and again after a denial', () => {
    const { r, main } = launched();
    r.event(main, request([LOC]));
    r.click(main, '同意');
    r.event(main, result([LOC], [-1]));
    r.event(main, request([LOC, CAM]));
    r.event(main, request([LOC]));
    const f = of(report(r).findings, 'permission-pressure');
    expect(f.map((x) => [x.variant, x.count, x.evidence.permissions?.map((p) => p.permission)])).toEqual([
      ['before-consent', 1, [LOC]],
      ['after-denial', 2, [LOC]],
    ]);
    const b = launched();
    b.r.click(b.main, 'Decline');
    b.r.event(b.main, request([CAM]));
    expect(of(report(b.r).findings, 'permission-pressure').map((x) => x.variant)).toEqual(['after-refusal']);
  });

  it('finds nothing for requests after consent, other permissions, or after a grant', () => {
    const { r, main } = launched();
    r.click(main, '同意');
    r.event(main, request([LOC]));
    r.event(main, result([LOC], [-1]));
    r.event(main, request([CAM]));
    r.event(main, result([LOC], [0]));
    r.event(main, request([LOC]));
    expect(of(report(r).findings, 'permission-pressure')).toEqual([]);
    // minRepeats raises the bar for re-requests.
    const b = launched();
    b.r.click(b.main, '同意');
    b.r.event(b.main, result([LOC], [-1]));
    b.r.event(b.main, request([LOC]));
    expect(of(report(b.r).findings, 'permission-pressure')).toHaveLength(1);
    expect(of(report(b.r, { config: { rules: { 'permission-pressure': { options: { minRepeats: 2 } } } } }).findings, 'permission-pressure')).toEqual([]);
  });
});

describe('installed-apps', () => {
  it('reports list reads and one-by-one probes, with the probed packages', () => {
    const { r, main } = launched();
    r.pi(main, 'installed_apps', STACKS.pangleApps, { detail: { count: 87 }, values: ['com.tencent.mm', 'com.eg.android.AlipayGphone'] });
    for (const p of ['com.tencent.mm', 'com.ss.android.ugc.aweme']) r.pi(main, 'installed_apps', STACKS.pangleProbe, { detail: { target: p, count: 1 }, values: [p] });
    const f = of(report(r).findings, 'installed-apps');
    expect(f.map((x) => [x.variant, x.severity, x.sdk?.id, x.count])).toEqual([
      ['list', 'medium', 'pangle', 1],
      ['probe', 'low', 'pangle', 2],
    ]);
    expect(f[0]!.message).toContain('up to 87 apps');
    expect(f[1]!.evidence.details).toMatchObject({ targets: ['com.tencent.mm', 'com.ss.android.ugc.aweme'] });
  });

  it('names the first 30 distinct probed packages in time order (a repeat once) and counts the events per phase', () => {
    const { r, main } = launched();
    const targets = ['com.a', 'com.b', 'com.a', '7'];
    for (let i = 0; i < 30; i++) targets.push(`com.p${i}`);
    for (const target of targets) r.pi(main, 'installed_apps', STACKS.pangleProbe, { detail: { target } });
    const [f] = of(report(r).findings, 'installed-apps');
    expect(f!.count).toBe(34);
    expect(f!.evidence.details?.targets).toEqual(['com.a', 'com.b', '7', ...Array.from({ length: 27 }, (_, i) => `com.p${i}`)]);
    expect(f!.phases).toEqual({ 'pre-consent': 34 });
    expect(f!.message).toContain('checked whether 33 other app(s) are installed (34 queries): com.a, com.b, 7, com.p0,');
  });

  it('finds nothing without installed-app reads', () => {
    const { r, main } = launched();
    r.pi(main, 'android_id', STACKS.umengAndroidId);
    expect(of(report(r).findings, 'installed-apps')).toEqual([]);
  });
});

describe('engine', () => {
  it('applies configured severities (per rule and per variant) and can disable rules', () => {
    const { r, main } = launched();
    r.pi(main, 'installed_apps', STACKS.pangleApps, { detail: { count: 3 } });
    r.pi(main, 'installed_apps', STACKS.pangleProbe, { detail: { target: 'com.tencent.mm' } });
    const m = report(r, { config: { rules: { 'installed-apps/probe': { severity: 'critical' }, 'pre-consent-collection': { enabled: false } } } });
    expect(of(m.findings, 'installed-apps').map((x) => [x.variant, x.severity])).toEqual([
      ['probe', 'critical'],
      ['list', 'medium'],
    ]);
    expect(m.rules.find((x) => x.id === 'pre-consent-collection')).toMatchObject({ enabled: false, evaluated: false });
    expect(of(report(r, { config: { rules: { 'installed-apps': { severity: 'info' } } } }).findings, 'installed-apps').map((x) => x.severity)).toEqual(['info', 'info']);
  });

  it('numbers findings per rule and keeps their evidence events in the run', () => {
    const { r, main } = launched();
    r.pi(main, 'imei', STACKS.jpushImei);
    r.pi(main, 'android_id', STACKS.umengAndroidId);
    const m = report(r);
    expect(of(m.findings, 'pre-consent-collection').map((f) => f.id)).toEqual(['pre-consent-collection#1', 'pre-consent-collection#2']);
    const ids = new Set((r.store.db.prepare('SELECT id FROM events').all() as { id: number }[]).map((x) => x.id));
    for (const f of m.findings) for (const e of f.evidence.events) expect(ids.has(e.id)).toBe(true);
  });
});
