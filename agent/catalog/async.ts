// Asynchronous work origins (kind 'origin': no events of their own). Submissions record the
// submitting stack against the handed-over object; run scopes make events emitted while that work
// runs carry the submitting stacks as `origins` (agent/core/origins.ts), so work an SDK hands to an
// executor, a Handler or a Thread is still attributed to the SDK.
//
// Funnels (AOSP Handler.java, OpenJDK java.util.concurrent):
//  - every Handler.post*/sendMessage*/sendEmptyMessage* ends in sendMessageAtTime or
//    sendMessageAtFrontOfQueue with the Message that Looper later hands to dispatchMessage;
//  - AbstractExecutorService.submit wraps the task in a FutureTask and calls execute (nested: same
//    stack); ThreadPoolExecutor runs every task between beforeExecute and afterExecute;
//  - ScheduledThreadPoolExecutor.schedule*/execute/submit create the task in decorateTask and queue
//    it directly (no execute); it runs through FutureTask.run (one-shot) or runAndReset (periodic);
//  - Thread.start: the new thread's whole life is the started work.
// Not covered: java.util.Timer, ForkJoinPool and Kotlin coroutine dispatchers.
import type { HookArea, HookSpec } from './types.js';

const TPE = 'java.util.concurrent.ThreadPoolExecutor';
const STPE = 'java.util.concurrent.ScheduledThreadPoolExecutor';
const H = 'android.os.Handler';
const FT = 'java.util.concurrent.FutureTask';

const o = (spec: Omit<HookSpec, 'kind' | 'args' | 'ret'>): HookSpec => ({ kind: 'origin', args: false, ret: false, ...spec });

export const asyncArea: HookArea = {
  area: 'async',
  hooks: [
    o({ id: 'async.executor.execute', class: TPE, method: 'execute', overloads: 'all', origin: { role: 'submit', key: 0 } }),
    o({ id: 'async.executor.submit', class: 'java.util.concurrent.AbstractExecutorService', method: 'submit', overloads: 'all', origin: { role: 'submit', key: 'ret' }, note: 'the FutureTask is also recorded by the nested execute, before it can run' }),
    o({ id: 'async.scheduled.decorateTask', class: STPE, method: 'decorateTask', overloads: 'all', origin: { role: 'submit', key: 'ret' }, note: 'the task object before it is queued' }),
    o({ id: 'async.scheduled.schedule', class: STPE, method: 'schedule', overloads: 'all', origin: { role: 'submit', key: 'ret' } }),
    o({ id: 'async.scheduled.scheduleAtFixedRate', class: STPE, method: 'scheduleAtFixedRate', overloads: 'all', origin: { role: 'submit', key: 'ret' } }),
    o({ id: 'async.scheduled.scheduleWithFixedDelay', class: STPE, method: 'scheduleWithFixedDelay', overloads: 'all', origin: { role: 'submit', key: 'ret' } }),
    o({ id: 'async.handler.sendMessageAtTime', class: H, method: 'sendMessageAtTime', overloads: 'all', origin: { role: 'submit', key: 0, message: true }, note: 'post, postAtTime, postDelayed, sendMessage, sendMessageDelayed, sendEmptyMessage* end here' }),
    o({ id: 'async.handler.sendMessageAtFrontOfQueue', class: H, method: 'sendMessageAtFrontOfQueue', overloads: 'all', origin: { role: 'submit', key: 0, message: true }, note: 'postAtFrontOfQueue ends here' }),
    o({ id: 'async.thread.start', class: 'java.lang.Thread', method: 'start', overloads: 'all', origin: { role: 'submit', key: 'self', thread: true }, note: 'thread pools starting their workers inside a submission are not recorded' }),
    o({ id: 'async.handler.dispatchMessage', class: H, method: 'dispatchMessage', overloads: 'all', origin: { role: 'run', key: 0, once: true }, note: 'Looper hands every message here; Message objects are recycled, so the key is dropped after the run' }),
    o({ id: 'async.executor.beforeExecute', class: TPE, method: 'beforeExecute', overloads: 'all', origin: { role: 'begin', key: 1 } }),
    o({ id: 'async.executor.afterExecute', class: TPE, method: 'afterExecute', overloads: 'all', origin: { role: 'end' } }),
    o({ id: 'async.futureTask.run', class: FT, method: 'run', overloads: 'all', origin: { role: 'run', key: 'self' } }),
    o({ id: 'async.futureTask.runAndReset', class: FT, method: 'runAndReset', overloads: 'all', origin: { role: 'run', key: 'self' }, note: 'periodic scheduled tasks' }),
  ],
};
