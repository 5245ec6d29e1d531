// Loopers are per thread on a phone: the main thread has one, a HandlerThread prepares its own,
// plain threads and pool workers have none, and Handler's implicit-Looper constructors throw on
// those (conformance: android.handler.implicitLooperThrows, android.handlerThread.loops). These
// probe the emulated framework on each kind of thread of a running app process, so a model that
// lets `new Handler()` pass on a Looper-less thread fails here. Looper.loop() does not return
// until its Looper quits (android.looper.loopBlocks): code after it must not run.
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatedDevice } from '../../emulator/index.js';
import type { EmulatedProcess } from '../../emulator/process.js';
import type { JObject } from '../../emulator/java/heap.js';
import { miniScenario, sdkThreadScenario } from './helpers.js';
import { traceScenario } from './trace.js';

let device: EmulatedDevice | null = null;
afterEach(() => {
  device?.close();
  device = null;
});

async function running(apiLevel: number): Promise<EmulatedProcess> {
  device = new EmulatedDevice({ scenario: miniScenario(), apiLevel });
  const pid = await device.spawn(device.scenario.app.package);
  await device.resume(pid);
  await device.waitForScenarioEnd();
  return device.process(pid)!;
}

/** What `new Handler()` (or `new Handler(callback)`) does on `thread`: 'ok' or the thrown text. */
function newHandlerOn(p: EmulatedProcess, thread: EmulatedProcess['mainThread'], withCallback = false): string {
  try {
    p.inJava(thread, (c) => (withCallback ? c.newObject('android.os.Handler', ['android.os.Handler$Callback'], [null]) : c.newObject('android.os.Handler')));
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('Handler and Looper per thread', () => {
  it('android.handler.implicitLooperThrows: new Handler() and new Handler(Callback) need the calling thread\'s Looper (Android 9+ text names the thread)', async () => {
    const p = await running(33);
    expect(newHandlerOn(p, p.mainThread)).toBe('ok');
    const worker = p.newThread('pool-1-thread-1', []);
    const expected = "java.lang.RuntimeException: Can't create handler inside thread Thread[pool-1-thread-1,5,main] that has not called Looper.prepare()";
    expect(newHandlerOn(p, worker)).toBe(expected);
    expect(newHandlerOn(p, worker, true)).toBe(expected);
    // Looper.prepare() on that thread is what real SDK code must do first.
    p.inJava(worker, (c) => c.callStatic('android.os.Looper', 'prepare'));
    expect(newHandlerOn(p, worker)).toBe('ok');
    // The explicit-Looper form works anywhere.
    const other = p.newThread('Thread-9', []);
    expect(p.inJava(other, (c) => c.get(c.newObject('android.os.Handler', ['android.os.Looper'], [c.callStatic('android.os.Looper', 'getMainLooper')]), 'mLooper'))).not.toBeNull();
  });

  it('android.handler.implicitLooperThrows: through Android 8.1 (API 27) the text omits the thread; from 9 (API 28) it names it', async () => {
    const bare = "java.lang.RuntimeException: Can't create handler inside thread that has not called Looper.prepare()";
    for (const api of [25, 26, 27]) {
      const p = await running(api);
      expect(newHandlerOn(p, p.newThread('Thread-3', [])), `API ${api}`).toBe(bare);
      device!.close();
    }
    const p28 = await running(28);
    expect(newHandlerOn(p28, p28.newThread('Thread-3', []))).toBe("java.lang.RuntimeException: Can't create handler inside thread Thread[Thread-3,5,main] that has not called Looper.prepare()");
  });

  it('android.handlerThread.loops: a HandlerThread prepares its Looper before getLooper() returns and keeps looping', async () => {
    const p = await running(33);
    const ht = p.inJava(p.mainThread, (c) => {
      const t = c.newObject('android.os.HandlerThread', ['java.lang.String'], ['sdk-worker']);
      if (c.call(t, 'getLooper') !== null) throw new Error('a HandlerThread has no Looper before start()');
      c.call(t, 'start');
      return t;
    });
    const looper = p.inJava(p.mainThread, (c) => c.call(ht, 'getLooper')) as JObject;
    expect(looper).not.toBeNull();
    const thread = p.threads.find((t) => t.name === 'sdk-worker')!;
    expect(thread.looper).toBe(looper);
    // Parked in Looper.loop: its messages run above HandlerThread.run -> loop -> loopOnce.
    expect(thread.frames.map((f) => `${f.method.cls.name}.${f.method.name}`)).toEqual(['android.os.HandlerThread.run', 'android.os.Looper.loop', 'android.os.Looper.loopOnce']);
    expect(newHandlerOn(p, thread)).toBe('ok');
    // After quit() the thread is gone: posting returns false and getLooper() is null.
    const after = p.inJava(p.mainThread, (c) => {
      c.call(ht, 'quit');
      const h = c.newObject('android.os.Handler', ['android.os.Looper'], [looper]);
      return { sent: c.call(h, 'sendEmptyMessage', ['int'], [1]), looper: c.call(ht, 'getLooper') };
    });
    expect(after).toEqual({ sent: false, looper: null });
  });

  it('android.looper.loopBlocks: code after Looper.loop() does not run, the thread stays parked in loop(), and quitting into a caller the emulator cannot resume fails loudly', async () => {
    const prepare = { call: 'android.os.Looper.prepare()', args: [] };
    const loop = { call: 'android.os.Looper.loop()', args: [] };
    const read = { read: 'android_id' } as const;
    const readsOn = (events: { thread: string; api: string }[]) => events.filter((e) => e.thread === 'sdk-loop' && e.api.includes('Settings')).length;
    // Without loop() the read after prepare() runs (the control).
    const control = await traceScenario(sdkThreadScenario([prepare, read], { thread: 'sdk-loop' }), { apiLevel: 33 });
    expect(readsOn(control.events)).toBe(1);
    control.device.close();
    const t = await traceScenario(sdkThreadScenario([prepare, loop, read], { thread: 'sdk-loop' }), { apiLevel: 33 });
    device = t.device;
    expect(t.errors).toEqual([]);
    expect(readsOn(t.events)).toBe(0);
    const p = t.device.process(t.events[0]!.pid)!;
    const thread = p.threads.find((x) => x.name === 'sdk-loop')!;
    expect(thread.alive).toBe(true);
    expect(thread.frames.slice(-2).map((f) => `${f.method.cls.name}.${f.method.name}`)).toEqual(['android.os.Looper.loop', 'android.os.Looper.loopOnce']);
    // Its Looper works: a Handler on it is fine. A quit would return into the SDK's task on a phone.
    expect(newHandlerOn(p, thread)).toBe('ok');
    expect(() => p.inJava(p.mainThread, (c) => c.call(thread.looper!, 'quit'))).toThrow(/Looper\.loop\(\) returns into com\.sdk\.push\.a\.c\.run on a phone; the code after loop\(\) there cannot be resumed/);
  });

  it('android.looper.loopBlocks: the main Looper refuses to quit; quitSafely still runs the messages already due, quit none', async () => {
    const p = await running(33);
    expect(() => p.inJava(p.mainThread, (c) => c.call(c.callStatic('android.os.Looper', 'getMainLooper') as JObject, 'quit'))).toThrow('java.lang.IllegalStateException: Main thread not allowed to quit.');
    // Which messages run: Handler.dispatchMessage, observed through a replacement (as a hook would).
    const ran: number[] = [];
    const dispatch = p.vm.method(p.vm.bootClass('android.os.Handler'), 'dispatchMessage', ['android.os.Message']);
    dispatch.replacement = (_self, [msg]) => {
      ran.push(p.inJava(p.vm.current, (c) => c.get(msg as JObject, 'what')) as number);
      return null;
    };
    for (const [name, how] of [['safe-worker', 'quitSafely'], ['quit-worker', 'quit']] as const) {
      p.inJava(p.mainThread, (c) => {
        const ht = c.newObject('android.os.HandlerThread', ['java.lang.String'], [name]);
        c.call(ht, 'start');
        const h = c.newObject('android.os.Handler', ['android.os.Looper'], [c.call(ht, 'getLooper')]);
        c.call(h, 'sendEmptyMessage', ['int'], [how === 'quitSafely' ? 1 : 3]);
        c.call(h, 'sendEmptyMessageDelayed', ['int', 'long'], [how === 'quitSafely' ? 2 : 4, 5000n]);
        expect(c.call(ht, how)).toBe(true);
      });
    }
    await device!.runFor(10_000);
    expect(ran).toEqual([1]);
  });
});

describe('android.location.noLooperHandler: a LocationListener request without a Looper builds new Handler() on the calling thread', () => {
  const listener = { object: 'com.sdk.push.loc.L', of: 'android.location.LocationListener', methods: {} };
  const request = (args: unknown[]) => ({ call: 'android.location.LocationManager.requestLocationUpdates(java.lang.String,long,float,android.location.LocationListener)', args });
  /** What the agent's hook saw the request throw on the SDK's own thread, and the run's errors. */
  async function onSdkThread(api: number, steps: unknown[]): Promise<{ thrown: (string | null)[]; errors: string[] }> {
    const t = await traceScenario(sdkThreadScenario(steps as never, { thread: 'sdk-loc' }), { apiLevel: api });
    t.device.close();
    return {
      thrown: t.events.filter((e) => e.api.includes('requestLocationUpdates')).map((e) => e.thrown ?? null),
      errors: t.errors.map((e) => String((e as { description?: string }).description ?? JSON.stringify(e))),
    };
  }

  it('throws Handler\'s own RuntimeException (before any permission check), worded per release; after Looper.prepare() the request goes through', async () => {
    expect(await onSdkThread(33, [request(['gps', 1000, 0, listener])])).toEqual({ thrown: ["java.lang.RuntimeException: Can't create handler inside thread Thread[sdk-loc,5,main] that has not called Looper.prepare()"], errors: [] });
    expect(await onSdkThread(25, [request(['gps', 1000, 0, listener])])).toEqual({ thrown: ["java.lang.RuntimeException: Can't create handler inside thread that has not called Looper.prepare()"], errors: [] });
    const prepared = await onSdkThread(33, [{ call: 'android.os.Looper.prepare()', args: [] }, request(['gps', 1000, 0, listener])]);
    // Prepared, the request reaches the service, which refuses the app without a location permission.
    expect(prepared).toEqual({ thrown: [expect.stringMatching(/^java\.lang\.SecurityException: /)], errors: [] });
  });

  it('Android 8.x words it as 7.x does; a null listener is refused before the Handler through Android 11 (worded per release), on Android 12-14 this overload builds the Handler first, and API 35 (not read) fails loudly', async () => {
    expect(await onSdkThread(27, [request(['gps', 1000, 0, null])])).toEqual({ thrown: ['java.lang.IllegalArgumentException: invalid listener: null'], errors: [] });
    expect(await onSdkThread(30, [request(['gps', 1000, 0, null])])).toEqual({ thrown: ['java.lang.IllegalArgumentException: invalid null listener'], errors: [] });
    // Android 12-14: this overload builds the Handler before any check.
    expect(await onSdkThread(31, [request(['gps', 1000, 0, null])])).toEqual({ thrown: ["java.lang.RuntimeException: Can't create handler inside thread Thread[sdk-loc,5,main] that has not called Looper.prepare()"], errors: [] });
    expect(await onSdkThread(27, [request(['gps', 1000, 0, listener])])).toEqual({ thrown: ["java.lang.RuntimeException: Can't create handler inside thread that has not called Looper.prepare()"], errors: [] });
    expect((await onSdkThread(35, [request(['gps', 1000, 0, null])])).errors).toEqual([expect.stringMatching(/a location request with a null listener on sdk-loc, which has no Looper, on API 35/)]);
  });
});

