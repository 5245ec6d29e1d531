// Runs a scenario inside the emulated device: the app's and SDKs' classes are synthesized from
// the scenario (one ClassSpec per class, in the app's dex), their method bodies are the scenario's
// actions, and every action is a real Java call through the emulated VM, so hooks fire with
// realistic stacks. The timeline is scheduled on the device clock.
import { createHash } from 'node:crypto';
import type { Components, ComponentDecl, ExtraValue } from '../android/env.js';
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
import { parseCall, parseNew, processName, splitFrame } from './load.js';
import { FOREGROUND_SERVICE_TYPES, type Action, type AppDeclaration, type ArgValue, type ComponentDeclaration, type Entry, type OtherAppDeclaration, type PrivacyDialogDeclaration, type Scenario } from './schema.js';
import { FRAMEWORK } from '../android/index.js';
import { ACTIVITY_THEMES } from '../android/pm.js';
import { systemProperty } from '../android/os.js';
import { apacheLegacyLibrary } from '../android/http.js';
import type { Location } from '../android/env.js';
import { libraryComponents, librarySpecs } from '../libraries/index.js';
import type { DexFile } from '../android/env.js';
import type { JLoader } from '../java/classes.js';
import { ACC } from '../java/types.js';
import { existsAt } from '../java/model.js';
import { looperOf } from '../android/os.js';

export type StartReasonName = 'launcher' | 'activity' | 'service' | 'receiver' | 'alarm' | 'job' | 'push';

export interface Delivery {
  package: string;
  /** 'job': a JobService bound by the job scheduler; 'provider': a process started for a provider call. */
  kind: 'launcher' | 'activity' | 'service' | 'bind' | 'receiver' | 'job' | 'provider';
  component: string;
  action: string | null;
  reason: StartReasonName | 'provider';
  extras?: Readonly<Record<string, ExtraValue>>;
  /** Frida's spawn (getLaunchIntentForPackage) rather than the user's tap, for launcher deliveries. */
  spawn?: boolean;
  jobId?: number;
  /** An incoming call into a provider of the package (kind 'provider'). */
  provider?: { authority: string; op: 'query' | 'call' | 'insert' | null; from: string; method: string | null };
  /** A sticky service restarted by the system: onStartCommand gets a null intent (START_STICKY). */
  restart?: 'sticky' | 'redeliver';
  /** The package whose startService/bindService this is (absent: the system, a PendingIntent or the timeline started it). */
  caller?: string;
}

/** A timeline `service` entry, resolved: who starts or binds which service (`from` null: the scenario does not say). */
export interface TimelineServiceStart {
  package: string;
  component: string;
  action: string | null;
  reason: StartReasonName;
  bind: boolean;
  /** "system" (a system_server component) or another installed package; null when the entry names none. */
  from: string | null;
  /** The entry's JSON path, for errors ("timeline[3]"). */
  where: string;
}

export interface RuntimeHost {
  readonly scheduler: Scheduler;
  running(processName: string): EmulatedProcess | null;
  deliver(d: Delivery): void;
  /** `from`: another app's code starts the activity (not the user): Android's background-activity rules apply to it. */
  ui(pkg: string, op: 'pause' | 'resume' | 'launch' | 'open', activity?: string, from?: string): void;
  currentActivity(pkg: string): JObject | null;
  crashNative(p: EmulatedProcess, library: string, signal: string): void;
  kill(p: EmulatedProcess): void;
  grant(pkg: string, permission: string, granted: boolean): void;
  /** A timeline broadcast: manifest receivers declaring the action and registered dynamic receivers. */
  broadcast(pkg: string, action: string, component: string | null, reason: StartReasonName, allowlistMs?: number): void;
  /** A timeline `service` entry: the system or another app starts (or binds) a service; the device applies the limits a phone would. */
  serviceEntry(s: TimelineServiceStart): void;
  /** Another app calls into one of the traced app's providers. */
  providerCall(from: string, authority: string, op: 'query' | 'call' | 'insert', method: string | null): void;
  /** The user copies text. */
  copy(text: string): void;
  /** A new location fix. */
  location(fix: Location): void;
  notice(text: string): void;
  endScenario(): void;
  /** The package's persistent data (survives its processes; `pm clear` empties it). */
  appData(pkg: string): Map<string, unknown>;
}

/** System services a scenario `call` reaches without "on": the manager class -> Context.getSystemService name. */
const SERVICES: Readonly<Record<string, string>> = {
  'android.telephony.TelephonyManager': 'phone',
  'android.telephony.SubscriptionManager': 'telephony_subscription_service',
  'android.net.wifi.WifiManager': 'wifi',
  'android.net.ConnectivityManager': 'connectivity',
  'android.location.LocationManager': 'location',
  'android.hardware.SensorManager': 'sensor',
  'android.hardware.camera2.CameraManager': 'camera',
  'android.accounts.AccountManager': 'account',
  'android.content.ClipboardManager': 'clipboard',
  'android.app.ActivityManager': 'activity',
  'android.app.AlarmManager': 'alarm',
  'android.app.job.JobScheduler': 'jobscheduler',
  'android.app.JobSchedulerImpl': 'jobscheduler',
  'android.app.usage.UsageStatsManager': 'usagestats',
  'android.bluetooth.BluetoothManager': 'bluetooth',
  'android.content.pm.LauncherApps': 'launcherapps',
  'android.view.inputmethod.InputMethodManager': 'input_method',
  'android.view.accessibility.AccessibilityManager': 'accessibility',
  'android.media.projection.MediaProjectionManager': 'media_projection',
  'android.app.admin.DevicePolicyManager': 'device_policy',
};

/** Framework and library specs by name, for the classes scenarios implement or extend. */
function specIndex(api: number, libs: ReadonlyMap<string, ClassSpec>): Map<string, ClassSpec> {
  const out = new Map<string, ClassSpec>();
  for (const c of FRAMEWORK) if (existsAt(c, api) || !out.has(c.name)) out.set(c.name, c);
  for (const [n, c] of libs) out.set(n, c);
  return out;
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
/** The app-data key of a remembered privacy decision (what the app keeps in its SharedPreferences). */
const PRIVACY_KEY = 'privacy.agreed';
/** View.GONE */
const GONE = 8;
const ON_CLICK = 'android.view.View$OnClickListener';
const CONNECTION = 'android.content.ServiceConnection';

/** android.app.Service start modes (Service.START_*). */
const START_MODES = { START_NOT_STICKY: 2, START_STICKY: 1, START_REDELIVER_INTENT: 3 } as const;

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
  private readonly continuations = new WeakMap<JavaThread, { key: string; body: Body; self: JObject | null }[]>();
  private readonly pools = new WeakMap<EmulatedProcess, Map<string, JObject>>();
  private readonly singletons = new WeakMap<EmulatedProcess, Map<string, JObject>>();
  private readonly sdkOf: (className: string) => { obfuscated: boolean } | null;

  constructor(
    readonly scenario: Scenario,
    private readonly host: RuntimeHost,
    /** The API level the device runs (the scenario's, or the override). */
    readonly api: number = scenario.device.apiLevel,
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
    // Plugin classes live only in their dex: out of the app's loader, into the plugin's.
    const plugins = scenario.app.plugins ?? [];
    if (plugins.length > 0) {
      const appSpecs = new Map(this.specs.get(scenario.app.package)!);
      const files = new Map<string, DexFile>();
      for (const pl of plugins) {
        const specs = librarySpecs(pl.libraries ?? []);
        for (const [name, spec] of [...appSpecs]) {
          if (pl.packages.some((p) => name === p || name.startsWith(`${p}.`))) {
            specs.set(name, spec);
            appSpecs.delete(name);
          }
        }
        files.set(pl.path, { specs, parent: pl.parent ?? 'app' });
      }
      this.specs.set(scenario.app.package, appSpecs);
      this.dexFiles.set(scenario.app.package, files);
    }
  }

  private readonly dexFiles = new Map<string, ReadonlyMap<string, DexFile>>();

  /** The plugin dex files an app's processes may load (scenario app.plugins), by path. */
  dexFilesFor(pkg: string): ReadonlyMap<string, DexFile> {
    return this.dexFiles.get(pkg) ?? new Map();
  }

  /** The plugin path whose packages hold `className`, or null. */
  private pluginOf(className: string): string | null {
    for (const pl of this.scenario.app.plugins ?? []) if (pl.packages.some((p) => className === p || className.startsWith(`${p}.`))) return pl.path;
    return null;
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
      ...(c.permission !== undefined ? { permission: c.permission } : {}),
      ...(c.authority !== undefined ? { authority: c.authority } : {}),
      ...(c.persistableMode === 'persistAcrossReboots' ? { persistable: true } : {}),
      ...(c.theme !== undefined ? { theme: ACTIVITY_THEMES[c.theme]!.id } : {}),
      ...(c.excludeFromRecents === true ? { excludeFromRecents: true } : {}),
      ...(c.taskAffinity !== undefined ? { taskAffinity: c.taskAffinity } : {}),
      ...(c.foregroundServiceType !== undefined ? { foregroundServiceType: c.foregroundServiceType.reduce((acc, t) => acc | FOREGROUND_SERVICE_TYPES[t]!, 0) } : {}),
    });
    const activities = [...(a.launcher ? [{ ...a.launcher, actions: ['android.intent.action.MAIN', ...(a.launcher.actions ?? [])], exported: true }] : []), ...(a.components?.activities ?? [])];
    const libs = 'libraries' in a ? (a.libraries ?? []) : [];
    return {
      activities: activities.map(conv),
      services: [...(a.components?.services ?? []).map(conv), ...libraryComponents(libs).services],
      receivers: (a.components?.receivers ?? []).map(conv),
      providers: (a.components?.providers ?? []).map(conv),
    };
  }

  private declOf(pkg: string): AppDeclaration | OtherAppDeclaration | undefined {
    return [this.scenario.app, ...(this.scenario.otherApps ?? [])].find((a) => a.package === pkg);
  }

  // ---- class synthesis --------------------------------------------------------------------------

  private synthesize(a: AppDeclaration | OtherAppDeclaration, traced: boolean): Map<string, ClassSpec> {
    // Libraries compiled into the app, and the legacy Apache client as a shared library on 9+.
    const libs = librarySpecs('libraries' in a ? (a.libraries ?? []) : []);
    const legacy = this.api >= 28 && ((a.usesLibraries ?? []).includes('org.apache.http.legacy') || (a.targetSdk ?? this.api) < 28);
    if (legacy) for (const c of apacheLegacyLibrary()) libs.set(c.name, c);
    const known = specIndex(this.api, libs);
    const plans = new Map<string, ClassPlan>();
    const plan = (name: string, superName = 'java.lang.Object'): ClassPlan => {
      let p = plans.get(name);
      if (p === undefined) {
        p = { name, superName, interfaces: new Set(), methods: new Map() };
        p.methods.set('<init>()', m('public <init>()', (c, self) => this.superInit(c, self!, p!.superName, known)));
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
    const scopeOf = (c: Call, self: JObject | null, vars: [string, JValue][], path: string): Scope => ({ proc: this.proc(c), vars: new Map(vars), self, where: where(path) });

    // SDK classes with callable methods (app.classes): declared first, so a call or frame naming
    // one of their methods finds the declared body rather than an empty stub.
    if ('classes' in a) {
      for (const [i, k] of (a.classes ?? []).entries()) {
        const p = plan(k.class, k.extends ?? 'java.lang.Object');
        for (const iface of k.implements ?? []) p.interfaces.add(iface);
        for (const [j, decl] of k.methods.entries()) {
          const path = `classes[${i}].methods[${j}]`;
          const probe = m(decl.decl);
          const ctor = probe.name === '<init>';
          const isStatic = (probe.flags & ACC.STATIC) !== 0;
          const spec = m(decl.decl, (c, self, args) => {
            if (ctor) this.superInit(c, self!, p.superName, known);
            const state = this.declaredVars(c, isStatic ? k.class : self!);
            const params: [string, JValue][] = args.map((v, n) => [`p${n}`, v ?? null]);
            const vars: Vars = new Map([...state, ...params]);
            this.run(c, decl.do, { proc: this.proc(c), vars, self: isStatic ? null : self, where: where(`${path}.do`) });
            // What the body kept (`as`) stays on the object (or the class), its arguments do not.
            for (const [name, v] of vars) if (!/^p\d+$/.test(name)) state.set(name, v);
            if (decl.returns === undefined || probe.ret === 'void') return undefined;
            return this.value(c, decl.returns, { proc: this.proc(c), vars, self: isStatic ? null : self, where: where(`${path}.returns`) }, probe.ret);
          });
          p.methods.set(overloadKey(spec.name, spec.params), spec);
        }
      }
    }

    // Components: callbacks call the framework's implementation first, then run their actions.
    const component = (comp: ComponentDeclaration, role: string, path: string) => {
      const superName = comp.superclass ?? role;
      const p = plan(comp.class, superName);
      if (role === 'android.app.Activity') {
        const dialog = traced && comp === a.launcher && 'privacyDialog' in a ? a.privacyDialog : undefined;
        for (const [cb, params] of [['onCreate', ['android.os.Bundle']], ['onResume', []], ['onPause', []]] as const) {
          const body = comp[cb];
          const withDialog = cb === 'onCreate' && dialog !== undefined;
          if (body === undefined && !withDialog) continue;
          add(p, m(`protected void ${cb}(${params.join(', ')})`, (c, self, args) => {
            c.callSpecial(self!, superName, cb, params, args);
            if (body !== undefined) this.run(c, body, scopeOf(c, self, [], `${path}.${cb}`));
            if (withDialog) this.showPrivacyDialog(c, self!, dialog!);
          }));
        }
        const onResult = comp.onActivityResult;
        if (onResult !== undefined) {
          add(p, m('protected void onActivityResult(int, int, android.content.Intent)', (c, self, args) => {
            c.callSpecial(self!, superName, 'onActivityResult', ['int', 'int', 'android.content.Intent'], args);
            const vars: [string, JValue][] = [['requestCode', args[0] ?? 0], ['resultCode', args[1] ?? 0], ['data', args[2] ?? null]];
            this.run(c, onResult, scopeOf(c, self, vars, `${path}.onActivityResult`));
          }));
        }
      } else if (role === 'android.app.Application') {
        const body = comp.onCreate;
        if (body !== undefined) {
          add(p, m('public void onCreate()', (c, self) => {
            c.callSpecial(self!, superName, 'onCreate', []);
            this.run(c, body, scopeOf(c, self, [], `${path}.onCreate`));
          }));
        }
      } else if (role === 'android.app.Service') {
        const onCreate = comp.onCreate;
        if (onCreate !== undefined) {
          add(p, m('public void onCreate()', (c, self) => {
            c.callSpecial(self!, superName, 'onCreate', []);
            this.run(c, onCreate, scopeOf(c, self, [], `${path}.onCreate`));
          }));
        }
        // A service with start actions runs them and returns what Service.onStartCommand returns
        // (START_STICKY); one without keeps the framework's method.
        // With a startMode the override returns it without calling super (the base method, which
        // the agent hooks, never runs).
        const onStart = comp.onStartCommand;
        const startMode = comp.startMode;
        if (onStart !== undefined || startMode !== undefined) {
          add(p, m('public int onStartCommand(android.content.Intent, int, int)', (c, self, args) => {
            if (onStart !== undefined) this.run(c, onStart, scopeOf(c, self, [['intent', args[0] ?? null]], `${path}.onStartCommand`));
            if (startMode !== undefined) return START_MODES[startMode];
            return c.callSpecial(self!, superName, 'onStartCommand', ['android.content.Intent', 'int', 'int'], args);
          }));
        }
        const jobService = superName === 'android.app.job.JobService' || libs.get(superName)?.superName === 'android.app.job.JobService';
        if (jobService) {
          const body = comp.onStartJob ?? [];
          add(p, m('public boolean onStartJob(android.app.job.JobParameters)', (c, self, [params]) => {
            this.run(c, body, scopeOf(c, self, [['params', params ?? null]], `${path}.onStartJob`));
            return false;
          }));
          add(p, m('public boolean onStopJob(android.app.job.JobParameters)', () => false));
        } else if (superName === 'android.app.Service' || comp.onBind !== undefined) {
          const onBind = comp.onBind;
          add(p, m('public android.os.IBinder onBind(android.content.Intent)', (c, self, [intent]) => {
            if (onBind !== undefined) this.run(c, onBind, scopeOf(c, self, [['intent', intent ?? null]], `${path}.onBind`));
            return null;
          }));
        }
      } else if (role === 'android.content.BroadcastReceiver') {
        const body = comp.onReceive ?? [];
        add(p, m('public void onReceive(android.content.Context, android.content.Intent)', (c, self, [ctx, intent]) => {
          this.run(c, body, scopeOf(c, self, [['context', ctx ?? null], ['intent', intent ?? null]], `${path}.onReceive`));
        }));
      } else if (role === 'android.content.ContentProvider') {
        const onCreate = comp.onCreate ?? [];
        add(p, m('public boolean onCreate()', (c, self) => {
          this.run(c, onCreate, scopeOf(c, self, [], `${path}.onCreate`));
          return true;
        }));
        const onQuery = comp.onQuery ?? [];
        add(p, m('public android.database.Cursor query(android.net.Uri, java.lang.String[], java.lang.String, java.lang.String[], java.lang.String)', (c, self, [uri]) => {
          this.run(c, onQuery, scopeOf(c, self, [['uri', uri ?? null]], `${path}.onQuery`));
          return null;
        }));
        const onCall = comp.onCall ?? [];
        add(p, m('public android.os.Bundle call(java.lang.String, java.lang.String, android.os.Bundle)', (c, self, [meth, arg]) => {
          this.run(c, onCall, scopeOf(c, self, [['method', meth ?? null], ['arg', arg ?? null]], `${path}.onCall`));
          return null;
        }));
        const onInsert = comp.onInsert ?? [];
        add(p, m('public android.net.Uri insert(android.net.Uri, android.content.ContentValues)', (c, self, [uri]) => {
          this.run(c, onInsert, scopeOf(c, self, [['uri', uri ?? null]], `${path}.onInsert`));
          return null;
        }));
        add(p, m('public java.lang.String getType(android.net.Uri)', () => null));
        add(p, m('public int update(android.net.Uri, android.content.ContentValues, java.lang.String, java.lang.String[])', () => 0));
        add(p, m('public int delete(android.net.Uri, java.lang.String, java.lang.String[])', () => 0));
      }
    };
    if (a.application !== undefined) component(a.application, 'android.app.Application', 'application');
    if (a.launcher !== undefined) component(a.launcher, 'android.app.Activity', 'launcher');
    for (const [i, c] of (a.components?.activities ?? []).entries()) component(c, 'android.app.Activity', `components.activities[${i}]`);
    for (const [i, c] of (a.components?.services ?? []).entries()) component(c, 'android.app.Service', `components.services[${i}]`);
    for (const [i, c] of (a.components?.receivers ?? []).entries()) component(c, 'android.content.BroadcastReceiver', `components.receivers[${i}]`);
    for (const [i, c] of (a.components?.providers ?? []).entries()) component(c, 'android.content.ContentProvider', `components.providers[${i}]`);

    // Objects SDK code builds: classes implementing a framework (or library) interface or extending
    // a class, with every abstract method implemented (callback bodies run actions).
    const implement = (name: string, of: string, methods: Readonly<Record<string, readonly Action[]>>) => {
      const base = known.get(of);
      const iface = base !== undefined && (base.flags & ACC.INTERFACE) !== 0;
      const p = plan(name, iface ? 'java.lang.Object' : of);
      if (iface) p.interfaces.add(of);
      for (const spec of this.abstractMethods(of, known)) {
        const body = methods[spec.name];
        const decl = `public ${spec.ret} ${spec.name}(${spec.params.join(', ')})`;
        add(p, m(decl, (c, self, args) => {
          if (body !== undefined) {
            const vars: [string, JValue][] = args.map((v, i) => [`p${i}`, v ?? null]);
            const st = (self?.native as { vars?: Vars; where?: string } | undefined) ?? {};
            this.run(c, body, { proc: this.proc(c), vars: new Map([...(st.vars ?? new Map()), ...vars]), self, where: `${st.where ?? where('object')}.${spec.name}` });
          }
          return undefined;
        }));
      }
      // Callbacks the base class declares with a default body may also be given.
      for (const [mname, body] of Object.entries(methods)) {
        const decl = base === undefined ? undefined : [...this.lineage(of, known)].flatMap((c) => c.methods).find((x) => x.name === mname && (x.flags & ACC.STATIC) === 0);
        if (decl === undefined) continue;
        add(p, m(`public ${decl.ret} ${decl.name}(${decl.params.join(', ')})`, (c, self, args) => {
          const vars: [string, JValue][] = args.map((v, i) => [`p${i}`, v ?? null]);
          const st = (self?.native as { vars?: Vars; where?: string } | undefined) ?? {};
          this.run(c, body, { proc: this.proc(c), vars: new Map([...(st.vars ?? new Map()), ...vars]), self, where: `${st.where ?? where('object')}.${mname}` });
          return undefined;
        }));
      }
    };
    const visitArg = (v: unknown) => {
      if (v === null || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (typeof o.object === 'string' || typeof o.class === 'string') {
        const name = (o.object ?? o.class) as string;
        const methods = (o.methods ?? {}) as Record<string, Action[]>;
        if (typeof o.of === 'string') implement(name, o.of, methods);
        else plan(name);
        for (const body of Object.values(methods)) visit(body);
      }
      for (const k of ['args', 'items', 'superArgs']) if (Array.isArray(o[k])) for (const x of o[k] as unknown[]) visitArg(x);
      if (o.on !== undefined) visitArg(o.on);
    };

    // Classes the actions mention: frames, tasks, listeners, connections, native methods, SDK APIs.
    const visit = (actions: readonly Action[]) => {
      for (const x of actions) {
        if ('in' in x) {
          for (const ref of typeof x.in === 'string' ? [x.in] : x.in) {
            const { className, method } = splitFrame(ref);
            add(plan(className), m(`public void ${method}()`, (c) => this.enterFrame(c, className, method)));
          }
          visit(x.do);
        } else if ('repeat' in x) {
          visit(x.do);
        } else if ('execute' in x || 'submit' in x || 'post' in x || 'thread' in x) {
          const p = plan(x.task);
          p.interfaces.add(RUNNABLE);
          add(p, m('public void run()', (c, self) => this.runObjectBody(c, self)));
          visit(x.do);
        } else if ('native' in x) {
          const { className, method } = splitFrame(x.native.method);
          add(plan(className), m(`public static native void ${method}()`, (c) => this.nativeSend(c, x.native)));
        } else if ('nativeRead' in x) {
          const { className, method } = splitFrame(x.nativeRead.method);
          add(plan(className), m(`public static native void ${method}()`, (c) => this.nativeRead(c, x.nativeRead)));
        } else if ('nativeWrite' in x) {
          const { className, method } = splitFrame(x.nativeWrite.method);
          const w = x.nativeWrite;
          add(plan(className), m(`public static native void ${method}()`, (c) => c.env.natives.appendFile(w.path, new TextEncoder().encode(w.line), w.times ?? 1, w.lib)));
        } else if ('start' in x && x.start.connection !== undefined) {
          const p = plan(x.start.connection);
          p.interfaces.add(CONNECTION);
          add(p, m('public void onServiceConnected(android.content.ComponentName, android.os.IBinder)'));
          add(p, m('public void onServiceDisconnected(android.content.ComponentName)'));
        } else if ('call' in x) {
          const { className, method, params } = parseCall(x.call);
          if (!known.has(className) && !/^(android|java|javax|dalvik)\./.test(className)) {
            add(plan(className), m(`public static void ${method}(${params.join(', ')})`));
          }
          for (const arg of x.args ?? []) visitArg(arg);
          if (x.on !== undefined) visitArg(x.on);
        } else if ('new' in x) {
          for (const arg of x.args ?? []) visitArg(arg);
        } else if ('if' in x) {
          visitArg(x.if);
          visit(x.then);
          visit(x.else ?? []);
        }
      }
    };
    if ('classes' in a) for (const k of a.classes ?? []) for (const x of k.methods) visit(x.do);
    const comps = [a.application, a.launcher, ...(a.components?.activities ?? []), ...(a.components?.services ?? []), ...(a.components?.receivers ?? []), ...(a.components?.providers ?? [])];
    for (const comp of comps) {
      if (comp === undefined) continue;
      for (const cb of ['onCreate', 'onResume', 'onPause', 'onStartCommand', 'onBind', 'onReceive', 'onStartJob', 'onQuery', 'onCall', 'onInsert', 'onActivityResult'] as const) visit(comp[cb] ?? []);
    }
    if (traced && 'privacyDialog' in a) {
      for (const b of a.privacyDialog?.buttons ?? []) {
        const p = plan(b.listener);
        p.interfaces.add(ON_CLICK);
        add(p, m('public void onClick(android.view.View)', (c, self) => this.dialogClick(c, self)));
        visit(b.do);
      }
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

    const out = new Map<string, ClassSpec>(libs);
    for (const p of plans.values()) {
      // A frame the scenario places in a library class (an SDK's own method calling on) joins the
      // library's class rather than replacing it (with the default constructor the frame needs,
      // when the library declares none).
      const lib = libs.get(p.name);
      if (lib !== undefined) {
        const have = new Set(lib.methods.map((x) => overloadKey(x.name, x.params)));
        const extra = [...p.methods.entries()].filter(([k]) => !have.has(k)).map(([, x]) => x);
        out.set(p.name, { ...lib, methods: [...lib.methods, ...extra] });
        continue;
      }
      const ifaces = [...p.interfaces];
      const header = `public class ${p.name} extends ${p.superName}${ifaces.length > 0 ? ` implements ${ifaces.join(', ')}` : ''}`;
      const sdk = this.sdkOf(p.name);
      const outer = p.name.slice(p.name.lastIndexOf('.') + 1).split('$')[0]!;
      out.set(p.name, cls(header, { origin: 'app', file: sdk?.obfuscated === true ? 'SourceFile' : `${outer}.java`, line: 20 + (hash(p.name) % 200) }, [...p.methods.values()]));
    }
    return out;
  }

  /** The class and its superclasses, as specs. */
  private *lineage(name: string, known: ReadonlyMap<string, ClassSpec>): Generator<ClassSpec> {
    for (let c = known.get(name); c !== undefined; c = c.superName === null ? undefined : known.get(c.superName)) yield c;
  }

  /** Abstract methods a concrete subclass/implementation of `of` must provide (interfaces included). */
  private abstractMethods(of: string, known: ReadonlyMap<string, ClassSpec>): { name: string; params: readonly string[]; ret: string }[] {
    const out = new Map<string, { name: string; params: readonly string[]; ret: string }>();
    const concrete = new Set<string>();
    const seen = new Set<string>();
    const walk = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const c = known.get(name);
      if (c === undefined) return;
      for (const mm of c.methods) {
        if (mm.name === '<init>' || (mm.flags & ACC.STATIC) !== 0) continue;
        const key = overloadKey(mm.name, mm.params);
        if ((mm.flags & ACC.ABSTRACT) !== 0) {
          if (!concrete.has(key) && !out.has(key)) out.set(key, { name: mm.name, params: mm.params, ret: mm.ret });
        } else concrete.add(key);
      }
      if (c.superName !== null) walk(c.superName);
      for (const i of c.interfaces) walk(i);
    };
    walk(of);
    for (const k of concrete) out.delete(k);
    return [...out.values()];
  }

  /** The synthesized class's constructor: its framework superclass's no-argument one, or the first with given args. */
  private superInit(c: Call, self: JObject, superName: string, known: ReadonlyMap<string, ClassSpec>): void {
    const spec = known.get(superName);
    const ctors = (spec?.methods ?? []).filter((x) => x.name === '<init>' && existsAt(x, c.api));
    if (spec === undefined || ctors.length === 0 || ctors.some((x) => x.params.length === 0)) {
      c.callSpecial(self, superName, '<init>', []);
      return;
    }
    const given = ((self.native as { superArgs?: JValue[] } | undefined)?.superArgs ?? null) as JValue[] | null;
    const ctor = (given !== null ? ctors.find((x) => x.params.length === given.length) : undefined) ?? ctors[0]!;
    c.callSpecial(self, superName, '<init>', ctor.params, given ?? ctor.params.map((t) => zeroArg(t)));
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

  /**
   * The launcher's privacy dialog, unless the app's data says the user already agreed: a panel of
   * TextViews and Buttons added to the activity's window, each button's listener an app class.
   */
  private showPrivacyDialog(c: Call, activity: JObject, d: PrivacyDialogDeclaration): void {
    const pkg = this.proc(c).app.package;
    if (this.host.appData(pkg).get(PRIVACY_KEY) === true) return;
    const CTX = 'android.content.Context';
    const V = 'android.view.View';
    const panel = c.newObject('android.widget.LinearLayout', [CTX], [activity]);
    const window = d.window === 'dialog' ? c.newObject('android.app.Dialog', [CTX], [activity]) : null;
    for (const t of [d.title, d.message]) {
      if (t === undefined || t === '') continue;
      const tv = c.newObject('android.widget.TextView', [CTX], [activity]);
      c.call(tv, 'setText', ['java.lang.CharSequence'], [t]);
      c.call(panel, 'addView', [V], [tv]);
    }
    for (const [i, b] of d.buttons.entries()) {
      const v = c.newObject(b.class ?? 'android.widget.Button', [CTX], [activity]);
      c.call(v, 'setText', ['java.lang.CharSequence'], [b.text]);
      if (b.id !== undefined) c.call(v, 'setId', ['int'], [b.id]);
      const listener = this.appNew(c, b.listener);
      const body: Body = { actions: b.do, vars: new Map(), where: `${pkg}: app.privacyDialog.buttons[${i}].do` };
      listener.native = { body, dialog: { panel, window, remember: b.remember === true } };
      c.call(v, 'setOnClickListener', [ON_CLICK], [listener]);
      c.call(panel, 'addView', [V], [v]);
    }
    if (window === null) {
      c.call(c.call(c.call(activity, 'getWindow') as JObject, 'getDecorView') as JObject, 'addView', [V], [panel]);
    } else {
      c.call(window, 'setContentView', [V], [panel]);
      c.call(window, 'show');
    }
  }

  /** A privacy-dialog button: its actions, then the app stores the decision and hides the dialog. */
  private dialogClick(c: Call, self: JObject | null): void {
    this.runObjectBody(c, self);
    const st = (self?.native as { dialog?: { panel: JObject; window: JObject | null; remember: boolean } } | undefined)?.dialog;
    if (st === undefined) return;
    if (st.remember) this.host.appData(this.proc(c).app.package).set(PRIVACY_KEY, true);
    if (st.window !== null) c.call(st.window, 'dismiss');
    else c.call(st.panel, 'setVisibility', ['int'], [GONE]);
  }

  private enterFrame(c: Call, className: string, method: string): void {
    const stack = this.continuations.get(c.thread);
    const top = stack?.[stack.length - 1];
    if (top === undefined || top.key !== `${className}.${method}`) return;
    stack!.pop();
    // `$this` stays the component (or callback object) whose code entered the frame.
    this.run(c, top.body.actions, { proc: this.proc(c), vars: top.body.vars, self: top.self, where: top.body.where });
  }

  private invokeFrames(c: Call, refs: readonly string[], body: Body, self: JObject | null = null): void {
    const [first, ...rest] = refs;
    const { className, method } = splitFrame(first!);
    const inner: Body = rest.length === 0 ? body : { actions: [{ in: rest as [string, ...string[]], do: body.actions as Action[] }], vars: body.vars, where: body.where };
    let stack = this.continuations.get(c.thread);
    if (stack === undefined) {
      stack = [];
      this.continuations.set(c.thread, stack);
    }
    const entry = { key: `${className}.${method}`, body: inner, self };
    stack.push(entry);
    try {
      c.call(this.instance(c, className), method);
    } finally {
      const i = stack.indexOf(entry);
      if (i >= 0) stack.splice(i, 1);
    }
  }

  private readonly objectVars = new WeakMap<JObject, Vars>();
  private readonly staticVars = new WeakMap<EmulatedProcess, Map<string, Vars>>();

  /** The variables a declared SDK class keeps: per object, or per class and process for static methods. */
  private declaredVars(c: Call, owner: JObject | string): Vars {
    if (typeof owner !== 'string') {
      let v = this.objectVars.get(owner);
      if (v === undefined) this.objectVars.set(owner, (v = new Map()));
      return v;
    }
    const proc = this.proc(c);
    let byClass = this.staticVars.get(proc);
    if (byClass === undefined) this.staticVars.set(proc, (byClass = new Map()));
    let v = byClass.get(owner);
    if (v === undefined) byClass.set(owner, (v = new Map()));
    return v;
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

  /** A scenario argument as a Java value of `type`. */
  private value(c: Call, v: unknown, scope: Scope, type: string): JValue {
    if (typeof v === 'string' && v.startsWith('$')) {
      const name = v.slice(1);
      if (name === 'context') return this.appContext(c);
      if (name === 'activity') return this.host.currentActivity(scope.proc.app.package);
      if (name === 'this') return scope.self;
      if (name === 'looper') return looperOf(c, c.env.mainThread);
      if (name === 'base') return c.call(this.appContext(c), 'getBaseContext');
      return scope.vars.get(name) ?? null;
    }
    if (v !== null && typeof v === 'object') return this.built(c, v as Exclude<ArgValue, string | number | boolean | null>, scope);
    if (type === 'long' && typeof v === 'number') return BigInt(v);
    if ((type === 'char' || type === 'java.lang.Character') && typeof v === 'string') return v.charCodeAt(0);
    return v as JValue;
  }

  /** A built argument: new object, call result, static field, array, SDK object or class. */
  private built(c: Call, v: Exclude<ArgValue, string | number | boolean | null>, scope: Scope): JValue {
    if ('new' in v) {
      const { className, params } = parseNew(v.new);
      const args = params.map((p, i) => this.value(c, v.args?.[i] ?? null, scope, p));
      const k = c.vm.loadClass(this.codeLoader(c), className);
      return c.vm.newObject(k, params, args);
    }
    if ('call' in v) return this.invokeCall(c, v.call, v.on, v.args ?? [], scope);
    if ('after' in v) {
      // The SDK reads the clock (a real call) and adds its delay.
      const base = v.clock === 'wall' ? c.callStatic('java.lang.System', 'currentTimeMillis', []) : c.callStatic('android.os.SystemClock', 'elapsedRealtime', []);
      return BigInt(base as bigint) + BigInt(v.after);
    }
    if ('static' in v) {
      const dot = v.static.lastIndexOf('.');
      // Through the app's loader: library classes (androidx.work's enums, ...) live in its dex.
      const k = c.vm.loadClass(this.codeLoader(c), v.static.slice(0, dot));
      const ff = c.vm.staticField(k, v.static.slice(dot + 1));
      return ff.cls.staticValues.get(ff.uid) ?? null;
    }
    if ('array' in v) {
      const elem = normalizeElem(v.array);
      const items = v.items.map((x) => this.value(c, x, scope, elem));
      return c.vm.newArray(arrayType(elem), items, this.codeLoader(c));
    }
    if ('object' in v) {
      const k = c.vm.loadClass(c.vm.app ?? c.env.createAppLoader(), v.object);
      const o = c.vm.alloc(k);
      const superArgs = v.superArgs === undefined ? undefined : v.superArgs.map((x) => this.value(c, x, scope, 'java.lang.Object'));
      o.native = { vars: new Map(scope.vars), where: `${scope.where}.object`, ...(superArgs === undefined ? {} : { superArgs }) };
      const saved = o.native;
      c.vm.invoke(c.vm.method(k, '<init>', []), o, [], 'special');
      // A framework superclass's constructor may keep its own state in `native`: keep the callback scope beside it.
      if (o.native !== saved && (o.native === undefined || o.native === null)) o.native = saved;
      return o;
    }
    const k = c.vm.loadClass(c.vm.app ?? c.env.createAppLoader(), v.class);
    return c.vm.classObject(k);
  }

  /** A framework, library or SDK method call, as the `call` action and call arguments make it. */
  private invokeCall(c: Call, ref: string, on: ArgValue | undefined, argv: readonly ArgValue[], scope: Scope): JValue {
    const { className, method, params } = parseCall(ref);
    const args = params.map((p, i) => this.value(c, argv[i] ?? null, scope, p));
    const klass = c.vm.loadClass(this.codeLoader(c), className);
    const mm = c.vm.method(klass, method, params);
    if (mm.isStatic) return c.vm.invoke(mm, null, args, 'special');
    const recv = on !== undefined ? (this.value(c, on, scope, className) as JObject) : this.defaultReceiver(c, className);
    if (recv === null) c.throwNew('java.lang.NullPointerException', `Attempt to invoke virtual method '${mm.pretty()}' on a null object reference`);
    return c.call(recv, method, params, args);
  }

  /** `new C()` for an app or SDK class, resolved through the app's class loader. */
  /**
   * The loader a class name in running code resolves through: the defining loader of the method
   * that runs (a plugin's code sees its own classes, and its own copy of a library), else the app's.
   */
  private codeLoader(c: Call): JLoader {
    const top = c.thread.top()?.method.cls.loader;
    if (top !== undefined && top.kind !== 'boot') return top;
    return c.vm.app ?? c.vm.boot;
  }

  private appNew(c: Call, className: string): JObject {
    const app = c.vm.app ?? c.env.createAppLoader();
    c.vm.app = app;
    // A plugin's class is reached through its own loader once the app created it; before that the
    // app's loader answers ClassNotFoundException, as on a phone.
    const plugin = this.pluginOf(className);
    const loader = plugin === null ? app : (c.env.dexLoaders.get(plugin) ?? app);
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
      case 'android.app.ContextImpl':
        return c.call(ctx, 'getBaseContext') as JObject;
      case 'android.app.Activity': {
        const act = this.host.currentActivity(this.proc(c).app.package);
        if (act === null) c.throwNew('java.lang.NullPointerException', 'no activity is showing');
        return act!;
      }
      default: {
        const service = SERVICES[className];
        if (service !== undefined) return c.call(ctx, 'getSystemService', ['java.lang.String'], [service]) as JObject;
        return this.instance(c, className);
      }
    }
  }

  private action(c: Call, a: Action, scope: Scope): void {
    if ('call' in a) {
      this.caught(c, a.uncaught, () => {
        const r = this.invokeCall(c, a.call, a.on, a.args ?? [], scope);
        if (a.as !== undefined) scope.vars.set(a.as, r);
      }, () => {
        if (a.as !== undefined) scope.vars.set(a.as, null);
      });
    } else if ('new' in a) {
      this.caught(c, a.uncaught, () => scope.vars.set(a.as, this.built(c, { new: a.new, args: a.args ?? [] }, scope)), () => scope.vars.set(a.as, null));
    } else if ('read' in a) {
      const name = a.as ?? a.read;
      this.caught(c, a.uncaught, () => scope.vars.set(name, this.read(c, a.read, a.slot)), () => scope.vars.set(name, null));
    } else if ('in' in a) {
      this.invokeFrames(c, typeof a.in === 'string' ? [a.in] : a.in, { actions: a.do, vars: scope.vars, where: `${scope.where}.do` }, scope.self);
    } else if ('repeat' in a) {
      // Each pass starts again at the loop's first call site: the frame's line (its dex pc) is
      // reset, so a call in the body has one pc however often it runs, as on ART.
      const top = c.thread.top();
      const pc = top?.line;
      for (let i = 0; i < a.repeat; i++) {
        if (top !== undefined && pc !== undefined) top.line = pc;
        for (const x of a.do) this.action(c, x, scope);
      }
    } else if ('execute' in a) {
      const pool = this.pool(c, a.execute);
      c.call(pool, 'execute', [RUNNABLE], [this.task(c, a.task, a.do, scope)]);
    } else if ('submit' in a) {
      c.call(this.pool(c, a.submit), 'submit', [RUNNABLE], [this.task(c, a.task, a.do, scope)]);
    } else if ('post' in a) {
      const h = c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]);
      const task = this.task(c, a.task, a.do, scope);
      if (a.delayMs !== undefined && a.delayMs > 0) c.call(h, 'postDelayed', [RUNNABLE, 'long'], [task, BigInt(a.delayMs)]);
      else c.call(h, 'post', [RUNNABLE], [task]);
    } else if ('thread' in a) {
      const t = c.newObject('java.lang.Thread', [RUNNABLE, 'java.lang.String'], [this.task(c, a.task, a.do, scope), a.thread]);
      c.call(t, 'start');
    } else if ('format' in a) {
      // Building a string runs no hooked API: StringBuilder / JSONObject work inside the SDK.
      scope.vars.set(a.as, render(a.format, scope.vars, c));
    } else if ('http' in a) {
      this.caught(c, false, () => {
        const r = this.http(c, a.http, scope);
        if (a.as !== undefined) scope.vars.set(a.as, r);
      }, () => {
        if (a.as !== undefined) scope.vars.set(a.as, null);
      });
    } else if ('loadDex' in a) {
      const appLoader = c.call(this.appContext(c), 'getClassLoader') as JObject;
      if (a.via === 'PathClassLoader') c.newObject('dalvik.system.PathClassLoader', ['java.lang.String', 'java.lang.ClassLoader'], [a.loadDex, appLoader]);
      else c.newObject('dalvik.system.DexClassLoader', ['java.lang.String', 'java.lang.String', 'java.lang.String', 'java.lang.ClassLoader'], [a.loadDex, null, null, appLoader]);
    } else if ('socket' in a) {
      this.caught(c, false, () => {
        const sock = c.newObject('java.net.Socket', ['java.lang.String', 'int'], [a.socket.host, a.socket.port]);
        const out = c.call(sock, 'getOutputStream') as JObject;
        const bytes = this.bytes(c, render(a.socket.payload, scope.vars, c));
        c.call(out, 'write', ['[B'], [bytes]);
        c.call(sock, 'close');
      }, () => undefined);
    } else if ('nativeRead' in a) {
      const { className, method } = splitFrame(a.nativeRead.method);
      c.callStatic(className, method, []);
    } else if ('nativeWrite' in a) {
      const { className, method } = splitFrame(a.nativeWrite.method);
      c.callStatic(className, method, []);
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
    } else if ('if' in a) {
      const got: { v: JValue } = { v: null };
      this.caught(c, false, () => {
        got.v = this.value(c, a.if, scope, 'java.lang.Object');
      }, () => {
        got.v = null;
      });
      const v = got.v;
      const yes = v === true || (typeof v === 'number' && v !== 0) || (typeof v === 'bigint' && v !== 0n) || typeof v === 'string' || v instanceof JObject;
      const branch = yes ? a.then : (a.else ?? []);
      this.run(c, branch, { ...scope, where: `${scope.where}.${yes ? 'then' : 'else'}` });
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
      if (process.env.EMU_DEBUG) console.error('caught', String((e as any).message ?? e), (e as any).throwable?.cls?.name);
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
      case 'wifi_bssid':
      case 'wifi_ssid': {
        const info = c.call(c.call(ctx, 'getSystemService', ['java.lang.String'], ['wifi']) as JObject, 'getConnectionInfo') as JObject;
        return c.call(info, what === 'wifi_bssid' ? 'getBSSID' : 'getSSID');
      }
      case 'mac_address': {
        const info = c.call(c.call(ctx, 'getSystemService', ['java.lang.String'], ['wifi']) as JObject, 'getConnectionInfo') as JObject;
        return c.call(info, 'getMacAddress');
      }
      case 'running_apps':
        return c.call(c.call(ctx, 'getSystemService', ['java.lang.String'], ['activity']) as JObject, 'getRunningAppProcesses');
      case 'clipboard': {
        const clip = c.call(c.call(ctx, 'getSystemService', ['java.lang.String'], ['clipboard']) as JObject, 'getPrimaryClip') as JObject | null;
        return clip === null ? null : c.call(c.call(clip, 'getItemAt', ['int'], [0]) as JObject, 'getText');
      }
      case 'accounts':
        return c.call(c.callStatic('android.accounts.AccountManager', 'get', ['android.content.Context'], [ctx]) as JObject, 'getAccounts');
      case 'cell_location':
        return c.call(tm(), 'getCellLocation');
      case 'advertising_id': {
        const info = c.callStatic('com.google.android.gms.ads.identifier.AdvertisingIdClient', 'getAdvertisingIdInfo', ['android.content.Context'], [ctx]) as JObject;
        return c.call(info, 'getId');
      }
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
    const code = c.call(conn, 'getResponseCode');
    if (h.disconnect === true) c.call(conn, 'disconnect');
    return code;
  }

  private readonly nativePayloads = new WeakMap<JavaThread, string>();

  private nativeSend(c: Call, n: { lib: string; host: string; port: number; via?: 'sendto' | 'write' | 'writev' | 'sendmmsg' | 'sendmsg'; tls?: boolean; udp?: boolean; staticTls?: boolean }): void {
    const payload = this.nativePayloads.get(c.thread) ?? '';
    this.nativePayloads.delete(c.thread);
    const natives = c.env.natives;
    if (n.staticTls === true) {
      // First use loads the library (module observers see it), then its own BoringSSL sends.
      const lib = natives.map(n.lib, `${c.env.app.nativeLibraryDir}/${n.lib}`, true);
      const ip = /^[\d.]+$/.test(n.host) ? n.host : natives.getaddrinfo(n.host, [c.env.net.resolve(n.host)], lib.name)[0]!;
      const fd = natives.connect(ip, n.port, lib.name, 'inet');
      // dart:io (ledger android.dartio.sslWriteOffIsolate): the isolate hands the plaintext to the
      // IO service, whose native port runs on a VM thread-pool thread ("DartWorker"); SSL_write runs
      // there. The encrypted bytes come back to the isolate, whose thread writes them to the socket
      // (Socket_WriteList) and later closes it. So the record is written on another thread than
      // SSL_write, and is not linked to it.
      const isolate = c.thread;
      const env = c.env;
      const worker = (env.singletons.get('dart.worker') as JavaThread | undefined) ?? env.newThread('DartWorker', []);
      env.singletons.set('dart.worker', worker);
      const plain = new TextEncoder().encode(payload);
      env.post(worker, 0, () => {
        const rec = natives.staticSslEncrypt(lib.name, plain);
        env.post(isolate, 0, () => {
          natives.send(fd, rec, lib.name, 'write');
          natives.close(fd, lib.name);
        });
      });
      return;
    }
    // Native code resolves the name itself, through libc's getaddrinfo, then connects to the answer.
    const ip = /^[\d.]+$/.test(n.host) ? n.host : natives.getaddrinfo(n.host, [c.env.net.resolve(n.host)], n.lib)[0]!;
    const fd = natives.connect(ip, n.port, n.lib, 'inet', n.udp === true ? 'udp' : 'tcp');
    if (n.tls === true) {
      const ssl = natives.sslNew(fd, n.host, n.lib);
      natives.sslWrite(ssl, new TextEncoder().encode(payload), n.lib);
      natives.sslFree(ssl, n.lib);
    } else {
      natives.send(fd, new TextEncoder().encode(payload), n.lib, n.via ?? 'sendto');
    }
    natives.close(fd, n.lib);
  }

  /** A native library's read around the framework: the file, property or interface is the device's fact. */
  private nativeRead(c: Call, n: Extract<Action, { nativeRead: unknown }>['nativeRead']): void {
    const natives = c.env.natives;
    const arg = n.arg ?? '';
    switch (n.call) {
      case 'open':
      case 'openat':
      case 'fopen': {
        const f = c.env.file(arg);
        natives.openFile(arg, n.lib, n.call, f === undefined ? 'ENOENT' : typeof f === 'string' ? null : f.errno);
        return;
      }
      case '__system_property_get':
        natives.propertyGet(arg, systemProperty(c, arg) ?? '', n.lib);
        return;
      case 'getifaddrs':
        natives.getifaddrs(n.lib);
        return;
      case 'ioctl':
        natives.ioctlHwaddr(arg, n.lib);
        return;
    }
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
        this.host.ui(app.package, 'open', e.activity, e.from);
        return;
      case 'grant':
        this.host.grant(app.package, e.permission, e.granted);
        return;
      case 'end':
        this.host.endScenario();
        return;
      case 'broadcast':
        this.host.broadcast(e.package ?? app.package, e.action, e.component ?? null, e.reason ?? 'receiver', e.allowlistMs);
        return;
      case 'provider':
        this.host.providerCall(e.from, e.authority, e.op, e.method ?? null);
        return;
      case 'copy':
        this.host.copy(e.text);
        return;
      case 'location':
        this.host.location({ latitude: e.latitude, longitude: e.longitude, accuracy: e.accuracy ?? 20, provider: 'fused' });
        return;
      case 'service':
        this.host.serviceEntry({ package: e.package ?? app.package, component: e.component, action: e.action ?? null, reason: e.reason ?? 'service', bind: e.bind === true, from: e.from ?? null, where });
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


}

/** The zero value of a parameter type (what a constructor gets when a scenario gives no arguments). */
function zeroArg(t: string): JValue {
  switch (t) {
    case 'boolean':
      return false;
    case 'long':
      return 0n;
    case 'byte':
    case 'char':
    case 'short':
    case 'int':
    case 'float':
    case 'double':
      return 0;
    default:
      return null;
  }
}

function normalizeElem(t: string): string {
  return t.replace(/\s+/g, '');
}

/** The array class name for an element type: 'int' -> '[I', 'java.lang.String' -> '[Ljava.lang.String;'. */
function arrayType(elem: string): string {
  const prim: Record<string, string> = { boolean: 'Z', byte: 'B', char: 'C', short: 'S', int: 'I', long: 'J', float: 'F', double: 'D' };
  if (prim[elem] !== undefined) return `[${prim[elem]}`;
  if (elem.startsWith('[')) return `[${elem}`;
  return `[L${elem};`;
}

function hash(s: string): number {
  return createHash('sha1').update(s).digest().readUInt32LE(0);
}

/** Renders {{$var}}, {{md5:$var}}, ... {{ts}} with the values the SDK code obtained. */
export function render(template: string, vars: Vars, c: Call): string {
  return template.replace(/\{\{\s*((?:(?:md5|sha1|sha256|base64|hex|urlencode|lat|lng|fixed[2-7])\s*:\s*)*)(\$[\w]+|ts)\s*\}\}/g, (_m, chain: string, name: string) => {
    let v = name === 'ts' ? String(Math.floor(c.env.now())) : textOf(vars.get(name.slice(1)) ?? null, c);
    // Functions apply right to left: {{fixed2:lat:$loc}} is fixed2(lat($loc)).
    for (const fn of chain.split(':').map((x) => x.trim()).filter((x) => x !== '').reverse()) v = applyFn(fn, v);
    return v;
  });
}

function applyFn(fn: string, raw: string): string {
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
    case 'lat':
    case 'lng': {
      // A location's text is "lat,lng" (locationText).
      const parts = raw.split(',');
      return (fn === 'lat' ? parts[0] : parts[1]) ?? '';
    }
    default: {
      const digits = /^fixed([2-7])$/.exec(fn);
      if (digits === null) return raw;
      const n = Number(raw);
      return Number.isFinite(n) ? n.toFixed(Number(digits[1])) : raw;
    }
  }
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

