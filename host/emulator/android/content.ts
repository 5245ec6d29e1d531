// android.content: contexts (ContextWrapper -> ContextImpl, as every Activity, Service and
// Application delegates), intents, component names, receivers, the content resolver.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { LaunchRequest } from './env.js';
import type { ArtVm } from '../java/vm.js';
import { singleton } from './support.js';

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

/** Lets an area module add a Context.getSystemService(name) manager. */
export function registerSystemService(name: string, make: (c: Call) => JObject): void {
  CONTEXT_SERVICES.set(name, make);
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

function file(c: Call, path: string): JObject {
  return c.newObject('java.io.File', ['java.lang.String'], [path]);
}

export function contextImplOf(c: Call): JObject {
  return singleton(c, 'context.app', () => c.newObject('android.app.ContextImpl'));
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
    m('public abstract void sendBroadcast(android.content.Intent)'),
    m('public abstract void startActivity(android.content.Intent)'),
    m('public abstract void startActivity(android.content.Intent, android.os.Bundle)'),
    m('public abstract android.content.ComponentName startService(android.content.Intent)'),
    m('public abstract android.content.ComponentName startForegroundService(android.content.Intent)', { since: 26 }),
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
    delegate('public void sendBroadcast(android.content.Intent)', 'sendBroadcast', ['android.content.Intent']),
    delegate('public void startActivity(android.content.Intent)', 'startActivity', ['android.content.Intent']),
    delegate('public void startActivity(android.content.Intent, android.os.Bundle)', 'startActivity', ['android.content.Intent', 'android.os.Bundle']),
    delegate('public android.content.ComponentName startService(android.content.Intent)', 'startService', ['android.content.Intent']),
    m('public android.content.ComponentName startForegroundService(android.content.Intent)', { since: 26 }, (c, self, [i]) => c.call(wrapperBase(c, self), 'startForegroundService', ['android.content.Intent'], [i])),
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
          : c.callSpecial(self!, 'android.app.ContextImpl', 'bindServiceCommon', ['android.content.Intent', 'android.content.ServiceConnection', 'int', 'android.os.Handler', 'android.os.UserHandle'], [i, conn, flags, null, null]),
    ),
    m('private boolean bindServiceCommon(android.content.Intent, android.content.ServiceConnection, int, android.os.Handler, android.os.UserHandle)', { until: 28 }, (c, _s, [i]) => launch(c, 'bind', i as JObject).length > 0),
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
    m('public java.lang.Object getSystemService(java.lang.String)', (c, _s, [name]) => {
      const make = CONTEXT_SERVICES.get(name as string);
      return make === undefined ? null : singleton(c, `service.${name as string}`, () => make(c));
    }),
    m('public void sendBroadcast(android.content.Intent)', (c, _s, [i]) => {
      launch(c, 'broadcast', i as JObject);
    }),
    m('public void startActivity(android.content.Intent)', (c, self, [i]) => c.call(self!, 'startActivity', ['android.content.Intent', 'android.os.Bundle'], [i, null])),
    m('public void startActivity(android.content.Intent, android.os.Bundle)', (c, self, [i, opts]) => {
      const ins = c.callStatic('android.app.ActivityThread', 'currentActivityThread') as JObject;
      c.call(c.call(ins, 'getInstrumentation') as JObject, 'execStartActivity', EXEC_START, [self, null, null, null, i, -1, opts]);
    }),
    m('public android.content.ComponentName startService(android.content.Intent)', (c, self, [i]) =>
      c.callSpecial(self!, 'android.app.ContextImpl', 'startServiceCommon', ['android.content.Intent', 'boolean', 'android.os.UserHandle'], [i, false, null]),
    ),
    m('public android.content.ComponentName startForegroundService(android.content.Intent)', { since: 26 }, (c, self, [i]) =>
      c.callSpecial(self!, 'android.app.ContextImpl', 'startServiceCommon', ['android.content.Intent', 'boolean', 'android.os.UserHandle'], [i, true, null]),
    ),
    m('private android.content.ComponentName startServiceCommon(android.content.Intent, boolean, android.os.UserHandle)', (c, _s, [i, fg]) => {
      const reached = launch(c, fg === true ? 'foreground-service' : 'service', i as JObject);
      const st = intentState(i as JObject, c.vm);
      return reached.length > 0 && st.component !== null ? c.newObject('android.content.ComponentName', ['java.lang.String', 'java.lang.String'], [st.component.package, st.component.class]) : null;
    }),
  ]),
  cls('public abstract class android.content.ContentResolver', {}, [m('public <init>(android.content.Context)')]),
  cls('private static final class android.app.ContextImpl$ApplicationContentResolver extends android.content.ContentResolver', {}, [m('<init>()')]),
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
    m('public android.content.Intent putExtra(java.lang.String, java.lang.String)', (c, self, [k, v]) => {
      let b = c.get(self!, 'mExtras') as JObject | null;
      if (b === null) {
        b = c.newObject('android.os.Bundle');
        c.set(self!, 'mExtras', b);
      }
      c.call(b, 'putString', ['java.lang.String', 'java.lang.String'], [k, v]);
      return self;
    }),
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
  cls('public interface android.content.ServiceConnection', {}, [
    m('public abstract void onServiceConnected(android.content.ComponentName, android.os.IBinder)'),
    m('public abstract void onServiceDisconnected(android.content.ComponentName)'),
  ]),
  cls('public interface android.os.IBinder', {}, []),
  cls('public final class android.os.UserHandle implements android.os.Parcelable', {}, []),
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
