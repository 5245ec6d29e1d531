// Origins of asynchronous work. When code hands work to another thread (an executor, a Handler, a
// new Thread), the submitting stack is recorded against the handed-over object; when that work
// runs, events emitted meanwhile carry the submitting stack ids as `origins` (innermost submission
// first). Submissions made while running such work chain their own origins behind the new stack,
// up to MAX_CHAIN hops, so "SDK posts to a Handler that submits to a pool" still reaches the SDK.
//
// Cheap and bounded:
//  - objects are keyed by System.identityHashCode (weak: we never hold the Java object), in maps
//    that evict their oldest entries (tasks 4096, threads 1024);
//  - a stack is captured once per outermost submission (nested submissions on the same thread,
//    such as submit() -> execute(), reuse it), and its frames only cross the wire if an event ever
//    references it (StackInterner.captureDeferred/reference);
//  - in 'gated' mode no stack is captured when the submitted work's own code decides attribution
//    (agent/core/origin-gate.ts): the work then records only the submitting thread's own origins,
//    so what is lost is exactly the submitting stack (docs/attribution.md "Origins: gated walks");
//  - the thread-level origin (who started this Thread) is looked up once per thread and re-checked
//    at most once a second, so a reused tid cannot inherit a dead thread's origin for long.
import type { OriginRole } from '../catalog/types.js';
import type { SubmittedWork } from './origin-gate.js';

export const MAX_CHAIN = 8;
const MAX_TASKS = 4096;
const MAX_THREADS = 1024;
const THREAD_RECHECK_MS = 1000;
const MAX_THREAD_CTXS = 4096;

export type Chain = readonly string[];

export interface OriginsHost {
  now(): number;
  /** System.identityHashCode of a Java object; null when it cannot be had. */
  identity(obj: unknown): number | null;
  /** Identity of the calling thread's java.lang.Thread object; null outside the VM. */
  currentThread(): number | null;
  /** The calling thread's stack id, its frames kept back until an event references it. */
  captureStack(): string | undefined;
  /**
   * Whether the submitting stack can be left out: the work's own code decides attribution
   * ('gated' mode). Absent or false: walk. `self` is the hooked object (Handler, Thread).
   */
  workDecides?(work: SubmittedWork, self: unknown, obj: unknown): boolean;
}

type SubmitRole = Extract<OriginRole, { role: 'submit' }>;

const workOf = (role: SubmitRole): SubmittedWork => (role.thread === true ? 'thread' : role.message === true ? 'message' : 'task');

interface Scope {
  chain: Chain | null;
  /** Identity to forget after the run (recycled objects). */
  forget: number | null;
}

interface ThreadCtx {
  scopes: Scope[];
  /** Work bracketed by begin/end (ThreadPoolExecutor before/afterExecute). */
  slot: Chain | null;
  /** Nesting depth of submission hooks on this thread, and the chain of the outermost one. */
  depth: number;
  submit: Chain | null | undefined;
  /** The outermost submission's gate verdict, per object identity (submit() then its nested execute() ask for the same task). */
  gated: { key: number; skip: boolean } | null;
  /** The thread's own origin (who started it), with the thread identity it was looked up for. */
  base: { key: number | null; chain: Chain | null; at: number } | null;
}

class Bounded {
  private readonly map = new Map<number, Chain>();
  constructor(private readonly max: number) {}
  get size(): number {
    return this.map.size;
  }
  get(k: number): Chain | undefined {
    return this.map.get(k);
  }
  set(k: number, v: Chain): void {
    if (this.map.has(k)) this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
  }
  delete(k: number): void {
    this.map.delete(k);
  }
}

export class OriginTracker {
  private readonly tasks = new Bounded(MAX_TASKS);
  private readonly threads = new Bounded(MAX_THREADS);
  private readonly ctxs = new Map<number, ThreadCtx>();

  constructor(private readonly host: OriginsHost) {}

  /** Entries held (tasks, threads): for status and tests. */
  get sizes(): { tasks: number; threads: number } {
    return { tasks: this.tasks.size, threads: this.threads.size };
  }

  private ctx(tid: number): ThreadCtx {
    let c = this.ctxs.get(tid);
    if (c === undefined) {
      if (this.ctxs.size >= MAX_THREAD_CTXS) this.evictIdle();
      c = { scopes: [], slot: null, depth: 0, submit: undefined, gated: null, base: null };
      this.ctxs.set(tid, c);
    }
    return c;
  }

  /** Threads come and go: drop the oldest idle per-thread states (they are rebuilt on demand). */
  private evictIdle(): void {
    let dropped = 0;
    for (const [tid, c] of this.ctxs) {
      if (c.scopes.length === 0 && c.depth === 0 && c.slot === null) {
        this.ctxs.delete(tid);
        if (++dropped >= 256) break;
      }
    }
  }

  private threadBase(c: ThreadCtx): Chain | null {
    const now = this.host.now();
    if (c.base !== null && now - c.base.at < THREAD_RECHECK_MS) return c.base.chain;
    let key: number | null;
    try {
      key = this.host.currentThread();
    } catch {
      key = null;
    }
    if (c.base !== null && key === c.base.key) {
      c.base.at = now;
      return c.base.chain;
    }
    const chain = key === null ? null : (this.threads.get(key) ?? null);
    c.base = { key, chain, at: now };
    return chain;
  }

  /** Origins of the work this thread is running now (innermost submission first). */
  current(tid: number): Chain | undefined {
    const c = this.ctxs.get(tid) ?? this.ctx(tid);
    for (let i = c.scopes.length - 1; i >= 0; i--) {
      const ch = c.scopes[i]!.chain;
      if (ch !== null) return ch;
    }
    if (c.slot !== null) return c.slot;
    return this.threadBase(c) ?? undefined;
  }

  /** The chain a submission on this thread records: its stack, then the thread's current origins. */
  private submitChain(tid: number, c: ThreadCtx): Chain | null {
    if (c.submit !== undefined) return c.submit;
    const id = this.host.captureStack();
    const outer = this.current(tid) ?? [];
    const chain = id === undefined ? (outer.length > 0 ? outer.slice(0, MAX_CHAIN) : null) : [id, ...outer].slice(0, MAX_CHAIN);
    c.submit = chain;
    return chain;
  }

  /** What a submission records when its stack is left out: the submitting thread's own origins. */
  private outerChain(tid: number): Chain {
    return (this.current(tid) ?? []).slice(0, MAX_CHAIN);
  }

  /** Runs `fn` as a submission hook's original; records per `role` before and/or after it. */
  submit<T>(tid: number, role: SubmitRole, self: unknown, args: readonly unknown[], fn: () => T, onError: (e: unknown) => void): T {
    const c = this.ctx(tid);
    c.depth++;
    try {
      if (role.key !== 'ret') {
        try {
          const obj = role.key === 'self' ? self : args[role.key];
          // A thread started inside another submission is a pool creating its worker: its life is
          // not the submitted work's, so it gets no thread-level origin.
          if (!(role.thread === true && c.depth > 1)) this.record(tid, c, role, self, obj);
        } catch (e) {
          onError(e);
        }
      }
      const ret = fn();
      if (role.key === 'ret') {
        try {
          this.record(tid, c, role, self, ret);
        } catch (e) {
          onError(e);
        }
      }
      return ret;
    } finally {
      c.depth--;
      if (c.depth === 0) {
        c.submit = undefined;
        c.gated = null;
      }
    }
  }

  private record(tid: number, c: ThreadCtx, role: SubmitRole, self: unknown, obj: unknown): void {
    if (obj === null || obj === undefined) return;
    const key = this.host.identity(obj);
    if (key === null) return;
    const chain = this.skipWalk(c, key, role, self, obj) ? this.outerChain(tid) : this.submitChain(tid, c);
    if (chain === null) return;
    (role.thread === true ? this.threads : this.tasks).set(key, chain);
  }

  private skipWalk(c: ThreadCtx, key: number, role: SubmitRole, self: unknown, obj: unknown): boolean {
    const gate = this.host.workDecides;
    if (gate === undefined) return false;
    if (c.gated !== null && c.gated.key === key) return c.gated.skip;
    const skip = gate.call(this.host, workOf(role), self, obj);
    c.gated = { key, skip };
    return skip;
  }

  /** Runs `fn` (the original of a run-scope hook) as the work of `obj`. */
  run<T>(tid: number, obj: unknown, once: boolean, fn: () => T, onError: (e: unknown) => void): T {
    const c = this.ctx(tid);
    const scope: Scope = { chain: null, forget: null };
    try {
      const key = obj === null || obj === undefined ? null : this.host.identity(obj);
      if (key !== null) {
        scope.chain = this.tasks.get(key) ?? null;
        if (once && scope.chain !== null) scope.forget = key;
      }
    } catch (e) {
      onError(e);
    }
    c.scopes.push(scope);
    try {
      return fn();
    } finally {
      c.scopes.pop();
      if (scope.forget !== null) this.tasks.delete(scope.forget);
    }
  }

  /** beforeExecute(Thread, Runnable): the worker is about to run `obj`. */
  begin(tid: number, obj: unknown): void {
    const c = this.ctx(tid);
    const key = obj === null || obj === undefined ? null : this.host.identity(obj);
    c.slot = key === null ? null : (this.tasks.get(key) ?? null);
  }

  /** afterExecute: the worker is done with its task. */
  end(tid: number): void {
    const c = this.ctxs.get(tid);
    if (c !== undefined) c.slot = null;
  }
}
