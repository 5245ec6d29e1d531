// The emulated device's frida-java-bridge: the same surface as frida-java-bridge 7 (its default
// export), running on the emulated VM. scripts/build.mjs aliases 'frida-java-bridge' to this file
// for dist/agent/agent.emulated.js, so the agent source is unchanged. Java.perform queues work until
// the app's class loader exists exactly as the real bridge does in app processes: by hooking
// ActivityThread.handleBindApplication and getPackageInfo (index.js L365-454).
import { ClassFactory } from './class-factory.js';
import { findArt, G, handle, type Art } from './env.js';

type Fn = (...args: any[]) => any;

interface RuntimeInfo {
  api: number;
  release: string;
  appProcess: boolean;
}

class Runtime {
  readonly ACC_PUBLIC = 0x0001;
  readonly ACC_PRIVATE = 0x0002;
  readonly ACC_PROTECTED = 0x0004;
  readonly ACC_STATIC = 0x0008;
  readonly ACC_FINAL = 0x0010;
  readonly ACC_SYNCHRONIZED = 0x0020;
  readonly ACC_BRIDGE = 0x0040;
  readonly ACC_VARARGS = 0x0080;
  readonly ACC_NATIVE = 0x0100;
  readonly ACC_ABSTRACT = 0x0400;
  readonly ACC_STRICT = 0x0800;
  readonly ACC_SYNTHETIC = 0x1000;

  readonly ClassFactory = ClassFactory;
  classFactory: ClassFactory | null = null;
  readonly vm = {
    perform: (fn: Fn) => fn(),
    getEnv: (): never => {
      throw new Error('a raw JNIEnv is not available on the emulated device');
    },
    tryGetEnv: () => null,
  };
  private readonly art: Art | null;
  private readonly info: RuntimeInfo | null;
  private readonly pendingVmOps: Fn[] = [];
  private readonly pendingMainOps: Fn[] = [];
  private wakeupHandler: any = null;
  private pollListener: unknown = null;

  constructor() {
    this.art = findArt();
    this.info = this.art === null ? null : (JSON.parse(this.art.runtimeInfo()) as RuntimeInfo);
    if (this.art !== null) this.classFactory = new ClassFactory(this.art);
  }

  get available(): boolean {
    return this.art !== null;
  }

  get androidVersion(): string {
    this.checkAvailable();
    return this.info!.release;
  }

  private checkAvailable(): void {
    if (this.art === null) throw new Error('Java API not available');
  }

  private get factory(): ClassFactory {
    this.checkAvailable();
    return this.classFactory!;
  }

  synchronized(obj: any, fn: Fn): void {
    const h = obj?.$h ?? obj;
    if (!(h instanceof G.NativePointer)) throw new Error('Java.synchronized: the first argument `obj` must be either a pointer or a Java instance');
    fn();
  }

  enumerateLoadedClasses(callbacks: { onMatch(name: string, handle?: unknown): void; onComplete(): void }): void {
    this.checkAvailable();
    for (const n of JSON.parse(this.art!.loadedClassNames()) as string[]) callbacks.onMatch(n);
    callbacks.onComplete();
  }

  enumerateLoadedClassesSync(): string[] {
    const out: string[] = [];
    this.enumerateLoadedClasses({ onMatch: (n) => out.push(n), onComplete: () => undefined });
    return out;
  }

  enumerateClassLoaders(callbacks: { onMatch(loader: any): void; onComplete(): void }): void {
    this.checkAvailable();
    const art = this.art!;
    if (this.info!.api < 24) throw new Error('This API is only available on Android >= 7.0');
    const ClassLoader = this.factory.use('java.lang.ClassLoader');
    const refs = JSON.parse(art.classLoaders()) as number[];
    try {
      for (const r of refs) callbacks.onMatch(this.factory.cast(handle(r), ClassLoader));
    } finally {
      for (const r of refs) art.deleteRef(r);
    }
    callbacks.onComplete();
  }

  enumerateClassLoadersSync(): any[] {
    const out: any[] = [];
    this.enumerateClassLoaders({ onMatch: (l) => out.push(l), onComplete: () => undefined });
    return out;
  }

  enumerateMethods(): never {
    throw new Error('Java.enumerateMethods() is not supported by the emulated device');
  }

  scheduleOnMainThread(fn: Fn): void {
    this.performNow(() => {
      this.pendingMainOps.push(fn);
      if (this.wakeupHandler === null) {
        const Handler = this.factory.use('android.os.Handler');
        const Looper = this.factory.use('android.os.Looper');
        this.wakeupHandler = Handler.$new(Looper.getMainLooper());
      }
      if (this.pollListener === null) {
        const mainThreadId = (globalThis as unknown as { Process: { id: number } }).Process.id;
        const pending = this.pendingMainOps;
        this.pollListener = G.Interceptor.attach(G.Process.getModuleByName('libc.so').getExportByName('epoll_wait'), {
          onEnter() {
            if (this.threadId !== mainThreadId) return;
            let op: Fn | undefined;
            while ((op = pending.shift()) !== undefined) {
              try {
                op();
              } catch (e) {
                G.Script.nextTick(() => {
                  throw e;
                });
              }
            }
          },
        });
      }
      this.wakeupHandler.sendEmptyMessage(1);
    });
  }

  perform(fn: Fn): void {
    this.checkAvailable();
    if (!this.info!.appProcess || this.factory.loader !== null) {
      try {
        this.vm.perform(fn);
      } catch (e) {
        G.Script.nextTick(() => {
          throw e;
        });
      }
    } else {
      this.pendingVmOps.push(fn);
      if (this.pendingVmOps.length === 1) this.performPendingVmOpsWhenReady();
    }
  }

  performNow(fn: Fn): any {
    this.checkAvailable();
    return this.vm.perform(() => {
      const factory = this.factory;
      if (this.info!.appProcess && factory.loader === null) {
        const ActivityThread = factory.use('android.app.ActivityThread');
        const app = ActivityThread.currentApplication();
        if (app !== null) initFactoryFromApplication(factory, app);
      }
      return fn();
    });
  }

  private performPendingVmOpsWhenReady(): void {
    this.vm.perform(() => {
      const factory = this.factory;
      const ActivityThread = factory.use('android.app.ActivityThread');
      const app = ActivityThread.currentApplication();
      if (app !== null) {
        initFactoryFromApplication(factory, app);
        this.performPendingVmOps();
        return;
      }
      const runtime = this;
      let initialized = false;
      let hookpoint = 'early';
      const handleBindApplication = ActivityThread.handleBindApplication;
      handleBindApplication.implementation = function (this: any, data: any) {
        if (data.instrumentationName.value !== null) {
          hookpoint = 'late';
          const LoadedApk = factory.use('android.app.LoadedApk');
          const makeApplication = LoadedApk.makeApplication;
          makeApplication.implementation = function (this: any, ...args: unknown[]) {
            if (!initialized) {
              initialized = true;
              initFactoryFromLoadedApk(factory, this);
              runtime.performPendingVmOps();
            }
            return makeApplication.apply(this, args);
          };
        }
        handleBindApplication.apply(this, [data]);
      };
      const candidates = (ActivityThread.getPackageInfo.overloads as any[])
        .map((mm) => [mm.argumentTypes.length, mm] as const)
        .sort(([a], [b]) => b - a)
        .map(([, mm]) => mm);
      const getPackageInfo = candidates[0];
      getPackageInfo.implementation = function (this: any, ...args: unknown[]) {
        const apk = getPackageInfo.call(this, ...args);
        if (!initialized && hookpoint === 'early') {
          initialized = true;
          initFactoryFromLoadedApk(factory, apk);
          runtime.performPendingVmOps();
        }
        return apk;
      };
    });
  }

  private performPendingVmOps(): void {
    let fn: Fn | undefined;
    while ((fn = this.pendingVmOps.shift()) !== undefined) {
      try {
        this.vm.perform(fn);
      } catch (e) {
        G.Script.nextTick(() => {
          throw e;
        });
      }
    }
  }

  use(className: string, options?: { cache?: 'skip' }): any {
    return this.factory.use(className, options);
  }

  openClassFile(): never {
    return this.factory.openClassFile();
  }

  choose(): never {
    return this.factory.choose();
  }

  retain(obj: any): any {
    return this.factory.retain(obj);
  }

  cast(obj: any, C: any): any {
    return this.factory.cast(obj, C);
  }

  array(type: string, elements: unknown[]): any {
    return this.factory.array(type, elements);
  }

  backtrace(options: { limit?: number } = {}): { id: string; frames: unknown[] } {
    this.checkAvailable();
    const { limit = 16 } = options;
    return JSON.parse(this.art!.backtrace(limit)) as { id: string; frames: unknown[] };
  }

  isMainThread(): boolean {
    const Looper = this.factory.use('android.os.Looper');
    const mainLooper = Looper.getMainLooper();
    const myLooper = Looper.myLooper();
    if (myLooper === null) return false;
    return mainLooper.$isSameObject(myLooper);
  }

  registerClass(): never {
    return this.factory.registerClass();
  }

  deoptimizeEverything(): void {
    this.checkAvailable();
  }

  deoptimizeBootImage(): void {
    this.checkAvailable();
  }

  deoptimizeMethod(): void {
    this.checkAvailable();
  }
}

function initFactoryFromApplication(factory: ClassFactory, app: any): void {
  const Process = factory.use('android.os.Process');
  factory.loader = app.getClassLoader();
  if (Process.myUid() === Process.SYSTEM_UID.value) {
    factory.cacheDir = '/data/system';
    factory.codeCacheDir = '/data/dalvik-cache';
  } else if ('getCodeCacheDir' in app) {
    factory.cacheDir = app.getCacheDir().getCanonicalPath();
    factory.codeCacheDir = app.getCodeCacheDir().getCanonicalPath();
  } else {
    factory.cacheDir = app.getFilesDir().getCanonicalPath();
    factory.codeCacheDir = app.getCacheDir().getCanonicalPath();
  }
}

function initFactoryFromLoadedApk(factory: ClassFactory, apk: any): void {
  const JFile = factory.use('java.io.File');
  factory.loader = apk.getClassLoader();
  const dataDir = JFile.$new(apk.getDataDir()).getCanonicalPath();
  factory.cacheDir = dataDir;
  factory.codeCacheDir = `${dataDir}/cache`;
}


const runtime = new Runtime();
export default runtime;
