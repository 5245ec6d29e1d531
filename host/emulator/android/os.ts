// android.os: loopers, handlers and messages (how work reaches the main thread), Build and
// Process facts, clocks, bundles.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { JavaThread } from '../java/threads.js';
import { dispatchMessage } from './tasks.js';

function bundle(o: JObject | null): Map<string, JValue> {
  return ((o as JObject).native ??= new Map<string, JValue>()) as Map<string, JValue>;
}

interface LooperState {
  thread: JavaThread;
}

/** The Looper object of a thread, created on first use (Looper.prepare). */
export function looperOf(c: Call, thread: JavaThread): JObject {
  if (thread.looper === null) {
    const l = c.vm.alloc(c.vm.bootClass('android.os.Looper'));
    l.native = { thread } satisfies LooperState;
    thread.looper = l;
  }
  return thread.looper;
}

function looperThread(l: JObject): JavaThread {
  return (l.native as LooperState).thread;
}

export function mainLooper(c: Call): JObject {
  return looperOf(c, c.env.mainThread);
}

/** Enqueues a message on the handler's looper thread; dispatchMessage runs it there. */
export function enqueue(c: Call, handler: JObject, msg: JObject, delayMs: number): boolean {
  const looper = c.get(handler, 'mLooper') as JObject | null;
  if (looper === null) c.throwNew('java.lang.RuntimeException', "Can't create handler inside thread that has not called Looper.prepare()");
  c.set(msg, 'target', handler);
  const vm = c.vm;
  c.env.post(looperThread(looper!), Math.max(0, delayMs), () => dispatchMessage(vm, handler, msg));
  return true;
}

function newMessage(c: Call): JObject {
  return c.newObject('android.os.Message');
}

function denyOrReturn(c: Call, op: string): string {
  const api = c.api;
  const uid = c.env.uid;
  if (api >= 29) {
    c.throwNew('java.lang.SecurityException', `${op}: The ${api >= 31 ? 'uid' : 'user'} ${uid} does not meet the requirements to access device identifiers.`);
  }
  if (!c.env.permissionGranted('android.permission.READ_PHONE_STATE')) {
    c.throwNew('java.lang.SecurityException', `${op}: Neither user ${uid} nor current process has android.permission.READ_PHONE_STATE.`);
  }
  return c.env.device.serial;
}

export const os: readonly ClassSpec[] = [
  cls('public final class android.os.Looper', {}, [
    m('public static android.os.Looper getMainLooper()', (c) => mainLooper(c)),
    m('public static void loop()'),
    m('private static boolean loopOnce(android.os.Looper, long, int)', { since: 31 }),
    m('public static android.os.Looper myLooper()', (c) => c.thread.looper),
    m('public static void prepare()', (c) => {
      if (c.thread.looper !== null) c.throwNew('java.lang.RuntimeException', 'Only one Looper may be created per thread');
      looperOf(c, c.thread);
    }),
    m('public java.lang.Thread getThread()', (_c, self) => looperThread(self!).jobj),
    m('public java.lang.String toString()', (_c, self) => `Looper (${looperThread(self!).name}, tid ${looperThread(self!).tid}) {${self!.hash.toString(16)}}`),
  ]),
  cls('public class android.os.Handler', {}, [
    f('final android.os.Looper mLooper'),
    m('public <init>()', (c, self) => c.set(self!, 'mLooper', c.thread.looper)),
    m('public <init>(android.os.Looper)', (c, self, [l]) => c.set(self!, 'mLooper', l ?? null)),
    m('public void dispatchMessage(android.os.Message)', (c, self, [msg]) => {
      const cb = c.get(msg as JObject, 'callback');
      if (cb !== null) c.callStatic('android.os.Handler', 'handleCallback', ['android.os.Message'], [msg]);
      else c.call(self!, 'handleMessage', ['android.os.Message'], [msg]);
    }),
    m('private static void handleCallback(android.os.Message)', (c, _s, [msg]) => {
      c.call(c.get(msg as JObject, 'callback') as JObject, 'run');
    }),
    m('public final android.os.Looper getLooper()', (c, self) => c.get(self!, 'mLooper')),
    m('public void handleMessage(android.os.Message)'),
    m('public final boolean post(java.lang.Runnable)', (c, self, [r]) => {
      const msg = newMessage(c);
      c.set(msg, 'callback', r ?? null);
      return enqueue(c, self!, msg, 0);
    }),
    m('public final boolean postDelayed(java.lang.Runnable, long)', (c, self, [r, d]) => {
      const msg = newMessage(c);
      c.set(msg, 'callback', r ?? null);
      return enqueue(c, self!, msg, Number(d));
    }),
    m('public final boolean sendEmptyMessage(int)', (c, self, [what]) => {
      const msg = newMessage(c);
      c.set(msg, 'what', what ?? 0);
      return enqueue(c, self!, msg, 0);
    }),
  ]),
  cls('public final class android.os.Message implements android.os.Parcelable', {}, [
    f('public int arg1'),
    f('public int arg2'),
    f('public java.lang.Object obj'),
    f('public int what'),
    f('java.lang.Runnable callback'),
    f('android.os.Handler target'),
    m('public <init>()'),
    m('public android.os.Handler getTarget()', (c, self) => c.get(self!, 'target')),
  ]),
  cls('public interface android.os.Parcelable', {}, []),
  // Values live in a JS map; mParcelledData stays null (the emulator never parcels bundles).
  cls('public class android.os.BaseBundle', {}, [
    f('android.os.Parcel mParcelledData'),
    m('public boolean containsKey(java.lang.String)', (_c, self, [k]) => bundle(self).has(k as string)),
    m('public java.lang.String getString(java.lang.String)', (_c, self, [k]) => {
      const v = bundle(self).get(k as string);
      return typeof v === 'string' ? v : null;
    }),
    m('public boolean isEmpty()', (_c, self) => bundle(self).size === 0),
    m('public java.util.Set keySet()', (c, self) => {
      const set = c.newObject('android.util.ArraySet');
      (set.native as unknown[]).push(...bundle(self).keys());
      return set;
    }),
    m('public void putString(java.lang.String, java.lang.String)', (_c, self, [k, v]) => {
      bundle(self).set(k as string, v ?? null);
    }),
    m('public int size()', (_c, self) => bundle(self).size),
  ]),
  cls('public final class android.os.Bundle extends android.os.BaseBundle implements java.lang.Cloneable, android.os.Parcelable', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = new Map<string, JValue>();
    }),
    m('public <init>(android.os.Bundle)', (_c, self, [b]) => {
      self!.native = new Map(bundle(b as JObject));
    }),
  ]),
  cls('public final class android.os.Parcel', {}, []),
  cls('public final class android.os.PersistableBundle extends android.os.BaseBundle implements java.lang.Cloneable, android.os.Parcelable', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = new Map<string, JValue>();
    }),
  ]),
  cls('public class android.os.Build', {}, [
    f('public static final java.lang.String BRAND', { value: (c) => c.env.device.brand }),
    f('public static final java.lang.String DEVICE', { value: (c) => c.env.device.device }),
    f('public static final java.lang.String FINGERPRINT', { value: (c) => c.env.device.fingerprint }),
    f('public static final java.lang.String MANUFACTURER', { value: (c) => c.env.device.manufacturer }),
    f('public static final java.lang.String MODEL', { value: (c) => c.env.device.model }),
    // Build.SERIAL reads "unknown" for apps targeting 26+ (and always from Android 10).
    f('public static final java.lang.String SERIAL', { value: (c) => (c.api >= 29 || c.env.app.targetSdk >= 26 ? 'unknown' : c.env.device.serial) }),
    m('public static java.lang.String getSerial()', { since: 26 }, (c) => denyOrReturn(c, 'getSerial')),
  ]),
  cls('public class android.os.Build$VERSION', {}, [
    f('public static final java.lang.String RELEASE', { value: (c) => c.env.device.release }),
    f('public static final int SDK_INT', { value: (c) => c.api }),
  ]),
  cls('public class android.os.Process', {}, [
    f('public static final int SYSTEM_UID', { value: 1000 }),
    m('public static final int myPid()', (c) => c.env.pid),
    m('public static final int myTid()', (c) => c.thread.tid),
    m('public static final int myUid()', (c) => c.env.uid),
  ]),
  cls('public final class android.os.SystemClock', {}, [
    m('public static native long elapsedRealtime()', (c) => BigInt(Math.floor(c.env.uptime()))),
    m('public static native long uptimeMillis()', (c) => BigInt(Math.floor(c.env.uptime()))),
  ]),
];
