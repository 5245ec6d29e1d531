// Agent entry point, bundled by esbuild into one IIFE script for Frida 17 (frida-java-bridge must
// be imported explicitly since Frida 17 no longer bundles it into GumJS).
import Java from 'frida-java-bridge';
import { Agent, type JavaRuntime } from './core/agent.js';
import type { ClassFactoryLike } from './core/java-like.js';
import type { JavaFrameLike, Platform } from './core/platform.js';
import { gumSurface } from './natives/gum.js';

/** Thread names are cached per tid for a second: reading one costs two JNI calls. */
const threadNames = new Map<number, { name: string; at: number }>();
let JavaThread: any = null;

function threadName(): string {
  const tid = Process.getCurrentThreadId();
  const now = Date.now();
  const cached = threadNames.get(tid);
  if (cached !== undefined && now - cached.at < 1000) return cached.name;
  let name = '';
  try {
    JavaThread ??= Java.use('java.lang.Thread');
    name = String(JavaThread.currentThread().getName());
  } catch {
    // Not a VM thread (native callbacks, the JS thread).
  }
  threadNames.set(tid, { name, at: now });
  return name;
}

const platform: Platform = {
  now: () => Date.now(),
  threadId: () => Process.getCurrentThreadId(),
  threadName,
  sha256: (data) => Checksum.compute('sha256', data),
  backtrace: (limit) => {
    try {
      const bt = Java.backtrace({ limit });
      // Frames only when asked (frida-java-bridge builds them as JSON on each read of `frames`):
      // a stack id seen before needs none.
      let frames: readonly JavaFrameLike[] | undefined;
      return {
        id: bt.id,
        get frames(): readonly JavaFrameLike[] {
          return (frames ??= bt.frames as readonly JavaFrameLike[]);
        },
      };
    } catch {
      return null;
    }
  },
  send: (message) => send(message),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Other class loaders (dynamically loaded SDK code), enumerated once: enumeration suspends all threads. */
let extraFactories: ClassFactoryLike[] | null = null;
/** Loaders built after start, seen by the BaseDexClassLoader hook: kept across re-enumerations. */
const builtFactories: ClassFactoryLike[] = [];
/** The cost of each enumeration: ART's VisitClassLoaders runs with every thread suspended. */
const scans = { count: 0, totalMs: 0, maxMs: 0, loaders: 0 };

const java: JavaRuntime = {
  available: Java.available,
  perform: (fn) => Java.perform(fn),
  performNow: (fn) => Java.performNow(fn),
  apiLevel: () => Number(Java.use('android.os.Build$VERSION').SDK_INT.value),
  androidRelease: () => Java.androidVersion,
  use: (name) => Java.use(name),
  cast: (obj, cls) => Java.cast(obj, cls),
  retain: (obj) => Java.retain(obj),
  scheduleOnMainThread: (fn) => Java.scheduleOnMainThread(fn),
  // One JNI GetByteArrayRegion instead of the bridge's per-element copies.
  bytes: (array, off, len) => {
    const handle = array?.$h;
    if (handle === undefined || handle === null || len <= 0) return null;
    try {
      const buf = Memory.alloc(len);
      Java.vm.getEnv().getByteArrayRegion(handle, off, len, buf);
      const out = buf.readByteArray(len);
      return out === null ? null : new Uint8Array(out);
    } catch {
      return null; // extractors fall back to one copy through the bridge
    }
  },
  refreshFactories: () => {
    extraFactories = null;
  },
  factories: () => {
    if (extraFactories === null) {
      extraFactories = [];
      const t0 = Date.now();
      try {
        const found = Java.enumerateClassLoadersSync();
        for (const loader of found) extraFactories.push(Java.ClassFactory.get(loader));
        scans.loaders = found.length;
      } catch {
        // Android < 7 or enumeration refused: the default factory still covers the app loader.
      }
      const ms = Date.now() - t0;
      scans.count++;
      scans.totalMs += ms;
      scans.maxMs = Math.max(scans.maxMs, ms);
    }
    return [Java.classFactory, ...extraFactories, ...builtFactories];
  },
  factoryFor: (loader) => {
    // `this` in a hook is a local reference, stale once the constructor returns; the factory
    // keeps the loader for every later use(), so it gets a global one.
    const f = Java.ClassFactory.get(Java.retain(loader as Java.Wrapper));
    builtFactories.push(f);
    return f;
  },
  loaderScans: () => ({ ...scans }),
};

/**
 * argv[0] from /proc/self/cmdline, which is NUL-separated (and NUL-padded). GumJS's
 * File.readAllText validates the whole file as UTF-8 and a NUL fails that (gumquickfile.c
 * gumjs_file_read_all_text), so the bytes are read raw, cut at the first NUL, and only that part
 * is decoded (readUtf8String(n) validates exactly n bytes).
 */
function processName(): string {
  try {
    const bytes = new Uint8Array(File.readAllBytes('/proc/self/cmdline'));
    let n = bytes.indexOf(0);
    if (n < 0) n = bytes.length;
    if (n === 0) return '';
    const buf = Memory.alloc(n);
    buf.writeByteArray(Array.from(bytes.subarray(0, n)));
    return buf.readUtf8String(n) ?? '';
  } catch {
    return '';
  }
}

const agent = new Agent(platform, java, Process.id, processName, { natives: gumSurface });
rpc.exports = agent.rpcExports();
