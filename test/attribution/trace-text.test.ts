// Stack traces out of free text: every input format `sdktrace attribute` accepts.
import { describe, expect, test } from 'vitest';
import { appPackageInText, parseFrameText, parseTraces, readTraces } from '../../attribution/trace-text.js';

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

describe('store and hooking-tool formats (issue 15)', () => {
  test('frame text: list punctuation, notes after the location, negative and missing line numbers', () => {
    expect(parseFrameText(' com.weibo.ssosdk.MfpBuilder.getAndroidId(SourceFile:7),')).toEqual(['com.weibo.ssosdk.MfpBuilder', 'getAndroidId', 'SourceFile', 7]);
    expect(parseFrameText('[com.a.b.C.m(C.java:1),')).toEqual(['com.a.b.C', 'm', 'C.java', 1]);
    expect(parseFrameText('android.app.ApplicationPackageManager.getPackageInfo(Native Method)[REMARK]##com.mdid.msa')).toEqual(['android.app.ApplicationPackageManager', 'getPackageInfo', null, -2]);
    expect(parseFrameText('java.lang.reflect.Method.invoke:-2')).toEqual(['java.lang.reflect.Method', 'invoke', null, -2]);
    expect(parseFrameText('com.example.app.MainActivity.onCreate:')).toEqual(['com.example.app.MainActivity', 'onCreate', null, -1]);
  });

  test('Huawei: comma-terminated frames with blank lines between them are one trace; a blank line after a frame without a comma ends it', () => {
    const text = '应用获取用户信息：剪切板\n\ncom.a.b.C.m(C.java:1),\n\ncom.a.b.D.n(D.java:2),\n\nandroid.os.Looper.loop(Looper.java:3)\n\ncom.x.y.Z.w(Z.java:4)\ncom.x.y.Z.v(Z.java:5)\n';
    const r = readTraces(text);
    expect(r.traces.map(classes)).toEqual([['com.a.b.C.m', 'com.a.b.D.n', 'android.os.Looper.loop'], ['com.x.y.Z.w', 'com.x.y.Z.v']]);
    expect(r.skipped).toEqual([]);
  });

  test('a callstack record keeps every readable frame; a cut-off item is reported, never the whole record lost', () => {
    const r = readTraces('违规详情：content=x,callstack:android.provider.Settings$Secure.getString:10;com.a.b.C.m:3;not a frame at all;com.app.Main.onCreate:');
    expect(r.traces).toHaveLength(1);
    expect(classes(r.traces[0])).toEqual(['android.provider.Settings$Secure.getString', 'com.a.b.C.m', 'com.app.Main.onCreate']);
    expect(r.skipped.map((s) => s.text)).toEqual(['not a frame at all']);
  });

  test('<[--- chains; a last item cut off mid-name is dropped and reported', () => {
    const r = readTraces('a.b.C.api(C.java:1)<[---com.sdk.x.Y.call(Y.java:3)<---com.sdk.x.Y.run(Y.java:8)<---com.goo');
    expect(classes(r.traces[0])).toEqual(['a.b.C.api', 'com.sdk.x.Y.call', 'com.sdk.x.Y.run']);
    expect(r.skipped.map((s) => s.text)).toEqual(['com.goo']);
  });

  test('Python-style dict records, and JSON records cut off mid-way, are read up to the last whole record', () => {
    const py = "{'className':'android.app.ActivityManager','methodName':'getRunningAppProcesses','fileName':'ActivityManager.java','lineNumber':3460},{'className':'com.t.l.S','methodName':'p','lineNumber':-2},";
    expect(readTraces(py).traces[0].frames).toEqual([['android.app.ActivityManager', 'getRunningAppProcesses', 'ActivityManager.java', 3460], ['com.t.l.S', 'p', null, -2]]);
    const cut = '{\n"stackTrace": [{\n"className": "a.b.C",\n"methodName": "m",\n"lineNumber": 1\n},\n{\n"className": "d.e.F",\n"methodName": "n",\n"lineNumber": 2\n},\n{\n"className":';
    const r = readTraces(cut);
    expect(r.traces.map(classes)).toEqual([['a.b.C.m', 'd.e.F.n']]);
    expect(r.skipped.map((s) => s.reason)).toEqual(['a record cut off before its end']);
  });

  test('a JSON string holding a printed trace with literal \\n is read as that trace', () => {
    const text = '{"event":"pi","stack":"java.lang.Throwable\\n\\tat android.telephony.TelephonyManager.getImei(TelephonyManager.java:1)\\n\\tat com.qq.e.comm.a.b(Unknown Source:2)\\n"}';
    const r = readTraces(`prose first\n${text}`);
    expect(r.traces.map(classes)).toEqual([['android.telephony.TelephonyManager.getImei', 'com.qq.e.comm.a.b']]);
    expect(r.traces[0].line).toBe(2);
  });

  test('Caused by with "... N more" takes the elided frames from the enclosing trace', () => {
    const text = [
      'java.lang.reflect.InvocationTargetException',
      '\tat java.lang.reflect.Method.invoke(Native Method)',
      '\tat com.xiaomi.push.ac.b(Unknown Source:16)',
      '\tat java.lang.Thread.run(Thread.java:923)',
      'Caused by: java.lang.SecurityException: getImeiForSlot',
      '\tat android.telephony.TelephonyManager.getImei(TelephonyManager.java:2059)',
      '\t... 3 more',
    ].join('\n');
    const r = readTraces(text);
    expect(r.traces).toHaveLength(2);
    expect(classes(r.traces[1])).toEqual(['android.telephony.TelephonyManager.getImei', 'java.lang.reflect.Method.invoke', 'com.xiaomi.push.ac.b', 'java.lang.Thread.run']);
    expect(r.traces[1].inherited).toBe(3);
  });

  test('a comment pasted inside a trace does not split it, and is reported', () => {
    const r = readTraces('\tat a.b.C.m(C.java:1)\n// we register everything here\n\tat com.app.X.y(X.java:2)\n');
    expect(r.traces.map(classes)).toEqual([['a.b.C.m', 'com.app.X.y']]);
    expect(r.skipped).toEqual([{ line: 2, text: '// we register everything here', reason: 'a comment inside the trace' }]);
  });

  test('an "at" line cut off before its location ends the trace and is reported, not read as a frame', () => {
    const r = readTraces('\tat a.b.C.m(C.java:1)\n\tat com.android.internal.os.RuntimeInit$M');
    expect(r.traces.map(classes)).toEqual([['a.b.C.m']]);
    expect(r.skipped[0]).toMatchObject({ line: 2, reason: 'a frame cut off before its location' });
  });

  test('a trace printed caller-first (thread root first) is turned round', () => {
    const r = readTraces('java.lang.Thread.run(Thread.java:1)\ncom.sdk.a.B.work(B.java:2)\nandroid.telephony.TelephonyManager.getDeviceId(TelephonyManager.java:3)\n');
    expect(r.traces[0].reversed).toBe(true);
    expect(classes(r.traces[0])).toEqual(['android.telephony.TelephonyManager.getDeviceId', 'com.sdk.a.B.work', 'java.lang.Thread.run']);
  });

  test('Xposed/LSPosed [Dump Stack] lines (cls----file----line----method, the form named in issue 15)', () => {
    const text = '[Dump Stack]0: android.telephony.TelephonyManager----TelephonyManager.java----1120----getDeviceId\n[Dump Stack]1: com.umeng.commonsdk.a.b----b.java-----1----c\n';
    expect(readTraces(text).traces[0].frames).toEqual([['android.telephony.TelephonyManager', 'getDeviceId', 'TelephonyManager.java', 1120], ['com.umeng.commonsdk.a.b', 'c', 'b.java', -1]]);
  });

  test('Frida Log.getStackTraceString output (java.lang.Exception header, at-lines) is a java trace', () => {
    const text = 'getDeviceId called\njava.lang.Exception\n\tat android.telephony.TelephonyManager.getDeviceId(Native Method)\n\tat com.bytedance.sdk.openadsdk.a.b(Unknown Source:3)\n';
    const r = readTraces(text);
    expect(r.traces.map((t) => t.format)).toEqual(['java']);
    expect(classes(r.traces[0])).toEqual(['android.telephony.TelephonyManager.getDeviceId', 'com.bytedance.sdk.openadsdk.a.b']);
  });

  test('a comma-separated list of package names in prose is not a trace', () => {
    expect(parseTraces('SDK存在com.loc.et,com.loc.ej获取位置、com.loc,com.loc.ap,com.loc.bj,com.loc.bg,com.loc.ck获取MAC')).toEqual([]);
  });

  test('the app package the text names', () => {
    expect(appPackageInText('违规包名：pkg=com.huashangjianjk.jkk,\n')).toBe('com.huashangjianjk.jkk');
    expect(appPackageInText('{"packageName": "com.example.shop", "x": 1}')).toBe('com.example.shop');
    expect(appPackageInText('applicationId "com.example.app"')).toBe('com.example.app');
    expect(appPackageInText('包名：com.foo.bar')).toBe('com.foo.bar');
    expect(appPackageInText('no package here')).toBeNull();
  });
});

describe('PDF and table copies (issue 15)', () => {
  test('frames broken across lines are joined; the trace is not cut there', () => {
    const text = [
      '调用堆栈',
      'at android.telephony.TelephonyManager.getDeviceId(TelephonyManager.java:1120)',
      'at com.umeng.commonsdk.statistics.common.DeviceCon',
      'fig.getImei(DeviceConfig.java:88)',
      'at com.example.shop.App.onCreate(App.ja',
      'va:20)',
    ].join('\n');
    const r = readTraces(text);
    expect(r.traces.map(classes)).toEqual([['android.telephony.TelephonyManager.getDeviceId', 'com.umeng.commonsdk.statistics.common.DeviceConfig.getImei', 'com.example.shop.App.onCreate']]);
    expect(r.traces[0].frames[2]).toEqual(['com.example.shop.App', 'onCreate', 'App.java', 20]);
  });

  test('numbered table rows', () => {
    const text = '| 序号 | 调用栈 |\n|---|---|\n| 1 | android.provider.Settings$Secure.getString(Settings.java:1) |\n| 2 | com.sdk.x.Y.z(Y.java:2) |\n3 com.app.Main.onCreate(Main.java:3)\n';
    expect(parseTraces(text).map(classes)).toEqual([['android.provider.Settings$Secure.getString', 'com.sdk.x.Y.z', 'com.app.Main.onCreate']]);
  });

  test('several frames joined on one line are all read, never one', () => {
    const text = 'at android.net.wifi.WifiInfo.getMacAddress(WifiInfo.java:1) at com.sdk.a.B.mac(B.java:2) at com.app.Main.run(Main.java:3)';
    expect(parseTraces(text).map(classes)).toEqual([['android.net.wifi.WifiInfo.getMacAddress', 'com.sdk.a.B.mac', 'com.app.Main.run']]);
    expect(parseTraces('a.b.C.m(C.java:1) -> d.e.F.n(F.java:2)').map(classes)).toEqual([['a.b.C.m', 'd.e.F.n']]);
  });
});

test('space-separated cls.method:line tokens on one line are all read', () => {
  expect(parseTraces('android.provider.Settings$Secure.getString:10 com.sdk.x.Y.z:3 com.app.Main.onCreate:5').map(classes)).toEqual([['android.provider.Settings$Secure.getString', 'com.sdk.x.Y.z', 'com.app.Main.onCreate']]);
});

test('a cause of a cause takes its "... N more" from its own enclosing trace, filled in', () => {
  const text = [
    'java.lang.RuntimeException',
    '\tat a.b.C.m(C.java:1)',
    '\tat a.b.C.root(C.java:2)',
    'Caused by: java.lang.IllegalStateException',
    '\tat d.e.F.n(F.java:3)',
    '\t... 2 more',
    'Caused by: java.lang.SecurityException',
    '\tat android.telephony.TelephonyManager.getImei(TelephonyManager.java:4)',
    '\t... 3 more',
  ].join('\n');
  expect(parseTraces(text).map(classes)).toEqual([
    ['a.b.C.m', 'a.b.C.root'],
    ['d.e.F.n', 'a.b.C.m', 'a.b.C.root'],
    ['android.telephony.TelephonyManager.getImei', 'd.e.F.n', 'a.b.C.m', 'a.b.C.root'],
  ]);
});

test('a pasted code line is not a frame: a call\'s arguments are no location', () => {
  expect(parseTraces('String id = android.provider.Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);\nandroid.provider.Settings.System.getString(context.contentResolver, android.provider.Settings.Secure.ANDROID_ID)')).toEqual([]);
  expect(parseFrameText('com.a.b.C.m(x, y)')).toBeNull();
});

test('a line of frames joined by an unknown separator is reported, not silently dropped', () => {
  const r = readTraces('a.b.C.m:1 => d.e.F.n:2 => g.h.I.j:3');
  expect(r.traces).toEqual([]);
  expect(r.skipped).toEqual([{ line: 1, text: 'a.b.C.m:1 => d.e.F.n:2 => g.h.I.j:3', reason: 'holds several frame-like names but no separator this reader knows' }]);
});

test('a PDF copy that split "at" onto its own line ("a t") does not split the trace', () => {
  const text = 'at android.app.ApplicationPackageManager.queryIntentActivitiesAsUser()\na t\nandroid.app.ApplicationPackageManager.queryIntentActivities(ApplicationPackageManager.jav\na:914)\nat io.flutter.plugin.text.ProcessTextPlugin.cacheResolveInfos(ProcessTextPlugin.java:118)\n';
  expect(parseTraces(text).map(classes)).toEqual([['android.app.ApplicationPackageManager.queryIntentActivitiesAsUser', 'android.app.ApplicationPackageManager.queryIntentActivities', 'io.flutter.plugin.text.ProcessTextPlugin.cacheResolveInfos']]);
});
