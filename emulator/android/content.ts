// android.content: contexts (ContextWrapper -> ContextImpl, as every Activity, Service and
// Application delegates), intents, component names, receivers, the content resolver.
import { JArray, JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { ExtraValue, LaunchRequest } from './env.js';
import type { ArtVm } from '../java/vm.js';
import { singleton } from './support.js';
import { getSharedPreferences } from './prefs.js';
import { registeredAt, systemServiceEntry, type SystemServiceEntry } from './services.js';

export interface IntentState {
  action: string | null;
  component: { package: string; class: string } | null;
  package: string | null;
  data: string | null;
  flags: number;
  categories: string[];
  extras: Map<string, JValue>;
}

/** An Intent's state, read from its fields (mAction, mComponent, ... as in AOSP Intent.java). */
export function intentState(o: JObject, vm: ArtVm): IntentState {
  const f = (n: string) => o.fields.get(vm.fieldOf(o, n).uid) ?? null;
  const cmp = f('mComponent') as JObject | null;
  const cf = (n: string) => (cmp === null ? null : (cmp.fields.get(vm.fieldOf(cmp, n).uid) as string));
  const data = f('mData') as JObject | null;
  const cats = f('mCategories') as JObject | null;
  const extras = f('mExtras') as JObject | null;
  return {
    action: f('mAction') as string | null,
    component: cmp === null ? null : { package: cf('mPackage')!, class: cf('mClass')! },
    package: f('mPackage') as string | null,
    data: data === null ? null : (data.native as string),
    flags: f('mFlags') as number,
    categories: cats === null ? [] : [...(cats.native as JValue[])].map(String),
    extras: extras === null ? new Map() : new Map(extras.native as Map<string, JValue>),
  };
}

/** A new Intent built through its public API (so hooks on Intent see the same calls an app makes). */
export function newIntent(c: Call, init: { action?: string | null; component?: { package: string; class: string } | null; package?: string | null; extras?: Record<string, string> }): JObject {
  const i = c.newObject('android.content.Intent');
  if (init.action !== undefined && init.action !== null) c.call(i, 'setAction', ['java.lang.String'], [init.action]);
  if (init.component !== undefined && init.component !== null) c.call(i, 'setClassName', ['java.lang.String', 'java.lang.String'], [init.component.package, init.component.class]);
  if (init.package !== undefined && init.package !== null) c.call(i, 'setPackage', ['java.lang.String'], [init.package]);
  for (const [k, v] of Object.entries(init.extras ?? {})) c.call(i, 'putExtra', ['java.lang.String', 'java.lang.String'], [k, v]);
  return i;
}

function wrapperBase(c: Call, self: JObject | null): JObject {
  const base = c.get(self!, 'mBase') as JObject | null;
  if (base === null) c.throwNew('java.lang.NullPointerException', "Attempt to invoke virtual method on a null object reference (base context not attached)");
  return base!;
}

/** ContextWrapper methods: each forwards to mBase, as AOSP's ContextWrapper does. */
function delegate(decl: string, name: string, params: string[] = []): ReturnType<typeof m> {
  return m(decl, (c, self, args) => c.call(wrapperBase(c, self), name, params, args));
}

const CONTEXT_SERVICES = new Map<string, (c: Call) => JObject>();

/**
 * Registered system services whose absence has a reason beyond "not modelled yet", by
 * getSystemService name: asking for one stops the run with that reason (services.ts lists every
 * name a phone registers; any registered name the emulator does not model stops the run, these
 * say more), and scenario validation refuses calls on the manager class (load.ts).
 */
export const UNMODELLED_SERVICES: Readonly<Record<string, string>> = {
  notification:
    "posting notifications is not modelled, nor what SystemUI does with them: it sends a notification's PendingIntents with a temporary allowlist (NotificationManagerService sets the allowlist token, PendingIntentRecord.sendInner applies it), which would let the app start services from the background",
};

/**
 * Why a registered service the emulator does not model stops the run, for getSystemService and
 * for scenario validation alike: what a phone returns, and how to add it.
 */
export function unmodelledServiceReason(e: SystemServiceEntry, api: number): string {
  const special = UNMODELLED_SERVICES[e.name];
  if (special !== undefined) return special;
  return `SystemServiceRegistry registers "${e.name}" at API ${api} but the emulator does not model it (a null here would be a guess an SDK could react to by skipping what it does on a phone); model ${e.manager} in an area module of emulator/android/ and registerSystemService('${e.name}', ...) (emulator/README.md, "Adding a class"; source: emulator/android/services.ts SOURCES.${e.source})`;
}

/** Lets an area module add a Context.getSystemService(name) manager; the name must be one a phone registers (services.ts). */
export function registerSystemService(name: string, make: (c: Call) => JObject): void {
  if (systemServiceEntry(name) === undefined) throw new Error(`emulator: registerSystemService("${name}"): no such name in emulator/android/services.ts SYSTEM_SERVICES; add its line (manager, API levels, source) first`);
  CONTEXT_SERVICES.set(name, make);
}

/** Is a manager modelled for this getSystemService name? */
export function isModelledService(name: string): boolean {
  return CONTEXT_SERVICES.has(name);
}

function launch(c: Call, via: LaunchRequest['via'], intent: JObject | null): string[] {
  if (intent === null) c.throwNew('java.lang.NullPointerException');
  const st = intentState(intent!, c.vm);
  return c.env.system.launch({
    via,
    callerPackage: c.env.app.package,
    callerPid: c.env.pid,
    component: st.component,
    package: st.package,
    action: st.action,
    data: st.data,
    intent,
  });
}

function putExtra(c: Call, self: JObject, put: string, type: string, k: JValue, v: JValue): JObject {
  let b = c.get(self, 'mExtras') as JObject | null;
  if (b === null) {
    b = c.newObject('android.os.Bundle');
    c.set(self, 'mExtras', b);
  }
  c.call(b, put, ['java.lang.String', type], [k, v]);
  return self;
}

function startServiceImpl(c: Call, i: JValue, foreground: boolean): JValue {
  const reached = launch(c, foreground ? 'foreground-service' : 'service', i as JObject);
  const st = intentState(i as JObject, c.vm);
  return reached.length > 0 && st.component !== null ? c.newObject('android.content.ComponentName', ['java.lang.String', 'java.lang.String'], [st.component.package, st.component.class]) : null;
}

function file(c: Call, path: string): JObject {
  return c.newObject('java.io.File', ['java.lang.String'], [path]);
}

export function contextImplOf(c: Call): JObject {
  return singleton(c, 'context.app', () => c.newObject('android.app.ContextImpl'));
}


// ---- broadcasts, receivers and permission checks -----------------------------------------------
// Context's public methods are declared once here: abstract (or defaulted) in Context, forwarded
// by ContextWrapper, implemented by ContextImpl. ContextImpl's hidden overloads follow; those whose
// history across releases is not pinned down are exposed only on API 36 (AOSP 16 declares them).

const I = 'android.content.Intent';
const UH = 'android.os.UserHandle';
const BR = 'android.content.BroadcastReceiver';
const H = 'android.os.Handler';
const BU = 'android.os.Bundle';
const S = 'java.lang.String';
const SA = '[Ljava.lang.String;';
const IFL = 'android.content.IntentFilter';
const PERFORM_RECEIVE = [I, 'int', S, BU, 'boolean', 'boolean', 'int'];

export const PERMISSION_GRANTED = 0;
export const PERMISSION_DENIED = -1;

interface BroadcastOpts {
  permissions?: readonly string[];
  ordered?: boolean;
  sticky?: boolean;
  resultReceiver?: JObject | null;
  handler?: JObject | null;
  user?: JObject | null;
}

/** Sends a broadcast the way every send*Broadcast* overload ends up asking the activity manager. */
function sendBroadcastImpl(c: Call, self: JObject | null, intent: JValue, o: BroadcastOpts = {}): void {
  if (intent === null || intent === undefined) c.throwNew('java.lang.NullPointerException', "Attempt to invoke virtual method 'android.content.Intent.prepareToLeaveProcess()' on a null object reference");
  if (o.sticky === true && !c.env.permissionGranted('android.permission.BROADCAST_STICKY')) {
    c.throwNew('java.lang.SecurityException', `Permission Denial: broadcastIntent() requesting a sticky broadcast from pid=${c.env.pid}, uid=${c.env.uid} requires android.permission.BROADCAST_STICKY`);
  }
  launch(c, o.ordered === true ? 'ordered-broadcast' : o.sticky === true ? 'sticky-broadcast' : 'broadcast', intent as JObject);
  const rr = o.resultReceiver ?? null;
  if (rr !== null) {
    // The final receiver of an ordered broadcast runs last, through its own ReceiverDispatcher.
    const d = c.newObject('android.app.LoadedApk$ReceiverDispatcher');
    d.native = { receiver: rr, context: self, handler: o.handler ?? null, permission: null } satisfies DispatcherState;
    const vm = c.vm;
    const env = c.env;
    const st = intentState(intent as JObject, vm);
    env.post(env.mainThread, 0, () => {
      const cc = vm.callFor(vm.current);
      const copy = newIntent(cc, { action: st.action, component: st.component, package: st.package });
      putExtras(cc, copy, extrasOf(st));
      cc.call(d, 'performReceive', PERFORM_RECEIVE, [copy, -1, null, null, true, false, 0]);
    });
  }
}

/** A registered receiver's dispatcher (LoadedApk$ReceiverDispatcher), host-side. */
export interface DispatcherState {
  receiver: JValue;
  context: JObject | null;
  handler: JValue;
  permission: JValue;
}

/** RECEIVER_EXPORTED / RECEIVER_NOT_EXPORTED (Context, API 33). */
const RECEIVER_EXPORTED = 0x2;
const RECEIVER_NOT_EXPORTED = 0x4;

function registerReceiverImpl(c: Call, self: JObject | null, receiver: JValue, filter: JValue, permission: JValue, handler: JValue, flags: number): JValue {
  if (filter === null || filter === undefined) c.throwNew('java.lang.NullPointerException', 'filter');
  const actions = ((filter as JObject).native as { actions: string[] }).actions;
  if (receiver === null || receiver === undefined) return null; // a sticky read: nothing is registered
  const nonSystem = actions.some((a) => !a.startsWith('android.'));
  if (c.api >= 34 && c.env.app.targetSdk >= 34 && nonSystem && (flags & (RECEIVER_EXPORTED | RECEIVER_NOT_EXPORTED)) === 0) {
    c.throwNew(
      'java.lang.SecurityException',
      `${c.env.app.package}: One of RECEIVER_EXPORTED or RECEIVER_NOT_EXPORTED should be specified when a receiver isn't being registered exclusively for system broadcasts`,
    );
  }
  const dispatcher = c.newObject('android.app.LoadedApk$ReceiverDispatcher');
  dispatcher.native = { receiver, context: self, handler: handler ?? null, permission: permission ?? null } satisfies DispatcherState;
  const vm = c.vm;
  const env = c.env;
  c.env.system.registerReceiver({
    pid: c.env.pid,
    package: c.env.app.package,
    actions: [...actions],
    exported: c.api < 33 ? true : (flags & RECEIVER_NOT_EXPORTED) === 0,
    token: receiver,
    deliver: (b) => {
      // The system's binder call lands here; the dispatcher posts the Args to the receiver's handler.
      env.post(env.mainThread, 0, () => {
        const cc = vm.callFor(vm.current);
        const intent = newIntent(cc, { action: b.action });
        putExtras(cc, intent, b.extras);
        cc.call(dispatcher, 'performReceive', PERFORM_RECEIVE, [intent, 0, null, null, false, false, 0]);
      });
    },
  });
  return null;
}

/** ContextImpl's checkPermission: the process's own grants (other pids: the app's uid sees nothing of theirs). */
function checkPermissionImpl(c: Call, permission: JValue, pid: JValue, uid: JValue): number {
  if (permission === null) c.throwNew('java.lang.IllegalArgumentException', 'permission is null');
  if (pid === c.env.pid || uid === c.env.uid) return c.env.permissionGranted(permission as string) ? PERMISSION_GRANTED : PERMISSION_DENIED;
  const other = [...c.env.packages.values()].find((p) => p.uid === uid);
  return other !== undefined && other.permissions[permission as string] === true ? PERMISSION_GRANTED : PERMISSION_DENIED;
}

type CtxImpl = (c: Call, self: JObject | null, args: readonly JValue[]) => JValue | void;

/** [declaration, options, ContextImpl body, Context default (null: abstract)] */
type CtxMethod = [string, { since?: number; until?: number }, CtxImpl, CtxImpl | null];

const notImplemented: CtxImpl = (c) => c.throwNew('java.lang.RuntimeException', 'Not implemented. Must override in a subclass.');

export const CONTEXT_METHODS: readonly CtxMethod[] = [
  ['public android.content.SharedPreferences getSharedPreferences(java.lang.String, int)', {}, (c, _s, [name, mode]) => getSharedPreferences(c, name ?? null, mode ?? 0), null],
  ['public int checkPermission(java.lang.String, int, int)', {}, (c, _s, [p, pid, uid]) => checkPermissionImpl(c, p ?? null, pid ?? null, uid ?? null), null],
  ['public int checkSelfPermission(java.lang.String)', { since: 23 }, (c, self, [p]) => c.call(self!, 'checkPermission', [S, 'int', 'int'], [p, c.env.pid, c.env.uid]), null],
  ['public void sendBroadcast(android.content.Intent)', {}, (c, self, [i]) => sendBroadcastImpl(c, self, i ?? null), null],
  ['public void sendBroadcast(android.content.Intent, java.lang.String)', {}, (c, self, [i, p]) => sendBroadcastImpl(c, self, i ?? null, { permissions: p === null ? [] : [p as string] }), null],
  ['public void sendBroadcast(android.content.Intent, java.lang.String, android.os.Bundle)', { since: 34 }, (c, self, [i, p]) => sendBroadcastImpl(c, self, i ?? null, { permissions: p === null ? [] : [p as string] }), notImplemented],
  ['public void sendBroadcastWithMultiplePermissions(android.content.Intent, java.lang.String[])', { since: 30 }, (c, self, [i, ps]) => c.call(self!, 'sendBroadcastMultiplePermissions', [I, SA], [i, ps]), notImplemented],
  ['public void sendBroadcastAsUser(android.content.Intent, android.os.UserHandle)', {}, (c, self, [i, u]) => sendBroadcastImpl(c, self, i ?? null, { user: (u ?? null) as JObject | null }), null],
  ['public void sendBroadcastAsUser(android.content.Intent, android.os.UserHandle, java.lang.String)', {}, (c, self, [i, u, p]) => sendBroadcastImpl(c, self, i ?? null, { user: (u ?? null) as JObject | null, permissions: p === null ? [] : [p as string] }), null],
  ['public void sendOrderedBroadcast(android.content.Intent, java.lang.String)', {}, (c, self, [i, p]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: p === null ? [] : [p as string] }), null],
  [
    'public void sendOrderedBroadcast(android.content.Intent, java.lang.String, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    {},
    (c, self, [i, p, r, h]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: p === null ? [] : [p as string], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
    null,
  ],
  ['public void sendOrderedBroadcast(android.content.Intent, java.lang.String, android.os.Bundle)', { since: 34 }, (c, self, [i, p]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: p === null ? [] : [p as string] }), notImplemented],
  [
    'public void sendOrderedBroadcast(android.content.Intent, java.lang.String, android.os.Bundle, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    { since: 34 },
    (c, self, [i, p, , r, h]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: p === null ? [] : [p as string], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
    notImplemented,
  ],
  [
    'public void sendOrderedBroadcast(android.content.Intent, java.lang.String, java.lang.String, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    { since: 30 },
    (c, self, [i, p, , r, h]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: p === null ? [] : [p as string], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
    notImplemented,
  ],
  [
    'public void sendOrderedBroadcastAsUser(android.content.Intent, android.os.UserHandle, java.lang.String, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    {},
    (c, self, [i, u, p, r, h]) =>
      sendBroadcastImpl(c, self, i ?? null, { ordered: true, user: (u ?? null) as JObject | null, permissions: p === null ? [] : [p as string], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
    null,
  ],
  ['public void sendStickyBroadcast(android.content.Intent)', {}, (c, self, [i]) => sendBroadcastImpl(c, self, i ?? null, { sticky: true }), null],
  ['public void sendStickyBroadcast(android.content.Intent, android.os.Bundle)', { since: 31 }, (c, self, [i]) => sendBroadcastImpl(c, self, i ?? null, { sticky: true }), notImplemented],
  ['public void sendStickyBroadcastAsUser(android.content.Intent, android.os.UserHandle)', {}, (c, self, [i, u]) => sendBroadcastImpl(c, self, i ?? null, { sticky: true, user: (u ?? null) as JObject | null }), null],
  [
    'public void sendStickyOrderedBroadcast(android.content.Intent, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    {},
    (c, self, [i, r, h]) => sendBroadcastImpl(c, self, i ?? null, { sticky: true, ordered: true, resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
    null,
  ],
  [
    'public void sendStickyOrderedBroadcastAsUser(android.content.Intent, android.os.UserHandle, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    {},
    (c, self, [i, u, r, h]) => sendBroadcastImpl(c, self, i ?? null, { sticky: true, ordered: true, user: (u ?? null) as JObject | null, resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
    null,
  ],
  ['public android.content.Intent registerReceiver(android.content.BroadcastReceiver, android.content.IntentFilter)', {}, (c, self, [r, f]) => c.call(self!, 'registerReceiver', [BR, IFL, S, H], [r, f, null, null]), null],
  ['public android.content.Intent registerReceiver(android.content.BroadcastReceiver, android.content.IntentFilter, int)', { since: 26 }, (c, self, [r, f, fl]) => c.call(self!, 'registerReceiver', [BR, IFL, S, H, 'int'], [r, f, null, null, fl]), null],
  ['public android.content.Intent registerReceiver(android.content.BroadcastReceiver, android.content.IntentFilter, java.lang.String, android.os.Handler)', {}, (c, self, [r, f, p, h]) => internalRegister(c, self, r, f, p, h, 0), null],
  ['public android.content.Intent registerReceiver(android.content.BroadcastReceiver, android.content.IntentFilter, java.lang.String, android.os.Handler, int)', { since: 26 }, (c, self, [r, f, p, h, fl]) => internalRegister(c, self, r, f, p, h, fl as number), null],
  ['public void unregisterReceiver(android.content.BroadcastReceiver)', {}, (c, _s, [r]) => {
    if (!c.env.system.unregisterReceiver(c.env.pid, r)) c.throwNew('java.lang.IllegalArgumentException', `Receiver not registered: ${r === null ? 'null' : String(c.call(r as JObject, 'toString'))}`);
  }, null],
  ['public void startActivities(android.content.Intent[])', {}, (c, self, [is]) => c.call(self!, 'startActivities', ['[Landroid.content.Intent;', BU], [is, null]), null],
  ['public void startActivities(android.content.Intent[], android.os.Bundle)', {}, (c, self, [is, opts]) => {
    const at = c.callStatic('android.app.ActivityThread', 'currentActivityThread') as JObject;
    c.call(c.call(at, 'getInstrumentation') as JObject, 'execStartActivities', EXEC_START_ALL, [self, null, null, null, is, opts]);
  }, null],
];

/** registerReceiverInternal, with the parameter list of this release. */
function internalRegister(c: Call, self: JObject | null, r: JValue, f: JValue, p: JValue, h: JValue, flags: number): JValue {
  const base = [BR, 'int', IFL, S, H, 'android.content.Context'];
  return c.api >= 26
    ? c.callSpecial(self!, 'android.app.ContextImpl', 'registerReceiverInternal', [...base, 'int'], [r, 0, f, p, h, self, flags])
    : c.callSpecial(self!, 'android.app.ContextImpl', 'registerReceiverInternal', base, [r, 0, f, p, h, self]);
}

const API36 = { since: 36 };

/** ContextImpl-only (hidden) overloads and funnels. */
const CONTEXT_IMPL_HIDDEN: readonly [string, { since?: number; until?: number }, CtxImpl][] = [
  ['public int checkPermission(java.lang.String, int, int, android.os.IBinder)', {}, (c, _s, [p, pid, uid]) => checkPermissionImpl(c, p ?? null, pid ?? null, uid ?? null)],
  ['public void sendBroadcast(android.content.Intent, java.lang.String, int)', {}, (c, self, [i, p]) => sendBroadcastImpl(c, self, i ?? null, { permissions: p === null ? [] : [p as string] })],
  ['public void sendBroadcastMultiplePermissions(android.content.Intent, java.lang.String[])', {}, (c, self, [i, ps]) => sendBroadcastImpl(c, self, i ?? null, { permissions: (ps as JArray | null)?.elems.map(String) ?? [] })],
  ['public void sendBroadcastMultiplePermissions(android.content.Intent, java.lang.String[], android.os.Bundle)', API36, (c, self, [i, ps]) => sendBroadcastImpl(c, self, i ?? null, { permissions: (ps as JArray | null)?.elems.map(String) ?? [] })],
  ['public void sendBroadcastMultiplePermissions(android.content.Intent, java.lang.String[], java.lang.String[], java.lang.String[], android.app.BroadcastOptions)', API36, (c, self, [i, ps]) => sendBroadcastImpl(c, self, i ?? null, { permissions: (ps as JArray | null)?.elems.map(String) ?? [] })],
  ['public void sendBroadcastAsUser(android.content.Intent, android.os.UserHandle, java.lang.String, android.os.Bundle)', API36, (c, self, [i, u, p]) => sendBroadcastImpl(c, self, i ?? null, { user: (u ?? null) as JObject | null, permissions: p === null ? [] : [p as string] })],
  ['public void sendBroadcastAsUser(android.content.Intent, android.os.UserHandle, java.lang.String, int)', {}, (c, self, [i, u, p]) => sendBroadcastImpl(c, self, i ?? null, { user: (u ?? null) as JObject | null, permissions: p === null ? [] : [p as string] })],
  ['public void sendBroadcastAsUserMultiplePermissions(android.content.Intent, android.os.UserHandle, java.lang.String[])', API36, (c, self, [i, u, ps]) => sendBroadcastImpl(c, self, i ?? null, { user: (u ?? null) as JObject | null, permissions: (ps as JArray | null)?.elems.map(String) ?? [] })],
  ['public void sendBroadcastAsUserMultiplePermissions(android.content.Intent, android.os.UserHandle, java.lang.String[], android.app.BroadcastOptions)', API36, (c, self, [i, u, ps]) => sendBroadcastImpl(c, self, i ?? null, { user: (u ?? null) as JObject | null, permissions: (ps as JArray | null)?.elems.map(String) ?? [] })],
  [
    'public void sendOrderedBroadcast(android.content.Intent, java.lang.String, int, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    {},
    (c, self, [i, p, , r, h]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: p === null ? [] : [p as string], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
  ],
  [
    'public void sendOrderedBroadcast(android.content.Intent, int, java.lang.String, java.lang.String, android.content.BroadcastReceiver, android.os.Handler, java.lang.String, android.os.Bundle, android.os.Bundle)',
    API36,
    (c, self, [i, , p, , r, h]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: p === null ? [] : [p as string], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
  ],
  [
    'public void sendOrderedBroadcastMultiplePermissions(android.content.Intent, java.lang.String[], java.lang.String, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle, android.os.Bundle)',
    API36,
    (c, self, [i, ps, , r, h]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: (ps as JArray | null)?.elems.map(String) ?? [], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
  ],
  [
    'public void sendOrderedBroadcastMultiplePermissions(android.content.Intent, java.lang.String[], java.lang.String[], java.lang.String, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle, android.os.Bundle)',
    API36,
    (c, self, [i, ps, , , r, h]) => sendBroadcastImpl(c, self, i ?? null, { ordered: true, permissions: (ps as JArray | null)?.elems.map(String) ?? [], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
  ],
  [
    'public void sendOrderedBroadcastAsUser(android.content.Intent, android.os.UserHandle, java.lang.String, int, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    {},
    (c, self, [i, u, p, , r, h]) =>
      sendBroadcastImpl(c, self, i ?? null, { ordered: true, user: (u ?? null) as JObject | null, permissions: p === null ? [] : [p as string], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
  ],
  [
    'public void sendOrderedBroadcastAsUser(android.content.Intent, android.os.UserHandle, java.lang.String, int, android.os.Bundle, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    API36,
    (c, self, [i, u, p, , , r, h]) =>
      sendBroadcastImpl(c, self, i ?? null, { ordered: true, user: (u ?? null) as JObject | null, permissions: p === null ? [] : [p as string], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
  ],
  [
    'public void sendOrderedBroadcastAsUserMultiplePermissions(android.content.Intent, android.os.UserHandle, java.lang.String[], int, android.os.Bundle, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    API36,
    (c, self, [i, u, ps, , , r, h]) =>
      sendBroadcastImpl(c, self, i ?? null, { ordered: true, user: (u ?? null) as JObject | null, permissions: (ps as JArray | null)?.elems.map(String) ?? [], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
  ],
  [
    'public void sendOrderedBroadcastAsUserMultiplePermissions(android.content.Intent, android.os.UserHandle, java.lang.String[], java.lang.String[], int, android.os.Bundle, android.content.BroadcastReceiver, android.os.Handler, int, java.lang.String, android.os.Bundle)',
    API36,
    (c, self, [i, u, ps, , , , r, h]) =>
      sendBroadcastImpl(c, self, i ?? null, { ordered: true, user: (u ?? null) as JObject | null, permissions: (ps as JArray | null)?.elems.map(String) ?? [], resultReceiver: (r ?? null) as JObject | null, handler: (h ?? null) as JObject | null }),
  ],
  ['public void sendStickyBroadcastAsUser(android.content.Intent, android.os.UserHandle, android.os.Bundle)', API36, (c, self, [i, u]) => sendBroadcastImpl(c, self, i ?? null, { sticky: true, user: (u ?? null) as JObject | null })],
  ['public android.content.Intent registerReceiverAsUser(android.content.BroadcastReceiver, android.os.UserHandle, android.content.IntentFilter, java.lang.String, android.os.Handler)', {}, (c, self, [r, , f, p, h]) => internalRegister(c, self, r ?? null, f ?? null, p ?? null, h ?? null, 0)],
  ['public android.content.Intent registerReceiverAsUser(android.content.BroadcastReceiver, android.os.UserHandle, android.content.IntentFilter, java.lang.String, android.os.Handler, int)', { since: 26 }, (c, self, [r, , f, p, h, fl]) => internalRegister(c, self, r ?? null, f ?? null, p ?? null, h ?? null, fl as number)],
  // All users: INTERACT_ACROSS_USERS_FULL, which no normal app holds.
  ['public android.content.Intent registerReceiverForAllUsers(android.content.BroadcastReceiver, android.content.IntentFilter, java.lang.String, android.os.Handler)', { since: 30 }, (c) => acrossUsers(c)],
  ['public android.content.Intent registerReceiverForAllUsers(android.content.BroadcastReceiver, android.content.IntentFilter, java.lang.String, android.os.Handler, int)', { since: 30 }, (c) => acrossUsers(c)],
  ['private android.content.Intent registerReceiverInternal(android.content.BroadcastReceiver, int, android.content.IntentFilter, java.lang.String, android.os.Handler, android.content.Context)', { until: 25 }, (c, self, [r, , f, p, h]) => registerReceiverImpl(c, self, r ?? null, f ?? null, p ?? null, h ?? null, 0)],
  ['private android.content.Intent registerReceiverInternal(android.content.BroadcastReceiver, int, android.content.IntentFilter, java.lang.String, android.os.Handler, android.content.Context, int)', { since: 26 }, (c, self, [r, , f, p, h, , fl]) => registerReceiverImpl(c, self, r ?? null, f ?? null, p ?? null, h ?? null, fl as number)],
  // Context.startActivityAsUser is a system API; apps reach it through reflection on ContextImpl.
  ['public void startActivityAsUser(android.content.Intent, android.os.Bundle, android.os.UserHandle)', {}, (c, self, [i, opts, u]) => {
    const at = c.callStatic('android.app.ActivityThread', 'currentActivityThread') as JObject;
    c.call(c.call(at, 'getInstrumentation') as JObject, 'execStartActivity', EXEC_START_USER, [self, null, null, null, i, -1, opts, u]);
  }],
  // Likewise startActivitiesAsUser: straight to Instrumentation.execStartActivitiesAsUser.
  ['public int startActivitiesAsUser(android.content.Intent[], android.os.Bundle, android.os.UserHandle)', {}, (c, self, [is, opts, u]) => {
    const at = c.callStatic('android.app.ActivityThread', 'currentActivityThread') as JObject;
    if (u === null) c.throwNew('java.lang.NullPointerException');
    // The emulated device has one user, 0.
    return c.call(c.call(at, 'getInstrumentation') as JObject, 'execStartActivitiesAsUser', [...EXEC_START_ALL, 'int'], [self, null, null, null, is, opts, 0]);
  }],
];

function acrossUsers(c: Call): never {
  return c.throwNew('java.lang.SecurityException', `Permission Denial: registerReceiver from pid=${c.env.pid}, uid=${c.env.uid} requires android.permission.INTERACT_ACROSS_USERS_FULL or android.permission.INTERACT_ACROSS_USERS`);
}

/** Declarations of a Context method: abstract in Context unless it has a default body. */
function contextDecl(decl: string, hasDefault: boolean): string {
  return hasDefault ? decl : decl.replace(/^public /, 'public abstract ');
}

/** Parameter types of a declaration, as m() parses them. */
function paramsOf(decl: string): string[] {
  return m(decl).params.slice();
}

function nameOf(decl: string): string {
  return m(decl).name;
}

export const EXEC_START_ALL = ['android.content.Context', 'android.os.IBinder', 'android.os.IBinder', 'android.app.Activity', '[Landroid.content.Intent;', 'android.os.Bundle'];
export const EXEC_START_STRING = ['android.content.Context', 'android.os.IBinder', 'android.os.IBinder', 'java.lang.String', 'android.content.Intent', 'int', 'android.os.Bundle'];
export const EXEC_START_USER = [...EXEC_START_STRING, 'android.os.UserHandle'];

/** Converts a Bundle's values for carrying across processes. */
export function extrasOf(st: IntentState): Record<string, ExtraValue> {
  const out: Record<string, ExtraValue> = {};
  for (const [k, v] of st.extras) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (v instanceof JArray) out[k] = v.elems.every((x) => typeof x === 'string') ? (v.elems as string[]) : (v.elems as number[]);
    else if (v instanceof JObject && v.cls.name === BINDER_PROXY && v.native !== undefined) out[k] = { binder: v.native as object };
  }
  return out;
}

const BINDER_PROXY = 'android.os.BinderProxy';

/**
 * A binder extra, as the system puts it into an Intent (Intent.putExtra(String, IBinder) is
 * hidden): a BinderProxy to the same object in this process.
 */
export function putBinder(c: Call, intent: JObject, key: string, target: object): void {
  const proxy = c.vm.alloc(c.vm.bootClass(BINDER_PROXY));
  proxy.native = target;
  let b = c.get(intent, 'mExtras') as JObject | null;
  if (b === null) {
    b = c.newObject('android.os.Bundle');
    c.set(intent, 'mExtras', b);
  }
  (b.native as Map<string, JValue>).set(key, proxy);
}

/** Puts carried extras into an Intent through its public API. */
export function putExtras(c: Call, intent: JObject, extras: Readonly<Record<string, ExtraValue>>): void {
  for (const [k, v] of Object.entries(extras)) {
    if (typeof v === 'string') c.call(intent, 'putExtra', [S, S], [k, v]);
    else if (typeof v === 'number') c.call(intent, 'putExtra', [S, 'int'], [k, v]);
    else if (typeof v === 'boolean') c.call(intent, 'putExtra', [S, 'boolean'], [k, v]);
    else if ('binder' in v) putBinder(c, intent, k, v.binder);
    else if (v.every((x) => typeof x === 'string')) c.call(intent, 'putExtra', [S, SA], [k, c.vm.newArray(SA, [...(v as string[])])]);
    else c.call(intent, 'putExtra', [S, '[I'], [k, c.vm.newArray('[I', [...(v as number[])])]);
  }
}

export const content: readonly ClassSpec[] = [
  cls('public abstract class android.content.Context', {}, [
    f('public static final java.lang.String TELEPHONY_SERVICE', { value: 'phone' }),
    m('public <init>()'),
    m('public abstract boolean bindService(android.content.Intent, android.content.ServiceConnection, int)'),
    m('public abstract android.content.Context getApplicationContext()'),
    m('public abstract android.content.pm.ApplicationInfo getApplicationInfo()'),
    m('public abstract java.io.File getCacheDir()'),
    m('public abstract java.lang.ClassLoader getClassLoader()'),
    m('public abstract java.io.File getCodeCacheDir()'),
    m('public abstract android.content.ContentResolver getContentResolver()'),
    m('public abstract java.io.File getDataDir()', { since: 24 }),
    m('public abstract java.io.File getFilesDir()'),
    m('public abstract android.content.pm.PackageManager getPackageManager()'),
    m('public abstract java.lang.String getPackageName()'),
    m('public abstract java.lang.Object getSystemService(java.lang.String)'),
    m('public abstract void startActivity(android.content.Intent)'),
    m('public abstract void startActivity(android.content.Intent, android.os.Bundle)'),
    m('public abstract android.content.ComponentName startService(android.content.Intent)'),
    m('public abstract android.content.ComponentName startForegroundService(android.content.Intent)', { since: 26 }),
    ...CONTEXT_METHODS.map(([decl, opts, , dflt]) => (dflt === null ? m(contextDecl(decl, false), opts) : m(contextDecl(decl, true), opts, dflt))),
  ]),
  cls('public class android.content.ContextWrapper extends android.content.Context', {}, [
    f('android.content.Context mBase'),
    m('public <init>(android.content.Context)', (c, self, [base]) => c.set(self!, 'mBase', base ?? null)),
    m('protected void attachBaseContext(android.content.Context)', (c, self, [base]) => {
      if (c.get(self!, 'mBase') !== null) c.throwNew('java.lang.IllegalStateException', 'Base context already set');
      c.set(self!, 'mBase', base ?? null);
    }),
    m('public android.content.Context getBaseContext()', (c, self) => c.get(self!, 'mBase')),
    delegate('public boolean bindService(android.content.Intent, android.content.ServiceConnection, int)', 'bindService', ['android.content.Intent', 'android.content.ServiceConnection', 'int']),
    delegate('public android.content.Context getApplicationContext()', 'getApplicationContext'),
    delegate('public android.content.pm.ApplicationInfo getApplicationInfo()', 'getApplicationInfo'),
    delegate('public java.io.File getCacheDir()', 'getCacheDir'),
    delegate('public java.lang.ClassLoader getClassLoader()', 'getClassLoader'),
    delegate('public java.io.File getCodeCacheDir()', 'getCodeCacheDir'),
    delegate('public android.content.ContentResolver getContentResolver()', 'getContentResolver'),
    m('public java.io.File getDataDir()', { since: 24 }, (c, self) => c.call(wrapperBase(c, self), 'getDataDir')),
    delegate('public java.io.File getFilesDir()', 'getFilesDir'),
    delegate('public android.content.pm.PackageManager getPackageManager()', 'getPackageManager'),
    delegate('public java.lang.String getPackageName()', 'getPackageName'),
    delegate('public java.lang.Object getSystemService(java.lang.String)', 'getSystemService', ['java.lang.String']),
    delegate('public void startActivity(android.content.Intent)', 'startActivity', ['android.content.Intent']),
    delegate('public void startActivity(android.content.Intent, android.os.Bundle)', 'startActivity', ['android.content.Intent', 'android.os.Bundle']),
    delegate('public android.content.ComponentName startService(android.content.Intent)', 'startService', ['android.content.Intent']),
    m('public android.content.ComponentName startForegroundService(android.content.Intent)', { since: 26 }, (c, self, [i]) => c.call(wrapperBase(c, self), 'startForegroundService', ['android.content.Intent'], [i])),
    ...CONTEXT_METHODS.map(([decl, opts]) => m(decl, opts, (c, self, args) => c.call(wrapperBase(c, self), nameOf(decl), paramsOf(decl), args))),
  ]),
  cls('public class android.view.ContextThemeWrapper extends android.content.ContextWrapper', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.ContextWrapper', '<init>', ['android.content.Context'], [null])),
  ]),
  // The real Context behind every wrapper.
  cls('class android.app.ContextImpl extends android.content.Context', {}, [
    m('<init>()'),
    m('public boolean bindService(android.content.Intent, android.content.ServiceConnection, int)', (c, self, [i, conn, flags]) =>
      c.api >= 34
        ? c.callSpecial(self!, 'android.app.ContextImpl', 'bindServiceCommon', ['android.content.Intent', 'android.content.ServiceConnection', 'long', 'java.lang.String', 'android.os.Handler', 'java.util.concurrent.Executor', 'android.os.UserHandle'], [i, conn, BigInt(flags as number), null, null, null, null])
        : c.api >= 29
          ? c.callSpecial(self!, 'android.app.ContextImpl', 'bindServiceCommon', ['android.content.Intent', 'android.content.ServiceConnection', 'int', 'java.lang.String', 'android.os.Handler', 'java.util.concurrent.Executor', 'android.os.UserHandle'], [i, conn, flags, null, null, null, null])
          : c.api >= 26
            ? c.callSpecial(self!, 'android.app.ContextImpl', 'bindServiceCommon', ['android.content.Intent', 'android.content.ServiceConnection', 'int', 'android.os.Handler', 'android.os.UserHandle'], [i, conn, flags, null, null])
            : c.callSpecial(self!, 'android.app.ContextImpl', 'bindServiceCommon', ['android.content.Intent', 'android.content.ServiceConnection', 'int', 'android.os.UserHandle'], [i, conn, flags, null]),
    ),
    // Android 8 added the Handler (bindServiceAsUser with a handler), 10 the instance name and executor, 14 long flags.
    m('private boolean bindServiceCommon(android.content.Intent, android.content.ServiceConnection, int, android.os.UserHandle)', { until: 25 }, (c, _s, [i]) => launch(c, 'bind', i as JObject).length > 0),
    m('private boolean bindServiceCommon(android.content.Intent, android.content.ServiceConnection, int, android.os.Handler, android.os.UserHandle)', { since: 26, until: 28 }, (c, _s, [i]) => launch(c, 'bind', i as JObject).length > 0),
    m('private boolean bindServiceCommon(android.content.Intent, android.content.ServiceConnection, int, java.lang.String, android.os.Handler, java.util.concurrent.Executor, android.os.UserHandle)', { since: 29, until: 33 }, (c, _s, [i]) => launch(c, 'bind', i as JObject).length > 0),
    m('private boolean bindServiceCommon(android.content.Intent, android.content.ServiceConnection, long, java.lang.String, android.os.Handler, java.util.concurrent.Executor, android.os.UserHandle)', { since: 34 }, (c, _s, [i]) => launch(c, 'bind', i as JObject).length > 0),
    m('public android.content.Context getApplicationContext()', (c) => (c.env.singletons.get('app.application') as JObject | undefined) ?? contextImplOf(c)),
    m('public android.content.pm.ApplicationInfo getApplicationInfo()', (c) => c.call(c.call(contextImplOf(c), 'getPackageManager') as JObject, 'getApplicationInfo', ['java.lang.String', 'int'], [c.env.app.package, 0])),
    m('public java.io.File getCacheDir()', (c) => file(c, `${c.env.app.dataDir}/cache`)),
    m('public java.lang.ClassLoader getClassLoader()', (c) => (c.vm.app === null ? c.vm.loaderObject(c.vm.system) : c.vm.loaderObject(c.vm.app))),
    m('public java.io.File getCodeCacheDir()', (c) => file(c, `${c.env.app.dataDir}/code_cache`)),
    m('public android.content.ContentResolver getContentResolver()', (c) => singleton(c, 'context.resolver', () => c.newObject('android.app.ContextImpl$ApplicationContentResolver'))),
    m('public java.io.File getDataDir()', { since: 24 }, (c) => file(c, c.env.app.dataDir)),
    m('public java.io.File getFilesDir()', (c) => file(c, `${c.env.app.dataDir}/files`)),
    m('public android.content.pm.PackageManager getPackageManager()', (c) => singleton(c, 'context.pm', () => c.newObject('android.app.ApplicationPackageManager'))),
    m('public java.lang.String getPackageName()', (c) => c.env.app.package),
    // SystemServiceRegistry.getSystemService: a name registered at this level yields its manager
    // (a modelled one, or the run stops), any other name null (services.ts).
    m('public java.lang.Object getSystemService(java.lang.String)', (c, _s, [name]) => {
      if (name === null) return null;
      const entry = systemServiceEntry(name as string);
      if (entry === undefined || !registeredAt(entry, c.api)) return null;
      const make = CONTEXT_SERVICES.get(entry.name);
      if (make === undefined) throw new Error(`emulator: Context.getSystemService("${entry.name}") would return ${entry.manager} on a phone; ${unmodelledServiceReason(entry, c.api)}`);
      return singleton(c, `service.${entry.name}`, () => make(c));
    }),
    m('public void startActivity(android.content.Intent)', (c, self, [i]) => c.call(self!, 'startActivity', ['android.content.Intent', 'android.os.Bundle'], [i, null])),
    m('public void startActivity(android.content.Intent, android.os.Bundle)', (c, self, [i, opts]) => {
      const ins = c.callStatic('android.app.ActivityThread', 'currentActivityThread') as JObject;
      c.call(c.call(ins, 'getInstrumentation') as JObject, 'execStartActivity', EXEC_START, [self, null, null, null, i, -1, opts]);
    }),
    m('public android.content.ComponentName startService(android.content.Intent)', (c, self, [i]) =>
      c.api >= 26
        ? c.callSpecial(self!, 'android.app.ContextImpl', 'startServiceCommon', ['android.content.Intent', 'boolean', 'android.os.UserHandle'], [i, false, null])
        : c.callSpecial(self!, 'android.app.ContextImpl', 'startServiceCommon', ['android.content.Intent', 'android.os.UserHandle'], [i, null]),
    ),
    m('public android.content.ComponentName startForegroundService(android.content.Intent)', { since: 26 }, (c, self, [i]) =>
      c.callSpecial(self!, 'android.app.ContextImpl', 'startServiceCommon', ['android.content.Intent', 'boolean', 'android.os.UserHandle'], [i, true, null]),
    ),
    ...CONTEXT_METHODS.map(([decl, opts, impl]) => m(decl, opts, impl)),
    ...CONTEXT_IMPL_HIDDEN.map(([decl, opts, impl]) => m(decl, opts, impl)),
    m('private android.content.ComponentName startServiceCommon(android.content.Intent, android.os.UserHandle)', { until: 25 }, (c, _s, [i]) => startServiceImpl(c, i ?? null, false)),
    m('private android.content.ComponentName startServiceCommon(android.content.Intent, boolean, android.os.UserHandle)', { since: 26 }, (c, _s, [i, fg]) => startServiceImpl(c, i ?? null, fg === true)),
  ]),
  cls('public class android.content.Intent implements java.lang.Cloneable, android.os.Parcelable', {}, [
    f('private java.lang.String mAction'),
    f('private android.net.Uri mData'),
    f('private java.lang.String mPackage'),
    f('private android.content.ComponentName mComponent'),
    f('private int mFlags'),
    f('private android.util.ArraySet mCategories'),
    f('private android.os.Bundle mExtras'),
    m('public <init>()'),
    m('public <init>(java.lang.String)', (c, self, [action]) => c.set(self!, 'mAction', action ?? null)),
    // Intent(Context, Class): mComponent = new ComponentName(packageContext, cls), i.e. the
    // context's package and the class's name (Intent.java, ComponentName(Context, Class)).
    m('public <init>(android.content.Context, java.lang.Class)', (c, self, [ctx, k]) => {
      const pkg = c.call(ctx as JObject, 'getPackageName') as string;
      const name = c.call(k as JObject, 'getName') as string;
      c.set(self!, 'mComponent', c.newObject('android.content.ComponentName', ['java.lang.String', 'java.lang.String'], [pkg, name]));
    }),
    m('public <init>(android.content.Intent)', (c, self, [o]) => {
      const src = o as JObject;
      for (const n of ['mAction', 'mData', 'mPackage', 'mComponent', 'mFlags']) c.set(self!, n, c.get(src, n));
      const cats = c.get(src, 'mCategories') as JObject | null;
      if (cats !== null) {
        const copy = c.newObject('android.util.ArraySet');
        (copy.native as JValue[]).push(...(cats.native as JValue[]));
        c.set(self!, 'mCategories', copy);
      }
      const ex = c.get(src, 'mExtras') as JObject | null;
      if (ex !== null) c.set(self!, 'mExtras', c.newObject('android.os.Bundle', ['android.os.Bundle'], [ex]));
    }),
    m('public void removeCategory(java.lang.String)', (c, self, [cat]) => {
      const set = c.get(self!, 'mCategories') as JObject | null;
      if (set === null) return;
      const a = set.native as JValue[];
      const i = a.indexOf(cat ?? null);
      if (i >= 0) a.splice(i, 1);
    }),
    m('public android.content.Intent addCategory(java.lang.String)', (c, self, [cat]) => {
      let set = c.get(self!, 'mCategories') as JObject | null;
      if (set === null) {
        set = c.newObject('android.util.ArraySet');
        c.set(self!, 'mCategories', set);
      }
      c.call(set, 'add', ['java.lang.Object'], [cat]);
      return self;
    }),
    m('public android.content.Intent addFlags(int)', (c, self, [fl]) => {
      c.set(self!, 'mFlags', ((c.get(self!, 'mFlags') as number) | (fl as number)) | 0);
      return self;
    }),
    m('public java.lang.String getAction()', (c, self) => c.get(self!, 'mAction')),
    m('public java.util.Set getCategories()', (c, self) => c.get(self!, 'mCategories')),
    m('public android.content.ComponentName getComponent()', (c, self) => c.get(self!, 'mComponent')),
    m('public android.net.Uri getData()', (c, self) => c.get(self!, 'mData')),
    m('public java.lang.String getDataString()', (c, self) => {
      const d = c.get(self!, 'mData') as JObject | null;
      return d === null ? null : c.call(d, 'toString');
    }),
    m('public android.os.Bundle getExtras()', (c, self) => {
      const b = c.get(self!, 'mExtras') as JObject | null;
      return b === null ? null : c.newObject('android.os.Bundle', ['android.os.Bundle'], [b]);
    }),
    m('public int getFlags()', (c, self) => c.get(self!, 'mFlags')),
    m('public java.lang.String getPackage()', (c, self) => c.get(self!, 'mPackage')),
    m('public java.lang.String getStringExtra(java.lang.String)', (c, self, [k]) => {
      const b = c.get(self!, 'mExtras') as JObject | null;
      return b === null ? null : c.call(b, 'getString', ['java.lang.String'], [k]);
    }),
    m('public boolean hasCategory(java.lang.String)', (c, self, [cat]) => {
      const set = c.get(self!, 'mCategories') as JObject | null;
      return set !== null && (c.call(set, 'contains', ['java.lang.Object'], [cat]) as boolean);
    }),
    m('public android.content.Intent putExtra(java.lang.String, java.lang.String)', (c, self, [k, v]) => putExtra(c, self!, 'putString', S, k, v)),
    m('public android.content.Intent putExtra(java.lang.String, int)', (c, self, [k, v]) => putExtra(c, self!, 'putInt', 'int', k, v)),
    m('public android.content.Intent putExtra(java.lang.String, boolean)', (c, self, [k, v]) => putExtra(c, self!, 'putBoolean', 'boolean', k, v)),
    m('public android.content.Intent putExtra(java.lang.String, java.lang.String[])', (c, self, [k, v]) => putExtra(c, self!, 'putStringArray', SA, k, v)),
    m('public android.content.Intent putExtra(java.lang.String, int[])', (c, self, [k, v]) => putExtra(c, self!, 'putIntArray', '[I', k, v)),
    // putExtras(Intent): copies the other intent's extras (new Bundle(src.mExtras), or putAll).
    m('public android.content.Intent putExtras(android.content.Intent)', (c, self, [src]) => {
      if (src === null) c.throwNew('java.lang.NullPointerException');
      const from = c.get(src as JObject, 'mExtras') as JObject | null;
      if (from === null) return self;
      const mine = c.get(self!, 'mExtras') as JObject | null;
      if (mine === null) c.set(self!, 'mExtras', c.newObject('android.os.Bundle', ['android.os.Bundle'], [from]));
      else for (const [k, v] of from.native as Map<string, JValue>) (mine.native as Map<string, JValue>).set(k, v);
      return self;
    }),
    m('public boolean hasExtra(java.lang.String)', (c, self, [k]) => {
      const b = c.get(self!, 'mExtras') as JObject | null;
      return b !== null && (c.call(b, 'containsKey', [S], [k]) as boolean);
    }),
    m('public int getIntExtra(java.lang.String, int)', (c, self, [k, d]) => {
      const b = c.get(self!, 'mExtras') as JObject | null;
      return b === null ? d : c.call(b, 'getInt', [S, 'int'], [k, d]);
    }),
    m('public boolean getBooleanExtra(java.lang.String, boolean)', (c, self, [k, d]) => {
      const b = c.get(self!, 'mExtras') as JObject | null;
      return b === null ? d : c.call(b, 'getBoolean', [S, 'boolean'], [k, d]);
    }),
    m('public java.lang.String[] getStringArrayExtra(java.lang.String)', (c, self, [k]) => {
      const b = c.get(self!, 'mExtras') as JObject | null;
      return b === null ? null : c.call(b, 'getStringArray', [S], [k]);
    }),
    m('public int[] getIntArrayExtra(java.lang.String)', (c, self, [k]) => {
      const b = c.get(self!, 'mExtras') as JObject | null;
      return b === null ? null : c.call(b, 'getIntArray', [S], [k]);
    }),
    m('public android.content.Intent setFlags(int)', (c, self, [fl]) => {
      c.set(self!, 'mFlags', (fl as number) | 0);
      return self;
    }),
    m('public java.lang.String getType()', () => null),
    m('public android.content.Intent setAction(java.lang.String)', (c, self, [a]) => {
      c.set(self!, 'mAction', a ?? null);
      return self;
    }),
    m('public android.content.Intent setClassName(java.lang.String, java.lang.String)', (c, self, [p, k]) => {
      c.set(self!, 'mComponent', c.newObject('android.content.ComponentName', ['java.lang.String', 'java.lang.String'], [p, k]));
      return self;
    }),
    m('public android.content.Intent setComponent(android.content.ComponentName)', (c, self, [cn]) => {
      c.set(self!, 'mComponent', cn ?? null);
      return self;
    }),
    m('public android.content.Intent setData(android.net.Uri)', (c, self, [d]) => {
      c.set(self!, 'mData', d ?? null);
      return self;
    }),
    m('public android.content.Intent setPackage(java.lang.String)', (c, self, [p]) => {
      c.set(self!, 'mPackage', p ?? null);
      return self;
    }),
    m('public java.lang.String toString()', (c, self) => intentText(intentState(self!, c.vm))),
  ]),
  cls('public abstract class android.net.Uri implements android.os.Parcelable, java.lang.Comparable', {}, [
    m('private <init>()'),
    m('public static android.net.Uri parse(java.lang.String)', (c, _s, [s]) => {
      if (s === null) c.throwNew('java.lang.NullPointerException', 'uriString');
      const u = c.vm.alloc(c.vm.bootClass('android.net.Uri$StringUri'));
      u.native = s;
      return u;
    }),
    m('public abstract java.lang.String getAuthority()'),
    m('public abstract java.lang.String getHost()'),
    m('public abstract java.lang.String getPath()'),
    m('public abstract java.lang.String getScheme()'),
    m('public abstract java.lang.String toString()'),
  ]),
  cls('private static class android.net.Uri$StringUri extends android.net.Uri', { file: 'Uri.java' }, [
    m('public java.lang.String getAuthority()', (_c, self) => uriPart(self!.native as string).authority),
    m('public java.lang.String getHost()', (_c, self) => uriPart(self!.native as string).host),
    m('public java.lang.String getPath()', (_c, self) => uriPart(self!.native as string).path),
    m('public java.lang.String getScheme()', (_c, self) => uriPart(self!.native as string).scheme),
    m('public java.lang.String toString()', (_c, self) => self!.native as string),
  ]),
  cls('public final class android.content.ComponentName implements java.lang.Cloneable, android.os.Parcelable, java.lang.Comparable', {}, [
    f('private final java.lang.String mPackage'),
    f('private final java.lang.String mClass'),
    m('public <init>(java.lang.String, java.lang.String)', (c, self, [p, k]) => {
      if (p === null || k === null) c.throwNew('java.lang.NullPointerException', p === null ? 'package name is null' : 'class name is null');
      c.set(self!, 'mPackage', p ?? null);
      c.set(self!, 'mClass', k ?? null);
    }),
    m('public java.lang.String flattenToString()', (c, self) => `${c.get(self!, 'mPackage') as string}/${c.get(self!, 'mClass') as string}`),
    m('public java.lang.String getClassName()', (c, self) => c.get(self!, 'mClass')),
    m('public java.lang.String getPackageName()', (c, self) => c.get(self!, 'mPackage')),
    m('public java.lang.String toString()', (c, self) => `ComponentInfo{${c.get(self!, 'mPackage') as string}/${c.get(self!, 'mClass') as string}}`),
  ]),
  cls('public abstract class android.content.BroadcastReceiver', {}, [
    m('public <init>()'),
    m('public abstract void onReceive(android.content.Context, android.content.Intent)'),
  ]),
  cls('public class android.content.IntentFilter implements android.os.Parcelable', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = { actions: [], categories: [] };
    }),
    m('public <init>(java.lang.String)', (_c, self, [a]) => {
      self!.native = { actions: a === null ? [] : [a as string], categories: [] };
    }),
    m('public final void addAction(java.lang.String)', (_c, self, [a]) => {
      const st = self!.native as { actions: string[] };
      if (typeof a === 'string' && !st.actions.includes(a)) st.actions.push(a);
    }),
    m('public final void addCategory(java.lang.String)', (_c, self, [a]) => {
      const st = self!.native as { categories: string[] };
      if (typeof a === 'string' && !st.categories.includes(a)) st.categories.push(a);
    }),
    m('public final int countActions()', (_c, self) => (self!.native as { actions: string[] }).actions.length),
    m('public final java.lang.String getAction(int)', (c, self, [i]) => {
      const a = (self!.native as { actions: string[] }).actions;
      if ((i as number) < 0 || (i as number) >= a.length) c.throwNew('java.lang.IndexOutOfBoundsException', `Index ${String(i)} out of bounds for length ${a.length}`);
      return a[i as number]!;
    }),
    m('public final boolean hasAction(java.lang.String)', (_c, self, [a]) => (self!.native as { actions: string[] }).actions.includes(a as string)),
  ]),
  cls('public interface android.content.ServiceConnection', {}, [
    m('public abstract void onServiceConnected(android.content.ComponentName, android.os.IBinder)'),
    m('public abstract void onServiceDisconnected(android.content.ComponentName)'),
  ]),
  cls('public interface android.os.IBinder', {}, []),
  cls('public interface android.os.IInterface', {}, []),
];

function uriPart(s: string): { scheme: string | null; authority: string | null; host: string | null; path: string | null } {
  const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)/.exec(s);
  if (m === null) return { scheme: null, authority: null, host: null, path: s };
  const authority = m[2] ?? null;
  return { scheme: m[1]!, authority, host: authority === null ? null : authority.replace(/^.*@/, '').replace(/:\d+$/, ''), path: m[3] === '' ? null : m[3]! };
}

/** Intent.toString(): 'Intent { act=... flg=0x... cmp=pkg/.Cls (has extras) }'. */
export function intentText(st: IntentState): string {
  const parts: string[] = [];
  if (st.action !== null) parts.push(`act=${st.action}`);
  if (st.data !== null) parts.push(`dat=${st.data}`);
  if (st.flags !== 0) parts.push(`flg=0x${st.flags.toString(16)}`);
  if (st.package !== null) parts.push(`pkg=${st.package}`);
  if (st.component !== null) parts.push(`cmp=${shortComponent(st.component.package, st.component.class)}`);
  if (st.categories.length > 0) parts.push(`cat=[${st.categories.join(',')}]`);
  if (st.extras.size > 0) parts.push('(has extras)');
  return `Intent { ${parts.join(' ')} }`;
}

/** 'com.app/.ui.Main' when the class is inside the package, as Intent.toString() prints it. */
export function shortComponent(pkg: string, klass: string): string {
  return klass.startsWith(`${pkg}.`) ? `${pkg}/${klass.slice(pkg.length)}` : `${pkg}/${klass}`;
}

export const EXEC_START = [
  'android.content.Context',
  'android.os.IBinder',
  'android.os.IBinder',
  'android.app.Activity',
  'android.content.Intent',
  'int',
  'android.os.Bundle',
];
