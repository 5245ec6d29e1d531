// Names for native connections: what libc's resolver answered, per process. Native code (an SDK's
// own .so, Cronet, Flutter's engine) resolves with getaddrinfo, and the platform's own lookups
// (InetAddress -> libjavacore's Linux_android_getaddrinfo) with android_getaddrinfofornet; the
// addresses in the answer are then what connect() and sendto() see. Keeping ip -> name from the
// answers lets a native connect carry the name the code asked for, instead of a bare IP.
//
// struct addrinfo as bionic declares it (libc/include/netdb.h, BSD order: ai_canonname before
// ai_addr): int ai_flags, ai_family, ai_socktype, ai_protocol; socklen_t ai_addrlen; char*
// ai_canonname; sockaddr* ai_addr; addrinfo* ai_next. LP64 offsets 0/4/8/12/16, 24, 32, 40;
// ILP32 0/4/8/12/16, 20, 24, 28.
import { parseSockaddr, sockaddrReadLength } from './sockaddr.js';
import type { GumSurface, InvocationLike, PtrLike } from './surface.js';

/** Names kept per process; the oldest goes first when full. */
const MAX_NAMES = 2048;
/** Answers walked per lookup (a list is rarely longer than a dozen). */
const MAX_ANSWERS = 32;
const MAX_NAME = 253;

export class NativeDns {
  private readonly names = new Map<string, string>();

  constructor(private readonly surface: GumSurface) {}

  /** The name an address was looked up by, when a lookup in this process answered it. */
  nameOf(ip: string): string | undefined {
    return this.names.get(ip);
  }

  /** getaddrinfo / android_getaddrinfofornet onEnter: node (arg 0) and the res out-pointer. */
  onEnter(ctx: InvocationLike, args: PtrLike[], resIndex: number): void {
    const node = args[0]!;
    if (node.isNull()) return;
    ctx.sdktraceNode = node;
    ctx.sdktraceRes = args[resIndex];
  }

  /** onLeave: 0 is success; then *res is the answer list. */
  onLeave(ctx: InvocationLike, retval: PtrLike): void {
    const nodePtr = ctx.sdktraceNode;
    const resPtr = ctx.sdktraceRes as PtrLike | undefined;
    if (nodePtr === undefined || resPtr === undefined || retval.toInt32() !== 0) return;
    const s = this.surface;
    // Read to the NUL (size -1), never a fixed size: the name may end right before an unmapped
    // page, and readUtf8String(size) reads `size` bytes (GumJS faults on the unreadable rest).
    const full = s.readCString(nodePtr, -1);
    const name = full === null ? null : full.slice(0, MAX_NAME);
    // A numeric node answers itself: nothing learnt.
    if (name === null || name === '' || /^[\d.]+$/.test(name) || name.includes(':')) return;
    const ps = s.pointerSize;
    const canonAt = ps === 8 ? 24 : 20;
    let ai = s.readPointer(resPtr, 0);
    for (let i = 0; i < MAX_ANSWERS && ai !== null && !ai.isNull(); i++) {
      const addrlen = s.readU32(ai, 16);
      const sa = s.readPointer(ai, canonAt + ps);
      if (sa !== null && !sa.isNull()) {
        const raw = s.readBytes(sa, sockaddrReadLength(addrlen));
        const p = raw === null ? null : parseSockaddr(raw);
        if (p !== null && (p.family === 'inet' || p.family === 'inet6')) this.remember(p.ip, name.toLowerCase());
      }
      ai = s.readPointer(ai, canonAt + 2 * ps);
    }
  }

  private remember(ip: string, name: string): void {
    if (this.names.has(ip)) this.names.delete(ip);
    else if (this.names.size >= MAX_NAMES) this.names.delete(this.names.keys().next().value as string);
    this.names.set(ip, name);
  }
}
