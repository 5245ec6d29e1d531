// Executors and thread pools. A worker thread's long-running entry (Thread.run ->
// ThreadPoolExecutor$Worker.run -> runWorker) stays on its stack as base frames; each task then
// runs as Runnable.run() on that thread, so the running stack differs from the submitting one
// exactly as on a phone.
import type { JObject } from '../java/heap.js';
import { cls, m, type Call, type ClassSpec } from '../java/model.js';
import type { JavaThread } from '../java/threads.js';
import { runTask } from './tasks.js';

export interface PoolState {
  /** Thread name for worker n (1-based). */
  threadName: (n: number) => string;
  max: number;
  workers: JavaThread[];
  next: number;
  shutdown: boolean;
}

function pool(self: JObject | null): PoolState {
  return (self as JObject).native as PoolState;
}

/** Creates a ThreadPoolExecutor object the way Executors' factories do (no ctor call). */
export function newPool(c: Call, max: number, threadName?: (n: number) => string): JObject {
  const tpe = c.vm.alloc(c.vm.bootClass('java.util.concurrent.ThreadPoolExecutor'));
  let name = threadName;
  if (name === undefined) {
    // Executors.defaultThreadFactory: "pool-<poolNumber>-thread-<threadNumber>", counted per process.
    const s = c.env.singletons;
    const poolNo = ((s.get('executors.poolNumber') as number | undefined) ?? 0) + 1;
    s.set('executors.poolNumber', poolNo);
    name = (n) => `pool-${poolNo}-thread-${n}`;
  }
  tpe.native = { threadName: name, max, workers: [], next: 0, shutdown: false } satisfies PoolState;
  return tpe;
}

function execute(c: Call, self: JObject, task: JObject): void {
  const st = pool(self);
  if (st.shutdown) c.throwNew('java.util.concurrent.RejectedExecutionException', `Task ${String(c.call(task, 'toString'))} rejected from ${String(c.call(self, 'toString'))}`);
  let worker: JavaThread;
  if (st.workers.length < st.max) {
    const vm = c.vm;
    const base = [
      vm.method(vm.bootClass('java.lang.Thread'), 'run', []),
      vm.method(vm.bootClass('java.util.concurrent.ThreadPoolExecutor$Worker'), 'run', []),
      vm.method(vm.bootClass('java.util.concurrent.ThreadPoolExecutor'), 'runWorker', ['java.util.concurrent.ThreadPoolExecutor$Worker']),
    ];
    worker = c.env.newThread(st.threadName(st.workers.length + 1), base);
    st.workers.push(worker);
  } else {
    worker = st.workers[st.next++ % st.workers.length]!;
  }
  c.env.post(worker, 0, () => runTask(c.vm, task));
}

export const concurrent: readonly ClassSpec[] = [
  cls('public interface java.util.concurrent.Executor', {}, [m('public abstract void execute(java.lang.Runnable)')]),
  cls('public interface java.util.concurrent.ExecutorService extends java.util.concurrent.Executor', {}, [m('public abstract void shutdown()')]),
  cls('public interface java.util.concurrent.ThreadFactory', {}, [m('public abstract java.lang.Thread newThread(java.lang.Runnable)')]),
  cls('public abstract class java.util.concurrent.AbstractExecutorService implements java.util.concurrent.ExecutorService', {}, [m('public <init>()')]),
  cls('public class java.util.concurrent.ThreadPoolExecutor extends java.util.concurrent.AbstractExecutorService', {}, [
    m('public void execute(java.lang.Runnable)', (c, self, [r]) => {
      if (r === null) c.throwNew('java.lang.NullPointerException');
      execute(c, self as JObject, r as JObject);
    }),
    m('final void runWorker(java.util.concurrent.ThreadPoolExecutor$Worker)'),
    m('public void shutdown()', (_c, self) => {
      pool(self).shutdown = true;
    }),
    m('public java.lang.String toString()', (c, self) => {
      const st = pool(self);
      return `java.util.concurrent.ThreadPoolExecutor@${(self as JObject).hash.toString(16)}[${st.shutdown ? 'Shutting down' : 'Running'}, pool size = ${st.workers.length}, active threads = 0, queued tasks = 0, completed tasks = 0]`;
    }),
  ]),
  cls('private final class java.util.concurrent.ThreadPoolExecutor$Worker implements java.lang.Runnable', {}, [m('public void run()')]),
  cls('public class java.util.concurrent.Executors', {}, [
    m('public static java.util.concurrent.ExecutorService newCachedThreadPool()', (c) => newPool(c, 64)),
    m('public static java.util.concurrent.ExecutorService newFixedThreadPool(int)', (c, _s, [n]) => newPool(c, n as number)),
    m('public static java.util.concurrent.ExecutorService newSingleThreadExecutor()', (c) => newPool(c, 1)),
  ]),
  cls('public class java.util.concurrent.RejectedExecutionException extends java.lang.RuntimeException', {}, [
    m('public <init>(java.lang.String)', (c, self, [msg]) => c.callSpecial(self!, 'java.lang.RuntimeException', '<init>', ['java.lang.String'], [msg])),
  ]),
];
