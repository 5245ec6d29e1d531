// Executors and thread pools (OpenJDK java.util.concurrent as libcore ships it). A worker thread's
// long-running entry (Thread.run -> ThreadPoolExecutor$Worker.run -> runWorker) stays on its stack
// as base frames; each task then runs between beforeExecute and afterExecute on that thread, so
// the running stack differs from the submitting one exactly as on a phone.
//  - AbstractExecutorService.submit wraps the task in a FutureTask (newTaskFor) and calls execute;
//  - ScheduledThreadPoolExecutor.schedule*/execute/submit build a ScheduledFutureTask, pass it
//    through decorateTask and queue it without execute; one-shot tasks run FutureTask.run,
//    periodic ones runAndReset, then are queued again.
// Future.get() cannot block the emulator's single JS thread: asking for a result that is not
// there yet is an emulator error, never a made-up value.
import type { JObject } from '../java/heap.js';
import { cls, f, m, type Call, type ClassSpec, type JValue } from '../java/model.js';
import type { JavaThread } from '../java/threads.js';
import { enumConstant, enumName } from './support.js';

export interface PoolState {
  /** Thread name for worker n (1-based). */
  threadName: (n: number) => string;
  max: number;
  workers: JavaThread[];
  next: number;
  shutdown: boolean;
}

const TPE = 'java.util.concurrent.ThreadPoolExecutor';
const STPE = 'java.util.concurrent.ScheduledThreadPoolExecutor';
const SFT = 'java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask';
const FT = 'java.util.concurrent.FutureTask';
const R = 'java.lang.Runnable';
const CALLABLE = 'java.util.concurrent.Callable';
const TU = 'java.util.concurrent.TimeUnit';
const RSF = 'java.util.concurrent.RunnableScheduledFuture';

function pool(self: JObject | null): PoolState {
  return (self as JObject).native as PoolState;
}

function defaultThreadName(c: Call): (n: number) => string {
  // Executors.defaultThreadFactory: "pool-<poolNumber>-thread-<threadNumber>", counted per process.
  const s = c.env.singletons;
  const poolNo = ((s.get('executors.poolNumber') as number | undefined) ?? 0) + 1;
  s.set('executors.poolNumber', poolNo);
  return (n) => `pool-${poolNo}-thread-${n}`;
}

/** Creates a ThreadPoolExecutor object the way Executors' factories do (no ctor call). */
export function newPool(c: Call, max: number, threadName?: (n: number) => string, klass = TPE): JObject {
  const tpe = c.vm.alloc(c.vm.bootClass(klass));
  tpe.native = { threadName: threadName ?? defaultThreadName(c), max, workers: [], next: 0, shutdown: false } satisfies PoolState;
  return tpe;
}

function worker(c: Call, self: JObject): JavaThread {
  const st = pool(self);
  if (st.workers.length < st.max) {
    const vm = c.vm;
    const base = [
      vm.method(vm.bootClass('java.lang.Thread'), 'run', []),
      vm.method(vm.bootClass('java.util.concurrent.ThreadPoolExecutor$Worker'), 'run', []),
      vm.method(vm.bootClass(TPE), 'runWorker', ['java.util.concurrent.ThreadPoolExecutor$Worker']),
    ];
    const w = c.env.newThread(st.threadName(st.workers.length + 1), base);
    st.workers.push(w);
    return w;
  }
  return st.workers[st.next++ % st.workers.length]!;
}

/** runWorker's loop body for one task: beforeExecute, task.run(), afterExecute. */
function runOnWorker(c: Call, self: JObject, task: JObject, delayMs: number, after?: () => void): void {
  const w = worker(c, self);
  const vm = c.vm;
  c.env.post(w, delayMs, () => {
    const cc = vm.callFor(w);
    const threadObj = cc.callStatic('java.lang.Thread', 'currentThread') as JObject;
    vm.invoke(vm.method(vm.bootClass(TPE), 'beforeExecute', ['java.lang.Thread', R]), self, [threadObj, task], 'virtual');
    let thrown: JValue = null;
    try {
      vm.invoke(vm.method(vm.bootClass(R), 'run', []), task, [], 'virtual');
    } catch (e) {
      thrown = (e as { throwable?: JObject }).throwable ?? null;
      if (thrown === null) throw e;
      vm.invoke(vm.method(vm.bootClass(TPE), 'afterExecute', [R, 'java.lang.Throwable']), self, [task, thrown], 'virtual');
      throw e;
    }
    vm.invoke(vm.method(vm.bootClass(TPE), 'afterExecute', [R, 'java.lang.Throwable']), self, [task, null], 'virtual');
    after?.();
  });
}

function reject(c: Call, self: JObject, task: JObject): never {
  return c.throwNew('java.util.concurrent.RejectedExecutionException', `Task ${String(c.call(task, 'toString'))} rejected from ${String(c.call(self, 'toString'))}`);
}

// ---- futures -------------------------------------------------------------------------------------

interface FutureState {
  state: 'new' | 'done' | 'failed' | 'cancelled';
  result: JValue;
  error: JObject | null;
}

function fstate(o: JObject | null): FutureState {
  return (o as JObject).native as FutureState;
}

/**
 * A FutureTask's work lives in its `callable` field, as in OpenJDK FutureTask (the agent reads it
 * through frida-java-bridge to know whose code the task runs; conformance:
 * android.concurrent.taskFields); completion clears it (finishCompletion: `callable = null`).
 */
function setCallable(c: Call, t: JObject, callable: JObject | null): void {
  c.set(t, 'callable', callable);
}

function futureRun(c: Call, self: JObject, reset: boolean): boolean {
  const st = fstate(self);
  const callable = c.get(self, 'callable') as JObject | null;
  if (st.state !== 'new' || callable === null) return false;
  try {
    const r = c.call(callable, 'call');
    if (!reset) {
      st.result = r ?? null;
      st.state = 'done';
      setCallable(c, self, null);
    }
    return true;
  } catch (e) {
    const t = (e as { throwable?: JObject }).throwable;
    if (t === undefined) throw e;
    st.error = t;
    st.state = 'failed';
    return false;
  }
}

// ---- scheduling ------------------------------------------------------------------------------------

interface ScheduledState extends FutureState {
  delayMs: number;
  /** >0 fixed rate, <0 fixed delay, 0 one-shot (as ScheduledFutureTask.period). */
  periodMs: number;
  pool: JObject;
}

const UNIT_MS: Readonly<Record<string, number>> = { NANOSECONDS: 1e-6, MICROSECONDS: 1e-3, MILLISECONDS: 1, SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

function toMs(amount: JValue, unit: JValue): number {
  const u = enumName(unit);
  return Number(amount as bigint) * (UNIT_MS[u ?? 'MILLISECONDS'] ?? 1);
}

function scheduled(c: Call, self: JObject, callable: JObject, delayMs: number, periodMs: number, command: JObject): JObject {
  if (pool(self).shutdown) reject(c, self, command);
  const t = c.vm.alloc(c.vm.bootClass(SFT));
  t.native = { state: 'new', result: null, error: null, delayMs: Math.max(0, delayMs), periodMs, pool: self } satisfies ScheduledState;
  setCallable(c, t, callable);
  const decorated = c.call(self, 'decorateTask', [R, RSF], [command, t]) as JObject;
  queueScheduled(c, self, decorated, Math.max(0, delayMs));
  return decorated;
}

function queueScheduled(c: Call, self: JObject, task: JObject, delayMs: number): void {
  runOnWorker(c, self, task, Math.round(delayMs), () => {
    const st = task.native as ScheduledState;
    if (st.periodMs !== 0 && st.state === 'new' && !pool(self).shutdown) queueScheduled(c, self, task, Math.abs(st.periodMs));
  });
}

function adapter(c: Call, r: JValue, result: JValue): JObject {
  if (r === null) c.throwNew('java.lang.NullPointerException');
  return c.callStatic('java.util.concurrent.Executors', 'callable', [R, 'java.lang.Object'], [r, result]) as JObject;
}

export const concurrent: readonly ClassSpec[] = [
  cls('public interface java.util.concurrent.Executor', {}, [m('public abstract void execute(java.lang.Runnable)')]),
  cls('public interface java.util.concurrent.ExecutorService extends java.util.concurrent.Executor', {}, [
    m('public abstract void shutdown()'),
    m('public abstract java.util.concurrent.Future submit(java.lang.Runnable)'),
    m('public abstract java.util.concurrent.Future submit(java.lang.Runnable, java.lang.Object)'),
    m('public abstract java.util.concurrent.Future submit(java.util.concurrent.Callable)'),
  ]),
  cls('public interface java.util.concurrent.ScheduledExecutorService extends java.util.concurrent.ExecutorService', {}, [
    m('public abstract java.util.concurrent.ScheduledFuture schedule(java.lang.Runnable, long, java.util.concurrent.TimeUnit)'),
    m('public abstract java.util.concurrent.ScheduledFuture schedule(java.util.concurrent.Callable, long, java.util.concurrent.TimeUnit)'),
    m('public abstract java.util.concurrent.ScheduledFuture scheduleAtFixedRate(java.lang.Runnable, long, long, java.util.concurrent.TimeUnit)'),
    m('public abstract java.util.concurrent.ScheduledFuture scheduleWithFixedDelay(java.lang.Runnable, long, long, java.util.concurrent.TimeUnit)'),
  ]),
  cls('public interface java.util.concurrent.ThreadFactory', {}, [m('public abstract java.lang.Thread newThread(java.lang.Runnable)')]),
  cls('public interface java.util.concurrent.Callable', {}, [m('public abstract java.lang.Object call()')]),
  cls('public interface java.util.concurrent.Future', {}, [
    m('public abstract boolean cancel(boolean)'),
    m('public abstract java.lang.Object get()'),
    m('public abstract boolean isCancelled()'),
    m('public abstract boolean isDone()'),
  ]),
  cls('public interface java.util.concurrent.RunnableFuture extends java.lang.Runnable, java.util.concurrent.Future', {}, [m('public abstract void run()')]),
  cls('public interface java.util.concurrent.Delayed extends java.lang.Comparable', {}, [m('public abstract long getDelay(java.util.concurrent.TimeUnit)')]),
  cls('public interface java.util.concurrent.ScheduledFuture extends java.util.concurrent.Delayed, java.util.concurrent.Future', {}, []),
  cls('public interface java.util.concurrent.RunnableScheduledFuture extends java.util.concurrent.RunnableFuture, java.util.concurrent.ScheduledFuture', {}, [m('public abstract boolean isPeriodic()')]),
  cls('public class java.util.concurrent.FutureTask implements java.util.concurrent.RunnableFuture', {}, [
    f('private java.util.concurrent.Callable callable'),
    m('public <init>(java.util.concurrent.Callable)', (c, self, [callable]) => {
      if (callable === null) c.throwNew('java.lang.NullPointerException');
      self!.native = { state: 'new', result: null, error: null } satisfies FutureState;
      setCallable(c, self!, callable as JObject);
    }),
    m('public <init>(java.lang.Runnable, java.lang.Object)', (c, self, [r, v]) => {
      self!.native = { state: 'new', result: null, error: null } satisfies FutureState;
      setCallable(c, self!, adapter(c, r ?? null, v ?? null));
    }),
    m('public boolean cancel(boolean)', (_c, self) => {
      const st = fstate(self);
      if (st.state !== 'new') return false;
      st.state = 'cancelled';
      return true;
    }),
    m('public java.lang.Object get()', (c, self) => {
      const st = fstate(self);
      if (st.state === 'done') return st.result;
      if (st.state === 'cancelled') c.throwNew('java.util.concurrent.CancellationException');
      if (st.state === 'failed') {
        const e = c.newObject('java.util.concurrent.ExecutionException', ['java.lang.Throwable'], [st.error]);
        c.vm.throwObject(e);
      }
      throw new Error('emulator: Future.get() before the task ran would block; the emulator runs one JS thread and cannot wait');
    }),
    m('public boolean isCancelled()', (_c, self) => fstate(self).state === 'cancelled'),
    m('public boolean isDone()', (_c, self) => fstate(self).state !== 'new'),
    m('public void run()', (c, self) => {
      futureRun(c, self!, false);
    }),
    m('protected boolean runAndReset()', (c, self) => futureRun(c, self!, true)),
  ]),
  exceptionClass('public class java.util.concurrent.CancellationException extends java.lang.IllegalStateException'),
  cls('public class java.util.concurrent.ExecutionException extends java.lang.Exception', {}, [
    m('protected <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.Exception', '<init>', ['java.lang.String'], [msg])),
    m('public <init>(java.lang.Throwable)', (c, self, [cause]) =>
      c.callSpecial(self!, 'java.lang.Throwable', '<init>', ['java.lang.String', 'java.lang.Throwable'], [cause === null ? null : String(c.call(cause as JObject, 'toString')), cause]),
    ),
  ]),
  cls('public abstract class java.util.concurrent.AbstractExecutorService implements java.util.concurrent.ExecutorService', {}, [
    m('public <init>()'),
    m('protected java.util.concurrent.RunnableFuture newTaskFor(java.lang.Runnable, java.lang.Object)', (c, _s, [r, v]) => c.newObject(FT, [R, 'java.lang.Object'], [r, v])),
    m('protected java.util.concurrent.RunnableFuture newTaskFor(java.util.concurrent.Callable)', (c, _s, [callable]) => c.newObject(FT, [CALLABLE], [callable])),
    m('public java.util.concurrent.Future submit(java.lang.Runnable)', (c, self, [r]) => {
      if (r === null) c.throwNew('java.lang.NullPointerException');
      const t = c.call(self!, 'newTaskFor', [R, 'java.lang.Object'], [r, null]) as JObject;
      c.call(self!, 'execute', [R], [t]);
      return t;
    }),
    m('public java.util.concurrent.Future submit(java.lang.Runnable, java.lang.Object)', (c, self, [r, v]) => {
      if (r === null) c.throwNew('java.lang.NullPointerException');
      const t = c.call(self!, 'newTaskFor', [R, 'java.lang.Object'], [r, v]) as JObject;
      c.call(self!, 'execute', [R], [t]);
      return t;
    }),
    m('public java.util.concurrent.Future submit(java.util.concurrent.Callable)', (c, self, [callable]) => {
      if (callable === null) c.throwNew('java.lang.NullPointerException');
      const t = c.call(self!, 'newTaskFor', [CALLABLE], [callable]) as JObject;
      c.call(self!, 'execute', [R], [t]);
      return t;
    }),
  ]),
  cls('public class java.util.concurrent.ThreadPoolExecutor extends java.util.concurrent.AbstractExecutorService', {}, [
    m('public void execute(java.lang.Runnable)', (c, self, [r]) => {
      if (r === null) c.throwNew('java.lang.NullPointerException');
      if (pool(self).shutdown) reject(c, self!, r as JObject);
      runOnWorker(c, self!, r as JObject, 0);
    }),
    m('protected void beforeExecute(java.lang.Thread, java.lang.Runnable)'),
    m('protected void afterExecute(java.lang.Runnable, java.lang.Throwable)'),
    m('final void runWorker(java.util.concurrent.ThreadPoolExecutor$Worker)'),
    m('public void shutdown()', (_c, self) => {
      pool(self).shutdown = true;
    }),
    m('public java.lang.String toString()', (_c, self) => {
      const st = pool(self);
      return `${self!.cls.name}@${(self as JObject).hash.toString(16)}[${st.shutdown ? 'Shutting down' : 'Running'}, pool size = ${st.workers.length}, active threads = 0, queued tasks = 0, completed tasks = 0]`;
    }),
  ]),
  cls('private final class java.util.concurrent.ThreadPoolExecutor$Worker implements java.lang.Runnable', {}, [m('public void run()')]),
  cls('public class java.util.concurrent.ScheduledThreadPoolExecutor extends java.util.concurrent.ThreadPoolExecutor implements java.util.concurrent.ScheduledExecutorService', {}, [
    m('public <init>(int)', (c, self, [n]) => {
      self!.native = { threadName: defaultThreadName(c), max: Math.max(1, n as number), workers: [], next: 0, shutdown: false } satisfies PoolState;
    }),
    m('protected java.util.concurrent.RunnableScheduledFuture decorateTask(java.lang.Runnable, java.util.concurrent.RunnableScheduledFuture)', (_c, _s, [, t]) => t),
    m('protected java.util.concurrent.RunnableScheduledFuture decorateTask(java.util.concurrent.Callable, java.util.concurrent.RunnableScheduledFuture)', (_c, _s, [, t]) => t),
    m('public java.util.concurrent.ScheduledFuture schedule(java.lang.Runnable, long, java.util.concurrent.TimeUnit)', (c, self, [r, d, u]) => {
      if (r === null || u === null) c.throwNew('java.lang.NullPointerException');
      return scheduled(c, self!, adapter(c, r ?? null, null), toMs(d ?? 0n, u ?? null), 0, r as JObject);
    }),
    m('public java.util.concurrent.ScheduledFuture schedule(java.util.concurrent.Callable, long, java.util.concurrent.TimeUnit)', (c, self, [callable, d, u]) => {
      if (callable === null || u === null) c.throwNew('java.lang.NullPointerException');
      const t = c.vm.alloc(c.vm.bootClass(SFT));
      if (pool(self).shutdown) reject(c, self!, callable as JObject);
      t.native = { state: 'new', result: null, error: null, delayMs: toMs(d ?? 0n, u ?? null), periodMs: 0, pool: self! } satisfies ScheduledState;
      setCallable(c, t, callable as JObject);
      const decorated = c.call(self!, 'decorateTask', [CALLABLE, RSF], [callable, t]) as JObject;
      queueScheduled(c, self!, decorated, Math.max(0, toMs(d ?? 0n, u ?? null)));
      return decorated;
    }),
    m('public java.util.concurrent.ScheduledFuture scheduleAtFixedRate(java.lang.Runnable, long, long, java.util.concurrent.TimeUnit)', (c, self, [r, d, p, u]) => {
      if (r === null || u === null) c.throwNew('java.lang.NullPointerException');
      if ((p as bigint) <= 0n) c.throwNew('java.lang.IllegalArgumentException');
      return scheduled(c, self!, adapter(c, r ?? null, null), toMs(d ?? 0n, u ?? null), toMs(p ?? 0n, u ?? null), r as JObject);
    }),
    m('public java.util.concurrent.ScheduledFuture scheduleWithFixedDelay(java.lang.Runnable, long, long, java.util.concurrent.TimeUnit)', (c, self, [r, d, p, u]) => {
      if (r === null || u === null) c.throwNew('java.lang.NullPointerException');
      if ((p as bigint) <= 0n) c.throwNew('java.lang.IllegalArgumentException');
      return scheduled(c, self!, adapter(c, r ?? null, null), toMs(d ?? 0n, u ?? null), -toMs(p ?? 0n, u ?? null), r as JObject);
    }),
    m('public void execute(java.lang.Runnable)', (c, self, [r]) => {
      c.call(self!, 'schedule', [R, 'long', TU], [r, 0n, c.getStatic(TU, 'NANOSECONDS')]);
    }),
    m('public java.util.concurrent.Future submit(java.lang.Runnable)', (c, self, [r]) => c.call(self!, 'schedule', [R, 'long', TU], [r, 0n, c.getStatic(TU, 'NANOSECONDS')])),
  ]),
  cls('private class java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask extends java.util.concurrent.FutureTask implements java.util.concurrent.RunnableScheduledFuture', { file: 'ScheduledThreadPoolExecutor.java' }, [
    m('public long getDelay(java.util.concurrent.TimeUnit)', (_c, self) => BigInt(Math.round((self!.native as ScheduledState).delayMs))),
    m('public int compareTo(java.lang.Object)', () => 0),
    m('public boolean isPeriodic()', (_c, self) => (self!.native as ScheduledState).periodMs !== 0),
    // Periodic tasks run without completing; one-shot tasks complete.
    m('public void run()', (c, self) => {
      if ((self!.native as ScheduledState).periodMs !== 0) c.callSpecial(self!, FT, 'runAndReset', []);
      else c.callSpecial(self!, FT, 'run', []);
    }),
  ]),
  cls('public class java.util.concurrent.Executors', {}, [
    m('public static java.util.concurrent.Callable callable(java.lang.Runnable, java.lang.Object)', (c, _s, [r, v]) => {
      if (r === null) c.throwNew('java.lang.NullPointerException');
      const a = c.vm.alloc(c.vm.bootClass('java.util.concurrent.Executors$RunnableAdapter'));
      c.set(a, 'task', r);
      c.set(a, 'result', v ?? null);
      return a;
    }),
    m('public static java.util.concurrent.ExecutorService newCachedThreadPool()', (c) => newPool(c, 64)),
    m('public static java.util.concurrent.ExecutorService newFixedThreadPool(int)', (c, _s, [n]) => newPool(c, n as number)),
    m('public static java.util.concurrent.ScheduledExecutorService newScheduledThreadPool(int)', (c, _s, [n]) => c.newObject(STPE, ['int'], [n])),
    m('public static java.util.concurrent.ExecutorService newSingleThreadExecutor()', (c) => newPool(c, 1)),
  ]),
  cls('private static final class java.util.concurrent.Executors$RunnableAdapter implements java.util.concurrent.Callable', { file: 'Executors.java' }, [
    f('private final java.lang.Runnable task'),
    f('private final java.lang.Object result'),
    m('public java.lang.Object call()', (c, self) => {
      c.call(c.get(self!, 'task') as JObject, 'run');
      return c.get(self!, 'result');
    }),
  ]),
  cls('public final class java.util.concurrent.TimeUnit extends java.lang.Enum', {}, [
    ...['NANOSECONDS', 'MICROSECONDS', 'MILLISECONDS', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS'].map((n, i) => f(`public static final java.util.concurrent.TimeUnit ${n}`, { value: enumConstant(TU, n, i) })),
    m('public long toMillis(long)', (_c, self, [d]) => BigInt(Math.floor(Number(d as bigint) * (UNIT_MS[enumName(self ?? null) ?? 'MILLISECONDS'] ?? 1)))),
  ]),
  cls('public class java.util.concurrent.RejectedExecutionException extends java.lang.RuntimeException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.RuntimeException', '<init>', ['java.lang.String'], [msg])),
  ]),
];

function exceptionClass(header: string): ClassSpec {
  const sup = /extends\s+(\S+)/.exec(header)![1]!;
  return cls(header, {}, [
    m('public <init>()', (c, self) => c.callSpecial(self!, sup, '<init>', [], [])),
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, sup, '<init>', ['java.lang.String'], [msg])),
  ]);
}

