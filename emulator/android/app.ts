// android.app: the process's ActivityThread (what woke the process and how the app is bound),
// LoadedApk (where the app's class loader comes from), Instrumentation (every Activity lifecycle
// callback passes through it), Application, Activity and Service.
//
// Between ActivityThread$H.handleMessage and Instrumentation, AOSP runs version-specific
// ActivityThread internals (handleLaunchActivity, performResumeActivity, ...) whose signatures
// change from release to release; they are not modelled, so backtraces skip those frames.
import { JArray, type JObject } from '../java/heap.js';
import { attachRoot } from './view.js';
import { cls, f, m, type Call, type ClassSpec, type JValue, type MethodSpec, type FieldSpec } from '../java/model.js';
import { contextImplOf, EXEC_START, EXEC_START_ALL, EXEC_START_STRING, EXEC_START_USER, intentState, newIntent, type DispatcherState } from './content.js';
import { mainLooper } from './os.js';
import { awaitScreenCaptureConsent, FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION, mediaProjectionTypeRefusal } from './identity.js';
import { installProviders } from './providers.js';
import { singleton } from './support.js';

export const H = {
  LAUNCH_ACTIVITY: 100,
  PAUSE_ACTIVITY: 101,
  RESUME_ACTIVITY: 107,
  DESTROY_ACTIVITY: 109,
  BIND_APPLICATION: 110,
  RECEIVER: 113,
  CREATE_SERVICE: 114,
  SERVICE_ARGS: 115,
  BIND_SERVICE: 121,
  EXECUTE_TRANSACTION: 159,
} as const;

const AT = 'android.app.ActivityThread';

export function activityThread(c: Call): JObject {
  return singleton(c, 'app.activityThread', () => c.newObject(AT));
}

function handlerH(c: Call): JObject {
  return singleton(c, 'app.H', () => {
    const h = c.newObject('android.app.ActivityThread$H');
    c.set(h, 'mLooper', mainLooper(c));
    return h;
  });
}

/** Posts a message to ActivityThread$H, as the system server's binder calls do. */
export function postToH(c: Call, what: number, obj: JObject | null): void {
  const msg = c.newObject('android.os.Message');
  c.set(msg, 'what', what);
  c.set(msg, 'obj', obj);
  c.call(handlerH(c), 'sendMessage', ['android.os.Message'], [msg]);
}

export interface ActivityRecordState {
  className: string;
  intent: JObject;
  /** android:persistableMode="persistAcrossReboots": ActivityThread passes a PersistableBundle. */
  persistable?: boolean;
  /** The ActivityInfo the system resolved (ActivityClientRecord.activityInfo), given to Activity.attach. */
  info?: JObject;
  activity: JObject | null;
  resumed: boolean;
  /** Destroyed (onDestroy ran): ActivityThread forgot the record. */
  destroyed?: boolean;
}

export interface TransactionState {
  kind: 'launch' | 'resume' | 'pause' | 'destroy';
  record: ActivityRecordState;
}

function newTransaction(c: Call, kind: TransactionState['kind'], record: ActivityRecordState): JObject {
  // Before Android 9 the H message carries an ActivityClientRecord; the emulator passes a plain holder.
  const t = c.api >= 28 ? c.newObject('android.app.servertransaction.ClientTransaction') : c.vm.alloc(c.vm.bootClass('java.lang.Object'));
  t.native = { kind, record } satisfies TransactionState;
  return t;
}

/** Schedules an activity lifecycle step on the main thread (EXECUTE_TRANSACTION on 28+). */
export function scheduleActivity(c: Call, kind: TransactionState['kind'], record: ActivityRecordState): void {
  if (c.api >= 28) {
    postToH(c, H.EXECUTE_TRANSACTION, newTransaction(c, kind, record));
  } else {
    const what = kind === 'launch' ? H.LAUNCH_ACTIVITY : kind === 'resume' ? H.RESUME_ACTIVITY : kind === 'destroy' ? H.DESTROY_ACTIVITY : H.PAUSE_ACTIVITY;
    postToH(c, what, newTransaction(c, kind, record));
  }
}

function instrumentation(c: Call): JObject {
  return c.call(activityThread(c), 'getInstrumentation') as JObject;
}

function appLoaderObject(c: Call): JObject {
  const apk = c.get(activityThread(c), 'mBoundApk') as JObject | null;
  return c.call(apk!, 'getClassLoader') as JObject;
}

function runLifecycle(c: Call, st: TransactionState): void {
  const r = st.record;
  const ins = instrumentation(c);
  if (st.kind === 'launch') {
    const a = c.call(ins, 'newActivity', ['java.lang.ClassLoader', 'java.lang.String', 'android.content.Intent'], [appLoaderObject(c), r.className, r.intent]) as JObject;
    c.set(a, 'mBase', c.newObject('android.app.ContextImpl'));
    c.set(a, 'mIntent', r.intent);
    // Activity.attach: mActivityInfo = info (the resolved ActivityInfo: theme, flags, taskAffinity).
    if (r.info !== undefined) c.set(a, 'mActivityInfo', r.info);
    r.activity = a;
    singleton(c, 'app.activities', () => [] as string[]).push(r.className);
    // ActivityThread.performLaunchActivity: persistable activities get the three-argument call.
    if (r.persistable === true) c.call(ins, 'callActivityOnCreate', ['android.app.Activity', 'android.os.Bundle', 'android.os.PersistableBundle'], [a, null, null]);
    else c.call(ins, 'callActivityOnCreate', ['android.app.Activity', 'android.os.Bundle'], [a, null]);
  } else if (st.kind === 'resume') {
    // ActivityThread.performResumeActivity: a finished activity is not resumed.
    if (r.activity === null || c.get(r.activity, 'mFinished') === true) return;
    if (c.api >= 28) c.call(r.activity!, 'performResume', ['boolean', 'java.lang.String'], [false, 'RESUME_ACTIVITY']);
    else c.call(r.activity!, 'performResume');
    r.resumed = true;
    c.env.system.uiStateChanged(c.env.app.package, true);
    // handleResumeActivity adds the decor view to the window manager (makeVisible).
    const decor = c.call(c.call(r.activity!, 'getWindow') as JObject, 'getDecorView') as JObject;
    attachRoot(c, decor);
    c.call(decor, 'setVisibility', ['int'], [0]);
  } else if (st.kind === 'destroy') {
    // ActivityThread.performDestroyActivity: pauses the activity if it is still resumed
    // (performPauseActivityIfNeeded), then mInstrumentation.callActivityOnDestroy(r.activity);
    // an activity already destroyed has no record any more (mActivities.remove(token)).
    if (r.activity === null || r.destroyed === true) return;
    if (r.resumed) runLifecycle(c, { kind: 'pause', record: r });
    c.call(ins, 'callActivityOnDestroy', ['android.app.Activity'], [r.activity]);
    r.destroyed = true;
  } else {
    if (r.activity === null || !r.resumed) return;
    c.call(ins, 'callActivityOnPause', ['android.app.Activity'], [r.activity]);
    r.resumed = false;
    c.env.system.uiStateChanged(c.env.app.package, false);
    // The emulator does not separate pause from stop: a paused activity's window is treated as
    // stopped (handleStopActivity hides the decor view, View.INVISIBLE).
    c.call(c.call(c.call(r.activity!, 'getWindow') as JObject, 'getDecorView') as JObject, 'setVisibility', ['int'], [4]);
  }
}

/** What the system server binds: AppBindData for this process. */
function bindData(c: Call): JObject {
  const d = c.newObject('android.app.ActivityThread$AppBindData');
  c.set(d, 'processName', c.env.processName);
  c.set(d, 'appInfo', c.call(c.call(contextImplOf(c), 'getPackageManager') as JObject, 'getApplicationInfo', ['java.lang.String', 'int'], [c.env.app.package, 0]));
  c.set(d, 'compatInfo', c.newObject('android.content.res.CompatibilityInfo'));
  return d;
}

export function scheduleBindApplication(c: Call): void {
  postToH(c, H.BIND_APPLICATION, bindData(c));
}

function makeApplication(c: Call, apk: JObject): JObject {
  return c.call(apk, 'makeApplication', ['boolean', 'android.app.Instrumentation'], [false, null]) as JObject;
}

function applicationOf(c: Call): JObject {
  const app = c.env.singletons.get('app.application') as JObject | undefined;
  if (app === undefined) throw new Error('emulator: component delivered before the application was bound');
  return app;
}

const GET_PACKAGE_INFO_7 = ['android.content.pm.ApplicationInfo', 'android.content.res.CompatibilityInfo', 'java.lang.ClassLoader', 'boolean', 'boolean', 'boolean', 'boolean'];
const GET_PACKAGE_INFO_6 = GET_PACKAGE_INFO_7.slice(0, 6);
const GET_PACKAGE_INFO_5 = GET_PACKAGE_INFO_7.slice(0, 5);

export const app: readonly ClassSpec[] = [
  cls('public final class android.app.ActivityThread', {}, [
    f('android.app.Instrumentation mInstrumentation'),
    f('android.app.Application mInitialApplication'),
    // Emulator bookkeeping standing in for AppBindData.info after binding.
    f('android.app.LoadedApk mBoundApk'),
    m('<init>()'),
    m('public static android.app.Application currentApplication()', (c) => {
      const at = c.env.singletons.get('app.activityThread') as JObject | undefined;
      return at === undefined ? null : c.get(at, 'mInitialApplication');
    }),
    m('public static android.app.ActivityThread currentActivityThread()', (c) => activityThread(c)),
    m('public static java.lang.String currentPackageName()', (c) => (c.env.singletons.has('app.application') ? c.env.app.package : null)),
    m('public static java.lang.String currentProcessName()', (c) => (c.env.singletons.has('app.application') ? c.env.processName : null)),
    m('public static void main(java.lang.String[])'),
    m('public android.app.Application getApplication()', (c, self) => c.get(self!, 'mInitialApplication')),
    m('public android.app.Instrumentation getInstrumentation()', (c, self) => c.get(self!, 'mInstrumentation')),
    m('public final android.app.LoadedApk getPackageInfoNoCheck(android.content.pm.ApplicationInfo, android.content.res.CompatibilityInfo)', (c, self, [ai, ci]) =>
      c.api >= 33
        ? c.callSpecial(self!, AT, 'getPackageInfo', GET_PACKAGE_INFO_7, [ai, ci, null, false, true, false, false])
        : c.api >= 26
          ? c.callSpecial(self!, AT, 'getPackageInfo', GET_PACKAGE_INFO_6, [ai, ci, null, false, true, false])
          : c.callSpecial(self!, AT, 'getPackageInfo', GET_PACKAGE_INFO_5, [ai, ci, null, false, true]),
    ),
    m('public final android.app.LoadedApk getPackageInfo(java.lang.String, android.content.res.CompatibilityInfo, int)'),
    m('public final android.app.LoadedApk getPackageInfo(android.content.pm.ApplicationInfo, android.content.res.CompatibilityInfo, int)'),
    m('private android.app.LoadedApk getPackageInfo(android.content.pm.ApplicationInfo, android.content.res.CompatibilityInfo, java.lang.ClassLoader, boolean, boolean)', { until: 25 }, (c, self, [ai]) => newLoadedApk(c, self!, ai as JObject)),
    m('private android.app.LoadedApk getPackageInfo(android.content.pm.ApplicationInfo, android.content.res.CompatibilityInfo, java.lang.ClassLoader, boolean, boolean, boolean)', { since: 26 }, (c, self, [ai, ci, cl, sv, ic, rp]) =>
      c.api >= 33 ? c.callSpecial(self!, AT, 'getPackageInfo', GET_PACKAGE_INFO_7, [ai, ci, cl, sv, ic, rp, false]) : newLoadedApk(c, self!, ai as JObject),
    ),
    m('private android.app.LoadedApk getPackageInfo(android.content.pm.ApplicationInfo, android.content.res.CompatibilityInfo, java.lang.ClassLoader, boolean, boolean, boolean, boolean)', { since: 33 }, (c, self, [ai]) => newLoadedApk(c, self!, ai as JObject)),
    m('private void handleBindApplication(android.app.ActivityThread$AppBindData)', (c, self, [data]) => {
      c.set(self!, 'mInstrumentation', c.newObject('android.app.Instrumentation'));
      const apk = c.call(self!, 'getPackageInfoNoCheck', ['android.content.pm.ApplicationInfo', 'android.content.res.CompatibilityInfo'], [c.get(data as JObject, 'appInfo'), c.get(data as JObject, 'compatInfo')]) as JObject;
      c.set(data as JObject, 'info', apk);
      c.set(self!, 'mBoundApk', apk);
      const application = makeApplication(c, apk);
      // ActivityThread.installContentProviders: the process's providers are created before Application.onCreate.
      installProviders(c, c.call(apk, 'getClassLoader') as JObject, c.call(application, 'getBaseContext') as JObject);
      c.call(c.get(self!, 'mInstrumentation') as JObject, 'callApplicationOnCreate', ['android.app.Application'], [application]);
    }),
    m('private void handleReceiver(android.app.ActivityThread$ReceiverData)', (c, _self, [data]) => {
      const intent = c.get(data as JObject, 'intent') as JObject;
      const info = c.get(data as JObject, 'info') as JObject;
      const className = c.get(info, 'name') as string;
      const app = applicationOf(c);
      const receiver = newInstance(c, appLoaderObject(c), className);
      c.call(receiver, 'onReceive', ['android.content.Context', 'android.content.Intent'], [c.call(app, 'getBaseContext'), intent]);
    }),
    m('private void handleCreateService(android.app.ActivityThread$CreateServiceData)', (c, _self, [data]) => {
      const info = c.get(data as JObject, 'info') as JObject;
      const className = c.get(info, 'name') as string;
      const service = newInstance(c, appLoaderObject(c), className);
      c.set(service, 'mBase', c.newObject('android.app.ContextImpl'));
      services(c).set(className, service);
      c.call(service, 'onCreate');
    }),
    m('private void handleServiceArgs(android.app.ActivityThread$ServiceArgsData)', (c, _self, [data]) => {
      const intent = c.get(data as JObject, 'args') as JObject | null;
      // A START_STICKY restart passes a null intent: ActivityThread finds the service by its token
      // (the emulator keeps the service's class on the data object instead).
      const restarted = (data as JObject).native as { service?: string } | null | undefined;
      const service = intent !== null ? serviceFor(c, intent) : restarted?.service !== undefined ? (services(c).get(restarted.service) ?? null) : null;
      if (service === null) return;
      const res = c.call(service, 'onStartCommand', ['android.content.Intent', 'int', 'int'], [intent, 0, 1]) as number;
      // ActivityThread.handleServiceArgs hands the result to ActivityManagerService.serviceDoneExecuting
      // (SERVICE_DONE_EXECUTING_START): ActiveServices.serviceDoneExecutingLocked keeps whether the
      // system restarts the service when its process dies.
      c.env.system.serviceStartResult(c.env.app.package, service.cls.name, res, intent);
    }),
    m('private void handleBindService(android.app.ActivityThread$BindServiceData)', (c, _self, [data]) => {
      const intent = c.get(data as JObject, 'intent') as JObject;
      const service = serviceFor(c, intent);
      if (service !== null) c.call(service, 'onBind', ['android.content.Intent'], [intent]);
    }),
  ]),
  cls('class android.app.ActivityThread$H extends android.os.Handler', {}, [
    m('<init>()'),
    m('public void handleMessage(android.os.Message)', (c, _self, [msg]) => {
      const what = c.get(msg as JObject, 'what') as number;
      const obj = c.get(msg as JObject, 'obj') as JObject;
      const at = activityThread(c);
      switch (what) {
        case H.BIND_APPLICATION:
          c.callSpecial(at, AT, 'handleBindApplication', ['android.app.ActivityThread$AppBindData'], [obj]);
          break;
        case H.RECEIVER:
          c.callSpecial(at, AT, 'handleReceiver', ['android.app.ActivityThread$ReceiverData'], [obj]);
          break;
        case H.CREATE_SERVICE:
          c.callSpecial(at, AT, 'handleCreateService', ['android.app.ActivityThread$CreateServiceData'], [obj]);
          break;
        case H.SERVICE_ARGS:
          c.callSpecial(at, AT, 'handleServiceArgs', ['android.app.ActivityThread$ServiceArgsData'], [obj]);
          break;
        case H.BIND_SERVICE:
          c.callSpecial(at, AT, 'handleBindService', ['android.app.ActivityThread$BindServiceData'], [obj]);
          break;
        case H.EXECUTE_TRANSACTION:
          c.call(c.newObject('android.app.servertransaction.TransactionExecutor'), 'execute', ['android.app.servertransaction.ClientTransaction'], [obj]);
          break;
        case H.LAUNCH_ACTIVITY:
        case H.RESUME_ACTIVITY:
        case H.PAUSE_ACTIVITY:
        case H.DESTROY_ACTIVITY:
          runLifecycle(c, obj.native as TransactionState);
          break;
      }
    }),
  ]),
  cls('static final class android.app.ActivityThread$AppBindData', {}, [
    f('java.lang.String processName'),
    f('android.content.pm.ApplicationInfo appInfo'),
    f('android.content.res.CompatibilityInfo compatInfo'),
    f('android.content.ComponentName instrumentationName'),
    f('android.app.LoadedApk info'),
    m('<init>()'),
  ]),
  cls('static final class android.app.ActivityThread$ReceiverData extends android.content.BroadcastReceiver$PendingResult', {}, [
    f('android.content.Intent intent'),
    f('android.content.pm.ActivityInfo info'),
    m('<init>()'),
  ]),
  cls('static final class android.app.ActivityThread$CreateServiceData', {}, [
    f('android.content.pm.ServiceInfo info'),
    f('android.content.Intent intent', { since: 29 }),
    m('<init>()'),
  ]),
  cls('static final class android.app.ActivityThread$ServiceArgsData', {}, [f('android.content.Intent args'), m('<init>()')]),
  cls('static final class android.app.ActivityThread$BindServiceData', {}, [f('android.content.Intent intent'), m('<init>()')]),
  cls('public static class android.content.BroadcastReceiver$PendingResult', {}, []),
  cls('public class android.content.res.CompatibilityInfo implements android.os.Parcelable', {}, [m('<init>()')]),
  cls('public final class android.app.LoadedApk', {}, [
    f('android.content.pm.ApplicationInfo mApplicationInfo'),
    m('<init>()'),
    m('public java.lang.ClassLoader getClassLoader()', (c) => {
      const loader = c.vm.app ?? c.env.createAppLoader();
      c.vm.app = loader;
      return c.vm.loaderObject(loader);
    }),
    m('public java.lang.String getDataDir()', (c) => c.env.app.dataDir),
    m('public java.lang.String getPackageName()', (c) => c.env.app.package),
    m('public android.content.pm.ApplicationInfo getApplicationInfo()', (c, self) => c.get(self!, 'mApplicationInfo')),
    m('public android.app.Application makeApplication(boolean, android.app.Instrumentation)', (c, self) => {
      const existing = c.env.singletons.get('app.application') as JObject | undefined;
      if (existing !== undefined) return existing;
      const cl = c.call(self!, 'getClassLoader') as JObject;
      const appClass = c.env.app.applicationClass ?? 'android.app.Application';
      const ctx = contextImplOf(c);
      const ins = instrumentation(c);
      const application = c.call(ins, 'newApplication', ['java.lang.ClassLoader', 'java.lang.String', 'android.content.Context'], [cl, appClass, ctx]) as JObject;
      c.env.singletons.set('app.application', application);
      c.set(activityThread(c), 'mInitialApplication', application);
      return application;
    }),
  ]),
  cls('public class android.app.Instrumentation', {}, [
    m('public <init>()'),
    m('public void callActivityOnCreate(android.app.Activity, android.os.Bundle)', (c, _s, [a, b]) => {
      c.call(a as JObject, 'performCreate', ['android.os.Bundle'], [b]);
    }),
    m('public void callActivityOnCreate(android.app.Activity, android.os.Bundle, android.os.PersistableBundle)', (c, _s, [a, b]) => {
      c.call(a as JObject, 'performCreate', ['android.os.Bundle'], [b]);
    }),
    m('public void callActivityOnPause(android.app.Activity)', (c, _s, [a]) => {
      c.call(a as JObject, 'performPause');
    }),
    // Instrumentation.callActivityOnDestroy: activity.performDestroy() (which calls onDestroy).
    m('public void callActivityOnDestroy(android.app.Activity)', (c, _s, [a]) => {
      c.call(a as JObject, 'performDestroy');
    }),
    m('public void callActivityOnResume(android.app.Activity)', (c, _s, [a]) => {
      c.call(a as JObject, 'onResume');
    }),
    m('public void callApplicationOnCreate(android.app.Application)', (c, _s, [a]) => {
      c.call(a as JObject, 'onCreate');
    }),
    m('public android.app.Instrumentation$ActivityResult execStartActivity(' + EXEC_START.join(', ') + ')', (c, _s, args) => startActivityIntent(c, args[4] ?? null)),
    m('public android.app.Instrumentation$ActivityResult execStartActivity(' + EXEC_START_STRING.join(', ') + ')', (c, _s, args) => startActivityIntent(c, args[4] ?? null)),
    m('public android.app.Instrumentation$ActivityResult execStartActivity(' + EXEC_START_USER.join(', ') + ')', (c, _s, args) => startActivityIntent(c, args[4] ?? null)),
    m('public void execStartActivities(' + EXEC_START_ALL.join(', ') + ')', (c, self, [who, ct, tok, target, intents, opts]) =>
      c.call(self!, 'execStartActivitiesAsUser', [...EXEC_START_ALL, 'int'], [who, ct, tok, target, intents, opts, 0]),
    ),
    m('public int execStartActivitiesAsUser(' + EXEC_START_ALL.join(', ') + ', int)', (c, _s, [, , , , intents]) => {
      if (intents === null) c.throwNew('java.lang.NullPointerException');
      for (const i of (intents as JArray).elems) startActivityIntent(c, i);
      return 0;
    }),
    m('public android.app.Activity newActivity(java.lang.ClassLoader, java.lang.String, android.content.Intent)', (c, _s, [cl, name]) => newInstance(c, cl as JObject, name as string)),
    m('public android.app.Application newApplication(java.lang.ClassLoader, java.lang.String, android.content.Context)', (c, _s, [cl, name, ctx]) => {
      const a = newInstance(c, cl as JObject, name as string);
      c.call(a, 'attach', ['android.content.Context'], [ctx]);
      return a;
    }),
  ]),
  cls('public final class android.app.Instrumentation$ActivityResult', {}, []),
  cls('public class android.app.Application extends android.content.ContextWrapper', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.ContextWrapper', '<init>', ['android.content.Context'], [null])),
    m('final void attach(android.content.Context)', (c, self, [ctx]) => {
      c.call(self!, 'attachBaseContext', ['android.content.Context'], [ctx]);
    }),
    m('public void onCreate()'),
  ]),
  cls('public class android.app.Activity extends android.view.ContextThemeWrapper', {}, [
    f('android.content.Intent mIntent'),
    f('android.content.pm.ActivityInfo mActivityInfo'),
    // Activity.finish(): mFinished is set and the system destroys the activity; one that finishes
    // in onCreate is never resumed (ActivityThread.performResumeActivity returns early when
    // r.activity.mFinished), so a transparent trampoline never brings its app to the foreground.
    f('boolean mFinished'),
    m('public void finish()', (c, self) => {
      if (c.get(self!, 'mFinished') === true) return;
      c.set(self!, 'mFinished', true);
      c.env.system.activityFinished(c.env.app.package, self!);
    }),
    m('public boolean isFinishing()', (c, self) => c.get(self!, 'mFinished') === true),
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.view.ContextThemeWrapper', '<init>', [])),
    m('public android.content.Intent getIntent()', (c, self) => c.get(self!, 'mIntent')),
    // Activity.attach creates the PhoneWindow; here on first use (same object for the activity's life).
    f('private android.view.Window mWindow'),
    m('public android.view.Window getWindow()', (c, self) => {
      let w = c.get(self!, 'mWindow') as JObject | null;
      if (w === null) {
        w = c.newObject('com.android.internal.policy.PhoneWindow', ['android.content.Context'], [self]);
        c.set(self!, 'mWindow', w);
      }
      return w;
    }),
    m('protected void onCreate(android.os.Bundle)'),
    m('protected void onPause()'),
    m('protected void onResume()'),
    m('final void performCreate(android.os.Bundle)', (c, self, [b]) => {
      c.call(self!, 'onCreate', ['android.os.Bundle'], [b]);
    }),
    m('final void performPause()', (c, self) => {
      c.call(self!, 'onPause');
    }),
    // Activity.performDestroy: mDestroyed = true, then onDestroy() (isDestroyed() answers from here on).
    f('private boolean mDestroyed'),
    m('final void performDestroy()', (c, self) => {
      c.set(self!, 'mDestroyed', true);
      c.call(self!, 'onDestroy');
    }),
    m('protected void onDestroy()'),
    m('public boolean isDestroyed()', (c, self) => c.get(self!, 'mDestroyed') === true),
    m('final void performResume()', { until: 27 }, (c, self) => {
      c.call(instrumentation(c), 'callActivityOnResume', ['android.app.Activity'], [self]);
    }),
    m('final void performResume(boolean, java.lang.String)', { since: 28 }, (c, self) => {
      c.call(instrumentation(c), 'callActivityOnResume', ['android.app.Activity'], [self]);
    }),
    m('public void startActivity(android.content.Intent)', (c, self, [i]) => c.call(self!, 'startActivity', ['android.content.Intent', 'android.os.Bundle'], [i, null])),
    m('public void startActivity(android.content.Intent, android.os.Bundle)', (c, self, [i, b]) => {
      c.call(instrumentation(c), 'execStartActivity', EXEC_START, [self, null, null, self, i, -1, b]);
    }),
    m('public void startActivities(android.content.Intent[], android.os.Bundle)', (c, self, [is, b]) => {
      c.call(instrumentation(c), 'execStartActivities', EXEC_START_ALL, [self, null, null, self, is, b]);
    }),
    // Fragments start activities under their mWho (the String overload of execStartActivity).
    m('public void startActivityFromFragment(android.app.Fragment, android.content.Intent, int, android.os.Bundle)', (c, self, [fr, i, code, b]) =>
      c.call(self!, 'startActivityForResult', ['java.lang.String', 'android.content.Intent', 'int', 'android.os.Bundle'], [c.get(fr as JObject, 'mWho'), i, code, b]),
    ),
    m('public void startActivityForResult(java.lang.String, android.content.Intent, int, android.os.Bundle)', (c, self, [who, i, code, b]) => {
      c.call(instrumentation(c), 'execStartActivity', EXEC_START_STRING, [self, null, null, who, i, code, b]);
    }),
    // Activity.startActivityForResult(Intent, int[, Bundle]): with no parent activity,
    // mInstrumentation.execStartActivity(this, ..., this, intent, requestCode, options). The
    // system's screen-capture consent dialog answers through onActivityResult (identity.ts).
    m('public void startActivityForResult(android.content.Intent, int)', (c, self, [i, code]) =>
      c.call(self!, 'startActivityForResult', ['android.content.Intent', 'int', 'android.os.Bundle'], [i, code, null]),
    ),
    m('public void startActivityForResult(android.content.Intent, int, android.os.Bundle)', { since: 16 }, (c, self, [i, code, b]) => {
      c.call(instrumentation(c), 'execStartActivity', EXEC_START, [self, null, null, self, i, code, b]);
      if ((code as number) >= 0 && i !== null) awaitScreenCaptureConsent(c, self!, i as JObject, code as number);
    }),
    m('protected void onActivityResult(int, int, android.content.Intent)'),
    m('public android.app.FragmentManager getFragmentManager()', (c, self) => {
      let fm = c.get(self!, 'mFragments') as JObject | null;
      if (fm === null) {
        fm = c.newObject('android.app.FragmentManagerImpl');
        c.set(fm, 'mHost', self);
        c.set(self!, 'mFragments', fm);
      }
      return fm;
    }),
    f('android.app.FragmentManagerImpl mFragments'),
    ...permissionMethods(),
  ]),
  cls('public abstract class android.app.Service extends android.content.ContextWrapper', {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.content.ContextWrapper', '<init>', ['android.content.Context'], [null])),
    m('public abstract android.os.IBinder onBind(android.content.Intent)'),
    m('public void onCreate()'),
    // START_STICKY: the system restarts the service after its process dies.
    m('public int onStartCommand(android.content.Intent, int, int)', () => 1),
    // From API 29 the two-argument form takes the manifest's types (FOREGROUND_SERVICE_TYPE_MANIFEST).
    m('public final void startForeground(int, android.app.Notification)', (c, self, [id, n]) => startForegroundImpl(c, self!, id as number, n ?? null, -1)),
    m('public final void startForeground(int, android.app.Notification, int)', { since: 29 }, (c, self, [id, n, type]) => startForegroundImpl(c, self!, id as number, n ?? null, type as number)),
    m('public final void stopForeground(boolean)', (c, self) => c.env.system.setForeground(c.env.app.package, self!.cls.name, false)),
    m('public final void stopSelf()', (c, self) => {
      c.env.system.setForeground(c.env.app.package, self!.cls.name, false);
      // A stopped service is no longer restarted (ActiveServices.stopServiceTokenLocked).
      c.env.system.serviceStopped(c.env.app.package, self!.cls.name);
    }),
  ]),
  // ---- fragments (android.app, deprecated in API 28 but still shipped) ----------------------------
  cls('public class android.app.Fragment', {}, [
    f('java.lang.String mWho'),
    f('android.app.Activity mActivity'),
    m('public <init>()', (c, self) => c.set(self!, 'mWho', `android:fragment:${(self!.hash % 100).toString()}`)),
    m('public final android.app.Activity getActivity()', (c, self) => c.get(self!, 'mActivity')),
    m('public final void requestPermissions(java.lang.String[], int)', { since: 23 }, (c, self, [p, code]) => {
      const a = attached(c, self!);
      // Activity.requestPermissionsFromFragment: the request runs under the fragment's mWho.
      requestPermissionsImpl(c, a, p ?? null, code as number);
    }),
    m('public void onRequestPermissionsResult(int, java.lang.String[], int[])', { since: 23 }),
    m('public void startActivity(android.content.Intent)', (c, self, [i]) => c.call(self!, 'startActivity', ['android.content.Intent', 'android.os.Bundle'], [i, null])),
    m('public void startActivity(android.content.Intent, android.os.Bundle)', (c, self, [i, b]) =>
      c.call(attached(c, self!), 'startActivityFromFragment', ['android.app.Fragment', 'android.content.Intent', 'int', 'android.os.Bundle'], [self, i, -1, b]),
    ),
    m('public java.lang.String toString()', (c, self) => `${self!.cls.name.slice(self!.cls.name.lastIndexOf('.') + 1)}{${self!.hash.toString(16)}}`),
  ]),
  cls('public abstract class android.app.FragmentManager', {}, [m('public <init>()'), m('public abstract android.app.FragmentTransaction beginTransaction()')]),
  cls('final class android.app.FragmentManagerImpl extends android.app.FragmentManager', { file: 'FragmentManager.java' }, [
    f('android.app.Activity mHost'),
    m('<init>()', (c, self) => c.callSpecial(self!, 'android.app.FragmentManager', '<init>', [])),
    m('public android.app.FragmentTransaction beginTransaction()', (c, self) => {
      const t = c.newObject('android.app.BackStackRecord');
      c.set(t, 'mManager', self);
      return t;
    }),
  ]),
  cls('public abstract class android.app.FragmentTransaction', {}, [
    m('public <init>()'),
    m('public abstract android.app.FragmentTransaction add(android.app.Fragment, java.lang.String)'),
    m('public abstract void commitNow()', { since: 24 }),
  ]),
  cls('final class android.app.BackStackRecord extends android.app.FragmentTransaction', {}, [
    f('android.app.FragmentManagerImpl mManager'),
    m('<init>()', (c, self) => c.callSpecial(self!, 'android.app.FragmentTransaction', '<init>', [])),
    m('public android.app.FragmentTransaction add(android.app.Fragment, java.lang.String)', (c, self, [fr]) => {
      ((self!.native ??= []) as JValue[]).push(fr ?? null);
      return self;
    }),
    m('public void commitNow()', { since: 24 }, (c, self) => {
      const host = c.get(c.get(self!, 'mManager') as JObject, 'mHost');
      for (const fr of (self!.native ?? []) as JObject[]) c.set(fr, 'mActivity', host);
    }),
  ]),

  // ---- dynamic receivers (LoadedApk) -------------------------------------------------------------
  cls('static final class android.app.LoadedApk$ReceiverDispatcher', { file: 'LoadedApk.java' }, [
    m('<init>()'),
    // The system's IIntentReceiver call: an Args is posted to the receiver's handler (main thread by default).
    m('public void performReceive(android.content.Intent, int, java.lang.String, android.os.Bundle, boolean, boolean, int)', (c, self, [intent]) => {
      const d = self!.native as DispatcherState;
      const args = c.newObject('android.app.LoadedApk$ReceiverDispatcher$Args', ['android.app.LoadedApk$ReceiverDispatcher', 'android.content.Intent'], [self, intent]);
      const h = (d.handler as JObject | null) ?? c.newObject('android.os.Handler', ['android.os.Looper'], [mainLooper(c)]);
      const r = c.api >= 33 ? (c.call(args, 'getRunnable') as JObject) : args;
      c.call(h, 'post', ['java.lang.Runnable'], [r]);
    }),
  ]),
  cls('final class android.app.LoadedApk$ReceiverDispatcher$Args extends android.content.BroadcastReceiver$PendingResult', { file: 'LoadedApk.java', until: 32 }, argsMembers(true)),
  cls('final class android.app.LoadedApk$ReceiverDispatcher$Args extends android.content.BroadcastReceiver$PendingResult', { file: 'LoadedApk.java', since: 33 }, argsMembers(false)),
  cls('final class android.app.LoadedApk$ReceiverDispatcher$Args$$ExternalSyntheticLambda0 implements java.lang.Runnable', { file: 'LoadedApk.java', since: 33 }, [
    f('final android.app.LoadedApk$ReceiverDispatcher$Args f$0'),
    // D8's lambda classes take the captured values in their constructor.
    m('public <init>(android.app.LoadedApk$ReceiverDispatcher$Args)', (c, self, [a]) => c.set(self!, 'f$0', a ?? null)),
    m('public final void run()', (c, self) => deliverArgs(c, c.get(self!, 'f$0') as JObject)),
  ]),
  // What startForegroundService throws from the background on API 31+ (ActiveServices.startServiceLocked):
  // ServiceStartNotAllowedException is abstract with a package-private constructor.
  cls('public abstract class android.app.ServiceStartNotAllowedException extends java.lang.IllegalStateException', { since: 31 }, [
    m('<init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.IllegalStateException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public final class android.app.BackgroundServiceStartNotAllowedException extends android.app.ServiceStartNotAllowedException', { since: 31 }, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'android.app.ServiceStartNotAllowedException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public final class android.app.ForegroundServiceStartNotAllowedException extends android.app.ServiceStartNotAllowedException', { since: 31 }, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'android.app.ServiceStartNotAllowedException', '<init>', ['java.lang.String'], [msg])),
  ]),
  // What startForeground throws on Android 14+ for an app targeting 34+ with no type
  // (ActiveServices.validateForegroundServiceType), parcelled back to the app.
  cls('public abstract class android.app.ForegroundServiceTypeException extends android.app.ServiceStartNotAllowedException', { since: 34 }, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'android.app.ServiceStartNotAllowedException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public final class android.app.MissingForegroundServiceTypeException extends android.app.ForegroundServiceTypeException', { since: 34 }, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'android.app.ForegroundServiceTypeException', '<init>', ['java.lang.String'], [msg])),
  ]),
  cls('public class android.app.servertransaction.ClientTransaction implements android.os.Parcelable', { since: 28 }, [m('<init>()')]),
  cls('public class android.app.servertransaction.TransactionExecutor', { since: 28 }, [
    m('public <init>()'),
    m('public void execute(android.app.servertransaction.ClientTransaction)', (c, _s, [t]) => runLifecycle(c, (t as JObject).native as TransactionState)),
  ]),
];

/** Instrumentation.execStartActivity*: the activity manager starts the intent's activity. */
function startActivityIntent(c: Call, intent: JValue): null {
  if (intent === null || intent === undefined) c.throwNew('java.lang.NullPointerException', "Attempt to invoke virtual method 'void android.content.Intent.migrateExtraStreamToClipData()' on a null object reference");
  const st = intentState(intent as JObject, c.vm);
  c.env.system.launch({ via: 'activity', callerPackage: c.env.app.package, callerPid: c.env.pid, component: st.component, package: st.package, action: st.action, data: st.data, intent: intent as JObject });
  return null;
}

export const REQUEST_PERMISSIONS = 'android.content.pm.action.REQUEST_PERMISSIONS';
export const EXTRA_NAMES = 'android.content.pm.extra.REQUEST_PERMISSIONS_NAMES';
export const EXTRA_RESULTS = 'android.content.pm.extra.REQUEST_PERMISSIONS_RESULTS';
const WHO_PREFIX = '@android:requestPermissions:';
const SA = '[Ljava.lang.String;';

/** The permission controller that shows the dialog on this release. */
export function permissionController(api: number): string {
  return api >= 29 ? 'com.android.permissioncontroller' : 'com.android.packageinstaller';
}

interface PermissionRequestState {
  inFlight: boolean;
  denied: Set<string>;
}

function permState(c: Call): PermissionRequestState {
  return singleton(c, 'app.permissionRequests', () => ({ inFlight: false, denied: new Set<string>() }));
}

/**
 * Activity.requestPermissions (AOSP Activity.java): the permission controller's activity starts for
 * a result (the String overload of execStartActivity); the user answers; the result comes back
 * through dispatchRequestPermissionsResult to onRequestPermissionsResult.
 */
function requestPermissionsImpl(c: Call, self: JObject, perms: JValue, code: number): void {
  if (code < 0) c.throwNew('java.lang.IllegalArgumentException', 'requestCode should be >= 0');
  const st = permState(c);
  if (st.inFlight) {
    // "Can request only one set of permissions at a time": answered at once, as a cancellation.
    c.call(self, 'onRequestPermissionsResult', ['int', SA, '[I'], [code, c.vm.newArray(SA, []), c.vm.newArray('[I', [])]);
    return;
  }
  const names = perms === null ? [] : (perms as JArray).elems.map(String);
  const intent = newIntent(c, { action: REQUEST_PERMISSIONS, package: permissionController(c.api) });
  c.call(intent, 'putExtra', ['java.lang.String', SA], [EXTRA_NAMES, c.vm.newArray(SA, [...names])]);
  st.inFlight = true;
  c.call(self, 'startActivityForResult', ['java.lang.String', 'android.content.Intent', 'int', 'android.os.Bundle'], [WHO_PREFIX, intent, code, null]);
  // The dialog pauses the activity; the answer arrives when the user taps.
  const answers = c.env.system.requestPermissions(c.env.app.package, names);
  for (const [i, n] of names.entries()) if (answers[i] === false) st.denied.add(n);
  const vm = c.vm;
  const env = c.env;
  env.post(env.mainThread, 1500, () => {
    const cc = vm.callFor(vm.current);
    st.inFlight = false;
    const data = newIntent(cc, { action: REQUEST_PERMISSIONS });
    cc.call(data, 'putExtra', ['java.lang.String', SA], [EXTRA_NAMES, vm.newArray(SA, [...names])]);
    cc.call(data, 'putExtra', ['java.lang.String', '[I'], [EXTRA_RESULTS, vm.newArray('[I', answers.map((g) => (g ? 0 : -1)))]);
    cc.call(self, 'dispatchRequestPermissionsResult', ['int', 'android.content.Intent'], [code, data]);
  });
}

function permissionMethods(): (MethodSpec | FieldSpec)[] {
  return [
    m('public final void requestPermissions(java.lang.String[], int)', { since: 23 }, (c, self, [p, code]) =>
      c.api >= 35 ? c.call(self!, 'requestPermissions', [SA, 'int', 'int'], [p, code, 0]) : requestPermissionsImpl(c, self!, p ?? null, code as number),
    ),
    m('public final void requestPermissions(java.lang.String[], int, int)', { since: 35 }, (c, self, [p, code]) => requestPermissionsImpl(c, self!, p ?? null, code as number)),
    m('public void onRequestPermissionsResult(int, java.lang.String[], int[])', { since: 23 }),
    m('void dispatchRequestPermissionsResult(int, android.content.Intent)', { since: 23 }, (c, self, [code, data]) => {
      const names = data === null ? null : c.call(data as JObject, 'getStringArrayExtra', ['java.lang.String'], [EXTRA_NAMES]);
      const results = data === null ? null : c.call(data as JObject, 'getIntArrayExtra', ['java.lang.String'], [EXTRA_RESULTS]);
      c.call(self!, 'onRequestPermissionsResult', ['int', SA, '[I'], [code, names ?? c.vm.newArray(SA, []), results ?? c.vm.newArray('[I', [])]);
    }),
    // True after the user denied once (and the permission is still not granted).
    m('public boolean shouldShowRequestPermissionRationale(java.lang.String)', { since: 23 }, (c, self, [p]) =>
      c.api >= 35 ? c.call(self!, 'shouldShowRequestPermissionRationale', ['java.lang.String', 'int'], [p, 0]) : !c.env.permissionGranted(p as string) && permState(c).denied.has(p as string),
    ),
    m('public boolean shouldShowRequestPermissionRationale(java.lang.String, int)', { since: 35 }, (c, _s, [p]) => !c.env.permissionGranted(p as string) && permState(c).denied.has(p as string)),
  ];
}

/** ServiceInfo.FOREGROUND_SERVICE_TYPE_MANIFEST: "the types android:foregroundServiceType declares". */
const FOREGROUND_SERVICE_TYPE_MANIFEST = -1;

/**
 * Android 14+ types whose ForegroundServiceTypePolicy is one permission and nothing else
 * (FGS_TYPE_POLICY_DATA_SYNC, FGS_TYPE_POLICY_MEDIA_PLAYBACK: allOf, no anyOf, no custom check).
 */
const SINGLE_PERMISSION_TYPES: Readonly<Record<number, { label: string; permission: string }>> = {
  1: { label: 'dataSync', permission: 'android.permission.FOREGROUND_SERVICE_DATA_SYNC' },
  2: { label: 'mediaPlayback', permission: 'android.permission.FOREGROUND_SERVICE_MEDIA_PLAYBACK' },
};

/** ProcessRecord.toString(): "ProcessRecord{<identity hash> <pid>:<process>/u0a<appId>}"; the hash is synthetic. */
function processRecordText(c: Call): string {
  const hash = (Math.imul(c.env.pid, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0').slice(0, 7);
  return `ProcessRecord{${hash} ${c.env.pid}:${c.env.processName}/u0a${c.env.uid - 10000}}`;
}

/**
 * Service.startForeground -> ActiveServices.setServiceForegroundInnerLocked, in its order:
 * FOREGROUND_SERVICE (Android 9+, apps targeting 28+); from Android 10 the type must be a subset
 * of the manifest's android:foregroundServiceType (FOREGROUND_SERVICE_TYPE_MANIFEST standing for
 * it); from Android 14, for apps targeting 34+, validateForegroundServiceType: no type at all is
 * MissingForegroundServiceTypeException, and each type's permissions are enforced. Between the two,
 * from Android 12, the background start restriction (emulator/fgs.ts). Per-type rules
 * other than dataSync, mediaPlayback and mediaProjection (identity.ts), and refusals whose text is
 * not pinned, fail loudly (ledger: android.service.startForegroundTypes).
 */
function startForegroundImpl(c: Call, self: JObject, id: number, n: JValue, type: number): void {
  if (id === 0) c.throwNew('java.lang.IllegalArgumentException', 'Notification id must be non-zero');
  if (n === null) c.throwNew('java.lang.IllegalArgumentException', 'null notification');
  const targetSdk = c.env.app.targetSdk;
  if (c.api >= 28 && targetSdk >= 28 && !c.env.permissionGranted('android.permission.FOREGROUND_SERVICE')) {
    c.throwNew('java.lang.SecurityException', `Permission Denial: startForeground from pid=${c.env.pid}, uid=${c.env.uid} requires android.permission.FOREGROUND_SERVICE`);
  }
  let types = 0;
  if (c.api >= 29) {
    const manifest = c.env.app.components.services.find((d) => d.name === self.cls.name)?.foregroundServiceType ?? 0;
    types = type === FOREGROUND_SERVICE_TYPE_MANIFEST ? manifest : type;
    if ((types & manifest) !== types) {
      c.throwNew('java.lang.IllegalArgumentException', `foregroundServiceType ${hex8(types)} is not a subset of foregroundServiceType attribute ${hex8(manifest)} in service element of manifest file`);
    }
  }
  // Android 12+: the background start restriction (before the Android 14 type policy).
  const refusal = c.env.system.startForegroundRefusal(c.env.app.package, self.cls.name, types);
  if (refusal !== null) c.throwNew('android.app.ForegroundServiceStartNotAllowedException', refusal);
  if (c.api >= 34) enforceTypePolicy(c, type, types);
  c.env.system.setForeground(c.env.app.package, self.cls.name, true, types);
}

/** String.format("0x%08X", v) of an int. */
function hex8(v: number): string {
  return `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/**
 * ActiveServices.validateForegroundServiceType on Android 14+, type by type from the highest bit
 * (setServiceForegroundInnerLocked's loop, which stops at the first type that is not OK). An app
 * targeting 33 or lower is only logged (FGS_TYPE_NONE_DISABLED_CHANGE_ID and
 * FGS_TYPE_PERMISSION_CHANGE_ID are enabled after TIRAMISU).
 */
function enforceTypePolicy(c: Call, given: number, types: number): void {
  const targetSdk = c.env.app.targetSdk;
  if (types === 0) {
    if (targetSdk < 34) return;
    if (given !== FOREGROUND_SERVICE_TYPE_MANIFEST) throw new Error('emulator: startForeground with type 0 (InvalidForegroundServiceTypeException "... has been prohibited") is not modelled');
    c.throwNew('android.app.MissingForegroundServiceTypeException', `Starting FGS without a type  callerApp=${processRecordText(c)} targetSDK=${targetSdk}`);
  }
  for (let bit = (1 << (31 - Math.clz32(types))) >>> 0; bit !== 0; bit >>>= 1) {
    if ((types & bit) === 0) continue;
    const projection = bit === FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION ? mediaProjectionTypeRefusal(c) : null;
    const refusal = projection !== null ? { label: 'mediaProjection', permissions: projection } : bit === FOREGROUND_SERVICE_TYPE_MEDIA_PROJECTION || targetSdk < 34 ? null : singlePermissionRefusal(c, bit);
    if (refusal !== null) c.throwNew('java.lang.SecurityException', `Starting FGS with type ${refusal.label} callerApp=${processRecordText(c)} targetSDK=${targetSdk} requires permissions: ${refusal.permissions}`);
  }
}

/**
 * The dataSync / mediaPlayback policies (one "all of" RegularPermission): null when granted, else
 * what validateForegroundServiceType's SecurityException names, as the Android 14 platform sources
 * word it (ForegroundServiceTypePolicyInfo.toPermissionString). Other types, and API 35-36 (not
 * read), fail loudly.
 */
function singlePermissionRefusal(c: Call, bit: number): { label: string; permissions: string } | null {
  const policy = SINGLE_PERMISSION_TYPES[bit];
  if (policy === undefined) throw new Error(`emulator: the Android 14 foreground service type policy for type ${hex8(bit)} is not modelled (ForegroundServiceTypePolicy: its permissions and eligibility are not cited)`);
  if (c.env.permissionGranted(policy.permission)) return null;
  if (c.api > 34) throw new Error(`emulator: refusing foreground service type ${hex8(bit)} without ${policy.permission} on API ${c.api} is not modelled (the SecurityException's text is pinned for Android 14 only)`);
  return { label: policy.label, permissions: `all of the permissions allOf=true [${policy.permission}] ` };
}

function attached(c: Call, fragment: JObject): JObject {
  const a = c.get(fragment, 'mActivity') as JObject | null;
  if (a === null) c.throwNew('java.lang.IllegalStateException', `Fragment ${String(c.call(fragment, 'toString'))} not attached to Activity`);
  return a!;
}

function argsMembers(runnable: boolean): (MethodSpec | FieldSpec)[] {
  const out: (MethodSpec | FieldSpec)[] = [
    f('private android.content.Intent mCurIntent'),
    f('final android.app.LoadedApk$ReceiverDispatcher this$0'),
    m('public <init>(android.app.LoadedApk$ReceiverDispatcher, android.content.Intent)', (c, self, [d, i]) => {
      c.set(self!, 'this$0', d ?? null);
      c.set(self!, 'mCurIntent', i ?? null);
    }),
  ];
  if (runnable) out.push(m('public void run()', (c, self) => deliverArgs(c, self!)));
  else {
    out.push(
      m('public final java.lang.Runnable getRunnable()', (c, self) => {
        return c.newObject('android.app.LoadedApk$ReceiverDispatcher$Args$$ExternalSyntheticLambda0', ['android.app.LoadedApk$ReceiverDispatcher$Args'], [self]);
      }),
    );
  }
  return out;
}

/** Args.run: the receiver's onReceive with the dispatcher's context. */
function deliverArgs(c: Call, args: JObject): void {
  const d = (c.get(args, 'this$0') as JObject).native as DispatcherState;
  const intent = c.get(args, 'mCurIntent');
  c.call(d.receiver as JObject, 'onReceive', ['android.content.Context', 'android.content.Intent'], [d.context, intent]);
}

function newInstance(c: Call, loader: JObject, name: string): JObject {
  const k = c.vm.loadClass(loader.native, name);
  return c.vm.newObject(k, [], []);
}

function newLoadedApk(c: Call, _at: JObject, ai: JObject): JObject {
  const apk = c.newObject('android.app.LoadedApk');
  c.set(apk, 'mApplicationInfo', ai);
  return apk;
}

function services(c: Call): Map<string, JObject> {
  return singleton(c, 'app.services', () => new Map<string, JObject>());
}

function serviceFor(c: Call, intent: JObject): JObject | null {
  const cmp = intentState(intent, c.vm).component;
  return cmp === null ? null : (services(c).get(cmp.class) ?? null);
}
