// What lets an app run later without the user: PendingIntents, alarms, jobs and foreground-service
// notifications. The system keeps what a PendingIntent will start (PendingTarget) and fires alarms
// and jobs on the device clock, starting the app's process when needed (the "alarm" and "job"
// start reasons).
//
// Enforced: FLAG_IMMUTABLE/FLAG_MUTABLE for apps targeting Android 12+, exact alarms need
// SCHEDULE_EXACT_ALARM (or USE_EXACT_ALARM on 13+) for apps targeting 12+, a JobService must
// require BIND_JOB_SERVICE, persisted jobs need RECEIVE_BOOT_COMPLETED, periodic jobs run at most
// every 15 minutes.
import { JArray, type JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { extrasOf, intentState, registerSystemService } from './content.js';
import type { PendingTarget } from './env.js';

const PI = 'android.app.PendingIntent';
const AM = 'android.app.AlarmManager';
const OAL = 'android.app.AlarmManager$OnAlarmListener';
const ACI = 'android.app.AlarmManager$AlarmClockInfo';
const WS = 'android.os.WorkSource';
const S = 'java.lang.String';

export const FLAG_IMMUTABLE = 0x04000000;
export const FLAG_MUTABLE = 0x02000000;
const FLAG_NO_CREATE = 0x20000000;

/** What a PendingIntent object stands for (host-side; the system's PendingIntentRecord). */
export function pendingTarget(o: JValue): PendingTarget | null {
  return o !== null && typeof o === 'object' && o.cls.name === PI ? (o.native as PendingTarget) : null;
}

function createPending(c: Call, kind: PendingTarget['kind'], intent: JValue, flags: number): JValue {
  if (intent === null) c.throwNew('java.lang.NullPointerException', "Attempt to invoke virtual method 'void android.content.Intent.migrateExtraStreamToClipData()' on a null object reference");
  if (c.api >= 31 && c.env.app.targetSdk >= 31 && (flags & (FLAG_IMMUTABLE | FLAG_MUTABLE)) === 0) {
    c.throwNew(
      'java.lang.IllegalArgumentException',
      `${c.env.app.package}: Targeting S+ (version 31 and above) requires that one of FLAG_IMMUTABLE or FLAG_MUTABLE be specified when creating a PendingIntent.\nStrongly consider using FLAG_IMMUTABLE, only use FLAG_MUTABLE if some functionality depends on the PendingIntent being mutable, e.g. if it needs to be used with inline replies or bubbles.`,
    );
  }
  const st = intentState(intent as JObject, c.vm);
  const target: PendingTarget = {
    kind,
    creatorPackage: c.env.app.package,
    creatorUid: c.env.uid,
    component: st.component,
    package: st.package ?? st.component?.package ?? null,
    action: st.action,
    extras: extrasOf(st),
  };
  const existing = c.env.system.samePending(target);
  if ((flags & FLAG_NO_CREATE) !== 0 && !existing) return null;
  const o = c.vm.alloc(c.vm.bootClass(PI));
  o.native = target;
  return o;
}

const pendingFactory = (kind: PendingTarget['kind']) => (c: Call, _s: JObject | null, args: readonly JValue[]) => createPending(c, kind, args[2] ?? null, args[3] as number);

const pendingActivities = (c: Call, _s: JObject | null, args: readonly JValue[]) => {
  const arr = args[2];
  if (!(arr instanceof JArray) || arr.elems.length === 0) c.throwNew('java.lang.IllegalArgumentException', 'intents array must not be empty');
  const list = (arr as JArray).elems;
  return createPending(c, 'activity', list[list.length - 1] ?? null, args[3] as number);
};

// ---- alarms --------------------------------------------------------------------------------------

const WINDOW_EXACT = 0n;
const WINDOW_HEURISTIC = -1n;
const FLAG_ALLOW_WHILE_IDLE = 4;
const FLAG_ALLOW_WHILE_IDLE_UNRESTRICTED = 8;

const SET_IMPL_24 = ['int', 'long', 'long', 'long', 'int', PI, OAL, S, 'android.os.Handler', WS, ACI];
const SET_IMPL_31 = ['int', 'long', 'long', 'long', 'int', PI, OAL, S, 'java.util.concurrent.Executor', WS, ACI];

/** The public setters all call setImpl (AOSP AlarmManager). */
function setImpl(c: Call, self: JObject, type: JValue, trigger: JValue, window: bigint, interval: JValue, flags: number, op: JValue, listener: JValue, tag: JValue, handler: JValue, clock: JValue): JValue {
  return c.callSpecial(self, AM, 'setImpl', SET_IMPL_24, [type, trigger, window, interval, flags, op, listener, tag, handler, null, clock]);
}

function exactAllowed(c: Call): boolean {
  if (c.api < 31 || c.env.app.targetSdk < 31) return true;
  return c.env.permissionGranted('android.permission.SCHEDULE_EXACT_ALARM') || (c.api >= 33 && c.env.permissionGranted('android.permission.USE_EXACT_ALARM'));
}

/** AlarmManagerService.set, as seen from the app: validation, the exact-alarm rule, then the alarm. */
function scheduleAlarm(c: Call, args: readonly JValue[]): void {
  const [type, trigger, window, interval, flags, op, listener, , runner, , clock] = args;
  if (op === null && listener === null) c.throwNew('java.lang.NullPointerException', 'Alarm requires a PendingIntent or an OnAlarmListener');
  const exact = (window as bigint) === WINDOW_EXACT || clock !== null;
  if (exact && !exactAllowed(c)) {
    const also = c.api >= 33 ? ' or android.permission.USE_EXACT_ALARM' : '';
    c.throwNew('java.lang.SecurityException', `Caller ${c.env.app.package} needs to hold android.permission.SCHEDULE_EXACT_ALARM${also} to set exact alarms.`);
  }
  const vm = c.vm;
  const env = c.env;
  const lis = listener as JObject | null;
  env.system.setAlarm({
    package: env.app.package,
    pid: env.pid,
    type: type as number,
    triggerAt: Number(trigger as bigint),
    interval: Number(interval as bigint),
    target: pendingTarget(op ?? null),
    allowlistsOnSend: ((flags as number) & (FLAG_ALLOW_WHILE_IDLE | FLAG_ALLOW_WHILE_IDLE_UNRESTRICTED)) !== 0 || clock !== null,
    ...(lis === null ? {} : { listenerToken: lis }),
    listener:
      lis === null
        ? null
        : () => {
            // An OnAlarmListener runs in the registering process on its Handler/Executor (main thread by default).
            env.post(env.mainThread, 0, () => {
              const cc = vm.callFor(vm.current);
              if (runner !== null && runner !== undefined) {
                const r = cc.vm.alloc(cc.vm.bootClass('android.app.AlarmManager$ListenerWrapper'));
                r.native = lis;
                if (cc.vm.isInstance(runner, cc.vm.bootClass('android.os.Handler'))) cc.call(runner as JObject, 'post', ['java.lang.Runnable'], [r]);
                else cc.call(runner as JObject, 'execute', ['java.lang.Runnable'], [r]);
              } else {
                cc.call(lis, 'onAlarm');
              }
            });
          },
  });
}

// ---- jobs ----------------------------------------------------------------------------------------

interface JobInfoState {
  id: number;
  service: JObject;
  minLatency: bigint;
  interval: bigint;
  persisted: boolean;
  network: number;
}

const FIFTEEN_MINUTES = 15n * 60n * 1000n;

function scheduleJob(c: Call, info: JValue): number {
  if (info === null) c.throwNew('java.lang.NullPointerException');
  const st = (info as JObject).native as JobInfoState;
  const cmp = intentCmp(c, st.service);
  const pkg = c.env.packages.get(cmp.package);
  const decl = pkg?.components.services.find((s) => s.name === cmp.class);
  if (pkg === undefined || decl === undefined || cmp.package !== c.env.app.package) {
    c.throwNew('java.lang.IllegalArgumentException', `No such service ComponentInfo{${cmp.package}/${cmp.class}}`);
  }
  if (decl!.permission !== 'android.permission.BIND_JOB_SERVICE') {
    c.throwNew('java.lang.IllegalArgumentException', `Scheduled service ComponentInfo{${cmp.package}/${cmp.class}} does not require android.permission.BIND_JOB_SERVICE permission`);
  }
  c.env.system.scheduleJob({
    package: c.env.app.package,
    uid: c.env.uid,
    id: st.id,
    service: cmp,
    minLatencyMs: Number(st.minLatency),
    intervalMs: Number(st.interval),
    persisted: st.persisted,
  });
  return 1; // JobScheduler.RESULT_SUCCESS
}

function intentCmp(c: Call, cn: JObject): { package: string; class: string } {
  return { package: c.call(cn, 'getPackageName') as string, class: c.call(cn, 'getClassName') as string };
}

export const sched: readonly ClassSpec[] = [
  cls('public final class android.app.PendingIntent implements android.os.Parcelable', {}, [
    f('public static final int FLAG_IMMUTABLE', { since: 23, value: FLAG_IMMUTABLE }),
    f('public static final int FLAG_MUTABLE', { since: 31, value: FLAG_MUTABLE }),
    f('public static final int FLAG_UPDATE_CURRENT', { value: 0x08000000 }),
    m('public static android.app.PendingIntent getActivity(android.content.Context, int, android.content.Intent, int)', pendingFactory('activity')),
    m('public static android.app.PendingIntent getActivity(android.content.Context, int, android.content.Intent, int, android.os.Bundle)', pendingFactory('activity')),
    m('public static android.app.PendingIntent getActivities(android.content.Context, int, android.content.Intent[], int)', pendingActivities),
    m('public static android.app.PendingIntent getActivities(android.content.Context, int, android.content.Intent[], int, android.os.Bundle)', pendingActivities),
    m('public static android.app.PendingIntent getService(android.content.Context, int, android.content.Intent, int)', pendingFactory('service')),
    m('public static android.app.PendingIntent getForegroundService(android.content.Context, int, android.content.Intent, int)', { since: 26 }, pendingFactory('foreground-service')),
    m('public static android.app.PendingIntent getBroadcast(android.content.Context, int, android.content.Intent, int)', pendingFactory('broadcast')),
    m('public java.lang.String getCreatorPackage()', (_c, self) => (self!.native as PendingTarget).creatorPackage),
    m('public void cancel()', (c, self) => c.env.system.cancelPending(self!.native as PendingTarget)),
    m('public void send()', (c, self) => c.env.system.sendPending(self!.native as PendingTarget, {})),
    m('public java.lang.String toString()', (_c, self) => `PendingIntent{${self!.hash.toString(16)}: android.os.BinderProxy@${((self!.hash * 7) >>> 0).toString(16)}}`),
  ]),
  cls('public class android.app.AlarmManager', {}, [
    f('public static final int RTC_WAKEUP', { value: 0 }),
    f('public static final int RTC', { value: 1 }),
    f('public static final int ELAPSED_REALTIME_WAKEUP', { value: 2 }),
    f('public static final int ELAPSED_REALTIME', { value: 3 }),
    f('public static final long INTERVAL_FIFTEEN_MINUTES', { value: FIFTEEN_MINUTES }),
    m('public void set(int, long, android.app.PendingIntent)', (c, self, [t, at, op]) => setImpl(c, self!, t, at, WINDOW_HEURISTIC, 0n, 0, op, null, null, null, null)),
    m('public void set(int, long, java.lang.String, android.app.AlarmManager$OnAlarmListener, android.os.Handler)', { since: 24 }, (c, self, [t, at, tag, l, h]) => setImpl(c, self!, t, at, WINDOW_HEURISTIC, 0n, 0, null, l, tag, h, null)),
    m('public void setExact(int, long, android.app.PendingIntent)', (c, self, [t, at, op]) => setImpl(c, self!, t, at, WINDOW_EXACT, 0n, 0, op, null, null, null, null)),
    m('public void setExact(int, long, java.lang.String, android.app.AlarmManager$OnAlarmListener, android.os.Handler)', { since: 24 }, (c, self, [t, at, tag, l, h]) => setImpl(c, self!, t, at, WINDOW_EXACT, 0n, 0, null, l, tag, h, null)),
    m('public void setRepeating(int, long, long, android.app.PendingIntent)', (c, self, [t, at, iv, op]) => setImpl(c, self!, t, at, WINDOW_HEURISTIC, iv, 0, op, null, null, null, null)),
    m('public void setInexactRepeating(int, long, long, android.app.PendingIntent)', (c, self, [t, at, iv, op]) => setImpl(c, self!, t, at, WINDOW_HEURISTIC, iv, 0, op, null, null, null, null)),
    m('public void setWindow(int, long, long, android.app.PendingIntent)', (c, self, [t, at, len, op]) => setImpl(c, self!, t, at, len as bigint, 0n, 0, op, null, null, null, null)),
    // Android 14: a windowed listener alarm delivered on an Executor (straight to the Executor setImpl).
    m('public void setWindow(int, long, long, java.lang.String, java.util.concurrent.Executor, android.app.AlarmManager$OnAlarmListener)', { since: 34 }, (c, self, [t, at, len, tag, ex, l]) =>
      c.callSpecial(self!, AM, 'setImpl', SET_IMPL_31, [t, at, len, 0n, 0, null, l, tag, ex, null, null]),
    ),
    m('public void setAndAllowWhileIdle(int, long, android.app.PendingIntent)', { since: 23 }, (c, self, [t, at, op]) => setImpl(c, self!, t, at, WINDOW_HEURISTIC, 0n, FLAG_ALLOW_WHILE_IDLE, op, null, null, null, null)),
    m('public void setExactAndAllowWhileIdle(int, long, android.app.PendingIntent)', { since: 23 }, (c, self, [t, at, op]) => setImpl(c, self!, t, at, WINDOW_EXACT, 0n, FLAG_ALLOW_WHILE_IDLE, op, null, null, null, null)),
    m('public void setAlarmClock(android.app.AlarmManager$AlarmClockInfo, android.app.PendingIntent)', (c, self, [info, op]) =>
      setImpl(c, self!, 0, c.call(info as JObject, 'getTriggerTime'), WINDOW_EXACT, 0n, 0, op, null, null, null, info),
    ),
    m('public boolean canScheduleExactAlarms()', { since: 31 }, (c) => exactAllowed(c)),
    m('public void cancel(android.app.PendingIntent)', (c, _s, [op]) => {
      const t = pendingTarget(op ?? null);
      // AlarmManager.cancel(PendingIntent): null throws for apps targeting 24+, is only logged below.
      if (t === null) {
        if (c.env.app.targetSdk >= 24) c.throwNew('java.lang.NullPointerException', 'cancel() called with a null PendingIntent');
        return;
      }
      c.env.system.cancelPending(t);
    }),
    // AlarmManager.cancel(OnAlarmListener): the wrapper registered for that listener is removed.
    m('public void cancel(android.app.AlarmManager$OnAlarmListener)', { since: 24 }, (c, _s, [l]) => {
      if (l === null || l === undefined) c.throwNew('java.lang.NullPointerException', 'cancel() called with a null OnAlarmListener');
      c.env.system.cancelAlarmListener(l);
    }),
    m('private void setImpl(' + SET_IMPL_24.join(', ') + ')', { since: 24, until: 30 }, (c, _s, args) => scheduleAlarm(c, args)),
    // Android 12: the Handler becomes a HandlerExecutor and the Executor overload does the work.
    m('private void setImpl(' + SET_IMPL_24.join(', ') + ')', { since: 31 }, (c, self, args) => {
      const h = args[8] ?? null;
      const ex = h === null ? null : c.newObject('android.os.HandlerExecutor', ['android.os.Handler'], [h]);
      c.callSpecial(self!, AM, 'setImpl', SET_IMPL_31, [...args.slice(0, 8), ex, args[9] ?? null, args[10] ?? null]);
    }),
    m('private void setImpl(' + SET_IMPL_31.join(', ') + ')', { since: 31 }, (c, _s, args) => scheduleAlarm(c, args)),
  ]),
  cls('public static interface android.app.AlarmManager$OnAlarmListener', { since: 24, file: 'AlarmManager.java' }, [m('public abstract void onAlarm()')]),
  // What AlarmManager hands to the listener's Handler/Executor: it calls onAlarm().
  cls('final class android.app.AlarmManager$ListenerWrapper implements java.lang.Runnable', { since: 24, file: 'AlarmManager.java' }, [
    m('public void run()', (c, self) => c.call(self!.native as JObject, 'onAlarm')),
  ]),
  cls('public static final class android.app.AlarmManager$AlarmClockInfo implements android.os.Parcelable', { file: 'AlarmManager.java' }, [
    m('public <init>(long, android.app.PendingIntent)', (_c, self, [t, pi]) => {
      self!.native = { trigger: t as bigint, show: pi ?? null };
    }),
    m('public long getTriggerTime()', (_c, self) => (self!.native as { trigger: bigint }).trigger),
  ]),

  // ---- notifications a foreground service shows -----------------------------------------------
  cls('public class android.app.Notification implements android.os.Parcelable', {}, [
    m('public <init>()', (_c, self) => {
      self!.native = { channel: null, title: null, text: null };
    }),
    m('public java.lang.String getChannelId()', { since: 26 }, (_c, self) => (self!.native as { channel: string | null }).channel),
  ]),
  cls('public static class android.app.Notification$Builder', { file: 'Notification.java' }, [
    m('public <init>(android.content.Context)', (_c, self) => {
      self!.native = { channel: null, title: null, text: null };
    }),
    m('public <init>(android.content.Context, java.lang.String)', { since: 26 }, (_c, self, [, ch]) => {
      self!.native = { channel: ch ?? null, title: null, text: null };
    }),
    m('public android.app.Notification$Builder setContentTitle(java.lang.CharSequence)', (_c, self, [t]) => {
      (self!.native as { title: JValue }).title = t ?? null;
      return self;
    }),
    m('public android.app.Notification$Builder setContentText(java.lang.CharSequence)', (_c, self, [t]) => {
      (self!.native as { text: JValue }).text = t ?? null;
      return self;
    }),
    m('public android.app.Notification$Builder setSmallIcon(int)', (_c, self) => self),
    m('public android.app.Notification build()', (c, self) => {
      const n = c.newObject('android.app.Notification');
      n.native = { ...(self!.native as object) };
      return n;
    }),
  ]),

  // ---- jobs (android.app.job is public API since 21, absent from the SDK declarations; see hidden.ts SDK_GAPS)
  cls('public class android.app.BroadcastOptions', { since: 34 }, [
    m('public static android.app.BroadcastOptions makeBasic()', (c) => c.vm.alloc(c.vm.bootClass('android.app.BroadcastOptions'))),
  ]),
  cls('public abstract class android.app.job.JobScheduler', {}, [
    f('public static final int RESULT_SUCCESS', { value: 1 }),
    m('public <init>()'),
    m('public abstract int schedule(android.app.job.JobInfo)'),
    m('public abstract int enqueue(android.app.job.JobInfo, android.app.job.JobWorkItem)', { since: 26 }),
    m('public abstract void cancel(int)'),
    m('public abstract void cancelAll()'),
  ]),
  cls('public class android.app.JobSchedulerImpl extends android.app.job.JobScheduler', {}, [
    m('<init>()', (c, self) => c.callSpecial(self!, 'android.app.job.JobScheduler', '<init>', [])),
    m('public int schedule(android.app.job.JobInfo)', (c, _s, [info]) => scheduleJob(c, info ?? null)),
    m('public int enqueue(android.app.job.JobInfo, android.app.job.JobWorkItem)', { since: 26 }, (c, _s, [info]) => scheduleJob(c, info ?? null)),
    m('public void cancel(int)', (c, _s, [id]) => c.env.system.cancelJob(c.env.app.package, id as number)),
    m('public void cancelAll()', (c) => c.env.system.cancelAllJobs(c.env.app.package)),
  ]),
  cls('public class android.app.job.JobInfo implements android.os.Parcelable', {}, [
    m('public int getId()', (_c, self) => (self!.native as JobInfoState).id),
    m('public long getIntervalMillis()', (_c, self) => (self!.native as JobInfoState).interval),
    m('public long getMinLatencyMillis()', (_c, self) => (self!.native as JobInfoState).minLatency),
    m('public android.content.ComponentName getService()', (_c, self) => (self!.native as JobInfoState).service),
    m('public boolean isPeriodic()', (_c, self) => (self!.native as JobInfoState).interval > 0n),
    m('public boolean isPersisted()', (_c, self) => (self!.native as JobInfoState).persisted),
  ]),
  cls('public static final class android.app.job.JobInfo$Builder', { file: 'JobInfo.java' }, [
    m('public <init>(int, android.content.ComponentName)', (c, self, [id, cn]) => {
      if (cn === null) c.throwNew('java.lang.NullPointerException');
      self!.native = { id: id as number, service: cn as JObject, minLatency: 0n, interval: 0n, persisted: false, network: 0 } satisfies JobInfoState;
    }),
    m('public android.app.job.JobInfo$Builder setMinimumLatency(long)', (_c, self, [v]) => {
      (self!.native as JobInfoState).minLatency = v as bigint;
      return self;
    }),
    m('public android.app.job.JobInfo$Builder setPeriodic(long)', (_c, self, [v]) => {
      (self!.native as JobInfoState).interval = (v as bigint) < FIFTEEN_MINUTES ? FIFTEEN_MINUTES : (v as bigint);
      return self;
    }),
    m('public android.app.job.JobInfo$Builder setPersisted(boolean)', (_c, self, [v]) => {
      (self!.native as JobInfoState).persisted = v === true;
      return self;
    }),
    m('public android.app.job.JobInfo$Builder setRequiredNetworkType(int)', (_c, self, [v]) => {
      (self!.native as JobInfoState).network = v as number;
      return self;
    }),
    m('public android.app.job.JobInfo build()', (c, self) => {
      const st = self!.native as JobInfoState;
      if (st.persisted && !c.env.permissionGranted('android.permission.RECEIVE_BOOT_COMPLETED')) {
        c.throwNew('java.lang.IllegalArgumentException', 'Error: requested job be persisted without holding RECEIVE_BOOT_COMPLETED permission.');
      }
      const info = c.vm.alloc(c.vm.bootClass('android.app.job.JobInfo'));
      info.native = { ...st };
      return info;
    }),
  ]),
  cls('public final class android.app.job.JobWorkItem implements android.os.Parcelable', { since: 26 }, [
    m('public <init>(android.content.Intent)', (_c, self, [i]) => {
      self!.native = { intent: i ?? null };
    }),
    m('public android.content.Intent getIntent()', (_c, self) => (self!.native as { intent: JValue }).intent),
  ]),
  cls('public class android.app.job.JobParameters implements android.os.Parcelable', {}, [
    m('public int getJobId()', (_c, self) => (self!.native as { id: number }).id),
  ]),
  cls('public abstract class android.app.job.JobService extends android.app.Service', {}, [
    f('public static final java.lang.String PERMISSION_BIND', { value: 'android.permission.BIND_JOB_SERVICE' }),
    m('public <init>()', (c, self) => c.callSpecial(self!, 'android.app.Service', '<init>', [])),
    m('public final android.os.IBinder onBind(android.content.Intent)', () => null),
    m('public abstract boolean onStartJob(android.app.job.JobParameters)'),
    m('public abstract boolean onStopJob(android.app.job.JobParameters)'),
    // The system unbinds the JobService later; nothing in the app changes.
    m('public final void jobFinished(android.app.job.JobParameters, boolean)', () => undefined),
  ]),
];

registerSystemService('alarm', (c: Call): JObject => c.vm.alloc(c.vm.bootClass(AM)));
registerSystemService('jobscheduler', (c: Call): JObject => c.newObject('android.app.JobSchedulerImpl'));
