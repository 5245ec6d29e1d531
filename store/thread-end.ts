// A worker thread's end as the blocked main thread can see it. Two threads are waited for with
// Atomics.wait on the main thread, which then cannot see the Worker's 'exit' or 'error' events:
// the store's writer (store/writer.ts, store/writer-thread.ts) and the report's network scan
// (reports/scan-thread.ts, reports/scan-worker.ts). Each publishes its OS thread id in its shared
// cells as it starts, and the waiting main thread looks each second whether that thread still
// runs; a thread gone without answering is dead now, not after a silence of minutes. It lives in
// store/ because imports run host -> reports -> analysis -> store: both sides can reach it here.
import { existsSync, readlinkSync } from 'node:fs';

/**
 * A thread's end as Linux shows it. Each Node worker runs on an OS thread of its own, created by
 * `new Worker` and ended when the worker's isolate is torn down, including after V8 stopped it at
 * its heap limit (node src/node_worker.cc: Worker::StartThread creates it with
 * uv_thread_create_ex, and once Run() returns the thread only posts its join to the parent's loop
 * and returns, so it ends without the blocked parent doing anything; Worker::NearHeapLimit calls
 * Exit with ERR_WORKER_OUT_OF_MEMORY, which stops the thread's loop and Run()). proc(5):
 * /proc/thread-self (Linux 3.17+) links to `<pid>/task/<tid>` for the thread that reads it, and
 * /proc/self/task has one entry per live thread of the process. A thread other than the leader
 * is reaped as it exits, joined or not (Linux kernel/exit.c exit_notify: `autoreap = true` for a
 * sub-thread, then release_task), so its entry goes with it; and a lookup there finds only this
 * process's threads (fs/proc/base.c proc_task_lookup: same_thread_group), so another process
 * reusing the id does not hide the end. If a new thread of this process took the id within the
 * second between two looks (ids are handed out cyclically up to pid_max, so only after the ids
 * wrapped), the end is missed and the waiting side's silence rule (its STALL_MS) decides. No /proc (macOS,
 * Windows, a sandbox without it): no id is published and that silence rule decides.
 */
export const ThreadEnd = {
  /** The calling thread's OS thread id, or 0 where /proc does not show it as a live thread of this process. */
  ownId(): number {
    try {
      const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
      // Published only if the main thread's look will find it while it lives.
      return Number.isSafeInteger(tid) && tid > 0 && tid <= 0x7fffffff && ThreadEnd.alive(tid) ? tid : 0;
    } catch {
      return 0; // no /proc/thread-self
    }
  },
  /** Whether thread `tid` of this process still runs (its /proc/self/task entry is there). */
  alive(tid: number): boolean {
    return existsSync(`/proc/self/task/${tid}`);
  },
  /**
   * The thread id published in `cells[idSlot]` if that thread has ended while `cells[cell]` still
   * holds `seen`, else 0. Both threads post their answer and move their cell before they end, so
   * the cell is read again after the end is seen: an answer given just before the end is taken,
   * not called missing.
   */
  endedWhile(cells: Int32Array, idSlot: number, cell: number, seen: number): number {
    const tid = Atomics.load(cells, idSlot);
    return tid !== 0 && !ThreadEnd.alive(tid) && Atomics.load(cells, cell) === seen ? tid : 0;
  },
} as const;
