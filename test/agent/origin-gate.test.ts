// Gated origin walks (issue 14, item 7) through the real agent bundle on the emulated device
// (conformance: android.handler.dispatchOrder, android.concurrent.taskFields): a
// submission whose work is SDK code records no submitting stack (no Java stack walk, by the
// emulated ART's exact counter) and its events are still attributed to the SDK by their own
// stack; work of a library class (an androidx Runnable) still walks, so its events, whose running
// stack has no deciding frame, are attributed through the submitting stack; 'all' walks every
// submission and restores "called by the app". The host's gate list is checked against the
// classifier it comes from.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../emulator/index.js';
import { originGate } from '../../attribution/origin-gate.js';
import { createAttributor, sdkCatalog } from '../../attribution/shipped.js';
import { FrameClassifier, isSkipKind, PLATFORM_PREFIXES, RUNTIME_PREFIXES, TRANSPARENT_PREFIXES, HOOK_PREFIXES, BRIDGE_PREFIXES } from '../../attribution/classify.js';
import { DecidingClasses, SubmittedWorkClasses } from '../../agent/core/origin-gate.js';
import { resolveConfig } from '../../agent/core/config.js';
import { miniScenario } from '../emulator/helpers.js';
import { traceScenario, type Trace } from '../emulator/trace.js';

const PKG = 'com.example.app';
/** A long library call chain (an interceptor chain's shape), outermost first. */
const DEEP = Array.from({ length: 40 }, (_, i) => `androidx.sdktrace.chain.Link${i}.proceed`);
const read = (what: string, where: string) => ({ in: where, do: [{ read: what }] });
const HANDLER_CB = 'android.os.Handler(android.os.Looper, android.os.Handler$Callback)';
/**
 * sendEmptyMessage(1) to the main looper: through `new Handler(looper, callback)` when `ctor` is
 * given (the object is the Callback), else to a Handler subclass (the object is the Handler).
 */
function message(ctor: string | null, cls: string, of: string, body: unknown[]) {
  const obj = { object: cls, of, methods: { handleMessage: body }, ...(ctor === null ? { superArgs: ['$looper'] } : {}) };
  return { call: 'android.os.Handler.sendEmptyMessage(int)', on: ctor === null ? obj : { new: ctor, args: ['$looper', obj] }, args: [1] };
}

/**
 * The app's Application.onCreate initialises a push SDK (com.sdk.push: not in the catalog, an
 * unknown third party, so it decides), which hands work over: its own Runnables to its executor
 * (execute and submit), the main Handler and a new Thread; messages to a Handler with its own
 * Callback and to its own Handler subclass; and library (androidx, transparent: not deciding)
 * work that reads directly, a Runnable and a Handler subclass's message.
 */
function scenario(): Scenario {
  return miniScenario((s) => {
    s.app.components = {};
    s.app.application!.onCreate = [
      {
        in: ['com.sdk.push.PushManager.init', 'com.sdk.push.a.b'],
        do: [
          { execute: 'sdk', task: 'com.sdk.push.a.b$1', do: [read('android_id', 'com.sdk.push.c.d.a')] },
          { post: 'main', task: 'com.sdk.push.a.b$2', do: [read('imei', 'com.sdk.push.c.d.b')] },
          { thread: 'push-init', task: 'com.sdk.push.a.b$3', do: [read('imsi', 'com.sdk.push.c.d.c')] },
          { execute: 'sdk', task: 'androidx.core.os.ExecutorCompat$1', do: [{ read: 'android_id' }] },
          // Deeper than the 32 frames the agent keeps: 40 library frames between the SDK's Runnable and the read.
          { execute: 'sdk', task: 'com.sdk.push.a.b$4', do: [{ in: DEEP, do: [{ read: 'imei' }] }] },
          // submit(Runnable): a FutureTask around an Executors$RunnableAdapter around the SDK's Runnable.
          { submit: 'sdk', task: 'com.sdk.push.a.b$5', do: [read('imsi', 'com.sdk.push.c.d.e')] },
          // Messages without a callback: a plain Handler with the SDK's Handler.Callback, the SDK's
          // own Handler subclass (both decide), and a library Handler subclass (walks).
          message(HANDLER_CB, 'com.sdk.push.Cb', 'android.os.Handler$Callback', [read('android_id', 'com.sdk.push.c.d.f')]),
          message(null, 'com.sdk.push.H', 'android.os.Handler', [read('imei', 'com.sdk.push.c.d.g')]),
          message(null, 'androidx.core.os.HandlerCompat$H', 'android.os.Handler', [{ read: 'imsi' }]),
        ],
      },
    ] as NonNullable<Scenario['app']['application']>['onCreate'];
  });
}

async function run(mode: 'all' | 'gated'): Promise<Trace> {
  return traceScenario(scenario(), { agentConfig: { originStacks: mode, originGate: originGate(sdkCatalog(), PKG) } });
}

/** The PI reads with their attribution, as the host's attributor gives it. */
function reads(t: Trace) {
  const attributor = createAttributor(PKG);
  return t.events
    .filter((e) => e.kind === 'pi' && e.process === PKG)
    .map((e) => {
      const frames = t.stacks.get(e.stack!)!;
      const origins = (e.origins ?? []).map((id) => t.stacks.get(id)!);
      const a = attributor.stack(frames, origins);
      return { dataType: e.dataType, thread: e.thread, origins: (e.origins ?? []).length, party: a.party, frame: a.frame, via: a.via, calledByApp: a.calledByApp };
    });
}

const eventsWithStack = (t: Trace) => t.events.filter((e) => e.stack !== undefined).length;
const submissions = (t: Trace) => [...t.counts].filter(([id]) => id.startsWith('async.') && /execute|sendMessage|start/.test(id)).reduce((n, [, c]) => n + c.calls, 0);

describe('gated origin walks on the emulated device', () => {
  it('skips the walk for SDK work, keeps it for library work, and attributes both as before', async () => {
    const gated = await run('gated');
    const all = await run('all');
    const g = reads(gated);
    const a = reads(all);
    expect(g.map((r) => [r.dataType, r.party, r.frame, r.via])).toEqual(a.map((r) => [r.dataType, r.party, r.frame, r.via]));
    // The main thread's Handler runs first, then the pool and the new thread (virtual time).
    expect(g.map((r) => [r.dataType, r.frame, r.via, r.origins, r.calledByApp])).toEqual([
      // SDK Runnables: decided by their own frames; no submitting stack, so the app is not in the chain.
      ['imei', 'com.sdk.push.c.d.b', 'stack', 0, false],
      // Messages: the SDK's Handler.Callback and Handler subclass decide by their own frames; the
      // library Handler's message walked, and its submitting stack decides.
      ['android_id', 'com.sdk.push.c.d.f', 'stack', 0, false],
      ['imei', 'com.sdk.push.c.d.g', 'stack', 0, false],
      ['imsi', 'com.sdk.push.a.b', 'origin', 1, true],
      ['android_id', 'com.sdk.push.c.d.a', 'stack', 0, false],
      ['imsi', 'com.sdk.push.c.d.c', 'stack', 0, false],
      // The androidx Runnable's stack has no deciding frame: its submitting stack (walked) decides.
      ['android_id', 'com.sdk.push.a.b', 'origin', 1, true],
      // Cut at 32 frames, the stack is kept down to the SDK Runnable's frame, which decides.
      ['imei', 'com.sdk.push.a.b$4.run', 'stack', 0, false],
      // The FutureTask's callable (a RunnableAdapter) is read through the bridge: the SDK's Runnable decides.
      ['imsi', 'com.sdk.push.c.d.e', 'stack', 0, false],
    ]);
    // 'all': every submission walked, the app appears as the caller of the SDK work.
    expect(a.map((r) => [r.dataType, r.origins, r.calledByApp])).toEqual([
      ['imei', 1, true],
      ['android_id', 1, true],
      ['imei', 1, true],
      ['imsi', 1, true],
      ['android_id', 1, true],
      ['imsi', 1, true],
      ['android_id', 1, true],
      ['imei', 1, true],
      ['imsi', 1, true],
    ]);
    // The deep read's stack: the 32 innermost frames, then down to the SDK Runnable's frame.
    const deep = gated.events.find((e) => e.dataType === 'imei' && e.thread !== 'main')!;
    const frames = gated.stacks.get(deep.stack!)!;
    expect(frames.length).toBeGreaterThan(32);
    expect(frames.at(-1)![0]).toBe('com.sdk.push.a.b$4');
    expect(frames.slice(1, 32).every(([c]) => !c.startsWith('com.sdk.'))).toBe(true);
    // Exact walks: one per event stack, plus one per walked outermost submission (9 in 'all', the
    // nested execute() of submit() reusing its walk; in 'gated' only the androidx Runnable and
    // the androidx Handler's message).
    expect(submissions(gated)).toBe(submissions(all));
    expect(all.javaCounters.stackWalks).toBe(eventsWithStack(all) + 9);
    expect(gated.javaCounters.stackWalks).toBe(eventsWithStack(gated) + 2);
    expect(eventsWithStack(gated)).toBe(eventsWithStack(all));
    // The gate reads classes and fields over JNI instead: a $className per submission (and per
    // class, once, its superclasses) and fields: Message.callback (4 messages), Handler.mCallback
    // (3 without a callback), Thread.target, FutureTask.callable and RunnableAdapter.task.
    expect(gated.javaCounters.classNameReads).toBeGreaterThan(all.javaCounters.classNameReads);
    expect(gated.javaCounters.fieldReads).toBeGreaterThanOrEqual(all.javaCounters.fieldReads + 10);
  }, 120_000);
});

describe('the gate list the host sends', () => {
  const catalog = sdkCatalog();
  const gate = originGate(catalog, PKG);
  const agentSide = new DecidingClasses(gate);
  const classifier = new FrameClassifier(catalog, PKG);

  it('gives every class the verdict the classifier gives it', () => {
    const names = new Set<string>([
      'com.example.app.MainActivity', 'com.example.app.a.b', 'com.sdk.push.a.b$1', 'a.b.c', 'LSPHooker_1', '$Proxy12', 'com.sun.proxy.$Proxy3',
      'java.lang.Thread', 'android.os.Handler$Callback', 'androidx.core.os.ExecutorCompat$1', 'kotlinx.coroutines.DispatchedTask', 'io.flutter.plugin.common.MethodChannel',
      'org.apache.cordova.device.Device', 'com.facebook.react.bridge.JavaMethodWrapper', 'okhttp3.internal.connection.RealCall',
    ]);
    for (const p of [...PLATFORM_PREFIXES, ...RUNTIME_PREFIXES, ...TRANSPARENT_PREFIXES, ...HOOK_PREFIXES, ...BRIDGE_PREFIXES.map(([b]) => b)]) {
      names.add(`${p}.Foo`);
      names.add(`${p}.a$b`);
    }
    for (const sdk of catalog.sdks) for (const k of [...(sdk.entry.prefixes ?? []), ...(sdk.entry.components ?? [])]) {
      names.add(`${k}.Foo`);
      names.add(`${k}$1`);
    }
    const wrong = [...names].filter((n) => agentSide.decides(n) !== !isSkipKind(classifier.classify(n).kind));
    expect(wrong).toEqual([]);
    expect(names.size).toBeGreaterThan(2000);
  });

  it('is short: only prefixes where the verdict can change', () => {
    expect(gate.prefixes.length).toBeLessThan(200);
    expect(gate.prefixes).toContainEqual([PKG, true]);
    expect(gate.prefixes).toContainEqual(['androidx', false]);
  });
});

/**
 * SubmittedWorkClasses over a model of frida-java-bridge wrappers: what code each kind of
 * submitted work runs (AOSP Handler.dispatchMessage order, OpenJDK FutureTask/RunnableAdapter,
 * libcore Thread.run -> target), and the superclass walk done once per class name.
 */
describe('what code submitted work runs', () => {
  const SUPER: Record<string, string> = {
    'java.util.concurrent.FutureTask': 'java.lang.Object',
    'java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask': 'java.util.concurrent.FutureTask',
    'android.os.AsyncTask$3': 'java.util.concurrent.FutureTask',
    'java.util.concurrent.Executors$RunnableAdapter': 'java.lang.Object',
    'android.os.Message': 'java.lang.Object',
    'android.os.Handler': 'java.lang.Object',
    'android.app.ActivityThread$H': 'android.os.Handler',
    'com.sdk.push.H': 'android.os.Handler',
    'java.lang.Thread': 'java.lang.Object',
    'android.os.HandlerThread': 'java.lang.Thread',
    'com.sdk.push.Worker': 'java.lang.Thread',
    'com.sdk.push.Job': 'java.lang.Object',
    'com.sdk.push.Call': 'java.lang.Object',
    'com.sdk.push.Tick': 'java.util.TimerTask',
    'java.util.TimerTask': 'java.lang.Object',
    'androidx.core.os.ExecutorCompat$1': 'java.lang.Object',
    'androidx.core.os.HandlerCompat$Cb': 'java.lang.Object',
  };
  let getClassCalls = 0;
  const isA = (cls: string, base: string): boolean => cls === base || base === 'java.lang.Object' || (SUPER[cls] !== undefined && isA(SUPER[cls]!, base));
  const classWrapper = (n: string): any => ({ getName: () => n, getSuperclass: () => (SUPER[n] === undefined ? null : classWrapper(SUPER[n]!)) });
  const obj = (cls: string, fields: Record<string, unknown> = {}) => ({ $className: cls, fields });
  const java = {
    use: (name: string) => ({ name }),
    cast: (o: any, c: { name: string }) => {
      if (!isA(o.$className, c.name)) throw new Error(`Cast from '${o.$className}' to '${c.name}' isn't possible`);
      const view: any = { $className: o.$className, getClass: () => (getClassCalls++, classWrapper(o.$className)) };
      for (const [k, v] of Object.entries(o.fields)) view[k] = { value: v };
      return view;
    },
  };
  const work = new SubmittedWorkClasses(java, new DecidingClasses(originGate(sdkCatalog(), PKG)));
  const ft = (callable: unknown, cls = 'java.util.concurrent.FutureTask') => obj(cls, { callable });
  const adapter = (task: unknown) => obj('java.util.concurrent.Executors$RunnableAdapter', { task, result: null });
  const msg = (callback: unknown) => obj('android.os.Message', { callback });
  const handler = (cls: string, mCallback: unknown = null) => obj(cls, { mCallback });
  const thread = (cls: string, target: unknown) => obj(cls, { target });

  it('a FutureTask runs its callable (through a RunnableAdapter for submit(Runnable)); its subclasses must decide too', () => {
    expect(work.decides('task', null, ft(obj('com.sdk.push.Call')))).toBe(true);
    expect(work.decides('task', null, ft(adapter(obj('com.sdk.push.Job'))))).toBe(true);
    expect(work.decides('task', null, ft(adapter(obj('androidx.core.os.ExecutorCompat$1'))))).toBe(false);
    expect(work.decides('task', null, ft(obj('com.sdk.push.Call'), 'java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask'))).toBe(true);
    expect(work.decides('task', null, ft(obj('com.sdk.push.Call'), 'android.os.AsyncTask$3'))).toBe(false);
    // Done or cancelled (callable cleared): nothing to read, so walk.
    expect(work.decides('task', null, ft(null))).toBe(false);
  });

  it('a Runnable decides only when every class its run() may be declared in does', () => {
    expect(work.decides('task', null, obj('com.sdk.push.Job'))).toBe(true);
    expect(work.decides('task', null, obj('com.sdk.push.Tick'))).toBe(false);
    expect(work.decides('task', null, obj('androidx.core.os.ExecutorCompat$1'))).toBe(false);
  });

  it('a Message runs its callback, else mCallback and the Handler subclass (AOSP dispatchMessage)', () => {
    expect(work.decides('message', handler('android.app.ActivityThread$H'), msg(obj('com.sdk.push.Job')))).toBe(true);
    expect(work.decides('message', handler('android.app.ActivityThread$H'), msg(null))).toBe(false);
    expect(work.decides('message', handler('com.sdk.push.H'), msg(null))).toBe(true);
    expect(work.decides('message', handler('com.sdk.push.H', obj('androidx.core.os.HandlerCompat$Cb')), msg(null))).toBe(false);
    expect(work.decides('message', handler('android.os.Handler', obj('com.sdk.push.Job')), msg(null))).toBe(true);
    expect(work.decides('message', handler('android.os.Handler'), msg(null))).toBe(false);
  });

  it('a Thread runs its subclass run() or its target', () => {
    expect(work.decides('thread', thread('java.lang.Thread', obj('com.sdk.push.Job')), null)).toBe(true);
    expect(work.decides('thread', thread('java.lang.Thread', null), null)).toBe(false);
    expect(work.decides('thread', thread('com.sdk.push.Worker', null), null)).toBe(true);
    expect(work.decides('thread', thread('com.sdk.push.Worker', obj('androidx.core.os.ExecutorCompat$1')), null)).toBe(false);
    expect(work.decides('thread', thread('android.os.HandlerThread', null), null)).toBe(false);
  });

  it('walks when a field cannot be read, rather than taking it for null', () => {
    // A Message whose `callback` field the bridge does not show, to the SDK's Handler subclass:
    // the callback may be library code, so this must not be judged by the Handler.
    expect(work.decides('message', handler('com.sdk.push.H'), obj('android.os.Message'))).toBe(false);
    expect(work.decides('thread', obj('com.sdk.push.Worker'), null)).toBe(false);
    expect(work.decides('task', null, obj('java.util.concurrent.FutureTask'))).toBe(false);
  });

  it('reads a class and its superclasses once per class name', () => {
    const before = getClassCalls;
    work.decides('task', null, obj('com.sdk.push.Job'));
    work.decides('task', null, obj('com.sdk.push.Job'));
    expect(getClassCalls - before).toBe(0); // read in an earlier test, remembered since
    const fresh = new SubmittedWorkClasses(java, new DecidingClasses(originGate(sdkCatalog(), PKG)));
    fresh.decides('task', null, obj('com.sdk.push.Job'));
    fresh.decides('task', null, obj('com.sdk.push.Job'));
    expect(getClassCalls - before).toBe(1);
  });
});

describe('the agent configuration of origin walks', () => {
  it("defaults to gated, takes 'all', and walks everything without a well-formed gate", () => {
    const gate = originGate(sdkCatalog(), PKG);
    expect(resolveConfig({}).originStacks).toBe('gated');
    expect(resolveConfig({}).originGate).toBeNull();
    expect(resolveConfig({ originStacks: 'all' }).originStacks).toBe('all');
    expect(resolveConfig({ originStacks: 'some' }).originStacks).toBe('gated');
    expect(resolveConfig({ originGate: gate }).originGate).toEqual(gate);
    // One bad entry and the whole list is refused: a partial list would call classes deciding that are not.
    expect(resolveConfig({ originGate: { prefixes: [...gate.prefixes, ['x', 'yes']], generatedStarts: [] } }).originGate).toBeNull();
    expect(resolveConfig({ originGate: { prefixes: gate.prefixes } }).originGate).toBeNull();
  });
});
