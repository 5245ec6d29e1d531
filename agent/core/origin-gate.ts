// Whether an asynchronous submission needs the submitting Java stack (issue 14, item 7).
//
// Java.backtrace() walks every frame of the thread natively, formats each and hashes them, however
// few frames we keep (docs/frida-notes.md "Backtraces"), so a walk per submission is the origin
// hooks' whole cost. The walk feeds two things on the host: the async-origin rule, which decides
// only when an event's running stack has no deciding frame, and the "called by" chain. The
// running stack of submitted work holds a frame of the work's own code (its Runnable's run, the
// Callable a FutureTask calls, the Handler subclass's handleMessage or its mCallback, a Thread
// subclass's run or its target's run). When every such piece of code is of a class the host's
// classifier treats as deciding, async-origin can never apply inside that work, so the walk would
// only add callers to the chain: in 'gated' mode it is skipped (docs/attribution.md "Origins" says
// exactly what is lost). Work of framework or library classes (a Message to ActivityThread$H, an
// AsyncTask, an OkHttp callback) and work whose classes cannot be read still walk.
//
// "Deciding" comes from the host (AgentConfig.originGate, built by attribution/origin-gate.ts
// from the classifier itself): no second list is kept here. Reading a class costs JNI calls, so
// each class's superclass names are read once and remembered by class name; a submission then
// costs one $className read (GetObjectClass + Class.getName) and, for FutureTask, Message and
// Thread, one or two field reads.
import type { OriginGate as GateConfig } from '../../protocol/messages.js';
import type { JavaAccess } from '../extract/java.js';

/** What a submission hands over: a Runnable/FutureTask, a Message for a Handler, or a Thread. */
export type SubmittedWork = 'task' | 'message' | 'thread';

const OBJECT = 'java.lang.Object';
const FUTURE_TASK = 'java.util.concurrent.FutureTask';
/** ScheduledFutureTask.run only calls FutureTask.run/runAndReset (OpenJDK ScheduledThreadPoolExecutor.java). */
const SCHEDULED_FUTURE_TASK = 'java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask';
const RUNNABLE_ADAPTER = 'java.util.concurrent.Executors$RunnableAdapter';
const HANDLER = 'android.os.Handler';
const MESSAGE = 'android.os.Message';
const THREAD = 'java.lang.Thread';
/** Remembered verdicts and superclass chains; cleared when full so memory stays bounded. */
const MEMO_LIMIT = 4096;
/** A FutureTask around a RunnableAdapter around a FutureTask ...: deeper than this is not looked into. */
const MAX_UNWRAP = 4;

/** The host classifier's verdict per class name, from the prefixes it sent. */
export class DecidingClasses {
  private readonly prefixes = new Map<string, boolean>();
  private readonly starts: readonly string[];
  private readonly memo = new Map<string, boolean>();

  constructor(gate: GateConfig) {
    // The host matches on '.' and '$' segments alike (attribution/trie.ts javaSegments).
    for (const [p, decides] of gate.prefixes) this.prefixes.set(p.replace(/\$/g, '.'), decides);
    this.starts = gate.generatedStarts;
  }

  decides(className: string): boolean {
    let v = this.memo.get(className);
    if (v === undefined) {
      v = this.compute(className);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(className, v);
    }
    return v;
  }

  private compute(className: string): boolean {
    for (const s of this.starts) if (className.startsWith(s)) return false;
    const name = className.replace(/\$/g, '.');
    // The longest listed prefix on a segment boundary carries the verdict; none listed: it decides.
    for (let end = name.length; end > 0; end = name.lastIndexOf('.', end - 1)) {
      const v = this.prefixes.get(end === name.length ? name : name.slice(0, end));
      if (v !== undefined) return v;
    }
    return true;
  }
}

/** Reads what code submitted work will run, through frida-java-bridge wrappers. */
export class SubmittedWorkClasses {
  /** Class name -> its own name and its superclasses' up to java.lang.Object (exclusive). */
  private readonly chains = new Map<string, readonly string[]>();
  private readonly classes = new Map<string, any>();

  constructor(private readonly java: JavaAccess, private readonly deciding: DecidingClasses) {}

  /**
   * True only when every piece of code the work runs is in a deciding class; false when any is
   * not, or cannot be read (then the caller walks).
   */
  decides(work: SubmittedWork, self: unknown, obj: unknown): boolean {
    try {
      switch (work) {
        case 'task':
          return this.task(obj, 0);
        case 'message':
          return this.message(self, obj);
        case 'thread':
          return this.thread(self);
      }
    } catch {
      return false;
    }
  }

  private use(name: string): any {
    let c = this.classes.get(name);
    if (c === undefined) this.classes.set(name, (c = this.java.use(name)));
    return c;
  }

  /**
   * An instance field's value (null when the field holds null). A field the bridge does not show
   * throws: a read that failed must not look like a null callback or target (the caller walks).
   */
  private read(obj: unknown, cls: string, name: string): unknown {
    const f = this.java.cast(obj, this.use(cls))[name];
    if (f === undefined || f === null) throw new Error(`${cls}.${name} cannot be read`);
    return f.value ?? null;
  }

  /** The object's class and superclass names (java.lang.Object left out), read once per class name. */
  private chain(obj: any, name: string = String(obj.$className)): readonly string[] {
    let ch = this.chains.get(name);
    if (ch === undefined) {
      const out = [name];
      let k = this.java.cast(obj, this.use(OBJECT)).getClass().getSuperclass();
      while (k !== null && k !== undefined) {
        const n = String(k.getName());
        if (n === OBJECT) break;
        out.push(n);
        k = k.getSuperclass();
      }
      ch = out;
      if (this.chains.size >= MEMO_LIMIT) this.chains.clear();
      this.chains.set(name, ch);
    }
    return ch;
  }

  /** The classes of `chain` below `base`, or null when `base` is not in it. */
  private below(chain: readonly string[], base: string): readonly string[] | null {
    const i = chain.indexOf(base);
    return i < 0 ? null : chain.slice(0, i);
  }

  /** Every class the method that runs may be declared in decides (default interface methods aside). */
  private all(chain: readonly string[]): boolean {
    return chain.length > 0 && chain.every((n) => this.deciding.decides(n));
  }

  /** A Runnable handed to an executor, or the FutureTask that wraps one. */
  private task(obj: unknown, depth: number): boolean {
    if (obj === null || obj === undefined || depth > MAX_UNWRAP) return false;
    const chain = this.chain(obj);
    const own = this.below(chain, FUTURE_TASK);
    if (own === null) return this.all(chain);
    // A FutureTask runs its callable; a subclass's own code (done(), an overridden run) must decide too.
    if (!own.every((n) => n === SCHEDULED_FUTURE_TASK || this.deciding.decides(n))) return false;
    const callable = this.read(obj, FUTURE_TASK, 'callable');
    if (callable === null) return false;
    const name = String((callable as any).$className);
    if (name === RUNNABLE_ADAPTER) return this.task(this.read(callable, RUNNABLE_ADAPTER, 'task'), depth + 1);
    return this.all(this.chain(callable, name));
  }

  /**
   * AOSP Handler.dispatchMessage: msg.callback.run() when there is one; otherwise mCallback's
   * handleMessage, then (unless it returned true) the Handler's own handleMessage.
   */
  private message(handler: unknown, msg: unknown): boolean {
    const callback = this.read(msg, MESSAGE, 'callback');
    if (callback !== null) return this.task(callback, 0);
    const own = this.below(this.chain(handler), HANDLER);
    if (own === null) return false;
    const mCallback = this.read(handler, HANDLER, 'mCallback');
    if (own.length === 0 && mCallback === null) return false;
    if (own.length > 0 && !this.all(own)) return false;
    return mCallback === null || this.all(this.chain(mCallback));
  }

  /** Thread.run runs `target` unless a subclass overrides it: both must decide. */
  private thread(t: unknown): boolean {
    const own = this.below(this.chain(t), THREAD);
    if (own === null) return false;
    const target = this.read(t, THREAD, 'target');
    if (own.length === 0) return target !== null && this.task(target, 0);
    return this.all(own) && (target === null || this.task(target, 0));
  }
}
