// What the agent core needs from its surroundings, injected rather than read from globals so the
// core runs unchanged under GumJS, the emulated device, and plain unit tests. agent/index.ts
// builds the real one from Gum and frida-java-bridge.

/** A frida-java-bridge backtrace frame, reduced to what we send. */
export interface JavaFrameLike {
  className: string;
  methodName: string;
  fileName: string | null;
  lineNumber: number;
}

export interface Platform {
  /** Wall time in ms (the device clock). */
  now(): number;
  /** OS thread id of the calling thread. */
  threadId(): number;
  /** Java name of the calling thread, or "" outside the VM. */
  threadName(): string;
  /** Lower-case hex SHA-256 of a string or bytes. */
  sha256(data: string | number[]): string;
  /** Java.backtrace(): an id that is equal for equal stacks, and frames innermost first. */
  backtrace(limit: number): { id: string; frames: readonly JavaFrameLike[] } | null;
  send(message: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
