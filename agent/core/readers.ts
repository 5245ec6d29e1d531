// Who is reading, as far as the agent can tell without attributing. Attribution (which SDK) is the
// host's, from an event's stack and asynchronous origins; a hook that wants "once per reader"
// (Location.getLatitude/getLongitude) must therefore key on something that never puts two actors
// together. The reader key is the call's code path: the Java stack with the innermost app frame
// taken as its method (class and method name, not the line), plus the origin chain. Two calls with
// the same key have the same stack above the reading method and the same origins, so the host
// attributes them alike; a loop in one method, and `getLatitude(); getLongitude()` in one method,
// share one key. A calling-class key would be cheaper to explain but could merge two SDKs that read
// through one shared class (a neutral library the host skips), losing a reader; this key costs at
// most one event per reading method and path instead.
//
// Cost: one stack walk per read (frida-java-bridge's backtrace id, a hash over each frame's method
// and dex pc); the frames are built only for a stack id not seen before, whose key is then cached.
import type { Platform } from './platform.js';
import type { StackInterner } from './stacks.js';
import { BoundedMap } from '../extract/services.js';
import type { ReaderSite } from '../extract/services.js';

export class ReaderSites {
  /** Stack id -> reader key (the stack without the reading method's line). */
  private readonly keys = new BoundedMap<string, string>(1024);

  constructor(
    private readonly platform: Platform,
    private readonly stacks: StackInterner,
    private readonly limit: () => number,
    /** The thread's origin chain (stack ids of the submissions it runs under). */
    private readonly origins: (tid: number) => readonly string[] | undefined,
  ) {}

  /**
   * The reader of the current call to a method of `self` (frames of that class on top are the
   * hooked call itself, not the reader), or null outside the VM.
   */
  site(self: string): ReaderSite | null {
    const bt = this.platform.backtrace(this.limit());
    if (bt === null) return null;
    let key = this.keys.get(bt.id);
    if (key === undefined) {
      const frames = bt.frames;
      let i = 0;
      while (i < frames.length && frames[i]!.className === self) i++;
      const parts: string[] = [];
      for (let j = i; j < frames.length; j++) {
        const f = frames[j]!;
        parts.push(j === i ? `${f.className}.${f.methodName}` : `${f.className}.${f.methodName}:${f.lineNumber}`);
      }
      key = this.platform.sha256(parts.join('\n'));
      this.keys.set(bt.id, key);
    }
    let chain: readonly string[] | undefined;
    try {
      chain = this.origins(this.platform.threadId());
    } catch {
      chain = undefined; // origins are an addition: the stack alone still keys the reader
    }
    const stack = this.stacks.defer(bt);
    return { key: chain === undefined || chain.length === 0 ? key : `${key}<${chain.join(',')}`, stack, keep: () => void this.stacks.reference(stack) };
  }
}
