// Runs a scenario inside the emulated device: the app's and SDKs' classes are synthesized from
// the scenario (one ClassSpec per class, in the app's dex), their method bodies are the scenario's
// actions, and every action is a real Java call through the emulated VM, so hooks fire with
// realistic stacks. The timeline is scheduled on the device clock.
import { createHash } from 'node:crypto';
import type { Components, ComponentDecl } from '../android/env.js';
import { newPool } from '../android/concurrent.js';
import { setResponse } from '../android/net.js';
import { locationText } from '../android/location.js';
import { mainLooper } from '../android/os.js';
import { postClick } from '../android/view.js';
import { JObject, JavaException } from '../java/heap.js';
import { cls, m, type Call, type ClassSpec, type JValue, type MethodSpec } from '../java/model.js';
import { overloadKey } from '../java/types.js';
import type { JavaThread } from '../java/threads.js';
import type { EmulatedProcess } from '../process.js';
import type { Scheduler } from '../clock.js';
import { parseCall, processName, splitFrame } from './load.js';
import type { Action, AppDeclaration, ComponentDeclaration, Entry, OtherAppDeclaration, Scenario } from './schema.js';

export type StartReasonName = 'launcher' | 'activity' | 'service' | 'receiver' | 'alarm' | 'job' | 'push';

export interface Delivery {
  package: string;
  kind: 'launcher' | 'activity' | 'service' | 'bind' | 'receiver';
  component: string;
  action: string | null;
  reason: StartReasonName;
  extras?: Record<string, string>;
}

export interface RuntimeHost {
  readonly scheduler: Scheduler;
  running(processName: string): EmulatedProcess | null;
  deliver(d: Delivery): void;
  ui(pkg: string, op: 'pause' | 'resume' | 'launch' | 'open', activity?: string): void;
  currentActivity(pkg: string): JObject | null;
  crashNative(p: EmulatedProcess, library: string, signal: string): void;
  kill(p: EmulatedProcess): void;
  grant(pkg: string, permission: string, granted: boolean): void;
  notice(text: string): void;
  endScenario(): void;
}

type Vars = Map<string, JValue>;

interface Scope {
  proc: EmulatedProcess;
  vars: Vars;
  self: JObject | null;
  where: string;
}

interface Body {
  actions: readonly Action[];
  vars: Vars;
  where: string;
}

const RUNNABLE = 'java.lang.Runnable';
const ON_CLICK = 'android.view.View$OnClickListener';
const CONNECTION = 'android.content.ServiceConnection';

/** Roles a synthesized class can play; each adds a supertype and methods. */
interface ClassPlan {
  name: string;
  superName: string;
  interfaces: Set<string>;
  methods: Map<string, MethodSpec>;
}

export class ScenarioRuntime {
  private readonly specs = new Map<string, Map<string, ClassSpec>>();
  /** Frame bodies waiting to be entered, per thread: the scenario's continuation into the next frame. */
  private readonly continuations = new WeakMap<JavaThread, { key: string; body: Body }[]>();
  private readonly pools = new WeakMap<EmulatedProcess, Map<string, JObject>>();
  private readonly singletons = new WeakMap<EmulatedProcess, Map<string, JObject>>();
  private readonly sdkOf: (className: string) => { obfuscated: boolean } | null;

  constructor(
    readonly scenario: Scenario,
    private readonly host: RuntimeHost,
  ) {
    const sdks = scenario.app.sdks ?? [];
    this.sdkOf = (name) => {
      let best: { obfuscated: boolean; len: number } | null = null;
      for (const sdk of sdks) {
        for (const p of sdk.packages) {
          if ((name === p || name.startsWith(`${p}.`)) && (best === null || p.length > best.len)) best = { obfuscated: sdk.obfuscated === true, len: p.length };
        }
      }
      return best;
    };
    for (const a of [scenario.app, ...(scenario.otherApps ?? [])]) this.specs.set(a.package, this.synthesize(a, a === scenario.app));
  }

  // ---- what the device needs per package ------------------------------------------------------

  specsFor(pkg: string): ReadonlyMap<string, ClassSpec> {
    return this.specs.get(pkg) ?? new Map();
  }

  libsFor(pkg: string, nativeLibraryDir: string): { name: string; path: string }[] {
    const a = this.declOf(pkg);
    if (a === undefined) return [];
    const sdkLibs = a === this.scenario.app ? (this.scenario.app.sdks ?? []).flatMap((s) => s.nativeLibs ?? []) : [];
    return [...new Set([...(a.nativeLibs ?? []), ...sdkLibs])].map((name) => ({ name, path: `${nativeLibraryDir}/${name}` }));
  }

  static components(a: AppDeclaration | OtherAppDeclaration): Components {
    const conv = (c: ComponentDeclaration): ComponentDecl => ({
      name: c.class,
      ...(c.process !== undefined ? { process: c.process } : {}),
      ...(c.exported !== undefined ? { exported: c.exported } : {}),
      ...(c.actions !== undefined ? { actions: c.actions } : {}),
    });
    const activities = [...(a.launcher ? [{ ...a.launcher, actions: ['android.intent.action.MAIN', ...(a.launcher.actions ?? [])], exported: true }] : []), ...(a.components?.activities ?? [])];
    return {
      activities: activities.map(conv),
      services: (a.components?.services ?? []).map(conv),
      receivers: (a.components?.receivers ?? []).map(conv),
      providers: [],
    };
  }

  private declOf(pkg: string): AppDeclaration | OtherAppDeclaration | undefined {
    return [this.scenario.app, ...(this.scenario.otherApps ?? [])].find((a) => a.package === pkg);
  }

  // ---- class synthesis --------------------------------------------------------------------------

  private synthesize(a: AppDeclaration | OtherAppDeclaration, traced: boolean): Map<string, ClassSpec> {
    const plans = new Map<string, ClassPlan>();
    const plan = (name: string, superName = 'java.lang.Object'): ClassPlan => {
      let p = plans.get(name);
      if (p === undefined) {
        p = { name, superName, interfaces: new Set(), methods: new Map() };
        p.methods.set('<init>()', m('public <init>()', (c, self) => c.callSpecial(self!, p!.superName, '<init>', [])));
        plans.set(name, p);
      } else if (superName !== 'java.lang.Object') {
        p.superName = superName;
      }
      return p;
    };
    const add = (p: ClassPlan, spec: MethodSpec) => {
      const key = overloadKey(spec.name, spec.params);
      if (!p.methods.has(key)) p.methods.set(key, spec);
    };
    const where = (path: string) => `${a.package}: ${path}`;

    // Components: callbacks call the framework's implementation first, then run their actions.
    const component = (comp: ComponentDeclaration, superName: string, path: string) => {
      const p = plan(comp.class, superName);
      if (superName === 'android.app.Activity') {
        p.methods.set('<init>()', m('public <init>()', (c, self) => c.callSpecial(self!, 'android.app.Activity', '<init>', [])));
        for (const [cb, params] of [['onCreate', ['android.os.Bundle']], ['onResume', []], ['onPause', []]] as const) {
          const body = comp[cb];
          if (body === undefined) continue;
          add(p, m(`protected void ${cb}(${params.join(', ')})`, (c, self, args) => {
            c.callSpecial(self!, 'android.app.Activity', cb, params, args);
            this.run(c, body, { proc: this.proc(c), vars: new Map(), self, where: where(`${path}.${cb}`) });
          }));
        }
      } else if (superName === 'android.app.Application') {
        const body = comp.onCreate;
        if (body !== undefined) {
          add(p, m('public void onCreate()', (c, self) => {
            c.callSpecial(self!, 'android.app.Application', 'onCreate', []);
            this.run(c, body, { proc: this.proc(c), vars: new Map(), self, where: where(`${path}.onCreate`) });
          }));
        }
      } else if (superName === 'android.app.Service') {
        const onCreate = comp.onCreate;
        if (onCreate !== undefined) {
          add(p, m('public void onCreate()', (c, self) => {
            c.callSpecial(self!, 'android.app.Service', 'onCreate', []);
            this.run(c, onCreate, { proc: this.proc(c), vars: new Map(), self, where: where(`${path}.onCreate`) });
          }));
        }
        const onStart = comp.onStartCommand;
        add(p, m('public int onStartCommand(android.content.Intent, int, int)', (c, self, [intent]) => {
          if (onStart !== undefined) this.run(c, onStart, { proc: this.proc(c), vars: new Map([['intent', intent ?? null]]), self, where: where(`${path}.onStartCommand`) });
          return 1; // START_STICKY: the system restarts the service after a kill
        }));
        const onBind = comp.onBind;
        add(p, m('public android.os.IBinder onBind(android.content.Intent)', (c, self, [intent]) => {
          if (onBind !== undefined) this.run(c, onBind, { proc: this.proc(c), vars: new Map([['intent', intent ?? null]]), self, where: where(`${path}.onBind`) });
          return null;
        }));
      } else if (superName === 'android.content.BroadcastReceiver') {
        const body = comp.onReceive ?? [];
        add(p, m('public void onReceive(android.content.Context, android.content.Intent)', (c, self, [ctx, intent]) => {
          this.run(c, body, { proc: this.proc(c), vars: new Map([['context', ctx ?? null], ['intent', intent ?? null]]), self, where: where(`${path}.onReceive`) });
        }));
      }
    };
    if (a.application !== undefined) component(a.application, 'android.app.Application', 'application');
    if (a.launcher !== undefined) component(a.launcher, 'android.app.Activity', 'launcher');
    for (const [i, c] of (a.components?.activities ?? []).entries()) component(c, 'android.app.Activity', `components.activities[${i}]`);
    for (const [i, c] of (a.components?.services ?? []).entries()) component(c, 'android.app.Service', `components.services[${i}]`);
    for (const [i, c] of (a.components?.receivers ?? []).entries()) component(c, 'android.content.BroadcastReceiver', `components.receivers[${i}]`);

    // Classes the actions mention: frames, tasks, listeners, connections, native methods, SDK APIs.
    const visit = (actions: readonly Action[]) => {
      for (const x of actions) {
        if ('in' in x) {
          for (const ref of typeof x.in === 'string' ? [x.in] : x.in) {
            const { className, method } = splitFrame(ref);
            add(plan(className), m(`public void ${method}()`, (c) => this.enterFrame(c, className, method)));
          }
          visit(x.do);
        } else if ('execute' in x || 'post' in x || 'thread' in x) {
          const p = plan(x.task);
          p.interfaces.add(RUNNABLE);
          add(p, m('public void run()', (c, self) => this.runObjectBody(c, self)));
          visit(x.do);
        } else if ('native' in x) {
          const { className, method } = splitFrame(x.native.method);
          add(plan(className), m(`public static native void ${method}()`, (c) => this.nativeSend(c, x.native)));
        } else if ('start' in x && x.start.connection !== undefined) {
          const p = plan(x.start.connection);
          p.interfaces.add(CONNECTION);
          add(p, m('public void onServiceConnected(android.content.ComponentName, android.os.IBinder)'));
          add(p, m('public void onServiceDisconnected(android.content.ComponentName)'));
        } else if ('call' in x) {
          const { className, method, params } = parseCall(x.call);
          if (!className.startsWith('android.') && !className.startsWith('java.') && !className.startsWith('javax.') && !className.startsWith('dalvik.')) {
            add(plan(className), m(`public static void ${method}(${params.join(', ')})`));
          }
        }
      }
    };
    const comps = [a.application, a.launcher, ...(a.components?.activities ?? []), ...(a.components?.services ?? []), ...(a.components?.receivers ?? [])];
    for (const comp of comps) {
      if (comp === undefined) continue;
      for (const cb of ['onCreate', 'onResume', 'onPause', 'onStartCommand', 'onBind', 'onReceive'] as const) visit(comp[cb] ?? []);
    }
    if (traced) {
      for (const e of this.scenario.timeline) {
        if (e.type === 'click') {
          const p = plan(e.listener);
          p.interfaces.add(ON_CLICK);
          add(p, m('public void onClick(android.view.View)', (c, self) => this.runObjectBody(c, self)));
          visit(e.do);
        } else if (e.type === 'run') {
          const p = plan(e.task);
          p.interfaces.add(RUNNABLE);
          add(p, m('public void run()', (c, self) => this.runObjectBody(c, self)));
          visit(e.do);
        }
      }
    }

    const out = new Map<string, ClassSpec>();
    for (const p of plans.values()) {
      const ifaces = [...p.interfaces];
      const header = `public class ${p.name} extends ${p.superName}${ifaces.length > 0 ? ` implements ${ifaces.join(', ')}` : ''}`;
      const sdk = this.sdkOf(p.name);
      const outer = p.name.slice(p.name.lastIndexOf('.') + 1).split('$')[0]!;
      out.set(p.name, cls(header, { origin: 'app', file: sdk?.obfuscated === true ? 'SourceFile' : `${outer}.java`, line: 20 + (hash(p.name) % 200) }, [...p.methods.values()]));
    }
    return out;
  }

  // ---- executing bodies ------------------------------------------------------------------------

  private proc(c: Call): EmulatedProcess {
    return c.env as unknown as EmulatedProcess;
  }

  /** Runs actions on the current thread. */
  run(c: Call, actions: readonly Action[], scope: Scope): void {
    for (const [i, a] of actions.entries()) this.action(c, a, { ...scope, where: `${scope.where}[${i}]` });
  }

  private runObjectBody(c: Call, self: JObject | null): void {
    const body = (self?.native as { body?: Body } | undefined)?.body;
    if (body === undefined) return;
    this.run(c, body.actions, { proc: this.proc(c), vars: new Map(body.vars), self, where: body.where });
  }

  private enterFrame(c: Call, className: string, method: string): void {
    const stack = this.continuations.get(c.thread);
    const top = stack?.[stack.length - 1];
    if (top === undefined || top.key !== `${className}.${method}`) return;
    stack!.pop();
    this.run(c, top.body.actions, { proc: this.proc(c), vars: top.body.vars, self: null, where: top.body.where });
  }

  private invokeFrames(c: Call, refs: readonly string[], body: Body): void {
    const [first, ...rest] = refs;
    const { className, method } = splitFrame(first!);
    const inner: Body = rest.length === 0 ? body : { actions: [{ in: rest as [string, ...string[]], do: body.actions as Action[] }], vars: body.vars, where: body.where };
    let stack = this.continuations.get(c.thread);
    if (stack === undefined) {
      stack = [];
      this.continuations.set(c.thread, stack);
    }
    const entry = { key: `${className}.${method}`, body: inner };
    stack.push(entry);
    try {
      c.call(this.instance(c, className), method);
    } finally {
      const i = stack.indexOf(entry);
      if (i >= 0) stack.splice(i, 1);
    }
  }

  /** The SDK object a frame runs on: one instance per class and process. */
  private instance(c: Call, className: string): JObject {
    const proc = this.proc(c);
    let map = this.singletons.get(proc);
    if (map === undefined) {
      map = new Map();
      this.singletons.set(proc, map);
    }
    let o = map.get(className);
    if (o === undefined) {
      o = this.appNew(c, className);
      map.set(className, o);
    }
    return o;
  }

  private value(c: Call, v: unknown, scope: Scope, type: string): JValue {
    if (typeof v === 'string' && v.startsWith('$')) {
      const name = v.slice(1);
      if (name === 'context') return this.appContext(c);
      if (name === 'activity') return this.host.currentActivity(scope.proc.app.package);
      if (name === 'this') return scope.self;
      return scope.vars.get(name) ?? null;
    }
    if (type === 'long' && typeof v === 'number') return BigInt(v);
    if (type === 'char' && typeof v === 'string') return v.charCodeAt(0);
    return v as JValue;
  }

  /** `new C()` for an app or SDK class, resolved through the app's class loader. */
  private appNew(c: Call, className: string): JObject {
    const loader = c.vm.app ?? c.env.createAppLoader();
    c.vm.app = loader;
    return c.vm.newObject(c.vm.loadClass(loader, className), [], []);
  }

  private appContext(c: Call): JObject {
    const app = c.env.singletons.get('app.application') as JObject | undefined;
    if (app === undefined) throw new Error('emulator: no Application yet in this process');
    return app;
  }

  private defaultReceiver(c: Call, className: string): JObject {
    const ctx = this.appContext(c);
    switch (className) {
      case 'android.content.Context':
      case 'android.content.ContextWrapper':
      case 'android.app.Application':
        return ctx;
      case 'android.content.pm.PackageManager':
      case 'android.app.ApplicationPackageManager':
        return c.call(ctx, 'getPackageManager') as JObject;
      case 'android.content.ContentResolver':
        return c.call(ctx, 'getContentResolver') as JObject;
      case 'android.telephony.TelephonyManager':
        return c.call(ctx, 'getSystemService', ['java.lang.String'], ['phone']) as JObject;
      default:
        return this.instance(c, className);
    }
  }

  private action(c: Call, a: Action, scope: Scope): void {
    if ('call' in a) {
      this.caught(c, a.uncaught, () => {
        const { className, method, params } = parseCall(a.call);
        const args = params.map((p, i) => this.value(c, a.args?.[i] ?? null, scope, p));
        const klass = c.vm.loadClass(c.vm.app ?? c.vm.boot, className);
        const mm = c.vm.method(klass, method, params);
        let r: JValue;
        if (mm.isStatic) r = c.callStatic(className, method, params, args);
        else {
          const recv = a.on !== undefined ? (this.value(c, a.on, scope, className) as JObject) : this.defaultReceiver(c, className);
          r = c.call(recv, method, params, args);
        }
        if (a.as !== undefined) scope.vars.set(a.as, r);
      }, () => {
        if (a.as !== undefined) scope.vars.set(a.as, null);
      });
    } else if ('read' in a) {
      const name = a.as ?? a.read;
      this.caught(c, a.uncaught, () => scope.vars.set(name, this.read(c, a.read, a.slot)), () => scope.vars.set(name, null));
    } else if ('in' in a) {
      this.invokeFrames(c, typeof a.in === 'string' ? [a.in] : a.in, { actions: a.do, vars: scope.vars, where: `${scope.where}.do` });
    } else if ('execute' in a) {
      const pool = this.pool(c, a.execute);
      c.call(pool, 'execute', [RUNNABLE], [this.task(c, a.task, a.do, scope)]);
    } else if ('post' in a) {
      const h = c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]);
      const task = this.task(c, a.task, a.do, scope);
      if (a.delayMs !== undefined && a.delayMs > 0) c.call(h, 'postDelayed', [RUNNABLE, 'long'], [task, BigInt(a.delayMs)]);
      else c.call(h, 'post', [RUNNABLE], [task]);
    } else if ('thread' in a) {
      const t = c.newObject('java.lang.Thread', [RUNNABLE, 'java.lang.String'], [this.task(c, a.task, a.do, scope), a.thread]);
      c.call(t, 'start');
    } else if ('http' in a) {
      this.caught(c, false, () => {
        const r = this.http(c, a.http, scope);
        if (a.as !== undefined) scope.vars.set(a.as, r);
      }, () => {
        if (a.as !== undefined) scope.vars.set(a.as, null);
      });
    } else if ('socket' in a) {
      this.caught(c, false, () => {
        const sock = c.newObject('java.net.Socket', ['java.lang.String', 'int'], [a.socket.host, a.socket.port]);
        const out = c.call(sock, 'getOutputStream') as JObject;
        const bytes = this.bytes(c, render(a.socket.payload, scope.vars, c));
        c.call(out, 'write', ['[B'], [bytes]);
        c.call(sock, 'close');
      }, () => undefined);
    } else if ('native' in a) {
      const { className, method } = splitFrame(a.native.method);
      this.nativePayloads.set(c.thread, render(a.native.payload, scope.vars, c));
      c.callStatic(className, method, []);
    } else if ('start' in a) {
      this.caught(c, false, () => this.start(c, a.start, scope), () => undefined);
    } else if ('exec' in a) {
      this.caught(c, false, () => {
        const rt = c.callStatic('java.lang.Runtime', 'getRuntime', []) as JObject;
        c.call(rt, 'exec', ['java.lang.String'], [[a.exec.path, ...(a.exec.argv ?? [])].join(' ')]);
      }, () => undefined);
    } else if ('throw' in a) {
      c.throwNew(a.throw, a.message ?? null);
    }
  }

  /** SDK code catches what the framework throws (a SecurityException from getImei...) unless told not to. */
  private caught(c: Call, uncaught: boolean | undefined, fn: () => void, onCaught: () => void): void {
    if (uncaught === true) {
      fn();
      return;
    }
    try {
      fn();
    } catch (e) {
      if (!(e instanceof JavaException)) throw e;
      onCaught();
    }
    void c;
  }

  private read(c: Call, what: (typeof import('./schema.js').READS)[number], slot: number | undefined): JValue {
    const ctx = this.appContext(c);
    const tm = () => c.call(ctx, 'getSystemService', ['java.lang.String'], ['phone']) as JObject;
    const cr = () => c.call(ctx, 'getContentResolver') as JObject;
    const pm = () => c.call(ctx, 'getPackageManager') as JObject;
    const sget = (table: string) => c.callStatic(`android.provider.Settings$${table}`, 'getString', ['android.content.ContentResolver', 'java.lang.String'], [cr(), 'android_id']);
    const withSlot = (name: string) => (slot === undefined ? c.call(tm(), name) : c.call(tm(), name, ['int'], [slot]));
    switch (what) {
      case 'android_id':
        return sget('Secure');
      case 'android_id_system':
        return sget('System');
      case 'imei':
        return withSlot(c.api >= 26 ? 'getImei' : 'getDeviceId');
      case 'device_id':
        return withSlot('getDeviceId');
      case 'meid':
        if (c.api < 26) return withSlot('getDeviceId');
        return withSlot('getMeid');
      case 'imsi':
        return c.call(tm(), 'getSubscriberId');
      case 'sim_serial':
        return c.call(tm(), 'getSimSerialNumber');
      case 'phone_number':
        return c.call(tm(), 'getLine1Number');
      case 'serial':
        // Build.SERIAL is a field read: invisible to method hooks, as on a phone.
        return c.api >= 26 ? c.callStatic('android.os.Build', 'getSerial', []) : c.getStatic('android.os.Build', 'SERIAL');
      case 'location': {
        const lm = c.call(ctx, 'getSystemService', ['java.lang.String'], ['location']) as JObject;
        return c.call(lm, 'getLastKnownLocation', ['java.lang.String'], ['network']);
      }
      case 'installed_packages':
        return c.call(pm(), 'getInstalledPackages', ['int'], [0]);
      case 'installed_applications':
        return c.call(pm(), 'getInstalledApplications', ['int'], [0]);
    }
  }

  private task(c: Call, className: string, actions: readonly Action[], scope: Scope): JObject {
    const t = this.appNew(c, className);
    t.native = { body: { actions, vars: new Map(scope.vars), where: `${scope.where}.do` } satisfies Body };
    return t;
  }

  private pool(c: Call, name: string): JObject {
    const proc = this.proc(c);
    let map = this.pools.get(proc);
    if (map === undefined) {
      map = new Map();
      this.pools.set(proc, map);
    }
    let p = map.get(name);
    if (p === undefined) {
      const decl = this.scenario.app.executors?.[name] ?? {};
      const pattern = decl.threadName;
      p = newPool(c, decl.threads ?? 1, pattern === undefined ? undefined : (n) => pattern.replace('%d', String(n)));
      map.set(name, p);
    }
    return p;
  }

  private bytes(c: Call, s: string): JObject {
    const b = new TextEncoder().encode(s);
    return c.vm.newArray('[B', Array.from(b, (x) => (x << 24) >> 24));
  }

  private http(c: Call, h: NonNullable<Extract<Action, { http: unknown }>['http']>, scope: Scope): JValue {
    const url = c.newObject('java.net.URL', ['java.lang.String'], [h.url]);
    const conn = c.call(url, 'openConnection') as JObject;
    const resp = h.response ?? { status: 200, body: '' };
    setResponse(conn, resp.status, new TextEncoder().encode(resp.body ?? ''));
    const method = h.method ?? (h.body !== undefined ? 'POST' : 'GET');
    c.call(conn, 'setRequestMethod', ['java.lang.String'], [method]);
    for (const [k, v] of Object.entries(h.headers ?? {})) c.call(conn, 'setRequestProperty', ['java.lang.String', 'java.lang.String'], [k, render(v, scope.vars, c)]);
    if (h.body !== undefined) {
      c.call(conn, 'setDoOutput', ['boolean'], [true]);
      const out = c.call(conn, 'getOutputStream') as JObject;
      c.call(out, 'write', ['[B'], [this.bytes(c, render(h.body, scope.vars, c))]);
    }
    return c.call(conn, 'getResponseCode');
  }

  private readonly nativePayloads = new WeakMap<JavaThread, string>();

  private nativeSend(c: Call, n: { lib: string; host: string; port: number }): void {
    const payload = this.nativePayloads.get(c.thread) ?? '';
    this.nativePayloads.delete(c.thread);
    const natives = c.env.natives;
    const ip = c.env.net.resolve(n.host);
    const fd = natives.connect(ip, n.port, n.lib, 'inet');
    natives.send(fd, new TextEncoder().encode(payload), n.lib, 'sendto');
    natives.close(fd, n.lib);
  }

  private start(c: Call, st: Extract<Action, { start: unknown }>['start'], scope: Scope): void {
    const intent = c.newObject('android.content.Intent');
    if (st.action !== undefined) c.call(intent, 'setAction', ['java.lang.String'], [st.action]);
    if (st.component !== undefined) c.call(intent, 'setClassName', ['java.lang.String', 'java.lang.String'], [st.package!, st.component]);
    else if (st.package !== undefined) c.call(intent, 'setPackage', ['java.lang.String'], [st.package]);
    for (const [k, v] of Object.entries(st.extras ?? {})) c.call(intent, 'putExtra', ['java.lang.String', 'java.lang.String'], [k, render(v, scope.vars, c)]);
    const ctx = this.appContext(c);
    switch (st.via) {
      case 'activity':
        c.call(intent, 'addFlags', ['int'], [0x10000000]); // FLAG_ACTIVITY_NEW_TASK: started from a non-Activity context
        c.call(ctx, 'startActivity', ['android.content.Intent'], [intent]);
        break;
      case 'service':
        c.call(ctx, 'startService', ['android.content.Intent'], [intent]);
        break;
      case 'foreground-service':
        c.call(ctx, c.api >= 26 ? 'startForegroundService' : 'startService', ['android.content.Intent'], [intent]);
        break;
      case 'bind':
        c.call(ctx, 'bindService', ['android.content.Intent', CONNECTION, 'int'], [intent, this.appNew(c, st.connection!), 1]);
        break;
      case 'broadcast':
        c.call(ctx, 'sendBroadcast', ['android.content.Intent'], [intent]);
        break;
    }
  }

  // ---- timeline ---------------------------------------------------------------------------------

  /** Virtual ms (relative to the launch) at which the scenario ends. */
  get durationMs(): number {
    const s = this.scenario;
    const endEntry = s.timeline.find((e) => e.type === 'end');
    if (endEntry !== undefined) return endEntry.at;
    if (s.durationMs !== undefined) return s.durationMs;
    return Math.max(0, ...s.timeline.map((e) => e.at)) + 5000;
  }

  /** Schedules every timeline entry relative to virtual time t0 (the launch). */
  schedule(t0: number): void {
    const entries = [...this.scenario.timeline.entries()].sort((x, y) => x[1].at - y[1].at || x[0] - y[0]);
    for (const [i, e] of entries) this.host.scheduler.scheduleAt(t0 + e.at, () => this.entry(e, `timeline[${i}]`));
  }

  private entry(e: Entry, where: string): void {
    const app = this.scenario.app;
    const main = () => this.host.running(app.package);
    switch (e.type) {
      case 'launch':
        this.host.ui(app.package, 'launch');
        return;
      case 'background':
        this.host.ui(app.package, 'pause');
        return;
      case 'foreground':
        this.host.ui(app.package, 'resume');
        return;
      case 'open':
        this.host.ui(app.package, 'open', e.activity);
        return;
      case 'grant':
        this.host.grant(app.package, e.permission, e.granted);
        return;
      case 'end':
        this.host.endScenario();
        return;
      case 'broadcast': {
        const pkg = e.package ?? app.package;
        const target = e.component ?? this.receiverFor(pkg, e.action);
        if (target === null) {
          this.host.notice(`${where}: no receiver of ${pkg} declares ${e.action}`);
          return;
        }
        this.host.deliver({ package: pkg, kind: 'receiver', component: target, action: e.action, reason: e.reason ?? 'receiver' });
        return;
      }
      case 'service':
        this.host.deliver({ package: e.package ?? app.package, kind: e.bind === true ? 'bind' : 'service', component: e.component, action: e.action ?? null, reason: e.reason ?? 'service' });
        return;
      case 'click': {
        const p = main();
        const activity = this.host.currentActivity(app.package);
        if (p === null || activity === null) {
          this.host.notice(`${where}: click at ${e.at} ms but ${app.package} shows no activity`);
          return;
        }
        p.post(p.mainThread, 0, () => {
          const c = p.vm.callFor(p.mainThread);
          const v = c.newObject(e.view.class ?? 'android.widget.Button', ['android.content.Context'], [activity]);
          if (e.view.text !== undefined) c.call(v, 'setText', ['java.lang.CharSequence'], [e.view.text]);
          if (e.view.description !== undefined) c.call(v, 'setContentDescription', ['java.lang.CharSequence'], [e.view.description]);
          if (e.view.id !== undefined) c.call(v, 'setId', ['int'], [e.view.id]);
          const listener = this.appNew(c, e.listener);
          listener.native = { body: { actions: e.do, vars: new Map(), where: `${app.package}: ${where}.do` } satisfies Body };
          c.call(v, 'setOnClickListener', [ON_CLICK], [listener]);
          postClick(c, v);
        });
        return;
      }
      case 'run': {
        const name = processName(app.package, e.process);
        const p = this.host.running(name);
        if (p === null) {
          this.host.notice(`${where}: process ${name} is not running at ${e.at} ms`);
          return;
        }
        const threadName = e.thread ?? 'main';
        p.post(p.mainThread, 0, () => {
          const c = p.vm.callFor(p.vm.current);
          const task = this.appNew(c, e.task);
          task.native = { body: { actions: e.do, vars: new Map(), where: `${app.package}: ${where}.do` } satisfies Body };
          if (threadName === 'main') {
            const h = c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]);
            c.call(h, 'post', [RUNNABLE], [task]);
          } else if (app.executors?.[threadName] !== undefined) {
            c.call(this.pool(c, threadName), 'execute', [RUNNABLE], [task]);
          } else {
            c.call(c.newObject('java.lang.Thread', [RUNNABLE, 'java.lang.String'], [task, threadName]), 'start');
          }
        });
        return;
      }
      case 'crash': {
        const name = processName(app.package, e.process);
        const p = this.host.running(name);
        if (p === null) {
          this.host.notice(`${where}: process ${name} is not running at ${e.at} ms`);
          return;
        }
        if (e.kind === 'native') {
          this.host.crashNative(p, e.library ?? 'libc.so', e.signal ?? 'SIGSEGV');
          return;
        }
        p.post(p.mainThread, 0, () => p.vm.callFor(p.mainThread).throwNew(e.exception ?? 'java.lang.RuntimeException', e.message ?? null));
        return;
      }
      case 'kill': {
        const p = this.host.running(processName(app.package, e.process));
        if (p !== null) this.host.kill(p);
        return;
      }
    }
  }

  private receiverFor(pkg: string, action: string): string | null {
    const a = this.declOf(pkg);
    const r = (a?.components?.receivers ?? []).find((x) => (x.actions ?? []).includes(action));
    return r?.class ?? null;
  }
}

function hash(s: string): number {
  return createHash('sha1').update(s).digest().readUInt32LE(0);
}

/** Renders {{$var}}, {{md5:$var}}, ... {{ts}} with the values the SDK code obtained. */
export function render(template: string, vars: Vars, c: Call): string {
  return template.replace(/\{\{\s*(?:(md5|sha1|sha256|base64|hex|urlencode):)?\s*(\$[\w]+|ts)\s*\}\}/g, (_m, fn: string | undefined, name: string) => {
    const raw = name === 'ts' ? String(Math.floor(c.env.now())) : textOf(vars.get(name.slice(1)) ?? null, c);
    switch (fn) {
      case 'md5':
      case 'sha1':
      case 'sha256':
        return createHash(fn).update(raw, 'utf8').digest('hex');
      case 'base64':
        return Buffer.from(raw, 'utf8').toString('base64');
      case 'hex':
        return Buffer.from(raw, 'utf8').toString('hex');
      case 'urlencode':
        return encodeURIComponent(raw);
      default:
        return raw;
    }
  });
}

/** Text of a value an SDK would serialise: strings as is, lists of package records as names. */
function textOf(v: JValue, c: Call): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v.native)) {
    return (v.native as JValue[])
      .map((x) => {
        if (!(x instanceof JObject)) return String(x);
        const f = x.cls.findField('packageName');
        return f === null ? '' : String(x.fields.get(f.uid) ?? '');
      })
      .join(',');
  }
  if (v.cls.name === 'android.location.Location') return locationText(v);
  return v.cls.name;
}

