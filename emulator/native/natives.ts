// The native layer of an emulated process: mapped modules with their exports, file descriptors
// and sockets, and native calls that Interceptor listeners see (libc connect/sendto/write, BoringSSL
// SSL_write). Java networking code reaches the network only through these calls, so a send passes
// through both the Java and the native layer, each hookable on its own.
import { createHash, randomBytes } from 'node:crypto';
import { ProcessMemory } from './memory.js';

export interface NativeModule {
  name: string;
  path: string;
  base: number;
  size: number;
  exports: ReadonlyMap<string, number>;
  /**
   * The module's bytes where they are modelled (statically linked TLS libraries, for
   * Memory.scanSync), and its internal functions (not exported: found only by their bytes).
   */
  image?: Uint8Array;
  internal?: ReadonlyMap<string, number>;
}

/**
 * An emulated build of a library that links BoringSSL statically (as libflutter.so does): no
 * SSL_* export, SSL_write and SSL_read at internal offsets whose first bytes are a distinctive
 * sequence. The bytes are the emulator's own (an arm64-style prologue and a marker), not those of
 * any real build: patterns for real builds come from their own pattern files.
 */
export const STATIC_TLS_BUILD = {
  size: 0x4000,
  functions: { SSL_write: 0x1240, SSL_read: 0x2480 } as Record<string, number>,
  /** First bytes of each function in the emulated build. */
  prologue: {
    SSL_write: [0xff, 0x43, 0x01, 0xd1, 0xf6, 0x57, 0x02, 0xa9, 0x5e, 0x11, 0x57, 0x21, 0xfd, 0x7b, 0x04, 0xa9],
    SSL_read: [0xff, 0x43, 0x01, 0xd1, 0xf6, 0x57, 0x02, 0xa9, 0x5e, 0x11, 0x3d, 0x12, 0xfd, 0x7b, 0x04, 0xa9],
  } as Record<string, number[]>,
};

function staticTlsImage(): Uint8Array {
  const img = new Uint8Array(STATIC_TLS_BUILD.size);
  // Filler that matches neither prologue (a repeating NOP-like word).
  for (let i = 0; i < img.length; i += 4) img.set([0x1f, 0x20, 0x03, 0xd5], i);
  for (const [fn, off] of Object.entries(STATIC_TLS_BUILD.functions)) img.set(STATIC_TLS_BUILD.prologue[fn]!, off);
  return img;
}

/** What Interceptor.attach registered; `fn` is the script's bridged callback. */
export interface NativeListener {
  readonly id: number;
  readonly owner: object;
  /** A C listener (CModule model): runs without entering the script's JavaScript. */
  readonly c?: boolean;
  /** phase 0 = onEnter, 1 = onLeave; returns a replacement return value (onLeave) or undefined. */
  readonly fn: (phase: 0 | 1, invocation: number, tid: number, depth: number, returnAddress: number, retval: bigint, ...args: bigint[]) => bigint | undefined;
}

export interface SocketState {
  fd: number;
  type: 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'unix:stream' | 'unix:dgram';
  local: { ip: string; port: number } | null;
  peer: { ip: string; port: number } | null;
  /** peer address before connect() completes (Socket.peerAddress stays null until then). */
  pending: { ip: string; port: number } | null;
}

interface SslState {
  fd: number;
  sni: string | null;
  /** BoringSSL keeps the name in ssl->hostname (a NUL-terminated copy); SSL_get_servername returns that pointer. */
  hostname: number;
}

const LIBC_EXPORTS = ['socket', 'accept4', 'connect', 'send', 'sendto', 'sendmsg', 'sendmmsg', 'android_getaddrinfofornet', 'freeaddrinfo', 'write', 'writev', 'read', 'recvfrom', 'close', 'getaddrinfo', 'epoll_wait', 'readlink', 'open', 'openat', 'fopen', '__system_property_get', 'getifaddrs', 'ioctl', 'strtoul'];
const SSL_EXPORTS = ['SSL_new', 'SSL_do_handshake', 'SSL_write', 'SSL_read', 'SSL_get_fd', 'SSL_get_servername', 'SSL_free'];

function exportsOf(names: readonly string[], seed: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of names) {
    const h = createHash('sha1').update(`${seed}:${n}`).digest();
    out.set(n, 0x1000 + ((h.readUInt32LE(0) % 0x60000) & ~0xf));
  }
  return out;
}

/** The modules of an app process on `api`, at stable (zygote-shared) addresses. */
export function moduleLayout(api: number, appLibs: readonly { name: string; path: string }[]): NativeModule[] {
  const art = api >= 31 ? '/apex/com.android.art/lib64' : api >= 29 ? '/apex/com.android.runtime/lib64' : '/system/lib64';
  const bionic = api >= 29 ? '/apex/com.android.runtime/lib64/bionic' : '/system/lib64';
  const conscrypt = api >= 29 ? '/apex/com.android.conscrypt/lib64' : '/system/lib64';
  const list: [string, string, readonly string[]][] = [
    ['app_process64', '/system/bin/app_process64', []],
    ['linker64', api >= 29 ? '/apex/com.android.runtime/bin/linker64' : '/system/bin/linker64', []],
    ['libc.so', `${bionic}/libc.so`, LIBC_EXPORTS],
    ['libart.so', `${art}/libart.so`, []],
    ['libandroid_runtime.so', '/system/lib64/libandroid_runtime.so', []],
    ['libutils.so', '/system/lib64/libutils.so', []],
    ['libjavacore.so', `${art}/libjavacore.so`, []],
    ['libopenjdk.so', `${art}/libopenjdk.so`, []],
    ['libssl.so', `${conscrypt}/libssl.so`, SSL_EXPORTS],
    ['libjavacrypto.so', `${conscrypt}/libjavacrypto.so`, []],
  ];
  // Android 10+ also maps the platform's own BoringSSL next to Conscrypt's copy.
  if (api >= 29) list.push(['libssl.so', '/system/lib64/libssl.so', SSL_EXPORTS]);
  let base = 0x7c_1000_0000;
  const out: NativeModule[] = [];
  for (const [name, path, exps] of list) {
    const size = 0x100000 + (createHash('sha1').update(path).digest().readUInt32LE(0) % 0x100000 & ~0xfff);
    out.push({ name, path, base, size, exports: exportsOf(exps, path) });
    base += size + 0x10000;
  }
  base = 0x7a_2000_0000;
  for (const lib of appLibs) {
    out.push({ name: lib.name, path: lib.path, base, size: 0x80000, exports: new Map() });
    base += 0x90000;
  }
  return out;
}

export class NativeLayer {
  readonly memory = new ProcessMemory();
  readonly modules: NativeModule[];
  readonly sockets = new Map<number, SocketState>();
  private readonly listeners = new Map<number, NativeListener[]>();
  private readonly ssl = new Map<number, SslState>();
  /** Freed SSL objects: the allocator hands the last one out again (conformance: android.malloc.reusesFreed). */
  private readonly freedSsl: number[] = [];
  private nextFd = 64;
  private nextPort = 40000;
  private nextInvocation = 1;
  private nextListener = 1;
  /** Per thread: return addresses of the native calls in progress, innermost last. */
  private readonly nativeStacks = new Map<number, number[]>();
  /** NativeCallbacks of scripts by address: C code and NativeFunction calls reach them. */
  private readonly callbacks = new Map<number, (args: readonly bigint[]) => bigint>();
  /**
   * Entries into scripts' JavaScript from native code (JS listener callbacks and NativeCallback
   * calls) and C listener runs: what the agent's native pre-filter saves, counted exactly.
   */
  readonly entries = { jsListener: 0, cListener: 0, nativeCallback: 0 };

  constructor(
    api: number,
    appLibs: readonly { name: string; path: string }[],
    /** The thread id of the calling thread. */
    private readonly currentTid: () => number,
    private readonly localIp: string,
    /** Blocking time of a native call (virtual ms), e.g. a TCP handshake. */
    private readonly spend: (ms: number) => void = () => undefined,
  ) {
    this.modules = moduleLayout(api, appLibs);
  }

  /**
   * Maps a library loaded at run time (System.loadLibrary, WebView's Chromium on first use), once.
   * Later modules go after the last one.
   */
  map(name: string, path: string, staticTls = false): NativeModule {
    const have = this.modules.find((x) => x.name === name);
    if (have !== undefined) return have;
    const last = this.modules.reduce((a, b) => (b.base > a.base ? b : a));
    const mod: NativeModule = staticTls
      ? { name, path, base: last.base + last.size + 0x10000, size: STATIC_TLS_BUILD.size, exports: new Map(), image: staticTlsImage(), internal: new Map(Object.entries(STATIC_TLS_BUILD.functions)) }
      : { name, path, base: last.base + last.size + 0x10000, size: 0x200000, exports: new Map() };
    this.modules.push(mod);
    // The dynamic linker's load is what Process.attachModuleObserver's onAdded reports.
    for (const l of [...this.moduleListeners]) l(mod);
    return mod;
  }

  /** Listeners for modules mapped after start (scripts' module observers). */
  readonly moduleListeners = new Set<(m: NativeModule) => void>();

  /**
   * Memory.scanSync over [base, base+size): gum_match_pattern_new_from_string syntax (hex bytes,
   * '??' and nibble '?' wildcards, an optional ':' mask of the same length); a malformed pattern
   * throws. Only modelled module images can be scanned: other memory fails loudly.
   */
  scan(base: number, size: number, pattern: string): { address: number; size: number }[] {
    const p = parseMatchPattern(pattern);
    if (p === null) throw new Error('invalid match pattern');
    const m = this.moduleAt(base);
    if (m === null || m.image === undefined || base + size > m.base + m.size) throw new Error(`emulator: memory at 0x${base.toString(16)} (+${size}) is not modelled: only images of statically linked TLS libraries can be scanned`);
    const img = m.image;
    const out: { address: number; size: number }[] = [];
    const from = base - m.base;
    const to = from + size - p.bytes.length;
    for (let i = from; i <= to; i++) {
      let ok = true;
      for (let k = 0; k < p.bytes.length && ok; k++) ok = (img[i + k]! & p.masks[k]!) === (p.bytes[k]! & p.masks[k]!);
      if (ok) {
        out.push({ address: m.base + i, size: p.bytes.length });
        i += p.bytes.length - 1;
      }
    }
    return out;
  }

  /** Address of a module's internal (non-exported) function. */
  internalAddress(module: string, name: string): number {
    const m = this.module(module);
    const off = m.internal?.get(name);
    if (off === undefined) throw new Error(`emulator: ${module} has no internal function ${name}`);
    return m.base + off;
  }

  module(name: string): NativeModule {
    const m = this.modules.find((x) => x.name === name);
    if (m === undefined) throw new Error(`emulator: module ${name} is not mapped`);
    return m;
  }

  exportAddress(module: string, name: string): number {
    const m = this.module(module);
    const off = m.exports.get(name);
    if (off === undefined) throw new Error(`emulator: ${module} has no export ${name}`);
    return m.base + off;
  }

  moduleAt(addr: number): NativeModule | null {
    return this.modules.find((m) => addr >= m.base && addr < m.base + m.size) ?? null;
  }

  /** Export name at an exact address, for DebugSymbol. */
  symbolAt(addr: number): { module: NativeModule; name: string | null; offset: number } | null {
    const m = this.moduleAt(addr);
    if (m === null) return null;
    for (const [n, off] of m.exports) if (m.base + off === addr) return { module: m, name: n, offset: 0 };
    return { module: m, name: null, offset: addr - m.base };
  }

  /** An exported function, or an internal function of a modelled image (Interceptor can attach there). */
  isEmulatedFunction(addr: number): boolean {
    const s = this.symbolAt(addr);
    if (s !== null && s.name !== null) return true;
    const m = this.moduleAt(addr);
    return m?.internal !== undefined && [...m.internal.values()].some((off) => m.base + off === addr);
  }

  attach(addr: number, owner: object, fn: NativeListener['fn'], c = false): NativeListener {
    if (!this.isEmulatedFunction(addr)) throw new Error(`unable to intercept function at 0x${addr.toString(16)}; please file a bug`);
    const l: NativeListener = { id: this.nextListener++, owner, fn, c };
    const list = this.listeners.get(addr) ?? [];
    list.push(l);
    this.listeners.set(addr, list);
    return l;
  }

  detach(listener: NativeListener): void {
    for (const [addr, list] of this.listeners) {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.listeners.delete(addr);
    }
  }

  detachAll(owner: object): void {
    for (const [addr, list] of this.listeners) {
      const kept = list.filter((l) => l.owner !== owner);
      if (kept.length === 0) this.listeners.delete(addr);
      else this.listeners.set(addr, kept);
    }
  }

  /** Return addresses of the calling thread's native frames, innermost first (Thread.backtrace). */
  backtrace(): number[] {
    return [...(this.nativeStacks.get(this.currentTid()) ?? [])].reverse();
  }

  /** A stable return address inside `caller` for calls to `callee`. */
  private returnAddress(caller: string, callee: string): number {
    const m = this.module(caller);
    const h = createHash('sha1').update(`${m.path}->${callee}`).digest().readUInt32LE(0);
    return m.base + 0x2000 + ((h % (m.size - 0x3000)) & ~0x3);
  }

  /**
   * Calls native `module!name` from `caller` with Interceptor listeners around `impl`, as Gum
   * would: onEnter in attach order, then the function, then onLeave.
   */
  call(module: string, name: string, caller: string, args: readonly (number | bigint)[], impl: () => number | bigint): bigint {
    const m = this.module(module);
    const addr = m.exports.has(name) ? this.exportAddress(module, name) : this.internalAddress(module, name);
    const tid = this.currentTid();
    const stack = this.nativeStacks.get(tid) ?? [];
    this.nativeStacks.set(tid, stack);
    const ra = this.returnAddress(caller, `${module}!${name}`);
    stack.push(ra);
    const listeners = [...(this.listeners.get(addr) ?? [])];
    const depth = stack.length - 1;
    const inv = this.nextInvocation++;
    const bigArgs = args.map((a) => BigInt(a));
    try {
      for (const l of listeners) {
        if (l.c === true) this.entries.cListener++;
        else this.entries.jsListener++;
        l.fn(0, inv, tid, depth, ra, 0n, ...bigArgs);
      }
      let ret = BigInt(impl());
      for (const l of listeners) {
        const r = l.fn(1, inv, tid, depth, ra, ret, ...bigArgs);
        if (r !== undefined) ret = r;
      }
      return ret;
    } finally {
      stack.pop();
    }
  }

  // ---- sockets -------------------------------------------------------------------------

  /**
   * getaddrinfo(node, NULL, hints, &res) as native code calls it: the answer is a list of bionic
   * struct addrinfo (LP64: flags, family, socktype, protocol @0..12, ai_addrlen @16, ai_canonname
   * @24, ai_addr @32, ai_next @40; libc/include/netdb.h), one AF_INET entry per address, freed with
   * freeaddrinfo afterwards. Returns the addresses.
   */
  getaddrinfo(node: string, ips: readonly string[], caller: string): string[] {
    const name = this.memory.alloc(new TextEncoder().encode(`${node}\0`));
    const res = this.memory.alloc(8);
    const allocated: number[] = [];
    try {
      const rc = this.call('libc.so', 'getaddrinfo', caller, [name, 0, 0, res], () => {
        let next = 0;
        for (const ip of [...ips].reverse()) {
          const sa = this.memory.alloc(sockaddrIn(ip, 0));
          const ai = this.memory.alloc(48);
          allocated.push(sa, ai);
          const b = Buffer.alloc(48);
          b.writeInt32LE(0, 0);
          b.writeInt32LE(2, 4); // AF_INET
          b.writeInt32LE(1, 8); // SOCK_STREAM
          b.writeInt32LE(6, 12); // IPPROTO_TCP
          b.writeUInt32LE(16, 16);
          b.writeBigUInt64LE(0n, 24);
          b.writeBigUInt64LE(BigInt(sa), 32);
          b.writeBigUInt64LE(BigInt(next), 40);
          this.memory.write(ai, new Uint8Array(b));
          next = ai;
        }
        this.memory.write(res, le64([next]));
        return ips.length === 0 ? 8 : 0; // EAI_NONAME
      });
      if (rc === 0n) this.call('libc.so', 'freeaddrinfo', caller, [Number(Buffer.from(this.memory.read(res, 8)).readBigUInt64LE(0))], () => 0);
      return rc === 0n ? [...ips] : [];
    } finally {
      for (const a of allocated) this.memory.free(a);
      this.memory.free(name);
      this.memory.free(res);
    }
  }

  /** socket() + connect(). Java sockets are AF_INET6 with v4-mapped peers; native callers may use AF_INET. */
  connect(ip: string, port: number, caller: string, family: 'inet' | 'inet6', kind: 'tcp' | 'udp' = 'tcp'): number {
    const fd = Number(
      this.call('libc.so', 'socket', caller, [family === 'inet6' ? 10 : 2, kind === 'udp' ? 2 : 1, 0], () => {
        const n = this.nextFd++;
        this.sockets.set(n, { fd: n, type: `${kind}${family === 'inet6' ? '6' : ''}` as SocketState['type'], local: null, peer: null, pending: null });
        return n;
      }),
    );
    const sock = this.sockets.get(fd)!;
    const peerIp = family === 'inet6' ? `::ffff:${ip}` : ip;
    const sa = family === 'inet6' ? sockaddrIn6(ip, port) : sockaddrIn(ip, port);
    const addr = this.memory.alloc(sa);
    try {
      this.call('libc.so', 'connect', caller, [fd, addr, sa.length], () => {
        this.spend(28); // TCP handshake
        sock.pending = { ip: peerIp, port };
        sock.peer = { ip: peerIp, port };
        sock.local = { ip: family === 'inet6' ? `::ffff:${this.localIp}` : this.localIp, port: this.nextPort++ };
        sock.pending = null;
        return 0;
      });
    } finally {
      this.memory.free(addr);
    }
    return fd;
  }

  /** send()/write() of plaintext bytes on a socket (send() is sendto() in bionic). */
  /**
   * Sends on a connected socket through one of libc's calls: sendto(fd, buf, len, 0, NULL, 0),
   * write(fd, buf, len), writev(fd, iov, 1) or sendmsg(fd, msg, 0) with one iovec and no
   * destination (LP64 layouts: iovec {base, len}; msghdr {name, namelen, iov, iovlen, control,
   * controllen, flags}).
   */
  send(fd: number, data: Uint8Array, caller: string, via: 'sendto' | 'write' | 'writev' | 'sendmsg' | 'sendmmsg'): number {
    const buf = this.memory.alloc(data);
    const extra: number[] = [];
    try {
      let args: number[];
      if (via === 'sendto') args = [fd, buf, data.length, 0, 0, 0];
      else if (via === 'write') args = [fd, buf, data.length];
      else {
        const iov = this.memory.alloc(le64([buf, data.length]));
        extra.push(iov);
        if (via === 'writev') args = [fd, iov, 1];
        else if (via === 'sendmmsg') {
          // struct mmsghdr { msghdr msg_hdr; unsigned msg_len; } (64 bytes on LP64): one message.
          const vec = this.memory.alloc(le64([0, 0, iov, 1, 0, 0, 0, 0]));
          extra.push(vec);
          args = [fd, vec, 1, 0];
        } else {
          const msg = this.memory.alloc(le64([0, 0, iov, 1, 0, 0, 0]));
          extra.push(msg);
          args = [fd, msg, 0];
        }
      }
      return Number(
        this.call('libc.so', via, caller, args, () => {
          this.spend(2 + Math.ceil(data.length / 8192));
          return data.length;
        }),
      );
    } finally {
      this.memory.free(buf);
      for (const x of extra) this.memory.free(x);
    }
  }

  /** socket(AF_INET6, SOCK_DGRAM) once per DatagramSocket (Java datagram sockets are IPv6 with v4-mapped peers). */
  udpSocket(caller: string): number {
    return Number(
      this.call('libc.so', 'socket', caller, [10, 2, 0], () => {
        const n = this.nextFd++;
        this.sockets.set(n, { fd: n, type: 'udp6', local: { ip: '::', port: this.nextPort++ }, peer: null, pending: null });
        return n;
      }),
    );
  }

  /** sendto(fd, buf, len, 0, sockaddr_in6, 28) of one datagram. */
  sendDatagram(fd: number, ip: string, port: number, data: Uint8Array, caller: string): number {
    const buf = this.memory.alloc(data);
    const sa = sockaddrIn6(ip, port);
    const addr = this.memory.alloc(sa);
    try {
      return Number(
        this.call('libc.so', 'sendto', caller, [fd, buf, data.length, 0, addr, sa.length], () => {
          this.spend(1);
          return data.length;
        }),
      );
    } finally {
      this.memory.free(buf);
      this.memory.free(addr);
    }
  }

  close(fd: number, caller: string): void {
    this.call('libc.so', 'close', caller, [fd], () => {
      this.sockets.delete(fd);
      return 0;
    });
  }

  // ---- reads that bypass the framework (agent/natives/collect.ts hooks them) -----------------

  /**
   * open(path, O_RDONLY), openat(AT_FDCWD, path, O_RDONLY) or fopen(path, "r") from native code.
   * Whether the file opens is the device's fact (`errno` null: it does); a failed open returns -1
   * (fopen: NULL). The descriptor is closed again at once: reading is not modelled.
   */
  openFile(path: string, caller: string, via: 'open' | 'openat' | 'fopen', errno: string | null): number {
    const p = this.memory.alloc(new TextEncoder().encode(path));
    const mode = via === 'fopen' ? this.memory.alloc(new TextEncoder().encode('r')) : 0;
    try {
      const args = via === 'open' ? [p, 0] : via === 'openat' ? [-100, p, 0] : [p, mode];
      const ret = Number(this.call('libc.so', via, caller, args, () => (errno !== null ? (via === 'fopen' ? 0 : -1) : via === 'fopen' ? this.memory.alloc(64) : this.nextFd++)));
      if (errno === null && via !== 'fopen') this.call('libc.so', 'close', caller, [ret], () => 0);
      return ret;
    } finally {
      this.memory.free(p);
      if (mode !== 0) this.memory.free(mode);
    }
  }

  /**
   * libc open(path, flags, mode) called by libjavacore's Linux_open (libcore/luni/src/main/native/
   * libcore_io_Linux.cpp: `open(path.c_str(), flags, mode)`), the end of every Java file open
   * (IoBridge.open -> Libcore.os.open): the descriptor stays open for the Java stream; -1 when
   * `errno` is set.
   */
  openForJava(path: string, flags: number, mode: number, errno: string | null): number {
    const p = this.memory.alloc(new TextEncoder().encode(path));
    try {
      return Number(this.call('libc.so', 'open', 'libjavacore.so', [p, flags, mode], () => (errno !== null ? -1 : this.nextFd++)));
    } finally {
      this.memory.free(p);
    }
  }

  /**
   * A library appending to its own file: openat(AT_FDCWD, path, O_WRONLY|O_APPEND|O_CREAT), `times`
   * write(fd, line, n), close(fd). The descriptor is a regular file (Socket.type answers null).
   */
  appendFile(path: string, line: Uint8Array, times: number, caller: string): void {
    const p = this.memory.alloc(new TextEncoder().encode(`${path}\0`));
    const buf = this.memory.alloc(line.length === 0 ? 1 : line);
    try {
      const fd = Number(this.call('libc.so', 'openat', caller, [-100, p, 0x441], () => this.nextFd++));
      for (let i = 0; i < times; i++) this.call('libc.so', 'write', caller, [fd, buf, line.length], () => line.length);
      this.call('libc.so', 'close', caller, [fd], () => 0);
    } finally {
      this.memory.free(p);
      this.memory.free(buf);
    }
  }

  /** __system_property_get(name, value): bionic copies the value (at most PROP_VALUE_MAX 92 bytes) and returns its length (0 when unset). */
  propertyGet(name: string, value: string, caller: string): string {
    const n = this.memory.alloc(new TextEncoder().encode(name));
    const buf = this.memory.alloc(92);
    try {
      const bytes = new TextEncoder().encode(value).slice(0, 91);
      const len = Number(
        this.call('libc.so', '__system_property_get', caller, [n, buf], () => {
          this.memory.write(buf, Uint8Array.from([...bytes, 0]));
          return bytes.length;
        }),
      );
      return new TextDecoder().decode(this.memory.read(buf, len));
    } finally {
      this.memory.free(n);
      this.memory.free(buf);
    }
  }

  /**
   * getifaddrs(&list): the emulated list is not built (a null list, return 0); freeifaddrs is
   * not modelled. The hook only needs the call.
   */
  getifaddrs(caller: string): number {
    const out = this.memory.alloc(8);
    try {
      return Number(this.call('libc.so', 'getifaddrs', caller, [out], () => 0));
    } finally {
      this.memory.free(out);
    }
  }

  /**
   * ioctl(fd, SIOCGIFHWADDR, &ifreq) on a datagram socket: ifreq.ifr_name holds the interface.
   * The answer (the hardware address, or EACCES/EPERM where SELinux denies it) is not modelled:
   * the call returns -1.
   */
  ioctlHwaddr(ifname: string, caller: string): number {
    const ifr = this.memory.alloc(40);
    this.memory.write(ifr, new TextEncoder().encode(ifname.slice(0, 15)));
    try {
      return Number(this.call('libc.so', 'ioctl', caller, [this.nextFd, 0x8927, ifr], () => -1));
    } finally {
      this.memory.free(ifr);
    }
  }

  /** SSL_new on a connected fd (the handshake is not modelled as separate writes). */
  sslNew(fd: number, sni: string | null, caller: string): number {
    const ssl = this.freedSsl.pop() ?? this.memory.alloc(64);
    const hostname = sni === null ? 0 : this.memory.alloc(new TextEncoder().encode(`${sni}\0`));
    this.ssl.set(ssl, { fd, sni, hostname });
    this.call('libssl.so', 'SSL_new', caller, [0], () => ssl);
    this.spend(45); // TLS handshake
    return ssl;
  }

  /**
   * SSL_free(ssl) when the connection closes (Conscrypt NativeSsl.close): the hostname copy is
   * freed with it and the SSL object's memory goes back to the allocator, which may return the same
   * address to the next SSL_new.
   */
  sslFree(ssl: number, caller: string): void {
    const st = this.ssl.get(ssl);
    if (st === undefined) throw new Error('emulator: SSL_free of an unknown SSL*');
    this.call('libssl.so', 'SSL_free', caller, [ssl], () => {
      this.ssl.delete(ssl);
      if (st.hostname !== 0) this.memory.free(st.hostname);
      this.freedSsl.push(ssl);
      return 0;
    });
  }

  /**
   * A library with BoringSSL linked in (STATIC_TLS_BUILD) encrypts: its internal SSL_write writes
   * into a memory BIO (listeners see the plaintext; nothing touches a socket inside) and the record
   * is returned. Writing it to the socket is the caller's, on whatever thread the stack does it:
   * for dart:io that is the isolate's thread, not the IO-service thread that ran SSL_write
   * (ledger android.dartio.sslWriteOffIsolate; emulator/scenario/runtime.ts nativeSend).
   */
  staticSslEncrypt(lib: string, data: Uint8Array): Uint8Array {
    const ssl = this.memory.alloc(64);
    const buf = this.memory.alloc(data);
    try {
      const n = Number(this.call(lib, 'SSL_write', lib, [ssl, buf, data.length], () => data.length));
      return tlsRecord(n);
    } finally {
      this.memory.free(buf);
      this.memory.free(ssl);
    }
  }

  /** SSL_write(ssl, buf, len): listeners see the plaintext; libssl then writes ciphertext to the fd. */
  sslWrite(ssl: number, data: Uint8Array, caller: string): number {
    const st = this.ssl.get(ssl);
    if (st === undefined) throw new Error('emulator: unknown SSL*');
    if (st.fd < 0) throw new Error('emulator: SSL_write on an SSL* without fd: use sslWriteBio (engine sockets)');
    const buf = this.memory.alloc(data);
    try {
      return Number(
        this.call('libssl.so', 'SSL_write', caller, [ssl, buf, data.length], () => {
          this.send(st.fd, tlsRecord(data.length), 'libssl.so', 'write');
          return data.length;
        }),
      );
    } finally {
      this.memory.free(buf);
    }
  }

  /**
   * SSL_write on an SSL* whose write BIO is a memory BIO (Conscrypt's engine): listeners see the
   * plaintext, nothing touches a socket, and the record is returned for the caller to send.
   */
  sslWriteBio(ssl: number, data: Uint8Array, caller: string): Uint8Array {
    const st = this.ssl.get(ssl);
    if (st === undefined) throw new Error('emulator: unknown SSL*');
    const buf = this.memory.alloc(data);
    let rec: Uint8Array = new Uint8Array(0);
    try {
      this.call('libssl.so', 'SSL_write', caller, [ssl, buf, data.length], () => {
        rec = tlsRecord(data.length);
        return data.length;
      });
      return rec;
    } finally {
      this.memory.free(buf);
    }
  }

  /** SSL_read(ssl, buf, len): the decrypted response lands in the caller's buffer. */
  sslRead(ssl: number, data: Uint8Array, caller: string): number {
    if (!this.ssl.has(ssl)) throw new Error('emulator: unknown SSL*');
    if (data.length === 0) return 0;
    const buf = this.memory.alloc(data.length);
    try {
      return Number(
        this.call('libssl.so', 'SSL_read', caller, [ssl, buf, data.length], () => {
          this.memory.write(buf, data);
          return data.length;
        }),
      );
    } finally {
      this.memory.free(buf);
    }
  }

  /** Registers a script's NativeCallback: a callable address (16 bytes of the heap stand for its trampoline). */
  nativeCallback(fn: (args: readonly bigint[]) => bigint): number {
    const addr = this.memory.alloc(16);
    this.callbacks.set(addr, fn);
    return addr;
  }

  /** Emulated native functions callable through NativeFunction. */
  invokeFunction(addr: number, args: readonly bigint[]): bigint {
    const cb = this.callbacks.get(addr);
    if (cb !== undefined) {
      this.entries.nativeCallback++;
      return cb(args);
    }
    const sym = this.symbolAt(addr);
    const name = sym?.name ?? null;
    switch (name) {
      case 'SSL_get_fd': {
        const st = this.ssl.get(Number(args[0] ?? 0n));
        return BigInt(st === undefined ? -1 : st.fd);
      }
      case 'SSL_get_servername': {
        // BoringSSL ssl_lib.cc SSL_get_servername: ssl->hostname (or the session's), owned by the SSL.
        const st = this.ssl.get(Number(args[0] ?? 0n));
        if (st === undefined || st.hostname === 0) return 0n;
        return BigInt(st.hostname);
      }
      default:
        throw new Error(`emulator: native function ${name ?? `0x${addr.toString(16)}`} cannot be called from a script`);
    }
  }
}

/** A TLS 1.2/1.3 application_data record of n plaintext bytes: header, random "ciphertext", 16-byte tag. */
function tlsRecord(n: number): Uint8Array {
  const rec = new Uint8Array(5 + n + 16);
  rec.set([0x17, 0x03, 0x03, (n + 16) >> 8, (n + 16) & 0xff]);
  rec.set(randomBytes(n + 16), 5);
  return rec;
}

function sockaddrIn(ip: string, port: number): Uint8Array {
  const b = new Uint8Array(16);
  b[0] = 2; // AF_INET, little-endian u16
  b[2] = port >> 8;
  b[3] = port & 0xff;
  ip.split('.').forEach((o, i) => (b[4 + i] = Number(o)));
  return b;
}

function sockaddrIn6(ip4: string, port: number): Uint8Array {
  const b = new Uint8Array(28);
  b[0] = 10; // AF_INET6
  b[2] = port >> 8;
  b[3] = port & 0xff;
  // ::ffff:a.b.c.d at offset 8
  b[18] = 0xff;
  b[19] = 0xff;
  ip4.split('.').forEach((o, i) => (b[20 + i] = Number(o)));
  return b;
}

/** 64-bit little-endian words (struct fields of LP64 pointers, size_t and padded ints). */
function le64(words: readonly number[]): Uint8Array {
  const b = Buffer.alloc(words.length * 8);
  words.forEach((w, i) => b.writeBigUInt64LE(BigInt(w), i * 8));
  return new Uint8Array(b);
}

/** gum_match_pattern_new_from_hexstring (frida-gum gum/gummemory.c): bytes and per-byte masks, or null when malformed. */
export function parseMatchPattern(pattern: string): { bytes: number[]; masks: number[] } | null {
  const [match, mask, extra] = pattern.split(':');
  if (match === undefined || extra !== undefined) return null;
  if (mask !== undefined && mask.length !== match.length) return null;
  const hex = (c: string | undefined) => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
  const bytes: number[] = [];
  const masks: number[] = [];
  let mi = 0;
  for (let i = 0; i < match.length; i++, mi++) {
    if (match[i] === ' ') continue;
    let m = 0xff;
    if (mask !== undefined) {
      while (mask[mi] === ' ') mi++;
      const hu = hex(mask[mi]);
      const hl = hex(mask[mi + 1]);
      if (hu < 0 || hl < 0) return null;
      m = (hu << 4) | hl;
    }
    let upper: number;
    let lower: number;
    if (match[i] === '?') {
      upper = 4;
      m &= 0x0f;
    } else if ((upper = hex(match[i])) < 0) return null;
    if (match[i + 1] === '?') {
      lower = 2;
      m &= 0xf0;
    } else if ((lower = hex(match[i + 1])) < 0) return null;
    bytes.push((upper << 4) | lower);
    masks.push(m);
    i++;
    mi++;
  }
  // gum_match_pattern_seal: not empty, and at least one exact or masked (not all-wildcard) byte.
  if (bytes.length === 0 || masks.every((x) => x === 0)) return null;
  return { bytes, masks };
}
