// A fake Gum surface for the native hooks: flat memory, pointers are numbers, exports are
// "modulePath!symbol", Interceptor callbacks are called by `call()` the way Gum would.
import type { GumSurface, InvocationLike, ModuleRef, NativeCallbacks, PtrLike, SocketKind } from '../../agent/natives/surface.js';

export class Ptr implements PtrLike {
  constructor(readonly addr: number) {}
  toInt32(): number {
    return this.addr | 0;
  }
  isNull(): boolean {
    return this.addr === 0;
  }
  toString(): string {
    return `0x${this.addr.toString(16)}`;
  }
}
export const P = (n: number) => new Ptr(n);

export class FakeGum implements GumSurface {
  readonly pointerSize = 8;
  readonly mem = new Uint8Array(1 << 16);
  private brk = 0x100;
  readonly hooks = new Map<string, NativeCallbacks>();
  readonly fds = new Map<number, SocketKind>();
  readonly peers = new Map<number, { ip: string; port: number }>();
  socketTypeCalls = 0;
  mods: ModuleRef[] = [
    { name: 'libc.so', path: '/apex/com.android.runtime/lib64/bionic/libc.so' },
    { name: 'libssl.so', path: '/system/lib64/libssl.so' },
    { name: 'libssl.so', path: '/apex/com.android.conscrypt/lib64/libssl.so' },
  ];
  private added: ((m: ModuleRef) => void)[] = [];
  /** fd and SNI per SSL* (by address). */
  readonly ssl = new Map<number, { fd: number; sni: number }>();

  alloc(bytes: ArrayLike<number>): Ptr {
    const at = this.brk;
    this.mem.set(Array.from(bytes), at);
    this.brk += bytes.length + 16;
    return P(at);
  }
  str(s: string): Ptr {
    return this.alloc([...Buffer.from(s + '\0', 'utf8')]);
  }
  u64(p: number, v: number): void {
    new DataView(this.mem.buffer).setBigUint64(p, BigInt(v), true);
  }
  u32(p: number, v: number): void {
    new DataView(this.mem.buffer).setUint32(p, v, true);
  }

  modules = () => [...this.mods];
  onModuleAdded = (cb: (m: ModuleRef) => void) => {
    this.added.push(cb);
  };
  load(m: ModuleRef): void {
    this.mods.push(m);
    for (const cb of this.added) cb(m);
  }
  findExport = (m: ModuleRef, symbol: string) => `${m.path}!${symbol}`;
  attach = (target: unknown, cb: NativeCallbacks) => {
    this.hooks.set(String(target), cb);
  };
  socketType = (fd: number) => {
    this.socketTypeCalls++;
    return this.fds.get(fd) ?? null;
  };
  peerAddress = (fd: number) => this.peers.get(fd) ?? null;
  readBytes = (p: unknown, n: number) => this.mem.slice((p as Ptr).addr, (p as Ptr).addr + n);
  readPointer = (p: unknown, off: number) => P(Number(new DataView(this.mem.buffer).getBigUint64((p as Ptr).addr + off, true)));
  readSize = (p: unknown, off: number) => Number(new DataView(this.mem.buffer).getBigUint64((p as Ptr).addr + off, true));
  readU32 = (p: unknown, off: number) => new DataView(this.mem.buffer).getUint32((p as Ptr).addr + off, true);
  readCString = (p: unknown, max: number) => {
    const a = (p as Ptr).addr;
    let end = a;
    while (this.mem[end] !== 0 && end - a < max) end++;
    return Buffer.from(this.mem.slice(a, end)).toString('utf8');
  };
  moduleOf = (addr: unknown) => (addr === 'from-native-sdk' ? 'libumeng.so' : 'libjavacore.so');
  nativeFunction = (address: unknown) => {
    const sym = String(address).split('!')[1];
    if (sym === 'SSL_get_fd') return (ssl: unknown) => this.ssl.get((ssl as Ptr).addr)?.fd ?? -1;
    if (sym === 'SSL_get_servername') return (ssl: unknown) => P(this.ssl.get((ssl as Ptr).addr)?.sni ?? 0);
    throw new Error(`no native function ${sym}`);
  };

  /** Calls a hooked libc/libssl function the way Interceptor would. */
  call(target: string, args: Ptr[], tid = 1, returnAddress: unknown = 'from-java', inner?: () => void, retval = 0): void {
    const cb = this.hooks.get(target);
    const ctx: InvocationLike = { threadId: tid, returnAddress };
    cb?.onEnter?.call(ctx, args);
    inner?.();
    cb?.onLeave?.call(ctx, P(retval));
  }
}

