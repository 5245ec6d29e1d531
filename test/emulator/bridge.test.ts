// The emulated frida-java-bridge against frida-java-bridge 7's documented behaviour (docs/frida-notes.md
// §1): lookups, overload errors, replacement and re-entry, return checks, errors, disposal, value
// conversion, fields, backtraces, Java.perform queuing.
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatedDevice } from '../../emulator/index.js';
import { cls, f, m, type ClassSpec } from '../../emulator/java/model.js';
import { bundleAgent, miniScenario, settle, spawnWith, type Running } from './helpers.js';

let run: Running | null = null;
afterEach(() => {
  run?.device.close();
  run = null;
});

const AGENT = `
import Java from 'frida-java-bridge';
const J = Java;
const err = (fn) => { try { fn(); return null; } catch (e) { return { message: e.message, name: e.name, h: e.$h instanceof NativePointer, isError: e instanceof Error }; } };
const state = { performed: false, performStack: null, hits: [], saved: null, retained: null };
J.perform(() => {
  state.performed = true;
  state.performStack = J.backtrace({ limit: 40 }).frames.map((f) => f.className + '.' + f.methodName);
});
function cr() {
  const app = J.use('android.app.ActivityThread').currentApplication();
  return app.getContentResolver();
}
rpc.exports = {
  available: () => [J.available, J.androidVersion, J.ACC_STATIC],
  performed: () => state,
  missing: () => err(() => J.use('com.nope.Missing')),
  appClassEarly: () => J.performNow(() => err(() => J.use('com.sdk.push.PushManager'))),
  appClassLate: () => J.performNow(() => J.use('com.sdk.push.PushManager').$className),
  unknownMember: () => J.performNow(() => {
    const TM = J.use('android.telephony.TelephonyManager');
    return [TM.nope === undefined, err(() => { TM.nope.implementation = () => null; })];
  }),
  overloads: () => J.performNow(() => {
    const TM = J.use('android.telephony.TelephonyManager');
    const d = TM.getDeviceId;
    return {
      count: d.overloads.length,
      wrong: err(() => d.overload('java.lang.String')),
      ambiguous: err(() => { d.implementation = function () { return 'x'; }; }),
      ambiguousGet: err(() => d.returnType),
      arg: d.overload('int').argumentTypes.map((t) => [t.className, t.name]),
      ret: d.overload('int').returnType.className,
      name: d.overload('int').methodName,
      holder: d.overload('int').holder.$n,
      type: d.overload('int').type,
      staticType: J.use('android.provider.Settings$Secure').getString.type,
      ctorNew: err(() => { J.use('java.io.File').$new.overload('java.lang.String').implementation = () => null; }),
    };
  }),
  missingAtThisLevel: () => J.performNow(() => {
    const TM = J.use('android.telephony.TelephonyManager');
    const PM = J.use('android.app.ApplicationPackageManager');
    return {
      getImei: TM.getImei === undefined,
      imeiHook: err(() => { TM.getImei.implementation = () => null; }),
      flags: err(() => PM.getInstalledPackages.overload('android.content.pm.PackageManager$PackageInfoFlags')),
    };
  }),
  hookReentry: () => J.performNow(() => {
    const S = J.use('android.provider.Settings$Secure');
    const ov = S.getString.overload('android.content.ContentResolver', 'java.lang.String');
    const funnel = S.getStringForUser;
    state.hits = [];
    ov.implementation = function (resolver, name) {
      state.hits.push('getString:' + name);
      const v = this.getString(resolver, name); // same method, same thread: the original
      return 'hooked:' + v;
    };
    funnel.implementation = function (resolver, name, user) {
      state.hits.push('getStringForUser:' + name + ':' + user + ':' + J.backtrace().frames[0].methodName);
      return funnel.call(this, resolver, name, user);
    };
    const v = S.getString(cr(), 'android_id');
    ov.implementation = null;
    funnel.implementation = null;
    const after = S.getString(cr(), 'android_id');
    return { v, hits: state.hits, after, impl: ov.implementation };
  }),
  badReturn: () => J.performNow(() => {
    const ov = J.use('android.provider.Settings$Secure').getString;
    ov.implementation = function () { return 42; };
    const v = ov.call(ov.holder, cr(), 'android_id');
    ov.implementation = null;
    return v;
  }),
  jsThrow: () => J.performNow(() => {
    const TM = J.use('android.os.Build');
    const ov = J.use('android.provider.Settings$Secure').getString;
    ov.implementation = function () { throw new Error('bug in hook'); };
    const v = ov.call(ov.holder, cr(), 'android_id');
    ov.implementation = null;
    return v;
  }),
  javaThrow: () => J.performNow(() => {
    const ov = J.use('android.provider.Settings$Secure').getString;
    ov.implementation = function () { throw J.use('java.lang.SecurityException').$new('denied by hook'); };
    const e = err(() => ov.call(ov.holder, cr(), 'android_id'));
    ov.implementation = null;
    return e;
  }),
  dispose: () => J.performNow(() => {
    const S = J.use('android.provider.Settings$Secure');
    const ov = S.getString;
    ov.implementation = function (resolver, name) {
      state.saved = resolver;
      state.retained = J.retain(resolver);
      state.self = this;
      return this.getString(resolver, name);
    };
    S.getString(cr(), 'android_id');
    ov.implementation = null;
    return [err(() => state.saved.$className), state.retained.$className, state.self.$n, err(() => state.saved.toString())];
  }),
  ctorHook: () => J.performNow(() => {
    const F = J.use('java.io.File');
    const seen = [];
    const init = F.$init.overload('java.lang.String');
    init.implementation = function (p) { seen.push(p); return this.$init('/hooked' + p); };
    const path = F.$new('/x').getPath();
    init.implementation = null;
    return [seen, path];
  }),
  casts: () => J.performNow(() => {
    const s = J.use('java.lang.String').$new('abc');
    const five = J.use('java.lang.Integer').valueOf(5);
    return [err(() => J.cast(s, J.use('android.os.Bundle'))), J.cast(s, J.use('java.lang.CharSequence')).$className, s.$className, typeof s,
      J.use('java.io.File').$alloc().$className, J.use('java.lang.String').class.getName(), five.hashCode(), five.$super.hashCode() !== 5, five.$super.$n];
  }),
  values: () => J.performNow(() => {
    const Str = J.use('java.lang.String');
    const s = Str.$new('é!');
    const sub = s.subSequence(0, 1);
    const bytes = s.getBytes();
    const now = J.use('java.lang.System').currentTimeMillis();
    const addrs = J.use('java.net.InetAddress').getAllByName('example.org');
    const boxed = J.use('java.lang.Integer').valueOf(5);
    const arr = J.array('byte', [1, -1, 127]);
    return {
      subType: typeof sub, subClass: sub.$className, subStr: sub.toString(),
      bytes: [bytes.length, bytes[0], bytes[1], bytes[2], JSON.stringify(bytes)],
      long: [now instanceof Int64, JSON.stringify({ now }).includes('"')],
      addrs: [Array.isArray(addrs), addrs.length, addrs[0].$className, addrs.$w.$className],
      boxed: [boxed.$className, boxed.intValue(), typeof boxed],
      arr: [arr.length, arr[1], arr[2]],
      str: typeof J.use('android.provider.Settings$Secure').getString(cr(), 'android_id'),
    };
  }),
  fields: () => J.performNow(() => {
    const O = J.use('com.sdk.push.Obf');
    const o = O.$new();
    return [typeof O.a, O._a.value, o._a.value, o.a(), J.use('android.os.Build$VERSION').SDK_INT.value, err(() => { J.use('android.os.Build$VERSION').SDK_INT.value = 'x'; }), err(() => O._b.value)];
  }),
  inherited: () => J.performNow(() => {
    const A = J.use('android.app.Application');
    return [typeof A.getPackageName, A.getPackageName.holder.$n, A.$ownMembers.includes('getPackageName'), J.use('android.app.ActivityThread').currentApplication().getPackageName()];
  }),
  backtraceInHook: () => J.performNow(() => {
    const ov = J.use('android.provider.Settings$Secure').getString;
    const traces = [];
    ov.implementation = function (r, n) { traces.push(J.backtrace({ limit: 8 })); return this.getString(r, n); };
    ov.call(ov.holder, cr(), 'android_id');
    ov.call(ov.holder, cr(), 'android_id');
    ov.implementation = null;
    return { ids: traces.map((t) => t.id), top: traces[0].frames[0], n: traces[0].frames.length };
  }),
  loaders: () => J.performNow(() => {
    const loaders = J.enumerateClassLoadersSync();
    const names = loaders.map((l) => l.$className);
    const app = loaders.find((l) => l.toString().includes('base.apk'));
    return [names, J.ClassFactory.get(app).use('com.sdk.push.PushManager').$n, J.classFactory.loader !== null];
  }),
  mainThread: () => J.performNow(() => J.isMainThread()),
  scheduleMain: () => { J.scheduleOnMainThread(() => send({ onMain: J.isMainThread(), tid: Process.getCurrentThreadId() })); return Process.getCurrentThreadId(); },
  pmChain: () => J.performNow(() => {
    const PM = J.use('android.app.ApplicationPackageManager');
    const hits = [];
    const hooked = [];
    for (const name of ['getInstalledPackages', 'getInstalledPackagesAsUser']) {
      for (const ov of PM[name].overloads) {
        ov.implementation = function (...a) {
          hits.push(name + '(' + ov.argumentTypes.map((t) => t.className).join(',') + ')');
          return ov.apply(this, a);
        };
        hooked.push(ov);
      }
    }
    const list = J.use('android.app.ActivityThread').currentApplication().getPackageManager().getInstalledPackages(0);
    for (const ov of hooked) ov.implementation = null;
    const item = list.get(0);
    return [hits, list.size(), item.$className, item.packageName === undefined, J.cast(item, J.use('android.content.pm.PackageInfo')).packageName.value];
  }),
  performNowThrows: () => err(() => J.performNow(() => { throw new Error('sync'); })),
  performThrows: () => { J.perform(() => { throw new Error('queued failure'); }); return true; },
};
`;

describe('emulated frida-java-bridge', () => {
  it('is available and reports the device Android version', async () => {
    run = await spawnWith(AGENT);
    expect(await run.script.exports.available!()).toEqual([true, '13', 8]);
  });

  it('Java.use of a missing class throws the ClassNotFoundException text with $h', async () => {
    run = await spawnWith(AGENT);
    expect(await run.script.exports.missing!()).toEqual({
      message: 'java.lang.ClassNotFoundException: Didn\'t find class "com.nope.Missing" on path: DexPathList[[directory "."],nativeLibraryDirectories=[/system/lib64, /system_ext/lib64, /system/lib64, /system_ext/lib64]]',
      name: 'Error',
      h: true,
      isError: true,
    });
  });

  it('Java.perform queues until handleBindApplication; app classes need the app loader', async () => {
    run = await spawnWith(AGENT);
    expect((await run.script.exports.performed!()).performed).toBe(false);
    const early = await run.script.exports.appClassEarly!();
    expect(early.message).toMatch(/^java\.lang\.ClassNotFoundException: Didn't find class "com\.sdk\.push\.PushManager" on path: DexPathList\[\[directory "\."\]/);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const st = await run.script.exports.performed!();
    expect(st.performed).toBe(true);
    // Queued work runs inside the bridge's own getPackageInfo hook, during handleBindApplication.
    expect(st.performStack.slice(0, 4)).toEqual([
      'android.app.ActivityThread.getPackageInfo',
      'android.app.ActivityThread.getPackageInfoNoCheck',
      'android.app.ActivityThread.handleBindApplication',
      'android.app.ActivityThread.handleBindApplication',
    ]);
    expect(st.performStack).toContain('android.app.ActivityThread$H.handleMessage');
    expect(await run.script.exports.appClassLate!()).toBe('com.sdk.push.PushManager');
  });

  it('errors inside Java.perform reach the host as error messages; performNow propagates them', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    expect(await run.script.exports.performNowThrows!()).toMatchObject({ message: 'sync' });
    expect(await run.script.exports.performThrows!()).toBe(true);
    await settle();
    expect(run.errors.map((e) => e.description)).toContain('Error: queued failure');
  });

  it('members: unknown names are undefined; overload errors list the valid overloads like FJB', async () => {
    run = await spawnWith(AGENT);
    const [undef, setErr] = await run.script.exports.unknownMember!();
    expect(undef).toBe(true);
    expect(setErr.name).toBe('TypeError');
    const o = await run.script.exports.overloads!();
    expect(o.count).toBe(2);
    expect(o.wrong.message).toBe("getDeviceId(): specified argument types do not match any of:\n\t.overload()\n\t.overload('int')");
    expect(o.ambiguous.message).toBe("getDeviceId(): has more than one overload, use .overload(<signature>) to choose from:\n\t.overload()\n\t.overload('int')");
    expect(o.ambiguousGet.message).toContain('has more than one overload');
    expect(o.arg).toEqual([['int', 'I']]);
    expect(o.ret).toBe('java.lang.String');
    expect(o.name).toBe('getDeviceId');
    expect(o.holder).toBe('android.telephony.TelephonyManager');
    expect(o.type).toBe(3);
    expect(o.staticType).toBe(2);
    expect(o.ctorNew.message).toBe('Reimplementing $new is not possible; replace implementation of $init instead');
  });

  it('a hook on a method this Android version lacks fails as it does on a device', async () => {
    run = await spawnWith(AGENT, { scenario: miniScenario((s) => (s.device.apiLevel = 24)) });
    const r = await run.script.exports.missingAtThisLevel!();
    expect(r.getImei).toBe(true); // getImei is API 26+
    expect(r.imeiHook.name).toBe('TypeError');
    expect(r.flags.message).toBe("getInstalledPackages(): specified argument types do not match any of:\n\t.overload('int')");
  });

  it('replacements: re-entry reaches the original, inner funnels still fire, null restores', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const r = await run.script.exports.hookReentry!();
    expect(r.v).toBe('hooked:9774d56d682e549c');
    expect(r.hits).toEqual(['getString:android_id', 'getStringForUser:android_id:0:getStringForUser']);
    expect(r.after).toBe('9774d56d682e549c');
    expect(r.impl).toBeNull();
  });

  it('return values are type-checked; JS errors become host errors and Java gets the default', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    expect(await run.script.exports.badReturn!()).toBeNull();
    expect(await run.script.exports.jsThrow!()).toBeNull();
    await settle();
    expect(run.errors.map((e) => e.description)).toEqual(['Error: Implementation for getString expected return value compatible with java.lang.String', 'Error: bug in hook']);
  });

  it('a Java throwable ($h) thrown from a hook is rethrown into Java', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    expect(await run.script.exports.javaThrow!()).toEqual({ message: 'java.lang.SecurityException: denied by hook', name: 'Error', h: true, isError: true });
    await settle();
    expect(run.errors).toEqual([]);
  });

  it('hook arguments are disposed when the hook returns unless retained; `this` survives', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const [disposed, retained, self, call] = await run.script.exports.dispose!();
    expect(call.message).toBe(disposed.message);
    expect(disposed.message).toBe('Wrapper is disposed; perhaps it was borrowed from a hook instead of calling Java.retain() to make a long-lived wrapper?');
    expect(retained).toBe('android.app.ContextImpl$ApplicationContentResolver');
    expect(self).toBe('android.provider.Settings$Secure');
  });

  it('$init is hookable and its original reachable through this.$init', async () => {
    run = await spawnWith(AGENT);
    expect(await run.script.exports.ctorHook!()).toEqual([['/x'], '/hooked/x']);
  });

  it('Java.cast checks the runtime type', async () => {
    run = await spawnWith(AGENT);
    const [bad, asCs, cn, t, alloc, klass, hash, superHash, superName] = await run.script.exports.casts!();
    expect([alloc, klass, hash, superHash, superName]).toEqual(['java.io.File', 'java.lang.String', 5, true, 'java.lang.Number']); // $super calls non-virtually
    expect(bad.message).toBe("Cast from 'java.lang.String' to 'android.os.Bundle' isn't possible");
    expect(asCs).toBe('java.lang.String');
    expect(cn).toBe('java.lang.String');
    expect(t).toBe('object'); // $new returns a wrapper, not a JS string
  });

  it('converts values like lib/types.js', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const v = await run.script.exports.values!();
    expect(v.subType).toBe('object'); // CharSequence stays a wrapper
    expect(v.subClass).toBe('java.lang.String');
    expect(v.subStr).toBe('é');
    expect(v.bytes).toEqual([3, -61, -87, 33, '[-61,-87,33]']); // signed bytes
    expect(v.long).toEqual([true, true]); // long -> Int64, JSON as a string
    expect(v.addrs).toEqual([true, 1, 'java.net.Inet4Address', '[Ljava.net.InetAddress;']);
    expect(v.boxed).toEqual(['java.lang.Integer', 5, 'object']);
    expect(v.arr).toEqual([3, -1, 127]);
    expect(v.str).toBe('string');
  });

  it('fields are read through .value; a field named like a method gets a _ prefix', async () => {
    const device = new EmulatedDevice({ scenario: miniScenario() });
    // A typical obfuscated SDK class: field `a` next to method `a()`.
    (device.runtime.specsFor('com.example.app') as Map<string, ClassSpec>).set(
      'com.sdk.push.Obf',
      cls('public class com.sdk.push.Obf', { origin: 'app' }, [f('public static int a', { value: 7 }), m('public <init>()'), m('public int a()', () => 3)]),
    );
    const pid = await device.spawn('com.example.app');
    const script = await (await device.attach(pid)).createScript(await bundleAgent(AGENT));
    await script.load();
    await device.resume(pid);
    await device.waitForScenarioEnd();
    const r = await script.exports.fields!();
    expect(r.slice(0, 5)).toEqual(['function', 7, 7, 3, 33]);
    expect(r[5].message).toBe('Expected value compatible with int');
    expect(r[6].name).toBe('TypeError'); // no field _b
    device.close();
  });

  it('finds members in superclasses', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    expect(await run.script.exports.inherited!()).toEqual(['function', 'android.content.ContextWrapper', false, 'com.example.app']);
  });

  it('Java.backtrace inside a hook starts at the hooked method; equal stacks share an id', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const r = await run.script.exports.backtraceInHook!();
    expect(r.ids[0]).toMatch(/^[0-9a-f]{40}$/);
    expect(r.ids[0]).toBe(r.ids[1]);
    expect(r.top).toMatchObject({
      className: 'android.provider.Settings$Secure',
      methodName: 'getString',
      signature: 'Landroid/provider/Settings$Secure;,getString,(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;',
      origin: '/system/framework/framework.jar',
      fileName: 'Settings.java',
      methodFlags: 0x9,
    });
    expect(typeof r.top.lineNumber).toBe('number');
  });

  it('enumerates class loaders (the app PathClassLoader) and uses classes through ClassFactory.get', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const [names, viaLoader, hasLoader] = await run.script.exports.loaders!();
    expect(names).toContain('dalvik.system.PathClassLoader');
    expect(viaLoader).toBe('com.sdk.push.PushManager');
    expect(hasLoader).toBe(true);
    expect(await run.script.exports.mainThread!()).toBe(false); // rpc runs on Frida's thread
  });

  it('scheduleOnMainThread runs work on the main thread (through an epoll_wait hook, as FJB does)', async () => {
    run = await spawnWith(AGENT);
    await run.device.resume(run.pid);
    await run.device.waitForScenarioEnd();
    const jsTid = await run.script.exports.scheduleMain!();
    await run.device.runFor(10);
    await settle();
    expect(run.sent.find((m) => m.onMain !== undefined)).toEqual({ onMain: true, tid: run.pid });
    expect(jsTid).not.toBe(run.pid);
  });

  it('Android 13+ PackageManager calls cross every *Flags/*AsUser funnel; list items come back as Object', async () => {
    for (const [api, chain] of [
      [32, ['getInstalledPackages(int)', 'getInstalledPackagesAsUser(int,int)']],
      [33, ['getInstalledPackages(int)', 'getInstalledPackages(android.content.pm.PackageManager$PackageInfoFlags)', 'getInstalledPackagesAsUser(android.content.pm.PackageManager$PackageInfoFlags,int)']],
    ] as const) {
      run = await spawnWith(AGENT, { scenario: miniScenario((s) => (s.device.apiLevel = api)) });
      await run.device.resume(run.pid);
      await run.device.waitForScenarioEnd();
      const [hits, n, cls, erased, name] = await run.script.exports.pmChain!();
      expect(hits).toEqual(chain);
      expect(n).toBe(2); // the app itself and com.tencent.mm (QUERY_ALL_PACKAGES)
      // List.get(int) returns E, erased to Object: frida-java-bridge gives a java.lang.Object wrapper.
      expect(cls).toBe('android.content.pm.PackageInfo');
      expect(erased).toBe(true);
      expect(name).toBe('com.example.app');
      run.device.close();
    }
  });
});
