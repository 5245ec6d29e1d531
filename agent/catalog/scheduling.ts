// Arrangements that can start a process of the app later, without the user: alarms, jobs,
// WorkManager work, sync requests, foreground and sticky services, and receivers for wake-up
// broadcasts (boot, connectivity, unlock, package changes, ...).
import type { HookArea, HookSpec } from './types.js';

const CI = 'android.app.ContextImpl';
const ciHidden = { aosp: 'frameworks/base/core/java/android/app/ContextImpl.java', publicApi: 'android.content.Context' };
const BR = 'android.content.BroadcastReceiver';
const IF = 'android.content.IntentFilter';
const S = 'java.lang.String';
const H = 'android.os.Handler';
const PI = 'android.app.PendingIntent';
const WS = 'android.os.WorkSource';
const ACI = 'android.app.AlarmManager$AlarmClockInfo';
const OAL = 'android.app.AlarmManager$OnAlarmListener';
const WMI = 'androidx.work.impl.WorkManagerImpl';

const sched = (spec: Omit<HookSpec, 'kind'>): HookSpec => ({ kind: 'schedule', ret: false, args: false, ...spec });

const receiver = (method: string, extra: Partial<HookSpec> = {}): HookSpec =>
  sched({ id: `receiver.${method}`, class: CI, method, overloads: 'all', hidden: ciHidden, outermostOnly: true, extract: 'receiver-register', ...extra });

export const scheduling: HookArea = {
  area: 'scheduling',
  hooks: [
    sched({
      id: 'alarm.setImpl',
      class: 'android.app.AlarmManager',
      method: 'setImpl',
      overloads: 'all',
      hidden: { aosp: 'frameworks/base/apex/jobscheduler/framework/java/android/app/AlarmManager.java' },
      declared: [
        { params: ['int', 'long', 'long', 'long', PI, WS, ACI], maxApi: 22 },
        { params: ['int', 'long', 'long', 'long', 'int', PI, WS, ACI], minApi: 23, maxApi: 23 },
        { params: ['int', 'long', 'long', 'long', 'int', PI, OAL, S, H, WS, ACI], minApi: 24 },
        { params: ['int', 'long', 'long', 'long', 'int', PI, OAL, S, 'java.util.concurrent.Executor', WS, ACI], minApi: 31 },
      ],
      outermostOnly: true,
      extract: 'alarm',
      note: 'every public AlarmManager setter ends here; the Handler overload forwards to the Executor one (API 31+)',
    }),
    sched({
      id: 'job.schedule',
      class: 'android.app.JobSchedulerImpl',
      method: 'schedule',
      overloads: 'all',
      minApi: 21,
      hidden: { aosp: 'frameworks/base/apex/jobscheduler/framework/java/android/app/JobSchedulerImpl.java' },
      declared: [{ params: ['android.app.job.JobInfo'] }],
      extract: 'job',
      note: 'WorkManager schedules through here on API 23+ (SystemJobService)',
    }),
    sched({
      id: 'job.enqueue',
      class: 'android.app.JobSchedulerImpl',
      method: 'enqueue',
      overloads: 'all',
      minApi: 26,
      hidden: { aosp: 'frameworks/base/apex/jobscheduler/framework/java/android/app/JobSchedulerImpl.java' },
      declared: [{ params: ['android.app.job.JobInfo', 'android.app.job.JobWorkItem'], minApi: 26 }],
      extract: 'job',
    }),
    // Cancels: scheduled work withdrawn (the report links a cancel to what it withdrew).
    sched({ id: 'alarm.cancel', class: 'android.app.AlarmManager', method: 'cancel', overloads: 'all', extract: 'schedule-cancel', note: 'a cancelled alarm never fires' }),
    sched({
      id: 'job.cancel',
      class: 'android.app.JobSchedulerImpl',
      method: 'cancel',
      overloads: 'all',
      hidden: { aosp: 'frameworks/base/apex/jobscheduler/framework/java/android/app/JobSchedulerImpl.java' },
      declared: [{ params: ['int'] }],
      extract: 'schedule-cancel',
    }),
    sched({
      id: 'job.cancelAll',
      class: 'android.app.JobSchedulerImpl',
      method: 'cancelAll',
      overloads: 'all',
      hidden: { aosp: 'frameworks/base/apex/jobscheduler/framework/java/android/app/JobSchedulerImpl.java' },
      declared: [{ params: [] }],
      extract: 'schedule-cancel',
    }),
    sched({ id: 'work.enqueue', class: WMI, method: 'enqueue', overloads: 'all', loader: 'app', declared: [{ params: ['java.util.List'] }], extract: 'work', note: 'WorkManager.enqueue(WorkRequest) is final and forwards here' }),
    sched({ id: 'work.enqueueUniqueWork', class: WMI, method: 'enqueueUniqueWork', overloads: 'all', loader: 'app', declared: [{ params: [S, 'androidx.work.ExistingWorkPolicy', 'java.util.List'] }], extract: 'work' }),
    sched({ id: 'work.enqueueUniquePeriodicWork', class: WMI, method: 'enqueueUniquePeriodicWork', overloads: 'all', loader: 'app', declared: [{ params: [S, 'androidx.work.ExistingPeriodicWorkPolicy', 'androidx.work.PeriodicWorkRequest'] }], extract: 'work' }),
    sched({ id: 'work.continuation.enqueue', class: 'androidx.work.impl.WorkContinuationImpl', method: 'enqueue', overloads: 'all', loader: 'app', declared: [{ params: [] }], extract: 'work', note: 'beginWith(...).then(...).enqueue()' }),
    sched({ id: 'sync.requestSync', class: 'android.content.ContentResolver', method: 'requestSync', overloads: 'all', outermostOnly: true, extract: 'sync' }),
    sched({ id: 'sync.addPeriodicSync', class: 'android.content.ContentResolver', method: 'addPeriodicSync', overloads: 'all', extract: 'sync' }),
    sched({ id: 'sync.setSyncAutomatically', class: 'android.content.ContentResolver', method: 'setSyncAutomatically', overloads: 'all', extract: 'sync' }),
    sched({ id: 'service.startForeground', class: 'android.app.Service', method: 'startForeground', overloads: 'all', outermostOnly: true, extract: 'foreground' }),
    sched({
      id: 'service.onStartCommand',
      class: 'android.app.Service',
      method: 'onStartCommand',
      overloads: 'all',
      ret: true,
      extract: 'sticky',
      note: "the base implementation returns START_STICKY: services that keep it (or call super) are restarted by the system; overrides that don't call super are not seen",
    }),
    receiver('registerReceiver', { note: 'dynamic receivers; wake-up actions (boot, connectivity, unlock, package changes) are the ones regulators ask about' }),
    receiver('registerReceiverAsUser', {
      hidden: { aosp: 'frameworks/base/core/java/android/app/ContextImpl.java' },
      declared: [{ params: [BR, 'android.os.UserHandle', IF, S, H] }, { params: [BR, 'android.os.UserHandle', IF, S, H, 'int'], minApi: 26 }],
    }),
    receiver('registerReceiverForAllUsers', {
      minApi: 30,
      hidden: { aosp: 'frameworks/base/core/java/android/app/ContextImpl.java' },
      declared: [{ params: [BR, IF, S, H] }, { params: [BR, IF, S, H, 'int'] }],
    }),
    receiver('registerReceiverInternal', {
      hidden: { aosp: 'frameworks/base/core/java/android/app/ContextImpl.java' },
      declared: [
        { params: [BR, 'int', IF, S, H, 'android.content.Context'], maxApi: 25 },
        { params: [BR, 'int', IF, S, H, 'android.content.Context', 'int'], minApi: 26 },
      ],
      note: 'private funnel of every registerReceiver* overload',
    }),
  ],
};
