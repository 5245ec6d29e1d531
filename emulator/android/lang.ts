// java.lang, java.io basics, dalvik.system loaders: the classes every other area leans on.
import { JArray, JObject } from '../java/heap.js';
import type { JLoader, JClass } from '../java/classes.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { sourceName } from '../java/types.js';
import { bytesOf, javaHash } from './support.js';

const STR = 'java.lang.String';
const SA = '[Ljava.lang.String;';
const FILE = 'java.io.File';
const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

function classOfObj(c: Call, o: JObject): JClass {
  return o.native as JClass;
}

export function exceptionClass(header: string, extra: ClassSpec['methods'] = []): ClassSpec {
  return cls(header, {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, superOf(header), '<init>', [], [])),
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, superOf(header), '<init>', ['java.lang.String'], [msg])),
    ...extra,
  ]);
}

function superOf(header: string): string {
  const mm = /extends\s+(\S+)/.exec(header);
  return mm![1]!;
}

function stringOf(c: Call, v: JValue): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  return c.call(v, 'toString') as string;
}

export const lang: readonly ClassSpec[] = [
  cls('public class java.lang.Object', {}, [
    m('public <init>()', () => undefined),
    m('public boolean equals(java.lang.Object)', (_c, self, [o]) => self === o),
    m('public final native java.lang.Class getClass()', (c, self) => c.vm.classObject(c.vm.classOf(self))),
    m('public native int hashCode()', (_c, self) => (typeof self === 'string' ? javaHash(self) : (self as JObject).hash)),
    m('public java.lang.String toString()', (c, self) => {
      const h = c.call(self!, 'hashCode') as number;
      return `${c.vm.classOf(self).name}@${(h >>> 0).toString(16)}`;
    }),
  ]),
  cls('public interface java.io.Serializable', {}, []),
  cls('public interface java.lang.Cloneable', {}, []),
  cls('public interface java.lang.Comparable', {}, [m('public abstract int compareTo(java.lang.Object)')]),
  cls('public interface java.lang.Runnable', {}, [m('public abstract void run()')]),
  cls('public interface java.lang.CharSequence', {}, [
    m('public abstract char charAt(int)'),
    m('public abstract int length()'),
    m('public abstract java.lang.CharSequence subSequence(int, int)'),
    m('public abstract java.lang.String toString()'),
  ]),
  cls('public final class java.lang.String implements java.io.Serializable, java.lang.Comparable, java.lang.CharSequence', {}, [
    // Strings are JS strings inside the emulator; the JNI layer builds them for `new String(...)`.
    m('public <init>()'),
    m('public <init>(byte[])'),
    m('public <init>(byte[], java.lang.String)'),
    m('public <init>(java.lang.String)'),
    m('public char charAt(int)', (_c, self, [i]) => (self as unknown as string).charCodeAt(i as number)),
    m('public java.lang.String concat(java.lang.String)', (_c, self, [o]) => (self as unknown as string) + (o as string)),
    m('public int compareTo(java.lang.String)', (_c, self, [o]) => ((self as unknown as string) < (o as string) ? -1 : (self as unknown as string) > (o as string) ? 1 : 0)),
    m('public boolean equals(java.lang.Object)', (_c, self, [o]) => self === o),
    m('public byte[] getBytes()', (c, self) => c.vm.newArray('[B', Array.from(utf8.encode(self as unknown as string), (b) => (b << 24) >> 24))),
    m('public byte[] getBytes(java.lang.String)', (c, self) => c.vm.newArray('[B', Array.from(utf8.encode(self as unknown as string), (b) => (b << 24) >> 24))),
    m('public int hashCode()', (_c, self) => javaHash(self as unknown as string)),
    m('public boolean isEmpty()', (_c, self) => (self as unknown as string).length === 0),
    m('public int length()', (_c, self) => (self as unknown as string).length),
    m('public java.lang.CharSequence subSequence(int, int)', (_c, self, [a, b]) => (self as unknown as string).slice(a as number, b as number)),
    m('public java.lang.String toString()', (_c, self) => self as unknown as string),
    m('public static java.lang.String valueOf(java.lang.Object)', (c, _s, [o]) => stringOf(c, o)),
    m('public static java.lang.String valueOf(int)', (_c, _s, [i]) => String(i)),
  ]),
  cls('public final class java.lang.Class implements java.io.Serializable', {}, [
    m('public static java.lang.Class forName(java.lang.String)', (c, _s, [name]) => {
      // Class.forName(String) loads through the caller's class loader (the frame below this one).
      const frames = c.thread.frames;
      const caller = frames[frames.length - 2];
      const loader = caller?.method.cls.loader ?? c.vm.system;
      return c.vm.classObject(c.vm.loadClass(loader, name as string));
    }),
    m('public static java.lang.Class forName(java.lang.String, boolean, java.lang.ClassLoader)', (c, _s, [name, , loader]) => {
      const l = loader === null ? c.vm.boot : ((loader as JObject).native as JLoader);
      return c.vm.classObject(c.vm.loadClass(l, name as string));
    }),
    m('public java.lang.ClassLoader getClassLoader()', (c, self) => {
      const k = classOfObj(c, self!);
      return k.loader.kind === 'boot' ? null : c.vm.loaderObject(k.loader);
    }),
    m('public java.lang.String getName()', (c, self) => classOfObj(c, self!).name),
    m('public java.lang.String getSimpleName()', (c, self) => {
      const n = sourceName(classOfObj(c, self!).name);
      return n.slice(Math.max(n.lastIndexOf('.'), n.lastIndexOf('$')) + 1);
    }),
    m('public java.lang.Class getSuperclass()', (c, self) => {
      const s = classOfObj(c, self!).superclass;
      return s === null || classOfObj(c, self!).isInterface ? null : c.vm.classObject(s);
    }),
    m('public boolean isAssignableFrom(java.lang.Class)', (c, self, [o]) => c.vm.isAssignable(classOfObj(c, self!), classOfObj(c, o as JObject))),
    m('public boolean isInstance(java.lang.Object)', (c, self, [o]) => c.vm.isInstance(o ?? null, classOfObj(c, self!))),
    m('public boolean isInterface()', (c, self) => classOfObj(c, self!).isInterface),
    m('public java.lang.String toString()', (c, self) => `${classOfObj(c, self!).isInterface ? 'interface' : 'class'} ${classOfObj(c, self!).name}`),
  ]),
  cls('public abstract class java.lang.ClassLoader', {}, [
    m('protected <init>()'),
    m('protected <init>(java.lang.ClassLoader)'),
    m('public final java.lang.ClassLoader getParent()', (c, self) => {
      const p = ((self as JObject).native as JLoader).parent;
      return p === null ? null : c.vm.loaderObject(p);
    }),
    m('public static java.lang.ClassLoader getSystemClassLoader()', (c) => c.vm.loaderObject(c.vm.system)),
    m('public java.lang.Class loadClass(java.lang.String)', (c, self, [name]) => c.vm.classObject(c.vm.loadClass((self as JObject).native as JLoader, name as string))),
  ]),
  cls('class java.lang.BootClassLoader extends java.lang.ClassLoader', {}, [
    m('public java.lang.String toString()', () => 'java.lang.BootClassLoader@boot'),
  ]),
  // AOSP libcore/dalvik/src/main/java/dalvik/system: DexClassLoader(dexPath, optimizedDirectory,
  // librarySearchPath, parent) is `super(dexPath, null, librarySearchPath, parent)` and
  // PathClassLoader(dexPath, parent) is `super(dexPath, null, null, parent)`: every file-based
  // loader is built by a BaseDexClassLoader constructor (conformance: android.classloader.baseDexFunnel).
  // A path that is not a dex the scenario declares gives a loader with no classes (ART only logs).
  cls('public class dalvik.system.BaseDexClassLoader extends java.lang.ClassLoader', {}, [
    m('public <init>(java.lang.String, java.io.File, java.lang.String, java.lang.ClassLoader)', (c, self, [dexPath, , , parent]) => {
      const path = dexPath === null ? '' : String(dexPath);
      const dex = c.env.dexFile(path);
      const parentLoader = dex?.parent === 'boot' || parent === null ? c.vm.boot : (((parent as JObject).native as JLoader | undefined) ?? c.vm.boot);
      const loader = c.vm.newLoader('dex', parentLoader, new Map(dex?.specs ?? []), `DexPathList[[dex file "${path}"],nativeLibraryDirectories=[/system/lib64, /system_ext/lib64]]`, self!.cls.name);
      self!.native = loader;
      loader.obj = self!;
      c.env.dexLoaders.set(path, loader);
    }),
    m('public java.lang.String toString()', (_c, self) => {
      const l = (self as JObject).native as JLoader;
      return `${l.className}[${l.pathDescription}]`;
    }),
  ]),
  cls('public class dalvik.system.PathClassLoader extends dalvik.system.BaseDexClassLoader', {}, [
    m('public <init>(java.lang.String, java.lang.ClassLoader)', (c, self, [dexPath, parent]) =>
      c.callSpecial(self!, 'dalvik.system.BaseDexClassLoader', '<init>', BASE_DEX_INIT, [dexPath ?? null, null, null, parent ?? null]),
    ),
  ]),
  cls('public class dalvik.system.DexClassLoader extends dalvik.system.BaseDexClassLoader', {}, [
    m('public <init>(java.lang.String, java.lang.String, java.lang.String, java.lang.ClassLoader)', (c, self, [dexPath, , lib, parent]) =>
      c.callSpecial(self!, 'dalvik.system.BaseDexClassLoader', '<init>', BASE_DEX_INIT, [dexPath ?? null, null, lib ?? null, parent ?? null]),
    ),
  ]),
  cls('public final class java.lang.System', {}, [
    m('public static native long currentTimeMillis()', (c) => BigInt(Math.floor(c.env.now()))),
    m('public static native int identityHashCode(java.lang.Object)', (_c, _s, [o]) => (o instanceof JObject ? o.hash : typeof o === 'string' ? javaHash(o) : 0)),
  ]),
  cls('public abstract class java.lang.Number implements java.io.Serializable', {}, [
    m('public <init>()'),
    m('public abstract int intValue()'),
    m('public abstract long longValue()'),
  ]),
  cls('public final class java.lang.Integer extends java.lang.Number implements java.lang.Comparable', {}, [
    m('public int intValue()', (_c, self) => (self as JObject).native as number),
    m('public long longValue()', (_c, self) => BigInt((self as JObject).native as number)),
    m('public java.lang.String toString()', (_c, self) => String((self as JObject).native)),
    m('public int hashCode()', (_c, self) => (self as JObject).native as number),
    m('public boolean equals(java.lang.Object)', (c, self, [o]) => o instanceof JObject && o.cls === (self as JObject).cls && o.native === (self as JObject).native),
    m('public static int parseInt(java.lang.String)', (c, _s, [s]) => {
      const n = Number.parseInt(s as string, 10);
      if (!/^[-+]?\d+$/.test(String(s)) || n > 2147483647 || n < -2147483648) c.throwNew('java.lang.NumberFormatException', `For input string: "${String(s)}"`);
      return n;
    }),
    m('public static java.lang.Integer valueOf(int)', (c, _s, [i]) => {
      const o = c.vm.alloc(c.vm.bootClass('java.lang.Integer'));
      o.native = i;
      return o;
    }),
  ]),
  cls('public final class java.lang.Long extends java.lang.Number implements java.lang.Comparable', {}, [
    m('public int intValue()', (_c, self) => Number(BigInt.asIntN(32, (self as JObject).native as bigint))),
    m('public long longValue()', (_c, self) => (self as JObject).native as bigint),
    m('public java.lang.String toString()', (_c, self) => String((self as JObject).native)),
    m('public static java.lang.Long valueOf(long)', (c, _s, [v]) => {
      const o = c.vm.alloc(c.vm.bootClass('java.lang.Long'));
      o.native = v;
      return o;
    }),
  ]),
  // Enum constants carry their name and ordinal host-side (see support.enumConstant).
  cls('public abstract class java.lang.Enum implements java.lang.Comparable, java.io.Serializable', {}, [
    m('protected <init>(java.lang.String, int)', (_c, self, [name, ordinal]) => {
      (self as JObject).native = { name: name as string, ordinal: ordinal as number };
    }),
    m('public final java.lang.String name()', (_c, self) => ((self as JObject).native as { name: string }).name),
    m('public final int ordinal()', (_c, self) => ((self as JObject).native as { ordinal: number }).ordinal),
    m('public java.lang.String toString()', (_c, self) => ((self as JObject).native as { name: string }).name),
  ]),
  cls('public final class java.lang.Boolean implements java.io.Serializable, java.lang.Comparable', {}, [
    m('public boolean booleanValue()', (_c, self) => (self as JObject).native as boolean),
    m('public java.lang.String toString()', (_c, self) => String((self as JObject).native)),
    m('public static java.lang.Boolean valueOf(boolean)', (c, _s, [v]) => {
      const o = c.vm.alloc(c.vm.bootClass('java.lang.Boolean'));
      o.native = v;
      return o;
    }),
  ]),

  // ---- Throwables ---------------------------------------------------------------------
  cls('public class java.lang.Throwable implements java.io.Serializable', {}, [
    f('private java.lang.String detailMessage'),
    f('private java.lang.Throwable cause'),
    m('public <init>()', (c, self) => fillIn(c, self as JObject)),
    m('public <init>(java.lang.String)', (c, self, [msg]) => {
      c.set(self as JObject, 'detailMessage', msg ?? null);
      fillIn(c, self as JObject);
    }),
    m('public <init>(java.lang.String, java.lang.Throwable)', (c, self, [msg, cause]) => {
      c.set(self as JObject, 'detailMessage', msg ?? null);
      c.set(self as JObject, 'cause', cause ?? null);
      fillIn(c, self as JObject);
    }),
    m('public java.lang.Throwable getCause()', (c, self) => c.get(self as JObject, 'cause')),
    m('public java.lang.String getLocalizedMessage()', (c, self) => c.call(self as JObject, 'getMessage')),
    m('public java.lang.String getMessage()', (c, self) => c.get(self as JObject, 'detailMessage')),
    m('public java.lang.String toString()', (c, self) => {
      const msg = c.call(self as JObject, 'getLocalizedMessage');
      const name = (self as JObject).cls.name;
      return msg === null ? name : `${name}: ${msg as string}`;
    }),
  ]),
  exceptionClass('public class java.lang.Exception extends java.lang.Throwable'),
  exceptionClass('public class java.lang.Error extends java.lang.Throwable'),
  exceptionClass('public class java.lang.RuntimeException extends java.lang.Exception'),
  exceptionClass('public class java.lang.ReflectiveOperationException extends java.lang.Exception'),
  exceptionClass('public class java.lang.ClassNotFoundException extends java.lang.ReflectiveOperationException'),
  exceptionClass('public class java.lang.SecurityException extends java.lang.RuntimeException'),
  exceptionClass('public class java.lang.NullPointerException extends java.lang.RuntimeException'),
  exceptionClass('public class java.lang.IllegalStateException extends java.lang.RuntimeException'),
  exceptionClass('public class java.lang.IllegalArgumentException extends java.lang.RuntimeException'),
  exceptionClass('public class java.lang.NumberFormatException extends java.lang.IllegalArgumentException'),
  exceptionClass('public class java.lang.UnsupportedOperationException extends java.lang.RuntimeException'),
  exceptionClass('public class java.lang.LinkageError extends java.lang.Error'),
  exceptionClass('public class java.lang.IncompatibleClassChangeError extends java.lang.LinkageError'),
  exceptionClass('public class java.lang.AbstractMethodError extends java.lang.IncompatibleClassChangeError'),
  exceptionClass('public class java.io.IOException extends java.lang.Exception'),
  exceptionClass('public class java.io.FileNotFoundException extends java.io.IOException'),

  // ---- Threads ------------------------------------------------------------------------
  // The started work is the `target` field, as in libcore's Thread (ojluni Thread.java, `private
  // Runnable target`; run() calls target.run()): the agent reads it (conformance: android.concurrent.taskFields).
  cls('public class java.lang.Thread implements java.lang.Runnable', {}, [
    f('private java.lang.Runnable target'),
    m('public <init>()', (c, self) => initThread(c, self as JObject, null, null)),
    m('public <init>(java.lang.Runnable)', (c, self, [r]) => initThread(c, self as JObject, r as JObject | null, null)),
    m('public <init>(java.lang.Runnable, java.lang.String)', (c, self, [r, n]) => initThread(c, self as JObject, r as JObject | null, n as string)),
    m('public <init>(java.lang.String)', (c, self, [n]) => initThread(c, self as JObject, null, n as string)),
    m('public static native java.lang.Thread currentThread()', (c) => threadObject(c)),
    m('public long getId()', (c, self) => BigInt(threadState(self as JObject).id)),
    m('public final java.lang.String getName()', (_c, self) => threadState(self as JObject).name),
    m('public final void setName(java.lang.String)', (_c, self, [n]) => {
      const st = threadState(self as JObject);
      st.name = n as string;
      if (st.thread !== null) st.thread.name = n as string;
    }),
    m('public void run()', (c, self) => {
      const target = c.get(self as JObject, 'target') as JObject | null;
      if (target !== null) c.call(target, 'run');
    }),
    m('public synchronized void start()', (c, self) => {
      const st = threadState(self as JObject);
      if (st.thread !== null) c.throwNew('java.lang.IllegalThreadStateException');
      const t = c.env.startThread(st.name, () => c.vm.invoke(c.vm.method(c.vm.bootClass('java.lang.Thread'), 'run', []), self as JObject, [], 'virtual'));
      st.thread = t;
      t.jobj = self as JObject;
    }),
  ]),
  exceptionClass('public class java.lang.IllegalThreadStateException extends java.lang.IllegalArgumentException'),

  // ---- Reflection (the bottom frames of the main thread) ---------------------------------
  cls('public class java.lang.reflect.AccessibleObject', {}, []),
  cls('public final class java.lang.reflect.Method extends java.lang.reflect.AccessibleObject', {}, [
    m('public native java.lang.Object invoke(java.lang.Object, java.lang.Object[])'),
  ]),
  cls('public class java.lang.Runtime', {}, [
    m('public static java.lang.Runtime getRuntime()', (c) => c.vm.alloc(c.vm.bootClass('java.lang.Runtime'))),
    // libcore/ojluni/src/main/java/java/lang/Runtime.java: every exec form ends in
    // exec(String[] cmdarray, String[] envp, File dir) -> new ProcessBuilder(cmdarray)...start();
    // the String forms tokenize with StringTokenizer (" \t\n\r\f") and refuse an empty command.
    m('public java.lang.Process exec(java.lang.String)', (c, self, [cmd]) => c.call(self!, 'exec', [STR, SA, FILE], [cmd, null, null])),
    m('public java.lang.Process exec(java.lang.String, java.lang.String[])', (c, self, [cmd, envp]) => c.call(self!, 'exec', [STR, SA, FILE], [cmd, envp, null])),
    m('public java.lang.Process exec(java.lang.String, java.lang.String[], java.io.File)', (c, self, [cmd, envp, dir]) => {
      if (cmd === null) c.throwNew('java.lang.NullPointerException');
      if (String(cmd).length === 0) c.throwNew('java.lang.IllegalArgumentException', 'Empty command');
      const words = String(cmd).split(/[ \t\n\r\f]+/).filter((w) => w !== '');
      return c.call(self!, 'exec', [SA, SA, FILE], [c.vm.newArray(SA, words), envp, dir]);
    }),
    m('public java.lang.Process exec(java.lang.String[])', (c, self, [argv]) => c.call(self!, 'exec', [SA, SA, FILE], [argv, null, null])),
    m('public java.lang.Process exec(java.lang.String[], java.lang.String[])', (c, self, [argv, envp]) => c.call(self!, 'exec', [SA, SA, FILE], [argv, envp, null])),
    m('public java.lang.Process exec(java.lang.String[], java.lang.String[], java.io.File)', (c, _s, [argv, , dir]) => {
      if (argv === null) c.throwNew('java.lang.NullPointerException');
      const pb = c.newObject('java.lang.ProcessBuilder', [SA], [argv]);
      if (dir !== null) c.call(pb, 'directory', [FILE], [dir]);
      return c.call(pb, 'start');
    }),
  ]),
  // ProcessBuilder.start: the command's first word is the program (IndexOutOfBoundsException when
  // there is none); the child runs through the device (child gating sees it). Its output streams
  // are not modelled: reading them fails loudly.
  cls('public final class java.lang.ProcessBuilder', {}, [
    m('public <init>(java.lang.String[])', (_c, self, [argv]) => {
      self!.native = { argv: ((argv as JArray | null)?.elems ?? []).map((x) => String(x)), dir: null };
    }),
    m('public <init>(java.util.List)', (c, self, [list]) => {
      const n = c.call(list as JObject, 'size') as number;
      const argv: string[] = [];
      for (let i = 0; i < n; i++) argv.push(String(c.call(list as JObject, 'get', ['int'], [i])));
      self!.native = { argv, dir: null };
    }),
    m('public java.util.List command()', (c, self) => {
      const l = c.newObject('java.util.ArrayList');
      for (const w of (self!.native as { argv: string[] }).argv) c.call(l, 'add', ['java.lang.Object'], [w]);
      return l;
    }),
    m('public java.lang.ProcessBuilder directory(java.io.File)', (_c, self, [dir]) => {
      (self!.native as { dir: unknown }).dir = dir;
      return self;
    }),
    m('public java.lang.Process start()', (c, self) => {
      const argv = (self!.native as { argv: string[] }).argv;
      if (argv.length === 0) c.throwNew('java.lang.IndexOutOfBoundsException', 'Index: 0, Size: 0');
      return c.env.exec(argv);
    }),
  ]),
  cls('public abstract class java.lang.Process', {}, [m('public <init>()'), m('public abstract int waitFor()'), m('public abstract void destroy()')]),
  cls('final class java.lang.UNIXProcess extends java.lang.Process', {}, [
    m('<init>()'),
    m('public int waitFor()', () => 0),
    m('public void destroy()'),
  ]),
  cls('public class java.io.File implements java.io.Serializable, java.lang.Comparable', {}, [
    f('private java.lang.String path'),
    m('public <init>(java.lang.String)', (c, self, [p]) => c.set(self as JObject, 'path', p ?? null)),
    m('public java.lang.String getAbsolutePath()', (c, self) => c.get(self as JObject, 'path')),
    m('public java.lang.String getCanonicalPath()', (c, self) => c.get(self as JObject, 'path')),
    m('public java.lang.String getPath()', (c, self) => c.get(self as JObject, 'path')),
    m('public java.lang.String toString()', (c, self) => c.get(self as JObject, 'path')),
  ]),
  cls('public abstract class java.io.OutputStream', {}, [
    m('public <init>()'),
    m('public abstract void write(int)'),
    m('public void write(byte[])', (c, self, [b]) => {
      c.call(self as JObject, 'write', ['[B', 'int', 'int'], [b, 0, (b as JArray).elems.length]);
    }),
    m('public void write(byte[], int, int)', (c, self, [b, off, len]) => {
      const e = (b as JArray).elems;
      for (let i = off as number; i < (off as number) + (len as number); i++) c.call(self as JObject, 'write', ['int'], [e[i]]);
    }),
    m('public void flush()'),
    m('public void close()'),
  ]),
  cls('public abstract class java.io.InputStream', {}, [m('public <init>()'), m('public abstract int read()'), m('public void close()')]),
];

interface ThreadState {
  id: number;
  name: string;
  thread: import('../java/threads.js').JavaThread | null;
}

function threadState(o: JObject): ThreadState {
  return o.native as ThreadState;
}

function initThread(c: Call, self: JObject, target: JObject | null, name: string | null): void {
  const st: ThreadState = { id: 0, name: '', thread: null };
  self.native = st;
  c.set(self, 'target', target);
  const seq = c.env.singletons;
  const n = ((seq.get('thread.seq') as number | undefined) ?? 1) + 1;
  seq.set('thread.seq', n);
  st.id = 1000 + n;
  st.name = name ?? `Thread-${n}`;
}

/** The java.lang.Thread object of the calling thread, created on first use (as ART does on attach). */
export function threadObject(c: Call): JObject {
  const t = c.thread;
  if (t.jobj === null) {
    const o = c.vm.alloc(c.vm.bootClass('java.lang.Thread'));
    o.native = { id: t.tid === c.env.pid ? 2 : t.tid, name: t.name, thread: t } satisfies ThreadState;
    t.jobj = o;
  }
  return t.jobj;
}

function fillIn(c: Call, self: JObject): void {
  // fillInStackTrace: the frames below the Throwable's own constructors.
  self.native = c.thread.frames.filter((fr) => fr.method.name !== '<init>' || !c.vm.isAssignable(c.vm.bootClass('java.lang.Throwable'), fr.method.cls)).map((fr) => ({ ...fr }));
}

export function bytesToString(a: JValue): string {
  return utf8d.decode(bytesOf(a));
}

const BASE_DEX_INIT = ['java.lang.String', 'java.io.File', 'java.lang.String', 'java.lang.ClassLoader'];
