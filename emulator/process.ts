// One emulated app process: its ART runtime, threads, native layer and what started it. The
// process implements ProcessEnv for the framework code running inside it. Work posted to its
// threads goes through the device scheduler; while the process is suspended (spawned, or held by
// spawn gating) that work waits.
import type { ProcessEnv, InstalledPackage, DeviceFacts, SystemServer, NetworkStack, DexFile } from './android/env.js';
import { bootSpecs } from './android/index.js';
import type { JClass, JLoader, JMethod } from './java/classes.js';
import { JavaException } from './java/heap.js';
import { Jni } from './java/jni.js';
import type { ClassSpec } from './java/model.js';
import { JavaThread, LoopParks } from './java/threads.js';
import { ArtVm } from './java/vm.js';
import { NativeLayer } from './native/natives.js';
import type { Scheduler } from './clock.js';

export type ProcessState = 'suspended' | 'running' | 'dead';

/** Why a process ended, for session `detached` and `processCrashed`. */
export interface ProcessDeath {
  reason: 'process-terminated' | 'process-replaced';
  crash: { summary: string; report: string; signal?: string } | null;
}

export interface ProcessHost {
  scheduler: Scheduler;
  device: DeviceFacts;
  packages: ReadonlyMap<string, InstalledPackage>;
  system: SystemServer;
  net: NetworkStack;
  /** Ms of device uptime at virtual time 0. */
  bootUptimeMs: number;
  onDeath(p: EmulatedProcess, death: ProcessDeath): void;
  /** A Java exception nobody caught on `thread` (RuntimeInit's handler kills the process). */
  onUncaught(p: EmulatedProcess, thread: JavaThread, e: JavaException): void;
  /** Host-side failure inside emulated code (an emulator bug): reported, never swallowed. */
  onBug(p: EmulatedProcess, e: unknown): void;
  /** fork+exec from `p` (Runtime.exec). */
  exec(p: EmulatedProcess, argv: readonly string[]): void;
}

export class EmulatedProcess implements ProcessEnv {
  readonly vm: ArtVm;
  readonly jni: Jni;
  readonly natives: NativeLayer;
  readonly mainThread: JavaThread;
  /** Frida's agent thread (rpc calls, timers): not a Java thread. */
  readonly jsThread: JavaThread;
  readonly singletons = new Map<string, unknown>();
  /** Plugin dex files of the app (scenario app.plugins), set by the device. */
  dexFiles: ReadonlyMap<string, DexFile> = new Map();
  readonly dexLoaders = new Map<string, JLoader>();

  dexFile(path: string): DexFile | null {
    return this.dexFiles.get(path) ?? null;
  }
  readonly threads: JavaThread[] = [];
  state: ProcessState = 'suspended';
  private nextTid: number;
  private readonly waiting: (() => void)[] = [];
  readonly startedAt: number;

  constructor(
    private readonly host: ProcessHost,
    readonly pid: number,
    readonly processName: string,
    readonly app: InstalledPackage,
    /** Classes in the app's dex files. */
    readonly appSpecs: ReadonlyMap<string, ClassSpec>,
    /** Native libraries of the app (name, path). */
    appLibs: readonly { name: string; path: string }[],
    /** Why it started (launcher, receiver, ...), for enumerateProcesses and tests. */
    readonly startReason: string,
  ) {
    this.nextTid = pid + 1;
    this.mainThread = new JavaThread(pid, 'main');
    this.threads.push(this.mainThread);
    this.jsThread = new JavaThread(pid + 900 + (pid % 50), 'gum-js-loop', true);
    this.vm = new ArtVm({ api: host.device.api, bootSpecs: bootSpecs(host.device.api, host.device.manufacturer), env: this }, this.mainThread);
    this.jni = new Jni(this.vm, (c) => this.apkPathOf(c), { api: host.device.api, release: host.device.release, appProcess: true });
    this.natives = new NativeLayer(host.device.api, appLibs, () => this.vm.current.tid, host.device.wifi?.ip ?? '10.0.2.15', (ms) => host.scheduler.advance(ms));
    this.startedAt = host.scheduler.now;
    // The main thread sits in ActivityThread.main -> Looper.loop from the moment zygote forks it.
    const vm = this.vm;
    const base: JMethod[] = [
      vm.method(vm.bootClass('com.android.internal.os.ZygoteInit'), 'main', ['[Ljava.lang.String;']),
      vm.method(vm.bootClass('com.android.internal.os.RuntimeInit$MethodAndArgsCaller'), 'run', []),
      vm.method(vm.bootClass('java.lang.reflect.Method'), 'invoke', ['java.lang.Object', '[Ljava.lang.Object;']),
      vm.method(vm.bootClass('android.app.ActivityThread'), 'main', ['[Ljava.lang.String;']),
      vm.method(vm.bootClass('android.os.Looper'), 'loop', []),
    ];
    if (host.device.api >= 31) base.push(vm.method(vm.bootClass('android.os.Looper'), 'loopOnce', ['android.os.Looper', 'long', 'int']));
    for (const mm of base) this.mainThread.frames.push({ method: mm, line: mm.line + 7, replacement: false });
    this.vm.runOn(this.mainThread, () => {
      const c = vm.callFor(this.mainThread);
      c.callStatic('android.os.Looper', 'prepare');
    });
  }

  get uid(): number {
    return this.app.uid;
  }

  /**
   * The file the kernel opens for this process (ledger android.proc.selfAliases): proc(5) makes
   * /proc/<own pid>/ the same directory as /proc/self/, and /proc/net a link to /proc/self/net.
   */
  file(path: string): DeviceFacts['files'][string] | undefined {
    const self = procSelfPath(path, this.pid);
    const procFile = ownProcFile(self, this.processName);
    if (procFile !== null) return procFile;
    const files = this.host.device.files;
    const net = self === '/proc/self/net' || self.startsWith('/proc/self/net/') ? `/proc/net${self.slice('/proc/self/net'.length)}` : self;
    return files[net] ?? files[self];
  }

  get device(): DeviceFacts {
    return this.host.device;
  }

  get packages(): ReadonlyMap<string, InstalledPackage> {
    return this.host.packages;
  }

  get system(): SystemServer {
    return this.host.system;
  }

  get net(): NetworkStack {
    return this.host.net;
  }

  now(): number {
    return this.host.scheduler.wallNow();
  }

  uptime(): number {
    return this.host.bootUptimeMs + this.host.scheduler.now;
  }

  permissionGranted(permission: string): boolean {
    return this.app.permissions[permission] === true;
  }

  apkPathOf(c: JClass): string {
    return c.loader.kind === 'boot' ? '' : c.loader.kind === 'dex' ? c.loader.pathDescription : this.app.apkPath;
  }

  createAppLoader(): JLoader {
    const libDir = this.app.nativeLibraryDir;
    const sys = this.device.api >= 30 ? '/system/lib64, /system_ext/lib64' : '/system/lib64, /vendor/lib64';
    const desc = `DexPathList[[zip file "${this.app.apkPath}"],nativeLibraryDirectories=[${libDir}, ${this.app.apkPath}!/lib/arm64-v8a, ${sys}]]`;
    return this.vm.newLoader('path', this.vm.boot, new Map(this.appSpecs), desc, 'dalvik.system.PathClassLoader');
  }

  private newJavaThread(name: string): JavaThread {
    const t = new JavaThread(this.nextTid++, name);
    this.threads.push(t);
    this.vm.threads.set(t.tid, t);
    return t;
  }

  newThread(name: string, base: readonly JMethod[]): JavaThread {
    const t = this.newJavaThread(name);
    for (const mm of base) t.frames.push({ method: mm, line: mm.line + 3, replacement: false });
    return t;
  }

  startThread(name: string, body: () => void): JavaThread {
    const t = this.newJavaThread(name);
    t.pendingStart = () => {
      t.pendingStart = null;
      t.inFirstTask = true;
      try {
        body();
      } catch (e) {
        // Looper.loop() unwound the task (LoopParks): what followed loop() waits for a quit.
        if (!(e instanceof LoopParks && e.thread === t)) throw e;
      } finally {
        t.inFirstTask = false;
        // A thread that entered Looper.loop() stays there, its loop frames under every message.
        if (t.parked !== null && t.alive) t.frames.push(...t.parked);
        else t.alive = false;
        t.parked = null;
      }
    };
    // Handing work to another thread takes at least a millisecond (as post does).
    this.host.scheduler.schedule(1, () => this.awaitThreadStart(t));
    return t;
  }

  awaitThreadStart(t: JavaThread): void {
    if (t.pendingStart !== null) this.runTask(t, t.pendingStart);
  }

  endThread(t: JavaThread, safely = false): void {
    // Its frames stay: quit() may run on the thread itself, inside a message still on its stack.
    t.alive = false;
    t.quit = true;
    t.quitSafelyAt = safely ? this.host.scheduler.now : null;
  }

  /** A binder thread, where incoming system-server calls land. */
  binderThread(): JavaThread {
    let t = this.threads.find((x) => x.name.startsWith('Binder:'));
    t ??= this.newJavaThread(`Binder:${this.pid}_1`);
    return t;
  }

  post(thread: JavaThread, delayMs: number, fn: () => void): void {
    // Handing work to another thread is not instantaneous: at least a millisecond passes.
    const delay = thread === this.vm.current ? delayMs : Math.max(1, delayMs);
    // The message's `when` (uptimeMillis + delay), without the hand-off latency.
    const due = this.host.scheduler.now + delayMs;
    this.host.scheduler.schedule(delay, () => this.runTask(thread, fn, due));
  }

  /** Runs fn on `thread` now if the process runs; queues it while suspended. */
  /** `due`: when a posted message was due (a quitSafely Looper still runs those due by the quit). */
  runTask(thread: JavaThread, fn: () => void, due?: number): void {
    if (this.state === 'dead') return;
    // A quit Looper drops what is queued; after quitSafely, what was due by then still runs.
    if (thread.quit && (thread.quitSafelyAt === null || due === undefined || due > thread.quitSafelyAt)) return;
    if (this.state === 'suspended') {
      this.waiting.push(() => this.runTask(thread, fn, due));
      return;
    }
    this.vm.runOn(thread, () => {
      try {
        // A looper thread wakes from epoll_wait (Looper::pollOnce in libutils) for every message.
        if (thread.looper !== null) this.natives.call('libc.so', 'epoll_wait', 'libutils.so', [5, 0, 16, -1], () => 1);
        fn();
      } catch (e) {
        if (e instanceof JavaException) this.host.onUncaught(this, thread, e);
        else this.host.onBug(this, e);
      }
    });
  }

  /** Java work from the host side (scenario steps, process start) on a given thread. */
  inJava<T>(thread: JavaThread, fn: (c: import('./java/model.js').Call) => T): T {
    return this.vm.runOn(thread, () => fn(this.vm.callFor(thread)));
  }

  exec(argv: readonly string[]): import('./java/heap.js').JObject {
    this.host.exec(this, argv);
    return this.vm.alloc(this.vm.bootClass('java.lang.UNIXProcess'));
  }

  resume(): void {
    if (this.state !== 'suspended') return;
    this.state = 'running';
    const work = this.waiting.splice(0);
    for (const w of work) this.host.scheduler.schedule(0, w);
  }

  kill(death: ProcessDeath): void {
    if (this.state === 'dead') return;
    this.state = 'dead';
    this.waiting.length = 0;
    this.host.onDeath(this, death);
  }
}

/** A /proc/<pid>/... path of the process with that pid spelled /proc/self/... (proc(5)). */
export function procSelfPath(path: string, pid: number): string {
  const prefix = `/proc/${pid}`;
  return path === prefix || path.startsWith(`${prefix}/`) ? `/proc/self${path.slice(prefix.length)}` : path;
}

/** /proc/self/cmdline (argv: the process name, NUL-terminated) and /proc/self/comm (its last 15 bytes, as AndroidRuntime::setArgv0 names the main thread). */
export function ownProcFile(selfPath: string, processName: string): string | null {
  if (selfPath === '/proc/self/cmdline') return `${processName}\0`;
  if (selfPath === '/proc/self/comm') return `${processName.slice(-15)}\n`;
  return null;
}
