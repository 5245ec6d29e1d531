import { describe, expect, it } from 'vitest';
import { MAX_CHAIN, OriginTracker } from '../../agent/core/origins.js';
import { makeEnv, type Env } from './env.js';

const TM = 'android.telephony.TelephonyManager';

function stack(env: Env, id: string, cls: string) {
  env.platform.stack = { id, frames: [{ className: cls, methodName: 'run', fileName: null, lineNumber: 1 }] };
}

/** Executors, Handler, FutureTask and Thread as the catalog hooks them, plus a PI getter. */
function defineAsync(env: Env) {
  const queue: { run: () => void }[] = [];
  const tpe = env.java.define('java.util.concurrent.ThreadPoolExecutor', {
    execute: [{ params: ['java.lang.Runnable'], body: (r: any) => queue.push({ run: () => r.run() }) }],
    beforeExecute: [{ params: ['java.lang.Thread', 'java.lang.Runnable'], body: () => undefined }],
    afterExecute: [{ params: ['java.lang.Runnable', 'java.lang.Throwable'], body: () => undefined }],
  });
  const handler = env.java.define('android.os.Handler', {
    sendMessageAtTime: [{ params: ['android.os.Message', 'long'], body: (m: any) => queue.push({ run: () => handler.dispatchMessage(m) }) }],
    sendMessageAtFrontOfQueue: [{ params: ['android.os.Message'], body: (m: any) => queue.push({ run: () => handler.dispatchMessage(m) }) }],
    dispatchMessage: [{ params: ['android.os.Message'], body: (m: any) => m.callback.run() }],
  });
  const thread = env.java.define('java.lang.Thread', {
    // The new thread's Thread.currentThread() is the started Thread object itself.
    start: [{ params: [], body: function (this: any) { const self = this; queue.push({ run: () => { setCurrentThread(env, self); self.body(); } }); } }],
    currentThread: [{ params: [], body: () => currentThreadObj(env) }],
  });
  const tm = env.java.define(TM, { getDeviceId: [{ params: [], ret: 'java.lang.String', body: () => '866000000000001' }] });
  env.install('async.executor.execute', 'async.executor.beforeExecute', 'async.executor.afterExecute', 'async.handler.sendMessageAtTime', 'async.handler.sendMessageAtFrontOfQueue', 'async.handler.dispatchMessage', 'async.thread.start', 'telephony.getDeviceId');
  /** A worker loop: runs the next queued item on thread `tid`, the way ThreadPoolExecutor.runWorker does for pool items. */
  const runNext = (tid: number, viaPool?: any) => {
    const item = queue.shift()!;
    env.platform.tid = tid;
    if (viaPool !== undefined) {
      tpe.beforeExecute(null, viaPool);
      try {
        item.run();
      } finally {
        tpe.afterExecute(viaPool, null);
      }
    } else item.run();
  };
  return { tpe, handler, thread, tm, queue, runNext };
}

/** Per-tid java.lang.Thread objects; tests may replace one to simulate tid reuse. */
const threadObjs = new WeakMap<Env, Map<number, object>>();
function currentThreadObj(env: Env): object {
  let m = threadObjs.get(env);
  if (m === undefined) threadObjs.set(env, (m = new Map()));
  let t = m.get(env.platform.tid);
  if (t === undefined) m.set(env.platform.tid, (t = { $className: 'java.lang.Thread', tid: env.platform.tid }));
  return t;
}

function setCurrentThread(env: Env, t: object): void {
  currentThreadObj(env);
  threadObjs.get(env)!.set(env.platform.tid, t);
}

describe('asynchronous work origins', () => {
  it('gives events emitted by pool work the submitting stack', () => {
    const env = makeEnv();
    const { tpe, tm, runNext } = defineAsync(env);
    stack(env, 'submit-sdk', 'com.umeng.commonsdk.UMConfigure');
    const task = { $className: 'com.umeng.Task', run: () => tm.getDeviceId() };
    env.platform.tid = 1;
    tpe.execute(task);
    stack(env, 'worker', 'java.util.concurrent.ThreadPoolExecutor$Worker');
    runNext(7, task);
    const [ev] = env.events();
    expect(ev).toMatchObject({ kind: 'pi', tid: 7, stack: 'worker', origins: ['submit-sdk'] });
    // The submitting stack's frames reached the host because an event referenced them.
    expect(env.stacksSent()['submit-sdk']).toEqual([['com.umeng.commonsdk.UMConfigure', 'run', null, 1]]);
    // After afterExecute the worker no longer carries the origin.
    env.platform.tid = 7;
    tm.getDeviceId();
    expect(env.events()[1].origins).toBeUndefined();
  });

  it('chains origins across hops, innermost submission first', () => {
    const env = makeEnv();
    const { tpe, handler, tm, runNext } = defineAsync(env);
    const msg = { $className: 'android.os.Message', callback: { run: () => tm.getDeviceId() } };
    const task = {
      $className: 'com.sdk.Hop1',
      run: () => {
        stack(env, 'hop2', 'com.sdk.Hop1');
        handler.sendMessageAtTime(msg, 0);
      },
    };
    env.platform.tid = 1;
    stack(env, 'hop1', 'com.sdk.Entry');
    tpe.execute(task);
    stack(env, 'w', 'x.Worker');
    runNext(7, task); // hop 1: runs on the pool, posts to a Handler
    stack(env, 'looper', 'android.os.Looper');
    runNext(9); // hop 2: the looper dispatches the message
    const [ev] = env.events();
    expect(ev.tid).toBe(9);
    expect(ev.origins).toEqual(['hop2', 'hop1']);
  });

  it('forgets a Message after its dispatch (Messages are recycled)', () => {
    const env = makeEnv();
    const { handler, tm, runNext } = defineAsync(env);
    const msg = { $className: 'android.os.Message', callback: { run: () => tm.getDeviceId() } };
    env.platform.tid = 1;
    stack(env, 'poster', 'com.sdk.A');
    handler.sendMessageAtFrontOfQueue(msg);
    runNext(2);
    // The recycled Message comes back through a path we do not see: no stale origin.
    env.platform.tid = 2;
    handler.dispatchMessage(msg);
    const evs = env.events();
    expect(evs[0].origins).toEqual(['poster']);
    expect(evs[1].origins).toBeUndefined();
  });

  it('gives a started Thread its starter as the base origin', () => {
    const env = makeEnv();
    const { thread, tm, runNext } = defineAsync(env);
    env.platform.tid = 1;
    stack(env, 'starter', 'com.sdk.Daemon');
    env.java.instance(thread, {}, { body: () => tm.getDeviceId() }).start();
    runNext(11);
    expect(env.events()[0].origins).toEqual(['starter']);
  });

  it('does not give pool workers started inside a submission the submitter as their base origin', () => {
    const env = makeEnv();
    const queue: (() => void)[] = [];
    const thread = env.java.define('java.lang.Thread', {
      start: [{ params: [], body: function (this: any) { const self = this; queue.push(() => { setCurrentThread(env, self); self.body(); }); } }],
      currentThread: [{ params: [], body: () => currentThreadObj(env) }],
    });
    const tm = env.java.define(TM, { getDeviceId: [{ params: [], ret: 'java.lang.String', body: () => '866000000000001' }] });
    // ThreadPoolExecutor.execute creating its worker (addWorker -> Thread.start) for the first task.
    const tpe = env.java.define('java.util.concurrent.ThreadPoolExecutor', {
      execute: [{ params: ['java.lang.Runnable'], body: () => env.java.instance(thread, {}, { body: () => tm.getDeviceId() }).start() }],
    });
    env.install('async.executor.execute', 'async.thread.start', 'telephony.getDeviceId');
    env.platform.tid = 1;
    stack(env, 'submitter', 'com.sdk.B');
    tpe.execute({ $className: 'r' });
    expect(queue).toHaveLength(1);
    env.platform.tid = 12;
    queue.shift()!(); // the worker runs work that did not come through our hooks
    expect(env.events()[0].origins).toBeUndefined();
    // Control: the same Thread.start outside a submission does carry its starter.
    env.platform.tid = 1;
    env.java.instance(thread, {}, { body: () => tm.getDeviceId() }).start();
    env.platform.tid = 13;
    queue.shift()!();
    expect(env.events()[1].origins).toEqual(['submitter']);
  });

  it('re-checks the thread identity so a reused tid does not inherit a dead thread origin', () => {
    const env = makeEnv();
    const { thread, tm, runNext } = defineAsync(env);
    env.platform.tid = 1;
    stack(env, 'starter', 'com.sdk.Daemon');
    env.java.instance(thread, {}, { body: () => tm.getDeviceId() }).start();
    runNext(11);
    expect(env.events()[0].origins).toEqual(['starter']);
    // tid 11 dies and the number is reused by an unrelated thread, seen a second later.
    threadObjs.get(env)!.set(11, { $className: 'java.lang.Thread', reused: true });
    env.platform.advance(1500);
    env.platform.tid = 11;
    tm.getDeviceId();
    expect(env.events()[1].origins).toBeUndefined();
  });

  it('keeps its maps bounded and caps chains at 8 hops', () => {
    let id = 0;
    const objs: object[] = [];
    const ids = new WeakMap<object, number>();
    let stackN = 0;
    const t = new OriginTracker({
      now: () => 0,
      identity: (o) => {
        let v = ids.get(o as object);
        if (v === undefined) ids.set(o as object, (v = ++id));
        return v;
      },
      currentThread: () => null,
      captureStack: () => `s${stackN++}`,
    });
    const submit = { role: 'submit' as const, key: 0 };
    for (let i = 0; i < 5000; i++) {
      const o = { i };
      objs.push(o);
      t.submit(1, submit, null, [o], () => undefined, (e) => {
        throw e;
      });
    }
    expect(t.sizes.tasks).toBe(4096);
    // The oldest were evicted, the newest kept.
    let found: readonly string[] | undefined;
    t.run(2, objs[0], false, () => (found = t.current(2)), () => undefined);
    expect(found).toBeUndefined();
    t.run(2, objs[4999], false, () => (found = t.current(2)), () => undefined);
    expect(found).toEqual(['s4999']);
    // Ten hops deep: the chain stops at MAX_CHAIN.
    let prev: object = { hop: 0 };
    t.submit(3, submit, null, [prev], () => undefined, () => undefined);
    let chain: readonly string[] | undefined;
    for (let hop = 1; hop <= 10; hop++) {
      const next = { hop };
      t.run(3, prev, false, () => t.submit(3, submit, null, [next], () => undefined, () => undefined), () => undefined);
      prev = next;
    }
    t.run(4, prev, false, () => (chain = t.current(4)), () => undefined);
    expect(chain).toHaveLength(MAX_CHAIN);
  });

  it('never lets a tracker failure reach the app, and still runs the work', () => {
    const env = makeEnv();
    const { tpe, runNext } = defineAsync(env);
    env.java.define('java.lang.System', {
      identityHashCode: [
        {
          params: ['java.lang.Object'],
          body: () => {
            throw new Error('boom');
          },
        },
      ],
    });
    let ran = false;
    const task = { $className: 'r', run: () => (ran = true) };
    env.platform.tid = 1;
    expect(() => tpe.execute(task)).not.toThrow();
    runNext(5, task);
    expect(ran).toBe(true);
  });
});
