// The slice of Gum the native hooks use, injected so they run unchanged in GumJS, in the emulated
// device and in unit tests (agent/natives/gum.ts builds the real one). Pointers are opaque here:
// only the surface reads memory.

/** A pointer or integer argument: NativePointer in Gum. */
export interface PtrLike {
  toInt32(): number;
  isNull(): boolean;
}

/** `this` inside Interceptor callbacks; our own per-call fields ride on it (Gum allows that). */
export interface InvocationLike {
  readonly threadId: number;
  readonly returnAddress: unknown;
  [key: string]: unknown;
}

export interface NativeCallbacks {
  onEnter?: (this: InvocationLike, args: PtrLike[]) => void;
  onLeave?: (this: InvocationLike, retval: PtrLike) => void;
}

export interface ModuleRef {
  readonly name: string;
  readonly path: string;
}

export type SocketKind = 'tcp' | 'udp' | 'tcp6' | 'udp6' | 'unix:stream' | 'unix:dgram' | null;

/** A hot libc function handed to the native fd pre-filter, with its hook number (fdfilter.ts). */
export interface FilteredTarget {
  readonly address: unknown;
  readonly hook: number;
}

export interface GumSurface {
  readonly pointerSize: number;
  modules(): ModuleRef[];
  /** Calls back for libraries loaded later (Process.attachModuleObserver). */
  onModuleAdded(cb: (m: ModuleRef) => void): void;
  findExport(m: ModuleRef, symbol: string): unknown | null;
  /** Memory.scanSync over the module's range: start addresses of the matches of a byte pattern. */
  scan?(m: ModuleRef, pattern: string): unknown[];
  attach(target: unknown, callbacks: NativeCallbacks): void;
  /** Socket.type(fd): a syscall, so callers cache it per fd. */
  socketType(fd: number): SocketKind;
  /** Socket.peerAddress(fd): a syscall, so callers cache it per fd. */
  peerAddress(fd: number): { ip: string; port: number } | null;
  /** Up to n bytes at p (null when unreadable). */
  readBytes(p: unknown, n: number): Uint8Array | null;
  /** The pointer stored at p + offset. */
  readPointer(p: unknown, offset: number): PtrLike | null;
  /** An unsigned machine word (size_t) at p + offset. */
  readSize(p: unknown, offset: number): number;
  readU32(p: unknown, offset: number): number;
  /** The C string at p, cut to max characters (max < 0: no limit). */
  readCString(p: unknown, max: number): string | null;
  /** Name of the module containing an address (ModuleMap), for attribution of native callers. */
  moduleOf(address: unknown): string | null;
  /**
   * Attaches the native fd pre-filter (a CModule, agent/natives/fdfilter.ts) to hot libc functions:
   * `hit` runs in JavaScript only for descriptors marked in the returned bitmap (and close() of a
   * marked one, after its bit is cleared). Null when the runtime has no CModule; callers then attach
   * JavaScript listeners.
   */
  attachFdFilter?(targets: readonly FilteredTarget[], hit: (hook: number, ctx: InvocationLike, args: PtrLike[]) => void): import('./fdfilter.js').FdBitmap | null;
  /** A callable native function (SSL_get_fd, SSL_get_servername). */
  nativeFunction(address: unknown, ret: 'int' | 'pointer', args: ('pointer' | 'int')[]): (...a: unknown[]) => unknown;
}
