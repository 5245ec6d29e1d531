// A whole agent-side hook environment over the fakes: platform, Java, emitter, guard, extractor
// services, origin tracker and net scope, plus helpers that build the Android objects extractors
// read (Intents, Bundles, lists) and a checker that validates every emitted event against the
// protocol's EventSchema (TypeBox TypeCompiler), so extractor output can never drift from it.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EventSchema, BatchSchema } from '../../protocol/messages.js';
import { HOOKS } from '../../agent/catalog/index.js';
import type { HookSpec } from '../../agent/catalog/types.js';
import { Emitter } from '../../agent/core/emitter.js';
import { ThreadGuard } from '../../agent/core/guard.js';
import { HookInstaller } from '../../agent/core/installer.js';
import { NetScope } from '../../agent/core/netscope.js';
import { OriginTracker } from '../../agent/core/origins.js';
import { DEFAULT_LIMITS } from '../../agent/core/summarize.js';
import { EXTRACTORS } from '../../agent/extract/index.js';
import { ExtractServices } from '../../agent/extract/services.js';
import type { StartInfo, WakeDetail } from '../../agent/extract/wake-tracker.js';
import { FakeJava, FakePlatform } from './fakes.js';

export const checkEvent = TypeCompiler.Compile(EventSchema);
export const checkBatch = TypeCompiler.Compile(BatchSchema);

export interface EnvOptions {
  apiLevel?: number;
  pid?: number;
  ownPackage?: string | null;
  maxSample?: number;
  startInfo?: () => StartInfo | null | undefined;
}

/** Identity hash codes for fake objects (System.identityHashCode). */
export class Identities {
  private readonly ids = new WeakMap<object, number>();
  private next = 0x1000;
  of(obj: unknown): number {
    if (obj === null || typeof obj !== 'object') throw new Error('identityHashCode of a non-object');
    let id = this.ids.get(obj as object);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(obj as object, id);
    }
    return id;
  }
}

export function makeEnv(opts: EnvOptions = {}) {
  const platform = new FakePlatform();
  const java = new FakeJava(platform);
  const identities = new Identities();
  const pid = opts.pid ?? 4242;
  const apiLevel = opts.apiLevel ?? 34;
  java.define('java.lang.System', { identityHashCode: [{ params: ['java.lang.Object'], ret: 'int', body: (o: unknown) => identities.of(o) }] });
  const threads = new Map<number, object>();
  java.define('java.lang.Thread', {
    currentThread: [
      {
        params: [],
        ret: 'java.lang.Thread',
        body: () => {
          let t = threads.get(platform.tid);
          if (t === undefined) threads.set(platform.tid, (t = { $className: 'java.lang.Thread', tid: platform.tid }));
          return t;
        },
      },
    ],
  });
  const emitter = new Emitter(platform, pid, { flushIntervalMs: 50, batchSize: 100_000, stackLimit: 16 });
  const guard = new ThreadGuard();
  const netScope = new NetScope();
  const wakeEmitted: { detail: WakeDetail; api: string; hook: string }[] = [];
  const services = new ExtractServices({
    java,
    apiLevel,
    pid,
    now: () => platform.now(),
    configuredPackage: opts.ownPackage === undefined ? 'com.example.app' : opts.ownPackage,
    maxSample: opts.maxSample ?? 4096,
    wake: {
      readStartInfo: opts.startInfo ?? (() => null),
      setTimeout: (fn, ms) => platform.setTimeout(fn, ms),
      clearTimeout: (h) => platform.clearTimeout(h),
      emit: (detail, api, hook) => {
        wakeEmitted.push({ detail, api, hook });
        emitter.emit({ kind: 'lifecycle', api, hook, detail } as any, false);
      },
    },
  });
  const origins = new OriginTracker({
    now: () => platform.now(),
    identity: (o) => services.identity(o),
    currentThread: () => services.identity(java.use('java.lang.Thread').currentThread()),
    captureStack: () => emitter.stacks.captureDeferred(),
  });
  emitter.origins = origins;
  const loadersBuilt: unknown[] = [];
  const installer = new HookInstaller({
    platform,
    emitter,
    guard,
    extractors: EXTRACTORS,
    limits: () => DEFAULT_LIMITS,
    apiLevel,
    disabled: new Set(),
    java,
    services,
    origins,
    netScope,
    // Class loaders built by hooked BaseDexClassLoader constructors (the Agent installs into them).
    onLoader: (loader: unknown) => void loadersBuilt.push(loader),
  });
  const batches = () => platform.sent.filter((m) => m.kind === 'batch');
  /** Every event so far; each one is validated against EventSchema (and each batch against BatchSchema). */
  const events = (): any[] => {
    emitter.flush();
    const out: any[] = [];
    for (const b of batches()) {
      for (const ev of b.events) {
        if (!checkEvent.Check(ev)) throw new Error(`invalid event ${JSON.stringify(ev)}: ${[...checkEvent.Errors(ev)].slice(0, 3).map((e) => `${e.path} ${e.message}`).join('; ')}`);
        out.push(ev);
      }
      if (!checkBatch.Check(b)) throw new Error(`invalid batch: ${[...checkBatch.Errors(b)].slice(0, 3).map((e) => `${e.path} ${e.message}`).join('; ')}`);
    }
    return out;
  };
  /** Frames sent so far, by stack id. */
  const stacksSent = (): Record<string, unknown> => Object.assign({}, ...batches().map((b) => b.stacks ?? {}));
  /** Installs catalog specs by id; each must install. */
  const install = (...ids: string[]) => {
    const specs = ids.map((id) => {
      const s = HOOKS.find((h) => h.id === id);
      if (s === undefined) throw new Error(`no catalog spec ${id}`);
      return s;
    });
    return installSpecs(specs);
  };
  const installSpecs = (specs: HookSpec[]) => {
    const st = installer.install(specs, [java]);
    const bad = st.filter((s) => s.state !== 'installed');
    if (bad.length > 0) throw new Error(`not installed: ${JSON.stringify(bad)}`);
    return st;
  };
  return { platform, java, identities, emitter, guard, netScope, services, origins, installer, events, stacksSent, install, installSpecs, wakeEmitted, pid, apiLevel, loadersBuilt };
}

export type Env = ReturnType<typeof makeEnv>;

// ---- Android objects, as the bridge hands them to hooks ------------------------------------

/** A java.util.List / Set / Collection wrapper over a JS array. */
export function jlist<T>(items: T[], cls = 'java.util.ArrayList'): any {
  return { $className: cls, size: () => items.length, get: (i: number) => items[i], toArray: () => [...items], isEmpty: () => items.length === 0 };
}

export interface IntentInit {
  action?: string;
  component?: [string, string];
  package?: string;
  data?: string;
  type?: string;
  flags?: number;
  categories?: string[];
  extras?: Record<string, unknown>;
  /** Extras still parcelled (an Intent that came from another process). */
  parcelled?: boolean;
}

/** An android.content.Intent as the bridge exposes it: methods, and the mExtras field. */
export function intent(init: IntentInit = {}): any {
  let keysRead = 0;
  const bundle =
    init.extras === undefined
      ? null
      : {
          $className: 'android.os.Bundle',
          mParcelledData: { value: init.parcelled === true ? { $className: 'android.os.Parcel' } : null },
          keySet: () => {
            keysRead++;
            return jlist(Object.keys(init.extras!), 'android.util.ArraySet');
          },
        };
  return {
    $className: 'android.content.Intent',
    getAction: () => init.action ?? null,
    getComponent: () => (init.component === undefined ? null : { $className: 'android.content.ComponentName', getPackageName: () => init.component![0], getClassName: () => init.component![1] }),
    getPackage: () => init.package ?? null,
    getDataString: () => init.data ?? null,
    getType: () => init.type ?? null,
    getFlags: () => init.flags ?? 0,
    getCategories: () => (init.categories === undefined ? null : jlist(init.categories, 'android.util.ArraySet')),
    hasExtra: (k: string) => init.extras !== undefined && k in init.extras,
    getStringArrayExtra: (k: string) => (init.extras?.[k] as string[] | undefined) ?? null,
    getIntArrayExtra: (k: string) => (init.extras?.[k] as number[] | undefined) ?? null,
    mExtras: { value: bundle },
    get keysRead() {
      return keysRead;
    },
  };
}

/** A ResolveInfo for an activity/receiver (activityInfo) or a service (serviceInfo). */
export function resolveInfo(pkg: string, kind: 'activity' | 'service' = 'activity'): any {
  const info = { $className: 'android.content.pm.ComponentInfo', packageName: { value: pkg }, name: { value: `${pkg}.X` } };
  return kind === 'activity'
    ? { $className: 'android.content.pm.ResolveInfo', activityInfo: { value: info }, serviceInfo: { value: null } }
    : { $className: 'android.content.pm.ResolveInfo', activityInfo: { value: null }, serviceInfo: { value: info } };
}
