// Stack traces out of free text: every input format `sdktrace attribute` accepts.
import { describe, expect, test } from 'vitest';
import { parseFrameText, parseTraces } from '../../host/attribution/trace-text.js';

const classes = (t: { frames: [string, string, string | null, number][] }) => t.frames.map((f) => `${f[0]}.${f[1]}`);

describe('single frames', () => {
  test('Java frame forms', () => {
    expect(parseFrameText('at com.umeng.analytics.MobclickAgent.onResume(MobclickAgent.java:12)')).toEqual(['com.umeng.analytics.MobclickAgent', 'onResume', 'MobclickAgent.java', 12]);
    expect(parseFrameText('android.telephony.TelephonyManager.getDeviceId(Native Method)')).toEqual(['android.telephony.TelephonyManager', 'getDeviceId', null, -2]);
    expect(parseFrameText('com.qq.e.a.b.c(Unknown Source:4)')).toEqual(['com.qq.e.a.b', 'c', null, 4]);
    expect(parseFrameText('com.example.App$1.<init>(SourceFile)')).toEqual(['com.example.App$1', '<init>', 'SourceFile', -1]);
    expect(parseFrameText('com.example.shop.App.onCreate:42')).toEqual(['com.example.shop.App', 'onCreate', null, 42]);
    expect(parseFrameText('- `com.example.shop.App.onCreate`')).toEqual(['com.example.shop.App', 'onCreate', null, -1]);
    expect(parseFrameText('[3] com.example.shop.App.onCreate')).toEqual(['com.example.shop.App', 'onCreate', null, -1]);
  });

  test('exception headers and prose are not frames when standing alone', () => {
    expect(parseFrameText('java.lang.Exception', true)).toBeNull();
    expect(parseFrameText('java.lang.Exception')).not.toBeNull();
    expect(parseFrameText('Foo.bar')).toBeNull();
    expect(parseFrameText('see the trace below')).toBeNull();
  });
});

describe('trace formats', () => {
  test('logcat with tags, prose and a markdown fence; "... N more" does not split a trace', () => {
    const text = [
      'We hooked getDeviceId and got:',
      '```',
      '11-23 10:00:00.123  4321  4321 W System.err: java.lang.Throwable: stack',
      '11-23 10:00:00.124  4321  4321 W System.err: \tat android.telephony.TelephonyManager.getDeviceId(TelephonyManager.java:1120)',
      '11-23 10:00:00.124  4321  4321 W System.err: \tat com.umeng.commonsdk.statistics.common.DeviceConfig.getImei(DeviceConfig.java:88)',
      '11-23 10:00:00.124  4321  4321 W System.err: \t... 3 more',
      '11-23 10:00:00.124  4321  4321 W System.err: \tat com.example.shop.App.onCreate(App.java:20)',
      '```',
      'Thanks.',
    ].join('\n');
    const traces = parseTraces(text);
    expect(traces).toHaveLength(1);
    expect(traces[0].format).toBe('java');
    expect(traces[0].line).toBe(4);
    expect(classes(traces[0])).toEqual(['android.telephony.TelephonyManager.getDeviceId', 'com.umeng.commonsdk.statistics.common.DeviceConfig.getImei', 'com.example.shop.App.onCreate']);
  });

  test('blank lines and exception headers ("Caused by") separate traces', () => {
    const text = 'java.lang.Exception\n\tat a.b.C.m(C.java:1)\n\tat a.b.D.n(D.java:2)\nCaused by: java.lang.RuntimeException\n\tat e.f.G.h(G.java:3)\n\n\tat x.y.Z.w(Z.java:4)\n';
    expect(parseTraces(text).map(classes)).toEqual([['a.b.C.m', 'a.b.D.n'], ['e.f.G.h'], ['x.y.Z.w']]);
  });

  test('bare a.b.C.m:12 lines', () => {
    const traces = parseTraces('Trace:\nandroid.net.wifi.WifiInfo.getMacAddress:12\ncom.baidu.location.a.b:7\ncom.example.shop.Map.locate:3\n');
    expect(traces).toHaveLength(1);
    expect(traces[0].format).toBe('bare');
    expect(traces[0].frames[1]).toEqual(['com.baidu.location.a', 'b', null, 7]);
  });

  test('JSON "stackTrace" arrays of strings and of objects, embedded in prose or NDJSON', () => {
    const text = [
      'first event: {"api":"getImei","stackTrace":["android.telephony.TelephonyManager.getImei(TelephonyManager.java:1)","com.qq.e.comm.a.b(Unknown Source)"]}',
      '{"kind":"pi","stackTrace":[{"className":"android.provider.Settings$Secure","methodName":"getString","fileName":"Settings.java","lineNumber":5},{"declaringClass":"com.bun.miitmdid.core.MdidSdkHelper","methodName":"InitSdk","lineNumber":-1}]}',
    ].join('\n');
    const traces = parseTraces(text);
    expect(traces.map((t) => t.format)).toEqual(['json', 'json']);
    expect(classes(traces[0])).toEqual(['android.telephony.TelephonyManager.getImei', 'com.qq.e.comm.a.b']);
    expect(traces[1].frames[0]).toEqual(['android.provider.Settings$Secure', 'getString', 'Settings.java', 5]);
    expect(traces[1].line).toBe(2);
  });

  test('a whole JSON document: sdktrace\'s own stacks record of [class, method, file, line] tuples', () => {
    const doc = JSON.stringify({ stacks: { s1: [['android.telephony.TelephonyManager', 'getDeviceId', null, -2], ['cn.jpush.android.a.b', 'c', 'b.java', 3]], s2: [['java.net.Socket', 'connect', null, -1]] } });
    const traces = parseTraces(doc);
    expect(traces.map(classes)).toEqual([['android.telephony.TelephonyManager.getDeviceId', 'cn.jpush.android.a.b.c'], ['java.net.Socket.connect']]);
  });

  test('callstack:a;b;c records (camille style)', () => {
    const traces = parseTraces('[*] getString called, callstack:android.provider.Settings$Secure.getString;com.bun.miitmdid.core.MdidSdkHelper.InitSdk;com.example.shop.App.onCreate');
    expect(traces).toHaveLength(1);
    expect(traces[0].format).toBe('callstack');
    expect(classes(traces[0])).toEqual(['android.provider.Settings$Secure.getString', 'com.bun.miitmdid.core.MdidSdkHelper.InitSdk', 'com.example.shop.App.onCreate']);
  });

  test('<--- chains', () => {
    const traces = parseTraces('getMacAddress: android.net.wifi.WifiInfo.getMacAddress <--- com.igexin.push.a.b <--- com.example.shop.App.onCreate\nnext line is prose');
    expect(traces.map((t) => t.format)).toEqual(['arrow']);
    expect(traces[0].frames).toHaveLength(3);
  });

  test('Frida hook dumps: Java frames and native Thread.backtrace frames are separate traces', () => {
    const text = [
      '[Pixel 6::com.example.shop ]-> [*] TelephonyManager.getDeviceId()',
      '    at android.telephony.TelephonyManager.getDeviceId(Native Method)',
      '    at cn.jiguang.d.a.b(Unknown Source:12)',
      '0x7b8e21a000 libjcore220.so!0x1a2b0',
      '0x7b8e21b000 libc.so!connect+0x14',
    ].join('\n');
    const traces = parseTraces(text);
    expect(traces.map((t) => t.format)).toEqual(['java', 'native']);
    expect(traces[1].modules).toEqual(['libjcore220.so', 'libc.so']);
  });

  test('tombstone-style native frames', () => {
    const traces = parseTraces('    #00 pc 0000000000012345  /data/app/com.example.shop-1/lib/arm64/libmsaoaidsec.so (Java_x+24)\n    #01 pc 00000000000a1b2c  /apex/com.android.runtime/lib64/bionic/libc.so (open+12)\n');
    expect(traces).toHaveLength(1);
    expect(traces[0].modules[0]).toBe('/data/app/com.example.shop-1/lib/arm64/libmsaoaidsec.so');
  });

  test('Xposed log lines', () => {
    const text = 'I/LSPosed-Bridge: java.lang.Throwable\nI/LSPosed-Bridge: \tat android.net.wifi.WifiInfo.getMacAddress(Native Method)\nI/LSPosed-Bridge: \tat com.tencent.bugly.crashreport.common.info.b.d(BUGLY:3)';
    const traces = parseTraces(text);
    expect(traces).toHaveLength(1);
    expect(traces[0].frames[1]).toEqual(['com.tencent.bugly.crashreport.common.info.b', 'd', 'BUGLY', 3]);
  });

  test('tab- and comma-separated lists', () => {
    const traces = parseTraces('row1\tandroid.telephony.TelephonyManager.getDeviceId\tcom.kwad.sdk.a.b\tcom.example.shop.App.onCreate\nandroid.net.wifi.WifiInfo.getMacAddress(WifiInfo.java:1), com.sigmob.sdk.a.b(b.java:2)\n'.replace('row1\t', ''));
    expect(traces.map((t) => [t.format, t.frames.length])).toEqual([['list', 3], ['list', 2]]);
  });

  test('traces come back in input order across formats', () => {
    const text = 'x.y.Z.a <--- x.y.Z.b\n{"stackTrace":["p.q.R.s(R.java:1)","p.q.R.t(R.java:2)"]}\ncallstack:m.n.O.p;m.n.O.q\n';
    expect(parseTraces(text).map((t) => t.format)).toEqual(['arrow', 'json', 'callstack']);
  });

  test('text without traces gives nothing', () => {
    expect(parseTraces('Nothing to see here, e.g. a sentence.\nAnother line, with commas, but no frames.')).toEqual([]);
  });
});
