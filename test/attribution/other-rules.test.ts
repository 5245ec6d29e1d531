// Native module, network domain and component/action rules, and the lookup structures under them.
import { describe, expect, test } from 'vitest';
import { SegmentTrie, hostLongest, hostSegments, javaLongest, javaSegments } from '../../attribution/trie.js';
import { isObfuscated, packagePrefix, packageRoot } from '../../attribution/classify.js';
import { hostOf } from '../../attribution/rules/domain.js';
import { componentClass } from '../../attribution/rules/component.js';
import { apiFramesFromHookAreas } from '../../attribution/index.js';
import { HOOK_AREAS } from '../../agent/catalog/index.js';
import type { HookArea } from '../../agent/catalog/types.js';
import { attributor, stack } from './helpers.js';

const a = attributor();

describe('segment tries', () => {
  test('Java prefixes match on . and $ boundaries only, longest first', () => {
    const t = new SegmentTrie<string>();
    for (const p of ['com.umeng', 'com.umeng.analytics', 'com.igexin.sdk.PushService']) t.insert(javaSegments(p), p);
    const len = { length: 0 };
    expect(javaLongest(t, 'com.umeng.analytics.pro.j', len)).toBe('com.umeng.analytics');
    expect(len.length).toBe('com.umeng.analytics'.length);
    expect(javaLongest(t, 'com.umeng.Foo', len)).toBe('com.umeng');
    expect(javaLongest(t, 'com.umeng', len)).toBe('com.umeng');
    expect(javaLongest(t, 'com.umengx.Foo', len)).toBeUndefined();
    expect(javaLongest(t, 'com.um', len)).toBeUndefined();
    expect(javaLongest(t, 'com.igexin.sdk.PushService$1', len)).toBe('com.igexin.sdk.PushService');
    expect(javaLongest(t, 'com.igexin.sdk.PushServiceX', len)).toBeUndefined();
    expect(len.length).toBe(0);
  });

  test('host names match by label suffix, case-insensitively', () => {
    const t = new SegmentTrie<string>(true);
    for (const d of ['umeng.com', 'ulogs.umeng.com', 'gdt.qq.com']) t.insert(hostSegments(d), d);
    const out = { depth: 0 };
    expect(hostLongest(t, 'ULOGS.Umeng.com', out)).toBe('ulogs.umeng.com');
    expect(out.depth).toBe(3);
    expect(hostLongest(t, 'msg.umeng.com', out)).toBe('umeng.com');
    expect(hostLongest(t, 'notumeng.com', out)).toBeUndefined();
    expect(hostLongest(t, 'qq.com', out)).toBeUndefined();
    expect(hostLongest(t, 'mi.gdt.qq.com', out)).toBe('gdt.qq.com');
  });

  test('many siblings under one node stay exact (hash collisions are chained, not merged)', () => {
    const t = new SegmentTrie<number>();
    for (let i = 0; i < 20000; i++) t.insert(['com', `v${i}`], i);
    const len = { length: 0 };
    for (let i = 0; i < 20000; i += 997) expect(javaLongest(t, `com.v${i}.X`, len)).toBe(i);
    expect(javaLongest(t, 'com.v20000.X', len)).toBeUndefined();
  });
});

describe('name helpers', () => {
  test('obfuscation is judged from short lower-case names', () => {
    for (const cn of ['a.b.c', 'com.x.a.b', 'a.b.Foo', 'com.umeng.analytics.pro.bc', 'a', 'a.b.c$d']) expect(isObfuscated(cn), cn).toBe(true);
    for (const cn of ['com.example.MainActivity', 'com.sdk.Api', 'okhttp3.OkHttpClient', 'io.foo.bar.Baz$1', 'Foo']) expect(isObfuscated(cn), cn).toBe(false);
  });

  test('package prefixes and roots', () => {
    expect(packagePrefix('com.foo.bar.baz.Cls')).toBe('com.foo.bar');
    expect(packagePrefix('a.b.c')).toBe('a.b');
    expect(packagePrefix('bolts.Task$1')).toBe('bolts');
    expect(packageRoot('com.bytedance.a.b')).toBe('com.bytedance');
    expect(packageRoot('bolts.Task')).toBe('bolts');
    expect(packageRoot('com.x.a.b')).toBeNull();
    expect(packageRoot('a.b.c')).toBeNull();
  });
});

describe('native rule', () => {
  test('exact library names, then patterns, from a path', () => {
    const exact = a.native('/data/app/~~x==/com.example.shop-1/lib/arm64/libmsaoaidsec.so');
    expect(exact.sdk?.id).toBe('msa-oaid');
    expect(exact.via).toBe('native');
    expect(exact.module).toBe('libmsaoaidsec.so');
    expect(exact.matched).toBe('libmsaoaidsec.so');
    const pattern = a.native('libjcore220.so');
    expect(pattern.sdk?.id).toBe('jiguang-jcore');
    expect(pattern.matched).toBe('libjcore(.*)\\.so');
  });

  test('the Java stack names who called into the library', () => {
    const r = a.native('libBugly.so', stack('java.lang.System.loadLibrary', 'com.tencent.bugly.crashreport.crash.jni.NativeCrashHandler.a', 'com.umeng.commonsdk.UMConfigure.init', 'com.example.shop.App.onCreate'));
    expect(r.sdk?.id).toBe('tencent-bugly');
    expect(r.chain.map((c) => c.id)).toEqual(['umeng-common']);
    expect(r.calledByApp).toBe(true);
  });

  test('system libraries and unknown modules fall back to the Java stack', () => {
    const r = a.native('/apex/com.android.runtime/lib64/bionic/libc.so', stack('java.net.Socket.connect', 'com.growingio.android.sdk.track.http.Sender.send'));
    expect(r.sdk?.id).toBe('growingio');
    expect(r.via).toBe('stack');
    expect(r.reason).toMatch(/^Native module libc\.so is a system library, so the Java stack decides/);
    expect(a.native('libshopcore.so').party).toBe('unknown');
    expect(a.native('libc.so').party).toBe('platform');
  });
});

describe('domain rule', () => {
  test('host extraction', () => {
    expect(hostOf('https://User@ULOGS.umeng.com:443/path?q')).toBe('ulogs.umeng.com');
    expect(hostOf('mi.gdt.qq.com.')).toBe('mi.gdt.qq.com');
    expect(hostOf('203.0.113.7')).toBeNull();
    expect(hostOf('[2001:db8::1]:443')).toBeNull();
  });

  test('SDK domains beat vendor domains; vendor domains name the company', () => {
    expect(a.domain('ulogs.umeng.com').sdk?.id).toBe('umeng-analytics');
    const vendor = a.domain('msg.umeng.com');
    expect(vendor.sdk).toEqual({ id: 'vendor:umeng', name: 'Umeng (Alibaba)', vendor: 'Umeng (Alibaba)', category: 'vendor' });
    expect(vendor.via).toBe('domain');
    expect(vendor.reason).toContain('no single SDK claims it');
    expect(a.domain('v.gdt.qq.com').sdk?.id).toBe('tencent-gdt');
    expect(a.domain('www.qq.com').sdk?.id).toBe('vendor:tencent');
    expect(a.domain('api.example.org').party).toBe('unknown');
  });

  test('a stack decides; the destination is kept as evidence, agreeing or not', () => {
    const agree = a.domain('ulogs.umeng.com', stack('java.net.Socket.connect', 'okhttp3.RealCall.execute', 'com.umeng.analytics.pro.bf.a'));
    expect(agree.via).toBe('stack');
    expect(agree.sdk?.id).toBe('umeng-analytics');
    expect(agree.domainSdk?.id).toBe('umeng-analytics');
    expect(agree.reason).toContain('agrees');
    const disagree = a.domain('pangolin-sdk-toutiao.com', stack('java.net.Socket.connect', 'com.example.shop.net.Api.post'));
    expect(disagree.party).toBe('first-party');
    expect(disagree.domainSdk?.id).toBe('pangle');
    expect(disagree.reason).toContain('disagreement');
  });

  test('a platform-only stack leaves the decision to the domain', () => {
    const r = a.domain('firebaseinstallations.googleapis.com', stack('java.net.Socket.connect', 'java.lang.Thread.run'));
    expect(r.via).toBe('domain');
    expect(r.sdk?.id).toBe('firebase-installations');
  });

  test("the stack's answer handed in (as ingest keeps it per stack) gives the same result as the rule's own", () => {
    // Ingest computes stack(frames, []) once per stack and hands it to every destination's domain rule.
    const stacks = [
      stack('java.net.Socket.connect', 'okhttp3.RealCall.execute', 'com.umeng.analytics.pro.bf.a', 'com.example.shop.App.onCreate'),
      stack('java.net.Socket.connect', 'com.example.shop.net.Api.post'),
      stack('java.net.Socket.connect', 'java.lang.Thread.run'),
      stack('java.net.Socket.connect', 'a.b.c.d', 'com.igexin.push.core.a.run'),
    ];
    for (const frames of stacks) {
      expect(a.stack(frames, [])).toEqual(a.stack(frames));
      for (const host of ['ulogs.umeng.com', 'msg.umeng.com', 'pangolin-sdk-toutiao.com', 'api.example.org', '203.0.113.7']) {
        expect(a.domain(host, frames, a.stack(frames, []))).toEqual(a.domain(host, frames));
      }
    }
  });
});

describe('component rule', () => {
  test('component names in ComponentName forms', () => {
    expect(componentClass('com.example.shop/.push.MyService')).toBe('com.example.shop.push.MyService');
    expect(componentClass('com.example.shop/com.igexin.sdk.PushService')).toBe('com.igexin.sdk.PushService');
  });

  test('exact components, actions, prefixes, the app and the platform', () => {
    const svc = a.component('com.example.shop/com.igexin.sdk.PushService');
    expect(svc.sdk?.id).toBe('getui-push');
    expect(svc.via).toBe('component');
    expect(a.component('com.huawei.push.action.MESSAGING_EVENT').sdk?.id).toBe('hms-push');
    expect(a.component('cn.jpush.android.intent.REGISTER').sdk?.id).toBe('jpush');
    expect(a.component('com.xiaomi.push.service.XMPushService').sdk?.id).toBe('mipush');
    expect(a.component('com.sigmob.sdk.base.common.AdActivity').sdk?.id).toBe('sigmob');
    expect(a.component('com.example.shop/.MainActivity').party).toBe('first-party');
    expect(a.component('android.intent.action.BOOT_COMPLETED').party).toBe('platform');
    expect(a.component('a.b.c').party).toBe('obfuscated');
    const unknown = a.component('io.unknownvendor.push.Receiver');
    expect(unknown.party).toBe('third-party');
    expect(unknown.prefix).toBe('io.unknownvendor.push');
  });
});

describe('API list from the hook catalog', () => {
  test('constructors become <init>; asynchronous-work tracking hooks are not APIs', () => {
    const areas = [
      {
        area: 'test',
        hooks: [
          { id: 'test.imei', class: 'android.telephony.TelephonyManager', method: 'getImei', overloads: 'all', kind: 'pi' },
          { id: 'test.socket', class: 'java.net.Socket', method: '$init', overloads: 'all', kind: 'net' },
          { id: 'test.submit', class: 'java.util.concurrent.ThreadPoolExecutor', method: 'execute', overloads: 'all', kind: 'origin' },
        ],
      },
    ] as unknown as HookArea[];
    expect(apiFramesFromHookAreas(areas)).toEqual([
      ['android.telephony.TelephonyManager', 'getImei'],
      ['java.net.Socket', '<init>'],
    ]);
  });

  test('the agent\'s hook catalog yields class/method pairs the engine accepts', () => {
    const apis = apiFramesFromHookAreas(HOOK_AREAS);
    expect(apis.length).toBeGreaterThan(0);
    for (const [cls, method] of apis) {
      expect(cls).toMatch(/^[\w$]+(\.[\w$]+)+$/);
      expect(method).toMatch(/^(<init>|[\w$]+)$/);
    }
  });
});
