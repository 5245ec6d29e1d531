// Self-start arrangements: alarms, jobs, WorkManager work, sync, foreground and sticky services,
// and receivers for wake-up broadcasts.
import { LIMITS } from '../../protocol/constants.js';
import { pendingInfo } from './intents.js';
import { argOf, className, field, items, num, paramIndex, setDetail, str } from './java.js';
import type { Extractor, HookCall } from './types.js';

type Sched = Record<string, unknown>;

function ownComponent(call: HookCall, cls: string | undefined): string | undefined {
  if (cls === undefined) return undefined;
  const own = call.services.ownPackage();
  return call.clip(own === null ? cls : `${own}/${cls}`);
}

/**
 * AlarmManager.setImpl(int type, long triggerAt, long window, long interval, [int flags,]
 * PendingIntent op, [OnAlarmListener, String tag, Handler|Executor,] WorkSource, AlarmClockInfo).
 * Read by declared type, so every release's shape works.
 */
export const alarm: Extractor = (call) => {
  const d: Sched = { via: 'alarm' };
  const t = paramIndex(call, 'int');
  if (t >= 0) d.alarmType = num(call.args[t]) | 0;
  const longs = call.params.map((p, i) => (p === 'long' ? num(call.args[i]) : NaN)).filter((x) => !Number.isNaN(x));
  if (longs[0] !== undefined) d.triggerAt = longs[0];
  if (longs[2] !== undefined && longs[2] > 0) d.interval = longs[2];
  const pi = argOf(call, 'android.app.PendingIntent');
  if (pi !== undefined && pi !== null) Object.assign(d, pendingInfo(call, pi));
  const listener = argOf(call, 'android.app.AlarmManager$OnAlarmListener');
  if ((pi === undefined || pi === null) && listener !== undefined && listener !== null) {
    // An in-process callback: it cannot start a process, but the arrangement is still recorded.
    d.target = call.clip(`listener:${className(listener) ?? '?'}`);
  }
  if (argOf(call, 'android.app.AlarmManager$AlarmClockInfo') != null) d.action = 'alarm-clock';
  setDetail(call, d);
};

/**
 * AlarmManager.cancel(PendingIntent | OnAlarmListener), JobSchedulerImpl.cancel(int) / cancelAll():
 * scheduled work withdrawn. Detail as the arrangement it withdraws (via, component/action or job
 * id) plus `cancel: true`, so the host can tell which arrangement will no longer fire.
 */
export const scheduleCancel: Extractor = (call) => {
  if (call.spec.class === 'android.app.AlarmManager') {
    const d: Sched = { via: 'alarm', cancel: true };
    const pi = argOf(call, 'android.app.PendingIntent');
    if (pi !== undefined && pi !== null) Object.assign(d, pendingInfo(call, pi));
    const listener = argOf(call, 'android.app.AlarmManager$OnAlarmListener');
    if (listener !== undefined && listener !== null) d.target = call.clip(`listener:${className(listener) ?? '?'}`);
    setDetail(call, d);
    return;
  }
  const d: Sched = { via: 'job', cancel: true };
  if (call.params.length === 1) d.jobId = num(call.args[0]) | 0;
  else d.all = true;
  setDetail(call, d);
};

/** JobSchedulerImpl.schedule(JobInfo) / enqueue(JobInfo, JobWorkItem). */
export const job: Extractor = (call) => {
  const info = call.args[0];
  if (info === null || info === undefined) return false;
  const d: Sched = { via: 'job' };
  try {
    d.jobId = num(info.getId()) | 0;
    const svc = info.getService();
    if (svc !== null && svc !== undefined) {
      const pkg = str(svc.getPackageName());
      const cls = str(svc.getClassName());
      if (pkg !== null && cls !== null) d.component = call.clip(`${pkg}/${cls}`);
    }
    d.persisted = info.isPersisted() === true;
    if (info.isPeriodic() === true) d.interval = num(info.getIntervalMillis());
  } catch {
    // Partially readable: keep what we have.
  }
  setDetail(call, d);
};

function workers(call: HookCall, list: any): { workers: string[]; interval?: number } {
  const out: string[] = [];
  let interval: number | undefined;
  for (const req of items(list).items) {
    try {
      const spec = req.getWorkSpec();
      const w = str(field(spec, 'workerClassName'));
      if (w !== null) out.push(call.clip(w));
      const iv = num(field(spec, 'intervalDuration'));
      if (Number.isFinite(iv) && iv > 0) interval = iv;
    } catch {
      // WorkSpec is a restricted API; shrunk apps may rename it.
    }
  }
  return interval === undefined ? { workers: out } : { workers: out, interval };
}

/** WorkManagerImpl.enqueue(List) / enqueueUniqueWork(name, policy, List) / enqueueUniquePeriodicWork(name, policy, request) / WorkContinuationImpl.enqueue(). */
export const work: Extractor = (call) => {
  let list: any;
  if (call.spec.method === 'enqueue' && call.params.length === 0) list = call.self.getWork();
  else list = argOf(call, 'java.util.List') ?? [argOf(call, 'androidx.work.PeriodicWorkRequest')].filter((x) => x != null);
  const w = workers(call, list);
  const d: Sched = { via: 'work' };
  if (w.workers.length > 0) {
    d.component = ownComponent(call, w.workers[0]);
    d.actions = w.workers.slice(0, LIMITS.arrayItems);
  }
  if (w.interval !== undefined) d.interval = w.interval;
  const name = str(argOf(call, 'java.lang.String'));
  if (name !== null) d.target = call.clip(name);
  setDetail(call, d);
};

/** ContentResolver.requestSync / addPeriodicSync / setSyncAutomatically. */
export const sync: Extractor = (call) => {
  if (call.spec.method === 'setSyncAutomatically' && call.args[2] !== true) return false;
  const d: Sched = { via: 'sync' };
  let authority = str(argOf(call, 'java.lang.String'));
  if (authority === null) {
    const req = argOf(call, 'android.content.SyncRequest');
    authority = str(field(req, 'mAuthority'));
  }
  if (authority !== null) d.target = call.clip(authority);
  if (call.spec.method === 'addPeriodicSync') {
    const seconds = num(call.args[paramIndex(call, 'long')]);
    if (Number.isFinite(seconds)) d.interval = seconds * 1000;
  }
  setDetail(call, d);
};

/** Service.startForeground(int id, Notification[, int type]). */
export const foreground: Extractor = (call) => {
  const d: Sched = { via: 'foreground' };
  const c = ownComponent(call, className(call.self));
  if (c !== undefined) d.component = c;
  const t = call.params.length >= 3 ? num(call.args[2]) : NaN;
  if (Number.isFinite(t) && t !== 0) d.target = `type=0x${(t >>> 0).toString(16)}`;
  setDetail(call, d);
};

/** Service.onStartCommand (base): START_STICKY(_COMPATIBILITY) / REDELIVER_INTENT mean "restart me". */
export const sticky: Extractor = (call) => {
  const r = num(call.ret);
  if (r !== 0 && r !== 1 && r !== 3) return false;
  const d: Sched = { via: 'sticky-service', target: r === 3 ? 'START_REDELIVER_INTENT' : r === 1 ? 'START_STICKY' : 'START_STICKY_COMPATIBILITY' };
  const c = ownComponent(call, className(call.self));
  if (c !== undefined) d.component = c;
  setDetail(call, d);
  delete (call.draft as any).ret;
};

/** ContextImpl.registerReceiver*: the filter's actions (a null receiver is a sticky read, not an arrangement). */
export const receiverRegister: Extractor = (call) => {
  const receiver = argOf(call, 'android.content.BroadcastReceiver');
  if (receiver === null || receiver === undefined) return false;
  const filter = argOf(call, 'android.content.IntentFilter');
  if (filter === null || filter === undefined) return false;
  const actions: string[] = [];
  try {
    const n = num(filter.countActions());
    for (let i = 0; i < n && actions.length < LIMITS.arrayItems; i++) {
      const a = str(filter.getAction(i));
      if (a !== null) actions.push(call.clip(a));
    }
  } catch {
    // Unreadable filter.
  }
  const d: Sched = { via: 'receiver', actions };
  if (actions[0] !== undefined) d.action = actions[0];
  const c = ownComponent(call, className(receiver));
  if (c !== undefined) d.component = c;
  setDetail(call, d);
};
