import { describe, expect, it } from 'vitest';
import { summarizeIntent } from '../../agent/extract/intent-summary.js';
import { intent, jlist, makeEnv, resolveInfo, type Env } from './env.js';

const INS = 'android.app.Instrumentation';
const CI = 'android.app.ContextImpl';
const APM = 'android.app.ApplicationPackageManager';
const I = 'android.content.Intent';
const clip = (s: string) => s.slice(0, 512);

/** ActivityThread with an Application whose PackageManager answers queries (and counts them). */
function withPackageManager(env: Env, answers: Record<string, string[]>) {
  const calls: string[] = [];
  const answer = (kind: string) => (i: any) => {
    calls.push(kind);
    return jlist((answers[i.getAction()] ?? []).map((p) => resolveInfo(p, kind === 'services' ? 'service' : 'activity')));
  };
  const apm = env.java.define(APM, {
    queryIntentActivities: [
      { params: [I, 'int'], body: answer('activities') },
      { params: [I, 'android.content.pm.PackageManager$ResolveInfoFlags'], body: answer('activities') },
    ],
    queryIntentServices: [{ params: [I, 'int'], body: answer('services') }],
    queryBroadcastReceivers: [{ params: [I, 'int'], body: answer('receivers') }],
  });
  const pm = env.java.instance(apm);
  const app = { $className: 'android.app.Application', getPackageManager: () => pm, getPackageName: () => 'com.example.app' };
  env.java.define('android.app.ActivityThread', {
    currentApplication: [{ params: [], body: () => app }],
    currentPackageName: [{ params: [], body: () => 'com.example.app' }],
  });
  return { pm, calls };
}

function defineLaunchers(env: Env) {
  const ins = env.java.define(INS, {
    execStartActivity: [
      { params: ['android.content.Context', 'android.os.IBinder', 'android.os.IBinder', 'android.app.Activity', I, 'int', 'android.os.Bundle'], body: () => null },
    ],
  });
  const ctx = env.java.define(CI, {
    sendBroadcast: [
      { params: [I], body: function (this: any, i: any) { return ctx.sendBroadcast.overloads[1].call(this, i, null); } },
      { params: [I, 'java.lang.String'], body: () => undefined },
    ],
    startServiceCommon: [{ params: [I, 'boolean', 'android.os.UserHandle'], body: () => null }],
    bindServiceCommon: [{ params: [I, 'android.content.ServiceConnection', 'long', 'java.lang.String', 'android.os.Handler', 'java.util.concurrent.Executor', 'android.os.UserHandle'], body: () => true }],
  });
  return { ins, ctx };
}

describe('intent summaries', () => {
  it('keeps action, component, package, data, flags, sorted categories and extras keys, never values', () => {
    const i = intent({
      action: 'com.igexin.sdk.action.service.message',
      component: ['com.other.app', 'com.other.app.PushService'],
      data: 'tel:13800000000',
      flags: 0x10000000,
      categories: ['b.cat', 'a.cat'],
      extras: { token: 'SECRET-VALUE', appid: 'x' },
    });
    const s = summarizeIntent(i, 34, clip);
    expect(s).toEqual({
      action: 'com.igexin.sdk.action.service.message',
      component: 'com.other.app/com.other.app.PushService',
      data: 'tel:13800000000',
      flags: 0x10000000,
      categories: ['a.cat', 'b.cat'],
      extras: ['appid', 'token'],
    });
    expect(JSON.stringify(s)).not.toContain('SECRET-VALUE');
  });

  it('does not touch parcelled extras before API 33 (unparcelling there can empty the Bundle), but reads them lazily-safe from 33', () => {
    const old = intent({ action: 'a', extras: { k: 1 }, parcelled: true });
    expect(summarizeIntent(old, 30, clip).extras).toBeUndefined();
    expect(old.keysRead).toBe(0);
    expect(summarizeIntent(intent({ action: 'a', extras: { k: 1 }, parcelled: false }), 30, clip).extras).toEqual(['k']);
    expect(summarizeIntent(intent({ action: 'a', extras: { k: 1 }, parcelled: true }), 33, clip).extras).toEqual(['k']);
  });

  it('clips strings', () => {
    const s = summarizeIntent(intent({ action: 'x'.repeat(100) }), 34, (t) => t.slice(0, 10));
    expect(s.action).toBe('xxxxxxxxxx');
  });
});

describe('launch hooks', () => {
  it('reports an explicit activity start with component and package, no resolution needed', () => {
    const env = makeEnv();
    const { calls } = withPackageManager(env, {});
    const { ins } = defineLaunchers(env);
    env.install('activity.execStartActivity');
    ins.execStartActivity(null, null, null, null, intent({ component: ['com.tencent.mm', 'com.tencent.mm.ui.LauncherUI'] }), -1, null);
    const [ev] = env.events();
    expect(ev).toMatchObject({ kind: 'launch', hook: 'activity.execStartActivity', detail: { via: 'activity', component: 'com.tencent.mm/com.tencent.mm.ui.LauncherUI' } });
    expect(ev.detail.resolved).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('resolves an implicit intent to packages without re-entering our own PackageManager hooks, and caches it', () => {
    const env = makeEnv();
    const { calls } = withPackageManager(env, { 'android.intent.action.VIEW': ['com.android.browser', 'com.UCMobile'] });
    const { ins } = defineLaunchers(env);
    // Our PackageManager hooks are installed too: the resolution must not show up as the app's query.
    env.install('activity.execStartActivity', 'pm.queryIntentActivities');
    for (let i = 0; i < 3; i++) ins.execStartActivity(null, null, null, null, intent({ action: 'android.intent.action.VIEW', data: 'https://example.com' }), -1, null);
    const evs = env.events();
    expect(evs.map((e) => e.hook)).toEqual(['activity.execStartActivity', 'activity.execStartActivity', 'activity.execStartActivity']);
    expect(evs[0].detail).toMatchObject({ via: 'activity', action: 'android.intent.action.VIEW', data: 'https://example.com', resolved: ['com.android.browser', 'com.UCMobile'] });
    expect(calls).toEqual(['activities']); // one PackageManager query, then the cache
    expect(env.emitter.counterSnapshot()['pm.queryIntentActivities']).toBeUndefined();
  });

  it('reports a broadcast once although sendBroadcast(Intent) calls sendBroadcast(Intent, String)', () => {
    const env = makeEnv();
    withPackageManager(env, { 'com.xiaomi.mipush.RECEIVE_MESSAGE': ['com.xiaomi.xmsf'] });
    const { ctx } = defineLaunchers(env);
    env.install('broadcast.sendBroadcast');
    const self = env.java.instance(ctx);
    self.sendBroadcast(intent({ action: 'com.xiaomi.mipush.RECEIVE_MESSAGE', extras: { msg: 'v' } }));
    const evs = env.events();
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ api: `${CI}.sendBroadcast(${I})`, detail: { via: 'broadcast', resolved: ['com.xiaomi.xmsf'], extras: ['msg'] } });
  });

  it('tells startService from startForegroundService and reports binds', () => {
    const env = makeEnv();
    withPackageManager(env, {});
    const { ctx } = defineLaunchers(env);
    env.install('service.startServiceCommon', 'service.bindServiceCommon');
    const self = env.java.instance(ctx);
    self.startServiceCommon(intent({ component: ['com.other', 'com.other.S'] }), false, null);
    self.startServiceCommon(intent({ package: 'com.other' }), true, null);
    self.bindServiceCommon(intent({ component: ['com.huawei.hwid', 'com.huawei.hms.core.service.HMSCoreService'] }), {}, 1, null, null, null, null);
    expect(env.events().map((e) => [e.detail.via, e.detail.component ?? e.detail.package])).toEqual([
      ['service', 'com.other/com.other.S'],
      ['foreground-service', 'com.other'],
      ['bind', 'com.huawei.hwid/com.huawei.hms.core.service.HMSCoreService'],
    ]);
  });

  it('remembers what a PendingIntent will start, so an alarm can say it', () => {
    const env = makeEnv();
    withPackageManager(env, {});
    const pi = { $className: 'android.app.PendingIntent', getCreatorPackage: () => 'com.example.app' };
    const PIC = env.java.define('android.app.PendingIntent', {
      getBroadcast: [{ params: ['android.content.Context', 'int', I, 'int'], ret: 'android.app.PendingIntent', body: () => pi }],
    });
    const am = env.java.define('android.app.AlarmManager', {
      setImpl: [
        {
          params: ['int', 'long', 'long', 'long', 'int', 'android.app.PendingIntent', 'android.app.AlarmManager$OnAlarmListener', 'java.lang.String', 'android.os.Handler', 'android.os.WorkSource', 'android.app.AlarmManager$AlarmClockInfo'],
          body: () => undefined,
        },
      ],
    });
    env.install('pendingIntent.getBroadcast', 'alarm.setImpl');
    const got = PIC.getBroadcast(null, 7, intent({ action: 'com.example.KEEPALIVE', component: ['com.example.app', 'com.example.app.AlarmReceiver'] }), 0x04000000);
    env.java.instance(am).setImpl(0, 1_700_000_600_000, 0, 900_000, 0, got, null, null, null, null, null);
    const [p, a] = env.events();
    expect(p).toMatchObject({ kind: 'launch', detail: { via: 'pending-intent', pendingType: 'broadcast', action: 'com.example.KEEPALIVE', component: 'com.example.app/com.example.app.AlarmReceiver' } });
    expect(a).toMatchObject({
      kind: 'schedule',
      hook: 'alarm.setImpl',
      detail: { via: 'alarm', alarmType: 0, triggerAt: 1_700_000_600_000, interval: 900_000, component: 'com.example.app/com.example.app.AlarmReceiver', action: 'com.example.KEEPALIVE', target: 'broadcast' },
    });
  });
});
