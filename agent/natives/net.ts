// Native network hooks: libc connect/sendto/write/writev/sendmsg (close keeps the fd cache honest)
// and BoringSSL SSL_write/SSL_read in every mapped libssl.so. Events are 'net' with layer 'native'.
//
// Cost: write() runs for every file, pipe and logd write in the process. Where the runtime has
// CModule (Frida on a phone; modelled on the emulated device), the hot calls (write, writev, close,
// sendto, sendmsg, sendmmsg) are filtered in native code (agent/natives/fdfilter.ts): only
// descriptors marked as network sockets enter JavaScript. Sockets are marked when socket() returns
// an AF_INET/AF_INET6 one, at connect() and accept4(), and by a scan of the first SCAN_FDS
// descriptors at start (sockets opened before the agent). Without CModule (or with the pseudo hook
// 'native.fd-filter' disabled) every call enters JavaScript and the fd is classified there: one
// Map lookup per call, a Socket.type() syscall the first time an fd is seen (until close()).
// Not seen with the filter: a socket duplicated with dup()/dup2()/fcntl(F_DUPFD) to a new number.
//
// One send is one event:
//  - send() is sendto() in bionic, so only sendto is hooked;
//  - socket writes inside SSL_write/SSL_read on the same thread (the TLS records of the plaintext
//    already reported) are not reported again;
//  - socket writes under a Java hook that reports its own bytes (NetScope) are not reported again.
import type { EventDraft } from '../core/emitter.js';
import type { TlsPatterns } from '../../protocol/messages.js';
import type { NetScope } from '../core/netscope.js';
import { looksLikeTls, markTlsRecord, parseHttpRequest, samplePayload } from '../core/payload.js';
import { parseSockaddr, sockaddrReadLength } from './sockaddr.js';
import type { GumSurface, InvocationLike, ModuleRef, PtrLike } from './surface.js';
import type { TlsLink } from './tls-link.js';
import { NativeDns } from './dns.js';
import { FILTERED_HOOKS, type FdBitmap, type FilteredHook } from './fdfilter.js';

type FdClass = 'tcp' | 'udp' | 'other';

interface Peer {
  ip: string;
  port: number;
}

export interface NativeNetOptions {
  surface: GumSurface;
  /** Emits an event; returns it (its seq links engine-socket records, see tls-link.ts). */
  emit(draft: EventDraft): { seq: number } | void;
  countCall(hook: string): void;
  maxSample(): number;
  netScope?: NetScope;
  /** Links the TLS records of SSL*s without fd to their SSL_write (engine sockets). */
  tlsLink?: TlsLink;
  /** Native hook ids to leave out ('native.write', ...). */
  disabled?: ReadonlySet<string>;
  /** Byte patterns of SSL_write/SSL_read in statically linked BoringSSL builds, per module name. */
  tlsPatterns?: readonly TlsPatterns[];
  /** Reports a fault inside our hook (never thrown into the app). */
  onError(hook: string, e: unknown): void;
}

export interface NativeInstallReport {
  hooked: string[];
  missing: string[];
}

const MAX_IOV = 64;
const MAX_SNI = 512;
/** Descriptors checked with Socket.type() at start for sockets opened before the agent. */
const SCAN_FDS = 4096;
/** Pseudo hook id: disabling it keeps the hot libc hooks in JavaScript (the pre-filter's baseline). */
export const FD_FILTER_ID = 'native.fd-filter';

export class NativeNet {
  private readonly fdClass = new Map<number, FdClass>();
  private readonly peers = new Map<number, Peer>();
  private readonly tlsFds = new Set<number>();
  private readonly sslDepth = new Map<number, number>();
  private readonly sni = new Map<string, string>();
  private readonly hookedSsl = new Set<string>();
  private readonly sslFns = new Map<string, { getFd: ((ssl: unknown) => unknown) | null; servername: ((ssl: unknown, t: number) => unknown) | null }>();
  /** ip -> name from getaddrinfo answers in this process (agent/natives/dns.ts). */
  readonly dns: NativeDns;
  /** The native pre-filter's bitmap of network sockets; null when hot hooks run in JavaScript. */
  private fds: FdBitmap | null = null;

  constructor(private readonly o: NativeNetOptions) {
    this.dns = new NativeDns(o.surface);
  }

  /** The looked-up name of an address, as detail fields. */
  private named(d: Record<string, unknown>, ip: string): void {
    if (d.host !== undefined) return;
    const name = this.dns.nameOf(ip);
    if (name !== undefined) {
      d.host = name;
      d.hostFrom = 'getaddrinfo';
    }
  }

  // ---- fd classification ------------------------------------------------------------------

  /** 'tcp' / 'udp' for network sockets, 'other' for files, pipes, unix sockets, bad fds. Cached. */
  classify(fd: number): FdClass {
    const known = this.fdClass.get(fd);
    if (known !== undefined) return known;
    return this.refresh(fd);
  }

  private refresh(fd: number): FdClass {
    let t: string | null = null;
    try {
      t = this.o.surface.socketType(fd);
    } catch {
      t = null;
    }
    const c: FdClass = t === 'tcp' || t === 'tcp6' ? 'tcp' : t === 'udp' || t === 'udp6' ? 'udp' : 'other';
    this.fdClass.set(fd, c);
    if (this.fds !== null) {
      if (c === 'other') this.fds.unmark(fd);
      else this.fds.mark(fd);
    }
    return c;
  }

  /** Whether the native pre-filter is on (hot hooks enter JavaScript for marked sockets only). */
  get filtered(): boolean {
    return this.fds !== null;
  }

  /** socket(domain, type, protocol) returned `fd`: an AF_INET/AF_INET6 socket is followed from now. */
  onSocket(domain: number, fd: number): void {
    if (fd < 0 || (domain !== 2 && domain !== 10)) return;
    this.forget(fd);
    this.refresh(fd);
  }

  /** accept4()/accept() returned `fd`: a connection of a listening socket. */
  onAccept(fd: number): void {
    if (fd < 0) return;
    this.forget(fd);
    this.refresh(fd);
  }

  /** close(fd): the number will be reused for something else. */
  forget(fd: number): void {
    this.fds?.unmark(fd);
    this.fdClass.delete(fd);
    this.peers.delete(fd);
    this.tlsFds.delete(fd);
  }

  private suppressed(tid: number): boolean {
    return (this.sslDepth.get(tid) ?? 0) > 0 || (this.o.netScope?.active(tid) ?? false);
  }

  private peer(fd: number): Peer | undefined {
    let p = this.peers.get(fd);
    if (p !== undefined) return p;
    try {
      const a = this.o.surface.peerAddress(fd);
      if (a !== null) {
        p = { ip: a.ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1'), port: a.port };
        this.peers.set(fd, p);
      }
    } catch {
      // Not connected (UDP without connect): destination comes with each sendto.
    }
    return p;
  }

  // ---- event building ---------------------------------------------------------------------

  private base(ctx: InvocationLike, proto: string, fd: number): Record<string, unknown> {
    const d: Record<string, unknown> = { layer: 'native', proto, tls: false, fd };
    try {
      const m = this.o.surface.moduleOf(ctx.returnAddress);
      if (m !== null) d.module = m;
    } catch {
      // Unknown caller.
    }
    return d;
  }

  private addPayload(d: Record<string, unknown>, bytes: Uint8Array | null, total: number): void {
    d.bytes = total;
    if (bytes === null || bytes.length === 0) return;
    if (d.tls !== true && looksLikeTls(bytes)) {
      d.proto = 'tls';
      d.tls = true;
    }
    Object.assign(d, samplePayload(bytes, total, this.o.maxSample()));
    // HTTP/1 rides on TCP only (UDP payloads that happen to look like text are not requests).
    if (d.sampleEncoding === 'utf8' && d.proto !== 'udp' && d.proto !== 'dns') {
      const http = parseHttpRequest(d.sample as string);
      if (http !== null) {
        d.proto = d.tls === true ? 'https' : 'http';
        d.method = http.method.slice(0, 32);
        const host = http.host ?? (d.host as string | undefined) ?? (d.ip as string | undefined);
        if (host !== undefined && http.path.startsWith('/')) d.url = `${d.tls === true ? 'https' : 'http'}://${host}${http.path}`.slice(0, 4096);
        if (http.host !== undefined && d.host === undefined) d.host = http.host.replace(/:\d+$/, '').slice(0, 4096);
      }
    }
  }

  private emit(hook: string, api: string, d: Record<string, unknown>): number | null {
    const e = this.o.emit({ kind: 'net', api, hook, detail: d } as EventDraft);
    return e === undefined ? null : e.seq;
  }

  private read(p: unknown, n: number): Uint8Array | null {
    if (n <= 0) return null;
    try {
      return this.o.surface.readBytes(p, n);
    } catch {
      return null;
    }
  }

  // ---- libc -------------------------------------------------------------------------------

  /** connect(fd, const sockaddr*, socklen_t). */
  onConnect(ctx: InvocationLike, args: PtrLike[]): void {
    const fd = args[0]!.toInt32();
    // Reclassify: a fresh socket may reuse a number we saw as a file.
    const c = this.refresh(fd);
    if (c === 'other') return;
    const raw = this.read(args[1], sockaddrReadLength(args[2]!.toInt32()));
    const sa = raw === null ? null : parseSockaddr(raw);
    if (sa === null || (sa.family !== 'inet' && sa.family !== 'inet6')) return;
    this.peers.set(fd, { ip: sa.ip, port: sa.port });
    this.tlsFds.delete(fd);
    this.o.countCall('native.connect');
    if (this.suppressed(ctx.threadId)) return;
    const d = this.base(ctx, c, fd);
    d.op = 'connect';
    d.ip = sa.ip;
    d.port = sa.port;
    this.named(d, sa.ip);
    this.emit('native.connect', 'libc.so!connect', d);
  }

  /** Common tail of socket sends: destination, payload, event. */
  private send(ctx: InvocationLike, hook: string, api: string, fd: number, c: FdClass, dest: Peer | undefined, bytes: Uint8Array | null, total: number): void {
    const d = this.base(ctx, c, fd);
    d.op = 'send';
    const p = dest ?? this.peer(fd);
    if (p !== undefined) {
      d.ip = p.ip;
      d.port = p.port;
      if (c === 'udp' && p.port === 53) d.proto = 'dns';
      this.named(d, p.ip);
    }
    if (this.tlsFds.has(fd)) {
      d.proto = 'tls';
      d.tls = true;
    }
    this.addPayload(d, bytes, total);
    // A record of an SSL_write already reported on this thread (an SSL* without fd whose owner
    // writes the ciphertext itself): linked, not a second send.
    const of = d.tls === true && this.o.tlsLink !== undefined ? this.o.tlsLink.take(ctx.threadId, bytes) : null;
    if (of !== null) markTlsRecord(d, of);
    this.emit(hook, api, d);
  }

  /** sendto(fd, buf, len, flags, dest, destlen). */
  onSendto(ctx: InvocationLike, args: PtrLike[]): void {
    const fd = args[0]!.toInt32();
    const c = this.classify(fd);
    if (c === 'other') return;
    this.o.countCall('native.sendto');
    if (this.suppressed(ctx.threadId)) return;
    const len = args[2]!.toInt32();
    let dest: Peer | undefined;
    if (!args[4]!.isNull()) {
      const raw = this.read(args[4], sockaddrReadLength(args[5]!.toInt32()));
      const sa = raw === null ? null : parseSockaddr(raw);
      if (sa !== null && (sa.family === 'inet' || sa.family === 'inet6')) dest = { ip: sa.ip, port: sa.port };
    }
    this.send(ctx, 'native.sendto', 'libc.so!sendto', fd, c, dest, this.read(args[1], Math.min(len, this.o.maxSample())), len);
  }

  /** write(fd, buf, count). */
  onWrite(ctx: InvocationLike, args: PtrLike[]): void {
    const fd = args[0]!.toInt32();
    const c = this.classify(fd);
    if (c === 'other') return;
    this.o.countCall('native.write');
    if (this.suppressed(ctx.threadId)) return;
    const len = args[2]!.toInt32();
    this.send(ctx, 'native.write', 'libc.so!write', fd, c, undefined, this.read(args[1], Math.min(len, this.o.maxSample())), len);
  }

  /** Total length and the first bytes (up to max) of an iovec array. */
  private gather(iov: unknown, count: number, max: number): { total: number; bytes: Uint8Array } {
    const s = this.o.surface;
    const ps = s.pointerSize;
    let total = 0;
    const parts: Uint8Array[] = [];
    let kept = 0;
    for (let i = 0; i < Math.min(count, MAX_IOV); i++) {
      const base = s.readPointer(iov, i * 2 * ps);
      const len = s.readSize(iov, i * 2 * ps + ps);
      total += len;
      if (kept < max && base !== null && len > 0) {
        const b = this.read(base, Math.min(len, max - kept));
        if (b !== null) {
          parts.push(b);
          kept += b.length;
        }
      }
    }
    const bytes = new Uint8Array(kept);
    let off = 0;
    for (const p of parts) {
      bytes.set(p, off);
      off += p.length;
    }
    return { total, bytes };
  }

  /** writev(fd, const iovec*, int iovcnt). */
  onWritev(ctx: InvocationLike, args: PtrLike[]): void {
    const fd = args[0]!.toInt32();
    const c = this.classify(fd);
    if (c === 'other') return;
    this.o.countCall('native.writev');
    if (this.suppressed(ctx.threadId)) return;
    const g = this.gather(args[1], args[2]!.toInt32(), this.o.maxSample());
    this.send(ctx, 'native.writev', 'libc.so!writev', fd, c, undefined, g.bytes, g.total);
  }

  /** sendmsg(fd, const msghdr*, flags): msg_name @0, msg_namelen @ps, msg_iov @2ps, msg_iovlen @3ps. */
  onSendmsg(ctx: InvocationLike, args: PtrLike[]): void {
    const fd = args[0]!.toInt32();
    const c = this.classify(fd);
    if (c === 'other') return;
    this.o.countCall('native.sendmsg');
    if (this.suppressed(ctx.threadId)) return;
    const s = this.o.surface;
    const ps = s.pointerSize;
    const msg = args[1];
    let dest: Peer | undefined;
    const name = s.readPointer(msg, 0);
    if (name !== null && !name.isNull()) {
      const raw = this.read(name, sockaddrReadLength(s.readU32(msg, ps)));
      const sa = raw === null ? null : parseSockaddr(raw);
      if (sa !== null && (sa.family === 'inet' || sa.family === 'inet6')) dest = { ip: sa.ip, port: sa.port };
    }
    const iov = s.readPointer(msg, 2 * ps);
    const g = iov === null ? { total: 0, bytes: new Uint8Array(0) } : this.gather(iov, s.readSize(msg, 3 * ps), this.o.maxSample());
    this.send(ctx, 'native.sendmsg', 'libc.so!sendmsg', fd, c, dest, g.bytes, g.total);
  }

  /**
   * sendmmsg(fd, mmsghdr*, vlen, flags): several datagrams in one call (QUIC, DNS over UDP).
   * struct mmsghdr { msghdr msg_hdr; unsigned msg_len; } is 64 bytes on LP64, 32 on ILP32. One
   * call is one event: the first message's destination and sample, the bytes of all messages.
   */
  onSendmmsg(ctx: InvocationLike, args: PtrLike[]): void {
    const fd = args[0]!.toInt32();
    const c = this.classify(fd);
    if (c === 'other') return;
    this.o.countCall('native.sendmmsg');
    if (this.suppressed(ctx.threadId)) return;
    const s = this.o.surface;
    const ps = s.pointerSize;
    const stride = ps === 8 ? 64 : 32;
    const vec = args[1]!;
    const vlen = Math.min(args[2]!.toInt32(), MAX_IOV);
    if (vlen <= 0 || vec.isNull()) return;
    let dest: Peer | undefined;
    const name = s.readPointer(vec, 0);
    if (name !== null && !name.isNull()) {
      const raw = this.read(name, sockaddrReadLength(s.readU32(vec, ps)));
      const sa = raw === null ? null : parseSockaddr(raw);
      if (sa !== null && (sa.family === 'inet' || sa.family === 'inet6')) dest = { ip: sa.ip, port: sa.port };
    }
    let first: Uint8Array | null = null;
    let total = 0;
    for (let i = 0; i < vlen; i++) {
      const iov = s.readPointer(vec, i * stride + 2 * ps);
      if (iov === null) continue;
      const g = this.gather(iov, s.readSize(vec, i * stride + 3 * ps), first === null ? this.o.maxSample() : 0);
      if (first === null) first = g.bytes;
      total += g.total;
    }
    this.send(ctx, 'native.sendmmsg', 'libc.so!sendmmsg', fd, c, dest, first, total);
  }

  // ---- BoringSSL --------------------------------------------------------------------------

  private enterSsl(tid: number): void {
    this.sslDepth.set(tid, (this.sslDepth.get(tid) ?? 0) + 1);
  }

  private leaveSsl(tid: number): void {
    const n = (this.sslDepth.get(tid) ?? 1) - 1;
    if (n <= 0) this.sslDepth.delete(tid);
    else this.sslDepth.set(tid, n);
  }

  /** fd, peer and SNI host of an SSL*, through that libssl's own SSL_get_fd/SSL_get_servername. */
  private sslTarget(lib: string, ssl: PtrLike, d: Record<string, unknown>): void {
    const fns = this.sslFns.get(lib);
    if (fns === undefined) return;
    let fd = -1;
    try {
      if (fns.getFd !== null) fd = Number(fns.getFd(ssl));
    } catch {
      fd = -1;
    }
    if (fd < 0 && fns.getFd !== null) d.noFd = true;
    if (fd >= 0) {
      d.fd = fd;
      this.tlsFds.add(fd);
      const p = this.peer(fd);
      if (p !== undefined) {
        d.ip = p.ip;
        d.port = p.port;
      }
    }
    // Keyed by the SSL* alone and forgotten on SSL_free: the allocator hands a freed SSL's address
    // to the next SSL_new, which must not inherit the previous connection's host. Only names
    // actually read are cached (a failed or absent read is tried again on the next call).
    const key = sslKey(lib, ssl);
    let host = this.sni.get(key);
    if (host === undefined) {
      try {
        if (fns.servername !== null) {
          const ptr = fns.servername(ssl, 0) as PtrLike;
          if (ptr !== null && ptr !== undefined && !ptr.isNull()) host = this.o.surface.readCString(ptr, 256) ?? undefined;
        }
      } catch {
        host = undefined;
      }
      if (host !== undefined && host !== '') {
        if (this.sni.size >= MAX_SNI) this.sni.clear();
        this.sni.set(key, host);
      }
    }
    if (host !== undefined && host !== '') d.host = host;
  }

  onSslWrite(lib: ModuleRef, ctx: InvocationLike, args: PtrLike[]): void {
    this.enterSsl(ctx.threadId);
    this.o.countCall('native.SSL_write');
    if (this.o.netScope?.active(ctx.threadId) === true) return;
    const num = args[2]!.toInt32();
    if (num <= 0) return;
    const d: Record<string, unknown> = { layer: 'native', proto: 'tls', tls: true, op: 'send' };
    try {
      const m = this.o.surface.moduleOf(ctx.returnAddress);
      if (m !== null) d.module = m;
    } catch {
      // Unknown caller.
    }
    this.sslTarget(lib.path, args[0]!, d);
    this.addPayload(d, this.read(args[1], Math.min(num, this.o.maxSample())), num);
    const seq = this.emit('native.SSL_write', `${lib.path}!SSL_write`, d);
    // No fd: the record is written later by the SSL*'s owner (Conscrypt's engine socket writes it
    // through java.net.SocketOutputStream on this thread; a statically linked copy found by its
    // bytes has no SSL_get_fd to ask, and its owner writes the record itself); remember this send
    // to link it.
    const noFdFn = this.sslFns.get(lib.path)?.getFd === null;
    if ((d.noFd === true || (noFdFn && d.fd === undefined)) && seq !== null) this.o.tlsLink?.wrote(ctx.threadId, seq);
  }

  onSslRead(lib: ModuleRef, ctx: InvocationLike, args: PtrLike[]): void {
    this.enterSsl(ctx.threadId);
    ctx.sdktraceSsl = args[0];
    this.o.countCall('native.SSL_read');
  }

  onSslReadDone(lib: ModuleRef, ctx: InvocationLike, retval: PtrLike): void {
    const ssl = ctx.sdktraceSsl as PtrLike | undefined;
    const n = retval.toInt32();
    if (ssl === undefined || n <= 0 || this.o.netScope?.active(ctx.threadId) === true) return;
    const d: Record<string, unknown> = { layer: 'native', proto: 'tls', tls: true, op: 'recv', bytes: n };
    try {
      const m = this.o.surface.moduleOf(ctx.returnAddress);
      if (m !== null) d.module = m;
    } catch {
      // Unknown caller.
    }
    this.sslTarget(lib.path, ssl, d);
    this.emit('native.SSL_read', `${lib.path}!SSL_read`, d);
  }

  // ---- installation -----------------------------------------------------------------------

  private guarded(hook: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.o.onError(hook, e);
    }
  }

  /** Hooks libc (by module name) and every libssl.so mapped now or later. */
  install(): NativeInstallReport {
    const report: NativeInstallReport = { hooked: [], missing: [] };
    const s = this.o.surface;
    const mods = s.modules();
    const libc = mods.find((m) => m.name === 'libc.so');
    if (libc === undefined) report.missing.push('libc.so');
    else this.installLibc(libc, report);
    for (const m of mods) this.tlsLibrary(m, report);
    s.onModuleAdded((m) => {
      this.guarded('native.SSL_write', () => this.tlsLibrary(m, { hooked: [], missing: [] }));
    });
    return report;
  }

  /**
   * A module that carries BoringSSL/OpenSSL: libssl.so anywhere; any other module exporting
   * SSL_write (app-bundled copies under another name); or a module whose name has byte patterns
   * (statically linked builds without exports: libflutter.so, Cronet), scanned once when mapped.
   */
  private tlsLibrary(m: ModuleRef, report: NativeInstallReport): void {
    if (this.hookedSsl.has(m.path)) return;
    if (m.name === 'libc.so') return;
    if (isLibssl(m) || this.o.surface.findExport(m, 'SSL_write') !== null) {
      this.installSsl(m, report);
      return;
    }
    const pats = (this.o.tlsPatterns ?? []).filter((p) => p.module === m.name);
    if (pats.length === 0 || this.o.surface.scan === undefined) return;
    const found = (fn: 'SSL_write' | 'SSL_read'): unknown | null => {
      for (const p of pats) {
        for (const pattern of p[fn] ?? []) {
          const hits = this.o.surface.scan!(m, pattern);
          // One match identifies the function; several mean the pattern is not specific to this build.
          if (hits.length === 1) return hits[0]!;
        }
      }
      return null;
    };
    this.installSsl(m, report, { write: found('SSL_write'), read: found('SSL_read') });
  }

  private installLibc(libc: ModuleRef, report: NativeInstallReport): void {
    const s = this.o.surface;
    const net = this;
    const fd0 = (fn: (ctx: InvocationLike, args: PtrLike[]) => void, hook: string) =>
      function (this: InvocationLike, args: PtrLike[]): void {
        net.guarded(hook, () => fn.call(net, this, args));
      };
    const handlers: Record<Exclude<FilteredHook, 'close'>, (ctx: InvocationLike, args: PtrLike[]) => void> = {
      sendto: this.onSendto,
      write: this.onWrite,
      writev: this.onWritev,
      sendmsg: this.onSendmsg,
      sendmmsg: this.onSendmmsg,
    };
    const off = (sym: string) => this.o.disabled?.has(`native.${sym}`) === true;
    // connect() stays in JavaScript: it is not hot, and it is where sockets get marked.
    if (!off('connect')) {
      const addr = s.findExport(libc, 'connect');
      if (addr === null) report.missing.push('libc.so!connect');
      else {
        s.attach(addr, { onEnter: fd0(this.onConnect, 'native.connect') });
        report.hooked.push('libc.so!connect');
      }
    }
    const hot: { sym: FilteredHook; address: unknown; hook: number }[] = [];
    FILTERED_HOOKS.forEach((sym, hook) => {
      if (off(sym)) return;
      const addr = s.findExport(libc, sym);
      if (addr === null) report.missing.push(`libc.so!${sym}`);
      else hot.push({ sym, address: addr, hook });
    });
    const useFilter = this.o.disabled?.has(FD_FILTER_ID) !== true && s.attachFdFilter !== undefined;
    if (useFilter) {
      this.fds = s.attachFdFilter!(hot, (hook, ctx, args) => {
        const sym = FILTERED_HOOKS[hook];
        if (sym === undefined) return;
        if (sym === 'close') net.forget(args[0]!.toInt32());
        else net.guarded(`native.${sym}`, () => handlers[sym].call(net, ctx, args));
      });
    }
    if (this.fds !== null) {
      for (const h of hot) report.hooked.push(`libc.so!${h.sym}`);
      this.installMarkers(libc, report);
      this.scan();
    } else {
      for (const h of hot) {
        if (h.sym === 'close') {
          s.attach(h.address, {
            onEnter(args) {
              net.forget(args[0]!.toInt32());
            },
          });
        } else s.attach(h.address, { onEnter: fd0(handlers[h.sym], `native.${h.sym}`) });
        report.hooked.push(`libc.so!${h.sym}`);
      }
    }
    // Resolver answers: getaddrinfo(node, service, hints, res) and the platform's
    // android_getaddrinfofornet(node, service, hints, netid, mark, res).
    for (const [sym, resIndex] of [['getaddrinfo', 3], ['android_getaddrinfofornet', 5]] as const) {
      if (this.o.disabled?.has(`native.${sym}`) === true) continue;
      const addr = s.findExport(libc, sym);
      if (addr === null) {
        report.missing.push(`libc.so!${sym}`);
        continue;
      }
      s.attach(addr, {
        onEnter(args) {
          net.guarded(`native.${sym}`, () => net.dns.onEnter(this, args, resIndex));
        },
        onLeave(retval) {
          net.guarded(`native.${sym}`, () => net.dns.onLeave(this, retval));
        },
      });
      report.hooked.push(`libc.so!${sym}`);
    }
  }

  /** socket() and accept4() mark the sockets the pre-filter lets through (JavaScript: not hot). */
  private installMarkers(libc: ModuleRef, report: NativeInstallReport): void {
    const s = this.o.surface;
    const net = this;
    if (this.o.disabled?.has('native.socket') !== true) {
      const addr = s.findExport(libc, 'socket');
      if (addr === null) report.missing.push('libc.so!socket');
      else {
        s.attach(addr, {
          onEnter(args) {
            this.sdktraceDomain = args[0]!.toInt32();
          },
          onLeave(retval) {
            net.guarded('native.socket', () => net.onSocket(this.sdktraceDomain as number, retval.toInt32()));
          },
        });
        report.hooked.push('libc.so!socket');
      }
    }
    if (this.o.disabled?.has('native.accept4') !== true) {
      const addr = s.findExport(libc, 'accept4');
      if (addr === null) report.missing.push('libc.so!accept4');
      else {
        s.attach(addr, {
          onLeave(retval) {
            net.guarded('native.accept4', () => net.onAccept(retval.toInt32()));
          },
        });
        report.hooked.push('libc.so!accept4');
      }
    }
  }

  /** Sockets opened before the agent: marked once, at start. */
  private scan(): void {
    for (let fd = 0; fd < SCAN_FDS; fd++) {
      let t: string | null = null;
      try {
        t = this.o.surface.socketType(fd);
      } catch {
        t = null;
      }
      if (t === 'tcp' || t === 'tcp6' || t === 'udp' || t === 'udp6') this.refresh(fd);
    }
  }

  private installSsl(m: ModuleRef, report: NativeInstallReport, byPattern?: { write: unknown | null; read: unknown | null }): void {
    if (this.hookedSsl.has(m.path)) return;
    this.hookedSsl.add(m.path);
    const s = this.o.surface;
    const write = byPattern !== undefined ? byPattern.write : s.findExport(m, 'SSL_write');
    const read = byPattern !== undefined ? byPattern.read : s.findExport(m, 'SSL_read');
    const getFd = s.findExport(m, 'SSL_get_fd');
    const servername = s.findExport(m, 'SSL_get_servername');
    this.sslFns.set(m.path, {
      getFd: getFd === null ? null : (s.nativeFunction(getFd, 'int', ['pointer']) as (ssl: unknown) => unknown),
      servername: servername === null ? null : (s.nativeFunction(servername, 'pointer', ['pointer', 'int']) as (ssl: unknown, t: number) => unknown),
    });
    const net = this;
    const off = (id: string) => this.o.disabled?.has(id) === true;
    if (off('native.SSL_write')) {
      // Left out by configuration.
    } else if (write === null) report.missing.push(`${m.path}!SSL_write`);
    else {
      s.attach(write, {
        onEnter(args) {
          net.guarded('native.SSL_write', () => net.onSslWrite(m, this, args));
        },
        onLeave() {
          net.leaveSsl(this.threadId);
        },
      });
      report.hooked.push(`${m.path}!SSL_write`);
    }
    if (off('native.SSL_read')) {
      // Left out by configuration.
    } else if (read === null) report.missing.push(`${m.path}!SSL_read`);
    else {
      s.attach(read, {
        onEnter(args) {
          net.guarded('native.SSL_read', () => net.onSslRead(m, this, args));
        },
        onLeave(retval) {
          net.leaveSsl(this.threadId);
          net.guarded('native.SSL_read', () => net.onSslReadDone(m, this, retval));
        },
      });
      report.hooked.push(`${m.path}!SSL_read`);
    }
    const free = off('native.SSL_free') ? null : s.findExport(m, 'SSL_free');
    if (free !== null) {
      s.attach(free, {
        onEnter(args) {
          net.sni.delete(sslKey(m.path, args[0]));
        },
      });
      report.hooked.push(`${m.path}!SSL_free`);
    } else if (!off('native.SSL_free')) report.missing.push(`${m.path}!SSL_free`);
  }
}

function sslKey(lib: string, ssl: unknown): string {
  return `${lib}|${String(ssl)}`;
}

/** libssl.so wherever it is mapped (/system/lib64, /apex/com.android.conscrypt/lib64, app libs). */
export function isLibssl(m: ModuleRef): boolean {
  return m.name === 'libssl.so' || m.path.endsWith('/libssl.so');
}
