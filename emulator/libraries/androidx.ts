// AndroidX libraries shipped inside apps. ActivityCompat.requestPermissions ends in
// Activity.requestPermissions; ContextCompat.checkSelfPermission is Context.checkPermission with the
// process's pid/uid; PermissionChecker adds the app-op check. An androidx Fragment asks through
// its FragmentActivity, which encodes the fragment's request index in the upper bits of the code.
// WorkManager enqueues work by scheduling a job for its SystemJobService (merged into the app's
// manifest) through JobScheduler; the job runs the worker class's doWork().
import type { JObject } from '../java/heap.js';
import { f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import { enumConstant, newArrayList } from '../android/support.js';
import { lib, libLoader } from './http.js';

const SA = '[Ljava.lang.String;';
const SJS = 'androidx.work.impl.background.systemjob.SystemJobService';

function core(): ClassSpec[] {
  return [
    lib('public class androidx.core.app.ActivityCompat extends androidx.core.content.ContextCompat', 'ActivityCompat.java', [
      m('public static void requestPermissions(android.app.Activity, java.lang.String[], int)', (c, _s, [a, p, code]) => {
        if (a === null) c.throwNew('java.lang.NullPointerException');
        c.call(a as JObject, 'requestPermissions', [SA, 'int'], [p, code]);
      }),
      m('public static boolean shouldShowRequestPermissionRationale(android.app.Activity, java.lang.String)', (c, _s, [a, p]) =>
        c.call(a as JObject, 'shouldShowRequestPermissionRationale', ['java.lang.String'], [p]),
      ),
    ]),
    lib('public class androidx.core.content.ContextCompat', 'ContextCompat.java', [
      m('protected <init>()'),
      m('public static int checkSelfPermission(android.content.Context, java.lang.String)', (c, _s, [ctx, p]) => {
        if (p === null) c.throwNew('java.lang.NullPointerException', 'permission must be non-null');
        return c.call(ctx as JObject, 'checkPermission', ['java.lang.String', 'int', 'int'], [p, c.env.pid, c.env.uid]);
      }),
    ]),
    lib('public final class androidx.core.content.PermissionChecker', 'PermissionChecker.java', [
      f('public static final int PERMISSION_GRANTED', { value: 0 }),
      f('public static final int PERMISSION_DENIED', { value: -1 }),
      f('public static final int PERMISSION_DENIED_APP_OP', { value: -2 }),
      m('public static int checkSelfPermission(android.content.Context, java.lang.String)', (c, _s, [ctx, p]) =>
        c.call(ctx as JObject, 'checkPermission', ['java.lang.String', 'int', 'int'], [p, c.env.pid, c.env.uid]) === 0 ? 0 : -1,
      ),
    ]),
  ];
}

function fragment(): ClassSpec[] {
  return [
    lib('public class androidx.fragment.app.FragmentActivity extends android.app.Activity', 'FragmentActivity.java', [
      f('androidx.fragment.app.FragmentManager mSupportFragments'),
      m('public <init>()', (c, self) => c.callSpecial(self!, 'android.app.Activity', '<init>', [])),
      m('public androidx.fragment.app.FragmentManager getSupportFragmentManager()', (c, self) => {
        let fm = c.get(self!, 'mSupportFragments') as JObject | null;
        if (fm === null) {
          fm = c.vm.newObject(c.vm.loadClass(libLoader(c), 'androidx.fragment.app.FragmentManager'), [], []);
          c.set(fm, 'mHost', self);
          c.set(self!, 'mSupportFragments', fm);
        }
        return fm;
      }),
      // requestPermissionsFromFragment: the fragment's request index goes into the upper 16 bits.
      m('void requestPermissionsFromFragment(androidx.fragment.app.Fragment, java.lang.String[], int)', (c, self, [, p, code]) =>
        c.callStatic('androidx.core.app.ActivityCompat', 'requestPermissions', ['android.app.Activity', SA, 'int'], [self, p, (1 << 16) + ((code as number) & 0xffff)]),
      ),
    ]),
    lib('public class androidx.fragment.app.FragmentManager', 'FragmentManager.java', [
      f('androidx.fragment.app.FragmentActivity mHost'),
      m('public <init>()'),
      m('public androidx.fragment.app.FragmentTransaction beginTransaction()', (c, self) => {
        const t = c.vm.newObject(c.vm.loadClass(libLoader(c), 'androidx.fragment.app.BackStackRecord'), [], []);
        t.native = { manager: self, added: [] as JObject[] };
        return t;
      }),
    ]),
    lib('public abstract class androidx.fragment.app.FragmentTransaction', 'FragmentTransaction.java', [
      m('public <init>()'),
      m('public androidx.fragment.app.FragmentTransaction add(androidx.fragment.app.Fragment, java.lang.String)', (_c, self, [fr]) => {
        (self!.native as { added: JValue[] }).added.push(fr ?? null);
        return self;
      }),
      m('public abstract void commitNow()'),
    ]),
    lib('final class androidx.fragment.app.BackStackRecord extends androidx.fragment.app.FragmentTransaction', 'BackStackRecord.java', [
      m('public <init>()', (c, self) => c.callSpecial(self!, 'androidx.fragment.app.FragmentTransaction', '<init>', [])),
      m('public void commitNow()', (c, self) => {
        const st = self!.native as { manager: JObject; added: JObject[] };
        const host = c.get(st.manager, 'mHost');
        for (const fr of st.added) c.set(fr, 'mHost', host);
      }),
    ]),
    lib('public class androidx.fragment.app.Fragment', 'Fragment.java', [
      f('androidx.fragment.app.FragmentActivity mHost'),
      m('public <init>()'),
      m('public final androidx.fragment.app.FragmentActivity getActivity()', (c, self) => c.get(self!, 'mHost')),
      m('public final void requestPermissions(java.lang.String[], int)', (c, self, [p, code]) => {
        const host = c.get(self!, 'mHost') as JObject | null;
        if (host === null) c.throwNew('java.lang.IllegalStateException', `Fragment ${String(c.call(self!, 'toString'))} not attached to Activity`);
        c.call(host!, 'requestPermissionsFromFragment', ['androidx.fragment.app.Fragment', SA, 'int'], [self, p, code]);
      }),
    ]),
  ];
}

// ---- WorkManager -----------------------------------------------------------------------------------

interface WorkRequestState {
  worker: string;
  interval: bigint;
  id: number;
}

/** The JobInfo WorkManager schedules for a request: SystemJobService in the app's package. */
function scheduleWork(c: Call, requests: readonly JObject[]): void {
  const ctx = c.env.singletons.get('app.application') as JObject;
  const js = c.call(ctx, 'getSystemService', ['java.lang.String'], ['jobscheduler']) as JObject;
  for (const r of requests) {
    const st = r.native as WorkRequestState;
    const cn = c.newObject('android.content.ComponentName', ['java.lang.String', 'java.lang.String'], [c.env.app.package, SJS]);
    const b = c.newObject('android.app.job.JobInfo$Builder', ['int', 'android.content.ComponentName'], [st.id, cn]);
    if (st.interval > 0n) c.call(b, 'setPeriodic', ['long'], [st.interval]);
    workers(c).set(st.id, st.worker);
    c.call(js, 'schedule', ['android.app.job.JobInfo'], [c.call(b, 'build')]);
  }
}

function workers(c: Call): Map<number, string> {
  let map = c.env.singletons.get('work.workers') as Map<number, string> | undefined;
  if (map === undefined) {
    map = new Map();
    c.env.singletons.set('work.workers', map);
  }
  return map;
}

function continuation(c: Call, manager: JObject, list: JValue): JObject {
  const cont = c.vm.newObject(c.vm.loadClass(libLoader(c), 'androidx.work.impl.WorkContinuationImpl'), [], []);
  cont.native = { manager, work: list };
  return cont;
}

function requestBuilder(name: string, periodic: boolean): ClassSpec[] {
  const B = `${name}$Builder`;
  const ctor = periodic ? 'public <init>(java.lang.Class, long, java.util.concurrent.TimeUnit)' : 'public <init>(java.lang.Class)';
  return [
    lib(`public final class ${name} extends androidx.work.WorkRequest`, `${name.split('.').pop()}.java`, []),
    lib(`public static final class ${B}`, `${name.split('.').pop()}.java`, [
      m(ctor, (c, self, [k, iv, unit]) => {
        const worker = c.call(k as JObject, 'getName') as string;
        const ms = periodic ? (c.call(unit as JObject, 'toMillis', ['long'], [iv]) as bigint) : 0n;
        const seq = ((c.env.singletons.get('work.seq') as number | undefined) ?? 0) + 1;
        c.env.singletons.set('work.seq', seq);
        // PeriodicWorkRequest: at least 15 minutes.
        self!.native = { worker, interval: periodic && ms < 900_000n ? 900_000n : ms, id: seq } satisfies WorkRequestState;
      }),
      m(`public ${name} build()`, (c, self) => {
        const r = c.vm.alloc(c.vm.loadClass(libLoader(c), name));
        r.native = { ...(self!.native as WorkRequestState) };
        return r;
      }),
    ]),
  ];
}

function work(): ClassSpec[] {
  const WMI = 'androidx.work.impl.WorkManagerImpl';
  return [
    lib('public abstract class androidx.work.WorkManager', 'WorkManager.java', [
      m('public <init>()'),
      m('public static androidx.work.WorkManager getInstance(android.content.Context)', (c) => {
        let w = c.env.singletons.get('work.manager') as JObject | undefined;
        if (w === undefined) {
          w = c.vm.newObject(c.vm.loadClass(libLoader(c), WMI), [], []);
          c.env.singletons.set('work.manager', w);
        }
        return w;
      }),
      // WorkManager.enqueue(WorkRequest) is final and forwards the request as a one-item list.
      m('public final void enqueue(androidx.work.WorkRequest)', (c, self, [r]) => c.call(self!, 'enqueue', ['java.util.List'], [newArrayList(c, [r ?? null])])),
      m('public abstract void enqueue(java.util.List)'),
    ]),
    lib(`public class ${WMI} extends androidx.work.WorkManager`, 'WorkManagerImpl.java', [
      m('public <init>()', (c, self) => c.callSpecial(self!, 'androidx.work.WorkManager', '<init>', [])),
      m('public void enqueue(java.util.List)', (c, self, [list]) => {
        if (list === null || (c.call(list as JObject, 'isEmpty') as boolean)) c.throwNew('java.lang.IllegalArgumentException', 'enqueue needs at least one WorkRequest.');
        c.call(continuation(c, self!, list ?? null), 'enqueue');
      }),
      m('public void enqueueUniqueWork(java.lang.String, androidx.work.ExistingWorkPolicy, java.util.List)', (c, self, [, , list]) => c.call(continuation(c, self!, list ?? null), 'enqueue')),
      m('public void enqueueUniquePeriodicWork(java.lang.String, androidx.work.ExistingPeriodicWorkPolicy, androidx.work.PeriodicWorkRequest)', (c, self, [, , r]) =>
        c.call(continuation(c, self!, newArrayList(c, [r ?? null])), 'enqueue'),
      ),
    ]),
    lib('public class androidx.work.impl.WorkContinuationImpl', 'WorkContinuationImpl.java', [
      m('public <init>()'),
      m('public java.util.List getWork()', (_c, self) => (self!.native as { work: JValue }).work),
      // EnqueueRunnable, condensed: each request becomes a job for SystemJobService.
      m('public void enqueue()', (c, self) => {
        const list = (self!.native as { work: JObject }).work;
        scheduleWork(c, (list.native as JObject[]) ?? []);
      }),
    ]),
    lib('public abstract class androidx.work.WorkRequest', 'WorkRequest.java', [
      m('public androidx.work.impl.model.WorkSpec getWorkSpec()', (c, self) => {
        const st = self!.native as WorkRequestState;
        const spec = c.vm.newObject(c.vm.loadClass(libLoader(c), 'androidx.work.impl.model.WorkSpec'), [], []);
        c.set(spec, 'workerClassName', st.worker);
        c.set(spec, 'intervalDuration', st.interval);
        return spec;
      }),
    ]),
    ...requestBuilder('androidx.work.OneTimeWorkRequest', false),
    ...requestBuilder('androidx.work.PeriodicWorkRequest', true),
    lib('public final class androidx.work.impl.model.WorkSpec', 'WorkSpec.java', [f('public java.lang.String workerClassName'), f('public long intervalDuration'), m('public <init>()')]),
    lib('public final class androidx.work.ExistingWorkPolicy extends java.lang.Enum', 'ExistingWorkPolicy.java', [
      ...['REPLACE', 'KEEP', 'APPEND'].map((n, i) => f(`public static final androidx.work.ExistingWorkPolicy ${n}`, { value: enumConstant('androidx.work.ExistingWorkPolicy', n, i) })),
    ]),
    lib('public final class androidx.work.ExistingPeriodicWorkPolicy extends java.lang.Enum', 'ExistingPeriodicWorkPolicy.java', [
      ...['REPLACE', 'KEEP'].map((n, i) => f(`public static final androidx.work.ExistingPeriodicWorkPolicy ${n}`, { value: enumConstant('androidx.work.ExistingPeriodicWorkPolicy', n, i) })),
    ]),
    lib('public abstract class androidx.work.ListenableWorker', 'ListenableWorker.java', [m('public <init>()')]),
    lib('public abstract class androidx.work.Worker extends androidx.work.ListenableWorker', 'Worker.java', [
      m('public <init>()', (c, self) => c.callSpecial(self!, 'androidx.work.ListenableWorker', '<init>', [])),
      m('public abstract androidx.work.ListenableWorker$Result doWork()'),
    ]),
    lib('public abstract static class androidx.work.ListenableWorker$Result', 'ListenableWorker.java', []),
    // The job runs the worker on WorkManager's background executor.
    lib(`public class ${SJS} extends android.app.job.JobService`, 'SystemJobService.java', [
      m('public <init>()', (c, self) => c.callSpecial(self!, 'android.app.job.JobService', '<init>', [])),
      m('public boolean onStartJob(android.app.job.JobParameters)', (c, _s, [params]) => {
        const id = c.call(params as JObject, 'getJobId') as number;
        const name = workers(c).get(id);
        if (name === undefined) return false;
        const k = c.vm.loadClass(libLoader(c), name);
        const w = c.vm.newObject(k, [], []);
        const pool = c.callStatic('java.util.concurrent.Executors', 'newSingleThreadExecutor') as JObject;
        const run = c.vm.alloc(c.vm.loadClass(libLoader(c), 'androidx.work.impl.WorkerWrapper'));
        run.native = w;
        c.call(pool, 'execute', ['java.lang.Runnable'], [run]);
        return true;
      }),
      m('public boolean onStopJob(android.app.job.JobParameters)', () => false),
    ]),
    lib('public class androidx.work.impl.WorkerWrapper implements java.lang.Runnable', 'WorkerWrapper.java', [
      m('public void run()', (c, self) => {
        c.call(self!.native as JObject, 'doWork');
      }),
    ]),
  ];
}

export const androidx = { core, fragment, work };
