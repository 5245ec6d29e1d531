// struct sockaddr parsing (bionic, little-endian hosts): family u16 at 0 (AF_UNIX 1, AF_INET 2,
// AF_INET6 10), port big-endian u16 at 2, IPv4 address at 4, IPv6 address at 8 (sin6_flowinfo at
// 4). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d, what Java's dual-stack sockets use) come back as
// the IPv4 address, with `mapped` set.

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;

export type Sockaddr =
  | { family: 'inet' | 'inet6'; ip: string; port: number; mapped?: boolean }
  | { family: 'unix'; path: string }
  | { family: 'other'; code: number };

function ipv6(b: ArrayLike<number>, off: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((b[off + 2 * i]! & 0xff) << 8) | (b[off + 2 * i + 1]! & 0xff));
  // Longest run of zero groups (length >= 2) becomes '::' (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Parses the first `len` bytes of a sockaddr; null when too short for its family. */
export function parseSockaddr(b: ArrayLike<number>, len: number = b.length): Sockaddr | null {
  const n = Math.min(len, b.length);
  if (n < 2) return null;
  const family = (b[0]! & 0xff) | ((b[1]! & 0xff) << 8);
  if (family === AF_INET) {
    if (n < 8) return null;
    const port = ((b[2]! & 0xff) << 8) | (b[3]! & 0xff);
    return { family: 'inet', ip: `${b[4]! & 0xff}.${b[5]! & 0xff}.${b[6]! & 0xff}.${b[7]! & 0xff}`, port };
  }
  if (family === AF_INET6) {
    if (n < 24) return null;
    const port = ((b[2]! & 0xff) << 8) | (b[3]! & 0xff);
    let mapped = true;
    for (let i = 8; i < 18; i++) if ((b[i]! & 0xff) !== 0) mapped = false;
    if ((b[18]! & 0xff) !== 0xff || (b[19]! & 0xff) !== 0xff) mapped = false;
    if (mapped) return { family: 'inet6', ip: `${b[20]! & 0xff}.${b[21]! & 0xff}.${b[22]! & 0xff}.${b[23]! & 0xff}`, port, mapped: true };
    return { family: 'inet6', ip: ipv6(b, 8), port };
  }
  if (family === AF_UNIX) {
    let path = '';
    // Abstract sockets start with a NUL byte; shown with a leading '@' like `ss` does.
    const abstract = n > 2 && (b[2]! & 0xff) === 0;
    for (let i = abstract ? 3 : 2; i < n; i++) {
      const c = b[i]! & 0xff;
      if (c === 0 && !abstract) break;
      path += String.fromCharCode(c);
    }
    return { family: 'unix', path: abstract ? `@${path}` : path };
  }
  return { family: 'other', code: family };
}

/** Bytes to read for a sockaddr of `addrlen` (sockaddr_in6 is 28 bytes; unix paths are longer). */
export function sockaddrReadLength(addrlen: number): number {
  return Math.max(0, Math.min(addrlen, 110));
}
