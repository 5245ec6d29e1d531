// Realistic agent traffic for the benchmarks and the hardening tests: the batches the agent's
// emitter sends (agent/core/emitter.ts) under load, shaped like what the emulated device's demo
// run produces, at any volume and reproducibly (seeded).
//
// - Mixed kinds: personal-information reads (Settings, telephony, package lists, location, Wi-Fi),
//   network events (Java URL opens, plaintext sends with a text sample, native TLS sends with a
//   base64 sample), launches, schedules, lifecycle (resume/pause/clicks), permission checks.
// - Interned stacks: a pool of distinct 30-frame stacks (API frames, catalog SDK frames, transports,
//   the app's frames, executor or looper bottoms); an id's frames travel once, in the batch of its
//   first use; hot code paths repeat (skewed choice), new ones keep appearing.
// - Origins: most events on pool threads carry the submitting stack's id (one of the few places
//   that code path's work is submitted from), whose frames are sent when first referenced (the
//   agent's deferred stacks).
// - Per-hook call counters in every batch, as the emitter sends them.
import { createHash } from 'node:crypto';
import { PROTOCOL_VERSION } from '../protocol/constants.js';
import type { AgentEvent, Batch, Frame, Hello } from '../protocol/messages.js';
import { Rng } from './rng.js';

export const WORKLOAD_APP = 'com.example.shop';

/** Catalog SDKs (prefixes as in data/catalog/sdks.json) and the ids the attribution gives them. */
export const WORKLOAD_SDKS = [
  { id: 'getui-push', pkg: 'com.igexin.push.core', pool: 'GT-Pool' },
  { id: 'pangle', pkg: 'com.bytedance.sdk.openadsdk', pool: 'csj-io' },
  { id: 'tencent-bugly', pkg: 'com.tencent.bugly.crashreport', pool: 'Bugly-Thread' },
  { id: 'jpush', pkg: 'cn.jpush.android.service', pool: 'JPush-Worker' },
  { id: 'baidu-location', pkg: 'com.baidu.location.b', pool: 'BDLocation' },
  { id: 'amap', pkg: 'com.amap.api.location', pool: 'AMapLocation' },
  { id: 'hms-aaid', pkg: 'com.huawei.hms.aaid', pool: 'HMS-Pool' },
  { id: 'mipush', pkg: 'com.xiaomi.mipush.sdk', pool: 'mipush-worker' },
  { id: 'sensors-analytics', pkg: 'com.sensorsdata.analytics.android.sdk', pool: 'SA.Worker' },
  { id: 'wechat-opensdk', pkg: 'com.tencent.mm.opensdk.openapi', pool: 'wx-io' },
] as const;

type Template = {
  weight: number;
  hook: string;
  /** Top frames (innermost first): the hooked method and the framework frames under the caller. */
  api: Frame[];
  main?: boolean;
  transport?: boolean;
  make(rng: Rng, sdk: number): Omit<AgentEvent, 'seq' | 't' | 'tid' | 'thread' | 'stack' | 'origins'>;
};

const F = (cls: string, m: string, line = 100): Frame => [cls, m, `${cls.slice(cls.lastIndexOf('.') + 1).replace(/\$.*/, '')}.java`, line];

const ANDROID_ID = '5c1e8a2f93b07d44';
const IMEI = '861234567890123';
const PACKAGES = ['com.tencent.mm', 'com.eg.android.AlipayGphone', 'com.taobao.taobao', 'com.sina.weibo', 'com.ss.android.ugc.aweme', 'com.jingdong.app.mall', 'com.xunmeng.pinduoduo', 'com.tencent.mobileqq'];
const HOSTS = ['sdk.open.phone.igexin.com', 'api-access.pangolin-sdk-toutiao.com', 'android.bugly.qq.com', 'tsis.jpush.cn', 'loc.map.baidu.com', 'apilocate.amap.com', 'grs.dbankcloud.com', 'resolver.msg.xiaomi.net', 'sdk-sensors.example.com', 'open.weixin.qq.com'];

const TEMPLATES: Template[] = [
  {
    weight: 14,
    hook: 'settings.secure.getString',
    api: [F('android.provider.Settings$Secure', 'getString', 5218), F('android.provider.Settings$Secure', 'getStringForUser', 5230)],
    make: () => ({
      kind: 'pi',
      api: 'android.provider.Settings$Secure.getString(android.content.ContentResolver,java.lang.String)',
      hook: 'settings.secure.getString',
      dataType: 'android_id',
      args: [{ $: 'obj', cls: 'android.app.ContextImpl$ApplicationContentResolver' }, 'android_id'],
      ret: ANDROID_ID,
      detail: { key: 'android_id', values: [ANDROID_ID] },
    }),
  },
  {
    weight: 10,
    hook: 'telephony.getImei',
    api: [F('android.telephony.TelephonyManager', 'getImei', 2110), F('android.telephony.TelephonyManager', 'getImei', 2095)],
    make: () => ({ kind: 'pi', api: 'android.telephony.TelephonyManager.getImei(int)', hook: 'telephony.getImei', dataType: 'imei', args: [0], ret: IMEI, detail: { values: [IMEI] } }),
  },
  {
    weight: 6,
    hook: 'pm.getInstalledPackages',
    api: [F('android.app.ApplicationPackageManager', 'getInstalledPackages', 843)],
    make: (rng) => {
      const n = 40 + rng.int(60);
      return {
        kind: 'pi',
        api: 'android.app.ApplicationPackageManager.getInstalledPackages(int)',
        hook: 'pm.getInstalledPackages',
        dataType: 'installed_apps',
        args: [0],
        ret: { $: 'arr', cls: 'java.util.List', len: n, items: PACKAGES.map((p) => ({ $: 'obj' as const, cls: 'android.content.pm.PackageInfo', str: `PackageInfo{${(rng.int(1 << 24)).toString(16)} ${p}}` })) },
        detail: { count: n, values: PACKAGES },
      };
    },
  },
  {
    weight: 6,
    hook: 'location.getLastKnownLocation',
    api: [F('android.location.LocationManager', 'getLastKnownLocation', 1380)],
    make: (rng) => {
      const lat = (31.2 + rng.next() / 100).toFixed(6);
      const lon = (121.4 + rng.next() / 100).toFixed(6);
      return {
        kind: 'pi',
        api: 'android.location.LocationManager.getLastKnownLocation(java.lang.String)',
        hook: 'location.getLastKnownLocation',
        dataType: 'location',
        args: ['network'],
        ret: { $: 'obj', cls: 'android.location.Location', str: `Location[network ${lat},${lon} hAcc=20.0 et=+1d2h acc=20]` },
        detail: { values: [`${lat},${lon}`] },
      };
    },
  },
  {
    weight: 5,
    hook: 'wifi.getBSSID',
    api: [F('android.net.wifi.WifiInfo', 'getBSSID', 412)],
    make: () => ({ kind: 'pi', api: 'android.net.wifi.WifiInfo.getBSSID()', hook: 'wifi.getBSSID', dataType: 'wifi_info', ret: '9c:2e:a1:4f:00:12', detail: { values: ['9c:2e:a1:4f:00:12'] } }),
  },
  {
    weight: 8,
    hook: 'url.openConnection',
    api: [F('java.net.URL', 'openConnection', 1012)],
    transport: true,
    make: (rng, sdk) => {
      const host = HOSTS[sdk]!;
      return { kind: 'net', api: 'java.net.URL.openConnection()', hook: 'url.openConnection', detail: { layer: 'java', proto: 'https', tls: true, op: 'open', url: `https://${host}/api/v${1 + rng.int(3)}/report`, host } };
    },
  },
  {
    weight: 8,
    hook: 'socket.write',
    api: [F('java.net.SocketOutputStream', 'socketWrite', 118), F('java.net.SocketOutputStream', 'write', 155)],
    transport: true,
    make: (rng, sdk) => {
      const host = HOSTS[sdk]!;
      const body = `aid=${ANDROID_ID}&imei=${IMEI}&ts=${1767225600000 + rng.int(1e7)}&apps=${PACKAGES.slice(0, 1 + rng.int(PACKAGES.length)).join(',')}`;
      const sample = `POST /collect HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      return {
        kind: 'net',
        api: 'java.net.SocketOutputStream.write([B,int,int)',
        hook: 'socket.write',
        detail: { layer: 'java', proto: 'http', tls: false, op: 'send', host, ip: `203.0.113.${1 + sdk}`, port: 80, bytes: sample.length, sample, sampleEncoding: 'utf8' },
      };
    },
  },
  {
    weight: 7,
    hook: 'native.SSL_write',
    api: [F('com.android.org.conscrypt.NativeCrypto', 'SSL_write', -2), F('com.android.org.conscrypt.NativeSsl', 'write', 320)],
    transport: true,
    make: (rng, sdk) => {
      const host = HOSTS[sdk]!;
      const raw = Buffer.from(`{"did":"${IMEI}","android_id":"${ANDROID_ID}","n":${rng.int(1e6)},"model":"Pixel 7","pkgs":${JSON.stringify(PACKAGES.slice(0, 4))}}`.repeat(2));
      return {
        kind: 'net',
        api: 'SSL_write',
        hook: 'native.SSL_write',
        detail: { layer: 'native', proto: 'tls', tls: true, op: 'send', host, ip: `198.51.100.${1 + sdk}`, port: 443, bytes: raw.length, module: 'libjavacrypto.so', sample: raw.toString('base64'), sampleEncoding: 'base64' },
      };
    },
  },
  {
    weight: 5,
    hook: 'service.startServiceCommon',
    api: [F('android.app.ContextImpl', 'startServiceCommon', 1850), F('android.app.ContextImpl', 'startService', 1820), F('android.content.ContextWrapper', 'startService', 720)],
    make: (rng) => {
      const other = rng.chance(0.3);
      const pkg = other ? PACKAGES[rng.int(PACKAGES.length)]! : WORKLOAD_APP;
      return { kind: 'launch', api: 'android.app.ContextImpl.startServiceCommon(android.content.Intent,boolean,android.os.UserHandle)', hook: 'service.startServiceCommon', detail: { via: 'service', component: `${pkg}/${pkg}.push.PushService`, package: pkg, extras: ['from', 'ts'] } };
    },
  },
  {
    weight: 4,
    hook: 'alarm.setRepeating',
    api: [F('android.app.AlarmManager', 'setImpl', 990), F('android.app.AlarmManager', 'setRepeating', 402)],
    make: (rng) => ({ kind: 'schedule', api: 'android.app.AlarmManager.setRepeating(int,long,long,android.app.PendingIntent)', hook: 'alarm.setRepeating', detail: { via: 'alarm', alarmType: 0, triggerAt: 1767225600000 + rng.int(1e7), interval: 900000, target: `${WORKLOAD_APP}/com.igexin.sdk.PushReceiver` } }),
  },
  {
    weight: 8,
    hook: 'permission.checkSelfPermission',
    api: [F('android.app.ContextImpl', 'checkSelfPermission', 2010), F('android.content.ContextWrapper', 'checkSelfPermission', 860)],
    make: (rng) => ({ kind: 'permission', api: 'android.app.ContextImpl.checkSelfPermission(java.lang.String)', hook: 'permission.checkSelfPermission', detail: { type: 'check', permissions: [rng.pick(['android.permission.READ_PHONE_STATE', 'android.permission.ACCESS_FINE_LOCATION', 'android.permission.ACCESS_WIFI_STATE'])], results: [0] } }),
  },
  {
    weight: 5,
    hook: 'lifecycle.performResume',
    main: true,
    api: [F('android.app.Instrumentation', 'callActivityOnResume', 1456), F('android.app.Activity', 'performResume', 8110)],
    make: (rng) => ({ kind: 'lifecycle', api: 'android.app.Instrumentation.callActivityOnResume(android.app.Activity)', hook: 'lifecycle.performResume', detail: { type: rng.chance(0.5) ? 'resume' : 'pause', component: `${WORKLOAD_APP}.ui.${rng.pick(['Main', 'Detail', 'Cart'])}Activity` } }),
  },
  {
    weight: 2,
    hook: 'view.performClick',
    main: true,
    api: [F('android.view.View', 'performClick', 7448), F('android.view.View$PerformClick', 'run', 28000)],
    make: (rng) => ({ kind: 'lifecycle', api: 'android.view.View.performClick()', hook: 'view.performClick', detail: { type: 'click', text: rng.pick(['加入购物车', '立即购买', '首页', '我的']), viewId: 'btn_action' } }),
  },
];
const TOTAL_WEIGHT = TEMPLATES.reduce((s, t) => s + t.weight, 0);

const LOOPER_BOTTOM: Frame[] = [
  F('android.os.Handler', 'handleCallback', 938), F('android.os.Handler', 'dispatchMessage', 99), F('android.os.Looper', 'loopOnce', 201), F('android.os.Looper', 'loop', 288),
  F('android.app.ActivityThread', 'main', 7918), ['java.lang.reflect.Method', 'invoke', null, -2], F('com.android.internal.os.RuntimeInit$MethodAndArgsCaller', 'run', 548), F('com.android.internal.os.ZygoteInit', 'main', 936),
];
const POOL_BOTTOM: Frame[] = [F('java.util.concurrent.ThreadPoolExecutor', 'runWorker', 1167), F('java.util.concurrent.ThreadPoolExecutor$Worker', 'run', 641), F('java.lang.Thread', 'run', 923)];
const OKHTTP: Frame[] = [F('okhttp3.internal.connection.RealCall', 'execute', 154), F('okhttp3.internal.http.RealInterceptorChain', 'proceed', 109), F('okhttp3.internal.connection.ConnectInterceptor', 'intercept', 34)];

interface PoolStack {
  id: string;
  frames: Frame[];
  template: number;
  /** -1: the app's own code; -2: an unknown third party; otherwise an index into WORKLOAD_SDKS. */
  sdk: number;
  pool: boolean;
  /** Submission sites of the work this code runs in (indexes into the origin pool). */
  submitters: number[];
}

const STACK_DEPTH = 30;

function stackId(kind: string, i: number, seed: number): string {
  return createHash('sha1').update(`${kind}:${seed}:${i}`).digest('hex');
}

export interface WorkloadOptions {
  seed?: number;
  pid?: number;
  /** Distinct event stacks in the pool (hot ones repeat, the tail keeps bringing new ones). */
  stacks?: number;
  /** Distinct submitting (origin) stacks. */
  originStacks?: number;
  /** Events per batch (the agent's default batchSize). */
  batchSize?: number;
  /** Device time of the first event. */
  t0?: number;
}

/** One traced process's agent: its hello and its batches, in seq order. */
export class AgentWorkload {
  readonly rng: Rng;
  readonly pid: number;
  private seq = 0;
  private t: number;
  private readonly pool: PoolStack[] = [];
  private readonly origins: PoolStack[] = [];
  private readonly sent = new Set<string>();
  readonly batchSize: number;
  private readonly seed: number;
  private readonly originCount: number;
  /** Events per kind generated so far. */
  readonly kinds: Record<string, number> = {};

  constructor(o: WorkloadOptions = {}) {
    this.seed = o.seed ?? 1;
    this.rng = new Rng(this.seed);
    this.pid = o.pid ?? 4242;
    this.batchSize = o.batchSize ?? 256;
    this.t = o.t0 ?? 1_767_225_600_000;
    const n = o.stacks ?? 4000;
    this.originCount = o.originStacks ?? 300;
    for (let i = 0; i < n; i++) this.pool.push(this.makeStack(i, false));
    for (let i = 0; i < this.originCount; i++) this.origins.push(this.makeStack(i, true));
  }

  get events(): number {
    return this.seq;
  }

  /** Frames of a stack id of this workload. */
  framesOf(id: string): Frame[] | undefined {
    this.byId ??= new Map([...this.pool, ...this.origins].map((s) => [s.id, s.frames]));
    return this.byId.get(id);
  }
  private byId: Map<string, Frame[]> | null = null;

  private pickTemplate(): number {
    let r = this.rng.next() * TOTAL_WEIGHT;
    for (let i = 0; i < TEMPLATES.length; i++) {
      r -= TEMPLATES[i]!.weight;
      if (r < 0) return i;
    }
    return TEMPLATES.length - 1;
  }

  private makeStack(i: number, origin: boolean): PoolStack {
    const rng = this.rng;
    const template = origin ? -1 : this.pickTemplate();
    const t = template >= 0 ? TEMPLATES[template]! : null;
    const r = rng.next();
    const sdk = r < 0.8 ? rng.skewed(WORKLOAD_SDKS.length, 2) : r < 0.93 ? -1 : -2;
    const main = t?.main === true || (!origin && rng.chance(0.3));
    const frames: Frame[] = [];
    if (t !== null) frames.push(...t.api);
    if (origin) frames.push(F('java.util.concurrent.ThreadPoolExecutor', 'execute', 1355));
    if (t?.transport === true && sdk >= 0) frames.push(...OKHTTP);
    const own = sdk >= 0 ? WORKLOAD_SDKS[sdk]!.pkg : sdk === -1 ? `${WORKLOAD_APP}.data` : 'com.unknownvendor.metrics';
    // The deciding code: obfuscated-looking inner classes and readable entry points, as in SDK builds.
    const inner = 2 + rng.int(4);
    for (let k = 0; k < inner; k++) frames.push([`${own}.${String.fromCharCode(97 + ((i + k) % 26))}.${String.fromCharCode(97 + (k % 26))}${i % 7 === 0 ? `$${1 + (k % 3)}` : ''}`, String.fromCharCode(97 + k), 'SourceFile', 10 + ((i * 7 + k) % 400)]);
    frames.push([`${own}.Entry${i % 50}`, rng.pick(['init', 'report', 'collect', 'onEvent']), 'SourceFile', 42]);
    const bottom = main ? LOOPER_BOTTOM : POOL_BOTTOM;
    // The app's own frames fill the stack to a realistic depth.
    let k = 0;
    while (frames.length + bottom.length < STACK_DEPTH) {
      frames.push(F(`${WORKLOAD_APP}.${['ui.HomeFragment', 'ui.MainActivity', 'App', 'feed.FeedAdapter', 'push.PushBridge'][k % 5]}${k > 4 ? `$${k}` : ''}`, ['onResume', 'onCreate', 'load', 'bind', 'run'][(i + k) % 5]!, 60 + k));
      k++;
    }
    frames.push(...bottom);
    const submitters = [rng.skewed(this.originCount, 2), rng.skewed(this.originCount, 2)];
    return { id: stackId(origin ? 'o' : 's', i, this.seed), frames: frames.slice(0, STACK_DEPTH + 8), template, sdk, pool: !main, submitters };
  }

  hello(): Hello {
    return { v: PROTOCOL_VERSION, kind: 'hello', pid: this.pid, process: WORKLOAD_APP, agent: '0.1.0', catalog: 'bench', java: true, android: { release: '13', sdk: 33 }, t: this.t };
  }

  /** The next batch of `n` events (the agent's emitter output), stacks first sent where first used. */
  batch(n = this.batchSize): Batch {
    const rng = this.rng;
    const events: AgentEvent[] = [];
    let stacks: Record<string, Frame[]> | undefined;
    const counts = new Map<string, number>();
    const ship = (s: PoolStack) => {
      if (this.sent.has(s.id)) return;
      this.sent.add(s.id);
      (stacks ??= {})[s.id] = s.frames;
    };
    for (let i = 0; i < n; i++) {
      const s = this.pool[rng.skewed(this.pool.length, 3)]!;
      const t = TEMPLATES[s.template]!;
      ship(s);
      this.t += rng.int(3);
      const sdk = s.sdk >= 0 ? s.sdk : rng.int(WORKLOAD_SDKS.length);
      const ev = { ...t.make(rng, sdk), seq: this.seq++, t: this.t, tid: s.pool ? 12400 + (s.sdk & 7) : 12345, thread: s.pool ? `${s.sdk >= 0 ? WORKLOAD_SDKS[s.sdk]!.pool : 'pool-2-thread'}-${1 + (this.seq % 2)}` : 'main', stack: s.id } as AgentEvent;
      if (s.pool && rng.chance(0.6)) {
        // Work from one code path is submitted from one of a few places.
        const o = this.origins[s.submitters[rng.chance(0.8) ? 0 : 1]!]!;
        ship(o);
        ev.origins = [o.id];
      }
      this.kinds[ev.kind] = (this.kinds[ev.kind] ?? 0) + 1;
      counts.set(t.hook, (counts.get(t.hook) ?? 0) + 1);
      events.push(ev);
    }
    const batch: Batch = { v: PROTOCOL_VERSION, kind: 'batch', pid: this.pid, events };
    if (stacks !== undefined) batch.stacks = stacks;
    batch.counts = [...counts].map(([hook, emitted]) => [hook, emitted + (hook === 'settings.secure.getString' ? 3 : 0), emitted]);
    return batch;
  }
}

/** A Frida script `message` as frida-node delivers it: the payload parsed from the agent's JSON. */
export function wire(batch: unknown): string {
  return JSON.stringify({ type: 'send', payload: batch });
}
