// Stack capture with interning: Java.backtrace() gives an id that is equal for equal stacks, so
// frames cross the wire once per id and every later event carries only the id. Stacks captured
// for asynchronous submissions are "deferred": their frames are kept back (bounded) and sent only
// if an event ever references them as an origin.
import { LIMITS } from '../../protocol/constants.js';
import type { Frame } from '../../protocol/messages.js';
import type { Platform } from './platform.js';

const MAX_DEFERRED = 2048;

export class StackInterner {
  private readonly known = new Set<string>();
  private pending: Record<string, Frame[]> | null = null;
  private readonly deferred = new Map<string, Frame[]>();
  /**
   * Whether a class decides attribution, from the host's gate (agent/core/origin-gate.ts); set by
   * the agent when the host sent one. A cut stack is then kept down to its first deciding frame.
   */
  decides: ((className: string) => boolean) | null = null;

  constructor(private readonly platform: Platform, private readonly limit: () => number) {}

  get size(): number {
    return this.known.size;
  }

  private frames(bt: NonNullable<ReturnType<Platform['backtrace']>>): Frame[] {
    // frida-java-bridge builds frames lazily: only touch them for ids not seen before.
    // Its `limit` only sizes the frame array: the walk's visitor never stops early, so every frame
    // of the thread comes back (lib/android.js, _create and visit_frame). The innermost `limit`
    // frames are what we send, so a deep stack stays within the protocol's frames-per-stack bound.
    // The id still covers every frame (ART walks with STACK_WALK_SKIP_INLINED_FRAMES, so methods
    // inlined by the compiler never appear: their work shows under the method they were inlined into).
    const all = bt.frames;
    let n = Math.min(all.length, Math.max(1, this.limit()));
    if (n < all.length && this.decides !== null) n = this.downToDeciding(all, n);
    const out: Frame[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const f = all[i]!;
      out[i] = [f.className, f.methodName, f.fileName ?? null, f.lineNumber];
    }
    return out;
  }

  /**
   * How many frames of a stack cut at `n` to keep: `n` when a kept frame past the innermost (the
   * hooked method itself) is of a deciding class, else down to the first deciding frame, within
   * the protocol's frames-per-stack bound. Without that frame the host could not see who called
   * (a deep library stack inside an SDK's Runnable) and would fall back on the submitting stack,
   * which gated origin walks do not take (docs/attribution.md "Origins: gated walks").
   */
  private downToDeciding(all: readonly { className: string }[], n: number): number {
    const decides = this.decides!;
    for (let i = 1; i < n; i++) if (decides(all[i]!.className)) return n;
    const max = Math.min(all.length, LIMITS.framesPerStack);
    for (let i = n; i < max; i++) if (decides(all[i]!.className)) return i + 1;
    return n;
  }

  /** Captures the calling thread's Java stack; returns its id, or undefined outside the VM. */
  capture(): string | undefined {
    const bt = this.platform.backtrace(this.limit());
    if (bt === null) return undefined;
    const { id } = bt;
    if (!this.known.has(id)) {
      this.known.add(id);
      const kept = this.deferred.get(id);
      if (kept !== undefined) this.deferred.delete(id);
      (this.pending ??= {})[id] = kept ?? this.frames(bt);
    }
    return id;
  }

  /** Captures a stack whose frames are sent only when `reference(id)` is called for it. */
  captureDeferred(): string | undefined {
    const bt = this.platform.backtrace(this.limit());
    return bt === null ? undefined : this.defer(bt);
  }

  /** captureDeferred for a backtrace the caller already took (one stack walk, not two). */
  defer(bt: NonNullable<ReturnType<Platform['backtrace']>>): string {
    const { id } = bt;
    if (!this.known.has(id) && !this.deferred.has(id)) {
      this.deferred.set(id, this.frames(bt));
      if (this.deferred.size > MAX_DEFERRED) {
        const oldest = this.deferred.keys().next();
        if (oldest.done !== true) this.deferred.delete(oldest.value);
      }
    }
    return id;
  }

  /**
   * An event references `id`: make sure its frames reach the host. False when the frames are gone
   * (evicted before use); the host then sees an id without frames.
   */
  reference(id: string): boolean {
    if (this.known.has(id)) return true;
    const kept = this.deferred.get(id);
    if (kept === undefined) return false;
    this.deferred.delete(id);
    this.known.add(id);
    (this.pending ??= {})[id] = kept;
    return true;
  }

  /** Frames of ids first seen since the last call, for the next batch. */
  takePending(): Record<string, Frame[]> | undefined {
    const p = this.pending;
    this.pending = null;
    return p ?? undefined;
  }
}
