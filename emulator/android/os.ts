// android.os: loopers, handlers and messages (how work reaches the main thread), Build and
// Process facts, clocks, bundles.
import { JArray, type JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { LoopParks, type JavaThread } from '../java/threads.js';
import { dispatchMessage } from './tasks.js';
import { readDeviceIdentifiers } from './telephony.js';

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

/** Thread.toString() in libcore (ojluni java/lang/Thread.java): "Thread[name,priority,group]". */
export function threadDescription(t: JavaThread): string {
  return `Thread[${t.name},${t.priority},${t.group}]`;
}

/**
 * The calling thread's Looper for Handler's implicit-Looper constructors (AOSP Handler(Callback,
 * boolean), reached from Handler() and Handler(Callback)), and for framework code that builds
 * one the same way (Dialog, Toast). A thread that never called Looper.prepare() throws
 * RuntimeException; its text names the thread (Thread.toString()) from Android 9 (API 28), not
 * through 8.1 (ledger: android.handler.implicitLooperThrows).
 */
export function callerLooper(c: Call): JObject {
  const looper = c.thread.looper;
  if (looper !== null) return looper;
  if (c.api <= 27) c.throwNew('java.lang.RuntimeException', "Can't create handler inside thread that has not called Looper.prepare()");
  c.throwNew('java.lang.RuntimeException', `Can't create handler inside thread ${threadDescription(c.thread)} that has not called Looper.prepare()`);
  return looper!;
}

/** Enqueues a message on the handler's looper thread; dispatchMessage runs it there. */
export function enqueue(c: Call, handler: JObject, msg: JObject, delayMs: number): boolean {
  // Every constructor refuses a missing Looper, so a Handler always has one.
  const looper = c.get(handler, 'mLooper') as JObject;
  // MessageQueue.enqueueMessage on a quit Looper: "sending message to a Handler on a dead thread", false.
  if (looperThread(looper).quit) return false;
  c.set(msg, 'target', handler);
  const vm = c.vm;
  c.env.post(looperThread(looper!), Math.max(0, delayMs), () => dispatchMessage(vm, handler, msg));
  return true;
}

/** Handler(Looper...): AOSP reads looper.mQueue first, so a null Looper is an NPE (text not modelled). */
function givenLooper(c: Call, l: JValue): JObject {
  if (l === null) throw new Error(`emulator: new Handler(null Looper) throws NullPointerException on a phone (looper.mQueue); ART's message text for it is not modelled (thread ${c.thread.name})`);
  return l as JObject;
}

/** The JavaThread a started java.lang.Thread object runs on, or null before start(). */
function startedThread(self: JObject): JavaThread | null {
  return (self.native as { thread: JavaThread | null } | null)?.thread ?? null;
}

/**
 * HandlerThread.quit/quitSafely (false before start, without a Looper, or once ended): the Looper
 * quits; quit drops every queued message, quitSafely only those due later; the thread ends.
 */
function quitLooperThread(c: Call, self: JObject, safely: boolean): boolean {
  const t = startedThread(self);
  if (t === null || t.looper === null || !t.alive) return false;
  quitLoop(c, t, safely);
  return true;
}

/** Looper.quit/quitSafely -> MessageQueue.quit: the main Looper is made with quitAllowed false. */
function quitLooper(c: Call, looper: JObject, safely: boolean): void {
  const t = looperThread(looper);
  if (t === c.env.mainThread) c.throwNew('java.lang.IllegalStateException', 'Main thread not allowed to quit.');
  if (t.quit) return; // mQuitting already: a second quit does nothing
  quitLoop(c, t, safely);
}

/**
 * A looping thread's Looper quits: loop() returns on a phone and the method that called it goes
 * on. The emulator unwound that method when it parked the thread (LoopParks), so it can only end
 * the thread, which is exact when loop()'s caller is HandlerThread.run (nothing observable follows
 * its loop()); after any other caller, code would run that the emulator cannot resume, and the
 * quit fails loudly (ledger android.looper.loopBlocks).
 */
function quitLoop(c: Call, t: JavaThread, safely: boolean): void {
  const base = t.frames;
  const loopAt = base.findIndex((fr) => fr.method.cls.name === 'android.os.Looper' && fr.method.name === 'loop');
  const caller = loopAt > 0 ? base[loopAt - 1]!.method : null;
  if (loopAt >= 0 && (caller === null || caller.cls.name !== 'android.os.HandlerThread' || caller.name !== 'run')) {
    throw new Error(`emulator: ${t.name}'s Looper quit, so Looper.loop() returns into ${caller === null ? 'its thread entry' : `${caller.cls.name}.${caller.name}`} on a phone; the code after loop() there cannot be resumed by the emulator`);
  }
  c.env.endThread(t, safely);
}

function newMessage(c: Call): JObject {
  return c.newObject('android.os.Message');
}

const MSG = 'android.os.Message';

/** Handler.getPostMessage: a Message whose callback is the Runnable. */
function runnableMessage(c: Call, r: JValue): JObject {
  const msg = newMessage(c);
  c.set(msg, 'callback', r);
  return msg;
}

/**
 * Build.getSerial() -> IDeviceIdentifiersPolicyService.getSerialForPackage (ledger
 * android.identifiers.readDeviceIdentifiers). Android 8.x: READ_PHONE_STATE, else
 * SecurityException("getSerial requires READ_PHONE_STATE or READ_PRIVILEGED_PHONE_STATE
 * permission"), the same on Android 9 (DeviceIdentifiersPolicyService.getSerial, API 26-28);
 * Android 10+: the device-identifier rule, Build.UNKNOWN for legacy apps holding READ_PHONE_STATE.
 */
function buildSerial(c: Call): string {
  if (c.api >= 29) return readDeviceIdentifiers(c, 'getSerial') ? c.env.device.serial : 'unknown';
  if (c.env.permissionGranted('android.permission.READ_PHONE_STATE')) return c.env.device.serial;
  c.throwNew('java.lang.SecurityException', 'getSerial requires READ_PHONE_STATE or READ_PRIVILEGED_PHONE_STATE permission');
  return '';
}

/** A system property as an app may read it on this device, or null when unset or not readable. */
export function systemProperty(c: Call, key: string): string | null {
  const d = c.env.device;
  const extra = d.systemProperties[key];
  if (extra !== undefined) return extra;
  switch (key) {
    case 'ro.build.version.release':
      return d.release;
    case 'ro.build.version.sdk':
      return String(d.api);
    case 'ro.product.model':
      return d.model;
    case 'ro.product.brand':
      return d.brand;
    case 'ro.product.manufacturer':
      return d.manufacturer;
    case 'ro.product.device':
      return d.device;
    case 'ro.build.fingerprint':
      return d.fingerprint;
    case 'ro.serialno':
    case 'ro.boot.serialno':
      return c.api >= 26 ? null : d.serial;
    case 'gsm.sim.operator.numeric':
    case 'gsm.operator.numeric':
      return d.operator;
    case 'gsm.operator.alpha':
    case 'gsm.sim.operator.alpha':
      return d.operatorName;
    default:
      return null;
  }
}

export const os: readonly ClassSpec[] = [
  cls('public final class android.os.Looper', {}, [
    m('public static android.os.Looper getMainLooper()', (c) => mainLooper(c)),
    // loop() does not return until the Looper quits: its frames so far (HandlerThread.run, loop,
    // and from Android 12 loopOnce) become the base of every message the thread later runs. JS
    // cannot block, so the thread's first task unwinds (LoopParks) to its entry, which parks it
    // (JavaThread.parked, read by EmulatedProcess.startThread); the code after loop() never runs
    // before a quit (ledger android.looper.loopBlocks).
    m('public static void loop()', (c) => {
      if (c.thread.looper === null) c.throwNew('java.lang.RuntimeException', "No Looper; Looper.prepare() wasn't called on this thread.");
      if (!c.thread.inFirstTask) throw new Error(`emulator: Looper.loop() on ${c.thread.name} outside a started thread's run() (a nested loop inside a message, a pool worker or the main thread) is not modelled: the thread would stop here for good`);
      if (c.thread.frames.some((fr) => fr.replacement)) throw new Error(`emulator: Looper.loop() on ${c.thread.name} under a hooked method cannot park the thread (unwinding would cross the hook, which a phone never leaves)`);
      const frames = c.thread.frames.map((fr) => ({ ...fr, line: fr.line + 1 }));
      if (c.api >= 31) {
        const once = c.vm.method(c.vm.bootClass('android.os.Looper'), 'loopOnce', ['android.os.Looper', 'long', 'int']);
        frames.push({ method: once, line: once.line + 3, replacement: false });
      }
      c.thread.parked = frames;
      throw new LoopParks(c.thread);
    }),
    // Looper.quit -> MessageQueue.quit(false), quitSafely -> quit(true) (API 18+).
    m('public void quit()', (c, self) => quitLooper(c, self!, false)),
    m('public void quitSafely()', (c, self) => quitLooper(c, self!, true)),
    m('private static boolean loopOnce(android.os.Looper, long, int)', { since: 31 }),
    m('public static android.os.Looper myLooper()', (c) => c.thread.looper),
    m('public static void prepare()', (c) => {
      if (c.thread.looper !== null) c.throwNew('java.lang.RuntimeException', 'Only one Looper may be created per thread');
      looperOf(c, c.thread);
    }),
    m('public java.lang.Thread getThread()', (_c, self) => looperThread(self!).jobj),
    m('public java.lang.String toString()', (_c, self) => `Looper (${looperThread(self!).name}, tid ${looperThread(self!).tid}) {${self!.hash.toString(16)}}`),
  ]),
  cls('public interface android.os.Handler$Callback', { file: 'Handler.java' }, [m('public abstract boolean handleMessage(android.os.Message)')]),
  // AOSP Handler.dispatchMessage: msg.callback first (handleCallback), else mCallback.handleMessage,
  // and the Handler's own handleMessage unless mCallback returned true (conformance:
  // android.handler.dispatchOrder).
  cls('public class android.os.Handler', {}, [
    f('final android.os.Looper mLooper'),
    f('final android.os.Handler$Callback mCallback'),
    // AOSP Handler.java: Handler() and Handler(Callback) are this(callback, false), which takes
    // Looper.myLooper() and throws without one; the Looper forms read looper.mQueue at once.
    m('public <init>()', (c, self) => c.set(self!, 'mLooper', callerLooper(c))),
    m('public <init>(android.os.Handler$Callback)', (c, self, [cb]) => {
      c.set(self!, 'mLooper', callerLooper(c));
      c.set(self!, 'mCallback', cb ?? null);
    }),
    m('public <init>(android.os.Looper)', (c, self, [l]) => c.set(self!, 'mLooper', givenLooper(c, l ?? null))),
    m('public <init>(android.os.Looper, android.os.Handler$Callback)', (c, self, [l, cb]) => {
      c.set(self!, 'mLooper', givenLooper(c, l ?? null));
      c.set(self!, 'mCallback', cb ?? null);
    }),
    m('public void dispatchMessage(android.os.Message)', (c, self, [msg]) => {
      const cb = c.get(msg as JObject, 'callback');
      if (cb !== null) {
        c.callStatic('android.os.Handler', 'handleCallback', ['android.os.Message'], [msg]);
        return;
      }
      const callback = c.get(self!, 'mCallback') as JObject | null;
      if (callback !== null && (c.call(callback, 'handleMessage', [MSG], [msg]) as boolean)) return;
      c.call(self!, 'handleMessage', ['android.os.Message'], [msg]);
    }),
    m('private static void handleCallback(android.os.Message)', (c, _s, [msg]) => {
      c.call(c.get(msg as JObject, 'callback') as JObject, 'run');
    }),
    m('public final android.os.Looper getLooper()', (c, self) => c.get(self!, 'mLooper')),
    m('public void handleMessage(android.os.Message)'),
    // Every post*/send* ends in sendMessageAtTime (or sendMessageAtFrontOfQueue), as in AOSP Handler.
    m('public final boolean post(java.lang.Runnable)', (c, self, [r]) => c.call(self!, 'sendMessageDelayed', [MSG, 'long'], [runnableMessage(c, r ?? null), 0n])),
    m('public final boolean postDelayed(java.lang.Runnable, long)', (c, self, [r, d]) => c.call(self!, 'sendMessageDelayed', [MSG, 'long'], [runnableMessage(c, r ?? null), d])),
    m('public final boolean postAtTime(java.lang.Runnable, long)', (c, self, [r, t]) => c.call(self!, 'sendMessageAtTime', [MSG, 'long'], [runnableMessage(c, r ?? null), t])),
    m('public final boolean postAtFrontOfQueue(java.lang.Runnable)', (c, self, [r]) => c.call(self!, 'sendMessageAtFrontOfQueue', [MSG], [runnableMessage(c, r ?? null)])),
    m('public final boolean sendMessage(android.os.Message)', (c, self, [msg]) => c.call(self!, 'sendMessageDelayed', [MSG, 'long'], [msg, 0n])),
    m('public final boolean sendEmptyMessage(int)', (c, self, [what]) => c.call(self!, 'sendEmptyMessageDelayed', ['int', 'long'], [what, 0n])),
    m('public final boolean sendEmptyMessageDelayed(int, long)', (c, self, [what, d]) => {
      const msg = newMessage(c);
      c.set(msg, 'what', what ?? 0);
      return c.call(self!, 'sendMessageDelayed', [MSG, 'long'], [msg, d]);
    }),
    m('public final boolean sendMessageDelayed(android.os.Message, long)', (c, self, [msg, d]) => {
      const delay = d as bigint < 0n ? 0n : (d as bigint);
      return c.call(self!, 'sendMessageAtTime', [MSG, 'long'], [msg, BigInt(Math.floor(c.env.uptime())) + delay]);
    }),
    m('public boolean sendMessageAtTime(android.os.Message, long)', (c, self, [msg, at]) => enqueue(c, self!, msg as JObject, Number(at as bigint) - Math.floor(c.env.uptime()))),
    m('public final boolean sendMessageAtFrontOfQueue(android.os.Message)', (c, self, [msg]) => enqueue(c, self!, msg as JObject, 0)),
  ]),
  // AOSP core/java/android/os/HandlerThread.java: run() prepares a Looper, calls
  // onLooperPrepared() and loops; getLooper() waits for the Looper of a started thread and is
  // null before start() and after the thread ended.
  cls('public class android.os.HandlerThread extends java.lang.Thread', {}, [
    m('public <init>(java.lang.String)', (c, self, [n]) => c.callSpecial(self!, 'java.lang.Thread', '<init>', ['java.lang.String'], [n])),
    m('public <init>(java.lang.String, int)', (c, self, [n]) => c.callSpecial(self!, 'java.lang.Thread', '<init>', ['java.lang.String'], [n])),
    m('protected void onLooperPrepared()'),
    m('public void run()', (c, self) => {
      c.callStatic('android.os.Looper', 'prepare');
      c.call(self!, 'onLooperPrepared');
      c.callStatic('android.os.Looper', 'loop');
    }),
    m('public android.os.Looper getLooper()', (c, self) => {
      const t = startedThread(self!);
      if (t === null || !t.alive) return null;
      // The caller waits (mLooper == null -> wait()) until the new thread has prepared its Looper.
      if (t.looper === null) c.env.awaitThreadStart(t);
      return t.looper;
    }),
    m('public boolean quit()', (c, self) => quitLooperThread(c, self!, false)),
    m('public boolean quitSafely()', (c, self) => quitLooperThread(c, self!, true)),
    m('public int getThreadId()', (_c, self) => startedThread(self!)?.tid ?? -1),
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
    m('public void putInt(java.lang.String, int)', (_c, self, [k, v]) => {
      bundle(self).set(k as string, v ?? 0);
    }),
    m('public void putBoolean(java.lang.String, boolean)', { since: 22 }, (_c, self, [k, v]) => {
      bundle(self).set(k as string, v ?? false);
    }),
    m('public void putStringArray(java.lang.String, java.lang.String[])', (_c, self, [k, v]) => {
      bundle(self).set(k as string, v ?? null);
    }),
    m('public void putIntArray(java.lang.String, int[])', (_c, self, [k, v]) => {
      bundle(self).set(k as string, v ?? null);
    }),
    m('public void putLong(java.lang.String, long)', (_c, self, [k, v]) => {
      bundle(self).set(k as string, v ?? 0n);
    }),
    m('public int getInt(java.lang.String, int)', (_c, self, [k, d]) => {
      const v = bundle(self).get(k as string);
      return typeof v === 'number' ? v : (d as number);
    }),
    m('public long getLong(java.lang.String)', (_c, self, [k]) => {
      const v = bundle(self).get(k as string);
      return typeof v === 'bigint' ? v : 0n;
    }),
    m('public boolean getBoolean(java.lang.String, boolean)', { since: 22 }, (_c, self, [k, d]) => {
      const v = bundle(self).get(k as string);
      return typeof v === 'boolean' ? v : (d as boolean);
    }),
    m('public java.lang.String[] getStringArray(java.lang.String)', (_c, self, [k]) => {
      const v = bundle(self).get(k as string);
      return v instanceof JArray && v.cls.name === '[Ljava.lang.String;' ? v : null;
    }),
    m('public int[] getIntArray(java.lang.String)', (_c, self, [k]) => {
      const v = bundle(self).get(k as string);
      return v instanceof JArray && v.cls.name === '[I' ? v : null;
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
    m('public static java.lang.String getSerial()', { since: 26 }, (c) => buildSerial(c)),
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
    m('public static android.os.UserHandle myUserHandle()', (c) => c.vm.alloc(c.vm.bootClass('android.os.UserHandle'))),
  ]),
  cls('public final class android.os.UserHandle implements android.os.Parcelable', {}, [
    m('public java.lang.String toString()', (_c, self) => `UserHandle{${String((self!.native as { id: number } | undefined)?.id ?? 0)}}`),
  ]),
  cls('public final class android.os.CancellationSignal', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = { canceled: false };
    }),
    m('public void cancel()', (_c, self) => {
      (self!.native as { canceled: boolean }).canceled = true;
    }),
    m('public boolean isCanceled()', (_c, self) => (self!.native as { canceled: boolean }).canceled),
  ]),
  cls('public class android.os.WorkSource implements android.os.Parcelable', {}, [m('public <init>()')]),
  // Runs a Runnable on a Handler (AlarmManager wraps a listener's Handler in one since Android 12).
  cls('public class android.os.HandlerExecutor implements java.util.concurrent.Executor', { since: 28 }, [
    f('private final android.os.Handler mHandler'),
    m('public <init>(android.os.Handler)', (c, self, [h]) => {
      if (h === null) c.throwNew('java.lang.NullPointerException');
      c.set(self!, 'mHandler', h ?? null);
    }),
    m('public void execute(java.lang.Runnable)', (c, self, [r]) => {
      if (!(c.call(c.get(self!, 'mHandler') as JObject, 'post', ['java.lang.Runnable'], [r]) as boolean)) c.throwNew('java.util.concurrent.RejectedExecutionException', `${String(c.get(self!, 'mHandler'))} is shutting down`);
    }),
  ]),
  // Hidden: SDKs read identifier properties through reflection. Values come from the device's
  // facts; ro.serialno is unreadable for apps (SELinux) since Android 8, so the default comes back.
  cls('public class android.os.SystemProperties', {}, [
    // As in AOSP, each overload reads the property itself (native_get); neither calls the other.
    m('public static java.lang.String get(java.lang.String)', (c, _s, [k]) => {
      if (k === null) c.throwNew('java.lang.NullPointerException');
      return systemProperty(c, k as string) ?? '';
    }),
    m('public static java.lang.String get(java.lang.String, java.lang.String)', (c, _s, [k, d]) => {
      if (k === null) c.throwNew('java.lang.NullPointerException');
      return systemProperty(c, k as string) ?? d ?? '';
    }),
  ]),
  cls('public final class android.os.SystemClock', {}, [
    m('public static native long elapsedRealtime()', (c) => BigInt(Math.floor(c.env.uptime()))),
    m('public static native long uptimeMillis()', (c) => BigInt(Math.floor(c.env.uptime()))),
  ]),
];
