// Small fakes for unit-testing the agent core in Node: a Platform with a manual clock, and a
// Java class factory whose methods follow frida-java-bridge's rules that the installer relies on
// (overloads, `.overload()` errors, replacement via `.implementation`, re-entry reaching the
// original on the same thread). The emulated device tests the full bridge; these test our logic.
import { createHash } from 'node:crypto';
import type { Platform } from '../../agent/core/platform.js';
import type { ClassFactoryLike, JavaMethodLike } from '../../agent/core/java-like.js';

export class FakePlatform implements Platform {
  t = 1_700_000_000_000;
  tid = 1;
  names = new Map<number, string>([[1, 'main']]);
  sent: any[] = [];
  stack: { id: string; frames: { className: string; methodName: string; fileName: string | null; lineNumber: number }[] } | null = null;
  backtraceCalls = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextTimer = 1;

  now = () => this.t;
  threadId = () => this.tid;
  threadName = () => this.names.get(this.tid) ?? '';
  sha256 = (d: string | number[]) => createHash('sha256').update(typeof d === 'string' ? d : Buffer.from(d)).digest('hex');
  backtrace = (_limit: number) => {
    this.backtraceCalls++;
    return this.stack;
  };
  send = (m: unknown) => {
    this.sent.push(JSON.parse(JSON.stringify(m)));
  };
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextTimer++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const d of due) d.fn();
  }
}

type Impl = (this: any, ...args: any[]) => any;

export interface FakeOverload {
  params: string[];
  ret?: string;
  body: Impl;
}

/** Builds a method object with FJB's replacement and re-entry behaviour. */
function makeMethod(name: string, ov: FakeOverload, currentThread: () => number): JavaMethodLike {
  const pending = new Set<number>();
  let replacement: Impl | null = null;
  const fn = function (this: any, ...args: any[]) {
    const tid = currentThread();
    if (replacement !== null && !pending.has(tid)) {
      pending.add(tid);
      try {
        return replacement.apply(this, args);
      } finally {
        pending.delete(tid);
      }
    }
    return ov.body.apply(this, args);
  } as JavaMethodLike;
  Object.defineProperty(fn, 'implementation', {
    get: () => replacement,
    set: (v: Impl | null) => {
      replacement = v;
    },
  });
  fn.methodName = name;
  fn.argumentTypes = ov.params.map((p) => ({ name: p, className: p }));
  fn.returnType = { name: ov.ret ?? 'void', className: ov.ret ?? 'void' };
  return fn;
}

export class FakeJava implements ClassFactoryLike {
  private readonly classes = new Map<string, any>();
  constructor(private readonly platform: FakePlatform) {}

  define(className: string, methods: Record<string, FakeOverload[]>): any {
    const cls: any = { $className: className };
    for (const [name, overloads] of Object.entries(methods)) {
      const objs = overloads.map((o) => makeMethod(name, o, () => this.platform.tid));
      const dispatcher: any = function (this: any, ...args: any[]) {
        const match = objs.filter((m) => m.argumentTypes.length === args.length);
        if (match.length !== 1) throw new Error(`${name}(): argument count of ${args.length} does not match any of the overloads`);
        return match[0]!.apply(this, args);
      };
      dispatcher.overloads = objs;
      dispatcher.overload = (...sig: string[]) => {
        const m = objs.find((o) => o.argumentTypes.map((t) => t.className).join(',') === sig.join(','));
        if (m === undefined) throw new Error(`${name}(): specified argument types do not match any of:`);
        return m;
      };
      Object.defineProperty(dispatcher, 'implementation', {
        set: (v: Impl | null) => {
          if (objs.length > 1) throw new Error(`${name}(): has more than one overload, use .overload(<signature>) to choose from:`);
          objs[0]!.implementation = v;
        },
      });
      cls[name] = dispatcher;
    }
    this.classes.set(className, cls);
    return cls;
  }

  use(className: string): any {
    const c = this.classes.get(className);
    if (c === undefined) throw new Error(`java.lang.ClassNotFoundException: Didn't find class "${className}"`);
    return c;
  }

  /**
   * Java.cast: objects that list their runtime types in `$types` are checked like the bridge does
   * ("Cast from 'A' to 'B' isn't possible"); others pass.
   */
  cast(obj: any, cls: any): any {
    if (obj !== null && obj !== undefined && Array.isArray(obj.$types) && !obj.$types.includes(cls.$className)) {
      throw new Error(`Cast from '${obj.$className}' to '${cls.$className}' isn't possible`);
    }
    return obj;
  }

  /** An instance of a defined class: its hookable methods come from the class, fields are `{ value }`. */
  instance(cls: any, fields: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): any {
    const obj = Object.create(cls);
    obj.$className = cls.$className;
    for (const [k, v] of Object.entries(fields)) obj[k] = { value: v };
    return Object.assign(obj, extra);
  }
}
