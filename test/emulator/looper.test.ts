// Loopers are per thread on a phone: the main thread has one, a HandlerThread prepares its own,
// plain threads and pool workers have none, and Handler's implicit-Looper constructors throw on
// those (conformance: android.handler.implicitLooperThrows, android.handlerThread.loops). These
// probe the emulated framework on each kind of thread of a running app process, so a model that
// lets `new Handler()` pass on a Looper-less thread fails here.
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatedDevice } from '../../emulator/index.js';
import type { EmulatedProcess } from '../../emulator/process.js';
import type { JObject } from '../../emulator/java/heap.js';
import { miniScenario } from './helpers.js';

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

  it('android.handler.implicitLooperThrows: Android 7.1 omits the thread; 8.0/8.1, whose text is not pinned, fail loudly', async () => {
    const p25 = await running(25);
    expect(newHandlerOn(p25, p25.newThread('Thread-3', []))).toBe("java.lang.RuntimeException: Can't create handler inside thread that has not called Looper.prepare()");
    device!.close();
    const p27 = await running(27);
    expect(newHandlerOn(p27, p27.newThread('Thread-3', []))).toMatch(/^emulator: the text of Handler's no-Looper RuntimeException on API 27 is not pinned/);
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
});
