// Stack capture with interning: Java.backtrace() gives an id that is equal for equal stacks, so
// frames cross the wire once per id and every later event carries only the id.
import type { Frame } from '../../protocol/messages.js';
import type { Platform } from './platform.js';

export class StackInterner {
  private readonly known = new Set<string>();
  private pending: Record<string, Frame[]> | null = null;

  constructor(private readonly platform: Platform, private readonly limit: () => number) {}

  get size(): number {
    return this.known.size;
  }

  /** Captures the calling thread's Java stack; returns its id, or undefined outside the VM. */
  capture(): string | undefined {
    const bt = this.platform.backtrace(this.limit());
    if (bt === null) return undefined;
    const { id } = bt;
    if (!this.known.has(id)) {
      this.known.add(id);
      // frida-java-bridge builds frames lazily: only touch them for ids not seen before.
      const frames: Frame[] = bt.frames.map((f) => [f.className, f.methodName, f.fileName ?? null, f.lineNumber]);
      (this.pending ??= {})[id] = frames;
    }
    return id;
  }

  /** Frames of ids first seen since the last call, for the next batch. */
  takePending(): Record<string, Frame[]> | undefined {
    const p = this.pending;
    this.pending = null;
    return p ?? undefined;
  }
}
