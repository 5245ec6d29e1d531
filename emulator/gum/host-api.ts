// The primitive-only interface between a script's vm context (the GumJS-like prelude) and the
// host side of the emulated device. Only strings, numbers, bigints, booleans, byte arrays and
// callbacks cross it, so no host object (and no Node function) becomes reachable from the agent.

export type LogLevel = 'info' | 'warning' | 'error';

export interface GumHost {
  /** {id, arch, platform, pageSize, pointerSize} as JSON. */
  processInfo(): string;
  currentThreadId(): number;
  /** Device wall clock (ms since the epoch). */
  now(): number;
  send(json: string, data: Uint8Array | null): void;
  log(level: LogLevel, text: string): void;
  reportError(description: string, stack: string, fileName: string, lineNumber: number, columnNumber: number): void;
  /** Arms timer `id` to call the prelude's timer callback after `ms` of device time. */
  setTimer(id: number, ms: number): void;
  clearTimer(id: number): void;
  /** [{name, path, base, size}] as JSON. */
  modules(): string;
  /** Export address of `module!name` (module null: any module), or -1. */
  findExport(module: string | null, name: string): number;
  /** [[name, address]] as JSON. */
  moduleExports(module: string): string;
  /** Memory.scanSync: [{address, size}] as JSON; throws for a malformed pattern or unmodelled memory. */
  scan(address: number, size: number, pattern: string): string;
  /** Calls back with {name, path, base, size} JSON for each module mapped from now on. */
  observeModules(cb: (json: string) => void): void;
  read(address: number, length: number): Uint8Array;
  readCString(address: number): Uint8Array;
  write(address: number, bytes: Uint8Array): void;
  alloc(size: number): number;
  attach(address: number, fn: (phase: 0 | 1, invocation: number, tid: number, depth: number, returnAddress: number, retval: bigint, ...args: bigint[]) => bigint | undefined): number;
  detach(listenerId: number): void;
  /**
   * new CModule(source, symbols): the modelled source (emulator/gum/cmodules.ts) linked to the
   * symbols ([[name, address]] as JSON); its exports as [[name, address]] JSON. Throws for a source
   * without a model and for an extern left without a value.
   */
  cmodule(source: string, symbols: string): string;
  /** Interceptor.attach with C callbacks: CModule function addresses (0: none) and `data`. */
  attachC(address: number, onEnter: number, onLeave: number, data: bigint): number;
  /** NativeCallback: an address whose callers (C code, NativeFunction) run `fn` with integer arguments. */
  nativeCallback(fn: (...args: bigint[]) => bigint | undefined): number;
  callFunction(address: number, ...args: bigint[]): bigint;
  /** Return addresses of the calling thread's native frames, as JSON. */
  backtrace(): string;
  /** {name, moduleName, fileName, lineNumber} as JSON. */
  symbolize(address: number): string;
  socketType(fd: number): string | null;
  /** {ip, port} as JSON, or null. */
  socketAddress(fd: number, which: 'local' | 'peer'): string | null;
  checksum(type: string, data: string | Uint8Array): string;
  /** File contents as bytes, or null when there is no such file. */
  readFile(path: string): Uint8Array | null;
  /** [{id, name}] as JSON. */
  threads(): string;
}

/** Set by the prelude: the host calls these to drive the script. */
export interface GumEntryPoints {
  timer(id: number): void;
  message(json: string, data: Uint8Array | null): void;
  /** Runs the agent's source (top level); errors become error messages. */
  evaluate(run: () => void): void;
  dispose(): void;
}

/** The property the emulated frida-java-bridge reads its VM from (non-enumerable). */
export const ART_GLOBAL = 'sdktrace.emulated.art';
