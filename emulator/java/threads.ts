// Java threads of an emulated process. JS is single-threaded, so threads take turns: the
// scheduler runs one task at a time "on" a thread, with that thread's frames on its stack. A
// thread's long-running entry frames (ActivityThread.main -> Looper.loop, Thread.run ->
// ThreadPoolExecutor.runWorker) stay on its stack as base frames between tasks.
import type { JObject } from './heap.js';
import type { JMethod } from './classes.js';

export interface Frame {
  readonly method: JMethod;
  /** Current line: the method's first line, advanced by one per call the method makes. */
  line: number;
  /** True for the native frame of a frida-java-bridge replacement (the hook itself). */
  readonly replacement: boolean;
}

export class JavaThread {
  readonly frames: Frame[] = [];
  /** The java.lang.Thread object (created lazily by the VM). */
  jobj: JObject | null = null;
  /** JNI pending exception (set by Throw, read by ExceptionOccurred). */
  pending: JObject | null = null;
  /** JNI local reference frames (PushLocalFrame / PopLocalFrame). */
  readonly localFrames: number[][] = [[]];
  /** Looper queue owner, for HandlerThreads and the main thread. */
  looper: JObject | null = null;
  alive = true;
  /** Set by Looper.loop(): the frames the thread keeps while it loops (HandlerThread.run, loop...). */
  parked: Frame[] | null = null;
  /** True while a started thread runs its first task (Thread.run): the one place Looper.loop() may park it. */
  inFirstTask = false;
  /** Its Looper quit (HandlerThread.quit): messages still queued for it are dropped. */
  quit = false;
  /**
   * quitSafely: messages due at or before this virtual time still run (MessageQueue
   * removeAllFutureMessagesLocked); null after quit(), which drops them all.
   */
  quitSafelyAt: number | null = null;
  /** A started thread's first task (Thread.run) until it runs; a waiting caller may run it early. */
  pendingStart: (() => void) | null = null;
  /** Java thread group name, "main" for app threads. */
  group = 'main';
  daemon = false;
  priority = 5;

  constructor(
    readonly tid: number,
    public name: string,
    /** Frida's own JS thread: not a Java thread until it attaches. */
    readonly isJs = false,
  ) {}

  top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }
}

/**
 * Thrown by Looper.loop() to leave the thread's first task without running the Java code after
 * loop(): on a phone loop() returns only after quit(), and JS cannot block, so the task unwinds
 * to the thread's entry (EmulatedProcess.startThread), which keeps the thread parked in loop()
 * (JavaThread.parked) for its messages. Not a Java exception: catch blocks of the emulated
 * framework and scenario bodies let it through.
 */
export class LoopParks extends Error {
  constructor(readonly thread: JavaThread) {
    super(`Looper.loop() parks ${thread.name}`);
  }
}
