// Permissions, Java network, scheduling, wake-up and lifecycle hooks, with the fake bridge. Every
// event is validated against EventSchema by env.events().
import { describe, expect, it } from 'vitest';
import { base64, looksLikeTls, parseHttpRequest, samplePayload, utf8Text } from '../../agent/core/payload.js';
import { intent, jlist, makeEnv, type Env } from './env.js';

const S = 'java.lang.String';
const SA = '[Ljava.lang.String;';

describe('permissions', () => {
  it('reports the androidx request once (it ends in Activity.requestPermissions), then the answer', () => {
    const env = makeEnv();
    let activity: any;
    const act = env.java.define('android.app.Activity', {
      requestPermissions: [{ params: [SA, 'int'], body: () => undefined }],
      dispatchRequestPermissionsResult: [{ params: ['int', 'android.content.Intent'], body: () => undefined }],
    });
    const compat = env.java.define('androidx.core.app.ActivityCompat', {
      requestPermissions: [{ params: ['android.app.Activity', SA, 'int'], body: (a: any, p: string[], c: number) => a.requestPermissions(p, c) }],
    });
    env.install('perm.activity.requestPermissions', 'perm.activityCompat.requestPermissions', 'perm.dispatchRequestPermissionsResult');
    activity = env.java.instance(act);
    compat.requestPermissions(activity, ['android.permission.READ_PHONE_STATE', 'android.permission.ACCESS_FINE_LOCATION'], 7);
    activity.dispatchRequestPermissionsResult(
      7,
      intent({ extras: { 'android.content.pm.extra.REQUEST_PERMISSIONS_NAMES': ['android.permission.READ_PHONE_STATE'], 'android.content.pm.extra.REQUEST_PERMISSIONS_RESULTS': [-1] } }),
    );
    const evs = env.events();
    expect(evs.map((e) => [e.hook, e.detail])).toEqual([
      ['perm.activityCompat.requestPermissions', { type: 'request', permissions: ['android.permission.READ_PHONE_STATE', 'android.permission.ACCESS_FINE_LOCATION'], requestCode: 7 }],
      ['perm.dispatchRequestPermissionsResult', { type: 'result', permissions: ['android.permission.READ_PHONE_STATE'], results: [-1], requestCode: 7 }],
    ]);
  });

  it("reports checks of our own process only (checkPermission also serves other callers' pids)", () => {
    const env = makeEnv({ pid: 4242 });
    const ci = env.java.define('android.app.ContextImpl', {
      checkPermission: [{ params: [S, 'int', 'int'], ret: 'int', body: (_p: string, pid: number) => (pid === 4242 ? -1 : 0) }],
      checkSelfPermission: [{ params: [S], ret: 'int', body: function (this: any, p: string) { return this.checkPermission(p, 4242, 10123); } }],
    });
    env.install('perm.contextImpl.checkPermission', 'perm.contextImpl.checkSelfPermission');
    const self = env.java.instance(ci);
    self.checkSelfPermission('android.permission.READ_CONTACTS');
    self.checkPermission('android.permission.INTERNET', 1234, 10001);
    const evs = env.events();
    expect(evs.map((e) => [e.hook, e.detail])).toEqual([['perm.contextImpl.checkSelfPermission', { type: 'check', permissions: ['android.permission.READ_CONTACTS'], results: [-1] }]]);
  });
});

describe('Java network', () => {
  it('reports an HttpURLConnection request once, with method and URL, at its first send point', () => {
    const env = makeEnv();
    const huc = env.java.define('com.android.okhttp.internal.huc.HttpURLConnectionImpl', {
      connect: [{ params: [], body: () => undefined }],
      getOutputStream: [{ params: [], body: () => null }],
      getInputStream: [{ params: [], body: () => null }],
    });
    env.install('huc.connect', 'huc.getOutputStream', 'huc.getInputStream');
    const conn = env.java.instance(huc, {}, { getURL: () => ({ toString: () => 'http://api.example.cn:8080/v1/report' }), getRequestMethod: () => 'POST' });
    conn.getOutputStream();
    conn.connect();
    conn.getInputStream();
    const evs = env.events();
    expect(evs).toHaveLength(1);
    expect(evs[0].detail).toEqual({ layer: 'java', proto: 'http', tls: false, op: 'request', url: 'http://api.example.cn:8080/v1/report', host: 'api.example.cn', port: 8080, method: 'POST' });
  });

  it('reports an OkHttp call where it is created, and not again when it is executed', () => {
    const env = makeEnv();
    const call = { $className: 'okhttp3.internal.connection.RealCall' };
    const client = env.java.define('okhttp3.OkHttpClient', { newCall: [{ params: ['okhttp3.Request'], body: () => realCall }] });
    const rc = env.java.define('okhttp3.internal.connection.RealCall', { execute: [{ params: [], body: () => null }] });
    const req = { method: () => 'GET', url: () => ({ toString: () => 'https://sdk.e.qq.com/conf?appid=1' }) };
    const realCall = env.java.instance(rc, {}, { request: () => req });
    const other = env.java.instance(rc, {}, { request: () => ({ method: () => 'POST', url: () => ({ toString: () => 'https://log.tbs.qq.com/x' }) }) });
    env.install('okhttp3.newCall', 'okhttp4.RealCall.execute');
    env.java.instance(client).newCall(req).execute();
    other.execute(); // a call made by another factory: reported at execute
    const evs = env.events();
    expect(evs.map((e) => [e.hook, e.detail.url, e.detail.method, e.detail.tls])).toEqual([
      ['okhttp3.newCall', 'https://sdk.e.qq.com/conf?appid=1', 'GET', true],
      ['okhttp4.RealCall.execute', 'https://log.tbs.qq.com/x', 'POST', true],
    ]);
    void call;
  });

  it('samples socket stream writes, recognises HTTP and TLS, and silences the native layer meanwhile', () => {
    const env = makeEnv({ maxSample: 32 });
    let nativeSawScope = false;
    const sos = env.java.define('java.net.SocketOutputStream', {
      write: [
        {
          params: ['[B', 'int', 'int'],
          body: () => {
            nativeSawScope = env.netScope.active(env.platform.tid);
          },
        },
      ],
    });
    env.java.define('java.net.InetSocketAddress', {});
    env.install('socket.write');
    const socket = { getRemoteSocketAddress: () => ({ $className: 'java.net.InetSocketAddress', getHostString: () => 'log.example.com', getAddress: () => ({ getHostAddress: () => '203.0.113.9' }), getPort: () => 80 }) };
    const out = env.java.instance(sos, { socket });
    const http = [...Buffer.from('POST /log HTTP/1.1\r\nHost: log.example.com\r\n\r\nimei=866000000000001')];
    out.write(http, 0, http.length);
    const tls = [0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5];
    out.write(tls, 0, tls.length);
    const [h, t] = env.events();
    expect(nativeSawScope).toBe(true);
    expect(env.netScope.active(env.platform.tid)).toBe(false);
    expect(h.detail).toMatchObject({ layer: 'java', op: 'send', proto: 'http', tls: false, host: 'log.example.com', ip: '203.0.113.9', port: 80, method: 'POST', url: 'http://log.example.com/log', bytes: http.length, sampleTruncated: true });
    expect(h.detail.sample).toBe('POST /log HTTP/1.1\r\nHost: log.ex');
    expect(t.detail).toMatchObject({ proto: 'tls', tls: true, bytes: 10, sampleEncoding: 'base64' });
  });

  it('maps DNS lookups to every address, and skips literal IPs', () => {
    const env = makeEnv();
    const inet = env.java.define('java.net.InetAddress', {
      getAllByName: [{ params: [S], body: (h: string) => (h === '1.2.3.4' ? [{ getHostAddress: () => '1.2.3.4' }] : [{ getHostAddress: () => '110.43.89.16' }, { getHostAddress: () => '2408:8000::1' }]) }],
    });
    env.install('dns.getAllByName');
    inet.getAllByName('ulogs.umeng.com');
    inet.getAllByName('1.2.3.4');
    const evs = env.events();
    expect(evs).toHaveLength(1);
    expect(evs[0].detail).toEqual({ layer: 'java', proto: 'dns', tls: false, op: 'dns', host: 'ulogs.umeng.com', ip: '110.43.89.16', ips: ['110.43.89.16', '2408:8000::1'] });
  });
});

describe('payload sampling', () => {
  it('encodes text as UTF-8 and binary as base64, flags truncation, and recognises TLS and HTTP heads', () => {
    expect(samplePayload([...Buffer.from('手机号13800000000')], 20, 64)).toEqual({ sample: '手机号13800000000', sampleEncoding: 'utf8' });
    expect(samplePayload([0, 1, 2, 255], 4, 64)).toEqual({ sample: base64([0, 1, 2, 255]), sampleEncoding: 'base64' });
    expect(base64([0, 1, 2, 255])).toBe(Buffer.from([0, 1, 2, 255]).toString('base64'));
    expect(base64([0xde, 0xad])).toBe('3q0=');
    // A multi-byte character cut by the sample limit is dropped, not turned into base64.
    const cut = [...Buffer.from('ab手')].slice(0, 4);
    expect(utf8Text(cut, 4)).toBe('ab');
    expect(utf8Text([0xc0, 0x80], 2)).toBeNull(); // overlong
    expect(samplePayload([...Buffer.from('x'.repeat(100))], 100, 10)).toMatchObject({ sample: 'xxxxxxxxxx', sampleTruncated: true });
    expect(looksLikeTls([0x17, 0x03, 0x03, 0x00, 0x20])).toBe(true);
    expect(looksLikeTls([...Buffer.from('GET /')])).toBe(false);
    expect(parseHttpRequest('GET /a?b=1 HTTP/1.1\r\nHOST: x.cn\r\n\r\n')).toEqual({ method: 'GET', path: '/a?b=1', host: 'x.cn' });
    expect(parseHttpRequest('GETTING there')).toBeNull();
  });
});

describe('scheduling', () => {
  it('reports jobs, dynamic receivers with their actions, sticky services and foreground services', () => {
    const env = makeEnv();
    const js = env.java.define('android.app.JobSchedulerImpl', { schedule: [{ params: ['android.app.job.JobInfo'], ret: 'int', body: () => 1 }] });
    const ci = env.java.define('android.app.ContextImpl', {
      registerReceiver: [{ params: ['android.content.BroadcastReceiver', 'android.content.IntentFilter'], body: function (this: any, r: any, f: any) { return this.registerReceiverInternal(r, 0, f, null, null, null, 0); } }],
      registerReceiverInternal: [
        { params: ['android.content.BroadcastReceiver', 'int', 'android.content.IntentFilter', S, 'android.os.Handler', 'android.content.Context', 'int'], body: () => null },
      ],
    });
    const svc = env.java.define('android.app.Service', {
      onStartCommand: [{ params: ['android.content.Intent', 'int', 'int'], ret: 'int', body: () => 1 }],
      startForeground: [{ params: ['int', 'android.app.Notification', 'int'], body: () => undefined }],
    });
    env.install('job.schedule', 'receiver.registerReceiver', 'receiver.registerReceiverInternal', 'service.onStartCommand', 'service.startForeground');
    const job = { getId: () => 1001, getService: () => ({ getPackageName: () => 'com.example.app', getClassName: () => 'com.igexin.sdk.PushJobService' }), isPersisted: () => true, isPeriodic: () => true, getIntervalMillis: () => 900_000 };
    env.java.instance(js).schedule(job);
    const filter = { countActions: () => 2, getAction: (i: number) => ['android.net.conn.CONNECTIVITY_CHANGE', 'android.intent.action.USER_PRESENT'][i] };
    const ctx = env.java.instance(ci);
    ctx.registerReceiver({ $className: 'com.igexin.push.core.receiver.NetworkReceiver' }, filter);
    ctx.registerReceiver(null, { countActions: () => 1, getAction: () => 'android.intent.action.BATTERY_CHANGED' }); // a sticky read
    const service = env.java.instance(svc);
    service.$className = 'com.igexin.sdk.PushService';
    service.onStartCommand(null, 0, 1);
    service.startForeground(1, null, 8);
    const evs = env.events();
    expect(evs.map((e) => [e.hook, e.detail])).toEqual([
      ['job.schedule', { via: 'job', jobId: 1001, component: 'com.example.app/com.igexin.sdk.PushJobService', persisted: true, interval: 900_000 }],
      ['receiver.registerReceiver', { via: 'receiver', actions: ['android.net.conn.CONNECTIVITY_CHANGE', 'android.intent.action.USER_PRESENT'], action: 'android.net.conn.CONNECTIVITY_CHANGE', component: 'com.example.app/com.igexin.push.core.receiver.NetworkReceiver' }],
      ['service.onStartCommand', { via: 'sticky-service', target: 'START_STICKY', component: 'com.example.app/com.igexin.sdk.PushService' }],
      ['service.startForeground', { via: 'foreground', component: 'com.example.app/com.igexin.sdk.PushService', target: 'type=0x8' }],
    ]);
  });
});

function defineActivityThread(env: Env) {
  const at = env.java.define('android.app.ActivityThread', {
    handleReceiver: [{ params: ['android.app.ActivityThread$ReceiverData'], body: () => undefined }],
    handleCreateService: [{ params: ['android.app.ActivityThread$CreateServiceData'], body: () => undefined }],
    handleServiceArgs: [{ params: ['android.app.ActivityThread$ServiceArgsData'], body: () => undefined }],
    currentApplication: [{ params: [], body: () => null }],
    currentPackageName: [{ params: [], body: () => 'com.example.app' }],
  });
  env.install('wake.handleReceiver', 'wake.handleCreateService', 'wake.handleServiceArgs');
  return env.java.instance(at);
}

describe('what woke the process', () => {
  it('decides from the first component entry: a boot receiver', () => {
    const env = makeEnv({ apiLevel: 30 });
    const at = defineActivityThread(env);
    const data = (action: string) => ({ intent: { value: intent({ action }) }, info: { value: { packageName: { value: 'com.example.app' }, name: { value: 'com.igexin.sdk.BootReceiver' } } } });
    at.handleReceiver(data('android.intent.action.BOOT_COMPLETED'));
    at.handleReceiver(data('android.net.conn.CONNECTIVITY_CHANGE'));
    const evs = env.events();
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ kind: 'lifecycle', hook: 'wake.handleReceiver', detail: { type: 'process-start', reason: 'receiver', action: 'android.intent.action.BOOT_COMPLETED', component: 'com.example.app/com.igexin.sdk.BootReceiver' } });
    expect(env.emitter.counterSnapshot()['wake.handleReceiver']).toEqual({ calls: 2, emitted: 1 });
  });

  it('completes a service start with its intent action, or decides on a timer when none follows', () => {
    const env = makeEnv({ apiLevel: 30 });
    const at = defineActivityThread(env);
    const create = { info: { value: { packageName: { value: 'com.example.app' }, name: { value: 'com.xiaomi.push.service.XMPushService' }, permission: { value: null } } } };
    at.handleCreateService(create);
    expect(env.events()).toHaveLength(0);
    at.handleServiceArgs({ args: { value: intent({ action: 'com.xiaomi.mipush.RECEIVE_MESSAGE' }) } });
    expect(env.events()[0].detail).toEqual({ type: 'process-start', reason: 'push', component: 'com.example.app/com.xiaomi.push.service.XMPushService', action: 'com.xiaomi.mipush.RECEIVE_MESSAGE' });

    const env2 = makeEnv({ apiLevel: 30 });
    const at2 = defineActivityThread(env2);
    at2.handleCreateService({ info: { value: { packageName: { value: 'com.example.app' }, name: { value: 'androidx.work.impl.background.systemjob.SystemJobService' }, permission: { value: 'android.permission.BIND_JOB_SERVICE' } } } });
    env2.platform.advance(2000);
    expect(env2.events()[0]).toMatchObject({ hook: 'wake.handleCreateService', detail: { type: 'process-start', reason: 'job', component: 'com.example.app/androidx.work.impl.background.systemjob.SystemJobService' } });
  });

  it("prefers the system's own ApplicationStartInfo on API 35+", () => {
    const env = makeEnv({ apiLevel: 35, startInfo: () => ({ reason: 0, component: 'com.example.app/com.example.app.AlarmReceiver' }) });
    const at = defineActivityThread(env);
    at.handleReceiver({ intent: { value: intent({ action: 'com.example.TICK' }) }, info: { value: null } });
    expect(env.events()[0].detail).toEqual({ type: 'process-start', reason: 'alarm', component: 'com.example.app/com.example.app.AlarmReceiver', action: 'com.example.TICK' });
    // The poll (outside hooks) finds it decided and does nothing more.
    expect(env.services.wake.poll()).toBe('decided');
  });

  it('polls ApplicationStartInfo until the Application exists, then decides once', () => {
    let ready = false;
    const env = makeEnv({ apiLevel: 36, startInfo: () => (ready ? { reason: 6 } : undefined) });
    expect(env.services.wake.poll()).toBe('retry');
    ready = true;
    expect(env.services.wake.poll()).toBe('decided');
    expect(env.wakeEmitted).toEqual([{ detail: { type: 'process-start', reason: 'launcher' }, api: 'android.app.ActivityManager.getHistoricalProcessStartReasons(int)', hook: 'wake.startInfo' }]);
  });

  it('emits process-start next to activity-create when the launcher started us', () => {
    const env = makeEnv({ apiLevel: 30 });
    env.java.define('android.app.ActivityThread', { currentPackageName: [{ params: [], body: () => 'com.example.app' }] });
    const ins = env.java.define('android.app.Instrumentation', { callActivityOnCreate: [{ params: ['android.app.Activity', 'android.os.Bundle'], body: () => undefined }] });
    env.install('lifecycle.callActivityOnCreate');
    const activity = { $className: 'com.example.app.SplashActivity', getIntent: () => intent({ action: 'android.intent.action.MAIN', categories: ['android.intent.category.LAUNCHER'] }), mReferrer: { value: 'com.miui.home' } };
    env.java.instance(ins).callActivityOnCreate(activity, null);
    const evs = env.events();
    expect(evs.map((e) => e.detail)).toEqual([
      { type: 'activity-create', component: 'com.example.app.SplashActivity' },
      { type: 'process-start', reason: 'launcher', component: 'com.example.app/com.example.app.SplashActivity', action: 'android.intent.action.MAIN', caller: 'com.miui.home' },
    ]);
  });
});

describe('lifecycle: dialogs', () => {
  it('reads an AlertDialog title, else the first texts of the dialog window', () => {
    const env = makeEnv();
    const tvClass = env.java.define('android.widget.TextView', {});
    const vg = env.java.define('android.view.ViewGroup', {});
    const dlg = env.java.define('android.app.Dialog', { show: [{ params: [], body: () => undefined }] });
    env.install('lifecycle.dialog.show');
    const alert = env.java.instance(dlg, { mAlert: { mTitle: { value: '用户协议与隐私政策' } } });
    alert.show();
    const text = (t: string) => ({ $className: 'android.widget.TextView', $types: ['android.widget.TextView'], getText: () => ({ toString: () => t }) });
    const group = (children: any[]) => ({ $className: 'android.widget.LinearLayout', $types: ['android.view.ViewGroup'], getChildCount: () => children.length, getChildAt: (i: number) => children[i] });
    const custom = env.java.instance(dlg, {}, { getWindow: () => ({ getDecorView: () => group([group([text('温馨提示'), text('请阅读并同意')]), group([text('同意'), text('不同意')])]) }) });
    custom.show();
    const evs = env.events();
    expect(evs.map((e) => e.detail.text)).toEqual(['用户协议与隐私政策', '温馨提示 | 请阅读并同意 | 同意 | 不同意']);
    void tvClass;
    void vg;
    void jlist;
  });
});
